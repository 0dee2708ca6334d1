//! Sheet 2, 价值量 Values: county × indicator values; counted and memo (outside the framework)
//! indicators are marked; values that used an unverified (U) parameter are shaded. Below the
//! totals, the memo block (`memo.rs`): every memo amount, never in GEP.
//!
//! Must not compute accounting numbers: it lays out the engine's.

use rust_xlsxwriter::Worksheet;
use rust_xlsxwriter::utility::cell_range;

use crate::engine::Status;
use crate::registry::Category;

use super::sheet::{Look, MONEY, Sheet, TITLED_HEADER, col};
use super::{Ctx, Res, TotalsField, indicator, wan};

/// Fixed columns before the county columns.
pub(super) const VALUE_FIXED: usize = 5;

pub(super) fn values_sheet(cx: &Ctx) -> Res<Worksheet> {
    let a = cx.accounts;
    let st = &cx.st;
    let py = a.price_year;
    let title = &cx.title(&cx.keyf("wb_values_title", &[("price_year", &py.to_string())]));
    let note = &cx.keyf(
        "wb_values_note",
        &[
            ("framework", &cx.framework_name()),
            ("validation_sheet", cx.names[7]),
        ],
    );
    let hr = TITLED_HEADER;
    let mut hdr: Vec<String> = vec![
        cx.key("wb_indicator_id").into(),
        cx.key("wb_indicator").into(),
        cx.key("wb_category").into(),
        cx.key("wb_basis").into(),
        cx.key("wb_values_valuation").into(),
    ];
    hdr.extend(
        a.counties
            .iter()
            .map(|c| c.name_zh_or_en(cx.lang).to_string()),
    );
    hdr.push(cx.money(cx.key("wb_total")));
    let refs: Vec<&str> = hdr.iter().map(String::as_str).collect();
    let mut s = Sheet::titled(cx.names[1], title, note, &refs, st, 2)?;
    let n = a.counties.len();
    let total_col = col(VALUE_FIXED + n);
    let mut r = hr + 1;
    for (i, id) in cx.indicator_ids().into_iter().enumerate() {
        let counted = cx.counted(i, id);
        let spec = cx.spec(id);
        let tf = if counted { &st.text } else { &st.memo_text };
        s.text(r, 0, id, tf)?;
        s.text(r, 1, &cx.indicator_name(id), tf)?;
        let cat = cx
            .any_account(i, id)
            .map(|x| x.category)
            .or(spec.map(|x| x.category));
        s.text(r, 2, &cat.map(|c| cx.category(c)).unwrap_or_default(), tf)?;
        s.text(r, 3, cx.basis(counted), tf)?;
        let valuation = spec.map_or(String::new(), |x| {
            x.valuation.name().get(cx.lang).to_string()
        });
        s.text(r, 4, &valuation, tf)?;
        let mut written = Vec::new();
        for (k, c) in a.counties.iter().enumerate() {
            let cc = col(VALUE_FIXED + k);
            match indicator(c, i, id) {
                Some(ia) if ia.status == Status::Computed => {
                    let u = ia.trace.as_ref().is_some_and(|t| t.uses_unverified());
                    let look = match (counted, u) {
                        (true, false) => Look::Plain,
                        (true, true) => Look::Unverified,
                        (false, false) => Look::Memo,
                        (false, true) => Look::MemoUnverified,
                    };
                    let v = wan(ia.value);
                    s.num(r, cc, v, &st.num(MONEY, look))?;
                    written.push(v);
                }
                Some(ia) => s.text(r, cc, cx.status_text(&ia.status), &st.dash(counted))?,
                None => s.text(r, cc, "—", &st.dash(counted))?,
            }
        }
        let look = if counted { Look::Plain } else { Look::Memo };
        let f = st.num(MONEY, look).set_bold();
        if n > 0 {
            let range = cell_range(r, col(VALUE_FIXED), r, col(VALUE_FIXED + n - 1));
            s.sum(r, total_col, &range, written.iter().sum(), &f)?;
        }
        r += 1;
    }

    // Totals per county from the engine.
    let lines: [(String, TotalsField, Look); 8] = [
        (cx.category(Category::Material), |t| t.material, Look::Plain),
        (
            cx.category(Category::Regulating),
            |t| t.regulating,
            Look::Plain,
        ),
        (cx.category(Category::Cultural), |t| t.cultural, Look::Plain),
        (
            cx.key("wb_less_imported").into(),
            |t| t.imported_deduction,
            Look::Plain,
        ),
        (cx.key("wb_gep").into(), |t| t.gep, Look::Total),
        (
            cx.key("wb_of_which_market").into(),
            |t| t.market,
            Look::Plain,
        ),
        (
            cx.key("wb_values_memo_items").into(),
            |t| t.outside_framework,
            Look::Memo,
        ),
        (
            crate::i18n::t(cx.lang, "memo_total_cs").into(),
            |t| t.consumer_surplus,
            Look::Memo,
        ),
    ];
    s.label(r, 0, cx.key("wb_values_totals_from_engine"), &st.section)?;
    r += 1;
    for (label, get, look) in &lines {
        let lf = match look {
            Look::Total => &st.bold,
            Look::Memo => &st.memo_text,
            _ => &st.text,
        };
        s.text(r, 1, label, lf)?;
        let f = st.num(MONEY, *look);
        let mut written = Vec::new();
        for (k, c) in a.counties.iter().enumerate() {
            let v = wan(get(&c.totals));
            s.num(r, col(VALUE_FIXED + k), v, &f)?;
            written.push(v);
        }
        if n > 0 {
            let range = cell_range(r, col(VALUE_FIXED), r, col(VALUE_FIXED + n - 1));
            s.sum(
                r,
                total_col,
                &range,
                written.iter().sum(),
                &f.clone().set_bold(),
            )?;
        }
        r += 1;
    }
    super::memo::memo_block(cx, &mut s, r + 1)?;
    let mut ws = s.finish(Some(hr))?;
    ws.set_row_height(hr, 32)?;
    Ok(ws)
}
