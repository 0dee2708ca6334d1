//! The accounting engine: pure functions from a project to accounts.
//!
//! `compute(project, registry, options)` turns what the user typed into `Accounts` for one
//! period and framework: per county and indicator the physical quantity, the value and its
//! trace; subtotals, GEP, market / non-market split, ESV and headline ratios; region totals.
//! No UI, no I/O, no globals: the same call serves the app, the CLI, reports and exports.

pub mod accounts;
pub mod compensation;
mod ecosystem;
pub mod esv;
pub mod formula_doc;
pub mod formulas;
mod gep;
pub mod growth;
pub mod prices;
pub mod trace;
pub mod transitions;

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

/// Computes the accounts of one period under one framework.
pub fn compute(
    project: &Project,
    registry: &Registry,
    options: &Options,
) -> Result<Accounts, ComputeError> {
    let period = project
        .period(options.year)
        .ok_or(ComputeError::NoPeriod(options.year))?;
    let framework_id = options
        .framework
        .clone()
        .unwrap_or_else(|| project.meta.framework.clone());
    let framework = registry
        .framework(&framework_id)
        .ok_or_else(|| ComputeError::UnknownFramework(framework_id.clone()))?;
    let price_year = options
        .price_year
        .or(project.meta.base_year)
        .unwrap_or(options.year);
    let book = PriceBook::new(project, registry, options.year, price_year);

    let classes = class_infos(project, registry);
    let keys = ecosystem::Keys::new(project, registry);
    let specs = crate::model::catalogue::indicators(project, registry);
    let ids = interned_ids(&specs, registry);
    let ctx = Ctx {
        book: &book,
        period_year: options.year,
        pollutant_pricing: project.meta.pollutant_pricing,
        classes,
        ids,
        record: options.traces,
        used: Default::default(),
    };
    let plan: Vec<gep::Plan> = specs
        .iter()
        .map(|s| gep::Plan {
            spec: s,
            id: ctx.id(&s.id),
            counted: s.counts_in(&framework_id),
            components: match &s.formula {
                crate::registry::Formula::Priced { components } => {
                    components.iter().map(|c| ctx.id(&c.id)).collect()
                }
                _ => vec![],
            },
            methods: s.methods.iter().map(|m| ctx.id(&m.id)).collect(),
        })
        .collect();

    let mut problems = Vec::new();
    let esv_plan = match esv::plan(project, registry, &book) {
        Ok(p) => Some(p),
        Err(e) => {
            let (zh, en) = e.message();
            problems.push(Problem {
                county: None,
                indicator: None,
                message_zh: format!("当量因子法未计算：{zh}"),
                message_en: format!("ESV not computed: {en}"),
            });
            None
        }
    };
    // GDP and imported products are current-price amounts of the accounting year.
    let current_to_target = book.index_factor("cpi", options.year).ok();

    // Constant-price accounts hold product lines at the base year's prices (`gep::line_price`).
    let base_period = project
        .period(price_year)
        .filter(|_| price_year != options.year);
    let mut counties = Vec::with_capacity(project.counties.len());
    let empty = crate::model::CountyPeriod::default();
    // One hash per entered indicator instead of a B-tree search per registry indicator.
    let plan_index: HashMap<&str, usize> = plan
        .iter()
        .enumerate()
        .map(|(i, p)| (p.spec.id.as_str(), i))
        .collect();
    let mut inputs: Vec<Option<&crate::model::IndicatorInput>> = vec![None; plan.len()];
    for county in &project.counties {
        let cp = period.counties.get(&county.code).unwrap_or(&empty);
        let base_cp = base_period.and_then(|p| p.counties.get(&county.code));
        inputs.iter_mut().for_each(|x| *x = None);
        for (id, input) in &cp.indicators {
            if let Some(&i) = plan_index.get(id.as_str()) {
                inputs[i] = Some(input);
            }
        }
        let mut inds: Vec<IndicatorAccount> = Vec::with_capacity(specs.len());
        let mut parts = if cp.ecosystem_parts.is_empty() {
            Vec::new()
        } else {
            ecosystem::parts(&keys, cp, base_cp)
        };
        for (p, input) in plan.iter().zip(&inputs) {
            let a = if parts.iter().any(|x| x.input(&p.spec.id).is_some()) {
                split_indicator(p, &ctx, &mut parts, cp, base_cp, &inds)
            } else {
                gep::evaluate(p, &ctx, cp, base_cp, *input, &inds)
            };
            inds.push(a);
        }
        let by_ecosystem = ecosystem::county_rows(&keys, &inds);
        let mut t = totals_of(&inds, &county.code, &mut problems);
        if framework.deduct_imports && cp.imported_products_yuan != 0.0 {
            t.imported_deduction = cp.imported_products_yuan * current_to_target.unwrap_or(1.0);
            t.market -= t.imported_deduction;
        }
        t.gep = t.gross - t.imported_deduction;
        let gdp = cp.gdp_yuan.map(|g| g * current_to_target.unwrap_or(1.0));
        let ratios = ratios(&t, gdp, cp.population, county.land_area_hm2);
        counties.push(CountyAccount {
            code: county.code.clone(),
            name_zh: county.name.zh.clone(),
            name_en: county.name.en.clone(),
            population: cp.population,
            gdp_yuan: gdp,
            indicators: inds,
            totals: t,
            ratios,
            esv: esv_plan
                .as_ref()
                .map(|p| p.account(cp, &project.esv.national_means, &ctx)),
            by_ecosystem,
        });
    }

    let region = region_of(
        &counties,
        project.counties.iter().map(|c| c.land_area_hm2),
        &keys,
    );

    let mut params_used: Vec<Arc<EffectiveParam>> = ctx.used.take().into_values().collect();
    params_used.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(Accounts {
        year: options.year,
        framework: framework_id,
        price_year,
        counties,
        region,
        problems,
        params_used,
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
                match region.esv_by_class.iter_mut().find(|r| r.0 == *class) {
                    Some(r) => {
                        r.1 += area;
                        r.2 += value;
                    }
                    None => region.esv_by_class.push((class.clone(), *area, *value)),
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
/// data changed, and the region totals from the county accounts. Equal to a full `compute`
/// for county-local edits, at a fraction of the cost on large projects.
pub fn update_counties(
    accounts: &mut Accounts,
    project: &Project,
    registry: &Registry,
    options: &Options,
    codes: &[String],
) -> Result<(), ComputeError> {
    for code in codes {
        let Some(pos) = accounts.counties.iter().position(|c| &c.code == code) else {
            continue;
        };
        let one = compute(&project.only_county(code), registry, options)?;
        accounts
            .problems
            .retain(|p| p.county.as_deref() != Some(code.as_str()));
        accounts
            .problems
            .extend(one.problems.into_iter().filter(|p| p.county.is_some()));
        for p in one.params_used {
            if !accounts.params_used.iter().any(|q| q.id == p.id) {
                accounts.params_used.push(p);
            }
        }
        if let Some(c) = one.counties.into_iter().next() {
            accounts.counties[pos] = c;
        }
    }
    accounts.params_used.sort_by(|a, b| a.id.cmp(&b.id));
    accounts.region = region_of(
        &accounts.counties,
        project.counties.iter().map(|c| c.land_area_hm2),
        &ecosystem::Keys::new(project, registry),
    );
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
        let (ra, rb) = (&acc.region.totals, &full.region.totals);
        for (x, y) in [
            (ra.gep, rb.gep),
            (ra.regulating, rb.regulating),
            (ra.cultural, rb.cultural),
        ] {
            assert!((x - y).abs() <= 1e-6 * y.abs(), "{x} vs {y}");
        }
        assert!(
            (acc.region.esv_total - full.region.esv_total).abs() <= 1e-6 * full.region.esv_total
        );
        assert_eq!(
            acc.region.by_indicator.len(),
            full.region.by_indicator.len()
        );
        assert_ne!(acc.region.totals.gep, 0.0);
    }
}
