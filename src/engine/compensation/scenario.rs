//! A compensation scenario run end to end: project settings + accounts → who receives, who
//! pays, how much, and why.
//!
//! Owns the one path from `model::CompensationSettings` to an `Outcome` that the 补偿 page,
//! the CLI `compensate`, the report chapter and the XLSX sheet all show, so the four never
//! disagree. It resolves allocation factors (account quantities, indicator values, user
//! columns) per county, checks that every input a method needs is there (naming the county and
//! the missing value), calls the method functions of the parent module, and words the result
//! as one plain-language sentence per county in Chinese or English. Pure: no UI, no I/O.
//!
//! **Sign convention**: `amount_yuan > 0` means the county receives; `< 0` that it pays.

use serde::Serialize;

use super::{
    Bound, CompensationError, Direction, FundAllocation, FundCounty, FundFactor, Gravity,
    GravityTarget, GrowthReward, Pollutant, Priority, PriorityClass, Spillover, Stage,
    WaterQualityIndex, ability_to_pay, allocate_fund, gravity_shares, growth_reward_inputs,
    growth_rewards, priority, priority_inputs, spillover, spillover_inputs, water_quality_index,
};
use crate::engine::{Accounts, ComputeError, CountyAccount};
use crate::format::{money_value, num};
use crate::i18n::Lang;
use crate::model::compensation::{
    Classing, CompensationSettings, Method, ShareBasis, ValueBasis, WeightedFactor,
};
use crate::model::{County, Project};
use crate::registry::Registry;
use crate::units::MoneyUnit;

/// Account quantities a fund can be allocated by: (id, 中文, English, is money in 元).
pub const FACTOR_IDS: [(&str, &str, &str, bool); 10] = [
    ("non_market", "非市场价值", "non-market value", true),
    (
        "regulating",
        "调节服务价值",
        "regulating services value",
        true,
    ),
    ("gep", "GEP", "GEP", true),
    ("material", "物质产品价值", "material products value", true),
    ("cultural", "文化服务价值", "cultural services value", true),
    (
        "esv_non_market",
        "ESV 非市场价值",
        "ESV non-market value",
        true,
    ),
    ("esv_total", "ESV 总值", "ESV total", true),
    ("land_area", "土地面积", "land area", false),
    ("population", "常住人口", "resident population", false),
    ("gdp", "GDP", "GDP", true),
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
    #[error("未知的分配因子「{0}」/ unknown allocation factor “{0}”")]
    UnknownFactor(String),
    #[error(
        "{year} 年之前没有核算期，无法计算 GEP 增长奖励 / no period before {year} to compute the GEP-growth reward from"
    )]
    NoEarlierPeriod { year: i32 },
    #[error("项目中没有县区 / the project has no counties")]
    NoCounties,
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
    let year = accounts.year;
    let by_code: rustc_hash::FxHashMap<&str, &County> = project
        .counties
        .iter()
        .map(|c| (c.code.as_str(), c))
        .collect();
    let county_of = |code: &str| by_code.get(code).copied();
    let missing = |c: &CountyAccount, zh: &str, en: &str| ScenarioError::MissingValue {
        county: c.name_zh.clone(),
        code: c.code.clone(),
        year,
        what_zh: zh.into(),
        what_en: en.into(),
    };
    let prio = priority(
        &priority_inputs(accounts, settings.basis),
        settings.basis,
        settings.classing,
    );
    let detail = match settings.method {
        Method::Priority => Detail::Priority(prio.clone()),
        Method::Spillover => {
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
                        return Err(missing(c, "常住人口", "resident population"));
                    }
                    ShareBasis::Gdp if c.gdp_yuan.is_none() => {
                        return Err(missing(c, "GDP", "GDP"));
                    }
                    _ => {}
                }
                i.area = county_of(&c.code).map(|x| x.land_area_hm2);
                i.stage = Stage::Fixed {
                    r: settings.stage_r,
                };
                i.opportunity_cost_yuan = settings.opportunity_cost_yuan.get(&c.code).copied();
                if settings.ability_to_pay {
                    let pc = match (c.gdp_yuan, c.population) {
                        (Some(g), Some(p)) if p > 0.0 => g / p,
                        _ => {
                            return Err(missing(
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
            Detail::Spillover(spillover(&inputs, settings.share, settings.clamp)?)
        }
        Method::Fund => {
            let factors: Vec<FundFactor> = settings
                .factors
                .iter()
                .map(|f| FundFactor {
                    id: f.id.clone(),
                    weight: f.weight,
                })
                .collect();
            let mut counties = Vec::with_capacity(accounts.counties.len());
            for c in &accounts.counties {
                let mut scores = Vec::with_capacity(factors.len());
                for f in &settings.factors {
                    scores.push(factor_value(
                        f,
                        c,
                        county_of(&c.code),
                        settings,
                        registry,
                        year,
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
            Detail::Fund(allocate_fund(settings.fund_yuan, &factors, &counties)?)
        }
        Method::GrowthReward => {
            let from = project
                .periods
                .iter()
                .map(|p| p.year)
                .filter(|y| *y < year)
                .max()
                .ok_or(ScenarioError::NoEarlierPeriod { year })?;
            let g = crate::engine::growth::growth(
                project,
                registry,
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
            Detail::GrowthReward {
                from_year: from,
                reward: growth_rewards(&inputs, settings.alpha, beta_fund)?,
            }
        }
        Method::Horizontal => {
            let h = &settings.horizontal;
            let upstream = accounts
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
            let mut targets = Vec::new();
            for c in &accounts.counties {
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
                        .ok_or_else(|| missing(c, "常住人口", "resident population"))?,
                    ShareBasis::Gdp => c.gdp_yuan.ok_or_else(|| missing(c, "GDP", "GDP"))?,
                    ShareBasis::Area => county_of(&c.code).map_or(0.0, |x| x.land_area_hm2),
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
            if !(h.amount_yuan >= 0.0 && h.amount_yuan.is_finite()) {
                return Err(CompensationError::InvalidValue {
                    what: "amount".into(),
                    value: h.amount_yuan,
                }
                .into());
            }
            // The source mass cancels out of the shares.
            let gravity = gravity_shares(1.0, &targets)?;
            Detail::Horizontal(Horizontal {
                upstream,
                index,
                gravity,
                mass: h.mass,
                amount_yuan: h.amount_yuan,
            })
        }
    };
    let amounts: Vec<Option<f64>> = match &detail {
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
        Detail::GrowthReward { reward, .. } => {
            reward.rows.iter().map(|r| Some(r.reward_yuan)).collect()
        }
    };
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
        .collect();
    Ok(Outcome {
        year,
        framework: accounts.framework.clone(),
        price_year: accounts.price_year,
        settings: settings.clone(),
        rows,
        priority: prio,
        detail,
    })
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
    FACTOR_IDS.iter().find(|(k, ..)| *k == id).map_or_else(
        || id.to_string(),
        |(_, zh, en, _)| if lang == Lang::Zh { zh } else { en }.to_string(),
    )
}

fn wan(yuan: f64) -> String {
    money_value(yuan, MoneyUnit::WanYuan)
}

fn pct(x: f64) -> String {
    format!("{}%", num(x * 100.0, 2))
}

/// "（x）" after Chinese text, " (x)" after English.
fn paren(zh: bool, x: &str) -> String {
    if zh {
        format!("（{x}）")
    } else {
        format!(" ({x})")
    }
}

fn zh_en(lang: Lang, zh: String, en: String) -> String {
    if lang == Lang::Zh { zh } else { en }
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

    /// The method's name.
    pub fn method_name(method: Method, lang: Lang) -> &'static str {
        match (method, lang) {
            (Method::Fund, Lang::Zh) => "补偿资金因素法分配",
            (Method::Fund, Lang::En) => "fund allocation by weighted factors",
            (Method::Spillover, Lang::Zh) => "生态服务价值外溢（盈余/赤字）",
            (Method::Spillover, Lang::En) => "value spillover (surplus / deficit)",
            (Method::Priority, Lang::Zh) => "生态补偿优先级（ECPS）",
            (Method::Priority, Lang::En) => "compensation priority (ECPS)",
            (Method::GrowthReward, Lang::Zh) => "GEP 增长奖励",
            (Method::GrowthReward, Lang::En) => "GEP-growth reward",
            (Method::Horizontal, Lang::Zh) => "上下游横向补偿（水质对赌）",
            (Method::Horizontal, Lang::En) => "upstream–downstream (water-quality bet)",
        }
    }

    /// The method's formulas, as printed on the page and in reports.
    pub fn formula(method: Method, lang: Lang) -> &'static str {
        match (method, lang) {
            (Method::Fund, Lang::Zh) => {
                "Fund_i = F × Σ_f w_f × s_if / Σ_j s_jf；有扣减的县得 (1 − d_i) × 公式金额，其余县在下限与上限之间按公式金额比例分配余额，合计等于 F"
            }
            (Method::Fund, Lang::En) => {
                "Fund_i = F × Σ_f w_f × s_if / Σ_j s_jf; a county with deduction d_i gets (1 − d_i) × its formula amount, the others share the rest in proportion to their formula amounts within their floors and caps, so the total equals F"
            }
            (Method::Spillover, Lang::Zh) => {
                "Spill_i = V_nm,i − V_nm,total × w_i；Comp_i = Spill_i × r × k_i（k_i 仅用于支付县）；可选将获得的补偿限制在 [机会成本, V_nm,i]"
            }
            (Method::Spillover, Lang::En) => {
                "Spill_i = V_nm,i − V_nm,total × w_i; Comp_i = Spill_i × r × k_i (k_i for paying counties only); optionally a received amount is clamped to [opportunity cost, V_nm,i]"
            }
            (Method::Priority, Lang::Zh) => {
                "ECPS_i = V_nm,i / GDP_i；按自然断点或三分位分为优先、次级、潜在补偿区"
            }
            (Method::Priority, Lang::En) => {
                "ECPS_i = V_nm,i / GDP_i; natural breaks or terciles into priority, secondary and potential compensation zones"
            }
            (Method::GrowthReward, Lang::Zh) => {
                "Reward_i = α × max(0, GEP_i,t − GEP_i,t−1)（可比价）+ β × Fund × GEP_reg,i / Σ GEP_reg"
            }
            (Method::GrowthReward, Lang::En) => {
                "Reward_i = α × max(0, GEP_i,t − GEP_i,t−1) (constant prices) + β × Fund × GEP_reg,i / Σ GEP_reg"
            }
            (Method::Horizontal, Lang::Zh) => {
                "P = K₀ × (1/n) Σ_i C_i / C_i0；P ≤ 1 时下游向上游支付 A，P > 1 时上游向下游支付 A；下游县 j 的份额 = (M_j / d_j²) / Σ_k (M_k / d_k²)"
            }
            (Method::Horizontal, Lang::En) => {
                "P = K₀ × (1/n) Σ_i C_i / C_i0; P ≤ 1: downstream pays upstream A, P > 1: upstream pays downstream A; downstream county j's share = (M_j / d_j²) / Σ_k (M_k / d_k²)"
            }
        }
    }

    /// Where the method comes from and how far it is verified (METHODS.md §4).
    pub fn source(method: Method, lang: Lang) -> &'static str {
        match (method, lang) {
            (Method::Fund, Lang::Zh) => {
                "江西省全境流域生态补偿（2016 起）的因素法：水环境质量 70%、森林生态质量 20%、水资源管理 10%，重大污染事件扣减 30–50%；公式形式为推导 [D]"
            }
            (Method::Fund, Lang::En) => {
                "Jiangxi basin-wide compensation (since 2016), factor method: water quality 70 %, forest quality 20 %, water management 10 %, 30–50 % deduction after a major pollution incident; formula shape derived [D]"
            }
            (Method::Spillover, Lang::Zh) => {
                "人口份额基准的盈余/赤字结构见 NiuHP-2017；与发展阶段系数的组合为本程序的设计 [D]"
            }
            (Method::Spillover, Lang::En) => {
                "Population-share surplus/deficit structure from NiuHP-2017; the combination with the development-stage coefficient is this program's design [D]"
            }
            (Method::Priority, Lang::Zh) => {
                "ZhaoQ-2017（按面积形式）与 Xinjiang-2021（总量形式），两者代数等价"
            }
            (Method::Priority, Lang::En) => {
                "ZhaoQ-2017 (per-area form) and Xinjiang-2021 (total form), algebraically equal"
            }
            (Method::GrowthReward, Lang::Zh) => "设计方案，非官方公式 [D]",
            (Method::GrowthReward, Lang::En) => "a design proposal, not an official formula [D]",
            (Method::Horizontal, Lang::Zh) => {
                "新安江流域跨省补偿试点（2012 起）以交界断面水质指数 P 决定支付方向 [V]；P 的形式与 K₀ 未核验 [U]；下游分摊的引力模型见余红红等 2023 [U]"
            }
            (Method::Horizontal, Lang::En) => {
                "Xin'an River cross-province pilot (since 2012): the boundary-section index P decides who pays [V]; the form of P and K₀ are unverified [U]; gravity split of the downstream part after Yu et al. 2023 [U]"
            }
        }
    }

    /// The sign convention, stated wherever amounts are shown.
    pub fn sign_convention(lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => {
                "符号约定：正值 = 该县获得补偿（生态服务净供给方）；负值 = 该县支付补偿（净受益方）。"
            }
            Lang::En => {
                "Sign convention: positive = the county receives compensation (net supplier of ecosystem services); negative = it pays (net beneficiary)."
            }
        }
    }

    /// The parameters of the run as (label, value) pairs.
    pub fn parameters(&self, registry: &Registry, lang: Lang) -> Vec<(String, String)> {
        let s = &self.settings;
        let zh = lang == Lang::Zh;
        let t = |a: &str, b: &str| if zh { a.to_string() } else { b.to_string() };
        let mut out = vec![
            (
                t("方法", "Method"),
                Self::method_name(s.method, lang).into(),
            ),
            (
                t("年份 / 价格年", "Year / price year"),
                format!("{} / {}", self.year, self.price_year),
            ),
            (
                t("核算框架", "Framework"),
                registry.framework_label(&self.framework, lang),
            ),
        ];
        let basis = match s.basis {
            ValueBasis::Gep => t(
                "GEP 核算的非市场价值",
                "non-market value of the GEP accounts",
            ),
            ValueBasis::Esv => t(
                "当量因子法 ESV 的非市场价值",
                "non-market value of the equivalent-factor ESV",
            ),
        };
        match s.method {
            Method::Priority => {
                out.push((t("价值基础", "Value basis"), basis));
                out.push((
                    t("分级方法", "Classing"),
                    match s.classing {
                        Classing::NaturalBreaks => t("自然断点法", "natural breaks (Jenks)"),
                        Classing::Quantiles => t("三分位数", "terciles"),
                    },
                ));
                if !self.priority.breaks.is_empty() {
                    let b: Vec<String> = self.priority.breaks.iter().map(|x| num(*x, 4)).collect();
                    out.push((t("分级断点", "Class breaks"), b.join(", ")));
                }
            }
            Method::Spillover => {
                out.push((t("价值基础", "Value basis"), basis));
                out.push((
                    t("公平份额依据", "Fair share by"),
                    match s.share {
                        ShareBasis::Population => t("常住人口", "resident population"),
                        ShareBasis::Gdp => t("GDP", "GDP"),
                        ShareBasis::Area => t("土地面积", "land area"),
                    },
                ));
                out.push((
                    t("发展阶段系数 r", "Development-stage coefficient r"),
                    num(s.stage_r, 3),
                ));
                out.push((
                    t("支付能力系数 k", "Ability-to-pay factor k"),
                    if s.ability_to_pay {
                        t(
                            "人均 GDP ÷ 区域人均 GDP（仅支付县）[U]",
                            "GDP per capita ÷ region's (paying counties only) [U]",
                        )
                    } else {
                        t("不使用（k = 1）", "not used (k = 1)")
                    },
                ));
                out.push((
                    t(
                        "限制在 [机会成本, 非市场价值]",
                        "Clamp to [opportunity cost, non-market value]",
                    ),
                    if s.clamp {
                        t("是", "yes")
                    } else {
                        t("否", "no")
                    },
                ));
            }
            Method::Fund => {
                out.push((
                    t("资金总额", "Fund"),
                    format!(
                        "{} {}",
                        wan(s.fund_yuan),
                        MoneyUnit::WanYuan.unit().symbol(lang)
                    ),
                ));
                let w: f64 = s.factors.iter().map(|f| f.weight).sum();
                for f in &s.factors {
                    out.push((
                        format!(
                            "{} {}",
                            t("因子", "Factor"),
                            factor_label(&f.id, registry, lang)
                        ),
                        format!(
                            "{} {}{}",
                            t("权重", "weight"),
                            num(f.weight, 3),
                            if w > 0.0 {
                                paren(zh, &pct(f.weight / w))
                            } else {
                                String::new()
                            }
                        ),
                    ));
                }
                let limited = s
                    .limits
                    .values()
                    .filter(|l| l.floor_yuan.is_some() || l.cap_yuan.is_some() || l.deduction > 0.0)
                    .count();
                out.push((
                    t(
                        "设有下限/上限/扣减的县",
                        "Counties with floor/cap/deduction",
                    ),
                    limited.to_string(),
                ));
            }
            Method::Horizontal => {
                let h = &s.horizontal;
                if let Detail::Horizontal(d) = &self.detail {
                    out.push((
                        t("上游县", "Upstream county"),
                        self.rows[d.upstream].name(lang).to_string(),
                    ));
                    out.push(("K₀ [U]".to_string(), num(d.index.k0, 3)));
                    for (p, r) in d.index.pollutants.iter().zip(&d.index.ratios) {
                        out.push((
                            format!("{} C / C₀", p.id),
                            format!(
                                "{} / {} = {}",
                                num(p.concentration, 4),
                                num(p.baseline, 4),
                                num(*r, 4)
                            ),
                        ));
                    }
                    out.push((
                        t("水质指数 P", "Water-quality index P"),
                        format!(
                            "{}{}",
                            num(d.index.p, 4),
                            paren(
                                zh,
                                match (d.index.direction, zh) {
                                    (Direction::DownstreamPaysUpstream, true) =>
                                        "≤ 1：下游向上游支付",
                                    (Direction::DownstreamPaysUpstream, false) =>
                                        "≤ 1: downstream pays upstream",
                                    (Direction::UpstreamPaysDownstream, true) =>
                                        "> 1：上游向下游支付",
                                    (Direction::UpstreamPaysDownstream, false) =>
                                        "> 1: upstream pays downstream",
                                }
                            )
                        ),
                    ));
                }
                out.push((
                    t("补偿金额 A", "Amount A"),
                    format!(
                        "{} {}",
                        wan(h.amount_yuan),
                        MoneyUnit::WanYuan.unit().symbol(lang)
                    ),
                ));
                out.push((
                    t("引力模型质量 M", "Gravity mass M"),
                    match h.mass {
                        ShareBasis::Population => t("常住人口", "resident population"),
                        ShareBasis::Gdp => t("GDP", "GDP"),
                        ShareBasis::Area => t("土地面积", "land area"),
                    },
                ));
            }
            Method::GrowthReward => {
                if let Detail::GrowthReward { from_year, .. } = &self.detail {
                    out.push((
                        t("比较期", "Compared with"),
                        format!("{from_year} → {}", self.year),
                    ));
                }
                out.push((
                    t(
                        "α（每元可比价 GEP 增长的奖励）",
                        "α (reward per 元 of constant-price GEP growth)",
                    ),
                    num(s.alpha, 4),
                ));
                match s.beta {
                    Some(b) => {
                        out.push((
                            t(
                                "β（按调节服务价值分配的资金比例）",
                                "β (share of the fund by regulating GEP)",
                            ),
                            num(b, 3),
                        ));
                        out.push((
                            t("资金总额", "Fund"),
                            format!(
                                "{} {}",
                                wan(s.fund_yuan),
                                MoneyUnit::WanYuan.unit().symbol(lang)
                            ),
                        ));
                    }
                    None => out.push((t("β", "β"), t("不使用", "not used"))),
                }
            }
        }
        out
    }

    /// One plain-language sentence for row `i`: what the county receives or pays and why.
    pub fn sentence(&self, i: usize, registry: &Registry, lang: Lang) -> String {
        let Some(row) = self.rows.get(i) else {
            return String::new();
        };
        let name = row.name(lang);
        let unit = MoneyUnit::WanYuan.unit().symbol(lang);
        match &self.detail {
            Detail::Priority(p) => {
                let r = &p.rows[i];
                let n = p.rows.iter().filter(|x| x.rank.is_some()).count();
                match (r.ecps, r.rank, r.class, r.input.gdp_yuan) {
                    (Some(e), Some(rank), Some(class), Some(gdp)) => zh_en(
                        lang,
                        format!(
                            "{name}的生态补偿优先级指数 ECPS = {}（非市场价值 {} 万元 ÷ GDP {} 万元），在 {n} 个县中排第 {rank} 位，属{}。",
                            num(e, 4),
                            wan(r.input.non_market_yuan),
                            wan(gdp),
                            class.label_zh()
                        ),
                        format!(
                            "{name} has ECPS = {} (non-market value {} ÷ GDP {} {unit}), ranks {rank} of {n}, and is in the {}.",
                            num(e, 4),
                            wan(r.input.non_market_yuan),
                            wan(gdp),
                            class.label_en()
                        ),
                    ),
                    _ => zh_en(
                        lang,
                        format!("{name}没有 {} 年的 GDP，无法计算 ECPS。", self.year),
                        format!(
                            "{name} has no GDP for {}, so its ECPS cannot be computed.",
                            self.year
                        ),
                    ),
                }
            }
            Detail::Spillover(s) => {
                let r = &s.rows[i];
                let fair = s.non_market_total_yuan * r.share;
                let by = match s.share_basis {
                    ShareBasis::Population => ("人口", "population"),
                    ShareBasis::Gdp => ("GDP", "GDP"),
                    ShareBasis::Area => ("面积", "area"),
                };
                let factors_zh = format!(
                    "× 发展阶段系数 r {}{}",
                    num(r.r, 3),
                    if r.k != 1.0 {
                        format!(" × 支付能力系数 k {}", num(r.k, 3))
                    } else {
                        String::new()
                    }
                );
                let factors_en = format!(
                    "× development-stage coefficient r {}{}",
                    num(r.r, 3),
                    if r.k != 1.0 {
                        format!(" × ability-to-pay factor k {}", num(r.k, 3))
                    } else {
                        String::new()
                    }
                );
                let clamp = |zh: bool| match r.clamped {
                    Some(Bound::Lower) => {
                        if zh {
                            "，并提高到机会成本下限"
                        } else {
                            ", raised to the opportunity-cost floor"
                        }
                    }
                    Some(Bound::Upper) => {
                        if zh {
                            "，并限制在其非市场价值以内"
                        } else {
                            ", capped at its non-market value"
                        }
                    }
                    None => "",
                };
                let amt = r.compensation_yuan;
                if amt > 0.0 {
                    zh_en(
                        lang,
                        format!(
                            "{name}应获得补偿 {} 万元，依据：其非市场价值 {} 万元高于按{}份额 {} 应享有的 {} 万元，溢出 {} 万元 {factors_zh}{}。",
                            wan(amt),
                            wan(r.input.non_market_yuan),
                            by.0,
                            pct(r.share),
                            wan(fair),
                            wan(r.spillover_yuan),
                            clamp(true)
                        ),
                        format!(
                            "{name} should receive {} {unit}: its non-market value of {} {unit} exceeds its fair share by {} ({}) of {} {unit}; spillover {} {unit} {factors_en}{}.",
                            wan(amt),
                            wan(r.input.non_market_yuan),
                            by.1,
                            pct(r.share),
                            wan(fair),
                            wan(r.spillover_yuan),
                            clamp(false)
                        ),
                    )
                } else if amt < 0.0 {
                    zh_en(
                        lang,
                        format!(
                            "{name}应支付补偿 {} 万元，依据：其非市场价值 {} 万元低于按{}份额 {} 应享有的 {} 万元，赤字 {} 万元 {factors_zh}。",
                            wan(-amt),
                            wan(r.input.non_market_yuan),
                            by.0,
                            pct(r.share),
                            wan(fair),
                            wan(-r.spillover_yuan)
                        ),
                        format!(
                            "{name} should pay {} {unit}: its non-market value of {} {unit} falls short of its fair share by {} ({}) of {} {unit}; deficit {} {unit} {factors_en}.",
                            wan(-amt),
                            wan(r.input.non_market_yuan),
                            by.1,
                            pct(r.share),
                            wan(fair),
                            wan(-r.spillover_yuan)
                        ),
                    )
                } else {
                    zh_en(
                        lang,
                        format!(
                            "{name}的非市场价值等于其按{}份额应享有的部分，无需补偿。",
                            by.0
                        ),
                        format!(
                            "{name}'s non-market value equals its fair share by {}; no compensation.",
                            by.1
                        ),
                    )
                }
            }
            Detail::Fund(f) => {
                let r = &f.rows[i];
                let parts: Vec<(String, String)> = f
                    .factors
                    .iter()
                    .enumerate()
                    .filter(|(k, _)| f.weights_used[*k] > 0.0)
                    .map(|(k, x)| {
                        let label = factor_label(&x.id, registry, lang);
                        let own = r.county.scores[k] / f.factor_totals[k];
                        (
                            format!("{label} {}", pct(f.weights_used[k])),
                            zh_en(
                                lang,
                                format!("{label}的 {}", pct(own)),
                                format!("{} of the {label}", pct(own)),
                            ),
                        )
                    })
                    .collect();
                let weights = parts
                    .iter()
                    .map(|p| p.0.clone())
                    .collect::<Vec<_>>()
                    .join(if lang == Lang::Zh { "、" } else { ", " });
                let owns = parts
                    .iter()
                    .map(|p| p.1.clone())
                    .collect::<Vec<_>>()
                    .join(if lang == Lang::Zh { "、" } else { ", " });
                let mut extra = Vec::new();
                if r.county.deduction > 0.0 {
                    extra.push(zh_en(
                        lang,
                        format!(
                            "因扣减 {} 得公式金额的 {}",
                            pct(r.county.deduction),
                            pct(1.0 - r.county.deduction)
                        ),
                        format!(
                            "{} deducted, so it gets {} of its formula amount",
                            pct(r.county.deduction),
                            pct(1.0 - r.county.deduction)
                        ),
                    ));
                }
                match r.bound {
                    Some(Bound::Lower) => extra.push(zh_en(
                        lang,
                        format!("按下限 {} 万元", wan(r.county.floor.unwrap_or(0.0))),
                        format!(
                            "held at its floor of {} {unit}",
                            wan(r.county.floor.unwrap_or(0.0))
                        ),
                    )),
                    Some(Bound::Upper) => extra.push(zh_en(
                        lang,
                        format!("按上限 {} 万元", wan(r.county.cap.unwrap_or(0.0))),
                        format!(
                            "held at its cap of {} {unit}",
                            wan(r.county.cap.unwrap_or(0.0))
                        ),
                    )),
                    None => {}
                }
                let extra_zh = if extra.is_empty() {
                    String::new()
                } else {
                    format!("；{}", extra.join("；"))
                };
                let extra_en = if extra.is_empty() {
                    String::new()
                } else {
                    format!("; {}", extra.join("; "))
                };
                zh_en(
                    lang,
                    format!(
                        "{name}应获得补偿 {} 万元，依据：{} 万元资金按{weights}分配，该县占{owns}，公式份额 {}（{} 万元）{extra_zh}。",
                        wan(r.amount_yuan),
                        wan(f.fund_yuan),
                        pct(r.formula_share),
                        wan(r.formula_yuan)
                    ),
                    format!(
                        "{name} should receive {} {unit}: the fund of {} {unit} is shared by {weights}; the county has {owns}, a formula share of {} ({} {unit}){extra_en}.",
                        wan(r.amount_yuan),
                        wan(f.fund_yuan),
                        pct(r.formula_share),
                        wan(r.formula_yuan)
                    ),
                )
            }
            Detail::Horizontal(h) => {
                let up = self.rows[h.upstream].name(lang).to_string();
                let p = num(h.index.p, 4);
                let a = wan(h.amount_yuan);
                let receives_up = h.index.direction == Direction::DownstreamPaysUpstream;
                if i == h.upstream {
                    let (zh, en) = if receives_up {
                        (
                            format!(
                                "{name}（上游）应获得补偿 {a} 万元，依据：交界断面水质指数 P = {p} ≤ 1（K₀ = {}），由下游县按引力模型分摊支付。",
                                num(h.index.k0, 3)
                            ),
                            format!(
                                "{name} (upstream) should receive {a} {unit}: the boundary-section index P = {p} ≤ 1 (K₀ = {}), paid by the downstream counties in gravity shares.",
                                num(h.index.k0, 3)
                            ),
                        )
                    } else {
                        (
                            format!(
                                "{name}（上游）应支付补偿 {a} 万元，依据：交界断面水质指数 P = {p} > 1（K₀ = {}），由下游县按引力模型分摊获得。",
                                num(h.index.k0, 3)
                            ),
                            format!(
                                "{name} (upstream) should pay {a} {unit}: the boundary-section index P = {p} > 1 (K₀ = {}), received by the downstream counties in gravity shares.",
                                num(h.index.k0, 3)
                            ),
                        )
                    };
                    return zh_en(lang, zh, en);
                }
                let Some(g) = h.gravity.rows.iter().find(|g| g.target.code == row.code) else {
                    return zh_en(
                        lang,
                        format!("{name}不在本次上下游补偿范围内（未填写到上游县的距离）。"),
                        format!(
                            "{name} is not part of this upstream–downstream scheme (no distance to the upstream county)."
                        ),
                    );
                };
                let amt = wan(h.amount_yuan * g.share);
                let d = num(g.target.distance, 1);
                let sh = pct(g.share);
                if receives_up {
                    zh_en(
                        lang,
                        format!(
                            "{name}（下游）应支付补偿 {amt} 万元，依据：水质指数 P = {p} ≤ 1，下游向上游{up}支付 {a} 万元，按引力模型分摊（距上游 {d} 千米，份额 {sh}）。"
                        ),
                        format!(
                            "{name} (downstream) should pay {amt} {unit}: P = {p} ≤ 1, so the downstream counties pay {up} {a} {unit}, split by the gravity model (distance {d} km, share {sh})."
                        ),
                    )
                } else {
                    zh_en(
                        lang,
                        format!(
                            "{name}（下游）应获得补偿 {amt} 万元，依据：水质指数 P = {p} > 1，上游{up}向下游支付 {a} 万元，按引力模型分摊（距上游 {d} 千米，份额 {sh}）。"
                        ),
                        format!(
                            "{name} (downstream) should receive {amt} {unit}: P = {p} > 1, so {up} pays the downstream counties {a} {unit}, split by the gravity model (distance {d} km, share {sh})."
                        ),
                    )
                }
            }
            Detail::GrowthReward { from_year, reward } => {
                let r = &reward.rows[i];
                let d = r.input.gep_now_yuan - r.input.gep_prev_yuan;
                let share_zh = if r.share_part_yuan > 0.0 {
                    format!("，另按调节服务价值份额得 {} 万元", wan(r.share_part_yuan))
                } else {
                    String::new()
                };
                let share_en = if r.share_part_yuan > 0.0 {
                    format!(
                        ", plus {} {unit} as its share by regulating GEP",
                        wan(r.share_part_yuan)
                    )
                } else {
                    String::new()
                };
                if d > 0.0 {
                    zh_en(
                        lang,
                        format!(
                            "{name}应获得奖励 {} 万元，依据：{from_year}–{} 年可比价 GEP 由 {} 万元增至 {} 万元，增长 {} 万元 × α {}{share_zh}。",
                            wan(r.reward_yuan),
                            self.year,
                            wan(r.input.gep_prev_yuan),
                            wan(r.input.gep_now_yuan),
                            wan(d),
                            num(reward.alpha, 4)
                        ),
                        format!(
                            "{name} should receive a reward of {} {unit}: its constant-price GEP grew from {} to {} {unit} ({from_year}–{}), growth {} {unit} × α {}{share_en}.",
                            wan(r.reward_yuan),
                            wan(r.input.gep_prev_yuan),
                            wan(r.input.gep_now_yuan),
                            self.year,
                            wan(d),
                            num(reward.alpha, 4)
                        ),
                    )
                } else {
                    zh_en(
                        lang,
                        format!(
                            "{name}的可比价 GEP 在 {from_year}–{} 年未增长（{} 万元 → {} 万元），无增长奖励{share_zh}；合计 {} 万元。",
                            self.year,
                            wan(r.input.gep_prev_yuan),
                            wan(r.input.gep_now_yuan),
                            wan(r.reward_yuan)
                        ),
                        format!(
                            "{name}'s constant-price GEP did not grow from {from_year} to {} ({} → {} {unit}): no growth reward{share_en}; total {} {unit}.",
                            self.year,
                            wan(r.input.gep_prev_yuan),
                            wan(r.input.gep_now_yuan),
                            wan(r.reward_yuan)
                        ),
                    )
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Options, compute};
    use crate::model::compensation::CountyLimits;

    fn sample(year: i32) -> (Project, Accounts) {
        let p = crate::sample::builtin().expect("sample loads");
        let options = Options {
            year,
            framework: None,
            price_year: None,
            traces: false,
        };
        let acc = compute(&p, Registry::builtin(), &options).expect("sample computes");
        (p, acc)
    }

    fn by_population(fund: f64) -> CompensationSettings {
        CompensationSettings {
            method: Method::Fund,
            fund_yuan: fund,
            factors: vec![WeightedFactor {
                id: "population".into(),
                weight: 1.0,
            }],
            ..CompensationSettings::default()
        }
    }

    fn amount(o: &Outcome, code: &str) -> f64 {
        o.rows
            .iter()
            .find(|r| r.code == code)
            .and_then(|r| r.amount_yuan)
            .unwrap_or(f64::NAN)
    }

    #[test]
    fn fund_by_population_is_proportional_and_a_floor_binds() {
        let (p, acc) = sample(2022);
        let reg = Registry::builtin();
        // 2022 populations: 临川区 1,100,000 of 3,660,000; 资溪县 100,000.
        let o = run(&p, reg, &acc, &by_population(1.0e8)).expect("runs");
        assert!((amount(&o, "361002") - 1.0e8 * 1.1 / 3.66).abs() < 1e-4);
        assert!((amount(&o, "361028") - 1.0e8 * 0.1 / 3.66).abs() < 1e-4);
        assert_eq!(o.rows[0].rank, Some(1));
        assert!(o.total_paid() == 0.0);
        assert!((o.total_received() - 1.0e8).abs() < 1e-3);
        // A 500 万元 floor for 资溪县: it gets 5,000,000; the other 95,000,000 go by population
        // among the remaining 3,560,000 people, so 临川区 gets 95e6 × 1.1 / 3.56.
        let mut s = by_population(1.0e8);
        s.limits.insert(
            "361028".into(),
            CountyLimits {
                floor_yuan: Some(5.0e6),
                ..CountyLimits::default()
            },
        );
        let o = run(&p, reg, &acc, &s).expect("runs");
        assert!((amount(&o, "361028") - 5.0e6).abs() < 1e-3);
        assert!((amount(&o, "361002") - 95.0e6 * 1.1 / 3.56).abs() < 1e-3);
        let i = o.rows.iter().position(|r| r.code == "361028").unwrap_or(0);
        let zh = o.sentence(i, reg, Lang::Zh);
        assert!(
            zh.starts_with("资溪县应获得补偿 500.00 万元，依据："),
            "{zh}"
        );
        assert!(zh.contains("常住人口 100.00%"), "{zh}");
        assert!(zh.contains("按下限 500.00 万元"), "{zh}");
        let en = o.sentence(i, reg, Lang::En);
        assert!(
            en.starts_with("Zixi County should receive 500.00 10⁴ CNY"),
            "{en}"
        );
    }

    #[test]
    fn ability_to_pay_scales_only_what_payers_pay() {
        let (p, acc) = sample(2022);
        let reg = Registry::builtin();
        let mut s = CompensationSettings {
            method: Method::Spillover,
            stage_r: 0.5,
            ..CompensationSettings::default()
        };
        let plain = run(&p, reg, &acc, &s).expect("runs");
        s.ability_to_pay = true;
        let k = run(&p, reg, &acc, &s).expect("runs");
        let (Detail::Spillover(a), Detail::Spillover(b)) = (&plain.detail, &k.detail) else {
            panic!("spillover detail expected");
        };
        let pop: f64 = acc.counties.iter().filter_map(|c| c.population).sum();
        let gdp: f64 = acc.counties.iter().filter_map(|c| c.gdp_yuan).sum();
        let spill_sum: f64 = a.rows.iter().map(|r| r.spillover_yuan).sum();
        assert!(spill_sum.abs() < 1e-6 * a.non_market_total_yuan);
        let (mut payers, mut receivers) = (0, 0);
        for ((x, y), c) in a.rows.iter().zip(&b.rows).zip(&acc.counties) {
            assert!((x.compensation_yuan - 0.5 * x.spillover_yuan).abs() < 1e-6);
            if x.spillover_yuan < 0.0 {
                payers += 1;
                let pc = c.gdp_yuan.unwrap_or(0.0) / c.population.unwrap_or(1.0);
                let kk = pc / (gdp / pop);
                assert!((y.k - kk).abs() < 1e-12, "{} k {}", c.code, y.k);
                assert!((y.compensation_yuan - 0.5 * x.spillover_yuan * kk).abs() < 1e-3);
            } else {
                receivers += 1;
                assert_eq!(y.k, 1.0);
                assert_eq!(y.compensation_yuan, x.compensation_yuan);
            }
        }
        assert!(payers > 0 && receivers > 0);
    }

    #[test]
    fn the_scenario_and_the_spillover_method_agree() {
        // The scenario only fills inputs: running `spillover` on the inputs it recorded gives
        // the same rows (k for payers only, clamp), so the method and the scenario never differ.
        let (p, acc) = sample(2022);
        let reg = Registry::builtin();
        let mut s = CompensationSettings {
            method: Method::Spillover,
            stage_r: 0.5,
            ability_to_pay: true,
            clamp: true,
            ..CompensationSettings::default()
        };
        for (i, c) in acc.counties.iter().enumerate() {
            s.opportunity_cost_yuan
                .insert(c.code.clone(), if i % 2 == 0 { 4.0e8 } else { 1.0e12 });
        }
        let o = run(&p, reg, &acc, &s).expect("runs");
        let Detail::Spillover(d) = &o.detail else {
            panic!("spillover detail expected");
        };
        let inputs: Vec<_> = d.rows.iter().map(|r| r.input.clone()).collect();
        assert!(
            inputs
                .iter()
                .any(|i| i.ability_to_pay.is_some_and(|k| k != 1.0))
        );
        let direct = spillover(&inputs, s.share, s.clamp).expect("runs");
        assert_eq!(&direct, d);
        for (row, r) in o.rows.iter().zip(&direct.rows) {
            assert_eq!(row.amount_yuan, Some(r.compensation_yuan));
        }
    }

    #[test]
    fn missing_inputs_name_the_county_and_the_value() {
        let (mut p, _) = sample(2022);
        let reg = Registry::builtin();
        if let Some(cp) = p
            .periods
            .iter_mut()
            .find(|x| x.year == 2022)
            .and_then(|x| x.counties.get_mut("361028"))
        {
            cp.population = None;
        }
        let acc = compute(
            &p,
            reg,
            &Options {
                year: 2022,
                framework: None,
                price_year: None,
                traces: false,
            },
        )
        .expect("computes");
        let e = run(&p, reg, &acc, &by_population(1.0e8))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("资溪县（361028）缺少 2022 年的常住人口"), "{e}");
        let s = CompensationSettings {
            method: Method::Spillover,
            ..CompensationSettings::default()
        };
        assert!(matches!(
            run(&p, reg, &acc, &s),
            Err(ScenarioError::MissingValue { ref code, .. }) if code == "361028"
        ));
        let mut s = by_population(1.0e8);
        s.factors[0].id = "bogus".into();
        assert_eq!(
            run(&p, reg, &acc, &s),
            Err(ScenarioError::UnknownFactor("bogus".into()))
        );
    }

    #[test]
    fn growth_reward_needs_an_earlier_period() {
        let (p, acc) = sample(2021);
        let s = CompensationSettings {
            method: Method::GrowthReward,
            ..CompensationSettings::default()
        };
        assert_eq!(
            run(&p, Registry::builtin(), &acc, &s),
            Err(ScenarioError::NoEarlierPeriod { year: 2021 })
        );
        let (p, acc) = sample(2022);
        let o = run(&p, Registry::builtin(), &acc, &s).expect("runs");
        let Detail::GrowthReward { from_year, reward } = &o.detail else {
            panic!("growth detail expected");
        };
        assert_eq!(*from_year, 2021);
        for (r, row) in reward.rows.iter().zip(&o.rows) {
            let d = (r.input.gep_now_yuan - r.input.gep_prev_yuan).max(0.0);
            assert_eq!(row.amount_yuan, Some(0.01 * d));
        }
    }

    #[test]
    fn horizontal_index_decides_who_pays_and_gravity_splits_the_downstream_part() {
        use crate::model::compensation::PollutantEntry;
        let (p, acc) = sample(2022);
        let reg = Registry::builtin();
        let mut s = CompensationSettings {
            method: Method::Horizontal,
            ..CompensationSettings::default()
        };
        assert_eq!(run(&p, reg, &acc, &s), Err(ScenarioError::NoUpstream));
        s.horizontal.upstream = "361028".into();
        assert_eq!(
            run(&p, reg, &acc, &s),
            Err(ScenarioError::Pollutant("高锰酸盐指数".into()))
        );
        let pol = |name: &str, c: f64, c0: f64| PollutantEntry {
            name: name.into(),
            concentration: c,
            baseline: c0,
        };
        // Ratios 0.8, 1.2, 1.0, 0.8: mean 0.95; P = 0.85 × 0.95 = 0.8075 ≤ 1.
        s.horizontal.pollutants = vec![
            pol("高锰酸盐指数", 2.0, 2.5),
            pol("氨氮", 0.3, 0.25),
            pol("总氮", 1.0, 1.0),
            pol("总磷", 0.04, 0.05),
        ];
        assert_eq!(run(&p, reg, &acc, &s), Err(ScenarioError::NoDownstream));
        // 金溪县 50 km, 临川区 100 km; 2022 populations 240,000 and 1,100,000:
        // G = 240000/50² = 96 and 1100000/100² = 110, shares 96/206 and 110/206.
        s.horizontal.distances_km.insert("361027".into(), 50.0);
        s.horizontal.distances_km.insert("361002".into(), 100.0);
        let o = run(&p, reg, &acc, &s).expect("runs");
        let Detail::Horizontal(h) = &o.detail else {
            panic!("horizontal detail expected")
        };
        assert!((h.index.p - 0.8075).abs() < 1e-12);
        assert_eq!(h.index.direction, Direction::DownstreamPaysUpstream);
        assert_eq!(amount(&o, "361028"), 1.0e8);
        assert!((amount(&o, "361027") + 1.0e8 * 96.0 / 206.0).abs() < 1e-6);
        assert!((amount(&o, "361002") + 1.0e8 * 110.0 / 206.0).abs() < 1e-6);
        assert!(o.rows.iter().filter(|r| r.amount_yuan.is_none()).count() == 8);
        assert!((o.total_received() - o.total_paid()).abs() < 1e-6);
        let i = o.rows.iter().position(|r| r.code == "361027").unwrap_or(0);
        let zh = o.sentence(i, reg, Lang::Zh);
        assert!(
            zh.starts_with("金溪县（下游）应支付补偿 4,660.19 万元，依据：水质指数 P = 0.8075 ≤ 1"),
            "{zh}"
        );
        // K₀ = 1.2: P = 1.14 > 1, the upstream county pays instead.
        s.horizontal.k0 = 1.2;
        let o = run(&p, reg, &acc, &s).expect("runs");
        assert_eq!(amount(&o, "361028"), -1.0e8);
        assert!((amount(&o, "361002") - 1.0e8 * 110.0 / 206.0).abs() < 1e-6);
        s.horizontal.distances_km.insert("361002".into(), 0.0);
        assert!(matches!(
            run(&p, reg, &acc, &s),
            Err(ScenarioError::Distance { ref code, .. }) if code == "361002"
        ));
    }
}
