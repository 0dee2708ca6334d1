//! UI test of the county-boundary dialog: 文件 → 县界…, read a GeoJSON with a bad feature, the
//! preview lists it, accepting imports the matched counties as one undoable step, and the
//! imported boundaries can be removed. The real `GepApp` on the embedded sample.

#![cfg(feature = "gui")]

use eframe::egui;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use gep_calc::app::GepApp;
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

fn click(h: &mut Harness<'static, GepApp>, label: &str) {
    h.get_by_role_and_label(Role::Button, label).click();
    h.run();
}

fn feature(code: &str, coords: &str) -> String {
    format!(
        r#"{{"type":"Feature","properties":{{"PAC":"{code}"}},"geometry":{{"type":"Polygon","coordinates":{coords}}}}}"#
    )
}

#[test]
fn the_boundary_dialog_previews_accepts_as_one_undo_step_and_removes() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let path = dir.path().join("县界.geojson");
    let text = format!(
        r#"{{"type":"FeatureCollection","features":[{},{}]}}"#,
        feature(
            "361028",
            "[[[117.0,27.6],[117.2,27.6],[117.2,27.8],[117.0,27.8],[117.0,27.6]]]"
        ),
        feature("361022", "[[[116.9,27.2],[117.0,27.3],[116.9,27.2]]]"),
    );
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));

    let mut h = harness();
    h.run();
    click(&mut h, "文件");
    click(&mut h, "县界…");
    h.get_by_label_contains("地图默认使用内置示意边界");
    {
        let d = h.state_mut().state.boundary_dialog.as_mut();
        let d = d.unwrap_or_else(|| panic!("dialog open"));
        d.path = path.display().to_string();
        d.source = "审图号：赣S（2023）012号".into();
    }
    h.run();
    click(&mut h, "读取");
    h.get_by_label("匹配 1 个县区（共 11 个）");
    h.get_by_label_contains("外环少于 3 个不同的点");
    assert!(h.state().state.project.boundaries.is_none());
    // The modal re-centres on its grown content over the next frames.
    h.run();
    h.run();
    click(&mut h, "确认并导入已匹配的县区");
    let b = h.state().state.project.boundaries.clone();
    let b = b.unwrap_or_else(|| panic!("imported"));
    assert_eq!(b.source, "审图号：赣S（2023）012号");
    assert_eq!(b.shapes.len(), 1);
    assert_eq!(b.shapes[0].county, "361028");
    assert!(h.state().state.boundary_dialog.is_none());
    h.get_by_label("已导入 1 个县区的边界（可撤销）");

    // One undo step takes it all back.
    h.state_mut().state.undo();
    assert!(h.state().state.project.boundaries.is_none());
    h.state_mut().state.redo();
    assert!(h.state().state.project.boundaries.is_some());

    click(&mut h, "文件");
    click(&mut h, "县界…");
    click(&mut h, "删除导入的县界");
    assert!(h.state().state.project.boundaries.is_none());
}
