//! Reports of the accounts for readers who do not run the app.
//!
//! `html::write_report(project, accounts, registry, lang)` renders computed `Accounts` as one
//! self-contained HTML document (inline CSS and inline SVG charts, no scripts, no external
//! resources), print-friendly on A4. Reports only lay out the engine's numbers; they never
//! recompute accounting values.

pub mod html;
