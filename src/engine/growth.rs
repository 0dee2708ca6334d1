//! Real (constant-price) growth between two periods (docs/methods.md, "Constant prices and real
//! growth").
//!
//! Both periods are computed with every price moved to the base year b, so the comparison is a
//! volume (Laspeyres) comparison: GEP_t^(b) = Σ Q_k,t × P_k,b; g = GEP_t^(b)/GEP_t0^(b) − 1.

use serde::Serialize;

use super::{ComputeError, Options};
use crate::model::Project;
use crate::registry::Registry;

#[derive(Debug, Clone, Serialize)]
pub struct CountyGrowth {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    /// GEP of the first year at base-year prices (元).
    pub gep_from: f64,
    /// GEP of the second year at base-year prices (元).
    pub gep_to: f64,
    /// Real growth (fraction); `None` when the first year's GEP is 0.
    pub real_growth: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Growth {
    pub from_year: i32,
    pub to_year: i32,
    pub base_year: i32,
    pub framework: String,
    pub counties: Vec<CountyGrowth>,
    pub region: CountyGrowth,
    /// The region's value of each indicator counted in GEP, both years at base-year prices:
    /// what the change is made of.
    pub indicators: Vec<IndicatorGrowth>,
}

/// One indicator's region value in both years at base-year prices (元).
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorGrowth {
    pub id: String,
    pub from: f64,
    pub to: f64,
}

/// Real growth from `from_year` to `to_year` at the prices of `base_year` (default `from_year`).
pub fn growth(
    project: &Project,
    registry: &Registry,
    from_year: i32,
    to_year: i32,
    framework: Option<String>,
    base_year: Option<i32>,
) -> Result<Growth, ComputeError> {
    let base = base_year.unwrap_or(from_year);
    let opts = |year| Options {
        year,
        framework: framework.clone(),
        price_year: Some(base),
        traces: false,
    };
    let a = super::fast::compute(project, registry, &opts(from_year))?;
    let b = super::fast::compute(project, registry, &opts(to_year))?;
    let g = |x: f64, y: f64| (x > 0.0).then(|| y / x - 1.0);
    let counties = a
        .counties
        .iter()
        .zip(&b.counties)
        .map(|(x, y)| CountyGrowth {
            code: x.code.clone(),
            name_zh: x.name_zh.clone(),
            name_en: x.name_en.clone(),
            gep_from: x.totals.gep,
            gep_to: y.totals.gep,
            real_growth: g(x.totals.gep, y.totals.gep),
        })
        .collect();
    let (ra, rb) = (a.region.totals.gep, b.region.totals.gep);
    let counted = |acc: &super::Accounts, id: &str| {
        acc.counties
            .first()
            .and_then(|c| c.indicators.iter().find(|i| &*i.id == id))
            .is_some_and(|i| i.counted)
    };
    let region_value = |acc: &super::Accounts, id: &str| {
        acc.region
            .by_indicator
            .iter()
            .find(|(i, _)| &**i == id)
            .map_or(0.0, |(_, v)| *v)
    };
    let indicators = b
        .region
        .by_indicator
        .iter()
        .filter(|(id, _)| counted(&b, id))
        .map(|(id, v)| IndicatorGrowth {
            id: id.to_string(),
            from: region_value(&a, id),
            to: *v,
        })
        .collect();
    Ok(Growth {
        indicators,
        from_year,
        to_year,
        base_year: base,
        framework: a.framework.clone(),
        counties,
        region: CountyGrowth {
            code: String::new(),
            name_zh: project.meta.region.clone(),
            name_en: project.meta.region.clone(),
            gep_from: ra,
            gep_to: rb,
            real_growth: g(ra, rb),
        },
    })
}
