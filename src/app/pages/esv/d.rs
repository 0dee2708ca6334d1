//! The standard equivalent D of the ESV page: the method switch, the three editors (entered
//! value, grain output value ÷ 7, grain net profit) and the derivation.
//!
//! The derivation prints the engine's trace of D (`engine::esv::standard_equivalent`): each
//! crop's terms, the sums and D, then D at the accounting price year from the accounts. It
//! must not redo the arithmetic; the Σ shares = 1 check is a validation issue
//! (`validate::IssueKind::SharesNotOne`), shown here from the project's issues.

use eframe::egui;

use super::{number, slot};
use crate::app::format;
use crate::app::state::{AppState, Notice};
use crate::app::widgets::{CellSpec, tag_badge, text_cell};
use crate::engine::Accounts;
use crate::engine::esv::{standard_equivalent, sym};
use crate::engine::trace::Trace;
use crate::i18n::Lang;
use crate::i18n::{t, tf};
use crate::model::{EsvSettings, GrainCrop, NetProfitCrop, StandardEquivalent};
use crate::registry::Tag;

const TAGS: [Tag; 4] = [Tag::V, Tag::VSec, Tag::D, Tag::U];

/// The three ways of giving D.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Method {
    Direct,
    Grain,
    NetProfit,
}

pub(super) fn method_of(se: &StandardEquivalent) -> Method {
    match se {
        StandardEquivalent::Direct { .. } => Method::Direct,
        StandardEquivalent::GrainOneSeventh { .. } => Method::Grain,
        StandardEquivalent::NetProfit { .. } => Method::NetProfit,
    }
}

/// A fresh D definition of another method (the last one the user had this session, if any).
pub(super) fn switched(state: &AppState, to: Method) -> StandardEquivalent {
    let lang = state.lang();
    if let Some(se) = state.pages.esv.stash.iter().find(|s| method_of(s) == to) {
        return se.clone();
    }
    let cur = &state.project.esv.standard_equivalent;
    let year = match cur {
        StandardEquivalent::Direct { price_year, .. }
        | StandardEquivalent::GrainOneSeventh { price_year, .. }
        | StandardEquivalent::NetProfit { price_year, .. } => *price_year,
    };
    match to {
        Method::Direct => match standard_equivalent(cur) {
            Ok(d) => StandardEquivalent::Direct {
                value_yuan_per_hm2: d.value,
                price_year: d.price_year,
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

pub(super) fn d_section(ui: &mut egui::Ui, state: &mut AppState, acc: Option<&Accounts>) {
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
                state.pages.esv.stash(se.clone());
                let new = switched(state, m);
                state.edit_part(|p| &mut p.esv.standard_equivalent, |x| *x = new);
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
    state.edit_part(|p| &mut p.esv.standard_equivalent, f);
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

/// The derivation of D as the engine traced it, ending with D at its price year and, from the
/// accounts, D at the accounting price year; then any validation issue about D.
fn derivation(ui: &mut egui::Ui, state: &mut AppState, acc: Option<&Accounts>) {
    let lang = state.lang();
    let se = state.project.esv.standard_equivalent.clone();
    let d = standard_equivalent(&se);
    let mut lines: Vec<String> = Vec::new();
    match &se {
        StandardEquivalent::Direct { .. } => {}
        StandardEquivalent::GrainOneSeventh { crops, .. } => {
            lines.push(t(lang, "esv_formula_grain").to_string());
            if let Ok(d) = &d {
                lines.extend(grain_lines(lang, crops, &d.trace));
            }
        }
        StandardEquivalent::NetProfit { .. } => {
            lines.push(t(lang, "esv_formula_net_profit").to_string());
            if let Ok(d) = &d {
                lines.push(net_profit_line(&d.trace));
            }
        }
    }
    let found: Vec<_> = state
        .issues()
        .iter()
        .filter(|i| i.field.starts_with("esv.standard_equivalent."))
        .cloned()
        .collect();
    let names = crate::validate::Names::new(&state.project, state.registry(), lang);
    let issues: Vec<String> = found.iter().map(|i| i.kind.message_named(&names)).collect();
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.strong(t(lang, "esv_derivation"));
        for l in &lines {
            ui.monospace(l);
        }
        match &d {
            Ok(d) => d_result(ui, lang, d.value, d.price_year, acc),
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
        for m in &issues {
            ui.colored_label(ui.visuals().warn_fg_color, m);
        }
    });
}

/// The values of the trace's steps named `symbol`, in order.
fn steps(trace: &Trace, symbol: &str) -> Vec<f64> {
    trace
        .steps
        .iter()
        .filter(|s| s.symbol == symbol)
        .map(|s| s.value)
        .collect()
}

/// Σ output value, Σ area and D of the grain method, from the trace (yield and price of each
/// crop are printed as typed: the trace keeps the crop's product m·q·p).
fn grain_lines(lang: Lang, crops: &[GrainCrop], trace: &Trace) -> Vec<String> {
    let areas = steps(trace, sym::AREA);
    let value = steps(trace, sym::SUM_OUTPUT)
        .first()
        .copied()
        .unwrap_or(0.0);
    let area = steps(trace, sym::SUM_AREA).first().copied().unwrap_or(0.0);
    let terms: Vec<String> = crops
        .iter()
        .zip(&areas)
        .map(|(c, m)| {
            format!(
                "{} × {} × {}",
                format::num(*m, 2),
                format::num(c.yield_kg_per_hm2, 1),
                format::num(c.price_yuan_per_kg, 3)
            )
        })
        .collect();
    let area_terms: Vec<String> = areas.iter().map(|m| format::num(*m, 2)).collect();
    vec![
        tf(
            lang,
            "esv_step_value",
            &[
                ("terms", &terms.join(" + ")),
                ("value", &format::num(value, 0)),
            ],
        ),
        tf(
            lang,
            "esv_step_area",
            &[
                ("terms", &area_terms.join(" + ")),
                ("area", &format::num(area, 2)),
            ],
        ),
        tf(
            lang,
            "esv_step_grain_d",
            &[
                ("value", &format::num(value, 0)),
                ("area", &format::num(area, 2)),
            ],
        ),
    ]
}

/// D = S₁ × F₁ + … of the net-profit method, from the trace.
fn net_profit_line(trace: &Trace) -> String {
    let terms: Vec<String> = steps(trace, sym::SHARE)
        .iter()
        .zip(steps(trace, sym::PROFIT))
        .map(|(s, f)| format!("{} × {}", format::num(*s, 4), format::num(f, 2)))
        .collect();
    format!("D = {}", terms.join(" + "))
}

/// D at its price year and, when the accounts convert it, at the accounting price year.
fn d_result(ui: &mut egui::Ui, lang: Lang, d: f64, year: i32, acc: Option<&Accounts>) {
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
