//! Unit tests of `model::scenario`: apply, from_diff and split_edit on a two-county project.

use super::*;
use crate::i18n::Text;
use crate::model::{County, Period};
use crate::registry::Tag;

fn project() -> Project {
    let mut p = Project::empty("t");
    for code in ["360101", "360102"] {
        p.counties.push(County {
            code: code.into(),
            name: Text::new(code, code),
            land_area_hm2: 10_000.0,
            prefecture: None,
        });
    }
    let mut cp = CountyPeriod::default();
    cp.land_cover.insert("forest".into(), 6_000.0);
    cp.land_cover.insert("paddy".into(), 3_000.0);
    cp.population = Some(1_000.0);
    let mut period = Period {
        year: 2022,
        counties: BTreeMap::new(),
    };
    period.counties.insert("360101".into(), cp.clone());
    period.counties.insert("360102".into(), cp);
    p.periods.push(period);
    p
}

fn price(v: f64) -> ParamOverride {
    ParamOverride {
        value: v,
        unit: None,
        price_year: Some(2022),
        source: "s".into(),
        tag: Tag::U,
        note: String::new(),
    }
}

#[test]
fn apply_sets_and_removes_only_the_overridden_entries() {
    let base = project();
    let mut s = Scenario::new("退耕还林", 2022);
    let o = s.counties.entry("360101".into()).or_default();
    o.land_cover.insert("forest".into(), Some(7_000.0));
    o.land_cover.insert("paddy".into(), None);
    s.prices.insert("carbon_price".into(), Some(price(100.0)));
    s.framework = Some("ndrc2022".into());
    let m = s.apply(&base);
    let lc = &m.period(2022).expect("fixture").counties["360101"].land_cover;
    assert_eq!(lc.get("forest"), Some(&7_000.0));
    assert_eq!(lc.get("paddy"), None);
    assert_eq!(
        m.period(2022).expect("fixture").counties["360102"],
        base.period(2022).expect("fixture").counties["360102"]
    );
    assert_eq!(m.price_overrides["carbon_price"].value, 100.0);
    assert_eq!(m.meta.framework, "ndrc2022");
    assert!(m.scenarios.is_empty());
}

#[test]
fn from_diff_then_apply_gives_the_edited_project() {
    let base = project();
    let mut edited = base.clone();
    {
        let cp = edited
            .period_mut(2022)
            .expect("fixture")
            .counties
            .get_mut("360102")
            .expect("fixture");
        cp.land_cover.insert("forest".into(), 5_000.0);
        cp.land_cover.remove("paddy");
        cp.land_cover.insert("grass".into(), 200.0);
        cp.indicators
            .insert("crops".into(), IndicatorInput::default());
    }
    edited
        .price_overrides
        .insert("water_price".into(), price(2.5));
    let s = Scenario::from_diff(&base, &edited, 2022);
    assert_eq!(s.override_count(), 5);
    assert_eq!(s.counties["360102"].land_cover["paddy"], None);
    assert_eq!(s.apply(&base), edited);
    // No edit: no override.
    assert!(Scenario::from_diff(&base, &base, 2022).is_empty());
}

#[test]
fn split_edit_sends_what_a_scenario_cannot_hold_to_the_baseline() {
    let mut base = project();
    let mut s = Scenario::new("A", 2022);
    s.counties
        .entry("360101".into())
        .or_default()
        .land_cover
        .insert("forest".into(), Some(6_500.0));
    base.scenarios.push(s.clone());
    let mut edited = s.apply(&base);
    {
        let cp = edited
            .period_mut(2022)
            .expect("fixture")
            .counties
            .get_mut("360101")
            .expect("fixture");
        cp.population = Some(2_000.0);
        cp.land_cover.insert("paddy".into(), 2_500.0);
    }
    let (new_base, new_s) = s.split_edit(&base, &edited);
    let cp = &new_base.period(2022).expect("fixture").counties["360101"];
    assert_eq!(
        cp.population,
        Some(2_000.0),
        "population goes to the baseline"
    );
    assert_eq!(
        cp.land_cover["paddy"], 3_000.0,
        "land cover stays in the scenario"
    );
    assert_eq!(new_base.scenarios, base.scenarios);
    assert_eq!(new_s.counties["360101"].land_cover["paddy"], Some(2_500.0));
    assert_eq!(new_s.counties["360101"].land_cover["forest"], Some(6_500.0));
    assert_eq!(new_s.apply(&new_base), edited);
}

#[test]
fn baseline_names_and_unused_names() {
    assert!(is_baseline_name("基准"));
    assert!(is_baseline_name(" Baseline "));
    assert!(!is_baseline_name("A"));
    let mut p = project();
    assert_eq!(p.unused_scenario_name("情景"), "情景");
    p.scenarios.push(Scenario::new("情景", 2022));
    assert_eq!(p.unused_scenario_name("情景"), "情景 2");
    assert!(p.materialise("基准").is_some());
    assert!(p.materialise("情景").is_some());
    assert!(p.materialise("B").is_none());
}
