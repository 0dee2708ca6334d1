//! 结果 Results: county × indicator table (value or physical quantity, in 元 / 万元 / 亿元),
//! category subtotals and GEP for the framework chosen in the top bar; clicking a cell opens
//! the trace panel (formula, inputs, parameters with source, tag and price year).
//!
//! Memo items (备忘项目: consumer surplus, indicators outside the framework) are listed in a
//! collapsed section above the table (`memo_ui`), marked 备忘 and never summed into GEP; the
//! trace panel names an indicator's consumer surplus beside its value.
//!
//! Layout: `ui` → `toolbar` (value or quantity, money unit), `memo_ui`, `column_names`, `Table`
//! (header, region row, county rows, indicator cell); `trace_panel` → `status_ui`, `origin_ui`,
//! `components_ui`, `parts_ui` (an indicator split by ecosystem type: each part's own trace). The value/quantity choice is page state (`AppState::pages.results`).
//! Numbers come from the accounts and trace words from `view::trace`; nothing is computed here.

use eframe::egui;
use egui_extras::{Column, TableRow};

use crate::app::format;
use crate::app::pages::uncertainty::intervals;
use crate::app::state::AppState;
use crate::app::table::{Frozen, clip, county_name};
use crate::app::widgets::{header, tag_badge};
use crate::engine::uncertainty::McResult;
use crate::engine::{Accounts, CountyAccount, IndicatorAccount, MemoKind, Status};
use crate::i18n::Lang;
use crate::i18n::{t, tf};
use crate::io::clipboard::tsv_number;
use crate::registry::Category;
use crate::units::MoneyUnit;
use crate::view::uncertainty as vu;
use crate::view::{
    self, Labels,
    trace::{Kind, OriginWords, StepWords},
};

pub fn ui(ui: &mut egui::Ui, state: &mut AppState) {
    let lang = state.lang();
    let unit = state.settings.money_unit;
    ui.heading(t(lang, "page_results"));
    let copy = toolbar(ui, state);
    let show_quantity = state.pages.results.show_quantity;
    let acc = match state.accounts() {
        Ok(a) => a.clone(),
        Err(e) => {
            ui.colored_label(ui.visuals().error_fg_color, e.message(state.lang()));
            return;
        }
    };
    ui.label(
        egui::RichText::new(tf(
            lang,
            "results_caption",
            &[
                ("year", &acc.year.to_string()),
                ("price_year", &acc.price_year.to_string()),
                ("unit", unit.unit().symbol(lang)),
            ],
        ))
        .weak(),
    );
    if !show_quantity {
        let labels = Labels::new(&state.project, state.registry(), lang);
        memo_ui(ui, &acc, &labels, unit);
    }
    // GEP's 5–95 % interval beside the values, when the last Monte Carlo run is current.
    let intervals = if show_quantity {
        None
    } else {
        let r = intervals::current(state);
        match &r {
            Some(res) => {
                ui.label(egui::RichText::new(vu::range_note(res, lang, unit)).weak());
            }
            None => intervals::missing_ui(ui, state),
        }
        r
    };
    let block = state.pages.results.block;
    let codes = acc.counties.iter().map(|c| c.code.as_str());
    let selected_row = state.selected_row(codes);
    let scroll_to_row = state
        .selection_scroll(crate::app::nav::Page::Results)
        .and(selected_row);
    let table = Table {
        lang,
        unit,
        show_quantity,
        names: column_names(state, &acc, unit, show_quantity),
        acc: &acc,
        intervals: intervals.as_deref(),
        trace: state.trace.as_ref(),
        block,
        selected_row,
        scroll_to_row,
    };
    let anchor = table.trace_cell();
    let copied = copy.then(|| match block {
        Some(b) => table.block_rows(b),
        None => table.copy_rows(),
    });
    let (clicked, named) = table.show(ui);
    if let Some(rows) = copied {
        clip::copy_rows(ui.ctx(), state, &rows);
    }
    if let Some(i) = named {
        let code = acc.counties[i].code.clone();
        state.select_county(Some(code), Some(crate::app::nav::Page::Results));
    }
    match (clicked, anchor) {
        (Some((i, k, true)), Some((ai, ak))) => {
            state.pages.results.block = Some([ai.min(i), ak.min(k), ai.max(i), ak.max(k)]);
        }
        (Some((i, k, _)), _) => {
            let c = &acc.counties[i];
            state.trace = Some((c.code.clone(), c.indicators[k].id.to_string()));
            state.pages.results.block = None;
        }
        (None, _) => {}
    }
}

/// 备忘项目, collapsed above the table: every memo amount (consumer surplus, indicators outside
/// the framework) with its kind and note, marked 备忘 and never summed into GEP.
fn memo_ui(ui: &mut egui::Ui, acc: &Accounts, labels: &Labels, unit: MoneyUnit) {
    let lang = labels.lang;
    let rows = view::memo::rows(acc);
    if rows.is_empty() {
        return;
    }
    let title = tf(lang, "memo_app_header", &[("n", &rows.len().to_string())]);
    egui::CollapsingHeader::new(title)
        .id_salt("results_memo")
        .default_open(false)
        .show(ui, |ui| {
            ui.label(egui::RichText::new(t(lang, "memo_not_in_gep")).weak());
            // Scrolls both ways inside the page's width: a long note must not widen the page
            // (the table's horizontal scrolling would then stop short of the last columns).
            egui::ScrollArea::both()
                .id_salt("results_memo_rows")
                .max_height(150.0)
                .max_width(ui.available_width())
                .show(ui, |ui| {
                    egui::Grid::new("results_memo_grid")
                        .striped(true)
                        .num_columns(5)
                        .show(ui, |ui| {
                            for h in ["memo_col_county", "memo_col_indicator", "memo_col_kind"] {
                                ui.strong(t(lang, h));
                            }
                            ui.strong(
                                labels
                                    .with_unit(t(lang, "memo_col_value"), unit.unit().symbol(lang)),
                            );
                            ui.strong(t(lang, "memo_col_note"));
                            ui.end_row();
                            for m in &rows {
                                ui.label(m.county.name_zh_or_en(lang));
                                ui.label(labels.indicator_name(&m.indicator.id));
                                ui.label(
                                    egui::RichText::new(tf(
                                        lang,
                                        "memo_kind_marked",
                                        &[("kind", m.kind_text(lang))],
                                    ))
                                    .italics(),
                                );
                                ui.label(
                                    egui::RichText::new(format::money_value(m.memo.value, unit))
                                        .italics(),
                                );
                                ui.label(egui::RichText::new(m.note(lang)).weak())
                                    .on_hover_text(m.note(lang));
                                ui.end_row();
                            }
                        });
                });
        });
}

/// Value or physical quantity, the money unit, and copying the table; true to copy.
fn toolbar(ui: &mut egui::Ui, state: &mut AppState) -> bool {
    let lang = state.lang();
    let show_quantity = &mut state.pages.results.show_quantity;
    ui.horizontal(|ui| {
        ui.radio_value(show_quantity, false, t(lang, "show_value"));
        ui.radio_value(show_quantity, true, t(lang, "show_quantity"));
        ui.separator();
        for (u, key) in [
            (MoneyUnit::Yuan, "unit_yuan"),
            (MoneyUnit::WanYuan, "unit_wan_yuan"),
            (MoneyUnit::YiYuan, "unit_yi_yuan"),
        ] {
            ui.radio_value(&mut state.settings.money_unit, u, t(lang, key));
        }
        ui.separator();
        clip::copy_button(ui, lang)
    })
    .inner
}

/// Each indicator column's title ("name\nunit") and whether the framework counts it.
fn column_names(
    state: &AppState,
    acc: &Accounts,
    unit: MoneyUnit,
    show_quantity: bool,
) -> Vec<(String, bool)> {
    let lang = state.lang();
    let specs = crate::model::catalogue::indicators(&state.project, state.registry());
    acc.counties.first().map_or_else(Vec::new, |c| {
        c.indicators
            .iter()
            .map(|a| {
                let s = specs.iter().find(|s| s.id == *a.id);
                let unit_label = if show_quantity {
                    a.quantity
                        .map(|q| q.unit.symbol(lang).to_string())
                        .or_else(|| s.map(|s| s.quantity.unit.symbol(lang).to_string()))
                        .unwrap_or_default()
                } else {
                    unit.unit().symbol(lang).to_string()
                };
                (
                    format!(
                        "{}\n{unit_label}",
                        s.map_or_else(|| a.id.to_string(), |s| s.name.get(lang).to_string())
                    ),
                    a.counted,
                )
            })
            .collect()
    })
}

/// The county × indicator table and what its rows read.
struct Table<'a> {
    lang: Lang,
    unit: MoneyUnit,
    show_quantity: bool,
    /// Indicator column titles and whether each is counted.
    names: Vec<(String, bool)>,
    acc: &'a Accounts,
    /// The current uncertainty result: a GEP interval column after GEP.
    intervals: Option<&'a McResult>,
    /// The (county, indicator) whose trace is open.
    trace: Option<&'a (String, String)>,
    /// A Shift+click block: first and last row, first and last indicator column.
    block: Option<[usize; 4]>,
    /// The row of the county selected on the map or another page, and the row to bring
    /// into view (once, when the selection changed).
    selected_row: Option<usize>,
    scroll_to_row: Option<usize>,
}

impl Table<'_> {
    /// Draws the table; returns the (county row, indicator column) of a clicked cell and
    /// whether Shift was held, and the row whose county name was clicked.
    fn show(&self, ui: &mut egui::Ui) -> (Option<(usize, usize, bool)>, Option<usize>) {
        let mut clicked = None;
        let mut named = None;
        let n = self.acc.counties.len();
        let mut columns = vec![Column::initial(96.0)];
        if let Some(res) = self.intervals {
            // Wide enough for the region's "p5 – p95" on one line (rows are one line high).
            let chars = vu::range_text(&res.region.gep, self.unit).chars().count();
            columns.push(Column::initial(chars as f32 * 7.5 + 16.0));
        }
        columns.extend(std::iter::repeat_n(
            Column::initial(96.0),
            Category::ALL.len(),
        ));
        columns.extend(std::iter::repeat_n(Column::initial(96.0), self.names.len()));
        Frozen {
            id_salt: "results",
            label_width: 130.0,
            columns,
            header_height: 40.0,
            row_height: 24.0,
            rows: n + 1,
            scroll_to_row: self.scroll_to_row,
            selected_row: self.selected_row,
            reserve_below: 8.0,
            height: None,
        }
        .show(
            ui,
            |ui| {
                ui.strong(t(self.lang, "page_counties"));
            },
            |ui, i| match self.acc.counties.get(i) {
                Some(c) => {
                    if county_name(ui, c.name_zh_or_en(self.lang)).clicked() {
                        named = Some(i);
                    }
                }
                None => {
                    ui.strong(t(self.lang, "region_total"));
                }
            },
            |mut h| self.header_ui(&mut h),
            |mut row| {
                let i = row.index();
                match self.acc.counties.get(i) {
                    Some(c) => self.county_row(&mut row, i, c, &mut clicked),
                    None => self.region_row(&mut row),
                }
            },
        );
        (clicked, named)
    }

    /// The table as shown, header row first, for the clipboard (plain numbers in the unit
    /// shown; the region's total last).
    fn copy_rows(&self) -> Vec<Vec<String>> {
        let (lang, unit) = (self.lang, self.unit);
        let sym = unit.unit().symbol(lang);
        let money = |v: f64| tsv_number(Some(unit.from_yuan(v)), format::money_decimals(unit));
        let mut head = vec![t(lang, "page_counties").to_string(), format!("GEP ({sym})")];
        // The interval as two columns of plain numbers (5 %, 95 %).
        let range = |iv: Option<&crate::engine::uncertainty::Interval>| {
            iv.map_or([String::new(), String::new()], |iv| {
                [money(iv.p5), money(iv.p95)]
            })
        };
        if self.intervals.is_some() {
            head.extend(["5%", "95%"].map(|q| format!("GEP {q} ({sym})")));
        }
        head.extend(
            Category::ALL
                .iter()
                .map(|c| format!("{} ({sym})", c.name().get(lang))),
        );
        head.extend(self.names.iter().map(|(n, _)| match n.split_once('\n') {
            Some((name, u)) if !u.is_empty() => format!("{name} ({u})"),
            Some((name, _)) => name.to_string(),
            None => n.clone(),
        }));
        let mut out = vec![head];
        for c in &self.acc.counties {
            let mut r = vec![c.name_zh_or_en(lang).to_string(), money(c.totals.gep)];
            if let Some(res) = self.intervals {
                r.extend(range(vu::county_gep(res, &c.code)));
            }
            r.extend(Category::ALL.iter().map(|&k| money(c.totals.category(k))));
            r.extend(
                c.indicators
                    .iter()
                    .map(|a| match (&a.status, self.show_quantity) {
                        (Status::Computed, false) => money(a.value),
                        (Status::Computed, true) => quantity_text(a, lang).replace(',', ""),
                        (Status::NotEntered, _) => String::new(),
                        (Status::Incomplete { .. }, _) => t(lang, "incomplete").to_string(),
                        (Status::Failed { .. }, _) => t(lang, "failed").to_string(),
                    }),
            );
            out.push(r);
        }
        let reg = &self.acc.region;
        let mut r = vec![t(lang, "region_total").to_string(), money(reg.totals.gep)];
        if let Some(res) = self.intervals {
            r.extend(range(Some(&res.region.gep)));
        }
        r.extend(Category::ALL.iter().map(|&k| money(reg.totals.category(k))));
        r.extend(reg.by_indicator.iter().map(|(_, v)| {
            if self.show_quantity {
                String::new()
            } else {
                money(*v)
            }
        }));
        out.push(r);
        out
    }

    /// An indicator cell as copied: a plain number, or the status word.
    fn cell_tsv(&self, a: &IndicatorAccount) -> String {
        let (lang, unit) = (self.lang, self.unit);
        match (&a.status, self.show_quantity) {
            (Status::Computed, false) => {
                tsv_number(Some(unit.from_yuan(a.value)), format::money_decimals(unit))
            }
            (Status::Computed, true) => quantity_text(a, lang).replace(',', ""),
            (Status::NotEntered, _) => String::new(),
            (Status::Incomplete { .. }, _) => t(lang, "incomplete").to_string(),
            (Status::Failed { .. }, _) => t(lang, "failed").to_string(),
        }
    }

    /// The (row, column) of the traced cell, the corner a Shift+click block starts from.
    fn trace_cell(&self) -> Option<(usize, usize)> {
        let (code, id) = self.trace?;
        let i = self.acc.counties.iter().position(|c| &c.code == code)?;
        let k = self.acc.counties[i]
            .indicators
            .iter()
            .position(|a| &*a.id == id)?;
        Some((i, k))
    }

    /// A Shift+click block as copied: its indicator titles over its counties' cells.
    /// Where the indicator columns start in `copy_rows`: name, GEP, the interval's 5 % and
    /// 95 % when shown, the categories.
    fn first_indicator_column(&self) -> usize {
        2 + 2 * usize::from(self.intervals.is_some()) + Category::ALL.len()
    }

    fn block_rows(&self, [r0, k0, r1, k1]: [usize; 4]) -> Vec<Vec<String>> {
        let mut head = vec![t(self.lang, "page_counties").to_string()];
        head.extend(
            self.copy_rows()
                .first()
                .map(|h| h[self.first_indicator_column()..].to_vec())
                .unwrap_or_default()
                .into_iter()
                .skip(k0)
                .take(k1 + 1 - k0),
        );
        let mut out = vec![head];
        for c in self.acc.counties.iter().skip(r0).take(r1 + 1 - r0) {
            let mut r = vec![c.name_zh_or_en(self.lang).to_string()];
            r.extend(
                c.indicators
                    .iter()
                    .skip(k0)
                    .take(k1 + 1 - k0)
                    .map(|a| self.cell_tsv(a)),
            );
            out.push(r);
        }
        out
    }

    fn header_ui(&self, h: &mut TableRow<'_, '_>) {
        let (lang, unit) = (self.lang, self.unit);
        h.col(|ui| {
            header(ui, format!("GEP\n{}", unit.unit().symbol(lang)));
        });
        if self.intervals.is_some() {
            h.col(|ui| {
                header(ui, vu::range_header(lang, unit));
            });
        }
        for cat in Category::ALL {
            h.col(|ui| {
                header(
                    ui,
                    format!("{}\n{}", cat.name().get(lang), unit.unit().symbol(lang)),
                );
            });
        }
        for (n, counted) in &self.names {
            h.col(|ui| {
                let text = if *counted {
                    egui::RichText::new(n).strong()
                } else {
                    egui::RichText::new(n).weak().italics()
                };
                let r = ui.label(text);
                if !counted {
                    r.on_hover_text(t(lang, "outside_framework"));
                }
            });
        }
    }

    /// The region's totals (values only: quantities of different places are not summed here).
    fn region_row(&self, row: &mut TableRow<'_, '_>) {
        let (r, unit) = (&self.acc.region, self.unit);
        row.col(|ui| {
            ui.strong(format::money_value(r.totals.gep, unit));
        });
        if let Some(res) = self.intervals {
            row.col(|ui| {
                ui.add(
                    egui::Label::new(
                        egui::RichText::new(vu::range_text(&res.region.gep, unit)).strong(),
                    )
                    .extend(),
                );
            });
        }
        for cat in Category::ALL {
            row.col(|ui| {
                ui.strong(format::money_value(r.totals.category(cat), unit));
            });
        }
        for (_, v) in &r.by_indicator {
            row.col(|ui| {
                if !self.show_quantity {
                    ui.strong(format::money_value(*v, unit));
                }
            });
        }
    }

    fn county_row(
        &self,
        row: &mut TableRow<'_, '_>,
        i: usize,
        c: &CountyAccount,
        clicked: &mut Option<(usize, usize, bool)>,
    ) {
        let unit = self.unit;
        row.col(|ui| {
            ui.strong(format::money_value(c.totals.gep, unit));
        });
        if let Some(res) = self.intervals {
            row.col(|ui| {
                if let Some(iv) = vu::county_gep(res, &c.code) {
                    ui.add(egui::Label::new(vu::range_text(iv, unit)).extend());
                }
            });
        }
        for cat in Category::ALL {
            row.col(|ui| {
                ui.label(format::money_value(c.totals.category(cat), unit));
            });
        }
        for (k, a) in c.indicators.iter().enumerate() {
            row.col(|ui| {
                let in_block = self.block.is_some_and(|[r0, k0, r1, k1]| {
                    (r0..=r1).contains(&i) && (k0..=k1).contains(&k)
                });
                if self.indicator_cell(ui, c, k, a, in_block) {
                    *clicked = Some((i, k, ui.input(|inp| inp.modifiers.shift)));
                }
            });
        }
    }

    /// One county's indicator: value, quantity or status; true when clicked.
    fn indicator_cell(
        &self,
        ui: &mut egui::Ui,
        c: &CountyAccount,
        k: usize,
        a: &IndicatorAccount,
        in_block: bool,
    ) -> bool {
        let lang = self.lang;
        // The indicator's name (its column header without the unit line), never its id.
        let name = self
            .names
            .get(k)
            .and_then(|(n, _)| n.split('\n').next())
            .unwrap_or(&a.id);
        let text = match (&a.status, self.show_quantity) {
            (Status::Computed, false) => format::money_value(a.value, self.unit),
            (Status::Computed, true) => quantity_text(a, lang),
            (Status::NotEntered, _) => String::new(),
            (Status::Incomplete { .. }, _) => t(lang, "incomplete").to_string(),
            (Status::Failed { .. }, _) => t(lang, "failed").to_string(),
        };
        let mut rich = egui::RichText::new(text);
        if !a.counted {
            rich = rich.weak().italics();
        }
        if matches!(a.status, Status::Incomplete { .. } | Status::Failed { .. }) {
            rich = rich.color(ui.visuals().error_fg_color);
        }
        let selected = in_block
            || self
                .trace
                .is_some_and(|(cc, ii)| cc == &c.code && ii == &*a.id);
        ui.add(egui::Button::selectable(selected, rich).frame(false))
            .accessible_name(format!("{} · {name}", c.name_zh_or_en(lang)))
            .clicked()
    }
}

/// Side panel with the trace of one county's indicator. The words of each step come from
/// `view::trace` (the same as the report's appendix and the workbook's trace sheet); this page
/// only draws them.
pub fn trace_panel(ui: &mut egui::Ui, state: &mut AppState, code: &str, indicator: &str) {
    let lang = state.lang();
    let unit = state.settings.money_unit;
    ui.horizontal(|ui| {
        ui.heading(t(lang, "trace_title"));
        if ui.button("×").on_hover_text(t(lang, "close")).clicked() {
            state.trace = None;
        }
    });
    let account = state.indicator_with_trace(code, indicator);
    let labels = Labels::new(&state.project, state.registry(), lang);
    let Some(spec) = labels.spec(indicator) else {
        ui.label(indicator);
        return;
    };
    let county = state
        .project
        .county(code)
        .map(|c| c.name.get(lang).to_string())
        .unwrap_or_else(|| code.to_string());
    ui.label(
        egui::RichText::new(format!(
            "{county} · {} · {}",
            spec.name.get(lang),
            state.year
        ))
        .strong(),
    );
    ui.label(format!(
        "{}: {}",
        t(lang, "valuation"),
        spec.valuation.name().get(lang)
    ));
    ui.label(format!("{}: {}", t(lang, "clause"), spec.clause.get(lang)));
    let Some(a) = account else {
        ui.label(t(lang, "no_trace"));
        return;
    };
    if !status_ui(ui, &a, unit, lang) {
        return;
    }
    let Some(trace) = &a.trace else { return };
    ui.label(format!(
        "{}: {}",
        t(lang, "method"),
        labels.method_name(indicator, &trace.method)
    ));
    ui.group(|ui| {
        ui.label(egui::RichText::new(view::trace::formula(&labels, trace)).monospace());
    });
    egui::ScrollArea::vertical()
        .id_salt("trace_steps")
        .show(ui, |ui| {
            steps_grid(ui, "trace_grid", &labels, indicator, trace);
            components_ui(ui, &labels, &a, unit);
            parts_ui(ui, &labels, &a, unit);
        });
}

/// An indicator split by ecosystem type: each part's own computation, collapsed under its
/// name and value (the county's trace above lists the parts as the terms of its sum).
fn parts_ui(ui: &mut egui::Ui, labels: &Labels, a: &IndicatorAccount, unit: MoneyUnit) {
    let lang = labels.lang;
    if a.parts.is_empty() {
        return;
    }
    ui.separator();
    ui.strong(t(lang, "ecov_trace_parts"));
    for p in &a.parts {
        let name = labels.ecosystem_part_name(&p.part);
        let value = match &p.status {
            Status::Computed => format::money(p.value, unit, lang),
            s => view::labels::status_text(lang, s).to_string(),
        };
        egui::CollapsingHeader::new(tf(
            lang,
            "ecov_trace_part",
            &[("name", &name), ("value", &value)],
        ))
        .id_salt(("trace_part", &*a.id, &*p.part))
        .show(ui, |ui| {
            let Some(trace) = &p.trace else {
                ui.label(t(lang, "no_trace"));
                return;
            };
            ui.label(format!(
                "{}: {}",
                t(lang, "method"),
                labels.method_name(&a.id, &trace.method)
            ));
            ui.label(egui::RichText::new(view::trace::formula(labels, trace)).monospace());
            steps_grid(ui, ("trace_part_grid", &*p.part), labels, &a.id, trace);
        });
    }
}

/// A trace's steps as a grid: symbol, value with unit, and where the value comes from.
fn steps_grid(
    ui: &mut egui::Ui,
    id: impl std::hash::Hash + std::fmt::Debug,
    labels: &Labels,
    indicator: &str,
    trace: &crate::engine::Trace,
) {
    let lang = labels.lang;
    egui::Grid::new(id)
        .striped(true)
        .num_columns(3)
        .show(ui, |ui| {
            for step in view::trace::steps(labels, indicator, trace) {
                ui.label(egui::RichText::new(step.symbol).monospace());
                ui.label(format!(
                    "{} {}",
                    format::auto(step.value),
                    step.unit.symbol(lang)
                ));
                ui.vertical(|ui| origin_ui(ui, &step, lang));
                ui.end_row();
            }
        });
}

/// Whether the account is counted, and its status or value; false when there is nothing to
/// trace (not entered).
fn status_ui(ui: &mut egui::Ui, a: &IndicatorAccount, unit: MoneyUnit, lang: Lang) -> bool {
    ui.label(if a.counted {
        t(lang, "counted_in_framework")
    } else {
        t(lang, "outside_framework")
    });
    match &a.status {
        Status::NotEntered => {
            ui.label(t(lang, "not_entered"));
            return false;
        }
        Status::Incomplete { missing } => {
            ui.colored_label(
                ui.visuals().error_fg_color,
                tf(lang, "missing_list", &[("list", &missing.join(", "))]),
            );
        }
        Status::Failed {
            reason_zh,
            reason_en,
        } => {
            ui.colored_label(
                ui.visuals().error_fg_color,
                // The engine words its reasons in both languages.
                match lang {
                    Lang::Zh => reason_zh,
                    Lang::En => reason_en,
                },
            );
        }
        Status::Computed => {
            ui.label(
                egui::RichText::new(format::money(a.value, unit, lang))
                    .size(18.0)
                    .strong(),
            );
            // Amounts beside the value that GEP does not count (the whole value of an
            // indicator outside the framework is said above).
            for m in a
                .memo
                .iter()
                .filter(|m| m.kind != MemoKind::OutsideFramework)
            {
                let value = format::money(m.value, unit, lang);
                let kind = view::memo::kind_text(lang, m.kind);
                ui.label(
                    egui::RichText::new(tf(
                        lang,
                        "memo_app_indicator",
                        &[("kind", kind), ("value", &value)],
                    ))
                    .italics(),
                )
                .on_hover_text(match lang {
                    Lang::Zh => &m.trace_zh,
                    Lang::En => &m.trace_en,
                });
            }
        }
    }
    true
}

/// Where one step came from: a first line naming it, then its facts in weak text.
fn origin_ui(ui: &mut egui::Ui, step: &StepWords, lang: Lang) {
    let o = &step.origin;
    match o.kind {
        Kind::Input => {
            ui.label(format!("{} {}", t(lang, "origin_input"), o.name));
            if let Some((v, u)) = o.entered
                && u != step.unit
            {
                ui.label(
                    egui::RichText::new(tf(
                        lang,
                        "entered_as",
                        &[("v", &format::auto(v)), ("u", u.symbol(lang))],
                    ))
                    .weak(),
                );
            }
        }
        Kind::InputAbsent => {
            ui.label(tf(lang, "origin_absent", &[("id", &o.name)]));
        }
        Kind::Param => param_ui(ui, o, lang),
        Kind::LandCover => {
            ui.label(format!("{} {}", t(lang, "origin_land_cover"), o.name));
        }
        Kind::County => {
            ui.label(format!("{} {}", t(lang, "origin_county"), o.name));
        }
        Kind::Constant => {
            ui.label(t(lang, "origin_constant"));
        }
        Kind::Product | Kind::OutputValue => {
            if o.kind == Kind::Product {
                ui.label(format!("{} {}", t(lang, "origin_product"), o.name));
            } else {
                let b = if o.id == Some("net") {
                    t(lang, "basis_net")
                } else {
                    t(lang, "basis_gross")
                };
                ui.label(format!("{} ({b})", t(lang, "origin_output_value")));
            }
            ui.label(
                egui::RichText::new(price_note(
                    lang,
                    o.price_year.unwrap_or_default(),
                    o.index_factor.unwrap_or(1.0),
                    o.source,
                ))
                .weak(),
            );
            if let Some(n) = &o.pricing_note {
                ui.label(egui::RichText::new(n.as_str()).weak());
            }
        }
        Kind::EnteredValue => {
            let (v, u) = o.entered.unwrap_or((step.value, step.unit));
            ui.label(tf(
                lang,
                "inp_trace_entered",
                &[("v", &format::auto(v)), ("u", u.symbol(lang))],
            ));
            ui.label(
                egui::RichText::new(price_note(
                    lang,
                    o.price_year.unwrap_or_default(),
                    o.index_factor.unwrap_or(1.0),
                    o.source,
                ))
                .weak(),
            );
        }
        Kind::Indicator => {
            ui.label(format!("{} {}", t(lang, "origin_indicator"), o.name));
        }
        Kind::Part => {
            ui.label(format!("{} {}", o.kind_word, o.name));
        }
        Kind::Result => {
            ui.label(t(lang, "origin_result"));
        }
    }
}

/// A parameter step: name, tag and override; value, price year, index and unit factors; source.
fn param_ui(ui: &mut egui::Ui, o: &OriginWords, lang: Lang) {
    let Some(param) = o.param else { return };
    ui.horizontal(|ui| {
        ui.label(format!("{} {}", t(lang, "origin_param"), o.name));
        tag_badge(ui, param.tag, lang);
        if o.overridden {
            ui.label(egui::RichText::new(t(lang, "overridden")).weak());
        }
    });
    let year = match (&o.statutory, o.price_year) {
        (Some(words), _) => format!("{}{words}", t(lang, "lbl_price_sep")),
        (None, Some(y)) => tf(lang, "price_year_of", &[("y", &y.to_string())]),
        (None, None) => String::new(),
    };
    let index_factor = o.index_factor.unwrap_or(1.0);
    ui.label(
        egui::RichText::new(format!(
            "{} {} {}{}",
            param.value.map_or_else(|| "—".into(), format::auto),
            param.unit.symbol(lang),
            year,
            if (index_factor - 1.0).abs() > 1e-12 {
                tf(
                    lang,
                    "index_factor",
                    &[("f", &format::num(index_factor, 4))],
                )
            } else {
                String::new()
            }
        ))
        .weak(),
    );
    if (o.unit_factor - 1.0).abs() > 1e-12 {
        ui.label(
            egui::RichText::new(tf(
                lang,
                "unit_factor",
                &[("f", &format::num(o.unit_factor, 4))],
            ))
            .weak(),
        );
    }
    ui.label(egui::RichText::new(o.source).weak().small());
    if let Some(law) = &o.law {
        ui.label(egui::RichText::new(law).weak().small());
    }
}

/// The priced components of an account, by name: quantity × price = value.
fn components_ui(ui: &mut egui::Ui, labels: &Labels, a: &IndicatorAccount, unit: MoneyUnit) {
    let lang = labels.lang;
    if a.components.is_empty() {
        return;
    }
    ui.separator();
    ui.strong(t(lang, "components"));
    egui::Grid::new("trace_components")
        .striped(true)
        .show(ui, |ui| {
            for c in &a.components {
                ui.label(labels.component_name(&a.id, &c.id));
                ui.label(format!(
                    "{} {}",
                    format::auto(c.quantity),
                    c.unit.symbol(lang)
                ));
                ui.label(format!(
                    "× {} {}",
                    format::auto(c.price),
                    c.price_unit.symbol(lang)
                ));
                ui.label(format!("= {}", format::money(c.value, unit, lang)));
                ui.end_row();
            }
        });
}

/// "(2010 prices), price-index factor ×1.3180 <source>" for entered money amounts.
fn price_note(lang: Lang, price_year: i32, index_factor: f64, source: &str) -> String {
    let factor = if (index_factor - 1.0).abs() > 1e-12 {
        tf(
            lang,
            "index_factor",
            &[("f", &format::num(index_factor, 4))],
        )
    } else {
        String::new()
    };
    format!(
        "{}{factor} {source}",
        tf(lang, "price_year_of", &[("y", &price_year.to_string())])
    )
}

/// An indicator's quantity for the results grid: the number in the column's unit, each with its
/// unit where product lines come in several (t; 头 …), or that it was entered as output value.
fn quantity_text(a: &IndicatorAccount, lang: Lang) -> String {
    match &a.quantities[..] {
        [] if a.output_value_only => t(lang, "rpt_phys_output_value").to_string(),
        [] => "—".into(),
        [q] => format::auto(q.value),
        qs => qs
            .iter()
            .map(|q| format!("{} {}", format::auto(q.value), q.unit.symbol(lang)))
            .collect::<Vec<_>>()
            .join("; "),
    }
}
