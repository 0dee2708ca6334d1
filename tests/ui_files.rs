//! UI tests of files and messages: no action that replaces the open project loses unsaved work
//! without asking, status messages about a replaced project clear, the built-in file browser
//! (used when no native dialog is available) and validation lines that go to the place to fix.
//! The real `GepApp` on the embedded sample, driven through egui_kittest.

#![cfg(feature = "gui")]

use eframe::egui;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use gep_calc::app::GepApp;
use gep_calc::app::state::{Notice, Settings};

fn harness() -> Harness<'static, GepApp> {
    Harness::builder()
        .with_size(egui::vec2(1366.0, 768.0))
        .with_context_setup(gep_calc::app::fonts::install)
        .build_ui_state(
            |ui, app: &mut GepApp| app.show(ui),
            GepApp::new(Settings::default()),
        )
}

fn click(h: &mut Harness<'static, GepApp>, label: &str) {
    h.get_by_role_and_label(Role::Button, label).click();
    h.run();
}

/// 打开示例项目 with unsaved changes asks first; 取消 keeps the work, 不保存 replaces it, and
/// the status bar no longer speaks of the replaced project's file.
#[test]
fn open_sample_asks_before_discarding_unsaved_work() {
    let mut h = harness();
    h.run();
    click(&mut h, "县区");
    click(&mut h, "添加县区");
    assert_eq!(h.state().state.project.counties.len(), 12);
    assert!(h.state().state.dirty);
    h.state_mut().state.notice = Some(Notice {
        text: "已保存 zixi.ron".into(),
        error: false,
    });
    h.run();
    h.get_by_label("已保存 zixi.ron");

    click(&mut h, "文件");
    click(&mut h, "打开示例项目");
    // The prompt, not the sample: the added county is still there.
    h.get_by_label("当前项目有未保存的修改。是否先保存？");
    assert_eq!(h.state().state.project.counties.len(), 12);
    click(&mut h, "取消");
    assert!(
        h.query_by_label("当前项目有未保存的修改。是否先保存？")
            .is_none()
    );
    assert_eq!(h.state().state.project.counties.len(), 12);
    assert!(h.state().state.dirty);

    click(&mut h, "文件");
    click(&mut h, "打开示例项目");
    click(&mut h, "不保存");
    assert_eq!(h.state().state.project.counties.len(), 11);
    assert!(!h.state().state.dirty);
    assert!(h.query_by_label("已保存 zixi.ron").is_none());
    h.get_by_label("已打开示例项目");
}

/// Without unsaved changes the sample opens at once (no prompt).
#[test]
fn open_sample_without_changes_needs_no_prompt() {
    let mut h = harness();
    h.run();
    h.state_mut().state.project.meta.name = "别的项目".into();
    click(&mut h, "文件");
    click(&mut h, "打开示例项目");
    assert!(
        h.query_by_label("当前项目有未保存的修改。是否先保存？")
            .is_none()
    );
    assert_eq!(
        h.state().state.project.meta.name,
        "抚州市生态产品总值核算（示例）"
    );
}

/// The built-in browser (no native dialog in tests): it lists the folder's project files and
/// sub-folders, asks before overwriting, adds the extension to a bare name, and the status
/// bar names the full path.
#[test]
fn file_browser_lists_asks_before_overwrite_and_names_the_full_path() {
    use gep_calc::app::state::{PathPrompt, PathPurpose};
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let existing = dir.path().join("zixi.ron");
    std::fs::write(&existing, "old").unwrap_or_else(|e| panic!("{e}"));
    std::fs::create_dir(dir.path().join("子目录")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join("notes.txt"), "x").unwrap_or_else(|e| panic!("{e}"));

    let mut h = harness();
    h.run();
    h.state_mut().state.prompt = Some(PathPrompt::new(
        PathPurpose::SaveAs,
        &existing.display().to_string(),
        &[],
    ));
    h.run();
    // Folders and .ron files; other types only with 所有文件.
    h.get_by_label("子目录/");
    h.get_by_label("zixi.ron");
    assert!(h.query_by_label("notes.txt").is_none());

    click(&mut h, "确定");
    h.run();
    // Not written yet: asked first.
    assert_eq!(
        std::fs::read_to_string(&existing).ok().as_deref(),
        Some("old")
    );
    h.get_by_label_contains("已存在");
    click(&mut h, "覆盖");
    let saved = std::fs::read_to_string(&existing).unwrap_or_default();
    assert!(saved.contains("schema_version"), "{saved}");
    assert!(h.state().state.prompt.is_none());
    let notice = h
        .state()
        .state
        .notice
        .clone()
        .unwrap_or_else(|| panic!("no notice"));
    assert_eq!(notice.text, format!("已保存 {}", existing.display()));

    // A bare name is saved in the shown folder, with the extension added.
    h.state_mut().state.prompt = Some(PathPrompt::new(
        PathPurpose::SaveAs,
        &existing.display().to_string(),
        &[],
    ));
    h.run();
    let field = h.get_by_label("文件路径");
    field.click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_label("文件路径").type_text("第二版");
    h.run();
    click(&mut h, "确定");
    assert!(dir.path().join("第二版.ron").is_file());

    // A folder that does not exist: a Chinese message with the full path, nothing written.
    h.state_mut().state.prompt = Some(PathPrompt::new(PathPurpose::SaveAs, "", &[]));
    h.run();
    let missing = dir.path().join("没有这个文件夹").join("x.ron");
    h.get_by_label("文件路径").click();
    h.run();
    h.get_by_label("文件路径")
        .type_text(&missing.display().to_string());
    h.run();
    click(&mut h, "确定");
    let notice = h
        .state()
        .state
        .notice
        .clone()
        .unwrap_or_else(|| panic!("no notice"));
    assert!(notice.error);
    assert!(notice.text.contains("不存在"), "{}", notice.text);
    assert!(!missing.exists());
}

/// A validation line names the indicator (not its id) and, though tied to no county, leads to
/// it: the services page with that indicator shown; a price-index line opens that series.
#[test]
fn validation_lines_use_names_and_lead_to_the_place_to_fix() {
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 2400.0))
        .with_context_setup(gep_calc::app::fonts::install)
        .build_ui_state(
            |ui, app: &mut GepApp| app.show(ui),
            GepApp::new(Settings::default()),
        );
    h.run();
    // Sand fixation left out of every county: a line about the indicator, tied to no county.
    for period in &mut h.state_mut().state.project.periods {
        for county in period.counties.values_mut() {
            county.indicators.remove("sand_fixation");
        }
    }
    h.state_mut().state.revision += 1;
    h.run();
    let reg = gep_calc::registry::Registry::builtin();
    let sand = reg
        .indicator("sand_fixation")
        .unwrap_or_else(|| panic!("sand_fixation in the registry"));
    assert!(h.query_by_label_contains("sand_fixation").is_none());
    assert!(h.query_by_label_contains("price_indices").is_none());
    h.get_by_label_contains(&format!("指标“{}”在所有县区均未填报", sand.name.zh))
        .click();
    h.run();
    let st = &h.state().state;
    assert_eq!(st.page, gep_calc::app::nav::Page::Services);
    assert_eq!(st.pages.services.selected, "sand_fixation");

    click(&mut h, "总览");
    h.get_by_label_contains("价格指数“居民消费价格指数").click();
    h.run();
    let st = &h.state().state;
    assert_eq!(st.page, gep_calc::app::nav::Page::Prices);
    assert_eq!(st.pages.prices.tab, 1);
    assert_eq!(st.pages.prices.index_selected.as_deref(), Some("cpi"));
}

/// When nothing computes (an unknown framework), the overview still lists what to fix, by
/// name, and the line about the framework opens the project settings.
#[test]
fn a_framework_line_opens_the_project_settings() {
    let mut h = Harness::builder()
        .with_size(egui::vec2(1366.0, 1400.0))
        .with_context_setup(gep_calc::app::fonts::install)
        .build_ui_state(
            |ui, app: &mut GepApp| app.show(ui),
            GepApp::new(Settings::default()),
        );
    h.run();
    h.state_mut().state.project.meta.framework = "no_such_framework".into();
    h.state_mut().state.revision += 1;
    h.run();
    assert!(h.state().setup.is_none());
    h.get_by_label_contains("未知核算框架，请在“项目设置”中选择")
        .click();
    h.run();
    h.run();
    assert!(h.state().setup.is_some());
}
