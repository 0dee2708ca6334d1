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

/// Clicks the cell named `label`, types `text` and presses Enter.
fn type_cell(h: &mut Harness<'static, AppState>, label: &str, text: &str) {
    h.get_by_label(label).click();
    h.run();
    h.get_by_label(label).type_text(text);
    h.key_press(egui::Key::Enter);
    h.run();
}

#[test]
fn fiscal_revenue_is_entered_on_the_page_and_the_revenue_warning_follows() {
    let mut h = harness(Lang::Zh);
    h.run();
    h.get_by_label(Outcome::method_name(Method::Spillover, Lang::Zh))
        .click();
    h.run();
    assert!(h.query_by_label_contains("占其一般公共预算收入").is_none());
    // 临川区 pays: 100,000 万元 of revenue is far below what it pays.
    type_cell(&mut h, "临川区 · 一般公共预算收入（万元）", "100000");
    assert_eq!(
        h.state()
            .project
            .compensation
            .fiscal_revenue_yuan
            .get("361002"),
        Some(&1.0e9)
    );
    h.run();
    h.get_by_label_contains("占其一般公共预算收入（100,000.00 万元）");
    // One undo step takes it back.
    h.state_mut().undo();
    h.run();
    assert!(
        h.state()
            .project
            .compensation
            .fiscal_revenue_yuan
            .is_empty()
    );
    assert_eq!(h.state().project.compensation.method, Method::Spillover);
}

#[test]
fn r_from_engel_coefficients_is_chosen_and_entered_on_the_page() {
    use crate::model::compensation::StageSource;
    let mut h = harness(Lang::Zh);
    h.run();
    h.get_by_label(Outcome::method_name(Method::Spillover, Lang::Zh))
        .click();
    h.run();
    h.get_by_label(t(Lang::Zh, "cmpx_stage_engel")).click();
    h.run();
    assert_eq!(
        h.state().project.compensation.stage,
        StageSource::EngelPearl
    );
    // No coefficients yet: the page names the first county and the field, and offers the
    // three columns.
    h.get_by_label_contains("缺少城镇居民恩格尔系数");
    type_cell(&mut h, "资溪县 · 城镇恩格尔系数（%）", "30");
    type_cell(&mut h, "资溪县 · 城镇化率（%）", "60");
    let e = h.state().project.compensation.engel.get("361028").copied();
    assert_eq!(e.and_then(|e| e.urban), Some(0.3));
    assert_eq!(e.and_then(|e| e.urbanisation), Some(0.6));
    assert_eq!(e.and_then(|e| e.rural), None);
}

#[test]
fn opportunity_cost_runs_from_incomes_entered_on_the_page() {
    let mut h = harness(Lang::Zh);
    h.run();
    h.get_by_label(Outcome::method_name(Method::OpportunityCost, Lang::Zh))
        .click();
    h.run();
    h.get_by_label_contains("请为至少一个县填写城乡居民收入与人口");
    h.state_mut().edit_compensation(|s| {
        s.opportunity.reference_urban_income = 40_000.0;
        s.opportunity.reference_rural_income = 15_000.0;
    });
    h.run();
    for (col, v) in [
        ("城镇人均可支配收入（元）", "30000"),
        ("城镇人口（人）", "1000"),
        ("农村人均可支配收入（元）", "18000"),
        ("农村人口（人）", "2000"),
    ] {
        type_cell(&mut h, &format!("资溪县 · {col}"), v);
    }
    let Ok(o) = h.state_mut().compensation() else {
        panic!("runs")
    };
    let zixi = o.rows.iter().find(|r| r.code == "361028");
    assert_eq!(zixi.and_then(|r| r.amount_yuan), Some(1.0e7));
    h.run();
    h.get_by_label_contains("资溪县应获得补偿 1,000.00 万元（机会成本）");
}

#[test]
fn at_1366_by_768_the_result_is_in_view_without_scrolling() {
    use egui::accesskit::Role;
    let mut h = egui_kittest::Harness::builder()
        .with_size(egui::vec2(1366.0, 768.0))
        .with_context_setup(crate::app::fonts::install)
        .build_ui_state(
            |ui, app: &mut crate::app::GepApp| app.show(ui),
            crate::app::GepApp::new(crate::app::state::Settings::default()),
        );
    h.get_by_role_and_label(Role::Button, "补偿").click();
    h.run();
    let totals = h.get_by_label_contains("合计获得").rect();
    assert!(totals.max.y <= 768.0, "{totals:?}");
    // The table's rows too, down to the last county of the sample.
    for name in ["临川区", "广昌县"] {
        let r = h
            .query_all_by_label(name)
            .map(|n| n.rect())
            .find(|r| r.min.x > 400.0)
            .unwrap_or_else(|| panic!("{name} is not in the table"));
        assert!(r.max.y <= 768.0, "{name} {r:?}");
    }
}

#[test]
fn standard_range_from_the_page_with_its_rule_and_beneficiaries() {
    let mut h = harness(Lang::Zh);
    h.run();
    h.get_by_label(Outcome::method_name(Method::StandardRange, Lang::Zh))
        .click();
    h.run();
    // Non-market GEP as the upper bound (the sample's periods need no ESV increment here).
    h.get_by_label(t(Lang::Zh, "std_upper_non_market")).click();
    h.run();
    h.get_by_label(t(Lang::Zh, "std_rule_midpoint")).click();
    h.run();
    let s = &h.state().project.compensation.range;
    assert_eq!(
        (s.upper, s.rule),
        (
            crate::model::compensation::UpperBound::NonMarket,
            crate::model::compensation::RangeRule::Midpoint
        )
    );
    h.state_mut().edit_compensation(|s| {
        s.opportunity.reference_urban_income = 40_000.0;
        s.opportunity.reference_rural_income = 15_000.0;
    });
    h.run();
    for (col, v) in [
        ("城镇人均可支配收入（元）", "30000"),
        ("城镇人口（人）", "1000"),
        ("农村人均可支配收入（元）", "15000"),
        ("农村人口（人）", "2000"),
    ] {
        type_cell(&mut h, &format!("资溪县 · {col}"), v);
    }
    // A beneficiary and an other annual cost, added with the page's buttons.
    h.get_by_label(t(Lang::Zh, "std_add_cost")).click();
    h.run();
    h.get_by_label(t(Lang::Zh, "std_add_beneficiary")).click();
    h.run();
    let o = &h.state().project.compensation.opportunity;
    assert_eq!((o.other_costs.len(), o.beneficiaries.len()), (1, 1));
    // A beneficiary without value (of the first county, which the other cost brings into the
    // scheme): the page names the county and the fix.
    let first = h.state().project.counties[0].name.zh.clone();
    h.get_by_label_contains(&format!("{first}（"));
    h.get_by_label_contains("的受益方：各方所获价值应不小于 0 且合计大于 0");
    h.state_mut().edit_compensation(|s| {
        s.opportunity.other_costs[0].county = "361028".into();
        s.opportunity.beneficiaries[0].county = "361028".into();
    });
    h.run();
    let row = format!("{} 1 · ", t(Lang::Zh, "std_beneficiaries"));
    // The cell shows 0.00: select it all, then type.
    let value = format!("{row}{}", t(Lang::Zh, "std_benef_value"));
    h.get_by_label(&value).click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_label(&value).type_text("100");
    h.key_press(egui::Key::Enter);
    h.run();
    type_cell(
        &mut h,
        &format!("{row}{}", t(Lang::Zh, "std_benef_name")),
        "下游县城",
    );
    let b = &h.state().project.compensation.opportunity.beneficiaries[0];
    assert_eq!((b.value_yuan, b.name.as_str()), (1.0e6, "下游县城"));
    let Ok(out) = h.state_mut().compensation() else {
        panic!("runs")
    };
    let i = out
        .rows
        .iter()
        .position(|r| r.code == "361028")
        .unwrap_or(0);
    let crate::engine::compensation::scenario::Detail::StandardRange(d) = &out.detail else {
        panic!("standard range")
    };
    let r = d.rows[i].range.unwrap_or_else(|| panic!("range"));
    // Lower bound 1 000 万元; midpoint of [1 000 万元, non-market GEP].
    assert_eq!(r.lower_yuan, 1.0e7);
    assert_eq!(
        out.rows[i].amount_yuan,
        Some(1.0e7 + 0.5 * (d.rows[i].upper_yuan - 1.0e7))
    );
    h.run();
    h.get_by_label_contains("资溪县补偿标准区间：下限（机会成本）1,000.00 万元");
    h.get_by_label_contains("下游县城（所获价值 100.00 万元，占 100.00%）");
    // The table shows the bounds and the net benefit beside the amount.
    for key in ["std_wb_lower", "std_wb_upper", "std_wb_net_benefit"] {
        h.get_by_label(&format!("{}\n万元", t(Lang::Zh, key)));
    }
}
