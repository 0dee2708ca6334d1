//! Types of the registry catalogues (see the module docs of `registry`).

use serde::{Deserialize, Serialize};

use super::roles::{self, Role};
use crate::i18n::Text;
use crate::units::Unit;

/// All built-in catalogues.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Registry {
    pub frameworks: Vec<Framework>,
    pub indicators: Vec<IndicatorSpec>,
    pub params: Vec<ParamSpec>,
    pub land_classes: Vec<LandClass>,
    pub factor_tables: Vec<FactorTable>,
    pub price_indices: Vec<PriceIndexSeries>,
    /// Ecosystem types of the accounts by ecosystem type, in the standard's order.
    pub ecosystems: Vec<EcosystemType>,
}

/// How far a number or rule has been checked (docs/methods.md, "Verification tags").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Tag {
    /// Read in the cited source.
    V,
    /// Read in a secondary source that applies the primary.
    VSec,
    /// Derived by arithmetic from verified inputs.
    D,
    /// Unverified: shown as such in the app and in reports.
    U,
}

impl Tag {
    pub fn label(self) -> &'static str {
        match self {
            Tag::V => "V",
            Tag::VSec => "V-sec",
            Tag::D => "D",
            Tag::U => "U",
        }
    }

    pub fn is_unverified(self) -> bool {
        self == Tag::U
    }
}

/// GEP categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Category {
    Material,
    Regulating,
    Cultural,
}

impl Category {
    pub const ALL: [Category; 3] = [Category::Material, Category::Regulating, Category::Cultural];

    pub fn name(self) -> Text {
        match self {
            Category::Material => Text::new("物质产品", "Material products"),
            Category::Regulating => Text::new("调节服务", "Regulating services"),
            Category::Cultural => Text::new("文化服务", "Cultural services"),
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Category::Material => "material",
            Category::Regulating => "regulating",
            Category::Cultural => "cultural",
        }
    }
}

/// Valuation method vocabulary (docs/methods.md, "Conventions").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Valuation {
    MarketPrice,
    ShadowProject,
    ReplacementCost,
    TreatmentCost,
    AfforestationCost,
    CarbonPrice,
    IndustrialOxygen,
    TravelCost,
    HedonicPrice,
}

impl Valuation {
    pub fn name(self) -> Text {
        match self {
            Valuation::MarketPrice => Text::new("市场价值法", "Market price"),
            Valuation::ShadowProject => Text::new("影子工程法", "Shadow project"),
            Valuation::ReplacementCost => Text::new("替代成本法", "Replacement cost"),
            Valuation::TreatmentCost => Text::new("防护/治理成本法", "Avoided treatment cost"),
            Valuation::AfforestationCost => Text::new("造林成本法", "Afforestation cost"),
            Valuation::CarbonPrice => Text::new("碳税/碳交易价格法", "Carbon price"),
            Valuation::IndustrialOxygen => Text::new("工业制氧法", "Industrial oxygen price"),
            Valuation::TravelCost => Text::new("旅行费用法", "Travel cost"),
            Valuation::HedonicPrice => Text::new("享乐价格法", "Hedonic price"),
        }
    }
}

/// An accounting framework: which indicators count in its headline total.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Framework {
    pub id: String,
    pub name: Text,
    pub description: Text,
    pub source: Text,
    /// Verification of the indicator list itself.
    pub tag: Tag,
    /// GB/T 46869: GEP minus ecological products coming from outside the region.
    #[serde(default)]
    pub deduct_imports: bool,
    /// Indicators whose methods the framework restricts; a method outside the list is a
    /// validation warning generated from this data.
    #[serde(default)]
    pub accepted_methods: Vec<AcceptedMethods>,
}

impl Framework {
    /// The framework's rule for an indicator's methods, if it has one.
    pub fn method_rule(&self, indicator: &str) -> Option<&AcceptedMethods> {
        self.accepted_methods
            .iter()
            .find(|r| r.indicator == indicator)
    }
}

/// The methods a framework accepts for one indicator, and why it does not accept the others.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AcceptedMethods {
    pub indicator: String,
    /// Method ids of the indicator that the framework accepts.
    pub methods: Vec<String>,
    /// Why the indicator's other methods do not fit the framework (shown in the warning).
    pub reason: Text,
    /// Clause or publication the rule rests on.
    pub source: Text,
}

/// One GEP indicator.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IndicatorSpec {
    pub id: String,
    pub name: Text,
    pub category: Category,
    /// Frameworks whose headline total counts this indicator.
    pub frameworks: Vec<String>,
    /// Market value (paid through markets) vs non-market (compensation basis).
    pub market: bool,
    pub valuation: Valuation,
    /// Clause of the standard / method reference implemented.
    pub clause: Text,
    #[serde(default)]
    pub help: Text,
    /// The physical quantity reported for the indicator.
    pub quantity: QuantitySpec,
    /// How the value is obtained from the physical quantity.
    pub formula: Formula,
    /// Ways to obtain the physical quantity; the first is the default.
    pub methods: Vec<MethodSpec>,
    /// Mapping to the SEEA EA reference list (docs/methods.md, "SEEA EA mapping").
    #[serde(default)]
    pub seea: Text,
    /// The physical quantity is a change over the year (a net flux such as NEP, a stock
    /// increment): inputs without a `min` may be negative and validation does not call a
    /// negative quantity an error. Inputs that cannot be negative keep `min: 0.0`.
    #[serde(default)]
    pub change: bool,
    /// Applies only to counties on the coast (coastal protection): not asked of a project
    /// whose counties all lie in inland provinces.
    #[serde(default)]
    pub coastal_only: bool,
}

impl IndicatorSpec {
    pub fn method(&self, id: &str) -> Option<&MethodSpec> {
        self.methods.iter().find(|m| m.id == id)
    }

    pub fn default_method(&self) -> Option<&MethodSpec> {
        self.methods.first()
    }

    pub fn counts_in(&self, framework: &str) -> bool {
        self.frameworks.iter().any(|f| f == framework)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct QuantitySpec {
    pub name: Text,
    pub unit: Unit,
}

/// A value formula kind. Parameter fields hold parameter ids of `parameters.ron`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Formula {
    /// V = Σ_k Q_k × p_k over fixed components (water supply by use, flood storage by
    /// lakes/reservoirs/marshes, pollutants, transpiration/evaporation energy …).
    Priced { components: Vec<ComponentSpec> },
    /// Material products: Σ product quantity × price, or an output value entered directly.
    Products,
    /// Soil retention: V = λ·A_c/ρ·c_d + A_c·N%·c_N + A_c·P%·c_P.
    SoilRetention {
        sediment_coeff: String,
        bulk_density: String,
        dredging_cost: String,
        soil_n: String,
        soil_p: String,
        price_n: String,
        price_p: String,
    },
    /// Sand fixation: V = Q/(ρ·h)·c.
    SandFixation {
        density: String,
        depth: String,
        cost: String,
    },
    /// Recreation by travel cost: V = N·(TE + t·w·s + CS), or visits and an externally computed value.
    TravelCost { time_share: String },
}

/// One priced component of a `Formula::Priced` indicator.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ComponentSpec {
    pub id: String,
    pub name: Text,
    /// Unit of the component quantity (canonical: m³, t, kWh, hm², m², t CO₂ …).
    pub unit: Unit,
    pub price: PriceRef,
}

/// Where a component's unit price comes from.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum PriceRef {
    /// A registry parameter (overridable in the project).
    Param(String),
    /// A per-county input (local prices such as a housing premium).
    Input(String),
    /// A pollutant: treatment cost, or environmental-protection tax ÷ pollution equivalent,
    /// chosen by the project's pollutant-pricing setting.
    Pollutant {
        cost: String,
        tax: String,
        equivalent: String,
    },
}

/// A way to obtain an indicator's physical quantity.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MethodSpec {
    pub id: String,
    pub name: Text,
    pub model: Model,
    pub inputs: Vec<InputSpec>,
    #[serde(default)]
    pub clause: Text,
}

/// Physical model kinds. Input ids each kind reads are declared in `roles` and listed by
/// `Model::input_roles`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Model {
    /// The physical quantities are entered (component ids / the formula's quantity input).
    Direct,
    /// Q = Σ_i (P − α_i·P − ET) × A_i (land-cover areas; α_i from the land-class registry).
    WaterBalance,
    /// Lakes e^a·A^b·T (10⁴ m³), reservoirs share × capacity, marshes area × depth.
    FloodStorage {
        lake_a: String,
        lake_b: String,
        reservoir_share: String,
        marsh_depth: String,
    },
    /// Q_CO₂ = 44/12 × NEP.
    CarbonNep,
    /// Q_CO₂ = k × NPP (dry matter).
    CarbonNpp { co2_per_npp: String },
    /// Q_O₂ = 32/44 × the carbon indicator's Q_CO₂.
    OxygenFromCarbon { carbon: String },
    /// Q_O₂ = k × NPP (dry matter).
    OxygenNpp { o2_per_npp: String },
    /// Q_k = min(emission_k, capacity_k) for each component.
    PurificationCapacity,
    /// E_pt = EPP·S·D·10⁶/(3600·r) (S = vegetated land km²); E_we = E_w·ρ·q/3600 + E_w·y.
    /// The two switches select the published variants of the evaporation term (each a method
    /// of its own in the registry, with its source): the cooling part divided by the EER r,
    /// and the humidifier part counted only on the D_h days of low relative humidity.
    ClimateEnergy {
        eer: String,
        latent_heat: String,
        humidifier: String,
        /// E_w·ρ·q/(3600·r): evaporative cooling replaced by air conditioning, as transpiration.
        #[serde(default)]
        evaporation_eer: bool,
        /// E_w·y·D_h/N: humidification counted only on the days with low relative humidity.
        #[serde(default)]
        humidify_low_rh: bool,
    },
    /// A_c = R·K·LS·(1 − C·P) × area.
    Rusle,
    /// RWEQ: S_L = S_PL − S_SL (kg/m²) × area.
    Rweq,
    /// Travel-cost survey: visits, expense, travel time, wage, consumer surplus.
    TravelCostSurvey,
    /// Travel-cost survey whose report gives the time cost per visit directly (元/人次):
    /// V = N·(TE + C_t); N·CS is a memo item as in the survey model.
    TravelCostTimeCost,
}

impl Model {
    /// The input ids this model reads for an indicator with `formula`, with the unit the engine
    /// computes in (declared in `roles`, which the engine reads through). The registry may
    /// declare any unit convertible to it (e.g. hm² for km²).
    pub fn input_roles(&self, formula: &Formula) -> Vec<(String, Unit)> {
        let r = |roles: &[Role]| -> Vec<(String, Unit)> {
            roles.iter().map(|x| (x.id.to_string(), x.unit)).collect()
        };
        match self {
            Model::Direct => match formula {
                Formula::Priced { components } => {
                    components.iter().map(|c| (c.id.clone(), c.unit)).collect()
                }
                Formula::Products => vec![],
                Formula::SoilRetention { .. } => r(&[roles::direct::RETAINED_SOIL]),
                Formula::SandFixation { .. } => r(&[roles::direct::SAND_FIXED]),
                Formula::TravelCost { .. } => r(&roles::travel_cost::DIRECT),
            },
            Model::WaterBalance => r(&roles::water_balance::ALL),
            Model::FloodStorage { .. } => r(&roles::flood_storage::ALL),
            Model::CarbonNep => r(&roles::carbon_nep::ALL),
            Model::CarbonNpp { .. } | Model::OxygenNpp { .. } => r(&roles::npp::ALL),
            Model::OxygenFromCarbon { .. } => vec![],
            Model::PurificationCapacity => match formula {
                Formula::Priced { components } => components
                    .iter()
                    .flat_map(|c| {
                        [
                            (roles::emission_id(&c.id), c.unit),
                            (roles::capacity_id(&c.id), c.unit),
                        ]
                    })
                    .collect(),
                _ => vec![],
            },
            Model::ClimateEnergy {
                humidify_low_rh, ..
            } => {
                let mut v = r(&roles::climate_energy::ALL);
                if *humidify_low_rh {
                    v.extend(r(&[roles::climate_energy::LOW_RH_DAYS]));
                }
                v
            }
            Model::Rusle => r(&roles::rusle::ALL),
            Model::Rweq => r(&roles::rweq::ALL),
            Model::TravelCostSurvey => r(&roles::travel_cost::SURVEY),
            Model::TravelCostTimeCost => r(&roles::travel_cost::SURVEY_TIME_COST),
        }
    }

    /// Component ids the model produces for a `Formula::Priced` indicator (`None`: any).
    pub fn produces(&self) -> Option<&'static [&'static str]> {
        match self {
            Model::FloodStorage { .. } => Some(&["lake", "reservoir", "marsh"]),
            Model::ClimateEnergy { .. } => Some(&["transpiration", "evaporation"]),
            _ => None,
        }
    }

    /// Parameter ids the model uses.
    pub fn params(&self) -> Vec<&str> {
        match self {
            Model::FloodStorage {
                lake_a,
                lake_b,
                reservoir_share,
                marsh_depth,
            } => vec![lake_a, lake_b, reservoir_share, marsh_depth],
            Model::CarbonNpp { co2_per_npp } => vec![co2_per_npp],
            Model::OxygenNpp { o2_per_npp } => vec![o2_per_npp],
            Model::ClimateEnergy {
                eer,
                latent_heat,
                humidifier,
                ..
            } => vec![eer, latent_heat, humidifier],
            _ => vec![],
        }
    }

    /// Is this model usable with this value formula?
    pub fn fits(&self, formula: &Formula) -> bool {
        matches!(
            (self, formula),
            (Model::Direct, _)
                | (Model::Rusle, Formula::SoilRetention { .. })
                | (Model::Rweq, Formula::SandFixation { .. })
                | (
                    Model::TravelCostSurvey | Model::TravelCostTimeCost,
                    Formula::TravelCost { .. }
                )
                | (
                    Model::WaterBalance
                        | Model::FloodStorage { .. }
                        | Model::CarbonNep
                        | Model::CarbonNpp { .. }
                        | Model::OxygenFromCarbon { .. }
                        | Model::OxygenNpp { .. }
                        | Model::PurificationCapacity
                        | Model::ClimateEnergy { .. },
                    Formula::Priced { .. },
                )
        )
    }
}

impl Formula {
    /// Parameter ids the value formula uses (pollutant prices list all three).
    pub fn params(&self) -> Vec<&str> {
        match self {
            Formula::Priced { components } => components
                .iter()
                .flat_map(|c| match &c.price {
                    PriceRef::Param(p) => vec![p.as_str()],
                    PriceRef::Input(_) => vec![],
                    PriceRef::Pollutant {
                        cost,
                        tax,
                        equivalent,
                    } => vec![cost.as_str(), tax.as_str(), equivalent.as_str()],
                })
                .collect(),
            Formula::Products => vec![],
            Formula::SoilRetention {
                sediment_coeff,
                bulk_density,
                dredging_cost,
                soil_n,
                soil_p,
                price_n,
                price_p,
            } => vec![
                sediment_coeff,
                bulk_density,
                dredging_cost,
                soil_n,
                soil_p,
                price_n,
                price_p,
            ],
            Formula::SandFixation {
                density,
                depth,
                cost,
            } => vec![density, depth, cost],
            Formula::TravelCost { time_share } => vec![time_share],
        }
    }

    /// Per-county price inputs the formula reads in every method.
    pub fn price_inputs(&self) -> Vec<&str> {
        match self {
            Formula::Priced { components } => components
                .iter()
                .filter_map(|c| match &c.price {
                    PriceRef::Input(i) => Some(i.as_str()),
                    _ => None,
                })
                .collect(),
            _ => vec![],
        }
    }
}

/// One input field of a method; forms and validation come from this.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct InputSpec {
    pub id: String,
    pub name: Text,
    pub unit: Unit,
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
    #[serde(default = "yes")]
    pub required: bool,
    #[serde(default)]
    pub help: Text,
}

fn tag_v() -> Tag {
    Tag::V
}

fn yes() -> bool {
    true
}

/// A parameter or price.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ParamSpec {
    pub id: String,
    pub name: Text,
    /// `None`: no defensible default exists; the project must supply a value.
    pub value: Option<f64>,
    pub unit: Unit,
    /// Price year for money-bearing parameters (for a statutory rate: the year it took effect).
    #[serde(default)]
    pub price_year: Option<i32>,
    /// Price-index series used to move the price to another year (default `cpi`).
    #[serde(default)]
    pub index: Option<String>,
    pub source: Text,
    pub tag: Tag,
    #[serde(default)]
    pub note: Text,
    /// Whether the price moves with its index (the default) or is a nominal rate fixed in law.
    #[serde(default, skip_serializing_if = "PriceBasis::is_indexed")]
    pub basis: PriceBasis,
}

/// How a money parameter relates to the prices of other years.
///
/// An enum rather than an `indexed: bool`: a rate that is not indexed is so because a law fixes
/// it, and the variant carries that law, so the registry cannot mark a rate nominal without
/// naming its legal basis (the registry check refuses a blank one). A future basis (e.g. a
/// price moved with a discount rate) gets its own variant instead of a second flag.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum PriceBasis {
    /// A market price or cost of its price year, moved to other years with its price index.
    #[default]
    Indexed,
    /// A rate fixed in law (the environmental-protection tax per pollution equivalent): the
    /// same nominal amount in every year it is in force, never moved with a price index, also
    /// in constant-price accounts. `law` names the law or decision that fixes it; `price_year`
    /// of such a parameter is the year the rate took effect.
    Statutory { law: Text },
}

impl PriceBasis {
    pub fn is_indexed(&self) -> bool {
        matches!(self, PriceBasis::Indexed)
    }

    /// The law that fixes a statutory rate.
    pub fn law(&self) -> Option<&Text> {
        match self {
            PriceBasis::Indexed => None,
            PriceBasis::Statutory { law } => Some(law),
        }
    }
}

/// A land-cover class (三调-style classes for Jiangxi counties, plus generic types).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LandClass {
    pub id: String,
    pub name: Text,
    /// Runoff coefficient α (fraction) for the water-balance model; `None` = excluded (sealed).
    #[serde(default)]
    pub runoff_coeff: Option<f64>,
    #[serde(default)]
    pub runoff_source: Text,
    /// Verification of the runoff coefficient for this class.
    #[serde(default = "tag_v")]
    pub runoff_tag: Tag,
    /// Counts towards the vegetated area S of the climate-regulation model.
    #[serde(default)]
    pub vegetated: bool,
    /// Ecosystem type (`Registry::ecosystems`) the class belongs to; every built-in class
    /// names one (`check`).
    #[serde(default)]
    pub ecosystem: String,
}

/// A first-level ecosystem type (森林, 草地, 湿地, 农田, 城镇, 荒漠, 海洋) by which GEP is
/// accounted per ecosystem; projects define subtypes under them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EcosystemType {
    pub id: String,
    pub name: Text,
}

/// An equivalent-factor table: rows = ecosystem types, columns = services.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FactorTable {
    pub id: String,
    pub name: Text,
    pub source: Text,
    pub services: Vec<EsvService>,
    pub rows: Vec<FactorRow>,
    /// The table's default crosswalk: a row (or, explicitly, no ESV) for each land class. The
    /// built-in tables cover every registry class (`check`); a project's own tables may leave
    /// it empty and set rows in the project's crosswalk instead.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub crosswalk: Vec<CrosswalkDefault>,
    /// Where the services' `adjust` assignment comes from (the paper, or common practice for
    /// tables older than Xie et al. 2015).
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub adjust_note: Text,
}

impl FactorTable {
    /// Index of the row `id`.
    pub fn row_index(&self, id: &str) -> Option<usize> {
        self.rows.iter().position(|r| r.id == id)
    }

    /// Whether any service declares a regional coefficient.
    pub fn adjusts(&self) -> bool {
        self.services.iter().any(|s| s.adjust.is_some())
    }

    /// The table's default crosswalk entry for a land class.
    pub fn default_for(&self, class: &str) -> Option<&CrosswalkDefault> {
        self.crosswalk.iter().find(|c| c.class == class)
    }
}

/// One land class of a table's default crosswalk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CrosswalkDefault {
    /// Land-class id (registry).
    pub class: String,
    /// Row id of the table; `None` = explicitly no ESV (the note says why).
    pub row: Option<String>,
    #[serde(default)]
    pub note: Text,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EsvService {
    pub id: String,
    pub name: Text,
    /// Provisioning services are market value; the rest non-market (docs/methods.md, "Market and
    /// non-market value").
    pub market: bool,
    /// Which regional coefficient of Xie et al. 2015's dynamic method scales this service
    /// (docs/methods.md, "Regional adjustment"); `None` = never adjusted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adjust: Option<AdjustBy>,
}

/// The spatio-temporal coefficients of Xie et al. 2015: a county's value over the national
/// mean of net primary productivity, precipitation or soil retention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum AdjustBy {
    /// NPP coefficient P = NPP_county / NPP_national.
    Npp,
    /// Precipitation coefficient R = Prec_county / Prec_national.
    Precipitation,
    /// Soil-conservation coefficient S = retention_county / retention_national.
    Soil,
}

impl AdjustBy {
    pub const ALL: [AdjustBy; 3] = [AdjustBy::Npp, AdjustBy::Precipitation, AdjustBy::Soil];

    /// ASCII key used in files, traces and the JSON accounts.
    pub fn key(self) -> &'static str {
        match self {
            AdjustBy::Npp => "npp",
            AdjustBy::Precipitation => "precipitation",
            AdjustBy::Soil => "soil",
        }
    }

    /// Catalogue key of the coefficient's name ("NPP 调节系数 P" …).
    pub fn name_key(self) -> &'static str {
        match self {
            AdjustBy::Npp => "esva_coef_npp",
            AdjustBy::Precipitation => "esva_coef_precipitation",
            AdjustBy::Soil => "esva_coef_soil",
        }
    }

    /// Catalogue key of the quantity behind the coefficient (NPP, 降水量, 土壤保持量).
    pub fn quantity_key(self) -> &'static str {
        match self {
            AdjustBy::Npp => "esva_qty_npp",
            AdjustBy::Precipitation => "esva_qty_precipitation",
            AdjustBy::Soil => "esva_qty_soil",
        }
    }

    /// The coefficient's symbol in Xie et al. 2015 (P, R, S).
    pub fn symbol(self) -> &'static str {
        match self {
            AdjustBy::Npp => "P",
            AdjustBy::Precipitation => "R",
            AdjustBy::Soil => "S",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FactorRow {
    pub id: String,
    pub name: Text,
    pub factors: Vec<f64>,
    pub tag: Tag,
    #[serde(default)]
    pub note: Text,
}

/// A fixed-base price index series (e.g. CPI, 1978 = 100).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PriceIndexSeries {
    pub id: String,
    pub name: Text,
    pub base: Text,
    pub values: std::collections::BTreeMap<i32, f64>,
    pub source: Text,
    pub tag: Tag,
}
