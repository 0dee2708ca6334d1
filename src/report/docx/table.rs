//! Word tables of the report: column widths estimated from the content, tables too wide for
//! the page split into parts that repeat the stub columns (the row labels), numbers
//! right-aligned, row styles as shading, and the header row marked to repeat on every page.

use docx_rs::{
    AlignmentType, Paragraph, Run, Shading, TableCell, TableCellMargins, TableLayoutType, TableRow,
    WidthType,
};

use crate::i18n::{Lang, tf};
use crate::report::doc::{Align, Row, RowStyle, Table};

use super::TEXT_WIDTH;

/// Table text size in half-points (8 pt).
pub(super) const FONT_HALF_PT: usize = 16;
/// One em of table text in twips.
const EM: f64 = FONT_HALF_PT as f64 * 10.0;
/// Left + right cell margin and rule (twips).
const CELL_PAD: f64 = 2.0 * 70.0 + 20.0;
/// A wrapping text column is not planned wider than this (twips).
const WRAP_CAP: f64 = 3200.0;
/// A header may wrap; it is not planned wider than this unless its cells are.
const HEADER_CAP: f64 = 900.0;

const FILL_HEADER: &str = "EEF3EE";
const FILL_SUBTOTAL: &str = "F4F4F4";
const FILL_TOTAL: &str = "E2EFE6";
const FILL_UNVERIFIED: &str = "FFF1DC";
const INK_WARN: &str = "B35A00";
const INK_MEMO: &str = "666666";
const INK_KEY: &str = "3C8C5A";

/// Width of `s` in em: CJK and full-width characters 1, Latin letters and digits about half.
fn width_em(s: &str) -> f64 {
    s.chars()
        .map(|c| match c {
            '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}' => 1.0,
            '\u{20000}'..='\u{3FFFF}' => 1.0,
            'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | ' ' | '(' | ')' => 0.3,
            'A'..='Z' | 'm' | 'w' | '%' | '—' => 0.7,
            _ => 0.55,
        })
        .sum()
}

/// (width asked for in twips, whether the column may wrap).
fn column_need(t: &Table, rows: &[usize], i: usize) -> (f64, bool) {
    let col = &t.columns[i];
    let wraps = col.align == Align::Left && !col.nowrap;
    let cells = rows
        .iter()
        .filter_map(|&r| t.rows[r].cells.get(i))
        .map(|c| width_em(&c.text))
        .fold(0.0_f64, f64::max)
        * EM;
    let cells = if wraps { cells.min(WRAP_CAP) } else { cells };
    let header = (width_em(&col.header) * EM).min(HEADER_CAP.max(cells));
    (cells.max(header) + CELL_PAD, wraps)
}

/// One Word table of a (possibly split) report table, with the line that says which part.
pub(super) struct Part {
    pub label: Option<String>,
    pub table: docx_rs::Table,
}

/// The columns of each part: every part repeats the stub columns and takes as many of the data
/// columns `cols` as fit the text width.
fn plan(needs: &[(f64, bool)], stub: usize, cols: &[usize]) -> Vec<Vec<usize>> {
    let width = f64::from(TEXT_WIDTH);
    let stub_width: f64 = needs[..stub].iter().map(|x| x.0).sum();
    let room = (width - stub_width).max(width * 0.3);
    let mut parts: Vec<Vec<usize>> = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    let mut used = 0.0;
    for &i in cols {
        let need = needs[i];
        // A wrapping column can give up width; plan it at a third of its need at least.
        let w = if need.1 {
            need.0.min(WRAP_CAP / 3.0)
        } else {
            need.0
        };
        if !current.is_empty() && used + w > room {
            parts.push(std::mem::take(&mut current));
            used = 0.0;
        }
        current.push(i);
        used += w;
    }
    if !current.is_empty() || parts.is_empty() {
        parts.push(current);
    }
    parts
        .into_iter()
        .map(|cols| (0..stub).chain(cols).collect())
        .collect()
}

/// Widths (twips) of the columns `idx`: as asked when they fit; else wrapping columns share
/// what the others leave, and if that is not enough every column shrinks in proportion.
fn widths(needs: &[(f64, bool)], idx: &[usize]) -> Vec<usize> {
    let width = f64::from(TEXT_WIDTH);
    let natural: f64 = idx.iter().map(|&i| needs[i].0).sum();
    let mut w: Vec<f64> = idx.iter().map(|&i| needs[i].0).collect();
    if natural > width {
        let fixed: f64 = idx
            .iter()
            .filter(|&&i| !needs[i].1)
            .map(|&i| needs[i].0)
            .sum();
        let wrap: f64 = natural - fixed;
        let left = width - fixed;
        let floor = 600.0 * idx.iter().filter(|&&i| needs[i].1).count() as f64;
        if wrap > 0.0 && left >= floor {
            // The widest wrapping columns give up width first: every wrapping column is capped
            // at the one width that makes them fill what is left.
            let fill = |cap: f64| -> f64 {
                idx.iter()
                    .filter(|&&i| needs[i].1)
                    .map(|&i| needs[i].0.min(cap))
                    .sum()
            };
            let widest = idx.iter().map(|&i| needs[i].0).fold(0.0_f64, f64::max);
            let (mut lo, mut hi) = (0.0, widest);
            for _ in 0..40 {
                let mid = (lo + hi) / 2.0;
                if fill(mid) > left { hi = mid } else { lo = mid }
            }
            for (k, &i) in idx.iter().enumerate() {
                if needs[i].1 {
                    w[k] = needs[i].0.min(lo);
                }
            }
        } else {
            w.iter_mut().for_each(|x| *x *= width / natural);
        }
    }
    w.into_iter()
        .map(|x| x.round().max(300.0) as usize)
        .collect()
}

/// The Word tables for rows `rows` and data columns `cols` of `t`.
pub(super) fn parts(t: &Table, rows: &[usize], cols: &[usize], lang: Lang) -> Vec<Part> {
    let n = t.columns.len();
    if n == 0 {
        return Vec::new();
    }
    let stub = t.stub.min(n);
    let needs: Vec<(f64, bool)> = (0..n)
        .map(|i| {
            if i < stub || cols.contains(&i) {
                column_need(t, rows, i)
            } else {
                (0.0, false)
            }
        })
        .collect();
    let parts = plan(&needs, stub, cols);
    let count = parts.len();
    parts
        .into_iter()
        .enumerate()
        .map(|(k, idx)| Part {
            label: (count > 1).then(|| {
                tf(
                    lang,
                    "dx_table_part",
                    &[("count", &count.to_string()), ("k", &(k + 1).to_string())],
                )
            }),
            table: word_table(t, rows, &idx, &widths(&needs, &idx)),
        })
        .collect()
}

fn cell(text: &str, width: usize, right: bool, fill: Option<&str>, run: Run) -> TableCell {
    let mut p = Paragraph::new().style("TableText");
    if right {
        p = p.align(AlignmentType::Right);
    }
    let mut c = TableCell::new()
        .width(width, WidthType::Dxa)
        .add_paragraph(p.add_run(run.add_text(text)));
    if let Some(f) = fill {
        c = c.shading(Shading::new().fill(f));
    }
    c
}

fn word_table(t: &Table, rows: &[usize], idx: &[usize], widths: &[usize]) -> docx_rs::Table {
    let right = |i: usize| t.columns[i].align == Align::Right;
    let header = TableRow::new(
        idx.iter()
            .zip(widths)
            .map(|(&i, &w)| {
                cell(
                    &t.columns[i].header,
                    w,
                    false,
                    Some(FILL_HEADER),
                    Run::new().bold().color(super::INK_HEADING),
                )
            })
            .collect(),
    )
    // The marker `mark_header_rows` turns into "repeat as header row".
    .cant_split();
    let mut out = vec![header];
    out.extend(
        rows.iter()
            .map(|&r| body_row(&t.rows[r], idx, widths, &right)),
    );
    docx_rs::Table::new(out)
        .set_grid(widths.to_vec())
        .layout(TableLayoutType::Fixed)
        .width(widths.iter().sum(), WidthType::Dxa)
        .margins(TableCellMargins::new().margin(20, 70, 20, 70))
}

fn body_row(r: &Row, idx: &[usize], widths: &[usize], right: &dyn Fn(usize) -> bool) -> TableRow {
    let fill = match r.style {
        RowStyle::Subtotal => Some(FILL_SUBTOTAL),
        RowStyle::Total => Some(FILL_TOTAL),
        RowStyle::Unverified => Some(FILL_UNVERIFIED),
        RowStyle::Normal | RowStyle::Memo => None,
    };
    TableRow::new(
        idx.iter()
            .zip(widths)
            .map(|(&i, &w)| {
                let c = r.cells.get(i);
                let mut run = Run::new();
                match r.style {
                    RowStyle::Subtotal | RowStyle::Total => run = run.bold(),
                    RowStyle::Memo => run = run.italic().color(INK_MEMO),
                    _ => {}
                }
                if c.is_some_and(|c| c.warn) {
                    run = run.bold().color(INK_WARN);
                }
                cell(c.map_or("", |c| c.text.as_str()), w, right(i), fill, run)
            })
            .collect(),
    )
}

/// Label–value pairs (the cover's facts) as a borderless two-column table.
pub(super) fn key_values(pairs: &[(String, String)]) -> docx_rs::Table {
    let key_w = pairs
        .iter()
        .map(|(k, _)| width_em(k))
        .fold(0.0_f64, f64::max)
        .mul_add(220.0, 400.0)
        .min(f64::from(TEXT_WIDTH) * 0.4) as usize;
    let value_w = TEXT_WIDTH as usize - key_w;
    let rows = pairs
        .iter()
        .map(|(k, v)| {
            let p = |s: &str, run: Run| {
                Paragraph::new()
                    .line_spacing(
                        docx_rs::LineSpacing::new()
                            .before(60)
                            .after(60)
                            .line(240)
                            .line_rule(docx_rs::LineSpacingType::Auto),
                    )
                    .add_run(run.add_text(s).size(22))
            };
            TableRow::new(vec![
                TableCell::new()
                    .width(key_w, WidthType::Dxa)
                    .add_paragraph(p(k, Run::new().color(INK_KEY).bold())),
                TableCell::new()
                    .width(value_w, WidthType::Dxa)
                    .add_paragraph(p(v, Run::new())),
            ])
        })
        .collect();
    docx_rs::Table::without_borders(rows)
        .set_grid(vec![key_w, value_w])
        .layout(TableLayoutType::Fixed)
        .width(TEXT_WIDTH as usize, WidthType::Dxa)
}

/// `document.xml` with every header row (marked `cantSplit` by `word_table`) set to repeat at
/// the top of each page (`tblHeader`, which docx-rs does not write).
pub(super) fn mark_header_rows(document: &[u8]) -> Vec<u8> {
    String::from_utf8_lossy(document)
        .replace("<w:cantSplit />", "<w:cantSplit /><w:tblHeader />")
        .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::doc::Column;

    #[test]
    fn a_wide_table_is_split_and_each_part_repeats_the_stub() {
        let mut columns = vec![Column::nowrap("县区")];
        columns.extend((0..30).map(|i| Column::number(format!("指标{i}（万元）"))));
        let rows = vec![Row::plain(
            std::iter::once("浉河区".to_string()).chain((0..30).map(|_| "1,234,567.89".into())),
        )];
        let t = Table {
            columns,
            rows,
            stub: 1,
        };
        let needs: Vec<(f64, bool)> = (0..31).map(|i| column_need(&t, &[0], i)).collect();
        let parts = plan(&needs, 1, &(1..31).collect::<Vec<_>>());
        assert!(parts.len() >= 3, "{parts:?}");
        assert!(parts.iter().all(|p| p[0] == 0));
        let all: Vec<usize> = parts.iter().flat_map(|p| p[1..].to_vec()).collect();
        assert_eq!(all, (1..31).collect::<Vec<_>>());
        for p in &parts {
            let w: usize = widths(&needs, p).iter().sum();
            assert!(w <= TEXT_WIDTH as usize + p.len(), "{w}");
        }
    }

    #[test]
    fn wrapping_columns_give_up_width_first() {
        let needs = [(2000.0, false), (9000.0, true), (1500.0, false)];
        let w = widths(&needs, &[0, 1, 2]);
        assert_eq!((w[0], w[2]), (2000, 1500));
        assert!(
            (w[1] as i64 - (TEXT_WIDTH as i64 - 3500)).abs() <= 1,
            "{w:?}"
        );
        // Of two wrapping columns the wider one gives up width; the narrow keeps its own.
        let needs = [
            (3000.0, false),
            (1500.0, true),
            (3360.0, true),
            (3360.0, true),
        ];
        let w = widths(&needs, &[0, 1, 2, 3]);
        assert_eq!((w[0], w[1]), (3000, 1500), "{w:?}");
        let rest = (TEXT_WIDTH as f64 - 4500.0) / 2.0;
        assert!((w[2] as f64 - rest).abs() <= 1.0 && w[2] == w[3], "{w:?}");
    }

    #[test]
    fn header_rows_are_marked_to_repeat() {
        let xml = b"<w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr>";
        assert_eq!(
            String::from_utf8_lossy(&mark_header_rows(xml)),
            "<w:tr><w:trPr><w:cantSplit /><w:tblHeader /></w:trPr></w:tr>"
        );
    }
}
