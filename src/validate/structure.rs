//! Checks of the project as typed: counties (codes, land area), periods (years, unknown
//! counties), each county-year's numbers and land cover, and each indicator's method and
//! inputs. Records what the later checks need (indicators entered, classes in use, the lake
//! model, framework indicators left blank). Must not compute accounts.

use std::collections::{BTreeMap, BTreeSet, HashSet};

// Fx hashing: the sets below are looked up for every figure of every county-year.
use rustc_hash::FxHashSet;

use crate::model::{County, CountyPeriod, EnteredValue, IndicatorInput, Project};
use crate::registry::{Formula, IndicatorSpec, MethodSpec, Model, Registry};
use crate::units::Dimension;

use super::{IssueKind, Severity, V};
use crate::registry::plausible::county_max;

/// What the structural checks saw, for the checks after them.
#[derive(Default)]
pub(super) struct Seen<'a> {
    /// County codes of the county list.
    pub codes: FxHashSet<&'a str>,
    /// Indicators with data in at least one county-year.
    pub entered_somewhere: BTreeSet<&'a str>,
    /// Land classes with a positive area somewhere.
    pub classes_used: BTreeSet<&'a str>,
    pub lake_model_used: bool,
    /// Framework indicators without data, with the county-years that lack them.
    pub not_entered: BTreeMap<&'a str, Vec<(&'a str, i32)>>,
}

/// Counties: 6-digit codes, no duplicates, a positive land area.
pub(super) fn counties<'a>(v: &mut V<'a>, project: &'a Project, seen: &mut Seen<'a>) {
    for c in &project.counties {
        v.county = Some(&c.code);
        if c.code.len() != 6 || !c.code.chars().all(|ch| ch.is_ascii_digit()) {
            v.push(Severity::Error, "code", None, IssueKind::BadCountyCode);
        }
        if !seen.codes.insert(c.code.as_str()) {
            v.push(Severity::Error, "code", None, IssueKind::DuplicateCounty);
        }
        if v.number("land_area_hm2", c.land_area_hm2) && c.land_area_hm2 == 0.0 {
            // A county just added (wizard, `gep-calc new`) has no area and no data yet: a
            // note to fill it in, not an error; with land cover entered, 0 is an error.
            let has_land_cover = project.periods.iter().any(|p| {
                p.counties
                    .get(&c.code)
                    .is_some_and(|d| !d.land_cover.is_empty())
            });
            if has_land_cover {
                v.push(
                    Severity::Error,
                    "land_area_hm2",
                    Some(0.0),
                    IssueKind::NonPositiveArea,
                );
            } else {
                v.push(
                    Severity::Warning,
                    "land_area_hm2",
                    None,
                    IssueKind::LandAreaNotEntered,
                );
            }
        }
    }
    v.county = None;
}

/// Periods: at least one, no duplicate year, no unknown county; then every county-year.
pub(super) fn periods<'a>(
    v: &mut V<'a>,
    project: &'a Project,
    registry: &Registry,
    specs: &'a [std::borrow::Cow<'a, IndicatorSpec>],
    seen: &mut Seen<'a>,
) {
    if project.periods.is_empty() {
        v.push(Severity::Error, "periods", None, IssueKind::NoPeriods);
    }
    let framework = &project.meta.framework;
    // A coastal-only indicator is not asked of a project whose counties are all inland.
    let inland =
        !project.counties.is_empty() && project.counties.iter().all(|c| is_inland(&c.code));
    let asked = |s: &IndicatorSpec| s.counts_in(framework) && !(s.coastal_only && inland);
    let mut years = HashSet::new();
    // Looked up per county-year: once here, not by a search of the lists each time.
    let spec_ids: FxHashSet<&str> = specs.iter().map(|s| s.id.as_str()).collect();
    let custom: Vec<bool> = specs
        .iter()
        .map(|s| registry.indicator(&s.id).is_none())
        .collect();
    let classes: FxHashSet<&str> = (registry.land_classes.iter().map(|c| c.id.as_str()))
        .chain(project.custom_land_classes.iter().map(|c| c.id.as_str()))
        .collect();
    // Which indicators some county-year entered, by position (added to `seen` at the end).
    let mut entered = vec![false; specs.len()];
    for period in &project.periods {
        v.year = Some(period.year);
        v.county = None;
        if !years.insert(period.year) {
            v.push(Severity::Error, "year", None, IssueKind::DuplicatePeriod);
        }
        for code in period.counties.keys() {
            if !seen.codes.contains(code.as_str()) {
                v.county = Some(code);
                v.push(Severity::Error, "counties", None, IssueKind::UnknownCounty);
            }
        }
        let mut seen_in_period = FxHashSet::default();
        for county in &project.counties {
            if !seen_in_period.insert(county.code.as_str()) {
                continue; // a duplicate code, reported once above
            }
            v.county = Some(&county.code);
            let Some(cp) = period.counties.get(&county.code) else {
                for s in specs.iter().filter(|s| asked(s)) {
                    seen.not_entered
                        .entry(&s.id)
                        .or_default()
                        .push((&county.code, period.year));
                }
                continue;
            };
            county_year(v, &classes, &spec_ids, (county, cp), seen);
            let land = (county.land_area_hm2, cp);
            super::ecosystem::parts(v, project, registry, specs, land, seen);
            for ((spec, &custom), entered) in specs.iter().zip(&custom).zip(&mut entered) {
                let Some(input) = cp.indicators.get(&spec.id) else {
                    // Entered for its ecosystem parts instead (`validate::ecosystem`).
                    let split = cp
                        .ecosystem_parts
                        .values()
                        .any(|p| p.indicators.contains_key(&spec.id));
                    if asked(spec) && !split {
                        seen.not_entered
                            .entry(&spec.id)
                            .or_default()
                            .push((&county.code, period.year));
                    }
                    continue;
                };
                *entered = true;
                indicator(v, spec, input, custom, seen);
            }
        }
    }
    for (spec, _) in specs.iter().zip(entered).filter(|(_, e)| *e) {
        seen.entered_somewhere.insert(&spec.id);
    }
    v.year = None;
    v.county = None;
}

/// One county-year: population, GDP, imported products, land cover (known classes, numbers,
/// the sum within the land area) and indicator ids.
fn county_year<'a>(
    v: &mut V<'a>,
    classes: &FxHashSet<&str>,
    spec_ids: &FxHashSet<&str>,
    (county, cp): (&County, &'a CountyPeriod),
    seen: &mut Seen<'a>,
) {
    if let Some(p) = cp.population {
        v.number("population", p);
    }
    if let Some(g) = cp.gdp_yuan {
        v.number("gdp_yuan", g);
    }
    v.number("imported_products_yuan", cp.imported_products_yuan);
    let mut sum = 0.0;
    let max = county_max("land_cover.");
    for (class, &a) in &cp.land_cover {
        let field = || format!("land_cover.{class}");
        if !classes.contains(class.as_str()) {
            v.push(Severity::Error, field(), Some(a), IssueKind::UnknownClass);
        }
        if v.number_lazy(field, max, a) {
            sum += a;
            // Most classes are seen in the first counties: a look-up before the ordered insert.
            if a > 0.0 && !seen.classes_used.contains(class.as_str()) {
                seen.classes_used.insert(class);
            }
        }
    }
    if county.land_area_hm2 > 0.0 && sum > county.land_area_hm2 * 1.005 {
        v.push(
            Severity::Error,
            "land_cover",
            Some(sum),
            IssueKind::LandCoverExceedsArea {
                sum_hm2: sum,
                area_hm2: county.land_area_hm2,
            },
        );
    }
    for id in cp.indicators.keys() {
        if !spec_ids.contains(id.as_str()) {
            v.push(
                Severity::Error,
                format!("indicators.{id}"),
                None,
                IssueKind::UnknownIndicator,
            );
        }
    }
}

/// One indicator of a county-year: a known method, its inputs known, in range and complete;
/// for material products either product lines or an output value.
pub(super) fn indicator(
    v: &mut V<'_>,
    spec: &IndicatorSpec,
    input: &IndicatorInput,
    custom: bool,
    seen: &mut Seen<'_>,
) {
    let base = Base(&spec.id);
    let method = if input.method.is_empty() {
        spec.default_method()
    } else {
        spec.method(&input.method)
    };
    let Some(method) = method else {
        v.push(
            Severity::Error,
            format!("{base}.method"),
            None,
            IssueKind::UnknownMethod {
                method: input.method.clone(),
            },
        );
        return;
    };
    // The lake coefficients matter only where a lake area is entered.
    let lake = crate::registry::roles::flood_storage::LAKE_AREA.id;
    if matches!(method.model, Model::FloodStorage { .. })
        && input.values.get(lake).is_some_and(|a| *a > 0.0)
    {
        seen.lake_model_used = true;
    }
    if let Some(ev) = &input.entered_value {
        entered_value(v, &base, spec, method, input, ev);
        return;
    }
    inputs(v, &base, spec, method, input, custom);
    one_component(v, &base, spec, method, input);
    if matches!(spec.formula, Formula::Products) {
        products(v, &base, spec, input);
    }
}

/// A value computed elsewhere: a usable amount in 元/万元/亿元 (negative only for an indicator
/// declared as a change); quantities entered beside it are checked but not required, and a
/// warning says the entered value is the one counted.
fn entered_value(
    v: &mut V<'_>,
    base: &Base<'_>,
    spec: &IndicatorSpec,
    method: &MethodSpec,
    input: &IndicatorInput,
    ev: &EnteredValue,
) {
    let field = format!("{base}.entered_value");
    if ev.unit.dimension() != Dimension::Money {
        let unit = ev.unit.zh().to_string();
        v.push(
            Severity::Error,
            &field,
            Some(ev.amount),
            IssueKind::EnteredValueUnit { unit },
        );
    }
    if !ev.amount.is_finite() {
        v.push(
            Severity::Error,
            &field,
            Some(ev.amount),
            IssueKind::NotFinite,
        );
    } else if ev.amount < 0.0 && !spec.change {
        v.push(
            Severity::Error,
            &field,
            Some(ev.amount),
            IssueKind::Negative,
        );
    }
    let quantities =
        !input.values.is_empty() || !input.products.is_empty() || input.output_value.is_some();
    if quantities {
        v.push(
            Severity::Warning,
            &field,
            Some(ev.amount),
            IssueKind::EnteredValueWins,
        );
        // Entered quantities are kept in the project: still check that they are usable.
        for (id, &x) in &input.values {
            if method.inputs.iter().all(|i| &i.id != id) {
                v.push(
                    Severity::Error,
                    format!("{base}.{id}"),
                    Some(x),
                    IssueKind::UnknownInput,
                );
            }
        }
    }
}

/// The inputs of `method`: each known and within its range, the required ones present.
fn inputs(
    v: &mut V<'_>,
    base: &Base<'_>,
    spec: &IndicatorSpec,
    method: &MethodSpec,
    input: &IndicatorInput,
    custom: bool,
) {
    for (id, &x) in &input.values {
        // The path is made only for an issue: this runs for every input of every county-year.
        let field = || format!("{base}.{id}");
        let Some(ispec) = method.inputs.iter().find(|i| &i.id == id) else {
            v.push(Severity::Error, field(), Some(x), IssueKind::UnknownInput);
            continue;
        };
        if !x.is_finite() {
            v.push(Severity::Error, field(), Some(x), IssueKind::NotFinite);
        } else if ispec.min.is_some_and(|m| x < m) || ispec.max.is_some_and(|m| x > m) {
            let kind = if x < 0.0 && ispec.min == Some(0.0) && custom {
                // The project's own indicator may be a change: say how to declare it.
                IssueKind::NegativeNotChange
            } else if x < 0.0 && ispec.min == Some(0.0) {
                IssueKind::Negative
            } else {
                IssueKind::OutOfRange {
                    min: ispec.min,
                    max: ispec.max,
                }
            };
            v.push(Severity::Error, field(), Some(x), kind);
        }
    }
    for ispec in method.inputs.iter().filter(|i| i.required) {
        if !input.values.contains_key(&ispec.id) {
            v.push(
                Severity::Error,
                format!("{base}.{}", ispec.id),
                None,
                IssueKind::MissingInput {
                    indicator: spec.id.clone(),
                    input: ispec.id.clone(),
                },
            );
        }
    }
}

/// A direct entry whose components are all optional (water purification from TN/TP alone)
/// still needs one of them: the engine leaves it incomplete, and this says which to enter.
fn one_component(
    v: &mut V<'_>,
    base: &Base<'_>,
    spec: &IndicatorSpec,
    method: &MethodSpec,
    input: &IndicatorInput,
) {
    let (Model::Direct, Formula::Priced { components }) = (&method.model, &spec.formula) else {
        return;
    };
    let optional = |id: &str| method.inputs.iter().any(|i| i.id == id && !i.required);
    if components.is_empty()
        || !components.iter().all(|c| optional(&c.id))
        || components.iter().any(|c| input.values.contains_key(&c.id))
    {
        return;
    }
    let ids: Vec<&str> = components.iter().map(|c| c.id.as_str()).collect();
    v.push(
        Severity::Error,
        base.to_string(),
        None,
        IssueKind::MissingInput {
            indicator: spec.id.clone(),
            input: ids.join(" / "),
        },
    );
}

/// Material products: product lines or an output value (not both, not neither), numbers usable.
fn products(v: &mut V<'_>, base: &Base<'_>, spec: &IndicatorSpec, input: &IndicatorInput) {
    if !input.products.is_empty() && input.output_value.is_some() {
        v.push(
            Severity::Error,
            base.to_string(),
            None,
            IssueKind::ProductsAndOutputValue,
        );
    }
    if input.products.is_empty() && input.output_value.is_none() {
        v.push(
            Severity::Error,
            base.to_string(),
            None,
            IssueKind::MissingInput {
                indicator: spec.id.clone(),
                input: "products / output_value".into(),
            },
        );
    }
    let (qmax, pmax) = (
        county_max("products.quantity"),
        county_max("products.price"),
    );
    for (i, line) in input.products.iter().enumerate() {
        v.number_lazy(
            || format!("{base}.products[{i}].quantity"),
            qmax,
            line.quantity,
        );
        v.number_lazy(|| format!("{base}.products[{i}].price"), pmax, line.price);
    }
    if let Some(ov) = &input.output_value {
        v.number(&format!("{base}.output_value"), ov.value_yuan);
    }
}

/// Province-level divisions with a sea coast, by the first two digits of the administrative
/// code (GB/T 2260): 天津, 河北, 辽宁, 上海, 江苏, 浙江, 福建, 山东, 广东, 广西, 海南, 台湾,
/// 香港, 澳门.
const COASTAL_PROVINCES: [&str; 14] = [
    "12", "13", "21", "31", "32", "33", "35", "37", "44", "45", "46", "71", "81", "82",
];

/// Whether a coastal-only indicator (coastal protection) is beside the point for `project`:
/// every county lies in a province without a sea coast, so it is not asked (nor reported as
/// missing).
pub fn inland_only(project: &crate::model::Project, spec: &IndicatorSpec) -> bool {
    spec.coastal_only
        && !project.counties.is_empty()
        && project.counties.iter().all(|c| is_inland(&c.code))
}

/// Is this a six-digit administrative code of a province without a sea coast? (Anything else,
/// including codes that are not administrative codes, counts as possibly coastal.)
fn is_inland(code: &str) -> bool {
    code.len() == 6
        && code.bytes().all(|b| b.is_ascii_digit())
        && !COASTAL_PROVINCES.contains(&&code[..2])
}

/// An indicator's field path `indicators.ID`, written out only when an issue names it (it is
/// made for every indicator of every county-year).
pub(super) struct Base<'a>(&'a str);

impl std::fmt::Display for Base<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "indicators.{}", self.0)
    }
}
