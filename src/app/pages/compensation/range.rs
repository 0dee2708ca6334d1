//! The standard-range method's choices on the 补偿 page: the upper bound (ESV increment or
//! non-market GEP), the rule of the recommended standard and its λ, with the reason for the
//! default. The lower bound's inputs are the opportunity-cost editors below it. Each edit is
//! one undo step through `AppState::edit_compensation`.

use eframe::egui;

use super::params::{number_row, radio_row};
use crate::app::state::AppState;
use crate::i18n::t;
use crate::model::compensation::{CompensationSettings, RangeRule, UpperBound};

pub(super) fn parameters(ui: &mut egui::Ui, state: &mut AppState, set: &CompensationSettings) {
    let lang = state.lang();
    let r = set.range;
    egui::Grid::new("std_range_grid")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            radio_row(
                ui,
                state,
                "std_upper",
                r.upper,
                &[
                    (UpperBound::EsvIncrement, "std_upper_esv"),
                    (UpperBound::NonMarket, "std_upper_non_market"),
                ],
                |s, u| s.range.upper = u,
            );
            radio_row(
                ui,
                state,
                "std_rule",
                r.rule,
                &[
                    (RangeRule::Lower, "std_rule_lower"),
                    (RangeRule::Midpoint, "std_rule_midpoint"),
                    (RangeRule::Upper, "std_rule_upper"),
                    (RangeRule::Position, "std_rule_position_short"),
                ],
                |s, x| s.range.rule = x,
            );
            if r.rule == RangeRule::Position
                && let Some(l) =
                    number_row(ui, state, "std_lambda", r.lambda, 2, Some(0.0), Some(1.0))
            {
                state.edit_compensation(|s| s.range.lambda = l);
            }
        });
    ui.label(egui::RichText::new(t(lang, "std_rule_hint")).weak());
}
