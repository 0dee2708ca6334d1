//! 数据来源 / Data sources: every parameter that entered a number with its source, and the
//! sources of entered material products and output values.

use super::Cx;
use crate::engine::Origin;
use crate::report::doc::{Block, Column, NoteKind, Row, Section, SectionKind, Table};

pub fn section(cx: &Cx) -> Option<Section> {
    let mut s = cx.section("sources", SectionKind::Chapter, "数据来源", "Data sources");
    s.push(Block::Note(
        NoteKind::Info,
        cx.t(
            "参与计算的全部参数及其来源（数值见附录 A）。县区输入数据由项目录入。",
            "Every parameter that entered a computed number, with its source (values in Appendix A). County inputs are as entered in the project.",
        )
        .into(),
    ));
    s.push(Block::Table(Table {
        columns: vec![
            Column::text(cx.t("参数", "Parameter")),
            Column::nowrap(cx.t("代码", "Id")),
            Column::text(cx.t("来源", "Source")),
        ],
        rows: cx
            .accounts
            .params_used
            .iter()
            .map(|p| {
                Row::plain([
                    cx.param_name(p).to_string(),
                    p.id.to_string(),
                    p.source.to_string(),
                ])
            })
            .collect(),
        stub: 1,
    }));
    // Sources of entered products and output values.
    let mut extra: Vec<(String, String)> = Vec::new();
    for c in &cx.accounts.counties {
        for a in &c.indicators {
            for st in a.trace.iter().flat_map(|t| &t.steps) {
                let item = match &st.origin {
                    Origin::Product { name, source, .. } => (name.to_string(), source.to_string()),
                    Origin::OutputValue { source, .. } => {
                        (cx.indicator_name(&a.id), source.to_string())
                    }
                    _ => continue,
                };
                if !item.1.is_empty() && !extra.contains(&item) {
                    extra.push(item);
                }
            }
        }
    }
    if !extra.is_empty() {
        s.push(Block::Heading(
            cx.t("物质产品数据来源", "Sources of material-product data")
                .into(),
        ));
        s.push(Block::Table(Table {
            columns: vec![
                Column::text(cx.t("产品/指标", "Product / indicator")),
                Column::text(cx.t("来源", "Source")),
            ],
            rows: extra
                .into_iter()
                .map(|(n, src)| Row::plain([n, src]))
                .collect(),
            stub: 1,
        }));
    }
    Some(s)
}
