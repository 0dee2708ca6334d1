//! Tests of the ESV page: default crosswalk rows, the D method switch, classes, and the page
//! driven through kittest.

use super::class_name;
use super::crosswalk::{default_row, land_classes};
use super::d::{Method, switched};
use crate::app::state::AppState;
use crate::app::state::Settings;
use crate::engine::esv::standard_equivalent;
use crate::model::StandardEquivalent;
use crate::registry::Tag;
use eframe::egui;

fn state() -> AppState {
    AppState::with_sample(Settings::default())
}

#[test]
fn default_rows_follow_the_engine_rule() {
    let s = state();
    let reg = s.registry();
    let Some(xie2015) = reg.factor_table("xie2015") else {
        panic!("xie2015")
    };
    let Some(xie2008) = reg.factor_table("xie2008") else {
        panic!("xie2008")
    };
    assert_eq!(default_row(xie2015, "paddy").as_deref(), Some("paddy"));
    assert_eq!(default_row(xie2015, "built_up"), None);
    // Every built-in table maps every registry class, xie2008 included.
    assert_eq!(default_row(xie2008, "paddy").as_deref(), Some("farmland"));
    assert_eq!(default_row(xie2008, "built_up"), None);
}

#[test]
fn method_switch_is_one_undo_step_and_comes_back() {
    let mut s = state();
    let before = s.project.esv.standard_equivalent.clone();
    let new = switched(&s, Method::Direct);
    s.edit(|p| p.esv.standard_equivalent = new);
    // The derived D carried over, tagged as derived.
    let Ok(d0) = standard_equivalent(&before).map(|d| d.value) else {
        panic!("sample D")
    };
    match &s.project.esv.standard_equivalent {
        StandardEquivalent::Direct {
            value_yuan_per_hm2,
            tag,
            ..
        } => {
            assert!((value_yuan_per_hm2 - d0).abs() < 1e-9);
            assert_eq!(*tag, Tag::D);
        }
        other => panic!("{other:?}"),
    }
    s.undo();
    assert_eq!(s.project.esv.standard_equivalent, before);
}

#[test]
fn classes_include_custom_and_data_classes() {
    let mut s = state();
    s.edit(|p| {
        p.custom_land_classes.push(crate::model::CustomLandClass {
            id: "salt_pan".into(),
            name: crate::i18n::Text::new("盐田", "Salt pan"),
            runoff_coeff: None,
            vegetated: false,
            ecosystem: None,
        });
    });
    let v = land_classes(&mut s);
    assert!(v.iter().any(|c| c == "paddy"));
    assert!(v.iter().any(|c| c == "salt_pan"));
    assert_eq!(class_name(&s, "salt_pan"), "盐田");
}

#[test]
fn page_edits_are_undoable_and_every_input_is_named() {
    use egui::accesskit::Role;
    use egui_kittest::kittest::Queryable;
    let mut h = egui_kittest::Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .with_context_setup(crate::app::fonts::install)
        .build_ui_state(
            |ui, app: &mut crate::app::GepApp| app.show(ui),
            crate::app::GepApp::new(Settings::default()),
        );
    h.get_by_role_and_label(Role::Button, "当量因子").click();
    h.run();
    // The read-only factor table opens (and renders).
    h.get_by_label("当量因子表（只读）").click();
    h.run();
    // Switch D to the direct value: one edit, undone by one undo.
    let before = h.state().state.project.esv.standard_equivalent.clone();
    h.get_by_label("直接填写").click();
    h.run();
    assert!(matches!(
        h.state().state.project.esv.standard_equivalent,
        StandardEquivalent::Direct { .. }
    ));
    h.state_mut().state.undo();
    h.run();
    assert_eq!(h.state().state.project.esv.standard_equivalent, before);
    // Another table: one edit.
    h.state_mut().state.edit(|p| p.esv.table = "xie2008".into());
    h.run();
    assert_eq!(h.state().state.project.esv.table, "xie2008");
}
