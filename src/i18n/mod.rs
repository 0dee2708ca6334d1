//! Languages and bilingual text: the one translation layer.
//!
//! Owns the `Lang` switch, the `Text` pair (Chinese first, English second) that registry data
//! carries, and the key catalogue (`catalogue`: `t`, `tf` over `assets/i18n/*.ron`, with named
//! `{placeholders}`) through which every other user-facing string goes: the app, the report,
//! the workbook and the library's messages. The library never picks a language itself:
//! callers pass the `Lang` they display in.

pub mod catalogue;
pub use catalogue::{t, tf};

use serde::{Deserialize, Serialize};

/// Display language. Chinese is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    #[serde(rename = "zh")]
    Zh,
    #[serde(rename = "en")]
    En,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        match s.to_ascii_lowercase().as_str() {
            "zh" | "zh-cn" | "cn" | "中文" => Some(Lang::Zh),
            "en" | "en-us" | "english" => Some(Lang::En),
            _ => None,
        }
    }
}

/// A string in Chinese and English. In RON: `(zh: "水源涵养", en: "Water conservation")`, or
/// the short pair `("水源涵养", "Water conservation")` the registry's prose uses, or a plain
/// string: text a user typed (a project's own source, written before sources were bilingual)
/// reads as that string in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TextVisitor)
    }
}

struct TextVisitor;

impl<'de> serde::de::Visitor<'de> for TextVisitor {
    type Value = Text;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a string, a (\"中文\", \"English\") pair or (zh: …, en: …)")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Text, E> {
        Ok(Text::from(v))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Text, A::Error> {
        let zh: String = seq
            .next_element()?
            .ok_or_else(|| serde::de::Error::invalid_length(0, &self))?;
        let en: String = seq.next_element()?.unwrap_or_default();
        if seq.next_element::<serde::de::IgnoredAny>()?.is_some() {
            return Err(serde::de::Error::invalid_length(3, &self));
        }
        Ok(Text { zh, en })
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Text, A::Error> {
        let (mut zh, mut en) = (None, None);
        while let Some(k) = map.next_key::<String>()? {
            match k.as_str() {
                "zh" => zh = Some(map.next_value::<String>()?),
                "en" => en = Some(map.next_value::<String>()?),
                other => return Err(serde::de::Error::unknown_field(other, &["zh", "en"])),
            }
        }
        let zh = zh.ok_or_else(|| serde::de::Error::missing_field("zh"))?;
        Ok(Text {
            zh,
            en: en.unwrap_or_default(),
        })
    }
}

impl From<&str> for Text {
    /// Text that is the same in both languages (a user's own words, a proper name).
    fn from(s: &str) -> Text {
        Text::new(s, "")
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text::new(s, "")
    }
}

impl Text {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Text {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The text in `lang`, falling back to Chinese when no English is given.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En if self.en.is_empty() => &self.zh,
            Lang::En => &self.en,
        }
    }

    /// "中文 / English", for places (CLI errors, logs) that show both.
    pub fn both(&self) -> String {
        if self.en.is_empty() || self.en == self.zh {
            self.zh.clone()
        } else {
            format!("{} / {}", self.zh, self.en)
        }
    }

    pub fn is_empty(&self) -> bool {
        self.zh.is_empty() && self.en.is_empty()
    }
}

/// Latin words a Chinese text may carry: acronyms of the field, model and unit names, and the
/// proper names of sources kept as published.
pub const ZH_ALLOWED_LATIN: &[&str] = &[
    "GEP",
    "ESV",
    "GDP",
    "CPI",
    "NPP",
    "NEP",
    "COD",
    "BOD",
    "InVEST",
    "SEEA",
    "RUSLE",
    "RWEQ",
    "ChinaXiv",
    "Peng",
    "doi",
    "kWh",
    "MWh",
    "GWh",
    "TCO",
    "ECO",
    "PDF",
    "RON",
    "CSV",
    "TSV",
    "XLSX",
    "WPS",
    "Excel",
    "GIS",
    "DEM",
    "MODIS",
    "MOD",
    "EPIC",
    "Wischmeier",
    "Williams",
    "McCool",
    "NOx",
    "SCF",
    "EPP",
    "NDR",
    "PNG",
    "SVG",
    "ECPS",
    "Shapley",
    "Dietzenbacher",
    "Los",
];

/// Latin words of three letters or more in `s` that are not on [`ZH_ALLOWED_LATIN`]: English
/// leaking into a Chinese text. Web addresses and DOIs are names, not words, and are skipped.
pub fn stray_latin_words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for chunk in s.split(|c: char| c.is_whitespace() || !c.is_ascii()) {
        let lower = chunk.to_ascii_lowercase();
        if lower.contains("doi:")
            || lower.contains("://")
            || [".com", ".cn", ".cc", ".org", ".net"]
                .iter()
                .any(|d| lower.contains(d))
        {
            continue;
        }
        for word in chunk.split(|c: char| !c.is_ascii_alphabetic()) {
            if word.len() >= 3 && !ZH_ALLOWED_LATIN.contains(&word) {
                out.push(word.to_string());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_reads_a_plain_string_a_pair_and_the_named_form() {
        let plain: Text = ron::from_str("\"县统计局 2021\"").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(plain.get(Lang::Zh), "县统计局 2021");
        assert_eq!(plain.get(Lang::En), "县统计局 2021");
        let pair: Text =
            ron::from_str("(\"仅读摘要\", \"abstract read\")").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            (pair.get(Lang::Zh), pair.get(Lang::En)),
            ("仅读摘要", "abstract read")
        );
        let named: Text =
            ron::from_str("(zh: \"假设\", en: \"assumption\")").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(named, Text::new("假设", "assumption"));
        let zh_only: Text = ron::from_str("(zh: \"假设\")").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(zh_only.get(Lang::En), "假设");
        let json: Text = serde_json::from_str("{\"zh\":\"假设\",\"en\":\"assumption\"}")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(json, named);
        // Written back in the named form, which reads again.
        let again: Text = ron::from_str(&ron::to_string(&pair).unwrap_or_default())
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(again, pair);
        assert!(ron::from_str::<Text>("(\"a\", \"b\", \"c\")").is_err());
    }

    #[test]
    fn stray_latin_words_finds_english_but_not_names_acronyms_or_addresses() {
        assert_eq!(
            stray_latin_words("白玛卓嘎 等 2017；abstract read，GEP、CPI（tanwenku.cc）"),
            ["abstract", "read"]
        );
        assert!(
            stray_latin_words("Peng 等 2017（doi:10.5846/stxb201702200273），E_w·y").is_empty()
        );
        assert_eq!(stray_latin_words("V-sec"), ["sec"]);
    }
}
