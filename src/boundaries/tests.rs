//! Tests of the bundled outlines and of `outlines_for`.

use super::*;
use crate::divisions;
use crate::model::boundaries::Boundaries;
use crate::model::setup::new_county;

/// Current GB/T 2260 units created after the source data was drawn (splits and merges such
/// as 红谷滩区 2019): the bundle has no outline for them (see `assets/boundaries/README.md`).
const NEWER_THAN_SOURCE: &[&str] = &[
    "140213", "140403", "230717", "230718", "230723", "230724", "230725", "230751", "330383",
    "360113", "440311", "460321", "460322", "460323", "632803", "659010", "659011",
];

fn project(codes: &[&str]) -> Project {
    let mut p = Project::empty("t");
    p.counties = codes.iter().map(|c| new_county(c, c, None)).collect();
    p
}

#[test]
fn the_samples_eleven_counties_all_have_bundled_outlines_of_their_area() {
    let sample = crate::sample::builtin().expect("sample loads");
    let o = outlines_for(&sample);
    assert_eq!(o.origin, Origin::Bundled);
    assert!(o.missing.is_empty(), "{:?}", o.missing);
    assert_eq!(o.shapes.len(), 11);
    for (shape, county) in o.shapes.iter().zip(&sample.counties) {
        assert_eq!(shape.county, county.code);
        let km2 = area_km2(&shape.polygons);
        let stated = county.land_area_hm2 / 100.0;
        // The sample's land areas are the counties' published areas: the schematic outline
        // is within 6 % of each (东乡区 1,270 km² published, 资溪县 1,251 km²).
        assert!(
            (km2 / stated - 1.0).abs() < 0.06,
            "{} outline {km2:.0} km² vs stated {stated:.0} km²",
            county.code
        );
    }
}

#[test]
fn every_bundled_outline_keeps_the_area_of_its_source_feature() {
    let b = bundled().expect("the bundle parses");
    assert!(b.len() > 2800, "{}", b.len());
    for code in b.codes() {
        let e = b.entry(code).expect("entry decodes");
        let p = b.polygons(code).expect("outline decodes");
        assert!(
            !p.is_empty() && p.iter().all(|p| p.exterior.len() >= 3),
            "{code}"
        );
        let src = f64::from(e.source_area_km2);
        let ratio = area_km2(&p) / src;
        // Simplified by 0.002° (about 200 m): within 2 % from 50 km² up, within 12 % for
        // the few urban districts and islands of a few km²; 长岛县 is some 150 islets, and
        // those smaller than the tolerance are dropped (5 % of its land).
        let tol = if code == "370634" {
            0.06
        } else if src > 50.0 {
            0.02
        } else {
            0.12
        };
        assert!((ratio - 1.0).abs() < tol, "{code} {}: {ratio}", e.name);
    }
}

#[test]
fn no_county_of_the_division_list_is_lost_but_the_newer_ones() {
    let b = bundled().expect("the bundle parses");
    let missing: Vec<&str> = divisions::all()
        .iter()
        .map(|d| d.code)
        .filter(|c| b.resolve(c).is_none())
        .collect();
    assert_eq!(missing, NEWER_THAN_SOURCE);
    // Jiangxi: all 100 units but 红谷滩区, split off 新建区 in 2019.
    let jx = divisions::with_prefix("36");
    assert_eq!(jx.len(), 100);
    let have = jx.iter().filter(|d| b.resolve(d.code).is_some()).count();
    assert_eq!(have, 99);
}

#[test]
fn a_renamed_code_finds_its_outline_under_either_code() {
    let b = bundled().expect("the bundle parses");
    // 东乡县 361029 became 东乡区 361003 in 2017; 上饶县 361121 became 广信区 361104 in 2019.
    assert_eq!(b.resolve("361029"), Some("361003"));
    assert_eq!(b.resolve("361121"), Some("361104"));
    assert_eq!(
        b.entry("361003").map(|e| e.name),
        Some("东乡县".to_string())
    );
    let old = outlines_for(&project(&["361029", "999999"]));
    assert_eq!(old.shapes.len(), 1);
    assert_eq!(old.shapes[0].county, "361029");
    assert_eq!(old.missing, ["999999"]);
    let new = outlines_for(&project(&["361003"]));
    assert_eq!(new.shapes[0].polygons, old.shapes[0].polygons);
}

#[test]
fn a_project_with_its_own_boundaries_uses_them_and_names_their_source() {
    let mut p = project(&["361003", "361028"]);
    let square = Polygon {
        exterior: vec![[116.0, 28.0], [116.1, 28.0], [116.1, 28.1], [116.0, 28.1]],
        holes: vec![],
    };
    p.boundaries = Some(Boundaries {
        source: "审图号：赣S（2023）012号".into(),
        file_name: "fz.geojson".into(),
        matched_by: "PAC".into(),
        shapes: vec![CountyShape {
            county: "361028".into(),
            polygons: vec![square.clone()],
        }],
    });
    let o = outlines_for(&p);
    assert_eq!(
        o.origin,
        Origin::User {
            source: "审图号：赣S（2023）012号".into()
        }
    );
    assert_eq!(o.shapes.len(), 1);
    assert_eq!(o.shapes[0].polygons, [square]);
    // No falling back to the bundle for a county the user's file lacks.
    assert_eq!(o.missing, ["361003"]);
}

#[test]
fn area_of_a_hand_worked_square_with_a_hole_either_winding() {
    // 0.1° × 0.1° at the equator ≈ 11.132 km × 11.057 km = 123.09 km² (WGS 84); a hole of a
    // quarter of it leaves three quarters, whichever way the rings are wound.
    let ccw = vec![[0.0, 0.0], [0.1, 0.0], [0.1, 0.1], [0.0, 0.1]];
    let hole_cw = [[0.0, 0.0], [0.0, 0.05], [0.05, 0.05], [0.05, 0.0]];
    let full = area_km2(&[Polygon {
        exterior: ccw.clone(),
        holes: vec![],
    }]);
    assert!((full - 123.09).abs() < 0.05, "{full}");
    let cw: Vec<[f64; 2]> = ccw.iter().rev().copied().collect();
    let holed = area_km2(&[Polygon {
        exterior: cw,
        holes: vec![hole_cw.iter().rev().copied().collect()],
    }]);
    assert!((holed - 0.75 * full).abs() < 0.05, "{holed}");
}
