//! Sheet 土地利用变化 Land-use change (written only when the project has a transition matrix):
//! for every pair of years, the region and each county with a matrix — the summary sentences,
//! the transition matrix (hm²) with its sums, the ESV change by transition (万元, largest
//! first) and the sensitivity coefficients (±50 %), then the formulas and their sources.
//!
//! Must not compute accounting numbers: it lays out `engine::transitions`' accounts.

use rust_xlsxwriter::{RowNum, Worksheet};

use crate::engine::transitions::{self, TransitionAccount};
use crate::model::TransitionMatrix;
use crate::view::transitions as vt;

use super::sheet::{Look, MONEY, Sheet, col};
use super::{Ctx, Res, wan};

const CS: &str = "0.0000";

/// The sheet, or `None` when the project has no matrix.
pub(super) fn transitions_sheet(cx: &Ctx) -> Res<Option<Worksheet>> {
    if cx.project.transitions.is_empty() {
        return Ok(None);
    }
    let st = &cx.st;
    let mut s = Sheet::new(cx.key("tr_wb_sheet"))?;
    s.label(0, 0, &cx.title(cx.key("tr_heading")), &st.title)?;
    let mut r: RowNum = 2;
    for (from, to) in transitions::year_pairs(cx.project) {
        let places =
            std::iter::once(None).chain(cx.project.counties.iter().map(|c| Some(c.code.as_str())));
        for county in places {
            let Some((m, _)) = transitions::matrix_for(cx.project, county, from, to) else {
                continue;
            };
            match transitions::compute(cx.project, cx.registry, county, from, to) {
                Ok(a) => r = block(cx, &mut s, r, &m, &a)?,
                Err(transitions::TransitionError::Esv(e)) => {
                    let (zh, en) = e.message();
                    let msg = if cx.zh() { zh } else { en };
                    s.label(r, 0, &msg, &st.banner)?;
                    r += 2;
                }
                Err(transitions::TransitionError::NoMatrix) => {}
            }
        }
    }
    for f in vt::formulas(cx.lang) {
        s.label(r, 0, f, &st.note)?;
        r += 1;
    }
    Ok(Some(s.finish(None)?))
}

/// One account: summary, matrix, ΔESV by transition, CS; returns the next free row.
fn block(
    cx: &Ctx,
    s: &mut Sheet,
    mut r: RowNum,
    m: &TransitionMatrix,
    a: &TransitionAccount,
) -> Res<RowNum> {
    let st = &cx.st;
    let (plain, money, cs) = (
        st.num(MONEY, Look::Plain),
        st.num(MONEY, Look::Plain),
        st.num(CS, Look::Plain),
    );
    // `plain` (hm², 元/公顷) and `money` (万元) share one format; named apart for the reader.
    let total = st.num(MONEY, Look::Total);
    for line in vt::summary(cx, a) {
        s.label(r, 0, &line, &st.section)?;
        r += 1;
    }
    r += 1;
    // The matrix.
    s.label(r, 0, cx.key("tr_title_matrix"), &st.bold)?;
    r += 1;
    let tb = vt::matrix(cx, m);
    let head: Vec<&str> = tb.header.iter().map(String::as_str).collect();
    s.header(r, 0, &head, &st.header)?;
    r += 1;
    let classes = m.classes();
    let (fsum, tsum) = (m.from_totals(), m.to_totals());
    for from in &classes {
        s.text(r, 0, &vt::class(cx, from), &st.text)?;
        for (j, to) in classes.iter().enumerate() {
            s.num(r, col(j + 1), m.cell(from, to), &plain)?;
        }
        let v = fsum.get(from).copied().unwrap_or(0.0);
        s.num(r, col(classes.len() + 1), v, &total)?;
        r += 1;
    }
    s.text(
        r,
        0,
        &tb.rows.last().map_or(String::new(), |x| x[0].clone()),
        &st.bold,
    )?;
    for (j, to) in classes.iter().enumerate() {
        s.num(r, col(j + 1), tsum.get(to).copied().unwrap_or(0.0), &total)?;
    }
    s.num(r, col(classes.len() + 1), fsum.values().sum(), &total)?;
    r += 2;
    // ΔESV by transition.
    s.label(r, 0, cx.key("tr_title_deltas"), &st.bold)?;
    r += 1;
    let tb = vt::deltas(cx, a, None);
    let head: Vec<&str> = tb.header.iter().take(6).map(String::as_str).collect();
    s.header(r, 0, &head, &st.header)?;
    r += 1;
    for c in a.top() {
        s.text(r, 0, &vt::class(cx, &c.from), &st.text)?;
        s.text(r, 1, &vt::class(cx, &c.to), &st.text)?;
        s.num(r, 2, c.area, &plain)?;
        s.num(r, 3, c.vc_from, &plain)?;
        s.num(r, 4, c.vc_to, &plain)?;
        s.num(r, 5, wan(c.delta), &money)?;
        r += 1;
    }
    s.text(r, 0, cx.key("tr_wb_total"), &st.bold)?;
    s.num(r, 5, wan(a.delta), &total)?;
    r += 2;
    // Sensitivity.
    s.label(r, 0, cx.key("tr_title_sensitivity"), &st.bold)?;
    r += 1;
    let tb = vt::sensitivity(cx, a);
    // The computation column is the view's words; the sheet holds the numbers instead.
    let head: Vec<&str> = tb.header.iter().take(7).map(String::as_str).collect();
    s.header(r, 0, &head, &st.header)?;
    r += 1;
    for x in &a.sensitivity {
        s.num(r, 0, f64::from(x.year), &st.num("0", Look::Plain))?;
        s.text(r, 1, &vt::class(cx, &x.class), &st.text)?;
        s.num(r, 2, wan(x.esv_up), &money)?;
        s.num(r, 3, wan(x.esv_down), &money)?;
        s.opt_num(r, 4, x.cs_up, &cs)?;
        s.opt_num(r, 5, x.cs_down, &cs)?;
        s.text(r, 6, vt::reading(cx, x.cs_up), &st.text)?;
        r += 1;
    }
    Ok(r + 2)
}
