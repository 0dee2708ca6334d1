//! The county-boundary dialog: choose a GeoJSON or Shapefile, pick the field to match counties
//! by, state the source (审图号 …), read the preview (matched, unmatched and invalid
//! features), and import it as one undoable step; or remove the project's boundaries (maps go
//! back to the bundled schematic outlines). Reading and matching are `io::boundaries`'s; this
//! module only shows them. Opened from 文件 → 县界 and by `open` from other pages.

use std::path::PathBuf;

use eframe::egui;

use super::file_browser::{self, Picked};
use super::state::{AppState, Notice};
use crate::i18n::{Lang, t, tf};
use crate::io::boundaries::{self as bio, BoundaryFile, BoundaryImport, MatchBy};

/// The dialog's state while it is open.
pub struct BoundaryDialog {
    /// The file path as typed or chosen.
    pub path: String,
    /// The file read (or why not).
    file: Option<Result<BoundaryFile, String>>,
    /// The field chosen (`None`: detected) and whether it holds names.
    field: Option<String>,
    by_name: bool,
    pub source: String,
    preview: Option<Result<BoundaryImport, String>>,
}

/// Opens the dialog (the source line starts as the project's current one).
pub fn open(state: &mut AppState) {
    let source = state
        .project
        .boundaries
        .as_ref()
        .map(|b| b.source.clone())
        .unwrap_or_default();
    state.boundary_dialog = Some(BoundaryDialog {
        path: String::new(),
        file: None,
        field: None,
        by_name: false,
        source,
        preview: None,
    });
}

impl BoundaryDialog {
    /// Reads the file at `path` and previews it against the project.
    pub fn read(&mut self, state: &AppState) {
        let lang = state.lang();
        let path = PathBuf::from(self.path.trim());
        self.file = Some(bio::read(&path).map_err(|e| e.message(lang)));
        self.field = None;
        self.rerun(state);
    }

    fn rerun(&mut self, state: &AppState) {
        let lang = state.lang();
        let by = match &self.field {
            None => MatchBy::Auto,
            Some(f) if self.by_name => MatchBy::Name(f.clone()),
            Some(f) => MatchBy::Code(f.clone()),
        };
        self.preview = match &self.file {
            Some(Ok(file)) => {
                Some(bio::preview(file, &state.project, &by).map_err(|e| e.message(lang)))
            }
            Some(Err(e)) => Some(Err(e.clone())),
            None => None,
        };
        if let Some(Ok(p)) = &self.preview {
            self.field = Some(p.field.clone());
            self.by_name = p.by_name;
        }
    }
}

/// What the user did in one frame.
#[derive(Default)]
struct Actions {
    browse: bool,
    read: bool,
    rerun: bool,
    apply: bool,
    remove: bool,
    close: bool,
}

/// Shows the dialog while it is open.
pub fn show(ctx: &egui::Context, state: &mut AppState) {
    let Some(mut d) = state.boundary_dialog.take() else {
        return;
    };
    let lang = state.lang();
    let has_own = state.project.boundaries.is_some();
    let mut act = Actions::default();
    egui::Modal::new(egui::Id::unique("boundary_dialog")).show(ctx, |ui| {
        ui.set_max_width(760.0);
        ui.heading(t(lang, "bd_app_title"));
        ui.label(egui::RichText::new(t(lang, "bd_app_intro")).weak());
        ui.horizontal(|ui| {
            let label = ui.label(t(lang, "bd_app_file"));
            let edit = ui
                .add(egui::TextEdit::singleline(&mut d.path).desired_width(420.0))
                .labelled_by(label.id);
            act.read |= edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            act.browse |= ui.button(t(lang, "bd_app_browse")).clicked();
            act.read |= ui
                .add_enabled(
                    !d.path.trim().is_empty(),
                    egui::Button::new(t(lang, "bd_app_read")),
                )
                .clicked();
        });
        if let Some(Ok(file)) = &d.file {
            act.rerun |= field_ui(ui, lang, file, &mut d.field, &mut d.by_name);
        }
        ui.horizontal(|ui| {
            let label = ui.label(t(lang, "bd_app_source"));
            ui.add(
                egui::TextEdit::singleline(&mut d.source)
                    .hint_text(t(lang, "bd_app_source_hint"))
                    .desired_width(480.0),
            )
            .labelled_by(label.id);
        });
        preview_ui(ui, lang, &d.preview);
        ui.separator();
        act_buttons(ui, lang, &d, has_own, &mut act);
    });
    if act.browse {
        let picked = file_browser::native(state.native_dialogs, || {
            rfd::FileDialog::new()
                .add_filter(t(lang, "bd_app_filter"), &["geojson", "json", "shp"])
                .pick_file()
        });
        if let Picked::Chosen(p) = picked {
            d.path = p.display().to_string();
            act.read = true;
        }
    }
    if act.read {
        d.read(state);
    } else if act.rerun {
        d.rerun(state);
    }
    if act.apply
        && let Some(Ok(preview)) = &d.preview
    {
        let n = preview.matched.len().to_string();
        let source = d.source.clone();
        state.edit_part(
            |p| &mut p.boundaries,
            |b| *b = Some(preview.boundaries(&source)),
        );
        state.notice = Some(Notice {
            text: tf(lang, "bd_app_done", &[("n", &n)]),
            error: false,
        });
        act.close = true;
    }
    if act.remove {
        state.edit_part(|p| &mut p.boundaries, |b| *b = None);
        state.notice = Some(Notice {
            text: t(lang, "bd_cli_removed").to_string(),
            error: false,
        });
        act.close = true;
    }
    if !act.close {
        state.boundary_dialog = Some(d);
    }
}

/// The match-field picker: detected or any field, as codes or names. True when changed.
fn field_ui(
    ui: &mut egui::Ui,
    lang: Lang,
    file: &BoundaryFile,
    field: &mut Option<String>,
    by_name: &mut bool,
) -> bool {
    let mut changed = false;
    ui.horizontal(|ui| {
        ui.label(t(lang, "bd_app_field"));
        let shown = field
            .clone()
            .unwrap_or_else(|| t(lang, "bd_app_auto").to_string());
        egui::ComboBox::from_id_salt("bd_field")
            .selected_text(shown)
            .width(200.0)
            .show_ui(ui, |ui| {
                if ui
                    .selectable_label(field.is_none(), t(lang, "bd_app_auto"))
                    .clicked()
                {
                    *field = None;
                    changed = true;
                }
                for f in &file.fields {
                    if ui
                        .selectable_label(field.as_deref() == Some(f), f)
                        .clicked()
                    {
                        *field = Some(f.clone());
                        changed = true;
                    }
                }
            })
            .response
            .accessible_name(t(lang, "bd_app_field"));
        changed |= ui
            .radio_value(by_name, false, t(lang, "bd_app_by_code"))
            .changed();
        changed |= ui
            .radio_value(by_name, true, t(lang, "bd_app_by_name"))
            .changed();
    });
    changed
}

fn preview_ui(ui: &mut egui::Ui, lang: Lang, preview: &Option<Result<BoundaryImport, String>>) {
    match preview {
        None => {}
        Some(Err(e)) => {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
        Some(Ok(p)) => {
            ui.separator();
            egui::ScrollArea::vertical()
                .id_salt("bd_preview")
                .max_height(300.0)
                .show(ui, |ui| {
                    for line in p.lines(lang) {
                        ui.label(line);
                    }
                });
        }
    }
}

fn act_buttons(
    ui: &mut egui::Ui,
    lang: Lang,
    d: &BoundaryDialog,
    has_own: bool,
    act: &mut Actions,
) {
    ui.horizontal(|ui| {
        let ok = d.preview.as_ref().and_then(|p| p.as_ref().ok());
        let key = if ok.is_some_and(BoundaryImport::needs_accept) {
            "bd_app_accept"
        } else {
            "bd_app_import"
        };
        act.apply |= ui
            .add_enabled(ok.is_some(), egui::Button::new(t(lang, key)))
            .clicked();
        if has_own {
            act.remove |= ui
                .button(t(lang, "bd_app_remove"))
                .on_hover_text(t(lang, "bd_app_remove_hint"))
                .clicked();
        }
        act.close |= ui.button(t(lang, "cancel")).clicked();
        if ok.is_some() && d.source.trim().is_empty() {
            ui.label(
                egui::RichText::new(t(lang, "bd_app_no_source")).color(ui.visuals().warn_fg_color),
            );
        }
    });
}
