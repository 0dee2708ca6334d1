//! 九、结论与建议 / Conclusions and recommendations, generated from the numbers: what
//! dominates GEP, which counties stand out, GEP against GDP, the change at constant prices;
//! then what to improve in the data and how the result serves compensation and the
//! realisation of ecological-product value. Every sentence carries the figure it rests on; a
//! sentence whose figure is absent (one county, no GDP, no earlier period) is left out.

use super::analysis::{
    category_share, counties_by_gep, counties_by_km2, growth_causes, indicators_by_value,
    largest_category, region_growth, signed_yi,
};
use super::general::region_name;
use super::{Cx, indicator, pct, wan, yi};
use crate::engine::Status;
use crate::engine::compensation::scenario;
use crate::format::num;
use crate::report::doc::{Block, Section, SectionKind};

/// An indicator above this share of GEP is named as the one whose price matters most.
const DOMINANT_INDICATOR: f64 = 0.3;
/// Counties summed in the "top counties" share.
const TOP_COUNTIES: usize = 3;

pub fn section(cx: &Cx) -> Option<Section> {
    let mut s = Section::new(
        "conclusions",
        SectionKind::Chapter,
        cx.key("rs_concl_heading"),
    );
    s.push(Block::Heading(cx.key("rs_concl_findings_heading").into()));
    s.push(Block::List(conclusions(cx)));
    s.push(Block::Heading(cx.key("rs_concl_advice_heading").into()));
    s.push(Block::List(recommendations(cx)));
    Some(s)
}

/// The statements of the conclusions, in order.
pub fn conclusions(cx: &Cx) -> Vec<String> {
    let a = cx.accounts;
    let r = &a.region;
    let mut out = Vec::new();
    if let Some(cat) = largest_category(cx) {
        let mut line = cx.keyf(
            "rs_concl_dominant",
            &[
                ("region", &region_name(cx)),
                ("year", &a.year.to_string()),
                ("yi", &yi(r.totals.gep)),
                ("category", &cx.category(cat)),
                ("share", &pct(category_share(cx, cat))),
            ],
        );
        if let Some((id, v)) = indicators_by_value(cx).first() {
            line.push_str(&cx.keyf(
                "rs_concl_top_indicator",
                &[
                    ("name", &cx.indicator_name(id)),
                    ("yi", &yi(*v)),
                    ("share", &pct(share(*v, r.totals.gep))),
                ],
            ));
        }
        out.push(line);
    } else {
        out.push(cx.key("rs_concl_no_value").to_string());
    }
    let by_gep = counties_by_gep(cx);
    if by_gep.len() > 1 {
        let top = by_gep[0];
        let k = TOP_COUNTIES.min(by_gep.len() - 1);
        let top_k: f64 = by_gep.iter().take(k).map(|c| c.totals.gep).sum();
        out.push(cx.keyf(
            "rs_concl_top_county",
            &[
                ("name", &cx.county(top)),
                ("yi", &yi(top.totals.gep)),
                ("share", &pct(share(top.totals.gep, r.totals.gep))),
                ("k", &k.to_string()),
                ("k_share", &pct(share(top_k, r.totals.gep))),
            ],
        ));
    }
    let by_km2 = counties_by_km2(cx);
    if let (true, Some(mean)) = (by_km2.len() > 1, r.ratios.gep_per_km2) {
        let (top, v) = by_km2[0];
        out.push(cx.keyf(
            "rs_concl_top_km2",
            &[
                ("name", &cx.county(top)),
                ("value", &num(v, 2)),
                ("times", &num(v / (mean / 1e4), 2)),
            ],
        ));
    }
    if let Some(ratio) = r.ratios.gep_per_gdp {
        out.push(cx.keyf(
            if ratio >= 1.0 {
                "rs_concl_gdp_above"
            } else {
                "rs_concl_gdp_below"
            },
            &[("ratio", &num(ratio, 2)), ("gdp", &yi(r.gdp_yuan))],
        ));
    }
    if let Ok(Some(g)) = region_growth(cx)
        && let Some(growth) = g.region.real_growth
    {
        let mut line = cx.keyf(
            if growth >= 0.0 {
                "rs_concl_growth_up"
            } else {
                "rs_concl_growth_down"
            },
            &[
                ("base_year", &g.base_year.to_string()),
                ("from_year", &g.from_year.to_string()),
                ("growth", &pct(Some(growth.abs()))),
            ],
        );
        if let Some((id, d)) = growth_causes(&g).first() {
            line.push_str(&cx.keyf(
                "rs_concl_growth_cause",
                &[("name", &cx.indicator_name(id)), ("delta", &signed_yi(*d))],
            ));
        }
        out.push(line);
    }
    out
}

/// What to improve in the data, and how the result serves compensation and value realisation.
pub fn recommendations(cx: &Cx) -> Vec<String> {
    let a = cx.accounts;
    let r = &a.region;
    let mut out = Vec::new();
    let unverified = a
        .params_used
        .iter()
        .filter(|p| p.tag.is_unverified())
        .count();
    if unverified > 0 {
        out.push(cx.keyf("rs_advice_unverified", &[("n", &unverified.to_string())]));
    }
    let missing: Vec<String> = cx
        .indicator_ids()
        .into_iter()
        .filter(|id| cx.asked(id))
        .filter(|id| {
            a.counties
                .iter()
                .any(|c| indicator(c, id).is_some_and(|x| x.status != Status::Computed))
        })
        .map(|id| cx.indicator_name(id))
        .collect();
    if !missing.is_empty() {
        out.push(cx.keyf(
            "rs_advice_missing",
            &[
                ("n", &missing.len().to_string()),
                ("names", &missing.join(cx.key("rs_list_sep"))),
            ],
        ));
    }
    if let Some((id, v)) = indicators_by_value(cx).first()
        && r.totals.gep > 0.0
        && v / r.totals.gep > DOMINANT_INDICATOR
    {
        out.push(cx.keyf(
            "rs_advice_dominant_price",
            &[
                ("name", &cx.indicator_name(id)),
                ("share", &pct(share(*v, r.totals.gep))),
            ],
        ));
    }
    if r.totals.gep > 0.0 {
        out.push(cx.keyf(
            "rs_advice_realisation",
            &[
                ("market", &yi(r.totals.market)),
                ("market_share", &pct(share(r.totals.market, r.totals.gep))),
                ("non_market", &yi(r.totals.non_market)),
                (
                    "non_market_share",
                    &pct(share(r.totals.non_market, r.totals.gep)),
                ),
            ],
        ));
    }
    if let Some(line) = compensation(cx) {
        out.push(line);
    }
    out
}

/// The county that receives most under the project's compensation scenario, when it runs.
fn compensation(cx: &Cx) -> Option<String> {
    let o = scenario::run(
        cx.project,
        cx.registry,
        cx.accounts,
        &cx.project.compensation,
    )
    .ok()?;
    let top = o
        .rows
        .iter()
        .filter_map(|r| r.amount_yuan.map(|v| (r, v)))
        .max_by(|x, y| x.1.total_cmp(&y.1))
        .filter(|x| x.1 > 0.0)?;
    Some(cx.keyf(
        "rs_advice_compensation",
        &[
            ("name", top.0.name(cx.lang)),
            ("wan", &wan(top.1)),
            ("non_market", &yi(cx.accounts.region.totals.non_market)),
        ],
    ))
}

fn share(part: f64, whole: f64) -> Option<f64> {
    (whole != 0.0).then(|| part / whole)
}
