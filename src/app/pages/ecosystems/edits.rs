//! The 分生态系统 page's edits of the project: pure functions, each run inside one
//! `AppState::edit` or `edit_counties` (so one undo step). Subtypes are project-wide; parts
//! belong to one county in one year. A subtype in use by a part cannot be removed (its parts'
//! data would lose their meaning): the page says where it is used instead.

use crate::i18n::Text;
use crate::model::{EcosystemPart, EcosystemSubtype, Project};
use crate::registry::Registry;

/// An id for a new subtype, made from its name: the English name in lower case with `_`
/// between words when it has letters or digits, else `subtype`; `_2`, `_3` … appended until
/// it differs from every ecosystem type and subtype id. Users never see it in Chinese.
pub(super) fn subtype_id(p: &Project, reg: &Registry, name: &Text) -> String {
    let mut base = String::new();
    for ch in name.en.trim().chars() {
        if ch.is_ascii_alphanumeric() {
            base.push(ch.to_ascii_lowercase());
        } else if !base.is_empty() && !base.ends_with('_') {
            base.push('_');
        }
    }
    let base = match base.trim_end_matches('_') {
        "" => "subtype".to_string(),
        b => b.to_string(),
    };
    let taken =
        |id: &str| reg.ecosystem(id).is_some() || p.ecosystem_subtypes.iter().any(|s| s.id == id);
    let mut id = base.clone();
    let mut n = 2;
    while taken(&id) {
        id = format!("{base}_{n}");
        n += 1;
    }
    id
}

/// Adds a subtype of `ecosystem` named `name`; returns its id (`None` when the name is empty
/// or the type unknown).
pub(super) fn add_subtype(
    p: &mut Project,
    reg: &Registry,
    name: Text,
    ecosystem: &str,
) -> Option<String> {
    if name.zh.trim().is_empty() && name.en.trim().is_empty() {
        return None;
    }
    reg.ecosystem(ecosystem)?;
    let id = subtype_id(p, reg, &name);
    p.ecosystem_subtypes.push(EcosystemSubtype {
        id: id.clone(),
        name: Text::new(name.zh.trim(), name.en.trim()),
        ecosystem: ecosystem.to_string(),
    });
    Some(id)
}

/// Renames a subtype and sets its type (its id, and so its parts, stay).
pub(super) fn update_subtype(p: &mut Project, id: &str, name: Text, ecosystem: &str) {
    if name.zh.trim().is_empty() && name.en.trim().is_empty() {
        return;
    }
    if let Some(s) = p.ecosystem_subtypes.iter_mut().find(|s| s.id == id) {
        s.name = Text::new(name.zh.trim(), name.en.trim());
        s.ecosystem = ecosystem.to_string();
    }
}

/// Where a part keyed `key` exists: (year, county code), in project order.
pub(super) fn part_uses(p: &Project, key: &str) -> Vec<(i32, String)> {
    p.periods
        .iter()
        .flat_map(|period| {
            period
                .counties
                .iter()
                .filter(|(_, cp)| cp.ecosystem_parts.contains_key(key))
                .map(|(code, _)| (period.year, code.clone()))
        })
        .collect()
}

/// Removes a subtype no part uses; returns whether it was removed.
pub(super) fn remove_subtype(p: &mut Project, id: &str) -> bool {
    if !part_uses(p, id).is_empty() {
        return false;
    }
    let before = p.ecosystem_subtypes.len();
    p.ecosystem_subtypes.retain(|s| s.id != id);
    p.ecosystem_subtypes.len() != before
}

/// Adds an empty part `key` to the county in `year` (nothing when it is there already).
pub(super) fn add_part(p: &mut Project, year: i32, code: &str, key: &str) {
    if let Some(period) = p.period_mut(year) {
        period
            .counties
            .entry(code.to_string())
            .or_default()
            .ecosystem_parts
            .entry(key.to_string())
            .or_insert_with(EcosystemPart::default);
    }
}

/// Removes the part with its land cover and inputs (undo brings them back).
pub(super) fn remove_part(p: &mut Project, year: i32, code: &str, key: &str) {
    if let Some(cp) = p.period_mut(year).and_then(|x| x.counties.get_mut(code)) {
        cp.ecosystem_parts.remove(key);
    }
}

/// Sets (or clears) one land-cover area of a part (hm²).
pub(super) fn set_part_area(
    p: &mut Project,
    year: i32,
    (code, key): (&str, &str),
    class: &str,
    hm2: Option<f64>,
) {
    let Some(part) = p
        .period_mut(year)
        .and_then(|x| x.counties.get_mut(code))
        .and_then(|cp| cp.ecosystem_parts.get_mut(key))
    else {
        return;
    };
    match hm2 {
        Some(v) => {
            part.land_cover.insert(class.to_string(), v);
        }
        None => {
            part.land_cover.remove(class);
        }
    }
}
