//! Every character of a report prints: which characters of a `Doc` the bundled font lacks,
//! the system fonts that draw them (`fonts::fallback_for`), and — for any character no font has —
//! the notice naming it and where it occurs, which the paged renderers put on the cover.
//!
//! Format-neutral: the PDF hands the fallback fonts to typst, the Word report to the figure
//! rasteriser (Word and WPS draw the text with the reader's own fonts).

use std::collections::BTreeSet;

use crate::fonts::{self, Fallback};
use crate::i18n::{Lang, tf};

use super::doc::{Block, Doc, Table};

/// Calls `f(section heading, text)` for every string `doc` prints, the text of its figures
/// included.
pub fn for_each_text(doc: &Doc, mut f: impl FnMut(&str, &str)) {
    f(&doc.title, &doc.title);
    f(&doc.title, &doc.subject);
    for s in &doc.sections {
        let h = s.heading.as_str();
        f(h, h);
        let table = |t: &Table, f: &mut dyn FnMut(&str, &str)| {
            t.columns.iter().for_each(|c| f(h, &c.header));
            for r in &t.rows {
                r.cells.iter().for_each(|c| f(h, &c.text));
            }
        };
        for b in &s.blocks {
            match b {
                Block::Heading(t)
                | Block::Subheading(t)
                | Block::TableCaption(t)
                | Block::Para(t)
                | Block::Note(_, t) => f(h, t),
                Block::List(items) => items.iter().for_each(|i| f(h, i)),
                Block::KeyValues(kv) => kv.iter().for_each(|(k, v)| {
                    f(h, k);
                    f(h, v)
                }),
                Block::Table(t) => table(t, &mut f),
                Block::Figure(fig) => {
                    f(h, &fig.caption);
                    f(h, &fonts::svg_text(&fig.svg));
                }
                Block::Trace(t) => {
                    f(h, &t.title);
                    f(h, &t.formula);
                    table(&t.steps, &mut f);
                }
                // The math source prints through typst's math layout: its letters and
                // operators are those of the formula's plain text.
                Block::Formula(x) => {
                    f(h, &x.text);
                    for sym in &x.symbols {
                        f(h, &sym.text);
                        f(h, &sym.meaning);
                    }
                }
            }
        }
    }
}

/// What the fonts make of a report's characters.
#[derive(Debug, Clone, Default)]
pub struct Coverage {
    /// Characters the bundled font lacks that the renderer draws otherwise (`drawn_otherwise`).
    pub substituted: BTreeSet<char>,
    /// System fonts for the other characters the bundled font lacks, and what none has.
    pub fallback: Fallback,
    /// For each character in `fallback.missing`, the first (section, text) it occurs in.
    pub places: Vec<(char, String, String)>,
}

/// Checks every character of `doc`; `drawn_otherwise(c)` says the renderer draws `c` without a
/// font glyph (the PDF's superscript and symbol substitutions).
pub fn check(doc: &Doc, drawn_otherwise: impl Fn(char) -> bool) -> Coverage {
    let mut lacking = BTreeSet::new();
    for_each_text(doc, |_, s| {
        lacking.extend(s.chars().filter(|c| !fonts::bundled_has(*c)));
    });
    let (substituted, others): (BTreeSet<char>, BTreeSet<char>) =
        lacking.into_iter().partition(|c| drawn_otherwise(*c));
    let fallback = fonts::fallback_for(&others);
    let mut places: Vec<(char, String, String)> = Vec::new();
    if !fallback.missing.is_empty() {
        for_each_text(doc, |section, s| {
            for c in s.chars() {
                if fallback.missing.contains(&c) && !places.iter().any(|p| p.0 == c) {
                    places.push((c, section.to_string(), snippet(s, c)));
                }
            }
        });
    }
    Coverage {
        substituted,
        fallback,
        places,
    }
}

/// Up to 24 characters of `s` around the first `c`.
fn snippet(s: &str, c: char) -> String {
    let chars: Vec<char> = s.chars().collect();
    let at = chars.iter().position(|x| *x == c).unwrap_or(0);
    let from = at.saturating_sub(10);
    let to = (from + 24).min(chars.len());
    let mut out: String = chars[from..to].iter().collect();
    if to < chars.len() {
        out.push('…');
    }
    out
}

impl Coverage {
    /// The notice naming the characters no font has and where they are; `None` when every
    /// character prints.
    pub fn notice(&self, lang: Lang) -> Option<String> {
        if self.fallback.missing.is_empty() {
            return None;
        }
        let chars: Vec<String> = self
            .fallback
            .missing
            .iter()
            .map(|c| format!("“{c}”(U+{:04X})", u32::from(*c)))
            .collect();
        let places: Vec<String> = self
            .places
            .iter()
            .map(|(_, section, text)| {
                tf(
                    lang,
                    "dx_glyph_place",
                    &[("text", text), ("section", section)],
                )
            })
            .collect();
        let sep = match lang {
            Lang::Zh => "、",
            Lang::En => ", ",
        };
        Some(tf(
            lang,
            "dx_missing_glyphs",
            &[("chars", &chars.join(sep)), ("places", &places.join(sep))],
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::doc::{Section, SectionKind};

    fn doc(text: &str) -> Doc {
        let mut s = Section::new("x", SectionKind::Chapter, "一、区域概况");
        s.push(Block::Para(text.into()));
        Doc {
            lang: Lang::Zh,
            title: "报告".into(),
            subject: "示例".into(),
            sections: vec![s],
        }
    }

    #[test]
    fn a_character_no_font_has_is_named_with_its_place() {
        let cov = check(&doc("县区：平桥区、\u{10FFFD}河区"), |_| false);
        assert!(cov.fallback.missing.contains(&'\u{10FFFD}'));
        let notice = cov.notice(Lang::Zh).expect("notice");
        assert!(notice.contains("U+10FFFD"), "{notice}");
        assert!(notice.contains("一、区域概况"), "{notice}");
        assert!(notice.contains("\u{10FFFD}河区"), "{notice}");
    }

    #[test]
    fn covered_and_substituted_characters_need_no_notice() {
        let cov = check(&doc("平桥区 ⚠"), |c| c == '⚠');
        assert_eq!(cov.substituted, BTreeSet::from(['⚠']));
        assert!(cov.fallback.fonts.is_empty());
        assert_eq!(cov.notice(Lang::Zh), None);
    }
}
