//! The kept price book: given again for equal price data, never for changed price data (an
//! edit of one county after a price edit recomputes exactly as a fresh computation).

use super::*;
use crate::engine::{compute, update_counties};
use crate::model::{CustomIndicator, IndicatorInput, ParamOverride};
use crate::registry::{Category, Tag};
use crate::units::Unit;

fn carbon(value: f64, price_year: Option<i32>) -> ParamOverride {
    ParamOverride {
        value,
        unit: None,
        price_year,
        source: "test".into(),
        tag: Tag::U,
        note: String::new(),
    }
}

fn book(p: &Project) -> Arc<PriceBook> {
    let specs = crate::model::catalogue::indicators(p, Registry::builtin());
    price_book(p, Registry::builtin(), 2022, 2022, &specs).0
}

#[test]
fn the_same_price_data_gives_the_same_book_and_a_changed_one_a_new_book() {
    let mut p = crate::sample::synthetic(3, 5);
    // Other threads (tests) may take the slot between two calls: one of a few tries hits.
    let hit = (0..20).any(|_| Arc::ptr_eq(&book(&p), &book(&p)));
    assert!(hit, "equal price data gives the kept book");
    let a = book(&p);
    let before = a.value("carbon_price").map(|v| v.value);
    p.price_overrides
        .insert("carbon_price".into(), carbon(1000.0, Some(2022)));
    let d = book(&p);
    assert!(!Arc::ptr_eq(&a, &d));
    assert_eq!(d.value("carbon_price").map(|v| v.value), Ok(1000.0));
    assert_ne!(before, Ok(1000.0));
}

/// The price edits of a project: an override, an override without a year (dated by the
/// first accounting year, which the second edit moves), a price index value and a custom
/// indicator's price.
type Edit = Box<dyn Fn(&mut Project)>;

fn price_edits() -> Vec<(&'static str, Edit)> {
    vec![
        (
            "override",
            Box::new(|p: &mut Project| {
                p.price_overrides
                    .insert("carbon_price".into(), carbon(777.0, Some(2022)));
            }),
        ),
        (
            "first accounting year of an override without a year",
            Box::new(|p: &mut Project| p.periods.retain(|x| x.year != 2021)),
        ),
        (
            "price index",
            Box::new(|p: &mut Project| {
                let mut cpi = Registry::builtin()
                    .price_indices
                    .iter()
                    .find(|s| s.id == "cpi")
                    .cloned()
                    .unwrap_or_else(|| panic!("cpi"));
                if let Some(v) = cpi.values.get_mut(&2021) {
                    *v *= 0.9;
                }
                p.price_indices = vec![cpi];
            }),
        ),
        (
            "custom indicator price",
            Box::new(|p: &mut Project| p.custom_indicators[0].price = 35.0),
        ),
    ]
}

#[test]
fn an_edit_after_a_price_edit_recomputes_as_a_fresh_compute() {
    let reg = Registry::builtin();
    let opts = Options {
        traces: false,
        ..Options::year(2022)
    };
    let mut base = crate::sample::synthetic(12, 7);
    // Carbon priced at 2021 prices by the override without a year (moved by an edit below).
    base.price_overrides
        .insert("carbon_price".into(), carbon(500.0, None));
    base.custom_indicators.push(CustomIndicator {
        id: "tea".into(),
        name: crate::i18n::Text::new("茶叶", "Tea"),
        category: Category::Material,
        frameworks: vec![],
        unit: Unit::T,
        price: 30.0,
        price_year: 2021,
        source: "test".into(),
        tag: Tag::U,
        market: true,
        change: false,
    });
    let code = base.counties[3].code.clone();
    for p in &mut base.periods {
        if let Some(cp) = p.counties.get_mut(&code) {
            let mut input = IndicatorInput::default();
            input.values.insert("quantity".into(), 2.0);
            cp.indicators.insert("tea".into(), input);
        }
    }
    let county_edit = |p: &mut Project| {
        if let Some(cp) = p.period_mut(2022).and_then(|x| x.counties.get_mut(&code)) {
            cp.land_cover.insert("broadleaf_forest".into(), 23_456.0);
        }
    };
    for (what, edit) in price_edits() {
        let mut edited = base.clone();
        edit(&mut edited);
        let mut acc = compute(&edited, reg, &opts).unwrap_or_else(|e| panic!("{e}"));
        // The kept book is now the base's: the update must not take it.
        compute(&base, reg, &opts).unwrap_or_else(|e| panic!("{e}"));
        county_edit(&mut edited);
        update_counties(&mut acc, &edited, reg, &opts, std::slice::from_ref(&code))
            .unwrap_or_else(|e| panic!("{e}"));
        let fresh = compute(&edited, reg, &opts).unwrap_or_else(|e| panic!("{e}"));
        let a = serde_json::to_value(&acc.counties[3]).unwrap_or_default();
        let b = serde_json::to_value(&fresh.counties[3]).unwrap_or_default();
        assert_eq!(a, b, "{what}");
        // The price edit reaches this county (a stale book would show).
        let mut stale = base.clone();
        county_edit(&mut stale);
        let s = compute(&stale, reg, &opts).unwrap_or_else(|e| panic!("{e}"));
        let s = serde_json::to_value(&s.counties[3]).unwrap_or_default();
        assert_ne!(s["indicators"], b["indicators"], "{what}");
    }
}
