//! The fast engine path: the same accounts as the reference path (`engine::compute`, one
//! county after the other through `gep::evaluate`) for accounts without traces, from dense
//! arrays.
//!
//! [`Compiled`] resolves a project once (`compile.rs`): every method of every indicator into a
//! kernel with its parameters as numbers at the target price year (`plan.rs`), and per
//! indicator × county the method and the inputs as numbered slots, converted to the units the
//! model computes in; land cover as class × county; the ESV rows and each county's regional
//! coefficients. [`Compiled::evaluate`] then runs each indicator's kernel down the column of
//! counties (`kernels.rs`) into [`Columns`] — values, quantities, component quantities, memo
//! amounts, county and region totals, ESV totals — with no string look-up and no allocation
//! per value (the columns are reused between runs). [`compute`] turns the columns into the
//! usual `Accounts` (`materialise.rs`). For one set of accounts that is no faster than the
//! reference path — reading the project's B-trees and building the accounts (dozens of small
//! allocations and the memo texts per county) cost the same on both, and the arithmetic is a
//! small part — so the app and the CLI call `engine::compute`; the columns are for the many
//! runs of one project that scenarios, decomposition and Monte Carlo make.
//!
//! Both paths agree bit for bit: every kernel calls the same `formulas` functions with the
//! operands in the same order and sums in the same order (a property test over random projects
//! checks it, `tests.rs`). Counties this path does not cover take the reference path once, at
//! compile time, and are kept whole: counties split by ecosystem type, and counties with
//! anything the reference reports (a missing or non-finite input, an unknown method, a price
//! or price-index error, products and an output value both entered). Traces are never built
//! here: a trace is asked for per cell (`engine::compute_county`).
//!
//! Scenarios, decomposition and Monte Carlo can reuse one `Compiled` for thousands of runs:
//! change input slots (`set_input`) or parameters (`set_param`: each kernel number a parameter
//! makes is rewritten from its recipe, `params.rs`) and call `evaluate` again; `slice` cuts out
//! a block of counties and `evaluate_reached` re-runs only the indicators a change reaches.
//! `linear.rs` writes each kernel's value as county feature × kernel coefficient terms, so the
//! Monte Carlo changes only the coefficients per draw.

mod compile;
mod kernels;
mod linear;
mod materialise;
mod params;
mod plan;
#[cfg(test)]
mod tests;

pub use linear::Term;
pub use params::{InputSlot, KernelParam};

use super::accounts::{Accounts, CountyAccount, Problem, Totals};
use super::esv::EsvPlan;
use super::setup::Setup;
use super::{ComputeError, Options};
use crate::model::{CountyPeriod, Project};
use crate::registry::{Category, Registry};

/// Cell modes beyond a method (1 + method index): nothing entered, a value entered in 元, an
/// output value of material products, product lines.
const NOT_ENTERED: u8 = 0;
const ENTERED: u8 = 253;
const OUTPUT: u8 = 254;
const LINES: u8 = 255;

/// Accounts without traces by the fast path: equal to `engine::compute` with
/// `traces: false` (with `options.traces` set, this is `engine::compute`).
pub fn compute(
    project: &Project,
    registry: &Registry,
    options: &Options,
) -> Result<Accounts, ComputeError> {
    if options.traces {
        return super::compute(project, registry, options);
    }
    super::setup::accounts(project, registry, options, |s, problems| {
        let mut cols = Columns::default();
        let compiled = Compiled::build_checked(s, &mut cols);
        compiled.mark_used(s);
        compiled.materialise(s, &cols, problems)
    })
}

/// A project resolved into dense arrays for one period, framework and price year.
pub struct Compiled {
    n: usize,
    inds: Vec<IndPlan>,
    /// Accounts of the counties that take the reference path (see the module doc).
    reference: Vec<Option<Box<Reference>>>,
    /// Land cover (hm²), class × county, classes in id order; 0 where a county has none.
    lc: Vec<f64>,
    /// Classes with a runoff coefficient (water balance): (class, α).
    runoff: Vec<(usize, f64)>,
    /// Vegetated classes (transpiration area).
    vegetated: Vec<usize>,
    esv: Option<EsvDense>,
    /// Imported ecological products (元, current prices) per county.
    imported: Vec<f64>,
    deduct_imports: bool,
    current_to_target: f64,
    days_in_year: f64,
    /// The parameters the kernels hold as numbers (`params.rs`), sorted by id.
    params: Vec<params::ParamState>,
    framework: String,
    price_year: i32,
}

/// A county computed by the reference path, with the problems it reported.
#[derive(Debug, Clone)]
struct Reference {
    account: CountyAccount,
    problems: Vec<Problem>,
}

/// One indicator: its methods as kernels and its columns of inputs.
struct IndPlan {
    id: String,
    category: Category,
    counted: bool,
    market: bool,
    /// Component columns in the results.
    kcomp: usize,
    methods: Vec<plan::MethodPlan>,
    cols: IndCols,
}

/// One indicator's inputs, county by county.
struct IndCols {
    /// Slots per county.
    width: usize,
    /// `NOT_ENTERED`, 1 + method index, `ENTERED`, `OUTPUT` or `LINES`.
    mode: Vec<u8>,
    /// `width` slots per county (entered value / output value: amount, index factor; product
    /// lines: the quantity when the lines have one unit, else NaN).
    slots: Vec<f64>,
    /// Components entered (bit k = component k), where empty ones are not priced.
    mask: Vec<u32>,
    /// Product lines of every county, and each county's range.
    lines: Vec<Line>,
    line_range: Vec<(u32, u32)>,
}

/// A product line: quantity, price at its price year and the factor to the target year.
#[derive(Debug, Clone, Copy)]
struct Line {
    quantity: f64,
    price: f64,
    factor: f64,
}

/// The equivalent-factor table resolved to dense class rows.
struct EsvDense {
    services: usize,
    /// Per class (same order as `Compiled::lc`): the table row's factors and the crosswalk's
    /// scale; `None` = no services.
    rows: Vec<Option<(Vec<f64>, f64)>>,
    d: f64,
    market: Vec<bool>,
    /// Regional coefficient of each service, service × county.
    scale: Vec<f64>,
}

impl EsvDense {
    fn new(p: &EsvPlan, classes: &[&str], n: usize) -> EsvDense {
        let services = p.table.services.len();
        EsvDense {
            services,
            rows: classes
                .iter()
                .map(|c| {
                    p.class_row(c)
                        .map(|(f, s)| (f.iter().take(services).copied().collect(), s))
                })
                .collect(),
            d: p.d,
            market: p.table.services.iter().map(|s| s.market).collect(),
            scale: vec![1.0; services * n],
        }
    }

    fn county_scale(&mut self, s: &Setup, cp: &CountyPeriod, k: usize) {
        let Some(p) = s.esv_plan.as_ref() else {
            return;
        };
        let coefficients = super::esv::coefficients(
            p.table,
            &p.service_ids,
            &cp.esv_adjust,
            &s.project.esv.national_means,
        );
        let n = self.scale.len() / self.services.max(1);
        for (j, v) in p.service_scale(&coefficients).into_iter().enumerate() {
            self.scale[j * n + k] = v;
        }
    }
}

/// The results of [`Compiled::evaluate`]: indicator × county columns and totals. Reuse one
/// value between runs: its arrays are kept.
#[derive(Debug, Clone, Default)]
pub struct Columns {
    n: usize,
    /// Value (元), indicator × county; 0 where not computed.
    value: Vec<f64>,
    /// The indicator's quantity where it has a single one, else NaN.
    quantity: Vec<f64>,
    /// The first priced component's quantity (the oxygen model reads it).
    first_q: Vec<f64>,
    /// Consumer surplus memo amount (元), 0 where none.
    cs: Vec<f64>,
    /// Component quantities, per indicator: component × county.
    comp: Vec<Vec<f64>>,
    /// Whether the indicator is computed, indicator × county.
    computed: Vec<bool>,
    /// County totals (the reference path's for counties it computes).
    pub totals: Vec<Totals>,
    /// ESV per county: total, market, before the regional coefficients (元).
    pub esv_total: Vec<f64>,
    pub esv_market: Vec<f64>,
    pub esv_unadjusted: Vec<f64>,
    /// ESV by service, service × county.
    esv_by_service: Vec<f64>,
    /// Sum of the county totals.
    pub region: Totals,
    pub region_esv: f64,
}

impl Columns {
    /// Indicator `i`'s value (元) in county `c` (plan order: registry, then custom); 0 where
    /// not computed.
    pub fn value(&self, i: usize, c: usize) -> f64 {
        self.value[i * self.n + c]
    }

    /// Whether indicator `i` is computed in county `c`.
    pub fn computed(&self, i: usize, c: usize) -> bool {
        self.computed[i * self.n + c]
    }

    /// Indicator `i`'s single physical quantity in county `c` (NaN when it has none).
    pub fn quantity(&self, i: usize, c: usize) -> f64 {
        self.quantity[i * self.n + c]
    }
}

impl Compiled {
    /// Resolves `project` for `options` (traces are never built here).
    pub fn new(
        project: &Project,
        registry: &Registry,
        options: &Options,
    ) -> Result<Compiled, ComputeError> {
        super::setup::with(project, registry, options, |s, _| {
            Compiled::build_checked(s, &mut Columns::default())
        })
        .map(|r| {
            let mut c = r.out;
            c.framework = r.framework;
            c.price_year = r.price_year;
            c
        })
    }

    /// The framework id and the price year of the values.
    pub fn framework(&self) -> (&str, i32) {
        (&self.framework, self.price_year)
    }

    /// Resolves and evaluates; a county with a value of ∞ or NaN (inputs far beyond any
    /// county) then takes the reference path, which reports it (`refuse_non_finite`), and the
    /// columns are evaluated again.
    fn build_checked(s: &Setup, cols: &mut Columns) -> Compiled {
        let mut compiled = Compiled::build(s);
        compiled.evaluate(cols);
        let n = compiled.n;
        let mut again = false;
        for c in 0..n {
            let bad = (0..compiled.inds.len())
                .any(|i| cols.computed[i * n + c] && !cols.value[i * n + c].is_finite());
            if bad {
                compiled.refer(s, c);
                again = true;
            }
        }
        if again {
            compiled.evaluate(cols);
        }
        compiled
    }

    /// County `c` takes the reference path.
    fn refer(&mut self, s: &Setup, c: usize) {
        for ind in &mut self.inds {
            ind.cols.mode[c] = NOT_ENTERED;
        }
        let mut problems = Vec::new();
        let account = s.county_account(&s.project.counties[c], &mut problems);
        self.reference[c] = Some(Box::new(Reference { account, problems }));
    }

    /// Number of counties.
    pub fn counties(&self) -> usize {
        self.n
    }

    /// Number of counties that take the reference path.
    pub fn reference_counties(&self) -> usize {
        self.reference.iter().filter(|r| r.is_some()).count()
    }

    /// Sets input slot `slot` of indicator `i` in county `c` (in the unit the model computes
    /// in) for the next `evaluate`; `false` when the cell has no such slot.
    pub fn set_input(&mut self, i: usize, c: usize, slot: usize, value: f64) -> bool {
        let Some(ind) = self.inds.get_mut(i) else {
            return false;
        };
        let w = ind.cols.width;
        let m = ind.cols.mode.get(c).copied().unwrap_or(NOT_ENTERED);
        if m == NOT_ENTERED || m >= ENTERED || slot >= w {
            return false;
        }
        ind.cols.slots[c * w + slot] = value;
        true
    }

    /// Records the parameters of every method a county computed here uses (the reference
    /// path records its own).
    fn mark_used(&self, s: &Setup) {
        let mut used = s.ctx.used.borrow_mut();
        for ind in &self.inds {
            for (m, mp) in ind.methods.iter().enumerate() {
                let code = m as u8 + 1;
                let mut mask = 0u32;
                let mut any = false;
                for (&md, &mk) in ind.cols.mode.iter().zip(&ind.cols.mask) {
                    if md == code {
                        any = true;
                        mask |= mk;
                    }
                }
                if !any {
                    continue;
                }
                let mut add = |p: &std::sync::Arc<super::EffectiveParam>| {
                    used.entry(std::sync::Arc::as_ptr(p) as usize)
                        .or_insert_with(|| p.clone());
                };
                mp.params.iter().for_each(&mut add);
                if let plan::Kernel::Priced { comps, .. } = &mp.kernel {
                    for (b, c) in comps.iter().enumerate() {
                        if mask & (1 << b) != 0 {
                            c.params.iter().for_each(&mut add);
                        }
                    }
                }
            }
        }
    }
}
