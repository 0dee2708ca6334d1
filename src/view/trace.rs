//! The words of a calculation trace: `engine::Trace` → one row per step (symbol, value, unit,
//! what the step is, where it came from, source, verification tag, and for a statutory rate
//! that it is not indexed and the law fixing it), with every id resolved to
//! its name in the display language through `Labels` (inputs, parameters, land classes —
//! including the project's custom classes —, indicators, formula components).
//!
//! The app's trace panel, the report's appendix B and the workbook's trace sheet all read these
//! rows, so what a step is called is decided here once. Each medium still lays the row out in
//! its own way (the report joins detail in one cell, the workbook has a column per fact, the
//! app a line per fact); that layout, with its punctuation, stays with the medium. Nothing here
//! formats numbers for a medium or recomputes a value.

use crate::engine::{EffectiveParam, Origin, ProductPricing, Trace};
use crate::i18n::{Lang, t, tf};
use crate::registry::Tag;
use crate::units::Unit;

use super::Labels;

/// What kind of term a trace step is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Input,
    InputAbsent,
    Param,
    LandCover,
    County,
    Constant,
    Product,
    OutputValue,
    /// A value computed elsewhere, entered in 元/万元/亿元.
    EnteredValue,
    Indicator,
    /// An ecosystem part's figure of an indicator split by ecosystem type.
    Part,
    Result,
}

/// Where one trace step came from, in words.
#[derive(Debug, Clone)]
pub struct OriginWords<'t> {
    pub kind: Kind,
    /// The kind in one word ("输入" / "input", "参数" / "parameter" …).
    pub kind_word: &'static str,
    /// The name of what the step is: an input's, parameter's, land class's, indicator's or
    /// product's name, the output-value basis, the county attribute; empty for constants and
    /// results.
    pub name: String,
    /// The id behind `name` (input, parameter, land class, indicator, output-value basis).
    pub id: Option<&'t str>,
    /// The value as typed and its unit (inputs).
    pub entered: Option<(f64, Unit)>,
    /// The parameter as registered or overridden (parameters).
    pub param: Option<&'t EffectiveParam>,
    /// Price year of a parameter, product line or output value.
    pub price_year: Option<i32>,
    /// Price-index factor to the accounts' price year (parameters, products, output values).
    pub index_factor: Option<f64>,
    /// Unit factor applied on top of a parameter (1 when none).
    pub unit_factor: f64,
    pub source: &'t str,
    pub tag: Option<Tag>,
    /// The project overrides the registry's parameter value.
    pub overridden: bool,
    /// A statutory rate, said in place of a price year and index factor: "法定费率（2018 年起
    /// 执行），不随价格指数调整" / "statutory rate (in force from 2018), not indexed".
    pub statutory: Option<String>,
    /// "依据：<law>" / "legal basis: <law>" of a statutory rate.
    pub law: Option<String>,
    /// How a product line was priced in constant-price accounts (held at the base year's
    /// price of the same product, or moved with the CPI for want of one); `None` otherwise.
    pub pricing_note: Option<String>,
}

impl OriginWords<'_> {
    /// Whether the step used an unverified (U) parameter.
    pub fn unverified(&self) -> bool {
        self.tag.is_some_and(Tag::is_unverified)
    }
}

/// One row of a trace.
#[derive(Debug, Clone)]
pub struct StepWords<'t> {
    pub symbol: &'t str,
    pub value: f64,
    pub unit: Unit,
    pub origin: OriginWords<'t>,
}

/// The rows of `trace`, a trace of indicator `indicator`.
pub fn steps<'t>(labels: &Labels, indicator: &str, trace: &'t Trace) -> Vec<StepWords<'t>> {
    trace
        .steps
        .iter()
        .map(|s| StepWords {
            symbol: s.symbol,
            value: s.value,
            unit: s.unit,
            origin: origin(labels, indicator, &s.origin),
        })
        .collect()
}

/// The formula of `trace` in the display language.
pub fn formula(labels: &Labels, trace: &Trace) -> &'static str {
    if labels.zh() {
        trace.formula_zh
    } else {
        trace.formula_en
    }
}

/// The words of one step's origin; `indicator` is the traced indicator (its inputs and
/// components are named from its spec).
pub fn origin<'t>(labels: &Labels, indicator: &str, o: &'t Origin) -> OriginWords<'t> {
    let base = |kind: Kind, key: &'static str, name: String| OriginWords {
        kind,
        kind_word: labels.key(key),
        name,
        id: None,
        entered: None,
        param: None,
        price_year: None,
        index_factor: None,
        unit_factor: 1.0,
        source: "",
        tag: None,
        overridden: false,
        statutory: None,
        law: None,
        pricing_note: None,
    };
    match o {
        Origin::Input {
            id,
            entered,
            entered_unit,
        } => OriginWords {
            id: Some(id),
            entered: Some((*entered, *entered_unit)),
            ..base(
                Kind::Input,
                "lbl_origin_input",
                labels.input_name(indicator, id),
            )
        },
        Origin::InputAbsent { id } => OriginWords {
            id: Some(id),
            ..base(
                Kind::InputAbsent,
                "lbl_origin_input",
                labels.input_name(indicator, id),
            )
        },
        Origin::Param {
            param,
            index_factor,
            unit_factor,
        } => OriginWords {
            id: Some(&param.id),
            param: Some(param),
            price_year: param.price_year,
            index_factor: Some(*index_factor),
            unit_factor: *unit_factor,
            source: param.source.get(labels.lang),
            tag: Some(param.tag),
            overridden: param.overridden,
            statutory: param
                .statutory
                .as_ref()
                .map(|_| statutory_words(labels.lang, param.price_year)),
            law: param
                .statutory
                .as_ref()
                .map(|l| labels.keyf("lbl_price_law", &[("law", l.get(labels.lang))])),
            ..base(
                Kind::Param,
                "lbl_origin_param",
                labels.param_name(param).to_string(),
            )
        },
        Origin::LandCover { class } => OriginWords {
            id: Some(class),
            ..base(
                Kind::LandCover,
                "lbl_origin_land_cover",
                labels.land_class_name(class),
            )
        },
        Origin::County { field } => base(
            Kind::County,
            "lbl_origin_county",
            county_field(labels, field),
        ),
        Origin::Constant => base(Kind::Constant, "lbl_origin_constant", String::new()),
        Origin::Product {
            name,
            price_year,
            index_factor,
            source,
            pricing,
        } => OriginWords {
            price_year: Some(*price_year),
            index_factor: Some(*index_factor),
            source,
            pricing_note: match pricing {
                ProductPricing::Indexed => None,
                ProductPricing::BaseYear => Some(labels.key("lbl_py_held_base").to_string()),
                ProductPricing::IndexedNoBase => Some(labels.key("lbl_py_no_base").to_string()),
            },
            ..base(Kind::Product, "lbl_origin_product", name.to_string())
        },
        Origin::OutputValue {
            basis,
            price_year,
            index_factor,
            source,
        } => OriginWords {
            id: Some(basis),
            price_year: Some(*price_year),
            index_factor: Some(*index_factor),
            source,
            ..base(
                Kind::OutputValue,
                "lbl_origin_output_value",
                labels.component_name(indicator, basis),
            )
        },
        Origin::EnteredValue {
            entered,
            entered_unit,
            price_year,
            index_factor,
            source,
        } => OriginWords {
            entered: Some((*entered, *entered_unit)),
            price_year: Some(*price_year),
            index_factor: Some(*index_factor),
            source,
            ..base(
                Kind::EnteredValue,
                "inp_origin_entered_value",
                labels.key("inp_entered_value_name").to_string(),
            )
        },
        Origin::Indicator { id } => OriginWords {
            id: Some(id),
            ..base(
                Kind::Indicator,
                "lbl_origin_indicator",
                labels.indicator_name(id),
            )
        },
        Origin::Part { part, .. } => OriginWords {
            id: Some(part),
            ..base(
                Kind::Part,
                "eco_origin_part",
                labels.ecosystem_part_name(part),
            )
        },
        Origin::Result => base(Kind::Result, "lbl_origin_result", String::new()),
    }
}

/// "法定费率（{y} 年起执行），不随价格指数调整" for a statutory rate that took effect in `since`.
pub fn statutory_words(lang: Lang, since: Option<i32>) -> String {
    match since {
        Some(y) => tf(lang, "lbl_price_statutory", &[("y", &y.to_string())]),
        None => t(lang, "lbl_price_statutory_plain").to_string(),
    }
}

/// The words for a county-level quantity the engine derives (no ids in the reader's text).
fn county_field(labels: &Labels, field: &str) -> String {
    match field {
        "vegetated_area" => labels.key("lbl_field_vegetated_area").to_string(),
        other => other.to_string(),
    }
}
