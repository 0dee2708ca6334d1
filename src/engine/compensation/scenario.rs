//! A compensation scenario run end to end: project settings + accounts → who receives, who
//! pays, how much, and why.
//!
//! Owns the one path from `model::CompensationSettings` to an `Outcome` that the 补偿 page,
//! the CLI `compensate`, the report chapter and the XLSX sheet all show, so the four never
//! disagree. It resolves allocation factors (account quantities, indicator values, user
//! columns) per county, checks that every input a method needs is there (naming the county and
//! the missing value) and calls the method functions of the parent module: `run` dispatches
//! to one function per method branch (the opportunity-cost and standard-range branches are in
//! `scenario/`). The words (method name, formula, parameters, one
//! sentence per county) are in the sibling `explain`. Pure: no UI, no I/O.
//!
//! **Sign convention**: `amount_yuan > 0` means the county receives; `< 0` that it pays.

use serde::Serialize;

mod opportunity;
mod range;

pub use opportunity::{BeneficiaryShare, Opportunity, OpportunityRow, OtherCost, PartyShare};
pub use range::{RangeRow, StandardRange};

use super::checks::{Warning, range_and_classing_warnings, warnings};
use super::{
    CompensationError, Direction, FundAllocation, FundCounty, FundFactor, Gravity, GravityTarget,
    GrowthReward, Pollutant, Priority, PriorityClass, Spillover, Stage, WaterQualityIndex,
    ability_to_pay, allocate_fund, gravity_shares, growth_reward_inputs, growth_rewards, priority,
    priority_inputs, spillover, spillover_inputs, water_quality_index,
};
use crate::engine::{Accounts, ComputeError, CountyAccount};
use crate::i18n::{Lang, t, tf};
use crate::model::compensation::{
    CompensationSettings, Method, ShareBasis, StageSource, WeightedFactor,
};
use crate::model::{County, Project};
use crate::registry::Registry;

/// Account quantities a fund can be allocated by: (id, is money in 元). Their names are in
/// `factor_label`.
pub const FACTOR_IDS: [(&str, bool); 10] = [
    ("non_market", true),
    ("regulating", true),
    ("gep", true),
    ("material", true),
    ("cultural", true),
    ("esv_non_market", true),
    ("esv_total", true),
    ("land_area", false),
    ("population", false),
    ("gdp", true),
];

/// Why a scenario could not be run; each message says what to fix.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ScenarioError {
    #[error("{0}")]
    Method(#[from] CompensationError),
    #[error("{0}")]
    Compute(String),
    #[error(
        "{county}（{code}）缺少 {year} 年的{what_zh}：请在「县区」页填写 / {county} ({code}) has no {what_en} for {year}: enter it on the Counties page"
    )]
    MissingValue {
        county: String,
        code: String,
        year: i32,
        what_zh: String,
        what_en: String,
    },
    /// Weighted user columns with no score entered yet (e.g. a preset just loaded): a state
    /// to finish, named by column, not an error about weights.
    #[error("{}", scores_to_enter(.0))]
    ScoresToEnter(Vec<String>),
    /// A per-county input of the scenario itself (entered on the 补偿 page) is missing.
    #[error(
        "{county}（{code}）缺少{what_zh}：请在「补偿」页的逐县表中填写 / {county} ({code}) has no {what_en}: enter it in the table by county on the Compensation page"
    )]
    MissingInput {
        county: String,
        code: String,
        what_zh: String,
        what_en: String,
    },
    /// Every weighted factor is 0 (or not entered) in every county, e.g. a new project with no
    /// data yet: say so, rather than the allocation's "weights total 0".
    #[error(
        "各分配因子在所有县均为 0 或尚未录入（如还没有核算数据或土地面积）：请先录入各县的数据，或改选分配因子 / every allocation factor is 0 or not entered in every county (no accounts or land area yet, say): enter the counties' data first, or choose other factors"
    )]
    NoFactorValues,
    #[error(
        "请为至少一个县填写城乡居民收入与人口，或填写历年投资 / enter incomes and populations, or past investments, for at least one county"
    )]
    NoOpportunityInputs,
    #[error(
        "请填写参照地区的城镇与农村居民人均可支配收入（元，大于 0）/ enter the reference region's urban and rural per-capita disposable income (yuan, above 0)"
    )]
    NoReferenceIncome,
    #[error(
        "{county}（{code}）{year} 年的投资：年份应早于还款截止年 {end_year}，金额应不小于 0 / {county} ({code}), investment of {year}: the year must be before the last repayment year {end_year} and the amount at least 0"
    )]
    Investment {
        county: String,
        code: String,
        year: i32,
        end_year: i32,
    },
    #[error(
        "{county}（{code}）的其他年度成本「{name}」金额 {value} 无效：应为不小于 0 的元数 / {county} ({code}), other annual cost “{name}”: amount {value} is invalid, enter yuan ≥ 0"
    )]
    OtherCost {
        county: String,
        code: String,
        name: String,
        value: f64,
    },
    #[error(
        "{county}（{code}）的受益方：各方所获价值应不小于 0 且合计大于 0（元）/ {county} ({code}), beneficiaries: each value must be ≥ 0 and their total above 0 (yuan)"
    )]
    Beneficiaries { county: String, code: String },
    #[error(
        "{year} 年之前没有核算期，无法计算生态服务价值增量：请添加上一期，或改用非市场 GEP 作上限 / no period before {year} to compute the ESV increment from: add the previous period, or use the non-market GEP as the upper bound"
    )]
    NoEsvPeriod { year: i32 },
    #[error(
        "{county}（{code}）{year} 年没有生态系统服务价值（ESV）：请在「土地覆盖」页填写地类面积，或改用非市场 GEP 作上限 / {county} ({code}) has no ESV for {year}: enter land-class areas on the Land cover page, or use the non-market GEP as the upper bound"
    )]
    NoEsv {
        county: String,
        code: String,
        year: i32,
    },
    #[error("县区代码「{0}」不在项目中 / county code “{0}” is not in the project")]
    UnknownCounty(String),
    #[error("未知的分配因子「{0}」/ unknown allocation factor “{0}”")]
    UnknownFactor(String),
    #[error(
        "{year} 年之前没有核算期，无法计算 GEP 增长奖励 / no period before {year} to compute the GEP-growth reward from"
    )]
    NoEarlierPeriod { year: i32 },
    #[error("项目中没有县区 / the project has no counties")]
    NoCounties,
    /// A parameter of the scenario outside its stated range (`model::compensation::RANGE_*`).
    #[error("{} / {}", out_of_range_text(range, *value, Lang::Zh), out_of_range_text(range, *value, Lang::En))]
    OutOfRange {
        range: crate::model::compensation::ParamRange,
        value: f64,
    },
    #[error("请选择上游县 / choose the upstream county")]
    NoUpstream,
    #[error(
        "请为下游县填写到上游县的距离（千米）/ enter the distance (km) from the upstream county for the downstream counties"
    )]
    NoDownstream,
    #[error(
        "污染物「{0}」：请填写断面浓度（≥ 0）与基准浓度（> 0）/ pollutant “{0}”: enter the section concentration (≥ 0) and the baseline (> 0)"
    )]
    Pollutant(String),
    #[error(
        "{county}（{code}）到上游县的距离 {value} 无效，应大于 0 千米 / {county} ({code}): distance {value} to the upstream county must be above 0 km"
    )]
    Distance {
        county: String,
        code: String,
        value: f64,
    },
}

impl ScenarioError {
    /// The message in `lang` alone, for the app, the reports and the CLI (`Display` keeps both
    /// languages, "中文 / English", for logs). Every message is written as the Chinese text,
    /// "/ ", then the English text; the Chinese half never contains "/ ".
    pub fn message(&self, lang: Lang) -> String {
        if let ScenarioError::ScoresToEnter(columns) = self {
            return scores_to_enter_text(columns, lang);
        }
        if let ScenarioError::OutOfRange { range, value } = self {
            return out_of_range_text(range, *value, lang);
        }
        let full = self.to_string();
        match (full.split_once("/ "), lang) {
            (Some((zh, _)), Lang::Zh) => zh.trim_end().to_string(),
            (Some((_, en)), Lang::En) => en.trim_start().to_string(),
            (None, _) => full,
        }
    }
}

/// "参数 r 的值 5 超出允许范围 0–1" in `lang`.
pub fn out_of_range_text(
    range: &crate::model::compensation::ParamRange,
    value: f64,
    lang: Lang,
) -> String {
    tf(
        lang,
        "hd_cmp_out_of_range",
        &[
            ("name", t(lang, range.key)),
            ("value", &short(value)),
            ("min", &short(range.min)),
            ("max", &short(range.max)),
        ],
    )
}

/// A number as typed: 0.85, 1e13, 1e300 (not three hundred digits).
fn short(v: f64) -> String {
    if v.is_finite() && (v == 0.0 || (1e-4..1e9).contains(&v.abs())) {
        format!("{v}")
    } else {
        format!("{v:e}")
    }
}

/// The fund's weighted user columns in which no county has a score yet (a preset just
/// loaded), by name.
pub fn empty_score_columns(settings: &CompensationSettings) -> Vec<String> {
    if settings.method != Method::Fund {
        return Vec::new();
    }
    settings
        .factors
        .iter()
        .filter(|f| f.weight != 0.0)
        .filter_map(|f| f.id.strip_prefix("user:"))
        .filter(|name| {
            settings
                .user_columns
                .iter()
                .find(|u| u.name == *name)
                .is_some_and(|u| u.values.is_empty())
        })
        .map(str::to_string)
        .collect()
}

/// "尚未填写得分：… 列" naming the columns, in one language.
pub fn scores_to_enter_text(columns: &[String], lang: Lang) -> String {
    let sep = t(lang, "cmp_list_sep");
    let names: Vec<String> = columns
        .iter()
        .map(|c| tf(lang, "cmp_quoted", &[("x", c)]))
        .collect();
    tf(
        lang,
        "cmp_scores_to_enter",
        &[("columns", &names.join(sep))],
    )
}

/// Both languages, for the error's `Display`.
fn scores_to_enter(columns: &[String]) -> String {
    format!(
        "{} / {}",
        scores_to_enter_text(columns, Lang::Zh),
        scores_to_enter_text(columns, Lang::En)
    )
}

impl From<ComputeError> for ScenarioError {
    fn from(e: ComputeError) -> Self {
        ScenarioError::Compute(e.to_string())
    }
}

/// One county's result. Rows are in the accounts' county order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    /// Positive = receives, negative = pays (元); `None` for the priority method.
    pub amount_yuan: Option<f64>,
    /// 1 = largest amount (or highest ECPS for the priority method).
    pub rank: Option<usize>,
    /// ECPS = non-market value / GDP, when GDP is known.
    pub ecps: Option<f64>,
    pub class: Option<PriorityClass>,
}

impl Row {
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::En if !self.name_en.is_empty() => &self.name_en,
            _ => &self.name_zh,
        }
    }
}

/// The method's own result, with every intermediate quantity.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum Detail {
    Priority(Priority),
    Spillover(Spillover),
    Fund(FundAllocation),
    GrowthReward {
        from_year: i32,
        reward: GrowthReward,
    },
    Horizontal(Horizontal),
    OpportunityCost(Opportunity),
    StandardRange(StandardRange),
}

/// Upstream–downstream result: who pays is decided by P; the downstream part is split by
/// gravity shares.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Horizontal {
    /// Index of the upstream county in the rows.
    pub upstream: usize,
    pub index: WaterQualityIndex,
    /// Gravity shares of the downstream counties (`target.code`), mass by `mass`.
    pub gravity: Gravity,
    pub mass: ShareBasis,
    pub amount_yuan: f64,
}

/// A scenario's result for one year, framework and price year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    pub year: i32,
    pub framework: String,
    pub price_year: i32,
    pub settings: CompensationSettings,
    pub rows: Vec<Row>,
    /// ECPS and classes of every county, whatever the method (context for the summary).
    pub priority: Priority,
    pub detail: Detail,
    /// What the user should know before handing the amounts over (`checks`).
    pub warnings: Vec<Warning>,
}

/// Runs the project's scenario on accounts computed for one year and framework.
pub fn run(
    project: &Project,
    registry: &Registry,
    accounts: &Accounts,
    settings: &CompensationSettings,
) -> Result<Outcome, ScenarioError> {
    if accounts.counties.is_empty() {
        return Err(ScenarioError::NoCounties);
    }
    if let Some((range, value)) = settings.out_of_range() {
        return Err(ScenarioError::OutOfRange { range, value });
    }
    let cx = Cx {
        project,
        registry,
        accounts,
        settings,
        by_code: project
            .counties
            .iter()
            .map(|c| (c.code.as_str(), c))
            .collect(),
    };
    let prio = priority(
        &priority_inputs(accounts, settings.basis),
        settings.basis,
        settings.classing,
    );
    let detail = match settings.method {
        Method::Priority => Detail::Priority(prio.clone()),
        Method::Spillover => Detail::Spillover(cx.spillover()?),
        Method::Fund => Detail::Fund(cx.fund()?),
        Method::GrowthReward => cx.growth_reward()?,
        Method::Horizontal => Detail::Horizontal(cx.horizontal()?),
        Method::OpportunityCost => Detail::OpportunityCost(cx.opportunity()?),
        Method::StandardRange => Detail::StandardRange(cx.standard_range()?),
    };
    let amounts = amounts(&detail, accounts);
    let ranks = match &detail {
        Detail::Priority(p) => p.rows.iter().map(|r| r.rank).collect(),
        _ => rank_desc(&amounts),
    };
    let rows = accounts
        .counties
        .iter()
        .zip(amounts)
        .zip(ranks)
        .zip(&prio.rows)
        .map(|(((c, amount), rank), p)| Row {
            code: c.code.clone(),
            name_zh: c.name_zh.clone(),
            name_en: c.name_en.clone(),
            amount_yuan: amount,
            rank,
            ecps: p.ecps,
            class: p.class,
        })
        .collect::<Vec<_>>();
    let mut warnings = warnings(accounts, settings, &rows);
    warnings.extend(range_and_classing_warnings(
        accounts, settings, &detail, &prio,
    ));
    Ok(Outcome {
        year: accounts.year,
        framework: accounts.framework.clone(),
        price_year: accounts.price_year,
        settings: settings.clone(),
        rows,
        priority: prio,
        detail,
        warnings,
    })
}

/// Everything one run reads: the method branches below resolve their inputs per county from it.
struct Cx<'a> {
    project: &'a Project,
    registry: &'a Registry,
    accounts: &'a Accounts,
    settings: &'a CompensationSettings,
    by_code: rustc_hash::FxHashMap<&'a str, &'a County>,
}

impl Cx<'_> {
    fn county_of(&self, code: &str) -> Option<&County> {
        self.by_code.get(code).copied()
    }

    fn missing(&self, c: &CountyAccount, zh: &str, en: &str) -> ScenarioError {
        ScenarioError::MissingValue {
            county: c.name_zh.clone(),
            code: c.code.clone(),
            year: self.accounts.year,
            what_zh: zh.into(),
            what_en: en.into(),
        }
    }

    /// Spillover inputs per county (share basis, r, opportunity cost, k), then the method.
    fn spillover(&self) -> Result<Spillover, ScenarioError> {
        let (accounts, settings) = (self.accounts, self.settings);
        let mut inputs = spillover_inputs(accounts, settings.basis);
        let (pop_total, gdp_total) = accounts.counties.iter().fold((0.0, 0.0), |(p, g), c| {
            (
                p + c.population.unwrap_or(0.0),
                g + c.gdp_yuan.unwrap_or(0.0),
            )
        });
        let region_gdp_pc = (pop_total > 0.0).then(|| gdp_total / pop_total);
        for (i, c) in inputs.iter_mut().zip(&accounts.counties) {
            match settings.share {
                ShareBasis::Population if c.population.is_none() => {
                    return Err(self.missing(c, "常住人口", "resident population"));
                }
                ShareBasis::Gdp if c.gdp_yuan.is_none() => {
                    return Err(self.missing(c, "GDP", "GDP"));
                }
                _ => {}
            }
            i.area = self.county_of(&c.code).map(|x| x.land_area_hm2);
            i.stage = self.stage(c)?;
            i.opportunity_cost_yuan = settings.opportunity_cost_yuan.get(&c.code).copied();
            if settings.ability_to_pay {
                let pc = match (c.gdp_yuan, c.population) {
                    (Some(g), Some(p)) if p > 0.0 => g / p,
                    _ => {
                        return Err(self.missing(
                            c,
                            "GDP 与常住人口（支付能力系数需要）",
                            "GDP and population (needed by the ability-to-pay factor)",
                        ));
                    }
                };
                i.ability_to_pay = region_gdp_pc.and_then(|r| ability_to_pay(pc, r));
            }
        }
        // k applies to payers only; `spillover` owns that rule.
        Ok(spillover(&inputs, settings.share, settings.clamp)?)
    }

    /// The county's development-stage coefficient: the scenario's r, or its Engel
    /// coefficients (the withdrawn logistic curve runs as the Pearl curve; `checks` warns).
    fn stage(&self, c: &CountyAccount) -> Result<Stage, ScenarioError> {
        let settings = self.settings;
        if settings.stage == StageSource::Fixed {
            return Ok(Stage::Fixed {
                r: settings.stage_r,
            });
        }
        let e = settings.engel.get(&c.code).copied().unwrap_or_default();
        let field = |v: Option<f64>, zh: &str, en: &str| {
            v.ok_or_else(|| ScenarioError::MissingInput {
                county: c.name_zh.clone(),
                code: c.code.clone(),
                what_zh: zh.into(),
                what_en: en.into(),
            })
        };
        Ok(Stage::Engel {
            urban: field(e.urban, "城镇居民恩格尔系数", "urban Engel coefficient")?,
            rural: field(e.rural, "农村居民恩格尔系数", "rural Engel coefficient")?,
            urbanisation: field(e.urbanisation, "城镇化率", "urbanisation rate")?,
        })
    }

    /// Factor scores and limits per county, then the allocation.
    fn fund(&self) -> Result<FundAllocation, ScenarioError> {
        let settings = self.settings;
        // A weighted column with no score at all would only surface as "weights total 0":
        // say which columns to fill instead.
        let empty = empty_score_columns(settings);
        if !empty.is_empty() {
            return Err(ScenarioError::ScoresToEnter(empty));
        }
        let factors: Vec<FundFactor> = settings
            .factors
            .iter()
            .map(|f| FundFactor {
                id: f.id.clone(),
                weight: f.weight,
            })
            .collect();
        let mut counties = Vec::with_capacity(self.accounts.counties.len());
        for c in &self.accounts.counties {
            let mut scores = Vec::with_capacity(factors.len());
            for f in &settings.factors {
                scores.push(factor_value(
                    f,
                    c,
                    self.county_of(&c.code),
                    settings,
                    self.registry,
                    self.accounts.year,
                )?);
            }
            let lim = settings.limits.get(&c.code).copied().unwrap_or_default();
            counties.push(FundCounty {
                code: c.code.clone(),
                scores,
                floor: lim.floor_yuan,
                cap: lim.cap_yuan,
                deduction: lim.deduction,
            });
        }
        let weighted_value = |i: usize| counties.iter().any(|c| c.scores[i] > 0.0);
        if !(0..factors.len()).any(|i| factors[i].weight > 0.0 && weighted_value(i)) {
            return Err(ScenarioError::NoFactorValues);
        }
        Ok(allocate_fund(settings.fund_yuan, &factors, &counties)?)
    }

    /// Constant-price growth since the latest earlier period, then the rewards.
    fn growth_reward(&self) -> Result<Detail, ScenarioError> {
        let (accounts, settings) = (self.accounts, self.settings);
        let year = accounts.year;
        let from = self
            .project
            .previous_year(year)
            .ok_or(ScenarioError::NoEarlierPeriod { year })?;
        let g = crate::engine::growth::growth(
            self.project,
            self.registry,
            from,
            year,
            Some(accounts.framework.clone()),
            None,
        )?;
        let mut inputs = growth_reward_inputs(&g);
        for (i, c) in inputs.iter_mut().zip(&accounts.counties) {
            i.regulating_yuan = Some(c.totals.regulating);
        }
        let beta_fund = settings.beta.map(|b| (b, settings.fund_yuan));
        Ok(Detail::GrowthReward {
            from_year: from,
            reward: growth_rewards(&inputs, settings.alpha, beta_fund)?,
        })
    }

    /// The water-quality index from the pollutants, gravity shares of the downstream counties.
    fn horizontal(&self) -> Result<Horizontal, ScenarioError> {
        let h = &self.settings.horizontal;
        let upstream = self
            .accounts
            .counties
            .iter()
            .position(|c| !h.upstream.is_empty() && c.code == h.upstream)
            .ok_or(ScenarioError::NoUpstream)?;
        let mut pollutants = Vec::with_capacity(h.pollutants.len());
        for p in &h.pollutants {
            if !(p.baseline > 0.0 && p.concentration >= 0.0 && p.concentration.is_finite()) {
                return Err(ScenarioError::Pollutant(p.name.clone()));
            }
            pollutants.push(Pollutant {
                id: p.name.clone(),
                concentration: p.concentration,
                baseline: p.baseline,
            });
        }
        let index = water_quality_index(h.k0, &pollutants)?;
        let targets = self.gravity_targets()?;
        if !(h.amount_yuan >= 0.0 && h.amount_yuan.is_finite()) {
            return Err(CompensationError::InvalidValue {
                what: "amount".into(),
                value: h.amount_yuan,
            }
            .into());
        }
        // The source mass cancels out of the shares.
        let gravity = gravity_shares(1.0, &targets)?;
        Ok(Horizontal {
            upstream,
            index,
            gravity,
            mass: h.mass,
            amount_yuan: h.amount_yuan,
        })
    }

    /// The downstream counties (those with a distance to the upstream one) and their masses.
    fn gravity_targets(&self) -> Result<Vec<GravityTarget>, ScenarioError> {
        let h = &self.settings.horizontal;
        let mut targets = Vec::new();
        for c in &self.accounts.counties {
            let Some(d) = h.distances_km.get(&c.code).copied() else {
                continue;
            };
            if c.code == h.upstream {
                continue;
            }
            if !(d > 0.0 && d.is_finite()) {
                return Err(ScenarioError::Distance {
                    county: c.name_zh.clone(),
                    code: c.code.clone(),
                    value: d,
                });
            }
            let mass = match h.mass {
                ShareBasis::Population => c
                    .population
                    .ok_or_else(|| self.missing(c, "常住人口", "resident population"))?,
                ShareBasis::Gdp => c.gdp_yuan.ok_or_else(|| self.missing(c, "GDP", "GDP"))?,
                ShareBasis::Area => self.county_of(&c.code).map_or(0.0, |x| x.land_area_hm2),
            };
            targets.push(GravityTarget {
                code: c.code.clone(),
                mass,
                distance: d,
            });
        }
        if targets.is_empty() {
            return Err(ScenarioError::NoDownstream);
        }
        Ok(targets)
    }
}

/// Each county's amount (元, + receives) in the accounts' order; `None` outside the scheme.
fn amounts(detail: &Detail, accounts: &Accounts) -> Vec<Option<f64>> {
    match detail {
        Detail::Horizontal(h) => {
            // Downstream pays upstream when P ≤ 1; the other way round otherwise.
            let sign = match h.index.direction {
                Direction::DownstreamPaysUpstream => 1.0,
                Direction::UpstreamPaysDownstream => -1.0,
            };
            accounts
                .counties
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    if i == h.upstream {
                        Some(sign * h.amount_yuan)
                    } else {
                        h.gravity
                            .rows
                            .iter()
                            .find(|g| g.target.code == c.code)
                            .map(|g| -sign * h.amount_yuan * g.share)
                    }
                })
                .collect()
        }
        Detail::Priority(_) => vec![None; accounts.counties.len()],
        Detail::Spillover(s) => s.rows.iter().map(|r| Some(r.compensation_yuan)).collect(),
        Detail::Fund(f) => f.rows.iter().map(|r| Some(r.amount_yuan)).collect(),
        Detail::OpportunityCost(o) => o.rows.iter().map(|r| r.total_yuan).collect(),
        Detail::StandardRange(s) => s
            .rows
            .iter()
            .map(|r| r.range.and_then(|x| x.standard_yuan))
            .collect(),
        Detail::GrowthReward { reward, .. } => {
            reward.rows.iter().map(|r| Some(r.reward_yuan)).collect()
        }
    }
}

/// 1 = largest; ties keep input order; `None` stays unranked.
fn rank_desc(values: &[Option<f64>]) -> Vec<Option<usize>> {
    let mut order: Vec<usize> = (0..values.len()).filter(|i| values[*i].is_some()).collect();
    order.sort_by(|a, b| {
        let (x, y) = (values[*a].unwrap_or(0.0), values[*b].unwrap_or(0.0));
        y.total_cmp(&x)
    });
    let mut rank = vec![None; values.len()];
    for (r, i) in order.into_iter().enumerate() {
        rank[i] = Some(r + 1);
    }
    rank
}

/// A county's score on one allocation factor.
fn factor_value(
    f: &WeightedFactor,
    c: &CountyAccount,
    county: Option<&County>,
    settings: &CompensationSettings,
    registry: &Registry,
    year: i32,
) -> Result<f64, ScenarioError> {
    let missing = |zh: String, en: String| ScenarioError::MissingValue {
        county: c.name_zh.clone(),
        code: c.code.clone(),
        year,
        what_zh: zh,
        what_en: en,
    };
    if let Some(name) = f.id.strip_prefix("user:") {
        let col = settings
            .user_columns
            .iter()
            .find(|u| u.name == name)
            .ok_or_else(|| ScenarioError::UnknownFactor(f.id.clone()))?;
        return Ok(col.values.get(&c.code).copied().unwrap_or(0.0));
    }
    if let Some(id) = f.id.strip_prefix("indicator:") {
        if registry.indicator(id).is_none() && !c.indicators.iter().any(|i| &*i.id == id) {
            return Err(ScenarioError::UnknownFactor(f.id.clone()));
        }
        return Ok(c
            .indicators
            .iter()
            .find(|i| &*i.id == id)
            .map_or(0.0, |i| i.value));
    }
    let esv = |pick: fn(&crate::engine::EsvAccount) -> f64| c.esv.as_ref().map_or(0.0, pick);
    Ok(match f.id.as_str() {
        "non_market" => c.totals.non_market,
        "regulating" => c.totals.regulating,
        "gep" => c.totals.gep,
        "material" => c.totals.material,
        "cultural" => c.totals.cultural,
        "esv_non_market" => esv(|e| e.non_market),
        "esv_total" => esv(|e| e.total),
        "land_area" => county.map_or(0.0, |x| x.land_area_hm2),
        "population" => c
            .population
            .ok_or_else(|| missing("常住人口".into(), "resident population".into()))?,
        "gdp" => c
            .gdp_yuan
            .ok_or_else(|| missing("GDP".into(), "GDP".into()))?,
        _ => return Err(ScenarioError::UnknownFactor(f.id.clone())),
    })
}

/// Display name of an allocation factor id.
pub fn factor_label(id: &str, registry: &Registry, lang: Lang) -> String {
    if let Some(name) = id.strip_prefix("user:") {
        return name.to_string();
    }
    if let Some(ind) = id.strip_prefix("indicator:") {
        return registry
            .indicator(ind)
            .map_or_else(|| ind.to_string(), |s| s.name.get(lang).to_string());
    }
    let name = match id {
        "non_market" => t(lang, "cmp_factor_non_market"),
        "regulating" => t(lang, "cmp_factor_regulating"),
        "gep" => t(lang, "cmp_factor_gep"),
        "material" => t(lang, "cmp_factor_material"),
        "cultural" => t(lang, "cmp_factor_cultural"),
        "esv_non_market" => t(lang, "cmp_factor_esv_non_market"),
        "esv_total" => t(lang, "cmp_factor_esv_total"),
        "land_area" => t(lang, "cmp_factor_land_area"),
        "population" => t(lang, "cmp_factor_population"),
        "gdp" => t(lang, "cmp_factor_gdp"),
        _ => id,
    };
    name.to_string()
}

impl Outcome {
    /// Σ of positive amounts (元).
    pub fn total_received(&self) -> f64 {
        self.rows
            .iter()
            .filter_map(|r| r.amount_yuan)
            .filter(|a| *a > 0.0)
            .sum()
    }

    /// Σ of |negative amounts| (元).
    pub fn total_paid(&self) -> f64 {
        -self
            .rows
            .iter()
            .filter_map(|r| r.amount_yuan)
            .filter(|a| *a < 0.0)
            .sum::<f64>()
    }
}

#[cfg(test)]
mod tests;
