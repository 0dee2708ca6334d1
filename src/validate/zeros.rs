//! No silent zeros: a land class with area that adds no ESV, and an indicator counted by the
//! framework that computes 0 from non-zero inputs. Each warning names the county, the class or
//! indicator (by name), the numbers behind the zero and what to do. A class the crosswalk
//! explicitly leaves without ESV (built-up land, or the project's choice of "none") is a stated
//! choice, not a silent zero, and is not reported. Reads the accounts; must not change them.

use crate::engine::{Accounts, CountyAccount, EsvAccount, IndicatorAccount, Status};
use crate::i18n::{Lang, Text, t};
use crate::model::catalogue::{self, EsvRow};
use crate::model::{IndicatorInput, Project};
use crate::registry::{Formula, IndicatorSpec, Registry};
use crate::units::Unit;

use super::{Issue, IssueKind, NamedValue, Severity, ZeroCause};

/// A name in both languages, resolved once so messages need no catalogue.
fn both(f: impl Fn(Lang) -> String) -> Text {
    Text::new(f(Lang::Zh), f(Lang::En))
}

fn county_name(project: &Project, code: &str) -> Text {
    project
        .counties
        .iter()
        .find(|c| c.code == code)
        .map_or_else(|| Text::new(code, code), |c| c.name.clone())
}

fn warning(county: &str, year: i32, field: String, value: f64, kind: IssueKind) -> Issue {
    Issue {
        severity: Severity::Warning,
        county: Some(county.to_string()),
        year: Some(year),
        field,
        value: Some(format!("{value}")),
        kind,
    }
}

/// Land classes with area > 0 whose ESV is 0, unless the crosswalk says "no ESV" on purpose.
pub(super) fn esv(acc: &Accounts, project: &Project, registry: &Registry) -> Vec<Issue> {
    let mut out = Vec::new();
    for c in &acc.counties {
        if let Some(e) = &c.esv {
            esv_county(&mut out, acc.year, c, e, project, registry);
        }
    }
    out
}

fn esv_county(
    out: &mut Vec<Issue>,
    year: i32,
    c: &CountyAccount,
    e: &EsvAccount,
    project: &Project,
    registry: &Registry,
) {
    let Some(table) = catalogue::factor_table(project, registry, &e.table) else {
        return;
    };
    for (class, area, value) in &e.by_class {
        if !(*area > 0.0 && *value == 0.0) {
            continue;
        }
        let row = catalogue::esv_row(project, table, class);
        if matches!(row, EsvRow::NoEsv { .. }) {
            // A class without ESV (built-up land …) is 0 by design: nothing to name.
            continue;
        }
        let class_name = both(|l| catalogue::land_class_name(project, registry, class, l));
        let county = county_name(project, &c.code);
        let kind = match row {
            EsvRow::NoEsv { .. } => continue,
            EsvRow::Unmapped => IssueKind::EsvUnmapped {
                county,
                class: class_name,
                area_hm2: *area,
                table: table.name.clone(),
            },
            EsvRow::Row { index, factor } => IssueKind::EsvZero {
                county,
                class: class_name,
                area_hm2: *area,
                row: table.rows[index].name.clone(),
                factor,
                d: e.standard_equivalent,
            },
        };
        out.push(warning(
            &c.code,
            year,
            format!("esv.crosswalk.{class}"),
            *area,
            kind,
        ));
    }
}

/// Counted indicators that computed 0 although something non-zero was entered.
pub(super) fn gep(acc: &Accounts, project: &Project, registry: &Registry) -> Vec<Issue> {
    let Some(period) = project.period(acc.year) else {
        return Vec::new();
    };
    let specs = catalogue::indicators(project, registry);
    let mut out = Vec::new();
    for c in &acc.counties {
        let Some(cp) = period.counties.get(&c.code) else {
            continue;
        };
        for a in &c.indicators {
            if !a.parts.is_empty() {
                // Split by ecosystem: the county input is not used; each part is checked.
                out.extend(part_zeros(project, acc.year, (&c.code, cp), a, &specs));
                continue;
            }
            // The spec is looked up only for a zero (this runs for every indicator account).
            if !(a.counted && a.status == Status::Computed && a.value == 0.0) {
                continue;
            }
            let (Some(input), Some(spec)) = (
                cp.indicators.get(&*a.id),
                specs.iter().find(|s| *s.id == *a.id),
            ) else {
                continue;
            };
            let inputs = entered(spec, input);
            if inputs.is_empty() {
                continue;
            }
            let method = method_name(spec, input);
            out.push(warning(
                &c.code,
                acc.year,
                format!("indicators.{}", a.id),
                a.value,
                IssueKind::GepZero {
                    county: county_name(project, &c.code),
                    indicator: spec.name.clone(),
                    method,
                    inputs,
                    cause: cause(spec, a),
                },
            ));
        }
    }
    out
}

/// Ecosystem parts of a counted, split indicator that computed 0 from non-zero inputs, each
/// placed in its part (`ecosystem_parts.<part>.indicators.<id>`).
fn part_zeros(
    project: &Project,
    year: i32,
    (code, cp): (&str, &crate::model::CountyPeriod),
    a: &IndicatorAccount,
    specs: &[std::borrow::Cow<'_, IndicatorSpec>],
) -> Vec<Issue> {
    let Some(spec) = specs.iter().find(|s| *s.id == *a.id).filter(|_| a.counted) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for p in &a.parts {
        if p.status != Status::Computed || p.value != 0.0 {
            continue;
        }
        let Some(input) = cp
            .ecosystem_parts
            .get(&*p.part)
            .and_then(|x| x.indicators.get(&*a.id))
        else {
            continue;
        };
        let inputs = entered(spec, input);
        if inputs.is_empty() {
            continue;
        }
        let method = method_name(spec, input);
        let cause = match (&spec.formula, p.quantity) {
            (Formula::Products, _) => ZeroCause::ProductPrices,
            (_, Some(q)) if q.value != 0.0 && q.value.is_finite() => ZeroCause::Price {
                quantities: vec![NamedValue {
                    name: spec.quantity.name.clone(),
                    value: q.value,
                    unit: Some(q.unit),
                }],
            },
            _ => ZeroCause::Quantity,
        };
        out.push(warning(
            code,
            year,
            format!("ecosystem_parts.{}.indicators.{}", p.part, a.id),
            0.0,
            IssueKind::GepZero {
                county: county_name(project, code),
                indicator: spec.name.clone(),
                method,
                inputs,
                cause,
            },
        ));
    }
    out
}

/// The non-zero numbers entered for an indicator: method inputs (by their registry names),
/// product lines and a direct output value.
fn entered(spec: &IndicatorSpec, input: &IndicatorInput) -> Vec<NamedValue> {
    let method = spec.method(&input.method).or_else(|| spec.default_method());
    let mut v: Vec<NamedValue> = input
        .values
        .iter()
        .filter(|(_, x)| **x != 0.0 && x.is_finite())
        .map(|(id, &value)| {
            let ispec = method.and_then(|m| m.inputs.iter().find(|i| &i.id == id));
            NamedValue {
                name: ispec.map_or_else(|| Text::new(id, id), |i| i.name.clone()),
                value,
                unit: ispec.map(|i| i.unit),
            }
        })
        .collect();
    v.extend(
        input
            .products
            .iter()
            .filter(|p| p.quantity != 0.0)
            .map(|p| NamedValue {
                name: Text::new(&p.name, &p.name),
                value: p.quantity,
                unit: Some(p.unit),
            }),
    );
    if let Some(ov) = input.output_value.as_ref().filter(|o| o.value_yuan != 0.0) {
        v.push(NamedValue {
            name: both(|l| t(l, "val_output_value").to_string()),
            value: ov.value_yuan,
            unit: Some(Unit::Yuan),
        });
    }
    v
}

/// Why the value is 0: product lines without prices, physical quantities the engine found
/// priced at 0, or a physical model that gave 0.
fn cause(spec: &IndicatorSpec, a: &IndicatorAccount) -> ZeroCause {
    let components = match &spec.formula {
        Formula::Priced { components } => components,
        Formula::Products => return ZeroCause::ProductPrices,
        _ => return ZeroCause::Quantity,
    };
    let quantities: Vec<NamedValue> = a
        .components
        .iter()
        .filter(|c| c.quantity != 0.0 && c.quantity.is_finite())
        .map(|c| NamedValue {
            name: components
                .iter()
                .find(|s| *s.id == *c.id)
                .map_or_else(|| Text::new(&*c.id, &*c.id), |s| s.name.clone()),
            value: c.quantity,
            unit: Some(c.unit),
        })
        .collect();
    if quantities.is_empty() {
        ZeroCause::Quantity
    } else {
        ZeroCause::Price { quantities }
    }
}

/// The name of the method an input uses (the indicator's default when none is set; the id as
/// typed when the registry does not know it).
fn method_name(spec: &IndicatorSpec, input: &IndicatorInput) -> Text {
    spec.method(&input.method)
        .or_else(|| spec.default_method())
        .map_or_else(
            || Text::new(&input.method, &input.method),
            |m| m.name.clone(),
        )
}
