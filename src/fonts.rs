//! The bundled CJK font, included once: a GB 2312 subset of Noto Sans CJK SC (family name
//! "Noto Sans CJK SC", SIL OFL 1.1, see `assets/fonts/OFL.txt`). The desktop app installs it
//! (`app::fonts`), the chart renderer registers it with plotters and the PDF report hands it
//! to typst. Nothing here depends on a GUI.

/// The bundled subset font (≈3 MB).
pub const CJK_FONT: &[u8] = include_bytes!("../assets/fonts/NotoSansSC-GB2312.otf");
