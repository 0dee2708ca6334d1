//! UI tests of the new-project wizard and project settings, driven through egui_kittest on the
//! real `GepApp`: from nothing to GEP (抚州市 → 11 counties, years 2021–2022, land cover pasted as
//! a spreadsheet block, water-conservation inputs entered, each county's GEP equal to the formula of
//! docs/methods.md, "Water conservation"), and settings edits as one undo step each.

#![cfg(feature = "gui")]

use eframe::egui;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use gep_calc::app::GepApp;
use gep_calc::app::format;
use gep_calc::app::setup::Mode;
use gep_calc::app::state::Settings;
use gep_calc::engine::PriceBook;
use gep_calc::i18n::Lang;
use gep_calc::model::IndicatorInput;
use gep_calc::registry::Registry;
use gep_calc::units::MoneyUnit;

fn harness() -> Harness<'static, GepApp> {
    Harness::builder()
        .with_size(egui::vec2(1366.0, 768.0))
        .with_context_setup(gep_calc::app::fonts::install)
        .build_ui_state(
            |ui, app: &mut GepApp| app.show(ui),
            GepApp::new(Settings::default()),
        )
}

fn click(h: &mut Harness<'static, GepApp>, role: Role, label: &str) {
    h.get_by_role_and_label(role, label).click();
    h.run();
}

/// Replaces the text of a single-line field and commits it with Enter.
fn type_into(h: &mut Harness<'static, GepApp>, label: &str, text: &str) {
    h.get_by_role_and_label(Role::TextInput, label).click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(Role::TextInput, label)
        .type_text(text);
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
}

/// The Chinese name of the project's first county.
fn p_first_county_name(h: &Harness<'static, GepApp>) -> String {
    h.state().state.project.counties[0].name.zh.clone()
}

/// A number as a spreadsheet copies it: thousands separators, one decimal.
fn thousands(v: f64) -> String {
    let s = format!("{v:.1}");
    let (int, dec) = s.split_once('.').unwrap_or((&s, "0"));
    let mut out = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    format!("{out}.{dec}")
}

fn open_menu_item(h: &mut Harness<'static, GepApp>, item: &str) {
    click(h, Role::Button, "文件");
    click(h, Role::Button, item);
}

/// Land cover of county `i` (hm²): two vegetated classes, different in every county.
fn land_cover(i: usize) -> [(&'static str, f64); 2] {
    let i = i as f64;
    [
        ("broadleaf_forest", 20_000.0 + 1_000.0 * i),
        ("needleleaf_forest", 3_000.0 + 250.0 * i),
    ]
}

#[test]
fn wizard_from_nothing_to_gep_for_the_eleven_counties_of_fuzhou() {
    let mut h = harness();
    h.run();
    open_menu_item(&mut h, "新建");
    h.get_by_label("新建项目");

    type_into(&mut h, "项目名称", "抚州市生态产品总值核算");
    type_into(&mut h, "编制单位", "抚州市生态环境局");
    // The draft starts with the shown year (2022); 2021 is added.
    h.get_by_label("2022 年");
    type_into(&mut h, "年份", "2021");
    click(&mut h, Role::Button, "添加 2021 年（空白）");
    // Counties: search the prefecture by name, add all of them.
    type_into(&mut h, "查找（名称或代码）", "抚州市");
    click(&mut h, Role::Button, "全部添加（11 个）");
    h.get_by_label("项目中有 11 个县区");
    // The region follows the counties picked (typed over, it would stay).
    match &h.state().setup.as_ref().map(|f| &f.mode) {
        Some(Mode::New(draft)) => assert_eq!(draft.meta.region, "江西省抚州市", "{:?}", draft.meta),
        _ => panic!("the wizard is not open on a draft"),
    }
    type_into(&mut h, "查找（名称或代码）", "");
    // A code not in the list is accepted but flagged.
    type_into(&mut h, "代码", "361099");
    h.get_by_label("代码 361099 不在 GB/T 2260 县级区划表中：已按输入保留，请核对");
    type_into(&mut h, "代码", "");

    // Nothing replaced the sample yet.
    assert_eq!(h.state().state.project.counties.len(), 11);
    assert!(h.state().state.project.meta.illustrative);
    click(&mut h, Role::Button, "创建项目");
    assert!(h.query_by_label("新建项目").is_none());

    let state = &h.state().state;
    let p = &state.project;
    assert_eq!(p.meta.name, "抚州市生态产品总值核算");
    assert_eq!(p.meta.region, "江西省抚州市");
    assert_eq!(p.meta.organisation, "抚州市生态环境局");
    assert_eq!(p.meta.framework, "gbt46869");
    assert!(!p.meta.illustrative);
    let years: Vec<i32> = p.periods.iter().map(|x| x.year).collect();
    assert_eq!(years, [2021, 2022]);
    let codes: Vec<&str> = p.counties.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "361002", "361003", "361021", "361022", "361023", "361024", "361025", "361026",
            "361027", "361028", "361030"
        ]
    );
    assert_eq!(p.counties[9].name.zh, "资溪县");
    assert!(p.periods.iter().all(|x| x.counties.is_empty()));
    assert!(state.dirty, "a new project is unsaved work");
    assert_eq!(state.year, 2022);

    // Land cover of 2022 for every county: a block copied from a spreadsheet (two forest
    // columns, eleven rows, thousands separators) pasted at 临川区's 阔叶林 cell.
    click(&mut h, Role::Button, "土地覆被");
    let first = format!(
        "{} · {} (公顷)",
        p_first_county_name(&h),
        Registry::builtin()
            .land_class("broadleaf_forest")
            .unwrap_or_else(|| panic!("broadleaf_forest"))
            .name
            .zh
    );
    h.get_by_label(&first).click();
    h.run();
    let block: String = (0..11)
        .map(|i| {
            let [(_, a), (_, b)] = land_cover(i);
            format!("{}\t{}\r\n", thousands(a), thousands(b))
        })
        .collect();
    h.event(egui::Event::Paste(block));
    h.run();
    h.state_mut().state.pages.paste = None;
    h.run();
    for (i, c) in h.state().state.project.counties.iter().enumerate() {
        let cover = &h
            .state()
            .state
            .project
            .period(2022)
            .unwrap_or_else(|| panic!("2022"))
            .counties[&c.code]
            .land_cover;
        for (id, a) in land_cover(i) {
            assert_eq!(cover.get(id), Some(&a), "{} {id}", c.code);
        }
    }

    // Land areas and the water-conservation inputs of 2022 for every county.
    let (precip, et) = (1_750.0, 820.0);
    h.state_mut().state.edit(|p| {
        let codes: Vec<String> = p.counties.iter().map(|c| c.code.clone()).collect();
        for c in &mut p.counties {
            c.land_area_hm2 = 50_000.0;
        }
        let period = p.period_mut(2022).unwrap_or_else(|| panic!("no 2022"));
        for code in &codes {
            let cp = period.counties.entry(code.clone()).or_default();
            let mut wc = IndicatorInput {
                method: "water_balance".into(),
                ..Default::default()
            };
            wc.values.insert("precip".into(), precip);
            wc.values.insert("et".into(), et);
            cp.indicators.insert("water_conservation".into(), wc);
        }
    });
    h.run();

    // GEP = water conservation = Σ_i (P − α_i·P − ET) × A_i × 10 m³ × reservoir cost.
    let reg = Registry::builtin();
    let project = h.state().state.project.clone();
    let book = PriceBook::new(&project, reg, 2022, 2022);
    let cost = book
        .value("reservoir_cost")
        .unwrap_or_else(|e| panic!("{e:?}"))
        .value;
    let alpha = |id: &str| {
        reg.land_class(id)
            .and_then(|c| c.runoff_coeff)
            .unwrap_or_else(|| panic!("no α for {id}"))
    };
    assert_eq!(alpha("broadleaf_forest"), 0.0465);
    let acc = h
        .state_mut()
        .state
        .accounts()
        .unwrap_or_else(|e| panic!("accounts: {e}"));
    assert_eq!(acc.counties.len(), 11);
    let expected_gep = |i: usize| -> f64 {
        let q: f64 = land_cover(i)
            .iter()
            .map(|(id, a)| (precip - alpha(id) * precip - et) * a * 10.0)
            .sum();
        q * cost
    };
    for (i, c) in acc.counties.iter().enumerate() {
        let expected = expected_gep(i);
        assert!(
            (c.totals.gep - expected).abs() <= 1e-6 * expected,
            "{} GEP {} ≠ {expected}",
            c.code,
            c.totals.gep
        );
    }
    // Linchuan (first county): 20,000 hm² broadleaf and 3,000 hm² needleleaf forest.
    assert!(acc.counties[0].totals.gep > 1.0e9);
    // The overview lists the lowest (临川区) and the highest (广昌县) county with that GEP.
    click(&mut h, Role::Button, "总览");
    for i in [0, 10] {
        h.get_by_label(&format::money(
            expected_gep(i),
            MoneyUnit::WanYuan,
            Lang::Zh,
        ));
    }
}

#[test]
fn settings_edits_are_one_undo_step_each() {
    let mut h = harness();
    h.run();
    let before = h.state().state.project.clone();
    open_menu_item(&mut h, "项目设置…");
    h.get_by_label("项目设置");
    type_into(&mut h, "编制单位", "江西省某研究院");
    assert_eq!(h.state().state.project.meta.organisation, "江西省某研究院");
    // Copy the latest year's data into 2023.
    let latest = before.latest_year().unwrap_or_else(|| panic!("no year"));
    let copy = format!("复制 {latest} 年数据为 {} 年", latest + 1);
    click(&mut h, Role::Button, &copy);
    let p = h.state().state.project.clone();
    assert_eq!(p.latest_year(), Some(latest + 1));
    assert_eq!(
        p.period(latest + 1).map(|x| &x.counties),
        before.period(latest).map(|x| &x.counties)
    );
    // Remove a county from the project (and its data).
    click(&mut h, Role::Button, "移除 临川区");
    assert!(h.state().state.project.county("361002").is_none());
    click(&mut h, Role::Button, "关闭");
    assert!(h.query_by_label("项目设置").is_none());

    // Three changes, three undo steps, back to the project as it was.
    for n in 0..3 {
        assert!(h.state().state.can_undo(), "undo step {n}");
        h.state_mut().state.undo();
    }
    let p = &h.state().state.project;
    assert!(p.county("361002").is_some());
    assert_eq!(p.latest_year(), Some(latest));
    assert_eq!(p.meta.organisation, before.meta.organisation);
    assert_eq!(*p, before);
}

#[test]
fn creating_over_unsaved_work_asks_first_and_cancel_keeps_both() {
    let mut h = harness();
    h.run();
    h.state_mut()
        .state
        .edit(|p| p.meta.notes = "未保存的备注".into());
    h.run();
    assert!(h.state().state.dirty);
    open_menu_item(&mut h, "新建");
    type_into(&mut h, "代码", "361028");
    click(&mut h, Role::Button, "按代码添加");
    click(&mut h, Role::Button, "创建项目");
    // The question comes; cancelling keeps the open project and the wizard's draft.
    h.get_by_label("有未保存的修改");
    // Two 取消 buttons: the wizard's and the question's (the question's first in the tree).
    let cancels: Vec<_> = h.get_all_by_role_and_label(Role::Button, "取消").collect();
    assert_eq!(cancels.len(), 2);
    cancels[0].click();
    h.run();
    assert!(h.query_by_label("有未保存的修改").is_none());
    assert_eq!(h.state().state.project.meta.notes, "未保存的备注");
    h.get_by_label("项目中有 1 个县区");
    // Asked again, "不保存" replaces the project with the draft.
    click(&mut h, Role::Button, "创建项目");
    click(&mut h, Role::Button, "不保存");
    let p = &h.state().state.project;
    assert_eq!(p.counties.len(), 1);
    assert_eq!(p.counties[0].name.zh, "资溪县");
    assert_eq!(p.meta.notes, "");
    assert!(h.query_by_label("新建项目").is_none());
}

/// The report date printed on the report's cover is a project setting (not asked by the
/// wizard, which stays short for 1366×768).
#[test]
fn settings_set_the_report_date() {
    let mut h = harness();
    h.run();
    open_menu_item(&mut h, "项目设置…");
    h.get_by_label("项目设置");
    type_into(&mut h, "报告日期", "2025 年 6 月");
    assert_eq!(h.state().state.project.meta.report_date, "2025 年 6 月");
    h.state_mut().state.undo();
    assert_eq!(h.state().state.project.meta.report_date, "");
}
