//! Shared widgets: the editable number cell every table uses, so numbers look, parse and
//! validate alike everywhere, and block paste from spreadsheets.

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
    let focused = ui.memory(|m| m.has_focus(id));
    let mut block = None;
    if focused {
        ui.input_mut(|i| {
            i.events.retain(|e| match e {
                egui::Event::Paste(s) if s.contains('\t') || s.trim_end().contains('\n') => {
                    block = Some(parse_block(s));
                    false
                }
                _ => true,
            });
        });
    }
    let mut resp = ui.add(edit).accessible_name(name);
    if let Some(p) = problem {
        resp = resp.on_hover_text(format!("{name}\n! {p}"));
    } else {
        resp = resp.on_hover_text(name);
    }
    if let Some(b) = block {
        ui.data_mut(|d| d.remove::<String>(id));
        resp.surrender_focus();
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
}
