//! Accounts by ecosystem type: a county's split indicators computed once per ecosystem part
//! and summed (rules in `model::ecosystem`; docs/methods.md, "Accounts by ecosystem type").
//!
//! Owns the `CountyPeriod` view of a part (`Part`), the sum of a split indicator's parts
//! (`combine`: value, quantities, components, memo items, status and the trace that says the
//! county figure is the sum of its parts) and the table "GEP by ecosystem type"
//! (`county_rows`, `merge_rows`). Pure: no I/O, no UI.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::accounts::{
    EcosystemTotals, IndicatorAccount, MemoAmount, MemoKind, PartAccount, Status,
};
use super::trace::{Origin, Step, Trace};
use crate::i18n::{Lang, Text, tf};
use crate::model::{CountyPeriod, Project};
use crate::registry::{Category, Registry};
use crate::units::Unit;

/// Formula text of a split indicator's trace.
pub const FORMULA_ZH: &str = "V = Σ_e V_e（各生态系统部分价值之和）";
pub const FORMULA_EN: &str = "V = Σ_e V_e (sum of its ecosystem parts)";

/// What the engine knows of the project's ecosystem parts: part names, their types and the
/// ecosystem type of every land class.
pub(crate) struct Keys<'a> {
    /// Part key → (ecosystem type, name), in the order of the registry's types then the
    /// project's subtypes.
    order: Vec<(&'a str, &'a str, &'a Text)>,
    /// Land class → ecosystem type (built-in classes, then custom classes that name one).
    class_ecosystem: BTreeMap<&'a str, &'a str>,
}

impl<'a> Keys<'a> {
    pub(crate) fn new(project: &'a Project, registry: &'a Registry) -> Keys<'a> {
        let mut order: Vec<(&str, &str, &Text)> = registry
            .ecosystems
            .iter()
            .map(|e| (e.id.as_str(), e.id.as_str(), &e.name))
            .collect();
        for s in &project.ecosystem_subtypes {
            // A subtype colliding with a type or an earlier subtype is ignored (validation).
            if registry.ecosystem(&s.ecosystem).is_some() && !order.iter().any(|o| o.0 == s.id) {
                order.push((s.id.as_str(), s.ecosystem.as_str(), &s.name));
            }
        }
        let mut class_ecosystem: BTreeMap<&str, &str> = registry
            .land_classes
            .iter()
            .map(|c| (c.id.as_str(), c.ecosystem.as_str()))
            .collect();
        for c in &project.custom_land_classes {
            match &c.ecosystem {
                Some(e) => class_ecosystem.insert(c.id.as_str(), e.as_str()),
                None => class_ecosystem.remove(c.id.as_str()),
            };
        }
        Keys {
            order,
            class_ecosystem,
        }
    }

    /// The ecosystem type of a part key (a type or a subtype), if the key is known.
    pub(crate) fn ecosystem_of(&self, key: &str) -> Option<&'a str> {
        self.order.iter().find(|o| o.0 == key).map(|o| o.1)
    }

    /// The registry ecosystem type of a land class, if it has one.
    pub(crate) fn class_ecosystem(&self, class: &str) -> Option<&'a str> {
        self.class_ecosystem.get(class).copied()
    }

    fn is_type(&self, key: &str) -> bool {
        self.order.iter().any(|o| o.0 == key && o.0 == o.1)
    }

    /// The project's subtypes of type `ecosystem`, in project order.
    fn subtypes_of<'s>(&'s self, ecosystem: &'s str) -> impl Iterator<Item = &'a str> + 's {
        self.order
            .iter()
            .filter(move |o| o.1 == ecosystem && o.0 != o.1)
            .map(|o| o.0)
    }
}

/// One ecosystem part of a county, seen as a county of its own.
pub(crate) struct Part {
    pub key: Arc<str>,
    pub ecosystem: Arc<str>,
    pub name: Text,
    pub cp: CountyPeriod,
    /// The same part in the base period (constant-price accounts).
    pub base: Option<CountyPeriod>,
    /// This part's indicators computed so far (read by derived indicators, e.g. oxygen from
    /// carbon).
    pub done: Vec<IndicatorAccount>,
}

/// The parts of a county in key order; unknown keys are left out (validation names them).
pub(crate) fn parts(keys: &Keys, cp: &CountyPeriod, base: Option<&CountyPeriod>) -> Vec<Part> {
    let mut out = Vec::new();
    for &(key, eco, name) in &keys.order {
        let Some(part) = cp.ecosystem_parts.get(key) else {
            continue;
        };
        out.push(Part {
            key: Arc::from(key),
            ecosystem: Arc::from(eco),
            name: name.clone(),
            cp: view(keys, key, cp, part),
            base: base.and_then(|b| b.ecosystem_parts.get(key).map(|p| view(keys, key, b, p))),
            done: Vec::new(),
        });
    }
    out
}

/// The `CountyPeriod` a part computes with: the county's population and GDP, the part's land
/// cover (for a type with none of its own, the county's classes of that type) and inputs.
fn view(
    keys: &Keys,
    key: &str,
    county: &CountyPeriod,
    part: &crate::model::EcosystemPart,
) -> CountyPeriod {
    let land_cover = if part.land_cover.is_empty() && keys.is_type(key) {
        county
            .land_cover
            .iter()
            .filter(|(c, _)| keys.class_ecosystem(c) == Some(key))
            .map(|(c, a)| (c.clone(), *a))
            .collect()
    } else {
        part.land_cover.clone()
    };
    CountyPeriod {
        population: county.population,
        gdp_yuan: county.gdp_yuan,
        land_cover,
        indicators: part.indicators.clone(),
        imported_products_yuan: 0.0,
        ecosystem_parts: BTreeMap::new(),
        // The county's regional ESV coefficients hold for each of its parts.
        esv_adjust: county.esv_adjust.clone(),
    }
}

/// The county account of a split indicator from its parts' accounts (each computed like a
/// county): value, quantities and components are the sums; any part not computed leaves the
/// indicator out of every sum, named in the status.
pub(crate) fn combine(
    mut acc: IndicatorAccount,
    parts: Vec<(&Part, IndicatorAccount)>,
    record: bool,
    price_year: i32,
) -> IndicatorAccount {
    let bad: Vec<(&Part, &Status)> = parts
        .iter()
        .filter(|(_, a)| a.status != Status::Computed)
        .map(|(p, a)| (*p, &a.status))
        .collect();
    if bad.is_empty() {
        sum_into(&mut acc, &parts, price_year);
        acc.status = Status::Computed;
    } else {
        acc.status = part_status(&bad);
    }
    if record {
        acc.trace = Some(sum_trace(&acc, &parts));
    }
    acc.parts = parts
        .into_iter()
        .map(|(p, a)| PartAccount {
            part: p.key.clone(),
            ecosystem: p.ecosystem.clone(),
            status: a.status,
            quantity: a.quantity,
            value: a.value,
            trace: a.trace,
        })
        .collect();
    acc
}

/// Value, quantities, components and memo items summed over computed parts.
fn sum_into(acc: &mut IndicatorAccount, parts: &[(&Part, IndicatorAccount)], price_year: i32) {
    acc.value = parts.iter().map(|(_, a)| a.value).sum();
    acc.output_value_only = parts.iter().all(|(_, a)| a.output_value_only);
    for (_, a) in parts {
        for q in &a.quantities {
            match acc.quantities.iter_mut().find(|x| x.unit == q.unit) {
                Some(x) => x.value += q.value,
                None => acc.quantities.push(*q),
            }
        }
        for c in &a.components {
            match acc.components.iter_mut().find(|x| x.id == c.id) {
                Some(x) => {
                    x.quantity += c.quantity;
                    x.value += c.value;
                    // One price when the parts agree, else the value-weighted mean.
                    if x.price != c.price && x.quantity != 0.0 {
                        x.price = x.value / x.quantity;
                    }
                }
                None => acc.components.push(c.clone()),
            }
        }
        for m in &a.memo {
            match acc.memo.iter_mut().find(|x| x.kind == m.kind) {
                Some(x) => x.value += m.value,
                None => acc.memo.push(m.clone()),
            }
        }
    }
    let all_single = parts.iter().all(|(_, a)| a.quantity.is_some());
    acc.quantity = match acc.quantities.as_slice() {
        [q] if all_single => Some(*q),
        _ => None,
    };
    for m in &mut acc.memo {
        let line = |lang| {
            let v = crate::format::auto(m.value);
            match m.kind {
                MemoKind::OutsideFramework => tf(lang, "memo_trace_outside", &[("v", &v)]),
                MemoKind::ConsumerSurplus => tf(lang, "eco_memo_cs_sum", &[("v", &v)]),
            }
        };
        *m = MemoAmount {
            trace_zh: line(Lang::Zh),
            trace_en: line(Lang::En),
            price_year,
            ..m.clone()
        };
    }
}

/// "部分「针叶林」缺少输入或参数：npp" for every part not computed, in both languages.
fn part_status(bad: &[(&Part, &Status)]) -> Status {
    let line = |lang: Lang| {
        bad.iter()
            .map(|(p, s)| {
                let why = match (s, lang) {
                    (Status::Incomplete { missing }, _) => {
                        tf(lang, "eco_part_missing", &[("list", &missing.join(", "))])
                    }
                    (Status::Failed { reason_zh, .. }, Lang::Zh) => reason_zh.clone(),
                    (Status::Failed { reason_en, .. }, Lang::En) => reason_en.clone(),
                    _ => crate::i18n::t(lang, "eco_part_not_entered").to_string(),
                };
                tf(
                    lang,
                    "eco_part_not_computed",
                    &[("part", p.name.get(lang)), ("why", &why)],
                )
            })
            .collect::<Vec<_>>()
            .join(if lang == Lang::Zh { "；" } else { "; " })
    };
    Status::Failed {
        reason_zh: line(Lang::Zh),
        reason_en: line(Lang::En),
    }
}

/// The trace of the county figure: each part's quantity and value, then their sum.
fn sum_trace(acc: &IndicatorAccount, parts: &[(&Part, IndicatorAccount)]) -> Trace {
    let method = parts
        .iter()
        .find_map(|(_, a)| a.trace.as_ref().map(|t| t.method.clone()))
        .unwrap_or_else(|| Arc::from(""));
    let mut steps = Vec::with_capacity(parts.len() * 2 + 1);
    for (p, a) in parts {
        let origin = || Origin::Part {
            part: p.key.clone(),
            ecosystem: p.ecosystem.clone(),
        };
        if let Some(q) = a.quantity {
            steps.push(Step {
                symbol: "Q_e",
                value: q.value,
                unit: q.unit,
                origin: origin(),
            });
        }
        steps.push(Step {
            symbol: "V_e",
            value: a.value,
            unit: Unit::Yuan,
            origin: origin(),
        });
    }
    if acc.status == Status::Computed {
        steps.push(Step {
            symbol: "V",
            value: acc.value,
            unit: Unit::Yuan,
            origin: Origin::Result,
        });
    }
    Trace {
        method,
        formula_zh: FORMULA_ZH,
        formula_en: FORMULA_EN,
        steps,
    }
}

/// A county's rows of "GEP by ecosystem type": counted, computed indicators by the ecosystem
/// type of their parts (subtypes inside their type) and the not-split row last; empty when no
/// indicator is split. The rows sum to the county's gross value.
pub(crate) fn county_rows(keys: &Keys, inds: &[IndicatorAccount]) -> Vec<EcosystemTotals> {
    if inds.iter().all(|a| a.parts.is_empty()) {
        return Vec::new();
    }
    let mut rows: Vec<EcosystemTotals> = Vec::new();
    let mut not_split = EcosystemTotals::default();
    // Every type with a part gets a row, even when nothing of it is computed yet.
    for (key, eco, _) in &keys.order {
        if key != eco {
            continue;
        }
        let has = |k: &str| keys.ecosystem_of(k) == Some(*eco);
        if !inds.iter().any(|a| a.parts.iter().any(|p| has(&p.part))) {
            continue;
        }
        let mut row = EcosystemTotals {
            ecosystem: Some(Arc::from(*eco)),
            ..EcosystemTotals::default()
        };
        for s in keys.subtypes_of(eco) {
            if inds.iter().any(|a| a.parts.iter().any(|p| &*p.part == s)) {
                row.subtypes.push(EcosystemTotals {
                    ecosystem: Some(Arc::from(s)),
                    ..EcosystemTotals::default()
                });
            }
        }
        rows.push(row);
    }
    for a in inds {
        if a.status != Status::Computed || !a.counted {
            continue;
        }
        if a.parts.is_empty() {
            add(&mut not_split, a.category, a.value);
            continue;
        }
        for p in &a.parts {
            let Some(row) = rows
                .iter_mut()
                .find(|r| r.ecosystem.as_deref() == Some(&*p.ecosystem))
            else {
                continue;
            };
            add(row, a.category, p.value);
            if let Some(s) = row
                .subtypes
                .iter_mut()
                .find(|s| s.ecosystem.as_deref() == Some(&*p.part))
            {
                add(s, a.category, p.value);
            }
        }
    }
    rows.push(not_split);
    rows
}

fn add(row: &mut EcosystemTotals, c: Category, v: f64) {
    match c {
        Category::Material => row.material += v,
        Category::Regulating => row.regulating += v,
        Category::Cultural => row.cultural += v,
    }
    row.total += v;
}

/// Adds the category values of `from` to `to` (not its subtypes).
fn add_row(to: &mut EcosystemTotals, from: &EcosystemTotals) {
    to.material += from.material;
    to.regulating += from.regulating;
    to.cultural += from.cultural;
    to.total += from.total;
}

/// Adds a county's rows to the region's (same keys summed; types in registry order, the
/// not-split row last, subtypes in project order).
pub(crate) fn merge_rows(
    keys: &Keys,
    region: &mut Vec<EcosystemTotals>,
    county: &[EcosystemTotals],
) {
    for r in county {
        let target = match region.iter_mut().find(|x| x.ecosystem == r.ecosystem) {
            Some(t) => t,
            None => {
                region.push(EcosystemTotals {
                    ecosystem: r.ecosystem.clone(),
                    ..EcosystemTotals::default()
                });
                let n = region.len() - 1;
                &mut region[n]
            }
        };
        add_row(target, r);
        for s in &r.subtypes {
            match target
                .subtypes
                .iter_mut()
                .find(|x| x.ecosystem == s.ecosystem)
            {
                Some(x) => add_row(x, s),
                None => target.subtypes.push(s.clone()),
            }
        }
    }
    let rank = |k: &str| {
        keys.order
            .iter()
            .position(|o| o.0 == k)
            .unwrap_or(usize::MAX - 1)
    };
    for r in region.iter_mut() {
        r.subtypes
            .sort_by_key(|s| s.ecosystem.as_deref().map_or(usize::MAX, rank));
    }
    region.sort_by_key(|r| r.ecosystem.as_deref().map_or(usize::MAX, rank));
}

impl Part {
    /// The part's input of indicator `id`, if it has one.
    pub(crate) fn input(&self, id: &str) -> Option<&crate::model::IndicatorInput> {
        self.cp.indicators.get(id)
    }
}
