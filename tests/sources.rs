//! Sources that exist: no user-facing text cites the team's internal method notes, every
//! indicator clause and parameter source is filled in, and the project's own method write-up
//! (`docs/methods.md`) covers every registry indicator and parameter. The needle is assembled at
//! run time so this file never matches itself.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use gep_calc::registry::Registry;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The name of the internal notes file that the product must never cite.
fn needle() -> String {
    ["MET", "HODS"].concat()
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries =
        fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out);
        } else {
            out.push(path);
        }
    }
}

#[test]
fn no_file_under_src_or_assets_cites_the_internal_notes() {
    let needle = needle();
    let mut files = Vec::new();
    walk(&root().join("src"), &mut files);
    walk(&root().join("assets"), &mut files);
    let mut hits = Vec::new();
    for file in files {
        // Fonts and other binary assets are not text; skip what is not UTF-8.
        let Ok(text) = fs::read_to_string(&file) else {
            continue;
        };
        for (n, line) in text.lines().enumerate() {
            if line.contains(&needle) {
                hits.push(format!("{}:{}: {line}", file.display(), n + 1));
            }
        }
    }
    assert!(
        hits.is_empty(),
        "cite the standard or publication itself:\n{}",
        hits.join("\n")
    );
}

#[test]
fn registry_output_cites_no_internal_notes() {
    let needle = needle();
    for args in [
        &["registry"][..],
        &["registry", "--lang", "en"],
        &["registry", "--format", "json"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_gep-calc"))
            .args(args)
            .current_dir(root())
            .output()
            .unwrap_or_else(|e| panic!("cannot run gep-calc {args:?}: {e}"));
        assert!(out.status.success(), "gep-calc {args:?} failed");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(!text.is_empty(), "gep-calc {args:?} printed nothing");
        assert!(
            !text.contains(&needle),
            "gep-calc {args:?} cites the internal notes"
        );
    }
}

#[test]
fn every_clause_and_source_is_filled_in() {
    let reg = Registry::builtin();
    for ind in &reg.indicators {
        assert!(!ind.clause.zh.trim().is_empty(), "{}: empty clause", ind.id);
        for m in &ind.methods {
            assert!(
                !m.clause.zh.trim().is_empty(),
                "{}/{}: empty clause",
                ind.id,
                m.id
            );
        }
    }
    for p in &reg.params {
        assert!(!p.source.zh.trim().is_empty(), "{}: empty source", p.id);
    }
}

#[test]
fn the_method_write_up_covers_every_indicator_and_parameter() {
    let path = root().join("docs/methods.md");
    let doc = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let reg = Registry::builtin();
    let missing: Vec<&str> = reg
        .indicators
        .iter()
        .map(|i| i.id.as_str())
        .chain(reg.params.iter().map(|p| p.id.as_str()))
        .filter(|id| !doc.contains(&format!("`{id}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/methods.md does not name: {missing:?}"
    );
    assert!(
        doc.contains("《生态系统评估 陆域生态产品总值核算技术指南》"),
        "docs/methods.md must give GB/T 46869's title"
    );
}
