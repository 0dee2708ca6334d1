//! 主要结论 / Main findings: structure, ranking, and real growth against the previous period at
//! constant prices (`engine::growth::growth`) when the project has one.

use super::{Cx, pct, wan, yi};
use crate::engine::CountyAccount;
use crate::engine::growth::{Growth, growth};
use crate::format::num;
use crate::registry::Category;
use crate::report::doc::{Block, Column, Row, RowStyle, Section, SectionKind, Table};

pub fn section(cx: &Cx) -> Option<Section> {
    let mut s = cx.section(
        "findings",
        SectionKind::Chapter,
        "主要结论",
        "Main findings",
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
    if cx.zh() {
        format!(
            "结构：{} 年 GEP 为 {} 亿元（{} 万元），其中{}；{}占比最大。",
            a.year,
            yi(r.totals.gep),
            wan(r.totals.gep),
            shares.join("，"),
            largest.map_or_else(|| "—".to_string(), |c| cx.category(c))
        )
    } else {
        format!(
            "Structure: GEP {} is {} × 10⁸ CNY ({} × 10⁴ CNY): {}; {} are the largest part.",
            a.year,
            yi(r.totals.gep),
            wan(r.totals.gep),
            shares.join(", "),
            largest.map_or_else(|| "—".to_string(), |c| cx.category(c))
        )
    }
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
        items.push(if cx.zh() {
            format!(
                "排名：GEP 最高的是{}（{} 万元），最低的是{}（{} 万元）。",
                cx.county(top),
                wan(top.totals.gep),
                cx.county(bottom),
                wan(bottom.totals.gep)
            )
        } else {
            format!(
                "Ranking: the highest GEP is {} ({} × 10⁴ CNY), the lowest {} ({} × 10⁴ CNY).",
                cx.county(top),
                wan(top.totals.gep),
                cx.county(bottom),
                wan(bottom.totals.gep)
            )
        });
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
        items.push(if cx.zh() {
            format!(
                "单位面积 GEP 最高的是{}（{} 万元/km²），最低的是{}（{} 万元/km²）。",
                cx.county(top.0),
                num(top.1, 2),
                cx.county(bottom.0),
                num(bottom.1, 2)
            )
        } else {
            format!(
                "GEP per km² is highest in {} ({} × 10⁴ CNY/km²) and lowest in {} ({} × 10⁴ CNY/km²).",
                cx.county(top.0),
                num(top.1, 2),
                cx.county(bottom.0),
                num(bottom.1, 2)
            )
        });
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
        None => (
            cx.t(
                "变化：项目没有更早的核算期，未计算增长。",
                "Change: the project has no earlier period; no growth computed.",
            )
            .to_string(),
            None,
        ),
        Some(prev) => match growth(
            cx.project,
            cx.registry,
            prev,
            a.year,
            Some(a.framework.clone()),
            Some(a.price_year),
        ) {
            Ok(g) => {
                let text = if cx.zh() {
                    format!(
                        "变化：按 {} 年不变价，GEP 由 {} 年的 {} 万元变为 {} 年的 {} 万元，实际增长 {}。",
                        g.base_year,
                        g.from_year,
                        wan(g.region.gep_from),
                        g.to_year,
                        wan(g.region.gep_to),
                        pct(g.region.real_growth)
                    )
                } else {
                    format!(
                        "Change: at constant {} prices GEP went from {} × 10⁴ CNY in {} to {} × 10⁴ CNY in {}, real growth {}.",
                        g.base_year,
                        wan(g.region.gep_from),
                        g.from_year,
                        wan(g.region.gep_to),
                        g.to_year,
                        pct(g.region.real_growth)
                    )
                };
                (text, Some(g))
            }
            Err(e) => (
                format!(
                    "{}{e}",
                    cx.t(
                        "变化：无法计算增长：",
                        "Change: growth could not be computed: "
                    )
                ),
                None,
            ),
        },
    }
}

/// The heading and table of real growth by county.
fn growth_blocks(cx: &Cx, g: &Growth, s: &mut Section) {
    let sym = cx.wan_label();
    let (from, to) = (g.from_year.to_string(), g.to_year.to_string());
    s.push(Block::Heading(if cx.zh() {
        format!("按 {} 年不变价的实际增长", g.base_year)
    } else {
        format!("Real growth at constant {} prices", g.base_year)
    }));
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
            cx.t("全区", "Region").to_string(),
            wan(g.region.gep_from),
            wan(g.region.gep_to),
            pct(g.region.real_growth),
        ],
    ));
    s.push(Block::Table(Table {
        columns: vec![
            Column::text(cx.t("县区", "County")),
            Column::number(cx.with_unit(&from, sym)),
            Column::number(cx.with_unit(&to, sym)),
            Column::number(cx.t("实际增长", "Real growth")),
        ],
        rows,
        stub: 1,
    }));
}
