//! 参数 Prices & parameters: the price book (every registry parameter with its effective value,
//! unit, price year, source, verification tag and the indicators using it), project overrides
//! (value, unit where a conversion exists, price year, source, tag, note; reset to default),
//! the value the engine uses at the accounting price year with its price-index factor, the
//! pollutant-pricing rule and constant-price base year, and the price-index series (registry
//! series, project series replacing or adding to them, editable year by year).
//!
//! Every number comes from the registry, the project or `engine::PriceBook`; nothing is made
//! up here.
//!
//! This file: the page frame (tabs), the project-wide settings (pollutant pricing, base year)
//! and helpers both tabs use (`uses`: the index tab needs it to know which years matter).
//! `params` (the parameter table, with its own unit and list helpers), `details` (the selected
//! parameter's panel),
//! `indices` (price-index series and their values). Page state (tab, filter, selection) lives in
//! `AppState::pages.prices`.

mod details;
mod indices;
mod params;
#[cfg(test)]
mod tests;

use std::collections::HashMap;

use eframe::egui;

use crate::app::format;
use crate::app::state::{AppState, Notice};
use crate::app::widgets::{YearChange, year_cell};
use crate::i18n::{Lang, Text};
use crate::i18n::{t, tf};
use crate::model::PollutantPricing;
use crate::registry::{Formula, PriceRef, Registry, Tag};

pub(super) const TAGS: [Tag; 4] = [Tag::V, Tag::VSec, Tag::D, Tag::U];

/// An indicator using a parameter, and under which pollutant-pricing rule (if only one).
#[derive(Debug, Clone)]
pub(super) struct Use {
    pub(super) indicator: String,
    pub(super) name: Text,
    pub(super) rule: Option<PollutantPricing>,
}

pub fn ui(ui: &mut egui::Ui, state: &mut AppState) {
    let lang = state.lang();
    ui.heading(t(lang, "page_prices"));
    settings_ui(ui, state);
    ui.add_space(2.0);
    let mut tab = state.pages.prices.tab;
    ui.horizontal(|ui| {
        ui.selectable_value(&mut tab, 0, t(lang, "prc_tab_params"));
        ui.selectable_value(&mut tab, 1, t(lang, "prc_tab_indices"));
    });
    state.pages.prices.tab = tab;
    ui.separator();
    if tab == 0 {
        params::params_ui(ui, state);
    } else {
        indices::indices_ui(ui, state);
    }
}

/// The price year everything is converted to (base year, else the accounting year).
pub(super) fn target_year(state: &AppState) -> i32 {
    state.project.meta.base_year.unwrap_or(state.year)
}

pub(super) fn tag_tip(lang: Lang, tag: Tag) -> &'static str {
    match tag {
        Tag::V => t(lang, "tag_v"),
        Tag::VSec => t(lang, "tag_vsec"),
        Tag::D => t(lang, "tag_d"),
        Tag::U => t(lang, "tag_u"),
    }
}

/// Pollutant pricing and the constant-price base year.
pub(super) fn settings_ui(ui: &mut egui::Ui, state: &mut AppState) {
    let lang = state.lang();
    let year = state.year;
    let mut pricing = state.project.meta.pollutant_pricing;
    let base = state.project.meta.base_year;
    let mut base_change: Option<Option<i32>> = None;
    egui::Grid::new("prc_settings")
        .num_columns(2)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            ui.label(t(lang, "prc_pollutant_pricing"))
                .on_hover_text(t(lang, "prc_pollutant_pricing_help"));
            ui.horizontal(|ui| {
                ui.radio_value(
                    &mut pricing,
                    PollutantPricing::TreatmentCost,
                    t(lang, "prc_pricing_cost"),
                )
                .on_hover_text(t(lang, "prc_pricing_cost_help"));
                ui.radio_value(
                    &mut pricing,
                    PollutantPricing::EnvTax,
                    t(lang, "prc_pricing_tax"),
                )
                .on_hover_text(t(lang, "prc_pricing_tax_help"));
            });
            ui.end_row();
            ui.label(t(lang, "prc_base_year"))
                .on_hover_text(t(lang, "prc_base_year_help"));
            ui.horizontal(|ui| {
                let mut constant = base.is_some();
                if ui
                    .checkbox(&mut constant, t(lang, "prc_constant_prices"))
                    .on_hover_text(t(lang, "prc_base_year_help"))
                    .changed()
                {
                    base_change = Some(constant.then_some(year));
                }
                if let Some(b) = base {
                    let name = t(lang, "prc_base_year");
                    ui.scope(|ui| {
                        ui.set_width(70.0);
                        match year_cell(
                            ui,
                            egui::Id::unique("prc_base_year_cell"),
                            Some(b),
                            None,
                            name,
                        ) {
                            Some(YearChange::Set(y)) => base_change = Some(y),
                            Some(YearChange::Rejected(_) | YearChange::Paste(_)) => {
                                state.notice = Some(Notice {
                                    text: t(lang, "prc_bad_year").to_string(),
                                    error: true,
                                });
                            }
                            None => {}
                        }
                    });
                }
                let target = base.unwrap_or(year);
                ui.label(
                    egui::RichText::new(tf(
                        lang,
                        "prc_target",
                        &[
                            ("year", &year.to_string()),
                            ("price_year", &target.to_string()),
                        ],
                    ))
                    .weak(),
                );
            });
            ui.end_row();
        });
    if pricing != state.project.meta.pollutant_pricing {
        state.edit_part(|p| &mut p.meta.pollutant_pricing, |x| *x = pricing);
    }
    if let Some(b) = base_change {
        state.edit_part(|p| &mut p.meta.base_year, |x| *x = b);
    }
}

/// Which indicators use each parameter (value formulas and physical models).
pub(super) fn uses(reg: &Registry) -> HashMap<String, Vec<Use>> {
    let mut m: HashMap<String, Vec<Use>> = HashMap::new();
    let mut add = |param: &str, ind: &crate::registry::IndicatorSpec, rule| {
        let v = m.entry(param.to_string()).or_default();
        if !v.iter().any(|u| u.indicator == ind.id && u.rule == rule) {
            v.push(Use {
                indicator: ind.id.clone(),
                name: ind.name.clone(),
                rule,
            });
        }
    };
    for ind in &reg.indicators {
        match &ind.formula {
            Formula::Priced { components } => {
                for c in components {
                    match &c.price {
                        PriceRef::Param(p) => add(p, ind, None),
                        PriceRef::Input(_) => {}
                        PriceRef::Pollutant {
                            cost,
                            tax,
                            equivalent,
                        } => {
                            add(cost, ind, Some(PollutantPricing::TreatmentCost));
                            add(tax, ind, Some(PollutantPricing::EnvTax));
                            add(equivalent, ind, Some(PollutantPricing::EnvTax));
                        }
                    }
                }
            }
            f => {
                for p in f.params() {
                    add(p, ind, None);
                }
            }
        }
        for method in &ind.methods {
            for p in method.model.params() {
                add(p, ind, None);
            }
        }
    }
    m
}

/// Decimals that show a stored value exactly (at most 6).
pub(super) fn decimals_for(v: Option<f64>) -> usize {
    v.map_or(2, |v| {
        let s = format!("{v}");
        s.split_once('.').map_or(0, |(_, f)| f.len().min(6))
    })
}

/// Shown value of a registry default (exact, with thousands separators).
pub(super) fn exact(v: f64) -> String {
    format::num(v, decimals_for(Some(v)))
}
