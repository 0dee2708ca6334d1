//! How much of a large report the paged formats (PDF, Word) print, and the notice that says so.
//!
//! Typst and the Word writer hold the whole document in memory, so for a province of 2,850
//! counties the paged reports keep Appendix B (calculation traces) to the counties whose traces
//! fit `TRACE_STEP_BUDGET` steps, and print a table longer than `TABLE_ROW_BUDGET` rows as its
//! first rows plus its total rows. Each cut is stated where it happens, with where the complete
//! content is (the HTML report and the XLSX workbook of the same accounts, which have no such
//! limit). Format-neutral: works on `doc::Block`s and writes through the catalogue.

use crate::i18n::{Lang, t, tf};

use super::doc::{Block, RowStyle, Table};

/// Trace steps Appendix B prints at most. typst keeps the whole document in memory: 100
/// counties of the synthetic project (8,300 steps, 400 pages) take 5 s and 1 GB, so the
/// 2,850-county traces (236,000 steps) would need about 28 GB. 20,000 steps hold the traces of
/// about 120 counties with every indicator fed — a province.
pub const TRACE_STEP_BUDGET: usize = 20_000;

/// Rows a table prints at most in a paged report (a county table of a prefecture or a small
/// province is printed whole; see `table_cut`).
pub const TABLE_ROW_BUDGET: usize = 400;

/// Which paged file a notice speaks of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paged {
    Pdf,
    Docx,
}

impl Paged {
    fn name(self, lang: Lang) -> &'static str {
        match self {
            Paged::Pdf => t(lang, "dx_file_pdf"),
            Paged::Docx => t(lang, "dx_file_docx"),
        }
    }
}

/// Appendix B cut to the counties whose traces fit the budget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceCut {
    /// Leading notes (kept, before the notice).
    pub lead: usize,
    /// Blocks `lead..cut` are kept.
    pub cut: usize,
    pub kept_groups: usize,
    pub groups: usize,
    pub kept_steps: usize,
    pub total: usize,
}

impl TraceCut {
    /// The notice put after the leading notes.
    pub fn notice(&self, lang: Lang, file: Paged) -> String {
        tf(
            lang,
            "dx_trace_budget",
            &[
                ("file", file.name(lang)),
                ("kept", &self.kept_groups.to_string()),
                ("groups", &self.groups.to_string()),
                ("kept_steps", &self.kept_steps.to_string()),
                ("total", &self.total.to_string()),
            ],
        )
    }
}

/// Where to cut the blocks of Appendix B (notes, then per county a heading and its traces) so
/// that at most `budget` steps are kept; `None` when everything fits.
pub fn trace_cut(bs: &[Block], budget: usize) -> Option<TraceCut> {
    let steps = |b: &Block| match b {
        Block::Trace(t) => t.steps.rows.len(),
        _ => 0,
    };
    let total: usize = bs.iter().map(steps).sum();
    if total <= budget {
        return None;
    }
    let groups = bs.iter().filter(|b| matches!(b, Block::Heading(_))).count();
    // Cut before the first county whose traces would overrun the budget.
    let (mut cut, mut kept_steps, mut kept_groups) = (bs.len(), 0, 0);
    let mut i = 0;
    while i < bs.len() {
        if matches!(bs[i], Block::Heading(_)) {
            let end = bs[i + 1..]
                .iter()
                .position(|b| matches!(b, Block::Heading(_)))
                .map_or(bs.len(), |k| i + 1 + k);
            let group: usize = bs[i..end].iter().map(steps).sum();
            if kept_steps + group > budget && kept_groups > 0 {
                cut = i;
                break;
            }
            kept_steps += group;
            kept_groups += 1;
            i = end;
        } else {
            kept_steps += steps(&bs[i]);
            i += 1;
        }
    }
    let lead = bs
        .iter()
        .take_while(|b| matches!(b, Block::Note(..)))
        .count();
    Some(TraceCut {
        lead,
        cut: cut.max(lead),
        kept_groups,
        groups,
        kept_steps,
        total,
    })
}

/// The rows a paged report prints of `t`: all when it has at most `budget` rows, else the
/// first `budget` rows of normal style and every subtotal and total row, in table order.
/// Returns the kept row indices and, when rows were left out, the notice to print above.
pub fn table_cut(
    t: &Table,
    budget: usize,
    lang: Lang,
    file: Paged,
) -> (Vec<usize>, Option<String>) {
    let n = t.rows.len();
    if n <= budget {
        return ((0..n).collect(), None);
    }
    let mut plain = 0;
    let kept: Vec<usize> = (0..n)
        .filter(|&i| match t.rows[i].style {
            RowStyle::Subtotal | RowStyle::Total => true,
            _ => {
                plain += 1;
                plain <= budget
            }
        })
        .collect();
    let notice = tf(
        lang,
        "dx_table_budget",
        &[
            ("file", file.name(lang)),
            ("rows", &n.to_string()),
            ("kept", &budget.to_string()),
        ],
    );
    (kept, Some(notice))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::doc::{Column, NoteKind, Row, Trace};

    fn trace(rows: usize) -> Block {
        Block::Trace(Trace {
            title: "t".into(),
            formula: "f".into(),
            steps: Table {
                columns: vec![Column::text("a")],
                rows: (0..rows).map(|_| Row::plain(["x"])).collect(),
                stub: 1,
            },
        })
    }

    #[test]
    fn traces_are_cut_before_the_county_that_overruns() {
        let bs = vec![
            Block::Note(NoteKind::Info, "n".into()),
            Block::Heading("A".into()),
            trace(6),
            trace(3),
            Block::Heading("B".into()),
            trace(5),
            Block::Heading("C".into()),
            trace(1),
        ];
        assert_eq!(trace_cut(&bs, 15), None);
        let cut = trace_cut(&bs, 12).expect("cut");
        assert_eq!(
            cut,
            TraceCut {
                lead: 1,
                cut: 4,
                kept_groups: 1,
                groups: 3,
                kept_steps: 9,
                total: 15
            }
        );
        assert!(
            cut.notice(Lang::Zh, Paged::Docx)
                .contains("1 个县区（共 3 个）")
        );
    }

    #[test]
    fn long_tables_keep_their_first_rows_and_totals() {
        let mut rows: Vec<Row> = (0..10).map(|i| Row::plain([i.to_string()])).collect();
        rows.push(Row::new(RowStyle::Total, ["合计"]));
        let t = Table {
            columns: vec![Column::text("县")],
            rows,
            stub: 1,
        };
        assert_eq!(
            table_cut(&t, 20, Lang::Zh, Paged::Pdf),
            ((0..11).collect(), None)
        );
        let (kept, notice) = table_cut(&t, 3, Lang::Zh, Paged::Pdf);
        assert_eq!(kept, vec![0, 1, 2, 10]);
        let notice = notice.expect("notice");
        assert!(
            notice.contains("11") && notice.contains("前 3 行"),
            "{notice}"
        );
    }
}
