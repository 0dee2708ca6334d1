//! Shared widgets: the editable number, text and year cells every table uses, so values look,
//! parse and validate alike everywhere, and block paste from spreadsheets (the paste filter
//! `take_block_paste` and the one walk of a pasted block over a table, `apply_block`).
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
    let mut edit = egui::TextEdit::singleline(&mut text)
        .id(id)
        .desired_width(f32::INFINITY)
        .align(egui::Align2::RIGHT_CENTER);
    if problem.is_some() {
        edit = edit.text_color(ui.visuals().error_fg_color);
    }
    // A multi-cell paste into a focused cell is taken as a block, before the text edit sees it.
    let block = take_block_paste(ui, id);
    let mut resp = ui.add(edit).accessible_name(name);
    if let Some(p) = problem {
        resp = resp.on_hover_text(format!("{name}\n! {p}"));
    } else {
        resp = resp.on_hover_text(name);
    }
    if let Some(b) = block {
        return Some(CellChange::Paste(b));
    }
    if resp.gained_focus() {
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

/// A multi-cell paste (tabs or several lines) into the focused widget `id`, taken out of the
/// input events before the widget sees it; the widget then gives up focus and its edit text.
pub fn take_block_paste(ui: &egui::Ui, id: egui::Id) -> Option<Vec<Vec<String>>> {
    if !ui.memory(|m| m.has_focus(id)) {
        return None;
    }
    let mut block = None;
    ui.input_mut(|i| {
        i.events.retain(|e| match e {
            egui::Event::Paste(s) if s.contains('\t') || s.trim_end().contains('\n') => {
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

/// What became of one pasted cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pasted {
    Written,
    /// Not usable here (not a number, out of range, not used by the row …).
    Rejected,
    /// Left alone without complaint (typically an empty cell).
    Ignored,
}

/// How a pasted block went.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PasteCount {
    pub written: usize,
    pub rejected: usize,
    /// Cells that fell beyond the last row or column of the table.
    pub outside: usize,
}

/// Walks a pasted block over a table: block row `dr`, column `dc` goes to `rows[dr]`,
/// `cols[dc]` (callers pass the rows and columns from the pasted-into cell on), and `set`
/// says what it made of the cell's text. The one copy of the loop every table's paste uses.
pub fn apply_block<R, C>(
    block: &[Vec<String>],
    rows: &[R],
    cols: &[C],
    mut set: impl FnMut(&R, &C, &str) -> Pasted,
) -> PasteCount {
    let mut n = PasteCount::default();
    for (dr, line) in block.iter().enumerate() {
        let Some(r) = rows.get(dr) else {
            n.outside += line.len();
            continue;
        };
        for (dc, cell) in line.iter().enumerate() {
            let Some(c) = cols.get(dc) else {
                n.outside += line.len() - dc;
                break;
            };
            match set(r, c, cell) {
                Pasted::Written => n.written += 1,
                Pasted::Rejected => n.rejected += 1,
                Pasted::Ignored => {}
            }
        }
    }
    n
}

/// A pasted or typed number, if it parses and lies in `[min, max]`.
pub fn number_in(text: &str, min: Option<f64>, max: Option<f64>) -> Option<f64> {
    format::parse_number(text)
        .filter(|v| !min.is_some_and(|m| *v < m) && !max.is_some_and(|m| *v > m))
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
    let mut edit = egui::TextEdit::singleline(&mut text)
        .id(id)
        .desired_width(f32::INFINITY)
        .align(egui::Align2::RIGHT_CENTER);
    if let Some(y) = implied {
        edit = edit.hint_text(egui::RichText::new(y.to_string()).italics());
    }
    let resp = ui.add(edit).accessible_name(name).on_hover_text(name);
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

/// Splits spreadsheet clipboard text into rows of cells (tab-separated, one row per line).
pub fn parse_block(s: &str) -> Vec<Vec<String>> {
    s.trim_end_matches(['\n', '\r'])
        .lines()
        .map(|line| {
            line.trim_end_matches('\r')
                .split('\t')
                .map(|c| c.trim().to_string())
                .collect()
        })
        .collect()
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
    let resp = ui
        .add(
            egui::TextEdit::singleline(&mut text)
                .id(id)
                .desired_width(f32::INFINITY),
        )
        .accessible_name(name)
        .on_hover_text(name);
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
    fn block_from_excel_clipboard() {
        let b = parse_block("1\t2\t3\r\n4\t5\t6\r\n");
        assert_eq!(b, vec![vec!["1", "2", "3"], vec!["4", "5", "6"]]);
        assert_eq!(parse_block("7\n8\n"), vec![vec!["7"], vec!["8"]]);
    }

    #[test]
    fn block_walks_rows_and_columns_and_counts() {
        let block = parse_block("1\tx\t3\n\t5\t6\t7\n8\n");
        let mut got = Vec::new();
        let n = apply_block(&block, &["a", "b"], &[0, 1, 2], |r, c, text| {
            if text.is_empty() {
                return Pasted::Ignored;
            }
            match number_in(text, Some(0.0), Some(5.0)) {
                Some(v) => {
                    got.push((*r, *c, v));
                    Pasted::Written
                }
                None => Pasted::Rejected,
            }
        });
        assert_eq!(got, vec![("a", 0, 1.0), ("a", 2, 3.0), ("b", 1, 5.0)]);
        assert_eq!(
            n,
            PasteCount {
                written: 3,
                rejected: 2,
                outside: 2
            }
        );
    }

    #[test]
    fn years() {
        assert_eq!(parse_year(" "), Ok(None));
        assert_eq!(parse_year("2020"), Ok(Some(2020)));
        assert_eq!(parse_year("２０２０"), Ok(Some(2020)));
        assert_eq!(parse_year("2020.5"), Err(()));
        assert_eq!(parse_year("1800"), Err(()));
    }
}
