//! Reports of the accounts for readers who do not run the app.
//!
//! One content, three renderers: `chapters::build(project, accounts, registry, lang)` says what
//! the report contains as a format-neutral `doc::Doc` (chapters, tables, figures, notes);
//! `html` renders it as one self-contained HTML document (inline CSS and SVG, no scripts, no
//! external resources), `pdf` (cargo feature `pdf`) as an A4 PDF with the bundled CJK font
//! embedded and `docx` as an editable Word document. The paged formats share `budget` (what a
//! very large report leaves to the workbook) and `glyphs` (system fonts for characters the
//! bundled font lacks, and the notice for any no font has). Reports only lay out the engine's numbers; they never recompute accounting values.

pub mod budget;
pub mod chapters;
pub mod doc;
pub mod docx;
pub mod glyphs;
pub mod html;
pub mod pdf;
pub mod workbook;

/// Why a report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// This build was made without the cargo feature `pdf`.
    #[error(
        "此版本未包含 PDF 报告功能 / PDF reports are not built into this build of gep-calc (cargo feature `pdf`)"
    )]
    PdfNotBuilt,
    #[error("PDF report: {0}")]
    Pdf(String),
    #[error("Word 报告 / Word report: {0}")]
    Docx(String),
}
