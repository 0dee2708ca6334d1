//! Sheet 情景对比 Scenarios (written only when the project has scenarios): for each scenario,
//! baseline vs scenario for its year — the region over every measure (GEP, categories,
//! indicators, ESV, compensation), then GEP, ESV and the compensation amount per county —
//! with the difference in value and %. Each table states its unit (亿元 or 万元).
//!
//! Must not compute accounting numbers: it lays out `view::scenarios`' rows.

use rust_xlsxwriter::{RowNum, Worksheet};

use crate::view::scenarios::{self, DiffTable, Measure};

use super::sheet::{Look, MONEY, RATIO, Sheet};
use super::{Ctx, Res};

/// The sheet, or `None` when the project has no scenario.
pub(super) fn scenarios_sheet(cx: &Ctx) -> Res<Option<Worksheet>> {
    let project = cx.project;
    if project.scenarios.is_empty() {
        return Ok(None);
    }
    let st = &cx.st;
    let mut s = Sheet::new(cx.key("sc_wb_sheet"))?;
    s.label(0, 0, &cx.title(cx.key("sc_page")), &st.title)?;
    s.label(1, 0, cx.key("sc_wb_note"), &st.note)?;
    let mut r: RowNum = 3;
    for sc in &project.scenarios {
        let c = match scenarios::compare(project, cx.registry, std::slice::from_ref(&sc.name), None)
        {
            Ok(c) => c,
            Err(e) => {
                s.label(
                    r,
                    0,
                    &format!("{}：{}", sc.name, e.message(cx.lang)),
                    &st.banner,
                )?;
                r += 2;
                continue;
            }
        };
        if !sc.description.is_empty() {
            s.label(r, 0, &sc.description, &st.note)?;
            r += 1;
        }
        r = table(
            cx,
            &mut s,
            r,
            &c.summary(1, cx),
            cx.key("sc_col_measure"),
            &sc.name,
        )?;
        let mut per_county = vec![Measure::Gep, Measure::Esv, Measure::Compensation];
        per_county.retain(|m| c.measures().contains(m));
        for m in per_county {
            let t = c.table(1, &m, cx);
            r = table(cx, &mut s, r, &t, cx.key("sc_col_county"), &sc.name)?;
        }
    }
    Ok(Some(s.finish(None)?))
}

/// One table: title, header, rows; returns the next free row (one blank row after).
fn table(
    cx: &Ctx,
    s: &mut Sheet,
    mut r: RowNum,
    t: &DiffTable,
    first: &str,
    scenario: &str,
) -> Res<RowNum> {
    let st = &cx.st;
    s.label(r, 0, &t.title, &st.section)?;
    r += 1;
    let heads = t.headers(first, scenario, cx.lang);
    let head: Vec<&str> = heads.iter().map(String::as_str).collect();
    s.header(r, 0, &head, &st.header)?;
    r += 1;
    let n = t.rows.len();
    for (i, row) in t.rows.iter().enumerate() {
        // The region row of a county table is a total.
        let total = row.code.is_none() && i + 1 == n && n > 1 && t.rows[0].code.is_some();
        let look = if total { Look::Total } else { Look::Plain };
        let money = st.num(MONEY, look);
        let v = |x: Option<f64>| x.map(|y| t.unit.from_yuan(y));
        s.text(r, 0, &row.label, if total { &st.bold } else { &st.text })?;
        s.opt_num(r, 1, v(row.base), &money)?;
        s.opt_num(r, 2, v(row.scenario), &money)?;
        s.opt_num(r, 3, v(row.diff()), &money)?;
        s.opt_num(r, 4, row.pct(), &st.num(RATIO, look))?;
        r += 1;
    }
    Ok(r + 1)
}
