//! Names in the display language: one `Labels` for the app, the report, the workbook and the
//! chart builders. It reads the project's effective catalogue (`model::catalogue`) and the
//! registry, and words everything a reader sees by name, never by id (an id is shown only when
//! nothing names it).

use crate::engine::{Accounts, CountyAccount, EffectiveParam, IndicatorAccount, Status};
use crate::i18n::{self, Lang};
use crate::model::Project;
use crate::model::catalogue::Catalogue;
use crate::registry::{Category, IndicatorSpec, Registry};
use crate::units::Unit;

/// Names of one project's entries in one language.
pub struct Labels<'a> {
    pub project: &'a Project,
    pub registry: &'a Registry,
    pub lang: Lang,
    pub catalogue: Catalogue<'a>,
}

impl<'a> Labels<'a> {
    pub fn new(project: &'a Project, registry: &'a Registry, lang: Lang) -> Self {
        Labels {
            project,
            registry,
            lang,
            catalogue: Catalogue::new(project, registry),
        }
    }
}

impl Labels<'_> {
    pub fn zh(&self) -> bool {
        self.lang == Lang::Zh
    }

    /// The catalogue text of `key` (see `i18n::catalogue`).
    pub fn key(&self, key: &'static str) -> &'static str {
        i18n::t(self.lang, key)
    }

    /// The catalogue text of `key` with `{name}` placeholders filled.
    pub fn keyf(&self, key: &'static str, args: &[(&str, &str)]) -> String {
        i18n::tf(self.lang, key, args)
    }

    pub fn unit(&self, u: Unit) -> &'static str {
        u.symbol(self.lang)
    }

    /// "label（unit）" / "label (unit)".
    pub fn with_unit(&self, label: &str, unit: &str) -> String {
        // The unit is filled first, so a label that happens to contain "{unit}" stays as typed.
        self.keyf("lbl_with_unit", &[("unit", unit), ("label", label)])
    }

    pub fn spec(&self, id: &str) -> Option<&IndicatorSpec> {
        self.catalogue.indicator(id)
    }

    pub fn indicator_name(&self, id: &str) -> String {
        self.spec(id)
            .map_or_else(|| id.to_string(), |s| s.name.get(self.lang).to_string())
    }

    pub fn category(&self, c: Category) -> String {
        c.name().get(self.lang).to_string()
    }

    pub fn county(&self, c: &CountyAccount) -> String {
        c.name_zh_or_en(self.lang).to_string()
    }

    /// The framework's display name ("名称（id）" in Chinese).
    pub fn framework_name(&self, id: &str) -> String {
        self.registry.framework_label(id, self.lang)
    }

    pub fn land_class_name(&self, id: &str) -> String {
        self.catalogue.land_class_name(id, self.lang)
    }

    pub fn method_name(&self, indicator: &str, method: &str) -> String {
        match self.spec(indicator).and_then(|s| s.method(method)) {
            Some(m) => m.name.get(self.lang).to_string(),
            None => method.to_string(),
        }
    }

    pub fn input_name(&self, indicator: &str, input: &str) -> String {
        self.spec(indicator)
            .and_then(|s| {
                s.methods
                    .iter()
                    .flat_map(|m| &m.inputs)
                    .find(|i| i.id == input)
            })
            .map_or_else(|| input.to_string(), |i| i.name.get(self.lang).to_string())
    }

    /// A formula component's name (`Formula::component_name`), else its id.
    pub fn component_name(&self, indicator: &str, component: &str) -> String {
        self.spec(indicator)
            .and_then(|s| s.formula.component_name(component, self.lang))
            .map_or_else(|| component.to_string(), str::to_string)
    }

    /// The name of an ecosystem part: a registry ecosystem type or a project subtype, else its
    /// key.
    pub fn ecosystem_part_name(&self, key: &str) -> String {
        if let Some(e) = self.registry.ecosystem(key) {
            return e.name.get(self.lang).to_string();
        }
        self.project
            .ecosystem_subtypes
            .iter()
            .find(|s| s.id == key)
            .map_or_else(|| key.to_string(), |s| s.name.get(self.lang).to_string())
    }

    pub fn param_name<'p>(&self, p: &'p EffectiveParam) -> &'p str {
        if self.zh() || p.name_en.is_empty() {
            &p.name_zh
        } else {
            &p.name_en
        }
    }
}

/// Indicator ids of the accounts in the engine's order.
pub fn indicator_ids(accounts: &Accounts) -> Vec<&str> {
    accounts
        .region
        .by_indicator
        .iter()
        .map(|(id, _)| id.as_ref())
        .collect()
}

/// A county's account of indicator `id`.
pub fn indicator<'c>(c: &'c CountyAccount, id: &str) -> Option<&'c IndicatorAccount> {
    c.indicators.iter().find(|a| &*a.id == id)
}

/// The first county's account of an indicator (category and counted are the same in every
/// county).
pub fn any_account<'c>(accounts: &'c Accounts, id: &str) -> Option<&'c IndicatorAccount> {
    accounts.counties.iter().find_map(|c| indicator(c, id))
}

/// Whether the accounts' framework counts indicator `id` in GEP.
pub fn counted(labels: &Labels, accounts: &Accounts, id: &str) -> bool {
    any_account(accounts, id).map_or_else(
        || {
            labels
                .spec(id)
                .is_some_and(|s| s.counts_in(&accounts.framework))
        },
        |a| a.counted,
    )
}

/// "—" for not entered, a short word for incomplete or failed, nothing for computed.
pub fn status_text(lang: Lang, s: &Status) -> &'static str {
    match s {
        Status::Computed => "",
        Status::NotEntered => "—",
        Status::Incomplete { .. } => i18n::t(lang, "lbl_status_incomplete"),
        Status::Failed { .. } => i18n::t(lang, "lbl_status_failed"),
    }
}
