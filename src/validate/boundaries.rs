//! Checks of the outlines maps are drawn from: the project's own boundaries holding counties it
//! no longer has or stating no source, and counties without an outline (user's, or bundled
//! for a code of the division list).

use super::{IssueKind, Severity, V};
use crate::boundaries::outlines_for;
use crate::model::Project;

pub(super) fn check<'a>(v: &mut V<'a>, project: &'a Project) {
    v.year = None;
    v.county = None;
    if let Some(b) = &project.boundaries {
        for s in &b.shapes {
            if project.county(&s.county).is_none() {
                let kind = IssueKind::BoundaryCountyGone {
                    code: s.county.clone(),
                };
                v.push(Severity::Warning, "boundaries.shapes", None, kind);
            }
        }
        if b.source.trim().is_empty() {
            let kind = IssueKind::BoundaryNoSource;
            v.push(Severity::Warning, "boundaries.source", None, kind);
        }
    }
    let bundled = project.boundaries.is_none();
    for code in outlines_for(project).missing {
        // A code outside the division list (test and made-up projects) is not a county the
        // bundle could have: only real counties are worth a warning.
        if bundled && !crate::divisions::is_known(&code) {
            continue;
        }
        v.county = project.county(&code).map(|c| c.code.as_str());
        let kind = IssueKind::BoundaryMissing { bundled };
        v.push(Severity::Warning, "boundaries", None, kind);
    }
    v.county = None;
}

#[cfg(test)]
mod tests {
    use crate::model::Project;
    use crate::model::boundaries::{Boundaries, CountyShape};
    use crate::model::setup::new_county;
    use crate::registry::Registry;
    use crate::validate::{IssueKind, Severity, validate};

    fn issues(p: &Project) -> Vec<(Option<String>, IssueKind)> {
        validate(p, Registry::builtin())
            .into_iter()
            .filter(|i| i.field.starts_with("boundaries"))
            .map(|i| {
                assert_eq!(i.severity, Severity::Warning);
                (i.county, i.kind)
            })
            .collect()
    }

    #[test]
    fn boundaries_are_checked_against_the_project() {
        let mut p = Project::empty("t");
        // 资溪县 is bundled, 红谷滩区 (2019) is not, 361099 is no real code.
        p.counties = vec![
            new_county("361028", "资溪县", None),
            new_county("360113", "红谷滩区", None),
            new_county("361099", "试验县", None),
        ];
        assert_eq!(
            issues(&p),
            [(
                Some("360113".to_string()),
                IssueKind::BoundaryMissing { bundled: true }
            )]
        );
        p.boundaries = Some(Boundaries {
            source: " ".into(),
            shapes: vec![
                CountyShape {
                    county: "361028".into(),
                    polygons: vec![],
                },
                CountyShape {
                    county: "361003".into(),
                    polygons: vec![],
                },
            ],
            ..Boundaries::default()
        });
        let found = issues(&p);
        assert_eq!(
            found,
            [
                (
                    None,
                    IssueKind::BoundaryCountyGone {
                        code: "361003".into()
                    }
                ),
                (None, IssueKind::BoundaryNoSource),
                (
                    Some("360113".to_string()),
                    IssueKind::BoundaryMissing { bundled: false }
                ),
                (
                    Some("361099".to_string()),
                    IssueKind::BoundaryMissing { bundled: false }
                ),
            ]
        );
        let msgs: Vec<String> = validate(&p, Registry::builtin())
            .iter()
            .filter(|i| i.field.starts_with("boundaries"))
            .map(|i| i.message(crate::i18n::Lang::Zh))
            .collect();
        assert!(msgs[0].contains("代码 361003 的边界"), "{msgs:?}");
        assert!(msgs[1].contains("地图将不注明来源"), "{msgs:?}");
    }
}
