//! The spreadsheet import dialog: preview every problem before anything changes, let the user
//! give unknown columns a meaning (remembered in the project), then apply the import as one
//! undoable step. Reading and checking are `io::import`'s; this module only shows them.

use std::path::{Path, PathBuf};

use eframe::egui;

use super::state::{AppState, Notice};
use crate::i18n::{Lang, t, tf};
use crate::io::import::{
    self, ColumnMapping, ImportInput, ImportOptions, ImportPreview, Severity, Target,
};
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
    .map_err(|e| e.message(state.lang()))
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
        session.preview = run(state, &session.path, &session.options);
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
