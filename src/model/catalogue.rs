//! The project's effective catalogue: the registry's entries together with the project's own
//! custom indicators, land classes and factor tables, and where each land class goes in a factor
//! table (the project's crosswalk, else the table's). "The project's custom entry, else the
//! registry's" is decided here once, for the engine, validation, import, the views and the
//! report alike.
//!
//! It sits on the model floor because it reads only the project and the registry (the model
//! already builds on the registry); nothing here computes.

use std::borrow::Cow;

use super::Project;
use crate::i18n::{Lang, Text};
use crate::registry::{
    ComponentSpec, FactorTable, Formula, IndicatorSpec, InputSpec, MethodSpec, Model, PriceRef,
    QuantitySpec, Registry, Valuation,
};

/// Every indicator the project can use: the registry's, in registry order, followed by the
/// project's custom indicators (as `Priced` specs whose price is the parameter `custom.<id>`
/// that the price book adds).
pub fn indicators<'a>(project: &'a Project, registry: &'a Registry) -> Vec<Cow<'a, IndicatorSpec>> {
    let mut v: Vec<Cow<IndicatorSpec>> = registry.indicators.iter().map(Cow::Borrowed).collect();
    for c in &project.custom_indicators {
        v.push(Cow::Owned(IndicatorSpec {
            id: c.id.clone(),
            name: c.name.clone(),
            category: c.category,
            frameworks: c.frameworks.clone(),
            market: c.market,
            valuation: Valuation::MarketPrice,
            clause: c.source.clone(),
            help: Default::default(),
            quantity: QuantitySpec {
                name: c.name.clone(),
                unit: c.unit.canonical(),
            },
            formula: Formula::Priced {
                components: vec![ComponentSpec {
                    id: "quantity".into(),
                    name: c.name.clone(),
                    unit: c.unit.canonical(),
                    price: PriceRef::Param(format!("custom.{}", c.id)),
                }],
            },
            methods: vec![MethodSpec {
                id: "direct".into(),
                name: Text::new("直接输入", "Direct entry"),
                model: Model::Direct,
                inputs: vec![InputSpec {
                    id: "quantity".into(),
                    name: c.name.clone(),
                    unit: c.unit,
                    // A change (stock increment, net flux) may be negative.
                    min: if c.change { None } else { Some(0.0) },
                    max: None,
                    required: true,
                    help: Default::default(),
                }],
                clause: String::new(),
            }],
            seea: String::new(),
            change: c.change,
            coastal_only: false,
        }));
    }
    v
}

/// The factor table `id`: the project's custom table of that id, else the registry's.
pub fn factor_table<'a>(
    project: &'a Project,
    registry: &'a Registry,
    id: &str,
) -> Option<&'a FactorTable> {
    project
        .custom_factor_tables
        .iter()
        .find(|t| t.id == id)
        .or_else(|| registry.factor_table(id))
}

/// Where a land class goes in a factor table: the project's crosswalk entry, else the table's
/// default crosswalk. The engine, validation and the ESV page all resolve classes here.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum EsvRow<'a> {
    /// A row of the table (its index) scaled by `factor`.
    Row { index: usize, factor: f64 },
    /// Explicitly no ESV: the project chose "none", or the table's crosswalk says why (`note`).
    NoEsv { note: Option<&'a str> },
    /// Nothing maps the class, or the project names a row the table does not have.
    Unmapped,
}

/// The row of `class` in `table` for this project (see [`EsvRow`]).
pub fn esv_row<'a>(project: &Project, table: &'a FactorTable, class: &str) -> EsvRow<'a> {
    let row = |id: &str, factor: f64| {
        table
            .row_index(id)
            .map_or(EsvRow::Unmapped, |index| EsvRow::Row { index, factor })
    };
    if let Some(e) = project.esv.crosswalk.get(class) {
        return match e.row.as_deref() {
            Some(id) => row(id, e.factor),
            None => EsvRow::NoEsv { note: None },
        };
    }
    match table.default_for(class) {
        Some(d) => match d.row.as_deref() {
            Some(id) => row(id, 1.0),
            None => EsvRow::NoEsv {
                note: Some(d.note.as_str()),
            },
        },
        None => EsvRow::Unmapped,
    }
}

/// Display name of a land class: the registry's, then the project's custom classes, else the
/// id itself.
pub fn land_class_name(project: &Project, registry: &Registry, id: &str, lang: Lang) -> String {
    if let Some(c) = registry.land_class(id) {
        return c.name.get(lang).to_string();
    }
    project
        .custom_land_classes
        .iter()
        .find(|c| c.id == id)
        .map_or_else(|| id.to_string(), |c| c.name.get(lang).to_string())
}

/// The catalogue of one project, with the indicator list resolved once.
pub struct Catalogue<'a> {
    pub project: &'a Project,
    pub registry: &'a Registry,
    indicators: Vec<Cow<'a, IndicatorSpec>>,
}

impl<'a> Catalogue<'a> {
    pub fn new(project: &'a Project, registry: &'a Registry) -> Self {
        Catalogue {
            project,
            registry,
            indicators: indicators(project, registry),
        }
    }

    /// Every indicator, registry first, then custom.
    pub fn indicators(&self) -> impl Iterator<Item = &IndicatorSpec> {
        self.indicators.iter().map(|s| s.as_ref())
    }

    pub fn indicator(&self, id: &str) -> Option<&IndicatorSpec> {
        self.indicators().find(|s| s.id == id)
    }

    pub fn factor_table(&self, id: &str) -> Option<&'a FactorTable> {
        factor_table(self.project, self.registry, id)
    }

    pub fn land_class_name(&self, id: &str, lang: Lang) -> String {
        land_class_name(self.project, self.registry, id, lang)
    }
}
