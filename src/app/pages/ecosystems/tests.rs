//! The 分生态系统 page: its pure edits (subtype ids, adding and removing subtypes and parts,
//! part land cover) and the page driven in egui_kittest on a blank project.

use super::edits::*;
use crate::i18n::Text;
use crate::model::Project;
use crate::model::setup::{NewProject, new_county};
use crate::registry::Registry;

fn blank() -> Project {
    NewProject {
        name: "空白".into(),
        years: vec![2020],
        counties: vec![new_county("360101", "甲县", None)],
        ..Default::default()
    }
    .build()
}

#[test]
fn subtype_ids_come_from_the_name_and_never_collide() {
    let reg = Registry::builtin();
    let mut p = blank();
    let a = add_subtype(&mut p, reg, Text::new("针叶林", "Conifer forest"), "forest");
    assert_eq!(a.as_deref(), Some("conifer_forest"));
    let b = add_subtype(
        &mut p,
        reg,
        Text::new("针叶林二", "Conifer  forest!"),
        "forest",
    );
    assert_eq!(b.as_deref(), Some("conifer_forest_2"));
    // No English name: a generic id; an ecosystem type id is never reused.
    let c = add_subtype(&mut p, reg, Text::new("竹林", ""), "forest");
    assert_eq!(c.as_deref(), Some("subtype"));
    let d = add_subtype(&mut p, reg, Text::new("其他森林", "Forest"), "forest");
    assert_eq!(d.as_deref(), Some("forest_2"));
    assert_eq!(add_subtype(&mut p, reg, Text::new(" ", ""), "forest"), None);
    assert_eq!(
        add_subtype(&mut p, reg, Text::new("x", "x"), "tundra"),
        None
    );
    assert_eq!(p.ecosystem_subtypes.len(), 4);
    assert_eq!(p.ecosystem_subtypes[2].name.zh, "竹林");
}

#[test]
fn a_subtype_in_use_is_kept_and_parts_hold_their_land_cover() {
    let reg = Registry::builtin();
    let mut p = blank();
    let id = add_subtype(&mut p, reg, Text::new("竹林", "Bamboo"), "forest").expect("added");
    add_part(&mut p, 2020, "360101", &id);
    set_part_area(&mut p, 2020, ("360101", &id), "bamboo_forest", Some(120.0));
    assert_eq!(part_uses(&p, &id), [(2020, "360101".to_string())]);
    assert!(!remove_subtype(&mut p, &id), "in use: kept");
    assert_eq!(p.ecosystem_subtypes.len(), 1);
    // Adding the part again keeps what it holds.
    add_part(&mut p, 2020, "360101", &id);
    let cp = &p.period(2020).expect("year").counties["360101"];
    assert_eq!(cp.ecosystem_parts[&id].land_cover["bamboo_forest"], 120.0);
    update_subtype(&mut p, &id, Text::new("毛竹林", "Moso bamboo"), "forest");
    assert_eq!(p.ecosystem_subtypes[0].name.zh, "毛竹林");
    assert_eq!(p.ecosystem_subtypes[0].id, id);
    set_part_area(&mut p, 2020, ("360101", &id), "bamboo_forest", None);
    remove_part(&mut p, 2020, "360101", &id);
    assert!(part_uses(&p, &id).is_empty());
    assert!(remove_subtype(&mut p, &id));
    assert!(p.ecosystem_subtypes.is_empty());
}

// ---- The page driven through egui_kittest on a blank project. ----

use eframe::egui;
use eframe::egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use crate::app::state::{AppState, Settings};
use crate::i18n::Lang;

fn harness(p: Project) -> Harness<'static, AppState> {
    let mut st = AppState::new(p, Settings::default());
    st.settings.lang = Lang::Zh;
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

fn type_into(h: &mut Harness<'static, AppState>, role: Role, label: &str, text: &str) {
    h.get_by_role_and_label(role, label).click();
    h.run();
    h.get_by_role_and_label(role, label).type_text(text);
    h.run();
}

/// The county's carbon sequestration value when the county itself enters `co2` t CO₂.
fn county_value_of(co2: f64) -> f64 {
    let mut p = blank();
    let cp = p
        .period_mut(2020)
        .expect("year")
        .counties
        .entry("360101".into())
        .or_default();
    cp.indicators.insert(
        "carbon_sequestration".into(),
        crate::model::IndicatorInput {
            method: "direct".into(),
            values: [("co2".to_string(), co2)].into(),
            ..Default::default()
        },
    );
    let acc = crate::engine::compute(&p, Registry::builtin(), &crate::engine::Options::year(2020))
        .expect("computes");
    let a = acc.counties[0]
        .indicators
        .iter()
        .find(|a| &*a.id == "carbon_sequestration")
        .expect("carbon");
    assert_eq!(a.status, crate::engine::Status::Computed);
    a.value
}

#[test]
fn a_subtype_and_its_part_on_a_blank_project_show_the_parts_value() {
    let blank_project = blank();
    let mut h = harness(blank_project.clone());
    h.run();
    h.get_by_label("尚未拆分：本县各指标按县级输入计算。");
    // A subtype 针叶林 under 森林 (the form's default type).
    type_into(&mut h, Role::TextInput, "名称", "针叶林");
    type_into(&mut h, Role::TextInput, "英文名", "Conifer");
    h.get_by_label("添加子类型").click();
    h.run();
    assert_eq!(h.state().project.ecosystem_subtypes.len(), 1);
    assert_eq!(h.state().project.ecosystem_subtypes[0].ecosystem, "forest");
    assert_eq!(h.state().project.ecosystem_subtypes[0].id, "conifer");
    // The part: picked from the add menu, listed with its type.
    h.get_by_label("添加生态系统部分…").click();
    h.run();
    h.get_by_label("针叶林（森林）").click();
    h.run();
    let has_part = |h: &Harness<'static, AppState>| {
        h.state().project.period(2020).is_some_and(|p| {
            p.counties
                .get("360101")
                .is_some_and(|cp| cp.ecosystem_parts.contains_key("conifer"))
        })
    };
    assert!(has_part(&h));
    // Its carbon sequestration, entered directly in the part's row.
    h.state_mut().pages.ecosystems.indicator = "carbon_sequestration".into();
    h.run();
    let cell = "针叶林（森林） · 固定 CO₂ 量 (t CO₂)";
    h.get_by_label(cell).click();
    h.run();
    h.get_by_label(cell).type_text("1000");
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    h.run();
    let want = county_value_of(1000.0);
    assert!(want > 0.0);
    let acc = h.state_mut().accounts().expect("computes");
    let a = acc.counties[0]
        .indicators
        .iter()
        .find(|a| &*a.id == "carbon_sequestration")
        .expect("carbon");
    assert_eq!(a.parts.len(), 1);
    assert_eq!(&*a.parts[0].part, "conifer");
    assert_eq!(a.parts[0].value, want);
    assert_eq!(a.value, want, "county = Σ parts");
    // The part's value in the value column, and the county line saying it is the sum.
    let money = h.state().settings.money_unit;
    h.get_by_label(&crate::format::money_value(want, money));
    h.get_by_label_contains("甲县固碳＝各生态系统部分之和：");
    // Three edits, three undo steps back to the blank project.
    for _ in 0..3 {
        h.state_mut().undo();
    }
    assert_eq!(h.state().project, blank_project);
}

#[test]
fn a_validation_message_on_a_part_opens_this_page_at_the_parts_land_cover() {
    let reg = Registry::builtin();
    let mut p = blank();
    let id = add_subtype(&mut p, reg, Text::new("竹林", "Bamboo"), "forest").expect("added");
    add_part(&mut p, 2020, "360101", &id);
    // Water conservation by water balance reads land cover; the subtype has none of its own.
    if let Some(part) = p
        .period_mut(2020)
        .and_then(|x| x.counties.get_mut("360101"))
        .and_then(|cp| cp.ecosystem_parts.get_mut(&id))
    {
        part.indicators.insert(
            "water_conservation".into(),
            crate::model::IndicatorInput {
                method: "water_balance".into(),
                values: [("precip".to_string(), 1500.0)].into(),
                ..Default::default()
            },
        );
    }
    let field = format!("ecosystem_parts.{id}.land_cover");
    let issue = crate::validate::validate(&p, reg)
        .into_iter()
        .find(|i| i.field == field)
        .expect("the subtype's missing land cover is reported");
    let mut st = AppState::new(p, Settings::default());
    st.pages.ecosystems.tab = 0;
    crate::app::pages::overview::go_to_issue(&mut st, &issue);
    assert_eq!(st.page, crate::app::nav::Page::Ecosystems);
    assert_eq!(st.pages.ecosystems.county.as_deref(), Some("360101"));
    assert_eq!(st.pages.ecosystems.tab, 1);
}

#[test]
fn a_value_computed_elsewhere_is_entered_per_part() {
    let mut p = blank();
    add_part(&mut p, 2020, "360101", "wetland");
    let before = p.clone();
    let mut h = harness(p);
    h.state_mut().pages.ecosystems.indicator = "soil_retention".into();
    h.run();
    h.get_by_label_contains("外部计算的价值（").click();
    h.run();
    let cell = "湿地 · 外部计算的价值 (万元)";
    h.get_by_label(cell).click();
    h.run();
    h.get_by_label(cell).type_text("12.5");
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    let ev = h.state().project.period(2020).and_then(|x| {
        x.counties["360101"].ecosystem_parts["wetland"].indicators["soil_retention"]
            .entered_value
            .clone()
    });
    assert_eq!(ev.map(|e| e.amount), Some(12.5));
    // Nothing went to the county's own inputs.
    assert!(
        h.state().project.period(2020).expect("year").counties["360101"]
            .indicators
            .is_empty()
    );
    let acc = h.state_mut().accounts().expect("computes");
    let a = acc.counties[0]
        .indicators
        .iter()
        .find(|a| &*a.id == "soil_retention")
        .expect("soil retention");
    assert_eq!(a.parts.len(), 1);
    assert_eq!(a.parts[0].value, 125_000.0);
    assert_eq!(a.value, 125_000.0);
    h.state_mut().undo();
    assert_eq!(h.state().project, before);
}
