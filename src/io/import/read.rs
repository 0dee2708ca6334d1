//! Reading a file into sheets of cells.
//!
//! Owns format sniffing (ZIP → XLSX / XLSB / ODS, OLE → XLS, otherwise text → CSV), the size
//! limits (with `guard`'s container checks before calamine allocates, and `sandbox`'s child
//! process for spreadsheet files), and the conversion of calamine's cell types into [`Cell`]. XLSX sheets are streamed
//! cell by cell so a huge or sparse sheet is refused before it is held in memory. A panic
//! inside the spreadsheet parser is turned into [`ImportError::Unreadable`].

use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use calamine::{Data, DataRef, Ods, Range, Reader, Xls, Xlsb, Xlsx};
use serde::Serialize;

use super::text::{self, TextEncoding, TextTable};
use super::{ImportError, Limits};

/// The file formats read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum FileFormat {
    Xlsx,
    Xlsb,
    Xls,
    Ods,
    Csv {
        encoding: TextEncoding,
        delimiter: char,
    },
}

/// One cell value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Empty,
    Number(f64),
    Text(String),
    Bool(bool),
    /// An Excel error value such as `#DIV/0!`.
    Error(String),
}

impl Cell {
    pub(crate) fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text, as the user would see it (integers without a decimal point).
    pub(crate) fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Number(v) => format_number(*v),
            Cell::Text(s) => s.trim().to_string(),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Cell::Error(e) => e.clone(),
        }
    }
}

pub(crate) fn format_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        format!("{v}")
    }
}

/// A sheet as a dense block of rows; `first_row` / `first_col` (0-based) place it in the sheet.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Sheet {
    pub name: String,
    pub first_row: u32,
    pub first_col: u32,
    pub rows: Vec<Vec<Cell>>,
}

static EMPTY: Cell = Cell::Empty;

impl Sheet {
    pub(crate) fn cell(&self, row: usize, col: usize) -> &Cell {
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .unwrap_or(&EMPTY)
    }

    pub(crate) fn width(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }

    /// Excel row number (1-based) of block row `row`.
    pub(crate) fn excel_row(&self, row: usize) -> u32 {
        self.first_row + row as u32 + 1
    }

    /// Excel column number (1-based) of block column `col`.
    pub(crate) fn excel_col(&self, col: usize) -> u32 {
        self.first_col + col as u32 + 1
    }
}

/// Excel column letters of a 1-based column number (1 → A, 27 → AA).
pub(crate) fn column_letter(mut col: u32) -> String {
    let mut out = Vec::new();
    while col > 0 {
        let rem = (col - 1) % 26;
        out.push(char::from(b'A' + rem as u8));
        col = (col - 1) / 26;
    }
    out.iter().rev().collect()
}

/// Sheets read, plus the names of every sheet of the file.
#[derive(Debug, Clone)]
pub(crate) struct Workbook {
    pub format: FileFormat,
    pub sheet_names: Vec<String>,
    pub sheets: Vec<Sheet>,
    /// Hidden sheets that were not read (no sheet was named); reported, never imported
    /// silently.
    pub hidden: Vec<String>,
}

const OLE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Reads a file: a spreadsheet (ZIP or compound file) in a child process with memory and time
/// limits when the running program is gep-calc (`sandbox`), everything else here.
pub(crate) fn read_path(
    path: &Path,
    only: &[String],
    limits: Limits,
) -> Result<Workbook, ImportError> {
    let mut head = [0u8; 8];
    let n = std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
        .unwrap_or(0);
    let spreadsheet = head[..n].starts_with(b"PK\x03\x04") || head[..n] == OLE;
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    match super::sandbox::reader() {
        Some(exe) if spreadsheet && size <= limits.max_bytes => {
            super::sandbox::read_isolated(&exe, path, only, limits, size)
        }
        _ => read_path_here(path, only, limits),
    }
}

/// Reads a file in this process, refusing it before reading when it is larger than the limit.
pub(crate) fn read_path_here(
    path: &Path,
    only: &[String],
    limits: Limits,
) -> Result<Workbook, ImportError> {
    let name = path.display().to_string();
    let read_err = |cause| ImportError::Read {
        path: name.clone(),
        cause,
    };
    let size = std::fs::metadata(path).map_err(read_err)?.len();
    if size > limits.max_bytes {
        return Err(ImportError::FileTooLarge {
            name,
            size,
            limit: limits.max_bytes,
        });
    }
    let bytes = std::fs::read(path).map_err(read_err)?;
    let stem = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| name.clone());
    read_bytes(&stem, &bytes, only, limits)
}

/// Reads a file held in memory; `name` is its file name.
pub(crate) fn read_bytes(
    name: &str,
    bytes: &[u8],
    only: &[String],
    limits: Limits,
) -> Result<Workbook, ImportError> {
    if bytes.is_empty() {
        return Err(ImportError::EmptyFile { name: name.into() });
    }
    if bytes.len() as u64 > limits.max_bytes {
        return Err(ImportError::FileTooLarge {
            name: name.into(),
            size: bytes.len() as u64,
            limit: limits.max_bytes,
        });
    }
    if bytes.starts_with(b"PK\x03\x04") {
        super::guard::check_zip(name, bytes)?;
        guarded(name, || read_zip(name, bytes, only, limits))
    } else if bytes.starts_with(&OLE) {
        super::guard::check_cfb(name, bytes)?;
        guarded(name, || read_xls(name, bytes, only, limits))
    } else {
        read_csv(name, bytes, limits)
    }
}

/// Runs a spreadsheet parser, turning a panic inside it into an error.
fn guarded(
    name: &str,
    f: impl FnOnce() -> Result<Workbook, ImportError>,
) -> Result<Workbook, ImportError> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| {
        Err(ImportError::Unreadable {
            name: name.into(),
            detail: "parser failure".into(),
        })
    })
}

fn unreadable(name: &str, e: impl std::fmt::Display) -> ImportError {
    ImportError::Unreadable {
        name: name.into(),
        detail: e.to_string(),
    }
}

fn wanted(only: &[String], all: &[String], hidden: &[String]) -> Vec<String> {
    all.iter()
        .filter(|n| only.contains(n) || (only.is_empty() && !hidden.contains(n)))
        .cloned()
        .collect()
}

/// The hidden (and very hidden) sheets of a workbook that no `--sheet` names.
fn hidden_sheets(meta: &[calamine::Sheet], only: &[String]) -> Vec<String> {
    meta.iter()
        .filter(|s| s.visible != calamine::SheetVisible::Visible && !only.contains(&s.name))
        .map(|s| s.name.clone())
        .collect()
}

fn read_zip(
    name: &str,
    bytes: &[u8],
    only: &[String],
    limits: Limits,
) -> Result<Workbook, ImportError> {
    match Xlsx::new(Cursor::new(bytes)) {
        Ok(wb) => return read_xlsx(name, wb, only, limits),
        Err(calamine::XlsxError::Password) => {
            return Err(unreadable(name, "password-protected"));
        }
        Err(_) => {}
    }
    if let Ok(wb) = Xlsb::new(Cursor::new(bytes)) {
        return read_ranges(name, wb, FileFormat::Xlsb, only, limits);
    }
    match Ods::new(Cursor::new(bytes)) {
        Ok(wb) => read_ranges(name, wb, FileFormat::Ods, only, limits),
        Err(_) => Err(ImportError::NotASpreadsheet { name: name.into() }),
    }
}

fn read_xls(
    name: &str,
    bytes: &[u8],
    only: &[String],
    limits: Limits,
) -> Result<Workbook, ImportError> {
    let wb = Xls::new(Cursor::new(bytes)).map_err(|e| unreadable(name, e))?;
    read_ranges(name, wb, FileFormat::Xls, only, limits)
}

/// Formats that calamine loads whole (XLS, XLSB, ODS): convert their ranges under the cell budget.
fn read_ranges<RS, R>(
    name: &str,
    mut wb: R,
    format: FileFormat,
    only: &[String],
    limits: Limits,
) -> Result<Workbook, ImportError>
where
    RS: std::io::Read + std::io::Seek,
    R: Reader<RS>,
    R::Error: std::fmt::Display,
{
    let names = wb.sheet_names();
    let hidden = hidden_sheets(wb.sheets_metadata(), only);
    let mut budget = Budget::new(name, limits);
    let mut sheets = Vec::new();
    for n in wanted(only, &names, &hidden) {
        let range = wb.worksheet_range(&n).map_err(|e| unreadable(name, e))?;
        sheets.push(sheet_from_range(&n, &range, &mut budget)?);
    }
    Ok(Workbook {
        format,
        sheet_names: names,
        sheets,
        hidden,
    })
}

fn read_xlsx(
    name: &str,
    mut wb: Xlsx<Cursor<&[u8]>>,
    only: &[String],
    limits: Limits,
) -> Result<Workbook, ImportError> {
    let names = wb.sheet_names();
    let hidden = hidden_sheets(wb.sheets_metadata(), only);
    let mut budget = Budget::new(name, limits);
    let mut sheets = Vec::new();
    for n in wanted(only, &names, &hidden) {
        let mut cells = Vec::new();
        let mut reader = wb
            .worksheet_cells_reader(&n)
            .map_err(|e| unreadable(name, e))?;
        while let Some(c) = reader.next_cell().map_err(|e| unreadable(name, e))? {
            let value = cell_from_ref(c.get_value());
            if value.is_blank() {
                continue;
            }
            budget.take(1)?;
            let (r, col) = c.get_position();
            cells.push((r, col, value));
        }
        drop(reader);
        budget.give_back(cells.len());
        sheets.push(sheet_from_cells(&n, cells, &mut budget)?);
    }
    Ok(Workbook {
        format: FileFormat::Xlsx,
        sheet_names: names,
        sheets,
        hidden,
    })
}

fn read_csv(name: &str, bytes: &[u8], limits: Limits) -> Result<Workbook, ImportError> {
    let Some((content, encoding)) = text::decode(bytes) else {
        return Err(ImportError::NotASpreadsheet { name: name.into() });
    };
    let TextTable { delimiter, rows } =
        text::parse(&content, limits.max_cells).map_err(|_| ImportError::TooManyCells {
            name: name.into(),
            limit: limits.max_cells,
        })?;
    let stem = Path::new(name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| name.to_string());
    let rows = rows
        .into_iter()
        .map(|r| r.into_iter().map(text_cell).collect())
        .collect();
    Ok(Workbook {
        format: FileFormat::Csv {
            encoding,
            delimiter: char::from(delimiter),
        },
        sheet_names: vec![stem.clone()],
        sheets: vec![Sheet {
            name: stem,
            first_row: 0,
            first_col: 0,
            rows,
        }],
        hidden: Vec::new(),
    })
}

fn text_cell(s: String) -> Cell {
    if s.trim().is_empty() {
        Cell::Empty
    } else {
        Cell::Text(s)
    }
}

/// Counts cells against the limit across the sheets of one file.
struct Budget {
    name: String,
    left: usize,
    limit: usize,
}

impl Budget {
    fn new(name: &str, limits: Limits) -> Budget {
        Budget {
            name: name.into(),
            left: limits.max_cells,
            limit: limits.max_cells,
        }
    }

    fn take(&mut self, n: usize) -> Result<(), ImportError> {
        if n > self.left {
            return Err(ImportError::TooManyCells {
                name: self.name.clone(),
                limit: self.limit,
            });
        }
        self.left -= n;
        Ok(())
    }

    fn give_back(&mut self, n: usize) {
        self.left += n;
    }
}

/// Builds a dense sheet from sparse non-blank cells, charging its used range to the budget.
fn sheet_from_cells(
    name: &str,
    cells: Vec<(u32, u32, Cell)>,
    budget: &mut Budget,
) -> Result<Sheet, ImportError> {
    let Some(r0) = cells.iter().map(|c| c.0).min() else {
        return Ok(Sheet {
            name: name.into(),
            first_row: 0,
            first_col: 0,
            rows: Vec::new(),
        });
    };
    let r1 = cells.iter().map(|c| c.0).max().unwrap_or(r0);
    let c0 = cells.iter().map(|c| c.1).min().unwrap_or(0);
    let c1 = cells.iter().map(|c| c.1).max().unwrap_or(c0);
    let (h, w) = ((r1 - r0) as usize + 1, (c1 - c0) as usize + 1);
    budget.take(h.saturating_mul(w))?;
    let mut rows = vec![vec![Cell::Empty; w]; h];
    for (r, c, v) in cells {
        rows[(r - r0) as usize][(c - c0) as usize] = v;
    }
    Ok(Sheet {
        name: name.into(),
        first_row: r0,
        first_col: c0,
        rows,
    })
}

fn sheet_from_range(
    name: &str,
    range: &Range<Data>,
    budget: &mut Budget,
) -> Result<Sheet, ImportError> {
    let (h, w) = range.get_size();
    budget.take(h.saturating_mul(w))?;
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let rows = range
        .rows()
        .map(|r| r.iter().map(cell_from_data).collect())
        .collect();
    Ok(Sheet {
        name: name.into(),
        first_row,
        first_col,
        rows,
    })
}

fn cell_from_data(d: &Data) -> Cell {
    match d {
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) => text_cell(s.clone()),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => Cell::Text(dt.to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(e.to_string()),
        Data::Empty => Cell::Empty,
    }
}

fn cell_from_ref(d: &DataRef<'_>) -> Cell {
    match d {
        DataRef::Int(i) => Cell::Number(*i as f64),
        DataRef::Float(f) => Cell::Number(*f),
        DataRef::String(s) => text_cell(s.clone()),
        DataRef::SharedString(s) => text_cell((*s).to_string()),
        DataRef::Bool(b) => Cell::Bool(*b),
        DataRef::DateTime(dt) => Cell::Text(dt.to_string()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Cell::Text(s.clone()),
        DataRef::Error(e) => Cell::Error(e.to_string()),
        DataRef::Empty => Cell::Empty,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(1), "A");
        assert_eq!(column_letter(26), "Z");
        assert_eq!(column_letter(27), "AA");
        assert_eq!(column_letter(703), "AAA");
    }

    #[test]
    fn sniffing_refuses_empty_binary_and_oversized_input() {
        let l = Limits::default();
        assert!(matches!(
            read_bytes("a.csv", b"", &[], l),
            Err(ImportError::EmptyFile { .. })
        ));
        let png = [0x89, b'P', b'N', b'G', 0, 0, 0, 0x0d, 1, 2, 3];
        assert!(matches!(
            read_bytes("a.png", &png, &[], l),
            Err(ImportError::NotASpreadsheet { .. })
        ));
        let small = Limits {
            max_bytes: 4,
            max_cells: 10,
        };
        assert!(matches!(
            read_bytes("a.csv", b"a,b,c\n", &[], small),
            Err(ImportError::FileTooLarge { size: 6, .. })
        ));
        assert!(matches!(
            read_bytes("a.zip", b"PK\x03\x04garbage", &[], l),
            Err(ImportError::NotASpreadsheet { .. })
        ));
    }

    #[test]
    fn sparse_cells_become_a_dense_block_with_its_origin() {
        let mut b = Budget::new("x", Limits::default());
        let s = sheet_from_cells(
            "S",
            vec![(2, 1, Cell::Number(1.0)), (3, 3, Cell::Text("x".into()))],
            &mut b,
        );
        let Ok(s) = s else { panic!("sheet") };
        assert_eq!(
            (s.first_row, s.first_col, s.rows.len(), s.width()),
            (2, 1, 2, 3)
        );
        assert_eq!(s.excel_row(1), 4);
        assert_eq!(s.excel_col(2), 4);
        assert_eq!(s.cell(1, 2), &Cell::Text("x".into()));
        let mut tiny = Budget::new(
            "x",
            Limits {
                max_bytes: 1,
                max_cells: 3,
            },
        );
        let far = sheet_from_cells(
            "S",
            vec![(0, 0, Cell::Number(1.0)), (1000, 1000, Cell::Number(1.0))],
            &mut tiny,
        );
        assert!(matches!(far, Err(ImportError::TooManyCells { .. })));
    }
}
