//! The county charts: stacked category bars (in 五、价值量) and the GEP-per-km² ranking (in
//! 六、结果分析), drawn by `view::chart::render::to_svg` (the renderer of the app's chart
//! export). Also the `figure` helper the other chart chapters share; charts, colours and sizes
//! come from `view::chart`.

use super::{Cx, Scale};
use crate::engine::CountyAccount;
use crate::format::num;
use crate::report::doc::{Block, Figure, NoteKind};
use crate::units::MoneyUnit;
use crate::view::chart::build::{chart_height, single_chart, stacked_model};
use crate::view::chart::{Bars, Chart, GREEN, Series, decimals_for, render};

/// Width of every report chart in pixels.
pub const CHART_WIDTH: u32 = 1000;

/// The chart as a figure (caption without its number), or a note when it cannot be drawn.
pub fn figure(cx: &Cx, chart: &Chart, width: u32, height: u32, caption: &str) -> Block {
    match render::to_svg(chart, (width, height)) {
        Ok(svg) => Block::Figure(Figure {
            svg,
            width,
            height,
            caption: caption.to_string(),
        }),
        Err(e) => Block::Note(
            NoteKind::Info,
            format!("{}{e}", cx.key("rpt_chart_cannot_draw")),
        ),
    }
}

/// GEP by category and county, stacked; nothing without counties.
pub fn stacked(cx: &Cx) -> Vec<Block> {
    let a = cx.accounts;
    if a.counties.is_empty() {
        return Vec::new();
    }
    let scale = Scale::of(a.counties.iter().map(|c| c.totals.gep));
    let sym = scale.unit(cx);
    let money = match scale {
        Scale::Wan => MoneyUnit::WanYuan,
        Scale::Yi => MoneyUnit::YiYuan,
    };
    let stacked = stacked_model(a, cx.lang, money, cx.with_unit("GEP", sym), "GEP");
    let h = chart_height(a.counties.len(), stacked.horizontal);
    let chart = single_chart(
        cx.key("rpt_charts_stacked_title").to_string(),
        cx.chart_subtitle(sym),
        stacked,
        "gep_by_category",
    );
    vec![figure(
        cx,
        &chart,
        CHART_WIDTH,
        h,
        cx.key("rpt_charts_stacked_caption"),
    )]
}

/// GEP per km² by county, highest first; nothing when no county has a land area.
pub fn ranking(cx: &Cx) -> Vec<Block> {
    let a = cx.accounts;
    let mut ranked: Vec<(&CountyAccount, f64)> = a
        .counties
        .iter()
        .filter_map(|c| c.ratios.gep_per_km2.map(|v| (c, v / 1e4)))
        .collect();
    ranked.sort_by(|x, y| y.1.total_cmp(&x.1));
    if ranked.is_empty() {
        return Vec::new();
    }
    {
        let unit = cx.key("rpt_charts_wan_per_km2").to_string();
        let max = ranked.iter().fold(0.0_f64, |m, r| m.max(r.1.abs()));
        let decimals = decimals_for(max);
        let bars = Bars {
            categories: ranked.iter().map(|(c, _)| cx.county(c)).collect(),
            series: vec![Series {
                name: cx.key("rpt_charts_gep_per_km2").to_string(),
                color: GREEN,
                values: ranked.iter().map(|r| Some(r.1)).collect(),
            }],
            stacked: false,
            horizontal: true,
            value_axis: cx.with_unit(cx.key("rpt_charts_gep_per_km2"), &unit),
            category_axis: String::new(),
            labels: ranked.iter().map(|r| num(r.1, decimals)).collect(),
            unit: unit.clone(),
            decimals,
            tips: Vec::new(),
        };
        let h = chart_height(ranked.len(), true);
        let chart = single_chart(
            cx.key("rpt_charts_ranking_title").to_string(),
            cx.chart_subtitle(&unit),
            bars,
            "gep_per_km2",
        );
        vec![figure(
            cx,
            &chart,
            CHART_WIDTH,
            h,
            cx.key("rpt_charts_ranking_caption"),
        )]
    }
}
