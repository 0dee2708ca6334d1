//! Checks of the regional coefficients of the equivalent-factor method (Xie et al. 2015):
//! national means usable (> 0, unit and source stated), county coefficients and values > 0, a
//! county value with a national mean to divide it by, and coefficients entered for a factor
//! table whose services declare no adjustment. Must not compute accounts.

use crate::model::{AdjustEntry, Project};
use crate::registry::{AdjustBy, Registry};

use super::{IssueKind, Severity, V};

pub(super) fn check(v: &mut V<'_>, project: &Project, registry: &Registry) {
    let means = &project.esv.national_means;
    for kind in AdjustBy::ALL {
        let Some(m) = means.get(kind) else { continue };
        let field = format!("esv.national_means.{}", kind.key());
        if !m.value.is_finite() || m.value <= 0.0 {
            v.push(
                Severity::Error,
                &field,
                Some(m.value),
                IssueKind::EsvNationalMeanNotPositive { coefficient: kind },
            );
        }
        if m.unit.trim().is_empty() || m.source.trim().is_empty() {
            v.push(
                Severity::Warning,
                &field,
                Some(m.value),
                IssueKind::EsvNationalMeanUnsourced { coefficient: kind },
            );
        }
    }
    let table = crate::model::catalogue::factor_table(project, registry, &project.esv.table);
    let mut any_entered = false;
    for period in &project.periods {
        for (code, cp) in &period.counties {
            // Named only when there is something to say (a search of every county each time
            // costs more than the whole check).
            let county = || {
                project
                    .county(code)
                    .map_or_else(|| crate::i18n::Text::new(code, code), |c| c.name.clone())
            };
            for kind in AdjustBy::ALL {
                let Some(entry) = cp.esv_adjust.get(kind) else {
                    continue;
                };
                any_entered = true;
                let (x, derived) = match entry {
                    AdjustEntry::Coefficient(c) => (c, false),
                    AdjustEntry::Value(x) => (x, true),
                };
                let part = if derived { "value" } else { "coefficient" };
                let field = format!("esv.adjust.{}.{part}", kind.key());
                let mut push = |severity, kind| {
                    v.out.push(super::Issue {
                        severity,
                        county: Some(code.clone()),
                        year: Some(period.year),
                        field: field.clone(),
                        value: Some(format!("{x}")),
                        kind,
                    });
                };
                if !x.is_finite() || x <= 0.0 {
                    push(
                        Severity::Error,
                        IssueKind::EsvCoefficientNotPositive {
                            county: county(),
                            coefficient: kind,
                            derived,
                        },
                    );
                } else if derived && means.get(kind).is_none() {
                    push(
                        Severity::Error,
                        IssueKind::EsvNoNationalMean {
                            county: county(),
                            coefficient: kind,
                        },
                    );
                }
            }
        }
    }
    if let Some(t) = table
        && any_entered
        && !t.adjusts()
    {
        v.push(
            Severity::Warning,
            "esv.table",
            None,
            IssueKind::EsvTableNotAdjusted {
                table: t.name.clone(),
            },
        );
    }
}
