//! 五、价值量核算结果 / Value accounts: GEP and its categories (万元 and 亿元, shares, market
//! and non-market); indicator × county values with category subtotals and GEP, memo items
//! (outside the framework) listed apart and marked; GEP by county with the stacked chart;
//! when a county is split by ecosystem type, the tables "GEP by ecosystem type"
//! (`values_ecosystem`); then the 备忘项目 table, one row per memo amount (`view::memo`), with
//! the sentence that none of them is in GEP. Each table's money unit (万元 or 亿元) is chosen
//! for its amounts (`Scale`) and stated in its note or header.

use super::values_totals::{county_table, totals_table};
use super::{Cx, Scale, indicator, wan};
use crate::engine::{Status, Totals};
use crate::registry::Category;
use crate::report::doc::{Block, Column, NoteKind, Row, RowStyle, Section, SectionKind, Table};

pub fn section(cx: &Cx) -> Option<Section> {
    let mut s = Section::new("values", SectionKind::Chapter, cx.key("rs_values_heading"));
    s.push(Block::Heading(cx.key("rs_values_total_heading").into()));
    s.push(Block::Para(super::analysis::structure_sentence(cx)));
    s.table(cx.key("rs_tab_totals"), totals_table(cx));
    s.push(Block::Heading(cx.key("rs_values_indicator_heading").into()));
    let table = indicator_table(cx, &mut s);
    s.table(cx.key("rs_tab_indicators"), table);
    s.push(Block::Heading(cx.key("rs_values_county_heading").into()));
    s.table(cx.key("rs_tab_counties"), county_table(cx));
    s.blocks.extend(super::comparison::stacked(cx));
    s.blocks.extend(super::maps::value_maps(cx));
    s.blocks.extend(super::values_ecosystem::blocks(cx));
    if let Some((table, reasons)) = memo_blocks(cx) {
        s.push(Block::Heading(cx.key("memo_title").to_string()));
        s.push(Block::Para(cx.key("memo_not_in_gep").to_string()));
        s.table(cx.key("rs_tab_memo"), table);
        s.push(Block::List(reasons));
    }
    Some(s)
}

/// Indicator × county values with subtotals, GEP and the memo rows; its unit note goes to `s`
/// before it.
fn indicator_table(cx: &Cx, s: &mut Section) -> Table {
    let a = cx.accounts;
    let scale = Scale::of(
        a.counties
            .iter()
            .map(|c| c.totals.gep)
            .chain([a.region.totals.gep]),
    );
    s.push(Block::Note(
        NoteKind::Info,
        cx.keyf(
            "rs_values_note",
            &[
                ("price_year", &a.price_year.to_string()),
                ("unit", scale.unit(cx)),
            ],
        ),
    ));
    let fmt = |v: f64| scale.fmt(v);
    let mut columns = vec![Column::text(cx.key("rpt_indicator"))];
    columns.extend(a.counties.iter().map(|c| Column::number(cx.county(c))));
    columns.push(Column::number(cx.key("rpt_whole_region")));
    let ids = cx.indicator_ids();
    let region_value = |id: &str| {
        a.region
            .by_indicator
            .iter()
            .find(|(i, _)| &**i == id)
            .map_or(0.0, |(_, v)| *v)
    };
    let row = |id: &str, style: RowStyle, label: String| {
        let mut cells = vec![label];
        for c in &a.counties {
            cells.push(match indicator(c, id) {
                Some(x) if x.status == Status::Computed => fmt(x.value),
                Some(x) => cx.status_text(&x.status).to_string(),
                None => "—".to_string(),
            });
        }
        cells.push(fmt(region_value(id)));
        Row::new(style, cells)
    };
    let totals_row = |style: RowStyle, label: &str, f: &dyn Fn(&Totals) -> f64| {
        let mut cells = vec![label.to_string()];
        cells.extend(a.counties.iter().map(|c| fmt(f(&c.totals))));
        cells.push(fmt(f(&a.region.totals)));
        Row::new(style, cells)
    };
    let mut rows = Vec::new();
    for cat in Category::ALL {
        for id in ids
            .iter()
            .filter(|id| cx.counted(id) && cx.category_of(id) == Some(cat))
        {
            rows.push(row(id, RowStyle::Normal, cx.indicator_name(id)));
        }
        let label = cx.keyf("rpt_values_subtotal", &[("category", &cx.category(cat))]);
        rows.push(totals_row(RowStyle::Subtotal, &label, &|t| t.category(cat)));
    }
    if a.region.totals.imported_deduction != 0.0 {
        rows.push(totals_row(
            RowStyle::Normal,
            cx.key("rpt_less_imported"),
            &|t| -t.imported_deduction,
        ));
    }
    rows.push(totals_row(RowStyle::Total, "GEP", &|t| t.gep));
    let memo: Vec<&&str> = ids.iter().filter(|id| !cx.counted(id)).collect();
    if !memo.is_empty() {
        for id in memo {
            rows.push(row(
                id,
                RowStyle::Memo,
                cx.keyf("rpt_values_memo_item", &[("name", &cx.indicator_name(id))]),
            ));
        }
        rows.push(totals_row(
            RowStyle::Memo,
            cx.key("rpt_values_memo_total"),
            &|t| t.outside_framework,
        ));
    }
    if a.region.totals.consumer_surplus != 0.0 {
        rows.push(totals_row(RowStyle::Memo, cx.key("memo_total_cs"), &|t| {
            t.consumer_surplus
        }));
    }
    Table {
        columns,
        rows,
        stub: 1,
    }
}

/// 备忘项目: one row per memo amount, then their sum, and why each kind present is a memo
/// (the per-row computation is in the trace appendix and the exports); `None` when there is none.
fn memo_blocks(cx: &Cx) -> Option<(Table, Vec<String>)> {
    let rows = crate::view::memo::rows(cx.accounts);
    if rows.is_empty() {
        return None;
    }
    let value = cx.with_unit(cx.key("memo_col_value"), cx.wan_label());
    let columns = vec![
        Column::text(cx.key("memo_col_county")),
        Column::text(cx.key("memo_col_indicator")),
        Column::text(cx.key("memo_col_kind")),
        Column::number(value),
    ];
    let mut total = 0.0;
    let mut kinds = Vec::new();
    let mut out: Vec<Row> = rows
        .iter()
        .map(|m| {
            total += m.memo.value;
            if !kinds.contains(&m.memo.kind) {
                kinds.push(m.memo.kind);
            }
            Row::new(
                RowStyle::Memo,
                [
                    cx.county(m.county),
                    cx.indicator_name(&m.indicator.id),
                    m.kind_text(cx.lang).to_string(),
                    wan(m.memo.value),
                ],
            )
        })
        .collect();
    out.push(Row::new(
        RowStyle::Subtotal,
        [
            cx.key("rpt_values_memo_total").to_string(),
            String::new(),
            String::new(),
            wan(total),
        ],
    ));
    let reasons = kinds
        .into_iter()
        .map(|k| {
            let kind = crate::view::memo::kind_text(cx.lang, k);
            let why = crate::view::memo::reason(cx.lang, k);
            cx.keyf("memo_reason_item", &[("kind", kind), ("why", why)])
        })
        .collect();
    let table = Table {
        columns,
        rows: out,
        stub: 1,
    };
    Some((table, reasons))
}
