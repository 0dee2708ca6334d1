//! Sheet 1, 汇总 Summary: project, region, year, framework, price year, illustrative flag; region totals,
//! ratios and ESV; a per-county table with a `SUM` row and a stacked column chart of the three
//! categories per county, coloured as every chart of the app and the reports
//! (`view::chart::category_color`).
//!
//! Must not compute accounting numbers: it lays out the engine's.

use rust_xlsxwriter::{
    Chart, ChartFormat, ChartLegendPosition, ChartSolidFill, ChartType, Color, FormatAlign, RowNum,
    Worksheet,
};

use crate::registry::Category;
use crate::units::Unit;
use crate::validate::Severity;

use super::sheet::{INT, Look, MONEY, RATIO, Sheet, YEAR, col};
use super::{Ctx, Res, wan};

pub(super) fn summary_sheet(cx: &Ctx) -> Res<Worksheet> {
    let st = &cx.st;
    let meta = &cx.project.meta;
    let mut s = Sheet::new(cx.names[0])?;
    let mut r: RowNum = 0;
    s.label(r, 0, &cx.title(cx.key("wb_summary_title")), &st.title)?;
    r += 1;
    if meta.illustrative {
        s.label(r, 0, cx.key("wb_summary_illustrative_banner"), &st.banner)?;
        r += 1;
    }
    r += 1;

    r = info_rows(cx, &mut s, r)?;
    r = totals_rows(cx, &mut s, r)?;
    let (header_row, first, last) = county_rows(cx, &mut s, r)?;
    if !cx.accounts.counties.is_empty() {
        county_chart(cx, &mut s, header_row, first, last)?;
    }
    s.ws.set_freeze_panes(1, 0)?;
    let mut ws = s.finish(None)?;
    ws.set_row_height(header_row, 32)?;
    Ok(ws)
}

/// Project, region, year, framework, price year, illustrative flag, validation and unverified
/// counts, from row `r`; returns the next free row.
fn info_rows(cx: &Ctx, s: &mut Sheet, mut r: RowNum) -> Res<RowNum> {
    let a = cx.accounts;
    let st = &cx.st;
    let meta = &cx.project.meta;
    let issues = &cx.issues;
    let errors = issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .count();
    let warnings = issues.len() - errors;
    let unverified = a
        .params_used
        .iter()
        .filter(|p| p.tag.is_unverified())
        .count();
    let py = a.price_year;
    enum Info {
        Text(String),
        Year(i32),
        Warn(String),
    }
    let info: Vec<(&str, Info)> = vec![
        (cx.key("wb_summary_project"), Info::Text(meta.name.clone())),
        (cx.key("wb_summary_region"), Info::Text(meta.region.clone())),
        (
            cx.key("prj_organisation"),
            Info::Text(meta.organisation.clone()),
        ),
        (cx.key("wb_summary_accounting_year"), Info::Year(a.year)),
        (
            cx.key("wb_summary_framework"),
            Info::Text(cx.framework_name()),
        ),
        (cx.key("wb_price_year"), Info::Year(py)),
        (
            cx.key("wb_summary_illustrative"),
            if meta.illustrative {
                Info::Warn(cx.key("wb_summary_yes_not_for_decisions").into())
            } else {
                Info::Text(cx.key("wb_no").into())
            },
        ),
        (
            cx.key("wb_summary_money_unit"),
            Info::Text(cx.keyf(
                "wb_summary_money_unit_value",
                &[("price_year", &py.to_string())],
            )),
        ),
        (
            cx.key("wb_summary_validation"),
            Info::Text(cx.keyf(
                "wb_summary_validation_value",
                &[
                    ("errors", &errors.to_string()),
                    ("warnings", &warnings.to_string()),
                    ("validation_sheet", cx.names[7]),
                ],
            )),
        ),
        (
            cx.key("wb_summary_unverified_parameters"),
            Info::Text(cx.keyf(
                "wb_summary_unverified_value",
                &[
                    ("unverified", &unverified.to_string()),
                    ("params_sheet", cx.names[5]),
                ],
            )),
        ),
    ];
    let year_format = st.num(YEAR, Look::Plain).set_align(FormatAlign::Left);
    for (k, v) in &info {
        s.text(r, 0, k, &st.bold)?;
        match v {
            Info::Text(t) => s.label(r, 1, t, &st.text)?,
            Info::Warn(t) => s.label(r, 1, t, &st.banner)?,
            Info::Year(y) => {
                s.ws.write_number_with_format(r, 1, *y, &year_format)?;
            }
        }
        r += 1;
    }
    r += 1;
    Ok(r)
}

/// The region's totals, ratios and ESV, from row `r`; returns the next free row.
fn totals_rows(cx: &Ctx, s: &mut Sheet, mut r: RowNum) -> Res<RowNum> {
    let st = &cx.st;
    s.label(r, 0, cx.key("wb_summary_region_totals"), &st.section)?;
    r += 1;
    s.header(
        r,
        0,
        &[
            cx.key("wb_summary_item"),
            cx.key("wb_value"),
            cx.key("wb_unit"),
        ],
        &st.header,
    )?;
    r += 1;
    let rows = totals_list(cx);
    for (label, v, unit, code, look) in &rows {
        let lf = if *look == Look::Total {
            &st.bold
        } else if *look == Look::Memo {
            &st.memo_text
        } else {
            &st.text
        };
        s.text(r, 0, label, lf)?;
        s.opt_num(r, 1, *v, &st.num(code, *look))?;
        s.text(r, 2, unit, &st.indent)?;
        r += 1;
    }
    r += 1;
    Ok(r)
}

/// The per-county table with a `SUM` row, from row `r`; returns (header row, first and last
/// county rows) for the chart.
fn county_rows(cx: &Ctx, s: &mut Sheet, mut r: RowNum) -> Res<(RowNum, RowNum, RowNum)> {
    let a = cx.accounts;
    let st = &cx.st;
    s.label(r, 0, cx.key("wb_summary_accounts_county"), &st.section)?;
    r += 1;
    let header_row = r;
    let hdr = [
        cx.key("wb_county_code").to_string(),
        cx.key("wb_county").to_string(),
        cx.money(&cx.category(Category::Material)),
        cx.money(&cx.category(Category::Regulating)),
        cx.money(&cx.category(Category::Cultural)),
        cx.money("GEP"),
        "GEP/GDP".to_string(),
    ];
    let hdr_refs: Vec<&str> = hdr.iter().map(String::as_str).collect();
    s.header(r, 0, &hdr_refs, &st.header)?;
    r += 1;
    let first = r;
    let mut cols: [Vec<f64>; 4] = Default::default();
    let money = st.num(MONEY, Look::Plain);
    let ratio = st.num(RATIO, Look::Plain);
    for c in &a.counties {
        s.text(r, 0, &c.code, &st.text)?;
        s.text(r, 1, c.name_zh_or_en(cx.lang), &st.text)?;
        let v = [
            c.totals.material,
            c.totals.regulating,
            c.totals.cultural,
            c.totals.gep,
        ]
        .map(wan);
        for (k, x) in v.iter().enumerate() {
            s.num(r, col(2 + k), *x, &money)?;
            cols[k].push(*x);
        }
        s.opt_num(r, 6, c.ratios.gep_per_gdp, &ratio)?;
        r += 1;
    }
    let last = r.saturating_sub(1);
    let total = st.num(MONEY, Look::Total);
    s.text(r, 0, cx.key("wb_total"), &st.bold)?;
    s.ws.write_blank(r, 1, &total)?;
    if a.counties.is_empty() {
        for k in 0..4 {
            s.num(r, col(2 + k), 0.0, &total)?;
        }
    } else {
        for (k, v) in cols.iter().enumerate() {
            s.sum_column(r, col(2 + k), first, last, v, &total)?;
        }
    }
    s.opt_num(
        r,
        6,
        a.region.ratios.gep_per_gdp,
        &st.num(RATIO, Look::Total),
    )?;
    Ok((header_row, first, last))
}

/// The fill of a category's series: the one category palette.
pub(super) fn category_fill(c: Category) -> u32 {
    let rgb = crate::view::chart::category_color(c);
    (u32::from(rgb.0) << 16) | (u32::from(rgb.1) << 8) | u32::from(rgb.2)
}

/// A stacked column chart of the three categories per county, beside the tables.
fn county_chart(cx: &Ctx, s: &mut Sheet, header_row: RowNum, first: RowNum, last: RowNum) -> Res {
    let name = cx.names[0];
    let mut chart = Chart::new(ChartType::ColumnStacked);
    let categories = [Category::Material, Category::Regulating, Category::Cultural];
    for (k, cat) in (0..3u16).zip(categories) {
        chart
            .add_series()
            .set_name((name, header_row, 2 + k))
            .set_categories((name, first, 1, last, 1))
            .set_values((name, first, 2 + k, last, 2 + k))
            .set_format(
                ChartFormat::new().set_solid_fill(
                    ChartSolidFill::new().set_color(Color::RGB(category_fill(cat))),
                ),
            );
    }
    chart
        .title()
        .set_name(&cx.title(cx.key("wb_summary_chart_title")));
    chart
        .y_axis()
        .set_name(cx.unit(Unit::WanYuan))
        .set_num_format(INT);
    chart.legend().set_position(ChartLegendPosition::Bottom);
    chart.set_width(720).set_height(420);
    s.ws.insert_chart_with_offset(2, 8, &chart, 8, 0)?;
    Ok(())
}

/// One line of the region totals: label, value, unit, number format, look.
type TotalLine = (String, Option<f64>, &'static str, &'static str, Look);

/// The region's totals, ratios, ESV, GDP, population and area, in the order shown.
fn totals_list(cx: &Ctx) -> Vec<TotalLine> {
    let a = cx.accounts;
    let t = &a.region.totals;
    let ratios = &a.region.ratios;
    let wan_u = cx.unit(Unit::WanYuan);
    let per_km2 = cx.key("wb_wan_per_km2");
    let per_cap = cx.key("wb_yuan_per_person");
    vec![
        (
            cx.category(Category::Material),
            Some(wan(t.material)),
            wan_u,
            MONEY,
            Look::Plain,
        ),
        (
            cx.category(Category::Regulating),
            Some(wan(t.regulating)),
            wan_u,
            MONEY,
            Look::Plain,
        ),
        (
            cx.category(Category::Cultural),
            Some(wan(t.cultural)),
            wan_u,
            MONEY,
            Look::Plain,
        ),
        (
            cx.key("wb_summary_gross_value_before_deduction").into(),
            Some(wan(t.gross)),
            wan_u,
            MONEY,
            Look::Plain,
        ),
        (
            cx.key("wb_less_imported").into(),
            Some(wan(t.imported_deduction)),
            wan_u,
            MONEY,
            Look::Plain,
        ),
        (
            cx.key("wb_gep").into(),
            Some(wan(t.gep)),
            wan_u,
            MONEY,
            Look::Total,
        ),
        (
            cx.key("wb_of_which_market").into(),
            Some(wan(t.market)),
            wan_u,
            MONEY,
            Look::Plain,
        ),
        (
            cx.key("wb_summary_of_which_non_market").into(),
            Some(wan(t.non_market)),
            wan_u,
            MONEY,
            Look::Plain,
        ),
        (
            cx.key("wb_summary_memo_outside").into(),
            Some(wan(t.outside_framework)),
            wan_u,
            MONEY,
            Look::Memo,
        ),
        (
            cx.key("memo_total_cs").into(),
            Some(wan(t.consumer_surplus)),
            wan_u,
            MONEY,
            Look::Memo,
        ),
        (
            cx.key("wb_summary_esv").into(),
            Some(wan(a.region.esv_total)),
            wan_u,
            MONEY,
            Look::Plain,
        ),
        (
            "GEP/GDP".into(),
            ratios.gep_per_gdp,
            cx.key("wb_summary_times"),
            RATIO,
            Look::Plain,
        ),
        (
            cx.key("wb_gep_per_capita").into(),
            ratios.gep_per_capita,
            per_cap,
            INT,
            Look::Plain,
        ),
        (
            cx.key("wb_gep_per_km2").into(),
            ratios.gep_per_km2.map(wan),
            per_km2,
            MONEY,
            Look::Plain,
        ),
        (
            cx.key("wb_summary_gdp").into(),
            Some(wan(a.region.gdp_yuan)),
            wan_u,
            MONEY,
            Look::Plain,
        ),
        (
            cx.key("wb_summary_population").into(),
            Some(a.region.population),
            cx.unit(Unit::Person),
            INT,
            Look::Plain,
        ),
        (
            cx.key("wb_summary_land_area").into(),
            Some(a.region.land_area_hm2 / 100.0),
            cx.unit(Unit::Km2),
            MONEY,
            Look::Plain,
        ),
    ]
}
