//! The chart model: a format-neutral description of a chart (`Chart` with its panels of bars,
//! a donut or labelled points), its geometry (where each bar sits, where each point's label
//! goes), number decimals for axes, and the one palette every chart uses.
//!
//! Builders (`build`) fill a `Chart` from the accounts; the plotters renderer (`render`) draws
//! it to SVG or PNG for files and reports, and the desktop app draws the same `Chart` on screen
//! (converting `Rgb` to its own colour type at its edge). Nothing here computes an accounting
//! number or names a GUI toolkit: values arrive already taken from the accounts and converted
//! to display units.

pub mod build;
pub mod raster;
pub mod render;

use crate::engine::compensation::PriorityClass;
use crate::i18n::Lang;
use crate::registry::Category;

// ---------------------------------------------------------------------------------------------
// Colours: the one palette
// ---------------------------------------------------------------------------------------------

/// A plain sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    pub const fn new(r: u8, g: u8, b: u8) -> Rgb {
        Rgb(r, g, b)
    }

    /// The outline shade of a filled shape (70 % of each channel).
    pub fn darker(self) -> Rgb {
        Rgb(
            (self.0 as f32 * 0.7) as u8,
            (self.1 as f32 * 0.7) as u8,
            (self.2 as f32 * 0.7) as u8,
        )
    }
}

/// Category colours, fixed so every chart and report agrees.
pub fn category_color(c: Category) -> Rgb {
    match c {
        Category::Material => Rgb(214, 150, 50),
        Category::Regulating => Rgb(60, 140, 90),
        Category::Cultural => Rgb(80, 120, 200),
    }
}

/// Colour of memo items (computed, outside the framework's GEP).
pub const MEMO_COLOR: Rgb = Rgb(150, 150, 150);

/// A qualitative palette for charts with many series or slices.
pub const PALETTE: [Rgb; 12] = [
    Rgb(60, 140, 90),
    Rgb(80, 120, 200),
    Rgb(214, 150, 50),
    Rgb(190, 80, 70),
    Rgb(130, 100, 180),
    Rgb(60, 170, 180),
    Rgb(200, 120, 160),
    Rgb(120, 160, 60),
    Rgb(150, 110, 80),
    Rgb(90, 90, 140),
    Rgb(220, 180, 60),
    Rgb(100, 150, 210),
];

/// The GEP series and single-measure rankings in reports.
pub const GREEN: Rgb = PALETTE[0];
/// The ESV series beside GEP in reports.
pub const BLUE: Rgb = PALETTE[1];

/// Compensation received (green) and paid (red), on the page and in reports.
pub const RECEIVE_COLOR: Rgb = Rgb(46, 139, 87);
pub const PAY_COLOR: Rgb = Rgb(196, 78, 62);

/// Priority-class colours of the ECPS ranking: priority, secondary, potential.
pub fn class_color(c: PriorityClass) -> Rgb {
    match c {
        PriorityClass::Priority => Rgb(46, 139, 87),
        PriorityClass::Secondary => Rgb(120, 170, 80),
        PriorityClass::Potential => Rgb(200, 180, 90),
    }
}

/// Paper colours of exported charts: text, secondary text, grid lines, the reference line.
pub const INK: Rgb = Rgb(30, 30, 30);
pub const WEAK: Rgb = Rgb(100, 100, 100);
pub const GRID: Rgb = Rgb(225, 225, 225);
pub const REFERENCE: Rgb = Rgb(140, 140, 140);
pub const WHITE: Rgb = Rgb(255, 255, 255);

/// County short name in the display language.
pub fn county_label(name_zh: &str, name_en: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => name_zh.to_string(),
        Lang::En if name_en.is_empty() => name_zh.to_string(),
        Lang::En => name_en.to_string(),
    }
}

// ---------------------------------------------------------------------------------------------
// The chart description
// ---------------------------------------------------------------------------------------------

/// One chart: a title, a subtitle (year, prices, unit) and one or more panels side by side.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub title: String,
    pub subtitle: String,
    pub panels: Vec<Panel>,
    /// Suggested file name without extension (ASCII).
    pub file_stem: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    /// Panel heading (may be empty when the chart has one panel).
    pub title: String,
    pub kind: PanelKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PanelKind {
    Bars(Bars),
    Pie(Pie),
    Scatter(Scatter),
    /// Bars that float between two ends (a waterfall: `view::decompose`).
    Floating(FloatingBars),
}

/// Bars with one bar per category standing between given ends instead of on 0 (a waterfall).
/// `bars` holds the names, colours (one series per kind of bar), the signed amounts, labels and
/// axes; `ends[i]` the lower and upper end of category `i`'s bar.
#[derive(Debug, Clone, PartialEq)]
pub struct FloatingBars {
    pub bars: Bars,
    pub ends: Vec<(f64, f64)>,
}

impl FloatingBars {
    /// Where each bar sits (as `Bars::geometry`): one bar per category, between its ends.
    pub fn geometry(&self) -> Vec<Vec<Option<BarRect>>> {
        let b = &self.bars;
        b.series
            .iter()
            .map(|s| {
                (0..b.categories.len())
                    .map(|i| {
                        s.values.get(i).copied().flatten()?;
                        let (lo, hi) = *self.ends.get(i)?;
                        (lo.is_finite() && hi.is_finite()).then(|| (b.position(i), 0.6, lo, hi))
                    })
                    .collect()
            })
            .collect()
    }

    /// Lowest and highest bar end (0 not included: a waterfall's axis may start above 0).
    pub fn value_range(&self) -> (f64, f64) {
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for s in self.geometry() {
            for (_, _, a, b) in s.into_iter().flatten() {
                lo = lo.min(a);
                hi = hi.max(b);
            }
        }
        if lo.is_finite() { (lo, hi) } else { (0.0, 0.0) }
    }
}

/// Lowest and highest value-axis extent of bars placed by a geometry (0 included).
pub fn range_of(geometry: &[Vec<Option<BarRect>>]) -> (f64, f64) {
    let mut lo = 0.0_f64;
    let mut hi = 0.0_f64;
    for s in geometry {
        for (_, _, a, b) in s.iter().flatten() {
            lo = lo.min(*a);
            hi = hi.max(*b);
        }
    }
    (lo, hi)
}

/// Bars by category (counties, indicators, land classes …), one bar per series, stacked or
/// side by side.
#[derive(Debug, Clone, PartialEq)]
pub struct Bars {
    pub categories: Vec<String>,
    pub series: Vec<Series>,
    pub stacked: bool,
    /// Categories on the vertical axis (long names, many categories).
    pub horizontal: bool,
    /// Title of the value axis, with its unit.
    pub value_axis: String,
    /// Title of the category axis.
    pub category_axis: String,
    /// Unit symbol of the values (tooltips and labels).
    pub unit: String,
    pub decimals: usize,
    /// Text drawn at the end of each category's bars (value, growth …); empty = none.
    pub labels: Vec<String>,
    /// Extra tooltip lines per category; empty = none.
    pub tips: Vec<String>,
}

/// One series of bars; `None` = no bar for that category.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub color: Rgb,
    pub values: Vec<Option<f64>>,
}

/// A donut chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Pie {
    pub slices: Vec<Slice>,
    pub unit: String,
    pub decimals: usize,
    /// Text in the hole: a label and a value.
    pub center_label: String,
    pub center_value: String,
    /// A line under the chart (e.g. what is not shown); empty = none.
    pub note: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Slice {
    pub name: String,
    pub value: f64,
    pub color: Rgb,
}

/// Labelled points (counties) on two value axes.
#[derive(Debug, Clone, PartialEq)]
pub struct Scatter {
    pub points: Vec<ScatterPoint>,
    pub x_axis: String,
    pub y_axis: String,
    pub x_unit: String,
    pub y_unit: String,
    pub decimals: usize,
    pub color: Rgb,
    /// A reference line y = k·x and its label.
    pub reference: Option<(f64, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ScatterPoint {
    pub label: String,
    pub x: f64,
    pub y: f64,
    /// Extra tooltip line (e.g. the GEP/GDP ratio from the accounts).
    pub extra: String,
}

/// Where one bar sits: (centre on the category axis, width, lower end, upper end).
pub type BarRect = (f64, f64, f64, f64);

impl Bars {
    /// Where bar (category `i`, series `j`) sits: (centre on the category axis, width,
    /// lower and upper end on the value axis); `None` when there is no bar.
    pub fn geometry(&self) -> Vec<Vec<Option<BarRect>>> {
        let n = self.categories.len();
        let k = self.series.len().max(1);
        let mut pos = vec![0.0_f64; n];
        let mut neg = vec![0.0_f64; n];
        self.series
            .iter()
            .enumerate()
            .map(|(j, s)| {
                (0..n)
                    .map(|i| {
                        let v = s.values.get(i).copied().flatten()?;
                        if !v.is_finite() {
                            return None;
                        }
                        let at = self.position(i);
                        if self.stacked || k == 1 {
                            let w = if k == 1 { 0.6 } else { 0.7 };
                            let (lo, hi) = if !self.stacked {
                                (v.min(0.0), v.max(0.0))
                            } else if v >= 0.0 {
                                let lo = pos[i];
                                pos[i] += v;
                                (lo, pos[i])
                            } else {
                                let hi = neg[i];
                                neg[i] += v;
                                (neg[i], hi)
                            };
                            Some((at, w, lo, hi))
                        } else {
                            let bw = 0.8 / k as f64;
                            let c = at - 0.4 + (j as f64 + 0.5) * bw;
                            Some((c, bw * 0.92, v.min(0.0), v.max(0.0)))
                        }
                    })
                    .collect()
            })
            .collect()
    }

    /// Position of category `i` on its axis (the first category at the top when horizontal).
    pub fn position(&self, i: usize) -> f64 {
        let n = self.categories.len();
        if self.horizontal && n > 0 {
            (n - 1 - i.min(n - 1)) as f64
        } else {
            i as f64
        }
    }

    /// The category at an axis position, if any.
    pub fn category_at(&self, at: f64) -> Option<usize> {
        let n = self.categories.len();
        let r = at.round();
        if n == 0 || (at - r).abs() > 0.45 || r < 0.0 || r >= n as f64 {
            return None;
        }
        let r = r as usize;
        Some(if self.horizontal { n - 1 - r } else { r })
    }

    /// Lowest and highest value-axis extent of all bars (0 included).
    pub fn value_range(&self) -> (f64, f64) {
        range_of(&self.geometry())
    }

    /// Tooltip text of category `i`.
    pub fn tooltip(&self, i: usize) -> Vec<(String, bool)> {
        let mut lines = vec![(self.categories.get(i).cloned().unwrap_or_default(), true)];
        for s in &self.series {
            if let Some(v) = s.values.get(i).copied().flatten() {
                let name = if self.series.len() == 1 && s.name.is_empty() {
                    String::new()
                } else {
                    format!("{}: ", s.name)
                };
                lines.push((
                    format!(
                        "{name}{} {}",
                        crate::format::num(v, self.decimals),
                        self.unit
                    ),
                    false,
                ));
            }
        }
        if let Some(t) = self.tips.get(i).filter(|t| !t.is_empty()) {
            lines.push((t.clone(), false));
        }
        lines
    }
}

impl Pie {
    /// Slices with a positive value and their share of the shown total.
    pub fn shares(&self) -> Vec<(usize, f64)> {
        let total: f64 = self
            .slices
            .iter()
            .filter(|s| s.value > 0.0 && s.value.is_finite())
            .map(|s| s.value)
            .sum();
        self.slices
            .iter()
            .enumerate()
            .filter(|(_, s)| s.value > 0.0 && s.value.is_finite())
            .map(|(i, s)| (i, if total > 0.0 { s.value / total } else { 0.0 }))
            .collect()
    }
}

/// Splits a long axis label in two lines at its middle space (English county names).
pub fn wrap_label(s: &str, max_chars: usize) -> String {
    if s.chars().count() <= max_chars || !s.contains(' ') {
        return s.to_string();
    }
    let mid = s.len() / 2;
    let best = s
        .match_indices(' ')
        .map(|(i, _)| i)
        .min_by_key(|i| i.abs_diff(mid));
    match best {
        Some(i) => format!("{}\n{}", &s[..i], &s[i + 1..]),
        None => s.to_string(),
    }
}

/// Decimals for axis tick labels with this step.
pub fn tick_decimals(step: f64) -> usize {
    if !step.is_finite() || step <= 0.0 || step >= 1.0 {
        0
    } else {
        ((-step.log10()).ceil() as usize).min(6)
    }
}

/// Decimals that keep the largest value readable (ratios, per-area values).
pub fn decimals_for(max_abs: f64) -> usize {
    if max_abs >= 100.0 {
        0
    } else if max_abs >= 1.0 {
        2
    } else if max_abs >= 0.01 {
        4
    } else {
        6
    }
}

/// A 1-2-5 step giving about `target` intervals over `span`.
pub fn nice_step(span: f64, target: f64) -> f64 {
    if !span.is_finite() || span <= 0.0 {
        return 1.0;
    }
    let raw = span / target.max(1.0);
    let mag = 10_f64.powf(raw.log10().floor());
    let f = raw / mag;
    let m = if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    m * mag
}

/// Side of a point its label goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelSide {
    Right,
    Left,
    Above,
    Below,
}

impl LabelSide {
    /// The label's rectangle (x0, y0, x1, y1; screen y down) for a point at `p`, marker
    /// radius `r` and label size `size`.
    pub fn rect(self, p: (f32, f32), size: (f32, f32), r: f32) -> (f32, f32, f32, f32) {
        let pad = r + 3.0;
        let (w, h) = size;
        let (x0, y0) = match self {
            LabelSide::Right => (p.0 + pad, p.1 - h / 2.0),
            LabelSide::Left => (p.0 - pad - w, p.1 - h / 2.0),
            LabelSide::Above => (p.0 - w / 2.0, p.1 - pad - h),
            LabelSide::Below => (p.0 - w / 2.0, p.1 + pad),
        };
        (x0, y0, x0 + w, y0 + h)
    }
}

/// Greedy label placement: each point's label goes right, left, above or below, whichever
/// overlaps the labels already placed and the other markers least.
pub fn place_labels(points: &[(f32, f32)], sizes: &[(f32, f32)], r: f32) -> Vec<LabelSide> {
    fn overlap(a: (f32, f32, f32, f32), b: (f32, f32, f32, f32)) -> f32 {
        let w = (a.2.min(b.2) - a.0.max(b.0)).max(0.0);
        let h = (a.3.min(b.3) - a.1.max(b.1)).max(0.0);
        w * h
    }
    let markers: Vec<(f32, f32, f32, f32)> = points
        .iter()
        .map(|p| (p.0 - r, p.1 - r, p.0 + r, p.1 + r))
        .collect();
    let mut placed: Vec<(f32, f32, f32, f32)> = Vec::new();
    let mut sides = Vec::with_capacity(points.len());
    for (i, (p, size)) in points.iter().zip(sizes).enumerate() {
        let mut best = (LabelSide::Right, f32::INFINITY);
        for side in [
            LabelSide::Right,
            LabelSide::Left,
            LabelSide::Above,
            LabelSide::Below,
        ] {
            let rect = side.rect(*p, *size, r);
            let cost: f32 = placed.iter().map(|q| overlap(rect, *q)).sum::<f32>()
                + markers
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != i)
                    .map(|(_, m)| overlap(rect, *m))
                    .sum::<f32>();
            if cost < best.1 {
                best = (side, cost);
            }
            if cost == 0.0 {
                break;
            }
        }
        placed.push(best.0.rect(*p, *size, r));
        sides.push(best.0);
    }
    sides
}

impl Scatter {
    /// Axis title without its unit part (text before a parenthesis).
    pub fn x_axis_name(&self) -> &str {
        strip_unit(&self.x_axis)
    }

    pub fn y_axis_name(&self) -> &str {
        strip_unit(&self.y_axis)
    }
}

fn strip_unit(s: &str) -> &str {
    s.split(['（', '(']).next().unwrap_or(s).trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_bars(stacked: bool, horizontal: bool) -> Bars {
        Bars {
            categories: vec!["A".into(), "B".into()],
            series: vec![
                Series {
                    name: "x".into(),
                    color: MEMO_COLOR,
                    values: vec![Some(1.0), Some(-2.0)],
                },
                Series {
                    name: "y".into(),
                    color: MEMO_COLOR,
                    values: vec![Some(3.0), None],
                },
            ],
            stacked,
            horizontal,
            value_axis: String::new(),
            category_axis: String::new(),
            unit: "万元".into(),
            decimals: 2,
            labels: vec![],
            tips: vec![],
        }
    }

    #[test]
    fn stacked_geometry_stacks_positive_and_negative_apart() {
        let b = sample_bars(true, false);
        let g = b.geometry();
        assert_eq!(g[0][0], Some((0.0, 0.7, 0.0, 1.0)));
        assert_eq!(g[1][0], Some((0.0, 0.7, 1.0, 4.0)));
        assert_eq!(g[0][1], Some((1.0, 0.7, -2.0, 0.0)));
        assert_eq!(g[1][1], None);
        assert_eq!(b.value_range(), (-2.0, 4.0));
    }

    #[test]
    fn grouped_and_horizontal_positions() {
        let b = sample_bars(false, true);
        // First category at the top.
        assert_eq!(b.position(0), 1.0);
        assert_eq!(b.category_at(1.1), Some(0));
        assert_eq!(b.category_at(0.5), None);
        let g = b.geometry();
        let (c0, ..) = g[0][0].unwrap_or_default();
        let (c1, ..) = g[1][0].unwrap_or_default();
        assert!(c0 < c1 && (c0 + c1) / 2.0 - 1.0 < 1e-12);
        let tip = b.tooltip(0);
        assert_eq!(tip[1].0, "x: 1.00 万元");
    }

    #[test]
    fn point_labels_avoid_each_other() {
        // Two points close together: the second label moves off the first.
        let sides = place_labels(&[(100.0, 100.0), (100.0, 110.0)], &[(60.0, 14.0); 2], 5.0);
        assert_eq!(sides[0], LabelSide::Right);
        assert_ne!(sides[1], LabelSide::Right);
    }

    #[test]
    fn labels_wrap_at_the_middle_space() {
        assert_eq!(wrap_label("Dongxiang District", 10), "Dongxiang\nDistrict");
        assert_eq!(wrap_label("临川区", 10), "临川区");
        assert_eq!(tick_decimals(0.05), 2);
        assert_eq!(tick_decimals(50.0), 0);
        assert_eq!(nice_step(15_000_000.0, 6.0), 5_000_000.0);
        assert_eq!(nice_step(7.0, 6.0), 2.0);
    }
}
