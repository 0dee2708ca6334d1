//! Validation: every problem of a project at once, each naming county, field and value and
//! saying what to fix, in Chinese and English.
//!
//! Messages come from one catalogue (`IssueKind::message` in `messages`, over the keys of
//! `assets/i18n/validate.ron`) so the app, the CLI and reports say the same thing. Structural
//! checks run on the project as typed (`structure`: counties, periods, inputs; `settings`:
//! parameters, defaults, land classes, frameworks; `methods`: method choices the framework does
//! not accept); quality checks (e.g. climate regulation above half of GEP, and `zeros`: land
//! classes and indicators that silently compute 0) run on the accounts of each period
//! (`accounts`). This module owns the
//! issue types and the order of the checks; it must not change the project or the accounts.

mod accounts;
mod boundaries;
mod constant;
mod ecosystem;
mod esv_adjust;
mod messages;
mod methods;
mod names;
mod scenarios;
mod settings;
mod structure;
pub use structure::inland_only;
mod transitions;
mod zeros;

use serde::Serialize;

pub use ecosystem::EcoIssue;
pub use names::{Names, Place, place};
pub use scenarios::ScenarioIssue;

use crate::i18n::Text;
use crate::model::Project;
use crate::registry::Registry;
use crate::units::Unit;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Severity {
    /// The numbers would be wrong or cannot be computed.
    Error,
    /// The numbers are computed but deserve attention (unverified defaults, gaps).
    Warning,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Issue {
    pub severity: Severity,
    pub county: Option<String>,
    pub year: Option<i32>,
    /// Where: `land_cover.paddy`, `indicators.water_conservation.precip`, `price_overrides.x` …
    pub field: String,
    pub value: Option<String>,
    pub kind: IssueKind,
}

/// The catalogue of problems.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum IssueKind {
    NotFinite,
    Negative,
    /// A negative quantity of a custom indicator that is not declared as a change.
    NegativeNotChange,
    OutOfRange {
        min: Option<f64>,
        max: Option<f64>,
    },
    LandCoverExceedsArea {
        sum_hm2: f64,
        area_hm2: f64,
    },
    NonPositiveArea,
    /// A new county whose land area is still 0 and which has no land cover yet.
    LandAreaNotEntered,
    BadCountyCode,
    DuplicateCounty,
    UnknownCounty,
    DuplicatePeriod,
    NoPeriods,
    UnknownClass,
    UnknownIndicator,
    UnknownMethod {
        method: String,
    },
    UnknownInput,
    MissingInput {
        indicator: String,
        input: String,
    },
    NotEntered {
        indicator: String,
        framework: String,
    },
    NotEnteredAnywhere {
        indicator: String,
        framework: String,
    },
    ProductsAndOutputValue,
    /// A value computed elsewhere given in a unit that is not 元, 万元 or 亿元.
    EnteredValueUnit {
        unit: String,
    },
    /// A value computed elsewhere entered beside quantities: the entered value is the
    /// indicator's value and the quantities are not priced.
    EnteredValueWins,
    UnknownFramework,
    UnknownParam,
    MissingParamValue {
        param: String,
    },
    UnverifiedParam {
        param: String,
        source: crate::i18n::Text,
    },
    UnverifiedPriceIndex {
        index: String,
        /// The series' values for the project's accounting years ("2021 = 692.7, …").
        values: String,
    },
    UnverifiedStandardEquivalent,
    /// The sown shares of the net-profit derivation of D do not sum to 1.
    SharesNotOne {
        sum: f64,
    },
    PriceConversion {
        zh: String,
        en: String,
    },
    /// A price override saved without a price year: read as a price of `year` (the project's
    /// first accounting year).
    OverridePriceYearAssumed {
        param: String,
        year: i32,
    },
    /// A product line with no product of the same name and unit in the base year: constant-price
    /// accounts move its own price with the CPI.
    NoBaseYearProduct {
        indicator: Text,
        product: String,
        unit: crate::units::Unit,
        base_year: i32,
    },
    OverrideUnit {
        unit: String,
        wanted: String,
    },
    ClimateShare {
        share: f64,
    },
    DoubleCountWater {
        framework: String,
    },
    LakeModelDefault,
    NoRunoffCoefficient {
        class: String,
    },
    /// A land class with area that no crosswalk maps: its ESV silently counts as 0.
    EsvUnmapped {
        county: Text,
        class: Text,
        area_hm2: f64,
        table: Text,
    },
    /// A land class mapped to a row whose ESV still computes 0 (a factor of 0, a row of
    /// zeros or D = 0).
    EsvZero {
        county: Text,
        class: Text,
        area_hm2: f64,
        row: Text,
        factor: f64,
        d: f64,
    },
    /// An indicator counted by the framework computed 0 from non-zero inputs.
    GepZero {
        county: Text,
        indicator: Text,
        method: Text,
        inputs: Vec<NamedValue>,
        cause: ZeroCause,
    },
    /// A method the framework does not accept for the indicator (registry rule).
    MethodNotAccepted {
        county: Text,
        indicator: Text,
        method: Text,
        framework: Text,
        reason: Text,
        accepted: Vec<Text>,
    },
    /// A regional coefficient (or the county value it is derived from) that is not > 0.
    EsvCoefficientNotPositive {
        county: Text,
        coefficient: crate::registry::AdjustBy,
        /// The entry is the county's value (divided by the national mean), not the coefficient.
        derived: bool,
    },
    /// A county value entered for a coefficient whose national mean the project does not state.
    EsvNoNationalMean {
        county: Text,
        coefficient: crate::registry::AdjustBy,
    },
    EsvNationalMeanNotPositive {
        coefficient: crate::registry::AdjustBy,
    },
    /// A national mean without its unit or source.
    EsvNationalMeanUnsourced {
        coefficient: crate::registry::AdjustBy,
    },
    /// Coefficients entered, but no service of the project's factor table declares one.
    EsvTableNotAdjusted {
        table: Text,
    },
    /// The compensation scenario names the withdrawn logistic development-stage curve; it runs
    /// as the Pearl curve (`model::compensation::StageSource::EngelLogistic`).
    WithdrawnStageCurve,
    /// A problem of the accounts by ecosystem type (`validate::ecosystem`).
    Ecosystem(EcoIssue),
    /// A transition matrix whose from year is not before its to year.
    TransitionYears {
        from: i32,
        to: i32,
    },
    /// A transition matrix names a year the project has no period for: its sums cannot be
    /// checked against the land cover.
    TransitionNoPeriod {
        year: i32,
    },
    /// A row sum (from year) or column sum (to year) of a transition matrix differs from that
    /// year's land cover of the class.
    TransitionSum {
        class: String,
        year: i32,
        /// Column sum (to year) rather than row sum (from year).
        column: bool,
        matrix_hm2: f64,
        land_cover_hm2: f64,
    },
    /// The project's own boundaries hold an outline of a county the project no longer has.
    BoundaryCountyGone {
        code: String,
    },
    /// A county without an outline: maps leave it blank. `bundled`: the project draws the
    /// bundled outlines (a county created after they were drawn).
    BoundaryMissing {
        bundled: bool,
    },
    /// The project's own boundaries state no source: maps will print none.
    BoundaryNoSource,
    /// A problem of a scenario (`validate::scenarios`).
    Scenario(ScenarioIssue),
    /// A problem of the uncertainty settings (`engine::uncertainty::check`), worded there.
    Uncertainty {
        zh: String,
        en: String,
    },
}

/// Where a counted indicator's zero comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "cause", rename_all = "snake_case")]
pub enum ZeroCause {
    /// The physical model gave 0.
    Quantity,
    /// Non-zero physical quantities (listed) priced at 0.
    Price { quantities: Vec<NamedValue> },
    /// Material product lines with quantities but no value (their prices are 0).
    ProductPrices,
}

/// A named number in a message: an input, a product line, a physical quantity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NamedValue {
    pub name: Text,
    pub value: f64,
    pub unit: Option<Unit>,
}

struct V<'a> {
    out: Vec<Issue>,
    year: Option<i32>,
    county: Option<&'a str>,
}

impl V<'_> {
    fn push(
        &mut self,
        severity: Severity,
        field: impl Into<String>,
        value: Option<f64>,
        kind: IssueKind,
    ) {
        self.out.push(Issue {
            severity,
            county: self.county.map(str::to_string),
            year: self.year,
            field: field.into(),
            value: value.map(short),
            kind,
        });
    }

    /// NaN/∞, negatives and values beyond the field's plausible maximum
    /// (`registry::plausible`); returns whether the number is usable.
    fn number(&mut self, field: &str, v: f64) -> bool {
        self.number_max(field, crate::registry::plausible::county_max(field), v)
    }

    /// `number` with the field's maximum given and its path made only when there is an issue
    /// (the loops over every county's land cover).
    fn number_lazy(&mut self, field: impl FnOnce() -> String, max: Option<f64>, v: f64) -> bool {
        if v.is_finite() && v >= 0.0 && max.is_none_or(|m| v <= m) {
            return true;
        }
        self.number_max(&field(), max, v)
    }

    fn number_max(&mut self, field: &str, max: Option<f64>, v: f64) -> bool {
        if !v.is_finite() {
            self.push(Severity::Error, field, Some(v), IssueKind::NotFinite);
            false
        } else if v < 0.0 {
            self.push(Severity::Error, field, Some(v), IssueKind::Negative);
            false
        } else if let Some(max) = max.filter(|m| v > *m) {
            let kind = IssueKind::OutOfRange {
                min: Some(0.0),
                max: Some(max),
            };
            self.push(Severity::Error, field, Some(v), kind);
            false
        } else {
            true
        }
    }
}

/// A number as a user would type it: 1800, 0.85, 1e308 (not 309 digits).
pub(crate) fn short(v: f64) -> String {
    if !v.is_finite() || v == 0.0 || (1e-6..1e15).contains(&v.abs()) {
        format!("{v}")
    } else {
        format!("{v:e}")
    }
}

/// Lists every problem of the project. Errors first, then warnings, each in project order.
pub fn validate(project: &Project, registry: &Registry) -> Vec<Issue> {
    validate_with(project, registry, &[])
}

/// [`validate`] with accounts the caller already has (the app's shown year, the accounts a
/// workbook is written from): a period whose accounts are among `computed` — made by
/// `engine::compute` of this very project, under its own framework at the default price year,
/// with or without traces — is not computed again. The result is the same as `validate`'s.
pub fn validate_with(
    project: &Project,
    registry: &Registry,
    computed: &[&crate::engine::Accounts],
) -> Vec<Issue> {
    let mut v = V {
        out: Vec::new(),
        year: None,
        county: None,
    };
    let framework = &project.meta.framework;
    let fw_ok = registry.framework(framework).is_some();
    if !fw_ok {
        v.out.push(Issue {
            severity: Severity::Error,
            county: None,
            year: None,
            field: "meta.framework".into(),
            value: Some(framework.clone()),
            kind: IssueKind::UnknownFramework,
        });
    }
    let specs = crate::model::catalogue::indicators(project, registry);
    let mut seen = structure::Seen::default();
    structure::counties(&mut v, project, &mut seen);
    ecosystem::subtypes(&mut v, project, registry);
    structure::periods(&mut v, project, registry, &specs, &mut seen);
    settings::not_entered(&mut v, project, &seen);
    settings::overrides(&mut v, project, registry);
    v.out.extend(constant::product_lines(project, &specs));
    settings::defaults(&mut v, project, registry, seen.lake_model_used);
    settings::land_classes(&mut v, project, registry, &seen.classes_used);
    esv_adjust::check(&mut v, project, registry);
    if fw_ok {
        settings::double_counting(&mut v, project, registry);
        methods::check(&mut v.out, project, registry);
        accounts::check(&mut v, project, registry, computed);
    }
    transitions::check(&mut v, project, registry);
    boundaries::check(&mut v, project);
    scenarios::check(&mut v, project, registry);
    for p in crate::engine::uncertainty::check(project, registry) {
        v.out.push(Issue {
            severity: Severity::Error,
            county: None,
            year: None,
            field: p.field,
            value: None,
            kind: IssueKind::Uncertainty { zh: p.zh, en: p.en },
        });
    }
    if project.compensation.stage == crate::model::compensation::StageSource::EngelLogistic {
        v.push(
            Severity::Warning,
            "compensation.stage",
            None,
            IssueKind::WithdrawnStageCurve,
        );
    }
    v.out.sort_by_key(|i| i.severity);
    v.out
}

/// Does the list contain an error (as opposed to warnings only)?
pub fn has_errors(issues: &[Issue]) -> bool {
    issues.iter().any(|i| i.severity == Severity::Error)
}
