//! The clipboard both ways and the frozen label column on the 县区, products, prices,
//! compensation and ESV tables, driven through kittest.

use eframe::egui;
use egui_kittest::kittest::Queryable;

use super::tests::{app_page, copied};
use crate::app::pages::Page;
use crate::io::clipboard::parse_block;

/// The counties in the order the 县区 page shows them (by code).
fn by_code(st: &crate::app::state::AppState) -> Vec<usize> {
    let mut v: Vec<usize> = (0..st.project.counties.len()).collect();
    v.sort_by(|&a, &b| {
        st.project.counties[a]
            .code
            .cmp(&st.project.counties[b].code)
    });
    v
}

#[test]
fn a_paste_on_the_counties_page_lists_the_cells_it_did_not_write() {
    let mut h = app_page(Page::Counties, egui::vec2(1366.0, 768.0));
    let order = by_code(h.state());
    let (a, b) = (order[0], order[1]);
    let st = h.state();
    let (na, nb) = (
        st.project.counties[a].name.zh.clone(),
        st.project.counties[b].name.zh.clone(),
    );
    let old_area_b = st.project.counties[b].land_area_hm2;
    let code_a = st.project.counties[a].code.clone();
    h.get_by_label(&format!("{na} · 面积 km²")).click();
    h.run();
    h.event(egui::Event::Paste("1,234.5\t２００\r\n-5\tabc\r\n".into()));
    h.run();
    let st = h.state();
    assert_eq!(st.project.counties[a].land_area_hm2, 123_450.0);
    let pop = st
        .project
        .period(st.year)
        .and_then(|p| p.counties.get(&code_a))
        .and_then(|c| c.population);
    assert_eq!(pop, Some(200.0));
    assert_eq!(
        st.project.counties[b].land_area_hm2, old_area_b,
        "−5 km² is not written"
    );
    let report = st
        .pages
        .paste
        .clone()
        .unwrap_or_else(|| panic!("no list of rejected cells"));
    assert_eq!(report.written, 2);
    assert_eq!(
        report.lines,
        vec![
            format!("{nb} · 面积 km²：“-5”（超出允许范围）"),
            format!("{nb} · 常住人口 人：“abc”（不是数字）"),
        ]
    );
}

#[test]
fn copying_the_counties_table_gives_every_column_with_headers() {
    let mut h = app_page(Page::Counties, egui::vec2(1366.0, 768.0));
    h.get_by_label("复制表格").click();
    let rows = parse_block(&copied(&mut h).unwrap_or_else(|| panic!("nothing copied")));
    let st = h.state();
    let order = by_code(st);
    let c = &st.project.counties[order[0]];
    assert_eq!(rows[0][..4], ["代码", "名称", "英文名", "面积 km²"]);
    assert_eq!(rows.len(), st.project.counties.len() + 1);
    assert_eq!(rows[1][0], c.code);
    assert_eq!(rows[1][1], c.name.zh);
    assert_eq!(
        rows[1][3],
        crate::io::clipboard::tsv_number(Some(c.land_area_hm2 / 100.0), 2)
    );
}

#[test]
fn the_counties_name_column_stays_while_the_rest_scrolls() {
    let mut h = app_page(Page::Counties, egui::vec2(600.0, 500.0));
    let order = by_code(h.state());
    let name = h.state().project.counties[order[0]].name.zh.clone();
    h.get_by_label(&format!("{name} · 面积 km²")).click();
    h.run();
    for _ in 0..2 {
        h.key_press(egui::Key::Tab);
        h.run();
    }
    let gdp = h.get_by_label(&format!("{name} · GDP 万元")).rect();
    assert!(gdp.max.x <= 600.0, "GDP cell at {gdp:?}");
    let label = h.get_by_label(&format!("{name} · 名称")).rect();
    assert!(label.min.x < 150.0, "the name cell moved to {label:?}");
}

#[test]
fn a_paste_into_product_lines_lists_the_cells_it_did_not_write() {
    let mut h = app_page(Page::Services, egui::vec2(1366.0, 768.0));
    let st = h.state_mut();
    st.pages.services.selected = "agriculture".into();
    let year = st.year;
    let code = st.project.counties[0].code.clone();
    let name = st.project.counties[0].name.zh.clone();
    // Two lines and no output value, whatever the sample holds.
    let e = st
        .project
        .period_mut(year)
        .and_then(|p| p.counties.get_mut(&code))
        .and_then(|c| c.indicators.get_mut("agriculture"))
        .unwrap_or_else(|| panic!("no agriculture entry"));
    e.output_value = None;
    let mut first = e
        .products
        .first()
        .cloned()
        .unwrap_or_else(|| panic!("no lines"));
    first.unit = crate::units::Unit::T;
    e.products = vec![first.clone(), first];
    st.pages
        .services
        .lines_open
        .insert("agriculture".into(), code.clone());
    h.run();
    let t = crate::units::Unit::T.symbol(crate::i18n::Lang::Zh);
    h.get_by_label(&format!("{name} · 行 1 · 产量 ({t})"))
        .click();
    h.run();
    h.event(egui::Event::Paste("1,200\tkg\r\nabc\txyz\r\n".into()));
    h.run();
    let st = h.state();
    let lines = &st
        .project
        .period(year)
        .unwrap_or_else(|| panic!("no year"))
        .counties[&code]
        .indicators["agriculture"]
        .products;
    assert_eq!(lines[0].quantity, 1200.0);
    assert_eq!(lines[0].unit, crate::units::Unit::Kg);
    let report = st
        .pages
        .paste
        .clone()
        .unwrap_or_else(|| panic!("no list of rejected cells"));
    assert_eq!(report.written, 2);
    assert_eq!(report.lines.len(), 2);
    assert_eq!(
        report.lines[0],
        format!("{name} · 行 2 · 产量：“abc”（不是数字）")
    );
    assert!(
        report.lines[1].starts_with(&format!("{name} · 行 2 · 单位：“xyz”（无法识别")),
        "{:?}",
        report.lines
    );
}

#[test]
fn copying_the_products_table_gives_mode_lines_and_value_per_county() {
    let mut h = app_page(Page::Services, egui::vec2(1366.0, 768.0));
    let st = h.state_mut();
    st.pages.services.selected = "agriculture".into();
    let year = st.year;
    let code = st.project.counties[0].code.clone();
    // Through an edit, so the engine's value is recomputed.
    st.edit(|p| {
        let e = p
            .period_mut(year)
            .and_then(|p| p.counties.get_mut(&code))
            .and_then(|c| c.indicators.get_mut("agriculture"))
            .unwrap_or_else(|| panic!("no agriculture entry"));
        e.output_value = None;
        let mut line = e
            .products
            .first()
            .cloned()
            .unwrap_or_else(|| panic!("no lines"));
        // Two lines of 2 000 t at 3 000 元/t: 1 200 万元.
        (line.quantity, line.unit, line.price, line.price_year) =
            (2000.0, crate::units::Unit::T, 3000.0, Some(year));
        e.products = vec![line.clone(), line];
    });
    h.state_mut().settings.money_unit = crate::units::MoneyUnit::WanYuan;
    h.run();
    h.get_by_label("复制表格").click();
    let rows = parse_block(&copied(&mut h).unwrap_or_else(|| panic!("nothing copied")));
    let st = h.state();
    assert_eq!(rows[0][..2], ["县区", "填报方式"]);
    assert_eq!(rows.len(), st.project.counties.len() + 1);
    let r = &rows[1];
    assert_eq!(r[0], st.project.counties[0].name.zh);
    assert_eq!(r[1], "产品明细");
    assert_eq!(r[2], "", "no output value");
    assert_eq!(r[6], "2");
    assert_eq!(r[7].parse::<f64>().ok(), Some(1200.0));
}

#[test]
fn copying_the_compensation_results_gives_amounts_and_inputs() {
    use crate::model::compensation::Method;
    let mut h = app_page(Page::Compensation, egui::vec2(1366.0, 768.0));
    let st = h.state_mut();
    st.settings.money_unit = crate::units::MoneyUnit::WanYuan;
    st.edit_compensation(|s| {
        s.method = Method::Spillover;
        s.fiscal_revenue_yuan.insert("361002".into(), 1.0e9);
    });
    h.run();
    h.get_by_label("复制表格").click();
    let rows = parse_block(&copied(&mut h).unwrap_or_else(|| panic!("nothing copied")));
    let o = h
        .state_mut()
        .compensation()
        .unwrap_or_else(|e| panic!("{e}"))
        .clone();
    assert_eq!(rows[0][0], "县区");
    assert!(rows[0][1].contains("万元"), "{:?}", rows[0]);
    assert_eq!(rows.len(), o.rows.len() + 1);
    let k = o
        .rows
        .iter()
        .position(|r| r.code == "361002")
        .unwrap_or_else(|| panic!("no 临川区"));
    let row = &rows[k + 1];
    assert_eq!(row[0], "临川区");
    let amount = o.rows[k].amount_yuan.unwrap_or_else(|| panic!("no amount"));
    assert_eq!(
        row[1],
        crate::io::clipboard::tsv_number(Some(amount / 1e4), 2)
    );
    let col = rows[0]
        .iter()
        .position(|h| h.starts_with("一般公共预算收入"))
        .unwrap_or_else(|| panic!("no revenue column in {:?}", rows[0]));
    assert_eq!(row[col], "100000");
}

#[test]
fn copying_the_compensation_inputs_gives_the_scores_as_entered() {
    let mut h = app_page(Page::Compensation, egui::vec2(1366.0, 768.0));
    h.get_by_label("江西流域补偿方案（70/20/10）").click();
    h.run();
    h.state_mut().edit_compensation(|s| {
        s.user_columns[0].values.insert("361028".into(), 95.5);
    });
    h.run();
    h.get_by_label("复制表格").click();
    let rows = parse_block(&copied(&mut h).unwrap_or_else(|| panic!("nothing copied")));
    assert_eq!(rows[0][0], "县区");
    let col = rows[0]
        .iter()
        .position(|h| h.starts_with("水环境质量得分"))
        .unwrap_or_else(|| panic!("no score column in {:?}", rows[0]));
    let row = rows
        .iter()
        .find(|r| r[0] == "资溪县")
        .unwrap_or_else(|| panic!("no 资溪县"));
    assert_eq!(row[col], "95.5");
}

#[test]
fn a_year_block_pasted_into_a_price_index_lists_the_cells_it_did_not_write() {
    use egui::accesskit::Role;
    let mut h = app_page(Page::Prices, egui::vec2(1366.0, 768.0));
    h.state_mut().pages.prices.tab = 1;
    h.run();
    h.get_by_label("复制到项目以编辑").click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "年份").click();
    h.run();
    h.event(egui::Event::Paste(
        "2025\t712.3\r\n2026\tabc\r\n1850\t１００\r\n2027\t-3\r\n2028\t1,050\r\n".into(),
    ));
    h.run();
    let st = h.state();
    let s = &st.project.price_indices[0];
    assert_eq!(s.values.get(&2025), Some(&712.3));
    assert_eq!(s.values.get(&2028), Some(&1050.0));
    assert!(!s.values.contains_key(&2026) && !s.values.contains_key(&2027));
    let report = st
        .pages
        .paste
        .clone()
        .unwrap_or_else(|| panic!("no list of rejected cells"));
    assert_eq!(report.written, 2);
    assert_eq!(
        report.lines,
        vec![
            "粘贴的第 2 行 · 指数值：“abc”（不是数字）".to_string(),
            "粘贴的第 3 行 · 年份：“1850”（超出允许范围）".to_string(),
            "粘贴的第 4 行 · 指数值：“-3”（超出允许范围）".to_string(),
        ]
    );
}

#[test]
fn copying_the_price_book_and_an_index_series_gives_their_values() {
    use egui::accesskit::Role;
    let mut h = app_page(Page::Prices, egui::vec2(1366.0, 768.0));
    h.get_by_label("复制表格").click();
    let rows = parse_block(&copied(&mut h).unwrap_or_else(|| panic!("nothing copied")));
    let reg = h.state().registry();
    assert_eq!(rows[0][0], "参数");
    assert_eq!(rows.len(), reg.params.len() + 1);
    let id_col = rows[0].len() - 1;
    let p = reg
        .params
        .iter()
        .find(|p| p.value.is_some())
        .unwrap_or_else(|| panic!("no parameter with a default"));
    let row = rows
        .iter()
        .find(|r| r[id_col] == p.id)
        .unwrap_or_else(|| panic!("no row for {}", p.id));
    assert_eq!(row[0], p.name.zh);
    assert_eq!(row[2].parse::<f64>().ok(), p.value);
    // The index tab: a project series with one pasted year.
    h.state_mut().pages.prices.tab = 1;
    h.run();
    h.get_by_label("复制到项目以编辑").click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "年份").click();
    h.run();
    h.event(egui::Event::Paste("2025\t712.3\r\n".into()));
    h.run();
    h.state_mut().pages.paste = None;
    h.run();
    h.get_by_label("复制表格").click();
    let rows = parse_block(&copied(&mut h).unwrap_or_else(|| panic!("nothing copied")));
    assert_eq!(rows[0][..2], ["年份", "指数值"]);
    let r = rows
        .iter()
        .find(|r| r[0] == "2025")
        .unwrap_or_else(|| panic!("no 2025 in {rows:?}"));
    assert_eq!(r[1], "712.3");
}

#[test]
fn copying_the_esv_table_gives_gep_and_esv_per_county_and_the_total() {
    // Tall enough that the results section at the foot of the page is on screen.
    let mut h = app_page(Page::Esv, egui::vec2(1366.0, 4000.0));
    h.state_mut().settings.money_unit = crate::units::MoneyUnit::WanYuan;
    h.run();
    h.get_by_label("复制表格").click();
    let rows = parse_block(&copied(&mut h).unwrap_or_else(|| panic!("nothing copied")));
    let acc = h
        .state_mut()
        .accounts()
        .unwrap_or_else(|e| panic!("{e:?}"))
        .clone();
    assert_eq!(
        rows[0],
        [
            "县区",
            "生态产品总值 GEP (万元)",
            "当量因子法 ESV (万元)",
            "市场价值 (万元)",
            "非市场价值 (万元)"
        ]
    );
    assert_eq!(rows.len(), acc.counties.len() + 2);
    let c = &acc.counties[0];
    let esv = c.esv.as_ref().unwrap_or_else(|| panic!("no ESV"));
    let v = |x: f64| crate::io::clipboard::tsv_number(Some(x / 1e4), 2);
    assert_eq!(rows[1][0], c.name_zh_or_en(crate::i18n::Lang::Zh));
    assert_eq!(rows[1][2], v(esv.total));
    assert_eq!(rows[1][3], v(esv.market));
    let last = &rows[rows.len() - 1];
    assert_eq!(last[2], v(acc.region.esv_total));
}

#[test]
fn the_esv_factor_table_copies_with_its_service_headers() {
    let mut h = app_page(Page::Esv, egui::vec2(1366.0, 4000.0));
    h.get_by_label("当量因子表（只读）").click();
    h.run();
    // The factor table's button comes before the results table's.
    h.get_all_by_label("复制表格")
        .next()
        .unwrap_or_else(|| panic!("no copy button"))
        .click();
    let rows = parse_block(&copied(&mut h).unwrap_or_else(|| panic!("nothing copied")));
    let st = h.state();
    let table =
        crate::model::catalogue::factor_table(&st.project, st.registry(), &st.project.esv.table)
            .unwrap_or_else(|| panic!("no factor table"));
    assert_eq!(rows[0][..2], ["生态系统类型", "核实状态"]);
    assert_eq!(rows[0].len(), table.services.len() + 2);
    assert_eq!(rows.len(), table.rows.len() + 1);
    assert_eq!(rows[1][0], table.rows[0].name.zh);
    assert_eq!(rows[1][2], table.rows[0].factors[0].to_string());
}

#[test]
fn copying_the_imported_products_table_gives_the_values_entered() {
    let mut h = app_page(Page::Services, egui::vec2(1366.0, 768.0));
    let st = h.state_mut();
    st.settings.money_unit = crate::units::MoneyUnit::WanYuan;
    st.pages.services.selected = "#imported".into();
    let (year, code) = (st.year, st.project.counties[1].code.clone());
    st.edit(|p| {
        if let Some(c) = p.period_mut(year).and_then(|p| p.counties.get_mut(&code)) {
            c.imported_products_yuan = 2.5e6;
        }
    });
    h.run();
    h.get_by_label("复制表格").click();
    let rows = parse_block(&copied(&mut h).unwrap_or_else(|| panic!("nothing copied")));
    assert_eq!(rows[0][0], "县区");
    assert!(rows[0][1].ends_with("(万元)"), "{:?}", rows[0]);
    assert_eq!(rows.len(), h.state().project.counties.len() + 1);
    assert_eq!(rows[2][0], h.state().project.counties[1].name.zh);
    assert_eq!(rows[2][1], "250.00");
}

#[test]
fn the_price_book_keeps_its_name_column_and_a_click_on_a_name_selects() {
    let mut h = app_page(Page::Prices, egui::vec2(900.0, 600.0));
    let p = h.state().registry().params[0].clone();
    h.state_mut().edit(|pr| {
        pr.price_overrides.insert(
            p.id.clone(),
            crate::model::ParamOverride {
                value: 1.0,
                unit: None,
                price_year: Some(2020),
                source: "测试".into(),
                tag: crate::registry::Tag::U,
                note: String::new(),
            },
        );
    });
    h.run();
    h.get_by_label(&p.name.zh).click();
    h.run();
    assert_eq!(
        h.state().pages.prices.selected.as_deref(),
        Some(p.id.as_str())
    );
    // Its details show below, naming it again: closed for what follows.
    h.state_mut().pages.prices.selected = None;
    h.run();
    // Tab from the project value to the source, far to the right: it scrolls into view, the
    // name stays.
    let unit = p.unit.symbol(crate::i18n::Lang::Zh);
    h.get_by_label(&format!("{} · 项目取值 ({unit})", p.name.zh))
        .click();
    h.run();
    let source = egui::Id::unique(("prc_source", &p.id));
    for _ in 0..30 {
        if h.ctx.memory(|m| m.focused()) == Some(source) {
            break;
        }
        h.key_press(egui::Key::Tab);
        h.run();
    }
    assert_eq!(h.ctx.memory(|m| m.focused()), Some(source));
    h.run();
    let cell = h.get_by_label(&format!("{} · 来源", p.name.zh)).rect();
    assert!(cell.max.x <= 900.0, "the source cell is at {cell:?}");
    let name = h.get_by_label(&p.name.zh).rect();
    assert!(name.min.x < 200.0, "the name moved to {name:?}");
}

#[test]
fn an_output_value_pasted_for_a_county_with_product_lines_says_to_switch_the_mode() {
    let mut h = app_page(Page::Services, egui::vec2(1366.0, 768.0));
    let st = h.state_mut();
    st.pages.services.selected = "agriculture".into();
    let (year, c0, c1) = (
        st.year,
        st.project.counties[0].clone(),
        st.project.counties[1].clone(),
    );
    // County 0 by output value, county 1 by product lines.
    st.edit(|p| {
        for (code, lines) in [(&c0.code, false), (&c1.code, true)] {
            let e = p
                .period_mut(year)
                .and_then(|p| p.counties.get_mut(code))
                .and_then(|c| c.indicators.get_mut("agriculture"))
                .unwrap_or_else(|| panic!("no agriculture entry"));
            if lines {
                e.output_value = None;
            } else {
                e.products.clear();
                e.output_value = Some(crate::model::OutputValue {
                    value_yuan: 1.0e6,
                    basis: crate::model::OutputBasis::Gross,
                    price_year: None,
                    source: String::new(),
                });
            }
        }
    });
    h.state_mut().settings.money_unit = crate::units::MoneyUnit::WanYuan;
    h.run();
    h.get_by_label(&format!("{} · 产值 (万元)", c0.name.zh))
        .click();
    h.run();
    h.event(egui::Event::Paste("300\r\n400\r\n".into()));
    h.run();
    let st = h.state();
    let report = st
        .pages
        .paste
        .clone()
        .unwrap_or_else(|| panic!("no list of rejected cells"));
    assert_eq!(report.written, 1);
    assert_eq!(
        report.lines,
        vec![format!(
            "{} · 产值 (万元)：“400”（不适用于该县当前的填报方式（产品明细或直接填报产值），请先切换填报方式）",
            c1.name.zh
        )]
    );
}
