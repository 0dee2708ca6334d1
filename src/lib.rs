//! gep-calc: Gross Ecosystem Product (GEP, 生态产品总值) accounting for Chinese counties.
//!
//! Data flows one way: `model` (what the user typed) → `engine` (pure computation, using the
//! `registry` catalogues) → `engine::Accounts` → views (the desktop app in `app`, the CLI,
//! exports). `validate` lists every problem of a project at once; `io` loads and saves project
//! files atomically; `divisions` is the bundled GB/T 2260 list of county-level units. `view` words the accounts for readers (names, chart models and their
//! SVG/PNG renderer) without any GUI crate; the desktop app (`app`) is behind the default
//! `gui` feature, so the library, the CLI and the reports also build without it.

#[cfg(feature = "gui")]
pub mod app;
pub mod boundaries;
pub mod cli;
pub mod divisions;
pub mod engine;
pub mod fonts;
pub mod format;
pub mod i18n;
pub mod io;
pub mod model;
pub mod registry;
pub mod report;
pub mod sample;
pub mod units;
pub mod validate;
pub mod view;
