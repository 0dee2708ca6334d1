//! The uncertainty analysis as a reader sees it, medium-free: the summary sentences (draws,
//! seed, what was drawn), the region and county tables (point value and median [5 %, 95 %] of
//! GEP, each category and the compensation amount; region in 亿元, counties in 万元) and the
//! tornado's bars (parameter names, region GEP at the parameter's 5 % and 95 % points, 亿元).
//! The app, the CLI text, the workbook sheet and the report section all read these.

use crate::engine::uncertainty::{Bands, Interval, McResult};
use crate::i18n::{Lang, t, tf};
use crate::units::MoneyUnit;

/// `median [p5, p95]` in `unit`, without the unit symbol.
pub fn interval_text(iv: &Interval, unit: MoneyUnit) -> String {
    let f = |v: f64| crate::format::money_value(v, unit);
    format!("{} [{}, {}]", f(iv.median), f(iv.p5), f(iv.p95))
}

/// The column headers of the interval tables (first column: the county or the region).
pub fn headers(lang: Lang, unit: MoneyUnit, compensation: bool) -> Vec<String> {
    let u = unit.unit().symbol(lang);
    let mut h = vec![
        t(lang, "mc_col_name").to_string(),
        tf(lang, "mc_col_point", &[("unit", u)]),
        tf(lang, "mc_col_gep", &[("unit", u)]),
        tf(lang, "mc_col_material", &[("unit", u)]),
        tf(lang, "mc_col_regulating", &[("unit", u)]),
        tf(lang, "mc_col_cultural", &[("unit", u)]),
    ];
    if compensation {
        h.push(tf(lang, "mc_col_compensation", &[("unit", u)]));
    }
    h
}

fn row(name: String, b: &Bands, comp: Option<Option<&Interval>>, unit: MoneyUnit) -> Vec<String> {
    let mut r = vec![
        name,
        crate::format::money_value(b.gep.point, unit),
        interval_text(&b.gep, unit),
        interval_text(&b.material, unit),
        interval_text(&b.regulating, unit),
        interval_text(&b.cultural, unit),
    ];
    if let Some(c) = comp {
        r.push(c.map_or_else(|| "—".to_string(), |c| interval_text(c, unit)));
    }
    r
}

/// The region's row (亿元).
pub fn region_row(res: &McResult, lang: Lang) -> Vec<String> {
    let comp = (res.compensation_draws > 0).then_some(res.region_compensation.as_ref());
    row(
        t(lang, "mc_region").to_string(),
        &res.region,
        comp,
        MoneyUnit::YiYuan,
    )
}

/// One row per county (万元).
pub fn county_rows(res: &McResult, lang: Lang) -> Vec<Vec<String>> {
    let comp = res.compensation_draws > 0;
    res.counties
        .iter()
        .map(|c| {
            let name = match lang {
                Lang::En if !c.name_en.is_empty() => c.name_en.clone(),
                _ => c.name_zh.clone(),
            };
            row(
                name,
                &c.bands,
                comp.then_some(c.compensation.as_ref()),
                MoneyUnit::WanYuan,
            )
        })
        .collect()
}

/// One bar of the tornado in 亿元.
#[derive(Debug, Clone, PartialEq)]
pub struct TornadoBar {
    pub label: String,
    /// Region GEP with the parameter at its 5 % and 95 % points.
    pub low: f64,
    pub high: f64,
}

/// The `top` largest swings, largest first, and the point value of region GEP (亿元).
pub fn tornado(res: &McResult, lang: Lang, top: usize) -> (Vec<TornadoBar>, f64) {
    let y = |v: f64| MoneyUnit::YiYuan.from_yuan(v);
    let bars = res
        .tornado
        .iter()
        .filter(|b| b.swing > 0.0)
        .take(top)
        .map(|b| TornadoBar {
            label: match lang {
                Lang::En if !b.name_en.is_empty() => b.name_en.clone(),
                _ => b.name_zh.clone(),
            },
            low: y(b.gep_low),
            high: y(b.gep_high),
        })
        .collect();
    (bars, y(res.region.gep.point))
}

/// The sentences above the tables: what was drawn, how often, with which seed.
pub fn summary(res: &McResult, lang: Lang) -> Vec<String> {
    let defaults = res
        .params
        .iter()
        .filter(|p| p.origin == crate::engine::uncertainty::Origin::TagDefault)
        .count();
    let mut v = vec![
        tf(
            lang,
            "mc_summary_run",
            &[
                ("year", &res.year.to_string()),
                ("draws", &crate::format::num(f64::from(res.draws), 0)),
                ("seed", &res.seed.to_string()),
                ("price_year", &res.price_year.to_string()),
            ],
        ),
        tf(
            lang,
            "mc_summary_drawn",
            &[
                ("params", &res.params.len().to_string()),
                ("defaults", &defaults.to_string()),
                ("inputs", &res.inputs.to_string()),
            ],
        ),
        tf(
            lang,
            "mc_summary_region",
            &[
                (
                    "point",
                    &crate::format::money(res.region.gep.point, MoneyUnit::YiYuan, lang),
                ),
                (
                    "interval",
                    &interval_text(&res.region.gep, MoneyUnit::YiYuan),
                ),
            ],
        ),
    ];
    if res.fixed_counties > 0 {
        v.push(tf(
            lang,
            "mc_summary_fixed",
            &[("n", &res.fixed_counties.to_string())],
        ));
    }
    if res.compensation_draws > 0 {
        v.push(tf(
            lang,
            "mc_summary_compensation",
            &[("n", &res.compensation_draws.to_string())],
        ));
    }
    v.push(t(lang, "mc_summary_method").to_string());
    v
}

/// Error bars of county GEP (万元): (county name, median, 5 %, 95 %), project order.
pub fn error_bars(res: &McResult, lang: Lang) -> Vec<(String, f64, f64, f64)> {
    let w = |v: f64| MoneyUnit::WanYuan.from_yuan(v);
    res.counties
        .iter()
        .map(|c| {
            let name = match lang {
                Lang::En if !c.name_en.is_empty() => c.name_en.clone(),
                _ => c.name_zh.clone(),
            };
            let g = &c.bands.gep;
            (name, w(g.median), w(g.p5), w(g.p95))
        })
        .collect()
}

/// The tornado as a chart: one row per parameter (the `top` largest swings, largest at the
/// top), bars from region GEP's point value to its value with the parameter at its 5 % point
/// and at its 95 % point (亿元, differences from the point value). `None` without a swing.
pub fn tornado_chart(res: &McResult, lang: Lang, top: usize) -> Option<crate::view::chart::Chart> {
    use crate::view::chart::{Bars, Chart, Panel, PanelKind, Series, decimals_for};
    let (bars, point) = tornado(res, lang, top);
    if bars.is_empty() {
        return None;
    }
    let low: Vec<Option<f64>> = bars.iter().map(|b| Some(b.low - point)).collect();
    let high: Vec<Option<f64>> = bars.iter().map(|b| Some(b.high - point)).collect();
    let max = bars
        .iter()
        .map(|b| (b.low - point).abs().max((b.high - point).abs()))
        .fold(0.0, f64::max);
    let decimals = decimals_for(max);
    let sym = MoneyUnit::YiYuan.unit().symbol(lang).to_string();
    let labels = bars
        .iter()
        .map(|b| {
            format!(
                "{} – {} {sym}",
                crate::format::num(b.low.min(b.high), 2),
                crate::format::num(b.low.max(b.high), 2)
            )
        })
        .collect();
    Some(Chart {
        title: t(lang, "mc_tornado_chart").to_string(),
        subtitle: tf(
            lang,
            "mc_tornado_subtitle",
            &[
                ("point", &crate::format::num(point, 2)),
                ("draws", &res.draws.to_string()),
                ("seed", &res.seed.to_string()),
            ],
        ),
        panels: vec![Panel {
            title: String::new(),
            kind: PanelKind::Bars(Bars {
                categories: bars.iter().map(|b| b.label.clone()).collect(),
                series: vec![
                    Series {
                        name: t(lang, "mc_at_p5").to_string(),
                        color: crate::view::chart::PAY_COLOR,
                        values: low,
                    },
                    Series {
                        name: t(lang, "mc_at_p95").to_string(),
                        color: crate::view::chart::RECEIVE_COLOR,
                        values: high,
                    },
                ],
                stacked: true,
                horizontal: true,
                value_axis: tf(lang, "mc_tornado_axis", &[("unit", &sym)]),
                category_axis: String::new(),
                unit: sym,
                decimals,
                labels,
                tips: Vec::new(),
            }),
        }],
        file_stem: "uncertainty_tornado".into(),
    })
}

/// A distribution in words: "三角 (0.9, 1, 1.1) × 点估计值".
pub fn dist_text(s: &crate::model::uncertainty::Spread, lang: Lang) -> String {
    use crate::model::uncertainty::Dist;
    let f = |v: f64| format!("{}", (v * 1e6).round() / 1e6);
    let words = match s.dist {
        Dist::Uniform { min, max } => {
            tf(lang, "mc_dist_uniform", &[("a", &f(min)), ("b", &f(max))])
        }
        Dist::Triangular { min, mode, max } => tf(
            lang,
            "mc_dist_triangular",
            &[("a", &f(min)), ("m", &f(mode)), ("b", &f(max))],
        ),
        Dist::Normal { mean, sd } => tf(lang, "mc_dist_normal", &[("a", &f(mean)), ("b", &f(sd))]),
        Dist::Lognormal { median, gsd } => tf(
            lang,
            "mc_dist_lognormal",
            &[("a", &f(median)), ("b", &f(gsd))],
        ),
    };
    if s.relative {
        format!("{words} {}", t(lang, "mc_relative"))
    } else {
        words
    }
}

/// Headers of the table of parameters drawn.
pub fn param_headers(lang: Lang) -> Vec<String> {
    [
        "mc_col_param",
        "mc_col_tag",
        "mc_col_dist",
        "mc_col_p5",
        "mc_col_p95",
        "mc_col_origin",
    ]
    .iter()
    .map(|k| t(lang, k).to_string())
    .collect()
}

/// The parameters drawn, in the tornado's order (largest swing first): name, tag,
/// distribution, 5 % and 95 % points (at the accounts' price year), where the distribution
/// comes from.
pub fn param_rows(res: &McResult, lang: Lang) -> Vec<Vec<String>> {
    use crate::engine::uncertainty::Origin;
    let rank = |id: &str| {
        res.tornado
            .iter()
            .position(|b| b.id == id)
            .unwrap_or(usize::MAX)
    };
    let mut ps: Vec<_> = res.params.iter().collect();
    ps.sort_by_key(|p| rank(&p.id));
    ps.iter()
        .map(|p| {
            vec![
                match lang {
                    Lang::En if !p.name_en.is_empty() => p.name_en.clone(),
                    _ => p.name_zh.clone(),
                },
                p.tag.to_string(),
                dist_text(&p.spread, lang),
                crate::format::auto(p.p5),
                crate::format::auto(p.p95),
                match p.origin {
                    Origin::Project => t(lang, "mc_origin_project"),
                    Origin::TagDefault => t(lang, "mc_origin_tag"),
                }
                .to_string(),
            ]
        })
        .collect()
}

/// Whether a result computed for project revision `run_revision` still describes the accounts
/// shown: the same revision, year and framework.
pub fn is_current(
    res: &McResult,
    run_revision: u64,
    revision: u64,
    year: i32,
    framework: &str,
) -> bool {
    run_revision == revision && res.year == year && res.framework == framework
}

/// `p5 – p95` in `unit`, without the unit symbol (the results table's interval cell).
pub fn range_text(iv: &Interval, unit: MoneyUnit) -> String {
    let f = |v: f64| crate::format::money_value(v, unit);
    format!("{} – {}", f(iv.p5), f(iv.p95))
}

/// The header of the results table's interval column: "5%–95% 区间\n亿元".
pub fn range_header(lang: Lang, unit: MoneyUnit) -> String {
    format!("{}\n{}", t(lang, "iv_col_range"), unit.unit().symbol(lang))
}

/// A county's GEP interval by code.
pub fn county_gep<'a>(res: &'a McResult, code: &str) -> Option<&'a Interval> {
    res.counties
        .iter()
        .find(|c| c.code == code)
        .map(|c| &c.bands.gep)
}

/// The note beside intervals shown with the results: draws, seed and the region's interval.
pub fn range_note(res: &McResult, lang: Lang, unit: MoneyUnit) -> String {
    tf(
        lang,
        "iv_note",
        &[
            ("draws", &crate::format::num(f64::from(res.draws), 0)),
            ("seed", &res.seed.to_string()),
            ("region", &range_text(&res.region.gep, unit)),
            ("unit", unit.unit().symbol(lang)),
        ],
    )
}
