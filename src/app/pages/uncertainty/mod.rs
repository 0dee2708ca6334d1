//! 不确定性 Uncertainty: the Monte Carlo of `engine::uncertainty` run from the app.
//!
//! The user sets the draws, the seed and whether parameters take their tag's default (saved
//! with the project, one undo step each), then runs it on a background thread: a progress bar
//! and 取消 show while it runs, the UI never waits. Cancelling keeps the previous result (or
//! none). The result shows the summary, the region and county tables of median [5 %, 95 %], the
//! county GEP error bars and the tornado chart; words, tables and the tornado come from
//! `view::uncertainty`. Above the run, the distribution editor (`editor`) sets parameters' and
//! inputs' own distributions. A project without counties or data gets a sentence saying what is
//! needed (the settings and the editor stay usable).

use std::sync::{Arc, Mutex};

use eframe::egui;
use egui_plot::{Line, Plot, PlotPoints, Points};

use crate::app::chart_ui;
use crate::app::state::AppState;
use crate::engine::Options;
use crate::engine::uncertainty::{McError, McOptions, McResult, Progress};
use crate::i18n::{t, tf};
use crate::view::uncertainty as vu;

/// Counties shown with error bars (largest medians).
const BARS_MAX: usize = 40;

/// A run on its thread: its progress and, once done, its outcome.
#[derive(Debug, Clone)]
pub struct McJob {
    pub progress: Arc<Progress>,
    pub out: Arc<Mutex<Option<Result<McResult, McError>>>>,
    pub revision: u64,
}

/// What the page keeps between frames (plain data, in `PageStates`).
#[derive(Debug, Clone, Default)]
pub struct McState {
    pub job: Option<McJob>,
    /// The last result and the project revision it was computed for.
    pub result: Option<(u64, Arc<McResult>)>,
    pub error: Option<String>,
    /// The distribution editor's drafts.
    pub editor: editor::Editor,
}

impl McState {
    /// Starts a run of `project` (cloned) for `options`.
    pub fn start(&mut self, project: &crate::model::Project, options: Options, revision: u64) {
        let progress = Arc::new(Progress::default());
        let out = Arc::new(Mutex::new(None));
        let (p, o, project) = (progress.clone(), out.clone(), project.clone());
        let mc = McOptions {
            draws: project.uncertainty.draws,
            seed: project.uncertainty.seed,
            threads: std::thread::available_parallelism().map_or(2, |n| n.get().min(2)),
            compensation: true,
        };
        std::thread::spawn(move || {
            let r = crate::engine::uncertainty::run(
                &project,
                crate::registry::Registry::builtin(),
                &options,
                &mc,
                Some(&p),
            );
            if let Ok(mut slot) = o.lock() {
                *slot = Some(r);
            }
        });
        self.error = None;
        self.job = Some(McJob {
            progress,
            out,
            revision,
        });
    }

    /// Takes a finished run's outcome: a result replaces the last one; a cancelled run keeps
    /// it; an error is kept to show. True while a run is going on.
    pub fn poll(&mut self, lang: crate::i18n::Lang) -> bool {
        let Some(job) = &self.job else {
            return false;
        };
        let done = job.out.lock().ok().and_then(|mut s| s.take());
        let Some(r) = done else {
            return true;
        };
        let revision = job.revision;
        self.job = None;
        match r {
            Ok(res) => {
                self.result = Some((revision, Arc::new(res)));
                // The result needs the room: the editor folds away (its toggle reopens it).
                self.editor.closed = true;
            }
            Err(McError::Cancelled) => {}
            Err(e) => self.error = Some(e.message(lang)),
        }
        false
    }
}

pub fn ui(ui: &mut egui::Ui, state: &mut AppState) {
    let lang = state.lang();
    ui.heading(t(lang, "mc_heading"));
    ui.label(t(lang, "mc_intro"));
    ui.add_space(6.0);
    let has_data = !state.project.counties.is_empty()
        && state
            .project
            .period(state.year)
            .is_some_and(|p| !p.counties.is_empty());
    controls(ui, state);
    let mut st = std::mem::take(&mut state.pages.uncertainty);
    // The distributions can be set before there is anything to run (a blank project).
    editor::ui(ui, state, &mut st.editor);
    if !has_data {
        ui.label(egui::RichText::new(t(lang, "mc_blank")).strong());
        state.pages.uncertainty = st;
        return;
    }
    if st.poll(lang) {
        let job = st.job.as_ref().map(|j| j.progress.clone());
        if let Some(p) = job {
            ui.horizontal(|ui| {
                ui.label(t(lang, "mc_running"));
                ui.add(
                    egui::ProgressBar::new(p.fraction())
                        .show_percentage()
                        .desired_width(320.0),
                );
                if ui.button(t(lang, "mc_cancel")).clicked() {
                    p.cancel.store(true, std::sync::atomic::Ordering::Relaxed);
                }
            });
        }
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_millis(100));
    } else if ui.button(t(lang, "mc_run")).clicked() {
        let options = Options {
            year: state.year,
            framework: Some(state.framework.clone()),
            price_year: None,
            traces: false,
        };
        st.start(&state.project, options, state.revision);
        ui.ctx().request_repaint();
    }
    if let Some(e) = &st.error {
        ui.colored_label(ui.visuals().error_fg_color, e);
    }
    match &st.result {
        Some((rev, res)) => {
            if *rev != state.revision {
                ui.colored_label(ui.visuals().warn_fg_color, t(lang, "mc_stale"));
            }
            let res = res.clone();
            egui::ScrollArea::both()
                .auto_shrink([false, false])
                .show(ui, |ui| result(ui, &res, lang));
        }
        None => {
            ui.label(t(lang, "mc_none_yet"));
        }
    }
    state.pages.uncertainty = st;
}

/// Draws, seed, tag defaults and the report switch: saved with the project.
fn controls(ui: &mut egui::Ui, state: &mut AppState) {
    let lang = state.lang();
    let mut s = state.project.uncertainty.clone();
    ui.horizontal(|ui| {
        let l = ui.label(t(lang, "mc_draws"));
        ui.add(
            egui::DragValue::new(&mut s.draws)
                .range(1..=1_000_000)
                .speed(100),
        )
        .labelled_by(l.id);
        let l = ui.label(t(lang, "mc_seed"));
        ui.add(egui::DragValue::new(&mut s.seed).speed(1))
            .labelled_by(l.id);
        ui.checkbox(&mut s.tag_defaults, t(lang, "mc_tag_defaults"));
        ui.checkbox(&mut s.in_report, t(lang, "mc_in_report"));
    });
    if s != state.project.uncertainty {
        state.edit_part(|p| &mut p.uncertainty, |u| *u = s);
    }
}

fn result(ui: &mut egui::Ui, res: &McResult, lang: crate::i18n::Lang) {
    for line in vu::summary(res, lang) {
        ui.label(line);
    }
    ui.add_space(6.0);
    let comp = res.compensation_draws > 0;
    ui.strong(t(lang, "mc_region_table"));
    grid(
        ui,
        "mc_region",
        vu::headers(lang, crate::units::MoneyUnit::YiYuan, comp),
        vec![vu::region_row(res, lang)],
    );
    ui.add_space(8.0);
    if let Some(chart) = vu::tornado_chart(res, lang, 10) {
        chart_ui::show_chart(ui, "mc_tornado", &chart, 320.0);
    }
    ui.add_space(8.0);
    error_bars(ui, res, lang);
    ui.add_space(8.0);
    ui.strong(t(lang, "mc_county_table"));
    grid(
        ui,
        "mc_counties",
        vu::headers(lang, crate::units::MoneyUnit::WanYuan, comp),
        vu::county_rows(res, lang),
    );
    ui.add_space(8.0);
    ui.strong(t(lang, "mc_params_table"));
    grid(
        ui,
        "mc_params",
        vu::param_headers(lang),
        vu::param_rows(res, lang),
    );
}

fn grid(ui: &mut egui::Ui, id: &str, headers: Vec<String>, rows: Vec<Vec<String>>) {
    egui::Grid::new(id).striped(true).show(ui, |ui| {
        for h in headers {
            ui.strong(h);
        }
        ui.end_row();
        for r in rows {
            for c in r {
                ui.label(c);
            }
            ui.end_row();
        }
    });
}

/// County GEP medians with their 5–95 % intervals as vertical error bars (万元).
fn error_bars(ui: &mut egui::Ui, res: &McResult, lang: crate::i18n::Lang) {
    let mut bars = vu::error_bars(res, lang);
    bars.sort_by(|a, b| b.1.total_cmp(&a.1));
    bars.truncate(BARS_MAX);
    if bars.is_empty() {
        return;
    }
    ui.strong(tf(lang, "mc_bars_title", &[("n", &bars.len().to_string())]));
    let names: Vec<String> = bars.iter().map(|b| b.0.clone()).collect();
    let interval = t(lang, "mc_interval");
    Plot::new("mc_error_bars")
        .height(260.0)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_drag(false)
        .allow_boxed_zoom(false)
        .include_y(0.0)
        .x_axis_formatter(move |m, _| {
            let i = m.value.round();
            if (m.value - i).abs() < 1e-6 && i >= 0.0 {
                names.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .show(ui, |p| {
            for (i, b) in bars.iter().enumerate() {
                let x = i as f64;
                p.line(
                    Line::new(interval, PlotPoints::new(vec![[x, b.2], [x, b.3]]))
                        .color(egui::Color32::from_rgb(80, 120, 200))
                        .width(2.0),
                );
            }
            let pts: Vec<[f64; 2]> = bars
                .iter()
                .enumerate()
                .map(|(i, b)| [i as f64, b.1])
                .collect();
            p.points(
                Points::new(t(lang, "mc_median"), pts)
                    .radius(3.5)
                    .color(egui::Color32::from_rgb(60, 140, 90)),
            );
        });
}

pub mod editor;
pub mod intervals;

#[cfg(test)]
mod tests;
