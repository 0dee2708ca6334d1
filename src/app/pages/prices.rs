//! 参数 Prices & parameters: the price book (every registry parameter with its effective value,
//! unit, price year, source, verification tag and the indicators using it), project overrides
//! (value, unit where a conversion exists, price year, source, tag, note; reset to default),
//! the value the engine uses at the accounting price year with its price-index factor, the
//! pollutant-pricing rule and constant-price base year, and the price-index series (registry
//! series, project series replacing or adding to them, editable year by year).
//!
//! Every number comes from the registry, the project or `engine::PriceBook`; nothing is made
//! up here.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use eframe::egui;
use egui_extras::{Column, TableBuilder};

use crate::app::format;
use crate::app::state::{AppState, Notice};
use crate::app::widgets::{CellChange, CellSpec, num_cell, parse_block, tag_badge, text_cell};
use crate::app::widgets::{YearChange, year_cell};
use crate::engine::PriceBook;
use crate::i18n::{Lang, Text};
use crate::i18n::{t, tf};
use crate::model::{ParamOverride, PollutantPricing, Project};
use crate::registry::{Formula, ParamSpec, PriceIndexSeries, PriceRef, Registry, Tag};
use crate::units::Unit;
use crate::units::convert_param_unit;

const TAGS: [Tag; 4] = [Tag::V, Tag::VSec, Tag::D, Tag::U];

/// Which parameters the table shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Show {
    #[default]
    All,
    Unverified,
    NeedsValue,
    Overridden,
    Used,
}

/// An indicator using a parameter, and under which pollutant-pricing rule (if only one).
#[derive(Debug, Clone)]
struct Use {
    indicator: String,
    name: Text,
    rule: Option<PollutantPricing>,
}

pub fn ui(ui: &mut egui::Ui, state: &mut AppState) {
    let lang = state.lang();
    ui.heading(t(lang, "page_prices"));
    settings_ui(ui, state);
    ui.add_space(2.0);
    let tab_id = egui::Id::unique("prices_tab");
    let mut tab: u8 = ui.data(|d| d.get_temp(tab_id)).unwrap_or(0);
    ui.horizontal(|ui| {
        ui.selectable_value(&mut tab, 0, t(lang, "prc_tab_params"));
        ui.selectable_value(&mut tab, 1, t(lang, "prc_tab_indices"));
    });
    ui.data_mut(|d| d.insert_temp(tab_id, tab));
    ui.separator();
    if tab == 0 {
        params_ui(ui, state);
    } else {
        indices_ui(ui, state);
    }
}

/// The price year everything is converted to (base year, else the accounting year).
fn target_year(state: &AppState) -> i32 {
    state.project.meta.base_year.unwrap_or(state.year)
}

fn tag_tip(lang: Lang, tag: Tag) -> &'static str {
    match tag {
        Tag::V => t(lang, "tag_v"),
        Tag::VSec => t(lang, "tag_vsec"),
        Tag::D => t(lang, "tag_d"),
        Tag::U => t(lang, "tag_u"),
    }
}

/// Pollutant pricing and the constant-price base year.
fn settings_ui(ui: &mut egui::Ui, state: &mut AppState) {
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
        state.edit(|p| p.meta.pollutant_pricing = pricing);
    }
    if let Some(b) = base_change {
        state.edit(|p| p.meta.base_year = b);
    }
}

/// Which indicators use each parameter (value formulas and physical models).
fn uses(reg: &Registry) -> HashMap<String, Vec<Use>> {
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

fn uses_text(lang: Lang, uses: &[Use]) -> String {
    uses.iter()
        .map(|u| match u.rule {
            None => u.name.get(lang).to_string(),
            Some(PollutantPricing::TreatmentCost) => {
                format!("{} ({})", u.name.get(lang), t(lang, "prc_rule_cost"))
            }
            Some(PollutantPricing::EnvTax) => {
                format!("{} ({})", u.name.get(lang), t(lang, "prc_rule_tax"))
            }
        })
        .collect::<Vec<_>>()
        .join(lang_sep(lang))
}

fn lang_sep(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "、",
        Lang::En => ", ",
    }
}

/// Units an override of a parameter in `unit` may be entered in (the unit itself first).
fn unit_choices(unit: Unit) -> Vec<Unit> {
    let mut v = vec![unit];
    for u in Unit::ALL {
        if *u != unit && convert_param_unit(1.0, *u, unit).is_some() {
            v.push(*u);
        }
    }
    v
}

/// A unit symbol after a number; dimensionless fractions get none.
fn suffix(u: Unit, lang: Lang) -> &'static str {
    match u {
        Unit::Fraction => "",
        _ => u.symbol(lang),
    }
}

/// Decimals that show a stored value exactly (at most 6).
fn decimals_for(v: Option<f64>) -> usize {
    v.map_or(2, |v| {
        let s = format!("{v}");
        s.split_once('.').map_or(0, |(_, f)| f.len().min(6))
    })
}

/// Shown value of a registry default (exact, with thousands separators).
fn exact(v: f64) -> String {
    format::num(v, decimals_for(Some(v)))
}

/// Edits of the parameter table, applied after it is drawn.
enum ParamAct {
    Value(String, CellChange),
    Unit(String, Option<Unit>),
    PriceYear(String, YearChange),
    Source(String, String),
    Tag(String, Tag),
    Note(String, String),
    Reset(String),
}

fn params_ui(ui: &mut egui::Ui, state: &mut AppState) {
    let lang = state.lang();
    let year = state.year;
    let target = target_year(state);
    let reg = state.registry();
    let book = PriceBook::new(&state.project, reg, year, target);
    let overrides = state.project.price_overrides.clone();
    let uses = uses(reg);
    let pricing = state.project.meta.pollutant_pricing;

    // Filter.
    let filter_id = egui::Id::unique("prc_filter");
    let show_id = egui::Id::unique("prc_show");
    let sel_id = egui::Id::unique("prc_selected");
    let mut filter: String = ui.data(|d| d.get_temp(filter_id)).unwrap_or_default();
    let mut show: Show = ui.data(|d| d.get_temp(show_id)).unwrap_or_default();
    let mut selected: Option<String> = ui.data(|d| d.get_temp::<String>(sel_id));
    let show_label = |s: Show| match s {
        Show::All => t(lang, "prc_show_all"),
        Show::Unverified => t(lang, "prc_show_unverified"),
        Show::NeedsValue => t(lang, "prc_show_needs_value"),
        Show::Overridden => t(lang, "prc_show_overridden"),
        Show::Used => t(lang, "prc_show_used"),
    };
    let effective_tag = |p: &ParamSpec| overrides.get(&p.id).map_or(p.tag, |o| o.tag);
    let needs_value = |p: &ParamSpec| p.value.is_none() && !overrides.contains_key(&p.id);
    let f = filter.trim().to_lowercase();
    let rows: Vec<&ParamSpec> = reg
        .params
        .iter()
        .filter(|p| match show {
            Show::All => true,
            Show::Unverified => effective_tag(p).is_unverified(),
            Show::NeedsValue => needs_value(p),
            Show::Overridden => overrides.contains_key(&p.id),
            Show::Used => uses.contains_key(&p.id),
        })
        .filter(|p| {
            f.is_empty()
                || p.id.to_lowercase().contains(&f)
                || p.name.zh.contains(filter.trim())
                || p.name.en.to_lowercase().contains(&f)
                || p.source.to_lowercase().contains(&f)
                || overrides
                    .get(&p.id)
                    .is_some_and(|o| o.source.to_lowercase().contains(&f))
                || uses.get(&p.id).is_some_and(|u| {
                    u.iter().any(|u| {
                        u.indicator.contains(&f)
                            || u.name.zh.contains(filter.trim())
                            || u.name.en.to_lowercase().contains(&f)
                    })
                })
        })
        .collect();
    let n_unverified = reg
        .params
        .iter()
        .filter(|p| effective_tag(p).is_unverified())
        .count();
    let n_missing = reg.params.iter().filter(|p| needs_value(p)).count();
    ui.horizontal_wrapped(|ui| {
        ui.label(t(lang, "filter"));
        ui.add(
            egui::TextEdit::singleline(&mut filter)
                .desired_width(180.0)
                .hint_text(t(lang, "prc_filter_hint")),
        )
        .accessible_name(t(lang, "filter"));
        egui::ComboBox::from_id_salt("prc_show_combo")
            .selected_text(show_label(show))
            .show_ui(ui, |ui| {
                for s in [
                    Show::All,
                    Show::Unverified,
                    Show::NeedsValue,
                    Show::Overridden,
                    Show::Used,
                ] {
                    ui.selectable_value(&mut show, s, show_label(s));
                }
            })
            .response
            .accessible_name(t(lang, "prc_show"));
        ui.label(
            egui::RichText::new(tf(
                lang,
                "prc_counts",
                &[
                    ("shown", &rows.len().to_string()),
                    ("total", &reg.params.len().to_string()),
                    ("overridden", &overrides.len().to_string()),
                    ("unverified", &n_unverified.to_string()),
                    ("missing", &n_missing.to_string()),
                ],
            ))
            .weak(),
        );
    });
    ui.data_mut(|d| {
        d.insert_temp(filter_id, filter.clone());
        d.insert_temp(show_id, show);
    });

    let mut act: Option<ParamAct> = None;
    // Details of the selected parameter.
    if let Some(sel) = selected.clone()
        && let Some(p) = reg.param(&sel)
    {
        egui::Panel::bottom("prc_details")
            .resizable(true)
            .default_size(190.0)
            .min_size(90.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("prc_details_scroll")
                    .show(ui, |ui| {
                        details_ui(
                            ui,
                            lang,
                            p,
                            overrides.get(&p.id),
                            uses.get(&p.id).map_or(&[][..], Vec::as_slice),
                            &mut selected,
                            &mut act,
                        );
                    });
            });
    }

    let warn_bg = ui.visuals().warn_fg_color.gamma_multiply(0.12);
    let err_bg = ui.visuals().error_fg_color.gamma_multiply(0.14);
    let over_bg = ui.visuals().selection.bg_fill.gamma_multiply(0.35);
    let mut clicked: Option<String> = None;
    egui::ScrollArea::horizontal()
        .id_salt("prc_h")
        .show(ui, |ui| {
            // Clicking anywhere in a row selects it, so labels must not take clicks.
            ui.style_mut().interaction.selectable_labels = false;
            TableBuilder::new(ui)
                .id_salt("prc_table")
                .striped(true)
                .resizable(true)
                .sense(egui::Sense::click())
                .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
                .column(Column::initial(190.0).at_least(100.0))
                .column(Column::initial(44.0).at_least(36.0))
                .column(Column::initial(110.0).at_least(70.0))
                .column(Column::initial(96.0).at_least(70.0))
                .column(Column::exact(26.0))
                .column(Column::initial(84.0).at_least(60.0))
                .column(Column::initial(60.0).at_least(50.0))
                .column(Column::initial(112.0).at_least(70.0))
                .column(Column::initial(62.0).at_least(44.0))
                .column(Column::initial(170.0).at_least(80.0))
                .column(Column::initial(160.0).at_least(60.0))
                .column(Column::initial(150.0).at_least(60.0))
                .header(40.0, |mut h| {
                    for (key, tip) in [
                        ("prc_col_name", ""),
                        ("prc_col_tag", "prc_col_tag_help"),
                        ("prc_col_default", "prc_col_default_help"),
                        ("prc_col_project", "prc_col_project_help"),
                        ("", ""),
                        ("prc_col_unit", "prc_col_unit_help"),
                        ("prc_col_price_year", "prc_col_price_year_help"),
                        ("prc_col_used_value", "prc_col_used_value_help"),
                        ("prc_col_factor", "prc_col_factor_help"),
                        ("prc_col_source", ""),
                        ("prc_col_used_by", "prc_col_used_by_help"),
                        ("prc_col_id", ""),
                    ] {
                        h.col(|ui| {
                            if key.is_empty() {
                                return;
                            }
                            let text = if key == "prc_col_used_value" {
                                tf(lang, key, &[("year", &target.to_string())])
                            } else {
                                t(lang, key).to_string()
                            };
                            let r =
                                ui.add(egui::Label::new(egui::RichText::new(text).strong()).wrap());
                            if !tip.is_empty() {
                                r.on_hover_text(t(lang, tip));
                            }
                        });
                    }
                })
                .body(|body| {
                    body.rows(26.0, rows.len(), |mut row| {
                        let p = rows[row.index()];
                        let o = overrides.get(&p.id);
                        let tag = effective_tag(p);
                        let missing = needs_value(p);
                        let bg = if missing {
                            Some(err_bg)
                        } else if tag.is_unverified() {
                            Some(warn_bg)
                        } else {
                            None
                        };
                        row.set_selected(selected.as_deref() == Some(p.id.as_str()));
                        let paint = |ui: &egui::Ui| {
                            if let Some(c) = bg {
                                ui.painter().rect_filled(ui.max_rect(), 0.0, c);
                            }
                        };
                        let label = |what: &str| format!("{} · {what}", p.name.get(lang));
                        // Name
                        row.col(|ui| {
                            paint(ui);
                            let mut text = egui::RichText::new(p.name.get(lang));
                            if o.is_some() {
                                text = text.strong();
                            }
                            let mut tip = format!("{}\n{}", p.name.get(lang), p.id);
                            if !p.note.is_empty() {
                                tip.push_str("\n\n");
                                tip.push_str(p.note.get(lang));
                            }
                            ui.add(egui::Label::new(text).truncate()).on_hover_text(tip);
                        });
                        // Tag
                        row.col(|ui| {
                            paint(ui);
                            tag_badge(ui, tag, lang);
                        });
                        // Registry default
                        row.col(|ui| {
                            paint(ui);
                            match p.value {
                                Some(v) => {
                                    let mut text = egui::RichText::new(format!(
                                        "{} {}",
                                        exact(v),
                                        suffix(p.unit, lang)
                                    ));
                                    if o.is_some() {
                                        text = text.weak().strikethrough();
                                    }
                                    ui.add(egui::Label::new(text).truncate()).on_hover_text(
                                        format!(
                                            "{} {}{}",
                                            exact(v),
                                            p.unit.symbol(lang),
                                            p.price_year.map_or_else(String::new, |y| tf(
                                                lang,
                                                "price_year_of",
                                                &[("y", &y.to_string())]
                                            ))
                                        ),
                                    );
                                }
                                None => {
                                    ui.label(egui::RichText::new(t(lang, "prc_no_default")).weak())
                                        .on_hover_text(t(lang, "prc_no_default_help"));
                                }
                            }
                        });
                        // Project value
                        row.col(|ui| {
                            if o.is_some() {
                                ui.painter().rect_filled(ui.max_rect(), 0.0, over_bg);
                            } else {
                                paint(ui);
                            }
                            let unit = o.and_then(|o| o.unit).unwrap_or(p.unit);
                            let name = format!(
                                "{} ({})",
                                label(t(lang, "prc_col_project")),
                                unit.symbol(lang)
                            );
                            let id = egui::Id::unique(("prc_value", &p.id));
                            let v = o.map(|o| o.value);
                            if let Some(ch) = num_cell(
                                ui,
                                id,
                                v,
                                CellSpec {
                                    decimals: decimals_for(v),
                                    name: &name,
                                    problem: None,
                                    min: None,
                                    max: None,
                                },
                            ) {
                                act = Some(ParamAct::Value(p.id.clone(), ch));
                            }
                            if missing && !ui.memory(|m| m.has_focus(id)) {
                                ui.put(
                                    ui.max_rect().shrink2(egui::vec2(6.0, 0.0)),
                                    egui::Label::new(
                                        egui::RichText::new(t(lang, "prc_enter_value"))
                                            .color(ui.visuals().error_fg_color)
                                            .italics(),
                                    ),
                                )
                                .on_hover_text(t(lang, "prc_no_default_help"));
                            }
                        });
                        // Reset
                        row.col(|ui| {
                            if o.is_some()
                                && ui
                                    .add(egui::Button::new("×").small())
                                    .on_hover_text(t(lang, "prc_reset"))
                                    .accessible_name(label(t(lang, "prc_reset")))
                                    .clicked()
                            {
                                act = Some(ParamAct::Reset(p.id.clone()));
                            }
                        });
                        // Unit
                        row.col(|ui| {
                            paint(ui);
                            let choices = unit_choices(p.unit);
                            match o {
                                Some(o) if choices.len() > 1 => {
                                    let current = o.unit.unwrap_or(p.unit);
                                    egui::ComboBox::from_id_salt(("prc_unit", &p.id))
                                        .selected_text(current.symbol(lang))
                                        .width(ui.available_width() - 4.0)
                                        .show_ui(ui, |ui| {
                                            for u in &choices {
                                                if ui
                                                    .selectable_label(*u == current, u.symbol(lang))
                                                    .clicked()
                                                    && *u != current
                                                {
                                                    let stored = (*u != p.unit).then_some(*u);
                                                    act =
                                                        Some(ParamAct::Unit(p.id.clone(), stored));
                                                }
                                            }
                                        })
                                        .response
                                        .accessible_name(label(t(lang, "prc_col_unit")))
                                        .on_hover_text(t(lang, "prc_unit_choice_help"));
                                }
                                Some(o) => {
                                    ui.label(o.unit.unwrap_or(p.unit).symbol(lang));
                                }
                                None => {
                                    let r = ui.label(p.unit.symbol(lang));
                                    if choices.len() > 1 {
                                        r.on_hover_text(t(lang, "prc_unit_choice_help"));
                                    }
                                }
                            }
                        });
                        // Price year
                        row.col(|ui| {
                            paint(ui);
                            match o {
                                Some(o) => {
                                    let id = egui::Id::unique(("prc_year", &p.id));
                                    // Empty: a price of the accounting year (the engine's rule).
                                    let implied = if p.unit.is_price() {
                                        Some(year)
                                    } else {
                                        p.price_year
                                    };
                                    let name = format!(
                                        "{}\n{}",
                                        label(t(lang, "prc_col_price_year")),
                                        t(lang, "prc_year_implied")
                                    );
                                    if let Some(ch) =
                                        year_cell(ui, id, o.price_year, implied, &name)
                                    {
                                        act = Some(ParamAct::PriceYear(p.id.clone(), ch));
                                    }
                                }
                                None => {
                                    ui.label(
                                        p.price_year
                                            .map_or_else(|| "—".to_string(), |y| y.to_string()),
                                    );
                                }
                            }
                        });
                        // Value used at the target price year
                        row.col(|ui| {
                            paint(ui);
                            ui.with_layout(
                                egui::Layout::right_to_left(egui::Align::Center),
                                |ui| match book.value(&p.id) {
                                    Ok(v) => {
                                        let text = format!(
                                            "{} {}",
                                            format::auto(v.value),
                                            suffix(p.unit, lang)
                                        );
                                        let mut tip =
                                            format!("{} {}", v.value, suffix(p.unit, lang));
                                        if (v.index_factor - 1.0).abs() > 1e-12 {
                                            tip.push_str(&tf(
                                                lang,
                                                "prc_factor_tip",
                                                &[
                                                    ("f", &format::num(v.index_factor, 4)),
                                                    ("index", &v.param.index),
                                                    (
                                                        "from",
                                                        &v.param
                                                            .price_year
                                                            .map_or_else(String::new, |y| {
                                                                y.to_string()
                                                            }),
                                                    ),
                                                    ("to", &target.to_string()),
                                                ],
                                            ));
                                        }
                                        if let Some(o) = o
                                            && o.unit.is_some_and(|u| u != p.unit)
                                        {
                                            tip.push_str(&tf(
                                                lang,
                                                "prc_converted_from",
                                                &[
                                                    ("v", &exact(o.value)),
                                                    ("u", o.unit.unwrap_or(p.unit).symbol(lang)),
                                                ],
                                            ));
                                        }
                                        ui.add(egui::Label::new(text).truncate())
                                            .on_hover_text(tip);
                                    }
                                    Err(e) => {
                                        let (zh, en) = e.message();
                                        ui.add(
                                            egui::Label::new(
                                                egui::RichText::new(t(lang, "prc_unusable"))
                                                    .color(ui.visuals().error_fg_color),
                                            )
                                            .truncate(),
                                        )
                                        .on_hover_text(if lang == Lang::Zh { zh } else { en });
                                    }
                                },
                            );
                        });
                        // Price-index factor applied
                        row.col(|ui| {
                            paint(ui);
                            ui.with_layout(
                                egui::Layout::right_to_left(egui::Align::Center),
                                |ui| match book.value(&p.id) {
                                    Ok(v) if (v.index_factor - 1.0).abs() > 1e-12 => {
                                        ui.label(format!("×{}", format::num(v.index_factor, 4)))
                                            .on_hover_text(tf(
                                                lang,
                                                "prc_factor_tip",
                                                &[
                                                    ("f", &format::num(v.index_factor, 4)),
                                                    ("index", &v.param.index),
                                                    (
                                                        "from",
                                                        &v.param
                                                            .price_year
                                                            .map_or_else(String::new, |y| {
                                                                y.to_string()
                                                            }),
                                                    ),
                                                    ("to", &target.to_string()),
                                                ],
                                            ));
                                    }
                                    _ => {
                                        ui.label(egui::RichText::new("—").weak());
                                    }
                                },
                            );
                        });
                        // Source
                        row.col(|ui| {
                            paint(ui);
                            match o {
                                Some(o) => {
                                    let id = egui::Id::unique(("prc_source", &p.id));
                                    if let Some(s) = text_cell(
                                        ui,
                                        id,
                                        &o.source,
                                        &label(t(lang, "prc_col_source")),
                                    ) {
                                        act = Some(ParamAct::Source(p.id.clone(), s));
                                    }
                                    if o.source.trim().is_empty() && !ui.memory(|m| m.has_focus(id))
                                    {
                                        ui.put(
                                            ui.max_rect().shrink2(egui::vec2(6.0, 0.0)),
                                            egui::Label::new(
                                                egui::RichText::new(t(lang, "prc_enter_source"))
                                                    .color(ui.visuals().warn_fg_color)
                                                    .italics(),
                                            ),
                                        );
                                    }
                                }
                                None => {
                                    ui.add(egui::Label::new(&p.source).truncate())
                                        .on_hover_text(&p.source);
                                }
                            }
                        });
                        // Used by
                        row.col(|ui| {
                            paint(ui);
                            match uses.get(&p.id) {
                                Some(u) => {
                                    let active =
                                        u.iter().any(|x| x.rule.is_none_or(|r| r == pricing));
                                    let mut text = egui::RichText::new(uses_text(lang, u));
                                    if !active {
                                        text = text.weak();
                                    }
                                    ui.add(egui::Label::new(text).truncate()).on_hover_text(
                                        uses_text(lang, u).replace(lang_sep(lang), "\n"),
                                    );
                                }
                                None => {
                                    ui.label(
                                        egui::RichText::new(t(lang, "prc_catalogue_only")).weak(),
                                    )
                                    .on_hover_text(t(lang, "prc_catalogue_only_help"));
                                }
                            }
                        });
                        // Id
                        row.col(|ui| {
                            paint(ui);
                            ui.add(
                                egui::Label::new(egui::RichText::new(&p.id).monospace().small())
                                    .truncate(),
                            );
                        });
                        if row.response().clicked() {
                            clicked = Some(p.id.clone());
                        }
                    });
                });
        });
    if let Some(c) = clicked {
        selected = if selected.as_ref() == Some(&c) {
            None
        } else {
            Some(c)
        };
    }
    ui.data_mut(|d| match &selected {
        Some(s) => {
            d.insert_temp(sel_id, s.clone());
        }
        None => d.remove::<String>(sel_id),
    });
    if let Some(a) = act {
        apply_param_act(state, a);
    }
}

/// The selected parameter: registry default in full, and the project override's note.
fn details_ui(
    ui: &mut egui::Ui,
    lang: Lang,
    p: &ParamSpec,
    o: Option<&ParamOverride>,
    uses: &[Use],
    selected: &mut Option<String>,
    act: &mut Option<ParamAct>,
) {
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.strong(p.name.get(lang));
        ui.label(egui::RichText::new(&p.id).monospace().weak());
        if ui.button(t(lang, "close")).clicked() {
            *selected = None;
        }
    });
    ui.columns(2, |cols| {
        let ui = &mut cols[0];
        ui.label(egui::RichText::new(t(lang, "prc_registry_default")).strong());
        egui::Grid::new("prc_details_reg")
            .num_columns(2)
            .spacing([10.0, 2.0])
            .show(ui, |ui| {
                ui.label(egui::RichText::new(t(lang, "prc_col_default")).weak());
                ui.label(p.value.map_or_else(
                    || t(lang, "prc_no_default").to_string(),
                    |v| format!("{} {}", exact(v), suffix(p.unit, lang)),
                ));
                ui.end_row();
                ui.label(egui::RichText::new(t(lang, "prc_col_price_year")).weak());
                ui.label(
                    p.price_year
                        .map_or_else(|| "—".to_string(), |y| y.to_string()),
                );
                ui.end_row();
                if p.unit.is_price() || p.unit.is_money() {
                    ui.label(egui::RichText::new(t(lang, "prc_index")).weak());
                    ui.label(p.index.as_deref().unwrap_or("cpi"));
                    ui.end_row();
                }
                ui.label(egui::RichText::new(t(lang, "prc_col_tag")).weak());
                ui.horizontal(|ui| {
                    tag_badge(ui, p.tag, lang);
                    ui.label(egui::RichText::new(tag_tip(lang, p.tag)).weak().small());
                });
                ui.end_row();
                ui.label(egui::RichText::new(t(lang, "prc_col_source")).weak());
                ui.add(egui::Label::new(&p.source).wrap());
                ui.end_row();
                ui.label(egui::RichText::new(t(lang, "prc_col_used_by")).weak());
                if uses.is_empty() {
                    ui.label(t(lang, "prc_catalogue_only_help"));
                } else {
                    ui.add(egui::Label::new(uses_text(lang, uses)).wrap());
                }
                ui.end_row();
            });
        if !p.note.is_empty() {
            ui.add(egui::Label::new(egui::RichText::new(p.note.get(lang)).weak()).wrap());
        }
        let ui = &mut cols[1];
        ui.label(egui::RichText::new(t(lang, "prc_project_value")).strong());
        match o {
            None => {
                ui.add(egui::Label::new(t(lang, "prc_not_overridden")).wrap());
            }
            Some(o) => {
                egui::Grid::new("prc_details_over")
                    .num_columns(2)
                    .spacing([10.0, 2.0])
                    .show(ui, |ui| {
                        ui.label(egui::RichText::new(t(lang, "prc_col_project")).weak());
                        ui.label(format!(
                            "{} {}",
                            exact(o.value),
                            suffix(o.unit.unwrap_or(p.unit), lang)
                        ));
                        ui.end_row();
                        ui.label(egui::RichText::new(t(lang, "prc_col_tag")).weak());
                        ui.horizontal(|ui| {
                            egui::ComboBox::from_id_salt(("prc_tag", &p.id))
                                .selected_text(o.tag.label())
                                .show_ui(ui, |ui| {
                                    for tag in TAGS {
                                        if ui
                                            .selectable_label(o.tag == tag, tag.label())
                                            .on_hover_text(tag_tip(lang, tag))
                                            .clicked()
                                            && tag != o.tag
                                        {
                                            *act = Some(ParamAct::Tag(p.id.clone(), tag));
                                        }
                                    }
                                })
                                .response
                                .accessible_name(format!(
                                    "{} · {}",
                                    p.name.get(lang),
                                    t(lang, "prc_col_tag")
                                ));
                            ui.label(egui::RichText::new(tag_tip(lang, o.tag)).weak().small());
                        });
                        ui.end_row();
                        ui.label(egui::RichText::new(t(lang, "prc_note")).weak());
                        let name = format!("{} · {}", p.name.get(lang), t(lang, "prc_note"));
                        if let Some(s) =
                            text_cell(ui, egui::Id::unique(("prc_note", &p.id)), &o.note, &name)
                        {
                            *act = Some(ParamAct::Note(p.id.clone(), s));
                        }
                        ui.end_row();
                    });
                ui.horizontal(|ui| {
                    if ui.button(t(lang, "prc_reset")).clicked() {
                        *act = Some(ParamAct::Reset(p.id.clone()));
                    }
                });
            }
        }
    });
}

fn apply_param_act(state: &mut AppState, a: ParamAct) {
    let lang = state.lang();
    match a {
        ParamAct::Value(id, ch) => match ch {
            CellChange::Set(v) => state.edit(|p| set_override_value(p, &id, v)),
            CellChange::Clear => state.edit(|p| {
                p.price_overrides.remove(&id);
            }),
            CellChange::Rejected(s) => {
                state.notice = Some(Notice {
                    text: format!("{}: {s}", t(lang, "not_a_number")),
                    error: true,
                });
            }
            CellChange::Paste(block) => {
                // A column of values down the shown rows is ambiguous with filters: take the
                // first cell only.
                if let Some(v) = block
                    .first()
                    .and_then(|r| r.first())
                    .and_then(|c| format::parse_number(c))
                {
                    state.edit(|p| set_override_value(p, &id, v));
                }
                if block.len() > 1 || block.first().is_some_and(|r| r.len() > 1) {
                    state.notice = Some(Notice {
                        text: t(lang, "prc_paste_one").to_string(),
                        error: true,
                    });
                }
            }
        },
        ParamAct::Unit(id, u) => state.edit(|p| {
            if let Some(o) = p.price_overrides.get_mut(&id) {
                o.unit = u;
            }
        }),
        ParamAct::PriceYear(id, ch) => match ch {
            YearChange::Set(y) => state.edit(|p| {
                if let Some(o) = p.price_overrides.get_mut(&id) {
                    o.price_year = y;
                }
            }),
            YearChange::Rejected(_) | YearChange::Paste(_) => {
                state.notice = Some(Notice {
                    text: t(lang, "prc_bad_year").to_string(),
                    error: true,
                });
            }
        },
        ParamAct::Source(id, s) => state.edit(|p| {
            if let Some(o) = p.price_overrides.get_mut(&id) {
                o.source = s;
            }
        }),
        ParamAct::Tag(id, tag) => state.edit(|p| {
            if let Some(o) = p.price_overrides.get_mut(&id) {
                o.tag = tag;
            }
        }),
        ParamAct::Note(id, s) => state.edit(|p| {
            if let Some(o) = p.price_overrides.get_mut(&id) {
                o.note = s;
            }
        }),
        ParamAct::Reset(id) => state.edit(|p| {
            p.price_overrides.remove(&id);
        }),
    }
}

/// Sets an override's value; a new override is in the registry unit, of the accounting
/// year's prices, unverified and without a source until the user gives one.
fn set_override_value(p: &mut Project, id: &str, v: f64) {
    match p.price_overrides.get_mut(id) {
        Some(o) => o.value = v,
        None => {
            p.price_overrides.insert(
                id.to_string(),
                ParamOverride {
                    value: v,
                    unit: None,
                    price_year: None,
                    source: String::new(),
                    tag: Tag::U,
                    note: String::new(),
                },
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Price-index series.

/// Edits of the index page.
enum IndexAct {
    Copy(String),
    Remove(String),
    SetValue(String, i32, Option<f64>),
    Paste(String, Vec<(i32, f64)>, usize),
    Source(String, String),
    Base(String, String),
    NameZh(String, String),
    NameEn(String, String),
    Tag(String, Tag),
}

fn indices_ui(ui: &mut egui::Ui, state: &mut AppState) {
    let lang = state.lang();
    let year = state.year;
    let target = target_year(state);
    let reg = state.registry();
    let project_series = state.project.price_indices.clone();
    // Registry ids first, then project-only ids.
    let mut ids: Vec<String> = reg.price_indices.iter().map(|s| s.id.clone()).collect();
    for s in &project_series {
        if !ids.contains(&s.id) {
            ids.push(s.id.clone());
        }
    }
    let sel_id = egui::Id::unique("prc_index_selected");
    let mut selected: String = ui
        .data(|d| d.get_temp(sel_id))
        .filter(|s: &String| ids.contains(s))
        .or_else(|| ids.first().cloned())
        .unwrap_or_default();

    // Years each series must cover for this accounting year.
    let book = PriceBook::new(&state.project, reg, year, target);
    // Parameters no indicator uses are left out (a missing year does not affect the accounts).
    let used = uses(reg);
    let mut needed: BTreeMap<String, BTreeSet<i32>> = BTreeMap::new();
    for p in book.all() {
        if let Some(y) = p.price_year
            && (p.unit.is_price() || p.unit.is_money())
            && y != target
            && p.value.is_some()
            && (used.contains_key(&*p.id) || p.id.starts_with("custom."))
        {
            needed.entry(p.index.to_string()).or_default().insert(y);
        }
    }
    if let Some(period) = state.project.period(year) {
        let cpi = needed.entry("cpi".to_string()).or_default();
        for cp in period.counties.values() {
            for inp in cp.indicators.values() {
                for l in &inp.products {
                    cpi.insert(l.price_year.unwrap_or(year));
                }
                if let Some(o) = &inp.output_value {
                    cpi.insert(o.price_year.unwrap_or(year));
                }
            }
            if cp.gdp_yuan.is_some() || cp.imported_products_yuan != 0.0 {
                cpi.insert(year);
            }
        }
        cpi.remove(&target);
    }
    for set in needed.values_mut() {
        if !set.is_empty() {
            set.insert(target);
        }
    }

    let mut act: Option<IndexAct> = None;
    egui::Panel::left("prc_index_list")
        .resizable(true)
        .default_size(250.0)
        .min_size(160.0)
        .show(ui, |ui| {
            ui.add_space(4.0);
            for id in &ids {
                let reg_s = reg.price_index(id);
                let proj_s = project_series.iter().find(|s| &s.id == id);
                let Some(eff) = proj_s.or(reg_s) else {
                    continue;
                };
                let origin = match (reg_s, proj_s) {
                    (Some(_), Some(_)) => t(lang, "prc_origin_replaced"),
                    (None, Some(_)) => t(lang, "prc_origin_project"),
                    _ => t(lang, "prc_origin_registry"),
                };
                let missing = needed
                    .get(id)
                    .is_some_and(|ys| ys.iter().any(|y| !eff.values.contains_key(y)));
                let mut right =
                    egui::RichText::new(format!("{} · {}", eff.tag.label(), origin)).small();
                right = if missing {
                    right.color(ui.visuals().error_fg_color)
                } else if eff.tag.is_unverified() {
                    right.color(egui::Color32::from_rgb(200, 90, 20))
                } else {
                    right.weak()
                };
                let w = ui.available_width();
                if ui
                    .add(
                        egui::Button::selectable(&selected == id, eff.name.get(lang))
                            .right_text(right)
                            .truncate()
                            .min_size(egui::vec2(w, 0.0)),
                    )
                    .on_hover_text(format!("{}\n{id}\n{origin}", eff.name.get(lang)))
                    .clicked()
                {
                    selected = id.clone();
                }
            }
            ui.add_space(8.0);
            ui.label(
                egui::RichText::new(t(lang, "prc_index_help"))
                    .weak()
                    .small(),
            );
        });
    ui.data_mut(|d| d.insert_temp(sel_id, selected.clone()));

    egui::CentralPanel::no_frame().show(ui, |ui| {
        let reg_s = reg.price_index(&selected);
        let proj_s = project_series.iter().find(|s| s.id == selected);
        let Some(eff) = proj_s.or(reg_s) else {
            ui.label(t(lang, "none"));
            return;
        };
        let editable = proj_s.is_some();
        ui.horizontal_wrapped(|ui| {
            ui.heading(eff.name.get(lang));
            ui.label(egui::RichText::new(&eff.id).monospace().weak());
            tag_badge(ui, eff.tag, lang);
            let origin = match (reg_s, proj_s) {
                (Some(_), Some(_)) => t(lang, "prc_origin_replaced_long"),
                (None, Some(_)) => t(lang, "prc_origin_project"),
                _ => t(lang, "prc_origin_registry"),
            };
            ui.label(egui::RichText::new(origin).weak());
        });
        if eff.tag.is_unverified() {
            ui.colored_label(
                egui::Color32::from_rgb(200, 90, 20),
                t(lang, "prc_index_unverified"),
            );
        }
        // Coverage of the years this accounting year needs.
        if let Some(ys) = needed.get(&eff.id).filter(|s| !s.is_empty()) {
            let missing: Vec<String> = ys
                .iter()
                .filter(|y| !eff.values.contains_key(y))
                .map(i32::to_string)
                .collect();
            let all: Vec<String> = ys.iter().map(i32::to_string).collect();
            let text = tf(
                lang,
                "prc_years_needed",
                &[
                    ("year", &year.to_string()),
                    ("price_year", &target.to_string()),
                    ("years", &all.join(", ")),
                ],
            );
            if missing.is_empty() {
                ui.label(egui::RichText::new(format!("{text} {}", t(lang, "prc_years_ok"))).weak());
            } else {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    format!(
                        "{text} {}",
                        tf(lang, "prc_years_missing", &[("years", &missing.join(", "))])
                    ),
                );
            }
        }
        ui.horizontal(|ui| {
            if editable {
                let key = if reg_s.is_some() {
                    "prc_remove_series_restore"
                } else {
                    "prc_remove_series"
                };
                if ui.button(t(lang, key)).clicked() {
                    act = Some(IndexAct::Remove(eff.id.clone()));
                }
            } else if ui
                .button(t(lang, "prc_copy_series"))
                .on_hover_text(t(lang, "prc_copy_series_help"))
                .clicked()
            {
                act = Some(IndexAct::Copy(eff.id.clone()));
            }
        });
        egui::Grid::new("prc_index_meta")
            .num_columns(2)
            .spacing([10.0, 3.0])
            .show(ui, |ui| {
                let sid = eff.id.clone();
                let mut field = |ui: &mut egui::Ui,
                                 key: &'static str,
                                 value: &str,
                                 mk: fn(String, String) -> IndexAct,
                                 salt: &str| {
                    ui.label(egui::RichText::new(t(lang, key)).weak());
                    if editable {
                        ui.scope(|ui| {
                            ui.set_width(420.0);
                            let name = format!("{} · {}", eff.name.get(lang), t(lang, key));
                            if let Some(s) = text_cell(
                                ui,
                                egui::Id::unique(("prc_idx", salt, &sid)),
                                value,
                                &name,
                            ) {
                                act = Some(mk(sid.clone(), s));
                            }
                        });
                    } else {
                        ui.add(egui::Label::new(value).wrap());
                    }
                    ui.end_row();
                };
                if editable {
                    field(
                        ui,
                        "prc_series_name_zh",
                        &eff.name.zh,
                        IndexAct::NameZh,
                        "zh",
                    );
                    field(
                        ui,
                        "prc_series_name_en",
                        &eff.name.en,
                        IndexAct::NameEn,
                        "en",
                    );
                }
                field(ui, "prc_series_base", &eff.base, IndexAct::Base, "base");
                field(
                    ui,
                    "prc_col_source",
                    &eff.source,
                    IndexAct::Source,
                    "source",
                );
                ui.label(egui::RichText::new(t(lang, "prc_col_tag")).weak());
                ui.horizontal(|ui| {
                    if editable {
                        egui::ComboBox::from_id_salt(("prc_idx_tag", &eff.id))
                            .selected_text(eff.tag.label())
                            .show_ui(ui, |ui| {
                                for tag in TAGS {
                                    if ui
                                        .selectable_label(eff.tag == tag, tag.label())
                                        .on_hover_text(tag_tip(lang, tag))
                                        .clicked()
                                        && tag != eff.tag
                                    {
                                        act = Some(IndexAct::Tag(eff.id.clone(), tag));
                                    }
                                }
                            })
                            .response
                            .accessible_name(format!(
                                "{} · {}",
                                eff.name.get(lang),
                                t(lang, "prc_col_tag")
                            ));
                    } else {
                        tag_badge(ui, eff.tag, lang);
                    }
                    ui.label(egui::RichText::new(tag_tip(lang, eff.tag)).weak().small());
                });
                ui.end_row();
            });
        ui.add_space(4.0);
        if editable {
            add_year_ui(ui, lang, eff, &mut act);
        }
        values_table(
            ui,
            lang,
            eff,
            editable,
            reg_s.filter(|_| editable),
            needed.get(&eff.id),
            target,
            &mut act,
        );
    });

    if let Some(a) = act {
        apply_index_act(state, a);
    }
}

/// The "add a year" row of a project series; a two-column block (year, value) pasted into the
/// year field adds or replaces every row at once.
fn add_year_ui(ui: &mut egui::Ui, lang: Lang, s: &PriceIndexSeries, act: &mut Option<IndexAct>) {
    let y_id = egui::Id::unique(("prc_new_year", &s.id));
    let v_id = egui::Id::unique(("prc_new_value", &s.id));
    let mut y_text: String = ui.data(|d| d.get_temp(y_id)).unwrap_or_default();
    let mut v_text: String = ui.data(|d| d.get_temp(v_id)).unwrap_or_default();
    let mut block = None;
    for id in [y_id, v_id] {
        if ui.memory(|m| m.has_focus(id)) {
            ui.input_mut(|i| {
                i.events.retain(|e| match e {
                    egui::Event::Paste(t) if t.contains('\t') || t.trim_end().contains('\n') => {
                        block = Some(parse_block(t));
                        false
                    }
                    _ => true,
                });
            });
        }
    }
    ui.horizontal(|ui| {
        ui.label(t(lang, "prc_add_year"));
        ui.add(
            egui::TextEdit::singleline(&mut y_text)
                .id(y_id)
                .desired_width(60.0)
                .hint_text(t(lang, "prc_year")),
        )
        .accessible_name(t(lang, "prc_year"));
        ui.add(
            egui::TextEdit::singleline(&mut v_text)
                .id(v_id)
                .desired_width(90.0)
                .hint_text(t(lang, "prc_index_value")),
        )
        .accessible_name(t(lang, "prc_index_value"));
        let y = format::parse_number(&y_text)
            .filter(|y| y.fract() == 0.0 && (1900.0..=2200.0).contains(y));
        let v = format::parse_number(&v_text).filter(|v| *v > 0.0);
        let ok = y.is_some() && v.is_some();
        let exists = y.is_some_and(|y| s.values.contains_key(&(y as i32)));
        let label = if exists {
            t(lang, "prc_replace_year")
        } else {
            t(lang, "prc_add")
        };
        if ui.add_enabled(ok, egui::Button::new(label)).clicked()
            && let (Some(y), Some(v)) = (y, v)
        {
            *act = Some(IndexAct::SetValue(s.id.clone(), y as i32, Some(v)));
            y_text.clear();
            v_text.clear();
        }
        ui.label(
            egui::RichText::new(t(lang, "prc_paste_years"))
                .weak()
                .small(),
        );
    });
    if let Some(b) = block {
        let mut rows = Vec::new();
        let mut bad = 0;
        for line in &b {
            let y = line.first().and_then(|c| format::parse_number(c));
            let v = line.get(1).and_then(|c| format::parse_number(c));
            match (y, v) {
                (Some(y), Some(v))
                    if y.fract() == 0.0 && (1900.0..=2200.0).contains(&y) && v > 0.0 =>
                {
                    rows.push((y as i32, v));
                }
                _ if line.iter().all(String::is_empty) => {}
                _ => bad += 1,
            }
        }
        *act = Some(IndexAct::Paste(s.id.clone(), rows, bad));
    }
    ui.data_mut(|d| {
        d.insert_temp(y_id, y_text);
        d.insert_temp(v_id, v_text);
    });
}

/// Year × value table; editable for project series. `registry` is the registry series a project
/// series replaces (its values shown for comparison).
#[allow(clippy::too_many_arguments)]
fn values_table(
    ui: &mut egui::Ui,
    lang: Lang,
    s: &PriceIndexSeries,
    editable: bool,
    registry: Option<&PriceIndexSeries>,
    needed: Option<&BTreeSet<i32>>,
    target: i32,
    act: &mut Option<IndexAct>,
) {
    let mut years: Vec<i32> = s.values.keys().copied().collect();
    if let Some(r) = registry {
        for y in r.values.keys() {
            if !years.contains(y) {
                years.push(*y);
            }
        }
    }
    if let Some(n) = needed {
        for y in n {
            if !years.contains(y) {
                years.push(*y);
            }
        }
    }
    years.sort_unstable();
    years.reverse();
    let mut table = TableBuilder::new(ui)
        .id_salt(("prc_index_values", &s.id))
        .striped(true)
        .resizable(true)
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::initial(70.0).at_least(50.0))
        .column(Column::initial(120.0).at_least(70.0))
        .column(Column::initial(110.0).at_least(60.0));
    if registry.is_some() {
        table = table.column(Column::initial(120.0).at_least(60.0));
    }
    table = table.column(Column::exact(30.0));
    table
        .header(24.0, |mut h| {
            h.col(|ui| {
                ui.strong(t(lang, "prc_year"));
            });
            h.col(|ui| {
                ui.strong(t(lang, "prc_index_value"));
            });
            h.col(|ui| {
                ui.strong(tf(lang, "prc_factor_to", &[("year", &target.to_string())]))
                    .on_hover_text(t(lang, "prc_factor_to_help"));
            });
            if registry.is_some() {
                h.col(|ui| {
                    ui.strong(t(lang, "prc_registry_value"));
                });
            }
            h.col(|_| {});
        })
        .body(|body| {
            body.rows(24.0, years.len(), |mut row| {
                let y = years[row.index()];
                let v = s.values.get(&y).copied();
                let is_needed = needed.is_some_and(|n| n.contains(&y));
                row.col(|ui| {
                    let mut text = egui::RichText::new(y.to_string());
                    if is_needed {
                        text = text.strong();
                    }
                    let r = ui.label(text);
                    if is_needed {
                        r.on_hover_text(t(lang, "prc_year_needed"));
                    }
                });
                row.col(|ui| {
                    if is_needed && v.is_none() {
                        ui.painter().rect_filled(
                            ui.max_rect(),
                            0.0,
                            ui.visuals().error_fg_color.gamma_multiply(0.14),
                        );
                    }
                    if editable {
                        let name = format!("{} · {y}", s.name.get(lang));
                        if let Some(ch) = num_cell(
                            ui,
                            egui::Id::unique(("prc_idx_v", &s.id, y)),
                            v,
                            CellSpec {
                                decimals: decimals_for(v),
                                name: &name,
                                problem: (is_needed && v.is_none())
                                    .then(|| t(lang, "prc_year_missing")),
                                min: Some(f64::MIN_POSITIVE),
                                max: None,
                            },
                        ) {
                            *act = match ch {
                                CellChange::Set(x) => {
                                    Some(IndexAct::SetValue(s.id.clone(), y, Some(x)))
                                }
                                CellChange::Clear => {
                                    Some(IndexAct::SetValue(s.id.clone(), y, None))
                                }
                                CellChange::Rejected(_) | CellChange::Paste(_) => {
                                    Some(IndexAct::Paste(s.id.clone(), Vec::new(), 1))
                                }
                            };
                        }
                    } else {
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            match v {
                                Some(v) => ui.label(exact(v)),
                                None => ui.label(
                                    egui::RichText::new(t(lang, "prc_year_missing"))
                                        .color(ui.visuals().error_fg_color),
                                ),
                            }
                        });
                    }
                });
                row.col(|ui| {
                    ui.with_layout(
                        egui::Layout::right_to_left(egui::Align::Center),
                        |ui| match (v, s.values.get(&target)) {
                            (Some(v), Some(tv)) => {
                                ui.label(format::num(tv / v, 4));
                            }
                            _ => {
                                ui.label(egui::RichText::new("—").weak());
                            }
                        },
                    );
                });
                if let Some(r) = registry {
                    row.col(|ui| {
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            match r.values.get(&y) {
                                Some(rv) => {
                                    let mut text = egui::RichText::new(exact(*rv)).weak();
                                    if v.is_some_and(|v| (v - rv).abs() > 1e-9) {
                                        text = text.color(ui.visuals().warn_fg_color);
                                    }
                                    ui.label(text);
                                }
                                None => {
                                    ui.label(egui::RichText::new("—").weak());
                                }
                            }
                        });
                    });
                }
                row.col(|ui| {
                    if editable
                        && v.is_some()
                        && ui
                            .small_button("×")
                            .on_hover_text(t(lang, "prc_remove_year"))
                            .accessible_name(format!(
                                "{} · {y} · {}",
                                s.name.get(lang),
                                t(lang, "prc_remove_year")
                            ))
                            .clicked()
                    {
                        *act = Some(IndexAct::SetValue(s.id.clone(), y, None));
                    }
                });
            });
        });
}

fn apply_index_act(state: &mut AppState, a: IndexAct) {
    let lang = state.lang();
    let reg = state.registry();
    let series = |p: &mut Project, id: &str| -> Option<usize> {
        p.price_indices.iter().position(|s| s.id == id)
    };
    match a {
        IndexAct::Copy(id) => {
            if let Some(s) = reg.price_index(&id).cloned() {
                state.edit(|p| {
                    if series(p, &id).is_none() {
                        p.price_indices.push(s);
                    }
                });
            }
        }
        IndexAct::Remove(id) => state.edit(|p| p.price_indices.retain(|s| s.id != id)),
        IndexAct::SetValue(id, y, v) => state.edit(|p| {
            if let Some(i) = series(p, &id) {
                match v {
                    Some(v) => {
                        p.price_indices[i].values.insert(y, v);
                    }
                    None => {
                        p.price_indices[i].values.remove(&y);
                    }
                }
            }
        }),
        IndexAct::Paste(id, rows, bad) => {
            if !rows.is_empty() {
                state.edit(|p| {
                    if let Some(i) = series(p, &id) {
                        for (y, v) in &rows {
                            p.price_indices[i].values.insert(*y, *v);
                        }
                    }
                });
            }
            if bad > 0 {
                state.notice = Some(Notice {
                    text: tf(lang, "prc_index_rejected", &[("n", &bad.to_string())]),
                    error: true,
                });
            } else if !rows.is_empty() {
                state.notice = Some(Notice {
                    text: tf(lang, "prc_index_pasted", &[("n", &rows.len().to_string())]),
                    error: false,
                });
            }
        }
        IndexAct::Source(id, v) => state.edit(|p| {
            if let Some(i) = series(p, &id) {
                p.price_indices[i].source = v;
            }
        }),
        IndexAct::Base(id, v) => state.edit(|p| {
            if let Some(i) = series(p, &id) {
                p.price_indices[i].base = v;
            }
        }),
        IndexAct::NameZh(id, v) => state.edit(|p| {
            if let Some(i) = series(p, &id) {
                p.price_indices[i].name.zh = v;
            }
        }),
        IndexAct::NameEn(id, v) => state.edit(|p| {
            if let Some(i) = series(p, &id) {
                p.price_indices[i].name.en = v;
            }
        }),
        IndexAct::Tag(id, tag) => state.edit(|p| {
            if let Some(i) = series(p, &id) {
                p.price_indices[i].tag = tag;
            }
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::accesskit::Role;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    fn harness(lang: Lang) -> Harness<'static, AppState> {
        crate::app::pages::test_harness(lang, super::ui)
    }

    fn tab(h: &mut Harness<'static, AppState>, tab: u8) {
        h.ctx
            .data_mut(|d| d.insert_temp(egui::Id::unique("prices_tab"), tab));
        h.run();
    }

    fn filter(h: &mut Harness<'static, AppState>, text: &str) {
        h.ctx
            .data_mut(|d| d.insert_temp(egui::Id::unique("prc_filter"), text.to_string()));
        h.run();
    }

    #[test]
    fn both_tabs_render_in_both_languages() {
        for lang in [Lang::Zh, Lang::En] {
            let mut h = harness(lang);
            h.run();
            tab(&mut h, 1);
            tab(&mut h, 0);
        }
    }

    #[test]
    fn carbon_price_override_per_t_c_is_converted_and_reset_restores() {
        let mut h = harness(Lang::En);
        h.run();
        filter(&mut h, "carbon_price");
        let before = h.state().project.clone();
        let cell = "Carbon price · Project value (CNY/t CO₂)";
        h.get_by_label(cell).click();
        h.run();
        h.get_by_label(cell).type_text("1200");
        h.run();
        h.key_press(egui::Key::Enter);
        h.run();
        let o = h
            .state()
            .project
            .price_overrides
            .get("carbon_price")
            .cloned();
        assert_eq!(
            o.as_ref().map(|o| (o.value, o.unit, o.tag)),
            Some((1200.0, None, Tag::U))
        );
        // Enter it per t C instead: the engine uses 1200 × 12/44 per t CO₂.
        h.get_by_label("Carbon price · Unit").click();
        h.run();
        h.get_by_role_and_label(Role::Button, "CNY/t C").click();
        h.run();
        let year = h.state().year;
        let st = h.state();
        let book = PriceBook::new(&st.project, st.registry(), year, year);
        let v = book.value("carbon_price").map(|v| v.value).unwrap_or(0.0);
        assert!((v - 1200.0 * 12.0 / 44.0).abs() < 1e-9, "{v}");
        // Reset removes the override (two edits: value, unit; reset is a third).
        h.get_by_label("Carbon price · Reset to default (remove the project value; undoable)")
            .click();
        h.run();
        assert_eq!(h.state().project, before);
        h.state_mut().undo();
        assert!(
            h.state()
                .project
                .price_overrides
                .contains_key("carbon_price")
        );
    }

    #[test]
    fn registry_series_is_copied_then_pasted_years_are_one_undo_step() {
        let mut h = harness(Lang::Zh);
        h.run();
        tab(&mut h, 1);
        h.get_by_label("复制到项目以编辑").click();
        h.run();
        assert_eq!(h.state().project.price_indices.len(), 1);
        let before = h.state().project.clone();
        h.get_by_role_and_label(Role::TextInput, "年份").click();
        h.run();
        h.event(egui::Event::Paste("2025\t712.3\n2026\tabc\n".into()));
        h.run();
        let s = &h.state().project.price_indices[0];
        assert_eq!(s.values.get(&2025), Some(&712.3));
        assert!(!s.values.contains_key(&2026));
        assert!(h.state().notice.as_ref().is_some_and(|n| n.error));
        h.state_mut().undo();
        assert_eq!(h.state().project, before);
    }

    #[test]
    fn pollutant_pricing_and_base_year_are_undoable_edits() {
        let mut h = harness(Lang::Zh);
        h.run();
        h.get_by_label("环保税额 ÷ 污染当量值").click();
        h.run();
        assert_eq!(
            h.state().project.meta.pollutant_pricing,
            PollutantPricing::EnvTax
        );
        h.get_by_label("按不变价核算").click();
        h.run();
        let year = h.state().year;
        assert_eq!(h.state().project.meta.base_year, Some(year));
        h.state_mut().undo();
        h.state_mut().undo();
        assert_eq!(
            h.state().project.meta.pollutant_pricing,
            PollutantPricing::TreatmentCost
        );
        assert_eq!(h.state().project.meta.base_year, None);
    }

    #[test]
    fn every_parameter_used_by_an_indicator_exists() {
        let reg = Registry::builtin();
        for (p, u) in uses(reg) {
            assert!(
                reg.param(&p).is_some(),
                "{p} used by {:?}",
                u.first().map(|u| &u.indicator)
            );
        }
        assert!(unit_choices(Unit::YuanPerTCo2).contains(&Unit::YuanPerTC));
        assert_eq!(unit_choices(Unit::YuanPerM3), vec![Unit::YuanPerM3]);
    }
}
