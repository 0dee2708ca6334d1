//! 封面 / Title page: the report's title with region and year, then region, accounting year,
//! framework, price year, 编制单位 and report date (each when given), and the illustrative
//! notice. Nothing else: the framework's sources go to 总则, the project's notes to 数据质量.

use super::Cx;
use crate::report::doc::{Block, NoteKind, Section, SectionKind};

pub fn section(cx: &Cx) -> Option<Section> {
    let a = cx.accounts;
    let meta = &cx.project.meta;
    let mut s = Section::new("cover", SectionKind::Cover, cover_title(cx));
    let mut rows = vec![
        (cx.key("rpt_cover_region").into(), meta.region.clone()),
        (
            cx.key("rpt_cover_accounting_year").into(),
            a.year.to_string(),
        ),
        (cx.key("rpt_cover_framework").into(), cx.framework_name()),
        (
            cx.key("rpt_cover_price_year").into(),
            cx.keyf(
                "rpt_cover_price_year_value",
                &[("price_year", &a.price_year.to_string())],
            ),
        ),
    ];
    rows.retain(|(_, v)| !v.is_empty());
    if !meta.organisation.is_empty() {
        rows.push((cx.key("prj_organisation").into(), meta.organisation.clone()));
    }
    if !meta.report_date.is_empty() {
        rows.push((
            cx.key("rs_prj_report_date").into(),
            meta.report_date.clone(),
        ));
    }
    s.push(Block::KeyValues(rows));
    if meta.illustrative {
        s.push(Block::Note(
            NoteKind::Warning,
            cx.key("rpt_cover_illustrative_note").into(),
        ));
    }
    Some(s)
}

/// "江西省抚州市 2022 年生态产品总值（GEP）核算报告" (the plain title without a region).
pub fn cover_title(cx: &Cx) -> String {
    let region = &cx.project.meta.region;
    if region.is_empty() {
        return cx.title().to_string();
    }
    cx.keyf(
        "rs_cover_title",
        &[("region", region), ("year", &cx.accounts.year.to_string())],
    )
}
