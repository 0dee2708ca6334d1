//! Files: the project file (RON) with atomic save, backups and schema versions (`project_file`,
//! `ron_text`), the atomic writer every saved file goes through (`atomic`), importers and
//! exporters.

pub mod atomic;
pub mod boundaries;
pub mod clipboard;
pub mod csv_safe;
pub mod export;
pub mod import;
pub mod os_error;
pub mod project_file;
pub mod ron_text;

pub use os_error::{full_path, os_error};
pub use project_file::{
    ProjectFileError, ProjectLock, load, load_bytes, load_str, save, to_ron_string,
};
