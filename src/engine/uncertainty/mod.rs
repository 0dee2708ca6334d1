//! Uncertainty of the accounts by Monte Carlo: median and 5 % / 95 % of GEP, each category and
//! (on a subset of draws) the compensation amounts, per county and for the region, and a
//! tornado of the parameters. Pure: no UI, no I/O.
//!
//! **What is drawn.** Every parameter the kernels hold (prices, model coefficients) that the
//! project gives a distribution, or, when `tag_defaults` is on, every other one from its
//! verification tag's default (`registry::uncertainty`; statutory rates are exact); indicator
//! inputs the project gives a distribution, for one county or for every county that entered
//! them. Parameter draws are shared by all counties in a draw; input draws are per county.
//! Counties the fast path hands to the reference path (split by ecosystem type, or with a
//! problem the reference reports) keep their point values, and product lines keep their own
//! prices.
//!
//! **Reproducible.** Each number drawn is a function of (seed, stream, draw) (`sample`): the
//! result is the same on any machine and with any number of threads.
//!
//! **How.** The project is compiled once (`engine::fast::Compiled`). All parameter vectors are
//! drawn first, and with them every kernel coefficient of every draw (`split`); then blocks of
//! counties (independent given the parameter draws) get all their draws at once as the point
//! estimate plus Σ county feature × coefficient change (a sparse matrix product), plus the lake
//! power terms and the few cells re-run per draw, and their quantiles taken, so memory is one
//! block × draws. Evaluating each draw in full (`Compiled::evaluate_reached`) is kept as the
//! reference the tests check the split against.
//! Blocks are handed to the threads in turn; their values are added into the region's per-draw
//! totals in county order once every earlier block is in, so the region of a draw is the sum of
//! its counties in the order the point estimate adds them, whatever the threads did.
//! The tornado sets one parameter at a time to its 5 % and 95 % points, the others at their
//! point values, and ranks the parameters by the swing of region GEP.

mod check;
mod compensation;
pub mod sample;
mod split;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use serde::Serialize;

pub use check::{SpreadProblem, check};

use super::fast::{Columns, Compiled, KernelParam};
use super::{Options, Totals};
use crate::model::Project;
use crate::model::uncertainty::{Dist, Spread, UncertaintySettings};
use crate::registry::Registry;

/// Counties per block (see the module doc).
const BLOCK: usize = 32;

/// How a run is made: draws, seed and threads (the result does not depend on the threads).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct McOptions {
    pub draws: u32,
    pub seed: u64,
    pub threads: usize,
    /// Also the compensation amounts (over the first draws, see `compensation`), when the
    /// project's method gives amounts.
    pub compensation: bool,
}

/// Progress of a run and its cancel flag, shared with the caller's thread.
#[derive(Debug, Default)]
pub struct Progress {
    /// Steps done and their number (blocks of counties, then the tornado and compensation).
    pub done: AtomicUsize,
    pub total: AtomicUsize,
    pub cancel: AtomicBool,
}

impl Progress {
    /// Share done, 0–1.
    pub fn fraction(&self) -> f32 {
        let t = self.total.load(Ordering::Relaxed);
        if t == 0 {
            return 0.0;
        }
        self.done.load(Ordering::Relaxed) as f32 / t as f32
    }
}

/// Median and 5 % / 95 % of a quantity, beside its point value (元).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    pub point: f64,
    pub median: f64,
    pub p5: f64,
    pub p95: f64,
}

impl Interval {
    fn of(point: f64, v: &mut [f64]) -> Interval {
        let (median, p5, p95) = sample::bands(v);
        Interval {
            point,
            median,
            p5,
            p95,
        }
    }
}

/// GEP and its categories.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Bands {
    pub gep: Interval,
    pub material: Interval,
    pub regulating: Interval,
    pub cultural: Interval,
}

/// The quantities kept per draw, in this order.
const Q: usize = 4;

fn quantities(t: &Totals) -> [f64; Q] {
    [t.gep, t.material, t.regulating, t.cultural]
}

fn bands_of(point: &Totals, v: &mut [Vec<f64>; Q]) -> Bands {
    let p = quantities(point);
    Bands {
        gep: Interval::of(p[0], &mut v[0]),
        material: Interval::of(p[1], &mut v[1]),
        regulating: Interval::of(p[2], &mut v[2]),
        cultural: Interval::of(p[3], &mut v[3]),
    }
}

/// One county's intervals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountyBands {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub bands: Bands,
    /// Compensation amount (元, + receives), over the compensation draws.
    pub compensation: Option<Interval>,
}

/// Where a parameter's distribution comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// The project set it.
    Project,
    /// Its verification tag's default.
    TagDefault,
}

/// A parameter drawn in the run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DrawnParam {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub tag: &'static str,
    pub spread: Spread,
    pub origin: Origin,
    /// Point value at the target price year.
    pub point: f64,
    /// 5 % and 95 % points at the target price year.
    pub p5: f64,
    pub p95: f64,
}

/// One bar of the tornado: region GEP with the parameter at its 5 % and its 95 % point.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bar {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub gep_low: f64,
    pub gep_high: f64,
    /// |gep_high − gep_low|.
    pub swing: f64,
}

/// The result of a run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct McResult {
    pub year: i32,
    pub framework: String,
    pub price_year: i32,
    pub draws: u32,
    pub seed: u64,
    pub region: Bands,
    pub counties: Vec<CountyBands>,
    /// Parameters by swing, largest first.
    pub tornado: Vec<Bar>,
    pub params: Vec<DrawnParam>,
    /// County inputs drawn (cells).
    pub inputs: usize,
    /// Counties kept at their point values (computed by the reference path).
    pub fixed_counties: usize,
    /// Draws the compensation amounts are taken over (the first ones), 0 = none.
    pub compensation_draws: u32,
    /// Region total of the compensation amounts (sum of the counties' in each draw).
    pub region_compensation: Option<Interval>,
}

/// Why a run could not be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum McError {
    #[error("{0}")]
    Compute(#[from] super::ComputeError),
    #[error("{}", .0.first().map(|p| p.en.as_str()).unwrap_or(""))]
    Spread(Vec<SpreadProblem>),
    #[error("cancelled")]
    Cancelled,
}

impl McError {
    /// What is wrong and what to do, in `lang`.
    pub fn message(&self, lang: crate::i18n::Lang) -> String {
        match self {
            McError::Compute(e) => e.message(lang),
            McError::Spread(v) => v
                .iter()
                .map(|p| p.message(lang).to_string())
                .collect::<Vec<_>>()
                .join("\n"),
            McError::Cancelled => crate::i18n::t(lang, "mc_cancelled").to_string(),
        }
    }
}

/// A county input drawn: indicator, county, slot and how its value is made.
struct InputDraw {
    i: usize,
    c: usize,
    slot: usize,
    spread: Spread,
    point: f64,
    from: crate::units::Unit,
    to: crate::units::Unit,
    key: u64,
}

impl InputDraw {
    fn value(&self, d: u64) -> f64 {
        let u = sample::uniform(self.key, d);
        let x = sample::quantile(&self.spread.dist, u);
        if self.spread.relative {
            self.point * x
        } else {
            self.from.convert(x, self.to).unwrap_or(x)
        }
    }
}

/// Everything resolved before the draws.
struct Plan {
    params: Vec<DrawnParam>,
    /// Per drawn parameter: index factor (own price year → target) and stream key.
    factors: Vec<f64>,
    keys: Vec<u64>,
    /// Per drawn parameter: its position in the compiled project (`Compiled::param_index`).
    slots: Vec<usize>,
    inputs: Vec<InputDraw>,
    #[cfg_attr(not(test), allow(dead_code))]
    reached: Vec<bool>,
    #[cfg_attr(not(test), allow(dead_code))]
    /// Indicators whose physical quantities no draw changes (only their prices).
    fixed_q: Vec<bool>,
}

impl Plan {
    /// Parameter `p`'s value at the target year for the uniform number `u`.
    fn param_value(&self, p: usize, u: f64) -> f64 {
        let dp = &self.params[p];
        let x = sample::quantile(&dp.spread.dist, u);
        if dp.spread.relative {
            dp.point * x
        } else {
            x * self.factors[p]
        }
    }
}

/// The spread of a kernel parameter: the project's, else its tag's default (none for a
/// statutory rate or with `tag_defaults` off).
fn spread_of(kp: &KernelParam, settings: &UncertaintySettings) -> Option<(Spread, Origin)> {
    if let Some(p) = settings.params.iter().find(|p| *p.param == *kp.param.id) {
        return Some((p.spread, Origin::Project));
    }
    if !settings.tag_defaults || kp.param.statutory.is_some() {
        return None;
    }
    let h = crate::registry::uncertainty::half_width(kp.param.tag);
    (h > 0.0).then_some((
        Spread {
            dist: Dist::Triangular {
                min: 1.0 - h,
                mode: 1.0,
                max: 1.0 + h,
            },
            relative: true,
        },
        Origin::TagDefault,
    ))
}

fn plan(project: &Project, compiled: &Compiled, settings: &UncertaintySettings, seed: u64) -> Plan {
    let mut params = Vec::new();
    let mut factors = Vec::new();
    let mut keys = Vec::new();
    let mut reached = vec![false; compiled.indicators()];
    for kp in compiled.kernel_params() {
        let Some((spread, origin)) = spread_of(&kp, settings) else {
            continue;
        };
        if sample::is_point(&spread) && !spread.relative {
            continue;
        }
        let mut dp = DrawnParam {
            id: kp.param.id.to_string(),
            name_zh: kp.param.name_zh.clone(),
            name_en: kp.param.name_en.clone(),
            tag: kp.param.tag.label(),
            spread,
            origin,
            point: kp.point,
            p5: 0.0,
            p95: 0.0,
        };
        for i in compiled.indicators_of_param(&dp.id) {
            reached[i] = true;
        }
        params.push(dp.clone());
        factors.push(kp.index_factor);
        keys.push(sample::key(seed, sample::stream_of(&["param", &dp.id])));
        let plan1 = Plan {
            params: vec![dp.clone()],
            factors: vec![kp.index_factor],
            keys: Vec::new(),
            slots: Vec::new(),
            inputs: Vec::new(),
            reached: Vec::new(),
            fixed_q: Vec::new(),
        };
        dp.p5 = plan1.param_value(0, 0.05);
        dp.p95 = plan1.param_value(0, 0.95);
        if let Some(last) = params.last_mut() {
            *last = dp;
        }
    }
    let mut inputs = Vec::new();
    for iu in &settings.inputs {
        let Some(i) = compiled.indicator_index(&iu.indicator) else {
            continue;
        };
        for (c, county) in project.counties.iter().enumerate() {
            if !iu.county.is_empty() && iu.county != county.code {
                continue;
            }
            let Some(s) = compiled.input_slot(i, c, &iu.input) else {
                continue;
            };
            reached[i] = true;
            inputs.push(InputDraw {
                i,
                c,
                slot: s.slot,
                spread: iu.spread,
                point: s.point,
                from: s.from,
                to: s.to,
                key: sample::key(
                    seed,
                    sample::stream_of(&["input", &iu.indicator, &iu.input, &county.code]),
                ),
            });
        }
    }
    compiled.close_reached(&mut reached);
    let slots: Vec<usize> = params
        .iter()
        .map(|p| compiled.param_index(&p.id).unwrap_or(usize::MAX))
        .collect();
    // Quantities move with a drawn model coefficient, a drawn input, or (oxygen) the
    // quantities they are made from; indicators are in plan order, sources first.
    let mut fixed_q = vec![true; compiled.indicators()];
    for x in &inputs {
        fixed_q[x.i] = false;
    }
    for i in 0..fixed_q.len() {
        if compiled
            .quantity_params(i)
            .iter()
            .any(|k| slots.contains(k))
        {
            fixed_q[i] = false;
        }
        if let Some(src) = compiled.quantity_source(i)
            && !fixed_q.get(src).copied().unwrap_or(true)
        {
            fixed_q[i] = false;
        }
    }
    Plan {
        params,
        factors,
        keys,
        slots,
        inputs,
        reached,
        fixed_q,
    }
}

/// The compiled project at its point values, its evaluation, the plan and every parameter
/// vector (draw × parameter).
struct Prepared {
    compiled: Compiled,
    point: Columns,
    plan: Plan,
    pvals: Vec<f64>,
    draws: usize,
}

fn prepare(
    project: &Project,
    registry: &Registry,
    options: &Options,
    mc: &McOptions,
) -> Result<Prepared, McError> {
    let compiled = Compiled::new(project, registry, options)?;
    let mut point = Columns::default();
    compiled.evaluate(&mut point);
    let plan = plan(project, &compiled, &project.uncertainty, mc.seed);
    let draws = mc.draws.max(1) as usize;
    let np = plan.params.len();
    let mut pvals = vec![0.0; draws * np];
    for d in 0..draws {
        for p in 0..np {
            pvals[d * np + p] = plan.param_value(p, sample::uniform(plan.keys[p], d as u64));
        }
    }
    Ok(Prepared {
        compiled,
        point,
        plan,
        pvals,
        draws,
    })
}

/// Runs the Monte Carlo of `project` for `options` (year, framework, price year; traces are
/// never built). `progress` reports and cancels.
pub fn run(
    project: &Project,
    registry: &Registry,
    options: &Options,
    mc: &McOptions,
    progress: Option<&Progress>,
) -> Result<McResult, McError> {
    let problems = check(project, registry);
    if !problems.is_empty() {
        return Err(McError::Spread(problems));
    }
    let options = Options {
        traces: false,
        ..options.clone()
    };
    let Prepared {
        mut compiled,
        mut point,
        plan,
        pvals,
        draws,
    } = prepare(project, registry, &options, mc)?;
    let (framework, price_year) = {
        let (f, p) = compiled.framework();
        (f.to_string(), p)
    };
    let n = compiled.counties();
    let np = plan.params.len();
    let split = split::Split::new(&mut compiled, &plan, &pvals, &point, draws);
    let blocks = n.div_ceil(BLOCK);
    let comp_draws = if mc.compensation {
        compensation::draws(project, draws)
    } else {
        0
    };
    let own = Progress::default();
    let progress = progress.unwrap_or(&own);
    progress
        .total
        .store(blocks + 2 * np + comp_draws, Ordering::Relaxed);
    progress.done.store(0, Ordering::Relaxed);
    let mut county_bands: Vec<Option<Bands>> = vec![None; n];
    let merge = Mutex::new(Merge {
        next: 0,
        pending: BTreeMap::new(),
        free: Vec::new(),
        region: std::array::from_fn(|_| vec![0.0; draws]),
    });
    let next = AtomicUsize::new(0);
    let out = Mutex::new(&mut county_bands);
    let work = || {
        while let Some(b) = Some(next.fetch_add(1, Ordering::Relaxed)).filter(|&b| b < blocks) {
            if progress.cancel.load(Ordering::Relaxed) {
                return;
            }
            let range = b * BLOCK..((b + 1) * BLOCK).min(n);
            let buf = merge
                .lock()
                .ok()
                .and_then(|mut m| m.free.pop())
                .unwrap_or_default();
            let (vals, bands) = split.block(&compiled, &plan, &pvals, &point, range.clone(), buf);
            if let Ok(mut o) = out.lock() {
                for (k, bd) in bands.into_iter().enumerate() {
                    o[range.start + k] = Some(bd);
                }
            }
            if let Ok(mut m) = merge.lock() {
                m.pending.insert(b, vals);
                m.drain(BLOCK, draws);
            }
            progress.done.fetch_add(1, Ordering::Relaxed);
        }
    };
    std::thread::scope(|s| {
        for _ in 1..mc.threads.max(1) {
            s.spawn(work);
        }
        work();
    });
    if progress.cancel.load(Ordering::Relaxed) {
        return Err(McError::Cancelled);
    }
    let mut region_draws = merge
        .into_inner()
        .map(|m| m.region)
        .unwrap_or_else(|e| e.into_inner().region);
    let region = bands_of(&point.region, &mut region_draws);
    let tornado = tornado(&mut compiled, &plan, &mut point, progress);
    let comp = compensation::run(
        project,
        registry,
        &options,
        &mut compiled,
        &plan,
        &pvals,
        comp_draws,
        progress,
    );
    if progress.cancel.load(Ordering::Relaxed) {
        return Err(McError::Cancelled);
    }
    let counties = project
        .counties
        .iter()
        .zip(county_bands)
        .enumerate()
        .map(|(c, (county, b))| CountyBands {
            code: county.code.clone(),
            name_zh: county.name.zh.clone(),
            name_en: county.name.en.clone(),
            bands: b.unwrap_or_else(|| {
                bands_of(&point.totals[c], &mut std::array::from_fn(|_| vec![]))
            }),
            compensation: comp
                .as_ref()
                .and_then(|x| x.counties.get(c).copied().flatten()),
        })
        .collect();
    Ok(McResult {
        year: options.year,
        framework,
        price_year,
        draws: draws as u32,
        seed: mc.seed,
        region,
        counties,
        tornado,
        inputs: plan.inputs.len(),
        params: plan.params,
        fixed_counties: compiled.reference_counties(),
        compensation_draws: comp.as_ref().map_or(0, |x| x.draws as u32),
        region_compensation: comp.and_then(|x| x.region),
    })
}

/// Blocks waiting to be added into the region in county order.
struct Merge {
    next: usize,
    pending: BTreeMap<usize, Vec<f64>>,
    /// Value buffers added in, for the next blocks (no fresh pages per block).
    free: Vec<Vec<f64>>,
    /// Region totals per draw, quantity × draw.
    region: [Vec<f64>; Q],
}

impl Merge {
    /// Adds every block whose predecessors are in (values: quantity × county × draw).
    fn drain(&mut self, block: usize, draws: usize) {
        while let Some(vals) = self.pending.remove(&self.next) {
            let counties = vals.len() / (Q * draws).max(1);
            debug_assert!(counties <= block);
            for c in 0..counties {
                for (q, r) in self.region.iter_mut().enumerate() {
                    let v = &vals[(q * counties + c) * draws..(q * counties + c + 1) * draws];
                    for (a, &x) in r.iter_mut().zip(v) {
                        *a += x;
                    }
                }
            }
            self.free.push(vals);
            self.next += 1;
        }
    }
}

/// One block of counties over all draws by evaluating each draw in full (the reference the
/// split is checked against): the values (quantity × county × draw).
#[cfg(test)]
fn block_reference(
    compiled: &Compiled,
    plan: &Plan,
    pvals: &[f64],
    range: std::ops::Range<usize>,
    draws: usize,
) -> Vec<f64> {
    let nb = range.len();
    let mut sub = compiled.slice(range.clone());
    let mut cols = Columns::default();
    sub.evaluate(&mut cols);
    let inputs: Vec<&InputDraw> = plan
        .inputs
        .iter()
        .filter(|x| range.contains(&x.c))
        .collect();
    let np = plan.params.len();
    let mut vals = vec![0.0; Q * nb * draws];
    for d in 0..draws {
        for (p, &k) in plan.slots.iter().enumerate() {
            sub.set_param_at(k, pvals[d * np + p]);
        }
        for x in &inputs {
            sub.set_input(x.i, x.c - range.start, x.slot, x.value(d as u64));
        }
        sub.evaluate_reached(&mut cols, &plan.reached, &plan.fixed_q);
        for (c, t) in cols.totals.iter().enumerate() {
            for (q, v) in quantities(t).into_iter().enumerate() {
                vals[(q * nb + c) * draws + d] = v;
            }
        }
    }
    vals
}

/// Each county's bands of a block's values (quantity × county × draw).
fn block_bands(
    vals: &[f64],
    point: &Columns,
    range: std::ops::Range<usize>,
    draws: usize,
) -> Vec<Bands> {
    let nb = range.len();
    let mut scratch = sample::BandScratch::default();
    (0..nb)
        .map(|c| {
            let t = &point.totals[range.start + c];
            let p = quantities(t);
            let mut iv = |q: usize| {
                let v = &vals[(q * nb + c) * draws..(q * nb + c + 1) * draws];
                let (median, p5, p95) = sample::bands_with(v, &mut scratch);
                Interval {
                    point: p[q],
                    median,
                    p5,
                    p95,
                }
            };
            Bands {
                gep: iv(0),
                material: iv(1),
                regulating: iv(2),
                cultural: iv(3),
            }
        })
        .collect()
}

/// The tornado (see the module doc); leaves `compiled` at the point values and `cols` at its
/// point evaluation.
fn tornado(
    compiled: &mut Compiled,
    plan: &Plan,
    cols: &mut Columns,
    progress: &Progress,
) -> Vec<Bar> {
    let mut bars = Vec::new();
    for dp in &plan.params {
        let mut at = |v: f64| {
            compiled.set_param(&dp.id, v);
            compiled.evaluate(cols);
            progress.done.fetch_add(1, Ordering::Relaxed);
            cols.region.gep
        };
        let gep_low = at(dp.p5);
        let gep_high = at(dp.p95);
        compiled.set_param(&dp.id, dp.point);
        bars.push(Bar {
            id: dp.id.clone(),
            name_zh: dp.name_zh.clone(),
            name_en: dp.name_en.clone(),
            gep_low,
            gep_high,
            swing: (gep_high - gep_low).abs(),
        });
    }
    compiled.evaluate(cols);
    bars.sort_by(|a, b| b.swing.total_cmp(&a.swing).then_with(|| a.id.cmp(&b.id)));
    bars
}

/// Whether the project asks for the uncertainty analysis in its report and workbook: the
/// report switch, or distributions of its own.
pub fn requested(project: &Project) -> bool {
    let s = &project.uncertainty;
    s.in_report || !s.params.is_empty() || !s.inputs.is_empty()
}

/// Runs the project's own settings (draws, seed) for `accounts`' year and framework on two
/// threads: what the report and the workbook show.
pub fn run_for_report(
    project: &Project,
    registry: &Registry,
    year: i32,
    framework: &str,
) -> Result<McResult, McError> {
    let options = Options {
        year,
        framework: Some(framework.to_string()),
        price_year: None,
        traces: false,
    };
    let mc = McOptions {
        draws: project.uncertainty.draws,
        seed: project.uncertainty.seed,
        threads: 2,
        compensation: true,
    };
    run(project, registry, &options, &mc, None)
}
