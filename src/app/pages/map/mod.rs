//! 地图 Map: a choropleth of one account quantity over the counties, drawn with egui's
//! painter from the `MapScene` that `view::map::build` makes (the same scene the SVG/PNG
//! export and the reports draw). The page owns the choices (quantity, classing, classes),
//! rebuilds the scene only when the project revision or the request changed
//! (`AppState::pages.map`), and hands drawing, pan/zoom, hover and clicks to `canvas`.
//!
//! A click on a county sets `AppState::selected_county`, which the Results, Counties, Land
//! cover and Services pages highlight; a county selected there is outlined here.

mod canvas;
mod controls;
mod scene;

pub use canvas::Transform;
/// The map canvas, for other pages drawing a `MapScene` (情景对比).
pub(crate) use canvas::show as draw_canvas;
#[cfg(test)]
mod tests;

use eframe::egui;

use crate::app::nav::Page;
use crate::app::state::AppState;
use crate::i18n::{Lang, t, tf};
use crate::view::map::MapScene;
use scene::Shown;

pub fn ui(ui: &mut egui::Ui, state: &mut AppState) {
    let lang = state.lang();
    let mut mem = std::mem::take(&mut state.pages.map);
    let export = controls::ui(ui, state, &mut mem);
    let scene = match scene::scene(state, &mut mem) {
        Shown::Ready(s) => s,
        Shown::Building => {
            ui.add_space(12.0);
            ui.horizontal(|ui| {
                ui.spinner();
                let n = state.project.counties.len().to_string();
                ui.label(tf(lang, "mp_building", &[("n", &n)]));
            });
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(100));
            state.pages.map = mem;
            return;
        }
    };
    controls::export(ui, state, &mut mem, export, scene.as_ref().ok());
    // The map page itself never scrolls to the selection; it outlines it.
    state.selection_scroll(Page::Map);
    match scene {
        Ok(scene) => {
            if !scene.missing.is_empty() {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    tf(
                        lang,
                        "mp_missing",
                        &[("names", &missing_names(state, &scene))],
                    ),
                );
            }
            if scene.areas.is_empty() {
                ui.add_space(12.0);
                ui.label(t(lang, "mp_no_outline"));
            } else {
                let sel = state.selected_county.clone();
                if let Some(click) = canvas::show(ui, lang, &scene, &mut mem, sel.as_deref()) {
                    state.select_county(click, Some(Page::Map));
                }
            }
        }
        Err(msg) => {
            ui.add_space(12.0);
            ui.colored_label(ui.visuals().error_fg_color, msg);
        }
    }
    state.pages.map = mem;
}

/// The names of the counties without an outline, in the language shown.
fn missing_names(state: &AppState, scene: &MapScene) -> String {
    let lang = state.lang();
    let sep = if lang == Lang::Zh { "、" } else { ", " };
    scene
        .missing
        .iter()
        .map(|m| {
            state
                .project
                .counties
                .iter()
                .find(|c| &c.code == m || c.name.get(lang) == m)
                .map_or_else(|| m.clone(), |c| c.name.get(lang).to_string())
        })
        .collect::<Vec<_>>()
        .join(sep)
}
