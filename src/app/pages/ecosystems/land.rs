//! The land cover of one county's ecosystem parts (hm², km² or 亩 as on 土地覆被): one row per
//! part, one column per land class of the parts' ecosystem types (and the project's custom
//! classes), with paste from WPS/Excel and copy. A class of another ecosystem type than the
//! part's is not editable in that row. A part keyed by a type with no land cover of its own
//! reads the county's classes of that type (`model::ecosystem`): its sum cell says so.

use eframe::egui;
use egui_extras::Column;

use crate::app::format::{self, AreaUnit};
use crate::app::state::{AppState, Notice};
use crate::app::table::{Frozen, clip};
use crate::app::widgets::{
    CellChange, CellSpec, PasteCount, apply_block, header, num_cell, paste_number,
};
use crate::i18n::{Lang, t, tf};
use crate::io::clipboard::{Pasted, Why, tsv_number};
use crate::model::{CountyPeriod, EcosystemPart};

use super::edits::set_part_area;
use super::parts_of;

/// A land class column: id, name, and its ecosystem type (`None` = a custom class, which any
/// part may use).
struct Class {
    id: String,
    name: String,
    ecosystem: Option<String>,
}

/// One part row: key, name, its ecosystem type, whether it is keyed by the type itself.
struct PartRow {
    key: String,
    name: String,
    ecosystem: Option<String>,
    is_type: bool,
}

impl PartRow {
    fn takes(&self, c: &Class) -> bool {
        c.ecosystem.is_none() || c.ecosystem == self.ecosystem
    }
}

pub(super) fn land_ui(ui: &mut egui::Ui, state: &mut AppState, code: &str) {
    let lang = state.lang();
    let year = state.year;
    let labels = state.labels();
    let rows: Vec<PartRow> = parts_of(state, code)
        .into_iter()
        .map(|(key, name)| PartRow {
            ecosystem: crate::view::ecosystem::part_ecosystem(&labels, &key).map(str::to_string),
            is_type: labels.registry.ecosystem(&key).is_some(),
            key,
            name,
        })
        .collect();
    if rows.is_empty() {
        ui.label(t(lang, "ecov_add_parts_first"));
        return;
    }
    let cp: Option<CountyPeriod> = state
        .project
        .period(year)
        .and_then(|p| p.counties.get(code))
        .cloned();
    let cols = classes(state, &rows, cp.as_ref());
    let unit = state.settings.area_unit;
    let decimals = if unit == AreaUnit::Km2 { 4 } else { 2 };
    let mut copy = false;
    ui.horizontal(|ui| {
        crate::app::pages::land_cover::area_unit_choice(ui, state);
        ui.separator();
        copy = clip::copy_button(ui, lang);
    });
    ui.label(
        egui::RichText::new(t(lang, "ecov_land_help"))
            .weak()
            .small(),
    );
    let look = Look {
        lang,
        unit,
        decimals,
    };
    let mut change: Option<(usize, usize, CellChange)> = None;
    let mut columns = vec![Column::exact(150.0)];
    columns.extend(std::iter::repeat_n(Column::initial(92.0), cols.len()));
    Frozen {
        id_salt: "ecov_land",
        label_width: 140.0,
        columns,
        header_height: 36.0,
        row_height: 24.0,
        rows: rows.len(),
        scroll_to_row: None,
        selected_row: None,
        reserve_below: 8.0,
        height: None,
    }
    .show(
        ui,
        |ui| {
            ui.strong(t(lang, "ecov_part"));
        },
        |ui, i| {
            ui.label(&rows[i].name);
        },
        |mut h| {
            h.col(|ui| {
                header(
                    ui,
                    format!("{}\n{}", t(lang, "row_sum"), unit.unit().symbol(lang)),
                );
            });
            for c in &cols {
                h.col(|ui| {
                    header(ui, format!("{}\n{}", c.name, unit.unit().symbol(lang)));
                });
            }
        },
        |mut row| {
            let i = row.index();
            let r = &rows[i];
            let part = cp.as_ref().and_then(|d| d.ecosystem_parts.get(&r.key));
            row.col(|ui| sum_cell(ui, &look, r, part, cp.as_ref(), &cols));
            for (k, c) in cols.iter().enumerate() {
                row.col(|ui| {
                    if let Some(ch) = area_cell(ui, &look, r, part, c, (i, k)) {
                        change = Some((i, k, ch));
                    }
                });
            }
        },
    );
    if copy {
        let out = copy_rows(&look, &rows, cp.as_ref(), &cols);
        clip::copy_rows(ui.ctx(), state, &out);
    }
    if let Some((i, k, ch)) = change {
        apply(state, code, &rows, &cols, (i, k), ch);
    }
}

/// How the table shows areas.
struct Look {
    lang: Lang,
    unit: AreaUnit,
    decimals: usize,
}

/// Registry classes of the parts' ecosystem types, then the project's custom classes, then
/// any other class a part holds.
fn classes(state: &AppState, rows: &[PartRow], cp: Option<&CountyPeriod>) -> Vec<Class> {
    let lang = state.lang();
    let mut out: Vec<Class> = state
        .registry()
        .land_classes
        .iter()
        .filter(|c| {
            rows.iter()
                .any(|r| r.ecosystem.as_deref() == Some(&c.ecosystem))
        })
        .map(|c| Class {
            id: c.id.clone(),
            name: c.name.get(lang).to_string(),
            ecosystem: Some(c.ecosystem.clone()),
        })
        .collect();
    for c in &state.project.custom_land_classes {
        out.push(Class {
            id: c.id.clone(),
            name: c.name.get(lang).to_string(),
            ecosystem: None,
        });
    }
    let held = cp
        .into_iter()
        .flat_map(|d| d.ecosystem_parts.values())
        .flat_map(|x| x.land_cover.keys());
    for id in held {
        if !out.iter().any(|c| &c.id == id) {
            let ecosystem = state
                .registry()
                .land_classes
                .iter()
                .find(|c| &c.id == id)
                .map(|c| c.ecosystem.clone());
            out.push(Class {
                id: id.clone(),
                name: state.labels().land_class_name(id),
                ecosystem,
            });
        }
    }
    out
}

/// The part's own area, or — for a type with none of its own — the county's area of that
/// type, marked as read from the county.
fn sum_cell(
    ui: &mut egui::Ui,
    look: &Look,
    r: &PartRow,
    part: Option<&EcosystemPart>,
    cp: Option<&CountyPeriod>,
    cols: &[Class],
) {
    let own: f64 = part.map_or(0.0, |x| x.land_cover.values().sum());
    if part.is_some_and(|x| !x.land_cover.is_empty()) {
        ui.label(format::num(look.unit.from_hm2(own), look.decimals));
    } else if r.is_type {
        let county: f64 = cols
            .iter()
            .filter(|c| c.ecosystem.is_some() && c.ecosystem == r.ecosystem)
            .filter_map(|c| cp.and_then(|d| d.land_cover.get(&c.id)))
            .sum();
        ui.label(
            egui::RichText::new(tf(
                look.lang,
                "ecov_land_from_county",
                &[(
                    "area",
                    &format::num(look.unit.from_hm2(county), look.decimals),
                )],
            ))
            .weak(),
        )
        .on_hover_text(t(look.lang, "ecov_land_from_county_help"));
    } else {
        ui.label(egui::RichText::new("—").weak())
            .on_hover_text(t(look.lang, "ecov_land_subtype_help"));
    }
}

fn area_cell(
    ui: &mut egui::Ui,
    look: &Look,
    r: &PartRow,
    part: Option<&EcosystemPart>,
    c: &Class,
    (i, k): (usize, usize),
) -> Option<CellChange> {
    let v = part.and_then(|x| x.land_cover.get(&c.id)).copied();
    if !r.takes(c) && v.is_none() {
        ui.label(egui::RichText::new("—").weak())
            .on_hover_text(t(look.lang, "ecov_land_other_type"));
        return None;
    }
    let name = format!(
        "{} · {} ({})",
        r.name,
        c.name,
        look.unit.unit().symbol(look.lang)
    );
    num_cell(
        ui,
        egui::Id::unique(("ecov_lc", &r.key, i, k)),
        v.map(|x| look.unit.from_hm2(x)),
        CellSpec {
            decimals: look.decimals,
            name: &name,
            problem: None,
            min: Some(0.0),
            max: None,
        },
    )
}

/// Applies an edit of cell (part `i`, class `k`) as one undoable step.
fn apply(
    state: &mut AppState,
    code: &str,
    rows: &[PartRow],
    cols: &[Class],
    (i, k): (usize, usize),
    ch: CellChange,
) {
    let lang = state.lang();
    let year = state.year;
    let unit = state.settings.area_unit;
    let codes = [code.to_string()];
    let key = rows[i].key.as_str();
    match ch {
        CellChange::Set(v) => state.edit_counties(year, &codes, |p| {
            set_part_area(p, year, (code, key), &cols[k].id, Some(unit.to_hm2(v)))
        }),
        CellChange::Clear => state.edit_counties(year, &codes, |p| {
            set_part_area(p, year, (code, key), &cols[k].id, None)
        }),
        CellChange::Rejected(s) => {
            state.notice = Some(Notice {
                text: format!("{}: {s}", t(lang, "not_a_number_nonneg")),
                error: true,
            });
        }
        CellChange::Paste(block) => {
            let mut n = PasteCount::default();
            let rs = rows.get(i..).unwrap_or_default();
            let cs = cols.get(k..).unwrap_or_default();
            state.edit_counties(year, &codes, |p| {
                n = apply_block(&block, rs, cs, |r, c, cell| {
                    if !r.takes(c) && !cell.trim().is_empty() {
                        return Pasted::Rejected(Why::NotUsed);
                    }
                    paste_number(cell, Some(0.0), None, |v| {
                        set_part_area(p, year, (code, &r.key), &c.id, Some(unit.to_hm2(v)))
                    })
                });
            });
            clip::report_paste(
                state,
                &n,
                |r| rs.get(r).map(|x| x.name.clone()).unwrap_or_default(),
                |c| cs.get(c).map(|x| x.name.clone()).unwrap_or_default(),
            );
        }
    }
}

/// The table as shown, header row first: part, its own sum and each class, in the unit shown.
fn copy_rows(
    look: &Look,
    rows: &[PartRow],
    cp: Option<&CountyPeriod>,
    cols: &[Class],
) -> Vec<Vec<String>> {
    let sym = look.unit.unit().symbol(look.lang);
    let mut head = vec![
        t(look.lang, "ecov_part").to_string(),
        format!("{} ({sym})", t(look.lang, "row_sum")),
    ];
    head.extend(cols.iter().map(|c| format!("{} ({sym})", c.name)));
    let mut out = vec![head];
    for r in rows {
        let part = cp.and_then(|d| d.ecosystem_parts.get(&r.key));
        let own: f64 = part.map_or(0.0, |x| x.land_cover.values().sum());
        let mut line = vec![
            r.name.clone(),
            tsv_number(Some(look.unit.from_hm2(own)), look.decimals),
        ];
        line.extend(cols.iter().map(|c| {
            let v = part.and_then(|x| x.land_cover.get(&c.id)).copied();
            tsv_number(v.map(|x| look.unit.from_hm2(x)), look.decimals)
        }));
        out.push(line);
    }
    out
}
