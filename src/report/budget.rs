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

/// Trace steps Appendix B prints at most. typst keeps the whole document in memory: 20,000
/// steps (about 120 counties of the synthetic project with every indicator fed, 500 pages) took
/// 1.1 GB, the 2,850-county traces (236,000 steps) would need about 13 GB. 4,000 steps hold the
/// traces of about 48 counties with every indicator fed (about 100 pages) — a prefecture.
pub const TRACE_STEP_BUDGET: usize = 4_000;

/// Rows a table prints at most in a paged report (a county table of a prefecture or a small
/// province is printed whole; see `table_cut`).
pub const TABLE_ROW_BUDGET: usize = 300;

/// Data columns (beside the row labels) a table prints at most in a paged report: 40 counties
/// of an indicator × county table. Typst needs about 20 KB per laid-out cell: the 2,850-county
/// physical and value tables (85,000 cells each) took 1.2 and 2.0 GB.
pub const TABLE_COL_BUDGET: usize = 40;

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

/// What a paged report prints of a table: row indices, the data (non-stub) column indices, and
/// the notice to print above it when something was left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableCut {
    pub rows: Vec<usize>,
    pub cols: Vec<usize>,
    pub notice: Option<String>,
}

/// What a paged report prints of `t`: at most `TABLE_ROW_BUDGET` rows of normal style (every
/// subtotal and total row is kept) and at most `TABLE_COL_BUDGET` data columns (the first ones
/// and the last, which is the region's total where a table has one), in table order.
pub fn table_cut(t: &Table, lang: Lang, file: Paged) -> TableCut {
    table_cut_to(t, TABLE_ROW_BUDGET, TABLE_COL_BUDGET, lang, file)
}

/// `table_cut` with the budgets given.
pub fn table_cut_to(
    t: &Table,
    row_budget: usize,
    col_budget: usize,
    lang: Lang,
    file: Paged,
) -> TableCut {
    let n = t.rows.len();
    let stub = t.stub.min(t.columns.len());
    let data = t.columns.len() - stub;
    let mut notices = Vec::new();
    let rows: Vec<usize> = if n <= row_budget {
        (0..n).collect()
    } else {
        let mut plain = 0;
        notices.push(tf(
            lang,
            "dx_table_budget",
            &[
                ("file", file.name(lang)),
                ("rows", &n.to_string()),
                ("kept", &row_budget.to_string()),
            ],
        ));
        (0..n)
            .filter(|&i| match t.rows[i].style {
                RowStyle::Subtotal | RowStyle::Total => true,
                _ => {
                    plain += 1;
                    plain <= row_budget
                }
            })
            .collect()
    };
    let cols: Vec<usize> = if data <= col_budget + 1 {
        (stub..t.columns.len()).collect()
    } else {
        notices.push(tf(
            lang,
            "dx_table_budget_cols",
            &[
                ("file", file.name(lang)),
                ("cols", &data.to_string()),
                ("kept", &col_budget.to_string()),
                ("last", &t.columns[t.columns.len() - 1].header),
            ],
        ));
        (stub..stub + col_budget)
            .chain(std::iter::once(t.columns.len() - 1))
            .collect()
    };
    TableCut {
        rows,
        cols,
        notice: (!notices.is_empty()).then(|| notices.join(" ")),
    }
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
        let all = table_cut_to(&t, 20, 5, Lang::Zh, Paged::Pdf);
        assert_eq!(
            (all.rows, all.cols, all.notice),
            ((0..11).collect(), vec![], None)
        );
        let cut = table_cut_to(&t, 3, 5, Lang::Zh, Paged::Pdf);
        assert_eq!(cut.rows, vec![0, 1, 2, 10]);
        let notice = cut.notice.expect("notice");
        assert!(
            notice.contains("11") && notice.contains("前 3 行"),
            "{notice}"
        );
    }

    #[test]
    fn wide_tables_keep_their_first_columns_and_the_last() {
        let mut columns = vec![Column::text("指标")];
        columns.extend((1..=8).map(|i| Column::number(format!("县{i}"))));
        columns.push(Column::number("全区"));
        let t = Table {
            columns,
            rows: vec![Row::plain(["a"; 10])],
            stub: 1,
        };
        assert_eq!(
            table_cut_to(&t, 5, 8, Lang::Zh, Paged::Pdf).cols,
            (1..10).collect::<Vec<_>>()
        );
        let cut = table_cut_to(&t, 5, 3, Lang::Zh, Paged::Docx);
        assert_eq!(cut.cols, vec![1, 2, 3, 9]);
        let notice = cut.notice.expect("notice");
        assert!(
            notice.contains("9 列") && notice.contains("前 3 列") && notice.contains("全区"),
            "{notice}"
        );
    }
}
