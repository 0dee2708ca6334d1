//! 附录 A 参数表 / Appendix A. Parameters: value, unit, price year, source and verification tag
//! of every parameter used; unverified (U) rows marked.

use super::Cx;
use crate::report::doc::{
    Block, Cell, Column, NoteKind, Row, RowStyle, Section, SectionKind, Table,
};

pub fn section(cx: &Cx) -> Option<Section> {
    let params = &cx.accounts.params_used;
    let mut s = cx.section(
        "appendix-params",
        SectionKind::Appendix,
        "参数表",
        "Parameters",
    );
    let unverified = params.iter().filter(|p| p.tag.is_unverified()).count();
    if unverified > 0 {
        s.push(Block::Note(
            NoteKind::Warning,
            if cx.zh() {
                format!(
                    "注意：{unverified} 个参数标为 U（未核验），以橙色底和 ⚠ 标出；其数值尚待与原始文献核对，使用前须核实。"
                )
            } else {
                format!(
                    "Note: {unverified} parameters are tagged U (unverified), shaded orange and marked ⚠; their values are still to be checked against the primary source and must be verified before use."
                )
            },
        ));
    }
    s.push(Block::Note(
        NoteKind::Info,
        cx.t(
            "核验标记：V = 已在所引文献中核对；V-sec = 经二手文献核对；D = 由已核验数推导；U = 未核验。",
            "Verification tags: V = read in the cited source; V-sec = read in a secondary source; D = derived from verified inputs; U = unverified.",
        )
        .into(),
    ));
    let rows = params
        .iter()
        .map(|p| {
            let u = p.tag.is_unverified();
            let mut name = cx.param_name(p).to_string();
            if p.overridden {
                name.push_str(cx.t("（项目覆盖值）", " (project override)"));
            }
            let tag = if u {
                Cell::warn(format!("⚠ {}", p.tag.label()))
            } else {
                Cell::from(p.tag.label())
            };
            Row {
                style: if u {
                    RowStyle::Unverified
                } else {
                    RowStyle::Normal
                },
                cells: vec![
                    name.into(),
                    p.id.to_string().into(),
                    p.value
                        .map_or_else(|| "—".to_string(), |v| v.to_string())
                        .into(),
                    cx.unit(p.unit).into(),
                    p.price_year
                        .map_or_else(|| "—".to_string(), |y| y.to_string())
                        .into(),
                    p.source.to_string().into(),
                    tag,
                ],
            }
        })
        .collect();
    s.push(Block::Table(Table {
        columns: vec![
            Column::text(cx.t("参数", "Parameter")),
            Column::nowrap(cx.t("代码", "Id")),
            Column::number(cx.t("数值", "Value")),
            Column::nowrap(cx.t("单位", "Unit")),
            Column::nowrap(cx.t("价格年", "Price year")),
            Column::text(cx.t("来源", "Source")),
            Column::nowrap(cx.t("核验", "Tag")),
        ],
        rows,
        stub: 1,
    }));
    Some(s)
}
