//! Provenance of every computed number.
//!
//! A `Trace` names the formula (zh/en text), the method used (direct entry or a physical model)
//! and every term that went into the value: user inputs with what was typed, land-cover areas,
//! parameters with their source, verification tag, price year and the price-index factor that
//! moved them to the accounting year. Views and reports render traces; nothing recomputes them.

use std::sync::Arc;

use serde::Serialize;

use crate::i18n::Text;
use crate::registry::Tag;
use crate::units::Unit;

#[derive(Debug, Clone, Serialize)]
pub struct Trace {
    /// Method id (`direct`, `water_balance`, …).
    pub method: Arc<str>,
    pub formula_zh: &'static str,
    pub formula_en: &'static str,
    pub steps: Vec<Step>,
}

/// One term of a formula: the value used (in `unit`) and where it came from.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    pub symbol: &'static str,
    pub value: f64,
    pub unit: Unit,
    pub origin: Origin,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Origin {
    /// A user input, as typed (`entered` in `entered_unit`), converted to `unit` of the step.
    Input {
        id: Arc<str>,
        entered: f64,
        entered_unit: Unit,
    },
    /// An optional input that was left empty and counts as 0.
    InputAbsent { id: Arc<str> },
    /// A parameter; the step value is the parameter converted to the accounting price year.
    Param {
        param: Arc<EffectiveParam>,
        /// Price-index factor I(target)/I(price year) (1 for non-price parameters and for
        /// statutory rates).
        index_factor: f64,
        /// Unit factor applied on top (e.g. 12/44 for a per-t C price applied to t CO₂).
        unit_factor: f64,
    },
    /// A land-cover area of the county (hm²) with the class coefficient where one applies.
    LandCover { class: Arc<str> },
    /// A county attribute (land area, population, GDP).
    County { field: &'static str },
    /// A physical constant or fixed ratio (44/12, 32/44, 10 m³ per mm·hm² …).
    Constant,
    /// A material product line entered by the user.
    Product {
        name: Arc<str>,
        price_year: i32,
        index_factor: f64,
        source: Arc<str>,
        /// How the line's price reached the target price year (omitted when indexed).
        #[serde(skip_serializing_if = "ProductPricing::is_indexed")]
        pricing: ProductPricing,
    },
    /// An output value entered directly.
    OutputValue {
        basis: &'static str,
        price_year: i32,
        index_factor: f64,
        source: Arc<str>,
    },
    /// A value computed elsewhere, as entered (`entered` in 元/万元/亿元), converted to 元 in the
    /// step value and moved to the accounts' price year by `index_factor`.
    EnteredValue {
        entered: f64,
        entered_unit: Unit,
        price_year: i32,
        index_factor: f64,
        source: Arc<str>,
    },
    /// Another indicator's result (oxygen from carbon).
    Indicator { id: Arc<str> },
    /// An ecosystem part's figure of a split indicator (`part`: an ecosystem type id or a
    /// project subtype id; `ecosystem`: its registry type).
    Part { part: Arc<str>, ecosystem: Arc<str> },
    /// An intermediate or final result of this formula.
    Result,
}

/// How a product line's price is brought to the accounts' price year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProductPricing {
    /// Its own price moved with the CPI (current-price accounts, entered price years).
    Indexed,
    /// Constant-price accounts: held at the base year's price of the same product (same name
    /// and unit, same county and indicator); `price_year`/`index_factor` are that price's.
    BaseYear,
    /// Constant-price accounts, but the base year has no such product: its own price moved
    /// with the CPI (validation says so).
    IndexedNoBase,
}

impl ProductPricing {
    pub fn is_indexed(&self) -> bool {
        *self == ProductPricing::Indexed
    }
}

/// A parameter as used in one computation: registry value or project override, with provenance.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EffectiveParam {
    pub id: Arc<str>,
    pub name_zh: String,
    pub name_en: String,
    /// Value in `unit` at `price_year` (before conversion).
    pub value: Option<f64>,
    pub unit: Unit,
    pub price_year: Option<i32>,
    pub index: Arc<str>,
    pub source: Text,
    pub tag: Tag,
    /// True when the project overrides the registry value.
    pub overridden: bool,
    /// The law fixing a statutory rate, which is never moved with a price index (its step's
    /// index factor is 1 whatever the years); `None` for an indexed price.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statutory: Option<Arc<Text>>,
}

impl Trace {
    pub fn params(&self) -> impl Iterator<Item = &Arc<EffectiveParam>> {
        self.steps.iter().filter_map(|s| match &s.origin {
            Origin::Param { param, .. } => Some(param),
            _ => None,
        })
    }

    /// Does any parameter of this trace carry the U tag?
    pub fn uses_unverified(&self) -> bool {
        self.params().any(|p| p.tag.is_unverified())
    }
}
