//! Equivalent-factor method (单位面积价值当量因子法, docs/methods.md).
//!
//! ESV = Σ_k Σ_f A_k × E_kf × c_k × F_f × D (c_k the crosswalk's scale factor of class k, F_f
//! the county's regional coefficient of service f, 1 when not adjusted). Owns the standard-equivalent derivation (entered, 1/7 of grain
//! output value, or grain net profit), the crosswalk from the project's land classes to table
//! rows, the regional coefficients of Xie et al. 2015 (NPP, precipitation, soil retention: each
//! service of the table declares which one scales it), and ESV by land class and by service
//! with the market / non-market split after those coefficients.
//! `standard_equivalent` returns D with its `Trace` (each crop's terms, the sums, D), so the
//! app and reports print the derivation instead of redoing it.

use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

use super::accounts::{CoefficientBasis, EsvAccount, EsvCoefficient};
use super::formulas as f;
use super::prices::PriceBook;
use super::trace::{Origin, ProductPricing, Step, Trace};
use crate::model::catalogue::EsvRow;
use crate::model::{
    AdjustEntry, CountyPeriod, EsvAdjustInput, NationalMeans, Project, StandardEquivalent,
};
use crate::registry::{AdjustBy, FactorTable, Registry};
use crate::units::Unit;

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

/// The standard equivalent D as the engine derives it: the value (元/hm²) at its own price
/// year, that year, and the trace of every term. `Trace` has no field for a price year (and
/// `trace.rs` stays as it is), so the year rides beside it; views print `trace.steps` and never
/// redo the arithmetic.
#[derive(Debug, Clone)]
pub struct EquivalentD {
    pub value: f64,
    pub price_year: i32,
    pub trace: Trace,
}

/// Step symbols of the D trace (views find the terms by these).
pub mod sym {
    /// Sown area of one crop (hm²), grain method.
    pub const AREA: &str = "m_i";
    /// Output value of one crop m·q·p (元), grain method.
    pub const OUTPUT: &str = "m_i·q_i·p_i";
    /// Σ output value (元), grain method.
    pub const SUM_OUTPUT: &str = "Σ m_i·q_i·p_i";
    /// Σ sown area (hm²), grain method.
    pub const SUM_AREA: &str = "Σ m_i";
    /// Sown share of one crop, net-profit method.
    pub const SHARE: &str = "S_i";
    /// Net profit of one crop (元/hm²), net-profit method.
    pub const PROFIT: &str = "F_i";
    /// The standard equivalent itself (the last step).
    pub const D: &str = "D";
}

/// The standard equivalent D (元/hm²) at its own price year, with its derivation.
pub fn standard_equivalent(se: &StandardEquivalent) -> Result<EquivalentD, EsvError> {
    match se {
        StandardEquivalent::Direct {
            value_yuan_per_hm2,
            price_year,
            source,
            ..
        } => {
            let steps = vec![Step {
                symbol: sym::D,
                value: *value_yuan_per_hm2,
                unit: Unit::YuanPerHm2,
                origin: Origin::OutputValue {
                    basis: "entered",
                    price_year: *price_year,
                    index_factor: 1.0,
                    source: Arc::from(source.as_str()),
                },
            }];
            Ok(derived(
                "direct",
                ("D（直接输入）", "D (entered)"),
                *value_yuan_per_hm2,
                *price_year,
                steps,
            ))
        }
        StandardEquivalent::GrainOneSeventh {
            crops,
            price_year,
            source,
        } => {
            let c: Vec<(f64, f64, f64)> = crops
                .iter()
                .map(|c| (c.sown_area_hm2, c.yield_kg_per_hm2, c.price_yuan_per_kg))
                .collect();
            let d = f::standard_equivalent_grain(&c).ok_or(EsvError::NoGrainArea)?;
            let src: Arc<str> = Arc::from(source.as_str());
            let mut steps = Vec::with_capacity(crops.len() * 2 + 3);
            for crop in crops {
                let name: Arc<str> = Arc::from(crop.name.as_str());
                steps.push(Step {
                    symbol: sym::AREA,
                    value: crop.sown_area_hm2,
                    unit: Unit::Hm2,
                    origin: Origin::Input {
                        id: name.clone(),
                        entered: crop.sown_area_hm2,
                        entered_unit: Unit::Hm2,
                    },
                });
                steps.push(Step {
                    symbol: sym::OUTPUT,
                    value: crop.sown_area_hm2 * crop.yield_kg_per_hm2 * crop.price_yuan_per_kg,
                    unit: Unit::Yuan,
                    origin: Origin::Product {
                        name,
                        price_year: *price_year,
                        index_factor: 1.0,
                        source: src.clone(),
                        pricing: ProductPricing::Indexed,
                    },
                });
            }
            let value: f64 = c.iter().map(|(m, q, p)| m * q * p).sum();
            let area: f64 = c.iter().map(|c| c.0).sum();
            for (symbol, v, unit) in [
                (sym::SUM_OUTPUT, value, Unit::Yuan),
                (sym::SUM_AREA, area, Unit::Hm2),
                (sym::D, d, Unit::YuanPerHm2),
            ] {
                steps.push(Step {
                    symbol,
                    value: v,
                    unit,
                    origin: Origin::Result,
                });
            }
            Ok(derived(
                "grain_one_seventh",
                (
                    "D = (1/7) × Σ m_i·q_i·p_i / Σ m_i",
                    "D = (1/7) × Σ m_i·q_i·p_i / Σ m_i",
                ),
                d,
                *price_year,
                steps,
            ))
        }
        StandardEquivalent::NetProfit {
            crops,
            price_year,
            source,
        } => {
            let c: Vec<(f64, f64)> = crops
                .iter()
                .map(|c| (c.sown_share, c.net_profit_yuan_per_hm2))
                .collect();
            let d = f::standard_equivalent_net_profit(&c);
            let src: Arc<str> = Arc::from(source.as_str());
            let mut steps = Vec::with_capacity(crops.len() * 2 + 1);
            for crop in crops {
                let name: Arc<str> = Arc::from(crop.name.as_str());
                steps.push(Step {
                    symbol: sym::SHARE,
                    value: crop.sown_share,
                    unit: Unit::Fraction,
                    origin: Origin::Input {
                        id: name.clone(),
                        entered: crop.sown_share,
                        entered_unit: Unit::Fraction,
                    },
                });
                steps.push(Step {
                    symbol: sym::PROFIT,
                    value: crop.net_profit_yuan_per_hm2,
                    unit: Unit::YuanPerHm2,
                    origin: Origin::Product {
                        name,
                        price_year: *price_year,
                        index_factor: 1.0,
                        source: src.clone(),
                        pricing: ProductPricing::Indexed,
                    },
                });
            }
            steps.push(Step {
                symbol: sym::D,
                value: d,
                unit: Unit::YuanPerHm2,
                origin: Origin::Result,
            });
            Ok(derived(
                "net_profit",
                ("D = Σ S_i·F_i", "D = Σ S_i·F_i"),
                d,
                *price_year,
                steps,
            ))
        }
    }
}

fn derived(
    method: &str,
    (formula_zh, formula_en): (&'static str, &'static str),
    value: f64,
    price_year: i32,
    steps: Vec<Step>,
) -> EquivalentD {
    EquivalentD {
        value,
        price_year,
        trace: Trace {
            method: Arc::from(method),
            formula_zh,
            formula_en,
            steps,
        },
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
    let EquivalentD {
        value: d0,
        price_year: year,
        ..
    } = standard_equivalent(&project.esv.standard_equivalent)?;
    let factor = book
        .index_factor("cpi", year)
        .map_err(|e| EsvError::Price(e.message().1))?;
    // Every class any crosswalk names; a class named by none has no services.
    let mut rows = HashMap::default();
    let classes = table
        .crosswalk
        .iter()
        .map(|c| c.class.as_str())
        .chain(project.esv.crosswalk.keys().map(String::as_str));
    for class in classes {
        let r = match crate::model::catalogue::esv_row(project, table, class) {
            EsvRow::Row { index, factor } => Some((index, factor)),
            EsvRow::NoEsv { .. } | EsvRow::Unmapped => None,
        };
        rows.insert(class.to_string(), (Arc::from(class), r));
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
    /// The value coefficient of a land class, VC = Σ_f E_f × c_f × scale × D (元/hm²), with
    /// its terms: the table row's id, Σ_f E_f × c_f (c_f the county's regional coefficient of
    /// service f from `service_scale`, 1 when not adjusted) and the crosswalk scale. `None` =
    /// the class has no services (built-up, or mapped to no row), so VC = 0.
    pub(crate) fn class_coefficient(&self, class: &str, c: &[f64]) -> Option<(&str, f64, f64)> {
        let (_, row) = self.rows.get(class)?;
        let (ri, scale) = (*row)?;
        let row = &self.table.rows[ri];
        let n = self.table.services.len();
        let sum: f64 = row
            .factors
            .iter()
            .take(n)
            .enumerate()
            .map(|(s, e)| e * c.get(s).copied().unwrap_or(1.0))
            .sum();
        Some((row.id.as_str(), sum, scale))
    }

    /// The table row's factors and the crosswalk's scale of a land class; `None` = no services.
    pub(crate) fn class_row(&self, class: &str) -> Option<(&[f64], f64)> {
        let (_, row) = self.rows.get(class)?;
        let (ri, scale) = (*row)?;
        Some((&self.table.rows[ri].factors, scale))
    }

    /// The factor of each service for a county and year: its regional coefficient, or 1.
    pub(crate) fn service_scale(&self, coefficients: &[EsvCoefficient]) -> Vec<f64> {
        self.table
            .services
            .iter()
            .map(|s| {
                s.adjust
                    .and_then(|k| coefficients.iter().find(|c| c.kind == k))
                    .map_or(1.0, |c| c.value)
            })
            .collect()
    }

    pub(crate) fn account(
        &self,
        cp: &CountyPeriod,
        means: &NationalMeans,
        ctx: &super::gep::Ctx,
    ) -> EsvAccount {
        let n = self.table.services.len();
        let coefficients = coefficients(self.table, &self.service_ids, &cp.esv_adjust, means);
        // The factor of each service: its coefficient's value, or 1.
        let scale = self.service_scale(&coefficients);
        let mut by_service = vec![0.0; n];
        let mut unadjusted_total = 0.0;
        let mut by_class = Vec::with_capacity(cp.land_cover.len());
        for (class, &area) in &cp.land_cover {
            let mut v = 0.0;
            let known = self.rows.get(class.as_str());
            if let Some((_, Some((ri, factor)))) = known {
                let row = &self.table.rows[*ri];
                for (s, e) in row.factors.iter().enumerate().take(n) {
                    let x = area * e * factor * self.d;
                    unadjusted_total += x;
                    let x = x * scale[s];
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
            coefficients,
            unadjusted_total,
        }
    }
}

/// The county's three regional coefficients (Xie et al. 2015), each with its derivation and the
/// services of `table` it scales. Unset = 1, "not adjusted"; a county value without a usable
/// national mean is not applied (validation reports it).
pub(crate) fn coefficients(
    table: &FactorTable,
    service_ids: &[Arc<str>],
    input: &EsvAdjustInput,
    means: &NationalMeans,
) -> Vec<EsvCoefficient> {
    AdjustBy::ALL
        .iter()
        .map(|&kind| {
            let (value, basis) = match input.get(kind) {
                None => (1.0, CoefficientBasis::NotAdjusted),
                Some(AdjustEntry::Coefficient(c)) => (c, CoefficientBasis::Entered),
                Some(AdjustEntry::Value(v)) => match means.get(kind) {
                    Some(m) if m.value.is_finite() && m.value > 0.0 => (
                        v / m.value,
                        CoefficientBasis::Derived {
                            county_value: v,
                            national_mean: m.value,
                            unit: m.unit.clone(),
                            year: m.year,
                            source: m.source.clone(),
                        },
                    ),
                    _ => (1.0, CoefficientBasis::NoNationalMean { county_value: v }),
                },
            };
            let services = table
                .services
                .iter()
                .zip(service_ids)
                .filter(|(s, _)| s.adjust == Some(kind))
                .map(|(_, id)| id.clone())
                .collect();
            EsvCoefficient {
                kind,
                value,
                basis,
                services,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{GrainCrop, NetProfitCrop};

    #[test]
    fn grain_trace_has_each_term_and_the_sums() {
        let se = StandardEquivalent::GrainOneSeventh {
            crops: vec![
                GrainCrop {
                    name: "稻谷".into(),
                    sown_area_hm2: 60.0,
                    yield_kg_per_hm2: 6000.0,
                    price_yuan_per_kg: 2.5,
                },
                GrainCrop {
                    name: "小麦".into(),
                    sown_area_hm2: 40.0,
                    yield_kg_per_hm2: 7000.0,
                    price_yuan_per_kg: 2.0,
                },
            ],
            price_year: 2020,
            source: "统计年鉴".into(),
        };
        let d = standard_equivalent(&se).unwrap_or_else(|e| panic!("{e:?}"));
        let want = (60.0 * 6000.0 * 2.5 + 40.0 * 7000.0 * 2.0) / 100.0 / 7.0;
        assert!((d.value - want).abs() < 1e-9);
        assert_eq!(d.price_year, 2020);
        let of = |s: &str| -> Vec<f64> {
            d.trace
                .steps
                .iter()
                .filter(|x| x.symbol == s)
                .map(|x| x.value)
                .collect()
        };
        assert_eq!(of(sym::AREA), vec![60.0, 40.0]);
        assert_eq!(of(sym::OUTPUT), vec![900_000.0, 560_000.0]);
        assert_eq!(of(sym::SUM_OUTPUT), vec![1_460_000.0]);
        assert_eq!(of(sym::SUM_AREA), vec![100.0]);
        assert_eq!(d.trace.steps.last().map(|s| s.value), Some(d.value));
    }

    #[test]
    fn net_profit_and_direct_traces() {
        let se = StandardEquivalent::NetProfit {
            crops: vec![
                NetProfitCrop {
                    name: "a".into(),
                    sown_share: 0.5,
                    net_profit_yuan_per_hm2: 1000.0,
                },
                NetProfitCrop {
                    name: "b".into(),
                    sown_share: 0.5,
                    net_profit_yuan_per_hm2: 3000.0,
                },
            ],
            price_year: 2019,
            source: String::new(),
        };
        let d = standard_equivalent(&se).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!((d.value, d.price_year), (2000.0, 2019));
        assert_eq!(d.trace.steps.len(), 5);
        let direct = StandardEquivalent::Direct {
            value_yuan_per_hm2: 3406.5,
            price_year: 2010,
            source: String::new(),
            tag: crate::registry::Tag::U,
        };
        let d = standard_equivalent(&direct).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!((d.value, d.price_year), (3406.5, 2010));
        assert_eq!(d.trace.steps.len(), 1);
        let none = StandardEquivalent::GrainOneSeventh {
            crops: Vec::new(),
            price_year: 2020,
            source: String::new(),
        };
        assert_eq!(
            standard_equivalent(&none).map(|d| d.value),
            Err(EsvError::NoGrainArea)
        );
    }
}
