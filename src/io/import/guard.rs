//! Checks of an untrusted spreadsheet's container *before* calamine reads it: the sizes that
//! calamine would allocate from are compared with the file's length and a memory budget, so a
//! damaged or hostile file is refused with a clear error instead of an allocation of gigabytes
//! (which aborts the process where memory cannot be overcommitted).
//!
//! - Compound files (`.xls`, MS-CFB): the sector size, the FAT, mini-FAT and DIFAT sector
//!   counts, the sectors the header points to and the first directory sector's entries (their
//!   kinds and stream sizes) must fit in the file. A file cut short (its length is not a whole
//!   number of sectors and a sector it needs is missing) is called truncated.
//! - ZIP (`.xlsx`, `.xlsb`, `.ods`): from the central directory, each entry's uncompressed
//!   size, its compression ratio (zip bombs) and the total must stay within [`ZipBudget`].
//!
//! What these checks cannot see (a FAT chain that loops, an XML table left open, sizes that
//! lie) is caught by reading in a child process with memory and time limits (`sandbox`).

use super::ImportError;

/// Largest uncompressed size of one ZIP entry (a worksheet of the 2,850-county template is
/// 13 MB).
pub const MAX_ENTRY_BYTES: u64 = 256 * 1024 * 1024;
/// Largest uncompressed size of all entries together.
pub const MAX_TOTAL_BYTES: u64 = 1024 * 1024 * 1024;
/// Largest compression ratio of an entry above 16 MiB (worksheets compress 5–20×; a 3 GiB
/// string in 3 MB is 1,000×).
pub const MAX_RATIO: u64 = 500;

/// The catalogue keys of the parts a damaged file is named by.
const PARTS: [&str; 9] = [
    "hd_part_sector_size",
    "hd_part_sector",
    "hd_part_fat",
    "hd_part_minifat",
    "hd_part_difat",
    "hd_part_directory",
    "hd_part_stream",
    "hd_part_zip",
    "hd_part_unknown",
];

/// The key of a part named by the child process (an unknown one: "structure").
pub fn part_key(part: &str) -> &'static str {
    PARTS
        .iter()
        .find(|k| **k == part)
        .copied()
        .unwrap_or("hd_part_unknown")
}

/// Refuses a compound file whose header or directory does not fit in its length.
pub fn check_cfb(name: &str, b: &[u8]) -> Result<(), ImportError> {
    let damaged = |part: &'static str| ImportError::Damaged {
        name: name.into(),
        part,
    };
    let truncated = || ImportError::Truncated { name: name.into() };
    if b.len() < 512 {
        return Err(truncated());
    }
    let u16_at = |o: usize| u16::from_le_bytes([b[o], b[o + 1]]);
    let u32_at = |o: usize| u32::from_le_bytes([b[o], b[o + 1], b[o + 2], b[o + 3]]);
    let shift = u16_at(0x1E);
    if shift != 9 && shift != 12 {
        return Err(damaged("hd_part_sector_size"));
    }
    let ss = 1usize << shift;
    let len = b.len();
    // The header takes the first sector (512 bytes padded to 4096 in version 4).
    let sectors = len.saturating_sub(ss).div_ceil(ss);
    let partial = !len.saturating_sub(ss).is_multiple_of(ss);
    // A pointer past the end: truncation when the file ends inside a sector, damage otherwise.
    let beyond = || {
        if partial {
            truncated()
        } else {
            damaged("hd_part_sector")
        }
    };
    let (fat, dir, minifat, difat) = (u32_at(0x2C), u32_at(0x30), u32_at(0x40), u32_at(0x48));
    for (what, n) in [
        ("hd_part_fat", fat),
        ("hd_part_minifat", minifat),
        ("hd_part_difat", difat),
    ] {
        if n as usize > sectors {
            return Err(if partial && n < 1 << 20 {
                truncated()
            } else {
                damaged(what)
            });
        }
    }
    for i in 0..(fat as usize).min(109) {
        if u32_at(0x4C + 4 * i) as usize >= sectors {
            return Err(beyond());
        }
    }
    if dir as usize >= sectors {
        return Err(beyond());
    }
    let start = ss + dir as usize * ss;
    let Some(entries) = b.get(start..start + ss) else {
        return Err(beyond());
    };
    for (i, e) in entries.chunks_exact(128).enumerate() {
        let kind = e[0x42];
        // 0 unused, 1 storage, 2 stream, 5 root; the first entry is the root.
        if (i == 0 && kind != 5) || !matches!(kind, 0 | 1 | 2 | 5) {
            return Err(damaged("hd_part_directory"));
        }
        let mut size = u64::from_le_bytes(e[0x78..0x80].try_into().unwrap_or([0; 8]));
        if shift == 9 {
            size &= 0xFFFF_FFFF;
        }
        if matches!(kind, 2 | 5) && size > len as u64 {
            return Err(damaged("hd_part_stream"));
        }
    }
    Ok(())
}

/// Refuses a ZIP whose entries would inflate beyond the budget (see the module doc).
pub fn check_zip(name: &str, b: &[u8]) -> Result<(), ImportError> {
    let damaged = |part: &'static str| ImportError::Damaged {
        name: name.into(),
        part,
    };
    // End of central directory: the last "PK\x05\x06" within 64 KiB + 22 bytes of the end.
    let from = b.len().saturating_sub(65_557);
    let Some(eocd) = b[from..]
        .windows(4)
        .rposition(|w| w == b"PK\x05\x06")
        .map(|p| from + p)
    else {
        // No central directory: a workbook cut short (a ZIP ends with it), or no ZIP at all
        // (calamine refuses it without allocating).
        let head = &b[..b.len().min(256)];
        let workbook = [&b"[Content_Types].xml"[..], b"mimetype"]
            .iter()
            .any(|n| head.windows(n.len()).any(|w| w == *n));
        return match workbook {
            true => Err(ImportError::Truncated { name: name.into() }),
            false => Ok(()),
        };
    };
    let u16_at = |o: usize| b.get(o..o + 2).map(|s| u16::from_le_bytes([s[0], s[1]]));
    let u32_at = |o: usize| {
        b.get(o..o + 4)
            .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    };
    let (Some(count), Some(cd)) = (u16_at(eocd + 10), u32_at(eocd + 16)) else {
        return Err(damaged("hd_part_zip"));
    };
    let mut at = cd as usize;
    let mut total = 0u64;
    for _ in 0..count {
        if u32_at(at) != Some(0x0201_4b50) {
            return Err(damaged("hd_part_zip"));
        }
        let fields = (
            u32_at(at + 20),
            u32_at(at + 24),
            u16_at(at + 28),
            u16_at(at + 30),
            u16_at(at + 32),
        );
        let (Some(packed), Some(size), Some(n), Some(x), Some(c)) = fields else {
            return Err(damaged("hd_part_zip"));
        };
        let entry = String::from_utf8_lossy(b.get(at + 46..at + 46 + n as usize).unwrap_or(&[]))
            .into_owned();
        // 0xFFFFFFFF: the size is in the ZIP64 extra field (id 1).
        let size = match size {
            u32::MAX => zip64_size(b.get(at + 46 + n as usize..at + 46 + (n + x) as usize)),
            s => s as u64,
        };
        total = total.saturating_add(size);
        let bomb = size > 16 << 20 && size / (packed as u64).max(1) > MAX_RATIO;
        if size > MAX_ENTRY_BYTES || bomb || total > MAX_TOTAL_BYTES {
            return Err(ImportError::TooLargeInside {
                name: name.into(),
                entry,
                size,
                limit: MAX_ENTRY_BYTES,
            });
        }
        at += 46 + n as usize + x as usize + c as usize;
    }
    Ok(())
}

/// The uncompressed size in a ZIP64 extra field; "huge" when there is none.
fn zip64_size(extra: Option<&[u8]>) -> u64 {
    let mut e = extra.unwrap_or(&[]);
    while e.len() >= 4 {
        let (id, len) = (
            u16::from_le_bytes([e[0], e[1]]),
            u16::from_le_bytes([e[2], e[3]]) as usize,
        );
        if id == 1
            && let Some(v) = e.get(4..12)
        {
            return u64::from_le_bytes(v.try_into().unwrap_or([0xFF; 8]));
        }
        e = e.get(4 + len..).unwrap_or(&[]);
    }
    u64::MAX
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal version-3 compound file: header, one FAT sector, one directory sector.
    fn cfb(fat_count: u32, dir: u32, root_kind: u8, stream: u64) -> Vec<u8> {
        let mut b = vec![0u8; 512 * 3];
        b[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
        b[0x1E] = 9;
        b[0x2C..0x30].copy_from_slice(&fat_count.to_le_bytes());
        b[0x30..0x34].copy_from_slice(&dir.to_le_bytes());
        b[0x4C..0x50].copy_from_slice(&0u32.to_le_bytes());
        let d = 512 + 512 * dir.min(1) as usize;
        if d + 128 <= b.len() {
            b[d + 0x42] = root_kind;
            b[d + 0x78..d + 0x80].copy_from_slice(&stream.to_le_bytes());
        }
        b
    }

    #[test]
    fn compound_file_sizes_must_fit_in_the_file() {
        assert!(check_cfb("ok.xls", &cfb(1, 1, 5, 64)).is_ok());
        let err = |b: Vec<u8>| check_cfb("x.xls", &b).err();
        assert!(matches!(
            err(cfb(u32::MAX, 1, 5, 64)),
            Some(ImportError::Damaged { .. })
        ));
        assert!(matches!(
            err(cfb(1, 0xFF7F_7F7F, 5, 64)),
            Some(ImportError::Damaged { .. })
        ));
        assert!(matches!(
            err(cfb(1, 1, 22, 64)),
            Some(ImportError::Damaged { .. })
        ));
        assert!(matches!(
            err(cfb(1, 1, 5, 3 << 30)),
            Some(ImportError::Damaged { .. })
        ));
        // The first 605 bytes of a valid file: truncated, not "parser failure".
        let mut cut = cfb(1, 1, 5, 64);
        cut.truncate(605);
        assert!(matches!(err(cut), Some(ImportError::Truncated { .. })));
        assert!(matches!(
            err(vec![0xD0; 100]),
            Some(ImportError::Truncated { .. })
        ));
    }

    /// A stored ZIP with one entry that claims `size` bytes from `packed`.
    fn zip(size: u32, packed: u32) -> Vec<u8> {
        let name = b"xl/worksheets/sheet1.xml";
        let mut b = Vec::new();
        let cd = 0u32;
        b.extend_from_slice(b"PK\x01\x02");
        b.extend_from_slice(&[0; 16]);
        b.extend_from_slice(&packed.to_le_bytes());
        b.extend_from_slice(&size.to_le_bytes());
        b.extend_from_slice(&(name.len() as u16).to_le_bytes());
        b.extend_from_slice(&[0; 16]);
        b.extend_from_slice(name);
        b.extend_from_slice(b"PK\x05\x06");
        b.extend_from_slice(&[0; 4]);
        b.extend_from_slice(&1u16.to_le_bytes());
        b.extend_from_slice(&1u16.to_le_bytes());
        b.extend_from_slice(&[0; 4]);
        b.extend_from_slice(&cd.to_le_bytes());
        b.extend_from_slice(&[0; 2]);
        b
    }

    #[test]
    fn zip_entries_within_size_and_ratio() {
        assert!(check_zip("ok.xlsx", &zip(13_000_000, 1_400_000)).is_ok());
        // 3 GiB inflated from 3 MB.
        let bomb = check_zip("b.xlsx", &zip(3_221_225_666, 3_131_056));
        assert!(
            matches!(&bomb, Err(ImportError::TooLargeInside { entry, .. }) if entry == "xl/worksheets/sheet1.xml"),
            "{bomb:?}"
        );
        // 100 MiB from 100 KiB: below the size limit, but a 1,000× ratio.
        assert!(check_zip("r.xlsx", &zip(100 << 20, 100 << 10)).is_err());
        let mut cut = b"PK\x03\x04".to_vec();
        cut.extend_from_slice(&[0; 26]);
        cut.extend_from_slice(b"[Content_Types].xml<?xml ver");
        assert!(matches!(
            check_zip("t.xlsx", &cut),
            Err(ImportError::Truncated { .. })
        ));
        assert!(check_zip("g.zip", b"PK\x03\x04garbage").is_ok());
    }
}
