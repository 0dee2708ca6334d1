//! Fonts for files the app writes: the bundled CJK font, included once, and the search of the
//! system's fonts for characters it lacks.
//!
//! The bundled font is a GB 2312 subset of Noto Sans CJK SC (family name "Noto Sans CJK SC",
//! SIL OFL 1.1, see `assets/fonts/OFL.txt`). The desktop app installs it (`app::fonts`), the
//! chart renderer registers it with plotters, the PDF report hands it to typst and the figure
//! rasteriser to resvg. A county or a source may be named with a character outside GB 2312
//! ("浉河区"): `fallback_for` finds system fonts that draw such characters at export time, and
//! says which characters no font on this computer has, so a report never drops a character
//! silently. Nothing here depends on a GUI.

use std::collections::BTreeSet;
use std::sync::{Arc, OnceLock};

use resvg::usvg::fontdb;

/// The bundled subset font (≈3 MB).
pub const CJK_FONT: &[u8] = include_bytes!("../assets/fonts/NotoSansSC-GB2312.otf");

/// The family name of the bundled font.
pub const CJK_FAMILY: &str = "Noto Sans CJK SC";

fn bundled_face() -> Option<&'static ttf_parser::Face<'static>> {
    static F: OnceLock<Option<ttf_parser::Face<'static>>> = OnceLock::new();
    F.get_or_init(|| ttf_parser::Face::parse(CJK_FONT, 0).ok())
        .as_ref()
}

/// Whether the bundled font draws `c` (control characters and spaces need no glyph).
pub fn bundled_has(c: char) -> bool {
    c.is_control()
        || c.is_whitespace()
        || bundled_face().is_some_and(|f| f.glyph_index(c).is_some())
}

/// The characters of `text` the bundled font cannot draw.
pub fn not_in_bundled<'a>(text: impl IntoIterator<Item = &'a str>) -> BTreeSet<char> {
    let mut out = BTreeSet::new();
    for s in text {
        out.extend(s.chars().filter(|c| !bundled_has(*c)));
    }
    out
}

/// A font of this computer that draws some characters the bundled font lacks.
#[derive(Clone)]
pub struct SystemFont {
    /// Its family name ("Microsoft YaHei").
    pub family: String,
    /// The whole font file (a collection keeps all its faces).
    pub data: Arc<Vec<u8>>,
    /// Which face of `data` covers the characters.
    pub index: u32,
    /// The characters it was chosen for.
    pub chars: BTreeSet<char>,
}

impl std::fmt::Debug for SystemFont {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SystemFont")
            .field("family", &self.family)
            .field("index", &self.index)
            .field("chars", &self.chars)
            .finish()
    }
}

/// System fonts for characters the bundled font lacks, and what no font has.
#[derive(Debug, Clone, Default)]
pub struct Fallback {
    pub fonts: Vec<SystemFont>,
    /// Characters no font of this computer draws.
    pub missing: BTreeSet<char>,
}

/// Chinese system fonts tried first, so a name keeps one look where it can (Windows, macOS,
/// Linux families).
const PREFERRED: [&str; 12] = [
    "Microsoft YaHei",
    "SimSun",
    "NSimSun",
    "SimHei",
    "DengXian",
    "PingFang SC",
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
];

/// The fonts installed on this computer (read once; only their names until one is used).
fn system_db() -> &'static fontdb::Database {
    static DB: OnceLock<fontdb::Database> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = fontdb::Database::new();
        db.load_system_fonts();
        db
    })
}

/// System fonts that draw `chars`: preferred Chinese families first, then whichever face draws
/// the most of the characters still open. Characters no system font draws are in `missing`.
pub fn fallback_for(chars: &BTreeSet<char>) -> Fallback {
    let mut open: BTreeSet<char> = chars.iter().copied().filter(|c| !bundled_has(*c)).collect();
    if open.is_empty() {
        return Fallback::default();
    }
    let db = system_db();
    let rank = |f: &fontdb::FaceInfo| {
        f.families
            .iter()
            .filter_map(|(name, _)| PREFERRED.iter().position(|p| p.eq_ignore_ascii_case(name)))
            .min()
            .unwrap_or(PREFERRED.len())
    };
    let mut faces: Vec<&fontdb::FaceInfo> = db.faces().collect();
    faces.sort_by_key(|f| rank(f));
    let mut fonts = Vec::new();
    while !open.is_empty() {
        // The first face, in preference order, that covers the most open characters.
        let mut best: Option<(&fontdb::FaceInfo, BTreeSet<char>)> = None;
        for f in &faces {
            let covers = db
                .with_face_data(f.id, |data, index| {
                    let face = ttf_parser::Face::parse(data, index).ok()?;
                    Some(
                        open.iter()
                            .copied()
                            .filter(|c| face.glyph_index(*c).is_some())
                            .collect::<BTreeSet<char>>(),
                    )
                })
                .flatten()
                .unwrap_or_default();
            if covers.len() > best.as_ref().map_or(0, |b| b.1.len()) {
                let all = covers.len() == open.len();
                best = Some((f, covers));
                if all {
                    break;
                }
            }
        }
        let Some((face, covers)) = best else { break };
        let Some((data, index)) = db.with_face_data(face.id, |d, i| (d.to_vec(), i)) else {
            break;
        };
        open.retain(|c| !covers.contains(c));
        fonts.push(SystemFont {
            family: face
                .families
                .first()
                .map_or_else(String::new, |f| f.0.clone()),
            data: Arc::new(data),
            index,
            chars: covers,
        });
    }
    Fallback {
        fonts,
        missing: open,
    }
}

/// The text an SVG document shows (the content of its elements, entities decoded), to check
/// which characters its figures need.
pub fn svg_text(svg: &str) -> String {
    let mut out = String::new();
    let mut rest = svg;
    while let Some(end) = rest.find('<') {
        let text = &rest[..end];
        if !text.trim().is_empty() {
            out.push_str(
                &text
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&quot;", "\"")
                    .replace("&apos;", "'")
                    .replace("&amp;", "&"),
            );
        }
        rest = match rest[end..].find('>') {
            Some(k) => &rest[end + k + 1..],
            None => "",
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_font_lacks_characters_outside_gb2312() {
        // 浉 (U+6D49) is in GBK but not in GB 2312; 河 and 区 are in both.
        assert!(!bundled_has('浉'));
        assert!(bundled_has('河') && bundled_has('区') && bundled_has(' '));
        assert_eq!(not_in_bundled(["浉河区", "平桥区"]), BTreeSet::from(['浉']));
    }

    #[test]
    fn svg_text_is_the_element_content() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg"><text x="1">浉河区 &amp; A</text><g><text>B&lt;</text></g></svg>"#;
        assert_eq!(svg_text(svg), "浉河区 & AB<");
    }

    #[test]
    fn covered_characters_need_no_system_font() {
        let fb = fallback_for(&BTreeSet::from(['河', '区']));
        assert!(fb.fonts.is_empty() && fb.missing.is_empty());
    }

    #[test]
    fn a_character_no_font_has_is_reported_missing() {
        // A private-use code point: no font of any system draws it.
        let fb = fallback_for(&BTreeSet::from(['\u{F8FF}', '\u{10FFFD}']));
        assert!(fb.missing.contains(&'\u{10FFFD}'), "{fb:?}");
    }
}
