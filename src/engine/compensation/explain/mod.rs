//! The words of a compensation scenario: the method's name, formulas, source and sign
//! convention, the run's parameters (`params`) and one plain-language sentence per county
//! (`sentence`), in Chinese or English, as the 补偿 page, the CLI `compensate`, the report
//! chapter and the XLSX sheet all print them.
//!
//! Every phrase is a catalogue key (`assets/i18n/engine.ron`, prefix `cmp_`) with named
//! placeholders. It reads an `Outcome` and computes nothing: an amount that is not in the
//! outcome (a fair share, a growth) is at most one subtraction or product of its fields, never
//! a method re-run.

mod params;
mod sentence;
mod warnings;

use super::scenario::Outcome;
use crate::format::{money_value, num};
use crate::i18n::{Lang, t, tf};
use crate::model::compensation::Method;
use crate::units::MoneyUnit;

/// An amount in 万元 (the unit every sentence and parameter uses).
fn wan(yuan: f64) -> String {
    money_value(yuan, MoneyUnit::WanYuan)
}

fn pct(x: f64) -> String {
    format!("{}%", num(x * 100.0, 2))
}

/// "（x）" after Chinese text, " (x)" after English.
fn paren(lang: Lang, x: &str) -> String {
    tf(lang, "cmp_paren", &[("x", x)])
}

impl Outcome {
    /// The method's name.
    pub fn method_name(method: Method, lang: Lang) -> &'static str {
        match method {
            Method::Fund => t(lang, "cmp_method_fund"),
            Method::Spillover => t(lang, "cmp_method_spillover"),
            Method::Priority => t(lang, "cmp_method_priority"),
            Method::GrowthReward => t(lang, "cmp_method_growth_reward"),
            Method::Horizontal => t(lang, "cmp_method_horizontal"),
            Method::OpportunityCost => t(lang, "cmpe_method_opportunity"),
            Method::StandardRange => t(lang, "std_method"),
        }
    }

    /// The method's formulas, as printed on the page and in reports.
    pub fn formula(method: Method, lang: Lang) -> &'static str {
        match method {
            Method::Fund => t(lang, "cmp_formula_fund"),
            Method::Spillover => t(lang, "cmp_formula_spillover"),
            Method::Priority => t(lang, "cmp_formula_priority"),
            Method::GrowthReward => t(lang, "cmp_formula_growth_reward"),
            Method::Horizontal => t(lang, "cmp_formula_horizontal"),
            Method::OpportunityCost => t(lang, "cmpe_formula_opportunity"),
            Method::StandardRange => t(lang, "std_formula"),
        }
    }

    /// Where the method comes from and how far it is verified (docs/methods.md, "Ecological
    /// compensation").
    pub fn source(method: Method, lang: Lang) -> &'static str {
        match method {
            Method::Fund => t(lang, "cmp_source_fund"),
            Method::Spillover => t(lang, "cmp_source_spillover"),
            Method::Priority => t(lang, "cmp_source_priority"),
            Method::GrowthReward => t(lang, "cmp_source_growth_reward"),
            Method::Horizontal => t(lang, "cmp_source_horizontal"),
            Method::OpportunityCost => t(lang, "cmpe_source_opportunity"),
            Method::StandardRange => t(lang, "std_source"),
        }
    }

    /// The sign convention, stated wherever amounts are shown.
    pub fn sign_convention(lang: Lang) -> &'static str {
        t(lang, "cmp_sign_convention")
    }
}
