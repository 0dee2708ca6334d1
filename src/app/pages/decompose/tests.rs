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

/// The small scenario fixture (one year, 2022) with 1,000 hm² of paddy turned into forest in
/// county 361001.
fn with_reforest() -> Project {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scenario_small.ron");
    let mut p = crate::io::load(&path).expect("fixture loads");
    let mut s = crate::model::Scenario::new("退耕还林", 2022);
    let o = s.counties.entry("361001".into()).or_default();
    o.land_cover.insert("paddy".into(), Some(2_000.0));
    o.land_cover
        .insert("broadleaf_forest".into(), Some(6_000.0));
    p.scenarios.push(s);
    p
}

#[test]
fn baseline_and_scenario_with_one_year() {
    let mut st = AppState::new(with_reforest(), crate::app::state::Settings::default());
    st.settings.lang = Lang::Zh;
    let mut h = harness_with(st);
    h.run();
    // One year: the years need two, the scenario choice is offered.
    h.get_by_label(t(Lang::Zh, "dc_need_two_years"));
    h.get_by_label(t(Lang::Zh, "iv_mode_scenario")).click();
    h.run();
    assert_eq!(h.state().pages.decompose.mode, Mode::Scenario);
    assert_eq!(h.state().pages.decompose.scenario, "退耕还林");
    // 73,304,000 元 of water conservation, all quantity, in county 甲 only.
    h.get_by_label_contains("GEP 由 基准（2022 年）的");
    h.get_by_label_contains("情景“退耕还林”的");
    h.get_by_label_contains("变化 0.7330 亿元（+11.66 %）；其中数量效应 0.7330 亿元");
    let page = &h.state().pages.decompose;
    let Some((_, r)) = &page.cache else {
        panic!("computed")
    };
    let d = r.as_ref().as_ref().expect("decomposes");
    assert_eq!(d.county("361002").expect("B").change(), 0.0);
    // Back to years: the message again.
    h.get_by_label(t(Lang::Zh, "iv_mode_years")).click();
    h.run();
    h.get_by_label(t(Lang::Zh, "dc_need_two_years"));
}
