//! Method choices checked against the framework: where the framework's registry entry lists
//! the methods it accepts for an indicator (`Framework::accepted_methods`), a county-year using
//! another method is a warning that gives the framework's reason and names the accepted
//! methods by their registry names. The rule is data; this module only applies it and must not
//! compute accounts.

use crate::i18n::{Lang, Text};
use crate::model::Project;
use crate::registry::Registry;

use super::{Issue, IssueKind, Severity};

/// One warning per county-year and indicator whose method the framework does not accept.
pub(super) fn check(out: &mut Vec<Issue>, project: &Project, registry: &Registry) {
    let Some(framework) = registry.framework(&project.meta.framework) else {
        return;
    };
    if framework.accepted_methods.is_empty() {
        return;
    }
    let specs = crate::model::catalogue::indicators(project, registry);
    let by_id: rustc_hash::FxHashMap<&str, &crate::registry::IndicatorSpec> =
        specs.iter().map(|s| (s.id.as_str(), s.as_ref())).collect();
    let label = Text::new(
        registry.framework_label(&framework.id, Lang::Zh),
        registry.framework_label(&framework.id, Lang::En),
    );
    for period in &project.periods {
        for county in &project.counties {
            let Some(cp) = period.counties.get(&county.code) else {
                continue;
            };
            for (id, input) in &cp.indicators {
                // Few indicators have a rule: the spec is looked up only for those.
                let Some(rule) = framework.method_rule(id) else {
                    continue;
                };
                let Some(spec) = by_id.get(id.as_str()).copied() else {
                    continue;
                };
                let method = if input.method.is_empty() {
                    spec.default_method()
                } else {
                    spec.method(&input.method)
                };
                // An unknown method is an error of the structural checks.
                let Some(method) = method.filter(|m| !rule.methods.contains(&m.id)) else {
                    continue;
                };
                out.push(Issue {
                    severity: Severity::Warning,
                    county: Some(county.code.clone()),
                    year: Some(period.year),
                    field: format!("indicators.{id}.method"),
                    value: Some(method.id.clone()),
                    kind: IssueKind::MethodNotAccepted {
                        county: county.name.clone(),
                        indicator: spec.name.clone(),
                        method: method.name.clone(),
                        framework: label.clone(),
                        reason: rule.reason.clone(),
                        accepted: rule
                            .methods
                            .iter()
                            .filter_map(|m| spec.method(m))
                            .map(|m| m.name.clone())
                            .collect(),
                    },
                });
            }
        }
    }
}
