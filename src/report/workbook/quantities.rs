//! Sheet 3, 功能量 Quantities: the physical quantities with units (one row per unit where an
//! indicator has several, e.g. product lines in t and 头), and their components (named from the
//! registry). Material products entered as an output value say so instead of a bare "—".
//!
//! Must not compute accounting numbers: it lays out the engine's.

use rust_xlsxwriter::Worksheet;
use rust_xlsxwriter::utility::cell_range;

use crate::units::Unit;

use super::sheet::{Look, Sheet, TITLED_HEADER, col, row_format};
use super::{Ctx, Res, indicator};

pub(super) fn quantities_sheet(cx: &Ctx) -> Res<Worksheet> {
    let a = cx.accounts;
    let st = &cx.st;
    let title = &cx.title(cx.key("wb_qty_title"));
    let note = cx.key("wb_qty_note");
    let hr = TITLED_HEADER;
    let fixed = 5;
    let mut hdr: Vec<String> = vec![
        cx.key("wb_indicator_id").into(),
        cx.key("wb_qty_indicator_component").into(),
        cx.key("wb_category").into(),
        cx.key("wb_basis").into(),
        cx.key("wb_unit").into(),
    ];
    hdr.extend(
        a.counties
            .iter()
            .map(|c| c.name_zh_or_en(cx.lang).to_string()),
    );
    hdr.push(cx.key("wb_total").into());
    let refs: Vec<&str> = hdr.iter().map(String::as_str).collect();
    let mut s = Sheet::titled(cx.names[2], title, note, &refs, st, 2)?;
    let n = a.counties.len();
    let mut r = hr + 1;
    for (i, id) in cx.indicator_ids().into_iter().enumerate() {
        let counted = cx.counted(i, id);
        let tf = if counted { &st.text } else { &st.memo_text };
        let look = if counted { Look::Plain } else { Look::Memo };
        let cat = cx.any_account(i, id).map(|x| x.category);
        // Rows: (component id or None for the indicator's own quantity, unit).
        let mut keys: Vec<(Option<&str>, Unit)> = Vec::new();
        for c in &a.counties {
            for q in indicator(c, i, id).map_or(&[][..], |x| &x.quantities) {
                if !keys.contains(&(None, q.unit)) {
                    keys.push((None, q.unit));
                }
            }
        }
        for c in &a.counties {
            for comp in indicator(c, i, id).map_or(&[][..], |x| &x.components) {
                let key = (Some(comp.id.as_ref()), comp.unit);
                if !comp.unit.is_money() && !keys.contains(&key) {
                    keys.push(key);
                }
            }
        }
        // A single component in the quantity's unit repeats the quantity: not listed.
        if keys.len() == 2 && keys[0].0.is_none() && keys[1].1 == keys[0].1 {
            keys.truncate(1);
        }
        if keys.is_empty() {
            s.text(r, 0, id, tf)?;
            s.text(r, 1, &cx.indicator_name(id), tf)?;
            s.text(r, 2, &cat.map(|c| cx.category(c)).unwrap_or_default(), tf)?;
            s.text(r, 3, cx.basis(counted), tf)?;
            for (k, c) in a.counties.iter().enumerate() {
                let text = if indicator(c, i, id).is_some_and(|x| x.output_value_only) {
                    cx.key("wb_qty_output_value")
                } else {
                    "—"
                };
                s.text(r, col(fixed + k), text, &st.dash(counted))?;
            }
            r += 1;
            continue;
        }
        for (comp, unit) in keys {
            s.text(r, 0, id, tf)?;
            match comp {
                None => s.text(r, 1, &cx.indicator_name(id), tf)?,
                Some(cid) => {
                    let f = if counted {
                        st.indent.clone()
                    } else {
                        st.memo_text.clone().set_indent(1)
                    };
                    s.text(r, 1, &cx.component_name(id, cid), &f)?;
                }
            }
            s.text(r, 2, &cat.map(|c| cx.category(c)).unwrap_or_default(), tf)?;
            s.text(r, 3, cx.basis(counted), tf)?;
            s.text(r, 4, cx.unit(unit), &tf.clone().set_indent(1))?;
            let vals: Vec<Option<f64>> = a
                .counties
                .iter()
                .map(|c| {
                    let ia = indicator(c, i, id);
                    match comp {
                        None => ia.and_then(|x| {
                            x.quantities
                                .iter()
                                .find(|q| q.unit == unit)
                                .map(|q| q.value)
                        }),
                        Some(cid) => ia.and_then(|x| {
                            x.components
                                .iter()
                                .find(|y| &*y.id == cid && y.unit == unit)
                                .map(|y| y.quantity)
                        }),
                    }
                })
                .collect();
            let written: Vec<f64> = vals.iter().flatten().copied().collect();
            let code = row_format(&written);
            let f = st.num(code, look);
            for (k, v) in vals.iter().enumerate() {
                let ov = comp.is_none()
                    && indicator(&a.counties[k], i, id).is_some_and(|x| x.output_value_only);
                match v {
                    Some(v) => s.num(r, col(fixed + k), *v, &f)?,
                    None if ov => {
                        let text = cx.key("wb_qty_output_value");
                        s.text(r, col(fixed + k), text, &st.dash(counted))?
                    }
                    None => s.text(r, col(fixed + k), "—", &st.dash(counted))?,
                }
            }
            if n > 0 {
                let total: f64 = written.iter().sum();
                let range = cell_range(r, col(fixed), r, col(fixed + n - 1));
                s.sum(r, col(fixed + n), &range, total, &f.clone().set_bold())?;
            }
            r += 1;
        }
    }
    let mut ws = s.finish(Some(hr))?;
    ws.set_row_height(hr, 32)?;
    Ok(ws)
}
