//! SVG to PNG with resvg: the figures of the Word report (charts and maps arrive as SVG
//! documents) drawn as images a word processor shows.
//!
//! Text is set in the bundled CJK font (`fonts::CJK_FONT`); characters it lacks (a county named
//! with a character outside GB 2312) are drawn from the system font `fonts::fallback_for` finds.
//! White background, so the image reads the same on any page colour. Pure: SVG text in, PNG
//! bytes out.

use std::sync::{Arc, OnceLock};

use resvg::tiny_skia;
use resvg::usvg::{self, fontdb};

use super::render::ExportError;
use crate::fonts;

/// The font database with the bundled font only (built once).
fn bundled_db() -> Arc<fontdb::Database> {
    static DB: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = fontdb::Database::new();
        db.load_font_data(fonts::CJK_FONT.to_vec());
        db.set_sans_serif_family(fonts::CJK_FAMILY);
        Arc::new(db)
    })
    .clone()
}

/// `svg` drawn `width` pixels wide (height in proportion), as PNG bytes.
pub fn svg_to_png(svg: &str, width: u32) -> Result<Vec<u8>, ExportError> {
    svg_to_pixmap(svg, width)?
        .encode_png()
        .map_err(|e| ExportError::Encode(e.to_string()))
}

/// `svg` drawn `width` pixels wide (height in proportion) on white.
pub fn svg_to_pixmap(svg: &str, width: u32) -> Result<tiny_skia::Pixmap, ExportError> {
    let missing = fonts::not_in_bundled([fonts::svg_text(svg).as_str()]);
    let db = if missing.is_empty() {
        bundled_db()
    } else {
        let mut db = (*bundled_db()).clone();
        for f in fonts::fallback_for(&missing).fonts {
            db.load_font_data(f.data.as_ref().clone());
        }
        Arc::new(db)
    };
    let options = usvg::Options {
        font_family: fonts::CJK_FAMILY.to_string(),
        languages: vec!["zh-CN".into(), "en".into()],
        fontdb: db,
        ..Default::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| ExportError::Draw(e.to_string()))?;
    let size = tree.size();
    let scale = width as f32 / size.width().max(1.0);
    let height = (size.height() * scale).round().max(1.0) as u32;
    let mut pixmap =
        tiny_skia::Pixmap::new(width, height).ok_or(ExportError::Size(width, height))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    Ok(pixmap)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (width, height, RGB pixels) of an RGBA PNG.
    fn decode(png: &[u8]) -> (u32, u32, Vec<u8>) {
        let decoder = png::Decoder::new(std::io::Cursor::new(png));
        let mut reader = decoder.read_info().unwrap_or_else(|e| panic!("{e}"));
        let mut buf = vec![0; reader.output_buffer_size().unwrap_or_default()];
        let info = reader
            .next_frame(&mut buf)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(info.color_type, png::ColorType::Rgba);
        buf.truncate(info.buffer_size());
        let rgb = buf.chunks(4).flat_map(|p| [p[0], p[1], p[2]]).collect();
        (info.width, info.height, rgb)
    }

    const SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">
        <rect x="0" y="0" width="100" height="100" fill="#3c8c5a"/></svg>"##;

    #[test]
    fn draws_the_svg_scaled_to_the_width_on_white() {
        let (w, h, rgb) = decode(&svg_to_png(SVG, 400).expect("png"));
        assert_eq!((w, h), (400, 200));
        let px = |x: usize, y: usize| &rgb[(y * w as usize + x) * 3..][..3];
        assert_eq!(px(50, 50), &[0x3c, 0x8c, 0x5a]);
        assert_eq!(px(350, 50), &[255, 255, 255]);
    }

    #[test]
    fn text_is_drawn_with_the_bundled_font() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60"><text x="10" y="40" font-size="30" font-family="Noto Sans CJK SC">河区</text></svg>"#;
        let (_, _, rgb) = decode(&svg_to_png(svg, 200).expect("png"));
        assert!(rgb.iter().any(|v| *v < 100), "no ink: text not drawn");
    }
}
