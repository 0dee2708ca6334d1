//! 附表 参数表 / Appendix: parameters: value, unit, price year, source and verification tag
//! of every parameter used; unverified (U) rows marked.

use super::{Cx, UNVERIFIED_MARK};
use crate::report::doc::{
    Block, Cell, Column, NoteKind, Row, RowStyle, Section, SectionKind, Table,
};

pub fn section(cx: &Cx) -> Option<Section> {
    let params = &cx.accounts.params_used;
    let mut s = Section::new(
        "appendix-params",
        SectionKind::Appendix,
        cx.key("rpt_appx_params_heading"),
    );
    let unverified = params.iter().filter(|p| p.tag.is_unverified()).count();
    if unverified > 0 {
        s.push(Block::Note(
            NoteKind::Warning,
            cx.keyf(
                "rpt_appx_params_unverified_note",
                &[
                    ("unverified", &unverified.to_string()),
                    ("mark", UNVERIFIED_MARK),
                ],
            ),
        ));
    }
    s.push(Block::Note(
        NoteKind::Info,
        cx.key("rpt_appx_params_tags_note").into(),
    ));
    let rows = params
        .iter()
        .map(|p| {
            let u = p.tag.is_unverified();
            let mut name = cx.param_name(p).to_string();
            if p.overridden {
                name.push_str(cx.key("rpt_appx_params_project_override"));
            }
            let tag = if u {
                Cell::warn(format!("{UNVERIFIED_MARK} {}", p.tag.label()))
            } else {
                Cell::from(p.tag.label())
            };
            Row {
                style: if u {
                    RowStyle::Unverified
                } else {
                    RowStyle::Normal
                },
                cells: [name.into()]
                    .into_iter()
                    .chain((!cx.zh()).then(|| p.id.to_string().into()))
                    .chain([
                        p.value
                            .map_or_else(|| "—".to_string(), |v| v.to_string())
                            .into(),
                        cx.unit(p.unit).into(),
                        p.price_year
                            .map_or_else(|| "—".to_string(), |y| y.to_string())
                            .into(),
                        p.source.get(cx.lang).to_string().into(),
                        tag,
                    ])
                    .collect(),
            }
        })
        .collect();
    s.push(Block::Table(Table {
        columns: [Column::text(cx.key("rpt_parameter"))]
            .into_iter()
            .chain((!cx.zh()).then(|| Column::nowrap(cx.key("rpt_id"))))
            .chain([
                Column::number(cx.key("rpt_value")),
                Column::nowrap(cx.key("rpt_unit")),
                Column::nowrap(cx.key("rpt_appx_params_price_year")),
                Column::text(cx.key("rpt_source")),
                Column::nowrap(cx.key("rpt_tag")),
            ])
            .collect(),
        rows,
        stub: 1,
    }));
    Some(s)
}
