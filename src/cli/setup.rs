//! `gep-calc new` (a project file from a name, a region, counties and years) and
//! `gep-calc divisions` (the bundled list of county-level codes).
//!
//! Counties are given as codes or code prefixes: `3610` picks the 11 counties of 抚州市 from
//! the bundled list, `36` every county of 江西省, `361028` one county; a code not in the list
//! is kept (written `CODE=名称` to give its name) and flagged on stderr. The project itself is
//! made by `model::setup::NewProject`, as in the app's wizard.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Result, bail};

use crate::divisions;
use crate::i18n::{Lang, tf};
use crate::model::County;
use crate::model::setup::{NewProject, new_county};
use crate::registry::Registry;

/// What `gep-calc new` was given.
pub(super) struct NewArgs<'a> {
    pub name: Option<&'a str>,
    pub region: Option<&'a str>,
    pub organisation: Option<&'a str>,
    pub counties: &'a [String],
    pub years: Option<&'a str>,
    pub framework: Option<&'a str>,
    pub force: bool,
}

pub(super) fn new_project(path: &Path, a: NewArgs<'_>, lang: Lang) -> Result<ExitCode> {
    if path.exists() && !a.force {
        bail!(tf(
            lang,
            "prj_cli_exists",
            &[("path", &path.display().to_string())]
        ));
    }
    let framework = a.framework.unwrap_or("gbt46869");
    if Registry::builtin().framework(framework).is_none() {
        let ids: Vec<&str> = Registry::builtin()
            .frameworks
            .iter()
            .map(|f| f.id.as_str())
            .collect();
        bail!(tf(
            lang,
            "prj_cli_bad_framework",
            &[("framework", framework), ("known", &ids.join(", "))]
        ));
    }
    let counties = counties_of(a.counties, lang)?;
    let years = match a.years {
        Some(s) => parse_years(s).map_err(|bad| {
            anyhow::anyhow!(tf(lang, "prj_cli_bad_years", &[("value", bad.as_str())]))
        })?,
        None => vec![last_year()],
    };
    let np = NewProject {
        name: a
            .name
            .map(str::to_string)
            .unwrap_or_else(|| default_region(&counties)),
        region: a
            .region
            .map(str::to_string)
            .unwrap_or_else(|| default_region(&counties)),
        organisation: a.organisation.unwrap_or_default().to_string(),
        framework: framework.to_string(),
        years,
        counties,
    };
    let project = np.build();
    crate::io::save(&project, path)?;
    let years: Vec<String> = project.periods.iter().map(|p| p.year.to_string()).collect();
    super::say!(
        "{}",
        tf(
            lang,
            "prj_cli_written",
            &[
                ("path", &path.display().to_string()),
                ("counties", &project.counties.len().to_string()),
                ("years", &years.join(", ")),
            ],
        )
    );
    Ok(ExitCode::SUCCESS)
}

/// Counties of the `--counties` items (comma-separated or repeated), in list order.
fn counties_of(items: &[String], lang: Lang) -> Result<Vec<County>> {
    let mut out = Vec::new();
    for item in items.iter().flat_map(|s| s.split([',', '，', ' '])) {
        let item = item.trim();
        if item.is_empty() {
            continue;
        }
        let (code, name) = match item.split_once('=') {
            Some((c, n)) => (c.trim(), Some(n.trim())),
            None => (item, None),
        };
        if code.is_empty() || !code.chars().all(|c| c.is_ascii_digit()) || code.len() > 6 {
            bail!(tf(lang, "prj_cli_bad_code", &[("code", item)]));
        }
        if let Some(d) = divisions::find(code) {
            let name = name.unwrap_or(d.name);
            out.push(new_county(d.code, name, Some(d.prefecture)));
            continue;
        }
        let picked = divisions::with_prefix(code);
        let is_prefix = code.len() < 6 || (name.is_none() && code.ends_with("00"));
        if is_prefix && !picked.is_empty() {
            out.extend(
                picked
                    .iter()
                    .map(|d| new_county(d.code, d.name, Some(d.prefecture))),
            );
        } else if code.len() == 6 {
            // Not in the list (a new or merged county): kept as typed, flagged.
            eprintln!("{}", tf(lang, "prj_unknown_code", &[("code", code)]));
            out.push(new_county(code, name.unwrap_or(code), None));
        } else {
            bail!(tf(lang, "prj_cli_no_match", &[("prefix", code)]));
        }
    }
    if out.is_empty() {
        bail!(tf(lang, "prj_cli_no_counties", &[]));
    }
    Ok(out)
}

/// The calendar year before this one (accounts are made for a finished year).
fn last_year() -> i32 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    1970 + (secs / 31_556_952) as i32 - 1
}

/// The region of the counties (their common prefecture or province), e.g. 江西省抚州市.
fn default_region(counties: &[County]) -> String {
    divisions::region_of(counties.iter().map(|c| c.code.as_str()))
}

/// Years as `2021,2022`, `2019-2022` or a mix; the offending item when one is not a year.
pub(crate) fn parse_years(s: &str) -> Result<Vec<i32>, String> {
    let year = |t: &str| {
        t.trim()
            .parse::<i32>()
            .ok()
            .filter(|y| (1949..=2100).contains(y))
            .ok_or_else(|| t.trim().to_string())
    };
    let mut out = Vec::new();
    for part in s.split([',', '，']).filter(|p| !p.trim().is_empty()) {
        match part.split_once(['-', '–']) {
            Some((a, b)) => {
                let (a, b) = (year(a)?, year(b)?);
                if b < a {
                    return Err(part.trim().to_string());
                }
                out.extend(a..=b);
            }
            None => out.push(year(part)?),
        }
    }
    if out.is_empty() {
        return Err(s.to_string());
    }
    Ok(out)
}

/// `gep-calc divisions [PREFIX]`: code, name, prefecture and province, one unit a line.
pub(super) fn list_divisions(prefix: Option<&str>, lang: Lang) -> Result<ExitCode> {
    let prefix = prefix.unwrap_or("");
    let list = divisions::with_prefix(prefix);
    if list.is_empty() {
        bail!(tf(lang, "prj_cli_no_match", &[("prefix", prefix)]));
    }
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    for d in list {
        writeln!(
            out,
            "{}\t{}\t{}\t{}",
            d.code, d.name, d.prefecture, d.province
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_accept_lists_and_ranges() {
        assert_eq!(parse_years("2021,2022"), Ok(vec![2021, 2022]));
        assert_eq!(
            parse_years("2019-2021, 2023"),
            Ok(vec![2019, 2020, 2021, 2023])
        );
        assert_eq!(parse_years("2021,20x2"), Err("20x2".into()));
        assert_eq!(parse_years("2022-2020"), Err("2022-2020".into()));
    }

    #[test]
    fn counties_from_prefixes_codes_and_unknown_codes() {
        let c = counties_of(&["3610".into()], Lang::Zh).expect("counties");
        assert_eq!(c.len(), 11);
        assert_eq!(default_region(&c), "江西省抚州市");
        let c = counties_of(&["361028,361099=试验县".into()], Lang::Zh).expect("counties");
        assert_eq!(c[0].name.zh, "资溪县");
        assert_eq!(
            (c[1].code.as_str(), c[1].name.zh.as_str()),
            ("361099", "试验县")
        );
        assert_eq!(
            counties_of(&["361000".into()], Lang::Zh)
                .expect("counties")
                .len(),
            11
        );
        assert!(counties_of(&["9999".into()], Lang::Zh).is_err());
        assert!(counties_of(&["36a".into()], Lang::Zh).is_err());
        assert!(counties_of(&[String::new()], Lang::Zh).is_err());
    }
}
