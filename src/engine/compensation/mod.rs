//! Ecological compensation (生态补偿) derived from GEP / ESV accounts (docs/methods.md, "Ecological
//! compensation").
//!
//! This module owns the compensation engine: priority (ECPS) and its classes, value spillover
//! with the development-stage coefficient, factor-based fund allocation with floors, caps and
//! deductions, GEP-growth rewards, opportunity cost (income gap and annuity of past
//! investments), the compensation standard as a range, and horizontal (upstream–downstream)
//! compensation. Every function is pure (no UI, no I/O); every result type is `Serialize` and
//! carries the inputs and parameters it was computed from, so a number can be traced back.
//! Money is in 元 throughout.
//!
//! **Sign convention**: a positive spillover or compensation means the county *receives*
//! (net supplier of ecosystem services); a negative one means it *pays* (net beneficiary).
//!
//! Layout: one file per method (`priority`, `spillover`, `fund`, `growth_reward`,
//! `opportunity`, `range`, `horizontal`), each with its hand-worked tests, re-exported here so
//! callers write `engine::compensation::spillover`. This file keeps only what the methods share: the
//! error type, the argument checks, fair shares and `Bound`. `scenario` runs a project's
//! settings through one method; `explain` words its outcome (names, formulas, parameters and
//! one sentence per county) through the key catalogue.

use serde::Serialize;

pub use crate::model::compensation::{Classing, ShareBasis, ValueBasis};

pub mod checks;
mod explain;
mod fund;
mod growth_reward;
mod horizontal;
mod opportunity;
mod priority;
mod range;
pub mod scenario;
mod spillover;

pub use fund::*;
pub use growth_reward::*;
pub use horizontal::*;
pub use opportunity::*;
pub use priority::*;
pub use range::*;
pub use spillover::*;

/// Why a compensation quantity could not be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize)]
pub enum CompensationError {
    #[error(
        "{what}：应有 {expected} 项，实际 {got} 项 / {what}: expected {expected} items, got {got}"
    )]
    LengthMismatch {
        what: String,
        expected: usize,
        got: usize,
    },
    #[error("{0}：没有数据 / {0}: no data")]
    Empty(String),
    #[error("{what} 的值 {value} 无效 / invalid value {value} for {what}")]
    InvalidValue { what: String, value: f64 },
    #[error("{0} 缺失 / {0} is missing")]
    Missing(String),
    #[error(
        "资金 {fund} 无法在下限合计 {floors} 与上限合计 {caps} 之间分配 / fund {fund} cannot be allocated between total floors {floors} and total caps {caps}"
    )]
    Infeasible { fund: f64, floors: f64, caps: f64 },
}

type Result<T> = std::result::Result<T, CompensationError>;

fn check(what: &str, value: f64, ok: bool) -> Result<f64> {
    if value.is_finite() && ok {
        Ok(value)
    } else {
        Err(CompensationError::InvalidValue {
            what: what.to_string(),
            value,
        })
    }
}

fn same_len(what: &str, expected: usize, got: usize) -> Result<()> {
    if expected == got {
        Ok(())
    } else {
        Err(CompensationError::LengthMismatch {
            what: what.to_string(),
            expected,
            got,
        })
    }
}

/// Shares w_i = x_i / Σx. Errors on a negative or non-finite x or a zero sum.
pub fn shares(x: &[f64]) -> Result<Vec<f64>> {
    for v in x {
        check("share basis", *v, *v >= 0.0)?;
    }
    let total: f64 = x.iter().sum();
    check("share basis total", total, total > 0.0)?;
    Ok(x.iter().map(|v| v / total).collect())
}

/// Which bound a clamped compensation hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    Lower,
    Upper,
}

#[cfg(test)]
pub(crate) mod test_util {
    use super::Result;

    pub fn close(a: f64, b: f64, rel: f64) -> bool {
        (a - b).abs() <= rel * b.abs().max(1e-12)
    }

    pub fn ok<T>(r: Result<T>) -> T {
        r.unwrap_or_else(|e| panic!("{e}"))
    }

    pub fn ok_opt(x: Option<f64>) -> f64 {
        x.unwrap_or_else(|| panic!("none"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_from_accounts_and_traceable_json() {
        let reg = crate::registry::Registry::builtin();
        let p = crate::sample::synthetic(6, 7);
        let acc = super::super::compute(&p, reg, &super::super::Options::year(2022))
            .unwrap_or_else(|e| panic!("{e}"));
        let gep = priority_inputs(&acc, ValueBasis::Gep);
        let esv = priority_inputs(&acc, ValueBasis::Esv);
        assert_eq!(gep.len(), acc.counties.len());
        for ((g, e), c) in gep.iter().zip(&esv).zip(&acc.counties) {
            assert_eq!(g.non_market_yuan, c.totals.non_market);
            assert_eq!(
                e.non_market_yuan,
                c.esv.as_ref().map_or(0.0, |x| x.non_market)
            );
            assert_eq!(g.gdp_yuan, c.gdp_yuan);
        }
        let s = spillover_inputs(&acc, ValueBasis::Gep);
        assert_eq!(s[0].population, acc.counties[0].population);
        // Results carry their inputs and parameters.
        let pr = priority(&gep, ValueBasis::Gep, Classing::NaturalBreaks);
        let j = serde_json::to_value(&pr).unwrap_or_default();
        assert_eq!(j["basis"], "gep");
        assert_eq!(j["classing"], "natural_breaks");
        assert_eq!(j["rows"][0]["input"]["code"], acc.counties[0].code.as_str());
    }
}
