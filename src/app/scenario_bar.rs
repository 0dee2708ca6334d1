//! The scenario selector of the top bar (基准 / each scenario; new, duplicate, rename and
//! delete with confirmation), the badge under it while a scenario is shown, and the rename
//! and delete dialogs. The edits themselves are `AppState`'s (`state/scenario_edit.rs`), each
//! one undo step; this module only draws and asks.

use eframe::egui;

use super::state::AppState;
use crate::i18n::{t, tf};

/// A dialog about one scenario, open until answered.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum ScenarioDialog {
    #[default]
    None,
    /// Rename `from`; the text typed so far.
    Rename { from: String, text: String },
    /// Confirm deleting the scenario.
    Delete(String),
}

/// The selector: the scenario shown, and the list actions.
pub fn selector(ui: &mut egui::Ui, state: &mut AppState) {
    let lang = state.lang();
    ui.label(t(lang, "sc_selector"));
    let baseline = t(lang, "sc_baseline").to_string();
    let shown = state.scenario_name().map(str::to_string);
    let names: Vec<String> = state
        .stored()
        .scenarios
        .iter()
        .map(|s| s.name.clone())
        .collect();
    egui::ComboBox::from_id_salt("scenario")
        .selected_text(shown.clone().unwrap_or_else(|| baseline.clone()))
        .width(120.0)
        .truncate()
        .show_ui(ui, |ui| {
            if ui.selectable_label(shown.is_none(), &baseline).clicked() {
                state.activate_scenario(None);
            }
            for n in &names {
                if ui
                    .selectable_label(shown.as_deref() == Some(n.as_str()), n)
                    .clicked()
                {
                    state.activate_scenario(Some(n));
                }
            }
            ui.separator();
            if ui.button(t(lang, "sc_new")).clicked() {
                state.new_scenario();
            }
            if let Some(n) = &shown {
                if ui.button(t(lang, "sc_duplicate")).clicked() {
                    state.duplicate_scenario(n);
                }
                if ui.button(t(lang, "sc_rename")).clicked() {
                    state.pages.scenarios.dialog = ScenarioDialog::Rename {
                        from: n.clone(),
                        text: n.clone(),
                    };
                }
                if ui.button(t(lang, "sc_delete")).clicked() {
                    state.pages.scenarios.dialog = ScenarioDialog::Delete(n.clone());
                }
            }
        })
        .response
        .accessible_name(t(lang, "sc_selector"))
        .on_hover_text(t(lang, "sc_selector_hint"));
}

/// The badge shown above every page while a scenario is shown.
pub fn badge(ui: &mut egui::Ui, state: &mut AppState) {
    let lang = state.lang();
    let Some(name) = state.scenario_name().map(str::to_string) else {
        return;
    };
    let year = state
        .stored()
        .scenario(&name)
        .map_or(state.year, |s| s.year);
    ui.horizontal(|ui| {
        let text = tf(lang, "sc_badge", &[("name", &name)]);
        let fill = egui::Color32::from_rgb(190, 110, 20);
        egui::Frame::new()
            .fill(fill)
            .corner_radius(4.0)
            .inner_margin(egui::Margin::symmetric(8, 3))
            .show(ui, |ui| {
                ui.label(
                    egui::RichText::new(text)
                        .strong()
                        .color(egui::Color32::WHITE),
                );
            });
        ui.label(tf(lang, "sc_badge_note", &[("year", &year.to_string())]));
        if ui.button(t(lang, "sc_back_to_baseline")).clicked() {
            state.activate_scenario(None);
        }
    });
}

/// The rename and delete dialogs.
pub fn dialogs(ctx: &egui::Context, state: &mut AppState) {
    let lang = state.lang();
    match state.pages.scenarios.dialog.clone() {
        ScenarioDialog::None => {}
        ScenarioDialog::Rename { from, mut text } => {
            let mut close = false;
            egui::Modal::new(egui::Id::unique("scenario_rename")).show(ctx, |ui| {
                ui.heading(tf(lang, "sc_rename_title", &[("name", &from)]));
                ui.text_edit_singleline(&mut text);
                ui.horizontal(|ui| {
                    if ui.button(t(lang, "ok")).clicked() && state.rename_scenario(&from, &text) {
                        close = true;
                    }
                    if ui.button(t(lang, "cancel")).clicked() {
                        close = true;
                    }
                });
            });
            state.pages.scenarios.dialog = if close {
                ScenarioDialog::None
            } else {
                ScenarioDialog::Rename { from, text }
            };
        }
        ScenarioDialog::Delete(name) => {
            let mut close = false;
            egui::Modal::new(egui::Id::unique("scenario_delete")).show(ctx, |ui| {
                ui.heading(t(lang, "sc_delete_title"));
                ui.label(tf(lang, "sc_delete_body", &[("name", &name)]));
                ui.horizontal(|ui| {
                    if ui.button(t(lang, "sc_delete_confirm")).clicked() {
                        state.delete_scenario(&name);
                        close = true;
                    }
                    if ui.button(t(lang, "cancel")).clicked() {
                        close = true;
                    }
                });
            });
            if close {
                state.pages.scenarios.dialog = ScenarioDialog::None;
            }
        }
    }
}
