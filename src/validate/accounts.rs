//! Quality checks on the accounts of each period: parameters the engine used without a value
//! or with an unverified default, indicators that failed (price conversion), climate
//! regulation above half of a county's GEP, and silent zeros (`zeros`). Problems already named by the structural checks are
//! not repeated. Reads the engine's results; must not change them.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use crate::engine::{self, Accounts, Options, Status};
use crate::model::Project;
use crate::registry::Registry;

use super::{Issue, IssueKind, Severity, V};

/// Runs the engine once for every period whose accounts are not in `computed` (see
/// `validate_with`) and reports what the accounts show.
pub(super) fn check(v: &mut V<'_>, project: &Project, registry: &Registry, computed: &[&Accounts]) {
    // Problems already named above are not repeated from the accounts.
    let structural: HashSet<(String, i32, String)> = v
        .out
        .iter()
        .filter_map(|i| {
            let field = i.field.split('.').take(2).collect::<Vec<_>>().join(".");
            Some((i.county.clone()?, i.year?, field))
        })
        .collect();
    // Parameters actually used (recorded by the engine): missing values and unverified defaults.
    let mut unverified: BTreeMap<String, (f64, crate::i18n::Text)> = BTreeMap::new();
    let mut no_value: BTreeSet<String> = BTreeSet::new();
    for period in &project.periods {
        let fresh;
        let acc = match computed.iter().find(|a| shareable(a, project, period.year)) {
            Some(a) => *a,
            None => {
                let opts = Options {
                    traces: false,
                    ..Options::year(period.year)
                };
                let Ok(a) = engine::compute(project, registry, &opts) else {
                    continue;
                };
                fresh = a;
                &fresh
            }
        };
        for p in acc.params_used.iter().filter(|p| p.tag.is_unverified()) {
            unverified
                .entry(p.id.to_string())
                .or_insert((p.value.unwrap_or(f64::NAN), p.source.clone()));
        }
        no_value.extend(missing_values(acc, project, registry));
        v.out.extend(failed(acc, period.year, &structural));
        v.out.extend(climate_share(acc, period.year));
        v.out.extend(super::zeros::esv(acc, project, registry));
        v.out.extend(super::zeros::gep(acc, project, registry));
    }
    for id in no_value {
        v.push(
            Severity::Error,
            format!("params.{id}"),
            None,
            IssueKind::MissingParamValue { param: id.clone() },
        );
    }
    for (id, (value, source)) in unverified {
        v.push(
            Severity::Warning,
            format!("params.{id}"),
            Some(value),
            IssueKind::UnverifiedParam { param: id, source },
        );
    }
}

/// Are `acc` the accounts `check` would compute for `year` (the project's framework, the default
/// price year; traces do not matter)?
fn shareable(acc: &Accounts, project: &Project, year: i32) -> bool {
    acc.year == year
        && acc.framework == project.meta.framework
        && acc.price_year == project.meta.base_year.unwrap_or(year)
        && acc.counties.len() == project.counties.len()
}

/// Registry parameters without a default (and not overridden) that kept an indicator from
/// being computed.
fn missing_values(acc: &Accounts, project: &Project, registry: &Registry) -> Vec<String> {
    // The few parameters without a default, once (not a search of the registry per status).
    let no_default: HashSet<&str> = registry
        .params
        .iter()
        .filter(|p| p.value.is_none())
        .map(|p| p.id.as_str())
        .collect();
    let mut out = Vec::new();
    for a in acc.counties.iter().flat_map(|c| &c.indicators) {
        if let Status::Incomplete { missing } = &a.status {
            out.extend(
                missing
                    .iter()
                    .filter(|m| {
                        no_default.contains(m.as_str()) && !project.price_overrides.contains_key(*m)
                    })
                    .cloned(),
            );
        }
    }
    out
}

/// Indicators the engine could not compute (price conversion), unless already reported.
fn failed(acc: &Accounts, year: i32, structural: &HashSet<(String, i32, String)>) -> Vec<Issue> {
    let mut out = Vec::new();
    for c in &acc.counties {
        for a in &c.indicators {
            if let Status::Failed {
                reason_zh,
                reason_en,
            } = &a.status
            {
                let field = format!("indicators.{}", a.id);
                if !structural.contains(&(c.code.clone(), year, field.clone())) {
                    out.push(Issue {
                        severity: Severity::Error,
                        county: Some(c.code.clone()),
                        year: Some(year),
                        field,
                        value: None,
                        kind: IssueKind::PriceConversion {
                            zh: reason_zh.clone(),
                            en: reason_en.clone(),
                        },
                    });
                }
            }
        }
    }
    out
}

/// Counties whose counted, computed climate regulation is above half of their GEP.
fn climate_share(acc: &Accounts, year: i32) -> Vec<Issue> {
    let mut out = Vec::new();
    for c in &acc.counties {
        let climate = c
            .indicators
            .iter()
            .find(|a| &*a.id == "climate_regulation" && a.counted && a.status == Status::Computed)
            .map_or(0.0, |a| a.value);
        if c.totals.gep > 0.0 && climate / c.totals.gep > 0.5 {
            out.push(Issue {
                severity: Severity::Warning,
                county: Some(c.code.clone()),
                year: Some(year),
                field: "indicators.climate_regulation".into(),
                value: None,
                kind: IssueKind::ClimateShare {
                    share: climate / c.totals.gep,
                },
            });
        }
    }
    out
}
