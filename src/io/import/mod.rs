//! Spreadsheet import: XLSX / XLS / XLSB / ODS workbooks and CSV files into a project.
//!
//! Two steps, so nothing changes before the user has seen every problem:
//!
//! 1. [`preview`] reads the file, recognises one table per sheet (or per CSV file), matches
//!    headers in Chinese or English to registry ids, converts units to the ones the model
//!    stores, and lists *every* problem with sheet, Excel row, column header, cell value and
//!    the reason in Chinese and English. It never touches the project.
//! 2. [`apply`] applies a preview without errors to a project, all or nothing: it checks
//!    everything first and leaves the project untouched on any error. The app wraps it in one
//!    undo step.
//!
//! Tables (kind guessed from the headers, or chosen per sheet in [`ImportOptions::kinds`]):
//! counties (code, names, land area, prefecture; population, GDP and imported products per
//! year), land cover wide (county × class columns) or long (county, class, area, unit),
//! indicator inputs wide (county × `indicator.input` or “水源涵养·年降水量 (mm)” columns, plus an
//! optional `indicator.method` column) or long (county, indicator, input, value, unit, method),
//! prices / parameter overrides (parameter id or name, value, unit, price year, source, tag),
//! and material products (物质产品): product lines, one row per county × year × indicator ×
//! product (product, quantity, unit, unit price, price year, source), and output values entered
//! directly (county, year, indicator, value, basis 总产值 / 净产值, price year, source).
//! The compensation scenario's opportunity-cost inputs (incomes, investments, other annual
//! costs, beneficiaries) come from the 机会成本 sheets, read with fixed headers by `opportunity`.
//!
//! Material products replace, they do not merge: the product lines imported for a county, year
//! and indicator become that indicator's whole product list (in file order) and remove its
//! output value; an imported output value replaces the output value and removes the product
//! lines (the engine takes one or the other). Indicators the file does not mention keep their
//! data. Product quantities are stored in a unit the engine prices (t, kg, m³, kWh, hm², 人次 …;
//! 万t becomes t, 万m³ becomes m³) with the unit price per that unit; prices are 元 per the row's
//! unit unless the price header names another (“单价 (元/kg)”, “单价 (万元)”). The same product
//! name twice for one county, year and indicator, and product lines together with an output
//! value for one of them, are errors.
//!
//! Rows whose 备注 / Note cell starts with 示例 or “example” are skipped (the template's example
//! rows), and so are total rows (合计 / 总计 / Total). Headers that are not understood are
//! returned as unmapped columns (an error until the caller maps them with a [`ColumnMapping`]
//! or maps them to `ignore`). Blank cells import nothing: values already in the project stay.
//!
//! Counties: a counties table adds counties (a new code needs 名称 and 面积) and updates the
//! names, land area and prefecture of existing ones. Every other table names counties by code
//! (or, without a code column, by name) and must name counties that are in the project or in
//! this import's counties table; a name beside a code is only checked (warning when it differs).
//! Years: a year column, else [`ImportOptions::year`], else the project's latest year; years not
//! in the project get a new, empty period. Methods: an `indicator.method` column (or method
//! cells in long tables) decides; otherwise the method whose inputs cover the values given,
//! preferring the project's current one. When the method changes, values of the old method's
//! other inputs are removed (the validator would flag them as unknown inputs).
//!
//! Limits: files above [`MAX_FILE_BYTES`] (50 MiB) and workbooks whose used ranges need more
//! than [`MAX_CELL_BYTES`] (512 MiB, [`MAX_CELLS`] cells) are refused with
//! [`ImportError::FileTooLarge`] / [`ImportError::TooManyCells`]. XLSX sheets are streamed, so a
//! sheet is abandoned as soon as it passes the cell limit. Untrusted spreadsheets: `guard`
//! checks a workbook's container sizes before calamine allocates from them, and `sandbox`
//! reads XLSX/XLS/XLSB/ODS files in a child process (the binary itself) with memory and time
//! limits, so an abort or a hang of the parser becomes an error here.
//!
//! Submodules: `read` (bytes → sheets of cells; format sniffing and limits), `text` (CSV
//! encoding and delimiter detection), `vocab` (header vocabulary and units), `problem` (the
//! problem catalogue), `table` (header row, columns and table kind), `rows` (cells → staged
//! values), `plan` (cross-table checks → [`ImportChanges`]), `apply` (all-or-nothing apply),
//! `transitions` (land-use transition matrices, long or wide, read outside the column
//! machinery).

mod apply;
mod esv_adjust;
mod guard;
mod opportunity;
mod plan;
mod problem;
mod read;
mod rows;
pub mod sandbox;
pub mod settings;
mod table;
pub mod template;
mod text;
mod transitions;
mod vocab;

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::model::{EnteredValue, OutputValue, ParamOverride, ProductLine, Project};
use crate::registry::Registry;

pub use apply::{ImportSummary, apply};
pub use opportunity::OpportunityImport;
pub use problem::{ColumnRole, ImportProblem, ProblemKind, Severity};
pub use read::FileFormat;
pub use table::TableKind;
pub use text::TextEncoding;
pub use vocab::Target;

/// Largest file read (bytes): 50 MiB.
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;
/// Memory for the cells of one file (the dense blocks of the sheets read): 512 MiB.
pub const MAX_CELL_BYTES: usize = 512 * 1024 * 1024;
/// Largest number of cells read, from the memory budget: the used ranges (rows × columns) of
/// all sheets read (16.7 million; the 2,850-county template has 1.44 million).
pub const MAX_CELLS: usize = MAX_CELL_BYTES / std::mem::size_of::<read::Cell>();

/// Header text (as in the file) → target key (`land_cover.paddy`, `input.water_conservation.precip`,
/// `county.code`, `ignore`, … see [`Target::key`]) or a registry name (“水田”). The app stores
/// the user's choices in the project and passes them back here.
pub type ColumnMapping = BTreeMap<String, String>;

/// Size limits; the defaults are [`MAX_FILE_BYTES`] and [`MAX_CELLS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_bytes: u64,
    pub max_cells: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: MAX_FILE_BYTES,
            max_cells: MAX_CELLS,
        }
    }
}

/// What to read and how.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Sheets to read; empty = every sheet (sheets without a recognisable table are skipped).
    /// Ignored for CSV files.
    pub sheets: Vec<String>,
    /// Table kind per sheet name (for a CSV file: its file name without extension, or `*` for
    /// every table); sheets not listed get a kind guessed from their headers.
    pub kinds: BTreeMap<String, TableKind>,
    /// Accounting year of tables without a year column (default: the project's latest year).
    pub year: Option<i32>,
    /// Caller-chosen meanings of headers.
    pub mapping: ColumnMapping,
    pub limits: Limits,
}

/// The file to read.
#[derive(Debug, Clone, Copy)]
pub enum ImportInput<'a> {
    Path(&'a Path),
    /// Bytes in memory; `name` (a file name) is used in messages and, for CSV, as the sheet name.
    Bytes {
        name: &'a str,
        bytes: &'a [u8],
    },
}

/// A file that cannot be read at all. Problems *inside* a readable file are not errors but
/// entries of [`ImportPreview::problems`].
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{}", both("hd_imp_read", &[("path", path), ("cause", &cause.to_string())]))]
    Read { path: String, cause: std::io::Error },
    #[error("{}", both("hd_imp_empty", &[("name", name)]))]
    EmptyFile { name: String },
    #[error("{}", both("hd_imp_too_large", &[("name", name), ("size", &size.to_string()), ("limit", &limit.to_string())]))]
    FileTooLarge { name: String, size: u64, limit: u64 },
    #[error("{}", both("hd_imp_too_many_cells", &[("name", name), ("limit", &limit.to_string())]))]
    TooManyCells { name: String, limit: usize },
    #[error("{}", both("hd_imp_not_spreadsheet", &[("name", name)]))]
    NotASpreadsheet { name: String },
    #[error("{}", both("hd_imp_unreadable", &[("name", name), ("detail", detail)]))]
    Unreadable { name: String, detail: String },
    /// The file ends before its content does (a cut copy or an interrupted download).
    #[error("{}", both("hd_imp_truncated", &[("name", name)]))]
    Truncated { name: String },
    /// A size or pointer in the file's structure does not fit in the file.
    #[error(
        "{} / {}",
        damaged(crate::i18n::Lang::Zh, name, part),
        damaged(crate::i18n::Lang::En, name, part)
    )]
    Damaged { name: String, part: &'static str },
    /// A part inside a ZIP-based workbook would inflate beyond the memory budget.
    #[error("{}", both("hd_imp_inflates", &inflates_args(name, entry, *size, *limit)))]
    TooLargeInside {
        name: String,
        entry: String,
        size: u64,
        limit: u64,
    },
    /// The reader process stopped: it needed more than `mib` MiB or failed inside the parser.
    #[error("{}", both("hd_imp_reader_stopped", &[("name", name), ("mib", &mib.to_string())]))]
    ReaderStopped { name: String, mib: u64 },
    /// Reading took longer than `secs` seconds (a damaged file the parser loops on).
    #[error("{}", both("hd_imp_timed_out", &[("name", name), ("secs", &secs.to_string())]))]
    TimedOut { name: String, secs: u64 },
    #[error(
        "{} / {}",
        rejected(crate::i18n::Lang::Zh, problems),
        rejected(crate::i18n::Lang::En, problems)
    )]
    Rejected { problems: Vec<ImportProblem> },
}

impl ImportError {
    /// The error in one language (the app shows this; `Display` gives both, for the CLI and
    /// logs). A file-system cause is worded by `os_error`, not the OS's English.
    pub fn message(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::tf;
        let n = |v: &dyn ToString| v.to_string();
        match self {
            ImportError::Read { path, cause } => tf(
                lang,
                "hd_imp_read",
                &[("path", path), ("cause", &crate::io::os_error(lang, cause))],
            ),
            ImportError::EmptyFile { name } => tf(lang, "hd_imp_empty", &[("name", name)]),
            ImportError::FileTooLarge { name, size, limit } => tf(
                lang,
                "hd_imp_too_large",
                &[("name", name), ("size", &n(size)), ("limit", &n(limit))],
            ),
            ImportError::TooManyCells { name, limit } => tf(
                lang,
                "hd_imp_too_many_cells",
                &[("name", name), ("limit", &n(limit))],
            ),
            ImportError::NotASpreadsheet { name } => {
                tf(lang, "hd_imp_not_spreadsheet", &[("name", name)])
            }
            ImportError::Unreadable { name, detail } => tf(
                lang,
                "hd_imp_unreadable",
                &[("name", name), ("detail", detail)],
            ),
            ImportError::Truncated { name } => tf(lang, "hd_imp_truncated", &[("name", name)]),
            ImportError::Damaged { name, part } => damaged(lang, name, part),
            ImportError::TooLargeInside {
                name,
                entry,
                size,
                limit,
            } => {
                let args = inflates_args(name, entry, *size, *limit);
                let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_ref())).collect();
                tf(lang, "hd_imp_inflates", &args)
            }
            ImportError::ReaderStopped { name, mib } => tf(
                lang,
                "hd_imp_reader_stopped",
                &[("name", name), ("mib", &n(mib))],
            ),
            ImportError::TimedOut { name, secs } => tf(
                lang,
                "hd_imp_timed_out",
                &[("name", name), ("secs", &n(secs))],
            ),
            ImportError::Rejected { problems } => rejected(lang, problems),
        }
    }
}

fn inflates_args<'a>(
    name: &'a str,
    entry: &'a str,
    size: u64,
    limit: u64,
) -> [(&'static str, std::borrow::Cow<'a, str>); 4] {
    [
        ("name", name.into()),
        ("entry", entry.into()),
        ("mib", (size / (1 << 20)).to_string().into()),
        ("limit", (limit / (1 << 20)).to_string().into()),
    ]
}

/// "… 已损坏：文件结构中的 FAT 扇区表 …"; `part` is a catalogue key.
fn damaged(lang: crate::i18n::Lang, name: &str, part: &'static str) -> String {
    use crate::i18n::{t, tf};
    tf(
        lang,
        "hd_imp_damaged",
        &[("name", name), ("detail", t(lang, part))],
    )
}

fn rejected(lang: crate::i18n::Lang, problems: &[ImportProblem]) -> String {
    crate::i18n::tf(
        lang,
        "hd_imp_rejected",
        &[
            ("n", &problems.len().to_string()),
            ("first", &first_message(problems, lang)),
        ],
    )
}

/// A catalogue message in both languages, "中文 / English", as the CLI prints errors.
fn both<S: AsRef<str>>(key: &'static str, args: &[(&str, S)]) -> String {
    use crate::i18n::{Lang, tf};
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_ref())).collect();
    format!(
        "{} / {}",
        tf(Lang::Zh, key, &args),
        tf(Lang::En, key, &args)
    )
}

fn first_message(problems: &[ImportProblem], lang: crate::i18n::Lang) -> String {
    problems
        .first()
        .map(|p| p.message(lang))
        .unwrap_or_default()
}

/// What an import would do, with every problem found; see [`preview`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportPreview {
    /// File name as given.
    pub file: String,
    pub format: FileFormat,
    /// Every sheet of the file (or the CSV table), in file order.
    pub tables: Vec<TablePreview>,
    /// Every problem, errors first within each sheet's rows; see [`ImportPreview::has_errors`].
    pub problems: Vec<ImportProblem>,
    /// The changes `apply` makes when there is no error.
    pub changes: ImportChanges,
}

impl ImportPreview {
    /// Whether `apply` would refuse this preview.
    pub fn has_errors(&self) -> bool {
        self.problems
            .iter()
            .any(|p| p.severity() == Severity::Error)
    }

    pub fn errors(&self) -> impl Iterator<Item = &ImportProblem> {
        self.problems
            .iter()
            .filter(|p| p.severity() == Severity::Error)
    }

    /// (sheet, header) of every column left unmapped: offer them to the user to map.
    pub fn unmapped_columns(&self) -> Vec<(String, String)> {
        self.tables
            .iter()
            .flat_map(|t| {
                t.columns
                    .iter()
                    .filter(|c| c.target.is_none())
                    .map(|c| (t.sheet.clone(), c.header.clone()))
            })
            .collect()
    }
}

/// One sheet as recognised.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TablePreview {
    pub sheet: String,
    /// `None`: no table recognised (the sheet is skipped).
    pub kind: Option<TableKind>,
    /// The kind came from [`ImportOptions::kinds`], not from the headers.
    pub kind_chosen: bool,
    /// Excel row number (1-based) of the header row.
    pub header_row: Option<u32>,
    pub columns: Vec<ColumnPreview>,
    /// Rows read below the header (blank rows not counted).
    pub data_rows: usize,
}

/// One column of a recognised table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ColumnPreview {
    /// Excel column letter (A, B, …, AA …).
    pub column: String,
    pub header: String,
    /// `None`: not understood (map it or ignore it).
    pub target: Option<Target>,
    /// Unit read from the header (values are converted from it), if any.
    pub unit: Option<String>,
    /// The meaning came from the caller's [`ColumnMapping`].
    pub from_mapping: bool,
}

/// Everything `apply` writes, values already in the units the model stores.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ImportChanges {
    /// Counties added (code not in the project) or updated (only the fields given).
    pub counties: Vec<CountyUpsert>,
    /// Accounting years that get a new, empty period first.
    pub new_years: Vec<i32>,
    pub values: Vec<PeriodValue>,
    pub indicators: Vec<IndicatorUpdate>,
    pub price_overrides: BTreeMap<String, ParamOverride>,
    /// Material products: each replaces an indicator's product lines or output value.
    pub material: Vec<MaterialUpdate>,
    /// Ecosystem subtypes added, or updated by id (name, English name, type).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subtypes: Vec<crate::model::EcosystemSubtype>,
    /// National means of the regional ESV coefficients, each replacing the project's.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub national_means: BTreeMap<crate::registry::AdjustBy, crate::model::NationalMean>,
    /// The compensation scenario's opportunity-cost inputs (the 机会成本 sheets).
    pub opportunity: OpportunityImport,
    /// Land-use transition matrices, each replacing the project's matrix of the same county
    /// and years (`import::transitions`).
    pub transitions: Vec<crate::model::TransitionMatrix>,
    /// Project settings of a filled template (`import::settings`), applied before the tables.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<Box<settings::ProjectSettings>>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CountyUpsert {
    pub code: String,
    /// The code is not in the project (at preview time): the county is added.
    pub is_new: bool,
    pub name_zh: Option<String>,
    pub name_en: Option<String>,
    pub land_area_hm2: Option<f64>,
    pub prefecture: Option<String>,
}

/// A value of one county in one accounting year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeriodValue {
    pub year: i32,
    pub county: String,
    pub field: PeriodField,
    /// In the model's unit: persons, 元, hm².
    pub value: f64,
    /// The ecosystem part (type or subtype id) the value belongs to; `None` = the county.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum PeriodField {
    Population,
    GdpYuan,
    ImportedProductsYuan,
    /// Land-cover area of a class (hm²).
    LandCover(String),
    /// A regional ESV coefficient (`true`) or the county value it is derived from (`false`).
    EsvAdjust(crate::registry::AdjustBy, bool),
}

/// Inputs of one indicator for one county and year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorUpdate {
    pub year: i32,
    pub county: String,
    pub indicator: String,
    /// Method id (given in the file, or inferred from the inputs present).
    pub method: String,
    /// The indicator's default method (what an empty method in the project means).
    pub default_method: String,
    /// Input ids of `method`: when the method changes, other stored values are removed.
    pub method_inputs: Vec<String>,
    /// Input values in the unit the registry declares.
    pub values: BTreeMap<String, f64>,
    /// The ecosystem part (type or subtype id) the inputs belong to; `None` = the county.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<String>,
}

/// The material-product data of one indicator for one county and year, replacing what the
/// project has (product lines and output value alike).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MaterialUpdate {
    pub year: i32,
    pub county: String,
    pub indicator: String,
    pub entry: MaterialEntry,
}

/// What a material product is valued from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum MaterialEntry {
    /// The whole product list, in file order (quantities in the stored unit, prices in 元 per
    /// that unit); the output value is removed.
    Products(Vec<ProductLine>),
    /// The output value (元); the product lines are removed.
    OutputValue(OutputValue),
    /// A value computed elsewhere (元) for an indicator that is no material product, from the
    /// output-value table; the indicator's quantities stay (the value wins, validation warns).
    EnteredValue(EnteredValue),
}

/// Reads `input` and works out what importing it into `project` would do; the project is
/// only read. `Err` only when the file cannot be read at all (empty, too large, not a
/// spreadsheet, damaged); everything else is listed in [`ImportPreview::problems`].
pub fn preview(
    project: &Project,
    registry: &Registry,
    input: ImportInput<'_>,
    options: &ImportOptions,
) -> Result<ImportPreview, ImportError> {
    let file = match input {
        ImportInput::Path(path) => read_file(path, options)?,
        ImportInput::Bytes { name, bytes } => ReadFile {
            name: name.to_string(),
            workbook: read::read_bytes(name, bytes, &options.sheets, options.limits)?,
        },
    };
    Ok(plan(project, registry, &file, options))
}

/// A spreadsheet as read, before it is checked against a project: `preview` in two steps, so
/// the read (the slow part, seconds for a large or damaged file) can run on another thread.
pub struct ReadFile {
    name: String,
    workbook: read::Workbook,
}

/// Reads `path` (the sheets and limits of `options`) without looking at any project.
pub fn read_file(path: &Path, options: &ImportOptions) -> Result<ReadFile, ImportError> {
    Ok(ReadFile {
        name: file_name(path),
        workbook: read::read_path(path, &options.sheets, options.limits)?,
    })
}

/// What importing `file` into `project` would do (the second step of `preview`); run again
/// when the user gives a column a meaning, without reading the file again.
pub fn plan(
    project: &Project,
    registry: &Registry,
    file: &ReadFile,
    options: &ImportOptions,
) -> ImportPreview {
    plan::build(project, registry, &file.name, &file.workbook, options)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}
