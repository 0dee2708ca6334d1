//! 图表 Charts: GEP by category per county, composition donut, indicator ranking, GEP per km²
//! and per capita, GEP vs GDP, ESV by land class and by service, and a two-year comparison at
//! constant prices. Every number comes from the accounts (or `engine::growth`); each chart can
//! be exported to PNG or SVG (`chart_export`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use eframe::egui;

use crate::app::chart_export;
use crate::app::charts::{
    self, Bars, Chart, MEMO_COLOR, PALETTE, Panel, PanelKind, Pie, Scatter, ScatterPoint, Series,
    Slice, category_color, county_label, decimals_for,
};
use crate::app::format;
use crate::app::state::{AppState, Notice};
use crate::engine::growth::{Growth, growth};
use crate::engine::{Accounts, ComputeError};
use crate::i18n::Lang;
use crate::i18n::{t, tf};
use crate::registry::Category;
use crate::units::MoneyUnit;

/// The charts of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Kind {
    #[default]
    Stacked,
    Donut,
    Ranking,
    Intensity,
    Scatter,
    EsvClass,
    EsvService,
    Growth,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::Stacked,
        Kind::Donut,
        Kind::Ranking,
        Kind::Intensity,
        Kind::Scatter,
        Kind::EsvClass,
        Kind::EsvService,
        Kind::Growth,
    ];

    pub fn tab(self, lang: Lang) -> &'static str {
        match self {
            Kind::Stacked => t(lang, "chart_tab_stacked"),
            Kind::Donut => t(lang, "chart_tab_donut"),
            Kind::Ranking => t(lang, "chart_tab_ranking"),
            Kind::Intensity => t(lang, "chart_tab_intensity"),
            Kind::Scatter => t(lang, "chart_tab_scatter"),
            Kind::EsvClass => t(lang, "chart_tab_esv_class"),
            Kind::EsvService => t(lang, "chart_tab_esv_service"),
            Kind::Growth => t(lang, "chart_tab_growth"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Png,
    Svg,
}

impl Format {
    fn ext(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Svg => "svg",
        }
    }
}

/// What the page remembers between frames.
#[derive(Debug, Clone, Default)]
struct Mem {
    kind: Kind,
    /// Donut scope: `None` = the whole region, else a county code.
    scope: Option<String>,
    by_indicator: bool,
    /// The in-app path field (when no native file dialog is available).
    prompt: Option<(Format, String)>,
}

/// Cached two-year comparison: (revision, framework, from, to) → result.
type GrowthCache = (u64, String, i32, i32, Result<Growth, ComputeError>);

fn mem_id() -> egui::Id {
    egui::Id::unique("charts_page")
}

/// Opens the page on a given chart (tests, screenshots).
pub fn select(ctx: &egui::Context, kind: Kind) {
    ctx.data_mut(|d| d.get_temp_mut_or_default::<Mem>(mem_id()).kind = kind);
}

pub fn ui(ui: &mut egui::Ui, state: &mut AppState) {
    let lang = state.lang();
    let mut mem: Mem = ui.data_mut(|d| d.get_temp_mut_or_default::<Mem>(mem_id()).clone());
    ui.heading(t(lang, "page_charts"));
    ui.horizontal_wrapped(|ui| {
        for k in Kind::ALL {
            ui.selectable_value(&mut mem.kind, k, k.tab(lang));
        }
    });
    let acc = match state.accounts() {
        Ok(a) => a.clone(),
        Err(e) => {
            ui.colored_label(ui.visuals().error_fg_color, e.to_string());
            store(ui, mem);
            return;
        }
    };
    let built = build(ui, state, &acc, &mut mem);
    ui.separator();
    let mut export: Option<Format> = None;
    ui.horizontal(|ui| {
        if mem.kind == Kind::Donut {
            scope_controls(ui, lang, &acc, &mut mem);
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let enabled = built.is_ok();
            if ui
                .add_enabled(enabled, egui::Button::new(t(lang, "export_svg")))
                .clicked()
            {
                export = Some(Format::Svg);
            }
            if ui
                .add_enabled(enabled, egui::Button::new(t(lang, "export_png")))
                .clicked()
            {
                export = Some(Format::Png);
            }
        });
    });
    if let (Some(fmt), Ok(chart)) = (export, &built) {
        let name = format!("{}.{}", chart.file_stem, fmt.ext());
        match pick_file(state.native_dialogs, fmt, &name) {
            Some(p) => {
                export_to(state, chart, fmt, &p);
            }
            None => {
                let suggestion = state
                    .path
                    .as_ref()
                    .and_then(|p| p.parent())
                    .map_or_else(|| PathBuf::from(&name), |d| d.join(&name));
                mem.prompt = Some((fmt, suggestion.display().to_string()));
            }
        }
    }
    if let Some((fmt, mut text)) = mem.prompt.take() {
        let mut keep = true;
        ui.group(|ui| {
            ui.label(t(lang, "export_path_help"));
            ui.horizontal(|ui| {
                let r = ui
                    .add(egui::TextEdit::singleline(&mut text).desired_width(520.0))
                    .accessible_name(t(lang, "path"));
                let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if (ui.button(t(lang, "ok")).clicked() || enter)
                    && let Ok(chart) = &built
                {
                    let path = with_extension(text.trim(), fmt);
                    keep = !export_to(state, chart, fmt, &path);
                }
                if ui.button(t(lang, "cancel")).clicked() {
                    keep = false;
                }
            });
        });
        if keep {
            mem.prompt = Some((fmt, text));
        }
    }
    match &built {
        Ok(chart) => {
            ui.label(egui::RichText::new(&chart.title).size(16.0).strong());
            ui.label(egui::RichText::new(&chart.subtitle).weak());
            let rows = chart
                .panels
                .iter()
                .filter_map(|p| match &p.kind {
                    PanelKind::Bars(b) if b.horizontal => Some(b.categories.len()),
                    _ => None,
                })
                .max()
                .unwrap_or(0);
            egui::ScrollArea::vertical()
                .id_salt("charts_scroll")
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    let avail = ui.available_height() - 8.0;
                    let height = avail.max(320.0).max(rows as f32 * 24.0 + 90.0);
                    charts::show_chart(ui, "charts_page_plot", chart, height);
                });
        }
        Err(msg) => {
            ui.add_space(20.0);
            ui.label(egui::RichText::new(msg).weak());
        }
    }
    store(ui, mem);
}

fn store(ui: &mut egui::Ui, mem: Mem) {
    ui.data_mut(|d| d.insert_temp(mem_id(), mem));
}

fn scope_controls(ui: &mut egui::Ui, lang: Lang, acc: &Accounts, mem: &mut Mem) {
    ui.label(t(lang, "chart_scope"));
    let current = match &mem.scope {
        None => t(lang, "scope_region").to_string(),
        Some(code) => acc
            .counties
            .iter()
            .find(|c| &c.code == code)
            .map_or_else(|| code.clone(), |c| c.name_zh_or_en(lang).to_string()),
    };
    egui::ComboBox::from_id_salt("chart_scope")
        .selected_text(current)
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut mem.scope, None, t(lang, "scope_region"));
            for c in &acc.counties {
                ui.selectable_value(&mut mem.scope, Some(c.code.clone()), c.name_zh_or_en(lang));
            }
        })
        .response
        .accessible_name(t(lang, "chart_scope"));
    ui.separator();
    ui.selectable_value(&mut mem.by_indicator, false, t(lang, "donut_by_category"));
    ui.selectable_value(&mut mem.by_indicator, true, t(lang, "donut_by_indicator"));
}

/// Native save dialog where the app allows one; `None` means "ask in the app".
fn pick_file(native: bool, fmt: Format, name: &str) -> Option<PathBuf> {
    if !native {
        return None;
    }
    rfd::FileDialog::new()
        .add_filter(fmt.ext().to_uppercase(), &[fmt.ext()])
        .set_file_name(name)
        .save_file()
}

/// The typed path, with the format's extension added when it has none.
fn with_extension(text: &str, fmt: Format) -> PathBuf {
    let p = PathBuf::from(text);
    if p.extension().is_none() {
        p.with_extension(fmt.ext())
    } else {
        p
    }
}

/// Writes the chart; reports in the status bar. True on success.
fn export_to(state: &mut AppState, chart: &Chart, fmt: Format, path: &Path) -> bool {
    let lang = state.lang();
    let size = chart_export::default_size(chart);
    let bytes = match fmt {
        Format::Png => chart_export::to_png(chart, size),
        Format::Svg => chart_export::to_svg(chart, size).map(String::into_bytes),
    };
    let result = bytes
        .map_err(|e| e.to_string())
        .and_then(|b| crate::io::project_file::write_atomic(path, &b).map_err(|e| e.to_string()));
    let (text, error) = match result {
        Ok(()) => (
            tf(
                lang,
                "export_done",
                &[("path", &path.display().to_string())],
            ),
            false,
        ),
        Err(e) => (tf(lang, "export_failed", &[("error", &e)]), true),
    };
    state.notice = Some(Notice { text, error });
    !error
}

// ---------------------------------------------------------------------------------------------
// Chart models from the accounts
// ---------------------------------------------------------------------------------------------

/// Common subtitle: region, year, price year, unit; "illustrative" when so.
fn subtitle(state: &AppState, acc: &Accounts, unit: &str) -> String {
    let lang = state.lang();
    let year = acc.year.to_string();
    let price_year = acc.price_year.to_string();
    let mut s = if state.project.meta.region.is_empty() {
        tf(
            lang,
            "chart_subtitle_plain",
            &[("year", &year), ("price_year", &price_year), ("unit", unit)],
        )
    } else {
        tf(
            lang,
            "chart_subtitle",
            &[
                ("region", &state.project.meta.region),
                ("year", &year),
                ("price_year", &price_year),
                ("unit", unit),
            ],
        )
    };
    if state.project.meta.illustrative {
        s.push_str(" · ");
        s.push_str(t(lang, "illustrative"));
    }
    s
}

fn build(
    ui: &egui::Ui,
    state: &mut AppState,
    acc: &Accounts,
    mem: &mut Mem,
) -> Result<Chart, String> {
    let lang = state.lang();
    if acc.counties.is_empty() {
        return Err(t(lang, "no_data").to_string());
    }
    match mem.kind {
        Kind::Stacked => Ok(stacked(state, acc)),
        Kind::Donut => donut(state, acc, mem),
        Kind::Ranking => ranking(state, acc),
        Kind::Intensity => intensity(state, acc),
        Kind::Scatter => scatter(state, acc),
        Kind::EsvClass => esv_by_class(state, acc),
        Kind::EsvService => esv_by_service(state, acc),
        Kind::Growth => growth_chart(ui, state),
    }
}

fn money_symbol(unit: MoneyUnit, lang: Lang) -> String {
    unit.unit().symbol(lang).to_string()
}

fn stacked(state: &AppState, acc: &Accounts) -> Chart {
    let lang = state.lang();
    let unit = state.settings.money_unit;
    let sym = money_symbol(unit, lang);
    let bars = charts::stacked_model(
        acc,
        lang,
        unit,
        tf(lang, "axis_gep_unit", &[("unit", &sym)]),
        t(lang, "gep_total"),
    );
    Chart {
        title: t(lang, "chart_stacked").to_string(),
        subtitle: subtitle(state, acc, &sym),
        panels: vec![Panel {
            title: String::new(),
            kind: PanelKind::Bars(bars),
        }],
        file_stem: format!("gep_by_category_{}", acc.year),
    }
}

/// Indicator names (registry and custom) by id.
fn indicator_names(state: &AppState) -> HashMap<String, String> {
    let lang = state.lang();
    crate::model::catalogue::indicators(&state.project, state.registry())
        .iter()
        .map(|s| (s.id.clone(), s.name.get(lang).to_string()))
        .collect()
}

fn donut(state: &AppState, acc: &Accounts, mem: &mut Mem) -> Result<Chart, String> {
    let lang = state.lang();
    let unit = state.settings.money_unit;
    let sym = money_symbol(unit, lang);
    let county = mem
        .scope
        .as_ref()
        .and_then(|code| acc.counties.iter().find(|c| &c.code == code));
    if county.is_none() {
        mem.scope = None;
    }
    let (scope_name, totals) = match county {
        Some(c) => (c.name_zh_or_en(lang).to_string(), c.totals),
        None => {
            let name = if state.project.meta.region.is_empty() {
                t(lang, "scope_region").to_string()
            } else {
                state.project.meta.region.clone()
            };
            (name, acc.region.totals)
        }
    };
    let mut slices: Vec<Slice> = Vec::new();
    if mem.by_indicator {
        let names = indicator_names(state);
        let counted: Vec<(String, Category, f64)> = match county {
            Some(c) => c
                .indicators
                .iter()
                .filter(|a| a.counted && a.status == crate::engine::Status::Computed)
                .map(|a| (a.id.to_string(), a.category, a.value))
                .collect(),
            None => {
                let flags = indicator_flags(acc);
                acc.region
                    .by_indicator
                    .iter()
                    .filter_map(|(id, v)| {
                        let (counted, cat) = flags.get(&**id).copied()?;
                        counted.then(|| (id.to_string(), cat, *v))
                    })
                    .collect()
            }
        };
        let mut items: Vec<(String, Category, f64)> =
            counted.into_iter().filter(|(_, _, v)| *v > 0.0).collect();
        items.sort_by(|a, b| b.2.total_cmp(&a.2));
        let shown_total: f64 = items.iter().map(|i| i.2).sum();
        let mut other = 0.0;
        let mut other_n = 0;
        for (k, (id, _, v)) in items.iter().enumerate() {
            if k < 10 && *v >= shown_total * 0.015 {
                slices.push(Slice {
                    name: names.get(id).cloned().unwrap_or_else(|| id.clone()),
                    value: unit.from_yuan(*v),
                    color: PALETTE[k % PALETTE.len()],
                });
            } else {
                other += v;
                other_n += 1;
            }
        }
        if other_n > 0 {
            slices.push(Slice {
                name: tf(lang, "other_items", &[("n", &other_n.to_string())]),
                value: unit.from_yuan(other),
                color: MEMO_COLOR,
            });
        }
    } else {
        for cat in Category::ALL {
            slices.push(Slice {
                name: cat.name().get(lang).to_string(),
                value: unit.from_yuan(totals.category(cat)),
                color: category_color(cat),
            });
        }
    }
    if !slices.iter().any(|s| s.value > 0.0) {
        return Err(t(lang, "no_data").to_string());
    }
    let note = if totals.imported_deduction > 0.0 {
        tf(
            lang,
            "imported_note",
            &[
                (
                    "value",
                    &format::money(totals.imported_deduction, unit, lang),
                ),
                ("gep", &format::money(totals.gep, unit, lang)),
            ],
        )
    } else {
        String::new()
    };
    Ok(Chart {
        title: tf(lang, "chart_donut_title", &[("scope", &scope_name)]),
        subtitle: subtitle(state, acc, &sym),
        panels: vec![Panel {
            title: String::new(),
            kind: PanelKind::Pie(Pie {
                slices,
                unit: sym,
                decimals: format::money_decimals(unit),
                center_label: t(lang, "region_total").to_string(),
                center_value: format::money(totals.gross, unit, lang),
                note,
            }),
        }],
        file_stem: format!(
            "gep_composition_{}_{}",
            mem.scope.as_deref().unwrap_or("region"),
            acc.year
        ),
    })
}

/// Indicator id → (counted in the framework, category), from the county accounts.
fn indicator_flags(acc: &Accounts) -> HashMap<String, (bool, Category)> {
    let mut m = HashMap::new();
    for c in &acc.counties {
        for a in &c.indicators {
            m.entry(a.id.to_string()).or_insert((a.counted, a.category));
        }
    }
    m
}

fn ranking(state: &AppState, acc: &Accounts) -> Result<Chart, String> {
    let lang = state.lang();
    let unit = state.settings.money_unit;
    let sym = money_symbol(unit, lang);
    let names = indicator_names(state);
    let flags = indicator_flags(acc);
    let mut items: Vec<(&str, f64, bool, Category)> = acc
        .region
        .by_indicator
        .iter()
        .filter(|(_, v)| *v != 0.0 && v.is_finite())
        .map(|(id, v)| {
            let (counted, cat) = flags
                .get(&**id)
                .copied()
                .unwrap_or((false, Category::Regulating));
            (&**id, *v, counted, cat)
        })
        .collect();
    let hidden = acc.region.by_indicator.len() - items.len();
    if items.is_empty() {
        return Err(t(lang, "no_data").to_string());
    }
    items.sort_by(|a, b| b.1.total_cmp(&a.1));
    let n = items.len();
    let mut series: Vec<Series> = Category::ALL
        .iter()
        .map(|&cat| Series {
            name: cat.name().get(lang).to_string(),
            color: category_color(cat),
            values: vec![None; n],
        })
        .collect();
    series.push(Series {
        name: t(lang, "memo_series").to_string(),
        color: MEMO_COLOR,
        values: vec![None; n],
    });
    let mut categories = Vec::with_capacity(n);
    let mut labels = Vec::with_capacity(n);
    let mut tips = Vec::with_capacity(n);
    for (i, (id, v, counted, cat)) in items.iter().enumerate() {
        let name = names.get(*id).cloned().unwrap_or_else(|| id.to_string());
        let s = if *counted {
            Category::ALL.iter().position(|c| c == cat).unwrap_or(0)
        } else {
            3
        };
        series[s].values[i] = Some(unit.from_yuan(*v));
        categories.push(if *counted { name } else { format!("{name} *") });
        labels.push(format::money(*v, unit, lang));
        tips.push(if *counted {
            t(lang, "counted_in_framework").to_string()
        } else {
            t(lang, "outside_framework").to_string()
        });
    }
    series.retain(|s| s.values.iter().any(Option::is_some));
    let mut sub = subtitle(state, acc, &sym);
    if items.iter().any(|i| !i.2) {
        sub.push_str(" · ");
        sub.push_str(t(lang, "memo_star_note"));
    }
    if hidden > 0 {
        sub.push_str(" · ");
        sub.push_str(&tf(
            lang,
            "ranking_zero_note",
            &[("n", &hidden.to_string())],
        ));
    }
    Ok(Chart {
        title: t(lang, "chart_ranking_title").to_string(),
        subtitle: sub,
        panels: vec![Panel {
            title: String::new(),
            kind: PanelKind::Bars(Bars {
                categories,
                series,
                stacked: true,
                horizontal: true,
                value_axis: tf(lang, "axis_value_unit", &[("unit", &sym)]),
                category_axis: String::new(),
                unit: sym,
                decimals: format::money_decimals(unit),
                labels,
                tips,
            }),
        }],
        file_stem: format!("indicator_ranking_{}", acc.year),
    })
}

fn intensity(state: &AppState, acc: &Accounts) -> Result<Chart, String> {
    let lang = state.lang();
    let unit = state.settings.money_unit;
    let sym = money_symbol(unit, lang);
    let names: Vec<String> = acc
        .counties
        .iter()
        .map(|c| county_label(&c.name_zh, &c.name_en, lang))
        .collect();
    let panel =
        |title: &'static str, unit_key: &'static str, get: &dyn Fn(usize) -> Option<f64>| {
            let values: Vec<Option<f64>> = (0..names.len())
                .map(|i| get(i).map(|v| unit.from_yuan(v)))
                .collect();
            let max = values.iter().flatten().fold(0.0_f64, |m, v| m.max(v.abs()));
            let decimals = decimals_for(max);
            let u = tf(lang, unit_key, &[("unit", &sym)]);
            let labels = values
                .iter()
                .map(|v| {
                    v.map_or("—".to_string(), |v| {
                        format!("{} {u}", format::num(v, decimals))
                    })
                })
                .collect();
            Panel {
                title: t(lang, title).to_string(),
                kind: PanelKind::Bars(Bars {
                    categories: names.clone(),
                    series: vec![Series {
                        name: t(lang, title).to_string(),
                        color: PALETTE[if unit_key == "unit_per_km2" { 0 } else { 1 }],
                        values,
                    }],
                    stacked: false,
                    horizontal: true,
                    value_axis: format!("{} ({u})", t(lang, title)),
                    category_axis: String::new(),
                    unit: u,
                    decimals,
                    labels,
                    tips: Vec::new(),
                }),
            }
        };
    let per_km2 = panel("gep_per_km2", "unit_per_km2", &|i| {
        acc.counties[i].ratios.gep_per_km2
    });
    let per_capita = panel("gep_per_capita", "unit_per_person", &|i| {
        acc.counties[i].ratios.gep_per_capita
    });
    Ok(Chart {
        title: t(lang, "chart_intensity_title").to_string(),
        subtitle: subtitle(state, acc, &sym),
        panels: vec![per_km2, per_capita],
        file_stem: format!("gep_per_km2_per_capita_{}", acc.year),
    })
}

fn scatter(state: &AppState, acc: &Accounts) -> Result<Chart, String> {
    let lang = state.lang();
    let unit = state.settings.money_unit;
    let sym = money_symbol(unit, lang);
    let points: Vec<ScatterPoint> = acc
        .counties
        .iter()
        .filter_map(|c| {
            // GDP at the accounting price year, as the engine moved it.
            let gdp = c.gdp_yuan?;
            Some(ScatterPoint {
                label: c.name_zh_or_en(lang).to_string(),
                x: unit.from_yuan(gdp),
                y: unit.from_yuan(c.totals.gep),
                extra: c
                    .ratios
                    .gep_per_gdp
                    .map_or(String::new(), |r| format!("GEP/GDP {}", format::num(r, 2))),
            })
        })
        .collect();
    if points.is_empty() {
        return Err(t(lang, "no_gdp").to_string());
    }
    let sub = subtitle(state, acc, &sym);
    Ok(Chart {
        title: t(lang, "chart_scatter_title").to_string(),
        subtitle: sub,
        panels: vec![Panel {
            title: String::new(),
            kind: PanelKind::Scatter(Scatter {
                points,
                x_axis: tf(lang, "axis_gdp_unit", &[("unit", &sym)]),
                y_axis: tf(lang, "axis_gep_unit", &[("unit", &sym)]),
                x_unit: sym.clone(),
                y_unit: sym,
                decimals: format::money_decimals(unit),
                color: PALETTE[1],
                reference: Some((1.0, t(lang, "gep_equals_gdp").to_string())),
            }),
        }],
        file_stem: format!("gep_vs_gdp_{}", acc.year),
    })
}

/// Land class name (registry, custom, or the id itself).
pub fn class_name(state: &AppState, id: &str) -> String {
    state
        .project
        .land_class_name(state.registry(), id, state.lang())
}

/// Region ESV by land class: (class, area hm², value 元), as the engine summed it.
pub fn region_esv_by_class(acc: &Accounts) -> Vec<(String, f64, f64)> {
    acc.region
        .esv_by_class
        .iter()
        .map(|(c, a, v)| (c.to_string(), *a, *v))
        .collect()
}

/// Region ESV by service: (service id, value 元), as the engine summed it.
pub fn region_esv_by_service(acc: &Accounts) -> Vec<(String, f64)> {
    acc.region
        .esv_by_service
        .iter()
        .map(|(s, v)| (s.to_string(), *v))
        .collect()
}

/// Service names of the factor table the accounts used.
pub fn service_names(state: &AppState, table: &str) -> HashMap<String, String> {
    let lang = state.lang();
    let t = state
        .project
        .custom_factor_tables
        .iter()
        .find(|t| t.id == table)
        .or_else(|| state.registry().factor_table(table));
    t.map(|t| {
        t.services
            .iter()
            .map(|s| (s.id.clone(), s.name.get(lang).to_string()))
            .collect()
    })
    .unwrap_or_default()
}

fn esv_table_id(acc: &Accounts) -> Option<String> {
    acc.counties
        .iter()
        .find_map(|c| c.esv.as_ref().map(|e| e.table.clone()))
}

fn single_bars(
    categories: Vec<String>,
    values: Vec<f64>,
    (name, color): (String, egui::Color32),
    value_axis: String,
    unit: MoneyUnit,
    lang: Lang,
    tips: Vec<String>,
) -> Bars {
    let labels = values
        .iter()
        .map(|v| format::money(*v, unit, lang))
        .collect();
    Bars {
        categories,
        series: vec![Series {
            name,
            color,
            values: values.iter().map(|v| Some(unit.from_yuan(*v))).collect(),
        }],
        stacked: false,
        horizontal: true,
        value_axis,
        category_axis: String::new(),
        unit: unit.unit().symbol(lang).to_string(),
        decimals: format::money_decimals(unit),
        labels,
        tips,
    }
}

fn esv_by_class(state: &AppState, acc: &Accounts) -> Result<Chart, String> {
    let lang = state.lang();
    let unit = state.settings.money_unit;
    let sym = money_symbol(unit, lang);
    let mut rows = region_esv_by_class(acc);
    if rows.is_empty() {
        return Err(t(lang, "esv_not_computed").to_string());
    }
    rows.retain(|r| r.2 != 0.0);
    rows.sort_by(|a, b| b.2.total_cmp(&a.2));
    let tips = rows
        .iter()
        .map(|r| tf(lang, "esv_area_tip", &[("area", &format::num(r.1, 2))]))
        .collect();
    let bars = single_bars(
        rows.iter().map(|r| class_name(state, &r.0)).collect(),
        rows.iter().map(|r| r.2).collect(),
        ("ESV".into(), PALETTE[0]),
        tf(lang, "axis_esv_unit", &[("unit", &sym)]),
        unit,
        lang,
        tips,
    );
    Ok(Chart {
        title: t(lang, "chart_esv_class_title").to_string(),
        subtitle: subtitle(state, acc, &sym),
        panels: vec![Panel {
            title: String::new(),
            kind: PanelKind::Bars(bars),
        }],
        file_stem: format!("esv_by_land_class_{}", acc.year),
    })
}

fn esv_by_service(state: &AppState, acc: &Accounts) -> Result<Chart, String> {
    let lang = state.lang();
    let unit = state.settings.money_unit;
    let sym = money_symbol(unit, lang);
    let mut rows = region_esv_by_service(acc);
    let Some(table) = esv_table_id(acc) else {
        return Err(t(lang, "esv_not_computed").to_string());
    };
    let names = service_names(state, &table);
    rows.sort_by(|a, b| b.1.total_cmp(&a.1));
    let bars = single_bars(
        rows.iter()
            .map(|r| names.get(&r.0).cloned().unwrap_or_else(|| r.0.clone()))
            .collect(),
        rows.iter().map(|r| r.1).collect(),
        ("ESV".into(), PALETTE[5]),
        tf(lang, "axis_esv_unit", &[("unit", &sym)]),
        unit,
        lang,
        Vec::new(),
    );
    Ok(Chart {
        title: t(lang, "chart_esv_service_title").to_string(),
        subtitle: subtitle(state, acc, &sym),
        panels: vec![Panel {
            title: String::new(),
            kind: PanelKind::Bars(bars),
        }],
        file_stem: format!("esv_by_service_{}", acc.year),
    })
}

/// Growth between the first and last year at first-year prices, cached per project revision.
fn cached_growth(
    ui: &egui::Ui,
    state: &AppState,
    from: i32,
    to: i32,
) -> Result<Growth, ComputeError> {
    let id = egui::Id::unique("charts_growth_cache");
    let fw = state.framework.clone();
    let cached: Option<GrowthCache> = ui.data(|d| d.get_temp(id));
    if let Some((rev, f, a, b, r)) = cached
        && rev == state.revision
        && f == fw
        && a == from
        && b == to
    {
        return r;
    }
    let r = growth(
        &state.project,
        state.registry(),
        from,
        to,
        Some(fw.clone()),
        None,
    );
    ui.data_mut(|d| d.insert_temp(id, (state.revision, fw, from, to, r.clone())));
    r
}

fn pct(g: Option<f64>) -> String {
    g.map_or("—".to_string(), |g| {
        format!("{}{:.1}%", if g >= 0.0 { "+" } else { "" }, g * 100.0)
    })
}

fn growth_chart(ui: &egui::Ui, state: &AppState) -> Result<Chart, String> {
    let lang = state.lang();
    let unit = state.settings.money_unit;
    let sym = money_symbol(unit, lang);
    let years = state.years();
    let (Some(&from), Some(&to)) = (years.first(), years.last()) else {
        return Err(t(lang, "growth_need_two_years").to_string());
    };
    if from == to {
        return Err(t(lang, "growth_need_two_years").to_string());
    }
    let g = cached_growth(ui, state, from, to).map_err(|e| e.to_string())?;
    let categories: Vec<String> = g
        .counties
        .iter()
        .map(|c| {
            state
                .project
                .county(&c.code)
                .map_or_else(|| c.name_zh.clone(), |k| k.name.get(lang).to_string())
        })
        .collect();
    let base = g.base_year.to_string();
    let series = vec![
        Series {
            name: tf(
                lang,
                "growth_series",
                &[("year", &from.to_string()), ("base", &base)],
            ),
            color: PALETTE[9],
            values: g
                .counties
                .iter()
                .map(|c| Some(unit.from_yuan(c.gep_from)))
                .collect(),
        },
        Series {
            name: tf(
                lang,
                "growth_series",
                &[("year", &to.to_string()), ("base", &base)],
            ),
            color: PALETTE[0],
            values: g
                .counties
                .iter()
                .map(|c| Some(unit.from_yuan(c.gep_to)))
                .collect(),
        },
    ];
    let labels = g.counties.iter().map(|c| pct(c.real_growth)).collect();
    let tips = g
        .counties
        .iter()
        .map(|c| tf(lang, "real_growth", &[("pct", &pct(c.real_growth))]))
        .collect();
    let mut sub = tf(
        lang,
        "growth_subtitle",
        &[
            ("base", &base),
            ("unit", &sym),
            ("pct", &pct(g.region.real_growth)),
        ],
    );
    if state.project.meta.illustrative {
        sub.push_str(" · ");
        sub.push_str(t(lang, "illustrative"));
    }
    let n = categories.len();
    Ok(Chart {
        title: tf(
            lang,
            "chart_growth_title",
            &[
                ("from", &from.to_string()),
                ("to", &to.to_string()),
                ("base", &base),
            ],
        ),
        subtitle: sub,
        panels: vec![Panel {
            title: String::new(),
            kind: PanelKind::Bars(Bars {
                categories,
                series,
                stacked: false,
                horizontal: n > 16,
                value_axis: tf(lang, "axis_gep_unit", &[("unit", &sym)]),
                category_axis: String::new(),
                unit: sym,
                decimals: format::money_decimals(unit),
                labels,
                tips,
            }),
        }],
        file_stem: format!("gep_growth_{from}_{to}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::state::Settings;

    fn state(lang: Lang) -> AppState {
        AppState::with_sample(Settings {
            lang,
            ..Settings::default()
        })
    }

    #[test]
    fn every_chart_builds_from_the_sample_and_exports() {
        for (lang, unit) in [
            (Lang::Zh, MoneyUnit::WanYuan),
            (Lang::En, MoneyUnit::YiYuan),
            (Lang::En, MoneyUnit::Yuan),
        ] {
            let mut s = state(lang);
            s.settings.money_unit = unit;
            let acc = match s.accounts() {
                Ok(a) => a.clone(),
                Err(e) => panic!("{e}"),
            };
            let ctx = egui::Context::default();
            let mut charts = Vec::new();
            let mut out = ctx.run_ui(egui::RawInput::default(), |ui| {
                for kind in Kind::ALL {
                    let mut mem = Mem {
                        kind,
                        ..Mem::default()
                    };
                    match build(ui, &mut s, &acc, &mut mem) {
                        Ok(c) => charts.push((kind, c)),
                        Err(e) => panic!("{kind:?}: {e}"),
                    }
                }
            });
            out.textures_delta.clear();
            assert_eq!(charts.len(), Kind::ALL.len());
            for (kind, c) in &charts {
                assert!(!c.title.is_empty(), "{kind:?}");
                let svg =
                    chart_export::to_svg(c, chart_export::default_size(c)).unwrap_or_default();
                assert!(svg.contains(&c.title.replace('&', "&amp;")), "{kind:?}");
            }
        }
    }

    #[test]
    fn ranking_marks_memo_items_and_keeps_values_readable() {
        let mut s = state(Lang::Zh);
        let acc = match s.accounts() {
            Ok(a) => a.clone(),
            Err(e) => panic!("{e}"),
        };
        let Ok(chart) = ranking(&s, &acc) else {
            panic!("ranking")
        };
        let PanelKind::Bars(b) = &chart.panels[0].kind else {
            panic!("bars")
        };
        assert!(b.horizontal);
        assert_eq!(b.labels.len(), b.categories.len());
        // Sorted by value, largest first; every label carries the unit.
        assert!(b.labels.iter().all(|l| l.ends_with("万元")));
        let firsts: Vec<f64> = (0..b.categories.len())
            .filter_map(|i| b.series.iter().find_map(|s| s.values[i]))
            .collect();
        assert!(firsts.windows(2).all(|w| w[0] >= w[1]));
    }

    #[test]
    fn typed_paths_get_the_extension() {
        assert_eq!(with_extension("a/b", Format::Png), PathBuf::from("a/b.png"));
        assert_eq!(
            with_extension("a/b.svg", Format::Svg),
            PathBuf::from("a/b.svg")
        );
    }

    fn harness() -> egui_kittest::Harness<'static, crate::app::GepApp> {
        egui_kittest::Harness::builder()
            .with_size(egui::vec2(1400.0, 900.0))
            .with_context_setup(crate::app::fonts::install)
            .build_ui_state(
                |ui, app: &mut crate::app::GepApp| app.show(ui),
                crate::app::GepApp::new(Settings::default()),
            )
    }

    #[test]
    fn every_tab_renders_and_png_export_writes_through_the_path_field() {
        use egui::accesskit::Role;
        use egui_kittest::kittest::Queryable;
        let mut h = harness();
        h.get_by_role_and_label(Role::Button, "图表").click();
        h.run();
        for kind in Kind::ALL {
            h.get_by_label(kind.tab(Lang::Zh)).click();
            h.run();
        }
        h.get_by_label(Kind::Stacked.tab(Lang::Zh)).click();
        h.run();
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("stacked");
        h.get_by_label("导出 PNG").click();
        h.run();
        // No native dialog in tests: the in-app path field appears.
        h.get_by_label("文件路径").focus();
        h.run();
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
        h.run();
        h.get_by_label("文件路径")
            .type_text(&path.display().to_string());
        h.run();
        h.get_by_label("确定").click();
        h.run();
        let written = path.with_extension("png");
        let bytes = std::fs::read(&written).unwrap_or_else(|e| panic!("{e}"));
        let img = eframe::icon_data::from_png_bytes(&bytes).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(img.width, chart_export::DEFAULT_WIDTH);
        let notice = h.state().state.notice.clone();
        assert!(notice.is_some_and(|n| !n.error && n.text.contains("stacked.png")));
        assert!(
            h.query_by_label("文件路径").is_none(),
            "prompt closes after export"
        );
    }
}
