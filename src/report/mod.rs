//! Reports of the accounts for readers who do not run the app.
//!
//! One content, two renderers: `chapters::build(project, accounts, registry, lang)` says what
//! the report contains as a format-neutral `doc::Doc` (chapters, tables, figures, notes);
//! `html` renders it as one self-contained HTML document (inline CSS and SVG, no scripts, no
//! external resources). Reports only lay out the engine's numbers; they never recompute accounting values.

pub mod chapters;
pub mod doc;
pub mod html;
