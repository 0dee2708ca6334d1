//! What the performance work must not change: the CSV of accounts computed without traces
//! names the same methods as with traces (the method is read from the project, not from a
//! trace), and `validate` with accounts handed in reports exactly what it finds on its own.

use std::collections::BTreeMap;

use gep_calc::engine::{Options, compute};
use gep_calc::i18n::{Lang, Text};
use gep_calc::io::export::{OutputKind, to_bytes};
use gep_calc::model::*;
use gep_calc::registry::Registry;

const Y: i32 = 2010;

fn input(method: &str, pairs: &[(&str, f64)]) -> IndicatorInput {
    IndicatorInput {
        method: method.into(),
        values: pairs.iter().map(|(k, v)| ((*k).to_string(), *v)).collect(),
        ..Default::default()
    }
}

/// County A: carbon by NPP (not the first method), water by the default method (empty), an
/// unknown method for oxygen; county B split into two forest subtypes for carbon (by NPP).
fn project() -> Project {
    let mut p = Project::empty("methods");
    p.meta.framework = "extended".into();
    for (code, zh, en) in [("360101", "甲县", "A"), ("360102", "乙县", "B")] {
        p.counties.push(County {
            code: code.into(),
            name: Text::new(zh, en),
            land_area_hm2: 10_000.0,
            prefecture: None,
        });
    }
    for (id, zh) in [("conifer", "针叶林"), ("broadleaf", "阔叶林")] {
        p.ecosystem_subtypes.push(EcosystemSubtype {
            id: id.into(),
            name: Text::new(zh, id),
            ecosystem: "forest".into(),
        });
    }
    let mut a = CountyPeriod::default();
    a.indicators.insert(
        "carbon_sequestration".into(),
        input("npp", &[("npp", 1_000.0)]),
    );
    a.indicators
        .insert("water_conservation".into(), input("", &[("water", 0.1)]));
    a.indicators
        .insert("oxygen_release".into(), input("no_such_method", &[]));
    let mut b = CountyPeriod::default();
    for (part, class, npp) in [
        ("conifer", "needleleaf_forest", 500.0),
        ("broadleaf", "broadleaf_forest", 300.0),
    ] {
        b.land_cover.insert(class.into(), 1_000.0);
        b.ecosystem_parts.insert(
            part.into(),
            EcosystemPart {
                land_cover: [(class.to_string(), 1_000.0)].into_iter().collect(),
                indicators: [(
                    "carbon_sequestration".to_string(),
                    input("npp", &[("npp", npp)]),
                )]
                .into_iter()
                .collect(),
            },
        );
    }
    p.periods.push(Period {
        year: Y,
        counties: BTreeMap::from([("360101".into(), a), ("360102".into(), b)]),
    });
    p
}

fn csv(p: &Project, traces: bool) -> Vec<Vec<String>> {
    let reg = Registry::builtin();
    let opts = Options {
        traces,
        ..Options::year(Y)
    };
    let acc = compute(p, reg, &opts).unwrap_or_else(|e| panic!("{e}"));
    let bytes =
        to_bytes(OutputKind::Csv, p, &acc, reg, Lang::En).unwrap_or_else(|e| panic!("{e:?}"));
    csv::Reader::from_reader(bytes.as_slice())
        .records()
        .map(|r| {
            r.map(|r| r.iter().map(String::from).collect())
                .unwrap_or_default()
        })
        .collect()
}

fn method<'a>(rows: &'a [Vec<String>], code: &str, id: &str) -> &'a str {
    rows.iter()
        .find(|r| r[0] == code && r[2] == id)
        .map_or_else(|| panic!("no row {code} {id}"), |r| r[7].as_str())
}

#[test]
fn csv_without_traces_names_the_methods_the_traces_name() {
    let p = project();
    let with = csv(&p, true);
    let without = csv(&p, false);
    // Hand-checked: the entered method, the first method where none is entered, nothing for
    // an unknown method or an indicator not entered, a split indicator's parts' method.
    for rows in [&with, &without] {
        assert_eq!(method(rows, "360101", "carbon_sequestration"), "npp");
        assert_eq!(method(rows, "360101", "water_conservation"), "direct");
        assert_eq!(method(rows, "360101", "oxygen_release"), "");
        assert_eq!(method(rows, "360101", "soil_retention"), "");
        assert_eq!(method(rows, "360102", "carbon_sequestration"), "npp");
        assert_eq!(
            method(rows, "360102", "carbon_sequestration.conifer"),
            "npp"
        );
        assert_eq!(
            method(rows, "360102", "carbon_sequestration.broadleaf"),
            "npp"
        );
    }
    assert_eq!(with, without);
}

#[test]
fn sample_csv_is_the_same_with_and_without_traces() {
    let p = gep_calc::sample::builtin().unwrap_or_else(|e| panic!("{e}"));
    let reg = Registry::builtin();
    for traces in [true, false] {
        let opts = Options {
            traces,
            ..Options::year(2022)
        };
        let acc = compute(&p, reg, &opts).unwrap_or_else(|e| panic!("{e}"));
        assert!((acc.region.totals.gep - 289_900_949_950.48).abs() < 0.01);
    }
    let year = |traces| {
        let opts = Options {
            traces,
            ..Options::year(2022)
        };
        let acc = compute(&p, reg, &opts).unwrap_or_else(|e| panic!("{e}"));
        to_bytes(OutputKind::Csv, &p, &acc, reg, Lang::Zh).unwrap_or_else(|e| panic!("{e:?}"))
    };
    let (with, without) = (year(true), year(false));
    assert_eq!(
        String::from_utf8_lossy(&with),
        String::from_utf8_lossy(&without)
    );
}

/// Validation with the accounts of a year handed in reports the same as validation alone,
/// whether the accounts carry traces or not; and it does use them instead of computing that
/// year again (accounts altered by hand show through).
#[test]
fn validate_with_shared_accounts_is_validate() {
    use gep_calc::validate::{IssueKind, validate, validate_with};
    let p = gep_calc::sample::builtin().unwrap_or_else(|e| panic!("{e}"));
    let reg = Registry::builtin();
    let alone = validate(&p, reg);
    for traces in [true, false] {
        let opts = Options {
            traces,
            ..Options::year(2022)
        };
        let acc = compute(&p, reg, &opts).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(validate_with(&p, reg, &[&acc]), alone);
    }
    let climate = |issues: &[gep_calc::validate::Issue]| {
        issues
            .iter()
            .filter(|i| matches!(i.kind, IssueKind::ClimateShare { .. }))
            .count()
    };
    assert_eq!(climate(&alone), 0);
    let mut acc = compute(&p, reg, &Options::year(2022)).unwrap_or_else(|e| panic!("{e}"));
    let c = &mut acc.counties[0];
    let v = c
        .indicators
        .iter()
        .find(|a| &*a.id == "climate_regulation")
        .map_or(0.0, |a| a.value);
    assert!(v > 0.0);
    // Climate regulation is now the county's whole GEP: above half, so flagged.
    c.totals.gep = v;
    let shared = validate_with(&p, reg, &[&acc]);
    assert_eq!(climate(&shared), 1);
    // Accounts of another framework are not this validation's: computed again.
    acc.framework = "extended".into();
    assert_eq!(validate_with(&p, reg, &[&acc]), alone);
}
