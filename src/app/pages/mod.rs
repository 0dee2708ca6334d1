//! The pages of the left navigation; one module each, each `pub fn ui(ui, state)`.

pub mod charts;
pub mod compensation;
pub mod counties;
pub mod esv;
pub mod land_cover;
pub mod overview;
pub mod prices;
pub mod results;
pub mod services;

use eframe::egui;

use super::state::AppState;
use crate::i18n::Lang;
use crate::i18n::t;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Page {
    Overview,
    Counties,
    LandCover,
    Services,
    Prices,
    Results,
    Charts,
    Esv,
    Compensation,
}

impl Page {
    pub const ALL: [Page; 9] = [
        Page::Overview,
        Page::Counties,
        Page::LandCover,
        Page::Services,
        Page::Prices,
        Page::Results,
        Page::Charts,
        Page::Esv,
        Page::Compensation,
    ];

    pub fn title(self, lang: Lang) -> &'static str {
        match self {
            Page::Overview => t(lang, "page_overview"),
            Page::Counties => t(lang, "page_counties"),
            Page::LandCover => t(lang, "page_land_cover"),
            Page::Services => t(lang, "page_services"),
            Page::Prices => t(lang, "page_prices"),
            Page::Results => t(lang, "page_results"),
            Page::Charts => t(lang, "page_charts"),
            Page::Esv => t(lang, "page_esv"),
            Page::Compensation => t(lang, "page_compensation"),
        }
    }

    /// Stable ASCII name (screenshots, tests).
    pub fn slug(self) -> &'static str {
        match self {
            Page::Overview => "overview",
            Page::Counties => "counties",
            Page::LandCover => "land_cover",
            Page::Services => "services",
            Page::Prices => "prices",
            Page::Results => "results",
            Page::Charts => "charts",
            Page::Esv => "esv",
            Page::Compensation => "compensation",
        }
    }

    pub fn from_slug(s: &str) -> Option<Page> {
        Page::ALL.into_iter().find(|p| p.slug() == s)
    }
}

pub fn show(ui: &mut egui::Ui, state: &mut AppState) {
    match state.page {
        Page::Overview => overview::ui(ui, state),
        Page::Counties => counties::ui(ui, state),
        Page::LandCover => land_cover::ui(ui, state),
        Page::Services => services::ui(ui, state),
        Page::Prices => prices::ui(ui, state),
        Page::Results => results::ui(ui, state),
        Page::Charts => charts::ui(ui, state),
        Page::Esv => esv::ui(ui, state),
        Page::Compensation => compensation::ui(ui, state),
    }
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
