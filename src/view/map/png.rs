//! A `MapScene` as PNG: the map's SVG (`svg`) rasterised with resvg at a given pixel width,
//! with the bundled CJK font (`crate::fonts::CJK_FONT`) as the only font, so the picture is the
//! same on every PC whatever fonts it has.

use std::sync::{Arc, OnceLock};

use resvg::tiny_skia;
use resvg::usvg;

use super::MapScene;
use super::svg;
use crate::i18n::Lang;
use crate::view::chart::render::{ExportError, FONT_FAMILY};

/// The font database every map PNG is drawn with: the bundled font, also as the sans-serif
/// family.
fn fonts() -> Arc<usvg::fontdb::Database> {
    static DB: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        db.load_font_data(crate::fonts::CJK_FONT.to_vec());
        db.set_sans_serif_family(FONT_FAMILY);
        Arc::new(db)
    })
    .clone()
}

/// Rasterises an SVG document to RGBA pixels `width` px wide (height in proportion).
pub fn rasterise(svg_text: &str, width: u32) -> Result<tiny_skia::Pixmap, ExportError> {
    let opt = usvg::Options {
        fontdb: fonts(),
        ..usvg::Options::default()
    };
    let tree =
        usvg::Tree::from_str(svg_text, &opt).map_err(|e| ExportError::Draw(e.to_string()))?;
    let size = tree.size();
    let k = f64::from(width) / f64::from(size.width());
    let height = (f64::from(size.height()) * k).ceil() as u32;
    if !(100..=8000).contains(&width) || !(50..=12000).contains(&height) {
        return Err(ExportError::Size(width, height));
    }
    let mut pixmap =
        tiny_skia::Pixmap::new(width, height).ok_or(ExportError::Size(width, height))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(k as f32, k as f32),
        &mut pixmap.as_mut(),
    );
    Ok(pixmap)
}

/// The map as PNG bytes, `width` px wide.
pub fn to_png(scene: &MapScene, width: u32, lang: Lang) -> Result<Vec<u8>, ExportError> {
    let svg = svg::to_svg(scene, svg::DEFAULT_WIDTH, lang);
    let pixmap = rasterise(&svg, width)?;
    // The background is opaque white, so premultiplied RGBA is plain RGBA: drop alpha.
    let rgb: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    let enc_err = |e: png::EncodingError| ExportError::Encode(e.to_string());
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(enc_err)?;
    writer.write_image_data(&rgb).map_err(enc_err)?;
    writer.finish().map_err(enc_err)?;
    Ok(out)
}
