//! The two summary tables of 五、价值量核算结果: GEP with its categories, gross value,
//! deduction, market / non-market split and memo lines (万元 and 亿元, shares); and GEP by
//! county and category with each county's share of the region.

use super::{Cx, Scale, pct, wan, yi};
use crate::registry::Category;
use crate::report::doc::{Column, Row, RowStyle, Table};
use crate::units::Unit;

/// GEP, its categories, gross, deduction, market / non-market, memo and ESV in 万元 and 亿元.
pub fn totals_table(cx: &Cx) -> Table {
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

/// One row per county (categories, GEP, share of the region's GEP) and the region's row.
pub fn county_table(cx: &Cx) -> Table {
    let a = cx.accounts;
    let t = &a.region.totals;
    let scale = Scale::of(a.counties.iter().map(|c| c.totals.gep).chain([t.gep]));
    let unit = scale.unit(cx);
    let mut columns = vec![Column::text(cx.key("rpt_county"))];
    for c in Category::ALL {
        columns.push(Column::number(cx.with_unit(&cx.category(c), unit)));
    }
    columns.push(Column::number(cx.with_unit("GEP", unit)));
    columns.push(Column::number(cx.key("rs_values_share_of_region")));
    let share = |v: f64| pct((t.gep != 0.0).then(|| v / t.gep));
    let mut rows = Vec::with_capacity(a.counties.len() + 1);
    for c in &a.counties {
        let mut cells = vec![cx.county(c)];
        cells.extend(
            Category::ALL
                .iter()
                .map(|&cat| scale.fmt(c.totals.category(cat))),
        );
        cells.push(scale.fmt(c.totals.gep));
        cells.push(share(c.totals.gep));
        rows.push(Row::plain(cells));
    }
    let mut cells = vec![cx.key("rpt_whole_region").to_string()];
    cells.extend(Category::ALL.iter().map(|&cat| scale.fmt(t.category(cat))));
    cells.push(scale.fmt(t.gep));
    cells.push(share(t.gep));
    rows.push(Row::new(RowStyle::Total, cells));
    Table {
        columns,
        rows,
        stub: 1,
    }
}
