//! Files: the project file (RON) with atomic save, backups and schema versions.
//! Importers and exporters are added beside it.

pub mod boundaries;
pub mod clipboard;
pub mod export;
pub mod import;
pub mod os_error;
pub mod project_file;

pub use os_error::{full_path, os_error};
pub use project_file::{ProjectFileError, load, load_str, save, to_ron_string};
