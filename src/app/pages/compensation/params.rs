//! The compensation method's parameter editors: fund and weighted factors, user score
//! columns, spillover, priority, growth-reward and horizontal parameters; each edit is one
//! undo step through `AppState::edit_compensation`.

use eframe::egui;

use crate::app::format;
use crate::app::state::{AppState, Notice};
use crate::app::widgets::{CellChange, CellSpec, num_cell, text_cell};
use crate::engine::compensation::scenario::{FACTOR_IDS, Outcome, factor_label};
use crate::i18n::Lang;
use crate::i18n::{t, tf};
use crate::model::compensation::{
    Classing, CompensationSettings, FactorPreset, Method, ShareBasis, StageSource, UserColumn,
    ValueBasis, WeightedFactor,
};
use crate::registry::Registry;

use super::WAN;

// ───────────────────────────── method and parameters ─────────────────────────────

/// The row of method buttons.
pub(super) fn method_selector(ui: &mut egui::Ui, state: &mut AppState) {
    let lang = state.lang();
    let current = state.project.compensation.method;
    ui.horizontal_wrapped(|ui| {
        ui.label(t(lang, "comp_method_label"));
        for m in Method::ALL {
            if ui
                .selectable_label(current == m, Outcome::method_name(m, lang))
                .clicked()
                && current != m
            {
                state.edit_compensation(|s| s.method = m);
            }
        }
    });
}

/// The chosen method's parameters (and the payment limits of methods where a county pays).
pub(super) fn method_section(ui: &mut egui::Ui, state: &mut AppState) {
    let set = state.project.compensation.clone();
    if matches!(set.method, Method::Spillover | Method::Horizontal) {
        payment_limits(ui, state, &set);
    }
    match set.method {
        Method::Fund => fund_parameters(ui, state, &set),
        Method::Spillover => spillover_parameters(ui, state, &set),
        Method::Priority => priority_parameters(ui, state, &set),
        Method::GrowthReward => growth_parameters(ui, state, &set),
        Method::Horizontal => horizontal_parameters(ui, state, &set),
        Method::OpportunityCost => super::opportunity::parameters(ui, state, &set),
        Method::StandardRange => {
            super::range::parameters(ui, state, &set);
            super::opportunity::parameters(ui, state, &set);
        }
    }
}

/// The shares of GDP and fiscal revenue above which a payment is warned about, in percent.
fn payment_limits(ui: &mut egui::Ui, state: &mut AppState, set: &CompensationSettings) {
    egui::Grid::new("cmpui_limits_grid")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            let gdp = set.max_gdp_share * 100.0;
            if let Some(v) = number_row(ui, state, "cmpui_max_gdp_share", gdp, 2, Some(0.0), None) {
                state.edit_compensation(|s| s.max_gdp_share = v / 100.0);
            }
            let rev = set.max_revenue_share * 100.0;
            if let Some(v) = number_row(
                ui,
                state,
                "cmpui_max_revenue_share",
                rev,
                2,
                Some(0.0),
                None,
            ) {
                state.edit_compensation(|s| s.max_revenue_share = v / 100.0);
            }
        });
    ui.add_space(4.0);
}

/// A number cell with a label in a grid row; returns the committed value.
pub(super) fn number_row(
    ui: &mut egui::Ui,
    state: &mut AppState,
    key: &'static str,
    value: f64,
    decimals: usize,
    min: Option<f64>,
    max: Option<f64>,
) -> Option<f64> {
    let name = t(state.lang(), key);
    ui.label(name);
    let spec = CellSpec {
        decimals,
        name,
        problem: None,
        min,
        max,
    };
    let v = number_cell(
        ui,
        state,
        egui::Id::unique(("comp_param", key)),
        160.0,
        value,
        spec,
    );
    ui.end_row();
    v
}

/// A number cell `width` wide; returns the committed value (a rejected text goes to the
/// status bar).
pub(super) fn number_cell(
    ui: &mut egui::Ui,
    state: &mut AppState,
    id: egui::Id,
    width: f32,
    value: f64,
    spec: CellSpec<'_>,
) -> Option<f64> {
    let change = ui
        .allocate_ui(egui::vec2(width, ui.spacing().interact_size.y), |ui| {
            num_cell(ui, id, Some(value), spec)
        })
        .inner;
    committed(state, change, spec.name)
}

/// A row of radio buttons; calls `apply` with the picked option when it changes.
pub(super) fn radio_row<T: PartialEq + Copy>(
    ui: &mut egui::Ui,
    state: &mut AppState,
    label_key: &'static str,
    current: T,
    options: &[(T, &'static str)],
    apply: impl Fn(&mut CompensationSettings, T),
) {
    let lang = state.lang();
    ui.label(t(lang, label_key));
    ui.horizontal(|ui| {
        for (o, key) in options {
            if ui.radio(current == *o, t(lang, key)).clicked() && current != *o {
                state.edit_compensation(|s| apply(s, *o));
            }
        }
    });
    ui.end_row();
}

const SHARE_OPTIONS: [(ShareBasis, &str); 3] = [
    (ShareBasis::Population, "comp_share_population"),
    (ShareBasis::Gdp, "comp_share_gdp"),
    (ShareBasis::Area, "comp_share_area"),
];

/// The value of a committed cell edit; a rejected text goes to the status bar.
pub(super) fn committed(
    state: &mut AppState,
    change: Option<CellChange>,
    name: &str,
) -> Option<f64> {
    match change {
        Some(CellChange::Set(v)) => Some(v),
        Some(CellChange::Rejected(s)) => {
            state.notice = Some(Notice {
                text: tf(
                    state.lang(),
                    "comp_rejected",
                    &[("field", name), ("text", &s)],
                ),
                error: true,
            });
            None
        }
        _ => None,
    }
}

fn basis_choice(ui: &mut egui::Ui, state: &mut AppState, set: &CompensationSettings) {
    radio_row(
        ui,
        state,
        "comp_basis",
        set.basis,
        &[
            (ValueBasis::Gep, "comp_basis_gep"),
            (ValueBasis::Esv, "comp_basis_esv"),
        ],
        |s, b| s.basis = b,
    );
}

fn fund_parameters(ui: &mut egui::Ui, state: &mut AppState, set: &CompensationSettings) {
    let lang = state.lang();
    let reg = state.registry();
    egui::Grid::new("comp_fund_grid")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            if let Some(v) = number_row(
                ui,
                state,
                "comp_fund_wan",
                WAN.from_yuan(set.fund_yuan),
                2,
                Some(0.0),
                None,
            ) {
                state.edit_compensation(|s| s.fund_yuan = WAN.to_yuan(v));
            }
        });
    ui.add_space(4.0);
    ui.strong(t(lang, "comp_factors"));
    let wsum: f64 = set.factors.iter().map(|f| f.weight).sum();
    let choices = factor_choices(state, reg, lang);
    let mut remove = None;
    egui::Grid::new("comp_factor_grid")
        .num_columns(4)
        .striped(true)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            ui.strong(t(lang, "comp_factor"));
            ui.strong(t(lang, "comp_weight"));
            ui.strong(t(lang, "comp_weight_share"));
            ui.label("");
            ui.end_row();
            for (i, f) in set.factors.iter().enumerate() {
                let current = factor_label(&f.id, reg, lang);
                let mut picked = None;
                egui::ComboBox::from_id_salt(("comp_factor_pick", i))
                    .selected_text(&current)
                    .width(220.0)
                    .show_ui(ui, |ui| {
                        for (id, label) in &choices {
                            if ui.selectable_label(*id == f.id, label).clicked() {
                                picked = Some(id.clone());
                            }
                        }
                    })
                    .response
                    .accessible_name(format!("{} {}", t(lang, "comp_factor"), i + 1));
                if let Some(id) = picked.filter(|id| *id != f.id) {
                    state.edit_compensation(|s| s.factors[i].id = id);
                }
                let name = format!("{current} · {}", t(lang, "comp_weight"));
                let spec = CellSpec {
                    decimals: 3,
                    name: &name,
                    problem: None,
                    min: Some(0.0),
                    max: None,
                };
                let id = egui::Id::unique(("comp_weight", i));
                if let Some(w) = number_cell(ui, state, id, 100.0, f.weight, spec) {
                    state.edit_compensation(|s| s.factors[i].weight = w);
                }
                ui.label(if wsum > 0.0 {
                    format!("{}%", format::num(f.weight / wsum * 100.0, 1))
                } else {
                    "—".into()
                });
                if ui
                    .button(t(lang, "comp_remove"))
                    .on_hover_text(&current)
                    .clicked()
                {
                    remove = Some(i);
                }
                ui.end_row();
            }
        });
    if let Some(i) = remove {
        state.edit_compensation(|s| {
            s.factors.remove(i);
        });
    }
    ui.horizontal(|ui| {
        if ui.button(t(lang, "comp_add_factor")).clicked() {
            state.edit_compensation(|s| {
                s.factors.push(WeightedFactor {
                    id: "gep".into(),
                    weight: 0.1,
                })
            });
        }
        if ui
            .button(t(lang, "comp_preset_jiangxi"))
            .on_hover_text(t(lang, "comp_preset_jiangxi_tip"))
            .clicked()
        {
            state.edit_compensation(|s| FactorPreset::JiangxiBasin.apply(s));
        }
        if ui
            .button(t(lang, "comp_preset_default"))
            .on_hover_text(t(lang, "comp_preset_default_tip"))
            .clicked()
        {
            state.edit_compensation(|s| FactorPreset::FromAccounts.apply(s));
        }
    });
    ui.add_space(4.0);
    user_columns(ui, state, set);
}

/// Factor ids the user can pick, with labels: account quantities, user columns, indicators.
fn factor_choices(state: &AppState, reg: &Registry, lang: Lang) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = FACTOR_IDS
        .iter()
        .map(|(id, ..)| (id.to_string(), factor_label(id, reg, lang)))
        .collect();
    for c in &state.project.compensation.user_columns {
        v.push((
            format!("user:{}", c.name),
            format!("{} ({})", c.name, t(lang, "comp_user_column")),
        ));
    }
    for ind in &reg.indicators {
        v.push((
            format!("indicator:{}", ind.id),
            format!(
                "{} ({})",
                ind.name.get(lang),
                t(lang, "comp_indicator_value")
            ),
        ));
    }
    v
}

fn user_columns(ui: &mut egui::Ui, state: &mut AppState, set: &CompensationSettings) {
    let lang = state.lang();
    ui.horizontal_wrapped(|ui| {
        ui.label(t(lang, "comp_user_columns"));
        let mut remove = None;
        for (i, c) in set.user_columns.iter().enumerate() {
            ui.label(egui::RichText::new(&c.name).strong());
            if ui
                .small_button(t(lang, "comp_remove"))
                .on_hover_text(&c.name)
                .clicked()
            {
                remove = Some(i);
            }
        }
        if let Some(i) = remove {
            state.edit_compensation(|s| {
                let gone = s.user_columns.remove(i);
                s.factors.retain(|f| f.id != format!("user:{}", gone.name));
            });
        }
    });
    ui.horizontal(|ui| {
        let id = egui::Id::unique("comp_new_column");
        let name = t(lang, "comp_new_column");
        ui.label(name);
        let typed = ui
            .allocate_ui(egui::vec2(200.0, ui.spacing().interact_size.y), |ui| {
                text_cell(ui, id, "", name)
            })
            .inner;
        if let Some(n) = typed.filter(|n| !n.is_empty()) {
            if set.user_columns.iter().any(|c| c.name == n) {
                state.notice = Some(Notice {
                    text: tf(lang, "comp_column_exists", &[("name", &n)]),
                    error: true,
                });
            } else {
                state.edit_compensation(|s| {
                    s.user_columns.push(UserColumn {
                        name: n,
                        values: Default::default(),
                    })
                });
            }
        }
    });
    if !set.user_columns.is_empty() {
        ui.label(egui::RichText::new(t(lang, "comp_user_columns_hint")).weak());
    }
}

fn spillover_parameters(ui: &mut egui::Ui, state: &mut AppState, set: &CompensationSettings) {
    let lang = state.lang();
    egui::Grid::new("comp_spill_grid")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            basis_choice(ui, state, set);
            radio_row(
                ui,
                state,
                "comp_share",
                set.share,
                &SHARE_OPTIONS,
                |s, b| s.share = b,
            );
            // The withdrawn logistic curve shows as neither option: picking one clears it.
            radio_row(
                ui,
                state,
                "cmpx_stage_source",
                set.stage,
                &[
                    (StageSource::Fixed, "cmpx_stage_fixed"),
                    (StageSource::EngelPearl, "cmpx_stage_engel"),
                ],
                |s, v| s.stage = v,
            );
            if set.stage == StageSource::Fixed
                && let Some(r) = number_row(ui, state, "comp_r", set.stage_r, 3, Some(0.0), None)
            {
                state.edit_compensation(|s| s.stage_r = r);
            }
            ui.label(t(lang, "comp_k"));
            let mut k = set.ability_to_pay;
            if ui.checkbox(&mut k, t(lang, "comp_k_on")).changed() {
                state.edit_compensation(|s| s.ability_to_pay = k);
            }
            ui.end_row();
            ui.label(t(lang, "comp_clamp"));
            let mut c = set.clamp;
            if ui.checkbox(&mut c, t(lang, "comp_clamp_on")).changed() {
                state.edit_compensation(|s| s.clamp = c);
            }
            ui.end_row();
        });
    let hint = match set.stage {
        StageSource::Fixed => "comp_r_hint",
        StageSource::EngelPearl | StageSource::EngelLogistic => "cmpx_stage_hint",
    };
    ui.label(egui::RichText::new(t(lang, hint)).weak());
}

fn priority_parameters(ui: &mut egui::Ui, state: &mut AppState, set: &CompensationSettings) {
    egui::Grid::new("comp_prio_grid")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            basis_choice(ui, state, set);
            radio_row(
                ui,
                state,
                "comp_classing",
                set.classing,
                &[
                    (Classing::NaturalBreaks, "comp_classing_jenks"),
                    (Classing::Quantiles, "comp_classing_quantiles"),
                    (Classing::GeometricInterval, "std_classing_geometric"),
                ],
                |s, c| s.classing = c,
            );
        });
}

fn growth_parameters(ui: &mut egui::Ui, state: &mut AppState, set: &CompensationSettings) {
    let lang = state.lang();
    egui::Grid::new("comp_growth_grid")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            if let Some(a) = number_row(ui, state, "comp_alpha", set.alpha, 4, Some(0.0), None) {
                state.edit_compensation(|s| s.alpha = a);
            }
            ui.label(t(lang, "comp_beta"));
            let mut on = set.beta.is_some();
            if ui.checkbox(&mut on, t(lang, "comp_beta_on")).changed() {
                state.edit_compensation(|s| s.beta = on.then_some(0.3));
            }
            ui.end_row();
            if let Some(b) = set.beta {
                if let Some(v) = number_row(ui, state, "comp_beta_value", b, 3, Some(0.0), None) {
                    state.edit_compensation(|s| s.beta = Some(v));
                }
                if let Some(v) = number_row(
                    ui,
                    state,
                    "comp_fund_wan",
                    WAN.from_yuan(set.fund_yuan),
                    2,
                    Some(0.0),
                    None,
                ) {
                    state.edit_compensation(|s| s.fund_yuan = WAN.to_yuan(v));
                }
            }
        });
}

fn horizontal_parameters(ui: &mut egui::Ui, state: &mut AppState, set: &CompensationSettings) {
    let lang = state.lang();
    let h = &set.horizontal;
    let counties: Vec<(String, String)> = state
        .project
        .counties
        .iter()
        .map(|c| (c.code.clone(), c.name.get(lang).to_string()))
        .collect();
    egui::Grid::new("comp_horiz_grid")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            ui.label(t(lang, "comp_upstream"));
            let current = counties
                .iter()
                .find(|(c, _)| *c == h.upstream)
                .map_or_else(|| t(lang, "comp_choose").to_string(), |(_, n)| n.clone());
            let mut picked = None;
            egui::ComboBox::from_id_salt("comp_upstream")
                .selected_text(current)
                .width(200.0)
                .show_ui(ui, |ui| {
                    for (code, name) in &counties {
                        if ui.selectable_label(*code == h.upstream, name).clicked() {
                            picked = Some(code.clone());
                        }
                    }
                })
                .response
                .accessible_name(t(lang, "comp_upstream"));
            if let Some(code) = picked.filter(|c| *c != h.upstream) {
                state.edit_compensation(|s| {
                    s.horizontal.distances_km.remove(&code);
                    s.horizontal.upstream = code;
                });
            }
            ui.end_row();
            if let Some(k) = number_row(ui, state, "comp_k0", h.k0, 3, Some(0.0), None) {
                state.edit_compensation(|s| s.horizontal.k0 = k);
            }
            if let Some(v) = number_row(
                ui,
                state,
                "comp_amount_wan",
                WAN.from_yuan(h.amount_yuan),
                2,
                Some(0.0),
                None,
            ) {
                state.edit_compensation(|s| s.horizontal.amount_yuan = WAN.to_yuan(v));
            }
            radio_row(ui, state, "comp_mass", h.mass, &SHARE_OPTIONS, |s, b| {
                s.horizontal.mass = b
            });
        });
    ui.add_space(4.0);
    ui.strong(t(lang, "comp_pollutants"));
    let mut remove = None;
    egui::Grid::new("comp_pollutant_grid")
        .num_columns(4)
        .striped(true)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            ui.strong(t(lang, "comp_pollutant"));
            ui.strong(t(lang, "comp_concentration"));
            ui.strong(t(lang, "comp_baseline"));
            ui.label("");
            ui.end_row();
            for (i, p) in h.pollutants.iter().enumerate() {
                let label = if p.name.is_empty() {
                    format!("#{}", i + 1)
                } else {
                    p.name.clone()
                };
                let name = format!("{label} · {}", t(lang, "comp_pollutant"));
                let typed = ui
                    .allocate_ui(egui::vec2(160.0, ui.spacing().interact_size.y), |ui| {
                        text_cell(ui, egui::Id::unique(("comp_pol_name", i)), &p.name, &name)
                    })
                    .inner;
                if let Some(n) = typed {
                    state.edit_compensation(|s| s.horizontal.pollutants[i].name = n);
                }
                for (k, key, v) in [
                    (0, "comp_concentration", p.concentration),
                    (1, "comp_baseline", p.baseline),
                ] {
                    let name = format!("{label} · {}", t(lang, key));
                    let spec = CellSpec {
                        decimals: 4,
                        name: &name,
                        problem: None,
                        min: Some(0.0),
                        max: None,
                    };
                    let id = egui::Id::unique(("comp_pol", i, k));
                    if let Some(x) = number_cell(ui, state, id, 110.0, v, spec) {
                        state.edit_compensation(|s| {
                            let p = &mut s.horizontal.pollutants[i];
                            if k == 0 {
                                p.concentration = x;
                            } else {
                                p.baseline = x;
                            }
                        });
                    }
                }
                if ui
                    .button(t(lang, "comp_remove"))
                    .on_hover_text(&label)
                    .clicked()
                {
                    remove = Some(i);
                }
                ui.end_row();
            }
        });
    if let Some(i) = remove {
        state.edit_compensation(|s| {
            s.horizontal.pollutants.remove(i);
        });
    }
    if ui.button(t(lang, "comp_add_pollutant")).clicked() {
        state.edit_compensation(|s| {
            s.horizontal
                .pollutants
                .push(crate::model::compensation::PollutantEntry::default())
        });
    }
    ui.label(egui::RichText::new(t(lang, "comp_horizontal_hint")).weak());
}
