//! Reports of the accounts for readers who do not run the app.
//!
//! One content, two renderers: `chapters::build(project, accounts, registry, lang)` says what
//! the report contains as a format-neutral `doc::Doc` (chapters, tables, figures, notes);
//! `html` renders it as one self-contained HTML document (inline CSS and SVG, no scripts, no
//! external resources) and `pdf` (cargo feature `pdf`) as an A4 PDF with the bundled CJK font
//! embedded. Reports only lay out the engine's numbers; they never recompute accounting values.

pub mod chapters;
pub mod doc;
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
}
