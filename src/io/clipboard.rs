//! Spreadsheet clipboard text both ways, with no GUI: a block copied from Excel or WPS
//! (tab-separated cells, one row per line) split into rows of cells, walked over a table's
//! rows and columns with every cell that could not be used listed by its place and text, and
//! a table written out as tab-separated text that Excel and WPS paste back as cells.
//!
//! Numbers are read by the one number parser (`format::parse_number_text`), so a pasted
//! "１，２３４．５" or "1,234.5" means what it means when typed. The app applies a walked
//! block as one undo step and shows the listed rejects; nothing here edits a project.

use crate::format::{Grouping, parse_number_text};

/// Rows of cells, as pasted (rows may have different lengths).
pub type Block = Vec<Vec<String>>;

/// Splits spreadsheet clipboard text into rows of trimmed cells. Trailing line breaks are
/// dropped; ragged rows stay ragged (a short row leaves the cells to its right alone).
pub fn parse_block(s: &str) -> Block {
    s.trim_end_matches(['\n', '\r'])
        .lines()
        .map(|line| {
            line.trim_end_matches('\r')
                .split('\t')
                .map(|c| c.trim().to_string())
                .collect()
        })
        .collect()
}

/// Whether pasted text is a block (several cells) rather than a value for one cell.
pub fn is_block(s: &str) -> bool {
    s.contains('\t') || s.trim_end().contains('\n')
}

/// Why a pasted cell was not written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// Not a number.
    NotANumber,
    /// A number outside what the column allows (e.g. negative area).
    OutOfRange,
    /// The row does not use this column (e.g. not an input of the county's method).
    NotUsed,
    /// Not a value the column knows (a unit, a basis, a year).
    NotRecognised,
    /// The row's entry mode has no such column (e.g. an output value for a county entered as
    /// product lines).
    OtherMode,
}

/// What became of one pasted cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pasted {
    Written,
    Rejected(Why),
    /// Left alone without complaint (an empty cell).
    Ignored,
}

/// One pasted cell that was not written: its place in the block and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reject {
    /// Row and column within the block (0 = the pasted-into cell's row / column).
    pub row: usize,
    pub col: usize,
    pub text: String,
    pub why: Why,
}

/// How a pasted block went.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PasteCount {
    pub written: usize,
    pub rejected: usize,
    /// Cells that fell beyond the last row or column of the table.
    pub outside: usize,
    /// The rejected cells, in block order.
    pub rejects: Vec<Reject>,
}

/// Walks a pasted block over a table: block row `dr`, column `dc` goes to `rows[dr]`,
/// `cols[dc]` (callers pass the rows and columns from the pasted-into cell on), and `set`
/// says what it made of the cell's text. The one copy of the loop every table's paste uses.
pub fn apply_block<R, C>(
    block: &[Vec<String>],
    rows: &[R],
    cols: &[C],
    mut set: impl FnMut(&R, &C, &str) -> Pasted,
) -> PasteCount {
    let mut n = PasteCount::default();
    for (dr, line) in block.iter().enumerate() {
        let Some(r) = rows.get(dr) else {
            n.outside += line.iter().filter(|c| !c.is_empty()).count();
            continue;
        };
        for (dc, cell) in line.iter().enumerate() {
            let Some(c) = cols.get(dc) else {
                n.outside += line[dc..].iter().filter(|c| !c.is_empty()).count();
                break;
            };
            match set(r, c, cell) {
                Pasted::Written => n.written += 1,
                Pasted::Rejected(why) => {
                    n.rejected += 1;
                    n.rejects.push(Reject {
                        row: dr,
                        col: dc,
                        text: cell.clone(),
                        why,
                    });
                }
                Pasted::Ignored => {}
            }
        }
    }
    n
}

/// A pasted cell as a number for a column allowing `[min, max]`: `Ok(None)` for an empty cell
/// (or a spreadsheet blank such as "-"), thousands separators and full-width digits accepted.
pub fn cell_number(text: &str, min: Option<f64>, max: Option<f64>) -> Result<Option<f64>, Why> {
    match parse_number_text(text, Grouping::Lenient) {
        Err(_) => Err(Why::NotANumber),
        Ok(None) => Ok(None),
        Ok(Some(v)) if min.is_some_and(|m| v < m) || max.is_some_and(|m| v > m) => {
            Err(Why::OutOfRange)
        }
        Ok(Some(v)) => Ok(Some(v)),
    }
}

/// The usual cell of a numeric column: written when it is a number in range, ignored when
/// empty, otherwise rejected with the reason.
pub fn set_number(
    text: &str,
    min: Option<f64>,
    max: Option<f64>,
    write: impl FnOnce(f64),
) -> Pasted {
    match cell_number(text, min, max) {
        Ok(Some(v)) => {
            write(v);
            Pasted::Written
        }
        Ok(None) => Pasted::Ignored,
        Err(why) => Pasted::Rejected(why),
    }
}

/// Rows of cells as tab-separated text for Excel/WPS (CRLF line ends, as Excel writes them).
/// Tabs and line breaks inside a cell become spaces so every cell stays in its place; a cell a
/// spreadsheet would run as a formula (`=HYPERLINK(…)` as a county name) is pasted as text,
/// as every CSV the program writes (`csv_safe`).
pub fn to_tsv(rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .map(|c| {
                let c = c.replace(['\t', '\r', '\n'], " ");
                super::csv_safe::neutralise(c.trim()).into_owned()
            })
            .collect();
        out.push_str(&cells.join("\t"));
        out.push_str("\r\n");
    }
    out
}

/// A number for a copied table: plain digits (no thousands separators, which some locales
/// read as decimal commas), `decimals` places; empty for no value.
pub fn tsv_number(v: Option<f64>, decimals: usize) -> String {
    match v {
        Some(v) if v.is_finite() => {
            let s = format!("{v:.decimals$}");
            // "-0.00" reads oddly in a spreadsheet.
            if s.trim_start_matches('-')
                .chars()
                .all(|c| c == '0' || c == '.')
            {
                s.trim_start_matches('-').to_string()
            } else {
                s
            }
        }
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_from_excel_clipboard() {
        let b = parse_block("1\t2\t3\r\n4\t5\t6\r\n");
        assert_eq!(b, vec![vec!["1", "2", "3"], vec!["4", "5", "6"]]);
        assert_eq!(parse_block("7\n8\n"), vec![vec!["7"], vec!["8"]]);
        // Ragged, with an empty cell in the middle.
        assert_eq!(
            parse_block("1\t\t3\r\n4\r\n"),
            vec![vec!["1", "", "3"], vec!["4"]]
        );
        assert!(is_block("1\t2") && is_block("1\n2\n") && !is_block("12\n"));
    }

    #[test]
    fn cells_read_like_typed_numbers() {
        assert_eq!(cell_number("1,234.5", Some(0.0), None), Ok(Some(1234.5)));
        assert_eq!(
            cell_number("１２３４．５", Some(0.0), None),
            Ok(Some(1234.5))
        );
        assert_eq!(cell_number("１，２３４", Some(0.0), None), Ok(Some(1234.0)));
        assert_eq!(cell_number("", Some(0.0), None), Ok(None));
        assert_eq!(cell_number("-", Some(0.0), None), Ok(None));
        assert_eq!(cell_number("abc", Some(0.0), None), Err(Why::NotANumber));
        assert_eq!(cell_number("-3", Some(0.0), None), Err(Why::OutOfRange));
        assert_eq!(cell_number("120", None, Some(100.0)), Err(Why::OutOfRange));
    }

    #[test]
    fn block_walks_rows_and_columns_and_lists_rejects() {
        let block = parse_block("1\tx\t3\n\t5\t6\t7\n8\n");
        let mut got = Vec::new();
        let n = apply_block(&block, &["a", "b"], &[0, 1, 2], |r, c, text| {
            set_number(text, Some(0.0), Some(5.0), |v| got.push((*r, *c, v)))
        });
        assert_eq!(got, vec![("a", 0, 1.0), ("a", 2, 3.0), ("b", 1, 5.0)]);
        assert_eq!(n.written, 3);
        assert_eq!(n.rejected, 2);
        // "7" past the last column, "8" past the last row.
        assert_eq!(n.outside, 2);
        assert_eq!(
            n.rejects,
            vec![
                Reject {
                    row: 0,
                    col: 1,
                    text: "x".into(),
                    why: Why::NotANumber
                },
                Reject {
                    row: 1,
                    col: 2,
                    text: "6".into(),
                    why: Why::OutOfRange
                },
            ]
        );
    }

    #[test]
    fn tables_copy_as_tsv() {
        let rows = vec![
            vec!["县".to_string(), "GEP\n万元".to_string()],
            vec!["资溪县".to_string(), tsv_number(Some(12345.678), 2)],
            vec!["a\tb".to_string(), tsv_number(None, 2)],
        ];
        assert_eq!(
            to_tsv(&rows),
            "县\tGEP 万元\r\n资溪县\t12345.68\r\na b\t\r\n"
        );
        assert_eq!(tsv_number(Some(-0.001), 2), "0.00");
        // What is copied pastes back to the same cells.
        assert_eq!(parse_block(&to_tsv(&rows))[1], vec!["资溪县", "12345.68"]);
    }

    #[test]
    fn a_formula_cell_is_copied_as_text_and_figures_stay_figures() {
        let rows = vec![vec![
            "=HYPERLINK(\"http://x\",\"y\")".to_string(),
            "@SUM(A1)".to_string(),
            tsv_number(Some(-12.5), 1),
            "-".to_string(),
        ]];
        assert_eq!(
            to_tsv(&rows),
            "'=HYPERLINK(\"http://x\",\"y\")\t'@SUM(A1)\t-12.5\t-\r\n"
        );
    }
}
