//! 三、核算指标体系与方法 / Indicator system and methods: the indicator system table (category,
//! indicator, physical quantity and unit, physical model, valuation method, counted in GEP);
//! per indicator the physical model and valuation written as formulas with every symbol
//! explained (`formulas`, from the engine's formula descriptions) and the clause it follows;
//! then the data sources (`sources`).

use super::general::citation;
use super::{Cx, formulas, indicator};
use crate::registry::{Category, IndicatorSpec, MethodSpec};
use crate::report::doc::{Block, Column, Row, RowStyle, Section, SectionKind, Table};

pub fn section(cx: &Cx) -> Option<Section> {
    let mut s = Section::new(
        "methods",
        SectionKind::Chapter,
        cx.key("rs_methods_heading"),
    );
    s.push(Block::Heading(cx.key("rs_methods_system_heading").into()));
    s.push(Block::Para(cx.keyf(
        "rs_methods_system_intro",
        &[("framework", &cx.framework_name())],
    )));
    s.table(cx.key("rs_tab_system"), system_table(cx));
    s.push(Block::Heading(cx.key("rs_methods_formulas_heading").into()));
    s.push(Block::Para(cx.key("rs_methods_formulas_intro").into()));
    for cat in Category::ALL {
        for id in cx.indicator_ids() {
            if cx.category_of(id) != Some(cat) {
                continue;
            }
            let Some(spec) = cx.spec(id) else { continue };
            indicator_blocks(cx, spec, &mut s);
        }
    }
    s.push(Block::Heading(cx.key("rs_methods_sources_heading").into()));
    s.blocks.extend(super::sources::blocks(cx));
    Some(s)
}

/// The methods the counties used for `id` (first-seen order), or the default when none did.
fn methods_used<'s>(cx: &Cx, spec: &'s IndicatorSpec) -> Vec<&'s MethodSpec> {
    let mut used: Vec<&MethodSpec> = Vec::new();
    for c in &cx.accounts.counties {
        if let Some(m) = indicator(c, &spec.id)
            .and_then(|a| a.trace.as_ref())
            .and_then(|t| spec.method(&t.method))
            && !used.iter().any(|u| u.id == m.id)
        {
            used.push(m);
        }
    }
    if used.is_empty() {
        used.extend(spec.default_method());
    }
    used
}

/// One row per indicator: category, name, quantity (unit), physical model, valuation, counted.
fn system_table(cx: &Cx) -> Table {
    let mut rows = Vec::new();
    for cat in Category::ALL {
        for id in cx.indicator_ids() {
            if cx.category_of(id) != Some(cat) {
                continue;
            }
            let Some(spec) = cx.spec(id) else { continue };
            let counted = cx.counted(id);
            let methods: Vec<String> = methods_used(cx, spec)
                .iter()
                .map(|m| m.name.get(cx.lang).to_string())
                .collect();
            rows.push(Row::new(
                if counted {
                    RowStyle::Normal
                } else {
                    RowStyle::Memo
                },
                [
                    cx.category(cat),
                    cx.indicator_name(id),
                    cx.with_unit(spec.quantity.name.get(cx.lang), cx.unit(spec.quantity.unit)),
                    methods.join(cx.key("rpt_methods_sep")),
                    spec.valuation.name().get(cx.lang).to_string(),
                    cx.key(if counted { "rs_yes" } else { "rs_memo_only" })
                        .to_string(),
                ],
            ));
        }
    }
    Table {
        columns: vec![
            Column::nowrap(cx.key("rpt_methods_category")),
            Column::text(cx.key("rpt_indicator")),
            Column::text(cx.key("rs_methods_quantity")),
            Column::text(cx.key("rpt_methods_physical_method")),
            Column::text(cx.key("rpt_methods_valuation_method")),
            Column::nowrap(cx.key("rs_methods_counted")),
        ],
        rows,
        stub: 2,
    }
}

/// The indicator's sub-section heading, what it measures and values, and per method its formula.
fn indicator_blocks(cx: &Cx, spec: &IndicatorSpec, s: &mut Section) {
    let id = spec.id.as_str();
    let mut head = cx.indicator_name(id);
    if !cx.counted(id) {
        head.push_str(cx.key("rpt_memo_mark"));
    }
    s.push(Block::Subheading(head));
    let clause = citation(spec.clause.get(cx.lang));
    s.push(Block::Para(cx.keyf(
        "rs_methods_indicator",
        &[
            ("quantity", spec.quantity.name.get(cx.lang)),
            ("unit", cx.unit(spec.quantity.unit)),
            ("valuation", spec.valuation.name().get(cx.lang)),
            ("clause", if clause.is_empty() { "—" } else { &clause }),
        ],
    )));
    let used = methods_used(cx, spec);
    for m in &used {
        if used.len() > 1 || spec.methods.len() > 1 {
            let mc = citation(m.clause.get(cx.lang));
            s.push(Block::Para(if mc.is_empty() {
                cx.keyf("rs_methods_method", &[("method", m.name.get(cx.lang))])
            } else {
                cx.keyf(
                    "rs_methods_method_clause",
                    &[("method", m.name.get(cx.lang)), ("clause", &mc)],
                )
            }));
        }
        s.push(formulas::block(cx, spec, m));
    }
    if let Some(c) = formulas::components(cx, spec) {
        s.push(Block::Para(c));
    }
}
