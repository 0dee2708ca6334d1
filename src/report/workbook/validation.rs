//! Sheet 8, 校验 Validation: `validate` messages, and problems met while computing.
//!
//! Must not compute accounting numbers: it lays out the engine's.

use super::*;

pub(super) fn validation_sheet(cx: &Ctx) -> Res<Worksheet> {
    let a = cx.accounts;
    let st = &cx.st;
    let issues = &cx.issues;
    let errors = issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .count();
    let title = &cx.title("校验结果", "Validation");
    let note = &if cx.zh() {
        format!(
            "{errors} 个错误，{} 个警告。错误会使数值错误或无法计算；警告（如使用未核验的默认值）需要复核。",
            issues.len() - errors
        )
    } else {
        format!(
            "{errors} errors, {} warnings. Errors make numbers wrong or uncomputable; warnings (e.g. unverified defaults in use) need review.",
            issues.len() - errors
        )
    };
    let hr = TITLED_HEADER;
    let mut s = Sheet::titled(
        cx.names[7],
        title,
        note,
        &[
            cx.t("严重程度", "Severity"),
            cx.t("年份", "Year"),
            cx.t("县区代码", "Code"),
            cx.t("县区", "County"),
            cx.t("字段", "Field"),
            cx.t("值", "Value"),
            cx.t("说明", "Message"),
        ],
        st,
        0,
    )?;
    let mut r = hr + 1;
    for i in issues {
        let (sev, f) = match i.severity {
            Severity::Error => (cx.t("错误", "error"), &st.error_text),
            Severity::Warning => (cx.t("警告", "warning"), &st.text),
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
        s.ws.write_string_with_format(r, 6, i.message(cx.lang), f)?;
        r += 1;
    }
    if issues.is_empty() {
        s.label(r, 0, cx.t("无校验问题。", "No issues."), &st.note)?;
        r += 1;
    } else {
        s.ws.autofilter(hr, 0, r - 1, 6)?;
    }
    if !a.problems.is_empty() {
        r += 1;
        s.label(
            r,
            0,
            &if cx.zh() {
                format!("{}年核算中的计算问题（相关指标未汇总）", a.year)
            } else {
                format!("Problems met computing {} (indicators not summed)", a.year)
            },
            &st.section,
        )?;
        r += 1;
        for p in &a.problems {
            s.text(r, 0, cx.t("计算", "compute"), &st.error_text)?;
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
