//! 实物量账户 / Physical accounts: indicator × county quantities in canonical units, one row per
//! indicator and unit (material products may be entered in several units: t, 头, m³ …).
//!
//! Lays out the engine's `IndicatorAccount::quantities`; must not compute or convert them.

use super::{Cx, indicator};
use crate::engine::{IndicatorAccount, Status};
use crate::format::auto;
use crate::report::doc::{Block, Column, NoteKind, Row, RowStyle, Section, SectionKind, Table};
use crate::units::Unit;

pub fn section(cx: &Cx) -> Option<Section> {
    let mut s = Section::new(
        "physical",
        SectionKind::Chapter,
        cx.key("rpt_physical_heading"),
    );
    s.push(Block::Note(
        NoteKind::Info,
        cx.key("rpt_physical_note").into(),
    ));
    let mut columns = vec![
        Column::text(cx.key("rpt_indicator")),
        Column::nowrap(cx.key("rpt_unit")),
    ];
    columns.extend(
        cx.accounts
            .counties
            .iter()
            .map(|c| Column::number(cx.county(c))),
    );
    let mut rows = Vec::new();
    for id in cx.indicator_ids() {
        let memo = !cx.counted(id);
        let style = if memo {
            RowStyle::Memo
        } else {
            RowStyle::Normal
        };
        let name = format!(
            "{}{}",
            cx.indicator_name(id),
            if memo { cx.key("rpt_memo_mark") } else { "" }
        );
        for unit in units(cx, id) {
            let mut cells = vec![name.clone(), unit.map_or("—", |u| cx.unit(u)).to_string()];
            for c in &cx.accounts.counties {
                cells.push(cell(cx, indicator(c, id), unit));
            }
            rows.push(Row::new(style, cells));
        }
    }
    s.push(Block::TableCaption(cx.key("rs_tab_physical").into()));
    s.push(Block::Table(Table {
        columns,
        rows,
        stub: 2,
    }));
    Some(s)
}

/// The indicator's rows: every unit any county has a quantity in (first-seen order), or the
/// registry's unit alone when none has.
fn units(cx: &Cx, id: &str) -> Vec<Option<Unit>> {
    let mut out: Vec<Option<Unit>> = Vec::new();
    for c in &cx.accounts.counties {
        for q in indicator(c, id).map_or(&[][..], |a| &a.quantities) {
            if !out.contains(&Some(q.unit)) {
                out.push(Some(q.unit));
            }
        }
    }
    if out.is_empty() {
        out.push(cx.spec(id).map(|s| s.quantity.unit));
    }
    out
}

/// One county's quantity in `unit`; an indicator entered as an output value says so.
fn cell(cx: &Cx, a: Option<&IndicatorAccount>, unit: Option<Unit>) -> String {
    match a {
        Some(a) if a.status == Status::Computed => {
            match a.quantities.iter().find(|q| Some(q.unit) == unit) {
                Some(q) => auto(q.value),
                None if a.output_value_only => cx.key("rpt_phys_output_value").to_string(),
                None => "—".to_string(),
            }
        }
        Some(a) => cx.status_text(&a.status).to_string(),
        None => "—".to_string(),
    }
}
