//! The new-project wizard and project settings: one form, two modes.
//!
//! File → 新建 opens it on a draft (`Mode::New`): name, region, 编制单位, framework, years and
//! counties are set on the draft, and 创建项目 hands it to the app, which asks first when the
//! open project has unsaved changes. File → 项目设置 opens the same form on the open project
//! (`Mode::Settings`): every change is applied at once through `AppState::edit`, one undo step
//! each. Every change is a `model::setup::SetupChange`, so the wizard, the settings and
//! `gep-calc new` shape a project the same way. The county picker is in `counties.rs`.

mod counties;

use eframe::egui;

use super::state::AppState;
use super::widgets;
use crate::i18n::{Lang, t, tf};
use crate::model::Project;
use crate::model::setup::{NewProject, SetupChange};

/// Which project the form edits.
pub enum Mode {
    /// A draft that becomes the project when the user clicks 创建项目.
    New(Box<Project>),
    /// The open project, changed in place.
    Settings,
}

/// The open form and what it remembers between frames.
pub struct SetupForm {
    pub mode: Mode,
    /// The year typed for "add" and "copy into".
    year_text: String,
    /// A message under the years (a bad year typed).
    year_error: Option<String>,
    picker: counties::Picker,
}

/// What the form asks of the app when it closes.
pub enum Outcome {
    Open,
    Closed,
    /// Replace the open project with this one (after the unsaved-changes question).
    Create(Box<Project>),
}

impl SetupForm {
    /// The wizard on a draft: the default framework and last year's accounts.
    pub fn new_project(lang: Lang, year: i32) -> SetupForm {
        let draft = NewProject {
            name: t(lang, "new_project").to_string(),
            years: vec![year],
            ..Default::default()
        }
        .build();
        SetupForm::with_mode(Mode::New(Box::new(draft)))
    }

    /// Project settings on the open project.
    pub fn settings() -> SetupForm {
        SetupForm::with_mode(Mode::Settings)
    }

    fn with_mode(mode: Mode) -> SetupForm {
        SetupForm {
            mode,
            year_text: String::new(),
            year_error: None,
            picker: counties::Picker::default(),
        }
    }

    /// Draws the form as a window; returns what the app should do.
    pub fn show(&mut self, ctx: &egui::Context, state: &mut AppState) -> Outcome {
        let lang = state.lang();
        let new = matches!(self.mode, Mode::New(_));
        let title = t(
            lang,
            if new {
                "prj_new_title"
            } else {
                "prj_settings_title"
            },
        );
        let mut outcome = Outcome::Open;
        let mut open = true;
        egui::Window::new(title)
            .id(egui::Id::unique("prj_setup_window"))
            .open(&mut open)
            .collapsible(false)
            .default_width(720.0)
            .max_height(ctx.content_rect().height() - 80.0)
            .show(ctx, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    let changes = self.body(ui, state);
                    self.apply(state, changes);
                });
                ui.separator();
                ui.horizontal(|ui| outcome = self.buttons(ui, lang));
            });
        if !open {
            outcome = Outcome::Closed;
        }
        outcome
    }

    fn buttons(&mut self, ui: &mut egui::Ui, lang: Lang) -> Outcome {
        match &self.mode {
            Mode::New(draft) => {
                let ready = !draft.counties.is_empty() && !draft.periods.is_empty();
                let create = ui
                    .add_enabled(ready, egui::Button::new(t(lang, "prj_create")))
                    .on_disabled_hover_text(t(lang, "prj_create_needs"));
                if create.clicked() {
                    return Outcome::Create(draft.clone());
                }
                if !ready {
                    ui.label(
                        egui::RichText::new(t(lang, "prj_create_needs"))
                            .color(ui.visuals().warn_fg_color),
                    );
                }
                if ui.button(t(lang, "cancel")).clicked() {
                    return Outcome::Closed;
                }
            }
            Mode::Settings => {
                ui.label(egui::RichText::new(t(lang, "prj_settings_undo")).weak());
                if ui.button(t(lang, "prj_close")).clicked() {
                    return Outcome::Closed;
                }
            }
        }
        Outcome::Open
    }

    /// The project the form shows.
    fn project<'a>(&'a self, state: &'a AppState) -> &'a Project {
        match &self.mode {
            Mode::New(draft) => draft,
            Mode::Settings => &state.project,
        }
    }

    /// Applies the changes of this frame: to the draft, or to the project (one undo step each).
    fn apply(&mut self, state: &mut AppState, changes: Vec<SetupChange>) {
        for c in changes {
            match &mut self.mode {
                Mode::New(draft) => {
                    draft.apply_setup(&c);
                    // The region follows the counties picked until the user types one.
                    if matches!(c, SetupChange::AddCounties(_)) && draft.meta.region.is_empty() {
                        let codes = draft.counties.iter().map(|c| c.code.as_str());
                        draft.meta.region = crate::divisions::region_of(codes);
                    }
                }
                Mode::Settings => {
                    // Undo keeps the settings and the county list (and the county a change
                    // adds or removes); removing a year keeps the whole project.
                    let codes: Vec<String> = match &c {
                        SetupChange::AddCounties(list) => {
                            list.iter().map(|x| x.code.clone()).collect()
                        }
                        SetupChange::RemoveCounty(code) => vec![code.clone()],
                        _ => Vec::new(),
                    };
                    if matches!(c, SetupChange::RemoveYear(_)) {
                        state.edit(|p| {
                            p.apply_setup(&c);
                        });
                    } else {
                        state.edit_slice(&codes, |p| {
                            p.apply_setup(&c);
                        });
                    }
                    if let SetupChange::Framework(f) = &c {
                        state.framework = f.clone();
                    }
                    if state.project.period(state.year).is_none()
                        && let Some(y) = state.project.latest_year()
                    {
                        state.year = y;
                    }
                }
            }
        }
    }

    /// The form's sections; returns the changes the user made.
    fn body(&mut self, ui: &mut egui::Ui, state: &AppState) -> Vec<SetupChange> {
        let lang = state.lang();
        let mut changes = Vec::new();
        ui.heading(t(lang, "prj_section_basic"));
        let settings = matches!(self.mode, Mode::Settings);
        changes.extend(basics(ui, self.project(state), state, settings));
        ui.add_space(8.0);
        ui.heading(t(lang, "prj_section_years"));
        changes.extend(self.years(
            ui,
            lang,
            self.project(state).periods.iter().map(|p| p.year).collect(),
        ));
        ui.add_space(8.0);
        ui.heading(t(lang, "prj_section_counties"));
        let project = match &self.mode {
            Mode::New(d) => d.as_ref(),
            Mode::Settings => &state.project,
        };
        changes.extend(self.picker.show(ui, lang, project));
        changes
    }

    /// The years, each removable or copied into the year typed; an empty year added.
    fn years(&mut self, ui: &mut egui::Ui, lang: Lang, years: Vec<i32>) -> Vec<SetupChange> {
        let mut out = Vec::new();
        let typed = self.year_text.trim();
        let target = if typed.is_empty() {
            years.iter().max().map_or(Ok(2022), |y| Ok(y + 1))
        } else {
            typed
                .parse::<i32>()
                .ok()
                .filter(|y| (1949..=2100).contains(y))
                .ok_or(())
        };
        ui.horizontal(|ui| {
            ui.label(t(lang, "prj_year_new"));
            ui.add(egui::TextEdit::singleline(&mut self.year_text).desired_width(60.0))
                .accessible_name(t(lang, "prj_year_new"));
            let label = match target {
                Ok(y) => tf(lang, "prj_year_add", &[("year", &y.to_string())]),
                Err(()) => t(lang, "prj_year_add_plain").to_string(),
            };
            if ui.button(label).clicked() {
                match target {
                    Ok(y) if years.contains(&y) => {
                        self.year_error =
                            Some(tf(lang, "prj_year_exists", &[("year", &y.to_string())]));
                    }
                    Ok(y) => {
                        out.push(SetupChange::AddYear(y));
                        self.year_text.clear();
                        self.year_error = None;
                    }
                    Err(()) => {
                        self.year_error =
                            Some(tf(lang, "prj_year_bad", &[("value", &self.year_text)]))
                    }
                }
            }
        });
        if let Some(e) = &self.year_error {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
        for y in &years {
            ui.horizontal(|ui| {
                ui.label(tf(lang, "prj_year_label", &[("year", &y.to_string())]));
                if let Ok(to) = target
                    && !years.contains(&to)
                {
                    let copy = tf(
                        lang,
                        "prj_year_copy",
                        &[("from", &y.to_string()), ("to", &to.to_string())],
                    );
                    if ui.button(copy).clicked() {
                        out.push(SetupChange::CopyYear { from: *y, to });
                        self.year_text.clear();
                    }
                }
                let remove = tf(lang, "prj_year_remove", &[("year", &y.to_string())]);
                if ui.button(remove).clicked() {
                    out.push(SetupChange::RemoveYear(*y));
                }
            });
        }
        if years.is_empty() {
            ui.colored_label(ui.visuals().warn_fg_color, t(lang, "prj_no_years"));
        }
        out
    }
}

/// Makes the change of one text field.
type MetaChange = fn(String) -> SetupChange;

/// Name, region, 编制单位, report date and framework: text is committed when the field loses focus.
/// The report date is asked in the project settings only: the wizard stays short enough for
/// 1366×768.
fn basics(ui: &mut egui::Ui, p: &Project, state: &AppState, settings: bool) -> Vec<SetupChange> {
    let lang = state.lang();
    let mut out = Vec::new();
    egui::Grid::new("prj_basics")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            let fields: [(&'static str, &str, MetaChange); 4] = [
                ("prj_name", &p.meta.name, SetupChange::Name),
                ("prj_region", &p.meta.region, SetupChange::Region),
                (
                    "prj_organisation",
                    &p.meta.organisation,
                    SetupChange::Organisation,
                ),
                (
                    "rs_prj_report_date",
                    &p.meta.report_date,
                    SetupChange::ReportDate,
                ),
            ];
            for (key, value, change) in fields {
                if key == "rs_prj_report_date" && !settings {
                    continue;
                }
                ui.label(t(lang, key));
                let id = egui::Id::unique(("prj_field", key));
                if let Some(v) = widgets::text_cell(ui, id, value, t(lang, key)) {
                    out.push(change(v));
                }
                ui.end_row();
            }
            ui.label(t(lang, "prj_framework"));
            let reg = state.registry();
            let current = reg.framework(&p.meta.framework).map_or_else(
                || p.meta.framework.clone(),
                |f| f.name.get(lang).to_string(),
            );
            egui::ComboBox::from_id_salt("prj_framework")
                .selected_text(current)
                .width(320.0)
                .show_ui(ui, |ui| {
                    for f in &reg.frameworks {
                        let on = f.id == p.meta.framework;
                        if ui
                            .selectable_label(on, f.name.get(lang))
                            .on_hover_text(f.description.get(lang))
                            .clicked()
                            && !on
                        {
                            out.push(SetupChange::Framework(f.id.clone()));
                        }
                    }
                })
                .response
                .on_hover_text(t(lang, "prj_framework"));
            ui.end_row();
        });
    out
}
