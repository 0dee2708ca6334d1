//! Validation of the project's scenarios (`model::scenario`): names (unique, not empty, not
//! the baseline's), the year (a period of the project), and every override (known county,
//! land class, indicator, parameter and framework; areas finite and not negative).
//!
//! Owns `ScenarioIssue` (one `IssueKind::Scenario`) and its words (`sc_val_*` keys of
//! `assets/i18n/scenarios.ron`): each message names the scenario and says what to fix; the
//! issue's county and field give the place. The materialised projects are not validated again
//! here (their other data are the baseline's, already checked).

use std::collections::BTreeSet;

use serde::Serialize;

use crate::i18n::{Lang, tf};
use crate::model::Project;
use crate::model::scenario::is_baseline_name;
use crate::registry::Registry;

use super::{IssueKind, Severity, V};

/// A problem of one scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "scenario_issue", rename_all = "snake_case")]
pub enum ScenarioIssue {
    EmptyName,
    DuplicateName { scenario: String },
    BaselineName { scenario: String },
    NoPeriod { scenario: String, year: i32 },
    UnknownCounty { scenario: String, code: String },
    UnknownClass { scenario: String, class: String },
    UnknownIndicator { scenario: String, indicator: String },
    UnknownParam { scenario: String, param: String },
    UnknownFramework { scenario: String, framework: String },
    BadArea { scenario: String },
}

impl ScenarioIssue {
    /// The sentence in `lang`: what is wrong in which scenario, and the fix.
    pub(super) fn words(&self, lang: Lang) -> String {
        use ScenarioIssue as S;
        let (key, args): (&str, Vec<(&str, String)>) = match self {
            S::EmptyName => ("sc_val_empty_name", vec![]),
            S::DuplicateName { scenario } => (
                "sc_val_duplicate_name",
                vec![("scenario", scenario.clone())],
            ),
            S::BaselineName { scenario } => {
                ("sc_val_baseline_name", vec![("scenario", scenario.clone())])
            }
            S::NoPeriod { scenario, year } => (
                "sc_val_no_period",
                vec![("scenario", scenario.clone()), ("year", year.to_string())],
            ),
            S::UnknownCounty { scenario, code } => (
                "sc_val_unknown_county",
                vec![("scenario", scenario.clone()), ("code", code.clone())],
            ),
            S::UnknownClass { scenario, class } => (
                "sc_val_unknown_class",
                vec![("scenario", scenario.clone()), ("class", class.clone())],
            ),
            S::UnknownIndicator {
                scenario,
                indicator,
            } => (
                "sc_val_unknown_indicator",
                vec![
                    ("scenario", scenario.clone()),
                    ("indicator", indicator.clone()),
                ],
            ),
            S::UnknownParam { scenario, param } => (
                "sc_val_unknown_param",
                vec![("scenario", scenario.clone()), ("param", param.clone())],
            ),
            S::UnknownFramework {
                scenario,
                framework,
            } => (
                "sc_val_unknown_framework",
                vec![
                    ("scenario", scenario.clone()),
                    ("framework", framework.clone()),
                ],
            ),
            S::BadArea { scenario } => ("sc_val_bad_area", vec![("scenario", scenario.clone())]),
        };
        let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        tf(lang, key, &args)
    }
}

/// Pushes every problem of the project's scenarios.
pub(super) fn check(v: &mut V<'_>, project: &Project, registry: &Registry) {
    let specs = crate::model::catalogue::indicators(project, registry);
    let mut names = BTreeSet::new();
    for s in &project.scenarios {
        let name = s.name.trim().to_string();
        let scenario = || s.name.clone();
        let issue = |v: &mut V<'_>, county: Option<&str>, field: String, value, i| {
            v.out.push(super::Issue {
                severity: Severity::Error,
                county: county.map(str::to_string),
                year: Some(s.year),
                field,
                value,
                kind: IssueKind::Scenario(i),
            });
        };
        if name.is_empty() {
            issue(v, None, String::new(), None, ScenarioIssue::EmptyName);
        } else if is_baseline_name(&name) {
            let i = ScenarioIssue::BaselineName {
                scenario: scenario(),
            };
            issue(v, None, String::new(), None, i);
        } else if !names.insert(name) {
            let i = ScenarioIssue::DuplicateName {
                scenario: scenario(),
            };
            issue(v, None, String::new(), None, i);
        }
        if project.period(s.year).is_none() {
            let i = ScenarioIssue::NoPeriod {
                scenario: scenario(),
                year: s.year,
            };
            issue(v, None, "periods".into(), None, i);
        }
        if let Some(fw) = &s.framework
            && registry.framework(fw).is_none()
        {
            let i = ScenarioIssue::UnknownFramework {
                scenario: scenario(),
                framework: fw.clone(),
            };
            issue(v, None, "meta.framework".into(), Some(fw.clone()), i);
        }
        for id in s.prices.keys() {
            if registry.param(id).is_none() {
                let i = ScenarioIssue::UnknownParam {
                    scenario: scenario(),
                    param: id.clone(),
                };
                issue(v, None, format!("price_overrides.{id}"), None, i);
            }
        }
        for (code, o) in &s.counties {
            if project.county(code).is_none() {
                let i = ScenarioIssue::UnknownCounty {
                    scenario: scenario(),
                    code: code.clone(),
                };
                issue(v, None, "counties".into(), Some(code.clone()), i);
                continue;
            }
            let custom = |c: &str| project.custom_land_classes.iter().any(|x| x.id == c);
            for (class, area) in &o.land_cover {
                let field = format!("land_cover.{class}");
                let value = area.map(super::short);
                if registry.land_class(class).is_none() && !custom(class) {
                    let i = ScenarioIssue::UnknownClass {
                        scenario: scenario(),
                        class: class.clone(),
                    };
                    issue(v, Some(code), field, value, i);
                } else if area.is_some_and(|a| !a.is_finite() || a < 0.0) {
                    let i = ScenarioIssue::BadArea {
                        scenario: scenario(),
                    };
                    issue(v, Some(code), field, value, i);
                }
            }
            for id in o.indicators.keys() {
                if !specs.iter().any(|x| &x.id == id) {
                    let i = ScenarioIssue::UnknownIndicator {
                        scenario: scenario(),
                        indicator: id.clone(),
                    };
                    issue(v, Some(code), format!("indicators.{id}"), None, i);
                }
            }
        }
    }
}
