//! Tests of the services page: the edits and the page driven through kittest.

use super::ctx::*;
use super::edits::*;
use super::products::{LineCol, OutCol, set_line_cell, set_output_cell};
use super::*;
use crate::i18n::Lang;
use crate::model::{OutputBasis, Project};
use crate::registry::IndicatorSpec;
use crate::units::{MoneyUnit, Unit};

fn sample() -> (Project, i32, String) {
    let p = crate::sample::builtin().unwrap_or_else(|e| panic!("{e}"));
    let year = p.latest_year().unwrap_or(2021);
    let code = p.counties[0].code.clone();
    (p, year, code)
}

fn spec(id: &str) -> IndicatorSpec {
    crate::registry::Registry::builtin()
        .indicator(id)
        .cloned()
        .unwrap_or_else(|| panic!("{id}"))
}

#[test]
fn products_and_output_value_are_never_both_entered() {
    let (mut p, year, code) = sample();
    clear_indicator(&mut p, year, &code, "agriculture");
    assert!(set_output_cell(
        &mut p,
        year,
        &code,
        "agriculture",
        "direct",
        MoneyUnit::WanYuan,
        OutCol::Value,
        "12.5"
    ));
    let ov = p.period(year).and_then(|x| {
        x.counties[&code].indicators["agriculture"]
            .output_value
            .clone()
    });
    assert_eq!(
        ov.map(|o| (o.value_yuan, o.basis)),
        Some((125_000.0, OutputBasis::Gross))
    );
    // A product line cannot be added next to the output value.
    assert!(!set_line_cell(
        &mut p,
        year,
        &code,
        "agriculture",
        "direct",
        0,
        LineCol::Name,
        "稻谷"
    ));
    assert!(set_output_cell(
        &mut p,
        year,
        &code,
        "agriculture",
        "direct",
        MoneyUnit::WanYuan,
        OutCol::Basis,
        "净产值"
    ));
    assert!(!set_output_cell(
        &mut p,
        year,
        &code,
        "agriculture",
        "direct",
        MoneyUnit::WanYuan,
        OutCol::PriceYear,
        "2020.5"
    ));
    clear_indicator(&mut p, year, &code, "agriculture");
    // Pasting a spreadsheet row builds a line; unit by symbol.
    for (c, text) in [
        (LineCol::Name, "稻谷"),
        (LineCol::Quantity, "1,200"),
        (LineCol::Unit, "吨"),
        (LineCol::Price, "2700"),
        (LineCol::PriceYear, "2020"),
    ] {
        assert!(
            set_line_cell(&mut p, year, &code, "agriculture", "direct", 1, c, text),
            "{c:?}"
        );
    }
    let e = p
        .period(year)
        .map(|x| x.counties[&code].indicators["agriculture"].clone());
    let lines = e.map(|e| e.products).unwrap_or_default();
    assert_eq!(lines.len(), 2);
    assert_eq!(
        (
            lines[1].quantity,
            lines[1].unit,
            lines[1].price,
            lines[1].price_year
        ),
        (1200.0, Unit::T, 2700.0, Some(2020))
    );
    assert!(!set_line_cell(
        &mut p,
        year,
        &code,
        "agriculture",
        "direct",
        1,
        LineCol::Quantity,
        "-3"
    ));
}

// ---- The page itself, driven through egui_kittest (accessibility check on, no tofu). ----

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn harness(lang: Lang) -> Harness<'static, AppState> {
    crate::app::pages::test_harness(lang, super::ui)
}

fn select(h: &mut Harness<'static, AppState>, id: &str) {
    h.state_mut().pages.services.selected = id.to_string();
    h.run();
}

#[test]
fn every_indicator_form_renders_in_both_languages() {
    for lang in [Lang::Zh, Lang::En] {
        let mut h = harness(lang);
        h.run();
        let ids: Vec<String> = crate::registry::Registry::builtin()
            .indicators
            .iter()
            .map(|s| s.id.clone())
            .chain([IMPORTED.to_string()])
            .collect();
        for id in ids {
            select(&mut h, &id);
        }
    }
}

#[test]
fn typing_a_value_is_one_undo_step_and_updates_the_value_column() {
    let mut h = harness(Lang::Zh);
    select(&mut h, "water_conservation");
    let year = h.state().year;
    let code = h.state().project.counties[0].code.clone();
    let name = h.state().project.counties[0].name.zh.clone();
    let before = h.state().project.clone();
    let cell = format!("{name} · 年降水量 (mm)");
    h.get_by_label(&cell).click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_by_label(&cell).type_text("1234.5");
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    let v = h.state().project.period(year).and_then(|p| {
        p.counties[&code].indicators["water_conservation"]
            .values
            .get("precip")
            .copied()
    });
    assert_eq!(v, Some(1234.5));
    h.state_mut().undo();
    assert_eq!(h.state().project, before);
    // Out of range: rejected with a notice, nothing stored.
    h.run();
    h.get_by_label(&cell).click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_by_label(&cell).type_text("-5");
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(h.state().project, before);
    assert!(h.state().notice.as_ref().is_some_and(|n| n.error));
}

#[test]
fn mixed_methods_show_a_method_column_and_the_switch_unifies_them() {
    let mut h = harness(Lang::En);
    let year = h.state().year;
    let code = h.state().project.counties[1].code.clone();
    let name = h.state().project.counties[1].name.en.clone();
    let s = spec("recreation");
    h.state_mut().edit(|p| {
        set_method_one(p, year, &s, &code, "direct");
    });
    let mixed = h.state().project.clone();
    select(&mut h, "recreation");
    h.get_by_label(&format!("{name} · Method"));
    h.get_by_label("Visits and value entry").click();
    h.run();
    let methods: HashSet<String> = h
        .state()
        .project
        .period(year)
        .map(|p| {
            p.counties
                .values()
                .filter_map(|c| c.indicators.get("recreation"))
                .map(|i| i.method.clone())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(methods, HashSet::from(["direct".to_string()]));
    assert!(h.query_by_label(&format!("{name} · Method")).is_none());
    // Undo keeps the counties with an entry of the indicator, not the whole project, and
    // gives the project back exactly.
    assert_eq!(h.state().undo_kind(), Some("counties"));
    let switched = h.state().project.clone();
    h.state_mut().undo();
    assert!(h.state().project == mixed);
    h.state_mut().redo();
    assert!(h.state().project == switched);
}

#[test]
fn product_lines_editor_adds_a_line() {
    let mut h = harness(Lang::Zh);
    select(&mut h, "agriculture");
    let year = h.state().year;
    let code = h.state().project.counties[0].code.clone();
    let n = |h: &Harness<'static, AppState>| {
        h.state().project.period(year).map_or(0, |p| {
            p.counties[&code].indicators["agriculture"].products.len()
        })
    };
    let before = n(&h);
    // The first county's button (every county has lines in the sample).
    h.get_all_by_label(&format!("编辑 {before} 行"))
        .next()
        .unwrap_or_else(|| panic!("no lines button"))
        .click();
    h.run();
    h.get_by_label("添加一行").click();
    h.run();
    assert_eq!(n(&h), before + 1);
}

#[test]
fn block_paste_from_a_spreadsheet_is_one_undo_step() {
    let mut h = harness(Lang::Zh);
    select(&mut h, "water_conservation");
    let year = h.state().year;
    let before = h.state().project.clone();
    let c0 = before.counties[0].clone();
    let c1 = before.counties[1].clone();
    let cell = format!("{} · 年降水量 (mm)", c0.name.zh);
    h.get_by_label(&cell).click();
    h.run();
    h.event(egui::Event::Paste("1500\t700\r\n1600\tx\r\n".into()));
    h.run();
    let get = |h: &Harness<'static, AppState>, code: &str, id: &str| {
        h.state().project.period(year).and_then(|p| {
            p.counties[code].indicators["water_conservation"]
                .values
                .get(id)
                .copied()
        })
    };
    assert_eq!(get(&h, &c0.code, "precip"), Some(1500.0));
    assert_eq!(get(&h, &c0.code, "et"), Some(700.0));
    assert_eq!(get(&h, &c1.code, "precip"), Some(1600.0));
    // "x" is skipped, the old value stays, and the notice says so.
    assert_eq!(
        get(&h, &c1.code, "et"),
        before
            .period(year)
            .and_then(|p| p.counties[&c1.code].indicators["water_conservation"]
                .values
                .get("et")
                .copied())
    );
    assert!(h.state().notice.as_ref().is_some_and(|n| n.error));
    h.state_mut().undo();
    assert_eq!(h.state().project, before);
}

#[test]
fn a_validation_focus_selects_the_indicator_and_opens_product_lines() {
    let mut h = harness(Lang::Zh);
    h.run();
    let code = h.state().project.counties[3].code.clone();
    let name = h.state().project.counties[3].name.zh.clone();
    h.state_mut().focus = Some((
        Page::Services,
        code.clone(),
        "indicators.fishery.products[0].price".into(),
    ));
    h.run();
    assert_eq!(h.state().pages.services.selected, "fishery");
    // The product-line editor of that county is open.
    h.get_by_label_contains(&format!("{name} · 行 1 · 单价"));
}

// The pure project edits (edits.rs).

#[test]
fn clearing_the_last_value_makes_the_indicator_not_entered() {
    let (mut p, year, code) = sample();
    let s = spec("landscape");
    clear_indicator(&mut p, year, &code, "landscape");
    set_input(&mut p, year, &code, &s, "direct", "floor_area", Some(10.0));
    let e = p
        .period(year)
        .and_then(|x| x.counties[&code].indicators.get("landscape"));
    assert_eq!(e.map(|e| e.method.as_str()), Some("direct"));
    set_input(&mut p, year, &code, &s, "direct", "floor_area", None);
    assert!(
        !p.period(year)
            .is_some_and(|x| x.counties[&code].indicators.contains_key("landscape"))
    );
}

#[test]
fn switching_method_drops_inputs_the_method_does_not_have() {
    let (mut p, year, code) = sample();
    let s = spec("recreation");
    clear_indicator(&mut p, year, &code, "recreation");
    set_input(&mut p, year, &code, &s, "survey", "visits", Some(3.0));
    set_input(&mut p, year, &code, &s, "survey", "expense", Some(300.0));
    let dropped = set_method_all(&mut p, year, &s, "direct");
    assert!(dropped >= 1);
    let e = &p
        .period(year)
        .map(|x| x.counties[&code].indicators["recreation"].clone());
    let e = e.as_ref().unwrap_or_else(|| panic!("entry"));
    assert_eq!(e.method, "direct");
    assert!(e.values.contains_key("visits"));
    assert!(!e.values.contains_key("expense"));
}

#[test]
fn one_county_switches_alone_and_others_keep_their_method() {
    let (mut p, year, code) = sample();
    let other = p.counties[1].code.clone();
    let s = spec("recreation");
    for c in [&code, &other] {
        clear_indicator(&mut p, year, c, "recreation");
        set_input(&mut p, year, c, &s, "survey", "visits", Some(3.0));
        set_input(&mut p, year, c, &s, "survey", "expense", Some(300.0));
    }
    let dropped = set_method_one(&mut p, year, &s, &code, "direct");
    assert!(dropped >= 1);
    let method = |p: &Project, c: &str| {
        p.period(year)
            .and_then(|x| x.counties[c].indicators.get("recreation"))
            .map(|e| e.method.clone())
    };
    assert_eq!(method(&p, &code).as_deref(), Some("direct"));
    assert_eq!(method(&p, &other).as_deref(), Some("survey"));
}

#[test]
fn switching_to_the_same_method_keeps_every_value() {
    let (mut p, year, code) = sample();
    let s = spec("recreation");
    clear_indicator(&mut p, year, &code, "recreation");
    set_input(&mut p, year, &code, &s, "survey", "visits", Some(3.0));
    set_input(&mut p, year, &code, &s, "survey", "expense", Some(300.0));
    assert_eq!(set_method_all(&mut p, year, &s, "survey"), 0);
}

#[test]
fn imported_products_are_set_per_county_and_a_missing_year_is_left_alone() {
    let (mut p, year, code) = sample();
    set_imported(&mut p, year, &code, 1.5e6);
    assert_eq!(
        p.period(year)
            .map(|x| x.counties[&code].imported_products_yuan),
        Some(1.5e6)
    );
    let before = p.clone();
    set_imported(&mut p, 1800, &code, 1.0);
    assert_eq!(p, before);
}

#[test]
fn prune_drops_an_empty_entry_only() {
    let (mut p, year, code) = sample();
    let s = spec("landscape");
    clear_indicator(&mut p, year, &code, "landscape");
    assert!(entry(&mut p, year, &code, "landscape", "direct").is_some());
    prune(&mut p, year, &code, "landscape");
    assert!(existing(&mut p, year, &code, "landscape").is_none());
    set_input(&mut p, year, &code, &s, "direct", "floor_area", Some(10.0));
    prune(&mut p, year, &code, "landscape");
    assert!(existing(&mut p, year, &code, "landscape").is_some());
}

/// A value computed elsewhere typed in the section of any indicator: stored as entered
/// (12.5 万元), one undo step, and the value column follows (125 000 元 = 12.50 万元).
#[test]
fn typing_a_value_computed_elsewhere_stores_amount_and_unit() {
    let mut h = harness(Lang::Zh);
    select(&mut h, "soil_retention");
    let year = h.state().year;
    let code = h.state().project.counties[0].code.clone();
    let name = h.state().project.counties[0].name.zh.clone();
    let before = h.state().project.clone();
    h.get_by_label_contains("外部计算的价值（").click();
    h.run();
    let cell = format!("{name} · 外部计算的价值 (万元)");
    h.get_by_label(&cell).click();
    h.run();
    h.get_by_label(&cell).type_text("12.5");
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    let ev = h.state().project.period(year).and_then(|p| {
        p.counties[&code].indicators["soil_retention"]
            .entered_value
            .clone()
    });
    assert_eq!(ev.map(|e| (e.amount, e.unit)), Some((12.5, Unit::WanYuan)));
    let acc = h.state_mut().accounts().unwrap_or_else(|e| panic!("{e}"));
    let a = acc
        .counties
        .iter()
        .find(|c| c.code == code)
        .and_then(|c| c.indicators.iter().find(|a| &*a.id == "soil_retention"))
        .map(|a| a.value);
    assert_eq!(a, Some(125_000.0));
    h.state_mut().undo();
    assert_eq!(h.state().project, before);
}
