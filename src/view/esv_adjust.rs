//! The regional coefficients of a county's ESV (Xie et al. 2015) as rows of words, for the
//! app's ESV results, the report's ESV chapter and the workbook's ESV sheet: each coefficient's
//! name, value, derivation ("not adjusted", "entered", "county value ÷ national mean …") and
//! the services of the factor table it scales. Words only: the values are the engine's.

use crate::engine::{Accounts, CoefficientBasis, EsvAccount, EsvCoefficient};
use crate::format;
use crate::i18n::{Lang, t, tf};

use super::Labels;

/// One coefficient of one county, in words.
#[derive(Debug, Clone, PartialEq)]
pub struct CoefficientRow {
    /// "NPP 调节系数 P" …
    pub name: String,
    /// The factor applied (1 when not adjusted).
    pub value: f64,
    /// How it was obtained.
    pub basis: String,
    /// The services it scaled, by name ("—" when the table assigns none to it).
    pub services: String,
}

/// Whether any county of the accounts has a coefficient set (report and workbook show the
/// coefficients only then).
pub fn any_adjusted(acc: &Accounts) -> bool {
    acc.counties
        .iter()
        .any(|c| c.esv.as_ref().is_some_and(EsvAccount::adjusted))
}

/// The county's three coefficients as rows.
pub fn rows(l: &Labels, e: &EsvAccount) -> Vec<CoefficientRow> {
    let names = super::chart::build::service_names(l, &e.table);
    let lang = l.lang;
    e.coefficients
        .iter()
        .map(|c| CoefficientRow {
            name: t(lang, c.kind.name_key()).to_string(),
            value: c.value,
            basis: basis(lang, c),
            services: if c.services.is_empty() {
                "—".to_string()
            } else {
                c.services
                    .iter()
                    .map(|s| names.get(&**s).cloned().unwrap_or_else(|| s.to_string()))
                    .collect::<Vec<_>>()
                    .join(t(lang, "esva_list_sep"))
            },
        })
        .collect()
}

/// How a coefficient was obtained, in words.
pub fn basis(lang: Lang, c: &EsvCoefficient) -> String {
    match &c.basis {
        CoefficientBasis::NotAdjusted => t(lang, "esva_basis_none").to_string(),
        CoefficientBasis::Entered => t(lang, "esva_basis_entered").to_string(),
        CoefficientBasis::Derived {
            county_value,
            national_mean,
            unit,
            year,
            source,
        } => tf(
            lang,
            "esva_basis_derived",
            &[
                ("quantity", t(lang, c.kind.quantity_key())),
                ("value", &county_value.to_string()),
                ("mean", &national_mean.to_string()),
                ("unit", unit),
                ("year", &year.to_string()),
                ("source", source),
            ],
        ),
        CoefficientBasis::NoNationalMean { county_value } => tf(
            lang,
            "esva_basis_no_mean",
            &[
                ("quantity", t(lang, c.kind.quantity_key())),
                ("value", &county_value.to_string()),
            ],
        ),
    }
}

/// A coefficient's value for a table cell: "1.2000", or "—" when not adjusted.
pub fn value_text(c: &CoefficientRow, adjusted: bool) -> String {
    if adjusted {
        format::num(c.value, 4)
    } else {
        "—".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::EsvCoefficient;
    use crate::registry::AdjustBy;

    #[test]
    fn derivation_in_words() {
        let c = EsvCoefficient {
            kind: AdjustBy::Npp,
            value: 1.2,
            basis: CoefficientBasis::Derived {
                county_value: 720.0,
                national_mean: 600.0,
                unit: "gC/(m²·a)".into(),
                year: 2015,
                source: "文献".into(),
            },
            services: vec![],
        };
        assert_eq!(
            basis(Lang::Zh, &c),
            "县域净初级生产力（NPP）720 ÷ 全国平均 600 gC/(m²·a)（2015 年，文献）"
        );
        assert_eq!(
            basis(Lang::En, &c),
            "county net primary productivity (NPP) 720 ÷ national mean 600 gC/(m²·a) (2015, 文献)"
        );
        let none = EsvCoefficient {
            basis: CoefficientBasis::NotAdjusted,
            value: 1.0,
            ..c
        };
        assert_eq!(basis(Lang::Zh, &none), "未调节（按 1 计）");
    }
}
