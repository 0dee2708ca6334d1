//! Recovery that loses seconds, not minutes: unsaved work is written to the recovery file about
//! [`QUIET`] after the last edit, by a background thread (the project is cloned on the UI
//! thread and serialised and written off it), with a `recovery.path` beside it naming the
//! project file the work belongs to, so a restored project stays linked to its file (Ctrl+S
//! saves there instead of asking where).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use super::state::AppState;
use crate::model::Project;

/// How long after the last edit the work is written.
pub const QUIET: Duration = Duration::from_secs(2);

/// The file beside the recovery file that names the project's own file.
pub fn link_path(recovery: &Path) -> PathBuf {
    recovery.with_extension("path")
}

/// Writes `project` (and the file it belongs to) as the recovery file `rp`.
pub fn write(rp: &Path, project: &Project, linked: Option<&Path>) {
    let Ok(text) = crate::io::to_ron_string(project) else {
        return;
    };
    if let Some(dir) = rp.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let link = link_path(rp);
    let result = match linked {
        Some(p) => {
            let full = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
            crate::io::atomic::write_atomic(&link, full.to_string_lossy().as_bytes())
        }
        None => std::fs::remove_file(&link).or(Ok(())),
    }
    .and_then(|()| crate::io::atomic::write_atomic(rp, text.as_bytes()));
    if let Err(e) = result {
        log::warn!("autosave failed: {e}");
    }
}

/// The recovered project and the file it belongs to (if it had one).
pub fn read(rp: &Path) -> Result<(Project, Option<PathBuf>), crate::io::ProjectFileError> {
    let project = crate::io::load(rp)?;
    let linked = std::fs::read_to_string(link_path(rp))
        .ok()
        .map(|s| PathBuf::from(s.trim()))
        .filter(|p| !p.as_os_str().is_empty());
    Ok((project, linked))
}

/// Writes the recovery file in the background once edits have paused.
#[derive(Default)]
pub struct Autosaver {
    /// The revision last written (or being written).
    written: Option<u64>,
    busy: Arc<AtomicBool>,
}

impl Autosaver {
    /// Called every frame: starts a write when the project has unsaved changes that are
    /// [`QUIET`] old and not yet written; otherwise says when to look again.
    pub fn tick(&mut self, state: &AppState) -> Option<Duration> {
        let rp = state.recovery_path.clone()?;
        if !state.dirty || self.written == Some(state.revision) {
            return None;
        }
        let since = state.since_last_change();
        if since < QUIET {
            return Some(QUIET - since);
        }
        if self.busy.swap(true, Ordering::AcqRel) {
            return Some(Duration::from_millis(200));
        }
        self.written = Some(state.revision);
        let project = state.stored().clone();
        let linked = state.path.clone();
        let busy = self.busy.clone();
        std::thread::spawn(move || {
            write(&rp, &project, linked.as_deref());
            busy.store(false, Ordering::Release);
        });
        None
    }

    /// Whether a write is running (tests wait for it).
    pub fn busy(&self) -> bool {
        self.busy.load(Ordering::Acquire)
    }
}
