//! Frame time of the desktop app on a synthetic 2,850-county project, headless.
//!
//! `cargo run --release --example frame_time [-- FRAMES [PAGE]]` (PAGE: a page slug such as
//! `land_cover`, to measure that page alone under a profiler)
//!
//! Each frame is what eframe does on the CPU before handing triangles to the GPU: the whole UI
//! (`GepApp::show` in `Context::run_ui`) plus tessellation. For every page: a few warm-up frames
//! (the first one computes the accounts and lays out fonts), then FRAMES measured frames (median,
//! p95, max). Measured once as eframe runs normally (AccessKit off) and once with AccessKit on
//! (what a running screen reader costs). Then one edit of a land-cover cell: the frame after the
//! edit (lazy recompute of validation, and of the accounts on pages that show them), with the
//! engine's `compute` and `validate` timed on their own for comparison.
//!
//! The work is single-threaded, so wall-clock time per frame is the CPU time of the frame on an
//! otherwise idle machine; the `cpu/wall` column checks this where the OS reports thread CPU time
//! (`/proc/thread-self/schedstat` on Linux).

use std::time::{Duration, Instant};

use eframe::egui;
use gep_calc::app::GepApp;
use gep_calc::app::pages::{Page, land_cover};
use gep_calc::app::state::Settings;
use gep_calc::engine::{self, Options};
use gep_calc::registry::Registry;

const COUNTIES: usize = 2850;
const SEED: u64 = 42;
const WARMUP: usize = 5;
const EDITS: usize = 15;
const SIZE: egui::Vec2 = egui::vec2(1400.0, 900.0);

/// Nanoseconds this thread has run on a CPU, where the OS tells.
fn thread_cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

struct Runner {
    ctx: egui::Context,
    app: GepApp,
    time: f64,
}

impl Runner {
    fn new(accesskit: bool) -> Runner {
        let ctx = egui::Context::default();
        gep_calc::app::fonts::install(&ctx);
        if accesskit {
            ctx.enable_accesskit();
        }
        let mut app = GepApp::new(Settings::default());
        app.state
            .replace_project(gep_calc::sample::synthetic(COUNTIES, SEED), None);
        Runner {
            ctx,
            app,
            time: 0.0,
        }
    }

    /// One frame: UI pass plus tessellation. Returns its duration.
    fn frame(&mut self) -> Duration {
        self.time += 1.0 / 60.0;
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, SIZE)),
            time: Some(self.time),
            ..Default::default()
        };
        let start = Instant::now();
        let app = &mut self.app;
        let mut out = self.ctx.run_ui(input, |ui| app.show(ui));
        let shapes = std::mem::take(&mut out.shapes);
        let primitives = self.ctx.tessellate(shapes, out.pixels_per_point);
        let elapsed = start.elapsed();
        std::hint::black_box(primitives);
        // Textures would go to the GPU here.
        out.textures_delta.clear();
        elapsed
    }
}

/// Min, median, p95 and max in ms, and the CPU/wall ratio of the batch.
struct Stats {
    min: f64,
    median: f64,
    p95: f64,
    max: f64,
    cpu_share: Option<f64>,
}

fn stats(mut v: Vec<Duration>, cpu_ns: Option<u64>) -> Stats {
    v.sort_unstable();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let n = v.len();
    if n == 0 {
        return Stats {
            min: f64::NAN,
            median: f64::NAN,
            p95: f64::NAN,
            max: f64::NAN,
            cpu_share: None,
        };
    }
    let median = if n % 2 == 1 {
        ms(v[n / 2])
    } else {
        (ms(v[n / 2 - 1]) + ms(v[n / 2])) / 2.0
    };
    let p95 = ms(v[((n as f64 * 0.95).ceil() as usize).clamp(1, n) - 1]);
    let wall: f64 = v.iter().map(|d| d.as_secs_f64()).sum();
    Stats {
        min: ms(v[0]),
        median,
        p95,
        max: ms(v[n - 1]),
        cpu_share: cpu_ns.map(|c| c as f64 / 1e9 / wall),
    }
}

/// Frames on one page after a warm-up.
fn measure_page(r: &mut Runner, page: Page, frames: usize) -> Stats {
    r.app.state.page = page;
    for _ in 0..WARMUP {
        r.frame();
    }
    let cpu0 = thread_cpu_ns();
    let v: Vec<Duration> = (0..frames).map(|_| r.frame()).collect();
    // The CPU time includes the few µs between frames; negligible against a frame.
    let cpu = cpu0.zip(thread_cpu_ns()).map(|(a, b)| b.saturating_sub(a));
    stats(v, cpu)
}

/// The frame right after one land-cover edit, on `page`.
fn measure_edit(r: &mut Runner, page: Page) -> Stats {
    r.app.state.page = page;
    for _ in 0..WARMUP {
        r.frame();
    }
    let year = r.app.state.year;
    let code = r
        .app
        .state
        .project
        .counties
        .first()
        .map(|c| c.code.clone())
        .unwrap_or_default();
    let base = r
        .app
        .state
        .project
        .period(year)
        .and_then(|p| p.counties.get(&code))
        .and_then(|d| d.land_cover.get("broadleaf_forest").copied())
        .unwrap_or(0.0);
    let mut v = Vec::with_capacity(EDITS);
    let mut cpu_total = Some(0u64);
    for i in 0..EDITS {
        let area = base + 10.0 * (i as f64 + 1.0);
        // As the land-cover page does it: only this county's data is kept for undo.
        r.app
            .state
            .edit_counties(year, std::slice::from_ref(&code), |p| {
                land_cover::set_area(p, year, &code, "broadleaf_forest", Some(area));
            });
        let cpu0 = thread_cpu_ns();
        v.push(r.frame());
        cpu_total = cpu_total
            .zip(cpu0.zip(thread_cpu_ns()))
            .map(|(t, (a, b))| t + b.saturating_sub(a));
        // Settle (no recompute) before the next edit.
        r.frame();
    }
    stats(v, cpu_total)
}

fn row(name: &str, a: &Stats, b: Option<&Stats>) {
    let share = |s: &Stats| {
        s.cpu_share
            .map_or_else(|| "  n/a".into(), |c| format!("{c:5.2}"))
    };
    let b_cols = b.map_or_else(String::new, |b| {
        format!(" | {:8.2} {:8.2} {:8.2}", b.median, b.p95, b.max)
    });
    println!(
        "{name:<34} {:8.2} {:8.2} {:8.2} {:8.2} {:>8}{b_cols}",
        a.min,
        a.median,
        a.p95,
        a.max,
        share(a)
    );
}

fn main() {
    let frames: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);
    // Optional: one page only (for a profiler), e.g. `-- 200 land_cover`.
    let only: Option<Page> = std::env::args().nth(2).and_then(|s| Page::from_slug(&s));
    let wanted = |p: Page| only.is_none_or(|o| o == p);
    let t = Instant::now();
    let mut plain = Runner::new(false);
    let mut with_ak = Runner::new(true);
    println!(
        "gep-calc frame time — synthetic project, {COUNTIES} counties (seed {SEED}), year {}, \
         window {}×{}, {frames} frames after {WARMUP} warm-up (built in {:.0} ms)",
        plain.app.state.year,
        SIZE.x,
        SIZE.y,
        t.elapsed().as_secs_f64() * 1e3
    );
    if cfg!(debug_assertions) {
        println!("(debug build: run with --release for meaningful numbers)");
    }

    // The very first frame: fonts, accounts and validation computed from scratch.
    plain.app.state.page = Page::Overview;
    let first = plain.frame();
    println!(
        "first frame (Overview, cold: fonts + compute + validate): {:.1} ms\n",
        first.as_secs_f64() * 1e3
    );

    println!(
        "{:<34} {:>8} {:>8} {:>8} {:>8} {:>8} | {:>8} {:>8} {:>8}",
        "ms per frame", "min", "median", "p95", "max", "cpu/wall", "AK med", "AK p95", "AK max"
    );
    println!("{}", "-".repeat(114));
    for page in Page::ALL.into_iter().filter(|p| wanted(*p)) {
        let a = measure_page(&mut plain, page, frames);
        let b = measure_page(&mut with_ak, page, frames);
        row(&format!("page {}", page.slug()), &a, Some(&b));
    }
    println!();
    for page in [Page::LandCover, Page::Overview, Page::Results]
        .into_iter()
        .filter(|p| wanted(*p))
    {
        let a = measure_edit(&mut plain, page);
        let b = measure_edit(&mut with_ak, page);
        row(
            &format!("edit → next frame on {}", page.slug()),
            &a,
            Some(&b),
        );
    }

    if only.is_some() {
        return;
    }
    // The engine alone, for comparison with the edit frames.
    let project = plain.app.state.project.clone();
    let reg = Registry::builtin();
    let opts = Options {
        year: plain.app.state.year,
        framework: None,
        price_year: None,
        traces: false,
    };
    let time = |f: &mut dyn FnMut()| -> Stats {
        let v = (0..EDITS)
            .map(|_| {
                let s = Instant::now();
                f();
                s.elapsed()
            })
            .collect();
        stats(v, None)
    };
    let compute = time(&mut || {
        std::hint::black_box(engine::compute(&project, reg, &opts).is_ok());
    });
    let validate = time(&mut || {
        std::hint::black_box(gep_calc::validate::validate(&project, reg).len());
    });
    let clone = time(&mut || {
        std::hint::black_box(project.clone());
    });
    let period_clone = time(&mut || {
        std::hint::black_box(project.period(opts.year).cloned());
    });
    // The edit itself (undo snapshot + comparison), which runs in the frame that commits a cell.
    let year = plain.app.state.year;
    let code = project
        .counties
        .first()
        .map(|c| c.code.clone())
        .unwrap_or_default();
    let mut k = 0.0;
    let edit = time(&mut || {
        k += 1.0;
        plain.app.state.edit(|p| {
            land_cover::set_area(p, year, &code, "broadleaf_forest", Some(1000.0 + k));
        });
    });
    let edit_county = time(&mut || {
        k += 1.0;
        plain
            .app
            .state
            .edit_counties(year, std::slice::from_ref(&code), |p| {
                land_cover::set_area(p, year, &code, "broadleaf_forest", Some(1000.0 + k));
            });
    });
    println!();
    row("engine::compute (no traces)", &compute, None);
    row("validate::validate", &validate, None);
    row("Project::clone (undo snapshot)", &clone, None);
    row("AppState::edit (clone + compare)", &edit, None);
    row("AppState::edit_counties (one county)", &edit_county, None);
    row("Period::clone (one year)", &period_clone, None);
    println!(
        "\nAK = AccessKit on (screen reader running); 60 fps = 16.7 ms per frame. \
         cpu/wall < 1 means other processes took the CPU: trust min and median more than p95."
    );
}
