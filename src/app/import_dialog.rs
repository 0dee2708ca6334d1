//! The spreadsheet import dialog: preview every problem before anything changes, let the user
//! give unknown columns a meaning (remembered in the project), then apply the import as one
//! undoable step. Reading and checking are `io::import`'s; this module only shows them.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError};

use eframe::egui;

use super::state::{AppState, Notice};
use crate::i18n::{Lang, t, tf};
use crate::io::import::{
    self, ColumnMapping, ImportError, ImportOptions, ImportPreview, Severity, Target,
};
use crate::registry::Registry;

/// An import being previewed.
pub struct ImportSession {
    pub path: PathBuf,
    pub options: ImportOptions,
    pub preview: Result<ImportPreview, String>,
    /// The file as read: a column given a meaning plans the import again without reading.
    file: Option<import::ReadFile>,
    /// A read running on a background thread (the dialog shows a spinner and 取消 meanwhile).
    reading: Option<Receiver<Result<import::ReadFile, ImportError>>>,
}

impl ImportSession {
    /// Reads and checks `path` against the project (using the mappings remembered in it),
    /// before returning.
    pub fn start(state: &AppState, path: &Path) -> ImportSession {
        let mut session = ImportSession::new(state, path);
        let read = import::read_file(path, &session.options);
        session.take_read(state, read);
        session
    }

    /// As `start`, reading on a background thread: a damaged or large file (seconds to read)
    /// never freezes the window; the dialog shows the preview when the read is done.
    pub fn start_background(state: &AppState, path: &Path) -> ImportSession {
        let mut session = ImportSession::new(state, path);
        let (tx, rx) = std::sync::mpsc::channel();
        let (path, options) = (path.to_path_buf(), session.options.clone());
        std::thread::spawn(move || {
            // The dialog may have been closed: nobody waits for the result then.
            let _ = tx.send(import::read_file(&path, &options));
        });
        session.reading = Some(rx);
        session
    }

    fn new(state: &AppState, path: &Path) -> ImportSession {
        ImportSession {
            path: path.to_path_buf(),
            options: ImportOptions {
                mapping: state.project.import_mappings.clone(),
                ..Default::default()
            },
            preview: Err(String::new()),
            file: None,
            reading: None,
        }
    }

    /// Whether the file is still being read.
    pub fn reading(&self) -> bool {
        self.reading.is_some()
    }

    /// Takes a finished read: plans the import against the project (on the UI thread, which
    /// owns the project).
    fn take_read(&mut self, state: &AppState, read: Result<import::ReadFile, ImportError>) {
        self.reading = None;
        match read {
            Ok(file) => {
                self.file = Some(file);
                self.replan(state);
            }
            Err(e) => self.preview = Err(e.message(state.lang())),
        }
    }

    /// The background read, if it finished.
    fn poll(&mut self, state: &AppState) {
        let Some(rx) = &self.reading else {
            return;
        };
        match rx.try_recv() {
            Ok(read) => self.take_read(state, read),
            Err(TryRecvError::Empty) => {}
            Err(TryRecvError::Disconnected) => {
                // The reader thread ended without a result (it panicked).
                self.reading = None;
                self.preview = Err(t(state.lang(), "aw_import_read_failed").to_string());
            }
        }
    }

    /// Plans the import against the project as it is (again when a column was given a
    /// meaning).
    fn replan(&mut self, state: &AppState) {
        if let Some(file) = &self.file {
            self.preview = Ok(import::plan(
                &state.project,
                state.registry(),
                file,
                &self.options,
            ));
        }
    }
}

/// Every meaning a column can be given: fixed fields (with those of material-product tables),
/// land classes, indicator inputs.
fn choices(registry: &Registry, state: &AppState) -> Vec<Target> {
    let mut v = vec![
        Target::Ignore,
        Target::CountyCode,
        Target::CountyName,
        Target::CountyNameEn,
        Target::Prefecture,
        Target::LandArea,
        Target::Year,
        Target::Population,
        Target::Gdp,
        Target::ImportedProducts,
        Target::Indicator,
        Target::Product,
        Target::Quantity,
        Target::UnitName,
        Target::Price,
        Target::OutputValue,
        Target::Basis,
        Target::PriceYear,
        Target::Source,
        Target::Part,
        Target::EcosystemType,
        Target::SubtypeId,
    ];
    v.extend(
        registry
            .land_classes
            .iter()
            .map(|c| Target::LandClass(c.id.clone())),
    );
    v.extend(
        state
            .project
            .custom_land_classes
            .iter()
            .map(|c| Target::LandClass(c.id.clone())),
    );
    for ind in &registry.indicators {
        for m in &ind.methods {
            for i in &m.inputs {
                let t = Target::Input {
                    indicator: ind.id.clone(),
                    input: i.id.clone(),
                };
                if !v.contains(&t) {
                    v.push(t);
                }
            }
        }
    }
    v
}

/// Shows the dialog while an import is open.
pub fn show(ctx: &egui::Context, state: &mut AppState) {
    let Some(mut session) = state.import.take() else {
        return;
    };
    let lang = state.lang();
    session.poll(state);
    let mut keep = true;
    let mut rerun = false;
    let mut apply = false;
    egui::Modal::new(egui::Id::unique("import_dialog")).show(ctx, |ui| {
        ui.set_max_width(900.0);
        ui.heading(t(lang, "import_title"));
        ui.label(session.path.display().to_string());
        if session.reading() {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(t(lang, "aw_import_reading"));
            });
            ui.separator();
            if ui.button(t(lang, "cancel")).clicked() {
                keep = false;
            }
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
            return;
        }
        match &session.preview {
            Err(e) => {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            Ok(p) => {
                for table in &p.tables {
                    let kind = table.kind.map_or_else(
                        || t(lang, "import_skipped").to_string(),
                        |k| k.name().get(lang).to_string(),
                    );
                    ui.label(tf(
                        lang,
                        "import_table",
                        &[
                            ("sheet", &table.sheet),
                            ("kind", &kind),
                            ("rows", &table.data_rows.to_string()),
                        ],
                    ));
                }
                let unmapped = p.unmapped_columns();
                if !unmapped.is_empty() {
                    ui.separator();
                    ui.strong(t(lang, "import_unmapped"));
                    let options = choices(state.registry(), state);
                    let mapping = &mut session.options.mapping;
                    rerun |= mapping_ui(ui, state, &options, unmapped, mapping);
                }
                ui.separator();
                problems_ui(ui, lang, p);
            }
        }
        ui.separator();
        ui.horizontal(|ui| {
            let can_apply = session.preview.as_ref().is_ok_and(|p| !p.has_errors());
            if ui
                .add_enabled(can_apply, egui::Button::new(t(lang, "import_apply")))
                .clicked()
            {
                apply = true;
            }
            if ui.button(t(lang, "cancel")).clicked() {
                keep = false;
            }
            if !can_apply {
                ui.label(egui::RichText::new(t(lang, "import_fix_first")).weak());
            }
        });
    });
    if rerun {
        session.replan(state);
    }
    if apply && let Ok(preview) = &session.preview {
        apply_preview(state, preview, &session.options.mapping);
        keep = false;
    }
    if keep {
        state.import = Some(session);
    }
}

/// A meaning to choose for each unmapped (sheet, header); true when one was chosen (the
/// preview is then run again).
fn mapping_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    options: &[Target],
    unmapped: Vec<(String, String)>,
    mapping: &mut ColumnMapping,
) -> bool {
    let lang = state.lang();
    let reg = state.registry();
    let mut changed = false;
    egui::ScrollArea::vertical()
        .id_salt("import_map")
        .max_height(180.0)
        .show(ui, |ui| {
            for (sheet, header) in unmapped {
                ui.horizontal(|ui| {
                    ui.label(format!("{sheet} · {header}"));
                    let current = mapping.get(&header).cloned().unwrap_or_default();
                    let shown = options.iter().find(|o| o.key() == current).map_or_else(
                        || t(lang, "import_choose").to_string(),
                        |o| o.label(reg, lang),
                    );
                    egui::ComboBox::from_id_salt(("import_map", &sheet, &header))
                        .selected_text(shown)
                        .width(320.0)
                        .show_ui(ui, |ui| {
                            for o in options {
                                if ui
                                    .selectable_label(o.key() == current, o.label(reg, lang))
                                    .clicked()
                                {
                                    mapping.insert(header.clone(), o.key());
                                    changed = true;
                                }
                            }
                        })
                        .response
                        .on_hover_text(format!("{sheet} · {header}"));
                });
            }
        });
    changed
}

/// The count of errors and every problem, coloured by severity.
fn problems_ui(ui: &mut egui::Ui, lang: Lang, p: &ImportPreview) {
    let errors = p.errors().count();
    ui.strong(tf(
        lang,
        "import_problems",
        &[
            ("errors", &errors.to_string()),
            ("all", &p.problems.len().to_string()),
        ],
    ));
    egui::ScrollArea::vertical()
        .id_salt("import_problems")
        .max_height(260.0)
        .show(ui, |ui| {
            for pr in &p.problems {
                let color = match pr.severity() {
                    Severity::Error => ui.visuals().error_fg_color,
                    Severity::Warning => ui.visuals().warn_fg_color,
                    _ => ui.visuals().text_color(),
                };
                ui.colored_label(color, pr.message(lang));
            }
        });
}

/// Applies the previewed import as one undoable edit and remembers the column meanings the
/// user gave in the project.
fn apply_preview(state: &mut AppState, preview: &ImportPreview, mapping: &ColumnMapping) {
    let lang = state.lang();
    let mut outcome = Err(String::new());
    let mapping = mapping.clone();
    // Undo keeps the project's small parts and the data of the counties the import writes,
    // not every county's.
    let ch = &preview.changes;
    let codes: Vec<String> = (ch.counties.iter().map(|u| &u.code))
        .chain(ch.values.iter().map(|v| &v.county))
        .chain(ch.indicators.iter().map(|u| &u.county))
        .chain(ch.material.iter().map(|m| &m.county))
        .cloned()
        .collect();
    state.edit_slice(&codes, |p| {
        outcome = import::apply(p, preview).map_err(|e| e.to_string());
        if outcome.is_ok() {
            p.import_mappings.extend(mapping);
        }
    });
    state.notice = Some(match outcome {
        Ok(summary) => Notice {
            text: summary.message(lang),
            error: false,
        },
        Err(e) => Notice {
            text: e,
            error: true,
        },
    });
}

#[cfg(test)]
mod tests {
    //! The read on a background thread: a spinner and 取消 while it runs, the preview when it
    //! is done, and 取消 closes the dialog without touching the project.

    use super::*;
    use crate::i18n::Lang;
    use eframe::egui::accesskit::Role;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    /// The sample's data with one county's broadleaf forest changed, as a filled template.
    fn template(dir: &Path) -> PathBuf {
        let mut p = crate::sample::builtin().unwrap_or_else(|e| panic!("{e}"));
        let code = p.counties[0].code.clone();
        if let Some(cp) = p.period_mut(2022).and_then(|x| x.counties.get_mut(&code)) {
            cp.land_cover.insert("broadleaf_forest".into(), 40_000.0);
        }
        let bytes = crate::io::import::template::project_data_bytes(&p, Registry::builtin())
            .unwrap_or_else(|e| panic!("{e}"));
        let path = dir.join("data.xlsx");
        std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("write: {e}"));
        path
    }

    fn harness() -> Harness<'static, AppState> {
        crate::app::pages::test_harness(Lang::Zh, |ui, st| show(ui.ctx(), st))
    }

    /// A session whose read the test finishes by sending on the returned channel.
    #[allow(clippy::type_complexity)]
    fn pending(
        h: &mut Harness<'static, AppState>,
        path: &Path,
    ) -> std::sync::mpsc::Sender<Result<import::ReadFile, ImportError>> {
        let (tx, rx) = std::sync::mpsc::channel();
        let mut s = ImportSession::new(h.state(), path);
        s.reading = Some(rx);
        h.state_mut().import = Some(s);
        tx
    }

    #[test]
    fn a_spinner_and_cancel_show_while_reading_then_the_preview() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = template(dir.path());
        let mut h = harness();
        let tx = pending(&mut h, &path);
        // A modal window is laid out unseen in its first frame and centred over the next few.
        for _ in 0..5 {
            h.step();
        }
        h.get_by_label_contains("正在读取表格");
        h.get_by_role_and_label(Role::Button, "取消");
        assert!(h.query_by_label("导入（可撤销）").is_none());
        // The read finishes: the preview replaces the spinner, and the import applies.
        let opts = ImportOptions::default();
        tx.send(import::read_file(&path, &opts))
            .unwrap_or_else(|e| panic!("{e}"));
        h.step();
        h.step();
        assert!(h.query_by_label_contains("正在读取表格").is_none());
        let before = h.state().project.clone();
        h.get_by_role_and_label(Role::Button, "导入（可撤销）")
            .click();
        h.step();
        h.step();
        assert!(h.state().import.is_none());
        let code = &before.counties[0].code;
        let area = h
            .state()
            .project
            .period(2022)
            .and_then(|p| p.counties.get(code))
            .and_then(|c| c.land_cover.get("broadleaf_forest").copied());
        assert_eq!(area, Some(40_000.0));
        h.state_mut().undo();
        assert!(h.state().project == before);
    }

    #[test]
    fn cancel_while_reading_closes_and_changes_nothing() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = template(dir.path());
        let mut h = harness();
        let before = h.state().project.clone();
        let tx = pending(&mut h, &path);
        // A modal window is laid out unseen in its first frame and centred over the next few.
        for _ in 0..5 {
            h.step();
        }
        h.get_by_role_and_label(Role::Button, "取消").click();
        h.step();
        h.step();
        assert!(h.state().import.is_none());
        // The read ends later: nobody is waiting, nothing changes.
        let _ = tx.send(import::read_file(&path, &ImportOptions::default()));
        h.step();
        assert!(h.state().project == before && !h.state().can_undo());
    }

    /// A real background read of a damaged file ends in the error, never a frozen frame.
    #[test]
    fn a_background_read_of_a_damaged_file_gives_its_error() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("damaged.xlsx");
        std::fs::write(&path, b"PK\x03\x04 not really a workbook")
            .unwrap_or_else(|e| panic!("{e}"));
        let mut h = harness();
        let s = ImportSession::start_background(h.state(), &path);
        h.state_mut().import = Some(s);
        let t = std::time::Instant::now();
        h.step();
        assert!(t.elapsed().as_secs_f64() < 1.0, "the frame did not wait");
        for _ in 0..600 {
            if !h
                .state()
                .import
                .as_ref()
                .is_some_and(ImportSession::reading)
            {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
            h.step();
        }
        let s = h.state().import.as_ref().unwrap_or_else(|| panic!("open"));
        assert!(!s.reading());
        let err = s.preview.as_ref().err().cloned().unwrap_or_default();
        assert!(err.contains("damaged.xlsx"), "{err}");
    }
}
