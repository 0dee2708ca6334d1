//! Draws a `MapScene` with egui's painter and handles the map's pointer: drag pans, the wheel
//! or a pinch zooms about the pointer (+ / − / reset buttons too), hovering a county outlines it
//! and shows its `details`, a click selects it (a click on the background clears).
//!
//! The county fills (`MapArea::triangles`) and borders go into one `egui::Mesh`, built once
//! per scene and view (rect, zoom, pan) and kept in egui's temp memory: a still map of
//! thousands of counties costs one mesh copy per frame, not a tessellation. Labels, the
//! legend, north arrow, scale bar, flows and the notes under the map are drawn each frame.

use std::sync::Arc;

use eframe::egui::{self, Color32, Mesh, Pos2, Rect, Shape, Stroke, pos2, vec2};
use egui::epaint::{PathShape, TessellationOptions, Tessellator};

use crate::app::page_state::MapPage;
use crate::i18n::{Lang, t, tf};
use crate::view::chart::Rgb;
use crate::view::map::{MapArea, MapScene};

const MIN_ZOOM: f32 = 0.5;
const MAX_ZOOM: f32 = 64.0;
/// Labels smaller than this (points) are left out; larger ones are drawn at most this big.
const LABEL_MIN: f32 = 8.0;
const LABEL_MAX: f32 = 16.0;
const NOTE_SIZE: f32 = 12.5;

/// Plane km → screen points for one frame (y flipped: plane y grows northwards).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Transform {
    /// Screen point of the plane point `mid`.
    centre: Pos2,
    mid: [f64; 2],
    /// Screen points per km.
    scale: f64,
}

impl Transform {
    /// The whole scene fits `rect` (with a margin) at zoom 1; `pan` moves it in points.
    pub fn new(rect: Rect, bounds: [f64; 4], zoom: f32, pan: [f32; 2]) -> Transform {
        let w = (bounds[2] - bounds[0]).max(1e-6);
        let h = (bounds[3] - bounds[1]).max(1e-6);
        let fit = (f64::from(rect.width()) / w).min(f64::from(rect.height()) / h) * 0.92;
        Transform {
            centre: rect.center() + vec2(pan[0], pan[1]),
            mid: [(bounds[0] + bounds[2]) / 2.0, (bounds[1] + bounds[3]) / 2.0],
            scale: fit * f64::from(zoom),
        }
    }

    pub fn to_screen(self, p: [f64; 2]) -> Pos2 {
        pos2(
            self.centre.x + ((p[0] - self.mid[0]) * self.scale) as f32,
            self.centre.y - ((p[1] - self.mid[1]) * self.scale) as f32,
        )
    }

    pub fn to_plane(self, p: Pos2) -> [f64; 2] {
        [
            self.mid[0] + f64::from(p.x - self.centre.x) / self.scale,
            self.mid[1] - f64::from(p.y - self.centre.y) / self.scale,
        ]
    }
}

/// What is kept between frames for one scene: the areas' plane boxes (hit tests, label
/// culling) and the mesh of the last view.
#[derive(Clone)]
struct Cache {
    scene: Arc<MapScene>,
    boxes: Arc<Vec<[f64; 4]>>,
    mesh: Option<(ViewKey, Arc<Mesh>)>,
}

#[derive(Clone, Copy, PartialEq)]
struct ViewKey {
    transform: Transform,
    rect: Rect,
    pixels_per_point: f32,
    dark: bool,
}

fn rgb(c: Rgb) -> Color32 {
    Color32::from_rgb(c.0, c.1, c.2)
}

/// Draws the map in the space left; returns `Some(Some(code))` when a county was clicked,
/// `Some(None)` when the background was.
pub(crate) fn show(
    ui: &mut egui::Ui,
    lang: Lang,
    scene: &Arc<MapScene>,
    mem: &mut MapPage,
    selected: Option<&str>,
) -> Option<Option<String>> {
    let full = ui.available_rect_before_wrap();
    let notes_h = scene.notes.len() as f32 * (NOTE_SIZE + 5.0) + 6.0;
    let rect = Rect::from_min_max(full.min, pos2(full.max.x, full.max.y - notes_h));
    if rect.height() < 60.0 || rect.width() < 60.0 {
        return None;
    }
    let response = ui
        .allocate_rect(rect, egui::Sense::click_and_drag())
        .accessible_name(t(lang, "mp_canvas"));
    ui.allocate_rect(
        Rect::from_min_max(pos2(full.min.x, rect.max.y), full.max),
        egui::Sense::hover(),
    );
    pan_and_zoom(ui, &response, rect, mem);
    let transform = Transform::new(rect, scene.bounds, mem.zoom, mem.pan);
    let cache_id = ui.scope_id().with("map_canvas_cache");
    let mut cache = cached(ui, cache_id, scene);
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 0.0, ui.visuals().extreme_bg_color);
    let key = ViewKey {
        transform,
        rect,
        pixels_per_point: ui.ctx().pixels_per_point(),
        dark: ui.visuals().dark_mode,
    };
    let mesh = match &cache.mesh {
        Some((k, m)) if *k == key => m.clone(),
        _ => {
            let m = Arc::new(build_mesh(scene, &key, border_colour(ui)));
            cache.mesh = Some((key, m.clone()));
            m
        }
    };
    painter.add(Shape::Mesh(mesh));
    let hovered = response
        .hover_pos()
        .and_then(|p| hit(scene, &cache.boxes, transform.to_plane(p)));
    flows_ui(&painter, scene, &transform);
    labels_ui(ui, &painter, scene, &transform);
    if let Some(i) = selected.and_then(|c| scene.areas.iter().position(|a| a.county == c)) {
        let stroke = Stroke::new(3.0, ui.visuals().selection.stroke.color);
        outline(&painter, &scene.areas[i], &transform, stroke);
    }
    if let Some(i) = hovered {
        outline(
            &painter,
            &scene.areas[i],
            &transform,
            Stroke::new(2.0, ui.visuals().strong_text_color()),
        );
    }
    legend_ui(ui, &painter, scene, rect);
    north_arrow(ui, &painter, rect, lang);
    scale_bar(ui, &painter, scene, rect, &transform, lang);
    notes_ui(
        ui,
        scene,
        Rect::from_min_max(pos2(full.min.x, rect.max.y), full.max),
    );
    zoom_buttons(ui, rect, mem, lang);
    let clicked = response.clicked().then(|| {
        response
            .interact_pointer_pos()
            .and_then(|p| hit(scene, &cache.boxes, transform.to_plane(p)))
            .map(|i| scene.areas[i].county.clone())
    });
    match hovered {
        Some(i) => {
            response.on_hover_ui_at_pointer(|ui| details_ui(ui, &scene.areas[i]));
        }
        // At the pointer, not under the map, so the notes below it stay visible.
        None => {
            response.on_hover_ui_at_pointer(|ui| {
                ui.label(t(lang, "mp_help"));
            });
        }
    }
    ui.data_mut(|d| d.insert_temp(cache_id, cache));
    clicked
}

/// The cache of `scene`, made afresh when the scene changed.
fn cached(ui: &egui::Ui, id: egui::Id, scene: &Arc<MapScene>) -> Cache {
    match ui.data(|d| d.get_temp::<Cache>(id)) {
        Some(c) if Arc::ptr_eq(&c.scene, scene) => c,
        _ => Cache {
            scene: scene.clone(),
            boxes: Arc::new(scene.areas.iter().map(plane_box).collect()),
            mesh: None,
        },
    }
}

fn border_colour(ui: &egui::Ui) -> Color32 {
    if ui.visuals().dark_mode {
        Color32::from_gray(40)
    } else {
        Color32::from_gray(255)
    }
}

/// Drag pans; the wheel (or a pinch, or Ctrl+wheel) zooms about the pointer.
fn pan_and_zoom(ui: &egui::Ui, response: &egui::Response, rect: Rect, mem: &mut MapPage) {
    if response.dragged() {
        let d = response.drag_delta();
        mem.pan[0] += d.x;
        mem.pan[1] += d.y;
    }
    if !response.hovered() {
        return;
    }
    let (scroll, pinch) = ui.input(|i| (i.smooth_scroll_delta.y, i.zoom_delta()));
    let factor = pinch * (scroll / 300.0).exp();
    if (factor - 1.0).abs() > 1e-4
        && let Some(p) = response.hover_pos()
    {
        zoom_about(mem, rect, p, factor);
    }
}

/// Multiplies the zoom by `factor`, keeping the map point under `p` where it is.
pub(super) fn zoom_about(mem: &mut MapPage, rect: Rect, p: Pos2, factor: f32) {
    let new = (mem.zoom * factor).clamp(MIN_ZOOM, MAX_ZOOM);
    let k = new / mem.zoom;
    let c = rect.center();
    let off = vec2(mem.pan[0], mem.pan[1]);
    let rel = p - c - off;
    let off = p - c - rel * k;
    mem.pan = [off.x, off.y];
    mem.zoom = new;
}

fn zoom_buttons(ui: &mut egui::Ui, rect: Rect, mem: &mut MapPage, lang: Lang) {
    let at =
        |i: f32, w: f32| Rect::from_min_size(rect.min + vec2(8.0, 8.0 + i * 30.0), vec2(w, 26.0));
    let buttons = [
        ("+", "mp_zoom_in"),
        ("−", "mp_zoom_out"),
        ("", "mp_zoom_reset"),
    ];
    for (i, (text, key)) in buttons.into_iter().enumerate() {
        let (text, w) = if text.is_empty() {
            (t(lang, key), 60.0)
        } else {
            (text, 28.0)
        };
        let r = ui
            .put(at(i as f32, w), egui::Button::new(text))
            .accessible_name(t(lang, key))
            .on_hover_text(t(lang, key));
        if r.clicked() {
            match i {
                0 => zoom_about(mem, rect, rect.center(), 1.5),
                1 => zoom_about(mem, rect, rect.center(), 1.0 / 1.5),
                _ => {
                    mem.zoom = 1.0;
                    mem.pan = [0.0, 0.0];
                }
            }
        }
    }
}

/// Fills and borders of every area, in screen points.
fn build_mesh(scene: &MapScene, key: &ViewKey, border: Color32) -> Mesh {
    let tr = &key.transform;
    let mut mesh = Mesh::default();
    let n: usize = scene.areas.iter().map(|a| a.triangles.len()).sum();
    mesh.reserve_vertices(n * 3);
    mesh.reserve_triangles(n);
    for a in &scene.areas {
        let fill = rgb(a.fill);
        for tri in &a.triangles {
            let base = mesh.vertices.len() as u32;
            for p in tri {
                mesh.colored_vertex(tr.to_screen(*p), fill);
            }
            mesh.add_triangle(base, base + 1, base + 2);
        }
    }
    let mut tess = Tessellator::new(
        key.pixels_per_point,
        TessellationOptions::default(),
        [1, 1],
        Vec::new(),
    );
    tess.set_clip_rect(key.rect);
    let stroke = Stroke::new(0.8, border);
    for a in &scene.areas {
        for poly in &a.polygons {
            for ring in std::iter::once(&poly.exterior).chain(&poly.holes) {
                let pts: Vec<Pos2> = ring.iter().map(|p| tr.to_screen(*p)).collect();
                tess.tessellate_path(&PathShape::closed_line(pts, stroke), &mut mesh);
            }
        }
    }
    mesh
}

fn outline(painter: &egui::Painter, a: &MapArea, tr: &Transform, stroke: Stroke) {
    for poly in &a.polygons {
        for ring in std::iter::once(&poly.exterior).chain(&poly.holes) {
            let pts: Vec<Pos2> = ring.iter().map(|p| tr.to_screen(*p)).collect();
            painter.add(PathShape::closed_line(pts, stroke));
        }
    }
}

/// [min x, min y, max x, max y] of an area's exteriors in plane km.
fn plane_box(a: &MapArea) -> [f64; 4] {
    let mut b = [
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    ];
    for p in a.polygons.iter().flat_map(|p| &p.exterior) {
        b = [
            b[0].min(p[0]),
            b[1].min(p[1]),
            b[2].max(p[0]),
            b[3].max(p[1]),
        ];
    }
    b
}

/// The area under plane point `q`, if any.
pub(super) fn hit(scene: &MapScene, boxes: &[[f64; 4]], q: [f64; 2]) -> Option<usize> {
    scene.areas.iter().enumerate().position(|(i, a)| {
        let b = boxes[i];
        q[0] >= b[0]
            && q[0] <= b[2]
            && q[1] >= b[1]
            && q[1] <= b[3]
            && a.polygons
                .iter()
                .any(|p| inside(&p.exterior, q) && !p.holes.iter().any(|h| inside(h, q)))
    })
}

/// Even–odd ray casting.
fn inside(ring: &[[f64; 2]], q: [f64; 2]) -> bool {
    let mut c = false;
    let n = ring.len();
    for i in 0..n {
        let (a, b) = (ring[i], ring[(i + n - 1) % n]);
        if (a[1] > q[1]) != (b[1] > q[1])
            && q[0] < (b[0] - a[0]) * (q[1] - a[1]) / (b[1] - a[1]) + a[0]
        {
            c = !c;
        }
    }
    c
}

/// County names where the scene placed them, at the scene's label size scaled with the map
/// (the builder placed them so that they do not overlap at that size, at any zoom); left out
/// while too small to read, and never drawn larger than `LABEL_MAX`.
fn labels_ui(ui: &egui::Ui, painter: &egui::Painter, scene: &MapScene, tr: &Transform) {
    let clip = painter.clip_rect();
    let text = ui.visuals().strong_text_color();
    let halo = ui.visuals().extreme_bg_color.gamma_multiply(0.8);
    for a in &scene.areas {
        let Some(at) = a.label_at else { continue };
        let size = (a.label_size * tr.scale) as f32;
        let p = tr.to_screen(at);
        if size < LABEL_MIN || !clip.contains(p) {
            continue;
        }
        let font = egui::FontId::proportional(size.min(LABEL_MAX));
        let galley = painter.layout_no_wrap(a.name.clone(), font, text);
        let r = egui::Align2::CENTER_CENTER.anchor_size(p, galley.size());
        painter.rect_filled(r.expand(1.0), 3.0, halo);
        painter.galley(r.min, galley, text);
    }
}

/// Payer → receiver arrows, as wide as the scene says.
fn flows_ui(painter: &egui::Painter, scene: &MapScene, tr: &Transform) {
    let colour = Color32::from_rgba_unmultiplied(200, 90, 20, 210);
    for f in &scene.flows {
        let (a, b) = (tr.to_screen(f.from_at), tr.to_screen(f.to_at));
        let d = b - a;
        let len = d.length();
        if len < 4.0 {
            continue;
        }
        let w = (f.width as f32).clamp(1.0, 14.0);
        let dir = d / len;
        let head = (w * 2.5 + 6.0).min(len * 0.5);
        let base = b - dir * head;
        painter.line_segment([a, base], Stroke::new(w, colour));
        let side = vec2(-dir.y, dir.x) * (w + 4.0);
        painter.add(Shape::convex_polygon(
            vec![b, base + side, base - side],
            colour,
            Stroke::NONE,
        ));
    }
}

/// The legend in the lower left corner: title with the unit, then a swatch per class.
fn legend_ui(ui: &egui::Ui, painter: &egui::Painter, scene: &MapScene, rect: Rect) {
    let lg = &scene.legend;
    if lg.entries.is_empty() {
        return;
    }
    let text = ui.visuals().text_color();
    let font = egui::FontId::proportional(12.5);
    let title = painter.layout_no_wrap(
        lg.title.clone(),
        egui::FontId::proportional(13.5),
        ui.visuals().strong_text_color(),
    );
    let rows: Vec<_> = lg
        .entries
        .iter()
        .map(|(c, s)| {
            (
                rgb(*c),
                painter.layout_no_wrap(s.clone(), font.clone(), text),
            )
        })
        .collect();
    let row_h = 18.0;
    let width = rows
        .iter()
        .map(|(_, g)| g.size().x + 26.0)
        .fold(title.size().x, f32::max)
        + 16.0;
    let height = title.size().y + 6.0 + rows.len() as f32 * row_h + 12.0;
    let r = Rect::from_min_size(
        pos2(rect.min.x + 8.0, rect.max.y - height - 8.0),
        vec2(width, height),
    );
    painter.rect_filled(r, 4.0, ui.visuals().panel_fill.gamma_multiply(0.92));
    painter.rect_stroke(
        r,
        4.0,
        ui.visuals().widgets.noninteractive.bg_stroke,
        egui::StrokeKind::Inside,
    );
    let mut y = r.min.y + 6.0;
    painter.galley(pos2(r.min.x + 8.0, y), title.clone(), text);
    y += title.size().y + 6.0;
    for (c, g) in rows {
        let sw = Rect::from_min_size(pos2(r.min.x + 8.0, y + 3.0), vec2(18.0, 12.0));
        painter.rect_filled(sw, 1.0, c);
        painter.rect_stroke(
            sw,
            1.0,
            Stroke::new(0.5, Color32::from_gray(120)),
            egui::StrokeKind::Inside,
        );
        painter.galley(
            pos2(sw.max.x + 6.0, y + (row_h - g.size().y) / 2.0),
            g,
            text,
        );
        y += row_h;
    }
}

/// A north arrow in the upper right corner.
fn north_arrow(ui: &egui::Ui, painter: &egui::Painter, rect: Rect, lang: Lang) {
    let c = ui.visuals().strong_text_color();
    let top = pos2(rect.max.x - 30.0, rect.min.y + 28.0);
    let half = 9.0;
    let len = 28.0;
    let left = top + vec2(-half, len);
    let right = top + vec2(half, len);
    let notch = top + vec2(0.0, len * 0.72);
    painter.add(Shape::convex_polygon(
        vec![top, notch, left],
        c,
        Stroke::NONE,
    ));
    painter.add(Shape::closed_line(
        vec![top, right, notch],
        Stroke::new(1.2, c),
    ));
    painter.text(
        top - vec2(0.0, 4.0),
        egui::Align2::CENTER_BOTTOM,
        t(lang, "mp_north"),
        egui::FontId::proportional(13.0),
        c,
    );
}

/// The scale bar in the lower right corner: the scene's length while it fits between 60 and
/// 200 points at this zoom, else the nearest 1–2–5 length that does.
fn scale_bar(
    ui: &egui::Ui,
    painter: &egui::Painter,
    scene: &MapScene,
    rect: Rect,
    tr: &Transform,
    lang: Lang,
) {
    let (km, label) = bar_length(scene, tr.scale, lang);
    let px = (km * tr.scale) as f32;
    let c = ui.visuals().strong_text_color();
    let end = pos2(rect.max.x - 16.0, rect.max.y - 16.0);
    let start = end - vec2(px, 0.0);
    let stroke = Stroke::new(2.0, c);
    painter.line_segment([start, end], stroke);
    painter.line_segment([start, start - vec2(0.0, 6.0)], stroke);
    painter.line_segment([end, end - vec2(0.0, 6.0)], stroke);
    painter.text(
        pos2((start.x + end.x) / 2.0, start.y - 6.0),
        egui::Align2::CENTER_BOTTOM,
        label,
        egui::FontId::proportional(12.5),
        c,
    );
}

/// The scale bar's length in km and its label at `scale` points per km.
pub(super) fn bar_length(scene: &MapScene, scale: f64, lang: Lang) -> (f64, String) {
    let sb = &scene.scale_bar;
    let fits = |km: f64| (60.0..=200.0).contains(&(km * scale));
    if sb.km > 0.0 && fits(sb.km) {
        return (sb.km, sb.label.clone());
    }
    let target = 120.0 / scale.max(1e-9);
    let mag = 10f64.powf(target.log10().floor());
    let km = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * mag)
        .min_by(|a, b| (a - target).abs().total_cmp(&(b - target).abs()))
        .unwrap_or(mag);
    let shown = format!("{km:.3}")
        .trim_end_matches('0')
        .trim_end_matches('.')
        .to_string();
    (km, tf(lang, "mp_scale_km", &[("km", &shown)]))
}

/// The lines under the map (schematic notice or the user's source, then the data line):
/// outside the map, so nothing covers them.
fn notes_ui(ui: &egui::Ui, scene: &MapScene, band: Rect) {
    let painter = ui.painter_at(band);
    let c = ui.visuals().text_color();
    let mut y = band.min.y + 4.0;
    for n in &scene.notes {
        painter.text(
            pos2(band.min.x + 4.0, y),
            egui::Align2::LEFT_TOP,
            n,
            egui::FontId::proportional(NOTE_SIZE),
            c,
        );
        y += NOTE_SIZE + 5.0;
    }
}

/// The hovered county's figures.
fn details_ui(ui: &mut egui::Ui, a: &MapArea) {
    ui.strong(&a.name);
    if a.details.is_empty() {
        // The details carry the value when there are any.
        ui.label(&a.value_text);
        return;
    }
    ui.separator();
    egui::Grid::new("map_details")
        .num_columns(2)
        .show(ui, |ui| {
            for (k, v) in &a.details {
                ui.label(k);
                ui.label(v);
                ui.end_row();
            }
        });
}
