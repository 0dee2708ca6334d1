//! The inputs of one indicator for the ecosystem parts of one county (the 分生态系统 page):
//! the same value-computed-elsewhere section (`entered`), method switch, input table, paste,
//! copy and value column as the county table (`inputs`), with one row per part instead of one
//! per county. Edits go to the part's inputs
//! (`edits::*_at`); the value column shows the engine's value of each part
//! (`IndicatorAccount::parts`).

use std::collections::HashMap;

use eframe::egui;

use crate::app::state::AppState;
use crate::engine::Status;
use crate::i18n::t;
use crate::registry::{Formula, IndicatorSpec};

use super::ctx::{Computed, Ctx, Row, computed_of};
use super::entered::entered_ui;
use super::inputs::inputs_ui;

/// The part × inputs table of `spec` for county `code` in the year shown; `parts` are the
/// part keys with their display names, in the order shown. Material products (product lines)
/// are not split by ecosystem and are not offered here.
pub(crate) fn part_inputs_ui(
    ui: &mut egui::Ui,
    state: &mut AppState,
    code: &str,
    parts: &[(String, String)],
    spec: &IndicatorSpec,
) {
    if matches!(spec.formula, Formula::Products) {
        return;
    }
    let lang = state.lang();
    let year = state.year;
    let cp = state
        .project
        .period(year)
        .and_then(|p| p.counties.get(code));
    let rows: Vec<Row> = parts
        .iter()
        .map(|(key, name)| Row {
            code: code.to_string(),
            part: Some(key.clone()),
            name: name.clone(),
            input: cp
                .and_then(|d| d.ecosystem_parts.get(key))
                .and_then(|x| x.indicators.get(&spec.id))
                .cloned(),
            imported: 0.0,
        })
        .collect();
    let (computed, compute_error) = parts_computed(state, code, &spec.id);
    let problems = problems_of(state, code);
    let ctx = Ctx {
        lang,
        year,
        money: state.settings.money_unit,
        rows: &rows,
        computed: &computed,
        compute_error,
        problems: &problems,
        focus: None,
        scroll_to: None,
        selected_row: None,
        named: Default::default(),
        row_head: t(lang, "ecov_part"),
    };
    if let Some(e) = &ctx.compute_error {
        ui.colored_label(ui.visuals().error_fg_color, e);
    }
    entered_ui(ui, state, &ctx, spec);
    inputs_ui(ui, state, &ctx, spec);
}

/// The engine's value of each part of the county's indicator, by part key.
fn parts_computed(
    state: &mut AppState,
    code: &str,
    ind: &str,
) -> (HashMap<String, Computed>, Option<String>) {
    let (by_county, err) = computed_of(state, ind);
    let Ok(acc) = state.accounts() else {
        return (HashMap::new(), err);
    };
    let deduction = by_county.get(code).map_or(0.0, |c| c.deduction);
    let map = acc
        .counties
        .iter()
        .find(|c| c.code == code)
        .and_then(|c| c.indicators.iter().find(|a| &*a.id == ind))
        .map(|a| {
            a.parts
                .iter()
                .map(|p| {
                    (
                        p.part.to_string(),
                        Computed {
                            status: p.status.clone(),
                            value: p.value,
                            quantity: p.quantity.map(|q| (q.value, q.unit)),
                            lines: Vec::new(),
                            deduction,
                        },
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    (map, err)
}

/// Validation problems of the county's ecosystem parts, by (county, field).
fn problems_of(state: &mut AppState, code: &str) -> HashMap<(String, String), String> {
    let lang = state.lang();
    let year = state.year;
    let issues: Vec<_> = state
        .issues()
        .iter()
        .filter(|i| {
            i.year == Some(year)
                && i.county.as_deref() == Some(code)
                && i.field.starts_with("ecosystem_parts.")
        })
        .cloned()
        .collect();
    let names = crate::validate::Names::new(&state.project, state.registry(), lang);
    let mut out: HashMap<(String, String), String> = HashMap::new();
    for i in &issues {
        out.entry((code.to_string(), i.field.clone()))
            .and_modify(|m| {
                m.push('\n');
                m.push_str(&i.kind.message_named(&names));
            })
            .or_insert_with(|| i.kind.message_named(&names));
    }
    out
}

/// The county's value of the indicator (the sum of its parts when split), for the line above
/// the table: `None` when the engine has no value.
pub(crate) fn county_value(state: &mut AppState, code: &str, ind: &str) -> Option<(Status, f64)> {
    let acc = state.accounts().ok()?;
    let c = acc.counties.iter().find(|c| c.code == code)?;
    let a = c.indicators.iter().find(|a| &*a.id == ind)?;
    Some((a.status.clone(), a.value))
}
