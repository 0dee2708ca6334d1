//! 当量因子 ESV: the equivalent-factor method (docs/methods.md, "Equivalent-factor method"). This file
//! holds the page frame, the choice of the factor table (registry or project) and the factor table
//! itself (read-only, tags shown), plus the fixed-width cell helpers the sections share.
//!
//! Sections: `d` (the standard equivalent D: entered, 1/7 of grain output value, or grain net
//! profit, with the engine's derivation printed step by step), `crosswalk` (the project's land
//! classes to table rows with scale factors), `adjust` (the regional coefficients of Xie et al.
//! 2015: national means and per-county values or coefficients), `results` (ESV next to GEP per
//! county, ESV by service for the region), `transitions` (land-use change: transition matrix,
//! ESV change by transition, sensitivity coefficients).
//!
//! D and every ESV value come from the engine (`engine::esv::standard_equivalent` with its
//! trace, the accounts); the page prints them and never sums. Factor tables are looked up
//! through `model::catalogue::factor_table`, as the engine does.

mod adjust;
mod crosswalk;
mod d;
mod results;
mod transitions;

#[cfg(test)]
mod tests;

use eframe::egui;

use crate::app::format;
use crate::app::state::{AppState, Notice};
use crate::app::table::{Frozen, clip};
use crate::app::widgets::{CellChange, CellSpec, num_cell, tag_badge};
use crate::i18n::{t, tf};
use crate::model::catalogue;
use crate::registry::FactorTable;

pub fn ui(ui: &mut egui::Ui, state: &mut AppState) {
    let lang = state.lang();
    ui.heading(t(lang, "esv_heading"));
    ui.label(egui::RichText::new(t(lang, "esv_intro")).weak());
    let acc = state.accounts().ok();
    egui::ScrollArea::vertical()
        .id_salt("esv_page")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            egui::CollapsingHeader::new(egui::RichText::new(t(lang, "esv_table")).strong())
                .id_salt("esv_sec_table")
                .default_open(true)
                .show(ui, |ui| table_choice(ui, state));
            egui::CollapsingHeader::new(egui::RichText::new(t(lang, "esv_d_heading")).strong())
                .id_salt("esv_sec_d")
                .default_open(true)
                .show(ui, |ui| d::d_section(ui, state, acc.as_deref()));
            egui::CollapsingHeader::new(
                egui::RichText::new(t(lang, "esv_crosswalk_heading")).strong(),
            )
            .id_salt("esv_sec_crosswalk")
            .default_open(true)
            .show(ui, |ui| crosswalk::crosswalk(ui, state, acc.as_deref()));
            // Open from the start when the project uses regional coefficients.
            let adjusting = !state.project.esv.national_means.is_empty()
                || state
                    .project
                    .periods
                    .iter()
                    .any(|p| p.counties.values().any(|c| !c.esv_adjust.is_empty()));
            egui::CollapsingHeader::new(egui::RichText::new(t(lang, "esva_heading")).strong())
                .id_salt("esv_sec_adjust")
                .default_open(adjusting)
                .show(ui, |ui| adjust::adjust_section(ui, state, acc.as_deref()));
            egui::CollapsingHeader::new(
                egui::RichText::new(t(lang, "esv_factors_heading")).strong(),
            )
            .id_salt("esv_sec_factors")
            .default_open(false)
            .show(ui, |ui| factor_table(ui, state));
            egui::CollapsingHeader::new(
                egui::RichText::new(tf(
                    lang,
                    "esv_results_heading",
                    &[("year", &state.year.to_string())],
                ))
                .strong(),
            )
            .id_salt("esv_sec_results")
            .default_open(true)
            .show(ui, |ui| results::results(ui, state, acc.as_deref()));
            egui::CollapsingHeader::new(egui::RichText::new(t(lang, "tr_heading")).strong())
                .id_salt("esv_sec_transitions")
                .default_open(!state.project.transitions.is_empty())
                .show(ui, |ui| transitions::section(ui, state));
        });
}

/// Registry tables, then the project's own.
fn tables(state: &AppState) -> Vec<(FactorTable, bool)> {
    let mut v: Vec<(FactorTable, bool)> = state
        .registry()
        .factor_tables
        .iter()
        .map(|t| (t.clone(), false))
        .collect();
    for t in &state.project.custom_factor_tables {
        match v.iter_mut().find(|(x, _)| x.id == t.id) {
            Some(slot) => *slot = (t.clone(), true),
            None => v.push((t.clone(), true)),
        }
    }
    v
}

/// The factor table the project uses (project tables first, as the engine looks them up).
fn current_table(state: &AppState) -> Option<FactorTable> {
    catalogue::factor_table(&state.project, state.registry(), &state.project.esv.table).cloned()
}

fn table_choice(ui: &mut egui::Ui, state: &mut AppState) {
    let lang = state.lang();
    let all = tables(state);
    let current = state.project.esv.table.clone();
    let current_name = all
        .iter()
        .find(|(t, _)| t.id == current)
        .map_or_else(|| current.clone(), |(t, _)| t.name.get(lang).to_string());
    let mut picked: Option<String> = None;
    ui.horizontal(|ui| {
        ui.label(t(lang, "esv_table"));
        egui::ComboBox::from_id_salt("esv_table_choice")
            .selected_text(current_name)
            .width(560.0)
            .show_ui(ui, |ui| {
                for (table, custom) in &all {
                    let mut label = table.name.get(lang).to_string();
                    if *custom {
                        label = format!("{label} ({})", t(lang, "esv_project_table"));
                    }
                    if ui
                        .selectable_label(table.id == current, label)
                        .on_hover_text(table.source.get(lang))
                        .clicked()
                    {
                        picked = Some(table.id.clone());
                    }
                }
            })
            .response
            .accessible_name(t(lang, "esv_table"));
    });
    if let Some(id) = picked
        && id != current
    {
        state.edit_part(|p| &mut p.esv.table, |x| *x = id);
    }
    match current_table(state) {
        Some(table) => {
            ui.label(
                egui::RichText::new(tf(
                    lang,
                    "esv_source",
                    &[("source", table.source.get(lang))],
                ))
                .weak(),
            );
            let u = table.rows.iter().filter(|r| r.tag.is_unverified()).count();
            if u > 0 {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    tf(
                        lang,
                        "esv_table_has_u",
                        &[
                            ("n", &u.to_string()),
                            ("total", &table.rows.len().to_string()),
                        ],
                    ),
                );
            }
        }
        None => {
            ui.colored_label(
                ui.visuals().error_fg_color,
                tf(
                    lang,
                    "esv_table_unknown",
                    &[("id", &state.project.esv.table)],
                ),
            );
        }
    }
}

/// A fixed-width slot for a number or text cell.
pub(super) fn slot<R>(ui: &mut egui::Ui, width: f32, f: impl FnOnce(&mut egui::Ui) -> R) -> R {
    ui.allocate_ui_with_layout(
        egui::vec2(width, ui.spacing().interact_size.y),
        egui::Layout::left_to_right(egui::Align::Center),
        f,
    )
    .inner
}

/// A right-aligned cell of fixed width (numbers in tables).
pub(super) fn right<R>(ui: &mut egui::Ui, width: f32, f: impl FnOnce(&mut egui::Ui) -> R) -> R {
    ui.allocate_ui_with_layout(
        egui::vec2(width, ui.spacing().interact_size.y),
        egui::Layout::right_to_left(egui::Align::Center),
        |ui| {
            ui.set_min_width(width);
            f(ui)
        },
    )
    .inner
}

/// A number cell; returns the new value when one was committed (reports rejected text).
pub(super) fn number(
    ui: &mut egui::Ui,
    state: &mut AppState,
    id: egui::Id,
    value: f64,
    spec: CellSpec<'_>,
) -> Option<f64> {
    let change = slot(ui, 130.0, |ui| num_cell(ui, id, Some(value), spec));
    match change {
        Some(CellChange::Set(v)) => Some(v),
        Some(CellChange::Rejected(s)) => {
            state.notice = Some(Notice {
                text: format!("{}: {s}", t(state.lang(), "not_a_number")),
                error: true,
            });
            None
        }
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// The factor table, read-only
// ---------------------------------------------------------------------------------------------

/// The factor table: land-cover rows (frozen at the left with their tag) × services.
fn factor_table(ui: &mut egui::Ui, state: &mut AppState) {
    let lang = state.lang();
    let Some(table) = current_table(state) else {
        return;
    };
    ui.label(egui::RichText::new(table.name.get(lang)).strong());
    let copy = ui
        .horizontal(|ui| {
            ui.label(egui::RichText::new(t(lang, "esv_factors_help")).weak());
            // Click only: Ctrl+C copies the results table on this page.
            ui.button(t(lang, "tbl_copy_table"))
                .on_hover_text(t(lang, "tbl2_copy_tip_click"))
                .clicked()
        })
        .inner;
    if copy {
        clip::copy_rows(ui.ctx(), state, &factor_rows(lang, &table));
    }
    let mut columns = vec![egui_extras::Column::exact(56.0)];
    columns.extend(std::iter::repeat_n(
        egui_extras::Column::initial(84.0),
        table.services.len(),
    ));
    let rows = table.rows.len();
    Frozen {
        id_salt: "esv_factor_table",
        label_width: 150.0,
        columns,
        header_height: 40.0,
        row_height: 22.0,
        rows,
        scroll_to_row: None,
        selected_row: None,
        reserve_below: 0.0,
        height: Some(rows as f32 * 22.0 + 40.0 + 24.0),
    }
    .show(
        ui,
        |ui| {
            ui.strong(t(lang, "esv_row"));
        },
        |ui, i| {
            let r = &table.rows[i];
            let name = egui::RichText::new(r.name.get(lang));
            let name = if r.tag.is_unverified() {
                name.color(ui.visuals().warn_fg_color)
            } else {
                name
            };
            let resp = ui.add(egui::Label::new(name).truncate());
            if !r.note.is_empty() {
                resp.on_hover_text(r.note.get(lang));
            }
        },
        |mut h| {
            h.col(|ui| {
                ui.strong(t(lang, "esv_tag"));
            });
            for s in &table.services {
                let market = if s.market {
                    t(lang, "esv_market")
                } else {
                    t(lang, "esv_non_market")
                };
                h.col(|ui| {
                    ui.add(egui::Label::new(egui::RichText::new(s.name.get(lang)).strong()).wrap())
                        .on_hover_text(market);
                });
            }
        },
        |mut row| {
            let r = &table.rows[row.index()];
            row.col(|ui| {
                tag_badge(ui, r.tag, lang);
            });
            for v in &r.factors {
                row.col(|ui| {
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        ui.label(format::num(*v, 2))
                    });
                });
            }
        },
    );
}

/// The factor table, header row first, for the clipboard: row, tag, one column per service.
fn factor_rows(lang: crate::i18n::Lang, table: &FactorTable) -> Vec<Vec<String>> {
    let mut head = vec![
        t(lang, "esv_row").to_string(),
        t(lang, "esv_tag").to_string(),
    ];
    head.extend(table.services.iter().map(|s| s.name.get(lang).to_string()));
    let mut out = vec![head];
    for r in &table.rows {
        let mut line = vec![r.name.get(lang).to_string(), r.tag.label().to_string()];
        line.extend(r.factors.iter().map(|v| v.to_string()));
        out.push(line);
    }
    out
}

/// Land class name (registry, custom, or the id itself).
fn class_name(state: &AppState, id: &str) -> String {
    state.labels().land_class_name(id)
}
