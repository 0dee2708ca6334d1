//! CSV / TXT files: encoding and delimiter detection.
//!
//! Encoding: a BOM decides (UTF-8, UTF-16 LE/BE); otherwise valid UTF-8 is UTF-8; otherwise
//! GB18030 (a superset of GBK and GB2312, what Chinese Excel writes for “CSV”). Bytes that
//! decode in none of these, or that hold control characters, are not text.
//! Delimiter: comma, tab or semicolon, whichever splits the first lines most consistently.

use encoding_rs::{Encoding, GB18030, UTF_8, UTF_16BE, UTF_16LE};
use serde::Serialize;

/// Text encodings recognised in CSV files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum TextEncoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    /// GB18030, a superset of GBK / GB2312 (what Chinese Excel writes).
    Gb18030,
}

/// Decodes bytes as text; `None` when they are not text.
pub(crate) fn decode(bytes: &[u8]) -> Option<(String, TextEncoding)> {
    let (text, encoding) = if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        let kind = bom_kind(enc)?;
        let decoded = enc.decode_without_bom_handling_and_without_replacement(&bytes[bom..])?;
        (decoded.into_owned(), kind)
    } else if let Ok(s) = std::str::from_utf8(bytes) {
        (s.to_string(), TextEncoding::Utf8)
    } else {
        let decoded = GB18030.decode_without_bom_handling_and_without_replacement(bytes)?;
        (decoded.into_owned(), TextEncoding::Gb18030)
    };
    looks_like_text(&text).then_some((text, encoding))
}

fn bom_kind(enc: &'static Encoding) -> Option<TextEncoding> {
    if enc == UTF_8 {
        Some(TextEncoding::Utf8Bom)
    } else if enc == UTF_16LE {
        Some(TextEncoding::Utf16Le)
    } else if enc == UTF_16BE {
        Some(TextEncoding::Utf16Be)
    } else {
        None
    }
}

/// No NUL or other control characters besides tab, line breaks and form feed.
fn looks_like_text(s: &str) -> bool {
    !s.chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}'))
}

/// Rows of a delimited text.
#[derive(Debug)]
pub(crate) struct TextTable {
    pub delimiter: u8,
    pub rows: Vec<Vec<String>>,
}

/// The text holds more cells than allowed.
#[derive(Debug)]
pub(crate) struct TooManyCells;

/// Splits `text` into rows and fields (RFC 4180 quoting), at most `max_cells` cells in the
/// used range (rows × widest row).
pub(crate) fn parse(text: &str, max_cells: usize) -> Result<TextTable, TooManyCells> {
    let delimiter = detect_delimiter(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut width = 0usize;
    for record in reader.records() {
        // Decoded text is valid UTF-8, so a record error can only be a quoting oddity: keep
        // what was read rather than fail.
        let Ok(record) = record else { continue };
        width = width.max(record.len());
        if (rows.len() + 1).saturating_mul(width) > max_cells {
            return Err(TooManyCells);
        }
        rows.push(record.iter().map(str::to_string).collect());
    }
    Ok(TextTable { delimiter, rows })
}

/// Comma, tab or semicolon: the one found the same (non-zero) number of times on most of the
/// first 20 non-blank lines; ties go to the larger count, then to tab, comma, semicolon.
pub(crate) fn detect_delimiter(text: &str) -> u8 {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(20)
        .collect();
    let mut best = (0usize, 0usize, b',');
    for d in [b'\t', b',', b';'] {
        let counts: Vec<usize> = lines.iter().map(|l| count_outside_quotes(l, d)).collect();
        let Some(mode) = mode_nonzero(&counts) else {
            continue;
        };
        let agree = counts.iter().filter(|&&c| c == mode).count();
        if (agree, mode) > (best.0, best.1) {
            best = (agree, mode, d);
        }
    }
    best.2
}

fn count_outside_quotes(line: &str, d: u8) -> usize {
    let mut quoted = false;
    let mut n = 0;
    for b in line.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if b == d && !quoted {
            n += 1;
        }
    }
    n
}

/// The most frequent non-zero value (the larger on ties).
fn mode_nonzero(counts: &[usize]) -> Option<usize> {
    let mut freq: std::collections::BTreeMap<usize, usize> = Default::default();
    for &c in counts.iter().filter(|&&c| c > 0) {
        *freq.entry(c).or_default() += 1;
    }
    freq.into_iter()
        .max_by_key(|&(value, n)| (n, value))
        .map(|(value, _)| value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_are_detected() {
        let zixi = "代码,名称\n361028,资溪县\n";
        assert_eq!(
            decode(zixi.as_bytes()).map(|d| d.1),
            Some(TextEncoding::Utf8)
        );
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(zixi.as_bytes());
        let d = decode(&bom);
        assert_eq!(d.as_ref().map(|d| d.1), Some(TextEncoding::Utf8Bom));
        assert_eq!(d.map(|d| d.0).as_deref(), Some(zixi));
        let (gbk, _, _) = GB18030.encode(zixi);
        assert!(std::str::from_utf8(&gbk).is_err());
        let d = decode(&gbk);
        assert_eq!(d.as_ref().map(|d| d.1), Some(TextEncoding::Gb18030));
        assert_eq!(d.map(|d| d.0).as_deref(), Some(zixi));
        let mut utf16 = vec![0xFF, 0xFE];
        for u in zixi.encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&utf16).map(|d| d.0).as_deref(), Some(zixi));
    }

    #[test]
    fn binary_is_not_text() {
        assert!(decode(&[0x00, 0x01, 0x02, 0xFF, 0x00]).is_none());
        assert!(decode(b"%PDF-1.7\n\x01\x02stream").is_none());
    }

    #[test]
    fn delimiters_are_detected() {
        assert_eq!(detect_delimiter("a,b,c\n1,2,3\n"), b',');
        assert_eq!(detect_delimiter("a\tb\tc\n1\t2,5\t3\n"), b'\t');
        assert_eq!(detect_delimiter("a;b;c\n1;2,5;3\n4;5,0;6\n"), b';');
        assert_eq!(
            detect_delimiter("单位：公顷\n代码,水田\n361028,\"1,234\"\n"),
            b','
        );
        assert_eq!(detect_delimiter("one column\nx\n"), b',');
    }

    #[test]
    fn parse_counts_cells() {
        let t = parse("a,b\n1,2\n3\n", 100);
        let Ok(t) = t else { panic!("parse") };
        assert_eq!(t.rows, vec![vec!["a", "b"], vec!["1", "2"], vec!["3"]]);
        assert!(parse("a,b\n1,2\n3,4\n", 5).is_err());
    }
}
