//! `validate` on the built-in sample lists only warnings a user can act on, and the rules that
//! used to fire on it without a way out: coastal protection is not asked of inland projects,
//! the lake coefficients are questioned only where a lake area is entered, and the CPI warning
//! names the values to check.

use std::collections::BTreeMap;

use gep_calc::i18n::{Lang, Text};
use gep_calc::model::*;
use gep_calc::registry::Registry;
use gep_calc::validate::{IssueKind, Severity, validate};

fn project(code: &str) -> Project {
    let mut p = Project::empty("validate rules");
    p.meta.framework = "gbt46869".into();
    p.counties.push(County {
        code: code.into(),
        name: Text::new("甲县", "County A"),
        land_area_hm2: 1000.0,
        prefecture: None,
    });
    let cp = CountyPeriod {
        land_cover: [("broadleaf_forest".to_string(), 1000.0)]
            .into_iter()
            .collect(),
        ..Default::default()
    };
    p.periods.push(Period {
        year: 2021,
        counties: [(code.to_string(), cp)].into_iter().collect(),
    });
    p
}

fn flood(p: &mut Project, lake_km2: f64) {
    let code = p.counties[0].code.clone();
    let values: BTreeMap<String, f64> = [
        ("lake_area", lake_km2),
        ("lake_exchange", 1.0),
        ("reservoir_capacity", 100.0),
        ("marsh_area", 0.0),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    if let Some(cp) = p.periods[0].counties.get_mut(&code) {
        cp.indicators.insert(
            "flood_regulation".into(),
            IndicatorInput {
                method: "flood_storage".into(),
                values,
                ..Default::default()
            },
        );
    }
}

fn fields(p: &Project) -> Vec<String> {
    validate(p, Registry::builtin())
        .into_iter()
        .filter(|i| i.severity == Severity::Warning)
        .map(|i| i.field)
        .collect()
}

#[test]
fn coastal_protection_is_not_asked_of_an_inland_project() {
    // 36xxxx: Jiangxi, inland.
    let inland = fields(&project("361002"));
    assert!(
        !inland.iter().any(|f| f == "indicators.coastal_protection"),
        "{inland:?}"
    );
    // 33xxxx: Zhejiang, coastal: the indicator is still asked for.
    let coastal = fields(&project("330203"));
    assert!(
        coastal.iter().any(|f| f == "indicators.coastal_protection"),
        "{coastal:?}"
    );
    // A code that is not an administrative code may be anywhere.
    let unknown = fields(&project("A01"));
    assert!(
        unknown.iter().any(|f| f == "indicators.coastal_protection"),
        "{unknown:?}"
    );
}

#[test]
fn lake_coefficients_are_questioned_only_where_a_lake_area_is_entered() {
    let mut p = project("361002");
    flood(&mut p, 0.0);
    assert!(!fields(&p).iter().any(|f| f == "params.lake_a"));
    flood(&mut p, 2.5);
    assert!(fields(&p).iter().any(|f| f == "params.lake_a"));
}

#[test]
fn the_cpi_warning_names_the_values_to_check() {
    let p = project("361002");
    let issue = validate(&p, Registry::builtin())
        .into_iter()
        .find(|i| i.field == "price_indices.cpi")
        .expect("the registry CPI is unverified");
    let IssueKind::UnverifiedPriceIndex { values, .. } = &issue.kind else {
        panic!("{:?}", issue.kind)
    };
    // Registry CPI (1978 = 100) for 2021: 692.7.
    assert_eq!(values, "2021 = 692.70");
    let zh = issue.message(Lang::Zh);
    assert!(
        zh.contains("2021 = 692.70") && zh.contains("中国统计年鉴"),
        "{zh}"
    );
}

#[test]
fn the_sample_validates_with_only_actionable_warnings() {
    let p = gep_calc::sample::builtin().expect("sample loads");
    let issues = validate(&p, Registry::builtin());
    assert!(
        issues.iter().all(|i| i.severity != Severity::Error),
        "{:?}",
        issues
            .iter()
            .map(|i| i.message(Lang::Zh))
            .collect::<Vec<_>>()
    );
    let warned: Vec<&str> = issues.iter().map(|i| i.field.as_str()).collect();
    // The only warning left is the registry CPI, which names its values and what to check.
    assert_eq!(warned, vec!["price_indices.cpi"], "{warned:?}");
}
