//! Checks of the project's settings: parameter overrides (known, convertible unit, usable
//! number), registry defaults that deserve a warning (lake model coefficients, an unverified
//! price index or standard equivalent), land classes in use without a runoff coefficient, and
//! framework-level double counting. (A class without ESV is found on the accounts, by
//! `zeros`.) Must not compute accounts.

use std::collections::BTreeSet;

use crate::model::{Project, StandardEquivalent};
use crate::registry::Registry;

use super::{Issue, IssueKind, Severity, V};

/// Framework indicators with no data: one warning when no county-year has any, otherwise one
/// per county-year without it.
pub(super) fn not_entered(v: &mut V<'_>, project: &Project, seen: &super::structure::Seen<'_>) {
    let framework = &project.meta.framework;
    let n_county_years = project.counties.len() * project.periods.len();
    for (ind, missing) in &seen.not_entered {
        if !seen.entered_somewhere.contains(ind) && missing.len() == n_county_years {
            v.push(
                Severity::Warning,
                format!("indicators.{ind}"),
                None,
                IssueKind::NotEnteredAnywhere {
                    indicator: ind.to_string(),
                    framework: framework.clone(),
                },
            );
        } else {
            for (code, year) in missing {
                v.out.push(Issue {
                    severity: Severity::Warning,
                    county: Some(code.to_string()),
                    year: Some(*year),
                    field: format!("indicators.{ind}"),
                    value: None,
                    kind: IssueKind::NotEntered {
                        indicator: ind.to_string(),
                        framework: framework.clone(),
                    },
                });
            }
        }
    }
}

/// Parameter overrides: a known parameter, a unit that converts, a usable number.
pub(super) fn overrides(v: &mut V<'_>, project: &Project, registry: &Registry) {
    for (id, o) in &project.price_overrides {
        let field = format!("price_overrides.{id}");
        match registry.param(id) {
            None => v.push(
                Severity::Error,
                &field,
                Some(o.value),
                IssueKind::UnknownParam,
            ),
            Some(p) => {
                if o.price_year.is_none()
                    && (p.unit.is_price() || p.unit.is_money())
                    && let Some(year) = project.assumed_override_price_year()
                {
                    v.push(
                        Severity::Warning,
                        &field,
                        Some(o.value),
                        IssueKind::OverridePriceYearAssumed {
                            param: id.clone(),
                            year,
                        },
                    );
                }
                if let Some(u) = o.unit
                    && crate::units::convert_param_unit(1.0, u, p.unit).is_none()
                {
                    v.push(
                        Severity::Error,
                        &field,
                        Some(o.value),
                        IssueKind::OverrideUnit {
                            unit: u.zh().to_string(),
                            wanted: p.unit.zh().to_string(),
                        },
                    );
                }
            }
        }
        v.number(&field, o.value);
    }
}

/// Defaults in use that a reviewer questions: the lake model's coefficients, an unverified CPI
/// series, an unverified standard equivalent.
pub(super) fn defaults(v: &mut V<'_>, project: &Project, registry: &Registry, lake_model: bool) {
    if lake_model && !project.price_overrides.contains_key("lake_a") {
        v.push(
            Severity::Warning,
            "params.lake_a",
            None,
            IssueKind::LakeModelDefault,
        );
    }
    if !project.periods.is_empty() {
        let cpi = project
            .price_indices
            .iter()
            .find(|s| s.id == "cpi")
            .or_else(|| registry.price_index("cpi"));
        if let Some(s) = cpi
            && s.tag.is_unverified()
        {
            // Name the values a reviewer checks: those of the accounting years.
            let values = project
                .periods
                .iter()
                .filter_map(|p| {
                    let x = s.values.get(&p.year)?;
                    Some(format!("{} = {}", p.year, crate::format::auto(*x)))
                })
                .collect::<Vec<_>>()
                .join(", ");
            v.push(
                Severity::Warning,
                "price_indices.cpi",
                None,
                IssueKind::UnverifiedPriceIndex {
                    index: s.id.clone(),
                    values,
                },
            );
        }
    }
    if let StandardEquivalent::Direct { tag, .. } = &project.esv.standard_equivalent
        && tag.is_unverified()
    {
        v.push(
            Severity::Warning,
            "esv.standard_equivalent",
            None,
            IssueKind::UnverifiedStandardEquivalent,
        );
    }
    esv_shares(v, project);
}

/// The net-profit derivation of D weights each crop by its sown share; the shares must sum
/// to 1 (within 0.005, as the ESV page has always tolerated).
fn esv_shares(v: &mut V<'_>, project: &Project) {
    if let StandardEquivalent::NetProfit { crops, .. } = &project.esv.standard_equivalent {
        let sum: f64 = crops.iter().map(|c| c.sown_share).sum();
        if (sum - 1.0).abs() > 0.005 {
            v.push(
                Severity::Warning,
                "esv.standard_equivalent.crops",
                Some(sum),
                IssueKind::SharesNotOne { sum },
            );
        }
    }
}

/// Land classes with area but no runoff coefficient (water balance in use).
pub(super) fn land_classes(
    v: &mut V<'_>,
    project: &Project,
    registry: &Registry,
    classes_used: &BTreeSet<&str>,
) {
    let runoff_known = |c: &str| {
        project.runoff_overrides.contains_key(c)
            || registry
                .land_class(c)
                .is_some_and(|l| l.runoff_coeff.is_some())
            || project
                .custom_land_classes
                .iter()
                .any(|l| l.id == c && l.runoff_coeff.is_some())
    };
    let water_balance_used = project.periods.iter().any(|p| {
        p.counties.values().any(|cp| {
            cp.indicators
                .get("water_conservation")
                .is_some_and(|i| i.method == "water_balance")
        })
    });
    for c in classes_used {
        if water_balance_used
            && !runoff_known(c)
            && registry.land_class(c).is_some_and(|l| l.vegetated)
        {
            v.push(
                Severity::Warning,
                format!("land_cover.{c}"),
                None,
                IssueKind::NoRunoffCoefficient {
                    class: c.to_string(),
                },
            );
        }
    }
}

/// A framework that counts water conservation, water supply and flood regulation together.
pub(super) fn double_counting(v: &mut V<'_>, project: &Project, registry: &Registry) {
    let framework = &project.meta.framework;
    let counts = |id: &str| {
        registry
            .indicator(id)
            .is_some_and(|i| i.counts_in(framework))
    };
    if counts("water_conservation") && counts("water_supply") && counts("flood_regulation") {
        v.push(
            Severity::Warning,
            "meta.framework",
            None,
            IssueKind::DoubleCountWater {
                framework: framework.clone(),
            },
        );
    }
}
