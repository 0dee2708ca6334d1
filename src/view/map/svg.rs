//! A `MapScene` as one self-contained SVG: title, the counties filled (`fill-rule="evenodd"`,
//! so holes stay open and islands fill) with thin borders, payer → receiver arrows, county
//! labels with a white halo, a north arrow and a scale bar on the map, then the legend with
//! its swatches and the notes (schematic notice or source, data basis) under it.
//!
//! Text names the bundled CJK family first (`chart::render::SVG_FALLBACK_FONTS`), as the
//! charts do, so typst, resvg and browsers all find a Chinese font. The halo is a white-stroked
//! copy of each label under it (not `paint-order`, which not every SVG reader knows). Sizes are
//! pixels of a drawing `width` wide; the map takes the full width (the legend goes under it),
//! so it stays large when a report shrinks the figure to its text width.

use std::fmt::Write;

use super::geometry::text_ems;
use super::{Flow, MapScene, PlanePolygon, build::NOMINAL_PX};
use crate::i18n::{Lang, t};
use crate::view::chart::render::SVG_FALLBACK_FONTS;
use crate::view::chart::{INK, Rgb, WEAK};

/// Default drawing width (px): the map box is then the builder's nominal box, and labels have
/// the size they were placed at.
pub const DEFAULT_WIDTH: u32 = NOMINAL_PX.0 as u32 + 2 * PAD as u32;

const PAD: f64 = 16.0;
const TITLE_PX: f64 = 20.0;
const TEXT_PX: f64 = 13.0;
const NOTE_PX: f64 = 12.0;
const SWATCH: (f64, f64) = (24.0, 14.0);
/// Height of the strip under the map that holds the scale bar.
const SCALE_STRIP: f64 = 34.0;
const BORDER: Rgb = Rgb(90, 90, 90);
const FLOW_COLOR: Rgb = Rgb(40, 80, 160);

fn hex(c: Rgb) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

/// Text as XML character data or attribute value.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Where the map sits on the drawing: plane km → px.
#[derive(Debug, Clone, Copy)]
struct Frame {
    /// px per km.
    k: f64,
    /// px of the map's west and north edges.
    left: f64,
    top: f64,
    bounds: [f64; 4],
}

impl Frame {
    fn px(&self, p: [f64; 2]) -> (f64, f64) {
        (
            self.left + (p[0] - self.bounds[0]) * self.k,
            self.top + (self.bounds[3] - p[1]) * self.k,
        )
    }
}

/// The drawing's parts from top to bottom.
struct Layout {
    width: f64,
    frame: Frame,
    /// Top and height of the map box.
    map_top: f64,
    map_h: f64,
    /// Legend rows: (x, y) of each entry's swatch.
    legend_top: f64,
    entries: Vec<(f64, f64)>,
    notes_top: f64,
    notes: Vec<String>,
    height: f64,
}

fn layout(scene: &MapScene, width: u32) -> Layout {
    let width = f64::from(width.max(200));
    let b = scene.bounds;
    let (wk, hk) = ((b[2] - b[0]).max(1e-9), (b[3] - b[1]).max(1e-9));
    let box_w = width - 2.0 * PAD;
    // As the builder's nominal box (same aspect), scaled to this width.
    let box_h = box_w * NOMINAL_PX.1 / NOMINAL_PX.0;
    let k = (box_w / wk).min(box_h / hk);
    let map_top = PAD + TITLE_PX * 1.6;
    let map_h = hk * k + 2.0 * TEXT_PX;
    let frame = Frame {
        k,
        left: PAD + (box_w - wk * k) / 2.0,
        top: map_top + TEXT_PX,
        bounds: b,
    };
    let legend_top = map_top + map_h + SCALE_STRIP;
    let mut entries = Vec::new();
    let (mut x, mut y) = (PAD, legend_top + TEXT_PX * 1.8);
    for (_, text) in &scene.legend.entries {
        let w = SWATCH.0 + 6.0 + text_ems(text) * TEXT_PX + 20.0;
        if x > PAD && x + w > width - PAD {
            x = PAD;
            y += SWATCH.1 + 10.0;
        }
        entries.push((x, y));
        x += w;
    }
    let notes_top = y + SWATCH.1 + 16.0;
    let per_line = ((width - 2.0 * PAD) / NOTE_PX).max(10.0);
    let notes: Vec<String> = scene.notes.iter().flat_map(|n| wrap(n, per_line)).collect();
    let height = notes_top + notes.len() as f64 * NOTE_PX * 1.5 + PAD;
    Layout {
        width,
        frame,
        map_top,
        map_h,
        legend_top,
        entries,
        notes_top,
        notes,
        height,
    }
}

/// Splits a note into lines of at most `ems` ems (at spaces when there are any).
fn wrap(s: &str, ems: f64) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in s.split_inclusive(' ') {
        for ch in word.chars() {
            let cur = lines.last_mut().map_or(0.0, |l| text_ems(l));
            if cur + text_ems(&ch.to_string()) > ems {
                // Break at the last space of a Latin line, else here.
                let last = lines.pop().unwrap_or_default();
                match last.rfind(' ').filter(|i| *i > last.len() / 2) {
                    Some(i) => {
                        lines.push(last[..i].to_string());
                        lines.push(last[i + 1..].to_string());
                    }
                    None => {
                        lines.push(last);
                        lines.push(String::new());
                    }
                }
            }
            if let Some(l) = lines.last_mut() {
                l.push(ch);
            }
        }
    }
    lines.retain(|l| !l.trim().is_empty());
    lines
}

/// The drawing's size in px for `width`.
pub fn size(scene: &MapScene, width: u32) -> (u32, u32) {
    let l = layout(scene, width);
    (l.width as u32, l.height.ceil() as u32)
}

/// The map as an SVG document `width` px wide (height from the map's shape and its notes).
pub fn to_svg(scene: &MapScene, width: u32, lang: Lang) -> String {
    let l = layout(scene, width);
    let mut s = String::new();
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}"><g font-family="{font}"><rect width="{w}" height="{h}" fill="#ffffff"/>"##,
        w = l.width.round(),
        h = l.height.ceil(),
        font = SVG_FALLBACK_FONTS,
    );
    text(
        &mut s,
        (PAD, PAD + TITLE_PX),
        TITLE_PX,
        INK,
        "start",
        &scene.title,
        false,
    );
    areas(&mut s, scene, &l.frame);
    for f in &scene.flows {
        flow(&mut s, f, &l.frame, scene.label_size * l.frame.k);
    }
    labels(&mut s, scene, &l.frame);
    north_arrow(&mut s, (l.width - PAD - 14.0, l.map_top + 6.0), lang);
    scale_bar(&mut s, scene, &l);
    legend(&mut s, scene, &l);
    for (i, line) in l.notes.iter().enumerate() {
        let y = l.notes_top + NOTE_PX * (1.0 + 1.5 * i as f64);
        let color = if i == 0 { INK } else { WEAK };
        text(&mut s, (PAD, y), NOTE_PX, color, "start", line, false);
    }
    s.push_str("</g></svg>");
    s
}

fn text(s: &mut String, (x, y): (f64, f64), px: f64, c: Rgb, anchor: &str, t: &str, halo: bool) {
    if halo {
        let _ = write!(
            s,
            r##"<text x="{x:.1}" y="{y:.1}" font-size="{px:.1}" text-anchor="{anchor}" fill="#ffffff" stroke="#ffffff" stroke-width="{sw:.1}" stroke-linejoin="round">{t}</text>"##,
            sw = px * 0.25,
            t = escape(t)
        );
    }
    let _ = write!(
        s,
        r##"<text x="{x:.1}" y="{y:.1}" font-size="{px:.1}" text-anchor="{anchor}" fill="{c}">{t}</text>"##,
        c = hex(c),
        t = escape(t)
    );
}

/// Path data of polygons with holes (all rings; even-odd fill leaves the holes open).
fn path(polygons: &[PlanePolygon], f: &Frame) -> String {
    let mut d = String::new();
    for ring in polygons
        .iter()
        .flat_map(|p| std::iter::once(&p.exterior).chain(&p.holes))
    {
        for (i, p) in ring.iter().enumerate() {
            let (x, y) = f.px(*p);
            let _ = write!(d, "{}{x:.1} {y:.1}", if i == 0 { "M" } else { "L" });
        }
        d.push('Z');
    }
    d
}

fn areas(s: &mut String, scene: &MapScene, f: &Frame) {
    for a in &scene.areas {
        let _ = write!(
            s,
            r##"<path d="{d}" fill="{fill}" fill-rule="evenodd" stroke="{b}" stroke-width="0.7" stroke-linejoin="round"><title>{name}：{v}</title></path>"##,
            d = path(&a.polygons, f),
            fill = hex(a.fill),
            b = hex(BORDER),
            name = escape(&a.name),
            v = escape(&a.value_text),
        );
    }
}

fn labels(s: &mut String, scene: &MapScene, f: &Frame) {
    for a in &scene.areas {
        let Some(at) = a.label_at else { continue };
        let px = a.label_size * f.k;
        let (x, y) = f.px(at);
        // Centred on the point: the baseline sits about a third of the size below it.
        text(s, (x, y + px * 0.36), px, INK, "middle", &a.name, true);
    }
}

/// A payer → receiver arrow: a shaft of the flow's width and a head, stopping short of both
/// label points, with the amount at its middle.
fn flow(s: &mut String, fl: &Flow, f: &Frame, label_px: f64) {
    let (x0, y0) = f.px(fl.from_at);
    let (x1, y1) = f.px(fl.to_at);
    let (dx, dy) = (x1 - x0, y1 - y0);
    let len = (dx * dx + dy * dy).sqrt();
    if len < 1.0 {
        return;
    }
    let (ux, uy) = (dx / len, dy / len);
    // Stop short of both label points so the arrow does not cover the county names.
    let gap = (len * 0.2).min(label_px * 1.6);
    let head = (fl.width * 2.6).max(9.0);
    let (sx, sy) = (x0 + ux * gap, y0 + uy * gap);
    let (tx, ty) = (x1 - ux * gap, y1 - uy * gap);
    let (bx, by) = (tx - ux * head, ty - uy * head);
    let hw = (fl.width * 1.6).max(5.0);
    let c = hex(FLOW_COLOR);
    let _ = write!(
        s,
        r##"<g opacity="0.85"><line x1="{sx:.1}" y1="{sy:.1}" x2="{bx:.1}" y2="{by:.1}" stroke="{c}" stroke-width="{w:.1}"/><polygon points="{tx:.1},{ty:.1} {ax:.1},{ay:.1} {cx:.1},{cy:.1}" fill="{c}"/><title>{from} → {to}：{amount}</title></g>"##,
        w = fl.width,
        ax = bx - uy * hw,
        ay = by + ux * hw,
        cx = bx + uy * hw,
        cy = by - ux * hw,
        from = escape(&fl.from),
        to = escape(&fl.to),
        amount = escape(&fl.label),
    );
    let mid = ((sx + bx) / 2.0 - uy * 10.0, (sy + by) / 2.0 + ux * 10.0);
    text(s, mid, NOTE_PX, FLOW_COLOR, "middle", &fl.label, true);
}

fn north_arrow(s: &mut String, (x, y): (f64, f64), lang: Lang) {
    let _ = write!(
        s,
        r##"<polygon points="{x:.1},{y0:.1} {l:.1},{y1:.1} {x:.1},{y2:.1}" fill="{ink}"/><polygon points="{x:.1},{y0:.1} {r:.1},{y1:.1} {x:.1},{y2:.1}" fill="#ffffff" stroke="{ink}" stroke-width="1"/>"##,
        y0 = y + 16.0,
        y1 = y + 46.0,
        y2 = y + 38.0,
        l = x - 9.0,
        r = x + 9.0,
        ink = hex(INK),
    );
    text(
        s,
        (x, y + 12.0),
        TEXT_PX,
        INK,
        "middle",
        t(lang, "map_north"),
        true,
    );
}

fn scale_bar(s: &mut String, scene: &MapScene, l: &Layout) {
    let len = scene.scale_bar.km * l.frame.k;
    let (x, y) = (PAD, l.map_top + l.map_h + SCALE_STRIP - 12.0);
    let ink = hex(INK);
    let _ = write!(
        s,
        r##"<rect x="{x:.1}" y="{y0:.1}" width="{h:.1}" height="5" fill="{ink}"/><rect x="{x1:.1}" y="{y0:.1}" width="{h:.1}" height="5" fill="#ffffff" stroke="{ink}" stroke-width="1"/><rect x="{x:.1}" y="{y0:.1}" width="{len:.1}" height="5" fill="none" stroke="{ink}" stroke-width="1"/>"##,
        y0 = y - 5.0,
        h = len / 2.0,
        x1 = x + len / 2.0,
    );
    text(s, (x, y - 9.0), NOTE_PX, INK, "start", "0", false);
    text(
        s,
        (x + len, y - 9.0),
        NOTE_PX,
        INK,
        "middle",
        &scene.scale_bar.label,
        false,
    );
}

fn legend(s: &mut String, scene: &MapScene, l: &Layout) {
    text(
        s,
        (PAD, l.legend_top + TEXT_PX),
        TEXT_PX,
        INK,
        "start",
        &scene.legend.title,
        false,
    );
    for ((color, label), (x, y)) in scene.legend.entries.iter().zip(&l.entries) {
        let _ = write!(
            s,
            r##"<rect x="{x:.1}" y="{y:.1}" width="{w}" height="{h}" fill="{c}" stroke="{b}" stroke-width="0.7"/>"##,
            w = SWATCH.0,
            h = SWATCH.1,
            c = hex(*color),
            b = hex(BORDER),
        );
        let at = (x + SWATCH.0 + 6.0, y + SWATCH.1 - 2.0);
        text(s, at, TEXT_PX, INK, "start", label, false);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_wrap_at_the_width_and_text_is_escaped() {
        assert_eq!(
            wrap("示意图，边界不作为权属依据", 6.0),
            ["示意图，边界", "不作为权属依", "据"]
        );
        assert_eq!(wrap("Base map: a b", 100.0), ["Base map: a b"]);
        assert_eq!(wrap("aaaa bbbb cccc", 4.0), ["aaaa", "bbbb", "cccc"]);
        assert_eq!(escape("A&B <c> \"d\""), "A&amp;B &lt;c&gt; &quot;d&quot;");
    }
}
