//! The clipboard both ways and the spreadsheet keys, driven through kittest on the 土地覆被
//! and 结果 pages.

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use crate::app::pages::{Page, land_cover, results, test_harness};
use crate::app::state::AppState;
use crate::i18n::Lang;
use crate::io::clipboard::{parse_block, tsv_number};

/// The pages as the app shows them (with the list of rejected pasted cells), on the sample.
pub(super) fn app_page(page: Page, size: egui::Vec2) -> Harness<'static, AppState> {
    let mut st = AppState::with_sample(crate::app::state::Settings::default());
    st.settings.lang = Lang::Zh;
    st.page = page;
    let mut h = Harness::builder()
        .with_size(size)
        .with_context_setup(crate::app::fonts::install)
        .build_ui_state(
            |ui, st: &mut AppState| {
                egui::CentralPanel::default().show(ui, |ui| crate::app::pages::show(ui, st));
            },
            st,
        );
    h.run();
    h
}

/// The accessible name of land-cover cell (county `i`, registry class `k`) in hm².
fn lc_cell(h: &Harness<'static, AppState>, i: usize, k: usize) -> String {
    let st = h.state();
    let county = st.project.counties[i].name.zh.clone();
    let class = st.registry().land_classes[k].name.zh.clone();
    let unit = crate::app::format::AreaUnit::Hm2.unit();
    format!("{county} · {class} ({})", unit.symbol(Lang::Zh))
}

fn area(h: &Harness<'static, AppState>, i: usize, k: usize) -> Option<f64> {
    let st = h.state();
    let code = &st.project.counties[i].code;
    let class = &st.registry().land_classes[k].id;
    st.project
        .period(st.year)
        .and_then(|p| p.counties.get(code))
        .and_then(|c| c.land_cover.get(class))
        .copied()
}

/// Runs frames until the app puts text on the system clipboard; that text.
pub(super) fn copied(h: &mut Harness<'static, AppState>) -> Option<String> {
    for _ in 0..4 {
        h.step();
        let text = h
            .output()
            .platform_output
            .commands
            .iter()
            .find_map(|c| match c {
                egui::OutputCommand::CopyText(s) => Some(s.clone()),
                _ => None,
            });
        if text.is_some() {
            return text;
        }
    }
    None
}

#[test]
fn a_ragged_paste_with_bad_cells_lists_them_and_applies_the_rest_as_one_undo_step() {
    let mut h = app_page(Page::LandCover, egui::vec2(1400.0, 900.0));
    let before = h.state().project.clone();
    let (old_11, old_20) = (area(&h, 1, 1), area(&h, 2, 0));
    h.get_by_label(&lc_cell(&h, 0, 0)).click();
    h.run();
    // As Excel/WPS put it on the clipboard: thousands separators, full-width digits, a short
    // row, an empty cell, a word and a negative area.
    h.event(egui::Event::Paste(
        "1,234.5\t２００\r\n３００\tabc\t\r\n-5\r\n".into(),
    ));
    h.run();
    assert_eq!(area(&h, 0, 0), Some(1234.5));
    assert_eq!(area(&h, 0, 1), Some(200.0));
    assert_eq!(area(&h, 1, 0), Some(300.0));
    assert_eq!(area(&h, 1, 1), old_11, "“abc” is not written");
    assert_eq!(area(&h, 2, 0), old_20, "a negative area is not written");
    let st = h.state();
    let c1 = st.project.counties[1].name.zh.clone();
    let c2 = st.project.counties[2].name.zh.clone();
    let class0 = st.registry().land_classes[0].name.zh.clone();
    let class1 = st.registry().land_classes[1].name.zh.clone();
    let report = st
        .pages
        .paste
        .clone()
        .unwrap_or_else(|| panic!("no list of rejected cells"));
    assert_eq!(report.written, 3);
    assert_eq!(
        report.lines,
        vec![
            format!("{c1} · {class1}：“abc”（不是数字）"),
            format!("{c2} · {class0}：“-5”（超出允许范围）"),
        ]
    );
    assert!(st.notice.as_ref().is_some_and(|n| n.error
        && n.text.contains("已粘贴 3 个数值")
        && n.text.contains("2 个单元格未写入")));
    // The list is on screen, and closes.
    h.get_by_label("未写入的粘贴单元格");
    h.get_by_label(&format!("{c1} · {class1}：“abc”（不是数字）"));
    h.get_by_label("关闭").click();
    h.run();
    assert!(h.state().pages.paste.is_none());
    // One undo takes back the whole paste.
    h.state_mut().undo();
    assert_eq!(h.state().project, before);
}

#[test]
fn enter_and_arrows_move_like_a_spreadsheet_and_commit() {
    let mut h = test_harness(Lang::Zh, land_cover::ui);
    h.run();
    let name = lc_cell(&h, 0, 0);
    h.get_by_label(&name).click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_label(&name).type_text("4321");
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(area(&h, 0, 0), Some(4321.0));
    let focused = |h: &Harness<'static, AppState>| h.ctx.memory(|m| m.focused());
    assert_eq!(focused(&h), Some(egui::Id::unique(("lc", 1usize, 0usize))));
    h.key_press(egui::Key::ArrowUp);
    h.run();
    assert_eq!(focused(&h), Some(egui::Id::unique(("lc", 0usize, 0usize))));
    // At the end of the text → goes to the next class.
    h.key_press(egui::Key::End);
    h.key_press(egui::Key::ArrowRight);
    h.run();
    assert_eq!(focused(&h), Some(egui::Id::unique(("lc", 0usize, 1usize))));
}

#[test]
fn tab_into_an_off_screen_column_scrolls_it_into_view() {
    let mut h = app_page(Page::LandCover, egui::vec2(700.0, 500.0));
    let n = h.state().registry().land_classes.len();
    h.get_by_label(&lc_cell(&h, 0, 0)).click();
    h.run();
    for _ in 1..n {
        h.key_press(egui::Key::Tab);
        h.run();
    }
    let last = lc_cell(&h, 0, n - 1);
    let rect = h.get_by_label(&last).rect();
    assert!(
        rect.max.x <= 700.0 && rect.min.x >= 130.0,
        "the focused cell {last} is at {rect:?}, outside the 700-wide window or under the county column"
    );
    // The county column stays in place.
    let county = h.state().project.counties[0].name.zh.clone();
    assert!(h.get_by_label(&county).rect().min.x < 130.0);
}

#[test]
fn copying_the_results_table_gives_tsv_with_headers() {
    let mut h = test_harness(Lang::Zh, results::ui);
    h.run();
    h.get_by_label("复制表格").click();
    let text = copied(&mut h).unwrap_or_else(|| panic!("nothing copied"));
    let rows = parse_block(&text);
    let st = h.state_mut();
    let unit = st.settings.money_unit;
    let acc = st.accounts().unwrap_or_else(|e| panic!("{e:?}")).clone();
    let sym = unit.unit().symbol(Lang::Zh);
    assert_eq!(rows[0][0], "县区");
    assert_eq!(rows[0][1], format!("GEP ({sym})"));
    // One row per county, then the region's total; every row as wide as the header.
    assert_eq!(rows.len(), acc.counties.len() + 2);
    assert!(rows.iter().all(|r| r.len() == rows[0].len()));
    let dec = crate::format::money_decimals(unit);
    let c0 = &acc.counties[0];
    assert_eq!(rows[1][0], c0.name_zh_or_en(Lang::Zh));
    assert_eq!(
        rows[1][1],
        tsv_number(Some(unit.from_yuan(c0.totals.gep)), dec)
    );
    let last = &rows[rows.len() - 1];
    assert_eq!(last[0], "合计");
    assert_eq!(
        last[1],
        tsv_number(Some(unit.from_yuan(acc.region.totals.gep)), dec)
    );
    // Plain numbers Excel reads as numbers: no thousands separators.
    assert!(!rows[1][1].contains(','));
    // Ctrl+C with no cell being edited copies the same table.
    h.run();
    h.event(egui::Event::Copy);
    assert_eq!(copied(&mut h).as_deref(), Some(text.as_str()));
}

#[test]
fn a_shift_click_block_of_results_copies_with_its_headers() {
    let mut h = test_harness(Lang::Zh, results::ui);
    h.run();
    let acc = h
        .state_mut()
        .accounts()
        .unwrap_or_else(|e| panic!("{e:?}"))
        .clone();
    let (c1, c2) = (&acc.counties[1], &acc.counties[2]);
    let (a0, a1) = (&c1.indicators[0], &c1.indicators[1]);
    // Cells are named by county and indicator name (never the id).
    let cell = |c: &crate::engine::CountyAccount, id: &str| {
        let name = crate::registry::Registry::builtin()
            .indicator(id)
            .map_or(id.to_string(), |s| s.name.zh.clone());
        format!("{} · {name}", c.name_zh_or_en(Lang::Zh))
    };
    h.get_by_label(&cell(c1, &a0.id)).click();
    h.run();
    h.get_by_label(&cell(c2, &a1.id))
        .click_modifiers(egui::Modifiers::SHIFT);
    h.run();
    assert_eq!(h.state().pages.results.block, Some([1, 0, 2, 1]));
    h.get_by_label("复制表格").click();
    let rows = parse_block(&copied(&mut h).unwrap_or_else(|| panic!("nothing copied")));
    let unit = h.state().settings.money_unit;
    let dec = crate::format::money_decimals(unit);
    let v = |x: f64| tsv_number(Some(unit.from_yuan(x)), dec);
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0].len(), 3);
    assert_eq!(rows[0][0], "县区");
    assert!(rows[0][1].contains(&format!("({})", unit.unit().symbol(Lang::Zh))));
    assert_eq!(
        rows[1],
        vec![
            c1.name_zh_or_en(Lang::Zh).to_string(),
            v(a0.value),
            v(a1.value)
        ]
    );
    assert_eq!(
        rows[2],
        vec![
            c2.name_zh_or_en(Lang::Zh).to_string(),
            v(c2.indicators[0].value),
            v(c2.indicators[1].value)
        ]
    );
    // A plain click ends the block and opens that cell's trace.
    h.get_by_label(&cell(c2, &a1.id)).click();
    h.run();
    assert_eq!(h.state().pages.results.block, None);
}

#[test]
fn copying_a_services_inputs_table_gives_the_inputs_as_entered() {
    let mut h = app_page(Page::Services, egui::vec2(1400.0, 900.0));
    h.state_mut().pages.services.selected = "water_conservation".into();
    h.run();
    h.get_by_label("复制表格").click();
    let rows = parse_block(&copied(&mut h).unwrap_or_else(|| panic!("nothing copied")));
    let st = h.state();
    let c0 = &st.project.counties[0];
    let input = &st
        .project
        .period(st.year)
        .unwrap_or_else(|| panic!("no period"))
        .counties[&c0.code]
        .indicators["water_conservation"];
    assert_eq!(rows[0][0], "县区");
    let col = rows[0]
        .iter()
        .position(|h| h == "年降水量 (mm)")
        .unwrap_or_else(|| panic!("no precipitation column in {:?}", rows[0]));
    assert_eq!(rows.len(), st.project.counties.len() + 1);
    assert_eq!(rows[1][0], c0.name.zh);
    assert_eq!(rows[1][col], input.values["precip"].to_string());
}
