//! Reading the rows of a recognised table into staged values.
//!
//! Owns cell parsing (numbers through the one parser `format::parse_number_text` with the
//! strict rules of files, “—” as blank; years, 6-digit county codes), the skipping of example
//! and total rows, duplicate counties within a wide table, and per-cell problems (text in number
//! cells, negative areas, unknown classes / indicators / inputs / methods / parameters, bad
//! units). The rows of material products are read by `material`. Values whose meaning depends on
//! other tables (county identity, the method of an indicator, duplicates) are staged with their
//! location and resolved by `plan`.

use std::collections::HashMap;
use std::rc::Rc;

mod ecosystem;
mod material;
mod national;
#[cfg(test)]
mod tests;

use crate::format::{self, Grouping};
use crate::model::{OutputValue, ProductLine, Project};
use crate::registry::Tag;
use crate::units::Unit;

use super::PeriodField;
use super::problem::{ImportProblem, ProblemKind};
use super::read::{Cell, column_letter, format_number};
use super::table::{Column, Table, TableKind};
use crate::units::words::{HeaderUnit, convert_unit, norm, parse_unit};

use super::vocab::{Target, Vocab};

/// Where a staged value came from (for problems found later).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Loc {
    pub sheet: Rc<str>,
    pub row: u32,
    pub col: Option<u32>,
    pub header: Option<Rc<str>>,
    pub value: Option<String>,
}

impl Loc {
    pub(crate) fn problem(&self, kind: ProblemKind) -> ImportProblem {
        ImportProblem {
            sheet: self.sheet.to_string(),
            row: Some(self.row),
            col: self.col,
            header: self.header.as_deref().map(str::to_string),
            value: self.value.clone(),
            kind,
        }
    }

    /// `Sheet!C5` (or `Sheet!5` without a column).
    pub(crate) fn cell_ref(&self) -> String {
        let col = self.col.map(column_letter).unwrap_or_default();
        format!("{}!{col}{}", self.sheet, self.row)
    }
}

/// How a row names its county.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum CountyKey {
    Code(String),
    Name(String),
}

/// The county of one row.
#[derive(Debug, Clone)]
pub(crate) struct CountyRef {
    pub key: CountyKey,
    /// The name given beside a code (checked against the project's name).
    pub name: Option<String>,
    pub loc: Loc,
}

/// County attributes from a counties table.
#[derive(Debug, Clone)]
pub(crate) struct StagedCounty {
    pub code: String,
    pub name_zh: Option<(String, Loc)>,
    pub name_en: Option<(String, Loc)>,
    pub prefecture: Option<(String, Loc)>,
    pub area_hm2: Option<(f64, Loc)>,
    pub loc: Loc,
}

#[derive(Debug, Clone)]
pub(crate) struct StagedValue {
    pub county: usize,
    pub year: i32,
    pub field: PeriodField,
    pub value: f64,
    pub loc: Loc,
    /// The ecosystem part (as written) of a part table's row; `None` = the county.
    pub part: Option<Rc<str>>,
}

/// An indicator input as read: converted by `plan` once the method is known.
#[derive(Debug, Clone)]
pub(crate) struct StagedInput {
    pub county: usize,
    pub year: i32,
    pub indicator: String,
    pub input: String,
    pub methods: Rc<[String]>,
    pub raw: f64,
    pub unit: Option<HeaderUnit>,
    pub loc: Loc,
    /// The ecosystem part (as written) of a part table's row; `None` = the county.
    pub part: Option<Rc<str>>,
}

#[derive(Debug, Clone)]
pub(crate) struct StagedMethod {
    pub county: usize,
    pub year: i32,
    pub indicator: String,
    pub method: String,
    pub loc: Loc,
    /// The ecosystem part (as written) of a part table's row; `None` = the county.
    pub part: Option<Rc<str>>,
}

#[derive(Debug, Clone)]
pub(crate) struct StagedPrice {
    pub param: String,
    pub value: f64,
    pub unit: Option<Unit>,
    pub price_year: Option<i32>,
    pub source: Option<String>,
    pub tag: Option<Tag>,
    pub note: String,
    pub loc: Loc,
}

/// A product line as read, in the stored unit; `loc` is its product-name cell.
#[derive(Debug, Clone)]
pub(crate) struct StagedProduct {
    pub county: usize,
    pub year: i32,
    pub indicator: String,
    pub line: ProductLine,
    pub loc: Loc,
}

/// An output value as read (元); `loc` is its value cell.
#[derive(Debug, Clone)]
pub(crate) struct StagedOutput {
    pub county: usize,
    pub year: i32,
    pub indicator: String,
    pub value: OutputValue,
    /// A value computed elsewhere for an indicator that is no material product (stored as
    /// its entered value in 元; the basis is not used).
    pub entered: bool,
    pub loc: Loc,
}

pub(crate) use national::StagedMean;

/// Everything read from all tables, and the problems found so far.
#[derive(Debug, Default)]
pub(crate) struct Staging {
    pub refs: Vec<CountyRef>,
    pub counties: Vec<StagedCounty>,
    pub values: Vec<StagedValue>,
    pub inputs: Vec<StagedInput>,
    pub methods: Vec<StagedMethod>,
    pub prices: Vec<StagedPrice>,
    pub products: Vec<StagedProduct>,
    pub outputs: Vec<StagedOutput>,
    pub national_means: Vec<StagedMean>,
    /// Ecosystem subtypes (`rows::ecosystem`).
    pub subtypes: Vec<ecosystem::StagedSubtype>,
    pub problems: Vec<ImportProblem>,
}

/// Year used by tables without a year (column or cell).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Defaults {
    pub year: Option<i32>,
}

impl Defaults {
    pub(crate) fn new(project: &Project, year: Option<i32>) -> Defaults {
        Defaults {
            year: year.or_else(|| project.latest_year()),
        }
    }
}

/// Reads every row of `table` into `st`.
pub(crate) fn read_table(
    table: &Table<'_>,
    vocab: &Vocab<'_>,
    defaults: Defaults,
    st: &mut Staging,
) {
    let mut r = Rows {
        t: table,
        sheet: table.sheet.name.as_str().into(),
        vocab,
        defaults,
        st,
        no_year_said: false,
        default_said: false,
        part: None,
    };
    match table.kind {
        TableKind::Counties
        | TableKind::LandCoverWide
        | TableKind::IndicatorsWide
        | TableKind::EsvAdjust => r.wide(),
        TableKind::LandCoverLong => r.land_cover_long(),
        TableKind::IndicatorsLong => r.indicators_long(),
        TableKind::Prices => r.prices(),
        TableKind::Products => r.products(),
        TableKind::OutputValues => r.output_values(),
        TableKind::EsvNationalMeans => r.national_means(),
        TableKind::EcosystemSubtypes => r.subtypes(),
        TableKind::PartLandCover => r.land_cover_long(),
        TableKind::PartInputs => r.indicators_long(),
        // Read by `opportunity` before the vocabulary sees the sheet.
        TableKind::OpportunityIncomes
        | TableKind::OpportunityInvestments
        | TableKind::OpportunityCosts
        | TableKind::OpportunityBeneficiaries => {}
        TableKind::Transitions | TableKind::Settings => {}
    }
}

struct Rows<'a, 't, 'v> {
    t: &'a Table<'t>,
    /// The sheet name, shared by every location of the table.
    sheet: Rc<str>,
    vocab: &'a Vocab<'v>,
    defaults: Defaults,
    st: &'a mut Staging,
    no_year_said: bool,
    default_said: bool,
    /// The ecosystem part of the row being read (part tables), written into what it stages.
    part: Option<Rc<str>>,
}

impl Rows<'_, '_, '_> {
    fn cell(&self, row: usize, col: &Column) -> &Cell {
        self.t.sheet.cell(row, col.idx)
    }

    fn loc(&self, row: usize, col: Option<&Column>) -> Loc {
        Loc {
            sheet: self.sheet.clone(),
            row: self.t.sheet.excel_row(row),
            col: col.map(|c| self.t.sheet.excel_col(c.idx)),
            header: col.map(|c| c.header.clone()),
            value: col
                .map(|c| self.cell(row, c).text())
                .filter(|v| !v.is_empty()),
        }
    }

    fn report(&mut self, row: usize, col: Option<&Column>, kind: ProblemKind) {
        let p = self.loc(row, col).problem(kind);
        self.st.problems.push(p);
    }

    /// The text of the column with `target`, if the cell is not blank.
    fn text_of(&self, row: usize, target: &Target) -> Option<String> {
        let col = self.t.col(target)?;
        let text = self.cell(row, col).text();
        (!text.is_empty()).then_some(text)
    }

    /// Skips example rows (note starts with 示例 / example).
    fn is_example(&mut self, row: usize) -> bool {
        let note = self.text_of(row, &Target::Note).map(|n| norm(&n));
        let example = note.is_some_and(|n| n.starts_with("示例") || n.starts_with("example"));
        if example {
            self.report(row, None, ProblemKind::ExampleRowSkipped);
        }
        example
    }

    /// The county of a row; `None` (with a problem when due) when the row is skipped.
    fn county(&mut self, row: usize) -> Option<usize> {
        let code_col = self.t.col(&Target::CountyCode);
        let name = self.text_of(row, &Target::CountyName);
        let code = match code_col.map(|c| county_code(self.cell(row, c))) {
            Some(Err(kind)) => {
                self.report(row, code_col, kind);
                return None;
            }
            Some(Ok(code)) => code,
            None => None,
        };
        let key = match (code, name.clone()) {
            (Some(code), _) => CountyKey::Code(code),
            (None, Some(n)) if is_total(&n) => {
                self.report(row, None, ProblemKind::TotalRowSkipped);
                return None;
            }
            (None, Some(n)) if self.t.kind != TableKind::Counties => CountyKey::Name(n),
            _ => {
                self.report(row, code_col, ProblemKind::CountyMissing);
                return None;
            }
        };
        let loc_col = code_col.or_else(|| self.t.col(&Target::CountyName));
        let loc = self.loc(row, loc_col);
        let name = matches!(key, CountyKey::Code(_)).then_some(name).flatten();
        self.st.refs.push(CountyRef { key, name, loc });
        Some(self.st.refs.len() - 1)
    }

    /// The year of a row that needs one: the year cell, else the default.
    fn year(&mut self, row: usize) -> Result<i32, ()> {
        let col = self.t.col(&Target::Year);
        match col.map(|c| year(self.cell(row, c))) {
            Some(Err(kind)) => {
                self.report(row, col, kind);
                Err(())
            }
            Some(Ok(Some(y))) => Ok(y),
            _ => self.default_year(row),
        }
    }

    fn default_year(&mut self, row: usize) -> Result<i32, ()> {
        match self.defaults.year {
            Some(y) => {
                if !self.default_said {
                    self.default_said = true;
                    self.report(row, None, ProblemKind::YearDefaulted { year: y });
                }
                Ok(y)
            }
            None => {
                if !self.no_year_said {
                    self.no_year_said = true;
                    self.report(row, None, ProblemKind::NoYear);
                }
                Err(())
            }
        }
    }

    /// A number cell converted to `to`; `None` for blank cells and problems (reported).
    fn number_in(
        &mut self,
        row: usize,
        col: &Column,
        to: Unit,
        min_exclusive: bool,
    ) -> Option<f64> {
        let v = match number(self.cell(row, col)) {
            Ok(v) => v?,
            Err(kind) => {
                self.report(row, Some(col), kind);
                return None;
            }
        };
        let unit = col.unit.unwrap_or(HeaderUnit::plain(to));
        let Some(v) = unit.convert(v, to) else {
            let kind = ProblemKind::UnitMismatch {
                unit: unit.label(),
                wanted: to.zh().into(),
            };
            self.report(row, Some(col), kind);
            return None;
        };
        if v < 0.0 || (min_exclusive && v == 0.0) {
            let kind = if v < 0.0 {
                ProblemKind::Negative
            } else {
                ProblemKind::NotPositive
            };
            self.report(row, Some(col), kind);
            return None;
        }
        Some(v)
    }

    // ---- Wide tables -----------------------------------------------------------------------

    fn wide(&mut self) {
        let mut seen: HashMap<(CountyKey, Option<i32>), u32> = HashMap::new();
        let rows: Vec<usize> = self.t.data_rows().collect();
        for row in rows {
            if self.is_example(row) {
                continue;
            }
            let Some(county) = self.county(row) else {
                continue;
            };
            let needs_year = self
                .t
                .read_columns()
                .any(|(c, t)| t.needs_year() && !self.cell(row, c).is_blank());
            let year = if needs_year {
                match self.year(row) {
                    Ok(y) => Some(y),
                    Err(()) => continue,
                }
            } else {
                self.t
                    .col(&Target::Year)
                    .and_then(|c| year(self.cell(row, c)).ok().flatten())
            };
            let key = (norm_key(&self.st.refs[county].key), year);
            if let Some(&first_row) = seen.get(&key) {
                self.report(row, None, ProblemKind::DuplicateCounty { first_row });
                continue;
            }
            seen.insert(key, self.t.sheet.excel_row(row));
            if self.t.kind == TableKind::Counties {
                self.county_attributes(row, county);
            }
            if let Some(year) = year {
                self.period_cells(row, county, year);
            }
        }
    }

    fn county_attributes(&mut self, row: usize, county: usize) {
        let CountyKey::Code(code) = self.st.refs[county].key.clone() else {
            return;
        };
        let text = |s: &mut Self, t: &Target| {
            let col = s.t.col(t)?;
            let text = s.cell(row, col).text();
            (!text.is_empty()).then(|| (text, s.loc(row, Some(col))))
        };
        let name_zh = text(self, &Target::CountyName);
        let name_en = text(self, &Target::CountyNameEn);
        let prefecture = text(self, &Target::Prefecture);
        let area_hm2 = self.t.col(&Target::LandArea).and_then(|c| {
            self.number_in(row, c, Unit::Hm2, true)
                .map(|v| (v, self.loc(row, Some(c))))
        });
        let loc = self.st.refs[county].loc.clone();
        self.st.counties.push(StagedCounty {
            code,
            name_zh,
            name_en,
            prefecture,
            area_hm2,
            loc,
        });
    }

    fn period_cells(&mut self, row: usize, county: usize, year: i32) {
        let cols: Vec<(Column, Target)> = self
            .t
            .read_columns()
            .filter(|(c, t)| t.needs_year() && !self.cell(row, c).is_blank())
            .map(|(c, t)| (c.clone(), t.clone()))
            .collect();
        for (col, target) in cols {
            let field = match &target {
                Target::Population => Some(PeriodField::Population),
                Target::Gdp => Some(PeriodField::GdpYuan),
                Target::ImportedProducts => Some(PeriodField::ImportedProductsYuan),
                Target::LandClass(c) => Some(PeriodField::LandCover(c.clone())),
                Target::EsvAdjust { kind, coefficient } => {
                    self.esv_adjust_cell(row, &col, county, year, *kind, *coefficient);
                    continue;
                }
                _ => None,
            };
            if let (Some(field), Some(unit)) = (field, target.model_unit()) {
                if let Some(value) = self.number_in(row, &col, unit, false) {
                    let loc = self.loc(row, Some(&col));
                    let v = StagedValue {
                        county,
                        year,
                        field,
                        value,
                        loc,
                        part: None,
                    };
                    self.st.values.push(v);
                }
                continue;
            }
            match target {
                Target::Input { indicator, input } => self.input_cell(
                    row,
                    &col,
                    county,
                    year,
                    indicator,
                    input,
                    col.methods.clone(),
                ),
                Target::Method(indicator) => self.method_cell(row, &col, county, year, indicator),
                _ => {}
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn input_cell(
        &mut self,
        row: usize,
        col: &Column,
        county: usize,
        year: i32,
        indicator: String,
        input: String,
        methods: Rc<[String]>,
    ) {
        let raw = match number(self.cell(row, col)) {
            Ok(Some(v)) => v,
            Ok(None) => return,
            Err(kind) => return self.report(row, Some(col), kind),
        };
        let loc = self.loc(row, Some(col));
        self.st.inputs.push(StagedInput {
            county,
            year,
            indicator,
            input,
            methods,
            raw,
            unit: col.unit,
            loc,
            part: self.part.clone(),
        });
    }

    fn method_cell(
        &mut self,
        row: usize,
        col: &Column,
        county: usize,
        year: i32,
        indicator: String,
    ) {
        let text = self.cell(row, col).text();
        let Some(method) = self.vocab.method(&indicator, &text) else {
            return self.report(row, Some(col), ProblemKind::UnknownMethod { indicator });
        };
        let loc = self.loc(row, Some(col));
        self.st.methods.push(StagedMethod {
            county,
            year,
            indicator,
            method,
            loc,
            part: self.part.clone(),
        });
    }

    // ---- Long tables -----------------------------------------------------------------------

    /// County and year of a long-table row, or `None` when it is skipped.
    fn long_row(&mut self, row: usize) -> Option<(usize, i32)> {
        if self.is_example(row) {
            return None;
        }
        let county = self.county(row)?;
        let year = self.year(row).ok()?;
        Some((county, year))
    }

    /// The value cell and its unit (unit cell, else the value header's unit).
    fn long_value(&mut self, row: usize) -> Option<(f64, Option<HeaderUnit>, &Column)> {
        let vcol = self.t.col(&Target::Value)?;
        let v = match number(self.cell(row, vcol)) {
            Ok(v) => v?,
            Err(kind) => {
                self.report(row, Some(vcol), kind);
                return None;
            }
        };
        let ucol = self.t.col(&Target::UnitName);
        let unit_text = ucol.map(|c| self.cell(row, c).text()).unwrap_or_default();
        if unit_text.is_empty() {
            return Some((v, vcol.unit, vcol));
        }
        match parse_unit(&unit_text) {
            Some(u) => Some((v, Some(u), vcol)),
            None => {
                self.report(row, ucol, ProblemKind::BadUnit);
                None
            }
        }
    }

    fn land_cover_long(&mut self) {
        let rows: Vec<usize> = self.t.data_rows().collect();
        for row in rows {
            let Some((county, year)) = self.long_row(row) else {
                continue;
            };
            let Ok(part) = self.row_part(row) else {
                continue;
            };
            self.part = part;
            let Some(ccol) = self.t.col(&Target::Class) else {
                return;
            };
            let class_text = self.cell(row, ccol).text();
            let Some(class) = self.vocab.class(&class_text) else {
                self.report(row, Some(ccol), ProblemKind::UnknownClass);
                continue;
            };
            let Some((v, unit, vcol)) = self.long_value(row) else {
                continue;
            };
            let vcol = vcol.clone();
            let unit = unit.unwrap_or(HeaderUnit::plain(Unit::Hm2));
            let converted = unit.convert(v, Unit::Hm2);
            let kind = match converted {
                None => Some(ProblemKind::UnitMismatch {
                    unit: unit.label(),
                    wanted: Unit::Hm2.zh().into(),
                }),
                Some(a) if a < 0.0 => Some(ProblemKind::Negative),
                Some(_) => None,
            };
            if let Some(kind) = kind {
                self.report(row, Some(&vcol), kind);
                continue;
            }
            let loc = self.loc(row, Some(&vcol));
            self.st.values.push(StagedValue {
                county,
                year,
                field: PeriodField::LandCover(class),
                value: converted.unwrap_or(0.0),
                loc,
                part: self.part.clone(),
            });
        }
    }

    fn indicators_long(&mut self) {
        let rows: Vec<usize> = self.t.data_rows().collect();
        for row in rows {
            let Some((county, year)) = self.long_row(row) else {
                continue;
            };
            let Ok(part) = self.row_part(row) else {
                continue;
            };
            self.part = part;
            let (Some(icol), Some(ncol)) = (
                self.t.col(&Target::Indicator).cloned(),
                self.t.col(&Target::InputName).cloned(),
            ) else {
                return;
            };
            let Some(indicator) = self.vocab.indicator(&self.cell(row, &icol).text()) else {
                self.report(row, Some(&icol), ProblemKind::UnknownIndicator);
                continue;
            };
            let mut method_given = false;
            if let Some(mcol) = self.t.col(&Target::MethodName).cloned()
                && !self.cell(row, &mcol).is_blank()
            {
                self.method_cell(row, &mcol, county, year, indicator.clone());
                method_given = true;
            }
            // A row that sets the method alone (a method without inputs, e.g. oxygen from
            // carbon): no input, no value.
            let value_blank = self
                .t
                .col(&Target::Value)
                .is_none_or(|c| self.cell(row, c).is_blank());
            if method_given && value_blank && self.cell(row, &ncol).is_blank() {
                continue;
            }
            let input_text = self.cell(row, &ncol).text();
            let Some((input, methods)) = self.vocab.input(&indicator, &input_text) else {
                let kind = ProblemKind::UnknownInput {
                    indicator: indicator.clone(),
                };
                self.report(row, Some(&ncol), kind);
                continue;
            };
            let Some((raw, unit, vcol)) = self.long_value(row) else {
                continue;
            };
            let vcol = vcol.clone();
            let methods = self.methods_for_unit(&indicator, &input, methods, unit);
            if methods.is_empty() {
                let kind = ProblemKind::UnitMismatch {
                    unit: unit.map(HeaderUnit::label).unwrap_or_default(),
                    wanted: self.declared_unit(&indicator, &input),
                };
                self.report(row, Some(&vcol), kind);
                continue;
            }
            let loc = self.loc(row, Some(&vcol));
            self.st.inputs.push(StagedInput {
                county,
                year,
                indicator,
                input,
                methods: methods.into(),
                raw,
                unit,
                loc,
                part: self.part.clone(),
            });
        }
    }

    fn methods_for_unit(
        &self,
        indicator: &str,
        input: &str,
        methods: Vec<String>,
        unit: Option<HeaderUnit>,
    ) -> Vec<String> {
        let Some(u) = unit else { return methods };
        methods
            .into_iter()
            .filter(|m| {
                self.vocab
                    .input_unit(indicator, m, input)
                    .is_some_and(|to| u.converts_to(to))
            })
            .collect()
    }

    fn declared_unit(&self, indicator: &str, input: &str) -> String {
        self.vocab
            .spec(indicator)
            .and_then(|s| {
                s.methods
                    .iter()
                    .flat_map(|m| &m.inputs)
                    .find(|i| i.id == input)
            })
            .map(|i| i.unit.zh().to_string())
            .unwrap_or_default()
    }

    // ---- Prices ----------------------------------------------------------------------------

    fn prices(&mut self) {
        let rows: Vec<usize> = self.t.data_rows().collect();
        for row in rows {
            if !self.is_example(row) {
                self.price_row(row);
            }
        }
    }

    fn price_row(&mut self, row: usize) {
        let id_col = [Target::Param, Target::ParamName]
            .iter()
            .filter_map(|t| self.t.col(t))
            .find(|c| !self.cell(row, c).is_blank())
            .cloned();
        let Some(id_col) = id_col else {
            return self.report(
                row,
                None,
                ProblemKind::MissingColumn {
                    role: super::problem::ColumnRole::Param,
                },
            );
        };
        let id_text = self.cell(row, &id_col).text();
        if is_total(&id_text) {
            return self.report(row, None, ProblemKind::TotalRowSkipped);
        }
        let Some(param) = self.vocab.param(&id_text) else {
            return self.report(row, Some(&id_col), ProblemKind::UnknownParam);
        };
        let Some((raw, unit, vcol)) = self.long_value(row) else {
            if let Some(vcol) = self.t.col(&Target::Value).cloned()
                && self.cell(row, &vcol).is_blank()
            {
                self.report(row, Some(&vcol), ProblemKind::MissingValue);
            }
            return;
        };
        let vcol = vcol.clone();
        let Some((value, unit)) = self.price_value(row, &vcol, &param, raw, unit) else {
            return;
        };
        let Ok(price_year) = self.optional_year(row, &Target::PriceYear) else {
            return;
        };
        let Ok(price_year) = self.stated_price_year(row, &param, price_year) else {
            return;
        };
        let tag = match self.text_of(row, &Target::Tag) {
            Some(t) => match parse_tag(&t) {
                Some(tag) => Some(tag),
                None => {
                    let col = self.t.col(&Target::Tag).cloned();
                    return self.report(row, col.as_ref(), ProblemKind::BadTag);
                }
            },
            None => None,
        };
        let loc = self.loc(row, Some(&id_col));
        self.st.prices.push(StagedPrice {
            param,
            value,
            unit,
            price_year,
            source: self.text_of(row, &Target::Source),
            tag,
            note: self.text_of(row, &Target::Note).unwrap_or_default(),
            loc,
        });
    }

    /// The override value and unit: a scaled unit (万元/t) is folded into the value; the unit
    /// must convert to the registry's.
    fn price_value(
        &mut self,
        row: usize,
        vcol: &Column,
        param: &str,
        raw: f64,
        unit: Option<HeaderUnit>,
    ) -> Option<(f64, Option<Unit>)> {
        let wanted = self.vocab.param_unit(param)?;
        let (value, unit) = match unit {
            Some(u) => (raw * u.scale, Some(u.unit)),
            None => (raw, None),
        };
        if let Some(u) = unit
            && convert_unit(1.0, u, wanted).is_none()
        {
            let kind = ProblemKind::UnitMismatch {
                unit: u.zh().into(),
                wanted: wanted.zh().into(),
            };
            self.report(row, Some(vcol), kind);
            return None;
        }
        if value < 0.0 {
            self.report(row, Some(vcol), ProblemKind::Negative);
            return None;
        }
        Some((value, unit.filter(|&u| u != wanted)))
    }

    /// A price override's price year is never left implicit: a blank price-year cell of a
    /// price (or money amount) takes the row's year, else the import's default year, and the
    /// summary says so on that row; with neither the row is refused.
    fn stated_price_year(
        &mut self,
        row: usize,
        param: &str,
        given: Option<i32>,
    ) -> Result<Option<i32>, ()> {
        let priced = self
            .vocab
            .param_unit(param)
            .is_some_and(|u| u.is_price() || u.is_money());
        if given.is_some() || !priced {
            return Ok(given);
        }
        match self
            .optional_year(row, &Target::Year)?
            .or(self.defaults.year)
        {
            Some(year) => {
                self.report(row, None, ProblemKind::PriceYearDefaulted { year });
                Ok(Some(year))
            }
            None => {
                self.report(row, None, ProblemKind::NoPriceYear);
                Err(())
            }
        }
    }

    fn optional_year(&mut self, row: usize, target: &Target) -> Result<Option<i32>, ()> {
        let Some(col) = self.t.col(target).cloned() else {
            return Ok(None);
        };
        year(self.cell(row, &col)).map_err(|kind| self.report(row, Some(&col), kind))
    }
}

fn norm_key(key: &CountyKey) -> CountyKey {
    match key {
        CountyKey::Code(c) => CountyKey::Code(c.clone()),
        CountyKey::Name(n) => CountyKey::Name(norm(n)),
    }
}

/// A number cell: `Ok(None)` when blank.
pub(crate) fn number(cell: &Cell) -> Result<Option<f64>, ProblemKind> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Number(v) if v.is_finite() => Ok(Some(*v)),
        Cell::Text(s) => {
            format::parse_number_text(s, Grouping::Strict).map_err(|_| ProblemKind::NotANumber)
        }
        Cell::Error(_) => Err(ProblemKind::CellError),
        Cell::Number(_) | Cell::Bool(_) => Err(ProblemKind::NotANumber),
    }
}

/// A year cell (1900–2100; “2021年” accepted): `Ok(None)` when blank.
pub(crate) fn year(cell: &Cell) -> Result<Option<i32>, ProblemKind> {
    let v = match cell {
        Cell::Text(s) => {
            let t = s.trim().trim_end_matches('年').trim();
            match t.parse::<i32>() {
                Ok(y) => y as f64,
                Err(_) if t.is_empty() => return Ok(None),
                Err(_) => return Err(ProblemKind::NotAYear),
            }
        }
        other => match number(other) {
            Ok(Some(v)) => v,
            Ok(None) => return Ok(None),
            Err(_) => return Err(ProblemKind::NotAYear),
        },
    };
    if v.fract() == 0.0 && (1900.0..=2100.0).contains(&v) {
        Ok(Some(v as i32))
    } else {
        Err(ProblemKind::NotAYear)
    }
}

/// A county code cell: 6 digits (a 12-digit statistical code ending in 000000 is cut to 6).
pub(crate) fn county_code(cell: &Cell) -> Result<Option<String>, ProblemKind> {
    let text = match cell {
        Cell::Number(v) if v.fract() == 0.0 && *v >= 0.0 => format_number(*v),
        Cell::Number(_) | Cell::Bool(_) | Cell::Error(_) => {
            return Err(ProblemKind::BadCountyCode);
        }
        other => other.text(),
    };
    if text.is_empty() {
        return Ok(None);
    }
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    match text.len() {
        6 if digits(&text) => Ok(Some(text)),
        12 if digits(&text) && text.ends_with("000000") => Ok(Some(text[..6].to_string())),
        _ => Err(ProblemKind::BadCountyCode),
    }
}

fn is_total(name: &str) -> bool {
    let n = norm(name);
    [
        "合计", "总计", "小计", "全市", "全省", "全区", "全县", "total", "sum",
    ]
    .iter()
    .any(|w| n == norm(w))
}

fn parse_tag(t: &str) -> Option<Tag> {
    match norm(t).as_str() {
        "v" => Some(Tag::V),
        "vsec" => Some(Tag::VSec),
        "d" => Some(Tag::D),
        "u" => Some(Tag::U),
        _ => None,
    }
}
