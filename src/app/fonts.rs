//! Fonts: the bundled CJK subset (Noto Sans CJK SC, GB 2312 range, SIL OFL 1.1, see
//! `assets/fonts/OFL.txt`) added behind egui's default fonts, so Latin text keeps egui's look
//! and every GB 2312 character renders without a system font. eframe's system-font fallback
//! (on by default) covers rarer characters on the user's machine.

use eframe::egui;

/// The bundled subset font (≈3 MB).
pub const CJK_FONT: &[u8] = include_bytes!("../../assets/fonts/NotoSansSC-GB2312.otf");

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
