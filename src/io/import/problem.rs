//! The catalogue of import problems: where (sheet, Excel row, column and header, cell value)
//! and why, in Chinese and English. One place, so the app, the CLI and tests say the same thing.

use serde::Serialize;

use crate::i18n::Lang;

use super::read::column_letter;
use super::table::TableKind;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Severity {
    /// `apply` refuses the import until it is fixed.
    Error,
    /// Imported, but look at it.
    Warning,
    /// Said for the record (skipped example rows, new accounting years …).
    Info,
}

/// A column a table kind needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ColumnRole {
    /// 行政区划代码 or 县区名称.
    County,
    CountyCode,
    Class,
    Indicator,
    Input,
    Value,
    Param,
    Product,
    Quantity,
    Price,
    OutputValue,
    Basis,
}

impl ColumnRole {
    fn text(self, lang: Lang) -> &'static str {
        let zh = lang == Lang::Zh;
        match self {
            ColumnRole::County if zh => "行政区划代码或县区名称",
            ColumnRole::County => "county code or county name",
            ColumnRole::CountyCode if zh => "行政区划代码",
            ColumnRole::CountyCode => "county code",
            ColumnRole::Class if zh => "地类",
            ColumnRole::Class => "land class",
            ColumnRole::Indicator if zh => "指标",
            ColumnRole::Indicator => "indicator",
            ColumnRole::Input if zh => "输入项",
            ColumnRole::Input => "input",
            ColumnRole::Value if zh => "数值（或面积）",
            ColumnRole::Value => "value (or area)",
            ColumnRole::Param if zh => "参数代码或参数名称",
            ColumnRole::Param => "parameter id or name",
            ColumnRole::Product if zh => "产品",
            ColumnRole::Product => "product",
            ColumnRole::Quantity if zh => "产量",
            ColumnRole::Quantity => "quantity",
            ColumnRole::Price if zh => "单价",
            ColumnRole::Price => "unit price",
            ColumnRole::OutputValue if zh => "产值",
            ColumnRole::OutputValue => "output value",
            ColumnRole::Basis if zh => "产值口径（总产值或净产值）",
            ColumnRole::Basis => "output basis (gross or net)",
        }
    }
}

/// What is wrong.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum ProblemKind {
    SheetNotFound {
        available: Vec<String>,
    },
    /// A sheet chosen for import has no recognisable header row.
    NoTable,
    /// A sheet without a recognisable table was skipped.
    SheetSkipped,
    WrongKind {
        chosen: TableKind,
        found: Option<TableKind>,
    },
    MissingColumn {
        role: ColumnRole,
    },
    UnmappedColumn,
    BadMapping {
        target: String,
    },
    DuplicateColumn {
        first: String,
    },
    /// The column means something this kind of table does not read.
    ColumnNotRead {
        kind: TableKind,
    },
    UnknownClass,
    UnknownIndicator,
    UnknownInput {
        indicator: String,
    },
    UnknownMethod {
        indicator: String,
    },
    UnknownParam,
    NotANumber,
    MissingValue,
    NotAYear,
    CellError,
    Negative,
    NotPositive,
    OutOfRange {
        min: Option<f64>,
        max: Option<f64>,
    },
    BadUnit,
    UnitMismatch {
        unit: String,
        wanted: String,
    },
    BadCountyCode,
    UnknownCounty,
    AmbiguousCountyName,
    CountyMissing,
    DuplicateCounty {
        first_row: u32,
    },
    DuplicateEntry {
        first: String,
    },
    ConflictingValue {
        first: String,
        first_value: String,
    },
    NewCountyWithoutName,
    NewCountyWithoutArea,
    NoYear,
    MixedMethods {
        indicator: String,
    },
    InputNotInMethod {
        method: String,
    },
    BadTag,
    NameDiffers {
        project_name: String,
    },
    NoSource,
    YearDefaulted {
        year: i32,
    },
    ExampleRowSkipped,
    TotalRowSkipped,
    NewPeriod {
        year: i32,
    },
    /// Product lines or an output value for an indicator that is not a material product.
    NotMaterial {
        indicator: String,
    },
    /// A product line without a product name.
    MissingProduct,
    /// A product quantity without a unit (neither in the unit column nor in the header).
    MissingUnit,
    /// A unit that is not a product quantity (money, a price, a fraction …).
    NotAQuantityUnit {
        unit: String,
    },
    /// An output basis that is neither gross (总产值) nor net (净产值).
    BadBasis,
    /// Product lines and an output value for the same county, year and indicator.
    ProductsAndOutputValue {
        first: String,
    },
}

impl ProblemKind {
    pub fn severity(&self) -> Severity {
        use ProblemKind as K;
        match self {
            K::SheetSkipped
            | K::ExampleRowSkipped
            | K::TotalRowSkipped
            | K::NewPeriod { .. }
            | K::YearDefaulted { .. } => Severity::Info,
            K::NameDiffers { .. } | K::NoSource => Severity::Warning,
            _ => Severity::Error,
        }
    }

    /// Why, and what to do.
    pub fn why(&self, lang: Lang) -> String {
        if lang == Lang::Zh {
            self.zh()
        } else {
            self.en()
        }
    }

    fn zh(&self) -> String {
        use ProblemKind as K;
        match self {
            K::SheetNotFound { available } => {
                format!("找不到该工作表；文件中的工作表：{}", available.join("、"))
            }
            K::NoTable => {
                "没有可识别的表头行（代码、名称、地类、指标等）；请检查工作表或指定表类型".into()
            }
            K::SheetSkipped => "没有可识别的表格，已跳过".into(),
            K::WrongKind { chosen, found } => match found {
                Some(f) => format!(
                    "选择的表类型是“{}”，但表头看起来是“{}”；请选择正确的工作表或表类型",
                    chosen.name().zh,
                    f.name().zh
                ),
                None => format!(
                    "选择的表类型是“{}”，但表头不符合；请选择正确的工作表",
                    chosen.name().zh
                ),
            },
            K::MissingColumn { role } => format!("缺少必需的列：{}", role.text(Lang::Zh)),
            K::UnmappedColumn => "无法识别该列；请在列映射中指定其含义，或设为忽略".into(),
            K::BadMapping { target } => format!("列映射的目标“{target}”无效"),
            K::DuplicateColumn { first } => format!("与 {first} 列含义相同；请删除或忽略其中一列"),
            K::ColumnNotRead { kind } => format!(
                "“{}”表不读取该列；请删除、忽略或放到相应的表中",
                kind.name().zh
            ),
            K::UnknownClass => "未知的土地覆被地类；请使用地类名称或代码（如 水田 / paddy）".into(),
            K::UnknownIndicator => {
                "未知的指标；请使用指标名称或代码（如 水源涵养 / water_conservation）".into()
            }
            K::UnknownInput { indicator } => {
                format!("指标 {indicator} 没有这个输入项；请检查输入项名称或代码")
            }
            K::UnknownMethod { indicator } => {
                format!("指标 {indicator} 没有这个核算方法；请使用方法代码或名称")
            }
            K::UnknownParam => {
                "未知的参数；请使用参数代码或名称（gep-calc registry 可列出全部参数）".into()
            }
            K::NotANumber => "不是数字；请只填写数值（单位写在表头）".into(),
            K::MissingValue => "缺少数值".into(),
            K::NotAYear => "不是有效的年份（1900–2100）".into(),
            K::CellError => "单元格是 Excel 错误值；请修正公式".into(),
            K::Negative => "不能为负数".into(),
            K::NotPositive => "必须大于 0".into(),
            K::OutOfRange { min, max } => format!("超出允许范围 {}", range_text(*min, *max)),
            K::BadUnit => "无法识别的单位".into(),
            K::UnitMismatch { unit, wanted } => format!("单位 {unit} 无法换算为 {wanted}"),
            K::BadCountyCode => "行政区划代码应为 6 位数字".into(),
            K::UnknownCounty => "项目中没有这个县区，本次导入的县区表中也没有；请先添加县区".into(),
            K::AmbiguousCountyName => "县区名称对应多个县区；请使用行政区划代码".into(),
            K::CountyMissing => "该行有数据但没有县区代码或名称".into(),
            K::DuplicateCounty { first_row } => {
                format!("县区重复（同一年份），第一次出现在第 {first_row} 行；本行未导入")
            }
            K::DuplicateEntry { first } => format!("重复的数据，第一次出现在 {first}"),
            K::ConflictingValue { first, first_value } => {
                format!("与 {first} 的值 {first_value} 不一致")
            }
            K::NewCountyWithoutName => "新县区缺少名称".into(),
            K::NewCountyWithoutArea => "新县区缺少面积（或面积不大于 0）".into(),
            K::NoYear => "没有年份列，项目中也没有核算年份；请添加“年份”列或指定年份".into(),
            K::MixedMethods { indicator } => format!(
                "指标 {indicator} 的输入项属于不同的核算方法；请添加方法列或只填一种方法的输入项"
            ),
            K::InputNotInMethod { method } => format!("该输入项不属于方法 {method}"),
            K::BadTag => "核实标签应为 V、V-sec、D 或 U".into(),
            K::NameDiffers { project_name } => {
                format!("名称与项目中该代码的县区“{project_name}”不同；请确认代码")
            }
            K::NoSource => "未填写来源；将记为“导入”".into(),
            K::YearDefaulted { year } => format!("未填写年份，按 {year} 年导入"),
            K::ExampleRowSkipped => "示例行，已跳过".into(),
            K::TotalRowSkipped => "合计行，已跳过".into(),
            K::NewPeriod { year } => format!("将新建 {year} 年核算期"),
            K::NotMaterial { indicator } => format!(
                "指标 {indicator} 不是物质产品，不能填写产品或产值；请使用农业产品、林业产品、畜牧业产品、渔业产品或其他物质产品"
            ),
            K::MissingProduct => "缺少产品名称".into(),
            K::MissingUnit => {
                "缺少计量单位；请在“单位”列或产量表头中填写（如 t、万t、kg、m³）".into()
            }
            K::NotAQuantityUnit { unit } => {
                format!("{unit} 不是产品产量的单位；请使用 t、万t、kg、m³、万m³、kWh、hm² 等")
            }
            K::BadBasis => "产值口径应为“总产值”（gross）或“净产值”（net）".into(),
            K::ProductsAndOutputValue { first } => {
                format!("同一县区、年份和指标已有产品（{first}）；产品清单与直接填报产值只能填一种")
            }
        }
    }

    fn en(&self) -> String {
        use ProblemKind as K;
        match self {
            K::SheetNotFound { available } => {
                format!("no such sheet; the file has: {}", available.join(", "))
            }
            K::NoTable => "no recognisable header row (code, name, land classes, indicators …); check the sheet or choose the table kind".into(),
            K::SheetSkipped => "no recognisable table; skipped".into(),
            K::WrongKind { chosen, found } => match found {
                Some(f) => format!("chosen as “{}”, but the headers look like “{}”; choose the right sheet or table kind", chosen.name().en, f.name().en),
                None => format!("chosen as “{}”, but the headers do not fit; choose the right sheet", chosen.name().en),
            },
            K::MissingColumn { role } => format!("required column missing: {}", role.text(Lang::En)),
            K::UnmappedColumn => "column not recognised; map it to a meaning or to ignore".into(),
            K::BadMapping { target } => format!("the column mapping target “{target}” is not valid"),
            K::DuplicateColumn { first } => format!("means the same as column {first}; delete or ignore one of them"),
            K::ColumnNotRead { kind } => format!("a “{}” table does not read this column; delete or ignore it, or move it to the right table", kind.name().en),
            K::UnknownClass => "unknown land-cover class; use a class name or id (e.g. 水田 / paddy)".into(),
            K::UnknownIndicator => "unknown indicator; use an indicator name or id (e.g. 水源涵养 / water_conservation)".into(),
            K::UnknownInput { indicator } => format!("indicator {indicator} has no such input; check the input name or id"),
            K::UnknownMethod { indicator } => format!("indicator {indicator} has no such method; use a method id or name"),
            K::UnknownParam => "unknown parameter; use a parameter id or name (gep-calc registry lists them)".into(),
            K::NotANumber => "not a number; enter the number only (the unit goes in the header)".into(),
            K::MissingValue => "value missing".into(),
            K::NotAYear => "not a valid year (1900–2100)".into(),
            K::CellError => "the cell holds an Excel error; fix the formula".into(),
            K::Negative => "must not be negative".into(),
            K::NotPositive => "must be greater than 0".into(),
            K::OutOfRange { min, max } => format!("outside the allowed range {}", range_text(*min, *max)),
            K::BadUnit => "unit not recognised".into(),
            K::UnitMismatch { unit, wanted } => format!("the unit {unit} cannot be converted to {wanted}"),
            K::BadCountyCode => "the county code must be 6 digits".into(),
            K::UnknownCounty => "no such county in the project nor in this import's county table; add the county first".into(),
            K::AmbiguousCountyName => "the county name matches several counties; use the county code".into(),
            K::CountyMissing => "the row has data but no county code or name".into(),
            K::DuplicateCounty { first_row } => format!("county repeated (same year), first on row {first_row}; this row was not imported"),
            K::DuplicateEntry { first } => format!("duplicate entry, first at {first}"),
            K::ConflictingValue { first, first_value } => format!("differs from the value {first_value} at {first}"),
            K::NewCountyWithoutName => "a new county needs a name".into(),
            K::NewCountyWithoutArea => "a new county needs a land area greater than 0".into(),
            K::NoYear => "no year column and no accounting year in the project; add a year column or choose the year".into(),
            K::MixedMethods { indicator } => format!("the inputs of {indicator} belong to different methods; add a method column or enter the inputs of one method"),
            K::InputNotInMethod { method } => format!("this input is not an input of the method {method}"),
            K::BadTag => "the verification tag must be V, V-sec, D or U".into(),
            K::NameDiffers { project_name } => format!("the name differs from the project's county “{project_name}” with this code; check the code"),
            K::NoSource => "no source given; recorded as “imported”".into(),
            K::YearDefaulted { year } => format!("no year given; imported as {year}"),
            K::ExampleRowSkipped => "example row, skipped".into(),
            K::TotalRowSkipped => "total row, skipped".into(),
            K::NewPeriod { year } => format!("a new accounting period {year} will be created"),
            K::NotMaterial { indicator } => format!("{indicator} is not a material product, so it takes no product lines or output value; use agricultural, forestry, livestock, fishery or other material products"),
            K::MissingProduct => "product name missing".into(),
            K::MissingUnit => "unit missing; give it in the unit column or in the quantity header (e.g. t, 万t, kg, m³)".into(),
            K::NotAQuantityUnit { unit } => format!("{unit} is not a unit of product quantity; use t, 万t, kg, m³, 万m³, kWh, hm² …"),
            K::BadBasis => "the output basis must be gross (总产值) or net (净产值)".into(),
            K::ProductsAndOutputValue { first } => format!("the same county, year and indicator already has product lines ({first}); enter either product lines or an output value, not both"),
        }
    }
}

fn range_text(min: Option<f64>, max: Option<f64>) -> String {
    match (min, max) {
        (Some(a), Some(b)) => format!("[{a}, {b}]"),
        (Some(a), None) => format!("≥ {a}"),
        (None, Some(b)) => format!("≤ {b}"),
        (None, None) => String::new(),
    }
}

/// One problem, placed as precisely as known.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportProblem {
    /// Sheet name (for CSV: the file name without extension); empty for project-level checks.
    pub sheet: String,
    /// Excel row number (1-based).
    pub row: Option<u32>,
    /// Excel column number (1-based).
    pub col: Option<u32>,
    /// Header text of the column.
    pub header: Option<String>,
    /// The cell value as shown.
    pub value: Option<String>,
    pub kind: ProblemKind,
}

impl ImportProblem {
    pub fn severity(&self) -> Severity {
        self.kind.severity()
    }

    /// Cell reference such as `C5`, when row and column are known.
    pub fn cell_ref(&self) -> Option<String> {
        Some(format!("{}{}", column_letter(self.col?), self.row?))
    }

    /// “工作表「土地覆被」第 5 行 C 列（水田），值 “abc”：不是数字 …” / “sheet “Land cover”, row 5,
    /// column C (水田), value “abc”: not a number …”.
    pub fn message(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        let mut place = Vec::new();
        if !self.sheet.is_empty() {
            place.push(if zh {
                format!("工作表「{}」", self.sheet)
            } else {
                format!("sheet “{}”", self.sheet)
            });
        }
        if let Some(r) = self.row {
            place.push(if zh {
                format!("第 {r} 行")
            } else {
                format!("row {r}")
            });
        }
        if let Some(c) = self.col {
            let letter = column_letter(c);
            let header = self
                .header
                .as_deref()
                .filter(|h| !h.is_empty())
                .map(|h| format!("（{}）", h.replace('\n', " / ")))
                .unwrap_or_default();
            place.push(if zh {
                format!("{letter} 列{header}")
            } else {
                format!(
                    "column {letter}{}",
                    header.replace('（', " (").replace('）', ")")
                )
            });
        }
        if let Some(v) = &self.value {
            place.push(if zh {
                format!("值“{v}”")
            } else {
                format!("value “{v}”")
            });
        }
        let why = self.kind.why(lang);
        if place.is_empty() {
            why
        } else if zh {
            format!("{}：{why}", place.join("，"))
        } else {
            format!("{}: {why}", place.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_place_in_both_languages() {
        let p = ImportProblem {
            sheet: "土地覆被".into(),
            row: Some(5),
            col: Some(3),
            header: Some("水田 (hm²)".into()),
            value: Some("abc".into()),
            kind: ProblemKind::NotANumber,
        };
        assert_eq!(p.cell_ref().as_deref(), Some("C5"));
        assert_eq!(
            p.message(Lang::Zh),
            "工作表「土地覆被」，第 5 行，C 列（水田 (hm²)），值“abc”：不是数字；请只填写数值（单位写在表头）"
        );
        assert_eq!(
            p.message(Lang::En),
            "sheet “土地覆被”, row 5, column C (水田 (hm²)), value “abc”: not a number; enter the number only (the unit goes in the header)"
        );
        assert_eq!(p.severity(), Severity::Error);
        assert_eq!(ProblemKind::ExampleRowSkipped.severity(), Severity::Info);
    }
}
