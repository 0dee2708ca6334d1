//! Tests of the prices page.

use super::params::unit_choices;
use super::*;
use crate::engine::PriceBook;
use crate::units::Unit;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn harness(lang: Lang) -> Harness<'static, AppState> {
    crate::app::pages::test_harness(lang, super::ui)
}

fn tab(h: &mut Harness<'static, AppState>, tab: u8) {
    h.state_mut().pages.prices.tab = tab;
    h.run();
}

fn filter(h: &mut Harness<'static, AppState>, text: &str) {
    h.state_mut().pages.prices.filter = text.to_string();
    h.run();
}

#[test]
fn both_tabs_render_in_both_languages() {
    for lang in [Lang::Zh, Lang::En] {
        let mut h = harness(lang);
        h.run();
        tab(&mut h, 1);
        tab(&mut h, 0);
    }
}

#[test]
fn carbon_price_override_per_t_c_is_converted_and_reset_restores() {
    let mut h = harness(Lang::En);
    h.run();
    filter(&mut h, "carbon_price");
    let before = h.state().project.clone();
    let cell = "Carbon price · Project value (CNY/t CO₂)";
    h.get_by_label(cell).click();
    h.run();
    h.get_by_label(cell).type_text("1200");
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    let o = h
        .state()
        .project
        .price_overrides
        .get("carbon_price")
        .cloned();
    assert_eq!(
        o.as_ref().map(|o| (o.value, o.unit, o.tag)),
        Some((1200.0, None, Tag::U))
    );
    // Enter it per t C instead: the engine uses 1200 × 12/44 per t CO₂.
    h.get_by_label("Carbon price · Unit").click();
    h.run();
    h.get_by_role_and_label(Role::Button, "CNY/t C").click();
    h.run();
    let year = h.state().year;
    let st = h.state();
    let book = PriceBook::new(&st.project, st.registry(), year, year);
    let v = book.value("carbon_price").map(|v| v.value).unwrap_or(0.0);
    assert!((v - 1200.0 * 12.0 / 44.0).abs() < 1e-9, "{v}");
    // Reset removes the override (two edits: value, unit; reset is a third).
    h.get_by_label("Carbon price · Reset to default (remove the project value; undoable)")
        .click();
    h.run();
    assert_eq!(h.state().project, before);
    h.state_mut().undo();
    assert!(
        h.state()
            .project
            .price_overrides
            .contains_key("carbon_price")
    );
}

#[test]
fn registry_series_is_copied_then_pasted_years_are_one_undo_step() {
    let mut h = harness(Lang::Zh);
    h.run();
    tab(&mut h, 1);
    h.get_by_label("复制到项目以编辑").click();
    h.run();
    assert_eq!(h.state().project.price_indices.len(), 1);
    let before = h.state().project.clone();
    h.get_by_role_and_label(Role::TextInput, "年份").click();
    h.run();
    h.event(egui::Event::Paste("2025\t712.3\n2026\tabc\n".into()));
    h.run();
    let s = &h.state().project.price_indices[0];
    assert_eq!(s.values.get(&2025), Some(&712.3));
    assert!(!s.values.contains_key(&2026));
    assert!(h.state().notice.as_ref().is_some_and(|n| n.error));
    h.state_mut().undo();
    assert_eq!(h.state().project, before);
}

#[test]
fn pollutant_pricing_and_base_year_are_undoable_edits() {
    let mut h = harness(Lang::Zh);
    h.run();
    h.get_by_label("环保税额 ÷ 污染当量值").click();
    h.run();
    assert_eq!(
        h.state().project.meta.pollutant_pricing,
        PollutantPricing::EnvTax
    );
    h.get_by_label("按不变价核算").click();
    h.run();
    let year = h.state().year;
    assert_eq!(h.state().project.meta.base_year, Some(year));
    h.state_mut().undo();
    h.state_mut().undo();
    assert_eq!(
        h.state().project.meta.pollutant_pricing,
        PollutantPricing::TreatmentCost
    );
    assert_eq!(h.state().project.meta.base_year, None);
}

#[test]
fn every_parameter_used_by_an_indicator_exists() {
    let reg = Registry::builtin();
    for (p, u) in uses(reg) {
        assert!(
            reg.param(&p).is_some(),
            "{p} used by {:?}",
            u.first().map(|u| &u.indicator)
        );
    }
    assert!(unit_choices(Unit::YuanPerTCo2).contains(&Unit::YuanPerTC));
    assert_eq!(unit_choices(Unit::YuanPerM3), vec![Unit::YuanPerM3]);
}
