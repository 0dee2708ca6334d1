//! Checks of the land-use transition matrices: a known county, known classes, areas that are
//! numbers ≥ 0, from year before to year, and the consistency of the matrix with the land
//! cover: each row sum against the from year's land cover of the class, each column sum against
//! the to year's (the region matrix against the sum of the counties). A difference is a
//! warning: the ESV change by transition then no longer adds up to the change between the two
//! years' accounts.

use std::collections::BTreeMap;

use super::{IssueKind, Severity, V};
use crate::model::{Project, TransitionMatrix};
use crate::registry::Registry;

/// Differences up to this many hm² are rounding, not an inconsistency.
const TOLERANCE_HM2: f64 = 0.01;

pub(super) fn check<'a>(v: &mut V<'a>, project: &'a Project, registry: &Registry) {
    let custom = |class: &str| project.custom_land_classes.iter().any(|c| c.id == class);
    for m in &project.transitions {
        v.year = None;
        v.county = (!m.county.is_empty()).then_some(m.county.as_str());
        let field = format!("transitions.{}-{}", m.from_year, m.to_year);
        if !m.county.is_empty() && project.county(&m.county).is_none() {
            v.push(Severity::Error, &field, None, IssueKind::UnknownCounty);
        }
        if m.from_year >= m.to_year {
            v.push(
                Severity::Error,
                &field,
                None,
                IssueKind::TransitionYears {
                    from: m.from_year,
                    to: m.to_year,
                },
            );
        }
        for class in m.classes() {
            if registry.land_class(&class).is_none() && !custom(&class) {
                v.push(
                    Severity::Error,
                    format!("{field}.{class}"),
                    None,
                    IssueKind::UnknownClass,
                );
            }
        }
        for (from, row) in &m.cells {
            for (to, &a) in row {
                v.number(&format!("{field}.{from}>{to}"), a);
            }
        }
        sums(v, project, m, &field);
    }
}

/// Land cover of a county in a year, or of all counties for the region; `None` = no period.
fn land_cover(project: &Project, county: &str, year: i32) -> Option<BTreeMap<String, f64>> {
    let period = project.period(year)?;
    let mut out: BTreeMap<String, f64> = BTreeMap::new();
    for (code, cp) in &period.counties {
        if county.is_empty() || code == county {
            for (c, a) in &cp.land_cover {
                *out.entry(c.clone()).or_default() += a;
            }
        }
    }
    Some(out)
}

fn sums(v: &mut V<'_>, project: &Project, m: &TransitionMatrix, field: &str) {
    for (year, matrix, to) in [
        (m.from_year, m.from_totals(), false),
        (m.to_year, m.to_totals(), true),
    ] {
        let Some(cover) = land_cover(project, &m.county, year) else {
            v.push(
                Severity::Warning,
                field,
                None,
                IssueKind::TransitionNoPeriod { year },
            );
            continue;
        };
        let classes: std::collections::BTreeSet<&String> =
            matrix.keys().chain(cover.keys()).collect();
        for class in classes {
            let a = matrix.get(class).copied().unwrap_or(0.0);
            let b = cover.get(class).copied().unwrap_or(0.0);
            if (a - b).abs() > TOLERANCE_HM2 {
                v.push(
                    Severity::Warning,
                    format!("{field}.{class}"),
                    None,
                    IssueKind::TransitionSum {
                        class: class.clone(),
                        year,
                        column: to,
                        matrix_hm2: a,
                        land_cover_hm2: b,
                    },
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::validate::{Issue, Names, validate};

    fn transition_issues(p: &Project) -> Vec<Issue> {
        validate(p, Registry::builtin())
            .into_iter()
            .filter(|i| i.field.starts_with("transitions"))
            .collect()
    }

    #[test]
    fn consistent_matrix_has_no_issue_and_a_changed_cell_names_both_figures() {
        let mut p = crate::engine::transitions::tests::three_class_project();
        assert_eq!(transition_issues(&p), vec![]);
        // 5 hm² more paddy → built-up: paddy's row (2015) and built-up's column (2020) differ.
        p.transitions[0].set_cell("paddy", "built_up", 15.0);
        let issues = transition_issues(&p);
        assert_eq!(issues.len(), 2, "{issues:?}");
        assert_eq!(
            issues[0].kind,
            IssueKind::TransitionSum {
                class: "paddy".into(),
                year: 2015,
                column: false,
                matrix_hm2: 105.0,
                land_cover_hm2: 100.0,
            }
        );
        assert_eq!(issues[0].severity, Severity::Warning);
        assert_eq!(issues[0].county.as_deref(), Some("360101"));
        let names = Names::new(&p, Registry::builtin(), Lang::Zh);
        let zh = issues[1].message_named(&names);
        assert!(zh.contains("甲县"), "{zh}");
        assert!(zh.contains("建设用地") || zh.contains("城乡"), "{zh}");
        assert!(zh.contains("70") && zh.contains("65"), "{zh}");
        assert!(!zh.contains("built_up"), "{zh}");
    }

    #[test]
    fn years_county_and_classes_are_checked() {
        let mut p = crate::engine::transitions::tests::three_class_project();
        p.transitions[0].county = "999999".into();
        p.transitions[0].to_year = 2015;
        p.transitions[0].set_cell("moon", "paddy", -1.0);
        let kinds: Vec<IssueKind> = transition_issues(&p).into_iter().map(|i| i.kind).collect();
        assert!(kinds.contains(&IssueKind::UnknownCounty));
        assert!(kinds.contains(&IssueKind::UnknownClass));
        assert!(kinds.contains(&IssueKind::Negative));
        assert!(kinds.contains(&IssueKind::TransitionYears {
            from: 2015,
            to: 2015
        }));
    }
}
