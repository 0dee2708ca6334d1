//! The character-by-character scan this module had before the byte scan, kept as the
//! reference the byte scan must agree with.

use super::super::{DuplicateKey, Scan};

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
