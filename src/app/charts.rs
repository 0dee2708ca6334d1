//! Charts shared by pages: a small chart description (`Chart`) built by pages from `Accounts`,
//! drawn here with egui / egui_plot and by `chart_export` with plotters, so the screen and the
//! exported PNG / SVG show the same data. Nothing here computes an accounting number: values
//! arrive already taken from the accounts and converted to display units.

use eframe::egui;
use egui_plot::{
    Bar, BarChart, GridMark, Legend, Line, LineStyle, MarkerShape, Plot, PlotPoint, PlotPoints,
    Points,
};

use super::format;
use crate::engine::Accounts;
use crate::i18n::Lang;
use crate::registry::Category;
use crate::units::MoneyUnit;

/// Category colours, fixed so every chart and report agrees.
pub fn category_color(c: Category) -> egui::Color32 {
    match c {
        Category::Material => egui::Color32::from_rgb(214, 150, 50),
        Category::Regulating => egui::Color32::from_rgb(60, 140, 90),
        Category::Cultural => egui::Color32::from_rgb(80, 120, 200),
    }
}

/// Colour of memo items (computed, outside the framework's GEP).
pub const MEMO_COLOR: egui::Color32 = egui::Color32::from_rgb(150, 150, 150);

/// A qualitative palette for charts with many series or slices.
pub const PALETTE: [egui::Color32; 12] = [
    egui::Color32::from_rgb(60, 140, 90),
    egui::Color32::from_rgb(80, 120, 200),
    egui::Color32::from_rgb(214, 150, 50),
    egui::Color32::from_rgb(190, 80, 70),
    egui::Color32::from_rgb(130, 100, 180),
    egui::Color32::from_rgb(60, 170, 180),
    egui::Color32::from_rgb(200, 120, 160),
    egui::Color32::from_rgb(120, 160, 60),
    egui::Color32::from_rgb(150, 110, 80),
    egui::Color32::from_rgb(90, 90, 140),
    egui::Color32::from_rgb(220, 180, 60),
    egui::Color32::from_rgb(100, 150, 210),
];

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
    pub color: egui::Color32,
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
    pub color: egui::Color32,
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
    pub color: egui::Color32,
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
        let mut lo = 0.0_f64;
        let mut hi = 0.0_f64;
        for s in self.geometry() {
            for (_, _, a, b) in s.into_iter().flatten() {
                lo = lo.min(a);
                hi = hi.max(b);
            }
        }
        (lo, hi)
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
                    format!("{name}{} {}", format::num(v, self.decimals), self.unit),
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

// ---------------------------------------------------------------------------------------------
// egui rendering
// ---------------------------------------------------------------------------------------------

/// Font size of labels drawn inside plots (values, growth, point names).
const LABEL_SIZE: f32 = 12.5;

/// Radius of scatter markers (px).
const MARKER_RADIUS: f32 = 5.0;

/// Draws a chart: panels side by side, each `height` high.
pub fn show_chart(ui: &mut egui::Ui, id: &str, chart: &Chart, height: f32) {
    let n = chart.panels.len().max(1);
    if n == 1 {
        if let Some(p) = chart.panels.first() {
            show_panel(ui, &format!("{id}_0"), p, height);
        }
        return;
    }
    ui.columns(n, |cols| {
        for (i, (col, p)) in cols.iter_mut().zip(&chart.panels).enumerate() {
            show_panel(col, &format!("{id}_{i}"), p, height);
        }
    });
}

/// Draws one panel with its heading.
pub fn show_panel(ui: &mut egui::Ui, id: &str, panel: &Panel, height: f32) {
    let mut height = height;
    if !panel.title.is_empty() {
        let r = ui.strong(&panel.title);
        height -= r.rect.height() + ui.spacing().item_spacing.y;
    }
    match &panel.kind {
        PanelKind::Bars(b) => bars_ui(ui, id, b, height),
        PanelKind::Pie(p) => pie_ui(ui, id, p, height),
        PanelKind::Scatter(s) => scatter_ui(ui, id, s, height),
    }
}

fn darker(c: egui::Color32) -> egui::Color32 {
    egui::Color32::from_rgb(
        (c.r() as f32 * 0.7) as u8,
        (c.g() as f32 * 0.7) as u8,
        (c.b() as f32 * 0.7) as u8,
    )
}

fn category_marks(n: usize) -> impl Fn(egui_plot::GridInput) -> Vec<GridMark> {
    move |input| {
        let (lo, hi) = input.bounds;
        (0..n)
            .map(|i| i as f64)
            .filter(|v| *v >= lo - 0.5 && *v <= hi + 0.5)
            .map(|value| GridMark {
                value,
                step_size: 1.0,
            })
            .collect()
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

/// Value-axis grid: a few round values, each labelled.
fn value_marks(input: egui_plot::GridInput) -> Vec<GridMark> {
    let (lo, hi) = input.bounds;
    let step = nice_step(hi - lo, 6.0);
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    (first..=last)
        .map(|k| GridMark {
            value: k as f64 * step,
            step_size: step,
        })
        .collect()
}

fn tooltip_at_pointer(response: &egui::Response, lines: &[(String, bool)]) {
    egui::Tooltip::always_open(
        response.ctx.clone(),
        response.layer_id,
        response.id,
        egui::PopupAnchor::Pointer,
    )
    .gap(12.0)
    .show(|ui| {
        for (text, strong) in lines {
            if *strong {
                ui.strong(text);
            } else {
                ui.label(text);
            }
        }
    });
}

/// Bars with egui_plot; hovering a category shows its values with units.
pub fn bars_ui(ui: &mut egui::Ui, id: &str, bars: &Bars, height: f32) {
    let n = bars.categories.len();
    let geometry = bars.geometry();
    let (lo, hi) = bars.value_range();
    let span = (hi - lo).max(f64::MIN_POSITIVE);
    let has_labels = bars.labels.iter().any(|l| !l.is_empty());
    let measure = |text: &str, size: f32| {
        ui.painter()
            .layout_no_wrap(
                text.to_string(),
                egui::FontId::proportional(size),
                egui::Color32::WHITE,
            )
            .size()
    };
    // Room for the labels drawn at the bar ends, from their measured size.
    let (inc_lo, inc_hi) = if has_labels {
        let (label_px, plot_px) = if bars.horizontal {
            let label = bars
                .labels
                .iter()
                .map(|l| measure(l, LABEL_SIZE).x)
                .fold(0.0_f32, f32::max)
                + 10.0;
            let names = bars
                .categories
                .iter()
                .map(|c| measure(c, 14.0).x)
                .fold(0.0_f32, f32::max);
            (label, ui.available_width() - names - 40.0)
        } else {
            (LABEL_SIZE + 8.0, height - 60.0)
        };
        let room = f64::from(label_px / (plot_px - label_px).max(40.0)).min(3.0) * span;
        (if lo < 0.0 { lo - room } else { lo }, hi + room)
    } else {
        (lo, hi)
    };
    let categories: Vec<String> = if bars.horizontal {
        bars.categories.clone()
    } else {
        bars.categories.iter().map(|c| wrap_label(c, 10)).collect()
    };
    let cat_fmt = {
        let categories = categories.clone();
        let horizontal = bars.horizontal;
        move |mark: GridMark, _: &std::ops::RangeInclusive<f64>| {
            let r = mark.value.round();
            if (mark.value - r).abs() > 1e-6 || r < 0.0 || r >= n as f64 {
                return String::new();
            }
            let i = if horizontal {
                n - 1 - r as usize
            } else {
                r as usize
            };
            categories.get(i).cloned().unwrap_or_default()
        }
    };
    let val_fmt = |mark: GridMark, _: &std::ops::RangeInclusive<f64>| {
        format::num(mark.value, tick_decimals(mark.step_size))
    };
    let mut plot = Plot::new(id.to_string())
        .height(height)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_drag(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_crosshair(false)
        .set_margin_fraction(egui::vec2(0.02, 0.04));
    if bars.series.len() > 1 {
        let corner = if bars.horizontal {
            egui_plot::Corner::RightBottom
        } else {
            egui_plot::Corner::RightTop
        };
        plot = plot.legend(
            Legend::default()
                .position(corner)
                .follow_insertion_order(true),
        );
    }
    plot = if bars.horizontal {
        plot.y_grid_spacer(category_marks(n))
            .x_grid_spacer(value_marks)
            .y_axis_formatter(cat_fmt)
            .x_axis_formatter(val_fmt)
            .x_axis_label(bars.value_axis.clone())
            .y_axis_label(bars.category_axis.clone())
            .include_x(inc_lo)
            .include_x(inc_hi)
            .include_y(-0.6)
            .include_y(n as f64 - 0.4)
            .show_grid([true, false])
    } else {
        plot.x_grid_spacer(category_marks(n))
            .y_grid_spacer(value_marks)
            .x_axis_formatter(cat_fmt)
            .y_axis_formatter(val_fmt)
            .y_axis_label(bars.value_axis.clone())
            .x_axis_label(bars.category_axis.clone())
            .include_y(inc_lo)
            .include_y(inc_hi)
            .include_x(-0.6)
            .include_x(n as f64 - 0.4)
            .show_grid([false, true])
    };
    let text_color = ui.visuals().text_color();
    let resp = plot.show(ui, |p| {
        let inside = p.response().hovered();
        let hovered = p.pointer_coordinate().filter(|_| inside).and_then(|pt| {
            let (along, _) = if bars.horizontal {
                (pt.y, pt.x)
            } else {
                (pt.x, pt.y)
            };
            bars.category_at(along)
        });
        for (j, s) in bars.series.iter().enumerate() {
            let items: Vec<Bar> = geometry[j]
                .iter()
                .enumerate()
                .filter_map(|(i, g)| {
                    let (c, w, a, b) = (*g)?;
                    let v = s.values.get(i).copied().flatten().unwrap_or(0.0);
                    let base = if v >= 0.0 { a } else { b };
                    let stroke = if hovered == Some(i) {
                        egui::Stroke::new(2.0, text_color)
                    } else {
                        egui::Stroke::new(1.0, darker(s.color))
                    };
                    let mut bar = Bar::new(c, v)
                        .width(w)
                        .fill(s.color)
                        .stroke(stroke)
                        .name(&bars.categories[i]);
                    if base != 0.0 {
                        bar = bar.base_offset(base);
                    }
                    Some(if bars.horizontal {
                        bar.horizontal()
                    } else {
                        bar.vertical()
                    })
                })
                .collect();
            let chart = BarChart::new(s.name.clone(), items)
                .color(s.color)
                .allow_hover(false)
                .id(("bars", j));
            p.bar_chart(chart);
        }
        for (i, label) in bars.labels.iter().enumerate() {
            if label.is_empty() || i >= n {
                continue;
            }
            let end = geometry
                .iter()
                .filter_map(|s| s.get(i).copied().flatten())
                .map(|(_, _, a, b)| if b > 0.0 { b } else { a })
                .fold(0.0_f64, |m, v| if v.abs() > m.abs() { v } else { m });
            let at = bars.position(i);
            let (pos, anchor) = match (bars.horizontal, end < 0.0) {
                (true, false) => (PlotPoint::new(end, at), egui::Align2::LEFT_CENTER),
                (true, true) => (PlotPoint::new(end, at), egui::Align2::RIGHT_CENTER),
                (false, false) => (PlotPoint::new(at, end), egui::Align2::CENTER_BOTTOM),
                (false, true) => (PlotPoint::new(at, end), egui::Align2::CENTER_TOP),
            };
            let text = egui::RichText::new(if bars.horizontal {
                format!(" {label} ")
            } else {
                label.clone()
            })
            .size(LABEL_SIZE);
            p.text(
                egui_plot::Text::new(String::new(), pos, text)
                    .anchor(anchor)
                    .color(text_color)
                    .allow_hover(false)
                    .id(("label", i)),
            );
        }
        hovered
    });
    if let Some(i) = resp.inner
        && resp.response.hovered()
    {
        tooltip_at_pointer(&resp.response, &bars.tooltip(i));
    }
}

/// A donut drawn with the painter, with a legend; hovering a slice or a legend row shows its
/// value and share.
pub fn pie_ui(ui: &mut egui::Ui, id: &str, pie: &Pie, height: f32) {
    let width = ui.available_width();
    let (rect, response) = ui.allocate_exact_size(egui::vec2(width, height), egui::Sense::hover());
    let _ = id;
    let painter = ui.painter_at(rect);
    let visuals = ui.visuals().clone();
    let shares = pie.shares();
    let r_out = (height * 0.5 - 16.0).min(width * 0.25).clamp(40.0, 200.0);
    let r_in = r_out * 0.56;
    let center = egui::pos2(rect.left() + r_out + 24.0, rect.center().y);
    let legend_left = center.x + r_out + 40.0;
    let row_h = 22.0_f32;
    let legend_top = (rect.center().y - row_h * shares.len() as f32 * 0.5).max(rect.top() + 4.0);
    let hover = response.hover_pos();

    // Which slice is hovered: in the ring, or on a legend row.
    let mut hovered: Option<usize> = None;
    if let Some(pos) = hover {
        let d = pos - center;
        let r = d.length();
        if r >= r_in && r <= r_out + 8.0 {
            // Angle from 12 o'clock, clockwise, in turns.
            let a = (d.x.atan2(-d.y) / std::f32::consts::TAU).rem_euclid(1.0) as f64;
            let mut acc = 0.0;
            for (k, (_, share)) in shares.iter().enumerate() {
                if a >= acc && a < acc + share {
                    hovered = Some(k);
                    break;
                }
                acc += share;
            }
        } else if pos.x >= legend_left {
            let row = ((pos.y - legend_top) / row_h).floor();
            if row >= 0.0 && (row as usize) < shares.len() {
                hovered = Some(row as usize);
            }
        }
    }

    let mut start = 0.0_f64;
    for (k, (i, share)) in shares.iter().enumerate() {
        let s = &pie.slices[*i];
        let grow = if hovered == Some(k) { 6.0 } else { 0.0 };
        ring_segment(
            &painter,
            center,
            r_in,
            r_out + grow,
            start,
            start + share,
            s.color,
        );
        start += share;
    }
    // Thin separators between slices.
    let mut start = 0.0_f64;
    for (_, share) in &shares {
        if shares.len() > 1 {
            let a = (start * std::f64::consts::TAU) as f32;
            let dir = egui::vec2(a.sin(), -a.cos());
            painter.line_segment(
                [center + dir * r_in, center + dir * (r_out + 6.0)],
                egui::Stroke::new(1.5, visuals.panel_fill),
            );
        }
        start += share;
    }
    painter.text(
        center - egui::vec2(0.0, 10.0),
        egui::Align2::CENTER_CENTER,
        &pie.center_label,
        egui::FontId::proportional(13.0),
        visuals.weak_text_color(),
    );
    painter.text(
        center + egui::vec2(0.0, 10.0),
        egui::Align2::CENTER_CENTER,
        &pie.center_value,
        egui::FontId::proportional(14.0),
        visuals.strong_text_color(),
    );
    for (k, (i, share)) in shares.iter().enumerate() {
        let s = &pie.slices[*i];
        let y = legend_top + row_h * k as f32 + row_h * 0.5;
        let swatch =
            egui::Rect::from_center_size(egui::pos2(legend_left + 7.0, y), egui::vec2(12.0, 12.0));
        painter.rect_filled(swatch, 2.0, s.color);
        let color = if hovered == Some(k) {
            visuals.strong_text_color()
        } else {
            visuals.text_color()
        };
        painter.text(
            egui::pos2(legend_left + 20.0, y),
            egui::Align2::LEFT_CENTER,
            format!(
                "{}  {} {}  ({:.1}%)",
                s.name,
                format::num(s.value, pie.decimals),
                pie.unit,
                share * 100.0
            ),
            egui::FontId::proportional(13.0),
            color,
        );
    }
    if !pie.note.is_empty() {
        painter.text(
            egui::pos2(legend_left, rect.bottom() - 4.0),
            egui::Align2::LEFT_BOTTOM,
            &pie.note,
            egui::FontId::proportional(12.0),
            visuals.weak_text_color(),
        );
    }
    if let Some(k) = hovered
        && let Some((i, share)) = shares.get(k)
    {
        let s = &pie.slices[*i];
        tooltip_at_pointer(
            &response,
            &[
                (s.name.clone(), true),
                (
                    format!("{} {}", format::num(s.value, pie.decimals), pie.unit),
                    false,
                ),
                (format!("{:.1}%", share * 100.0), false),
            ],
        );
    }
}

/// A ring segment from `a0` to `a1` (turns, clockwise from 12 o'clock) as a triangle mesh.
fn ring_segment(
    painter: &egui::Painter,
    c: egui::Pos2,
    r_in: f32,
    r_out: f32,
    a0: f64,
    a1: f64,
    color: egui::Color32,
) {
    let steps = (((a1 - a0) * 360.0 / 2.0).ceil() as usize).max(1);
    let mut mesh = egui::Mesh::default();
    for s in 0..=steps {
        let t = a0 + (a1 - a0) * s as f64 / steps as f64;
        let a = (t * std::f64::consts::TAU) as f32;
        let dir = egui::vec2(a.sin(), -a.cos());
        mesh.colored_vertex(c + dir * r_in, color);
        mesh.colored_vertex(c + dir * r_out, color);
    }
    for s in 0..steps as u32 {
        let i = s * 2;
        mesh.add_triangle(i, i + 1, i + 2);
        mesh.add_triangle(i + 1, i + 3, i + 2);
    }
    painter.add(egui::Shape::mesh(mesh));
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

/// Labelled points; hovering a point shows its label and both values with units.
pub fn scatter_ui(ui: &mut egui::Ui, id: &str, sc: &Scatter, height: f32) {
    let max_x = sc.points.iter().map(|p| p.x).fold(0.0_f64, f64::max);
    let max_y = sc.points.iter().map(|p| p.y).fold(0.0_f64, f64::max);
    let fmt = |mark: GridMark, _: &std::ops::RangeInclusive<f64>| {
        format::num(mark.value, tick_decimals(mark.step_size))
    };
    let text_color = ui.visuals().text_color();
    let label_sizes: Vec<(f32, f32)> = sc
        .points
        .iter()
        .map(|p| {
            let g = ui.painter().layout_no_wrap(
                p.label.clone(),
                egui::FontId::proportional(LABEL_SIZE),
                text_color,
            );
            (g.size().x, g.size().y)
        })
        .collect();
    let resp = Plot::new(id.to_string())
        .height(height)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_drag(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_crosshair(false)
        .legend(Legend::default().position(egui_plot::Corner::LeftTop))
        .x_axis_label(sc.x_axis.clone())
        .y_axis_label(sc.y_axis.clone())
        .x_axis_formatter(fmt)
        .y_axis_formatter(fmt)
        .x_grid_spacer(value_marks)
        .y_grid_spacer(value_marks)
        .include_x(0.0)
        .include_y(0.0)
        .include_x(max_x * 1.15)
        .include_y(max_y * 1.1)
        .show(ui, |p| {
            if let Some((k, label)) = &sc.reference {
                let x_end = (max_x * 1.15).min(if *k > 0.0 {
                    max_y * 1.1 / k
                } else {
                    max_x * 1.15
                });
                p.line(
                    Line::new(
                        label.clone(),
                        PlotPoints::new(vec![[0.0, 0.0], [x_end, k * x_end]]),
                    )
                    .color(egui::Color32::GRAY)
                    .style(LineStyle::dashed_loose())
                    .allow_hover(false)
                    .id("reference"),
                );
            }
            let pts: Vec<[f64; 2]> = sc.points.iter().map(|p| [p.x, p.y]).collect();
            p.points(
                Points::new(String::new(), pts)
                    .shape(MarkerShape::Circle)
                    .radius(MARKER_RADIUS)
                    .filled(true)
                    .color(sc.color)
                    .allow_hover(false)
                    .id("points"),
            );
            // Labels placed in screen space (last frame's transform) so they do not collide.
            let tr = *p.transform();
            let screen: Vec<(f32, f32)> = sc
                .points
                .iter()
                .map(|pt| {
                    let s = tr.position_from_point(&PlotPoint::new(pt.x, pt.y));
                    (s.x, s.y)
                })
                .collect();
            let sides = place_labels(&screen, &label_sizes, MARKER_RADIUS);
            let [dx, dy] = tr.dvalue_dpos();
            for (i, (pt, side)) in sc.points.iter().zip(&sides).enumerate() {
                let pad = f64::from(MARKER_RADIUS + 3.0);
                let (off, anchor) = match side {
                    LabelSide::Right => ((pad * dx, 0.0), egui::Align2::LEFT_CENTER),
                    LabelSide::Left => ((-pad * dx, 0.0), egui::Align2::RIGHT_CENTER),
                    LabelSide::Above => ((0.0, -pad * dy), egui::Align2::CENTER_BOTTOM),
                    LabelSide::Below => ((0.0, pad * dy), egui::Align2::CENTER_TOP),
                };
                p.text(
                    egui_plot::Text::new(
                        String::new(),
                        PlotPoint::new(pt.x + off.0, pt.y + off.1),
                        egui::RichText::new(&pt.label).size(LABEL_SIZE),
                    )
                    .anchor(anchor)
                    .color(text_color)
                    .allow_hover(false)
                    .id(("point_label", i)),
                );
            }
        });
    if let Some(pos) = resp.response.hover_pos() {
        let nearest = sc
            .points
            .iter()
            .map(|p| {
                let s = resp
                    .transform
                    .position_from_point(&PlotPoint::new(p.x, p.y));
                (p, s.distance(pos))
            })
            .filter(|(_, d)| *d < 14.0)
            .min_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((p, _)) = nearest {
            let mut lines = vec![
                (p.label.clone(), true),
                (
                    format!(
                        "{}: {} {}",
                        sc.x_axis_name(),
                        format::num(p.x, sc.decimals),
                        sc.x_unit
                    ),
                    false,
                ),
                (
                    format!(
                        "{}: {} {}",
                        sc.y_axis_name(),
                        format::num(p.y, sc.decimals),
                        sc.y_unit
                    ),
                    false,
                ),
            ];
            if !p.extra.is_empty() {
                lines.push((p.extra.clone(), false));
            }
            tooltip_at_pointer(&resp.response, &lines);
        }
    }
}

impl Scatter {
    /// Axis title without its unit part (text before a parenthesis).
    fn x_axis_name(&self) -> &str {
        strip_unit(&self.x_axis)
    }

    fn y_axis_name(&self) -> &str {
        strip_unit(&self.y_axis)
    }
}

fn strip_unit(s: &str) -> &str {
    s.split(['（', '(']).next().unwrap_or(s).trim()
}

// ---------------------------------------------------------------------------------------------
// Models used by several pages
// ---------------------------------------------------------------------------------------------

/// GEP by category per county, stacked, in `unit` (bars only; titles are the caller's).
pub fn stacked_model(
    acc: &Accounts,
    lang: Lang,
    unit: MoneyUnit,
    value_axis: String,
    total_label: &str,
) -> Bars {
    let categories: Vec<String> = acc
        .counties
        .iter()
        .map(|c| county_label(&c.name_zh, &c.name_en, lang))
        .collect();
    let series = Category::ALL
        .iter()
        .map(|&cat| Series {
            name: cat.name().get(lang).to_string(),
            color: category_color(cat),
            values: acc
                .counties
                .iter()
                .map(|c| Some(unit.from_yuan(c.totals.category(cat))))
                .collect(),
        })
        .collect();
    let tips = acc
        .counties
        .iter()
        .map(|c| format!("{total_label}: {}", format::money(c.totals.gep, unit, lang)))
        .collect();
    Bars {
        horizontal: categories.len() > 16,
        categories,
        series,
        stacked: true,
        value_axis,
        category_axis: String::new(),
        unit: unit.unit().symbol(lang).to_string(),
        decimals: format::money_decimals(unit),
        labels: Vec::new(),
        tips,
    }
}

/// Stacked bars of GEP by category per county, in `unit`.
pub fn stacked_by_category(
    ui: &mut egui::Ui,
    id: &str,
    acc: &Accounts,
    lang: Lang,
    unit: MoneyUnit,
    height: f32,
) {
    let bars = stacked_model(
        acc,
        lang,
        unit,
        format!("GEP ({})", unit.unit().symbol(lang)),
        "GEP",
    );
    bars_ui(ui, id, &bars, height);
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
