//! Header vocabulary: what a column header means.
//!
//! Owns [`Target`] (the meaning of a column, with a stable text key the caller can store and a
//! label for people), the words of fixed columns (行政区划代码 / 代码 / code, 县区 / 名称 / name,
//! 面积, 人口, GDP, …; data in `assets/import/headers.ron`), the output basis words
//! ([`parse_basis`]: 总产值 / gross, 净产值 / net) and the [`Vocab`] resolver: registry ids and
//! Chinese / English names of land classes, indicators, their inputs and methods, parameters.
//! Units written in headers (“(万m³)”, “（亩）”) are read by `crate::units::words`, which also
//! owns the normalisation used here: matching ignores case, spaces, `_`, `-` and full-width
//! forms, so `water_conservation`, “Water conservation” and “ＷＡＴＥＲ conservation” are the
//! same.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Serialize;

use crate::i18n::Lang;
use crate::model::{OutputBasis, Project};
use crate::registry::{AdjustBy, Formula, IndicatorSpec, Registry};
use crate::units::Unit;
use crate::units::words::{HeaderUnit, norm, split_header_unit, trailing_bracket};

use super::problem::ProblemKind;

/// The meaning of a column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Target {
    /// Read nothing from this column.
    Ignore,
    /// 备注 / note: rows whose note starts with 示例 / example are skipped.
    Note,
    CountyCode,
    CountyName,
    CountyNameEn,
    Prefecture,
    /// County land area.
    LandArea,
    Year,
    Population,
    Gdp,
    /// Ecological products coming from outside the region (GB/T 46869 deduction).
    ImportedProducts,
    /// Wide land cover: area of this class.
    LandClass(String),
    /// Wide indicator inputs: this input of this indicator.
    Input {
        indicator: String,
        input: String,
    },
    /// Wide indicator inputs: the method of this indicator.
    Method(String),
    /// Long tables: the land class of the row.
    Class,
    /// Long tables: the indicator of the row.
    Indicator,
    /// Long tables: the input of the row.
    InputName,
    /// Long tables: the method of the row.
    MethodName,
    /// Long tables and prices: the value of the row.
    Value,
    /// Long tables and prices: the unit of the row's value.
    UnitName,
    /// Prices: parameter id (or name).
    Param,
    /// Prices: parameter name (used when there is no id column).
    ParamName,
    PriceYear,
    Source,
    Tag,
    /// Product lines: the product name of the row (稻谷, 猪肉 …).
    Product,
    /// Product lines: the quantity produced (its unit in the unit column or the header).
    Quantity,
    /// Product lines: the unit price, 元 per the row's unit unless the header says otherwise
    /// (“单价 (元/kg)”, “单价 (万元)”).
    Price,
    /// Output values: the output value entered directly (money; 元 unless the header or the
    /// unit column says 万元 / 亿元).
    OutputValue,
    /// Output values: gross (总产值) or net (净产值).
    Basis,
    /// Regional ESV coefficients (Xie et al. 2015): the coefficient itself (`coefficient`) or
    /// the county's value it is derived from, in the national mean's unit.
    EsvAdjust {
        kind: AdjustBy,
        coefficient: bool,
    },
    /// National means of the regional ESV coefficients: the item of the row (NPP,
    /// precipitation, soil retention).
    AdjustItem,
    /// Ecosystem split: the part of the row (an ecosystem type or a project subtype, by id or
    /// name).
    Part,
    /// Ecosystem subtypes: the registry ecosystem type a subtype belongs to.
    EcosystemType,
    /// Ecosystem subtypes: the subtype's id.
    SubtypeId,
}

impl Target {
    /// Stable key, used in [`super::ColumnMapping`] values and shown to users.
    pub fn key(&self) -> String {
        match self {
            Target::LandClass(c) => format!("land_cover.{c}"),
            Target::Input { indicator, input } => format!("input.{indicator}.{input}"),
            Target::Method(i) => format!("method.{i}"),
            Target::EsvAdjust { kind, coefficient } => {
                super::esv_adjust::target_key(*kind, *coefficient)
            }
            Target::AdjustItem => super::esv_adjust::ITEM_KEY.to_string(),
            other => FIXED_KEYS
                .iter()
                .find(|(_, t)| t == other)
                .map(|(k, _)| (*k).to_string())
                .unwrap_or_default(),
        }
    }

    /// A label for people, e.g. “水田 (land cover)”.
    pub fn label(&self, registry: &Registry, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match self {
            Target::LandClass(c) => {
                let name = registry
                    .land_class(c)
                    .map(|l| l.name.get(lang).to_string())
                    .unwrap_or_else(|| c.clone());
                if zh {
                    format!("土地覆被·{name}")
                } else {
                    format!("land cover · {name}")
                }
            }
            Target::Input { indicator, input } => {
                let spec = registry.indicator(indicator);
                let ind = spec.map_or(indicator.as_str(), |s| s.name.get(lang));
                let inp = spec
                    .and_then(|s| {
                        s.methods
                            .iter()
                            .flat_map(|m| &m.inputs)
                            .find(|i| &i.id == input)
                    })
                    .map_or(input.as_str(), |i| i.name.get(lang));
                format!("{ind} · {inp}")
            }
            Target::Method(indicator) => {
                let ind = registry
                    .indicator(indicator)
                    .map_or(indicator.as_str(), |s| s.name.get(lang));
                if zh {
                    format!("{ind}·方法")
                } else {
                    format!("{ind} · method")
                }
            }
            Target::EsvAdjust { kind, coefficient } => {
                super::esv_adjust::header(*kind, *coefficient, lang)
            }
            Target::AdjustItem => super::esv_adjust::item_header(lang).to_string(),
            other => other.fixed_label(lang).to_string(),
        }
    }

    /// The label of a fixed column (not a land class, input or method): “行政区划代码” /
    /// “county code”; empty for the others. The import template writes its headers with it.
    pub fn fixed_label(&self, lang: Lang) -> &'static str {
        FIXED_LABELS
            .iter()
            .find(|(t, _, _)| t == self)
            .map_or("", |(_, z, e)| if lang == Lang::Zh { z } else { e })
    }

    /// The unit the model stores this column's values in, when it is fixed by the target.
    pub(crate) fn model_unit(&self) -> Option<Unit> {
        match self {
            Target::LandArea | Target::LandClass(_) => Some(Unit::Hm2),
            Target::Population => Some(Unit::Person),
            Target::Gdp | Target::ImportedProducts | Target::OutputValue => Some(Unit::Yuan),
            _ => None,
        }
    }

    /// Columns holding period values (they need an accounting year).
    pub(crate) fn needs_year(&self) -> bool {
        matches!(
            self,
            Target::Population
                | Target::Gdp
                | Target::ImportedProducts
                | Target::LandClass(_)
                | Target::Input { .. }
                | Target::Method(_)
                | Target::EsvAdjust { .. }
        )
    }
}

const FIXED_KEYS: &[(&str, Target)] = &[
    ("ignore", Target::Ignore),
    ("note", Target::Note),
    ("county.code", Target::CountyCode),
    ("county.name", Target::CountyName),
    ("county.name_en", Target::CountyNameEn),
    ("county.prefecture", Target::Prefecture),
    ("county.area", Target::LandArea),
    ("year", Target::Year),
    ("population", Target::Population),
    ("gdp", Target::Gdp),
    ("imported_products", Target::ImportedProducts),
    ("class", Target::Class),
    ("indicator", Target::Indicator),
    ("input", Target::InputName),
    ("method", Target::MethodName),
    ("value", Target::Value),
    ("unit", Target::UnitName),
    ("param", Target::Param),
    ("param_name", Target::ParamName),
    ("price_year", Target::PriceYear),
    ("source", Target::Source),
    ("tag", Target::Tag),
    ("product", Target::Product),
    ("quantity", Target::Quantity),
    ("price", Target::Price),
    ("output_value", Target::OutputValue),
    ("basis", Target::Basis),
    ("ecosystem_part", Target::Part),
    ("ecosystem_type", Target::EcosystemType),
    ("subtype_id", Target::SubtypeId),
];

const FIXED_LABELS: &[(Target, &str, &str)] = &[
    (Target::Ignore, "忽略", "ignored"),
    (Target::Note, "备注", "note"),
    (Target::CountyCode, "行政区划代码", "county code"),
    (Target::CountyName, "县区名称", "county name"),
    (Target::CountyNameEn, "英文名", "English name"),
    (Target::Prefecture, "地级市", "prefecture"),
    (Target::LandArea, "面积", "land area"),
    (Target::Year, "年份", "year"),
    (Target::Population, "常住人口", "population"),
    (Target::Gdp, "地区生产总值", "GDP"),
    (
        Target::ImportedProducts,
        "调入生态产品价值",
        "imported ecological products",
    ),
    (Target::Class, "地类", "land class"),
    (Target::Indicator, "指标", "indicator"),
    (Target::InputName, "输入项", "input"),
    (Target::MethodName, "方法", "method"),
    (Target::Value, "数值", "value"),
    (Target::UnitName, "单位", "unit"),
    (Target::Param, "参数代码", "parameter id"),
    (Target::ParamName, "参数名称", "parameter name"),
    (Target::PriceYear, "价格年份", "price year"),
    (Target::Source, "来源", "source"),
    (Target::Tag, "核实标签", "tag"),
    (Target::Product, "产品", "product"),
    (Target::Quantity, "产量", "quantity"),
    (Target::Price, "单价", "unit price"),
    (Target::OutputValue, "产值", "output value"),
    (Target::Basis, "产值口径", "basis"),
    (Target::Part, "生态系统部分", "ecosystem part"),
    (Target::EcosystemType, "生态系统类型", "ecosystem type"),
    (Target::SubtypeId, "亚类代码", "subtype id"),
];

const METHOD_WORDS: &[&str] = &["方法", "核算方法", "计算方法", "method"];
const LAND_COVER_WORDS: &[&str] = &["land_cover", "土地覆被", "地类", "土地利用"];
const SEPARATORS: &[char] = &['·', '・', '•', '.', '．', '|'];

/// Header words of fixed columns by target key: data, beside the registry's RON.
const HEADER_WORDS_RON: &str = include_str!("../../../assets/import/headers.ron");

/// The header words of fixed columns (matched after normalisation), parsed once; a broken file
/// is caught by the test below, so at run time it only leaves the words out.
fn header_words() -> &'static [(Target, Vec<String>)] {
    static WORDS: OnceLock<Vec<(Target, Vec<String>)>> = OnceLock::new();
    WORDS.get_or_init(|| parse_header_words(HEADER_WORDS_RON).unwrap_or_default())
}

fn parse_header_words(text: &str) -> Result<Vec<(Target, Vec<String>)>, String> {
    let raw: Vec<(String, Vec<String>)> = ron::from_str(text).map_err(|e| e.to_string())?;
    raw.into_iter()
        .map(|(key, words)| {
            FIXED_KEYS
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, t)| (t.clone(), words))
                .ok_or_else(|| format!("unknown target key {key}"))
        })
        .collect()
}

/// 总产值 / gross, 净产值 / net (case and spacing ignored).
pub(crate) fn parse_basis(text: &str) -> Option<OutputBasis> {
    const GROSS: &[&str] = &[
        "总产值",
        "总",
        "gross",
        "gross output",
        "gross output value",
        "总产值 gross",
    ];
    const NET: &[&str] = &[
        "净产值",
        "净",
        "net",
        "net output",
        "net output value",
        "净产值 net",
    ];
    let n = norm(text);
    if GROSS.iter().any(|w| norm(w) == n) {
        Some(OutputBasis::Gross)
    } else if NET.iter().any(|w| norm(w) == n) {
        Some(OutputBasis::Net)
    } else {
        None
    }
}

/// What a header means.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct HeaderMatch {
    pub target: Option<Target>,
    /// For inputs: the methods having this input (narrowed by the header's unit).
    pub methods: Vec<String>,
    pub unit: Option<HeaderUnit>,
    /// A header that names something unknown (e.g. `land_cover.mars`).
    pub problem: Option<ProblemKind>,
}

type Resolved = Result<(Target, Vec<String>), ProblemKind>;

/// Names and ids of everything a header or a cell may refer to.
pub(crate) struct Vocab<'a> {
    pub registry: &'a Registry,
    specs: Vec<Cow<'a, IndicatorSpec>>,
    fixed: HashMap<String, Target>,
    classes: HashMap<String, String>,
    indicators: HashMap<String, String>,
    /// Input names (not ids) unique across all indicators → (indicator, input).
    bare_inputs: HashMap<String, Option<(String, String)>>,
    params: HashMap<String, String>,
}

impl<'a> Vocab<'a> {
    pub(crate) fn new(project: &'a Project, registry: &'a Registry) -> Vocab<'a> {
        let specs = crate::model::catalogue::indicators(project, registry);
        let mut fixed = HashMap::new();
        for (target, words) in header_words() {
            for w in words {
                fixed.insert(norm(w), target.clone());
            }
        }
        for (key, target) in FIXED_KEYS {
            fixed.insert(norm(key), target.clone());
        }
        for (target, words) in super::esv_adjust::header_words() {
            for w in words {
                fixed.insert(norm(&w), target.clone());
            }
        }
        let mut classes = HashMap::new();
        let class_names = registry
            .land_classes
            .iter()
            .map(|c| (&c.id, &c.name))
            .chain(project.custom_land_classes.iter().map(|c| (&c.id, &c.name)));
        for (id, name) in class_names {
            for key in class_keys(id, &name.zh, &name.en) {
                classes.entry(key).or_insert_with(|| id.clone());
            }
        }
        let mut indicators = HashMap::new();
        let mut bare_inputs: HashMap<String, Option<(String, String)>> = HashMap::new();
        for s in &specs {
            for key in [norm(&s.id), norm(&s.name.zh), norm(&s.name.en)] {
                indicators.entry(key).or_insert_with(|| s.id.clone());
            }
            for i in s.methods.iter().flat_map(|m| &m.inputs) {
                for key in [norm(&i.name.zh), norm(&i.name.en)] {
                    let this = Some((s.id.clone(), i.id.clone()));
                    bare_inputs
                        .entry(key)
                        .and_modify(|v| {
                            if *v != this {
                                *v = None;
                            }
                        })
                        .or_insert(this);
                }
            }
        }
        let mut params = HashMap::new();
        for p in &registry.params {
            for key in [norm(&p.id), norm(&p.name.zh), norm(&p.name.en)] {
                params.entry(key).or_insert_with(|| p.id.clone());
            }
        }
        Vocab {
            registry,
            specs,
            fixed,
            classes,
            indicators,
            bare_inputs,
            params,
        }
    }

    pub(crate) fn spec(&self, id: &str) -> Option<&IndicatorSpec> {
        self.specs.iter().find(|s| s.id == id).map(|s| s.as_ref())
    }

    /// Is `indicator` a material product (valued from product lines or an output value)?
    pub(crate) fn is_material(&self, indicator: &str) -> bool {
        self.spec(indicator)
            .is_some_and(|s| matches!(s.formula, Formula::Products))
    }

    pub(crate) fn class(&self, text: &str) -> Option<String> {
        self.classes.get(&norm(text)).cloned()
    }

    pub(crate) fn indicator(&self, text: &str) -> Option<String> {
        self.indicators.get(&norm(text)).cloned()
    }

    pub(crate) fn param(&self, text: &str) -> Option<String> {
        self.params.get(&norm(text)).cloned()
    }

    /// A method of `indicator` by id or name.
    pub(crate) fn method(&self, indicator: &str, text: &str) -> Option<String> {
        let n = norm(text);
        self.spec(indicator)?
            .methods
            .iter()
            .find(|m| norm(&m.id) == n || norm(&m.name.zh) == n || norm(&m.name.en) == n)
            .map(|m| m.id.clone())
    }

    /// Input id of `indicator` named by `text` (id or name) and the methods having it: by name
    /// only the methods whose input has that name, by id every method with that id.
    pub(crate) fn input(&self, indicator: &str, text: &str) -> Option<(String, Vec<String>)> {
        let n = norm(text);
        let spec = self.spec(indicator)?;
        let mut found: Option<(String, Vec<String>)> = None;
        for m in &spec.methods {
            for i in &m.inputs {
                let hit = norm(&i.id) == n || norm(&i.name.zh) == n || norm(&i.name.en) == n;
                match &mut found {
                    Some((id, methods)) if hit && *id == i.id => methods.push(m.id.clone()),
                    None if hit => found = Some((i.id.clone(), vec![m.id.clone()])),
                    _ => {}
                }
            }
        }
        found
    }

    /// The unit `method` of `indicator` declares for `input`.
    pub(crate) fn input_unit(&self, indicator: &str, method: &str, input: &str) -> Option<Unit> {
        self.spec(indicator)?
            .method(method)?
            .inputs
            .iter()
            .find(|i| i.id == input)
            .map(|i| i.unit)
    }

    /// The indicator a sheet is about, from its name (“水源涵养 water_conservation”).
    pub(crate) fn sheet_indicator(&self, sheet: &str) -> Option<String> {
        let n = norm(sheet);
        self.specs
            .iter()
            .flat_map(|s| [(norm(&s.id), &s.id), (norm(&s.name.zh), &s.id)])
            .filter(|(key, _)| !key.is_empty() && n.contains(key.as_str()))
            .max_by_key(|(key, _)| key.chars().count())
            .map(|(_, id)| id.clone())
    }

    /// Resolves a header cell. Each line of the cell is tried (the template writes Chinese and
    /// English on two lines); the unit comes from the first line that has one.
    pub(crate) fn header(&self, text: &str, ctx: Option<&str>) -> HeaderMatch {
        let lines: Vec<(String, Option<HeaderUnit>)> = text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(split_header_unit)
            .collect();
        let unit = lines.iter().find_map(|(_, u)| *u);
        let mut problem = None;
        for (name, line_unit) in &lines {
            match self.resolve(name, ctx, line_unit.or(unit)) {
                Some(Ok((target, methods))) => {
                    return HeaderMatch {
                        target: Some(target),
                        methods,
                        unit,
                        problem: None,
                    };
                }
                Some(Err(p)) => problem = problem.or(Some(p)),
                None => {}
            }
        }
        HeaderMatch {
            target: None,
            methods: Vec::new(),
            unit,
            problem,
        }
    }

    /// Resolves a mapping value (a target key or a name) for a column with header unit `unit`.
    pub(crate) fn mapped(
        &self,
        value: &str,
        ctx: Option<&str>,
        unit: Option<HeaderUnit>,
    ) -> Option<Resolved> {
        self.resolve(value, ctx, unit)
    }

    fn resolve(&self, raw: &str, ctx: Option<&str>, unit: Option<HeaderUnit>) -> Option<Resolved> {
        let n = norm(raw);
        if n.is_empty() {
            return None;
        }
        if let Some(t) = self.fixed.get(&n) {
            return Some(Ok((t.clone(), Vec::new())));
        }
        // “NPP 县域值 (gC/(m²·a))”: the unit of a regional value is the national mean's, so a
        // bracket the unit parser does not know is read as a remark.
        if let Some((name, _)) = trailing_bracket(raw)
            && let Some(t @ Target::EsvAdjust { .. }) = self.fixed.get(&norm(name))
        {
            return Some(Ok((t.clone(), Vec::new())));
        }
        if let Some(r) = self.resolve_key(raw, unit) {
            return Some(r);
        }
        if let Some(c) = self.classes.get(&n) {
            return Some(Ok((Target::LandClass(c.clone()), Vec::new())));
        }
        if let Some(r) = self.resolve_qualified(raw, unit) {
            return Some(r);
        }
        if let Some(ind) = ctx
            && let Some(r) = self.indicator_column(ind, raw, unit)
        {
            return Some(r);
        }
        if let Some(Some((ind, _))) = self.bare_inputs.get(&n) {
            return self.indicator_column(ind, raw, unit);
        }
        None
    }

    /// `land_cover.<class>`, `input.<indicator>.<input>`, `method.<indicator>`.
    fn resolve_key(&self, raw: &str, unit: Option<HeaderUnit>) -> Option<Resolved> {
        let raw = raw.trim();
        if let Some(class) = raw.strip_prefix("land_cover.") {
            return Some(
                self.class(class)
                    .map(|c| (Target::LandClass(c), Vec::new()))
                    .ok_or(ProblemKind::UnknownClass),
            );
        }
        if let Some(rest) = raw.strip_prefix("input.") {
            let (ind, input) = rest.split_once('.')?;
            return Some(match self.indicator(ind) {
                Some(ind) => self.indicator_column(&ind, input, unit).unwrap_or(Err(
                    ProblemKind::UnknownInput {
                        indicator: ind.clone(),
                    },
                )),
                None => Err(ProblemKind::UnknownIndicator),
            });
        }
        if let Some(ind) = raw.strip_prefix("method.") {
            return Some(
                self.indicator(ind)
                    .map(|i| (Target::Method(i), Vec::new()))
                    .ok_or(ProblemKind::UnknownIndicator),
            );
        }
        None
    }

    /// “水源涵养·年降水量”, “water_conservation.precip”, “land_cover.paddy”, “地类·水田”.
    fn resolve_qualified(&self, raw: &str, unit: Option<HeaderUnit>) -> Option<Resolved> {
        let (left, right) = raw.split_once(SEPARATORS)?;
        let (left, right) = (left.trim(), right.trim());
        if left.is_empty() || right.is_empty() {
            return None;
        }
        if LAND_COVER_WORDS.iter().any(|w| norm(w) == norm(left)) {
            return Some(
                self.class(right)
                    .map(|c| (Target::LandClass(c), Vec::new()))
                    .ok_or(ProblemKind::UnknownClass),
            );
        }
        let ind = self.indicator(left)?;
        Some(
            self.indicator_column(&ind, right, unit)
                .unwrap_or(Err(ProblemKind::UnknownInput { indicator: ind })),
        )
    }

    /// A column of `indicator`: its method, or one of its inputs. `None` when `item` names
    /// neither.
    fn indicator_column(
        &self,
        indicator: &str,
        item: &str,
        unit: Option<HeaderUnit>,
    ) -> Option<Resolved> {
        let n = norm(item);
        if METHOD_WORDS.iter().any(|w| norm(w) == n) {
            return Some(Ok((Target::Method(indicator.to_string()), Vec::new())));
        }
        let (input, methods) = self.input(indicator, item)?;
        let Some(u) = unit else {
            return Some(Ok((
                Target::Input {
                    indicator: indicator.to_string(),
                    input,
                },
                methods,
            )));
        };
        let fits: Vec<String> = methods
            .iter()
            .filter(|m| {
                self.input_unit(indicator, m, &input)
                    .is_some_and(|to| u.converts_to(to))
            })
            .cloned()
            .collect();
        if fits.is_empty() {
            let wanted = methods
                .first()
                .and_then(|m| self.input_unit(indicator, m, &input))
                .map(|w| w.zh().to_string())
                .unwrap_or_default();
            return Some(Err(ProblemKind::UnitMismatch {
                unit: u.label(),
                wanted,
            }));
        }
        Some(Ok((
            Target::Input {
                indicator: indicator.to_string(),
                input,
            },
            fits,
        )))
    }

    /// Parameter unit check: `Some(value in registry unit)` when `unit` converts.
    pub(crate) fn param_unit(&self, param: &str) -> Option<Unit> {
        self.registry.param(param).map(|p| p.unit)
    }
}

/// Keys of a land class: id, names, and the parts of names such as “针叶林（杉木、马尾松）” and
/// “裸地/其他土地”.
fn class_keys(id: &str, zh: &str, en: &str) -> Vec<String> {
    let mut keys = vec![norm(id), norm(zh), norm(en)];
    for name in [zh, en] {
        if let Some((head, _)) = trailing_bracket(name) {
            keys.push(norm(head));
        }
        if name.contains('/') {
            keys.extend(name.split('/').map(norm));
        }
    }
    keys.retain(|k| !k.is_empty());
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab_target(text: &str) -> (Option<Target>, Vec<String>, Option<HeaderUnit>) {
        let project = Project::empty("t");
        let v = Vocab::new(&project, Registry::builtin());
        let m = v.header(text, None);
        (m.target, m.methods, m.unit)
    }

    #[test]
    fn headers_in_chinese_and_english_match_registry_ids() {
        assert_eq!(vocab_target("行政区划代码").0, Some(Target::CountyCode));
        assert_eq!(vocab_target("County code").0, Some(Target::CountyCode));
        assert_eq!(vocab_target("县区").0, Some(Target::CountyName));
        assert_eq!(
            vocab_target("水田 (亩)").0,
            Some(Target::LandClass("paddy".into()))
        );
        assert_eq!(
            vocab_target("Paddy field").0,
            Some(Target::LandClass("paddy".into()))
        );
        assert_eq!(
            vocab_target("针叶林").0,
            Some(Target::LandClass("needleleaf_forest".into()))
        );
        assert_eq!(
            vocab_target("针叶林（杉木、马尾松） (hm²)").0,
            Some(Target::LandClass("needleleaf_forest".into()))
        );
        let (t, methods, unit) = vocab_target("水源涵养·年降水量 (mm)");
        assert_eq!(
            t,
            Some(Target::Input {
                indicator: "water_conservation".into(),
                input: "precip".into()
            })
        );
        assert_eq!(methods, vec!["water_balance".to_string()]);
        assert_eq!(unit, Some(HeaderUnit::plain(Unit::Mm)));
        assert_eq!(
            vocab_target("water_conservation.water").0,
            Some(Target::Input {
                indicator: "water_conservation".into(),
                input: "water".into()
            })
        );
        assert_eq!(
            vocab_target("固碳·方法").0,
            Some(Target::Method("carbon_sequestration".into()))
        );
        // Same input id, different meaning per method: the name or the unit decides.
        assert_eq!(
            vocab_target("气候调节·水面蒸发量 (万m³)").1,
            ["energy", "energy_eer", "energy_low_rh", "energy_eer_low_rh"].map(String::from)
        );
        assert_eq!(
            vocab_target("climate_regulation.evaporation (万kWh)").1,
            vec!["direct".to_string()]
        );
        assert_eq!(
            vocab_target("climate_regulation.evaporation").1,
            [
                "direct",
                "energy",
                "energy_eer",
                "energy_low_rh",
                "energy_eer_low_rh"
            ]
            .map(String::from)
        );
        // Two lines: Chinese and English.
        assert_eq!(
            vocab_target("常住人口 (万人)\nPopulation (10⁴ persons)").2,
            Some(HeaderUnit::plain(Unit::WanPerson))
        );
        assert_eq!(vocab_target("火星地 (hm²)").0, None);
    }

    #[test]
    fn unknown_items_of_known_prefixes_are_problems() {
        let project = Project::empty("t");
        let v = Vocab::new(&project, Registry::builtin());
        assert_eq!(
            v.header("land_cover.mars", None).problem,
            Some(ProblemKind::UnknownClass)
        );
        assert_eq!(
            v.header("水源涵养·月降水量 (mm)", None).problem,
            Some(ProblemKind::UnknownInput {
                indicator: "water_conservation".into()
            })
        );
        assert!(matches!(
            v.header("水源涵养·年降水量 (万元)", None).problem,
            Some(ProblemKind::UnitMismatch { .. })
        ));
    }

    #[test]
    fn output_bases_in_chinese_and_english() {
        assert_eq!(parse_basis("总产值"), Some(OutputBasis::Gross));
        assert_eq!(parse_basis(" Gross "), Some(OutputBasis::Gross));
        assert_eq!(parse_basis("净产值"), Some(OutputBasis::Net));
        assert_eq!(parse_basis("net output value"), Some(OutputBasis::Net));
        assert_eq!(parse_basis("毛产值"), None);
        assert_eq!(parse_basis(""), None);
    }

    #[test]
    fn material_headers_match() {
        assert_eq!(vocab_target("产品").0, Some(Target::Product));
        assert_eq!(vocab_target("产量\nQuantity").0, Some(Target::Quantity));
        let (t, _, unit) = vocab_target("单价 (元/kg)");
        assert_eq!(
            (t, unit),
            (
                Some(Target::Price),
                Some(HeaderUnit::plain(Unit::YuanPerKg))
            )
        );
        assert_eq!(
            vocab_target("单价 (元/单位)\nUnit price (CNY per unit)"),
            (Some(Target::Price), vec![], None)
        );
        assert_eq!(
            vocab_target("Output value (10⁴ CNY)"),
            (
                Some(Target::OutputValue),
                vec![],
                Some(HeaderUnit::plain(Unit::WanYuan))
            )
        );
        assert_eq!(vocab_target("口径").0, Some(Target::Basis));
        let project = Project::empty("t");
        let v = Vocab::new(&project, Registry::builtin());
        assert!(v.is_material("agriculture") && v.is_material("other_products"));
        assert!(!v.is_material("water_supply") && !v.is_material("nonsense"));
    }

    #[test]
    fn header_words_parse_and_name_fixed_targets() {
        let words = match parse_header_words(HEADER_WORDS_RON) {
            Ok(w) => w,
            Err(e) => panic!("assets/import/headers.ron: {e}"),
        };
        assert_eq!(words.len(), header_words().len());
        let of = |t: Target| words.iter().find(|(x, _)| *x == t).map(|(_, w)| w.len());
        assert!(of(Target::CountyCode).is_some_and(|n| n >= 10));
        assert!(of(Target::Basis).is_some());
        assert!(parse_header_words("[(\"nonsense\", [\"x\"])]").is_err());
    }

    #[test]
    fn keys_round_trip() {
        for (key, target) in FIXED_KEYS {
            assert_eq!(target.key(), *key);
        }
        assert_eq!(Target::LandClass("paddy".into()).key(), "land_cover.paddy");
    }
}
