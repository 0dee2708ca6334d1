//! The project's ecosystem subtypes (e.g. 针叶林 / 阔叶林 / 竹林 under 森林) on the left of the
//! 分生态系统 page: the list with edit and remove, and one form that adds a subtype or saves
//! the one being edited. The id is made from the name (`edits::subtype_id`) and never shown in
//! the Chinese UI. A subtype that a part uses cannot be removed; the button says where it is
//! used.

use eframe::egui;

use crate::app::page_state::SubtypeForm;
use crate::app::state::{AppState, Notice};
use crate::i18n::{Lang, Text, t, tf};

use super::edits::{add_subtype, part_uses, remove_subtype, update_subtype};

pub(super) fn subtypes_ui(ui: &mut egui::Ui, state: &mut AppState) {
    let lang = state.lang();
    ui.strong(t(lang, "ecov_subtypes"));
    ui.label(
        egui::RichText::new(t(lang, "ecov_subtypes_help"))
            .weak()
            .small(),
    );
    let labels = state.labels();
    let rows: Vec<(String, String, String, usize)> = state
        .project
        .ecosystem_subtypes
        .iter()
        .map(|s| {
            (
                s.id.clone(),
                s.name.get(lang).to_string(),
                labels.ecosystem_part_name(&s.ecosystem),
                part_uses(&state.project, &s.id).len(),
            )
        })
        .collect();
    let mut edit = None;
    let mut remove = None;
    for (id, name, parent, uses) in &rows {
        ui.horizontal(|ui| {
            let rm = ui
                .add_enabled(*uses == 0, egui::Button::new("×").small())
                .on_hover_text(t(lang, "ecov_subtype_remove_help"))
                .on_disabled_hover_text(tf(
                    lang,
                    "ecov_subtype_in_use",
                    &[("n", &uses.to_string())],
                ))
                .accessible_name(tf(lang, "ecov_subtype_remove", &[("name", name)]));
            if rm.clicked() {
                remove = Some(id.clone());
            }
            if ui
                .small_button(t(lang, "ecov_subtype_edit"))
                .accessible_name(tf(lang, "ecov_subtype_edit_named", &[("name", name)]))
                .clicked()
            {
                edit = Some(id.clone());
            }
            let label = ui.label(format!("{name} · {parent}"));
            if lang == Lang::En {
                label.on_hover_text(id);
            }
        });
    }
    if let Some(id) = edit
        && let Some(s) = state.project.ecosystem_subtypes.iter().find(|s| s.id == id)
    {
        state.pages.ecosystems.form = SubtypeForm {
            zh: s.name.zh.clone(),
            en: s.name.en.clone(),
            parent: s.ecosystem.clone(),
            editing: Some(id),
        };
    }
    if let Some(id) = remove {
        state.edit_slice(&[], |p| {
            remove_subtype(p, &id);
        });
    }
    ui.add_space(4.0);
    form_ui(ui, state);
}

/// The add / edit form.
fn form_ui(ui: &mut egui::Ui, state: &mut AppState) {
    let lang = state.lang();
    let reg = state.registry();
    let mut form = state.pages.ecosystems.form.clone();
    if reg.ecosystem(&form.parent).is_none() {
        form.parent = reg
            .ecosystems
            .first()
            .map(|e| e.id.clone())
            .unwrap_or_default();
    }
    let mut submit = false;
    let mut cancel = false;
    egui::Grid::new("ecov_subtype_form")
        .num_columns(2)
        .spacing([6.0, 4.0])
        .show(ui, |ui| {
            ui.label(t(lang, "ecov_subtype_name_zh"));
            ui.add(egui::TextEdit::singleline(&mut form.zh).desired_width(130.0))
                .accessible_name(t(lang, "ecov_subtype_name_zh"));
            ui.end_row();
            ui.label(t(lang, "ecov_subtype_name_en"));
            ui.add(egui::TextEdit::singleline(&mut form.en).desired_width(130.0))
                .accessible_name(t(lang, "ecov_subtype_name_en"));
            ui.end_row();
            ui.label(t(lang, "ecov_subtype_parent"));
            let current = reg
                .ecosystem(&form.parent)
                .map_or_else(String::new, |e| e.name.get(lang).to_string());
            egui::ComboBox::from_id_salt("ecov_subtype_parent")
                .selected_text(current)
                .width(120.0)
                .show_ui(ui, |ui| {
                    for e in &reg.ecosystems {
                        ui.selectable_value(&mut form.parent, e.id.clone(), e.name.get(lang));
                    }
                })
                .response
                .accessible_name(t(lang, "ecov_subtype_parent"));
            ui.end_row();
        });
    ui.horizontal(|ui| {
        let ready = !form.zh.trim().is_empty() || !form.en.trim().is_empty();
        let key = if form.editing.is_some() {
            "ecov_subtype_save"
        } else {
            "ecov_subtype_add"
        };
        submit = ui
            .add_enabled(ready, egui::Button::new(t(lang, key)))
            .clicked();
        if form.editing.is_some() {
            cancel = ui.button(t(lang, "ecov_subtype_cancel")).clicked();
        }
    });
    if submit {
        let name = Text::new(form.zh.trim(), form.en.trim());
        let shown = name.get(lang).to_string();
        let parent = form.parent.clone();
        match form.editing.take() {
            Some(id) => state.edit_slice(&[], |p| update_subtype(p, &id, name, &parent)),
            None => {
                let mut added = None;
                state.edit_slice(&[], |p| added = add_subtype(p, reg, name, &parent));
                if added.is_some() {
                    state.notice = Some(Notice {
                        text: tf(lang, "ecov_subtype_added", &[("name", &shown)]),
                        error: false,
                    });
                }
            }
        }
        form = SubtypeForm {
            parent: form.parent,
            ..Default::default()
        };
    }
    if cancel {
        form = SubtypeForm::default();
    }
    state.pages.ecosystems.form = form;
}
