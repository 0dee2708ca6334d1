//! Sheet 5, 当量因子法 ESV: by service and by land class (value and area), standard equivalent D,
//! and, when any county has one, the regional coefficients of Xie et al. 2015 (value and
//! derivation per county) with the ESV before them.
//!
//! Must not compute accounting numbers: it lays out the engine's.

use rust_xlsxwriter::utility::cell_range;
use rust_xlsxwriter::{RowNum, Worksheet};

use crate::engine::EsvAccount;
use crate::model::StandardEquivalent;
use crate::registry::{AdjustBy, FactorTable, Tag};
use crate::units::Unit;
use crate::view::esv_adjust;

use super::sheet::{Look, MONEY, Sheet, col};
use super::{Ctx, EsvField, Res, wan};

pub(super) fn esv_sheet(cx: &Ctx) -> Res<Worksheet> {
    let a = cx.accounts;
    let st = &cx.st;
    let mut s = Sheet::new(cx.names[4])?;
    s.label(0, 0, &cx.title(cx.key("wb_esv_title")), &st.title)?;
    let esvs: Vec<Option<&crate::engine::EsvAccount>> =
        a.counties.iter().map(|c| c.esv.as_ref()).collect();
    let Some(first_esv) = esvs.iter().flatten().next() else {
        s.label(
            2,
            0,
            &cx.keyf("wb_esv_not_computed", &[("validation_sheet", cx.names[7])]),
            &st.banner,
        )?;
        return s.finish(None);
    };
    let table = cx.factor_table(&first_esv.table);
    let (info, d_unverified) = info_lines(cx, first_esv, table);
    s.label(1, 0, &info[0], &st.note)?;
    s.label(
        2,
        0,
        &info[1],
        if d_unverified { &st.banner } else { &st.note },
    )?;
    let hr: RowNum = 3;
    let mut hdr: Vec<String> = vec![
        cx.key("wb_esv_id").into(),
        cx.key("wb_esv_service_land_class").into(),
        cx.key("wb_esv_market_header").into(),
        cx.key("wb_unit").into(),
    ];
    hdr.extend(
        a.counties
            .iter()
            .map(|c| c.name_zh_or_en(cx.lang).to_string()),
    );
    hdr.push(cx.key("wb_total").into());
    let refs: Vec<&str> = hdr.iter().map(String::as_str).collect();
    s.header(hr, 0, &refs, &st.header)?;
    let mut r = hr + 1;

    r = service_rows(cx, &mut s, r, &esvs, table, d_unverified)?;
    r = coefficient_rows(cx, &mut s, r, &esvs)?;
    class_rows(cx, &mut s, r, &esvs)?;
    s.ws.set_freeze_panes(hr + 1, 2)?;
    let mut ws = s.finish(Some(hr))?;
    ws.set_row_height(hr, 32)?;
    Ok(ws)
}

/// The columns before the per-county values.
const FIXED: usize = 4;

/// The factor table and the standard equivalent's source (two note lines), and whether D is
/// unverified.
fn info_lines(
    cx: &Ctx,
    first_esv: &EsvAccount,
    table: Option<&FactorTable>,
) -> ([String; 2], bool) {
    let a = cx.accounts;
    let table_name = table.map_or(String::new(), |t| t.name.get(cx.lang).to_string());
    let table_source = table.map_or("", |t| t.source.get(cx.lang));
    let (d_source, d_tag, d_year) = match &cx.project.esv.standard_equivalent {
        StandardEquivalent::Direct {
            source,
            tag,
            price_year,
            ..
        } => (source.as_str(), Some(*tag), *price_year),
        StandardEquivalent::GrainOneSeventh {
            source, price_year, ..
        }
        | StandardEquivalent::NetProfit {
            source, price_year, ..
        } => (source.as_str(), None, *price_year),
    };
    let tag = d_tag.map_or(String::new(), |t| {
        cx.keyf("wb_esv_tag_mark", &[("tag", t.label())])
    });
    let info = [
        cx.keyf(
            "wb_esv_factor_table_line",
            &[
                ("table", &first_esv.table),
                ("name", &table_name),
                ("source", table_source),
            ],
        ),
        cx.keyf(
            "wb_esv_equivalent_line",
            &[
                ("d_year", &d_year.to_string()),
                ("price_year", &a.price_year.to_string()),
                ("tag", &tag),
                ("source", d_source),
            ],
        ),
    ];
    let d_unverified = d_tag.is_some_and(Tag::is_unverified);
    (info, d_unverified)
}

/// A row of per-county values from column `FIXED`, with a `SUM` in the total column.
fn county_values(
    cx: &Ctx,
    s: &mut Sheet,
    r: RowNum,
    vals: &[Option<f64>],
    code: &str,
    look: Look,
    with_sum: bool,
) -> Res {
    let st = &cx.st;
    let n = vals.len();
    let mut written = Vec::new();
    for (k, v) in vals.iter().enumerate() {
        match v {
            Some(v) => {
                s.num(r, col(FIXED + k), *v, &st.num(code, look))?;
                written.push(*v);
            }
            None => s.text(r, col(FIXED + k), "—", &st.dash(true))?,
        }
    }
    if with_sum && n > 0 {
        let range = cell_range(r, col(FIXED), r, col(FIXED + n - 1));
        let f = st.num(code, look).set_bold();
        s.sum(r, col(FIXED + n), &range, written.iter().sum(), &f)?;
    }
    Ok(())
}

/// ESV by service, the market / non-market / total sums and D, from row `r`; returns the next
/// free row.
fn service_rows(
    cx: &Ctx,
    s: &mut Sheet,
    mut r: RowNum,
    esvs: &[Option<&EsvAccount>],
    table: Option<&FactorTable>,
    d_unverified: bool,
) -> Res<RowNum> {
    let st = &cx.st;
    let wan_u = cx.unit(Unit::WanYuan);
    let Some(first_esv) = esvs.iter().flatten().next() else {
        return Ok(r);
    };
    s.label(r, 0, &cx.money(cx.key("wb_esv_service")), &st.section)?;
    r += 1;
    let services: Vec<(String, String, Option<bool>)> = match table {
        Some(t) => t
            .services
            .iter()
            .map(|x| {
                (
                    x.id.clone(),
                    x.name.get(cx.lang).to_string(),
                    Some(x.market),
                )
            })
            .collect(),
        None => first_esv
            .by_service
            .iter()
            .map(|(id, _)| (id.to_string(), id.to_string(), None))
            .collect(),
    };
    for (sid, sname, market) in &services {
        s.text(r, 0, sid, &st.text)?;
        s.text(r, 1, sname, &st.text)?;
        let m = match market {
            Some(true) => cx.key("wb_esv_market"),
            Some(false) => cx.key("wb_esv_non_market"),
            None => "",
        };
        s.text(r, 2, m, &st.text)?;
        s.text(r, 3, wan_u, &st.indent)?;
        let vals: Vec<Option<f64>> = esvs
            .iter()
            .map(|e| {
                e.and_then(|e| {
                    e.by_service
                        .iter()
                        .find(|(id, _)| &**id == sid)
                        .map(|(_, v)| wan(*v))
                })
            })
            .collect();
        county_values(cx, s, r, &vals, MONEY, Look::Plain, true)?;
        r += 1;
    }
    let sums: [(&str, EsvField, Look); 3] = [
        (cx.key("wb_market_value"), |e| e.market, Look::Plain),
        (cx.key("wb_non_market_value"), |e| e.non_market, Look::Plain),
        (cx.key("wb_esv_esv_total"), |e| e.total, Look::Total),
    ];
    for (label, get, look) in sums {
        s.text(
            r,
            1,
            label,
            if look == Look::Total {
                &st.bold
            } else {
                &st.text
            },
        )?;
        s.text(r, 3, wan_u, &st.indent)?;
        let vals: Vec<Option<f64>> = esvs.iter().map(|e| e.map(|e| wan(get(e)))).collect();
        county_values(cx, s, r, &vals, MONEY, look, true)?;
        r += 1;
    }
    s.text(r, 0, "D", &st.text)?;
    s.text(r, 1, cx.key("wb_esv_standard_equivalent_d"), &st.text)?;
    s.text(r, 3, cx.unit(Unit::YuanPerHm2), &st.indent)?;
    let vals: Vec<Option<f64>> = esvs
        .iter()
        .map(|e| e.map(|e| e.standard_equivalent))
        .collect();
    let d_look = if d_unverified {
        Look::Unverified
    } else {
        Look::Plain
    };
    county_values(cx, s, r, &vals, MONEY, d_look, false)?;
    r += 2;
    Ok(r)
}

/// The regional coefficients (P, R, S) per county, each with a row of derivations in words,
/// and the ESV before them; nothing when no county has a coefficient. Returns the next free row.
fn coefficient_rows(
    cx: &Ctx,
    s: &mut Sheet,
    mut r: RowNum,
    esvs: &[Option<&EsvAccount>],
) -> Res<RowNum> {
    if !esv_adjust::any_adjusted(cx.accounts) {
        return Ok(r);
    }
    let st = &cx.st;
    s.label(r, 0, cx.key("esva_rpt_heading"), &st.section)?;
    r += 1;
    let per_county: Vec<Option<Vec<esv_adjust::CoefficientRow>>> = esvs
        .iter()
        .map(|e| e.map(|e| esv_adjust::rows(&cx.labels, e)))
        .collect();
    for (i, kind) in AdjustBy::ALL.iter().enumerate() {
        s.text(r, 0, kind.symbol(), &st.text)?;
        s.text(r, 1, cx.key(kind.name_key()), &st.text)?;
        s.text(r, 3, "—", &st.indent)?;
        let vals: Vec<Option<f64>> = per_county
            .iter()
            .map(|c| c.as_ref().and_then(|c| c.get(i)).map(|c| c.value))
            .collect();
        county_values(cx, s, r, &vals, "0.0000", Look::Plain, false)?;
        r += 1;
        s.text(r, 1, cx.key("esva_wb_basis"), &st.indent)?;
        for (k, c) in per_county.iter().enumerate() {
            let text = c.as_ref().and_then(|c| c.get(i)).map_or("—", |c| &c.basis);
            s.text(r, col(FIXED + k), text, &st.text)?;
        }
        r += 1;
    }
    s.text(r, 1, &cx.money(cx.key("esva_before")), &st.text)?;
    s.text(r, 3, cx.unit(Unit::WanYuan), &st.indent)?;
    let vals: Vec<Option<f64>> = esvs
        .iter()
        .map(|e| e.map(|e| wan(e.unadjusted_total)))
        .collect();
    county_values(cx, s, r, &vals, MONEY, Look::Plain, true)?;
    Ok(r + 2)
}

/// ESV value and area by land class (named, custom classes included), in first-seen order.
fn class_rows(cx: &Ctx, s: &mut Sheet, mut r: RowNum, esvs: &[Option<&EsvAccount>]) -> Res {
    let st = &cx.st;
    let wan_u = cx.unit(Unit::WanYuan);
    let mut classes: Vec<&str> = Vec::new();
    for e in esvs.iter().flatten() {
        for (id, _, _) in &e.by_class {
            if !classes.contains(&id.as_ref()) {
                classes.push(id);
            }
        }
    }
    for (title, unit, pick, code) in [
        (
            cx.money(cx.key("wb_esv_land_class_value")),
            wan_u,
            (|_a: f64, v: f64| wan(v)) as fn(f64, f64) -> f64,
            MONEY,
        ),
        (
            cx.with_unit(cx.key("wb_esv_land_class_area"), cx.unit(Unit::Hm2)),
            cx.unit(Unit::Hm2),
            (|a: f64, _v: f64| a) as fn(f64, f64) -> f64,
            MONEY,
        ),
    ] {
        s.label(r, 0, &title, &st.section)?;
        r += 1;
        for class in &classes {
            s.text(r, 0, class, &st.text)?;
            s.text(r, 1, &cx.land_class_name(class), &st.text)?;
            s.text(r, 3, unit, &st.indent)?;
            let vals: Vec<Option<f64>> = esvs
                .iter()
                .map(|e| {
                    e.and_then(|e| {
                        e.by_class
                            .iter()
                            .find(|(id, _, _)| &**id == *class)
                            .map(|(_, area, v)| pick(*area, *v))
                    })
                })
                .collect();
            county_values(cx, s, r, &vals, code, Look::Plain, true)?;
            r += 1;
        }
        r += 1;
    }
    Ok(())
}
