//! The results section of the ESV page: ESV next to GEP per county (virtualised rows, region
//! total, a bar chart, 复制表格 for the table) and ESV by service for the region. Numbers come from the accounts; the
//! page only formats them.

use eframe::egui;

use super::{current_table, right, slot};
use crate::app::chart_ui;
use crate::app::format;
use crate::app::state::AppState;
use crate::app::table::clip;
use crate::engine::Accounts;
use crate::i18n::Lang;
use crate::i18n::{t, tf};
use crate::io::clipboard::tsv_number;
use crate::units::MoneyUnit;
use crate::view::chart::build::{region_esv_by_service, service_names};
use crate::view::chart::{Bars, PALETTE, Series};

pub(super) fn results(ui: &mut egui::Ui, state: &mut AppState, acc: Option<&Accounts>) {
    let lang = state.lang();
    let unit = state.settings.money_unit;
    let Some(acc) = acc else {
        ui.label(t(lang, "esv_no_accounts"));
        return;
    };
    let computed = acc.counties.iter().any(|c| c.esv.is_some());
    if !computed {
        for p in acc
            .problems
            .iter()
            .filter(|p| p.county.is_none() && p.indicator.is_none())
        {
            ui.colored_label(
                ui.visuals().error_fg_color,
                match lang {
                    Lang::Zh => &p.message_zh,
                    Lang::En => &p.message_en,
                },
            );
        }
        ui.label(t(lang, "esv_not_computed"));
        return;
    }
    let copy = ui
        .horizontal(|ui| {
            ui.label(
                egui::RichText::new(tf(
                    lang,
                    "esv_results_caption",
                    &[
                        ("price_year", &acc.price_year.to_string()),
                        ("unit", unit.unit().symbol(lang)),
                    ],
                ))
                .weak(),
            );
            clip::copy_button(ui, lang)
        })
        .inner;
    if copy {
        clip::copy_rows(ui.ctx(), state, &copy_rows(lang, unit, acc));
    }
    super::adjust::results_note(ui, lang, state.revision, acc);
    // Header, then the county rows virtualised (thousands of counties stay cheap), then totals.
    let row = |ui: &mut egui::Ui, name: &str, values: [Option<f64>; 4], strong: bool| {
        ui.horizontal(|ui| {
            slot(ui, 150.0, |ui| {
                if strong {
                    ui.strong(name)
                } else {
                    ui.label(name)
                }
            });
            for v in values {
                right(ui, 170.0, |ui| {
                    let text = v.map_or("—".to_string(), |v| format::money_value(v, unit));
                    if strong {
                        ui.strong(text)
                    } else {
                        ui.label(text)
                    }
                });
            }
        });
    };
    ui.horizontal(|ui| {
        slot(ui, 150.0, |ui| ui.strong(t(lang, "page_counties")));
        for key in ["gep_total", "esv_total", "esv_market", "esv_non_market"] {
            let text = match key {
                "gep_total" => t(lang, "gep_total"),
                "esv_total" => t(lang, "esv_total"),
                "esv_market" => t(lang, "esv_market"),
                _ => t(lang, "esv_non_market"),
            };
            right(ui, 170.0, |ui| ui.strong(text));
        }
    });
    let row_h = ui.spacing().interact_size.y + 2.0;
    egui::ScrollArea::vertical()
        .id_salt("esv_vs_gep_rows")
        .max_height(row_h * 14.0)
        .show_rows(ui, row_h, acc.counties.len(), |ui, range| {
            for c in &acc.counties[range] {
                let e = c.esv.as_ref();
                row(
                    ui,
                    c.name_zh_or_en(lang),
                    [
                        Some(c.totals.gep),
                        e.map(|e| e.total),
                        e.map(|e| e.market),
                        e.map(|e| e.non_market),
                    ],
                    false,
                );
            }
        });
    let r = &acc.region;
    row(
        ui,
        t(lang, "region_total"),
        [
            Some(r.totals.gep),
            Some(r.esv_total),
            Some(r.esv_market),
            Some(r.esv_non_market),
        ],
        true,
    );
    ui.add_space(6.0);
    chart_ui(ui, lang, unit, acc);
    ui.add_space(8.0);
    by_service_ui(ui, state, acc);
}

/// The ESV-beside-GEP table, header row first, for the clipboard: county, GEP, ESV, market,
/// non-market (in the money unit shown), then the region's total.
fn copy_rows(lang: Lang, unit: MoneyUnit, acc: &Accounts) -> Vec<Vec<String>> {
    let sym = unit.unit().symbol(lang);
    let dec = format::money_decimals(unit);
    let mut head = vec![t(lang, "page_counties").to_string()];
    for key in ["gep_total", "esv_total", "esv_market", "esv_non_market"] {
        head.push(format!("{} ({sym})", t(lang, key)));
    }
    let line = |name: &str, values: [Option<f64>; 4]| {
        let mut r = vec![name.to_string()];
        r.extend(values.map(|v| tsv_number(v.map(|v| unit.from_yuan(v)), dec)));
        r
    };
    let mut out = vec![head];
    for c in &acc.counties {
        let e = c.esv.as_ref();
        out.push(line(
            c.name_zh_or_en(lang),
            [
                Some(c.totals.gep),
                e.map(|e| e.total),
                e.map(|e| e.market),
                e.map(|e| e.non_market),
            ],
        ));
    }
    let r = &acc.region;
    out.push(line(
        t(lang, "region_total"),
        [
            Some(r.totals.gep),
            Some(r.esv_total),
            Some(r.esv_market),
            Some(r.esv_non_market),
        ],
    ));
    out
}

/// GEP and ESV per county as bars.
fn chart_ui(ui: &mut egui::Ui, lang: Lang, unit: MoneyUnit, acc: &Accounts) {
    let horizontal = acc.counties.len() > 16;
    let h = if horizontal {
        acc.counties.len() as f32 * 26.0 + 80.0
    } else {
        280.0
    };
    if !chart_ui::in_view(ui, h) {
        return;
    }
    let sym = unit.unit().symbol(lang);
    let bars = Bars {
        categories: acc
            .counties
            .iter()
            .map(|c| c.name_zh_or_en(lang).to_string())
            .collect(),
        series: vec![
            Series {
                name: t(lang, "gep_total").to_string(),
                color: PALETTE[0],
                values: acc
                    .counties
                    .iter()
                    .map(|c| Some(unit.from_yuan(c.totals.gep)))
                    .collect(),
            },
            Series {
                name: t(lang, "esv_total").to_string(),
                color: PALETTE[5],
                values: acc
                    .counties
                    .iter()
                    .map(|c| c.esv.as_ref().map(|e| unit.from_yuan(e.total)))
                    .collect(),
            },
        ],
        stacked: false,
        horizontal,
        value_axis: format!("{} ({sym})", t(lang, "esv_value")),
        category_axis: String::new(),
        unit: sym.to_string(),
        decimals: format::money_decimals(unit),
        labels: Vec::new(),
        tips: Vec::new(),
    };
    chart_ui::bars_ui(ui, "esv_vs_gep_plot", &bars, h);
}

/// ESV by service for the region, with the market / non-market kind.
fn by_service_ui(ui: &mut egui::Ui, state: &AppState, acc: &Accounts) {
    let lang = state.lang();
    let unit = state.settings.money_unit;
    let sym = unit.unit().symbol(lang);
    ui.strong(t(lang, "esv_by_service_heading"));
    let names = acc
        .counties
        .iter()
        .find_map(|c| c.esv.as_ref())
        .map(|e| service_names(&state.labels(), &e.table))
        .unwrap_or_default();
    let market_of = current_table(state)
        .map(|t| {
            t.services
                .iter()
                .map(|s| (s.id.clone(), s.market))
                .collect::<std::collections::HashMap<_, _>>()
        })
        .unwrap_or_default();
    egui::Grid::new("esv_by_service")
        .num_columns(3)
        .striped(true)
        .spacing([18.0, 4.0])
        .show(ui, |ui| {
            ui.strong(t(lang, "esv_service"));
            ui.strong(t(lang, "esv_kind"));
            right(ui, 150.0, |ui| {
                ui.strong(format!("{} ({sym})", t(lang, "esv_value")))
            });
            ui.end_row();
            for (id, v) in region_esv_by_service(acc) {
                ui.label(names.get(&id).cloned().unwrap_or_else(|| id.clone()));
                ui.label(match market_of.get(&id) {
                    Some(true) => t(lang, "esv_market"),
                    Some(false) => t(lang, "esv_non_market"),
                    None => "—",
                });
                right(ui, 150.0, |ui| ui.label(format::money_value(v, unit)));
                ui.end_row();
            }
        });
}
