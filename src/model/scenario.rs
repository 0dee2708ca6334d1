//! Scenarios (情景): named alternatives kept beside the baseline of a project.
//!
//! Owns `Scenario` and `CountyOverride`: what a scenario changes in one accounting year, stored
//! as overrides of the baseline rather than as a second copy of the project, so a later
//! correction of the baseline (a county's GDP, a price the scenario does not touch) reaches
//! every scenario, and the file says exactly what each scenario assumes.
//!
//! A scenario overrides, in its year only:
//! - land cover per county and class (`None` = the class is removed in the scenario);
//! - indicator inputs per county and indicator (the whole `IndicatorInput`; `None` = removed);
//! - price-book entries (`Project::price_overrides`; `None` = the baseline's entry is dropped,
//!   so the registry's value applies);
//! - the framework and the compensation settings (each replaced whole).
//!
//! Everything else (counties, other years, population, GDP, custom indicators, ESV settings…)
//! is the baseline's. [`Scenario::apply`] gives the materialised project the engine computes,
//! so the engine never knows about scenarios. [`Scenario::from_diff`] is its inverse: it
//! records an edited copy of the baseline as overrides, so every editor of the app works on a
//! scenario unchanged (it edits the materialised project; the app stores the diff).
//! [`Scenario::split_edit`] separates an edit of the materialised project into the part the
//! scenario can hold and the rest, which goes to the baseline (shared by all scenarios).
//!
//! An override equal to the baseline's value is not kept by `from_diff`: the scenario then
//! follows the baseline for that entry. Serde only plus these pure transformations: no I/O,
//! no computation.
//!
//! Spreadsheet workbooks (templates and imports) carry the baseline only; an import into a
//! project keeps that project's scenarios.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::{CompensationSettings, CountyPeriod, IndicatorInput, ParamOverride, Project};

/// The name the baseline goes by where a scenario name is expected (CLI, comparisons).
pub const BASELINE_NAMES: [&str; 2] = ["基准", "baseline"];

/// One named scenario: overrides of the baseline in one accounting year.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Unique within the project, not empty, not a name of the baseline.
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The accounting year the overrides apply to (a period of the project).
    pub year: i32,
    /// Land cover and indicator inputs, by county code.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub counties: BTreeMap<String, CountyOverride>,
    /// Price-book entries by parameter id; `None` = no project value (the registry's applies).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub prices: BTreeMap<String, Option<ParamOverride>>,
    /// Framework id replacing the project's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub framework: Option<String>,
    /// Compensation settings replacing the project's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compensation: Option<CompensationSettings>,
}

/// What a scenario changes in one county's data of its year.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountyOverride {
    /// Area (hm²) by land class; `None` = the class is removed.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub land_cover: BTreeMap<String, Option<f64>>,
    /// Inputs by indicator id; `None` = the indicator's inputs are removed.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub indicators: BTreeMap<String, Option<IndicatorInput>>,
}

impl CountyOverride {
    pub fn is_empty(&self) -> bool {
        self.land_cover.is_empty() && self.indicators.is_empty()
    }
}

/// Whether `name` is one of the baseline's names (`基准`, `baseline`, any case).
pub fn is_baseline_name(name: &str) -> bool {
    let n = name.trim();
    BASELINE_NAMES.iter().any(|b| b.eq_ignore_ascii_case(n))
}

impl Scenario {
    /// An empty scenario (no overrides yet) of `year`.
    pub fn new(name: &str, year: i32) -> Scenario {
        Scenario {
            name: name.to_string(),
            year,
            ..Scenario::default()
        }
    }

    /// Whether the scenario overrides nothing.
    pub fn is_empty(&self) -> bool {
        self.counties.is_empty()
            && self.prices.is_empty()
            && self.framework.is_none()
            && self.compensation.is_none()
    }

    /// The materialised project: the baseline with this scenario's overrides applied (and no
    /// scenarios of its own). This is what the engine computes for the scenario. Overrides of
    /// counties the project does not have, or of a year it has no period for, are left out
    /// (validation reports them).
    pub fn apply(&self, baseline: &Project) -> Project {
        let mut p = baseline.clone();
        p.scenarios.clear();
        self.apply_in_place(&mut p);
        p
    }

    /// [`Scenario::apply`] on a project already cloned (its `scenarios` are left as they are).
    pub fn apply_in_place(&self, p: &mut Project) {
        if let Some(fw) = &self.framework {
            p.meta.framework = fw.clone();
        }
        if let Some(c) = &self.compensation {
            p.compensation = c.clone();
        }
        for (id, o) in &self.prices {
            match o {
                Some(o) => p.price_overrides.insert(id.clone(), o.clone()),
                None => p.price_overrides.remove(id),
            };
        }
        let known: BTreeSet<String> = p.counties.iter().map(|c| c.code.clone()).collect();
        let Some(period) = p.period_mut(self.year) else {
            return;
        };
        for (code, o) in &self.counties {
            if !known.contains(code) || o.is_empty() {
                continue;
            }
            let cp = period.counties.entry(code.clone()).or_default();
            for (class, area) in &o.land_cover {
                match area {
                    Some(a) => cp.land_cover.insert(class.clone(), *a),
                    None => cp.land_cover.remove(class),
                };
            }
            for (id, input) in &o.indicators {
                match input {
                    Some(i) => cp.indicators.insert(id.clone(), i.clone()),
                    None => cp.indicators.remove(id),
                };
            }
        }
    }

    /// The overrides that turn `baseline` into `edited` in `year` (name and description
    /// empty). Only what a scenario can hold is compared (see the module doc); for an edited
    /// copy that differs from the baseline in nothing else, `from_diff(b, e, y).apply(b) == e`
    /// up to `scenarios` and empty county entries.
    pub fn from_diff(baseline: &Project, edited: &Project, year: i32) -> Scenario {
        let mut s = Scenario::new("", year);
        if edited.meta.framework != baseline.meta.framework {
            s.framework = Some(edited.meta.framework.clone());
        }
        if edited.compensation != baseline.compensation {
            s.compensation = Some(edited.compensation.clone());
        }
        s.prices = diff_map(&baseline.price_overrides, &edited.price_overrides);
        let empty = BTreeMap::new();
        let (b, e) = (
            baseline.period(year).map_or(&empty, |p| &p.counties),
            edited.period(year).map_or(&empty, |p| &p.counties),
        );
        let default = CountyPeriod::default();
        let codes: BTreeSet<&String> = b.keys().chain(e.keys()).collect();
        for code in codes {
            let (bc, ec) = (
                b.get(code).unwrap_or(&default),
                e.get(code).unwrap_or(&default),
            );
            let o = CountyOverride {
                land_cover: diff_map(&bc.land_cover, &ec.land_cover),
                indicators: diff_map(&bc.indicators, &ec.indicators),
            };
            if !o.is_empty() {
                s.counties.insert(code.clone(), o);
            }
        }
        s
    }

    /// Replaces this scenario's overrides by those that turn `baseline` into `edited` (name,
    /// description and year kept).
    pub fn record(&mut self, baseline: &Project, edited: &Project) {
        let d = Scenario::from_diff(baseline, edited, self.year);
        self.counties = d.counties;
        self.prices = d.prices;
        self.framework = d.framework;
        self.compensation = d.compensation;
    }

    /// Splits an edit of this scenario's materialised project: returns the new baseline (the
    /// edit's changes the scenario cannot hold, e.g. a county's population, another year, a
    /// new county; with `baseline`'s scenarios) and this scenario with the overrides that turn
    /// the new baseline into `edited`. The caller stores the scenario back into the baseline's
    /// list.
    pub fn split_edit(&self, baseline: &Project, edited: &Project) -> (Project, Scenario) {
        let mut base = edited.clone();
        base.scenarios = baseline.scenarios.clone();
        base.meta.framework = baseline.meta.framework.clone();
        base.compensation = baseline.compensation.clone();
        base.price_overrides = baseline.price_overrides.clone();
        let from = baseline.period(self.year).map(|p| &p.counties);
        if let Some(period) = base.period_mut(self.year) {
            let mut drop = Vec::new();
            for (code, cp) in period.counties.iter_mut() {
                match from.and_then(|f| f.get(code)) {
                    Some(b) => {
                        cp.land_cover = b.land_cover.clone();
                        cp.indicators = b.indicators.clone();
                    }
                    None => {
                        cp.land_cover.clear();
                        cp.indicators.clear();
                        if *cp == CountyPeriod::default() {
                            drop.push(code.clone());
                        }
                    }
                }
            }
            for code in drop {
                period.counties.remove(&code);
            }
        }
        let mut s = self.clone();
        s.record(&base, edited);
        (base, s)
    }

    /// Number of overridden entries (land-cover classes, indicator inputs, prices, framework,
    /// compensation), for lists and badges.
    pub fn override_count(&self) -> usize {
        self.counties
            .values()
            .map(|o| o.land_cover.len() + o.indicators.len())
            .sum::<usize>()
            + self.prices.len()
            + usize::from(self.framework.is_some())
            + usize::from(self.compensation.is_some())
    }
}

/// Entries of `edited` that differ from `base` (`Some`), and entries of `base` that `edited`
/// no longer has (`None`).
fn diff_map<T: Clone + PartialEq>(
    base: &BTreeMap<String, T>,
    edited: &BTreeMap<String, T>,
) -> BTreeMap<String, Option<T>> {
    let mut out = BTreeMap::new();
    for (k, v) in edited {
        if base.get(k) != Some(v) {
            out.insert(k.clone(), Some(v.clone()));
        }
    }
    for k in base.keys() {
        if !edited.contains_key(k) {
            out.insert(k.clone(), None);
        }
    }
    out
}

impl Project {
    /// The scenario named `name`, if any.
    pub fn scenario(&self, name: &str) -> Option<&Scenario> {
        self.scenarios.iter().find(|s| s.name == name)
    }

    /// The materialised project of scenario `name`; the baseline's names give the project
    /// without scenarios; `None` = no such scenario.
    pub fn materialise(&self, name: &str) -> Option<Project> {
        if is_baseline_name(name) {
            let mut p = self.clone();
            p.scenarios.clear();
            return Some(p);
        }
        self.scenario(name).map(|s| s.apply(self))
    }

    /// A scenario name not used yet: `stem`, else `stem 2`, `stem 3`…
    pub fn unused_scenario_name(&self, stem: &str) -> String {
        let taken = |n: &str| is_baseline_name(n) || self.scenario(n).is_some();
        if !taken(stem) {
            return stem.to_string();
        }
        (2..)
            .map(|i| format!("{stem} {i}"))
            .find(|n| !taken(n))
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests;
