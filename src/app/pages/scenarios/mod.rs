//! 情景对比 Scenarios: the baseline beside one scenario of the project, for the scenario's
//! year. A region summary (GEP, categories, indicators, ESV, compensation: baseline, scenario,
//! difference and %) on the left; on the right, for the measure chosen, the counties as a
//! table, a bar chart of the differences or a map of them in diverging colours.
//!
//! Rows, chart and map column come from `view::scenarios` (the same the workbook, the report
//! and the CLI `compare` show); this page only draws them. The comparison is recomputed when
//! the project revision or the scenario chosen changed, and the map when that or the measure
//! or the language did. Without scenarios the page says what they are for and offers to create
//! one.

use std::sync::Arc;

use eframe::egui;

use crate::app::chart_ui;
use crate::app::page_state::MapPage;
use crate::app::scenario_bar::ScenarioDialog;
use crate::app::state::AppState;
use crate::i18n::{Lang, t, tf};
use crate::view::map::{MapClassing, MapInputs, MapQuantity, MapRequest, MapScene};
use crate::view::scenarios::{self, Comparison, DiffTable, Measure};

#[cfg(test)]
mod tests;

/// What the right half shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    #[default]
    Table,
    Chart,
    Map,
}

/// A comparison kept for (revision, scenario), or the message why there is none.
type CachedComparison = (u64, String, Arc<Result<Comparison, String>>);
/// A map kept for (revision, scenario, measure, language).
type CachedMap = (u64, String, usize, Lang, Result<Arc<MapScene>, String>);

/// The page's memory (`AppState::pages.scenarios`), with the scenario dialogs of the top bar.
#[derive(Debug, Clone, Default)]
pub struct ScenarioPage {
    pub dialog: ScenarioDialog,
    /// The scenario compared (name); `None` = the shown one, else the first.
    pub scenario: Option<String>,
    /// Index into `Comparison::measures`.
    pub measure: usize,
    pub view: View,
    /// (revision, scenario) → the comparison or the message why there is none.
    pub cache: Option<CachedComparison>,
    /// (revision, scenario, measure, language) → the map of the differences.
    pub map: Option<CachedMap>,
    /// Zoom and pan of the map.
    pub map_view: MapPage,
}

pub fn ui(ui: &mut egui::Ui, state: &mut AppState) {
    let lang = state.lang();
    ui.heading(t(lang, "sc_page"));
    let names: Vec<String> = state
        .stored()
        .scenarios
        .iter()
        .map(|s| s.name.clone())
        .collect();
    if names.is_empty() {
        ui.add_space(8.0);
        ui.label(t(lang, "sc_page_empty"));
        ui.add_space(8.0);
        if ui.button(t(lang, "sc_new")).clicked() {
            state.new_scenario();
        }
        return;
    }
    let mut mem = std::mem::take(&mut state.pages.scenarios);
    let chosen = mem
        .scenario
        .clone()
        .filter(|n| names.contains(n))
        .or_else(|| state.scenario_name().map(str::to_string))
        .unwrap_or_else(|| names[0].clone());
    let comparison = comparison(state, &mut mem, &chosen);
    let measures = match comparison.as_ref() {
        Ok(c) => c.measures(),
        Err(_) => Vec::new(),
    };
    mem.measure = mem.measure.min(measures.len().saturating_sub(1));
    controls(ui, state, &mut mem, &names, &chosen, &measures);
    if let Some(s) = state.stored().scenario(&chosen)
        && !s.description.is_empty()
    {
        ui.label(egui::RichText::new(&s.description).italics());
    }
    ui.separator();
    match comparison.as_ref() {
        Err(msg) => {
            ui.colored_label(ui.visuals().error_fg_color, msg);
        }
        Ok(c) => body(ui, state, &mut mem, c, &measures, &chosen),
    }
    state.pages.scenarios = mem;
}

/// The comparison of the baseline and `name`, cached per revision.
fn comparison(
    state: &AppState,
    mem: &mut ScenarioPage,
    name: &str,
) -> Arc<Result<Comparison, String>> {
    if let Some((rev, n, c)) = &mem.cache
        && *rev == state.revision
        && n == name
    {
        return c.clone();
    }
    let lang = state.lang();
    let c = scenarios::compare(state.stored(), state.registry(), &[name.to_string()], None)
        .map_err(|e| e.message(lang));
    let c = Arc::new(c);
    mem.cache = Some((state.revision, name.to_string(), c.clone()));
    c
}

fn controls(
    ui: &mut egui::Ui,
    state: &mut AppState,
    mem: &mut ScenarioPage,
    names: &[String],
    chosen: &str,
    measures: &[Measure],
) {
    let lang = state.lang();
    let labels = state.labels();
    let measure_names: Vec<String> = measures.iter().map(|m| m.name(&labels)).collect();
    ui.horizontal(|ui| {
        ui.label(t(lang, "sc_compare_with"));
        egui::ComboBox::from_id_salt("sc_page_scenario")
            .selected_text(chosen)
            .show_ui(ui, |ui| {
                for n in names {
                    if ui.selectable_label(n == chosen, n).clicked() {
                        mem.scenario = Some(n.clone());
                    }
                }
            })
            .response
            .accessible_name(t(lang, "sc_compare_with"));
        ui.label(t(lang, "sc_measure"));
        egui::ComboBox::from_id_salt("sc_page_measure")
            .selected_text(measure_names.get(mem.measure).cloned().unwrap_or_default())
            .width(180.0)
            .show_ui(ui, |ui| {
                for (i, n) in measure_names.iter().enumerate() {
                    ui.selectable_value(&mut mem.measure, i, n);
                }
            })
            .response
            .accessible_name(t(lang, "sc_measure"));
        ui.separator();
        for (v, key) in [
            (View::Table, "sc_view_table"),
            (View::Chart, "sc_view_chart"),
            (View::Map, "sc_view_map"),
        ] {
            ui.selectable_value(&mut mem.view, v, t(lang, key));
        }
        ui.separator();
        if state.scenario_name() != Some(chosen) && ui.button(t(lang, "sc_edit_this")).clicked() {
            state.activate_scenario(Some(chosen));
        }
        if ui.button(t(lang, "sc_new")).clicked() {
            state.new_scenario();
        }
    });
}

fn body(
    ui: &mut egui::Ui,
    state: &mut AppState,
    mem: &mut ScenarioPage,
    c: &Comparison,
    measures: &[Measure],
    chosen: &str,
) {
    let lang = state.lang();
    let labels = state.labels();
    let summary = c.summary(1, &labels);
    let measure = measures.get(mem.measure).cloned().unwrap_or(Measure::Gep);
    let table = c.table(1, &measure, &labels);
    let side = c.sides[1].label(lang);
    let left = (ui.available_width() * 0.42).clamp(360.0, 560.0);
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            ui.set_width(left);
            ui.strong(&summary.title);
            egui::ScrollArea::both()
                .id_salt("sc_summary")
                .show(ui, |ui| {
                    grid(
                        ui,
                        "sc_summary_grid",
                        &summary,
                        t(lang, "sc_col_measure"),
                        &side,
                        lang,
                    )
                });
        });
        ui.separator();
        ui.vertical(|ui| match mem.view {
            View::Table => {
                ui.strong(&table.title);
                egui::ScrollArea::both().id_salt("sc_table").show(ui, |ui| {
                    grid(
                        ui,
                        "sc_table_grid",
                        &table,
                        t(lang, "sc_col_county"),
                        &side,
                        lang,
                    )
                });
            }
            View::Chart => match scenarios::diff_chart(&table, lang) {
                Some(chart) => {
                    let h = (ui.available_height() - 40.0).max(200.0);
                    chart_ui::show_chart(ui, "sc_chart", &chart, h);
                }
                None => {
                    ui.label(t(lang, "sc_no_difference"));
                }
            },
            View::Map => map(ui, state, mem, c, &measure, chosen),
        });
    });
}

/// A comparison table: name, baseline, scenario, difference (green up, red down), %.
fn grid(ui: &mut egui::Ui, id: &str, tab: &DiffTable, first: &str, side: &str, lang: Lang) {
    let heads = tab.headers(first, side, lang);
    egui::Grid::new(id)
        .striped(true)
        .num_columns(5)
        .show(ui, |ui| {
            for h in &heads {
                ui.strong(h);
            }
            ui.end_row();
            for (i, r) in tab.rows.iter().enumerate() {
                let cells = tab.cells(i);
                let colour = match r.diff() {
                    Some(d) if d > 0.0 => {
                        Some(chart_ui::color32(crate::view::chart::RECEIVE_COLOR))
                    }
                    Some(d) if d < 0.0 => Some(chart_ui::color32(crate::view::chart::PAY_COLOR)),
                    _ => None,
                };
                for (k, cell) in cells.iter().enumerate() {
                    let mut text = egui::RichText::new(cell);
                    if r.code.is_none() && tab.rows.len() > 1 && i + 1 == tab.rows.len() && k == 0 {
                        text = text.strong();
                    }
                    if k >= 3
                        && let Some(c) = colour
                    {
                        text = text.color(c);
                    }
                    // The last column is drawn as it comes: right-aligned, it would stretch to
                    // the edge of the page.
                    if k == 0 || k == 4 {
                        ui.label(text);
                    } else {
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            ui.label(text);
                        });
                    }
                }
                ui.end_row();
            }
        });
}

/// The map of the counties' differences for `measure`.
fn map(
    ui: &mut egui::Ui,
    state: &mut AppState,
    mem: &mut ScenarioPage,
    c: &Comparison,
    measure: &Measure,
    chosen: &str,
) {
    let lang = state.lang();
    let fresh = matches!(&mem.map, Some((rev, n, m, l, _))
        if *rev == state.revision && n == chosen && *m == mem.measure && *l == lang);
    if !fresh {
        let labels = state.labels();
        let inputs = MapInputs {
            project: state.stored(),
            registry: state.registry(),
            accounts: &c.sides[0].accounts,
            compensation: None,
            growth: None,
            lang,
        };
        let req = MapRequest {
            quantity: MapQuantity::Difference(c.map_column(1, measure, &labels)),
            year: c.year,
            classing: MapClassing::Jenks,
            classes: 5,
        };
        let scene = crate::view::map::scene(&inputs, &req)
            .map(Arc::new)
            .map_err(|e| e.message(lang));
        mem.map = Some((state.revision, chosen.to_string(), mem.measure, lang, scene));
    }
    let Some((.., scene)) = &mem.map else {
        return;
    };
    match scene {
        Ok(s) => {
            let s = s.clone();
            let sel = state.selected_county.clone();
            if let Some(click) =
                crate::app::pages::map::draw_canvas(ui, lang, &s, &mut mem.map_view, sel.as_deref())
            {
                state.select_county(click, None);
            }
        }
        Err(msg) => {
            ui.label(tf(lang, "sc_map_failed", &[("reason", msg)]));
        }
    }
}
