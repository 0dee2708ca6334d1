//! The parameters tab of the prices page: every price and coefficient of the registry with
//! the project's overrides (value, unit, price year, source, tag, note), filtered and shown by
//! status, and the details of the selected parameter (where it is used, its conversion to the
//! accounting price year). Edits are gathered as `ParamAct`s and applied after drawing.

use eframe::egui;
use egui_extras::{Column, TableBuilder};

use crate::app::format;
use crate::app::state::{AppState, Notice};
use crate::app::widgets::{
    CellChange, CellSpec, PasteCount, Pasted, apply_block, num_cell, tag_badge, text_cell,
};
use crate::app::widgets::{YearChange, year_cell};
use crate::engine::PriceBook;
use crate::i18n::Lang;
use crate::i18n::{t, tf};
use crate::model::{ParamOverride, Project};
use crate::registry::{ParamSpec, Tag};
use crate::units::Unit;

use super::{
    TAGS, Use, decimals_for, exact, lang_sep, suffix, tag_tip, target_year, unit_choices, uses,
    uses_text,
};
use crate::app::page_state::ParamShow as Show;

/// Edits of the parameter table, applied after it is drawn.
pub(super) enum ParamAct {
    Value(String, CellChange),
    Unit(String, Option<Unit>),
    PriceYear(String, YearChange),
    Source(String, String),
    Tag(String, Tag),
    Note(String, String),
    Reset(String),
}

pub(super) fn params_ui(ui: &mut egui::Ui, state: &mut AppState) {
    let lang = state.lang();
    let year = state.year;
    let target = target_year(state);
    let reg = state.registry();
    let book = PriceBook::new(&state.project, reg, year, target);
    let overrides = state.project.price_overrides.clone();
    let uses = uses(reg);
    let pricing = state.project.meta.pollutant_pricing;

    // Filter.
    let mut filter = state.pages.prices.filter.clone();
    let mut show: Show = state.pages.prices.show;
    let mut selected: Option<String> = state.pages.prices.selected.clone();
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
    state.pages.prices.filter = filter.clone();
    state.pages.prices.show = show;

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
    state.pages.prices.selected = selected;
    if let Some(a) = act {
        apply_param_act(state, a);
    }
}

/// The selected parameter: registry default in full, and the project override's note.
pub(super) fn details_ui(
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

pub(super) fn apply_param_act(state: &mut AppState, a: ParamAct) {
    let lang = state.lang();
    match a {
        ParamAct::Value(id, ch) => {
            match ch {
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
                    let mut n = PasteCount::default();
                    state.edit(|p| {
                        n = apply_block(&block, &[&id], &[()], |id, _, cell| {
                            match format::parse_number(cell) {
                                Some(v) => {
                                    set_override_value(p, id, v);
                                    Pasted::Written
                                }
                                None => Pasted::Ignored,
                            }
                        });
                    });
                    if n.outside > 0 {
                        state.notice = Some(Notice {
                            text: t(lang, "prc_paste_one").to_string(),
                            error: true,
                        });
                    }
                }
            }
        }
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
pub(super) fn set_override_value(p: &mut Project, id: &str, v: f64) {
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
