//! The words of validation: each [`IssueKind`] as one sentence in the display language (what is
//! wrong and what to fix), and the place before it (year, county, field, value). Every sentence
//! is a catalogue key (`assets/i18n/validate.ron`) with named placeholders, so Chinese and
//! English are written once each; the numbers are formatted here, never in the catalogue.
//! This module must not find problems: that is the checks' work.

use crate::i18n::{Lang, t, tf};

use super::names::Names;
use super::{Issue, IssueKind, NamedValue, ZeroCause};
use crate::i18n::Text;

impl Issue {
    /// The full message in `lang`: where, what, and what to fix, with ids as they are (use
    /// [`Issue::message_named`] where the project is at hand).
    pub fn message(&self, lang: Lang) -> String {
        self.message_named(&Names::bare(lang))
    }

    /// The full message with names for ids (county, indicator, field …) in `names`' language.
    pub fn message_named(&self, names: &Names) -> String {
        let lang = names.lang();
        let mut place = Vec::new();
        if let Some(y) = self.year {
            place.push(tf(lang, "val_place_year", &[("year", &y.to_string())]));
        }
        if let Some(c) = &self.county {
            place.push(tf(
                lang,
                "val_place_county",
                &[("county", &names.county(c))],
            ));
        }
        if !self.field.is_empty() {
            place.push(names.field(&self.field));
        }
        if let Some(v) = &self.value {
            place.push(tf(lang, "val_place_value", &[("value", v)]));
        }
        let what = self.kind.message_named(names);
        if place.is_empty() {
            what
        } else {
            format!("{}: {what}", place.join(t(lang, "val_place_sep")))
        }
    }
}

fn fmt_range(min: Option<f64>, max: Option<f64>) -> String {
    match (min, max) {
        (Some(a), Some(b)) => format!("[{}, {}]", super::short(a), super::short(b)),
        (Some(a), None) => format!("≥ {}", super::short(a)),
        (None, Some(b)) => format!("≤ {}", super::short(b)),
        (None, None) => "—".into(),
    }
}

/// "NEP = 570,897 t C、…" in `lang` (the catalogue's list separator).
fn named_values(v: &[NamedValue], lang: Lang) -> String {
    let items: Vec<String> = v
        .iter()
        .map(|n| {
            let number = match n.unit {
                Some(u) => crate::format::quantity(n.value, u, lang),
                None => crate::format::auto(n.value),
            };
            tf(
                lang,
                "val_named_value",
                &[("name", n.name.get(lang)), ("value", &number)],
            )
        })
        .collect();
    items.join(t(lang, "val_list_sep"))
}

/// “A”、“B” in `lang`.
fn quoted_list(v: &[Text], lang: Lang) -> String {
    let items: Vec<String> = v
        .iter()
        .map(|x| tf(lang, "val_quoted", &[("name", x.get(lang))]))
        .collect();
    items.join(t(lang, "val_list_sep"))
}

/// Key and arguments of the ESV findings (a class with area that adds no ESV).
fn esv_args(kind: &IssueKind, lang: Lang) -> (&'static str, Vec<(&'static str, String)>) {
    use IssueKind as K;
    match kind {
        K::EsvUnmapped {
            county,
            class,
            area_hm2,
            table,
        } => (
            "val_esv_unmapped",
            vec![
                ("county", county.get(lang).to_string()),
                ("class", class.get(lang).to_string()),
                ("area", crate::format::auto(*area_hm2)),
                ("table", table.get(lang).to_string()),
            ],
        ),
        K::EsvZero {
            county,
            class,
            area_hm2,
            row,
            factor,
            d,
        } => (
            "val_esv_zero",
            vec![
                ("county", county.get(lang).to_string()),
                ("class", class.get(lang).to_string()),
                ("area", crate::format::auto(*area_hm2)),
                ("row", row.get(lang).to_string()),
                ("factor", crate::format::auto(*factor)),
                ("d", crate::format::num(*d, 2)),
            ],
        ),
        // `message` calls this only with the variants above.
        _ => ("", vec![]),
    }
}

/// Key and arguments of the transition-matrix findings (land-use change).
fn transition_args(kind: &IssueKind, names: &Names) -> (&'static str, Vec<(&'static str, String)>) {
    use IssueKind as K;
    match kind {
        K::TransitionYears { from, to } => (
            "tr_val_years",
            vec![("from", from.to_string()), ("to", to.to_string())],
        ),
        K::TransitionNoPeriod { year } => ("tr_val_no_period", vec![("year", year.to_string())]),
        K::TransitionSum {
            class,
            year,
            column,
            matrix_hm2,
            land_cover_hm2,
        } => (
            if *column {
                "tr_val_column_sum"
            } else {
                "tr_val_row_sum"
            },
            vec![
                ("class", names.class(class)),
                ("year", year.to_string()),
                ("matrix", crate::format::num(*matrix_hm2, 2)),
                ("cover", crate::format::num(*land_cover_hm2, 2)),
                ("diff", crate::format::num(matrix_hm2 - land_cover_hm2, 2)),
            ],
        ),
        // `message_named` calls this only with the variants above.
        _ => ("", vec![]),
    }
}

/// Key and arguments of the regional-coefficient findings (Xie et al. 2015).
fn esv_adjust_args(kind: &IssueKind, lang: Lang) -> (&'static str, Vec<(&'static str, String)>) {
    use IssueKind as K;
    let name = |k: crate::registry::AdjustBy| t(lang, k.name_key()).to_string();
    match kind {
        K::EsvCoefficientNotPositive {
            county,
            coefficient,
            derived,
        } => (
            if *derived {
                "esva_val_value_not_positive"
            } else {
                "esva_val_not_positive"
            },
            vec![
                ("county", county.get(lang).to_string()),
                ("coefficient", name(*coefficient)),
            ],
        ),
        K::EsvNoNationalMean {
            county,
            coefficient,
        } => (
            "esva_val_no_mean",
            vec![
                ("county", county.get(lang).to_string()),
                ("coefficient", name(*coefficient)),
            ],
        ),
        K::EsvNationalMeanNotPositive { coefficient } => (
            "esva_val_mean_not_positive",
            vec![("coefficient", name(*coefficient))],
        ),
        K::EsvNationalMeanUnsourced { coefficient } => (
            "esva_val_mean_unsourced",
            vec![("coefficient", name(*coefficient))],
        ),
        K::EsvTableNotAdjusted { table } => (
            "esva_val_table_not_adjusted",
            vec![("table", table.get(lang).to_string())],
        ),
        // `message` calls this only with the variants above.
        _ => ("", vec![]),
    }
}

/// Key and arguments of the GEP findings (a counted zero, a method the framework does not
/// accept).
fn gep_args(kind: &IssueKind, lang: Lang) -> (&'static str, Vec<(&'static str, String)>) {
    use IssueKind as K;
    match kind {
        K::GepZero {
            county,
            indicator,
            method,
            inputs,
            cause,
        } => {
            let (key, quantities) = match cause {
                ZeroCause::Quantity => ("val_gep_zero_quantity", String::new()),
                ZeroCause::Price { quantities } => {
                    ("val_gep_zero_price", named_values(quantities, lang))
                }
                ZeroCause::ProductPrices => ("val_gep_zero_products", String::new()),
            };
            (
                key,
                vec![
                    ("county", county.get(lang).to_string()),
                    ("indicator", indicator.get(lang).to_string()),
                    ("method", method.get(lang).to_string()),
                    ("inputs", named_values(inputs, lang)),
                    ("quantity", quantities),
                ],
            )
        }
        K::MethodNotAccepted {
            county,
            indicator,
            method,
            framework,
            reason,
            accepted,
        } => (
            "val_method_not_accepted",
            vec![
                ("county", county.get(lang).to_string()),
                ("indicator", indicator.get(lang).to_string()),
                ("method", method.get(lang).to_string()),
                ("framework", framework.get(lang).to_string()),
                ("reason", reason.get(lang).to_string()),
                ("accepted", quoted_list(accepted, lang)),
            ],
        ),
        // `message` calls this only with the variants above.
        _ => ("", vec![]),
    }
}

impl IssueKind {
    /// What is wrong and what to fix, in `lang`, ids as they are.
    pub fn message(&self, lang: Lang) -> String {
        self.message_named(&Names::bare(lang))
    }

    /// What is wrong and what to fix, with names for ids.
    pub fn message_named(&self, names: &Names) -> String {
        use IssueKind as K;
        let lang = names.lang();
        let (key, args): (&'static str, Vec<(&str, String)>) = match self {
            K::Ecosystem(e) => return e.words(lang),
            K::PriceConversion { zh, en } | K::Uncertainty { zh, en } => {
                return match lang {
                    Lang::Zh => zh.clone(),
                    Lang::En => en.clone(),
                };
            }
            K::NotFinite => ("val_not_finite", vec![]),
            K::Negative => ("val_negative", vec![]),
            K::NegativeNotChange => ("inp_val_negative_not_change", vec![]),
            K::OutOfRange { min, max } => {
                ("val_out_of_range", vec![("range", fmt_range(*min, *max))])
            }
            K::LandCoverExceedsArea { sum_hm2, area_hm2 } => (
                "val_land_cover_exceeds_area",
                vec![
                    ("sum", format!("{sum_hm2:.2}")),
                    ("area", format!("{area_hm2:.2}")),
                    ("pct", format!("{:.2}", (sum_hm2 / area_hm2 - 1.0) * 100.0)),
                ],
            ),
            K::NonPositiveArea => ("val_non_positive_area", vec![]),
            K::LandAreaNotEntered => ("prj_val_land_area_not_entered", vec![]),
            K::BadCountyCode => ("val_bad_county_code", vec![]),
            K::DuplicateCounty => ("val_duplicate_county", vec![]),
            K::UnknownCounty => ("val_unknown_county", vec![]),
            K::DuplicatePeriod => ("val_duplicate_period", vec![]),
            K::NoPeriods => ("val_no_periods", vec![]),
            K::UnknownClass => ("val_unknown_class", vec![]),
            K::UnknownIndicator => ("val_unknown_indicator", vec![]),
            K::UnknownMethod { method } => ("val_unknown_method", vec![("method", method.clone())]),
            K::UnknownInput => ("val_unknown_input", vec![]),
            K::MissingInput { indicator, input } => (
                "val_missing_input",
                vec![
                    ("indicator", names.indicator(indicator)),
                    ("input", names.input(indicator, input)),
                ],
            ),
            K::NotEntered {
                indicator,
                framework,
            } => (
                "val_not_entered",
                vec![
                    ("indicator", names.indicator(indicator)),
                    ("framework", names.framework(framework)),
                ],
            ),
            K::NotEnteredAnywhere {
                indicator,
                framework,
            } => (
                "val_not_entered_anywhere",
                vec![
                    ("indicator", names.indicator(indicator)),
                    ("framework", names.framework(framework)),
                ],
            ),
            K::ProductsAndOutputValue => ("val_products_and_output_value", vec![]),
            K::EnteredValueUnit { unit } => ("inp_val_entered_unit", vec![("unit", unit.clone())]),
            K::EnteredValueWins => ("inp_val_entered_wins", vec![]),
            K::UnknownFramework => (
                "val_unknown_framework",
                vec![("choices", names.framework_choices())],
            ),
            K::UnknownParam => ("val_unknown_param", vec![]),
            K::MissingParamValue { param } => (
                "val_missing_param_value",
                vec![("param", names.param(param))],
            ),
            K::UnverifiedParam { param, source } => (
                "val_unverified_param",
                vec![
                    ("param", names.param(param)),
                    ("source", source.get(lang).to_string()),
                ],
            ),
            K::UnverifiedPriceIndex { index, values } => (
                "val_unverified_price_index",
                vec![
                    ("index", names.price_index(index)),
                    ("values", values.clone()),
                ],
            ),
            K::UnverifiedStandardEquivalent => ("val_unverified_standard_equivalent", vec![]),
            K::SharesNotOne { sum } => (
                "esv_val_shares_not_one",
                vec![("sum", crate::format::num(*sum, 4))],
            ),
            K::NoBaseYearProduct {
                indicator,
                product,
                unit,
                base_year,
            } => (
                "val_no_base_year_product",
                vec![
                    ("indicator", indicator.get(lang).to_string()),
                    ("unit", unit.symbol(lang).to_string()),
                    ("base_year", base_year.to_string()),
                    ("product", product.clone()),
                ],
            ),
            K::OverridePriceYearAssumed { param, year } => (
                "val_py_override_assumed",
                vec![("param", names.param(param)), ("year", year.to_string())],
            ),
            K::OverrideUnit { unit, wanted } => (
                "val_override_unit",
                vec![("unit", unit.clone()), ("wanted", wanted.clone())],
            ),
            K::ClimateShare { share } => (
                "val_climate_share",
                vec![("share", format!("{:.1}", share * 100.0))],
            ),
            K::DoubleCountWater { framework } => (
                "val_double_count_water",
                vec![("framework", names.framework(framework))],
            ),
            K::LakeModelDefault => ("val_lake_model_default", vec![]),
            K::WithdrawnStageCurve => ("cmpe_val_stage_withdrawn", vec![]),
            K::NoRunoffCoefficient { class } => (
                "val_no_runoff_coefficient",
                vec![("class", names.class(class))],
            ),
            K::TransitionYears { .. } | K::TransitionNoPeriod { .. } | K::TransitionSum { .. } => {
                transition_args(self, names)
            }
            K::BoundaryCountyGone { code } => ("bd_val_county_gone", vec![("code", code.clone())]),
            K::BoundaryMissing { bundled } => (
                if *bundled {
                    "bd_val_missing_bundled"
                } else {
                    "bd_val_missing"
                },
                vec![],
            ),
            K::BoundaryNoSource => ("bd_val_no_source", vec![]),
            K::EsvUnmapped { .. } | K::EsvZero { .. } => esv_args(self, lang),
            K::EsvCoefficientNotPositive { .. }
            | K::EsvNoNationalMean { .. }
            | K::EsvNationalMeanNotPositive { .. }
            | K::EsvNationalMeanUnsourced { .. }
            | K::EsvTableNotAdjusted { .. } => esv_adjust_args(self, lang),
            K::GepZero { .. } | K::MethodNotAccepted { .. } => gep_args(self, lang),
        };
        let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        tf(lang, key, &args)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::Severity;

    #[test]
    fn messages_name_the_place_and_fill_every_placeholder() {
        let issue = Issue {
            severity: Severity::Error,
            county: Some("361028".into()),
            year: Some(2022),
            field: "land_cover".into(),
            value: Some("1234.567".into()),
            kind: IssueKind::LandCoverExceedsArea {
                sum_hm2: 1234.567,
                area_hm2: 1000.0,
            },
        };
        assert_eq!(
            issue.message(Lang::Zh),
            "2022年，361028，土地覆被，值 1234.567: 各地类面积合计 1234.57 公顷，超过县域面积 1000.00 公顷达 23.46%（允许 0.5%），请核对地类面积或县域面积"
        );
        assert_eq!(
            issue.message(Lang::En),
            "2022, 361028, land cover, value 1234.567: land-cover classes sum to 1234.57 hm², 23.46 % above the county's land area 1000.00 hm² (0.5 % allowed); check the class areas or the land area"
        );
        let share = IssueKind::ClimateShare { share: 0.61234 };
        assert!(
            share
                .message(Lang::Zh)
                .starts_with("气候调节价值占 GEP 的 61.2%")
        );
        let unit = IssueKind::OverrideUnit {
            unit: "元/t".into(),
            wanted: "元/m³".into(),
        };
        assert!(!unit.message(Lang::En).contains('{'));
        assert_eq!(
            IssueKind::OutOfRange {
                min: Some(0.0),
                max: None
            }
            .message(Lang::En),
            "is outside the allowed range ≥ 0; check the unit and the value"
        );
    }

    #[test]
    fn a_zero_priced_quantity_names_the_inputs_and_the_quantity() {
        let kind = IssueKind::GepZero {
            county: Text::new("临川区", "Linchuan"),
            indicator: Text::new("固碳", "Carbon sequestration"),
            method: Text::new("NEP 法", "NEP method"),
            inputs: vec![NamedValue {
                name: Text::new("净生态系统生产力 NEP", "NEP"),
                value: 570_897.0,
                unit: Some(crate::units::Unit::TC),
            }],
            cause: ZeroCause::Price {
                quantities: vec![NamedValue {
                    name: Text::new("固定 CO₂", "CO₂ fixed"),
                    value: 2_093_289.0,
                    unit: Some(crate::units::Unit::TCo2),
                }],
            },
        };
        let zh = kind.message(Lang::Zh);
        assert!(
            zh.starts_with("临川区的“固碳”由非零输入（净生态系统生产力 NEP = 570,897 t C）算得功能量 固定 CO₂ = 2,093,289 t CO₂，但价值为 0（单价为 0）"),
            "{zh}"
        );
        assert!(!kind.message(Lang::En).contains('{'));
    }
}
