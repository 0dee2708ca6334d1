//! One plain-language sentence per county: what it receives or pays and why, with the numbers
//! the method used. One function per method; each reads only the outcome's rows and detail.

use super::{paren, pct, wan};
use crate::engine::compensation::scenario::{
    Detail, Horizontal, Opportunity, OpportunityRow, Outcome, StandardRange, factor_label,
};
use crate::engine::compensation::{
    Bound, Direction, FundAllocation, GrowthReward, Priority, Spillover,
};
use crate::format::num;
use crate::i18n::{Lang, t, tf};
use crate::model::compensation::ShareBasis;
use crate::registry::Registry;
use crate::units::MoneyUnit;

/// What every sentence of a county starts from: its name and the unit of its amounts.
/// `name` comes last in every placeholder list so a name can never be re-substituted.
struct Who<'a> {
    name: &'a str,
    unit: &'static str,
    lang: Lang,
}

impl Outcome {
    /// One plain-language sentence for row `i`: what the county receives or pays and why.
    pub fn sentence(&self, i: usize, registry: &Registry, lang: Lang) -> String {
        let Some(row) = self.rows.get(i) else {
            return String::new();
        };
        let who = Who {
            name: row.name(lang),
            unit: MoneyUnit::WanYuan.unit().symbol(lang),
            lang,
        };
        match &self.detail {
            Detail::Priority(p) => self.priority_sentence(p, i, &who),
            Detail::Spillover(s) => spillover_sentence(s, i, &who),
            Detail::Fund(f) => fund_sentence(f, i, registry, &who),
            Detail::Horizontal(h) => self.horizontal_sentence(h, i, &who),
            Detail::GrowthReward { from_year, reward } => {
                self.growth_sentence(*from_year, reward, i, &who)
            }
            Detail::OpportunityCost(o) => opportunity_sentence(o, i, &who),
            Detail::StandardRange(d) => range_sentence(d, self.year, self.price_year, i, &who),
        }
    }

    fn priority_sentence(&self, p: &Priority, i: usize, who: &Who) -> String {
        let r = &p.rows[i];
        let n = p.rows.iter().filter(|x| x.rank.is_some()).count();
        match (r.ecps, r.rank, r.class, r.input.gdp_yuan) {
            (Some(e), Some(rank), Some(class), Some(gdp)) => tf(
                who.lang,
                "cmp_s_priority",
                &[
                    ("ecps", &num(e, 4)),
                    ("nm", &wan(r.input.non_market_yuan)),
                    ("gdp", &wan(gdp)),
                    ("n", &n.to_string()),
                    ("rank", &rank.to_string()),
                    ("unit", who.unit),
                    (
                        "class",
                        match who.lang {
                            Lang::Zh => class.label_zh(),
                            Lang::En => class.label_en(),
                        },
                    ),
                    ("name", who.name),
                ],
            ),
            _ => tf(
                who.lang,
                "cmp_s_priority_no_gdp",
                &[("year", &self.year.to_string()), ("name", who.name)],
            ),
        }
    }

    fn horizontal_sentence(&self, h: &Horizontal, i: usize, who: &Who) -> String {
        let up = self.rows[h.upstream].name(who.lang);
        let p = num(h.index.p, 4);
        let a = wan(h.amount_yuan);
        let receives_up = h.index.direction == Direction::DownstreamPaysUpstream;
        if i == h.upstream {
            let key = if receives_up {
                "cmp_s_upstream_receives"
            } else {
                "cmp_s_upstream_pays"
            };
            let k0 = num(h.index.k0, 3);
            let args = [
                ("a", a.as_str()),
                ("p", p.as_str()),
                ("k0", k0.as_str()),
                ("unit", who.unit),
                ("name", who.name),
            ];
            return tf(who.lang, key, &args);
        }
        let code = &self.rows[i].code;
        let Some(g) = h.gravity.rows.iter().find(|g| &g.target.code == code) else {
            return tf(who.lang, "cmp_s_outside_scheme", &[("name", who.name)]);
        };
        let key = if receives_up {
            "cmp_s_downstream_pays"
        } else {
            "cmp_s_downstream_receives"
        };
        let args = [
            ("amt", wan(h.amount_yuan * g.share)),
            ("p", p),
            ("a", a),
            ("d", num(g.target.distance, 1)),
            ("sh", pct(g.share)),
        ];
        let mut args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        args.extend([("unit", who.unit), ("up", up), ("name", who.name)]);
        tf(who.lang, key, &args)
    }

    fn growth_sentence(&self, from: i32, reward: &GrowthReward, i: usize, who: &Who) -> String {
        let r = &reward.rows[i];
        let d = r.input.gep_now_yuan - r.input.gep_prev_yuan;
        // The parts as the formula gives them; a cap by the fund follows as one factor.
        let share_before_cap = r.share_part_yuan / reward.cap_scale.unwrap_or(1.0);
        let share = if r.share_part_yuan > 0.0 {
            tf(
                who.lang,
                "cmp_s_growth_share",
                &[("v", &wan(share_before_cap)), ("unit", who.unit)],
            )
        } else {
            String::new()
        };
        let key = if d > 0.0 {
            "cmp_s_growth"
        } else {
            "cmp_s_no_growth"
        };
        let capped = reward.cap_scale.map(|k| {
            let fund = reward.beta_fund.map_or(0.0, |(_, f)| f);
            tf(
                who.lang,
                "cmp_s_growth_capped",
                &[("fund", &wan(fund)), ("unit", who.unit), ("pct", &pct(k))],
            )
        });
        let args = [
            ("reward", wan(r.reward_yuan)),
            ("from", from.to_string()),
            ("year", self.year.to_string()),
            ("prev", wan(r.input.gep_prev_yuan)),
            ("now", wan(r.input.gep_now_yuan)),
            ("d", wan(d)),
            ("alpha", num(reward.alpha, 4)),
            ("share", share),
        ];
        let mut args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        args.extend([("unit", who.unit), ("name", who.name)]);
        let sentence = tf(who.lang, key, &args);
        match capped {
            Some(c) => format!("{sentence}{c}"),
            None => sentence,
        }
    }
}

fn spillover_sentence(s: &Spillover, i: usize, who: &Who) -> String {
    let lang = who.lang;
    let r = &s.rows[i];
    let by = match s.share_basis {
        ShareBasis::Population => t(lang, "cmp_by_population"),
        ShareBasis::Gdp => t(lang, "cmp_by_gdp"),
        ShareBasis::Area => t(lang, "cmp_by_area"),
    };
    let amt = r.compensation_yuan;
    if amt == 0.0 || amt.is_nan() {
        return tf(lang, "cmp_s_spill_zero", &[("by", by), ("name", who.name)]);
    }
    let k = if r.k != 1.0 {
        tf(lang, "cmp_s_factor_k", &[("k", &num(r.k, 3))])
    } else {
        String::new()
    };
    let stage = match r.engel {
        Some(en) => format!(
            "{}{}",
            num(r.r, 3),
            paren(lang, &tf(lang, "cmpe_s_engel", &[("en", &pct(en))]))
        ),
        None => num(r.r, 3),
    };
    let factors = tf(lang, "cmp_s_factors", &[("r", &stage), ("k", k.as_str())]);
    let clamp = match r.clamped {
        Some(Bound::Lower) => t(lang, "cmp_s_raised"),
        Some(Bound::Upper) => t(lang, "cmp_s_capped"),
        None => "",
    };
    let (key, sign) = if amt > 0.0 {
        ("cmp_s_spill_receives", 1.0)
    } else {
        ("cmp_s_spill_pays", -1.0)
    };
    let args = [
        ("amt", wan(sign * amt)),
        ("nm", wan(r.input.non_market_yuan)),
        ("share", pct(r.share)),
        ("fair", wan(s.non_market_total_yuan * r.share)),
        ("spill", wan(sign * r.spillover_yuan)),
        ("factors", factors),
    ];
    let mut args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    args.extend([
        ("clamp", clamp),
        ("unit", who.unit),
        ("by", by),
        ("name", who.name),
    ]);
    tf(lang, key, &args)
}

fn fund_sentence(f: &FundAllocation, i: usize, registry: &Registry, who: &Who) -> String {
    let lang = who.lang;
    let r = &f.rows[i];
    let sep = t(lang, "cmp_list_sep");
    let mut weights = Vec::new();
    let mut owns = Vec::new();
    for (k, x) in f.factors.iter().enumerate() {
        if f.weights_used[k] <= 0.0 {
            continue;
        }
        let label = factor_label(&x.id, registry, lang);
        let own = r.county.scores[k] / f.factor_totals[k];
        weights.push(format!("{label} {}", pct(f.weights_used[k])));
        owns.push(tf(
            lang,
            "cmp_s_fund_own",
            &[("pct", &pct(own)), ("label", &label)],
        ));
    }
    let mut extra = Vec::new();
    if r.county.deduction > 0.0 {
        extra.push(tf(
            lang,
            "cmp_s_fund_deducted",
            &[
                ("d", &pct(r.county.deduction)),
                ("rest", &pct(1.0 - r.county.deduction)),
            ],
        ));
    }
    let held = |key: &'static str, v: Option<f64>| {
        tf(
            lang,
            key,
            &[("v", &wan(v.unwrap_or(0.0))), ("unit", who.unit)],
        )
    };
    match r.bound {
        Some(Bound::Lower) => extra.push(held("cmp_s_fund_floor", r.county.floor)),
        Some(Bound::Upper) => extra.push(held("cmp_s_fund_cap", r.county.cap)),
        None => {}
    }
    let clause = t(lang, "cmp_s_clause_sep");
    let extra = if extra.is_empty() {
        String::new()
    } else {
        format!("{clause}{}", extra.join(clause))
    };
    let args = [
        ("amt", wan(r.amount_yuan)),
        ("fund", wan(f.fund_yuan)),
        ("share", pct(r.formula_share)),
        ("formula", wan(r.formula_yuan)),
        ("extra", extra),
    ];
    let (weights, owns) = (weights.join(sep), owns.join(sep));
    let mut args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    // User text (factor labels, the name) last, so nothing in it is taken for a placeholder.
    args.extend([
        ("unit", who.unit),
        ("weights", &weights),
        ("owns", &owns),
        ("name", who.name),
    ]);
    tf(lang, "cmp_s_fund", &args)
}

fn opportunity_sentence(o: &Opportunity, i: usize, who: &Who) -> String {
    let lang = who.lang;
    let r = &o.rows[i];
    let Some(total) = r.total_yuan else {
        return tf(lang, "cmpe_s_no_opportunity", &[("name", who.name)]);
    };
    let parts = opportunity_parts(r, who);
    let amt = wan(total);
    let s = tf(
        lang,
        "cmpe_s_opportunity",
        &[
            ("amt", &amt),
            ("parts", &parts),
            ("unit", who.unit),
            ("name", who.name),
        ],
    );
    format!("{s}{}", split_words(r, who))
}

/// The derivation of a county's opportunity cost: income gap by group, each investment's
/// annuity, other annual costs, joined by the clause separator.
fn opportunity_parts(r: &OpportunityRow, who: &Who) -> String {
    let lang = who.lang;
    let mut parts = Vec::new();
    if let Some(g) = &r.income_gap {
        let groups = [
            (
                g.input.reference_urban - g.input.urban,
                g.input.urban_population,
                g.urban_yuan,
                "cmpe_s_gap_urban",
                "cmpe_s_no_gap_urban",
            ),
            (
                g.input.reference_rural - g.input.rural,
                g.input.rural_population,
                g.rural_yuan,
                "cmpe_s_gap_rural",
                "cmpe_s_no_gap_rural",
            ),
        ];
        for (gap, n, v, key, none) in groups {
            parts.push(if gap > 0.0 {
                let args = [
                    ("gap", num(gap, 0)),
                    ("n", num(n, 0)),
                    ("v", wan(v)),
                    ("unit", who.unit.to_string()),
                ];
                let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
                tf(lang, key, &args)
            } else {
                t(lang, none).to_string()
            });
        }
    }
    if let Some(a) = &r.annuities {
        let principal: f64 = a.rows.iter().map(|x| x.investment.principal_yuan).sum();
        let args = [
            ("k", a.rows.len().to_string()),
            ("p", wan(principal)),
            ("rate", pct(a.rate)),
            ("end", a.end_year.to_string()),
            ("v", wan(a.total_yuan)),
            ("unit", who.unit.to_string()),
        ];
        let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let items: Vec<String> = a
            .rows
            .iter()
            .map(|x| {
                tf(
                    lang,
                    "std_s_annuity_item",
                    &[
                        ("year", &x.investment.year.to_string()),
                        ("p", &wan(x.investment.principal_yuan)),
                        ("n", &x.years.to_string()),
                        ("v", &wan(x.annuity_yuan)),
                    ],
                )
            })
            .collect();
        let list = items.join(t(lang, "std_s_item_sep"));
        parts.push(format!(
            "{}{}",
            tf(lang, "cmpe_s_annuities", &args),
            paren(lang, &list)
        ));
    }
    for x in &r.other_costs {
        parts.push(tf(
            lang,
            "std_s_other_cost",
            &[
                ("v", &wan(x.amount_yuan)),
                ("unit", who.unit),
                ("what", &x.name),
            ],
        ));
    }
    parts.join(t(lang, "cmp_s_clause_sep"))
}

/// " 由 A（价值 … 万元，占 …）承担 … 万元；…" when beneficiaries are named.
fn split_words(r: &OpportunityRow, who: &Who) -> String {
    let lang = who.lang;
    if r.split.is_empty() {
        return String::new();
    }
    let items: Vec<String> = r
        .split
        .iter()
        .map(|b| {
            let mut s = tf(
                lang,
                "std_s_split_item",
                &[
                    ("value", &wan(b.value_yuan)),
                    ("share", &pct(b.share)),
                    ("v", &wan(b.amount_yuan)),
                    ("unit", who.unit),
                    ("who", &b.name),
                ],
            );
            if !b.parties.is_empty() {
                let names: Vec<&str> = b.parties.iter().map(|p| p.name.as_str()).collect();
                let each = b.parties.first().map_or(0.0, |p| p.amount_yuan);
                s.push_str(&paren(
                    lang,
                    &tf(
                        lang,
                        "std_s_parties",
                        &[
                            ("k", &b.parties.len().to_string()),
                            ("v", &wan(each)),
                            ("unit", who.unit),
                            ("names", &names.join(t(lang, "cmp_list_sep"))),
                        ],
                    ),
                ));
            }
            s
        })
        .collect();
    tf(
        lang,
        "std_s_split",
        &[("items", &items.join(t(lang, "cmp_s_clause_sep")))],
    )
}

fn range_sentence(d: &StandardRange, year: i32, price_year: i32, i: usize, who: &Who) -> String {
    let lang = who.lang;
    let (Some(row), Some(o)) = (d.rows.get(i), d.opportunity.rows.get(i)) else {
        return String::new();
    };
    let Some(r) = row.range else {
        return tf(lang, "std_s_no_lower", &[("name", who.name)]);
    };
    let upper = match (row.esv_from_yuan, row.esv_to_yuan, d.from_year) {
        (Some(a), Some(b), Some(from)) => tf(
            lang,
            "std_s_upper_esv",
            &[
                ("to", &year.to_string()),
                ("from", &from.to_string()),
                ("b", &wan(b)),
                ("a", &wan(a)),
                ("py", &price_year.to_string()),
                ("v", &wan(row.upper_yuan)),
                ("unit", who.unit),
            ],
        ),
        _ => tf(
            lang,
            "std_s_upper_non_market",
            &[("v", &wan(row.upper_yuan)), ("unit", who.unit)],
        ),
    };
    let args = [
        ("lo", wan(r.lower_yuan)),
        ("parts", opportunity_parts(o, who)),
        ("upper", upper),
        ("hi", wan(r.upper_yuan)),
        ("nb", wan(r.net_benefit_yuan)),
        ("unit", who.unit.to_string()),
    ];
    let mut args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let rule = super::params::rule_words(d.rule, d.position, lang);
    let std = r.standard_yuan.map(wan).unwrap_or_default();
    let key = if r.feasible {
        args.push(("rule", &rule));
        args.push(("std", &std));
        "std_s_range"
    } else {
        "std_s_infeasible"
    };
    args.push(("name", who.name));
    format!("{}{}", tf(lang, key, &args), split_words(o, who))
}
