//! 分生态系统 Ecosystems: one county's accounts split by ecosystem type, for the year shown.
//!
//! A page of its own rather than a section of 生态服务: the split is per county (parts, their
//! land cover and inputs) while 生态服务 is a county × inputs table per indicator, and the
//! split needs room for three things that do not fit one screen at 1366×768 — so the left
//! panel holds the county, its parts and the project's subtypes, and the right side has three
//! tabs: the inputs of a split indicator by part (the 生态服务 table itself, one row per part:
//! `services::parts`), the parts' land cover (`land`), and the table "GEP by ecosystem type"
//! of the county and the region (`summary`, from `view::ecosystem`).
//!
//! Every edit is one undo step (`edits`). Values come from the engine's accounts: each part's
//! value from `IndicatorAccount::parts`, the county's value of a split indicator (the sum of its
//! parts) from the indicator's account — never summed here. The rules of the split are
//! `model::ecosystem`'s.

mod edits;
mod land;
mod subtypes;
mod summary;
#[cfg(test)]
mod tests;

use eframe::egui;

use crate::app::format;
use crate::app::state::AppState;
use crate::engine::Status;
use crate::i18n::{Lang, t, tf};
use crate::registry::{Formula, IndicatorSpec};
use crate::view::ecosystem::ordered_parts;

use super::services::parts::{county_value, part_inputs_ui};
use edits::{add_part, remove_part};

pub fn ui(ui: &mut egui::Ui, state: &mut AppState) {
    let lang = state.lang();
    settle_county(state);
    egui::Panel::left("ecosystems_side")
        .resizable(true)
        .default_size(250.0)
        .min_size(200.0)
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("ecov_side_scroll")
                .show(ui, |ui| side_ui(ui, state));
        });
    egui::CentralPanel::no_frame().show(ui, |ui| {
        let Some(code) = state.pages.ecosystems.county.clone() else {
            ui.heading(state.page.title(lang));
            ui.label(t(lang, "ecov_no_county"));
            return;
        };
        if state.project.period(state.year).is_none() {
            ui.heading(state.page.title(lang));
            ui.colored_label(
                ui.visuals().error_fg_color,
                tf(lang, "svc_no_period", &[("year", &state.year.to_string())]),
            );
            return;
        }
        ui.horizontal(|ui| {
            let tab = &mut state.pages.ecosystems.tab;
            for (k, key) in [
                (0, "ecov_tab_inputs"),
                (1, "ecov_tab_land"),
                (2, "ecov_tab_table"),
            ] {
                ui.selectable_value(tab, k, egui::RichText::new(t(lang, key)).strong());
            }
        });
        ui.separator();
        match state.pages.ecosystems.tab {
            1 => land::land_ui(ui, state, &code),
            2 => summary::summary_ui(ui, state, &code),
            _ => inputs_tab(ui, state, &code),
        }
    });
}

/// Keeps the county shown one of the project's (the first when none was picked).
fn settle_county(state: &mut AppState) {
    let page = &mut state.pages.ecosystems;
    let known = |c: &String| state.project.counties.iter().any(|x| &x.code == c);
    if !page.county.as_ref().is_some_and(known) {
        page.county = state.project.counties.first().map(|c| c.code.clone());
    }
}

/// The parts of the county in the year shown, in the accounts' order, with their names.
pub(super) fn parts_of(state: &AppState, code: &str) -> Vec<(String, String)> {
    let labels = state.labels();
    let Some(cp) = state
        .project
        .period(state.year)
        .and_then(|p| p.counties.get(code))
    else {
        return Vec::new();
    };
    ordered_parts(&labels, cp.ecosystem_parts.keys())
        .into_iter()
        .map(|k| {
            let name = part_label(&labels, &k);
            (k, name)
        })
        .collect()
}

/// A part's name; a subtype's with its type ("针叶林（森林）").
fn part_label(labels: &crate::view::Labels, key: &str) -> String {
    let name = labels.ecosystem_part_name(key);
    match labels
        .project
        .ecosystem_subtypes
        .iter()
        .find(|s| s.id == key)
    {
        Some(s) => labels.with_unit(&name, &labels.ecosystem_part_name(&s.ecosystem)),
        None => name,
    }
}

/// Left: heading, county, the county's parts (add / remove), the project's subtypes.
fn side_ui(ui: &mut egui::Ui, state: &mut AppState) {
    let lang = state.lang();
    ui.heading(state.page.title(lang));
    ui.label(egui::RichText::new(t(lang, "ecov_intro")).weak().small());
    ui.add_space(4.0);
    county_picker(ui, state);
    if let Some(code) = state.pages.ecosystems.county.clone() {
        ui.add_space(6.0);
        parts_ui(ui, state, &code);
    }
    ui.add_space(8.0);
    ui.separator();
    subtypes::subtypes_ui(ui, state);
}

fn county_picker(ui: &mut egui::Ui, state: &mut AppState) {
    let lang = state.lang();
    let current = state.pages.ecosystems.county.clone();
    let name_of = |code: &str| {
        state
            .project
            .counties
            .iter()
            .find(|c| c.code == code)
            .map_or_else(String::new, |c| c.name.get(lang).to_string())
    };
    let mut picked = None;
    ui.horizontal(|ui| {
        ui.label(t(lang, "ecov_county"));
        egui::ComboBox::from_id_salt("ecov_county")
            .selected_text(current.as_deref().map(name_of).unwrap_or_default())
            .width(ui.available_width() - 8.0)
            .show_ui(ui, |ui| {
                for c in &state.project.counties {
                    if ui
                        .selectable_label(current.as_ref() == Some(&c.code), c.name.get(lang))
                        .clicked()
                    {
                        picked = Some(c.code.clone());
                    }
                }
            })
            .response
            .accessible_name(t(lang, "ecov_county"));
    });
    if picked.is_some() {
        state.pages.ecosystems.county = picked;
    }
}

/// The county's parts with a remove button each, and the add menu (types, then subtypes).
fn parts_ui(ui: &mut egui::Ui, state: &mut AppState, code: &str) {
    let lang = state.lang();
    let year = state.year;
    ui.strong(tf(lang, "ecov_parts_of", &[("year", &year.to_string())]));
    let parts = parts_of(state, code);
    if parts.is_empty() {
        ui.label(egui::RichText::new(t(lang, "ecov_no_parts")).weak());
    }
    let mut remove = None;
    for (key, name) in &parts {
        ui.horizontal(|ui| {
            if ui
                .small_button("×")
                .on_hover_text(t(lang, "ecov_remove_part_help"))
                .accessible_name(tf(lang, "ecov_remove_part", &[("name", name)]))
                .clicked()
            {
                remove = Some(key.clone());
            }
            ui.label(name);
        });
    }
    let labels = state.labels();
    let mut choices: Vec<(String, String)> = labels
        .registry
        .ecosystems
        .iter()
        .map(|e| (e.id.clone(), e.name.get(lang).to_string()))
        .collect();
    choices.extend(
        state
            .project
            .ecosystem_subtypes
            .iter()
            .map(|s| (s.id.clone(), part_label(&labels, &s.id))),
    );
    choices.retain(|(k, _)| !parts.iter().any(|(p, _)| p == k));
    let mut add = None;
    egui::ComboBox::from_id_salt("ecov_add_part")
        .selected_text(t(lang, "ecov_add_part"))
        .width(ui.available_width() - 8.0)
        .show_ui(ui, |ui| {
            for (k, name) in &choices {
                if ui.selectable_label(false, name).clicked() {
                    add = Some(k.clone());
                }
            }
        })
        .response
        .accessible_name(t(lang, "ecov_add_part"));
    let codes = [code.to_string()];
    if let Some(k) = add {
        state.edit_counties(year, &codes, |p| add_part(p, year, code, &k));
    }
    if let Some(k) = remove {
        state.edit_counties(year, &codes, |p| remove_part(p, year, code, &k));
    }
}

/// Indicators that can be split: every indicator of the project's catalogue but material
/// products (product lines) and travel-cost recreation (visits are not area-based), plus any
/// indicator a part of the county already has (nothing entered is ever hidden).
fn splittable(state: &AppState, code: &str) -> Vec<IndicatorSpec> {
    let cp = state
        .project
        .period(state.year)
        .and_then(|p| p.counties.get(code));
    let used = |id: &str| {
        cp.is_some_and(|d| {
            d.ecosystem_parts
                .values()
                .any(|x| x.indicators.contains_key(id))
        })
    };
    crate::model::catalogue::indicators(&state.project, state.registry())
        .into_iter()
        .filter(|s| {
            !matches!(s.formula, Formula::Products | Formula::TravelCost { .. }) || used(&s.id)
        })
        .map(std::borrow::Cow::into_owned)
        .collect()
}

/// The inputs tab: the indicator picker, the county's value (the sum of its parts), and the
/// part × inputs table.
fn inputs_tab(ui: &mut egui::Ui, state: &mut AppState, code: &str) {
    let lang = state.lang();
    let parts = parts_of(state, code);
    if parts.is_empty() {
        ui.label(t(lang, "ecov_add_parts_first"));
        return;
    }
    let specs = splittable(state, code);
    let split: Vec<bool> = specs.iter().map(|s| is_split(state, code, &s.id)).collect();
    let page = &mut state.pages.ecosystems;
    if !specs.iter().any(|s| s.id == page.indicator) {
        // The first indicator split in the county, else the first that can be.
        let first = specs
            .iter()
            .zip(&split)
            .find(|(_, on)| **on)
            .map(|(s, _)| s);
        page.indicator = first
            .or(specs.first())
            .map(|s| s.id.clone())
            .unwrap_or_default();
    }
    let selected = page.indicator.clone();
    let mut picked = None;
    ui.horizontal(|ui| {
        ui.label(t(lang, "ecov_indicator"));
        let current = specs
            .iter()
            .find(|s| s.id == selected)
            .map_or_else(String::new, |s| s.name.get(lang).to_string());
        egui::ComboBox::from_id_salt("ecov_indicator")
            .selected_text(current)
            .width(260.0)
            .height(500.0)
            .show_ui(ui, |ui| {
                for (s, on) in specs.iter().zip(&split) {
                    let text = if *on {
                        tf(lang, "ecov_indicator_split", &[("name", s.name.get(lang))])
                    } else {
                        s.name.get(lang).to_string()
                    };
                    if ui.selectable_label(s.id == selected, text).clicked() {
                        picked = Some(s.id.clone());
                    }
                }
            })
            .response
            .accessible_name(t(lang, "ecov_indicator"));
        ui.label(
            egui::RichText::new(t(lang, "ecov_indicator_help"))
                .weak()
                .small(),
        );
    });
    if let Some(id) = picked {
        state.pages.ecosystems.indicator = id;
    }
    let Some(spec) = specs
        .iter()
        .find(|s| s.id == state.pages.ecosystems.indicator)
    else {
        return;
    };
    total_line(ui, state, code, spec);
    part_inputs_ui(ui, state, code, &parts, spec);
}

/// Whether a part of the county has an entry for the indicator (the split rule of
/// `model::ecosystem`).
fn is_split(state: &AppState, code: &str, ind: &str) -> bool {
    state
        .project
        .period(state.year)
        .and_then(|p| p.counties.get(code))
        .is_some_and(|cp| {
            cp.ecosystem_parts
                .values()
                .any(|x| x.indicators.contains_key(ind))
        })
}

/// "县合计 = 各部分之和：…" when the indicator is split in the county, else that the county's
/// own inputs are used.
fn total_line(ui: &mut egui::Ui, state: &mut AppState, code: &str, spec: &IndicatorSpec) {
    let lang = state.lang();
    let money = state.settings.money_unit;
    let county = state
        .project
        .counties
        .iter()
        .find(|c| c.code == code)
        .map_or_else(String::new, |c| c.name.get(lang).to_string());
    let split = is_split(state, code, &spec.id);
    let value = county_value(state, code, &spec.id);
    let shown = match &value {
        Some((Status::Computed, v)) => format::money(*v, money, lang),
        Some((s, _)) => status_word(lang, s).to_string(),
        None => "—".to_string(),
    };
    let key = if split {
        "ecov_total_split"
    } else {
        "ecov_total_not_split"
    };
    let text = tf(
        lang,
        key,
        &[
            ("county", &county),
            ("indicator", spec.name.get(lang)),
            ("value", &shown),
        ],
    );
    ui.label(egui::RichText::new(text).strong());
}

fn status_word(lang: Lang, s: &Status) -> &'static str {
    match s {
        Status::Computed => "",
        Status::NotEntered => t(lang, "not_entered"),
        Status::Incomplete { .. } => t(lang, "incomplete"),
        Status::Failed { .. } => t(lang, "failed"),
    }
}
