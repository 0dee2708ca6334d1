//! Tables that work at scale: a wide table whose row-label (county) column and header row stay
//! in place while the other columns scroll sideways and the rows scroll down (`frozen`), and
//! the clipboard both ways for every table (`clip`: the list of pasted cells that were not
//! written, copying a table out as TSV with its headers).
//!
//! egui_extras' `TableBuilder` keeps its header row fixed but cannot freeze a column, so a
//! frozen table is two tables side by side: the label column, and the rest inside a
//! horizontal scroll area. Both scroll vertically; whichever the user scrolled sets the
//! offset of both (kept in egui's temp memory under the table's id). Spreadsheet keys in a
//! cell (Enter, arrows, Tab) and scrolling the focused cell into view are the cells' own
//! (`widgets.rs`), so they work in every table.

pub mod clip;

use eframe::egui;
use egui_extras::{Column, TableBuilder, TableRow};

/// The shape of a frozen table.
pub struct Frozen<'a> {
    /// Names the table (its scroll state and the two halves' ids).
    pub id_salt: &'a str,
    pub label_width: f32,
    /// The scrolling columns.
    pub columns: Vec<Column>,
    pub header_height: f32,
    pub row_height: f32,
    pub rows: usize,
    /// A row to bring into view (e.g. the county a validation message points at).
    pub scroll_to_row: Option<usize>,
    /// A row drawn selected in both halves (the county selected on the map or another page).
    pub selected_row: Option<usize>,
    /// Space to leave below the table for what the page shows under it.
    pub reserve_below: f32,
    /// A fixed height instead (tables inside a page that scrolls as a whole).
    pub height: Option<f32>,
}

impl Frozen<'_> {
    /// Draws the table: `label_head` and `label` fill the frozen column's header and rows,
    /// `head` and `row` the scrolling part (one `col` per entry of `columns`).
    pub fn show(
        self,
        ui: &mut egui::Ui,
        label_head: impl FnOnce(&mut egui::Ui),
        label: impl FnMut(&mut egui::Ui, usize),
        head: impl FnOnce(TableRow<'_, '_>),
        row: impl FnMut(TableRow<'_, '_>),
    ) {
        self.show_sensed(ui, egui::Sense::hover(), label_head, label, head, row);
    }

    /// As `show`, with the scrolling part's rows sensing `sense` (a table whose rows are
    /// selected by a click reads `row.response()`; the label column senses its own cells).
    pub fn show_sensed(
        self,
        ui: &mut egui::Ui,
        sense: egui::Sense,
        label_head: impl FnOnce(&mut egui::Ui),
        mut label: impl FnMut(&mut egui::Ui, usize),
        head: impl FnOnce(TableRow<'_, '_>),
        mut row: impl FnMut(TableRow<'_, '_>),
    ) {
        let id = ui.make_persistent_id(("frozen_table", self.id_salt));
        let synced: f32 = ui.data(|d| d.get_temp(id)).unwrap_or(0.0);
        // A header that wraps onto more lines grows its table's header row: the label half's
        // grows by as much (measured last frame), so the rows stay level.
        let grow_id = id.with("header_grow");
        let grow: f32 = ui.data(|d| d.get_temp(grow_id)).unwrap_or(0.0);
        let height = self.height.unwrap_or_else(|| {
            (ui.available_height() - self.reserve_below).max(self.row_height * 4.0)
        });
        // The sideways scroll bar takes room below the right half; the left half leaves the same.
        let bar = ui.spacing().scroll.allocated_width();
        let (rows, rh, hh) = (self.rows, self.row_height, self.header_height);
        let selected = self.selected_row;
        // The header row sits above the scrolled body, so the body gets what is left of it.
        let body = (height - bar - hh - grow).max(rh * 3.0);
        let mut left_y = synced;
        let mut right_y = synced;
        let (mut left_top, mut right_top) = (0.0, 0.0);
        ui.horizontal_top(|ui| {
            ui.spacing_mut().item_spacing.x = 0.0;
            ui.vertical(|ui| {
                ui.set_width(self.label_width);
                ui.set_max_width(self.label_width);
                let mut t = TableBuilder::new(ui)
                    .id_salt(("frozen_l", self.id_salt))
                    .striped(true)
                    // Wide only as the label column, full height like the right half.
                    .auto_shrink([true, false])
                    .min_scrolled_height(body)
                    .max_scroll_height(body)
                    .vertical_scroll_offset(synced)
                    .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::AlwaysHidden)
                    .column(Column::exact(self.label_width - 8.0));
                if let Some(r) = self.scroll_to_row {
                    t = t.scroll_to_row(r, Some(egui::Align::Center));
                }
                let out = t
                    .header(hh + grow, |mut h| {
                        h.col(label_head);
                    })
                    .body(|body| {
                        body.rows(rh, rows, |mut r| {
                            let i = r.index();
                            r.set_selected(selected == Some(i));
                            r.col(|ui| label(ui, i));
                        });
                    });
                left_y = out.state.clamped_offset().y;
                left_top = out.inner_rect.min.y;
            });
            ui.separator();
            egui::ScrollArea::horizontal()
                .id_salt(("frozen_h", self.id_salt))
                .auto_shrink(false)
                .show(ui, |ui| {
                    // Header above body: the halves sit side by side, the table's rows do not.
                    ui.vertical(|ui| {
                        let mut t = TableBuilder::new(ui)
                            .id_salt(("frozen_r", self.id_salt))
                            .striped(true)
                            .resizable(true)
                            .sense(sense)
                            .auto_shrink(false)
                            .min_scrolled_height(body)
                            .max_scroll_height(body)
                            .vertical_scroll_offset(synced);
                        for c in self.columns {
                            t = t.column(c);
                        }
                        if let Some(r) = self.scroll_to_row {
                            t = t.scroll_to_row(r, Some(egui::Align::Center));
                        }
                        let out = t.header(hh, head).body(|body| {
                            body.rows(rh, rows, |mut r| {
                                r.set_selected(selected == Some(r.index()));
                                row(r)
                            });
                        });
                        right_y = out.state.clamped_offset().y;
                        right_top = out.inner_rect.min.y;
                        // A cell that got focus in the table is brought into view sideways too.
                        let key = egui::Id::unique(crate::app::widgets::FOCUSED_CELL);
                        if let Some(r) = ui.data(|d| d.get_temp::<egui::Rect>(key)) {
                            ui.data_mut(|d| d.remove::<egui::Rect>(key));
                            ui.scroll_to_rect(r, None);
                        }
                    });
                });
        });
        let new_grow = (grow + right_top - left_top).max(0.0);
        if (new_grow - grow).abs() > 0.5 {
            ui.data_mut(|d| d.insert_temp(grow_id, new_grow));
            ui.ctx().request_repaint();
        }
        // Whichever half moved (wheel, scroll bar, a focused cell brought into view) leads.
        let next = if (right_y - synced).abs() > 0.5 {
            right_y
        } else {
            left_y
        };
        if (next - synced).abs() > 0.5 {
            ui.data_mut(|d| d.insert_temp(id, next));
            ui.ctx().request_repaint();
        }
    }
}

/// A county's name in a table's label column that selects the county when clicked (the map
/// and the other county tables follow the selection).
pub fn county_name(ui: &mut egui::Ui, name: &str) -> egui::Response {
    ui.add(egui::Label::new(name).sense(egui::Sense::click()))
}

/// A cell of a wide table whose content is drawn only when the cell is in view or next to it.
/// egui_extras lays out every column of each visible row; a table of two dozen columns in a
/// narrow window spent half its frame on cells scrolled out of view sideways. The neighbours
/// one cell wide on each side are drawn so Tab and the arrow keys can still move into them
/// (the focused cell is then scrolled into view).
pub fn cell(row: &mut TableRow<'_, '_>, f: impl FnOnce(&mut egui::Ui)) {
    row.col(|ui| {
        if near_view(ui) {
            f(ui);
        }
    });
}

/// Whether the cell `ui` is within one cell width of the part of the table in view.
pub fn near_view(ui: &egui::Ui) -> bool {
    let r = ui.max_rect();
    let view = ui.clip_rect().expand2(egui::vec2(r.width() + 1.0, 0.0));
    view.intersects(r)
}

/// A cell whose content sits in a row, centred vertically (what `TableBuilder::cell_layout`
/// gives a table; a frozen table's cells ask for it themselves).
pub fn centred_col(row: &mut TableRow<'_, '_>, f: impl FnOnce(&mut egui::Ui)) {
    row.col(|ui| {
        ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), f);
    });
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_pages;
