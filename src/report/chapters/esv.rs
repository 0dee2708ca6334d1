//! 当量因子法 ESV 与 GEP 比较 / ESV compared with GEP (a part of 六、结果分析): the
//! equivalent-factor ESV beside GEP by county, table and chart, and, when any county has one,
//! the regional coefficients of Xie et al. 2015 per county (`adjustment`). Absent when no
//! county has an ESV.

use super::comparison::{CHART_WIDTH, figure};
use super::{Cx, opt, wan};
use crate::engine::CoefficientBasis;
use crate::format::num;
use crate::report::doc::{Block, Column, NoteKind, Row, RowStyle, Section, SectionKind, Table};

/// The part's heading and blocks, its own headings one level down (sub-sections of the
/// section it is); nothing when no county has an ESV.
pub fn blocks(cx: &Cx) -> Vec<Block> {
    let Some(s) = section(cx) else {
        return Vec::new();
    };
    let mut out = vec![Block::Heading(s.heading)];
    out.extend(s.blocks.into_iter().map(super::demote));
    out
}
use crate::view::chart::build::{chart_height, single_chart};
use crate::view::chart::{BLUE, Bars, GREEN, Series};
use crate::view::esv_adjust;

fn section(cx: &Cx) -> Option<Section> {
    let a = cx.accounts;
    if a.counties.iter().all(|c| c.esv.is_none()) {
        return None;
    }
    let mut s = Section::new("esv", SectionKind::Chapter, cx.key("rpt_esv_heading"));
    let table = a
        .counties
        .iter()
        .find_map(|c| c.esv.as_ref())
        .map(|e| e.table.clone())
        .unwrap_or_default();
    let table_name = crate::model::catalogue::factor_table(cx.project, cx.registry, &table)
        .map_or_else(
            || table.clone(),
            |t| {
                let source = super::general::citation(t.source.get(cx.lang));
                format!("{} — {source}", t.name.get(cx.lang))
            },
        );
    s.push(Block::Note(
        NoteKind::Info,
        format!("{}{table_name}", cx.key("rpt_esv_table_label")),
    ));
    let sym = cx.wan_label();
    let mut rows: Vec<Row> = a
        .counties
        .iter()
        .map(|c| {
            let e = c.esv.as_ref().map(|e| e.total);
            Row::plain([
                cx.county(c),
                wan(c.totals.gep),
                opt(e, wan),
                opt(
                    e.filter(|_| c.totals.gep > 0.0).map(|e| e / c.totals.gep),
                    |v| num(v, 2),
                ),
            ])
        })
        .collect();
    let (g, e) = (a.region.totals.gep, a.region.esv_total);
    rows.push(Row::new(
        RowStyle::Total,
        [
            cx.key("rpt_esv_total").to_string(),
            wan(g),
            wan(e),
            opt((g > 0.0).then(|| e / g), |v| num(v, 2)),
        ],
    ));
    s.push(Block::TableCaption(cx.key("rs_tab_esv").into()));
    s.push(Block::Table(Table {
        columns: vec![
            Column::text(cx.key("rpt_esv_county")),
            Column::number(cx.with_unit("GEP", sym)),
            Column::number(cx.with_unit("ESV", sym)),
            Column::number("ESV/GEP"),
        ],
        rows,
        stub: 1,
    }));
    let categories: Vec<String> = a.counties.iter().map(|c| cx.county(c)).collect();
    let horizontal = categories.len() > 16;
    let bars = Bars {
        horizontal,
        series: vec![
            Series {
                name: "GEP".to_string(),
                color: GREEN,
                values: a
                    .counties
                    .iter()
                    .map(|c| Some(c.totals.gep / 1e4))
                    .collect(),
            },
            Series {
                name: "ESV".to_string(),
                color: BLUE,
                values: a
                    .counties
                    .iter()
                    .map(|c| c.esv.as_ref().map(|e| e.total / 1e4))
                    .collect(),
            },
        ],
        stacked: false,
        value_axis: cx.with_unit(cx.key("rpt_esv_value"), sym),
        category_axis: String::new(),
        unit: sym.to_string(),
        decimals: 2,
        labels: Vec::new(),
        tips: Vec::new(),
        categories,
    };
    let h = chart_height(a.counties.len(), horizontal);
    let chart = single_chart(
        cx.key("rpt_esv_chart_title").to_string(),
        cx.chart_subtitle(sym),
        bars,
        "gep_vs_esv",
    );
    s.push(figure(
        cx,
        &chart,
        CHART_WIDTH,
        h,
        cx.key("rpt_esv_chart_caption"),
    ));
    adjustment(cx, &mut s);
    Some(s)
}

/// The regional coefficients per county (P, R, S), ESV before and after them, the services
/// each scales and every derivation; nothing when no county has a coefficient.
fn adjustment(cx: &Cx, s: &mut Section) {
    let a = cx.accounts;
    if !esv_adjust::any_adjusted(a) {
        return;
    }
    s.push(Block::Heading(cx.key("esva_rpt_heading").to_string()));
    let mut para = cx.key("esva_rpt_intro").to_string();
    let first = a.counties.iter().find_map(|c| c.esv.as_ref());
    if let Some(e) = first {
        for r in esv_adjust::rows(&cx.labels, e) {
            para.push_str(&cx.keyf(
                "esva_rpt_governs",
                &[("coefficient", &r.name), ("services", &r.services)],
            ));
        }
        if let Some(t) = crate::model::catalogue::factor_table(cx.project, cx.registry, &e.table)
            && !t.adjust_note.is_empty()
        {
            para.push_str(t.adjust_note.get(cx.lang));
            para.push_str(cx.key("esva_rpt_period"));
        }
    }
    s.push(Block::Para(para));
    let sym = cx.wan_label();
    let mut rows = Vec::new();
    let mut derivations = Vec::new();
    for c in &a.counties {
        let Some(e) = &c.esv else { continue };
        let coef = esv_adjust::rows(&cx.labels, e);
        let mut cells = vec![cx.county(c)];
        for (r, k) in coef.iter().zip(&e.coefficients) {
            let set = !matches!(k.basis, CoefficientBasis::NotAdjusted);
            cells.push(esv_adjust::value_text(r, set));
            if set {
                derivations.push(cx.keyf(
                    "esva_derivation",
                    &[
                        ("county", &cx.county(c)),
                        ("coefficient", &r.name),
                        ("value", &num(r.value, 4)),
                        ("basis", &r.basis),
                    ],
                ));
            }
        }
        cells.push(wan(e.unadjusted_total));
        cells.push(wan(e.total));
        rows.push(Row::plain(cells));
    }
    let mut columns = vec![Column::text(cx.key("rpt_esv_county"))];
    columns.extend(
        crate::registry::AdjustBy::ALL
            .iter()
            .map(|k| Column::number(cx.key(k.name_key()))),
    );
    columns.push(Column::number(cx.with_unit(cx.key("esva_before"), sym)));
    columns.push(Column::number(cx.with_unit(cx.key("esva_after"), sym)));
    s.push(Block::TableCaption(cx.key("rs_tab_esv_adjust").into()));
    s.push(Block::Table(Table {
        columns,
        rows,
        stub: 1,
    }));
    s.push(Block::Note(
        NoteKind::Info,
        cx.key("esva_rpt_dash").to_string(),
    ));
    if !derivations.is_empty() {
        s.push(Block::List(derivations));
    }
}
