//! GEP-growth reward: α × the constant-price GEP growth, plus an optional β share of a fund
//! by regulating GEP. A design proposal [D]. Pure.

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::compensation::test_util::ok;

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
}
