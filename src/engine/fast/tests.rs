//! The fast path equals the reference path: a property test over random projects (every
//! method of every indicator, every framework, custom indicators and land classes, price
//! overrides, entered values, material products as lines and output values, constant prices,
//! pollutant pricing, ESV coefficients, ecosystem parts, and inputs missing or not finite so
//! that counties take the reference path), compared as serialised JSON (so −0.0 ≠ 0.0), and the
//! columns' totals bit for bit.

use proptest::prelude::*;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use super::{Columns, Compiled};
use crate::engine::{Accounts, Options, compute};
use crate::i18n::Text;
use crate::model::{
    AdjustEntry, County, CustomIndicator, CustomLandClass, EcosystemPart, EnteredValue,
    IndicatorInput, OutputBasis, OutputValue, ParamOverride, PollutantPricing, ProductLine,
    Project,
};
use crate::registry::{Category, Formula, Registry, Tag};
use crate::units::Unit;

const CLASSES: [&str; 8] = [
    "broadleaf_forest",
    "paddy",
    "dryland",
    "lake",
    "river",
    "urban",
    "grassland",
    "my_class",
];

/// A random input of indicator `id`; `dirty` = with what the reference reports (a missing or
/// non-finite input, an unknown method, an entered value in a unit that is not money or of a
/// year without a price index, products and an output value both entered).
fn input(
    rng: &mut StdRng,
    reg: &Registry,
    p: &Project,
    id: &str,
    dirty: bool,
) -> Option<IndicatorInput> {
    let specs = crate::model::catalogue::indicators(p, reg);
    let spec = specs.iter().find(|s| s.id == id)?;
    let roll = rng.random_range(0..100);
    // Coastal protection has no default price: entered only with an override, or dirty.
    let no_price = id == "coastal_protection" && !p.price_overrides.contains_key("coastal_cost");
    if roll < 10 || (no_price && !dirty) {
        return None;
    }
    let mut inp = IndicatorInput::default();
    let mut m = &spec.methods[rng.random_range(0..spec.methods.len())];
    inp.method = match rng.random_range(0..40) {
        0 if dirty => "no_such_method".into(),
        // The default method.
        1..=8 => {
            m = &spec.methods[0];
            String::new()
        }
        _ => m.id.clone(),
    };
    if roll < 18 {
        let unit = [Unit::Yuan, Unit::WanYuan, Unit::YiYuan, Unit::T][rng.random_range(0..4)];
        inp.entered_value = Some(EnteredValue {
            amount: rng.random_range(-5.0..500.0),
            unit: if dirty && rng.random_range(0..10) == 0 {
                unit
            } else {
                Unit::WanYuan
            },
            price_year: [None, Some(2020), Some(2021), Some(1900)]
                [rng.random_range(0..if dirty { 4 } else { 3 })],
            source: "study".into(),
        });
    }
    if matches!(spec.formula, Formula::Products) {
        let lines = rng.random_range(0..4);
        let units = [Unit::T, Unit::Head, Unit::M3, Unit::Kg];
        for j in 0..lines {
            inp.products.push(ProductLine {
                name: format!("p{}", rng.random_range(0..3) + j),
                quantity: rng.random_range(0.0..1e5),
                unit: units[rng.random_range(0..units.len())],
                price: rng.random_range(1.0..1e4),
                price_year: [None, Some(2020), Some(2021)][rng.random_range(0..3)],
                source: String::new(),
            });
        }
        if lines == 0 || (dirty && rng.random_range(0..8) == 0) {
            inp.output_value = Some(OutputValue {
                value_yuan: rng.random_range(0.0..1e8),
                basis: if rng.random_bool(0.5) {
                    OutputBasis::Gross
                } else {
                    OutputBasis::Net
                },
                price_year: [None, Some(2021)][rng.random_range(0..2)],
                source: String::new(),
            });
        }
        return Some(inp);
    }
    for i in &m.inputs {
        let v = match rng.random_range(0..100) {
            0..=5 if dirty || !i.required => continue,
            6 if dirty => f64::NAN,
            // A value so large the result is ∞: the reference path reports it.
            7 if dirty => 1e308,
            7..=9 => 0.0,
            _ => rng.random_range(0.0..1.0) * 10f64.powi(rng.random_range(0..6)),
        };
        inp.values.insert(i.id.clone(), v);
    }
    Some(inp)
}

/// A random project with `n` counties, both years filled; the options to compute it with.
fn project(seed: u64) -> (Project, Options) {
    let reg = Registry::builtin();
    let mut rng = StdRng::seed_from_u64(seed);
    let mut p = crate::sample::synthetic(0, seed);
    p.meta.framework = reg.frameworks[rng.random_range(0..reg.frameworks.len())]
        .id
        .clone();
    p.meta.pollutant_pricing = if rng.random_bool(0.5) {
        PollutantPricing::EnvTax
    } else {
        PollutantPricing::TreatmentCost
    };
    p.custom_land_classes.push(CustomLandClass {
        id: "my_class".into(),
        name: Text::new("自定义", "Mine"),
        runoff_coeff: Some(0.3),
        vegetated: rng.random_bool(0.5),
        ecosystem: None,
    });
    if rng.random_bool(0.5) {
        p.runoff_overrides
            .insert("paddy".into(), rng.random_range(0.0..0.5));
    }
    for k in 0..rng.random_range(0..3) {
        p.custom_indicators.push(CustomIndicator {
            id: format!("custom_{k}"),
            name: Text::new("自定义指标", "Custom"),
            category: [Category::Material, Category::Regulating, Category::Cultural][k % 3],
            frameworks: vec![p.meta.framework.clone()],
            unit: [Unit::T, Unit::Mu, Unit::M3][rng.random_range(0..3)],
            price: rng.random_range(1.0..100.0),
            price_year: 2020,
            source: String::new(),
            tag: Tag::U,
            market: rng.random_bool(0.5),
            change: rng.random_bool(0.3),
        });
    }
    for param in &reg.params {
        if rng.random_range(0..15) == 0 {
            p.price_overrides.insert(
                param.id.clone(),
                ParamOverride {
                    value: rng.random_range(0.0..1000.0),
                    unit: None,
                    price_year: [None, Some(2020), Some(2022)][rng.random_range(0..3)],
                    source: "override".into(),
                    tag: Tag::D,
                    note: String::new(),
                },
            );
        }
    }
    let ids: Vec<String> = crate::model::catalogue::indicators(&p, reg)
        .iter()
        .map(|s| s.id.clone())
        .collect();
    let n = rng.random_range(1..7);
    for c in 0..n {
        let code = format!("{:06}", 360_000 + c);
        p.counties.push(County {
            code: code.clone(),
            name: Text::new(format!("县{c}"), format!("County {c}")),
            land_area_hm2: rng.random_range(1e3..1e6),
            prefecture: None,
        });
        for y in 0..p.periods.len() {
            let mut cp = crate::model::CountyPeriod::default();
            for class in CLASSES {
                if rng.random_bool(0.6) {
                    cp.land_cover
                        .insert(class.into(), rng.random_range(0.0..1e5));
                }
            }
            let dirty = rng.random_range(0..4) == 0;
            for id in &ids {
                if let Some(inp) = input(&mut rng, reg, &p, id, dirty) {
                    cp.indicators.insert(id.clone(), inp);
                }
            }
            cp.population = rng.random_bool(0.8).then(|| rng.random_range(1e4..1e6));
            cp.gdp_yuan = rng.random_bool(0.8).then(|| rng.random_range(1e8..1e11));
            if rng.random_bool(0.3) {
                cp.imported_products_yuan = rng.random_range(0.0..1e7);
            }
            if rng.random_bool(0.3) {
                cp.esv_adjust.npp = Some(AdjustEntry::Coefficient(rng.random_range(0.5..1.5)));
                cp.esv_adjust.soil = Some(AdjustEntry::Value(rng.random_range(1.0..100.0)));
            }
            if rng.random_range(0..12) == 0 {
                let mut part = EcosystemPart::default();
                if let Some(inp) = input(&mut rng, reg, &p, "carbon_sequestration", false) {
                    part.indicators.insert("carbon_sequestration".into(), inp);
                }
                cp.ecosystem_parts.insert("forest".into(), part);
            }
            p.periods[y].counties.insert(code.clone(), cp);
        }
    }
    let year = p.periods[rng.random_range(0..p.periods.len())].year;
    let price_year = [None, Some(2021), Some(2022)][rng.random_range(0..3)];
    if rng.random_bool(0.3) {
        p.meta.base_year = Some(2021);
    }
    let options = Options {
        year,
        framework: rng.random_bool(0.2).then(|| "ndrc2022".to_string()),
        price_year,
        traces: false,
    };
    (p, options)
}

fn json(a: &Accounts) -> String {
    serde_json::to_string(a).unwrap_or_else(|e| panic!("{e}"))
}

/// The first path where two JSON documents differ.
fn first_difference(a: &serde_json::Value, b: &serde_json::Value, at: &str) -> Option<String> {
    use serde_json::Value;
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => x
            .iter()
            .find_map(|(k, v)| match y.get(k) {
                Some(w) => first_difference(v, w, &format!("{at}.{k}")),
                None => Some(format!("{at}.{k} missing")),
            })
            .or_else(|| (x.len() != y.len()).then(|| format!("{at}: keys differ"))),
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (v, w))| first_difference(v, w, &format!("{at}[{i}]"))),
        _ if a.to_string() == b.to_string() => None,
        _ => Some(format!("{at}: {a} vs {b}")),
    }
}

fn same(p: &Project, options: &Options) {
    let reg = Registry::builtin();
    let reference = compute(p, reg, options);
    let fast = super::compute(p, reg, options);
    let (reference, fast) = match (reference, fast) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(a), Err(b)) => return assert_eq!(a, b),
        (a, b) => panic!("{:?} vs {:?}", a.err(), b.err()),
    };
    let (x, y) = (json(&reference), json(&fast));
    if x != y {
        let a: serde_json::Value = serde_json::from_str(&x).unwrap_or_default();
        let b: serde_json::Value = serde_json::from_str(&y).unwrap_or_default();
        panic!("paths differ: {:?}", first_difference(&a, &b, ""));
    }
    // The columns alone (what scenarios and Monte Carlo read) carry the same totals.
    let compiled = Compiled::new(p, reg, options).unwrap_or_else(|e| panic!("{e}"));
    let mut cols = Columns::default();
    compiled.evaluate(&mut cols);
    for (c, county) in reference.counties.iter().enumerate() {
        assert_eq!(
            json_of(&cols.totals[c]),
            json_of(&county.totals),
            "county {c}"
        );
        if let (Some(e), None) = (&county.esv, &compiled.reference[c]) {
            assert_eq!(cols.esv_total[c].to_bits(), e.total.to_bits());
            assert_eq!(cols.esv_market[c].to_bits(), e.market.to_bits());
            assert_eq!(
                cols.esv_unadjusted[c].to_bits(),
                e.unadjusted_total.to_bits()
            );
        }
    }
    assert_eq!(
        json_of(&cols.region),
        json_of(&reference.region.totals),
        "region"
    );
    assert_eq!(
        cols.region_esv.to_bits(),
        reference.region.esv_total.to_bits()
    );
}

fn json_of<T: serde::Serialize>(t: &T) -> String {
    serde_json::to_string(t).unwrap_or_default()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn fast_path_equals_the_reference(seed in any::<u64>()) {
        let (p, options) = project(seed);
        same(&p, &options);
    }
}

#[test]
fn the_synthetic_project_runs_wholly_on_the_fast_path() {
    let p = crate::sample::synthetic(60, 42);
    let reg = Registry::builtin();
    let options = Options {
        traces: false,
        ..Options::year(2022)
    };
    let compiled = Compiled::new(&p, reg, &options).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(compiled.reference_counties(), 0);
    same(&p, &options);
    let base = Options {
        price_year: Some(2021),
        ..options
    };
    same(&p, &base);
}

#[test]
fn the_sample_project_is_the_same_on_both_paths() {
    let p = crate::sample::builtin().unwrap_or_else(|e| panic!("{e}"));
    let options = Options {
        traces: false,
        ..Options::year(2022)
    };
    same(&p, &options);
    let acc = super::compute(&p, Registry::builtin(), &options).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(format!("{:.2}", acc.region.totals.gep), "289900949950.48");
}

#[test]
fn a_county_with_a_missing_input_takes_the_reference_path_and_reports_it() {
    let reg = Registry::builtin();
    let mut p = crate::sample::synthetic(3, 7);
    let code = p.counties[1].code.clone();
    if let Some(cp) = p.period_mut(2022).and_then(|x| x.counties.get_mut(&code)) {
        cp.indicators.insert(
            "water_conservation".into(),
            IndicatorInput {
                method: "water_balance".into(),
                ..IndicatorInput::default()
            },
        );
    }
    let options = Options {
        traces: false,
        ..Options::year(2022)
    };
    let compiled = Compiled::new(&p, reg, &options).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(compiled.reference_counties(), 1);
    let acc = super::compute(&p, reg, &options).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        acc.problems
            .iter()
            .any(|x| x.county.as_deref() == Some(code.as_str())
                && x.indicator.as_deref() == Some("water_conservation"))
    );
    same(&p, &options);
}

/// An input so large that the value is ∞ leaves the indicator failed on both paths, and the
/// county is computed by the reference path.
#[test]
fn an_infinite_value_fails_on_both_paths() {
    let reg = Registry::builtin();
    let mut p = crate::sample::synthetic(3, 7);
    let code = p.counties[2].code.clone();
    if let Some(cp) = p.period_mut(2022).and_then(|x| x.counties.get_mut(&code))
        && let Some(inp) = cp.indicators.get_mut("recreation")
    {
        inp.values.insert("visits".into(), 1e308);
        inp.values.insert("expense".into(), 1e308);
    }
    let options = Options {
        traces: false,
        ..Options::year(2022)
    };
    let compiled = Compiled::new(&p, reg, &options).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(compiled.reference_counties(), 1);
    let acc = super::compute(&p, reg, &options).unwrap_or_else(|e| panic!("{e}"));
    let rec = acc.counties[2]
        .indicators
        .iter()
        .find(|a| &*a.id == "recreation");
    assert!(matches!(
        rec.map(|a| &a.status),
        Some(crate::engine::Status::Failed { .. })
    ));
    assert!(acc.counties[2].totals.gep.is_finite());
    same(&p, &options);
}

/// Changing an input slot and evaluating again moves the value by the formula's amount
/// (what scenarios and Monte Carlo do).
#[test]
fn set_input_and_evaluate_again() {
    let reg = Registry::builtin();
    let mut p = crate::sample::synthetic(2, 7);
    let code = p.counties[0].code.clone();
    if let Some(cp) = p.period_mut(2022).and_then(|x| x.counties.get_mut(&code)) {
        let mut inp = IndicatorInput {
            method: "direct".into(),
            ..IndicatorInput::default()
        };
        inp.values.insert("co2".into(), 100.0);
        cp.indicators.remove("carbon_sequestration");
        cp.indicators.insert("carbon_sequestration".into(), inp);
    }
    let options = Options {
        traces: false,
        ..Options::year(2022)
    };
    let specs = crate::model::catalogue::indicators(&p, reg);
    let i = specs
        .iter()
        .position(|s| s.id == "carbon_sequestration")
        .unwrap_or(0);
    let mut compiled = Compiled::new(&p, reg, &options).unwrap_or_else(|e| panic!("{e}"));
    let mut cols = Columns::default();
    compiled.evaluate(&mut cols);
    let before = cols.value(i, 0);
    let q = cols.quantity(i, 0);
    assert!(compiled.set_input(i, 0, 0, q * 2.0));
    compiled.evaluate(&mut cols);
    // Direct entry: the quantity doubled, so the value doubled.
    assert_eq!(cols.value(i, 0), before * 2.0);
    assert!(before > 0.0);
    assert!(!compiled.set_input(i, 5, 0, 1.0));
}
