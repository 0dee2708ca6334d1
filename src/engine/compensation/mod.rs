//! Ecological compensation (生态补偿) derived from GEP / ESV accounts (METHODS.md §4).
//!
//! This module owns the compensation engine: priority (ECPS) and its classes, value spillover
//! with the development-stage coefficient, factor-based fund allocation with floors, caps and
//! deductions, GEP-growth rewards, opportunity cost (income gap and annuity of past
//! investments), and horizontal (upstream–downstream) compensation. Every function is pure
//! (no UI, no I/O); every result type is `Serialize` and carries the inputs and parameters it
//! was computed from, so a number can be traced back. Money is in 元 throughout.
//!
//! **Sign convention**: a positive spillover or compensation means the county *receives*
//! (net supplier of ecosystem services); a negative one means it *pays* (net beneficiary).

use serde::Serialize;

use super::accounts::Accounts;
use super::growth::Growth;
pub use crate::model::compensation::{Classing, ShareBasis, ValueBasis};

pub mod scenario;

/// Why a compensation quantity could not be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize)]
pub enum CompensationError {
    #[error(
        "{what}：应有 {expected} 项，实际 {got} 项 / {what}: expected {expected} items, got {got}"
    )]
    LengthMismatch {
        what: String,
        expected: usize,
        got: usize,
    },
    #[error("{0}：没有数据 / {0}: no data")]
    Empty(String),
    #[error("{what} 的值 {value} 无效 / invalid value {value} for {what}")]
    InvalidValue { what: String, value: f64 },
    #[error("{0} 缺失 / {0} is missing")]
    Missing(String),
    #[error(
        "资金 {fund} 无法在下限合计 {floors} 与上限合计 {caps} 之间分配 / fund {fund} cannot be allocated between total floors {floors} and total caps {caps}"
    )]
    Infeasible { fund: f64, floors: f64, caps: f64 },
}

type Result<T> = std::result::Result<T, CompensationError>;

fn check(what: &str, value: f64, ok: bool) -> Result<f64> {
    if value.is_finite() && ok {
        Ok(value)
    } else {
        Err(CompensationError::InvalidValue {
            what: what.to_string(),
            value,
        })
    }
}

fn same_len(what: &str, expected: usize, got: usize) -> Result<()> {
    if expected == got {
        Ok(())
    } else {
        Err(CompensationError::LengthMismatch {
            what: what.to_string(),
            expected,
            got,
        })
    }
}

// ───────────────────────────── 1. Priority (§4.2) ─────────────────────────────

/// Priority class, highest ECPS first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PriorityClass {
    /// 优先补偿区 (highest class).
    Priority,
    /// 次级补偿区.
    Secondary,
    /// 潜在补偿区 (lowest class).
    Potential,
}

impl PriorityClass {
    pub fn label_zh(self) -> &'static str {
        match self {
            PriorityClass::Priority => "优先补偿区",
            PriorityClass::Secondary => "次级补偿区",
            PriorityClass::Potential => "潜在补偿区",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            PriorityClass::Priority => "priority compensation zone",
            PriorityClass::Secondary => "secondary compensation zone",
            PriorityClass::Potential => "potential compensation zone",
        }
    }
}

/// One county's inputs to the priority.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PriorityInput {
    pub code: String,
    pub name_zh: String,
    /// Non-market value V_nm (元).
    pub non_market_yuan: f64,
    /// GDP (元); `None` when not entered.
    pub gdp_yuan: Option<f64>,
    /// Compensation received (元), for the benefit–cost ratio.
    pub compensation_received_yuan: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PriorityRow {
    pub input: PriorityInput,
    /// ECPS = V_nm / GDP; `None` without a positive GDP.
    pub ecps: Option<f64>,
    /// 1 = highest ECPS; `None` when ECPS is `None`.
    pub rank: Option<usize>,
    pub class: Option<PriorityClass>,
    /// R = V_nm / compensation received; `None` without a positive amount received.
    pub benefit_cost_ratio: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Priority {
    pub basis: ValueBasis,
    pub classing: Classing,
    /// Upper bounds (inclusive) of the lower classes, ascending: a county with ECPS ≤ breaks[0]
    /// is in the lowest class. Fewer than two when there are fewer than three distinct values.
    pub breaks: Vec<f64>,
    pub rows: Vec<PriorityRow>,
}

/// ECPS_i = V_nm,i / GDP_i (the per-area form reduces to this). `None` unless GDP > 0.
pub fn ecps(non_market_yuan: f64, gdp_yuan: f64) -> Option<f64> {
    (gdp_yuan > 0.0 && gdp_yuan.is_finite() && non_market_yuan.is_finite())
        .then(|| non_market_yuan / gdp_yuan)
}

/// Benefit–cost ratio R = V_nm / compensation received. `None` unless received > 0.
pub fn benefit_cost_ratio(non_market_yuan: f64, received_yuan: f64) -> Option<f64> {
    (received_yuan > 0.0 && received_yuan.is_finite() && non_market_yuan.is_finite())
        .then(|| non_market_yuan / received_yuan)
}

fn sorted_finite(values: &[f64]) -> Vec<f64> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    v.sort_by(f64::total_cmp);
    v
}

/// Quantile breaks splitting `values` into `k` classes (linear interpolation between order
/// statistics, as R type 7 / numpy default). Returns k − 1 ascending breaks (empty when k < 2
/// or no values).
pub fn quantile_breaks(values: &[f64], k: usize) -> Vec<f64> {
    let v = sorted_finite(values);
    if v.is_empty() || k < 2 {
        return vec![];
    }
    let n = v.len();
    (1..k)
        .map(|j| {
            let h = (n - 1) as f64 * j as f64 / k as f64;
            let lo = h.floor() as usize;
            let hi = (lo + 1).min(n - 1);
            v[lo] + (h - lo as f64) * (v[hi] - v[lo])
        })
        .collect()
}

/// Jenks natural breaks: the partition of the sorted values into `k` contiguous classes with
/// the least total within-class sum of squared deviations (exact dynamic programming,
/// O(k·n²)). Returns the upper bound (largest member) of each class but the last, ascending.
/// With fewer distinct values than `k`, one class per distinct value.
pub fn jenks_breaks(values: &[f64], k: usize) -> Vec<f64> {
    let v = sorted_finite(values);
    let n = v.len();
    let mut distinct = v.clone();
    distinct.dedup();
    let k = k.min(distinct.len());
    if k < 2 {
        return vec![];
    }
    if k == distinct.len() {
        return distinct[..k - 1].to_vec();
    }
    // Prefix sums of deviations from the mean (reduces cancellation).
    let mean = v.iter().sum::<f64>() / n as f64;
    let mut s1 = vec![0.0; n + 1];
    let mut s2 = vec![0.0; n + 1];
    for (i, x) in v.iter().enumerate() {
        let d = x - mean;
        s1[i + 1] = s1[i] + d;
        s2[i + 1] = s2[i] + d * d;
    }
    // Squared deviation of v[a..b] (b exclusive).
    let ssd = |a: usize, b: usize| -> f64 {
        let m = (b - a) as f64;
        let s = s1[b] - s1[a];
        (s2[b] - s2[a] - s * s / m).max(0.0)
    };
    // cost[c][j]: best cost of the first j values in c + 1 classes; cut[c][j]: start of last.
    let mut cost = vec![vec![f64::INFINITY; n + 1]; k];
    let mut cut = vec![vec![0usize; n + 1]; k];
    for (j, x) in cost[0].iter_mut().enumerate().skip(1) {
        *x = ssd(0, j);
    }
    for c in 1..k {
        for j in (c + 1)..=n {
            for s in c..j {
                let x = cost[c - 1][s] + ssd(s, j);
                if x < cost[c][j] {
                    cost[c][j] = x;
                    cut[c][j] = s;
                }
            }
        }
    }
    let mut breaks = Vec::with_capacity(k - 1);
    let mut j = n;
    for c in (1..k).rev() {
        let s = cut[c][j];
        breaks.push(v[s - 1]);
        j = s;
    }
    breaks.reverse();
    breaks
}

/// Class of `value` given ascending `breaks`: the top class is 优先, the next 次级, any lower
/// one 潜在.
pub fn class_of(value: f64, breaks: &[f64]) -> PriorityClass {
    let below_top = breaks.iter().filter(|b| value <= **b).count();
    match below_top {
        0 => PriorityClass::Priority,
        1 => PriorityClass::Secondary,
        _ => PriorityClass::Potential,
    }
}

/// Priority inputs from the accounts (GEP or ESV non-market value; counties without an ESV
/// account get 0 on the ESV basis). No compensation received is filled in.
pub fn priority_inputs(accounts: &Accounts, basis: ValueBasis) -> Vec<PriorityInput> {
    accounts
        .counties
        .iter()
        .map(|c| PriorityInput {
            code: c.code.clone(),
            name_zh: c.name_zh.clone(),
            non_market_yuan: match basis {
                ValueBasis::Gep => c.totals.non_market,
                ValueBasis::Esv => c.esv.as_ref().map_or(0.0, |e| e.non_market),
            },
            gdp_yuan: c.gdp_yuan,
            compensation_received_yuan: None,
        })
        .collect()
}

/// ECPS, rank (1 = highest; ties keep input order) and three classes for every county.
pub fn priority(inputs: &[PriorityInput], basis: ValueBasis, classing: Classing) -> Priority {
    let values: Vec<Option<f64>> = inputs
        .iter()
        .map(|p| p.gdp_yuan.and_then(|g| ecps(p.non_market_yuan, g)))
        .collect();
    let known: Vec<f64> = values.iter().flatten().copied().collect();
    let breaks = match classing {
        Classing::Quantiles => quantile_breaks(&known, 3),
        Classing::NaturalBreaks => jenks_breaks(&known, 3),
    };
    let mut order: Vec<usize> = (0..inputs.len()).filter(|i| values[*i].is_some()).collect();
    order.sort_by(|a, b| {
        let (x, y) = (values[*a].unwrap_or(0.0), values[*b].unwrap_or(0.0));
        y.total_cmp(&x)
    });
    let mut rank = vec![None; inputs.len()];
    for (r, i) in order.iter().enumerate() {
        rank[*i] = Some(r + 1);
    }
    let rows = inputs
        .iter()
        .zip(values)
        .zip(rank)
        .map(|((p, e), rank)| PriorityRow {
            input: p.clone(),
            ecps: e,
            rank,
            class: e.map(|x| class_of(x, &breaks)),
            benefit_cost_ratio: p
                .compensation_received_yuan
                .and_then(|r| benefit_cost_ratio(p.non_market_yuan, r)),
        })
        .collect();
    Priority {
        basis,
        classing,
        breaks,
        rows,
    }
}

// ───────────────────────── 2. Spillover (§4.3–§4.4) ─────────────────────────

/// Which development-stage curve turns the Engel coefficient into r.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StageModel {
    /// Variant A: r = 1 / (1 + e^(−En)).
    Logistic,
    /// Variant B (Pearl, L = a = b = 1): r = 1 / (1 + e^(−(1/En − 3))).
    Pearl,
}

/// The development-stage coefficient r of one county.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Stage {
    /// r given directly (1 = theoretical spillover taken in full).
    Fixed { r: f64 },
    /// r from urban / rural Engel coefficients (fractions) and the urbanisation rate φ.
    Engel {
        model: StageModel,
        urban: f64,
        rural: f64,
        urbanisation: f64,
    },
}

/// Composite Engel coefficient En = Ea·φ + Eb·(1 − φ).
pub fn engel_composite(urban: f64, rural: f64, urbanisation: f64) -> f64 {
    urban * urbanisation + rural * (1.0 - urbanisation)
}

/// Variant A: r = 1 / (1 + e^(−En)).
pub fn stage_logistic(en: f64) -> f64 {
    1.0 / (1.0 + (-en).exp())
}

/// Variant B, Pearl curve with L = a = b = 1 and t = 1/En − 3. `None` unless En > 0.
pub fn stage_pearl(en: f64) -> Option<f64> {
    (en > 0.0 && en.is_finite()).then(|| 1.0 / (1.0 + (-(1.0 / en - 3.0)).exp()))
}

impl Stage {
    /// (composite Engel coefficient if any, r).
    pub fn coefficient(&self) -> Result<(Option<f64>, f64)> {
        match *self {
            Stage::Fixed { r } => Ok((None, check("r", r, r >= 0.0)?)),
            Stage::Engel {
                model,
                urban,
                rural,
                urbanisation,
            } => {
                check(
                    "urbanisation",
                    urbanisation,
                    (0.0..=1.0).contains(&urbanisation),
                )?;
                let en = engel_composite(urban, rural, urbanisation);
                let r = match model {
                    StageModel::Logistic => Some(stage_logistic(en)),
                    StageModel::Pearl => stage_pearl(en),
                };
                let r =
                    r.filter(|r| r.is_finite())
                        .ok_or_else(|| CompensationError::InvalidValue {
                            what: "Engel coefficient".into(),
                            value: en,
                        })?;
                Ok((Some(en), r))
            }
        }
    }
}

/// Ability-to-pay factor k_i = GDP per capita_i / GDP per capita of the region [U]. `None`
/// unless the region's value is positive.
pub fn ability_to_pay(gdp_per_capita: f64, region_gdp_per_capita: f64) -> Option<f64> {
    (region_gdp_per_capita > 0.0).then(|| gdp_per_capita / region_gdp_per_capita)
}

/// Shares w_i = x_i / Σx. Errors on a negative or non-finite x or a zero sum.
pub fn shares(x: &[f64]) -> Result<Vec<f64>> {
    for v in x {
        check("share basis", *v, *v >= 0.0)?;
    }
    let total: f64 = x.iter().sum();
    check("share basis total", total, total > 0.0)?;
    Ok(x.iter().map(|v| v / total).collect())
}

/// Spill_i = V_nm,i − V_nm,total × w_i with w_i = x_i / Σx. Sums to zero.
pub fn spillover_values(non_market_yuan: &[f64], share_basis: &[f64]) -> Result<Vec<f64>> {
    same_len("share basis", non_market_yuan.len(), share_basis.len())?;
    let w = shares(share_basis)?;
    let total: f64 = non_market_yuan.iter().sum();
    Ok(non_market_yuan
        .iter()
        .zip(w)
        .map(|(v, w)| v - total * w)
        .collect())
}

/// One county's inputs to the spillover.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpilloverInput {
    pub code: String,
    pub name_zh: String,
    /// V_nm (元).
    pub non_market_yuan: f64,
    pub population: Option<f64>,
    pub gdp_yuan: Option<f64>,
    /// Land area in any one unit used for all counties.
    pub area: Option<f64>,
    pub stage: Stage,
    /// Ability-to-pay factor k_i; `None` = 1.
    pub ability_to_pay: Option<f64>,
    /// Opportunity cost (元), the lower bound of compensation received when clamping.
    pub opportunity_cost_yuan: Option<f64>,
}

/// Which bound a clamped compensation hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    Lower,
    Upper,
}

/// One county's spillover and compensation. Positive = receives, negative = pays.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpilloverRow {
    pub input: SpilloverInput,
    /// Fair-share weight w_i.
    pub share: f64,
    /// Spill_i = V_nm,i − V_nm,total × w_i (元). Positive = net supplier.
    pub spillover_yuan: f64,
    /// Composite Engel coefficient, when r came from Engel coefficients.
    pub engel: Option<f64>,
    /// Development-stage coefficient r_i.
    pub r: f64,
    /// k_i applied (1 when not given).
    pub k: f64,
    /// Spill_i × r_i × k_i before clamping (元).
    pub unclamped_yuan: f64,
    /// Comp_i (元). Positive = the county receives; negative = it pays.
    pub compensation_yuan: f64,
    /// The bound hit when clamping, if any.
    pub clamped: Option<Bound>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Spillover {
    pub share_basis: ShareBasis,
    /// Whether receiving compensation was clamped to [opportunity cost, V_nm].
    pub clamp: bool,
    /// V_nm,total (元).
    pub non_market_total_yuan: f64,
    pub rows: Vec<SpilloverRow>,
}

/// Spillover inputs from the accounts (population and GDP filled in; area, stage (r = 1),
/// k and opportunity cost left for the caller).
pub fn spillover_inputs(accounts: &Accounts, basis: ValueBasis) -> Vec<SpilloverInput> {
    priority_inputs(accounts, basis)
        .into_iter()
        .zip(&accounts.counties)
        .map(|(p, c)| SpilloverInput {
            code: p.code,
            name_zh: p.name_zh,
            non_market_yuan: p.non_market_yuan,
            population: c.population,
            gdp_yuan: c.gdp_yuan,
            area: None,
            stage: Stage::Fixed { r: 1.0 },
            ability_to_pay: None,
            opportunity_cost_yuan: None,
        })
        .collect()
}

/// Clamps a receiving compensation (> 0) to [opportunity cost, V_nm]; the upper bound wins
/// when the opportunity cost exceeds V_nm. Paying counties (≤ 0) are left unchanged.
pub fn clamp_received(
    comp: f64,
    opportunity_cost: Option<f64>,
    non_market: f64,
) -> (f64, Option<Bound>) {
    if comp <= 0.0 {
        return (comp, None);
    }
    let mut out = (comp, None);
    if let Some(oc) = opportunity_cost
        && comp < oc
    {
        out = (oc, Some(Bound::Lower));
    }
    if out.0 > non_market {
        out = (non_market.max(0.0), Some(Bound::Upper));
    }
    out
}

/// Spill_i, r_i, Comp_i = Spill_i × r_i × k_i, optionally clamped (see `clamp_received`).
pub fn spillover(
    inputs: &[SpilloverInput],
    share_basis: ShareBasis,
    clamp: bool,
) -> Result<Spillover> {
    if inputs.is_empty() {
        return Err(CompensationError::Empty("spillover".into()));
    }
    let x = inputs
        .iter()
        .map(|i| {
            let (v, what) = match share_basis {
                ShareBasis::Population => (i.population, "population"),
                ShareBasis::Gdp => (i.gdp_yuan, "GDP"),
                ShareBasis::Area => (i.area, "area"),
            };
            v.ok_or_else(|| CompensationError::Missing(format!("{} {what}", i.code)))
        })
        .collect::<Result<Vec<f64>>>()?;
    let v: Vec<f64> = inputs.iter().map(|i| i.non_market_yuan).collect();
    let w = shares(&x)?;
    let spill = spillover_values(&v, &x)?;
    let total: f64 = v.iter().sum();
    let rows = inputs
        .iter()
        .zip(w)
        .zip(spill)
        .map(|((i, share), s)| {
            let (engel, r) = i.stage.coefficient()?;
            let k = i.ability_to_pay.unwrap_or(1.0);
            check("k", k, k >= 0.0)?;
            let raw = s * r * k;
            let (comp, clamped) = if clamp {
                clamp_received(raw, i.opportunity_cost_yuan, i.non_market_yuan)
            } else {
                (raw, None)
            };
            Ok(SpilloverRow {
                input: i.clone(),
                share,
                spillover_yuan: s,
                engel,
                r,
                k,
                unclamped_yuan: raw,
                compensation_yuan: comp,
                clamped,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Spillover {
        share_basis,
        clamp,
        non_market_total_yuan: total,
        rows,
    })
}

// ─────────────────────────── 3. Fund allocation (§4.6) ───────────────────────────

/// One allocation factor (e.g. 水环境质量 0.7) with its weight.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FundFactor {
    pub id: String,
    pub weight: f64,
}

/// One county's factor scores (same order as the factors) and limits.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FundCounty {
    pub code: String,
    pub scores: Vec<f64>,
    /// Smallest amount (元).
    pub floor: Option<f64>,
    /// Largest amount (元).
    pub cap: Option<f64>,
    /// Deduction as a fraction of the formula amount (e.g. 0.3–0.5 after a major pollution
    /// incident); 0 = none.
    pub deduction: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FundRow {
    pub county: FundCounty,
    /// Σ_f w_f × s_if / Σ_j s_jf (weights normalised to sum 1).
    pub formula_share: f64,
    /// F × formula share (元).
    pub formula_yuan: f64,
    /// Final amount (元).
    pub amount_yuan: f64,
    /// The county's floor or cap binds.
    pub bound: Option<Bound>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FundAllocation {
    pub fund_yuan: f64,
    pub factors: Vec<FundFactor>,
    /// Weights used: normalised to sum 1 over factors with a positive score total (a factor
    /// nobody scores on gets 0).
    pub weights_used: Vec<f64>,
    /// Σ_j s_jf per factor.
    pub factor_totals: Vec<f64>,
    pub rows: Vec<FundRow>,
}

/// Water-filling: amounts a_i = clamp(λ·g_i, lo_i, hi_i) with λ chosen so Σ a_i = total.
/// Counties with g_i = 0 get their floor. Errors when infeasible.
pub fn water_fill(total: f64, g: &[f64], lo: &[f64], hi: &[f64]) -> Result<Vec<f64>> {
    same_len("floors", g.len(), lo.len())?;
    same_len("caps", g.len(), hi.len())?;
    let floors: f64 = lo.iter().sum();
    let reach: f64 = g
        .iter()
        .zip(lo.iter().zip(hi))
        .map(|(g, (l, h))| if *g > 0.0 { *h } else { *l })
        .sum();
    let infeasible = || CompensationError::Infeasible {
        fund: total,
        floors,
        caps: reach,
    };
    let slack = 1e-12 * total.abs().max(1.0);
    if g.is_empty() || floors > total + slack || reach < total - slack {
        return Err(infeasible());
    }
    let at = |lambda: f64| -> Vec<f64> {
        g.iter()
            .zip(lo.iter().zip(hi))
            .map(|(g, (l, h))| (lambda * g).clamp(*l, *h))
            .collect()
    };
    let sum = |lambda: f64| at(lambda).iter().sum::<f64>();
    let gsum: f64 = g.iter().sum();
    let mut hi_l = if gsum > 0.0 { total / gsum } else { 0.0 }.max(f64::MIN_POSITIVE);
    let mut guard = 0;
    while sum(hi_l) < total && guard < 2100 {
        hi_l *= 2.0;
        guard += 1;
    }
    let mut lo_l = 0.0;
    for _ in 0..2200 {
        let mid = 0.5 * (lo_l + hi_l);
        if mid <= lo_l || mid >= hi_l {
            break;
        }
        if sum(mid) < total {
            lo_l = mid;
        } else {
            hi_l = mid;
        }
    }
    let mut a = at(hi_l);
    // Spread the rounding residual over counties strictly inside their bounds.
    let residual = total - a.iter().sum::<f64>();
    let free: Vec<usize> = (0..a.len())
        .filter(|i| g[*i] > 0.0 && a[*i] > lo[*i] && a[*i] < hi[*i])
        .collect();
    let free_g: f64 = free.iter().map(|i| g[*i]).sum();
    if free_g > 0.0 {
        for i in free {
            a[i] = (a[i] + residual * g[i] / free_g).clamp(lo[i], hi[i]);
        }
    }
    Ok(a)
}

/// Fund_i = F × Σ_f w_f × s_if / Σ_j s_jf, then deductions, floors and caps.
///
/// A county with deduction d gets (1 − d) × its formula amount (then its own floor/cap),
/// fixed; the other counties share the rest in proportion to their formula amounts within
/// their floors and caps (water-filling), so the allocations still sum to F. When every
/// county has a deduction, all are water-filled on their deducted formula amounts instead.
pub fn allocate_fund(
    fund_yuan: f64,
    factors: &[FundFactor],
    counties: &[FundCounty],
) -> Result<FundAllocation> {
    check("fund", fund_yuan, fund_yuan >= 0.0)?;
    if factors.is_empty() {
        return Err(CompensationError::Empty("factors".into()));
    }
    if counties.is_empty() {
        return Err(CompensationError::Empty("counties".into()));
    }
    for f in factors {
        check(&f.id, f.weight, f.weight >= 0.0)?;
    }
    let mut totals = vec![0.0; factors.len()];
    for c in counties {
        same_len(&format!("{} scores", c.code), factors.len(), c.scores.len())?;
        check("deduction", c.deduction, (0.0..=1.0).contains(&c.deduction))?;
        for (t, s) in totals.iter_mut().zip(&c.scores) {
            *t += check(&c.code, *s, *s >= 0.0)?;
        }
        let (l, h) = (c.floor.unwrap_or(0.0), c.cap.unwrap_or(f64::INFINITY));
        check("floor", l, l >= 0.0)?;
        if h < l || h.is_nan() {
            return Err(CompensationError::InvalidValue {
                what: format!("{} cap", c.code),
                value: h,
            });
        }
    }
    let wsum: f64 = factors
        .iter()
        .zip(&totals)
        .filter(|(_, t)| **t > 0.0)
        .map(|(f, _)| f.weight)
        .sum();
    check("weights total", wsum, wsum > 0.0)?;
    let weights: Vec<f64> = factors
        .iter()
        .zip(&totals)
        .map(|(f, t)| if *t > 0.0 { f.weight / wsum } else { 0.0 })
        .collect();
    let share: Vec<f64> = counties
        .iter()
        .map(|c| {
            c.scores
                .iter()
                .zip(weights.iter().zip(&totals))
                .filter(|(_, (_, t))| **t > 0.0)
                .map(|(s, (w, t))| w * s / t)
                .sum()
        })
        .collect();
    let formula: Vec<f64> = share.iter().map(|s| fund_yuan * s).collect();
    let lo: Vec<f64> = counties.iter().map(|c| c.floor.unwrap_or(0.0)).collect();
    let hi: Vec<f64> = counties
        .iter()
        .map(|c| c.cap.unwrap_or(f64::INFINITY))
        .collect();
    let any_free = counties.iter().any(|c| c.deduction == 0.0);
    let (mut g, mut l2, mut h2) = (formula.clone(), lo.clone(), hi.clone());
    for (i, c) in counties.iter().enumerate() {
        if c.deduction > 0.0 {
            let d = formula[i] * (1.0 - c.deduction);
            if any_free {
                let fixed = d.clamp(lo[i], hi[i]);
                (l2[i], h2[i]) = (fixed, fixed);
            } else {
                g[i] = d;
            }
        }
    }
    let amounts = water_fill(fund_yuan, &g, &l2, &h2)?;
    let tol = 1e-9 * fund_yuan.max(1.0);
    let rows = counties
        .iter()
        .enumerate()
        .map(|(i, c)| FundRow {
            county: c.clone(),
            formula_share: share[i],
            formula_yuan: formula[i],
            amount_yuan: amounts[i],
            bound: if c.floor.is_some() && amounts[i] <= lo[i] + tol {
                Some(Bound::Lower)
            } else if c.cap.is_some() && amounts[i] >= hi[i] - tol {
                Some(Bound::Upper)
            } else {
                None
            },
        })
        .collect();
    Ok(FundAllocation {
        fund_yuan,
        factors: factors.to_vec(),
        weights_used: weights,
        factor_totals: totals,
        rows,
    })
}

/// Growth reward α × max(0, GEP_t − GEP_t−1), both at constant prices.
pub fn growth_reward(alpha: f64, gep_prev: f64, gep_now: f64) -> f64 {
    alpha * (gep_now - gep_prev).max(0.0)
}

/// One county's constant-price GEP in two years, and its regulating GEP for the β share.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GrowthRewardInput {
    pub code: String,
    pub gep_prev_yuan: f64,
    pub gep_now_yuan: f64,
    pub regulating_yuan: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GrowthRewardRow {
    pub input: GrowthRewardInput,
    /// α × max(0, ΔGEP).
    pub growth_part_yuan: f64,
    /// β × Fund × GEP_reg,i / Σ GEP_reg (0 without β).
    pub share_part_yuan: f64,
    pub reward_yuan: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GrowthReward {
    pub alpha: f64,
    /// (β, Fund) when the regulating-GEP share part is used.
    pub beta_fund: Option<(f64, f64)>,
    pub rows: Vec<GrowthRewardRow>,
}

/// Inputs from a constant-price growth comparison (no regulating GEP filled in).
pub fn growth_reward_inputs(growth: &Growth) -> Vec<GrowthRewardInput> {
    growth
        .counties
        .iter()
        .map(|c| GrowthRewardInput {
            code: c.code.clone(),
            gep_prev_yuan: c.gep_from,
            gep_now_yuan: c.gep_to,
            regulating_yuan: None,
        })
        .collect()
}

/// Reward_i = α × max(0, GEP_i,t − GEP_i,t−1) + β × Fund × GEP_reg,i / Σ GEP_reg.
/// The β part needs every county's regulating GEP.
pub fn growth_rewards(
    inputs: &[GrowthRewardInput],
    alpha: f64,
    beta_fund: Option<(f64, f64)>,
) -> Result<GrowthReward> {
    check("alpha", alpha, alpha >= 0.0)?;
    let share: Vec<f64> = match beta_fund {
        None => vec![0.0; inputs.len()],
        Some((beta, fund)) => {
            check("beta", beta, beta >= 0.0)?;
            let reg = inputs
                .iter()
                .map(|i| {
                    i.regulating_yuan.ok_or_else(|| {
                        CompensationError::Missing(format!("{} regulating GEP", i.code))
                    })
                })
                .collect::<Result<Vec<f64>>>()?;
            shares(&reg)?.iter().map(|s| beta * fund * s).collect()
        }
    };
    let rows = inputs
        .iter()
        .zip(share)
        .map(|(i, s)| {
            let g = growth_reward(alpha, i.gep_prev_yuan, i.gep_now_yuan);
            GrowthRewardRow {
                input: i.clone(),
                growth_part_yuan: g,
                share_part_yuan: s,
                reward_yuan: g + s,
            }
        })
        .collect();
    Ok(GrowthReward {
        alpha,
        beta_fund,
        rows,
    })
}

// ─────────────────────────── 4. Opportunity cost (§4.1) ───────────────────────────

/// Per-capita disposable incomes (元) and populations for the income-gap opportunity cost.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct IncomeGapInput {
    pub reference_urban: f64,
    pub urban: f64,
    pub urban_population: f64,
    pub reference_rural: f64,
    pub rural: f64,
    pub rural_population: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct IncomeGap {
    pub input: IncomeGapInput,
    /// max(0, I_ref,u − I_u) × N_u (元).
    pub urban_yuan: f64,
    /// max(0, I_ref,r − I_r) × N_r (元).
    pub rural_yuan: f64,
    pub total_yuan: f64,
}

/// OC = (I_ref,u − I_u)·N_u + (I_ref,r − I_r)·N_r. Each term is floored at 0: a group earning
/// more than the reference bears no opportunity cost, and its surplus does not offset the
/// other group's loss.
pub fn income_gap_opportunity_cost(input: IncomeGapInput) -> IncomeGap {
    let u = (input.reference_urban - input.urban).max(0.0) * input.urban_population;
    let r = (input.reference_rural - input.rural).max(0.0) * input.rural_population;
    IncomeGap {
        input,
        urban_yuan: u,
        rural_yuan: r,
        total_yuan: u + r,
    }
}

/// Annuity A = P·i(1+i)^n / ((1+i)^n − 1) repaying principal P over n years at rate i
/// (P / n when i = 0). `None` unless n ≥ 1 and i > −1.
pub fn annuity(principal: f64, rate: f64, years: u32) -> Option<f64> {
    if years == 0 || rate <= -1.0 || !rate.is_finite() {
        return None;
    }
    if rate == 0.0 {
        return Some(principal / f64::from(years));
    }
    let f = (1.0 + rate).powi(i32::try_from(years).ok()?);
    Some(principal * rate * f / (f - 1.0))
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Investment {
    pub year: i32,
    pub principal_yuan: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AnnuityRow {
    pub investment: Investment,
    /// n = end year − investment year.
    pub years: u32,
    pub annuity_yuan: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Annuities {
    pub rate: f64,
    pub end_year: i32,
    pub rows: Vec<AnnuityRow>,
    pub total_yuan: f64,
}

/// Annual opportunity cost of past investments: each repaid as an annuity over
/// n = end year − investment year at `rate`. Errors when an investment is not before `end_year`.
pub fn investment_annuities(
    investments: &[Investment],
    rate: f64,
    end_year: i32,
) -> Result<Annuities> {
    let rows = investments
        .iter()
        .map(|inv| {
            let bad = || CompensationError::InvalidValue {
                what: "investment year".into(),
                value: f64::from(inv.year),
            };
            let years = u32::try_from(end_year - inv.year).map_err(|_| bad())?;
            let a = annuity(inv.principal_yuan, rate, years).ok_or_else(bad)?;
            Ok(AnnuityRow {
                investment: *inv,
                years,
                annuity_yuan: a,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let total_yuan = rows.iter().map(|r| r.annuity_yuan).sum();
    Ok(Annuities {
        rate,
        end_year,
        rows,
        total_yuan,
    })
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShareRow {
    pub id: String,
    /// The weight (e.g. external ESV received, 元).
    pub weight: f64,
    pub share: f64,
    pub amount_yuan: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Apportionment {
    pub total_yuan: f64,
    pub rows: Vec<ShareRow>,
}

/// Splits `total` among beneficiaries in proportion to their weights (e.g. the external ESV
/// each receives).
pub fn apportion(total_yuan: f64, weights: &[(String, f64)]) -> Result<Apportionment> {
    let x: Vec<f64> = weights.iter().map(|w| w.1).collect();
    let s = shares(&x)?;
    Ok(Apportionment {
        total_yuan,
        rows: weights
            .iter()
            .zip(s)
            .map(|((id, w), s)| ShareRow {
                id: id.clone(),
                weight: *w,
                share: s,
                amount_yuan: total_yuan * s,
            })
            .collect(),
    })
}

// ─────────────────────────── 5. Horizontal (§4.5) ───────────────────────────

/// Who pays under the water-quality bet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// P ≤ 1: water quality met the target, downstream pays upstream.
    DownstreamPaysUpstream,
    /// P > 1: upstream pays downstream.
    UpstreamPaysDownstream,
}

/// One pollutant at the boundary section: measured mean C_i and baseline C_i0.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pollutant {
    pub id: String,
    pub concentration: f64,
    pub baseline: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WaterQualityIndex {
    pub k0: f64,
    pub pollutants: Vec<Pollutant>,
    /// C_i / C_i0 per pollutant.
    pub ratios: Vec<f64>,
    /// P = K0 × (1/n) Σ C_i / C_i0.
    pub p: f64,
    pub direction: Direction,
}

/// Xin'an-style index P = K0 × (1/n) Σ C_i / C_i0; P ≤ 1 → downstream pays upstream.
pub fn water_quality_index(k0: f64, pollutants: &[Pollutant]) -> Result<WaterQualityIndex> {
    if pollutants.is_empty() {
        return Err(CompensationError::Empty("pollutants".into()));
    }
    check("K0", k0, k0 > 0.0)?;
    let ratios = pollutants
        .iter()
        .map(|p| {
            check(&p.id, p.baseline, p.baseline > 0.0)?;
            Ok(check(&p.id, p.concentration, p.concentration >= 0.0)? / p.baseline)
        })
        .collect::<Result<Vec<f64>>>()?;
    let p = k0 * ratios.iter().sum::<f64>() / ratios.len() as f64;
    Ok(WaterQualityIndex {
        k0,
        pollutants: pollutants.to_vec(),
        ratios,
        p,
        direction: if p <= 1.0 {
            Direction::DownstreamPaysUpstream
        } else {
            Direction::UpstreamPaysDownstream
        },
    })
}

/// One downstream unit j: its mass M_j (GDP, population or water use) and distance d_ij.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GravityTarget {
    pub code: String,
    pub mass: f64,
    pub distance: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GravityRow {
    pub target: GravityTarget,
    /// G_ij = M_i·M_j / d_ij².
    pub g: f64,
    pub share: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gravity {
    pub source_mass: f64,
    pub rows: Vec<GravityRow>,
}

/// Gravity allocation: G_ij = M_i·M_j / d_ij², share_j = G_ij / Σ_j G_ij.
pub fn gravity_shares(source_mass: f64, targets: &[GravityTarget]) -> Result<Gravity> {
    check("source mass", source_mass, source_mass > 0.0)?;
    let g = targets
        .iter()
        .map(|t| {
            check(&t.code, t.distance, t.distance > 0.0)?;
            check(&t.code, t.mass, t.mass >= 0.0)?;
            Ok(source_mass * t.mass / (t.distance * t.distance))
        })
        .collect::<Result<Vec<f64>>>()?;
    let s = shares(&g)?;
    Ok(Gravity {
        source_mass,
        rows: targets
            .iter()
            .zip(g.iter().zip(s))
            .map(|(t, (g, share))| GravityRow {
                target: t.clone(),
                g: *g,
                share,
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, rel: f64) -> bool {
        (a - b).abs() <= rel * b.abs().max(1e-12)
    }

    fn ok<T>(r: Result<T>) -> T {
        r.unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn ecps_and_benefit_cost_by_hand() {
        // 2 亿 non-market value against 10 亿 GDP: 0.2.
        assert_eq!(ecps(2e8, 1e9), Some(0.2));
        assert_eq!(ecps(2e8, 0.0), None);
        // 3 亿 value per 1 亿 received: R = 3.
        assert_eq!(benefit_cost_ratio(3e8, 1e8), Some(3.0));
        assert_eq!(benefit_cost_ratio(3e8, 0.0), None);
    }

    #[test]
    fn quantile_breaks_by_hand() {
        // n = 7: positions 6/3 = 2 and 12/3 = 4 → v[2] = 3, v[4] = 5.
        assert_eq!(
            quantile_breaks(&[7.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0], 3),
            vec![3.0, 5.0]
        );
        // n = 4: positions 1 and 2 → 2 and 3.
        assert_eq!(quantile_breaks(&[4.0, 3.0, 2.0, 1.0], 3), vec![2.0, 3.0]);
        assert!(quantile_breaks(&[], 3).is_empty());
    }

    #[test]
    fn jenks_breaks_by_hand() {
        // Three obvious clusters.
        let v = [1.0, 2.0, 3.0, 10.0, 11.0, 12.0, 20.0, 21.0, 22.0];
        assert_eq!(jenks_breaks(&v, 3), vec![3.0, 12.0]);
        // {1,2},{4,5},{20}: SDCM 0.5 + 0.5 + 0 = 1, less than {1},{2,4,5},{20} (4.67) or
        // {1,2,4},{5},{20} (4.67).
        assert_eq!(jenks_breaks(&[20.0, 5.0, 4.0, 2.0, 1.0], 3), vec![2.0, 5.0]);
        // Only two distinct values: two classes.
        assert_eq!(jenks_breaks(&[1.0, 1.0, 1.0, 5.0], 3), vec![1.0]);
        assert!(jenks_breaks(&[2.0, 2.0], 3).is_empty());
    }

    #[test]
    fn classes_from_breaks() {
        let b = [3.0, 12.0];
        assert_eq!(class_of(2.0, &b), PriorityClass::Potential);
        assert_eq!(class_of(3.0, &b), PriorityClass::Potential);
        assert_eq!(class_of(5.0, &b), PriorityClass::Secondary);
        assert_eq!(class_of(12.0, &b), PriorityClass::Secondary);
        assert_eq!(class_of(13.0, &b), PriorityClass::Priority);
        assert_eq!(class_of(1.0, &[1.0]), PriorityClass::Secondary);
        assert_eq!(class_of(5.0, &[1.0]), PriorityClass::Priority);
        assert_eq!(PriorityClass::Priority.label_zh(), "优先补偿区");
    }

    #[test]
    fn priority_by_hand() {
        let c = |code: &str, v: f64, gdp: Option<f64>, rec: Option<f64>| PriorityInput {
            code: code.into(),
            name_zh: code.into(),
            non_market_yuan: v,
            gdp_yuan: gdp,
            compensation_received_yuan: rec,
        };
        let inputs = [
            c("A", 1e8, Some(1e9), None),
            c("B", 6e8, Some(1e9), Some(2e8)),
            c("C", 3e8, Some(1e9), None),
            c("D", 5e8, None, None),
        ];
        let p = priority(&inputs, ValueBasis::Gep, Classing::Quantiles);
        // ECPS 0.1, 0.6, 0.3: terciles at 0.1 + (2/3)·0.2 and 0.3 + (1/3)·0.3 = 0.4.
        assert!(close(p.breaks[0], 0.1 + 0.2 * 2.0 / 3.0, 1e-12));
        assert!(close(p.breaks[1], 0.4, 1e-12));
        let r = &p.rows;
        assert_eq!(r[0].ecps, Some(0.1));
        assert_eq!(r[1].ecps, Some(0.6));
        assert_eq!(
            (r[0].rank, r[1].rank, r[2].rank, r[3].rank),
            (Some(3), Some(1), Some(2), None)
        );
        assert_eq!(r[0].class, Some(PriorityClass::Potential));
        assert_eq!(r[1].class, Some(PriorityClass::Priority));
        assert_eq!(r[2].class, Some(PriorityClass::Secondary));
        assert_eq!(r[3].class, None);
        assert_eq!(r[1].benefit_cost_ratio, Some(3.0));
        assert_eq!(r[0].benefit_cost_ratio, None);
        let j = priority(&inputs, ValueBasis::Esv, Classing::NaturalBreaks);
        // Three distinct values, three classes: breaks at 0.1 and 0.3.
        assert_eq!(j.breaks, vec![0.1, 0.3]);
        assert_eq!(j.rows[2].class, Some(PriorityClass::Secondary));
    }

    #[test]
    fn stage_coefficients_by_hand() {
        // En = 0.3·0.6 + 0.4·0.4 = 0.34.
        assert!(close(engel_composite(0.3, 0.4, 0.6), 0.34, 1e-12));
        assert_eq!(stage_logistic(0.0), 0.5);
        assert!(close(stage_logistic(0.34), 0.5841905229354074, 1e-12));
        // Pearl: En = 0.5 → t = 2 − 3 = −1 → 1/(1 + e) = 0.26894…; En = 0.25 → t = 1.
        assert!(close(ok_opt(stage_pearl(0.5)), 0.2689414213699951, 1e-12));
        assert!(close(ok_opt(stage_pearl(0.25)), 0.7310585786300049, 1e-12));
        assert_eq!(stage_pearl(0.0), None);
        let s = Stage::Engel {
            model: StageModel::Pearl,
            urban: 0.3,
            rural: 0.4,
            urbanisation: 0.6,
        };
        let (en, r) = ok(s.coefficient());
        assert!(close(en.unwrap_or(0.0), 0.34, 1e-12));
        assert!(close(r, 0.4852983566307939, 1e-12));
        assert_eq!(ok(Stage::Fixed { r: 0.7 }.coefficient()), (None, 0.7));
        assert_eq!(ability_to_pay(6e4, 4e4), Some(1.5));
    }

    fn ok_opt(x: Option<f64>) -> f64 {
        x.unwrap_or_else(|| panic!("none"))
    }

    #[test]
    fn spillover_by_hand() {
        // V = 6, 3, 1 (total 10); population 1 : 1 : 2 → w = .25, .25, .5;
        // Spill = 6 − 2.5 = 3.5, 3 − 2.5 = 0.5, 1 − 5 = −4.
        assert_eq!(
            ok(spillover_values(&[6.0, 3.0, 1.0], &[1.0, 1.0, 2.0])),
            vec![3.5, 0.5, -4.0]
        );
        let c = |code: &str, v: f64, pop: f64, k: Option<f64>, oc: Option<f64>| SpilloverInput {
            code: code.into(),
            name_zh: code.into(),
            non_market_yuan: v,
            population: Some(pop),
            gdp_yuan: None,
            area: None,
            stage: Stage::Fixed { r: 0.5 },
            ability_to_pay: k,
            opportunity_cost_yuan: oc,
        };
        let inputs = [
            c("A", 6.0, 1.0, Some(2.0), Some(4.0)),
            c("B", 3.0, 1.0, None, None),
            c("C", 1.0, 2.0, None, Some(1.0)),
        ];
        let s = ok(spillover(&inputs, ShareBasis::Population, true));
        assert_eq!(s.non_market_total_yuan, 10.0);
        let r = &s.rows;
        // A: 3.5 × 0.5 × 2 = 3.5 < OC 4 → 4 (lower bound).
        assert_eq!((r[0].unclamped_yuan, r[0].compensation_yuan), (3.5, 4.0));
        assert_eq!(r[0].clamped, Some(Bound::Lower));
        // B: 0.5 × 0.5 = 0.25, no OC given.
        assert_eq!((r[1].compensation_yuan, r[1].clamped), (0.25, None));
        // C pays: −4 × 0.5 = −2, not clamped.
        assert_eq!((r[2].compensation_yuan, r[2].clamped), (-2.0, None));
        let u = ok(spillover(&inputs, ShareBasis::Population, false));
        assert_eq!(u.rows[0].compensation_yuan, 3.5);
        // GDP basis without GDP: an error naming the county.
        assert!(spillover(&inputs, ShareBasis::Gdp, false).is_err());
        // Upper bound wins when OC > V_nm.
        assert_eq!(
            clamp_received(10.0, Some(2.0), 6.0),
            (6.0, Some(Bound::Upper))
        );
        assert_eq!(
            clamp_received(1.0, Some(8.0), 6.0),
            (6.0, Some(Bound::Upper))
        );
    }

    #[test]
    fn water_fill_by_hand() {
        let inf = f64::INFINITY;
        assert_eq!(
            ok(water_fill(100.0, &[1.0, 1.0, 2.0], &[0.0; 3], &[inf; 3])),
            vec![25.0, 25.0, 50.0]
        );
        // Cap 40 on the third: the other 60 split 30 / 30.
        let a = ok(water_fill(
            100.0,
            &[1.0, 1.0, 2.0],
            &[0.0; 3],
            &[inf, inf, 40.0],
        ));
        assert!(close(a[0], 30.0, 1e-12) && close(a[1], 30.0, 1e-12) && a[2] == 40.0);
        // Floor 40 on the first: 40 + λ + 2λ = 100 → λ = 20.
        let a = ok(water_fill(
            100.0,
            &[1.0, 1.0, 2.0],
            &[40.0, 0.0, 0.0],
            &[inf; 3],
        ));
        assert!(a[0] == 40.0 && close(a[1], 20.0, 1e-12) && close(a[2], 40.0, 1e-12));
        // Floors above the fund: infeasible.
        assert!(water_fill(100.0, &[1.0, 1.0], &[60.0, 60.0], &[inf; 2]).is_err());
        assert!(water_fill(100.0, &[1.0, 1.0], &[0.0; 2], &[40.0, 40.0]).is_err());
    }

    fn county(code: &str, scores: [f64; 3], cap: Option<f64>, deduction: f64) -> FundCounty {
        FundCounty {
            code: code.into(),
            scores: scores.to_vec(),
            floor: None,
            cap,
            deduction,
        }
    }

    #[test]
    fn fund_allocation_by_hand() {
        // Jiangxi-style weights 7 : 2 : 1 (normalised to .7, .2, .1); score totals 4, 4, 2.
        let factors =
            [("water", 7.0), ("forest", 2.0), ("management", 1.0)].map(|(id, w)| FundFactor {
                id: id.into(),
                weight: w,
            });
        let cs = [
            county("A", [3.0, 1.0, 1.0], None, 0.0),
            county("B", [1.0, 1.0, 1.0], None, 0.0),
            county("C", [0.0, 2.0, 0.0], None, 0.0),
        ];
        // A: .7·3/4 + .2·1/4 + .1·1/2 = .625; B: .175 + .05 + .05 = .275; C: .2·2/4 = .1.
        let f = ok(allocate_fund(1000.0, &factors, &cs));
        assert!(close(f.weights_used[0], 0.7, 1e-12));
        assert_eq!(f.factor_totals, vec![4.0, 4.0, 2.0]);
        let amounts: Vec<f64> = f.rows.iter().map(|r| r.amount_yuan).collect();
        for (a, e) in amounts.iter().zip([625.0, 275.0, 100.0]) {
            assert!(close(*a, e, 1e-12), "{a} vs {e}");
        }
        // 40 % deduction on A: A gets 375; the other 625 split 275 : 100 → 458.33 / 166.67.
        let mut cs2 = cs.clone();
        cs2[0].deduction = 0.4;
        let f = ok(allocate_fund(1000.0, &factors, &cs2));
        assert!(close(f.rows[0].amount_yuan, 375.0, 1e-12));
        assert!(close(f.rows[1].amount_yuan, 625.0 * 275.0 / 375.0, 1e-9));
        assert!(close(f.rows[2].amount_yuan, 625.0 * 100.0 / 375.0, 1e-9));
        // … and a cap of 150 on C: C 150, B 475.
        cs2[2].cap = Some(150.0);
        let f = ok(allocate_fund(1000.0, &factors, &cs2));
        assert!(close(f.rows[1].amount_yuan, 475.0, 1e-9));
        assert_eq!(f.rows[2].amount_yuan, 150.0);
        assert_eq!(f.rows[2].bound, Some(Bound::Upper));
        assert!(close(f.rows[1].formula_yuan, 275.0, 1e-12));
    }

    #[test]
    fn growth_rewards_by_hand() {
        assert_eq!(growth_reward(0.1, 100.0, 150.0), 5.0);
        assert_eq!(growth_reward(0.1, 150.0, 100.0), 0.0);
        let i = |code: &str, a: f64, b: f64, reg: f64| GrowthRewardInput {
            code: code.into(),
            gep_prev_yuan: a,
            gep_now_yuan: b,
            regulating_yuan: Some(reg),
        };
        // β·Fund = 0.2 × 1000 = 200 split 1 : 3 → 50 and 150.
        let g = ok(growth_rewards(
            &[i("A", 100.0, 150.0, 1.0), i("B", 200.0, 190.0, 3.0)],
            0.1,
            Some((0.2, 1000.0)),
        ));
        assert_eq!(g.rows[0].reward_yuan, 55.0);
        assert_eq!(g.rows[1].reward_yuan, 150.0);
    }

    #[test]
    fn opportunity_cost_by_hand() {
        // Urban gap 10 000 元 × 1 000 persons = 1e7; rural income above reference → 0.
        let oc = income_gap_opportunity_cost(IncomeGapInput {
            reference_urban: 40_000.0,
            urban: 30_000.0,
            urban_population: 1_000.0,
            reference_rural: 15_000.0,
            rural: 18_000.0,
            rural_population: 2_000.0,
        });
        assert_eq!(
            (oc.urban_yuan, oc.rural_yuan, oc.total_yuan),
            (1e7, 0.0, 1e7)
        );
        // 1000 over 2 years at 10 %: 1000 × 0.1 × 1.21 / 0.21 = 576.19…
        assert!(close(
            ok_opt(annuity(1000.0, 0.1, 2)),
            576.1904761904762,
            1e-12
        ));
        assert_eq!(annuity(1200.0, 0.0, 12), Some(100.0));
        assert_eq!(annuity(1000.0, 0.1, 0), None);
        let a = ok(investment_annuities(
            &[Investment {
                year: 2015,
                principal_yuan: 1000.0,
            }],
            0.1,
            2017,
        ));
        assert_eq!(a.rows[0].years, 2);
        assert!(close(a.total_yuan, 576.1904761904762, 1e-12));
        assert!(
            investment_annuities(
                &a.rows.iter().map(|r| r.investment).collect::<Vec<_>>(),
                0.1,
                2015
            )
            .is_err()
        );
        let s = ok(apportion(300.0, &[("a".into(), 1.0), ("b".into(), 2.0)]));
        assert_eq!(
            (s.rows[0].amount_yuan, s.rows[1].amount_yuan),
            (100.0, 200.0)
        );
    }

    #[test]
    fn horizontal_by_hand() {
        let p = |id: &str, c: f64| Pollutant {
            id: id.into(),
            concentration: c,
            baseline: 1.0,
        };
        // K0 = 0.85, ratios 1.0 and 1.2 → P = 0.85 × 1.1 = 0.935 ≤ 1: downstream pays.
        let w = ok(water_quality_index(
            0.85,
            &[p("CODMn", 1.0), p("NH3-N", 1.2)],
        ));
        assert!(close(w.p, 0.935, 1e-12));
        assert_eq!(w.direction, Direction::DownstreamPaysUpstream);
        let w = ok(water_quality_index(
            1.0,
            &[p("CODMn", 1.0), p("NH3-N", 1.2)],
        ));
        assert_eq!(w.direction, Direction::UpstreamPaysDownstream);
        // M_i = 2; G = 2·4/1² = 8 and 2·8/2² = 4 → shares 2/3, 1/3.
        let t = |code: &str, mass: f64, distance: f64| GravityTarget {
            code: code.into(),
            mass,
            distance,
        };
        let g = ok(gravity_shares(2.0, &[t("a", 4.0, 1.0), t("b", 8.0, 2.0)]));
        assert_eq!((g.rows[0].g, g.rows[1].g), (8.0, 4.0));
        assert!(close(g.rows[0].share, 2.0 / 3.0, 1e-12));
        assert!(gravity_shares(2.0, &[t("a", 4.0, 0.0)]).is_err());
    }

    #[test]
    fn inputs_from_accounts_and_traceable_json() {
        let reg = crate::registry::Registry::builtin();
        let p = crate::sample::synthetic(6, 7);
        let acc = super::super::compute(&p, reg, &super::super::Options::year(2022))
            .unwrap_or_else(|e| panic!("{e}"));
        let gep = priority_inputs(&acc, ValueBasis::Gep);
        let esv = priority_inputs(&acc, ValueBasis::Esv);
        assert_eq!(gep.len(), acc.counties.len());
        for ((g, e), c) in gep.iter().zip(&esv).zip(&acc.counties) {
            assert_eq!(g.non_market_yuan, c.totals.non_market);
            assert_eq!(
                e.non_market_yuan,
                c.esv.as_ref().map_or(0.0, |x| x.non_market)
            );
            assert_eq!(g.gdp_yuan, c.gdp_yuan);
        }
        let s = spillover_inputs(&acc, ValueBasis::Gep);
        assert_eq!(s[0].population, acc.counties[0].population);
        // Results carry their inputs and parameters.
        let pr = priority(&gep, ValueBasis::Gep, Classing::NaturalBreaks);
        let j = serde_json::to_value(&pr).unwrap_or_default();
        assert_eq!(j["basis"], "gep");
        assert_eq!(j["classing"], "natural_breaks");
        assert_eq!(j["rows"][0]["input"]["code"], acc.counties[0].code.as_str());
    }
}
