//! The standard-range branch of a scenario: per county, the lower bound is its opportunity
//! cost (the opportunity-cost branch, with income gap, annuities and other annual costs), the
//! upper bound its ESV increment since the previous period at the accounts' price year, or its
//! non-market GEP, and `standard_range` gives the net benefit and the recommended standard by
//! the scenario's rule (docs/methods.md, "Compensation standard as a range"). Pure.

use serde::Serialize;

use super::{Cx, Opportunity, ScenarioError};
use crate::engine::Options;
use crate::engine::compensation::{CompensationError, Range, standard_range};
use crate::model::compensation::{RangeRule, UpperBound};

/// One county's bounds. `range` is `None` when the county has no opportunity-cost input (it
/// is outside the scheme).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RangeRow {
    pub code: String,
    /// ESV of the previous period and of the year at the accounts' price year (元), for the
    /// ESV-increment upper bound.
    pub esv_from_yuan: Option<f64>,
    pub esv_to_yuan: Option<f64>,
    /// Upper bound (元): ESV increment or non-market GEP.
    pub upper_yuan: f64,
    pub range: Option<Range>,
}

/// The range of every county, in the accounts' order, with the lower bounds' derivation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StandardRange {
    pub upper: UpperBound,
    pub rule: RangeRule,
    /// λ used (0 lower, 0.5 midpoint, 1 upper, or the stated one).
    pub position: f64,
    /// The previous period of the ESV increment.
    pub from_year: Option<i32>,
    /// The lower bounds: opportunity cost per county.
    pub opportunity: Opportunity,
    pub rows: Vec<RangeRow>,
}

impl Cx<'_> {
    /// Lower bounds from the opportunity cost, upper bounds from the accounts, then the range.
    pub(super) fn standard_range(&self) -> Result<StandardRange, ScenarioError> {
        let r = self.settings.range;
        let position = r.position();
        if !(0.0..=1.0).contains(&position) {
            return Err(CompensationError::InvalidValue {
                what: "λ".into(),
                value: position,
            }
            .into());
        }
        let opportunity = self.opportunity()?;
        let (from_year, before) = match r.upper {
            UpperBound::NonMarket => (None, None),
            UpperBound::EsvIncrement => {
                let year = self.accounts.year;
                let from = self
                    .project
                    .previous_year(year)
                    .ok_or(ScenarioError::NoEsvPeriod { year })?;
                let opts = Options {
                    year: from,
                    framework: Some(self.accounts.framework.clone()),
                    price_year: Some(self.accounts.price_year),
                    traces: false,
                };
                (
                    Some(from),
                    Some(crate::engine::fast::compute(
                        self.project,
                        self.registry,
                        &opts,
                    )?),
                )
            }
        };
        let mut rows = Vec::with_capacity(self.accounts.counties.len());
        for (c, o) in self.accounts.counties.iter().zip(&opportunity.rows) {
            let (esv_from, esv_to, upper) = match (&before, from_year) {
                (Some(b), Some(from)) => {
                    let esv_of = |year: i32, x: Option<&crate::engine::CountyAccount>| {
                        x.and_then(|x| x.esv.as_ref())
                            .map(|e| e.total)
                            .ok_or_else(|| ScenarioError::NoEsv {
                                county: c.name_zh.clone(),
                                code: c.code.clone(),
                                year,
                            })
                    };
                    let prev = b.counties.iter().find(|x| x.code == c.code);
                    let to = esv_of(self.accounts.year, Some(c))?;
                    let from_v = esv_of(from, prev)?;
                    (Some(from_v), Some(to), to - from_v)
                }
                _ => (None, None, c.totals.non_market),
            };
            rows.push(RangeRow {
                code: c.code.clone(),
                esv_from_yuan: esv_from,
                esv_to_yuan: esv_to,
                upper_yuan: upper,
                range: o
                    .total_yuan
                    .map(|lower| standard_range(lower, upper, position)),
            });
        }
        Ok(StandardRange {
            upper: r.upper,
            rule: r.rule,
            position,
            from_year,
            opportunity,
            rows,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Detail, ScenarioError, run};
    use crate::engine::compensation::checks::Warning;
    use crate::engine::{Accounts, Options, compute};
    use crate::i18n::Lang;
    use crate::model::Project;
    use crate::model::compensation::{
        CompensationSettings, IncomeEntry, Method, RangeRule, UpperBound,
    };
    use crate::registry::Registry;

    /// Two synthetic counties whose land cover is the same in 2021 and 2022, except that the
    /// first county's every class doubles in 2022: its ESV doubles, so its ESV increment at
    /// constant prices equals its 2021 ESV, and the second county's increment is 0.
    fn project() -> (Project, Accounts) {
        let mut p = crate::sample::synthetic(2, 11);
        let code = p.counties[0].code.clone();
        if let Some(c) = p.periods[1].counties.get_mut(&code) {
            for a in c.land_cover.values_mut() {
                *a *= 2.0;
            }
        }
        let acc = compute(&p, Registry::builtin(), &Options::year(2022)).expect("computes");
        (p, acc)
    }

    fn settings(p: &Project) -> CompensationSettings {
        let mut s = CompensationSettings {
            method: Method::StandardRange,
            ..CompensationSettings::default()
        };
        s.opportunity.reference_urban_income = 40_000.0;
        s.opportunity.reference_rural_income = 15_000.0;
        // Urban gap 10 000 元 × 1 000 persons = 1 000 万元; rural gap 1 000 元 × 2 000
        // persons = 200 万元: lower bound 1 200 万元 for both counties.
        for c in &p.counties {
            s.opportunity.incomes.insert(
                c.code.clone(),
                IncomeEntry {
                    urban_income: Some(30_000.0),
                    urban_population: Some(1_000.0),
                    rural_income: Some(14_000.0),
                    rural_population: Some(2_000.0),
                },
            );
        }
        s
    }

    #[test]
    fn esv_increment_range_net_benefit_and_rules() {
        let (p, acc) = project();
        let reg = Registry::builtin();
        let mut s = settings(&p);
        let o = run(&p, reg, &acc, &s).expect("runs");
        let Detail::StandardRange(d) = &o.detail else {
            panic!("standard range expected")
        };
        assert_eq!(d.from_year, Some(2021));
        let a = &d.rows[0];
        let (from, to) = (a.esv_from_yuan.unwrap_or(0.0), a.esv_to_yuan.unwrap_or(0.0));
        assert!(from > 1.2e7, "{from}");
        assert!((to - 2.0 * from).abs() < 1e-6 * to, "{to} vs 2 × {from}");
        assert!((a.upper_yuan - from).abs() < 1e-6 * from);
        let r = a.range.expect("range");
        assert_eq!(r.lower_yuan, 1.2e7);
        assert!((r.net_benefit_yuan - (from - 1.2e7)).abs() < 1e-6 * from);
        // Default rule: the lower bound.
        assert_eq!(r.standard_yuan, Some(1.2e7));
        assert_eq!(o.rows[0].amount_yuan, Some(1.2e7));
        // The second county: land cover unchanged, increment 0 < 1 200 万元: no range.
        let b = &d.rows[1];
        assert!(b.upper_yuan.abs() < 1e-6 * from, "{}", b.upper_yuan);
        let rb = b.range.expect("range");
        assert!(!rb.feasible && rb.standard_yuan.is_none());
        assert_eq!(o.rows[1].amount_yuan, None);
        assert!(matches!(
            &o.warnings[..],
            [Warning::NoFeasibleRange { code, lower_yuan, .. }]
                if *code == p.counties[1].code && *lower_yuan == 1.2e7
        ));
        let zh = o.sentence(1, reg, Lang::Zh);
        assert!(zh.contains("没有可行的补偿标准区间"), "{zh}");
        let zh = o.sentence(0, reg, Lang::Zh);
        assert!(
            zh.contains("下限（机会成本）1,200.00 万元") && zh.contains("2022 年 ESV"),
            "{zh}"
        );
        assert!(zh.contains("推荐补偿标准 1,200.00 万元"), "{zh}");
        // Midpoint and λ = 0.25.
        s.range.rule = RangeRule::Midpoint;
        let o = run(&p, reg, &acc, &s).expect("runs");
        let mid = 1.2e7 + 0.5 * (from - 1.2e7);
        assert!((o.rows[0].amount_yuan.unwrap_or(0.0) - mid).abs() < 1e-6 * from);
        s.range.rule = RangeRule::Position;
        s.range.lambda = 0.25;
        let o = run(&p, reg, &acc, &s).expect("runs");
        let q = 1.2e7 + 0.25 * (from - 1.2e7);
        assert!((o.rows[0].amount_yuan.unwrap_or(0.0) - q).abs() < 1e-6 * from);
        s.range.lambda = 1.5;
        assert!(run(&p, reg, &acc, &s).is_err());
    }

    #[test]
    fn non_market_upper_and_missing_inputs() {
        let (p, acc) = project();
        let reg = Registry::builtin();
        let mut s = settings(&p);
        s.range.upper = UpperBound::NonMarket;
        s.range.rule = RangeRule::Upper;
        let o = run(&p, reg, &acc, &s).expect("runs");
        let Detail::StandardRange(d) = &o.detail else {
            panic!("standard range expected")
        };
        for (row, c) in d.rows.iter().zip(&acc.counties) {
            assert_eq!(row.upper_yuan, c.totals.non_market);
            assert_eq!(row.esv_from_yuan, None);
        }
        assert_eq!(
            o.rows[0].amount_yuan,
            Some(acc.counties[0].totals.non_market)
        );
        // No opportunity input: the run says so.
        s.opportunity.incomes.clear();
        assert_eq!(
            run(&p, reg, &acc, &s),
            Err(ScenarioError::NoOpportunityInputs)
        );
        // ESV increment without an earlier period.
        let mut one = p.clone();
        one.periods.remove(0);
        let s = settings(&one);
        assert_eq!(
            run(&one, reg, &acc, &s),
            Err(ScenarioError::NoEsvPeriod { year: 2022 })
        );
    }

    #[test]
    fn other_costs_and_beneficiaries_are_checked() {
        use crate::model::compensation::{BeneficiaryEntry, OtherCostEntry};
        let (p, acc) = project();
        let reg = Registry::builtin();
        let mut s = settings(&p);
        s.method = Method::OpportunityCost;
        let code = p.counties[0].code.clone();
        // 1 200 万元 + 300 万元 of other costs, split 3 : 1 → 1 125 and 375 万元, the first
        // part shared by two parties, 562.5 万元 each.
        s.opportunity.other_costs.push(OtherCostEntry {
            county: code.clone(),
            name: "债务".into(),
            amount_yuan: 3e6,
        });
        let b = |name: &str, v: f64, parts: &[&str]| BeneficiaryEntry {
            county: code.clone(),
            name: name.into(),
            value_yuan: v,
            parts: parts.iter().map(|x| x.to_string()).collect(),
        };
        s.opportunity.beneficiaries = vec![b("甲", 3.0, &["国家", "农户"]), b("乙", 1.0, &[])];
        let o = run(&p, reg, &acc, &s).expect("runs");
        let Detail::OpportunityCost(d) = &o.detail else {
            panic!("opportunity cost expected")
        };
        assert_eq!(d.rows[0].total_yuan, Some(1.5e7));
        let split = &d.rows[0].split;
        assert_eq!(
            (split[0].amount_yuan, split[1].amount_yuan),
            (1.125e7, 3.75e6)
        );
        assert_eq!(split[0].parties[1].amount_yuan, 5.625e6);
        let zh = o.sentence(0, reg, Lang::Zh);
        assert!(
            zh.contains("债务 300.00 万元") && zh.contains("各 562.50 万元"),
            "{zh}"
        );
        s.opportunity.beneficiaries = vec![b("甲", 0.0, &[])];
        assert!(matches!(
            run(&p, reg, &acc, &s),
            Err(ScenarioError::Beneficiaries { .. })
        ));
        s.opportunity.beneficiaries.clear();
        s.opportunity.other_costs[0].amount_yuan = -1.0;
        let e = run(&p, reg, &acc, &s).expect_err("negative cost");
        assert!(e.to_string().contains("「债务」金额 -1 无效"), "{e}");
        s.opportunity.other_costs[0].county = "999999".into();
        assert_eq!(
            run(&p, reg, &acc, &s),
            Err(ScenarioError::UnknownCounty("999999".into()))
        );
    }
}
