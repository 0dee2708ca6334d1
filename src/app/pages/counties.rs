//! 县区 Counties: the editable county table (code, names, land area, population, GDP,
//! prefecture) with add, delete, sort and filter. Population and GDP are those of the year
//! shown in the top bar.

use eframe::egui;
use egui_extras::{Column, TableBuilder};

use crate::app::format;
use crate::app::state::{AppState, Notice};
use crate::app::widgets::{CellChange, CellSpec, Pasted, apply_block, num_cell, text_cell};
use crate::i18n::Text;
use crate::i18n::t;
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
    ui.horizontal(|ui| {
        ui.label(t(lang, "filter"));
        ui.add(egui::TextEdit::singleline(&mut filter).desired_width(180.0))
            .accessible_name(t(lang, "filter"));
        if ui.button(t(lang, "add_county")).clicked() {
            state.edit(|p| add_county(p, year));
        }
        ui.label(format!(
            "{} {}",
            state.project.counties.len(),
            t(lang, "counties_count")
        ));
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
    let scroll_to = focus.as_ref().and_then(|(_, code, _)| {
        rows.iter()
            .position(|&i| &state.project.counties[i].code == code)
    });
    let mut acts: Vec<Act> = Vec::new();
    let mut table = TableBuilder::new(ui)
        .striped(true)
        .resizable(true)
        .column(Column::initial(80.0))
        .column(Column::initial(110.0))
        .column(Column::initial(160.0))
        .column(Column::initial(110.0))
        .column(Column::initial(110.0))
        .column(Column::initial(120.0))
        .column(Column::initial(100.0))
        .column(Column::exact(40.0));
    if let Some(r) = scroll_to {
        table = table.scroll_to_row(r, Some(egui::Align::Center));
    }
    table
        .header(24.0, |mut h| {
            header_ui(&mut h, &headers, &mut sort, &mut desc);
            h.col(|_| {});
        })
        .body(|body| {
            body.rows(24.0, rows.len(), |mut row| {
                let i = rows[row.index()];
                row_ui(&mut row, state, i, &headers, focus.as_ref(), &mut acts);
            });
        });
    state.pages.counties.sort = (sort, desc);
    for act in acts {
        apply(state, &rows, act);
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

/// Column heads; a click on a sortable head sorts by it (again: reverses).
fn header_ui(
    h: &mut egui_extras::TableRow<'_, '_>,
    headers: &[&str; 7],
    sort: &mut u8,
    desc: &mut bool,
) {
    for (i, name) in headers.iter().enumerate() {
        h.col(|ui| {
            let sort_col = match i {
                0 => Some(0u8),
                1 => Some(1),
                3 => Some(2),
                4 => Some(3),
                5 => Some(4),
                _ => None,
            };
            let arrow = if sort_col == Some(*sort) {
                if *desc { " ▼" } else { " ▲" }
            } else {
                ""
            };
            if ui.button(format!("{name}{arrow}")).clicked()
                && let Some(s) = sort_col
            {
                if s == *sort {
                    *desc = !*desc;
                } else {
                    *sort = s;
                    *desc = false;
                }
            }
        });
    }
}

/// One county: code, names, area, population, GDP, prefecture, delete.
fn row_ui(
    row: &mut egui_extras::TableRow<'_, '_>,
    state: &AppState,
    i: usize,
    headers: &[&str; 7],
    focus: Option<&(crate::app::nav::Page, String, String)>,
    acts: &mut Vec<Act>,
) {
    let lang = state.lang();
    let period = state.project.period(state.year);
    let cp = |code: &str| period.and_then(|p| p.counties.get(code));
    let c = &state.project.counties[i];
    let d = cp(&c.code);
    let label = |f: &str| format!("{} · {f}", c.name.get(lang));
    row.col(|ui| {
        if let Some(v) = text_cell(
            ui,
            egui::Id::unique(("code", i)),
            &c.code,
            &label(headers[0]),
        ) {
            acts.push(Act::Text(i, 0, v));
        }
    });
    row.col(|ui| {
        if let Some(v) = text_cell(
            ui,
            egui::Id::unique(("zh", i)),
            &c.name.zh,
            &label(headers[1]),
        ) {
            acts.push(Act::Text(i, 1, v));
        }
    });
    row.col(|ui| {
        if let Some(v) = text_cell(
            ui,
            egui::Id::unique(("en", i)),
            &c.name.en,
            &label(headers[2]),
        ) {
            acts.push(Act::Text(i, 2, v));
        }
    });
    let cells: [(Option<f64>, usize, Option<f64>); 3] = [
        (Some(c.land_area_hm2 / 100.0), 2, Some(0.0)),
        (d.and_then(|x| x.population), 0, Some(0.0)),
        (d.and_then(|x| x.gdp_yuan).map(|g| g / 1e4), 2, Some(0.0)),
    ];
    for (k, (v, dec, min)) in cells.into_iter().enumerate() {
        row.col(|ui| {
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
            if let Some(ch) = num_cell(
                ui,
                egui::Id::unique(("cnum", i, k)),
                v,
                CellSpec {
                    decimals: dec,
                    name: &label(headers[3 + k]),
                    problem: None,
                    min,
                    max: None,
                },
            ) {
                acts.push(Act::Cell(i, k, ch));
            }
        });
    }
    row.col(|ui| {
        let pref = c.prefecture.clone().unwrap_or_default();
        if let Some(v) = text_cell(ui, egui::Id::unique(("pref", i)), &pref, &label(headers[6])) {
            acts.push(Act::Text(i, 6, v));
        }
    });
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

/// Applies one act as one undoable edit; `rows` is the order shown (paste follows it).
fn apply(state: &mut AppState, rows: &[usize], act: Act) {
    let lang = state.lang();
    let year = state.year;
    match act {
        Act::Text(i, col, v) => {
            if col == 0 && !(v.len() == 6 && v.chars().all(|c| c.is_ascii_digit())) {
                state.notice = Some(Notice {
                    text: format!("{}: {v}", t(lang, "bad_code")),
                    error: true,
                });
            } else {
                state.edit(|p| set_text(p, i, col, v));
            }
        }
        Act::Cell(i, k, ch) => match ch {
            CellChange::Set(v) if k > 0 => {
                let code = [state.project.counties[i].code.clone()];
                state.edit_counties(year, &code, |p| set_number(p, year, i, k, Some(v)));
            }
            CellChange::Set(v) => state.edit(|p| set_number(p, year, i, k, Some(v))),
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
                state.edit(|p| {
                    apply_block(&block, &rows[start..], &cols, |&ci, &col, cell| {
                        match format::parse_number(cell) {
                            Some(v) => {
                                set_number(p, year, ci, col, Some(v));
                                Pasted::Written
                            }
                            None => Pasted::Ignored,
                        }
                    });
                });
            }
        },
        Act::Delete(i) => state.edit(|p| {
            let code = p.counties[i].code.clone();
            p.counties.remove(i);
            for period in &mut p.periods {
                period.counties.remove(&code);
            }
        }),
    }
}

fn set_text(p: &mut Project, i: usize, col: usize, v: String) {
    let Some(c) = p.counties.get_mut(i) else {
        return;
    };
    match col {
        0 => {
            let old = std::mem::replace(&mut c.code, v.clone());
            for period in &mut p.periods {
                if let Some(data) = period.counties.remove(&old) {
                    period.counties.insert(v.clone(), data);
                }
            }
        }
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

fn add_county(p: &mut Project, year: i32) {
    let mut n = 1;
    let code = loop {
        let c = format!("{:06}", 999_000 + n);
        if !p.counties.iter().any(|x| x.code == c) {
            break c;
        }
        n += 1;
    };
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
