//! The services page's edits of the project: pure functions, each run inside one
//! `AppState::edit` (so one undo step), and the part of the page worth unit-testing. They
//! create a county's entry on first input, drop it when it becomes empty, and keep only the
//! values a method uses when the method switches.

use crate::model::{IndicatorInput, Project};
use crate::registry::IndicatorSpec;

/// The county's entry for an indicator, created with `method` when absent.
pub(super) fn entry<'a>(
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
pub(super) fn existing<'a>(
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
pub(super) fn prune(p: &mut Project, year: i32, code: &str, ind: &str) {
    if let Some(period) = p.period_mut(year)
        && let Some(cp) = period.counties.get_mut(code)
        && cp.indicators.get(ind).is_some_and(|i| {
            i.values.is_empty()
                && i.products.is_empty()
                && i.output_value.is_none()
                && i.entered_value.is_none()
        })
    {
        cp.indicators.remove(ind);
    }
}

/// Sets (or clears) one input of a county; new entries use `method`.
pub(super) fn set_input(
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
pub(super) fn clear_indicator(p: &mut Project, year: i32, code: &str, ind: &str) {
    if let Some(period) = p.period_mut(year)
        && let Some(cp) = period.counties.get_mut(code)
    {
        cp.indicators.remove(ind);
    }
}

/// Switches one entry to `method`, dropping values the method has no input for. Returns the
/// number of values dropped.
pub(super) fn switch_entry(spec: &IndicatorSpec, e: &mut IndicatorInput, method: &str) -> usize {
    let Some(m) = spec.method(method) else {
        return 0;
    };
    e.method = method.to_string();
    let before = e.values.len();
    e.values.retain(|k, _| m.inputs.iter().any(|i| &i.id == k));
    before - e.values.len()
}

/// Switches every county of the year to `method`; returns the number of values dropped.
pub(super) fn set_method_all(
    p: &mut Project,
    year: i32,
    spec: &IndicatorSpec,
    method: &str,
) -> usize {
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
pub(super) fn set_method_one(
    p: &mut Project,
    year: i32,
    spec: &IndicatorSpec,
    code: &str,
    method: &str,
) -> usize {
    entry(p, year, code, &spec.id, method).map_or(0, |e| switch_entry(spec, e, method))
}

pub(super) fn set_imported(p: &mut Project, year: i32, code: &str, yuan: f64) {
    if let Some(period) = p.period_mut(year) {
        period
            .counties
            .entry(code.to_string())
            .or_default()
            .imported_products_yuan = yuan;
    }
}
