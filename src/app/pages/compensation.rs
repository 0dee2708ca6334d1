//! 补偿 Compensation: the project's ecological-compensation scenario (METHODS.md §4).
//!
//! The user picks a method and its parameters (fund, weighted factors, per-county floors,
//! caps, deductions and user factor columns; fair-share basis, r, k, clamp; α, β); the page
//! shows the formula, its source and the parameters, the totals received and paid, a diverging
//! bar chart (receive vs pay), the ECPS ranking by priority class, a table per county and one
//! plain-language sentence per county. Every number comes from
//! `engine::compensation::scenario::run` (cached in `AppState::compensation`); edits go through
//! `AppState::edit_compensation`, one undo step each, and do not recompute the accounts.
//! `amount_chart` and `ranking_chart` are shared with the report.

use eframe::egui;
use egui_extras::{Column, TableBuilder};

use crate::app::charts::{self, Bars, Chart, Panel, PanelKind, Series, county_label};
use crate::app::format;
use crate::app::state::{AppState, Notice};
use crate::app::widgets::{CellChange, CellSpec, header, num_cell, text_cell};
use crate::engine::compensation::PriorityClass;
use crate::engine::compensation::scenario::{FACTOR_IDS, Outcome, factor_label};
use crate::i18n::Lang;
use crate::i18n::{t, tf};
use crate::model::compensation::{
    Classing, CompensationSettings, CountyLimits, Method, ShareBasis, UserColumn, ValueBasis,
    WeightedFactor,
};
use crate::registry::Registry;

/// Receive (green) and pay (red), as on the page and in reports.
pub const RECEIVE_COLOR: egui::Color32 = egui::Color32::from_rgb(46, 139, 87);
pub const PAY_COLOR: egui::Color32 = egui::Color32::from_rgb(196, 78, 62);

/// More counties than this: the amount chart shows the largest receivers and payers only.
const CHART_MAX: usize = 30;

/// Up to this many counties the sentences are listed in full; beyond, in a virtualised list.
const SENTENCES_INLINE: usize = 200;

pub fn ui(ui: &mut egui::Ui, state: &mut AppState) {
    let lang = state.lang();
    ui.heading(t(lang, "comp_heading"));
    ui.label(egui::RichText::new(t(lang, "comp_intro")).weak());
    egui::ScrollArea::vertical()
        .id_salt("comp_page")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            egui::CollapsingHeader::new(egui::RichText::new(t(lang, "comp_method")).strong())
                .id_salt("comp_sec_method")
                .default_open(true)
                .show(ui, |ui| method_section(ui, state));
            ui.add_space(6.0);
            let outcome = state.compensation();
            match outcome {
                Err(e) => {
                    ui.colored_label(
                        ui.visuals().error_fg_color,
                        tf(lang, "comp_cannot_run", &[("error", &e)]),
                    );
                    // The table still lets the user fill what is missing (scores, limits).
                    if matches!(
                        state.project.compensation.method,
                        Method::Fund | Method::Horizontal
                    ) {
                        inputs_table(ui, state);
                    }
                }
                Ok(o) => {
                    basis_section(ui, state, &o);
                    ui.add_space(6.0);
                    charts_section(ui, state, &o);
                    ui.add_space(6.0);
                    egui::CollapsingHeader::new(
                        egui::RichText::new(t(lang, "comp_table")).strong(),
                    )
                    .id_salt("comp_sec_table")
                    .default_open(true)
                    .show(ui, |ui| result_table(ui, state, &o));
                    egui::CollapsingHeader::new(
                        egui::RichText::new(t(lang, "comp_sentences")).strong(),
                    )
                    .id_salt("comp_sec_sentences")
                    .default_open(true)
                    .show(ui, |ui| sentences(ui, state, &o));
                }
            }
        });
}

// ───────────────────────────── method and parameters ─────────────────────────────

fn method_section(ui: &mut egui::Ui, state: &mut AppState) {
    let lang = state.lang();
    let set = state.project.compensation.clone();
    ui.horizontal_wrapped(|ui| {
        ui.label(t(lang, "comp_method_label"));
        for m in Method::ALL {
            if ui
                .selectable_label(set.method == m, Outcome::method_name(m, lang))
                .clicked()
                && set.method != m
            {
                state.edit_compensation(|s| s.method = m);
            }
        }
    });
    ui.add_space(4.0);
    match set.method {
        Method::Fund => fund_parameters(ui, state, &set),
        Method::Spillover => spillover_parameters(ui, state, &set),
        Method::Priority => priority_parameters(ui, state, &set),
        Method::GrowthReward => growth_parameters(ui, state, &set),
        Method::Horizontal => horizontal_parameters(ui, state, &set),
    }
}

/// A number cell with a label in a grid row; returns the committed value.
fn number_row(
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
fn number_cell(
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
fn radio_row<T: PartialEq + Copy>(
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
fn committed(state: &mut AppState, change: Option<CellChange>, name: &str) -> Option<f64> {
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
                set.fund_yuan / 1e4,
                2,
                Some(0.0),
                None,
            ) {
                state.edit_compensation(|s| s.fund_yuan = v * 1e4);
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
            state.edit_compensation(jiangxi_preset);
        }
        if ui
            .button(t(lang, "comp_preset_default"))
            .on_hover_text(t(lang, "comp_preset_default_tip"))
            .clicked()
        {
            state.edit_compensation(|s| {
                s.factors = CompensationSettings::default().factors;
            });
        }
    });
    ui.add_space(4.0);
    user_columns(ui, state, set);
}

/// Jiangxi's basin scheme: three user score columns weighted 70 / 20 / 10 (METHODS.md §4.6).
fn jiangxi_preset(s: &mut CompensationSettings) {
    let cols = [
        ("水环境质量得分", 0.7),
        ("森林生态质量得分", 0.2),
        ("水资源管理得分", 0.1),
    ];
    for (name, _) in cols {
        if !s.user_columns.iter().any(|c| c.name == name) {
            s.user_columns.push(UserColumn {
                name: name.into(),
                values: Default::default(),
            });
        }
    }
    s.factors = cols
        .iter()
        .map(|(name, w)| WeightedFactor {
            id: format!("user:{name}"),
            weight: *w,
        })
        .collect();
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
            if let Some(r) = number_row(ui, state, "comp_r", set.stage_r, 3, Some(0.0), None) {
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
    ui.label(egui::RichText::new(t(lang, "comp_r_hint")).weak());
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
                    set.fund_yuan / 1e4,
                    2,
                    Some(0.0),
                    None,
                ) {
                    state.edit_compensation(|s| s.fund_yuan = v * 1e4);
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
                h.amount_yuan / 1e4,
                2,
                Some(0.0),
                None,
            ) {
                state.edit_compensation(|s| s.horizontal.amount_yuan = v * 1e4);
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

// ───────────────────────────── formula, source, parameters ─────────────────────────────

fn basis_section(ui: &mut egui::Ui, state: &AppState, o: &Outcome) {
    let lang = state.lang();
    let reg = state.registry();
    let m = o.settings.method;
    egui::Grid::new("comp_basis_grid")
        .num_columns(2)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            ui.strong(t(lang, "comp_formula"));
            ui.add(
                egui::Label::new(egui::RichText::new(Outcome::formula(m, lang)).monospace()).wrap(),
            );
            ui.end_row();
            ui.strong(t(lang, "comp_source"));
            ui.add(egui::Label::new(Outcome::source(m, lang)).wrap());
            ui.end_row();
            for (k, v) in o.parameters(reg, lang) {
                ui.label(k);
                ui.label(v);
                ui.end_row();
            }
        });
    ui.add_space(4.0);
    ui.colored_label(ui.visuals().warn_fg_color, Outcome::sign_convention(lang));
    if o.settings.method != Method::Priority {
        let unit = state.settings.money_unit;
        ui.label(
            egui::RichText::new(tf(
                lang,
                "comp_totals",
                &[
                    ("received", &format::money(o.total_received(), unit, lang)),
                    ("paid", &format::money(o.total_paid(), unit, lang)),
                ],
            ))
            .strong(),
        );
    }
}

// ───────────────────────────── charts ─────────────────────────────

fn charts_section(ui: &mut egui::Ui, state: &AppState, o: &Outcome) {
    let lang = state.lang();
    let unit = state.settings.money_unit;
    let height = 380.0;
    ui.columns(2, |cols| {
        match amount_chart(o, lang, unit) {
            Some(c) => titled_chart(&mut cols[0], "comp_amount_chart", &c, height),
            None => {
                cols[0].label(t(lang, "comp_no_amounts"));
            }
        }
        match ranking_chart(o, lang) {
            Some(c) => titled_chart(&mut cols[1], "comp_ranking_chart", &c, height),
            None => {
                cols[1].label(t(lang, "comp_no_ecps"));
            }
        }
    });
}

fn titled_chart(ui: &mut egui::Ui, id: &str, chart: &Chart, height: f32) {
    ui.strong(&chart.title);
    ui.label(egui::RichText::new(&chart.subtitle).weak());
    charts::show_chart(ui, id, chart, height);
}

/// Diverging bars: what each county receives (right, green) or pays (left, red), largest
/// first. `None` for the priority method (no amounts).
pub fn amount_chart(o: &Outcome, lang: Lang, unit: crate::units::MoneyUnit) -> Option<Chart> {
    let mut rows: Vec<(usize, f64)> = o
        .rows
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.amount_yuan.map(|a| (i, a)))
        .collect();
    if rows.is_empty() {
        return None;
    }
    rows.sort_by(|a, b| b.1.total_cmp(&a.1));
    let n = rows.len();
    let shown: Vec<(usize, f64)> = if n > CHART_MAX {
        let half = CHART_MAX / 2;
        let mut v: Vec<_> = rows[..half].to_vec();
        v.extend_from_slice(&rows[n - half..]);
        v
    } else {
        rows
    };
    let sym = unit.unit().symbol(lang).to_string();
    let values: Vec<f64> = shown.iter().map(|(_, a)| unit.from_yuan(*a)).collect();
    let max = values.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
    let decimals = charts::decimals_for(max);
    let categories = shown
        .iter()
        .map(|(i, _)| county_label(&o.rows[*i].name_zh, &o.rows[*i].name_en, lang))
        .collect();
    let labels = values
        .iter()
        .map(|v| format!("{} {sym}", format::num(*v, decimals)))
        .collect();
    let pick = |positive: bool| -> Vec<Option<f64>> {
        values
            .iter()
            .map(|v| ((*v > 0.0) == positive && *v != 0.0).then_some(*v))
            .collect()
    };
    let mut subtitle = tf(
        lang,
        "comp_chart_subtitle",
        &[
            ("year", &o.year.to_string()),
            ("price_year", &o.price_year.to_string()),
            ("unit", &sym),
        ],
    );
    if n > CHART_MAX {
        subtitle.push_str(&tf(
            lang,
            "comp_chart_top",
            &[("shown", &CHART_MAX.to_string()), ("all", &n.to_string())],
        ));
    }
    Some(Chart {
        title: format!(
            "{} · {}",
            t(lang, "comp_chart_amount"),
            Outcome::method_name(o.settings.method, lang)
        ),
        subtitle,
        panels: vec![Panel {
            title: String::new(),
            kind: PanelKind::Bars(Bars {
                categories,
                series: vec![
                    Series {
                        name: t(lang, "comp_receive").into(),
                        color: RECEIVE_COLOR,
                        values: pick(true),
                    },
                    Series {
                        name: t(lang, "comp_pay").into(),
                        color: PAY_COLOR,
                        values: pick(false),
                    },
                ],
                stacked: true,
                horizontal: true,
                value_axis: tf(lang, "comp_axis_amount", &[("unit", &sym)]),
                category_axis: String::new(),
                unit: sym,
                decimals,
                labels,
                tips: Vec::new(),
            }),
        }],
        file_stem: format!("compensation_{}_{}", o.settings.method.id(), o.year),
    })
}

/// Class colours: priority, secondary, potential.
pub fn class_color(c: PriorityClass) -> egui::Color32 {
    match c {
        PriorityClass::Priority => egui::Color32::from_rgb(46, 139, 87),
        PriorityClass::Secondary => egui::Color32::from_rgb(120, 170, 80),
        PriorityClass::Potential => egui::Color32::from_rgb(200, 180, 90),
    }
}

/// ECPS ranking, one bar per county coloured by priority class (top `CHART_MAX`).
pub fn ranking_chart(o: &Outcome, lang: Lang) -> Option<Chart> {
    let mut rows: Vec<(usize, f64, PriorityClass)> = o
        .priority
        .rows
        .iter()
        .enumerate()
        .filter_map(|(i, r)| Some((i, r.ecps?, r.class?)))
        .collect();
    if rows.is_empty() {
        return None;
    }
    rows.sort_by(|a, b| b.1.total_cmp(&a.1));
    let n = rows.len();
    rows.truncate(CHART_MAX);
    let classes = [
        PriorityClass::Priority,
        PriorityClass::Secondary,
        PriorityClass::Potential,
    ];
    let series = classes
        .iter()
        .map(|c| Series {
            name: if lang == Lang::Zh {
                c.label_zh()
            } else {
                c.label_en()
            }
            .to_string(),
            color: class_color(*c),
            values: rows
                .iter()
                .map(|(_, e, k)| (k == c).then_some(*e))
                .collect(),
        })
        .collect();
    let mut subtitle = tf(
        lang,
        "comp_ranking_subtitle",
        &[
            ("year", &o.year.to_string()),
            (
                "basis",
                t(
                    lang,
                    match o.priority.basis {
                        ValueBasis::Gep => "comp_basis_gep",
                        ValueBasis::Esv => "comp_basis_esv",
                    },
                ),
            ),
        ],
    );
    if n > CHART_MAX {
        subtitle.push_str(&tf(
            lang,
            "comp_chart_top",
            &[("shown", &CHART_MAX.to_string()), ("all", &n.to_string())],
        ));
    }
    Some(Chart {
        title: t(lang, "comp_chart_ranking").into(),
        subtitle,
        panels: vec![Panel {
            title: String::new(),
            kind: PanelKind::Bars(Bars {
                categories: rows
                    .iter()
                    .map(|(i, ..)| {
                        let r = &o.rows[*i];
                        county_label(&r.name_zh, &r.name_en, lang)
                    })
                    .collect(),
                series,
                stacked: true,
                horizontal: true,
                value_axis: "ECPS".into(),
                category_axis: String::new(),
                unit: String::new(),
                decimals: 3,
                labels: rows.iter().map(|(_, e, _)| format::num(*e, 3)).collect(),
                tips: Vec::new(),
            }),
        }],
        file_stem: format!("compensation_ecps_ranking_{}", o.year),
    })
}

// ───────────────────────────── tables ─────────────────────────────

/// Editable per-county inputs of the fund method (limits, user scores) shown next to results.
#[derive(Clone, Copy, PartialEq)]
enum Input {
    Floor,
    Cap,
    Deduction,
    User(usize),
    OpportunityCost,
    Distance,
}

fn input_columns(set: &CompensationSettings) -> Vec<Input> {
    match set.method {
        Method::Fund => {
            let mut v = vec![Input::Floor, Input::Cap, Input::Deduction];
            v.extend((0..set.user_columns.len()).map(Input::User));
            v
        }
        Method::Spillover if set.clamp => vec![Input::OpportunityCost],
        Method::Horizontal => vec![Input::Distance],
        _ => Vec::new(),
    }
}

fn input_title(set: &CompensationSettings, c: Input, lang: Lang) -> String {
    match c {
        Input::Floor => t(lang, "comp_floor").into(),
        Input::Cap => t(lang, "comp_cap").into(),
        Input::Deduction => t(lang, "comp_deduction").into(),
        Input::User(k) => set.user_columns[k].name.clone(),
        Input::OpportunityCost => t(lang, "comp_opportunity_cost").into(),
        Input::Distance => t(lang, "comp_distance").into(),
    }
}

fn input_value(set: &CompensationSettings, code: &str, c: Input) -> Option<f64> {
    let lim = set.limits.get(code);
    match c {
        Input::Floor => lim.and_then(|l| l.floor_yuan).map(|v| v / 1e4),
        Input::Cap => lim.and_then(|l| l.cap_yuan).map(|v| v / 1e4),
        Input::Deduction => lim.map(|l| l.deduction * 100.0).filter(|d| *d > 0.0),
        Input::User(k) => set.user_columns[k].values.get(code).copied(),
        Input::OpportunityCost => set.opportunity_cost_yuan.get(code).map(|v| v / 1e4),
        Input::Distance => set.horizontal.distances_km.get(code).copied(),
    }
}

fn set_input(s: &mut CompensationSettings, code: &str, c: Input, v: Option<f64>) {
    let limits = |s: &mut CompensationSettings| -> CountyLimits {
        s.limits.get(code).copied().unwrap_or_default()
    };
    let store = |s: &mut CompensationSettings, l: CountyLimits| {
        if l == CountyLimits::default() {
            s.limits.remove(code);
        } else {
            s.limits.insert(code.to_string(), l);
        }
    };
    match c {
        Input::Floor => {
            let mut l = limits(s);
            l.floor_yuan = v.map(|x| x * 1e4);
            store(s, l);
        }
        Input::Cap => {
            let mut l = limits(s);
            l.cap_yuan = v.map(|x| x * 1e4);
            store(s, l);
        }
        Input::Deduction => {
            let mut l = limits(s);
            l.deduction = v.unwrap_or(0.0) / 100.0;
            store(s, l);
        }
        Input::User(k) => {
            let col = &mut s.user_columns[k].values;
            match v {
                Some(x) => col.insert(code.to_string(), x),
                None => col.remove(code),
            };
        }
        Input::OpportunityCost => {
            match v {
                Some(x) => s.opportunity_cost_yuan.insert(code.to_string(), x * 1e4),
                None => s.opportunity_cost_yuan.remove(code),
            };
        }
        Input::Distance => {
            match v {
                Some(x) => s.horizontal.distances_km.insert(code.to_string(), x),
                None => s.horizontal.distances_km.remove(code),
            };
        }
    }
}

/// One editable input cell of county `code`.
fn input_cell(ui: &mut egui::Ui, state: &mut AppState, name: &str, code: &str, c: Input) {
    let lang = state.lang();
    let set = &state.project.compensation;
    let title = input_title(set, c, lang);
    // Titles carry their unit already (下限（万元）, 扣减（%）).
    let label = format!("{name} · {title}");
    let (min, max) = match c {
        Input::Deduction => (Some(0.0), Some(100.0)),
        _ => (Some(0.0), None),
    };
    let value = input_value(set, code, c);
    let change = num_cell(
        ui,
        egui::Id::unique(("comp_input", code, title.as_str())),
        value,
        CellSpec {
            decimals: 2,
            name: &label,
            problem: None,
            min,
            max,
        },
    );
    match change {
        Some(CellChange::Clear) => state.edit_compensation(|s| set_input(s, code, c, None)),
        other => {
            if let Some(v) = committed(state, other, &label) {
                state.edit_compensation(|s| set_input(s, code, c, Some(v)));
            }
        }
    }
}

/// The input columns alone (shown when the scenario cannot run yet, e.g. scores missing).
fn inputs_table(ui: &mut egui::Ui, state: &mut AppState) {
    let lang = state.lang();
    let cols = input_columns(&state.project.compensation);
    let counties: Vec<(String, String)> = state
        .project
        .counties
        .iter()
        .map(|c| (c.code.clone(), c.name.get(lang).to_string()))
        .collect();
    ui.label(t(lang, "comp_fill_inputs"));
    TableBuilder::new(ui)
        .id_salt("comp_inputs_table")
        .striped(true)
        .auto_shrink(false)
        .min_scrolled_height(360.0)
        .column(Column::exact(140.0))
        .columns(Column::initial(110.0), cols.len())
        .header(40.0, |mut h| {
            h.col(|ui| {
                ui.strong(t(lang, "page_counties"));
            });
            for c in &cols {
                let title = input_title(&state.project.compensation, *c, lang);
                h.col(|ui| {
                    header(ui, title);
                });
            }
        })
        .body(|body| {
            body.rows(24.0, counties.len(), |mut row| {
                let (code, name) = &counties[row.index()];
                row.col(|ui| {
                    ui.label(name);
                });
                for c in &cols {
                    row.col(|ui| input_cell(ui, state, name, code, *c));
                }
            });
        });
}

fn result_table(ui: &mut egui::Ui, state: &mut AppState, o: &Outcome) {
    let lang = state.lang();
    let unit = state.settings.money_unit;
    let sym = unit.unit().symbol(lang);
    let cols = input_columns(&state.project.compensation);
    let amounts = o.settings.method != Method::Priority;
    TableBuilder::new(ui)
        .id_salt("comp_result_table")
        .striped(true)
        .resizable(true)
        .auto_shrink(false)
        .min_scrolled_height((o.rows.len() as f32 * 24.0 + 8.0).min(360.0))
        .column(Column::exact(140.0))
        .columns(Column::initial(120.0), usize::from(amounts))
        .column(Column::initial(56.0))
        .column(Column::initial(80.0))
        .column(Column::initial(110.0))
        .columns(Column::initial(110.0), cols.len())
        .header(40.0, |mut h| {
            h.col(|ui| {
                ui.strong(t(lang, "page_counties"));
            });
            if amounts {
                h.col(|ui| {
                    header(ui, tf(lang, "comp_col_amount", &[("unit", sym)]));
                });
            }
            for key in ["comp_col_rank", "comp_col_ecps", "comp_col_class"] {
                h.col(|ui| {
                    header(ui, t(lang, key));
                });
            }
            for c in &cols {
                let title = input_title(&state.project.compensation, *c, lang);
                h.col(|ui| {
                    header(ui, title);
                });
            }
        })
        .body(|body| {
            body.rows(24.0, o.rows.len(), |mut row| {
                let r = &o.rows[row.index()];
                let name = r.name(lang).to_string();
                row.col(|ui| {
                    ui.label(&name);
                });
                if amounts {
                    row.col(|ui| {
                        let Some(a) = r.amount_yuan else {
                            // Not part of this scheme (e.g. no distance to the upstream county).
                            ui.with_layout(
                                egui::Layout::right_to_left(egui::Align::Center),
                                |ui| ui.label("—"),
                            );
                            return;
                        };
                        let text = format::money_value(a, unit);
                        let color = if a > 0.0 {
                            RECEIVE_COLOR
                        } else if a < 0.0 {
                            PAY_COLOR
                        } else {
                            ui.visuals().text_color()
                        };
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            ui.colored_label(color, text).on_hover_text(format!(
                                "{name} · {}",
                                format::money(a, unit, lang)
                            ));
                        });
                    });
                }
                row.col(|ui| {
                    ui.label(r.rank.map_or("—".into(), |k| k.to_string()));
                });
                row.col(|ui| {
                    ui.label(r.ecps.map_or("—".into(), |e| format::num(e, 3)));
                });
                row.col(|ui| {
                    let text = r.class.map_or("—", |c| match (lang, c) {
                        (Lang::Zh, _) => c.label_zh(),
                        (Lang::En, PriorityClass::Priority) => "priority",
                        (Lang::En, PriorityClass::Secondary) => "secondary",
                        (Lang::En, PriorityClass::Potential) => "potential",
                    });
                    ui.add(egui::Label::new(text).truncate())
                        .on_hover_text(r.class.map_or("", |c| {
                            if lang == Lang::Zh {
                                c.label_zh()
                            } else {
                                c.label_en()
                            }
                        }));
                });
                for c in &cols {
                    let code = r.code.clone();
                    row.col(|ui| input_cell(ui, state, &name, &code, *c));
                }
            });
        });
}

fn sentences(ui: &mut egui::Ui, state: &AppState, o: &Outcome) {
    let lang = state.lang();
    let reg = state.registry();
    if o.rows.len() <= SENTENCES_INLINE {
        for i in 0..o.rows.len() {
            ui.add(egui::Label::new(o.sentence(i, reg, lang)).wrap());
        }
        return;
    }
    // Thousands of counties: a virtualised list (rows sized for a wrapped two-line sentence).
    let h = ui.text_style_height(&egui::TextStyle::Body) * 2.0 + ui.spacing().item_spacing.y;
    egui::ScrollArea::vertical()
        .id_salt("comp_sentences_scroll")
        .max_height(400.0)
        .auto_shrink([false, true])
        .show_rows(ui, h, o.rows.len(), |ui, range| {
            for i in range {
                ui.allocate_ui(egui::vec2(ui.available_width(), h), |ui| {
                    ui.add(egui::Label::new(o.sentence(i, reg, lang)).truncate());
                });
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    fn harness(lang: Lang) -> Harness<'static, AppState> {
        crate::app::pages::test_harness(lang, super::ui)
    }

    #[test]
    fn every_method_renders_in_both_languages() {
        for lang in [Lang::Zh, Lang::En] {
            let mut h = harness(lang);
            h.run();
            for m in Method::ALL {
                // The selector comes first; the name also shows in the parameters.
                match h.get_all_by_label(Outcome::method_name(m, lang)).next() {
                    Some(n) => n.click(),
                    None => panic!("no selector for {m:?}"),
                }
                h.run();
                assert_eq!(h.state().project.compensation.method, m);
            }
        }
    }

    #[test]
    fn jiangxi_preset_asks_for_scores_then_allocates() {
        let mut h = harness(Lang::Zh);
        h.run();
        h.get_by_label(t(Lang::Zh, "comp_preset_jiangxi")).click();
        h.run();
        let s = &h.state().project.compensation;
        assert_eq!(s.user_columns.len(), 3);
        assert_eq!(s.factors[0].id, "user:水环境质量得分");
        // No scores yet: the page says why it cannot allocate and offers the score table.
        h.get_by_label_contains("无法计算");
        let cell = "资溪县 · 水环境质量得分";
        h.get_by_label(cell).click();
        h.run();
        h.get_by_label(cell).type_text("95");
        h.key_press(egui::Key::Enter);
        h.run();
        assert_eq!(
            h.state().project.compensation.user_columns[0]
                .values
                .get("361028"),
            Some(&95.0)
        );
    }

    #[test]
    fn amount_chart_diverges_and_ranking_follows_ecps() {
        let mut st = AppState::with_sample(crate::app::state::Settings::default());
        st.edit_compensation(|s| s.method = Method::Spillover);
        let Ok(o) = st.compensation() else {
            panic!("sample spillover runs")
        };
        let Some(c) = amount_chart(&o, Lang::Zh, crate::units::MoneyUnit::WanYuan) else {
            panic!("amounts")
        };
        let PanelKind::Bars(b) = &c.panels[0].kind else {
            panic!("bars")
        };
        assert_eq!(b.categories.len(), 11);
        // Largest receiver first; every county in exactly one of the two series.
        let first = o.rows.iter().max_by(|a, b| {
            a.amount_yuan
                .unwrap_or(0.0)
                .total_cmp(&b.amount_yuan.unwrap_or(0.0))
        });
        assert_eq!(b.categories[0], first.map_or("", |r| r.name_zh.as_str()));
        for i in 0..11 {
            assert!(b.series[0].values[i].is_some() ^ b.series[1].values[i].is_some());
        }
        let (lo, hi) = b.value_range();
        assert!(lo < 0.0 && hi > 0.0);
        let Some(r) = ranking_chart(&o, Lang::En) else {
            panic!("ecps")
        };
        let PanelKind::Bars(rb) = &r.panels[0].kind else {
            panic!("bars")
        };
        // 乐安县 has the highest ECPS of the sample in 2022.
        let top = o
            .rows
            .iter()
            .max_by(|a, b| a.ecps.unwrap_or(0.0).total_cmp(&b.ecps.unwrap_or(0.0)));
        assert_eq!(rb.categories[0], top.map_or("", |r| r.name_en.as_str()));
    }

    #[test]
    fn scenario_edits_undo_without_recomputing_accounts() {
        let mut st = AppState::with_sample(crate::app::state::Settings::default());
        let Ok(a) = st.accounts() else {
            panic!("accounts")
        };
        st.edit_compensation(|s| s.fund_yuan = 2.0e8);
        let Ok(b) = st.accounts() else {
            panic!("accounts")
        };
        assert!(std::sync::Arc::ptr_eq(&a, &b), "accounts were recomputed");
        let Ok(o) = st.compensation() else {
            panic!("runs")
        };
        assert!((o.total_received() - 2.0e8).abs() < 1e-3);
        st.undo();
        assert_eq!(st.project.compensation.fund_yuan, 1.0e8);
        let Ok(o) = st.compensation() else {
            panic!("runs")
        };
        assert!((o.total_received() - 1.0e8).abs() < 1e-3);
    }
}
