//! The parameters tab of the prices page: every price and coefficient of the registry with
//! the project's overrides (value, unit, price year, source, tag, note), filtered and shown by
//! status, and the details of the selected parameter (where it is used, its conversion to the
//! accounting price year). Edits are gathered as `ParamAct`s and applied after drawing.
//!
//! Layout: `params_ui` (the tab's flow) → `filter_bar`, `table_ui` (→ `header_ui`, `row_ui`
//! → one function per cell), `details::details_ui` (the selected parameter's panel); then
//! `apply_param_act`. What the rows share
//! (overrides, uses, price book, colours) is a `Table`; one row's facts are a `Row`. The
//! unit and list helpers only this tab uses live here too. Nothing here computes a value:
//! the price book (engine) does.

use std::collections::{BTreeMap, HashMap};

use eframe::egui;
use egui_extras::Column;

use crate::app::format;
use crate::app::page_state::ParamShow as Show;
use crate::app::state::{AppState, Notice};
use crate::app::table::{Frozen, centred_col, clip};
use crate::app::widgets::{
    CellChange, CellSpec, PasteCount, apply_block, num_cell, paste_number, tag_badge, text_cell,
};
use crate::app::widgets::{YearChange, year_cell};
use crate::engine::PriceBook;
use crate::engine::prices::ParamValue;
use crate::i18n::Lang;
use crate::i18n::{t, tf};
use crate::model::{ParamOverride, PollutantPricing, Project};
use crate::registry::{ParamSpec, Tag};
use crate::units::{Unit, convert_param_unit};

use super::details;
use super::{Use, decimals_for, exact, target_year, uses};

/// Edits of the parameter table, applied after it is drawn.
pub(super) enum ParamAct {
    Value(String, CellChange),
    Unit(String, Option<Unit>),
    PriceYear(String, YearChange),
    Source(String, String),
    Tag(String, Tag),
    Note(String, String),
    Reset(String),
}

/// What every row of the parameter table reads: the project's overrides, who uses what, the
/// price book at the target price year and the row colours.
struct Table<'a> {
    lang: Lang,
    /// The price year the engine reads for an override saved without one (older files).
    assumed_year: Option<i32>,
    target: i32,
    pricing: PollutantPricing,
    book: &'a PriceBook,
    overrides: &'a BTreeMap<String, ParamOverride>,
    uses: &'a HashMap<String, Vec<Use>>,
    warn_bg: egui::Color32,
    err_bg: egui::Color32,
    over_bg: egui::Color32,
}

impl Table<'_> {
    /// The tag in force: the override's, else the registry's.
    fn tag(&self, p: &ParamSpec) -> Tag {
        self.overrides.get(&p.id).map_or(p.tag, |o| o.tag)
    }

    /// No registry default and no project value: the accounts cannot use it.
    fn needs_value(&self, p: &ParamSpec) -> bool {
        p.value.is_none() && !self.overrides.contains_key(&p.id)
    }

    /// Whether `p` passes the status choice and the filter text.
    fn shown(&self, p: &ParamSpec, show: Show, filter: &str) -> bool {
        let keep = match show {
            Show::All => true,
            Show::Unverified => self.tag(p).is_unverified(),
            Show::NeedsValue => self.needs_value(p),
            Show::Overridden => self.overrides.contains_key(&p.id),
            Show::Used => self.uses.contains_key(&p.id),
        };
        let f = filter.trim().to_lowercase();
        let raw = filter.trim();
        keep && (f.is_empty()
            || p.id.to_lowercase().contains(&f)
            || p.name.zh.contains(raw)
            || p.name.en.to_lowercase().contains(&f)
            || p.source.zh.to_lowercase().contains(&f)
            || p.source.en.to_lowercase().contains(&f)
            || self
                .overrides
                .get(&p.id)
                .is_some_and(|o| o.source.to_lowercase().contains(&f))
            || self.uses.get(&p.id).is_some_and(|u| {
                u.iter().any(|u| {
                    u.indicator.contains(&f)
                        || u.name.zh.contains(raw)
                        || u.name.en.to_lowercase().contains(&f)
                })
            }))
    }

    /// "×f from index, price year → target" for a value converted by a price index.
    fn factor_tip(&self, v: &ParamValue) -> String {
        tf(
            self.lang,
            "prc_factor_tip",
            &[
                ("f", &format::num(v.index_factor, 4)),
                ("index", &v.param.index),
                (
                    "from",
                    &v.param
                        .price_year
                        .map_or_else(String::new, |y| y.to_string()),
                ),
                ("to", &self.target.to_string()),
            ],
        )
    }
}

/// One row of the table: the parameter, its override and how the row is coloured.
struct Row<'a> {
    p: &'a ParamSpec,
    o: Option<&'a ParamOverride>,
    missing: bool,
    bg: Option<egui::Color32>,
}

impl Row<'_> {
    /// Paints the row's warning colour behind a cell.
    fn paint(&self, ui: &egui::Ui) {
        if let Some(c) = self.bg {
            ui.painter().rect_filled(ui.max_rect(), 0.0, c);
        }
    }

    /// Accessible name of a cell: "parameter · column".
    fn label(&self, lang: Lang, what: &str) -> String {
        format!("{} · {what}", self.p.name.get(lang))
    }
}

pub(super) fn params_ui(ui: &mut egui::Ui, state: &mut AppState) {
    let lang = state.lang();
    let target = target_year(state);
    let reg = state.registry();
    let book = PriceBook::new(&state.project, reg, state.year, target);
    let overrides = state.project.price_overrides.clone();
    let uses = uses(reg);
    let cx = Table {
        lang,
        assumed_year: state.project.assumed_override_price_year(),
        target,
        pricing: state.project.meta.pollutant_pricing,
        book: &book,
        overrides: &overrides,
        uses: &uses,
        warn_bg: ui.visuals().warn_fg_color.gamma_multiply(0.12),
        err_bg: ui.visuals().error_fg_color.gamma_multiply(0.14),
        over_bg: ui.visuals().selection.bg_fill.gamma_multiply(0.35),
    };

    let mut filter = state.pages.prices.filter.clone();
    let mut show: Show = state.pages.prices.show;
    let mut selected: Option<String> = state.pages.prices.selected.clone();
    let rows: Vec<&ParamSpec> = reg
        .params
        .iter()
        .filter(|p| cx.shown(p, show, &filter))
        .collect();
    let copy = filter_bar(
        ui,
        &cx,
        reg.params.as_slice(),
        rows.len(),
        &mut filter,
        &mut show,
    );
    state.pages.prices.filter = filter;
    state.pages.prices.show = show;
    if copy {
        let out = copy_rows(&cx, &rows);
        clip::copy_rows(ui.ctx(), state, &out);
    }

    let mut act: Option<ParamAct> = None;
    // Details of the selected parameter.
    if let Some(sel) = selected.clone()
        && let Some(p) = reg.param(&sel)
    {
        egui::Panel::bottom("prc_details")
            .resizable(true)
            .default_size(190.0)
            .min_size(90.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("prc_details_scroll")
                    .show(ui, |ui| {
                        details::details_ui(
                            ui,
                            lang,
                            p,
                            overrides.get(&p.id),
                            uses.get(&p.id).map_or(&[][..], Vec::as_slice),
                            &mut selected,
                            &mut act,
                        );
                    });
            });
    }

    let clicked = table_ui(ui, &cx, &rows, selected.as_deref(), &mut act);
    if let Some(c) = clicked {
        selected = if selected.as_ref() == Some(&c) {
            None
        } else {
            Some(c)
        };
    }
    state.pages.prices.selected = selected;
    if let Some(a) = act {
        apply_param_act(state, a);
    }
}

fn show_label(lang: Lang, s: Show) -> &'static str {
    match s {
        Show::All => t(lang, "prc_show_all"),
        Show::Unverified => t(lang, "prc_show_unverified"),
        Show::NeedsValue => t(lang, "prc_show_needs_value"),
        Show::Overridden => t(lang, "prc_show_overridden"),
        Show::Used => t(lang, "prc_show_used"),
    }
}

/// The filter text, the status choice, the counts and 复制表格 above the table; true when the
/// table is to be copied.
fn filter_bar(
    ui: &mut egui::Ui,
    cx: &Table<'_>,
    all: &[ParamSpec],
    shown: usize,
    filter: &mut String,
    show: &mut Show,
) -> bool {
    let lang = cx.lang;
    let n_unverified = all.iter().filter(|p| cx.tag(p).is_unverified()).count();
    let n_missing = all.iter().filter(|p| cx.needs_value(p)).count();
    ui.horizontal_wrapped(|ui| {
        ui.label(t(lang, "filter"));
        ui.add(
            egui::TextEdit::singleline(filter)
                .desired_width(180.0)
                .hint_text(t(lang, "prc_filter_hint")),
        )
        .accessible_name(t(lang, "filter"));
        egui::ComboBox::from_id_salt("prc_show_combo")
            .selected_text(show_label(lang, *show))
            .show_ui(ui, |ui| {
                for s in [
                    Show::All,
                    Show::Unverified,
                    Show::NeedsValue,
                    Show::Overridden,
                    Show::Used,
                ] {
                    ui.selectable_value(show, s, show_label(lang, s));
                }
            })
            .response
            .accessible_name(t(lang, "prc_show"));
        ui.label(
            egui::RichText::new(tf(
                lang,
                "prc_counts",
                &[
                    ("shown", &shown.to_string()),
                    ("total", &all.len().to_string()),
                    ("overridden", &cx.overrides.len().to_string()),
                    ("unverified", &n_unverified.to_string()),
                    ("missing", &n_missing.to_string()),
                ],
            ))
            .weak(),
        );
        ui.separator();
        clip::copy_button(ui, lang)
    })
    .inner
}

/// The parameter table; returns the id of a clicked row.
fn table_ui(
    ui: &mut egui::Ui,
    cx: &Table<'_>,
    rows: &[&ParamSpec],
    selected: Option<&str>,
    act: &mut Option<ParamAct>,
) -> Option<String> {
    let mut clicked: Option<String> = None;
    // Clicking anywhere in a row selects it, so labels must not take clicks.
    ui.style_mut().interaction.selectable_labels = false;
    let columns = vec![
        Column::initial(44.0).at_least(36.0),
        Column::initial(110.0).at_least(70.0),
        Column::initial(96.0).at_least(70.0),
        Column::exact(26.0),
        Column::initial(84.0).at_least(60.0),
        Column::initial(60.0).at_least(50.0),
        Column::initial(112.0).at_least(70.0),
        Column::initial(62.0).at_least(44.0),
        Column::initial(170.0).at_least(80.0),
        Column::initial(160.0).at_least(60.0),
        Column::initial(150.0).at_least(60.0),
    ];
    let mut label_clicked: Option<String> = None;
    Frozen {
        id_salt: "prc_table",
        label_width: 190.0,
        columns,
        header_height: 40.0,
        row_height: 26.0,
        rows: rows.len(),
        scroll_to_row: None,
        selected_row: None,
        reserve_below: 4.0,
        height: None,
    }
    .show_sensed(
        ui,
        egui::Sense::click(),
        |ui| {
            ui.strong(t(cx.lang, "prc_col_name"));
        },
        |ui, i| {
            let p = rows[i];
            let cell = ui.max_rect();
            if selected == Some(p.id.as_str()) {
                ui.painter()
                    .rect_filled(cell, 0.0, ui.visuals().selection.bg_fill);
            }
            // Under the name, so the name keeps its tooltip and a click still selects.
            let id = egui::Id::unique(("prc_name_click", &p.id));
            if ui.interact(cell, id, egui::Sense::click()).clicked() {
                label_clicked = Some(p.id.clone());
            }
            ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                name_cell(ui, cx.lang, &row_of(cx, p));
            });
        },
        |mut h| header_ui(&mut h, cx.lang, cx.target),
        |mut row| {
            let p = rows[row.index()];
            row.set_selected(selected == Some(p.id.as_str()));
            row_ui(&mut row, cx, p, act);
            if row.response().clicked() {
                clicked = Some(p.id.clone());
            }
        },
    );
    clicked = clicked.or(label_clicked);
    clicked
}

/// Column titles with their explanations.
fn header_ui(h: &mut egui_extras::TableRow<'_, '_>, lang: Lang, target: i32) {
    for (key, tip) in [
        ("prc_col_tag", "prc_col_tag_help"),
        ("prc_col_default", "prc_col_default_help"),
        ("prc_col_project", "prc_col_project_help"),
        ("", ""),
        ("prc_col_unit", "prc_col_unit_help"),
        ("prc_col_price_year", "prc_col_price_year_help"),
        ("prc_col_used_value", "prc_col_used_value_help"),
        ("prc_col_factor", "prc_col_factor_help"),
        ("prc_col_source", ""),
        ("prc_col_used_by", "prc_col_used_by_help"),
        ("prc_col_id", ""),
    ] {
        h.col(|ui| {
            if key.is_empty() {
                return;
            }
            let text = if key == "prc_col_used_value" {
                tf(lang, key, &[("year", &target.to_string())])
            } else {
                t(lang, key).to_string()
            };
            let r = ui.add(egui::Label::new(egui::RichText::new(text).strong()).wrap());
            if !tip.is_empty() {
                r.on_hover_text(t(lang, tip));
            }
        });
    }
}

/// The parameter table as shown (filtered), header row first, for the clipboard: the value
/// columns as plain numbers, units and years in their own columns.
fn copy_rows(cx: &Table<'_>, rows: &[&ParamSpec]) -> Vec<Vec<String>> {
    let lang = cx.lang;
    let plain = |v: Option<f64>| v.map_or_else(String::new, |v| v.to_string());
    let mut head: Vec<String> = ["prc_col_name", "prc_col_tag", "prc_col_default"]
        .iter()
        .map(|k| t(lang, k).to_string())
        .collect();
    head.push(t(lang, "prc_col_project").to_string());
    head.push(t(lang, "prc_col_unit").to_string());
    head.push(t(lang, "prc_col_price_year").to_string());
    let target = cx.target.to_string();
    head.push(tf(lang, "prc_col_used_value", &[("year", &target)]));
    for k in [
        "prc_col_factor",
        "prc_col_source",
        "prc_col_used_by",
        "prc_col_id",
    ] {
        head.push(t(lang, k).to_string());
    }
    let mut out = vec![head];
    for p in rows {
        let o = cx.overrides.get(&p.id);
        let used = cx.book.value(&p.id).ok();
        out.push(vec![
            p.name.get(lang).to_string(),
            cx.tag(p).label().to_string(),
            plain(p.value),
            plain(o.map(|o| o.value)),
            o.and_then(|o| o.unit)
                .unwrap_or(p.unit)
                .symbol(lang)
                .to_string(),
            o.and_then(|o| o.price_year)
                .or(p.price_year)
                .map_or_else(String::new, |y| y.to_string()),
            plain(used.as_ref().map(|v| v.value)),
            plain(used.as_ref().map(|v| v.index_factor)),
            o.map_or(p.source.get(lang), |o| o.source.as_str())
                .to_string(),
            cx.uses
                .get(&p.id)
                .map_or_else(String::new, |u| uses_text(lang, u)),
            p.id.clone(),
        ]);
    }
    out
}

/// A parameter with its override and the background its row is painted with.
fn row_of<'a>(cx: &Table<'a>, p: &'a ParamSpec) -> Row<'a> {
    let missing = cx.needs_value(p);
    Row {
        p,
        o: cx.overrides.get(&p.id),
        missing,
        bg: if missing {
            Some(cx.err_bg)
        } else if cx.tag(p).is_unverified() {
            Some(cx.warn_bg)
        } else {
            None
        },
    }
}

/// One parameter's row after its name (the frozen column), cell by cell in column order.
fn row_ui(
    row: &mut egui_extras::TableRow<'_, '_>,
    cx: &Table<'_>,
    p: &ParamSpec,
    act: &mut Option<ParamAct>,
) {
    let lang = cx.lang;
    let r = row_of(cx, p);
    centred_col(row, |ui| {
        r.paint(ui);
        tag_badge(ui, cx.tag(p), lang);
    });
    centred_col(row, |ui| default_cell(ui, lang, &r));
    centred_col(row, |ui| project_cell(ui, cx, &r, act));
    centred_col(row, |ui| {
        if r.o.is_some()
            && ui
                .add(egui::Button::new("×").small())
                .on_hover_text(t(lang, "prc_reset"))
                .accessible_name(r.label(lang, t(lang, "prc_reset")))
                .clicked()
        {
            *act = Some(ParamAct::Reset(p.id.clone()));
        }
    });
    centred_col(row, |ui| unit_cell(ui, lang, &r, act));
    centred_col(row, |ui| price_year_cell(ui, cx, &r, act));
    centred_col(row, |ui| used_value_cell(ui, cx, &r));
    centred_col(row, |ui| factor_cell(ui, cx, &r));
    centred_col(row, |ui| source_cell(ui, lang, &r, act));
    centred_col(row, |ui| used_by_cell(ui, cx, &r));
    centred_col(row, |ui| {
        r.paint(ui);
        ui.add(egui::Label::new(egui::RichText::new(&p.id).monospace().small()).truncate());
    });
}

/// Name, bold when the project overrides it; the id and note as tooltip.
fn name_cell(ui: &mut egui::Ui, lang: Lang, r: &Row<'_>) {
    r.paint(ui);
    let p = r.p;
    let mut text = egui::RichText::new(p.name.get(lang));
    if r.o.is_some() {
        text = text.strong();
    }
    let mut tip = format!("{}\n{}", p.name.get(lang), p.id);
    if !p.note.is_empty() {
        tip.push_str("\n\n");
        tip.push_str(p.note.get(lang));
    }
    ui.add(egui::Label::new(text).truncate()).on_hover_text(tip);
}

/// The registry default, struck through when the project overrides it.
fn default_cell(ui: &mut egui::Ui, lang: Lang, r: &Row<'_>) {
    r.paint(ui);
    let p = r.p;
    match p.value {
        Some(v) => {
            let mut text = egui::RichText::new(format!("{} {}", exact(v), suffix(p.unit, lang)));
            if r.o.is_some() {
                text = text.weak().strikethrough();
            }
            ui.add(egui::Label::new(text).truncate())
                .on_hover_text(format!(
                    "{} {}{}",
                    exact(v),
                    p.unit.symbol(lang),
                    p.price_year.map_or_else(String::new, |y| tf(
                        lang,
                        "price_year_of",
                        &[("y", &y.to_string())]
                    ))
                ));
        }
        None => {
            ui.label(egui::RichText::new(t(lang, "prc_no_default")).weak())
                .on_hover_text(t(lang, "prc_no_default_help"));
        }
    }
}

/// The project's value (editable); a prompt over the empty cell when no value exists at all.
fn project_cell(ui: &mut egui::Ui, cx: &Table<'_>, r: &Row<'_>, act: &mut Option<ParamAct>) {
    let lang = cx.lang;
    let (p, o) = (r.p, r.o);
    if o.is_some() {
        ui.painter().rect_filled(ui.max_rect(), 0.0, cx.over_bg);
    } else {
        r.paint(ui);
    }
    let unit = o.and_then(|o| o.unit).unwrap_or(p.unit);
    let name = format!(
        "{} ({})",
        r.label(lang, t(lang, "prc_col_project")),
        unit.symbol(lang)
    );
    let id = egui::Id::unique(("prc_value", &p.id));
    let v = o.map(|o| o.value);
    if let Some(ch) = num_cell(
        ui,
        id,
        v,
        CellSpec {
            decimals: decimals_for(v),
            name: &name,
            problem: None,
            min: None,
            max: None,
        },
    ) {
        *act = Some(ParamAct::Value(p.id.clone(), ch));
    }
    if r.missing && !ui.memory(|m| m.has_focus(id)) {
        ui.put(
            ui.max_rect().shrink2(egui::vec2(6.0, 0.0)),
            egui::Label::new(
                egui::RichText::new(t(lang, "prc_enter_value"))
                    .color(ui.visuals().error_fg_color)
                    .italics(),
            ),
        )
        .on_hover_text(t(lang, "prc_no_default_help"));
    }
}

/// The unit: a choice among convertible units once the project overrides the value.
fn unit_cell(ui: &mut egui::Ui, lang: Lang, r: &Row<'_>, act: &mut Option<ParamAct>) {
    r.paint(ui);
    let p = r.p;
    let choices = unit_choices(p.unit);
    match r.o {
        Some(o) if choices.len() > 1 => {
            let current = o.unit.unwrap_or(p.unit);
            egui::ComboBox::from_id_salt(("prc_unit", &p.id))
                .selected_text(current.symbol(lang))
                .width(ui.available_width() - 4.0)
                .show_ui(ui, |ui| {
                    for u in &choices {
                        if ui.selectable_label(*u == current, u.symbol(lang)).clicked()
                            && *u != current
                        {
                            let stored = (*u != p.unit).then_some(*u);
                            *act = Some(ParamAct::Unit(p.id.clone(), stored));
                        }
                    }
                })
                .response
                .accessible_name(r.label(lang, t(lang, "prc_col_unit")))
                .on_hover_text(t(lang, "prc_unit_choice_help"));
        }
        Some(o) => {
            ui.label(o.unit.unwrap_or(p.unit).symbol(lang));
        }
        None => {
            let resp = ui.label(p.unit.symbol(lang));
            if choices.len() > 1 {
                resp.on_hover_text(t(lang, "prc_unit_choice_help"));
            }
        }
    }
}

/// The price year: editable for an override (empty = the year the engine implies).
fn price_year_cell(ui: &mut egui::Ui, cx: &Table<'_>, r: &Row<'_>, act: &mut Option<ParamAct>) {
    let lang = cx.lang;
    r.paint(ui);
    let p = r.p;
    match r.o {
        Some(o) => {
            let id = egui::Id::unique(("prc_year", &p.id));
            // Empty only in older files: a price of the project's first accounting year (the
            // engine's rule; validation warns). New overrides always state their year.
            let implied = if priced(p.unit) {
                cx.assumed_year
            } else {
                p.price_year
            };
            let name = format!(
                "{}\n{}",
                r.label(lang, t(lang, "prc_col_price_year")),
                t(lang, "prc_py_implied")
            );
            if let Some(ch) = year_cell(ui, id, o.price_year, implied, &name) {
                *act = Some(ParamAct::PriceYear(p.id.clone(), ch));
            }
        }
        None => {
            ui.label(
                p.price_year
                    .map_or_else(|| "—".to_string(), |y| y.to_string()),
            );
        }
    }
}

/// The value the engine uses at the target price year, or why it can use none.
fn used_value_cell(ui: &mut egui::Ui, cx: &Table<'_>, r: &Row<'_>) {
    let lang = cx.lang;
    r.paint(ui);
    let (p, o) = (r.p, r.o);
    ui.with_layout(
        egui::Layout::right_to_left(egui::Align::Center),
        |ui| match cx.book.value(&p.id) {
            Ok(v) => {
                let text = format!("{} {}", format::auto(v.value), suffix(p.unit, lang));
                let mut tip = format!("{} {}", v.value, suffix(p.unit, lang));
                if (v.index_factor - 1.0).abs() > 1e-12 {
                    tip.push_str(&cx.factor_tip(v));
                }
                if let Some(o) = o
                    && o.unit.is_some_and(|u| u != p.unit)
                {
                    tip.push_str(&tf(
                        lang,
                        "prc_converted_from",
                        &[
                            ("v", &exact(o.value)),
                            ("u", o.unit.unwrap_or(p.unit).symbol(lang)),
                        ],
                    ));
                }
                ui.add(egui::Label::new(text).truncate()).on_hover_text(tip);
            }
            Err(e) => {
                // The engine words its own errors in both languages.
                let (zh, en) = e.message();
                let why = match lang {
                    Lang::Zh => zh,
                    Lang::En => en,
                };
                ui.add(
                    egui::Label::new(
                        egui::RichText::new(t(lang, "prc_unusable"))
                            .color(ui.visuals().error_fg_color),
                    )
                    .truncate(),
                )
                .on_hover_text(why);
            }
        },
    );
}

/// The price-index factor applied, when it is not 1.
fn factor_cell(ui: &mut egui::Ui, cx: &Table<'_>, r: &Row<'_>) {
    r.paint(ui);
    ui.with_layout(
        egui::Layout::right_to_left(egui::Align::Center),
        |ui| match cx.book.value(&r.p.id) {
            Ok(v) if (v.index_factor - 1.0).abs() > 1e-12 => {
                ui.label(format!("×{}", format::num(v.index_factor, 4)))
                    .on_hover_text(cx.factor_tip(v));
            }
            _ => {
                ui.label(egui::RichText::new("—").weak());
            }
        },
    );
}

/// The source: editable for an override, with a prompt while it is empty.
fn source_cell(ui: &mut egui::Ui, lang: Lang, r: &Row<'_>, act: &mut Option<ParamAct>) {
    r.paint(ui);
    let p = r.p;
    match r.o {
        Some(o) => {
            let id = egui::Id::unique(("prc_source", &p.id));
            if let Some(s) = text_cell(ui, id, &o.source, &r.label(lang, t(lang, "prc_col_source")))
            {
                *act = Some(ParamAct::Source(p.id.clone(), s));
            }
            if o.source.trim().is_empty() && !ui.memory(|m| m.has_focus(id)) {
                ui.put(
                    ui.max_rect().shrink2(egui::vec2(6.0, 0.0)),
                    egui::Label::new(
                        egui::RichText::new(t(lang, "prc_enter_source"))
                            .color(ui.visuals().warn_fg_color)
                            .italics(),
                    ),
                );
            }
        }
        None => {
            ui.add(egui::Label::new(p.source.get(lang)).truncate())
                .on_hover_text(p.source.get(lang));
        }
    }
}

/// The indicators using the parameter, weak when none uses it under the current pricing rule.
fn used_by_cell(ui: &mut egui::Ui, cx: &Table<'_>, r: &Row<'_>) {
    let lang = cx.lang;
    r.paint(ui);
    match cx.uses.get(&r.p.id) {
        Some(u) => {
            let active = u.iter().any(|x| x.rule.is_none_or(|r| r == cx.pricing));
            let mut text = egui::RichText::new(uses_text(lang, u));
            if !active {
                text = text.weak();
            }
            ui.add(egui::Label::new(text).truncate())
                .on_hover_text(uses_text(lang, u).replace(t(lang, "prc_list_sep"), "\n"));
        }
        None => {
            ui.label(egui::RichText::new(t(lang, "prc_catalogue_only")).weak())
                .on_hover_text(t(lang, "prc_catalogue_only_help"));
        }
    }
}

pub(super) fn apply_param_act(state: &mut AppState, a: ParamAct) {
    let lang = state.lang();
    match a {
        ParamAct::Value(id, ch) => {
            match ch {
                CellChange::Set(v) => {
                    let year = stated_year(state.registry(), &id, state.year);
                    state.edit_part(overrides, |o| set_override_value(o, &id, v, year))
                }
                CellChange::Clear => state.edit_part(overrides, |p| {
                    p.remove(&id);
                }),
                CellChange::Rejected(s) => {
                    state.notice = Some(Notice {
                        text: format!("{}: {s}", t(lang, "not_a_number")),
                        error: true,
                    });
                }
                CellChange::Paste(block) => {
                    // A column of values down the shown rows is ambiguous with filters: take the
                    // first cell only.
                    let mut n = PasteCount::default();
                    let year = stated_year(state.registry(), &id, state.year);
                    state.edit_part(overrides, |o| {
                        n = apply_block(&block, &[&id], &[()], |id, _, cell| {
                            paste_number(cell, None, None, |v| set_override_value(o, id, v, year))
                        });
                    });
                    if n.rejected > 0 {
                        let name = state
                            .registry()
                            .param(&id)
                            .map_or_else(|| id.clone(), |s| s.name.get(lang).to_string());
                        let col = t(lang, "prc_col_project").to_string();
                        clip::report_paste(state, &n, |_| name.clone(), |_| col.clone());
                    } else if n.outside > 0 {
                        state.notice = Some(Notice {
                            text: t(lang, "prc_paste_one").to_string(),
                            error: true,
                        });
                    }
                }
            }
        }
        ParamAct::Unit(id, u) => state.edit_part(overrides, |p| {
            if let Some(o) = p.get_mut(&id) {
                o.unit = u;
            }
        }),
        ParamAct::PriceYear(id, ch) => match ch {
            // A price's year is never left implicit: clearing it states the year being viewed.
            YearChange::Set(y) => {
                let viewed = stated_year(state.registry(), &id, state.year);
                state.edit_part(overrides, |p| {
                    if let Some(o) = p.get_mut(&id) {
                        o.price_year = y.or(viewed);
                    }
                })
            }
            YearChange::Rejected(_) | YearChange::Paste(_) => {
                state.notice = Some(Notice {
                    text: t(lang, "prc_bad_year").to_string(),
                    error: true,
                });
            }
        },
        ParamAct::Source(id, s) => state.edit_part(overrides, |p| {
            if let Some(o) = p.get_mut(&id) {
                o.source = s;
            }
        }),
        ParamAct::Tag(id, tag) => state.edit_part(overrides, |p| {
            if let Some(o) = p.get_mut(&id) {
                o.tag = tag;
            }
        }),
        ParamAct::Note(id, s) => state.edit_part(overrides, |p| {
            if let Some(o) = p.get_mut(&id) {
                o.note = s;
            }
        }),
        ParamAct::Reset(id) => state.edit_part(overrides, |p| {
            p.remove(&id);
        }),
    }
}

/// Is a parameter in this unit a price or an amount of money (so its value has a price year)?
fn priced(unit: crate::units::Unit) -> bool {
    unit.is_price() || unit.is_money()
}

/// The price year a new override of `id` states: the accounting year being viewed for a price
/// or an amount of money, none for a coefficient.
pub(super) fn stated_year(reg: &crate::registry::Registry, id: &str, viewed: i32) -> Option<i32> {
    reg.param(id).filter(|p| priced(p.unit)).map(|_| viewed)
}

/// Sets an override's value; a new override is in the registry unit, of the price year given
/// (`stated_year`: the year being viewed), unverified and without a source until the user
/// gives one.
/// The project's parameter overrides (one undoable part: `AppState::edit_part`).
fn overrides(p: &mut Project) -> &mut BTreeMap<String, ParamOverride> {
    &mut p.price_overrides
}

pub(super) fn set_override_value(
    overrides: &mut BTreeMap<String, ParamOverride>,
    id: &str,
    v: f64,
    price_year: Option<i32>,
) {
    match overrides.get_mut(id) {
        Some(o) => o.value = v,
        None => {
            overrides.insert(
                id.to_string(),
                ParamOverride {
                    value: v,
                    unit: None,
                    price_year,
                    source: String::new(),
                    tag: Tag::U,
                    note: String::new(),
                },
            );
        }
    }
}

/// The indicators using a parameter, with the pollutant-pricing rule where only one applies.
pub(super) fn uses_text(lang: Lang, uses: &[Use]) -> String {
    uses.iter()
        .map(|u| match u.rule {
            None => u.name.get(lang).to_string(),
            Some(PollutantPricing::TreatmentCost) => {
                format!("{} ({})", u.name.get(lang), t(lang, "prc_rule_cost"))
            }
            Some(PollutantPricing::EnvTax) => {
                format!("{} ({})", u.name.get(lang), t(lang, "prc_rule_tax"))
            }
        })
        .collect::<Vec<_>>()
        .join(t(lang, "prc_list_sep"))
}

/// Units an override of a parameter in `unit` may be entered in (the unit itself first).
pub(super) fn unit_choices(unit: Unit) -> Vec<Unit> {
    let mut v = vec![unit];
    for u in Unit::ALL {
        if *u != unit && convert_param_unit(1.0, *u, unit).is_some() {
            v.push(*u);
        }
    }
    v
}

/// A unit symbol after a number; dimensionless fractions get none.
pub(super) fn suffix(u: Unit, lang: Lang) -> &'static str {
    match u {
        Unit::Fraction => "",
        _ => u.symbol(lang),
    }
}
