//! The map page's controls: the quantity (every `MapQuantity`, indicators by name), classing,
//! number of classes, the SVG / PNG export with the same save dialog or in-app path field
//! as the Charts page, and the button that opens the county-boundary dialog.

use std::path::{Path, PathBuf};

use eframe::egui;

use crate::app::page_state::MapPage;
use crate::app::pages::charts::{pick_file, with_extension};
use crate::app::state::{AppState, Notice};
use crate::i18n::{Lang, t, tf};
use crate::registry::Category;
use crate::view::Labels;
use crate::view::chart::render::Format;
use crate::view::map::{MapClassing, MapQuantity, MapScene};

/// The quantities offered, in menu order: totals and ratios, categories, ESV, growth,
/// compensation, then every indicator of the accounts shown.
fn quantities(indicators: &[String]) -> Vec<MapQuantity> {
    let mut q = vec![
        MapQuantity::Gep,
        MapQuantity::GepPerKm2,
        MapQuantity::GepPerCapita,
        MapQuantity::GepPerGdp,
        MapQuantity::Esv,
        MapQuantity::RealGrowth,
        MapQuantity::Compensation,
        MapQuantity::PriorityClass,
        MapQuantity::Ecosystem,
    ];
    q.extend(Category::ALL.map(MapQuantity::Category));
    q.extend(indicators.iter().cloned().map(MapQuantity::Indicator));
    q
}

/// A quantity's name in the language shown (indicators by their registry name, never by id).
pub(super) fn quantity_name(labels: &Labels, q: &MapQuantity) -> String {
    let lang = labels.lang;
    let key = match q {
        MapQuantity::Gep => "mp_q_gep",
        MapQuantity::GepPerKm2 => "mp_q_gep_per_km2",
        MapQuantity::GepPerCapita => "mp_q_gep_per_capita",
        MapQuantity::GepPerGdp => "mp_q_gep_per_gdp",
        MapQuantity::Esv => "mp_q_esv",
        MapQuantity::RealGrowth => "mp_q_real_growth",
        MapQuantity::Compensation => "mp_q_compensation",
        MapQuantity::PriorityClass => "mp_q_priority",
        MapQuantity::Ecosystem => "rs_map_q_ecosystem",
        MapQuantity::Category(c) => return labels.category(*c),
        MapQuantity::Indicator(id) => return labels.indicator_name(id),
    };
    t(lang, key).to_string()
}

fn classing_name(lang: Lang, c: MapClassing) -> &'static str {
    match c {
        MapClassing::Jenks => t(lang, "mp_classing_jenks"),
        MapClassing::Quantiles => t(lang, "mp_classing_quantiles"),
        MapClassing::EqualInterval => t(lang, "mp_classing_equal"),
    }
}

/// Draws the controls row; returns the export format whose button was clicked.
pub(super) fn ui(ui: &mut egui::Ui, state: &mut AppState, mem: &mut MapPage) -> Option<Format> {
    let lang = state.lang();
    let indicators: Vec<String> = state.accounts().map_or_else(
        |_| Vec::new(),
        |acc| {
            crate::view::labels::indicator_ids(&acc)
                .into_iter()
                .map(str::to_string)
                .collect()
        },
    );
    let labels = state.labels();
    let (mut export, mut import) = (None, false);
    ui.horizontal_wrapped(|ui| {
        ui.heading(t(lang, "mp_page"));
        ui.separator();
        ui.label(t(lang, "mp_quantity"));
        egui::ComboBox::from_id_salt("map_quantity")
            .width(230.0)
            .height(480.0)
            .selected_text(quantity_name(&labels, &mem.quantity))
            .show_ui(ui, |ui| {
                // The fixed quantities come first, then the categories, then the indicators.
                let fixed = quantities(&[]).len() - Category::ALL.len();
                for (i, q) in quantities(&indicators).into_iter().enumerate() {
                    if i == fixed {
                        ui.label(egui::RichText::new(t(lang, "mp_group_categories")).weak());
                    } else if i == fixed + Category::ALL.len() {
                        ui.label(egui::RichText::new(t(lang, "mp_group_indicators")).weak());
                    }
                    let name = quantity_name(&labels, &q);
                    ui.selectable_value(&mut mem.quantity, q, name);
                }
            })
            .response
            .accessible_name(t(lang, "mp_quantity"));
        let fixed = matches!(
            mem.quantity,
            MapQuantity::PriorityClass | MapQuantity::Ecosystem
        );
        ui.add_enabled_ui(!fixed, |ui| {
            ui.label(t(lang, "mp_classing"));
            egui::ComboBox::from_id_salt("map_classing")
                .selected_text(classing_name(lang, mem.classing))
                .show_ui(ui, |ui| {
                    for c in [
                        MapClassing::Jenks,
                        MapClassing::Quantiles,
                        MapClassing::EqualInterval,
                    ] {
                        ui.selectable_value(&mut mem.classing, c, classing_name(lang, c));
                    }
                })
                .response
                .accessible_name(t(lang, "mp_classing"));
            ui.label(t(lang, "mp_classes"));
            egui::ComboBox::from_id_salt("map_classes")
                .width(48.0)
                .selected_text(mem.classes.to_string())
                .show_ui(ui, |ui| {
                    for n in 3..=7 {
                        ui.selectable_value(&mut mem.classes, n, n.to_string());
                    }
                })
                .response
                .accessible_name(t(lang, "mp_classes"));
        });
        ui.separator();
        if ui.button(t(lang, "export_svg")).clicked() {
            export = Some(Format::Svg);
        }
        if ui.button(t(lang, "export_png")).clicked() {
            export = Some(Format::Png);
        }
        ui.separator();
        import = ui.button(t(lang, "mp_import_boundaries")).clicked();
    });
    if import {
        crate::app::boundary_dialog::open(state);
    }
    export
}

/// Starts an export (save dialog, or the in-app path field) and draws that field while open.
pub(super) fn export(
    ui: &mut egui::Ui,
    state: &mut AppState,
    mem: &mut MapPage,
    clicked: Option<Format>,
    scene: Option<&std::sync::Arc<MapScene>>,
) {
    let lang = state.lang();
    if let (Some(fmt), Some(scene)) = (clicked, scene) {
        let name = format!("{}.{}", scene.file_stem, fmt.ext());
        match pick_file(state.native_dialogs, fmt, &name) {
            Some(p) => {
                write(state, scene, fmt, &p);
            }
            None => {
                let suggestion = state
                    .path
                    .as_ref()
                    .and_then(|p| p.parent())
                    .map_or_else(|| PathBuf::from(&name), |d| d.join(&name));
                mem.prompt = Some((fmt, suggestion.display().to_string()));
            }
        }
    }
    let Some((fmt, mut text)) = mem.prompt.take() else {
        return;
    };
    let mut keep = true;
    ui.group(|ui| {
        ui.label(t(lang, "export_path_help"));
        ui.horizontal(|ui| {
            let r = ui
                .add(egui::TextEdit::singleline(&mut text).desired_width(520.0))
                .accessible_name(t(lang, "path"));
            let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if (ui.button(t(lang, "ok")).clicked() || enter)
                && let Some(scene) = scene
            {
                keep = !write(state, scene, fmt, &with_extension(text.trim(), fmt));
            }
            if ui.button(t(lang, "cancel")).clicked() {
                keep = false;
            }
        });
    });
    if keep {
        mem.prompt = Some((fmt, text));
    }
}

/// Writes the scene as SVG or PNG; reports in the status bar. True on success.
fn write(state: &mut AppState, scene: &MapScene, fmt: Format, path: &Path) -> bool {
    let lang = state.lang();
    let result = bytes(scene, fmt, lang)
        .and_then(|b| crate::io::project_file::write_atomic(path, &b).map_err(|e| e.to_string()));
    let (text, error) = match result {
        Ok(()) => (
            tf(
                lang,
                "export_done",
                &[("path", &path.display().to_string())],
            ),
            false,
        ),
        Err(e) => (tf(lang, "export_failed", &[("error", &e)]), true),
    };
    state.notice = Some(Notice { text, error });
    !error
}

/// The file's bytes from the map writers (`view::map::svg` / `png`), the PNG at twice the
/// width of the SVG's page so it stays sharp in a document.
fn bytes(scene: &MapScene, fmt: Format, lang: Lang) -> Result<Vec<u8>, String> {
    let width = 2 * crate::view::map::svg::DEFAULT_WIDTH;
    crate::view::map::to_bytes(scene, fmt, width, lang).map_err(|e| e.to_string())
}
