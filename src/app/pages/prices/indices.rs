//! The price-index tab of the prices page: each series (registry or project copy), the years
//! the accounting year needs, its values with paste from spreadsheets, and adding a year.
//! Edits are gathered as `IndexAct`s and applied after drawing.
//!
//! Layout: `indices_ui` (the tab's flow) → `needed_years` (which years the accounts need of
//! each series), `series_list` (left), `series_header`, `meta_grid`, `add_year_ui` and
//! `Values` (the year × value table: header, row and value-cell functions); then
//! `apply_index_act`.

use std::collections::{BTreeMap, BTreeSet};

use eframe::egui;
use egui_extras::{Column, TableBuilder};

use crate::app::format;
use crate::app::state::{AppState, Notice};
use crate::app::table::clip;
use crate::app::widgets::{
    CellChange, CellSpec, PasteCount, Why, num_cell, parse_block, tag_badge, text_cell,
};
use crate::engine::PriceBook;
use crate::i18n::Lang;
use crate::i18n::{t, tf};
use crate::io::clipboard::{Reject, cell_number, tsv_number};
use crate::model::Project;
use crate::registry::{PriceIndexSeries, Registry, Tag};

use super::{TAGS, decimals_for, exact, tag_tip, target_year, uses};

// ---------------------------------------------------------------------------------------------
// Price-index series.

/// Edits of the index page.
pub(super) enum IndexAct {
    Copy(String),
    Remove(String),
    SetValue(String, i32, Option<f64>),
    /// Series, the (year, value) rows read from a pasted block, and how the paste went (the
    /// cells that could not be used).
    Paste(String, Vec<(i32, f64)>, PasteCount),
    /// A value cell's text that is not an index value (or a block pasted into it).
    Rejected,
    Source(String, String),
    Base(String, String),
    NameZh(String, String),
    NameEn(String, String),
    Tag(String, Tag),
}

/// One series as shown: the registry's, the project's copy (which replaces it) and the one in
/// force.
struct Series<'a> {
    registry: Option<&'a PriceIndexSeries>,
    project: Option<&'a PriceIndexSeries>,
    eff: &'a PriceIndexSeries,
}

impl<'a> Series<'a> {
    fn find(reg: &'a Registry, project: &'a [PriceIndexSeries], id: &str) -> Option<Series<'a>> {
        let registry = reg.price_index(id);
        let project = project.iter().find(|s| s.id == id);
        let eff = project.or(registry)?;
        Some(Series {
            registry,
            project,
            eff,
        })
    }

    /// Project series are edited in place; registry series are copied first.
    fn editable(&self) -> bool {
        self.project.is_some()
    }

    /// Where the series comes from (`long`: the header's wording of a replaced series).
    fn origin(&self, lang: Lang, long: bool) -> &'static str {
        match (self.registry, self.project) {
            (Some(_), Some(_)) if long => t(lang, "prc_origin_replaced_long"),
            (Some(_), Some(_)) => t(lang, "prc_origin_replaced"),
            (None, Some(_)) => t(lang, "prc_origin_project"),
            _ => t(lang, "prc_origin_registry"),
        }
    }
}

pub(super) fn indices_ui(ui: &mut egui::Ui, state: &mut AppState) {
    let lang = state.lang();
    let target = target_year(state);
    let reg = state.registry();
    let project_series = state.project.price_indices.clone();
    // Registry ids first, then project-only ids.
    let mut ids: Vec<String> = reg.price_indices.iter().map(|s| s.id.clone()).collect();
    for s in &project_series {
        if !ids.contains(&s.id) {
            ids.push(s.id.clone());
        }
    }
    let mut selected: String = state
        .pages
        .prices
        .index_selected
        .clone()
        .filter(|s: &String| ids.contains(s))
        .or_else(|| ids.first().cloned())
        .unwrap_or_default();
    let needed = needed_years(state, target);

    let mut act: Option<IndexAct> = None;
    let mut copy = None;
    egui::Panel::left("prc_index_list")
        .resizable(true)
        .default_size(250.0)
        .min_size(160.0)
        .show(ui, |ui| {
            series_list(ui, lang, reg, &project_series, &ids, &needed, &mut selected);
        });
    state.pages.prices.index_selected = Some(selected.clone());

    egui::CentralPanel::no_frame().show(ui, |ui| {
        let Some(s) = Series::find(reg, &project_series, &selected) else {
            ui.label(t(lang, "none"));
            return;
        };
        let eff = s.eff;
        let needed = needed.get(&eff.id);
        series_header(ui, lang, &s, needed, state.year, target, &mut act);
        meta_grid(ui, lang, &s, &mut act);
        ui.add_space(4.0);
        if s.editable() {
            let texts = state
                .pages
                .prices
                .new_year
                .entry(eff.id.clone())
                .or_default();
            add_year_ui(ui, lang, eff, texts, &mut act);
        }
        let values = Values {
            lang,
            s: eff,
            editable: s.editable(),
            registry: s.registry.filter(|_| s.editable()),
            needed,
            target,
        };
        if clip::copy_button(ui, lang) {
            copy = Some(values.copy_rows());
        }
        values.table_ui(ui, &mut act);
    });
    if let Some(rows) = copy {
        clip::copy_rows(ui.ctx(), state, &rows);
    }

    if let Some(a) = act {
        apply_index_act(state, a);
    }
}

/// Years each series must cover for the accounting year shown: the price years of the
/// parameters in use, and for the CPI the years of product prices and money inputs; each
/// non-empty set also holds the target year.
fn needed_years(state: &AppState, target: i32) -> BTreeMap<String, BTreeSet<i32>> {
    let year = state.year;
    let reg = state.registry();
    let book = PriceBook::new(&state.project, reg, year, target);
    // Parameters no indicator uses are left out (a missing year does not affect the accounts).
    let used = uses(reg);
    let mut needed: BTreeMap<String, BTreeSet<i32>> = BTreeMap::new();
    for p in book.all() {
        if let Some(y) = p.price_year
            && (p.unit.is_price() || p.unit.is_money())
            && y != target
            && p.value.is_some()
            && (used.contains_key(&*p.id) || p.id.starts_with("custom."))
        {
            needed.entry(p.index.to_string()).or_default().insert(y);
        }
    }
    if let Some(period) = state.project.period(year) {
        let cpi = needed.entry("cpi".to_string()).or_default();
        for cp in period.counties.values() {
            for inp in cp.indicators.values() {
                for l in &inp.products {
                    cpi.insert(l.price_year.unwrap_or(year));
                }
                if let Some(o) = &inp.output_value {
                    cpi.insert(o.price_year.unwrap_or(year));
                }
            }
            if cp.gdp_yuan.is_some() || cp.imported_products_yuan != 0.0 {
                cpi.insert(year);
            }
        }
        cpi.remove(&target);
    }
    for set in needed.values_mut() {
        if !set.is_empty() {
            set.insert(target);
        }
    }
    needed
}

/// The list of series on the left: name, tag and origin, red when a needed year is missing.
fn series_list(
    ui: &mut egui::Ui,
    lang: Lang,
    reg: &Registry,
    project_series: &[PriceIndexSeries],
    ids: &[String],
    needed: &BTreeMap<String, BTreeSet<i32>>,
    selected: &mut String,
) {
    ui.add_space(4.0);
    for id in ids {
        let Some(s) = Series::find(reg, project_series, id) else {
            continue;
        };
        let eff = s.eff;
        let origin = s.origin(lang, false);
        let missing = needed
            .get(id)
            .is_some_and(|ys| ys.iter().any(|y| !eff.values.contains_key(y)));
        let mut right = egui::RichText::new(format!("{} · {}", eff.tag.label(), origin)).small();
        right = if missing {
            right.color(ui.visuals().error_fg_color)
        } else if eff.tag.is_unverified() {
            right.color(egui::Color32::from_rgb(200, 90, 20))
        } else {
            right.weak()
        };
        let w = ui.available_width();
        if ui
            .add(
                egui::Button::selectable(selected == id, eff.name.get(lang))
                    .right_text(right)
                    .truncate()
                    .min_size(egui::vec2(w, 0.0)),
            )
            .on_hover_text(format!("{}\n{id}\n{origin}", eff.name.get(lang)))
            .clicked()
        {
            *selected = id.clone();
        }
    }
    ui.add_space(8.0);
    ui.label(
        egui::RichText::new(t(lang, "prc_index_help"))
            .weak()
            .small(),
    );
}

/// The selected series' title, its coverage of the needed years, and copy / remove.
fn series_header(
    ui: &mut egui::Ui,
    lang: Lang,
    s: &Series<'_>,
    needed: Option<&BTreeSet<i32>>,
    year: i32,
    target: i32,
    act: &mut Option<IndexAct>,
) {
    let eff = s.eff;
    ui.horizontal_wrapped(|ui| {
        ui.heading(eff.name.get(lang));
        ui.label(egui::RichText::new(&eff.id).monospace().weak());
        tag_badge(ui, eff.tag, lang);
        ui.label(egui::RichText::new(s.origin(lang, true)).weak());
    });
    if eff.tag.is_unverified() {
        ui.colored_label(
            egui::Color32::from_rgb(200, 90, 20),
            t(lang, "prc_index_unverified"),
        );
    }
    // Coverage of the years this accounting year needs.
    if let Some(ys) = needed.filter(|s| !s.is_empty()) {
        let missing: Vec<String> = ys
            .iter()
            .filter(|y| !eff.values.contains_key(y))
            .map(i32::to_string)
            .collect();
        let all: Vec<String> = ys.iter().map(i32::to_string).collect();
        let text = tf(
            lang,
            "prc_years_needed",
            &[
                ("year", &year.to_string()),
                ("price_year", &target.to_string()),
                ("years", &all.join(", ")),
            ],
        );
        if missing.is_empty() {
            ui.label(egui::RichText::new(format!("{text} {}", t(lang, "prc_years_ok"))).weak());
        } else {
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!(
                    "{text} {}",
                    tf(lang, "prc_years_missing", &[("years", &missing.join(", "))])
                ),
            );
        }
    }
    ui.horizontal(|ui| {
        if s.editable() {
            let key = if s.registry.is_some() {
                "prc_remove_series_restore"
            } else {
                "prc_remove_series"
            };
            if ui.button(t(lang, key)).clicked() {
                *act = Some(IndexAct::Remove(eff.id.clone()));
            }
        } else if ui
            .button(t(lang, "prc_copy_series"))
            .on_hover_text(t(lang, "prc_copy_series_help"))
            .clicked()
        {
            *act = Some(IndexAct::Copy(eff.id.clone()));
        }
    });
}

/// Name, base, source and tag of the series; editable for a project series.
fn meta_grid(ui: &mut egui::Ui, lang: Lang, s: &Series<'_>, act: &mut Option<IndexAct>) {
    let eff = s.eff;
    let editable = s.editable();
    egui::Grid::new("prc_index_meta")
        .num_columns(2)
        .spacing([10.0, 3.0])
        .show(ui, |ui| {
            let sid = eff.id.clone();
            let mut field = |ui: &mut egui::Ui,
                             key: &'static str,
                             value: &str,
                             mk: fn(String, String) -> IndexAct,
                             salt: &str| {
                ui.label(egui::RichText::new(t(lang, key)).weak());
                if editable {
                    ui.scope(|ui| {
                        ui.set_width(420.0);
                        let name = format!("{} · {}", eff.name.get(lang), t(lang, key));
                        if let Some(v) =
                            text_cell(ui, egui::Id::unique(("prc_idx", salt, &sid)), value, &name)
                        {
                            *act = Some(mk(sid.clone(), v));
                        }
                    });
                } else {
                    ui.add(egui::Label::new(value).wrap());
                }
                ui.end_row();
            };
            if editable {
                field(
                    ui,
                    "prc_series_name_zh",
                    &eff.name.zh,
                    IndexAct::NameZh,
                    "zh",
                );
                field(
                    ui,
                    "prc_series_name_en",
                    &eff.name.en,
                    IndexAct::NameEn,
                    "en",
                );
            }
            field(
                ui,
                "prc_series_base",
                eff.base.get(lang),
                IndexAct::Base,
                "base",
            );
            field(
                ui,
                "prc_col_source",
                eff.source.get(lang),
                IndexAct::Source,
                "source",
            );
            ui.label(egui::RichText::new(t(lang, "prc_col_tag")).weak());
            ui.horizontal(|ui| {
                if editable {
                    tag_choice(ui, lang, eff, act);
                } else {
                    tag_badge(ui, eff.tag, lang);
                }
                ui.label(egui::RichText::new(tag_tip(lang, eff.tag)).weak().small());
            });
            ui.end_row();
        });
}

/// The verification tag of a project series.
fn tag_choice(ui: &mut egui::Ui, lang: Lang, eff: &PriceIndexSeries, act: &mut Option<IndexAct>) {
    egui::ComboBox::from_id_salt(("prc_idx_tag", &eff.id))
        .selected_text(eff.tag.label())
        .show_ui(ui, |ui| {
            for tag in TAGS {
                if ui
                    .selectable_label(eff.tag == tag, tag.label())
                    .on_hover_text(tag_tip(lang, tag))
                    .clicked()
                    && tag != eff.tag
                {
                    *act = Some(IndexAct::Tag(eff.id.clone(), tag));
                }
            }
        })
        .response
        .accessible_name(format!(
            "{} · {}",
            eff.name.get(lang),
            t(lang, "prc_col_tag")
        ));
}

/// The "add a year" row of a project series; a two-column block (year, value) pasted into the
/// year field adds or replaces every row at once.
pub(super) fn add_year_ui(
    ui: &mut egui::Ui,
    lang: Lang,
    s: &PriceIndexSeries,
    (y_text, v_text): &mut (String, String),
    act: &mut Option<IndexAct>,
) {
    let y_id = egui::Id::unique(("prc_new_year", &s.id));
    let v_id = egui::Id::unique(("prc_new_value", &s.id));
    let mut block = None;
    for id in [y_id, v_id] {
        if ui.memory(|m| m.has_focus(id)) {
            ui.input_mut(|i| {
                i.events.retain(|e| match e {
                    egui::Event::Paste(t) if t.contains('\t') || t.trim_end().contains('\n') => {
                        block = Some(parse_block(t));
                        false
                    }
                    _ => true,
                });
            });
        }
    }
    ui.horizontal(|ui| {
        ui.label(t(lang, "prc_add_year"));
        ui.add(
            egui::TextEdit::singleline(y_text)
                .id(y_id)
                .desired_width(60.0)
                .hint_text(t(lang, "prc_year")),
        )
        .accessible_name(t(lang, "prc_year"));
        ui.add(
            egui::TextEdit::singleline(v_text)
                .id(v_id)
                .desired_width(90.0)
                .hint_text(t(lang, "prc_index_value")),
        )
        .accessible_name(t(lang, "prc_index_value"));
        let y = format::parse_number(y_text)
            .filter(|y| y.fract() == 0.0 && (1900.0..=2200.0).contains(y));
        let v = format::parse_number(v_text).filter(|v| *v > 0.0);
        let ok = y.is_some() && v.is_some();
        let exists = y.is_some_and(|y| s.values.contains_key(&(y as i32)));
        let label = if exists {
            t(lang, "prc_replace_year")
        } else {
            t(lang, "prc_add")
        };
        if ui.add_enabled(ok, egui::Button::new(label)).clicked()
            && let (Some(y), Some(v)) = (y, v)
        {
            *act = Some(IndexAct::SetValue(s.id.clone(), y as i32, Some(v)));
            y_text.clear();
            v_text.clear();
        }
        ui.label(
            egui::RichText::new(t(lang, "prc_paste_years"))
                .weak()
                .small(),
        );
    });
    if let Some(b) = block {
        let (rows, n) = read_year_block(&b);
        *act = Some(IndexAct::Paste(s.id.clone(), rows, n));
    }
}

/// A pasted (year, index value) block: the rows to write, and every cell that cannot be used
/// (a year that is not whole or not in 1900–2200, a value that is not a number above 0). A row
/// with a bad cell is not written; an empty row is skipped.
pub(super) fn read_year_block(b: &[Vec<String>]) -> (Vec<(i32, f64)>, PasteCount) {
    let mut rows = Vec::new();
    let mut n = PasteCount::default();
    for (dr, line) in b.iter().enumerate() {
        if line.iter().all(String::is_empty) {
            continue;
        }
        let year = line.first().map_or("", String::as_str);
        let value = line.get(1).map_or("", String::as_str);
        let y = match cell_number(year, Some(1900.0), Some(2200.0)) {
            Ok(Some(y)) if y.fract() == 0.0 => Ok(y as i32),
            Ok(Some(_)) => Err(Why::OutOfRange),
            Ok(None) => Err(Why::NotANumber),
            Err(w) => Err(w),
        };
        let v = match cell_number(value, Some(f64::MIN_POSITIVE), None) {
            Ok(Some(v)) => Ok(v),
            Ok(None) => Err(Why::NotANumber),
            Err(w) => Err(w),
        };
        for (col, text, r) in [(0, year, y.err()), (1, value, v.err())] {
            if let Some(why) = r {
                n.rejected += 1;
                n.rejects.push(Reject {
                    row: dr,
                    col,
                    text: text.to_string(),
                    why,
                });
            }
        }
        n.outside += line.iter().skip(2).filter(|c| !c.is_empty()).count();
        if let (Ok(y), Ok(v)) = (y, v) {
            rows.push((y, v));
            n.written += 1;
        }
    }
    (rows, n)
}

/// The year × value table of one series; editable for project series. `registry` is the
/// registry series a project series replaces (its values shown for comparison).
struct Values<'a> {
    lang: Lang,
    s: &'a PriceIndexSeries,
    editable: bool,
    registry: Option<&'a PriceIndexSeries>,
    needed: Option<&'a BTreeSet<i32>>,
    target: i32,
}

impl Values<'_> {
    /// Every year with a value, a registry value or a need; newest first.
    fn years(&self) -> Vec<i32> {
        let mut years: Vec<i32> = self.s.values.keys().copied().collect();
        if let Some(r) = self.registry {
            for y in r.values.keys() {
                if !years.contains(y) {
                    years.push(*y);
                }
            }
        }
        if let Some(n) = self.needed {
            for y in n {
                if !years.contains(y) {
                    years.push(*y);
                }
            }
        }
        years.sort_unstable();
        years.reverse();
        years
    }

    /// The table as shown, header row first, for the clipboard: year, index value, factor to
    /// the target year, and the registry's value when a project series replaces one.
    fn copy_rows(&self) -> Vec<Vec<String>> {
        let lang = self.lang;
        let plain = |v: Option<f64>| v.map_or_else(String::new, |v| v.to_string());
        let mut head = vec![
            t(lang, "prc_year").to_string(),
            t(lang, "prc_index_value").to_string(),
            tf(lang, "prc_factor_to", &[("year", &self.target.to_string())]),
        ];
        if self.registry.is_some() {
            head.push(t(lang, "prc_registry_value").to_string());
        }
        let mut out = vec![head];
        let at_target = self.s.values.get(&self.target);
        for y in self.years() {
            let v = self.s.values.get(&y).copied();
            let factor = v.zip(at_target).map(|(v, tv)| tv / v);
            let mut r = vec![y.to_string(), plain(v), tsv_number(factor, 4)];
            if let Some(reg) = self.registry {
                r.push(plain(reg.values.get(&y).copied()));
            }
            out.push(r);
        }
        out
    }

    fn table_ui(&self, ui: &mut egui::Ui, act: &mut Option<IndexAct>) {
        let years = self.years();
        let mut table = TableBuilder::new(ui)
            .id_salt(("prc_index_values", &self.s.id))
            .striped(true)
            .resizable(true)
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            .column(Column::initial(70.0).at_least(50.0))
            .column(Column::initial(120.0).at_least(70.0))
            .column(Column::initial(110.0).at_least(60.0));
        if self.registry.is_some() {
            table = table.column(Column::initial(120.0).at_least(60.0));
        }
        table = table.column(Column::exact(30.0));
        table
            .header(24.0, |mut h| self.header_ui(&mut h))
            .body(|body| {
                body.rows(24.0, years.len(), |mut row| {
                    let y = years[row.index()];
                    self.row_ui(&mut row, y, act);
                });
            });
    }

    fn header_ui(&self, h: &mut egui_extras::TableRow<'_, '_>) {
        let lang = self.lang;
        h.col(|ui| {
            ui.strong(t(lang, "prc_year"));
        });
        h.col(|ui| {
            ui.strong(t(lang, "prc_index_value"));
        });
        h.col(|ui| {
            ui.strong(tf(
                lang,
                "prc_factor_to",
                &[("year", &self.target.to_string())],
            ))
            .on_hover_text(t(lang, "prc_factor_to_help"));
        });
        if self.registry.is_some() {
            h.col(|ui| {
                ui.strong(t(lang, "prc_registry_value"));
            });
        }
        h.col(|_| {});
    }

    /// Year, value, factor to the target year, the registry's value, remove.
    fn row_ui(&self, row: &mut egui_extras::TableRow<'_, '_>, y: i32, act: &mut Option<IndexAct>) {
        let (lang, s) = (self.lang, self.s);
        let v = s.values.get(&y).copied();
        let is_needed = self.needed.is_some_and(|n| n.contains(&y));
        row.col(|ui| {
            let mut text = egui::RichText::new(y.to_string());
            if is_needed {
                text = text.strong();
            }
            let r = ui.label(text);
            if is_needed {
                r.on_hover_text(t(lang, "prc_year_needed"));
            }
        });
        row.col(|ui| self.value_cell(ui, y, v, is_needed, act));
        row.col(|ui| {
            ui.with_layout(
                egui::Layout::right_to_left(egui::Align::Center),
                |ui| match (v, s.values.get(&self.target)) {
                    (Some(v), Some(tv)) => {
                        ui.label(format::num(tv / v, 4));
                    }
                    _ => {
                        ui.label(egui::RichText::new("—").weak());
                    }
                },
            );
        });
        if let Some(r) = self.registry {
            row.col(|ui| {
                ui.with_layout(
                    egui::Layout::right_to_left(egui::Align::Center),
                    |ui| match r.values.get(&y) {
                        Some(rv) => {
                            let mut text = egui::RichText::new(exact(*rv)).weak();
                            if v.is_some_and(|v| (v - rv).abs() > 1e-9) {
                                text = text.color(ui.visuals().warn_fg_color);
                            }
                            ui.label(text);
                        }
                        None => {
                            ui.label(egui::RichText::new("—").weak());
                        }
                    },
                );
            });
        }
        row.col(|ui| {
            if self.editable
                && v.is_some()
                && ui
                    .small_button("×")
                    .on_hover_text(t(lang, "prc_remove_year"))
                    .accessible_name(format!(
                        "{} · {y} · {}",
                        s.name.get(lang),
                        t(lang, "prc_remove_year")
                    ))
                    .clicked()
            {
                *act = Some(IndexAct::SetValue(s.id.clone(), y, None));
            }
        });
    }

    /// The index value of year `y`: an input cell for project series, red where needed and
    /// missing.
    fn value_cell(
        &self,
        ui: &mut egui::Ui,
        y: i32,
        v: Option<f64>,
        is_needed: bool,
        act: &mut Option<IndexAct>,
    ) {
        let (lang, s) = (self.lang, self.s);
        if is_needed && v.is_none() {
            ui.painter().rect_filled(
                ui.max_rect(),
                0.0,
                ui.visuals().error_fg_color.gamma_multiply(0.14),
            );
        }
        if !self.editable {
            ui.with_layout(
                egui::Layout::right_to_left(egui::Align::Center),
                |ui| match v {
                    Some(v) => ui.label(exact(v)),
                    None => ui.label(
                        egui::RichText::new(t(lang, "prc_year_missing"))
                            .color(ui.visuals().error_fg_color),
                    ),
                },
            );
            return;
        }
        let name = format!("{} · {y}", s.name.get(lang));
        if let Some(ch) = num_cell(
            ui,
            egui::Id::unique(("prc_idx_v", &s.id, y)),
            v,
            CellSpec {
                decimals: decimals_for(v),
                name: &name,
                problem: (is_needed && v.is_none()).then(|| t(lang, "prc_year_missing")),
                min: Some(f64::MIN_POSITIVE),
                max: None,
            },
        ) {
            *act = match ch {
                CellChange::Set(x) => Some(IndexAct::SetValue(s.id.clone(), y, Some(x))),
                CellChange::Clear => Some(IndexAct::SetValue(s.id.clone(), y, None)),
                // A block goes to the year box; a value cell takes one value.
                CellChange::Rejected(_) | CellChange::Paste(_) => Some(IndexAct::Rejected),
            };
        }
    }
}

pub(super) fn apply_index_act(state: &mut AppState, a: IndexAct) {
    let lang = state.lang();
    let reg = state.registry();
    // The project's price index series: one undoable part (`AppState::edit_part`).
    fn all(p: &mut Project) -> &mut Vec<PriceIndexSeries> {
        &mut p.price_indices
    }
    let series = |p: &mut Vec<PriceIndexSeries>, id: &str| -> Option<usize> {
        p.iter().position(|s| s.id == id)
    };
    match a {
        IndexAct::Copy(id) => {
            if let Some(s) = reg.price_index(&id).cloned() {
                state.edit_part(all, |p| {
                    if series(p, &id).is_none() {
                        p.push(s);
                    }
                });
            }
        }
        IndexAct::Remove(id) => state.edit_part(all, |p| p.retain(|s| s.id != id)),
        IndexAct::SetValue(id, y, v) => state.edit_part(all, |p| {
            if let Some(i) = series(p, &id) {
                match v {
                    Some(v) => {
                        p[i].values.insert(y, v);
                    }
                    None => {
                        p[i].values.remove(&y);
                    }
                }
            }
        }),
        IndexAct::Paste(id, rows, n) => {
            if !rows.is_empty() {
                state.edit_part(all, |p| {
                    if let Some(i) = series(p, &id) {
                        for (y, v) in &rows {
                            p[i].values.insert(*y, *v);
                        }
                    }
                });
            }
            let line = |r: usize| tf(lang, "tbl2_block_row", &[("n", &(r + 1).to_string())]);
            let col = |c: usize| t(lang, ["prc_year", "prc_index_value"][c.min(1)]).to_string();
            clip::report_paste(state, &n, line, col);
        }
        IndexAct::Rejected => {
            state.notice = Some(Notice {
                text: tf(lang, "prc_index_rejected", &[("n", "1")]),
                error: true,
            });
        }
        IndexAct::Source(id, v) => state.edit_part(all, |p| {
            if let Some(i) = series(p, &id) {
                p[i].source = v.into();
            }
        }),
        IndexAct::Base(id, v) => state.edit_part(all, |p| {
            if let Some(i) = series(p, &id) {
                p[i].base = v.into();
            }
        }),
        IndexAct::NameZh(id, v) => state.edit_part(all, |p| {
            if let Some(i) = series(p, &id) {
                p[i].name.zh = v;
            }
        }),
        IndexAct::NameEn(id, v) => state.edit_part(all, |p| {
            if let Some(i) = series(p, &id) {
                p[i].name.en = v;
            }
        }),
        IndexAct::Tag(id, tag) => state.edit_part(all, |p| {
            if let Some(i) = series(p, &id) {
                p[i].tag = tag;
            }
        }),
    }
}
