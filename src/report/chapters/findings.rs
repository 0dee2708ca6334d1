//! 主要结论 / Main findings: structure, ranking, and real growth against the previous period at
//! constant prices (`engine::growth::growth`) when the project has one.

use super::{Cx, pct, wan, yi};
use crate::engine::CountyAccount;
use crate::engine::growth::{Growth, growth};
use crate::format::num;
use crate::registry::Category;
use crate::report::doc::{Block, Column, Row, RowStyle, Section, SectionKind, Table};

pub fn section(cx: &Cx) -> Option<Section> {
    let mut s = Section::new(
        "findings",
        SectionKind::Chapter,
        cx.key("rpt_findings_heading"),
    );
    let mut items = vec![structure(cx)];
    items.extend(ranking(cx));
    let (change, growth_table) = change(cx);
    items.push(change);
    s.push(Block::List(items));
    if let Some(g) = growth_table {
        growth_blocks(cx, &g, &mut s);
    }
    Some(s)
}

/// "Structure: GEP is …, of which …; … are the largest part."
fn structure(cx: &Cx) -> String {
    let a = cx.accounts;
    let r = &a.region;
    let shares: Vec<String> = Category::ALL
        .iter()
        .map(|&c| {
            let s = match c {
                Category::Material => r.ratios.share_material,
                Category::Regulating => r.ratios.share_regulating,
                Category::Cultural => r.ratios.share_cultural,
            };
            format!("{} {}", cx.category(c), pct(s))
        })
        .collect();
    let largest = Category::ALL
        .iter()
        .copied()
        .max_by(|x, y| r.totals.category(*x).total_cmp(&r.totals.category(*y)));
    cx.keyf(
        "rpt_findings_structure",
        &[
            ("year", &a.year.to_string()),
            ("yi", &yi(r.totals.gep)),
            ("wan", &wan(r.totals.gep)),
            ("shares", &shares.join(cx.key("rpt_findings_list_sep"))),
            (
                "largest",
                &largest.map_or_else(|| "—".to_string(), |c| cx.category(c)),
            ),
        ],
    )
}

/// Highest and lowest county by GEP and by GEP per km² (none with one county).
fn ranking(cx: &Cx) -> Vec<String> {
    let a = cx.accounts;
    let mut items = Vec::new();
    let mut by_gep: Vec<&CountyAccount> = a.counties.iter().collect();
    by_gep.sort_by(|x, y| y.totals.gep.total_cmp(&x.totals.gep));
    if let (Some(top), Some(bottom)) = (by_gep.first(), by_gep.last())
        && by_gep.len() > 1
    {
        items.push(cx.keyf(
            "rpt_findings_ranking_gep",
            &[
                ("top_gep", &wan(top.totals.gep)),
                ("bottom_gep", &wan(bottom.totals.gep)),
                ("top", &cx.county(top)),
                ("bottom", &cx.county(bottom)),
            ],
        ));
    }
    let mut by_km2: Vec<(&CountyAccount, f64)> = a
        .counties
        .iter()
        .filter_map(|c| c.ratios.gep_per_km2.map(|v| (c, v / 1e4)))
        .collect();
    by_km2.sort_by(|x, y| y.1.total_cmp(&x.1));
    if let (Some(top), Some(bottom)) = (by_km2.first(), by_km2.last())
        && by_km2.len() > 1
    {
        items.push(cx.keyf(
            "rpt_findings_ranking_per_km2",
            &[
                ("top_value", &num(top.1, 2)),
                ("bottom_value", &num(bottom.1, 2)),
                ("top", &cx.county(top.0)),
                ("bottom", &cx.county(bottom.0)),
            ],
        ));
    }
    items
}

/// The change against the previous period at constant prices, and the growth for its table.
fn change(cx: &Cx) -> (String, Option<Growth>) {
    let a = cx.accounts;
    let previous = cx
        .project
        .periods
        .iter()
        .map(|p| p.year)
        .filter(|y| *y < a.year)
        .max();
    match previous {
        None => (cx.key("rpt_findings_no_earlier_period").to_string(), None),
        Some(prev) => match growth(
            cx.project,
            cx.registry,
            prev,
            a.year,
            Some(a.framework.clone()),
            Some(a.price_year),
        ) {
            Ok(g) => {
                let text = cx.keyf(
                    "rpt_findings_change",
                    &[
                        ("base_year", &g.base_year.to_string()),
                        ("from_year", &g.from_year.to_string()),
                        ("from", &wan(g.region.gep_from)),
                        ("to_year", &g.to_year.to_string()),
                        ("to", &wan(g.region.gep_to)),
                        ("growth", &pct(g.region.real_growth)),
                    ],
                );
                (text, Some(g))
            }
            Err(e) => (
                cx.keyf("rpt_findings_growth_failed", &[("error", &e.to_string())]),
                None,
            ),
        },
    }
}

/// The heading and table of real growth by county.
fn growth_blocks(cx: &Cx, g: &Growth, s: &mut Section) {
    let sym = cx.wan_label();
    let (from, to) = (g.from_year.to_string(), g.to_year.to_string());
    s.push(Block::Heading(cx.keyf(
        "rpt_findings_growth_heading",
        &[("base_year", &g.base_year.to_string())],
    )));
    let mut rows: Vec<Row> = g
        .counties
        .iter()
        .map(|c| {
            let name = if cx.zh() || c.name_en.is_empty() {
                &c.name_zh
            } else {
                &c.name_en
            };
            Row::plain([
                name.to_string(),
                wan(c.gep_from),
                wan(c.gep_to),
                pct(c.real_growth),
            ])
        })
        .collect();
    rows.push(Row::new(
        RowStyle::Total,
        [
            cx.key("rpt_whole_region").to_string(),
            wan(g.region.gep_from),
            wan(g.region.gep_to),
            pct(g.region.real_growth),
        ],
    ));
    s.push(Block::Table(Table {
        columns: vec![
            Column::text(cx.key("rpt_county")),
            Column::number(cx.with_unit(&from, sym)),
            Column::number(cx.with_unit(&to, sym)),
            Column::number(cx.key("rpt_findings_real_growth")),
        ],
        rows,
        stub: 1,
    }));
}
