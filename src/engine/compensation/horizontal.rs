//! Horizontal (upstream–downstream) compensation (docs/methods.md, "Horizontal compensation"): the
//! boundary-section water-quality index P that decides who pays, and gravity shares that split the
//! downstream part. Pure.

use serde::Serialize;

use super::{CompensationError, Result, check, shares};

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
    use crate::engine::compensation::test_util::{close, ok};

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
}
