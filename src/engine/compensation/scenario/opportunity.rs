//! The opportunity-cost branch of a scenario: per county, the income it forgoes against a
//! reference region (`income_gap_opportunity_cost`) plus the annuities of its past investments
//! in protection (`investment_annuities`), both from the scenario's per-county inputs
//! (`model::compensation::OpportunitySettings`), plus its other annual cost items as entered.
//! The sum is what the county should receive at least (docs/methods.md, "Opportunity cost");
//! when beneficiaries are named it is split among them in proportion to the value each
//! receives (`apportion`), a beneficiary's part shared equally among its named parties. Pure.

use serde::Serialize;

use super::{Cx, ScenarioError};
use crate::engine::CountyAccount;
use crate::engine::compensation::{
    Annuities, CompensationError, IncomeGap, IncomeGapInput, Investment, apportion,
    income_gap_opportunity_cost, investment_annuities,
};
use crate::model::compensation::{BeneficiaryEntry, IncomeEntry};

/// An annual cost item added as entered (元 per year).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OtherCost {
    pub name: String,
    pub amount_yuan: f64,
}

/// One party's equal part of a beneficiary's amount.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartyShare {
    pub name: String,
    /// Beneficiary's amount / number of parties (元 per year).
    pub amount_yuan: f64,
}

/// A beneficiary's part of the county's opportunity cost.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BeneficiaryShare {
    pub name: String,
    /// The value it receives (元), the weight of the split.
    pub value_yuan: f64,
    /// value / Σ values.
    pub share: f64,
    /// Opportunity cost × share (元 per year).
    pub amount_yuan: f64,
    pub parties: Vec<PartyShare>,
}

/// One county's opportunity cost. `total_yuan` is `None` when the county has no input (it is
/// outside the scheme).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpportunityRow {
    pub code: String,
    pub income_gap: Option<IncomeGap>,
    pub annuities: Option<Annuities>,
    pub other_costs: Vec<OtherCost>,
    /// Income gap + annuities + other costs (元 per year).
    pub total_yuan: Option<f64>,
    /// Who bears the total, when beneficiaries are named (empty otherwise).
    pub split: Vec<BeneficiaryShare>,
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
        let known = |code: &str| self.accounts.counties.iter().any(|c| c.code == code);
        let codes = o.investments.iter().map(|i| &i.county);
        let codes = codes.chain(o.other_costs.iter().map(|i| &i.county));
        if let Some(code) = codes
            .chain(o.beneficiaries.iter().map(|i| &i.county))
            .find(|c| !known(c))
        {
            return Err(ScenarioError::UnknownCounty(code.clone()));
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
            let other_costs = self.other_costs(c)?;
            let total_yuan = match (&income_gap, &annuities) {
                (None, None) if other_costs.is_empty() => None,
                (g, a) => Some(
                    g.as_ref().map_or(0.0, |g| g.total_yuan)
                        + a.as_ref().map_or(0.0, |a| a.total_yuan)
                        + other_costs.iter().map(|x| x.amount_yuan).sum::<f64>(),
                ),
            };
            let split = match total_yuan {
                Some(total) => self.split(c, total)?,
                None => Vec::new(),
            };
            rows.push(OpportunityRow {
                code: c.code.clone(),
                income_gap,
                annuities,
                other_costs,
                total_yuan,
                split,
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

    /// The county's other annual cost items; each amount must be a number ≥ 0.
    fn other_costs(&self, c: &CountyAccount) -> Result<Vec<OtherCost>, ScenarioError> {
        let o = &self.settings.opportunity;
        o.other_costs
            .iter()
            .filter(|x| x.county == c.code)
            .map(|x| {
                if x.amount_yuan >= 0.0 && x.amount_yuan.is_finite() {
                    Ok(OtherCost {
                        name: x.name.clone(),
                        amount_yuan: x.amount_yuan,
                    })
                } else {
                    Err(ScenarioError::OtherCost {
                        county: c.name_zh.clone(),
                        code: c.code.clone(),
                        name: x.name.clone(),
                        value: x.amount_yuan,
                    })
                }
            })
            .collect()
    }

    /// The county's total split among its beneficiaries by value, each beneficiary's part
    /// shared equally among its parties.
    fn split(&self, c: &CountyAccount, total: f64) -> Result<Vec<BeneficiaryShare>, ScenarioError> {
        let list: Vec<&BeneficiaryEntry> = self
            .settings
            .opportunity
            .beneficiaries
            .iter()
            .filter(|b| b.county == c.code)
            .collect();
        if list.is_empty() {
            return Ok(Vec::new());
        }
        let bad = || ScenarioError::Beneficiaries {
            county: c.name_zh.clone(),
            code: c.code.clone(),
        };
        let weights: Vec<(String, f64)> = list
            .iter()
            .map(|b| (b.name.clone(), b.value_yuan))
            .collect();
        let shares = apportion(total, &weights).map_err(|_| bad())?;
        Ok(list
            .iter()
            .zip(shares.rows)
            .map(|(b, r)| {
                let parties: Vec<&String> = b.parts.iter().filter(|p| !p.is_empty()).collect();
                let each = r.amount_yuan / parties.len().max(1) as f64;
                BeneficiaryShare {
                    name: b.name.clone(),
                    value_yuan: r.weight,
                    share: r.share,
                    amount_yuan: r.amount_yuan,
                    parties: parties
                        .into_iter()
                        .map(|p| PartyShare {
                            name: p.clone(),
                            amount_yuan: each,
                        })
                        .collect(),
                }
            })
            .collect())
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
