//! Consistency check of the registry: every reference resolves, every input has a unit the
//! engine can convert, every parameter names its source and (for prices) its price year, every
//! statutory (non-indexed) rate names the law that fixes it, every built-in factor table maps
//! every land class (a row, or explicitly no ESV with the reason), and every framework's
//! accepted-methods rule names real methods with a reason and a source.

use std::collections::HashSet;

use super::types::*;
use crate::units::Unit;

/// Returns one line per problem; empty when the registry is consistent.
pub fn check(reg: &Registry) -> Vec<String> {
    let mut out = Vec::new();
    dupes(&mut out, "framework", reg.frameworks.iter().map(|f| &f.id));
    dupes(&mut out, "indicator", reg.indicators.iter().map(|i| &i.id));
    dupes(&mut out, "parameter", reg.params.iter().map(|p| &p.id));
    dupes(
        &mut out,
        "land class",
        reg.land_classes.iter().map(|c| &c.id),
    );
    dupes(
        &mut out,
        "factor table",
        reg.factor_tables.iter().map(|t| &t.id),
    );

    for f in &reg.frameworks {
        if f.source.zh.trim().is_empty() {
            out.push(format!("framework {}: missing source", f.id));
        }
    }
    check_params(reg, &mut out);
    let ids = Ids {
        frameworks: reg.frameworks.iter().map(|f| f.id.as_str()).collect(),
        params: reg.params.iter().map(|p| p.id.as_str()).collect(),
        indicators: reg.indicators.iter().map(|i| i.id.as_str()).collect(),
    };
    for ind in &reg.indicators {
        check_indicator(reg, &ids, ind, &mut out);
        for m in &ind.methods {
            check_method(&ids, ind, m, &mut out);
        }
    }
    check_land_classes(reg, &mut out);
    check_tables_and_indices(reg, &mut out);
    for t in &reg.factor_tables {
        check_crosswalk(reg, t, &mut out);
    }
    check_method_rules(reg, &mut out);
    out
}

/// Ids that references must resolve to.
struct Ids<'a> {
    frameworks: HashSet<&'a str>,
    params: HashSet<&'a str>,
    indicators: HashSet<&'a str>,
}

fn check_params(reg: &Registry, out: &mut Vec<String>) {
    for p in &reg.params {
        if p.source.zh.trim().is_empty() {
            out.push(format!("parameter {}: missing source", p.id));
        }
        if p.name.zh.is_empty() || p.name.en.is_empty() {
            out.push(format!("parameter {}: name needs zh and en", p.id));
        }
        if p.unit.is_price() && p.price_year.is_none() && p.value.is_some() {
            out.push(format!("parameter {}: a price needs a price year", p.id));
        }
        if let Some(ix) = &p.index
            && reg.price_index(ix).is_none()
        {
            out.push(format!("parameter {}: unknown price index {ix}", p.id));
        }
        if let Some(v) = p.value
            && !v.is_finite()
        {
            out.push(format!("parameter {}: value is not finite", p.id));
        }
        check_basis(p, out);
        if p.value.is_none() && p.tag != Tag::U {
            out.push(format!(
                "parameter {}: a parameter without value must be tagged U",
                p.id
            ));
        }
    }
}

/// A statutory (non-indexed) rate must name the law fixing it, be a money amount, and name no
/// price index (none applies to it).
fn check_basis(p: &ParamSpec, out: &mut Vec<String>) {
    let Some(law) = p.basis.law() else { return };
    if law.zh.trim().is_empty() {
        out.push(format!(
            "parameter {}: a statutory rate needs the law that fixes it",
            p.id
        ));
    }
    if !(p.unit.is_price() || p.unit.is_money()) {
        out.push(format!(
            "parameter {}: only a price or money amount can be a statutory rate",
            p.id
        ));
    }
    if let Some(ix) = &p.index {
        out.push(format!(
            "parameter {}: a statutory rate is not indexed, yet names price index {ix}",
            p.id
        ));
    }
}

/// An indicator's names, frameworks, parameters, price units and list of methods.
fn check_indicator(reg: &Registry, ids: &Ids, ind: &IndicatorSpec, out: &mut Vec<String>) {
    let id = &ind.id;
    if ind.name.zh.is_empty() || ind.name.en.is_empty() {
        out.push(format!("indicator {id}: name needs zh and en"));
    }
    if ind.clause.zh.trim().is_empty() {
        out.push(format!("indicator {id}: missing clause/source"));
    }
    for f in &ind.frameworks {
        if !ids.frameworks.contains(f.as_str()) {
            out.push(format!("indicator {id}: unknown framework {f}"));
        }
    }
    for p in ind.formula.params() {
        if !ids.params.contains(p) {
            out.push(format!("indicator {id}: unknown parameter {p}"));
        }
    }
    if let Formula::Priced { components } = &ind.formula {
        for c in components {
            let unit = match &c.price {
                PriceRef::Param(p) => reg.param(p).map(|p| p.unit),
                PriceRef::Pollutant { cost, .. } => reg.param(cost).map(|p| p.unit),
                PriceRef::Input(_) => None,
            };
            if let Some(u) = unit
                && crate::units::price_unit_factor(c.unit, u).is_none()
            {
                out.push(format!(
                    "indicator {id} component {}: price unit {} does not price {}",
                    c.id,
                    u.key(),
                    c.unit.key()
                ));
            }
        }
    }
    if ind.methods.is_empty() {
        out.push(format!("indicator {id}: no method"));
    }
    dupes(
        out,
        &format!("indicator {id} method"),
        ind.methods.iter().map(|m| &m.id),
    );
}

/// A method's model: it fits the formula, its parameters exist and its inputs are exactly the
/// model's declared roles (`roles`), each in a unit convertible to the one the engine uses.
fn check_method(ids: &Ids, ind: &IndicatorSpec, m: &MethodSpec, out: &mut Vec<String>) {
    let id = &ind.id;
    if !m.model.fits(&ind.formula) {
        out.push(format!(
            "indicator {id} method {}: model does not fit the formula",
            m.id
        ));
    }
    for p in m.model.params() {
        if !ids.params.contains(p) {
            out.push(format!(
                "indicator {id} method {}: unknown parameter {p}",
                m.id
            ));
        }
    }
    if let Model::OxygenFromCarbon { carbon } = &m.model
        && !ids.indicators.contains(carbon.as_str())
    {
        out.push(format!("indicator {id}: unknown carbon indicator {carbon}"));
    }
    if let (Some(needed), Formula::Priced { components }) = (m.model.produces(), &ind.formula) {
        let have: Vec<&str> = components.iter().map(|c| c.id.as_str()).collect();
        if have != needed {
            out.push(format!(
                "indicator {id} method {}: components must be {needed:?}, found {have:?}",
                m.id
            ));
        }
    }
    let mut roles = m.model.input_roles(&ind.formula);
    for pi in ind.formula.price_inputs() {
        roles.push((pi.to_string(), Unit::YuanPerM2));
    }
    for (role, unit) in &roles {
        match m.inputs.iter().find(|i| &i.id == role) {
            None => out.push(format!(
                "indicator {id} method {}: missing input {role}",
                m.id
            )),
            Some(spec) => {
                let compatible = spec.unit == *unit || spec.unit.convert(1.0, *unit).is_some();
                if !compatible && !ind.formula.price_inputs().contains(&role.as_str()) {
                    out.push(format!(
                        "indicator {id} method {} input {role}: unit {} cannot convert to {}",
                        m.id,
                        spec.unit.key(),
                        unit.key()
                    ));
                }
            }
        }
    }
    for i in &m.inputs {
        if !roles.iter().any(|(r, _)| r == &i.id) {
            out.push(format!(
                "indicator {id} method {}: unknown input {}",
                m.id, i.id
            ));
        }
        if i.name.zh.is_empty() || i.name.en.is_empty() {
            out.push(format!(
                "indicator {id} input {}: name needs zh and en",
                i.id
            ));
        }
    }
}

fn check_land_classes(reg: &Registry, out: &mut Vec<String>) {
    for c in &reg.land_classes {
        if reg.ecosystem(&c.ecosystem).is_none() {
            out.push(format!(
                "land class {}: ecosystem type `{}` is not in ecosystems.ron",
                c.id, c.ecosystem
            ));
        }
        if let Some(a) = c.runoff_coeff {
            if !(0.0..=1.0).contains(&a) {
                out.push(format!(
                    "land class {}: runoff coefficient {a} outside 0..1",
                    c.id
                ));
            }
            if c.runoff_source.zh.trim().is_empty() {
                out.push(format!(
                    "land class {}: runoff coefficient without source",
                    c.id
                ));
            }
        }
    }
}

fn check_tables_and_indices(reg: &Registry, out: &mut Vec<String>) {
    for t in &reg.factor_tables {
        if t.source.zh.trim().is_empty() {
            out.push(format!("factor table {}: missing source", t.id));
        }
        // Built-in tables declare the regional coefficient of every service, and say where
        // the assignment comes from.
        for s in t.services.iter().filter(|s| s.adjust.is_none()) {
            out.push(format!(
                "factor table {} service {}: no regional adjustment declared",
                t.id, s.id
            ));
        }
        if t.adjusts() && t.adjust_note.zh.trim().is_empty() {
            out.push(format!("factor table {}: missing adjust_note", t.id));
        }
        for r in &t.rows {
            if r.factors.len() != t.services.len() {
                out.push(format!(
                    "factor table {} row {}: {} factors for {} services",
                    t.id,
                    r.id,
                    r.factors.len(),
                    t.services.len()
                ));
            }
        }
    }

    for s in &reg.price_indices {
        if s.source.zh.trim().is_empty() {
            out.push(format!("price index {}: missing source", s.id));
        }
        if s.values.values().any(|v| !v.is_finite() || *v <= 0.0) {
            out.push(format!("price index {}: values must be positive", s.id));
        }
    }
}

/// A built-in table's crosswalk: one entry for every registry land class (none left out by
/// omission), each naming a row of the table or, explicitly, no ESV with the reason.
fn check_crosswalk(reg: &Registry, t: &FactorTable, out: &mut Vec<String>) {
    let id = &t.id;
    dupes(
        out,
        &format!("factor table {id} crosswalk class"),
        t.crosswalk.iter().map(|c| &c.class),
    );
    for c in &t.crosswalk {
        if reg.land_class(&c.class).is_none() {
            out.push(format!(
                "factor table {id} crosswalk: unknown land class {}",
                c.class
            ));
        }
        match &c.row {
            Some(row) if t.row_index(row).is_none() => out.push(format!(
                "factor table {id} crosswalk: land class {} maps to unknown row {row}",
                c.class
            )),
            None if c.note.zh.trim().is_empty() => out.push(format!(
                "factor table {id} crosswalk: land class {} has no ESV without a note saying why",
                c.class
            )),
            _ => {}
        }
    }
    for c in &reg.land_classes {
        if t.default_for(&c.id).is_none() {
            out.push(format!(
                "factor table {id}: land class {} is unmapped; give it a row or an explicit \
                 `row: None` with a note",
                c.id
            ));
        }
    }
}

/// Each framework's accepted methods: a known indicator counted by the framework, known
/// methods, a reason and a source.
fn check_method_rules(reg: &Registry, out: &mut Vec<String>) {
    for f in &reg.frameworks {
        for r in &f.accepted_methods {
            let Some(ind) = reg.indicator(&r.indicator) else {
                out.push(format!(
                    "framework {}: accepted methods of unknown indicator {}",
                    f.id, r.indicator
                ));
                continue;
            };
            if !ind.counts_in(&f.id) {
                out.push(format!(
                    "framework {}: accepted methods of {}, which it does not count",
                    f.id, r.indicator
                ));
            }
            for m in &r.methods {
                if ind.method(m).is_none() {
                    out.push(format!(
                        "framework {}: indicator {} has no method {m}",
                        f.id, r.indicator
                    ));
                }
            }
            if r.methods.is_empty() || r.reason.zh.is_empty() || r.reason.en.is_empty() {
                out.push(format!(
                    "framework {}: the rule for {} needs methods and a reason in zh and en",
                    f.id, r.indicator
                ));
            }
            if r.source.zh.trim().is_empty() {
                out.push(format!(
                    "framework {}: the rule for {} needs a source",
                    f.id, r.indicator
                ));
            }
        }
    }
}

fn dupes<'a>(out: &mut Vec<String>, what: &str, ids: impl Iterator<Item = &'a String>) {
    let mut seen = HashSet::new();
    for id in ids {
        if !seen.insert(id.as_str()) {
            out.push(format!("{what} {id}: duplicate id"));
        }
    }
}
