//! Sheet 6, 参数 Parameters: every parameter used with value, unit, price year, index, index factor,
//! source, verification tag and override flag (U rows shaded); the price-index values used.
//!
//! Must not compute accounting numbers: it lays out the engine's.

use std::collections::BTreeSet;

use rust_xlsxwriter::{Color, Format, FormatAlign, RowNum, Worksheet};

use crate::engine::{Accounts, Origin};

use super::sheet::{Look, RED, Sheet, TITLED_HEADER, UNVERIFIED_FILL, YEAR, general_format};
use super::{Ctx, Res};

pub(super) fn params_sheet(cx: &Ctx) -> Res<Worksheet> {
    let a = cx.accounts;
    let st = &cx.st;
    let title = &cx.title(cx.key("wb_params_title"));
    let note = &cx.keyf(
        "wb_params_note",
        &[("price_year", &a.price_year.to_string())],
    );
    let hr = TITLED_HEADER;
    let mut s = Sheet::titled(
        cx.names[5],
        title,
        note,
        &[
            cx.key("wb_params_parameter_id"),
            cx.key("wb_params_name"),
            cx.key("wb_value"),
            cx.key("wb_unit"),
            cx.key("wb_price_year"),
            cx.key("wb_params_price_index"),
            cx.key("wb_index_factor"),
            cx.key("wb_params_source"),
            cx.key("wb_tag"),
            cx.key("wb_params_overridden"),
        ],
        st,
        1,
    )?;
    let mut r = hr + 1;
    for p in &a.params_used {
        let u = p.tag.is_unverified();
        let look = if u { Look::Unverified } else { Look::Plain };
        let tf = if u {
            Format::new().set_background_color(Color::RGB(UNVERIFIED_FILL))
        } else {
            Format::new()
        };
        s.text(r, 0, &p.id, &tf)?;
        s.text(r, 1, cx.param_name(p), &tf)?;
        match p.value {
            Some(v) => s.num(r, 2, v, &st.num(general_format(v), look))?,
            None => s.text(r, 2, "—", &tf.clone().set_align(FormatAlign::Right))?,
        }
        s.text(r, 3, cx.unit(p.unit), &tf.clone().set_indent(1))?;
        match p.price_year {
            Some(y) => s.num(r, 4, f64::from(y), &st.num(YEAR, look))?,
            None => s.text(r, 4, "", &tf)?,
        }
        // The index only applies to prices.
        let priced = p.price_year.is_some();
        s.text(r, 5, if priced { &p.index } else { "" }, &tf)?;
        let factor = priced.then(|| index_factor_of(a, &p.id)).flatten();
        match factor {
            Some(f) => s.num(r, 6, f, &st.num("0.0000", look))?,
            None => s.text(r, 6, "", &tf)?,
        }
        s.text(r, 7, p.source.get(cx.lang), &tf)?;
        let tag_f = if u {
            tf.clone().set_bold().set_font_color(Color::RGB(RED))
        } else {
            tf.clone()
        };
        s.text(r, 8, p.tag.label(), &tag_f)?;
        s.text(
            r,
            9,
            if p.overridden {
                cx.key("wb_params_yes")
            } else {
                cx.key("wb_no")
            },
            &tf,
        )?;
        r += 1;
    }
    if a.params_used.is_empty() {
        s.label(r, 0, cx.key("wb_params_none"), &st.note)?;
        r += 1;
    }
    r += 1;

    price_index_table(cx, &mut s, r)?;
    s.ws.autofilter(hr, 0, hr + a.params_used.len().max(1) as RowNum, 9)?;
    let mut ws = s.finish(Some(hr))?;
    ws.set_column_width(7, 60)?;
    ws.set_row_height(hr, 32)?;
    Ok(ws)
}

/// The price-index values behind the index factors, from row `r`: the series of every priced
/// parameter at its price year and at the accounts' price year.
fn price_index_table(cx: &Ctx, s: &mut Sheet, mut r: RowNum) -> Res {
    let a = cx.accounts;
    let st = &cx.st;
    let mut wanted: BTreeSet<(&str, i32)> = BTreeSet::new();
    for p in &a.params_used {
        if let Some(y) = p.price_year {
            wanted.insert((&p.index, y));
            wanted.insert((&p.index, a.price_year));
        }
    }
    if !wanted.is_empty() {
        s.label(
            r,
            0,
            cx.key("wb_params_price_index_values_used"),
            &st.section,
        )?;
        r += 1;
        // Same columns as the parameter table where the meaning matches (value, source, tag).
        s.header(
            r,
            0,
            &[
                cx.key("wb_params_series"),
                cx.key("wb_params_name"),
                cx.key("wb_params_index_value"),
                cx.key("wb_params_base"),
                cx.key("wb_year"),
            ],
            &st.header,
        )?;
        s.header(
            r,
            7,
            &[cx.key("wb_params_source"), cx.key("wb_tag")],
            &st.header,
        )?;
        r += 1;
        for (id, year) in wanted {
            let series = cx
                .project
                .price_indices
                .iter()
                .find(|x| x.id == id)
                .or_else(|| cx.registry.price_index(id));
            let u = series.is_some_and(|x| x.tag.is_unverified());
            let look = if u { Look::Unverified } else { Look::Plain };
            let tf = if u {
                Format::new().set_background_color(Color::RGB(UNVERIFIED_FILL))
            } else {
                Format::new()
            };
            s.text(r, 0, id, &tf)?;
            s.text(r, 1, series.map_or("", |x| x.name.get(cx.lang)), &tf)?;
            s.opt_num(
                r,
                2,
                series.and_then(|x| x.values.get(&year).copied()),
                &st.num("#,##0.0##", look),
            )?;
            s.text(r, 3, series.map_or("", |x| x.base.get(cx.lang)), &tf)?;
            s.num(r, 4, f64::from(year), &st.num(YEAR, look))?;
            s.text(r, 7, series.map_or("", |x| x.source.get(cx.lang)), &tf)?;
            s.text(r, 8, series.map_or("", |x| x.tag.label()), &tf)?;
            r += 1;
        }
    }
    Ok(())
}

/// The price-index factor applied to a parameter (the same in every trace step using it).
pub(super) fn index_factor_of(a: &Accounts, id: &str) -> Option<f64> {
    a.counties
        .iter()
        .flat_map(|c| &c.indicators)
        .filter_map(|i| i.trace.as_ref())
        .flat_map(|t| &t.steps)
        .find_map(|s| match &s.origin {
            Origin::Param {
                param,
                index_factor,
                ..
            } if &*param.id == id => Some(*index_factor),
            _ => None,
        })
}
