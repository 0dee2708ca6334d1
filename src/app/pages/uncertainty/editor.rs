//! The distribution editor of the 不确定性 page: the parameters a run draws with the
//! distribution each gets (the project's own or its tag's default), a form to set one's own
//! (kind, relative × point value or absolute in the parameter's unit, the numbers typed and
//! checked as they are typed, the message naming the parameter and the fix) or reset it to
//! the default, and the spreads of indicator inputs (all counties or one) with a form to add
//! one. Every change is one undo step (`AppState::edit_part` on `uncertainty`); a draft with a
//! problem is never saved. Words and checks are `view::uncertainty_edit`'s.

use std::sync::Arc;

use eframe::egui;

use crate::app::state::AppState;
use crate::engine::Options;
use crate::i18n::{Lang, t, tf};
use crate::model::uncertainty::{InputUncertainty, UncertaintySettings};
use crate::units::Unit;
use crate::view::uncertainty_edit::{self as ve, Draft, Kind, ParamRow};

/// Height of the parameters' table before it scrolls.
const TABLE_HEIGHT: f32 = 180.0;

/// What the listed parameters were found for: revision, year, framework.
type RowsKey = (u64, i32, String);

/// What the editor keeps between frames.
#[derive(Debug, Clone, Default)]
pub struct Editor {
    /// The editor folded away (it starts open).
    pub closed: bool,
    /// The parameters listed, for (revision, year, framework).
    rows: Option<(RowsKey, Arc<Vec<ParamRow>>)>,
    /// The parameter whose distribution is being typed.
    pub param: Option<(String, Draft)>,
    /// The input spread being typed.
    pub input: InputForm,
}

/// The form that adds a spread to an indicator input.
#[derive(Debug, Clone, Default)]
pub struct InputForm {
    pub indicator: String,
    pub input: String,
    /// County code; empty = every county.
    pub county: String,
    pub draft: Draft,
}

fn settings(p: &mut crate::model::Project) -> &mut UncertaintySettings {
    &mut p.uncertainty
}

pub fn ui(ui: &mut egui::Ui, state: &mut AppState, ed: &mut Editor) {
    let lang = state.lang();
    let open = !ed.closed;
    let mut toggle = open;
    ui.toggle_value(&mut toggle, t(lang, "iv_editor"));
    ed.closed = !toggle;
    if !open {
        return;
    }
    ui.label(egui::RichText::new(t(lang, "iv_editor_help")).weak());
    let rows = rows(state, ed);
    egui::ScrollArea::vertical()
        .id_salt("iv_params_scroll")
        .max_height(TABLE_HEIGHT)
        .show(ui, |ui| params_table(ui, state, ed, &rows));
    if let Some((id, mut draft)) = ed.param.take()
        && let Some(row) = rows.iter().find(|r| r.id == id)
    {
        let keep = param_form(ui, state, row, &mut draft);
        if keep {
            ed.param = Some((id, draft));
        }
    }
    ui.add_space(6.0);
    inputs_ui(ui, state, &mut ed.input);
    ui.separator();
}

/// The parameters listed, computed once per revision, year and framework.
fn rows(state: &AppState, ed: &mut Editor) -> Arc<Vec<ParamRow>> {
    let key = (state.revision, state.year, state.framework.clone());
    if let Some((k, r)) = &ed.rows
        && *k == key
    {
        return r.clone();
    }
    let options = Options {
        year: state.year,
        framework: Some(state.framework.clone()),
        price_year: None,
        traces: false,
    };
    let r = Arc::new(ve::param_rows(&state.project, state.registry(), &options));
    ed.rows = Some((key, r.clone()));
    r
}

fn params_table(ui: &mut egui::Ui, state: &mut AppState, ed: &mut Editor, rows: &[ParamRow]) {
    let lang = state.lang();
    let mut reset: Option<String> = None;
    egui::Grid::new("iv_params").striped(true).show(ui, |ui| {
        for k in [
            "mc_col_param",
            "mc_col_tag",
            "iv_col_unit",
            "mc_col_dist",
            "mc_col_origin",
        ] {
            ui.strong(t(lang, k));
        }
        ui.end_row();
        for row in rows {
            ui.label(row.name.get(lang));
            ui.label(row.tag.label());
            ui.label(row.unit.symbol(lang));
            ui.label(ve::current_text(row, &state.project, lang));
            ui.label(ve::origin_text(row, &state.project, lang));
            let name = row.name.get(lang);
            if ui
                .button(t(lang, "iv_set"))
                .on_hover_text(tf(lang, "iv_set_tip", &[("name", name)]))
                .clicked()
            {
                let draft = ve::current(row, &state.project)
                    .map_or_else(Draft::default, |(s, _)| Draft::of(&s));
                ed.param = Some((row.id.clone(), draft));
            }
            let own = state
                .project
                .uncertainty
                .params
                .iter()
                .any(|p| p.param == row.id);
            if own
                && ui
                    .button(t(lang, "iv_reset"))
                    .on_hover_text(tf(lang, "iv_reset_tip", &[("name", name)]))
                    .clicked()
            {
                reset = Some(row.id.clone());
            }
            ui.end_row();
        }
    });
    if let Some(id) = reset {
        state.edit_part(settings, |u| u.params.retain(|p| p.param != id));
    }
}

/// Kind, relative or absolute, and the numbers, each labelled with its unit.
fn draft_ui(ui: &mut egui::Ui, salt: &str, lang: Lang, d: &mut Draft, unit: Unit, point: f64) {
    ui.horizontal_wrapped(|ui| {
        let l = ui.label(t(lang, "iv_kind"));
        let mut kind = d.kind;
        egui::ComboBox::from_id_salt((salt, "kind"))
            .selected_text(kind.name(lang))
            .show_ui(ui, |ui| {
                for k in Kind::ALL {
                    ui.selectable_value(&mut kind, k, k.name(lang));
                }
            })
            .response
            .labelled_by(l.id);
        let mut relative = d.relative;
        ui.radio_value(&mut relative, true, t(lang, "iv_relative"));
        let sym = unit.symbol(lang);
        let absolute = if sym.is_empty() || sym == "—" {
            t(lang, "iv_absolute_plain").to_string()
        } else {
            tf(lang, "iv_absolute", &[("unit", sym)])
        };
        ui.radio_value(&mut relative, false, absolute);
        if relative != d.relative {
            d.relative = relative;
            d.set_kind(kind, point);
        } else if kind != d.kind {
            d.set_kind(kind, point);
        }
    });
    ui.horizontal_wrapped(|ui| {
        let u = ve::unit_text(d.relative, unit, lang);
        for (text, field) in d.texts.iter_mut().zip(d.kind.fields(lang)) {
            let l = ui.label(field);
            ui.add(egui::TextEdit::singleline(text).desired_width(80.0))
                .labelled_by(l.id);
            ui.label(egui::RichText::new(&u).weak());
        }
    });
}

/// The form of one parameter's distribution; false once applied or cancelled.
fn param_form(ui: &mut egui::Ui, state: &mut AppState, row: &ParamRow, d: &mut Draft) -> bool {
    let lang = state.lang();
    let name = row.name.get(lang).to_string();
    let mut keep = true;
    ui.group(|ui| {
        ui.strong(tf(lang, "iv_form_param", &[("name", &name)]));
        draft_ui(ui, "iv_param", lang, d, row.unit, row.point.unwrap_or(1.0));
        let checked = d.parse(&name, lang).and_then(|spread| {
            let params = ve::with_param(&state.project, &row.id, spread);
            let inputs = state.project.uncertainty.inputs.clone();
            match ve::problem(
                &state.project,
                state.registry(),
                (params.clone(), inputs),
                &ve::param_field(&row.id),
                lang,
            ) {
                Some(m) => Err(m),
                None => Ok(params),
            }
        });
        ui.horizontal(|ui| {
            let ok = checked.is_ok();
            if ui
                .add_enabled(ok, egui::Button::new(t(lang, "iv_apply")))
                .clicked()
                && let Ok(params) = &checked
            {
                let params = params.clone();
                state.edit_part(settings, |u| u.params = params);
                keep = false;
            }
            if ui.button(t(lang, "cancel")).clicked() {
                keep = false;
            }
        });
        if let Err(m) = &checked {
            ui.colored_label(ui.visuals().error_fg_color, m);
        }
    });
    keep
}

/// The input spreads set, each with 删除, and the form that adds one.
fn inputs_ui(ui: &mut egui::Ui, state: &mut AppState, f: &mut InputForm) {
    let lang = state.lang();
    ui.strong(t(lang, "iv_inputs"));
    let mut remove = None;
    for (i, x) in state.project.uncertainty.inputs.iter().enumerate() {
        ui.horizontal(|ui| {
            ui.label(ve::input_text(&state.project, state.registry(), x, lang));
            if ui.button(t(lang, "iv_remove")).clicked() {
                remove = Some(i);
            }
        });
    }
    if let Some(i) = remove {
        state.edit_part(settings, |u| {
            if i < u.inputs.len() {
                u.inputs.remove(i);
            }
        });
    }
    let specs = crate::model::catalogue::indicators(&state.project, state.registry());
    let with_inputs: Vec<_> = specs
        .iter()
        .filter(|s| s.methods.iter().any(|m| !m.inputs.is_empty()))
        .collect();
    if !with_inputs.iter().any(|s| s.id == f.indicator) {
        f.indicator = with_inputs
            .first()
            .map(|s| s.id.clone())
            .unwrap_or_default();
    }
    let Some(spec) = with_inputs.iter().find(|s| s.id == f.indicator) else {
        return;
    };
    let inputs: Vec<_> = spec.methods.iter().flat_map(|m| &m.inputs).collect();
    if !inputs.iter().any(|i| i.id == f.input) {
        f.input = inputs.first().map(|i| i.id.clone()).unwrap_or_default();
    }
    let unit = inputs
        .iter()
        .find(|i| i.id == f.input)
        .map_or(Unit::Yuan, |i| i.unit);
    ui.horizontal_wrapped(|ui| {
        let l = ui.label(t(lang, "iv_indicator"));
        egui::ComboBox::from_id_salt("iv_indicator")
            .selected_text(spec.name.get(lang))
            .show_ui(ui, |ui| {
                for s in &with_inputs {
                    ui.selectable_value(&mut f.indicator, s.id.clone(), s.name.get(lang));
                }
            })
            .response
            .labelled_by(l.id);
        let l = ui.label(t(lang, "iv_input"));
        let shown = inputs
            .iter()
            .find(|i| i.id == f.input)
            .map_or(String::new(), |i| i.name.get(lang).to_string());
        egui::ComboBox::from_id_salt("iv_input")
            .selected_text(shown)
            .show_ui(ui, |ui| {
                for i in &inputs {
                    ui.selectable_value(&mut f.input, i.id.clone(), i.name.get(lang));
                }
            })
            .response
            .labelled_by(l.id);
        let l = ui.label(t(lang, "iv_county"));
        let all = t(lang, "iv_all_counties");
        let shown = state
            .project
            .county(&f.county)
            .map_or(all.to_string(), |c| c.name.get(lang).to_string());
        egui::ComboBox::from_id_salt("iv_county")
            .selected_text(shown)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut f.county, String::new(), all);
                for c in &state.project.counties {
                    ui.selectable_value(&mut f.county, c.code.clone(), c.name.get(lang));
                }
            })
            .response
            .labelled_by(l.id);
    });
    draft_ui(ui, "iv_input_draft", lang, &mut f.draft, unit, 1.0);
    let what = inputs
        .iter()
        .find(|i| i.id == f.input)
        .map_or(String::new(), |i| {
            format!("{} · {}", spec.name.get(lang), i.name.get(lang))
        });
    let checked = f.draft.parse(&what, lang).and_then(|spread| {
        let mut inputs = state.project.uncertainty.inputs.clone();
        let x = InputUncertainty {
            indicator: f.indicator.clone(),
            input: f.input.clone(),
            county: f.county.clone(),
            spread,
        };
        inputs
            .retain(|o| (&o.indicator, &o.input, &o.county) != (&x.indicator, &x.input, &x.county));
        inputs.push(x);
        let params = state.project.uncertainty.params.clone();
        match ve::problem(
            &state.project,
            state.registry(),
            (params, inputs.clone()),
            &ve::input_field(&f.indicator, &f.input),
            lang,
        ) {
            Some(m) => Err(m),
            None => Ok(inputs),
        }
    });
    if ui
        .add_enabled(checked.is_ok(), egui::Button::new(t(lang, "iv_add")))
        .clicked()
        && let Ok(inputs) = checked.clone()
    {
        state.edit_part(settings, |u| u.inputs = inputs);
    }
    if let Err(m) = &checked {
        ui.colored_label(ui.visuals().error_fg_color, m);
    }
}
