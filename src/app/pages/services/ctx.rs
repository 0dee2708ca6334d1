//! Shared pieces of the services page's right side: the read-only `Ctx` every table gets
//! (rows, the engine's results, validation problems, the cell to focus), the value column,
//! the cell marks, and small helpers on methods and ranges. No project edits here.

use std::collections::HashMap;

use eframe::egui;

use crate::app::format;
use crate::app::state::AppState;
use crate::engine::Status;
use crate::i18n::Lang;
use crate::i18n::{t, tf};
use crate::model::IndicatorInput;
use crate::registry::{IndicatorSpec, MethodSpec};
use crate::units::{MoneyUnit, Unit};

/// Selection id of the imported-products table (indicator ids never start with '#').
pub(super) const IMPORTED: &str = "#imported";

/// What the engine made of one county's indicator (for the value column).
#[derive(Debug, Clone)]
pub(super) struct Computed {
    pub(super) status: Status,
    pub(super) value: f64,
    pub(super) quantity: Option<(f64, Unit)>,
    /// Values of the product lines (material products), in line order.
    pub(super) lines: Vec<f64>,
    /// Imported-products deduction (元, accounting price year).
    pub(super) deduction: f64,
}

/// Data of one county row, cloned out of the project so edits can follow the table. On the
/// 分生态系统 page a row is one ecosystem part of a county (`part`), with the part's input.
#[derive(Debug)]
pub(super) struct Row {
    /// The county (of the part, on the 分生态系统 page).
    pub(super) code: String,
    /// The ecosystem part key (type or subtype id); `None` = the county itself.
    pub(super) part: Option<String>,
    pub(super) name: String,
    pub(super) input: Option<IndicatorInput>,
    pub(super) imported: f64,
}

/// The counties of the first `n` rows (a pasted block's), each once: what a paste can change.
pub(super) fn pasted_codes(rows: &[Row], n: usize) -> Vec<String> {
    let mut codes: Vec<String> = Vec::new();
    for r in rows.iter().take(n) {
        if !codes.contains(&r.code) {
            codes.push(r.code.clone());
        }
    }
    codes
}

impl Row {
    /// The key of the row's engine result in `Ctx::computed`: the part, else the county.
    pub(super) fn key(&self) -> &str {
        self.part.as_deref().unwrap_or(&self.code)
    }

    /// The validation field of `rest` (`indicators.…`) for this row.
    pub(super) fn field(&self, rest: &str) -> String {
        match &self.part {
            Some(k) => format!("ecosystem_parts.{k}.{rest}"),
            None => rest.to_string(),
        }
    }

    /// The row's hover text: the county code for a county; for a part, nothing (its key is an
    /// id, which the Chinese UI never shows).
    pub(super) fn tip(&self) -> &str {
        if self.part.is_some() { "" } else { &self.code }
    }

    /// (county, part) for the `*_at` edits.
    pub(super) fn at(&self) -> (&str, Option<&str>) {
        (&self.code, self.part.as_deref())
    }
}

/// Shared read-only data of the right side.
pub(super) struct Ctx<'a> {
    pub(super) lang: Lang,
    pub(super) year: i32,
    pub(super) money: MoneyUnit,
    pub(super) rows: &'a [Row],
    pub(super) computed: &'a HashMap<String, Computed>,
    pub(super) compute_error: Option<String>,
    pub(super) problems: &'a HashMap<(String, String), String>,
    pub(super) focus: Option<&'a (String, String)>,
    pub(super) scroll_to: Option<usize>,
    /// The row of the county selected on the map or another page.
    pub(super) selected_row: Option<usize>,
    /// The row whose county name was clicked this frame (it becomes the selection).
    pub(super) named: std::cell::Cell<Option<usize>>,
    /// The head of the row-label column (县区, or 生态系统 on the 分生态系统 page).
    pub(super) row_head: &'a str,
}

impl Ctx<'_> {
    pub(super) fn problem(&self, code: &str, field: &str) -> Option<&str> {
        self.problems
            .get(&(code.to_string(), field.to_string()))
            .map(String::as_str)
    }

    /// The rows are one county's ecosystem parts (the 分生态系统 page).
    pub(super) fn parts(&self) -> bool {
        self.rows.first().is_some_and(|r| r.part.is_some())
    }

    pub(super) fn focused(&self, code: &str, field: &str) -> bool {
        self.focus.is_some_and(|(c, f)| c == code && f == field)
    }
}

/// The engine's results for one indicator, by county code.
pub(super) fn computed_of(
    state: &mut AppState,
    ind: &str,
) -> (HashMap<String, Computed>, Option<String>) {
    let lang = state.lang();
    match state.accounts() {
        Ok(acc) => {
            let map = acc
                .counties
                .iter()
                .map(|c| {
                    let a = c.indicators.iter().find(|a| &*a.id == ind);
                    (
                        c.code.clone(),
                        Computed {
                            status: a.map_or(Status::NotEntered, |a| a.status.clone()),
                            value: a.map_or(0.0, |a| a.value),
                            quantity: a.and_then(|a| a.quantity.map(|q| (q.value, q.unit))),
                            lines: a.map_or_else(Vec::new, |a| {
                                a.components.iter().map(|x| x.value).collect()
                            }),
                            deduction: c.totals.imported_deduction,
                        },
                    )
                })
                .collect();
            (map, None)
        }
        Err(e) => {
            let s = e.to_string();
            let msg = match lang {
                Lang::Zh => s.split(" / ").next().unwrap_or(&s).to_string(),
                Lang::En => s.split(" / ").nth(1).unwrap_or(&s).to_string(),
            };
            (HashMap::new(), Some(msg))
        }
    }
}

/// Paints a cell frame: a warning stroke for the focused cell, an error stroke for a problem.
pub(super) fn mark_cell(ui: &egui::Ui, focused: bool, problem: bool) {
    if focused {
        ui.painter().rect_stroke(
            ui.max_rect(),
            2.0,
            (2.0, ui.visuals().warn_fg_color),
            egui::StrokeKind::Inside,
        );
    } else if problem {
        ui.painter().rect_stroke(
            ui.max_rect(),
            2.0,
            (1.0, ui.visuals().error_fg_color),
            egui::StrokeKind::Inside,
        );
    }
}

/// The value column: the engine's value in the money unit, or why there is none.
pub(super) fn value_cell(ui: &mut egui::Ui, ctx: &Ctx<'_>, code: &str) {
    let lang = ctx.lang;
    let Some(c) = ctx.computed.get(code) else {
        ui.label(egui::RichText::new("—").weak());
        return;
    };
    let err = ui.visuals().error_fg_color;
    match &c.status {
        Status::Computed => {
            let mut tip = format::money(c.value, ctx.money, lang);
            if let Some((q, u)) = c.quantity {
                tip.push_str(&format!(
                    "\n{}: {}",
                    t(lang, "show_quantity"),
                    format::quantity(q, u, lang)
                ));
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.label(egui::RichText::new(format::money_value(c.value, ctx.money)).strong())
                    .on_hover_text(tip);
            });
        }
        Status::NotEntered => {
            ui.label(egui::RichText::new(t(lang, "svc_not_entered_short")).weak())
                .on_hover_text(t(lang, "not_entered"));
        }
        Status::Incomplete { missing } => {
            ui.label(egui::RichText::new(t(lang, "incomplete")).color(err))
                .on_hover_text(tf(lang, "missing_list", &[("list", &missing.join(", "))]));
        }
        Status::Failed {
            reason_zh,
            reason_en,
        } => {
            ui.label(egui::RichText::new(t(lang, "failed")).color(err))
                .on_hover_text(if lang == Lang::Zh {
                    reason_zh
                } else {
                    reason_en
                });
        }
    }
}

/// Decimals that show a stored value exactly (at most 6).
pub(super) fn decimals_for(v: Option<f64>) -> usize {
    v.map_or(2, |v| {
        let s = format!("{v}");
        s.split_once('.').map_or(0, |(_, f)| f.len().min(6))
    })
}

pub(super) fn range_text(lang: Lang, min: Option<f64>, max: Option<f64>) -> String {
    let r = match (min, max) {
        (Some(a), Some(b)) => format!("[{a}, {b}]"),
        (Some(a), None) => format!("≥ {a}"),
        (None, Some(b)) => format!("≤ {b}"),
        (None, None) => return t(lang, "svc_range_any").to_string(),
    };
    tf(lang, "svc_range", &[("range", &r)])
}

/// The method a county's entry uses (`None` for an unknown method id).
pub(super) fn method_of<'a>(
    spec: &'a IndicatorSpec,
    input: &IndicatorInput,
) -> Option<&'a MethodSpec> {
    if input.method.is_empty() {
        spec.default_method()
    } else {
        spec.method(&input.method)
    }
}

/// The method id a county's entry uses, as stored (default resolved).
pub(super) fn method_id(spec: &IndicatorSpec, input: &IndicatorInput) -> String {
    method_of(spec, input).map_or_else(|| input.method.clone(), |m| m.id.clone())
}
