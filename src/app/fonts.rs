//! Fonts in egui: the bundled CJK subset (`crate::fonts::CJK_FONT`) added behind egui's
//! default fonts, so Latin text keeps egui's look
//! and every GB 2312 character renders without a system font. eframe's system-font fallback
//! (on by default) covers rarer characters on the user's machine.

use eframe::egui;

pub use crate::fonts::CJK_FONT;

/// Installs the CJK font as a fallback in both families.
pub fn install(ctx: &egui::Context) {
    use egui::epaint::text::{FontInsert, FontPriority, InsertFontFamily};
    ctx.add_font(FontInsert::new(
        "NotoSansSC",
        egui::FontData::from_static(CJK_FONT),
        vec![
            InsertFontFamily {
                family: egui::FontFamily::Proportional,
                priority: FontPriority::Lowest,
            },
            InsertFontFamily {
                family: egui::FontFamily::Monospace,
                priority: FontPriority::Lowest,
            },
        ],
    ));
}
