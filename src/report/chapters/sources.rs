//! 数据来源 / Data sources (the last part of 三、核算指标体系与方法): every parameter that
//! entered a number with its source, and the sources of entered material products and output
//! values.

use super::Cx;
use crate::engine::Origin;
use crate::report::doc::{Block, Column, NoteKind, Row, Table};

/// The parameter table and the table of entered data's sources.
pub fn blocks(cx: &Cx) -> Vec<Block> {
    let mut s: Vec<Block> = Vec::new();
    s.push(Block::Note(
        NoteKind::Info,
        cx.key("rs_sources_params_note").into(),
    ));
    // Parameters by name only (their ids are the workbook's, not the reader's).
    let columns = vec![
        Column::text(cx.key("rpt_parameter")),
        Column::text(cx.key("rpt_source")),
    ];
    s.push(Block::TableCaption(cx.key("rs_tab_params").into()));
    s.push(Block::Table(Table {
        columns,
        rows: cx
            .accounts
            .params_used
            .iter()
            .map(|p| {
                Row::plain([
                    cx.param_name(p).to_string(),
                    p.source.get(cx.lang).to_string(),
                ])
            })
            .collect(),
        stub: 1,
    }));
    // Sources of entered products, output values and values computed elsewhere.
    let mut extra: Vec<(String, String)> = Vec::new();
    for c in &cx.accounts.counties {
        for a in &c.indicators {
            for st in a.trace.iter().flat_map(|t| &t.steps) {
                let item = match &st.origin {
                    Origin::Product { name, source, .. } => (name.to_string(), source.to_string()),
                    Origin::OutputValue { source, .. } | Origin::EnteredValue { source, .. } => {
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
        s.push(Block::Subheading(
            cx.key("rpt_sources_products_heading").into(),
        ));
        s.push(Block::TableCaption(cx.key("rs_tab_product_sources").into()));
        s.push(Block::Table(Table {
            columns: vec![
                Column::text(cx.key("rpt_sources_product_indicator")),
                Column::text(cx.key("rpt_source")),
            ],
            rows: extra
                .into_iter()
                .map(|(n, src)| Row::plain([n, src]))
                .collect(),
            stub: 1,
        }));
    }
    s
}
