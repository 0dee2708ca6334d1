//! GEP 变化分解 page: the sample's two years, a county chosen, and a project with one year.

use super::*;
use crate::i18n::Lang;
use crate::model::{Period, Project};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn harness_with(st: AppState) -> Harness<'static, AppState> {
    Harness::builder()
        .with_size(egui::vec2(1366.0, 768.0))
        .with_context_setup(crate::app::fonts::install)
        .build_ui_state(
            |ui, st: &mut AppState| {
                egui::CentralPanel::default().show(ui, |ui| super::ui(ui, st));
            },
            st,
        )
}

#[test]
fn sample_region_2021_to_2022_in_both_languages() {
    let mut h = crate::app::pages::test_harness(Lang::Zh, super::ui);
    h.run();
    // GEP 2021 283,789,460,… 元 and 2022 289,900,949,950.48 元, in 亿元 with four decimals.
    h.get_by_label_contains("GEP 由 2021 年的 2,837.8946 亿元变为 2022 年的 2,899.0095 亿元");
    // The indicator table and the county table.
    assert_eq!(h.get_all_by_label("数量效应（亿元）").count(), 2);
    h.get_by_label("按县分解");
    h.get_by_label("合计（GEP）");
    h.get_by_label_contains("Dietzenbacher");
    let page = &h.state().pages.decompose;
    assert_eq!((page.from, page.to), (2021, 2022));
    let mut h = crate::app::pages::test_harness(Lang::En, super::ui);
    h.run();
    assert_eq!(h.get_all_by_label("Quantity effect (10⁸ CNY)").count(), 2);
}

#[test]
fn a_county_shows_its_own_change_and_no_county_table() {
    let mut h = crate::app::pages::test_harness(Lang::Zh, super::ui);
    h.run();
    h.state_mut().pages.decompose.county = "361002".into();
    h.run();
    h.get_by_label_contains("临川区 GEP 由 2021 年的 413.2512 亿元");
    assert!(h.query_by_label("按县分解").is_none());
}

#[test]
fn one_year_says_two_are_needed() {
    let mut p = Project::empty("新项目");
    p.periods.push(Period {
        year: 2022,
        counties: Default::default(),
    });
    for lang in [Lang::Zh, Lang::En] {
        let mut st = AppState::new(p.clone(), crate::app::state::Settings::default());
        st.settings.lang = lang;
        let mut h = harness_with(st);
        h.run();
        h.get_by_label(t(lang, "dc_need_two_years"));
        h.get_by_label(t(lang, "dc_open_settings")).click();
        h.run();
        assert!(h.state().open_settings);
    }
}
