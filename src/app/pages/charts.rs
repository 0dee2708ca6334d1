//! Page (being built).

use eframe::egui;

use crate::app::state::AppState;

pub fn ui(ui: &mut egui::Ui, state: &mut AppState) {
    let title = state.page.title(state.lang());
    ui.heading(title);
}
