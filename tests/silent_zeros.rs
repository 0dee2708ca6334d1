//! No silent zeros, and method choices checked against the framework (issue 10, items 4 and
//! 7): every built-in factor table maps every land class, a class with area that adds no ESV
//! and a counted indicator that computes 0 from non-zero inputs are warnings naming county,
//! year and the class or indicator by name, and the 1.63 × NPP carbon method is a warning
//! under GB/T 46869 that names the accepted methods.

use std::collections::BTreeMap;

use gep_calc::engine::{self, Options};
use gep_calc::i18n::{Lang, Text};
use gep_calc::model::{CrosswalkEntry, CustomLandClass, IndicatorInput, Project};
use gep_calc::registry::Registry;
use gep_calc::validate::{Issue, Severity, validate};

fn sample() -> Project {
    gep_calc::sample::builtin().unwrap_or_else(|e| panic!("sample project: {e}"))
}

fn warnings_at<'a>(issues: &'a [Issue], field: &str) -> Vec<&'a Issue> {
    issues
        .iter()
        .filter(|i| i.field == field && i.severity == Severity::Warning)
        .collect()
}

/// County-years of the project with a positive area of `class`.
fn county_years_with(p: &Project, class: &str) -> Vec<(String, i32)> {
    let mut v = Vec::new();
    for period in &p.periods {
        for (code, cp) in &period.counties {
            if cp.land_cover.get(class).is_some_and(|a| *a > 0.0) {
                v.push((code.clone(), period.year));
            }
        }
    }
    v
}

fn county_name_zh(p: &Project, code: &str) -> String {
    p.counties
        .iter()
        .find(|c| c.code == code)
        .map(|c| c.name.zh.clone())
        .unwrap_or_else(|| panic!("county {code}"))
}

#[test]
fn xie2008_values_every_class_of_the_sample() {
    let mut p = sample();
    p.esv.table = "xie2008".into();
    let year = p.latest_year().unwrap_or_else(|| panic!("no period"));
    let acc = engine::compute(&p, Registry::builtin(), &Options::year(year))
        .unwrap_or_else(|e| panic!("{e}"));
    // Xie 2015 gives 834.6 亿元 for the sample; Xie 2008 used to give 0.
    assert!(
        acc.region.esv_total > 500e8,
        "xie2008 ESV {}",
        acc.region.esv_total
    );
    for c in &acc.counties {
        let esv = c.esv.as_ref().unwrap_or_else(|| panic!("no ESV"));
        for (class, area, value) in &esv.by_class {
            if &**class != "built_up" && *area > 0.0 {
                assert!(*value > 0.0, "{} {class}: {value}", c.code);
            }
        }
    }
    let issues = validate(&p, Registry::builtin());
    assert!(
        !issues.iter().any(|i| i.field.starts_with("esv.crosswalk.")),
        "{issues:#?}"
    );
}

#[test]
fn a_class_without_esv_is_a_warning_naming_county_year_and_class() {
    let mut p = sample();
    // The project points paddy at a row the table does not have: paddy adds nothing.
    p.esv.crosswalk.insert(
        "paddy".into(),
        CrosswalkEntry {
            row: Some("no_such_row".into()),
            factor: 1.0,
        },
    );
    let issues = validate(&p, Registry::builtin());
    let found = warnings_at(&issues, "esv.crosswalk.paddy");
    let expected = county_years_with(&p, "paddy");
    assert!(!expected.is_empty());
    assert_eq!(found.len(), expected.len(), "{issues:#?}");
    for (code, year) in &expected {
        let Some(issue) = found
            .iter()
            .find(|i| i.county.as_deref() == Some(code.as_str()) && i.year == Some(*year))
        else {
            panic!("no warning for {code} {year}: {found:#?}");
        };
        let zh = issue.message(Lang::Zh);
        let en = issue.message(Lang::En);
        for want in [
            "水田",
            &county_name_zh(&p, code),
            &format!("{year}年"),
            "ESV 按 0 计",
            "地类对应",
        ] {
            assert!(zh.contains(want), "{want} not in {zh}");
        }
        assert!(
            en.contains("Paddy field") && en.contains("crosswalk"),
            "{en}"
        );
    }
    // Built-up land is explicitly "no ESV" in every built-in table: a choice, not a silence.
    assert!(warnings_at(&issues, "esv.crosswalk.built_up").is_empty());
}

#[test]
fn a_custom_class_without_a_row_is_named_by_its_name() {
    let mut p = sample();
    p.custom_land_classes.push(CustomLandClass {
        id: "camellia_oil_grove".into(),
        name: Text::new("油茶林", "Camellia oil grove"),
        runoff_coeff: Some(0.3),
        vegetated: true,
        ecosystem: None,
    });
    let year = p.latest_year().unwrap_or_else(|| panic!("no period"));
    let Some(period) = p.period_mut(year) else {
        panic!("no period {year}")
    };
    for cp in period.counties.values_mut() {
        cp.land_cover.insert("camellia_oil_grove".into(), 100.0);
    }
    let issues = validate(&p, Registry::builtin());
    let found = warnings_at(&issues, "esv.crosswalk.camellia_oil_grove");
    assert_eq!(found.len(), p.counties.len(), "{issues:#?}");
    for i in found {
        assert!(
            i.message(Lang::Zh).contains("“油茶林”有 100.00 公顷"),
            "{}",
            i.message(Lang::Zh)
        );
        assert!(i.message(Lang::En).contains("Camellia oil grove"));
    }
}

#[test]
fn an_indicator_computing_zero_from_non_zero_inputs_is_a_warning() {
    let mut p = sample();
    let year = p.latest_year().unwrap_or_else(|| panic!("no period"));
    let code = p.counties[0].code.clone();
    let Some(input) = p
        .period_mut(year)
        .and_then(|per| per.counties.get_mut(&code))
        .and_then(|cp| cp.indicators.get_mut("agriculture"))
    else {
        panic!("sample agriculture")
    };
    for line in &mut input.products {
        line.price = 0.0;
    }
    let issues = validate(&p, Registry::builtin());
    let found = warnings_at(&issues, "indicators.agriculture");
    assert_eq!(found.len(), 1, "{issues:#?}");
    let zh = found[0].message(Lang::Zh);
    assert_eq!(found[0].county.as_deref(), Some(code.as_str()));
    assert_eq!(found[0].year, Some(year));
    for want in [
        "农业",
        "稻谷 = ",
        " t、蔬菜 = ",
        &county_name_zh(&p, &code),
        "产值为 0，GEP 中该项按 0 计；请核对各产品的单价",
    ] {
        assert!(zh.contains(want), "{want} not in {zh}");
    }
}

#[test]
fn carbon_from_npp_is_a_warning_under_gbt46869_naming_the_accepted_methods() {
    let mut p = sample();
    assert_eq!(p.meta.framework, "gbt46869");
    let year = p.latest_year().unwrap_or_else(|| panic!("no period"));
    let code = p.counties[0].code.clone();
    let Some(cp) = p
        .period_mut(year)
        .and_then(|per| per.counties.get_mut(&code))
    else {
        panic!("sample county")
    };
    cp.indicators.insert(
        "carbon_sequestration".into(),
        IndicatorInput {
            method: "npp".into(),
            values: BTreeMap::from([("npp".to_string(), 1_000_000.0)]),
            ..Default::default()
        },
    );
    let field = "indicators.carbon_sequestration.method";
    let issues = validate(&p, Registry::builtin());
    let found = warnings_at(&issues, field);
    assert_eq!(found.len(), 1, "{issues:#?}");
    let zh = found[0].message(Lang::Zh);
    let en = found[0].message(Lang::En);
    for want in [
        "固碳",
        "光合作用法（NPP）",
        "“固碳量填报”、“NEP 法”",
        "GB/T 46869",
    ] {
        assert!(zh.contains(want), "{want} not in {zh}");
    }
    assert!(
        en.contains("soil respiration") && en.contains("“NEP method”"),
        "{en}"
    );
    // Under NDRC 2022 too; not under the extended set, which does not restrict the method.
    p.meta.framework = "ndrc2022".into();
    assert_eq!(
        warnings_at(&validate(&p, Registry::builtin()), field).len(),
        1
    );
    p.meta.framework = "extended".into();
    assert!(warnings_at(&validate(&p, Registry::builtin()), field).is_empty());
}
