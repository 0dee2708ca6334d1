//! Baseline vs scenario decomposition on the small hand-made project
//! (tests/fixtures/scenario_small.ron): a scenario that only changes a price has no quantity
//! effect; one that turns 1,000 hm² of paddy into forest in one county has all its change in
//! that county, as quantity; the CLI `decompose --scenario` and the scenarios chapter say so.

use std::path::PathBuf;

use gep_calc::engine::decompose::{Decomposition, decompose_scenario};
use gep_calc::engine::{self, Options};
use gep_calc::i18n::Lang;
use gep_calc::model::{ParamOverride, Project, Scenario};
use gep_calc::registry::{Registry, Tag};

const FIXTURE: &str = "tests/fixtures/scenario_small.ron";
const A: &str = "361001";
const B: &str = "361002";

fn fixture_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(FIXTURE)
}

fn project() -> Project {
    gep_calc::io::load(&fixture_path()).expect("fixture loads")
}

/// 1,000 hm² of paddy in county A become broadleaf forest in 2022 (as in tests/scenarios.rs).
fn reforest() -> Scenario {
    let mut s = Scenario::new("退耕还林", 2022);
    let o = s.counties.entry(A.into()).or_default();
    o.land_cover.insert("paddy".into(), Some(2_000.0));
    o.land_cover
        .insert("broadleaf_forest".into(), Some(6_000.0));
    s
}

/// The reservoir cost (the water-conservation price) from 8 to 10 元/m³, nothing else.
fn dearer_water() -> Scenario {
    let mut s = Scenario::new("水价上调", 2022);
    s.prices.insert(
        "reservoir_cost".into(),
        Some(ParamOverride {
            value: 10.0,
            unit: None,
            price_year: Some(2022),
            source: "测试".into(),
            tag: Tag::U,
            note: String::new(),
        }),
    );
    s
}

fn run(p: &Project, name: &str) -> Decomposition {
    decompose_scenario(Registry::builtin(), p, name, None, false)
        .expect("scenario present")
        .expect("decomposes")
}

fn county<'a>(d: &'a Decomposition, code: &str) -> &'a gep_calc::engine::decompose::CountyChange {
    d.county(code).expect("county")
}

#[test]
fn a_scenario_that_only_changes_a_price_has_zero_quantity_effect() {
    let mut p = project();
    p.scenarios.push(dearer_water());
    let d = run(&p, "水价上调");
    assert_eq!(d.to.scenario.as_deref(), Some("水价上调"));
    assert_eq!(d.from.scenario, None);
    assert_eq!((d.from.year, d.to.year), (2022, 2022));
    let base = engine::compute(&p, Registry::builtin(), &Options::year(2022)).expect("computes");
    let water = |code: &str| {
        base.counties
            .iter()
            .find(|c| c.code == code)
            .and_then(|c| c.indicators.iter().find(|a| &*a.id == "water_conservation"))
            .expect("present")
            .value
    };
    // County A's water conservation is 366,520,000 元 at 8 元/m³ (45,815,000 m³): at 10 元/m³
    // it gains 45,815,000 × 2 = 91,630,000 元, all of it price effect.
    assert!((water(A) - 366_520_000.0).abs() < 1e-3);
    for code in [A, B] {
        let c = county(&d, code);
        assert_eq!(c.effects.quantity, 0.0, "{code}");
        assert_eq!(c.effects.coverage, 0.0, "{code}");
        assert_eq!(c.effects.entered, 0.0, "{code}");
        let want = water(code) * 0.25;
        assert!(
            (c.effects.price - want).abs() < 1e-6,
            "{code}: {}",
            c.effects.price
        );
        assert!((c.change() - want).abs() < 1e-6, "{code}");
    }
    assert!((county(&d, A).effects.price - 91_630_000.0).abs() < 1e-3);
    assert_eq!(d.region.effects.quantity, 0.0);
}

#[test]
fn farmland_to_forest_in_one_county_has_all_its_change_there_as_quantity() {
    let mut p = project();
    p.scenarios.push(reforest());
    let d = run(&p, "退耕还林");
    // ΔV of water conservation = (1800 − 0.0465 × 1800 − 800) × 1000 × 10 × 8 = 73,304,000 元
    // (tests/scenarios.rs works it out); the price is the same on both sides.
    let a = county(&d, A);
    assert!((a.change() - 73_304_000.0).abs() < 1e-3, "{}", a.change());
    assert!((a.effects.quantity - 73_304_000.0).abs() < 1e-3);
    assert!(a.effects.price.abs() < 1e-3);
    assert_eq!((a.effects.coverage, a.effects.entered), (0.0, 0.0));
    let b = county(&d, B);
    assert_eq!(b.change(), 0.0);
    assert_eq!(b.effects, Default::default());
    assert!((d.region.change() - a.change()).abs() < 1e-6);
    assert!((d.region.effects.total() - d.region.change()).abs() < 1e-6);
    // The words: sides named baseline and scenario; one sentence for the report in 亿元.
    let l = gep_calc::view::Labels::new(&p, Registry::builtin(), Lang::Zh);
    assert_eq!(
        gep_calc::view::decompose::side_label(&l, &d, &d.from),
        "基准（2022 年）"
    );
    assert_eq!(
        gep_calc::view::decompose::side_label(&l, &d, &d.to),
        "情景“退耕还林”"
    );
    let s = gep_calc::view::decompose::scenario_sentence(&l, &d);
    assert!(
        s.starts_with("与基准相比，情景“退耕还林”使全区域 GEP 变化 0.7330 亿元，其中数量效应 0.7330 亿元，价格效应 0.0000 亿元"),
        "{s}"
    );
    // The scenarios chapter of the report carries that sentence.
    let reg = Registry::builtin();
    let acc = engine::compute(&p, reg, &Options::year(2022)).expect("computes");
    let doc = gep_calc::report::chapters::build(&p, &acc, reg, Lang::Zh);
    let text: String = doc
        .section("scenarios")
        .expect("chapter")
        .blocks
        .iter()
        .filter_map(|b| match b {
            gep_calc::report::doc::Block::Para(t) => Some(t.as_str()),
            _ => None,
        })
        .collect();
    assert!(text.contains(&s), "{text}");
    // An unknown name gives no decomposition.
    assert!(decompose_scenario(reg, &p, "无此情景", None, false).is_none());
}

fn cli(args: &[&str]) -> (bool, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gep-calc"))
        .args(args)
        .output()
        .expect("run gep-calc");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn cli_decompose_scenario_json_text_and_an_unknown_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("p.ron");
    let mut p = project();
    p.scenarios.push(reforest());
    gep_calc::io::project_file::save(&p, &path).expect("save");
    let f = path.to_string_lossy().into_owned();
    let (ok, out, err) = cli(&[
        "decompose",
        &f,
        "--scenario",
        "退耕还林",
        "--format",
        "json",
    ]);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["to"]["scenario"], "退耕还林");
    assert!(v["from"].get("scenario").is_none());
    let q = v["region"]["effects"]["quantity"].as_f64().expect("number");
    assert!((q - 73_304_000.0).abs() < 1e-3, "{q}");
    let (ok, out, err) = cli(&["decompose", &f, "--scenario", "退耕还林", "--lang", "zh"]);
    assert!(ok, "{err}");
    assert!(out.contains("基准（2022 年）"), "{out}");
    assert!(out.contains("情景“退耕还林”"), "{out}");
    let (ok, _, err) = cli(&["decompose", &f, "--scenario", "无此情景"]);
    assert!(!ok);
    assert!(
        err.contains("无此情景") && err.contains("退耕还林"),
        "{err}"
    );
    // --scenario and --from do not go together; without either the years are asked for.
    let (ok, _, _) = cli(&["decompose", &f, "--scenario", "退耕还林", "--from", "2022"]);
    assert!(!ok);
    let (ok, _, _) = cli(&["decompose", &f]);
    assert!(!ok);
}
