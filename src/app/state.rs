//! Application state: the open project, its file, undo/redo, the cached accounts and
//! validation, and the user's settings.
//!
//! Every edit goes through `AppState::edit`, which snapshots the project for undo, marks it
//! dirty and bumps the revision; accounts and issues are recomputed lazily when the revision
//! changed, so results are never stale and the engine stays the only place numbers are made.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::format::AreaUnit;
use super::pages::Page;
use crate::engine::{self, Accounts, ComputeError, Options};
use crate::i18n::Lang;
use crate::model::Project;
use crate::registry::Registry;
use crate::units::MoneyUnit;
use crate::validate::{self, Issue};

/// Projects with more counties than this are recomputed without traces (traces are then
/// built for the clicked cell only).
const TRACE_ALL_LIMIT: usize = 300;
/// Projects with more counties than this are validated on a background thread.
const BACKGROUND_VALIDATION_LIMIT: usize = 300;
const UNDO_LIMIT: usize = 200;
const RECENT_LIMIT: usize = 10;

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

/// Accounts cached for (revision, year, framework).
type CachedAccounts = (u64, i32, String, Result<Arc<Accounts>, ComputeError>);

/// A message shown in the status bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub text: String,
    pub error: bool,
}

/// What the user asked for while there were unsaved changes.
#[derive(Debug, Clone, PartialEq)]
pub enum Pending {
    New,
    Open(Option<PathBuf>),
    Close,
}

/// A file chooser typed in the app (when no native dialog is available).
#[derive(Debug, Clone, PartialEq)]
pub struct PathPrompt {
    pub purpose: PathPurpose,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathPurpose {
    Open,
    SaveAs,
}

pub struct AppState {
    pub project: Project,
    pub path: Option<PathBuf>,
    pub dirty: bool,
    pub revision: u64,
    undo: Vec<Project>,
    redo: Vec<Project>,
    pub settings: Settings,
    pub page: Page,
    /// Accounting year shown.
    pub year: i32,
    /// Framework shown (defaults to the project's).
    pub framework: String,
    /// Shared so pages can hold the accounts for a frame without copying them.
    accounts: Option<CachedAccounts>,
    issues: Option<(u64, Vec<Issue>)>,
    /// A validation running on a background thread: (revision, result channel).
    issues_job: Option<(u64, std::sync::mpsc::Receiver<Vec<Issue>>)>,
    /// (county code, indicator id) whose trace is shown.
    pub trace: Option<(String, String)>,
    pub notice: Option<Notice>,
    pub pending: Option<Pending>,
    pub prompt: Option<PathPrompt>,
    /// A recovery file found at start-up, offered back to the user.
    pub recovery: Option<PathBuf>,
    /// Where unsaved work is autosaved (None in tests).
    pub recovery_path: Option<PathBuf>,
    /// A cell to scroll to and highlight (from the validation list): (page, county, field).
    pub focus: Option<(Page, String, String)>,
    /// Set when the app should close (after the unsaved-changes prompt).
    pub close_requested: bool,
    /// Native file dialogs are tried first (off in tests; an in-app path field is used then).
    pub native_dialogs: bool,
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
            settings,
            page: Page::Overview,
            year,
            framework,
            accounts: None,
            issues: None,
            issues_job: None,
            trace: None,
            notice: None,
            pending: None,
            prompt: None,
            recovery: None,
            recovery_path: None,
            focus: None,
            close_requested: false,
            native_dialogs: false,
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

    pub fn registry(&self) -> &'static Registry {
        Registry::builtin()
    }

    /// Applies an edit as one undoable step.
    pub fn edit(&mut self, f: impl FnOnce(&mut Project)) {
        let before = self.project.clone();
        f(&mut self.project);
        if self.project != before {
            self.undo.push(before);
            if self.undo.len() > UNDO_LIMIT {
                self.undo.remove(0);
            }
            self.redo.clear();
            self.touch();
        }
    }

    fn touch(&mut self) {
        self.dirty = true;
        self.revision += 1;
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    pub fn undo(&mut self) {
        if let Some(p) = self.undo.pop() {
            let now = std::mem::replace(&mut self.project, p);
            self.redo.push(now);
            self.touch();
        }
    }

    pub fn redo(&mut self) {
        if let Some(p) = self.redo.pop() {
            let now = std::mem::replace(&mut self.project, p);
            self.undo.push(now);
            self.touch();
        }
    }

    /// Replaces the project (New / Open): clears undo history and caches.
    pub fn replace_project(&mut self, project: Project, path: Option<PathBuf>) {
        self.year = project.latest_year().unwrap_or(self.year);
        self.framework = project.meta.framework.clone();
        self.project = project;
        self.path = path;
        self.dirty = false;
        self.undo.clear();
        self.redo.clear();
        self.revision += 1;
        self.trace = None;
        self.focus = None;
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
                        super::i18n::t(self.lang(), "opened"),
                        path.display()
                    ),
                    error: false,
                });
                true
            }
            Err(e) => {
                self.notice = Some(Notice {
                    text: e.to_string(),
                    error: true,
                });
                false
            }
        }
    }

    /// Saves to `path` atomically; the project stays dirty when saving fails.
    pub fn save_to(&mut self, path: &Path) -> bool {
        match crate::io::save(&self.project, path) {
            Ok(()) => {
                self.path = Some(path.to_path_buf());
                self.dirty = false;
                self.remember(path);
                self.clear_recovery();
                self.notice = Some(Notice {
                    text: format!(
                        "{} {}",
                        super::i18n::t(self.lang(), "saved"),
                        path.display()
                    ),
                    error: false,
                });
                true
            }
            Err(e) => {
                self.notice = Some(Notice {
                    text: e.to_string(),
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

    /// Writes unsaved work to the recovery file (called periodically).
    pub fn autosave(&mut self) {
        if !self.dirty {
            return;
        }
        if let Some(rp) = &self.recovery_path
            && let Ok(text) = crate::io::to_ron_string(&self.project)
        {
            if let Some(dir) = rp.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            if let Err(e) = crate::io::project_file::write_atomic(rp, text.as_bytes()) {
                log::warn!("autosave failed: {e}");
            }
        }
    }

    pub fn clear_recovery(&mut self) {
        if let Some(rp) = &self.recovery_path {
            let _ = std::fs::remove_file(rp);
        }
    }

    /// Title: file name, dirty marker.
    pub fn title(&self) -> String {
        let name = self.path.as_ref().and_then(|p| p.file_name()).map_or_else(
            || self.project.meta.name.clone(),
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
            if self.project.counties.len() <= BACKGROUND_VALIDATION_LIMIT {
                let v = validate::validate(&self.project, self.registry());
                self.issues = Some((self.revision, v));
            } else if !matches!(&self.issues_job, Some((rev, _)) if *rev == self.revision) {
                let (tx, rx) = std::sync::mpsc::channel();
                let project = self.project.clone();
                std::thread::spawn(move || {
                    let _ = tx.send(validate::validate(&project, Registry::builtin()));
                });
                self.issues_job = Some((self.revision, rx));
            }
        }
        self.issues.as_ref().map_or(&[], |(_, v)| v.as_slice())
    }

    /// Is a background validation still running?
    pub fn validating(&self) -> bool {
        self.issues_job.is_some()
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

    /// Years of the project, ascending.
    pub fn years(&self) -> Vec<i32> {
        let mut y: Vec<i32> = self.project.periods.iter().map(|p| p.year).collect();
        y.sort_unstable();
        y
    }
}
