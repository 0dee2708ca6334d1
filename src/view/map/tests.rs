//! The map drawn: the SVG's filled paths rasterised give the counties' true areas (holes open,
//! islands filled), and a Chinese map carries no English words outside names.

use super::build::tests::{accounts, project};
use super::*;
use crate::i18n::Lang;
use crate::registry::Registry;

fn gep_scene(lang: crate::i18n::Lang) -> MapScene {
    let (p, acc) = (project(), accounts());
    let inputs = MapInputs {
        project: &p,
        registry: Registry::builtin(),
        accounts: &acc,
        compensation: None,
        growth: None,
        lang,
    };
    let req = MapRequest {
        quantity: MapQuantity::Gep,
        year: 2022,
        classing: MapClassing::Jenks,
        classes: 5,
    };
    scene(&inputs, &req).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn rasterised_county_with_a_hole_and_an_island_has_geos_area() {
    let s = gep_scene(Lang::Zh);
    let a = &s.areas[0];
    assert_eq!((a.polygons.len(), a.polygons[0].holes.len()), (2, 1));
    // Only this county, black on white, 6 px per km, through the SVG path writer and resvg.
    let k = 6.0;
    let [x0, y0, x1, y1] = geometry::extent(&a.polygons).unwrap_or_default();
    let (w, h) = (((x1 - x0) * k).ceil() + 4.0, ((y1 - y0) * k).ceil() + 4.0);
    let mut d = String::new();
    for ring in a
        .polygons
        .iter()
        .flat_map(|p| std::iter::once(&p.exterior).chain(&p.holes))
    {
        for (i, p) in ring.iter().enumerate() {
            let (x, y) = (2.0 + (p[0] - x0) * k, 2.0 + (y1 - p[1]) * k);
            d.push_str(&format!("{}{x:.3} {y:.3}", if i == 0 { "M" } else { "L" }));
        }
        d.push('Z');
    }
    let doc = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}"><path d="{d}" fill="#000000" fill-rule="evenodd"/></svg>"##
    );
    let pix = png::rasterise(&doc, w as u32).unwrap_or_else(|e| panic!("{e}"));
    // Coverage: a black pixel counts 1, a white one 0, edges in between.
    let covered: f64 = pix
        .data()
        .chunks_exact(4)
        .map(|p| 1.0 - f64::from(p[0]) / 255.0)
        .sum();
    let raster_km2 = covered / (k * k);
    let geo_km2 = geometry::area(&a.polygons);
    assert!(
        (raster_km2 - geo_km2).abs() / geo_km2 < 0.01,
        "raster {raster_km2} km² vs geo {geo_km2} km²"
    );
    // 0.16 square degrees at 28.2° N (hole and island cancel): 1,743 km². Without its hole the
    // county would be 1/16 larger, so the 1 % test tells them apart.
    assert!((geo_km2 - 1743.5).abs() < 1.0, "{geo_km2}");
}

/// The text content of every `<text>` element.
fn texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| Some(t.split_once('>')?.1.split_once("</text>")?.0.to_string()))
        .collect()
}

#[test]
fn the_svg_has_a_path_per_county_legend_north_arrow_scale_and_notes() {
    let s = gep_scene(Lang::Zh);
    let doc = svg::to_svg(&s, svg::DEFAULT_WIDTH, Lang::Zh);
    assert_eq!(doc.matches(r#"fill-rule="evenodd""#).count(), 3);
    let words = texts(&doc);
    for want in [
        "2022年各县（市、区）GEP",
        "GEP（亿元）",
        "北",
        "20 公里",
        "底图来源：测试局标准地图，审图号：测S（2024）001号",
        "甲县",
    ] {
        assert!(words.iter().any(|w| w == want), "{want} not in {words:?}");
    }
    // The PNG of it decodes at the asked width.
    let png = png::to_png(&s, 1200, Lang::Zh).unwrap_or_else(|e| panic!("{e}"));
    let dec = ::png::Decoder::new(std::io::Cursor::new(png));
    let info = dec.read_info().map(|r| r.info().width).unwrap_or(0);
    assert_eq!(info, 1200);
}

#[test]
fn a_chinese_map_has_no_english_outside_names() {
    let s = gep_scene(Lang::Zh);
    let doc = svg::to_svg(&s, svg::DEFAULT_WIDTH, Lang::Zh);
    let stray: Vec<String> = texts(&doc)
        .iter()
        .flat_map(|t| crate::i18n::stray_latin_words(t))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
    let en = svg::to_svg(&gep_scene(Lang::En), svg::DEFAULT_WIDTH, Lang::En);
    assert!(texts(&en).iter().any(|t| t == "Jia County"));
}
