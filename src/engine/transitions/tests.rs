//! Hand-worked land-use change accounts.

use super::*;
use crate::i18n::Text;
use crate::model::{County, CountyPeriod, CrosswalkEntry, Period, StandardEquivalent};
use crate::registry::{EsvService, FactorRow, FactorTable, Tag};

/// A one-county project: a two-service table (food, market, scaled by the NPP coefficient;
/// climate, non-market, never adjusted) with rows
/// farm = (1.0, 0.5) and forest = (0.3, 2.7); paddy → farm, broadleaf forest → forest, built-up
/// → no services; D = 1000 元/hm² at 2020 prices; land cover of 2015 and 2020 equal to the
/// matrix's row and column sums.
pub(crate) fn three_class_project() -> Project {
    let mut p = Project::empty("t");
    p.counties.push(County {
        code: "360101".into(),
        name: Text::from("甲县"),
        land_area_hm2: 350.0,
        prefecture: None,
    });
    p.custom_factor_tables.push(FactorTable {
        id: "t3".into(),
        name: Text::from("t3"),
        source: Text::default(),
        services: vec![
            EsvService {
                id: "food".into(),
                name: Text::from("food"),
                market: true,
                adjust: Some(crate::registry::AdjustBy::Npp),
            },
            EsvService {
                id: "climate".into(),
                name: Text::from("climate"),
                market: false,
                adjust: None,
            },
        ],
        rows: vec![
            FactorRow {
                id: "farm".into(),
                name: Text::from("farm"),
                factors: vec![1.0, 0.5],
                tag: Tag::U,
                note: Text::default(),
            },
            FactorRow {
                id: "forest".into(),
                name: Text::from("forest"),
                factors: vec![0.3, 2.7],
                tag: Tag::U,
                note: Text::default(),
            },
        ],
        crosswalk: vec![],
        adjust_note: Text::default(),
    });
    p.esv.table = "t3".into();
    p.esv.standard_equivalent = StandardEquivalent::Direct {
        value_yuan_per_hm2: 1000.0,
        price_year: 2020,
        source: String::new(),
        tag: Tag::U,
    };
    for (class, row) in [
        ("paddy", Some("farm")),
        ("broadleaf_forest", Some("forest")),
        ("built_up", None),
    ] {
        p.esv.crosswalk.insert(
            class.into(),
            CrosswalkEntry {
                row: row.map(str::to_string),
                factor: 1.0,
            },
        );
    }
    let mut m = TransitionMatrix {
        county: "360101".into(),
        from_year: 2015,
        to_year: 2020,
        ..Default::default()
    };
    for (from, to, a) in [
        ("paddy", "paddy", 80.0),
        ("paddy", "broadleaf_forest", 10.0),
        ("paddy", "built_up", 10.0),
        ("broadleaf_forest", "paddy", 5.0),
        ("broadleaf_forest", "broadleaf_forest", 190.0),
        ("broadleaf_forest", "built_up", 5.0),
        ("built_up", "built_up", 50.0),
    ] {
        m.set_cell(from, to, a);
    }
    for (year, cover) in [(2015, m.from_totals()), (2020, m.to_totals())] {
        let mut period = Period {
            year,
            counties: BTreeMap::new(),
        };
        period.counties.insert(
            "360101".into(),
            CountyPeriod {
                land_cover: cover,
                ..Default::default()
            },
        );
        p.periods.push(period);
    }
    p.transitions.push(m);
    p
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9 * b.abs().max(1.0)
}

/// Hand computation (D = 1000 元/hm²):
/// VC(paddy) = (1.0 + 0.5) × 1000 = 1500; VC(forest) = (0.3 + 2.7) × 1000 = 3000;
/// VC(built-up) = 0 (元/hm²).
/// ΔESV: paddy→forest 10 × (3000 − 1500) = +15 000; paddy→built-up 10 × (0 − 1500) = −15 000;
/// forest→paddy 5 × (1500 − 3000) = −7 500; forest→built-up 5 × (0 − 3000) = −15 000;
/// diagonal 0; Σ = −22 500 元.
/// ESV(2015) = 100 × 1500 + 200 × 3000 + 50 × 0 = 750 000;
/// ESV(2020) = 85 × 1500 + 200 × 3000 + 65 × 0 = 727 500; difference −22 500 = Σ ΔESV.
/// CS (±50 %): 2015 paddy 150 000 / 750 000 = 0.2, forest 600 000 / 750 000 = 0.8;
/// 2020 paddy 127 500 / 727 500 = 0.175258, forest 600 000 / 727 500 = 0.824742;
/// built-up: none (VC = 0). ESV(2015) with VC(paddy) × 1.5 = 750 000 + 75 000 = 825 000,
/// × 0.5 = 675 000.
#[test]
fn three_class_matrix_matches_the_hand_computation() {
    let p = three_class_project();
    let reg = Registry::builtin();
    let a = compute(&p, reg, Some("360101"), 2015, 2020).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!((a.price_year, a.d), (2020, 1000.0));
    let vc = |c: &str| a.class(c).map(|c| c.vc);
    assert_eq!(vc("paddy"), Some(1500.0));
    assert_eq!(vc("broadleaf_forest"), Some(3000.0));
    assert_eq!(vc("built_up"), Some(0.0));
    let delta = |f: &str, t: &str| {
        a.cells
            .iter()
            .find(|c| c.from == f && c.to == t)
            .map(|c| c.delta)
    };
    assert_eq!(delta("paddy", "broadleaf_forest"), Some(15_000.0));
    assert_eq!(delta("paddy", "built_up"), Some(-15_000.0));
    assert_eq!(delta("broadleaf_forest", "paddy"), Some(-7_500.0));
    assert_eq!(delta("broadleaf_forest", "built_up"), Some(-15_000.0));
    assert_eq!(delta("paddy", "paddy"), Some(0.0));
    assert_eq!(delta("built_up", "built_up"), Some(0.0));
    assert_eq!(
        (a.esv_from, a.esv_to, a.delta),
        (750_000.0, 727_500.0, -22_500.0)
    );
    // Top transitions: the three of 15 000 first, forest → paddy last.
    let top = a.top();
    assert_eq!(top.len(), 4);
    assert_eq!(top[3].from, "broadleaf_forest");
    assert_eq!(top[3].to, "paddy");
    let cs = |c: &str, y: i32| {
        a.sensitivity
            .iter()
            .find(|s| s.class == c && s.year == y)
            .map(|s| (s.cs_up, s.cs_down, s.esv_up, s.esv_down))
    };
    let (up, down, esv_up, esv_down) = cs("paddy", 2015).unwrap_or_else(|| panic!("no CS"));
    assert!(close(up.unwrap_or(f64::NAN), 0.2) && close(down.unwrap_or(f64::NAN), 0.2));
    assert_eq!((esv_up, esv_down), (825_000.0, 675_000.0));
    let forest15 = cs("broadleaf_forest", 2015).and_then(|s| s.0);
    assert!(close(forest15.unwrap_or(f64::NAN), 0.8));
    let paddy20 = cs("paddy", 2020).and_then(|s| s.0);
    assert!(close(paddy20.unwrap_or(f64::NAN), 127_500.0 / 727_500.0));
    assert!((paddy20.unwrap_or(0.0) - 0.175258).abs() < 1e-6);
    let forest20 = cs("broadleaf_forest", 2020).and_then(|s| s.1);
    assert!((forest20.unwrap_or(0.0) - 0.824742).abs() < 1e-6);
    assert_eq!(cs("built_up", 2020).map(|s| (s.0, s.1)), Some((None, None)));
}

/// When both years' land cover equals the matrix sums, ΣΔESV equals the difference of the two
/// years' ESV accounts (computed by the engine at the same 2020 prices).
#[test]
fn total_change_equals_the_difference_of_the_two_accounts() {
    let p = three_class_project();
    let reg = Registry::builtin();
    let a = compute(&p, reg, Some("360101"), 2015, 2020).unwrap_or_else(|e| panic!("{e:?}"));
    let esv = |year: i32| {
        let mut o = crate::engine::Options::year(year);
        o.price_year = Some(2020);
        let acc = crate::engine::compute(&p, reg, &o).unwrap_or_else(|e| panic!("{e:?}"));
        acc.counties[0].esv.as_ref().map_or(f64::NAN, |e| e.total)
    };
    assert_eq!(esv(2015), 750_000.0);
    assert_eq!(esv(2020), 727_500.0);
    assert_eq!(a.delta, esv(2020) - esv(2015));
}

/// The region is the sum of the counties' matrices unless a region matrix is entered.
#[test]
fn region_sums_counties_unless_entered() {
    let mut p = three_class_project();
    let mut second = p.transitions[0].clone();
    second.county = "360102".into();
    p.transitions.push(second);
    let reg = Registry::builtin();
    let r = compute(&p, reg, None, 2015, 2020).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(r.summed);
    assert_eq!(r.delta, -45_000.0);
    let mut region = p.transitions[0].clone();
    region.county = String::new();
    p.transitions.push(region);
    let r = compute(&p, reg, None, 2015, 2020).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(!r.summed);
    assert_eq!(r.delta, -22_500.0);
    assert_eq!(
        compute(&p, reg, Some("360109"), 2015, 2020),
        Err(TransitionError::NoMatrix)
    );
}

/// With the county's 2020 NPP coefficient P = 1.2 (food only): VC(paddy) = (1.0 × 1.2 + 0.5) ×
/// 1000 = 1700, VC(forest) = (0.3 × 1.2 + 2.7) × 1000 = 3060 元/hm²; ΔESV paddy → forest =
/// 10 × (3060 − 1700) = 13 600 元; ΣΔESV = 10 × 1360 + 10 × (−1700) + 5 × (−1360) + 5 × (−3060)
/// = 13 600 − 17 000 − 6 800 − 15 300 = −25 500 元. The region's VCs stay unadjusted (1500, 3000) and say so.
#[test]
fn county_coefficients_enter_the_value_coefficients() {
    let mut p = three_class_project();
    if let Some(cp) = p
        .period_mut(2020)
        .and_then(|x| x.counties.get_mut("360101"))
    {
        cp.esv_adjust.npp = Some(crate::model::AdjustEntry::Coefficient(1.2));
    }
    let reg = Registry::builtin();
    let a = compute(&p, reg, Some("360101"), 2015, 2020).unwrap_or_else(|e| panic!("{e:?}"));
    let vc = |c: &str| a.class(c).map_or(f64::NAN, |c| c.vc);
    assert!(close(vc("paddy"), 1700.0) && close(vc("broadleaf_forest"), 3060.0));
    let d = a
        .cells
        .iter()
        .find(|c| c.from == "paddy" && c.to == "broadleaf_forest")
        .map_or(f64::NAN, |c| c.delta);
    assert!(close(d, 13_600.0), "{d}");
    assert!(close(a.delta, -25_500.0), "{}", a.delta);
    assert!(close(a.delta, a.esv_to - a.esv_from));
    let r = compute(&p, reg, None, 2015, 2020).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(r.region_unadjusted);
    assert_eq!(r.class("paddy").map(|c| c.vc), Some(1500.0));
    let l = crate::view::Labels::new(&p, reg, crate::i18n::Lang::Zh);
    let words = crate::view::transitions::summary(&l, &a).join("\n");
    assert!(words.contains("NPP 调节系数 P = 1.2000"), "{words}");
    let words = crate::view::transitions::summary(&l, &r).join("\n");
    assert!(words.contains("未含区域调节系数"), "{words}");
}
