//! The opportunity-cost branch of a scenario: per county, the income it forgoes against a
//! reference region (`income_gap_opportunity_cost`) plus the annuities of its past investments
//! in protection (`investment_annuities`), both from the scenario's per-county inputs
//! (`model::compensation::OpportunitySettings`). The sum is what the county should receive at
//! least (docs/methods.md, "Opportunity cost"). Pure.

use serde::Serialize;

use super::{Cx, ScenarioError};
use crate::engine::CountyAccount;
use crate::engine::compensation::{
    Annuities, CompensationError, IncomeGap, IncomeGapInput, Investment,
    income_gap_opportunity_cost, investment_annuities,
};
use crate::model::compensation::IncomeEntry;

/// One county's opportunity cost. `total_yuan` is `None` when the county has no input (it is
/// outside the scheme).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpportunityRow {
    pub code: String,
    pub income_gap: Option<IncomeGap>,
    pub annuities: Option<Annuities>,
    /// Income gap + annuities (元 per year).
    pub total_yuan: Option<f64>,
}

/// The opportunity cost of every county, in the accounts' order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Opportunity {
    pub reference_urban_income: f64,
    pub reference_rural_income: f64,
    /// Interest rate of the annuities.
    pub rate: f64,
    /// Last year of repayment (n = end year − investment year).
    pub end_year: i32,
    pub rows: Vec<OpportunityRow>,
}

impl Cx<'_> {
    /// Income gap and annuities per county from the scenario's inputs.
    pub(super) fn opportunity(&self) -> Result<Opportunity, ScenarioError> {
        let o = &self.settings.opportunity;
        let end_year = o.end_year.unwrap_or(self.accounts.year);
        if !(o.rate > -1.0 && o.rate.is_finite()) {
            return Err(CompensationError::InvalidValue {
                what: "rate".into(),
                value: o.rate,
            }
            .into());
        }
        if let Some(inv) = o
            .investments
            .iter()
            .find(|i| !self.accounts.counties.iter().any(|c| c.code == i.county))
        {
            return Err(ScenarioError::UnknownCounty(inv.county.clone()));
        }
        let mut rows = Vec::with_capacity(self.accounts.counties.len());
        for c in &self.accounts.counties {
            let income_gap = match o.incomes.get(&c.code).filter(|e| entered(e)) {
                Some(e) => Some(self.income_gap(c, e)?),
                None => None,
            };
            let investments: Vec<Investment> = o
                .investments
                .iter()
                .filter(|i| i.county == c.code)
                .map(|i| Investment {
                    year: i.year,
                    principal_yuan: i.principal_yuan,
                })
                .collect();
            let annuities = if investments.is_empty() {
                None
            } else {
                if let Some(bad) = investments.iter().find(|i| {
                    i.year >= end_year || !(i.principal_yuan >= 0.0 && i.principal_yuan.is_finite())
                }) {
                    return Err(ScenarioError::Investment {
                        county: c.name_zh.clone(),
                        code: c.code.clone(),
                        year: bad.year,
                        end_year,
                    });
                }
                Some(investment_annuities(&investments, o.rate, end_year)?)
            };
            let total_yuan = match (&income_gap, &annuities) {
                (None, None) => None,
                (g, a) => Some(
                    g.as_ref().map_or(0.0, |g| g.total_yuan)
                        + a.as_ref().map_or(0.0, |a| a.total_yuan),
                ),
            };
            rows.push(OpportunityRow {
                code: c.code.clone(),
                income_gap,
                annuities,
                total_yuan,
            });
        }
        if rows.iter().all(|r| r.total_yuan.is_none()) {
            return Err(ScenarioError::NoOpportunityInputs);
        }
        Ok(Opportunity {
            reference_urban_income: o.reference_urban_income,
            reference_rural_income: o.reference_rural_income,
            rate: o.rate,
            end_year,
            rows,
        })
    }

    /// The income gap of one county: all four of its fields and the reference incomes needed.
    fn income_gap(&self, c: &CountyAccount, e: &IncomeEntry) -> Result<IncomeGap, ScenarioError> {
        let o = &self.settings.opportunity;
        if !(o.reference_urban_income > 0.0 && o.reference_rural_income > 0.0) {
            return Err(ScenarioError::NoReferenceIncome);
        }
        let field = |v: Option<f64>, zh: &str, en: &str| {
            v.filter(|x| *x >= 0.0 && x.is_finite())
                .ok_or_else(|| ScenarioError::MissingInput {
                    county: c.name_zh.clone(),
                    code: c.code.clone(),
                    what_zh: zh.into(),
                    what_en: en.into(),
                })
        };
        Ok(income_gap_opportunity_cost(IncomeGapInput {
            reference_urban: o.reference_urban_income,
            urban: field(
                e.urban_income,
                "城镇居民人均可支配收入",
                "urban per-capita disposable income",
            )?,
            urban_population: field(e.urban_population, "城镇人口", "urban population")?,
            reference_rural: o.reference_rural_income,
            rural: field(
                e.rural_income,
                "农村居民人均可支配收入",
                "rural per-capita disposable income",
            )?,
            rural_population: field(e.rural_population, "农村人口", "rural population")?,
        }))
    }
}

/// Whether any field of a county's incomes is entered.
fn entered(e: &IncomeEntry) -> bool {
    [
        e.urban_income,
        e.urban_population,
        e.rural_income,
        e.rural_population,
    ]
    .iter()
    .any(Option::is_some)
}
