//! What a reader sees, medium-free: the storey between the accounts and the three things that
//! show numbers (the desktop app, the report with its workbook, the CLI).
//!
//! Owns names in the display language (`labels`), memo items as rows (`memo`), the words of a
//! trace (`trace`), the table "GEP by ecosystem type" (`ecosystem`), the regional ESV
//! coefficients in words (`esv_adjust`), baseline vs scenarios (`scenarios`) and the chart model with every chart builder and the
//! file renderer (`chart`).
//! Nothing here computes an accounting number (that is the engine's), names a GUI toolkit or
//! writes a file format: the app draws these views on screen, the report and workbook lay them
//! out on paper.

pub mod chart;
pub mod decompose;
pub mod ecosystem;
pub mod esv_adjust;
pub mod labels;
pub mod map;
pub mod memo;
pub mod scenarios;
pub mod trace;
pub mod transitions;
pub mod uncertainty;
pub mod uncertainty_edit;

pub use labels::Labels;
