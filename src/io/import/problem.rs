//! The catalogue of import problems: where (sheet, Excel row, column and header, cell value)
//! and why, in Chinese and English. One place, so the app, the CLI and tests say the same thing;
//! the sentences are catalogue keys with named placeholders (`assets/i18n/import.ron`).

use serde::Serialize;

use crate::i18n::{Lang, t, tf};

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
    /// 调节项目: NPP, precipitation or soil retention (national means of the ESV coefficients).
    AdjustItem,
    /// The ecosystem part of a row.
    Part,
    EcosystemType,
    SubtypeId,
}

impl ColumnRole {
    fn text(self, lang: Lang) -> &'static str {
        let key = match self {
            ColumnRole::County => "imp_role_county",
            ColumnRole::CountyCode => "imp_role_county_code",
            ColumnRole::Class => "imp_role_class",
            ColumnRole::Indicator => "imp_role_indicator",
            ColumnRole::Input => "imp_role_input",
            ColumnRole::Value => "imp_role_value",
            ColumnRole::Param => "imp_role_param",
            ColumnRole::Product => "imp_role_product",
            ColumnRole::Quantity => "imp_role_quantity",
            ColumnRole::Price => "imp_role_price",
            ColumnRole::OutputValue => "imp_role_output_value",
            ColumnRole::Basis => "imp_role_basis",
            ColumnRole::AdjustItem => "esva_imp_role_item",
            ColumnRole::Part => "eco_imp_role_part",
            ColumnRole::EcosystemType => "eco_imp_role_ecosystem_type",
            ColumnRole::SubtypeId => "eco_imp_role_subtype_id",
        };
        t(lang, key)
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
    /// Not NPP, precipitation or soil retention (national means of the ESV coefficients).
    UnknownAdjustItem,
    /// A county's value and its coefficient of the same item, both given: one of the two.
    EsvValueAndCoefficient {
        first: String,
    },
    /// An ecosystem part that is neither a registry ecosystem type nor a subtype of the
    /// project or of this import.
    UnknownEcosystemPart,
    /// A subtype's ecosystem type the registry does not have.
    UnknownEcosystemType,
    /// A subtype row without an id.
    SubtypeIdMissing,
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
    /// A price override without a price year, recorded as a price of `year`.
    PriceYearDefaulted {
        year: i32,
    },
    /// A price override without a price year, and no year to state for it.
    NoPriceYear,
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
    /// A hidden sheet that was not read (name it to include it).
    HiddenSheet,
    /// A cell holds a control character (a bell, an escape …, e.g. `_x0007_` in XLSX).
    ControlCharacter {
        code: u32,
    },
    /// A group of the project settings sheet that cannot be read.
    InvalidSetting {
        detail: String,
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
            K::NameDiffers { .. } | K::NoSource | K::PriceYearDefaulted { .. } | K::HiddenSheet => {
                Severity::Warning
            }
            _ => Severity::Error,
        }
    }

    /// Why, and what to do.
    pub fn why(&self, lang: Lang) -> String {
        use ProblemKind as K;
        let name = |k: &TableKind| k.name().get(lang).to_string();
        let (key, args): (&'static str, Vec<(&str, String)>) = match self {
            K::SheetNotFound { available } => (
                "imp_sheet_not_found",
                vec![("sheets", available.join(t(lang, "imp_list_sep")))],
            ),
            K::WrongKind {
                chosen,
                found: Some(f),
            } => (
                "imp_wrong_kind",
                vec![("chosen", name(chosen)), ("found", name(f))],
            ),
            K::WrongKind {
                chosen,
                found: None,
            } => ("imp_wrong_kind_unknown", vec![("chosen", name(chosen))]),
            K::MissingColumn { role } => (
                "imp_missing_column",
                vec![("role", role.text(lang).to_string())],
            ),
            K::ColumnNotRead { kind } => ("imp_column_not_read", vec![("kind", name(kind))]),
            K::OutOfRange { min, max } => {
                ("imp_out_of_range", vec![("range", range_text(*min, *max))])
            }
            K::NoTable => ("imp_no_table", vec![]),
            K::HiddenSheet => ("hd_imp_hidden_sheet", vec![]),
            K::ControlCharacter { code } => {
                ("hd_imp_control", vec![("code", format!("U+{code:04X}"))])
            }
            K::InvalidSetting { detail } => {
                ("hd_imp_bad_setting", vec![("detail", detail.clone())])
            }
            K::SheetSkipped => ("imp_sheet_skipped", vec![]),
            K::UnmappedColumn => ("imp_unmapped_column", vec![]),
            K::BadMapping { target } => ("imp_bad_mapping", vec![("target", target.to_string())]),
            K::DuplicateColumn { first } => {
                ("imp_duplicate_column", vec![("first", first.to_string())])
            }
            K::UnknownClass => ("imp_unknown_class", vec![]),
            K::UnknownIndicator => ("imp_unknown_indicator", vec![]),
            K::UnknownAdjustItem => ("esva_imp_unknown_item", vec![]),
            K::EsvValueAndCoefficient { first } => {
                ("esva_imp_both", vec![("first", first.to_string())])
            }
            K::UnknownEcosystemPart => ("eco_imp_unknown_part", vec![]),
            K::UnknownEcosystemType => ("eco_imp_unknown_type", vec![]),
            K::SubtypeIdMissing => ("eco_imp_subtype_id_missing", vec![]),
            K::UnknownInput { indicator } => (
                "imp_unknown_input",
                vec![("indicator", indicator.to_string())],
            ),
            K::UnknownMethod { indicator } => (
                "imp_unknown_method",
                vec![("indicator", indicator.to_string())],
            ),
            K::UnknownParam => ("imp_unknown_param", vec![]),
            K::NotANumber => ("imp_not_a_number", vec![]),
            K::MissingValue => ("imp_missing_value", vec![]),
            K::NotAYear => ("imp_not_a_year", vec![]),
            K::CellError => ("imp_cell_error", vec![]),
            K::Negative => ("imp_negative", vec![]),
            K::NotPositive => ("imp_not_positive", vec![]),
            K::BadUnit => ("imp_bad_unit", vec![]),
            K::UnitMismatch { unit, wanted } => (
                "imp_unit_mismatch",
                vec![("unit", unit.to_string()), ("wanted", wanted.to_string())],
            ),
            K::BadCountyCode => ("imp_bad_county_code", vec![]),
            K::UnknownCounty => ("imp_unknown_county", vec![]),
            K::AmbiguousCountyName => ("imp_ambiguous_county_name", vec![]),
            K::CountyMissing => ("imp_county_missing", vec![]),
            K::DuplicateCounty { first_row } => (
                "imp_duplicate_county",
                vec![("first_row", first_row.to_string())],
            ),
            K::DuplicateEntry { first } => {
                ("imp_duplicate_entry", vec![("first", first.to_string())])
            }
            K::ConflictingValue { first, first_value } => (
                "imp_conflicting_value",
                vec![
                    ("first", first.to_string()),
                    ("first_value", first_value.to_string()),
                ],
            ),
            K::NewCountyWithoutName => ("imp_new_county_without_name", vec![]),
            K::NewCountyWithoutArea => ("imp_new_county_without_area", vec![]),
            K::NoYear => ("imp_no_year", vec![]),
            K::MixedMethods { indicator } => (
                "imp_mixed_methods",
                vec![("indicator", indicator.to_string())],
            ),
            K::InputNotInMethod { method } => (
                "imp_input_not_in_method",
                vec![("method", method.to_string())],
            ),
            K::BadTag => ("imp_bad_tag", vec![]),
            K::NameDiffers { project_name } => (
                "imp_name_differs",
                vec![("project_name", project_name.to_string())],
            ),
            K::NoSource => ("imp_no_source", vec![]),
            K::YearDefaulted { year } => ("imp_year_defaulted", vec![("year", year.to_string())]),
            K::PriceYearDefaulted { year } => {
                ("imp_py_defaulted", vec![("year", year.to_string())])
            }
            K::NoPriceYear => ("imp_py_missing", vec![]),
            K::ExampleRowSkipped => ("imp_example_row_skipped", vec![]),
            K::TotalRowSkipped => ("imp_total_row_skipped", vec![]),
            K::NewPeriod { year } => ("imp_new_period", vec![("year", year.to_string())]),
            K::NotMaterial { indicator } => (
                "imp_not_material",
                vec![("indicator", indicator.to_string())],
            ),
            K::MissingProduct => ("imp_missing_product", vec![]),
            K::MissingUnit => ("imp_missing_unit", vec![]),
            K::NotAQuantityUnit { unit } => {
                ("imp_not_a_quantity_unit", vec![("unit", unit.to_string())])
            }
            K::BadBasis => ("imp_bad_basis", vec![]),
            K::ProductsAndOutputValue { first } => (
                "imp_products_and_output_value",
                vec![("first", first.to_string())],
            ),
        };
        let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        tf(lang, key, &args)
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
        let mut place = Vec::new();
        if !self.sheet.is_empty() {
            place.push(tf(lang, "imp_place_sheet", &[("sheet", &self.sheet)]));
        }
        if let Some(r) = self.row {
            place.push(tf(lang, "imp_place_row", &[("row", &r.to_string())]));
        }
        if let Some(c) = self.col {
            let header = self
                .header
                .as_deref()
                .filter(|h| !h.is_empty())
                .map(|h| format!("（{}）", h.replace('\n', " / ")))
                .unwrap_or_default();
            // English text takes half-width brackets, the header's own included.
            let header = match lang {
                Lang::Zh => header,
                Lang::En => header.replace('（', " (").replace('）', ")"),
            };
            let letter = column_letter(c);
            place.push(tf(
                lang,
                "imp_place_column",
                &[("letter", &letter), ("header", &header)],
            ));
        }
        if let Some(v) = &self.value {
            place.push(tf(lang, "imp_place_value", &[("value", v)]));
        }
        let why = self.kind.why(lang);
        if place.is_empty() {
            why
        } else {
            let sep = t(lang, "imp_place_sep");
            format!("{}{}{why}", place.join(sep), t(lang, "imp_place_colon"))
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
