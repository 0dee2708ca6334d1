//! The regional-adjustment section of the ESV page (Xie et al. 2015's dynamic method): which
//! services each coefficient scales in the project's factor table, the national means (value,
//! unit, year, source; once per project), and per county for the viewed year the county value
//! or the coefficient of NPP, precipitation and soil retention, with the coefficient the engine
//! applied and ESV before and after it. Each edit is one undoable step; a block pasted from a
//! spreadsheet fills the county table; 复制表格 copies it.
//!
//! The coefficients and ESV come from the accounts (`EsvAccount::coefficients`); the section
//! never divides or sums.

use std::sync::Arc;

use eframe::egui;

use super::{current_table, right, slot};
use crate::app::format;
use crate::app::state::{AppState, Notice};
use crate::app::table::{Frozen, clip};
use crate::app::widgets::{
    CellChange, CellSpec, PasteCount, YearChange, apply_block, num_cell, paste_number, text_cell,
    year_cell,
};
use crate::engine::{Accounts, CoefficientBasis, EsvAccount};
use crate::i18n::{Lang, t, tf};
use crate::io::clipboard::tsv_number;
use crate::model::{AdjustEntry, NationalMean, NationalMeans, Project};
use crate::registry::AdjustBy;

/// The six editable columns: (coefficient, entered as the coefficient rather than the value).
const COLUMNS: [(AdjustBy, bool); 6] = [
    (AdjustBy::Npp, false),
    (AdjustBy::Npp, true),
    (AdjustBy::Precipitation, false),
    (AdjustBy::Precipitation, true),
    (AdjustBy::Soil, false),
    (AdjustBy::Soil, true),
];

/// The unit a new national mean starts with (as commonly published; the user may change it).
fn default_unit(k: AdjustBy) -> &'static str {
    match k {
        AdjustBy::Npp => "gC/(m²·a)",
        AdjustBy::Precipitation => "mm",
        AdjustBy::Soil => "t/(hm²·a)",
    }
}

pub(super) fn adjust_section(ui: &mut egui::Ui, state: &mut AppState, acc: Option<&Accounts>) {
    let lang = state.lang();
    ui.add(egui::Label::new(egui::RichText::new(t(lang, "esva_help")).weak()).wrap());
    governs(ui, state);
    ui.add_space(4.0);
    ui.strong(t(lang, "esva_means_heading"));
    national_means(ui, state);
    ui.add_space(6.0);
    ui.strong(tf(
        lang,
        "esva_counties_heading",
        &[("year", &state.year.to_string())],
    ));
    counties(ui, state, acc);
}

/// Under the ESV results: which counties' values are after regional coefficients, with their
/// coefficients (P, R, S), so the results are never read as unadjusted.
pub(super) fn results_note(ui: &mut egui::Ui, lang: Lang, revision: u64, acc: &Accounts) {
    // Made once per accounts and language, not every frame: a project of thousands of
    // counties spent most of its frame listing them all.
    let id = egui::Id::unique("esva_results_note");
    let key = (std::ptr::from_ref(acc) as usize, revision, lang);
    type Note = ((usize, u64, Lang), Arc<String>);
    let cached: Option<Note> = ui.data(|d| d.get_temp(id));
    let text = match cached {
        Some((k, text)) if k == key => text,
        _ => {
            let text = Arc::new(note_text(lang, acc));
            ui.data_mut(|d| d.insert_temp::<Note>(id, (key, text.clone())));
            text
        }
    };
    if text.is_empty() {
        return;
    }
    ui.add(
        egui::Label::new(egui::RichText::new(text.as_str()).color(ui.visuals().warn_fg_color))
            .wrap(),
    );
}

/// Counties listed by name in the note; more are counted.
const NOTE_NAMES: usize = 30;

/// The note's text: each adjusted county with its coefficients (the first `NOTE_NAMES`, then
/// how many more); empty when no county is adjusted.
fn note_text(lang: Lang, acc: &Accounts) -> String {
    let adjusted: Vec<_> = acc
        .counties
        .iter()
        .filter_map(|c| Some((c, c.esv.as_ref().filter(|e| e.adjusted())?)))
        .collect();
    if adjusted.is_empty() {
        return String::new();
    }
    let mut named: Vec<String> = adjusted
        .iter()
        .take(NOTE_NAMES)
        .map(|(c, e)| {
            let coef: Vec<String> = e
                .coefficients
                .iter()
                .filter(|k| !matches!(k.basis, CoefficientBasis::NotAdjusted))
                .map(|k| format!("{} = {}", k.kind.symbol(), format::num(k.value, 4)))
                .collect();
            format!(
                "{}（{}）",
                c.name_zh_or_en(lang),
                coef.join(t(lang, "esva_list_sep"))
            )
        })
        .collect();
    if adjusted.len() > NOTE_NAMES {
        named.push(tf(
            lang,
            "aw_more_counties",
            &[("n", &(adjusted.len() - NOTE_NAMES).to_string())],
        ));
    }
    tf(
        lang,
        "esva_results_note",
        &[("counties", &named.join(t(lang, "esva_list_sep")))],
    )
}

/// Which services each coefficient scales in the project's table, and where that comes from.
fn governs(ui: &mut egui::Ui, state: &AppState) {
    let lang = state.lang();
    let Some(table) = current_table(state) else {
        return;
    };
    if !table.adjusts() {
        ui.colored_label(ui.visuals().warn_fg_color, t(lang, "esva_table_none"));
        return;
    }
    // From the table itself, so it shows even before the accounts compute.
    for k in AdjustBy::ALL {
        let services: Vec<&str> = table
            .services
            .iter()
            .filter(|s| s.adjust == Some(k))
            .map(|s| s.name.get(lang))
            .collect();
        let services = if services.is_empty() {
            "—".to_string()
        } else {
            services.join(t(lang, "esva_list_sep"))
        };
        ui.label(tf(
            lang,
            "esva_governs_line",
            &[
                ("coefficient", t(lang, k.name_key())),
                ("services", &services),
            ],
        ));
    }
    if !table.adjust_note.is_empty() {
        ui.add(egui::Label::new(egui::RichText::new(table.adjust_note.get(lang)).weak()).wrap());
    }
}

/// An edit of a national mean.
enum MeanEdit {
    Value(AdjustBy, Option<f64>),
    Unit(AdjustBy, String),
    Year(AdjustBy, i32),
    Source(AdjustBy, String),
}

fn national_means(ui: &mut egui::Ui, state: &mut AppState) {
    let lang = state.lang();
    let means = state.project.esv.national_means.clone();
    let mut edit: Option<MeanEdit> = None;
    egui::Grid::new("esva_means_grid")
        .num_columns(5)
        .spacing([10.0, 4.0])
        .striped(true)
        .show(ui, |ui| {
            for h in [
                "esva_quantity",
                "esva_mean_value",
                "esva_mean_unit",
                "esva_mean_year",
                "esva_mean_source",
            ] {
                ui.strong(t(lang, h));
            }
            ui.end_row();
            for k in AdjustBy::ALL {
                let m = means.get(k);
                let qty = t(lang, k.quantity_key());
                // A row label starts with a capital in English ("Precipitation").
                let mut chars = qty.chars();
                let label: String = chars
                    .next()
                    .map(|c| c.to_uppercase().chain(chars).collect())
                    .unwrap_or_default();
                ui.label(label);
                let name = format!("{qty} · {}", t(lang, "esva_mean_value"));
                let cell = slot(ui, 110.0, |ui| {
                    num_cell(
                        ui,
                        egui::Id::unique(("esva_mean", k.key())),
                        m.map(|m| m.value),
                        CellSpec {
                            decimals: 2,
                            name: &name,
                            problem: None,
                            min: Some(0.0),
                            max: None,
                        },
                    )
                });
                match cell {
                    Some(CellChange::Set(v)) => edit = Some(MeanEdit::Value(k, Some(v))),
                    Some(CellChange::Clear) => edit = Some(MeanEdit::Value(k, None)),
                    Some(CellChange::Rejected(s)) => reject(state, &s),
                    _ => {}
                }
                let enabled = m.is_some();
                ui.add_enabled_ui(enabled, |ui| {
                    let name = format!("{qty} · {}", t(lang, "esva_mean_unit"));
                    slot(ui, 100.0, |ui| {
                        let unit = m.map_or("", |m| m.unit.as_str());
                        if let Some(u) =
                            text_cell(ui, egui::Id::unique(("esva_unit", k.key())), unit, &name)
                        {
                            edit = Some(MeanEdit::Unit(k, u));
                        }
                    });
                });
                ui.add_enabled_ui(enabled, |ui| {
                    let name = format!("{qty} · {}", t(lang, "esva_mean_year"));
                    slot(ui, 70.0, |ui| {
                        match year_cell(
                            ui,
                            egui::Id::unique(("esva_year", k.key())),
                            m.map(|m| m.year),
                            None,
                            &name,
                        ) {
                            Some(YearChange::Set(Some(y))) => edit = Some(MeanEdit::Year(k, y)),
                            Some(YearChange::Rejected(s)) => reject(state, &s),
                            _ => {}
                        }
                    });
                });
                ui.add_enabled_ui(enabled, |ui| {
                    let name = format!("{qty} · {}", t(lang, "esva_mean_source"));
                    slot(ui, 420.0, |ui| {
                        let src = m.map_or("", |m| m.source.as_str());
                        if let Some(s) =
                            text_cell(ui, egui::Id::unique(("esva_source", k.key())), src, &name)
                        {
                            edit = Some(MeanEdit::Source(k, s));
                        }
                    });
                });
                ui.end_row();
            }
        });
    if let Some(e) = edit {
        let year = state.year;
        state.edit_part(|p| &mut p.esv.national_means, |m| apply_mean(m, e, year));
    }
}

/// Writes a national-mean edit; a new mean starts with the usual unit and the viewed year.
fn apply_mean(means: &mut NationalMeans, e: MeanEdit, year: i32) {
    let k = match &e {
        MeanEdit::Value(k, _) | MeanEdit::Unit(k, _) | MeanEdit::Year(k, _) => *k,
        MeanEdit::Source(k, _) => *k,
    };
    let m = means.get_mut(k);
    match e {
        MeanEdit::Value(_, None) => *m = None,
        MeanEdit::Value(_, Some(v)) => match m {
            Some(m) => m.value = v,
            None => {
                *m = Some(NationalMean {
                    value: v,
                    unit: default_unit(k).into(),
                    year,
                    source: String::new(),
                });
            }
        },
        MeanEdit::Unit(_, u) => {
            if let Some(m) = m {
                m.unit = u;
            }
        }
        MeanEdit::Year(_, y) => {
            if let Some(m) = m {
                m.year = y;
            }
        }
        MeanEdit::Source(_, s) => {
            if let Some(m) = m {
                m.source = s;
            }
        }
    }
}

fn reject(state: &mut AppState, s: &str) {
    state.notice = Some(Notice {
        text: format!("{}: {s}", t(state.lang(), "not_a_number")),
        error: true,
    });
}

/// A county row of the table.
#[derive(Clone)]
struct Row {
    code: String,
    name: String,
    entries: [Option<f64>; 6],
    esv: Option<EsvAccount>,
}

/// `rows`, made once per project revision, year, language and accounts (not every frame: they
/// copy each county's ESV account).
fn cached_rows(ui: &egui::Ui, state: &AppState, acc: Option<&Accounts>) -> Arc<Vec<Row>> {
    type Key = (usize, u64, i32, Lang);
    let id = egui::Id::unique("esva_rows");
    let key: Key = (
        acc.map_or(0, |a| std::ptr::from_ref(a) as usize),
        state.revision,
        state.year,
        state.lang(),
    );
    if let Some((k, rows)) = ui.data(|d| d.get_temp::<(Key, Arc<Vec<Row>>)>(id))
        && k == key
    {
        return rows;
    }
    let rows = Arc::new(rows(state, acc));
    ui.data_mut(|d| d.insert_temp(id, (key, rows.clone())));
    rows
}

fn rows(state: &AppState, acc: Option<&Accounts>) -> Vec<Row> {
    let lang = state.lang();
    let period = state.project.period(state.year);
    state
        .project
        .counties
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let cp = period.and_then(|p| p.counties.get(&c.code));
            let mut entries = [None; 6];
            for (i, (k, coef)) in COLUMNS.iter().enumerate() {
                entries[i] = match cp.and_then(|cp| cp.esv_adjust.get(*k)) {
                    Some(AdjustEntry::Value(v)) if !coef => Some(v),
                    Some(AdjustEntry::Coefficient(v)) if *coef => Some(v),
                    _ => None,
                };
            }
            // The accounts list the counties in project order: look there first.
            let esv = acc
                .and_then(|a| {
                    a.counties
                        .get(i)
                        .filter(|x| x.code == c.code)
                        .or_else(|| a.counties.iter().find(|x| x.code == c.code))
                })
                .and_then(|x| x.esv.clone());
            Row {
                code: c.code.clone(),
                name: c.name.get(lang).to_string(),
                entries,
                esv,
            }
        })
        .collect()
}

/// The header of a column ("NPP\n县域值" / "NPP\n调节系数 P").
fn column_name(lang: Lang, (k, coef): (AdjustBy, bool)) -> String {
    let key = match (k, coef) {
        (AdjustBy::Npp, false) => "esva_col_npp_value",
        (AdjustBy::Npp, true) => "esva_col_npp_coef",
        (AdjustBy::Precipitation, false) => "esva_col_prec_value",
        (AdjustBy::Precipitation, true) => "esva_col_prec_coef",
        (AdjustBy::Soil, false) => "esva_col_soil_value",
        (AdjustBy::Soil, true) => "esva_col_soil_coef",
    };
    t(lang, key).to_string()
}

fn counties(ui: &mut egui::Ui, state: &mut AppState, acc: Option<&Accounts>) {
    let lang = state.lang();
    let money = state.settings.money_unit;
    if state.project.period(state.year).is_none() {
        ui.label(t(lang, "esva_no_period"));
        return;
    }
    let rows = cached_rows(ui, state, acc);
    let copy = ui
        .horizontal(|ui| {
            ui.label(egui::RichText::new(t(lang, "esva_counties_help")).weak());
            ui.button(t(lang, "tbl_copy_table"))
                .on_hover_text(t(lang, "tbl2_copy_tip_click"))
                .clicked()
        })
        .inner;
    if copy {
        clip::copy_rows(ui.ctx(), state, &copy_rows(lang, money, &rows));
    }
    let mut change: Option<(usize, usize, CellChange)> = None;
    let mut columns: Vec<egui_extras::Column> =
        vec![egui_extras::Column::initial(104.0).at_least(80.0); 6];
    columns.extend([egui_extras::Column::initial(120.0).at_least(90.0); 2]);
    let n = rows.len();
    Frozen {
        id_salt: "esva_counties",
        label_width: 110.0,
        columns,
        header_height: 40.0,
        row_height: 24.0,
        rows: n,
        scroll_to_row: None,
        selected_row: None,
        reserve_below: 0.0,
        height: Some((n.min(14) as f32) * 24.0 + 40.0 + 24.0),
    }
    .show(
        ui,
        |ui| {
            ui.strong(t(lang, "page_counties"));
        },
        |ui, i| {
            ui.label(&rows[i].name).on_hover_text(&rows[i].code);
        },
        |mut h| {
            for c in COLUMNS {
                h.col(|ui| {
                    crate::app::widgets::header(ui, column_name(lang, c));
                });
            }
            for key in ["esva_before", "esva_after"] {
                h.col(|ui| {
                    crate::app::widgets::header(
                        ui,
                        format!("{}\n{}", t(lang, key), money.unit().symbol(lang)),
                    );
                });
            }
        },
        |mut row| {
            let i = row.index();
            let r = &rows[i];
            for (j, c) in COLUMNS.iter().enumerate() {
                row.col(|ui| {
                    if let Some(ch) = entry_cell(ui, lang, r, j, *c) {
                        change = Some((i, j, ch));
                    }
                });
            }
            for v in [
                r.esv.as_ref().map(|e| e.unadjusted_total),
                r.esv.as_ref().map(|e| e.total),
            ] {
                row.col(|ui| {
                    right(ui, 110.0, |ui| {
                        ui.label(v.map_or("—".into(), |v| format::money_value(v, money)))
                    });
                });
            }
        },
    );
    if let Some((i, j, ch)) = change {
        apply(state, &rows, i, j, ch);
    }
}

/// One editable cell. A coefficient column of a county whose value is entered shows the
/// coefficient the engine derived (read-only, with its derivation on hover).
fn entry_cell(
    ui: &mut egui::Ui,
    lang: Lang,
    r: &Row,
    j: usize,
    (k, coef): (AdjustBy, bool),
) -> Option<CellChange> {
    let value_entered = coef && r.entries[j - 1].is_some();
    if value_entered {
        let c = r
            .esv
            .as_ref()
            .and_then(|e| e.coefficients.iter().find(|c| c.kind == k));
        let text = match c {
            Some(c) if !matches!(c.basis, CoefficientBasis::NoNationalMean { .. }) => {
                format::num(c.value, 4)
            }
            _ => "—".into(),
        };
        let tip = c.map_or_else(String::new, |c| crate::view::esv_adjust::basis(lang, c));
        right(ui, 96.0, |ui| {
            ui.label(egui::RichText::new(text).weak())
                .on_hover_text(tip);
        });
        return None;
    }
    let name = format!("{} · {}", r.name, column_name(lang, (k, coef)));
    num_cell(
        ui,
        egui::Id::unique(("esva_cell", &r.code, j)),
        r.entries[j],
        CellSpec {
            decimals: if coef { 4 } else { 2 },
            name: &name,
            problem: None,
            min: Some(0.0),
            max: None,
        },
    )
}

/// Sets or clears one county entry in `p` (a value replaces the coefficient and back).
fn set_entry(p: &mut Project, year: i32, code: &str, (k, coef): (AdjustBy, bool), v: Option<f64>) {
    let Some(period) = p.period_mut(year) else {
        return;
    };
    let cp = period.counties.entry(code.to_string()).or_default();
    let slot = cp.esv_adjust.get_mut(k);
    match v {
        Some(v) if coef => *slot = Some(AdjustEntry::Coefficient(v)),
        Some(v) => *slot = Some(AdjustEntry::Value(v)),
        // Clearing a column clears the entry only when it is this column's kind.
        None => {
            if matches!(
                (*slot, coef),
                (Some(AdjustEntry::Coefficient(_)), true) | (Some(AdjustEntry::Value(_)), false)
            ) {
                *slot = None;
            }
        }
    }
}

fn apply(state: &mut AppState, rows: &[Row], i: usize, j: usize, ch: CellChange) {
    let year = state.year;
    let lang = state.lang();
    match ch {
        CellChange::Set(v) if v > 0.0 => {
            let code = rows[i].code.clone();
            state.edit_counties(year, std::slice::from_ref(&code), |p| {
                set_entry(p, year, &code, COLUMNS[j], Some(v));
            });
        }
        CellChange::Set(_) => reject(state, t(lang, "esva_not_positive")),
        CellChange::Clear => {
            let code = rows[i].code.clone();
            state.edit_counties(year, std::slice::from_ref(&code), |p| {
                set_entry(p, year, &code, COLUMNS[j], None);
            });
        }
        CellChange::Rejected(s) => reject(state, &s),
        CellChange::Paste(block) => {
            let rows = rows.get(i..).unwrap_or_default();
            let cols = COLUMNS.get(j..).unwrap_or_default();
            let mut n = PasteCount::default();
            let codes: Vec<String> = rows
                .iter()
                .take(block.len())
                .map(|r| r.code.clone())
                .collect();
            state.edit_counties(year, &codes, |p| {
                n = apply_block(&block, rows, cols, |r, c, cell| {
                    paste_number(cell, Some(f64::MIN_POSITIVE), None, |v| {
                        set_entry(p, year, &r.code, *c, Some(v));
                    })
                });
            });
            clip::report_paste(
                state,
                &n,
                |r| rows.get(r).map(|r| r.name.clone()).unwrap_or_default(),
                |c| {
                    cols.get(c)
                        .map_or_else(String::new, |c| column_name(lang, *c))
                },
            );
        }
    }
}

/// The table as shown, header row first: county, the six entries, the applied coefficients,
/// ESV before and after (money in the unit shown).
fn copy_rows(lang: Lang, money: crate::units::MoneyUnit, rows: &[Row]) -> Vec<Vec<String>> {
    let sym = money.unit().symbol(lang);
    let dec = format::money_decimals(money);
    let mut head = vec![t(lang, "page_counties").to_string()];
    head.extend(COLUMNS.iter().map(|c| column_name(lang, *c)));
    head.extend(AdjustBy::ALL.iter().map(|k| {
        tf(
            lang,
            "esva_applied",
            &[("coefficient", t(lang, k.name_key()))],
        )
    }));
    head.push(format!("{} ({sym})", t(lang, "esva_before")));
    head.push(format!("{} ({sym})", t(lang, "esva_after")));
    let mut out = vec![head];
    for r in rows {
        let mut line = vec![r.name.clone()];
        line.extend(
            r.entries
                .iter()
                .zip(COLUMNS)
                .map(|(v, (_, coef))| tsv_number(*v, if coef { 4 } else { 2 })),
        );
        for k in AdjustBy::ALL {
            let c = r
                .esv
                .as_ref()
                .and_then(|e| e.coefficients.iter().find(|c| c.kind == k))
                .map(|c| c.value);
            line.push(tsv_number(c, 4));
        }
        for v in [
            r.esv.as_ref().map(|e| e.unadjusted_total),
            r.esv.as_ref().map(|e| e.total),
        ] {
            line.push(tsv_number(v.map(|v| money.from_yuan(v)), dec));
        }
        out.push(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::state::Settings;

    fn state() -> AppState {
        AppState::with_sample(Settings::default())
    }

    /// With more adjusted counties than the note names, it names the first 30 and counts
    /// the rest (a project of thousands listed every county, every frame).
    #[test]
    fn the_results_note_names_thirty_counties_and_counts_the_rest() {
        let mut st = AppState::new(crate::sample::synthetic(40, 3), Settings::default());
        let year = st.year;
        let codes: Vec<String> = st.project.counties.iter().map(|c| c.code.clone()).collect();
        st.edit(|p| {
            p.esv.national_means.npp = Some(NationalMean {
                value: 500.0,
                unit: "gC/(m²·a)".into(),
                year: 2015,
                source: "测试".into(),
            });
            for c in codes.iter().take(35) {
                set_entry(p, year, c, (AdjustBy::Npp, false), Some(600.0));
            }
        });
        let acc = st.accounts().unwrap_or_else(|e| panic!("{e:?}"));
        let n = acc
            .counties
            .iter()
            .filter(|c| c.esv.as_ref().is_some_and(|e| e.adjusted()))
            .count();
        assert_eq!(n, 35);
        let text = note_text(Lang::Zh, &acc);
        assert_eq!(text.matches("P = 1.2000").count(), 30, "{text}");
        assert!(text.ends_with("另有 5 个县区"), "{text}");
        let name = acc.counties[0].name_zh_or_en(Lang::Zh);
        assert!(text.contains(&format!("{name}（P = 1.2000")), "{text}");
    }

    /// A county entry is one undo step; a value replaces a coefficient of the same kind, and
    /// clearing the other column leaves it.
    #[test]
    fn county_entries_are_one_undo_step_each() {
        let mut s = state();
        let year = s.year;
        let code = s.project.counties[0].code.clone();
        let before = s.project.clone();
        let codes = [code.clone()];
        s.edit_counties(year, &codes, |p| {
            set_entry(p, year, &code, (AdjustBy::Npp, true), Some(1.2));
        });
        s.edit_counties(year, &codes, |p| {
            set_entry(p, year, &code, (AdjustBy::Npp, false), Some(610.0));
        });
        let entry = |s: &AppState| {
            s.project
                .period(year)
                .and_then(|p| p.counties.get(&code))
                .and_then(|c| c.esv_adjust.npp)
        };
        assert_eq!(entry(&s), Some(AdjustEntry::Value(610.0)));
        s.edit_counties(year, &codes, |p| {
            set_entry(p, year, &code, (AdjustBy::Npp, true), None);
        });
        assert_eq!(entry(&s), Some(AdjustEntry::Value(610.0)));
        s.undo();
        assert_eq!(entry(&s), Some(AdjustEntry::Coefficient(1.2)));
        s.undo();
        assert_eq!(s.project, before);
    }

    /// A new national mean starts with the usual unit and the viewed year; clearing it removes it.
    #[test]
    fn a_new_national_mean_gets_its_usual_unit() {
        let mut s = state();
        let year = s.year;
        s.edit(|p| {
            apply_mean(
                &mut p.esv.national_means,
                MeanEdit::Value(AdjustBy::Precipitation, Some(650.0)),
                year,
            )
        });
        let m = s.project.esv.national_means.precipitation.clone();
        assert_eq!(
            m,
            Some(NationalMean {
                value: 650.0,
                unit: "mm".into(),
                year,
                source: String::new(),
            })
        );
        s.edit(|p| {
            apply_mean(
                &mut p.esv.national_means,
                MeanEdit::Source(AdjustBy::Precipitation, "中国气象局".into()),
                year,
            )
        });
        assert_eq!(
            s.project
                .esv
                .national_means
                .precipitation
                .as_ref()
                .map(|m| m.source.as_str()),
            Some("中国气象局")
        );
        s.edit(|p| {
            apply_mean(
                &mut p.esv.national_means,
                MeanEdit::Value(AdjustBy::Precipitation, None),
                year,
            )
        });
        assert!(s.project.esv.national_means.is_empty());
    }

    /// The section draws with coefficients set, and the copied table carries the applied
    /// coefficient and ESV before and after.
    #[test]
    fn section_renders_and_copies_the_applied_coefficients() {
        use egui_kittest::kittest::Queryable;
        let mut st = state();
        let year = st.year;
        let code = st.project.counties[0].code.clone();
        st.edit(|p| {
            p.esv.national_means.npp = Some(NationalMean {
                value: 500.0,
                unit: "gC/(m²·a)".into(),
                year: 2015,
                source: "测试".into(),
            });
            set_entry(p, year, &code, (AdjustBy::Npp, false), Some(600.0));
        });
        let acc = st.accounts().ok();
        let rows = rows(&st, acc.as_deref());
        let copied = copy_rows(Lang::Zh, st.settings.money_unit, &rows);
        // County, six entries, three applied coefficients, before, after.
        assert_eq!(copied[0].len(), 12);
        assert_eq!(copied[1][1], "600.00");
        assert_eq!(copied[1][7], "1.2000");
        assert_eq!(copied[1][8], "1.0000");
        let mut h = egui_kittest::Harness::builder()
            .with_size(egui::vec2(1366.0, 768.0))
            .with_context_setup(crate::app::fonts::install)
            .build_ui_state(
                |ui, s: &mut AppState| {
                    let acc = s.accounts().ok();
                    adjust_section(ui, s, acc.as_deref());
                },
                st,
            );
        h.run();
        h.get_by_label("全国平均值（县域值除以它得到系数）");
        h.get_by_label("NPP 调节系数 P作用于：食物生产、原料生产、气体调节、气候调节、净化环境、维持养分循环、生物多样性、美学景观");
    }
}
