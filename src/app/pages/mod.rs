//! The pages of the left navigation; one module each, each `pub fn ui(ui, state)`, and the
//! dispatch from `Page` to its page. `Page` itself lives in `app::nav` (re-exported here) so
//! that `state.rs` can name it without importing every page.

pub mod charts;
pub mod compensation;
pub mod counties;
pub mod decompose;
pub mod ecosystems;
pub mod esv;
pub mod land_cover;
pub mod map;
pub mod overview;
pub mod prices;
pub mod results;
pub mod services;

use eframe::egui;

pub use super::nav::Page;
use super::state::AppState;
#[cfg(test)]
use crate::i18n::Lang;

pub fn show(ui: &mut egui::Ui, state: &mut AppState) {
    match state.page {
        Page::Overview => overview::ui(ui, state),
        Page::Counties => counties::ui(ui, state),
        Page::LandCover => land_cover::ui(ui, state),
        Page::Services => services::ui(ui, state),
        Page::Ecosystems => ecosystems::ui(ui, state),
        Page::Prices => prices::ui(ui, state),
        Page::Results => results::ui(ui, state),
        Page::Charts => charts::ui(ui, state),
        Page::Decompose => decompose::ui(ui, state),
        Page::Map => map::ui(ui, state),
        Page::Esv => esv::ui(ui, state),
        Page::Compensation => compensation::ui(ui, state),
    }
    super::table::clip::report_window(ui.ctx(), state);
}

/// A kittest harness showing one page on the sample project (the page tests share it).
#[cfg(test)]
pub(crate) fn test_harness(
    lang: Lang,
    page: fn(&mut egui::Ui, &mut AppState),
) -> egui_kittest::Harness<'static, AppState> {
    let mut st = AppState::with_sample(super::state::Settings::default());
    st.settings.lang = lang;
    egui_kittest::Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .with_context_setup(super::fonts::install)
        .build_ui_state(
            move |ui, st: &mut AppState| {
                egui::CentralPanel::default().show(ui, |ui| page(ui, st));
            },
            st,
        )
}
