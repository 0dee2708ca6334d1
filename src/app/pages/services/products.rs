//! Material products (物质产品): per county either product lines (quantity × price with price
//! year and source) or an output value entered directly, in two tables; the edits are gathered
//! as `ProductAct`s and applied after drawing.

use crate::app::table::{Frozen, centred_col, clip, county_name};
use eframe::egui;
use egui_extras::{Column, TableBuilder};

use crate::app::format;
use crate::app::state::{AppState, Notice};
use crate::app::widgets::{
    CellChange, CellSpec, PasteCount, YearChange, num_cell, parse_year, take_block_paste,
    text_cell, year_cell,
};
use crate::engine::Status;
use crate::i18n::Lang;
use crate::i18n::{t, tf};
use crate::model::{OutputBasis, OutputValue, ProductLine, Project};
use crate::registry::IndicatorSpec;
use crate::units::{MoneyUnit, Unit};

use super::ctx::{Ctx, decimals_for, mark_cell, pasted_codes, value_cell};
use super::edits::{clear_indicator, entry, existing, prune};
use super::product_clip::{copy_rows, paste_lines, paste_outputs, report_lines, report_outputs};

/// Units offered for product lines: those a price per unit is defined for.
pub(super) const PRODUCT_UNITS: [Unit; 17] = [
    Unit::T,
    Unit::Kg,
    Unit::M3,
    Unit::Kwh,
    Unit::Hm2,
    Unit::M2,
    Unit::M,
    Unit::PersonTrip,
    Unit::Head,
    Unit::Animal,
    Unit::Plant,
    Unit::Stem,
    Unit::Piece,
    Unit::Bird,
    Unit::Fish,
    Unit::TC,
    Unit::TCo2,
];

/// What a product-line column holds (paste maps spreadsheet columns onto these in order).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum LineCol {
    Name,
    Quantity,
    Unit,
    Price,
    PriceYear,
    Source,
}

pub(super) const LINE_COLS: [LineCol; 6] = [
    LineCol::Name,
    LineCol::Quantity,
    LineCol::Unit,
    LineCol::Price,
    LineCol::PriceYear,
    LineCol::Source,
];

/// What an output-value column holds.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum OutCol {
    Value,
    Basis,
    PriceYear,
    Source,
}

pub(super) const OUT_COLS: [OutCol; 4] = [
    OutCol::Value,
    OutCol::Basis,
    OutCol::PriceYear,
    OutCol::Source,
];

/// Edits of the material-products page, applied after the tables are drawn.
pub(super) enum ProductAct {
    /// Keep lines (drop the output value) or keep the output value (drop the lines).
    Mode(usize, bool),
    Out(usize, OutCol, String),
    OutClear(usize),
    OutPaste(usize, OutCol, Vec<Vec<String>>),
    Line(usize, usize, LineCol, String),
    LinePaste(usize, usize, LineCol, Vec<Vec<String>>),
    AddLine(usize),
    RemoveLine(usize, usize),
    Clear(usize),
    Rejected(String),
    /// A price year that is not a whole year in range.
    RejectedYear(String),
}

/// Material products: per county either product lines or an output value entered directly.
pub(super) fn products_ui(
    ui: &mut egui::Ui,
    state: &mut AppState,
    ctx: &Ctx<'_>,
    spec: &IndicatorSpec,
) {
    let lang = ctx.lang;
    let rows = ctx.rows;
    let money = ctx.money;
    let base = format!("indicators.{}", spec.id);
    let mut open: Option<String> = state.pages.services.lines_open.get(&spec.id).cloned();
    if let Some((code, field)) = ctx.focus
        && ctx.scroll_to.is_some()
        && field.starts_with(&format!("{base}.products"))
    {
        open = Some(code.clone());
    }
    let copy = ui
        .horizontal(|ui| {
            ui.label(egui::RichText::new(t(lang, "svc_products_intro")).weak());
            clip::copy_button(ui, lang)
        })
        .inner;
    if copy {
        clip::copy_rows(ui.ctx(), state, &copy_rows(ctx));
    }
    let mut act: Option<ProductAct> = None;

    // The product-line editor of one county, in a bottom panel.
    let open_row = open
        .as_ref()
        .and_then(|c| rows.iter().position(|r| &r.code == c));
    if let Some(oi) = open_row {
        egui::Panel::bottom(("svc_lines_panel", spec.id.as_str()))
            .resizable(true)
            .default_size(250.0)
            .min_size(120.0)
            .show(ui, |ui| {
                lines_ui(ui, ctx, spec, oi, &mut open, &mut act);
            });
    }

    let columns = vec![
        Column::initial(120.0).at_least(90.0),
        Column::initial(110.0).at_least(70.0),
        Column::initial(92.0).at_least(60.0),
        Column::initial(64.0).at_least(50.0),
        Column::initial(120.0).at_least(60.0),
        Column::initial(96.0).at_least(70.0),
        Column::initial(110.0).at_least(70.0),
        Column::exact(30.0),
    ];
    let base_field = base.clone();
    Frozen {
        id_salt: &format!("svc_ptable_{}", spec.id),
        label_width: 120.0,
        columns,
        header_height: 40.0,
        row_height: 26.0,
        rows: rows.len(),
        scroll_to_row: ctx.scroll_to,
        selected_row: ctx.selected_row,
        reserve_below: 8.0,
        height: None,
    }
    .show(
        ui,
        |ui| {
            ui.strong(t(lang, "page_counties"));
        },
        |ui, i| {
            let r = &rows[i];
            mark_cell(ui, ctx.focused(&r.code, &base_field), false);
            ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                if county_name(ui, &r.name).on_hover_text(&r.code).clicked() {
                    ctx.named.set(Some(i));
                }
            });
        },
        |mut h| products_header(&mut h, lang, money),
        |mut row| {
            let i = row.index();
            product_row(&mut row, ctx, spec, i, &mut open, &mut act);
        },
    );

    if let Some(ProductAct::Mode(i, true)) = &act
        && open.as_ref() != Some(&rows[*i].code)
    {
        open = Some(rows[*i].code.clone());
    }
    match open {
        Some(c) => {
            state.pages.services.lines_open.insert(spec.id.clone(), c);
        }
        None => {
            state.pages.services.lines_open.remove(&spec.id);
        }
    }
    if let Some(a) = act {
        apply_product_act(state, ctx, spec, a);
    }
}

/// Column heads of the products table (the county column is the frozen label column's).
fn products_header(h: &mut egui_extras::TableRow<'_, '_>, lang: Lang, money: MoneyUnit) {
    h.col(|ui| {
        ui.strong(t(lang, "svc_entry_mode"))
            .on_hover_text(t(lang, "svc_entry_mode_help"));
    });
    h.col(|ui| {
        ui.strong(format!(
            "{}\n{}",
            t(lang, "svc_output_value"),
            money.unit().symbol(lang)
        ));
    });
    h.col(|ui| {
        ui.strong(t(lang, "svc_basis"))
            .on_hover_text(t(lang, "svc_basis_help"));
    });
    h.col(|ui| {
        ui.strong(t(lang, "svc_price_year"))
            .on_hover_text(t(lang, "svc_price_year_help"));
    });
    h.col(|ui| {
        ui.strong(t(lang, "svc_source"));
    });
    h.col(|ui| {
        ui.strong(t(lang, "svc_lines"));
    });
    h.col(|ui| {
        ui.strong(format!(
            "{}\n{}",
            t(lang, "svc_value"),
            money.unit().symbol(lang)
        ))
        .on_hover_text(t(lang, "svc_value_help"));
    });
    h.col(|_| {});
}

/// One county of the products table (its name is in the frozen column): entry mode, the output-value columns, the
/// product lines button, the engine's value, clear.
fn product_row(
    row: &mut egui_extras::TableRow<'_, '_>,
    ctx: &Ctx<'_>,
    spec: &IndicatorSpec,
    i: usize,
    open: &mut Option<String>,
    act: &mut Option<ProductAct>,
) {
    let lang = ctx.lang;
    let base = format!("indicators.{}", spec.id);
    let r = &ctx.rows[i];
    let inp = r.input.as_ref();
    let has_lines = inp.is_some_and(|x| !x.products.is_empty());
    let ov = inp.and_then(|x| x.output_value.as_ref());
    let both = has_lines && ov.is_some();
    let both_problem = ctx.problem(&r.code, &base);
    centred_col(row, |ui| {
        mark_cell(ui, false, both_problem.is_some());
        let text = if both {
            egui::RichText::new(t(lang, "svc_mode_both")).color(ui.visuals().error_fg_color)
        } else if has_lines {
            egui::RichText::new(t(lang, "svc_mode_lines"))
        } else if ov.is_some() {
            egui::RichText::new(t(lang, "svc_mode_output"))
        } else {
            egui::RichText::new(t(lang, "svc_not_entered_short")).weak()
        };
        let resp = egui::ComboBox::from_id_salt(("svc_mode", &spec.id, i))
            .selected_text(text)
            .width(ui.available_width() - 4.0)
            .show_ui(ui, |ui| {
                if ui
                    .selectable_label(has_lines && !both, t(lang, "svc_mode_lines"))
                    .clicked()
                {
                    *act = Some(ProductAct::Mode(i, true));
                }
                if ui
                    .selectable_label(ov.is_some() && !both, t(lang, "svc_mode_output"))
                    .clicked()
                {
                    *act = Some(ProductAct::Mode(i, false));
                }
            })
            .response
            .accessible_name(format!("{} · {}", r.name, t(lang, "svc_entry_mode")));
        if let Some(p) = both_problem {
            resp.on_hover_text(p);
        }
    });
    output_cols(row, ctx, spec, i, act);
    centred_col(row, |ui| {
        let problem = (0..inp.map_or(0, |x| x.products.len())).find_map(|k| {
            ctx.problem(&r.code, &format!("{base}.products[{k}].quantity"))
                .or_else(|| ctx.problem(&r.code, &format!("{base}.products[{k}].price")))
        });
        mark_cell(ui, false, problem.is_some());
        let n = inp.map_or(0, |x| x.products.len());
        let is_open = open.as_ref() == Some(&r.code);
        let enabled = ov.is_none() || both;
        let label = if n == 0 {
            t(lang, "svc_lines_add").to_string()
        } else {
            tf(lang, "svc_lines_n", &[("n", &n.to_string())])
        };
        let resp = ui
            .add_enabled(enabled, egui::Button::selectable(is_open, label))
            .on_hover_text(t(lang, "svc_lines_help"))
            .on_disabled_hover_text(t(lang, "svc_uses_output"));
        if resp.clicked() {
            *open = if is_open { None } else { Some(r.code.clone()) };
        }
    });
    centred_col(row, |ui| value_cell(ui, ctx, &r.code));
    centred_col(row, |ui| {
        if ui
            .add_enabled(inp.is_some(), egui::Button::new("×").small())
            .on_hover_text(t(lang, "svc_clear_row"))
            .accessible_name(format!("{} · {}", r.name, t(lang, "svc_clear_row")))
            .clicked()
        {
            *act = Some(ProductAct::Clear(i));
        }
    });
}

/// The output value entered directly, its basis, price year and source (only without product
/// lines).
fn output_cols(
    row: &mut egui_extras::TableRow<'_, '_>,
    ctx: &Ctx<'_>,
    spec: &IndicatorSpec,
    i: usize,
    act: &mut Option<ProductAct>,
) {
    let (lang, year, money) = (ctx.lang, ctx.year, ctx.money);
    let base = format!("indicators.{}", spec.id);
    let r = &ctx.rows[i];
    let inp = r.input.as_ref();
    let has_lines = inp.is_some_and(|x| !x.products.is_empty());
    let ov = inp.and_then(|x| x.output_value.as_ref());
    let both = has_lines && ov.is_some();
    let out_enabled = !has_lines || both;
    let out_field = format!("{base}.output_value");
    centred_col(row, |ui| {
        let problem = ctx.problem(&r.code, &out_field);
        mark_cell(ui, ctx.focused(&r.code, &out_field), problem.is_some());
        if !out_enabled {
            ui.label(egui::RichText::new("—").weak())
                .on_hover_text(t(lang, "svc_uses_lines"));
            return;
        }
        let name = format!(
            "{} · {} ({})",
            r.name,
            t(lang, "svc_output_value"),
            money.unit().symbol(lang)
        );
        let id = egui::Id::unique(("svc_ov", &spec.id, &r.code));
        let v = ov.map(|o| money.from_yuan(o.value_yuan));
        if let Some(ch) = num_cell(
            ui,
            id,
            v,
            CellSpec {
                decimals: format::money_decimals(money),
                name: &name,
                problem,
                min: Some(0.0),
                max: None,
            },
        ) {
            *act = Some(match ch {
                CellChange::Set(x) => ProductAct::Out(i, OutCol::Value, format!("{x}")),
                CellChange::Clear => ProductAct::OutClear(i),
                CellChange::Paste(b) => ProductAct::OutPaste(i, OutCol::Value, b),
                CellChange::Rejected(s) => ProductAct::Rejected(s),
            });
        }
    });
    centred_col(row, |ui| {
        let Some(o) = ov else {
            ui.label(egui::RichText::new("—").weak());
            return;
        };
        let text = basis_text(lang, o.basis);
        egui::ComboBox::from_id_salt(("svc_basis", &spec.id, i))
            .selected_text(text)
            .width(ui.available_width() - 4.0)
            .show_ui(ui, |ui| {
                for b in [OutputBasis::Gross, OutputBasis::Net] {
                    if ui
                        .selectable_label(o.basis == b, basis_text(lang, b))
                        .clicked()
                    {
                        *act = Some(ProductAct::Out(i, OutCol::Basis, basis_key(b).to_string()));
                    }
                }
            })
            .response
            .accessible_name(format!("{} · {}", r.name, t(lang, "svc_basis")));
    });
    centred_col(row, |ui| {
        let Some(o) = ov else {
            ui.label(egui::RichText::new("—").weak());
            return;
        };
        let name = format!("{} · {}", r.name, t(lang, "svc_price_year"));
        let id = egui::Id::unique(("svc_ov_year", &spec.id, &r.code));
        if let Some(ch) = year_cell(ui, id, o.price_year, Some(year), &name) {
            *act = Some(match ch {
                YearChange::Set(y) => ProductAct::Out(
                    i,
                    OutCol::PriceYear,
                    y.map_or_else(String::new, |y| y.to_string()),
                ),
                YearChange::Paste(b) => ProductAct::OutPaste(i, OutCol::PriceYear, b),
                YearChange::Rejected(s) => ProductAct::RejectedYear(s),
            });
        }
    });
    centred_col(row, |ui| {
        let Some(o) = ov else {
            ui.label(egui::RichText::new("—").weak());
            return;
        };
        let id = egui::Id::unique(("svc_ov_src", &spec.id, &r.code));
        if let Some(b) = take_block_paste(ui, id) {
            *act = Some(ProductAct::OutPaste(i, OutCol::Source, b));
        }
        let name = format!("{} · {}", r.name, t(lang, "svc_source"));
        if let Some(s) = text_cell(ui, id, &o.source, &name) {
            *act = Some(ProductAct::Out(i, OutCol::Source, s));
        }
    });
}

/// The product lines of county `oi`.
pub(super) fn lines_ui(
    ui: &mut egui::Ui,
    ctx: &Ctx<'_>,
    spec: &IndicatorSpec,
    oi: usize,
    open: &mut Option<String>,
    act: &mut Option<ProductAct>,
) {
    let lang = ctx.lang;
    let money = ctx.money;
    let r = &ctx.rows[oi];
    let lines: Vec<ProductLine> = r
        .input
        .as_ref()
        .map_or_else(Vec::new, |x| x.products.clone());
    let has_output = r.input.as_ref().is_some_and(|x| x.output_value.is_some());
    let computed = ctx.computed.get(&r.code);
    let line_values: Option<&Vec<f64>> = computed
        .filter(|c| c.status == Status::Computed && c.lines.len() == lines.len())
        .map(|c| &c.lines);
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.strong(tf(
            lang,
            "svc_lines_title",
            &[("county", &r.name), ("indicator", spec.name.get(lang))],
        ));
        if ui
            .add_enabled(!has_output, egui::Button::new(t(lang, "svc_add_line")))
            .on_disabled_hover_text(t(lang, "svc_uses_output"))
            .clicked()
        {
            *act = Some(ProductAct::AddLine(oi));
        }
        if ui.button(t(lang, "close")).clicked() {
            *open = None;
        }
    });
    if lines.is_empty() {
        ui.label(egui::RichText::new(t(lang, "svc_no_lines")).weak());
        return;
    }
    TableBuilder::new(ui)
        .id_salt(("svc_lines_table", &spec.id))
        .striped(true)
        .resizable(true)
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::initial(120.0).at_least(70.0))
        .column(Column::initial(100.0).at_least(60.0))
        .column(Column::initial(80.0).at_least(60.0))
        .column(Column::initial(110.0).at_least(70.0))
        .column(Column::initial(70.0).at_least(50.0))
        .column(Column::initial(170.0).at_least(70.0))
        .column(Column::initial(110.0).at_least(70.0))
        .column(Column::exact(30.0))
        .header(24.0, |mut h| {
            for key in [
                "svc_line_name",
                "svc_line_quantity",
                "svc_line_unit",
                "svc_line_price",
                "svc_price_year",
                "svc_source",
            ] {
                h.col(|ui| {
                    ui.strong(t(lang, key));
                });
            }
            h.col(|ui| {
                ui.strong(format!(
                    "{} ({})",
                    t(lang, "svc_value"),
                    money.unit().symbol(lang)
                ));
            });
            h.col(|_| {});
        })
        .body(|body| {
            body.rows(26.0, lines.len(), |mut row| {
                let k = row.index();
                line_row(&mut row, ctx, spec, (oi, k), &lines[k], line_values, act);
            });
        });
}

/// One product line of county `oi`: name, quantity, unit, price, price year, source, value,
/// remove.
fn line_row(
    row: &mut egui_extras::TableRow<'_, '_>,
    ctx: &Ctx<'_>,
    spec: &IndicatorSpec,
    (oi, k): (usize, usize),
    line: &ProductLine,
    line_values: Option<&Vec<f64>>,
    act: &mut Option<ProductAct>,
) {
    let lang = ctx.lang;
    let money = ctx.money;
    let r = &ctx.rows[oi];
    let label = |what: &str| format!("{} · {} {} · {what}", r.name, t(lang, "svc_line"), k + 1);
    // Name
    row.col(|ui| {
        let id = egui::Id::unique(("svc_line", &spec.id, &r.code, k, 0));
        if let Some(b) = take_block_paste(ui, id) {
            *act = Some(ProductAct::LinePaste(oi, k, LineCol::Name, b));
        }
        mark_cell(ui, false, line.name.trim().is_empty());
        if let Some(s) = text_cell(ui, id, &line.name, &label(t(lang, "svc_line_name"))) {
            *act = Some(ProductAct::Line(oi, k, LineCol::Name, s));
        }
    });
    for (col, value, field) in [
        (LineCol::Quantity, line.quantity, "quantity"),
        (LineCol::Unit, 0.0, ""),
        (LineCol::Price, line.price, "price"),
    ] {
        row.col(|ui| {
            line_value_cell(ui, ctx, spec, (oi, k), line, (col, value, field), act);
        });
    }
    row.col(|ui| {
        let id = egui::Id::unique((
            "svc_line",
            &spec.id,
            &r.code,
            k,
            LineCol::PriceYear as usize,
        ));
        let name = label(t(lang, "svc_price_year"));
        if let Some(ch) = year_cell(ui, id, line.price_year, Some(ctx.year), &name) {
            *act = Some(match ch {
                YearChange::Set(y) => ProductAct::Line(
                    oi,
                    k,
                    LineCol::PriceYear,
                    y.map_or_else(String::new, |y| y.to_string()),
                ),
                YearChange::Paste(b) => ProductAct::LinePaste(oi, k, LineCol::PriceYear, b),
                YearChange::Rejected(s) => ProductAct::RejectedYear(s),
            });
        }
    });
    row.col(|ui| {
        let id = egui::Id::unique(("svc_line", &spec.id, &r.code, k, LineCol::Source as usize));
        if let Some(b) = take_block_paste(ui, id) {
            *act = Some(ProductAct::LinePaste(oi, k, LineCol::Source, b));
        }
        if let Some(s) = text_cell(ui, id, &line.source, &label(t(lang, "svc_source"))) {
            *act = Some(ProductAct::Line(oi, k, LineCol::Source, s));
        }
    });
    row.col(|ui| {
        ui.with_layout(
            egui::Layout::right_to_left(egui::Align::Center),
            |ui| match line_values.and_then(|v| v.get(k)) {
                Some(v) => ui.label(format::money_value(*v, money)),
                None => ui.label(egui::RichText::new("—").weak()),
            },
        );
    });
    row.col(|ui| {
        if ui
            .small_button("×")
            .on_hover_text(t(lang, "svc_remove_line"))
            .accessible_name(label(t(lang, "svc_remove_line")))
            .clicked()
        {
            *act = Some(ProductAct::RemoveLine(oi, k));
        }
    });
}

/// The quantity, unit or price of a product line.
fn line_value_cell(
    ui: &mut egui::Ui,
    ctx: &Ctx<'_>,
    spec: &IndicatorSpec,
    (oi, k): (usize, usize),
    line: &ProductLine,
    (col, value, field): (LineCol, f64, &str),
    act: &mut Option<ProductAct>,
) {
    let lang = ctx.lang;
    let r = &ctx.rows[oi];
    let base = format!("indicators.{}", spec.id);
    let label = |what: &str| format!("{} · {} {} · {what}", r.name, t(lang, "svc_line"), k + 1);
    let blank = line.quantity == 0.0 && line.price == 0.0;
    if col == LineCol::Unit {
        egui::ComboBox::from_id_salt(("svc_line_unit", &spec.id, oi, k))
            .selected_text(line.unit.symbol(lang))
            .width(ui.available_width() - 4.0)
            .show_ui(ui, |ui| {
                let mut units = PRODUCT_UNITS.to_vec();
                if !units.contains(&line.unit) {
                    units.push(line.unit);
                }
                for u in units {
                    if ui
                        .selectable_label(u == line.unit, u.symbol(lang))
                        .clicked()
                    {
                        *act = Some(ProductAct::Line(oi, k, LineCol::Unit, u.key().to_string()));
                    }
                }
            })
            .response
            .accessible_name(label(t(lang, "svc_line_unit")));
        return;
    }
    let f = format!("{base}.products[{k}].{field}");
    let problem = ctx.problem(&r.code, &f);
    let hint = (blank && problem.is_none()).then(|| t(lang, "svc_line_blank"));
    mark_cell(
        ui,
        ctx.focused(&r.code, &f),
        problem.is_some() || hint.is_some(),
    );
    let unit_label = if col == LineCol::Price {
        crate::units::price_unit_for(line.unit)
            .map_or_else(String::new, |u| u.symbol(lang).to_string())
    } else {
        line.unit.symbol(lang).to_string()
    };
    let name = format!(
        "{} ({unit_label})",
        label(if col == LineCol::Price {
            t(lang, "svc_line_price")
        } else {
            t(lang, "svc_line_quantity")
        })
    );
    if let Some(ch) = num_cell(
        ui,
        egui::Id::unique(("svc_line", &spec.id, &r.code, k, col as usize)),
        Some(value),
        CellSpec {
            decimals: decimals_for(Some(value)),
            name: &name,
            problem: problem.or(hint),
            min: Some(0.0),
            max: None,
        },
    ) {
        *act = Some(match ch {
            CellChange::Set(x) => ProductAct::Line(oi, k, col, format!("{x}")),
            CellChange::Clear => ProductAct::Line(oi, k, col, "0".into()),
            CellChange::Paste(b) => ProductAct::LinePaste(oi, k, col, b),
            CellChange::Rejected(s) => ProductAct::Rejected(s),
        });
    }
}

pub(super) fn basis_text(lang: Lang, b: OutputBasis) -> &'static str {
    match b {
        OutputBasis::Gross => t(lang, "svc_basis_gross"),
        OutputBasis::Net => t(lang, "svc_basis_net"),
    }
}

pub(super) fn basis_key(b: OutputBasis) -> &'static str {
    match b {
        OutputBasis::Gross => "gross",
        OutputBasis::Net => "net",
    }
}

/// Gross / net from what a user typed or pasted.
pub(super) fn parse_basis(s: &str) -> Option<OutputBasis> {
    let s = s.trim().to_lowercase();
    match s.as_str() {
        "gross" | "总产值" | "总" | "gross output" | "gross output value" => {
            Some(OutputBasis::Gross)
        }
        "net" | "净产值" | "净" | "net output" | "net output value" => Some(OutputBasis::Net),
        _ => None,
    }
}

pub(super) fn apply_product_act(
    state: &mut AppState,
    ctx: &Ctx<'_>,
    spec: &IndicatorSpec,
    a: ProductAct,
) {
    let lang = ctx.lang;
    let year = ctx.year;
    let money = ctx.money;
    let code_of = |i: usize| ctx.rows[i].code.clone();
    let ind = spec.id.as_str();
    let method = spec
        .default_method()
        .map(|m| m.id.clone())
        .unwrap_or_default();
    let mut rejected = 0usize;
    match a {
        ProductAct::Rejected(s) => {
            state.notice = Some(Notice {
                text: format!("{}: {s}", t(lang, "not_a_number_nonneg")),
                error: true,
            });
            return;
        }
        ProductAct::RejectedYear(s) => {
            state.notice = Some(Notice {
                text: format!("{}: {s}", t(lang, "prc_bad_year")),
                error: true,
            });
            return;
        }
        ProductAct::Mode(i, lines) => {
            let code = code_of(i);
            state.edit_counties(year, std::slice::from_ref(&code), |p| {
                if let Some(e) = existing(p, year, &code, ind) {
                    if lines {
                        e.output_value = None;
                    } else {
                        e.products.clear();
                    }
                }
                prune(p, year, &code, ind);
            });
        }
        ProductAct::Clear(i) => {
            let code = code_of(i);
            state.edit_counties(year, std::slice::from_ref(&code), |p| {
                clear_indicator(p, year, &code, ind)
            });
        }
        ProductAct::OutClear(i) => {
            let code = code_of(i);
            state.edit_counties(year, std::slice::from_ref(&code), |p| {
                if let Some(e) = existing(p, year, &code, ind) {
                    e.output_value = None;
                }
                prune(p, year, &code, ind);
            });
        }
        ProductAct::Out(i, col, text) => {
            let code = code_of(i);
            state.edit_counties(year, std::slice::from_ref(&code), |p| {
                if !set_output_cell(p, year, &code, ind, &method, money, col, &text) {
                    rejected += 1;
                }
            });
        }
        ProductAct::OutPaste(i, col, block) => {
            let rows = ctx.rows.get(i..).unwrap_or_default();
            let mut n = PasteCount::default();
            let codes = pasted_codes(rows, block.len());
            state.edit_counties(year, &codes, |p| {
                n = paste_outputs(p, ctx, ind, &method, rows, col, &block)
            });
            report_outputs(state, ctx, i, col, &n);
        }
        ProductAct::AddLine(i) => {
            let code = code_of(i);
            state.edit_counties(year, std::slice::from_ref(&code), |p| {
                if let Some(e) = entry(p, year, &code, ind, &method) {
                    e.products.push(ProductLine {
                        name: String::new(),
                        quantity: 0.0,
                        unit: Unit::T,
                        price: 0.0,
                        price_year: None,
                        source: String::new(),
                    });
                }
            });
        }
        ProductAct::RemoveLine(i, k) => {
            let code = code_of(i);
            state.edit_counties(year, std::slice::from_ref(&code), |p| {
                if let Some(e) = existing(p, year, &code, ind)
                    && k < e.products.len()
                {
                    e.products.remove(k);
                }
                prune(p, year, &code, ind);
            });
        }
        ProductAct::Line(i, k, col, text) => {
            let code = code_of(i);
            state.edit_counties(year, std::slice::from_ref(&code), |p| {
                if !set_line_cell(p, year, &code, ind, &method, k, col, &text) {
                    rejected += 1;
                }
            });
        }
        ProductAct::LinePaste(i, k, col, block) => {
            let code = code_of(i);
            let mut n = PasteCount::default();
            state.edit_counties(year, std::slice::from_ref(&code), |p| {
                n = paste_lines(p, ctx, ind, &method, &code, k, col, &block)
            });
            report_lines(state, ctx, i, k, col, &n);
        }
    }
    if rejected > 0 {
        state.notice = Some(Notice {
            text: tf(lang, "svc_cells_rejected", &[("n", &rejected.to_string())]),
            error: true,
        });
    }
}

/// Sets one output-value field from text; `false` when the text is not usable.
#[allow(clippy::too_many_arguments)]
pub(super) fn set_output_cell(
    p: &mut Project,
    year: i32,
    code: &str,
    ind: &str,
    method: &str,
    money: MoneyUnit,
    col: OutCol,
    text: &str,
) -> bool {
    if col == OutCol::Value {
        let Some(v) = format::parse_number(text).filter(|v| *v >= 0.0) else {
            return false;
        };
        let Some(e) = entry(p, year, code, ind, method) else {
            return false;
        };
        let yuan = v * money.unit().factor();
        match &mut e.output_value {
            Some(o) => o.value_yuan = yuan,
            None => {
                e.output_value = Some(OutputValue {
                    value_yuan: yuan,
                    basis: OutputBasis::Gross,
                    price_year: None,
                    source: String::new(),
                })
            }
        }
        return true;
    }
    let Some(o) = existing(p, year, code, ind).and_then(|e| e.output_value.as_mut()) else {
        return false;
    };
    match col {
        OutCol::Basis => match parse_basis(text) {
            Some(b) => o.basis = b,
            None => return false,
        },
        OutCol::PriceYear => match parse_year(text) {
            Ok(y) => o.price_year = y,
            Err(()) => return false,
        },
        OutCol::Source => o.source = text.trim().to_string(),
        OutCol::Value => {}
    }
    true
}

/// Sets one field of product line `k` (appending lines as needed); `false` when unusable.
#[allow(clippy::too_many_arguments)]
pub(super) fn set_line_cell(
    p: &mut Project,
    year: i32,
    code: &str,
    ind: &str,
    method: &str,
    k: usize,
    col: LineCol,
    text: &str,
) -> bool {
    // Check the text before touching the project.
    let parsed_num = format::parse_number(text).filter(|v| *v >= 0.0);
    let unit = Unit::parse(text);
    let year_v = parse_year(text);
    let ok = match col {
        LineCol::Quantity | LineCol::Price => parsed_num.is_some(),
        LineCol::Unit => unit.is_some(),
        LineCol::PriceYear => year_v.is_ok(),
        LineCol::Name | LineCol::Source => true,
    };
    if !ok {
        return false;
    }
    let Some(e) = entry(p, year, code, ind, method) else {
        return false;
    };
    if e.output_value.is_some() {
        return false;
    }
    while e.products.len() <= k {
        e.products.push(ProductLine {
            name: String::new(),
            quantity: 0.0,
            unit: Unit::T,
            price: 0.0,
            price_year: None,
            source: String::new(),
        });
    }
    let line = &mut e.products[k];
    match col {
        LineCol::Name => line.name = text.trim().to_string(),
        LineCol::Quantity => line.quantity = parsed_num.unwrap_or(line.quantity),
        LineCol::Unit => line.unit = unit.unwrap_or(line.unit),
        LineCol::Price => line.price = parsed_num.unwrap_or(line.price),
        LineCol::PriceYear => line.price_year = year_v.unwrap_or(line.price_year),
        LineCol::Source => line.source = text.trim().to_string(),
    }
    true
}
