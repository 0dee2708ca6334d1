//! 图表 Charts: the page that shows one chart of the accounts at a time (GEP by category per
//! county, composition donut, indicator ranking, GEP per km² and per capita, GEP vs GDP, ESV by
//! land class and by service, a two-year comparison at constant prices) and exports it to PNG
//! or SVG. The charts themselves are built by `view::chart::build` and drawn by `chart_ui`
//! (screen) and `view::chart::render` (files); the page keeps only its choices
//! (`AppState::pages.charts`), the export dialog and the growth it asks `AppState` for.

use std::path::{Path, PathBuf};

use eframe::egui;

use crate::app::chart_ui;
use crate::app::pages::uncertainty::intervals;
use crate::app::state::{AppState, Notice};
use crate::engine::Accounts;
use crate::engine::growth::Growth;
use crate::i18n::Lang;
use crate::i18n::{t, tf};
use crate::view::chart::build::{self, Choice, Kind};
use crate::view::chart::render::{self, Format};
use crate::view::chart::{Chart, PanelKind};
use crate::view::uncertainty as vu;

/// Opens the page on a given chart (tests, screenshots).
pub fn select(state: &mut AppState, kind: Kind) {
    state.pages.charts.choice.kind = kind;
}

pub fn ui(ui: &mut egui::Ui, state: &mut AppState) {
    let lang = state.lang();
    let mut mem = std::mem::take(&mut state.pages.charts);
    ui.heading(t(lang, "page_charts"));
    ui.horizontal_wrapped(|ui| {
        for k in Kind::ALL {
            ui.selectable_value(&mut mem.choice.kind, k, k.tab(lang));
        }
    });
    let acc = match state.accounts() {
        Ok(a) => a.clone(),
        Err(e) => {
            ui.colored_label(ui.visuals().error_fg_color, e.message(state.lang()));
            state.pages.charts = mem;
            return;
        }
    };
    let built = build(state, &acc, &mut mem.choice);
    ui.separator();
    let mut export: Option<Format> = None;
    ui.horizontal(|ui| {
        if mem.choice.kind == Kind::Donut {
            scope_controls(ui, lang, &acc, &mut mem.choice);
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
    // GEP's 5–95 % interval as error bars on the GEP chart, when the last run is current.
    let errors = (mem.choice.kind == Kind::Stacked && built.is_ok())
        .then(|| gep_errors(ui, state, &acc))
        .flatten();
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
                    match (&errors, chart.panels.first().map(|p| &p.kind)) {
                        (Some(e), Some(PanelKind::Bars(b))) => chart_ui::bars_with_errors_ui(
                            ui,
                            "charts_page_plot_0",
                            b,
                            (t(lang, "iv_col_range"), e),
                            height,
                        ),
                        _ => chart_ui::show_chart(ui, "charts_page_plot", chart, height),
                    }
                });
        }
        Err(msg) => {
            ui.add_space(20.0);
            ui.label(egui::RichText::new(msg).weak());
        }
    }
    state.pages.charts = mem;
}

/// Each county's GEP interval (in the page's money unit, accounts' county order) with the note
/// naming draws and seed; or, without a current result, the line saying how to get one.
fn gep_errors(
    ui: &mut egui::Ui,
    state: &mut AppState,
    acc: &Accounts,
) -> Option<Vec<Option<(f64, f64)>>> {
    let Some(res) = intervals::current(state) else {
        intervals::missing_ui(ui, state);
        return None;
    };
    let unit = state.settings.money_unit;
    let lang = state.lang();
    ui.label(
        egui::RichText::new(tf(
            lang,
            "iv_bars_note",
            &[
                ("draws", &crate::format::num(f64::from(res.draws), 0)),
                ("seed", &res.seed.to_string()),
            ],
        ))
        .weak(),
    );
    Some(
        acc.counties
            .iter()
            .map(|c| {
                vu::county_gep(&res, &c.code)
                    .map(|iv| (unit.from_yuan(iv.p5), unit.from_yuan(iv.p95)))
            })
            .collect(),
    )
}

fn scope_controls(ui: &mut egui::Ui, lang: Lang, acc: &Accounts, mem: &mut Choice) {
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
pub(crate) fn pick_file(native: bool, fmt: Format, name: &str) -> Option<PathBuf> {
    if !native {
        return None;
    }
    rfd::FileDialog::new()
        .add_filter(fmt.ext().to_uppercase(), &[fmt.ext()])
        .set_file_name(name)
        .save_file()
}

/// The typed path, with the format's extension added when it has none.
pub(crate) fn with_extension(text: &str, fmt: Format) -> PathBuf {
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
    let bytes = render::to_bytes(chart, fmt, render::default_size(chart));
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

/// The chart of `choice` from the accounts shown.
fn build(state: &mut AppState, acc: &Accounts, choice: &mut Choice) -> Result<Chart, String> {
    // The growth chart's comparison is computed (and cached) before names borrow the state.
    let growth = (choice.kind == Kind::Growth).then(|| two_years(state));
    let unit = state.settings.money_unit;
    let labels = state.labels();
    let lang = labels.lang;
    build::chart(&labels, acc, unit, choice, || {
        growth.unwrap_or_else(|| Err(t(lang, "growth_need_two_years").to_string()))
    })
}

/// Growth between the project's first and last year at first-year prices.
fn two_years(state: &mut AppState) -> Result<Growth, String> {
    let lang = state.lang();
    let years = state.years();
    match (years.first(), years.last()) {
        (Some(&from), Some(&to)) if from != to => state.growth(from, to).map_err(|e| e.to_string()),
        _ => Err(t(lang, "growth_need_two_years").to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::state::Settings;
    use crate::units::MoneyUnit;

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
            let mut charts = Vec::new();
            for kind in Kind::ALL {
                let mut choice = Choice {
                    kind,
                    ..Choice::default()
                };
                match build(&mut s, &acc, &mut choice) {
                    Ok(c) => charts.push((kind, c)),
                    Err(e) => panic!("{kind:?}: {e}"),
                }
            }
            assert_eq!(charts.len(), Kind::ALL.len());
            for (kind, c) in &charts {
                assert!(!c.title.is_empty(), "{kind:?}");
                let svg = render::to_svg(c, render::default_size(c)).unwrap_or_default();
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
        let Ok(chart) = build::ranking(&s.labels(), &acc, s.settings.money_unit) else {
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
        assert_eq!(img.width, render::DEFAULT_WIDTH);
        let notice = h.state().state.notice.clone();
        assert!(notice.is_some_and(|n| !n.error && n.text.contains("stacked.png")));
        assert!(
            h.query_by_label("文件路径").is_none(),
            "prompt closes after export"
        );
    }
}
