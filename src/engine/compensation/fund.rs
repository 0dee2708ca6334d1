//! Fund allocation by weighted factors (docs/methods.md, "Fund allocation"): formula shares,
//! deductions, and floors and caps by water filling so the allocations still sum to the fund. Pure.

use serde::Serialize;

use super::{Bound, CompensationError, Result, check, same_len};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::compensation::test_util::{close, ok};

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
}
