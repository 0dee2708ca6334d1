//! Which feature of a boundary file is which county of the project: by a code attribute (the
//! 6-digit GB/T 2260 code, also written as a 9- or 12-digit statistical code or a number
//! such as 361028.0) or by a name attribute (exact, then ignoring a 县/区/市/旗 suffix, so
//! 东乡县 finds 东乡区). With no field given, the field whose values find the most counties.

use crate::model::Project;

/// How features are matched to counties.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum MatchBy {
    /// The field that finds the most counties, codes before names.
    #[default]
    Auto,
    /// The 6-digit code in this field.
    Code(String),
    /// The county name in this field.
    Name(String),
}

/// The 6-digit code a value holds: `361028`, `361028.0`, `361028000` or `361028000000`.
pub fn code_of(value: &str) -> Option<String> {
    let v = value.trim();
    let v = match v.split_once('.') {
        Some((int, frac)) if frac.bytes().all(|b| b == b'0') => int,
        _ => v,
    };
    if !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match v.len() {
        6 => Some(v.to_string()),
        9 if v.ends_with("000") => Some(v[..6].to_string()),
        12 if v.ends_with("000000") => Some(v[..6].to_string()),
        _ => None,
    }
}

/// A name without a trailing 县/区/市/旗 (东乡县, 东乡区 → 东乡).
fn stem(name: &str) -> &str {
    let mut s = name.trim();
    while let Some(t) = ["县", "区", "市", "旗"]
        .iter()
        .find_map(|suf| s.strip_suffix(suf))
    {
        if t.chars().count() < 1 {
            break;
        }
        s = t;
    }
    s
}

/// The project county (index) a value names, and whether only the suffix-tolerant rule found
/// it.
pub fn county_of(project: &Project, by_name: bool, value: &str) -> Option<(usize, bool)> {
    let counties = &project.counties;
    if !by_name {
        let code = code_of(value)?;
        return counties
            .iter()
            .position(|c| c.code == code)
            .map(|i| (i, false));
    }
    let v = value.trim();
    if v.is_empty() {
        return None;
    }
    if let Some(i) = counties
        .iter()
        .position(|c| c.name.zh.trim() == v || c.name.en.trim().eq_ignore_ascii_case(v))
    {
        return Some((i, false));
    }
    let s = stem(v);
    let hits: Vec<usize> = (0..counties.len())
        .filter(|&i| stem(&counties[i].name.zh) == s)
        .collect();
    // Only an unambiguous suffix match counts.
    match hits.as_slice() {
        [one] => Some((*one, true)),
        _ => None,
    }
}

/// The field chosen for `by`: (field name as in the file, by name?). `None` when the named
/// field is not in the file or, for `Auto`, no field finds any county.
pub fn choose_field(
    project: &Project,
    fields: &[String],
    values: &dyn Fn(&str) -> Vec<String>,
    by: &MatchBy,
) -> Option<(String, bool)> {
    let find = |f: &str| {
        fields
            .iter()
            .find(|x| x.trim().eq_ignore_ascii_case(f.trim()))
            .cloned()
    };
    match by {
        MatchBy::Code(f) => find(f).map(|f| (f, false)),
        MatchBy::Name(f) => find(f).map(|f| (f, true)),
        MatchBy::Auto => {
            let score = |field: &str, by_name: bool| -> usize {
                let mut found: Vec<usize> = values(field)
                    .iter()
                    .filter_map(|v| county_of(project, by_name, v).map(|(i, _)| i))
                    .collect();
                found.sort_unstable();
                found.dedup();
                found.len()
            };
            for by_name in [false, true] {
                // The first field of the highest score, in the file's order.
                let mut best: Option<(usize, &String)> = None;
                for f in fields {
                    let n = score(f, by_name);
                    if n > best.map_or(0, |b| b.0) {
                        best = Some((n, f));
                    }
                }
                if let Some((_, f)) = best {
                    return Some((f.clone(), by_name));
                }
            }
            None
        }
    }
}
