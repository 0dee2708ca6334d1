//! The app's translation layer: every user-facing string of the UI is a key looked up in
//! `assets/i18n/ui.ron` (Chinese first, English second). Registry names and validation
//! messages carry their own two languages (`i18n::Text`, `validate::IssueKind::message`).
//!
//! A test checks that every key used in `src/app` exists in the catalogue.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::i18n::Lang;

const CATALOGUE: &str = include_str!("../../assets/i18n/ui.ron");

fn table() -> &'static HashMap<String, (String, String)> {
    static T: OnceLock<HashMap<String, (String, String)>> = OnceLock::new();
    T.get_or_init(|| ron::from_str(CATALOGUE).unwrap_or_default())
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
        let parsed: Result<HashMap<String, (String, String)>, _> = ron::from_str(CATALOGUE);
        let table = match parsed {
            Ok(t) => t,
            Err(e) => panic!("assets/i18n/ui.ron: {e}"),
        };
        for (k, (zh, en)) in &table {
            // Only a suffix may be empty in one language (e.g. "年" after a year).
            assert!(
                !zh.is_empty() && (!en.is_empty() || k.ends_with("_suffix")),
                "{k} needs zh and en"
            );
        }
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/app");
        let mut missing = Vec::new();
        let mut stack = vec![std::path::PathBuf::from(dir)];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    let src = std::fs::read_to_string(&p).unwrap_or_default();
                    for pat in ["t(lang, \"", "tf(lang, \"", "t(l, \""] {
                        for (i, _) in src.match_indices(pat) {
                            let rest = &src[i + pat.len()..];
                            if let Some(end) = rest.find('"') {
                                let key = &rest[..end];
                                if !table.contains_key(key) {
                                    missing.push(format!("{}: {key}", p.display()));
                                }
                            }
                        }
                    }
                }
            }
        }
        assert!(
            missing.is_empty(),
            "keys missing from assets/i18n/ui.ron:\n{}",
            missing.join("\n")
        );
    }
}
