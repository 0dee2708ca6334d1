//! 土地利用变化 on the ESV page: the transition matrix of one county (or the region) between
//! two accounting years, entered cell by cell or pasted as a block from WPS/Excel, its row and
//! column sums beside the two years' land cover, the validation messages of the matrix, and
//! the engine's land-use change account: the ESV change by transition (largest first, each
//! with its computation) and the sensitivity coefficients CS (±50 %) with their reading.
//!
//! Every figure comes from `engine::transitions` through the tables of `view::transitions`;
//! this file only lays them out and writes the cells the user types.

use eframe::egui;

use crate::app::state::{AppState, Notice};
use crate::app::table::clip;
use crate::app::widgets::{CellChange, CellSpec, PasteCount, apply_block, paste_number};
use crate::engine::transitions::{self, TransitionError};
use crate::i18n::{Lang, t, tf};
use crate::model::TransitionMatrix;
use crate::view::transitions as vt;

/// How many transitions the ΔESV table shows.
const TOP: usize = 10;
const CELL_W: f32 = 84.0;

/// The chosen place (county code, empty = region) and pair of years, kept in egui memory.
#[derive(Clone, Default)]
struct Choice {
    county: String,
    from: i32,
    to: i32,
}

pub(super) fn section(ui: &mut egui::Ui, state: &mut AppState) {
    let lang = state.lang();
    ui.label(egui::RichText::new(t(lang, "tr_intro")).weak());
    let years = state.years();
    if years.len() < 2 {
        ui.label(t(lang, "tr_need_two_years"));
        return;
    }
    let id = egui::Id::unique("tr_choice");
    let mut c: Choice = ui.data(|d| d.get_temp(id)).unwrap_or_default();
    if !years.contains(&c.from) || !years.contains(&c.to) || c.from >= c.to {
        let first = transitions::year_pairs(&state.project).first().copied();
        (c.from, c.to) = first.unwrap_or((years[0], years[years.len() - 1]));
    }
    choose(ui, state, &mut c, &years);
    ui.data_mut(|d| d.insert_temp(id, c.clone()));
    let county = (!c.county.is_empty()).then_some(c.county.as_str());
    let found = transitions::matrix_for(&state.project, county, c.from, c.to);
    let Some((matrix, summed)) = found else {
        if ui.button(t(lang, "tr_new_matrix")).clicked() {
            let m = new_matrix(state, &c);
            state.edit_part(|p| &mut p.transitions, |t| t.push(m));
        }
        return;
    };
    if summed {
        ui.label(egui::RichText::new(t(lang, "tr_region_summed")).weak());
    }
    ui.horizontal(|ui| {
        ui.label(egui::RichText::new(t(lang, "tr_matrix_help")).weak());
        if clip::copy_button(ui, lang) {
            let tb = vt::matrix(&state.labels(), &matrix);
            let rows: Vec<Vec<String>> = std::iter::once(tb.header).chain(tb.rows).collect();
            clip::copy_rows(ui.ctx(), state, &rows);
        }
        if !summed && ui.button(t(lang, "tr_delete_matrix")).clicked() {
            state.edit_part(
                |p| &mut p.transitions,
                |t| {
                    t.retain(|m| {
                        !(m.county == c.county && m.from_year == c.from && m.to_year == c.to)
                    })
                },
            );
        }
    });
    matrix_grid(ui, state, &c, &matrix, !summed);
    issues(ui, state, &c);
    ui.add_space(8.0);
    account(ui, state, county, &c);
}

fn choose(ui: &mut egui::Ui, state: &AppState, c: &mut Choice, years: &[i32]) {
    let lang = state.lang();
    let l = state.labels();
    ui.horizontal(|ui| {
        ui.label(t(lang, "tr_place"));
        egui::ComboBox::from_id_salt("tr_county")
            .selected_text(vt::place(&l, Some(&c.county)))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut c.county, String::new(), vt::place(&l, None));
                for k in &state.project.counties {
                    ui.selectable_value(&mut c.county, k.code.clone(), k.name.get(lang));
                }
            })
            .response
            .accessible_name(t(lang, "tr_place"));
        for (label, salt, y) in [
            ("tr_from_year", "tr_from_y", &mut c.from),
            ("tr_to_year", "tr_to_y", &mut c.to),
        ] {
            ui.label(t(lang, label));
            egui::ComboBox::from_id_salt(salt)
                .selected_text(y.to_string())
                .width(70.0)
                .show_ui(ui, |ui| {
                    for &year in years {
                        ui.selectable_value(y, year, year.to_string());
                    }
                })
                .response
                .accessible_name(t(lang, label));
        }
    });
    if c.from >= c.to {
        ui.colored_label(
            ui.visuals().error_fg_color,
            tf(
                lang,
                "tr_val_years",
                &[("from", &c.from.to_string()), ("to", &c.to.to_string())],
            ),
        );
    }
}

/// A new matrix with the classes of both years' land cover on the diagonal, so the user only
/// moves the changed areas off it. The region sums the counties' land cover.
fn new_matrix(state: &AppState, c: &Choice) -> TransitionMatrix {
    let mut m = TransitionMatrix {
        county: c.county.clone(),
        from_year: c.from,
        to_year: c.to,
        ..Default::default()
    };
    if let Some(p) = state.project.period(c.from) {
        for (code, cp) in &p.counties {
            if c.county.is_empty() || *code == c.county {
                for (class, a) in &cp.land_cover {
                    let v = m.cell(class, class) + a;
                    m.set_cell(class, class, v);
                }
            }
        }
    }
    m
}

/// The classes of the matrix plus those of both years' land cover (rows and columns).
fn classes(state: &AppState, c: &Choice, m: &TransitionMatrix) -> Vec<String> {
    let mut all: std::collections::BTreeSet<String> = m.classes().into_iter().collect();
    for y in [c.from, c.to] {
        if let Some(p) = state.project.period(y) {
            for (code, cp) in &p.counties {
                if c.county.is_empty() || *code == c.county {
                    all.extend(cp.land_cover.keys().cloned());
                }
            }
        }
    }
    all.into_iter().collect()
}

fn matrix_grid(
    ui: &mut egui::Ui,
    state: &mut AppState,
    c: &Choice,
    m: &TransitionMatrix,
    editable: bool,
) {
    let lang = state.lang();
    let classes = classes(state, c, m);
    let names: Vec<String> = classes
        .iter()
        .map(|k| state.labels().land_class_name(k))
        .collect();
    let (from, to) = (m.from_totals(), m.to_totals());
    let mut change: Option<(usize, usize, CellChange)> = None;
    egui::ScrollArea::horizontal()
        .id_salt("tr_matrix_scroll")
        .show(ui, |ui| {
            egui::Grid::new("tr_matrix")
                .striped(true)
                .min_col_width(CELL_W)
                .show(ui, |ui| {
                    ui.strong(tf(
                        lang,
                        "tr_matrix_corner",
                        &[("from", &c.from.to_string()), ("to", &c.to.to_string())],
                    ));
                    for n in &names {
                        ui.strong(n);
                    }
                    ui.strong(tf(lang, "tr_total_year", &[("year", &c.from.to_string())]));
                    ui.end_row();
                    for (i, ci) in classes.iter().enumerate() {
                        ui.label(&names[i]);
                        for (j, cj) in classes.iter().enumerate() {
                            let v = m.cell(ci, cj);
                            if editable {
                                let name = format!("{} → {}", names[i], names[j]);
                                let spec = CellSpec {
                                    decimals: 2,
                                    name: &name,
                                    problem: None,
                                    min: Some(0.0),
                                    max: None,
                                };
                                let id =
                                    egui::Id::unique(("tr_cell", &c.county, c.from, c.to, i, j));
                                let got = super::slot(ui, CELL_W, |ui| {
                                    crate::app::widgets::num_cell(
                                        ui,
                                        id,
                                        (v != 0.0).then_some(v),
                                        spec,
                                    )
                                });
                                if let Some(ch) = got {
                                    change = Some((i, j, ch));
                                }
                            } else {
                                super::right(ui, CELL_W, |ui| ui.label(vt_area(v)));
                            }
                        }
                        super::right(ui, CELL_W, |ui| {
                            ui.strong(vt_area(from.get(ci).copied().unwrap_or(0.0)))
                        });
                        ui.end_row();
                    }
                    ui.strong(tf(lang, "tr_total_year", &[("year", &c.to.to_string())]));
                    for cj in &classes {
                        super::right(ui, CELL_W, |ui| {
                            ui.strong(vt_area(to.get(cj).copied().unwrap_or(0.0)))
                        });
                    }
                    super::right(ui, CELL_W, |ui| ui.strong(vt_area(from.values().sum())));
                    ui.end_row();
                });
        });
    if let Some((i, j, ch)) = change {
        apply(state, c, &classes, &names, (i, j, ch));
    }
}

fn vt_area(v: f64) -> String {
    crate::format::num(v, 2)
}

/// Writes a typed, cleared or pasted cell into the matrix of `c` (one undo step).
fn apply(
    state: &mut AppState,
    c: &Choice,
    classes: &[String],
    names: &[String],
    (i, j, ch): (usize, usize, CellChange),
) {
    let lang = state.lang();
    let same =
        |m: &TransitionMatrix| m.county == c.county && m.from_year == c.from && m.to_year == c.to;
    match ch {
        CellChange::Set(v) => state.edit_part(
            |p| &mut p.transitions,
            |ts| {
                if let Some(m) = ts.iter_mut().find(|m| same(m)) {
                    m.set_cell(&classes[i], &classes[j], v);
                }
            },
        ),
        CellChange::Clear => state.edit_part(
            |p| &mut p.transitions,
            |ts| {
                if let Some(m) = ts.iter_mut().find(|m| same(m)) {
                    m.set_cell(&classes[i], &classes[j], 0.0);
                }
            },
        ),
        CellChange::Rejected(s) => {
            state.notice = Some(Notice {
                text: format!("{}: {s}", t(lang, "not_a_number_nonneg")),
                error: true,
            });
        }
        CellChange::Paste(block) => {
            if let Some((from, to)) = vt::block_headers(&state.labels(), &block) {
                return paste_labelled(state, c, &block, (&from, &to));
            }
            let mut n = PasteCount::default();
            state.edit_part(
                |p| &mut p.transitions,
                |ts| {
                    if let Some(m) = ts.iter_mut().find(|m| same(m)) {
                        let rows = classes.get(i..).unwrap_or_default();
                        let cols = classes.get(j..).unwrap_or_default();
                        n = apply_block(&block, rows, cols, |from, to, cell| {
                            paste_number(cell, Some(0.0), None, |v| m.set_cell(from, to, v))
                        });
                    }
                },
            );
            clip::report_paste(
                state,
                &n,
                |r| names.get(i + r).cloned().unwrap_or_default(),
                |k| names.get(j + k).cloned().unwrap_or_default(),
            );
        }
    }
}

/// A pasted block with its own class headers: each cell goes where its row and column names
/// say, wherever it was pasted (one undo step); total rows and columns are skipped.
fn paste_labelled(
    state: &mut AppState,
    c: &Choice,
    block: &[Vec<String>],
    (from, to): (&[Option<String>], &[Option<String>]),
) {
    let same =
        |m: &TransitionMatrix| m.county == c.county && m.from_year == c.from && m.to_year == c.to;
    let inner: Vec<Vec<String>> = block
        .iter()
        .skip(1)
        .map(|r| r.iter().skip(1).cloned().collect())
        .collect();
    let mut n = PasteCount::default();
    state.edit_part(
        |p| &mut p.transitions,
        |ts| {
            if let Some(m) = ts.iter_mut().find(|m| same(m)) {
                n = apply_block(&inner, from, to, |f, t, cell| match (f, t) {
                    (Some(f), Some(t)) => {
                        paste_number(cell, Some(0.0), None, |v| m.set_cell(f, t, v))
                    }
                    _ => crate::app::widgets::Pasted::Ignored,
                });
            }
        },
    );
    let l = state.labels();
    let name = |x: Option<&Option<String>>| {
        x.and_then(Option::as_deref)
            .map(|id| l.land_class_name(id))
            .unwrap_or_default()
    };
    let rows: Vec<String> = (0..from.len()).map(|i| name(from.get(i))).collect();
    let cols: Vec<String> = (0..to.len()).map(|j| name(to.get(j))).collect();
    clip::report_paste(
        state,
        &n,
        |r| rows.get(r).cloned().unwrap_or_default(),
        |k| cols.get(k).cloned().unwrap_or_default(),
    );
}

/// The validation messages of this matrix (sums against the land cover, bad cells).
fn issues(ui: &mut egui::Ui, state: &mut AppState, c: &Choice) {
    let field = format!("transitions.{}-{}", c.from, c.to);
    let code = (!c.county.is_empty()).then(|| c.county.clone());
    let mine: Vec<crate::validate::Issue> = state
        .issues()
        .iter()
        .filter(|i| i.field.starts_with(&field) && i.county == code)
        .cloned()
        .collect();
    let names = crate::validate::Names::new(&state.project, state.registry(), state.lang());
    for i in &mine {
        let color = match i.severity {
            crate::validate::Severity::Error => ui.visuals().error_fg_color,
            crate::validate::Severity::Warning => ui.visuals().warn_fg_color,
        };
        ui.colored_label(color, i.message_named(&names));
    }
}

/// The land-use change account: summary, ΔESV by transition, CS, formulas.
fn account(ui: &mut egui::Ui, state: &AppState, county: Option<&str>, c: &Choice) {
    let lang = state.lang();
    let a = match transitions::compute(&state.project, state.registry(), county, c.from, c.to) {
        Ok(a) => a,
        Err(TransitionError::NoMatrix) => return,
        Err(TransitionError::Esv(e)) => {
            let (zh, en) = e.message();
            let msg = if lang == Lang::Zh { zh } else { en };
            ui.colored_label(ui.visuals().error_fg_color, msg);
            return;
        }
    };
    let l = state.labels();
    for line in vt::summary(&l, &a) {
        ui.label(line);
    }
    ui.add_space(6.0);
    ui.strong(tf(lang, "tr_title_top", &[("n", &TOP.to_string())]));
    table(
        ui,
        "tr_deltas",
        &vt::deltas(&l, &a, Some(TOP)),
        &[2, 3, 4, 5, 6],
    );
    ui.add_space(6.0);
    ui.strong(t(lang, "tr_title_sensitivity"));
    table(ui, "tr_cs", &vt::sensitivity(&l, &a), &[2, 3, 4, 5]);
    ui.add_space(6.0);
    egui::CollapsingHeader::new(t(lang, "tr_title_coefficients"))
        .id_salt("tr_vc")
        .show(ui, |ui| {
            table(
                ui,
                "tr_vc_table",
                &vt::coefficients(&l, &a),
                &[2, 3, 4, 5, 6],
            );
        });
    for f in vt::formulas(lang) {
        ui.label(egui::RichText::new(f).weak());
    }
}

/// A read-only table of text; `numeric` columns are right-aligned.
fn table(ui: &mut egui::Ui, salt: &str, tb: &vt::Table, numeric: &[usize]) {
    egui::ScrollArea::horizontal().id_salt(salt).show(ui, |ui| {
        egui::Grid::new(salt).striped(true).show(ui, |ui| {
            for h in &tb.header {
                ui.strong(h);
            }
            ui.end_row();
            for r in &tb.rows {
                for (k, cell) in r.iter().enumerate() {
                    if numeric.contains(&k) {
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            ui.label(cell)
                        });
                    } else {
                        ui.label(cell);
                    }
                }
                ui.end_row();
            }
        });
    });
}

#[cfg(test)]
mod tests;
