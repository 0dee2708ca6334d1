//! The project file: RON with a `schema_version`.
//!
//! Owns reading — one parse of the whole file (the schema version is checked on the parsed
//! project; a file that fails to parse is probed for a newer schema only then; a large file is
//! scanned for duplicate keys on a second thread meanwhile), with errors in
//! the display language that name the file, line, column and cause: empty files, non-UTF-8
//! text (with the byte), truncation, duplicate map keys and schema versions out of range are
//! each named as such — and writing (`save`: under the project's lock, through
//! `atomic::write_with_backup`, so the previous version is kept whole as `<name>.bak`).
//! `ProjectLock` holds the lock over a whole load–change–save (an import), so two writers never
//! lose each other's work. Older schemas go through `migrate`.

use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::atomic::{self, FileLock, LOCK_WAIT};
use super::ron_text::{self, Cause, TextProblem};
use crate::i18n::{Lang, tf};
use crate::model::{Project, SCHEMA_VERSION};

pub use super::atomic::write_atomic;

#[derive(Debug)]
pub enum ProjectFileError {
    Read {
        path: String,
        cause: std::io::Error,
    },
    /// The parser's refusal at `line`, `col` (1-based).
    Parse {
        path: String,
        line: usize,
        col: usize,
        cause: Cause,
    },
    /// The text ends before the project does (a cut copy or a killed writer).
    Truncated {
        path: String,
        line: usize,
        col: usize,
        /// `<path>.bak` exists (the message points to it).
        backup: bool,
    },
    Empty {
        path: String,
    },
    /// Not UTF-8 from byte `offset`; `encoding` is what it looks like ("" when unknown).
    NotUtf8 {
        path: String,
        offset: usize,
        encoding: &'static str,
    },
    DuplicateKey {
        path: String,
        line: usize,
        col: usize,
        key: String,
    },
    NewerSchema {
        path: String,
        found: u32,
        supported: u32,
    },
    /// A schema version no gep-calc ever wrote (0).
    BadSchema {
        path: String,
        found: u32,
    },
    NotAProject {
        path: String,
    },
    Write {
        path: String,
        cause: std::io::Error,
    },
    /// Another process held the project's lock for longer than [`LOCK_WAIT`].
    Locked {
        path: String,
    },
    Serialize(String),
}

impl std::error::Error for ProjectFileError {}

impl std::fmt::Display for ProjectFileError {
    /// Both languages (logs and callers without a language); the UI uses [`Self::message`].
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (zh, en) = (self.message(Lang::Zh), self.message(Lang::En));
        write!(f, "{zh} / {en}")
    }
}

impl ProjectFileError {
    /// The error in `lang` alone: path, place and cause.
    pub fn message(&self, lang: Lang) -> String {
        use ProjectFileError as E;
        let full = |p: &str| super::full_path(Path::new(p));
        match self {
            E::Read { path, cause } => tf(
                lang,
                "fil_read_failed",
                &[
                    ("path", &full(path)),
                    ("cause", &super::os_error(lang, cause)),
                ],
            ),
            E::Write { path, cause } => tf(
                lang,
                "fil_write_failed",
                &[
                    ("path", &full(path)),
                    ("cause", &super::os_error(lang, cause)),
                ],
            ),
            E::Parse {
                path,
                line,
                col,
                cause,
            } => tf(
                lang,
                "hd_parse_at",
                &[
                    ("path", path),
                    ("line", &line.to_string()),
                    ("col", &col.to_string()),
                    ("cause", &cause.text(lang)),
                ],
            ),
            E::Truncated {
                path,
                line,
                col,
                backup,
            } => tf(
                lang,
                if *backup {
                    "hd_truncated"
                } else {
                    "hd_truncated_no_bak"
                },
                &[
                    ("path", path),
                    ("line", &line.to_string()),
                    ("col", &col.to_string()),
                ],
            ),
            E::Empty { path } => tf(lang, "hd_empty_file", &[("path", path)]),
            E::NotUtf8 {
                path,
                offset,
                encoding,
            } => {
                let key = match *encoding {
                    "" => "hd_not_utf8",
                    _ => "hd_not_utf8_as",
                };
                let args = [
                    ("path", path.as_str()),
                    ("offset", &offset.to_string()),
                    ("encoding", encoding),
                ];
                tf(lang, key, &args)
            }
            E::DuplicateKey {
                path,
                line,
                col,
                key,
            } => tf(
                lang,
                "hd_duplicate_key",
                &[
                    ("path", path),
                    ("line", &line.to_string()),
                    ("col", &col.to_string()),
                    ("key", key),
                ],
            ),
            E::NewerSchema {
                path,
                found,
                supported,
            } => tf(
                lang,
                "hd_newer_schema",
                &[
                    ("path", path),
                    ("found", &found.to_string()),
                    ("supported", &supported.to_string()),
                ],
            ),
            E::BadSchema { path, found } => tf(
                lang,
                "hd_bad_schema",
                &[
                    ("path", path),
                    ("found", &found.to_string()),
                    ("supported", &SCHEMA_VERSION.to_string()),
                ],
            ),
            E::NotAProject { path } => tf(lang, "hd_not_a_project", &[("path", path)]),
            E::Locked { path } => tf(
                lang,
                "hd_locked",
                &[
                    ("path", &full(path)),
                    ("secs", &LOCK_WAIT.as_secs().to_string()),
                ],
            ),
            E::Serialize(m) => tf(lang, "hd_serialize", &[("detail", m)]),
        }
    }
}

#[derive(Deserialize)]
struct Probe {
    schema_version: Option<u32>,
}

/// Reads a project file. Temp files a killed save left beside it are removed when no other
/// process is writing it.
pub fn load(path: &Path) -> Result<Project, ProjectFileError> {
    let name = path.display().to_string();
    let bytes = fs::read(path).map_err(|cause| ProjectFileError::Read {
        path: name.clone(),
        cause,
    })?;
    // Only when a killed save left some, so opening a project creates no lock file.
    if !atomic::temps(path).is_empty()
        && let Ok(Some(lock)) = FileLock::acquire(path, std::time::Duration::ZERO)
    {
        atomic::remove_stale_temps(lock.target());
    }
    load_bytes(&bytes, &name).map_err(|e| match e {
        ProjectFileError::Truncated {
            path: p, line, col, ..
        } => ProjectFileError::Truncated {
            backup: atomic::backup_of(path).exists(),
            path: p,
            line,
            col,
        },
        other => other,
    })
}

/// Parses project file bytes (UTF-8, with or without a byte-order mark).
pub fn load_bytes(bytes: &[u8], name: &str) -> Result<Project, ProjectFileError> {
    let path = name.to_string();
    let text = ron_text::decode(bytes).map_err(|p| match p {
        TextProblem::Empty => ProjectFileError::Empty { path: path.clone() },
        TextProblem::NotUtf8 { offset, encoding } => ProjectFileError::NotUtf8 {
            path: path.clone(),
            offset,
            encoding,
        },
    })?;
    load_str(text, name)
}

/// From this size a project file is scanned while it is parsed (below, a thread costs more
/// than it saves).
const PARALLEL_SCAN_BYTES: usize = 1 << 20;

/// Parses project RON; `name` is used in error messages.
pub fn load_str(text: &str, name: &str) -> Result<Project, ProjectFileError> {
    let path = || name.to_string();
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(ProjectFileError::Empty { path: path() });
    }
    // The scan (duplicate keys, the end of a cut file) does not need the parse: a large file
    // is scanned on a second thread while the first parses it.
    let (scan, parsed) = if text.len() < PARALLEL_SCAN_BYTES {
        (
            ron_text::scan(text),
            ron_options().from_str::<Project>(text),
        )
    } else {
        std::thread::scope(|s| {
            let scanning = s.spawn(|| ron_text::scan(text));
            let parsed = ron_options().from_str::<Project>(text);
            let scan = scanning.join().unwrap_or_else(|_| ron_text::scan(text));
            (scan, parsed)
        })
    };
    let project = match parsed {
        Ok(p) => p,
        Err(e) => return Err(parse_error(text, name, &scan, &e)),
    };
    if let Some(d) = scan.duplicate {
        return Err(ProjectFileError::DuplicateKey {
            path: path(),
            line: d.line,
            col: d.col,
            key: d.key,
        });
    }
    match project.schema_version {
        0 => Err(ProjectFileError::BadSchema {
            path: path(),
            found: 0,
        }),
        v if v > SCHEMA_VERSION => Err(ProjectFileError::NewerSchema {
            path: path(),
            found: v,
            supported: SCHEMA_VERSION,
        }),
        _ => Ok(migrate(project)),
    }
}

/// The error of a file that failed to parse: a newer schema (its fields may be what failed),
/// no schema at all, truncation, or the parser's cause at its place.
fn parse_error(
    text: &str,
    name: &str,
    scan: &ron_text::Scan,
    e: &ron::error::SpannedError,
) -> ProjectFileError {
    let path = name.to_string();
    // Only on the error path: is this another program's file, or a newer one of ours?
    match ron_options().from_str::<Probe>(text) {
        Ok(Probe {
            schema_version: Some(v),
        }) if v > SCHEMA_VERSION => {
            return ProjectFileError::NewerSchema {
                path,
                found: v,
                supported: SCHEMA_VERSION,
            };
        }
        Ok(Probe {
            schema_version: None,
        }) if !scan.open_at_end => return ProjectFileError::NotAProject { path },
        _ => {}
    }
    let (line, col) = (e.span.start.line, e.span.start.col);
    // Not even the opening parenthesis of a project (a CSV or another program's file).
    let head = text.trim_start();
    if !(head.starts_with('(') || head.starts_with("//") || head.starts_with("/*")) {
        return ProjectFileError::NotAProject { path };
    }
    // A cut file fails on its last line (a word cut short, a missing bracket) or at its end.
    let at_end = line >= scan.last.0;
    if matches!(e.code, ron::Error::Eof) || (scan.open_at_end && at_end) {
        return ProjectFileError::Truncated {
            path,
            line: scan.last.0,
            col: scan.last.1,
            backup: false,
        };
    }
    if scan.open_at_end && matches!(e.code, ron::Error::ExpectedStringEnd) {
        return ProjectFileError::Truncated {
            path,
            line,
            col,
            backup: false,
        };
    }
    ProjectFileError::Parse {
        path,
        line,
        col,
        cause: ron_text::cause(&e.code),
    }
}

/// Brings an older schema up to date. Version 1 is the first; later versions add steps here.
fn migrate(mut p: Project) -> Project {
    p.schema_version = SCHEMA_VERSION;
    p
}

fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
}

/// The project as pretty RON text.
pub fn to_ron_string(project: &Project) -> Result<String, ProjectFileError> {
    let cfg = ron::ser::PrettyConfig::new()
        .struct_names(false)
        .indentor("  ".to_string())
        .depth_limit(12);
    ron_options()
        .to_string_pretty(project, cfg)
        .map_err(|e| ProjectFileError::Serialize(e.to_string()))
}

/// Saves a project atomically, keeping the previous version as `<name>.bak`. A second process
/// saving the same project waits for the first (up to [`LOCK_WAIT`]), and temp files that a
/// killed save left behind are removed first.
pub fn save(project: &Project, path: &Path) -> Result<(), ProjectFileError> {
    ProjectLock::acquire(path)?.save(project)
}

/// The exclusive right to write one project file, from its load to its save: a second writer
/// waits until this is dropped.
#[derive(Debug)]
pub struct ProjectLock {
    lock: FileLock,
    path: PathBuf,
}

impl ProjectLock {
    /// Waits up to [`LOCK_WAIT`] for the project's lock; removes stale temp files once held.
    pub fn acquire(path: &Path) -> Result<ProjectLock, ProjectFileError> {
        let name = || path.display().to_string();
        let lock = FileLock::acquire(path, LOCK_WAIT)
            .map_err(|cause| ProjectFileError::Write {
                path: name(),
                cause,
            })?
            .ok_or_else(|| ProjectFileError::Locked { path: name() })?;
        atomic::remove_stale_temps(lock.target());
        Ok(ProjectLock {
            lock,
            path: path.to_path_buf(),
        })
    }

    /// The project as it is on disk now (under the lock, so nobody changes it meanwhile).
    pub fn load(&self) -> Result<Project, ProjectFileError> {
        let name = self.path.display().to_string();
        let bytes = fs::read(&self.path).map_err(|cause| ProjectFileError::Read {
            path: name.clone(),
            cause,
        })?;
        load_bytes(&bytes, &name)
    }

    /// Writes the project (atomically, with a whole `.bak` of the previous version).
    pub fn save(&self, project: &Project) -> Result<(), ProjectFileError> {
        let text = to_ron_string(project)?;
        atomic::write_with_backup(self.lock.target(), text.as_bytes()).map_err(|cause| {
            ProjectFileError::Write {
                path: self.path.display().to_string(),
                cause,
            }
        })
    }
}

#[cfg(test)]
mod tests;
