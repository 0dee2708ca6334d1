//! The accounts: the engine's output, read by the app, the CLI, reports and exports.
//!
//! Money is in 元 at `Accounts::price_year` prices; quantities in canonical units. Views
//! convert to display units; they never recompute these numbers.

use std::sync::Arc;

use serde::Serialize;

use super::trace::Trace;
use crate::registry::{AdjustBy, Category};
use crate::units::Unit;

#[derive(Debug, Clone, Serialize)]
pub struct Accounts {
    pub year: i32,
    pub framework: String,
    /// Year whose prices all values are expressed in.
    pub price_year: i32,
    pub counties: Vec<CountyAccount>,
    pub region: RegionTotals,
    /// Problems met while computing (missing inputs, unconvertible prices …), also reported by
    /// `validate`. Indicators with problems are not summed.
    pub problems: Vec<Problem>,
    /// Every parameter that entered a computed number, with provenance (report appendix).
    pub params_used: Vec<std::sync::Arc<super::trace::EffectiveParam>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    pub county: Option<String>,
    pub indicator: Option<String>,
    pub message_zh: String,
    pub message_en: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CountyAccount {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    /// Resident population of the year (persons).
    pub population: Option<f64>,
    /// GDP (元) moved to the accounting price year with the CPI (as entered when equal).
    pub gdp_yuan: Option<f64>,
    pub indicators: Vec<IndicatorAccount>,
    pub totals: Totals,
    pub ratios: Ratios,
    pub esv: Option<EsvAccount>,
    /// Counted value by ecosystem type (`EcosystemTotals`); empty when no indicator of the
    /// county is split, otherwise one row per ecosystem type with a split part plus the
    /// not-split row.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub by_ecosystem: Vec<EcosystemTotals>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndicatorAccount {
    pub id: Arc<str>,
    pub category: Category,
    /// Counted in the framework's headline total.
    pub counted: bool,
    pub market: bool,
    pub status: Status,
    /// The indicator's physical quantity (canonical unit), where it has a single one.
    pub quantity: Option<Quantity>,
    /// Every physical quantity of the indicator, one per canonical unit in first-seen order:
    /// material products' lines summed by unit (t, 头, m³ … each converted to its canonical
    /// unit), otherwise `quantity` alone. Empty unless `status` is `Computed`.
    pub quantities: Vec<Quantity>,
    /// Material products entered as one output value (产值): no physical quantity exists.
    pub output_value_only: bool,
    pub components: Vec<ComponentAccount>,
    /// Value (元, accounting price year). 0 unless `status` is `Computed`.
    pub value: f64,
    pub trace: Option<Trace>,
    /// Amounts the engine produced but the framework's GEP does not count (备忘项目): never in
    /// `value` of a counted indicator nor in any total but the memo totals. Empty unless
    /// `status` is `Computed`.
    pub memo: Vec<MemoAmount>,
    /// The indicator split by ecosystem (`model::ecosystem`), one entry per part that has an
    /// entry for it, in the order of `Registry::ecosystems` then the project's subtypes. Empty
    /// = not split. When split, `value`, `quantity` and `quantities` are the sums of the
    /// computed parts and `trace` says so.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<PartAccount>,
}

impl IndicatorAccount {
    /// A "computed" value of ∞ or NaN (inputs far beyond any county, e.g. 1e308) becomes a
    /// failure that says so: no result is ever ∞ with status "computed".
    pub fn refuse_non_finite(mut self) -> Self {
        if self.status != Status::Computed || self.value.is_finite() {
            return self;
        }
        let v = self.value.to_string();
        let words = |lang| crate::i18n::tf(lang, "hd_not_finite", &[("v", &v)]);
        self.status = Status::Failed {
            reason_zh: words(crate::i18n::Lang::Zh),
            reason_en: words(crate::i18n::Lang::En),
        };
        self.value = 0.0;
        self.memo.clear();
        self.components.clear();
        self.quantity = None;
        self.quantities.clear();
        self
    }
}

/// One ecosystem part of a split indicator.
#[derive(Debug, Clone, Serialize)]
pub struct PartAccount {
    /// The part's key: an ecosystem type id or a project subtype id.
    pub part: Arc<str>,
    /// The registry ecosystem type of the part (the part itself for a type).
    pub ecosystem: Arc<str>,
    pub status: Status,
    pub quantity: Option<Quantity>,
    /// Value (元, accounting price year). 0 unless `status` is `Computed`.
    pub value: f64,
    pub trace: Option<Trace>,
}

/// A county's (or the region's) counted value of one ecosystem type, by category: a row of the
/// table "GEP by ecosystem type". `ecosystem: None` = the indicators not split by ecosystem.
/// Counted indicators only, before the imported-products deduction (which belongs to no
/// ecosystem): the rows of a county sum to its `Totals::gross`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct EcosystemTotals {
    pub ecosystem: Option<Arc<str>>,
    /// Subtypes within this type, each a row of its own (`ecosystem` = the subtype's part key,
    /// no subtypes of its own), in project order; empty when the type was split without
    /// subtypes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subtypes: Vec<EcosystemTotals>,
    pub material: f64,
    pub regulating: f64,
    pub cultural: f64,
    /// material + regulating + cultural.
    pub total: f64,
}

/// Why an amount is a memo item rather than part of GEP.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MemoKind {
    /// Travel-cost consumer surplus N × CS: a welfare measure, not an exchange value; the
    /// standards count the travel cost N × (TE + t·w·s) (docs/methods.md, "Recreation").
    ConsumerSurplus,
    /// A computed indicator the chosen framework does not count (e.g. oxygen release under
    /// GB/T 46869): its whole value.
    OutsideFramework,
}

/// One memo amount of an indicator.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemoAmount {
    pub kind: MemoKind,
    /// 元 at `price_year` prices.
    pub value: f64,
    pub unit: Unit,
    pub price_year: i32,
    /// How the amount was computed and why it is kept out of GEP, in each language.
    pub trace_zh: String,
    pub trace_en: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Quantity {
    pub value: f64,
    pub unit: Unit,
}

#[derive(Debug, Clone, Serialize)]
pub struct ComponentAccount {
    pub id: Arc<str>,
    pub quantity: f64,
    pub unit: Unit,
    /// Unit price applied (元 per `price_unit`) at the accounting price year.
    pub price: f64,
    pub price_unit: Unit,
    pub value: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Status {
    Computed,
    /// Nothing was entered for this indicator.
    NotEntered,
    /// Required inputs or parameters are missing (ids listed).
    Incomplete {
        missing: Vec<String>,
    },
    /// The value could not be computed (e.g. a price without a price index for its year).
    Failed {
        reason_zh: String,
        reason_en: String,
    },
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Totals {
    pub material: f64,
    pub regulating: f64,
    pub cultural: f64,
    /// Material + regulating + cultural of counted indicators.
    pub gross: f64,
    /// Imported ecological products deducted (GB/T 46869), else 0.
    pub imported_deduction: f64,
    /// Headline GEP = gross − imported deduction.
    pub gep: f64,
    pub market: f64,
    pub non_market: f64,
    /// Computed indicators outside the framework (memo items, never in `gep`).
    pub outside_framework: f64,
    /// Consumer surplus of travel-cost recreation (memo item, never in `gep`).
    pub consumer_surplus: f64,
}

impl Totals {
    pub fn category(&self, c: Category) -> f64 {
        match c {
            Category::Material => self.material,
            Category::Regulating => self.regulating,
            Category::Cultural => self.cultural,
        }
    }

    pub(crate) fn add(&mut self, o: &Totals) {
        self.material += o.material;
        self.regulating += o.regulating;
        self.cultural += o.cultural;
        self.gross += o.gross;
        self.imported_deduction += o.imported_deduction;
        self.gep += o.gep;
        self.market += o.market;
        self.non_market += o.non_market;
        self.outside_framework += o.outside_framework;
        self.consumer_surplus += o.consumer_surplus;
    }

    /// Sum of every memo amount (outside the framework and consumer surplus): never in `gep`.
    pub fn memo(&self) -> f64 {
        self.outside_framework + self.consumer_surplus
    }
}

/// Headline ratios (docs/methods.md, "Headline ratios"). `None` where the denominator is missing or
/// zero.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Ratios {
    /// GEP / GDP (GGI).
    pub gep_per_gdp: Option<f64>,
    /// 元 per resident.
    pub gep_per_capita: Option<f64>,
    /// 元 per km².
    pub gep_per_km2: Option<f64>,
    pub share_material: Option<f64>,
    pub share_regulating: Option<f64>,
    pub share_cultural: Option<f64>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct RegionTotals {
    pub totals: Totals,
    pub ratios: Ratios,
    pub land_area_hm2: f64,
    pub population: f64,
    pub gdp_yuan: f64,
    /// Sum over counties by indicator id (counted and memo), same order as the registry.
    pub by_indicator: Vec<(Arc<str>, f64)>,
    pub esv_total: f64,
    /// Region ESV by land class: (class, area hm², value 元), in first-seen order.
    pub esv_by_class: Vec<(Arc<str>, f64, f64)>,
    /// Region ESV by service: (service id, value 元), table order.
    pub esv_by_service: Vec<(Arc<str>, f64)>,
    pub esv_market: f64,
    pub esv_non_market: f64,
    /// Sum of the counties' `by_ecosystem` rows (same row keys), a county that is not split
    /// counting whole in the not-split row, so the rows sum to `totals.gross`; empty when no
    /// county is split.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub by_ecosystem: Vec<EcosystemTotals>,
}

/// Equivalent-factor ESV of one county.
#[derive(Debug, Clone, Serialize)]
pub struct EsvAccount {
    pub table: String,
    /// Standard equivalent D (元/hm²) at the accounting price year.
    pub standard_equivalent: f64,
    /// (land class, area hm², value 元).
    pub by_class: Vec<(Arc<str>, f64, f64)>,
    /// (service id, value 元).
    pub by_service: Vec<(Arc<str>, f64)>,
    pub total: f64,
    pub market: f64,
    pub non_market: f64,
    /// The regional coefficients of Xie et al. 2015 (NPP, precipitation, soil, in that order),
    /// each with its derivation and the services it scaled; every value above is after them.
    pub coefficients: Vec<EsvCoefficient>,
    /// The total before the regional coefficients (元).
    pub unadjusted_total: f64,
}

impl EsvAccount {
    /// Whether any coefficient differs from "not adjusted".
    pub fn adjusted(&self) -> bool {
        self.coefficients
            .iter()
            .any(|c| !matches!(c.basis, CoefficientBasis::NotAdjusted))
    }
}

/// One regional coefficient of a county's ESV.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EsvCoefficient {
    pub kind: AdjustBy,
    /// The factor applied to the services below (1 when not adjusted).
    pub value: f64,
    pub basis: CoefficientBasis,
    /// Services of the factor table that this coefficient scales (table order).
    pub services: Vec<Arc<str>>,
}

/// Where a regional coefficient comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum CoefficientBasis {
    /// Nothing entered: 1.
    NotAdjusted,
    /// The coefficient entered directly.
    Entered,
    /// County value ÷ national mean (both in `unit`).
    Derived {
        county_value: f64,
        national_mean: f64,
        unit: String,
        year: i32,
        source: String,
    },
    /// A county value without a usable national mean: not applied (validation says so).
    NoNationalMean { county_value: f64 },
}

impl CountyAccount {
    /// The county's name in the display language.
    pub fn name_zh_or_en(&self, lang: crate::i18n::Lang) -> &str {
        match lang {
            crate::i18n::Lang::Zh => &self.name_zh,
            crate::i18n::Lang::En if self.name_en.is_empty() => &self.name_zh,
            crate::i18n::Lang::En => &self.name_en,
        }
    }
}
