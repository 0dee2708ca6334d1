//! Frame time of the 土地覆被, 生态服务 and 当量因子 pages (and the 概览 page for comparison)
//! on the 2,850-county synthetic project at 1366×768: `cargo bench --bench frames [-- FRAMES]`.
//!
//! Each page is opened in an egui_kittest `Harness`, warmed up (the first frames compute the
//! accounts and lay out the fonts; the background validation is let finish), then FRAMES frames are timed one by one with
//! `Harness::step` (the UI pass and the AccessKit tree kittest always builds) and, for the
//! same page, as eframe runs without a screen reader (`Context::run_ui` plus tessellation,
//! AccessKit off). Prints the median and the 95th percentile per frame, the 8 ms target, and
//! the number of shapes the frame painted (a page that drew nothing would be fast too).
//! Pages with tables a user opens in turn are measured in each: 生态服务 with the first
//! indicator (an input table), a material-products indicator and the imported products;
//! 当量因子 with the regional-coefficient section open too.
//!
//! Then the undo snapshot: what an edit costs on the 2,850-county project (median of 15), for
//! a one-county land-cover edit (`edit_counties`), adding a county (`edit_slice`), an edit in
//! a scenario, and — for comparison — the same one-county edit as a whole-project copy
//! (`AppState::edit`, what every such edit cost before).

use std::time::{Duration, Instant};

use eframe::egui;
use egui_kittest::Harness;
use gep_calc::app::GepApp;
use gep_calc::app::pages::Page;
use gep_calc::app::state::{AppState, Settings};

const COUNTIES: usize = 2850;
const SIZE: egui::Vec2 = egui::vec2(1366.0, 768.0);
const WARMUP: usize = 6;
const TARGET_MS: f64 = 8.0;

/// A page as the user first sees it, or one of its tables opened (`variant`).
#[derive(Clone, Copy)]
struct View {
    name: &'static str,
    page: Page,
    setup: fn(&mut GepApp),
}

const VIEWS: [View; 7] = [
    View {
        name: "land_cover",
        page: Page::LandCover,
        setup: |_| {},
    },
    View {
        name: "services",
        page: Page::Services,
        setup: |_| {},
    },
    View {
        name: "services:products",
        page: Page::Services,
        setup: |a| {
            let reg = gep_calc::registry::Registry::builtin();
            if let Some(s) = (reg.indicators.iter())
                .find(|s| matches!(s.formula, gep_calc::registry::Formula::Products))
            {
                a.state.pages.services.selected = s.id.clone();
            }
        },
    },
    View {
        name: "services:imported",
        page: Page::Services,
        setup: |a| a.state.pages.services.selected = "#imported".into(),
    },
    View {
        name: "esv",
        page: Page::Esv,
        setup: |_| {},
    },
    View {
        name: "esv:adjust",
        page: Page::Esv,
        setup: |a| {
            let mut p = a.state.project.clone();
            p.esv.national_means.npp = Some(gep_calc::model::NationalMean {
                value: 500.0,
                unit: "gC/(m²·a)".into(),
                year: 2015,
                source: String::new(),
            });
            a.state.replace_project(p, None);
        },
    },
    View {
        name: "overview",
        page: Page::Overview,
        setup: |_| {},
    },
];

fn app(view: View) -> GepApp {
    let mut app = GepApp::new(Settings::default());
    app.state
        .replace_project(gep_calc::sample::synthetic(COUNTIES, 42), None);
    (view.setup)(&mut app);
    app.state.page = view.page;
    app
}

/// Median and 95th percentile in ms.
fn stats(mut v: Vec<Duration>) -> (f64, f64) {
    v.sort_unstable();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let n = v.len();
    (
        ms(v[n / 2]),
        ms(v[((n * 95).div_ceil(100)).clamp(1, n) - 1]),
    )
}

fn kittest(page: View, frames: usize) -> (f64, f64) {
    let mut h = Harness::builder()
        .with_size(SIZE)
        .with_context_setup(gep_calc::app::fonts::install)
        .build_ui_state(|ui, app: &mut GepApp| app.show(ui), app(page));
    for _ in 0..WARMUP {
        h.step();
    }
    // The validation of thousands of counties runs on a background thread: timed frames
    // start once it is done (it would take a core from this view and the next).
    while h.state().state.validating() {
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    stats(
        (0..frames)
            .map(|_| {
                let t = Instant::now();
                h.step();
                t.elapsed()
            })
            .collect(),
    )
}

/// Median, p95 and the shapes of the last frame.
fn plain(page: View, frames: usize) -> (f64, f64, usize) {
    let ctx = egui::Context::default();
    gep_calc::app::fonts::install(&ctx);
    let mut app = app(page);
    let mut time = 0.0;
    let mut shapes_drawn = 0;
    let mut frame = |app: &mut GepApp| {
        time += 1.0 / 60.0;
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, SIZE)),
            time: Some(time),
            ..Default::default()
        };
        let t = Instant::now();
        let mut out = ctx.run_ui(input, |ui| app.show(ui));
        let shapes = std::mem::take(&mut out.shapes);
        shapes_drawn = shapes.len();
        std::hint::black_box(ctx.tessellate(shapes, out.pixels_per_point));
        let elapsed = t.elapsed();
        // Textures would go to the GPU here.
        out.textures_delta.clear();
        elapsed
    };
    for _ in 0..WARMUP {
        frame(&mut app);
    }
    while app.state.validating() {
        std::thread::sleep(Duration::from_millis(20));
        frame(&mut app);
    }
    let (m, p) = stats((0..frames).map(|_| frame(&mut app)).collect());
    (m, p, shapes_drawn)
}

fn main() {
    let frames: usize = std::env::args()
        .skip(1)
        .find_map(|s| s.parse().ok())
        .unwrap_or(30);
    println!(
        "{COUNTIES} counties, {}×{}, median of {frames} frames (ms per frame; p95)",
        SIZE.x, SIZE.y
    );
    // FRAME_PAGES=land_cover,esv measures those views only (UNDO alone: the undo lines only).
    let only = std::env::var("FRAME_PAGES").ok();
    for view in VIEWS.into_iter().filter(|v| {
        only.as_deref()
            .is_none_or(|o| o.split(',').any(|s| s == v.name))
    }) {
        let (k, kp) = kittest(view, frames);
        let (p, pp, shapes) = plain(view, frames);
        let verdict = if p <= TARGET_MS { "met" } else { "MISSED" };
        println!(
            "page {:<18} kittest step {k:7.2} (p95 {kp:7.2})   eframe-like {p:7.2} (p95 {pp:7.2})   {shapes:5} shapes   target ≤ {TARGET_MS} ms: {verdict}",
            view.name
        );
    }
    if only.as_deref().is_none_or(|o| o.contains("UNDO")) {
        undo_lines();
    }
}

/// Median time of `edit` applied to fresh states (each timed once, 15 states).
fn edit_time(prepare: impl Fn(&mut AppState), edit: impl Fn(&mut AppState)) -> (f64, &'static str) {
    let base = gep_calc::sample::synthetic(COUNTIES, 42);
    let mut kind = "";
    let times = (0..15)
        .map(|_| {
            let mut s = AppState::new(base.clone(), Settings::default());
            prepare(&mut s);
            let t = Instant::now();
            edit(&mut s);
            let d = t.elapsed();
            kind = s.undo_kind().unwrap_or("none");
            d
        })
        .collect();
    (stats(times).0, kind)
}

fn set_forest(p: &mut gep_calc::model::Project, code: &str, v: f64) {
    if let Some(d) = p.period_mut(2022).and_then(|x| x.counties.get_mut(code)) {
        d.land_cover.insert("broadleaf_forest".into(), v);
    }
}

fn undo_lines() {
    let code = |s: &AppState| s.project.counties[17].code.clone();
    let one = |s: &mut AppState| {
        let c = code(s);
        s.edit_counties(2022, std::slice::from_ref(&c), |p| {
            set_forest(p, &c, 1234.5)
        });
    };
    let lines: [(&str, (f64, &str)); 4] = [
        ("one-county edit", edit_time(|_| {}, one)),
        (
            "add a county",
            edit_time(
                |_| {},
                |s| {
                    let c = "999001".to_string();
                    s.edit_slice(std::slice::from_ref(&c), |p| {
                        p.counties.push(gep_calc::model::County {
                            code: c.clone(),
                            name: gep_calc::i18n::Text::new("新县区1", "New county 1"),
                            land_area_hm2: 0.0,
                            prefecture: None,
                        });
                    })
                },
            ),
        ),
        (
            "one-county edit in a scenario",
            edit_time(|s| s.new_scenario(), one),
        ),
        (
            "the same as a whole-project copy",
            edit_time(
                |_| {},
                |s| {
                    let c = code(s);
                    s.edit(|p| set_forest(p, &c, 1234.5))
                },
            ),
        ),
    ];
    for (what, (ms, kind)) in lines {
        println!("undo snapshot: {what:<34} {ms:8.3} ms (keeps: {kind})");
    }
}
