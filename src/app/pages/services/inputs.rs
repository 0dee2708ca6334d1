//! The county × inputs table of a non-product indicator: the method switch (one undoable
//! edit for every county of the year), a header of the inputs with units and ranges, one row
//! per county of `num_cell`s, the engine's value, and the edits gathered while drawing and
//! applied afterwards (paste walks the block with `widgets::apply_block`).

use eframe::egui;
use egui_extras::Column;

use crate::app::format;
use crate::app::state::{AppState, Notice};
use crate::app::table::{Frozen, clip, county_name};
use crate::app::widgets::{CellChange, CellSpec, PasteCount, Pasted, Why, apply_block, num_cell};
use crate::i18n::{t, tf};
use crate::io::clipboard::{cell_number, tsv_number};
use crate::registry::{IndicatorSpec, InputSpec, MethodSpec};

use super::ctx::{Ctx, Row, decimals_for, mark_cell, method_id, method_of, range_text, value_cell};
use super::edits::{
    clear_indicator_at, set_input_at, set_method_all, set_method_one_at, set_method_parts,
};

/// Which methods and input columns the table shows.
struct Layout<'a> {
    spec: &'a IndicatorSpec,
    /// Counties use different methods (a method column is shown).
    mixed: bool,
    /// The page's method: the one in use if they agree, else the last picked, else the default.
    chosen: String,
    /// The chosen method, then the others in use.
    methods: Vec<&'a MethodSpec>,
    /// Inputs of those methods, each once.
    cols: Vec<&'a InputSpec>,
}

impl<'a> Layout<'a> {
    fn new(spec: &'a IndicatorSpec, rows: &[Row], picked: Option<&String>) -> Layout<'a> {
        let mut in_use: Vec<String> = Vec::new();
        for r in rows {
            if let Some(i) = &r.input {
                let m = method_id(spec, i);
                if !in_use.contains(&m) {
                    in_use.push(m);
                }
            }
        }
        let chosen: String = match in_use.as_slice() {
            [one] if spec.method(one).is_some() => one.clone(),
            _ => picked
                .filter(|m| spec.method(m).is_some())
                .cloned()
                .or_else(|| spec.default_method().map(|m| m.id.clone()))
                .unwrap_or_default(),
        };
        // Columns: inputs of the chosen method, then those of other methods in use.
        let mut methods: Vec<&MethodSpec> = spec.method(&chosen).into_iter().collect();
        for m in &in_use {
            if let Some(ms) = spec.method(m)
                && !methods.iter().any(|x| x.id == ms.id)
            {
                methods.push(ms);
            }
        }
        let mut cols: Vec<&InputSpec> = Vec::new();
        for m in &methods {
            for i in &m.inputs {
                if !cols.iter().any(|c| c.id == i.id) {
                    cols.push(i);
                }
            }
        }
        Layout {
            spec,
            mixed: in_use.len() > 1,
            chosen,
            methods,
            cols,
        }
    }

    /// The method a row's county uses (the page's method while it has no entry).
    fn row_method(&self, r: &Row) -> Option<&'a MethodSpec> {
        match &r.input {
            Some(i) => method_of(self.spec, i),
            None => self.spec.method(&self.chosen),
        }
    }
}

/// What the user did in the table (applied after drawing, one undoable edit each).
enum Act {
    SwitchOne(usize, String),
    ClearRow(usize),
    Cell(usize, usize, CellChange),
}

/// The method switch and the county × inputs table of a non-product indicator.
pub(super) fn inputs_ui(
    ui: &mut egui::Ui,
    state: &mut AppState,
    ctx: &Ctx<'_>,
    spec: &IndicatorSpec,
) {
    let lang = ctx.lang;
    let layout = Layout::new(
        spec,
        ctx.rows,
        state.pages.services.method_pick.get(&spec.id),
    );
    let switch_all = method_switch_ui(ui, ctx, &layout);
    let copy = ui
        .horizontal(|ui| {
            let copy = clip::copy_button(ui, lang);
            ui.label(
                egui::RichText::new(t(lang, "svc_table_help"))
                    .weak()
                    .small(),
            );
            copy
        })
        .inner;
    let acts = table_ui(ui, ctx, &layout);
    if copy {
        clip::copy_rows(ui.ctx(), state, &copy_rows(ctx, &layout));
    }
    if let Some(m) = switch_all {
        state
            .pages
            .services
            .method_pick
            .insert(spec.id.clone(), m.clone());
        if ctx.rows.iter().any(|r| r.input.is_some()) {
            let mut dropped = 0;
            // On the 分生态系统 page the rows are one county's parts: switch those.
            match ctx.rows.first().filter(|_| ctx.parts()) {
                Some(r) => {
                    let code = r.code.clone();
                    state.edit_counties(ctx.year, std::slice::from_ref(&code), |p| {
                        dropped = set_method_parts(p, ctx.year, &code, spec, &m)
                    });
                }
                None => {
                    // Only the counties that have an entry of the indicator are kept for undo.
                    let codes = super::edits::codes_with(&state.project, ctx.year, &spec.id);
                    state.edit_counties(ctx.year, &codes, |p| {
                        dropped = set_method_all(p, ctx.year, spec, &m)
                    });
                }
            }
            dropped_notice(state, ctx, dropped);
        }
    }
    for act in acts {
        apply(state, ctx, &layout, act);
    }
}

/// The method choice for every county of the year; returns a newly picked method.
fn method_switch_ui(ui: &mut egui::Ui, ctx: &Ctx<'_>, layout: &Layout<'_>) -> Option<String> {
    let lang = ctx.lang;
    let spec = layout.spec;
    let mut switch_all: Option<String> = None;
    ui.horizontal_wrapped(|ui| {
        ui.label(egui::RichText::new(t(lang, "method")).strong());
        if spec.methods.len() == 1 {
            if let Some(m) = spec.methods.first() {
                ui.label(m.name.get(lang)).on_hover_text(m.clause.get(lang));
            }
        } else {
            for m in &spec.methods {
                let on = !layout.mixed && layout.chosen == m.id;
                let mut r = ui.radio(on, m.name.get(lang));
                if !m.clause.is_empty() {
                    r = r.on_hover_text(m.clause.get(lang));
                }
                if r.clicked() && !on {
                    switch_all = Some(m.id.clone());
                }
            }
            let key = if ctx.parts() {
                "ecov_method_all_parts"
            } else {
                "svc_method_all_counties"
            };
            ui.label(egui::RichText::new(t(lang, key)).weak());
        }
    });
    if layout.mixed {
        let key = if ctx.parts() {
            "ecov_methods_differ"
        } else {
            "svc_methods_differ"
        };
        ui.colored_label(ui.visuals().warn_fg_color, t(lang, key));
    }
    switch_all
}

/// The table: header, then one virtualised row per county.
fn table_ui(ui: &mut egui::Ui, ctx: &Ctx<'_>, layout: &Layout<'_>) -> Vec<Act> {
    let spec = layout.spec;
    let (mixed, cols) = (layout.mixed, &layout.cols);
    let mut acts = Vec::new();
    // Share the width among the input columns so the value column stays in view.
    let fixed = 110.0 + if mixed { 130.0 } else { 0.0 } + 120.0 + 34.0;
    let gaps = 8.0 * (cols.len() as f32 + 4.0);
    let per = ((ui.available_width() - fixed - gaps) / cols.len().max(1) as f32).clamp(90.0, 150.0);
    let mut columns = Vec::new();
    if mixed {
        columns.push(Column::initial(130.0).at_least(80.0));
    }
    columns.extend(std::iter::repeat_n(
        Column::initial(per).at_least(70.0),
        cols.len(),
    ));
    columns.push(Column::initial(120.0).at_least(80.0));
    columns.push(Column::exact(34.0));
    let base = format!("indicators.{}", spec.id);
    let salt = format!("svc_table_{}", spec.id);
    Frozen {
        id_salt: &salt,
        label_width: 118.0,
        columns,
        header_height: 48.0,
        row_height: 26.0,
        rows: ctx.rows.len(),
        scroll_to_row: ctx.scroll_to,
        selected_row: ctx.selected_row,
        reserve_below: 8.0,
        height: None,
    }
    .show(
        ui,
        |ui| {
            ui.strong(ctx.row_head);
        },
        |ui, i| {
            let r = &ctx.rows[i];
            let (base, method) = (r.field(&base), r.field(&format!("{base}.method")));
            let focused = ctx
                .focus
                .is_some_and(|(c, f)| c == &r.code && (f == &base || f == &method));
            mark_cell(ui, focused, false);
            let label = county_name(ui, &r.name);
            if label.clicked() && r.part.is_none() {
                ctx.named.set(Some(i));
            }
            if !r.tip().is_empty() {
                label.on_hover_text(r.tip());
            }
        },
        |mut h| header_ui(&mut h, ctx, layout),
        |mut row| {
            let i = row.index();
            row_ui(&mut row, ctx, layout, i, &mut acts);
        },
    );
    acts
}

/// The table as shown, header row first, for the clipboard: county, method (when mixed), each
/// input as entered (in its unit) and the engine's value in the money unit shown.
fn copy_rows(ctx: &Ctx<'_>, layout: &Layout<'_>) -> Vec<Vec<String>> {
    let lang = ctx.lang;
    let mut head = vec![ctx.row_head.to_string()];
    if layout.mixed {
        head.push(t(lang, "method").to_string());
    }
    head.extend(
        layout
            .cols
            .iter()
            .map(|c| format!("{} ({})", c.name.get(lang), c.unit.symbol(lang))),
    );
    head.push(format!(
        "{} ({})",
        t(lang, "svc_value"),
        ctx.money.unit().symbol(lang)
    ));
    let mut out = vec![head];
    for r in ctx.rows {
        let mut row = vec![r.name.clone()];
        if layout.mixed {
            row.push(
                layout
                    .row_method(r)
                    .map_or_else(String::new, |m| m.name.get(lang).to_string()),
            );
        }
        row.extend(layout.cols.iter().map(|c| {
            r.input
                .as_ref()
                .and_then(|i| i.values.get(&c.id))
                .map_or_else(String::new, |v| v.to_string())
        }));
        row.push(match ctx.computed.get(r.key()) {
            Some(c) if matches!(c.status, crate::engine::Status::Computed) => tsv_number(
                Some(ctx.money.from_yuan(c.value)),
                format::money_decimals(ctx.money),
            ),
            _ => String::new(),
        });
        out.push(row);
    }
    out
}

/// Column heads: county, method (when mixed), each input with unit and range, value.
fn header_ui(h: &mut egui_extras::TableRow<'_, '_>, ctx: &Ctx<'_>, layout: &Layout<'_>) {
    let lang = ctx.lang;
    if layout.mixed {
        h.col(|ui| {
            ui.strong(t(lang, "method"));
        });
    }
    for c in &layout.cols {
        h.col(|ui| {
            let req = if c.required { " *" } else { "" };
            ui.add(
                egui::Label::new(
                    egui::RichText::new(format!(
                        "{}{req}\n{}",
                        c.name.get(lang),
                        c.unit.symbol(lang)
                    ))
                    .strong(),
                )
                .wrap(),
            )
            .on_hover_text(input_tip(lang, layout, c));
        });
    }
    h.col(|ui| {
        ui.strong(format!(
            "{}\n{}",
            t(lang, "svc_value"),
            ctx.money.unit().symbol(lang)
        ))
        .on_hover_text(t(lang, "svc_value_help"));
    });
    h.col(|_| {});
}

/// An input's tooltip: help, range, required, and the methods using it.
fn input_tip(lang: crate::i18n::Lang, layout: &Layout<'_>, c: &InputSpec) -> String {
    let mut tip = String::new();
    if !c.help.is_empty() {
        tip.push_str(c.help.get(lang));
        tip.push('\n');
    }
    tip.push_str(&range_text(lang, c.min, c.max));
    tip.push('\n');
    tip.push_str(if c.required {
        t(lang, "svc_required")
    } else {
        t(lang, "svc_optional")
    });
    let used_by: Vec<&str> = layout
        .methods
        .iter()
        .filter(|m| m.inputs.iter().any(|i| i.id == c.id))
        .map(|m| m.name.get(lang))
        .collect();
    if layout.mixed || layout.methods.len() > 1 {
        tip.push('\n');
        tip.push_str(&tf(
            lang,
            "svc_input_of",
            &[("methods", &used_by.join(", "))],
        ));
    }
    tip
}

/// One county: name, method (when mixed), the inputs, the engine's value, clear.
fn row_ui(
    row: &mut egui_extras::TableRow<'_, '_>,
    ctx: &Ctx<'_>,
    layout: &Layout<'_>,
    i: usize,
    acts: &mut Vec<Act>,
) {
    let lang = ctx.lang;
    let r = &ctx.rows[i];
    if layout.mixed {
        row.col(|ui| {
            if let Some(m) = method_cell(ui, ctx, layout, i) {
                acts.push(Act::SwitchOne(i, m));
            }
        });
    }
    for (k, c) in layout.cols.iter().enumerate() {
        row.col(|ui| {
            if let Some(ch) = input_cell(ui, ctx, layout, r, c) {
                acts.push(Act::Cell(i, k, ch));
            }
        });
    }
    row.col(|ui| value_cell(ui, ctx, r.key()));
    row.col(|ui| {
        if ui
            .add_enabled(r.input.is_some(), egui::Button::new("×").small())
            .on_hover_text(t(lang, "svc_clear_row"))
            .accessible_name(format!("{} · {}", r.name, t(lang, "svc_clear_row")))
            .clicked()
        {
            acts.push(Act::ClearRow(i));
        }
    });
}

/// The county's method (when counties differ); returns a newly picked method.
fn method_cell(ui: &mut egui::Ui, ctx: &Ctx<'_>, layout: &Layout<'_>, i: usize) -> Option<String> {
    let (lang, spec) = (ctx.lang, layout.spec);
    let r = &ctx.rows[i];
    let rm = layout.row_method(r);
    let field = r.field(&format!("indicators.{}.method", spec.id));
    let problem = ctx.problem(&r.code, &field);
    mark_cell(ui, ctx.focused(&r.code, &field), problem.is_some());
    let current = r.input.as_ref().map(|inp| method_id(spec, inp));
    let text = match (&current, rm) {
        (_, Some(m)) => m.name.get(lang).to_string(),
        (Some(id), None) => id.clone(),
        (None, None) => String::new(),
    };
    let mut text = egui::RichText::new(text);
    if r.input.is_none() {
        text = text.weak();
    }
    let mut picked = None;
    let resp = egui::ComboBox::from_id_salt(("svc_m1", &spec.id, r.key(), i))
        .selected_text(text)
        .width(ui.available_width() - 4.0)
        .show_ui(ui, |ui| {
            for m in &spec.methods {
                if ui
                    .selectable_label(rm.is_some_and(|x| x.id == m.id), m.name.get(lang))
                    .clicked()
                {
                    picked = Some(m.id.clone());
                }
            }
        })
        .response
        .accessible_name(format!("{} · {}", r.name, t(lang, "method")));
    if let Some(p) = problem {
        resp.on_hover_text(p);
    }
    picked
}

/// One input of one county: a number cell, or the value struck through when the county's
/// method does not use the input.
fn input_cell(
    ui: &mut egui::Ui,
    ctx: &Ctx<'_>,
    layout: &Layout<'_>,
    r: &Row,
    c: &InputSpec,
) -> Option<CellChange> {
    let lang = ctx.lang;
    let spec = layout.spec;
    let field = r.field(&format!("indicators.{}.{}", spec.id, c.id));
    let focused = ctx.focused(&r.code, &field);
    let applies = layout
        .row_method(r)
        .is_some_and(|m| m.inputs.iter().any(|x| x.id == c.id));
    let v = r
        .input
        .as_ref()
        .and_then(|inp| inp.values.get(&c.id))
        .copied();
    let problem = ctx.problem(&r.code, &field);
    mark_cell(ui, focused, problem.is_some());
    if !applies {
        let text = match v {
            Some(x) => egui::RichText::new(format::auto(x)).weak().strikethrough(),
            None => egui::RichText::new("—").weak(),
        };
        let tip = match problem {
            Some(p) => format!("{}\n{p}", t(lang, "svc_not_in_method")),
            None => t(lang, "svc_not_in_method").to_string(),
        };
        ui.label(text).on_hover_text(tip);
        return None;
    }
    let name = format!(
        "{} · {} ({})",
        r.name,
        c.name.get(lang),
        c.unit.symbol(lang)
    );
    num_cell(
        ui,
        egui::Id::unique(("svc_cell", &spec.id, &r.code, r.part.as_deref(), &c.id)),
        v,
        CellSpec {
            decimals: decimals_for(v),
            name: &name,
            problem,
            min: c.min,
            max: c.max,
        },
    )
}

fn dropped_notice(state: &mut AppState, ctx: &Ctx<'_>, dropped: usize) {
    if dropped > 0 {
        state.notice = Some(Notice {
            text: tf(
                ctx.lang,
                "svc_method_dropped",
                &[("n", &dropped.to_string())],
            ),
            error: false,
        });
    }
}

/// Applies one act of the table as one undoable edit.
fn apply(state: &mut AppState, ctx: &Ctx<'_>, layout: &Layout<'_>, act: Act) {
    let (lang, year, spec) = (ctx.lang, ctx.year, layout.spec);
    let chosen = &layout.chosen;
    match act {
        Act::SwitchOne(i, m) => {
            let r = &ctx.rows[i];
            let code = r.code.clone();
            let mut dropped = 0;
            state.edit_counties(year, std::slice::from_ref(&code), |p| {
                dropped = set_method_one_at(p, year, r.at(), spec, &m)
            });
            dropped_notice(state, ctx, dropped);
        }
        Act::ClearRow(i) => {
            let r = &ctx.rows[i];
            let code = r.code.clone();
            state.edit_counties(year, std::slice::from_ref(&code), |p| {
                clear_indicator_at(p, year, &r.code, r.part.as_deref(), &spec.id)
            });
        }
        Act::Cell(i, k, ch) => {
            let r = &ctx.rows[i];
            let code = r.code.clone();
            let col = layout.cols[k];
            match ch {
                CellChange::Set(v) => {
                    state.edit_counties(year, std::slice::from_ref(&code), |p| {
                        set_input_at(p, year, r.at(), spec, chosen, &col.id, Some(v))
                    });
                }
                CellChange::Clear => {
                    state.edit_counties(year, std::slice::from_ref(&code), |p| {
                        set_input_at(p, year, r.at(), spec, chosen, &col.id, None)
                    });
                }
                CellChange::Rejected(s) => {
                    state.notice = Some(Notice {
                        text: tf(
                            lang,
                            "svc_rejected",
                            &[
                                ("value", &s),
                                ("name", col.name.get(lang)),
                                ("range", &range_text(lang, col.min, col.max)),
                            ],
                        ),
                        error: true,
                    });
                }
                CellChange::Paste(block) => paste(state, ctx, layout, i, k, &block),
            }
        }
    }
}

/// A block pasted with (county `i`, input `k`) as top-left: one undoable edit; cells the
/// county's method does not use, non-numbers and values out of range are skipped.
fn paste(
    state: &mut AppState,
    ctx: &Ctx<'_>,
    layout: &Layout<'_>,
    i: usize,
    k: usize,
    block: &[Vec<String>],
) {
    let (lang, year, spec) = (ctx.lang, ctx.year, layout.spec);
    let rows = ctx.rows.get(i..).unwrap_or_default();
    let cols = layout.cols.get(k..).unwrap_or_default();
    let mut n = PasteCount::default();
    let codes = super::ctx::pasted_codes(rows, block.len());
    state.edit_counties(year, &codes, |p| {
        n = apply_block(block, rows, cols, |r, c, cell| {
            let used = layout
                .row_method(r)
                .is_some_and(|m| m.inputs.iter().any(|x| x.id == c.id));
            match cell_number(cell, c.min, c.max) {
                Ok(None) => Pasted::Ignored,
                Err(why) => Pasted::Rejected(why),
                Ok(Some(_)) if !used => Pasted::Rejected(Why::NotUsed),
                Ok(Some(v)) => {
                    set_input_at(p, year, r.at(), spec, &layout.chosen, &c.id, Some(v));
                    Pasted::Written
                }
            }
        });
    });
    let names: Vec<String> = rows.iter().map(|r| r.name.clone()).collect();
    let heads: Vec<String> = cols.iter().map(|c| c.name.get(lang).to_string()).collect();
    clip::report_paste(
        state,
        &n,
        |r| names.get(r).cloned().unwrap_or_default(),
        |c| heads.get(c).cloned().unwrap_or_default(),
    );
}
