//! The opportunity-cost method's parameter editors: the reference region's incomes, the
//! annuity rate and last repayment year, and the list of past investments (county, year,
//! amount); the other annual costs and the beneficiaries are in `costs`. The per-county incomes and populations are columns of the table (`tables`). Each
//! edit is one undo step through `AppState::edit_compensation`.

use eframe::egui;

use super::params::{number_cell, number_row};
use crate::app::state::{AppState, Notice};
use crate::app::widgets::{CellSpec, text_cell};
use crate::i18n::{t, tf};
use crate::model::compensation::{CompensationSettings, InvestmentEntry};

use super::WAN;

pub(super) fn parameters(ui: &mut egui::Ui, state: &mut AppState, set: &CompensationSettings) {
    let lang = state.lang();
    let o = &set.opportunity;
    let year = state.year;
    egui::Grid::new("cmpx_opp_grid")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            let rows = [
                ("cmpx_reference_urban", o.reference_urban_income, 0),
                ("cmpx_reference_rural", o.reference_rural_income, 1),
            ];
            for (key, v, k) in rows {
                if let Some(x) = number_row(ui, state, key, v, 0, Some(0.0), None) {
                    state.edit_compensation(|s| {
                        let o = &mut s.opportunity;
                        if k == 0 {
                            o.reference_urban_income = x;
                        } else {
                            o.reference_rural_income = x;
                        }
                    });
                }
            }
            if let Some(x) = number_row(ui, state, "cmpx_rate", o.rate * 100.0, 2, Some(0.0), None)
            {
                state.edit_compensation(|s| s.opportunity.rate = x / 100.0);
            }
            // The accounting year unless another is entered.
            let name = t(lang, "cmpx_end_year");
            ui.label(name);
            let end = o.end_year.unwrap_or(year);
            if let Some(y) = year_cell(ui, state, egui::Id::unique("cmpx_end_year"), end, name) {
                state.edit_compensation(|s| s.opportunity.end_year = Some(y));
            }
            ui.end_row();
        });
    ui.add_space(4.0);
    investments(ui, state, set);
    ui.add_space(4.0);
    super::costs::other_costs(ui, state, set);
    ui.add_space(4.0);
    super::costs::beneficiaries(ui, state, set);
    ui.label(egui::RichText::new(t(lang, "cmpx_opportunity_hint")).weak());
}

/// One row per past investment: county, year, amount (万元), remove.
fn investments(ui: &mut egui::Ui, state: &mut AppState, set: &CompensationSettings) {
    let lang = state.lang();
    let counties: Vec<(String, String)> = state
        .project
        .counties
        .iter()
        .map(|c| (c.code.clone(), c.name.get(lang).to_string()))
        .collect();
    ui.strong(t(lang, "cmpx_investments"));
    let mut remove = None;
    egui::Grid::new("cmpx_inv_grid")
        .num_columns(4)
        .striped(true)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            ui.strong(t(lang, "cmpx_inv_county"));
            ui.strong(t(lang, "cmpx_inv_year"));
            ui.strong(t(lang, "cmpx_inv_principal"));
            ui.label("");
            ui.end_row();
            for (i, inv) in set.opportunity.investments.iter().enumerate() {
                let name = counties
                    .iter()
                    .find(|(c, _)| *c == inv.county)
                    .map_or_else(|| inv.county.clone(), |(_, n)| n.clone());
                let mut picked = None;
                egui::ComboBox::from_id_salt(("cmpx_inv_county", i))
                    .selected_text(&name)
                    .width(140.0)
                    .show_ui(ui, |ui| {
                        for (code, n) in &counties {
                            if ui.selectable_label(*code == inv.county, n).clicked() {
                                picked = Some(code.clone());
                            }
                        }
                    })
                    .response
                    .accessible_name(format!("{} {}", t(lang, "cmpx_inv_county"), i + 1));
                if let Some(code) = picked.filter(|c| *c != inv.county) {
                    state.edit_compensation(|s| s.opportunity.investments[i].county = code);
                }
                let label = format!("{name} {} · ", i + 1);
                let year_name = format!("{label}{}", t(lang, "cmpx_inv_year"));
                let id = egui::Id::unique(("cmpx_inv_year", i));
                if let Some(y) = year_cell(ui, state, id, inv.year, &year_name) {
                    state.edit_compensation(|s| s.opportunity.investments[i].year = y);
                }
                let p_name = format!("{label}{}", t(lang, "cmpx_inv_principal"));
                let spec = CellSpec {
                    decimals: 2,
                    name: &p_name,
                    problem: None,
                    min: Some(0.0),
                    max: None,
                };
                let id = egui::Id::unique(("cmpx_inv_principal", i));
                if let Some(p) = number_cell(
                    ui,
                    state,
                    id,
                    120.0,
                    WAN.from_yuan(inv.principal_yuan),
                    spec,
                ) {
                    state.edit_compensation(|s| {
                        s.opportunity.investments[i].principal_yuan = WAN.to_yuan(p)
                    });
                }
                if ui
                    .button(t(lang, "comp_remove"))
                    .on_hover_text(&name)
                    .clicked()
                {
                    remove = Some(i);
                }
                ui.end_row();
            }
        });
    if let Some(i) = remove {
        state.edit_compensation(|s| {
            s.opportunity.investments.remove(i);
        });
    }
    if ui.button(t(lang, "cmpx_add_investment")).clicked() {
        let county = counties.first().map(|c| c.0.clone()).unwrap_or_default();
        let year = state.year - 1;
        state.edit_compensation(|s| {
            s.opportunity.investments.push(InvestmentEntry {
                county,
                year,
                principal_yuan: 0.0,
            })
        });
    }
}

/// A year cell (no thousands separator); a text that is not a year goes to the status bar.
pub(super) fn year_cell(
    ui: &mut egui::Ui,
    state: &mut AppState,
    id: egui::Id,
    year: i32,
    name: &str,
) -> Option<i32> {
    let typed = ui
        .allocate_ui(egui::vec2(80.0, ui.spacing().interact_size.y), |ui| {
            text_cell(ui, id, &year.to_string(), name)
        })
        .inner?;
    match typed.trim().parse::<i32>() {
        Ok(y) if (1900..=2200).contains(&y) => Some(y),
        _ => {
            state.notice = Some(Notice {
                text: tf(
                    state.lang(),
                    "cmpx_bad_year",
                    &[("field", name), ("text", &typed)],
                ),
                error: true,
            });
            None
        }
    }
}
