//! 实物量账户 / Physical accounts: indicator × county quantities in canonical units.

use super::{Cx, indicator};
use crate::engine::Status;
use crate::format::auto;
use crate::report::doc::{Block, Column, NoteKind, Row, RowStyle, Section, SectionKind, Table};

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
        let unit = cx
            .accounts
            .counties
            .iter()
            .find_map(|c| indicator(c, id).and_then(|a| a.quantity))
            .map(|q| q.unit)
            .or(cx.spec(id).map(|s| s.quantity.unit));
        let memo = !cx.counted(id);
        let mut cells = vec![
            format!(
                "{}{}",
                cx.indicator_name(id),
                if memo { cx.key("rpt_memo_mark") } else { "" }
            ),
            unit.map_or("—", |u| cx.unit(u)).to_string(),
        ];
        for c in &cx.accounts.counties {
            cells.push(match indicator(c, id) {
                Some(a) if a.status == Status::Computed => a
                    .quantity
                    .map_or_else(|| "—".to_string(), |q| auto(q.value)),
                Some(a) => cx.status_text(&a.status).to_string(),
                None => "—".to_string(),
            });
        }
        let style = if memo {
            RowStyle::Memo
        } else {
            RowStyle::Normal
        };
        rows.push(Row::new(style, cells));
    }
    s.push(Block::Table(Table {
        columns,
        rows,
        stub: 2,
    }));
    Some(s)
}
