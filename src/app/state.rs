//! Application state: the open project, its file, undo/redo, the cached accounts and
//! validation, and the user's settings.
//!
//! Every edit goes through one of `AppState`'s edit methods, which keeps what the edit changes
//! for undo, marks the project dirty and bumps the revision; accounts and issues are
//! recomputed lazily when the revision changed, so results are never stale and the engine
//! stays the only place numbers are made. Undo keeps only what an edit touches: some counties'
//! data of one year (`edit_counties`), one part (`edit_part`), the small parts with some
//! counties' data in every year (`edit_slice`: adding, deleting or recoding a county, an
//! import, the settings), the scenario (an edit in a scenario). A whole copy of the project
//! (`edit`) is left only where an edit may drop a whole year (removing an accounting year),
//! and a scenario-list change keeps the stored project.
//!
//! Exports (`ExportKind`, foreground or background writing) are in `state/export.rs`; what the
//! pages remember between frames is `AppState::pages` (`page_state.rs`).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::format::AreaUnit;
use super::nav::Page;
use super::page_state::{GrowthCache, PageStates};
use crate::engine::compensation::scenario::{self, Outcome};
use crate::engine::growth::{Growth, growth};
use crate::engine::{self, Accounts, ComputeError, Options};
use crate::i18n::Lang;
use crate::model::{CompensationSettings, CountyPeriod, Project};
use crate::registry::Registry;
use crate::units::MoneyUnit;
use crate::validate::{self, Issue};
use crate::view::Labels;

mod export;
mod part;
mod scenario_edit;
mod selection;
pub use export::ExportKind;
pub use scenario_edit::ActiveScenario;

/// Projects with more counties than this are recomputed without traces (traces are then
/// built for the clicked cell only).
const TRACE_ALL_LIMIT: usize = 300;
/// Projects with more counties than this are validated on a background thread.
const BACKGROUND_VALIDATION_LIMIT: usize = 300;

const UNDO_LIMIT: usize = 200;
const RECENT_LIMIT: usize = 10;
/// How long a status message stays: information, and errors (read at leisure).
const NOTICE_INFO: std::time::Duration = std::time::Duration::from_secs(12);
const NOTICE_ERROR: std::time::Duration = std::time::Duration::from_secs(60);

/// Settings kept by eframe between runs.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub lang: Lang,
    pub money_unit: MoneyUnit,
    pub area_unit: AreaUnit,
    pub dark: bool,
    pub recent: Vec<PathBuf>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            lang: Lang::Zh,
            money_unit: MoneyUnit::WanYuan,
            area_unit: AreaUnit::Hm2,
            dark: false,
            recent: Vec::new(),
        }
    }
}

/// One undo step: the whole project, or only the data of some counties in one year.
enum Undo {
    Project(Box<Project>),
    /// The compensation scenario before an edit (it does not change the accounts).
    Compensation(Box<CompensationSettings>),
    Counties {
        year: i32,
        data: Vec<(String, Option<CountyPeriod>)>,
    },
    /// The stored project (baseline and scenarios) and the scenario shown before an edit made
    /// in a scenario or of the scenario list (`state/scenario_edit.rs`).
    Stored {
        project: Box<Project>,
        active: Option<String>,
    },
    /// One part of the project (`state/part.rs`).
    Part(Box<dyn part::Part>),
    /// Scenario `name` before an edit made in it that left the baseline unchanged; undoing
    /// it shows that scenario (`state/scenario_edit.rs`).
    Scenario {
        name: String,
        scenario: Box<crate::model::Scenario>,
    },
}

/// Accounts cached for (revision, year, framework).
type CachedAccounts = (u64, i32, String, Result<Arc<Accounts>, ComputeError>);

/// A compensation outcome cached for (revision, year, framework); the error is the message in
/// Chinese and in English (the language can change without a recompute).
type CachedOutcome = (u64, i32, String, Result<Arc<Outcome>, (String, String)>);

/// A message shown in the status bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub text: String,
    pub error: bool,
}

/// What the user asked for while there were unsaved changes.
#[derive(Debug, Clone, PartialEq)]
pub enum Pending {
    /// Open the new-project wizard.
    New,
    /// Replace the project with one the wizard made.
    Create(Box<Project>),
    Open(Option<PathBuf>),
    /// The built-in sample project.
    Sample,
    Close,
}

/// The built-in file browser's state (when no native dialog is available; `file_browser.rs`).
#[derive(Debug, Clone, PartialEq)]
pub struct PathPrompt {
    pub purpose: PathPurpose,
    /// The file name (or a full path) typed or picked.
    pub text: String,
    /// The folder shown.
    pub dir: PathBuf,
    /// Show files of every type, not only the purpose's.
    pub all_files: bool,
    /// An existing file the user was asked about; a second OK overwrites it.
    pub overwrite: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathPurpose {
    Open,
    SaveAs,
    Export(ExportKind),
    Import,
}

pub struct AppState {
    pub project: Project,
    pub path: Option<PathBuf>,
    pub dirty: bool,
    pub revision: u64,
    undo: Vec<Undo>,
    redo: Vec<Undo>,
    /// Undo depth at the last save or load (`None` when that state can no longer be reached).
    saved_depth: Option<usize>,
    pub settings: Settings,
    pub page: Page,
    /// Accounting year shown.
    pub year: i32,
    /// Framework shown (defaults to the project's).
    pub framework: String,
    /// Shared so pages can hold the accounts for a frame without copying them.
    accounts: Option<CachedAccounts>,
    /// The cached accounts are a full `compute` of the current project (not moved county by
    /// county, whose parameters used may still list one an edit stopped using): validation can
    /// take them instead of computing their year again.
    accounts_exact: bool,
    compensation: Option<CachedOutcome>,
    issues: Option<(u64, Vec<Issue>)>,
    /// A validation running on a background thread: (revision, result channel).
    issues_job: Option<(u64, std::sync::mpsc::Receiver<Vec<Issue>>)>,
    /// An export running on a background thread: (target path, result channel).
    export_job: Option<(PathBuf, std::sync::mpsc::Receiver<Result<(), String>>)>,
    /// When the project last changed (large projects are re-validated once typing pauses).
    last_change: std::time::Instant,
    /// (county code, indicator id) whose trace is shown.
    pub trace: Option<(String, String)>,
    pub notice: Option<Notice>,
    /// The notice last drawn and when it first appeared (old messages clear themselves).
    notice_since: Option<(Notice, std::time::Instant)>,
    pub pending: Option<Pending>,
    pub prompt: Option<PathPrompt>,
    /// A recovery file found at start-up, offered back to the user.
    pub recovery: Option<PathBuf>,
    /// Where unsaved work is autosaved (None in tests).
    pub recovery_path: Option<PathBuf>,
    /// The project named on the command line could not be opened: shown in a dialog over an
    /// empty project (never over the sample, which would look like the user's data).
    pub launch_error: Option<String>,
    /// A cell to scroll to and highlight (from the validation list): (page, county, field).
    pub focus: Option<(Page, String, String)>,
    /// A page asks for the project settings (e.g. a validation line about the framework or
    /// the accounting years); the shell opens them on the next frame.
    pub open_settings: bool,
    /// A page asks the shell for a file action (new, open, sample), e.g. the empty project's
    /// start buttons; the shell performs it on the next frame, asking first about unsaved
    /// changes.
    pub requested: Option<Pending>,
    /// Set when the app should close (after the unsaved-changes prompt).
    pub close_requested: bool,
    /// Native file dialogs are tried first (off in tests; an in-app path field is used then).
    pub native_dialogs: bool,
    /// A spreadsheet import being previewed.
    pub import: Option<super::import_dialog::ImportSession>,
    /// The county-boundary dialog, while open.
    pub boundary_dialog: Option<super::boundary_dialog::BoundaryDialog>,
    /// What the pages remember between frames (selections, filters); not saved.
    pub pages: PageStates,
    /// The county selected on the map or in a county table (code); every page with county
    /// rows highlights it (`state/selection.rs`).
    pub selected_county: Option<String>,
    /// The scenario shown and edited (`state/scenario_edit.rs`); `None` = the baseline.
    pub scenario: Option<ActiveScenario>,
}

impl AppState {
    pub fn new(project: Project, settings: Settings) -> AppState {
        let year = project.latest_year().unwrap_or(2022);
        let framework = project.meta.framework.clone();
        AppState {
            project,
            path: None,
            dirty: false,
            revision: 0,
            undo: Vec::new(),
            redo: Vec::new(),
            saved_depth: Some(0),
            settings,
            page: Page::Overview,
            year,
            framework,
            accounts: None,
            accounts_exact: false,
            compensation: None,
            issues: None,
            issues_job: None,
            export_job: None,
            last_change: std::time::Instant::now(),
            trace: None,
            notice: None,
            notice_since: None,
            pending: None,
            prompt: None,
            recovery: None,
            recovery_path: None,
            launch_error: None,
            focus: None,
            open_settings: false,
            requested: None,
            close_requested: false,
            native_dialogs: false,
            import: None,
            boundary_dialog: None,
            pages: PageStates::default(),
            selected_county: None,
            scenario: None,
        }
    }

    /// The built-in sample project.
    pub fn with_sample(settings: Settings) -> AppState {
        let p = crate::sample::builtin().unwrap_or_else(|_| Project::empty("新项目"));
        AppState::new(p, settings)
    }

    pub fn lang(&self) -> Lang {
        self.settings.lang
    }

    /// Names of the open project's entries in the display language.
    pub fn labels(&self) -> Labels<'_> {
        Labels::new(&self.project, self.registry(), self.lang())
    }

    /// Real growth from `from` to `to` at `from`'s prices for the framework shown, computed
    /// once per project revision.
    pub fn growth(&mut self, from: i32, to: i32) -> Result<Growth, ComputeError> {
        let fw = self.framework.clone();
        if let Some(r) = self.pages.growth.get(self.revision, &fw, from, to) {
            return r;
        }
        let r = growth(
            &self.project,
            self.registry(),
            from,
            to,
            Some(fw.clone()),
            None,
        );
        self.pages.growth = GrowthCache::new(self.revision, fw, from, to, r.clone());
        r
    }

    pub fn registry(&self) -> &'static Registry {
        Registry::builtin()
    }

    /// Applies an edit of one part of the project — the field `get` reaches, e.g.
    /// `|p| &mut p.price_overrides` — as one undoable step that keeps only that part.
    pub fn edit_part<T: Clone + PartialEq + 'static>(
        &mut self,
        get: fn(&mut Project) -> &mut T,
        f: impl FnOnce(&mut T),
    ) {
        if self.scenario.is_some() {
            return self.edit_in_scenario(|p| f(get(p)));
        }
        let field = get(&mut self.project);
        let before = field.clone();
        f(field);
        if *field != before {
            let value = before;
            self.push_undo(Undo::Part(Box::new(part::Field { get, value })));
        }
    }

    /// Applies an edit as one undoable step (the whole project is kept for undo, 79 ms on
    /// 2,850 counties: use `edit_counties` for edits of county data, `edit_part` for edits of
    /// one part and `edit_slice` for the small parts with some counties, which keep only what
    /// they touch). Left for removing a year and for tests.
    pub fn edit(&mut self, f: impl FnOnce(&mut Project)) {
        if self.scenario.is_some() {
            return self.edit_in_scenario(f);
        }
        let before = self.project.clone();
        f(&mut self.project);
        if self.project != before {
            self.push_undo(Undo::Project(Box::new(before)));
        }
    }

    /// Applies an edit that changes the project's small parts (the county list, settings …)
    /// and the data of `codes` in every year — adding, deleting or recoding a county, an
    /// import — as one undoable step that keeps only those (`part::Slice`), not the other
    /// counties' data. Years may be added, not removed.
    pub fn edit_slice(&mut self, codes: &[String], f: impl FnOnce(&mut Project)) {
        if self.scenario.is_some() {
            return self.edit_in_scenario(f);
        }
        let slice = part::Slice::before(&mut self.project, codes);
        f(&mut self.project);
        debug_assert!(
            slice.years_kept(&self.project),
            "a slice edit removed a year"
        );
        if slice.changed(&mut self.project) {
            self.push_undo(Undo::Part(Box::new(slice)));
        }
    }

    /// Applies an edit of the compensation scenario as one undoable step. The accounts stay
    /// cached: the scenario does not enter them.
    pub fn edit_compensation(&mut self, f: impl FnOnce(&mut CompensationSettings)) {
        if self.scenario.is_some() {
            return self.edit_in_scenario(|p| f(&mut p.compensation));
        }
        let before = self.project.compensation.clone();
        f(&mut self.project.compensation);
        if self.project.compensation != before {
            let previous = self.revision;
            self.push_undo(Undo::Compensation(Box::new(before)));
            self.carry_accounts(previous);
        }
    }

    /// Marks accounts computed at revision `previous` as current (after an edit that cannot
    /// change them).
    fn carry_accounts(&mut self, previous: u64) {
        if let Some((rev, ..)) = &mut self.accounts
            && *rev == previous
        {
            *rev = self.revision;
        }
    }

    /// The project's compensation scenario run on the shown accounts, recomputed when the
    /// project, year or framework changed.
    pub fn compensation(&mut self) -> Result<Arc<Outcome>, String> {
        let stale = !matches!(&self.compensation, Some((rev, y, fw, _)) if *rev == self.revision && *y == self.year && *fw == self.framework);
        if stale {
            let both = |m: &dyn Fn(Lang) -> String| (m(Lang::Zh), m(Lang::En));
            let r = self
                .accounts()
                .map_err(|e| both(&|l| e.message(l)))
                .and_then(|acc| {
                    scenario::run(
                        &self.project,
                        self.registry(),
                        &acc,
                        &self.project.compensation,
                    )
                    .map(Arc::new)
                    .map_err(|e| both(&|l| e.message(l)))
                });
            self.compensation = Some((self.revision, self.year, self.framework.clone(), r));
        }
        let lang = self.lang();
        match &self.compensation {
            Some((_, _, _, r)) => r.clone().map_err(|(zh, en)| match lang {
                Lang::Zh => zh,
                Lang::En => en,
            }),
            None => Err(String::new()),
        }
    }

    /// Applies an edit that changes only the data of `codes` in `year` (land cover, inputs,
    /// population …) as one undoable step. Only those counties' data are kept for undo, so
    /// edits stay cheap in memory and time on projects with thousands of counties.
    pub fn edit_counties(&mut self, year: i32, codes: &[String], f: impl FnOnce(&mut Project)) {
        if self.scenario.is_some() {
            return self.edit_in_scenario(f);
        }
        let data_of =
            |p: &Project, code: &str| p.period(year).and_then(|p| p.counties.get(code)).cloned();
        let before: Vec<(String, Option<CountyPeriod>)> = codes
            .iter()
            .map(|c| (c.clone(), data_of(&self.project, c)))
            .collect();
        let had_period = self.project.period(year).is_some();
        f(&mut self.project);
        if !had_period && self.project.period(year).is_some() {
            // The closure created the period: not a county-local edit after all.
            let mut p = self.project.clone();
            p.periods.retain(|x| x.year != year);
            self.push_undo(Undo::Project(Box::new(p)));
            return;
        }
        let changed = before.iter().any(|(c, b)| data_of(&self.project, c) != *b);
        if changed {
            let previous = self.revision;
            self.push_undo(Undo::Counties { year, data: before });
            self.update_accounts(previous, year, codes);
        }
    }

    /// Brings cached accounts up to date after a county-local edit by recomputing only those
    /// counties (a full recompute of thousands of counties would stall typing).
    fn update_accounts(&mut self, previous: u64, year: i32, codes: &[String]) {
        let revision = self.revision;
        let traces = self.project.counties.len() <= TRACE_ALL_LIMIT;
        let Some((rev, shown, fw, Ok(acc))) = &mut self.accounts else {
            return;
        };
        if *rev != previous {
            return;
        }
        if *shown != year {
            // Another year's data: the shown accounts do not depend on it.
            *rev = revision;
            return;
        }
        let options = Options {
            year: *shown,
            framework: Some(fw.clone()),
            price_year: None,
            traces,
        };
        self.accounts_exact = false;
        if engine::update_counties(
            Arc::make_mut(acc),
            &self.project,
            Registry::builtin(),
            &options,
            codes,
        )
        .is_ok()
        {
            *rev = revision;
        }
    }

    fn push_undo(&mut self, entry: Undo) {
        if self.saved_depth.is_some_and(|d| d > self.undo.len()) {
            self.saved_depth = None;
        }
        self.undo.push(entry);
        // Whole-project snapshots of large projects are costly: keep fewer of them.
        let limit = if self.project.counties.len() > 500 {
            UNDO_LIMIT / 10
        } else {
            UNDO_LIMIT
        };
        while self.undo.len() > limit {
            self.undo.remove(0);
            self.saved_depth = self.saved_depth.and_then(|d| d.checked_sub(1));
        }
        self.redo.clear();
        self.touch();
    }

    fn touch(&mut self) {
        self.dirty = Some(self.undo.len()) != self.saved_depth;
        self.revision += 1;
        self.last_change = std::time::Instant::now();
    }

    /// Swaps the state recorded in `entry` with the current one; returns the inverse entry.
    fn apply(&mut self, entry: Undo) -> Undo {
        if !matches!(entry, Undo::Stored { .. } | Undo::Scenario { .. }) {
            // Other entries were made on the baseline.
            self.leave_scenario();
        }
        match entry {
            Undo::Stored { project, active } => self.swap_stored(*project, active),
            Undo::Scenario { name, scenario } => self.swap_scenario(name, *scenario),
            Undo::Project(p) => Undo::Project(Box::new(std::mem::replace(&mut self.project, *p))),
            Undo::Compensation(c) => Undo::Compensation(Box::new(std::mem::replace(
                &mut self.project.compensation,
                *c,
            ))),
            Undo::Counties { year, data } => {
                let mut inverse = Vec::with_capacity(data.len());
                if let Some(period) = self.project.period_mut(year) {
                    for (code, d) in data {
                        let now = match d {
                            Some(d) => period.counties.insert(code.clone(), d),
                            None => period.counties.remove(&code),
                        };
                        inverse.push((code, now));
                    }
                }
                Undo::Counties {
                    year,
                    data: inverse,
                }
            }
            Undo::Part(mut part) => {
                part.swap(&mut self.project);
                Undo::Part(part)
            }
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    pub fn undo(&mut self) {
        if let Some(e) = self.undo.pop() {
            // Shown accounts stay valid only when no scenario is left for the baseline first.
            let scenario_only = matches!(e, Undo::Compensation(_)) && self.scenario.is_none();
            let previous = self.revision;
            let inverse = self.apply(e);
            self.redo.push(inverse);
            self.touch();
            if scenario_only {
                self.carry_accounts(previous);
            }
        }
    }

    pub fn redo(&mut self) {
        if let Some(e) = self.redo.pop() {
            // Shown accounts stay valid only when no scenario is left for the baseline first.
            let scenario_only = matches!(e, Undo::Compensation(_)) && self.scenario.is_none();
            let previous = self.revision;
            let inverse = self.apply(e);
            self.undo.push(inverse);
            self.touch();
            if scenario_only {
                self.carry_accounts(previous);
            }
        }
    }

    /// Replaces the project (New / Open): clears undo history and caches.
    pub fn replace_project(&mut self, project: Project, path: Option<PathBuf>) {
        self.year = project.latest_year().unwrap_or(self.year);
        self.framework = project.meta.framework.clone();
        self.project = project;
        self.scenario = None;
        self.path = path;
        self.dirty = false;
        self.undo.clear();
        self.redo.clear();
        self.saved_depth = Some(0);
        self.revision += 1;
        self.trace = None;
        self.focus = None;
        self.selected_county = None;
        // A message about the project just replaced ("已保存 x.ron") no longer applies.
        self.notice = None;
    }

    /// Clears the status message once it has been shown long enough (information after
    /// `NOTICE_INFO`, errors after `NOTICE_ERROR`), so the bar never keeps saying "已保存 x.ron"
    /// long after. Returns how long until it should be checked again.
    pub fn expire_notice(&mut self) -> Option<std::time::Duration> {
        let now = std::time::Instant::now();
        let notice = self.notice.clone()?;
        let since = match &self.notice_since {
            Some((n, at)) if *n == notice => *at,
            _ => {
                self.notice_since = Some((notice.clone(), now));
                now
            }
        };
        let life = if notice.error {
            NOTICE_ERROR
        } else {
            NOTICE_INFO
        };
        let shown = now.duration_since(since);
        if shown >= life {
            self.notice = None;
            self.notice_since = None;
            None
        } else {
            Some(life - shown)
        }
    }

    /// Replaces the project with the built-in sample (after the unsaved-changes prompt).
    pub fn open_sample(&mut self) {
        match crate::sample::builtin() {
            Ok(p) => {
                self.replace_project(p, None);
                self.notice = Some(Notice {
                    text: crate::i18n::t(self.lang(), "fil_sample_opened").to_string(),
                    error: false,
                });
            }
            Err(e) => {
                self.notice = Some(Notice {
                    text: e.to_string(),
                    error: true,
                })
            }
        }
    }

    /// Opens a project file; on error the current project is kept and the error shown.
    pub fn open(&mut self, path: &Path) -> bool {
        match crate::io::load(path) {
            Ok(p) => {
                self.replace_project(p, Some(path.to_path_buf()));
                self.remember(path);
                self.notice = Some(Notice {
                    text: format!(
                        "{} {}",
                        crate::i18n::t(self.lang(), "opened"),
                        crate::io::full_path(path)
                    ),
                    error: false,
                });
                true
            }
            Err(e) => {
                self.notice = Some(Notice {
                    text: e.message(self.lang()),
                    error: true,
                });
                false
            }
        }
    }

    /// Saves to `path` atomically; the project stays dirty when saving fails.
    pub fn save_to(&mut self, path: &Path) -> bool {
        match crate::io::save(self.stored(), path) {
            Ok(()) => {
                self.path = Some(path.to_path_buf());
                self.dirty = false;
                self.saved_depth = Some(self.undo.len());
                self.remember(path);
                self.clear_recovery();
                self.notice = Some(Notice {
                    text: format!(
                        "{} {}",
                        crate::i18n::t(self.lang(), "saved"),
                        crate::io::full_path(path)
                    ),
                    error: false,
                });
                true
            }
            Err(e) => {
                self.notice = Some(Notice {
                    text: e.message(self.lang()),
                    error: true,
                });
                false
            }
        }
    }

    fn remember(&mut self, path: &Path) {
        let p = path.to_path_buf();
        self.settings.recent.retain(|r| r != &p);
        self.settings.recent.insert(0, p);
        self.settings.recent.truncate(RECENT_LIMIT);
    }

    /// Writes unsaved work to the recovery file now, with the file it belongs to (the app
    /// does this in the background, `recovery::Autosaver`).
    pub fn autosave(&mut self) {
        if !self.dirty {
            return;
        }
        if let Some(rp) = &self.recovery_path {
            super::recovery::write(rp, self.stored(), self.path.as_deref());
        }
    }

    pub fn clear_recovery(&mut self) {
        if let Some(rp) = &self.recovery_path {
            let _ = std::fs::remove_file(rp);
            let _ = std::fs::remove_file(super::recovery::link_path(rp));
        }
    }

    /// Time since the project last changed.
    pub fn since_last_change(&self) -> std::time::Duration {
        self.last_change.elapsed()
    }

    /// Opens the project named on the command line; when it cannot be opened, an empty
    /// project and the error for a dialog instead.
    pub fn open_at_launch(&mut self, path: &Path) {
        if self.open(path) {
            return;
        }
        let error = self.notice.take().map(|n| n.text).unwrap_or_default();
        let empty = Project::empty(crate::i18n::t(self.lang(), "hd_app_untitled"));
        self.replace_project(empty, None);
        self.launch_error = Some(error);
    }

    /// Title: file name, dirty marker.
    pub fn title(&self) -> String {
        let name = self.path.as_ref().and_then(|p| p.file_name()).map_or_else(
            || self.stored().meta.name.clone(),
            |n| n.to_string_lossy().to_string(),
        );
        format!(
            "{}{} — GEP 核算 gep-calc",
            if self.dirty { "● " } else { "" },
            name
        )
    }

    /// The accounts of the shown year and framework, recomputed when the project changed.
    pub fn accounts(&mut self) -> Result<Arc<Accounts>, ComputeError> {
        let stale = !matches!(&self.accounts, Some((rev, y, fw, _)) if *rev == self.revision && *y == self.year && *fw == self.framework);
        if stale {
            let traces = self.project.counties.len() <= TRACE_ALL_LIMIT;
            let r = engine::compute(
                &self.project,
                self.registry(),
                &Options {
                    year: self.year,
                    framework: Some(self.framework.clone()),
                    price_year: None,
                    traces,
                },
            );
            self.accounts = Some((
                self.revision,
                self.year,
                self.framework.clone(),
                r.map(Arc::new),
            ));
            self.accounts_exact = true;
        }
        match &self.accounts {
            Some((_, _, _, r)) => r.clone(),
            None => Err(ComputeError::NoPeriod(self.year)),
        }
    }

    /// Validation issues of the project, recomputed when it changed. Large projects are
    /// validated off the UI thread; until the result arrives the previous list is shown.
    pub fn issues(&mut self) -> &[Issue] {
        if let Some((rev, rx)) = &self.issues_job
            && let Ok(v) = rx.try_recv()
        {
            self.issues = Some((*rev, v));
            self.issues_job = None;
        }
        let stale = !matches!(&self.issues, Some((rev, _)) if *rev == self.revision);
        if stale {
            // The shown year's accounts, when current and exact, are not computed again.
            let shared: Option<Arc<Accounts>> = match &self.accounts {
                Some((rev, _, _, Ok(acc))) if *rev == self.revision && self.accounts_exact => {
                    Some(acc.clone())
                }
                _ => None,
            };
            if self.project.counties.len() <= BACKGROUND_VALIDATION_LIMIT {
                let shared: Vec<&Accounts> = shared.iter().map(|a| &**a).collect();
                let v = validate::validate_with(&self.project, self.registry(), &shared);
                self.issues = Some((self.revision, v));
            } else if !matches!(&self.issues_job, Some((rev, _)) if *rev == self.revision)
                && self.last_change.elapsed() > std::time::Duration::from_millis(400)
            {
                // Copying a large project takes tens of ms: wait until edits pause.
                let (tx, rx) = std::sync::mpsc::channel();
                let project = self.project.clone();
                std::thread::spawn(move || {
                    let shared: Vec<&Accounts> = shared.iter().map(|a| &**a).collect();
                    let v = validate::validate_with(&project, Registry::builtin(), &shared);
                    let _ = tx.send(v);
                });
                self.issues_job = Some((self.revision, rx));
            }
        }
        self.issues.as_ref().map_or(&[], |(_, v)| v.as_slice())
    }

    /// Marks the project as changed since it was last saved (e.g. restored from recovery).
    pub fn mark_unsaved(&mut self) {
        self.saved_depth = None;
        self.dirty = true;
    }

    /// Is a validation pending or running in the background?
    pub fn validating(&self) -> bool {
        self.issues_job.is_some()
            || !matches!(&self.issues, Some((rev, _)) if *rev == self.revision)
    }

    /// The trace of one county's indicator (computed for that county alone when the cached
    /// accounts were made without traces).
    pub fn indicator_with_trace(
        &mut self,
        code: &str,
        indicator: &str,
    ) -> Option<engine::IndicatorAccount> {
        let year = self.year;
        let fw = self.framework.clone();
        if let Ok(acc) = self.accounts()
            && let Some(c) = acc.counties.iter().find(|c| c.code == code)
            && let Some(a) = c.indicators.iter().find(|a| &*a.id == indicator)
            && a.trace.is_some()
        {
            return Some(a.clone());
        }
        let one = engine::compute_county(
            &self.project,
            self.registry(),
            &Options {
                year,
                framework: Some(fw),
                price_year: None,
                traces: true,
            },
            code,
        )
        .ok()?;
        one.indicators.into_iter().find(|a| &*a.id == indicator)
    }

    /// What the last undo step keeps: `project` (a whole copy), `stored` (the stored project
    /// of a scenario edit), `counties`, `part`, `scenario` or `compensation`; for tests and
    /// benchmarks of the cost of undo.
    pub fn undo_kind(&self) -> Option<&'static str> {
        self.undo.last().map(|u| match u {
            Undo::Project(_) => "project",
            Undo::Stored { .. } => "stored",
            Undo::Counties { .. } => "counties",
            Undo::Part(_) => "part",
            Undo::Scenario { .. } => "scenario",
            Undo::Compensation(_) => "compensation",
        })
    }

    /// Years of the project, ascending.
    pub fn years(&self) -> Vec<i32> {
        let mut y: Vec<i32> = self.project.periods.iter().map(|p| p.year).collect();
        y.sort_unstable();
        y
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_undo;
