//! Sheet 8, 校验 Validation: `validate` messages, and problems met while computing.
//!
//! Must not compute accounting numbers: it lays out the engine's.

use rust_xlsxwriter::Worksheet;

use crate::validate::Severity;

use super::sheet::{Look, Sheet, TITLED_HEADER, YEAR};
use super::{Ctx, Res};

pub(super) fn validation_sheet(cx: &Ctx) -> Res<Worksheet> {
    let a = cx.accounts;
    let st = &cx.st;
    let issues = &cx.issues;
    let errors = issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .count();
    let title = &cx.title(cx.key("wb_validation_title"));
    let note = &cx.keyf(
        "wb_validation_note",
        &[
            ("errors", &errors.to_string()),
            ("warnings", &(issues.len() - errors).to_string()),
        ],
    );
    let hr = TITLED_HEADER;
    let mut s = Sheet::titled(
        cx.names[7],
        title,
        note,
        &[
            cx.key("wb_validation_severity"),
            cx.key("wb_year"),
            cx.key("wb_county_code"),
            cx.key("wb_county"),
            cx.key("wb_validation_field"),
            cx.key("wb_validation_value"),
            cx.key("wb_validation_message"),
        ],
        st,
        0,
    )?;
    let mut r = hr + 1;
    let names = crate::validate::Names::new(cx.project, cx.registry, cx.lang);
    for i in issues {
        let (sev, f) = match i.severity {
            Severity::Error => (cx.key("wb_validation_error"), &st.error_text),
            Severity::Warning => (cx.key("wb_validation_warning"), &st.text),
        };
        s.text(r, 0, sev, f)?;
        match i.year {
            Some(y) => s.num(r, 1, f64::from(y), &st.num(YEAR, Look::Plain))?,
            None => s.text(r, 1, "", f)?,
        }
        let code = i.county.as_deref().unwrap_or("");
        s.text(r, 2, code, f)?;
        let cname = cx.project.county(code).map_or("", |c| c.name.get(cx.lang));
        s.text(r, 3, cname, f)?;
        s.text(r, 4, &i.field, f)?;
        s.text(r, 5, i.value.as_deref().unwrap_or(""), f)?;
        s.ws.write_string_with_format(r, 6, i.message_named(&names), f)?;
        r += 1;
    }
    if issues.is_empty() {
        s.label(r, 0, cx.key("wb_validation_no_issues"), &st.note)?;
        r += 1;
    } else {
        s.ws.autofilter(hr, 0, r - 1, 6)?;
    }
    if !a.problems.is_empty() {
        r += 1;
        s.label(
            r,
            0,
            &cx.keyf(
                "wb_validation_problems_heading",
                &[("year", &a.year.to_string())],
            ),
            &st.section,
        )?;
        r += 1;
        for p in &a.problems {
            s.text(r, 0, cx.key("wb_validation_compute"), &st.error_text)?;
            s.num(r, 1, f64::from(a.year), &st.num(YEAR, Look::Plain))?;
            s.text(r, 2, p.county.as_deref().unwrap_or(""), &st.text)?;
            let cname = p
                .county
                .as_deref()
                .and_then(|c| cx.project.county(c))
                .map_or("", |c| c.name.get(cx.lang));
            s.text(r, 3, cname, &st.text)?;
            s.text(r, 4, p.indicator.as_deref().unwrap_or(""), &st.text)?;
            let msg = if cx.zh() {
                &p.message_zh
            } else {
                &p.message_en
            };
            s.ws.write_string_with_format(r, 6, msg, &st.text)?;
            r += 1;
        }
    }
    let mut ws = s.finish(Some(hr))?;
    ws.set_column_width(6, 100)?;
    Ok(ws)
}
