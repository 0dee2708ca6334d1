//! The report as a format-neutral document: what the report says, not how it looks.
//!
//! `chapters` builds a `Doc` from the accounts; `html` and `pdf` render it. The model holds
//! finished, display-ready text (numbers already formatted, labels already in the report's
//! language) and no markup of any output format: renderers escape every string themselves.
//! It must not compute accounting values and must not know about HTML or typst.

use crate::i18n::Lang;

/// A whole report.
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    pub lang: Lang,
    /// Report title ("生态产品总值（GEP）核算报告").
    pub title: String,
    /// What the report is about (the project name), shown beside the title.
    pub subject: String,
    pub sections: Vec<Section>,
}

/// One part of the report, starting on a new page.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// Stable anchor id ("overview", "appendix-params").
    pub id: String,
    pub kind: SectionKind,
    /// The heading as printed, numbering included ("一、总则", "1 General provisions",
    /// "附表 1 参数表"); `chapters::build` adds the number to what a chapter returns.
    pub heading: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionKind {
    /// The title page: `heading` is the report title; not in the table of contents.
    Cover,
    /// A numbered chapter (一、二、… / 1 2 …).
    Chapter,
    /// A lettered appendix (附录 A / Appendix A.).
    Appendix,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A section heading inside a chapter, numbered by `chapters::build` （一）（二）… / 1.1
    /// 1.2 …; unnumbered in an appendix.
    Heading(String),
    /// A sub-section heading under a `Heading`, numbered 1. 2. … / 1.1.1 1.1.2 …; unnumbered
    /// in an appendix.
    Subheading(String),
    /// A paragraph of running text.
    Para(String),
    /// A remark set apart from the text: `Info` is a small grey note, `Warning` a framed notice.
    Note(NoteKind, String),
    /// A bulleted list.
    List(Vec<String>),
    /// Label–value pairs (the cover's project facts).
    KeyValues(Vec<(String, String)>),
    /// The caption of the table that follows, numbering included ("表 2-1 …", per chapter);
    /// `chapters::build` numbers it. Kept with its table.
    TableCaption(String),
    Table(Table),
    Figure(Figure),
    /// One calculation trace: heading, formula and a table of its steps, kept together.
    Trace(Trace),
    /// A displayed formula with its symbols explained.
    Formula(Formula),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteKind {
    Info,
    Warning,
}

/// A table with one header row.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    /// How many leading columns label the rows (indicator, unit, county…). A renderer that must
    /// split a table too wide for its page repeats these in every part.
    pub stub: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub header: String,
    pub align: Align,
    /// Keep the cells of this column on one line (short labels such as a category).
    pub nowrap: bool,
}

impl Column {
    /// A left-aligned text column.
    pub fn text(header: impl Into<String>) -> Self {
        Column {
            header: header.into(),
            align: Align::Left,
            nowrap: false,
        }
    }

    /// A right-aligned number column.
    pub fn number(header: impl Into<String>) -> Self {
        Column {
            header: header.into(),
            align: Align::Right,
            nowrap: true,
        }
    }

    /// A left-aligned column kept on one line.
    pub fn nowrap(header: impl Into<String>) -> Self {
        Column {
            header: header.into(),
            align: Align::Left,
            nowrap: true,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub style: RowStyle,
    pub cells: Vec<Cell>,
}

impl Row {
    pub fn new(style: RowStyle, cells: impl IntoIterator<Item = impl Into<Cell>>) -> Self {
        Row {
            style,
            cells: cells.into_iter().map(Into::into).collect(),
        }
    }

    /// A row of normal style.
    pub fn plain(cells: impl IntoIterator<Item = impl Into<Cell>>) -> Self {
        Row::new(RowStyle::Normal, cells)
    }
}

/// How a row stands out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowStyle {
    Normal,
    /// A category subtotal.
    Subtotal,
    /// A grand total (GEP, region).
    Total,
    /// A memo item outside the framework, not in GEP.
    Memo,
    /// A row that uses an unverified (U) value.
    Unverified,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cell {
    pub text: String,
    /// Emphasise this cell as a warning (an unverified tag).
    pub warn: bool,
}

impl Cell {
    pub fn warn(text: impl Into<String>) -> Self {
        Cell {
            text: text.into(),
            warn: true,
        }
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Self {
        Cell { text, warn: false }
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Self {
        Cell::from(text.to_string())
    }
}

/// A chart. `svg` is a complete SVG document (with its XML namespace) whose text uses the font
/// family "Noto Sans CJK SC"; `width` × `height` is its size in pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub svg: String,
    pub width: u32,
    pub height: u32,
    /// The caption as printed, numbering included ("图 2-1 …", per chapter); `chapters::build`
    /// numbers it.
    pub caption: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Trace {
    pub title: String,
    pub formula: String,
    pub steps: Table,
}

/// A formula: `math` is typst math source (fixed text of the engine's formula descriptions,
/// never user text) for typeset output; `text` the same formula in plain linear form for
/// outputs without math typesetting (HTML, DOCX); each symbol with its meaning and unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Formula {
    pub math: String,
    pub text: String,
    pub symbols: Vec<Symbol>,
}

/// One symbol of a formula: as typst math, as plain text, and what it means (with its unit).
#[derive(Debug, Clone, PartialEq)]
pub struct Symbol {
    pub math: String,
    pub text: String,
    pub meaning: String,
}

/// Where a piece of a linear formula sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    Base,
    Sub,
    Super,
}

/// A linear formula ("V = Σ_j Q_j × P_j", "s_(i f)", "10^6") cut into base text and sub- and
/// superscripts, for outputs that set them as text (HTML, DOCX) rather than typeset math: a
/// script is the parenthesised group or the run of ASCII letters, digits and commas after
/// `_` or `^`; a `_` or `^` with neither stays as it is.
pub fn scripts(text: &str) -> Vec<(Script, String)> {
    let mut out: Vec<(Script, String)> = Vec::new();
    let push = |out: &mut Vec<(Script, String)>, k: Script, s: &str| match out.last_mut() {
        Some((last, t)) if *last == k => t.push_str(s),
        _ => out.push((k, s.to_string())),
    };
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let kind = match c {
            '_' => Script::Sub,
            '^' => Script::Super,
            _ => Script::Base,
        };
        if kind != Script::Base {
            let (token, next) = if chars.get(i + 1) == Some(&'(') {
                match chars[i + 2..].iter().position(|c| *c == ')') {
                    Some(n) => (chars[i + 2..i + 2 + n].iter().collect(), i + 3 + n),
                    None => (String::new(), i + 1),
                }
            } else {
                let n = chars[i + 1..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphanumeric() || **c == ',')
                    .count();
                // A comma ending the run is punctuation, not part of the script.
                let n = if n > 0 && chars[i + n] == ',' {
                    n - 1
                } else {
                    n
                };
                (chars[i + 1..i + 1 + n].iter().collect(), i + 1 + n)
            };
            if !token.is_empty() {
                push(&mut out, kind, &token);
                i = next;
                continue;
            }
        }
        push(&mut out, Script::Base, &c.to_string());
        i += 1;
    }
    out
}

impl Doc {
    /// Every block of every section, in order.
    pub fn blocks(&self) -> impl Iterator<Item = &Block> {
        self.sections.iter().flat_map(|s| &s.blocks)
    }

    /// The section with anchor `id`.
    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }
}

impl Section {
    /// A section of `kind` whose heading `chapters::build` will number.
    pub fn new(id: &str, kind: SectionKind, heading: impl Into<String>) -> Self {
        Section {
            id: id.to_string(),
            kind,
            heading: heading.into(),
            blocks: Vec::new(),
        }
    }

    pub fn push(&mut self, b: Block) {
        self.blocks.push(b);
    }

    /// A table with its caption (numbered by `chapters::build`).
    pub fn table(&mut self, caption: impl Into<String>, t: Table) {
        self.blocks.push(Block::TableCaption(caption.into()));
        self.blocks.push(Block::Table(t));
    }

    /// Every table of the section, traces' step tables included.
    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Table(t) => Some(t),
            Block::Trace(t) => Some(&t.steps),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{Script, scripts};

    fn show(text: &str) -> String {
        scripts(text)
            .into_iter()
            .map(|(k, s)| match k {
                Script::Base => s,
                Script::Sub => format!("[{s}]"),
                Script::Super => format!("{{{s}}}"),
            })
            .collect()
    }

    #[test]
    fn linear_formulas_become_sub_and_superscripts() {
        assert_eq!(show("V = Σ_j Q_j × P_j"), "V = Σ[j] Q[j] × P[j]");
        assert_eq!(
            show("F_i = F × Σ_f w_f × s_if / Σ_j s_jf"),
            "F[i] = F × Σ[f] w[f] × s[if] / Σ[j] s[jf]"
        );
        assert_eq!(show("V_nm,i − V_nm × w_i"), "V[nm,i] − V[nm] × w[i]");
        assert_eq!(show("s_(i f)·10^6"), "s[i f]·10{6}");
        assert_eq!(show("S_i, C_i"), "S[i], C[i]");
        // Nothing to lower: the underscore stays.
        assert_eq!(show("Σ_投资 P"), "Σ_投资 P");
    }
}
