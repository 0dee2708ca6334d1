//! The scenario being edited (情景) in the app. No egui here.
//!
//! While a scenario is active, `AppState::project` is its materialised project
//! (`Scenario::apply`), so every page shows and edits the scenario unchanged; the stored
//! project (baseline with its list of scenarios) is kept in `ActiveScenario::baseline`. After
//! each edit, `sync_scenario` splits the edited project (`Scenario::split_edit`): what the
//! scenario can hold becomes its overrides, anything else (a county's population, another
//! year, a new county…) goes to the baseline that all scenarios share, and the status bar says
//! so. Saving, autosave and the window title always use the stored project.
//!
//! Undo: an edit made in a scenario is kept as the stored project before it together with the
//! scenario that was active (`Undo::Stored`), so undoing it restores both; undo entries made
//! on the baseline switch back to the baseline first. New, rename, duplicate and delete are
//! undo steps of the same kind; switching the shown scenario is not an edit. Exports write what
//! is shown: a scenario's accounts under the project name marked with the scenario's.

use super::{AppState, Notice, Undo};
use crate::i18n::{t, tf};
use crate::model::{Project, Scenario};

/// The scenario shown and edited, with the stored project it belongs to.
pub struct ActiveScenario {
    pub name: String,
    pub baseline: Box<Project>,
}

impl AppState {
    /// The project as saved: the baseline with its scenarios.
    pub fn stored(&self) -> &Project {
        match &self.scenario {
            Some(a) => &a.baseline,
            None => &self.project,
        }
    }

    /// The name of the scenario shown; `None` = the baseline.
    pub fn scenario_name(&self) -> Option<&str> {
        self.scenario.as_ref().map(|a| a.name.as_str())
    }

    /// The project an export writes: the one shown, its name marked with the scenario's while
    /// a scenario is shown (a scenario's report must not pass for the baseline's).
    pub fn shown_for_export(&self) -> std::borrow::Cow<'_, Project> {
        match self.scenario_name() {
            None => std::borrow::Cow::Borrowed(&self.project),
            Some(n) => {
                let mut p = self.project.clone();
                p.meta.name = tf(
                    self.lang(),
                    "sc_export_name",
                    &[("name", &p.meta.name), ("scenario", n)],
                );
                std::borrow::Cow::Owned(p)
            }
        }
    }

    /// Takes the stored project out (no scenario active; the caller shows one next, with
    /// `show_stored`): moved, not copied.
    fn take_stored(&mut self) -> Project {
        match self.scenario.take() {
            Some(a) => *a.baseline,
            None => std::mem::replace(&mut self.project, Project::empty("")),
        }
    }

    /// Shows scenario `name` (`None` or an unknown name: the baseline) of `stored`.
    fn show_stored(&mut self, stored: Project, name: Option<&str>) {
        match name.and_then(|n| stored.scenario(n)).cloned() {
            Some(s) => {
                self.project = s.apply(&stored);
                self.year = s.year;
                self.scenario = Some(ActiveScenario {
                    name: s.name,
                    baseline: Box::new(stored),
                });
            }
            None => {
                self.project = stored;
                self.scenario = None;
            }
        }
        self.framework = self.project.meta.framework.clone();
        self.trace = None;
        self.revision += 1;
    }

    /// Shows and edits scenario `name`, or the baseline (`None`). Not an undo step.
    pub fn activate_scenario(&mut self, name: Option<&str>) {
        if self.scenario_name() == name {
            return;
        }
        let stored = self.take_stored();
        self.show_stored(stored, name);
    }

    /// Leaves the scenario for the baseline, as the state undo entries of the baseline expect.
    pub(super) fn leave_scenario(&mut self) {
        if self.scenario.is_some() {
            let stored = self.take_stored();
            self.show_stored(stored, None);
        }
    }

    /// After an edit of the materialised project: stores it as the scenario's overrides and
    /// the rest into the baseline. Returns the undo entry: the scenario as it was when the
    /// baseline did not change, else the stored project as it was (moved out, not copied);
    /// `None` when nothing changed.
    fn sync_scenario(&mut self) -> Option<Undo> {
        let a = self.scenario.as_mut()?;
        let k = a.baseline.scenarios.iter().position(|s| s.name == a.name)?;
        let (mut base, s) = a.baseline.scenarios[k].split_edit(&a.baseline, &self.project);
        let same_scenario = a.baseline.scenarios[k] == s;
        base.scenarios[k] = s;
        // The baselines compared without their scenario lists (which differ in scenario k).
        let new_list = std::mem::take(&mut base.scenarios);
        let old_list = std::mem::take(&mut a.baseline.scenarios);
        let same_baseline = *a.baseline == base;
        a.baseline.scenarios = old_list;
        base.scenarios = new_list;
        let mut old = std::mem::replace(a.baseline.as_mut(), base);
        let active = Some(a.name.clone());
        match (same_baseline, same_scenario) {
            (true, true) => None,
            (true, false) => Some(Undo::Scenario {
                name: a.name.clone(),
                scenario: Box::new(old.scenarios.swap_remove(k)),
            }),
            (false, _) => Some(Undo::Stored {
                project: Box::new(old),
                active,
            }),
        }
    }

    /// An edit of the shown scenario (`AppState::edit` calls this while one is active).
    /// Undo keeps the scenario as it was, or the stored project when the edit also changed
    /// the baseline.
    pub(super) fn edit_in_scenario(&mut self, f: impl FnOnce(&mut Project)) {
        f(&mut self.project);
        let Some(entry) = self.sync_scenario() else {
            return;
        };
        if matches!(entry, Undo::Stored { .. }) {
            self.notice = Some(Notice {
                text: t(self.lang(), "sc_edit_to_baseline").to_string(),
                error: false,
            });
        }
        self.push_undo(entry);
    }

    /// Puts scenario `name` back as `scenario` and shows it; returns the inverse entry.
    pub(super) fn swap_scenario(&mut self, name: String, scenario: Scenario) -> Undo {
        let mut stored = self.take_stored();
        let replaced = match stored.scenarios.iter_mut().find(|s| s.name == name) {
            Some(s) => std::mem::replace(s, scenario),
            None => scenario,
        };
        self.show_stored(stored, Some(&name));
        Undo::Scenario {
            name,
            scenario: Box::new(replaced),
        }
    }

    /// Swaps the stored project and the shown scenario with an undo entry's.
    pub(super) fn swap_stored(&mut self, project: Project, active: Option<String>) -> Undo {
        let now_active = self.scenario_name().map(str::to_string);
        let now = self.take_stored();
        self.show_stored(project, active.as_deref());
        Undo::Stored {
            project: Box::new(now),
            active: now_active,
        }
    }

    /// Changes the list of scenarios as one undo step, then shows `show` (a scenario name, or
    /// the baseline).
    fn edit_scenarios(&mut self, show: Option<String>, f: impl FnOnce(&mut Vec<Scenario>)) {
        let active = self.scenario_name().map(str::to_string);
        let before = self.take_stored();
        let mut stored = before.clone();
        f(&mut stored.scenarios);
        self.show_stored(stored, show.as_deref());
        self.push_undo(Undo::Stored {
            project: Box::new(before),
            active,
        });
    }

    /// A new empty scenario of the shown year, shown at once.
    pub fn new_scenario(&mut self) {
        let name = self
            .stored()
            .unused_scenario_name(t(self.lang(), "sc_new_name"));
        let s = Scenario::new(&name, self.year);
        self.edit_scenarios(Some(name), |list| list.push(s));
    }

    /// A copy of scenario `name` under a new name, shown at once.
    pub fn duplicate_scenario(&mut self, name: &str) {
        let Some(mut s) = self.stored().scenario(name).cloned() else {
            return;
        };
        s.name =
            self.stored()
                .unused_scenario_name(&tf(self.lang(), "sc_copy_name", &[("name", name)]));
        let show = s.name.clone();
        self.edit_scenarios(Some(show), |list| list.push(s));
    }

    /// Renames scenario `from`; refuses an empty, taken or baseline name (says why).
    pub fn rename_scenario(&mut self, from: &str, to: &str) -> bool {
        let to = to.trim();
        let taken = to != from && self.stored().scenario(to).is_some();
        if to.is_empty() || taken || crate::model::scenario::is_baseline_name(to) {
            self.notice = Some(Notice {
                text: tf(self.lang(), "sc_rename_refused", &[("name", to)]),
                error: true,
            });
            return false;
        }
        let show = match self.scenario_name() {
            Some(n) if n == from => Some(to.to_string()),
            other => other.map(str::to_string),
        };
        let (from, to2) = (from.to_string(), to.to_string());
        self.edit_scenarios(show, move |list| {
            if let Some(s) = list.iter_mut().find(|s| s.name == from) {
                s.name = to2;
            }
        });
        true
    }

    /// Deletes scenario `name` (the page asks for confirmation first); shows the baseline if
    /// it was shown.
    pub fn delete_scenario(&mut self, name: &str) {
        let show = self
            .scenario_name()
            .filter(|n| *n != name)
            .map(str::to_string);
        let name = name.to_string();
        self.edit_scenarios(show, move |list| list.retain(|s| s.name != name));
    }
}

#[cfg(test)]
mod tests;
