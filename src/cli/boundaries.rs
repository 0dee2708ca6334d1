//! `gep-calc boundaries`: import the user's county boundaries into a project (GeoJSON or
//! Shapefile), remove them (back to the bundled schematic outlines), or say which the project
//! uses. The import report comes first; the project is saved (atomically) only when the file
//! imports cleanly or the user passed `--accept`, and never with `--dry-run`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;

use super::say;
use crate::boundaries::{Origin, outlines_for};
use crate::i18n::{Lang, t, tf};
use crate::io;
use crate::io::boundaries::{self as bio, MatchBy};

/// What `boundaries` was asked to do.
pub struct BoundaryArgs {
    pub project: PathBuf,
    pub import: Option<PathBuf>,
    pub code_field: Option<String>,
    pub name_field: Option<String>,
    pub source: Option<String>,
    pub accept: bool,
    pub dry_run: bool,
    pub remove: bool,
}

pub fn run(args: BoundaryArgs, lang: Lang) -> Result<ExitCode> {
    let mut project = io::load(&args.project)?;
    if args.remove {
        if project.boundaries.take().is_none() {
            say!("{}", t(lang, "bd_cli_none_to_remove"));
            return Ok(ExitCode::SUCCESS);
        }
        if !args.dry_run {
            io::save(&project, &args.project)?;
        }
        say!("{}", t(lang, "bd_cli_removed"));
        return Ok(ExitCode::SUCCESS);
    }
    let Some(file) = args.import.as_deref() else {
        status(&project, lang)?;
        return Ok(ExitCode::SUCCESS);
    };
    let by = match (args.code_field.clone(), args.name_field.clone()) {
        (Some(f), _) => MatchBy::Code(f),
        (None, Some(f)) => MatchBy::Name(f),
        (None, None) => MatchBy::Auto,
    };
    import(&mut project, &args.project, file, &by, &args, lang)
}

fn import(
    project: &mut crate::model::Project,
    path: &Path,
    file: &Path,
    by: &MatchBy,
    args: &BoundaryArgs,
    lang: Lang,
) -> Result<ExitCode> {
    let refused = |message: String| {
        eprintln!("{}: {message}", t(lang, "cli_error"));
        eprintln!("{}", t(lang, "bd_cli_unchanged"));
        Ok(ExitCode::from(2))
    };
    let read = match bio::read(file) {
        Ok(r) => r,
        Err(e) => return refused(e.message(lang)),
    };
    let preview = match bio::preview(&read, project, by) {
        Ok(p) => p,
        Err(e) => return refused(e.message(lang)),
    };
    for line in preview.lines(lang) {
        say!("{line}");
    }
    if preview.needs_accept() && !args.accept && !args.dry_run {
        say!("{}", t(lang, "bd_cli_rerun_accept"));
        say!("{}", t(lang, "bd_cli_unchanged"));
        return Ok(ExitCode::from(2));
    }
    if args.dry_run {
        say!("{}", t(lang, "bd_cli_dry_run"));
        return Ok(ExitCode::SUCCESS);
    }
    let source = args.source.clone().unwrap_or_default();
    bio::apply(project, &preview, &source);
    io::save(project, path)?;
    let n = preview.matched.len().to_string();
    let p = path.display().to_string();
    say!("{}", tf(lang, "bd_cli_saved", &[("n", &n), ("path", &p)]));
    if source.trim().is_empty() {
        eprintln!(
            "{}: {}",
            t(lang, "cli_warning"),
            t(lang, "bd_cli_no_source")
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Which outlines the project's maps use (a closed stdout is an error, ended quietly by the
/// caller).
fn status(project: &crate::model::Project, lang: Lang) -> Result<()> {
    let o = outlines_for(project);
    let n = o.shapes.len().to_string();
    let total = project.counties.len().to_string();
    match (&o.origin, &project.boundaries) {
        (Origin::User { source }, Some(b)) => say!(
            "{}",
            tf(
                lang,
                "bd_cli_status_user",
                &[
                    ("file", &b.file_name),
                    ("n", &n),
                    ("total", &total),
                    ("source", source),
                ],
            )
        ),
        _ => say!(
            "{}",
            tf(
                lang,
                "bd_cli_status_bundled",
                &[("n", &n), ("total", &total)]
            )
        ),
    }
    if !o.missing.is_empty() {
        say!(
            "{}",
            tf(lang, "bd_cli_missing", &[("list", &o.missing.join(", "))])
        );
    }
    Ok(())
}
