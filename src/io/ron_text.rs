//! The text of a project file before and around the RON parser: decoding (a UTF-8 byte-order
//! mark is accepted; an empty file, UTF-16 and non-UTF-8 text such as GBK are named with the
//! byte where they start), one light scan that finds duplicate map keys (serde keeps the last
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
struct Frame {
    brace: bool,
    expect_key: bool,
    keys: std::collections::HashSet<String>,
}

/// One pass over RON text: brackets, strings (with escapes and raw strings), comments and the
/// keys of `{ … }` maps.
pub fn scan(text: &str) -> Scan {
    let mut out = Scan::default();
    let mut stack: Vec<Frame> = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let (mut i, mut line, mut col) = (0usize, 1usize, 1usize);
    // Advances over `n` characters, keeping line and column.
    let step = |i: &mut usize, line: &mut usize, col: &mut usize, n: usize| {
        for _ in 0..n {
            if chars.get(*i) == Some(&'\n') {
                *line += 1;
                *col = 1;
            } else {
                *col += 1;
            }
            *i += 1;
        }
    };
    while i < chars.len() {
        let c = chars[i];
        if !c.is_whitespace() {
            out.last = (line, col);
        }
        let at = (line, col);
        let key_expected = stack.last().is_some_and(|f| f.brace && f.expect_key);
        match c {
            '/' if chars.get(i + 1) == Some(&'/') => {
                while i < chars.len() && chars[i] != '\n' {
                    step(&mut i, &mut line, &mut col, 1);
                }
                continue;
            }
            '/' if chars.get(i + 1) == Some(&'*') => {
                let mut depth = 0usize;
                loop {
                    if i >= chars.len() {
                        out.open_at_end = true;
                        return out;
                    }
                    if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                        depth += 1;
                        step(&mut i, &mut line, &mut col, 2);
                    } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                        depth -= 1;
                        step(&mut i, &mut line, &mut col, 2);
                        if depth == 0 {
                            break;
                        }
                    } else {
                        step(&mut i, &mut line, &mut col, 1);
                    }
                }
                continue;
            }
            '"' | 'r' | 'b' if string_start(&chars, i).is_some() => {
                let start = i;
                let Some(end) = string_end(&chars, i) else {
                    out.open_at_end = true;
                    return out;
                };
                let lit: String = chars[start..end].iter().collect();
                step(&mut i, &mut line, &mut col, end - start);
                if key_expected {
                    note_key(&mut stack, lit, at, &mut out);
                }
                continue;
            }
            '\'' => {
                // A character literal: 'x' or '\x' (skipped so a quote in it opens no string).
                let len = if chars.get(i + 1) == Some(&'\\') {
                    4
                } else {
                    3
                };
                let len = len.min(chars.len() - i);
                step(&mut i, &mut line, &mut col, len);
                continue;
            }
            '(' | '[' | '{' => stack.push(Frame {
                brace: c == '{',
                expect_key: true,
                ..Frame::default()
            }),
            ')' | ']' | '}' => {
                stack.pop();
            }
            ',' => {
                if let Some(f) = stack.last_mut() {
                    f.expect_key = true;
                }
            }
            c if key_expected && !c.is_whitespace() => {
                // A bare key (a number or an identifier) up to `:` or white space.
                let start = i;
                while i < chars.len() && !matches!(chars[i], ':' | ',' | '}') {
                    if chars[i].is_whitespace() {
                        break;
                    }
                    step(&mut i, &mut line, &mut col, 1);
                }
                let lit: String = chars[start..i].iter().collect();
                note_key(&mut stack, lit, at, &mut out);
                continue;
            }
            _ => {}
        }
        step(&mut i, &mut line, &mut col, 1);
    }
    out.open_at_end |= !stack.is_empty();
    out
}

fn note_key(stack: &mut [Frame], key: String, (line, col): (usize, usize), out: &mut Scan) {
    let Some(f) = stack.last_mut() else { return };
    f.expect_key = false;
    if !f.keys.insert(key.clone()) && out.duplicate.is_none() {
        out.duplicate = Some(DuplicateKey { key, line, col });
    }
}

/// The number of `#` of a string literal starting at `i` (`"…"`, `b"…"`, `r#"…"#`, `br"…"`),
/// or none when no string starts there.
fn string_start(chars: &[char], i: usize) -> Option<usize> {
    let prev_ident = i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
    let mut j = i;
    if chars.get(j) == Some(&'"') {
        return Some(0);
    }
    if prev_ident {
        return None;
    }
    if chars.get(j) == Some(&'b') {
        j += 1;
        if chars.get(j) == Some(&'"') {
            return Some(0);
        }
    }
    if chars.get(j) != Some(&'r') {
        return None;
    }
    j += 1;
    let hashes = chars[j..].iter().take_while(|c| **c == '#').count();
    (chars.get(j + hashes) == Some(&'"')).then_some(hashes)
}

/// The index after the string literal that starts at `i`; none when the text ends inside it.
fn string_end(chars: &[char], i: usize) -> Option<usize> {
    let hashes = string_start(chars, i)?;
    let raw = chars[i] == 'r' || (chars[i] == 'b' && chars.get(i + 1) == Some(&'r'));
    let mut j = i;
    while chars[j] != '"' {
        j += 1;
    }
    j += 1;
    while j < chars.len() {
        match chars[j] {
            '\\' if !raw => j += 2,
            '"' if chars[j + 1..]
                .iter()
                .take(hashes)
                .filter(|c| **c == '#')
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
}
