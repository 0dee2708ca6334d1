//! GEP 变化分解 / Why GEP changed: choose two accounting years (or the baseline and one of the
//! project's scenarios, in the scenario's year), the region or a county, and see
//! the change of GEP split into quantity, price, coverage and value-entered effects — a
//! summary sentence, the waterfall, the table of counties × effects and the table of
//! indicators × effects — with the method stated under them. A project with one year is told
//! that two are needed.
//!
//! The numbers are `engine::decompose`'s, the words and tables `view::decompose`'s; the page
//! keeps its choices and the last result (per project revision) in `AppState::pages.decompose`.

use std::sync::Arc;

use eframe::egui;

use crate::app::chart_ui;
use crate::app::state::AppState;
use crate::engine::ComputeError;
use crate::engine::decompose::{Decomposition, Side, decompose, decompose_scenario};
use crate::i18n::{t, tf};
use crate::view::decompose as vd;
use crate::view::transitions::Table;

/// What is compared.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Mode {
    /// Two accounting years of the project.
    #[default]
    Years,
    /// The baseline and a scenario, in the scenario's year.
    Scenario,
}

/// What the page remembers: the choices and the last decomposition.
#[derive(Debug, Clone, Default)]
pub struct DecomposePage {
    pub mode: Mode,
    /// The scenario compared with the baseline (mode `Scenario`).
    pub scenario: String,
    pub from: i32,
    pub to: i32,
    /// County code; empty = the region.
    pub county: String,
    pub by_category: bool,
    pub constant_prices: bool,
    cache: Option<(Key, Arc<Result<Decomposition, ComputeError>>)>,
}

/// What a cached decomposition was computed for.
#[derive(Debug, Clone, PartialEq)]
struct Key {
    revision: u64,
    framework: String,
    from: i32,
    to: i32,
    scenario: Option<String>,
    constant_prices: bool,
}

const CHART_HEIGHT: f32 = 300.0;

pub fn ui(ui: &mut egui::Ui, state: &mut AppState) {
    let lang = state.lang();
    ui.heading(t(lang, "dc_title"));
    let intro = if state.pages.decompose.mode == Mode::Scenario {
        "iv_intro_scenario"
    } else {
        "dc_intro"
    };
    ui.label(egui::RichText::new(t(lang, intro)).weak());
    let years = state.years();
    let mut page = std::mem::take(&mut state.pages.decompose);
    // Scenarios belong to the stored project (while one is shown, `project` is it applied).
    let has_scenarios = !state.stored().scenarios.is_empty();
    if has_scenarios {
        mode_ui(ui, state, &mut page);
    } else {
        page.mode = Mode::Years;
    }
    if page.mode == Mode::Years && years.len() < 2 {
        ui.add_space(8.0);
        ui.label(t(lang, "dc_need_two_years"));
        if ui.button(t(lang, "dc_open_settings")).clicked() {
            state.open_settings = true;
        }
        state.pages.decompose = page;
        return;
    }
    if page.mode == Mode::Years && (!years.contains(&page.from) || !years.contains(&page.to)) {
        // The latest year against the one before it (a pair the user picks, even reversed or
        // equal, is kept).
        page.to = years[years.len() - 1];
        page.from = years[years.len() - 2];
    }
    choices_ui(ui, state, &mut page, &years);
    let result = result(state, &mut page);
    ui.separator();
    match result.as_ref() {
        Ok(d) => {
            egui::ScrollArea::vertical()
                .id_salt("dc_scroll")
                .show(ui, |ui| body_ui(ui, state, &page, d));
        }
        Err(e) => {
            ui.colored_label(ui.visuals().error_fg_color, e.message(lang));
        }
    }
    state.pages.decompose = page;
}

/// "两个年份" or "基准与情景", and the scenario (the first one when none is chosen yet).
fn mode_ui(ui: &mut egui::Ui, state: &AppState, page: &mut DecomposePage) {
    let lang = state.lang();
    let stored = state.stored();
    let scenarios = &stored.scenarios;
    if stored.scenario(&page.scenario).is_none() {
        page.scenario = scenarios
            .first()
            .map(|s| s.name.clone())
            .unwrap_or_default();
    }
    ui.horizontal_wrapped(|ui| {
        ui.label(t(lang, "iv_mode"));
        ui.radio_value(&mut page.mode, Mode::Years, t(lang, "iv_mode_years"));
        ui.radio_value(&mut page.mode, Mode::Scenario, t(lang, "iv_mode_scenario"));
        if page.mode == Mode::Scenario {
            let name = ui.label(t(lang, "iv_scenario"));
            let shown = stored.scenario(&page.scenario).map_or(String::new(), |s| {
                format!(
                    "{}（{}）",
                    s.name,
                    tf(lang, "dc_year", &[("year", &s.year.to_string())])
                )
            });
            egui::ComboBox::from_id_salt("dc_scenario")
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    for s in scenarios {
                        ui.selectable_value(&mut page.scenario, s.name.clone(), &s.name);
                    }
                })
                .response
                .labelled_by(name.id);
        }
    });
}

/// The two years (or nothing more in scenario mode), the place and the options.
fn choices_ui(ui: &mut egui::Ui, state: &AppState, page: &mut DecomposePage, years: &[i32]) {
    let lang = state.lang();
    ui.horizontal_wrapped(|ui| {
        let pairs = if page.mode == Mode::Years {
            vec![
                (t(lang, "dc_from"), &mut page.from, "dc_from"),
                (t(lang, "dc_to"), &mut page.to, "dc_to"),
            ]
        } else {
            Vec::new()
        };
        for (label, value, salt) in pairs {
            let name = ui.label(label);
            egui::ComboBox::from_id_salt(salt)
                .selected_text(value.to_string())
                .show_ui(ui, |ui| {
                    for y in years {
                        ui.selectable_value(value, *y, y.to_string());
                    }
                })
                .response
                .labelled_by(name.id);
        }
        let name = ui.label(t(lang, "dc_place"));
        let region = t(lang, "dc_region");
        let shown = state
            .project
            .county(&page.county)
            .map_or(region, |c| c.name.get(lang));
        egui::ComboBox::from_id_salt("dc_county")
            .selected_text(shown)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut page.county, String::new(), region);
                for c in &state.project.counties {
                    ui.selectable_value(&mut page.county, c.code.clone(), c.name.get(lang));
                }
            })
            .response
            .labelled_by(name.id);
        ui.checkbox(&mut page.by_category, t(lang, "dc_by_category"));
        ui.checkbox(&mut page.constant_prices, t(lang, "dc_constant_prices"))
            .on_hover_text(t(lang, "dc_constant_prices_tip"));
    });
}

/// The decomposition of the chosen years, computed once per project revision and choice.
fn result(
    state: &mut AppState,
    page: &mut DecomposePage,
) -> Arc<Result<Decomposition, ComputeError>> {
    let key = Key {
        revision: state.revision,
        framework: state.framework.clone(),
        from: page.from,
        to: page.to,
        scenario: (page.mode == Mode::Scenario).then(|| page.scenario.clone()),
        constant_prices: page.constant_prices,
    };
    if let Some((k, r)) = &page.cache
        && *k == key
    {
        return r.clone();
    }
    let side = |year| Side {
        project: &state.project,
        year,
        framework: Some(key.framework.as_str()),
    };
    let scenario = key.scenario.as_deref().and_then(|name| {
        decompose_scenario(
            state.registry(),
            state.stored(),
            name,
            Some(key.framework.as_str()),
            page.constant_prices,
        )
    });
    let r = Arc::new(scenario.unwrap_or_else(|| {
        decompose(
            state.registry(),
            side(page.from),
            side(page.to),
            page.constant_prices,
        )
    }));
    page.cache = Some((key, r.clone()));
    r
}

fn body_ui(ui: &mut egui::Ui, state: &AppState, page: &DecomposePage, d: &Decomposition) {
    let l = state.labels();
    let place = d.county(&page.county).unwrap_or(&d.region);
    ui.label(egui::RichText::new(vd::summary_sentence(&l, d, place)).strong());
    ui.add_space(6.0);
    let w = vd::waterfall(&l, d, place, page.by_category);
    ui.label(&w.title);
    ui.label(egui::RichText::new(&w.subtitle).weak());
    let chart = w.chart(&l, "decompose");
    chart_ui::show_chart(ui, "dc_waterfall", &chart, CHART_HEIGHT);
    ui.add_space(8.0);
    ui.strong(vd::place(&l, place));
    let (indicators, _) = vd::indicators_table(&l, d, place);
    table_ui(ui, "dc_indicators", &indicators, 2);
    if page.county.is_empty() && d.counties.len() > 1 {
        ui.add_space(8.0);
        ui.strong(t(l.lang, "dc_by_county"));
        let (counties, _) = vd::counties_table(&l, d);
        table_ui(ui, "dc_counties", &counties, 1);
    }
    ui.add_space(8.0);
    ui.label(egui::RichText::new(vd::method_sentence(&l, d)).weak());
}

/// A read-only table of text; the columns from `first_numeric` on are right-aligned.
fn table_ui(ui: &mut egui::Ui, salt: &str, tb: &Table, first_numeric: usize) {
    egui::ScrollArea::horizontal().id_salt(salt).show(ui, |ui| {
        egui::Grid::new(salt).striped(true).show(ui, |ui| {
            for h in &tb.header {
                ui.strong(h);
            }
            ui.end_row();
            for r in &tb.rows {
                for (k, cell) in r.iter().enumerate() {
                    if k >= first_numeric {
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            ui.label(cell)
                        });
                    } else {
                        ui.label(cell);
                    }
                }
                ui.end_row();
            }
        });
    });
}

#[cfg(test)]
mod tests;
