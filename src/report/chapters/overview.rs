//! 核算总览 / Overview: region totals in 万元 and 亿元, GEP/GDP, per capita, per km², category
//! shares, the per-county summary, and the problems met while computing.

use super::{Cx, opt, pct, wan, yi};
use crate::format::num;
use crate::registry::Category;
use crate::report::doc::{Block, Column, Row, RowStyle, Section, SectionKind, Table};
use crate::units::Unit;

pub fn section(cx: &Cx) -> Option<Section> {
    let a = cx.accounts;
    let mut s = Section::new(
        "overview",
        SectionKind::Chapter,
        cx.key("rpt_overview_heading"),
    );

    s.push(Block::Table(totals_table(cx)));
    s.push(Block::Table(measures_table(cx)));
    s.push(Block::Heading(cx.key("rpt_overview_by_county").into()));
    s.push(Block::Table(county_table(cx)));

    if !a.problems.is_empty() {
        s.push(Block::Heading(
            cx.key("rpt_overview_problems_met_while_computing").into(),
        ));
        let items = a
            .problems
            .iter()
            .map(|p| {
                let msg = if cx.zh() {
                    &p.message_zh
                } else {
                    &p.message_en
                };
                let county = p
                    .county
                    .as_deref()
                    .and_then(|code| a.counties.iter().find(|c| c.code == code))
                    .map(|c| cx.county(c));
                let ind = p.indicator.as_deref().map(|i| cx.indicator_name(i));
                let head: Vec<String> = county.into_iter().chain(ind).collect();
                if head.is_empty() {
                    msg.to_string()
                } else {
                    format!("{}: {msg}", head.join(" · "))
                }
            })
            .collect();
        s.push(Block::List(items));
    }
    Some(s)
}

/// GEP, its categories, gross, deduction, market / non-market, memo and ESV in 万元 and 亿元.
fn totals_table(cx: &Cx) -> Table {
    let r = &cx.accounts.region;
    let t = &r.totals;
    let mut totals = Table {
        columns: vec![
            Column::text(cx.key("rpt_overview_item")),
            Column::number(cx.unit(Unit::WanYuan)),
            Column::number(cx.unit(Unit::YiYuan)),
            Column::number(cx.key("rpt_overview_share")),
        ],
        rows: Vec::new(),
        stub: 1,
    };
    let mut money_row = |style: RowStyle, label: &str, v: f64, share: Option<f64>| {
        totals.rows.push(Row::new(
            style,
            [
                label.to_string(),
                wan(v),
                yi(v),
                share.map_or(String::new(), |s| pct(Some(s))),
            ],
        ));
    };
    money_row(RowStyle::Total, "GEP", t.gep, None);
    for c in Category::ALL {
        let share = match c {
            Category::Material => r.ratios.share_material,
            Category::Regulating => r.ratios.share_regulating,
            Category::Cultural => r.ratios.share_cultural,
        };
        money_row(RowStyle::Normal, &cx.category(c), t.category(c), share);
    }
    money_row(
        RowStyle::Subtotal,
        cx.key("rpt_overview_gross_before_deduction"),
        t.gross,
        None,
    );
    if t.imported_deduction != 0.0 {
        money_row(
            RowStyle::Normal,
            cx.key("rpt_less_imported"),
            -t.imported_deduction,
            None,
        );
    }
    money_row(
        RowStyle::Normal,
        cx.key("rpt_overview_market_value"),
        t.market,
        None,
    );
    money_row(
        RowStyle::Normal,
        cx.key("rpt_overview_non_market_value"),
        t.non_market,
        None,
    );
    if t.outside_framework != 0.0 {
        money_row(
            RowStyle::Memo,
            cx.key("rpt_overview_memo_outside"),
            t.outside_framework,
            None,
        );
    }
    if t.consumer_surplus != 0.0 {
        money_row(
            RowStyle::Memo,
            cx.key("memo_total_cs"),
            t.consumer_surplus,
            None,
        );
    }
    if r.esv_total != 0.0 {
        money_row(
            RowStyle::Normal,
            cx.key("rpt_overview_equivalent_factor_esv"),
            r.esv_total,
            None,
        );
    }
    totals
}

/// GDP, GEP/GDP, population, GEP per capita, land area and GEP per km² of the region.
fn measures_table(cx: &Cx) -> Table {
    let r = &cx.accounts.region;
    let measures: [(String, String); 6] = [
        (
            cx.with_unit(cx.key("rpt_overview_gdp"), cx.wan_label()),
            opt((r.gdp_yuan > 0.0).then_some(r.gdp_yuan), wan),
        ),
        (
            "GEP/GDP".to_string(),
            opt(r.ratios.gep_per_gdp, |v| num(v, 2)),
        ),
        (
            cx.with_unit(
                cx.key("rpt_overview_resident_population"),
                cx.unit(Unit::Person),
            ),
            num(r.population, 0),
        ),
        (
            cx.with_unit(
                cx.key("rpt_overview_gep_per_capita"),
                cx.key("rpt_overview_yuan_per_person"),
            ),
            opt(r.ratios.gep_per_capita, |v| num(v, 0)),
        ),
        (
            cx.with_unit(cx.key("rpt_overview_land_area"), cx.unit(Unit::Km2)),
            num(r.land_area_hm2 / 100.0, 2),
        ),
        (
            cx.with_unit(
                cx.key("rpt_overview_gep_per_km2"),
                cx.key("rpt_overview_wan_per_km2"),
            ),
            opt(r.ratios.gep_per_km2, |v| num(v / 1e4, 2)),
        ),
    ];
    Table {
        columns: vec![
            Column::text(cx.key("rpt_overview_measure")),
            Column::number(cx.key("rpt_value")),
        ],
        rows: measures
            .into_iter()
            .map(|(k, v)| Row::plain([k, v]))
            .collect(),
        stub: 1,
    }
}

/// One row per county (categories, GEP and ratios) and the region's total row.
fn county_table(cx: &Cx) -> Table {
    let a = cx.accounts;
    let r = &a.region;
    let t = &r.totals;
    let mut columns = vec![
        Column::nowrap(cx.key("rpt_overview_code")),
        Column::text(cx.key("rpt_county")),
    ];
    for c in Category::ALL {
        columns.push(Column::number(
            cx.with_unit(&cx.category(c), cx.wan_label()),
        ));
    }
    columns.extend([
        Column::number(cx.with_unit("GEP", cx.wan_label())),
        Column::number("GEP/GDP"),
        Column::number(cx.with_unit(
            cx.key("rpt_overview_per_capita"),
            cx.key("rpt_overview_yuan_per_person"),
        )),
        Column::number(cx.with_unit(
            cx.key("rpt_overview_per_km2"),
            cx.key("rpt_overview_wan_per_km2"),
        )),
    ]);
    let mut rows = Vec::with_capacity(a.counties.len() + 1);
    for c in &a.counties {
        let mut cells = vec![c.code.clone(), cx.county(c)];
        cells.extend(Category::ALL.iter().map(|&cat| wan(c.totals.category(cat))));
        cells.extend([
            wan(c.totals.gep),
            opt(c.ratios.gep_per_gdp, |v| num(v, 2)),
            opt(c.ratios.gep_per_capita, |v| num(v, 0)),
            opt(c.ratios.gep_per_km2, |v| num(v / 1e4, 2)),
        ]);
        rows.push(Row::plain(cells));
    }
    let mut cells = vec![String::new(), cx.key("rpt_overview_total").to_string()];
    cells.extend(Category::ALL.iter().map(|&cat| wan(t.category(cat))));
    cells.extend([
        wan(t.gep),
        opt(r.ratios.gep_per_gdp, |v| num(v, 2)),
        opt(r.ratios.gep_per_capita, |v| num(v, 0)),
        opt(r.ratios.gep_per_km2, |v| num(v / 1e4, 2)),
    ]);
    rows.push(Row::new(RowStyle::Total, cells));
    Table {
        columns,
        rows,
        stub: 2,
    }
}
