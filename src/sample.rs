//! The built-in sample project and synthetic projects.
//!
//! `builtin()` is the illustrative 抚州市 (Fuzhou, Jiangxi) project embedded from
//! `sample_data/fuzhou_sample.ron`: real county names and administrative codes, plausible but
//! invented inputs. `synthetic(n, seed)` builds a project of `n` counties with every indicator
//! fed, for benchmarks and scale tests; `fill_county` is shared by both so the sample file can
//! be regenerated (`cargo run --example make_sample`).

use std::collections::BTreeMap;

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use crate::i18n::Text;
use crate::model::{
    County, CountyPeriod, EsvSettings, GrainCrop, IndicatorInput, OutputBasis, OutputValue, Period,
    ProductLine, Project, StandardEquivalent,
};
use crate::units::Unit;

/// Text of the embedded sample project.
pub const SAMPLE_RON: &str = include_str!("../sample_data/fuzhou_sample.ron");

/// The embedded sample project.
pub fn builtin() -> Result<Project, crate::io::ProjectFileError> {
    crate::io::load_str(SAMPLE_RON, "sample_data/fuzhou_sample.ron")
}

/// Land-cover shares of a hilly Jiangxi county (sum 0.96; the rest is unclassified).
const SHARES: &[(&str, f64)] = &[
    ("broadleaf_forest", 0.15),
    ("needleleaf_forest", 0.24),
    ("mixed_forest", 0.08),
    ("bamboo_forest", 0.07),
    ("shrub_forest", 0.03),
    ("other_forest", 0.02),
    ("paddy", 0.15),
    ("dryland", 0.03),
    ("orchard", 0.02),
    ("tea_garden", 0.005),
    ("grassland", 0.02),
    ("river", 0.015),
    ("lake", 0.002),
    ("reservoir", 0.01),
    ("pond", 0.015),
    ("marsh", 0.001),
    ("built_up", 0.07),
    ("bare", 0.007),
];

fn vals(pairs: &[(&str, f64)]) -> BTreeMap<String, f64> {
    pairs.iter().map(|(k, v)| ((*k).to_string(), *v)).collect()
}

fn input(method: &str, pairs: &[(&str, f64)]) -> IndicatorInput {
    IndicatorInput {
        method: method.into(),
        values: vals(pairs),
        products: vec![],
        output_value: None,
        entered_value: None,
    }
}

fn round(x: f64, digits: i32) -> f64 {
    let m = 10f64.powi(digits);
    (x * m).round() / m
}

/// What the indicators of one county-year are derived from.
struct Basis {
    area_hm2: f64,
    population: f64,
    gdp_yuan: f64,
    /// Activity relative to the first year.
    g: f64,
    land_cover: BTreeMap<String, f64>,
    forest: f64,
    water_hm2: f64,
    paddy: f64,
}

impl Basis {
    fn area(&self, class: &str) -> f64 {
        self.land_cover.get(class).copied().unwrap_or(0.0)
    }
}

/// A uniform draw in `[lo, hi)`; the helpers below draw in a fixed order, so a seed always gives
/// the same county.
type Draw<'a> = dyn FnMut(f64, f64) -> f64 + 'a;

/// Plausible inputs for every indicator of a county of `area_hm2` with `population` and GDP.
/// `growth` scales activity (1.0 for the first year).
pub fn fill_county(
    rng: &mut StdRng,
    area_hm2: f64,
    population: f64,
    gdp_yuan: f64,
    growth: f64,
) -> CountyPeriod {
    let mut j = |lo: f64, hi: f64| rng.random_range(lo..hi);
    let mut lc = BTreeMap::new();
    for (class, share) in SHARES {
        lc.insert(
            (*class).to_string(),
            round(area_hm2 * share * j(0.85, 1.1), 1),
        );
    }
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
    let water_hm2: f64 = ["river", "lake", "reservoir", "pond"]
        .iter()
        .map(|c| area(c))
        .sum();
    let paddy = area("paddy");
    let c = Basis {
        area_hm2,
        population,
        gdp_yuan,
        g: growth,
        land_cover: lc,
        forest,
        water_hm2,
        paddy,
    };
    let mut ind = BTreeMap::new();
    material(&mut ind, &mut j, &c);
    water_and_soil(&mut ind, &mut j, &c);
    air_and_climate(&mut ind, &mut j, &c);
    cultural(&mut ind, &mut j, &c);
    CountyPeriod {
        population: Some(round(population, 0)),
        gdp_yuan: Some(round(gdp_yuan, 0)),
        land_cover: c.land_cover,
        indicators: ind,
        imported_products_yuan: 0.0,
    }
}

/// Agricultural, forestry, livestock, fishery and other material products.
fn material(ind: &mut BTreeMap<String, IndicatorInput>, j: &mut Draw<'_>, c: &Basis) {
    ind.insert(
        "agriculture".to_string(),
        IndicatorInput {
            products: vec![
                ProductLine {
                    name: "稻谷".into(),
                    quantity: round(c.paddy * j(5.8, 6.6) * c.g, 0),
                    unit: Unit::T,
                    price: 2700.0,
                    price_year: None,
                    source: "县统计年鉴（示例）".into(),
                },
                ProductLine {
                    name: "蔬菜".into(),
                    quantity: round(c.area("dryland") * j(18.0, 26.0) * c.g, 0),
                    unit: Unit::T,
                    price: 2600.0,
                    price_year: None,
                    source: "县统计年鉴（示例）".into(),
                },
                ProductLine {
                    name: "水果".into(),
                    quantity: round(c.area("orchard") * j(12.0, 20.0) * c.g, 0),
                    unit: Unit::T,
                    price: 4500.0,
                    price_year: None,
                    source: "县统计年鉴（示例）".into(),
                },
                ProductLine {
                    name: "茶叶".into(),
                    quantity: round(c.area("tea_garden") * j(0.5, 0.9) * c.g, 0),
                    unit: Unit::T,
                    price: 80000.0,
                    price_year: None,
                    source: "县统计年鉴（示例）".into(),
                },
            ],
            ..Default::default()
        },
    );
    ind.insert(
        "forestry".to_string(),
        IndicatorInput {
            output_value: Some(OutputValue {
                value_yuan: round(c.forest * j(900.0, 1500.0) * c.g, 0),
                basis: OutputBasis::Gross,
                price_year: None,
                source: "林业总产值（示例）".into(),
            }),
            ..Default::default()
        },
    );
    ind.insert(
        "livestock".to_string(),
        IndicatorInput {
            products: vec![
                ProductLine {
                    name: "猪肉".into(),
                    quantity: round(c.population * j(0.03, 0.06) * c.g, 0),
                    unit: Unit::T,
                    price: 24000.0,
                    price_year: None,
                    source: "县统计年鉴（示例）".into(),
                },
                ProductLine {
                    name: "禽蛋".into(),
                    quantity: round(c.population * j(0.008, 0.015) * c.g, 0),
                    unit: Unit::T,
                    price: 9000.0,
                    price_year: None,
                    source: "县统计年鉴（示例）".into(),
                },
            ],
            ..Default::default()
        },
    );
    ind.insert(
        "fishery".to_string(),
        IndicatorInput {
            products: vec![ProductLine {
                name: "淡水产品".into(),
                quantity: round(c.water_hm2 * j(0.8, 1.6) * c.g, 0),
                unit: Unit::T,
                price: 14000.0,
                price_year: None,
                source: "县统计年鉴（示例）".into(),
            }],
            ..Default::default()
        },
    );
    ind.insert(
        "other_products".to_string(),
        IndicatorInput {
            output_value: Some(OutputValue {
                value_yuan: round(c.area_hm2 * j(40.0, 90.0) * c.g, 0),
                basis: OutputBasis::Gross,
                price_year: None,
                source: "中药材、林下经济（示例）".into(),
            }),
            ..Default::default()
        },
    );
}

/// Water supply, hydropower, water conservation, soil retention, sand fixation, flood regulation.
fn water_and_soil(ind: &mut BTreeMap<String, IndicatorInput>, j: &mut Draw<'_>, c: &Basis) {
    ind.insert(
        "water_supply".to_string(),
        input(
            "direct",
            &[
                (
                    "domestic",
                    round(c.population * j(50.0, 70.0) / 1e4 * c.g, 1),
                ),
                (
                    "industrial",
                    round(c.gdp_yuan / 1e4 * j(15.0, 30.0) / 1e4, 1),
                ),
                ("agricultural", round(c.paddy * j(5500.0, 7000.0) / 1e4, 1)),
            ],
        ),
    );
    ind.insert(
        "eco_energy".to_string(),
        input(
            "direct",
            &[("hydropower", round(c.area("reservoir") * j(8.0, 20.0), 0))],
        ),
    );
    ind.insert(
        "water_conservation".to_string(),
        input(
            "water_balance",
            &[
                ("precip", round(j(1650.0, 1950.0), 0)),
                ("et", round(j(760.0, 900.0), 0)),
            ],
        ),
    );
    let eroding = c.forest
        + c.paddy
        + c.area("dryland")
        + c.area("orchard")
        + c.area("tea_garden")
        + c.area("grassland");
    ind.insert(
        "soil_retention".to_string(),
        input(
            "rusle",
            &[
                ("r", round(j(5500.0, 8500.0), 0)),
                ("k", round(j(0.025, 0.04), 4)),
                ("ls", round(j(1.2, 3.0), 2)),
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
                ("lake_area", round(c.area("lake") / 100.0, 2)),
                ("lake_exchange", 1.0),
                (
                    "reservoir_capacity",
                    round(c.area("reservoir") * j(60.0, 120.0), 0),
                ),
                ("marsh_area", round(c.area("marsh") / 100.0, 2)),
            ],
        ),
    );
}

/// Carbon, oxygen, air and water purification, climate regulation, pest control.
fn air_and_climate(ind: &mut BTreeMap<String, IndicatorInput>, j: &mut Draw<'_>, c: &Basis) {
    ind.insert(
        "carbon_sequestration".to_string(),
        input(
            "nep",
            &[("nep", round(c.forest * j(2.5, 4.5) * c.g.sqrt(), 0))],
        ),
    );
    ind.insert("oxygen_release".to_string(), input("from_carbon", &[]));
    ind.insert(
        "air_purification".to_string(),
        input(
            "direct",
            &[
                ("so2", round(c.gdp_yuan / 1e8 * j(2.0, 6.0) / c.g, 1)),
                ("nox", round(c.gdp_yuan / 1e8 * j(3.0, 8.0) / c.g, 1)),
                ("dust", round(c.gdp_yuan / 1e8 * j(4.0, 12.0) / c.g, 1)),
            ],
        ),
    );
    ind.insert(
        "water_purification".to_string(),
        input(
            "direct",
            &[
                ("cod", round(c.population * j(0.012, 0.02) / c.g, 1)),
                ("nh3n", round(c.population * j(0.0015, 0.0025) / c.g, 1)),
                ("tp", round(c.population * j(0.0002, 0.0004) / c.g, 2)),
            ],
        ),
    );
    ind.insert(
        "climate_regulation".to_string(),
        input(
            "energy",
            &[
                ("epp", round(j(250.0, 350.0), 0)),
                ("ac_days", round(j(80.0, 105.0), 0)),
                (
                    "evaporation",
                    round(c.water_hm2 * j(2500.0, 3500.0) / 1e4, 1),
                ),
            ],
        ),
    );
    ind.insert(
        "pest_control".to_string(),
        input(
            "direct",
            &[
                ("forest", round(c.forest * j(0.25, 0.4) / 1e4, 3)),
                (
                    "grassland",
                    round(c.area("grassland") * j(0.3, 0.5) / 1e4, 3),
                ),
            ],
        ),
    );
}

/// Recreation and landscape value.
fn cultural(ind: &mut BTreeMap<String, IndicatorInput>, j: &mut Draw<'_>, c: &Basis) {
    ind.insert(
        "recreation".to_string(),
        input(
            "survey",
            &[
                ("visits", round(c.population / 1e4 * j(8.0, 20.0) * c.g, 1)),
                ("expense", round(j(150.0, 400.0), 0)),
                ("hours", round(j(4.0, 8.0), 1)),
                ("wage", round(j(25.0, 40.0) * c.g, 1)),
                ("cs", round(j(50.0, 150.0), 0)),
            ],
        ),
    );
    ind.insert(
        "landscape".to_string(),
        input(
            "direct",
            &[
                ("floor_area", round(c.population * j(1.5, 3.0), 0)),
                ("premium", round(j(100.0, 300.0), 0)),
            ],
        ),
    );
}

/// Illustrative standard equivalent from Jiangxi-like rice figures (1/7 of grain output value).
pub fn sample_esv() -> EsvSettings {
    EsvSettings {
        table: "xie2015".into(),
        standard_equivalent: StandardEquivalent::GrainOneSeventh {
            crops: vec![
                GrainCrop {
                    name: "早稻".into(),
                    sown_area_hm2: 1_150_000.0,
                    yield_kg_per_hm2: 5900.0,
                    price_yuan_per_kg: 2.6,
                },
                GrainCrop {
                    name: "中晚稻".into(),
                    sown_area_hm2: 2_100_000.0,
                    yield_kg_per_hm2: 6400.0,
                    price_yuan_per_kg: 2.8,
                },
            ],
            price_year: 2022,
            source: "示例数值：江西稻谷播种面积、单产与收购价量级（illustrative）".into(),
        },
        crosswalk: BTreeMap::new(),
    }
}

/// A synthetic project of `n` counties, two years, every indicator fed.
pub fn synthetic(n: usize, seed: u64) -> Project {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut p = Project::empty("合成项目 Synthetic project");
    p.meta.region = "合成全国县域 Synthetic national county set".into();
    p.meta.illustrative = true;
    p.meta.notes = format!("Synthetic data generated with seed {seed}; not real counties.");
    p.esv = sample_esv();
    let mut y1 = BTreeMap::new();
    let mut y2 = BTreeMap::new();
    for i in 0..n {
        let code = format!("{:06}", 100_000 + i);
        let area = rng.random_range(30_000.0..600_000.0_f64).round();
        let pop = rng.random_range(50_000.0..1_500_000.0_f64).round();
        let gdp = pop * rng.random_range(40_000.0..120_000.0);
        p.counties.push(County {
            code: code.clone(),
            name: Text::new(format!("合成县{i:04}"), format!("Synthetic county {i:04}")),
            land_area_hm2: area,
            prefecture: Some(format!("合成市{:03}", i / 10)),
        });
        // Same per-county stream for both years: land cover and local prices stay put; only
        // activity grows.
        let county_seed = seed ^ (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        y1.insert(
            code.clone(),
            fill_county(&mut StdRng::seed_from_u64(county_seed), area, pop, gdp, 1.0),
        );
        y2.insert(
            code,
            fill_county(
                &mut StdRng::seed_from_u64(county_seed),
                area,
                pop * 1.005,
                gdp * 1.05,
                1.04,
            ),
        );
    }
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
    p
}
