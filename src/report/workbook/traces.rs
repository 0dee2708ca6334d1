//! Sheet 7, 计算过程 Traces: one row per trace step, in the words of `view::trace` (one column per
//! fact).
//!
//! Must not compute accounting numbers: it lays out the engine's.

use rust_xlsxwriter::{Color, Format, Worksheet};

use crate::view::trace::{self, Kind, OriginWords};

use super::sheet::{Look, Sheet, TITLED_HEADER, UNVERIFIED_FILL, YEAR, col, general_format};
use super::{Ctx, Res};

/// (name, detail) cells of one trace step's origin: "name（id）" and what was entered, the
/// registered value, unit factor and override.
pub(super) fn origin_cells(cx: &Ctx, o: &OriginWords) -> (String, String) {
    let name = match o.id {
        Some(id) if !matches!(o.kind, Kind::OutputValue) => format!("{}（{id}）", o.name),
        _ => o.name.clone(),
    };
    let detail = match o.kind {
        Kind::Input | Kind::EnteredValue => o.entered.map_or_else(String::new, |(v, u)| {
            cx.keyf(
                "wb_trace_entered",
                &[("v", &v.to_string()), ("u", cx.unit(u))],
            )
        }),
        Kind::InputAbsent => cx.key("wb_trace_absent").to_string(),
        Kind::Param => {
            let mut d = o
                .param
                .and_then(|p| p.value.map(|v| (v, p.unit)))
                .map_or_else(String::new, |(v, u)| {
                    cx.keyf(
                        "wb_trace_param_value",
                        &[("v", &v.to_string()), ("u", cx.unit(u))],
                    )
                });
            if o.unit_factor != 1.0 {
                d.push_str(&cx.keyf("wb_trace_unit_factor", &[("f", &o.unit_factor.to_string())]));
            }
            for w in [o.statutory.as_ref(), o.law.as_ref()].into_iter().flatten() {
                d.push_str(cx.key("lbl_price_sep"));
                d.push_str(w);
            }
            if o.overridden {
                d.push_str(cx.key("rpt_trace_overridden"));
            }
            d
        }
        Kind::Product => o.pricing_note.clone().unwrap_or_default(),
        _ => String::new(),
    };
    (name, detail)
}

pub(super) fn traces_sheet(cx: &Ctx) -> Res<Worksheet> {
    let a = cx.accounts;
    let st = &cx.st;
    let title = &cx.title(cx.key("wb_traces_title"));
    let note = &cx.keyf(
        "wb_traces_note",
        &[("price_year", &a.price_year.to_string())],
    );
    let hr = TITLED_HEADER;
    let cols = [
        cx.key("wb_county_code"),
        cx.key("wb_county"),
        cx.key("wb_indicator_id"),
        cx.key("wb_indicator"),
        cx.key("wb_traces_method"),
        cx.key("wb_traces_formula"),
        cx.key("wb_traces_symbol"),
        cx.key("wb_value"),
        cx.key("wb_unit"),
        cx.key("wb_traces_origin"),
        cx.key("wb_traces_input_parameter"),
        cx.key("wb_traces_entered_detail"),
        cx.key("wb_traces_source"),
        cx.key("wb_tag"),
        cx.key("wb_price_year"),
        cx.key("wb_index_factor"),
    ];
    let mut s = Sheet::titled(cx.names[6], title, note, &cols, st, 0)?;
    let mut r = hr + 1;
    for c in &a.counties {
        let cname = c.name_zh_or_en(cx.lang);
        for ia in &c.indicators {
            let Some(t) = &ia.trace else { continue };
            let iname = cx.indicator_name(&ia.id);
            let method = cx.method_with_id(&ia.id, &t.method);
            let formula = trace::formula(cx, t);
            for step in trace::steps(cx, &ia.id, t) {
                let o = &step.origin;
                let (name, detail) = origin_cells(cx, o);
                let u = o.unverified();
                let look = if u { Look::Unverified } else { Look::Plain };
                let tf = if u {
                    Format::new().set_background_color(Color::RGB(UNVERIFIED_FILL))
                } else {
                    Format::new()
                };
                s.text(r, 0, &c.code, &tf)?;
                s.text(r, 1, cname, &tf)?;
                s.text(r, 2, &ia.id, &tf)?;
                s.text(r, 3, &iname, &tf)?;
                s.text(r, 4, &method, &tf)?;
                s.ws.write_string_with_format(r, 5, formula, &tf)?;
                s.text(r, 6, step.symbol, &tf)?;
                s.num(r, 7, step.value, &st.num(general_format(step.value), look))?;
                s.text(r, 8, cx.unit(step.unit), &tf.clone().set_indent(1))?;
                s.text(r, 9, o.kind_word, &tf)?;
                s.text(r, 10, &name, &tf)?;
                s.text(r, 11, &detail, &tf)?;
                s.ws.write_string_with_format(r, 12, o.source, &tf)?;
                s.text(r, 13, o.tag.map_or("", |t| t.label()), &tf)?;
                match o.price_year {
                    Some(y) => s.num(r, 14, f64::from(y), &st.num(YEAR, look))?,
                    None => s.text(r, 14, "", &tf)?,
                }
                match o.price_year.and(o.index_factor) {
                    Some(f) => s.num(r, 15, f, &st.num("0.0000", look))?,
                    None => s.text(r, 15, "", &tf)?,
                }
                r += 1;
            }
        }
    }
    if r == hr + 1 {
        s.label(r, 0, cx.key("wb_traces_none"), &st.note)?;
    } else {
        s.ws.autofilter(hr, 0, r - 1, col(cols.len() - 1))?;
    }
    let mut ws = s.finish(Some(hr))?;
    ws.set_column_width(5, 48)?;
    ws.set_column_width(12, 48)?;
    ws.set_row_height(hr, 32)?;
    Ok(ws)
}
