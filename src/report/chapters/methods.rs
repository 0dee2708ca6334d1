//! 核算方法 / Methods: per counted indicator the physical model each county used, the
//! valuation method and the clause of the standard.

use super::{Cx, indicator};
use crate::report::doc::{Block, Column, NoteKind, Row, Section, SectionKind, Table};

pub fn section(cx: &Cx) -> Option<Section> {
    let mut s = Section::new(
        "methods",
        SectionKind::Chapter,
        cx.key("rpt_methods_heading"),
    );
    s.push(Block::Note(
        NoteKind::Info,
        cx.key("rpt_methods_table_note").into(),
    ));
    let mut rows = Vec::new();
    for id in cx.indicator_ids() {
        if !cx.counted(id) {
            continue;
        }
        let mut used: Vec<&str> = Vec::new();
        for c in &cx.accounts.counties {
            if let Some(tr) = indicator(c, id).and_then(|a| a.trace.as_ref())
                && !used.contains(&tr.method.as_ref())
            {
                used.push(tr.method.as_ref());
            }
        }
        let spec = cx.spec(id);
        let method = if used.is_empty() {
            "—".to_string()
        } else {
            used.iter()
                .map(|m| cx.method_name(id, m))
                .collect::<Vec<_>>()
                .join(cx.key("rpt_methods_sep"))
        };
        let mut clause = spec.map_or_else(String::new, |s| s.clause.get(cx.lang).to_string());
        for m in &used {
            if let Some(mc) = spec
                .and_then(|s| s.method(m))
                .map(|m| m.clause.get(cx.lang))
                .filter(|c| !c.is_empty() && !clause.contains(*c))
            {
                clause.push_str(cx.key("rpt_methods_sep"));
                clause.push_str(mc);
            }
        }
        let category = cx.category_of(id);
        rows.push(Row::plain([
            cx.indicator_name(id),
            category.map_or_else(|| "—".to_string(), |c| cx.category(c)),
            method,
            spec.map_or_else(
                || "—".to_string(),
                |s| s.valuation.name().get(cx.lang).to_string(),
            ),
            if clause.is_empty() {
                "—".to_string()
            } else {
                clause
            },
        ]));
    }
    s.push(Block::Table(Table {
        columns: vec![
            Column::text(cx.key("rpt_indicator")),
            Column::nowrap(cx.key("rpt_methods_category")),
            Column::text(cx.key("rpt_methods_physical_method")),
            Column::text(cx.key("rpt_methods_valuation_method")),
            Column::text(cx.key("rpt_methods_clause_standard")),
        ],
        rows,
        stub: 1,
    }));
    Some(s)
}
