//! Scenarios (情景) beside the baseline, on a small hand-made project
//! (tests/fixtures/scenario_small.ron): the numbers a land-use change gives, the file round
//! trip, `from_diff` ∘ `apply`, validation and the CLI `compute --scenario` / `compare`.

use std::path::{Path, PathBuf};
use std::process::Command;

use gep_calc::engine::{self, Accounts, Options};
use gep_calc::i18n::Lang;
use gep_calc::model::{Project, Scenario};
use gep_calc::registry::Registry;
use gep_calc::validate::{self, IssueKind, ScenarioIssue};
use gep_calc::view::Labels;
use gep_calc::view::scenarios::{self, Measure};

const FIXTURE: &str = "tests/fixtures/scenario_small.ron";
const A: &str = "361001";
const B: &str = "361002";
const NAME: &str = "退耕还林";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn project() -> Project {
    gep_calc::io::load(&root().join(FIXTURE)).expect("fixture loads")
}

/// 1,000 hm² of paddy in county A become broadleaf forest in 2022.
fn reforest() -> Scenario {
    let mut s = Scenario::new(NAME, 2022);
    s.description = "甲县 1000 公顷水田退耕还林".into();
    let o = s.counties.entry(A.into()).or_default();
    o.land_cover.insert("paddy".into(), Some(2_000.0));
    o.land_cover
        .insert("broadleaf_forest".into(), Some(6_000.0));
    s
}

fn accounts(p: &Project) -> Accounts {
    engine::compute(p, Registry::builtin(), &Options::year(2022)).expect("computes")
}

fn value(acc: &Accounts, code: &str, id: &str) -> f64 {
    let c = acc
        .counties
        .iter()
        .find(|c| c.code == code)
        .expect("present");
    c.indicators
        .iter()
        .find(|a| &*a.id == id)
        .expect("present")
        .value
}

/// ESV per hm² of a class in a county (value ÷ area of the `by_class` row).
fn esv_per_hm2(acc: &Accounts, code: &str, class: &str) -> f64 {
    let c = acc
        .counties
        .iter()
        .find(|c| c.code == code)
        .expect("present");
    let (_, area, v) = c
        .esv
        .as_ref()
        .expect("present")
        .by_class
        .iter()
        .find(|r| &*r.0 == class)
        .expect("present");
    v / area
}

#[test]
fn converting_farmland_to_forest_changes_only_that_countys_area_based_values() {
    let mut p = project();
    p.scenarios.push(reforest());
    let base = accounts(&p);
    let scen = accounts(&p.materialise(NAME).expect("present"));

    // Water balance (GB/T 46869; docs/methods.md "Water conservation"):
    //   Q = Σ_i (P − α_i·P − ET) × A_i × 10 m³/(mm·hm²), over classes with a runoff coefficient.
    // Paddy has none (it is not in the water balance), broadleaf forest α = 0.0465. So the
    // 1,000 hm² that become forest add
    //   ΔQ = (1800 − 0.0465 × 1800 − 800) × 1000 × 10 = (1800 − 83.7 − 800) × 10,000
    //      = 916.3 × 10,000 = 9,163,000 m³,
    // priced at the project's 8 元/m³ (2022 prices): ΔV = 73,304,000 元.
    let dv = value(&scen, A, "water_conservation") - value(&base, A, "water_conservation");
    assert!((dv - 73_304_000.0).abs() < 1e-3, "ΔV = {dv}");
    // Baseline for the record: (1800 − 83.7 − 800) × 5000 × 10 × 8 = 366,520,000 元.
    assert!((value(&base, A, "water_conservation") - 366_520_000.0).abs() < 1e-3);

    // Not area-based: the rice products and the entered NEP stay as they are.
    for id in ["agriculture", "carbon_sequestration"] {
        assert_eq!(value(&scen, A, id), value(&base, A, id), "{id}");
    }
    // GEP moves by exactly the water-conservation change.
    let ca = |acc: &Accounts| {
        acc.counties
            .iter()
            .find(|c| c.code == A)
            .expect("present")
            .totals
            .gep
    };
    assert!((ca(&scen) - ca(&base) - 73_304_000.0).abs() < 1e-3);
    // County B is untouched, figure for figure.
    let cb = |acc: &Accounts| {
        let c = acc.counties.iter().find(|c| c.code == B).expect("present");
        (c.totals, c.esv.as_ref().map(|e| e.total))
    };
    assert_eq!(cb(&scen), cb(&base));

    // ESV is linear in area per class: ΔESV = 1000 × (forest − paddy) per hm².
    let esv = |acc: &Accounts| {
        let c = acc.counties.iter().find(|c| c.code == A).expect("present");
        c.esv.as_ref().expect("present").total
    };
    let expected =
        1_000.0 * (esv_per_hm2(&base, A, "broadleaf_forest") - esv_per_hm2(&base, A, "paddy"));
    assert!(expected > 0.0);
    assert!(((esv(&scen) - esv(&base)) - expected).abs() < 1e-6 * expected.abs());

    // The comparison says the same: region GEP +73,304,000 元; % of the baseline.
    let c = scenarios::compare(&p, Registry::builtin(), &[NAME.into()], None).expect("present");
    assert_eq!(c.year, 2022);
    let l = Labels::new(&p, Registry::builtin(), Lang::Zh);
    let t = c.table(1, &Measure::Gep, &l);
    let region = t.rows.last().expect("present");
    assert!((region.diff().expect("present") - 73_304_000.0).abs() < 1e-3);
    let pct = region.pct().expect("present");
    assert!((pct - 73_304_000.0 / region.base.expect("present") * 100.0).abs() < 1e-9);
    let b_row = t
        .rows
        .iter()
        .find(|r| r.code.as_deref() == Some(B))
        .expect("present");
    assert_eq!(b_row.diff(), Some(0.0));
    // The map column carries the differences by county.
    let col = c.map_column(1, &Measure::Gep, &l);
    assert!(
        col.values
            .iter()
            .any(|(k, d)| k == A && (d - 73_304_000.0).abs() < 1e-3)
    );
}

#[test]
fn scenarios_survive_save_and_load_and_old_files_write_none() {
    let dir = std::env::temp_dir().join(format!("gep_sc_{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("present");
    let plain = project();
    let text = gep_calc::io::to_ron_string(&plain).expect("present");
    assert!(
        !text.contains("scenarios"),
        "no scenarios written when there are none"
    );
    let mut p = plain.clone();
    let mut s = reforest();
    s.prices.insert("reservoir_cost".into(), None);
    s.framework = Some("ndrc2022".into());
    p.scenarios.push(s);
    let path = dir.join("p.ron");
    gep_calc::io::save(&p, &path).expect("present");
    let back = gep_calc::io::load(&path).expect("present");
    assert_eq!(back, p);
    assert_eq!(
        back.scenarios[0].counties[A].land_cover["paddy"],
        Some(2_000.0)
    );
    assert_eq!(back.scenarios[0].prices["reservoir_cost"], None);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn from_diff_of_an_applied_scenario_is_the_scenario() {
    let base = project();
    let s = reforest();
    let edited = s.apply(&base);
    let mut back = Scenario::from_diff(&base, &edited, 2022);
    back.name = s.name.clone();
    back.description = s.description.clone();
    assert_eq!(back, s);
    assert_eq!(back.apply(&base), edited);
}

#[test]
fn validation_names_the_scenario_county_and_field() {
    let mut p = project();
    let mut s = reforest();
    s.counties
        .entry("999999".into())
        .or_default()
        .land_cover
        .insert("paddy".into(), Some(1.0));
    s.counties
        .get_mut(A)
        .expect("present")
        .land_cover
        .insert("moon_rock".into(), Some(5.0));
    p.scenarios.push(s);
    p.scenarios.push(Scenario::new(NAME, 2030));
    let issues = validate::validate(&p, Registry::builtin());
    let sc: Vec<_> = issues
        .iter()
        .filter_map(|i| match &i.kind {
            IssueKind::Scenario(k) => Some((i, k)),
            _ => None,
        })
        .collect();
    assert!(
        sc.iter().any(
            |(_, k)| matches!(k, ScenarioIssue::UnknownCounty { code, .. } if code == "999999")
        )
    );
    let (i, _) = sc
        .iter()
        .find(
            |(_, k)| matches!(k, ScenarioIssue::UnknownClass { class, .. } if class == "moon_rock"),
        )
        .expect("unknown class reported");
    assert_eq!(i.county.as_deref(), Some(A));
    assert_eq!(i.field, "land_cover.moon_rock");
    let msg = i.message(Lang::Zh);
    assert!(msg.contains(NAME) && msg.contains("moon_rock"), "{msg}");
    assert!(
        sc.iter()
            .any(|(_, k)| matches!(k, ScenarioIssue::DuplicateName { .. }))
    );
    assert!(
        sc.iter()
            .any(|(_, k)| matches!(k, ScenarioIssue::NoPeriod { year: 2030, .. }))
    );
    // The fixture itself with a valid scenario has no scenario issue.
    let mut ok = project();
    ok.scenarios.push(reforest());
    let issues = validate::validate(&ok, Registry::builtin());
    assert!(
        !issues
            .iter()
            .any(|i| matches!(i.kind, IssueKind::Scenario(_)))
    );
}

fn cli(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gep-calc"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("runs")
}

fn with_scenario(dir: &Path) -> PathBuf {
    let mut p = project();
    p.scenarios.push(reforest());
    let path = dir.join("with_scenario.ron");
    gep_calc::io::save(&p, &path).expect("present");
    path
}

#[test]
fn cli_compute_scenario_and_compare() {
    let dir = std::env::temp_dir().join(format!("gep_sc_cli_{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("present");
    let path = with_scenario(&dir);
    let file = path.to_str().expect("present");

    let csv = cli(&["compare", file, "--scenarios", NAME, "--format", "csv"]);
    assert!(
        csv.status.success(),
        "{}",
        String::from_utf8_lossy(&csv.stderr)
    );
    let text = String::from_utf8(csv.stdout).expect("present");
    // The region's GEP row: empty code, difference 73,304,000 元.
    let row = text
        .lines()
        .find(|l| l.contains(",gep,") && l.contains(",,全区域,"))
        .expect("region GEP row");
    let cells: Vec<&str> = row.split(',').collect();
    assert_eq!(
        cells[8].parse::<f64>().expect("present"),
        73_304_000.0,
        "{row}"
    );
    let a_row = text
        .lines()
        .find(|l| l.contains(",indicator:water_conservation,") && l.contains(",361001,"))
        .expect("county A water row");
    assert_eq!(
        a_row
            .split(',')
            .nth(8)
            .expect("present")
            .parse::<f64>()
            .expect("present"),
        73_304_000.0
    );

    let json = cli(&[
        "compare",
        file,
        "--scenarios",
        "基准,退耕还林",
        "--format",
        "json",
    ]);
    assert!(json.status.success());
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("present");
    assert_eq!(v["scenarios"][0]["name"], NAME);
    // Naming only the baseline compares it with every scenario.
    let only = cli(&[
        "compare",
        file,
        "--scenarios",
        "baseline",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&only.stdout).expect("json");
    assert_eq!(v["scenarios"][0]["name"], NAME);

    let txt = cli(&["compare", file]);
    assert!(txt.status.success());
    assert!(
        String::from_utf8(txt.stdout)
            .expect("present")
            .contains("+0.7330"),
        "GEP diff in 亿元"
    );

    let bad = cli(&["compare", file, "--scenarios", "nope"]);
    assert!(!bad.status.success());
    let err = String::from_utf8(bad.stderr).expect("present");
    assert!(err.contains("nope") && err.contains(NAME), "{err}");

    // compute --scenario: the scenario's accounts, as JSON.
    let base = cli(&["compute", file, "--format", "json", "--no-traces"]);
    let scen = cli(&[
        "compute",
        file,
        "--format",
        "json",
        "--no-traces",
        "--scenario",
        NAME,
    ]);
    assert!(
        scen.status.success(),
        "{}",
        String::from_utf8_lossy(&scen.stderr)
    );
    let gep = |o: &std::process::Output| {
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("present");
        v["counties"][0]["totals"]["gep"].as_f64().expect("present")
    };
    assert!((gep(&scen) - gep(&base) - 73_304_000.0).abs() < 1e-3);
    let bad = cli(&["compute", file, "--scenario", "nope"]);
    assert!(!bad.status.success());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn workbook_sheet_and_report_chapter_only_with_scenarios() {
    use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
    use gep_calc::report::doc::Block;
    use std::io::Cursor;

    let reg = Registry::builtin();
    let plain = project();
    let mut p = plain.clone();
    p.scenarios.push(reforest());
    let acc = engine::compute(&p, reg, &Options::year(2022)).expect("computes");
    let sheet_names = |p: &Project| {
        let bytes =
            gep_calc::report::workbook::write_workbook(p, &acc, reg, Lang::Zh).expect("workbook");
        let wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).expect("opens");
        (wb.sheet_names().to_vec(), wb)
    };
    let (names, _) = sheet_names(&plain);
    assert!(!names.iter().any(|n| n == "情景对比"));
    let (names, mut wb) = sheet_names(&p);
    assert_eq!(names.last().map(String::as_str), Some("情景对比"));
    let r = wb.worksheet_range("情景对比").expect("sheet");
    // The summary's GEP row: difference 0.73304 亿元 (73,304,000 元).
    let gep_row = (0..r.height() as u32)
        .find(|&i| r.get_value((i, 0)) == Some(&Data::String("GEP".into())))
        .expect("GEP row");
    match r.get_value((gep_row, 3)) {
        Some(Data::Float(d)) => assert!((d - 0.733_04).abs() < 1e-9, "{d}"),
        other => panic!("difference cell: {other:?}"),
    }

    let chapter = |p: &Project| {
        gep_calc::report::chapters::build(p, &acc, reg, Lang::Zh)
            .sections
            .into_iter()
            .find(|s| s.id == "scenarios")
    };
    assert!(chapter(&plain).is_none());
    let s = chapter(&p).expect("chapter");
    assert!(s.heading.ends_with("情景分析"), "{}", s.heading);
    let said = s
        .blocks
        .iter()
        .any(|b| matches!(b, Block::Para(t) if t.contains("退耕还林") && t.contains("+0.73 亿元")));
    assert!(said, "the GEP change sentence");
}

/// `compare` takes `compute`'s year (the project's latest) unless `--year`, not the first
/// scenario's, and says which year it compares and each scenario's own year.
#[test]
fn cli_compare_defaults_to_the_latest_year_and_names_the_years() {
    let dir = std::env::temp_dir().join(format!("gep_sc_cli_year_{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("present");
    let mut p = project();
    let mut earlier = p.period(2022).expect("2022").clone();
    earlier.year = 2021;
    p.periods.insert(0, earlier);
    let mut s = reforest();
    s.year = 2021;
    p.scenarios.push(s);
    let path = dir.join("scenario_2021.ron");
    gep_calc::io::save(&p, &path).expect("saves");
    let file = path.to_str().expect("present");
    let region_gep_diff = |out: &std::process::Output| -> (String, f64) {
        let text = String::from_utf8(out.stdout.clone()).expect("utf-8");
        let row = text
            .lines()
            .find(|l| l.contains(",gep,") && l.contains(",,全区域,"))
            .unwrap_or_else(|| panic!("region GEP row in {text}"));
        let cells: Vec<&str> = row.split(',').collect();
        (cells[1].to_string(), cells[8].parse().expect("number"))
    };

    let latest = cli(&["compare", file, "--scenarios", NAME, "--format", "csv"]);
    assert!(latest.status.success());
    // 2022: the scenario's land cover (2021) does not apply; nothing else differs.
    assert_eq!(region_gep_diff(&latest), ("2022".to_string(), 0.0));
    let said = String::from_utf8(latest.stderr).expect("utf-8");
    assert!(
        said.contains("核算年份 2022") && said.contains("情景年份 2021"),
        "{said}"
    );

    let asked = cli(&["compare", file, "--year", "2021", "--format", "csv"]);
    let (year, diff) = region_gep_diff(&asked);
    assert_eq!(year, "2021");
    assert!(diff > 1e7, "{diff}");

    let txt = cli(&["--lang", "en", "compare", file]);
    let text = String::from_utf8(txt.stdout).expect("utf-8");
    assert!(
        text.starts_with("Accounting year 2022 (the project's latest period"),
        "{text}"
    );
    assert!(
        text.contains("scenario year 2021, not the accounting year 2022"),
        "{text}"
    );

    let json = cli(&["compare", file, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    assert_eq!(v["year"], 2022);
    assert_eq!(v["scenarios"][0]["scenario_year"], 2021);
    let _ = std::fs::remove_dir_all(&dir);
}
