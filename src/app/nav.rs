//! Navigation: the `Page` enum of the left panel, its titles and stable slugs.
//!
//! It sits beside the app shell, not among the pages (as the egui demo keeps its `Anchor`), so
//! `state.rs` can remember the current page without importing the pages that import it. It
//! must not draw anything.

use crate::i18n::{Lang, t};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Page {
    Overview,
    Counties,
    LandCover,
    Services,
    Ecosystems,
    Prices,
    Results,
    Charts,
    Decompose,
    Map,
    Esv,
    Compensation,
}

impl Page {
    pub const ALL: [Page; 12] = [
        Page::Overview,
        Page::Counties,
        Page::LandCover,
        Page::Services,
        Page::Ecosystems,
        Page::Prices,
        Page::Results,
        Page::Charts,
        Page::Decompose,
        Page::Map,
        Page::Esv,
        Page::Compensation,
    ];

    pub fn title(self, lang: Lang) -> &'static str {
        match self {
            Page::Overview => t(lang, "page_overview"),
            Page::Counties => t(lang, "page_counties"),
            Page::LandCover => t(lang, "page_land_cover"),
            Page::Services => t(lang, "page_services"),
            Page::Ecosystems => t(lang, "ecov_page"),
            Page::Prices => t(lang, "page_prices"),
            Page::Results => t(lang, "page_results"),
            Page::Charts => t(lang, "page_charts"),
            Page::Decompose => t(lang, "dc_page"),
            Page::Map => t(lang, "mp_page"),
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
            Page::Ecosystems => "ecosystems",
            Page::Prices => "prices",
            Page::Results => "results",
            Page::Charts => "charts",
            Page::Decompose => "decompose",
            Page::Map => "map",
            Page::Esv => "esv",
            Page::Compensation => "compensation",
        }
    }

    pub fn from_slug(s: &str) -> Option<Page> {
        Page::ALL.into_iter().find(|p| p.slug() == s)
    }
}
