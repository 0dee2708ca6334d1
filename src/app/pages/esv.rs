//! 当量因子 ESV: the equivalent-factor method (METHODS.md §3). Choice of the factor table
//! (registry or project), the standard equivalent D (entered, 1/7 of grain output value, or
//! grain net profit) with its derivation step by step, the crosswalk from the project's land
//! classes to table rows with scale factors, the factor table itself (read-only, tags shown),
//! and ESV next to GEP per county plus ESV by service for the region.
//!
//! D and every ESV value come from the engine (`engine::esv::standard_equivalent`, the
//! accounts); the derivation lines only spell out the arithmetic of the inputs shown.

use eframe::egui;

use crate::app::chart_ui;
use crate::app::format;
use crate::app::state::{AppState, Notice};
use crate::app::widgets::{CellChange, CellSpec, num_cell, tag_badge, text_cell};
use crate::engine::Accounts;
use crate::engine::esv::standard_equivalent;
use crate::i18n::Lang;
use crate::i18n::{t, tf};
use crate::model::{CrosswalkEntry, EsvSettings, GrainCrop, NetProfitCrop, StandardEquivalent};
use crate::registry::{FactorTable, Tag};
use crate::view::chart::build::{region_esv_by_class, region_esv_by_service, service_names};
use crate::view::chart::{Bars, PALETTE, Series};

const TAGS: [Tag; 4] = [Tag::V, Tag::VSec, Tag::D, Tag::U];

/// The three ways of giving D.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Method {
    Direct,
    Grain,
    NetProfit,
}

fn method_of(se: &StandardEquivalent) -> Method {
    match se {
        StandardEquivalent::Direct { .. } => Method::Direct,
        StandardEquivalent::GrainOneSeventh { .. } => Method::Grain,
        StandardEquivalent::NetProfit { .. } => Method::NetProfit,
    }
}

pub fn ui(ui: &mut egui::Ui, state: &mut AppState) {
    let lang = state.lang();
    ui.heading(t(lang, "esv_heading"));
    ui.label(egui::RichText::new(t(lang, "esv_intro")).weak());
    let acc = state.accounts().ok();
    egui::ScrollArea::vertical()
        .id_salt("esv_page")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            egui::CollapsingHeader::new(egui::RichText::new(t(lang, "esv_table")).strong())
                .id_salt("esv_sec_table")
                .default_open(true)
                .show(ui, |ui| table_choice(ui, state));
            egui::CollapsingHeader::new(egui::RichText::new(t(lang, "esv_d_heading")).strong())
                .id_salt("esv_sec_d")
                .default_open(true)
                .show(ui, |ui| d_section(ui, state, acc.as_deref()));
            egui::CollapsingHeader::new(
                egui::RichText::new(t(lang, "esv_crosswalk_heading")).strong(),
            )
            .id_salt("esv_sec_crosswalk")
            .default_open(true)
            .show(ui, |ui| crosswalk(ui, state, acc.as_deref()));
            egui::CollapsingHeader::new(
                egui::RichText::new(t(lang, "esv_factors_heading")).strong(),
            )
            .id_salt("esv_sec_factors")
            .default_open(false)
            .show(ui, |ui| factor_table(ui, state));
            egui::CollapsingHeader::new(
                egui::RichText::new(tf(
                    lang,
                    "esv_results_heading",
                    &[("year", &state.year.to_string())],
                ))
                .strong(),
            )
            .id_salt("esv_sec_results")
            .default_open(true)
            .show(ui, |ui| results(ui, state, acc.as_deref()));
        });
}

/// Registry tables, then the project's own.
fn tables(state: &AppState) -> Vec<(FactorTable, bool)> {
    let mut v: Vec<(FactorTable, bool)> = state
        .registry()
        .factor_tables
        .iter()
        .map(|t| (t.clone(), false))
        .collect();
    for t in &state.project.custom_factor_tables {
        match v.iter_mut().find(|(x, _)| x.id == t.id) {
            Some(slot) => *slot = (t.clone(), true),
            None => v.push((t.clone(), true)),
        }
    }
    v
}

/// The factor table the project uses (project tables first, as the engine looks them up).
fn current_table(state: &AppState) -> Option<FactorTable> {
    let id = &state.project.esv.table;
    state
        .project
        .custom_factor_tables
        .iter()
        .find(|t| &t.id == id)
        .or_else(|| state.registry().factor_table(id))
        .cloned()
}

fn table_choice(ui: &mut egui::Ui, state: &mut AppState) {
    let lang = state.lang();
    let all = tables(state);
    let current = state.project.esv.table.clone();
    let current_name = all
        .iter()
        .find(|(t, _)| t.id == current)
        .map_or_else(|| current.clone(), |(t, _)| t.name.get(lang).to_string());
    let mut picked: Option<String> = None;
    ui.horizontal(|ui| {
        ui.label(t(lang, "esv_table"));
        egui::ComboBox::from_id_salt("esv_table_choice")
            .selected_text(current_name)
            .width(560.0)
            .show_ui(ui, |ui| {
                for (table, custom) in &all {
                    let mut label = table.name.get(lang).to_string();
                    if *custom {
                        label = format!("{label} ({})", t(lang, "esv_project_table"));
                    }
                    if ui
                        .selectable_label(table.id == current, label)
                        .on_hover_text(&table.source)
                        .clicked()
                    {
                        picked = Some(table.id.clone());
                    }
                }
            })
            .response
            .accessible_name(t(lang, "esv_table"));
    });
    if let Some(id) = picked
        && id != current
    {
        state.edit(|p| p.esv.table = id);
    }
    match current_table(state) {
        Some(table) => {
            ui.label(
                egui::RichText::new(tf(lang, "esv_source", &[("source", &table.source)])).weak(),
            );
            let u = table.rows.iter().filter(|r| r.tag.is_unverified()).count();
            if u > 0 {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    tf(
                        lang,
                        "esv_table_has_u",
                        &[
                            ("n", &u.to_string()),
                            ("total", &table.rows.len().to_string()),
                        ],
                    ),
                );
            }
        }
        None => {
            ui.colored_label(
                ui.visuals().error_fg_color,
                tf(
                    lang,
                    "esv_table_unknown",
                    &[("id", &state.project.esv.table)],
                ),
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Standard equivalent D
// ---------------------------------------------------------------------------------------------

fn stash_id(m: Method) -> egui::Id {
    egui::Id::unique(("esv_se_stash", m as u8))
}

/// A fresh D definition of another method (the last one the user had this session, if any).
fn switched(ui: &egui::Ui, state: &AppState, to: Method) -> StandardEquivalent {
    let lang = state.lang();
    if let Some(se) = ui.data(|d| d.get_temp::<StandardEquivalent>(stash_id(to))) {
        return se;
    }
    let cur = &state.project.esv.standard_equivalent;
    let year = match cur {
        StandardEquivalent::Direct { price_year, .. }
        | StandardEquivalent::GrainOneSeventh { price_year, .. }
        | StandardEquivalent::NetProfit { price_year, .. } => *price_year,
    };
    match to {
        Method::Direct => match standard_equivalent(cur) {
            Ok((d, y)) => StandardEquivalent::Direct {
                value_yuan_per_hm2: d,
                price_year: y,
                source: t(lang, "esv_from_derivation").to_string(),
                tag: Tag::D,
            },
            Err(_) => EsvSettings::default().standard_equivalent,
        },
        Method::Grain => StandardEquivalent::GrainOneSeventh {
            crops: vec![GrainCrop {
                name: t(lang, "esv_default_crop").to_string(),
                sown_area_hm2: 0.0,
                yield_kg_per_hm2: 0.0,
                price_yuan_per_kg: 0.0,
            }],
            price_year: year,
            source: String::new(),
        },
        Method::NetProfit => StandardEquivalent::NetProfit {
            crops: vec![NetProfitCrop {
                name: t(lang, "esv_default_crop").to_string(),
                sown_share: 1.0,
                net_profit_yuan_per_hm2: 0.0,
            }],
            price_year: year,
            source: String::new(),
        },
    }
}

/// A fixed-width slot for a number or text cell.
fn slot<R>(ui: &mut egui::Ui, width: f32, f: impl FnOnce(&mut egui::Ui) -> R) -> R {
    ui.allocate_ui_with_layout(
        egui::vec2(width, ui.spacing().interact_size.y),
        egui::Layout::left_to_right(egui::Align::Center),
        f,
    )
    .inner
}

/// A right-aligned cell of fixed width (numbers in tables).
fn right<R>(ui: &mut egui::Ui, width: f32, f: impl FnOnce(&mut egui::Ui) -> R) -> R {
    ui.allocate_ui_with_layout(
        egui::vec2(width, ui.spacing().interact_size.y),
        egui::Layout::right_to_left(egui::Align::Center),
        |ui| {
            ui.set_min_width(width);
            f(ui)
        },
    )
    .inner
}

/// A number cell; returns the new value when one was committed (reports rejected text).
fn number(
    ui: &mut egui::Ui,
    state: &mut AppState,
    id: egui::Id,
    value: f64,
    spec: CellSpec<'_>,
) -> Option<f64> {
    let change = slot(ui, 130.0, |ui| num_cell(ui, id, Some(value), spec));
    match change {
        Some(CellChange::Set(v)) => Some(v),
        Some(CellChange::Rejected(s)) => {
            state.notice = Some(Notice {
                text: format!("{}: {s}", t(state.lang(), "not_a_number")),
                error: true,
            });
            None
        }
        _ => None,
    }
}

fn d_section(ui: &mut egui::Ui, state: &mut AppState, acc: Option<&Accounts>) {
    let lang = state.lang();
    let se = state.project.esv.standard_equivalent.clone();
    let method = method_of(&se);
    ui.horizontal(|ui| {
        ui.label(t(lang, "esv_d_method"));
        for (m, key) in [
            (Method::Direct, "esv_method_direct"),
            (Method::Grain, "esv_method_grain"),
            (Method::NetProfit, "esv_method_net_profit"),
        ] {
            if ui.selectable_label(method == m, t(lang, key)).clicked() && method != m {
                ui.data_mut(|d| d.insert_temp(stash_id(method), se.clone()));
                let new = switched(ui, state, m);
                state.edit(|p| p.esv.standard_equivalent = new);
            }
        }
    });
    ui.add_space(4.0);
    match se {
        StandardEquivalent::Direct {
            value_yuan_per_hm2,
            price_year,
            source,
            tag,
        } => direct_editor(ui, state, value_yuan_per_hm2, price_year, &source, tag),
        StandardEquivalent::GrainOneSeventh {
            crops,
            price_year,
            source,
        } => grain_editor(ui, state, &crops, price_year, &source),
        StandardEquivalent::NetProfit {
            crops,
            price_year,
            source,
        } => net_profit_editor(ui, state, &crops, price_year, &source),
    }
    ui.add_space(6.0);
    derivation(ui, state, acc);
}

/// Applies `f` to the D definition as one undoable edit.
fn edit_se(state: &mut AppState, f: impl FnOnce(&mut StandardEquivalent)) {
    state.edit(|p| f(&mut p.esv.standard_equivalent));
}

fn price_year_and_source(ui: &mut egui::Ui, state: &mut AppState, price_year: i32, source: &str) {
    let lang = state.lang();
    ui.label(t(lang, "esv_price_year"));
    let typed = slot(ui, 80.0, |ui| {
        text_cell(
            ui,
            egui::Id::unique("esv_d_price_year"),
            &price_year.to_string(),
            t(lang, "esv_price_year"),
        )
    });
    if let Some(text) = typed {
        match text.trim().parse::<i32>() {
            Ok(y) if (1950..=2100).contains(&y) => {
                edit_se(state, |se| match se {
                    StandardEquivalent::Direct { price_year, .. }
                    | StandardEquivalent::GrainOneSeventh { price_year, .. }
                    | StandardEquivalent::NetProfit { price_year, .. } => *price_year = y,
                });
            }
            _ => {
                state.notice = Some(Notice {
                    text: format!("{}: {text}", t(lang, "esv_bad_year")),
                    error: true,
                });
            }
        }
    }
    ui.end_row();
    ui.label(t(lang, "esv_source_label"));
    let changed = slot(ui, 520.0, |ui| {
        text_cell(
            ui,
            egui::Id::unique("esv_d_source"),
            source,
            t(lang, "esv_source_label"),
        )
    });
    if let Some(s) = changed {
        edit_se(state, |se| match se {
            StandardEquivalent::Direct { source, .. }
            | StandardEquivalent::GrainOneSeventh { source, .. }
            | StandardEquivalent::NetProfit { source, .. } => *source = s,
        });
    }
    ui.end_row();
}

fn direct_editor(
    ui: &mut egui::Ui,
    state: &mut AppState,
    value: f64,
    price_year: i32,
    source: &str,
    tag: Tag,
) {
    let lang = state.lang();
    egui::Grid::new("esv_direct")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            ui.label(t(lang, "esv_d_value"));
            ui.horizontal(|ui| {
                if let Some(v) = number(
                    ui,
                    state,
                    egui::Id::unique("esv_d_value"),
                    value,
                    CellSpec {
                        decimals: 2,
                        name: t(lang, "esv_d_value"),
                        problem: None,
                        min: Some(0.0),
                        max: None,
                    },
                ) {
                    edit_se(state, |se| {
                        if let StandardEquivalent::Direct {
                            value_yuan_per_hm2, ..
                        } = se
                        {
                            *value_yuan_per_hm2 = v;
                        }
                    });
                }
                ui.label(t(lang, "unit_yuan_per_hm2"));
            });
            ui.end_row();
            price_year_and_source(ui, state, price_year, source);
            ui.label(t(lang, "esv_tag"));
            ui.horizontal(|ui| {
                tag_badge(ui, tag, lang);
                let mut new_tag = tag;
                egui::ComboBox::from_id_salt("esv_d_tag")
                    .selected_text(tag.label())
                    .show_ui(ui, |ui| {
                        for tg in TAGS {
                            ui.selectable_value(&mut new_tag, tg, tg.label());
                        }
                    })
                    .response
                    .accessible_name(t(lang, "esv_tag"));
                if new_tag != tag {
                    edit_se(state, |se| {
                        if let StandardEquivalent::Direct { tag, .. } = se {
                            *tag = new_tag;
                        }
                    });
                }
            });
            ui.end_row();
        });
    if tag.is_unverified() {
        let default = EsvSettings::default().standard_equivalent;
        let is_default = matches!(&default, StandardEquivalent::Direct { value_yuan_per_hm2: v, price_year: y, .. } if *v == value && *y == price_year);
        let key = if is_default {
            "esv_d_default_unverified"
        } else {
            "esv_d_unverified"
        };
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            tag_badge(ui, Tag::U, lang);
            ui.colored_label(ui.visuals().warn_fg_color, t(lang, key));
        });
    }
}

/// A delete-row button.
fn remove_button(ui: &mut egui::Ui, lang: Lang, name: &str) -> bool {
    ui.button(t(lang, "esv_remove_crop"))
        .on_hover_text(name)
        .clicked()
}

fn grain_editor(
    ui: &mut egui::Ui,
    state: &mut AppState,
    crops: &[GrainCrop],
    price_year: i32,
    source: &str,
) {
    let lang = state.lang();
    let mut remove: Option<usize> = None;
    egui::Grid::new("esv_grain")
        .num_columns(6)
        .striped(true)
        .spacing([10.0, 4.0])
        .show(ui, |ui| {
            ui.strong(t(lang, "esv_crop"));
            ui.strong(t(lang, "esv_sown_area"));
            ui.strong(t(lang, "esv_yield"));
            ui.strong(t(lang, "esv_grain_price"));
            ui.strong(t(lang, "esv_output_value"));
            ui.label("");
            ui.end_row();
            for (i, c) in crops.iter().enumerate() {
                let crop_label = if c.name.is_empty() {
                    format!("#{}", i + 1)
                } else {
                    c.name.clone()
                };
                let name = format!("{crop_label} · {}", t(lang, "esv_crop"));
                if let Some(s) = slot(ui, 140.0, |ui| {
                    text_cell(ui, egui::Id::unique(("esv_grain_name", i)), &c.name, &name)
                }) {
                    edit_se(state, |se| {
                        if let StandardEquivalent::GrainOneSeventh { crops, .. } = se
                            && let Some(c) = crops.get_mut(i)
                        {
                            c.name = s;
                        }
                    });
                }
                let fields: [(&str, f64, usize); 3] = [
                    ("esv_sown_area", c.sown_area_hm2, 2),
                    ("esv_yield", c.yield_kg_per_hm2, 1),
                    ("esv_grain_price", c.price_yuan_per_kg, 3),
                ];
                for (k, (key, v, dec)) in fields.into_iter().enumerate() {
                    let label = match key {
                        "esv_sown_area" => t(lang, "esv_sown_area"),
                        "esv_yield" => t(lang, "esv_yield"),
                        _ => t(lang, "esv_grain_price"),
                    };
                    let name = format!("{crop_label} · {label}");
                    if let Some(x) = number(
                        ui,
                        state,
                        egui::Id::unique(("esv_grain", i, k)),
                        v,
                        CellSpec {
                            decimals: dec,
                            name: &name,
                            problem: None,
                            min: Some(0.0),
                            max: None,
                        },
                    ) {
                        edit_se(state, |se| {
                            if let StandardEquivalent::GrainOneSeventh { crops, .. } = se
                                && let Some(c) = crops.get_mut(i)
                            {
                                match k {
                                    0 => c.sown_area_hm2 = x,
                                    1 => c.yield_kg_per_hm2 = x,
                                    _ => c.price_yuan_per_kg = x,
                                }
                            }
                        });
                    }
                }
                ui.label(format!(
                    "{} {}",
                    format::num(
                        c.sown_area_hm2 * c.yield_kg_per_hm2 * c.price_yuan_per_kg,
                        0
                    ),
                    t(lang, "unit_yuan")
                ));
                if remove_button(ui, lang, &crop_label) {
                    remove = Some(i);
                }
                ui.end_row();
            }
        });
    if ui.button(t(lang, "esv_add_crop")).clicked() {
        let name = t(lang, "esv_default_crop").to_string();
        edit_se(state, |se| {
            if let StandardEquivalent::GrainOneSeventh { crops, .. } = se {
                crops.push(GrainCrop {
                    name,
                    sown_area_hm2: 0.0,
                    yield_kg_per_hm2: 0.0,
                    price_yuan_per_kg: 0.0,
                });
            }
        });
    }
    if let Some(i) = remove {
        edit_se(state, |se| {
            if let StandardEquivalent::GrainOneSeventh { crops, .. } = se
                && i < crops.len()
            {
                crops.remove(i);
            }
        });
    }
    egui::Grid::new("esv_grain_meta")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            price_year_and_source(ui, state, price_year, source)
        });
}

fn net_profit_editor(
    ui: &mut egui::Ui,
    state: &mut AppState,
    crops: &[NetProfitCrop],
    price_year: i32,
    source: &str,
) {
    let lang = state.lang();
    let mut remove: Option<usize> = None;
    egui::Grid::new("esv_np")
        .num_columns(4)
        .striped(true)
        .spacing([10.0, 4.0])
        .show(ui, |ui| {
            ui.strong(t(lang, "esv_crop"));
            ui.strong(t(lang, "esv_sown_share"));
            ui.strong(t(lang, "esv_net_profit"));
            ui.label("");
            ui.end_row();
            for (i, c) in crops.iter().enumerate() {
                let crop_label = if c.name.is_empty() {
                    format!("#{}", i + 1)
                } else {
                    c.name.clone()
                };
                let name = format!("{crop_label} · {}", t(lang, "esv_crop"));
                if let Some(s) = slot(ui, 140.0, |ui| {
                    text_cell(ui, egui::Id::unique(("esv_np_name", i)), &c.name, &name)
                }) {
                    edit_se(state, |se| {
                        if let StandardEquivalent::NetProfit { crops, .. } = se
                            && let Some(c) = crops.get_mut(i)
                        {
                            c.name = s;
                        }
                    });
                }
                let share_name = format!("{crop_label} · {}", t(lang, "esv_sown_share"));
                if let Some(x) = number(
                    ui,
                    state,
                    egui::Id::unique(("esv_np", i, 0)),
                    c.sown_share,
                    CellSpec {
                        decimals: 4,
                        name: &share_name,
                        problem: None,
                        min: Some(0.0),
                        max: Some(1.0),
                    },
                ) {
                    edit_se(state, |se| {
                        if let StandardEquivalent::NetProfit { crops, .. } = se
                            && let Some(c) = crops.get_mut(i)
                        {
                            c.sown_share = x;
                        }
                    });
                }
                let profit_name = format!("{crop_label} · {}", t(lang, "esv_net_profit"));
                if let Some(x) = number(
                    ui,
                    state,
                    egui::Id::unique(("esv_np", i, 1)),
                    c.net_profit_yuan_per_hm2,
                    CellSpec {
                        decimals: 2,
                        name: &profit_name,
                        problem: None,
                        min: None,
                        max: None,
                    },
                ) {
                    edit_se(state, |se| {
                        if let StandardEquivalent::NetProfit { crops, .. } = se
                            && let Some(c) = crops.get_mut(i)
                        {
                            c.net_profit_yuan_per_hm2 = x;
                        }
                    });
                }
                if remove_button(ui, lang, &crop_label) {
                    remove = Some(i);
                }
                ui.end_row();
            }
        });
    if ui.button(t(lang, "esv_add_crop")).clicked() {
        let name = t(lang, "esv_default_crop").to_string();
        edit_se(state, |se| {
            if let StandardEquivalent::NetProfit { crops, .. } = se {
                crops.push(NetProfitCrop {
                    name,
                    sown_share: 0.0,
                    net_profit_yuan_per_hm2: 0.0,
                });
            }
        });
    }
    if let Some(i) = remove {
        edit_se(state, |se| {
            if let StandardEquivalent::NetProfit { crops, .. } = se
                && i < crops.len()
            {
                crops.remove(i);
            }
        });
    }
    egui::Grid::new("esv_np_meta")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            price_year_and_source(ui, state, price_year, source)
        });
}

/// The derivation of D, step by step, ending with the engine's result and D at the accounting
/// price year.
fn derivation(ui: &mut egui::Ui, state: &AppState, acc: Option<&Accounts>) {
    let lang = state.lang();
    let se = &state.project.esv.standard_equivalent;
    let mut lines: Vec<String> = Vec::new();
    match se {
        StandardEquivalent::Direct { .. } => {}
        StandardEquivalent::GrainOneSeventh { crops, .. } => {
            lines.push(t(lang, "esv_formula_grain").to_string());
            let terms: Vec<String> = crops
                .iter()
                .map(|c| {
                    format!(
                        "{} × {} × {}",
                        format::num(c.sown_area_hm2, 2),
                        format::num(c.yield_kg_per_hm2, 1),
                        format::num(c.price_yuan_per_kg, 3)
                    )
                })
                .collect();
            let value: f64 = crops
                .iter()
                .map(|c| c.sown_area_hm2 * c.yield_kg_per_hm2 * c.price_yuan_per_kg)
                .sum();
            let area: f64 = crops.iter().map(|c| c.sown_area_hm2).sum();
            lines.push(tf(
                lang,
                "esv_step_value",
                &[
                    ("terms", &terms.join(" + ")),
                    ("value", &format::num(value, 0)),
                ],
            ));
            lines.push(tf(
                lang,
                "esv_step_area",
                &[
                    (
                        "terms",
                        &crops
                            .iter()
                            .map(|c| format::num(c.sown_area_hm2, 2))
                            .collect::<Vec<_>>()
                            .join(" + "),
                    ),
                    ("area", &format::num(area, 2)),
                ],
            ));
            lines.push(tf(
                lang,
                "esv_step_grain_d",
                &[
                    ("value", &format::num(value, 0)),
                    ("area", &format::num(area, 2)),
                ],
            ));
        }
        StandardEquivalent::NetProfit { crops, .. } => {
            lines.push(t(lang, "esv_formula_net_profit").to_string());
            let terms: Vec<String> = crops
                .iter()
                .map(|c| {
                    format!(
                        "{} × {}",
                        format::num(c.sown_share, 4),
                        format::num(c.net_profit_yuan_per_hm2, 2)
                    )
                })
                .collect();
            lines.push(format!("D = {}", terms.join(" + ")));
            let shares: f64 = crops.iter().map(|c| c.sown_share).sum();
            if (shares - 1.0).abs() > 0.005 {
                lines.push(tf(
                    lang,
                    "esv_shares_not_one",
                    &[("sum", &format::num(shares, 4))],
                ));
            }
        }
    }
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.strong(t(lang, "esv_derivation"));
        for l in &lines {
            ui.monospace(l);
        }
        match standard_equivalent(se) {
            Ok((d, year)) => {
                ui.label(
                    egui::RichText::new(tf(
                        lang,
                        "esv_d_result",
                        &[("d", &format::num(d, 2)), ("year", &year.to_string())],
                    ))
                    .strong(),
                );
                let at = acc.and_then(|a| {
                    a.counties
                        .iter()
                        .find_map(|c| c.esv.as_ref())
                        .map(|e| (e.standard_equivalent, a.price_year))
                });
                if let Some((d2, y2)) = at
                    && y2 != year
                {
                    ui.label(tf(
                        lang,
                        "esv_d_at_price_year",
                        &[("d", &format::num(d2, 2)), ("year", &y2.to_string())],
                    ));
                }
            }
            Err(e) => {
                let (zh, en) = e.message();
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    match lang {
                        Lang::Zh => zh,
                        Lang::En => en,
                    },
                );
            }
        }
    });
}

// ---------------------------------------------------------------------------------------------
// Crosswalk
// ---------------------------------------------------------------------------------------------

/// Land classes of the project: the registry's, the custom ones, then any other the data uses.
fn land_classes(state: &AppState) -> Vec<String> {
    let mut v: Vec<String> = state
        .registry()
        .land_classes
        .iter()
        .map(|c| c.id.clone())
        .collect();
    for c in &state.project.custom_land_classes {
        if !v.contains(&c.id) {
            v.push(c.id.clone());
        }
    }
    let mut seen: std::collections::HashSet<&str> = v.iter().map(String::as_str).collect();
    let mut extra = Vec::new();
    for p in &state.project.periods {
        for cp in p.counties.values() {
            for k in cp.land_cover.keys() {
                if seen.insert(k.as_str()) {
                    extra.push(k.clone());
                }
            }
        }
    }
    v.extend(extra);
    v
}

/// The registry's default row for a class in a table (as the engine applies it).
fn default_row(state: &AppState, table: &FactorTable, class: &str) -> Option<String> {
    let c = state.registry().land_class(class)?;
    let row = match table.id.as_str() {
        "xie2015" => c.xie2015.clone(),
        "xie2003" => c.xie2003.clone(),
        _ => None,
    }?;
    table.rows.iter().any(|r| r.id == row).then_some(row)
}

fn row_label(table: &FactorTable, row: Option<&str>, lang: Lang) -> String {
    match row {
        None => t(lang, "esv_row_none").to_string(),
        Some(id) => table.rows.iter().find(|r| r.id == id).map_or_else(
            || id.to_string(),
            |r| {
                if r.tag.is_unverified() {
                    format!("{} (U)", r.name.get(lang))
                } else {
                    r.name.get(lang).to_string()
                }
            },
        ),
    }
}

fn crosswalk(ui: &mut egui::Ui, state: &mut AppState, acc: Option<&Accounts>) {
    let lang = state.lang();
    let Some(table) = current_table(state) else {
        ui.colored_label(
            ui.visuals().error_fg_color,
            tf(
                lang,
                "esv_table_unknown",
                &[("id", &state.project.esv.table)],
            ),
        );
        return;
    };
    ui.label(egui::RichText::new(t(lang, "esv_crosswalk_help")).weak());
    let areas = acc.map(region_esv_by_class).unwrap_or_default();
    let classes = land_classes(state);
    let entries = state.project.esv.crosswalk.clone();
    enum Change {
        Row(String, Option<String>),
        Factor(String, f64),
        Reset(String),
    }
    let mut change: Option<Change> = None;
    // Classes with area this year left without a table row by mistake.
    let unmapped: Vec<String> = classes
        .iter()
        .filter(|class| {
            let area = areas
                .iter()
                .find(|(c, ..)| c == *class)
                .map_or(0.0, |r| r.1);
            let has_defaults = matches!(table.id.as_str(), "xie2015" | "xie2003");
            let found = match entries.get(*class) {
                // Explicit "none" is a choice (built-up land); a row not in the table is not.
                Some(e) => e
                    .row
                    .as_deref()
                    .is_none_or(|r| table.rows.iter().any(|x| x.id == r)),
                None => has_defaults,
            };
            area > 0.0 && !found
        })
        .map(|c| class_name(state, c))
        .collect();
    if !unmapped.is_empty() {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            tf(
                lang,
                "esv_unmapped",
                &[
                    ("n", &unmapped.len().to_string()),
                    (
                        "list",
                        &unmapped.join(if lang == Lang::Zh { "、" } else { ", " }),
                    ),
                ],
            ),
        );
    }
    egui::Grid::new("esv_crosswalk")
        .num_columns(6)
        .striped(true)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            ui.strong(t(lang, "esv_land_class"));
            ui.strong(tf(
                lang,
                "esv_area_year",
                &[("year", &state.year.to_string())],
            ));
            ui.strong(t(lang, "esv_table_row"));
            ui.strong(t(lang, "esv_factor"));
            ui.strong(t(lang, "esv_setting"));
            ui.label("");
            ui.end_row();
            for class in &classes {
                let cname = class_name(state, class);
                let default = default_row(state, &table, class);
                let entry = entries.get(class);
                let effective: Option<String> = match entry {
                    Some(e) => e.row.clone(),
                    None => default.clone(),
                };
                let factor = entry.map_or(1.0, |e| e.factor);
                ui.label(&cname);
                let area = areas.iter().find(|(c, ..)| c == class).map(|r| r.1);
                ui.label(area.map_or("—".to_string(), |a| format::num(a, 2)));
                // Row choice.
                let mut chosen = effective.clone();
                let missing = effective
                    .as_deref()
                    .is_some_and(|r| !table.rows.iter().any(|x| x.id == r));
                egui::ComboBox::from_id_salt(("esv_cw_row", class))
                    .selected_text(row_label(&table, effective.as_deref(), lang))
                    .width(270.0)
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut chosen, None, t(lang, "esv_row_none"));
                        for r in &table.rows {
                            ui.selectable_value(
                                &mut chosen,
                                Some(r.id.clone()),
                                row_label(&table, Some(&r.id), lang),
                            );
                        }
                    })
                    .response
                    .accessible_name(format!("{cname} · {}", t(lang, "esv_table_row")));
                if chosen != effective {
                    change = Some(Change::Row(class.clone(), chosen));
                }
                let fname = format!("{cname} · {}", t(lang, "esv_factor"));
                let f = slot(ui, 80.0, |ui| {
                    num_cell(
                        ui,
                        egui::Id::unique(("esv_cw_factor", class)),
                        Some(factor),
                        CellSpec {
                            decimals: 2,
                            name: &fname,
                            problem: None,
                            min: Some(0.0),
                            max: None,
                        },
                    )
                });
                if let Some(CellChange::Set(v)) = f {
                    change = Some(Change::Factor(class.clone(), v));
                }
                match entry {
                    Some(_) => {
                        ui.horizontal(|ui| {
                            ui.label(t(lang, "esv_project_setting"));
                            if missing {
                                ui.colored_label(
                                    ui.visuals().error_fg_color,
                                    t(lang, "esv_row_missing"),
                                );
                            }
                        });
                        if ui
                            .button(t(lang, "esv_reset_default"))
                            .on_hover_text(tf(
                                lang,
                                "esv_default_is",
                                &[("row", &row_label(&table, default.as_deref(), lang))],
                            ))
                            .clicked()
                        {
                            change = Some(Change::Reset(class.clone()));
                        }
                    }
                    None => {
                        ui.label(
                            egui::RichText::new(tf(
                                lang,
                                "esv_default_is",
                                &[("row", &row_label(&table, default.as_deref(), lang))],
                            ))
                            .weak(),
                        );
                        ui.label("");
                    }
                }
                ui.end_row();
            }
        });
    match change {
        Some(Change::Row(class, row)) => {
            let default = default_row(state, &table, &class);
            state.edit(|p| {
                let e = p.esv.crosswalk.entry(class).or_insert(CrosswalkEntry {
                    row: default,
                    factor: 1.0,
                });
                e.row = row;
            });
        }
        Some(Change::Factor(class, v)) => {
            let default = default_row(state, &table, &class);
            state.edit(|p| {
                let e = p.esv.crosswalk.entry(class).or_insert(CrosswalkEntry {
                    row: default,
                    factor: 1.0,
                });
                e.factor = v;
            });
        }
        Some(Change::Reset(class)) => {
            state.edit(|p| {
                p.esv.crosswalk.remove(&class);
            });
        }
        None => {}
    }
}

// ---------------------------------------------------------------------------------------------
// The factor table, read-only
// ---------------------------------------------------------------------------------------------

fn factor_table(ui: &mut egui::Ui, state: &AppState) {
    let lang = state.lang();
    let Some(table) = current_table(state) else {
        return;
    };
    ui.label(egui::RichText::new(table.name.get(lang)).strong());
    ui.label(egui::RichText::new(t(lang, "esv_factors_help")).weak());
    egui::ScrollArea::horizontal()
        .id_salt("esv_factor_scroll")
        .show(ui, |ui| {
            egui::Grid::new("esv_factor_table")
                .striped(true)
                .spacing([10.0, 4.0])
                .show(ui, |ui| {
                    ui.strong(t(lang, "esv_row"));
                    ui.strong(t(lang, "esv_tag"));
                    for s in &table.services {
                        let market = if s.market {
                            t(lang, "esv_market")
                        } else {
                            t(lang, "esv_non_market")
                        };
                        right(ui, 84.0, |ui| {
                            ui.add(
                                egui::Label::new(egui::RichText::new(s.name.get(lang)).strong())
                                    .wrap(),
                            )
                            .on_hover_text(market)
                        });
                    }
                    ui.end_row();
                    for r in &table.rows {
                        let name = egui::RichText::new(r.name.get(lang));
                        let name = if r.tag.is_unverified() {
                            name.color(ui.visuals().warn_fg_color)
                        } else {
                            name
                        };
                        let resp = ui.label(name);
                        if !r.note.is_empty() {
                            resp.on_hover_text(&r.note);
                        }
                        tag_badge(ui, r.tag, lang);
                        for v in &r.factors {
                            right(ui, 84.0, |ui| ui.label(format::num(*v, 2)));
                        }
                        ui.end_row();
                    }
                });
        });
}

// ---------------------------------------------------------------------------------------------
// Results: ESV next to GEP, ESV by service
// ---------------------------------------------------------------------------------------------

fn results(ui: &mut egui::Ui, state: &AppState, acc: Option<&Accounts>) {
    let lang = state.lang();
    let unit = state.settings.money_unit;
    let Some(acc) = acc else {
        ui.label(t(lang, "esv_no_accounts"));
        return;
    };
    let computed = acc.counties.iter().any(|c| c.esv.is_some());
    if !computed {
        for p in acc
            .problems
            .iter()
            .filter(|p| p.county.is_none() && p.indicator.is_none())
        {
            ui.colored_label(
                ui.visuals().error_fg_color,
                match lang {
                    Lang::Zh => &p.message_zh,
                    Lang::En => &p.message_en,
                },
            );
        }
        ui.label(t(lang, "esv_not_computed"));
        return;
    }
    ui.label(
        egui::RichText::new(tf(
            lang,
            "esv_results_caption",
            &[
                ("price_year", &acc.price_year.to_string()),
                ("unit", unit.unit().symbol(lang)),
            ],
        ))
        .weak(),
    );
    let sym = unit.unit().symbol(lang);
    // Header, then the county rows virtualised (thousands of counties stay cheap), then totals.
    let row = |ui: &mut egui::Ui, name: &str, values: [Option<f64>; 4], strong: bool| {
        ui.horizontal(|ui| {
            slot(ui, 150.0, |ui| {
                if strong {
                    ui.strong(name)
                } else {
                    ui.label(name)
                }
            });
            for v in values {
                right(ui, 170.0, |ui| {
                    let text = v.map_or("—".to_string(), |v| format::money_value(v, unit));
                    if strong {
                        ui.strong(text)
                    } else {
                        ui.label(text)
                    }
                });
            }
        });
    };
    ui.horizontal(|ui| {
        slot(ui, 150.0, |ui| ui.strong(t(lang, "page_counties")));
        for key in ["gep_total", "esv_total", "esv_market", "esv_non_market"] {
            let text = match key {
                "gep_total" => t(lang, "gep_total"),
                "esv_total" => t(lang, "esv_total"),
                "esv_market" => t(lang, "esv_market"),
                _ => t(lang, "esv_non_market"),
            };
            right(ui, 170.0, |ui| ui.strong(text));
        }
    });
    let row_h = ui.spacing().interact_size.y + 2.0;
    egui::ScrollArea::vertical()
        .id_salt("esv_vs_gep_rows")
        .max_height(row_h * 14.0)
        .show_rows(ui, row_h, acc.counties.len(), |ui, range| {
            for c in &acc.counties[range] {
                let e = c.esv.as_ref();
                row(
                    ui,
                    c.name_zh_or_en(lang),
                    [
                        Some(c.totals.gep),
                        e.map(|e| e.total),
                        e.map(|e| e.market),
                        e.map(|e| e.non_market),
                    ],
                    false,
                );
            }
        });
    let r = &acc.region;
    row(
        ui,
        t(lang, "region_total"),
        [
            Some(r.totals.gep),
            Some(r.esv_total),
            Some(r.esv_market),
            Some(r.esv_non_market),
        ],
        true,
    );
    ui.add_space(6.0);
    let bars = Bars {
        categories: acc
            .counties
            .iter()
            .map(|c| c.name_zh_or_en(lang).to_string())
            .collect(),
        series: vec![
            Series {
                name: t(lang, "gep_total").to_string(),
                color: PALETTE[0],
                values: acc
                    .counties
                    .iter()
                    .map(|c| Some(unit.from_yuan(c.totals.gep)))
                    .collect(),
            },
            Series {
                name: t(lang, "esv_total").to_string(),
                color: PALETTE[5],
                values: acc
                    .counties
                    .iter()
                    .map(|c| c.esv.as_ref().map(|e| unit.from_yuan(e.total)))
                    .collect(),
            },
        ],
        stacked: false,
        horizontal: acc.counties.len() > 16,
        value_axis: format!("{} ({sym})", t(lang, "esv_value")),
        category_axis: String::new(),
        unit: sym.to_string(),
        decimals: format::money_decimals(unit),
        labels: Vec::new(),
        tips: Vec::new(),
    };
    let h = if bars.horizontal {
        bars.categories.len() as f32 * 26.0 + 80.0
    } else {
        280.0
    };
    chart_ui::bars_ui(ui, "esv_vs_gep_plot", &bars, h);

    ui.add_space(8.0);
    ui.strong(t(lang, "esv_by_service_heading"));
    let names = acc
        .counties
        .iter()
        .find_map(|c| c.esv.as_ref())
        .map(|e| service_names(&state.labels(), &e.table))
        .unwrap_or_default();
    let market_of = current_table(state)
        .map(|t| {
            t.services
                .iter()
                .map(|s| (s.id.clone(), s.market))
                .collect::<std::collections::HashMap<_, _>>()
        })
        .unwrap_or_default();
    egui::Grid::new("esv_by_service")
        .num_columns(3)
        .striped(true)
        .spacing([18.0, 4.0])
        .show(ui, |ui| {
            ui.strong(t(lang, "esv_service"));
            ui.strong(t(lang, "esv_kind"));
            right(ui, 150.0, |ui| {
                ui.strong(format!("{} ({sym})", t(lang, "esv_value")))
            });
            ui.end_row();
            for (id, v) in region_esv_by_service(acc) {
                ui.label(names.get(&id).cloned().unwrap_or_else(|| id.clone()));
                ui.label(match market_of.get(&id) {
                    Some(true) => t(lang, "esv_market"),
                    Some(false) => t(lang, "esv_non_market"),
                    None => "—",
                });
                right(ui, 150.0, |ui| ui.label(format::money_value(v, unit)));
                ui.end_row();
            }
        });
}

/// Land class name (registry, custom, or the id itself).
fn class_name(state: &AppState, id: &str) -> String {
    state
        .project
        .land_class_name(state.registry(), id, state.lang())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::state::Settings;

    fn state() -> AppState {
        AppState::with_sample(Settings::default())
    }

    #[test]
    fn default_rows_follow_the_engine_rule() {
        let s = state();
        let reg = s.registry();
        let Some(xie2015) = reg.factor_table("xie2015") else {
            panic!("xie2015")
        };
        let Some(xie2008) = reg.factor_table("xie2008") else {
            panic!("xie2008")
        };
        assert_eq!(default_row(&s, xie2015, "paddy").as_deref(), Some("paddy"));
        assert_eq!(default_row(&s, xie2015, "built_up"), None);
        // No registry crosswalk for xie2008: every class needs a project row.
        assert_eq!(default_row(&s, xie2008, "paddy"), None);
    }

    #[test]
    fn method_switch_is_one_undo_step_and_comes_back() {
        let mut s = state();
        let before = s.project.esv.standard_equivalent.clone();
        let ctx = egui::Context::default();
        let mut out = ctx.run_ui(egui::RawInput::default(), |ui| {
            let new = switched(ui, &s, Method::Direct);
            s.edit(|p| p.esv.standard_equivalent = new);
        });
        out.textures_delta.clear();
        // The derived D carried over, tagged as derived.
        let Ok((d0, _)) = standard_equivalent(&before) else {
            panic!("sample D")
        };
        match &s.project.esv.standard_equivalent {
            StandardEquivalent::Direct {
                value_yuan_per_hm2,
                tag,
                ..
            } => {
                assert!((value_yuan_per_hm2 - d0).abs() < 1e-9);
                assert_eq!(*tag, Tag::D);
            }
            other => panic!("{other:?}"),
        }
        s.undo();
        assert_eq!(s.project.esv.standard_equivalent, before);
    }

    #[test]
    fn classes_include_custom_and_data_classes() {
        let mut s = state();
        s.edit(|p| {
            p.custom_land_classes.push(crate::model::CustomLandClass {
                id: "salt_pan".into(),
                name: crate::i18n::Text::new("盐田", "Salt pan"),
                runoff_coeff: None,
                vegetated: false,
            });
        });
        let v = land_classes(&s);
        assert!(v.iter().any(|c| c == "paddy"));
        assert!(v.iter().any(|c| c == "salt_pan"));
        assert_eq!(class_name(&s, "salt_pan"), "盐田");
    }

    #[test]
    fn page_edits_are_undoable_and_every_input_is_named() {
        use egui::accesskit::Role;
        use egui_kittest::kittest::Queryable;
        let mut h = egui_kittest::Harness::builder()
            .with_size(egui::vec2(1400.0, 900.0))
            .with_context_setup(crate::app::fonts::install)
            .build_ui_state(
                |ui, app: &mut crate::app::GepApp| app.show(ui),
                crate::app::GepApp::new(Settings::default()),
            );
        h.get_by_role_and_label(Role::Button, "当量因子").click();
        h.run();
        // The read-only factor table opens (and renders).
        h.get_by_label("当量因子表（只读）").click();
        h.run();
        // Switch D to the direct value: one edit, undone by one undo.
        let before = h.state().state.project.esv.standard_equivalent.clone();
        h.get_by_label("直接填写").click();
        h.run();
        assert!(matches!(
            h.state().state.project.esv.standard_equivalent,
            StandardEquivalent::Direct { .. }
        ));
        h.state_mut().state.undo();
        h.run();
        assert_eq!(h.state().state.project.esv.standard_equivalent, before);
        // Another table: one edit.
        h.state_mut().state.edit(|p| p.esv.table = "xie2008".into());
        h.run();
        assert_eq!(h.state().state.project.esv.table, "xie2008");
    }
}
