//! The value computed elsewhere (外部计算的价值) of the selected indicator, per county: an amount
//! in 元/万元/亿元 with its price year and source, shown for every indicator (built-in or
//! custom) in a section that opens by itself when any county has one. The entered value is
//! the indicator's value; quantities beside it stay in the project but are not priced
//! (validation warns). Edits are gathered as `EnteredAct`s and applied after drawing, each one
//! undo step. On the 分生态系统 page the rows are one county's ecosystem parts.

use eframe::egui;

use crate::app::state::AppState;
use crate::app::widgets::{CellChange, CellSpec, YearChange, num_cell, text_cell, year_cell};
use crate::i18n::{t, tf};
use crate::model::{EnteredValue, Project};
use crate::registry::IndicatorSpec;
use crate::units::Unit;

use super::ctx::{Ctx, mark_cell};
use super::edits::{entry_at, existing_at, prune_at};

/// Units an entered value may be given in.
const MONEY_UNITS: [Unit; 3] = [Unit::Yuan, Unit::WanYuan, Unit::YiYuan];

/// One edit of the section (row index into `Ctx::rows`).
enum EnteredAct {
    Amount(usize, Option<f64>),
    Unit(usize, Unit),
    Year(usize, Option<i32>),
    Source(usize, String),
}

/// The section: a county × (amount, unit, price year, source) grid.
pub(super) fn entered_ui(
    ui: &mut egui::Ui,
    state: &mut AppState,
    ctx: &Ctx<'_>,
    spec: &IndicatorSpec,
) {
    let lang = ctx.lang;
    let n = ctx
        .rows
        .iter()
        .filter(|r| r.input.as_ref().is_some_and(|i| i.entered_value.is_some()))
        .count();
    let title = if n == 0 {
        t(lang, "inp_svc_entered_title").to_string()
    } else {
        let key = if ctx.parts() {
            "ecov_entered_title_n"
        } else {
            "inp_svc_entered_title_n"
        };
        tf(lang, key, &[("n", &n.to_string())])
    };
    let mut act = None;
    egui::CollapsingHeader::new(title)
        .id_salt(("svc_entered", &spec.id))
        .default_open(n > 0)
        .show(ui, |ui| {
            ui.add(
                egui::Label::new(egui::RichText::new(t(lang, "inp_svc_entered_help")).weak())
                    .wrap(),
            );
            egui::ScrollArea::vertical()
                .id_salt(("svc_entered_scroll", &spec.id))
                .max_height(160.0)
                .show(ui, |ui| grid_ui(ui, ctx, spec, &mut act));
        });
    if let Some(a) = act {
        let year = ctx.year;
        let method = spec
            .default_method()
            .map(|m| m.id.clone())
            .unwrap_or_default();
        let row = match &a {
            EnteredAct::Amount(i, _)
            | EnteredAct::Unit(i, _)
            | EnteredAct::Year(i, _)
            | EnteredAct::Source(i, _) => &ctx.rows[*i],
        };
        let codes = [row.code.clone()];
        state.edit_counties(year, &codes, |p| {
            apply(p, year, row.at(), &spec.id, &method, a)
        });
    }
}

fn grid_ui(ui: &mut egui::Ui, ctx: &Ctx<'_>, spec: &IndicatorSpec, act: &mut Option<EnteredAct>) {
    let lang = ctx.lang;
    let rest = format!("indicators.{}.entered_value", spec.id);
    egui::Grid::new(("svc_entered_grid", &spec.id))
        .num_columns(5)
        .striped(true)
        .min_col_width(60.0)
        .show(ui, |ui| {
            ui.strong(if ctx.parts() {
                ctx.row_head
            } else {
                t(lang, "inp_col_county")
            });
            for key in [
                "inp_col_amount",
                "inp_col_unit",
                "inp_col_price_year",
                "inp_col_source",
            ] {
                ui.strong(t(lang, key));
            }
            ui.end_row();
            for (i, r) in ctx.rows.iter().enumerate() {
                let ev = r.input.as_ref().and_then(|x| x.entered_value.as_ref());
                let field = r.field(&rest);
                let problem = ctx.problem(&r.code, &field);
                ui.horizontal(|ui| {
                    mark_cell(ui, ctx.focused(&r.code, &field), problem.is_some());
                    let label = ui.label(&r.name);
                    if !r.tip().is_empty() {
                        label.on_hover_text(r.tip());
                    }
                });
                let unit = ev.map_or(Unit::WanYuan, |e| e.unit);
                let name = format!(
                    "{} · {} ({})",
                    r.name,
                    t(lang, "inp_entered_value_name"),
                    unit.symbol(lang)
                );
                let id = egui::Id::unique(("svc_ev", &spec.id, r.at()));
                ui.scope(|ui| {
                    ui.set_width(120.0);
                    let cell = CellSpec {
                        decimals: 4,
                        name: &name,
                        problem,
                        min: None,
                        max: None,
                    };
                    match num_cell(ui, id, ev.map(|e| e.amount), cell) {
                        Some(CellChange::Set(x)) => *act = Some(EnteredAct::Amount(i, Some(x))),
                        Some(CellChange::Clear) => *act = Some(EnteredAct::Amount(i, None)),
                        _ => {}
                    }
                });
                egui::ComboBox::from_id_salt(("svc_ev_unit", &spec.id, r.at(), i))
                    .selected_text(unit.symbol(lang))
                    .width(70.0)
                    .show_ui(ui, |ui| {
                        for u in MONEY_UNITS {
                            if ui.selectable_label(u == unit, u.symbol(lang)).clicked() {
                                *act = Some(EnteredAct::Unit(i, u));
                            }
                        }
                    })
                    .response
                    .accessible_name(format!("{} · {}", r.name, t(lang, "inp_col_unit")));
                let Some(ev) = ev else {
                    ui.label(egui::RichText::new("—").weak());
                    ui.label(egui::RichText::new("—").weak());
                    ui.end_row();
                    continue;
                };
                ui.scope(|ui| {
                    ui.set_width(70.0);
                    let name = format!("{} · {}", r.name, t(lang, "inp_col_price_year"));
                    let id = egui::Id::unique(("svc_ev_year", &spec.id, r.at()));
                    if let Some(YearChange::Set(y)) =
                        year_cell(ui, id, ev.price_year, Some(ctx.year), &name)
                    {
                        *act = Some(EnteredAct::Year(i, y));
                    }
                });
                ui.scope(|ui| {
                    ui.set_width(260.0);
                    let name = format!("{} · {}", r.name, t(lang, "inp_col_source"));
                    let id = egui::Id::unique(("svc_ev_src", &spec.id, r.at()));
                    if let Some(s) = text_cell(ui, id, &ev.source, &name) {
                        *act = Some(EnteredAct::Source(i, s));
                    }
                });
                ui.end_row();
            }
        });
}

/// Applies one edit; a cleared amount removes the entered value (and an emptied entry).
fn apply(
    p: &mut Project,
    year: i32,
    (code, part): (&str, Option<&str>),
    ind: &str,
    method: &str,
    act: EnteredAct,
) {
    match act {
        EnteredAct::Amount(_, Some(x)) => {
            if let Some(e) = entry_at(p, year, code, part, ind, method) {
                match &mut e.entered_value {
                    Some(ev) => ev.amount = x,
                    None => {
                        e.entered_value = Some(EnteredValue {
                            amount: x,
                            unit: Unit::WanYuan,
                            price_year: None,
                            source: String::new(),
                        })
                    }
                }
            }
        }
        EnteredAct::Amount(_, None) => {
            if let Some(e) = existing_at(p, year, code, part, ind) {
                e.entered_value = None;
            }
            prune_at(p, year, code, part, ind);
        }
        EnteredAct::Unit(_, u) => {
            if let Some(ev) =
                existing_at(p, year, code, part, ind).and_then(|e| e.entered_value.as_mut())
            {
                ev.unit = u;
            }
        }
        EnteredAct::Year(_, y) => {
            if let Some(ev) =
                existing_at(p, year, code, part, ind).and_then(|e| e.entered_value.as_mut())
            {
                ev.price_year = y;
            }
        }
        EnteredAct::Source(_, s) => {
            if let Some(ev) =
                existing_at(p, year, code, part, ind).and_then(|e| e.entered_value.as_mut())
            {
                ev.source = s.trim().to_string();
            }
        }
    }
}
