//! Exports from the app: which files it writes (`ExportKind`), writing them on this thread or,
//! for large projects, on a background thread, and the status-bar message of the outcome.
//! The bytes themselves come from `io::export::write` (the same as the CLI's) and the import
//! template from `io::import::template`; this module only computes the shown accounts and
//! hands them over. No egui here.

use std::path::Path;

use super::{AppState, Notice};
use crate::engine::{self, Options};
use crate::i18n::Lang;
use crate::model::Project;
use crate::registry::Registry;

/// Larger projects are exported on a background thread.
const BACKGROUND_EXPORT_LIMIT: usize = 300;

/// Files the app exports from the current accounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    Csv,
    Json,
    Xlsx,
    /// The GEP accounting report, one self-contained HTML file.
    Html,
    /// The GEP accounting report as an A4 PDF (cargo feature `pdf`).
    Pdf,
    /// The GEP accounting report as an editable Word document.
    Docx,
    /// The empty import template (not the accounts).
    Template,
}

impl ExportKind {
    pub fn extension(self) -> &'static str {
        match self {
            ExportKind::Csv => "csv",
            ExportKind::Json => "json",
            ExportKind::Xlsx | ExportKind::Template => "xlsx",
            ExportKind::Html => "html",
            ExportKind::Pdf => "pdf",
            ExportKind::Docx => "docx",
        }
    }
}

impl AppState {
    /// Writes the accounts of the shown year and framework (computed with traces) to `path`,
    /// on this thread; reports in the status bar. True on success.
    pub fn export_to(&mut self, kind: ExportKind, path: &Path) -> bool {
        let result = export_file(
            &self.shown_for_export(),
            self.year,
            &self.framework,
            self.lang(),
            kind,
            path,
        );
        self.finish_export(path, result)
    }

    /// Starts an export: small projects are written at once; large ones on a background thread
    /// (a 2,850-county PDF takes tens of seconds) so the window stays responsive, with the
    /// result reported by `poll_export`. True when written or started.
    pub fn start_export(&mut self, kind: ExportKind, path: &Path) -> bool {
        if self.project.counties.len() <= BACKGROUND_EXPORT_LIMIT || self.export_job.is_some() {
            if self.export_job.is_some() {
                self.notice = Some(Notice {
                    text: crate::i18n::t(self.lang(), "export_busy").to_string(),
                    error: true,
                });
                return false;
            }
            return self.export_to(kind, path);
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let project = self.shown_for_export().into_owned();
        let (year, framework, lang) = (self.year, self.framework.clone(), self.lang());
        let target = path.to_path_buf();
        std::thread::spawn(move || {
            let _ = tx.send(export_file(&project, year, &framework, lang, kind, &target));
        });
        self.export_job = Some((path.to_path_buf(), rx));
        self.notice = Some(Notice {
            text: crate::i18n::tf(
                self.lang(),
                "exporting",
                &[("path", &path.display().to_string())],
            ),
            error: false,
        });
        true
    }

    /// Is an export running in the background?
    pub fn exporting(&self) -> bool {
        self.export_job.is_some()
    }

    /// Reports a finished background export; `Some(ok)` when one finished this call.
    pub fn poll_export(&mut self) -> Option<bool> {
        let (path, rx) = self.export_job.as_ref()?;
        let result = match rx.try_recv() {
            Ok(r) => r,
            Err(std::sync::mpsc::TryRecvError::Empty) => return None,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                Err(crate::i18n::t(self.lang(), "export_crashed").to_string())
            }
        };
        let path = path.clone();
        self.export_job = None;
        Some(self.finish_export(&path, result))
    }

    fn finish_export(&mut self, path: &Path, result: Result<(), String>) -> bool {
        let lang = self.lang();
        let ok = result.is_ok();
        self.notice = Some(match result {
            Ok(()) => Notice {
                text: format!(
                    "{} {}",
                    crate::i18n::t(lang, "exported"),
                    crate::io::full_path(path)
                ),
                error: false,
            },
            Err(e) => Notice {
                text: crate::i18n::tf(
                    lang,
                    "export_failed",
                    &[("error", &format!("{}: {e}", crate::io::full_path(path)))],
                ),
                error: true,
            },
        });
        ok
    }

    /// Writes the empty import template to `path`.
    pub fn write_template(&mut self, path: &Path) -> bool {
        self.export_to(ExportKind::Template, path)
    }
}

/// Computes the accounts of `year` and `framework` (with traces) and writes them to `path` as
/// `kind`, atomically. Runs on the UI thread or a background thread.
fn export_file(
    project: &Project,
    year: i32,
    framework: &str,
    lang: Lang,
    kind: ExportKind,
    path: &Path,
) -> Result<(), String> {
    let reg = Registry::builtin();
    let options = Options {
        year,
        framework: Some(framework.to_string()),
        price_year: None,
        traces: true,
    };
    use crate::io::export::{self, OutputKind};
    let output = match kind {
        ExportKind::Template => {
            let bytes =
                crate::io::import::template::template_bytes(reg).map_err(|e| e.to_string())?;
            return crate::io::project_file::write_atomic(path, &bytes)
                .map_err(|e| crate::io::os_error(lang, &e));
        }
        ExportKind::Csv => OutputKind::Csv,
        ExportKind::Json => OutputKind::Json,
        ExportKind::Xlsx => OutputKind::Xlsx,
        ExportKind::Html => OutputKind::Html,
        ExportKind::Pdf => OutputKind::Pdf,
        ExportKind::Docx => OutputKind::Docx,
    };
    let acc = engine::compute(project, reg, &options).map_err(|e| e.to_string())?;
    export::write(output, project, &acc, reg, lang, path).map_err(|e| match e {
        export::ExportError::Write(io) => crate::io::os_error(lang, &io),
        other => other.to_string(),
    })
}
