//! GEP 变化分解 / Why GEP changed (the chapter after 六、结果分析, when the project has an
//! accounting year before the report's): the region's change from the previous year split
//! into quantity, price, coverage and value-entered effects (`engine::decompose`, each year at
//! its own prices, the report's framework for both), in one sentence, a waterfall, the table
//! of indicators × effects, the table of counties × effects (up to `COUNTY_ROWS_MAX` counties)
//! and the method with its source. Words and tables come from `view::decompose`.

use super::Cx;
use super::comparison::{CHART_WIDTH, figure};
use crate::engine::decompose::{CountyChange, Side, decompose, earlier_year};
use crate::format::{money_decimals, num};
use crate::report::doc::{Block, Column, Row, RowStyle, Section, SectionKind, Table};
use crate::view::decompose as vd;
use crate::view::transitions::Table as TextTable;

/// Height of the waterfall figure in pixels.
const CHART_HEIGHT: u32 = 520;
/// Indicators named in the sentence on the largest changes.
const NAMED: usize = 3;

pub fn section(cx: &Cx) -> Option<Section> {
    let a = cx.accounts;
    let from = earlier_year(cx.project, a.year)?;
    let side = |year| Side {
        project: cx.project,
        year,
        framework: Some(a.framework.as_str()),
    };
    let d = decompose(cx.registry, side(from), side(a.year), false).ok()?;
    let r = &d.region;
    let mut s = Section::new(
        "decomposition",
        SectionKind::Chapter,
        cx.key("dc_rpt_heading"),
    );
    s.push(Block::Para(vd::summary_sentence(cx, &d, r)));
    if let Some(p) = largest(cx, r) {
        s.push(Block::Para(p));
    }
    let w = vd::waterfall(cx, &d, r, false);
    let chart = w.chart(cx, "gep_change");
    s.push(figure(cx, &chart, CHART_WIDTH, CHART_HEIGHT, &w.title));
    let (t, _) = vd::indicators_table(cx, &d, r);
    s.push(Block::Table(doc_table(&t, 2, true)));
    if d.counties.len() > 1 && d.counties.len() <= super::region::COUNTY_ROWS_MAX {
        s.push(Block::Heading(cx.key("dc_by_county").into()));
        let (t, _) = vd::counties_table(cx, &d);
        s.push(Block::Table(doc_table(&t, 1, true)));
    }
    s.push(Block::Para(vd::method_sentence(cx, &d)));
    Some(s)
}

/// "变化最大的指标是…" with each indicator's change and its largest effect.
fn largest(cx: &Cx, r: &CountyChange) -> Option<String> {
    let mut rows: Vec<_> = r.indicators.iter().filter(|i| i.change() != 0.0).collect();
    rows.sort_by(|x, y| y.change().abs().total_cmp(&x.change().abs()));
    if rows.is_empty() {
        return None;
    }
    let unit = vd::money_unit(rows.iter().map(|i| i.change()));
    let sym = cx.unit(unit.unit());
    let items: Vec<String> = rows
        .iter()
        .take(NAMED)
        .map(|i| {
            let main = crate::engine::decompose::Effect::ALL
                .into_iter()
                .max_by(|a, b| i.effects.get(*a).abs().total_cmp(&i.effects.get(*b).abs()))
                .unwrap_or(crate::engine::decompose::Effect::Quantity);
            cx.keyf(
                "dc_rpt_item",
                &[
                    ("indicator", &vd::row_name(cx, &i.id)),
                    (
                        "change",
                        &signed(unit.from_yuan(i.change()), money_decimals(unit)),
                    ),
                    ("unit", sym),
                    ("effect", &vd::effect_name(cx, main).to_lowercase()),
                ],
            )
        })
        .collect();
    Some(cx.keyf(
        "dc_rpt_largest",
        &[("items", &items.join(cx.key("dc_rpt_sep")))],
    ))
}

fn signed(v: f64, decimals: usize) -> String {
    if v > 0.0 {
        format!("+{}", num(v, decimals))
    } else {
        num(v, decimals)
    }
}

/// A view table as a report table: `stub` text columns, numbers right-aligned, the last row a
/// total when `total_last`.
fn doc_table(t: &TextTable, stub: usize, total_last: bool) -> Table {
    let columns = t
        .header
        .iter()
        .enumerate()
        .map(|(k, h)| {
            if k < stub {
                Column::nowrap(h.clone())
            } else {
                Column::number(h.clone())
            }
        })
        .collect();
    let n = t.rows.len();
    let rows = t
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let style = if total_last && i + 1 == n {
                RowStyle::Total
            } else {
                RowStyle::Normal
            };
            Row::new(style, r.iter().cloned())
        })
        .collect();
    Table {
        columns,
        rows,
        stub,
    }
}
