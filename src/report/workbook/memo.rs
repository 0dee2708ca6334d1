//! The memo block (备忘项目) at the foot of sheet 2, 价值量 Values: one row per memo amount
//! (`view::memo::rows`) with county, indicator, kind, amount (万元), price year and the engine's
//! note on why it is not in GEP, then their sum. Memo amounts are never in a GEP cell.
//!
//! Must not compute accounting numbers: it lays out the engine's.

use rust_xlsxwriter::RowNum;

use crate::i18n::t;
use crate::view::memo;

use super::sheet::{Look, MONEY, Sheet, YEAR};
use super::{Ctx, Res, wan};

/// Writes the memo block from row `r` down; returns the row after it.
pub(super) fn memo_block(cx: &Ctx, s: &mut Sheet, mut r: RowNum) -> Res<RowNum> {
    let st = &cx.st;
    let lang = cx.lang;
    s.label(r, 0, t(lang, "memo_title"), &st.section)?;
    r += 1;
    s.label(r, 0, t(lang, "memo_not_in_gep"), &st.note)?;
    r += 1;
    let rows = memo::rows(cx.accounts);
    if rows.is_empty() {
        s.label(r, 0, t(lang, "memo_none"), &st.memo_text)?;
        return Ok(r + 1);
    }
    let value = cx.money(t(lang, "memo_col_value"));
    let header = [
        cx.key("wb_indicator_id"),
        t(lang, "memo_col_county"),
        t(lang, "memo_col_indicator"),
        t(lang, "memo_col_kind"),
        value.as_str(),
        t(lang, "memo_col_price_year"),
        t(lang, "memo_col_note"),
    ];
    s.header(r, 0, &header, &st.header)?;
    r += 1;
    let first = r;
    let money = st.num(MONEY, Look::Memo);
    let year = st.num(YEAR, Look::Memo);
    let mut written = Vec::with_capacity(rows.len());
    for m in &rows {
        s.text(r, 0, &m.indicator.id, &st.memo_text)?;
        s.text(r, 1, m.county.name_zh_or_en(lang), &st.memo_text)?;
        s.text(r, 2, &cx.indicator_name(&m.indicator.id), &st.memo_text)?;
        s.text(r, 3, m.kind_text(lang), &st.memo_text)?;
        let v = wan(m.memo.value);
        s.num(r, 4, v, &money)?;
        written.push(v);
        s.num(r, 5, f64::from(m.memo.price_year), &year)?;
        s.label(r, 6, m.note(lang), &st.memo_text)?;
        r += 1;
    }
    s.text(r, 3, cx.key("wb_values_memo_items"), &st.memo_text)?;
    s.sum_column(r, 4, first, r - 1, &written, &money.clone().set_bold())?;
    Ok(r + 1)
}
