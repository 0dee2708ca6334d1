//! The county selected across pages: a click on the map or on a county's name in a table
//! selects it, and every page with county rows highlights that row and brings it into view
//! once when the selection changed since the page last drew. No egui here.

use super::AppState;
use crate::app::nav::Page;

impl AppState {
    /// Selects `code` (or clears the selection). `from` is the page the click came from: it
    /// already shows the county, so it is not scrolled to it again.
    pub fn select_county(&mut self, code: Option<String>, from: Option<Page>) {
        if let Some(p) = from {
            self.pages.selection_seen.insert(p, code.clone());
        }
        self.selected_county = code;
    }

    /// The selected county's code when the selection changed since `page` last asked (the
    /// row to bring into view once), else `None`.
    pub fn selection_scroll(&mut self, page: Page) -> Option<String> {
        let now = self.selected_county.clone();
        let before = self.pages.selection_seen.insert(page, now.clone());
        match before {
            Some(b) if b == now => None,
            _ => now,
        }
    }

    /// The index of the selected county in `codes` (the rows a table shows).
    pub fn selected_row<'a>(&self, codes: impl IntoIterator<Item = &'a str>) -> Option<usize> {
        let sel = self.selected_county.as_deref()?;
        codes.into_iter().position(|c| c == sel)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::state::Settings;

    #[test]
    fn a_page_scrolls_once_to_a_new_selection_but_not_to_its_own() {
        let mut s = AppState::with_sample(Settings::default());
        assert_eq!(s.selection_scroll(Page::Results), None);
        s.select_county(Some("361002".into()), Some(Page::Map));
        assert_eq!(s.selection_scroll(Page::Results).as_deref(), Some("361002"));
        // Asked again without a change: no second jump.
        assert_eq!(s.selection_scroll(Page::Results), None);
        // The map made the selection: it does not scroll to it.
        assert_eq!(s.selection_scroll(Page::Map), None);
        s.select_county(Some("361003".into()), Some(Page::Results));
        assert_eq!(s.selection_scroll(Page::Results), None);
        assert_eq!(s.selected_row(["361002", "361003"]), Some(1));
        s.select_county(None, None);
        assert_eq!(s.selection_scroll(Page::Results), None);
        assert_eq!(s.selected_row(["361002"]), None);
    }
}
