//! The standard-range branch of a scenario: per county, the lower bound is its opportunity
//! cost (the opportunity-cost branch, with income gap, annuities and other annual costs), the
//! upper bound its ESV increment since the previous period at the accounts' price year, or its
//! non-market GEP, and `standard_range` gives the net benefit and the recommended standard by
//! the scenario's rule (docs/methods.md, "Compensation standard as a range"). Pure.

use serde::Serialize;

use super::{Cx, Opportunity, ScenarioError};
use crate::engine::compensation::{CompensationError, Range, standard_range};
use crate::engine::{Options, compute};
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
                    .periods
                    .iter()
                    .map(|p| p.year)
                    .filter(|y| *y < year)
                    .max()
                    .ok_or(ScenarioError::NoEsvPeriod { year })?;
                let opts = Options {
                    year: from,
                    framework: Some(self.accounts.framework.clone()),
                    price_year: Some(self.accounts.price_year),
                    traces: false,
                };
                (
                    Some(from),
                    Some(compute(self.project, self.registry, &opts)?),
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
