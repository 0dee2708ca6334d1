//! The spreadsheet import dialog: preview every problem before anything changes, let the user
//! give unknown columns a meaning (remembered in the project), then apply the import as one
//! undoable step. Reading and checking are `io::import`'s; this module only shows them.

use std::path::{Path, PathBuf};

use eframe::egui;

use super::state::{AppState, Notice};
use crate::i18n::{t, tf};
use crate::io::import::{self, ImportInput, ImportOptions, ImportPreview, Severity, Target};
use crate::registry::Registry;

/// An import being previewed.
pub struct ImportSession {
    pub path: PathBuf,
    pub options: ImportOptions,
    pub preview: Result<ImportPreview, String>,
}

impl ImportSession {
    /// Reads and checks `path` against the project (using the mappings remembered in it).
    pub fn start(state: &AppState, path: &Path) -> ImportSession {
        let options = ImportOptions {
            mapping: state.project.import_mappings.clone(),
            ..Default::default()
        };
        let preview = run(state, path, &options);
        ImportSession {
            path: path.to_path_buf(),
            options,
            preview,
        }
    }
}

fn run(state: &AppState, path: &Path, options: &ImportOptions) -> Result<ImportPreview, String> {
    import::preview(
        &state.project,
        state.registry(),
        ImportInput::Path(path),
        options,
    )
    .map_err(|e| e.to_string())
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
    let reg = state.registry();
    let mut keep = true;
    let mut rerun = false;
    let mut apply = false;
    egui::Modal::new(egui::Id::unique("import_dialog")).show(ctx, |ui| {
        ui.set_max_width(900.0);
        ui.heading(t(lang, "import_title"));
        ui.label(session.path.display().to_string());
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
                    let options = choices(reg, state);
                    egui::ScrollArea::vertical()
                        .id_salt("import_map")
                        .max_height(180.0)
                        .show(ui, |ui| {
                            for (sheet, header) in unmapped {
                                ui.horizontal(|ui| {
                                    ui.label(format!("{sheet} · {header}"));
                                    let current = session
                                        .options
                                        .mapping
                                        .get(&header)
                                        .cloned()
                                        .unwrap_or_default();
                                    let shown =
                                        options.iter().find(|o| o.key() == current).map_or_else(
                                            || t(lang, "import_choose").to_string(),
                                            |o| o.label(reg, lang),
                                        );
                                    egui::ComboBox::from_id_salt(("import_map", &sheet, &header))
                                        .selected_text(shown)
                                        .width(320.0)
                                        .show_ui(ui, |ui| {
                                            for o in &options {
                                                if ui
                                                    .selectable_label(
                                                        o.key() == current,
                                                        o.label(reg, lang),
                                                    )
                                                    .clicked()
                                                {
                                                    session
                                                        .options
                                                        .mapping
                                                        .insert(header.clone(), o.key());
                                                    rerun = true;
                                                }
                                            }
                                        })
                                        .response
                                        .on_hover_text(format!("{sheet} · {header}"));
                                });
                            }
                        });
                }
                ui.separator();
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
        session.preview = run(state, &session.path, &session.options);
    }
    if apply && let Ok(preview) = &session.preview {
        let mut outcome = Err(String::new());
        let mapping = session.options.mapping.clone();
        state.edit(|p| {
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
        keep = false;
    }
    if keep {
        state.import = Some(session);
    }
}
