//! Land-use transition matrices from a spreadsheet, in either form Chinese ESV papers and GIS
//! exports use:
//!
//! - long: one row per cell — 县区代码 (optional: blank or absent = the region), 起始年, 终止年,
//!   转出地类, 转入地类, 面积 (hm², or another area unit in the header such as “面积（亩）”);
//!   rows whose 备注 starts with 示例 / example are skipped;
//! - wide: the matrix itself as printed — key rows above it (县区代码 / 起始年 / 终止年, value in
//!   the next cell), then a header row whose first cell is the corner (“2015 年＼2020 年”,
//!   “转出＼转入”, anything with a backslash or →) followed by the to classes, and one row per
//!   from class; 合计 rows and columns are skipped. One matrix per sheet.
//!
//! Classes are read by id or by name (registry or project). Each matrix read replaces the
//! project's matrix of the same county and years (`apply`); cells the file does not give are 0.
//! This module reads cells into matrices and lists problems; it never touches the project.

use std::collections::BTreeMap;
use std::rc::Rc;

use crate::model::{Project, TransitionMatrix};
use crate::units::Unit;
use crate::units::words::{convert_unit, norm, split_header_unit};

use super::problem::{ImportProblem, ProblemKind};
use super::read::{Cell, Sheet, column_letter};
use super::rows::{Loc, county_code, number, year};
use super::table::TableKind;
use super::vocab::{Target, Vocab};
use super::{ColumnPreview, TablePreview};

/// Rows searched for a header row.
const SCAN: usize = 12;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Col {
    County,
    FromYear,
    ToYear,
    FromClass,
    ToClass,
    Area,
    Note,
}

fn col_of(header: &str) -> Option<Col> {
    // The template's headers are “中文 (单位)\nEnglish (unit)”: the first line decides.
    let first = header.lines().next().unwrap_or("");
    let (name, _) = split_header_unit(first);
    let n = norm(&name);
    let is = |words: &[&str]| words.iter().any(|w| norm(w) == n);
    if is(&[
        "县区代码",
        "行政区划代码",
        "代码",
        "county code",
        "code",
        "county",
    ]) {
        Some(Col::County)
    } else if is(&["起始年", "起始年份", "转出年份", "from year", "from_year"]) {
        Some(Col::FromYear)
    } else if is(&["终止年", "终止年份", "转入年份", "to year", "to_year"]) {
        Some(Col::ToYear)
    } else if is(&["转出地类", "起始地类", "原地类", "from class", "from_class"]) {
        Some(Col::FromClass)
    } else if is(&["转入地类", "终止地类", "现地类", "to class", "to_class"]) {
        Some(Col::ToClass)
    } else if is(&["面积", "转移面积", "area", "area_hm2"]) {
        Some(Col::Area)
    } else if is(&["备注", "note", "notes"]) {
        Some(Col::Note)
    } else {
        None
    }
}

/// Is this a transitions sheet? Long form: a header row with both class columns and both
/// year columns; wide form: a corner cell followed by at least two classes.
pub(crate) fn detect(sheet: &Sheet, vocab: &Vocab) -> bool {
    long_header(sheet).is_some() || wide_corner(sheet, vocab).is_some()
}

fn long_header(sheet: &Sheet) -> Option<(usize, Vec<Option<Col>>)> {
    (0..sheet.rows.len().min(SCAN)).find_map(|r| {
        let cols: Vec<Option<Col>> = (0..sheet.width())
            .map(|c| col_of(&sheet.cell(r, c).text()))
            .collect();
        let has = |k: Col| cols.contains(&Some(k));
        (has(Col::FromYear) && has(Col::ToYear) && has(Col::FromClass) && has(Col::ToClass))
            .then_some((r, cols))
    })
}

fn is_corner(text: &str) -> bool {
    text.contains(['\\', '＼', '→']) && col_of(text).is_none()
}

fn wide_corner(sheet: &Sheet, vocab: &Vocab) -> Option<usize> {
    (0..sheet.rows.len().min(SCAN)).find(|&r| {
        is_corner(&sheet.cell(r, 0).text())
            && (1..sheet.width())
                .filter(|&c| vocab.class(&sheet.cell(r, c).text()).is_some())
                .count()
                >= 2
            && vocab.class(&sheet.cell(r + 1, 0).text()).is_some()
    })
}

fn is_total(text: &str) -> bool {
    let n = norm(text);
    n.starts_with("合计")
        || n.starts_with("总计")
        || n.ends_with("合计")
        || n == "total"
        || n == "sum"
}

/// Reads a transitions sheet into `out`, problems into `problems`; the preview of the table.
pub(crate) fn read(
    sheet: &Sheet,
    vocab: &Vocab,
    problems: &mut Vec<ImportProblem>,
    out: &mut Read,
) -> TablePreview {
    let mut r = Reader {
        sheet,
        name: sheet.name.as_str().into(),
        vocab,
        problems,
        matrices: BTreeMap::new(),
        first: BTreeMap::new(),
        counties: &mut out.counties,
    };
    let preview = match long_header(sheet) {
        Some((h, cols)) => r.long(h, &cols),
        None => r.wide(),
    };
    out.matrices.extend(r.matrices.into_values());
    preview
}

/// The matrices read from every transitions sheet, and where each county code was first named
/// (checked once the import's own county table is known: [`unknown_counties`]).
#[derive(Default)]
pub(crate) struct Read {
    pub matrices: Vec<TransitionMatrix>,
    counties: BTreeMap<String, Loc>,
}

/// Problems for county codes that are neither in the project nor added by this import.
pub(crate) fn unknown_counties(
    read: &Read,
    project: &Project,
    added: &[String],
) -> Vec<ImportProblem> {
    read.counties
        .iter()
        .filter(|(code, _)| project.county(code).is_none() && !added.contains(code))
        .map(|(_, loc)| loc.problem(ProblemKind::UnknownCounty))
        .collect()
}

type Key = (String, i32, i32);

struct Reader<'a, 'v> {
    sheet: &'a Sheet,
    name: Rc<str>,
    vocab: &'a Vocab<'v>,
    problems: &'a mut Vec<ImportProblem>,
    counties: &'a mut BTreeMap<String, Loc>,
    matrices: BTreeMap<Key, TransitionMatrix>,
    /// Where each cell was first read (for duplicates).
    first: BTreeMap<(Key, String, String), String>,
}

impl Reader<'_, '_> {
    fn loc(&self, row: usize, col: usize, header: Option<&str>) -> Loc {
        let cell = self.sheet.cell(row, col).text();
        Loc {
            sheet: self.name.clone(),
            row: self.sheet.excel_row(row),
            col: Some(self.sheet.excel_col(col)),
            header: header.map(Rc::from),
            value: (!cell.is_empty()).then_some(cell),
        }
    }

    fn report(&mut self, row: usize, col: usize, header: Option<&str>, kind: ProblemKind) {
        let p = self.loc(row, col, header).problem(kind);
        self.problems.push(p);
    }

    fn preview(&self, header_row: usize, columns: Vec<ColumnPreview>, rows: usize) -> TablePreview {
        TablePreview {
            sheet: self.sheet.name.clone(),
            kind: Some(TableKind::Transitions),
            kind_chosen: false,
            header_row: Some(self.sheet.excel_row(header_row)),
            columns,
            data_rows: rows,
        }
    }

    fn column_preview(&self, header_row: usize, col: usize) -> ColumnPreview {
        let header = self.sheet.cell(header_row, col).text();
        // The importer's nearest words for each column; a column not read here is ignored.
        let target = match col_of(&header) {
            Some(Col::County) => Target::CountyCode,
            Some(Col::FromYear | Col::ToYear) => Target::Year,
            Some(Col::FromClass | Col::ToClass) => Target::Class,
            Some(Col::Area) => Target::Value,
            Some(Col::Note) => Target::Note,
            None => match self.vocab.class(&header) {
                Some(c) => Target::LandClass(c),
                None => Target::Ignore,
            },
        };
        ColumnPreview {
            column: column_letter(self.sheet.excel_col(col)),
            unit: split_header_unit(&header)
                .1
                .map(|u| u.unit.symbol(crate::i18n::Lang::Zh).to_string()),
            header,
            target: Some(target),
            from_mapping: false,
        }
    }

    /// A county code cell: `Some("")` for the region (blank), `None` after a problem.
    fn county(&mut self, row: usize, col: usize, header: &str) -> Option<String> {
        match county_code(self.sheet.cell(row, col)) {
            Ok(None) => Some(String::new()),
            Ok(Some(code)) => {
                if !self.counties.contains_key(&code) {
                    let loc = self.loc(row, col, Some(header));
                    self.counties.insert(code.clone(), loc);
                }
                Some(code)
            }
            Err(k) => {
                self.report(row, col, Some(header), k);
                None
            }
        }
    }

    fn year(&mut self, row: usize, col: usize, header: &str) -> Option<i32> {
        match year(self.sheet.cell(row, col)) {
            Ok(Some(y)) => Some(y),
            Ok(None) => {
                self.report(row, col, Some(header), ProblemKind::MissingValue);
                None
            }
            Err(k) => {
                self.report(row, col, Some(header), k);
                None
            }
        }
    }

    fn class(&mut self, row: usize, col: usize, header: &str) -> Option<String> {
        let text = self.sheet.cell(row, col).text();
        let found = self.vocab.class(&text);
        if found.is_none() {
            let kind = if text.is_empty() {
                ProblemKind::MissingValue
            } else {
                ProblemKind::UnknownClass
            };
            self.report(row, col, Some(header), kind);
        }
        found
    }

    /// An area cell in hm² (`scale` converts the header's unit); `None` = blank or a problem.
    fn area(&mut self, row: usize, col: usize, header: &str, scale: f64) -> Option<f64> {
        match number(self.sheet.cell(row, col)) {
            Ok(Some(v)) if v < 0.0 => {
                self.report(row, col, Some(header), ProblemKind::Negative);
                None
            }
            Ok(v) => v.map(|v| v * scale),
            Err(k) => {
                self.report(row, col, Some(header), k);
                None
            }
        }
    }

    /// hm² per unit of the header's area unit (1 without a unit); `None` = not an area unit.
    fn scale(&mut self, row: usize, col: usize) -> Option<f64> {
        let header = self.sheet.cell(row, col).text();
        match split_header_unit(header.lines().next().unwrap_or("")).1 {
            None => Some(1.0),
            Some(u) => match convert_unit(u.scale, u.unit, Unit::Hm2) {
                Some(s) => Some(s),
                None => {
                    self.report(row, col, Some(&header), ProblemKind::BadUnit);
                    None
                }
            },
        }
    }

    fn put(&mut self, key: Key, from: String, to: String, area: f64, at: (usize, usize)) {
        let here = self.loc(at.0, at.1, None).cell_ref();
        let id = (key.clone(), from.clone(), to.clone());
        if let Some(first) = self.first.get(&id).cloned() {
            let header = self.sheet.cell(at.0, at.1).text();
            self.report(
                at.0,
                at.1,
                Some(&header),
                ProblemKind::DuplicateEntry { first },
            );
            return;
        }
        self.first.insert(id, here);
        let m = self
            .matrices
            .entry(key.clone())
            .or_insert_with(|| TransitionMatrix {
                county: key.0.clone(),
                from_year: key.1,
                to_year: key.2,
                ..Default::default()
            });
        m.set_cell(&from, &to, area);
    }

    fn long(&mut self, h: usize, cols: &[Option<Col>]) -> TablePreview {
        let at = |k: Col| cols.iter().position(|c| *c == Some(k));
        let header = |c: usize| self.sheet.cell(h, c).text();
        let previews: Vec<ColumnPreview> =
            (0..cols.len()).map(|c| self.column_preview(h, c)).collect();
        let Some(area_col) = at(Col::Area) else {
            let p = self.loc(h, 0, None).problem(ProblemKind::MissingColumn {
                role: super::ColumnRole::Value,
            });
            self.problems.push(p);
            return self.preview(h, previews, 0);
        };
        let scale = self.scale(h, area_col).unwrap_or(f64::NAN);
        let (fy, ty, fc, tc) = (
            at(Col::FromYear).unwrap_or(0),
            at(Col::ToYear).unwrap_or(0),
            at(Col::FromClass).unwrap_or(0),
            at(Col::ToClass).unwrap_or(0),
        );
        let mut rows = 0;
        for r in h + 1..self.sheet.rows.len() {
            if self.sheet.rows[r].iter().all(Cell::is_blank) {
                continue;
            }
            if let Some(n) = at(Col::Note) {
                let note = norm(&self.sheet.cell(r, n).text());
                if note.starts_with("示例") || note.starts_with("example") {
                    let p = Loc {
                        col: None,
                        header: None,
                        value: None,
                        ..self.loc(r, 0, None)
                    }
                    .problem(ProblemKind::ExampleRowSkipped);
                    self.problems.push(p);
                    continue;
                }
            }
            if is_total(&self.sheet.cell(r, fc).text()) {
                continue;
            }
            rows += 1;
            let county = match at(Col::County) {
                Some(c) => self.county(r, c, &header(c)),
                None => Some(String::new()),
            };
            let from_year = self.year(r, fy, &header(fy));
            let to_year = self.year(r, ty, &header(ty));
            let from = self.class(r, fc, &header(fc));
            let to = self.class(r, tc, &header(tc));
            let area = self.area(r, area_col, &header(area_col), scale);
            if let (Some(c), Some(a), Some(b), Some(f), Some(t), Some(v)) =
                (county, from_year, to_year, from, to, area)
                && scale.is_finite()
            {
                self.put((c, a, b), f, t, v, (r, area_col));
            }
        }
        self.preview(h, previews, rows)
    }

    /// The key rows above the corner: county code, from year, to year.
    fn wide_key(&mut self, corner: usize) -> Option<Key> {
        let (mut county, mut from, mut to) = (Some(String::new()), None, None);
        for r in 0..corner {
            let label = self.sheet.cell(r, 0).text();
            match col_of(&label) {
                Some(Col::County) => county = self.county(r, 1, &label),
                Some(Col::FromYear) => from = self.year(r, 1, &label),
                Some(Col::ToYear) => to = self.year(r, 1, &label),
                _ => {}
            }
        }
        if from.is_none() || to.is_none() {
            let p = self.loc(corner, 0, None).problem(ProblemKind::NotAYear);
            self.problems.push(p);
        }
        Some((county?, from?, to?))
    }

    fn wide(&mut self) -> TablePreview {
        let Some(h) = wide_corner(self.sheet, self.vocab) else {
            return self.preview(0, vec![], 0);
        };
        let key = self.wide_key(h);
        let width = self.sheet.width();
        let previews: Vec<ColumnPreview> = (0..width).map(|c| self.column_preview(h, c)).collect();
        let to: Vec<(usize, Option<String>)> = (1..width)
            .filter(|&c| {
                let t = self.sheet.cell(h, c).text();
                !t.is_empty() && !is_total(&t)
            })
            .map(|c| (c, None))
            .collect();
        let to: Vec<(usize, Option<String>)> = to
            .into_iter()
            .map(|(c, _)| {
                let header = self.sheet.cell(h, c).text();
                (c, self.class(h, c, &header))
            })
            .collect();
        let mut rows = 0;
        for r in h + 1..self.sheet.rows.len() {
            let label = self.sheet.cell(r, 0).text();
            if label.is_empty() || is_total(&label) {
                continue;
            }
            rows += 1;
            let corner = self.sheet.cell(h, 0).text();
            let from = self.class(r, 0, &corner);
            for (c, cls) in &to {
                let header = self.sheet.cell(h, *c).text();
                let area = self.area(r, *c, &header, 1.0);
                if let (Some(k), Some(f), Some(t), Some(v)) = (&key, &from, cls, area) {
                    self.put(k.clone(), f.clone(), t.clone(), v, (r, *c));
                }
            }
        }
        self.preview(h, previews, rows)
    }
}
