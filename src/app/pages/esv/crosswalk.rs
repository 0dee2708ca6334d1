//! The crosswalk section of the ESV page: each land class of the project (registry, custom,
//! and any class the data uses) to a row of the factor table, with a scale factor; the
//! table's default crosswalk row where the project sets none (`model::catalogue::esv_row`, the
//! rule the engine applies).
//! Edits are one undoable step each.

use std::collections::BTreeMap;

use eframe::egui;

use super::class_name;
use super::{current_table, slot};
use crate::app::format;
use crate::app::state::AppState;
use crate::app::widgets::{CellChange, CellSpec, num_cell};
use crate::engine::Accounts;
use crate::i18n::Lang;
use crate::i18n::{t, tf};
use crate::model::CrosswalkEntry;
use crate::registry::FactorTable;
use crate::view::chart::build::region_esv_by_class;

/// Land classes of the project: the registry's, the custom ones, then any other the data uses
/// (the 土地覆被 page's columns, kept until the project changes).
pub(super) fn land_classes(state: &mut AppState) -> Vec<String> {
    crate::app::pages::land_cover::class_columns(state)
        .iter()
        .map(|(id, _)| id.clone())
        .collect()
}

/// The table's default row for a class (as the engine applies it); `None` also for a class
/// the table explicitly leaves without ESV.
pub(super) fn default_row(table: &FactorTable, class: &str) -> Option<String> {
    let row = table.default_for(class)?.row.clone()?;
    table.row_index(&row).map(|_| row)
}

fn row_label(table: &FactorTable, row: Option<&str>, lang: Lang) -> String {
    match row {
        None => t(lang, "esv_row_none").to_string(),
        Some(id) => table.rows.iter().find(|r| r.id == id).map_or_else(
            || id.to_string(),
            |r| {
                if r.tag.is_unverified() {
                    format!("{} (U)", r.name.get(lang))
                } else {
                    r.name.get(lang).to_string()
                }
            },
        ),
    }
}

/// An edit of the crosswalk, applied after the table is drawn.
enum Change {
    Row(String, Option<String>),
    Factor(String, f64),
    Reset(String),
}

/// What every row of the crosswalk table needs.
struct Table<'a> {
    lang: Lang,
    table: &'a FactorTable,
    /// Region area (hm²) per class this year, from the accounts.
    areas: &'a [(String, f64, f64)],
    entries: &'a BTreeMap<String, CrosswalkEntry>,
}

impl Table<'_> {
    fn area(&self, class: &str) -> Option<f64> {
        self.areas.iter().find(|(c, ..)| c == class).map(|r| r.1)
    }
}

pub(super) fn crosswalk(ui: &mut egui::Ui, state: &mut AppState, acc: Option<&Accounts>) {
    let lang = state.lang();
    let Some(table) = current_table(state) else {
        ui.colored_label(
            ui.visuals().error_fg_color,
            tf(
                lang,
                "esv_table_unknown",
                &[("id", &state.project.esv.table)],
            ),
        );
        return;
    };
    ui.label(egui::RichText::new(t(lang, "esv_crosswalk_help")).weak());
    let areas = acc.map(region_esv_by_class).unwrap_or_default();
    let classes = land_classes(state);
    let entries = state.project.esv.crosswalk.clone();
    let tb = Table {
        lang,
        table: &table,
        areas: &areas,
        entries: &entries,
    };
    let unmapped = unmapped(state, &tb, &classes);
    if !unmapped.is_empty() {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            tf(
                lang,
                "esv_unmapped",
                &[
                    ("n", &unmapped.len().to_string()),
                    ("list", &unmapped.join(t(lang, "esv_list_sep"))),
                ],
            ),
        );
    }
    let mut change: Option<Change> = None;
    egui::Grid::new("esv_crosswalk")
        .num_columns(6)
        .striped(true)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            ui.strong(t(lang, "esv_land_class"));
            ui.strong(tf(
                lang,
                "esv_area_year",
                &[("year", &state.year.to_string())],
            ));
            ui.strong(t(lang, "esv_table_row"));
            ui.strong(t(lang, "esv_factor"));
            ui.strong(t(lang, "esv_setting"));
            ui.label("");
            ui.end_row();
            for class in &classes {
                if let Some(c) = class_row(ui, state, &tb, class) {
                    change = Some(c);
                }
                ui.end_row();
            }
        });
    if let Some(c) = change {
        apply(state, &table, c);
    }
}

/// Names of the classes with area this year left without a table row by mistake.
fn unmapped(state: &AppState, tb: &Table<'_>, classes: &[String]) -> Vec<String> {
    classes
        .iter()
        .filter(|class| {
            let area = tb.area(class).unwrap_or(0.0);
            // Explicit "none" is a choice (built-up land); a row not in the table is not.
            let mapped = !matches!(
                crate::model::catalogue::esv_row(&state.project, tb.table, class),
                crate::model::catalogue::EsvRow::Unmapped
            );
            area > 0.0 && !mapped
        })
        .map(|c| class_name(state, c))
        .collect()
}

/// One class: name, area, row choice, factor, project setting or default.
fn class_row(
    ui: &mut egui::Ui,
    state: &AppState,
    tb: &Table<'_>,
    class: &String,
) -> Option<Change> {
    let (lang, table) = (tb.lang, tb.table);
    let mut change = None;
    let cname = class_name(state, class);
    let default = default_row(table, class);
    let entry = tb.entries.get(class);
    let effective: Option<String> = match entry {
        Some(e) => e.row.clone(),
        None => default.clone(),
    };
    let factor = entry.map_or(1.0, |e| e.factor);
    ui.label(&cname);
    ui.label(
        tb.area(class)
            .map_or("—".to_string(), |a| format::num(a, 2)),
    );
    // Row choice.
    let mut chosen = effective.clone();
    let missing = effective
        .as_deref()
        .is_some_and(|r| !table.rows.iter().any(|x| x.id == r));
    egui::ComboBox::from_id_salt(("esv_cw_row", class))
        .selected_text(row_label(table, effective.as_deref(), lang))
        .width(270.0)
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut chosen, None, t(lang, "esv_row_none"));
            for r in &table.rows {
                ui.selectable_value(
                    &mut chosen,
                    Some(r.id.clone()),
                    row_label(table, Some(&r.id), lang),
                );
            }
        })
        .response
        .accessible_name(format!("{cname} · {}", t(lang, "esv_table_row")));
    if chosen != effective {
        change = Some(Change::Row(class.clone(), chosen));
    }
    let fname = format!("{cname} · {}", t(lang, "esv_factor"));
    let f = slot(ui, 80.0, |ui| {
        num_cell(
            ui,
            egui::Id::unique(("esv_cw_factor", class)),
            Some(factor),
            CellSpec {
                decimals: 2,
                name: &fname,
                problem: None,
                min: Some(0.0),
                max: None,
            },
        )
    });
    if let Some(CellChange::Set(v)) = f {
        change = Some(Change::Factor(class.clone(), v));
    }
    let default_is = tf(
        lang,
        "esv_default_is",
        &[("row", &row_label(table, default.as_deref(), lang))],
    );
    match entry {
        Some(_) => {
            ui.horizontal(|ui| {
                ui.label(t(lang, "esv_project_setting"));
                if missing {
                    ui.colored_label(ui.visuals().error_fg_color, t(lang, "esv_row_missing"));
                }
            });
            if ui
                .button(t(lang, "esv_reset_default"))
                .on_hover_text(default_is)
                .clicked()
            {
                change = Some(Change::Reset(class.clone()));
            }
        }
        None => {
            ui.label(egui::RichText::new(default_is).weak());
            ui.label("");
        }
    }
    change
}

/// Applies one crosswalk edit as one undoable step (a new entry starts from the default row).
fn apply(state: &mut AppState, table: &FactorTable, change: Change) {
    match change {
        Change::Row(class, row) => {
            let default = default_row(table, &class);
            state.edit_part(
                |p| &mut p.esv.crosswalk,
                |x| {
                    let e = x.entry(class).or_insert(CrosswalkEntry {
                        row: default,
                        factor: 1.0,
                    });
                    e.row = row;
                },
            );
        }
        Change::Factor(class, v) => {
            let default = default_row(table, &class);
            state.edit_part(
                |p| &mut p.esv.crosswalk,
                |x| {
                    let e = x.entry(class).or_insert(CrosswalkEntry {
                        row: default,
                        factor: 1.0,
                    });
                    e.factor = v;
                },
            );
        }
        Change::Reset(class) => {
            state.edit_part(
                |p| &mut p.esv.crosswalk,
                |x| {
                    x.remove(&class);
                },
            );
        }
    }
}
