//! What each value formula says, for readers: the linear text the traces print, the same
//! formula as typst math source for typeset reports, and every symbol with its meaning and
//! unit. One table per formula kind and model, next to nothing else, so the trace line and the
//! report's method chapter cannot drift apart (`formula_text` reads the linear text here).
//!
//! The math strings are fixed data written here (never user text), valid typst math: words of
//! more than one letter are quoted ("ET"), `\` breaks lines between the equations.

use crate::registry::{Formula, Model};

/// One symbol of a formula: typst math, plain text, and its meaning with unit (zh, en).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Symbol {
    pub math: &'static str,
    pub text: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
}

/// A formula as a reader sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormulaDoc {
    /// Linear form (the trace's formula line).
    pub text_zh: &'static str,
    pub text_en: &'static str,
    /// Typst math source of the same equations.
    pub math: &'static str,
    pub symbols: &'static [Symbol],
}

const fn s(math: &'static str, text: &'static str, zh: &'static str, en: &'static str) -> Symbol {
    Symbol { math, text, zh, en }
}

const V: Symbol = s("V", "V", "价值量（元）", "value (CNY)");
const C_WE: Symbol = s(
    "C_\"we\"",
    "C_we",
    "水库单位库容工程造价（元/m³）",
    "reservoir construction cost per m³ of storage (CNY/m³)",
);
const Q_CO2: Symbol = s(
    "Q_(\"CO\"_2)",
    "Q_CO₂",
    "固定二氧化碳量（t CO₂）",
    "CO₂ fixed (t CO₂)",
);
const Q_O2: Symbol = s("Q_(O_2)", "Q_O₂", "释放氧气量（t）", "oxygen released (t)");
const NPP: Symbol = s(
    "\"NPP\"",
    "NPP",
    "净初级生产力（干物质，t）",
    "net primary production (dry matter, t)",
);

const PRODUCTS: &[Symbol] = &[
    s(
        "V",
        "V",
        "物质产品价值（元）",
        "value of material products (CNY)",
    ),
    s(
        "Q_j",
        "Q_j",
        "第 j 种产品的产量（t、头、m³ 等）",
        "quantity of product j (t, head, m³ …)",
    ),
    s(
        "P_j",
        "P_j",
        "产品 j 的单价（元/单位产品，换算至核算价格年）",
        "unit price of product j (CNY per unit, at the accounting price year)",
    ),
];

const SOIL_VALUE: [Symbol; 8] = [
    s(
        "V",
        "V",
        "土壤保持价值（元）",
        "value of soil retention (CNY)",
    ),
    s("A_c", "A_c", "土壤保持量（t）", "soil retained (t)"),
    s(
        "lambda",
        "λ",
        "泥沙淤积系数（无量纲）",
        "sediment deposition coefficient (dimensionless)",
    ),
    s("rho", "ρ", "土壤容重（t/m³）", "soil bulk density (t/m³)"),
    s(
        "c_d",
        "c_d",
        "水库清淤工程费用（元/m³）",
        "reservoir dredging cost (CNY/m³)",
    ),
    s(
        "\"N%\", \"P%\"",
        "N%, P%",
        "土壤全氮、全磷含量（%）",
        "soil nitrogen and phosphorus content (%)",
    ),
    s(
        "c_N, c_P",
        "c_N, c_P",
        "氮、磷治理成本（元/t）",
        "nitrogen and phosphorus treatment cost (CNY/t)",
    ),
    s("A", "A", "核算面积（hm²）", "area (hm²)"),
];

const SOIL_RUSLE: &[Symbol] = &[
    SOIL_VALUE[0],
    SOIL_VALUE[1],
    s(
        "R",
        "R",
        "降雨侵蚀力因子（MJ·mm/(hm²·h·a)）",
        "rainfall erosivity (MJ·mm/(hm²·h·a))",
    ),
    s(
        "K",
        "K",
        "土壤可蚀性因子（t·hm²·h/(hm²·MJ·mm)）",
        "soil erodibility (t·hm²·h/(hm²·MJ·mm))",
    ),
    s(
        "\"LS\"",
        "LS",
        "坡长坡度因子（无量纲）",
        "slope length and steepness factor (dimensionless)",
    ),
    s(
        "C",
        "C",
        "植被覆盖与管理因子（无量纲）",
        "cover and management factor (dimensionless)",
    ),
    s(
        "P",
        "P",
        "水土保持措施因子（无量纲）",
        "support practice factor (dimensionless)",
    ),
    SOIL_VALUE[7],
    SOIL_VALUE[2],
    SOIL_VALUE[3],
    SOIL_VALUE[4],
    SOIL_VALUE[5],
    SOIL_VALUE[6],
];

const SOIL_DIRECT: &[Symbol] = &[
    SOIL_VALUE[0],
    SOIL_VALUE[1],
    SOIL_VALUE[2],
    SOIL_VALUE[3],
    SOIL_VALUE[4],
    SOIL_VALUE[5],
    SOIL_VALUE[6],
];

const SAND_VALUE: [Symbol; 5] = [
    s(
        "V",
        "V",
        "防风固沙价值（元）",
        "value of sand fixation (CNY)",
    ),
    s("Q_\"sf\"", "Q_sf", "防风固沙量（t）", "sand fixed (t)"),
    s(
        "rho_s",
        "ρ_s",
        "沙土容重（t/m³）",
        "sand bulk density (t/m³)",
    ),
    s(
        "h",
        "h",
        "沙化土地覆沙厚度（m）",
        "sand-cover depth of desertified land (m)",
    ),
    s(
        "c_s",
        "c_s",
        "沙化土地治理费用（元/m²）",
        "desertification control cost (CNY/m²)",
    ),
];

const SAND_RWEQ: &[Symbol] = &[
    SAND_VALUE[0],
    s(
        "S_L",
        "S_L",
        "单位面积防风固沙量（kg/m²）",
        "sand fixed per unit area (kg/m²)",
    ),
    s(
        "S_\"PL\"",
        "S_PL",
        "无植被覆盖时的潜在风蚀量（kg/m²）",
        "potential wind erosion without vegetation (kg/m²)",
    ),
    s(
        "S_\"SL\"",
        "S_SL",
        "有植被覆盖时的实际风蚀量（kg/m²）",
        "actual wind erosion with vegetation (kg/m²)",
    ),
    s("A", "A", "核算面积（hm²）", "area (hm²)"),
    s("Q", "Q", "防风固沙量（t）", "sand fixed (t)"),
    SAND_VALUE[2],
    SAND_VALUE[3],
    SAND_VALUE[4],
];

const SAND_DIRECT: &[Symbol] = &SAND_VALUE;

const VISITS: Symbol = s("N", "N", "游客人次（人次）", "visits (person-trips)");
const TE: Symbol = s(
    "\"TE\"",
    "TE",
    "人均旅行花费（元/人次）",
    "travel expense per visit (CNY/visit)",
);
const CS: Symbol = s(
    "\"CS\"",
    "CS",
    "人均消费者剩余（元/人次，备忘项目，不计入 GEP）",
    "consumer surplus per visit (CNY/visit, memo item, not in GEP)",
);

const TRAVEL_SURVEY: &[Symbol] = &[
    s("V", "V", "休闲旅游价值（元）", "value of recreation (CNY)"),
    VISITS,
    TE,
    s(
        "t",
        "t",
        "人均旅行时间（h/人次）",
        "travel time per visit (h/visit)",
    ),
    s("w", "w", "小时工资（元/h）", "hourly wage (CNY/h)"),
    s(
        "s",
        "s",
        "时间价值占工资的比例（无量纲）",
        "share of the wage counted as time value (dimensionless)",
    ),
    CS,
];

const TRAVEL_TIME_COST: &[Symbol] = &[
    s("V", "V", "休闲旅游价值（元）", "value of recreation (CNY)"),
    VISITS,
    TE,
    s(
        "C_t",
        "C_t",
        "人均时间成本（元/人次，由调查报告给出）",
        "time cost per visit (CNY/visit, as the survey report gives it)",
    ),
    CS,
];

const TRAVEL_DIRECT: &[Symbol] = &[s(
    "V",
    "V",
    "旅行费用法研究给出的休闲旅游价值（元）",
    "value of recreation given by a travel-cost study (CNY)",
)];

const WATER_BALANCE: &[Symbol] = &[
    s("Q", "Q", "水源涵养量（m³）", "water conserved (m³)"),
    s("P", "P", "年降水量（mm）", "annual precipitation (mm)"),
    s(
        "alpha_i",
        "α_i",
        "第 i 类土地覆盖的地表径流系数（无量纲）",
        "surface runoff coefficient of land-cover class i (dimensionless)",
    ),
    s(
        "\"ET\"",
        "ET",
        "年蒸散量（mm）",
        "annual evapotranspiration (mm)",
    ),
    s(
        "A_i",
        "A_i",
        "第 i 类土地覆盖面积（hm²）",
        "area of land-cover class i (hm²)",
    ),
    s(
        "10",
        "10",
        "单位换算：1 mm × 1 hm² = 10 m³",
        "unit conversion: 1 mm over 1 hm² = 10 m³",
    ),
    V,
    C_WE,
];

const FLOOD: &[Symbol] = &[
    s(
        "C_l",
        "C_l",
        "湖泊洪水调蓄量（m³）",
        "lake flood storage (m³)",
    ),
    s(
        "a, b",
        "a, b",
        "湖泊调蓄模型系数（无量纲）",
        "lake storage model coefficients (dimensionless)",
    ),
    s("A_l", "A_l", "湖泊面积（km²）", "lake area (km²)"),
    s(
        "T",
        "T",
        "湖泊年换水次数（次）",
        "lake water exchanges a year (times)",
    ),
    s(
        "C_r",
        "C_r",
        "水库防洪库容（m³）",
        "reservoir flood-control storage (m³)",
    ),
    s(
        "k_r",
        "k_r",
        "防洪库容占总库容的比例（无量纲）",
        "flood-control share of total capacity (dimensionless)",
    ),
    s(
        "C_t",
        "C_t",
        "水库总库容（m³）",
        "total reservoir capacity (m³)",
    ),
    s(
        "C_m",
        "C_m",
        "沼泽洪水调蓄量（m³）",
        "marsh flood storage (m³)",
    ),
    s("S", "S", "沼泽面积（km²）", "marsh area (km²)"),
    s(
        "d",
        "d",
        "沼泽平均蓄水深度（m）",
        "mean marsh storage depth (m)",
    ),
    V,
    C_WE,
];

const P_C: Symbol = s(
    "P_C",
    "P_C",
    "固碳价格（元/t CO₂）",
    "carbon price (CNY/t CO₂)",
);
const P_O2: Symbol = s(
    "P_(O_2)",
    "P_O₂",
    "制氧价格（元/t）",
    "oxygen price (CNY/t)",
);

const CARBON_NEP: &[Symbol] = &[
    Q_CO2,
    s(
        "\"NEP\"",
        "NEP",
        "净生态系统生产力（t C）",
        "net ecosystem production (t C)",
    ),
    s(
        "44/12",
        "44/12",
        "CO₂ 与 C 的分子量之比",
        "ratio of the molecular weights of CO₂ and C",
    ),
    V,
    P_C,
];

const CARBON_NPP: &[Symbol] = &[
    Q_CO2,
    s(
        "k",
        "k",
        "单位干物质固定 CO₂ 量（kg/kg）",
        "CO₂ fixed per unit dry matter (kg/kg)",
    ),
    NPP,
    V,
    P_C,
];

const OXYGEN_CARBON: &[Symbol] = &[
    Q_O2,
    s(
        "32/44",
        "32/44",
        "O₂ 与 CO₂ 的分子量之比",
        "ratio of the molecular weights of O₂ and CO₂",
    ),
    Q_CO2,
    V,
    P_O2,
];

const OXYGEN_NPP: &[Symbol] = &[
    Q_O2,
    s(
        "k",
        "k",
        "单位干物质释放 O₂ 量（kg/kg）",
        "O₂ released per unit dry matter (kg/kg)",
    ),
    NPP,
    V,
    P_O2,
];

const PURIFICATION: &[Symbol] = &[
    s(
        "Q_k",
        "Q_k",
        "污染物 k 的净化量（t）",
        "amount of pollutant k purified (t)",
    ),
    s(
        "E_k",
        "E_k",
        "污染物 k 的排放量（t）",
        "emission of pollutant k (t)",
    ),
    s(
        "\"Cap\"_k",
        "Cap_k",
        "生态系统对污染物 k 的净化能力（t）",
        "the ecosystems' capacity to purify pollutant k (t)",
    ),
    V,
    s(
        "c_k",
        "c_k",
        "污染物 k 的单位治理成本（元/t），或环境保护税税额 ÷ 污染当量值",
        "treatment cost of pollutant k (CNY/t), or environmental-protection tax ÷ pollution equivalent",
    ),
];

const PRICED: &[Symbol] = &[
    V,
    s(
        "Q_k",
        "Q_k",
        "第 k 项的实物量",
        "physical quantity of item k",
    ),
    s(
        "P_k",
        "P_k",
        "第 k 项的单价（元/实物量单位）",
        "unit price of item k (CNY per unit of quantity)",
    ),
];

const CLIMATE_COMMON: [Symbol; 12] = [
    s(
        "E_\"pt\"",
        "E_pt",
        "植被蒸腾消耗能量折合电量（kWh）",
        "energy used by plant transpiration as electricity (kWh)",
    ),
    s(
        "\"EPP\"",
        "EPP",
        "单位面积植被蒸腾消耗热量（kJ/(m²·d)）",
        "heat used by transpiration per unit area (kJ/(m²·d))",
    ),
    s("S", "S", "植被覆盖面积（km²）", "vegetated area (km²)"),
    s(
        "D",
        "D",
        "空调开放天数（d）",
        "days of air conditioning (d)",
    ),
    s(
        "r",
        "r",
        "空调能效比（无量纲）",
        "air-conditioner energy efficiency ratio (dimensionless)",
    ),
    s(
        "E_\"we\"",
        "E_we",
        "水面蒸发消耗能量折合电量（kWh）",
        "energy used by water-surface evaporation as electricity (kWh)",
    ),
    s(
        "E_w",
        "E_w",
        "水面蒸发量（m³）",
        "water-surface evaporation (m³)",
    ),
    s("rho", "ρ", "水的密度（kg/m³）", "density of water (kg/m³)"),
    s(
        "q",
        "q",
        "水的汽化潜热（kJ/kg）",
        "latent heat of vaporisation (kJ/kg)",
    ),
    s(
        "y",
        "y",
        "加湿器将 1 m³ 水转化为蒸汽的耗电量（kWh/m³）",
        "electricity a humidifier uses to evaporate 1 m³ of water (kWh/m³)",
    ),
    V,
    s(
        "P_e",
        "P_e",
        "电价（元/kWh）",
        "electricity price (CNY/kWh)",
    ),
];

const CLIMATE: &[Symbol] = &CLIMATE_COMMON;

const CLIMATE_LOW_RH: &[Symbol] = &[
    CLIMATE_COMMON[0],
    CLIMATE_COMMON[1],
    CLIMATE_COMMON[2],
    CLIMATE_COMMON[3],
    CLIMATE_COMMON[4],
    CLIMATE_COMMON[5],
    CLIMATE_COMMON[6],
    CLIMATE_COMMON[7],
    CLIMATE_COMMON[8],
    CLIMATE_COMMON[9],
    s(
        "D_h",
        "D_h",
        "相对湿度较低的日数（d）",
        "days of low relative humidity (d)",
    ),
    s("N", "N", "全年日数（d）", "days in the year (d)"),
    CLIMATE_COMMON[10],
    CLIMATE_COMMON[11],
];

/// The formula of an indicator's value `formula` when its quantity comes from `model`.
pub fn formula_doc(formula: &Formula, model: &Model) -> FormulaDoc {
    let d = |text_zh, text_en, math, symbols| FormulaDoc {
        text_zh,
        text_en,
        math,
        symbols,
    };
    match (formula, model) {
        (Formula::Products, _) => d(
            "V = Σ_j Q_j × P_j（或直接填报产值 × 价格指数换算系数）",
            "V = Σ_j Q_j × P_j (or the output value entered × price-index factor)",
            "V = sum_j Q_j · P_j",
            PRODUCTS,
        ),
        (Formula::SoilRetention { .. }, Model::Rusle) => d(
            "A_c = R·K·LS·(1 − C·P) × A；V = λ·A_c/ρ·c_d + A_c·N%·c_N + A_c·P%·c_P",
            "A_c = R·K·LS·(1 − C·P) × A; V = λ·A_c/ρ·c_d + A_c·N%·c_N + A_c·P%·c_P",
            "A_c = R · K · \"LS\" · (1 - C · P) · A \\ V = (lambda · A_c) / rho · c_d + A_c · \"N%\" · c_N + A_c · \"P%\" · c_P",
            SOIL_RUSLE,
        ),
        (Formula::SoilRetention { .. }, _) => d(
            "V = λ·A_c/ρ·c_d + A_c·N%·c_N + A_c·P%·c_P",
            "V = λ·A_c/ρ·c_d + A_c·N%·c_N + A_c·P%·c_P",
            "V = (lambda · A_c) / rho · c_d + A_c · \"N%\" · c_N + A_c · \"P%\" · c_P",
            SOIL_DIRECT,
        ),
        (Formula::SandFixation { .. }, Model::Rweq) => d(
            "S_L = S_PL − S_SL（RWEQ）；Q = S_L × A；V = Q/(ρ_s·h)·c_s",
            "S_L = S_PL − S_SL (RWEQ); Q = S_L × A; V = Q/(ρ_s·h)·c_s",
            "S_L = S_\"PL\" - S_\"SL\" \\ Q = S_L · A \\ V = Q / (rho_s · h) · c_s",
            SAND_RWEQ,
        ),
        (Formula::SandFixation { .. }, _) => d(
            "V = Q_sf/(ρ_s·h)·c_s",
            "V = Q_sf/(ρ_s·h)·c_s",
            "V = Q_\"sf\" / (rho_s · h) · c_s",
            SAND_DIRECT,
        ),
        (Formula::TravelCost { .. }, Model::TravelCostSurvey) => d(
            "V = N × (TE + t·w·s)（旅行费用法）；备忘项目 N × CS 不计入 GEP",
            "V = N × (TE + t·w·s) (travel cost method); memo item N × CS, not in GEP",
            "V = N · (\"TE\" + t · w · s)",
            TRAVEL_SURVEY,
        ),
        (Formula::TravelCost { .. }, Model::TravelCostTimeCost) => d(
            "V = N × (TE + C_t)（旅行费用法，时间成本 C_t 由调查报告给出）；备忘项目 N × CS 不计入 GEP",
            "V = N × (TE + C_t) (travel cost method, time cost C_t as the survey report gives it); memo item N × CS, not in GEP",
            "V = N · (\"TE\" + C_t)",
            TRAVEL_TIME_COST,
        ),
        (Formula::TravelCost { .. }, _) => d(
            "V 为旅行费用法研究给出的价值（直接填报）",
            "V as given by a travel-cost study (entered directly)",
            "V",
            TRAVEL_DIRECT,
        ),
        (Formula::Priced { .. }, Model::WaterBalance) => d(
            "Q = Σ_i (P − α_i·P − ET) × A_i × 10；V = Q × C_we",
            "Q = Σ_i (P − α_i·P − ET) × A_i × 10; V = Q × C_we",
            "Q = sum_i (P - alpha_i · P - \"ET\") · A_i · 10 \\ V = Q · C_\"we\"",
            WATER_BALANCE,
        ),
        (Formula::Priced { .. }, Model::FloodStorage { .. }) => d(
            "C_l = e^a·A_l^b·T × 10⁴；C_r = k_r·C_t；C_m = S·10⁶·d；V = (C_l + C_r + C_m) × C_we",
            "C_l = e^a·A_l^b·T × 10⁴; C_r = k_r·C_t; C_m = S·10⁶·d; V = (C_l + C_r + C_m) × C_we",
            "C_l = e^a · A_l^b · T · 10^4 \\ C_r = k_r · C_t \\ C_m = S · 10^6 · d \\ V = (C_l + C_r + C_m) · C_\"we\"",
            FLOOD,
        ),
        (Formula::Priced { .. }, Model::CarbonNep) => d(
            "Q_CO₂ = 44/12 × NEP；V = Q_CO₂ × P_C",
            "Q_CO₂ = 44/12 × NEP; V = Q_CO₂ × P_C",
            "Q_(\"CO\"_2) = 44/12 · \"NEP\" \\ V = Q_(\"CO\"_2) · P_C",
            CARBON_NEP,
        ),
        (Formula::Priced { .. }, Model::CarbonNpp { .. }) => d(
            "Q_CO₂ = k × NPP；V = Q_CO₂ × P_C",
            "Q_CO₂ = k × NPP; V = Q_CO₂ × P_C",
            "Q_(\"CO\"_2) = k · \"NPP\" \\ V = Q_(\"CO\"_2) · P_C",
            CARBON_NPP,
        ),
        (Formula::Priced { .. }, Model::OxygenFromCarbon { .. }) => d(
            "Q_O₂ = 32/44 × Q_CO₂；V = Q_O₂ × P_O₂",
            "Q_O₂ = 32/44 × Q_CO₂; V = Q_O₂ × P_O₂",
            "Q_(O_2) = 32/44 · Q_(\"CO\"_2) \\ V = Q_(O_2) · P_(O_2)",
            OXYGEN_CARBON,
        ),
        (Formula::Priced { .. }, Model::OxygenNpp { .. }) => d(
            "Q_O₂ = k × NPP；V = Q_O₂ × P_O₂",
            "Q_O₂ = k × NPP; V = Q_O₂ × P_O₂",
            "Q_(O_2) = k · \"NPP\" \\ V = Q_(O_2) · P_(O_2)",
            OXYGEN_NPP,
        ),
        (Formula::Priced { .. }, Model::PurificationCapacity) => d(
            "Q_k = min(E_k, Cap_k)；V = Σ_k Q_k × c_k",
            "Q_k = min(E_k, Cap_k); V = Σ_k Q_k × c_k",
            "Q_k = min(E_k, \"Cap\"_k) \\ V = sum_k Q_k · c_k",
            PURIFICATION,
        ),
        (
            Formula::Priced { .. },
            Model::ClimateEnergy {
                evaporation_eer,
                humidify_low_rh,
                ..
            },
        ) => climate(*evaporation_eer, *humidify_low_rh),
        (Formula::Priced { .. }, _) => d(
            "V = Σ_k Q_k × P_k",
            "V = Σ_k Q_k × P_k",
            "V = sum_k Q_k · P_k",
            PRICED,
        ),
    }
}

/// The climate-regulation variants, indexed by `evaporation_eer + 2 × humidify_low_rh`:
/// evaporative cooling through the EER; humidifying on low-humidity days only.
fn climate(evaporation_eer: bool, humidify_low_rh: bool) -> FormulaDoc {
    const ZH: [&str; 4] = [
        "E_pt = EPP·S·D·10⁶/(3600·r)；E_we = E_w·ρ·q/3600 + E_w·y；V = (E_pt + E_we) × P_e",
        "E_pt = EPP·S·D·10⁶/(3600·r)；E_we = E_w·ρ·q/(3600·r) + E_w·y（蒸发降温按空调能效比折算）；V = (E_pt + E_we) × P_e",
        "E_pt = EPP·S·D·10⁶/(3600·r)；E_we = E_w·ρ·q/3600 + E_w·y·D_h/N（仅低湿日计加湿）；V = (E_pt + E_we) × P_e",
        "E_pt = EPP·S·D·10⁶/(3600·r)；E_we = E_w·ρ·q/(3600·r) + E_w·y·D_h/N（蒸发降温按能效比折算，仅低湿日计加湿）；V = (E_pt + E_we) × P_e",
    ];
    const EN: [&str; 4] = [
        "E_pt = EPP·S·D·10⁶/(3600·r); E_we = E_w·ρ·q/3600 + E_w·y; V = (E_pt + E_we) × P_e",
        "E_pt = EPP·S·D·10⁶/(3600·r); E_we = E_w·ρ·q/(3600·r) + E_w·y (evaporative cooling through the EER); V = (E_pt + E_we) × P_e",
        "E_pt = EPP·S·D·10⁶/(3600·r); E_we = E_w·ρ·q/3600 + E_w·y·D_h/N (humidifying on low-humidity days only); V = (E_pt + E_we) × P_e",
        "E_pt = EPP·S·D·10⁶/(3600·r); E_we = E_w·ρ·q/(3600·r) + E_w·y·D_h/N (cooling through the EER, humidifying on low-humidity days only); V = (E_pt + E_we) × P_e",
    ];
    const MATH: [&str; 4] = [
        "E_\"pt\" = (\"EPP\" · S · D · 10^6) / (3600 · r) \\ E_\"we\" = (E_w · rho · q) / 3600 + E_w · y \\ V = (E_\"pt\" + E_\"we\") · P_e",
        "E_\"pt\" = (\"EPP\" · S · D · 10^6) / (3600 · r) \\ E_\"we\" = (E_w · rho · q) / (3600 · r) + E_w · y \\ V = (E_\"pt\" + E_\"we\") · P_e",
        "E_\"pt\" = (\"EPP\" · S · D · 10^6) / (3600 · r) \\ E_\"we\" = (E_w · rho · q) / 3600 + E_w · y · D_h / N \\ V = (E_\"pt\" + E_\"we\") · P_e",
        "E_\"pt\" = (\"EPP\" · S · D · 10^6) / (3600 · r) \\ E_\"we\" = (E_w · rho · q) / (3600 · r) + E_w · y · D_h / N \\ V = (E_\"pt\" + E_\"we\") · P_e",
    ];
    let i = usize::from(evaporation_eer) + 2 * usize::from(humidify_low_rh);
    FormulaDoc {
        text_zh: ZH[i],
        text_en: EN[i],
        math: MATH[i],
        symbols: if humidify_low_rh {
            CLIMATE_LOW_RH
        } else {
            CLIMATE
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every symbol a formula explains appears in its linear text (so the two stay one
    /// formula), checked on the plain symbol text.
    #[test]
    fn symbols_appear_in_the_text() {
        use crate::registry::Registry;
        for ind in &Registry::builtin().indicators {
            for m in &ind.methods {
                let d = formula_doc(&ind.formula, &m.model);
                for sym in d.symbols {
                    for part in sym.text.split(", ") {
                        assert!(
                            d.text_en.contains(part),
                            "{} {}: {part} not in {}",
                            ind.id,
                            m.id,
                            d.text_en
                        );
                    }
                }
            }
        }
    }
}
