//! 不确定性 page: a run in the background, cancel, a blank project, and the distribution editor.

use crate::app::pages::test_harness;
use crate::i18n::{Lang, t};
use egui_kittest::kittest::Queryable;

/// Steps the harness until no run is going on (at most ~60 s).
fn settle(h: &mut egui_kittest::Harness<'static, crate::app::state::AppState>) {
    for _ in 0..600 {
        h.run();
        if h.state().pages.uncertainty.job.is_none() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    panic!("the run did not finish");
}

#[test]
fn runs_in_the_background_shows_intervals_and_cancel_keeps_the_result() {
    let mut h = test_harness(Lang::Zh, super::ui);
    h.state_mut().project.uncertainty.draws = 200;
    h.state_mut().project.uncertainty.seed = 11;
    h.run();
    h.get_by_label(t(Lang::Zh, "mc_none_yet"));
    h.get_by_label(t(Lang::Zh, "mc_run")).click();
    h.run();
    // The click only starts the thread: the frame returns with the job running.
    settle(&mut h);
    let (rev, res) = h
        .state()
        .pages
        .uncertainty
        .result
        .clone()
        .expect("a result");
    assert_eq!(res.draws, 200);
    // The same run outside the app gives the same figures (same seed).
    let direct = crate::engine::uncertainty::run(
        &h.state().project,
        crate::registry::Registry::builtin(),
        &crate::engine::Options::year(2022),
        &crate::engine::uncertainty::McOptions {
            draws: 200,
            seed: 11,
            threads: 1,
            compensation: true,
        },
        None,
    )
    .expect("runs");
    assert_eq!(res.region, direct.region);
    h.get_by_label(t(Lang::Zh, "mc_region_table"));
    h.get_by_label(&crate::view::uncertainty::region_row(&res, Lang::Zh)[2]);
    // A long run cancelled at once keeps the previous result.
    h.state_mut().project.uncertainty.draws = 1_000_000;
    h.run();
    h.get_by_label(t(Lang::Zh, "mc_run")).click();
    h.run();
    h.get_by_label(t(Lang::Zh, "mc_cancel")).click();
    settle(&mut h);
    let kept = h.state().pages.uncertainty.result.clone().expect("kept");
    assert_eq!(kept.0, rev);
    assert!(std::sync::Arc::ptr_eq(&kept.1, &res));
    assert!(h.state().pages.uncertainty.error.is_none());
}

#[test]
fn a_blank_project_says_what_is_needed() {
    let mut h = test_harness(Lang::Zh, super::ui);
    h.state_mut().project = crate::model::Project::empty("blank");
    h.run();
    h.get_by_label(t(Lang::Zh, "mc_blank"));
    assert!(h.query_by_label(t(Lang::Zh, "mc_run")).is_none());
}

/// A Monte Carlo result of the state's project, year and framework (100 draws, seed 3), stored
/// as the page's last result for the current revision.
fn give_result(
    st: &mut crate::app::state::AppState,
) -> std::sync::Arc<crate::engine::uncertainty::McResult> {
    let options = crate::engine::Options {
        year: st.year,
        framework: Some(st.framework.clone()),
        price_year: None,
        traces: false,
    };
    let mc = crate::engine::uncertainty::McOptions {
        draws: 100,
        seed: 3,
        threads: 1,
        compensation: false,
    };
    let res = crate::engine::uncertainty::run(
        &st.project,
        crate::registry::Registry::builtin(),
        &options,
        &mc,
        None,
    )
    .expect("runs");
    let res = std::sync::Arc::new(res);
    st.pages.uncertainty.result = Some((st.revision, res.clone()));
    res
}

#[test]
fn results_show_gep_intervals_only_while_the_run_is_current() {
    use crate::view::uncertainty as vu;
    let mut h = test_harness(Lang::Zh, crate::app::pages::results::ui);
    h.run();
    // No run yet: no column, the line saying how to get one, and its button.
    assert!(h.query_by_label_contains("5%–95% 区间\n").is_none());
    h.get_by_label(t(Lang::Zh, "iv_none"));
    let res = give_result(h.state_mut());
    h.run();
    let unit = h.state().settings.money_unit;
    h.get_by_label(&vu::range_header(Lang::Zh, unit));
    h.get_by_label(&vu::range_note(&res, Lang::Zh, unit));
    assert!(vu::range_note(&res, Lang::Zh, unit).contains("100 次抽样，随机种子 3"));
    // The first county's interval and the region's, in the table's unit.
    let first = &res.counties[0];
    assert!(
        first.bands.gep.p5 < first.bands.gep.point && first.bands.gep.point < first.bands.gep.p95
    );
    h.get_by_label(&vu::range_text(&first.bands.gep, unit));
    h.get_by_label(&vu::range_text(&res.region.gep, unit));
    // Copying the table carries the interval as two more columns (5 %, 95 %).
    h.get_by_label(t(Lang::Zh, "tbl_copy_table")).click();
    h.run();
    let n = h.state_mut().accounts().expect("computes").counties[0]
        .indicators
        .len();
    let cols = (2 + 2 + 3 + n).to_string();
    let rows = (res.counties.len() + 1).to_string();
    let notice = h.state().notice.clone().expect("notice").text;
    assert_eq!(
        notice,
        crate::i18n::tf(Lang::Zh, "tbl_copied", &[("rows", &rows), ("cols", &cols)])
    );
    // An edit of the project makes the result stale: no column, the stale line.
    h.state_mut().edit(|p| p.uncertainty.seed = 4);
    h.run();
    assert!(
        h.query_by_label(&vu::range_header(Lang::Zh, unit))
            .is_none()
    );
    h.get_by_label(t(Lang::Zh, "iv_stale"));
    h.get_by_label(t(Lang::Zh, "iv_go")).click();
    h.run();
    assert_eq!(h.state().page, crate::app::nav::Page::Uncertainty);
}

#[test]
fn the_gep_chart_gets_error_bars_while_the_run_is_current() {
    let mut h = test_harness(Lang::Zh, crate::app::pages::charts::ui);
    crate::app::pages::charts::select(h.state_mut(), crate::view::chart::build::Kind::Stacked);
    h.run();
    h.get_by_label(t(Lang::Zh, "iv_none"));
    give_result(h.state_mut());
    h.run();
    h.get_by_label_contains("误差线：GEP 的 5%–95% 区间（100 次抽样，随机种子 3）");
    assert!(h.query_by_label(t(Lang::Zh, "iv_none")).is_none());
    // Another year shown: the run is for 2022 only.
    h.state_mut().year = 2021;
    h.run();
    h.get_by_label(t(Lang::Zh, "iv_stale"));
}

/// The first parameter the editor lists on the sample, its id and Chinese name.
fn first_param(
    h: &egui_kittest::Harness<'static, crate::app::state::AppState>,
) -> (String, String) {
    let st = h.state();
    let options = crate::engine::Options {
        year: st.year,
        framework: Some(st.framework.clone()),
        price_year: None,
        traces: false,
    };
    let rows = crate::view::uncertainty_edit::param_rows(&st.project, st.registry(), &options);
    let r = rows.first().expect("a parameter");
    (r.id.clone(), r.name.zh.clone())
}

#[test]
fn a_parameters_own_distribution_lands_in_the_project_and_is_undone() {
    use crate::model::uncertainty::{Dist, Spread};
    let mut h = test_harness(Lang::Zh, super::ui);
    h.run();
    let (id, name) = first_param(&h);
    assert!(h.state().project.uncertainty.params.is_empty());
    // Every listed parameter has its 设置分布 button; the first row's opens the form.
    h.get_all_by_label(t(Lang::Zh, "iv_set"))
        .next()
        .expect("button")
        .click();
    h.run();
    h.get_by_label(&format!("“{name}”的分布"));
    // Triangular (as the tag default), typed: maximum 1.1 → 1.5.
    h.get_all_by_label("最大值").next().expect("field").click();
    h.run();
    h.key_press_modifiers(eframe::egui::Modifiers::COMMAND, eframe::egui::Key::A);
    h.get_all_by_label("最大值")
        .next()
        .expect("field")
        .type_text("1.5");
    h.run();
    h.get_by_label(t(Lang::Zh, "iv_apply")).click();
    h.run();
    let params = &h.state().project.uncertainty.params;
    assert_eq!(params.len(), 1);
    assert_eq!(params[0].param, id);
    let Spread { dist, relative } = params[0].spread;
    assert!(relative);
    match dist {
        Dist::Triangular { mode, max, .. } => assert_eq!((mode, max), (1.0, 1.5)),
        other => panic!("{other:?}"),
    }
    // The table says so; 恢复默认 appears for it.
    h.get_by_label(t(Lang::Zh, "mc_origin_project"));
    // One undo step takes it back out.
    h.state_mut().undo();
    h.run();
    assert!(h.state().project.uncertainty.params.is_empty());
    h.state_mut().redo();
    h.run();
    assert_eq!(h.state().project.uncertainty.params.len(), 1);
    // 恢复默认 removes it (one step, undone in one).
    h.get_by_label(t(Lang::Zh, "iv_reset")).click();
    h.run();
    assert!(h.state().project.uncertainty.params.is_empty());
    h.state_mut().undo();
    assert_eq!(h.state().project.uncertainty.params.len(), 1);
}

#[test]
fn a_bad_value_shows_the_message_and_is_not_saved() {
    use crate::view::uncertainty_edit::{Draft, Kind};
    let mut h = test_harness(Lang::Zh, super::ui);
    h.run();
    let (id, name) = first_param(&h);
    let before = h.state().project.clone();
    // Uniform with the minimum above the maximum: check's message names the parameter.
    h.state_mut().pages.uncertainty.editor.param = Some((
        id.clone(),
        Draft {
            kind: Kind::Uniform,
            relative: true,
            texts: vec!["1.2".into(), "0.8".into()],
        },
    ));
    h.run();
    h.get_by_label(&format!(
        "{name}：均匀分布的最小值 1.2 大于最大值 0.8：请使最小值 ≤ 最大值。"
    ));
    h.get_by_label(t(Lang::Zh, "iv_apply")).click();
    h.run();
    assert_eq!(h.state().project, before);
    // Not a number: the field and what to type.
    h.state_mut().pages.uncertainty.editor.param = Some((
        id,
        Draft {
            kind: Kind::Normal,
            relative: true,
            texts: vec!["1".into(), "abc".into()],
        },
    ));
    h.run();
    h.get_by_label(&format!(
        "{name}：标准差“abc”不是数字：请填写数字，如 0.9。"
    ));
    h.get_by_label(t(Lang::Zh, "iv_apply")).click();
    h.run();
    assert_eq!(h.state().project, before);
    assert!(h.state().pages.uncertainty.editor.param.is_some());
}

#[test]
fn an_input_spread_from_a_blank_project() {
    use crate::view::uncertainty_edit::{Draft, Kind};
    let mut h = test_harness(Lang::Zh, super::ui);
    h.state_mut().project = crate::model::Project::empty("blank");
    h.run();
    h.get_by_label(t(Lang::Zh, "mc_blank"));
    // The blank project lists the registry's parameters.
    assert!(h.get_all_by_label(t(Lang::Zh, "iv_set")).count() > 10);
    // Absolute for every county is refused with the fix; relative is added.
    let f = &mut h.state_mut().pages.uncertainty.editor.input;
    f.draft = Draft {
        kind: Kind::Uniform,
        relative: false,
        texts: vec!["900".into(), "1100".into()],
    };
    h.run();
    h.get_by_label_contains("对所有县设置的输入分布须为相对值");
    h.get_by_label(t(Lang::Zh, "iv_add")).click();
    h.run();
    assert!(h.state().project.uncertainty.inputs.is_empty());
    h.state_mut().pages.uncertainty.editor.input.draft.relative = true;
    h.state_mut().pages.uncertainty.editor.input.draft.texts = vec!["0.9".into(), "1.1".into()];
    h.run();
    h.get_by_label(t(Lang::Zh, "iv_add")).click();
    h.run();
    let inputs = h.state().project.uncertainty.inputs.clone();
    assert_eq!(inputs.len(), 1);
    let form = &h.state().pages.uncertainty.editor.input;
    assert_eq!(
        (&inputs[0].indicator, &inputs[0].input),
        (&form.indicator, &form.input)
    );
    assert!(inputs[0].county.is_empty() && inputs[0].spread.relative);
    h.get_by_label_contains("全部县：均匀 [0.9, 1.1]");
    h.state_mut().undo();
    h.run();
    assert!(h.state().project.uncertainty.inputs.is_empty());
}

#[test]
fn the_editor_in_english() {
    use crate::view::uncertainty_edit::{Draft, Kind};
    let mut h = test_harness(Lang::En, super::ui);
    h.run();
    h.get_by_label("Distributions");
    h.get_by_label("Distributions of indicator inputs");
    assert!(h.get_all_by_label("Set").count() > 10);
    let id = first_param(&h).0;
    h.state_mut().pages.uncertainty.editor.param = Some((
        id,
        Draft {
            kind: Kind::Lognormal,
            relative: true,
            texts: vec!["1".into(), "0.5".into()],
        },
    ));
    h.run();
    h.get_by_label_contains("geometric standard deviation 0.5");
    assert_eq!(h.get_all_by_label("Relative (× point value)").count(), 2);
}
