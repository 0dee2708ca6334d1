//! Land-use transition matrices end to end: the template's transitions sheet round-trips a
//! project's matrices, the wide form (the matrix as papers print it) imports, and the
//! `transitions` command prints the hand-worked figures of the 3-class fixture
//! (`tests/fixtures/transitions_3class.ron`; the hand computation is in
//! `engine::transitions::tests`).

use std::process::Command;

use gep_calc::io::import::{ImportInput, ImportOptions, TableKind, apply, preview, template};
use gep_calc::model::Project;
use gep_calc::registry::Registry;

fn fixture() -> Project {
    gep_calc::io::load(std::path::Path::new(
        "tests/fixtures/transitions_3class.ron",
    ))
    .expect("fixture loads")
}

#[test]
fn matrices_round_trip_through_the_template() {
    let reg = Registry::builtin();
    let want = fixture();
    let bytes = template::project_data_bytes(&want, reg).expect("export");
    let mut target = want.clone();
    target.transitions.clear();
    let input = ImportInput::Bytes {
        name: "t.xlsx",
        bytes: &bytes,
    };
    let p = preview(&target, reg, input, &ImportOptions::default()).expect("preview");
    assert!(!p.has_errors(), "{:?}", p.problems);
    assert!(
        p.tables
            .iter()
            .any(|t| t.kind == Some(TableKind::Transitions) && t.data_rows == 7)
    );
    let s = apply(&mut target, &p).expect("apply");
    assert_eq!(s.transition_matrices, 1);
    assert_eq!(target.transitions, want.transitions);
    // The example template reads as a transitions table with its example row skipped.
    let ex = template::template_bytes(reg).expect("template");
    let input = ImportInput::Bytes {
        name: "ex.xlsx",
        bytes: &ex,
    };
    let p = preview(&target, reg, input, &ImportOptions::default()).expect("preview");
    assert!(p.changes.transitions.is_empty());
}

#[test]
fn the_wide_matrix_as_printed_imports_with_totals_skipped() {
    let reg = Registry::builtin();
    let mut target = fixture();
    target.transitions.clear();
    let csv = "县区代码,360101\n起始年,2015\n终止年,2020\n\
               2015年＼2020年,水田,阔叶林,建设用地,合计\n\
               水田,80,10,10,100\n\
               阔叶林,5,190,5,200\n\
               建设用地,,,50,50\n\
               合计,85,200,65,350\n";
    let input = ImportInput::Bytes {
        name: "矩阵.csv",
        bytes: csv.as_bytes(),
    };
    let p = preview(&target, reg, input, &ImportOptions::default()).expect("preview");
    assert!(!p.has_errors(), "{:?}", p.problems);
    apply(&mut target, &p).expect("apply");
    assert_eq!(target.transitions, fixture().transitions);
}

#[test]
fn bad_cells_are_named() {
    let reg = Registry::builtin();
    let target = fixture();
    let csv = "县区代码,起始年,终止年,转出地类,转入地类,面积（公顷）\n\
               360101,2015,2020,水田,月球,5\n\
               360101,2015,2020,水田,阔叶林,-3\n\
               999999,2015,2020,水田,阔叶林,1\n";
    let input = ImportInput::Bytes {
        name: "long.csv",
        bytes: csv.as_bytes(),
    };
    let p = preview(&target, reg, input, &ImportOptions::default()).expect("preview");
    let msgs: Vec<String> = p
        .problems
        .iter()
        .map(|x| x.message(gep_calc::i18n::Lang::Zh))
        .collect();
    assert_eq!(p.errors().count(), 3, "{msgs:?}");
    assert!(msgs.iter().any(|m| m.contains("月球")), "{msgs:?}");
    assert!(msgs.iter().any(|m| m.contains("-3")), "{msgs:?}");
    assert!(msgs.iter().any(|m| m.contains("999999")), "{msgs:?}");
}

#[test]
fn transitions_command_prints_the_hand_figures() {
    let out = Command::new(env!("CARGO_BIN_EXE_gep-calc"))
        .args([
            "transitions",
            "tests/fixtures/transitions_3class.ron",
            "--county",
            "360101",
            "--format",
            "json",
        ])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let a = &v[0]["account"];
    assert_eq!(a["delta"], -22_500.0);
    assert_eq!(a["esv_from"], 750_000.0);
    assert_eq!(a["esv_to"], 727_500.0);
    let cs = a["sensitivity"]
        .as_array()
        .and_then(|s| {
            s.iter()
                .find(|x| x["class"] == "paddy" && x["year"] == 2015)
                .and_then(|x| x["cs_up"].as_f64())
        })
        .unwrap_or(f64::NAN);
    assert!((cs - 0.2).abs() < 1e-12, "{cs}");
    let text = Command::new(env!("CARGO_BIN_EXE_gep-calc"))
        .args(["transitions", "tests/fixtures/transitions_3class.ron"])
        .output()
        .expect("runs");
    let s = String::from_utf8_lossy(&text.stdout);
    assert!(s.contains("-2.25") && s.contains("缺乏弹性"), "{s}");
}

#[test]
fn workbook_has_the_land_use_change_sheet_only_with_a_matrix() {
    use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
    let reg = Registry::builtin();
    let p = fixture();
    let acc = gep_calc::engine::compute(&p, reg, &gep_calc::engine::Options::year(2020))
        .expect("accounts");
    let lang = gep_calc::i18n::Lang::Zh;
    let bytes = gep_calc::report::workbook::write_workbook(&p, &acc, reg, lang).expect("xlsx");
    let mut wb: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("opens");
    assert_eq!(
        wb.sheet_names().last().map(String::as_str),
        Some("土地利用变化")
    );
    let range = wb.worksheet_range("土地利用变化").expect("sheet");
    let nums: Vec<f64> = range
        .cells()
        .filter_map(|(_, _, c)| match c {
            Data::Float(f) => Some(*f),
            _ => None,
        })
        .collect();
    // Region and county: ΣΔESV −2.25 万元, ΔESV of paddy → forest 1.5 万元, CS 0.8 of forest.
    assert!(nums.iter().any(|v| (v + 2.25).abs() < 1e-12), "{nums:?}");
    assert!(nums.iter().any(|v| (v - 1.5).abs() < 1e-12), "{nums:?}");
    assert!(nums.iter().any(|v| (v - 0.8).abs() < 1e-12), "{nums:?}");
    let mut none = p.clone();
    none.transitions.clear();
    let bytes = gep_calc::report::workbook::write_workbook(&none, &acc, reg, lang).expect("xlsx");
    let wb: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("opens");
    assert!(!wb.sheet_names().iter().any(|n| n == "土地利用变化"));
}

#[test]
fn report_has_the_land_use_change_chapter_only_with_a_matrix() {
    let reg = Registry::builtin();
    let p = fixture();
    let acc = gep_calc::engine::compute(&p, reg, &gep_calc::engine::Options::year(2020))
        .expect("accounts");
    let lang = gep_calc::i18n::Lang::Zh;
    let html = gep_calc::report::html::write_report(&p, &acc, reg, lang);
    assert!(html.contains("土地利用变化对生态系统服务价值的影响"));
    assert!(html.contains("-2.25") && html.contains("0.8000") && html.contains("缺乏弹性"));
    assert!(html.contains("Kreuter"));
    let mut none = p.clone();
    none.transitions.clear();
    let html = gep_calc::report::html::write_report(&none, &acc, reg, lang);
    assert!(!html.contains("土地利用变化对生态系统服务价值的影响"));
}
