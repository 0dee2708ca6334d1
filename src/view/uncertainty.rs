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
