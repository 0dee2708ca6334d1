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
//!
//! This file: the indicator list and the selected indicator's header. `ctx` (shared read-only
//! data, value column), `inputs` (county × inputs table), `products` (material products),
//! `product_clip` (their clipboard both ways), `imported` (imported products), `entered` (a
//! value computed elsewhere, for any indicator), `edits` (the pure project edits), `parts`
//! (the same input table for one county's ecosystem parts, drawn by the 分生态系统 page).

mod ctx;
mod edits;
mod entered;
mod imported;
mod inputs;
pub(crate) mod parts;
mod product_clip;
mod products;
#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};

use eframe::egui;

use crate::app::nav::Page;
use crate::app::state::AppState;
use crate::i18n::{t, tf};
use crate::registry::{Category, Formula, IndicatorSpec};
use crate::validate::Severity;

use ctx::computed_of;
use ctx::{Ctx, IMPORTED, Row};
use entered::entered_ui;
use imported::imported_ui;
use inputs::inputs_ui;
use products::products_ui;

pub fn ui(ui: &mut egui::Ui, state: &mut AppState) {
    let lang = state.lang();
    let year = state.year;
    let lists = lists_of(state);
    let specs = &lists.specs;
    let frame = ui.ctx().cumulative_frame_nr();
    let (focus, scroll_to_code) = select(state, specs, frame);
    let jump = state.selection_scroll(Page::Services);
    let mut selected = state.pages.services.selected.clone();
    egui::Panel::left("services_list")
        .resizable(true)
        .default_size(210.0)
        .min_size(160.0)
        .show(ui, |ui| list_ui(ui, state, &lists, &mut selected));
    state.pages.services.selected = selected.clone();
    let table = table_of(state, &selected);

    egui::CentralPanel::no_frame().show(ui, |ui| {
        if state.project.period(year).is_none() {
            ui.heading(state.page.title(lang));
            ui.colored_label(
                ui.visuals().error_fg_color,
                tf(lang, "svc_no_period", &[("year", &year.to_string())]),
            );
            return;
        }
        let rows = &table.rows;
        let selected_row = state.selected_row(rows.iter().map(|r| r.code.as_str()));
        let ctx = Ctx {
            lang,
            year,
            money: state.settings.money_unit,
            rows,
            computed: &table.computed,
            compute_error: table.compute_error.clone(),
            problems: &table.problems,
            focus: focus.as_ref(),
            scroll_to: scroll_to_code
                .as_ref()
                .and_then(|c| rows.iter().position(|r| &r.code == c))
                .or(jump.and(selected_row)),
            selected_row,
            named: Default::default(),
            row_head: t(lang, "page_counties"),
        };
        if selected == IMPORTED {
            imported_ui(ui, state, &ctx);
        } else if let Some(spec) = specs.iter().find(|s| s.id == selected) {
            indicator_ui(ui, state, &ctx, spec);
        }
        if let Some(r) = ctx.named.get().and_then(|i| rows.get(i)) {
            state.select_county(Some(r.code.clone()), Some(Page::Services));
        }
    });
}

/// What the indicator list shows, derived from the project and the issues: kept until either
/// changes (counting the entries of thousands of counties every frame made the page slow).
#[derive(Debug)]
pub(crate) struct Lists {
    key: (u64, i32, bool),
    specs: Vec<IndicatorSpec>,
    /// Counties with an entry, per indicator.
    entered: HashMap<String, usize>,
    /// Indicators with a validation error this year.
    with_errors: HashSet<String>,
}

/// The selected indicator's table data (rows, the engine's values, validation problems),
/// kept until the project, the issues, the year, the language, the framework or the
/// selection change.
#[derive(Debug)]
pub(crate) struct Table {
    key: (u64, i32, bool, crate::i18n::Lang, String, String),
    rows: Vec<Row>,
    computed: HashMap<String, ctx::Computed>,
    compute_error: Option<String>,
    problems: HashMap<(String, String), String>,
}

fn lists_of(state: &mut AppState) -> std::sync::Arc<Lists> {
    let year = state.year;
    // Receives a finished background validation before the key is read.
    state.issues();
    let key = (state.revision, year, state.validating());
    if let Some(l) = &state.pages.services.lists
        && l.key == key
    {
        return l.clone();
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
    let specs = crate::model::catalogue::indicators(&state.project, state.registry())
        .into_iter()
        .map(std::borrow::Cow::into_owned)
        .collect();
    let mut entered: HashMap<String, usize> = HashMap::new();
    if let Some(p) = state.project.period(year) {
        for cp in p.counties.values() {
            for id in cp.indicators.keys() {
                match entered.get_mut(id) {
                    Some(n) => *n += 1,
                    None => drop(entered.insert(id.clone(), 1)),
                }
            }
        }
    }
    let lists = std::sync::Arc::new(Lists {
        key,
        specs,
        entered,
        with_errors,
    });
    state.pages.services.lists = Some(lists.clone());
    lists
}

fn table_of(state: &mut AppState, selected: &str) -> std::sync::Arc<Table> {
    let lang = state.lang();
    let year = state.year;
    state.issues();
    let key = (
        state.revision,
        year,
        state.validating(),
        lang,
        selected.to_string(),
        state.framework.clone(),
    );
    if let Some(t) = &state.pages.services.table
        && t.key == key
    {
        return t.clone();
    }
    let problems = problems_of(state, selected);
    let rows: Vec<Row> = match state.project.period(year) {
        None => Vec::new(),
        Some(period) => state
            .project
            .counties
            .iter()
            .map(|c| {
                let cp = period.counties.get(&c.code);
                Row {
                    code: c.code.clone(),
                    part: None,
                    name: c.name.get(lang).to_string(),
                    input: cp.and_then(|d| d.indicators.get(selected)).cloned(),
                    imported: cp.map_or(0.0, |d| d.imported_products_yuan),
                }
            })
            .collect(),
    };
    let (computed, compute_error) = computed_of(state, selected);
    let table = std::sync::Arc::new(Table {
        key,
        rows,
        computed,
        compute_error,
        problems,
    });
    state.pages.services.table = Some(table.clone());
    table
}

/// Settles the selection: follows a jump from the validation list (once per visit of the
/// page), else keeps the user's choice, else the first indicator. Returns the cell to focus
/// (county code, field) and the county to scroll to.
fn select(
    state: &mut AppState,
    specs: &[IndicatorSpec],
    frame: u64,
) -> (Option<(String, String)>, Option<String>) {
    let focus = match &state.focus {
        Some((Page::Services, code, field)) => Some((code.clone(), field.clone())),
        _ => None,
    };
    let page = &mut state.pages.services;
    let fresh_visit = page.last_frame + 1 < frame || page.last_frame == 0;
    page.last_frame = frame;
    let mut scroll_to_code = None;
    if let Some((code, field)) = &focus
        && (fresh_visit || page.focus_handled.as_ref() != Some(&(code.clone(), field.clone())))
    {
        if let Some(rest) = field.strip_prefix("indicators.") {
            let ind = rest.split('.').next().unwrap_or(rest);
            if specs.iter().any(|s| s.id == ind) {
                page.selected = ind.to_string();
            }
        } else if field == "imported_products_yuan" {
            page.selected = IMPORTED.to_string();
        }
        scroll_to_code = Some(code.clone());
        page.focus_handled = Some((code.clone(), field.clone()));
    }
    if page.selected != IMPORTED && !specs.iter().any(|s| s.id == page.selected) {
        page.selected = specs.first().map(|s| s.id.clone()).unwrap_or_default();
    }
    (focus, scroll_to_code)
}

/// The indicator list by category (counted ● / not counted ○, counties entered, errors),
/// then the imported-products entry and the legend.
fn list_ui(ui: &mut egui::Ui, state: &mut AppState, lists: &Lists, selected: &mut String) {
    let lang = state.lang();
    let n_counties = state.project.counties.len();
    let (specs, entered, with_errors) = (&lists.specs, &lists.entered, &lists.with_errors);
    let framework = state.framework.clone();
    egui::ScrollArea::vertical()
        .id_salt("services_list_scroll")
        .show(ui, |ui| {
            ui.add_space(4.0);
            for cat in Category::ALL {
                ui.strong(cat.name().get(lang));
                for s in specs.iter().filter(|s| s.category == cat) {
                    let item = ListItem {
                        counted: s.counts_in(&framework),
                        entered: entered.get(&s.id).copied().unwrap_or(0),
                        of: n_counties,
                        errors: with_errors.contains(&s.id),
                    };
                    if list_item(ui, lang, s, &item, *selected == s.id) {
                        *selected = s.id.clone();
                    }
                }
                ui.add_space(6.0);
            }
            ui.strong(t(lang, "svc_other"));
            if ui
                .selectable_label(*selected == IMPORTED, t(lang, "svc_imported"))
                .on_hover_text(t(lang, "svc_imported_help"))
                .clicked()
            {
                *selected = IMPORTED.to_string();
            }
            ui.add_space(8.0);
            ui.separator();
            ui.label(egui::RichText::new(t(lang, "svc_legend")).weak().small());
        });
}

/// What the list shows beside an indicator's name.
struct ListItem {
    counted: bool,
    entered: usize,
    of: usize,
    errors: bool,
}

/// One indicator of the list; true when clicked.
fn list_item(
    ui: &mut egui::Ui,
    lang: crate::i18n::Lang,
    s: &IndicatorSpec,
    item: &ListItem,
    on: bool,
) -> bool {
    let (n, n_counties) = (item.entered, item.of);
    let mark = if item.counted { "●" } else { "○" };
    let mut text = egui::RichText::new(format!("{mark} {}", s.name.get(lang)));
    if !item.counted {
        text = text.italics();
    }
    let tip = format!(
        "{}\n{}\n{}: {n}/{n_counties}{}",
        s.name.get(lang),
        if item.counted {
            t(lang, "counted_in_framework")
        } else {
            t(lang, "outside_framework")
        },
        t(lang, "svc_entered_counties"),
        if item.errors {
            format!("\n! {}", t(lang, "svc_has_errors"))
        } else {
            String::new()
        }
    );
    let right = if item.errors {
        egui::RichText::new(format!("! {n}/{n_counties}"))
            .small()
            .color(ui.visuals().error_fg_color)
    } else {
        egui::RichText::new(format!("{n}/{n_counties}"))
            .small()
            .weak()
    };
    let w = ui.available_width();
    ui.add(
        egui::Button::selectable(on, text)
            .right_text(right)
            .truncate()
            .min_size(egui::vec2(w, 0.0)),
    )
    .on_hover_text(tip)
    .clicked()
}

/// Validation problems of the selected table's cells, by (county, field) (messages built for
/// those only).
fn problems_of(state: &mut AppState, selected: &str) -> HashMap<(String, String), String> {
    let lang = state.lang();
    let year = state.year;
    let prefix = if selected == IMPORTED {
        "imported_products_yuan".to_string()
    } else {
        format!("indicators.{selected}")
    };
    let mut problems: HashMap<(String, String), String> = HashMap::new();
    // Only this year's issues of the shown entry are copied out of the cache.
    let issues: Vec<_> = state
        .issues()
        .iter()
        .filter(|i| i.year == Some(year) && i.field.starts_with(&prefix))
        .cloned()
        .collect();
    let names = crate::validate::Names::new(&state.project, state.registry(), lang);
    for i in &issues {
        let rest = &i.field[prefix.len()..];
        if !(rest.is_empty() || rest.starts_with('.')) {
            continue;
        }
        if let Some(c) = &i.county {
            problems
                .entry((c.clone(), i.field.clone()))
                .and_modify(|m| {
                    m.push('\n');
                    m.push_str(&i.kind.message_named(&names));
                })
                .or_insert_with(|| i.kind.message_named(&names));
        }
    }
    problems
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
            ui.add(egui::Label::new(spec.clause.get(lang)).wrap());
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
    entered_ui(ui, state, ctx, spec);
    if matches!(spec.formula, Formula::Products) {
        products_ui(ui, state, ctx, spec);
    } else {
        inputs_ui(ui, state, ctx, spec);
    }
}
