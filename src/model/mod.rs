//! The saved project: what the user typed, nothing computed.
//!
//! Owns `Project` and its parts (counties, periods with per-county land cover, indicator inputs
//! and directly entered output values, price overrides, price-index series, custom indicators,
//! custom land classes and equivalent-factor settings with the regional coefficients of Xie et
//! al. 2015: national means in `EsvSettings`, county values per county-year). Serde only: no
//! computation, no I/O.
//! Canonical units: areas in hm², money in 元; indicator inputs are stored in the unit the
//! registry declares for them.
//!
//! Design note: population and GDP change every year, so they live in the per-period county
//! data (`CountyPeriod`), while code, names, land area and prefecture are fixed per county.

pub mod boundaries;
pub mod catalogue;
pub mod compensation;
pub mod ecosystem;
pub mod setup;
pub mod transitions;
pub mod uncertainty;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::i18n::Text;
use crate::registry::{AdjustBy, Category, FactorTable, PriceIndexSeries, Registry, Tag};
use crate::units::Unit;
pub use boundaries::Boundaries;
pub use compensation::CompensationSettings;
pub use ecosystem::{EcosystemPart, EcosystemSubtype};
pub use transitions::TransitionMatrix;
pub use uncertainty::UncertaintySettings;

/// Current schema version of the project file.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Project {
    pub schema_version: u32,
    pub meta: ProjectMeta,
    pub counties: Vec<County>,
    pub periods: Vec<Period>,
    /// Project values that replace registry parameters, by parameter id.
    #[serde(default)]
    pub price_overrides: BTreeMap<String, ParamOverride>,
    /// Price-index series; a series with a registry id replaces the registry's.
    #[serde(default)]
    pub price_indices: Vec<PriceIndexSeries>,
    #[serde(default)]
    pub custom_indicators: Vec<CustomIndicator>,
    #[serde(default)]
    pub custom_land_classes: Vec<CustomLandClass>,
    /// Runoff coefficients (fraction) replacing or adding to the registry's, by land class.
    #[serde(default)]
    pub runoff_overrides: BTreeMap<String, f64>,
    #[serde(default)]
    pub esv: EsvSettings,
    #[serde(default)]
    pub custom_factor_tables: Vec<FactorTable>,
    /// Meanings the user gave to unknown spreadsheet headers (header → target key), reused by
    /// later imports.
    #[serde(default)]
    pub import_mappings: BTreeMap<String, String>,
    /// The ecological-compensation scenario (method, fund, factors, limits).
    #[serde(default)]
    pub compensation: CompensationSettings,
    /// Subtypes of the registry's ecosystem types defined for this project (e.g. 针叶林 under
    /// 森林), for the accounts by ecosystem type.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ecosystem_subtypes: Vec<EcosystemSubtype>,
    /// Land-use transition matrices between two periods (per county, or the region).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub transitions: Vec<TransitionMatrix>,
    /// County boundaries imported by the user for maps; `None` = the bundled schematic
    /// outlines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub boundaries: Option<Boundaries>,
    /// Monte Carlo settings (`uncertainty`).
    #[serde(default, skip_serializing_if = "UncertaintySettings::is_default")]
    pub uncertainty: UncertaintySettings,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectMeta {
    pub name: String,
    /// Accounting region, e.g. "江西省抚州市".
    pub region: String,
    /// Compiler of the accounts (编制单位), shown on the report.
    #[serde(default)]
    pub organisation: String,
    /// Date printed on the report's cover (free text, e.g. "2025 年 6 月"); empty = none. The
    /// report never reads the clock, so the same project gives the same report.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub report_date: String,
    /// Framework id used by default (`gbt46869`, `ndrc2022`, `db36t1402`, `extended`, …).
    pub framework: String,
    #[serde(default)]
    pub notes: String,
    /// Illustrative data (not for decisions): shown on every output.
    #[serde(default)]
    pub illustrative: bool,
    /// Constant-price base year; `None` = prices of each accounting year.
    #[serde(default)]
    pub base_year: Option<i32>,
    #[serde(default)]
    pub pollutant_pricing: PollutantPricing,
}

/// How air and water pollutants are priced (docs/methods.md, "Air purification").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum PollutantPricing {
    /// Treatment cost per tonne (Garzê-2017 levy-based prices).
    #[default]
    TreatmentCost,
    /// Environmental-protection tax per pollution equivalent ÷ equivalent value.
    EnvTax,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct County {
    /// 6-digit administrative division code.
    pub code: String,
    pub name: Text,
    /// Land area (hm²).
    pub land_area_hm2: f64,
    #[serde(default)]
    pub prefecture: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// Accounting year.
    pub year: i32,
    /// Per-county data, keyed by county code.
    #[serde(default)]
    pub counties: BTreeMap<String, CountyPeriod>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountyPeriod {
    /// Resident population (persons).
    #[serde(default)]
    pub population: Option<f64>,
    /// GDP (元, current prices).
    #[serde(default)]
    pub gdp_yuan: Option<f64>,
    /// Land-cover areas by class id (hm²).
    #[serde(default)]
    pub land_cover: BTreeMap<String, f64>,
    /// Inputs per indicator id.
    #[serde(default)]
    pub indicators: BTreeMap<String, IndicatorInput>,
    /// Ecological products coming from outside the region (元), deducted under GB/T 46869.
    #[serde(default)]
    pub imported_products_yuan: f64,
    /// The county's regional coefficients of the equivalent-factor method (Xie et al. 2015).
    #[serde(default, skip_serializing_if = "EsvAdjustInput::is_empty")]
    pub esv_adjust: EsvAdjustInput,
    /// The county split by ecosystem type or subtype (key: ecosystem type id or project
    /// subtype id); empty = no split (`model::ecosystem` states the rules).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub ecosystem_parts: BTreeMap<String, EcosystemPart>,
}

/// What the user entered for one indicator in one county and year.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorInput {
    /// Method id of the registry (`direct`, `water_balance`, …); empty = the default method.
    #[serde(default)]
    pub method: String,
    /// Input values by input id, in the unit the registry declares.
    #[serde(default)]
    pub values: BTreeMap<String, f64>,
    /// Material products: quantity × price per product.
    #[serde(default)]
    pub products: Vec<ProductLine>,
    /// Material products: output value entered directly instead of product lines.
    #[serde(default)]
    pub output_value: Option<OutputValue>,
    /// A value computed elsewhere (a consultant's study, an earlier report) entered in 元, 万元
    /// or 亿元 for any indicator. When present it is the indicator's value: quantities entered
    /// beside it are kept but not priced (validation warns), so nothing is counted twice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entered_value: Option<EnteredValue>,
}

/// A value computed elsewhere, as the user entered it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnteredValue {
    /// The amount as entered, in `unit`.
    pub amount: f64,
    /// 元, 万元 or 亿元 (a money unit; anything else is a validation error).
    pub unit: crate::units::Unit,
    /// Price year of the amount; `None` = the accounting year (current prices).
    #[serde(default)]
    pub price_year: Option<i32>,
    /// Who computed it and where (study, report, table).
    #[serde(default)]
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductLine {
    pub name: String,
    pub quantity: f64,
    pub unit: Unit,
    /// Unit price in 元 per `unit`.
    pub price: f64,
    /// Price year; `None` = the accounting year.
    #[serde(default)]
    pub price_year: Option<i32>,
    #[serde(default)]
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutputValue {
    pub value_yuan: f64,
    pub basis: OutputBasis,
    /// Price year; `None` = the accounting year (current prices).
    #[serde(default)]
    pub price_year: Option<i32>,
    #[serde(default)]
    pub source: String,
}

/// Gross output value (总产值) or net output value (净产值); stated, never mixed silently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum OutputBasis {
    Gross,
    Net,
}

/// A project value replacing a registry parameter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParamOverride {
    pub value: f64,
    /// Unit of `value`; `None` = the registry's unit. A carbon price may be given per t C or
    /// per t CO₂.
    #[serde(default)]
    pub unit: Option<Unit>,
    /// Price year of `value`. Every override made by the app, the import or the CLI states
    /// one; `None` only in files written before the year was required, read as a price of
    /// `Project::assumed_override_price_year` (validation says so, once per override).
    #[serde(default)]
    pub price_year: Option<i32>,
    pub source: String,
    #[serde(default = "tag_u")]
    pub tag: Tag,
    #[serde(default)]
    pub note: String,
}

fn tag_u() -> Tag {
    Tag::U
}

/// A user-defined indicator: quantity × price.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomIndicator {
    pub id: String,
    pub name: Text,
    pub category: Category,
    /// Frameworks whose total counts it (`custom` always applies in the project).
    #[serde(default)]
    pub frameworks: Vec<String>,
    pub unit: Unit,
    /// Unit price (元 per `unit`).
    pub price: f64,
    pub price_year: i32,
    pub source: String,
    #[serde(default = "tag_u")]
    pub tag: Tag,
    #[serde(default)]
    pub market: bool,
    /// The quantity is a change over the year (a stock increment, a net flux): it may be
    /// negative, and a negative quantity gives a negative value.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub change: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomLandClass {
    pub id: String,
    pub name: Text,
    #[serde(default)]
    pub runoff_coeff: Option<f64>,
    #[serde(default)]
    pub vegetated: bool,
    /// Ecosystem type (`Registry::ecosystems`) of the class, for the accounts by ecosystem
    /// type: without one, the class never feeds the default land cover of a part keyed by an
    /// ecosystem type (`model::ecosystem`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ecosystem: Option<String>,
}

/// Equivalent-factor (ESV) settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EsvSettings {
    /// Factor table id (registry or project): `xie2015`, `xie2003`, …
    pub table: String,
    pub standard_equivalent: StandardEquivalent,
    /// Land class → table row; classes not listed use the registry's default crosswalk.
    #[serde(default)]
    pub crosswalk: BTreeMap<String, CrosswalkEntry>,
    /// National means of NPP, precipitation and soil retention that county values are divided
    /// by to give the regional coefficients (Xie et al. 2015); once per project.
    #[serde(default, skip_serializing_if = "NationalMeans::is_empty")]
    pub national_means: NationalMeans,
}

impl Default for EsvSettings {
    fn default() -> Self {
        EsvSettings {
            table: "xie2015".into(),
            standard_equivalent: StandardEquivalent::Direct {
                value_yuan_per_hm2: 3406.5,
                price_year: 2010,
                // Project data, not registry prose: one string, in the product's first language.
                source:
                    "谢高地等系列的全国标准当量，转引自新疆 2021 年的研究（定义和价格年份未经核实）"
                        .into(),
                tag: Tag::U,
            },
            crosswalk: BTreeMap::new(),
            national_means: NationalMeans::default(),
        }
    }
}

/// The national means behind derived regional coefficients, one per coefficient.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NationalMeans {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub npp: Option<NationalMean>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precipitation: Option<NationalMean>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub soil: Option<NationalMean>,
}

impl NationalMeans {
    pub fn is_empty(&self) -> bool {
        self.npp.is_none() && self.precipitation.is_none() && self.soil.is_none()
    }

    pub fn get(&self, k: AdjustBy) -> Option<&NationalMean> {
        match k {
            AdjustBy::Npp => self.npp.as_ref(),
            AdjustBy::Precipitation => self.precipitation.as_ref(),
            AdjustBy::Soil => self.soil.as_ref(),
        }
    }

    pub fn get_mut(&mut self, k: AdjustBy) -> &mut Option<NationalMean> {
        match k {
            AdjustBy::Npp => &mut self.npp,
            AdjustBy::Precipitation => &mut self.precipitation,
            AdjustBy::Soil => &mut self.soil,
        }
    }
}

/// A national mean as published: the value in its unit (county values are entered in the same
/// unit), the year it describes and where it comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NationalMean {
    pub value: f64,
    /// As printed, e.g. "gC/(m²·a)", "mm", "t/(hm²·a)"; the ratio is unit-free.
    pub unit: String,
    pub year: i32,
    pub source: String,
}

/// One county-year's regional coefficients; a coefficient left unset is 1 (not adjusted).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EsvAdjustInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub npp: Option<AdjustEntry>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precipitation: Option<AdjustEntry>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub soil: Option<AdjustEntry>,
}

impl EsvAdjustInput {
    pub fn is_empty(&self) -> bool {
        self.npp.is_none() && self.precipitation.is_none() && self.soil.is_none()
    }

    pub fn get(&self, k: AdjustBy) -> Option<AdjustEntry> {
        match k {
            AdjustBy::Npp => self.npp,
            AdjustBy::Precipitation => self.precipitation,
            AdjustBy::Soil => self.soil,
        }
    }

    pub fn get_mut(&mut self, k: AdjustBy) -> &mut Option<AdjustEntry> {
        match k {
            AdjustBy::Npp => &mut self.npp,
            AdjustBy::Precipitation => &mut self.precipitation,
            AdjustBy::Soil => &mut self.soil,
        }
    }
}

/// A regional coefficient as entered: the coefficient itself, or the county's value (in the
/// national mean's unit) that the engine divides by the national mean.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum AdjustEntry {
    Coefficient(f64),
    Value(f64),
}

/// Where a land class goes in the factor table; `row: None` = no ecosystem service (built-up).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrosswalkEntry {
    pub row: Option<String>,
    /// Scale factor (e.g. canopy-closure ratio for 其他林地); 1 = the row as is.
    #[serde(default = "one")]
    pub factor: f64,
}

fn one() -> f64 {
    1.0
}

/// The value of one standard equivalent D (元/hm²) — docs/methods.md, "Standard equivalent".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum StandardEquivalent {
    /// Entered directly.
    Direct {
        value_yuan_per_hm2: f64,
        price_year: i32,
        source: String,
        #[serde(default = "tag_u")]
        tag: Tag,
    },
    /// D = (1/7) × Σ m_i·p_i·q_i / M (grain sown area, price, yield).
    GrainOneSeventh {
        crops: Vec<GrainCrop>,
        price_year: i32,
        source: String,
    },
    /// D = Σ S_i·F_i (sown-area shares × net profit per hm²), Xie 2015.
    NetProfit {
        crops: Vec<NetProfitCrop>,
        price_year: i32,
        source: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GrainCrop {
    pub name: String,
    pub sown_area_hm2: f64,
    pub yield_kg_per_hm2: f64,
    pub price_yuan_per_kg: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NetProfitCrop {
    pub name: String,
    /// Share of the grain sown area (fraction; shares sum to 1).
    pub sown_share: f64,
    pub net_profit_yuan_per_hm2: f64,
}

impl Project {
    pub fn period(&self, year: i32) -> Option<&Period> {
        self.periods.iter().find(|p| p.year == year)
    }

    pub fn period_mut(&mut self, year: i32) -> Option<&mut Period> {
        self.periods.iter_mut().find(|p| p.year == year)
    }

    pub fn county(&self, code: &str) -> Option<&County> {
        self.counties.iter().find(|c| c.code == code)
    }

    /// The latest accounting year before `year`, if any (the previous period of a comparison).
    pub fn previous_year(&self, year: i32) -> Option<i32> {
        self.periods
            .iter()
            .map(|p| p.year)
            .filter(|y| *y < year)
            .max()
    }

    /// The latest accounting year, if any period exists.
    pub fn latest_year(&self) -> Option<i32> {
        self.periods.iter().map(|p| p.year).max()
    }

    /// The price year applied to a price override saved without one (older files): the
    /// project's first accounting year. An override is one price of one year; reading a blank
    /// as "a price of each accounting year" would turn price changes into volume changes and
    /// make real growth depend on a blank field. The first accounting year is the earliest
    /// data the file was made for, and stays the same whichever year is computed.
    pub fn assumed_override_price_year(&self) -> Option<i32> {
        self.periods.iter().map(|p| p.year).min()
    }

    /// A copy with the same settings and periods but no counties or county data.
    pub fn clone_without_counties(&self) -> Project {
        Project {
            schema_version: self.schema_version,
            meta: self.meta.clone(),
            counties: Vec::new(),
            periods: self
                .periods
                .iter()
                .map(|p| Period {
                    year: p.year,
                    counties: BTreeMap::new(),
                })
                .collect(),
            price_overrides: self.price_overrides.clone(),
            price_indices: self.price_indices.clone(),
            custom_indicators: self.custom_indicators.clone(),
            custom_land_classes: self.custom_land_classes.clone(),
            runoff_overrides: self.runoff_overrides.clone(),
            esv: self.esv.clone(),
            custom_factor_tables: self.custom_factor_tables.clone(),
            import_mappings: self.import_mappings.clone(),
            compensation: self.compensation.clone(),
            ecosystem_subtypes: self.ecosystem_subtypes.clone(),
            // Region matrices only: county matrices go with their counties (`only_county`).
            transitions: self
                .transitions
                .iter()
                .filter(|m| m.county.is_empty())
                .cloned()
                .collect(),
            // Shapes go with their counties (`only_county`).
            boundaries: self.boundaries.as_ref().map(|b| Boundaries {
                shapes: Vec::new(),
                ..b.clone()
            }),
            uncertainty: self.uncertainty.clone(),
        }
    }

    /// Display name of a land class (see `catalogue::land_class_name`).
    pub fn land_class_name(
        &self,
        registry: &Registry,
        id: &str,
        lang: crate::i18n::Lang,
    ) -> String {
        catalogue::land_class_name(self, registry, id, lang)
    }

    /// A copy with only the county `code` (settings and its data in every period).
    pub fn only_county(&self, code: &str) -> Project {
        let mut one = self.clone_without_counties();
        one.counties = self
            .counties
            .iter()
            .filter(|c| c.code == code)
            .cloned()
            .collect();
        for (p, src) in one.periods.iter_mut().zip(&self.periods) {
            if let Some(cp) = src.counties.get(code) {
                p.counties.insert(code.to_string(), cp.clone());
            }
        }
        // The county's own matrices only: a region matrix does not describe one county.
        one.transitions = self
            .transitions
            .iter()
            .filter(|m| m.county == code)
            .cloned()
            .collect();
        if let (Some(b), Some(src)) = (one.boundaries.as_mut(), self.boundaries.as_ref()) {
            b.shapes = src
                .shapes
                .iter()
                .filter(|s| s.county == code)
                .cloned()
                .collect();
        }
        one
    }

    /// An empty project on the default framework.
    pub fn empty(name: &str) -> Project {
        Project {
            schema_version: SCHEMA_VERSION,
            meta: ProjectMeta {
                name: name.into(),
                region: String::new(),
                organisation: String::new(),
                report_date: String::new(),
                framework: "gbt46869".into(),
                notes: String::new(),
                illustrative: false,
                base_year: None,
                pollutant_pricing: PollutantPricing::default(),
            },
            counties: vec![],
            periods: vec![],
            price_overrides: BTreeMap::new(),
            price_indices: vec![],
            custom_indicators: vec![],
            custom_land_classes: vec![],
            runoff_overrides: BTreeMap::new(),
            esv: EsvSettings::default(),
            custom_factor_tables: vec![],
            import_mappings: BTreeMap::new(),
            compensation: CompensationSettings::default(),
            ecosystem_subtypes: vec![],
            transitions: vec![],
            boundaries: None,
            uncertainty: UncertaintySettings::default(),
        }
    }
}
