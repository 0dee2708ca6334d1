//! Names for the words of validation: the ids an [`Issue`](super::Issue) carries (county code,
//! indicator, framework, parameter, price index, land class, input, and the field path) turned
//! into what the user sees in the display language ("临川区", "水源涵养", "参数“湖泊调蓄系数 a”"),
//! so no message of the Chinese UI shows an id. An id the project and the registry do not know
//! (a typo the message is about) stays as typed. Also where each issue is fixed
//! ([`Place`]), for the app to go there. Only lookups: no checks here.

use crate::i18n::{Lang, t, tf};
use crate::model::Project;
use crate::model::catalogue::Catalogue;
use crate::registry::Registry;

/// Resolves ids to names for one project (or, without one, shows ids as they are).
pub struct Names<'a> {
    cat: Option<Catalogue<'a>>,
    lang: Lang,
}

/// Where an issue is fixed: the part of the project to open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// The county list (code, name, land area).
    Counties,
    /// A county's data of a year: population, GDP.
    CountyData,
    /// Land-cover areas (a class id when one is named).
    LandCover(Option<String>),
    /// A service's inputs or method (indicator id).
    Service(String),
    /// Prices and parameters (parameter or price-index id).
    Prices(Option<String>),
    /// Equivalent factors (ESV) and their crosswalk.
    Esv,
    /// The project's settings: framework, accounting years.
    Project,
}

impl<'a> Names<'a> {
    pub fn new(project: &'a Project, registry: &'a Registry, lang: Lang) -> Self {
        Names {
            cat: Some(Catalogue::new(project, registry)),
            lang,
        }
    }

    /// Ids shown as they are (messages built without a project).
    pub fn bare(lang: Lang) -> Names<'static> {
        Names { cat: None, lang }
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    pub fn county(&self, code: &str) -> String {
        self.cat
            .as_ref()
            .and_then(|c| c.project.counties.iter().find(|x| x.code == code))
            .map_or_else(
                || code.to_string(),
                |c| {
                    let n = c.name.get(self.lang);
                    if n.is_empty() { code } else { n }.to_string()
                },
            )
    }

    pub fn indicator(&self, id: &str) -> String {
        self.cat
            .as_ref()
            .and_then(|c| c.indicator(id))
            .map_or_else(|| id.to_string(), |s| s.name.get(self.lang).to_string())
    }

    pub fn framework(&self, id: &str) -> String {
        self.cat
            .as_ref()
            .and_then(|c| c.registry.framework(id))
            .map_or_else(|| id.to_string(), |f| f.name.get(self.lang).to_string())
    }

    /// The frameworks one can choose, by name ("A、B、C").
    pub fn framework_choices(&self) -> String {
        let reg: &Registry = match &self.cat {
            Some(c) => c.registry,
            None => Registry::builtin(),
        };
        let sep = t(self.lang, "val_list_sep");
        reg.frameworks
            .iter()
            .map(|f| f.name.get(self.lang))
            .collect::<Vec<_>>()
            .join(sep)
    }

    pub fn param(&self, id: &str) -> String {
        self.cat
            .as_ref()
            .and_then(|c| c.registry.param(id))
            .map_or_else(|| id.to_string(), |p| p.name.get(self.lang).to_string())
    }

    pub fn price_index(&self, id: &str) -> String {
        let Some(c) = &self.cat else {
            return id.to_string();
        };
        c.project
            .price_indices
            .iter()
            .find(|s| s.id == id)
            .or_else(|| c.registry.price_index(id))
            .map_or_else(|| id.to_string(), |s| s.name.get(self.lang).to_string())
    }

    pub fn class(&self, id: &str) -> String {
        self.cat
            .as_ref()
            .map_or_else(|| id.to_string(), |c| c.land_class_name(id, self.lang))
    }

    pub fn input(&self, indicator: &str, input: &str) -> String {
        self.cat
            .as_ref()
            .and_then(|c| c.indicator(indicator))
            .and_then(|s| {
                s.methods
                    .iter()
                    .flat_map(|m| &m.inputs)
                    .find(|i| i.id == input)
            })
            .map_or_else(|| input.to_string(), |i| i.name.get(self.lang).to_string())
    }

    pub fn method(&self, indicator: &str, method: &str) -> String {
        self.cat
            .as_ref()
            .and_then(|c| c.indicator(indicator))
            .and_then(|s| s.method(method))
            .map_or_else(|| method.to_string(), |m| m.name.get(self.lang).to_string())
    }

    /// The field path (`indicators.water_conservation.precip`, `land_cover.paddy`, …) in words.
    pub fn field(&self, field: &str) -> String {
        let lang = self.lang;
        let mut parts = field.splitn(3, '.');
        let head = parts.next().unwrap_or("");
        let second = parts.next();
        let rest = parts.next();
        let named = |key: &'static str, name: String| tf(lang, key, &[("name", &name)]);
        match (head, second, rest) {
            ("code", None, _) => t(lang, "valz_f_code").into(),
            ("land_area_hm2", None, _) => t(lang, "valz_f_land_area").into(),
            ("population", None, _) => t(lang, "valz_f_population").into(),
            ("gdp_yuan", None, _) => t(lang, "valz_f_gdp").into(),
            ("imported_products_yuan", None, _) => t(lang, "valz_f_imported").into(),
            ("periods" | "year", None, _) => t(lang, "valz_f_periods").into(),
            ("counties", None, _) => t(lang, "valz_f_counties").into(),
            ("meta", Some("framework"), None) => t(lang, "valz_f_framework").into(),
            ("land_cover", None, _) => t(lang, "valz_f_land_cover").into(),
            ("land_cover", Some(c), _) => named("valz_f_class", self.class(c)),
            ("params" | "price_overrides", Some(p), _) => named("valz_f_param", self.param(p)),
            ("price_indices", Some(p), _) => named("valz_f_index", self.price_index(p)),
            ("esv", Some("crosswalk"), Some(c)) => named("valz_f_crosswalk", self.class(c)),
            ("esv", Some(what @ ("adjust" | "national_means")), Some(rest)) => {
                let (k, part) = rest.split_once('.').unwrap_or((rest, ""));
                match crate::registry::AdjustBy::ALL.iter().find(|a| a.key() == k) {
                    None => t(lang, "valz_f_esv").into(),
                    Some(a) if what == "national_means" => tf(
                        lang,
                        "esva_field_mean",
                        &[("quantity", t(lang, a.quantity_key()))],
                    ),
                    Some(a) if part == "value" => tf(
                        lang,
                        "esva_field_value",
                        &[("quantity", t(lang, a.quantity_key()))],
                    ),
                    Some(a) => t(lang, a.name_key()).into(),
                }
            }
            ("esv", ..) => t(lang, "valz_f_esv").into(),
            ("indicators", Some(ind), rest) => self.indicator_field(ind, rest),
            ("ecosystem_parts", None, _) => t(lang, "eco_f_parts").into(),
            ("ecosystem_parts", Some(part), rest) => self.part_field(part, rest),
            (h, ..) if h.starts_with("ecosystem_subtypes") => t(lang, "eco_f_subtypes").into(),
            (h, ..) if h.starts_with("custom_land_classes") => {
                t(lang, "eco_f_custom_classes").into()
            }
            ("transitions", Some(years), rest) => self.transition_field(years, rest),
            _ => field.to_string(),
        }
    }

    /// `transitions.2015-2020[.class | .from>to]`: the matrix of those years, and the class or
    /// the cell.
    fn transition_field(&self, years: &str, rest: Option<&str>) -> String {
        let lang = self.lang;
        let (from, to) = years.split_once('-').unwrap_or((years, ""));
        let matrix = tf(lang, "tr_f_matrix", &[("from", from), ("to", to)]);
        match rest.map(|r| r.split_once('>')) {
            None => matrix,
            Some(Some((a, b))) => tf(
                lang,
                "tr_f_cell",
                &[
                    ("matrix", &matrix),
                    ("from", &self.class(a)),
                    ("to", &self.class(b)),
                ],
            ),
            Some(None) => tf(
                lang,
                "tr_f_class",
                &[
                    ("matrix", &matrix),
                    ("class", &self.class(rest.unwrap_or(""))),
                ],
            ),
        }
    }

    /// `ecosystem_parts.<part>[.indicators.<id>.<input> | .land_cover.<class>]` in words, the
    /// part by name.
    fn part_field(&self, part: &str, rest: Option<&str>) -> String {
        let lang = self.lang;
        let name = match &self.cat {
            Some(c) => super::ecosystem::part_name(c.project, c.registry, part)
                .get(lang)
                .to_string(),
            None => part.to_string(),
        };
        let head = tf(lang, "eco_f_part", &[("name", &name)]);
        let sub = match rest.map(|r| r.split_once('.').unwrap_or((r, ""))) {
            Some(("indicators", r)) => {
                let (ind, more) = r.split_once('.').map_or((r, None), |(a, b)| (a, Some(b)));
                self.indicator_field(ind, more)
            }
            Some(("land_cover", "")) => t(lang, "valz_f_land_cover").into(),
            Some(("land_cover", c)) => tf(lang, "valz_f_class", &[("name", &self.class(c))]),
            _ => return head,
        };
        tf(lang, "eco_f_part_sub", &[("part", &head), ("sub", &sub)])
    }

    fn indicator_field(&self, ind: &str, rest: Option<&str>) -> String {
        let lang = self.lang;
        let name = self.indicator(ind);
        let Some(rest) = rest else {
            return tf(lang, "valz_f_indicator", &[("name", &name)]);
        };
        let sub = if rest == "method" {
            t(lang, "valz_f_method").to_string()
        } else if rest == "output_value" {
            t(lang, "val_output_value").to_string()
        } else if let Some(p) = rest.strip_prefix("products.") {
            tf(lang, "valz_f_product", &[("name", p)])
        } else if let Some(p) = rest.strip_prefix("products[") {
            // products[3].price
            let (i, what) = p.split_once("].").unwrap_or((p, ""));
            let row = i
                .parse::<usize>()
                .map_or(i.to_string(), |i| (i + 1).to_string());
            let what = match what {
                "price" => t(lang, "valz_f_price"),
                _ => t(lang, "valz_f_quantity"),
            };
            tf(lang, "valz_f_product_row", &[("row", &row), ("what", what)])
        } else {
            tf(lang, "valz_f_input", &[("name", &self.input(ind, rest))])
        };
        tf(
            lang,
            "valz_f_indicator_sub",
            &[("name", &name), ("sub", &sub)],
        )
    }
}

/// Where the issue in `field` is fixed.
pub fn place(field: &str) -> Place {
    let mut parts = field.split('.');
    let head = parts.next().unwrap_or("");
    let second = parts.next().map(str::to_string);
    match head {
        "land_cover" => Place::LandCover(second),
        "indicators" => second.map_or(Place::Project, Place::Service),
        "params" | "price_overrides" | "price_indices" => Place::Prices(second),
        "esv" => Place::Esv,
        "code" | "land_area_hm2" | "counties" => Place::Counties,
        "population" | "gdp_yuan" | "imported_products_yuan" => Place::CountyData,
        "ecosystem_parts" => Place::CountyData,
        _ => Place::Project,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::validate;

    /// ASCII words a Chinese message may carry: abbreviations used in Chinese texts.
    const ALLOWED: &[&str] = &["GEP", "ESV", "GDP", "CPI", "NEP", "NaN", "COD", "NOx"];

    /// Every message of the sample, broken in many ways at once, in Chinese.
    fn broken_messages() -> (Vec<String>, Vec<String>) {
        let mut p = crate::sample::builtin().unwrap_or_else(|e| panic!("{e}"));
        let year = p
            .latest_year()
            .unwrap_or_else(|| panic!("sample has years"));
        let codes: Vec<String> = p.counties.iter().map(|c| c.code.clone()).collect();
        p.counties[1].land_area_hm2 = 0.0;
        let cp = p
            .period_mut(year)
            .and_then(|per| per.counties.get_mut(&codes[0]))
            .unwrap_or_else(|| panic!("first county has data"));
        cp.population = Some(-3.0);
        cp.gdp_yuan = Some(f64::NAN);
        if let Some(a) = cp.land_cover.values_mut().next() {
            *a = -5.0;
        }
        for input in cp.indicators.values_mut() {
            if let Some(v) = input.values.values_mut().next() {
                *v = -1.0;
            }
            // A required input removed.
            if let Some(k) = input.values.keys().last().cloned() {
                input.values.remove(&k);
            }
        }
        let reg = Registry::builtin();
        let names = Names::new(&p, reg, Lang::Zh);
        let zh: Vec<String> = validate(&p, reg)
            .iter()
            .map(|i| i.message_named(&names))
            .collect();
        let mut ids: Vec<String> = reg.indicators.iter().map(|s| s.id.clone()).collect();
        ids.extend(reg.params.iter().map(|s| s.id.clone()));
        ids.extend(reg.frameworks.iter().map(|s| s.id.clone()));
        ids.extend(reg.land_classes.iter().map(|s| s.id.clone()));
        ids.extend(codes);
        (zh, ids)
    }

    #[test]
    fn chinese_messages_use_names_not_ids_or_english() {
        let (zh, ids) = broken_messages();
        assert!(zh.len() > 20, "{}", zh.len());
        // The breakage above is reported (negative values, missing inputs, a zero land area).
        assert!(zh.iter().any(|m| m.contains("不能为负数")));
        assert!(zh.iter().any(|m| m.contains("缺少必填输入")));
        assert!(zh.iter().any(|m| m.contains("县域面积必须大于 0")));
        for m in &zh {
            for word in m
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .filter(|w| !w.is_empty())
            {
                assert!(!ids.iter().any(|id| id == word), "id {word} in: {m}");
                let letters = word.chars().filter(char::is_ascii_alphabetic).count();
                assert!(
                    letters < 3 || ALLOWED.contains(&word),
                    "English {word} in: {m}"
                );
            }
        }
    }

    #[test]
    fn fields_read_as_names_and_lead_to_their_place() {
        let p = crate::sample::builtin().unwrap_or_else(|e| panic!("{e}"));
        let n = Names::new(&p, Registry::builtin(), Lang::Zh);
        assert_eq!(n.field("indicators.coastal_protection"), "指标“海岸带防护”");
        assert_eq!(
            n.field("price_indices.cpi"),
            "价格指数“居民消费价格指数 (1978=100)”"
        );
        assert_eq!(n.county("361002"), "临川区");
        assert_eq!(
            place("indicators.water_conservation.precip"),
            Place::Service("water_conservation".into())
        );
        assert_eq!(place("params.lake_a"), Place::Prices(Some("lake_a".into())));
        assert_eq!(place("population"), Place::CountyData);
        // Without a project the ids stay as they are.
        assert_eq!(
            Names::bare(Lang::Zh).indicator("soil_retention"),
            "soil_retention"
        );
    }
}
