//! The chart renderer: a `Chart` to SVG text or PNG bytes with plotters.
//!
//! Draws title and subtitle, axes titled with their units, legends, category labels, value
//! labels and the reference line. Pure functions: a chart and a size in, PNG bytes or SVG text
//! out; the caller writes the file (the report embeds the SVG). Text uses the bundled CJK font
//! (`fonts::CJK_FONT`), registered once under `FONT_FAMILY`, so Chinese renders in the PNG
//! without any system font; the SVG names the same family first, then common Chinese system
//! fonts as fallbacks. The PNG is drawn at twice its size, averaged down and encoded with the
//! `png` crate. Nothing here knows a GUI toolkit or computes a number of the accounts.

use std::sync::OnceLock;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontStyle, register_font};

use super::{
    BarRect, Bars, Chart, Panel, PanelKind, Pie, Rgb, Scatter, place_labels, tick_decimals,
    wrap_label,
};
use crate::fonts::CJK_FONT;
use crate::format;

/// Font family name the bundled CJK font is registered under.
pub const FONT_FAMILY: &str = "Noto Sans CJK SC";

/// Fallback families written into SVG files after the bundled one.
pub const SVG_FALLBACK_FONTS: &str = "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, SimHei, sans-serif";

/// Default export width (px).
pub const DEFAULT_WIDTH: u32 = 1400;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ExportError {
    #[error("内置字体无法加载 / the bundled font could not be loaded")]
    Font,
    #[error("绘图失败 / drawing failed: {0}")]
    Draw(String),
    #[error("PNG 编码失败 / PNG encoding failed: {0}")]
    Encode(String),
    #[error("图像尺寸无效 / invalid image size {0}×{1}")]
    Size(u32, u32),
}

fn draw_err<E: std::error::Error + Send + Sync>(e: DrawingAreaErrorKind<E>) -> ExportError {
    ExportError::Draw(e.to_string())
}

fn ensure_font() -> Result<(), ExportError> {
    static DONE: OnceLock<bool> = OnceLock::new();
    let ok = *DONE.get_or_init(|| {
        let main = register_font(FONT_FAMILY, FontStyle::Normal, CJK_FONT).is_ok();
        // Anything plotters draws with its default family uses the same font.
        let _ = register_font("sans-serif", FontStyle::Normal, CJK_FONT);
        main
    });
    if ok { Ok(()) } else { Err(ExportError::Font) }
}

/// A size that fits the chart: taller for long horizontal bar lists.
pub fn default_size(chart: &Chart) -> (u32, u32) {
    let rows = chart
        .panels
        .iter()
        .filter_map(|p| match &p.kind {
            PanelKind::Bars(b) if b.horizontal => Some(b.categories.len()),
            _ => None,
        })
        .max()
        .unwrap_or(0) as u32;
    let height = (220 + rows * 30).clamp(800, 4000);
    (DEFAULT_WIDTH, height)
}

/// Supersampling factor of the PNG (drawn larger, then averaged down: smooth edges).
const SUPERSAMPLE: u32 = 2;

fn check_size(w: u32, h: u32) -> Result<(), ExportError> {
    if (200..=8000).contains(&w) && (150..=8000).contains(&h) {
        Ok(())
    } else {
        Err(ExportError::Size(w, h))
    }
}

/// The chart as PNG bytes of `size` pixels.
pub fn to_png(chart: &Chart, size: (u32, u32)) -> Result<Vec<u8>, ExportError> {
    let (w, h) = size;
    check_size(w, h)?;
    ensure_font()?;
    // plotters' bitmap text has no font fallback: a name with a character outside the bundled
    // font ("浉河区") goes through the SVG and resvg, which draw it from a system font.
    let svg = to_svg(chart, size)?;
    let text = bitmap_text(&crate::fonts::svg_text(&svg));
    if !crate::fonts::not_in_bundled([text.as_str()]).is_empty() {
        let pixmap = super::raster::svg_to_pixmap(&svg, w)?;
        // Opaque (drawn on white): the same RGB PNG as the bitmap path.
        let rgb: Vec<u8> = pixmap
            .data()
            .chunks_exact(4)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect();
        return encode_png(&rgb, pixmap.width(), pixmap.height());
    }
    let k = SUPERSAMPLE;
    let (bw, bh) = (w * k, h * k);
    let mut buf = vec![255_u8; bw as usize * bh as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut buf, (bw, bh)).into_drawing_area();
        let ctx = Ctx {
            k: k as f64,
            tx: &bitmap_text,
            font_scale: FONT_SCALE,
            measure: 1.0,
        };
        draw(&root, chart, &ctx)?;
        root.present().map_err(draw_err)?;
    }
    let rgb = downsample(&buf, bw as usize, w as usize, h as usize, k as usize);
    encode_png(&rgb, w, h)
}

/// 8-bit RGB pixels as PNG bytes.
fn encode_png(rgb: &[u8], w: u32, h: u32) -> Result<Vec<u8>, ExportError> {
    let enc_err = |e: png::EncodingError| ExportError::Encode(e.to_string());
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(enc_err)?;
    writer.write_image_data(rgb).map_err(enc_err)?;
    writer.finish().map_err(enc_err)?;
    Ok(out)
}

/// Averages `k`×`k` blocks of an RGB buffer `bw` pixels wide.
fn downsample(buf: &[u8], bw: usize, w: usize, h: usize, k: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(w * h * 3);
    let n = (k * k) as u32;
    for y in 0..h {
        for x in 0..w {
            let mut acc = [0_u32; 3];
            for dy in 0..k {
                let row = (y * k + dy) * bw;
                for dx in 0..k {
                    let i = (row + x * k + dx) * 3;
                    for (a, v) in acc.iter_mut().zip(&buf[i..i + 3]) {
                        *a += u32::from(*v);
                    }
                }
            }
            out.extend(acc.iter().map(|a| ((a + n / 2) / n) as u8));
        }
    }
    out
}

/// The chart as an SVG document of `size` pixels.
pub fn to_svg(chart: &Chart, size: (u32, u32)) -> Result<String, ExportError> {
    let (w, h) = size;
    check_size(w, h)?;
    ensure_font()?;
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (w, h)).into_drawing_area();
        // SVG font-size is plotters' size ÷ 1.24 as a CSS em, larger than the bitmap glyph
        // scale (÷ 1.448 for this font): draw a little smaller and measure a little wider so
        // both files look alike and labels keep their room.
        let ctx = Ctx {
            k: 1.0,
            tx: &|s: &str| s.to_string(),
            font_scale: FONT_SCALE * SVG_EM / GLYPH_EM,
            measure: GLYPH_EM / SVG_EM,
        };
        draw(&root, chart, &ctx)?;
        root.present().map_err(draw_err)?;
    }
    Ok(out.replace(
        &format!("font-family=\"{FONT_FAMILY}\""),
        &format!("font-family=\"{SVG_FALLBACK_FONTS}\""),
    ))
}

/// The file formats of a chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Png,
    Svg,
}

impl Format {
    pub fn ext(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Svg => "svg",
        }
    }
}

/// The chart's file bytes in `format`.
pub fn to_bytes(chart: &Chart, format: Format, size: (u32, u32)) -> Result<Vec<u8>, ExportError> {
    match format {
        Format::Png => to_png(chart, size),
        Format::Svg => to_svg(chart, size).map(String::into_bytes),
    }
}

/// Text for the bitmap: characters the bundled GB 2312 subset lacks are spelled out
/// (superscript 8 → ^8, subscript 2 → 2) so nothing renders as a missing-glyph box.
fn bitmap_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_sup = false;
    for c in s.chars() {
        let sup = match c {
            '\u{2070}' => Some('0'),
            '\u{2075}' => Some('5'),
            '\u{2076}' => Some('6'),
            '\u{2077}' => Some('7'),
            '\u{2078}' => Some('8'),
            '\u{2079}' => Some('9'),
            '\u{2074}' if in_sup => Some('4'),
            _ => None,
        };
        if let Some(d) = sup {
            if !in_sup {
                out.push('^');
            }
            out.push(d);
            in_sup = true;
            continue;
        }
        in_sup = false;
        match c {
            '\u{2080}'..='\u{2089}' => {
                out.push(char::from(b'0' + (c as u32 - '\u{2080}' as u32) as u8))
            }
            '\u{71DA}' => out.push('?'),
            _ => out.push(c),
        }
    }
    out
}

/// Drawing context: pixel scale (supersampling), the text filter of the backend and how its
/// text size relates to the bundled font's metrics.
struct Ctx<'a> {
    k: f64,
    tx: &'a dyn Fn(&str) -> String,
    /// Font size passed to plotters per logical em.
    font_scale: f64,
    /// Rendered width ÷ width measured with the bundled font.
    measure: f64,
}

/// Font size passed to plotters for a glyph em of one logical pixel (bitmap).
const FONT_SCALE: f64 = 1.4;
/// Bundled font: glyph scale ÷ em (ascent − descent of Noto Sans CJK).
const GLYPH_EM: f64 = 1.448;
/// plotters' SVG backend writes font-size = size ÷ 1.24.
const SVG_EM: f64 = 1.24;

impl Ctx<'_> {
    /// Logical pixels → backend pixels.
    fn px(&self, v: f64) -> i32 {
        (v * self.k).round() as i32
    }

    fn upx(&self, v: f64) -> u32 {
        (v * self.k).round().max(0.0) as u32
    }

    /// Font whose em is about `size` logical pixels.
    fn font(&self, size: f64) -> FontDesc<'static> {
        (FONT_FAMILY, size * self.font_scale * self.k).into_font()
    }

    fn style(&self, size: f64, color: RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
        self.font(size).color(&color).pos(Pos::new(h, v))
    }

    fn tx(&self, s: &str) -> String {
        (self.tx)(s)
    }

    /// Width of `text` in logical pixels.
    fn text_width(&self, text: &str, size: f64) -> f64 {
        self.font(size)
            .box_size(text)
            .map_or(text.chars().count() as f64 * size, |(w, _)| {
                f64::from(w) * self.measure / self.k
            })
    }

    fn text<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        text: &str,
        style: &TextStyle<'_>,
        at: (i32, i32),
    ) -> Result<(), ExportError>
    where
        DB::ErrorType: 'static,
    {
        root.draw_text(&self.tx(text), style, at).map_err(draw_err)
    }
}

trait IntoF32 {
    fn into_f32(self) -> (f32, f32);
}

impl IntoF32 for (i32, i32) {
    fn into_f32(self) -> (f32, f32) {
        (self.0 as f32, self.1 as f32)
    }
}

const fn rgb(c: Rgb) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

const INK: RGBColor = rgb(super::INK);
const WEAK: RGBColor = rgb(super::WEAK);
const GRID: RGBColor = rgb(super::GRID);
const REFERENCE: RGBColor = rgb(super::REFERENCE);

fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &Chart,
    c: &Ctx<'_>,
) -> Result<(), ExportError>
where
    DB::ErrorType: 'static,
{
    root.fill(&WHITE).map_err(draw_err)?;
    let (w, _) = root.dim_in_pixel();
    let cx = w as i32 / 2;
    c.text(
        root,
        &chart.title,
        &c.style(24.0, INK, HPos::Center, VPos::Top),
        (cx, c.px(16.0)),
    )?;
    let mut top = 56.0;
    if !chart.subtitle.is_empty() {
        c.text(
            root,
            &chart.subtitle,
            &c.style(15.0, WEAK, HPos::Center, VPos::Top),
            (cx, c.px(top)),
        )?;
        top += 28.0;
    }
    let body = root.margin(c.px(top + 6.0), c.px(12.0), c.px(12.0), c.px(12.0));
    let n = chart.panels.len().max(1);
    for (area, panel) in body.split_evenly((1, n)).iter().zip(&chart.panels) {
        draw_panel(root, area, panel, c)?;
    }
    Ok(())
}

fn draw_panel<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    area: &DrawingArea<DB, Shift>,
    panel: &Panel,
    c: &Ctx<'_>,
) -> Result<(), ExportError>
where
    DB::ErrorType: 'static,
{
    let area = if panel.title.is_empty() {
        area.clone()
    } else {
        let (x0, y0) = area.get_base_pixel();
        let (w, _) = area.dim_in_pixel();
        c.text(
            root,
            &panel.title,
            &c.style(17.0, INK, HPos::Center, VPos::Top),
            (x0 + w as i32 / 2, y0),
        )?;
        area.margin(c.px(32.0), 0, 0, 0)
    };
    match &panel.kind {
        PanelKind::Bars(b) => {
            let g = b.geometry();
            draw_bars(
                root,
                &area,
                b,
                Placed {
                    geometry: &g,
                    range: super::range_of(&g),
                    legend: true,
                },
                c,
            )
        }
        PanelKind::Floating(f) => {
            let g = f.geometry();
            draw_bars(
                root,
                &area,
                &f.bars,
                Placed {
                    geometry: &g,
                    range: f.value_range(),
                    legend: false,
                },
                c,
            )
        }
        PanelKind::Pie(p) => draw_pie(root, &area, p, c),
        PanelKind::Scatter(s) => draw_scatter(root, &area, s, c),
    }
}

/// Legend entries (swatch + name) in centred rows at the top of `area`; returns the height
/// used (logical pixels).
fn draw_legend<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    area: &DrawingArea<DB, Shift>,
    entries: &[(String, Rgb)],
    c: &Ctx<'_>,
) -> Result<f64, ExportError>
where
    DB::ErrorType: 'static,
{
    if entries.len() < 2 {
        return Ok(0.0);
    }
    let size = 14.0;
    let (x0, y0) = area.get_base_pixel();
    let w = f64::from(area.dim_in_pixel().0) / c.k;
    let widths: Vec<f64> = entries
        .iter()
        .map(|(name, _)| 22.0 + c.text_width(&c.tx(name), size) + 24.0)
        .collect();
    let mut lines: Vec<Vec<usize>> = vec![vec![]];
    let mut used = 0.0;
    for (i, wi) in widths.iter().enumerate() {
        if used + wi > w && lines.last().is_some_and(|l| !l.is_empty()) {
            lines.push(vec![]);
            used = 0.0;
        }
        if let Some(l) = lines.last_mut() {
            l.push(i);
        }
        used += wi;
    }
    let line_h = 26.0;
    for (li, line) in lines.iter().enumerate() {
        let total: f64 = line.iter().map(|&i| widths[i]).sum();
        let mut x = (w - total) / 2.0;
        let y = y0 + c.px(li as f64 * line_h + line_h / 2.0);
        for &i in line {
            let (name, color) = &entries[i];
            let xs = x0 + c.px(x);
            root.draw(&Rectangle::new(
                [(xs, y - c.px(7.0)), (xs + c.px(14.0), y + c.px(7.0))],
                rgb(*color).filled(),
            ))
            .map_err(draw_err)?;
            c.text(
                root,
                name,
                &c.style(size, INK, HPos::Left, VPos::Center),
                (xs + c.px(22.0), y),
            )?;
            x += widths[i];
        }
    }
    Ok(lines.len() as f64 * line_h + 6.0)
}

/// Which way bars run: along the value axis horizontally (categories down the left) or
/// vertically (categories along the bottom). One drawing routine serves both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Orientation {
    Horizontal,
    Vertical,
}

impl Orientation {
    fn of(b: &Bars) -> Orientation {
        if b.horizontal {
            Orientation::Horizontal
        } else {
            Orientation::Vertical
        }
    }

    /// The plot point of a position on the category axis and a value.
    fn point(self, along: f64, value: f64) -> (f64, f64) {
        match self {
            Orientation::Horizontal => (value, along),
            Orientation::Vertical => (along, value),
        }
    }
}

/// Text size of category names and of the value labels at the bar ends.
const CATEGORY_SIZE: f64 = 13.0;
const BAR_LABEL_SIZE: f64 = 12.5;

/// Where a bar panel's parts go (logical pixels and values).
struct BarLayout {
    /// Category names as drawn (wrapped in two lines under vertical bars).
    names: Vec<String>,
    /// Label areas below the x axis and left of the y axis.
    x_area: f64,
    y_area: f64,
    /// The value axis' range, with room for the value labels.
    v_lo: f64,
    v_hi: f64,
    span: f64,
}

fn bar_layout(
    b: &Bars,
    (lo, hi): (f64, f64),
    o: Orientation,
    (aw, ah): (f64, f64),
    c: &Ctx<'_>,
) -> BarLayout {
    let horizontal = o == Orientation::Horizontal;
    let span = if hi > lo { hi - lo } else { 1.0 };
    let names: Vec<String> = if horizontal {
        b.categories.clone()
    } else {
        b.categories.iter().map(|s| wrap_label(s, 10)).collect()
    };
    let name_w = names
        .iter()
        .flat_map(|l| l.lines())
        .map(|l| c.text_width(&c.tx(l), CATEGORY_SIZE))
        .fold(0.0, f64::max);
    let label_w = b
        .labels
        .iter()
        .map(|l| c.text_width(&c.tx(l), BAR_LABEL_SIZE))
        .fold(0.0, f64::max);
    let desc_room = if horizontal && b.category_axis.is_empty() {
        0.0
    } else {
        34.0
    };
    let (x_area, y_area) = if horizontal {
        (56.0, (name_w + 16.0 + desc_room).min(aw * 0.45))
    } else {
        let lines = names.iter().map(|l| l.lines().count()).max().unwrap_or(1) as f64;
        (lines * 20.0 + 14.0 + 34.0, 100.0)
    };
    // Room at the bar ends for the value labels.
    let plot_px = if horizontal {
        (aw - y_area - 32.0).max(100.0)
    } else {
        (ah - x_area - 16.0).max(100.0)
    };
    let room = if b.labels.iter().any(|l| !l.is_empty()) {
        let px = if horizontal { label_w + 12.0 } else { 24.0 };
        px / (plot_px - px).max(40.0) * span
    } else {
        0.0
    };
    let v_lo = if lo < 0.0 {
        lo - room - span * 0.02
    } else {
        lo
    };
    let v_hi = if hi > 0.0 || lo >= 0.0 {
        hi + room + span * 0.04
    } else {
        hi
    };
    BarLayout {
        names,
        x_area,
        y_area,
        v_lo,
        v_hi,
        span,
    }
}

/// Where `draw_bars` puts the bars: their geometry, the value range it spans, and whether a
/// legend names the series (a waterfall's categories name its bars).
struct Placed<'a> {
    geometry: &'a [Vec<Option<BarRect>>],
    range: (f64, f64),
    legend: bool,
}

fn draw_bars<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    area: &DrawingArea<DB, Shift>,
    b: &Bars,
    placed: Placed<'_>,
    c: &Ctx<'_>,
) -> Result<(), ExportError>
where
    DB::ErrorType: 'static,
{
    let n = b.categories.len();
    if n == 0 {
        return Ok(());
    }
    let entries: Vec<(String, Rgb)> = b.series.iter().map(|s| (s.name.clone(), s.color)).collect();
    let Placed {
        geometry,
        range,
        legend,
    } = placed;
    let legend_h = if legend {
        draw_legend(root, area, &entries, c)?
    } else {
        0.0
    };
    let area = area.margin(c.px(legend_h), 0, 0, 0);
    let (aw, ah) = area.dim_in_pixel();
    let o = Orientation::of(b);
    let l = bar_layout(b, range, o, (f64::from(aw) / c.k, f64::from(ah) / c.k), c);
    let c_range = -0.6..(n as f64 - 0.4);
    let val_fmt = |v: &f64| format::num(*v, tick_decimals(l.span / 8.0));

    let mut builder = ChartBuilder::on(&area);
    builder
        .margin(c.upx(8.0))
        .margin_right(c.upx(24.0))
        .x_label_area_size(c.upx(l.x_area))
        .y_label_area_size(c.upx(l.y_area));
    let (x_range, y_range) = match o {
        Orientation::Horizontal => (l.v_lo..l.v_hi, c_range),
        Orientation::Vertical => (c_range, l.v_lo..l.v_hi),
    };
    let mut chart = builder
        .build_cartesian_2d(x_range, y_range)
        .map_err(draw_err)?;
    let (value_desc, category_desc) = (c.tx(&b.value_axis), c.tx(&b.category_axis));
    let mut mesh = chart.configure_mesh();
    match o {
        Orientation::Horizontal => mesh
            .disable_y_mesh()
            .y_labels(0)
            .x_labels(8)
            .x_label_formatter(&val_fmt)
            .x_desc(value_desc)
            .y_desc(category_desc),
        Orientation::Vertical => mesh
            .disable_x_mesh()
            .x_labels(0)
            .y_labels(8)
            .y_label_formatter(&val_fmt)
            .y_desc(value_desc)
            .x_desc(category_desc),
    };
    mesh.label_style(c.font(13.0).color(&INK))
        .axis_desc_style(c.font(14.0).color(&INK))
        .light_line_style(WHITE)
        .bold_line_style(GRID.stroke_width(c.upx(1.0)))
        .axis_style(INK.stroke_width(c.upx(1.0)))
        .set_all_tick_mark_size(c.px(4.0))
        .draw()
        .map_err(draw_err)?;
    for (j, s) in b.series.iter().enumerate() {
        let fill = rgb(s.color).filled();
        let line = rgb(s.color.darker()).stroke_width(c.upx(1.0));
        chart
            .draw_series(geometry[j].iter().flatten().flat_map(|&(at, w, a, z)| {
                let corners = [o.point(at - w / 2.0, a), o.point(at + w / 2.0, z)];
                [Rectangle::new(corners, fill), Rectangle::new(corners, line)]
            }))
            .map_err(draw_err)?;
    }
    let at = |along: f64, value: f64| chart.backend_coord(&o.point(along, value));
    for (i, name) in l.names.iter().enumerate() {
        let (px, py) = at(b.position(i), l.v_lo);
        match o {
            Orientation::Horizontal => c.text(
                root,
                name,
                &c.style(CATEGORY_SIZE, INK, HPos::Right, VPos::Center),
                (px - c.px(8.0), py),
            )?,
            Orientation::Vertical => {
                for (k, line) in name.lines().enumerate() {
                    c.text(
                        root,
                        line,
                        &c.style(CATEGORY_SIZE, INK, HPos::Center, VPos::Top),
                        (px, py + c.px(8.0 + k as f64 * 19.0)),
                    )?;
                }
            }
        }
    }
    for (i, label) in b.labels.iter().enumerate().filter(|(_, l)| !l.is_empty()) {
        let end = bar_end(geometry, i);
        let (px, py) = at(b.position(i), end);
        // Beyond the bar's end: right of (left of) horizontal bars, above (below) vertical ones.
        let (h, v, shift) = match (o, end < 0.0) {
            (Orientation::Horizontal, true) => (HPos::Right, VPos::Center, (-c.px(6.0), 0)),
            (Orientation::Horizontal, false) => (HPos::Left, VPos::Center, (c.px(6.0), 0)),
            (Orientation::Vertical, true) => (HPos::Center, VPos::Top, (0, c.px(4.0))),
            (Orientation::Vertical, false) => (HPos::Center, VPos::Bottom, (0, -c.px(4.0))),
        };
        c.text(
            root,
            label,
            &c.style(BAR_LABEL_SIZE, INK, h, v),
            (px + shift.0, py + shift.1),
        )?;
    }
    Ok(())
}

/// The far end of category `i`'s bars (largest magnitude).
fn bar_end(geometry: &[Vec<Option<BarRect>>], i: usize) -> f64 {
    geometry
        .iter()
        .filter_map(|s| s.get(i).copied().flatten())
        .map(|(_, _, a, b)| if b > 0.0 { b } else { a })
        .fold(0.0_f64, |m, v| if v.abs() > m.abs() { v } else { m })
}

fn draw_pie<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    area: &DrawingArea<DB, Shift>,
    p: &Pie,
    c: &Ctx<'_>,
) -> Result<(), ExportError>
where
    DB::ErrorType: 'static,
{
    let (x0, y0) = area.get_base_pixel();
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (f64::from(w) / c.k, f64::from(h) / c.k);
    let shares = p.shares();
    let legend_size = 14.0;
    let legend_rows: Vec<String> = shares
        .iter()
        .map(|(i, share)| {
            let s = &p.slices[*i];
            format!(
                "{}  {} {}  ({:.1}%)",
                s.name,
                format::num(s.value, p.decimals),
                p.unit,
                share * 100.0
            )
        })
        .collect();
    let legend_w = legend_rows
        .iter()
        .map(|r| c.text_width(&c.tx(r), legend_size) + 26.0)
        .fold(0.0, f64::max);
    let r_out = (h * 0.5 - 30.0)
        .min((w - legend_w - 120.0) * 0.5)
        .min(w * 0.3)
        .max(50.0);
    let r_in = r_out * 0.56;
    // Centre the donut and legend together.
    let block = 2.0 * r_out + 50.0 + legend_w;
    let left = ((w - block) * 0.5).max(10.0);
    let center = (left + r_out, h * 0.5);
    let at = |r: f64, turn: f64| {
        let a = turn * std::f64::consts::TAU;
        (
            x0 + c.px(center.0 + r * a.sin()),
            y0 + c.px(center.1 - r * a.cos()),
        )
    };
    let mut start = 0.0;
    for (i, share) in &shares {
        let steps = ((share * 360.0).ceil() as usize).max(2);
        let mut pts: Vec<(i32, i32)> = (0..=steps)
            .map(|k| at(r_out, start + share * k as f64 / steps as f64))
            .collect();
        pts.extend(
            (0..=steps)
                .rev()
                .map(|k| at(r_in, start + share * k as f64 / steps as f64)),
        );
        root.draw(&Polygon::new(pts, rgb(p.slices[*i].color).filled()))
            .map_err(draw_err)?;
        start += share;
    }
    if shares.len() > 1 {
        let mut start = 0.0;
        for (_, share) in &shares {
            root.draw(&PathElement::new(
                vec![at(r_in - 1.0, start), at(r_out + 1.0, start)],
                WHITE.stroke_width(c.upx(2.0)),
            ))
            .map_err(draw_err)?;
            start += share;
        }
    }
    // Shares printed on slices large enough to hold them.
    let mut start = 0.0;
    for (_, share) in &shares {
        if *share >= 0.04 {
            c.text(
                root,
                &format!("{:.1}%", share * 100.0),
                &c.style(13.0, WHITE, HPos::Center, VPos::Center),
                at((r_in + r_out) * 0.5, start + share * 0.5),
            )?;
        }
        start += share;
    }
    let (cx, cy) = (x0 + c.px(center.0), y0 + c.px(center.1));
    c.text(
        root,
        &p.center_label,
        &c.style(14.0, WEAK, HPos::Center, VPos::Bottom),
        (cx, cy - c.px(3.0)),
    )?;
    c.text(
        root,
        &p.center_value,
        &c.style(15.0, INK, HPos::Center, VPos::Top),
        (cx, cy + c.px(3.0)),
    )?;
    let lx = center.0 + r_out + 50.0;
    let row = 28.0;
    let ly = (center.1 - row * shares.len() as f64 / 2.0).max(4.0);
    for (k, ((i, _), text)) in shares.iter().zip(&legend_rows).enumerate() {
        let s = &p.slices[*i];
        let y = y0 + c.px(ly + k as f64 * row + row / 2.0);
        let x = x0 + c.px(lx);
        root.draw(&Rectangle::new(
            [(x, y - c.px(8.0)), (x + c.px(16.0), y + c.px(8.0))],
            rgb(s.color).filled(),
        ))
        .map_err(draw_err)?;
        c.text(
            root,
            text,
            &c.style(legend_size, INK, HPos::Left, VPos::Center),
            (x + c.px(26.0), y),
        )?;
    }
    if !p.note.is_empty() {
        c.text(
            root,
            &p.note,
            &c.style(13.0, WEAK, HPos::Center, VPos::Bottom),
            (x0 + c.px(w * 0.5), y0 + c.px(h - 4.0)),
        )?;
    }
    Ok(())
}

fn draw_scatter<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    area: &DrawingArea<DB, Shift>,
    s: &Scatter,
    c: &Ctx<'_>,
) -> Result<(), ExportError>
where
    DB::ErrorType: 'static,
{
    let max_x = s.points.iter().map(|p| p.x).fold(0.0_f64, f64::max);
    let max_y = s.points.iter().map(|p| p.y).fold(0.0_f64, f64::max);
    let (x_hi, y_hi) = (
        if max_x > 0.0 { max_x * 1.18 } else { 1.0 },
        if max_y > 0.0 { max_y * 1.1 } else { 1.0 },
    );
    let fx = |v: &f64| format::num(*v, tick_decimals(x_hi / 8.0));
    let fy = |v: &f64| format::num(*v, tick_decimals(y_hi / 8.0));
    let y_tick_w = c.text_width(&fy(&y_hi), 12.0);
    let mut chart = ChartBuilder::on(area)
        .margin(c.upx(8.0))
        .margin_right(c.upx(24.0))
        .x_label_area_size(c.upx(60.0))
        .y_label_area_size(c.upx(y_tick_w + 50.0))
        .build_cartesian_2d(0.0..x_hi, 0.0..y_hi)
        .map_err(draw_err)?;
    chart
        .configure_mesh()
        .x_labels(8)
        .y_labels(8)
        .x_label_formatter(&fx)
        .y_label_formatter(&fy)
        .x_desc(c.tx(&s.x_axis))
        .y_desc(c.tx(&s.y_axis))
        .label_style(c.font(13.0).color(&INK))
        .axis_desc_style(c.font(14.0).color(&INK))
        .light_line_style(WHITE)
        .bold_line_style(GRID.stroke_width(c.upx(1.0)))
        .axis_style(INK.stroke_width(c.upx(1.0)))
        .set_all_tick_mark_size(c.px(4.0))
        .draw()
        .map_err(draw_err)?;
    if let Some((k, label)) = &s.reference
        && *k > 0.0
    {
        let x_end = x_hi.min(y_hi / k);
        chart
            .draw_series(DashedLineSeries::new(
                [(0.0, 0.0), (x_end, k * x_end)],
                c.upx(8.0),
                c.upx(6.0),
                REFERENCE.stroke_width(c.upx(2.0)),
            ))
            .map_err(draw_err)?;
        let (px, py) = chart.backend_coord(&(x_end, k * x_end));
        // At the top edge the label goes right of the line's end, at the right edge above-left.
        let (h, v, at) = if k * x_end >= y_hi * 0.999 {
            (HPos::Left, VPos::Top, (px + c.px(8.0), py + c.px(2.0)))
        } else {
            (HPos::Right, VPos::Bottom, (px - c.px(10.0), py - c.px(6.0)))
        };
        c.text(root, label, &c.style(12.5, WEAK, h, v), at)?;
    }
    chart
        .draw_series(
            s.points
                .iter()
                .map(|p| Circle::new((p.x, p.y), c.upx(6.0), rgb(s.color).filled())),
        )
        .map_err(draw_err)?;
    let label_size = 13.0;
    let screen: Vec<(f32, f32)> = s
        .points
        .iter()
        .map(|p| {
            let (x, y) = chart.backend_coord(&(p.x, p.y));
            (x as f32, y as f32)
        })
        .collect();
    let sizes: Vec<(f32, f32)> = s
        .points
        .iter()
        .map(|p| {
            (
                (c.text_width(&c.tx(&p.label), label_size) * c.k) as f32,
                (label_size * 1.3 * c.k) as f32,
            )
        })
        .collect();
    let r = (6.0 * c.k) as f32;
    let sides = place_labels(&screen, &sizes, r);
    for ((p, side), size) in s.points.iter().zip(&sides).zip(&sizes) {
        let (x0, y0, _, _) = side.rect(chart.backend_coord(&(p.x, p.y)).into_f32(), *size, r);
        c.text(
            root,
            &p.label,
            &c.style(label_size, INK, HPos::Left, VPos::Top),
            (x0.round() as i32, y0.round() as i32),
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
