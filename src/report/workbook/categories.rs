//! Sheet 4, 类别 Categories: category totals, imported deduction, market / non-market, memo items,
//! shares and ratios per county.
//!
//! Must not compute accounting numbers: it lays out the engine's.

use rust_xlsxwriter::Worksheet;

use crate::registry::Category;

use super::sheet::{INT, Look, MONEY, PCT, RATIO, Sheet, TITLED_HEADER, col};
use super::{Ctx, Res, TotalsField, wan};

pub(super) fn categories_sheet(cx: &Ctx) -> Res<Worksheet> {
    let a = cx.accounts;
    let st = &cx.st;
    let py = a.price_year;
    let title = &cx.title(cx.key("wb_categories_title"));
    let note = &cx.keyf("wb_categories_note", &[("price_year", &py.to_string())]);
    let hr = TITLED_HEADER;
    let money_cols: [(String, TotalsField); 10] = [
        (cx.money(&cx.category(Category::Material)), |t| t.material),
        (cx.money(&cx.category(Category::Regulating)), |t| {
            t.regulating
        }),
        (cx.money(&cx.category(Category::Cultural)), |t| t.cultural),
        (cx.money(cx.key("wb_categories_gross_value")), |t| t.gross),
        (cx.money(cx.key("wb_categories_imported_deduction")), |t| {
            t.imported_deduction
        }),
        (cx.money("GEP"), |t| t.gep),
        (cx.money(cx.key("wb_market_value")), |t| t.market),
        (cx.money(cx.key("wb_non_market_value")), |t| t.non_market),
        (cx.money(cx.key("wb_categories_memo_items")), |t| {
            t.outside_framework
        }),
        (cx.money(cx.key("memo_cs_short")), |t| t.consumer_surplus),
    ];
    let mut hdr: Vec<String> = vec![cx.key("wb_county_code").into(), cx.key("wb_county").into()];
    hdr.extend(money_cols.iter().map(|(h, _)| h.clone()));
    hdr.extend([
        cx.key("wb_categories_material_share").into(),
        cx.key("wb_categories_regulating_share").into(),
        cx.key("wb_categories_cultural_share").into(),
        cx.with_unit(cx.key("wb_gep_per_capita"), cx.key("wb_yuan_per_person")),
        cx.with_unit(cx.key("wb_gep_per_km2"), cx.key("wb_wan_per_km2")),
        "GEP/GDP".into(),
    ]);
    let refs: Vec<&str> = hdr.iter().map(String::as_str).collect();
    let mut s = Sheet::titled(cx.names[3], title, note, &refs, st, 2)?;
    let nm = money_cols.len();
    let ratio_cols = |r: &crate::engine::Ratios| {
        [
            (r.share_material, PCT),
            (r.share_regulating, PCT),
            (r.share_cultural, PCT),
            (r.gep_per_capita, INT),
            (r.gep_per_km2.map(wan), MONEY),
            (r.gep_per_gdp, RATIO),
        ]
    };
    let first = hr + 1;
    let mut r = first;
    let mut cols: Vec<Vec<f64>> = vec![Vec::new(); nm];
    for c in &a.counties {
        s.text(r, 0, &c.code, &st.text)?;
        s.text(r, 1, c.name_zh_or_en(cx.lang), &st.text)?;
        for (k, (_, get)) in money_cols.iter().enumerate() {
            let v = wan(get(&c.totals));
            let look = if k == nm - 1 { Look::Memo } else { Look::Plain };
            s.num(r, col(2 + k), v, &st.num(MONEY, look))?;
            cols[k].push(v);
        }
        for (k, (v, code)) in ratio_cols(&c.ratios).into_iter().enumerate() {
            s.opt_num(r, col(2 + nm + k), v, &st.num(code, Look::Plain))?;
        }
        r += 1;
    }
    s.text(r, 0, cx.key("wb_total"), &st.bold)?;
    s.text(r, 1, cx.key("wb_categories_ratios_region"), &st.bold)?;
    let total = st.num(MONEY, Look::Total);
    for (k, v) in cols.iter().enumerate() {
        if a.counties.is_empty() {
            s.num(r, col(2 + k), 0.0, &total)?;
        } else {
            s.sum_column(r, col(2 + k), first, r - 1, v, &total)?;
        }
    }
    for (k, (v, code)) in ratio_cols(&a.region.ratios).into_iter().enumerate() {
        s.opt_num(r, col(2 + nm + k), v, &st.num(code, Look::Total))?;
    }
    let mut ws = s.finish(Some(hr))?;
    ws.set_row_height(hr, 48)?;
    Ok(ws)
}
