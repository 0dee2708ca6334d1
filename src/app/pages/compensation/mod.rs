//! 补偿 Compensation: the project's ecological-compensation scenario (docs/methods.md, "Ecological
//! compensation").
//!
//! The user picks a method and its parameters (fund, weighted factors, per-county floors,
//! caps, deductions and user factor columns; fair-share basis, r or Engel coefficients, k,
//! clamp; α, β; reference incomes, investments); the page shows the totals received and paid,
//! the warnings, a table per county, a diverging bar chart (receive vs pay), the ECPS ranking
//! by priority class, the formula, its source and the parameters, and one plain-language
//! sentence per county. On a window of 1366 px or more the parameters sit in a column left of
//! the results, so the result is in view without scrolling; narrower, they stack. Every number comes from
//! `engine::compensation::scenario::run` (cached in `AppState::compensation`); edits go through
//! `AppState::edit_compensation`, one undo step each, and do not recompute the accounts.
//! The charts come from `view::chart::build` (shared with the report). The parameter editors
//! live in `params`, the per-county input and result tables in `tables`.

mod costs;
mod opportunity;
mod params;
mod range;
mod tables;
#[cfg(test)]
mod tests;

use eframe::egui;

use crate::app::chart_ui;
use crate::app::format;
use crate::app::state::AppState;
use crate::engine::compensation::scenario::{Outcome, empty_score_columns, scores_to_enter_text};
use crate::i18n::{t, tf};
use crate::model::compensation::Method;
use crate::view::chart::Chart;
use crate::view::chart::build::{amount_chart, ranking_chart};
use egui_extras::{Size, StripBuilder};
use params::{method_section, method_selector};
use tables::{inputs_table, result_table};

/// Amounts on the 补偿 page are typed and shown in 万元 and stored in 元.
const WAN: crate::units::MoneyUnit = crate::units::MoneyUnit::WanYuan;

/// Up to this many counties the sentences are listed in full; beyond, in a virtualised list.
const SENTENCES_INLINE: usize = 200;

/// Below this width the parameters and the results are stacked in one column.
const TWO_COLUMNS_MIN_WIDTH: f32 = 1000.0;
/// Width of the parameters column beside the results.
const PARAMS_WIDTH: f32 = 470.0;

pub fn ui(ui: &mut egui::Ui, state: &mut AppState) {
    let lang = state.lang();
    ui.heading(t(lang, "comp_heading"));
    ui.label(egui::RichText::new(t(lang, "comp_intro")).weak());
    method_selector(ui, state);
    ui.separator();
    // At 1366×768 the result must be in view without scrolling: the parameters go in a column
    // of their own, the results (totals, warnings, table) start at the top of the other.
    if ui.available_width() >= TWO_COLUMNS_MIN_WIDTH {
        StripBuilder::new(ui)
            .size(Size::exact(PARAMS_WIDTH))
            .size(Size::remainder())
            .horizontal(|mut strip| {
                strip.cell(|ui| {
                    egui::ScrollArea::vertical()
                        .id_salt("comp_params")
                        .auto_shrink([false, false])
                        .show(ui, |ui| method_section(ui, state));
                });
                strip.cell(|ui| {
                    egui::ScrollArea::vertical()
                        .id_salt("comp_page")
                        .auto_shrink([false, false])
                        .show(ui, |ui| results(ui, state));
                });
            });
    } else {
        egui::ScrollArea::vertical()
            .id_salt("comp_page")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                egui::CollapsingHeader::new(egui::RichText::new(t(lang, "comp_method")).strong())
                    .id_salt("comp_sec_method")
                    .default_open(true)
                    .show(ui, |ui| method_section(ui, state));
                ui.add_space(6.0);
                results(ui, state);
            });
    }
}

/// The result: totals, warnings and the table first, then charts, the method's basis and the
/// sentences; or why it cannot run, with the inputs still to fill.
fn results(ui: &mut egui::Ui, state: &mut AppState) {
    let lang = state.lang();
    let o = match state.compensation() {
        Ok(o) => o,
        Err(e) => {
            let empty = empty_score_columns(&state.project.compensation);
            match empty.is_empty() {
                // A preset just loaded: say which columns to fill, not an error.
                false => ui.colored_label(
                    ui.visuals().warn_fg_color,
                    scores_to_enter_text(&empty, lang),
                ),
                true => ui.colored_label(
                    ui.visuals().error_fg_color,
                    tf(lang, "comp_cannot_run", &[("error", &e)]),
                ),
            };
            // The table still lets the user fill what is missing (scores, limits, incomes).
            if tables::has_inputs(&state.project.compensation) {
                inputs_table(ui, state);
            }
            return;
        }
    };
    summary(ui, state, &o);
    ui.add_space(4.0);
    egui::CollapsingHeader::new(egui::RichText::new(t(lang, "comp_table")).strong())
        .id_salt("comp_sec_table")
        .default_open(true)
        .show(ui, |ui| {
            // Many input columns may be wider than the column: the table scrolls sideways.
            egui::ScrollArea::horizontal()
                .id_salt("comp_table_h")
                .show(ui, |ui| result_table(ui, state, &o));
        });
    ui.add_space(6.0);
    charts_section(ui, state, &o);
    ui.add_space(6.0);
    egui::CollapsingHeader::new(egui::RichText::new(t(lang, "comp_formula")).strong())
        .id_salt("comp_sec_basis")
        .default_open(true)
        .show(ui, |ui| basis_section(ui, state, &o));
    egui::CollapsingHeader::new(egui::RichText::new(t(lang, "comp_sentences")).strong())
        .id_salt("comp_sec_sentences")
        .default_open(true)
        .show(ui, |ui| sentences(ui, state, &o));
}

/// Totals received and paid, the run's warnings and the sign convention.
fn summary(ui: &mut egui::Ui, state: &AppState, o: &Outcome) {
    let lang = state.lang();
    if o.settings.method != Method::Priority {
        let unit = state.settings.money_unit;
        ui.label(
            egui::RichText::new(tf(
                lang,
                "comp_totals",
                &[
                    ("received", &format::money(o.total_received(), unit, lang)),
                    ("paid", &format::money(o.total_paid(), unit, lang)),
                ],
            ))
            .strong(),
        );
    }
    for w in o.warning_texts(state.registry(), lang) {
        ui.colored_label(ui.visuals().warn_fg_color, w);
    }
    ui.colored_label(ui.visuals().warn_fg_color, Outcome::sign_convention(lang));
}

// ───────────────────────────── formula, source, parameters ─────────────────────────────

fn basis_section(ui: &mut egui::Ui, state: &AppState, o: &Outcome) {
    let lang = state.lang();
    let reg = state.registry();
    let m = o.settings.method;
    egui::Grid::new("comp_basis_grid")
        .num_columns(2)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            ui.strong(t(lang, "comp_formula"));
            ui.add(
                egui::Label::new(egui::RichText::new(Outcome::formula(m, lang)).monospace()).wrap(),
            );
            ui.end_row();
            ui.strong(t(lang, "comp_source"));
            ui.add(egui::Label::new(o.run_source(lang)).wrap());
            ui.end_row();
            for (k, v) in o.parameters(reg, lang) {
                ui.label(k);
                ui.label(v);
                ui.end_row();
            }
        });
}

// ───────────────────────────── charts ─────────────────────────────

fn charts_section(ui: &mut egui::Ui, state: &AppState, o: &Outcome) {
    let lang = state.lang();
    let unit = state.settings.money_unit;
    let height = 300.0;
    ui.columns(2, |cols| {
        match amount_chart(o, lang, unit) {
            Some(c) => titled_chart(&mut cols[0], "comp_amount_chart", &c, height),
            None => {
                cols[0].label(t(lang, "comp_no_amounts"));
            }
        }
        match ranking_chart(o, lang) {
            Some(c) => titled_chart(&mut cols[1], "comp_ranking_chart", &c, height),
            None => {
                cols[1].label(t(lang, "comp_no_ecps"));
            }
        }
    });
}

fn titled_chart(ui: &mut egui::Ui, id: &str, chart: &Chart, height: f32) {
    ui.strong(&chart.title);
    ui.label(egui::RichText::new(&chart.subtitle).weak());
    chart_ui::show_chart(ui, id, chart, height);
}

fn sentences(ui: &mut egui::Ui, state: &AppState, o: &Outcome) {
    let lang = state.lang();
    let reg = state.registry();
    if o.rows.len() <= SENTENCES_INLINE {
        for i in 0..o.rows.len() {
            ui.add(egui::Label::new(o.sentence(i, reg, lang)).wrap());
        }
        return;
    }
    // Thousands of counties: a virtualised list (rows sized for a wrapped two-line sentence).
    let h = ui.text_style_height(&egui::TextStyle::Body) * 2.0 + ui.spacing().item_spacing.y;
    egui::ScrollArea::vertical()
        .id_salt("comp_sentences_scroll")
        .max_height(400.0)
        .auto_shrink([false, true])
        .show_rows(ui, h, o.rows.len(), |ui, range| {
            for i in range {
                ui.allocate_ui(egui::vec2(ui.available_width(), h), |ui| {
                    ui.add(egui::Label::new(o.sentence(i, reg, lang)).truncate());
                });
            }
        });
}
