//! Constant-price (real) accounts hold every priced item at base-year prices, and a price
//! override's year is never implicit: with every quantity × 1.05 between two years and prices
//! kept, real growth is 5.00 % for every county, whether the override's year was typed or left
//! blank (an older file), and the blank is named by one validation warning.

use gep_calc::engine::growth::growth;
use gep_calc::model::{ParamOverride, Project};
use gep_calc::registry::{Registry, Tag};
use gep_calc::validate::{IssueKind, validate};

const SAMPLE: &str = "sample_data/fuzhou_sample.ron";

/// Inputs that are amounts (scale with the quantity); rates, prices and model coefficients
/// (precipitation, ET, USLE factors, days, unit energy, premium, wage, lake area — which enters
/// as A^b) are kept.
const AMOUNTS: &[&str] = &[
    "dust",
    "nox",
    "so2",
    "nep",
    "evaporation",
    "hydropower",
    "lake_exchange",
    "marsh_area",
    "reservoir_capacity",
    "floor_area",
    "forest",
    "grassland",
    "visits",
    "sand_fixed",
    "area",
    "cod",
    "nh3n",
    "tp",
    "agricultural",
    "domestic",
    "industrial",
];

/// The sample's 2021 period, and as 2022 the same data with every quantity × 1.05 at the same
/// prices (product lines keep their prices; an output value keeps the 2021 price level).
fn project_growing_5_percent() -> Project {
    let mut p = gep_calc::io::project_file::load(std::path::Path::new(SAMPLE)).expect("sample");
    p.periods.retain(|x| x.year == 2021);
    let mut next = p.periods[0].clone();
    next.year = 2022;
    for cp in next.counties.values_mut() {
        cp.land_cover.values_mut().for_each(|a| *a *= 1.05);
        cp.imported_products_yuan *= 1.05;
        for input in cp.indicators.values_mut() {
            for (id, v) in input.values.iter_mut() {
                if AMOUNTS.contains(&id.as_str()) {
                    *v *= 1.05;
                }
            }
            input.products.iter_mut().for_each(|l| l.quantity *= 1.05);
            if let Some(o) = input.output_value.as_mut() {
                o.value_yuan *= 1.05;
                o.price_year = Some(2021);
            }
        }
    }
    p.periods.push(next);
    p
}

fn with_override(mut p: Project, price_year: Option<i32>) -> Project {
    p.price_overrides.insert(
        "reservoir_cost".into(),
        ParamOverride {
            value: 8.0,
            unit: None,
            price_year,
            source: "local reservoir cost".into(),
            tag: Tag::U,
            note: String::new(),
        },
    );
    p
}

fn assert_five_percent(p: &Project, what: &str) {
    let g = growth(p, Registry::builtin(), 2021, 2022, None, None).expect("growth");
    for c in g.counties.iter().chain([&g.region]) {
        let r = c.real_growth.unwrap_or(f64::NAN);
        assert!(
            (r - 0.05).abs() < 1e-9,
            "{what}: {} real growth {:.4} %",
            c.name_zh,
            r * 100.0
        );
    }
}

#[test]
fn five_percent_more_of_everything_is_five_percent_real_growth() {
    let p = project_growing_5_percent();
    assert_five_percent(&p, "no override");
    assert_five_percent(&with_override(p.clone(), Some(2021)), "override typed 2021");
    assert_five_percent(&with_override(p.clone(), Some(2022)), "override typed 2022");
    assert_five_percent(&with_override(p, None), "override year left blank");
}

#[test]
fn a_blank_override_year_is_the_first_accounting_year_with_one_warning() {
    let p = project_growing_5_percent();
    let blank = with_override(p.clone(), None);
    let typed = with_override(p, Some(2021));
    let reg = Registry::builtin();
    for year in [2021, 2022] {
        let opts = gep_calc::engine::Options::year(year);
        let a = gep_calc::engine::compute(&blank, reg, &opts).expect("blank");
        let b = gep_calc::engine::compute(&typed, reg, &opts).expect("typed");
        assert_eq!(a.region.totals.gep, b.region.totals.gep, "{year}");
    }
    let warned: Vec<_> = validate(&blank, reg)
        .into_iter()
        .filter(|i| matches!(i.kind, IssueKind::OverridePriceYearAssumed { .. }))
        .collect();
    assert_eq!(warned.len(), 1, "{warned:?}");
    assert_eq!(
        warned[0].kind,
        IssueKind::OverridePriceYearAssumed {
            param: "reservoir_cost".into(),
            year: 2021
        }
    );
    let text = warned[0].kind.message(gep_calc::i18n::Lang::Zh);
    assert!(
        text.contains("2021") && text.contains("reservoir_cost"),
        "{text}"
    );
    assert!(
        !validate(&typed, reg)
            .iter()
            .any(|i| matches!(i.kind, IssueKind::OverridePriceYearAssumed { .. }))
    );
}

/// A product of a later year with no product of the same name and unit in the base year is
/// named by one warning (its price can only be moved with the CPI); the sample, whose products
/// match, has none.
#[test]
fn a_product_without_a_base_year_counterpart_is_named() {
    let reg = Registry::builtin();
    let mut p: Project =
        gep_calc::io::load(std::path::Path::new(SAMPLE)).unwrap_or_else(|e| panic!("{e}"));
    let none = |p: &Project| {
        validate(p, reg)
            .into_iter()
            .filter(|i| matches!(i.kind, IssueKind::NoBaseYearProduct { .. }))
            .collect::<Vec<_>>()
    };
    assert!(none(&p).is_empty());
    let later = p
        .periods
        .iter_mut()
        .max_by_key(|x| x.year)
        .unwrap_or_else(|| panic!("no period"));
    let year = later.year;
    let (code, line) = later
        .counties
        .iter_mut()
        .find_map(|(code, c)| {
            c.indicators
                .values_mut()
                .find_map(|i| i.products.first_mut())
                .map(|l| (code.clone(), l))
        })
        .unwrap_or_else(|| panic!("the sample has product lines"));
    line.name = "油茶籽（新品种）".into();
    let found = none(&p);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].county.as_deref(), Some(code.as_str()));
    assert_eq!(found[0].year, Some(year));
    let msg = found[0].kind.message(gep_calc::i18n::Lang::Zh);
    assert!(
        msg.contains("油茶籽（新品种）") && msg.contains("2021"),
        "{msg}"
    );
}
