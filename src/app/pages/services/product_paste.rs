//! Material products: a block pasted into the output-value columns or into a county's product
//! lines, walked cell by cell (`apply_block`); every cell not written is listed by county,
//! column, text and reason (`table::clip`), the rest is one undo step.

use crate::app::format;
use crate::app::state::AppState;
use crate::app::table::clip;
use crate::app::widgets::{PasteCount, Pasted, Why, apply_block};
use crate::i18n::t;
use crate::model::Project;

use super::ctx::{Ctx, Row};
use super::edits::existing;
use super::products::{LINE_COLS, LineCol, OUT_COLS, OutCol, set_line_cell, set_output_cell};

/// Why a cell of a column was not usable: a number column says whether it was a number at
/// all; a unit, basis or year column that its text is not one it knows.
fn why_not(number: bool, text: &str) -> Why {
    match (number, format::parse_number(text)) {
        (true, Some(_)) => Why::OutOfRange,
        (true, None) => Why::NotANumber,
        (false, _) => Why::NotRecognised,
    }
}

/// A block pasted into the output-value columns from `col` on, down `rows`; a county with
/// product lines takes none of it (listed as not used).
pub(super) fn paste_outputs(
    p: &mut Project,
    ctx: &Ctx<'_>,
    ind: &str,
    method: &str,
    rows: &[Row],
    col: OutCol,
    block: &[Vec<String>],
) -> PasteCount {
    let (year, money) = (ctx.year, ctx.money);
    let start = OUT_COLS.iter().position(|c| *c == col).unwrap_or(0);
    apply_block(block, rows, &OUT_COLS[start..], |r, c, cell| {
        if cell.is_empty() {
            return Pasted::Ignored;
        }
        let has_lines = existing(p, year, &r.code, ind).is_some_and(|x| !x.products.is_empty());
        let has_value = existing(p, year, &r.code, ind).is_some_and(|x| x.output_value.is_some());
        if has_lines || (*c != OutCol::Value && !has_value) {
            Pasted::Rejected(Why::NotUsed)
        } else if set_output_cell(p, year, &r.code, ind, method, money, *c, cell) {
            Pasted::Written
        } else {
            Pasted::Rejected(why_not(*c == OutCol::Value, cell))
        }
    })
}

/// A block pasted into county `code`'s product lines k, k+1, … from column `col` on; a
/// county with an output value entered takes none of it (listed as not used).
#[allow(clippy::too_many_arguments)]
pub(super) fn paste_lines(
    p: &mut Project,
    ctx: &Ctx<'_>,
    ind: &str,
    method: &str,
    code: &str,
    k: usize,
    col: LineCol,
    block: &[Vec<String>],
) -> PasteCount {
    let year = ctx.year;
    let start = LINE_COLS.iter().position(|c| *c == col).unwrap_or(0);
    let lines: Vec<usize> = (k..k + block.len()).collect();
    apply_block(block, &lines, &LINE_COLS[start..], |line, c, cell| {
        if cell.is_empty() && *c != LineCol::Name && *c != LineCol::Source {
            Pasted::Ignored
        } else if existing(p, year, code, ind).is_some_and(|x| x.output_value.is_some()) {
            Pasted::Rejected(Why::NotUsed)
        } else if set_line_cell(p, year, code, ind, method, *line, *c, cell) {
            Pasted::Written
        } else {
            let number = matches!(c, LineCol::Quantity | LineCol::Price);
            Pasted::Rejected(why_not(number, cell))
        }
    })
}

/// The column head of an output-value column, as the table shows it.
fn out_col_name(ctx: &Ctx<'_>, c: OutCol) -> String {
    let lang = ctx.lang;
    match c {
        OutCol::Value => format!(
            "{} ({})",
            t(lang, "svc_output_value"),
            ctx.money.unit().symbol(lang)
        ),
        OutCol::Basis => t(lang, "svc_basis").to_string(),
        OutCol::PriceYear => t(lang, "svc_price_year").to_string(),
        OutCol::Source => t(lang, "svc_source").to_string(),
    }
}

/// The column head of a product-line column, as the table shows it.
fn line_col_name(ctx: &Ctx<'_>, c: LineCol) -> String {
    let key = match c {
        LineCol::Name => "svc_line_name",
        LineCol::Quantity => "svc_line_quantity",
        LineCol::Unit => "svc_line_unit",
        LineCol::Price => "svc_line_price",
        LineCol::PriceYear => "svc_price_year",
        LineCol::Source => "svc_source",
    };
    t(ctx.lang, key).to_string()
}

/// Status line and list of unwritten cells after a paste into the output-value columns at
/// row `i`, column `col`.
pub(super) fn report_outputs(
    state: &mut AppState,
    ctx: &Ctx<'_>,
    i: usize,
    col: OutCol,
    n: &PasteCount,
) {
    let start = OUT_COLS.iter().position(|c| *c == col).unwrap_or(0);
    clip::report_paste(
        state,
        n,
        |r| {
            ctx.rows
                .get(i + r)
                .map_or_else(String::new, |x| x.name.clone())
        },
        |c| {
            OUT_COLS
                .get(start + c)
                .map_or_else(String::new, |c| out_col_name(ctx, *c))
        },
    );
}

/// Status line and list of unwritten cells after a paste into county `i`'s product line
/// `k`, column `col` (rows named as the line editor names them).
pub(super) fn report_lines(
    state: &mut AppState,
    ctx: &Ctx<'_>,
    i: usize,
    k: usize,
    col: LineCol,
    n: &PasteCount,
) {
    let start = LINE_COLS.iter().position(|c| *c == col).unwrap_or(0);
    let county = ctx.rows.get(i).map_or_else(String::new, |x| x.name.clone());
    clip::report_paste(
        state,
        n,
        |r| format!("{county} · {} {}", t(ctx.lang, "svc_line"), k + r + 1),
        |c| {
            LINE_COLS
                .get(start + c)
                .map_or_else(String::new, |c| line_col_name(ctx, *c))
        },
    );
}
