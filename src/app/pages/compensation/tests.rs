//! Compensation page tests: every method renders, the Jiangxi preset, the charts, undo.

use super::*;
use crate::i18n::Lang;
use crate::view::chart::PanelKind;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn harness(lang: Lang) -> Harness<'static, AppState> {
    crate::app::pages::test_harness(lang, super::ui)
}

#[test]
fn every_method_renders_in_both_languages() {
    for lang in [Lang::Zh, Lang::En] {
        let mut h = harness(lang);
        h.run();
        for m in Method::ALL {
            // The selector comes first; the name also shows in the parameters.
            match h.get_all_by_label(Outcome::method_name(m, lang)).next() {
                Some(n) => n.click(),
                None => panic!("no selector for {m:?}"),
            }
            h.run();
            assert_eq!(h.state().project.compensation.method, m);
        }
    }
}

#[test]
fn jiangxi_preset_asks_for_scores_then_allocates() {
    let mut h = harness(Lang::Zh);
    h.run();
    h.get_by_label(t(Lang::Zh, "comp_preset_jiangxi")).click();
    h.run();
    let s = &h.state().project.compensation;
    assert_eq!(s.user_columns.len(), 3);
    assert_eq!(s.factors[0].id, "user:水环境质量得分");
    // No scores yet: the page names the columns to fill (not an error) and offers the table.
    h.get_by_label_contains("「水环境质量得分」、「森林生态质量得分」、「水资源管理得分」");
    assert!(h.query_by_label_contains("无法计算").is_none());
    let cell = "资溪县 · 水环境质量得分";
    h.get_by_label(cell).click();
    h.run();
    h.get_by_label(cell).type_text("95");
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(
        h.state().project.compensation.user_columns[0]
            .values
            .get("361028"),
        Some(&95.0)
    );
}

#[test]
fn amount_chart_diverges_and_ranking_follows_ecps() {
    let mut st = AppState::with_sample(crate::app::state::Settings::default());
    st.edit_compensation(|s| s.method = Method::Spillover);
    let Ok(o) = st.compensation() else {
        panic!("sample spillover runs")
    };
    let Some(c) = amount_chart(&o, Lang::Zh, crate::units::MoneyUnit::WanYuan) else {
        panic!("amounts")
    };
    let PanelKind::Bars(b) = &c.panels[0].kind else {
        panic!("bars")
    };
    assert_eq!(b.categories.len(), 11);
    // Largest receiver first; every county in exactly one of the two series.
    let first = o.rows.iter().max_by(|a, b| {
        a.amount_yuan
            .unwrap_or(0.0)
            .total_cmp(&b.amount_yuan.unwrap_or(0.0))
    });
    assert_eq!(b.categories[0], first.map_or("", |r| r.name_zh.as_str()));
    for i in 0..11 {
        assert!(b.series[0].values[i].is_some() ^ b.series[1].values[i].is_some());
    }
    let (lo, hi) = b.value_range();
    assert!(lo < 0.0 && hi > 0.0);
    let Some(r) = ranking_chart(&o, Lang::En) else {
        panic!("ecps")
    };
    let PanelKind::Bars(rb) = &r.panels[0].kind else {
        panic!("bars")
    };
    // 乐安县 has the highest ECPS of the sample in 2022.
    let top = o
        .rows
        .iter()
        .max_by(|a, b| a.ecps.unwrap_or(0.0).total_cmp(&b.ecps.unwrap_or(0.0)));
    assert_eq!(rb.categories[0], top.map_or("", |r| r.name_en.as_str()));
}

#[test]
fn scenario_edits_undo_without_recomputing_accounts() {
    let mut st = AppState::with_sample(crate::app::state::Settings::default());
    let Ok(a) = st.accounts() else {
        panic!("accounts")
    };
    st.edit_compensation(|s| s.fund_yuan = 2.0e8);
    let Ok(b) = st.accounts() else {
        panic!("accounts")
    };
    assert!(std::sync::Arc::ptr_eq(&a, &b), "accounts were recomputed");
    let Ok(o) = st.compensation() else {
        panic!("runs")
    };
    assert!((o.total_received() - 2.0e8).abs() < 1e-3);
    st.undo();
    assert_eq!(st.project.compensation.fund_yuan, 1.0e8);
    let Ok(o) = st.compensation() else {
        panic!("runs")
    };
    assert!((o.total_received() - 1.0e8).abs() < 1e-3);
}
