//! The project file: RON with a `schema_version`.
//!
//! Owns reading (with an error that names the file, line, column and what was expected; files
//! from a newer schema are refused with a clear message; older ones go through `migrate`) and
//! writing (temp file in the same folder + flush + fsync + rename over the target, the previous
//! version kept as `<name>.bak`). A failed save leaves the previous file untouched.

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

/// Saves atomically: write `<name>.tmp`, flush and sync, keep the old file as `<name>.bak`,
/// rename the temp file over the target.
pub fn save(project: &Project, path: &Path) -> Result<(), ProjectFileError> {
    let text = to_ron_string(project)?;
    write_atomic(path, text.as_bytes()).map_err(|cause| ProjectFileError::Write {
        path: path.display().to_string(),
        cause,
    })
}

/// Atomic write used by every file the app saves.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = sibling(path, "tmp");
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.flush()?;
        f.sync_all()?;
        drop(f);
        if path.exists() {
            fs::copy(path, sibling(path, "bak"))?;
        }
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
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
        assert!(!dir.path().join("p.ron.tmp").exists());
        Ok(())
    }

    #[test]
    fn failed_save_keeps_previous_file() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("p.ron");
        save(&Project::empty("原始"), &path)?;
        // A directory where the temp file should go makes the write fail.
        fs::create_dir(dir.path().join("p.ron.tmp"))?;
        assert!(save(&Project::empty("新"), &path).is_err());
        assert_eq!(load(&path)?.meta.name, "原始");
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
