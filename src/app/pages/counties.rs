//! 县区 Counties: the editable county table (code, names, land area, population, GDP,
//! prefecture) with add, delete, sort and filter. Population and GDP are those of the year
//! shown in the top bar.

use eframe::egui;
use egui_extras::Column;

use crate::app::nav::Page;
use crate::app::state::{AppState, Notice};
use crate::app::table::{Frozen, clip};
use crate::app::widgets::{
    CellChange, CellSpec, PasteCount, apply_block, num_cell, paste_number, text_cell,
};
use crate::i18n::{Lang, Text, t};
use crate::io::clipboard::tsv_number;
use crate::model::{County, CountyPeriod, Project};

#[derive(Clone, Copy, PartialEq, Eq, Default)]
enum SortKey {
    #[default]
    Code,
    Name,
    Area,
    Population,
    Gdp,
}

pub fn ui(ui: &mut egui::Ui, state: &mut AppState) {
    let lang = state.lang();
    let year = state.year;
    ui.heading(t(lang, "page_counties"));
    let mut filter = state.pages.counties.filter.clone();
    let (mut sort, mut desc) = state.pages.counties.sort;
    let mut copy = false;
    ui.horizontal(|ui| {
        ui.label(t(lang, "filter"));
        ui.add(egui::TextEdit::singleline(&mut filter).desired_width(180.0))
            .accessible_name(t(lang, "filter"));
        if ui.button(t(lang, "add_county")).clicked() {
            // Only the new county and the county list are kept for undo.
            let code = new_code(&state.project);
            state.edit_slice(std::slice::from_ref(&code), |p| {
                add_county(p, year, code.clone())
            });
        }
        ui.label(format!(
            "{} {}",
            state.project.counties.len(),
            t(lang, "counties_count")
        ));
        ui.separator();
        copy = clip::copy_button(ui, lang);
    });
    state.pages.counties.filter = filter.clone();
    let rows = visible_rows(state, &filter, sort, desc);
    let focus = state.focus.clone();
    let headers = [
        t(lang, "col_code"),
        t(lang, "col_name_zh"),
        t(lang, "col_name_en"),
        t(lang, "col_area_km2"),
        t(lang, "col_population"),
        t(lang, "col_gdp_wan"),
        t(lang, "col_prefecture"),
    ];
    let jump = state.selection_scroll(Page::Counties);
    let counties = &state.project.counties;
    let selected_row = state.selected_row(rows.iter().map(|&i| counties[i].code.as_str()));
    let scroll_to = focus
        .as_ref()
        .and_then(|(_, code, _)| rows.iter().position(|&i| &counties[i].code == code))
        .or(jump.and(selected_row));
    let mut named = None;
    let mut acts: Vec<Act> = Vec::new();
    let mut label_acts: Vec<Act> = Vec::new();
    let (mut clicked, mut clicked_r) = (None, None);
    // The name in the language shown is the row label, frozen at the left; the rest scrolls.
    let own = if lang == Lang::Zh { 1 } else { 2 };
    let other = 3 - own;
    let scrolled = [0, other, 3, 4, 5, 6];
    let widths = [80.0, 150.0, 110.0, 110.0, 120.0, 100.0];
    let mut columns: Vec<Column> = widths.iter().map(|w| Column::initial(*w)).collect();
    columns.push(Column::exact(40.0));
    Frozen {
        id_salt: "counties",
        label_width: 140.0,
        columns,
        header_height: 24.0,
        row_height: 24.0,
        rows: rows.len(),
        scroll_to_row: scroll_to,
        selected_row,
        reserve_below: 8.0,
        height: None,
    }
    .show(
        ui,
        |ui| {
            if sort_button(ui, &headers, own, (sort, desc)) {
                clicked = Some(own);
            }
        },
        |ui, r| {
            label_acts.extend(name_cell(ui, state, rows[r], own, &headers));
            // Editing a county's name selects it (the map and the other tables follow).
            let key = if own == 1 { "zh" } else { "en" };
            if ui.memory(|m| m.has_focus(egui::Id::unique((key, rows[r])))) {
                named = Some(rows[r]);
            }
        },
        |mut h| {
            for c in scrolled {
                h.col(|ui| {
                    if sort_button(ui, &headers, c, (sort, desc)) {
                        clicked_r = Some(c);
                    }
                });
            }
            h.col(|_| {});
        },
        |mut row| {
            let i = rows[row.index()];
            row_ui(
                &mut row,
                state,
                i,
                &scrolled,
                &headers,
                focus.as_ref(),
                &mut acts,
            );
        },
    );
    if let Some(s) = clicked.or(clicked_r).and_then(sort_of) {
        if s == sort {
            desc = !desc;
        } else {
            (sort, desc) = (s, false);
        }
    }
    acts.extend(label_acts);
    if let Some(i) = named {
        let code = state.project.counties[i].code.clone();
        if state.selected_county.as_ref() != Some(&code) {
            state.select_county(Some(code), Some(Page::Counties));
        }
    }
    state.pages.counties.sort = (sort, desc);
    if copy {
        let out = copy_rows(state, &rows, &headers);
        clip::copy_rows(ui.ctx(), state, &out);
    }
    for act in acts {
        apply(state, &rows, &headers, act);
    }
}

/// What the user did in the table (applied after drawing).
enum Act {
    /// County index, column (0 code, 1 zh, 2 en, 6 prefecture), text.
    Text(usize, usize, String),
    /// County index, number column (0 area, 1 population, 2 GDP), change.
    Cell(usize, usize, CellChange),
    Delete(usize),
}

/// Indices of the counties shown: filtered, then sorted.
fn visible_rows(state: &AppState, filter: &str, sort: u8, desc: bool) -> Vec<usize> {
    // Borrowed, not copied: this runs every frame, for thousands of counties.
    let period = state.project.period(state.year);
    let cp = |code: &str| period.and_then(|p| p.counties.get(code));
    let mut rows: Vec<usize> = (0..state.project.counties.len())
        .filter(|&i| {
            let c = &state.project.counties[i];
            filter.is_empty()
                || c.code.contains(filter)
                || c.name.zh.contains(filter)
                || c.name.en.to_lowercase().contains(&filter.to_lowercase())
                || c.prefecture.as_deref().is_some_and(|p| p.contains(filter))
        })
        .collect();
    let key = match sort {
        1 => SortKey::Name,
        2 => SortKey::Area,
        3 => SortKey::Population,
        4 => SortKey::Gdp,
        _ => SortKey::Code,
    };
    rows.sort_by(|&a, &b| {
        let (ca, cb) = (&state.project.counties[a], &state.project.counties[b]);
        let num = |c: &County, f: fn(&CountyPeriod) -> Option<f64>| {
            cp(&c.code).and_then(f).unwrap_or(f64::NEG_INFINITY)
        };
        let o = match key {
            SortKey::Code => ca.code.cmp(&cb.code),
            SortKey::Name => ca.name.zh.cmp(&cb.name.zh),
            SortKey::Area => ca.land_area_hm2.total_cmp(&cb.land_area_hm2),
            SortKey::Population => num(ca, |x| x.population).total_cmp(&num(cb, |x| x.population)),
            SortKey::Gdp => num(ca, |x| x.gdp_yuan).total_cmp(&num(cb, |x| x.gdp_yuan)),
        };
        if desc { o.reverse() } else { o }
    });

    rows
}

/// The sort key of column `col` (0 code, 1 zh, 2 en, 3 area, 4 population, 5 GDP, 6
/// prefecture), if it sorts.
fn sort_of(col: usize) -> Option<u8> {
    match col {
        0 => Some(0u8),
        1 | 2 => Some(1),
        3 => Some(2),
        4 => Some(3),
        5 => Some(4),
        _ => None,
    }
}

/// The head of column `col`, with the arrow of the current sort; true when clicked (a click
/// on a sortable head sorts by it, again: reverses).
fn sort_button(
    ui: &mut egui::Ui,
    headers: &[&str; 7],
    col: usize,
    (sort, desc): (u8, bool),
) -> bool {
    let arrow = match sort_of(col) {
        Some(s) if s == sort && desc => " ▼",
        Some(s) if s == sort => " ▲",
        _ => "",
    };
    ui.button(format!("{}{arrow}", headers[col])).clicked()
}

/// A text column of county `i` (0 code, 1 zh, 2 en, 6 prefecture) as an editable cell.
fn name_cell(
    ui: &mut egui::Ui,
    state: &AppState,
    i: usize,
    col: usize,
    headers: &[&str; 7],
) -> Option<Act> {
    let c = &state.project.counties[i];
    let (id, text) = match col {
        0 => (egui::Id::unique(("code", i)), c.code.clone()),
        1 => (egui::Id::unique(("zh", i)), c.name.zh.clone()),
        2 => (egui::Id::unique(("en", i)), c.name.en.clone()),
        _ => (
            egui::Id::unique(("pref", i)),
            c.prefecture.clone().unwrap_or_default(),
        ),
    };
    let label = format!("{} · {}", c.name.get(state.lang()), headers[col]);
    text_cell(ui, id, &text, &label).map(|v| Act::Text(i, col, v))
}

/// One county's scrolled columns (`cols`, in the order shown), then delete.
fn row_ui(
    row: &mut egui_extras::TableRow<'_, '_>,
    state: &AppState,
    i: usize,
    cols: &[usize],
    headers: &[&str; 7],
    focus: Option<&(crate::app::nav::Page, String, String)>,
    acts: &mut Vec<Act>,
) {
    let lang = state.lang();
    let c = &state.project.counties[i];
    let d = state
        .project
        .period(state.year)
        .and_then(|p| p.counties.get(&c.code));
    for &col in cols {
        row.col(|ui| {
            if !(3..=5).contains(&col) {
                acts.extend(name_cell(ui, state, i, col, headers));
                return;
            }
            let k = col - 3;
            let (v, dec) = number_of(c, d, k);
            let field = ["land_area_hm2", "population", "gdp_yuan"][k];
            let flagged = focus
                .as_ref()
                .is_some_and(|(_, code, f)| code == &c.code && f == field);
            if flagged {
                ui.painter().rect_stroke(
                    ui.max_rect(),
                    2.0,
                    (2.0, ui.visuals().warn_fg_color),
                    egui::StrokeKind::Inside,
                );
            }
            let name = format!("{} · {}", c.name.get(lang), headers[col]);
            if let Some(ch) = num_cell(
                ui,
                egui::Id::unique(("cnum", i, k)),
                v,
                CellSpec {
                    decimals: dec,
                    name: &name,
                    problem: None,
                    min: Some(0.0),
                    max: None,
                },
            ) {
                acts.push(Act::Cell(i, k, ch));
            }
        });
    }
    row.col(|ui| {
        if ui
            .button("×")
            .on_hover_text(t(lang, "delete_county"))
            .clicked()
        {
            acts.push(Act::Delete(i));
        }
    });
}

/// Number column `k` (0 land area in km², 1 population, 2 GDP in 万元) as shown, and its
/// decimals.
fn number_of(c: &County, d: Option<&CountyPeriod>, k: usize) -> (Option<f64>, usize) {
    match k {
        0 => (Some(c.land_area_hm2 / 100.0), 2),
        1 => (d.and_then(|x| x.population), 0),
        _ => (d.and_then(|x| x.gdp_yuan).map(|g| g / 1e4), 2),
    }
}

/// The table as shown (filtered, sorted), header row first, for the clipboard: code, both
/// names, land area (km²), population, GDP (万元), prefecture.
fn copy_rows(state: &AppState, rows: &[usize], headers: &[&str; 7]) -> Vec<Vec<String>> {
    let period = state.project.period(state.year);
    let mut out = vec![headers.iter().map(|h| h.to_string()).collect::<Vec<_>>()];
    for &i in rows {
        let c = &state.project.counties[i];
        let d = period.and_then(|p| p.counties.get(&c.code));
        let mut r = vec![c.code.clone(), c.name.zh.clone(), c.name.en.clone()];
        for k in 0..3 {
            let (v, dec) = number_of(c, d, k);
            r.push(tsv_number(v, dec));
        }
        r.push(c.prefecture.clone().unwrap_or_default());
        out.push(r);
    }
    out
}

/// Applies one act as one undoable edit; `rows` is the order shown (paste follows it).
fn apply(state: &mut AppState, rows: &[usize], headers: &[&str; 7], act: Act) {
    let lang = state.lang();
    let year = state.year;
    match act {
        Act::Text(i, col, v) => {
            if col == 0 && !(v.len() == 6 && v.chars().all(|c| c.is_ascii_digit())) {
                state.notice = Some(Notice {
                    text: format!("{}: {v}", t(lang, "bad_code")),
                    error: true,
                });
            } else if col == 0 {
                // A new code renames the county's data in every year: both codes are kept.
                let codes = [state.project.counties[i].code.clone(), v.clone()];
                state.edit_slice(&codes, |p| set_text(p, i, col, v));
            } else {
                state.edit_part(|p| &mut p.counties, |c| set_name(c, i, col, v));
            }
        }
        Act::Cell(i, k, ch) => match ch {
            CellChange::Set(v) if k > 0 => {
                let code = [state.project.counties[i].code.clone()];
                state.edit_counties(year, &code, |p| set_number(p, year, i, k, Some(v)));
            }
            CellChange::Set(v) => state.edit_part(
                |p| &mut p.counties,
                |c| {
                    if let Some(c) = c.get_mut(i) {
                        c.land_area_hm2 = v * 100.0;
                    }
                },
            ),
            CellChange::Clear if k > 0 => {
                let code = [state.project.counties[i].code.clone()];
                state.edit_counties(year, &code, |p| set_number(p, year, i, k, None));
            }
            CellChange::Clear => {}
            CellChange::Rejected(s) => {
                state.notice = Some(Notice {
                    text: format!("{}: {s}", t(lang, "not_a_number")),
                    error: true,
                })
            }
            CellChange::Paste(block) => {
                let start = rows.iter().position(|&r| r == i).unwrap_or(0);
                let cols: Vec<usize> = (k..3).collect();
                let mut n = PasteCount::default();
                let paste = |p: &mut Project| {
                    apply_block(&block, &rows[start..], &cols, |&ci, &col, cell| {
                        paste_number(cell, Some(0.0), None, |v| {
                            set_number(p, year, ci, col, Some(v))
                        })
                    })
                };
                // Only the pasted rows' data are kept for undo (with the county list when the
                // land area is pasted too).
                let codes: Vec<String> = rows[start..]
                    .iter()
                    .take(block.len())
                    .map(|&r| state.project.counties[r].code.clone())
                    .collect();
                if k > 0 {
                    state.edit_counties(year, &codes, |p| n = paste(p));
                } else {
                    state.edit_slice(&codes, |p| n = paste(p));
                }
                let names: Vec<String> = rows[start..]
                    .iter()
                    .map(|&r| state.project.counties[r].name.get(lang).to_string())
                    .collect();
                clip::report_paste(
                    state,
                    &n,
                    |r| names.get(r).cloned().unwrap_or_default(),
                    |c| {
                        headers
                            .get(3 + k + c)
                            .map_or_else(String::new, |h| h.to_string())
                    },
                );
            }
        },
        Act::Delete(i) => {
            let code = [state.project.counties[i].code.clone()];
            state.edit_slice(&code, |p| {
                p.counties.remove(i);
                for period in &mut p.periods {
                    period.counties.remove(&code[0]);
                }
            });
        }
    }
}

fn set_text(p: &mut Project, i: usize, col: usize, v: String) {
    if col != 0 {
        return set_name(&mut p.counties, i, col, v);
    }
    let Some(c) = p.counties.get_mut(i) else {
        return;
    };
    let old = std::mem::replace(&mut c.code, v.clone());
    for period in &mut p.periods {
        if let Some(data) = period.counties.remove(&old) {
            period.counties.insert(v.clone(), data);
        }
    }
}

/// Column 1 the Chinese name, 2 the English name, 3 the prefecture.
fn set_name(counties: &mut [County], i: usize, col: usize, v: String) {
    let Some(c) = counties.get_mut(i) else {
        return;
    };
    match col {
        1 => c.name.zh = v,
        2 => c.name.en = v,
        _ => c.prefecture = (!v.is_empty()).then_some(v),
    }
}

/// k: 0 land area (km² shown, hm² stored), 1 population, 2 GDP (万元 shown, 元 stored).
fn set_number(p: &mut Project, year: i32, i: usize, k: usize, v: Option<f64>) {
    let Some(code) = p.counties.get(i).map(|c| c.code.clone()) else {
        return;
    };
    match k {
        0 => {
            if let (Some(c), Some(v)) = (p.counties.get_mut(i), v) {
                c.land_area_hm2 = v * 100.0;
            }
        }
        _ => {
            let Some(period) = p.period_mut(year) else {
                return;
            };
            let d = period.counties.entry(code).or_default();
            if k == 1 {
                d.population = v;
            } else {
                d.gdp_yuan = v.map(|g| g * 1e4);
            }
        }
    }
}

/// The first unused code 999001, 999002 … for a county added by hand.
fn new_code(p: &Project) -> String {
    (1..)
        .map(|n| format!("{:06}", 999_000 + n))
        .find(|c| !p.counties.iter().any(|x| &x.code == c))
        .unwrap_or_default()
}

fn add_county(p: &mut Project, year: i32, code: String) {
    let n = code.parse::<u32>().map_or(0, |c| c.saturating_sub(999_000));
    p.counties.push(County {
        code: code.clone(),
        name: Text::new(format!("新县区{n}"), format!("New county {n}")),
        land_area_hm2: 0.0,
        prefecture: None,
    });
    if p.period(year).is_none() {
        p.periods.push(crate::model::Period {
            year,
            counties: Default::default(),
        });
    }
    if let Some(period) = p.period_mut(year) {
        period.counties.entry(code).or_default();
    }
}
