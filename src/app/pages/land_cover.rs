//! 土地覆被 Land cover: county × class areas for the year shown, in hm², km² or 亩; each row's
//! sum is compared with the county's land area (warning above +0.5 %).

use eframe::egui;
use egui_extras::Column;

use crate::app::format::{self, AreaUnit};
use crate::app::nav::Page;
use crate::app::state::{AppState, Notice};
use crate::app::table::{Frozen, cell, clip, county_name};
use crate::app::widgets::{
    CellChange, CellSpec, PasteCount, apply_block, header, num_cell, paste_number,
};
use crate::i18n::{t, tf};
use crate::io::clipboard::tsv_number;
use crate::model::Project;

/// Classes shown: the registry's, then the project's custom classes, then any other class the
/// data uses (so nothing typed is ever hidden); kept until the project or the language changes.
pub fn class_columns(state: &mut AppState) -> std::sync::Arc<Vec<(String, String)>> {
    let key = (state.revision, state.lang());
    if let Some((rev, lang, cols)) = &state.pages.land_cover_columns
        && (*rev, *lang) == key
    {
        return cols.clone();
    }
    let cols = std::sync::Arc::new(find_class_columns(state));
    state.pages.land_cover_columns = Some((key.0, key.1, cols.clone()));
    cols
}

fn find_class_columns(state: &AppState) -> Vec<(String, String)> {
    let lang = state.lang();
    let mut cols: Vec<(String, String)> = state
        .registry()
        .land_classes
        .iter()
        .map(|c| (c.id.clone(), c.name.get(lang).to_string()))
        .collect();
    for c in &state.project.custom_land_classes {
        if !cols.iter().any(|(id, _)| id == &c.id) {
            cols.push((c.id.clone(), c.name.get(lang).to_string()));
        }
    }
    let mut seen: std::collections::HashSet<&str> = state
        .registry()
        .land_classes
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    seen.extend(
        state
            .project
            .custom_land_classes
            .iter()
            .map(|c| c.id.as_str()),
    );
    let mut extra = Vec::new();
    for p in &state.project.periods {
        for cp in p.counties.values() {
            for k in cp.land_cover.keys() {
                if seen.insert(k.as_str()) {
                    extra.push((k.clone(), k.clone()));
                }
            }
        }
    }
    cols.extend(extra);
    cols
}

/// The display unit of areas (公顷, km², 亩), a setting shared by every page that shows areas.
pub(crate) fn area_unit_choice(ui: &mut egui::Ui, state: &mut AppState) {
    let lang = state.lang();
    ui.label(t(lang, "area_unit"));
    for (u, label) in [
        (AreaUnit::Hm2, crate::units::Unit::Hm2.symbol(lang)),
        (AreaUnit::Km2, "km²"),
        (AreaUnit::Mu, t(lang, "unit_mu")),
    ] {
        ui.radio_value(&mut state.settings.area_unit, u, label);
    }
}

pub fn ui(ui: &mut egui::Ui, state: &mut AppState) {
    let lang = state.lang();
    let year = state.year;
    ui.heading(t(lang, "page_land_cover"));
    let mut copy = false;
    ui.horizontal(|ui| {
        area_unit_choice(ui, state);
        ui.label(
            egui::RichText::new(tf(lang, "land_cover_year", &[("year", &year.to_string())])).weak(),
        );
        ui.separator();
        copy = clip::copy_button(ui, lang);
    });
    let unit = state.settings.area_unit;
    let decimals = match unit {
        AreaUnit::Km2 => 4,
        _ => 2,
    };
    let cols = class_columns(state);
    // Borrowed, not copied: this runs every frame, for thousands of counties.
    let jump = state.selection_scroll(Page::LandCover);
    let selected_row = state.selected_row(state.project.counties.iter().map(|c| c.code.as_str()));
    let mut named = None;
    let period = state.project.period(year);
    let counties = &state.project.counties;
    let focus = state.focus.clone();
    let mut change: Option<(usize, usize, CellChange)> = None;
    let mut scroll_to = None;
    if let Some((_, code, _)) = &focus {
        scroll_to = counties.iter().position(|c| &c.code == code);
    }
    let scroll_to = scroll_to.or(jump.and(selected_row));
    let area_head = |key: &'static str| format!("{}\n{}", t(lang, key), unit.unit().symbol(lang));
    let mut columns = vec![Column::exact(110.0), Column::exact(110.0)];
    columns.extend(std::iter::repeat_n(Column::initial(92.0), cols.len()));
    Frozen {
        id_salt: "land_cover",
        label_width: 130.0,
        columns,
        header_height: 36.0,
        row_height: 24.0,
        rows: counties.len(),
        scroll_to_row: scroll_to,
        selected_row,
        reserve_below: 8.0,
        height: None,
    }
    .show(
        ui,
        |ui| {
            ui.strong(t(lang, "page_counties"));
        },
        |ui, i| {
            if county_name(ui, counties[i].name.get(lang)).clicked() {
                named = Some(i);
            }
        },
        |mut h| {
            h.col(|ui| {
                header(ui, area_head("row_sum"));
            });
            h.col(|ui| {
                header(ui, area_head("county_area"));
            });
            for (_, name) in cols.iter() {
                h.col(|ui| {
                    header(ui, format!("{name}\n{}", unit.unit().symbol(lang)));
                });
            }
        },
        |mut row| {
            let i = row.index();
            let cp = period
                .as_ref()
                .and_then(|p| p.counties.get(&counties[i].code));
            let look = Look {
                lang,
                unit,
                decimals,
                focus: focus.as_ref(),
            };
            row_ui(&mut row, &look, &counties[i], cp, i, &cols, &mut change);
        },
    );
    if copy {
        let rows = copy_rows(state, &cols, unit, decimals);
        clip::copy_rows(ui.ctx(), state, &rows);
    }

    if let Some(i) = named {
        let code = state.project.counties[i].code.clone();
        state.select_county(Some(code), Some(Page::LandCover));
    }
    if let Some((i, k, ch)) = change {
        apply(state, &cols, i, k, ch);
    }
}

/// How the table shows areas, and the cell to highlight.
struct Look<'a> {
    lang: crate::i18n::Lang,
    unit: AreaUnit,
    decimals: usize,
    focus: Option<&'a (crate::app::nav::Page, String, String)>,
}

/// One county: name, sum of its classes (red above the land area), land area, each class.
fn row_ui(
    row: &mut egui_extras::TableRow<'_, '_>,
    look: &Look<'_>,
    c: &crate::model::County,
    cp: Option<&crate::model::CountyPeriod>,
    i: usize,
    cols: &[(String, String)],
    change: &mut Option<(usize, usize, CellChange)>,
) {
    let Look {
        lang,
        unit,
        decimals,
        focus,
    } = *look;
    let sum: f64 = cp.map_or(0.0, |d| d.land_cover.values().sum());
    let over = c.land_area_hm2 > 0.0 && sum > c.land_area_hm2 * 1.005;
    row.col(|ui| {
        let text = egui::RichText::new(format::num(unit.from_hm2(sum), decimals));
        if over {
            let pct = (sum / c.land_area_hm2 - 1.0) * 100.0;
            ui.label(text.color(ui.visuals().error_fg_color))
                .on_hover_text(tf(
                    lang,
                    "land_cover_over",
                    &[("pct", &format::num(pct, 2))],
                ));
        } else {
            ui.label(text);
        }
    });
    row.col(|ui| {
        ui.label(format::num(unit.from_hm2(c.land_area_hm2), decimals));
    });
    for (k, (class, cname)) in cols.iter().enumerate() {
        cell(row, |ui| {
            let v = cp.and_then(|d| d.land_cover.get(class)).copied();
            let field = format!("land_cover.{class}");
            let flagged = focus
                .as_ref()
                .is_some_and(|(_, code, f)| code == &c.code && (f == &field || f == "land_cover"));
            if flagged {
                ui.painter().rect_stroke(
                    ui.max_rect(),
                    2.0,
                    (2.0, ui.visuals().warn_fg_color),
                    egui::StrokeKind::Inside,
                );
            }
            let name = format!(
                "{} · {cname} ({})",
                c.name.get(lang),
                unit.unit().symbol(lang)
            );
            if let Some(ch) = num_cell(
                ui,
                egui::Id::unique(("lc", i, k)),
                v.map(|x| unit.from_hm2(x)),
                CellSpec {
                    decimals,
                    name: &name,
                    problem: None,
                    min: Some(0.0),
                    max: None,
                },
            ) {
                *change = Some((i, k, ch));
            }
        });
    }
}

/// Applies an edit of cell (county `i`, class column `k`) as one undoable step.
fn apply(state: &mut AppState, cols: &[(String, String)], i: usize, k: usize, ch: CellChange) {
    let lang = state.lang();
    let year = state.year;
    let unit = state.settings.area_unit;
    let counties: Vec<String> = state
        .project
        .counties
        .iter()
        .map(|c| c.code.clone())
        .collect();
    let code = counties[i].clone();
    match ch {
        CellChange::Set(v) => {
            let class = cols[k].0.clone();
            state.edit_counties(year, std::slice::from_ref(&code), |p| {
                set_area(p, year, &code, &class, Some(unit.to_hm2(v)))
            });
        }
        CellChange::Clear => {
            let class = cols[k].0.clone();
            state.edit_counties(year, std::slice::from_ref(&code), |p| {
                set_area(p, year, &code, &class, None)
            });
        }
        CellChange::Rejected(s) => {
            state.notice = Some(Notice {
                text: format!("{}: {s}", t(lang, "not_a_number_nonneg")),
                error: true,
            });
        }
        CellChange::Paste(block) => {
            let affected: Vec<String> =
                counties.iter().skip(i).take(block.len()).cloned().collect();
            let mut n = PasteCount::default();
            state.edit_counties(year, &affected, |p| {
                let rows = counties.get(i..).unwrap_or_default();
                let cols = cols.get(k..).unwrap_or_default();
                n = apply_block(&block, rows, cols, |code, (class, _), cell| {
                    paste_number(cell, Some(0.0), None, |v| {
                        set_area(p, year, code, class, Some(unit.to_hm2(v)))
                    })
                });
            });
            let names: Vec<String> = state
                .project
                .counties
                .iter()
                .skip(i)
                .map(|c| c.name.get(lang).to_string())
                .collect();
            clip::report_paste(
                state,
                &n,
                |r| names.get(r).cloned().unwrap_or_default(),
                |c| cols.get(k + c).map(|c| c.1.clone()).unwrap_or_default(),
            );
        }
    }
}

/// The table as the user sees it, header row first, for the clipboard: county, row sum, land
/// area and each class, in the unit shown.
fn copy_rows(
    state: &AppState,
    cols: &[(String, String)],
    unit: AreaUnit,
    decimals: usize,
) -> Vec<Vec<String>> {
    let lang = state.lang();
    let sym = unit.unit().symbol(lang);
    let mut head = vec![
        t(lang, "page_counties").to_string(),
        format!("{} ({sym})", t(lang, "row_sum")),
        format!("{} ({sym})", t(lang, "county_area")),
    ];
    head.extend(cols.iter().map(|(_, name)| format!("{name} ({sym})")));
    let period = state.project.period(state.year);
    let mut out = vec![head];
    for c in &state.project.counties {
        let cp = period.and_then(|p| p.counties.get(&c.code));
        let sum: f64 = cp.map_or(0.0, |d| d.land_cover.values().sum());
        let mut r = vec![
            c.name.get(lang).to_string(),
            tsv_number(Some(unit.from_hm2(sum)), decimals),
            tsv_number(Some(unit.from_hm2(c.land_area_hm2)), decimals),
        ];
        r.extend(cols.iter().map(|(class, _)| {
            let v = cp.and_then(|d| d.land_cover.get(class)).copied();
            tsv_number(v.map(|x| unit.from_hm2(x)), decimals)
        }));
        out.push(r);
    }
    out
}

pub fn set_area(p: &mut Project, year: i32, code: &str, class: &str, hm2: Option<f64>) {
    let Some(period) = p.period_mut(year) else {
        return;
    };
    let d = period.counties.entry(code.to_string()).or_default();
    match hm2 {
        Some(v) => {
            d.land_cover.insert(class.to_string(), v);
        }
        None => {
            d.land_cover.remove(class);
        }
    }
}
