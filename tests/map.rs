//! `gep-calc map` end to end: the sample's accounts on hand-made outlines (a grid of 11
//! counties, one with a lake) write an SVG with one filled shape per county, a diverging
//! compensation legend and the source line; PNG output; bad options exit with code 2 and say
//! what to fix.

use std::path::Path;
use std::process::Command;

use gep_calc::model::Project;
use gep_calc::model::boundaries::{Boundaries, CountyShape, Polygon};
use gep_calc::model::compensation::Method;

/// The built-in sample with the user's own outlines: 11 squares of 0.45° in a 4 × 3 grid.
fn sample_on_a_grid(method: Method) -> Project {
    let mut p = gep_calc::sample::builtin().unwrap_or_else(|e| panic!("{e}"));
    let shapes = p
        .counties
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let (x, y) = (116.0 + (i % 4) as f64 * 0.45, 26.6 + (i / 4) as f64 * 0.45);
            CountyShape {
                county: c.code.clone(),
                polygons: vec![Polygon {
                    exterior: vec![[x, y], [x + 0.45, y], [x + 0.45, y + 0.45], [x, y + 0.45]],
                    holes: if i == 5 {
                        vec![vec![
                            [x + 0.1, y + 0.1],
                            [x + 0.2, y + 0.1],
                            [x + 0.15, y + 0.2],
                        ]]
                    } else {
                        vec![]
                    },
                }],
            }
        })
        .collect();
    p.boundaries = Some(Boundaries {
        source: "抚州市自然资源局，审图号：赣S（2024）001号".into(),
        shapes,
        ..Default::default()
    });
    p.compensation.method = method;
    p
}

fn run(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gep-calc"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn save(p: &Project, dir: &Path) -> String {
    let path = dir.join("p.ron");
    gep_calc::io::project_file::save(p, &path).unwrap_or_else(|e| panic!("{e}"));
    path.display().to_string()
}

/// The text of every `<text>` element.
fn texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| Some(t.split_once('>')?.1.split_once("</text>")?.0.to_string()))
        .collect()
}

#[test]
fn compensation_map_has_a_shape_per_county_and_a_diverging_legend() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    // The spillover method: beneficiaries pay, suppliers receive.
    let project = save(&sample_on_a_grid(Method::Spillover), dir.path());
    let out = dir.path().join("m.svg");
    let out_s = out.display().to_string();
    let (code, err) = run(&[
        "map",
        &project,
        "--quantity",
        "compensation",
        "--out",
        &out_s,
    ]);
    assert_eq!(code, 0, "{err}");
    let svg = std::fs::read_to_string(&out).unwrap_or_default();
    assert_eq!(svg.matches(r#"fill-rule="evenodd""#).count(), 11);
    let words = texts(&svg);
    assert!(
        words.iter().any(|w| w == "生态补偿金额（亿元）"),
        "{words:?}"
    );
    let pays = words
        .iter()
        .filter(|w| w.starts_with("支付 ") && w.contains(" – "))
        .count();
    let gets = words
        .iter()
        .filter(|w| w.starts_with("获得 ") && w.contains(" – "))
        .count();
    assert!(pays >= 1 && gets >= 1, "{words:?}");
    // Red swatches for payers, green for receivers (ColorBrewer Reds / Greens).
    assert!(svg.contains("fill=\"#fc9272\"") || svg.contains("fill=\"#de2d26\""));
    assert!(svg.contains("fill=\"#31a354\"") || svg.contains("fill=\"#74c476\""));
    assert!(
        words
            .iter()
            .any(|w| w == "底图来源：抚州市自然资源局，审图号：赣S（2024）001号")
    );
    assert!(words.iter().any(|w| w == "北"));
    // The zh map carries no English words outside names.
    let stray: Vec<String> = words
        .iter()
        .flat_map(|w| gep_calc::i18n::stray_latin_words(w))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
}

#[test]
fn png_and_english_maps_are_written() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let project = save(&sample_on_a_grid(Method::Fund), dir.path());
    let out = dir.path().join("m.png");
    let out_s = out.display().to_string();
    let args = [
        "map",
        &project,
        "--quantity",
        "gep_per_km2",
        "--classing",
        "quantiles",
        "--classes",
        "4",
        "--width",
        "900",
        "--lang",
        "en",
        "--out",
        &out_s,
    ];
    let (code, err) = run(&args);
    assert_eq!(code, 0, "{err}");
    let bytes = std::fs::read(&out).unwrap_or_default();
    let reader = png::Decoder::new(std::io::Cursor::new(bytes)).read_info();
    assert_eq!(reader.map(|r| r.info().width).ok(), Some(900));
}

#[test]
fn bad_options_exit_2_and_say_what_to_fix() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let project = save(&sample_on_a_grid(Method::Priority), dir.path());
    let svg = dir.path().join("m.svg").display().to_string();
    let (code, err) = run(&["map", &project, "--quantity", "gdp", "--out", &svg]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--quantity 的值“gdp”无效") && err.contains("gep_per_km2"),
        "{err}"
    );
    let (code, err) = run(&["map", &project, "--classes", "9", "--out", &svg]);
    assert_eq!(code, 2);
    assert!(err.contains("3 至 7"), "{err}");
    let txt = dir.path().join("m.txt").display().to_string();
    let (code, err) = run(&["map", &project, "--out", &txt]);
    assert_eq!(code, 2);
    assert!(err.contains(".svg 或 .png"), "{err}");
    // The priority method gives zones, not amounts: the map says which map to draw instead.
    let (code, err) = run(&["map", &project, "--quantity", "compensation", "--out", &svg]);
    assert_eq!(code, 2);
    assert!(err.contains("补偿优先级分区"), "{err}");
    assert!(!Path::new(&svg).exists());
    // County codes no outline covers.
    let mut p = sample_on_a_grid(Method::Fund);
    p.boundaries = None;
    for (i, c) in p.counties.iter_mut().enumerate() {
        c.code = format!("99{i:04}");
    }
    for period in &mut p.periods {
        period.counties = std::mem::take(&mut period.counties)
            .into_values()
            .enumerate()
            .map(|(i, v)| (format!("99{i:04}"), v))
            .collect();
    }
    let project = save(&p, dir.path());
    let (code, err) = run(&["map", &project, "--out", &svg]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("没有任何县的边界"), "{err}");
}

fn report_of(p: &Project) -> gep_calc::report::doc::Doc {
    use gep_calc::engine::{Options, compute};
    let reg = gep_calc::registry::Registry::builtin();
    let options = Options {
        year: p.latest_year().unwrap_or(2022),
        framework: None,
        price_year: None,
        traces: false,
    };
    let acc = compute(p, reg, &options).unwrap_or_else(|e| panic!("{e}"));
    gep_calc::report::chapters::build(p, &acc, reg, gep_calc::i18n::Lang::Zh)
}

/// Captions of the map figures (those with filled county shapes) in a section.
fn map_captions(doc: &gep_calc::report::doc::Doc, id: &str) -> Vec<String> {
    use gep_calc::report::doc::Block;
    doc.section(id)
        .map(|s| {
            s.blocks
                .iter()
                .filter_map(|b| match b {
                    Block::Figure(f) if f.svg.contains("fill-rule=\"evenodd\"") => {
                        Some(f.caption.clone())
                    }
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn the_report_carries_the_gep_per_km2_and_compensation_maps() {
    let doc = report_of(&sample_on_a_grid(Method::Spillover));
    let values = map_captions(&doc, "values");
    assert_eq!(values.len(), 2, "{values:?}");
    assert!(values[0].ends_with("2022年各县（市、区）GEP"), "{values:?}");
    assert!(
        values[1].ends_with("2022年各县（市、区）单位面积 GEP"),
        "{values:?}"
    );
    let comp = map_captions(&doc, "compensation");
    assert_eq!(comp.len(), 1, "{comp:?}");
    assert!(
        comp[0].ends_with("2022年各县（市、区）生态补偿金额"),
        "{comp:?}"
    );
    // Without outlines for any county the values chapter says why there is no map.
    let mut p = sample_on_a_grid(Method::Spillover);
    if let Some(b) = p.boundaries.as_mut() {
        b.shapes.clear();
    }
    let doc = report_of(&p);
    assert!(map_captions(&doc, "values").is_empty());
    let said = doc.section("values").is_some_and(|s| {
        s.blocks.iter().any(|b| {
            matches!(b, gep_calc::report::doc::Block::Note(_, t) if t.contains("没有任何县的边界"))
        })
    });
    assert!(said);
}

#[test]
fn the_sample_maps_compensation_on_the_bundled_outlines() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("m.svg");
    let out_s = out.display().to_string();
    let sample = "sample_data/fuzhou_sample.ron";
    let (code, err) = run(&["map", sample, "--quantity", "compensation", "--out", &out_s]);
    assert_eq!(code, 0, "{err}");
    let svg = std::fs::read_to_string(&out).unwrap_or_default();
    assert_eq!(svg.matches(r#"fill-rule="evenodd""#).count(), 11);
    let words = texts(&svg);
    // The sample's fund allocation has no payers: the legend still shows both sides.
    assert!(words.iter().any(|w| w == "支付：无"), "{words:?}");
    assert!(
        words.iter().filter(|w| w.starts_with("获得 ")).count() >= 3,
        "{words:?}"
    );
    assert!(words.iter().any(|w| w == "示意图，边界不作为权属依据"));
}

#[test]
fn the_samples_labels_are_all_placed_and_never_overlap() {
    use gep_calc::view::map::{self, MapClassing, MapInputs, MapQuantity, MapRequest, geometry};
    let p = gep_calc::sample::builtin().unwrap_or_else(|e| panic!("{e}"));
    let reg = gep_calc::registry::Registry::builtin();
    let options = gep_calc::engine::Options {
        year: 2022,
        framework: None,
        price_year: None,
        traces: false,
    };
    let acc = gep_calc::engine::compute(&p, reg, &options).unwrap_or_else(|e| panic!("{e}"));
    for lang in [gep_calc::i18n::Lang::Zh, gep_calc::i18n::Lang::En] {
        let inputs = MapInputs {
            project: &p,
            registry: reg,
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
        let s = map::scene(&inputs, &req).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.areas.len(), 11);
        let boxes: Vec<[f64; 4]> = s
            .areas
            .iter()
            .filter_map(|a| Some(geometry::label_box(a.label_at?, &a.name, a.label_size)))
            .collect();
        if lang == gep_calc::i18n::Lang::Zh {
            assert_eq!(boxes.len(), 11);
        }
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                let apart = a[2] <= b[0] || b[2] <= a[0] || a[3] <= b[1] || b[3] <= a[1];
                assert!(apart, "{a:?} overlaps {b:?}");
            }
        }
    }
}
