//! Writing files so that nothing is ever half-written: every file the program saves goes
//! through here.
//!
//! `write_atomic` (derived outputs: JSON, CSV, workbooks, reports, maps, templates): a temp
//! file in the same folder, flushed and synced, given the permissions of the file it replaces,
//! renamed over the target. No backup and no sync of the folder: an output can be made again
//! (`write_atomic_with` writes a large one as it is made, through a buffer).
//! `write_with_backup` (the project file): the same, and the previous version becomes
//! `<name>.bak` by an atomic step (a hard link to a temp name, then a rename), so the `.bak`
//! is always whole, and the folder is synced after the rename. A symlink is kept (the file it
//! points to is replaced).
//! `FileLock`: an exclusive lock on the hidden sibling `.<name>.lock`, held by a project save
//! and by a whole load–change–save (an import), so a second writer waits for the first and
//! never overwrites its work unseen. `remove_stale_temps` cleans up after a killed save.
//! `same_file` lets commands refuse an output path that is one of their inputs.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long a writer waits for another process that holds the project's lock before it gives
/// up with a clear message (a save takes well under a second; an import a few seconds).
pub const LOCK_WAIT: Duration = Duration::from_secs(60);

/// Writes `bytes` to `path` atomically, without a backup (see the module doc).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_impl(path, &mut |w| w.write_all(bytes), false)
}

/// Writes what `write` writes to `path` atomically, without a backup: for large outputs made
/// as they are written (no copy of the whole file in memory; the writer is buffered).
pub fn write_atomic_with(
    path: &Path,
    write: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    write_impl(path, write, false)
}

/// Writes `bytes` to `path` atomically and keeps the previous version as `<name>.bak`.
pub fn write_with_backup(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_impl(path, &mut |w| w.write_all(bytes), true)
}

/// Buffer of the writer: large writes, few system calls.
const BUFFER: usize = 1 << 20;

fn write_impl(
    path: &Path,
    write: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
    backup: bool,
) -> std::io::Result<()> {
    let path = resolve_link(path);
    let path = path.as_path();
    let tmp = hidden_sibling(path, &format!("{}.tmp", unique()));
    let result = (|| {
        let mut w = std::io::BufWriter::with_capacity(BUFFER, fs::File::create(&tmp)?);
        write(&mut w)?;
        let f = w
            .into_inner()
            .map_err(std::io::IntoInnerError::into_error)?;
        // One sync, of the file's data: the rename below never exposes a half-written file.
        f.sync_all()?;
        drop(f);
        if let Ok(meta) = fs::metadata(path) {
            fs::set_permissions(&tmp, meta.permissions())?;
            if backup {
                keep_backup(path)?;
            }
        }
        fs::rename(&tmp, path)?;
        // The project's rename is made durable too; a derived output, if a crash loses the
        // rename, is simply the previous one (it can be made again).
        if backup {
            sync_dir(path);
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// An exclusive lock on a file's hidden `.<name>.lock` sibling, released when dropped.
#[derive(Debug)]
pub struct FileLock {
    _file: fs::File,
    target: PathBuf,
}

impl FileLock {
    /// Waits up to `wait` for the lock of `path` (the file a symlink points to); `Ok(None)`
    /// when another process still holds it after that.
    pub fn acquire(path: &Path, wait: Duration) -> std::io::Result<Option<FileLock>> {
        let target = resolve_link(path);
        let file = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(hidden_sibling(&target, "lock"))?;
        let start = Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => {
                    return Ok(Some(FileLock {
                        _file: file,
                        target,
                    }));
                }
                Err(fs::TryLockError::WouldBlock) if start.elapsed() < wait => {
                    std::thread::sleep(Duration::from_millis(50));
                }
                Err(fs::TryLockError::WouldBlock) => return Ok(None),
                Err(fs::TryLockError::Error(e)) => return Err(e),
            }
        }
    }

    /// The locked file (a symlink resolved).
    pub fn target(&self) -> &Path {
        &self.target
    }
}

/// Removes `.<name>.*.tmp` that a killed save of `path` left. Call it only while holding the
/// lock of `path`, so no other save of it is writing one.
pub fn remove_stale_temps(path: &Path) {
    for t in temps(path) {
        let _ = fs::remove_file(t);
    }
}

/// The `.<name>.*.tmp` files beside `path` (a save's temp files).
pub fn temps(path: &Path) -> Vec<PathBuf> {
    let (Some(dir), Some(name)) = (folder(path), path.file_name()) else {
        return vec![];
    };
    let prefix = format!(".{}.", name.to_string_lossy());
    let mut out = vec![];
    for e in fs::read_dir(dir).into_iter().flatten().flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        if n.starts_with(&prefix) && n.ends_with(".tmp") {
            out.push(e.path());
        }
    }
    out
}

/// True when `a` and `b` name the same existing file (through links, `..` or another
/// spelling). A path that does not exist yet is no existing file.
pub fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(x), Ok(y)) = (fs::metadata(a), fs::metadata(b)) {
            return x.dev() == y.dev() && x.ino() == y.ino();
        }
        false
    }
    #[cfg(not(unix))]
    {
        match (fs::canonicalize(a), fs::canonicalize(b)) {
            (Ok(x), Ok(y)) => x == y,
            _ => false,
        }
    }
}

/// "<pid>-<n>": no two writes of this process or another share a temp name.
fn unique() -> String {
    static N: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    format!("{}-{n}", std::process::id())
}

/// The file a symlink points to (the link itself stays); the path itself otherwise.
fn resolve_link(path: &Path) -> PathBuf {
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => fs::canonicalize(path).unwrap_or(path.into()),
        _ => path.to_path_buf(),
    }
}

/// `<name>.bak` beside `path`: the previous version a project save keeps.
pub fn backup_of(path: &Path) -> PathBuf {
    sibling(path, "bak")
}

/// `path` → `path.bak` atomically: a reader never sees a half-copied backup.
fn keep_backup(path: &Path) -> std::io::Result<()> {
    let staged = hidden_sibling(path, &format!("{}.bak.tmp", unique()));
    let _ = fs::remove_file(&staged);
    if fs::hard_link(path, &staged).is_err() {
        // File systems without hard links: copy, sync, then rename.
        fs::copy(path, &staged)?;
        fs::File::open(&staged)?.sync_all()?;
    }
    fs::rename(&staged, sibling(path, "bak"))
}

/// Syncs the folder so the rename itself survives a power cut (no-op where unsupported).
fn sync_dir(path: &Path) {
    #[cfg(unix)]
    if let Some(dir) = folder(path) {
        let _ = fs::File::open(dir).and_then(|d| d.sync_all());
    }
    #[cfg(not(unix))]
    let _ = path;
}

fn folder(path: &Path) -> Option<&Path> {
    match path.parent() {
        Some(p) if p.as_os_str().is_empty() => Some(Path::new(".")),
        other => other,
    }
}

fn sibling(path: &Path, ext: &str) -> PathBuf {
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".");
    name.push(ext);
    path.with_file_name(name)
}

/// `.<name>.<ext>` beside `path`: hidden, so a folder listing shows only the user's files.
fn hidden_sibling(path: &Path, ext: &str) -> PathBuf {
    let mut name = std::ffi::OsString::from(".");
    name.push(path.file_name().unwrap_or_default());
    name.push(".");
    name.push(ext);
    path.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_outputs_keep_no_backup() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let out = dir.path().join("a.json");
        write_atomic(&out, b"1")?;
        write_atomic(&out, b"2")?;
        assert_eq!(fs::read_to_string(&out)?, "2");
        let names: Vec<String> = fs::read_dir(dir.path())?
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["a.json"]);
        Ok(())
    }

    #[test]
    fn a_held_lock_makes_a_second_writer_wait_then_give_up()
    -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let p = dir.path().join("p.ron");
        let first = FileLock::acquire(&p, LOCK_WAIT)?;
        assert!(first.is_some());
        let t = Instant::now();
        assert!(FileLock::acquire(&p, Duration::from_millis(200))?.is_none());
        assert!(t.elapsed() >= Duration::from_millis(200));
        drop(first);
        assert!(FileLock::acquire(&p, Duration::ZERO)?.is_some());
        Ok(())
    }

    #[test]
    fn same_file_sees_through_spellings() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let p = dir.path().join("p.ron");
        fs::write(&p, "x")?;
        let other = dir.path().join("sub").join("..").join("p.ron");
        fs::create_dir(dir.path().join("sub"))?;
        assert!(same_file(&p, &other));
        assert!(!same_file(&p, &dir.path().join("q.ron")));
        Ok(())
    }
}
