//! The map builder on a hand-made project: three counties with the user's own outlines (one
//! with a hole and an island), a fourth without any, and accounts written by hand.

use super::*;
use crate::engine::accounts::{CountyAccount, Ratios, RegionTotals, Totals};
use crate::engine::growth::{CountyGrowth, Growth};
use crate::engine::{Accounts, compensation};
use crate::model::Project;
use crate::model::boundaries::{Boundaries, CountyShape, Polygon};
use crate::registry::Registry;
use crate::view::map::{MapClassing, geometry::label_box};

fn square(x0: f64, y0: f64, s: f64) -> Vec<[f64; 2]> {
    vec![[x0, y0], [x0 + s, y0], [x0 + s, y0 + s], [x0, y0 + s]]
}

/// 甲县 (a 0.4° square with a 0.1° lake and a 0.1° island off its east side), 乙县 and 丙县 (0.4°
/// squares east of it), 丁县 without an outline.
pub(crate) fn project() -> Project {
    let ron = r#"(
        schema_version: 1,
        meta: (name: "测试", region: "测试市", framework: "gbt46869"),
        counties: [
            (code: "360101", name: ("甲县", "Jia County"), land_area_hm2: 100000.0),
            (code: "360102", name: ("乙县", "Yi County"), land_area_hm2: 100000.0),
            (code: "360103", name: ("丙县", "Bing County"), land_area_hm2: 100000.0),
            (code: "360104", name: ("丁县", "Ding County"), land_area_hm2: 100000.0),
        ],
        periods: [(year: 2022)],
    )"#;
    let mut p: Project = ron::from_str(ron).unwrap_or_else(|e| panic!("{e}"));
    let shape = |code: &str, polygons: Vec<Polygon>| CountyShape {
        county: code.into(),
        polygons,
    };
    p.boundaries = Some(Boundaries {
        source: "测试局标准地图，审图号：测S（2024）001号".into(),
        file_name: "t.geojson".into(),
        matched_by: "code".into(),
        shapes: vec![
            shape(
                "360101",
                vec![
                    Polygon {
                        exterior: square(116.0, 28.0, 0.4),
                        holes: vec![square(116.15, 28.15, 0.1)],
                    },
                    Polygon {
                        exterior: square(115.7, 28.1, 0.1),
                        holes: vec![],
                    },
                ],
            ),
            shape(
                "360102",
                vec![Polygon {
                    exterior: square(116.4, 28.0, 0.4),
                    holes: vec![],
                }],
            ),
            shape(
                "360103",
                vec![Polygon {
                    exterior: square(116.8, 28.0, 0.4),
                    holes: vec![],
                }],
            ),
        ],
    });
    p
}

fn county(code: &str, zh: &str, gep: f64) -> CountyAccount {
    CountyAccount {
        code: code.into(),
        name_zh: zh.into(),
        name_en: String::new(),
        population: None,
        gdp_yuan: None,
        indicators: Vec::new(),
        totals: Totals {
            gep,
            gross: gep,
            regulating: gep,
            ..Totals::default()
        },
        ratios: Ratios {
            gep_per_km2: Some(gep / 1000.0),
            ..Ratios::default()
        },
        esv: None,
        by_ecosystem: Vec::new(),
    }
}

/// GEP 30, 10, 20 and 5 亿元.
pub(crate) fn accounts() -> Accounts {
    Accounts {
        year: 2022,
        framework: "gbt46869".into(),
        price_year: 2022,
        counties: vec![
            county("360101", "甲县", 30e8),
            county("360102", "乙县", 10e8),
            county("360103", "丙县", 20e8),
            county("360104", "丁县", 5e8),
        ],
        region: RegionTotals::default(),
        problems: Vec::new(),
        params_used: Vec::new(),
    }
}

fn request(quantity: MapQuantity) -> MapRequest {
    MapRequest {
        quantity,
        year: 2022,
        classing: MapClassing::Jenks,
        classes: 3,
    }
}

fn build(p: &Project, acc: &Accounts, q: MapQuantity, lang: Lang) -> Result<MapScene, MapError> {
    let inputs = MapInputs {
        project: p,
        registry: Registry::builtin(),
        accounts: acc,
        compensation: None,
        growth: None,
        lang,
    };
    scene(&inputs, &request(q))
}

#[test]
fn gep_map_in_yi_yuan_with_classes_ranks_shares_and_notes() {
    let (p, acc) = (project(), accounts());
    let s = build(&p, &acc, MapQuantity::Gep, Lang::Zh).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.title, "2022年各县（市、区）GEP");
    assert_eq!(s.file_stem, "map_gep_2022");
    assert_eq!(s.legend.title, "GEP（亿元）");
    // Three shown values, three Jenks classes: one per county, ascending.
    let labels: Vec<&str> = s.legend.entries.iter().map(|e| e.1.as_str()).collect();
    assert_eq!(labels, ["10.00", "10.00 – 20.00", "20.00 – 30.00"]);
    let a = &s.areas[0];
    assert_eq!((a.county.as_str(), a.name.as_str()), ("360101", "甲县"));
    assert_eq!(a.value, Some(30.0));
    assert_eq!(a.value_text, "30.00 亿元");
    assert_eq!(a.class, Some(2));
    assert_eq!(a.fill, s.legend.entries[2].0);
    // Rank among the mapped counties; share of all counties' GEP (30 of 65).
    assert_eq!(a.details[1], ("排名".into(), "第 1 / 3 位".into()));
    assert_eq!(a.details[2], ("占全区".into(), "46.2%".into()));
    assert_eq!(s.areas[1].class, Some(0));
    // The user's source, the data line, the county without an outline.
    assert_eq!(
        s.notes[0],
        "底图来源：测试局标准地图，审图号：测S（2024）001号"
    );
    assert!(s.notes[1].contains("2022 年价格"), "{}", s.notes[1]);
    assert_eq!(s.missing, ["丁县"]);
    assert_eq!(
        s.notes.last().map(String::as_str),
        Some("无边界、未绘出的县：丁县")
    );
    // 1.2° of longitude at 28.2° N ≈ 126 km wide: a 20 km scale bar.
    assert_eq!(s.scale_bar.km, 20.0);
    assert_eq!(s.scale_bar.label, "20 公里");
}

#[test]
fn per_km2_picks_wan_yuan_and_english_words_the_same_map() {
    let (p, acc) = (project(), accounts());
    // 30e8 / 1000 = 3,000,000 元/km² = 300 万元/km².
    let s = build(&p, &acc, MapQuantity::GepPerKm2, Lang::Zh).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.legend.title, "单位面积 GEP（万元/km²）");
    assert_eq!(s.areas[0].value_text, "300.0 万元/km²");
    let en = build(&p, &acc, MapQuantity::Gep, Lang::En).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(en.title, "GEP by county, 2022");
    assert_eq!(en.areas[0].name, "Jia County");
    assert_eq!(
        en.notes[0],
        "Base map: 测试局标准地图，审图号：测S（2024）001号"
    );
}

#[test]
fn holes_and_islands_become_the_right_triangles() {
    let (p, acc) = (project(), accounts());
    let s = build(&p, &acc, MapQuantity::Gep, Lang::Zh).unwrap_or_else(|e| panic!("{e}"));
    let a = &s.areas[0];
    let tri: f64 = a
        .triangles
        .iter()
        .map(|[p, q, r]| {
            ((q[0] - p[0]) * (r[1] - p[1]) - (r[0] - p[0]) * (q[1] - p[1])).abs() / 2.0
        })
        .sum();
    // (0.16 − 0.01 + 0.01) square degrees; a degree is 111.195 km north and 111.195·cos φ₀ km
    // east, φ₀ = 28.2° (the outlines' centre).
    let want = 0.16 * 111.195_f64.powi(2) * 28.2_f64.to_radians().cos();
    assert!((tri - want).abs() / want < 1e-4, "{tri} vs {want}");
    assert!((geometry::area(&a.polygons) - want).abs() / want < 1e-4);
    // The label sits in the county, not in its lake.
    let at = a.label_at.unwrap_or_default();
    let lake = &a.polygons[0].holes[0];
    let inside_lake =
        at[0] > lake[0][0] && at[0] < lake[1][0] && at[1] > lake[0][1] && at[1] < lake[2][1];
    assert!(!inside_lake, "{at:?}");
}

#[test]
fn errors_say_what_is_missing() {
    let (mut p, acc) = (project(), accounts());
    let e = build(&p, &acc, MapQuantity::Compensation, Lang::Zh).err();
    assert_eq!(e, Some(MapError::NoScenario));
    let e = build(&p, &acc, MapQuantity::Esv, Lang::Zh).err();
    assert!(
        matches!(&e, Some(MapError::NotComputed { year: 2022, .. })),
        "{e:?}"
    );
    let msg = e.map(|e| e.message(Lang::Zh)).unwrap_or_default();
    assert!(msg.contains("生态系统服务价值（当量因子法）"), "{msg}");
    let e = build(&p, &acc, MapQuantity::Indicator("no_such".into()), Lang::Zh).err();
    assert_eq!(e, Some(MapError::UnknownIndicator("no_such".into())));
    let e = build(&p, &acc, MapQuantity::RealGrowth, Lang::Zh).err();
    assert_eq!(e, Some(MapError::NoGrowth));
    if let Some(b) = p.boundaries.as_mut() {
        b.shapes.clear();
    }
    let e = build(&p, &acc, MapQuantity::Gep, Lang::Zh).err();
    assert_eq!(e, Some(MapError::NoOutlines));
    assert!(MapError::NoOutlines.message(Lang::Zh).contains("导入县界"));
}

#[test]
fn growth_is_diverging_around_zero() {
    let (p, acc) = (project(), accounts());
    let g = |code: &str, r: f64| CountyGrowth {
        code: code.into(),
        name_zh: String::new(),
        name_en: String::new(),
        gep_from: 1.0,
        gep_to: 1.0 + r,
        real_growth: Some(r),
    };
    let growth = Growth {
        from_year: 2021,
        to_year: 2022,
        base_year: 2021,
        framework: "gbt46869".into(),
        counties: vec![g("360101", -0.05), g("360102", 0.02), g("360103", 0.08)],
        region: g("", 0.01),
        indicators: Vec::new(),
    };
    let inputs = MapInputs {
        project: &p,
        registry: Registry::builtin(),
        accounts: &acc,
        compensation: None,
        growth: Some(&growth),
        lang: Lang::Zh,
    };
    let s = scene(&inputs, &request(MapQuantity::RealGrowth)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.title, "2021—2022年各县（市、区）GEP 实际增长率");
    assert_eq!(s.areas[0].value_text, "-5.0%");
    assert_eq!(s.areas[2].value_text, "+8.0%");
    // One declining county in red, two growing ones in greens.
    let red = s.legend.entries[0].0;
    assert!(red.0 > red.1, "{red:?}");
    assert_eq!(s.legend.entries[0].1, "-5.0%");
    assert!(s.legend.entries[1..].iter().all(|e| e.0.1 > e.0.0));
    assert!(s.notes[1].contains("按 2021 年不变价"), "{}", s.notes[1]);
}

/// A horizontal-compensation outcome: 甲县 upstream, 乙县 and 丙县 downstream with gravity
/// shares 3 : 1 of 1 亿元; P = 0.5 ≤ 1, so the downstream counties pay. `amounts` are the rows.
fn horizontal_outcome(amounts: &[(&str, f64)]) -> Outcome {
    let index = compensation::water_quality_index(
        1.0,
        &[compensation::Pollutant {
            id: "cod".into(),
            concentration: 10.0,
            baseline: 20.0,
        }],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let gravity = compensation::gravity_shares(
        1.0,
        &[
            compensation::GravityTarget {
                code: "360102".into(),
                mass: 3.0,
                distance: 1.0,
            },
            compensation::GravityTarget {
                code: "360103".into(),
                mass: 1.0,
                distance: 1.0,
            },
        ],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let row = |code: &str, amount: f64| compensation::scenario::Row {
        code: code.into(),
        name_zh: String::new(),
        name_en: String::new(),
        amount_yuan: Some(amount),
        rank: None,
        ecps: None,
        class: None,
    };
    Outcome {
        year: 2022,
        framework: "gbt46869".into(),
        price_year: 2022,
        settings: Default::default(),
        rows: amounts.iter().map(|(c, a)| row(c, *a)).collect(),
        priority: compensation::priority(&[], Default::default(), Default::default()),
        detail: Detail::Horizontal(compensation::scenario::Horizontal {
            upstream: 0,
            index,
            gravity,
            mass: Default::default(),
            amount_yuan: 1e8,
        }),
        warnings: Vec::new(),
    }
}

/// Every county's fill is its legend entry's swatch.
fn fills_match_legend(s: &MapScene) {
    for a in &s.areas {
        let want = a
            .class
            .map_or(classes::NO_VALUE_COLOR, |i| s.legend.entries[i].0);
        assert_eq!(a.fill, want, "{}", a.name);
    }
}

#[test]
fn the_scenario_maps_amounts_and_horizontal_flows_go_payer_to_receiver() {
    let (p, acc) = (project(), accounts());
    let outcome = horizontal_outcome(&[("360101", 1e8), ("360102", -0.75e8), ("360103", -0.25e8)]);
    let inputs = MapInputs {
        project: &p,
        registry: Registry::builtin(),
        accounts: &acc,
        compensation: Some(&outcome),
        growth: None,
        lang: Lang::Zh,
    };
    let s = scene(&inputs, &request(MapQuantity::Compensation)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.legend.title, "生态补偿金额（亿元）");
    assert_eq!(s.areas[0].value_text, "获得 1.00 亿元");
    assert_eq!(s.areas[1].value_text, "支付 0.75 亿元");
    assert!(s.legend.entries.iter().any(|e| e.1.starts_with("支付")));
    assert!(s.legend.entries.iter().any(|e| e.1.starts_with("获得")));
    assert_eq!(s.flows.len(), 2);
    let f = &s.flows[0];
    assert_eq!((f.from.as_str(), f.to.as_str()), ("乙县", "甲县"));
    assert_eq!(f.label, "0.75 亿元");
    assert_eq!(f.width, FLOW_MAX);
    // Width in proportion: 0.25 of the largest above the minimum.
    assert!((s.flows[1].width - (FLOW_MIN + (FLOW_MAX - FLOW_MIN) / 3.0)).abs() < 1e-9);
    assert!(s.notes[1].contains("补偿方法"), "{}", s.notes[1]);
    fills_match_legend(&s);
}

#[test]
fn a_legend_with_no_payers_still_shows_both_sides() {
    let (p, acc) = (project(), accounts());
    let outcome = horizontal_outcome(&[("360101", 3e8), ("360102", 2e8), ("360103", 1e8)]);
    let inputs = MapInputs {
        project: &p,
        registry: Registry::builtin(),
        accounts: &acc,
        compensation: Some(&outcome),
        growth: None,
        lang: Lang::Zh,
    };
    let s = scene(&inputs, &request(MapQuantity::Compensation)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.legend.entries[0].1, "支付：无");
    assert!(
        s.legend.entries[1..]
            .iter()
            .all(|e| e.1.starts_with("获得"))
    );
    // The classes moved down by the added entry; every fill still is its swatch.
    assert_eq!(s.areas[0].class, Some(3));
    fills_match_legend(&s);
}

#[test]
fn labels_never_overlap_on_a_crowded_map() {
    // A 6 × 6 grid of small counties with long names: some labels shrink or drop, none overlap.
    let ron_counties: Vec<String> = (0..36)
        .map(|i| {
            format!("(code: \"36{i:04}\", name: (\"长名字的第{i}号县\", \"\"), land_area_hm2: 1.0)")
        })
        .collect();
    let ron = format!(
        "(schema_version: 1, meta: (name: \"t\", region: \"t\", framework: \"gbt46869\"), counties: [{}], periods: [(year: 2022)])",
        ron_counties.join(",")
    );
    let mut p: Project = ron::from_str(&ron).unwrap_or_else(|e| panic!("{e}"));
    p.boundaries = Some(Boundaries {
        source: String::new(),
        shapes: (0..36)
            .map(|i| CountyShape {
                county: format!("36{i:04}"),
                polygons: vec![Polygon {
                    exterior: square(
                        116.0 + (i % 6) as f64 * 0.1,
                        28.0 + (i / 6) as f64 * 0.1,
                        0.1,
                    ),
                    holes: vec![],
                }],
            })
            .collect(),
        ..Default::default()
    });
    let mut acc = accounts();
    acc.counties = (0..36)
        .map(|i| county(&format!("36{i:04}"), "", 1e8 * (i + 1) as f64))
        .collect();
    let s = build(&p, &acc, MapQuantity::Gep, Lang::Zh).unwrap_or_else(|e| panic!("{e}"));
    let boxes: Vec<[f64; 4]> = s
        .areas
        .iter()
        .filter_map(|a| Some(label_box(a.label_at?, &a.name, a.label_size)))
        .collect();
    assert!(!boxes.is_empty() && boxes.len() < 36, "{}", boxes.len());
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            let apart = a[2] <= b[0] || b[2] <= a[0] || a[3] <= b[1] || b[3] <= a[1];
            assert!(apart, "{a:?} overlaps {b:?}");
        }
    }
    assert!(s.notes[0].contains("未注明来源"));
}
