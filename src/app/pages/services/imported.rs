//! The imported ecological products table (调入生态产品, deducted from GEP under GB/T 46869):
//! one value per county at the accounting year's prices, and the deduction the engine made;
//! 复制表格 copies both.

use eframe::egui;
use egui_extras::{Column, TableBuilder};

use crate::app::format;
use crate::app::state::{AppState, Notice};
use crate::app::table::clip;
use crate::app::widgets::{CellChange, CellSpec, PasteCount, apply_block, num_cell, paste_number};
use crate::i18n::{t, tf};
use crate::io::clipboard::tsv_number;

use super::ctx::{Ctx, mark_cell};
use super::edits::set_imported;

/// Imported ecological products (GB/T 46869 deduction) per county for the year.
pub(super) fn imported_ui(ui: &mut egui::Ui, state: &mut AppState, ctx: &Ctx<'_>) {
    let lang = ctx.lang;
    let year = ctx.year;
    let money = ctx.money;
    let rows = ctx.rows;
    ui.heading(t(lang, "svc_imported"));
    ui.add(egui::Label::new(t(lang, "svc_imported_help")).wrap());
    framework_note(ui, state, ctx);
    if let Some(e) = &ctx.compute_error {
        ui.colored_label(ui.visuals().error_fg_color, e);
    }
    if clip::copy_button(ui, lang) {
        clip::copy_rows(ui.ctx(), state, &copy_rows(ctx));
    }
    let field = "imported_products_yuan";
    let mut change: Option<(usize, CellChange)> = None;
    let mut table = TableBuilder::new(ui)
        .id_salt("svc_imported_table")
        .striped(true)
        .resizable(true)
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::initial(130.0).at_least(70.0))
        .column(Column::initial(170.0).at_least(90.0))
        .column(Column::initial(170.0).at_least(90.0));
    if let Some(r) = ctx.scroll_to {
        table = table.scroll_to_row(r, Some(egui::Align::Center));
    }
    table
        .header(40.0, |mut h| {
            h.col(|ui| {
                ui.strong(t(lang, "page_counties"));
            });
            h.col(|ui| {
                ui.strong(format!(
                    "{}\n{}",
                    t(lang, "svc_imported_value"),
                    money.unit().symbol(lang)
                ))
                .on_hover_text(tf(
                    lang,
                    "svc_imported_value_help",
                    &[("year", &year.to_string())],
                ));
            });
            h.col(|ui| {
                ui.strong(format!(
                    "{}\n{}",
                    t(lang, "svc_imported_deduction"),
                    money.unit().symbol(lang)
                ))
                .on_hover_text(t(lang, "svc_imported_deduction_help"));
            });
        })
        .body(|body| {
            body.rows(26.0, rows.len(), |mut row| {
                let i = row.index();
                let r = &rows[i];
                row.col(|ui| {
                    ui.label(&r.name).on_hover_text(&r.code);
                });
                row.col(|ui| {
                    let problem = ctx.problem(&r.code, field);
                    mark_cell(ui, ctx.focused(&r.code, field), problem.is_some());
                    let name = format!(
                        "{} · {} ({})",
                        r.name,
                        t(lang, "svc_imported_value"),
                        money.unit().symbol(lang)
                    );
                    let v = (r.imported != 0.0).then(|| money.from_yuan(r.imported));
                    if let Some(ch) = num_cell(
                        ui,
                        egui::Id::unique(("svc_imported", &r.code)),
                        v,
                        CellSpec {
                            decimals: format::money_decimals(money),
                            name: &name,
                            problem,
                            min: Some(0.0),
                            max: None,
                        },
                    ) {
                        change = Some((i, ch));
                    }
                });
                row.col(|ui| {
                    ui.with_layout(
                        egui::Layout::right_to_left(egui::Align::Center),
                        |ui| match ctx.computed.get(&r.code) {
                            Some(c) if c.deduction != 0.0 => {
                                ui.label(format::money_value(c.deduction, money))
                            }
                            _ => ui.label(egui::RichText::new("—").weak()),
                        },
                    );
                });
            });
        });
    if let Some((i, ch)) = change {
        apply(state, ctx, i, ch);
    }
}

/// The table as shown, header row first, for the clipboard: county, imported value, the
/// deduction made (money in the unit shown).
fn copy_rows(ctx: &Ctx<'_>) -> Vec<Vec<String>> {
    let (lang, money) = (ctx.lang, ctx.money);
    let sym = money.unit().symbol(lang);
    let dec = format::money_decimals(money);
    let mut out = vec![vec![
        t(lang, "page_counties").to_string(),
        format!("{} ({sym})", t(lang, "svc_imported_value")),
        format!("{} ({sym})", t(lang, "svc_imported_deduction")),
    ]];
    for r in ctx.rows {
        let v = (r.imported != 0.0).then(|| money.from_yuan(r.imported));
        let d = ctx
            .computed
            .get(&r.code)
            .map(|c| c.deduction)
            .filter(|d| *d != 0.0)
            .map(|d| money.from_yuan(d));
        out.push(vec![r.name.clone(), tsv_number(v, dec), tsv_number(d, dec)]);
    }
    out
}

/// Whether the framework shown deducts imported products.
fn framework_note(ui: &mut egui::Ui, state: &AppState, ctx: &Ctx<'_>) {
    let lang = ctx.lang;
    let reg = state.registry();
    match reg.framework(&state.framework) {
        Some(f) if f.deduct_imports => {
            ui.label(
                egui::RichText::new(tf(
                    lang,
                    "svc_imported_deducted",
                    &[("fw", f.name.get(lang))],
                ))
                .color(egui::Color32::from_rgb(40, 140, 70)),
            );
        }
        Some(f) => {
            ui.label(
                egui::RichText::new(tf(
                    lang,
                    "svc_imported_not_deducted",
                    &[("fw", f.name.get(lang))],
                ))
                .color(ui.visuals().warn_fg_color),
            );
        }
        None => {}
    }
}

/// Applies an edit of the table as one undoable step.
fn apply(state: &mut AppState, ctx: &Ctx<'_>, i: usize, ch: CellChange) {
    let (lang, year, money, rows) = (ctx.lang, ctx.year, ctx.money, ctx.rows);
    let factor = money.unit().factor();
    match ch {
        CellChange::Set(v) => {
            let code = rows[i].code.clone();
            state.edit_counties(year, std::slice::from_ref(&code), |p| {
                set_imported(p, year, &code, v * factor)
            });
        }
        CellChange::Clear => {
            let code = rows[i].code.clone();
            state.edit_counties(year, std::slice::from_ref(&code), |p| {
                set_imported(p, year, &code, 0.0)
            });
        }
        CellChange::Rejected(s) => {
            state.notice = Some(Notice {
                text: format!("{}: {s}", t(lang, "not_a_number_nonneg")),
                error: true,
            });
        }
        CellChange::Paste(block) => {
            let rows = ctx.rows.get(i..).unwrap_or_default();
            let mut n = PasteCount::default();
            let codes = super::ctx::pasted_codes(rows, block.len());
            state.edit_counties(year, &codes, |p| {
                n = apply_block(&block, rows, &[()], |r, _, cell| {
                    paste_number(cell, Some(0.0), None, |v| {
                        set_imported(p, year, &r.code, v * factor)
                    })
                });
            });
            let col = t(lang, "svc_imported_value").to_string();
            clip::report_paste(
                state,
                &n,
                |r| rows.get(r).map(|r| r.name.clone()).unwrap_or_default(),
                |_| col.clone(),
            );
        }
    }
}
