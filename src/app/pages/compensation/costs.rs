//! The opportunity cost's other annual cost items (county, name, 万元 per year) and its
//! beneficiaries (county, name, value received in 万元, parties sharing equally) on the 补偿
//! page, for the opportunity-cost and standard-range methods. Each edit is one undo step
//! through `AppState::edit_compensation`.

use eframe::egui;

use super::WAN;
use super::params::number_cell;
use crate::app::state::AppState;
use crate::app::widgets::{CellSpec, text_cell};
use crate::i18n::t;
use crate::model::compensation::{
    BeneficiaryEntry, CompensationSettings, OpportunitySettings, OtherCostEntry,
};

/// (code, name) of the project's counties in the page language.
fn counties(state: &AppState) -> Vec<(String, String)> {
    let lang = state.lang();
    state
        .project
        .counties
        .iter()
        .map(|c| (c.code.clone(), c.name.get(lang).to_string()))
        .collect()
}

/// A county picker; returns a newly chosen code.
fn county_combo(
    ui: &mut egui::Ui,
    salt: (&str, usize),
    current: &str,
    counties: &[(String, String)],
    name: &str,
) -> Option<String> {
    let shown = counties
        .iter()
        .find(|(c, _)| c == current)
        .map_or_else(|| current.to_string(), |(_, n)| n.clone());
    let mut picked = None;
    egui::ComboBox::from_id_salt(salt)
        .selected_text(shown)
        .width(120.0)
        .show_ui(ui, |ui| {
            for (code, n) in counties {
                if ui.selectable_label(code == current, n).clicked() {
                    picked = Some(code.clone());
                }
            }
        })
        .response
        .accessible_name(name);
    picked.filter(|c| c != current)
}

/// A text cell of fixed width.
fn text(ui: &mut egui::Ui, id: egui::Id, value: &str, name: &str, width: f32) -> Option<String> {
    ui.allocate_ui(egui::vec2(width, ui.spacing().interact_size.y), |ui| {
        text_cell(ui, id, value, name)
    })
    .inner
}

/// An amount cell in 万元 (≥ 0).
fn wan_cell(
    ui: &mut egui::Ui,
    state: &mut AppState,
    id: egui::Id,
    yuan: f64,
    name: &str,
) -> Option<f64> {
    let spec = CellSpec {
        decimals: 2,
        name,
        problem: None,
        min: Some(0.0),
        max: None,
    };
    number_cell(ui, state, id, 120.0, WAN.from_yuan(yuan), spec).map(|v| WAN.to_yuan(v))
}

/// One row per other annual cost: county, name, amount (万元/年), remove.
pub(super) fn other_costs(ui: &mut egui::Ui, state: &mut AppState, set: &CompensationSettings) {
    let lang = state.lang();
    let counties = counties(state);
    ui.strong(t(lang, "std_other_costs"));
    let mut remove = None;
    egui::Grid::new("std_costs_grid")
        .num_columns(4)
        .striped(true)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            for key in ["cmpx_inv_county", "std_cost_name", "std_cost_amount"] {
                ui.strong(t(lang, key));
            }
            ui.label("");
            ui.end_row();
            for (i, x) in set.opportunity.other_costs.iter().enumerate() {
                let row = format!("{} {} · ", t(lang, "std_other_costs"), i + 1);
                let name = format!("{row}{}", t(lang, "cmpx_inv_county"));
                if let Some(code) =
                    county_combo(ui, ("std_cost_county", i), &x.county, &counties, &name)
                {
                    state.edit_compensation(|s| s.opportunity.other_costs[i].county = code);
                }
                let name = format!("{row}{}", t(lang, "std_cost_name"));
                let id = egui::Id::unique(("std_cost_name", i));
                if let Some(v) = text(ui, id, &x.name, &name, 180.0) {
                    state.edit_compensation(|s| s.opportunity.other_costs[i].name = v);
                }
                let name = format!("{row}{}", t(lang, "std_cost_amount"));
                let id = egui::Id::unique(("std_cost_amount", i));
                if let Some(v) = wan_cell(ui, state, id, x.amount_yuan, &name) {
                    state.edit_compensation(|s| s.opportunity.other_costs[i].amount_yuan = v);
                }
                if ui.button(t(lang, "comp_remove")).clicked() {
                    remove = Some(i);
                }
                ui.end_row();
            }
        });
    if let Some(i) = remove {
        state.edit_compensation(|s| {
            s.opportunity.other_costs.remove(i);
        });
    }
    if ui.button(t(lang, "std_add_cost")).clicked() {
        let county = counties.first().map(|c| c.0.clone()).unwrap_or_default();
        state.edit_compensation(|s| {
            s.opportunity.other_costs.push(OtherCostEntry {
                county,
                ..OtherCostEntry::default()
            })
        });
    }
}

/// One row per beneficiary: county, name, value received (万元), parties (separated by
/// 、 or ,), remove.
pub(super) fn beneficiaries(ui: &mut egui::Ui, state: &mut AppState, set: &CompensationSettings) {
    let lang = state.lang();
    let counties = counties(state);
    ui.strong(t(lang, "std_beneficiaries"));
    let mut remove = None;
    egui::Grid::new("std_benef_grid")
        .num_columns(5)
        .striped(true)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            for key in [
                "cmpx_inv_county",
                "std_benef_name",
                "std_benef_value",
                "std_benef_parties",
            ] {
                ui.strong(t(lang, key));
            }
            ui.label("");
            ui.end_row();
            for (i, b) in set.opportunity.beneficiaries.iter().enumerate() {
                let row = format!("{} {} · ", t(lang, "std_beneficiaries"), i + 1);
                let name = format!("{row}{}", t(lang, "cmpx_inv_county"));
                if let Some(code) =
                    county_combo(ui, ("std_benef_county", i), &b.county, &counties, &name)
                {
                    state.edit_compensation(|s| s.opportunity.beneficiaries[i].county = code);
                }
                let name = format!("{row}{}", t(lang, "std_benef_name"));
                let id = egui::Id::unique(("std_benef_name", i));
                if let Some(v) = text(ui, id, &b.name, &name, 160.0) {
                    state.edit_compensation(|s| s.opportunity.beneficiaries[i].name = v);
                }
                let name = format!("{row}{}", t(lang, "std_benef_value"));
                let id = egui::Id::unique(("std_benef_value", i));
                if let Some(v) = wan_cell(ui, state, id, b.value_yuan, &name) {
                    state.edit_compensation(|s| s.opportunity.beneficiaries[i].value_yuan = v);
                }
                let name = format!("{row}{}", t(lang, "std_benef_parties"));
                let id = egui::Id::unique(("std_benef_parties", i));
                if let Some(v) = text(ui, id, &b.parts.join("、"), &name, 180.0) {
                    let parts = OpportunitySettings::parse_parties(&v);
                    state.edit_compensation(|s| s.opportunity.beneficiaries[i].parts = parts);
                }
                if ui.button(t(lang, "comp_remove")).clicked() {
                    remove = Some(i);
                }
                ui.end_row();
            }
        });
    if let Some(i) = remove {
        state.edit_compensation(|s| {
            s.opportunity.beneficiaries.remove(i);
        });
    }
    if ui.button(t(lang, "std_add_beneficiary")).clicked() {
        let county = counties.first().map(|c| c.0.clone()).unwrap_or_default();
        state.edit_compensation(|s| {
            s.opportunity.beneficiaries.push(BeneficiaryEntry {
                county,
                ..BeneficiaryEntry::default()
            })
        });
    }
    ui.label(egui::RichText::new(t(lang, "std_beneficiaries_hint")).weak());
}
