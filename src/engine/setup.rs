//! What a computation fixes before it visits the counties: the period, the framework, the
//! price book, the indicator plan, the ESV plan and the ecosystem keys. Built once per
//! computation and shared by the reference path (`Setup::county_account`, one county at a
//! time) and the fast path (`engine::fast`, which resolves the same plan into dense columns and
//! hands the counties it does not cover back to `county_account`), so both read every rule
//! from one place.
//!
//! The price book (every parameter resolved at the target price year) is the costliest part of
//! a setup, and an edit of one county's data recomputes that county alone: [`price_book`] keeps
//! the last book (and the interned ids of the indicators) with a copy of everything it was
//! made from (the years, the project's price
//! overrides, price indices and custom indicators, and the first accounting year that dates an
//! override without a year), and gives it again while all of those are equal. The comparison is
//! of the data itself, so a change of any price, index or year makes a new book.

use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

use super::accounts::{Accounts, CountyAccount, IndicatorAccount, Problem};
use super::prices::PriceBook;
use super::trace::EffectiveParam;
use super::{ComputeError, Options, ecosystem, esv, gep};
use crate::model::{County, CountyPeriod, Period, Project};
use crate::registry::Registry;

/// The fixed part of one computation (see the module doc).
pub(crate) struct Setup<'a> {
    pub project: &'a Project,
    pub period: &'a Period,
    /// The base year's period in constant-price accounts (product lines keep its prices).
    pub base_period: Option<&'a Period>,
    pub deduct_imports: bool,
    pub ctx: gep::Ctx<'a>,
    pub plan: Vec<gep::Plan<'a>>,
    /// Plan position of each indicator id.
    pub plan_index: HashMap<&'a str, usize>,
    pub esv_plan: Option<esv::EsvPlan<'a>>,
    pub keys: ecosystem::Keys<'a>,
    /// Current prices of the accounting year → target price year (GDP, imported products).
    pub current_to_target: Option<f64>,
}

/// Builds the setup, lets `f` compute the county accounts (in project order) and assembles
/// the accounts: region totals, problems (the ESV plan's first, then what `f` reported) and
/// the parameters used.
pub(crate) fn accounts(
    project: &Project,
    registry: &Registry,
    options: &Options,
    f: impl FnOnce(&Setup<'_>, &mut Vec<Problem>) -> Vec<CountyAccount>,
) -> Result<Accounts, ComputeError> {
    let run = with(project, registry, options, |s, problems| {
        let counties = f(s, problems);
        let region = super::region_of(
            &counties,
            project.counties.iter().map(|c| c.land_area_hm2),
            &s.keys,
        );
        (counties, region)
    })?;
    let (counties, region) = run.out;
    Ok(Accounts {
        year: options.year,
        framework: run.framework,
        price_year: run.price_year,
        counties,
        region,
        problems: run.problems,
        params_used: run.params_used,
    })
}

/// What [`with`] returns: `f`'s result and what the setup collected.
pub(crate) struct Run<R> {
    pub out: R,
    pub problems: Vec<Problem>,
    /// Every parameter that entered a computed number, sorted by id.
    pub params_used: Vec<Arc<EffectiveParam>>,
    pub framework: String,
    pub price_year: i32,
}

/// Builds the setup of `options` and runs `f` on it.
pub(crate) fn with<R>(
    project: &Project,
    registry: &Registry,
    options: &Options,
    f: impl FnOnce(&Setup<'_>, &mut Vec<Problem>) -> R,
) -> Result<Run<R>, ComputeError> {
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
    let specs = crate::model::catalogue::indicators(project, registry);
    let (book, ids) = price_book(project, registry, options.year, price_year, &specs);
    let book = book.as_ref();
    let ctx = gep::Ctx {
        book,
        period_year: options.year,
        pollutant_pricing: project.meta.pollutant_pricing,
        classes: super::class_infos(project, registry),
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
    let esv_plan = match esv::plan(project, registry, book) {
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
    // One hash per entered indicator instead of a B-tree search per registry indicator.
    let plan_index: HashMap<&str, usize> = plan
        .iter()
        .enumerate()
        .map(|(i, p)| (p.spec.id.as_str(), i))
        .collect();
    let setup = Setup {
        project,
        period,
        // Constant-price accounts hold product lines at the base year's prices
        // (`gep::line_price`).
        base_period: project
            .period(price_year)
            .filter(|_| price_year != options.year),
        deduct_imports: framework.deduct_imports,
        // GDP and imported products are current-price amounts of the accounting year.
        current_to_target: book.index_factor("cpi", options.year).ok(),
        ctx,
        plan,
        plan_index,
        esv_plan,
        keys: ecosystem::Keys::new(project, registry),
    };
    let out = f(&setup, &mut problems);
    let mut params_used: Vec<Arc<EffectiveParam>> = setup.ctx.used.take().into_values().collect();
    params_used.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(Run {
        out,
        problems,
        params_used,
        framework: framework_id,
        price_year,
    })
}

/// What a price book is made from (besides the built-in registry).
#[derive(Clone, PartialEq)]
struct BookKey {
    period_year: i32,
    target_year: i32,
    assumed_override_year: Option<i32>,
    overrides: std::collections::BTreeMap<String, crate::model::ParamOverride>,
    indices: Vec<crate::registry::PriceIndexSeries>,
    custom: Vec<crate::model::CustomIndicator>,
}

impl BookKey {
    fn matches(&self, project: &Project, period_year: i32, target_year: i32) -> bool {
        self.period_year == period_year
            && self.target_year == target_year
            && self.assumed_override_year == project.assumed_override_price_year()
            && self.overrides == project.price_overrides
            && self.indices == project.price_indices
            && self.custom == project.custom_indicators
    }
}

/// The ids a computation interns (`gep::Ctx::ids`): made from the indicators, which the
/// registry and the project's custom indicators fix (both part of [`BookKey`]).
pub(crate) type Ids = HashMap<String, Arc<str>>;

/// The last price book made with the built-in registry, and its interned ids (see the module
/// doc).
type Kept = (BookKey, Arc<PriceBook>, Arc<Ids>);
static LAST_BOOK: std::sync::Mutex<Option<Kept>> = std::sync::Mutex::new(None);

/// The price book of `project` for an accounting year and a target price year, with the ids of
/// `specs` interned: the last ones made when they were made from equal price data (see the
/// module doc), else new ones.
pub(crate) fn price_book(
    project: &Project,
    registry: &Registry,
    period_year: i32,
    target_year: i32,
    specs: &[std::borrow::Cow<'_, crate::registry::IndicatorSpec>],
) -> (Arc<PriceBook>, Arc<Ids>) {
    let fresh = || {
        (
            Arc::new(PriceBook::new(project, registry, period_year, target_year)),
            Arc::new(super::interned_ids(specs, registry)),
        )
    };
    // Another registry (tests, tools) is not kept: its address says nothing of its content.
    if !std::ptr::eq(registry, Registry::builtin()) {
        return fresh();
    }
    // Threads that find the slot busy make their own book rather than wait.
    if let Ok(slot) = LAST_BOOK.try_lock()
        && let Some((key, book, ids)) = slot.as_ref()
        && key.matches(project, period_year, target_year)
    {
        return (book.clone(), ids.clone());
    }
    let (book, ids) = fresh();
    if let Ok(mut slot) = LAST_BOOK.try_lock() {
        let key = BookKey {
            period_year,
            target_year,
            assumed_override_year: project.assumed_override_price_year(),
            overrides: project.price_overrides.clone(),
            indices: project.price_indices.clone(),
            custom: project.custom_indicators.clone(),
        };
        *slot = Some((key, book.clone(), ids.clone()));
    }
    (book, ids)
}

impl Setup<'_> {
    /// The county's data of the period (empty when it has none).
    pub(crate) fn county_period(&self, code: &str) -> &CountyPeriod {
        static EMPTY: std::sync::OnceLock<CountyPeriod> = std::sync::OnceLock::new();
        self.period
            .counties
            .get(code)
            .unwrap_or_else(|| EMPTY.get_or_init(CountyPeriod::default))
    }

    /// The reference computation of one county: every indicator in plan order (split ones part
    /// by part), totals, ratios, ESV and the rows by ecosystem type; problems of indicators
    /// that are not computed go to `problems`.
    pub(crate) fn county_account(
        &self,
        county: &County,
        problems: &mut Vec<Problem>,
    ) -> CountyAccount {
        let cp = self.county_period(&county.code);
        let base_cp = self.base_period.and_then(|p| p.counties.get(&county.code));
        let mut inputs: Vec<Option<&crate::model::IndicatorInput>> = vec![None; self.plan.len()];
        for (id, input) in &cp.indicators {
            if let Some(&i) = self.plan_index.get(id.as_str()) {
                inputs[i] = Some(input);
            }
        }
        let mut inds: Vec<IndicatorAccount> = Vec::with_capacity(self.plan.len());
        let mut parts = if cp.ecosystem_parts.is_empty() {
            Vec::new()
        } else {
            ecosystem::parts(&self.keys, cp, base_cp)
        };
        for (p, input) in self.plan.iter().zip(&inputs) {
            let a = if parts.iter().any(|x| x.input(&p.spec.id).is_some()) {
                super::split_indicator(p, &self.ctx, &mut parts, cp, base_cp, &inds)
            } else {
                gep::evaluate(p, &self.ctx, cp, base_cp, *input, &inds)
            };
            inds.push(a.refuse_non_finite());
        }
        let by_ecosystem = ecosystem::county_rows(&self.keys, &inds);
        let mut t = super::totals_of(&inds, &county.code, problems);
        if self.deduct_imports && cp.imported_products_yuan != 0.0 {
            t.imported_deduction =
                cp.imported_products_yuan * self.current_to_target.unwrap_or(1.0);
            t.market -= t.imported_deduction;
        }
        t.gep = t.gross - t.imported_deduction;
        let gdp = self.gdp(cp);
        let ratios = super::ratios(&t, gdp, cp.population, county.land_area_hm2);
        CountyAccount {
            code: county.code.clone(),
            name_zh: county.name.zh.clone(),
            name_en: county.name.en.clone(),
            population: cp.population,
            gdp_yuan: gdp,
            indicators: inds,
            totals: t,
            ratios,
            esv: self.esv_account(cp),
            by_ecosystem,
        }
    }

    /// GDP moved to the target price year.
    pub(crate) fn gdp(&self, cp: &CountyPeriod) -> Option<f64> {
        cp.gdp_yuan
            .map(|g| g * self.current_to_target.unwrap_or(1.0))
    }

    pub(crate) fn esv_account(&self, cp: &CountyPeriod) -> Option<super::EsvAccount> {
        self.esv_plan
            .as_ref()
            .map(|p| p.account(cp, &self.project.esv.national_means, &self.ctx))
    }
}

#[cfg(test)]
mod tests;
