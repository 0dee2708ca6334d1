//! `gep-calc transitions`: the land-use change account of a project — transition matrix, ESV
//! change by transition and the sensitivity coefficients — as aligned text, JSON or CSV, for
//! the region (default) or one county, for every pair of years with a matrix or the one asked.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Result, bail};
use serde::Serialize;

use crate::engine::transitions::{self, TransitionAccount, TransitionError};
use crate::i18n::{Lang, t, tf};
use crate::model::{Project, TransitionMatrix};
use crate::registry::Registry;
use crate::view::Labels;
use crate::view::transitions as vt;

/// Output of `transitions`.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum TransitionsFormat {
    Text,
    Json,
    Csv,
}

/// What the command prints for one pair of years.
#[derive(Serialize)]
struct Entry {
    matrix: TransitionMatrix,
    account: TransitionAccount,
}

pub fn run(
    p: &Project,
    county: Option<&str>,
    years: Option<(i32, i32)>,
    format: TransitionsFormat,
    out: Option<&Path>,
    lang: Lang,
) -> Result<ExitCode> {
    let reg = Registry::builtin();
    let pairs = match years {
        Some(y) => vec![y],
        None => transitions::year_pairs(p),
    };
    if pairs.is_empty() {
        bail!("{}", t(lang, "tr_cli_none"));
    }
    let mut entries = Vec::with_capacity(pairs.len());
    for (from, to) in pairs {
        let Some((matrix, _)) = transitions::matrix_for(p, county, from, to) else {
            bail!(
                "{}",
                tf(
                    lang,
                    "tr_cli_no_matrix",
                    &[
                        ("place", &vt::place(&Labels::new(p, reg, lang), county)),
                        ("from", &from.to_string()),
                        ("to", &to.to_string())
                    ]
                )
            );
        };
        let account = match transitions::compute(p, reg, county, from, to) {
            Ok(a) => a,
            Err(TransitionError::Esv(e)) => bail!("{}", pick(lang, e.message())),
            Err(TransitionError::NoMatrix) => continue,
        };
        entries.push(Entry { matrix, account });
    }
    let l = Labels::new(p, reg, lang);
    let bytes = match format {
        TransitionsFormat::Json => serde_json::to_string_pretty(&entries)?.into_bytes(),
        TransitionsFormat::Text => text(&l, &entries).into_bytes(),
        TransitionsFormat::Csv => csv_bytes(&l, &entries)?,
    };
    super::write_out(out, &bytes)?;
    Ok(ExitCode::SUCCESS)
}

fn pick(lang: Lang, (zh, en): (String, String)) -> String {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// The tables of one entry with their titles, in print order.
fn tables(l: &Labels, e: &Entry) -> Vec<(String, vt::Table)> {
    vec![
        (
            l.key("tr_title_matrix").to_string(),
            vt::matrix(l, &e.matrix),
        ),
        (
            l.key("tr_title_deltas").to_string(),
            vt::deltas(l, &e.account, None),
        ),
        (
            l.key("tr_title_coefficients").to_string(),
            vt::coefficients(l, &e.account),
        ),
        (
            l.key("tr_title_sensitivity").to_string(),
            vt::sensitivity(l, &e.account),
        ),
    ]
}

/// Display width: CJK and full-width characters take two columns.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F
            | 0x2E80..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFF00..=0xFF60 => 2,
            _ => 1,
        })
        .sum()
}

/// The table as aligned text columns (also `decompose`).
pub(super) fn aligned(t: &vt::Table) -> String {
    let n = t.header.len();
    let mut w = vec![0; n];
    for r in std::iter::once(&t.header).chain(&t.rows) {
        for (i, c) in r.iter().enumerate().take(n) {
            w[i] = w[i].max(width(c));
        }
    }
    let mut s = String::new();
    for r in std::iter::once(&t.header).chain(&t.rows) {
        let cells: Vec<String> = r
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c}{}", " ".repeat(w[i].saturating_sub(width(c)))))
            .collect();
        s.push_str(cells.join("  ").trim_end());
        s.push('\n');
    }
    s
}

fn text(l: &Labels, entries: &[Entry]) -> String {
    let mut s = String::new();
    for e in entries {
        for line in vt::summary(l, &e.account) {
            s.push_str(&line);
            s.push('\n');
        }
        for (title, table) in tables(l, e) {
            s.push('\n');
            s.push_str(&title);
            s.push('\n');
            s.push_str(&aligned(&table));
        }
        s.push('\n');
        for f in vt::formulas(l.lang) {
            s.push_str(f);
            s.push('\n');
        }
        s.push('\n');
    }
    s
}

fn csv_bytes(l: &Labels, entries: &[Entry]) -> Result<Vec<u8>> {
    let mut w = crate::io::csv_safe::SafeCsv::flexible(vec![0xEF, 0xBB, 0xBF]);
    for e in entries {
        for line in vt::summary(l, &e.account) {
            w.write_record([line])?;
        }
        for (title, table) in tables(l, e) {
            w.write_record([""])?;
            w.write_record([title])?;
            w.write_record(&table.header)?;
            for r in &table.rows {
                w.write_record(r)?;
            }
        }
        w.write_record([""])?;
    }
    w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_csv_carry_the_hand_figures() {
        let p = crate::engine::transitions::tests::three_class_project();
        let reg = Registry::builtin();
        let l = Labels::new(&p, reg, Lang::Zh);
        let account = transitions::compute(&p, reg, Some("360101"), 2015, 2020)
            .unwrap_or_else(|e| panic!("{e:?}"));
        let entries = vec![Entry {
            matrix: p.transitions[0].clone(),
            account,
        }];
        let s = text(&l, &entries);
        assert!(
            s.contains("转移矩阵") && s.contains("-2.25") && s.contains("0.2000"),
            "{s}"
        );
        let c = String::from_utf8(csv_bytes(&l, &entries).unwrap_or_default()).unwrap_or_default();
        assert!(c.contains("0.8000") && c.contains("1.50"), "{c}");
        assert_eq!(width("水田 ab"), 7);
    }
}
