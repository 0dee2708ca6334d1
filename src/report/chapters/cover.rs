//! The title page: project, region, 编制单位 (when given), year, framework, price year, illustrative notice.

use super::Cx;
use crate::report::doc::{Block, NoteKind, Section, SectionKind};

pub fn section(cx: &Cx) -> Option<Section> {
    let a = cx.accounts;
    let meta = &cx.project.meta;
    let mut s = Section::new("cover", SectionKind::Cover, cx.title());
    let mut rows = vec![
        (cx.key("rpt_cover_project").into(), meta.name.clone()),
        (cx.key("rpt_cover_region").into(), meta.region.clone()),
    ];
    if !meta.organisation.is_empty() {
        rows.push((cx.key("prj_organisation").into(), meta.organisation.clone()));
    }
    rows.extend([
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
        (
            cx.key("rpt_cover_counties").into(),
            a.counties.len().to_string(),
        ),
    ]);
    s.push(Block::KeyValues(rows));
    if let Some(f) = cx.registry.framework(&a.framework) {
        s.push(Block::Note(
            NoteKind::Info,
            cx.keyf(
                "rpt_cover_framework_source",
                &[("source", f.source.get(cx.lang))],
            ),
        ));
    }
    if meta.illustrative {
        s.push(Block::Note(
            NoteKind::Warning,
            cx.key("rpt_cover_illustrative_note").into(),
        ));
    }
    if !meta.notes.is_empty() {
        s.push(Block::Para(meta.notes.clone()));
    }
    s.push(Block::Note(
        NoteKind::Info,
        cx.key("rpt_cover_generated_note").into(),
    ));
    Some(s)
}
