//! Climate regulation: the published variants of the evaporation term, each a registry method
//! with its own source, worked by hand. The default `energy` method keeps the form printed in
//! Garzê-2017 (latent heat in full, humidifier on every day); `energy_eer` divides the cooling
//! part by the EER, `energy_low_rh` counts the humidifier only on the D_h low-humidity days, and
//! `energy_eer_low_rh` does both. The trace names the method and the variant's formula.
//!
//! Registry values: ac_eer 3; latent_heat 2450 kJ/kg; humidifier_kwh_m3 125; elec_price
//! 0.53 元/kWh @2010.

use std::collections::BTreeMap;

use gep_calc::engine::{IndicatorAccount, Options, Status, compute};
use gep_calc::i18n::Text;
use gep_calc::model::*;
use gep_calc::registry::Registry;

const A: &str = "360101";

#[track_caller]
fn assert_close(got: f64, want: f64, what: &str) {
    assert!(
        (got - want).abs() <= 1e-12 * want.abs().max(1e-9),
        "{what}: got {got}, want {want}"
    );
}

/// One county, broadleaf forest 800 hm² (8 km² vegetated) and a lake of 50 hm², in `year`,
/// climate regulation by `method` with EPP 250 kJ/(m²·d), 60 AC days, 100 万m³ evaporated and
/// `dry` low-humidity days.
fn climate(year: i32, method: &str, dry: Option<f64>) -> IndicatorAccount {
    let a = climate_any(year, method, dry);
    assert_eq!(a.status, Status::Computed, "{method}: {:?}", a.status);
    a
}

fn climate_any(year: i32, method: &str, dry: Option<f64>) -> IndicatorAccount {
    let mut p = Project::empty("climate variants");
    p.meta.framework = "gbt46869".into();
    p.counties.push(County {
        code: A.into(),
        name: Text::new("甲县", "County A"),
        land_area_hm2: 850.0,
        prefecture: None,
    });
    let mut cp = CountyPeriod {
        land_cover: [
            ("broadleaf_forest".to_string(), 800.0),
            ("lake".to_string(), 50.0),
        ]
        .into_iter()
        .collect(),
        ..Default::default()
    };
    let mut values: BTreeMap<String, f64> =
        [("epp", 250.0), ("ac_days", 60.0), ("evaporation", 100.0)]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
    if let Some(d) = dry {
        values.insert("low_rh_days".into(), d);
    }
    cp.indicators.insert(
        "climate_regulation".into(),
        IndicatorInput {
            method: method.into(),
            values: values.into_iter().collect(),
            ..Default::default()
        },
    );
    p.periods.push(Period {
        year,
        counties: [(A.to_string(), cp)].into_iter().collect(),
    });
    let acc =
        compute(&p, Registry::builtin(), &Options::year(year)).unwrap_or_else(|e| panic!("{e}"));
    acc.counties[0]
        .indicators
        .iter()
        .find(|a| &*a.id == "climate_regulation")
        .cloned()
        .expect("climate_regulation computed")
}

// E_pt = 250 × 8 × 60 × 10⁶ / (3600 × 3) = 11 111 111.11 kWh in every variant.
const EPT: f64 = 250.0 * 8.0 * 60.0 * 1e6 / (3600.0 * 3.0);
// Cooling part of E_we: 10⁶ m³ × 1000 × 2450 / 3600 = 680 555 555.56 kWh (÷ 3 = 226 851 851.85).
const COOL: f64 = 1e6 * 1000.0 * 2450.0 / 3600.0;
// Humidifier part: 10⁶ m³ × 125 = 125 000 000 kWh.
const HUMID: f64 = 1e6 * 125.0;

fn check(a: &IndicatorAccount, ewe: f64, what: &str) {
    assert_close(a.components[0].quantity, EPT, &format!("{what} E_pt"));
    assert_close(a.components[1].quantity, ewe, &format!("{what} E_we"));
    assert_close(a.value, (EPT + ewe) * 0.53, &format!("{what} V"));
}

#[test]
fn default_energy_method_counts_latent_heat_in_full_and_humidifies_every_day() {
    // E_we = 680 555 555.56 + 125 000 000 = 805 555 555.56 kWh;
    // V = (11 111 111.11 + 805 555 555.56) × 0.53 = 432 833 333.33 元.
    let a = climate(2010, "energy", None);
    check(&a, COOL + HUMID, "energy");
    assert!((a.value - 432_833_333.33).abs() < 0.01, "{}", a.value);
    let t = a.trace.as_ref().expect("trace");
    assert_eq!(&*t.method, "energy");
    assert!(
        t.formula_en.contains("E_w·ρ·q/3600 + E_w·y;"),
        "{}",
        t.formula_en
    );
}

#[test]
fn evaporative_cooling_through_the_eer() {
    // E_we = 680 555 555.56 / 3 + 125 000 000 = 351 851 851.85 kWh;
    // V = (11 111 111.11 + 351 851 851.85) × 0.53 = 192 370 370.37 元.
    let a = climate(2010, "energy_eer", None);
    check(&a, COOL / 3.0 + HUMID, "energy_eer");
    assert!((a.value - 192_370_370.37).abs() < 0.01, "{}", a.value);
    let t = a.trace.as_ref().expect("trace");
    assert_eq!(&*t.method, "energy_eer");
    assert!(
        t.formula_zh.contains("E_w·ρ·q/(3600·r)"),
        "{}",
        t.formula_zh
    );
    assert!(t.formula_zh.contains("能效比"), "{}", t.formula_zh);
}

#[test]
fn humidifying_only_on_low_humidity_days() {
    // 2010 has 365 days; 73 dry days → h = 0.2.
    // E_we = 680 555 555.56 + 125 000 000 × 0.2 = 705 555 555.56 kWh;
    // V = (11 111 111.11 + 705 555 555.56) × 0.53 = 379 833 333.33 元.
    let a = climate(2010, "energy_low_rh", Some(73.0));
    check(&a, COOL + HUMID * 0.2, "energy_low_rh");
    assert!((a.value - 379_833_333.33).abs() < 0.01, "{}", a.value);
    let t = a.trace.as_ref().expect("trace");
    let h = t.steps.iter().find(|s| s.symbol == "h").map(|s| s.value);
    assert_eq!(h, Some(0.2));
    assert!(t.formula_en.contains("D_h/N"), "{}", t.formula_en);
    // A leap year counts 366 days: 2012, 183 dry days → h = 0.5.
    let b = climate(2012, "energy_low_rh", Some(183.0));
    let h = b
        .trace
        .as_ref()
        .and_then(|t| t.steps.iter().find(|s| s.symbol == "h"))
        .map(|s| s.value);
    assert_eq!(h, Some(0.5));
}

#[test]
fn both_variants_together() {
    // E_we = 226 851 851.85 + 25 000 000 = 251 851 851.85 kWh;
    // V = (11 111 111.11 + 251 851 851.85) × 0.53 = 139 370 370.37 元.
    let a = climate(2010, "energy_eer_low_rh", Some(73.0));
    check(&a, COOL / 3.0 + HUMID * 0.2, "energy_eer_low_rh");
    assert!((a.value - 139_370_370.37).abs() < 0.01, "{}", a.value);
}

#[test]
fn the_low_humidity_variant_without_its_days_is_incomplete_not_zero() {
    let a = climate_any(2010, "energy_low_rh", None);
    assert!(
        matches!(a.status, Status::Incomplete { .. }),
        "{:?}",
        a.status
    );
}

#[test]
fn every_variant_states_its_source_and_what_is_unverified() {
    let reg = Registry::builtin();
    let spec = reg
        .indicators
        .iter()
        .find(|i| i.id == "climate_regulation")
        .expect("climate_regulation");
    for (m, src) in [
        ("energy", "Garzê-2017"),
        ("energy_eer", "EER"),
        ("energy_low_rh", "relative humidity"),
        ("energy_eer_low_rh", "neither provision verified"),
    ] {
        let method = spec.methods.iter().find(|x| x.id == m).expect(m);
        assert!(method.clause.contains(src), "{m}: {}", method.clause);
    }
}
