//! Tests of boundary import, on hand-made files written by each test.

use std::path::Path;

use encoding_rs::{GBK, UTF_8};
use shapefile::{Point, PolygonRing, ShapeWriter};

use super::shapefile_file::{read_dbf, write_dbf};
use super::*;
use crate::boundaries::area_km2;
use crate::i18n::Lang;
use crate::model::setup::new_county;

fn project() -> Project {
    let mut p = Project::empty("t");
    p.counties = vec![
        new_county("361003", "东乡区", None),
        new_county("361022", "黎川县", None),
        new_county("361028", "资溪县", None),
    ];
    p
}

/// A square ring, counter-clockwise, `d` degrees wide from (x, y).
fn square(x: f64, y: f64, d: f64) -> String {
    format!(
        "[[{x},{y}],[{},{y}],[{},{}],[{x},{}],[{x},{y}]]",
        x + d,
        x + d,
        y + d,
        y + d
    )
}

fn feature(props: &str, geometry: &str) -> String {
    format!(r#"{{"type":"Feature","properties":{{{props}}},"geometry":{geometry}}}"#)
}

fn collection(features: &[String]) -> String {
    format!(
        r#"{{"type":"FeatureCollection","features":[{}]}}"#,
        features.join(",")
    )
}

fn polygon(rings: &[String]) -> String {
    format!(
        r#"{{"type":"Polygon","coordinates":[{}]}}"#,
        rings.join(",")
    )
}

#[test]
fn a_geojson_with_one_bad_feature_lists_it_and_imports_the_rest_only_on_accept() {
    let text = collection(&[
        feature(
            r#""PAC":361003,"NAME":"东乡区""#,
            &polygon(&[square(116.5, 28.0, 0.2)]),
        ),
        // Two points only: invalid.
        feature(
            r#""PAC":"361022","NAME":"黎川县""#,
            r#"{"type":"Polygon","coordinates":[[[116.9,27.2],[117.0,27.3],[116.9,27.2]]]}"#,
        ),
        feature(
            r#""PAC":"361028","NAME":"资溪县""#,
            &polygon(&[square(117.0, 27.6, 0.2)]),
        ),
        // Not a county of the project.
        feature(
            r#""PAC":"360102","NAME":"东湖区""#,
            &polygon(&[square(115.9, 28.6, 0.1)]),
        ),
    ]);
    let file = read_geojson_bytes(text.as_bytes(), "fz.geojson").expect("reads");
    let p = project();
    let before = p.clone();
    let r = preview(&file, &p, &MatchBy::Auto).expect("matches");
    assert_eq!((r.field.as_str(), r.by_name), ("PAC", false));
    assert_eq!(
        r.matched
            .iter()
            .map(|m| m.county.as_str())
            .collect::<Vec<_>>(),
        ["361003", "361028"]
    );
    assert_eq!(
        r.invalid,
        [(
            "#2 NAME=黎川县 PAC=361022".to_string(),
            Invalid::TooFewPoints
        )]
    );
    assert_eq!(r.unmatched_features, ["#4 NAME=东湖区 PAC=360102"]);
    assert_eq!(
        r.unmatched_counties,
        [("361022".to_string(), "黎川县".to_string())]
    );
    assert!(r.needs_accept());
    let zh = r.lines(Lang::Zh).join("\n");
    assert!(
        zh.contains("#2 NAME=黎川县 PAC=361022: 外环少于 3 个不同的点"),
        "{zh}"
    );
    assert!(zh.contains("匹配 2 个县区（共 3 个）"), "{zh}");
    let en = r.lines(Lang::En).join("\n");
    assert!(en.contains("1 features have invalid geometry"), "{en}");
    // Nothing changed until the user accepts.
    assert_eq!(p, before);
    let mut p = p;
    apply(&mut p, &r, "审图号：赣S（2023）012号");
    let b = p.boundaries.as_ref().expect("stored");
    assert_eq!(b.source, "审图号：赣S（2023）012号");
    assert_eq!(
        (b.file_name.as_str(), b.matched_by.as_str()),
        ("fz.geojson", "PAC")
    );
    assert_eq!(b.shapes.len(), 2);
    assert_eq!(b.shapes[1].county, "361028");
    assert_eq!(
        b.shapes[1].polygons[0].exterior,
        [[117.0, 27.6], [117.2, 27.6], [117.2, 27.8], [117.0, 27.8]]
    );
}

#[test]
fn a_multipolygon_keeps_its_hole_and_its_island_and_their_area() {
    // A 0.2° square with a 0.1° hole, and a 0.05° island: 0.04 − 0.01 + 0.0025 = 0.0325 deg².
    let geometry = format!(
        r#"{{"type":"MultiPolygon","coordinates":[[{},{}],[{}]]}}"#,
        square(116.0, 27.0, 0.2),
        square(116.05, 27.05, 0.1),
        square(116.5, 27.0, 0.05)
    );
    let text = collection(&[feature(r#""code":"361028""#, &geometry)]);
    let file = read_geojson_bytes(text.as_bytes(), "z.json").expect("reads");
    let r = preview(&file, &project(), &MatchBy::Code("CODE".into())).expect("matches");
    assert!(!r.needs_accept());
    let shape = &r.shapes[0];
    assert_eq!(shape.polygons.len(), 2);
    assert_eq!(shape.polygons[0].holes.len(), 1);
    assert_eq!(shape.polygons[1].exterior.len(), 4);
    let whole = area_km2(&shape.polygons);
    let parts = area_km2(&[crate::model::boundaries::Polygon {
        exterior: shape.polygons[0].exterior.clone(),
        holes: vec![],
    }]);
    // At 27°N a degree of longitude is 99.2 km, of latitude 110.8 km: 0.0325 deg² ≈ 357 km².
    assert!((whole - 357.3).abs() < 2.0, "{whole}");
    assert!(parts > whole, "the hole is subtracted");
}

#[test]
fn duplicate_codes_are_reported_and_their_shapes_joined() {
    let text = collection(&[
        feature(r#""PAC":"361028""#, &polygon(&[square(117.0, 27.6, 0.2)])),
        feature(r#""PAC":"361028""#, &polygon(&[square(117.3, 27.6, 0.1)])),
    ]);
    let file = read_geojson_bytes(text.as_bytes(), "d.geojson").expect("reads");
    let r = preview(&file, &project(), &MatchBy::Auto).expect("matches");
    assert_eq!(
        r.duplicates,
        [(
            "361028".to_string(),
            vec!["#1 PAC=361028".to_string(), "#2 PAC=361028".to_string()]
        )]
    );
    assert!(r.needs_accept());
    assert_eq!(r.shapes[0].polygons.len(), 2);
    assert!(
        r.lines(Lang::Zh)
            .join("\n")
            .contains("县区 361028 对应多个要素")
    );
}

#[test]
fn files_that_cannot_be_read_are_refused_with_their_reason() {
    let p = project();
    // No field matches.
    let text = collection(&[feature(
        r#""X":"abc""#,
        &polygon(&[square(117.0, 27.6, 0.2)]),
    )]);
    let file = read_geojson_bytes(text.as_bytes(), "x.geojson").expect("reads");
    let e = preview(&file, &p, &MatchBy::Auto).expect_err("no match");
    assert!(
        e.message(Lang::Zh).contains("可用字段：X"),
        "{}",
        e.message(Lang::Zh)
    );
    let e = preview(&file, &p, &MatchBy::Code("PAC".into())).expect_err("no field");
    assert_eq!(
        e.message(Lang::En),
        "the file has no field PAC; its fields: X"
    );
    // Metres without a CRS.
    let text = collection(&[feature(
        r#""PAC":"361028""#,
        &polygon(&[square(39_500_000.0, 3_000_000.0, 1000.0)]),
    )]);
    let e = read_geojson_bytes(text.as_bytes(), "m.geojson").expect_err("projected");
    assert!(matches!(e, BoundaryError::LooksProjected { .. }));
    assert!(e.message(Lang::Zh).contains("（39500000.0，3000000.0）"));
    // A CRS that cannot be converted is named.
    let text = r#"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:2385"}},"features":[]}"#;
    let e = read_geojson_bytes(text.as_bytes(), "c.geojson").expect_err("crs");
    assert!(
        e.message(Lang::En)
            .contains("EPSG:2385 cannot be converted")
    );
    // Not JSON.
    let e = read_geojson_bytes(b"{\"type\": ", "bad.geojson").expect_err("json");
    assert!(matches!(e, BoundaryError::BadJson { line: 1, .. }));
    // Too many points.
    let text = collection(&[feature(
        r#""PAC":"361028""#,
        &polygon(&[square(117.0, 27.6, 0.2)]),
    )]);
    let e = geojson_file::read(text.as_bytes(), 4).expect_err("limit");
    assert!(matches!(e, BoundaryError::TooManyPoints { limit: 4 }));
}

/// Writes a Shapefile of squares (one feature each) with the given attribute table.
fn write_shapefile(
    dir: &Path,
    name: &str,
    squares: &[(f64, f64, f64)],
    fields: &[&str],
    records: &[Vec<&str>],
    encoding: &'static encoding_rs::Encoding,
) -> std::path::PathBuf {
    let shp = dir.join(format!("{name}.shp"));
    {
        let mut w = ShapeWriter::from_path(&shp).expect("shp");
        for &(x, y, d) in squares {
            let ring = vec![
                Point::new(x, y),
                Point::new(x, y + d),
                Point::new(x + d, y + d),
                Point::new(x + d, y),
                Point::new(x, y),
            ];
            let poly = shapefile::Polygon::new(PolygonRing::Outer(ring));
            w.write_shape(&poly).expect("shape");
        }
    }
    std::fs::write(
        shp.with_extension("dbf"),
        write_dbf(fields, records, encoding),
    )
    .expect("dbf");
    shp
}

#[test]
fn a_shapefile_with_gbk_names_matches_by_name() {
    let dir = tempfile::tempdir().expect("tmp");
    let shp = write_shapefile(
        dir.path(),
        "县界",
        &[(116.5, 28.0, 0.2), (117.0, 27.6, 0.2), (116.8, 27.1, 0.2)],
        &["NAME", "ID"],
        &[
            vec!["东乡县", "1"],
            vec!["资溪县", "2"],
            vec!["黎川县", "3"],
        ],
        GBK,
    );
    // The bytes really are GBK (资 is 0xD7CA), not UTF-8.
    let dbf = std::fs::read(shp.with_extension("dbf")).expect("dbf");
    assert!(dbf.windows(2).any(|w| w == [0xD7, 0xCA]));
    assert!(std::str::from_utf8(&dbf[32..]).is_err());
    let file = read(&shp).expect("reads");
    assert_eq!(file.encoding.as_deref(), Some("GBK"));
    assert_eq!(file.crs, "WGS 84");
    assert!(!file.crs_stated);
    let r = preview(&file, &project(), &MatchBy::Auto).expect("matches");
    assert_eq!((r.field.as_str(), r.by_name), ("NAME", true));
    assert_eq!(r.matched.len(), 3);
    // 东乡县 in the file is 东乡区 in the project.
    assert_eq!(r.matched[0].by_suffix.as_deref(), Some("东乡县"));
    assert!(r.unmatched_counties.is_empty() && !r.needs_accept());
    assert_eq!(
        r.shapes[2].polygons[0].exterior.len(),
        4,
        "资溪县 is the third county of the project"
    );
    assert!(r.lines(Lang::Zh).join("\n").contains("属性文字编码 GBK"));
}

#[test]
fn a_projected_shapefile_with_its_prj_is_converted_to_lon_lat() {
    let dir = tempfile::tempdir().expect("tmp");
    // A 1 km square whose corner is 117°E 30°N in CGCS2000 3° Gauss–Krüger, CM 117°E.
    let shp = write_shapefile(
        dir.path(),
        "gk",
        &[(500_000.0, 3_320_113.398, 1000.0)],
        &["PAC"],
        &[vec!["361028"]],
        UTF_8,
    );
    let prj = r#"PROJCS["CGCS2000_3_Degree_GK_CM_117E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#;
    std::fs::write(shp.with_extension("prj"), prj).expect("prj");
    let file = read(&shp).expect("reads");
    assert_eq!(file.crs, "CGCS2000_3_Degree_GK_CM_117E");
    let r = preview(&file, &project(), &MatchBy::Auto).expect("matches");
    let ring = &r.shapes[0].polygons[0].exterior;
    assert!(ring.contains(&[117.0, 30.0]), "{ring:?}");
    // 1 km² within a thousandth.
    let a = area_km2(&r.shapes[0].polygons);
    assert!((a - 1.0).abs() < 1e-3, "{a}");
    // The same file with a conic projection is refused by name.
    std::fs::write(
        shp.with_extension("prj"),
        r#"PROJCS["Asia_Lambert_Conformal_Conic",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]]],PROJECTION["Lambert_Conformal_Conic"],UNIT["Meter",1.0]]"#,
    )
    .expect("prj");
    let e = read(&shp).expect_err("refused");
    assert!(
        e.message(Lang::Zh)
            .contains("坐标系“Asia_Lambert_Conformal_Conic”无法换算")
    );
    assert!(e.message(Lang::Zh).contains("EPSG:4490"));
    // Without its .prj the metres are caught.
    std::fs::remove_file(shp.with_extension("prj")).expect("rm");
    assert!(matches!(
        read(&shp),
        Err(BoundaryError::LooksProjected { .. })
    ));
}

#[test]
fn dbf_text_follows_the_cpg_then_utf8_then_gbk() {
    let utf8 = write_dbf(&["NAME"], &[vec!["资溪县"]], UTF_8);
    let t = read_dbf(&utf8, None).expect("reads");
    assert_eq!((t.encoding, t.records[0][0].as_str()), ("UTF-8", "资溪县"));
    let gbk = write_dbf(&["名称"], &[vec!["资溪县"]], GBK);
    let t = read_dbf(&gbk, None).expect("reads");
    assert_eq!(t.fields, ["名称"]);
    assert_eq!((t.encoding, t.records[0][0].as_str()), ("GBK", "资溪县"));
    let t = read_dbf(&gbk, Some("936\n")).expect("reads");
    assert_eq!(t.encoding, "GBK");
    // A .cpg saying UTF-8 wins even over bytes that are not (they are replaced, not guessed).
    let t = read_dbf(&gbk, Some("UTF-8")).expect("reads");
    assert_eq!(t.encoding, "UTF-8");
    assert!(read_dbf(b"short", None).is_none());
}

#[test]
fn codes_are_read_in_their_usual_spellings() {
    use super::matching::code_of;
    assert_eq!(code_of("361028").as_deref(), Some("361028"));
    assert_eq!(code_of(" 361028.000 ").as_deref(), Some("361028"));
    assert_eq!(code_of("361028000000").as_deref(), Some("361028"));
    assert_eq!(code_of("361028000").as_deref(), Some("361028"));
    assert_eq!(code_of("361028001"), None);
    assert_eq!(code_of("36102"), None);
    assert_eq!(code_of("资溪县"), None);
}

#[test]
fn imported_boundaries_survive_a_save_and_load() {
    let text = collection(&[feature(
        r#""PAC":"361028""#,
        &format!(
            r#"{{"type":"MultiPolygon","coordinates":[[{},{}],[{}]]}}"#,
            square(117.0, 27.6, 0.2),
            square(117.05, 27.65, 0.05),
            square(117.5, 27.6, 0.05)
        ),
    )]);
    let file = read_geojson_bytes(text.as_bytes(), "fz.geojson").expect("reads");
    let mut p = project();
    let r = preview(&file, &p, &MatchBy::Auto).expect("matches");
    apply(&mut p, &r, "标准地图 审图号：GS（2023）2767号");
    let ron = crate::io::to_ron_string(&p).expect("serialises");
    let back = crate::io::load_str(&ron, "t.ron").expect("loads");
    assert_eq!(back.boundaries, p.boundaries);
    assert_eq!(back, p);
}

#[test]
fn large_outlines_are_simplified_within_the_point_budget() {
    // A circle of 400,000 points: far over the budget, simplified until it fits.
    let n = 400_000;
    let ring: Vec<String> = (0..=n)
        .map(|i| {
            let a = std::f64::consts::TAU * f64::from(i % n) / f64::from(n);
            format!("[{},{}]", 117.0 + 0.3 * a.cos(), 27.6 + 0.3 * a.sin())
        })
        .collect();
    let text = collection(&[feature(
        r#""PAC":"361028""#,
        &format!(
            r#"{{"type":"Polygon","coordinates":[[{}]]}}"#,
            ring.join(",")
        ),
    )]);
    let file = read_geojson_bytes(text.as_bytes(), "c.geojson").expect("reads");
    let r = preview(&file, &project(), &MatchBy::Auto).expect("matches");
    assert_eq!(r.points_read, n as usize);
    assert!(
        r.points_kept <= KEEP_POINTS && r.points_kept > 50,
        "{}",
        r.points_kept
    );
    let a = area_km2(&r.shapes[0].polygons);
    // π r² with r = 0.3° (33.2 km north–south, 29.6 km east–west at 27.6°N) ≈ 3,089 km².
    assert!((a / 3089.0 - 1.0).abs() < 0.01, "{a}");
}

#[test]
fn a_single_feature_a_bare_geometry_and_members_in_any_order_are_read() {
    let one = feature(r#""PAC":"361028""#, &polygon(&[square(117.0, 27.6, 0.2)]));
    let file = read_geojson_bytes(one.as_bytes(), "one.geojson").expect("reads");
    assert_eq!(file.features.len(), 1);
    assert_eq!(file.features[0].value("pac"), Some("361028"));
    let bare = polygon(&[square(117.0, 27.6, 0.2)]);
    let file = read_geojson_bytes(bare.as_bytes(), "bare.geojson").expect("reads");
    assert!(file.features[0].attributes.is_empty() && file.features[0].polygons.is_ok());
    // `features` before `type` and `crs`, as some writers order them.
    let text = format!(
        r#"{{"features":[{one}],"crs":{{"type":"name","properties":{{"name":"EPSG:4490"}}}},"type":"FeatureCollection"}}"#
    );
    let file = read_geojson_bytes(text.as_bytes(), "late.geojson").expect("reads");
    assert_eq!((file.features.len(), file.crs.as_str()), (1, "EPSG:4490"));
    assert!(file.crs_stated);
    let empty = r#"{"type":"FeatureCollection","features":null}"#;
    let e = read_geojson_bytes(empty.as_bytes(), "e.geojson").expect_err("empty");
    assert!(matches!(e, BoundaryError::NoFeatures));
    let e = read_geojson_bytes(b"[1, 2]", "a.geojson").expect_err("not an object");
    assert!(matches!(e, BoundaryError::BadJson { .. }));
}
