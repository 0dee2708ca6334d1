//! Opportunity cost (docs/methods.md, "Opportunity cost"): the income-gap method, annuities of past
//! investments and the apportionment of a total by weights. Pure.

use serde::Serialize;

use super::{CompensationError, Result, shares};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::compensation::test_util::{close, ok, ok_opt};

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
}
