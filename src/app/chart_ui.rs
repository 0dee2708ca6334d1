//! The egui drawing of a chart: `view::chart::Chart` (built by `view::chart::build`) drawn on
//! screen with egui_plot (bars, points) and the painter (donut), with tooltips on hover. The
//! same `Chart` goes to files and reports through `view::chart::render`, so the screen and the
//! exported PNG / SVG show the same data. Chart colours (`Rgb`) become egui colours here, at
//! the edge; nothing here builds a chart or computes a number.

use eframe::egui;
use egui_plot::{
    Bar, BarChart, GridMark, Legend, Line, LineStyle, MarkerShape, Plot, PlotPoint, PlotPoints,
    Points,
};

use crate::engine::Accounts;
use crate::format;
use crate::i18n::Lang;
use crate::units::MoneyUnit;
use crate::view::chart::{
    BarRect, Bars, Chart, LabelSide, Panel, PanelKind, Pie, Rgb, Scatter, build, nice_step,
    place_labels, tick_decimals, wrap_label,
};

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
        PanelKind::Floating(f) => {
            // The category names say what each bar is: no legend over the bars.
            bars_at_ui(
                ui,
                id,
                &f.bars,
                (&f.geometry(), f.value_range()),
                false,
                height,
            );
        }
        PanelKind::Pie(p) => pie_ui(ui, id, p, height),
        PanelKind::Scatter(s) => scatter_ui(ui, id, s, height),
    }
}

/// The egui colour of a chart colour.
pub fn color32(c: Rgb) -> egui::Color32 {
    egui::Color32::from_rgb(c.0, c.1, c.2)
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

/// The value axis' bounds: the bars' range with room for the labels drawn at the bar ends,
/// from their measured size.
fn value_bounds(ui: &egui::Ui, bars: &Bars, (lo, hi): (f64, f64), height: f32) -> (f64, f64) {
    let span = (hi - lo).max(f64::MIN_POSITIVE);
    if !bars.labels.iter().any(|l| !l.is_empty()) {
        return (lo, hi);
    }
    let measure = |text: &str, size: f32| {
        ui.painter()
            .layout_no_wrap(
                text.to_string(),
                egui::FontId::proportional(size),
                egui::Color32::WHITE,
            )
            .size()
    };
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
}

/// The text at the end of each category's bars.
fn bar_labels(
    p: &mut egui_plot::PlotUi<'_>,
    bars: &Bars,
    geometry: &[Vec<Option<BarRect>>],
    text_color: egui::Color32,
) {
    let n = bars.categories.len();
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
}

/// Tells whether a chart `height` high placed here is in view; when it is not, reserves its
/// space and the caller skips it: a chart scrolled out of sight on a long page (thousands of
/// bars at 2,850 counties) is neither built nor drawn that frame.
pub fn in_view(ui: &mut egui::Ui, height: f32) -> bool {
    let size = egui::vec2(ui.available_width(), height);
    if ui.is_rect_visible(egui::Rect::from_min_size(ui.cursor().min, size)) {
        return true;
    }
    ui.allocate_space(size);
    false
}

/// Bars with egui_plot; hovering a category shows its values with units.
pub fn bars_ui(ui: &mut egui::Ui, id: &str, bars: &Bars, height: f32) {
    if !in_view(ui, height) {
        return;
    }
    let geometry = bars.geometry();
    let range = crate::view::chart::range_of(&geometry);
    bars_at_ui(ui, id, bars, (&geometry, range), true, height);
}

/// [`bars_ui`] with an error bar over each category: `errors[i]` = (low, high) in the bars'
/// unit, named `name` in the legend (GEP's 5–95 % interval on the charts page).
pub fn bars_with_errors_ui(
    ui: &mut egui::Ui,
    id: &str,
    bars: &Bars,
    (name, errors): (&str, &[Option<(f64, f64)>]),
    height: f32,
) {
    if !in_view(ui, height) {
        return;
    }
    let geometry = bars.geometry();
    let (lo, hi) = crate::view::chart::range_of(&geometry);
    let hi = errors.iter().flatten().fold(hi, |m, e| m.max(e.1));
    let lo = errors.iter().flatten().fold(lo, |m, e| m.min(e.0));
    bars_plot(
        ui,
        id,
        bars,
        (&geometry, (lo, hi)),
        true,
        height,
        (name, errors),
    );
}

/// [`bars_ui`] with the bars placed by `geometry` over the value range `range` (floating bars
/// of a waterfall, whose axis may start above 0).
pub fn bars_at_ui(
    ui: &mut egui::Ui,
    id: &str,
    bars: &Bars,
    (geometry, range): (&[Vec<Option<BarRect>>], (f64, f64)),
    legend: bool,
    height: f32,
) {
    bars_plot(ui, id, bars, (geometry, range), legend, height, ("", &[]));
}

/// Error bars (vertical or horizontal with the bars) with short caps, at each category's
/// centre.
fn error_lines(
    p: &mut egui_plot::PlotUi<'_>,
    bars: &Bars,
    geometry: &[Vec<Option<BarRect>>],
    (name, errors): (&str, &[Option<(f64, f64)>]),
    color: egui::Color32,
) {
    for (i, e) in errors.iter().enumerate() {
        let (Some((lo, hi)), Some((c, w, _, _))) = (
            *e,
            geometry.iter().find_map(|s| s.get(i).copied().flatten()),
        ) else {
            continue;
        };
        let cap = w * 0.15;
        let segs = [
            [[c, lo], [c, hi]],
            [[c - cap, lo], [c + cap, lo]],
            [[c - cap, hi], [c + cap, hi]],
        ];
        for seg in segs {
            let pts = if bars.horizontal {
                seg.map(|[a, b]| [b, a]).to_vec()
            } else {
                seg.to_vec()
            };
            p.line(
                Line::new(name, PlotPoints::new(pts))
                    .color(color)
                    .width(1.5)
                    .allow_hover(false),
            );
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn bars_plot(
    ui: &mut egui::Ui,
    id: &str,
    bars: &Bars,
    (geometry, range): (&[Vec<Option<BarRect>>], (f64, f64)),
    legend: bool,
    height: f32,
    errors: (&str, &[Option<(f64, f64)>]),
) {
    let n = bars.categories.len();
    let (inc_lo, inc_hi) = value_bounds(ui, bars, range, height);
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
    if legend && bars.series.len() > 1 {
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
                    // The bar spans its geometry (a floating bar's total stands on the axis
                    // floor, not on 0): length b − a from the end nearer the base.
                    let (base, len) = if v >= 0.0 { (a, b - a) } else { (b, a - b) };
                    let stroke = if hovered == Some(i) {
                        egui::Stroke::new(2.0, text_color)
                    } else {
                        egui::Stroke::new(1.0, color32(s.color.darker()))
                    };
                    let mut bar = Bar::new(c, len)
                        .width(w)
                        .fill(color32(s.color))
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
                .color(color32(s.color))
                .allow_hover(false)
                .id(("bars", j));
            p.bar_chart(chart);
        }
        bar_labels(p, bars, geometry, text_color);
        if !errors.1.is_empty() {
            error_lines(p, bars, geometry, errors, text_color);
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
            color32(s.color),
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
        painter.rect_filled(swatch, 2.0, color32(s.color));
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
                    .color(color32(sc.color))
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

/// Stacked bars of GEP by category per county, in `unit` (the overview page).
pub fn stacked_by_category(
    ui: &mut egui::Ui,
    id: &str,
    acc: &Accounts,
    lang: Lang,
    unit: MoneyUnit,
    height: f32,
) {
    bars_ui(ui, id, &build::overview_stacked(acc, lang, unit), height);
}
