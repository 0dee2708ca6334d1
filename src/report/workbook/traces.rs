//! Sheet 7, 计算过程 Traces: one row per trace step, in the words of `view::trace` (one column per
//! fact).
//!
//! Must not compute accounting numbers: it lays out the engine's.

use super::*;

/// (name, detail) cells of one trace step's origin: "name（id）" and what was entered, the
/// registered value, unit factor and override.
pub(super) fn origin_cells(cx: &Ctx, o: &OriginWords) -> (String, String) {
    let name = match o.id {
        Some(id) if !matches!(o.kind, Kind::OutputValue) => format!("{}（{id}）", o.name),
        _ => o.name.clone(),
    };
    let detail = match o.kind {
        Kind::Input => o.entered.map_or_else(String::new, |(v, u)| {
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
        _ => String::new(),
    };
    (name, detail)
}

pub(super) fn traces_sheet(cx: &Ctx) -> Res<Worksheet> {
    let a = cx.accounts;
    let st = &cx.st;
    let title = &cx.title("计算过程（逐项）", "Calculation traces (one row per step)");
    let note = &if cx.zh() {
        format!(
            "每行为一个计算项：数值为换算到核算单位、{}年价格后的值；“原值”为参数登记值；橙色底 = 未核验（U）。",
            a.price_year
        )
    } else {
        format!(
            "One row per formula term: the value in the step's unit at {} prices; “value” in the detail is the parameter as registered; orange = unverified (U).",
            a.price_year
        )
    };
    let hr = TITLED_HEADER;
    let cols = [
        cx.t("县区代码", "Code"),
        cx.t("县区", "County"),
        cx.t("指标代码", "Indicator id"),
        cx.t("指标", "Indicator"),
        cx.t("方法", "Method"),
        cx.t("公式", "Formula"),
        cx.t("符号", "Symbol"),
        cx.t("数值", "Value"),
        cx.t("单位", "Unit"),
        cx.t("来源类型", "Origin"),
        cx.t("输入 / 参数", "Input / parameter"),
        cx.t("录入值 / 说明", "Entered / detail"),
        cx.t("出处", "Source"),
        cx.t("核验标记", "Tag"),
        cx.t("价格年份", "Price year"),
        cx.t("指数因子", "Index factor"),
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
        s.label(
            r,
            0,
            cx.t(
                "（未生成计算过程：请在开启 traces 的情况下计算）",
                "(no traces: compute with traces on)",
            ),
            &st.note,
        )?;
    } else {
        s.ws.autofilter(hr, 0, r - 1, col(cols.len() - 1))?;
    }
    let mut ws = s.finish(Some(hr))?;
    ws.set_column_width(5, 48)?;
    ws.set_column_width(12, 48)?;
    ws.set_row_height(hr, 32)?;
    Ok(ws)
}
