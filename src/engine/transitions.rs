//! Land-use change in the equivalent-factor method: ESV change attributed to each transition
//! and the sensitivity coefficient of ESV to each class's value coefficient (docs/methods.md,
//! "Land-use change").
//!
//! - Value coefficient of a class: VC_k = Σ_f E_kf × c_f × s_k × D (元/hm²), the ESV per hm² of
//!   the equivalent-factor account (table row, the county's regional coefficient c_f of service
//!   f in the to year — Xie et al. 2015, 1 when not adjusted —, crosswalk scale s_k, standard
//!   equivalent D). One VC per class for both years keeps Σ ΔESV = ESV(to) − ESV(from) exact.
//!   The region's VC is unadjusted (its counties' coefficients differ; `region_unadjusted`
//!   says when that matters); per-county matrices carry the adjustment. Both
//!   periods are valued at ONE price basis: constant prices of the later (to) accounting year,
//!   or of the project's base year when it sets one — the same D the to-year accounts use, so a
//!   change in ESV is a change in land use, not in prices.
//! - ΔESV_{i→j} = a_ij × (VC_j − VC_i); the diagonal (area that stayed) contributes 0, and
//!   Σ ΔESV_{i→j} = ESV(to) − ESV(from) where ESV(from) = Σ_i (row sum)_i × VC_i and
//!   ESV(to) = Σ_j (column sum)_j × VC_j.
//! - Sensitivity coefficient (Kreuter et al. 2001): CS_k = |(ESV_adj − ESV_0)/ESV_0| /
//!   |(VC_adj,k − VC_k)/VC_k| with VC_k adjusted by +50 % and −50 %, for each year's areas
//!   (row sums for the from year, column sums for the to year). ESV is linear in VC_k, so
//!   CS_k = A_k × VC_k / ESV_0 for both adjustments: the class's share of ESV. A class with
//!   VC_k = 0 has no CS (0/0).
//!
//! The region: the matrix entered with an empty county code when there is one, else the sum of
//! the counties' matrices for the same pair of years. Pure: no UI, no I/O.

use std::collections::BTreeMap;

use serde::Serialize;

use super::esv::{self, EsvError};
use super::prices::PriceBook;
use crate::model::{Project, TransitionMatrix};
use crate::registry::Registry;

/// The ±adjustment of a value coefficient in the sensitivity test (50 %).
pub const ADJUST: f64 = 0.5;

/// One class's value coefficient and its terms.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassValue {
    pub class: String,
    /// Factor-table row (`None` = no services: VC = 0).
    pub row: Option<String>,
    /// Σ_f E_f × c_f of the row (equivalents per hm², after the regional coefficients).
    pub equivalents: f64,
    /// Crosswalk scale s.
    pub scale: f64,
    /// VC = Σ_f E_f × s × D (元/hm²).
    pub vc: f64,
    /// Row sum of the matrix: area in the from year (hm²).
    pub from_area: f64,
    /// Column sum: area in the to year (hm²).
    pub to_area: f64,
}

/// One cell of the matrix with its ESV change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TransitionCell {
    pub from: String,
    pub to: String,
    /// a_ij (hm²).
    pub area: f64,
    /// VC_i and VC_j (元/hm²).
    pub vc_from: f64,
    pub vc_to: f64,
    /// ΔESV = a_ij × (VC_j − VC_i) (元); 0 on the diagonal.
    pub delta: f64,
}

/// CS of one class in one year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sensitivity {
    pub class: String,
    pub year: i32,
    /// ESV with VC_k × 1.5 and × 0.5 (元).
    pub esv_up: f64,
    pub esv_down: f64,
    /// CS for +50 % and −50 %; `None` when VC_k = 0 or ESV_0 = 0.
    pub cs_up: Option<f64>,
    pub cs_down: Option<f64>,
}

/// The land-use change account of one matrix.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TransitionAccount {
    /// County code; `None` = the region.
    pub county: Option<String>,
    pub from_year: i32,
    pub to_year: i32,
    /// Price year of every value (see the module doc).
    pub price_year: i32,
    /// Standard equivalent D at `price_year` (元/hm²).
    pub d: f64,
    /// The region matrix was summed from the counties' matrices (not entered).
    pub summed: bool,
    /// The county's regional coefficients of the to year in the VCs (empty for the region).
    pub coefficients: Vec<super::accounts::EsvCoefficient>,
    /// The region's VCs leave out regional coefficients that some county has in the to year.
    pub region_unadjusted: bool,
    pub classes: Vec<ClassValue>,
    /// Every non-zero cell, diagonal included, in from/to class order.
    pub cells: Vec<TransitionCell>,
    /// ESV of the from year and the to year from the matrix sums (元).
    pub esv_from: f64,
    pub esv_to: f64,
    /// Σ ΔESV_{i→j} (元) = `esv_to − esv_from`.
    pub delta: f64,
    /// Per class and year (from year first), in class order.
    pub sensitivity: Vec<Sensitivity>,
}

impl TransitionAccount {
    /// The off-diagonal cells by |ΔESV|, largest first (the "top transitions").
    pub fn top(&self) -> Vec<&TransitionCell> {
        let mut v: Vec<&TransitionCell> = self.cells.iter().filter(|c| c.from != c.to).collect();
        v.sort_by(|a, b| b.delta.abs().total_cmp(&a.delta.abs()));
        v
    }

    pub fn class(&self, id: &str) -> Option<&ClassValue> {
        self.classes.iter().find(|c| c.class == id)
    }
}

/// Why a land-use change account cannot be made.
#[derive(Debug, Clone, PartialEq)]
pub enum TransitionError {
    /// No matrix for this county (or region) and pair of years.
    NoMatrix,
    Esv(EsvError),
}

/// The distinct (from, to) year pairs of the project's matrices, in order.
pub fn year_pairs(project: &Project) -> Vec<(i32, i32)> {
    let mut v: Vec<(i32, i32)> = project
        .transitions
        .iter()
        .map(|m| (m.from_year, m.to_year))
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// The matrix of a county (`Some(code)`) or of the region (`None`: entered, else summed) for a
/// pair of years, and whether it was summed.
pub fn matrix_for(
    project: &Project,
    county: Option<&str>,
    from_year: i32,
    to_year: i32,
) -> Option<(TransitionMatrix, bool)> {
    let same = |m: &&TransitionMatrix| m.from_year == from_year && m.to_year == to_year;
    let code = county.unwrap_or("");
    if let Some(m) = project
        .transitions
        .iter()
        .filter(same)
        .find(|m| m.county == code)
    {
        return Some((m.clone(), false));
    }
    if county.is_some() {
        return None;
    }
    let mut sum = TransitionMatrix {
        county: String::new(),
        from_year,
        to_year,
        ..Default::default()
    };
    let mut any = false;
    for m in project.transitions.iter().filter(same) {
        any = true;
        for (from, row) in &m.cells {
            for (to, a) in row {
                let v = sum.cell(from, to) + a;
                sum.set_cell(from, to, v);
            }
        }
    }
    any.then_some((sum, true))
}

/// The price year of a land-use change account (see the module doc).
pub fn price_year(project: &Project, to_year: i32) -> i32 {
    project.meta.base_year.unwrap_or(to_year)
}

/// The land-use change account of one county (or the region) between two years.
pub fn compute(
    project: &Project,
    registry: &Registry,
    county: Option<&str>,
    from_year: i32,
    to_year: i32,
) -> Result<TransitionAccount, TransitionError> {
    let (m, summed) =
        matrix_for(project, county, from_year, to_year).ok_or(TransitionError::NoMatrix)?;
    let price_year = price_year(project, to_year);
    let book = PriceBook::new(project, registry, to_year, price_year);
    let plan = esv::plan(project, registry, &book).map_err(TransitionError::Esv)?;
    let means = &project.esv.national_means;
    let to_period = project.period(to_year);
    let coefficients = match (
        county,
        to_period.and_then(|p| p.counties.get(county.unwrap_or(""))),
    ) {
        (Some(_), Some(cp)) => {
            esv::coefficients(plan.table, &plan.service_ids, &cp.esv_adjust, means)
        }
        _ => Vec::new(),
    };
    let region_unadjusted = county.is_none()
        && to_period.is_some_and(|p| {
            p.counties.values().any(|cp| {
                esv::coefficients(plan.table, &plan.service_ids, &cp.esv_adjust, means)
                    .iter()
                    .any(|c| c.value != 1.0)
            })
        });
    let c = plan.service_scale(&coefficients);
    let (from_area, to_area) = (m.from_totals(), m.to_totals());
    let classes: Vec<ClassValue> = m
        .classes()
        .into_iter()
        .map(|class| {
            let (row, equivalents, scale) = match plan.class_coefficient(&class, &c) {
                Some((r, e, s)) => (Some(r.to_string()), e, s),
                None => (None, 0.0, 1.0),
            };
            ClassValue {
                vc: equivalents * scale * plan.d,
                from_area: from_area.get(&class).copied().unwrap_or(0.0),
                to_area: to_area.get(&class).copied().unwrap_or(0.0),
                class,
                row,
                equivalents,
                scale,
            }
        })
        .collect();
    let vc: BTreeMap<&str, f64> = classes.iter().map(|c| (c.class.as_str(), c.vc)).collect();
    let vc_of = |c: &str| vc.get(c).copied().unwrap_or(0.0);
    let mut cells = Vec::new();
    for (from, row) in &m.cells {
        for (to, &area) in row {
            let (vi, vj) = (vc_of(from), vc_of(to));
            cells.push(TransitionCell {
                from: from.clone(),
                to: to.clone(),
                area,
                vc_from: vi,
                vc_to: vj,
                delta: if from == to { 0.0 } else { area * (vj - vi) },
            });
        }
    }
    let esv_from: f64 = classes.iter().map(|c| c.from_area * c.vc).sum();
    let esv_to: f64 = classes.iter().map(|c| c.to_area * c.vc).sum();
    let mut sensitivity = Vec::with_capacity(classes.len() * 2);
    for (year, total, area_of) in [
        (
            from_year,
            esv_from,
            (|c: &ClassValue| c.from_area) as fn(&ClassValue) -> f64,
        ),
        (to_year, esv_to, |c: &ClassValue| c.to_area),
    ] {
        for c in &classes {
            sensitivity.push(sensitivity_of(c, year, total, area_of(c)));
        }
    }
    Ok(TransitionAccount {
        county: county.map(str::to_string),
        from_year,
        to_year,
        price_year,
        d: plan.d,
        summed,
        coefficients,
        region_unadjusted,
        delta: cells.iter().map(|c| c.delta).sum(),
        classes,
        cells,
        esv_from,
        esv_to,
        sensitivity,
    })
}

/// CS of one class in one year: VC_k moved by ±`ADJUST`, ESV recomputed.
fn sensitivity_of(c: &ClassValue, year: i32, esv0: f64, area: f64) -> Sensitivity {
    let cs = |adj: f64| {
        let esv = esv0 + area * c.vc * adj;
        let cs = (c.vc != 0.0 && esv0 != 0.0).then(|| ((esv - esv0) / esv0).abs() / adj.abs());
        (esv, cs)
    };
    let (esv_up, cs_up) = cs(ADJUST);
    let (esv_down, cs_down) = cs(-ADJUST);
    Sensitivity {
        class: c.class.clone(),
        year,
        esv_up,
        esv_down,
        cs_up,
        cs_down,
    }
}

#[cfg(test)]
pub(crate) mod tests;
