//! 总览 Overview: region GEP by category, per km², per capita, GEP/GDP; top and bottom
//! counties; the main chart; the validation summary, whose entries jump to the offending cell.

use eframe::egui;

use crate::app::chart_ui;
use crate::app::format;
use crate::app::nav::Page;
use crate::app::state::AppState;
use crate::i18n::{t, tf};
use crate::registry::Category;
use crate::validate::{Place, Severity, place};
use crate::view::chart::county_label;

pub fn ui(ui: &mut egui::Ui, state: &mut AppState) {
    let lang = state.lang();
    let unit = state.settings.money_unit;
    if state.project.periods.is_empty() && state.project.counties.is_empty() {
        return empty_ui(ui, state);
    }
    ui.heading(format!(
        "{} — {} {}",
        state.project.meta.name,
        state.year,
        t(lang, "year_suffix")
    ));
    if !state.project.meta.region.is_empty() {
        ui.label(&state.project.meta.region);
    }
    if state.project.meta.illustrative {
        ui.colored_label(ui.visuals().warn_fg_color, t(lang, "illustrative_long"));
    }
    let acc = match state.accounts() {
        Ok(a) => a.clone(),
        Err(e) => {
            ui.colored_label(ui.visuals().error_fg_color, e.message(state.lang()));
            // The list says what to fix (and leads there), so it stays when nothing computes.
            ui.add_space(8.0);
            egui::ScrollArea::vertical()
                .id_salt("overview_issues")
                .show(ui, |ui| issues_ui(ui, state));
            return;
        }
    };
    let r = &acc.region;
    // Both ways: at 125 %/150 % scaling the four headline cards are wider than the page.
    egui::ScrollArea::both().id_salt("overview").show(ui, |ui| {
        ui.add_space(6.0);
        egui::Grid::new("headline")
            .num_columns(4)
            .spacing([24.0, 6.0])
            .show(ui, |ui| {
                let card = |ui: &mut egui::Ui, label: &str, value: String| {
                    ui.vertical(|ui| {
                        ui.set_min_width(230.0);
                        ui.label(egui::RichText::new(label).weak());
                        ui.add(
                            egui::Label::new(egui::RichText::new(value).size(18.0).strong())
                                .wrap_mode(egui::TextWrapMode::Extend),
                        );
                    });
                };
                card(
                    ui,
                    t(lang, "gep_total"),
                    format::money(r.totals.gep, unit, lang),
                );
                for cat in Category::ALL {
                    let share = if r.totals.gross > 0.0 {
                        r.totals.category(cat) / r.totals.gross * 100.0
                    } else {
                        0.0
                    };
                    card(
                        ui,
                        cat.name().get(lang),
                        format!(
                            "{} ({:.1}%)",
                            format::money(r.totals.category(cat), unit, lang),
                            share
                        ),
                    );
                }
                ui.end_row();
                card(
                    ui,
                    t(lang, "gep_per_km2"),
                    r.ratios.gep_per_km2.map_or("—".into(), |v| {
                        format!(
                            "{} {}",
                            format::num(v / 1e4, 2),
                            t(lang, "wan_yuan_per_km2")
                        )
                    }),
                );
                card(
                    ui,
                    t(lang, "gep_per_capita"),
                    r.ratios.gep_per_capita.map_or("—".into(), |v| {
                        format!(
                            "{} {}",
                            format::num(v / 1e4, 2),
                            t(lang, "wan_yuan_per_person")
                        )
                    }),
                );
                card(
                    ui,
                    t(lang, "gep_per_gdp"),
                    r.ratios
                        .gep_per_gdp
                        .map_or("—".into(), |v| format::num(v, 2)),
                );
                card(
                    ui,
                    t(lang, "esv_total"),
                    format::money(r.esv_total, unit, lang),
                );
                ui.end_row();
            });
        if r.totals.outside_framework > 0.0 {
            ui.label(
                egui::RichText::new(tf(
                    lang,
                    "memo_outside",
                    &[(
                        "value",
                        &format::money(r.totals.outside_framework, unit, lang),
                    )],
                ))
                .weak(),
            );
        }
        ui.add_space(8.0);
        ui.strong(t(lang, "chart_stacked"));
        chart_ui::stacked_by_category(ui, "overview_stack", &acc, lang, unit, 240.0);

        ui.add_space(8.0);
        let mut ranked: Vec<_> = acc.counties.iter().collect();
        ranked.sort_by(|a, b| b.totals.gep.total_cmp(&a.totals.gep));
        ui.columns(2, |cols| {
            for (col, (title, list)) in cols.iter_mut().zip([
                (
                    t(lang, "top_counties"),
                    ranked.iter().take(5).collect::<Vec<_>>(),
                ),
                (
                    t(lang, "bottom_counties"),
                    ranked.iter().rev().take(5).collect::<Vec<_>>(),
                ),
            ]) {
                col.strong(title);
                egui::Grid::new(title).striped(true).show(col, |ui| {
                    for c in list {
                        ui.label(county_label(&c.name_zh, &c.name_en, lang));
                        ui.label(format::money(c.totals.gep, unit, lang));
                        ui.label(
                            c.ratios
                                .gep_per_gdp
                                .map_or("—".into(), |v| format!("GEP/GDP {}", format::num(v, 2))),
                        );
                        ui.end_row();
                    }
                });
            }
        });

        ui.add_space(8.0);
        issues_ui(ui, state);
    });
}

/// The validation list; clicking an entry opens the page and cell it names.
/// A project with neither counties nor years (e.g. after a file failed to open): what it is and
/// the three ways on, rather than an error about a year that was never chosen.
fn empty_ui(ui: &mut egui::Ui, state: &mut AppState) {
    use crate::app::state::Pending;
    let lang = state.lang();
    ui.heading(&state.project.meta.name);
    ui.add_space(6.0);
    ui.label(t(lang, "hd_empty_project"));
    ui.add_space(10.0);
    let actions = [
        ("hd_empty_new", Pending::New),
        ("hd_empty_open", Pending::Open(None)),
        ("hd_empty_sample", Pending::Sample),
    ];
    for (key, action) in actions {
        if ui.button(t(lang, key)).clicked() {
            state.requested = Some(action);
        }
        ui.add_space(4.0);
    }
}

fn issues_ui(ui: &mut egui::Ui, state: &mut AppState) {
    let lang = state.lang();
    let issues = state.issues().to_vec();
    let errors = issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .count();
    ui.strong(tf(
        lang,
        "status_issues",
        &[
            ("errors", &errors.to_string()),
            ("warnings", &(issues.len() - errors).to_string()),
        ],
    ));
    if issues.is_empty() {
        ui.label(t(lang, "no_issues"));
        return;
    }
    let names = crate::validate::Names::new(&state.project, state.registry(), lang);
    let mut clicked = None;
    for issue in issues.iter().take(200) {
        let color = match issue.severity {
            Severity::Error => ui.visuals().error_fg_color,
            Severity::Warning => ui.visuals().warn_fg_color,
        };
        let prefix = match issue.severity {
            Severity::Error => t(lang, "error"),
            Severity::Warning => t(lang, "warning"),
        };
        let text =
            egui::RichText::new(format!("{prefix}: {}", issue.message_named(&names))).color(color);
        if ui.link(text).clicked() {
            clicked = Some(issue.clone());
        }
    }
    drop(names);
    if let Some(issue) = clicked {
        go_to_issue(state, &issue);
    }
    if issues.len() > 200 {
        ui.label(tf(
            lang,
            "more_issues",
            &[("n", &(issues.len() - 200).to_string())],
        ));
    }
}

/// Opens the page, year, row and cell where `issue` is fixed: the county's cell when it names
/// one, else the indicator, parameter or price index it is about.
pub fn go_to_issue(state: &mut AppState, issue: &crate::validate::Issue) {
    let page = page_for_field(&issue.field);
    state.page = page;
    if let Some(y) = issue.year
        && state.project.period(y).is_some()
    {
        state.year = y;
    }
    state.focus = issue.county.clone().map(|c| (page, c, issue.field.clone()));
    if page == Page::Ecosystems {
        ecosystem_focus(state, issue);
        return;
    }
    match place(&issue.field) {
        Place::Service(ind) => {
            let imported = issue.field == "imported_products_yuan";
            if !imported {
                state.pages.services.selected = ind;
            }
        }
        Place::Prices(id) if issue.field.starts_with("price_indices") => {
            state.pages.prices.tab = 1;
            state.pages.prices.index_selected = id;
        }
        Place::Prices(id) => {
            state.pages.prices.tab = 0;
            state.pages.prices.filter.clear();
            state.pages.prices.selected = id;
        }
        // The framework and the accounting years are set in the project settings.
        Place::Project => state.open_settings = true,
        _ => {}
    }
}

/// An issue of the ecosystem split: the county, and the tab where its field is edited (a
/// part's land cover, or a part's inputs of the indicator named).
fn ecosystem_focus(state: &mut AppState, issue: &crate::validate::Issue) {
    let page = &mut state.pages.ecosystems;
    if let Some(c) = &issue.county {
        page.county = Some(c.clone());
    }
    // ecosystem_parts.{part}.indicators.{id}… / ecosystem_parts.{part}.land_cover…
    let mut rest = issue.field.split('.').skip(2);
    match rest.next() {
        Some("land_cover") => page.tab = 1,
        Some("indicators") => {
            page.tab = 0;
            if let Some(id) = rest.next() {
                page.indicator = id.to_string();
            }
        }
        _ => {}
    }
}

/// The page where a validation field path is edited.
pub fn page_for_field(field: &str) -> Page {
    if field.starts_with("ecosystem_parts") || field.starts_with("ecosystem_subtypes") {
        return Page::Ecosystems;
    }
    if field == "imported_products_yuan" {
        // Entered beside the services (the 外购产品 entry of the services page).
        return Page::Services;
    }
    match place(field) {
        Place::LandCover(_) => Page::LandCover,
        Place::Service(_) => Page::Services,
        Place::Prices(_) => Page::Prices,
        Place::Esv => Page::Esv,
        Place::Counties | Place::CountyData => Page::Counties,
        Place::Project => Page::Overview,
    }
}
