//! 不确定性分析 / Uncertainty analysis (only when the project asks for it,
//! `engine::uncertainty::requested`): the Monte Carlo of the project's settings — draws and
//! seed stated — with the region and county intervals of GEP, its categories and the
//! compensation amounts, the tornado chart and the parameters drawn. Words, tables and the
//! tornado come from `view::uncertainty` (as in the app and the workbook); every number from
//! `engine::uncertainty::run`. When the run cannot be made, the chapter says why.

use super::Cx;
use super::comparison::{CHART_WIDTH, figure};
use crate::engine::uncertainty;
use crate::report::doc::{Block, Column, NoteKind, Row, RowStyle, Section, SectionKind, Table};
use crate::units::MoneyUnit;
use crate::view::uncertainty as vu;

pub fn section(cx: &Cx) -> Option<Section> {
    if !uncertainty::requested(cx.project) || cx.accounts.counties.is_empty() {
        return None;
    }
    let mut s = Section::new("uncertainty", SectionKind::Chapter, cx.key("mc_chapter"));
    s.push(Block::Para(cx.key("mc_rpt_intro").to_string()));
    let res = match uncertainty::run_for_report(
        cx.project,
        cx.registry,
        cx.accounts.year,
        &cx.accounts.framework,
    ) {
        Ok(r) => r,
        Err(e) => {
            s.push(Block::Note(NoteKind::Warning, e.message(cx.lang)));
            return Some(s);
        }
    };
    s.push(Block::List(vu::summary(&res, cx.lang)));
    let comp = res.compensation_draws > 0;
    s.push(Block::Heading(cx.key("mc_region_table").to_string()));
    s.push(Block::Table(table(
        vu::headers(cx.lang, MoneyUnit::YiYuan, comp),
        vec![vu::region_row(&res, cx.lang)],
    )));
    if let Some(chart) = vu::tornado_chart(&res, cx.lang, 10) {
        let h = 120 + 40 * res.tornado.len().min(10) as u32;
        s.push(figure(
            cx,
            &chart,
            CHART_WIDTH,
            h,
            cx.key("mc_rpt_tornado_caption"),
        ));
    }
    s.push(Block::Heading(cx.key("mc_county_table").to_string()));
    s.push(Block::Table(table(
        vu::headers(cx.lang, MoneyUnit::WanYuan, comp),
        vu::county_rows(&res, cx.lang),
    )));
    s.push(Block::Heading(cx.key("mc_params_table").to_string()));
    s.push(Block::Table(table(
        vu::param_headers(cx.lang),
        vu::param_rows(&res, cx.lang),
    )));
    s.push(Block::Note(
        NoteKind::Info,
        cx.key("mc_rpt_reading").to_string(),
    ));
    Some(s)
}

/// A table whose first column names the rows and whose others are numbers or intervals.
fn table(headers: Vec<String>, rows: Vec<Vec<String>>) -> Table {
    Table {
        columns: headers
            .into_iter()
            .enumerate()
            .map(|(i, h)| {
                if i == 0 {
                    Column::text(h)
                } else {
                    Column::number(h)
                }
            })
            .collect(),
        rows: rows
            .into_iter()
            .map(|r| Row::new(RowStyle::Normal, r))
            .collect(),
        stub: 1,
    }
}
