//! Shared widgets: the editable number, text and year cells every table uses, so values look,
//! parse and validate alike everywhere, and block paste from spreadsheets (the paste filter
//! `take_block_paste`; the walk of a pasted block over a table, `apply_block`, is
//! `io::clipboard`'s).
//!
//! A cell's text while it is being edited is widget state and stays in egui's temp memory,
//! keyed by the cell's id; page state (selections, filters, tabs) lives in `AppState::pages`.
//! Nothing here edits the project: cells report what the user did and pages apply it.

use eframe::egui;

use super::format;

/// What the user did with a cell.
#[derive(Debug, Clone, PartialEq)]
pub enum CellChange {
    /// A new value (already parsed and range-checked).
    Set(f64),
    /// The cell was emptied.
    Clear,
    /// A rectangular block (rows × columns of text) was pasted with this cell as top-left.
    Paste(Vec<Vec<String>>),
    /// The text could not be used; the message says why.
    Rejected(String),
}

/// How a number cell shows and checks its value.
#[derive(Debug, Clone, Copy)]
pub struct CellSpec<'a> {
    pub decimals: usize,
    /// Accessible name and tooltip (county · field · unit).
    pub name: &'a str,
    /// A validation problem to mark the cell with.
    pub problem: Option<&'a str>,
    pub min: Option<f64>,
    pub max: Option<f64>,
}

/// Editable number cell. Shows `value` formatted; while focused, the raw number. Commits on
/// Enter or when focus leaves.
pub fn num_cell(
    ui: &mut egui::Ui,
    id: egui::Id,
    value: Option<f64>,
    spec: CellSpec<'_>,
) -> Option<CellChange> {
    let CellSpec {
        decimals,
        name,
        problem,
        min,
        max,
    } = spec;
    let editing: Option<String> = ui.data(|d| d.get_temp(id));
    let mut text = editing
        .clone()
        .unwrap_or_else(|| value.map_or_else(String::new, |v| format::num(v, decimals)));
    let len = text.chars().count();
    let mut edit = egui::TextEdit::singleline(&mut text)
        .id(id)
        .desired_width(f32::INFINITY)
        .align(egui::Align2::RIGHT_CENTER);
    if problem.is_some() {
        edit = edit.text_color(ui.visuals().error_fg_color);
    }
    // A multi-cell paste into a focused cell is taken as a block, before the text edit sees it.
    let block = take_block_paste(ui, id);
    grid_keys(ui, id, len);
    let mut resp = ui.add(edit).accessible_name(name);
    // Arrow and Enter moves give focus without `gained_focus` (egui moves it between
    // frames), so a focused cell with no edit text yet has just arrived.
    let arrived = resp.has_focus() && editing.is_none();
    show_focused(&resp, arrived, || {
        value.map_or_else(String::new, |v| format!("{v}"))
    });
    if let Some(p) = problem {
        resp = resp.on_hover_text(format!("{name}\n! {p}"));
    } else {
        resp = resp.on_hover_text(name);
    }
    if let Some(b) = block {
        return Some(CellChange::Paste(b));
    }
    if arrived {
        let raw = value.map_or_else(String::new, |v| format!("{v}"));
        ui.data_mut(|d| d.insert_temp(id, raw));
        return None;
    }
    if resp.has_focus() {
        ui.data_mut(|d| d.insert_temp(id, text));
        return None;
    }
    if resp.lost_focus() || (editing.is_some() && !resp.has_focus()) {
        ui.data_mut(|d| d.remove::<String>(id));
        let typed = editing.map(|_| text)?;
        let trimmed = typed.trim();
        if trimmed.is_empty() {
            return value.map(|_| CellChange::Clear);
        }
        return Some(match format::parse_number(trimmed) {
            None => CellChange::Rejected(trimmed.to_string()),
            Some(v) if min.is_some_and(|m| v < m) || max.is_some_and(|m| v > m) => {
                CellChange::Rejected(trimmed.to_string())
            }
            Some(v) if Some(v) == value => return None,
            Some(v) => CellChange::Set(v),
        });
    }
    None
}

/// Spreadsheet keys in the focused cell `id` (its text `len` characters long): Enter and ↓
/// go to the cell below, Shift+Enter and ↑ above, ← at the start and → at the end of the
/// text to the cell beside (Tab and Shift+Tab are egui's own). The cell is found by where it
/// lies, so every table gets this without knowing its cells; the value is committed when
/// focus leaves, as on a click elsewhere. Enter in the last row just commits.
fn grid_keys(ui: &egui::Ui, id: egui::Id, len: usize) {
    use egui::{FocusDirection as Dir, Key, Modifiers};
    if !ui.memory(|m| m.has_focus(id)) {
        return;
    }
    let frame = ui.ctx().cumulative_frame_nr();
    let enter_id = id.with("grid_enter");
    // Enter was pressed last frame and focus found no cell below: leave the cell (commit).
    if ui.data(|d| d.get_temp::<u64>(enter_id)) == Some(frame.wrapping_sub(1)) {
        ui.data_mut(|d| d.remove::<u64>(enter_id));
        ui.memory_mut(|m| m.surrender_focus(id));
        return;
    }
    let cursor = egui::TextEdit::load_state(ui.ctx(), id).and_then(|s| s.cursor.char_range());
    let at_start = cursor.is_none_or(|c| c.primary.index.0 == 0 && c.secondary.index.0 == 0);
    let at_end = cursor.is_none_or(|c| c.primary.index.0 >= len && c.secondary.index.0 >= len);
    let mut enter = false;
    let dir = ui.input_mut(|i| {
        if i.consume_key(Modifiers::NONE, Key::Enter) {
            enter = true;
            Some(Dir::Down)
        } else if i.consume_key(Modifiers::SHIFT, Key::Enter) {
            enter = true;
            Some(Dir::Up)
        } else if i.consume_key(Modifiers::NONE, Key::ArrowDown) {
            Some(Dir::Down)
        } else if i.consume_key(Modifiers::NONE, Key::ArrowUp) {
            Some(Dir::Up)
        } else if at_start && i.consume_key(Modifiers::NONE, Key::ArrowLeft) {
            Some(Dir::Left)
        } else if at_end && i.consume_key(Modifiers::NONE, Key::ArrowRight) {
            Some(Dir::Right)
        } else {
            None
        }
    });
    if let Some(d) = dir {
        ui.memory_mut(|m| m.move_focus(d));
        if enter {
            ui.data_mut(|d| d.insert_temp(enter_id, frame));
        }
    }
}

/// Where a cell that just got focus lies, for a frozen table's sideways scroll area (a
/// table's own vertical scroll area takes both scroll targets, so the sideways one never
/// sees `scroll_to_me`'s).
pub const FOCUSED_CELL: &str = "focused_cell_rect";

/// A cell that just got keyboard focus (Tab, Enter, arrows) scrolls into view, sideways and
/// down, so values are never typed blind. Its text on arrival is kept, to tell whether the
/// user has typed in it yet (`leave_untouched_cell`).
fn show_focused(resp: &egui::Response, arrived: bool, initial: impl FnOnce() -> String) {
    if arrived {
        let text = initial();
        resp.ctx
            .data_mut(|d| d.insert_temp(resp.id.with("cell_initial"), text));
        resp.scroll_to_me(None);
        resp.ctx
            .data_mut(|d| d.insert_temp(egui::Id::unique(FOCUSED_CELL), resp.rect));
    }
}

/// When the focused widget is a table cell the user has not typed in (e.g. Enter just moved
/// there), leaves it without committing anything and returns true: Ctrl+Z then undoes the last
/// edit of the project, as in a spreadsheet, instead of going to the empty cell's own undo.
pub fn leave_untouched_cell(ctx: &egui::Context) -> bool {
    let Some(id) = ctx.memory(|m| m.focused()) else {
        return false;
    };
    let initial: Option<String> = ctx.data(|d| d.get_temp(id.with("cell_initial")));
    let now: Option<String> = ctx.data(|d| d.get_temp(id));
    match (initial, now) {
        (Some(a), Some(b)) if a == b => {
            ctx.data_mut(|d| d.remove::<String>(id));
            ctx.memory_mut(|m| m.surrender_focus(id));
            true
        }
        _ => false,
    }
}

/// A multi-cell paste (tabs or several lines) into the focused widget `id`, taken out of the
/// input events before the widget sees it; the widget then gives up focus and its edit text.
pub fn take_block_paste(ui: &egui::Ui, id: egui::Id) -> Option<Vec<Vec<String>>> {
    if !ui.memory(|m| m.has_focus(id)) {
        return None;
    }
    let mut block = None;
    ui.input_mut(|i| {
        i.events.retain(|e| match e {
            egui::Event::Paste(s) if crate::io::clipboard::is_block(s) => {
                block = Some(parse_block(s));
                false
            }
            _ => true,
        });
    });
    if block.is_some() {
        ui.memory_mut(|m| m.surrender_focus(id));
        ui.data_mut(|d| d.remove::<String>(id));
    }
    block
}

pub use crate::io::clipboard::{PasteCount, Pasted, Why, apply_block, parse_block};

/// A pasted or typed number, if it parses and lies in `[min, max]`.
pub fn number_in(text: &str, min: Option<f64>, max: Option<f64>) -> Option<f64> {
    format::parse_number(text)
        .filter(|v| !min.is_some_and(|m| *v < m) && !max.is_some_and(|m| *v > m))
}

/// A pasted cell of a numeric column: written through `write` when it is a number in
/// `[min, max]`, ignored when empty, otherwise rejected with the reason.
pub fn paste_number(
    text: &str,
    min: Option<f64>,
    max: Option<f64>,
    write: impl FnOnce(f64),
) -> Pasted {
    crate::io::clipboard::set_number(text, min, max, write)
}

/// What the user did with a year cell.
pub enum YearChange {
    /// A whole year, or `None` for "empty".
    Set(Option<i32>),
    Rejected(String),
    Paste(Vec<Vec<String>>),
}

/// Editable year cell: the year without thousands separators, `implied` shown greyed when
/// empty (e.g. the accounting year). Commits on Enter or when focus leaves.
pub fn year_cell(
    ui: &mut egui::Ui,
    id: egui::Id,
    value: Option<i32>,
    implied: Option<i32>,
    name: &str,
) -> Option<YearChange> {
    if let Some(b) = take_block_paste(ui, id) {
        return Some(YearChange::Paste(b));
    }
    let editing: Option<String> = ui.data(|d| d.get_temp(id));
    let mut text = editing
        .clone()
        .unwrap_or_else(|| value.map_or_else(String::new, |y| y.to_string()));
    let len = text.chars().count();
    let mut edit = egui::TextEdit::singleline(&mut text)
        .id(id)
        .desired_width(f32::INFINITY)
        .align(egui::Align2::RIGHT_CENTER);
    if let Some(y) = implied {
        edit = edit.hint_text(egui::RichText::new(y.to_string()).italics());
    }
    grid_keys(ui, id, len);
    let resp = ui.add(edit).accessible_name(name).on_hover_text(name);
    let arrived = resp.has_focus() && editing.is_none();
    show_focused(&resp, arrived, || {
        value.map_or_else(String::new, |y| y.to_string())
    });
    if resp.has_focus() {
        ui.data_mut(|d| d.insert_temp(id, text));
        return None;
    }
    editing?;
    ui.data_mut(|d| d.remove::<String>(id));
    match parse_year(&text) {
        Ok(y) if y == value => None,
        Ok(y) => Some(YearChange::Set(y)),
        Err(()) => Some(YearChange::Rejected(text.trim().to_string())),
    }
}

/// A price year as typed: empty is `None`; otherwise a whole year in 1900..=2200.
#[allow(clippy::result_unit_err)]
pub fn parse_year(s: &str) -> Result<Option<i32>, ()> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    match format::parse_number(s) {
        Some(v) if v.fract() == 0.0 && (1900.0..=2200.0).contains(&v) => Ok(Some(v as i32)),
        _ => Err(()),
    }
}

/// A small coloured tag for verification status (V, V-sec, D, U).
pub fn tag_badge(
    ui: &mut egui::Ui,
    tag: crate::registry::Tag,
    lang: crate::i18n::Lang,
) -> egui::Response {
    let (color, tip) = match tag {
        crate::registry::Tag::V => (
            egui::Color32::from_rgb(40, 140, 70),
            crate::i18n::t(lang, "tag_v"),
        ),
        crate::registry::Tag::VSec => (
            egui::Color32::from_rgb(70, 120, 170),
            crate::i18n::t(lang, "tag_vsec"),
        ),
        crate::registry::Tag::D => (
            egui::Color32::from_rgb(110, 110, 160),
            crate::i18n::t(lang, "tag_d"),
        ),
        crate::registry::Tag::U => (
            egui::Color32::from_rgb(200, 90, 20),
            crate::i18n::t(lang, "tag_u"),
        ),
    };
    ui.label(egui::RichText::new(tag.label()).color(color).strong())
        .on_hover_text(tip)
}

/// Editable text cell; returns the new text when the user commits a change.
pub fn text_cell(ui: &mut egui::Ui, id: egui::Id, value: &str, name: &str) -> Option<String> {
    let editing: Option<String> = ui.data(|d| d.get_temp(id));
    let mut text = editing.clone().unwrap_or_else(|| value.to_string());
    grid_keys(ui, id, text.chars().count());
    let resp = ui
        .add(
            egui::TextEdit::singleline(&mut text)
                .id(id)
                .desired_width(f32::INFINITY),
        )
        .accessible_name(name)
        .on_hover_text(name);
    let arrived = resp.has_focus() && editing.is_none();
    show_focused(&resp, arrived, || value.to_string());
    if resp.has_focus() {
        ui.data_mut(|d| d.insert_temp(id, text));
        return None;
    }
    if editing.is_some() {
        ui.data_mut(|d| d.remove::<String>(id));
        let t = text.trim().to_string();
        if t != value {
            return Some(t);
        }
    }
    None
}

/// A table header label that wraps onto several lines (name, then unit).
pub fn header(ui: &mut egui::Ui, text: impl Into<String>) -> egui::Response {
    ui.add(egui::Label::new(egui::RichText::new(text.into()).strong()).wrap())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years() {
        assert_eq!(parse_year(" "), Ok(None));
        assert_eq!(parse_year("2020"), Ok(Some(2020)));
        assert_eq!(parse_year("２０２０"), Ok(Some(2020)));
        assert_eq!(parse_year("2020.5"), Err(()));
        assert_eq!(parse_year("1800"), Err(()));
    }
}
