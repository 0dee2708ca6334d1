//! The services page's edits of the project: pure functions, each run inside one
//! `AppState::edit` (so one undo step), and the part of the page worth unit-testing. They
//! create a county's entry on first input, drop it when it becomes empty, and keep only the
//! values a method uses when the method switches.
//!
//! The `*_at` forms take a `part`: `None` edits the county's own inputs, `Some(key)` the inputs
//! of one of its ecosystem parts (`CountyPeriod::ecosystem_parts`, which the 分生态系统 page
//! creates first; an edit of a part that does not exist does nothing).

use std::collections::BTreeMap;

use crate::model::{IndicatorInput, Project};
use crate::registry::IndicatorSpec;

/// The inputs a row edits: the county's (created when absent) or an existing part's.
fn inputs_mut<'a>(
    p: &'a mut Project,
    year: i32,
    code: &str,
    part: Option<&str>,
) -> Option<&'a mut BTreeMap<String, IndicatorInput>> {
    let period = p.period_mut(year)?;
    match part {
        None => Some(
            &mut period
                .counties
                .entry(code.to_string())
                .or_default()
                .indicators,
        ),
        Some(k) => period
            .counties
            .get_mut(code)?
            .ecosystem_parts
            .get_mut(k)
            .map(|x| &mut x.indicators),
    }
}

/// The inputs a row edits, if they exist (nothing is created).
fn inputs_existing<'a>(
    p: &'a mut Project,
    year: i32,
    code: &str,
    part: Option<&str>,
) -> Option<&'a mut BTreeMap<String, IndicatorInput>> {
    let cp = p.period_mut(year)?.counties.get_mut(code)?;
    match part {
        None => Some(&mut cp.indicators),
        Some(k) => cp.ecosystem_parts.get_mut(k).map(|x| &mut x.indicators),
    }
}

/// The county's entry for an indicator, created with `method` when absent.
pub(super) fn entry<'a>(
    p: &'a mut Project,
    year: i32,
    code: &str,
    ind: &str,
    method: &str,
) -> Option<&'a mut IndicatorInput> {
    entry_at(p, year, code, None, ind, method)
}

/// `entry` of the county (`part: None`) or of one of its ecosystem parts.
pub(super) fn entry_at<'a>(
    p: &'a mut Project,
    year: i32,
    code: &str,
    part: Option<&str>,
    ind: &str,
    method: &str,
) -> Option<&'a mut IndicatorInput> {
    Some(
        inputs_mut(p, year, code, part)?
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
    existing_at(p, year, code, None, ind)
}

/// `existing` of the county (`part: None`) or of one of its ecosystem parts.
pub(super) fn existing_at<'a>(
    p: &'a mut Project,
    year: i32,
    code: &str,
    part: Option<&str>,
    ind: &str,
) -> Option<&'a mut IndicatorInput> {
    inputs_existing(p, year, code, part)?.get_mut(ind)
}

/// Removes an entry that holds nothing any more (the indicator is then "not entered").
pub(super) fn prune(p: &mut Project, year: i32, code: &str, ind: &str) {
    prune_at(p, year, code, None, ind);
}

/// `prune` of the county (`part: None`) or of one of its ecosystem parts (the part itself
/// stays: removing a part is the 分生态系统 page's own action).
pub(super) fn prune_at(p: &mut Project, year: i32, code: &str, part: Option<&str>, ind: &str) {
    if let Some(inputs) = inputs_existing(p, year, code, part)
        && inputs.get(ind).is_some_and(|i| {
            i.values.is_empty()
                && i.products.is_empty()
                && i.output_value.is_none()
                && i.entered_value.is_none()
        })
    {
        inputs.remove(ind);
    }
}

/// Sets (or clears) one input of a county; new entries use `method`.
#[cfg(test)]
pub(super) fn set_input(
    p: &mut Project,
    year: i32,
    code: &str,
    spec: &IndicatorSpec,
    method: &str,
    input: &str,
    v: Option<f64>,
) {
    set_input_at(p, year, (code, None), spec, method, input, v);
}

/// `set_input` of the county (`part: None`) or of one of its ecosystem parts.
pub(super) fn set_input_at(
    p: &mut Project,
    year: i32,
    (code, part): (&str, Option<&str>),
    spec: &IndicatorSpec,
    method: &str,
    input: &str,
    v: Option<f64>,
) {
    match v {
        Some(v) => {
            if let Some(e) = entry_at(p, year, code, part, &spec.id, method) {
                e.values.insert(input.to_string(), v);
            }
        }
        None => {
            if let Some(e) = existing_at(p, year, code, part, &spec.id) {
                e.values.remove(input);
            }
            prune_at(p, year, code, part, &spec.id);
        }
    }
}

/// Removes everything a county entered for an indicator.
pub(super) fn clear_indicator(p: &mut Project, year: i32, code: &str, ind: &str) {
    clear_indicator_at(p, year, code, None, ind);
}

/// `clear_indicator` of the county (`part: None`) or of one of its ecosystem parts.
pub(super) fn clear_indicator_at(
    p: &mut Project,
    year: i32,
    code: &str,
    part: Option<&str>,
    ind: &str,
) {
    if let Some(inputs) = inputs_existing(p, year, code, part) {
        inputs.remove(ind);
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
/// The counties with an entry of indicator `id` in `year`.
pub(super) fn codes_with(p: &Project, year: i32, id: &str) -> Vec<String> {
    p.period(year).map_or_else(Vec::new, |period| {
        (period.counties.iter())
            .filter(|(_, cp)| cp.indicators.contains_key(id))
            .map(|(code, _)| code.clone())
            .collect()
    })
}

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
#[cfg(test)]
pub(super) fn set_method_one(
    p: &mut Project,
    year: i32,
    spec: &IndicatorSpec,
    code: &str,
    method: &str,
) -> usize {
    set_method_one_at(p, year, (code, None), spec, method)
}

/// `set_method_one` of the county (`part: None`) or of one of its ecosystem parts.
pub(super) fn set_method_one_at(
    p: &mut Project,
    year: i32,
    (code, part): (&str, Option<&str>),
    spec: &IndicatorSpec,
    method: &str,
) -> usize {
    entry_at(p, year, code, part, &spec.id, method).map_or(0, |e| switch_entry(spec, e, method))
}

/// Switches every ecosystem part of one county that has an entry to `method`; returns the
/// number of values dropped.
pub(super) fn set_method_parts(
    p: &mut Project,
    year: i32,
    code: &str,
    spec: &IndicatorSpec,
    method: &str,
) -> usize {
    let Some(cp) = p.period_mut(year).and_then(|x| x.counties.get_mut(code)) else {
        return 0;
    };
    cp.ecosystem_parts
        .values_mut()
        .filter_map(|x| x.indicators.get_mut(&spec.id))
        .map(|e| switch_entry(spec, e, method))
        .sum()
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
