//! Header vocabulary: what a column header means, and in which unit its values are.
//!
//! Owns [`Target`] (the meaning of a column, with a stable text key the caller can store), the
//! synonyms of fixed columns (行政区划代码 / 代码 / code, 县区 / 名称 / name, 面积, 人口, GDP, …),
//! the lookup of registry ids and Chinese / English names (land classes, indicators, their
//! inputs and methods, parameters) and header units (“(万m³)”, “（亩）”, “[hm²]”, “单位：公顷”),
//! with conversion to the unit the model stores; for material products also the units a product
//! quantity may have ([`product_unit`]: t, 万t, kg, m³, 万m³, kWh …, stored as a unit the engine
//! has a price unit for) and the output basis words ([`parse_basis`]: 总产值 / gross, 净产值 /
//! net). Matching ignores case, spaces, `_`, `-` and
//! full-width forms, so `water_conservation`, “Water conservation” and “ＷＡＴＥＲ conservation”
//! are the same.

use std::borrow::Cow;
use std::collections::HashMap;

use serde::Serialize;

use crate::i18n::Lang;
use crate::model::{OutputBasis, Project};
use crate::registry::{Formula, IndicatorSpec, Registry};
use crate::units::convert_param_unit;
use crate::units::price_unit_for;
use crate::units::{Dimension, Unit};

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
}

impl Target {
    /// Stable key, used in [`super::ColumnMapping`] values and shown to users.
    pub fn key(&self) -> String {
        match self {
            Target::LandClass(c) => format!("land_cover.{c}"),
            Target::Input { indicator, input } => format!("input.{indicator}.{input}"),
            Target::Method(i) => format!("method.{i}"),
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
            other => FIXED_LABELS
                .iter()
                .find(|(t, _, _)| t == other)
                .map(|(_, z, e)| if zh { *z } else { *e }.to_string())
                .unwrap_or_default(),
        }
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
    (Target::Param, "参数", "parameter"),
    (Target::ParamName, "参数名称", "parameter name"),
    (Target::PriceYear, "价格年份", "price year"),
    (Target::Source, "来源", "source"),
    (Target::Tag, "核实标签", "verification tag"),
    (Target::Product, "产品", "product"),
    (Target::Quantity, "产量", "quantity"),
    (Target::Price, "单价", "unit price"),
    (Target::OutputValue, "产值", "output value"),
    (Target::Basis, "产值口径", "output basis"),
];

/// Header words of fixed columns (matched after normalisation).
const SYNONYMS: &[(Target, &[&str])] = &[
    (
        Target::CountyCode,
        &[
            "行政区划代码",
            "区划代码",
            "行政代码",
            "代码",
            "县区代码",
            "县代码",
            "区县代码",
            "code",
            "county code",
            "adcode",
            "division code",
            "admin code",
        ],
    ),
    (
        Target::CountyName,
        &[
            "名称",
            "县区",
            "县区名称",
            "县（市、区）",
            "县(市、区)",
            "县（市区）",
            "县市区",
            "区县",
            "县名",
            "县区名",
            "行政区",
            "行政区名称",
            "地区",
            "中文名",
            "中文名称",
            "name",
            "county",
            "county name",
            "name zh",
        ],
    ),
    (
        Target::CountyNameEn,
        &["英文名", "英文名称", "english name", "name en", "english"],
    ),
    (
        Target::Prefecture,
        &[
            "地级市",
            "所属地级市",
            "设区市",
            "所属市",
            "prefecture",
            "prefecture-level city",
            "city",
        ],
    ),
    (
        Target::LandArea,
        &[
            "面积",
            "土地面积",
            "国土面积",
            "行政区域面积",
            "区域面积",
            "总面积",
            "land area",
            "area",
            "land area hm2",
        ],
    ),
    (
        Target::Year,
        &[
            "年份",
            "年度",
            "年",
            "核算年份",
            "核算年度",
            "year",
            "accounting year",
        ],
    ),
    (
        Target::Population,
        &[
            "人口",
            "常住人口",
            "年末常住人口",
            "总人口",
            "population",
            "resident population",
        ],
    ),
    (
        Target::Gdp,
        &[
            "gdp",
            "地区生产总值",
            "生产总值",
            "地区生产总值(gdp)",
            "gdp yuan",
        ],
    ),
    (
        Target::ImportedProducts,
        &[
            "调入生态产品价值",
            "调入生态产品",
            "外来生态产品价值",
            "imported ecological products",
            "imported eco-products",
            "imported products yuan",
            "imported products",
        ],
    ),
    (
        Target::Note,
        &[
            "备注", "说明", "注", "note", "notes", "remark", "remarks", "comment",
        ],
    ),
    (
        Target::Ignore,
        &[
            "序号", "no", "no.", "#", "合计", "总计", "小计", "total", "sum", "忽略",
        ],
    ),
    (
        Target::Class,
        &[
            "地类",
            "地类名称",
            "土地类型",
            "土地利用类型",
            "土地覆被类型",
            "地类代码",
            "地类编码",
            "class",
            "land class",
            "land cover class",
        ],
    ),
    (
        Target::Indicator,
        &[
            "指标",
            "指标名称",
            "指标代码",
            "生态服务",
            "indicator",
            "indicator id",
            "service",
        ],
    ),
    (
        Target::InputName,
        &[
            "输入项",
            "输入",
            "输入项名称",
            "输入项代码",
            "变量",
            "数据项",
            "input",
            "input id",
            "input name",
        ],
    ),
    (
        Target::MethodName,
        &["方法", "核算方法", "计算方法", "method"],
    ),
    (
        Target::Value,
        &["数值", "值", "数据", "数量", "value", "amount"],
    ),
    (Target::UnitName, &["单位", "计量单位", "unit", "units"]),
    (
        Target::Param,
        &[
            "参数",
            "参数代码",
            "参数编号",
            "参数id",
            "价格参数",
            "parameter",
            "param",
            "parameter id",
            "param id",
            "id",
        ],
    ),
    (
        Target::ParamName,
        &["参数名称", "parameter name", "param name"],
    ),
    (
        Target::PriceYear,
        &["价格年份", "价格年", "价格基年", "price year", "base year"],
    ),
    (
        Target::Source,
        &[
            "来源",
            "数据来源",
            "出处",
            "依据",
            "source",
            "data source",
            "reference",
        ],
    ),
    (
        Target::Tag,
        &[
            "标签",
            "核实",
            "核实标签",
            "核实状态",
            "tag",
            "verification",
        ],
    ),
    (
        Target::Product,
        &[
            "产品",
            "产品名称",
            "品种",
            "产品种类",
            "product",
            "product name",
            "commodity",
        ],
    ),
    (
        Target::Quantity,
        &[
            "产量",
            "产品产量",
            "quantity",
            "output quantity",
            "production",
        ],
    ),
    (
        Target::Price,
        &[
            "单价",
            "价格",
            "市场价格",
            "产品价格",
            "单价（元/单位）",
            "unit price",
            "price",
            "market price",
            "unit price (cny per unit)",
        ],
    ),
    (
        Target::OutputValue,
        &["产值", "直接填报产值", "output value", "value of output"],
    ),
    (
        Target::Basis,
        &[
            "口径",
            "产值口径",
            "核算口径",
            "basis",
            "output basis",
            "value basis",
        ],
    ),
];

const METHOD_WORDS: &[&str] = &["方法", "核算方法", "计算方法", "method"];
const LAND_COVER_WORDS: &[&str] = &["land_cover", "土地覆被", "地类", "土地利用"];
const SEPARATORS: &[char] = &['·', '・', '•', '.', '．', '|'];

/// Normalised form for matching: full-width → ASCII, lower case, without spaces, `_`, `-`,
/// dashes and `·`.
pub(crate) fn norm(s: &str) -> String {
    s.chars()
        .map(half_width)
        .filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-' | '–' | '—' | '·' | '・' | '•'))
        .flat_map(char::to_lowercase)
        .collect()
}

fn half_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// A unit read from a header or a unit cell: value × `scale` is in `unit` (“千公顷” = hm² × 1000).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct HeaderUnit {
    pub unit: Unit,
    pub scale: f64,
}

impl HeaderUnit {
    pub(crate) fn plain(unit: Unit) -> HeaderUnit {
        HeaderUnit { unit, scale: 1.0 }
    }

    /// Converts `value` given in this unit to `to`; `None` when the two do not convert.
    /// Power-of-ten conversions (万元 → 元, 万t → t, m³ → 万m³) are exact in decimal.
    pub(crate) fn convert(self, value: f64, to: Unit) -> Option<f64> {
        let direct = convert_unit(value * self.scale, self.unit, to)?;
        let factor = convert_unit(1.0, self.unit, to)? * self.scale;
        Some(if power_of_ten(factor).is_some() {
            scale(value, factor)
        } else {
            direct
        })
    }

    pub(crate) fn converts_to(self, to: Unit) -> bool {
        self.convert(1.0, to).is_some()
    }

    pub(crate) fn label(self) -> String {
        if self.scale == 1.0 {
            self.unit.zh().to_string()
        } else {
            format!("{} × {}", self.unit.zh(), self.scale)
        }
    }
}

/// `k` when `factor` is 10^k (|k| ≤ 15).
fn power_of_ten(factor: f64) -> Option<i32> {
    if !(factor.is_finite() && factor > 0.0) {
        return None;
    }
    let k = factor.log10().round();
    (k.abs() <= 15.0 && (factor / 10f64.powi(k as i32) - 1.0).abs() < 1e-12).then_some(k as i32)
}

/// `value × factor`, where a power-of-ten factor shifts the decimal digits of `value` (its
/// shortest representation) instead of multiplying in binary: 588.2022 万元 is exactly
/// 5 882 022 元, not 5 882 021.999999999, so values written in a scaled unit and read back
/// are the values that were written.
pub(crate) fn scale(value: f64, factor: f64) -> f64 {
    let Some(k) = power_of_ten(factor).filter(|_| value.is_finite()) else {
        return value * factor;
    };
    let sci = format!("{value:e}");
    let Some((mantissa, exp)) = sci.split_once('e') else {
        return value * factor;
    };
    exp.parse::<i32>()
        .ok()
        .and_then(|e| format!("{mantissa}e{}", e + k).parse::<f64>().ok())
        .unwrap_or(value * factor)
}

/// Unit conversion as the importer allows it: within a dimension (persons never become visits),
/// percent ↔ fraction, and carbon prices between 元/t C and 元/t CO₂.
pub(crate) fn convert_unit(value: f64, from: Unit, to: Unit) -> Option<f64> {
    match (from, to) {
        _ if from == to => Some(value),
        (Unit::Percent, Unit::Fraction) => Some(value / 100.0),
        (Unit::Fraction, Unit::Percent) => Some(value * 100.0),
        _ if from.dimension() == Dimension::Count && from.canonical() != to.canonical() => None,
        _ => convert_param_unit(value, from, to),
    }
}

/// The unit a product line is stored in for a quantity given in `u`, and how many stored units
/// one given unit is: units the engine has a price unit for stay (t, kg, m³, kWh, hm², 人次 …);
/// scaled ones become their canonical unit (1 万t = 10 000 t, 1 万m³ = 10 000 m³). `None` for
/// units that are not product quantities (money, prices, fractions, persons …).
pub(crate) fn product_unit(u: HeaderUnit) -> Option<(Unit, f64)> {
    if u.scale == 1.0 && price_unit_for(u.unit).is_some() {
        return Some((u.unit, 1.0));
    }
    let stored = u.unit.canonical();
    price_unit_for(stored)?;
    let factor = u.convert(1.0, stored)?;
    Some((stored, factor))
}

/// The quantity unit a price unit is per (元/t → t, 元/kg → kg), for the price units of
/// product lines.
pub(crate) fn price_denominator(price: Unit) -> Option<Unit> {
    Unit::ALL
        .iter()
        .copied()
        .find(|&u| price_unit_for(u) == Some(price))
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

/// Words for units that `Unit::parse` does not know.
const UNIT_WORDS: &[(&str, Unit)] = &[
    ("毫米", Unit::Mm),
    ("米", Unit::M),
    ("平方米", Unit::M2),
    ("hectare", Unit::Hm2),
    ("hectares", Unit::Hm2),
    ("hm2", Unit::Hm2),
    ("ha", Unit::Hm2),
    ("公顷", Unit::Hm2),
    ("万公顷", Unit::WanHm2),
    ("sqkm", Unit::Km2),
    ("km2", Unit::Km2),
    ("平方公里", Unit::Km2),
    ("平方千米", Unit::Km2),
    ("亩", Unit::Mu),
    ("立方米", Unit::M3),
    ("m3", Unit::M3),
    ("千克", Unit::Kg),
    ("公斤", Unit::Kg),
    ("吨", Unit::T),
    ("吨碳", Unit::TC),
    ("tc", Unit::TC),
    ("吨co2", Unit::TCo2),
    ("tco2", Unit::TCo2),
    ("人", Unit::Person),
    ("persons", Unit::Person),
    ("人次", Unit::PersonTrip),
    ("元", Unit::Yuan),
    ("yuan", Unit::Yuan),
    ("cny", Unit::Yuan),
    ("rmb", Unit::Yuan),
    ("千瓦时", Unit::Kwh),
    ("度", Unit::Kwh),
    ("天", Unit::Day),
    ("日", Unit::Day),
    ("小时", Unit::Hour),
    ("%", Unit::Percent),
];

/// Parses a unit such as “万m³”, “亩”, “千公顷”, “10⁴ m³”, “元/m³”, “单位：公顷”.
pub(crate) fn parse_unit(text: &str) -> Option<HeaderUnit> {
    let t = text.trim();
    let t = strip_unit_label(t);
    if t.is_empty() {
        return None;
    }
    parse_plain_unit(t).map(HeaderUnit::plain).or_else(|| {
        let (scale, rest) = split_scale(t)?;
        parse_plain_unit(rest).map(|unit| HeaderUnit { unit, scale })
    })
}

fn strip_unit_label(t: &str) -> &str {
    for label in ["单位：", "单位:", "单位", "unit:", "Unit:", "units:"] {
        if let Some(rest) = t.strip_prefix(label) {
            return rest.trim();
        }
    }
    t
}

fn parse_plain_unit(t: &str) -> Option<Unit> {
    let t = t.trim();
    if let Some(u) = Unit::parse(t) {
        return Some(u);
    }
    let n = norm(t)
        .replace('²', "2")
        .replace('³', "3")
        .replace('₂', "2");
    UNIT_WORDS
        .iter()
        .find(|(w, _)| norm(w) == n)
        .map(|(_, u)| *u)
        .or_else(|| {
            // Compound units written with words: 元/立方米, 元/吨 …
            let (num, den) = t.split_once('/')?;
            let den = parse_plain_unit(den)?;
            let num = parse_plain_unit(num)?;
            (num == Unit::Yuan)
                .then(|| crate::units::price_unit_for(den.canonical()))
                .flatten()
                .filter(|_| den == den.canonical())
        })
}

fn split_scale(t: &str) -> Option<(f64, &str)> {
    for (prefix, scale) in [
        ("10⁴", 1e4),
        ("10^4", 1e4),
        ("10⁸", 1e8),
        ("10^8", 1e8),
        ("万", 1e4),
        ("亿", 1e8),
        ("千", 1e3),
        ("百", 1e2),
    ] {
        if let Some(rest) = t.strip_prefix(prefix) {
            return Some((scale, rest.trim()));
        }
    }
    None
}

/// Splits “name (unit)” into name and unit; the bracket stays in the name when its content is
/// not a unit (“总氮净化量（可选）”, “针叶林（杉木、马尾松）”).
pub(crate) fn split_header_unit(line: &str) -> (String, Option<HeaderUnit>) {
    let line = line.trim();
    if let Some((name, inner)) = trailing_bracket(line)
        && let Some(u) = parse_unit(inner)
    {
        return (name.trim().to_string(), Some(u));
    }
    for sep in [" ", "/", ",", "，", "／"] {
        if let Some((name, tail)) = line.rsplit_once(sep)
            && !name.trim().is_empty()
            && (tail.trim().chars().count() >= 2 || !tail.is_ascii())
            && let Some(u) = parse_unit(tail)
        {
            return (name.trim().to_string(), Some(u));
        }
    }
    (line.to_string(), None)
}

/// “name (inner)” → (name, inner) for the last balanced bracket group at the end of `line`.
fn trailing_bracket(line: &str) -> Option<(&str, &str)> {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let &(close_at, close) = chars.last()?;
    if !matches!(close, ')' | '）' | ']' | '】') {
        return None;
    }
    let mut depth = 0i32;
    for &(i, c) in chars.iter().rev() {
        match c {
            ')' | '）' | ']' | '】' => depth += 1,
            '(' | '（' | '[' | '【' => {
                depth -= 1;
                if depth == 0 {
                    let inner_start = i + c.len_utf8();
                    return Some((&line[..i], &line[inner_start..close_at]));
                }
            }
            _ => {}
        }
    }
    None
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
        for (target, words) in SYNONYMS {
            for w in *words {
                fixed.insert(norm(w), target.clone());
            }
        }
        for (key, target) in FIXED_KEYS {
            fixed.insert(norm(key), target.clone());
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
    fn units_in_headers() {
        assert_eq!(
            split_header_unit("面积（亩）").1,
            Some(HeaderUnit::plain(Unit::Mu))
        );
        assert_eq!(
            split_header_unit("水源涵养量 (万m³)").1,
            Some(HeaderUnit::plain(Unit::WanM3))
        );
        assert_eq!(
            split_header_unit("耕地面积[千公顷]").1,
            Some(HeaderUnit {
                unit: Unit::Hm2,
                scale: 1e3
            })
        );
        assert_eq!(
            split_header_unit("总氮净化量（可选）"),
            ("总氮净化量（可选）".to_string(), None)
        );
        assert_eq!(
            split_header_unit("降雨侵蚀力因子 R (MJ·mm/(hm²·h·a))").1,
            Some(HeaderUnit::plain(Unit::RusleR))
        );
        assert_eq!(parse_unit("10⁴ m³"), Some(HeaderUnit::plain(Unit::WanM3)));
        assert_eq!(
            parse_unit("元/立方米"),
            Some(HeaderUnit::plain(Unit::YuanPerM3))
        );
        assert_eq!(parse_unit("单位：公顷"), Some(HeaderUnit::plain(Unit::Hm2)));
        assert_eq!(parse_unit("m3"), Some(HeaderUnit::plain(Unit::M3)));
        assert_eq!(parse_unit("可选"), None);
    }

    #[test]
    fn conversions_respect_dimensions() {
        let mu = HeaderUnit::plain(Unit::Mu);
        assert!((mu.convert(15.0, Unit::Hm2).unwrap_or(0.0) - 1.0).abs() < 1e-12);
        assert_eq!(
            HeaderUnit::plain(Unit::M3).convert(20_000.0, Unit::WanM3),
            Some(2.0)
        );
        assert_eq!(
            HeaderUnit::plain(Unit::Person).convert(1.0, Unit::PersonTrip),
            None
        );
        assert_eq!(
            HeaderUnit::plain(Unit::WanPerson).convert(1.5, Unit::Person),
            Some(15_000.0)
        );
        assert_eq!(
            HeaderUnit::plain(Unit::Percent).convert(50.0, Unit::Fraction),
            Some(0.5)
        );
        assert_eq!(
            HeaderUnit::plain(Unit::YuanPerTC).convert(44.0, Unit::YuanPerTCo2),
            Some(12.0)
        );
        assert_eq!(HeaderUnit::plain(Unit::Yuan).convert(1.0, Unit::Hm2), None);
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
            vec!["energy".to_string()]
        );
        assert_eq!(
            vocab_target("climate_regulation.evaporation (万kWh)").1,
            vec!["direct".to_string()]
        );
        assert_eq!(
            vocab_target("climate_regulation.evaporation").1,
            vec!["direct".to_string(), "energy".to_string()]
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
    fn power_of_ten_scaling_is_exact_in_decimal() {
        assert_eq!(scale(588.2022, 1e4), 5_882_022.0);
        assert_ne!(588.2022 * 1e4, 5_882_022.0, "binary multiplication is not");
        assert_eq!(scale(16_405.774, 1e4), 164_057_740.0);
        assert_eq!(scale(80_000.0, 1e-3), 80.0);
        assert_eq!(scale(-1.5, 100.0), -150.0);
        assert_eq!(scale(0.0, 1e8), 0.0);
        assert_eq!(scale(3.0, 1.0 / 15.0), 3.0 / 15.0, "other factors multiply");
        assert_eq!(
            HeaderUnit::plain(Unit::WanYuan).convert(588.2022, Unit::Yuan),
            Some(5_882_022.0)
        );
        assert_eq!(
            HeaderUnit {
                unit: Unit::Yuan,
                scale: 1e4
            }
            .convert(1.2, Unit::Yuan),
            Some(12_000.0)
        );
    }

    #[test]
    fn product_units_are_stored_in_units_the_engine_prices() {
        let u = |t: &str| parse_unit(t).map(product_unit);
        assert_eq!(u("万t"), Some(Some((Unit::T, 1e4))));
        assert_eq!(u("万吨"), Some(Some((Unit::T, 1e4))));
        assert_eq!(u("kg"), Some(Some((Unit::Kg, 1.0))));
        assert_eq!(u("千克"), Some(Some((Unit::Kg, 1.0))));
        assert_eq!(u("万m³"), Some(Some((Unit::M3, 1e4))));
        assert_eq!(u("万kWh"), Some(Some((Unit::Kwh, 1e4))));
        assert_eq!(u("亩").flatten().map(|p| p.0), Some(Unit::Hm2));
        assert_eq!(u("万元"), Some(None), "money is no quantity");
        assert_eq!(u("元/t"), Some(None), "a price is no quantity");
        assert_eq!(u("万人"), Some(None), "persons are no product");
        assert_eq!(u("头"), Some(Some((Unit::Head, 1.0))), "livestock in head");
        assert_eq!(u("只"), Some(Some((Unit::Animal, 1.0))));
        assert_eq!(price_denominator(Unit::YuanPerHead), Some(Unit::Head));
        assert_eq!(price_denominator(Unit::YuanPerKg), Some(Unit::Kg));
        assert_eq!(price_denominator(Unit::YuanPerT), Some(Unit::T));
        assert_eq!(price_denominator(Unit::Yuan), None);
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
    fn keys_round_trip() {
        for (key, target) in FIXED_KEYS {
            assert_eq!(target.key(), *key);
        }
        assert_eq!(Target::LandClass("paddy".into()).key(), "land_cover.paddy");
    }
}
