//! Hand-worked engine flows through the public API: small projects built in code, every value
//! worked out by hand in a comment and asserted exactly (relative 1e-12 unless said otherwise).
//!
//! Registry values used (assets/registry/parameters.ron, land_classes.ron, price_indices.ron):
//! reservoir_cost 7.06 元/m³ @2010; carbon_price 380 元/t CO₂ @2010; oxygen_price 727 元/t @2010;
//! elec_price 0.53 元/kWh @2010; cost_so2 1200, cost_nox 630, cost_dust 150 元/t @2010;
//! tax_air_jx 1.2 元/当量 @2018; eq_so2 0.95, eq_nox 0.95, eq_dust 4.0 kg/当量 (U);
//! reservoir_flood_share 0.35; marsh_detention_depth 0.3 m; ac_eer 3; latent_heat 2450 kJ/kg;
//! humidifier_kwh_m3 125; α broadleaf_forest 0.0465, orchard 0.0957, paddy none;
//! CPI (1978 = 100) 2010 536.1, 2015 615.2, 2018 650.9, 2020 686.5, 2021 692.7.

use std::collections::BTreeMap;

use gep_calc::engine::{
    Accounts, IndicatorAccount, Options, Origin, Status, compute, growth::growth,
};
use gep_calc::i18n::{Lang, Text};
use gep_calc::model::*;
use gep_calc::registry::{Category, PriceIndexSeries, Registry, Tag};
use gep_calc::units::Unit;
use gep_calc::validate::{IssueKind, Severity, validate};

const A: &str = "360101";
const B: &str = "360102";

const CPI_2010: f64 = 536.1;
const CPI_2015: f64 = 615.2;
const CPI_2018: f64 = 650.9;
const CPI_2020: f64 = 686.5;

fn close(got: f64, want: f64, rel: f64) -> bool {
    (got - want).abs() <= rel * want.abs().max(1e-9)
}

#[track_caller]
fn assert_close(got: f64, want: f64, what: &str) {
    assert!(close(got, want, 1e-12), "{what}: got {got}, want {want}");
}

/// A project with counties A (1000 hm²) and B (2000 hm²) and one empty period.
fn project(year: i32, framework: &str) -> Project {
    let mut p = Project::empty("engine flows");
    p.meta.framework = framework.into();
    p.counties.push(County {
        code: A.into(),
        name: Text::new("甲县", "County A"),
        land_area_hm2: 1000.0,
        prefecture: None,
    });
    p.counties.push(County {
        code: B.into(),
        name: Text::new("乙县", "County B"),
        land_area_hm2: 2000.0,
        prefecture: None,
    });
    p.periods.push(Period {
        year,
        counties: BTreeMap::new(),
    });
    p
}

fn cp<'a>(p: &'a mut Project, year: i32, code: &str) -> &'a mut CountyPeriod {
    p.period_mut(year)
        .unwrap_or_else(|| panic!("no period {year}"))
        .counties
        .entry(code.to_string())
        .or_default()
}

fn input(method: &str, pairs: &[(&str, f64)]) -> IndicatorInput {
    IndicatorInput {
        method: method.into(),
        values: pairs.iter().map(|(k, v)| ((*k).to_string(), *v)).collect(),
        ..Default::default()
    }
}

fn run(p: &Project, opts: &Options) -> Accounts {
    compute(p, Registry::builtin(), opts).unwrap_or_else(|e| panic!("{e}"))
}

fn ind<'a>(acc: &'a Accounts, code: &str, id: &str) -> &'a IndicatorAccount {
    acc.counties
        .iter()
        .find(|c| c.code == code)
        .unwrap_or_else(|| panic!("no county {code}"))
        .indicators
        .iter()
        .find(|a| &*a.id == id)
        .unwrap_or_else(|| panic!("no indicator {id} in {code}"))
}

#[track_caller]
fn computed<'a>(acc: &'a Accounts, code: &str, id: &str) -> &'a IndicatorAccount {
    let a = ind(acc, code, id);
    assert_eq!(a.status, Status::Computed, "{code} {id}: {:?}", a.status);
    a
}

fn totals(acc: &Accounts, code: &str) -> gep_calc::engine::Totals {
    acc.counties
        .iter()
        .find(|c| c.code == code)
        .map(|c| c.totals)
        .unwrap_or_else(|| panic!("no county {code}"))
}

fn cpi_series(values: &[(i32, f64)]) -> PriceIndexSeries {
    PriceIndexSeries {
        id: "cpi".into(),
        name: Text::new("项目价格指数", "Project CPI"),
        base: "2015=100".into(),
        values: values.iter().copied().collect(),
        source: "test series".into(),
        tag: Tag::V,
    }
}

fn override_param(value: f64, unit: Option<Unit>, price_year: Option<i32>) -> ParamOverride {
    ParamOverride {
        value,
        unit,
        price_year,
        source: "test override".into(),
        tag: Tag::V,
        note: String::new(),
    }
}

// ------------------------------------------------------------------------------------------
// Water balance through land cover
// ------------------------------------------------------------------------------------------

#[test]
fn water_balance_through_land_cover_at_the_accounting_price_year() {
    // 2020, P = 1600 mm, ET = 800 mm.
    //   broadleaf_forest 400 hm², α 0.0465: (1600 − 74.4 − 800) = 725.6 mm × 400 × 10 = 2 902 400 m³
    //   orchard          200 hm², α 0.0957: (1600 − 153.12 − 800) = 646.88 mm × 200 × 10 = 1 293 760 m³
    //   paddy            300 hm², no α: excluded.
    //   Q = 4 196 160 m³.
    // Price: reservoir_cost 7.06 元/m³ @2010 × 686.5/536.1 = 9.040 645 4 元/m³ (2020 prices).
    // V = 4 196 160 × 7.06 × 686.5/536.1 = 37 935 994.61 元.
    let mut p = project(2020, "gbt46869");
    let c = cp(&mut p, 2020, A);
    c.land_cover = [
        ("broadleaf_forest".to_string(), 400.0),
        ("orchard".to_string(), 200.0),
        ("paddy".to_string(), 300.0),
    ]
    .into_iter()
    .collect();
    c.indicators.insert(
        "water_conservation".into(),
        input("water_balance", &[("precip", 1600.0), ("et", 800.0)]),
    );
    let acc = run(&p, &Options::year(2020));
    assert_eq!(acc.price_year, 2020);
    let a = computed(&acc, A, "water_conservation");
    let q = a.quantity.map(|q| (q.value, q.unit));
    assert!(
        matches!(q, Some((v, Unit::M3)) if close(v, 4_196_160.0, 1e-12)),
        "{q:?}"
    );
    let price = 7.06 * CPI_2020 / CPI_2010;
    assert_close(
        a.components[0].price,
        price,
        "reservoir cost at 2020 prices",
    );
    assert_eq!(a.components[0].price_unit, Unit::YuanPerM3);
    assert_close(a.value, 4_196_160.0 * price, "value");
    assert!(close(a.value, 37_935_994.61, 1e-9), "{}", a.value);
    // The trace shows the two classes with a coefficient, never the paddy.
    let trace = a.trace.as_ref().expect("trace");
    let classes: std::collections::BTreeSet<&str> = trace
        .steps
        .iter()
        .filter_map(|s| match &s.origin {
            Origin::LandCover { class } => Some(&**class),
            _ => None,
        })
        .collect();
    assert_eq!(
        classes.into_iter().collect::<Vec<_>>(),
        ["broadleaf_forest", "orchard"]
    );
    assert_close(totals(&acc, A).regulating, a.value, "regulating subtotal");

    // A project runoff coefficient for paddy brings it in: (1600 − 400 − 800) × 300 × 10
    // = 1 200 000 m³ more.
    p.runoff_overrides.insert("paddy".into(), 0.25);
    let acc = run(&p, &Options::year(2020));
    let a = computed(&acc, A, "water_conservation");
    assert_close(
        a.quantity.map_or(0.0, |q| q.value),
        5_396_160.0,
        "Q with paddy override",
    );
}

// ------------------------------------------------------------------------------------------
// Flood storage model
// ------------------------------------------------------------------------------------------

#[test]
fn flood_storage_model_with_a_lake_coefficient_override() {
    // 2010 (price factor 1). Overrides lake_a = 5.0, lake_b = 0.5.
    //   Lake:      e^5 × 10^0.5 × 2 × 10⁴ = 148.413 159 × 3.162 278 × 2 × 10⁴ = 9 386 472.35 m³
    //   Reservoir: 0.35 × 500 万m³ (= 5 000 000 m³) = 1 750 000 m³
    //   Marsh:     1.5 km² × 10⁶ × 0.3 m = 450 000 m³
    //   V = (9 386 472.35 + 1 750 000 + 450 000) × 7.06 = 81 800 494.79 元.
    let mut p = project(2010, "gbt46869");
    cp(&mut p, 2010, A).indicators.insert(
        "flood_regulation".into(),
        input(
            "flood_storage",
            &[
                ("lake_area", 10.0),
                ("lake_exchange", 2.0),
                ("reservoir_capacity", 500.0),
                ("marsh_area", 1.5),
            ],
        ),
    );
    let reg = Registry::builtin();
    // Without an override the validator warns that the Qinghai–Tibet lake defaults are in use.
    let issues = validate(&p, reg);
    assert!(
        issues
            .iter()
            .any(|i| matches!(i.kind, IssueKind::LakeModelDefault)),
        "{issues:#?}"
    );
    p.price_overrides
        .insert("lake_a".into(), override_param(5.0, None, None));
    p.price_overrides
        .insert("lake_b".into(), override_param(0.5, None, None));
    let issues = validate(&p, reg);
    assert!(
        !issues
            .iter()
            .any(|i| matches!(i.kind, IssueKind::LakeModelDefault)),
        "{issues:#?}"
    );

    let acc = run(&p, &Options::year(2010));
    let a = computed(&acc, A, "flood_regulation");
    let lake = 5.0_f64.exp() * 10.0_f64.sqrt() * 2.0 * 1e4;
    assert!(close(lake, 9_386_472.35, 1e-9), "{lake}");
    let q: Vec<(&str, f64)> = a.components.iter().map(|c| (&*c.id, c.quantity)).collect();
    assert_eq!(q.len(), 3, "{q:?}");
    assert_eq!(q[0].0, "lake");
    assert_close(q[0].1, lake, "lake storage");
    assert_eq!(q[1].0, "reservoir");
    assert_close(q[1].1, 1_750_000.0, "reservoir storage");
    assert_eq!(q[2].0, "marsh");
    assert_close(q[2].1, 450_000.0, "marsh storage");
    assert_close(
        a.quantity.map_or(0.0, |q| q.value),
        lake + 2_200_000.0,
        "total storage",
    );
    assert_close(a.value, (lake + 2_200_000.0) * 7.06, "value");
    assert!(close(a.value, 81_800_494.79, 1e-9), "{}", a.value);
    // The overridden coefficient is in the trace, marked as overridden.
    let trace = a.trace.as_ref().expect("trace");
    let la = trace
        .params()
        .find(|p| &*p.id == "lake_a")
        .expect("lake_a in trace");
    assert!(la.overridden);
    assert_eq!(la.value, Some(5.0));
}

// ------------------------------------------------------------------------------------------
// Carbon by NEP and oxygen from carbon
// ------------------------------------------------------------------------------------------

#[test]
fn carbon_by_nep_and_oxygen_from_carbon_in_the_same_county() {
    // 2010. NEP = 1200 t C → Q_CO₂ = 44/12 × 1200 = 4400 t CO₂ × 380 = 1 672 000 元.
    // O₂ = 32/44 × 4400 = 3200 t × 727 = 2 326 400 元.
    let mut p = project(2010, "extended");
    let c = cp(&mut p, 2010, A);
    c.indicators.insert(
        "carbon_sequestration".into(),
        input("nep", &[("nep", 1200.0)]),
    );
    c.indicators
        .insert("oxygen_release".into(), input("from_carbon", &[]));
    let acc = run(&p, &Options::year(2010));
    let carbon = computed(&acc, A, "carbon_sequestration");
    assert_close(carbon.components[0].quantity, 4400.0, "CO₂");
    assert_eq!(carbon.components[0].unit, Unit::TCo2);
    assert_close(carbon.value, 1_672_000.0, "carbon value");
    let oxygen = computed(&acc, A, "oxygen_release");
    assert_close(oxygen.components[0].quantity, 3200.0, "O₂");
    assert_close(oxygen.value, 2_326_400.0, "oxygen value");
    // The oxygen trace names the carbon indicator it came from.
    let from_carbon =
        oxygen.trace.as_ref().expect("trace").steps.iter().any(
            |s| matches!(&s.origin, Origin::Indicator { id } if &**id == "carbon_sequestration"),
        );
    assert!(from_carbon);
    // Both count in `extended`; oxygen is a memo item under GB/T 46869.
    assert_close(
        totals(&acc, A).regulating,
        3_998_400.0,
        "extended regulating",
    );
    let acc = run(
        &p,
        &Options {
            framework: Some("gbt46869".into()),
            ..Options::year(2010)
        },
    );
    let t = totals(&acc, A);
    assert_close(t.regulating, 1_672_000.0, "gbt46869 regulating");
    assert_close(
        t.outside_framework,
        2_326_400.0,
        "oxygen outside the framework",
    );
    assert_close(t.gep, 1_672_000.0, "gbt46869 GEP");
}

// ------------------------------------------------------------------------------------------
// Climate regulation energy model
// ------------------------------------------------------------------------------------------

#[test]
fn climate_regulation_energy_model_uses_the_vegetated_land_cover() {
    // 2010. Vegetated: broadleaf_forest 500 + orchard 300 = 800 hm² = 8 km² (paddy 150 and
    // lake 50 are not vegetated).
    //   E_pt = 250 kJ/(m²·d) × 8 km² × 60 d × 10⁶ / (3600 × 3) = 11 111 111.11 kWh
    //   E_we = 100 万m³ = 10⁶ m³: 10⁶ × 1000 × 2450 / 3600 + 10⁶ × 125
    //        = 680 555 555.56 + 125 000 000 = 805 555 555.56 kWh
    //   V = (11 111 111.11 + 805 555 555.56) × 0.53 = 432 833 333.33 元.
    let mut p = project(2010, "gbt46869");
    let c = cp(&mut p, 2010, A);
    c.land_cover = [
        ("broadleaf_forest".to_string(), 500.0),
        ("orchard".to_string(), 300.0),
        ("paddy".to_string(), 150.0),
        ("lake".to_string(), 50.0),
    ]
    .into_iter()
    .collect();
    c.indicators.insert(
        "climate_regulation".into(),
        input(
            "energy",
            &[("epp", 250.0), ("ac_days", 60.0), ("evaporation", 100.0)],
        ),
    );
    let acc = run(&p, &Options::year(2010));
    let a = computed(&acc, A, "climate_regulation");
    let ept = 250.0 * 8.0 * 60.0 * 1e6 / (3600.0 * 3.0);
    let ewe = 1e6 * 1000.0 * 2450.0 / 3600.0 + 1e6 * 125.0;
    assert_eq!(a.components.len(), 2);
    assert_eq!(&*a.components[0].id, "transpiration");
    assert_close(a.components[0].quantity, ept, "E_pt");
    assert!(close(ept, 11_111_111.11, 1e-9));
    assert_eq!(&*a.components[1].id, "evaporation");
    assert_close(a.components[1].quantity, ewe, "E_we");
    assert_close(a.value, (ept + ewe) * 0.53, "value");
    assert!(close(a.value, 432_833_333.33, 1e-9), "{}", a.value);
    let s = a
        .trace
        .as_ref()
        .expect("trace")
        .steps
        .iter()
        .find(|s| s.symbol == "S")
        .map(|s| (s.value, s.unit));
    assert_eq!(s, Some((8.0, Unit::Km2)));
}

// ------------------------------------------------------------------------------------------
// Air purification: treatment cost vs environmental-protection tax
// ------------------------------------------------------------------------------------------

#[test]
fn air_purification_under_env_tax_and_treatment_cost() {
    // 2018. SO₂ 100 t, NOx 200 t, dust 1000 t.
    // TreatmentCost (@2010, × 650.9/536.1):
    //   (100 × 1200 + 200 × 630 + 1000 × 150) = 396 000 × 650.9/536.1 = 480 799.10 元.
    // EnvTax (tax 1.2 元/当量 @2018, factor 1; price = tax ÷ eq × 1000):
    //   SO₂ 1.2/0.95 × 1000 = 1263.157 89 元/t; NOx the same; dust 1.2/4 × 1000 = 300 元/t
    //   V = 300 × 1263.157 89 + 1000 × 300 = 378 947.37 + 300 000 = 678 947.37 元.
    let mut p = project(2018, "gbt46869");
    cp(&mut p, 2018, A).indicators.insert(
        "air_purification".into(),
        input(
            "direct",
            &[("so2", 100.0), ("nox", 200.0), ("dust", 1000.0)],
        ),
    );
    let acc = run(&p, &Options::year(2018));
    let a = computed(&acc, A, "air_purification");
    let f = CPI_2018 / CPI_2010;
    let prices: Vec<f64> = a.components.iter().map(|c| c.price).collect();
    assert_eq!(prices.len(), 3);
    assert_close(prices[0], 1200.0 * f, "SO₂ cost");
    assert_close(prices[1], 630.0 * f, "NOx cost");
    assert_close(prices[2], 150.0 * f, "dust cost");
    assert_close(a.value, 396_000.0 * f, "treatment-cost value");
    assert!(close(a.value, 480_799.10, 1e-8), "{}", a.value);

    p.meta.pollutant_pricing = PollutantPricing::EnvTax;
    let acc = run(&p, &Options::year(2018));
    let a = computed(&acc, A, "air_purification");
    let so2 = 1.2 / 0.95 * 1000.0;
    let prices: Vec<f64> = a.components.iter().map(|c| c.price).collect();
    assert_close(prices[0], so2, "SO₂ tax price");
    assert_close(prices[1], so2, "NOx tax price");
    assert_close(prices[2], 300.0, "dust tax price");
    assert_close(a.value, 300.0 * so2 + 300_000.0, "env-tax value");
    assert!(close(a.value, 678_947.37, 1e-8), "{}", a.value);
}

#[test]
fn statutory_water_tax_is_nominal_in_every_year_and_at_constant_prices() {
    // Jiangxi water tax 1.4 元/当量, in force from 2018, is a statutory rate: in 2022 COD is
    // 1.4 / 1 kg × 1000 = 1 400 元/t (not 1 400 × 706.6/650.9 = 1 519.80), NH₃-N 1.4/0.8 × 1000
    // = 1 750, TP 1.4/0.25 × 1000 = 5 600 元/t — at 2022 prices, at 2021 (constant) prices and
    // at 2010 prices alike. COD 10 t, NH₃-N 2 t, TP 1 t: V = 14 000 + 3 500 + 5 600 = 23 100 元.
    let mut p = project(2022, "gbt46869");
    p.meta.pollutant_pricing = PollutantPricing::EnvTax;
    cp(&mut p, 2022, A).indicators.insert(
        "water_purification".into(),
        input("direct", &[("cod", 10.0), ("nh3n", 2.0), ("tp", 1.0)]),
    );
    for price_year in [None, Some(2021), Some(2010)] {
        let acc = run(
            &p,
            &Options {
                price_year,
                ..Options::year(2022)
            },
        );
        let a = computed(&acc, A, "water_purification");
        let price = |id: &str| {
            a.components
                .iter()
                .find(|c| &*c.id == id)
                .map_or(0.0, |c| c.price)
        };
        assert_close(price("cod"), 1400.0, "COD tax price");
        assert_close(price("nh3n"), 1750.0, "NH₃-N tax price");
        assert_close(price("tp"), 5600.0, "TP tax price");
        assert_close(a.value, 23_100.0, "water purification under the tax");
    }
}

// ------------------------------------------------------------------------------------------
// Material products and a project CPI series
// ------------------------------------------------------------------------------------------

#[test]
fn material_products_lines_older_price_year_and_direct_output_value() {
    // Project CPI "cpi" (replaces the registry's): 2010 = 90, 2015 = 100, 2020 = 110. Year 2020.
    //   agriculture: rice 1000 t × 2800 元/t (price year = accounting year) = 2 800 000
    //                tea 10 t × 60 000 元/t @2015 × 110/100 = 66 000 元/t → 660 000
    //                → 3 460 000 元.
    //   forestry:    net output value 500 000 元 @2015 × 1.1 = 550 000 元.
    //   fishery:     gross output value 200 000 元 (current prices) = 200 000 元.
    //   carbon:      NEP 120 t C → 440 t CO₂ × 380 @2010 × 110/90 = 204 355.56 元 (the project
    //                series also moves registry prices; the registry CPI would give ×1.2805).
    let mut p = project(2020, "gbt46869");
    p.price_indices
        .push(cpi_series(&[(2010, 90.0), (2015, 100.0), (2020, 110.0)]));
    let c = cp(&mut p, 2020, A);
    c.indicators.insert(
        "agriculture".into(),
        IndicatorInput {
            products: vec![
                ProductLine {
                    name: "稻谷".into(),
                    quantity: 1000.0,
                    unit: Unit::T,
                    price: 2800.0,
                    price_year: None,
                    source: "test".into(),
                },
                ProductLine {
                    name: "茶叶".into(),
                    quantity: 10.0,
                    unit: Unit::T,
                    price: 60_000.0,
                    price_year: Some(2015),
                    source: "test".into(),
                },
            ],
            ..Default::default()
        },
    );
    c.indicators.insert(
        "forestry".into(),
        IndicatorInput {
            output_value: Some(OutputValue {
                value_yuan: 500_000.0,
                basis: OutputBasis::Net,
                price_year: Some(2015),
                source: "test".into(),
            }),
            ..Default::default()
        },
    );
    c.indicators.insert(
        "fishery".into(),
        IndicatorInput {
            output_value: Some(OutputValue {
                value_yuan: 200_000.0,
                basis: OutputBasis::Gross,
                price_year: None,
                source: "test".into(),
            }),
            ..Default::default()
        },
    );
    c.indicators.insert(
        "carbon_sequestration".into(),
        input("nep", &[("nep", 120.0)]),
    );
    let acc = run(&p, &Options::year(2020));
    let ag = computed(&acc, A, "agriculture");
    assert_eq!(ag.components.len(), 2);
    assert_close(ag.components[0].value, 2_800_000.0, "rice");
    assert_close(
        ag.components[1].price,
        66_000.0,
        "tea price moved 2015 → 2020",
    );
    assert_close(ag.components[1].value, 660_000.0, "tea");
    assert_close(ag.value, 3_460_000.0, "agriculture");
    assert_close(
        computed(&acc, A, "forestry").value,
        550_000.0,
        "forestry output value moved 2015 → 2020",
    );
    assert_close(computed(&acc, A, "fishery").value, 200_000.0, "fishery");
    let carbon = computed(&acc, A, "carbon_sequestration");
    assert_close(carbon.value, 440.0 * 380.0 * 110.0 / 90.0, "carbon");
    assert!(close(carbon.value, 204_355.555_6, 1e-9), "{}", carbon.value);
    let t = totals(&acc, A);
    assert_close(t.material, 4_210_000.0, "material subtotal");
    assert_close(t.market, 4_210_000.0, "market = material here");
    assert_close(t.non_market, carbon.value, "non-market = carbon");
    assert_close(t.gep, 4_210_000.0 + carbon.value, "GEP");
}

#[test]
fn livestock_counted_in_head_and_animals_is_priced_per_head() {
    // 生猪出栏 1 200 头 × 1 800 元/头 = 2 160 000; 肉鸡 50 000 只 × 35 元/只 = 1 750 000.
    let mut p = project(2020, "gbt46869");
    let line = |name: &str, q: f64, unit: Unit, price: f64| ProductLine {
        name: name.into(),
        quantity: q,
        unit,
        price,
        price_year: None,
        source: "test".into(),
    };
    cp(&mut p, 2020, A).indicators.insert(
        "livestock".into(),
        IndicatorInput {
            products: vec![
                line("生猪", 1200.0, Unit::Head, 1800.0),
                line("肉鸡", 50_000.0, Unit::Animal, 35.0),
            ],
            ..Default::default()
        },
    );
    let acc = run(&p, &Options::year(2020));
    let l = computed(&acc, A, "livestock");
    assert_close(l.components[0].value, 2_160_000.0, "pigs");
    assert_close(l.components[1].value, 1_750_000.0, "broilers");
    assert_close(l.value, 3_910_000.0, "livestock");
    assert_eq!(Unit::parse("头"), Some(Unit::Head));
    assert_eq!(Unit::parse("只"), Some(Unit::Animal));
    // A head is not a person: no conversion between them.
    assert_eq!(Unit::Head.convert(1.0, Unit::Person), None);
}

// ------------------------------------------------------------------------------------------
// Price-year conversion of registry prices
// ------------------------------------------------------------------------------------------

#[test]
fn price_year_option_scales_every_value_by_the_index_ratio() {
    // Same project at its own 2020 prices and at 2015 prices: every value (registry prices,
    // current-price product lines, ESV) scales by I_2015 / I_2020 = 615.2 / 686.5 = 0.896 14.
    let mut p = project(2020, "gbt46869");
    let c = cp(&mut p, 2020, A);
    c.land_cover = [
        ("broadleaf_forest".to_string(), 600.0),
        ("paddy".to_string(), 300.0),
    ]
    .into_iter()
    .collect();
    c.indicators.insert(
        "water_conservation".into(),
        input("water_balance", &[("precip", 1700.0), ("et", 850.0)]),
    );
    c.indicators.insert(
        "carbon_sequestration".into(),
        input("nep", &[("nep", 500.0)]),
    );
    c.indicators.insert(
        "climate_regulation".into(),
        input("direct", &[("transpiration", 10.0), ("evaporation", 5.0)]),
    );
    c.indicators.insert(
        "agriculture".into(),
        IndicatorInput {
            products: vec![ProductLine {
                name: "稻谷".into(),
                quantity: 500.0,
                unit: Unit::T,
                price: 2700.0,
                price_year: None,
                source: "test".into(),
            }],
            ..Default::default()
        },
    );
    let own = run(&p, &Options::year(2020));
    let at2015 = run(
        &p,
        &Options {
            price_year: Some(2015),
            ..Options::year(2020)
        },
    );
    assert_eq!(own.price_year, 2020);
    assert_eq!(at2015.price_year, 2015);
    let ratio = CPI_2015 / CPI_2020;
    let mut checked = 0;
    for (x, y) in own.counties[0]
        .indicators
        .iter()
        .zip(&at2015.counties[0].indicators)
    {
        assert_eq!(x.id, y.id);
        if x.status == Status::Computed {
            assert_eq!(y.status, Status::Computed, "{}", x.id);
            assert!(x.value > 0.0, "{}", x.id);
            assert_close(y.value, x.value * ratio, &x.id);
            checked += 1;
        }
    }
    assert_eq!(checked, 4);
    // Hand check of one value: carbon 500 × 44/12 × 380 × 615.2/536.1 at 2015 prices.
    assert_close(
        computed(&at2015, A, "carbon_sequestration").value,
        500.0 * 44.0 / 12.0 * 380.0 * CPI_2015 / CPI_2010,
        "carbon at 2015 prices",
    );
    assert_close(
        at2015.counties[0].totals.gep,
        own.counties[0].totals.gep * ratio,
        "GEP",
    );
    let esv = |a: &Accounts| a.counties[0].esv.as_ref().map_or(f64::NAN, |e| e.total);
    assert!(esv(&own) > 0.0);
    assert_close(esv(&at2015), esv(&own) * ratio, "ESV");
}

// ------------------------------------------------------------------------------------------
// Constant-price growth
// ------------------------------------------------------------------------------------------

#[test]
fn constant_price_growth_of_ten_percent_more_of_everything_is_ten_percent() {
    // 2020 → 2021, base year 2020. County A has 10 % more of every quantity in 2021: NEP
    // 1000 → 1100 t C, water conserved 200 → 220 万m³, rice 1000 → 1100 t at 2700 元/t
    // (price year 2020 in both years). At 2020 prices GEP grows by exactly 10 %.
    // GEP_2020 = 1000 × 44/12 × 380 × f + 2 000 000 × 7.06 × f + 2 700 000, f = 686.5/536.1.
    // County B enters nothing: no growth figure (GEP 0).
    let mut p = project(2020, "gbt46869");
    p.periods.push(Period {
        year: 2021,
        counties: BTreeMap::new(),
    });
    for (year, k) in [(2020, 1.0), (2021, 1.1)] {
        let c = cp(&mut p, year, A);
        c.indicators.insert(
            "carbon_sequestration".into(),
            input("nep", &[("nep", 1000.0 * k)]),
        );
        c.indicators.insert(
            "water_conservation".into(),
            input("direct", &[("water", 200.0 * k)]),
        );
        c.indicators.insert(
            "agriculture".into(),
            IndicatorInput {
                products: vec![ProductLine {
                    name: "稻谷".into(),
                    quantity: 1000.0 * k,
                    unit: Unit::T,
                    price: 2700.0,
                    price_year: Some(2020),
                    source: "test".into(),
                }],
                ..Default::default()
            },
        );
    }
    let reg = Registry::builtin();
    let g = growth(&p, reg, 2020, 2021, None, None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((g.from_year, g.to_year, g.base_year), (2020, 2021, 2020));
    let f = CPI_2020 / CPI_2010;
    let gep_2020 = 1000.0 * 44.0 / 12.0 * 380.0 * f + 2_000_000.0 * 7.06 * f + 2_700_000.0;
    let a = &g.counties[0];
    assert_eq!(a.code, A);
    assert_close(a.gep_from, gep_2020, "GEP 2020 at 2020 prices");
    assert_close(a.gep_to, gep_2020 * 1.1, "GEP 2021 at 2020 prices");
    let real = a.real_growth.expect("growth of county A");
    assert!((real - 0.1).abs() < 1e-12, "{real}");
    assert_eq!(g.counties[1].real_growth, None);
    let region = g.region.real_growth.expect("region growth");
    assert!((region - 0.1).abs() < 1e-12, "{region}");

    // At each year's own prices the same data grows by more than 10 % (nominal growth):
    // registry prices are inflated by 692.7/686.5.
    let nominal = run(&p, &Options::year(2021)).counties[0].totals.gep
        / run(&p, &Options::year(2020)).counties[0].totals.gep
        - 1.0;
    assert!(nominal > 0.1 + 1e-4, "{nominal}");
}

// ------------------------------------------------------------------------------------------
// Custom indicator
// ------------------------------------------------------------------------------------------

fn custom(unit: Unit, price: f64, frameworks: &[&str]) -> CustomIndicator {
    CustomIndicator {
        id: "tea_oil".into(),
        name: Text::new("油茶", "Tea-oil camellia"),
        category: Category::Material,
        frameworks: frameworks.iter().map(|s| (*s).to_string()).collect(),
        unit,
        price,
        price_year: 2020,
        source: "test".into(),
        tag: Tag::V,
        market: true,
        change: false,
    }
}

#[test]
fn custom_indicator_counts_only_in_the_frameworks_it_lists() {
    // 1000 t × 50 元/t (2020 prices, year 2020) = 50 000 元, listed for ndrc2022 only.
    let mut p = project(2020, "gbt46869");
    p.custom_indicators
        .push(custom(Unit::T, 50.0, &["ndrc2022"]));
    cp(&mut p, 2020, A)
        .indicators
        .insert("tea_oil".into(), input("direct", &[("quantity", 1000.0)]));
    let acc = run(&p, &Options::year(2020));
    let a = computed(&acc, A, "tea_oil");
    assert!(!a.counted);
    assert_close(a.value, 50_000.0, "custom value");
    let t = totals(&acc, A);
    assert_close(t.outside_framework, 50_000.0, "memo under gbt46869");
    assert_eq!(t.gep, 0.0);
    assert_eq!(t.material, 0.0);

    let acc = run(
        &p,
        &Options {
            framework: Some("ndrc2022".into()),
            ..Options::year(2020)
        },
    );
    let a = computed(&acc, A, "tea_oil");
    assert!(a.counted);
    let t = totals(&acc, A);
    assert_close(t.material, 50_000.0, "material under ndrc2022");
    assert_close(t.market, 50_000.0, "market under ndrc2022");
    assert_close(t.gep, 50_000.0, "GEP under ndrc2022");
    assert_eq!(t.outside_framework, 0.0);
    // Same id order as the registry, custom indicators last.
    assert_eq!(acc.counties[0].indicators.len(), 21);
    assert_eq!(&*acc.counties[0].indicators[20].id, "tea_oil");
}

/// Regression: a custom indicator in a non-canonical unit (亩) is priced per canonical unit
/// (300 元/亩 = 4 500 元/hm²), never silently priced at zero.
#[test]
fn custom_indicator_priced_per_mu_is_not_a_silent_zero() {
    let mut p = project(2020, "gbt46869");
    p.custom_indicators
        .push(custom(Unit::Mu, 300.0, &["gbt46869"]));
    cp(&mut p, 2020, A)
        .indicators
        .insert("tea_oil".into(), input("direct", &[("quantity", 100.0)]));
    let acc = run(&p, &Options::year(2020));
    let a = ind(&acc, A, "tea_oil");
    if a.status == Status::Computed {
        assert_close(a.value, 30_000.0, "100 亩 × 300 元/亩");
    } else {
        let issues = validate(&p, Registry::builtin());
        assert!(
            issues
                .iter()
                .any(|i| i.severity == Severity::Error && i.field.contains("tea_oil")),
            "status {:?} but no validation error: {issues:#?}",
            a.status
        );
    }
}

// ------------------------------------------------------------------------------------------
// GB/T 46869 imported-products deduction
// ------------------------------------------------------------------------------------------

#[test]
fn gbt46869_deducts_imported_products_and_ndrc2022_does_not() {
    // 2020. Agriculture output 10 000 000 元, imported ecological products 1 000 000 元.
    //   gbt46869: gross 10 000 000, deduction 1 000 000, GEP 9 000 000, market 9 000 000.
    //   ndrc2022: GEP 10 000 000, no deduction.
    //   At 2015 prices (gbt46869): everything × 615.2/686.5, deduction included.
    let mut p = project(2020, "gbt46869");
    let c = cp(&mut p, 2020, A);
    c.imported_products_yuan = 1_000_000.0;
    c.indicators.insert(
        "agriculture".into(),
        IndicatorInput {
            output_value: Some(OutputValue {
                value_yuan: 10_000_000.0,
                basis: OutputBasis::Gross,
                price_year: None,
                source: "test".into(),
            }),
            ..Default::default()
        },
    );
    let acc = run(&p, &Options::year(2020));
    let t = totals(&acc, A);
    assert_close(t.gross, 10_000_000.0, "gross");
    assert_close(t.imported_deduction, 1_000_000.0, "deduction");
    assert_close(t.gep, 9_000_000.0, "GEP");
    assert_close(t.market, 9_000_000.0, "market after deduction");
    assert_close(acc.region.totals.gep, 9_000_000.0, "region GEP");

    let acc = run(
        &p,
        &Options {
            framework: Some("ndrc2022".into()),
            ..Options::year(2020)
        },
    );
    let t = totals(&acc, A);
    assert_eq!(t.imported_deduction, 0.0);
    assert_close(t.gep, 10_000_000.0, "ndrc2022 GEP");

    let acc = run(
        &p,
        &Options {
            price_year: Some(2015),
            ..Options::year(2020)
        },
    );
    let t = totals(&acc, A);
    let r = CPI_2015 / CPI_2020;
    assert_close(
        t.imported_deduction,
        1_000_000.0 * r,
        "deduction at 2015 prices",
    );
    assert_close(t.gep, 9_000_000.0 * r, "GEP at 2015 prices");
}

// ------------------------------------------------------------------------------------------
// Missing inputs; carbon price override per t C
// ------------------------------------------------------------------------------------------

#[test]
fn missing_required_input_is_incomplete_and_left_out_of_totals() {
    // County A: water balance with P only (ET missing) → Incomplete, not summed; oxygen from
    // carbon with no carbon → Incomplete too. Carbon NEP 100 t C in county B counts:
    // 100 × 44/12 × 380 = 139 333.33 元 (2010).
    let mut p = project(2010, "extended");
    let a = cp(&mut p, 2010, A);
    a.land_cover.insert("broadleaf_forest".into(), 500.0);
    a.indicators.insert(
        "water_conservation".into(),
        input("water_balance", &[("precip", 1600.0)]),
    );
    a.indicators
        .insert("oxygen_release".into(), input("from_carbon", &[]));
    cp(&mut p, 2010, B).indicators.insert(
        "carbon_sequestration".into(),
        input("nep", &[("nep", 100.0)]),
    );
    let acc = run(&p, &Options::year(2010));
    let w = ind(&acc, A, "water_conservation");
    assert_eq!(
        w.status,
        Status::Incomplete {
            missing: vec!["et".into()]
        }
    );
    assert_eq!(w.value, 0.0);
    assert!(w.components.is_empty() && w.quantity.is_none());
    let o = ind(&acc, A, "oxygen_release");
    assert_eq!(
        o.status,
        Status::Incomplete {
            missing: vec!["carbon_sequestration".into()]
        }
    );
    let t = totals(&acc, A);
    assert_eq!((t.gep, t.regulating, t.outside_framework), (0.0, 0.0, 0.0));
    assert!(
        acc.problems.iter().any(|pr| pr.county.as_deref() == Some(A)
            && pr.indicator.as_deref() == Some("water_conservation")
            && pr.message_en.contains("et")),
        "{:#?}",
        acc.problems
    );
    let carbon_b = 100.0 * 44.0 / 12.0 * 380.0;
    assert_close(
        acc.region.totals.gep,
        carbon_b,
        "region GEP = county B carbon only",
    );
    // Validation names the missing input.
    let issues = validate(&p, Registry::builtin());
    assert!(
        issues.iter().any(|i| i.severity == Severity::Error
            && i.county.as_deref() == Some(A)
            && i.field == "indicators.water_conservation.et"),
        "{issues:#?}"
    );
}

#[test]
fn carbon_price_override_per_t_c_is_applied_per_t_co2_times_12_over_44() {
    // Override carbon_price = 1200 元/t C @2010 → 1200 × 12/44 = 327.272 7 元/t CO₂.
    // NEP 120 t C → 440 t CO₂ × 327.2727 = 144 000 元 (= 120 t C × 1200 元/t C).
    let mut p = project(2010, "gbt46869");
    p.price_overrides.insert(
        "carbon_price".into(),
        override_param(1200.0, Some(Unit::YuanPerTC), Some(2010)),
    );
    cp(&mut p, 2010, A).indicators.insert(
        "carbon_sequestration".into(),
        input("nep", &[("nep", 120.0)]),
    );
    let acc = run(&p, &Options::year(2010));
    let a = computed(&acc, A, "carbon_sequestration");
    assert_close(
        a.components[0].price,
        1200.0 * 12.0 / 44.0,
        "price per t CO₂",
    );
    assert_eq!(a.components[0].price_unit, Unit::YuanPerTCo2);
    assert_close(a.value, 144_000.0, "value");
}

// ------------------------------------------------------------------------------------------
// Validation of parameters in use
// ------------------------------------------------------------------------------------------

#[test]
fn unverified_parameter_in_use_is_a_warning_and_a_parameter_without_value_is_an_error() {
    // EnvTax pricing uses eq_so2 (tag U) → warning; coastal protection uses coastal_cost,
    // which has no value → error, and the indicator is Incomplete.
    let mut p = project(2018, "gbt46869");
    p.meta.pollutant_pricing = PollutantPricing::EnvTax;
    let c = cp(&mut p, 2018, A);
    c.indicators.insert(
        "air_purification".into(),
        input("direct", &[("so2", 10.0), ("nox", 10.0), ("dust", 10.0)]),
    );
    c.indicators.insert(
        "coastal_protection".into(),
        input("direct", &[("coastline", 1000.0)]),
    );
    let reg = Registry::builtin();
    let issues = validate(&p, reg);
    let eq_so2 = issues
        .iter()
        .find(|i| matches!(&i.kind, IssueKind::UnverifiedParam { param, .. } if param == "eq_so2"))
        .unwrap_or_else(|| panic!("no eq_so2 warning: {issues:#?}"));
    assert_eq!(eq_so2.severity, Severity::Warning);
    assert_eq!(eq_so2.field, "params.eq_so2");
    assert!(eq_so2.message(Lang::Zh).contains("eq_so2"));
    assert!(eq_so2.message(Lang::En).contains("unverified"));
    let coastal = issues
        .iter()
        .find(|i| {
            matches!(&i.kind, IssueKind::MissingParamValue { param } if param == "coastal_cost")
        })
        .unwrap_or_else(|| panic!("no coastal_cost error: {issues:#?}"));
    assert_eq!(coastal.severity, Severity::Error);
    let acc = run(&p, &Options::year(2018));
    assert_eq!(
        ind(&acc, A, "coastal_protection").status,
        Status::Incomplete {
            missing: vec!["coastal_cost".into()]
        }
    );

    // Under treatment-cost pricing the equivalents are not used: no eq_so2 warning.
    p.meta.pollutant_pricing = PollutantPricing::TreatmentCost;
    let issues = validate(&p, reg);
    assert!(
        !issues.iter().any(
            |i| matches!(&i.kind, IssueKind::UnverifiedParam { param, .. } if param == "eq_so2")
        ),
        "{issues:#?}"
    );
}

/// Regression: a price that cannot be moved to the accounting year (no index value for its
/// price year) fails the indicator, and `validate` says so in Chinese as well as English.
#[test]
fn price_conversion_failure_is_reported_in_chinese_too() {
    let mut p = project(2020, "gbt46869");
    cp(&mut p, 2020, A).indicators.insert(
        "agriculture".into(),
        IndicatorInput {
            products: vec![ProductLine {
                name: "木材".into(),
                quantity: 10.0,
                unit: Unit::T,
                price: 500.0,
                price_year: Some(1950),
                source: "test".into(),
            }],
            ..Default::default()
        },
    );
    let acc = run(&p, &Options::year(2020));
    assert!(matches!(
        ind(&acc, A, "agriculture").status,
        Status::Failed { .. }
    ));
    let issues = validate(&p, Registry::builtin());
    let issue = issues
        .iter()
        .find(|i| i.severity == Severity::Error && i.field == "indicators.agriculture")
        .unwrap_or_else(|| panic!("no error for the 1950 price: {issues:#?}"));
    let en = issue.message(Lang::En);
    assert!(en.contains("1950"), "{en}");
    let zh = issue.message(Lang::Zh);
    assert!(zh.contains("1950"), "{zh}");
    // The Chinese message must say what is wrong in Chinese, not only the place ("2020年…").
    let what = zh.rsplit(": ").next().unwrap_or_default();
    assert!(
        what.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "Chinese message has no Chinese explanation: {zh}"
    );
}

/// Regression: an override in a unit that cannot be converted to the registry's (元/m³ for a
/// carbon price) is reported against `price_overrides.carbon_price`, not as a missing default.
#[test]
fn override_in_an_unconvertible_unit_is_reported_as_such() {
    let mut p = project(2010, "gbt46869");
    p.price_overrides.insert(
        "carbon_price".into(),
        override_param(100.0, Some(Unit::YuanPerM3), Some(2010)),
    );
    cp(&mut p, 2010, A).indicators.insert(
        "carbon_sequestration".into(),
        input("nep", &[("nep", 120.0)]),
    );
    let acc = run(&p, &Options::year(2010));
    assert_ne!(
        ind(&acc, A, "carbon_sequestration").status,
        Status::Computed
    );
    let issues = validate(&p, Registry::builtin());
    let errors: Vec<String> = issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .map(|i| format!("{} | {}", i.field, i.message(Lang::En)))
        .collect();
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("price_overrides.carbon_price")
                || e.contains(Unit::YuanPerM3.en())
                || e.contains(Unit::YuanPerM3.key())),
        "the bad override unit is not reported: {errors:#?}"
    );
}

// ------------------------------------------------------------------------------------------
// ESV standard equivalent: net-profit shares must sum to 1 (a validation issue, not a view sum)
// ------------------------------------------------------------------------------------------

#[test]
fn net_profit_shares_not_summing_to_one_are_a_validation_warning() {
    let mut p = project(2020, "gbt46869");
    let crops = |a: f64, b: f64| {
        vec![
            NetProfitCrop {
                name: "稻谷".into(),
                sown_share: a,
                net_profit_yuan_per_hm2: 1000.0,
            },
            NetProfitCrop {
                name: "玉米".into(),
                sown_share: b,
                net_profit_yuan_per_hm2: 3000.0,
            },
        ]
    };
    p.esv.standard_equivalent = StandardEquivalent::NetProfit {
        crops: crops(0.5, 0.4),
        price_year: 2020,
        source: String::new(),
    };
    let issues = validate(&p, Registry::builtin());
    let hit = issues
        .iter()
        .find(|i| matches!(i.kind, IssueKind::SharesNotOne { .. }));
    assert!(
        hit.is_some_and(|i| i.severity == Severity::Warning),
        "{issues:#?}"
    );
    assert_eq!(
        hit.map(|i| i.kind.message(Lang::En)).unwrap_or_default(),
        "the sown shares of the net-profit derivation sum to 0.9000; they should sum to 1, check the shares"
    );
    p.esv.standard_equivalent = StandardEquivalent::NetProfit {
        crops: crops(0.5, 0.5),
        price_year: 2020,
        source: String::new(),
    };
    let issues = validate(&p, Registry::builtin());
    assert!(
        !issues
            .iter()
            .any(|i| matches!(i.kind, IssueKind::SharesNotOne { .. })),
        "{issues:#?}"
    );
}
