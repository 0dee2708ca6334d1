//! The accounting engine: pure functions from a project to accounts.
//!
//! `compute(project, registry, options)` turns what the user typed into `Accounts` for one
//! period and framework: per county and indicator the physical quantity, the value and its
//! trace; subtotals, GEP, market / non-market split, ESV and headline ratios; region totals.
//! No UI, no I/O, no globals: the same call serves the app, the CLI, reports and exports.

pub mod accounts;
pub mod compensation;
pub mod decompose;
mod ecosystem;
pub mod esv;
pub mod fast;
pub mod formula_doc;
pub mod formulas;
mod gep;
pub mod growth;
pub mod prices;
mod region;
mod setup;
pub mod trace;
pub mod transitions;
pub mod uncertainty;

use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

pub use accounts::*;
pub use ecosystem::{FORMULA_EN as ECOSYSTEM_FORMULA_EN, FORMULA_ZH as ECOSYSTEM_FORMULA_ZH};
pub use gep::formula_text;
pub use prices::PriceBook;
pub use trace::{EffectiveParam, Origin, ProductPricing, Step, Trace};

use crate::model::Project;
use crate::registry::{Category, Registry};
use gep::{ClassInfo, Ctx};

/// What to compute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Accounting year (a period of the project).
    pub year: i32,
    /// Framework id; `None` = the project's framework.
    pub framework: Option<String>,
    /// Price year of all values; `None` = the project's base year, else the accounting year.
    pub price_year: Option<i32>,
    /// Build a trace for every number (off for live recompute; see `trace_of`).
    pub traces: bool,
}

impl Options {
    pub fn year(year: i32) -> Options {
        Options {
            year,
            framework: None,
            price_year: None,
            traces: true,
        }
    }
}

/// Why nothing could be computed at all (per-indicator problems are in `Accounts::problems`).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ComputeError {
    #[error("项目中没有 {0} 年的核算期 / the project has no accounting period {0}")]
    NoPeriod(i32),
    #[error("未知核算框架 {0} / unknown accounting framework {0}")]
    UnknownFramework(String),
}

impl ComputeError {
    /// What is wrong and what to do, in `lang` (the `Display` text names both languages, for
    /// logs and the CLI).
    pub fn message(&self, lang: crate::i18n::Lang) -> String {
        match self {
            ComputeError::NoPeriod(year) => {
                crate::i18n::tf(lang, "eng_no_period", &[("year", &year.to_string())])
            }
            ComputeError::UnknownFramework(id) => {
                crate::i18n::tf(lang, "eng_unknown_framework", &[("framework", id)])
            }
        }
    }
}

/// Computes the accounts of one period under one framework: the reference path, one county
/// after the other (`setup::Setup::county_account`). [`fast`] gives the same accounts without
/// traces from dense columns (for many runs of one project: scenarios, Monte Carlo).
pub fn compute(
    project: &Project,
    registry: &Registry,
    options: &Options,
) -> Result<Accounts, ComputeError> {
    setup::accounts(project, registry, options, |s, problems| {
        project
            .counties
            .iter()
            .map(|c| s.county_account(c, problems))
            .collect()
    })
}

/// A split indicator of one county: computed once per part that has an entry for it (each part
/// reading its own earlier indicators), then summed (`ecosystem::combine`).
fn split_indicator(
    p: &gep::Plan,
    ctx: &Ctx,
    parts: &mut [ecosystem::Part],
    cp: &crate::model::CountyPeriod,
    base_cp: Option<&crate::model::CountyPeriod>,
    done: &[IndicatorAccount],
) -> IndicatorAccount {
    let mut results = Vec::new();
    for (k, part) in parts.iter_mut().enumerate() {
        let Some(input) = part.cp.indicators.get(p.spec.id.as_str()) else {
            continue;
        };
        let a = gep::evaluate(
            p,
            ctx,
            &part.cp,
            part.base.as_ref(),
            Some(input),
            &part.done,
        );
        part.done.push(a.clone());
        results.push((k, a));
    }
    // The county's own account with nothing entered: the shell the sums go into.
    let shell = gep::evaluate(p, ctx, cp, base_cp, None, done);
    let pairs = results.into_iter().map(|(k, a)| (&parts[k], a)).collect();
    ecosystem::combine(shell, pairs, ctx.record, ctx.book.target_year)
}

/// Runoff coefficient and vegetation of every land class: the registry's, the project's custom
/// classes, then the project's runoff overrides.
fn class_infos<'a>(project: &'a Project, registry: &'a Registry) -> HashMap<&'a str, ClassInfo> {
    let mut classes: HashMap<&str, ClassInfo> = registry
        .land_classes
        .iter()
        .map(|c| {
            (
                c.id.as_str(),
                ClassInfo {
                    runoff: c.runoff_coeff,
                    vegetated: c.vegetated,
                },
            )
        })
        .collect::<HashMap<_, _>>();
    for c in &project.custom_land_classes {
        classes.insert(
            c.id.as_str(),
            ClassInfo {
                runoff: c.runoff_coeff,
                vegetated: c.vegetated,
            },
        );
    }
    for (class, alpha) in &project.runoff_overrides {
        if let Some(ci) = classes.get_mut(class.as_str()) {
            ci.runoff = Some(*alpha);
        }
    }
    classes
}

/// One shared `Arc<str>` per id a computation writes into accounts and traces.
fn interned_ids(
    specs: &[std::borrow::Cow<'_, crate::registry::IndicatorSpec>],
    registry: &Registry,
) -> HashMap<String, Arc<str>> {
    let mut ids: HashMap<String, Arc<str>> = HashMap::default();
    let mut intern = |s: &str| {
        ids.entry(s.to_string()).or_insert_with(|| Arc::from(s));
    };
    for s in specs {
        intern(&s.id);
        if let crate::registry::Formula::Priced { components } = &s.formula {
            for c in components {
                intern(&c.id);
            }
        }
        for m in &s.methods {
            intern(&m.id);
            for i in &m.inputs {
                intern(&i.id);
            }
        }
    }
    for c in &registry.land_classes {
        intern(&c.id);
    }
    for s in [
        "sediment",
        "nitrogen",
        "phosphorus",
        "sand_area",
        "visits",
        "gross",
        "net",
    ] {
        intern(s);
    }
    ids
}

/// A county's totals by category and market / non-market (gross; the import deduction is the
/// caller's); indicators that are not computed are reported in `problems` and left out.
fn totals_of(inds: &[IndicatorAccount], code: &str, problems: &mut Vec<Problem>) -> Totals {
    let mut t = Totals::default();
    for a in inds {
        if a.status != Status::Computed {
            if let Some(p) = status_problem(code, a) {
                problems.push(p);
            }
            continue;
        }
        for m in &a.memo {
            match m.kind {
                MemoKind::ConsumerSurplus => t.consumer_surplus += m.value,
                MemoKind::OutsideFramework => t.outside_framework += m.value,
            }
        }
        if !a.counted {
            continue;
        }
        match a.category {
            Category::Material => t.material += a.value,
            Category::Regulating => t.regulating += a.value,
            Category::Cultural => t.cultural += a.value,
        }
        if a.market {
            t.market += a.value;
        } else {
            t.non_market += a.value;
        }
    }
    t.gross = t.material + t.regulating + t.cultural;
    t
}

/// Region totals: sums of the county accounts (land areas in the same order as `counties`).
fn region_of(
    counties: &[CountyAccount],
    land_areas: impl Iterator<Item = f64>,
    keys: &ecosystem::Keys,
) -> RegionTotals {
    let mut region = RegionTotals::default();
    let mut gdp_complete = true;
    let mut class_row: HashMap<Arc<str>, usize> = HashMap::default();
    for (c, area) in counties.iter().zip(land_areas) {
        region.totals.add(&c.totals);
        region.land_area_hm2 += area;
        region.population += c.population.unwrap_or(0.0);
        ecosystem::merge_rows(keys, &mut region.by_ecosystem, &c.by_ecosystem);
        match c.gdp_yuan {
            Some(g) => region.gdp_yuan += g,
            None => gdp_complete = false,
        }
        if let Some(e) = &c.esv {
            region.esv_total += e.total;
            region.esv_market += e.market;
            region.esv_non_market += e.non_market;
            for (class, area, value) in &e.by_class {
                // An index instead of a search: thousands of counties × dozens of classes.
                match class_row.get(class) {
                    Some(&i) => {
                        let r = &mut region.esv_by_class[i];
                        r.1 += area;
                        r.2 += value;
                    }
                    None => {
                        class_row.insert(class.clone(), region.esv_by_class.len());
                        region.esv_by_class.push((class.clone(), *area, *value));
                    }
                }
            }
            if region.esv_by_service.is_empty() {
                region.esv_by_service =
                    e.by_service.iter().map(|(s, _)| (s.clone(), 0.0)).collect();
            }
            for ((_, total), (_, v)) in region.esv_by_service.iter_mut().zip(&e.by_service) {
                *total += v;
            }
        }
    }
    // Once any county is split, a county that is not counts whole in the region's not-split
    // row, so the region's rows, like a county's, sum to its gross.
    if !region.by_ecosystem.is_empty() {
        for c in counties.iter().filter(|c| c.by_ecosystem.is_empty()) {
            let t = &c.totals;
            let whole = EcosystemTotals {
                ecosystem: None,
                subtypes: Vec::new(),
                material: t.material,
                regulating: t.regulating,
                cultural: t.cultural,
                total: t.gross,
            };
            ecosystem::merge_rows(keys, &mut region.by_ecosystem, &[whole]);
        }
    }
    region.ratios = ratios(
        &region.totals,
        gdp_complete.then_some(region.gdp_yuan),
        Some(region.population),
        region.land_area_hm2,
    );
    if let Some(first) = counties.first() {
        region.by_indicator = first
            .indicators
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let v = counties
                    .iter()
                    .filter_map(|c| c.indicators.get(i))
                    .filter(|a| a.status == Status::Computed)
                    .map(|a| a.value)
                    .sum();
                (a.id.clone(), v)
            })
            .collect();
    }
    region
}

/// Recomputes only `codes` in `accounts` (made by `compute` with the same options) after their
/// data changed, and the region totals (`region.rs`: moved by the edited counties when they
/// are few). Equal to a full `compute` for county-local edits (the region's money sums within
/// 1e-12 relative), at a fraction of the cost on large projects.
pub fn update_counties(
    accounts: &mut Accounts,
    project: &Project,
    registry: &Registry,
    options: &Options,
    codes: &[String],
) -> Result<(), ComputeError> {
    let run = setup::with(project, registry, options, |s, problems| {
        let mut fresh = Vec::new();
        for code in codes {
            let k = project.counties.iter().position(|c| &c.code == code);
            // The accounts hold the counties in project order: look there first.
            let pos = k
                .filter(|&k| accounts.counties.get(k).is_some_and(|c| &c.code == code))
                .or_else(|| accounts.counties.iter().position(|c| &c.code == code));
            let county = k.map(|k| &project.counties[k]);
            if let (Some(pos), Some(county)) = (pos, county) {
                fresh.push((pos, s.county_account(county, problems)));
            }
        }
        let areas = || project.counties.iter().map(|c| c.land_area_hm2);
        // Few counties of a large project: move the region's sums instead of redoing them.
        let incremental = accounts.counties.len() == project.counties.len()
            && fresh.len() * 8 < accounts.counties.len()
            && fresh
                .iter()
                .all(|(pos, c)| region::replaceable(&accounts.region, &accounts.counties[*pos], c));
        for (pos, c) in fresh {
            let old = std::mem::replace(&mut accounts.counties[pos], c);
            if incremental {
                region::replace(&mut accounts.region, &old, &accounts.counties[pos]);
            }
        }
        if incremental {
            region::resum_people(&mut accounts.region, &accounts.counties, areas());
        } else {
            accounts.region = region_of(&accounts.counties, areas(), &s.keys);
        }
    })?;
    accounts
        .problems
        .retain(|p| p.county.as_ref().is_none_or(|c| !codes.contains(c)));
    accounts
        .problems
        .extend(run.problems.into_iter().filter(|p| p.county.is_some()));
    // Both lists are sorted by id: each new one goes in at its place.
    accounts.params_used.sort_by(|a, b| a.id.cmp(&b.id));
    for p in run.params_used {
        if let Err(at) = accounts
            .params_used
            .binary_search_by(|q| q.id.as_ref().cmp(p.id.as_ref()))
        {
            accounts.params_used.insert(at, p);
        }
    }
    Ok(())
}

/// The account of one county alone (for traces on demand in large projects).
pub fn compute_county(
    project: &Project,
    registry: &Registry,
    options: &Options,
    code: &str,
) -> Result<CountyAccount, ComputeError> {
    let mut one = project.clone_without_counties();
    one.counties = project
        .counties
        .iter()
        .filter(|c| c.code == code)
        .cloned()
        .collect();
    for (p, src) in one.periods.iter_mut().zip(&project.periods) {
        if let Some(cp) = src.counties.get(code) {
            p.counties.insert(code.to_string(), cp.clone());
        }
    }
    let acc = compute(&one, registry, options)?;
    acc.counties
        .into_iter()
        .next()
        .ok_or(ComputeError::NoPeriod(options.year))
}

fn ratios(t: &Totals, gdp: Option<f64>, population: Option<f64>, land_area_hm2: f64) -> Ratios {
    let div = |a: f64, b: Option<f64>| b.filter(|b| *b > 0.0).map(|b| a / b);
    Ratios {
        gep_per_gdp: div(t.gep, gdp),
        gep_per_capita: div(t.gep, population),
        gep_per_km2: div(t.gep, Some(land_area_hm2 / 100.0)),
        share_material: div(t.material, Some(t.gross)),
        share_regulating: div(t.regulating, Some(t.gross)),
        share_cultural: div(t.cultural, Some(t.gross)),
    }
}

fn status_problem(county: &str, a: &IndicatorAccount) -> Option<Problem> {
    let (zh, en) = match &a.status {
        Status::Incomplete { missing } => (
            format!("缺少输入或参数：{}", missing.join("、")),
            format!("missing inputs or parameters: {}", missing.join(", ")),
        ),
        Status::Failed {
            reason_zh,
            reason_en,
        } => (
            format!("无法计算：{reason_zh}"),
            format!("cannot compute: {reason_en}"),
        ),
        _ => return None,
    };
    Some(Problem {
        county: Some(county.to_string()),
        indicator: Some(a.id.to_string()),
        message_zh: zh,
        message_en: en,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn updating_one_county_equals_a_full_recompute() {
        let reg = Registry::builtin();
        let mut p = crate::sample::synthetic(40, 7);
        let opts = Options::year(2022);
        let mut acc = compute(&p, reg, &opts).unwrap_or_else(|e| panic!("{e}"));
        let code = p.counties[3].code.clone();
        if let Some(cp) = p.period_mut(2022).and_then(|x| x.counties.get_mut(&code)) {
            cp.land_cover.insert("broadleaf_forest".into(), 12_345.0);
            cp.indicators.remove("recreation");
        }
        update_counties(&mut acc, &p, reg, &opts, std::slice::from_ref(&code))
            .unwrap_or_else(|e| panic!("{e}"));
        let full = compute(&p, reg, &opts).unwrap_or_else(|e| panic!("{e}"));
        let a = serde_json::to_value(&acc).unwrap_or_default();
        let b = serde_json::to_value(&full).unwrap_or_default();
        assert_eq!(a["counties"], b["counties"]);
        region_close(&acc.region, &full.region);
        assert_ne!(acc.region.totals.gep, 0.0);
    }

    /// Every figure of two regions within 1e-12 relative (money sums moved by an update), and
    /// land area, population and GDP exactly.
    fn region_close(a: &RegionTotals, b: &RegionTotals) {
        let close = |x: f64, y: f64, what: &str| {
            assert!(
                (x - y).abs() <= 1e-12 * y.abs().max(1.0),
                "{what}: {x} vs {y}"
            );
        };
        let (ta, tb) = (&a.totals, &b.totals);
        for (x, y, what) in [
            (ta.gep, tb.gep, "gep"),
            (ta.gross, tb.gross, "gross"),
            (ta.material, tb.material, "material"),
            (ta.regulating, tb.regulating, "regulating"),
            (ta.cultural, tb.cultural, "cultural"),
            (ta.market, tb.market, "market"),
            (ta.non_market, tb.non_market, "non_market"),
            (ta.outside_framework, tb.outside_framework, "outside"),
            (ta.consumer_surplus, tb.consumer_surplus, "cs"),
            (a.esv_total, b.esv_total, "esv"),
            (a.esv_market, b.esv_market, "esv market"),
        ] {
            close(x, y, what);
        }
        assert_eq!(a.by_indicator.len(), b.by_indicator.len());
        for ((i, x), (j, y)) in a.by_indicator.iter().zip(&b.by_indicator) {
            assert_eq!(i, j);
            close(*x, *y, i);
        }
        assert_eq!(a.esv_by_class.len(), b.esv_by_class.len());
        for (x, y) in a.esv_by_class.iter().zip(&b.esv_by_class) {
            assert_eq!(x.0, y.0);
            close(x.1, y.1, &x.0);
            close(x.2, y.2, &x.0);
        }
        for (x, y) in a.esv_by_service.iter().zip(&b.esv_by_service) {
            close(x.1, y.1, &x.0);
        }
        assert_eq!(a.land_area_hm2.to_bits(), b.land_area_hm2.to_bits());
        assert_eq!(a.population.to_bits(), b.population.to_bits());
        assert_eq!(a.gdp_yuan.to_bits(), b.gdp_yuan.to_bits());
        assert_eq!(
            a.ratios.gep_per_gdp.is_some(),
            b.ratios.gep_per_gdp.is_some()
        );
    }

    /// Many edits in a row (land cover, an indicator removed and entered again, population,
    /// GDP taken away) keep the updated accounts equal to a full compute; an edit that adds a
    /// land class to a county sums the region again.
    #[test]
    fn a_run_of_updates_stays_equal_to_a_full_recompute() {
        let reg = Registry::builtin();
        let mut p = crate::sample::synthetic(60, 3);
        let opts = Options {
            traces: false,
            ..Options::year(2022)
        };
        let mut acc = fast::compute(&p, reg, &opts).unwrap_or_else(|e| panic!("{e}"));
        for step in 0..25usize {
            let code = p.counties[(step * 7) % 60].code.clone();
            if let Some(cp) = p.period_mut(2022).and_then(|x| x.counties.get_mut(&code)) {
                match step % 5 {
                    0 => drop(cp.land_cover.insert("paddy".into(), 1_000.0 * step as f64)),
                    1 => drop(cp.indicators.remove("recreation")),
                    2 => cp.population = Some(12_345.0 + step as f64),
                    3 => cp.gdp_yuan = None,
                    _ => drop(cp.land_cover.insert(format!("new_{step}"), 50.0)),
                }
            }
            update_counties(&mut acc, &p, reg, &opts, std::slice::from_ref(&code))
                .unwrap_or_else(|e| panic!("{e}"));
            let full = compute(&p, reg, &opts).unwrap_or_else(|e| panic!("{e}"));
            let a = serde_json::to_value(&acc.counties).unwrap_or_default();
            let b = serde_json::to_value(&full.counties).unwrap_or_default();
            assert_eq!(a, b, "step {step}");
            region_close(&acc.region, &full.region);
        }
    }
}
