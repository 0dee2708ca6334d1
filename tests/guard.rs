//! A standing guard against inputs that take the program down: a corpus of malformed files made
//! here from the committed fixtures (truncations, bit flips, wrong types, huge values, foreign
//! encodings, a zip bomb, compound-file corruption, control characters) and property tests
//! that the loaders and the importer return `Ok` or `Err` on arbitrary bytes — never a panic,
//! a hang or an allocation beyond the budget (spreadsheets go through the same child-process
//! reader as the CLI, so an abort would show as an error, not kill the test). Case counts are
//! small so the suite stays within CI's time; a full CLI session also runs without a network
//! (`unshare -n`) where that is permitted.

use std::path::{Path, PathBuf};
use std::process::Command;

use gep_calc::io::import::{ImportInput, ImportOptions, preview};
use gep_calc::model::Project;
use gep_calc::registry::Registry;
use proptest::prelude::*;

const TINY: &str = "tests/fixtures/tiny_valid.ron";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(rel: &str) -> Vec<u8> {
    std::fs::read(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Reads `bytes` as a spreadsheet file through the child-process reader the CLI uses.
fn import_file(dir: &Path, name: &str, bytes: &[u8]) -> Result<(), String> {
    let path = dir.join(name);
    std::fs::write(&path, bytes).map_err(|e| e.to_string())?;
    let reg = Registry::builtin();
    let project = Project::empty("x");
    // SAFETY: std serialises its environment access, every test here sets the same value,
    // and no C code of this test binary reads the environment concurrently.
    unsafe { std::env::set_var("GEP_CALC_SHEET_READER", env!("CARGO_BIN_EXE_gep-calc")) };
    let r = preview(
        &project,
        reg,
        ImportInput::Path(&path),
        &ImportOptions::default(),
    );
    r.map(|_| ()).map_err(|e| e.to_string())
}

/// The malformed corpus: (name, bytes), each made from a valid fixture.
fn corpus() -> Vec<(String, Vec<u8>)> {
    let ron = fixture(TINY);
    let xls = fixture("tests/fixtures/import/fuzhou_sample.xls");
    let ods = fixture("tests/fixtures/import/fuzhou_sample.ods");
    let mut out: Vec<(String, Vec<u8>)> = Vec::new();
    for (i, cut) in [1, 7, 100, ron.len() / 2, ron.len() - 3].iter().enumerate() {
        out.push((format!("ron_cut_{i}.ron"), ron[..*cut].to_vec()));
    }
    for (i, at) in [0, 10, 200, 700].iter().enumerate() {
        let mut b = ron.clone();
        b[*at] ^= 0x80;
        out.push((format!("ron_flip_{i}.ron"), b));
    }
    let text = String::from_utf8_lossy(&ron).into_owned();
    out.push((
        "ron_wrong_type.ron".into(),
        text.replacen("1000.0", "\"一千\"", 1).into_bytes(),
    ));
    out.push((
        "ron_huge.ron".into(),
        text.replace("1800.0", "1e308").into_bytes(),
    ));
    out.push((
        "ron_gbk.ron".into(),
        encoding_rs::GBK.encode(&text).0.into_owned(),
    ));
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    out.push(("ron_utf16.ron".into(), utf16));
    for (i, cut) in [600, 4096, xls.len() / 2].iter().enumerate() {
        out.push((format!("xls_cut_{i}.xls"), xls[..*cut].to_vec()));
    }
    for (i, (at, v)) in [(0x2C, 0xFF), (0x30, 0x7F), (0x3C, 0xFF), (0x4C, 0x40)]
        .iter()
        .enumerate()
    {
        let mut b = xls.clone();
        b[*at..*at + 4].fill(*v);
        out.push((format!("cfb_corrupt_{i}.xls"), b));
    }
    for (i, cut) in [30, ods.len() / 2, ods.len() - 10].iter().enumerate() {
        out.push((format!("ods_cut_{i}.ods"), ods[..*cut].to_vec()));
    }
    out.push(("zip_bomb.xlsx".into(), zip_bomb()));
    out
}

/// An XLSX whose worksheet claims to inflate 2,048× (64 MiB from 32 KiB) in its central
/// directory, as a zip bomb's does.
fn zip_bomb() -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let _ = ws.write_string(0, 0, "行政区划代码");
    let mut b = wb.save_to_buffer().unwrap_or_default();
    let name = b"xl/worksheets/sheet1.xml";
    if let Some(p) = b
        .windows(4)
        .enumerate()
        .filter(|(_, w)| *w == b"PK\x01\x02")
        .map(|(i, _)| i)
        .find(|&i| b.get(i + 46..i + 46 + name.len()) == Some(&name[..]))
    {
        b[p + 24..p + 28].copy_from_slice(&(64u32 << 20).to_le_bytes());
        b[p + 20..p + 24].copy_from_slice(&(32u32 << 10).to_le_bytes());
    }
    b
}

#[test]
fn the_malformed_corpus_gives_errors_not_crashes() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let corpus = corpus();
    assert!(corpus.len() >= 24, "{}", corpus.len());
    for (name, bytes) in &corpus {
        if name.ends_with(".ron") {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap_or_default();
            // Every malformed project: a load error, or (the huge values) validation errors.
            match gep_calc::io::load(&path) {
                Err(e) => assert!(!e.message(gep_calc::i18n::Lang::Zh).is_empty()),
                Ok(p) => {
                    let issues = gep_calc::validate::validate(&p, Registry::builtin());
                    assert!(
                        issues
                            .iter()
                            .any(|i| i.severity == gep_calc::validate::Severity::Error),
                        "{name} loads and validates clean"
                    );
                }
            }
        } else {
            let start = std::time::Instant::now();
            let r = import_file(dir.path(), name, bytes);
            assert!(r.is_err(), "{name} imported");
            assert!(start.elapsed().as_secs() < 15, "{name}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn project_loader_never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = gep_calc::io::load_bytes(&bytes, "x.ron");
    }

    #[test]
    fn project_loader_never_panics_on_mutated_projects(
        cut in 0usize..4000,
        flips in proptest::collection::vec((0usize..4000, any::<u8>()), 0..6),
    ) {
        let mut b = fixture(TINY);
        for (at, v) in flips {
            let n = b.len();
            b[at % n] ^= v;
        }
        b.truncate(cut.min(b.len()));
        let _ = gep_calc::io::load_bytes(&b, "m.ron");
    }

    #[test]
    fn csv_import_never_panics_on_arbitrary_text(text in "[\\PC,;\\t\\n\"]{0,400}") {
        let reg = Registry::builtin();
        let input = ImportInput::Bytes { name: "x.csv", bytes: text.as_bytes() };
        let _ = preview(&Project::empty("x"), reg, input, &ImportOptions::default());
    }
}

proptest! {
    // Each case starts the reader process: few cases.
    #![proptest_config(ProptestConfig { cases: 8, max_shrink_iters: 16, ..ProptestConfig::default() })]

    #[test]
    fn spreadsheet_import_returns_ok_or_err_on_mutated_workbooks(
        which in 0usize..2,
        flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..8),
    ) {
        let (name, mut b) = match which {
            0 => ("m.xls", fixture("tests/fixtures/import/fuzhou_sample.xls")),
            _ => ("m.ods", fixture("tests/fixtures/import/fuzhou_sample.ods")),
        };
        for (at, v) in flips {
            let n = b.len();
            b[at % n] ^= v;
        }
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        // Returning at all is the property: the reader process is bounded in memory and
        // time; what it returns is bounded by the cell budget. (No wall-clock assertion: a
        // mutated sheet of two million empty cells takes a debug build seconds on a busy CI.)
        let _ = import_file(dir.path(), name, &b);
    }
}

/// A whole CLI session with no network interface at all: the program needs none.
#[test]
fn a_cli_session_runs_without_a_network() {
    let ok = Command::new("unshare")
        .args(["-n", "-r", "true"])
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        eprintln!("skipped: `unshare -n -r` is not permitted here");
        return;
    }
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let d = |n: &str| dir.path().join(n).to_string_lossy().into_owned();
    let exe = env!("CARGO_BIN_EXE_gep-calc");
    let sample = root().join("sample_data/fuzhou_sample.ron");
    let sample = sample.to_string_lossy();
    let script = format!(
        "set -e; E='{exe}'; \
         \"$E\" validate '{sample}' >/dev/null || [ $? -eq 1 ]; \
         \"$E\" compute '{sample}' --out '{json}'; \
         \"$E\" report '{sample}' --format html --out '{html}'; \
         \"$E\" template --out '{xlsx}' --with-data '{sample}'; \
         \"$E\" import '{xlsx}' --into '{new}' >/dev/null; \
         \"$E\" compensate '{new}' --format csv --out '{csv}'",
        json = d("a.json"),
        html = d("r.html"),
        xlsx = d("t.xlsx"),
        new = d("new.ron"),
        csv = d("c.csv"),
    );
    let out = Command::new("unshare")
        .args(["-n", "-r", "sh", "-c", &script])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for f in ["a.json", "r.html", "t.xlsx", "new.ron", "c.csv"] {
        assert!(dir.path().join(f).exists(), "{f}");
    }
}

/// The app's import path (the function the 导入表格… dialog calls, through the child reader as
/// in the running app) on every reproducer: the dialog shows a clear error, import cannot be
/// applied, the app stays up and the project is unchanged; and a project that fails to open
/// from the command line shows a dialog and an empty project, not the sample.
#[cfg(feature = "gui")]
mod app {
    use eframe::egui;
    use egui::accesskit::Role;
    use egui_kittest::Harness;
    use egui_kittest::kittest::{NodeT, Queryable};

    use gep_calc::app::GepApp;
    use gep_calc::app::import_dialog::ImportSession;
    use gep_calc::app::state::Settings;

    fn harness() -> Harness<'static, GepApp> {
        Harness::builder()
            .with_size(egui::vec2(1366.0, 768.0))
            .with_context_setup(gep_calc::app::fonts::install)
            .build_ui_state(
                |ui, app: &mut GepApp| app.show(ui),
                GepApp::new(Settings::default()),
            )
    }

    #[test]
    fn the_import_dialog_survives_every_reproducer() {
        // SAFETY: as in `import_file`: the same value everywhere in this binary.
        unsafe { std::env::set_var("GEP_CALC_SHEET_READER", env!("CARGO_BIN_EXE_gep-calc")) };
        let files: Vec<_> = std::fs::read_dir(super::root().join("tests/fixtures/reliability"))
            .unwrap_or_else(|e| panic!("{e}"))
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x != "md"))
            .collect();
        assert_eq!(files.len(), 11);
        let mut h = harness();
        h.run();
        let before = h.state().state.project.clone();
        for f in &files {
            let name = f
                .file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default();
            let start = std::time::Instant::now();
            let session = ImportSession::start(&h.state().state, f);
            assert!(start.elapsed().as_secs() < 10, "{name}");
            let err = session.preview.as_ref().err().cloned();
            let err = err.unwrap_or_else(|| panic!("{name}: no error"));
            assert!(err.contains(&*name) && !err.contains("panicked"), "{err}");
            // The zh UI words it in Chinese only (the CLI prints both languages).
            let english = ["damaged", "truncated", "cannot", "inflate", "did not"];
            let words = err.replace(&*name, "");
            assert!(english.iter().all(|w| !words.contains(w)), "{err}");
            h.state_mut().state.import = Some(session);
            h.run();
            h.get_by_label("导入表格");
            h.get_by_label(&err);
            assert!(
                h.get_by_role_and_label(Role::Button, "导入（可撤销）")
                    .accesskit_node()
                    .is_disabled(),
                "{name}"
            );
            h.get_by_role_and_label(Role::Button, "取消").click();
            h.run();
            assert!(h.state().state.import.is_none(), "{name}");
            assert!(
                h.state().state.project == before,
                "{name}: the project changed"
            );
            assert!(!h.state().state.dirty, "{name}");
        }
    }

    #[test]
    fn a_project_that_fails_to_open_shows_a_dialog_and_an_empty_project() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let bad = dir.path().join("bad.ron");
        std::fs::write(&bad, "(schema_version: 1, meta: (name: \"x\"").unwrap_or_default();
        let mut h = harness();
        h.run();
        h.state_mut().state.open_at_launch(&bad);
        h.run();
        h.get_by_label("无法打开项目文件");
        let err = h.state().state.launch_error.clone().unwrap_or_default();
        assert!(err.contains("bad.ron") && err.contains("被截断"), "{err}");
        h.get_by_label(&err);
        assert!(
            h.state().state.project.counties.is_empty(),
            "not the sample"
        );
        // No county of the sample anywhere in the window.
        assert!(h.query_by_label_contains("资溪县").is_none());
        h.get_by_role_and_label(Role::Button, "确定").click();
        h.run();
        assert!(h.query_by_label("无法打开项目文件").is_none());
        assert!(h.query_by_label_contains("资溪县").is_none());
        // The empty project says what it is and leads on, not to a year never chosen.
        h.get_by_label_contains("这个项目还没有县区和核算年份");
        assert!(h.query_by_label_contains("没有 2022 年的核算期").is_none());
        h.get_by_role_and_label(Role::Button, "打开示例项目")
            .click();
        h.run();
        h.run();
        h.get_by_label_contains("资溪县");
        assert!(!h.state().state.project.counties.is_empty());
    }
}
