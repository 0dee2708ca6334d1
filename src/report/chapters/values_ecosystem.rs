//! The section "GEP by ecosystem type" of the values chapter: one table per split county and
//! one for the region (`view::ecosystem`), in 万元 as the chapter's other tables, with the note
//! on the not-split row. Nothing when no county is split, so an unsplit project's report is
//! unchanged.

use super::{Cx, wan};
use crate::report::doc::{Block, Column, NoteKind, Row, RowStyle, Table};
use crate::units::MoneyUnit;
use crate::view::ecosystem::{self, EcoRow, EcoRowKind};

/// The heading, a caption and a table per split county and the region, and the note; empty
/// when no county is split.
pub fn blocks(cx: &Cx) -> Vec<Block> {
    let tables = ecosystem::tables(&cx.labels, cx.accounts);
    if tables.is_empty() {
        return Vec::new();
    }
    let mut out = vec![Block::Heading(cx.key("ecov_table_title").to_string())];
    let heads = ecosystem::headers(&cx.labels, MoneyUnit::WanYuan);
    for t in &tables {
        out.push(Block::TableCaption(
            cx.keyf("ecov_table_title_of", &[("name", &t.name)]),
        ));
        let mut columns = vec![Column::nowrap(heads[0].clone())];
        columns.extend(heads[1..].iter().map(|h| Column::number(h.clone())));
        out.push(Block::Table(Table {
            columns,
            rows: t.rows.iter().map(row).collect(),
            stub: 1,
        }));
    }
    out.push(Block::Note(
        NoteKind::Info,
        ecosystem::note(cx.lang).to_string(),
    ));
    out
}

fn row(r: &EcoRow) -> Row {
    let style = match r.kind {
        EcoRowKind::Total => RowStyle::Total,
        EcoRowKind::Type | EcoRowKind::Subtype | EcoRowKind::NotSplit => RowStyle::Normal,
    };
    let cell = |v: Option<f64>| v.map_or_else(String::new, wan);
    Row::new(
        style,
        [
            r.name.clone(),
            cell(r.material),
            cell(r.regulating),
            cell(r.cultural),
            wan(r.total),
        ],
    )
}

#[cfg(test)]
mod tests {
    use crate::i18n::Lang;
    use crate::registry::Registry;
    use crate::report::doc::Block;
    use crate::view::ecosystem::fixture::{accounts, project};

    fn tables_of(doc: &crate::report::doc::Doc) -> Vec<Vec<Vec<String>>> {
        let values = doc
            .sections
            .iter()
            .find(|s| s.id == "values")
            .expect("values chapter");
        values
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Table(t) if t.columns[0].header == "生态系统类型" => Some(
                    t.rows
                        .iter()
                        .map(|r| r.cells.iter().map(|c| c.text.clone()).collect())
                        .collect(),
                ),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn split_county_and_region_get_the_table_in_the_values_chapter() {
        let p = project();
        let a = accounts(&p);
        let doc = crate::report::chapters::build(&p, &a, Registry::builtin(), Lang::Zh);
        let got = tables_of(&doc);
        // 甲县 (split) and the region; 乙县 is not split and has no table.
        assert_eq!(got.len(), 2);
        let county = &got[0];
        assert_eq!(county[0], ["森林", "0.00", "300.00", "0.00", "300.00"]);
        assert_eq!(
            county[1],
            ["　其中：针叶林", "0.00", "200.00", "0.00", "200.00"]
        );
        assert_eq!(
            county[4],
            ["未分生态系统类型", "400.00", "80.00", "20.00", "500.00"]
        );
        assert_eq!(county[5], ["合计", "400.00", "430.00", "20.00", "850.00"]);
        let values = doc.sections.iter().find(|s| s.id == "values");
        assert!(values.is_some_and(|s| s.blocks.iter().any(|b| matches!(
            b,
            Block::TableCaption(t) if t.ends_with(" 甲县生态系统生产总值按生态系统类型")
        ))));
    }

    #[test]
    fn unsplit_project_has_no_such_table() {
        let p = project();
        let a =
            crate::engine::compute(&p, Registry::builtin(), &crate::engine::Options::year(2020))
                .expect("computes");
        let doc = crate::report::chapters::build(&p, &a, Registry::builtin(), Lang::Zh);
        assert!(tables_of(&doc).is_empty());
        let values = doc.sections.iter().find(|s| s.id == "values");
        assert!(values.is_some_and(|s| {
            !s.blocks
                .iter()
                .any(|b| matches!(b, Block::Heading(h) if h == "生态系统生产总值按生态系统类型"))
        }));
    }
}
