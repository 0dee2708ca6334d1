//! Equivalent-factor method (单位面积价值当量因子法, METHODS.md §3).
//!
//! ESV = Σ_k Σ_f A_k × E_kf × D. Owns the standard-equivalent derivation (entered, 1/7 of grain
//! output value, or grain net profit), the crosswalk from the project's land classes to table
//! rows, and ESV by land class and by service with the market / non-market split.

use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

use super::accounts::EsvAccount;
use super::formulas as f;
use super::prices::PriceBook;
use crate::model::{CountyPeriod, Project, StandardEquivalent};
use crate::registry::{FactorTable, Registry};

/// Why ESV cannot be computed.
#[derive(Debug, Clone, PartialEq)]
pub enum EsvError {
    UnknownTable(String),
    NoGrainArea,
    Price(String),
}

impl EsvError {
    pub fn message(&self) -> (String, String) {
        match self {
            EsvError::UnknownTable(t) => (
                format!("未知当量因子表 {t}"),
                format!("unknown equivalent-factor table {t}"),
            ),
            EsvError::NoGrainArea => (
                "标准当量推算所需的粮食播种面积为 0".into(),
                "the grain sown area used to derive the standard equivalent is 0".into(),
            ),
            EsvError::Price(m) => (m.clone(), m.clone()),
        }
    }
}

/// The standard equivalent D (元/hm²) at its own price year, and that year.
pub fn standard_equivalent(se: &StandardEquivalent) -> Result<(f64, i32), EsvError> {
    match se {
        StandardEquivalent::Direct {
            value_yuan_per_hm2,
            price_year,
            ..
        } => Ok((*value_yuan_per_hm2, *price_year)),
        StandardEquivalent::GrainOneSeventh {
            crops, price_year, ..
        } => {
            let c: Vec<(f64, f64, f64)> = crops
                .iter()
                .map(|c| (c.sown_area_hm2, c.yield_kg_per_hm2, c.price_yuan_per_kg))
                .collect();
            f::standard_equivalent_grain(&c)
                .map(|d| (d, *price_year))
                .ok_or(EsvError::NoGrainArea)
        }
        StandardEquivalent::NetProfit {
            crops, price_year, ..
        } => {
            let c: Vec<(f64, f64)> = crops
                .iter()
                .map(|c| (c.sown_share, c.net_profit_yuan_per_hm2))
                .collect();
            Ok((f::standard_equivalent_net_profit(&c), *price_year))
        }
    }
}

/// A class's interned id and its (row index, scale factor); `None` = no services.
type ClassRow = (Arc<str>, Option<(usize, f64)>);

/// A prepared ESV computation: the table, D at the target year and each class's row.
pub(crate) struct EsvPlan<'a> {
    pub table: &'a FactorTable,
    pub d: f64,
    /// class → (interned id, row index and scale factor); `None` row = no services (built-up).
    rows: HashMap<String, ClassRow>,
    pub service_ids: Vec<Arc<str>>,
}

pub(crate) fn plan<'a>(
    project: &'a Project,
    registry: &'a Registry,
    book: &PriceBook,
) -> Result<EsvPlan<'a>, EsvError> {
    let id = &project.esv.table;
    let table = crate::model::catalogue::factor_table(project, registry, id)
        .ok_or_else(|| EsvError::UnknownTable(id.clone()))?;
    let (d0, year) = standard_equivalent(&project.esv.standard_equivalent)?;
    let factor = book
        .index_factor("cpi", year)
        .map_err(|e| EsvError::Price(e.message().1))?;
    let row_index = |row: &str| table.rows.iter().position(|r| r.id == row);
    let mut rows = HashMap::default();
    for c in &registry.land_classes {
        let default = match id.as_str() {
            "xie2015" => c.xie2015.as_deref(),
            "xie2003" => c.xie2003.as_deref(),
            _ => None,
        };
        rows.insert(
            c.id.clone(),
            (
                Arc::from(c.id.as_str()),
                default.and_then(row_index).map(|i| (i, 1.0)),
            ),
        );
    }
    for (class, entry) in &project.esv.crosswalk {
        let r = entry
            .row
            .as_deref()
            .and_then(row_index)
            .map(|i| (i, entry.factor));
        rows.insert(class.clone(), (Arc::from(class.as_str()), r));
    }
    Ok(EsvPlan {
        table,
        d: d0 * factor,
        rows,
        service_ids: table
            .services
            .iter()
            .map(|s| Arc::from(s.id.as_str()))
            .collect(),
    })
}

impl EsvPlan<'_> {
    pub(crate) fn account(&self, cp: &CountyPeriod, ctx: &super::gep::Ctx) -> EsvAccount {
        let n = self.table.services.len();
        let mut by_service = vec![0.0; n];
        let mut by_class = Vec::with_capacity(cp.land_cover.len());
        for (class, &area) in &cp.land_cover {
            let mut v = 0.0;
            let known = self.rows.get(class.as_str());
            if let Some((_, Some((ri, scale)))) = known {
                let row = &self.table.rows[*ri];
                for (s, e) in row.factors.iter().enumerate().take(n) {
                    let x = area * e * scale * self.d;
                    by_service[s] += x;
                    v += x;
                }
            }
            let id = known.map_or_else(|| ctx.id(class), |k| k.0.clone());
            by_class.push((id, area, v));
        }
        let total: f64 = by_service.iter().sum();
        let market: f64 = self
            .table
            .services
            .iter()
            .zip(&by_service)
            .filter(|(s, _)| s.market)
            .map(|(_, v)| v)
            .sum();
        EsvAccount {
            table: self.table.id.clone(),
            standard_equivalent: self.d,
            by_class,
            by_service: self.service_ids.iter().cloned().zip(by_service).collect(),
            total,
            market,
            non_market: total - market,
        }
    }
}
