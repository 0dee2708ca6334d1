//! Consistency check of the registry: every reference resolves, every input has a unit the
//! engine can convert, every parameter names its source and (for prices) its price year.

use std::collections::HashSet;

use super::types::*;
use crate::units::Unit;

impl Model {
    /// The input ids this model reads for an indicator with `formula`, with the unit the engine
    /// computes in. The registry may declare any unit convertible to it (e.g. hm² for km²).
    pub fn input_roles(&self, formula: &Formula) -> Vec<(String, Unit)> {
        let r = |pairs: &[(&str, Unit)]| -> Vec<(String, Unit)> {
            pairs
                .iter()
                .map(|(id, u)| ((*id).to_string(), *u))
                .collect()
        };
        match self {
            Model::Direct => match formula {
                Formula::Priced { components } => {
                    components.iter().map(|c| (c.id.clone(), c.unit)).collect()
                }
                Formula::Products => vec![],
                Formula::SoilRetention { .. } => r(&[("retained_soil", Unit::T)]),
                Formula::SandFixation { .. } => r(&[("sand_fixed", Unit::T)]),
                Formula::TravelCost { .. } => {
                    r(&[("visits", Unit::PersonTrip), ("value", Unit::Yuan)])
                }
            },
            Model::WaterBalance => r(&[("precip", Unit::Mm), ("et", Unit::Mm)]),
            Model::FloodStorage { .. } => r(&[
                ("lake_area", Unit::Km2),
                ("lake_exchange", Unit::Times),
                ("reservoir_capacity", Unit::M3),
                ("marsh_area", Unit::Km2),
            ]),
            Model::CarbonNep => r(&[("nep", Unit::TC)]),
            Model::CarbonNpp { .. } | Model::OxygenNpp { .. } => r(&[("npp", Unit::T)]),
            Model::OxygenFromCarbon { .. } => vec![],
            Model::PurificationCapacity => match formula {
                Formula::Priced { components } => components
                    .iter()
                    .flat_map(|c| {
                        [
                            (format!("{}_emission", c.id), c.unit),
                            (format!("{}_capacity", c.id), c.unit),
                        ]
                    })
                    .collect(),
                _ => vec![],
            },
            Model::ClimateEnergy { .. } => r(&[
                ("epp", Unit::KjPerM2Day),
                ("ac_days", Unit::Day),
                ("evaporation", Unit::M3),
            ]),
            Model::Rusle => r(&[
                ("r", Unit::RusleR),
                ("k", Unit::RusleK),
                ("ls", Unit::Fraction),
                ("c", Unit::Fraction),
                ("p", Unit::Fraction),
                ("area", Unit::Hm2),
            ]),
            Model::Rweq => r(&[
                ("wf", Unit::KgPerM),
                ("ef", Unit::Fraction),
                ("scf", Unit::Fraction),
                ("k_rough", Unit::Fraction),
                ("c_veg", Unit::Fraction),
                ("z", Unit::M),
                ("area", Unit::Hm2),
            ]),
            Model::TravelCostSurvey => r(&[
                ("visits", Unit::PersonTrip),
                ("expense", Unit::YuanPerVisit),
                ("hours", Unit::HoursPerVisit),
                ("wage", Unit::YuanPerHour),
                ("cs", Unit::YuanPerVisit),
            ]),
        }
    }

    /// Component ids the model produces for a `Formula::Priced` indicator (`None`: any).
    pub fn produces(&self) -> Option<&'static [&'static str]> {
        match self {
            Model::FloodStorage { .. } => Some(&["lake", "reservoir", "marsh"]),
            Model::ClimateEnergy { .. } => Some(&["transpiration", "evaporation"]),
            _ => None,
        }
    }

    /// Parameter ids the model uses.
    pub fn params(&self) -> Vec<&str> {
        match self {
            Model::FloodStorage {
                lake_a,
                lake_b,
                reservoir_share,
                marsh_depth,
            } => vec![lake_a, lake_b, reservoir_share, marsh_depth],
            Model::CarbonNpp { co2_per_npp } => vec![co2_per_npp],
            Model::OxygenNpp { o2_per_npp } => vec![o2_per_npp],
            Model::ClimateEnergy {
                eer,
                latent_heat,
                humidifier,
            } => vec![eer, latent_heat, humidifier],
            _ => vec![],
        }
    }

    /// Is this model usable with this value formula?
    pub fn fits(&self, formula: &Formula) -> bool {
        matches!(
            (self, formula),
            (Model::Direct, _)
                | (Model::Rusle, Formula::SoilRetention { .. })
                | (Model::Rweq, Formula::SandFixation { .. })
                | (Model::TravelCostSurvey, Formula::TravelCost { .. })
                | (
                    Model::WaterBalance
                        | Model::FloodStorage { .. }
                        | Model::CarbonNep
                        | Model::CarbonNpp { .. }
                        | Model::OxygenFromCarbon { .. }
                        | Model::OxygenNpp { .. }
                        | Model::PurificationCapacity
                        | Model::ClimateEnergy { .. },
                    Formula::Priced { .. },
                )
        )
    }
}

impl Formula {
    /// Parameter ids the value formula uses (pollutant prices list all three).
    pub fn params(&self) -> Vec<&str> {
        match self {
            Formula::Priced { components } => components
                .iter()
                .flat_map(|c| match &c.price {
                    PriceRef::Param(p) => vec![p.as_str()],
                    PriceRef::Input(_) => vec![],
                    PriceRef::Pollutant {
                        cost,
                        tax,
                        equivalent,
                    } => vec![cost.as_str(), tax.as_str(), equivalent.as_str()],
                })
                .collect(),
            Formula::Products => vec![],
            Formula::SoilRetention {
                sediment_coeff,
                bulk_density,
                dredging_cost,
                soil_n,
                soil_p,
                price_n,
                price_p,
            } => vec![
                sediment_coeff,
                bulk_density,
                dredging_cost,
                soil_n,
                soil_p,
                price_n,
                price_p,
            ],
            Formula::SandFixation {
                density,
                depth,
                cost,
            } => vec![density, depth, cost],
            Formula::TravelCost { time_share } => vec![time_share],
        }
    }

    /// Per-county price inputs the formula reads in every method.
    pub fn price_inputs(&self) -> Vec<&str> {
        match self {
            Formula::Priced { components } => components
                .iter()
                .filter_map(|c| match &c.price {
                    PriceRef::Input(i) => Some(i.as_str()),
                    _ => None,
                })
                .collect(),
            _ => vec![],
        }
    }
}

/// Returns one line per problem; empty when the registry is consistent.
pub fn check(reg: &Registry) -> Vec<String> {
    let mut out = Vec::new();
    let fw: HashSet<&str> = reg.frameworks.iter().map(|f| f.id.as_str()).collect();
    let params: HashSet<&str> = reg.params.iter().map(|p| p.id.as_str()).collect();
    let indicators: HashSet<&str> = reg.indicators.iter().map(|i| i.id.as_str()).collect();

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
        if f.source.trim().is_empty() {
            out.push(format!("framework {}: missing source", f.id));
        }
    }

    for p in &reg.params {
        if p.source.trim().is_empty() {
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
        if p.value.is_none() && p.tag != Tag::U {
            out.push(format!(
                "parameter {}: a parameter without value must be tagged U",
                p.id
            ));
        }
    }

    for ind in &reg.indicators {
        let id = &ind.id;
        if ind.name.zh.is_empty() || ind.name.en.is_empty() {
            out.push(format!("indicator {id}: name needs zh and en"));
        }
        if ind.clause.trim().is_empty() {
            out.push(format!("indicator {id}: missing clause/source"));
        }
        for f in &ind.frameworks {
            if !fw.contains(f.as_str()) {
                out.push(format!("indicator {id}: unknown framework {f}"));
            }
        }
        for p in ind.formula.params() {
            if !params.contains(p) {
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
            &mut out,
            &format!("indicator {id} method"),
            ind.methods.iter().map(|m| &m.id),
        );
        for m in &ind.methods {
            if !m.model.fits(&ind.formula) {
                out.push(format!(
                    "indicator {id} method {}: model does not fit the formula",
                    m.id
                ));
            }
            for p in m.model.params() {
                if !params.contains(p) {
                    out.push(format!(
                        "indicator {id} method {}: unknown parameter {p}",
                        m.id
                    ));
                }
            }
            if let Model::OxygenFromCarbon { carbon } = &m.model
                && !indicators.contains(carbon.as_str())
            {
                out.push(format!("indicator {id}: unknown carbon indicator {carbon}"));
            }
            if let (Some(needed), Formula::Priced { components }) =
                (m.model.produces(), &ind.formula)
            {
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
                        let compatible =
                            spec.unit == *unit || spec.unit.convert(1.0, *unit).is_some();
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
    }

    for c in &reg.land_classes {
        if let Some(a) = c.runoff_coeff {
            if !(0.0..=1.0).contains(&a) {
                out.push(format!(
                    "land class {}: runoff coefficient {a} outside 0..1",
                    c.id
                ));
            }
            if c.runoff_source.trim().is_empty() {
                out.push(format!(
                    "land class {}: runoff coefficient without source",
                    c.id
                ));
            }
        }
        for (table, row) in [("xie2015", &c.xie2015), ("xie2003", &c.xie2003)] {
            if let Some(row) = row
                && !reg
                    .factor_table(table)
                    .is_some_and(|t| t.rows.iter().any(|r| &r.id == row))
            {
                out.push(format!("land class {}: unknown {table} row {row}", c.id));
            }
        }
    }

    for t in &reg.factor_tables {
        if t.source.trim().is_empty() {
            out.push(format!("factor table {}: missing source", t.id));
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
        if s.source.trim().is_empty() {
            out.push(format!("price index {}: missing source", s.id));
        }
        if s.values.values().any(|v| !v.is_finite() || *v <= 0.0) {
            out.push(format!("price index {}: values must be positive", s.id));
        }
    }
    out
}

fn dupes<'a>(out: &mut Vec<String>, what: &str, ids: impl Iterator<Item = &'a String>) {
    let mut seen = HashSet::new();
    for id in ids {
        if !seen.insert(id.as_str()) {
            out.push(format!("{what} {id}: duplicate id"));
        }
    }
}
