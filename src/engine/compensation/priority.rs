//! Compensation priority (docs/methods.md, "Compensation priority"): the ecological compensation
//! priority score ECPS = V_nm / GDP per county, its rank, and the three priority classes by
//! quantile (terciles) or Jenks natural-breaks classing. Pure; knows nothing of scenarios or
//! wording.

use serde::Serialize;

use crate::engine::accounts::Accounts;
use crate::model::compensation::{Classing, ValueBasis};

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

/// Geometric-interval breaks: with m and M the smallest and largest positive finite values,
/// the k − 1 breaks m·q^j (j = 1 … k − 1), q = (M/m)^(1/k), so every class spans the same
/// ratio (the geometric series between m and M; ArcGIS's "geometric interval" classing also
/// tunes q to even out the class counts, which this form does not). Zero and negative values
/// have no place on a geometric scale: they do not set m and fall in the lowest class. Empty
/// when k < 2 or fewer than two distinct positive values.
pub fn geometric_breaks(values: &[f64], k: usize) -> Vec<f64> {
    let v: Vec<f64> = sorted_finite(values)
        .into_iter()
        .filter(|x| *x > 0.0)
        .collect();
    let (Some(&lo), Some(&hi)) = (v.first(), v.last()) else {
        return vec![];
    };
    if k < 2 || hi <= lo {
        return vec![];
    }
    let q = (hi / lo).powf(1.0 / k as f64);
    (1..k).map(|j| lo * q.powi(j as i32)).collect()
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
        Classing::GeometricInterval => geometric_breaks(&known, 3),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::compensation::test_util::close;

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
    fn geometric_breaks_by_hand() {
        // m = 1, M = 27, q = 27^(1/3) = 3: breaks 3 and 9; zero and −2 do not set m.
        let b = geometric_breaks(&[0.0, -2.0, 1.0, 2.0, 5.0, 27.0], 3);
        assert_eq!(b.len(), 2);
        assert!(close(b[0], 3.0, 1e-12) && close(b[1], 9.0, 1e-12), "{b:?}");
        // 0.5 to 8 in two classes: q = 4, break 2.
        let b = geometric_breaks(&[8.0, 0.5, 1.0], 2);
        assert!(b.len() == 1 && close(b[0], 2.0, 1e-12), "{b:?}");
        // Fewer than two distinct positive values: no breaks.
        assert!(geometric_breaks(&[0.0, 4.0, 4.0, -1.0], 3).is_empty());
        let inputs: Vec<PriorityInput> = [(0.0, 1.0), (1.0, 1.0), (5.0, 1.0), (27.0, 1.0)]
            .iter()
            .enumerate()
            .map(|(i, (v, g))| PriorityInput {
                code: i.to_string(),
                name_zh: String::new(),
                non_market_yuan: *v,
                gdp_yuan: Some(*g),
                compensation_received_yuan: None,
            })
            .collect();
        let p = priority(&inputs, ValueBasis::Gep, Classing::GeometricInterval);
        let classes: Vec<_> = p.rows.iter().map(|r| r.class).collect();
        use PriorityClass::*;
        assert_eq!(
            classes,
            vec![
                Some(Potential),
                Some(Potential),
                Some(Secondary),
                Some(Priority)
            ]
        );
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
}
