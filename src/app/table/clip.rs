//! The system clipboard for tables: after a block paste, the status line and the list of
//! pasted cells that were not written (county · column, text, why); copying a whole table out
//! (button or Ctrl+C with no cell being edited) as tab-separated text with its header row.
//! Parsing and TSV writing are `io::clipboard`'s; this file only words and shows them.

use eframe::egui;

use crate::app::page_state::PasteReport;
use crate::app::state::{AppState, Notice};
use crate::i18n::{Lang, t, tf};
use crate::io::clipboard::{PasteCount, Why, to_tsv};

/// At most this many unwritten cells are listed one by one.
const MAX_LISTED: usize = 200;

/// Tells the user how a block paste went: the status line, and the list of cells that were
/// not written, each named by `row_name(block row)` and `col_name(block column)`.
pub fn report_paste(
    state: &mut AppState,
    n: &PasteCount,
    row_name: impl Fn(usize) -> String,
    col_name: impl Fn(usize) -> String,
) {
    let lang = state.lang();
    let mut text = if n.rejected > 0 {
        tf(
            lang,
            "tbl_pasted_rejects",
            &[
                ("n", &n.written.to_string()),
                ("bad", &n.rejected.to_string()),
            ],
        )
    } else {
        tf(lang, "tbl_pasted", &[("n", &n.written.to_string())])
    };
    if n.outside > 0 {
        text.push_str(&tf(lang, "tbl_outside", &[("n", &n.outside.to_string())]));
    }
    state.notice = Some(Notice {
        text,
        error: n.rejected > 0 || n.outside > 0,
    });
    state.pages.paste = (n.rejected > 0).then(|| PasteReport {
        written: n.written,
        lines: n
            .rejects
            .iter()
            .take(MAX_LISTED)
            .map(|r| {
                tf(
                    lang,
                    "tbl_reject_line",
                    &[
                        ("row", &row_name(r.row)),
                        ("col", &col_name(r.col)),
                        ("text", &r.text),
                        ("why", t(lang, why_key(r.why))),
                    ],
                )
            })
            .collect(),
    });
}

fn why_key(w: Why) -> &'static str {
    match w {
        Why::NotANumber => "tbl_why_nan",
        Why::OutOfRange => "tbl_why_range",
        Why::NotUsed => "tbl_why_unused",
        Why::NotRecognised => "tbl2_why_unknown",
        Why::OtherMode => "tbl2_why_mode",
    }
}

/// The list of the last paste's unwritten cells, in a window the user closes.
pub fn report_window(ctx: &egui::Context, state: &mut AppState) {
    let lang = state.lang();
    let Some(report) = &state.pages.paste else {
        return;
    };
    let mut open = true;
    let mut close = false;
    egui::Window::new(t(lang, "tbl_rejects_title"))
        .id(egui::Id::unique("paste_rejects"))
        .open(&mut open)
        .collapsible(false)
        .resizable(true)
        .default_width(420.0)
        .anchor(egui::Align2::RIGHT_BOTTOM, egui::vec2(-16.0, -40.0))
        .show(ctx, |ui| {
            ui.label(tf(
                lang,
                "tbl_rejects_head",
                &[
                    ("n", &report.written.to_string()),
                    ("bad", &report.lines.len().to_string()),
                ],
            ));
            egui::ScrollArea::vertical()
                .max_height(220.0)
                .show(ui, |ui| {
                    for l in &report.lines {
                        ui.colored_label(ui.visuals().error_fg_color, l);
                    }
                });
            ui.label(egui::RichText::new(t(lang, "tbl_rejects_fix")).weak());
            if ui.button(t(lang, "tbl_close")).clicked() {
                close = true;
            }
        });
    if !open || close {
        state.pages.paste = None;
    }
}

/// A "copy table" button; true when clicked, or on Ctrl+C while no cell is being edited (the
/// text in an edited cell copies as text, as usual).
pub fn copy_button(ui: &mut egui::Ui, lang: Lang) -> bool {
    let clicked = ui
        .button(t(lang, "tbl_copy_table"))
        .on_hover_text(t(lang, "tbl_copy_tip"))
        .clicked();
    let ctrl_c = ui.memory(|m| m.focused().is_none())
        && ui.input(|i| i.events.iter().any(|e| matches!(e, egui::Event::Copy)));
    clicked || ctrl_c
}

/// Puts `rows` (header row first) on the system clipboard and says so in the status line.
pub fn copy_rows(ctx: &egui::Context, state: &mut AppState, rows: &[Vec<String>]) {
    let lang = state.lang();
    ctx.copy_text(to_tsv(rows));
    state.notice = Some(Notice {
        text: tf(
            lang,
            "tbl_copied",
            &[
                ("rows", &rows.len().saturating_sub(1).to_string()),
                ("cols", &rows.first().map_or(0, Vec::len).to_string()),
            ],
        ),
        error: false,
    });
}
