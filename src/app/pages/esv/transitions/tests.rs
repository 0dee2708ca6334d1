//! The land-use change section driven through kittest on the 3-class fixture: the account's
//! figures on screen, a typed cell and a pasted block as one undo step each, and the sum
//! warning naming both figures.

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use super::{Choice, section};
use crate::app::state::{AppState, Settings};
use crate::i18n::Lang;

fn harness() -> Harness<'static, AppState> {
    let text = include_str!("../../../../../tests/fixtures/transitions_3class.ron");
    let project = crate::io::project_file::load_str(text, "fixture")
        .unwrap_or_else(|e| panic!("fixture: {e}"));
    let mut st = AppState::new(project, Settings::default());
    st.settings.lang = Lang::Zh;
    let mut h = Harness::builder()
        .with_size(egui::vec2(1366.0, 1400.0))
        .with_context_setup(crate::app::fonts::install)
        .build_ui_state(
            |ui, st: &mut AppState| {
                egui::CentralPanel::default().show(ui, |ui| section(ui, st));
            },
            st,
        );
    h.ctx.data_mut(|d| {
        d.insert_temp(
            egui::Id::unique("tr_choice"),
            Choice {
                county: "360101".into(),
                from: 2015,
                to: 2020,
            },
        )
    });
    h.run();
    h
}

fn cell(h: &Harness<'static, AppState>, from: &str, to: &str) -> f64 {
    h.state().project.transitions[0].cell(from, to)
}

#[test]
fn figures_show_and_typed_and_pasted_cells_are_one_undo_step_each() {
    let mut h = harness();
    // The account of the hand-worked example is on screen.
    h.get_by_label_contains("土地利用变化引起的 ESV 变化合计 -2.25 万元");
    h.get_by_label("10.00 公顷 ×（3,000.00 − 1,500.00）元/公顷 = 15,000.00 元");
    assert!(h.query_all_by_label("0.8000").count() >= 2);
    // Type 15 into paddy → built-up: the sums no longer match the land cover, and say so.
    let before = h.state().project.clone();
    let name = "水田 → 建设用地";
    h.get_by_label(name).click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_label(name).type_text("15");
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(cell(&h, "paddy", "built_up"), 15.0);
    h.get_by_label_contains("转移矩阵中“水田”一行的合计为 105.00 公顷，而 2015 年土地覆被中该地类为 100.00 公顷（相差 5.00 公顷）");
    h.state_mut().undo();
    h.run();
    assert_eq!(h.state().project, before);
    // A block copied from WPS into the top-left cell fills the matrix from there.
    h.get_by_label("阔叶林 → 阔叶林").click();
    h.run();
    h.event(egui::Event::Paste("189\t6\r\n4\t51\r\n".into()));
    h.run();
    assert_eq!(cell(&h, "broadleaf_forest", "broadleaf_forest"), 189.0);
    assert_eq!(cell(&h, "broadleaf_forest", "built_up"), 6.0);
    assert_eq!(cell(&h, "built_up", "broadleaf_forest"), 4.0);
    assert_eq!(cell(&h, "built_up", "built_up"), 51.0);
    h.state_mut().undo();
    h.run();
    assert_eq!(h.state().project, before);
    // The matrix copied with its headers and totals lands by class names, wherever pasted.
    h.get_by_label("水田 → 水田").click();
    h.run();
    h.event(egui::Event::Paste(
        "2015＼2020\t建设用地\t水田\t合计\r\n水田\t12\t78\t90\r\n合计\t12\t78\t90\r\n".into(),
    ));
    h.run();
    assert_eq!(cell(&h, "paddy", "built_up"), 12.0);
    assert_eq!(cell(&h, "paddy", "paddy"), 78.0);
    assert_eq!(
        cell(&h, "paddy", "broadleaf_forest"),
        10.0,
        "not in the block: kept"
    );
    h.state_mut().undo();
    h.run();
    assert_eq!(h.state().project, before);
}
