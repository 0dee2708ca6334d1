//! Prices and price years.
//!
//! Owns the effective parameter set of a computation (registry values replaced by project
//! overrides) and the conversion of prices from their price year to the target year with a
//! fixed-base price index: P_t = P_t0 × I_t / I_t0 (docs/methods.md, "Prices and price years").
//! Values of different price years are never summed: everything passes through here first.
//! Statutory rates (`PriceBasis::Statutory`, e.g. the environmental-protection tax) are nominal and
//! pass unindexed.

use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

use super::trace::EffectiveParam;
use crate::i18n::Text;
use crate::model::Project;
use crate::registry::{PriceIndexSeries, Registry};
use crate::units::{Unit, convert_param_unit, price_unit_for};

/// Why a price cannot be used.
#[derive(Debug, Clone, PartialEq)]
pub enum PriceError {
    UnknownParam(String),
    NoValue(String),
    UnknownIndex(String),
    NoIndexValue {
        index: String,
        year: i32,
    },
    Unit {
        param: String,
        unit: Unit,
        wanted: Unit,
    },
    /// A project override given in a unit that does not convert to the registry's.
    OverrideUnit {
        param: String,
        unit: Unit,
        wanted: Unit,
    },
    /// A quantity unit that no price can apply to (e.g. a dimensionless custom quantity).
    NotPriceable {
        unit: Unit,
    },
    UnknownMethod(String),
}

impl PriceError {
    pub fn message(&self) -> (String, String) {
        match self {
            PriceError::UnknownParam(p) => {
                (format!("未知参数 {p}"), format!("unknown parameter {p}"))
            }
            PriceError::NoValue(p) => (
                format!("参数 {p} 没有默认值，请在“参数”中输入项目取值"),
                format!(
                    "parameter {p} has no default value; enter a project value under Prices & parameters"
                ),
            ),
            PriceError::UnknownIndex(i) => (
                format!("未知价格指数 {i}"),
                format!("unknown price index {i}"),
            ),
            PriceError::NoIndexValue { index, year } => (
                format!("价格指数 {index} 缺少 {year} 年的数值，无法换算价格年份；请补充该年指数"),
                format!(
                    "price index {index} has no value for {year}, so prices cannot be converted; add that year's index value"
                ),
            ),
            PriceError::OverrideUnit {
                param,
                unit,
                wanted,
            } => (
                format!(
                    "项目覆盖值 {param} 的单位 {} 无法换算为登记单位 {}，请改用 {} 或可换算的单位",
                    unit.zh(),
                    wanted.zh(),
                    wanted.zh()
                ),
                format!(
                    "the project override of {param} is in {}, which cannot be converted to the registry unit {}; enter it in {} or a convertible unit",
                    unit.en(),
                    wanted.en(),
                    wanted.en()
                ),
            ),
            PriceError::NotPriceable { unit } => (
                format!(
                    "单位 {} 的数量无法定价，请改用面积、体积、质量、能量等单位",
                    unit.zh()
                ),
                format!(
                    "a quantity in {} cannot be priced; use an area, volume, mass or energy unit",
                    unit.en()
                ),
            ),
            PriceError::UnknownMethod(m) => {
                (format!("未知核算方法 {m}"), format!("unknown method {m}"))
            }
            PriceError::Unit {
                param,
                unit,
                wanted,
            } => (
                format!(
                    "参数 {param} 的单位 {} 不能换算为 {}",
                    unit.zh(),
                    wanted.zh()
                ),
                format!(
                    "parameter {param} is in {} and cannot be converted to {}",
                    unit.en(),
                    wanted.en()
                ),
            ),
        }
    }
}

/// A parameter ready for use: the value converted to the target price year.
#[derive(Debug, Clone)]
pub struct ParamValue {
    pub param: Arc<EffectiveParam>,
    pub value: f64,
    pub index_factor: f64,
}

/// The effective parameters and price indices of one computation.
#[derive(Debug, Clone)]
pub struct PriceBook {
    pub target_year: i32,
    params: HashMap<String, Arc<EffectiveParam>>,
    indices: HashMap<String, PriceIndexSeries>,
    /// Every parameter resolved once at the target year (the engine asks per county).
    resolved: HashMap<String, Result<ParamValue, PriceError>>,
}

impl PriceBook {
    /// `period_year` is the accounting year (the price year of an override without one only
    /// when the project has no period at all);
    /// `target_year` the year whose prices all values are expressed in.
    pub fn new(
        project: &Project,
        registry: &Registry,
        period_year: i32,
        target_year: i32,
    ) -> PriceBook {
        let mut indices: HashMap<String, PriceIndexSeries> = registry
            .price_indices
            .iter()
            .map(|s| (s.id.clone(), s.clone()))
            .collect::<HashMap<_, _>>();
        for s in &project.price_indices {
            indices.insert(s.id.clone(), s.clone());
        }
        let mut params = HashMap::default();
        let mut override_errors = HashMap::default();
        for p in &registry.params {
            let mut e = EffectiveParam {
                id: Arc::from(p.id.as_str()),
                name_zh: p.name.zh.clone(),
                name_en: p.name.en.clone(),
                value: p.value,
                unit: p.unit,
                price_year: p.price_year,
                index: Arc::from(p.index.as_deref().unwrap_or("cpi")),
                source: p.source.clone(),
                tag: p.tag,
                overridden: false,
                statutory: p.basis.law().map(|l| Arc::new(l.clone())),
            };
            if let Some(o) = project.price_overrides.get(&p.id) {
                let from = o.unit.unwrap_or(p.unit);
                e.value = convert_param_unit(o.value, from, p.unit);
                if e.value.is_none() {
                    override_errors.insert(
                        p.id.clone(),
                        PriceError::OverrideUnit {
                            param: p.id.clone(),
                            unit: from,
                            wanted: p.unit,
                        },
                    );
                }
                // A price override saved without a year (older files) is a price of the
                // project's first accounting year, whichever year is computed (validation
                // warns once per override); never "a price of each accounting year".
                let priced = p.unit.is_price() || p.unit.is_money();
                e.price_year = o.price_year.or(if priced {
                    Some(project.assumed_override_price_year().unwrap_or(period_year))
                } else {
                    p.price_year
                });
                e.source = Text::from(o.source.as_str());
                e.tag = o.tag;
                e.overridden = true;
            }
            params.insert(p.id.clone(), Arc::new(e));
        }
        for c in &project.custom_indicators {
            let id = format!("custom.{}", c.id);
            // Priced per canonical unit: 300 元/亩 = 4 500 元/hm².
            let canonical = c.unit.canonical();
            let e = EffectiveParam {
                id: Arc::from(id.as_str()),
                name_zh: c.name.zh.clone(),
                name_en: c.name.en.clone(),
                value: Some(c.price / c.unit.factor() * canonical.factor()),
                unit: price_unit_for(canonical).unwrap_or(Unit::Yuan),
                price_year: Some(c.price_year),
                index: Arc::from("cpi"),
                source: Text::from(c.source.as_str()),
                tag: c.tag,
                overridden: true,
                statutory: None,
            };
            params.insert(id, Arc::new(e));
        }
        let mut book = PriceBook {
            target_year,
            params,
            indices,
            resolved: HashMap::default(),
        };
        let resolved = book
            .params
            .keys()
            .map(|id| {
                let r = match override_errors.remove(id) {
                    Some(e) => Err(e),
                    None => book.resolve(id),
                };
                (id.clone(), r)
            })
            .collect();
        book.resolved = resolved;
        book
    }

    pub fn effective(&self, id: &str) -> Option<&Arc<EffectiveParam>> {
        self.params.get(id)
    }

    pub fn all(&self) -> impl Iterator<Item = &Arc<EffectiveParam>> {
        self.params.values()
    }

    /// I(target) / I(from) for the named index.
    pub fn index_factor(&self, index: &str, from_year: i32) -> Result<f64, PriceError> {
        if from_year == self.target_year {
            return Ok(1.0);
        }
        let s = self
            .indices
            .get(index)
            .ok_or_else(|| PriceError::UnknownIndex(index.to_string()))?;
        let at = |y: i32| {
            s.values.get(&y).copied().ok_or(PriceError::NoIndexValue {
                index: index.to_string(),
                year: y,
            })
        };
        Ok(at(self.target_year)? / at(from_year)?)
    }

    /// The parameter's value at the target price year.
    pub fn value(&self, id: &str) -> Result<&ParamValue, PriceError> {
        match self.resolved.get(id) {
            Some(Ok(v)) => Ok(v),
            Some(Err(e)) => Err(e.clone()),
            None => Err(PriceError::UnknownParam(id.to_string())),
        }
    }

    fn resolve(&self, id: &str) -> Result<ParamValue, PriceError> {
        let param = self
            .params
            .get(id)
            .ok_or_else(|| PriceError::UnknownParam(id.to_string()))?;
        let v = param
            .value
            .ok_or_else(|| PriceError::NoValue(id.to_string()))?;
        // A statutory rate is nominal: the law's amount applies in every year, whatever the
        // accounting or price year (also in constant-price accounts).
        let index_factor = match param.price_year {
            _ if param.statutory.is_some() => 1.0,
            Some(y) if param.unit.is_price() || param.unit.is_money() => {
                self.index_factor(&param.index, y)?
            }
            _ => 1.0,
        };
        Ok(ParamValue {
            param: param.clone(),
            value: v * index_factor,
            index_factor,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Text;
    use crate::model::{ParamOverride, Project};
    use crate::registry::Tag;

    fn project_with_cpi() -> Project {
        let mut p = Project::empty("t");
        p.price_indices.push(PriceIndexSeries {
            id: "cpi".into(),
            name: Text::new("居民消费价格指数", "CPI"),
            base: "1978=100".into(),
            values: [(2007, 493.6), (2010, 536.1), (2014, 606.7)]
                .into_iter()
                .collect(),
            source: "Gaotianyan-2017 (2007, 2014)".into(),
            tag: Tag::V,
        });
        p
    }

    #[test]
    fn gaotianyan_cpi_adjustment_of_the_lyt_2008_prices() {
        // Gaotianyan-2017 (缪建群 等, 生态学报 37(19), table 1) prints P_C = 379.87 元/t CO₂ and
        // P_O = 1 160.70 元/t O₂: the LY/T 1721—2008 prices (1 200 元/t C × 12/44 = 327.27 元/t
        // CO₂; 1 000 元/t O₂) × CPI 2014 / CPI 2008 = 606.7 / 522.7 = 1.1607 — 2008 prices.
        // (Taking them as 2007 prices, × 606.7 / 493.6, would give 402.26 and 1 229.13.)
        let p = Project::empty("t");
        let book = PriceBook::new(&p, crate::registry::Registry::builtin(), 2014, 2014);
        let f = book.index_factor("cpi", 2008).unwrap_or(0.0);
        assert!((f - 1.1607).abs() < 5e-5, "{f}");
        let value = |id: &str| book.value(id).map(|v| v.value).unwrap_or(0.0);
        let carbon = value("carbon_price_tax") * 12.0 / 44.0;
        assert!((carbon - 379.87).abs() < 0.005, "{carbon}");
        let oxygen = value("oxygen_price_lyt");
        assert!((oxygen - 1160.70).abs() < 0.005, "{oxygen}");
    }

    #[test]
    fn statutory_rate_is_never_indexed() {
        // tax_water_jx 1.4 元/当量 took effect in 2018; at 2022, 2021 (constant) and 2010
        // prices it stays 1.4, with index factor 1 and the law in the effective parameter.
        let p = Project::empty("t");
        for (period, target) in [(2022, 2022), (2022, 2021), (2022, 2010), (2018, 2018)] {
            let book = PriceBook::new(&p, crate::registry::Registry::builtin(), period, target);
            let v = book
                .value("tax_water_jx")
                .map(|v| (v.value, v.index_factor));
            assert_eq!(v, Ok((1.4, 1.0)), "{period} at {target} prices");
            let law = book
                .effective("tax_water_jx")
                .and_then(|e| e.statutory.clone());
            assert!(law.is_some_and(|l| l.zh.contains("环境保护税法")));
        }
        // An indexed price next to it still moves: cost_cod 700 元/t @2010 × 706.6 / 536.1.
        let book = PriceBook::new(&p, crate::registry::Registry::builtin(), 2022, 2022);
        let cod = book.value("cost_cod").map(|v| v.value).unwrap_or(0.0);
        assert!((cod - 700.0 * 706.6 / 536.1).abs() < 1e-9, "{cod}");
    }

    #[test]
    fn missing_index_year_is_an_error_not_a_silent_sum() {
        let p = project_with_cpi();
        let book = PriceBook::new(&p, crate::registry::Registry::builtin(), 1850, 1850);
        assert_eq!(
            book.index_factor("cpi", 2010),
            Err(PriceError::NoIndexValue {
                index: "cpi".into(),
                year: 1850
            })
        );
    }

    #[test]
    fn override_in_per_tc_becomes_per_tco2() {
        let mut p = project_with_cpi();
        p.price_overrides.insert(
            "carbon_price".into(),
            ParamOverride {
                value: 1200.0,
                unit: Some(Unit::YuanPerTC),
                price_year: Some(2010),
                source: "LY/T 1721-2008 Swedish carbon tax".into(),
                tag: Tag::VSec,
                note: String::new(),
            },
        );
        let book = PriceBook::new(&p, crate::registry::Registry::builtin(), 2010, 2010);
        let v = book.value("carbon_price").map(|v| v.value).unwrap_or(0.0);
        assert!((v - 327.272_727).abs() < 1e-5, "{v}");
    }
}
