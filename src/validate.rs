//! Validation: every problem of a project at once, each naming county, field and value and
//! saying what to fix, in Chinese and English.
//!
//! Messages come from one catalogue (`IssueKind::message`) so the app, the CLI and reports say
//! the same thing. Structural checks run on the project as typed; quality checks (e.g. climate
//! regulation above half of GEP) run on the accounts of each period.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde::Serialize;

use crate::engine::{self, Options, Status};
use crate::i18n::Lang;
use crate::model::Project;
use crate::registry::{Formula, Registry};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Severity {
    /// The numbers would be wrong or cannot be computed.
    Error,
    /// The numbers are computed but deserve attention (unverified defaults, gaps).
    Warning,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Issue {
    pub severity: Severity,
    pub county: Option<String>,
    pub year: Option<i32>,
    /// Where: `land_cover.paddy`, `indicators.water_conservation.precip`, `price_overrides.x` …
    pub field: String,
    pub value: Option<String>,
    pub kind: IssueKind,
}

/// The catalogue of problems.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum IssueKind {
    NotFinite,
    Negative,
    OutOfRange {
        min: Option<f64>,
        max: Option<f64>,
    },
    LandCoverExceedsArea {
        sum_hm2: f64,
        area_hm2: f64,
    },
    NonPositiveArea,
    BadCountyCode,
    DuplicateCounty,
    UnknownCounty,
    DuplicatePeriod,
    NoPeriods,
    UnknownClass,
    UnknownIndicator,
    UnknownMethod {
        method: String,
    },
    UnknownInput,
    MissingInput {
        indicator: String,
        input: String,
    },
    NotEntered {
        indicator: String,
        framework: String,
    },
    NotEnteredAnywhere {
        indicator: String,
        framework: String,
    },
    ProductsAndOutputValue,
    UnknownFramework,
    UnknownParam,
    MissingParamValue {
        param: String,
    },
    UnverifiedParam {
        param: String,
        source: String,
    },
    UnverifiedPriceIndex {
        index: String,
    },
    UnverifiedStandardEquivalent,
    /// The sown shares of the net-profit derivation of D do not sum to 1.
    SharesNotOne {
        sum: f64,
    },
    PriceConversion {
        zh: String,
        en: String,
    },
    OverrideUnit {
        unit: String,
        wanted: String,
    },
    ClimateShare {
        share: f64,
    },
    DoubleCountWater {
        framework: String,
    },
    LakeModelDefault,
    NoRunoffCoefficient {
        class: String,
    },
    NoCrosswalk {
        class: String,
    },
}

impl Issue {
    /// The full message in `lang`: where, what, and what to fix.
    pub fn message(&self, lang: Lang) -> String {
        let mut place = Vec::new();
        if let Some(y) = self.year {
            place.push(match lang {
                Lang::Zh => format!("{y}年"),
                Lang::En => format!("{y}"),
            });
        }
        if let Some(c) = &self.county {
            place.push(match lang {
                Lang::Zh => format!("县区 {c}"),
                Lang::En => format!("county {c}"),
            });
        }
        if !self.field.is_empty() {
            place.push(self.field.clone());
        }
        if let Some(v) = &self.value {
            place.push(match lang {
                Lang::Zh => format!("值 {v}"),
                Lang::En => format!("value {v}"),
            });
        }
        let what = self.kind.message(lang);
        if place.is_empty() {
            what
        } else {
            let sep = if lang == Lang::Zh { "，" } else { ", " };
            format!("{}: {what}", place.join(sep))
        }
    }
}

fn fmt_range(min: Option<f64>, max: Option<f64>) -> String {
    match (min, max) {
        (Some(a), Some(b)) => format!("[{a}, {b}]"),
        (Some(a), None) => format!("≥ {a}"),
        (None, Some(b)) => format!("≤ {b}"),
        (None, None) => "—".into(),
    }
}

impl IssueKind {
    pub fn message(&self, lang: Lang) -> String {
        use IssueKind as K;
        let zh = lang == Lang::Zh;
        match self {
            K::NotFinite => {
                if zh {
                    "不是有效数字（NaN 或无穷大），请输入有限数值".into()
                } else {
                    "is not a number (NaN or infinite); enter a finite value".into()
                }
            }
            K::Negative => {
                if zh {
                    "不能为负数，请改为 0 或正数".into()
                } else {
                    "cannot be negative; enter 0 or a positive number".into()
                }
            }
            K::OutOfRange { min, max } => {
                if zh {
                    format!("超出允许范围 {}，请检查单位和数值", fmt_range(*min, *max))
                } else {
                    format!(
                        "is outside the allowed range {}; check the unit and the value",
                        fmt_range(*min, *max)
                    )
                }
            }
            K::LandCoverExceedsArea { sum_hm2, area_hm2 } => {
                let pct = (sum_hm2 / area_hm2 - 1.0) * 100.0;
                if zh {
                    format!(
                        "各地类面积合计 {sum_hm2:.2} hm² 超过县域面积 {area_hm2:.2} hm² 达 {pct:.2}%（允许 0.5%），请核对地类面积或县域面积"
                    )
                } else {
                    format!(
                        "land-cover classes sum to {sum_hm2:.2} hm², {pct:.2} % above the county's land area {area_hm2:.2} hm² (0.5 % allowed); check the class areas or the land area"
                    )
                }
            }
            K::NonPositiveArea => {
                if zh {
                    "县域面积必须大于 0".into()
                } else {
                    "the land area must be greater than 0".into()
                }
            }
            K::BadCountyCode => {
                if zh {
                    "行政区划代码应为 6 位数字".into()
                } else {
                    "the administrative code must be 6 digits".into()
                }
            }
            K::DuplicateCounty => {
                if zh {
                    "行政区划代码重复，请删除或更正重复的县区".into()
                } else {
                    "duplicate administrative code; remove or correct the repeated county".into()
                }
            }
            K::UnknownCounty => {
                if zh {
                    "核算期数据引用了县区列表中不存在的代码，请先在“县区”中添加该县或更正代码"
                        .into()
                } else {
                    "period data refer to a code that is not in the county list; add the county or correct the code".into()
                }
            }
            K::DuplicatePeriod => {
                if zh {
                    "核算年份重复".into()
                } else {
                    "duplicate accounting year".into()
                }
            }
            K::NoPeriods => {
                if zh {
                    "项目没有核算期，请添加至少一个核算年份".into()
                } else {
                    "the project has no accounting period; add at least one year".into()
                }
            }
            K::UnknownClass => {
                if zh {
                    "未知地类，请使用登记的地类代码或在项目中定义自定义地类".into()
                } else {
                    "unknown land-cover class; use a registered class id or define a custom class in the project".into()
                }
            }
            K::UnknownIndicator => {
                if zh {
                    "未知指标代码，请检查拼写或定义自定义指标".into()
                } else {
                    "unknown indicator id; check the spelling or define a custom indicator".into()
                }
            }
            K::UnknownMethod { method } => {
                if zh {
                    format!("该指标没有名为 {method} 的核算方法")
                } else {
                    format!("this indicator has no method named {method}")
                }
            }
            K::UnknownInput => {
                if zh {
                    "该方法不使用此输入项，请检查输入代码".into()
                } else {
                    "the chosen method has no such input; check the input id".into()
                }
            }
            K::MissingInput { indicator, input } => {
                if zh {
                    format!("指标 {indicator} 缺少必填输入 {input}，该指标无法计算，请补充")
                } else {
                    format!(
                        "indicator {indicator} lacks the required input {input} and cannot be computed; enter it"
                    )
                }
            }
            K::NotEntered {
                indicator,
                framework,
            } => {
                if zh {
                    format!(
                        "核算框架 {framework} 计入的指标 {indicator} 在本县未填报，GEP 中按缺项处理"
                    )
                } else {
                    format!(
                        "indicator {indicator}, counted by framework {framework}, has no data for this county and is left out of its GEP"
                    )
                }
            }
            K::NotEnteredAnywhere {
                indicator,
                framework,
            } => {
                if zh {
                    format!(
                        "核算框架 {framework} 计入的指标 {indicator} 在所有县区均未填报（若不适用于本地区可忽略）"
                    )
                } else {
                    format!(
                        "indicator {indicator}, counted by framework {framework}, has no data in any county (ignore if it does not apply to the region)"
                    )
                }
            }
            K::ProductsAndOutputValue => {
                if zh {
                    "同时填写了产品明细和直接产值，请只保留一种".into()
                } else {
                    "both product lines and a direct output value are entered; keep one".into()
                }
            }
            K::UnknownFramework => {
                if zh {
                    "未知核算框架，请选择 gbt46869、ndrc2022、db36t1402、extended 或 ouyang2013"
                        .into()
                } else {
                    "unknown framework; choose gbt46869, ndrc2022, db36t1402, extended or ouyang2013".into()
                }
            }
            K::UnknownParam => {
                if zh {
                    "覆盖了不存在的参数，请检查参数代码".into()
                } else {
                    "overrides a parameter that does not exist; check the parameter id".into()
                }
            }
            K::MissingParamValue { param } => {
                if zh {
                    format!("参数 {param} 没有经核实的默认值，请在“参数”中输入本地取值及来源")
                } else {
                    format!(
                        "parameter {param} has no verified default; enter a local value and its source under Prices & parameters"
                    )
                }
            }
            K::UnverifiedParam { param, source } => {
                if zh {
                    format!(
                        "正在使用未经核实（U）的参数 {param}（来源：{source}），报告中将标注；请核对原始文献或输入本地取值"
                    )
                } else {
                    format!(
                        "unverified (U) parameter {param} is in use (source: {source}); reports mark it; check the primary source or enter a local value"
                    )
                }
            }
            K::UnverifiedPriceIndex { index } => {
                if zh {
                    format!(
                        "价格指数 {index} 未经核实（U），价格年份换算依赖该序列；请核对统计年鉴或导入本地序列"
                    )
                } else {
                    format!(
                        "price index {index} is unverified (U) and drives price-year conversion; check it against the yearbook or import your own series"
                    )
                }
            }
            K::UnverifiedStandardEquivalent => {
                if zh {
                    "当量因子法的标准当量使用未经核实的默认值 3406.5 元/hm²，请按粮食产值推算或输入本地值".into()
                } else {
                    "the ESV standard equivalent uses the unverified default 3406.5 CNY/hm²; derive it from grain output or enter a local value".into()
                }
            }
            K::SharesNotOne { sum } => crate::i18n::tf(
                lang,
                "esv_val_shares_not_one",
                &[("sum", &crate::format::num(*sum, 4))],
            ),
            K::PriceConversion { zh: z, en } => {
                if zh {
                    z.clone()
                } else {
                    en.clone()
                }
            }
            K::OverrideUnit { unit, wanted } => {
                if zh {
                    format!(
                        "覆盖值的单位 {unit} 无法换算为登记单位 {wanted}，请改用 {wanted} 或可换算的单位"
                    )
                } else {
                    format!(
                        "the override's unit {unit} cannot be converted to the registry unit {wanted}; enter it in {wanted} or a convertible unit"
                    )
                }
            }
            K::ClimateShare { share } => {
                if zh {
                    format!(
                        "气候调节价值占 GEP 的 {:.1}%（超过 50%），审核时常被质疑，请核对蒸散与空调参数",
                        share * 100.0
                    )
                } else {
                    format!(
                        "climate regulation is {:.1} % of GEP (above 50 %), a common reviewer objection; check the evapotranspiration and air-conditioning parameters",
                        share * 100.0
                    )
                }
            }
            K::DoubleCountWater { framework } => {
                if zh {
                    format!(
                        "框架 {framework} 同时计入水源涵养、水资源供给与洪水调蓄，三者源于同一水量，存在重复计算风险"
                    )
                } else {
                    format!(
                        "framework {framework} counts water conservation, water supply and flood regulation together; they share the same water and may double count"
                    )
                }
            }
            K::LakeModelDefault => {
                if zh {
                    "湖泊调蓄模型使用的是青藏高原湖区系数（a=6.636, b=0.678），江西（东部平原湖区）应覆盖为本地区系数".into()
                } else {
                    "the lake flood model uses the Qinghai–Tibet lake-region coefficients (a = 6.636, b = 0.678); for Jiangxi (Eastern Plain lake region) override them with regional values".into()
                }
            }
            K::NoRunoffCoefficient { class } => {
                if zh {
                    format!(
                        "地类 {class} 没有径流系数，水量平衡法中未计入该地类；如需计入请在项目中设置径流系数"
                    )
                } else {
                    format!(
                        "land class {class} has no runoff coefficient and is left out of the water balance; set one in the project to include it"
                    )
                }
            }
            K::NoCrosswalk { class } => {
                if zh {
                    format!(
                        "地类 {class} 未对应当量因子表中的生态系统类型，当量因子法中按 0 计；请在当量因子设置中指定对应关系"
                    )
                } else {
                    format!(
                        "land class {class} has no row in the equivalent-factor table and counts as 0 in ESV; set its crosswalk"
                    )
                }
            }
        }
    }
}

struct V<'a> {
    out: Vec<Issue>,
    year: Option<i32>,
    county: Option<&'a str>,
}

impl V<'_> {
    fn push(
        &mut self,
        severity: Severity,
        field: impl Into<String>,
        value: Option<f64>,
        kind: IssueKind,
    ) {
        self.out.push(Issue {
            severity,
            county: self.county.map(str::to_string),
            year: self.year,
            field: field.into(),
            value: value.map(|v| format!("{v}")),
            kind,
        });
    }

    /// NaN/∞ and negatives; returns whether the number is usable.
    fn number(&mut self, field: &str, v: f64) -> bool {
        if !v.is_finite() {
            self.push(Severity::Error, field, Some(v), IssueKind::NotFinite);
            false
        } else if v < 0.0 {
            self.push(Severity::Error, field, Some(v), IssueKind::Negative);
            false
        } else {
            true
        }
    }
}

/// The net-profit derivation of D weights each crop by its sown share; the shares must sum
/// to 1 (within 0.005, as the ESV page has always tolerated).
fn esv_shares(v: &mut V<'_>, project: &Project) {
    if let crate::model::StandardEquivalent::NetProfit { crops, .. } =
        &project.esv.standard_equivalent
    {
        let sum: f64 = crops.iter().map(|c| c.sown_share).sum();
        if (sum - 1.0).abs() > 0.005 {
            v.push(
                Severity::Warning,
                "esv.standard_equivalent.crops",
                Some(sum),
                IssueKind::SharesNotOne { sum },
            );
        }
    }
}

/// Lists every problem of the project. Errors first, then warnings, each in project order.
pub fn validate(project: &Project, registry: &Registry) -> Vec<Issue> {
    let mut v = V {
        out: Vec::new(),
        year: None,
        county: None,
    };
    let framework = &project.meta.framework;
    let fw_ok = registry.framework(framework).is_some();
    if !fw_ok {
        v.out.push(Issue {
            severity: Severity::Error,
            county: None,
            year: None,
            field: "meta.framework".into(),
            value: Some(framework.clone()),
            kind: IssueKind::UnknownFramework,
        });
    }

    // Counties.
    let mut codes = HashSet::new();
    for c in &project.counties {
        v.county = Some(&c.code);
        if c.code.len() != 6 || !c.code.chars().all(|ch| ch.is_ascii_digit()) {
            v.push(Severity::Error, "code", None, IssueKind::BadCountyCode);
        }
        if !codes.insert(c.code.as_str()) {
            v.push(Severity::Error, "code", None, IssueKind::DuplicateCounty);
        }
        if v.number("land_area_hm2", c.land_area_hm2) && c.land_area_hm2 == 0.0 {
            v.push(
                Severity::Error,
                "land_area_hm2",
                Some(0.0),
                IssueKind::NonPositiveArea,
            );
        }
    }
    v.county = None;

    if project.periods.is_empty() {
        v.push(Severity::Error, "periods", None, IssueKind::NoPeriods);
    }
    let mut years = HashSet::new();
    let custom_classes: HashSet<&str> = project
        .custom_land_classes
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    let specs = crate::engine::accounts_specs(project, registry);
    let mut entered_somewhere: BTreeSet<&str> = BTreeSet::new();
    let mut classes_used: BTreeSet<&str> = BTreeSet::new();
    let mut lake_model_used = false;
    let mut not_entered: BTreeMap<&str, Vec<(&str, i32)>> = BTreeMap::new();

    for period in &project.periods {
        v.year = Some(period.year);
        v.county = None;
        if !years.insert(period.year) {
            v.push(Severity::Error, "year", None, IssueKind::DuplicatePeriod);
        }
        for code in period.counties.keys() {
            if !codes.contains(code.as_str()) {
                v.county = Some(code);
                v.push(Severity::Error, "counties", None, IssueKind::UnknownCounty);
            }
        }
        let mut seen_in_period = HashSet::new();
        for county in &project.counties {
            if !seen_in_period.insert(county.code.as_str()) {
                continue; // a duplicate code, reported once above
            }
            v.county = Some(&county.code);
            let Some(cp) = period.counties.get(&county.code) else {
                for s in specs.iter().filter(|s| s.counts_in(framework)) {
                    not_entered
                        .entry(&s.id)
                        .or_default()
                        .push((&county.code, period.year));
                }
                continue;
            };
            if let Some(p) = cp.population {
                v.number("population", p);
            }
            if let Some(g) = cp.gdp_yuan {
                v.number("gdp_yuan", g);
            }
            v.number("imported_products_yuan", cp.imported_products_yuan);
            let mut sum = 0.0;
            for (class, &a) in &cp.land_cover {
                let field = format!("land_cover.{class}");
                if registry.land_class(class).is_none() && !custom_classes.contains(class.as_str())
                {
                    v.push(Severity::Error, &field, Some(a), IssueKind::UnknownClass);
                }
                if v.number(&field, a) {
                    sum += a;
                    if a > 0.0 {
                        classes_used.insert(class);
                    }
                }
            }
            if county.land_area_hm2 > 0.0 && sum > county.land_area_hm2 * 1.005 {
                v.push(
                    Severity::Error,
                    "land_cover",
                    Some(sum),
                    IssueKind::LandCoverExceedsArea {
                        sum_hm2: sum,
                        area_hm2: county.land_area_hm2,
                    },
                );
            }
            for id in cp.indicators.keys() {
                if !specs.iter().any(|s| &s.id == id) {
                    v.push(
                        Severity::Error,
                        format!("indicators.{id}"),
                        None,
                        IssueKind::UnknownIndicator,
                    );
                }
            }
            for spec in specs.iter() {
                let Some(input) = cp.indicators.get(&spec.id) else {
                    if spec.counts_in(framework) {
                        not_entered
                            .entry(&spec.id)
                            .or_default()
                            .push((&county.code, period.year));
                    }
                    continue;
                };
                entered_somewhere.insert(&spec.id);
                let base = format!("indicators.{}", spec.id);
                let method = if input.method.is_empty() {
                    spec.default_method()
                } else {
                    spec.method(&input.method)
                };
                let Some(method) = method else {
                    v.push(
                        Severity::Error,
                        format!("{base}.method"),
                        None,
                        IssueKind::UnknownMethod {
                            method: input.method.clone(),
                        },
                    );
                    continue;
                };
                if matches!(method.model, crate::registry::Model::FloodStorage { .. }) {
                    lake_model_used = true;
                }
                for (id, &x) in &input.values {
                    let field = format!("{base}.{id}");
                    let Some(ispec) = method.inputs.iter().find(|i| &i.id == id) else {
                        v.push(Severity::Error, &field, Some(x), IssueKind::UnknownInput);
                        continue;
                    };
                    if !x.is_finite() {
                        v.push(Severity::Error, &field, Some(x), IssueKind::NotFinite);
                    } else if ispec.min.is_some_and(|m| x < m) || ispec.max.is_some_and(|m| x > m) {
                        let kind = if x < 0.0 && ispec.min == Some(0.0) {
                            IssueKind::Negative
                        } else {
                            IssueKind::OutOfRange {
                                min: ispec.min,
                                max: ispec.max,
                            }
                        };
                        v.push(Severity::Error, &field, Some(x), kind);
                    }
                }
                for ispec in method.inputs.iter().filter(|i| i.required) {
                    if !input.values.contains_key(&ispec.id) {
                        v.push(
                            Severity::Error,
                            format!("{base}.{}", ispec.id),
                            None,
                            IssueKind::MissingInput {
                                indicator: spec.id.clone(),
                                input: ispec.id.clone(),
                            },
                        );
                    }
                }
                if matches!(spec.formula, Formula::Products) {
                    if !input.products.is_empty() && input.output_value.is_some() {
                        v.push(
                            Severity::Error,
                            &base,
                            None,
                            IssueKind::ProductsAndOutputValue,
                        );
                    }
                    if input.products.is_empty() && input.output_value.is_none() {
                        v.push(
                            Severity::Error,
                            &base,
                            None,
                            IssueKind::MissingInput {
                                indicator: spec.id.clone(),
                                input: "products / output_value".into(),
                            },
                        );
                    }
                    for (i, line) in input.products.iter().enumerate() {
                        v.number(&format!("{base}.products[{i}].quantity"), line.quantity);
                        v.number(&format!("{base}.products[{i}].price"), line.price);
                    }
                    if let Some(ov) = &input.output_value {
                        v.number(&format!("{base}.output_value"), ov.value_yuan);
                    }
                }
            }
        }
    }
    v.year = None;
    v.county = None;

    // Framework indicators with no data.
    let n_county_years = project.counties.len() * project.periods.len();
    for (ind, missing) in &not_entered {
        if !entered_somewhere.contains(ind) && missing.len() == n_county_years {
            v.push(
                Severity::Warning,
                format!("indicators.{ind}"),
                None,
                IssueKind::NotEnteredAnywhere {
                    indicator: ind.to_string(),
                    framework: framework.clone(),
                },
            );
        } else {
            for (code, year) in missing {
                v.out.push(Issue {
                    severity: Severity::Warning,
                    county: Some(code.to_string()),
                    year: Some(*year),
                    field: format!("indicators.{ind}"),
                    value: None,
                    kind: IssueKind::NotEntered {
                        indicator: ind.to_string(),
                        framework: framework.clone(),
                    },
                });
            }
        }
    }

    // Parameters: overrides, missing values, unverified values in use.
    for (id, o) in &project.price_overrides {
        let field = format!("price_overrides.{id}");
        match registry.param(id) {
            None => v.push(
                Severity::Error,
                &field,
                Some(o.value),
                IssueKind::UnknownParam,
            ),
            Some(p) => {
                if let Some(u) = o.unit
                    && crate::units::convert_param_unit(1.0, u, p.unit).is_none()
                {
                    v.push(
                        Severity::Error,
                        &field,
                        Some(o.value),
                        IssueKind::OverrideUnit {
                            unit: u.zh().to_string(),
                            wanted: p.unit.zh().to_string(),
                        },
                    );
                }
            }
        }
        v.number(&field, o.value);
    }
    if lake_model_used && !project.price_overrides.contains_key("lake_a") {
        v.push(
            Severity::Warning,
            "params.lake_a",
            None,
            IssueKind::LakeModelDefault,
        );
    }
    if !project.periods.is_empty() {
        let cpi = project
            .price_indices
            .iter()
            .find(|s| s.id == "cpi")
            .or_else(|| registry.price_index("cpi"));
        if let Some(s) = cpi
            && s.tag.is_unverified()
        {
            v.push(
                Severity::Warning,
                "price_indices.cpi",
                None,
                IssueKind::UnverifiedPriceIndex {
                    index: s.id.clone(),
                },
            );
        }
    }
    if let crate::model::StandardEquivalent::Direct { tag, .. } = &project.esv.standard_equivalent
        && tag.is_unverified()
    {
        v.push(
            Severity::Warning,
            "esv.standard_equivalent",
            None,
            IssueKind::UnverifiedStandardEquivalent,
        );
    }
    esv_shares(&mut v, project);

    // Land classes with area but no runoff coefficient / no crosswalk row.
    let runoff_known = |c: &str| {
        project.runoff_overrides.contains_key(c)
            || registry
                .land_class(c)
                .is_some_and(|l| l.runoff_coeff.is_some())
            || project
                .custom_land_classes
                .iter()
                .any(|l| l.id == c && l.runoff_coeff.is_some())
    };
    let water_balance_used = project.periods.iter().any(|p| {
        p.counties.values().any(|cp| {
            cp.indicators
                .get("water_conservation")
                .is_some_and(|i| i.method == "water_balance")
        })
    });
    for c in &classes_used {
        if water_balance_used
            && !runoff_known(c)
            && registry.land_class(c).is_some_and(|l| l.vegetated)
        {
            v.push(
                Severity::Warning,
                format!("land_cover.{c}"),
                None,
                IssueKind::NoRunoffCoefficient {
                    class: c.to_string(),
                },
            );
        }
        let in_registry_crosswalk = registry.land_class(c).is_some();
        if !in_registry_crosswalk && !project.esv.crosswalk.contains_key(*c) {
            v.push(
                Severity::Warning,
                format!("esv.crosswalk.{c}"),
                None,
                IssueKind::NoCrosswalk {
                    class: c.to_string(),
                },
            );
        }
    }

    // Framework-level double counting.
    if fw_ok {
        let counts = |id: &str| {
            registry
                .indicator(id)
                .is_some_and(|i| i.counts_in(framework))
        };
        if counts("water_conservation") && counts("water_supply") && counts("flood_regulation") {
            v.push(
                Severity::Warning,
                "meta.framework",
                None,
                IssueKind::DoubleCountWater {
                    framework: framework.clone(),
                },
            );
        }
    }

    // Quality checks on the accounts; price conversion problems.
    // Problems already named above are not repeated from the accounts.
    let structural: HashSet<(String, i32, String)> = v
        .out
        .iter()
        .filter_map(|i| {
            let field = i.field.split('.').take(2).collect::<Vec<_>>().join(".");
            Some((i.county.clone()?, i.year?, field))
        })
        .collect();

    // Parameters actually used (recorded by the engine): missing values and unverified defaults.
    let mut unverified: BTreeMap<String, (f64, String)> = BTreeMap::new();
    let mut no_value: BTreeSet<String> = BTreeSet::new();
    if fw_ok {
        for period in &project.periods {
            let opts = Options {
                traces: false,
                ..Options::year(period.year)
            };
            let Ok(acc) = engine::compute(project, registry, &opts) else {
                continue;
            };
            for p in acc.params_used.iter().filter(|p| p.tag.is_unverified()) {
                unverified
                    .entry(p.id.to_string())
                    .or_insert((p.value.unwrap_or(f64::NAN), p.source.clone()));
            }
            for c in &acc.counties {
                for a in &c.indicators {
                    if let Status::Incomplete { missing } = &a.status {
                        no_value.extend(
                            missing
                                .iter()
                                .filter(|m| {
                                    registry.param(m).is_some_and(|p| p.value.is_none())
                                        && !project.price_overrides.contains_key(*m)
                                })
                                .cloned(),
                        );
                    }
                    if let Status::Failed {
                        reason_zh,
                        reason_en,
                    } = &a.status
                    {
                        let field = format!("indicators.{}", a.id);
                        if !structural.contains(&(c.code.clone(), period.year, field.clone())) {
                            v.out.push(Issue {
                                severity: Severity::Error,
                                county: Some(c.code.clone()),
                                year: Some(period.year),
                                field,
                                value: None,
                                kind: IssueKind::PriceConversion {
                                    zh: reason_zh.clone(),
                                    en: reason_en.clone(),
                                },
                            });
                        }
                    }
                }
                let climate = c
                    .indicators
                    .iter()
                    .find(|a| {
                        &*a.id == "climate_regulation" && a.counted && a.status == Status::Computed
                    })
                    .map_or(0.0, |a| a.value);
                if c.totals.gep > 0.0 && climate / c.totals.gep > 0.5 {
                    v.out.push(Issue {
                        severity: Severity::Warning,
                        county: Some(c.code.clone()),
                        year: Some(period.year),
                        field: "indicators.climate_regulation".into(),
                        value: None,
                        kind: IssueKind::ClimateShare {
                            share: climate / c.totals.gep,
                        },
                    });
                }
            }
        }
    }

    for id in no_value {
        v.push(
            Severity::Error,
            format!("params.{id}"),
            None,
            IssueKind::MissingParamValue { param: id.clone() },
        );
    }
    for (id, (value, source)) in unverified {
        v.push(
            Severity::Warning,
            format!("params.{id}"),
            Some(value),
            IssueKind::UnverifiedParam { param: id, source },
        );
    }

    v.out.sort_by_key(|i| i.severity);
    v.out
}

/// Does the list contain an error (as opposed to warnings only)?
pub fn has_errors(issues: &[Issue]) -> bool {
    issues.iter().any(|i| i.severity == Severity::Error)
}
