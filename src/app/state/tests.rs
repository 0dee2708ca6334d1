//! Tests of the application state: undo/redo of project and county edits, exports in the
//! foreground and background, autosave and recovery.

use super::*;

fn area(s: &AppState, code: &str) -> Option<f64> {
    s.project
        .period(2022)
        .and_then(|p| p.counties.get(code))
        .and_then(|c| c.land_cover.get("broadleaf_forest").copied())
}

#[test]
fn county_edits_undo_and_redo_exactly_and_track_the_saved_state() {
    let mut s = AppState::with_sample(Settings::default());
    let code = s.project.counties[0].code.clone();
    let before = area(&s, &code);
    let gep0 = s
        .accounts()
        .map(|a| a.region.totals.gep)
        .unwrap_or(f64::NAN);
    s.edit_counties(2022, std::slice::from_ref(&code), |p| {
        if let Some(cp) = p.period_mut(2022).and_then(|x| x.counties.get_mut(&code)) {
            cp.land_cover.insert("broadleaf_forest".into(), 1234.5);
        }
    });
    assert_eq!(area(&s, &code), Some(1234.5));
    assert!(s.dirty && s.title().starts_with("● "));
    let gep1 = s
        .accounts()
        .map(|a| a.region.totals.gep)
        .unwrap_or(f64::NAN);
    assert_ne!(gep0, gep1);
    s.undo();
    assert_eq!(area(&s, &code), before);
    assert!(!s.dirty, "undo back to the loaded state is clean");
    assert_eq!(
        s.accounts()
            .map(|a| a.region.totals.gep)
            .unwrap_or(f64::NAN),
        gep0
    );
    s.redo();
    assert_eq!(area(&s, &code), Some(1234.5));
    assert!(s.dirty);
    // A no-op edit records nothing.
    s.edit_counties(2022, std::slice::from_ref(&code), |_| {});
    s.undo();
    assert_eq!(area(&s, &code), before);
    assert!(!s.can_undo());
}

#[test]
fn whole_project_edits_mix_with_county_edits() {
    let mut s = AppState::with_sample(Settings::default());
    let n = s.project.counties.len();
    let code = s.project.counties[1].code.clone();
    s.edit(|p| p.counties.pop().map_or((), |_| ()));
    s.edit_counties(2022, std::slice::from_ref(&code), |p| {
        if let Some(cp) = p.period_mut(2022).and_then(|x| x.counties.get_mut(&code)) {
            cp.population = Some(1.0);
        }
    });
    s.undo();
    s.undo();
    assert_eq!(s.project.counties.len(), n);
    assert_ne!(
        s.project
            .period(2022)
            .and_then(|p| p.counties.get(&code))
            .and_then(|c| c.population),
        Some(1.0)
    );
    assert!(!s.dirty);
}

#[test]
fn large_exports_run_in_the_background_and_report_when_done()
-> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let mut s = AppState::new(crate::sample::synthetic(320, 7), Settings::default());
    let csv = dir.path().join("big.csv");
    assert!(s.start_export(ExportKind::Csv, &csv));
    assert!(s.exporting());
    // A second export while one runs is refused with a message, not queued silently.
    assert!(!s.start_export(ExportKind::Json, &dir.path().join("b.json")));
    assert!(s.notice.as_ref().is_some_and(|n| n.error));
    let mut done = None;
    for _ in 0..1200 {
        done = s.poll_export();
        if done.is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(done, Some(true));
    assert!(!s.exporting());
    let text = String::from_utf8(std::fs::read(&csv)?)?;
    // Header plus one line per county and indicator at least.
    assert!(text.lines().count() > 320, "{}", text.lines().count());
    assert!(
        s.notice
            .as_ref()
            .is_some_and(|n| !n.error && n.text.contains("big.csv"))
    );
    // A small project is written at once.
    let mut small = AppState::with_sample(Settings::default());
    assert!(small.start_export(ExportKind::Csv, &dir.path().join("s.csv")));
    assert!(!small.exporting());
    Ok(())
}

#[test]
fn exports_write_the_shown_accounts() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let mut s = AppState::with_sample(Settings::default());
    let csv = dir.path().join("a.csv");
    assert!(s.export_to(ExportKind::Csv, &csv));
    let bytes = std::fs::read(&csv)?;
    assert_eq!(&bytes[..3], &[0xEF, 0xBB, 0xBF]);
    assert!(String::from_utf8(bytes)?.contains("临川区"));
    let json = dir.path().join("a.json");
    assert!(s.export_to(ExportKind::Json, &json));
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&json)?)?;
    let gep = s
        .accounts()
        .map(|a| a.region.totals.gep)
        .unwrap_or(f64::NAN);
    assert_eq!(v["region"]["totals"]["gep"].as_f64(), Some(gep));
    let html = dir.path().join("a.html");
    assert!(s.export_to(ExportKind::Html, &html));
    let page = std::fs::read_to_string(&html)?;
    assert!(page.contains("<svg") && page.contains("资溪县") && !page.contains("http"));
    let pdf = dir.path().join("a.pdf");
    if crate::report::pdf::BUILT {
        assert!(s.export_to(ExportKind::Pdf, &pdf));
        assert!(std::fs::read(&pdf)?.starts_with(b"%PDF-"));
    } else {
        // A build without the `pdf` feature says so and writes nothing.
        assert!(!s.export_to(ExportKind::Pdf, &pdf));
        assert!(
            s.notice
                .as_ref()
                .is_some_and(|n| n.error && n.text.contains("PDF"))
        );
        assert!(!pdf.exists());
    }
    let xlsx = dir.path().join("a.xlsx");
    assert!(s.export_to(ExportKind::Xlsx, &xlsx));
    assert!(std::fs::read(&xlsx)?.starts_with(b"PK"));
    // A folder that does not exist: an error notice, nothing written.
    assert!(!s.export_to(ExportKind::Csv, &dir.path().join("no/such/dir/a.csv")));
    assert!(s.notice.as_ref().is_some_and(|n| n.error));
    Ok(())
}

#[test]
fn unsaved_work_is_autosaved_and_cleared_by_saving() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let mut s = AppState::with_sample(Settings::default());
    s.recovery_path = Some(dir.path().join("recovery.ron"));
    s.autosave();
    assert!(
        !dir.path().join("recovery.ron").exists(),
        "nothing unsaved, nothing written"
    );
    s.edit(|p| p.meta.name = "改过的项目".into());
    s.autosave();
    let recovered = crate::io::load(&dir.path().join("recovery.ron"))?;
    assert_eq!(recovered, s.project);
    let target = dir.path().join("p.ron");
    assert!(s.save_to(&target));
    assert!(!s.dirty);
    assert!(!dir.path().join("recovery.ron").exists());
    assert_eq!(s.settings.recent.first(), Some(&target));
    assert_eq!(crate::io::load(&target)?.meta.name, "改过的项目");
    Ok(())
}

#[test]
fn a_recovered_project_stays_linked_to_its_file() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let target = dir.path().join("p.ron");
    let mut s = AppState::with_sample(Settings::default());
    assert!(s.save_to(&target));
    s.recovery_path = Some(dir.path().join("recovery.ron"));
    s.edit(|p| p.meta.name = "三秒前的修改".into());
    s.autosave();
    // The next session restores it: the work and the file it belongs to.
    let (p, linked) = super::super::recovery::read(&dir.path().join("recovery.ron"))?;
    assert_eq!(p.meta.name, "三秒前的修改");
    assert_eq!(
        linked.as_deref(),
        Some(std::path::absolute(&target)?.as_path())
    );
    s.clear_recovery();
    assert!(!dir.path().join("recovery.path").exists());
    Ok(())
}

#[test]
fn the_autosaver_writes_two_seconds_after_the_last_edit_in_the_background()
-> Result<(), Box<dyn std::error::Error>> {
    use super::super::recovery::{Autosaver, QUIET};
    let dir = tempfile::tempdir()?;
    let rp = dir.path().join("recovery.ron");
    let mut s = AppState::with_sample(Settings::default());
    s.recovery_path = Some(rp.clone());
    let mut a = Autosaver::default();
    assert_eq!(a.tick(&s), None, "nothing unsaved");
    s.edit(|p| p.meta.name = "刚改".into());
    let wait = a.tick(&s).ok_or("asks to be called again")?;
    assert!(wait <= QUIET && wait > QUIET / 2, "{wait:?}");
    assert!(!rp.exists());
    std::thread::sleep(wait);
    assert_eq!(a.tick(&s), None);
    let start = std::time::Instant::now();
    while (a.busy() || !rp.exists()) && start.elapsed().as_secs() < 10 {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(crate::io::load(&rp)?.meta.name, "刚改");
    // Written once per revision.
    assert_eq!(a.tick(&s), None);
    Ok(())
}

#[test]
fn a_project_that_fails_to_open_at_launch_leaves_an_empty_project_and_a_dialog()
-> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, "(schema_version: 1, meta: (name: \"x\"")?;
    let mut s = AppState::with_sample(Settings::default());
    s.open_at_launch(&bad);
    assert!(s.project.counties.is_empty(), "not the sample");
    assert_eq!(s.project.meta.name, "未命名项目");
    let e = s.launch_error.clone().ok_or("no dialog")?;
    assert!(e.contains("bad.ron") && e.contains("被截断"), "{e}");
    assert!(s.path.is_none());
    Ok(())
}

/// Edits of one part (`edit_part`), of some counties' data (`edit_counties`) and of the whole
/// project, mixed: each undo restores exactly the project before that edit and each redo the
/// one after, and the accounts follow.
#[test]
fn part_edits_undo_and_redo_exactly() {
    let mut s = AppState::new(crate::sample::synthetic(40, 7), Settings::default());
    let gep = |s: &mut AppState| s.accounts().map_or(f64::NAN, |a| a.region.totals.gep);
    let code = s.project.counties[3].code.clone();
    let mut states = vec![s.project.clone()];
    let mut geps = vec![gep(&mut s)];
    let over = crate::model::ParamOverride {
        value: 500.0,
        unit: None,
        price_year: Some(2022),
        source: "test".into(),
        tag: crate::registry::Tag::U,
        note: String::new(),
    };
    s.edit_part(
        |p| &mut p.price_overrides,
        |o| {
            o.insert("carbon_price".into(), over);
        },
    );
    states.push(s.project.clone());
    geps.push(gep(&mut s));
    s.edit_counties(2022, std::slice::from_ref(&code), |p| {
        if let Some(cp) = p.period_mut(2022).and_then(|x| x.counties.get_mut(&code)) {
            cp.land_cover.insert("broadleaf_forest".into(), 4321.0);
        }
    });
    states.push(s.project.clone());
    geps.push(gep(&mut s));
    s.edit_part(|p| &mut p.counties, |c| c[5].name.zh = "改名县".into());
    states.push(s.project.clone());
    geps.push(gep(&mut s));
    s.edit(|p| {
        p.counties.remove(7);
    });
    states.push(s.project.clone());
    geps.push(gep(&mut s));
    s.edit_part(
        |p| &mut p.price_overrides,
        |o| {
            o.remove("carbon_price");
        },
    );
    states.push(s.project.clone());
    geps.push(gep(&mut s));
    // A part edit that changes nothing records nothing.
    s.edit_part(|p| &mut p.meta.base_year, |_| {});
    assert_ne!(geps[0], geps[1], "the override changes GEP");
    assert_ne!(geps[1], geps[2], "the land cover changes GEP");
    for k in (0..states.len() - 1).rev() {
        assert!(s.can_undo());
        s.undo();
        assert!(s.project == states[k], "undo to state {k}");
        assert_eq!(gep(&mut s), geps[k], "GEP after undo to state {k}");
    }
    assert!(!s.can_undo() && !s.dirty);
    for (k, want) in states.iter().enumerate().skip(1) {
        s.redo();
        assert!(s.project == *want, "redo to state {k}");
    }
    assert!(!s.can_redo());
}

/// The app's validation (which takes the shown year's accounts when they are a full compute)
/// lists exactly what `validate` lists, before and after a county edit.
#[test]
fn the_apps_validation_is_validate() {
    let mut s = AppState::new(crate::sample::synthetic(30, 3), Settings::default());
    let _ = s.accounts();
    let want = validate::validate(&s.project, s.registry());
    assert_eq!(s.issues(), want.as_slice());
    let code = s.project.counties[2].code.clone();
    s.edit_counties(2022, std::slice::from_ref(&code), |p| {
        if let Some(cp) = p.period_mut(2022).and_then(|x| x.counties.get_mut(&code)) {
            cp.indicators.clear();
        }
    });
    let _ = s.accounts();
    let want = validate::validate(&s.project, s.registry());
    assert_eq!(s.issues(), want.as_slice());
}
