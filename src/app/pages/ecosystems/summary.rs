//! The table "GEP by ecosystem type" of the county and of the region (`view::ecosystem`), in
//! the money unit of the settings stated in the header, with copy for WPS/Excel. The numbers
//! are the engine's (`by_ecosystem`, `Totals`): nothing is summed here.

use eframe::egui;

use crate::app::format;
use crate::app::state::AppState;
use crate::app::table::clip;
use crate::i18n::{Lang, t};
use crate::io::clipboard::tsv_number;
use crate::units::MoneyUnit;
use crate::view::ecosystem::{self, EcoRowKind, EcoTable};

pub(super) fn summary_ui(ui: &mut egui::Ui, state: &mut AppState, code: &str) {
    let lang = state.lang();
    let money = state.settings.money_unit;
    let acc = match state.accounts() {
        Ok(a) => a,
        Err(e) => {
            ui.colored_label(ui.visuals().error_fg_color, e.message(lang));
            return;
        }
    };
    let labels = state.labels();
    let county = ecosystem::county_table(&labels, &acc, code);
    let region = ecosystem::region_table(&labels, &acc);
    let heads = ecosystem::headers(&labels, money);
    let mut copy: Option<Vec<Vec<String>>> = None;
    egui::ScrollArea::vertical()
        .id_salt("ecov_summary_scroll")
        .show(ui, |ui| {
            match &county {
                Some(tb) => {
                    if table_ui(ui, lang, tb, &heads, money) {
                        copy = Some(copy_rows(tb, &heads, money));
                    }
                }
                None => {
                    ui.label(t(lang, "ecov_county_not_split"));
                }
            }
            if let Some(tb) = &region {
                ui.add_space(10.0);
                if table_ui(ui, lang, tb, &heads, money) {
                    copy = Some(copy_rows(tb, &heads, money));
                }
            }
            ui.add_space(6.0);
            ui.add(
                egui::Label::new(egui::RichText::new(ecosystem::note(lang)).weak().small()).wrap(),
            );
        });
    if let Some(rows) = copy {
        clip::copy_rows(ui.ctx(), state, &rows);
    }
}

/// One table with its title and copy button; true when copy was clicked.
fn table_ui(
    ui: &mut egui::Ui,
    lang: Lang,
    tb: &EcoTable,
    heads: &[String; 5],
    money: MoneyUnit,
) -> bool {
    let mut copy = false;
    ui.horizontal(|ui| {
        ui.strong(crate::i18n::tf(
            lang,
            "ecov_table_title_of",
            &[("name", &tb.name)],
        ));
        copy = clip::copy_button(ui, lang);
    });
    egui::Grid::new(("ecov_table", tb.code.as_deref().unwrap_or("region")))
        .striped(true)
        .num_columns(5)
        .spacing([18.0, 4.0])
        .show(ui, |ui| {
            for h in heads {
                ui.strong(h);
            }
            ui.end_row();
            for r in &tb.rows {
                let strong = r.kind == EcoRowKind::Total;
                let text = |s: String| {
                    let t = egui::RichText::new(s);
                    if strong { t.strong() } else { t }
                };
                ui.label(text(r.name.clone()));
                for v in [r.material, r.regulating, r.cultural, Some(r.total)] {
                    // A fixed width, right-aligned, so the last column does not stretch.
                    ui.allocate_ui_with_layout(
                        egui::vec2(110.0, 18.0),
                        egui::Layout::right_to_left(egui::Align::Center),
                        |ui| {
                            ui.label(text(
                                v.map_or_else(String::new, |v| format::money_value(v, money)),
                            ));
                        },
                    );
                }
                ui.end_row();
            }
        });
    copy
}

fn copy_rows(tb: &EcoTable, heads: &[String; 5], money: MoneyUnit) -> Vec<Vec<String>> {
    let mut out = vec![heads.to_vec()];
    for r in &tb.rows {
        let mut line = vec![r.name.trim_start_matches('　').trim_start().to_string()];
        line.extend(
            [r.material, r.regulating, r.cultural, Some(r.total)]
                .into_iter()
                .map(|v| tsv_number(v.map(|x| money.from_yuan(x)), format::money_decimals(money))),
        );
        out.push(line);
    }
    out
}
