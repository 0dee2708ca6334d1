//! 情景对比 page and the scenario flow in the whole app: create a scenario from the page,
//! edit a land-cover cell while it is shown (the badge says so, the baseline keeps its
//! value), compare, undo, and back to the baseline.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use crate::app::GepApp;
use crate::app::state::Settings;
use crate::i18n::{Lang, t};
use crate::units::Unit;

const CODE: &str = "361002";
const COUNTY_ZH: &str = "临川区";
const CLASS: &str = "broadleaf_forest";

fn harness() -> Harness<'static, GepApp> {
    Harness::builder()
        .with_size(eframe::egui::vec2(1366.0, 768.0))
        .with_context_setup(crate::app::fonts::install)
        .build_ui_state(
            |ui, app: &mut GepApp| app.show(ui),
            GepApp::new(Settings::default()),
        )
}

fn area(p: &crate::model::Project, year: i32) -> f64 {
    p.period(year)
        .and_then(|p| p.counties.get(CODE))
        .map_or(f64::NAN, |c| c.land_cover[CLASS])
}

#[test]
fn create_scenario_edit_a_cell_see_badge_and_comparison() {
    use eframe::egui;
    let mut h = harness();
    h.run();
    let year = h.state().state.year;
    let base_area = area(&h.state().state.project, year);
    assert!(base_area > 0.0);

    // A blank list: the page explains and offers to create one.
    h.get_by_role_and_label(
        eframe::egui::accesskit::Role::Button,
        t(Lang::Zh, "sc_page"),
    )
    .click();
    h.run();
    h.get_by_label(t(Lang::Zh, "sc_page_empty"));
    h.get_by_label(t(Lang::Zh, "sc_new")).click();
    h.run();
    let name = t(Lang::Zh, "sc_new_name");
    assert_eq!(h.state().state.scenario_name(), Some(name));
    h.get_by_label(&format!("情景：{name}"));

    // Edit a land-cover cell while the scenario is shown.
    h.get_by_role_and_label(eframe::egui::accesskit::Role::Button, "土地覆被")
        .click();
    h.run();
    h.get_by_label(&format!("情景：{name}"));
    let new_area = (base_area + 1000.0).round();
    let cell = format!("{COUNTY_ZH} · 阔叶林 ({})", Unit::Hm2.symbol(Lang::Zh));
    h.get_by_label(&cell).click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_label(&cell).type_text(&format!("{new_area}"));
    h.key_press(egui::Key::Enter);
    h.run();
    let st = &h.state().state;
    assert_eq!(
        area(&st.project, year),
        new_area,
        "shown: the scenario's area"
    );
    assert_eq!(
        area(st.stored(), year),
        base_area,
        "the baseline keeps its area"
    );
    let s = st.stored().scenario(name).expect("stored");
    assert_eq!(s.counties[CODE].land_cover[CLASS], Some(new_area));
    assert_eq!(s.override_count(), 1);

    // The comparison shows the county's GEP difference.
    h.get_by_role_and_label(
        eframe::egui::accesskit::Role::Button,
        t(Lang::Zh, "sc_page"),
    )
    .click();
    h.run();
    h.run();
    h.get_by_label(&format!("2022年GEP：基准与情景“{name}”对比"));
    let c = crate::view::scenarios::compare(
        h.state().state.stored(),
        crate::registry::Registry::builtin(),
        &[name.to_string()],
        None,
    )
    .expect("compares");
    let labels = h.state().state.labels();
    let tab = c.table(1, &crate::view::scenarios::Measure::Gep, &labels);
    let i = tab
        .rows
        .iter()
        .position(|r| r.code.as_deref() == Some(CODE))
        .expect("row");
    assert!(tab.rows[i].diff().is_some_and(|d| d > 0.0));
    // The county's row and the region's (and the summary's GEP and regulating rows) show the
    // same difference: one county's land cover changed.
    assert_eq!(h.get_all_by_label(&tab.cells(i)[3]).count(), 4);
    assert_eq!(tab.cells(i)[3], tab.cells(tab.rows.len() - 1)[3]);

    // Undo takes the edit back out of the scenario; back to the baseline.
    h.state_mut().state.undo();
    h.run();
    let st = &h.state().state;
    assert!(st.stored().scenario(name).is_some_and(|s| s.is_empty()));
    h.get_by_label(t(Lang::Zh, "sc_back_to_baseline")).click();
    h.run();
    assert_eq!(h.state().state.scenario_name(), None);
    assert!(h.query_by_label(&format!("情景：{name}")).is_none());
    assert_eq!(area(&h.state().state.project, year), base_area);
}
