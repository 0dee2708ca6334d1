//! The parameters of a compensation run as (label, value) pairs: what the page's details, the
//! report chapter and the XLSX sheet list under the formula. One function per method.

use super::{paren, pct, wan};
use crate::engine::compensation::Direction;
use crate::engine::compensation::scenario::{Detail, Opportunity, Outcome, factor_label};
use crate::format::num;
use crate::i18n::{Lang, t, tf};
use crate::model::compensation::{
    Classing, Method, RangeRule, ShareBasis, StageSource, UpperBound, ValueBasis,
};
use crate::registry::Registry;
use crate::units::MoneyUnit;

type Pairs = Vec<(String, String)>;

fn pair(label: &str, value: impl Into<String>) -> (String, String) {
    (label.to_string(), value.into())
}

/// "1,234.00 万元" / "1,234.00 10⁴ CNY".
fn wan_with_unit(yuan: f64, lang: Lang) -> String {
    format!("{} {}", wan(yuan), MoneyUnit::WanYuan.unit().symbol(lang))
}

fn share_basis(basis: ShareBasis, lang: Lang) -> &'static str {
    match basis {
        ShareBasis::Population => t(lang, "cmp_share_population"),
        ShareBasis::Gdp => t(lang, "cmp_share_gdp"),
        ShareBasis::Area => t(lang, "cmp_share_area"),
    }
}

impl Outcome {
    /// The parameters of the run as (label, value) pairs.
    pub fn parameters(&self, registry: &Registry, lang: Lang) -> Vec<(String, String)> {
        let s = &self.settings;
        let mut out = vec![
            pair(t(lang, "cmp_p_method"), Self::method_name(s.method, lang)),
            pair(
                t(lang, "cmp_p_year"),
                format!("{} / {}", self.year, self.price_year),
            ),
            pair(
                t(lang, "cmp_p_framework"),
                registry.framework_label(&self.framework, lang),
            ),
        ];
        let basis = match s.basis {
            ValueBasis::Gep => t(lang, "cmp_basis_gep"),
            ValueBasis::Esv => t(lang, "cmp_basis_esv"),
        };
        match s.method {
            Method::Priority => self.priority_params(basis, lang, &mut out),
            Method::Spillover => self.spillover_params(basis, lang, &mut out),
            Method::Fund => self.fund_params(registry, lang, &mut out),
            Method::Horizontal => self.horizontal_params(lang, &mut out),
            Method::GrowthReward => self.growth_params(lang, &mut out),
            Method::OpportunityCost => self.opportunity_params(lang, &mut out),
            Method::StandardRange => self.range_params(lang, &mut out),
        }
        // Only methods in which a county can pay compare payments with GDP.
        if !matches!(
            s.method,
            Method::Priority | Method::OpportunityCost | Method::StandardRange
        ) {
            out.push(pair(t(lang, "cmp_p_max_gdp_share"), pct(s.max_gdp_share)));
            if !s.fiscal_revenue_yuan.is_empty() {
                out.push(pair(
                    t(lang, "cmp_p_max_revenue_share"),
                    pct(s.max_revenue_share),
                ));
            }
        }
        out
    }

    fn priority_params(&self, basis: &str, lang: Lang, out: &mut Pairs) {
        out.push(pair(t(lang, "cmp_p_value_basis"), basis));
        out.push(pair(
            t(lang, "cmp_p_classing"),
            match self.settings.classing {
                Classing::NaturalBreaks => t(lang, "cmp_classing_jenks"),
                Classing::Quantiles => t(lang, "cmp_classing_terciles"),
                Classing::GeometricInterval => t(lang, "std_classing_geometric"),
            },
        ));
        if !self.priority.breaks.is_empty() {
            let b: Vec<String> = self.priority.breaks.iter().map(|x| num(*x, 4)).collect();
            out.push(pair(t(lang, "cmp_p_breaks"), b.join(", ")));
        }
    }

    fn spillover_params(&self, basis: &str, lang: Lang, out: &mut Pairs) {
        let s = &self.settings;
        out.push(pair(t(lang, "cmp_p_value_basis"), basis));
        out.push(pair(
            t(lang, "cmp_p_fair_share"),
            share_basis(s.share, lang),
        ));
        let r = match s.stage {
            StageSource::Fixed => num(s.stage_r, 3),
            StageSource::EngelPearl | StageSource::EngelLogistic => {
                t(lang, "cmpe_p_stage_engel").to_string()
            }
        };
        out.push(pair(t(lang, "cmp_p_stage_r"), r));
        out.push(pair(
            t(lang, "cmp_p_k"),
            if s.ability_to_pay {
                t(lang, "cmp_k_used")
            } else {
                t(lang, "cmp_k_unused")
            },
        ));
        out.push(pair(
            t(lang, "cmp_p_clamp"),
            if s.clamp {
                t(lang, "cmp_yes")
            } else {
                t(lang, "cmp_no")
            },
        ));
    }

    fn fund_params(&self, registry: &Registry, lang: Lang, out: &mut Pairs) {
        let s = &self.settings;
        out.push(pair(
            t(lang, "cmp_p_fund"),
            wan_with_unit(s.fund_yuan, lang),
        ));
        let w: f64 = s.factors.iter().map(|f| f.weight).sum();
        for f in &s.factors {
            let share = if w > 0.0 {
                paren(lang, &pct(f.weight / w))
            } else {
                String::new()
            };
            out.push((
                tf(
                    lang,
                    "cmp_p_factor",
                    &[("factor", &factor_label(&f.id, registry, lang))],
                ),
                tf(
                    lang,
                    "cmp_p_weight",
                    &[("weight", &num(f.weight, 3)), ("share", &share)],
                ),
            ));
        }
        let limited = s
            .limits
            .values()
            .filter(|l| l.floor_yuan.is_some() || l.cap_yuan.is_some() || l.deduction > 0.0)
            .count();
        out.push(pair(t(lang, "cmp_p_limited"), limited.to_string()));
    }

    fn horizontal_params(&self, lang: Lang, out: &mut Pairs) {
        let h = &self.settings.horizontal;
        if let Detail::Horizontal(d) = &self.detail {
            out.push(pair(
                t(lang, "cmp_p_upstream"),
                self.rows[d.upstream].name(lang),
            ));
            out.push(pair("K₀ [U]", num(d.index.k0, 3)));
            for (p, r) in d.index.pollutants.iter().zip(&d.index.ratios) {
                out.push((
                    format!("{} C / C₀", p.id),
                    format!(
                        "{} / {} = {}",
                        num(p.concentration, 4),
                        num(p.baseline, 4),
                        num(*r, 4)
                    ),
                ));
            }
            let direction = match d.index.direction {
                Direction::DownstreamPaysUpstream => t(lang, "cmp_dir_downstream_pays"),
                Direction::UpstreamPaysDownstream => t(lang, "cmp_dir_upstream_pays"),
            };
            out.push(pair(
                t(lang, "cmp_p_index"),
                format!("{}{}", num(d.index.p, 4), paren(lang, direction)),
            ));
        }
        out.push(pair(
            t(lang, "cmp_p_amount"),
            wan_with_unit(h.amount_yuan, lang),
        ));
        out.push(pair(t(lang, "cmp_p_mass"), share_basis(h.mass, lang)));
    }

    fn growth_params(&self, lang: Lang, out: &mut Pairs) {
        let s = &self.settings;
        if let Detail::GrowthReward { from_year, .. } = &self.detail {
            out.push(pair(
                t(lang, "cmp_p_compared"),
                format!("{from_year} → {}", self.year),
            ));
        }
        out.push(pair(t(lang, "cmp_p_alpha"), num(s.alpha, 4)));
        match s.beta {
            Some(b) => {
                out.push(pair(t(lang, "cmp_p_beta"), num(b, 3)));
                out.push(pair(
                    t(lang, "cmp_p_fund"),
                    wan_with_unit(s.fund_yuan, lang),
                ));
            }
            None => out.push(pair(t(lang, "cmp_p_beta_short"), t(lang, "cmp_not_used"))),
        }
    }

    fn opportunity_params(&self, lang: Lang, out: &mut Pairs) {
        if let Detail::OpportunityCost(d) = &self.detail {
            self.opportunity_inputs(d, lang, out);
        }
    }

    /// The upper bound, the rule and its λ, then the lower bound's inputs.
    fn range_params(&self, lang: Lang, out: &mut Pairs) {
        let Detail::StandardRange(d) = &self.detail else {
            return;
        };
        let upper = match (d.upper, d.from_year) {
            (UpperBound::EsvIncrement, Some(from)) => tf(
                lang,
                "std_p_upper_esv",
                &[
                    ("from", &from.to_string()),
                    ("to", &self.year.to_string()),
                    ("py", &self.price_year.to_string()),
                ],
            ),
            _ => t(lang, "std_p_upper_non_market").to_string(),
        };
        out.push(pair(t(lang, "std_p_upper"), upper));
        out.push(pair(
            t(lang, "std_p_rule"),
            rule_words(d.rule, d.position, lang),
        ));
        self.opportunity_inputs(&d.opportunity, lang, out);
    }

    fn opportunity_inputs(&self, d: &Opportunity, lang: Lang, out: &mut Pairs) {
        let per_person = |v: f64| tf(lang, "cmpe_yuan_per_person", &[("v", &num(v, 0))]);
        if d.rows.iter().any(|r| r.income_gap.is_some()) {
            out.push(pair(
                t(lang, "cmpe_p_reference_urban"),
                per_person(d.reference_urban_income),
            ));
            out.push(pair(
                t(lang, "cmpe_p_reference_rural"),
                per_person(d.reference_rural_income),
            ));
        }
        let n = self.settings.opportunity.investments.len();
        if n > 0 {
            out.push(pair(t(lang, "cmpe_p_investments"), n.to_string()));
            out.push(pair(t(lang, "cmpe_p_rate"), pct(d.rate)));
            out.push(pair(t(lang, "cmpe_p_end_year"), d.end_year.to_string()));
        }
        let o = &self.settings.opportunity;
        if !o.other_costs.is_empty() {
            out.push(pair(
                t(lang, "std_p_other_costs"),
                o.other_costs.len().to_string(),
            ));
        }
        if !o.beneficiaries.is_empty() {
            out.push(pair(
                t(lang, "std_p_beneficiaries"),
                o.beneficiaries.len().to_string(),
            ));
        }
    }
}

/// The rule of the recommended standard in words, with its λ and why the default is the
/// default.
pub fn rule_words(rule: RangeRule, position: f64, lang: Lang) -> String {
    match rule {
        RangeRule::Lower => t(lang, "std_rule_lower_why").to_string(),
        RangeRule::Midpoint => t(lang, "std_rule_midpoint").to_string(),
        RangeRule::Upper => t(lang, "std_rule_upper").to_string(),
        RangeRule::Position => tf(lang, "std_rule_position", &[("l", &num(position, 2))]),
    }
}
