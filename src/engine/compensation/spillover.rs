//! Value spillover (docs/methods.md, "Value spillover"): each county's non-market value against its
//! fair share (by population, GDP or area), the development-stage coefficient r, the ability-to-pay
//! factor k (payers only) and the optional clamp of received amounts. Pure; the scenario only fills
//! the inputs.
//!
//! r from Engel coefficients uses the Pearl curve only. The logistic r = 1/(1 + e^(−En)) was
//! removed: it rises with the Engel coefficient, so the poorer the county the larger its
//! willingness-to-pay coefficient — the wrong way round — and it barely discriminates (0.57–0.65
//! over En 0.3–0.6). Scenarios saved with it still load and run the Pearl curve with a warning
//! (`model::compensation::StageSource::EngelLogistic`, `checks::Warning::StageVariantWithdrawn`).

use serde::Serialize;

use super::priority::priority_inputs;
use super::{Bound, CompensationError, Result, ShareBasis, ValueBasis, check, same_len, shares};
use crate::engine::accounts::Accounts;

/// The development-stage coefficient r of one county.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Stage {
    /// r given directly (1 = theoretical spillover taken in full).
    Fixed { r: f64 },
    /// r from urban / rural Engel coefficients (fractions) and the urbanisation rate φ, by the
    /// Pearl curve (`stage_pearl`).
    Engel {
        urban: f64,
        rural: f64,
        urbanisation: f64,
    },
}

/// Composite Engel coefficient En = Ea·φ + Eb·(1 − φ).
pub fn engel_composite(urban: f64, rural: f64, urbanisation: f64) -> f64 {
    urban * urbanisation + rural * (1.0 - urbanisation)
}

/// The Pearl growth curve l = L / (1 + a·e^(−b·t)) with L = a = b = 1 and t = 1/En − 3 (the
/// form of the Chinese compensation literature, e.g. 赵青 et al. 2017): r ≈ 0.27 at
/// En = 0.5 (subsistence), → 1 as En falls (affluence). `None` unless En > 0.
///
/// The logistic r = 1/(1 + e^(−En)) ("Variant A") is not offered: it *rises* with En, so a
/// poorer county would get a larger willingness-to-pay coefficient than a richer one, and over
/// the observed En of 0.3–0.6 it only spans 0.57–0.65. A project file naming it runs this curve
/// instead, with a warning (`model::compensation::StageSource::EngelLogistic`).
pub fn stage_pearl(en: f64) -> Option<f64> {
    (en > 0.0 && en.is_finite()).then(|| 1.0 / (1.0 + (-(1.0 / en - 3.0)).exp()))
}

impl Stage {
    /// (composite Engel coefficient if any, r).
    pub fn coefficient(&self) -> Result<(Option<f64>, f64)> {
        match *self {
            Stage::Fixed { r } => Ok((None, check("r", r, r >= 0.0)?)),
            Stage::Engel {
                urban,
                rural,
                urbanisation,
            } => {
                check(
                    "urbanisation",
                    urbanisation,
                    (0.0..=1.0).contains(&urbanisation),
                )?;
                check(
                    "urban Engel coefficient",
                    urban,
                    (0.0..=1.0).contains(&urban),
                )?;
                check(
                    "rural Engel coefficient",
                    rural,
                    (0.0..=1.0).contains(&rural),
                )?;
                let en = engel_composite(urban, rural, urbanisation);
                let r = stage_pearl(en).filter(|r| r.is_finite()).ok_or_else(|| {
                    CompensationError::InvalidValue {
                        what: "Engel coefficient".into(),
                        value: en,
                    }
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
    /// Ability-to-pay factor k_i; `None` = 1. Applied only if the county pays.
    pub ability_to_pay: Option<f64>,
    /// Opportunity cost (元), the lower bound of compensation received when clamping.
    pub opportunity_cost_yuan: Option<f64>,
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
    /// k_i applied: the given factor when the county pays, 1 when it receives or none is given.
    pub k: f64,
    /// Spill_i × r_i × k_i before clamping (元), with k_i as applied.
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

/// Spill_i, r_i and Comp_i = Spill_i × r_i × k_i, optionally clamped (see `clamp_received`).
///
/// The ability-to-pay factor k scales only what payers pay (Spill_i < 0); receiving counties
/// (Spill_i ≥ 0) are not scaled by wealth, so for them k_i = 1 whatever was given. A given k
/// must still be a finite number ≥ 0.
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
            let given = i.ability_to_pay.unwrap_or(1.0);
            check("k", given, given >= 0.0)?;
            let k = if s >= 0.0 { 1.0 } else { given };
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::compensation::test_util::{close, ok, ok_opt};

    #[test]
    fn stage_coefficients_by_hand() {
        // En = 0.3·0.6 + 0.4·0.4 = 0.34.
        assert!(close(engel_composite(0.3, 0.4, 0.6), 0.34, 1e-12));
        // Pearl: En = 0.5 → t = 2 − 3 = −1 → 1/(1 + e) = 0.26894…; En = 0.25 → t = 1.
        assert!(close(ok_opt(stage_pearl(0.5)), 0.2689414213699951, 1e-12));
        assert!(close(ok_opt(stage_pearl(0.25)), 0.7310585786300049, 1e-12));
        assert_eq!(stage_pearl(0.0), None);
        // r falls as the Engel coefficient rises: a poorer county is asked to bear less.
        assert!(ok_opt(stage_pearl(0.3)) > ok_opt(stage_pearl(0.4)));
        let s = Stage::Engel {
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
        // A receives, so its k = 2 is not applied: 3.5 × 0.5 = 1.75 < OC 4 → 4 (lower bound).
        assert_eq!((r[0].unclamped_yuan, r[0].compensation_yuan), (1.75, 4.0));
        assert_eq!((r[0].k, r[0].clamped), (1.0, Some(Bound::Lower)));
        // B: 0.5 × 0.5 = 0.25, no OC given.
        assert_eq!((r[1].compensation_yuan, r[1].clamped), (0.25, None));
        // C pays: −4 × 0.5 = −2, not clamped.
        assert_eq!((r[2].compensation_yuan, r[2].clamped), (-2.0, None));
        let u = ok(spillover(&inputs, ShareBasis::Population, false));
        assert_eq!(u.rows[0].compensation_yuan, 1.75);
        // A payer's k scales what it pays: C with k = 1.5 pays −4 × 0.5 × 1.5 = −3.
        let mut payer_k = inputs.clone();
        payer_k[2].ability_to_pay = Some(1.5);
        let p = ok(spillover(&payer_k, ShareBasis::Population, true));
        assert_eq!((p.rows[2].k, p.rows[2].compensation_yuan), (1.5, -3.0));
        // A negative k is refused even for a receiver.
        payer_k[0].ability_to_pay = Some(-1.0);
        assert!(spillover(&payer_k, ShareBasis::Population, true).is_err());
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
}
