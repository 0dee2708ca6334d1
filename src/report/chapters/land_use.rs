//! 土地利用变化对 ESV 的影响 / Land-use change and ESV (a part of 六、结果分析): for every pair of years with a matrix,
//! the region's transition matrix, the transitions with the largest ESV change and the
//! sensitivity coefficients (±50 %), with each county's summary and the formulas and sources.
//! Absent when the project has no transition matrix. The tables are `view::transitions`'.

use super::Cx;
use crate::engine::transitions::{self, TransitionError};
use crate::report::doc::{Block, Column, NoteKind, Row, Section, SectionKind, Table};
use crate::view::transitions as vt;

/// The part's heading and blocks, its own headings one level down (sub-sections of the
/// section it is); nothing without a transition matrix.
pub fn blocks(cx: &Cx) -> Vec<Block> {
    let Some(s) = section(cx) else {
        return Vec::new();
    };
    let mut out = vec![Block::Heading(s.heading)];
    out.extend(s.blocks.into_iter().map(super::demote));
    out
}

/// Transitions listed in the report.
const TOP: usize = 10;

fn section(cx: &Cx) -> Option<Section> {
    if cx.project.transitions.is_empty() {
        return None;
    }
    let mut s = Section::new("land_use", SectionKind::Chapter, cx.key("tr_rpt_heading"));
    for (from, to) in transitions::year_pairs(cx.project) {
        let region = match transitions::compute(cx.project, cx.registry, None, from, to) {
            Ok(a) => a,
            Err(TransitionError::Esv(e)) => {
                let (zh, en) = e.message();
                s.push(Block::Note(
                    NoteKind::Warning,
                    if cx.zh() { zh } else { en },
                ));
                continue;
            }
            Err(TransitionError::NoMatrix) => continue,
        };
        s.push(Block::Heading(cx.keyf(
            "tr_rpt_pair",
            &[("from", &from.to_string()), ("to", &to.to_string())],
        )));
        for line in vt::summary(cx, &region) {
            s.push(Block::Para(line));
        }
        for c in &cx.project.counties {
            if let Ok(a) = transitions::compute(cx.project, cx.registry, Some(&c.code), from, to) {
                s.push(Block::Para(vt::summary(cx, &a).remove(0)));
            }
        }
        if let Some((m, _)) = transitions::matrix_for(cx.project, None, from, to) {
            s.push(Block::TableCaption(cx.key("tr_title_matrix").to_string()));
            s.push(table(vt::matrix(cx, &m), &[]));
        }
        s.push(Block::TableCaption(
            cx.keyf("tr_title_top", &[("n", &TOP.to_string())]),
        ));
        let mut d = vt::deltas(cx, &region, Some(TOP));
        // The computation column is the trace of each row; the report keeps the figures.
        d.header.truncate(7);
        d.rows.iter_mut().for_each(|r| r.truncate(7));
        s.push(table(d, &[1]));
        s.push(Block::TableCaption(
            cx.key("tr_title_sensitivity").to_string(),
        ));
        let mut cs = vt::sensitivity(cx, &region);
        cs.header.truncate(7);
        cs.rows.iter_mut().for_each(|r| r.truncate(7));
        s.push(table(cs, &[1, 6]));
    }
    s.push(Block::List(
        vt::formulas(cx.lang)
            .into_iter()
            .map(str::to_string)
            .collect(),
    ));
    Some(s)
}

/// A view table as a report table: the first column labels the rows, `text` columns are
/// text, the rest numbers.
fn table(t: vt::Table, text: &[usize]) -> Block {
    let columns = t
        .header
        .into_iter()
        .enumerate()
        .map(|(i, h)| {
            if i == 0 || text.contains(&i) {
                Column::text(h)
            } else {
                Column::number(h)
            }
        })
        .collect();
    Block::Table(Table {
        columns,
        rows: t.rows.into_iter().map(Row::plain).collect(),
        stub: 1,
    })
}
