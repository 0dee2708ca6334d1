//! Frame time of the 土地覆被, 生态服务 and 当量因子 pages (and the 概览 page for comparison)
//! on the 2,850-county synthetic project at 1366×768: `cargo bench --bench frames [-- FRAMES]`.
//!
//! Each page is opened in an egui_kittest `Harness`, warmed up (the first frames compute the
//! accounts and lay out the fonts), then FRAMES frames are timed one by one with
//! `Harness::step` (the UI pass and the AccessKit tree kittest always builds) and, for the
//! same page, as eframe runs without a screen reader (`Context::run_ui` plus tessellation,
//! AccessKit off). Prints the median and the 95th percentile per frame, and the 8 ms target.

use std::time::{Duration, Instant};

use eframe::egui;
use egui_kittest::Harness;
use gep_calc::app::GepApp;
use gep_calc::app::pages::Page;
use gep_calc::app::state::Settings;

const COUNTIES: usize = 2850;
const SIZE: egui::Vec2 = egui::vec2(1366.0, 768.0);
const WARMUP: usize = 6;
const TARGET_MS: f64 = 8.0;

fn app(page: Page) -> GepApp {
    let mut app = GepApp::new(Settings::default());
    app.state
        .replace_project(gep_calc::sample::synthetic(COUNTIES, 42), None);
    app.state.page = page;
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

fn kittest(page: Page, frames: usize) -> (f64, f64) {
    let mut h = Harness::builder()
        .with_size(SIZE)
        .with_context_setup(gep_calc::app::fonts::install)
        .build_ui_state(|ui, app: &mut GepApp| app.show(ui), app(page));
    for _ in 0..WARMUP {
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

fn plain(page: Page, frames: usize) -> (f64, f64) {
    let ctx = egui::Context::default();
    gep_calc::app::fonts::install(&ctx);
    let mut app = app(page);
    let mut time = 0.0;
    let mut frame = || {
        time += 1.0 / 60.0;
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, SIZE)),
            time: Some(time),
            ..Default::default()
        };
        let t = Instant::now();
        let mut out = ctx.run_ui(input, |ui| app.show(ui));
        let shapes = std::mem::take(&mut out.shapes);
        std::hint::black_box(ctx.tessellate(shapes, out.pixels_per_point));
        let elapsed = t.elapsed();
        // Textures would go to the GPU here.
        out.textures_delta.clear();
        elapsed
    };
    for _ in 0..WARMUP {
        frame();
    }
    stats((0..frames).map(|_| frame()).collect())
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
    // FRAME_PAGES=land_cover,esv measures those pages only.
    let only = std::env::var("FRAME_PAGES").ok();
    let pages = [Page::LandCover, Page::Services, Page::Esv, Page::Overview];
    for page in pages.into_iter().filter(|p| {
        only.as_deref()
            .is_none_or(|o| o.split(',').any(|s| s == p.slug()))
    }) {
        let (k, kp) = kittest(page, frames);
        let (p, pp) = plain(page, frames);
        let verdict = if p <= TARGET_MS { "met" } else { "MISSED" };
        println!(
            "page {:<12} kittest step {k:7.2} (p95 {kp:7.2})   eframe-like {p:7.2} (p95 {pp:7.2})   target ≤ {TARGET_MS} ms: {verdict}",
            page.slug()
        );
    }
}
