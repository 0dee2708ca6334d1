//! Recognising a table in a sheet: the header row, what each column means, and the table kind.
//!
//! Owns [`TableKind`], the header-row search (the row among the first 15 with the most
//! recognised headers; title rows above it may say “单位：公顷” for columns without a unit),
//! the caller's column mapping, the kind guess and its checks (wrong kind, required columns,
//! columns the kind does not read, duplicate and unmapped columns).

use std::rc::Rc;

use serde::{Deserialize, Serialize};

use crate::i18n::Text;

use super::problem::{ColumnRole, ImportProblem, ProblemKind};
use super::read::{Sheet, column_letter};
use crate::units::words::{HeaderUnit, norm, parse_unit, price_denominator, product_unit};

use super::vocab::{HeaderMatch, Target, Vocab};
use super::{ColumnPreview, ImportOptions, TablePreview};

/// Rows searched for the header row.
const HEADER_SCAN_ROWS: usize = 15;

/// The kinds of table read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TableKind {
    /// One row per county (and year): code, names, land area, prefecture, population, GDP.
    Counties,
    /// One row per county (and year), one column per land class.
    LandCoverWide,
    /// One row per county, (year,) class and area.
    LandCoverLong,
    /// One row per county (and year), one column per indicator input (and method).
    IndicatorsWide,
    /// One row per county, (year,) indicator, input, value (and unit, method).
    IndicatorsLong,
    /// One row per parameter: id or name, value, unit, price year, source, tag.
    Prices,
    /// Material products, one row per product line: county, (year,) indicator, product,
    /// quantity, unit, unit price, price year, source.
    Products,
    /// Material products entered as an output value: county, (year,) indicator, value, basis,
    /// price year, source.
    OutputValues,
    /// Regional ESV coefficients (Xie et al. 2015), one row per county (and year): NPP,
    /// precipitation and soil-retention values or coefficients.
    EsvAdjust,
    /// National means of the regional ESV coefficients, one row per item: item, value, unit,
    /// year, source.
    EsvNationalMeans,
    /// Ecosystem subtypes of the project: subtype id, name, English name, ecosystem type.
    EcosystemSubtypes,
    /// Land cover of ecosystem parts: county, (year,) part, class, area.
    PartLandCover,
    /// Indicator inputs of ecosystem parts: county, (year,) part, indicator, input, value
    /// (and unit, method) — the long indicator table with a part column.
    PartInputs,
    /// The compensation scenario's opportunity-cost inputs (`opportunity`): incomes and
    /// populations by county and of the reference region.
    OpportunityIncomes,
    /// Past investments: county, year, principal.
    OpportunityInvestments,
    /// Other annual cost items: county, item, amount.
    OpportunityCosts,
    /// Beneficiaries: county, beneficiary, value received, parties.
    OpportunityBeneficiaries,
    /// Land-use transition matrices, long (one row per cell) or wide (the matrix as printed);
    /// read by `import::transitions`, not by the column machinery.
    Transitions,
    /// The project settings of a filled template (RON text by group), read by
    /// `import::settings`.
    Settings,
}

impl TableKind {
    pub const ALL: [TableKind; 19] = [
        TableKind::Counties,
        TableKind::LandCoverWide,
        TableKind::LandCoverLong,
        TableKind::IndicatorsWide,
        TableKind::IndicatorsLong,
        TableKind::Prices,
        TableKind::Products,
        TableKind::OutputValues,
        TableKind::EsvAdjust,
        TableKind::EsvNationalMeans,
        TableKind::EcosystemSubtypes,
        TableKind::PartLandCover,
        TableKind::PartInputs,
        TableKind::OpportunityIncomes,
        TableKind::OpportunityInvestments,
        TableKind::OpportunityCosts,
        TableKind::OpportunityBeneficiaries,
        TableKind::Transitions,
        TableKind::Settings,
    ];

    /// Read by `opportunity`, with fixed columns, not by the header vocabulary.
    pub fn is_opportunity(self) -> bool {
        matches!(
            self,
            TableKind::OpportunityIncomes
                | TableKind::OpportunityInvestments
                | TableKind::OpportunityCosts
                | TableKind::OpportunityBeneficiaries
        )
    }

    /// Key for the CLI (`--kind land_cover_wide`) and files.
    pub fn key(self) -> &'static str {
        match self {
            TableKind::Counties => "counties",
            TableKind::LandCoverWide => "land_cover_wide",
            TableKind::LandCoverLong => "land_cover_long",
            TableKind::IndicatorsWide => "indicators_wide",
            TableKind::IndicatorsLong => "indicators_long",
            TableKind::Prices => "prices",
            TableKind::Products => "products",
            TableKind::OutputValues => "output_values",
            TableKind::EsvAdjust => "esv_adjust",
            TableKind::EsvNationalMeans => "esv_national_means",
            TableKind::EcosystemSubtypes => "ecosystem_subtypes",
            TableKind::PartLandCover => "part_land_cover",
            TableKind::PartInputs => "part_inputs",
            TableKind::OpportunityIncomes => "opportunity_incomes",
            TableKind::OpportunityInvestments => "opportunity_investments",
            TableKind::OpportunityCosts => "opportunity_costs",
            TableKind::OpportunityBeneficiaries => "opportunity_beneficiaries",
            TableKind::Transitions => "transitions",
            TableKind::Settings => "settings",
        }
    }

    /// By key or by Chinese / English name.
    pub fn parse(s: &str) -> Option<TableKind> {
        let n = norm(s);
        TableKind::ALL.into_iter().find(|k| {
            let name = k.name();
            norm(k.key()) == n || norm(&name.zh) == n || norm(&name.en) == n
        })
    }

    pub fn name(self) -> Text {
        match self {
            TableKind::Counties => Text::new("县区", "Counties"),
            TableKind::LandCoverWide => Text::new("土地覆被（宽表）", "Land cover (wide)"),
            TableKind::LandCoverLong => Text::new("土地覆被（长表）", "Land cover (long)"),
            TableKind::IndicatorsWide => Text::new("指标输入（宽表）", "Indicator inputs (wide)"),
            TableKind::IndicatorsLong => Text::new("指标输入（长表）", "Indicator inputs (long)"),
            TableKind::Prices => Text::new("价格参数", "Prices and parameters"),
            TableKind::Products => {
                Text::new("物质产品（产品清单）", "Material products (product lines)")
            }
            TableKind::OutputValues => Text::new(
                "物质产品（直接填报产值）",
                "Material products (output values)",
            ),
            TableKind::EsvAdjust => Text::new(
                "当量因子区域调节系数",
                "Regional coefficients of equivalent factors",
            ),
            TableKind::EsvNationalMeans => Text::new(
                "区域调节系数的全国平均值",
                "National means of the regional coefficients",
            ),
            TableKind::EcosystemSubtypes => Text::new("生态系统亚类", "Ecosystem subtypes"),
            TableKind::PartLandCover => {
                Text::new("分生态系统土地覆被", "Land cover by ecosystem part")
            }
            TableKind::PartInputs => {
                Text::new("分生态系统指标输入", "Indicator inputs by ecosystem part")
            }
            TableKind::OpportunityIncomes => {
                Text::new("机会成本：收入与人口", "Opportunity cost: incomes")
            }
            TableKind::OpportunityInvestments => {
                Text::new("机会成本：历年投资", "Opportunity cost: investments")
            }
            TableKind::OpportunityCosts => {
                Text::new("机会成本：其他年度成本", "Opportunity cost: other costs")
            }
            TableKind::OpportunityBeneficiaries => {
                Text::new("机会成本：受益方", "Opportunity cost: beneficiaries")
            }
            TableKind::Transitions => Text::new("土地利用转移矩阵", "Land-use transitions"),
            TableKind::Settings => Text::new("项目设置", "Project settings"),
        }
    }

    /// One row per county with data in columns.
    pub fn is_wide(self) -> bool {
        matches!(
            self,
            TableKind::Counties | TableKind::LandCoverWide | TableKind::IndicatorsWide
        )
    }

    /// Does a table of this kind read a column with this target?
    fn reads(self, t: &Target) -> bool {
        use Target as T;
        let common = matches!(t, T::Ignore | T::Note);
        let county_year = matches!(t, T::CountyCode | T::CountyName | T::Year);
        common
            || match self {
                k if k.is_opportunity() => false,
                k if k.is_wide() => {
                    county_year
                        || matches!(
                            t,
                            T::CountyNameEn
                                | T::Prefecture
                                | T::LandArea
                                | T::Population
                                | T::Gdp
                                | T::ImportedProducts
                                | T::LandClass(_)
                                | T::Input { .. }
                                | T::Method(_)
                        )
                }
                TableKind::LandCoverLong => {
                    county_year || matches!(t, T::Class | T::Value | T::UnitName)
                }
                TableKind::PartLandCover => {
                    county_year || matches!(t, T::Part | T::Class | T::Value | T::UnitName)
                }
                TableKind::PartInputs => {
                    county_year
                        || matches!(
                            t,
                            T::Part
                                | T::Indicator
                                | T::InputName
                                | T::MethodName
                                | T::Value
                                | T::UnitName
                        )
                }
                TableKind::EcosystemSubtypes => matches!(
                    t,
                    T::SubtypeId | T::CountyName | T::CountyNameEn | T::EcosystemType
                ),
                TableKind::IndicatorsLong => {
                    county_year
                        || matches!(
                            t,
                            T::Indicator | T::InputName | T::MethodName | T::Value | T::UnitName
                        )
                }
                TableKind::Products => {
                    county_year
                        || matches!(
                            t,
                            T::Indicator
                                | T::Product
                                | T::Quantity
                                | T::UnitName
                                | T::Price
                                | T::PriceYear
                                | T::Source
                        )
                }
                TableKind::EsvAdjust => county_year || matches!(t, T::EsvAdjust { .. }),
                TableKind::EsvNationalMeans => matches!(
                    t,
                    T::AdjustItem | T::Value | T::UnitName | T::Year | T::Source
                ),
                TableKind::OutputValues => {
                    county_year
                        || matches!(
                            t,
                            T::Indicator
                                | T::OutputValue
                                | T::UnitName
                                | T::Basis
                                | T::PriceYear
                                | T::Source
                        )
                }
                TableKind::Transitions | TableKind::Settings => false,
                _ => matches!(
                    t,
                    T::Param
                        | T::ParamName
                        | T::Value
                        | T::UnitName
                        | T::PriceYear
                        | T::Source
                        | T::Tag
                ),
            }
    }

    /// Columns this kind cannot do without: each entry is satisfied by any of its targets.
    fn required(self) -> Vec<(ColumnRole, Vec<Target>)> {
        use Target as T;
        let county = (ColumnRole::County, vec![T::CountyCode, T::CountyName]);
        let value = (ColumnRole::Value, vec![T::Value]);
        match self {
            TableKind::Counties => vec![(ColumnRole::CountyCode, vec![T::CountyCode])],
            TableKind::LandCoverWide | TableKind::IndicatorsWide | TableKind::EsvAdjust => {
                vec![county]
            }
            TableKind::LandCoverLong => vec![county, (ColumnRole::Class, vec![T::Class]), value],
            TableKind::IndicatorsLong => vec![
                county,
                (ColumnRole::Indicator, vec![T::Indicator]),
                (ColumnRole::Input, vec![T::InputName]),
                value,
            ],
            TableKind::Prices => vec![(ColumnRole::Param, vec![T::Param, T::ParamName]), value],
            TableKind::Products => vec![
                county,
                (ColumnRole::Indicator, vec![T::Indicator]),
                (ColumnRole::Product, vec![T::Product]),
                (ColumnRole::Quantity, vec![T::Quantity]),
                (ColumnRole::Price, vec![T::Price]),
            ],
            TableKind::EsvNationalMeans => {
                vec![(ColumnRole::AdjustItem, vec![T::AdjustItem]), value]
            }
            TableKind::OutputValues => vec![
                county,
                (ColumnRole::Indicator, vec![T::Indicator]),
                (ColumnRole::OutputValue, vec![T::OutputValue]),
                (ColumnRole::Basis, vec![T::Basis]),
            ],
            TableKind::EcosystemSubtypes => vec![
                (ColumnRole::SubtypeId, vec![T::SubtypeId]),
                (ColumnRole::EcosystemType, vec![T::EcosystemType]),
            ],
            TableKind::PartLandCover => vec![
                county,
                (ColumnRole::Part, vec![T::Part]),
                (ColumnRole::Class, vec![T::Class]),
                value,
            ],
            TableKind::PartInputs => vec![
                county,
                (ColumnRole::Part, vec![T::Part]),
                (ColumnRole::Indicator, vec![T::Indicator]),
                (ColumnRole::Input, vec![T::InputName]),
                value,
            ],
            TableKind::OpportunityIncomes
            | TableKind::OpportunityInvestments
            | TableKind::OpportunityCosts
            | TableKind::OpportunityBeneficiaries => Vec::new(),
            TableKind::Transitions | TableKind::Settings => vec![],
        }
    }
}

/// A column of a recognised table.
#[derive(Debug, Clone)]
pub(crate) struct Column {
    /// Index in the sheet block's rows.
    pub idx: usize,
    pub header: Rc<str>,
    pub target: Option<Target>,
    /// For inputs: the methods having the input.
    pub methods: Rc<[String]>,
    pub unit: Option<HeaderUnit>,
    pub from_mapping: bool,
    /// Not read (duplicate, wrong unit, not read by the kind).
    pub skip: bool,
    header_problem: Option<ProblemKind>,
}

/// A recognised table ready for row reading.
pub(crate) struct Table<'s> {
    pub sheet: &'s Sheet,
    pub kind: TableKind,
    pub header_row: usize,
    pub columns: Vec<Column>,
}

impl Table<'_> {
    /// The column read for `target`, if any.
    pub(crate) fn col(&self, target: &Target) -> Option<&Column> {
        self.columns
            .iter()
            .find(|c| !c.skip && c.target.as_ref() == Some(target))
    }

    /// Columns read, with their targets.
    pub(crate) fn read_columns(&self) -> impl Iterator<Item = (&Column, &Target)> {
        self.columns
            .iter()
            .filter(|c| !c.skip)
            .filter_map(|c| c.target.as_ref().map(|t| (c, t)))
    }

    /// Block rows below the header that hold anything.
    pub(crate) fn data_rows(&self) -> impl Iterator<Item = usize> + '_ {
        (self.header_row + 1..self.sheet.rows.len())
            .filter(|&r| self.sheet.rows[r].iter().any(|c| !c.is_blank()))
    }

    pub(crate) fn problem(
        &self,
        row: usize,
        col: Option<&Column>,
        kind: ProblemKind,
        value: Option<String>,
    ) -> ImportProblem {
        ImportProblem {
            sheet: self.sheet.name.clone(),
            row: Some(self.sheet.excel_row(row)),
            col: col.map(|c| self.sheet.excel_col(c.idx)),
            header: col.map(|c| c.header.to_string()),
            value,
            kind,
        }
    }
}

/// Finds the table of `sheet`. `explicit`: the caller asked for this sheet (or it is a CSV
/// file), so a sheet without a table is an error rather than skipped.
pub(crate) fn recognise<'s>(
    sheet: &'s Sheet,
    vocab: &Vocab<'_>,
    options: &ImportOptions,
    explicit: bool,
    problems: &mut Vec<ImportProblem>,
) -> (TablePreview, Option<Table<'s>>) {
    let chosen = options
        .kinds
        .get(&sheet.name)
        .or_else(|| options.kinds.get("*"))
        .copied();
    let mut preview = TablePreview {
        sheet: sheet.name.clone(),
        kind: None,
        kind_chosen: chosen.is_some(),
        header_row: None,
        columns: Vec::new(),
        data_rows: 0,
    };
    let sheet_problem = |kind| ImportProblem {
        sheet: sheet.name.clone(),
        row: None,
        col: None,
        header: None,
        value: None,
        kind,
    };
    let not_found = if explicit || chosen.is_some() {
        ProblemKind::NoTable
    } else {
        ProblemKind::SheetSkipped
    };
    if is_instructions(&sheet.name) && chosen.is_none() && !explicit {
        problems.push(sheet_problem(ProblemKind::SheetSkipped));
        return (preview, None);
    }
    let ctx = vocab.sheet_indicator(&sheet.name);
    let Some((header_row, mut columns)) = find_header(sheet, vocab, options, ctx.as_deref()) else {
        problems.push(sheet_problem(not_found));
        return (preview, None);
    };
    apply_unit_hint(sheet, header_row, &mut columns, vocab);
    let guessed = guess(&columns, ctx.is_some());
    preview.header_row = Some(sheet.excel_row(header_row));
    let kind = match (chosen, guessed) {
        (Some(k), found) if !fits(k, &columns, ctx.is_some()) => {
            problems.push(sheet_problem(ProblemKind::WrongKind { chosen: k, found }));
            preview.columns = column_previews(sheet, &columns);
            return (preview, None);
        }
        (Some(k), _) | (None, Some(k)) => k,
        (None, None) => {
            problems.push(sheet_problem(not_found));
            return (preview, None);
        }
    };
    adapt_targets(kind, ctx.as_deref(), &mut columns);
    let mut table = Table {
        sheet,
        kind,
        header_row,
        columns,
    };
    let ok = check_columns(&mut table, problems);
    preview.kind = Some(kind);
    preview.columns = column_previews(sheet, &table.columns);
    preview.data_rows = table.data_rows().count();
    (preview, ok.then_some(table))
}

fn is_instructions(name: &str) -> bool {
    let n = norm(name);
    ["说明", "填表说明", "instructions", "readme"]
        .iter()
        .any(|w| n.starts_with(&norm(w)))
}

fn column_previews(sheet: &Sheet, columns: &[Column]) -> Vec<ColumnPreview> {
    columns
        .iter()
        .map(|c| ColumnPreview {
            column: column_letter(sheet.excel_col(c.idx)),
            header: c.header.to_string(),
            target: c.target.clone(),
            unit: c.unit.map(HeaderUnit::label),
            from_mapping: c.from_mapping,
        })
        .collect()
}

/// The header row: most columns with a meaning among the first rows (earliest on ties).
fn find_header(
    sheet: &Sheet,
    vocab: &Vocab<'_>,
    options: &ImportOptions,
    ctx: Option<&str>,
) -> Option<(usize, Vec<Column>)> {
    let mut best: Option<(usize, usize, Vec<Column>)> = None;
    for r in 0..sheet.rows.len().min(HEADER_SCAN_ROWS) {
        let columns = resolve_row(sheet, r, vocab, options, ctx);
        let score = columns
            .iter()
            .filter(|c| {
                c.target
                    .as_ref()
                    .is_some_and(|t| !matches!(t, Target::Ignore | Target::Note))
            })
            .count();
        if score > 0 && best.as_ref().is_none_or(|b| score > b.1) {
            best = Some((r, score, columns));
        }
    }
    best.map(|(r, _, columns)| (r, columns))
}

fn resolve_row(
    sheet: &Sheet,
    r: usize,
    vocab: &Vocab<'_>,
    options: &ImportOptions,
    ctx: Option<&str>,
) -> Vec<Column> {
    let mut columns = Vec::new();
    for idx in 0..sheet.width() {
        let header = sheet.cell(r, idx).text();
        if header.is_empty() && !column_has_data(sheet, r, idx) {
            continue;
        }
        columns.push(resolve_column(idx, header, vocab, options, ctx));
    }
    columns
}

fn column_has_data(sheet: &Sheet, header_row: usize, idx: usize) -> bool {
    (header_row + 1..sheet.rows.len()).any(|r| !sheet.cell(r, idx).is_blank())
}

fn resolve_column(
    idx: usize,
    header: String,
    vocab: &Vocab<'_>,
    options: &ImportOptions,
    ctx: Option<&str>,
) -> Column {
    let found = vocab.header(&header, ctx);
    let mapped =
        mapping_for(&header, options).map(|value| match vocab.mapped(value, ctx, found.unit) {
            Some(Ok(r)) => Ok(r),
            _ if norm(value) == "ignore" || value.trim() == "忽略" => {
                Ok((Target::Ignore, vec![]))
            }
            Some(Err(p)) => Err(p),
            None => Err(ProblemKind::BadMapping {
                target: value.to_string(),
            }),
        });
    let HeaderMatch {
        target,
        methods,
        unit,
        problem,
    } = found;
    let (target, methods, header_problem, from_mapping) = match mapped {
        Some(Ok((t, m))) => (Some(t), m, None, true),
        Some(Err(p)) => (None, Vec::new(), Some(p), true),
        None => (target, methods, problem, false),
    };
    Column {
        idx,
        header: header.into(),
        target,
        methods: methods.into(),
        unit,
        from_mapping,
        skip: false,
        header_problem,
    }
}

/// The caller's mapping value for a header: exact text first, then after normalisation.
fn mapping_for<'o>(header: &str, options: &'o ImportOptions) -> Option<&'o str> {
    if let Some(v) = options.mapping.get(header.trim()) {
        return Some(v);
    }
    let n = norm(header);
    options
        .mapping
        .iter()
        .find(|(k, _)| norm(k) == n)
        .map(|(_, v)| v.as_str())
}

/// “单位：公顷” in a title row applies to columns without a unit of their own.
fn apply_unit_hint(sheet: &Sheet, header_row: usize, columns: &mut [Column], vocab: &Vocab<'_>) {
    let hint = (0..header_row)
        .flat_map(|r| sheet.rows[r].iter())
        .find_map(|c| unit_hint(&c.text()));
    let Some(hint) = hint else { return };
    for c in columns.iter_mut().filter(|c| c.unit.is_none()) {
        let fits = match &c.target {
            Some(Target::Value) => true,
            Some(Target::Quantity) => product_unit(hint).is_some(),
            Some(Target::Input { indicator, input }) => c.methods.iter().any(|m| {
                vocab
                    .input_unit(indicator, m, input)
                    .is_some_and(|u| hint.converts_to(u))
            }),
            Some(t) => t.model_unit().is_some_and(|u| hint.converts_to(u)),
            None => false,
        };
        if fits {
            c.unit = Some(hint);
        }
    }
}

fn unit_hint(text: &str) -> Option<HeaderUnit> {
    let lower = text.to_lowercase();
    let at = lower.find("单位").or_else(|| lower.find("unit"))?;
    let rest = text.get(at..)?;
    let rest = rest
        .trim_start_matches("单位")
        .trim_start_matches(|c: char| c.is_ascii_alphabetic())
        .trim_start_matches([':', '：', ' ']);
    let end = rest
        .find([')', '）', ',', '，', ';', '；', ' '])
        .unwrap_or(rest.len());
    parse_unit(&rest[..end])
}

fn has(columns: &[Column], f: impl Fn(&Target) -> bool) -> bool {
    columns.iter().any(|c| c.target.as_ref().is_some_and(&f))
}

fn count(columns: &[Column], f: impl Fn(&Target) -> bool) -> usize {
    columns
        .iter()
        .filter(|c| c.target.as_ref().is_some_and(&f))
        .count()
}

/// The kind the headers point to.
fn guess(columns: &[Column], sheet_has_indicator: bool) -> Option<TableKind> {
    use Target as T;
    if has(columns, |t| matches!(t, T::AdjustItem)) {
        return Some(TableKind::EsvNationalMeans);
    }
    // The ecosystem split: a part column makes a long table one of its parts'.
    if has(columns, |t| matches!(t, T::Part)) {
        if has(columns, |t| matches!(t, T::Class)) {
            return Some(TableKind::PartLandCover);
        }
        if has(columns, |t| matches!(t, T::Indicator | T::InputName)) {
            return Some(TableKind::PartInputs);
        }
    }
    if has(columns, |t| matches!(t, T::SubtypeId | T::EcosystemType)) {
        return Some(TableKind::EcosystemSubtypes);
    }
    if has(columns, |t| matches!(t, T::Param | T::ParamName)) {
        return Some(TableKind::Prices);
    }
    if has(columns, |t| matches!(t, T::Class)) {
        return Some(TableKind::LandCoverLong);
    }
    if has(columns, |t| matches!(t, T::Product)) {
        return Some(TableKind::Products);
    }
    if has(columns, |t| matches!(t, T::OutputValue | T::Basis)) {
        return Some(TableKind::OutputValues);
    }
    if has(columns, |t| matches!(t, T::Indicator | T::InputName)) {
        return Some(TableKind::IndicatorsLong);
    }
    if has(columns, |t| matches!(t, T::EsvAdjust { .. })) {
        return Some(TableKind::EsvAdjust);
    }
    let classes = count(columns, |t| matches!(t, T::LandClass(_)));
    let inputs = count(columns, |t| {
        matches!(t, T::Input { .. } | T::Method(_))
            || (sheet_has_indicator && matches!(t, T::MethodName))
    });
    if inputs > 0 && inputs >= classes {
        return Some(TableKind::IndicatorsWide);
    }
    if classes > 0 {
        return Some(TableKind::LandCoverWide);
    }
    has(columns, |t| {
        matches!(
            t,
            T::CountyCode
                | T::CountyName
                | T::CountyNameEn
                | T::Prefecture
                | T::LandArea
                | T::Population
                | T::Gdp
                | T::ImportedProducts
        )
    })
    .then_some(TableKind::Counties)
}

/// Do the headers carry what a chosen kind is about?
fn fits(kind: TableKind, columns: &[Column], sheet_has_indicator: bool) -> bool {
    use Target as T;
    match kind {
        TableKind::Counties => has(columns, |t| matches!(t, T::CountyCode)),
        TableKind::LandCoverWide => has(columns, |t| matches!(t, T::LandClass(_))),
        TableKind::IndicatorsWide => has(columns, |t| {
            matches!(t, T::Input { .. } | T::Method(_))
                || (sheet_has_indicator && matches!(t, T::MethodName))
        }),
        TableKind::LandCoverLong => has(columns, |t| matches!(t, T::Class)),
        TableKind::IndicatorsLong => has(columns, |t| matches!(t, T::Indicator)),
        TableKind::Prices => has(columns, |t| matches!(t, T::Param | T::ParamName)),
        TableKind::Products => has(columns, |t| matches!(t, T::Product)),
        TableKind::OutputValues => has(columns, |t| matches!(t, T::OutputValue | T::Basis)),
        TableKind::EsvAdjust => has(columns, |t| matches!(t, T::EsvAdjust { .. })),
        TableKind::EsvNationalMeans => has(columns, |t| matches!(t, T::AdjustItem)),
        TableKind::EcosystemSubtypes => has(columns, |t| matches!(t, T::SubtypeId)),
        TableKind::PartLandCover => {
            has(columns, |t| matches!(t, T::Part)) && has(columns, |t| matches!(t, T::Class))
        }
        TableKind::PartInputs => {
            has(columns, |t| matches!(t, T::Part)) && has(columns, |t| matches!(t, T::Indicator))
        }
        // Read by `opportunity` from its own headers, never through the vocabulary.
        TableKind::OpportunityIncomes
        | TableKind::OpportunityInvestments
        | TableKind::OpportunityCosts
        | TableKind::OpportunityBeneficiaries => false,
        TableKind::Transitions | TableKind::Settings => false,
    }
}

/// Headers whose meaning depends on the kind: “面积” is the value of a long land-cover table,
/// “名称” the parameter name of a price table, “方法” the method of a one-indicator sheet,
/// “数量” / “数值” the quantity of a product-line table and the value of an output-value table.
fn adapt_targets(kind: TableKind, ctx: Option<&str>, columns: &mut [Column]) {
    for c in columns {
        let new = match (&c.target, kind) {
            (Some(Target::LandArea), TableKind::LandCoverLong | TableKind::PartLandCover) => {
                Some(Target::Value)
            }
            (Some(Target::CountyName), TableKind::Prices) => Some(Target::ParamName),
            (Some(Target::Value), TableKind::Products) => Some(Target::Quantity),
            (Some(Target::Value), TableKind::OutputValues) => Some(Target::OutputValue),
            (Some(Target::MethodName), k) if k.is_wide() => ctx.map(|i| Target::Method(i.into())),
            _ => None,
        };
        if new.is_some() {
            c.target = new;
        }
    }
}

/// Column-level problems; `false` when rows cannot be read (a required column is missing).
fn check_columns(table: &mut Table<'_>, problems: &mut Vec<ImportProblem>) -> bool {
    let header_row = table.header_row;
    let mut found = Vec::new();
    for i in 0..table.columns.len() {
        let has_data = column_has_data(table.sheet, header_row, table.columns[i].idx);
        let kind = column_problem(table, i);
        if let Some(kind) = kind {
            table.columns[i].skip = true;
            if has_data || matches!(kind, ProblemKind::BadMapping { .. }) {
                let col = &table.columns[i];
                found.push(table.problem(header_row, Some(col), kind, None));
            }
        }
    }
    let mut ok = true;
    for (role, targets) in table.kind.required() {
        if !targets.iter().any(|t| table.col(t).is_some()) {
            ok = false;
            found.push(ImportProblem {
                sheet: table.sheet.name.clone(),
                row: Some(table.sheet.excel_row(header_row)),
                col: None,
                header: None,
                value: None,
                kind: ProblemKind::MissingColumn { role },
            });
        }
    }
    problems.extend(found);
    ok
}

/// Why column `i` is not read, if it is not (reported only when the column holds data).
fn column_problem(table: &Table<'_>, i: usize) -> Option<ProblemKind> {
    let col = &table.columns[i];
    let Some(target) = &col.target else {
        return Some(
            col.header_problem
                .clone()
                .unwrap_or(ProblemKind::UnmappedColumn),
        );
    };
    if !table.kind.reads(target) {
        return Some(ProblemKind::ColumnNotRead { kind: table.kind });
    }
    if let (Some(u), Some(to)) = (col.unit, target.model_unit())
        && !u.converts_to(to)
    {
        return Some(ProblemKind::UnitMismatch {
            unit: u.label(),
            wanted: to.zh().to_string(),
        });
    }
    if let (Some(u), Target::Quantity) = (col.unit, target)
        && product_unit(u).is_none()
    {
        return Some(ProblemKind::NotAQuantityUnit { unit: u.label() });
    }
    if let (Some(u), Target::Price) = (col.unit, target)
        && !(u.unit.is_money() || price_denominator(u.unit).is_some())
    {
        return Some(ProblemKind::UnitMismatch {
            unit: u.label(),
            wanted: "元, 元/t, 元/kg, 元/m³ …".to_string(),
        });
    }
    let first = table.columns[..i].iter().find(|c| {
        !c.skip
            && c.target.as_ref() == Some(target)
            && !matches!(target, Target::Ignore | Target::Note)
            && (c.methods.is_empty() || c.methods.iter().any(|m| col.methods.contains(m)))
    })?;
    Some(ProblemKind::DuplicateColumn {
        first: column_letter(table.sheet.excel_col(first.idx)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_parse_by_key_and_name() {
        for k in TableKind::ALL {
            assert_eq!(TableKind::parse(k.key()), Some(k));
            assert_eq!(TableKind::parse(&k.name().zh), Some(k));
        }
        assert_eq!(
            TableKind::parse("Land cover (wide)"),
            Some(TableKind::LandCoverWide)
        );
        assert_eq!(TableKind::parse("nonsense"), None);
    }

    #[test]
    fn unit_hints_in_title_rows() {
        assert_eq!(
            unit_hint("抚州市土地利用现状（单位：亩）").map(|u| u.unit),
            Some(crate::units::Unit::Mu)
        );
        assert_eq!(
            unit_hint("Land use, unit: hm2").map(|u| u.unit),
            Some(crate::units::Unit::Hm2)
        );
        assert_eq!(unit_hint("抚州市土地利用现状"), None);
    }
}
