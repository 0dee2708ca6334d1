//! The details panel of the parameters tab: the selected parameter's registry default in
//! full (value, price year, index, tag, source, users, note) beside the project's override
//! (value, tag, note, reset). Edits are returned as `ParamAct`s for `params::apply_param_act`;
//! nothing is changed here.

use eframe::egui;

use crate::app::widgets::{tag_badge, text_cell};
use crate::i18n::{Lang, t};
use crate::model::ParamOverride;
use crate::registry::ParamSpec;

use super::params::{ParamAct, suffix, uses_text};
use super::{TAGS, Use, exact, tag_tip};

/// The selected parameter: registry default in full, and the project override's note.
pub(super) fn details_ui(
    ui: &mut egui::Ui,
    lang: Lang,
    p: &ParamSpec,
    o: Option<&ParamOverride>,
    uses: &[Use],
    selected: &mut Option<String>,
    act: &mut Option<ParamAct>,
) {
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.strong(p.name.get(lang));
        ui.label(egui::RichText::new(&p.id).monospace().weak());
        if ui.button(t(lang, "close")).clicked() {
            *selected = None;
        }
    });
    ui.columns(2, |cols| {
        registry_details(&mut cols[0], lang, p, uses);
        project_details(&mut cols[1], lang, p, o, act);
    });
}

/// The registry's default of the selected parameter, in full.
fn registry_details(ui: &mut egui::Ui, lang: Lang, p: &ParamSpec, uses: &[Use]) {
    ui.label(egui::RichText::new(t(lang, "prc_registry_default")).strong());
    egui::Grid::new("prc_details_reg")
        .num_columns(2)
        .spacing([10.0, 2.0])
        .show(ui, |ui| {
            ui.label(egui::RichText::new(t(lang, "prc_col_default")).weak());
            ui.label(p.value.map_or_else(
                || t(lang, "prc_no_default").to_string(),
                |v| format!("{} {}", exact(v), suffix(p.unit, lang)),
            ));
            ui.end_row();
            ui.label(egui::RichText::new(t(lang, "prc_col_price_year")).weak());
            ui.label(
                p.price_year
                    .map_or_else(|| "—".to_string(), |y| y.to_string()),
            );
            ui.end_row();
            if p.unit.is_price() || p.unit.is_money() {
                ui.label(egui::RichText::new(t(lang, "prc_index")).weak());
                ui.label(p.index.as_deref().unwrap_or("cpi"));
                ui.end_row();
            }
            ui.label(egui::RichText::new(t(lang, "prc_col_tag")).weak());
            ui.horizontal(|ui| {
                tag_badge(ui, p.tag, lang);
                ui.label(egui::RichText::new(tag_tip(lang, p.tag)).weak().small());
            });
            ui.end_row();
            ui.label(egui::RichText::new(t(lang, "prc_col_source")).weak());
            ui.add(egui::Label::new(p.source.get(lang)).wrap());
            ui.end_row();
            ui.label(egui::RichText::new(t(lang, "prc_col_used_by")).weak());
            if uses.is_empty() {
                ui.label(t(lang, "prc_catalogue_only_help"));
            } else {
                ui.add(egui::Label::new(uses_text(lang, uses)).wrap());
            }
            ui.end_row();
        });
    if !p.note.is_empty() {
        ui.add(egui::Label::new(egui::RichText::new(p.note.get(lang)).weak()).wrap());
    }
}

/// The project's override of the selected parameter: tag, note, reset.
fn project_details(
    ui: &mut egui::Ui,
    lang: Lang,
    p: &ParamSpec,
    o: Option<&ParamOverride>,
    act: &mut Option<ParamAct>,
) {
    ui.label(egui::RichText::new(t(lang, "prc_project_value")).strong());
    match o {
        None => {
            ui.add(egui::Label::new(t(lang, "prc_not_overridden")).wrap());
        }
        Some(o) => {
            egui::Grid::new("prc_details_over")
                .num_columns(2)
                .spacing([10.0, 2.0])
                .show(ui, |ui| {
                    ui.label(egui::RichText::new(t(lang, "prc_col_project")).weak());
                    ui.label(format!(
                        "{} {}",
                        exact(o.value),
                        suffix(o.unit.unwrap_or(p.unit), lang)
                    ));
                    ui.end_row();
                    ui.label(egui::RichText::new(t(lang, "prc_col_tag")).weak());
                    ui.horizontal(|ui| {
                        egui::ComboBox::from_id_salt(("prc_tag", &p.id))
                            .selected_text(o.tag.label())
                            .show_ui(ui, |ui| {
                                for tag in TAGS {
                                    if ui
                                        .selectable_label(o.tag == tag, tag.label())
                                        .on_hover_text(tag_tip(lang, tag))
                                        .clicked()
                                        && tag != o.tag
                                    {
                                        *act = Some(ParamAct::Tag(p.id.clone(), tag));
                                    }
                                }
                            })
                            .response
                            .accessible_name(format!(
                                "{} · {}",
                                p.name.get(lang),
                                t(lang, "prc_col_tag")
                            ));
                        ui.label(egui::RichText::new(tag_tip(lang, o.tag)).weak().small());
                    });
                    ui.end_row();
                    ui.label(egui::RichText::new(t(lang, "prc_note")).weak());
                    let name = format!("{} · {}", p.name.get(lang), t(lang, "prc_note"));
                    if let Some(s) =
                        text_cell(ui, egui::Id::unique(("prc_note", &p.id)), &o.note, &name)
                    {
                        *act = Some(ParamAct::Note(p.id.clone(), s));
                    }
                    ui.end_row();
                });
            ui.horizontal(|ui| {
                if ui.button(t(lang, "prc_reset")).clicked() {
                    *act = Some(ParamAct::Reset(p.id.clone()));
                }
            });
        }
    }
}
