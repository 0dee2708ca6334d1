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

pub use canvas::Transform;
#[cfg(test)]
mod tests;

use std::sync::Arc;

use eframe::egui;

use crate::app::nav::Page;
use crate::app::page_state::{MapKey, MapPage};
use crate::app::state::AppState;
use crate::i18n::{Lang, t, tf};
use crate::view::map::{MapInputs, MapQuantity, MapRequest, MapScene};

pub fn ui(ui: &mut egui::Ui, state: &mut AppState) {
    let lang = state.lang();
    let mut mem = std::mem::take(&mut state.pages.map);
    let export = controls::ui(ui, state, &mut mem);
    let scene = scene(state, &mut mem);
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

/// What the scene of the page's choices depends on.
fn key(state: &AppState, mem: &MapPage) -> MapKey {
    MapKey {
        revision: state.revision,
        framework: state.framework.clone(),
        lang: state.lang(),
        money: state.settings.money_unit,
        request: mem.request(state.year),
    }
}

/// The scene of the page's choices: the cached one when nothing it depends on changed.
fn scene(state: &mut AppState, mem: &mut MapPage) -> Result<Arc<MapScene>, String> {
    let key = key(state, mem);
    if let Some(s) = mem.cached(&key) {
        return s;
    }
    let built = build(state, &key.request);
    mem.scene = Some((key, built.clone()));
    built
}

/// Builds the scene from the shown accounts (and the compensation outcome or the growth
/// against the previous accounting year when the quantity needs them).
fn build(state: &mut AppState, req: &MapRequest) -> Result<Arc<MapScene>, String> {
    let lang = state.lang();
    if state.project.counties.is_empty() {
        return Err(t(lang, "mp_no_counties").to_string());
    }
    let acc = state.accounts().map_err(|e| e.message(lang))?;
    let compensation = match req.quantity {
        MapQuantity::Compensation | MapQuantity::PriorityClass => Some(state.compensation()?),
        _ => None,
    };
    let growth = if req.quantity == MapQuantity::RealGrowth {
        let year = state.year;
        let Some(from) = state.project.previous_year(year) else {
            return Err(tf(
                lang,
                "mp_growth_needs_previous",
                &[("year", &year.to_string())],
            ));
        };
        Some(state.growth(from, year).map_err(|e| e.message(lang))?)
    } else {
        None
    };
    let inputs = MapInputs {
        project: &state.project,
        registry: state.registry(),
        accounts: &acc,
        compensation: compensation.as_deref(),
        growth: growth.as_ref(),
        lang,
    };
    build_scene(&inputs, req)
}

/// The map builder (`view::map::build`), its error worded in the language shown.
fn build_scene(inputs: &MapInputs, req: &MapRequest) -> Result<Arc<MapScene>, String> {
    crate::view::map::scene(inputs, req)
        .map(Arc::new)
        .map_err(|e| e.message(inputs.lang))
}
