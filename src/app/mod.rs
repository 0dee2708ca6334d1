//! The desktop app (eframe + egui).
//!
//! Owns the window shell: menu bar (File, Edit, View), year and framework selectors, the left
//! navigation of pages, the status bar, keyboard shortcuts, the unsaved-changes prompt, the
//! in-app path field used when no native file dialog is available, and autosave/recovery.
//! Pages live in `pages/` and only read `AppState` (accounts come from the engine through it)
//! or edit the project through `AppState::edit`.

pub mod chart_ui;
pub mod file_browser;
pub mod fonts;
pub use crate::format;
pub mod boundary_dialog;
pub mod import_dialog;
pub mod nav;
pub mod page_state;
pub mod pages;
pub mod recovery;
pub mod scenario_bar;
pub mod setup;
pub mod state;
pub mod table;
pub mod widgets;

use std::path::PathBuf;
use std::time::Duration;

use eframe::egui;

use crate::i18n::Lang;
use crate::i18n::t;
use crate::units::MoneyUnit;
use file_browser::Picked;
use nav::Page;
use state::{AppState, ExportKind, Notice, PathPrompt, PathPurpose, Pending, Settings};

const SETTINGS_KEY: &str = "gep-calc-settings";
pub struct GepApp {
    pub state: AppState,
    /// Writes unsaved work ~2 s after the last edit, off the UI thread.
    pub autosaver: recovery::Autosaver,
    /// The window was checked against the monitor it opened on.
    fitted: bool,
    /// The new-project wizard or project settings, while open.
    pub setup: Option<setup::SetupForm>,
}

impl GepApp {
    /// The app on the built-in sample project (used by kittest).
    pub fn new(settings: Settings) -> GepApp {
        GepApp {
            state: AppState::with_sample(settings),
            autosaver: recovery::Autosaver::default(),
            fitted: false,
            setup: None,
        }
    }

    /// The app as eframe creates it: settings restored, recovery file looked for.
    pub fn from_creation_context(cc: &eframe::CreationContext<'_>, launch: Launch) -> GepApp {
        fonts::install(&cc.egui_ctx);
        let settings: Settings = cc
            .storage
            .and_then(|s| eframe::get_value(s, SETTINGS_KEY))
            .unwrap_or_default();
        let mut app = GepApp::new(settings);
        app.state.native_dialogs = true;
        let recovery = eframe::storage_dir("gep-calc").map(|d| d.join("recovery.ron"));
        if let Some(r) = &recovery
            && r.exists()
        {
            app.state.recovery = Some(r.clone());
        }
        app.state.recovery_path = recovery;
        if let Some(l) = launch.lang {
            app.state.settings.lang = l;
        }
        if let Some(p) = launch.open {
            app.state.open_at_launch(&p);
        }
        if let Some(p) = launch.page {
            app.state.page = p;
        }
        app.apply_theme(&cc.egui_ctx);
        app
    }

    fn apply_theme(&self, ctx: &egui::Context) {
        // Input boxes in a faint yellow (as input cells in a spreadsheet): the light theme's
        // default is white, invisible on the white rows of the tables.
        ctx.style_mut_of(egui::Theme::Light, |s| {
            s.visuals.text_edit_bg_color = Some(egui::Color32::from_rgb(0xFF, 0xFB, 0xE6));
        });
        ctx.set_theme(if self.state.settings.dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        });
    }

    /// The whole UI (called by eframe, and by kittest without a frame).
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.shortcuts(&ctx);
        self.state.poll_export();
        if self.state.exporting() {
            ctx.request_repaint_after(Duration::from_millis(200));
        }
        let lang = self.state.lang();

        egui::Panel::top("menu").show(ui, |ui| {
            egui::MenuBar::new().ui(ui, |ui| self.menu_bar(ui));
        });
        egui::Panel::bottom("status").show(ui, |ui| self.status_bar(ui));
        egui::Panel::left("nav")
            .resizable(false)
            .exact_size(132.0)
            .show(ui, |ui| {
                ui.add_space(6.0);
                for page in Page::ALL {
                    let selected = self.state.page == page;
                    if ui
                        .add_sized(
                            [120.0, 28.0],
                            egui::Button::selectable(selected, page.title(lang)),
                        )
                        .clicked()
                    {
                        self.state.page = page;
                    }
                }
            });
        if let Some(trace) = self.state.trace.clone() {
            egui::Panel::right("trace")
                .resizable(true)
                .default_size(380.0)
                .show(ui, |ui| {
                    pages::results::trace_panel(ui, &mut self.state, &trace.0, &trace.1);
                });
        }
        egui::CentralPanel::default().show(ui, |ui| {
            scenario_bar::badge(ui, &mut self.state);
            pages::show(ui, &mut self.state)
        });

        self.dialogs(&ctx);
        if let Some(action) = self.state.requested.take() {
            self.request(action);
        }
        if std::mem::take(&mut self.state.open_settings) && self.setup.is_none() {
            self.setup = Some(setup::SetupForm::settings());
        }
        self.setup_window(&ctx);
        import_dialog::show(&ctx, &mut self.state);
        boundary_dialog::show(&ctx, &mut self.state);
        scenario_bar::dialogs(&ctx, &mut self.state);
        if let Some(wait) = self.autosaver.tick(&self.state) {
            ctx.request_repaint_after(wait);
        }
    }

    fn shortcuts(&mut self, ctx: &egui::Context) {
        use egui::{Key, KeyboardShortcut, Modifiers};
        let save = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
        let redo = KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
        let redo_y = KeyboardShortcut::new(Modifiers::COMMAND, Key::Y);
        let undo = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
        // A focused text field keeps its own undo; table cells commit first.
        // A table cell not typed in yet (Enter moves to the next one) is left for the project's.
        let undo_keys =
            ctx.input(|i| i.modifiers.command && (i.key_pressed(Key::Z) || i.key_pressed(Key::Y)));
        let text_focused = ctx.memory(|m| m.focused().is_some())
            && !(undo_keys && self::widgets::leave_untouched_cell(ctx));
        if ctx.input_mut(|i| i.consume_shortcut(&save)) {
            self.save();
        }
        if !text_focused {
            if ctx.input_mut(|i| i.consume_shortcut(&redo) || i.consume_shortcut(&redo_y)) {
                self.state.redo();
            } else if ctx.input_mut(|i| i.consume_shortcut(&undo)) {
                self.state.undo();
            }
        }
    }

    fn menu_bar(&mut self, ui: &mut egui::Ui) {
        let lang = self.state.lang();
        ui.menu_button(t(lang, "menu_file"), |ui| {
            if ui.button(t(lang, "file_new")).clicked() {
                self.perform(Pending::New);
                ui.close();
            }
            if ui.button(t(lang, "prj_settings_menu")).clicked() {
                self.setup = Some(setup::SetupForm::settings());
                ui.close();
            }
            if ui.button(t(lang, "file_open")).clicked() {
                self.request(Pending::Open(None));
                ui.close();
            }
            if ui.button(t(lang, "file_save")).clicked() {
                self.save();
                ui.close();
            }
            if ui.button(t(lang, "file_save_as")).clicked() {
                self.save_as();
                ui.close();
            }
            if ui.button(t(lang, "file_import")).clicked() {
                self.import();
                ui.close();
            }
            if ui.button(t(lang, "bd_app_menu")).clicked() {
                boundary_dialog::open(&mut self.state);
                ui.close();
            }
            if ui.button(t(lang, "file_template")).clicked() {
                self.template();
                ui.close();
            }
            ui.menu_button(t(lang, "file_export"), |ui| {
                for (kind, key) in [
                    (ExportKind::Xlsx, "export_xlsx"),
                    (ExportKind::Html, "export_html"),
                    (ExportKind::Pdf, "export_pdf"),
                    (ExportKind::Docx, "dx_export_docx"),
                    (ExportKind::Csv, "export_csv"),
                    (ExportKind::Json, "export_json"),
                ] {
                    let built = kind != ExportKind::Pdf || crate::report::pdf::BUILT;
                    let button = ui
                        .add_enabled(built, egui::Button::new(t(lang, key)))
                        .on_disabled_hover_text(t(lang, "export_pdf_not_built"));
                    if button.clicked() {
                        self.export(kind);
                        ui.close();
                    }
                }
            });
            ui.menu_button(t(lang, "file_recent"), |ui| {
                let recent = self.state.settings.recent.clone();
                if recent.is_empty() {
                    ui.label(t(lang, "none"));
                }
                for p in recent {
                    if ui.button(p.display().to_string()).clicked() {
                        self.request(Pending::Open(Some(p)));
                        ui.close();
                    }
                }
            });
            if ui.button(t(lang, "file_sample")).clicked() {
                self.request(Pending::Sample);
                ui.close();
            }
        });
        ui.menu_button(t(lang, "menu_edit"), |ui| {
            if ui
                .add_enabled(
                    self.state.can_undo(),
                    egui::Button::new(t(lang, "edit_undo")),
                )
                .clicked()
            {
                self.state.undo();
            }
            if ui
                .add_enabled(
                    self.state.can_redo(),
                    egui::Button::new(t(lang, "edit_redo")),
                )
                .clicked()
            {
                self.state.redo();
            }
        });
        ui.menu_button(t(lang, "menu_view"), |ui| {
            ui.label(t(lang, "view_money_unit"));
            for (u, key) in [
                (MoneyUnit::Yuan, "unit_yuan"),
                (MoneyUnit::WanYuan, "unit_wan_yuan"),
                (MoneyUnit::YiYuan, "unit_yi_yuan"),
            ] {
                ui.radio_value(&mut self.state.settings.money_unit, u, t(lang, key));
            }
            ui.separator();
            let mut dark = self.state.settings.dark;
            if ui.checkbox(&mut dark, t(lang, "view_dark")).changed() {
                self.state.settings.dark = dark;
                self.apply_theme(ui.ctx());
            }
        });
        ui.separator();
        // Language switch: both labels always in their own language.
        for (l, label) in [(Lang::Zh, "中文"), (Lang::En, "English")] {
            if ui
                .selectable_label(self.state.settings.lang == l, label)
                .clicked()
            {
                self.state.settings.lang = l;
            }
        }
        ui.separator();
        scenario_bar::selector(ui, &mut self.state);
        ui.label(t(lang, "year"));
        let years = self.state.years();
        egui::ComboBox::from_id_salt("year")
            .selected_text(self.state.year.to_string())
            .show_ui(ui, |ui| {
                for y in years {
                    ui.selectable_value(&mut self.state.year, y, y.to_string());
                }
            })
            .response
            .on_hover_text(t(lang, "year"));
        ui.label(t(lang, "framework"));
        let reg = self.state.registry();
        let current = reg.framework(&self.state.framework).map_or_else(
            || self.state.framework.clone(),
            |f| f.name.get(lang).to_string(),
        );
        // The long framework names are cut to the space left, so the bar fits at 150 % scaling.
        let width = (ui.available_width() - 30.0).clamp(120.0, 420.0);
        egui::ComboBox::from_id_salt("framework")
            .selected_text(current)
            .width(width)
            .truncate()
            .show_ui(ui, |ui| {
                for f in &reg.frameworks {
                    ui.selectable_value(&mut self.state.framework, f.id.clone(), f.name.get(lang))
                        .on_hover_text(f.description.get(lang));
                }
            })
            .response
            .on_hover_text(t(lang, "framework"));
    }

    fn status_bar(&mut self, ui: &mut egui::Ui) {
        let lang = self.state.lang();
        ui.horizontal(|ui| {
            let (errors, warnings) = {
                let issues = self.state.issues();
                let e = issues
                    .iter()
                    .filter(|i| i.severity == crate::validate::Severity::Error)
                    .count();
                (e, issues.len() - e)
            };
            let mut text = crate::i18n::tf(
                lang,
                "status_issues",
                &[
                    ("errors", &errors.to_string()),
                    ("warnings", &warnings.to_string()),
                ],
            );
            if self.state.validating() {
                text.push_str(t(lang, "validating"));
                ui.ctx().request_repaint_after(Duration::from_millis(100));
            }
            let color = if errors > 0 {
                ui.visuals().error_fg_color
            } else {
                ui.visuals().weak_text_color()
            };
            if ui.link(egui::RichText::new(text).color(color)).clicked() {
                self.state.page = Page::Overview;
            }
            ui.separator();
            if self.state.project.meta.illustrative {
                ui.label(
                    egui::RichText::new(t(lang, "illustrative")).color(ui.visuals().warn_fg_color),
                );
                ui.separator();
            }
            if let Some(wait) = self.state.expire_notice() {
                ui.ctx().request_repaint_after(wait);
            }
            if let Some(n) = &self.state.notice {
                let c = if n.error {
                    ui.visuals().error_fg_color
                } else {
                    ui.visuals().text_color()
                };
                ui.label(egui::RichText::new(&n.text).color(c));
            }
        });
    }

    fn setup_window(&mut self, ctx: &egui::Context) {
        let Some(form) = &mut self.setup else {
            return;
        };
        match form.show(ctx, &mut self.state) {
            setup::Outcome::Open => {}
            setup::Outcome::Closed => self.setup = None,
            // The form stays open until the project is replaced: cancelling the unsaved-changes
            // question keeps the draft.
            setup::Outcome::Create(project) => self.request(Pending::Create(project)),
        }
    }

    fn request(&mut self, action: Pending) {
        if self.state.dirty {
            self.state.pending = Some(action);
        } else {
            self.perform(action);
        }
    }

    fn perform(&mut self, action: Pending) {
        match action {
            // The wizard asks nothing: the question comes when it replaces the project.
            Pending::New => {
                let year = self.state.year;
                self.setup = Some(setup::SetupForm::new_project(self.state.lang(), year));
            }
            Pending::Create(project) => {
                self.setup = None;
                self.state.replace_project(*project, None);
                self.state.mark_unsaved();
                self.state.page = Page::Counties;
                self.state.notice = Some(Notice {
                    text: t(self.state.lang(), "prj_created").to_string(),
                    error: false,
                });
            }
            Pending::Open(Some(path)) => {
                self.state.open(&path);
            }
            Pending::Sample => self.state.open_sample(),
            Pending::Open(None) => {
                let picked = file_browser::native(self.state.native_dialogs, || {
                    rfd::FileDialog::new()
                        .add_filter("GEP (RON)", &["ron"])
                        .pick_file()
                });
                match picked {
                    Picked::Chosen(p) => {
                        self.state.open(&p);
                    }
                    Picked::Cancelled => {}
                    Picked::Unavailable => self.browse(PathPurpose::Open, String::new()),
                }
            }
            Pending::Close => {
                self.state.clear_recovery();
                self.state.close_requested = true;
            }
        }
    }

    pub fn save(&mut self) {
        match self.state.path.clone() {
            Some(p) => {
                self.state.save_to(&p);
            }
            None => self.save_as(),
        }
    }

    fn import(&mut self) {
        let picked = file_browser::native(self.state.native_dialogs, || {
            rfd::FileDialog::new()
                .add_filter(
                    t(self.state.lang(), "spreadsheets"),
                    &["xlsx", "xls", "xlsb", "ods", "csv", "txt"],
                )
                .pick_file()
        });
        match picked {
            Picked::Chosen(p) => {
                self.state.import = Some(import_dialog::ImportSession::start_background(
                    &self.state,
                    &p,
                ))
            }
            Picked::Cancelled => {}
            Picked::Unavailable => self.browse(PathPurpose::Import, String::new()),
        }
    }

    fn template(&mut self) {
        let picked = file_browser::native(self.state.native_dialogs, || {
            rfd::FileDialog::new()
                .add_filter("xlsx", &["xlsx"])
                .set_file_name("gep-calc-template.xlsx")
                .save_file()
        });
        match picked {
            Picked::Chosen(p) => {
                self.state.write_template(&p);
            }
            Picked::Cancelled => {}
            Picked::Unavailable => self.browse(
                PathPurpose::Export(ExportKind::Template),
                "gep-calc-template.xlsx".into(),
            ),
        }
    }

    fn export(&mut self, kind: ExportKind) {
        let stem = format!("{}_{}", self.state.project.meta.name, self.state.year);
        let picked = file_browser::native(self.state.native_dialogs, || {
            rfd::FileDialog::new()
                .add_filter(kind.extension(), &[kind.extension()])
                .set_file_name(format!("{stem}.{}", kind.extension()))
                .save_file()
        });
        match picked {
            Picked::Chosen(p) => {
                self.state.start_export(kind, &p);
            }
            Picked::Cancelled => {}
            Picked::Unavailable => self.browse(
                PathPurpose::Export(kind),
                format!("{stem}.{}", kind.extension()),
            ),
        }
    }

    fn save_as(&mut self) {
        let picked = file_browser::native(self.state.native_dialogs, || {
            rfd::FileDialog::new()
                .add_filter("GEP (RON)", &["ron"])
                .set_file_name(format!("{}.ron", self.state.project.meta.name))
                .save_file()
        });
        match picked {
            Picked::Chosen(p) => {
                self.state.save_to(&p);
            }
            Picked::Cancelled => {}
            Picked::Unavailable => {
                let suggestion = self.state.path.as_ref().map_or_else(
                    || format!("{}.ron", self.state.project.meta.name),
                    |p| p.display().to_string(),
                );
                self.browse(PathPurpose::SaveAs, suggestion);
            }
        }
    }

    /// Opens the built-in file browser for `purpose` at `suggestion`.
    fn browse(&mut self, purpose: PathPurpose, suggestion: String) {
        let prompt = PathPrompt::new(purpose, &suggestion, &self.state.settings.recent);
        self.state.prompt = Some(prompt);
    }

    fn dialogs(&mut self, ctx: &egui::Context) {
        let lang = self.state.lang();
        if let Some(action) = self.state.pending.clone() {
            egui::Modal::new(egui::Id::unique("unsaved")).show(ctx, |ui| {
                ui.heading(t(lang, "unsaved_title"));
                ui.label(t(lang, "unsaved_body"));
                ui.horizontal(|ui| {
                    if ui.button(t(lang, "unsaved_save")).clicked() {
                        self.save();
                        if !self.state.dirty {
                            self.state.pending = None;
                            self.perform(action.clone());
                        }
                    }
                    if ui.button(t(lang, "unsaved_discard")).clicked() {
                        self.state.pending = None;
                        self.state.dirty = false;
                        self.perform(action.clone());
                    }
                    if ui.button(t(lang, "cancel")).clicked() {
                        self.state.pending = None;
                    }
                });
            });
        }
        file_browser::show(ctx, &mut self.state);
        if let Some(error) = self.state.launch_error.clone() {
            egui::Modal::new(egui::Id::unique("launch_error")).show(ctx, |ui| {
                ui.set_max_width(560.0);
                ui.heading(t(lang, "hd_app_open_failed"));
                ui.label(egui::RichText::new(&error).color(ui.visuals().error_fg_color));
                if ui.button(t(lang, "ok")).clicked() {
                    self.state.launch_error = None;
                }
            });
        }
        if let Some(rec) = self.state.recovery.clone() {
            egui::Modal::new(egui::Id::unique("recovery")).show(ctx, |ui| {
                ui.heading(t(lang, "recovery_title"));
                ui.label(t(lang, "recovery_body"));
                ui.horizontal(|ui| {
                    if ui.button(t(lang, "recovery_restore")).clicked() {
                        match recovery::read(&rec) {
                            Ok((p, linked)) => {
                                // Still the work of its file: Ctrl+S saves there.
                                self.state.replace_project(p, linked);
                                self.state.mark_unsaved();
                            }
                            Err(e) => {
                                self.state.notice = Some(Notice {
                                    text: e.to_string(),
                                    error: true,
                                })
                            }
                        }
                        self.state.recovery = None;
                    }
                    if ui.button(t(lang, "recovery_discard")).clicked() {
                        let _ = std::fs::remove_file(&rec);
                        self.state.recovery = None;
                    }
                });
            });
        }
    }
}

impl GepApp {
    /// Once the monitor is known: a window taller or wider than 92 % of it (in points, so
    /// after the OS scaling) is shrunk to that and moved to the top left.
    fn fit_to_monitor(&mut self, ctx: &egui::Context) {
        if self.fitted {
            return;
        }
        let (monitor, inner) = ctx.input(|i| (i.viewport().monitor_size, i.viewport().inner_rect));
        let (Some(monitor), Some(inner)) = (monitor, inner) else {
            return;
        };
        self.fitted = true;
        let max = monitor * 0.92 - egui::vec2(0.0, 40.0);
        if inner.width() > max.x || inner.height() > max.y {
            let size = inner.size().min(max);
            ctx.send_viewport_cmd(egui::ViewportCommand::InnerSize(size));
            ctx.send_viewport_cmd(egui::ViewportCommand::OuterPosition(egui::pos2(8.0, 8.0)));
        }
    }
}

impl eframe::App for GepApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        if ctx.input(|i| i.viewport().close_requested())
            && !self.state.close_requested
            && self.state.dirty
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.state.pending = Some(Pending::Close);
        }
        self.fit_to_monitor(&ctx);
        self.show(ui);
        ctx.send_viewport_cmd(egui::ViewportCommand::Title(self.state.title()));
        if self.state.close_requested {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, SETTINGS_KEY, &self.state.settings);
        self.state.autosave();
    }
}

/// How the window starts.
#[derive(Debug, Clone, Default)]
pub struct Launch {
    /// Project file to open instead of the sample.
    pub open: Option<PathBuf>,
    /// Language for this run (otherwise the remembered one).
    pub lang: Option<Lang>,
    /// First page.
    pub page: Option<Page>,
}

/// Opens the desktop window.
pub fn run(launch: Launch) -> eframe::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("GEP 核算 gep-calc")
            // Fits a 1366×768 screen with its taskbar; `fit_to_monitor` shrinks it further on
            // a scaled (125 %, 150 %) or smaller screen.
            .with_inner_size([1240.0, 660.0])
            .with_min_inner_size([640.0, 420.0]),
        ..Default::default()
    };
    eframe::run_native(
        "gep-calc",
        options,
        Box::new(move |cc| Ok(Box::new(GepApp::from_creation_context(cc, launch)))),
    )
}
