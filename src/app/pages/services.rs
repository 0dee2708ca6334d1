//! 生态服务 Services: the input forms of every indicator, generated from the registry (and the
//! project's custom indicators), never written per indicator.
//!
//! Left: the indicators by category, marked counted / not counted in the framework shown.
//! Right: the selected indicator for the year shown — clause, valuation, help, the method
//! switch (one undoable edit for all counties), and a county × inputs table of `num_cell`s
//! with the registry's units, ranges and validation problems; material products get product
//! lines or a directly entered output value per county. The last column shows the engine's
//! value so the effect of every edit is visible at once. A pseudo-entry edits the imported
//! ecological products deducted under GB/T 46869.

use std::collections::{HashMap, HashSet};

use eframe::egui;
use egui_extras::{Column, TableBuilder};

use crate::app::format;
use crate::app::nav::Page;
use crate::app::state::{AppState, Notice};
use crate::app::widgets::{
    CellChange, CellSpec, YearChange, num_cell, parse_year, take_block_paste, text_cell, year_cell,
};
use crate::engine::Status;
use crate::i18n::Lang;
use crate::i18n::{t, tf};
use crate::model::{IndicatorInput, OutputBasis, OutputValue, ProductLine, Project};
use crate::registry::{Category, Formula, IndicatorSpec, InputSpec, MethodSpec};
use crate::units::{MoneyUnit, Unit};
use crate::validate::Severity;

/// Selection id of the imported-products table (indicator ids never start with '#').
const IMPORTED: &str = "#imported";

/// Units offered for product lines: those a price per unit is defined for.
const PRODUCT_UNITS: [Unit; 12] = [
    Unit::T,
    Unit::Kg,
    Unit::M3,
    Unit::Kwh,
    Unit::Hm2,
    Unit::M2,
    Unit::M,
    Unit::PersonTrip,
    Unit::Head,
    Unit::Animal,
    Unit::TC,
    Unit::TCo2,
];

/// What the engine made of one county's indicator (for the value column).
#[derive(Clone)]
struct Computed {
    status: Status,
    value: f64,
    quantity: Option<(f64, Unit)>,
    /// Values of the product lines (material products), in line order.
    lines: Vec<f64>,
    /// Imported-products deduction (元, accounting price year).
    deduction: f64,
}

/// Data of one county row, cloned out of the project so edits can follow the table.
struct Row {
    code: String,
    name: String,
    input: Option<IndicatorInput>,
    imported: f64,
}

pub fn ui(ui: &mut egui::Ui, state: &mut AppState) {
    let lang = state.lang();
    let year = state.year;
    let reg = state.registry();
    let specs: Vec<IndicatorSpec> = crate::engine::accounts_specs(&state.project, reg)
        .into_iter()
        .map(std::borrow::Cow::into_owned)
        .collect();

    // Selection, and a jump from the validation list (once per visit of the page).
    let sel_id = egui::Id::unique("services_selected");
    let visit_id = egui::Id::unique("services_last_frame");
    let mut selected: String = ui.data(|d| d.get_temp(sel_id)).unwrap_or_default();
    let frame = ui.ctx().cumulative_frame_nr();
    let last: u64 = ui.data(|d| d.get_temp(visit_id)).unwrap_or(0);
    let fresh_visit = last + 1 < frame || last == 0;
    ui.data_mut(|d| d.insert_temp(visit_id, frame));
    let focus = match &state.focus {
        Some((Page::Services, code, field)) => Some((code.clone(), field.clone())),
        _ => None,
    };
    let mut scroll_to_code = None;
    let handled_id = egui::Id::unique("services_focus_handled");
    if let Some((code, field)) = &focus {
        let handled: Option<(String, String)> = ui.data(|d| d.get_temp(handled_id));
        if fresh_visit || handled.as_ref() != Some(&(code.clone(), field.clone())) {
            if let Some(rest) = field.strip_prefix("indicators.") {
                let ind = rest.split('.').next().unwrap_or(rest);
                if specs.iter().any(|s| s.id == ind) {
                    selected = ind.to_string();
                }
            } else if field == "imported_products_yuan" {
                selected = IMPORTED.to_string();
            }
            scroll_to_code = Some(code.clone());
            ui.data_mut(|d| d.insert_temp(handled_id, (code.clone(), field.clone())));
        }
    }
    if selected != IMPORTED && !specs.iter().any(|s| s.id == selected) {
        selected = specs.first().map(|s| s.id.clone()).unwrap_or_default();
    }

    // Per-indicator entry counts and error markers of the year.
    let n_counties = state.project.counties.len();
    let mut entered: HashMap<String, usize> = HashMap::new();
    if let Some(p) = state.project.period(year) {
        for cp in p.counties.values() {
            for id in cp.indicators.keys() {
                *entered.entry(id.clone()).or_default() += 1;
            }
        }
    }
    let mut with_errors: HashSet<String> = HashSet::new();
    for i in state.issues() {
        if i.year == Some(year)
            && i.severity == Severity::Error
            && let Some(rest) = i.field.strip_prefix("indicators.")
        {
            with_errors.insert(rest.split('.').next().unwrap_or(rest).to_string());
        }
    }
    let framework = state.framework.clone();

    egui::Panel::left("services_list")
        .resizable(true)
        .default_size(210.0)
        .min_size(160.0)
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("services_list_scroll")
                .show(ui, |ui| {
                    ui.add_space(4.0);
                    for cat in Category::ALL {
                        ui.strong(cat.name().get(lang));
                        for s in specs.iter().filter(|s| s.category == cat) {
                            let counted = s.counts_in(&framework);
                            let n = entered.get(&s.id).copied().unwrap_or(0);
                            let mark = if counted { "●" } else { "○" };
                            let mut text =
                                egui::RichText::new(format!("{mark} {}", s.name.get(lang)));
                            if !counted {
                                text = text.italics();
                            }
                            let tip = format!(
                                "{}\n{}\n{}: {n}/{n_counties}{}",
                                s.name.get(lang),
                                if counted {
                                    t(lang, "counted_in_framework")
                                } else {
                                    t(lang, "outside_framework")
                                },
                                t(lang, "svc_entered_counties"),
                                if with_errors.contains(&s.id) {
                                    format!("\n! {}", t(lang, "svc_has_errors"))
                                } else {
                                    String::new()
                                }
                            );
                            let mut right =
                                egui::RichText::new(format!("{n}/{n_counties}")).small();
                            right = if with_errors.contains(&s.id) {
                                egui::RichText::new(format!("! {n}/{n_counties}"))
                                    .small()
                                    .color(ui.visuals().error_fg_color)
                            } else {
                                right.weak()
                            };
                            let w = ui.available_width();
                            if ui
                                .add(
                                    egui::Button::selectable(selected == s.id, text)
                                        .right_text(right)
                                        .truncate()
                                        .min_size(egui::vec2(w, 0.0)),
                                )
                                .on_hover_text(tip)
                                .clicked()
                            {
                                selected = s.id.clone();
                            }
                        }
                        ui.add_space(6.0);
                    }
                    ui.strong(t(lang, "svc_other"));
                    if ui
                        .selectable_label(selected == IMPORTED, t(lang, "svc_imported"))
                        .on_hover_text(t(lang, "svc_imported_help"))
                        .clicked()
                    {
                        selected = IMPORTED.to_string();
                    }
                    ui.add_space(8.0);
                    ui.separator();
                    ui.label(egui::RichText::new(t(lang, "svc_legend")).weak().small());
                });
        });
    ui.data_mut(|d| d.insert_temp(sel_id, selected.clone()));

    // Validation problems of the selected table's cells (messages built for those only).
    let prefix = if selected == IMPORTED {
        "imported_products_yuan".to_string()
    } else {
        format!("indicators.{selected}")
    };
    let mut problems: HashMap<(String, String), String> = HashMap::new();
    for i in state.issues() {
        if i.year != Some(year) || !i.field.starts_with(&prefix) {
            continue;
        }
        let rest = &i.field[prefix.len()..];
        if !(rest.is_empty() || rest.starts_with('.')) {
            continue;
        }
        if let Some(c) = &i.county {
            problems
                .entry((c.clone(), i.field.clone()))
                .and_modify(|m| {
                    m.push('\n');
                    m.push_str(&i.kind.message(lang));
                })
                .or_insert_with(|| i.kind.message(lang));
        }
    }

    egui::CentralPanel::no_frame().show(ui, |ui| {
        let Some(period) = state.project.period(year) else {
            ui.heading(state.page.title(lang));
            ui.colored_label(
                ui.visuals().error_fg_color,
                tf(lang, "svc_no_period", &[("year", &year.to_string())]),
            );
            return;
        };
        let rows: Vec<Row> = state
            .project
            .counties
            .iter()
            .map(|c| {
                let cp = period.counties.get(&c.code);
                Row {
                    code: c.code.clone(),
                    name: c.name.get(lang).to_string(),
                    input: cp.and_then(|d| d.indicators.get(&selected)).cloned(),
                    imported: cp.map_or(0.0, |d| d.imported_products_yuan),
                }
            })
            .collect();
        let (computed, compute_error) = computed_of(state, &selected);
        let ctx = Ctx {
            lang,
            year,
            money: state.settings.money_unit,
            rows: &rows,
            computed: &computed,
            compute_error,
            problems: &problems,
            focus: focus.as_ref(),
            scroll_to: scroll_to_code
                .as_ref()
                .and_then(|c| rows.iter().position(|r| &r.code == c)),
        };
        if selected == IMPORTED {
            imported_ui(ui, state, &ctx);
        } else if let Some(spec) = specs.iter().find(|s| s.id == selected) {
            indicator_ui(ui, state, &ctx, spec);
        }
    });
}

/// Shared read-only data of the right side.
struct Ctx<'a> {
    lang: Lang,
    year: i32,
    money: MoneyUnit,
    rows: &'a [Row],
    computed: &'a HashMap<String, Computed>,
    compute_error: Option<String>,
    problems: &'a HashMap<(String, String), String>,
    focus: Option<&'a (String, String)>,
    scroll_to: Option<usize>,
}

impl Ctx<'_> {
    fn problem(&self, code: &str, field: &str) -> Option<&str> {
        self.problems
            .get(&(code.to_string(), field.to_string()))
            .map(String::as_str)
    }

    fn focused(&self, code: &str, field: &str) -> bool {
        self.focus.is_some_and(|(c, f)| c == code && f == field)
    }
}

/// The engine's results for one indicator, by county code.
fn computed_of(state: &mut AppState, ind: &str) -> (HashMap<String, Computed>, Option<String>) {
    let lang = state.lang();
    match state.accounts() {
        Ok(acc) => {
            let map = acc
                .counties
                .iter()
                .map(|c| {
                    let a = c.indicators.iter().find(|a| &*a.id == ind);
                    (
                        c.code.clone(),
                        Computed {
                            status: a.map_or(Status::NotEntered, |a| a.status.clone()),
                            value: a.map_or(0.0, |a| a.value),
                            quantity: a.and_then(|a| a.quantity.map(|q| (q.value, q.unit))),
                            lines: a.map_or_else(Vec::new, |a| {
                                a.components.iter().map(|x| x.value).collect()
                            }),
                            deduction: c.totals.imported_deduction,
                        },
                    )
                })
                .collect();
            (map, None)
        }
        Err(e) => {
            let s = e.to_string();
            let msg = match lang {
                Lang::Zh => s.split(" / ").next().unwrap_or(&s).to_string(),
                Lang::En => s.split(" / ").nth(1).unwrap_or(&s).to_string(),
            };
            (HashMap::new(), Some(msg))
        }
    }
}

/// Paints a cell frame: a warning stroke for the focused cell, an error stroke for a problem.
fn mark_cell(ui: &egui::Ui, focused: bool, problem: bool) {
    if focused {
        ui.painter().rect_stroke(
            ui.max_rect(),
            2.0,
            (2.0, ui.visuals().warn_fg_color),
            egui::StrokeKind::Inside,
        );
    } else if problem {
        ui.painter().rect_stroke(
            ui.max_rect(),
            2.0,
            (1.0, ui.visuals().error_fg_color),
            egui::StrokeKind::Inside,
        );
    }
}

/// The value column: the engine's value in the money unit, or why there is none.
fn value_cell(ui: &mut egui::Ui, ctx: &Ctx<'_>, code: &str) {
    let lang = ctx.lang;
    let Some(c) = ctx.computed.get(code) else {
        ui.label(egui::RichText::new("—").weak());
        return;
    };
    let err = ui.visuals().error_fg_color;
    match &c.status {
        Status::Computed => {
            let mut tip = format::money(c.value, ctx.money, lang);
            if let Some((q, u)) = c.quantity {
                tip.push_str(&format!(
                    "\n{}: {}",
                    t(lang, "show_quantity"),
                    format::quantity(q, u, lang)
                ));
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.label(egui::RichText::new(format::money_value(c.value, ctx.money)).strong())
                    .on_hover_text(tip);
            });
        }
        Status::NotEntered => {
            ui.label(egui::RichText::new(t(lang, "svc_not_entered_short")).weak())
                .on_hover_text(t(lang, "not_entered"));
        }
        Status::Incomplete { missing } => {
            ui.label(egui::RichText::new(t(lang, "incomplete")).color(err))
                .on_hover_text(tf(lang, "missing_list", &[("list", &missing.join(", "))]));
        }
        Status::Failed {
            reason_zh,
            reason_en,
        } => {
            ui.label(egui::RichText::new(t(lang, "failed")).color(err))
                .on_hover_text(if lang == Lang::Zh {
                    reason_zh
                } else {
                    reason_en
                });
        }
    }
}

/// Decimals that show a stored value exactly (at most 6).
fn decimals_for(v: Option<f64>) -> usize {
    v.map_or(2, |v| {
        let s = format!("{v}");
        s.split_once('.').map_or(0, |(_, f)| f.len().min(6))
    })
}

fn range_text(lang: Lang, min: Option<f64>, max: Option<f64>) -> String {
    let r = match (min, max) {
        (Some(a), Some(b)) => format!("[{a}, {b}]"),
        (Some(a), None) => format!("≥ {a}"),
        (None, Some(b)) => format!("≤ {b}"),
        (None, None) => return t(lang, "svc_range_any").to_string(),
    };
    tf(lang, "svc_range", &[("range", &r)])
}

/// The method a county's entry uses (`None` for an unknown method id).
fn method_of<'a>(spec: &'a IndicatorSpec, input: &IndicatorInput) -> Option<&'a MethodSpec> {
    if input.method.is_empty() {
        spec.default_method()
    } else {
        spec.method(&input.method)
    }
}

/// The method id a county's entry uses, as stored (default resolved).
fn method_id(spec: &IndicatorSpec, input: &IndicatorInput) -> String {
    method_of(spec, input).map_or_else(|| input.method.clone(), |m| m.id.clone())
}

fn indicator_ui(ui: &mut egui::Ui, state: &mut AppState, ctx: &Ctx<'_>, spec: &IndicatorSpec) {
    let lang = ctx.lang;
    // Header: name, category, framework, clause, valuation, quantity, help.
    ui.horizontal_wrapped(|ui| {
        ui.heading(spec.name.get(lang));
        ui.label(egui::RichText::new(spec.category.name().get(lang)).weak());
        if spec.counts_in(&state.framework) {
            ui.label(
                egui::RichText::new(t(lang, "counted_in_framework"))
                    .color(egui::Color32::from_rgb(40, 140, 70)),
            );
        } else {
            ui.label(
                egui::RichText::new(t(lang, "outside_framework")).color(ui.visuals().warn_fg_color),
            );
        }
    });
    egui::Grid::new("svc_info")
        .num_columns(2)
        .spacing([12.0, 2.0])
        .show(ui, |ui| {
            ui.label(egui::RichText::new(t(lang, "valuation")).weak());
            ui.label(format!(
                "{} · {}",
                spec.valuation.name().get(lang),
                if spec.market {
                    t(lang, "svc_market")
                } else {
                    t(lang, "svc_non_market")
                }
            ));
            ui.end_row();
            ui.label(egui::RichText::new(t(lang, "svc_quantity")).weak());
            ui.label(format!(
                "{} ({})",
                spec.quantity.name.get(lang),
                spec.quantity.unit.symbol(lang)
            ));
            ui.end_row();
            ui.label(egui::RichText::new(t(lang, "clause")).weak());
            ui.add(egui::Label::new(&spec.clause).wrap());
            ui.end_row();
        });
    if !spec.help.is_empty() {
        egui::CollapsingHeader::new(t(lang, "svc_help"))
            .id_salt(("svc_help", &spec.id))
            .default_open(true)
            .show(ui, |ui| {
                ui.add(egui::Label::new(spec.help.get(lang)).wrap());
            });
    }
    if let Some(e) = &ctx.compute_error {
        ui.colored_label(ui.visuals().error_fg_color, e);
    }
    if matches!(spec.formula, Formula::Products) {
        products_ui(ui, state, ctx, spec);
    } else {
        inputs_ui(ui, state, ctx, spec);
    }
}

/// The method switch and the county × inputs table of a non-product indicator.
fn inputs_ui(ui: &mut egui::Ui, state: &mut AppState, ctx: &Ctx<'_>, spec: &IndicatorSpec) {
    let lang = ctx.lang;
    let year = ctx.year;
    let rows = ctx.rows;
    // Methods in use this year; the page's method is theirs if they agree.
    let mut in_use: Vec<String> = Vec::new();
    for r in rows {
        if let Some(i) = &r.input {
            let m = method_id(spec, i);
            if !in_use.contains(&m) {
                in_use.push(m);
            }
        }
    }
    let mixed = in_use.len() > 1;
    let pick_id = egui::Id::unique(("svc_method", &spec.id));
    let remembered: Option<String> = ui.data(|d| d.get_temp(pick_id));
    let chosen: String = match in_use.as_slice() {
        [one] if spec.method(one).is_some() => one.clone(),
        _ => remembered
            .filter(|m| spec.method(m).is_some())
            .or_else(|| spec.default_method().map(|m| m.id.clone()))
            .unwrap_or_default(),
    };
    let mut switch_all: Option<String> = None;
    ui.horizontal_wrapped(|ui| {
        ui.label(egui::RichText::new(t(lang, "method")).strong());
        if spec.methods.len() == 1 {
            if let Some(m) = spec.methods.first() {
                ui.label(m.name.get(lang)).on_hover_text(m.clause.as_str());
            }
        } else {
            for m in &spec.methods {
                let on = !mixed && chosen == m.id;
                let mut r = ui.radio(on, m.name.get(lang));
                if !m.clause.is_empty() {
                    r = r.on_hover_text(&m.clause);
                }
                if r.clicked() && !on {
                    switch_all = Some(m.id.clone());
                }
            }
            ui.label(egui::RichText::new(t(lang, "svc_method_all_counties")).weak());
        }
    });
    if mixed {
        ui.colored_label(ui.visuals().warn_fg_color, t(lang, "svc_methods_differ"));
    }

    // Columns: inputs of the chosen method, then those of other methods in use.
    let mut methods: Vec<&MethodSpec> = spec.method(&chosen).into_iter().collect();
    for m in &in_use {
        if let Some(ms) = spec.method(m)
            && !methods.iter().any(|x| x.id == ms.id)
        {
            methods.push(ms);
        }
    }
    let mut cols: Vec<&InputSpec> = Vec::new();
    for m in &methods {
        for i in &m.inputs {
            if !cols.iter().any(|c| c.id == i.id) {
                cols.push(i);
            }
        }
    }
    let row_method = |r: &Row| -> Option<&MethodSpec> {
        match &r.input {
            Some(i) => method_of(spec, i),
            None => spec.method(&chosen),
        }
    };

    let mut change: Option<(usize, usize, CellChange)> = None;
    let mut clear_row: Option<usize> = None;
    let mut switch_one: Option<(usize, String)> = None;
    let base = format!("indicators.{}", spec.id);
    // Share the width among the input columns so the value column stays in view.
    let fixed = 110.0 + if mixed { 130.0 } else { 0.0 } + 120.0 + 34.0;
    let gaps = 8.0 * (cols.len() as f32 + 4.0);
    let per = ((ui.available_width() - fixed - gaps) / cols.len().max(1) as f32).clamp(90.0, 150.0);
    egui::ScrollArea::horizontal()
        .id_salt(("svc_h", &spec.id))
        .show(ui, |ui| {
            let mut table = TableBuilder::new(ui)
                .id_salt(("svc_table", &spec.id))
                .striped(true)
                .resizable(true)
                .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
                .column(Column::initial(110.0).at_least(70.0));
            if mixed {
                table = table.column(Column::initial(130.0).at_least(80.0));
            }
            table = table
                .columns(Column::initial(per).at_least(70.0), cols.len())
                .column(Column::initial(120.0).at_least(80.0))
                .column(Column::exact(34.0));
            if let Some(r) = ctx.scroll_to {
                table = table.scroll_to_row(r, Some(egui::Align::Center));
            }
            table
                .header(48.0, |mut h| {
                    h.col(|ui| {
                        ui.strong(t(lang, "page_counties"));
                    });
                    if mixed {
                        h.col(|ui| {
                            ui.strong(t(lang, "method"));
                        });
                    }
                    for c in &cols {
                        h.col(|ui| {
                            let req = if c.required { " *" } else { "" };
                            let mut tip = String::new();
                            if !c.help.is_empty() {
                                tip.push_str(c.help.get(lang));
                                tip.push('\n');
                            }
                            tip.push_str(&range_text(lang, c.min, c.max));
                            tip.push('\n');
                            tip.push_str(if c.required {
                                t(lang, "svc_required")
                            } else {
                                t(lang, "svc_optional")
                            });
                            let used_by: Vec<&str> = methods
                                .iter()
                                .filter(|m| m.inputs.iter().any(|i| i.id == c.id))
                                .map(|m| m.name.get(lang))
                                .collect();
                            if mixed || methods.len() > 1 {
                                tip.push('\n');
                                tip.push_str(&tf(
                                    lang,
                                    "svc_input_of",
                                    &[("methods", &used_by.join(", "))],
                                ));
                            }
                            ui.add(
                                egui::Label::new(
                                    egui::RichText::new(format!(
                                        "{}{req}\n{}",
                                        c.name.get(lang),
                                        c.unit.symbol(lang)
                                    ))
                                    .strong(),
                                )
                                .wrap(),
                            )
                            .on_hover_text(tip);
                        });
                    }
                    h.col(|ui| {
                        ui.strong(format!(
                            "{}\n{}",
                            t(lang, "svc_value"),
                            ctx.money.unit().symbol(lang)
                        ))
                        .on_hover_text(t(lang, "svc_value_help"));
                    });
                    h.col(|_| {});
                })
                .body(|body| {
                    body.rows(26.0, rows.len(), |mut row| {
                        let i = row.index();
                        let r = &rows[i];
                        let rm = row_method(r);
                        row.col(|ui| {
                            let focused = ctx.focus.is_some_and(|(c, f)| {
                                c == &r.code && (f == &base || f == &format!("{base}.method"))
                            });
                            mark_cell(ui, focused, false);
                            ui.label(&r.name).on_hover_text(&r.code);
                        });
                        if mixed {
                            row.col(|ui| {
                                let field = format!("{base}.method");
                                let problem = ctx.problem(&r.code, &field);
                                mark_cell(ui, ctx.focused(&r.code, &field), problem.is_some());
                                let current = r.input.as_ref().map(|inp| method_id(spec, inp));
                                let text = match (&current, rm) {
                                    (_, Some(m)) => m.name.get(lang).to_string(),
                                    (Some(id), None) => id.clone(),
                                    (None, None) => String::new(),
                                };
                                let mut text = egui::RichText::new(text);
                                if r.input.is_none() {
                                    text = text.weak();
                                }
                                let resp = egui::ComboBox::from_id_salt(("svc_m1", &spec.id, i))
                                    .selected_text(text)
                                    .width(ui.available_width() - 4.0)
                                    .show_ui(ui, |ui| {
                                        for m in &spec.methods {
                                            if ui
                                                .selectable_label(
                                                    rm.is_some_and(|x| x.id == m.id),
                                                    m.name.get(lang),
                                                )
                                                .clicked()
                                            {
                                                switch_one = Some((i, m.id.clone()));
                                            }
                                        }
                                    })
                                    .response
                                    .accessible_name(format!("{} · {}", r.name, t(lang, "method")));
                                if let Some(p) = problem {
                                    resp.on_hover_text(p);
                                }
                            });
                        }
                        for (k, c) in cols.iter().enumerate() {
                            row.col(|ui| {
                                let field = format!("{base}.{}", c.id);
                                let focused = ctx.focused(&r.code, &field);
                                let applies =
                                    rm.is_some_and(|m| m.inputs.iter().any(|x| x.id == c.id));
                                let v = r
                                    .input
                                    .as_ref()
                                    .and_then(|inp| inp.values.get(&c.id))
                                    .copied();
                                let problem = ctx.problem(&r.code, &field);
                                if !applies {
                                    mark_cell(ui, focused, problem.is_some());
                                    let text = match v {
                                        Some(x) => egui::RichText::new(format::auto(x))
                                            .weak()
                                            .strikethrough(),
                                        None => egui::RichText::new("—").weak(),
                                    };
                                    let tip = match problem {
                                        Some(p) => {
                                            format!("{}\n{p}", t(lang, "svc_not_in_method"))
                                        }
                                        None => t(lang, "svc_not_in_method").to_string(),
                                    };
                                    ui.label(text).on_hover_text(tip);
                                    return;
                                }
                                mark_cell(ui, focused, problem.is_some());
                                let name = format!(
                                    "{} · {} ({})",
                                    r.name,
                                    c.name.get(lang),
                                    c.unit.symbol(lang)
                                );
                                if let Some(ch) = num_cell(
                                    ui,
                                    egui::Id::unique(("svc_cell", &spec.id, &r.code, &c.id)),
                                    v,
                                    CellSpec {
                                        decimals: decimals_for(v),
                                        name: &name,
                                        problem,
                                        min: c.min,
                                        max: c.max,
                                    },
                                ) {
                                    change = Some((i, k, ch));
                                }
                            });
                        }
                        row.col(|ui| value_cell(ui, ctx, &r.code));
                        row.col(|ui| {
                            if ui
                                .add_enabled(r.input.is_some(), egui::Button::new("×").small())
                                .on_hover_text(t(lang, "svc_clear_row"))
                                .accessible_name(format!(
                                    "{} · {}",
                                    r.name,
                                    t(lang, "svc_clear_row")
                                ))
                                .clicked()
                            {
                                clear_row = Some(i);
                            }
                        });
                    });
                });
        });
    ui.label(
        egui::RichText::new(t(lang, "svc_table_help"))
            .weak()
            .small(),
    );

    // Apply what the user did, one undoable edit each.
    if let Some(m) = switch_all {
        ui.data_mut(|d| d.insert_temp(pick_id, m.clone()));
        if rows.iter().any(|r| r.input.is_some()) {
            let mut dropped = 0;
            state.edit(|p| dropped = set_method_all(p, year, spec, &m));
            if dropped > 0 {
                state.notice = Some(Notice {
                    text: tf(lang, "svc_method_dropped", &[("n", &dropped.to_string())]),
                    error: false,
                });
            }
        }
    }
    if let Some((i, m)) = switch_one {
        let code = rows[i].code.clone();
        let mut dropped = 0;
        state.edit_counties(year, std::slice::from_ref(&code), |p| {
            dropped = set_method_one(p, year, spec, &code, &m)
        });
        if dropped > 0 {
            state.notice = Some(Notice {
                text: tf(lang, "svc_method_dropped", &[("n", &dropped.to_string())]),
                error: false,
            });
        }
    }
    if let Some(i) = clear_row {
        let code = rows[i].code.clone();
        state.edit_counties(year, std::slice::from_ref(&code), |p| {
            clear_indicator(p, year, &code, &spec.id)
        });
    }
    if let Some((i, k, ch)) = change {
        let code = rows[i].code.clone();
        let col = cols[k];
        match ch {
            CellChange::Set(v) => {
                state.edit_counties(year, std::slice::from_ref(&code), |p| {
                    set_input(p, year, &code, spec, &chosen, &col.id, Some(v))
                });
            }
            CellChange::Clear => {
                state.edit_counties(year, std::slice::from_ref(&code), |p| {
                    set_input(p, year, &code, spec, &chosen, &col.id, None)
                });
            }
            CellChange::Rejected(s) => {
                state.notice = Some(Notice {
                    text: tf(
                        lang,
                        "svc_rejected",
                        &[
                            ("value", &s),
                            ("name", col.name.get(lang)),
                            ("range", &range_text(lang, col.min, col.max)),
                        ],
                    ),
                    error: true,
                });
            }
            CellChange::Paste(block) => {
                let mut skipped = 0;
                let mut written = 0;
                state.edit(|p| {
                    for (dr, line) in block.iter().enumerate() {
                        let Some(r) = rows.get(i + dr) else { break };
                        let Some(m) = row_method(r) else {
                            skipped += line.len();
                            continue;
                        };
                        for (dc, cell) in line.iter().enumerate() {
                            let Some(c) = cols.get(k + dc) else { break };
                            if cell.is_empty() {
                                continue;
                            }
                            let ok = m.inputs.iter().any(|x| x.id == c.id);
                            match format::parse_number(cell) {
                                Some(v)
                                    if ok
                                        && !c.min.is_some_and(|m| v < m)
                                        && !c.max.is_some_and(|m| v > m) =>
                                {
                                    set_input(p, year, &r.code, spec, &chosen, &c.id, Some(v));
                                    written += 1;
                                }
                                _ => skipped += 1,
                            }
                        }
                    }
                });
                state.notice = Some(if skipped > 0 {
                    Notice {
                        text: tf(
                            lang,
                            "svc_paste_skipped",
                            &[
                                ("n", &written.to_string()),
                                ("skipped", &skipped.to_string()),
                            ],
                        ),
                        error: true,
                    }
                } else {
                    Notice {
                        text: tf(lang, "svc_pasted", &[("n", &written.to_string())]),
                        error: false,
                    }
                });
            }
        }
    }
}

/// What a product-line column holds (paste maps spreadsheet columns onto these in order).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum LineCol {
    Name,
    Quantity,
    Unit,
    Price,
    PriceYear,
    Source,
}

const LINE_COLS: [LineCol; 6] = [
    LineCol::Name,
    LineCol::Quantity,
    LineCol::Unit,
    LineCol::Price,
    LineCol::PriceYear,
    LineCol::Source,
];

/// What an output-value column holds.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum OutCol {
    Value,
    Basis,
    PriceYear,
    Source,
}

const OUT_COLS: [OutCol; 4] = [
    OutCol::Value,
    OutCol::Basis,
    OutCol::PriceYear,
    OutCol::Source,
];

/// Edits of the material-products page, applied after the tables are drawn.
enum ProductAct {
    /// Keep lines (drop the output value) or keep the output value (drop the lines).
    Mode(usize, bool),
    Out(usize, OutCol, String),
    OutClear(usize),
    OutPaste(usize, OutCol, Vec<Vec<String>>),
    Line(usize, usize, LineCol, String),
    LinePaste(usize, usize, LineCol, Vec<Vec<String>>),
    AddLine(usize),
    RemoveLine(usize, usize),
    Clear(usize),
    Rejected(String),
    /// A price year that is not a whole year in range.
    RejectedYear(String),
}

/// Material products: per county either product lines or an output value entered directly.
fn products_ui(ui: &mut egui::Ui, state: &mut AppState, ctx: &Ctx<'_>, spec: &IndicatorSpec) {
    let lang = ctx.lang;
    let year = ctx.year;
    let rows = ctx.rows;
    let money = ctx.money;
    let base = format!("indicators.{}", spec.id);
    let open_id = egui::Id::unique(("svc_lines_open", &spec.id));
    let mut open: Option<String> = ui.data(|d| d.get_temp(open_id));
    if let Some((code, field)) = ctx.focus
        && ctx.scroll_to.is_some()
        && field.starts_with(&format!("{base}.products"))
    {
        open = Some(code.clone());
    }
    ui.label(egui::RichText::new(t(lang, "svc_products_intro")).weak());
    let mut act: Option<ProductAct> = None;

    // The product-line editor of one county, in a bottom panel.
    let open_row = open
        .as_ref()
        .and_then(|c| rows.iter().position(|r| &r.code == c));
    if let Some(oi) = open_row {
        egui::Panel::bottom(("svc_lines_panel", spec.id.as_str()))
            .resizable(true)
            .default_size(250.0)
            .min_size(120.0)
            .show(ui, |ui| {
                lines_ui(ui, ctx, spec, oi, &mut open, &mut act);
            });
    }

    egui::ScrollArea::horizontal()
        .id_salt(("svc_h", &spec.id))
        .show(ui, |ui| {
            let mut table = TableBuilder::new(ui)
                .id_salt(("svc_ptable", &spec.id))
                .striped(true)
                .resizable(true)
                .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
                .column(Column::initial(90.0).at_least(60.0))
                .column(Column::initial(120.0).at_least(90.0))
                .column(Column::initial(110.0).at_least(70.0))
                .column(Column::initial(92.0).at_least(60.0))
                .column(Column::initial(64.0).at_least(50.0))
                .column(Column::initial(120.0).at_least(60.0))
                .column(Column::initial(96.0).at_least(70.0))
                .column(Column::initial(110.0).at_least(70.0))
                .column(Column::exact(30.0));
            if let Some(r) = ctx.scroll_to {
                table = table.scroll_to_row(r, Some(egui::Align::Center));
            }
            table
                .header(40.0, |mut h| {
                    h.col(|ui| {
                        ui.strong(t(lang, "page_counties"));
                    });
                    h.col(|ui| {
                        ui.strong(t(lang, "svc_entry_mode"))
                            .on_hover_text(t(lang, "svc_entry_mode_help"));
                    });
                    h.col(|ui| {
                        ui.strong(format!(
                            "{}\n{}",
                            t(lang, "svc_output_value"),
                            money.unit().symbol(lang)
                        ));
                    });
                    h.col(|ui| {
                        ui.strong(t(lang, "svc_basis"))
                            .on_hover_text(t(lang, "svc_basis_help"));
                    });
                    h.col(|ui| {
                        ui.strong(t(lang, "svc_price_year"))
                            .on_hover_text(t(lang, "svc_price_year_help"));
                    });
                    h.col(|ui| {
                        ui.strong(t(lang, "svc_source"));
                    });
                    h.col(|ui| {
                        ui.strong(t(lang, "svc_lines"));
                    });
                    h.col(|ui| {
                        ui.strong(format!(
                            "{}\n{}",
                            t(lang, "svc_value"),
                            money.unit().symbol(lang)
                        ))
                        .on_hover_text(t(lang, "svc_value_help"));
                    });
                    h.col(|_| {});
                })
                .body(|body| {
                    body.rows(26.0, rows.len(), |mut row| {
                        let i = row.index();
                        let r = &rows[i];
                        let inp = r.input.as_ref();
                        let has_lines = inp.is_some_and(|x| !x.products.is_empty());
                        let ov = inp.and_then(|x| x.output_value.as_ref());
                        let both = has_lines && ov.is_some();
                        let both_problem = ctx.problem(&r.code, &base);
                        row.col(|ui| {
                            mark_cell(ui, ctx.focused(&r.code, &base), false);
                            ui.label(&r.name).on_hover_text(&r.code);
                        });
                        row.col(|ui| {
                            mark_cell(ui, false, both_problem.is_some());
                            let text = if both {
                                egui::RichText::new(t(lang, "svc_mode_both"))
                                    .color(ui.visuals().error_fg_color)
                            } else if has_lines {
                                egui::RichText::new(t(lang, "svc_mode_lines"))
                            } else if ov.is_some() {
                                egui::RichText::new(t(lang, "svc_mode_output"))
                            } else {
                                egui::RichText::new(t(lang, "svc_not_entered_short")).weak()
                            };
                            let resp = egui::ComboBox::from_id_salt(("svc_mode", &spec.id, i))
                                .selected_text(text)
                                .width(ui.available_width() - 4.0)
                                .show_ui(ui, |ui| {
                                    if ui
                                        .selectable_label(
                                            has_lines && !both,
                                            t(lang, "svc_mode_lines"),
                                        )
                                        .clicked()
                                    {
                                        act = Some(ProductAct::Mode(i, true));
                                    }
                                    if ui
                                        .selectable_label(
                                            ov.is_some() && !both,
                                            t(lang, "svc_mode_output"),
                                        )
                                        .clicked()
                                    {
                                        act = Some(ProductAct::Mode(i, false));
                                    }
                                })
                                .response
                                .accessible_name(format!(
                                    "{} · {}",
                                    r.name,
                                    t(lang, "svc_entry_mode")
                                ));
                            if let Some(p) = both_problem {
                                resp.on_hover_text(p);
                            }
                        });
                        // Output value, basis, price year, source: only without product lines.
                        let out_enabled = !has_lines || both;
                        let out_field = format!("{base}.output_value");
                        row.col(|ui| {
                            let problem = ctx.problem(&r.code, &out_field);
                            mark_cell(ui, ctx.focused(&r.code, &out_field), problem.is_some());
                            if !out_enabled {
                                ui.label(egui::RichText::new("—").weak())
                                    .on_hover_text(t(lang, "svc_uses_lines"));
                                return;
                            }
                            let name = format!(
                                "{} · {} ({})",
                                r.name,
                                t(lang, "svc_output_value"),
                                money.unit().symbol(lang)
                            );
                            let id = egui::Id::unique(("svc_ov", &spec.id, &r.code));
                            let v = ov.map(|o| money.from_yuan(o.value_yuan));
                            if let Some(ch) = num_cell(
                                ui,
                                id,
                                v,
                                CellSpec {
                                    decimals: format::money_decimals(money),
                                    name: &name,
                                    problem,
                                    min: Some(0.0),
                                    max: None,
                                },
                            ) {
                                act = Some(match ch {
                                    CellChange::Set(x) => {
                                        ProductAct::Out(i, OutCol::Value, format!("{x}"))
                                    }
                                    CellChange::Clear => ProductAct::OutClear(i),
                                    CellChange::Paste(b) => {
                                        ProductAct::OutPaste(i, OutCol::Value, b)
                                    }
                                    CellChange::Rejected(s) => ProductAct::Rejected(s),
                                });
                            }
                        });
                        row.col(|ui| {
                            let Some(o) = ov else {
                                ui.label(egui::RichText::new("—").weak());
                                return;
                            };
                            let text = basis_text(lang, o.basis);
                            egui::ComboBox::from_id_salt(("svc_basis", &spec.id, i))
                                .selected_text(text)
                                .width(ui.available_width() - 4.0)
                                .show_ui(ui, |ui| {
                                    for b in [OutputBasis::Gross, OutputBasis::Net] {
                                        if ui
                                            .selectable_label(o.basis == b, basis_text(lang, b))
                                            .clicked()
                                        {
                                            act = Some(ProductAct::Out(
                                                i,
                                                OutCol::Basis,
                                                basis_key(b).to_string(),
                                            ));
                                        }
                                    }
                                })
                                .response
                                .accessible_name(format!("{} · {}", r.name, t(lang, "svc_basis")));
                        });
                        row.col(|ui| {
                            let Some(o) = ov else {
                                ui.label(egui::RichText::new("—").weak());
                                return;
                            };
                            let name = format!("{} · {}", r.name, t(lang, "svc_price_year"));
                            let id = egui::Id::unique(("svc_ov_year", &spec.id, &r.code));
                            if let Some(ch) = year_cell(ui, id, o.price_year, Some(year), &name) {
                                act = Some(match ch {
                                    YearChange::Set(y) => ProductAct::Out(
                                        i,
                                        OutCol::PriceYear,
                                        y.map_or_else(String::new, |y| y.to_string()),
                                    ),
                                    YearChange::Paste(b) => {
                                        ProductAct::OutPaste(i, OutCol::PriceYear, b)
                                    }
                                    YearChange::Rejected(s) => ProductAct::RejectedYear(s),
                                });
                            }
                        });
                        row.col(|ui| {
                            let Some(o) = ov else {
                                ui.label(egui::RichText::new("—").weak());
                                return;
                            };
                            let id = egui::Id::unique(("svc_ov_src", &spec.id, &r.code));
                            if let Some(b) = take_block_paste(ui, id) {
                                act = Some(ProductAct::OutPaste(i, OutCol::Source, b));
                            }
                            let name = format!("{} · {}", r.name, t(lang, "svc_source"));
                            if let Some(s) = text_cell(ui, id, &o.source, &name) {
                                act = Some(ProductAct::Out(i, OutCol::Source, s));
                            }
                        });
                        row.col(|ui| {
                            let problem = (0..inp.map_or(0, |x| x.products.len())).find_map(|k| {
                                ctx.problem(&r.code, &format!("{base}.products[{k}].quantity"))
                                    .or_else(|| {
                                        ctx.problem(&r.code, &format!("{base}.products[{k}].price"))
                                    })
                            });
                            mark_cell(ui, false, problem.is_some());
                            let n = inp.map_or(0, |x| x.products.len());
                            let is_open = open.as_ref() == Some(&r.code);
                            let enabled = ov.is_none() || both;
                            let label = if n == 0 {
                                t(lang, "svc_lines_add").to_string()
                            } else {
                                tf(lang, "svc_lines_n", &[("n", &n.to_string())])
                            };
                            let resp = ui
                                .add_enabled(enabled, egui::Button::selectable(is_open, label))
                                .on_hover_text(t(lang, "svc_lines_help"))
                                .on_disabled_hover_text(t(lang, "svc_uses_output"));
                            if resp.clicked() {
                                open = if is_open { None } else { Some(r.code.clone()) };
                            }
                        });
                        row.col(|ui| value_cell(ui, ctx, &r.code));
                        row.col(|ui| {
                            if ui
                                .add_enabled(inp.is_some(), egui::Button::new("×").small())
                                .on_hover_text(t(lang, "svc_clear_row"))
                                .accessible_name(format!(
                                    "{} · {}",
                                    r.name,
                                    t(lang, "svc_clear_row")
                                ))
                                .clicked()
                            {
                                act = Some(ProductAct::Clear(i));
                            }
                        });
                    });
                });
        });

    if let Some(ProductAct::Mode(i, true)) = &act
        && open.as_ref() != Some(&rows[*i].code)
    {
        open = Some(rows[*i].code.clone());
    }
    ui.data_mut(|d| match open {
        Some(c) => {
            d.insert_temp(open_id, c);
        }
        None => d.remove::<String>(open_id),
    });
    if let Some(a) = act {
        apply_product_act(state, ctx, spec, a);
    }
}

/// The product lines of county `oi`.
fn lines_ui(
    ui: &mut egui::Ui,
    ctx: &Ctx<'_>,
    spec: &IndicatorSpec,
    oi: usize,
    open: &mut Option<String>,
    act: &mut Option<ProductAct>,
) {
    let lang = ctx.lang;
    let money = ctx.money;
    let r = &ctx.rows[oi];
    let lines: Vec<ProductLine> = r
        .input
        .as_ref()
        .map_or_else(Vec::new, |x| x.products.clone());
    let has_output = r.input.as_ref().is_some_and(|x| x.output_value.is_some());
    let base = format!("indicators.{}", spec.id);
    let computed = ctx.computed.get(&r.code);
    let line_values: Option<&Vec<f64>> = computed
        .filter(|c| c.status == Status::Computed && c.lines.len() == lines.len())
        .map(|c| &c.lines);
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.strong(tf(
            lang,
            "svc_lines_title",
            &[("county", &r.name), ("indicator", spec.name.get(lang))],
        ));
        if ui
            .add_enabled(!has_output, egui::Button::new(t(lang, "svc_add_line")))
            .on_disabled_hover_text(t(lang, "svc_uses_output"))
            .clicked()
        {
            *act = Some(ProductAct::AddLine(oi));
        }
        if ui.button(t(lang, "close")).clicked() {
            *open = None;
        }
    });
    if lines.is_empty() {
        ui.label(egui::RichText::new(t(lang, "svc_no_lines")).weak());
        return;
    }
    TableBuilder::new(ui)
        .id_salt(("svc_lines_table", &spec.id))
        .striped(true)
        .resizable(true)
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::initial(120.0).at_least(70.0))
        .column(Column::initial(100.0).at_least(60.0))
        .column(Column::initial(80.0).at_least(60.0))
        .column(Column::initial(110.0).at_least(70.0))
        .column(Column::initial(70.0).at_least(50.0))
        .column(Column::initial(170.0).at_least(70.0))
        .column(Column::initial(110.0).at_least(70.0))
        .column(Column::exact(30.0))
        .header(24.0, |mut h| {
            for key in [
                "svc_line_name",
                "svc_line_quantity",
                "svc_line_unit",
                "svc_line_price",
                "svc_price_year",
                "svc_source",
            ] {
                h.col(|ui| {
                    ui.strong(t(lang, key));
                });
            }
            h.col(|ui| {
                ui.strong(format!(
                    "{} ({})",
                    t(lang, "svc_value"),
                    money.unit().symbol(lang)
                ));
            });
            h.col(|_| {});
        })
        .body(|body| {
            body.rows(26.0, lines.len(), |mut row| {
                let k = row.index();
                let line = &lines[k];
                let label =
                    |what: &str| format!("{} · {} {} · {what}", r.name, t(lang, "svc_line"), k + 1);
                let blank = line.quantity == 0.0 && line.price == 0.0;
                // Name
                row.col(|ui| {
                    let id = egui::Id::unique(("svc_line", &spec.id, &r.code, k, 0));
                    if let Some(b) = take_block_paste(ui, id) {
                        *act = Some(ProductAct::LinePaste(oi, k, LineCol::Name, b));
                    }
                    mark_cell(ui, false, line.name.trim().is_empty());
                    if let Some(s) = text_cell(ui, id, &line.name, &label(t(lang, "svc_line_name")))
                    {
                        *act = Some(ProductAct::Line(oi, k, LineCol::Name, s));
                    }
                });
                for (col, value, field) in [
                    (LineCol::Quantity, line.quantity, "quantity"),
                    (LineCol::Unit, 0.0, ""),
                    (LineCol::Price, line.price, "price"),
                ] {
                    row.col(|ui| {
                        if col == LineCol::Unit {
                            egui::ComboBox::from_id_salt(("svc_line_unit", &spec.id, oi, k))
                                .selected_text(line.unit.symbol(lang))
                                .width(ui.available_width() - 4.0)
                                .show_ui(ui, |ui| {
                                    let mut units = PRODUCT_UNITS.to_vec();
                                    if !units.contains(&line.unit) {
                                        units.push(line.unit);
                                    }
                                    for u in units {
                                        if ui
                                            .selectable_label(u == line.unit, u.symbol(lang))
                                            .clicked()
                                        {
                                            *act = Some(ProductAct::Line(
                                                oi,
                                                k,
                                                LineCol::Unit,
                                                u.key().to_string(),
                                            ));
                                        }
                                    }
                                })
                                .response
                                .accessible_name(label(t(lang, "svc_line_unit")));
                            return;
                        }
                        let f = format!("{base}.products[{k}].{field}");
                        let problem = ctx.problem(&r.code, &f);
                        let hint = (blank && problem.is_none()).then(|| t(lang, "svc_line_blank"));
                        mark_cell(
                            ui,
                            ctx.focused(&r.code, &f),
                            problem.is_some() || hint.is_some(),
                        );
                        let unit_label = if col == LineCol::Price {
                            crate::units::price_unit_for(line.unit)
                                .map_or_else(String::new, |u| u.symbol(lang).to_string())
                        } else {
                            line.unit.symbol(lang).to_string()
                        };
                        let name = format!(
                            "{} ({unit_label})",
                            label(if col == LineCol::Price {
                                t(lang, "svc_line_price")
                            } else {
                                t(lang, "svc_line_quantity")
                            })
                        );
                        if let Some(ch) = num_cell(
                            ui,
                            egui::Id::unique(("svc_line", &spec.id, &r.code, k, col as usize)),
                            Some(value),
                            CellSpec {
                                decimals: decimals_for(Some(value)),
                                name: &name,
                                problem: problem.or(hint),
                                min: Some(0.0),
                                max: None,
                            },
                        ) {
                            *act = Some(match ch {
                                CellChange::Set(x) => ProductAct::Line(oi, k, col, format!("{x}")),
                                CellChange::Clear => ProductAct::Line(oi, k, col, "0".into()),
                                CellChange::Paste(b) => ProductAct::LinePaste(oi, k, col, b),
                                CellChange::Rejected(s) => ProductAct::Rejected(s),
                            });
                        }
                    });
                }
                row.col(|ui| {
                    let id = egui::Id::unique((
                        "svc_line",
                        &spec.id,
                        &r.code,
                        k,
                        LineCol::PriceYear as usize,
                    ));
                    let name = label(t(lang, "svc_price_year"));
                    if let Some(ch) = year_cell(ui, id, line.price_year, Some(ctx.year), &name) {
                        *act = Some(match ch {
                            YearChange::Set(y) => ProductAct::Line(
                                oi,
                                k,
                                LineCol::PriceYear,
                                y.map_or_else(String::new, |y| y.to_string()),
                            ),
                            YearChange::Paste(b) => {
                                ProductAct::LinePaste(oi, k, LineCol::PriceYear, b)
                            }
                            YearChange::Rejected(s) => ProductAct::RejectedYear(s),
                        });
                    }
                });
                row.col(|ui| {
                    let id = egui::Id::unique((
                        "svc_line",
                        &spec.id,
                        &r.code,
                        k,
                        LineCol::Source as usize,
                    ));
                    if let Some(b) = take_block_paste(ui, id) {
                        *act = Some(ProductAct::LinePaste(oi, k, LineCol::Source, b));
                    }
                    if let Some(s) = text_cell(ui, id, &line.source, &label(t(lang, "svc_source")))
                    {
                        *act = Some(ProductAct::Line(oi, k, LineCol::Source, s));
                    }
                });
                row.col(|ui| {
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        match line_values.and_then(|v| v.get(k)) {
                            Some(v) => ui.label(format::money_value(*v, money)),
                            None => ui.label(egui::RichText::new("—").weak()),
                        }
                    });
                });
                row.col(|ui| {
                    if ui
                        .small_button("×")
                        .on_hover_text(t(lang, "svc_remove_line"))
                        .accessible_name(label(t(lang, "svc_remove_line")))
                        .clicked()
                    {
                        *act = Some(ProductAct::RemoveLine(oi, k));
                    }
                });
            });
        });
}

fn basis_text(lang: Lang, b: OutputBasis) -> &'static str {
    match b {
        OutputBasis::Gross => t(lang, "svc_basis_gross"),
        OutputBasis::Net => t(lang, "svc_basis_net"),
    }
}

fn basis_key(b: OutputBasis) -> &'static str {
    match b {
        OutputBasis::Gross => "gross",
        OutputBasis::Net => "net",
    }
}

/// Gross / net from what a user typed or pasted.
fn parse_basis(s: &str) -> Option<OutputBasis> {
    let s = s.trim().to_lowercase();
    match s.as_str() {
        "gross" | "总产值" | "总" | "gross output" | "gross output value" => {
            Some(OutputBasis::Gross)
        }
        "net" | "净产值" | "净" | "net output" | "net output value" => Some(OutputBasis::Net),
        _ => None,
    }
}

fn apply_product_act(state: &mut AppState, ctx: &Ctx<'_>, spec: &IndicatorSpec, a: ProductAct) {
    let lang = ctx.lang;
    let year = ctx.year;
    let money = ctx.money;
    let code_of = |i: usize| ctx.rows[i].code.clone();
    let ind = spec.id.as_str();
    let method = spec
        .default_method()
        .map(|m| m.id.clone())
        .unwrap_or_default();
    let mut rejected = 0usize;
    match a {
        ProductAct::Rejected(s) => {
            state.notice = Some(Notice {
                text: format!("{}: {s}", t(lang, "not_a_number_nonneg")),
                error: true,
            });
            return;
        }
        ProductAct::RejectedYear(s) => {
            state.notice = Some(Notice {
                text: format!("{}: {s}", t(lang, "prc_bad_year")),
                error: true,
            });
            return;
        }
        ProductAct::Mode(i, lines) => {
            let code = code_of(i);
            state.edit(|p| {
                if let Some(e) = existing(p, year, &code, ind) {
                    if lines {
                        e.output_value = None;
                    } else {
                        e.products.clear();
                    }
                }
                prune(p, year, &code, ind);
            });
        }
        ProductAct::Clear(i) => {
            let code = code_of(i);
            state.edit_counties(year, std::slice::from_ref(&code), |p| {
                clear_indicator(p, year, &code, ind)
            });
        }
        ProductAct::OutClear(i) => {
            let code = code_of(i);
            state.edit(|p| {
                if let Some(e) = existing(p, year, &code, ind) {
                    e.output_value = None;
                }
                prune(p, year, &code, ind);
            });
        }
        ProductAct::Out(i, col, text) => {
            let code = code_of(i);
            state.edit(|p| {
                if !set_output_cell(p, year, &code, ind, &method, money, col, &text) {
                    rejected += 1;
                }
            });
        }
        ProductAct::OutPaste(i, col, block) => {
            let start = OUT_COLS.iter().position(|c| *c == col).unwrap_or(0);
            state.edit(|p| {
                for (dr, line) in block.iter().enumerate() {
                    let Some(r) = ctx.rows.get(i + dr) else { break };
                    for (dc, cell) in line.iter().enumerate() {
                        let Some(c) = OUT_COLS.get(start + dc) else {
                            break;
                        };
                        if cell.is_empty() {
                            continue;
                        }
                        let has_lines = p
                            .period(year)
                            .and_then(|x| x.counties.get(&r.code))
                            .and_then(|x| x.indicators.get(ind))
                            .is_some_and(|x| !x.products.is_empty());
                        if has_lines
                            || !set_output_cell(p, year, &r.code, ind, &method, money, *c, cell)
                        {
                            rejected += 1;
                        }
                    }
                }
            });
        }
        ProductAct::AddLine(i) => {
            let code = code_of(i);
            state.edit(|p| {
                if let Some(e) = entry(p, year, &code, ind, &method) {
                    e.products.push(ProductLine {
                        name: String::new(),
                        quantity: 0.0,
                        unit: Unit::T,
                        price: 0.0,
                        price_year: None,
                        source: String::new(),
                    });
                }
            });
        }
        ProductAct::RemoveLine(i, k) => {
            let code = code_of(i);
            state.edit(|p| {
                if let Some(e) = existing(p, year, &code, ind)
                    && k < e.products.len()
                {
                    e.products.remove(k);
                }
                prune(p, year, &code, ind);
            });
        }
        ProductAct::Line(i, k, col, text) => {
            let code = code_of(i);
            state.edit(|p| {
                if !set_line_cell(p, year, &code, ind, &method, k, col, &text) {
                    rejected += 1;
                }
            });
        }
        ProductAct::LinePaste(i, k, col, block) => {
            let code = code_of(i);
            let start = LINE_COLS.iter().position(|c| *c == col).unwrap_or(0);
            state.edit(|p| {
                for (dr, line) in block.iter().enumerate() {
                    for (dc, cell) in line.iter().enumerate() {
                        let Some(c) = LINE_COLS.get(start + dc) else {
                            break;
                        };
                        if cell.is_empty() && *c != LineCol::Name && *c != LineCol::Source {
                            continue;
                        }
                        if !set_line_cell(p, year, &code, ind, &method, k + dr, *c, cell) {
                            rejected += 1;
                        }
                    }
                }
            });
        }
    }
    if rejected > 0 {
        state.notice = Some(Notice {
            text: tf(lang, "svc_cells_rejected", &[("n", &rejected.to_string())]),
            error: true,
        });
    }
}

/// Sets one output-value field from text; `false` when the text is not usable.
#[allow(clippy::too_many_arguments)]
fn set_output_cell(
    p: &mut Project,
    year: i32,
    code: &str,
    ind: &str,
    method: &str,
    money: MoneyUnit,
    col: OutCol,
    text: &str,
) -> bool {
    if col == OutCol::Value {
        let Some(v) = format::parse_number(text).filter(|v| *v >= 0.0) else {
            return false;
        };
        let Some(e) = entry(p, year, code, ind, method) else {
            return false;
        };
        let yuan = v * money.unit().factor();
        match &mut e.output_value {
            Some(o) => o.value_yuan = yuan,
            None => {
                e.output_value = Some(OutputValue {
                    value_yuan: yuan,
                    basis: OutputBasis::Gross,
                    price_year: None,
                    source: String::new(),
                })
            }
        }
        return true;
    }
    let Some(o) = existing(p, year, code, ind).and_then(|e| e.output_value.as_mut()) else {
        return false;
    };
    match col {
        OutCol::Basis => match parse_basis(text) {
            Some(b) => o.basis = b,
            None => return false,
        },
        OutCol::PriceYear => match parse_year(text) {
            Ok(y) => o.price_year = y,
            Err(()) => return false,
        },
        OutCol::Source => o.source = text.trim().to_string(),
        OutCol::Value => {}
    }
    true
}

/// Sets one field of product line `k` (appending lines as needed); `false` when unusable.
#[allow(clippy::too_many_arguments)]
fn set_line_cell(
    p: &mut Project,
    year: i32,
    code: &str,
    ind: &str,
    method: &str,
    k: usize,
    col: LineCol,
    text: &str,
) -> bool {
    // Check the text before touching the project.
    let parsed_num = format::parse_number(text).filter(|v| *v >= 0.0);
    let unit = Unit::parse(text);
    let year_v = parse_year(text);
    let ok = match col {
        LineCol::Quantity | LineCol::Price => parsed_num.is_some(),
        LineCol::Unit => unit.is_some(),
        LineCol::PriceYear => year_v.is_ok(),
        LineCol::Name | LineCol::Source => true,
    };
    if !ok {
        return false;
    }
    let Some(e) = entry(p, year, code, ind, method) else {
        return false;
    };
    if e.output_value.is_some() {
        return false;
    }
    while e.products.len() <= k {
        e.products.push(ProductLine {
            name: String::new(),
            quantity: 0.0,
            unit: Unit::T,
            price: 0.0,
            price_year: None,
            source: String::new(),
        });
    }
    let line = &mut e.products[k];
    match col {
        LineCol::Name => line.name = text.trim().to_string(),
        LineCol::Quantity => line.quantity = parsed_num.unwrap_or(line.quantity),
        LineCol::Unit => line.unit = unit.unwrap_or(line.unit),
        LineCol::Price => line.price = parsed_num.unwrap_or(line.price),
        LineCol::PriceYear => line.price_year = year_v.unwrap_or(line.price_year),
        LineCol::Source => line.source = text.trim().to_string(),
    }
    true
}

/// Imported ecological products (GB/T 46869 deduction) per county for the year.
fn imported_ui(ui: &mut egui::Ui, state: &mut AppState, ctx: &Ctx<'_>) {
    let lang = ctx.lang;
    let year = ctx.year;
    let money = ctx.money;
    let rows = ctx.rows;
    ui.heading(t(lang, "svc_imported"));
    ui.add(egui::Label::new(t(lang, "svc_imported_help")).wrap());
    let reg = state.registry();
    match reg.framework(&state.framework) {
        Some(f) if f.deduct_imports => {
            ui.label(
                egui::RichText::new(tf(
                    lang,
                    "svc_imported_deducted",
                    &[("fw", f.name.get(lang))],
                ))
                .color(egui::Color32::from_rgb(40, 140, 70)),
            );
        }
        Some(f) => {
            ui.label(
                egui::RichText::new(tf(
                    lang,
                    "svc_imported_not_deducted",
                    &[("fw", f.name.get(lang))],
                ))
                .color(ui.visuals().warn_fg_color),
            );
        }
        None => {}
    }
    if let Some(e) = &ctx.compute_error {
        ui.colored_label(ui.visuals().error_fg_color, e);
    }
    let field = "imported_products_yuan";
    let mut change: Option<(usize, CellChange)> = None;
    let mut table = TableBuilder::new(ui)
        .id_salt("svc_imported_table")
        .striped(true)
        .resizable(true)
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::initial(130.0).at_least(70.0))
        .column(Column::initial(170.0).at_least(90.0))
        .column(Column::initial(170.0).at_least(90.0));
    if let Some(r) = ctx.scroll_to {
        table = table.scroll_to_row(r, Some(egui::Align::Center));
    }
    table
        .header(40.0, |mut h| {
            h.col(|ui| {
                ui.strong(t(lang, "page_counties"));
            });
            h.col(|ui| {
                ui.strong(format!(
                    "{}\n{}",
                    t(lang, "svc_imported_value"),
                    money.unit().symbol(lang)
                ))
                .on_hover_text(tf(
                    lang,
                    "svc_imported_value_help",
                    &[("year", &year.to_string())],
                ));
            });
            h.col(|ui| {
                ui.strong(format!(
                    "{}\n{}",
                    t(lang, "svc_imported_deduction"),
                    money.unit().symbol(lang)
                ))
                .on_hover_text(t(lang, "svc_imported_deduction_help"));
            });
        })
        .body(|body| {
            body.rows(26.0, rows.len(), |mut row| {
                let i = row.index();
                let r = &rows[i];
                row.col(|ui| {
                    ui.label(&r.name).on_hover_text(&r.code);
                });
                row.col(|ui| {
                    let problem = ctx.problem(&r.code, field);
                    mark_cell(ui, ctx.focused(&r.code, field), problem.is_some());
                    let name = format!(
                        "{} · {} ({})",
                        r.name,
                        t(lang, "svc_imported_value"),
                        money.unit().symbol(lang)
                    );
                    let v = (r.imported != 0.0).then(|| money.from_yuan(r.imported));
                    if let Some(ch) = num_cell(
                        ui,
                        egui::Id::unique(("svc_imported", &r.code)),
                        v,
                        CellSpec {
                            decimals: format::money_decimals(money),
                            name: &name,
                            problem,
                            min: Some(0.0),
                            max: None,
                        },
                    ) {
                        change = Some((i, ch));
                    }
                });
                row.col(|ui| {
                    ui.with_layout(
                        egui::Layout::right_to_left(egui::Align::Center),
                        |ui| match ctx.computed.get(&r.code) {
                            Some(c) if c.deduction != 0.0 => {
                                ui.label(format::money_value(c.deduction, money))
                            }
                            _ => ui.label(egui::RichText::new("—").weak()),
                        },
                    );
                });
            });
        });
    if let Some((i, ch)) = change {
        let factor = money.unit().factor();
        match ch {
            CellChange::Set(v) => {
                let code = rows[i].code.clone();
                state.edit_counties(year, std::slice::from_ref(&code), |p| {
                    set_imported(p, year, &code, v * factor)
                });
            }
            CellChange::Clear => {
                let code = rows[i].code.clone();
                state.edit_counties(year, std::slice::from_ref(&code), |p| {
                    set_imported(p, year, &code, 0.0)
                });
            }
            CellChange::Rejected(s) => {
                state.notice = Some(Notice {
                    text: format!("{}: {s}", t(lang, "not_a_number_nonneg")),
                    error: true,
                });
            }
            CellChange::Paste(block) => {
                let mut rejected = 0;
                state.edit(|p| {
                    for (dr, line) in block.iter().enumerate() {
                        let Some(r) = rows.get(i + dr) else { break };
                        let Some(cell) = line.first() else { continue };
                        if cell.is_empty() {
                            continue;
                        }
                        match format::parse_number(cell) {
                            Some(v) if v >= 0.0 => set_imported(p, year, &r.code, v * factor),
                            _ => rejected += 1,
                        }
                    }
                });
                if rejected > 0 {
                    state.notice = Some(Notice {
                        text: tf(lang, "paste_rejected", &[("n", &rejected.to_string())]),
                        error: true,
                    });
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Edits (pure functions on the project, each run inside one `AppState::edit`).

/// The county's entry for an indicator, created with `method` when absent.
fn entry<'a>(
    p: &'a mut Project,
    year: i32,
    code: &str,
    ind: &str,
    method: &str,
) -> Option<&'a mut IndicatorInput> {
    let period = p.period_mut(year)?;
    let cp = period.counties.entry(code.to_string()).or_default();
    Some(
        cp.indicators
            .entry(ind.to_string())
            .or_insert_with(|| IndicatorInput {
                method: method.to_string(),
                ..Default::default()
            }),
    )
}

/// The county's entry for an indicator, if there is one.
fn existing<'a>(
    p: &'a mut Project,
    year: i32,
    code: &str,
    ind: &str,
) -> Option<&'a mut IndicatorInput> {
    p.period_mut(year)?
        .counties
        .get_mut(code)?
        .indicators
        .get_mut(ind)
}

/// Removes an entry that holds nothing any more (the indicator is then "not entered").
fn prune(p: &mut Project, year: i32, code: &str, ind: &str) {
    if let Some(period) = p.period_mut(year)
        && let Some(cp) = period.counties.get_mut(code)
        && cp.indicators.get(ind).is_some_and(|i| {
            i.values.is_empty() && i.products.is_empty() && i.output_value.is_none()
        })
    {
        cp.indicators.remove(ind);
    }
}

/// Sets (or clears) one input of a county; new entries use `method`.
fn set_input(
    p: &mut Project,
    year: i32,
    code: &str,
    spec: &IndicatorSpec,
    method: &str,
    input: &str,
    v: Option<f64>,
) {
    match v {
        Some(v) => {
            if let Some(e) = entry(p, year, code, &spec.id, method) {
                e.values.insert(input.to_string(), v);
            }
        }
        None => {
            if let Some(e) = existing(p, year, code, &spec.id) {
                e.values.remove(input);
            }
            prune(p, year, code, &spec.id);
        }
    }
}

/// Removes everything a county entered for an indicator.
fn clear_indicator(p: &mut Project, year: i32, code: &str, ind: &str) {
    if let Some(period) = p.period_mut(year)
        && let Some(cp) = period.counties.get_mut(code)
    {
        cp.indicators.remove(ind);
    }
}

/// Switches one entry to `method`, dropping values the method has no input for. Returns the
/// number of values dropped.
fn switch_entry(spec: &IndicatorSpec, e: &mut IndicatorInput, method: &str) -> usize {
    let Some(m) = spec.method(method) else {
        return 0;
    };
    e.method = method.to_string();
    let before = e.values.len();
    e.values.retain(|k, _| m.inputs.iter().any(|i| &i.id == k));
    before - e.values.len()
}

/// Switches every county of the year to `method`; returns the number of values dropped.
fn set_method_all(p: &mut Project, year: i32, spec: &IndicatorSpec, method: &str) -> usize {
    let Some(period) = p.period_mut(year) else {
        return 0;
    };
    period
        .counties
        .values_mut()
        .filter_map(|cp| cp.indicators.get_mut(&spec.id))
        .map(|e| switch_entry(spec, e, method))
        .sum()
}

/// Switches one county to `method`; returns the number of values dropped.
fn set_method_one(
    p: &mut Project,
    year: i32,
    spec: &IndicatorSpec,
    code: &str,
    method: &str,
) -> usize {
    entry(p, year, code, &spec.id, method).map_or(0, |e| switch_entry(spec, e, method))
}

fn set_imported(p: &mut Project, year: i32, code: &str, yuan: f64) {
    if let Some(period) = p.period_mut(year) {
        period
            .counties
            .entry(code.to_string())
            .or_default()
            .imported_products_yuan = yuan;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> (Project, i32, String) {
        let p = crate::sample::builtin().unwrap_or_else(|e| panic!("{e}"));
        let year = p.latest_year().unwrap_or(2021);
        let code = p.counties[0].code.clone();
        (p, year, code)
    }

    fn spec(id: &str) -> IndicatorSpec {
        crate::registry::Registry::builtin()
            .indicator(id)
            .cloned()
            .unwrap_or_else(|| panic!("{id}"))
    }

    #[test]
    fn clearing_the_last_value_makes_the_indicator_not_entered() {
        let (mut p, year, code) = sample();
        let s = spec("landscape");
        clear_indicator(&mut p, year, &code, "landscape");
        set_input(&mut p, year, &code, &s, "direct", "floor_area", Some(10.0));
        let e = p
            .period(year)
            .and_then(|x| x.counties[&code].indicators.get("landscape"));
        assert_eq!(e.map(|e| e.method.as_str()), Some("direct"));
        set_input(&mut p, year, &code, &s, "direct", "floor_area", None);
        assert!(
            !p.period(year)
                .is_some_and(|x| x.counties[&code].indicators.contains_key("landscape"))
        );
    }

    #[test]
    fn switching_method_drops_inputs_the_method_does_not_have() {
        let (mut p, year, code) = sample();
        let s = spec("recreation");
        clear_indicator(&mut p, year, &code, "recreation");
        set_input(&mut p, year, &code, &s, "survey", "visits", Some(3.0));
        set_input(&mut p, year, &code, &s, "survey", "expense", Some(300.0));
        let dropped = set_method_all(&mut p, year, &s, "direct");
        assert!(dropped >= 1);
        let e = &p
            .period(year)
            .map(|x| x.counties[&code].indicators["recreation"].clone());
        let e = e.as_ref().unwrap_or_else(|| panic!("entry"));
        assert_eq!(e.method, "direct");
        assert!(e.values.contains_key("visits"));
        assert!(!e.values.contains_key("expense"));
    }

    #[test]
    fn products_and_output_value_are_never_both_entered() {
        let (mut p, year, code) = sample();
        clear_indicator(&mut p, year, &code, "agriculture");
        assert!(set_output_cell(
            &mut p,
            year,
            &code,
            "agriculture",
            "direct",
            MoneyUnit::WanYuan,
            OutCol::Value,
            "12.5"
        ));
        let ov = p.period(year).and_then(|x| {
            x.counties[&code].indicators["agriculture"]
                .output_value
                .clone()
        });
        assert_eq!(
            ov.map(|o| (o.value_yuan, o.basis)),
            Some((125_000.0, OutputBasis::Gross))
        );
        // A product line cannot be added next to the output value.
        assert!(!set_line_cell(
            &mut p,
            year,
            &code,
            "agriculture",
            "direct",
            0,
            LineCol::Name,
            "稻谷"
        ));
        assert!(set_output_cell(
            &mut p,
            year,
            &code,
            "agriculture",
            "direct",
            MoneyUnit::WanYuan,
            OutCol::Basis,
            "净产值"
        ));
        assert!(!set_output_cell(
            &mut p,
            year,
            &code,
            "agriculture",
            "direct",
            MoneyUnit::WanYuan,
            OutCol::PriceYear,
            "2020.5"
        ));
        clear_indicator(&mut p, year, &code, "agriculture");
        // Pasting a spreadsheet row builds a line; unit by symbol.
        for (c, text) in [
            (LineCol::Name, "稻谷"),
            (LineCol::Quantity, "1,200"),
            (LineCol::Unit, "吨"),
            (LineCol::Price, "2700"),
            (LineCol::PriceYear, "2020"),
        ] {
            assert!(
                set_line_cell(&mut p, year, &code, "agriculture", "direct", 1, c, text),
                "{c:?}"
            );
        }
        let e = p
            .period(year)
            .map(|x| x.counties[&code].indicators["agriculture"].clone());
        let lines = e.map(|e| e.products).unwrap_or_default();
        assert_eq!(lines.len(), 2);
        assert_eq!(
            (
                lines[1].quantity,
                lines[1].unit,
                lines[1].price,
                lines[1].price_year
            ),
            (1200.0, Unit::T, 2700.0, Some(2020))
        );
        assert!(!set_line_cell(
            &mut p,
            year,
            &code,
            "agriculture",
            "direct",
            1,
            LineCol::Quantity,
            "-3"
        ));
    }

    // ---- The page itself, driven through egui_kittest (accessibility check on, no tofu). ----

    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    fn harness(lang: Lang) -> Harness<'static, AppState> {
        crate::app::pages::test_harness(lang, super::ui)
    }

    fn select(h: &mut Harness<'static, AppState>, id: &str) {
        h.ctx
            .data_mut(|d| d.insert_temp(egui::Id::unique("services_selected"), id.to_string()));
        h.run();
    }

    #[test]
    fn every_indicator_form_renders_in_both_languages() {
        for lang in [Lang::Zh, Lang::En] {
            let mut h = harness(lang);
            h.run();
            let ids: Vec<String> = crate::registry::Registry::builtin()
                .indicators
                .iter()
                .map(|s| s.id.clone())
                .chain([IMPORTED.to_string()])
                .collect();
            for id in ids {
                select(&mut h, &id);
            }
        }
    }

    #[test]
    fn typing_a_value_is_one_undo_step_and_updates_the_value_column() {
        let mut h = harness(Lang::Zh);
        select(&mut h, "water_conservation");
        let year = h.state().year;
        let code = h.state().project.counties[0].code.clone();
        let name = h.state().project.counties[0].name.zh.clone();
        let before = h.state().project.clone();
        let cell = format!("{name} · 年降水量 (mm)");
        h.get_by_label(&cell).click();
        h.run();
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
        h.run();
        h.get_by_label(&cell).type_text("1234.5");
        h.run();
        h.key_press(egui::Key::Enter);
        h.run();
        let v = h.state().project.period(year).and_then(|p| {
            p.counties[&code].indicators["water_conservation"]
                .values
                .get("precip")
                .copied()
        });
        assert_eq!(v, Some(1234.5));
        h.state_mut().undo();
        assert_eq!(h.state().project, before);
        // Out of range: rejected with a notice, nothing stored.
        h.run();
        h.get_by_label(&cell).click();
        h.run();
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
        h.run();
        h.get_by_label(&cell).type_text("-5");
        h.run();
        h.key_press(egui::Key::Enter);
        h.run();
        assert_eq!(h.state().project, before);
        assert!(h.state().notice.as_ref().is_some_and(|n| n.error));
    }

    #[test]
    fn mixed_methods_show_a_method_column_and_the_switch_unifies_them() {
        let mut h = harness(Lang::En);
        let year = h.state().year;
        let code = h.state().project.counties[1].code.clone();
        let name = h.state().project.counties[1].name.en.clone();
        let s = spec("recreation");
        h.state_mut().edit(|p| {
            set_method_one(p, year, &s, &code, "direct");
        });
        select(&mut h, "recreation");
        h.get_by_label(&format!("{name} · Method"));
        h.get_by_label("Visits and value entry").click();
        h.run();
        let methods: HashSet<String> = h
            .state()
            .project
            .period(year)
            .map(|p| {
                p.counties
                    .values()
                    .filter_map(|c| c.indicators.get("recreation"))
                    .map(|i| i.method.clone())
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(methods, HashSet::from(["direct".to_string()]));
        assert!(h.query_by_label(&format!("{name} · Method")).is_none());
    }

    #[test]
    fn product_lines_editor_adds_a_line() {
        let mut h = harness(Lang::Zh);
        select(&mut h, "agriculture");
        let year = h.state().year;
        let code = h.state().project.counties[0].code.clone();
        let n = |h: &Harness<'static, AppState>| {
            h.state().project.period(year).map_or(0, |p| {
                p.counties[&code].indicators["agriculture"].products.len()
            })
        };
        let before = n(&h);
        // The first county's button (every county has lines in the sample).
        h.get_all_by_label(&format!("编辑 {before} 行"))
            .next()
            .unwrap_or_else(|| panic!("no lines button"))
            .click();
        h.run();
        h.get_by_label("添加一行").click();
        h.run();
        assert_eq!(n(&h), before + 1);
    }

    #[test]
    fn block_paste_from_a_spreadsheet_is_one_undo_step() {
        let mut h = harness(Lang::Zh);
        select(&mut h, "water_conservation");
        let year = h.state().year;
        let before = h.state().project.clone();
        let c0 = before.counties[0].clone();
        let c1 = before.counties[1].clone();
        let cell = format!("{} · 年降水量 (mm)", c0.name.zh);
        h.get_by_label(&cell).click();
        h.run();
        h.event(egui::Event::Paste("1500\t700\r\n1600\tx\r\n".into()));
        h.run();
        let get = |h: &Harness<'static, AppState>, code: &str, id: &str| {
            h.state().project.period(year).and_then(|p| {
                p.counties[code].indicators["water_conservation"]
                    .values
                    .get(id)
                    .copied()
            })
        };
        assert_eq!(get(&h, &c0.code, "precip"), Some(1500.0));
        assert_eq!(get(&h, &c0.code, "et"), Some(700.0));
        assert_eq!(get(&h, &c1.code, "precip"), Some(1600.0));
        // "x" is skipped, the old value stays, and the notice says so.
        assert_eq!(
            get(&h, &c1.code, "et"),
            before
                .period(year)
                .and_then(|p| p.counties[&c1.code].indicators["water_conservation"]
                    .values
                    .get("et")
                    .copied())
        );
        assert!(h.state().notice.as_ref().is_some_and(|n| n.error));
        h.state_mut().undo();
        assert_eq!(h.state().project, before);
    }

    #[test]
    fn a_validation_focus_selects_the_indicator_and_opens_product_lines() {
        let mut h = harness(Lang::Zh);
        h.run();
        let code = h.state().project.counties[3].code.clone();
        let name = h.state().project.counties[3].name.zh.clone();
        h.state_mut().focus = Some((
            Page::Services,
            code.clone(),
            "indicators.fishery.products[0].price".into(),
        ));
        h.run();
        let sel: Option<String> = h
            .ctx
            .data(|d| d.get_temp(egui::Id::unique("services_selected")));
        assert_eq!(sel.as_deref(), Some("fishery"));
        // The product-line editor of that county is open.
        h.get_by_label_contains(&format!("{name} · 行 1 · 单价"));
    }
}
