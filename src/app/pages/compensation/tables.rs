//! The compensation page's per-county tables: the editable inputs (floors, caps, deductions,
//! user scores, opportunity costs, distances, fiscal revenue, Engel coefficients, incomes and
//! populations) and the results with those inputs beside them (and, for the standard range,
//! its lower bound, upper bound and net benefit). Each committed cell is one
//! undo step.

use eframe::egui;
use egui_extras::Column;

use crate::app::table::{Frozen, centred_col, clip};
use crate::io::clipboard::tsv_number;

use super::params::committed;
use crate::app::chart_ui::color32;
use crate::app::format;
use crate::app::state::AppState;
use crate::app::widgets::{CellChange, CellSpec, header, num_cell};
use crate::engine::compensation::PriorityClass;
use crate::engine::compensation::scenario::{Detail, Outcome};
use crate::i18n::Lang;
use crate::i18n::{t, tf};
use crate::model::compensation::{
    CompensationSettings, CountyLimits, EngelEntry, IncomeEntry, Method, StageSource,
};
use crate::view::chart::{PAY_COLOR, RECEIVE_COLOR};

use super::WAN;

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
    FiscalRevenue,
    EngelUrban,
    EngelRural,
    Urbanisation,
    UrbanIncome,
    UrbanPopulation,
    RuralIncome,
    RuralPopulation,
}

/// The Engel columns (percent in the table, fractions in the scenario).
const ENGEL: [Input; 3] = [Input::EngelUrban, Input::EngelRural, Input::Urbanisation];
/// The income-gap columns.
const INCOMES: [Input; 4] = [
    Input::UrbanIncome,
    Input::UrbanPopulation,
    Input::RuralIncome,
    Input::RuralPopulation,
];

fn input_columns(set: &CompensationSettings) -> Vec<Input> {
    match set.method {
        Method::Fund => {
            let mut v = vec![Input::Floor, Input::Cap, Input::Deduction];
            v.extend((0..set.user_columns.len()).map(Input::User));
            v
        }
        Method::Spillover => {
            // Payers are compared with their fiscal revenue when it is entered.
            let mut v = vec![Input::FiscalRevenue];
            if set.clamp {
                v.push(Input::OpportunityCost);
            }
            if set.stage != StageSource::Fixed {
                v.extend(ENGEL);
            }
            v
        }
        Method::Horizontal => vec![Input::Distance, Input::FiscalRevenue],
        Method::OpportunityCost | Method::StandardRange => INCOMES.to_vec(),
        Method::Priority | Method::GrowthReward => Vec::new(),
    }
}

/// Whether the method has per-county inputs to fill (shown even when the run fails).
pub(super) fn has_inputs(set: &CompensationSettings) -> bool {
    !input_columns(set).is_empty()
}

fn input_title(set: &CompensationSettings, c: Input, lang: Lang) -> String {
    match c {
        Input::Floor => t(lang, "comp_floor").into(),
        Input::Cap => t(lang, "comp_cap").into(),
        Input::Deduction => t(lang, "comp_deduction").into(),
        Input::User(k) => set.user_columns[k].name.clone(),
        Input::OpportunityCost => t(lang, "comp_opportunity_cost").into(),
        Input::Distance => t(lang, "comp_distance").into(),
        Input::FiscalRevenue => t(lang, "cmpx_fiscal_revenue").into(),
        Input::EngelUrban => t(lang, "cmpx_engel_urban").into(),
        Input::EngelRural => t(lang, "cmpx_engel_rural").into(),
        Input::Urbanisation => t(lang, "cmpx_urbanisation").into(),
        Input::UrbanIncome => t(lang, "cmpx_urban_income").into(),
        Input::UrbanPopulation => t(lang, "cmpx_urban_population").into(),
        Input::RuralIncome => t(lang, "cmpx_rural_income").into(),
        Input::RuralPopulation => t(lang, "cmpx_rural_population").into(),
    }
}

fn input_value(set: &CompensationSettings, code: &str, c: Input) -> Option<f64> {
    let lim = set.limits.get(code);
    match c {
        Input::Floor => lim.and_then(|l| l.floor_yuan).map(|v| WAN.from_yuan(v)),
        Input::Cap => lim.and_then(|l| l.cap_yuan).map(|v| WAN.from_yuan(v)),
        Input::Deduction => lim.map(|l| l.deduction * 100.0).filter(|d| *d > 0.0),
        Input::User(k) => set.user_columns[k].values.get(code).copied(),
        Input::OpportunityCost => set
            .opportunity_cost_yuan
            .get(code)
            .map(|v| WAN.from_yuan(*v)),
        Input::Distance => set.horizontal.distances_km.get(code).copied(),
        Input::FiscalRevenue => set.fiscal_revenue_yuan.get(code).map(|v| WAN.from_yuan(*v)),
        Input::EngelUrban | Input::EngelRural | Input::Urbanisation => {
            let e = set.engel.get(code)?;
            let v = match c {
                Input::EngelUrban => e.urban,
                Input::EngelRural => e.rural,
                _ => e.urbanisation,
            };
            v.map(|x| x * 100.0)
        }
        _ => {
            let e = set.opportunity.incomes.get(code)?;
            match c {
                Input::UrbanIncome => e.urban_income,
                Input::UrbanPopulation => e.urban_population,
                Input::RuralIncome => e.rural_income,
                _ => e.rural_population,
            }
        }
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
            l.floor_yuan = v.map(|x| WAN.to_yuan(x));
            store(s, l);
        }
        Input::Cap => {
            let mut l = limits(s);
            l.cap_yuan = v.map(|x| WAN.to_yuan(x));
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
                Some(x) => s
                    .opportunity_cost_yuan
                    .insert(code.to_string(), WAN.to_yuan(x)),
                None => s.opportunity_cost_yuan.remove(code),
            };
        }
        Input::Distance => {
            match v {
                Some(x) => s.horizontal.distances_km.insert(code.to_string(), x),
                None => s.horizontal.distances_km.remove(code),
            };
        }
        Input::FiscalRevenue => {
            match v {
                Some(x) => s
                    .fiscal_revenue_yuan
                    .insert(code.to_string(), WAN.to_yuan(x)),
                None => s.fiscal_revenue_yuan.remove(code),
            };
        }
        Input::EngelUrban | Input::EngelRural | Input::Urbanisation => {
            let mut e = s.engel.get(code).copied().unwrap_or_default();
            let x = v.map(|x| x / 100.0);
            match c {
                Input::EngelUrban => e.urban = x,
                Input::EngelRural => e.rural = x,
                _ => e.urbanisation = x,
            }
            if e == EngelEntry::default() {
                s.engel.remove(code);
            } else {
                s.engel.insert(code.to_string(), e);
            }
        }
        _ => {
            let incomes = &mut s.opportunity.incomes;
            let mut e = incomes.get(code).copied().unwrap_or_default();
            match c {
                Input::UrbanIncome => e.urban_income = v,
                Input::UrbanPopulation => e.urban_population = v,
                Input::RuralIncome => e.rural_income = v,
                _ => e.rural_population = v,
            }
            if e == IncomeEntry::default() {
                incomes.remove(code);
            } else {
                incomes.insert(code.to_string(), e);
            }
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
        Input::Deduction | Input::EngelUrban | Input::EngelRural | Input::Urbanisation => {
            (Some(0.0), Some(100.0))
        }
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
pub(super) fn inputs_table(ui: &mut egui::Ui, state: &mut AppState) {
    let lang = state.lang();
    let cols = input_columns(&state.project.compensation);
    let counties: Vec<(String, String)> = state
        .project
        .counties
        .iter()
        .map(|c| (c.code.clone(), c.name.get(lang).to_string()))
        .collect();
    let title: Vec<String> = cols
        .iter()
        .map(|c| input_title(&state.project.compensation, *c, lang))
        .collect();
    let copy = ui
        .horizontal(|ui| {
            ui.label(t(lang, "comp_fill_inputs"));
            clip::copy_button(ui, lang)
        })
        .inner;
    if copy {
        let set = &state.project.compensation;
        let mut rows = vec![head_row(lang, &title)];
        rows.extend(counties.iter().map(|(code, name)| {
            let mut r = vec![name.clone()];
            r.extend(cols.iter().map(|c| plain(input_value(set, code, *c))));
            r
        }));
        clip::copy_rows(ui.ctx(), state, &rows);
    }
    Frozen {
        id_salt: "comp_inputs_table",
        label_width: 140.0,
        columns: vec![Column::initial(110.0); cols.len()],
        header_height: 40.0,
        row_height: 24.0,
        rows: counties.len(),
        scroll_to_row: None,
        selected_row: None,
        reserve_below: 0.0,
        height: Some(416.0),
    }
    .show(
        ui,
        |ui| {
            ui.strong(t(lang, "page_counties"));
        },
        |ui, i| {
            ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                ui.label(&counties[i].1);
            });
        },
        |mut h| {
            for title in &title {
                h.col(|ui| {
                    header(ui, title.clone());
                });
            }
        },
        |mut row| {
            let (code, name) = &counties[row.index()];
            for c in &cols {
                row.col(|ui| input_cell(ui, state, name, code, *c));
            }
        },
    );
}

pub(super) fn result_table(ui: &mut egui::Ui, state: &mut AppState, o: &Outcome) {
    let lang = state.lang();
    let unit = state.settings.money_unit;
    let sym = unit.unit().symbol(lang);
    let cols = input_columns(&state.project.compensation);
    let amounts = o.settings.method != Method::Priority;
    let titles: Vec<String> = cols
        .iter()
        .map(|c| input_title(&state.project.compensation, *c, lang))
        .collect();
    let bounds = range_bounds(o);
    let mut columns = vec![Column::initial(120.0); usize::from(amounts)];
    columns.extend(std::iter::repeat_n(
        Column::initial(110.0),
        bounds.as_ref().map_or(0, |_| RANGE_KEYS.len()),
    ));
    columns.extend([
        Column::initial(56.0),
        Column::initial(80.0),
        Column::initial(110.0),
    ]);
    columns.extend(std::iter::repeat_n(Column::initial(110.0), cols.len()));
    if clip::copy_button(ui, lang) {
        let rows = result_rows(state, o, &cols, &titles);
        clip::copy_rows(ui.ctx(), state, &rows);
    }
    Frozen {
        id_salt: "comp_result_table",
        label_width: 140.0,
        columns,
        header_height: 40.0,
        row_height: 24.0,
        rows: o.rows.len(),
        scroll_to_row: None,
        selected_row: None,
        reserve_below: 0.0,
        height: Some((o.rows.len() as f32 * 24.0 + 8.0).clamp(120.0, 360.0) + 56.0),
    }
    .show(
        ui,
        |ui| {
            ui.strong(t(lang, "page_counties"));
        },
        |ui, i| {
            // Centred like the amounts and inputs, so a row reads level across both halves.
            ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                ui.label(o.rows[i].name(lang));
            });
        },
        |mut h| {
            if amounts {
                h.col(|ui| {
                    header(ui, tf(lang, "comp_col_amount", &[("unit", sym)]));
                });
            }
            if bounds.is_some() {
                for key in RANGE_KEYS {
                    h.col(|ui| {
                        header(ui, format!("{}\n{sym}", t(lang, key)));
                    });
                }
            }
            for key in ["comp_col_rank", "comp_col_ecps", "comp_col_class"] {
                h.col(|ui| {
                    header(ui, t(lang, key));
                });
            }
            for title in &titles {
                h.col(|ui| {
                    header(ui, title.clone());
                });
            }
        },
        |mut row| {
            let r = &o.rows[row.index()];
            let name = r.name(lang).to_string();
            if amounts {
                row.col(|ui| {
                    let Some(a) = r.amount_yuan else {
                        // Not part of this scheme (e.g. no distance to the upstream county).
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            ui.add_space(8.0);
                            ui.label("—")
                        });
                        return;
                    };
                    let text = format::money_value(a, unit);
                    let color = if a > 0.0 {
                        color32(RECEIVE_COLOR)
                    } else if a < 0.0 {
                        color32(PAY_COLOR)
                    } else {
                        ui.visuals().text_color()
                    };
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        // A gap before the next column, so a right-aligned amount and the
                        // rank after it never read as one number.
                        ui.add_space(8.0);
                        ui.colored_label(color, text)
                            .on_hover_text(format!("{name} · {}", format::money(a, unit, lang)));
                    });
                });
            }
            if let Some(b) = &bounds {
                for (k, v) in b[row.index()].iter().enumerate() {
                    row.col(|ui| {
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            ui.add_space(8.0);
                            let text = v.map_or("—".into(), |v| format::money_value(v, unit));
                            // A negative net benefit: no feasible range.
                            if k == 2 && v.is_some_and(|v| v < 0.0) {
                                ui.colored_label(color32(PAY_COLOR), text);
                            } else {
                                ui.label(text);
                            }
                        });
                    });
                }
            }
            centred_col(&mut row, |ui| {
                ui.label(r.rank.map_or("—".into(), |k| k.to_string()));
            });
            centred_col(&mut row, |ui| {
                ui.label(r.ecps.map_or("—".into(), |e| format::num(e, 3)));
            });
            centred_col(&mut row, |ui| {
                let text = r.class.map_or("—", |c| class_short(lang, c));
                ui.add(egui::Label::new(text).truncate())
                    .on_hover_text(r.class.map_or("", |c| class_long(lang, c)));
            });
            for c in &cols {
                let code = r.code.clone();
                row.col(|ui| input_cell(ui, state, &name, &code, *c));
            }
        },
    );
}

/// The standard range's columns: lower bound, upper bound, net benefit.
const RANGE_KEYS: [&str; 3] = ["std_wb_lower", "std_wb_upper", "std_wb_net_benefit"];

/// Per row, the standard range's lower bound, upper bound and net benefit (元); `None` for
/// other methods.
fn range_bounds(o: &Outcome) -> Option<Vec<[Option<f64>; 3]>> {
    let Detail::StandardRange(d) = &o.detail else {
        return None;
    };
    Some(
        d.rows
            .iter()
            .map(|x| {
                [
                    x.range.map(|r| r.lower_yuan),
                    Some(x.upper_yuan),
                    x.range.map(|r| r.net_benefit_yuan),
                ]
            })
            .collect(),
    )
}

/// The header row of a copied table: the county column, then `titles`.
fn head_row(lang: Lang, titles: &[String]) -> Vec<String> {
    let mut r = vec![t(lang, "page_counties").to_string()];
    r.extend(titles.iter().cloned());
    r
}

/// An input as entered, for the clipboard (empty when not entered).
fn plain(v: Option<f64>) -> String {
    v.map_or_else(String::new, |v| v.to_string())
}

/// The results table as shown, header row first: amount (in the money unit shown, when the
/// method gives amounts), rank, ECPS, class, then the inputs as entered.
fn result_rows(
    state: &AppState,
    o: &Outcome,
    cols: &[Input],
    titles: &[String],
) -> Vec<Vec<String>> {
    let lang = state.lang();
    let unit = state.settings.money_unit;
    let amounts = o.settings.method != Method::Priority;
    let mut head = vec![t(lang, "page_counties").to_string()];
    if amounts {
        let sym = unit.unit().symbol(lang);
        head.push(tf(lang, "comp_col_amount", &[("unit", sym)]).replace('\n', " "));
    }
    let bounds = range_bounds(o);
    if bounds.is_some() {
        let sym = unit.unit().symbol(lang);
        head.extend(RANGE_KEYS.iter().map(|k| format!("{} ({sym})", t(lang, k))));
    }
    for key in ["comp_col_rank", "comp_col_ecps", "comp_col_class"] {
        head.push(t(lang, key).replace('\n', " "));
    }
    head.extend(titles.iter().cloned());
    let set = &state.project.compensation;
    let mut out = vec![head];
    let dec = format::money_decimals(unit);
    for (i, r) in o.rows.iter().enumerate() {
        let mut row = vec![r.name(lang).to_string()];
        if amounts {
            row.push(tsv_number(r.amount_yuan.map(|a| unit.from_yuan(a)), dec));
        }
        if let Some(b) = &bounds {
            row.extend(
                b[i].iter()
                    .map(|v| tsv_number(v.map(|v| unit.from_yuan(v)), dec)),
            );
        }
        row.push(r.rank.map_or_else(String::new, |k| k.to_string()));
        row.push(tsv_number(r.ecps, 3));
        row.push(r.class.map_or("", |c| class_long(lang, c)).to_string());
        row.extend(cols.iter().map(|c| plain(input_value(set, &r.code, *c))));
        out.push(row);
    }
    out
}

/// A priority class in the table cell: short in English, the full name in Chinese.
fn class_short(lang: Lang, c: PriorityClass) -> &'static str {
    t(
        lang,
        match c {
            PriorityClass::Priority => "cmpui_class_priority",
            PriorityClass::Secondary => "cmpui_class_secondary",
            PriorityClass::Potential => "cmpui_class_potential",
        },
    )
}

/// A priority class's full name, as the engine (and the report) words it.
fn class_long(lang: Lang, c: PriorityClass) -> &'static str {
    match lang {
        Lang::Zh => c.label_zh(),
        Lang::En => c.label_en(),
    }
}
