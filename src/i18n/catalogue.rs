//! The key catalogue: every user-facing string outside registry data is a key looked up in
//! `assets/i18n/*.ron` (Chinese first, English second; one file per area so parts can be
//! worked on separately), with `{name}` placeholders filled by `tf`. Registry names carry
//! their own two languages (`i18n::Text`).
//!
//! A test checks that every key used anywhere in `src/` exists in the catalogue.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::Lang;

const CATALOGUES: &[(&str, &str)] = &[
    ("ui.ron", include_str!("../../assets/i18n/ui.ron")),
    (
        "services.ron",
        include_str!("../../assets/i18n/services.ron"),
    ),
    ("prices.ron", include_str!("../../assets/i18n/prices.ron")),
    ("charts.ron", include_str!("../../assets/i18n/charts.ron")),
    ("esv.ron", include_str!("../../assets/i18n/esv.ron")),
    (
        "compensation.ron",
        include_str!("../../assets/i18n/compensation.ron"),
    ),
    ("report.ron", include_str!("../../assets/i18n/report.ron")),
    (
        "workbook.ron",
        include_str!("../../assets/i18n/workbook.ron"),
    ),
    ("engine.ron", include_str!("../../assets/i18n/engine.ron")),
    (
        "validate.ron",
        include_str!("../../assets/i18n/validate.ron"),
    ),
    ("cli.ron", include_str!("../../assets/i18n/cli.ron")),
    ("import.ron", include_str!("../../assets/i18n/import.ron")),
    ("project.ron", include_str!("../../assets/i18n/project.ron")),
    ("tables.ron", include_str!("../../assets/i18n/tables.ron")),
    ("files.ron", include_str!("../../assets/i18n/files.ron")),
    ("memo.ron", include_str!("../../assets/i18n/memo.ron")),
    ("inputs.ron", include_str!("../../assets/i18n/inputs.ron")),
    (
        "ecosystem.ron",
        include_str!("../../assets/i18n/ecosystem.ron"),
    ),
    (
        "ecosystem_view.ron",
        include_str!("../../assets/i18n/ecosystem_view.ron"),
    ),
    (
        "esv_adjust.ron",
        include_str!("../../assets/i18n/esv_adjust.ron"),
    ),
    (
        "transitions.ron",
        include_str!("../../assets/i18n/transitions.ron"),
    ),
    (
        "standard.ron",
        include_str!("../../assets/i18n/standard.ron"),
    ),
    (
        "boundaries.ron",
        include_str!("../../assets/i18n/boundaries.ron"),
    ),
    ("map.ron", include_str!("../../assets/i18n/map.ron")),
    (
        "map_page.ron",
        include_str!("../../assets/i18n/map_page.ron"),
    ),
    (
        "report_structure.ron",
        include_str!("../../assets/i18n/report_structure.ron"),
    ),
    ("docx.ron", include_str!("../../assets/i18n/docx.ron")),
    ("fast.ron", include_str!("../../assets/i18n/fast.ron")),
    (
        "hardening.ron",
        include_str!("../../assets/i18n/hardening.ron"),
    ),
    (
        "scenarios.ron",
        include_str!("../../assets/i18n/scenarios.ron"),
    ),
    (
        "decompose.ron",
        include_str!("../../assets/i18n/decompose.ron"),
    ),
    (
        "uncertainty.ron",
        include_str!("../../assets/i18n/uncertainty.ron"),
    ),
    ("perf.ron", include_str!("../../assets/i18n/perf.ron")),
    (
        "mc_speed.ron",
        include_str!("../../assets/i18n/mc_speed.ron"),
    ),
    (
        "app_work.ron",
        include_str!("../../assets/i18n/app_work.ron"),
    ),
    (
        "intervals.ron",
        include_str!("../../assets/i18n/intervals.ron"),
    ),
];

type Catalogue = HashMap<String, (String, String)>;

fn parse_all() -> Result<Catalogue, String> {
    let mut all = HashMap::new();
    for (name, text) in CATALOGUES {
        let part: Catalogue =
            ron::from_str(text).map_err(|e| format!("assets/i18n/{name}: {e}"))?;
        for (k, v) in part {
            if all.insert(k.clone(), v).is_some() {
                return Err(format!("assets/i18n/{name}: key {k} defined twice"));
            }
        }
    }
    Ok(all)
}

fn table() -> &'static Catalogue {
    static T: OnceLock<Catalogue> = OnceLock::new();
    T.get_or_init(|| parse_all().unwrap_or_default())
}

/// The text of `key` in `lang`; the key itself if the catalogue lacks it (caught by tests).
pub fn t(lang: Lang, key: &'static str) -> &'static str {
    match table().get(key) {
        Some((zh, en)) => match lang {
            Lang::Zh => zh,
            Lang::En => en,
        },
        None => key,
    }
}

/// `t` with `{name}` placeholders replaced.
pub fn tf(lang: Lang, key: &'static str, args: &[(&str, &str)]) -> String {
    let mut s = t(lang, key).to_string();
    for (k, v) in args {
        s = s.replace(&format!("{{{k}}}"), v);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_parses_and_every_used_key_exists() {
        let table = match parse_all() {
            Ok(t) => t,
            Err(e) => panic!("{e}"),
        };
        for (k, (zh, en)) in &table {
            // Only a suffix may be empty in one language (e.g. "年" after a year).
            assert!(
                !zh.is_empty() && (!en.is_empty() || k.ends_with("_suffix")),
                "{k} needs zh and en"
            );
        }
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
        let mut missing = Vec::new();
        let mut stack = vec![std::path::PathBuf::from(dir)];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    let src = std::fs::read_to_string(&p).unwrap_or_default();
                    for key in used_keys(&src) {
                        if !table.contains_key(key) {
                            missing.push(format!("{}: {key}", p.display()));
                        }
                    }
                }
            }
        }
        assert!(
            missing.is_empty(),
            "keys missing from assets/i18n/*.ron:\n{}",
            missing.join("\n")
        );
    }

    /// Keys passed to the catalogue in every call form the code uses: `t(lang, "k")`,
    /// `tf(lang, "k", …)` (any first argument, also `i18n::t(…)` and across line breaks) and
    /// `x.key("k")` / `x.keyf("k", …)` (`view::Labels` and the contexts that deref to it).
    fn used_keys(src: &str) -> Vec<&str> {
        let is_ident = |c: char| c.is_alphanumeric() || c == '_';
        let mut keys = Vec::new();
        for (pat, key_first) in [
            ("t(", false),
            ("tf(", false),
            (".key(", true),
            (".keyf(", true),
        ] {
            for (i, _) in src.match_indices(pat) {
                if !key_first && src[..i].chars().next_back().is_some_and(is_ident) {
                    continue;
                }
                let mut rest = &src[i + pat.len()..];
                if !key_first {
                    // Skip the first argument (the language) up to its comma.
                    let mut depth = 0;
                    let Some(comma) = rest.find(|c: char| {
                        match c {
                            '(' => depth += 1,
                            ')' => depth -= 1,
                            _ => {}
                        }
                        c == ',' && depth == 0 || depth < 0
                    }) else {
                        continue;
                    };
                    rest = &rest[comma + 1..];
                }
                let Some(lit) = rest.trim_start().strip_prefix('"') else {
                    continue;
                };
                let Some(end) = lit.find('"') else { continue };
                let key = &lit[..end];
                let key_like = key.contains('_')
                    && key
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
                if key_like {
                    keys.push(key);
                }
            }
        }
        keys
    }

    #[test]
    fn key_scanner_finds_every_call_form() {
        let src = "t(lang, \"a_b\"); x.tf(\n lang,\n \"c_d\", &[]); cx.key(\"e_f\"); \
                   l.keyf(\n \"g_h\", &[]); i18n::t(s.lang(), \"i_j\"); format(x, \"no_key\")";
        assert_eq!(used_keys(src), ["a_b", "i_j", "c_d", "e_f", "g_h"]);
    }
}
