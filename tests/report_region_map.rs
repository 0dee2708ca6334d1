//! The map in 二、区域概况: the project's counties on their outlines, each coloured by its
//! dominant ecosystem type (land cover grouped by `LandClass::ecosystem`), captioned and in the
//! report's doc model; one line instead of a figure when no county has an outline.

use gep_calc::engine::{Options, compute};
use gep_calc::i18n::Lang;
use gep_calc::model::Project;
use gep_calc::model::setup::{NewProject, new_county};
use gep_calc::registry::Registry;
use gep_calc::report::chapters;
use gep_calc::report::doc::{Block, Doc, Figure};
use gep_calc::view::map::ecosystem;

/// Three counties of 抚州市 (bundled outlines) whose land cover is mostly forest, farmland and
/// wetland respectively (hm²).
fn project(codes: [&str; 3]) -> Project {
    let mut p = NewProject {
        name: "区域图测试".into(),
        region: "测试市".into(),
        organisation: "某研究院".into(),
        framework: "gbt46869".into(),
        years: vec![2022],
        counties: vec![
            new_county(codes[0], "林县", None),
            new_county(codes[1], "田县", None),
            new_county(codes[2], "湖县", None),
        ],
    }
    .build();
    for c in &mut p.counties {
        c.land_area_hm2 = 10_000.0;
    }
    let cover: [&[(&str, f64)]; 3] = [
        &[("broadleaf_forest", 6_000.0), ("paddy", 4_000.0)],
        &[
            ("paddy", 3_000.0),
            ("dryland", 3_000.0),
            ("mixed_forest", 4_000.0),
        ],
        &[
            ("lake", 5_000.0),
            ("reservoir", 1_000.0),
            ("paddy", 4_000.0),
        ],
    ];
    let period = p.period_mut(2022).unwrap_or_else(|| panic!("2022"));
    for (code, classes) in codes.iter().zip(cover) {
        let cp = period.counties.entry(code.to_string()).or_default();
        cp.population = Some(100_000.0);
        for (class, hm2) in classes {
            cp.land_cover.insert(class.to_string(), *hm2);
        }
    }
    p
}

fn doc_of(p: &Project, lang: Lang) -> Doc {
    let a = compute(p, Registry::builtin(), &Options::year(2022)).unwrap_or_else(|e| panic!("{e}"));
    chapters::build(p, &a, Registry::builtin(), lang)
}

fn region_figures(d: &Doc) -> Vec<&Figure> {
    d.section("region")
        .unwrap_or_else(|| panic!("no region chapter"))
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Figure(f) => Some(f),
            _ => None,
        })
        .collect()
}

fn hex(c: gep_calc::view::chart::Rgb) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

#[test]
fn region_chapter_maps_each_county_by_its_dominant_ecosystem() {
    let p = project(["361002", "361003", "361021"]);
    let d = doc_of(&p, Lang::Zh);
    let figs = region_figures(&d);
    assert_eq!(figs.len(), 1, "one map in 区域概况");
    let f = figs[0];
    assert_eq!(
        f.caption,
        "图 2-1 测试市区域位置与主导生态系统类型示意图（2022 年）"
    );
    // One path per county, filled with its dominant type's colour: 林县 60 % forest, 田县 60 %
    // farmland (paddy + dryland beat 40 % forest), 湖县 60 % wetland.
    let paths: Vec<&str> = f
        .svg
        .match_indices("<path ")
        .map(|(i, _)| &f.svg[i..])
        .collect();
    assert_eq!(paths.len(), 3, "{}", f.svg);
    let fill_of = |name: &str| {
        let p = paths
            .iter()
            .find(|p| p[..p.find("</path>").unwrap_or(p.len())].contains(name))
            .unwrap_or_else(|| panic!("no path for {name}"));
        let at = p.find("fill=\"").unwrap_or_else(|| panic!("no fill")) + 6;
        p[at..at + 7].to_string()
    };
    assert_eq!(fill_of("林县"), hex(ecosystem::color("forest")));
    assert_eq!(fill_of("田县"), hex(ecosystem::color("farmland")));
    assert_eq!(fill_of("湖县"), hex(ecosystem::color("wetland")));
    // Hover titles carry the dominant type and its share.
    assert!(f.svg.contains("林县：森林（占 60.0%）"), "{}", f.svg);
    // The legend names the three types, the notice and the data line are printed.
    for s in [
        "森林",
        "湿地",
        "农田",
        "示意图，边界不作为权属依据",
        "2022 年土地覆盖",
        "北",
    ] {
        assert!(f.svg.contains(s), "{s} missing");
    }
    // Distinct types, distinct colours.
    let colours: std::collections::BTreeSet<String> = ["forest", "farmland", "wetland"]
        .into_iter()
        .map(|t| hex(ecosystem::color(t)))
        .collect();
    assert_eq!(colours.len(), 3);

    let en = doc_of(&p, Lang::En);
    let f = region_figures(&en)[0].clone();
    assert!(f.caption.starts_with("Figure 2-1"), "{}", f.caption);
    assert!(f.svg.contains("Forest (60.0% of the land)"), "{}", f.svg);
}

#[test]
fn without_outlines_the_chapter_says_so_in_one_line() {
    // Codes outside the bundled division list: no outline for any county.
    let p = project(["A01", "A02", "A03"]);
    let d = doc_of(&p, Lang::Zh);
    assert!(region_figures(&d).is_empty());
    let region = d.section("region").unwrap_or_else(|| panic!("no region"));
    let lines: Vec<&String> = region
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Para(t) if t.contains("区域位置图") => Some(t),
            _ => None,
        })
        .collect();
    assert_eq!(
        lines,
        ["项目的县区没有行政区划代码或边界，无法绘制区域位置图。"]
    );
}
