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
            i.values.is_empty() && i.products.is_empty() && i.output_value.is_none()
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
    fn one_county_switches_alone_and_others_keep_their_method() {
        let (mut p, year, code) = sample();
        let other = p.counties[1].code.clone();
        let s = spec("recreation");
        for c in [&code, &other] {
            clear_indicator(&mut p, year, c, "recreation");
            set_input(&mut p, year, c, &s, "survey", "visits", Some(3.0));
            set_input(&mut p, year, c, &s, "survey", "expense", Some(300.0));
        }
        let dropped = set_method_one(&mut p, year, &s, &code, "direct");
        assert!(dropped >= 1);
        let method = |p: &Project, c: &str| {
            p.period(year)
                .and_then(|x| x.counties[c].indicators.get("recreation"))
                .map(|e| e.method.clone())
        };
        assert_eq!(method(&p, &code).as_deref(), Some("direct"));
        assert_eq!(method(&p, &other).as_deref(), Some("survey"));
    }

    #[test]
    fn switching_to_the_same_method_keeps_every_value() {
        let (mut p, year, code) = sample();
        let s = spec("recreation");
        clear_indicator(&mut p, year, &code, "recreation");
        set_input(&mut p, year, &code, &s, "survey", "visits", Some(3.0));
        set_input(&mut p, year, &code, &s, "survey", "expense", Some(300.0));
        assert_eq!(set_method_all(&mut p, year, &s, "survey"), 0);
    }

    #[test]
    fn imported_products_are_set_per_county_and_a_missing_year_is_left_alone() {
        let (mut p, year, code) = sample();
        set_imported(&mut p, year, &code, 1.5e6);
        assert_eq!(
            p.period(year)
                .map(|x| x.counties[&code].imported_products_yuan),
            Some(1.5e6)
        );
        let before = p.clone();
        set_imported(&mut p, 1800, &code, 1.0);
        assert_eq!(p, before);
    }

    #[test]
    fn prune_drops_an_empty_entry_only() {
        let (mut p, year, code) = sample();
        let s = spec("landscape");
        clear_indicator(&mut p, year, &code, "landscape");
        assert!(entry(&mut p, year, &code, "landscape", "direct").is_some());
        prune(&mut p, year, &code, "landscape");
        assert!(existing(&mut p, year, &code, "landscape").is_none());
        set_input(&mut p, year, &code, &s, "direct", "floor_area", Some(10.0));
        prune(&mut p, year, &code, "landscape");
        assert!(existing(&mut p, year, &code, "landscape").is_some());
    }
}
