//! 核算方法 / Methods: per counted indicator the physical model each county used, the
//! valuation method and the clause of the standard.

use super::{Cx, indicator};
use crate::report::doc::{Block, Column, NoteKind, Row, Section, SectionKind, Table};

pub fn section(cx: &Cx) -> Option<Section> {
    let mut s = cx.section("methods", SectionKind::Chapter, "核算方法", "Methods");
    s.push(Block::Note(
        NoteKind::Info,
        cx.t(
            "计入本框架 GEP 的指标；实物量方法为各县区实际采用的方法。",
            "Indicators counted in the framework's GEP; the physical method is the one each county actually used.",
        )
        .into(),
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
                .join(cx.t("；", "; "))
        };
        let mut clause = spec.map_or_else(String::new, |s| s.clause.clone());
        for m in &used {
            if let Some(mc) = spec
                .and_then(|s| s.method(m))
                .map(|m| m.clause.as_str())
                .filter(|c| !c.is_empty() && !clause.contains(*c))
            {
                clause.push_str(cx.t("；", "; "));
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
            Column::text(cx.t("指标", "Indicator")),
            Column::nowrap(cx.t("类别", "Category")),
            Column::text(cx.t("实物量模型/方法", "Physical model / method")),
            Column::text(cx.t("价值量方法", "Valuation method")),
            Column::text(cx.t("标准条款", "Clause of the standard")),
        ],
        rows,
        stub: 1,
    }));
    Some(s)
}
