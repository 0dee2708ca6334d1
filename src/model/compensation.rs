//! The ecological-compensation scenario a project keeps (生态补偿方案).
//!
//! Owns what the user chooses on the 补偿 page and what the CLI `compensate` flags set: the
//! method, its parameters, the fund and its allocation factors, per-county floors, caps and
//! deductions, and user factor columns. It is plain data saved in the project file (field
//! `compensation`, optional, so older files load unchanged); `engine::compensation::scenario`
//! turns it plus the accounts into amounts.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Which compensation method the scenario runs (docs/methods.md, "Ecological compensation").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// ECPS = non-market value / GDP, three priority classes (docs/methods.md, "Compensation
    /// priority").
    Priority,
    /// Surplus / deficit against a fair share (docs/methods.md, "Value spillover"); signed amounts.
    Spillover,
    /// A fund shared by weighted factors with floors, caps and deductions (docs/methods.md, "Fund
    /// allocation").
    #[default]
    Fund,
    /// α × constant-price GEP growth (+ β share of a fund by regulating GEP) (docs/methods.md,
    /// "GEP-growth reward").
    GrowthReward,
    /// Upstream–downstream: the water-quality index P decides who pays a fixed sum; the
    /// downstream counties' part is split by a gravity model (docs/methods.md, "Horizontal
    /// compensation").
    Horizontal,
    /// What protection costs a county: the income gap against a reference region plus the
    /// annuities of its past investments (docs/methods.md, "Opportunity cost").
    OpportunityCost,
    /// The compensation standard as a range: lower bound = opportunity cost, upper bound = the
    /// ESV increment or the non-market GEP, net benefit = upper − lower, and a recommended
    /// standard inside the range by a stated rule (docs/methods.md, "Compensation standard as
    /// a range").
    StandardRange,
}

impl Method {
    pub const ALL: [Method; 7] = [
        Method::Fund,
        Method::Spillover,
        Method::Priority,
        Method::GrowthReward,
        Method::Horizontal,
        Method::OpportunityCost,
        Method::StandardRange,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Method::Priority => "priority",
            Method::Spillover => "spillover",
            Method::Fund => "fund",
            Method::GrowthReward => "growth_reward",
            Method::Horizontal => "horizontal",
            Method::OpportunityCost => "opportunity_cost",
            Method::StandardRange => "standard_range",
        }
    }
}

/// Which non-market value the priority and spillover use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueBasis {
    /// GEP accounts: `totals.non_market`.
    #[default]
    Gep,
    /// Equivalent-factor ESV: `esv.non_market`.
    Esv,
}

/// How ECPS values are split into three classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Classing {
    /// Terciles (linear-interpolation quantiles at 1/3 and 2/3).
    Quantiles,
    /// Jenks natural breaks (dynamic programming, least within-class squared deviation).
    #[default]
    NaturalBreaks,
    /// Geometric interval: breaks in geometric progression between the smallest and the
    /// largest positive value (docs/methods.md, "Compensation priority"); values ≤ 0 fall in
    /// the lowest class.
    GeometricInterval,
}

/// What the fair-share weight w_i is proportional to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShareBasis {
    #[default]
    Population,
    Gdp,
    Area,
}

/// Where the spillover's development-stage coefficient r comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StageSource {
    /// `stage_r`, the same for every county.
    #[default]
    Fixed,
    /// Per county, from its urban and rural Engel coefficients and urbanisation rate (`engel`)
    /// through the Pearl curve r = 1 / (1 + e^−(1/En − 3)), which falls as En rises.
    EngelPearl,
    /// Withdrawn: the logistic r = 1 / (1 + e^−En) ("Variant A") rises with the Engel
    /// coefficient, so the poorer a county the larger its r — the wrong way round for a
    /// willingness-to-pay coefficient. Kept only so that a file naming it still loads; it runs
    /// as `EngelPearl` and every run says so (`checks::Warning::StageVariantWithdrawn`).
    EngelLogistic,
}

/// One county's Engel coefficients and urbanisation rate (fractions, 0–1).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct EngelEntry {
    pub urban: Option<f64>,
    pub rural: Option<f64>,
    pub urbanisation: Option<f64>,
}

/// One county's per-capita disposable incomes (元 per person and year) and populations, for the
/// income-gap opportunity cost.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct IncomeEntry {
    pub urban_income: Option<f64>,
    pub urban_population: Option<f64>,
    pub rural_income: Option<f64>,
    pub rural_population: Option<f64>,
}

/// A past investment of a county in protection (元), repaid as an annuity.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct InvestmentEntry {
    /// County code.
    pub county: String,
    pub year: i32,
    pub principal_yuan: f64,
}

/// The opportunity-cost method's inputs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OpportunitySettings {
    /// Per-capita disposable income of the reference region (元), urban and rural; 0 = not
    /// entered.
    pub reference_urban_income: f64,
    pub reference_rural_income: f64,
    /// By county code.
    pub incomes: BTreeMap<String, IncomeEntry>,
    /// Interest rate of the annuities (0.1 = 10 %, as in 赵建林 et al. 2019).
    pub rate: f64,
    /// Last year of repayment; `None` = the accounting year. n = end year − investment year.
    pub end_year: Option<i32>,
    pub investments: Vec<InvestmentEntry>,
    /// Other annual cost items of a county (e.g. a provincial subsidy, annual debt service).
    pub other_costs: Vec<OtherCostEntry>,
    /// Beneficiaries among whom a county's opportunity cost is split in proportion to the
    /// value each receives.
    pub beneficiaries: Vec<BeneficiaryEntry>,
}

/// An annual cost item of a county (元 per year) added to its opportunity cost as entered.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OtherCostEntry {
    /// County code.
    pub county: String,
    /// What the cost is (e.g. 省级财政补贴).
    pub name: String,
    pub amount_yuan: f64,
}

/// A beneficiary of a county's protection and the value it receives (元, e.g. the external
/// ESV it gains): the county's opportunity cost is split among its beneficiaries in
/// proportion to these values. A beneficiary with `parts` shares its amount equally among
/// them (e.g. 国家, 地方政府, 农户).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BeneficiaryEntry {
    /// County code.
    pub county: String,
    pub name: String,
    pub value_yuan: f64,
    pub parts: Vec<String>,
}

/// Upper bound of the compensation standard range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UpperBound {
    /// ESV of the year − ESV of the previous period, both at the accounts' price year.
    #[default]
    EsvIncrement,
    /// Non-market GEP (regulating + cultural) of the year.
    NonMarket,
}

/// Where in [lower, upper] the recommended standard lies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RangeRule {
    /// The opportunity cost: what protection costs the county, the least that keeps it whole
    /// and the figure a budget can be defended on.
    #[default]
    Lower,
    Midpoint,
    Upper,
    /// lower + λ × (upper − lower).
    Position,
}

/// The standard-range method's choices.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RangeSettings {
    pub upper: UpperBound,
    pub rule: RangeRule,
    /// λ of `RangeRule::Position` (0 = lower bound, 1 = upper bound).
    pub lambda: f64,
}

impl Default for RangeSettings {
    fn default() -> Self {
        RangeSettings {
            upper: UpperBound::EsvIncrement,
            rule: RangeRule::Lower,
            lambda: 0.5,
        }
    }
}

impl RangeSettings {
    /// λ of the rule: 0, 0.5, 1 or the stated one.
    pub fn position(&self) -> f64 {
        match self.rule {
            RangeRule::Lower => 0.0,
            RangeRule::Midpoint => 0.5,
            RangeRule::Upper => 1.0,
            RangeRule::Position => self.lambda,
        }
    }
}

impl OpportunitySettings {
    /// Party names from one text cell, separated by 、 , ， ; ； or line breaks; blanks
    /// dropped.
    pub fn parse_parties(text: &str) -> Vec<String> {
        text.split(['、', ',', '，', ';', '；', '\n'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    }
}

impl Default for OpportunitySettings {
    fn default() -> Self {
        OpportunitySettings {
            reference_urban_income: 0.0,
            reference_rural_income: 0.0,
            incomes: BTreeMap::new(),
            rate: 0.1,
            end_year: None,
            investments: Vec::new(),
            other_costs: Vec::new(),
            beneficiaries: Vec::new(),
        }
    }
}

/// One allocation factor and its weight. `id` names an account quantity (see
/// `engine::compensation::scenario::FACTOR_IDS`), `indicator:<id>` (an indicator's value) or
/// `user:<name>` (a column in `user_columns`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeightedFactor {
    pub id: String,
    pub weight: f64,
}

/// A factor column the user enters per county (e.g. 水环境质量得分).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserColumn {
    pub name: String,
    /// Score by county code; a missing county scores 0.
    #[serde(default)]
    pub values: BTreeMap<String, f64>,
}

/// Per-county limits of a fund allocation (元).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CountyLimits {
    pub floor_yuan: Option<f64>,
    pub cap_yuan: Option<f64>,
    /// Fraction of the formula amount withheld (e.g. 0.3–0.5 after a major pollution
    /// incident in Jiangxi's scheme); 0 = none.
    pub deduction: f64,
}

/// One pollutant at the boundary section: measured concentration C and baseline C₀ (same unit,
/// e.g. mg/L).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PollutantEntry {
    pub name: String,
    pub concentration: f64,
    pub baseline: f64,
}

/// Upstream–downstream compensation (Xin'an River form, docs/methods.md, "Horizontal
/// compensation").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HorizontalSettings {
    /// County code of the upstream unit; empty = not chosen yet.
    pub upstream: String,
    /// K₀ of P = K₀ × (1/n) Σ C_i / C_i0 (0.85 in the Xin'an River's first round) [U].
    pub k0: f64,
    pub pollutants: Vec<PollutantEntry>,
    /// The sum that changes hands (元).
    pub amount_yuan: f64,
    /// Gravity mass M of a downstream county.
    pub mass: ShareBasis,
    /// Distance (km) from the upstream county, by downstream county code; the counties with a
    /// distance are the downstream units.
    pub distances_km: BTreeMap<String, f64>,
}

impl Default for HorizontalSettings {
    fn default() -> Self {
        let p = |name: &str| PollutantEntry {
            name: name.into(),
            ..PollutantEntry::default()
        };
        HorizontalSettings {
            upstream: String::new(),
            k0: 0.85,
            pollutants: vec![p("高锰酸盐指数"), p("氨氮"), p("总氮"), p("总磷")],
            // 1 亿元.
            amount_yuan: 1.0e8,
            mass: ShareBasis::Population,
            distances_km: BTreeMap::new(),
        }
    }
}

/// The project's compensation scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CompensationSettings {
    pub method: Method,
    pub basis: ValueBasis,
    pub classing: Classing,
    pub share: ShareBasis,
    /// Development-stage coefficient r applied to every county's spillover (1 = in full) when
    /// `stage` is `Fixed`.
    pub stage_r: f64,
    /// Where r comes from.
    pub stage: StageSource,
    /// Engel coefficients and urbanisation by county code (for `stage` from Engel).
    pub engel: BTreeMap<String, EngelEntry>,
    /// Scale paying counties' spillover by GDP per capita relative to the region (k_i) [U].
    pub ability_to_pay: bool,
    /// Clamp a received spillover compensation to [opportunity cost, non-market value].
    pub clamp: bool,
    /// Opportunity cost by county code (元), the lower bound when clamping.
    pub opportunity_cost_yuan: BTreeMap<String, f64>,
    /// The fund to allocate (元) by `Fund`, and the β fund of `GrowthReward`.
    pub fund_yuan: f64,
    pub factors: Vec<WeightedFactor>,
    /// Floors, caps and deductions by county code.
    pub limits: BTreeMap<String, CountyLimits>,
    pub user_columns: Vec<UserColumn>,
    /// Reward per 元 of constant-price GEP growth.
    pub alpha: f64,
    /// Share of the fund given by regulating GEP in the growth reward; `None` = no share part.
    pub beta: Option<f64>,
    pub horizontal: HorizontalSettings,
    /// A county paying more than this share of its GDP is warned about (0.01 = 1 %).
    pub max_gdp_share: f64,
    /// A county paying more than this share of its fiscal revenue (when entered) is warned
    /// about. 10 %: general-budget revenue of a Jiangxi county is of the order of a tenth of
    /// its GDP, so this is about as strict as the GDP limit [D].
    pub max_revenue_share: f64,
    /// General-budget fiscal revenue by county code (元), optional.
    pub fiscal_revenue_yuan: BTreeMap<String, f64>,
    pub opportunity: OpportunitySettings,
    /// The standard-range method's upper bound and rule.
    pub range: RangeSettings,
}

/// The allowed range of a number of the scenario (inclusive bounds).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ParamRange {
    /// Catalogue key of the parameter's name (`hd_cmp_<id>`).
    pub key: &'static str,
    pub min: f64,
    pub max: f64,
}

/// 10¹³ 元 (10 万亿元, about a tenth of China's GDP): no county fund or transfer comes near it.
const MAX_YUAN: f64 = 1.0e13;

const fn range(key: &'static str, min: f64, max: f64) -> ParamRange {
    ParamRange { key, min, max }
}

/// r of the spillover: a willingness-to-pay fraction (the Pearl curve gives 0–1; 1 = in full).
pub const RANGE_R: ParamRange = range("hd_cmp_r", 0.0, 1.0);
/// K₀ of the water-quality index (0.85 in the Xin'an River's first round).
pub const RANGE_K0: ParamRange = range("hd_cmp_k0", 0.01, 2.0);
/// α: reward per 元 of GEP growth; above 1 would pay more than the growth itself.
pub const RANGE_ALPHA: ParamRange = range("hd_cmp_alpha", 0.0, 1.0);
/// β: the share of the fund given by regulating GEP; above 1 would pay out more than the fund.
pub const RANGE_BETA: ParamRange = range("hd_cmp_beta", 0.0, 1.0);
pub const RANGE_FUND: ParamRange = range("hd_cmp_fund", 0.0, MAX_YUAN);
pub const RANGE_AMOUNT: ParamRange = range("hd_cmp_amount", 0.0, MAX_YUAN);
/// Interest rate of the annuities (0.1 = 10 %).
pub const RANGE_RATE: ParamRange = range("hd_cmp_rate", 0.0, 1.0);
pub const RANGE_LAMBDA: ParamRange = range("hd_cmp_lambda", 0.0, 1.0);
/// Warning thresholds: a share of GDP or revenue (a payment may exceed either, e.g. 2 = 200 %).
pub const RANGE_GDP_SHARE: ParamRange = range("hd_cmp_gdp_share", 0.0, 10.0);
pub const RANGE_REVENUE_SHARE: ParamRange = range("hd_cmp_revenue_share", 0.0, 10.0);

impl ParamRange {
    pub fn contains(&self, v: f64) -> bool {
        v.is_finite() && (self.min..=self.max).contains(&v)
    }
}

/// Jiangxi's basin-wide scheme (2016 on): three score columns weighted 70 / 20 / 10. The
/// column names are the scheme's own wording and become factor ids `user:<name>`.
pub const JIANGXI_BASIN_FACTORS: [(&str, f64); 3] = [
    ("水环境质量得分", 0.7),
    ("森林生态质量得分", 0.2),
    ("水资源管理得分", 0.1),
];

/// The built-in factor presets of the fund method (the 补偿 page's preset buttons).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactorPreset {
    /// 按核算结果: regulating value 70 %, cultural value 20 %, land area 10 %. Regulating and
    /// cultural value are the two disjoint parts of non-market value, so no value is counted
    /// twice (a weight on non-market value *and* on one of its parts would be).
    FromAccounts,
    /// Jiangxi's basin scheme: three user score columns weighted 70 / 20 / 10.
    JiangxiBasin,
}

impl FactorPreset {
    pub const ALL: [FactorPreset; 2] = [FactorPreset::FromAccounts, FactorPreset::JiangxiBasin];

    /// The preset's weighted factors.
    pub fn factors(self) -> Vec<WeightedFactor> {
        let f = |id: String, weight: f64| WeightedFactor { id, weight };
        match self {
            FactorPreset::FromAccounts => vec![
                f("regulating".into(), 0.7),
                f("cultural".into(), 0.2),
                f("land_area".into(), 0.1),
            ],
            FactorPreset::JiangxiBasin => JIANGXI_BASIN_FACTORS
                .iter()
                .map(|(name, w)| f(format!("user:{name}"), *w))
                .collect(),
        }
    }

    /// Loads the preset into a scenario: its factors replace the current ones, and any user
    /// column it weights is added (empty) if missing. Scores already entered are kept.
    pub fn apply(self, s: &mut CompensationSettings) {
        s.factors = self.factors();
        for f in &s.factors {
            if let Some(name) = f.id.strip_prefix("user:")
                && !s.user_columns.iter().any(|c| c.name == name)
            {
                s.user_columns.push(UserColumn {
                    name: name.into(),
                    values: BTreeMap::new(),
                });
            }
        }
    }
}

impl CompensationSettings {
    /// The first number the method uses that lies outside its stated range, with its value.
    pub fn out_of_range(&self) -> Option<(ParamRange, f64)> {
        let mut used = vec![
            (RANGE_GDP_SHARE, self.max_gdp_share),
            (RANGE_REVENUE_SHARE, self.max_revenue_share),
        ];
        match self.method {
            Method::Spillover if self.stage == StageSource::Fixed => {
                used.push((RANGE_R, self.stage_r))
            }
            Method::Fund => used.push((RANGE_FUND, self.fund_yuan)),
            Method::GrowthReward => {
                used.push((RANGE_ALPHA, self.alpha));
                if let Some(b) = self.beta {
                    used.push((RANGE_BETA, b));
                    used.push((RANGE_FUND, self.fund_yuan));
                }
            }
            Method::Horizontal => {
                used.push((RANGE_K0, self.horizontal.k0));
                used.push((RANGE_AMOUNT, self.horizontal.amount_yuan));
            }
            Method::OpportunityCost => used.push((RANGE_RATE, self.opportunity.rate)),
            Method::StandardRange => {
                used.push((RANGE_RATE, self.opportunity.rate));
                if self.range.rule == RangeRule::Position {
                    used.push((RANGE_LAMBDA, self.range.lambda));
                }
            }
            _ => {}
        }
        used.into_iter().find(|(r, v)| !r.contains(*v))
    }

    /// Whether the fund is allocated by Jiangxi's three score columns at 70 / 20 / 10 (the
    /// only case in which that scheme may be cited as the source).
    pub fn uses_jiangxi_factors(&self) -> bool {
        let total: f64 = self.factors.iter().map(|f| f.weight).sum();
        self.factors.len() == JIANGXI_BASIN_FACTORS.len()
            && total > 0.0
            && JIANGXI_BASIN_FACTORS.iter().all(|(name, w)| {
                self.factors.iter().any(|f| {
                    f.id.strip_prefix("user:") == Some(*name) && (f.weight / total - w).abs() < 1e-9
                })
            })
    }
}

impl Default for CompensationSettings {
    fn default() -> Self {
        CompensationSettings {
            method: Method::Fund,
            basis: ValueBasis::Gep,
            classing: Classing::NaturalBreaks,
            share: ShareBasis::Population,
            stage_r: 1.0,
            stage: StageSource::Fixed,
            engel: BTreeMap::new(),
            ability_to_pay: false,
            clamp: false,
            opportunity_cost_yuan: BTreeMap::new(),
            // 1 亿元.
            fund_yuan: 1.0e8,
            factors: FactorPreset::FromAccounts.factors(),
            limits: BTreeMap::new(),
            user_columns: Vec::new(),
            alpha: 0.01,
            beta: None,
            horizontal: HorizontalSettings::default(),
            max_gdp_share: 0.01,
            max_revenue_share: 0.1,
            fiscal_revenue_yuan: BTreeMap::new(),
            opportunity: OpportunitySettings::default(),
            range: RangeSettings::default(),
        }
    }
}
