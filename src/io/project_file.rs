//! The project file: RON with a `schema_version`.
//!
//! Owns reading (with an error that names the file, line, column and what was expected; files
//! from a newer schema are refused with a clear message; older ones go through `migrate`) and
//! writing (`write_atomic`: under a lock, a temp file in the same folder + flush + fsync +
//! rename over the target, the previous version kept as `<name>.bak` by an atomic step). A
//! failed or killed save leaves the previous file untouched.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::model::{Project, SCHEMA_VERSION};

#[derive(Debug, thiserror::Error)]
pub enum ProjectFileError {
    #[error("无法读取 {path}：{cause} / cannot read {path}: {cause}")]
    Read { path: String, cause: std::io::Error },
    #[error(
        "{path} 第 {line} 行第 {col} 列：{message}\n{path} line {line}, column {col}: {message}"
    )]
    Parse {
        path: String,
        line: usize,
        col: usize,
        message: String,
    },
    #[error(
        "{path} 由更新版本的 gep-calc 保存（文件格式版本 {found}，本程序支持 ≤ {supported}），请升级程序 / {path} was saved by a newer gep-calc (schema {found}; this version reads up to {supported}); please upgrade"
    )]
    NewerSchema {
        path: String,
        found: u32,
        supported: u32,
    },
    #[error(
        "{path} 不是 gep-calc 项目文件（缺少 schema_version） / {path} is not a gep-calc project file (no schema_version)"
    )]
    NotAProject { path: String },
    #[error(
        "无法保存 {path}：{cause}；原文件未改动 / cannot save {path}: {cause}; the previous file is unchanged"
    )]
    Write { path: String, cause: std::io::Error },
    #[error("无法序列化项目：{0} / cannot serialise the project: {0}")]
    Serialize(String),
}

#[derive(Deserialize)]
struct Probe {
    schema_version: Option<u32>,
}

/// Reads a project file.
pub fn load(path: &Path) -> Result<Project, ProjectFileError> {
    let text = fs::read_to_string(path).map_err(|cause| ProjectFileError::Read {
        path: path.display().to_string(),
        cause,
    })?;
    load_str(&text, &path.display().to_string())
}

/// Parses project RON; `name` is used in error messages.
pub fn load_str(text: &str, name: &str) -> Result<Project, ProjectFileError> {
    let opts = ron_options();
    let parse_err = |e: ron::error::SpannedError| ProjectFileError::Parse {
        path: name.to_string(),
        line: e.span.start.line,
        col: e.span.start.col,
        message: explain(&e.code),
    };
    match opts.from_str::<Probe>(text) {
        Ok(Probe {
            schema_version: Some(v),
        }) if v > SCHEMA_VERSION => {
            return Err(ProjectFileError::NewerSchema {
                path: name.to_string(),
                found: v,
                supported: SCHEMA_VERSION,
            });
        }
        Ok(Probe {
            schema_version: None,
        }) => {
            return Err(ProjectFileError::NotAProject {
                path: name.to_string(),
            });
        }
        // Syntax errors are reported by the full parse below, with its position.
        _ => {}
    }
    let project: Project = opts.from_str(text).map_err(parse_err)?;
    Ok(migrate(project))
}

/// Brings an older schema up to date. Version 1 is the first; later versions add steps here.
fn migrate(mut p: Project) -> Project {
    p.schema_version = SCHEMA_VERSION;
    p
}

fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
}

fn explain(code: &ron::Error) -> String {
    use ron::Error as E;
    match code {
        E::Eof => "文件意外结束（文件被截断？） / unexpected end of file (truncated?)".into(),
        E::NoSuchStructField {
            expected, found, ..
        } => format!(
            "未知字段 `{found}`，应为 {} 之一 / unknown field `{found}`, expected one of {}",
            expected.join(", "),
            expected.join(", ")
        ),
        E::MissingStructField { field, outer } => format!(
            "缺少字段 `{field}`（在 {} 中） / missing field `{field}` in {}",
            outer.as_deref().unwrap_or("?"),
            outer.as_deref().unwrap_or("?")
        ),
        other => format!("{other}"),
    }
}

/// The project as pretty RON text.
pub fn to_ron_string(project: &Project) -> Result<String, ProjectFileError> {
    let cfg = ron::ser::PrettyConfig::new()
        .struct_names(false)
        .indentor("  ".to_string())
        .depth_limit(12);
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .to_string_pretty(project, cfg)
        .map_err(|e| ProjectFileError::Serialize(e.to_string()))
}

/// Saves a project atomically (see `write_atomic`). A second process saving the same project
/// waits for the first (an exclusive lock on the hidden sibling `.<name>.lock`), and temp files
/// that a killed save left behind are removed first.
pub fn save(project: &Project, path: &Path) -> Result<(), ProjectFileError> {
    let text = to_ron_string(project)?;
    let write = || -> std::io::Result<()> {
        let target = resolve_link(path);
        let _lock = lock(&target)?;
        remove_stale_temps(&target);
        write_atomic(&target, text.as_bytes())
    };
    write().map_err(|cause| ProjectFileError::Write {
        path: path.display().to_string(),
        cause,
    })
}

/// Atomic write used by every file the program saves: writes `.<name>.<pid>.tmp` in the same
/// folder, flushes and syncs it, gives it the permissions of the file it replaces, makes the
/// previous version `<name>.bak` by an atomic step (hard link to a temp name, then rename),
/// renames the temp file over the target and syncs the folder. A symlink is kept: the file it
/// points to is replaced. At every moment the target is either the old or the new content,
/// and the `.bak` is whole.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let path = resolve_link(path);
    let path = path.as_path();
    let tmp = hidden_sibling(path, &format!("{}.tmp", unique()));
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.flush()?;
        f.sync_all()?;
        drop(f);
        if let Ok(meta) = fs::metadata(path) {
            fs::set_permissions(&tmp, meta.permissions())?;
            keep_backup(path)?;
        }
        fs::rename(&tmp, path)?;
        sync_dir(path);
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// "<pid>-<n>": no two writes of this process or another share a temp name.
fn unique() -> String {
    static N: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    format!("{}-{n}", std::process::id())
}

/// The file a symlink points to (the link itself stays); the path itself otherwise.
fn resolve_link(path: &Path) -> PathBuf {
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => fs::canonicalize(path).unwrap_or(path.into()),
        _ => path.to_path_buf(),
    }
}

/// Holds the exclusive lock of `path` until dropped (released when the file closes).
fn lock(path: &Path) -> std::io::Result<fs::File> {
    let f = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(hidden_sibling(path, "lock"))?;
    f.lock()?;
    Ok(f)
}

/// `path` → `path.bak` atomically: a reader never sees a half-copied backup.
fn keep_backup(path: &Path) -> std::io::Result<()> {
    let staged = hidden_sibling(path, &format!("{}.bak.tmp", unique()));
    let _ = fs::remove_file(&staged);
    if fs::hard_link(path, &staged).is_err() {
        // File systems without hard links: copy, sync, then rename.
        fs::copy(path, &staged)?;
        fs::File::open(&staged)?.sync_all()?;
    }
    fs::rename(&staged, sibling(path, "bak"))
}

/// Removes `.<name>.*.tmp` left by a save that was killed. Called under the project's lock,
/// so no other save of it is writing one.
fn remove_stale_temps(path: &Path) {
    let (Some(dir), Some(name)) = (folder(path), path.file_name()) else {
        return;
    };
    let prefix = format!(".{}.", name.to_string_lossy());
    for e in fs::read_dir(dir).into_iter().flatten().flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        if n.starts_with(&prefix) && n.ends_with(".tmp") {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// Syncs the folder so the rename itself survives a power cut (no-op where unsupported).
fn sync_dir(path: &Path) {
    #[cfg(unix)]
    if let Some(dir) = folder(path) {
        let _ = fs::File::open(dir).and_then(|d| d.sync_all());
    }
    #[cfg(not(unix))]
    let _ = path;
}

fn folder(path: &Path) -> Option<&Path> {
    match path.parent() {
        Some(p) if p.as_os_str().is_empty() => Some(Path::new(".")),
        other => other,
    }
}

fn sibling(path: &Path, ext: &str) -> PathBuf {
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".");
    name.push(ext);
    path.with_file_name(name)
}

/// `.<name>.<ext>` beside `path`: hidden, so a folder listing shows only the user's files.
fn hidden_sibling(path: &Path, ext: &str) -> PathBuf {
    let mut name = std::ffi::OsString::from(".");
    name.push(path.file_name().unwrap_or_default());
    name.push(".");
    name.push(ext);
    path.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_backup() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("p.ron");
        let mut p = Project::empty("测试");
        save(&p, &path)?;
        assert_eq!(load(&path)?, p);
        p.meta.name = "第二版".into();
        save(&p, &path)?;
        assert_eq!(load(&path)?.meta.name, "第二版");
        assert_eq!(load(&dir.path().join("p.ron.bak"))?.meta.name, "测试");
        let left: Vec<String> = fs::read_dir(dir.path())?
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(left.is_empty(), "{left:?}");
        Ok(())
    }

    #[test]
    fn stale_temp_files_are_removed_by_the_next_save() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("p.ron");
        // What a save killed halfway leaves behind.
        fs::write(
            dir.path().join(".p.ron.4242.tmp"),
            "(schema_version: 1, meta: (na",
        )?;
        fs::write(dir.path().join(".p.ron.4242.bak.tmp"), "half")?;
        save(&Project::empty("新"), &path)?;
        assert!(!dir.path().join(".p.ron.4242.tmp").exists());
        assert!(!dir.path().join(".p.ron.4242.bak.tmp").exists());
        assert_eq!(load(&path)?.meta.name, "新");
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn save_keeps_permissions_and_symlinks() -> Result<(), Box<dyn std::error::Error>> {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir()?;
        let real = dir.path().join("real.ron");
        save(&Project::empty("一"), &real)?;
        fs::set_permissions(&real, fs::Permissions::from_mode(0o600))?;
        let link = dir.path().join("link.ron");
        std::os::unix::fs::symlink(&real, &link)?;
        save(&Project::empty("二"), &link)?;
        assert!(fs::symlink_metadata(&link)?.file_type().is_symlink());
        assert_eq!(load(&real)?.meta.name, "二");
        assert_eq!(fs::metadata(&real)?.permissions().mode() & 0o777, 0o600);
        assert_eq!(load(&dir.path().join("real.ron.bak"))?.meta.name, "一");
        Ok(())
    }

    #[test]
    fn concurrent_saves_each_leave_a_whole_file() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("p.ron");
        save(&Project::empty("起点"), &path)?;
        let names: Vec<String> = (0..8).map(|i| format!("项目{i}")).collect();
        std::thread::scope(|s| {
            for n in &names {
                let path = &path;
                s.spawn(move || save(&Project::empty(n), path));
            }
        });
        let last = load(&path)?.meta.name;
        assert!(names.contains(&last), "{last}");
        let bak = load(&dir.path().join("p.ron.bak"))?.meta.name;
        assert!(bak == "起点" || names.contains(&bak), "{bak}");
        Ok(())
    }

    #[test]
    fn failed_save_keeps_previous_file() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("p.ron");
        save(&Project::empty("原始"), &path)?;
        // A file that cannot be replaced makes the write fail: a directory in its place.
        fs::remove_file(&path)?;
        fs::create_dir(&path)?;
        fs::write(path.join("keep"), "x")?;
        assert!(save(&Project::empty("新"), &path).is_err());
        assert_eq!(fs::read_to_string(path.join("keep"))?, "x");
        let left = fs::read_dir(dir.path())?
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .count();
        assert_eq!(left, 0);
        Ok(())
    }

    #[test]
    fn newer_schema_is_refused() {
        let text = "(schema_version: 99, meta: (name: \"x\"))";
        match load_str(text, "new.ron") {
            Err(ProjectFileError::NewerSchema { found: 99, .. }) => {}
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn errors_name_line_and_column() {
        let mut text = to_ron_string(&Project::empty("x")).unwrap_or_default();
        text = text.replace("name: \"x\"", "name: \"x\", colour: 3");
        match load_str(&text, "bad.ron") {
            Err(ProjectFileError::Parse { line, message, .. }) => {
                assert!(line > 1);
                assert!(message.contains("colour"), "{message}");
            }
            other => panic!("{other:?}"),
        }
        let truncated = &text[..text.len() / 2];
        match load_str(truncated, "cut.ron") {
            Err(ProjectFileError::Parse { message, .. }) => {
                assert!(message.contains("truncated") || !message.is_empty())
            }
            other => panic!("{other:?}"),
        }
    }
}
