//! Sheet GEP 变化分解 Why GEP changed (written only when the project has an accounting year
//! before the workbook's): the change from that year split into quantity, price, coverage and
//! value-entered effects (`engine::decompose`, each year at its own prices, the workbook's
//! framework for both) — the region's summary sentence, counties × effects with the region,
//! the region's indicators × effects, then the method. Money in 万元 as numbers.
//!
//! Must not compute accounting numbers: it lays out the engine's decomposition.

use rust_xlsxwriter::{RowNum, Worksheet};

use crate::engine::decompose::{CountyChange, Effect, Side, decompose, earlier_year};
use crate::view::decompose as vd;

use super::sheet::{Look, MONEY, Sheet, col};
use super::{Ctx, Res, wan};

/// The sheet, or `None` without an earlier year or counties (or when it cannot be computed).
pub(super) fn decompose_sheet(cx: &Ctx) -> Res<Option<Worksheet>> {
    let a = cx.accounts;
    let Some(from) = earlier_year(cx.project, a.year) else {
        return Ok(None);
    };
    let side = |year| Side {
        project: cx.project,
        year,
        framework: Some(a.framework.as_str()),
    };
    let Ok(d) = decompose(cx.registry, side(from), side(a.year), false) else {
        return Ok(None);
    };
    if d.counties.is_empty() {
        return Ok(None);
    }
    let st = &cx.st;
    let mut s = Sheet::new(cx.key("dc_wb_sheet"))?;
    s.label(0, 0, &cx.title(cx.key("dc_rpt_heading")), &st.title)?;
    s.label(1, 0, &vd::summary_sentence(cx, &d, &d.region), &st.note)?;
    let (plain, total) = (st.num(MONEY, Look::Plain), st.num(MONEY, Look::Total));
    let money_head = |label: &str| cx.money(label);
    let mut head: Vec<String> = vec![
        money_head(&vd::side_label(cx, &d, &d.from)),
        money_head(&vd::side_label(cx, &d, &d.to)),
        money_head(cx.key("dc_change")),
    ];
    head.extend(Effect::ALL.map(|e| money_head(vd::effect_name(cx, e))));
    // Counties × effects, the region last.
    let mut r: RowNum = 3;
    let mut h: Vec<&str> = vec![cx.key("dc_place")];
    h.extend(head.iter().map(String::as_str));
    s.header(r, 0, &h, &st.header)?;
    let header_row = r;
    r += 1;
    for c in d.counties.iter().chain([&d.region]) {
        let f = if c.code.is_empty() { &total } else { &plain };
        s.text(
            r,
            0,
            &vd::place(cx, c),
            if c.code.is_empty() {
                &st.bold
            } else {
                &st.text
            },
        )?;
        values(&mut s, r, 1, c.gep_from, c.gep_to, c, f)?;
        r += 1;
    }
    // The region's indicators × effects.
    r += 1;
    s.label(r, 0, &vd::place(cx, &d.region), &st.bold)?;
    r += 1;
    let mut h: Vec<&str> = vec![cx.key("dc_indicator"), cx.key("dc_category")];
    h.extend(head.iter().map(String::as_str));
    s.header(r, 0, &h, &st.header)?;
    r += 1;
    for i in &d.region.indicators {
        s.text(r, 0, &vd::row_name(cx, &i.id), &st.text)?;
        s.text(r, 1, &cx.category(i.category), &st.text)?;
        s.num(r, 2, wan(i.value_from), &plain)?;
        s.num(r, 3, wan(i.value_to), &plain)?;
        s.num(r, 4, wan(i.change()), &plain)?;
        for (k, e) in Effect::ALL.into_iter().enumerate() {
            s.num(r, col(5 + k), wan(i.effects.get(e)), &plain)?;
        }
        r += 1;
    }
    r += 1;
    s.label(r, 0, &vd::method_sentence(cx, &d), &st.note)?;
    Ok(Some(s.finish(Some(header_row))?))
}

/// From, to, change and the four effects of a place from column `c0`.
fn values(
    s: &mut Sheet,
    r: RowNum,
    c0: usize,
    from: f64,
    to: f64,
    c: &CountyChange,
    f: &rust_xlsxwriter::Format,
) -> Res {
    s.num(r, col(c0), wan(from), f)?;
    s.num(r, col(c0 + 1), wan(to), f)?;
    s.num(r, col(c0 + 2), wan(to - from), f)?;
    for (k, e) in Effect::ALL.into_iter().enumerate() {
        s.num(r, col(c0 + 3 + k), wan(c.effects.get(e)), f)?;
    }
    Ok(())
}
