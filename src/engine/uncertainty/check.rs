//! Checks of the uncertainty settings: each distribution's numbers (finite, min ≤ mode ≤ max,
//! positive sd, median > 0 and geometric sd ≥ 1), the parameter, indicator, input and county
//! they name, and the draws. Each problem names the quantity and says what to fix, in both
//! languages (`validate` lists them with the other issues; `run` refuses to start on them).

use serde::Serialize;

use crate::i18n::{Lang, Text, tf};
use crate::model::Project;
use crate::model::uncertainty::{Dist, Spread};
use crate::registry::Registry;

/// A problem of the uncertainty settings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpreadProblem {
    /// Where: `uncertainty.params.reservoir_cost`, `uncertainty.inputs.water.precip` …
    pub field: String,
    pub zh: String,
    pub en: String,
}

impl SpreadProblem {
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// The problem `key` of the quantity `what` (named in each language).
fn problem(field: String, key: &'static str, what: &Text, args: &[(&str, &str)]) -> SpreadProblem {
    let words = |lang: Lang, name: &str| {
        let mut a: Vec<(&str, &str)> = vec![("what", name)];
        a.extend_from_slice(args);
        tf(lang, key, &a)
    };
    SpreadProblem {
        field,
        zh: words(Lang::Zh, &what.zh),
        en: words(
            Lang::En,
            if what.en.is_empty() {
                &what.zh
            } else {
                &what.en
            },
        ),
    }
}

fn plain(id: &str) -> Text {
    Text::new(id, id)
}

/// Every problem of `project.uncertainty`.
pub fn check(project: &Project, registry: &Registry) -> Vec<SpreadProblem> {
    let s = &project.uncertainty;
    let mut out = Vec::new();
    if s.draws == 0 || s.draws > 1_000_000 {
        out.push(problem(
            "uncertainty.draws".into(),
            "mc_bad_draws",
            &plain(""),
            &[("draws", &s.draws.to_string())],
        ));
    }
    for p in &s.params {
        let field = format!("uncertainty.params.{}", p.param);
        let name = match registry.params.iter().find(|r| r.id == p.param) {
            Some(r) => r.name.clone(),
            None => {
                let custom = p
                    .param
                    .strip_prefix("custom.")
                    .and_then(|id| project.custom_indicators.iter().find(|c| c.id == id));
                match custom {
                    Some(c) => c.name.clone(),
                    None => {
                        out.push(problem(field, "mc_unknown_param", &plain(&p.param), &[]));
                        continue;
                    }
                }
            }
        };
        spread(&mut out, field, &name, &p.spread);
    }
    let specs = crate::model::catalogue::indicators(project, registry);
    for x in &s.inputs {
        let field = format!("uncertainty.inputs.{}.{}", x.indicator, x.input);
        let Some(spec) = specs.iter().find(|sp| sp.id == x.indicator) else {
            out.push(problem(
                field,
                "mc_unknown_indicator",
                &plain(&x.indicator),
                &[],
            ));
            continue;
        };
        let input = spec
            .methods
            .iter()
            .flat_map(|m| &m.inputs)
            .find(|i| i.id == x.input);
        let Some(input) = input else {
            let what = Text::new(
                format!("{} · {}", spec.name.zh, x.input),
                format!("{} · {}", spec.name.en, x.input),
            );
            out.push(problem(field, "mc_unknown_input", &what, &[]));
            continue;
        };
        let mut what = Text::new(
            format!("{} · {}", spec.name.zh, input.name.zh),
            format!("{} · {}", spec.name.en, input.name.en),
        );
        if x.county.is_empty() {
            if !x.spread.relative {
                out.push(problem(
                    field.clone(),
                    "mc_all_counties_relative",
                    &what,
                    &[],
                ));
            }
        } else {
            match project.counties.iter().find(|c| c.code == x.county) {
                Some(c) => {
                    what = Text::new(
                        format!("{} · {}", c.name.zh, what.zh),
                        format!("{} · {}", c.name.en, what.en),
                    )
                }
                None => {
                    out.push(problem(field, "mc_unknown_county", &plain(&x.county), &[]));
                    continue;
                }
            }
        }
        spread(&mut out, field, &what, &x.spread);
    }
    out
}

/// The checks of one distribution of the quantity `what`.
fn spread(out: &mut Vec<SpreadProblem>, field: String, what: &Text, s: &Spread) {
    let nums: Vec<f64> = match s.dist {
        Dist::Uniform { min, max } => vec![min, max],
        Dist::Triangular { min, mode, max } => vec![min, mode, max],
        Dist::Normal { mean, sd } => vec![mean, sd],
        Dist::Lognormal { median, gsd } => vec![median, gsd],
    };
    if nums.iter().any(|v| !v.is_finite()) {
        out.push(problem(field, "mc_not_finite", what, &[]));
        return;
    }
    // Shortest form that reads back as the same number (what the user typed).
    let f = |v: f64| format!("{v}");
    match s.dist {
        Dist::Uniform { min, max } if min > max => out.push(problem(
            field,
            "mc_min_above_max",
            what,
            &[("min", &f(min)), ("max", &f(max))],
        )),
        Dist::Triangular { min, mode, max } if !(min <= mode && mode <= max) => out.push(problem(
            field,
            "mc_mode_outside",
            what,
            &[("min", &f(min)), ("mode", &f(mode)), ("max", &f(max))],
        )),
        Dist::Normal { sd, .. } if sd <= 0.0 => out.push(problem(
            field,
            "mc_sd_not_positive",
            what,
            &[("sd", &f(sd))],
        )),
        Dist::Lognormal { median, .. } if median <= 0.0 => out.push(problem(
            field,
            "mc_median_not_positive",
            what,
            &[("median", &f(median))],
        )),
        Dist::Lognormal { gsd, .. } if gsd < 1.0 => out.push(problem(
            field,
            "mc_gsd_below_one",
            what,
            &[("gsd", &f(gsd))],
        )),
        _ => {}
    }
}
