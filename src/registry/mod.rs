//! The indicator registry: declarative catalogues shipped in `assets/registry/*.ron`.
//!
//! Owns the *data* that describes the accounting method: frameworks, GEP indicators (with the
//! inputs each physical model needs, their units, ranges and help), parameters and prices
//! (value, unit, price year, source, verification tag), land-cover classes, equivalent-factor
//! tables and price-index series. Forms, validation, the `registry` CLI listing and report
//! tables are generated from it. The RON files are embedded in the binary; `Registry::builtin()`
//! parses them once. `check()` is the consistency test run by `cargo test`.
//!
//! Design note: formula *kinds* are Rust code (`Formula`, `Model`) because each is a small pure
//! function with a hand-worked unit test; *which* indicator uses which kind, with which inputs
//! and parameters, is data. Adding an indicator of an existing kind means editing RON only.
//! The inputs each model kind reads (id, trace symbol, engine unit) are declared once in
//! `roles`; `Model::input_roles` (in `types`, beside `Model`) lists them for `check()`, and the
//! engine reads through the same constants.

mod check;
mod components;
pub mod plausible;
pub mod roles;
mod types;
pub mod uncertainty;

pub use check::check;
pub use types::*;

use std::sync::OnceLock;

const FRAMEWORKS: &str = include_str!("../../assets/registry/frameworks.ron");
const INDICATORS: &str = include_str!("../../assets/registry/indicators.ron");
const PARAMETERS: &str = include_str!("../../assets/registry/parameters.ron");
const LAND_CLASSES: &str = include_str!("../../assets/registry/land_classes.ron");
const FACTOR_TABLES: &str = include_str!("../../assets/registry/factor_tables.ron");
const ECOSYSTEMS: &str = include_str!("../../assets/registry/ecosystems.ron");
const PRICE_INDICES: &str = include_str!("../../assets/registry/price_indices.ron");

/// Error while parsing an embedded registry file (a build defect, caught by tests).
#[derive(Debug, thiserror::Error)]
#[error("registry file {file}: {source}")]
pub struct RegistryError {
    pub file: &'static str,
    #[source]
    pub source: ron::error::SpannedError,
}

fn parse<T: serde::de::DeserializeOwned>(
    file: &'static str,
    text: &str,
) -> Result<T, RegistryError> {
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .from_str(text)
        .map_err(|source| RegistryError { file, source })
}

impl Registry {
    /// Parses the embedded RON catalogues.
    pub fn load_embedded() -> Result<Registry, RegistryError> {
        Ok(Registry {
            frameworks: parse("frameworks.ron", FRAMEWORKS)?,
            indicators: parse("indicators.ron", INDICATORS)?,
            params: parse("parameters.ron", PARAMETERS)?,
            land_classes: parse("land_classes.ron", LAND_CLASSES)?,
            factor_tables: parse("factor_tables.ron", FACTOR_TABLES)?,
            price_indices: parse("price_indices.ron", PRICE_INDICES)?,
            ecosystems: parse("ecosystems.ron", ECOSYSTEMS)?,
        })
    }

    /// The built-in registry, parsed once per process.
    ///
    /// # Panics
    /// Only if the embedded files are malformed, which `registry::tests` rules out at build time.
    pub fn builtin() -> &'static Registry {
        static REG: OnceLock<Registry> = OnceLock::new();
        REG.get_or_init(|| {
            #[allow(clippy::expect_used)]
            Registry::load_embedded().expect("embedded registry is checked by cargo test")
        })
    }

    pub fn indicator(&self, id: &str) -> Option<&IndicatorSpec> {
        self.indicators.iter().find(|i| i.id == id)
    }

    pub fn param(&self, id: &str) -> Option<&ParamSpec> {
        self.params.iter().find(|p| p.id == id)
    }

    pub fn framework(&self, id: &str) -> Option<&Framework> {
        self.frameworks.iter().find(|f| f.id == id)
    }

    /// The name of a framework in `lang` (never its id: the Chinese UI shows names); the id
    /// alone when unknown.
    pub fn framework_label(&self, id: &str, lang: crate::i18n::Lang) -> String {
        self.framework(id)
            .map_or_else(|| id.to_string(), |f| f.name.get(lang).to_string())
    }

    /// An ecosystem type of the accounts by ecosystem type.
    pub fn ecosystem(&self, id: &str) -> Option<&EcosystemType> {
        self.ecosystems.iter().find(|e| e.id == id)
    }

    pub fn land_class(&self, id: &str) -> Option<&LandClass> {
        self.land_classes.iter().find(|c| c.id == id)
    }

    pub fn factor_table(&self, id: &str) -> Option<&FactorTable> {
        self.factor_tables.iter().find(|t| t.id == id)
    }

    pub fn price_index(&self, id: &str) -> Option<&PriceIndexSeries> {
        self.price_indices.iter().find(|s| s.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every bilingual text of the registry, as (path, zh, en), found by walking its JSON form.
    fn texts(v: &serde_json::Value, path: &str, out: &mut Vec<(String, String, String)>) {
        match v {
            serde_json::Value::Object(m) => {
                let is_text = m.len() == 2 && m.contains_key("zh") && m.contains_key("en");
                if is_text {
                    let s = |k: &str| m[k].as_str().unwrap_or_default().to_string();
                    out.push((path.to_string(), s("zh"), s("en")));
                    return;
                }
                for (k, x) in m {
                    let id = x.get("id").and_then(|i| i.as_str()).unwrap_or(k);
                    texts(x, &format!("{path}.{id}"), out);
                }
            }
            serde_json::Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    let id = x
                        .get("id")
                        .and_then(|i| i.as_str())
                        .map_or(i.to_string(), str::to_string);
                    texts(x, &format!("{path}[{id}]"), out);
                }
            }
            _ => {}
        }
    }

    /// A project's own factor table and price index written before sources were bilingual
    /// (plain strings) still read, shown as written in both languages.
    #[test]
    fn project_tables_with_plain_string_sources_still_load() {
        let table: FactorTable = ron::from_str(
            r#"(id: "mine", name: (zh: "本地表", en: "Local table"), source: "县林业局 2020",
                services: [(id: "food", name: (zh: "食物生产", en: "Food"), market: true)],
                rows: [(id: "forest", name: (zh: "森林", en: "Forest"), factors: [0.3],
                        tag: U, note: "own survey")],
                crosswalk: [(class: "built_up", row: None, note: "sealed")])"#,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let lang = crate::i18n::Lang::En;
        assert_eq!(table.source.get(lang), "县林业局 2020");
        assert_eq!(table.source.get(crate::i18n::Lang::Zh), "县林业局 2020");
        assert_eq!(table.rows[0].note.get(lang), "own survey");
        assert_eq!(table.crosswalk[0].note.get(lang), "sealed");
        let cpi: PriceIndexSeries = ron::from_str(
            r#"(id: "cpi_jx", name: (zh: "江西 CPI", en: "Jiangxi CPI"), base: "1978=100",
                values: {2021: 700.1}, source: "江西统计年鉴", tag: V)"#,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            (cpi.base.get(lang), cpi.source.get(lang)),
            ("1978=100", "江西统计年鉴")
        );
    }

    #[test]
    fn every_registry_text_has_chinese_without_english_words() {
        let json = serde_json::to_value(Registry::builtin()).unwrap_or_default();
        let mut all = Vec::new();
        texts(&json, "registry", &mut all);
        // Sources, notes, clauses, laws and the names and help: hundreds of texts.
        assert!(all.len() > 600, "{}", all.len());
        let bad: Vec<String> = all
            .iter()
            .filter_map(|(path, zh, en)| {
                let words = crate::i18n::stray_latin_words(zh);
                (zh.trim().is_empty() && !en.trim().is_empty() || !words.is_empty())
                    .then(|| format!("{path}: {zh:?} {words:?}"))
            })
            .collect();
        assert!(bad.is_empty(), "{} texts:\n{}", bad.len(), bad.join("\n"));
    }

    #[test]
    fn embedded_registry_parses_and_is_consistent() {
        let reg = match Registry::load_embedded() {
            Ok(r) => r,
            Err(e) => panic!("{e}"),
        };
        let problems = check(&reg);
        assert!(
            problems.is_empty(),
            "registry problems:\n{}",
            problems.join("\n")
        );
    }

    #[test]
    fn registry_covers_the_national_indicator_list() {
        let reg = Registry::builtin();
        for id in [
            "agriculture",
            "forestry",
            "livestock",
            "fishery",
            "water_supply",
            "eco_energy",
            "other_products",
            "water_conservation",
            "soil_retention",
            "sand_fixation",
            "flood_regulation",
            "carbon_sequestration",
            "oxygen_release",
            "air_purification",
            "water_purification",
            "climate_regulation",
            "pest_control",
            "coastal_protection",
            "recreation",
            "landscape",
        ] {
            assert!(reg.indicator(id).is_some(), "missing indicator {id}");
        }
        for fw in [
            "gbt46869",
            "ndrc2022",
            "db36t1402",
            "extended",
            "ouyang2013",
        ] {
            assert!(reg.framework(fw).is_some(), "missing framework {fw}");
        }
        let xie = reg
            .factor_table("xie2015")
            .map(|t| (t.rows.len(), t.services.len()));
        assert_eq!(xie, Some((14, 11)));
        let xie03 = reg
            .factor_table("xie2003")
            .map(|t| (t.rows.len(), t.services.len()));
        assert_eq!(xie03, Some((6, 9)));
    }

    #[test]
    fn environmental_protection_tax_rates_are_statutory_and_name_their_law() {
        let reg = Registry::builtin();
        for id in ["tax_air_jx", "tax_water_jx"] {
            let law = reg.param(id).and_then(|p| p.basis.law());
            assert!(
                law.is_some_and(|l| l.zh.contains("环境保护税法")),
                "{id}: {law:?}"
            );
        }
        // Prices and costs stay indexed.
        assert!(reg.param("cost_cod").is_some_and(|p| p.basis.is_indexed()));
    }

    #[test]
    fn check_refuses_a_statutory_rate_without_a_law() {
        let mut reg = Registry::builtin().clone();
        let Some(p) = reg.params.iter_mut().find(|p| p.id == "tax_water_jx") else {
            panic!("tax_water_jx missing");
        };
        p.basis = PriceBasis::Statutory { law: " ".into() };
        let problems = check(&reg);
        assert!(
            problems
                .iter()
                .any(|p| p.contains("tax_water_jx") && p.contains("law")),
            "{problems:?}"
        );
        // Nor may a statutory rate name a price index or be a non-money quantity.
        let Some(p) = reg.params.iter_mut().find(|p| p.id == "eq_cod") else {
            panic!("eq_cod missing");
        };
        p.basis = PriceBasis::Statutory {
            law: "环境保护税法".into(),
        };
        p.index = Some("cpi".into());
        let problems = check(&reg);
        assert!(
            problems
                .iter()
                .any(|p| p.contains("eq_cod") && p.contains("money")),
            "{problems:?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| p.contains("eq_cod") && p.contains("index")),
            "{problems:?}"
        );
    }

    #[test]
    fn check_fails_when_a_built_in_table_leaves_a_class_unmapped() {
        let mut reg = Registry::builtin().clone();
        let Some(t) = reg.factor_tables.iter_mut().find(|t| t.id == "xie2008") else {
            panic!("xie2008")
        };
        t.crosswalk.retain(|c| c.class != "paddy");
        let Some(b) = t.crosswalk.iter_mut().find(|c| c.class == "built_up") else {
            panic!("built_up")
        };
        b.note = crate::i18n::Text::default();
        let problems = check(&reg);
        assert!(
            problems
                .iter()
                .any(|p| p == "factor table xie2008: land class paddy is unmapped; give it a row or an explicit `row: None` with a note"),
            "{problems:?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| p.contains("xie2008") && p.contains("built_up has no ESV without a note")),
            "{problems:?}"
        );
    }

    #[test]
    fn check_reports_a_method_rule_naming_an_unknown_method() {
        let mut reg = Registry::builtin().clone();
        let Some(f) = reg.frameworks.iter_mut().find(|f| f.id == "gbt46869") else {
            panic!("gbt46869")
        };
        f.accepted_methods[0].methods.push("no_such_method".into());
        let problems = check(&reg);
        assert!(
            problems.iter().any(|p| p.contains("no_such_method")),
            "{problems:?}"
        );
    }

    #[test]
    fn check_reports_unknown_ids_and_missing_sources() {
        let mut reg = Registry::builtin().clone();
        reg.indicators[0]
            .frameworks
            .push("no_such_framework".into());
        reg.params[0].source = crate::i18n::Text::default();
        let problems = check(&reg);
        assert!(
            problems.iter().any(|p| p.contains("no_such_framework")),
            "{problems:?}"
        );
        assert!(
            problems.iter().any(|p| p.contains("source")),
            "{problems:?}"
        );
    }
}
