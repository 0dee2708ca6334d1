//! Warnings about a compensation run that went through but should not be handed over as it
//! stands: a county paying more than a stated share of its GDP or fiscal revenue, fund
//! factors that count the same value twice, a spillover whose r names the withdrawn
//! logistic curve, a county whose standard range is not feasible (value below cost), and ECPS
//! ≤ 0 under geometric-interval classing.
//!
//! Owns the rules and returns them as data (`Warning`) in the `Outcome`; the words are in
//! `explain::warnings`, and the 补偿 page, the CLI `compensate` and the report chapter only
//! show them. Pure: no UI, no I/O; it changes no amount.

use serde::Serialize;

use super::Priority;
use super::scenario::{Detail, Row};
use crate::engine::{Accounts, CountyAccount};
use crate::model::compensation::{Classing, CompensationSettings, Method, StageSource};

/// What a payment is compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentBase {
    /// The county's GDP of the year (at the accounting price year).
    Gdp,
    /// The county's general-budget fiscal revenue, as entered in the scenario.
    FiscalRevenue,
}

/// A warning on a scenario's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Warning {
    /// A county pays `paid_yuan` (> 0), `share` of its `base`, above the `limit` share.
    PaymentShare {
        code: String,
        name_zh: String,
        name_en: String,
        paid_yuan: f64,
        base: PaymentBase,
        base_yuan: f64,
        share: f64,
        limit: f64,
    },
    /// Two fund factors with a weight where `part` is inside `whole` (e.g. regulating value
    /// inside non-market value), so `part` is counted twice.
    DoubleCounting { whole: String, part: String },
    /// The spillover's r is to come from the withdrawn logistic curve, which rises with the
    /// Engel coefficient; the run used the Pearl curve instead.
    StageVariantWithdrawn,
    /// The county's upper bound (value) is below its lower bound (opportunity cost): no
    /// standard lies in the range.
    NoFeasibleRange {
        code: String,
        name_zh: String,
        name_en: String,
        lower_yuan: f64,
        upper_yuan: f64,
    },
    /// Geometric-interval classing with counties whose ECPS is ≤ 0: they have no place on a
    /// geometric scale and are put in the lowest class.
    GeometricNonPositive {
        names_zh: Vec<String>,
        names_en: Vec<String>,
    },
}

/// Warnings that read the method's detail and the priority: counties without a feasible
/// standard range, and ECPS ≤ 0 under geometric-interval classing.
pub fn range_and_classing_warnings(
    accounts: &Accounts,
    settings: &CompensationSettings,
    detail: &Detail,
    priority: &Priority,
) -> Vec<Warning> {
    let mut out = Vec::new();
    if let Detail::StandardRange(d) = detail {
        for (row, c) in d.rows.iter().zip(&accounts.counties) {
            if let Some(r) = row.range.filter(|r| !r.feasible) {
                out.push(Warning::NoFeasibleRange {
                    code: c.code.clone(),
                    name_zh: c.name_zh.clone(),
                    name_en: c.name_en.clone(),
                    lower_yuan: r.lower_yuan,
                    upper_yuan: r.upper_yuan,
                });
            }
        }
    }
    if settings.classing == Classing::GeometricInterval {
        let low: Vec<&CountyAccount> = priority
            .rows
            .iter()
            .zip(&accounts.counties)
            .filter(|(p, _)| p.ecps.is_some_and(|e| e <= 0.0))
            .map(|(_, c)| c)
            .collect();
        if !low.is_empty() {
            out.push(Warning::GeometricNonPositive {
                names_zh: low.iter().map(|c| c.name_zh.clone()).collect(),
                names_en: low.iter().map(|c| c.name_en.clone()).collect(),
            });
        }
    }
    out
}

/// Account quantities that contain others: (whole, parts). Non-market = regulating +
/// cultural; GEP = material + non-market. ESV non-market is inside ESV total.
const CONTAINS: [(&str, &[&str]); 3] = [
    ("gep", &["material", "regulating", "cultural", "non_market"]),
    ("non_market", &["regulating", "cultural"]),
    ("esv_total", &["esv_non_market"]),
];

/// Every warning of a run: payment shares by county (rows in the accounts' order), then
/// double counting among the fund's factors.
pub fn warnings(
    accounts: &Accounts,
    settings: &CompensationSettings,
    rows: &[Row],
) -> Vec<Warning> {
    let mut out = Vec::new();
    for (row, c) in rows.iter().zip(&accounts.counties) {
        let Some(paid) = row.amount_yuan.filter(|a| *a < 0.0).map(|a| -a) else {
            continue;
        };
        let bases = [
            (PaymentBase::Gdp, c.gdp_yuan, settings.max_gdp_share),
            (
                PaymentBase::FiscalRevenue,
                settings.fiscal_revenue_yuan.get(&c.code).copied(),
                settings.max_revenue_share,
            ),
        ];
        for (base, value, limit) in bases {
            let Some(v) = value.filter(|v| *v > 0.0) else {
                continue;
            };
            let share = paid / v;
            if share > limit {
                out.push(Warning::PaymentShare {
                    code: c.code.clone(),
                    name_zh: c.name_zh.clone(),
                    name_en: c.name_en.clone(),
                    paid_yuan: paid,
                    base,
                    base_yuan: v,
                    share,
                    limit,
                });
            }
        }
    }
    if settings.method == Method::Spillover && settings.stage == StageSource::EngelLogistic {
        out.push(Warning::StageVariantWithdrawn);
    }
    if settings.method == Method::Fund {
        let weighted = |id: &str| {
            settings
                .factors
                .iter()
                .any(|f| f.id == id && f.weight != 0.0)
        };
        for (whole, parts) in CONTAINS {
            if !weighted(whole) {
                continue;
            }
            for part in parts.iter().filter(|p| weighted(p)) {
                out.push(Warning::DoubleCounting {
                    whole: whole.to_string(),
                    part: part.to_string(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::compensation::scenario::{Outcome, ScenarioError, run};
    use crate::engine::{Options, compute};
    use crate::i18n::{Lang, t};
    use crate::model::Project;
    use crate::model::compensation::{
        FactorPreset, JIANGXI_BASIN_FACTORS, UserColumn, WeightedFactor,
    };
    use crate::registry::Registry;

    fn sample() -> (Project, Accounts) {
        let p = crate::sample::builtin().expect("sample loads");
        let options = Options {
            year: 2022,
            framework: None,
            price_year: None,
            traces: false,
        };
        let acc = compute(&p, Registry::builtin(), &options).expect("sample computes");
        (p, acc)
    }

    #[test]
    fn a_payment_above_the_gdp_or_revenue_limit_is_named() {
        let (p, acc) = sample();
        let reg = Registry::builtin();
        let mut s = CompensationSettings {
            method: Method::Spillover,
            ..CompensationSettings::default()
        };
        let o = run(&p, reg, &acc, &s).expect("runs");
        let linchuan = o
            .warnings
            .iter()
            .find_map(|w| match w {
                Warning::PaymentShare {
                    code, share, base, ..
                } if code == "361002" => Some((*share, *base)),
                _ => None,
            })
            .expect("临川区 is warned about");
        assert_eq!(linchuan.1, PaymentBase::Gdp);
        // 2022 at the accounting price year: 临川区 pays about 75.6 % of its GDP.
        assert!((linchuan.0 - 0.7557).abs() < 0.001, "{}", linchuan.0);
        let zh = o.warning_texts(reg, Lang::Zh).join("\n");
        assert!(
            zh.contains("临川区应支付 ") && zh.contains("75.57%"),
            "{zh}"
        );
        assert!(zh.contains("超过设定上限 1.00%"), "{zh}");
        // A revenue entered for 临川区 adds a second warning against it.
        s.fiscal_revenue_yuan.insert("361002".into(), 1.0e10);
        let o = run(&p, reg, &acc, &s).expect("runs");
        assert!(o.warnings.iter().any(|w| matches!(w,
            Warning::PaymentShare { code, base: PaymentBase::FiscalRevenue, .. } if code == "361002")));
        // 临川区 pays 4,031,102 万元 on a GDP of 5,334,540 万元; nobody pays twice their GDP.
        s.max_gdp_share = 2.0;
        s.fiscal_revenue_yuan.clear();
        let o = run(&p, reg, &acc, &s).expect("runs");
        assert!(o.warnings.is_empty(), "{:?}", o.warnings);
    }

    #[test]
    fn weights_on_non_market_and_regulating_are_double_counting() {
        let (p, acc) = sample();
        let reg = Registry::builtin();
        let w = |id: &str, weight: f64| WeightedFactor {
            id: id.into(),
            weight,
        };
        // The old default: non-market 70 %, regulating 20 %, land area 10 %.
        let s = CompensationSettings {
            factors: vec![
                w("non_market", 0.7),
                w("regulating", 0.2),
                w("land_area", 0.1),
            ],
            ..CompensationSettings::default()
        };
        let o = run(&p, reg, &acc, &s).expect("runs");
        assert_eq!(
            o.warnings,
            vec![Warning::DoubleCounting {
                whole: "non_market".into(),
                part: "regulating".into()
            }]
        );
        // Not Jiangxi's factors: Jiangxi's scheme is not cited.
        assert_ne!(o.run_source(Lang::Zh), t(Lang::Zh, "cmp_source_fund"));
        assert!(!o.run_source(Lang::Zh).contains("江西"));
    }

    #[test]
    fn no_built_in_preset_trips_the_double_counting_warning() {
        let (p, acc) = sample();
        let reg = Registry::builtin();
        let double = |w: &[Warning]| {
            w.iter()
                .any(|w| matches!(w, Warning::DoubleCounting { .. }))
        };
        // The default scenario, as the sample opens.
        let o = run(&p, reg, &acc, &CompensationSettings::default()).expect("runs");
        assert!(!double(&o.warnings), "{:?}", o.warnings);
        for preset in FactorPreset::ALL {
            let mut s = CompensationSettings::default();
            preset.apply(&mut s);
            // As loaded: the Jiangxi preset asks for scores first, and its factors (checked
            // without amounts) do not overlap either.
            match run(&p, reg, &acc, &s) {
                Ok(o) => assert!(!double(&o.warnings), "{preset:?}: {:?}", o.warnings),
                Err(ScenarioError::ScoresToEnter(_)) => {
                    assert!(!double(&warnings(&acc, &s, &[])), "{preset:?}")
                }
                Err(e) => panic!("{preset:?}: {e}"),
            }
        }
    }

    #[test]
    fn the_jiangxi_preset_names_the_columns_to_fill_then_cites_its_source() {
        let (p, acc) = sample();
        let reg = Registry::builtin();
        let mut s = CompensationSettings {
            factors: JIANGXI_BASIN_FACTORS
                .iter()
                .map(|(name, w)| WeightedFactor {
                    id: format!("user:{name}"),
                    weight: *w,
                })
                .collect(),
            user_columns: JIANGXI_BASIN_FACTORS
                .iter()
                .map(|(name, _)| UserColumn {
                    name: (*name).into(),
                    values: Default::default(),
                })
                .collect(),
            ..CompensationSettings::default()
        };
        let e = run(&p, reg, &acc, &s).expect_err("no scores yet");
        let ScenarioError::ScoresToEnter(cols) = &e else {
            panic!("{e}")
        };
        assert_eq!(cols.len(), 3);
        let msg = e.to_string();
        assert!(
            msg.contains("「水环境质量得分」、「森林生态质量得分」、「水资源管理得分」"),
            "{msg}"
        );
        assert!(!msg.contains("weights"), "{msg}");
        for col in &mut s.user_columns {
            col.values.insert("361028".into(), 90.0);
        }
        let o: Outcome = run(&p, reg, &acc, &s).expect("runs");
        assert_eq!(o.run_source(Lang::Zh), t(Lang::Zh, "cmp_source_fund"));
        assert!(o.warnings.is_empty());
    }
}
