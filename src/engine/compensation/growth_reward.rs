//! GEP-growth reward: α × the constant-price GEP growth, plus an optional β share of a fund
//! by regulating GEP. A design proposal [D]. Pure.
//!
//! When a fund is set (the β part), the total paid never exceeds it: if the growth parts and
//! the share parts together come to more than the fund, every county's parts are scaled down
//! by the same factor F / Σ reward, and the factor is kept ([`GrowthReward::cap_scale`]) so the
//! explanation can say so.

use serde::Serialize;

use super::{CompensationError, Result, check, shares};
use crate::engine::growth::Growth;

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
    /// α × max(0, ΔGEP), × the cap factor when the fund caps the total.
    pub growth_part_yuan: f64,
    /// β × Fund × GEP_reg,i / Σ GEP_reg (0 without β), × the cap factor.
    pub share_part_yuan: f64,
    pub reward_yuan: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GrowthReward {
    pub alpha: f64,
    /// (β, Fund) when the regulating-GEP share part is used.
    pub beta_fund: Option<(f64, f64)>,
    /// F / Σ (growth part + share part) when that sum exceeded the fund F and every reward was
    /// scaled down by it; `None` when the rewards fit within the fund or no fund is set.
    pub cap_scale: Option<f64>,
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

/// Reward_i = α × max(0, GEP_i,t − GEP_i,t−1) + β × Fund × GEP_reg,i / Σ GEP_reg, scaled by
/// Fund / Σ Reward when the sum exceeds the fund. The β part needs every county's regulating
/// GEP.
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
    let parts: Vec<(f64, f64)> = inputs
        .iter()
        .zip(share)
        .map(|(i, s)| (growth_reward(alpha, i.gep_prev_yuan, i.gep_now_yuan), s))
        .collect();
    let total: f64 = parts.iter().map(|(g, s)| g + s).sum();
    let cap_scale = match beta_fund {
        Some((_, fund)) if total > fund => Some(fund / total),
        _ => None,
    };
    let k = cap_scale.unwrap_or(1.0);
    let rows = inputs
        .iter()
        .zip(parts)
        .map(|(i, (g, s))| GrowthRewardRow {
            input: i.clone(),
            growth_part_yuan: g * k,
            share_part_yuan: s * k,
            reward_yuan: (g + s) * k,
        })
        .collect();
    Ok(GrowthReward {
        alpha,
        beta_fund,
        cap_scale,
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::compensation::test_util::ok;

    /// A county's GEP before and now and its regulating GEP (元).
    fn i(code: &str, a: f64, b: f64, reg: f64) -> GrowthRewardInput {
        GrowthRewardInput {
            code: code.into(),
            gep_prev_yuan: a,
            gep_now_yuan: b,
            regulating_yuan: Some(reg),
        }
    }

    #[test]
    fn growth_rewards_by_hand() {
        assert_eq!(growth_reward(0.1, 100.0, 150.0), 5.0);
        assert_eq!(growth_reward(0.1, 150.0, 100.0), 0.0);
        // β·Fund = 0.2 × 1000 = 200 split 1 : 3 → 50 and 150.
        let g = ok(growth_rewards(
            &[i("A", 100.0, 150.0, 1.0), i("B", 200.0, 190.0, 3.0)],
            0.1,
            Some((0.2, 1000.0)),
        ));
        assert_eq!(g.rows[0].reward_yuan, 55.0);
        assert_eq!(g.rows[1].reward_yuan, 150.0);
        assert_eq!(g.cap_scale, None);
    }

    #[test]
    fn the_fund_caps_the_total() {
        // Growth parts 0.5 × 100 = 50 and 0; β·F = 1 × 100 split 1 : 3 → 25 and 75.
        // Σ = 150 > F = 100, so every part × 100 / 150: rewards 50 and 50, paid 100 = F.
        let g = ok(growth_rewards(
            &[i("A", 100.0, 200.0, 1.0), i("B", 200.0, 190.0, 3.0)],
            0.5,
            Some((1.0, 100.0)),
        ));
        assert_eq!(g.cap_scale, Some(100.0 / 150.0));
        assert!((g.rows[0].reward_yuan - 50.0).abs() < 1e-12);
        assert!((g.rows[1].reward_yuan - 50.0).abs() < 1e-12);
        assert!((g.rows[0].growth_part_yuan - 100.0 / 3.0).abs() < 1e-12);
        assert!((g.rows[1].share_part_yuan - 50.0).abs() < 1e-12);
        // Without a fund the growth parts are paid as they are.
        let g = ok(growth_rewards(&[i("A", 100.0, 200.0, 1.0)], 0.5, None));
        assert_eq!((g.rows[0].reward_yuan, g.cap_scale), (50.0, None));
    }
}
