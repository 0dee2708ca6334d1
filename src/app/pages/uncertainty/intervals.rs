//! The uncertainty result as the 结果 and 图表 pages use it: the last Monte Carlo result when
//! it still describes the accounts shown (same project revision, year and framework), and the
//! line that says how to get one when it does not (with a button to the 不确定性 page).

use std::sync::Arc;

use eframe::egui;

use crate::app::nav::Page;
use crate::app::state::AppState;
use crate::engine::uncertainty::McResult;
use crate::i18n::t;
use crate::view::uncertainty as vu;

/// The last result if it is current for the accounts shown.
pub fn current(state: &AppState) -> Option<Arc<McResult>> {
    let (rev, res) = state.pages.uncertainty.result.as_ref()?;
    vu::is_current(res, *rev, state.revision, state.year, &state.framework).then(|| res.clone())
}

/// One line: why there are no intervals, and a button to the 不确定性 page.
pub fn missing_ui(ui: &mut egui::Ui, state: &mut AppState) {
    let lang = state.lang();
    let key = if state.pages.uncertainty.result.is_some() {
        "iv_stale"
    } else {
        "iv_none"
    };
    ui.horizontal_wrapped(|ui| {
        ui.label(egui::RichText::new(t(lang, key)).weak());
        if ui.button(t(lang, "iv_go")).clicked() {
            state.page = Page::Uncertainty;
        }
    });
}
