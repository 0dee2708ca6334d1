//! Reading untrusted spreadsheets in a child process, so that nothing in a file can take the
//! program down: calamine aborts the process when an allocation fails (a damaged `.xls` asks
//! for 17 GB) and loops for ever on some damaged `.ods` files; neither can be caught inside
//! the process.
//!
//! The parent ([`read_isolated`]) runs the program itself (`gep-calc __read-sheets FILE …`) with
//! an address-space limit ([`CHILD_MEMORY`], `setrlimit` on Unix) and a time limit
//! ([`time_limit`]); the child ([`serve`]) reads the file with the in-process reader and writes
//! the sheets to its stdout in a small binary form (numbers bit for bit), or the reader's error.
//! An abort, a panic or a kill becomes [`ImportError::ReaderStopped`] / [`ImportError::TimedOut`]
//! here, with no panic text. The child is used when the running program is the gep-calc
//! binary (the CLI and the app: its `main` calls [`serve_from_this_program`], so a renamed
//! `GEP核算.exe` still reads in a child); library callers (tests) read in process, behind
//! `guard`'s checks. `GEP_CALC_SHEET_READER` names another reader binary, or `in-process` to
//! switch it off.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::read::{Cell, FileFormat, Sheet, Workbook};
use super::{ImportError, Limits};

/// The hidden subcommand the child runs.
pub const SUBCOMMAND: &str = "__read-sheets";
/// Address space of the child: 1.5 GiB (the 2,850-county template needs about 0.35 GiB).
pub const CHILD_MEMORY: u64 = 1536 * 1024 * 1024;
/// Exit code of a child that reports a reader error on its stdout.
const EXIT_ERROR: u8 = 3;
const MAGIC: &[u8] = b"GEPSHEETS1\n";

/// Time allowed for a file of `bytes`: 6 s, plus 8 s per MiB (a 50 MiB file: 406 s). A damaged
/// file the parser loops on is small (1 KB: stopped after 6 s); a valid large file must never be
/// stopped as damaged on a slow or busy PC: the 5 MiB 2,850-county template is read in about
/// 3 s by a debug build, but took more than the earlier 2 s per MiB (14 s) on two busy cores.
pub fn time_limit(bytes: u64) -> Duration {
    Duration::from_secs(6 + 8 * (bytes / (1024 * 1024)))
}

/// Set by the gep-calc binary: the running program serves [`SUBCOMMAND`].
static THIS_PROGRAM_SERVES: std::sync::atomic::AtomicBool =
    std::sync::atomic::AtomicBool::new(false);

/// Says that the running program is the gep-calc binary (it answers [`SUBCOMMAND`]), whatever
/// its file name; called first thing by the command line's `main`.
pub fn serve_from_this_program() {
    THIS_PROGRAM_SERVES.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// The reader binary: `GEP_CALC_SHEET_READER`, else the running program when it is the gep-calc
/// binary.
pub fn reader() -> Option<PathBuf> {
    match std::env::var_os("GEP_CALC_SHEET_READER") {
        Some(v) if v == "in-process" => None,
        Some(v) => Some(PathBuf::from(v)),
        None if THIS_PROGRAM_SERVES.load(std::sync::atomic::Ordering::Relaxed) => {
            std::env::current_exe().ok()
        }
        None => None,
    }
}

/// Reads `path` in a child process running `exe` (see the module doc).
pub(crate) fn read_isolated(
    exe: &Path,
    path: &Path,
    only: &[String],
    limits: Limits,
    size: u64,
) -> Result<Workbook, ImportError> {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into(),
    );
    let stopped = || ImportError::ReaderStopped {
        name: name.clone(),
        mib: CHILD_MEMORY >> 20,
    };
    let mut cmd = Command::new(exe);
    cmd.arg(SUBCOMMAND)
        .arg(path)
        .args(["--max-bytes", &limits.max_bytes.to_string()])
        .args(["--max-cells", &limits.max_cells.to_string()]);
    for s in only {
        cmd.args(["--sheet", s]);
    }
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .env("GEP_CALC_SHEET_READER", "in-process");
    limit_memory(&mut cmd);
    let mut child = cmd.spawn().map_err(|cause| ImportError::Read {
        path: exe.display().to_string(),
        cause,
    })?;
    let mut out = child.stdout.take().ok_or_else(stopped)?;
    let collector = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = out.read_to_end(&mut buf);
        buf
    });
    let limit = time_limit(size);
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break s,
            Ok(None) if start.elapsed() < limit => std::thread::sleep(Duration::from_millis(20)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(ImportError::TimedOut {
                    name,
                    secs: limit.as_secs(),
                });
            }
        }
    };
    let bytes = collector.join().unwrap_or_default();
    match status.code() {
        Some(0) => decode(&bytes).ok_or_else(stopped),
        Some(c) if c == EXIT_ERROR as i32 => Err(serde_json::from_slice::<WireError>(&bytes)
            .map_or_else(|_| stopped(), |w| w.into_error(&name))),
        _ => Err(stopped()),
    }
}

#[cfg(unix)]
fn limit_memory(cmd: &mut Command) {
    use std::os::unix::process::CommandExt;
    // SAFETY: getrlimit and setrlimit are async-signal-safe; nothing else runs between fork
    // and exec.
    unsafe {
        cmd.pre_exec(|| {
            let mut now = libc::rlimit {
                rlim_cur: 0,
                rlim_max: 0,
            };
            if libc::getrlimit(libc::RLIMIT_AS, &mut now) != 0 {
                return Ok(());
            }
            let want = (CHILD_MEMORY as libc::rlim_t).min(now.rlim_max);
            let lim = libc::rlimit {
                rlim_cur: want.min(now.rlim_cur),
                rlim_max: now.rlim_max,
            };
            libc::setrlimit(libc::RLIMIT_AS, &lim);
            Ok(())
        });
    }
}

#[cfg(not(unix))]
fn limit_memory(_cmd: &mut Command) {}

/// The child: reads `path` in process and writes the sheets (exit 0) or the error (exit 3) to
/// stdout. Panics are silent (the parent words the failure).
pub fn serve(path: &Path, only: &[String], limits: Limits) -> ExitCode {
    std::panic::set_hook(Box::new(|_| {}));
    let (bytes, code) = match super::read::read_path_here(path, only, limits) {
        Ok(wb) => (encode(&wb), ExitCode::SUCCESS),
        Err(e) => (
            serde_json::to_vec(&WireError::from(&e)).unwrap_or_default(),
            ExitCode::from(EXIT_ERROR),
        ),
    };
    let mut out = std::io::stdout().lock();
    if out.write_all(&bytes).and_then(|()| out.flush()).is_err() {
        return ExitCode::from(EXIT_ERROR);
    }
    code
}

/// The reader's errors as they cross the process boundary.
#[derive(Debug, Serialize, Deserialize)]
enum WireError {
    Empty,
    TooLarge {
        size: u64,
        limit: u64,
    },
    TooManyCells {
        limit: usize,
    },
    NotASpreadsheet,
    Unreadable {
        detail: String,
    },
    Truncated,
    Damaged {
        part: String,
    },
    Inflates {
        entry: String,
        size: u64,
        limit: u64,
    },
}

impl From<&ImportError> for WireError {
    fn from(e: &ImportError) -> WireError {
        match e {
            ImportError::EmptyFile { .. } => WireError::Empty,
            ImportError::FileTooLarge { size, limit, .. } => WireError::TooLarge {
                size: *size,
                limit: *limit,
            },
            ImportError::TooManyCells { limit, .. } => WireError::TooManyCells { limit: *limit },
            ImportError::NotASpreadsheet { .. } => WireError::NotASpreadsheet,
            ImportError::Truncated { .. } => WireError::Truncated,
            ImportError::Damaged { part, .. } => WireError::Damaged {
                part: part.to_string(),
            },
            ImportError::TooLargeInside {
                entry, size, limit, ..
            } => WireError::Inflates {
                entry: entry.clone(),
                size: *size,
                limit: *limit,
            },
            other => WireError::Unreadable {
                detail: other.to_string(),
            },
        }
    }
}

impl WireError {
    fn into_error(self, name: &str) -> ImportError {
        let name = name.to_string();
        match self {
            WireError::Empty => ImportError::EmptyFile { name },
            WireError::TooLarge { size, limit } => ImportError::FileTooLarge { name, size, limit },
            WireError::TooManyCells { limit } => ImportError::TooManyCells { name, limit },
            WireError::NotASpreadsheet => ImportError::NotASpreadsheet { name },
            WireError::Unreadable { detail } => ImportError::Unreadable { name, detail },
            WireError::Truncated => ImportError::Truncated { name },
            WireError::Damaged { part } => ImportError::Damaged {
                name,
                part: super::guard::part_key(&part),
            },
            WireError::Inflates { entry, size, limit } => ImportError::TooLargeInside {
                name,
                entry,
                size,
                limit,
            },
        }
    }
}

fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_u32(out, s.len() as u32);
    out.extend_from_slice(s.as_bytes());
}

/// The workbook in the child's binary form.
fn encode(wb: &Workbook) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    out.push(match wb.format {
        FileFormat::Xlsx => 0,
        FileFormat::Xlsb => 1,
        FileFormat::Xls => 2,
        FileFormat::Ods => 3,
        // Text files are read in process; never sent.
        FileFormat::Csv { .. } => 255,
    });
    put_u32(&mut out, wb.sheet_names.len() as u32);
    for n in &wb.sheet_names {
        put_str(&mut out, n);
    }
    put_u32(&mut out, wb.hidden.len() as u32);
    for n in &wb.hidden {
        put_str(&mut out, n);
    }
    put_u32(&mut out, wb.sheets.len() as u32);
    for s in &wb.sheets {
        put_str(&mut out, &s.name);
        put_u32(&mut out, s.first_row);
        put_u32(&mut out, s.first_col);
        put_u32(&mut out, s.rows.len() as u32);
        for r in &s.rows {
            put_u32(&mut out, r.len() as u32);
            for c in r {
                match c {
                    Cell::Empty => out.push(0),
                    Cell::Number(v) => {
                        out.push(1);
                        out.extend_from_slice(&v.to_bits().to_le_bytes());
                    }
                    Cell::Text(t) => {
                        out.push(2);
                        put_str(&mut out, t);
                    }
                    Cell::Bool(b) => out.extend_from_slice(&[3, u8::from(*b)]),
                    Cell::Error(e) => {
                        out.push(4);
                        put_str(&mut out, e);
                    }
                }
            }
        }
    }
    out
}

/// A cursor over the binary form; every read is bounds-checked.
struct Input<'a>(&'a [u8]);

impl Input<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        if n > self.0.len() {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }
    fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }
    fn u32(&mut self) -> Option<u32> {
        let b = self.take(4)?;
        Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    /// A count of items of at least `min` bytes each: never more than the bytes left allow.
    fn count(&mut self, min: usize) -> Option<usize> {
        let n = self.u32()? as usize;
        (n.saturating_mul(min) <= self.0.len()).then_some(n)
    }
    fn str(&mut self) -> Option<String> {
        let n = self.u32()? as usize;
        String::from_utf8(self.take(n)?.to_vec()).ok()
    }
}

fn decode(bytes: &[u8]) -> Option<Workbook> {
    let mut i = Input(bytes.strip_prefix(MAGIC)?);
    let format = match i.u8()? {
        0 => FileFormat::Xlsx,
        1 => FileFormat::Xlsb,
        2 => FileFormat::Xls,
        3 => FileFormat::Ods,
        _ => return None,
    };
    let sheet_names = (0..i.count(4)?)
        .map(|_| i.str())
        .collect::<Option<Vec<_>>>()?;
    let hidden = (0..i.count(4)?)
        .map(|_| i.str())
        .collect::<Option<Vec<_>>>()?;
    let n = i.count(16)?;
    let mut sheets = Vec::with_capacity(n.min(1024));
    for _ in 0..n {
        let name = i.str()?;
        let (first_row, first_col) = (i.u32()?, i.u32()?);
        let nrows = i.count(4)?;
        let mut rows = Vec::with_capacity(nrows);
        for _ in 0..nrows {
            let ncols = i.count(1)?;
            let mut row = Vec::with_capacity(ncols);
            for _ in 0..ncols {
                row.push(match i.u8()? {
                    0 => Cell::Empty,
                    1 => {
                        let b = i.take(8)?;
                        Cell::Number(f64::from_bits(u64::from_le_bytes(b.try_into().ok()?)))
                    }
                    2 => Cell::Text(i.str()?),
                    3 => Cell::Bool(i.u8()? != 0),
                    4 => Cell::Error(i.str()?),
                    _ => return None,
                });
            }
            rows.push(row);
        }
        sheets.push(Sheet {
            name,
            first_row,
            first_col,
            rows,
        });
    }
    Some(Workbook {
        format,
        sheet_names,
        sheets,
        hidden,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheets_cross_the_boundary_bit_for_bit() {
        let wb = Workbook {
            format: FileFormat::Ods,
            sheet_names: vec!["县区".into(), "隐藏".into()],
            hidden: vec!["隐藏".into()],
            sheets: vec![Sheet {
                name: "县区".into(),
                first_row: 2,
                first_col: 1,
                rows: vec![
                    vec![Cell::Text("资溪县".into()), Cell::Number(0.1 + 0.2)],
                    vec![Cell::Empty, Cell::Bool(true), Cell::Error("#DIV/0!".into())],
                ],
            }],
        };
        let back = decode(&encode(&wb)).unwrap_or_else(|| panic!("decodes"));
        assert_eq!(back.sheets, wb.sheets);
        assert_eq!(back.sheet_names, wb.sheet_names);
        assert_eq!(back.hidden, wb.hidden);
        assert_eq!(back.format, wb.format);
        // Cut or garbled forms are refused, never trusted for a size.
        let bytes = encode(&wb);
        for cut in 0..bytes.len() {
            assert!(decode(&bytes[..cut]).is_none(), "{cut}");
        }
        let mut huge = MAGIC.to_vec();
        huge.push(0);
        huge.extend_from_slice(&u32::MAX.to_le_bytes());
        assert!(decode(&huge).is_none());
    }

    #[test]
    fn the_time_limit_grows_with_the_file() {
        assert_eq!(time_limit(1000), Duration::from_secs(6));
        assert_eq!(time_limit(50 << 20), Duration::from_secs(406));
        // The 2,850-county template (4.9 MiB): 38 s.
        assert_eq!(time_limit(5_089_021), Duration::from_secs(38));
    }
}
