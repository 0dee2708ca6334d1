//! 六、结果分析 / Analysis of the results: the structure of GEP (categories and the largest
//! indicators), its spatial pattern (ranking by county and per km², with the chart), intensity
//! per km² and per capita and GEP/GDP by county, and the change against the previous period
//! at constant prices (`engine::growth`) with the indicators that made it; then, when the
//! project has them, the equivalent-factor ESV beside GEP (`esv`) and the effect of land-use
//! change (`land_use`).

use super::{Cx, Scale, opt, pct, yi};
use crate::engine::CountyAccount;
use crate::engine::growth::{Growth, growth};
use crate::format::num;
use crate::registry::Category;
use crate::report::doc::{Block, Column, Row, RowStyle, Section, SectionKind, Table};
use crate::units::Unit;

/// Indicators listed in the structure table.
const TOP_INDICATORS: usize = 8;

pub fn section(cx: &Cx) -> Option<Section> {
    let mut s = Section::new(
        "analysis",
        SectionKind::Chapter,
        cx.key("rs_analysis_heading"),
    );
    s.push(Block::Heading(
        cx.key("rs_analysis_structure_heading").into(),
    ));
    s.push(Block::Para(structure_sentence(cx)));
    s.table(cx.key("rs_tab_top_indicators"), top_indicators(cx));

    s.push(Block::Heading(cx.key("rs_analysis_spatial_heading").into()));
    for line in ranking(cx) {
        s.push(Block::Para(line));
    }
    s.blocks.extend(super::comparison::ranking(cx));

    s.push(Block::Heading(
        cx.key("rs_analysis_intensity_heading").into(),
    ));
    s.table(cx.key("rs_tab_measures"), measures_table(cx));
    if let Some(p) = gdp_sentence(cx) {
        s.push(Block::Para(p));
    }
    let n = cx.accounts.counties.len();
    if n > super::region::COUNTY_ROWS_MAX {
        s.push(Block::Note(
            crate::report::doc::NoteKind::Info,
            cx.key("rs_by_county_in_workbook").into(),
        ));
    } else if n > 1 {
        s.table(cx.key("rs_tab_intensity"), intensity_table(cx));
    }

    s.push(Block::Heading(cx.key("rs_analysis_change_heading").into()));
    match region_growth(cx) {
        Ok(Some(g)) => growth_blocks(cx, &g, &mut s),
        Ok(None) => s.push(Block::Para(cx.key("rpt_findings_no_earlier_period").into())),
        Err(e) => s.push(Block::Para(
            cx.keyf("rpt_findings_growth_failed", &[("error", &e)]),
        )),
    }
    s.blocks.extend(super::esv::blocks(cx));
    s.blocks.extend(super::land_use::blocks(cx));
    Some(s)
}

/// The category shares in the accounts' order.
pub fn category_share(cx: &Cx, c: Category) -> Option<f64> {
    let r = &cx.accounts.region.ratios;
    match c {
        Category::Material => r.share_material,
        Category::Regulating => r.share_regulating,
        Category::Cultural => r.share_cultural,
    }
}

/// The largest category, if GEP has any value.
pub fn largest_category(cx: &Cx) -> Option<Category> {
    let t = &cx.accounts.region.totals;
    Category::ALL
        .iter()
        .copied()
        .filter(|c| t.category(*c) > 0.0)
        .max_by(|x, y| t.category(*x).total_cmp(&t.category(*y)))
}

/// "2022 年 GEP 为 … 亿元，其中物质产品 …；调节服务占比最大。"
pub fn structure_sentence(cx: &Cx) -> String {
    let a = cx.accounts;
    let r = &a.region;
    let shares: Vec<String> = Category::ALL
        .iter()
        .map(|&c| {
            cx.keyf(
                "rs_category_amount",
                &[
                    ("category", &cx.category(c)),
                    ("yi", &yi(r.totals.category(c))),
                    ("share", &pct(category_share(cx, c))),
                ],
            )
        })
        .collect();
    cx.keyf(
        "rs_structure",
        &[
            ("year", &a.year.to_string()),
            ("region", &super::general::region_name(cx)),
            ("yi", &yi(r.totals.gep)),
            ("shares", &shares.join(cx.key("rs_list_sep"))),
            (
                "largest",
                &largest_category(cx).map_or_else(|| "—".to_string(), |c| cx.category(c)),
            ),
        ],
    )
}

/// Counted indicators of the region by value, largest first.
pub fn indicators_by_value(cx: &Cx) -> Vec<(String, f64)> {
    let mut v: Vec<(String, f64)> = cx
        .accounts
        .region
        .by_indicator
        .iter()
        .filter(|(id, _)| cx.counted(id))
        .map(|(id, v)| (id.to_string(), *v))
        .collect();
    v.sort_by(|x, y| y.1.total_cmp(&x.1));
    v
}

/// The largest indicators with their category, value and share of GEP.
fn top_indicators(cx: &Cx) -> Table {
    let gep = cx.accounts.region.totals.gep;
    let list = indicators_by_value(cx);
    let scale = Scale::of(list.iter().map(|x| x.1));
    let rows = list
        .iter()
        .take(TOP_INDICATORS)
        .map(|(id, v)| {
            Row::plain([
                cx.indicator_name(id),
                cx.category_of(id)
                    .map_or_else(|| "—".into(), |c| cx.category(c)),
                scale.fmt(*v),
                pct((gep != 0.0).then(|| v / gep)),
            ])
        })
        .collect();
    Table {
        columns: vec![
            Column::text(cx.key("rpt_indicator")),
            Column::nowrap(cx.key("rpt_methods_category")),
            Column::number(cx.with_unit(cx.key("rs_value"), scale.unit(cx))),
            Column::number(cx.key("rs_share_of_gep")),
        ],
        rows,
        stub: 1,
    }
}

/// Counties by GEP, highest first.
pub fn counties_by_gep<'a>(cx: &Cx<'a>) -> Vec<&'a CountyAccount> {
    let mut v: Vec<&CountyAccount> = cx.accounts.counties.iter().collect();
    v.sort_by(|x, y| y.totals.gep.total_cmp(&x.totals.gep));
    v
}

/// Counties by GEP per km² (万元/km²), highest first.
pub fn counties_by_km2<'a>(cx: &Cx<'a>) -> Vec<(&'a CountyAccount, f64)> {
    let mut v: Vec<(&CountyAccount, f64)> = cx
        .accounts
        .counties
        .iter()
        .filter_map(|c| c.ratios.gep_per_km2.map(|v| (c, v / 1e4)))
        .collect();
    v.sort_by(|x, y| y.1.total_cmp(&x.1));
    v
}

/// Highest and lowest county by GEP and by GEP per km² (none with one county).
fn ranking(cx: &Cx) -> Vec<String> {
    let mut items = Vec::new();
    let by_gep = counties_by_gep(cx);
    if let (Some(top), Some(bottom)) = (by_gep.first(), by_gep.last())
        && by_gep.len() > 1
    {
        let gep = cx.accounts.region.totals.gep;
        items.push(cx.keyf(
            "rs_ranking_gep",
            &[
                ("top", &cx.county(top)),
                ("top_yi", &yi(top.totals.gep)),
                (
                    "top_share",
                    &pct((gep != 0.0).then(|| top.totals.gep / gep)),
                ),
                ("bottom", &cx.county(bottom)),
                ("bottom_yi", &yi(bottom.totals.gep)),
            ],
        ));
    }
    let by_km2 = counties_by_km2(cx);
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

/// GDP, GEP/GDP, population, GEP per capita, land area and GEP per km² of the region.
fn measures_table(cx: &Cx) -> Table {
    let r = &cx.accounts.region;
    let measures: [(String, String); 6] = [
        (
            cx.with_unit(cx.key("rpt_overview_gdp"), cx.unit(Unit::YiYuan)),
            opt((r.gdp_yuan > 0.0).then_some(r.gdp_yuan), yi),
        ),
        (
            "GEP/GDP".to_string(),
            opt(r.ratios.gep_per_gdp, |v| num(v, 2)),
        ),
        (
            cx.with_unit(
                cx.key("rpt_overview_resident_population"),
                cx.unit(Unit::WanPerson),
            ),
            num(r.population / 1e4, 2),
        ),
        (
            cx.with_unit(
                cx.key("rpt_overview_gep_per_capita"),
                cx.key("rpt_overview_yuan_per_person"),
            ),
            opt(r.ratios.gep_per_capita, |v| num(v, 0)),
        ),
        (
            cx.with_unit(cx.key("rpt_overview_land_area"), cx.unit(Unit::Km2)),
            num(r.land_area_hm2 / 100.0, 2),
        ),
        (
            cx.with_unit(
                cx.key("rpt_overview_gep_per_km2"),
                cx.key("rpt_overview_wan_per_km2"),
            ),
            opt(r.ratios.gep_per_km2, |v| num(v / 1e4, 2)),
        ),
    ];
    Table {
        columns: vec![
            Column::text(cx.key("rpt_overview_measure")),
            Column::number(cx.key("rpt_value")),
        ],
        rows: measures
            .into_iter()
            .map(|(k, v)| Row::plain([k, v]))
            .collect(),
        stub: 1,
    }
}

/// "GEP is n times GDP; highest in …" when GDP is known.
fn gdp_sentence(cx: &Cx) -> Option<String> {
    let r = &cx.accounts.region;
    let ratio = r.ratios.gep_per_gdp?;
    let mut by: Vec<(&CountyAccount, f64)> = cx
        .accounts
        .counties
        .iter()
        .filter_map(|c| c.ratios.gep_per_gdp.map(|v| (c, v)))
        .collect();
    by.sort_by(|x, y| y.1.total_cmp(&x.1));
    let mut s = cx.keyf("rs_gep_gdp", &[("ratio", &num(ratio, 2))]);
    if let (Some(top), Some(bottom)) = (by.first(), by.last())
        && by.len() > 1
    {
        s.push_str(&cx.keyf(
            "rs_gep_gdp_counties",
            &[
                ("top", &cx.county(top.0)),
                ("top_ratio", &num(top.1, 2)),
                ("bottom", &cx.county(bottom.0)),
                ("bottom_ratio", &num(bottom.1, 2)),
            ],
        ));
    }
    Some(s)
}

/// GEP/GDP, GEP per capita and per km² by county.
fn intensity_table(cx: &Cx) -> Table {
    let a = cx.accounts;
    let r = &a.region;
    let row = |name: String, x: &crate::engine::Ratios| {
        [
            name,
            opt(x.gep_per_gdp, |v| num(v, 2)),
            opt(x.gep_per_capita, |v| num(v, 0)),
            opt(x.gep_per_km2, |v| num(v / 1e4, 2)),
        ]
    };
    let mut rows: Vec<Row> = a
        .counties
        .iter()
        .map(|c| Row::plain(row(cx.county(c), &c.ratios)))
        .collect();
    rows.push(Row::new(
        RowStyle::Total,
        row(cx.key("rpt_whole_region").into(), &r.ratios),
    ));
    Table {
        columns: vec![
            Column::text(cx.key("rpt_county")),
            Column::number("GEP/GDP"),
            Column::number(cx.with_unit(
                cx.key("rpt_overview_per_capita"),
                cx.key("rpt_overview_yuan_per_person"),
            )),
            Column::number(cx.with_unit(
                cx.key("rpt_overview_per_km2"),
                cx.key("rpt_overview_wan_per_km2"),
            )),
        ],
        rows,
        stub: 1,
    }
}

/// Real growth against the latest earlier period at the accounts' prices; `None` without one.
pub fn region_growth(cx: &Cx) -> Result<Option<Growth>, String> {
    let a = cx.accounts;
    let Some(prev) = cx
        .project
        .periods
        .iter()
        .map(|p| p.year)
        .filter(|y| *y < a.year)
        .max()
    else {
        return Ok(None);
    };
    growth(
        cx.project,
        cx.registry,
        prev,
        a.year,
        Some(a.framework.clone()),
        Some(a.price_year),
    )
    .map(Some)
    .map_err(|e| e.to_string())
}

/// The indicators whose constant-price change was largest in size, largest first.
pub fn growth_causes(g: &Growth) -> Vec<(&str, f64)> {
    let mut v: Vec<(&str, f64)> = g
        .indicators
        .iter()
        .map(|i| (i.id.as_str(), i.to - i.from))
        .filter(|x| x.1 != 0.0)
        .collect();
    v.sort_by(|x, y| y.1.abs().total_cmp(&x.1.abs()));
    v
}

/// The change sentence, its causes, and the table of real growth by county.
fn growth_blocks(cx: &Cx, g: &Growth, s: &mut Section) {
    s.push(Block::Para(cx.keyf(
        "rs_change",
        &[
            ("base_year", &g.base_year.to_string()),
            ("from_year", &g.from_year.to_string()),
            ("from", &yi(g.region.gep_from)),
            ("to_year", &g.to_year.to_string()),
            ("to", &yi(g.region.gep_to)),
            ("growth", &pct(g.region.real_growth)),
        ],
    )));
    let causes: Vec<String> = growth_causes(g)
        .into_iter()
        .take(3)
        .map(|(id, d)| {
            cx.keyf(
                "rs_change_item",
                &[("name", &cx.indicator_name(id)), ("delta", &signed_yi(d))],
            )
        })
        .collect();
    if !causes.is_empty() {
        s.push(Block::Para(cx.keyf(
            "rs_change_causes",
            &[("items", &causes.join(cx.key("rs_list_sep")))],
        )));
    }
    let scale = Scale::of(g.counties.iter().map(|c| c.gep_to).chain([g.region.gep_to]));
    let sym = scale.unit(cx);
    let (from, to) = (g.from_year.to_string(), g.to_year.to_string());
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
                scale.fmt(c.gep_from),
                scale.fmt(c.gep_to),
                pct(c.real_growth),
            ])
        })
        .collect();
    rows.push(Row::new(
        RowStyle::Total,
        [
            cx.key("rpt_whole_region").to_string(),
            scale.fmt(g.region.gep_from),
            scale.fmt(g.region.gep_to),
            pct(g.region.real_growth),
        ],
    ));
    s.push(Block::TableCaption(cx.keyf(
        "rpt_findings_growth_heading",
        &[("base_year", &g.base_year.to_string())],
    )));
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

/// "+12.34" / "−1.20" 亿元.
pub fn signed_yi(yuan: f64) -> String {
    if yuan >= 0.0 {
        format!("+{}", yi(yuan))
    } else {
        format!("−{}", yi(-yuan))
    }
}
