//! Material products and the clipboard: a block pasted into the output-value columns or into
//! a county's product lines, walked cell by cell (`apply_block`), every cell not written
//! listed by county, column, text and reason (`table::clip`), the rest one undo step; and the
//! products table copied out as TSV with its headers.

use crate::app::format;
use crate::app::state::AppState;
use crate::app::table::clip;
use crate::app::widgets::{PasteCount, Pasted, Why, apply_block};
use crate::engine::Status;
use crate::i18n::t;
use crate::io::clipboard::tsv_number;
use crate::model::Project;

use super::ctx::{Ctx, Row};
use super::edits::existing;
use super::products::{
    LINE_COLS, LineCol, OUT_COLS, OutCol, basis_text, set_line_cell, set_output_cell,
};

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
/// product lines takes none of it (listed as the other entry mode).
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
            Pasted::Rejected(Why::OtherMode)
        } else if set_output_cell(p, year, &r.code, ind, method, money, *c, cell) {
            Pasted::Written
        } else {
            Pasted::Rejected(why_not(*c == OutCol::Value, cell))
        }
    })
}

/// A block pasted into county `code`'s product lines k, k+1, … from column `col` on; a
/// county with an output value entered takes none of it (listed as the other entry mode).
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
            Pasted::Rejected(Why::OtherMode)
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

/// The products table as shown, header row first: county, entry mode, output value, basis,
/// price year, source, number of product lines, the engine's value (money in the unit shown).
pub(super) fn copy_rows(ctx: &Ctx<'_>) -> Vec<Vec<String>> {
    let (lang, money) = (ctx.lang, ctx.money);
    let dec = format::money_decimals(money);
    let sym = money.unit().symbol(lang);
    let mut out = vec![vec![
        t(lang, "page_counties").to_string(),
        t(lang, "svc_entry_mode").to_string(),
        format!("{} ({sym})", t(lang, "svc_output_value")),
        t(lang, "svc_basis").to_string(),
        t(lang, "svc_price_year").to_string(),
        t(lang, "svc_source").to_string(),
        t(lang, "svc_lines").to_string(),
        format!("{} ({sym})", t(lang, "svc_value")),
    ]];
    for r in ctx.rows {
        let inp = r.input.as_ref();
        let n = inp.map_or(0, |x| x.products.len());
        let ov = inp.and_then(|x| x.output_value.as_ref());
        let mode = match (n > 0, ov.is_some()) {
            (true, true) => t(lang, "svc_mode_both"),
            (true, false) => t(lang, "svc_mode_lines"),
            (false, true) => t(lang, "svc_mode_output"),
            (false, false) => "",
        };
        let value = ctx
            .computed
            .get(&r.code)
            .filter(|c| c.status == Status::Computed)
            .map(|c| money.from_yuan(c.value));
        out.push(vec![
            r.name.clone(),
            mode.to_string(),
            tsv_number(ov.map(|o| money.from_yuan(o.value_yuan)), dec),
            ov.map_or("", |o| basis_text(lang, o.basis)).to_string(),
            ov.and_then(|o| o.price_year)
                .map_or_else(String::new, |y| y.to_string()),
            ov.map_or_else(String::new, |o| o.source.clone()),
            if n > 0 { n.to_string() } else { String::new() },
            tsv_number(value, dec),
        ]);
    }
    out
}
