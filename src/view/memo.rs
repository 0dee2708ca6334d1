//! Memo items (备忘项目) as a reader sees them, medium-free: every memo amount of the accounts
//! with its county, indicator, kind word and note in the display language. The report, the
//! workbook, the CSV and the app's Results page all list memo rows through `rows`, so they can
//! never disagree; none of them adds a memo amount to GEP.

use crate::engine::{Accounts, CountyAccount, IndicatorAccount, MemoAmount, MemoKind, Status};
use crate::i18n::{Lang, t};

/// One memo amount with where it belongs.
#[derive(Debug, Clone, Copy)]
pub struct MemoRow<'a> {
    pub county: &'a CountyAccount,
    pub indicator: &'a IndicatorAccount,
    pub memo: &'a MemoAmount,
}

impl MemoRow<'_> {
    /// The kind in `lang` (消费者剩余, 框架外指标 …).
    pub fn kind_text(&self, lang: Lang) -> &'static str {
        kind_text(lang, self.memo.kind)
    }

    /// How the amount was computed and why it is not in GEP, in `lang`.
    pub fn note(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.memo.trace_zh,
            Lang::En => &self.memo.trace_en,
        }
    }
}

/// Every memo amount of the accounts, county by county in the accounts' indicator order.
pub fn rows(accounts: &Accounts) -> Vec<MemoRow<'_>> {
    accounts
        .counties
        .iter()
        .flat_map(|c| {
            c.indicators
                .iter()
                .filter(|a| a.status == Status::Computed)
                .flat_map(move |a| {
                    a.memo.iter().map(move |m| MemoRow {
                        county: c,
                        indicator: a,
                        memo: m,
                    })
                })
        })
        .collect()
}

/// A memo kind in `lang`.
pub fn kind_text(lang: Lang, kind: MemoKind) -> &'static str {
    match kind {
        MemoKind::ConsumerSurplus => t(lang, "memo_kind_consumer_surplus"),
        MemoKind::OutsideFramework => t(lang, "memo_kind_outside_framework"),
    }
}

/// Why amounts of a kind are memo items, once per kind (the report's note under its table).
pub fn reason(lang: Lang, kind: MemoKind) -> &'static str {
    match kind {
        MemoKind::ConsumerSurplus => t(lang, "memo_reason_consumer_surplus"),
        MemoKind::OutsideFramework => t(lang, "memo_reason_outside_framework"),
    }
}

/// The stable id of a memo kind in exports (as in the JSON).
pub fn kind_id(kind: MemoKind) -> &'static str {
    match kind {
        MemoKind::ConsumerSurplus => "consumer_surplus",
        MemoKind::OutsideFramework => "outside_framework",
    }
}
