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

/// A string in Chinese and English. In RON: `(zh: "水源涵养", en: "Water conservation")`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Text {
    pub zh: String,
    #[serde(default)]
    pub en: String,
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
