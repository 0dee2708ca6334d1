//! Chapter 情景分析 Scenarios (only when the project has scenarios): for each scenario, what it
//! assumes (its description and how many entries it overrides), one sentence on the region's
//! GEP change and its decomposition into quantity, price, coverage and value-entered effects
//! (`engine::decompose::decompose_scenario`, one sentence in 亿元), the region over every measure, GEP per county, and the bar chart of the
//! counties' GEP differences. Tables and chart come from `view::scenarios`, like the app's
//! 情景对比 page and the workbook sheet; nothing here computes an accounting number.

use super::Cx;
use super::comparison::{CHART_WIDTH, figure};
use crate::engine::decompose::decompose_scenario;
use crate::format::num;
use crate::i18n::tf;
use crate::report::doc::{Block, Column, NoteKind, Row, RowStyle, Section, SectionKind, Table};
use crate::view::decompose;
use crate::view::scenarios::{self, DiffTable, Measure};

pub fn section(cx: &Cx) -> Option<Section> {
    let project = cx.project;
    if project.scenarios.is_empty() {
        return None;
    }
    let lang = cx.lang;
    let mut blocks = vec![Block::Para(cx.key("sc_rpt_intro").to_string())];
    for sc in &project.scenarios {
        blocks.push(Block::Heading(tf(
            lang,
            "sc_rpt_scenario",
            &[("name", &sc.name)],
        )));
        let c = match scenarios::compare(project, cx.registry, std::slice::from_ref(&sc.name), None)
        {
            Ok(c) => c,
            Err(e) => {
                blocks.push(Block::Note(NoteKind::Warning, e.message(lang)));
                continue;
            }
        };
        let assumes = tf(
            lang,
            "sc_rpt_assumes",
            &[
                ("year", &sc.year.to_string()),
                ("n", &sc.override_count().to_string()),
            ],
        );
        let text = if sc.description.is_empty() {
            assumes
        } else {
            format!("{}{}", sc.description, assumes)
        };
        blocks.push(Block::Para(text));
        let gep = c.table(1, &Measure::Gep, cx);
        if let Some(region) = gep.rows.last() {
            let unit = gep.unit.unit().symbol(lang);
            let d = region.diff().unwrap_or(0.0);
            let sign = if d > 0.0 { "+" } else { "" };
            let amount = format!("{sign}{}", num(gep.unit.from_yuan(d), 2));
            let pct = region
                .pct()
                .map_or("—".into(), |p| format!("{}%", num(p, 2)));
            blocks.push(Block::Para(tf(
                lang,
                "sc_rpt_gep_change",
                &[
                    ("name", &sc.name),
                    ("amount", &format!("{amount} {unit}")),
                    ("pct", &pct),
                ],
            )));
        }
        // Why: the region's change split into the four effects (baseline → scenario, its year).
        match decompose_scenario(cx.registry, project, &sc.name, None, false) {
            Some(Ok(d)) => blocks.push(Block::Para(decompose::scenario_sentence(cx, &d))),
            Some(Err(e)) => blocks.push(Block::Note(NoteKind::Warning, e.message(lang))),
            None => {}
        }
        blocks.push(Block::Table(table(
            &c.summary(1, cx),
            cx.key("sc_col_measure"),
            &sc.name,
            cx,
        )));
        blocks.push(Block::Table(table(
            &gep,
            cx.key("sc_col_county"),
            &sc.name,
            cx,
        )));
        if let Some(chart) = scenarios::diff_chart(&gep, lang) {
            let n = gep.rows.len().saturating_sub(1) as u32;
            let height = (120 + 34 * n).clamp(220, 900);
            blocks.push(figure(cx, &chart, CHART_WIDTH, height, &gep.title));
        }
    }
    Some(Section {
        id: "scenarios".into(),
        kind: SectionKind::Chapter,
        heading: cx.key("sc_rpt_heading").to_string(),
        blocks,
    })
}

/// A comparison table: label, baseline, scenario, difference, % (the last row is the region's
/// total in a county table).
fn table(t: &DiffTable, first: &str, scenario: &str, cx: &Cx) -> Table {
    let heads = t.headers(first, scenario, cx.lang);
    let mut columns = vec![Column::text(heads[0].clone())];
    columns.extend(heads[1..].iter().cloned().map(Column::number));
    let by_county = t.rows.first().is_some_and(|r| r.code.is_some());
    let n = t.rows.len();
    let rows = (0..n)
        .map(|i| {
            let style = if by_county && i + 1 == n {
                RowStyle::Total
            } else {
                RowStyle::Normal
            };
            Row::new(style, t.cells(i))
        })
        .collect();
    Table {
        columns,
        rows,
        stub: 1,
    }
}
