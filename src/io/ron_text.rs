//! The text of a project file before and around the RON parser: decoding (a UTF-8 byte-order
//! mark is accepted; an empty file, UTF-16 and non-UTF-8 text such as GBK are named with the
//! byte where they start), one light scan (over the bytes) that finds duplicate map keys (serde keeps the last
//! one silently) and tells whether the text ends inside an open bracket or string (a
//! truncated file), and the parser's errors as catalogue causes (`hd_ron_*`) so a refusal is
//! worded in the display language.

use crate::i18n::{Lang, tf};

/// Why bytes are not project text.
#[derive(Debug, Clone, PartialEq)]
pub enum TextProblem {
    /// Nothing but white space (or nothing at all).
    Empty,
    /// Not UTF-8 from byte `offset` (0-based); `encoding` is the one it looks like.
    NotUtf8 {
        offset: usize,
        encoding: &'static str,
    },
}

/// The text of `bytes` without a UTF-8 byte-order mark.
pub fn decode(bytes: &[u8]) -> Result<&str, TextProblem> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(TextProblem::NotUtf8 {
            offset: 0,
            encoding: "UTF-16",
        });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (_, _, bad) = encoding_rs::GBK.decode(bytes);
        TextProblem::NotUtf8 {
            offset: e.valid_up_to(),
            encoding: if bad { "" } else { "GBK" },
        }
    })?;
    if text.trim().is_empty() {
        return Err(TextProblem::Empty);
    }
    Ok(text)
}

/// A key that appears twice in one map.
#[derive(Debug, Clone, PartialEq)]
pub struct DuplicateKey {
    pub key: String,
    pub line: usize,
    pub col: usize,
}

/// What the scan found.
#[derive(Debug, Default)]
pub struct Scan {
    pub duplicate: Option<DuplicateKey>,
    /// The text ends inside a bracket, a string or a comment.
    pub open_at_end: bool,
    /// Line and column (1-based) of the last character that is not white space.
    pub last: (usize, usize),
}

#[derive(Default)]
struct Frame<'t> {
    brace: bool,
    expect_key: bool,
    keys: rustc_hash::FxHashSet<&'t str>,
}

/// One pass over RON text: brackets, strings (with escapes and raw strings), comments and the
/// keys of `{ … }` maps. Works on the bytes (every character it looks for is ASCII, and UTF-8
/// never repeats an ASCII byte inside another character) and skips runs of bytes that open or
/// close nothing; lines and columns (in characters) are counted only for the places it reports.
pub fn scan(text: &str) -> Scan {
    let b = text.as_bytes();
    let mut stack: Vec<Frame> = Vec::new();
    let (mut open_at_end, mut duplicate) = (false, None::<usize>);
    // The last stretch passed over whole (a string, a comment, a character, a bare key): its
    // inside is not looked at, so the last character seen is its start (see `last` below).
    let mut skipped = None::<(usize, usize)>;
    let mut i = 0usize;
    while i < b.len() {
        let key_expected = stack.last().is_some_and(|f| f.brace && f.expect_key);
        if !key_expected {
            while i < b.len() && !OPENS[usize::from(b[i])] {
                i += 1;
            }
            if i == b.len() {
                break;
            }
        }
        let c = b[i];
        match c {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                let end = b[i..]
                    .iter()
                    .position(|&c| c == b'\n')
                    .map_or(b.len(), |k| i + k);
                skipped = Some((i, end));
                i = end;
                continue;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let start = i;
                let mut depth = 0usize;
                while i < b.len() {
                    if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
                        depth += 1;
                        i += 2;
                    } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
                skipped = Some((start, i));
                if depth > 0 {
                    open_at_end = true;
                    break;
                }
                continue;
            }
            b'"' | b'r' | b'b' if string_start(text, i).is_some() => {
                let start = i;
                let Some(end) = string_end(b, i) else {
                    skipped = Some((start, b.len()));
                    open_at_end = true;
                    break;
                };
                skipped = Some((start, end));
                i = end;
                if key_expected {
                    note_key(&mut stack, &text[start..end], start, &mut duplicate);
                }
                continue;
            }
            b'\'' => {
                // A character literal: 'x' or '\x' (skipped so a quote in it opens no string).
                let n = if b.get(i + 1) == Some(&b'\\') { 4 } else { 3 };
                let end = text[i..]
                    .char_indices()
                    .nth(n)
                    .map_or(b.len(), |(k, _)| i + k);
                skipped = Some((i, end));
                i = end;
                continue;
            }
            b'(' | b'[' | b'{' => stack.push(Frame {
                brace: c == b'{',
                expect_key: true,
                ..Frame::default()
            }),
            b')' | b']' | b'}' => {
                stack.pop();
            }
            b',' => {
                if let Some(f) = stack.last_mut() {
                    f.expect_key = true;
                }
            }
            _ if key_expected => {
                let (ch, len) = char_at(text, i);
                if ch.is_whitespace() {
                    i += len;
                    continue;
                }
                // A bare key (a number or an identifier) up to `:` or white space.
                let start = i;
                while i < b.len() && !matches!(b[i], b':' | b',' | b'}') {
                    let (ch, len) = char_at(text, i);
                    if ch.is_whitespace() {
                        break;
                    }
                    i += len;
                }
                skipped = Some((start, i));
                note_key(&mut stack, &text[start..i], start, &mut duplicate);
                continue;
            }
            _ => {}
        }
        // Every byte the arms above stop at is ASCII.
        i += 1;
    }
    open_at_end |= !stack.is_empty();
    // The last character that is not white space, or the start of the stretch it is in.
    let last = text
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_whitespace())
        .map(|(k, _)| match skipped {
            Some((start, end)) if (start..end).contains(&k) => start,
            _ => k,
        });
    Scan {
        duplicate: duplicate.map(|at| {
            let (line, col) = place(text, at);
            let key = key_at(text, at);
            DuplicateKey { key, line, col }
        }),
        open_at_end,
        last: last.map_or((0, 0), |at| place(text, at)),
    }
}

/// The bytes the scan stops at outside a map's keys: brackets, commas, quotes, comments and
/// the prefixes of raw and byte strings.
const OPENS: [bool; 256] = {
    let mut t = [false; 256];
    let stops = b"/\"rb'([{)]},";
    let mut k = 0;
    while k < stops.len() {
        t[stops[k] as usize] = true;
        k += 1;
    }
    t
};

/// The character at byte `i` and its length in bytes.
fn char_at(text: &str, i: usize) -> (char, usize) {
    let c = text.as_bytes()[i];
    if c.is_ascii() {
        return (c as char, 1);
    }
    let ch = text[i..].chars().next().unwrap_or(' ');
    (ch, ch.len_utf8())
}

/// Line and column (1-based, the column in characters) of byte `at`.
fn place(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line = 1 + before.bytes().filter(|&c| c == b'\n').count();
    let line_start = before.rfind('\n').map_or(0, |k| k + 1);
    (line, 1 + before[line_start..].chars().count())
}

/// The key that starts at byte `at` (a string literal or a bare key).
fn key_at(text: &str, at: usize) -> String {
    let b = text.as_bytes();
    if string_start(text, at).is_some()
        && let Some(end) = string_end(b, at)
    {
        return text[at..end].to_string();
    }
    text[at..]
        .split(|c: char| matches!(c, ':' | ',' | '}') || c.is_whitespace())
        .next()
        .unwrap_or("")
        .to_string()
}

fn note_key<'t>(stack: &mut [Frame<'t>], key: &'t str, at: usize, duplicate: &mut Option<usize>) {
    let Some(f) = stack.last_mut() else { return };
    f.expect_key = false;
    if !f.keys.insert(key) && duplicate.is_none() {
        *duplicate = Some(at);
    }
}

/// The number of `#` of a string literal starting at byte `i` (`"…"`, `b"…"`, `r#"…"#`,
/// `br"…"`), or none when no string starts there.
fn string_start(text: &str, i: usize) -> Option<usize> {
    let b = text.as_bytes();
    let prev_ident = text[..i]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || c == '_');
    let mut j = i;
    if b.get(j) == Some(&b'"') {
        return Some(0);
    }
    if prev_ident {
        return None;
    }
    if b.get(j) == Some(&b'b') {
        j += 1;
        if b.get(j) == Some(&b'"') {
            return Some(0);
        }
    }
    if b.get(j) != Some(&b'r') {
        return None;
    }
    j += 1;
    let hashes = b[j..].iter().take_while(|c| **c == b'#').count();
    (b.get(j + hashes) == Some(&b'"')).then_some(hashes)
}

/// The byte after the string literal that starts at byte `i`; none when the text ends inside
/// it.
fn string_end(b: &[u8], i: usize) -> Option<usize> {
    let raw = b[i] == b'r' || (b[i] == b'b' && b.get(i + 1) == Some(&b'r'));
    let mut j = i;
    while b[j] != b'"' {
        j += 1;
    }
    let hashes = j - i - usize::from(b[i] == b'b') - usize::from(raw);
    j += 1;
    while j < b.len() {
        match b[j] {
            b'\\' if !raw => j += 2,
            b'"' if b[j + 1..]
                .iter()
                .take(hashes)
                .filter(|c| **c == b'#')
                .count()
                == hashes =>
            {
                return Some(j + 1 + hashes);
            }
            _ => j += 1,
        }
    }
    None
}

/// A parser error as a catalogue cause: key and arguments for `tf`.
#[derive(Debug, Clone, PartialEq)]
pub struct Cause {
    pub key: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl Cause {
    fn new(key: &'static str) -> Cause {
        Cause { key, args: vec![] }
    }
    fn with(mut self, name: &'static str, value: impl Into<String>) -> Cause {
        self.args.push((name, value.into()));
        self
    }

    /// The cause in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        let args: Vec<(&str, &str)> = self.args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        tf(lang, self.key, &args)
    }
}

/// The cause of a parser error, in words of the catalogue.
pub fn cause(code: &ron::Error) -> Cause {
    use ron::Error as E;
    let outer = |o: &Option<String>| o.clone().unwrap_or_else(|| "?".into());
    match code {
        E::Eof => Cause::new("hd_ron_eof"),
        E::ExpectedComma => Cause::new("hd_ron_comma"),
        E::ExpectedArray => Cause::new("hd_ron_array"),
        E::ExpectedArrayEnd => Cause::new("hd_ron_array_end"),
        E::ExpectedMap => Cause::new("hd_ron_map"),
        E::ExpectedMapColon => Cause::new("hd_ron_colon"),
        E::ExpectedMapEnd => Cause::new("hd_ron_map_end"),
        E::ExpectedStructLike | E::ExpectedNamedStructLike(_) | E::ExpectedOptionEnd => {
            Cause::new("hd_ron_struct")
        }
        E::ExpectedStructLikeEnd => Cause::new("hd_ron_struct_end"),
        E::ExpectedString | E::ExpectedChar => Cause::new("hd_ron_string"),
        E::ExpectedStringEnd => Cause::new("hd_ron_string_end"),
        E::ExpectedFloat | E::ExpectedInteger | E::FloatUnderscore => Cause::new("hd_ron_number"),
        E::IntegerOutOfBounds => Cause::new("hd_ron_int_range"),
        E::ExpectedBoolean => Cause::new("hd_ron_bool"),
        E::ExpectedOption => Cause::new("hd_ron_option"),
        E::ExpectedIdentifier | E::InvalidIdentifier(_) | E::ExpectedStructName(_) => {
            Cause::new("hd_ron_ident")
        }
        E::ExpectedUnit => Cause::new("hd_ron_unit"),
        E::UnexpectedChar(c) => Cause::new("hd_ron_char").with("c", c.to_string()),
        E::TrailingCharacters => Cause::new("hd_ron_trailing"),
        E::InvalidEscape(_) => Cause::new("hd_ron_escape"),
        E::UnclosedBlockComment | E::UnclosedLineComment => Cause::new("hd_ron_comment"),
        E::ExceededRecursionLimit => Cause::new("hd_ron_depth"),
        E::InvalidValueForType { expected, found } => Cause::new("hd_ron_type")
            .with("expected", expected.clone())
            .with("found", found.clone()),
        E::NoSuchEnumVariant {
            expected, found, ..
        } => Cause::new("hd_ron_variant")
            .with("found", found.clone())
            .with("expected", expected.join(", ")),
        E::NoSuchStructField {
            expected,
            found,
            outer: o,
        } => Cause::new("hd_ron_field")
            .with("found", found.clone())
            .with("outer", outer(o))
            .with("expected", expected.join(", ")),
        E::MissingStructField { field, outer: o } => Cause::new("hd_ron_missing")
            .with("field", *field)
            .with("outer", outer(o)),
        E::DuplicateStructField { field, outer: o } => Cause::new("hd_ron_dup_field")
            .with("field", *field)
            .with("outer", outer(o)),
        E::Message(m) => Cause::new("hd_ron_invalid").with("detail", m.clone()),
        other => Cause::new("hd_ron_syntax").with("detail", other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    mod reference;

    #[test]
    fn bom_is_stripped_and_empty_and_gbk_are_named() {
        assert_eq!(decode(b"\xEF\xBB\xBF(a: 1)"), Ok("(a: 1)"));
        assert_eq!(decode(b" \n\t"), Err(TextProblem::Empty));
        assert_eq!(decode(b"\xEF\xBB\xBF"), Err(TextProblem::Empty));
        let (gbk, _, _) = encoding_rs::GBK.encode("(name: \"资溪县\")");
        assert_eq!(
            decode(&gbk),
            Err(TextProblem::NotUtf8 {
                offset: 8,
                encoding: "GBK"
            })
        );
        assert!(matches!(
            decode(b"\xFF\xFEa\0"),
            Err(TextProblem::NotUtf8 { offset: 0, .. })
        ));
    }

    #[test]
    fn duplicate_map_keys_are_found_with_their_place() {
        let text = "(a: {\"x\": 1, \"y\": 2}, b: {\"x\": 3,\n \"x\": 4})";
        let s = scan(text);
        assert_eq!(
            s.duplicate,
            Some(DuplicateKey {
                key: "\"x\"".into(),
                line: 2,
                col: 2
            })
        );
        assert!(!s.open_at_end);
        // Struct fields and strings holding braces are no map keys.
        let ok = scan("(a: 1, a2: \"{\\\"x\\\": 1, \\\"x\\\": 2}\", m: {1: 2, 3: 4})");
        assert_eq!(ok.duplicate, None);
    }

    #[test]
    fn open_brackets_and_strings_at_the_end_are_seen() {
        assert!(scan("(a: [1, 2").open_at_end);
        assert!(scan("(a: \"unterminated").open_at_end);
        assert!(scan("(a: 1) /* open").open_at_end);
        let whole = scan("(a: r#\"x\"# , b: b\"y\")  \n");
        assert!(!whole.open_at_end);
        assert_eq!(whole.last, (1, 21));
    }

    /// The byte scan finds what the character scan found (the same duplicate at the same line
    /// and column in characters, the same last character, the same open end), on texts with
    /// Chinese, ideographic spaces, comments, raw strings, character literals and cut ends.
    #[test]
    fn byte_scan_agrees_with_the_character_scan() {
        let texts = [
            "(a: {\"x\": 1, \"y\": 2}, b: {\"x\": 3,\n \"x\": 4})",
            "(名称: \"资溪县\", m: {\"林地\": 1,\u{3000}\"林地\": 2})",
            "(m: {甲: 1, 乙: 2,\n  甲: 3})",
            "(m: {1: 2, 3: 4, 1: 5}) // 注释 {\"x\": 1, \"x\": 2}\n",
            "(a: r##\"q\"#\"##, b: br#\"z\"#, c: 'x', d: '\\'', e: '\"', m: {\"k\": 1, \"k\": 2})",
            "(a: /* 块 /* 嵌套 */ {\"x\": 1, \"x\": 2} */ 1, m: {\"k\": \"\\\"\", \"j\": 1})",
            "(a: [1, 2",
            "(a: \"unterminated 未完",
            "(a: 1) /* open",
            "(a: r#\"x\"# , b: b\"y\")  \n",
            "(m: {\"é\": 1,\r\n\t\"é\": 2}, n: 'é')\u{3000}",
            "(m: {x: 1, rb: 2, br: 3, rb: 4})",
            "(m: {a: 1, 乙乙",
            "(a: 1) // 结尾",
            "(a: 'x'",
            "(a: {\"k\": 1}) /* 开 /* 嵌 */",
            "",
            "  \n",
        ];
        let project = crate::io::project_file::to_ron_string(&crate::sample::synthetic(20, 3))
            .unwrap_or_default();
        let mut twice = project.clone();
        twice.insert_str(
            twice.find("counties: [").unwrap_or(0),
            "price_overrides: {\"a\": 1, \"a\": 2},\n",
        );
        for text in texts.into_iter().chain([project.as_str(), twice.as_str()]) {
            let (new, old) = (scan(text), reference::scan(text));
            assert_eq!(new.duplicate, old.duplicate, "{text}");
            assert_eq!(new.open_at_end, old.open_at_end, "{text}");
            assert_eq!(new.last, old.last, "{text}");
        }
        assert_eq!(scan(&twice).duplicate.map(|d| d.key), Some("\"a\"".into()));
        let s = scan("(m: {甲: 1, 乙: 2,\n  甲: 3})");
        let d = s.duplicate.expect("duplicate 甲");
        assert_eq!((d.key.as_str(), d.line, d.col), ("甲", 2, 3));
    }
}
