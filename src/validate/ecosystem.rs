//! Checks of the accounts by ecosystem type (`model::ecosystem`): the project's subtypes
//! (a registry type, a unique id), and each county-year's parts — known keys and indicators,
//! usable inputs (the county's own checks, run on the part), land cover where a split model
//! reads it, part areas within the county's, and county inputs a split leaves unused.
//!
//! Owns `EcoIssue` (one `IssueKind::Ecosystem`) and its words (`eco_val_*` keys of
//! `assets/i18n/ecosystem.ron`). Parts are named by name in the messages, never by id in
//! Chinese. Must not compute accounts.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::i18n::{Lang, Text, tf};
use crate::model::{CountyPeriod, EcosystemPart, Project};
use crate::registry::{IndicatorSpec, Model, Registry};

use super::structure::{Seen, indicator};
use super::{IssueKind, Severity, V};

/// A problem of the ecosystem split.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "eco", rename_all = "snake_case")]
pub enum EcoIssue {
    /// A part key that is neither a registry ecosystem type nor a project subtype.
    UnknownPart { key: String },
    /// A subtype under an ecosystem type the registry does not have.
    SubtypeUnknownType { subtype: Text, ecosystem: String },
    /// A custom land class naming an ecosystem type the registry does not have.
    ClassUnknownType { class: Text, ecosystem: String },
    /// A subtype id equal to an ecosystem type id or to an earlier subtype's id.
    SubtypeIdCollides { subtype: Text, id: String },
    /// A subtype part whose split indicator's model reads land cover, without land cover.
    NoLandCover { part: Text, indicator: Text },
    /// A type-keyed part reading the county's classes of its type while the county has custom
    /// classes with area that name no ecosystem type (left out of every part).
    CustomClassNoType { part: Text, classes: Vec<Text> },
    /// The parts' area of a class exceeds the county's area of that class.
    ClassExceeds {
        class: Text,
        parts_hm2: f64,
        county_hm2: f64,
    },
    /// The parts' land cover sums over the county's land area.
    PartsExceedArea { sum_hm2: f64, area_hm2: f64 },
    /// A county input of an indicator its parts split: kept but not used.
    CountyInputUnused { indicator: Text },
}

impl EcoIssue {
    /// Catalogue key and arguments.
    pub(super) fn words(&self, lang: Lang) -> String {
        let num = |x: f64| crate::format::auto(x);
        let list = |v: &[Text]| {
            v.iter()
                .map(|x| x.get(lang))
                .collect::<Vec<_>>()
                .join(crate::i18n::t(lang, "val_list_sep"))
        };
        let (key, args): (&'static str, Vec<(&str, String)>) = match self {
            EcoIssue::UnknownPart { key } => ("eco_val_unknown_part", vec![("key", key.clone())]),
            EcoIssue::SubtypeUnknownType { subtype, ecosystem } => (
                "eco_val_subtype_unknown_type",
                vec![
                    ("subtype", subtype.get(lang).to_string()),
                    ("ecosystem", ecosystem.clone()),
                ],
            ),
            EcoIssue::ClassUnknownType { class, ecosystem } => (
                "eco_val_class_unknown_type",
                vec![
                    ("class", class.get(lang).to_string()),
                    ("ecosystem", ecosystem.clone()),
                ],
            ),
            EcoIssue::SubtypeIdCollides { subtype, id } => (
                "eco_val_subtype_collides",
                vec![
                    ("subtype", subtype.get(lang).to_string()),
                    ("id", id.clone()),
                ],
            ),
            EcoIssue::NoLandCover { part, indicator } => (
                "eco_val_no_land_cover",
                vec![
                    ("part", part.get(lang).to_string()),
                    ("indicator", indicator.get(lang).to_string()),
                ],
            ),
            EcoIssue::CustomClassNoType { part, classes } => (
                "eco_val_custom_class_no_type",
                vec![
                    ("part", part.get(lang).to_string()),
                    ("classes", list(classes)),
                ],
            ),
            EcoIssue::ClassExceeds {
                class,
                parts_hm2,
                county_hm2,
            } => (
                "eco_val_class_exceeds",
                vec![
                    ("class", class.get(lang).to_string()),
                    ("parts", num(*parts_hm2)),
                    ("county", num(*county_hm2)),
                ],
            ),
            EcoIssue::PartsExceedArea { sum_hm2, area_hm2 } => (
                "eco_val_parts_exceed_area",
                vec![("sum", num(*sum_hm2)), ("area", num(*area_hm2))],
            ),
            EcoIssue::CountyInputUnused { indicator } => (
                "eco_val_county_input_unused",
                vec![("indicator", indicator.get(lang).to_string())],
            ),
        };
        let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        tf(lang, key, &args)
    }
}

/// The name of a part key (a registry type or a project subtype), else the key.
pub(super) fn part_name(project: &Project, registry: &Registry, key: &str) -> Text {
    if let Some(e) = registry.ecosystem(key) {
        return e.name.clone();
    }
    project
        .ecosystem_subtypes
        .iter()
        .find(|s| s.id == key)
        .map_or_else(|| Text::new(key, key), |s| s.name.clone())
}

/// The project's subtypes: a registry type, an id that is neither a type nor taken; custom
/// land classes: a registry type when they name one.
pub(super) fn subtypes(v: &mut V<'_>, project: &Project, registry: &Registry) {
    for (i, c) in project.custom_land_classes.iter().enumerate() {
        if let Some(e) = c
            .ecosystem
            .as_ref()
            .filter(|e| registry.ecosystem(e).is_none())
        {
            let kind = EcoIssue::ClassUnknownType {
                class: c.name.clone(),
                ecosystem: e.clone(),
            };
            let field = format!("custom_land_classes[{i}]");
            v.push(Severity::Error, field, None, IssueKind::Ecosystem(kind));
        }
    }
    for (i, s) in project.ecosystem_subtypes.iter().enumerate() {
        let field = format!("ecosystem_subtypes[{i}]");
        if registry.ecosystem(&s.ecosystem).is_none() {
            let kind = EcoIssue::SubtypeUnknownType {
                subtype: s.name.clone(),
                ecosystem: s.ecosystem.clone(),
            };
            v.push(Severity::Error, &field, None, IssueKind::Ecosystem(kind));
        }
        let taken = registry.ecosystem(&s.id).is_some()
            || project.ecosystem_subtypes[..i].iter().any(|o| o.id == s.id);
        if taken {
            let kind = EcoIssue::SubtypeIdCollides {
                subtype: s.name.clone(),
                id: s.id.clone(),
            };
            v.push(Severity::Error, &field, None, IssueKind::Ecosystem(kind));
        }
    }
}

/// The parts of one county-year (`v.county` and `v.year` set by the caller).
pub(super) fn parts<'a>(
    v: &mut V<'a>,
    project: &Project,
    registry: &Registry,
    specs: &'a [std::borrow::Cow<'a, IndicatorSpec>],
    (land_area, cp): (f64, &'a CountyPeriod),
    seen: &mut Seen<'a>,
) {
    if cp.ecosystem_parts.is_empty() {
        return;
    }
    let is_type = |k: &str| registry.ecosystem(k).is_some();
    let known = |k: &str| {
        is_type(k)
            || project
                .ecosystem_subtypes
                .iter()
                .any(|s| s.id == k && registry.ecosystem(&s.ecosystem).is_some())
    };
    let mut class_sum: BTreeMap<&str, f64> = BTreeMap::new();
    for (key, part) in &cp.ecosystem_parts {
        let base = format!("ecosystem_parts.{key}");
        if !known(key) {
            let kind = EcoIssue::UnknownPart { key: key.clone() };
            v.push(Severity::Error, &base, None, IssueKind::Ecosystem(kind));
            continue;
        }
        let name = part_name(project, registry, key);
        for (class, &a) in &part.land_cover {
            if v.number(&format!("{base}.land_cover.{class}"), a) {
                *class_sum.entry(class).or_default() += a;
            }
        }
        part_indicators(v, registry, specs, (&base, part), seen);
        land_cover_needed(v, project, registry, specs, (key, &name, part), cp);
    }
    let names = crate::model::catalogue::Catalogue::new(project, registry);
    for (class, &sum) in &class_sum {
        let county = cp.land_cover.get(*class).copied().unwrap_or(0.0);
        if sum > county * 1.005 + 1e-9 {
            let kind = EcoIssue::ClassExceeds {
                class: Text::new(
                    names.land_class_name(class, Lang::Zh),
                    names.land_class_name(class, Lang::En),
                ),
                parts_hm2: sum,
                county_hm2: county,
            };
            let field = format!("land_cover.{class}");
            v.push(
                Severity::Error,
                field,
                Some(sum),
                IssueKind::Ecosystem(kind),
            );
        }
    }
    let total: f64 = class_sum.values().sum();
    if land_area > 0.0 && total > land_area * 1.005 {
        let kind = EcoIssue::PartsExceedArea {
            sum_hm2: total,
            area_hm2: land_area,
        };
        v.push(
            Severity::Error,
            "ecosystem_parts",
            Some(total),
            IssueKind::Ecosystem(kind),
        );
    }
    for id in cp.indicators.keys() {
        let split = cp
            .ecosystem_parts
            .values()
            .any(|p| p.indicators.contains_key(id));
        if let (true, Some(spec)) = (split, specs.iter().find(|s| &s.id == id)) {
            let kind = EcoIssue::CountyInputUnused {
                indicator: spec.name.clone(),
            };
            v.push(
                Severity::Warning,
                format!("indicators.{id}"),
                None,
                IssueKind::Ecosystem(kind),
            );
        }
    }
}

/// A part's indicators: known ids, and each input checked as a county's would be, the field
/// naming the part.
fn part_indicators<'a>(
    v: &mut V<'a>,
    registry: &Registry,
    specs: &'a [std::borrow::Cow<'a, IndicatorSpec>],
    (base, part): (&str, &'a EcosystemPart),
    seen: &mut Seen<'a>,
) {
    for (id, input) in &part.indicators {
        let Some(spec) = specs.iter().find(|s| &s.id == id) else {
            v.push(
                Severity::Error,
                format!("{base}.indicators.{id}"),
                None,
                IssueKind::UnknownIndicator,
            );
            continue;
        };
        seen.entered_somewhere.insert(&spec.id);
        let from = v.out.len();
        let custom = registry.indicator(id).is_none();
        indicator(v, spec, input, custom, seen);
        for issue in &mut v.out[from..] {
            issue.field = format!("{base}.{}", issue.field);
        }
    }
}

/// Does the chosen method of `input` read the land cover?
fn reads_land_cover(spec: &IndicatorSpec, input: &crate::model::IndicatorInput) -> bool {
    if input.entered_value.is_some() {
        return false;
    }
    let method = if input.method.is_empty() {
        spec.default_method()
    } else {
        spec.method(&input.method)
    };
    method.is_some_and(|m| matches!(m.model, Model::WaterBalance | Model::ClimateEnergy { .. }))
}

/// A split model that reads land cover needs some: a subtype must enter its own; a type reads
/// the county's classes of its type, which custom classes without a type never join.
fn land_cover_needed(
    v: &mut V<'_>,
    project: &Project,
    registry: &Registry,
    specs: &[std::borrow::Cow<'_, IndicatorSpec>],
    (key, name, part): (&str, &Text, &EcosystemPart),
    cp: &CountyPeriod,
) {
    let reading: Vec<&IndicatorSpec> = part
        .indicators
        .iter()
        .filter_map(|(id, input)| {
            let spec = specs.iter().find(|s| &s.id == id)?;
            reads_land_cover(spec, input).then_some(&**spec)
        })
        .collect();
    if reading.is_empty() || !part.land_cover.is_empty() {
        return;
    }
    let base = format!("ecosystem_parts.{key}");
    if registry.ecosystem(key).is_none() {
        for spec in reading {
            let kind = EcoIssue::NoLandCover {
                part: name.clone(),
                indicator: spec.name.clone(),
            };
            v.push(
                Severity::Error,
                format!("{base}.land_cover"),
                None,
                IssueKind::Ecosystem(kind),
            );
        }
        return;
    }
    let untyped: Vec<Text> = project
        .custom_land_classes
        .iter()
        .filter(|c| c.ecosystem.is_none() && cp.land_cover.get(&c.id).is_some_and(|a| *a > 0.0))
        .map(|c| c.name.clone())
        .collect();
    if !untyped.is_empty() {
        let kind = EcoIssue::CustomClassNoType {
            part: name.clone(),
            classes: untyped,
        };
        v.push(
            Severity::Warning,
            format!("{base}.land_cover"),
            None,
            IssueKind::Ecosystem(kind),
        );
    }
}
