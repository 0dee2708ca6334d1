//! Regenerates `sample_data/fuzhou_sample.ron`, the built-in illustrative project:
//! `cargo run --example make_sample`.
//!
//! County names, administrative codes and approximate land areas are those of 抚州市 (Fuzhou,
//! Jiangxi). The other inputs are illustrative but built from published magnitudes: the city's
//! GDP and resident population from the 抚州市 statistical bulletins (county split
//! illustrative), the total capacities of the two large reservoirs (洪门水库, 廖坊水库), product
//! quantities of the order the bulletins report (rice, 南丰蜜桔, 广昌白莲, pork, fish), tourism
//! visits and spending per visit of the order of the city's tourism figures. Every figure and
//! its status is listed in the project's notes (`NOTES`).

use std::collections::BTreeMap;

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use gep_calc::i18n::Text;
use gep_calc::model::{
    County, CountyPeriod, IndicatorInput, OutputBasis, OutputValue, Period, ProductLine, Project,
};
use gep_calc::sample::sample_esv;
use gep_calc::units::Unit;

/// One county: what the inputs are built from.
struct Spec {
    code: &'static str,
    zh: &'static str,
    en: &'static str,
    /// Land area, km² (approximate).
    km2: f64,
    /// Resident population 2021, 10⁴ persons (illustrative split of the city total).
    pop: f64,
    /// GDP 2021, 10⁸ 元 (illustrative split of the city total).
    gdp: f64,
    /// Forest share of the land area.
    forest: f64,
    /// Orchard share (南丰蜜桔 makes 南丰's large).
    orchard: f64,
    /// Tea-garden share.
    tea: f64,
    /// Built-up share.
    built: f64,
    /// Water share (river, reservoir, pond, marsh).
    water: f64,
    /// Reservoir share of the water area.
    reservoir_share: f64,
    /// Named large reservoir: total capacity, 10⁴ m³.
    large_reservoir: f64,
    /// Medium and small reservoirs together, 10⁴ m³ (illustrative).
    small_reservoirs: f64,
    /// Fruit output 2021, t.
    fruit_t: f64,
    /// Hydropower generation, 10⁴ kWh (illustrative).
    hydro_wan_kwh: f64,
    /// Share of the city's tourist visits (illustrative).
    tourism: f64,
}

const fn spec(
    code: &'static str,
    zh: &'static str,
    en: &'static str,
    km2: f64,
    [pop, gdp]: [f64; 2],
    [forest, orchard, tea, built, water, reservoir_share]: [f64; 6],
    [
        large_reservoir,
        small_reservoirs,
        fruit_t,
        hydro_wan_kwh,
        tourism,
    ]: [f64; 5],
) -> Spec {
    Spec {
        code,
        zh,
        en,
        km2,
        pop,
        gdp,
        forest,
        orchard,
        tea,
        built,
        water,
        reservoir_share,
        large_reservoir,
        small_reservoirs,
        fruit_t,
        hydro_wan_kwh,
        tourism,
    }
}

#[rustfmt::skip]
const COUNTIES: &[Spec] = &[
    // 临川区: 廖坊水库 (total capacity 4.32 亿m³) on the 抚河 main stem.
    spec("361002", "临川区", "Linchuan District", 2121.0, [107.5, 500.0],
         [0.42, 0.03, 0.004, 0.09, 0.045, 0.40], [43_200.0, 8_000.0, 30_000.0, 18_000.0, 0.20]),
    spec("361003", "东乡区", "Dongxiang District", 1270.0, [40.0, 215.0],
         [0.46, 0.03, 0.004, 0.07, 0.035, 0.28], [0.0, 6_000.0, 20_000.0, 1_500.0, 0.06]),
    // 南城县: 洪门水库 (total capacity 12.14 亿m³) on the 黎滩河.
    spec("361021", "南城县", "Nancheng County", 1698.0, [28.5, 170.0],
         [0.58, 0.03, 0.004, 0.04, 0.045, 0.60], [121_400.0, 5_000.0, 25_000.0, 12_000.0, 0.08]),
    spec("361022", "黎川县", "Lichuan County", 1729.0, [22.0, 105.0],
         [0.74, 0.03, 0.004, 0.04, 0.022, 0.28], [0.0, 6_000.0, 15_000.0, 3_500.0, 0.08]),
    // 南丰县: 南丰蜜桔, about 70 万亩 of orchards and of the order of 100 万t a year.
    spec("361023", "南丰县", "Nanfeng County", 1920.0, [28.0, 175.0],
         [0.52, 0.22, 0.004, 0.04, 0.024, 0.28], [0.0, 8_000.0, 1_000_000.0, 2_500.0, 0.06]),
    spec("361024", "崇仁县", "Chongren County", 1520.0, [31.0, 160.0],
         [0.60, 0.03, 0.004, 0.04, 0.025, 0.28], [0.0, 7_000.0, 20_000.0, 2_500.0, 0.06]),
    spec("361025", "乐安县", "Le'an County", 2413.0, [29.0, 100.0],
         [0.70, 0.03, 0.004, 0.04, 0.022, 0.28], [0.0, 6_000.0, 15_000.0, 3_500.0, 0.10]),
    spec("361026", "宜黄县", "Yihuang County", 1944.0, [18.5, 90.0],
         [0.76, 0.03, 0.004, 0.04, 0.022, 0.28], [0.0, 5_000.0, 10_000.0, 4_000.0, 0.06]),
    spec("361027", "金溪县", "Jinxi County", 1358.0, [24.0, 135.0],
         [0.58, 0.03, 0.004, 0.04, 0.022, 0.28], [0.0, 4_000.0, 20_000.0, 1_000.0, 0.08]),
    // 资溪县: the most forested county (大觉山).
    spec("361028", "资溪县", "Zixi County", 1251.0, [10.0, 50.0],
         [0.82, 0.02, 0.01, 0.03, 0.018, 0.28], [0.0, 3_000.0, 5_000.0, 3_000.0, 0.12]),
    // 广昌县: 广昌白莲 (lotus seed).
    spec("361030", "广昌县", "Guangchang County", 1612.0, [21.5, 95.0],
         [0.72, 0.03, 0.004, 0.04, 0.022, 0.28], [0.0, 4_000.0, 15_000.0, 3_000.0, 0.10]),
];

/// City GDP, 10⁸ 元 (抚州市 statistical bulletins, 2021 and 2022).
const CITY_GDP: [f64; 2] = [1794.97, 1915.1];
/// Resident population 2022 relative to 2021 (the city's fell by about 0.4 %); county figures
/// are rounded to 1 000 persons.
const POP_2022: f64 = 0.99583;
/// City totals, t (of the order of the bulletins; 2021): rice, vegetables, tea, pork, poultry
/// meat, eggs, aquatic products; lotus seed of 广昌.
const RICE_T: f64 = 1_950_000.0;
const VEG_T: f64 = 1_400_000.0;
const TEA_T: f64 = 3_000.0;
const PORK_T: f64 = 260_000.0;
const POULTRY_T: f64 = 100_000.0;
const EGG_T: f64 = 60_000.0;
const FISH_T: f64 = 300_000.0;
const LOTUS_T: f64 = 8_000.0;
/// Forestry gross output and other products (TCM herbs, under-forest economy), 元 (2021).
const FORESTRY_YUAN: f64 = 4.0e9;
const OTHER_YUAN: f64 = 1.2e9;
/// Tourist visits (10⁴) and spending per visit (元), 2021 (order of the bulletin) and 2022
/// (illustrative).
const VISITS: [f64; 2] = [4_800.0, 4_900.0];
const SPEND: [f64; 2] = [950.0, 950.0];
/// Growth of farm output 2021→2022.
const FARM_GROWTH: f64 = 1.03;

const NOTES: &str = "示例数据（仅供演示，不可用于决策）。县区名称、行政区划代码为真实值，面积为近似值。\
按公开量级构建：全市地区生产总值 2021 年 1794.97 亿元、2022 年 1915.1 亿元，常住人口约 360 万人（2022 年约 358.6 万人）\
（抚州市国民经济和社会发展统计公报），分县数按全市总量示意分配；洪门水库总库容 12.14 亿 m³（南城县）、\
廖坊水库总库容 4.32 亿 m³（临川区）为公开工程数据，其余中小水库库容为示意值（平均水深 5–30 m）；\
稻谷约 195 万 t、蔬菜约 140 万 t、南丰蜜桔约 100 万 t、广昌白莲约 0.8 万 t、猪肉约 26 万 t、\
水产品约 30 万 t、林业产值约 40 亿元、旅游人次约 4800 万（2021）与人均花费约 950 元为统计公报量级（2022 年旅游数为示意），\
均未逐项核对原文；土地覆盖、降水蒸散、土壤侵蚀、污染物、蒸腾热量等生态输入为示意值。\
抚州境内无大中型天然湖泊，湖泊调蓄未计；海岸带防护不适用（内陆），未填报。\
气候调节采用“能效比折算且仅低湿日计加湿”变式（水面蒸发量按水域面积 × 约 0.85 m；低湿日数为示意值），\
默认的文献式（蒸发潜热全额计、每日加湿）会使水面蒸发一项约占 GEP 的一半以上。\n\
Illustrative data, not for decisions. Real county names and codes, approximate areas. Built from \
published magnitudes: city GDP 1794.97 (2021) and 1915.1 (2022) 亿元 and about 3.6 million \
residents (抚州市 statistical bulletins), split between counties for illustration; total \
capacities of 洪门水库 (12.14 亿m³, Nancheng) and 廖坊水库 (4.32 亿m³, Linchuan) from public \
project data, other reservoirs illustrative (mean depth 5–30 m); rice about 1.95 Mt, vegetables \
1.4 Mt, 南丰 tangerines about 1 Mt, 广昌 lotus seed 8 kt, pork 0.26 Mt, aquatic products 0.3 Mt, \
forestry output about 4 bn 元, 48 million tourist visits (2021) at about 950 元 each are of the \
order of the bulletins (2022 tourism illustrative), not checked item by item; land cover, rainfall and ET, erosion, \
pollutants and transpiration heat are illustrative. No large natural lakes in Fuzhou, so lake \
storage is not counted; coastal protection does not apply (inland) and is not entered. Climate regulation \
uses the variant with evaporative cooling through the EER and humidifying on low-humidity days \
only (evaporation = water area × about 0.85 m; low-humidity days illustrative): the default \
literature form (full latent heat, humidifier every day) would make evaporation alone more than \
half of GEP.";

fn round(x: f64, digits: i32) -> f64 {
    let m = 10f64.powi(digits);
    (x * m).round() / m
}

fn input(method: &str, pairs: &[(&str, f64)]) -> IndicatorInput {
    IndicatorInput {
        method: method.into(),
        values: pairs.iter().map(|(k, v)| ((*k).to_string(), *v)).collect(),
        ..Default::default()
    }
}

fn line(name: &str, quantity: f64, price: f64, source: &str) -> ProductLine {
    ProductLine {
        name: name.into(),
        quantity: round(quantity, 0),
        unit: Unit::T,
        price,
        price_year: None,
        source: source.into(),
    }
}

fn output(value_yuan: f64, source: &str) -> IndicatorInput {
    IndicatorInput {
        output_value: Some(OutputValue {
            value_yuan: round(value_yuan, 0),
            basis: OutputBasis::Gross,
            price_year: None,
            source: source.into(),
        }),
        ..Default::default()
    }
}

fn land_cover(s: &Spec) -> BTreeMap<String, f64> {
    let a = s.km2 * 100.0;
    let (dry, grass, bare) = (0.025, 0.012, 0.004);
    let paddy = 0.985 - s.forest - s.orchard - s.tea - s.built - s.water - dry - grass - bare;
    let river = s.water * (0.98 - s.reservoir_share) * 0.57;
    let pond = s.water * (0.98 - s.reservoir_share) * 0.43;
    let shares = [
        ("broadleaf_forest", s.forest * 0.22),
        ("needleleaf_forest", s.forest * 0.40),
        ("mixed_forest", s.forest * 0.13),
        ("bamboo_forest", s.forest * 0.13),
        ("shrub_forest", s.forest * 0.08),
        ("other_forest", s.forest * 0.04),
        ("paddy", paddy),
        ("dryland", dry),
        ("orchard", s.orchard),
        ("tea_garden", s.tea),
        ("grassland", grass),
        ("river", river),
        ("reservoir", s.water * s.reservoir_share),
        ("pond", pond),
        ("marsh", s.water * 0.02),
        ("built_up", s.built),
        ("bare", bare),
    ];
    shares
        .iter()
        .map(|(c, sh)| ((*c).to_string(), round(a * sh, 1)))
        .collect()
}

/// Share of a county in a city total spread by an area class (or any weight).
struct Weights {
    paddy: f64,
    dryland: f64,
    tea: f64,
    pond: f64,
    forest: f64,
    area: f64,
    pop_total: f64,
}

fn county_period(s: &Spec, y: usize, w: &Weights, rng: &mut StdRng) -> CountyPeriod {
    let mut j = |lo: f64, hi: f64| rng.random_range(lo..hi);
    let lc = land_cover(s);
    let area = |c: &str| lc.get(c).copied().unwrap_or(0.0);
    let forest: f64 = [
        "broadleaf_forest",
        "needleleaf_forest",
        "mixed_forest",
        "bamboo_forest",
        "shrub_forest",
        "other_forest",
    ]
    .iter()
    .map(|c| area(c))
    .sum();
    let water = area("river") + area("reservoir") + area("pond") + area("marsh");
    let g = if y == 0 { 1.0 } else { FARM_GROWTH };
    let pop = if y == 0 {
        s.pop * 1e4
    } else {
        round(s.pop * POP_2022, 1) * 1e4
    };
    let gdp = s.gdp / 1795.0 * CITY_GDP[y] * 1e8;
    let bulletin = "抚州市统计公报量级，分县示意";
    let mut ind = BTreeMap::new();
    let mut crops = vec![
        line(
            "稻谷",
            RICE_T * area("paddy") / w.paddy * g,
            2700.0,
            bulletin,
        ),
        line(
            "蔬菜",
            VEG_T * area("dryland") / w.dryland * g,
            2600.0,
            bulletin,
        ),
        line(
            if s.code == "361023" {
                "水果（南丰蜜桔为主）"
            } else {
                "水果"
            },
            s.fruit_t * g,
            3000.0,
            "南丰蜜桔为公开量级，其余县区示意",
        ),
        line(
            "茶叶",
            TEA_T * area("tea_garden") / w.tea * g,
            80000.0,
            bulletin,
        ),
    ];
    if s.code == "361030" {
        crops.push(line(
            "白莲（广昌白莲）",
            LOTUS_T * g,
            50000.0,
            "广昌白莲公开量级",
        ));
    }
    ind.insert(
        "agriculture".to_string(),
        IndicatorInput {
            products: crops,
            ..Default::default()
        },
    );
    ind.insert(
        "forestry".to_string(),
        output(
            FORESTRY_YUAN * forest / w.forest * g,
            "林业总产值（全市量级，按森林面积分配）",
        ),
    );
    let people = s.pop / w.pop_total;
    ind.insert(
        "livestock".to_string(),
        IndicatorInput {
            products: vec![
                line("猪肉", PORK_T * people * g, 24000.0, bulletin),
                line("禽肉", POULTRY_T * people * g, 15000.0, bulletin),
                line("禽蛋", EGG_T * people * g, 9000.0, bulletin),
            ],
            ..Default::default()
        },
    );
    ind.insert(
        "fishery".to_string(),
        IndicatorInput {
            products: vec![line(
                "淡水产品",
                FISH_T * area("pond") / w.pond * g,
                14000.0,
                bulletin,
            )],
            ..Default::default()
        },
    );
    ind.insert(
        "other_products".to_string(),
        output(
            OTHER_YUAN * s.km2 * 100.0 / w.area * g,
            "中药材、林下经济（示意）",
        ),
    );
    ind.insert(
        "water_supply".to_string(),
        input(
            "direct",
            &[
                ("domestic", round(pop * j(50.0, 70.0) / 1e4, 1)),
                ("industrial", round(gdp / 1e4 * j(15.0, 30.0) / 1e4, 1)),
                (
                    "agricultural",
                    round(area("paddy") * j(5500.0, 7000.0) / 1e4, 1),
                ),
            ],
        ),
    );
    ind.insert(
        "eco_energy".to_string(),
        input(
            "direct",
            &[("hydropower", round(s.hydro_wan_kwh * j(0.9, 1.1), 0))],
        ),
    );
    ind.insert(
        "water_conservation".to_string(),
        input(
            "water_balance",
            &[
                ("precip", round(j(1650.0, 1900.0), 0)),
                ("et", round(j(900.0, 1000.0), 0)),
            ],
        ),
    );
    let eroding = forest
        + area("paddy")
        + area("dryland")
        + area("orchard")
        + area("tea_garden")
        + area("grassland");
    ind.insert(
        "soil_retention".to_string(),
        input(
            "rusle",
            &[
                ("r", round(j(5500.0, 8500.0), 0)),
                ("k", round(j(0.025, 0.04), 4)),
                ("ls", round(j(1.0, 2.0), 2)),
                ("c", round(j(0.02, 0.08), 3)),
                ("p", round(j(0.5, 1.0), 2)),
                ("area", round(eroding, 1)),
            ],
        ),
    );
    ind.insert(
        "sand_fixation".to_string(),
        input("direct", &[("sand_fixed", round(j(0.05, 0.6), 2))]),
    );
    ind.insert(
        "flood_regulation".to_string(),
        input(
            "flood_storage",
            &[
                ("lake_area", 0.0),
                ("lake_exchange", 1.0),
                ("reservoir_capacity", s.large_reservoir + s.small_reservoirs),
                ("marsh_area", round(area("marsh") / 100.0, 2)),
            ],
        ),
    );
    ind.insert(
        "carbon_sequestration".to_string(),
        input("nep", &[("nep", round(forest * j(2.5, 4.0), 0))]),
    );
    ind.insert("oxygen_release".to_string(), input("from_carbon", &[]));
    ind.insert(
        "air_purification".to_string(),
        input(
            "direct",
            &[
                ("so2", round(gdp / 1e8 * j(2.0, 6.0) / g, 1)),
                ("nox", round(gdp / 1e8 * j(3.0, 8.0) / g, 1)),
                ("dust", round(gdp / 1e8 * j(4.0, 12.0) / g, 1)),
            ],
        ),
    );
    ind.insert(
        "water_purification".to_string(),
        input(
            "direct",
            &[
                ("cod", round(pop * j(0.012, 0.02) / g, 1)),
                ("nh3n", round(pop * j(0.0015, 0.0025) / g, 1)),
                ("tp", round(pop * j(0.0002, 0.0004) / g, 2)),
            ],
        ),
    );
    ind.insert(
        "climate_regulation".to_string(),
        input(
            "energy_eer_low_rh",
            &[
                ("epp", round(j(250.0, 350.0), 0)),
                ("ac_days", round(j(70.0, 90.0), 0)),
                ("evaporation", round(water * j(0.8, 0.9), 1)),
                ("low_rh_days", round(j(8.0, 20.0), 0)),
            ],
        ),
    );
    ind.insert(
        "pest_control".to_string(),
        input(
            "direct",
            &[
                ("forest", round(forest * j(0.25, 0.4) / 1e4, 3)),
                ("grassland", round(area("grassland") * j(0.3, 0.5) / 1e4, 3)),
            ],
        ),
    );
    ind.insert(
        "recreation".to_string(),
        input(
            "survey",
            &[
                ("visits", round(VISITS[y] * s.tourism, 1)),
                ("expense", round(SPEND[y] * j(0.9, 1.1), 0)),
                ("hours", round(j(4.0, 8.0), 1)),
                ("wage", round(j(30.0, 40.0) * g, 1)),
                ("cs", round(j(50.0, 100.0), 0)),
            ],
        ),
    );
    ind.insert(
        "landscape".to_string(),
        input(
            "direct",
            &[
                ("floor_area", round(pop * j(1.5, 3.0), 0)),
                ("premium", round(j(100.0, 300.0), 0)),
            ],
        ),
    );
    CountyPeriod {
        population: Some(round(pop, 0)),
        gdp_yuan: Some(round(gdp, 0)),
        land_cover: lc,
        indicators: ind,
        imported_products_yuan: 0.0,
        ..Default::default()
    }
}

/// The sample carries no compensation scenario of its own: the default one is left out of the
/// file, so it follows the app's defaults and a saved scenario can be appended to it.
fn without_default_compensation(text: String, p: &Project) -> String {
    if p.compensation != Project::empty("").compensation {
        return text;
    }
    let Some(start) = text.find("\n  compensation: (") else {
        return text;
    };
    let Some(len) = text[start..].find("\n  ),\n") else {
        return text;
    };
    let end = start + len + "\n  ),".len();
    format!("{}{}", &text[..start], &text[end..])
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut p = Project::empty("抚州市生态产品总值核算（示例）");
    p.meta.region = "江西省抚州市".into();
    p.meta.framework = "gbt46869".into();
    p.meta.illustrative = true;
    p.meta.notes = NOTES.into();
    p.esv = sample_esv();
    let sum = |f: &dyn Fn(&BTreeMap<String, f64>, &Spec) -> f64| -> f64 {
        COUNTIES.iter().map(|s| f(&land_cover(s), s)).sum()
    };
    let get = |lc: &BTreeMap<String, f64>, c: &str| lc.get(c).copied().unwrap_or(0.0);
    let w = Weights {
        paddy: sum(&|lc, _| get(lc, "paddy")),
        dryland: sum(&|lc, _| get(lc, "dryland")),
        tea: sum(&|lc, _| get(lc, "tea_garden")),
        pond: sum(&|lc, _| get(lc, "pond")),
        forest: sum(&|lc, s| {
            let _ = s;
            [
                "broadleaf_forest",
                "needleleaf_forest",
                "mixed_forest",
                "bamboo_forest",
                "shrub_forest",
                "other_forest",
            ]
            .iter()
            .map(|c| get(lc, c))
            .sum()
        }),
        area: COUNTIES.iter().map(|s| s.km2 * 100.0).sum(),
        pop_total: COUNTIES.iter().map(|s| s.pop).sum(),
    };
    let mut years = [BTreeMap::new(), BTreeMap::new()];
    for (i, s) in COUNTIES.iter().enumerate() {
        p.counties.push(County {
            code: s.code.into(),
            name: Text::new(s.zh, s.en),
            land_area_hm2: s.km2 * 100.0,
            prefecture: Some("抚州市".into()),
        });
        for (y, map) in years.iter_mut().enumerate() {
            // Same draws both years: the ecological inputs of a county do not jump.
            let mut rng = StdRng::seed_from_u64(2022 + i as u64);
            map.insert(s.code.to_string(), county_period(s, y, &w, &mut rng));
        }
    }
    let [y1, y2] = years;
    p.periods = vec![
        Period {
            year: 2021,
            counties: y1,
        },
        Period {
            year: 2022,
            counties: y2,
        },
    ];
    let text = without_default_compensation(gep_calc::io::to_ron_string(&p)?, &p);
    let header = "// 抚州市 GEP 示例项目 — illustrative sample project (generated by `cargo run --example make_sample`).\n// 县区名称和行政区划代码真实；规模按公开量级构建（见 notes），生态输入为示意值，仅供演示。\n";
    std::fs::write("sample_data/fuzhou_sample.ron", format!("{header}{text}"))?;
    println!(
        "wrote sample_data/fuzhou_sample.ron ({} counties)",
        p.counties.len()
    );
    Ok(())
}
