//! The words of a run's warnings (`checks::Warning`) and of the fund method's source, which
//! cites Jiangxi's scheme only when its factors are the ones used.

use super::{pct, wan};
use crate::engine::compensation::checks::{PaymentBase, Warning};
use crate::engine::compensation::scenario::{Outcome, factor_label};
use crate::i18n::{Lang, t, tf};
use crate::model::compensation::Method;
use crate::registry::Registry;
use crate::units::MoneyUnit;

impl Outcome {
    /// The source of this run's method: for a fund, Jiangxi's 70/20/10 scheme only when its
    /// three score columns are the factors, the generic factor method otherwise.
    pub fn run_source(&self, lang: Lang) -> &'static str {
        if self.settings.method == Method::Fund && !self.settings.uses_jiangxi_factors() {
            return t(lang, "cmp_source_fund_factors");
        }
        Self::source(self.settings.method, lang)
    }

    /// One sentence per warning, in the outcome's order.
    pub fn warning_texts(&self, registry: &Registry, lang: Lang) -> Vec<String> {
        self.warnings
            .iter()
            .map(|w| warning_text(w, registry, lang))
            .collect()
    }
}

/// One warning in words: the county, the amount, the share and the limit; or the two factors.
pub fn warning_text(w: &Warning, registry: &Registry, lang: Lang) -> String {
    match w {
        Warning::PaymentShare {
            name_zh,
            name_en,
            paid_yuan,
            base,
            base_yuan,
            share,
            limit,
            ..
        } => {
            let name = match lang {
                Lang::En if !name_en.is_empty() => name_en,
                _ => name_zh,
            };
            let base_name = match base {
                PaymentBase::Gdp => t(lang, "cmp_base_gdp"),
                PaymentBase::FiscalRevenue => t(lang, "cmp_base_revenue"),
            };
            tf(
                lang,
                "cmp_w_payment_share",
                &[
                    ("name", name),
                    ("paid", &wan(*paid_yuan)),
                    ("base", base_name),
                    ("base_value", &wan(*base_yuan)),
                    ("share", &pct(*share)),
                    ("limit", &pct(*limit)),
                    ("unit", MoneyUnit::WanYuan.unit().symbol(lang)),
                ],
            )
        }
        Warning::DoubleCounting { whole, part } => {
            let q = |id: &str| {
                tf(
                    lang,
                    "cmp_quoted",
                    &[("x", &factor_label(id, registry, lang))],
                )
            };
            tf(
                lang,
                "cmp_w_double_counting",
                &[("whole", &q(whole)), ("part", &q(part))],
            )
        }
        Warning::StageVariantWithdrawn => t(lang, "cmpe_w_stage_withdrawn").to_string(),
        Warning::NoFeasibleRange {
            name_zh,
            name_en,
            lower_yuan,
            upper_yuan,
            ..
        } => {
            let name = match lang {
                Lang::En if !name_en.is_empty() => name_en,
                _ => name_zh,
            };
            tf(
                lang,
                "std_w_no_range",
                &[
                    ("lo", &wan(*lower_yuan)),
                    ("hi", &wan(*upper_yuan)),
                    ("nb", &wan(upper_yuan - lower_yuan)),
                    ("unit", MoneyUnit::WanYuan.unit().symbol(lang)),
                    ("name", name),
                ],
            )
        }
        Warning::GeometricNonPositive { names_zh, names_en } => {
            let names = match lang {
                Lang::En if names_en.iter().all(|n| !n.is_empty()) => names_en,
                _ => names_zh,
            };
            tf(
                lang,
                "std_w_geometric",
                &[("names", &names.join(t(lang, "cmp_list_sep")))],
            )
        }
    }
}
