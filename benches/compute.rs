//! Benchmarks on a 2,850-county synthetic project (every indicator fed): the reference engine
//! with and without traces, the fast path (compile, evaluate over columns, accounts), the
//! recompute of one county after an edit, the undo snapshot of a county edit and of a price
//! edit against a whole-project one, `validate` (alone, and with the shown year's accounts
//! shared as the app does) and the compensation scenario. `cargo bench --bench compute`; the numpy peer is `--bench peer`.
//! Then issue 15's targets of this bench, each as `target … : <figure> (met|missed)`: an
//! edit's recompute of one county ≤ 0.1 ms, `validate` of the 2-year project with every
//! year's accounts shared (its own checks, no engine run) ≤ one compute, beside `validate`
//! sharing only the shown year (the engine runs once, for the other) and alone (once per
//! year), and the undo snapshot of a county edit (gui feature).

use criterion::{Criterion, criterion_group, criterion_main};
use gep_calc::engine::compensation::scenario;
use gep_calc::engine::fast::{Columns, Compiled};
use gep_calc::engine::{Options, compute, fast, update_counties};
use gep_calc::model::compensation::{CompensationSettings, Method};
use gep_calc::registry::Registry;

fn bench(c: &mut Criterion) {
    let project = gep_calc::sample::synthetic(2850, 42);
    let reg = Registry::builtin();
    let opts = Options::year(2022);
    let mut g = c.benchmark_group("compute");
    g.sample_size(30);
    g.bench_function("2850_counties_all_indicators", |b| {
        b.iter(|| compute(std::hint::black_box(&project), reg, &opts))
    });
    let no_traces = Options {
        traces: false,
        ..Options::year(2022)
    };
    g.bench_function("2850_counties_no_traces", |b| {
        b.iter(|| compute(std::hint::black_box(&project), reg, &no_traces))
    });
    g.bench_function("2850_counties_fast_accounts", |b| {
        b.iter(|| fast::compute(std::hint::black_box(&project), reg, &no_traces))
    });
    g.bench_function("2850_counties_fast_compile", |b| {
        b.iter(|| Compiled::new(std::hint::black_box(&project), reg, &no_traces))
    });
    let compiled = Compiled::new(&project, reg, &no_traces).expect("synthetic compiles");
    let mut cols = Columns::default();
    g.bench_function("2850_counties_fast_evaluate", |b| {
        b.iter(|| compiled.evaluate(std::hint::black_box(&mut cols)))
    });
    g.bench_function("2850_counties_validate", |b| {
        b.iter(|| gep_calc::validate::validate(std::hint::black_box(&project), reg))
    });
    // The app's validation: the shown year's accounts (a full compute) are not computed again.
    let shown = compute(&project, reg, &no_traces).expect("synthetic computes");
    g.bench_function("2850_counties_validate_sharing_shown_year", |b| {
        b.iter(|| gep_calc::validate::validate_with(std::hint::black_box(&project), reg, &[&shown]))
    });
    // An edit of one county's land cover, then its recompute (what the app does per edit).
    let mut edited = project.clone();
    let code = edited.counties[1234].code.clone();
    let mut acc = fast::compute(&edited, reg, &no_traces).expect("synthetic computes");
    let mut area = 10_000.0;
    g.bench_function("edit_recompute_one_county", |b| {
        b.iter(|| {
            area += 1.0;
            if let Some(cp) = edited
                .period_mut(2022)
                .and_then(|p| p.counties.get_mut(&code))
            {
                cp.land_cover.insert("broadleaf_forest".into(), area);
            }
            update_counties(
                &mut acc,
                &edited,
                reg,
                &no_traces,
                std::slice::from_ref(&code),
            )
        })
    });
    // The 补偿 page reruns the scenario after every edit of it (accounts stay cached).
    let acc = fast::compute(&project, reg, &no_traces).expect("synthetic computes");
    for m in [Method::Fund, Method::Spillover, Method::Priority] {
        let set = CompensationSettings {
            method: m,
            ..CompensationSettings::default()
        };
        g.bench_function(format!("2850_counties_compensation_{}", m.id()), |b| {
            b.iter(|| scenario::run(std::hint::black_box(&project), reg, &acc, &set))
        });
    }
    g.finish();
}

/// The undo snapshot of a county edit in the app (only that county's data is kept), against
/// an edit that keeps the whole project.
#[cfg(feature = "gui")]
fn undo(c: &mut Criterion) {
    use gep_calc::app::state::{AppState, Settings};
    let project = gep_calc::sample::synthetic(2850, 42);
    let code = project.counties[1234].code.clone();
    let mut state = AppState::new(project, Settings::default());
    let mut g = c.benchmark_group("undo");
    g.sample_size(20);
    let mut area = 10_000.0;
    g.bench_function("county_edit_snapshot", |b| {
        b.iter(|| {
            area += 1.0;
            state.edit_counties(2022, std::slice::from_ref(&code), |p| {
                if let Some(cp) = p.period_mut(2022).and_then(|x| x.counties.get_mut(&code)) {
                    cp.land_cover.insert("broadleaf_forest".into(), area);
                }
            })
        })
    });
    let mut price = 380.0;
    state.project.price_overrides.insert(
        "carbon_price".into(),
        gep_calc::model::ParamOverride {
            value: price,
            unit: None,
            price_year: Some(2022),
            source: String::new(),
            tag: gep_calc::registry::Tag::U,
            note: String::new(),
        },
    );
    g.bench_function("price_override_edit_snapshot", |b| {
        b.iter(|| {
            price += 1.0;
            state.edit_part(
                |p| &mut p.price_overrides,
                |o| {
                    if let Some(x) = o.get_mut("carbon_price") {
                        x.value = price;
                    }
                },
            )
        })
    });
    g.bench_function("whole_project_snapshot", |b| {
        b.iter(|| {
            area += 1.0;
            state.edit(|p| p.meta.notes = format!("{area}"))
        })
    });
    g.finish();
}

#[cfg(not(feature = "gui"))]
fn undo(_: &mut Criterion) {}

/// Median of `runs` timings of `f` in milliseconds (after one warm-up run).
fn median_ms(runs: usize, mut f: impl FnMut()) -> f64 {
    f();
    let mut v: Vec<f64> = (0..runs)
        .map(|_| {
            let t = std::time::Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn verdict(ok: bool) -> &'static str {
    if ok { "met" } else { "missed" }
}

/// Issue 15's targets of this bench as `target … : <figure> (met|missed)` lines (timed here
/// with medians, beside criterion's own figures above).
fn targets(_: &mut Criterion) {
    let project = gep_calc::sample::synthetic(2850, 42);
    let reg = Registry::builtin();
    let no_traces = Options {
        traces: false,
        ..Options::year(2022)
    };
    let mut edited = project.clone();
    let code = edited.counties[1234].code.clone();
    let mut acc = fast::compute(&edited, reg, &no_traces).expect("synthetic computes");
    let mut area = 10_000.0;
    let edit = median_ms(201, || {
        area += 1.0;
        if let Some(cp) = edited
            .period_mut(2022)
            .and_then(|p| p.counties.get_mut(&code))
        {
            cp.land_cover.insert("broadleaf_forest".into(), area);
        }
        let r = update_counties(
            &mut acc,
            &edited,
            reg,
            &no_traces,
            std::slice::from_ref(&code),
        );
        std::hint::black_box(r.ok());
    });
    let one = median_ms(11, || {
        std::hint::black_box(compute(&project, reg, &no_traces).ok());
    });
    let all: Vec<_> = project
        .periods
        .iter()
        .map(|p| {
            let o = Options {
                traces: false,
                ..Options::year(p.year)
            };
            compute(&project, reg, &o).expect("synthetic computes")
        })
        .collect();
    let all: Vec<&_> = all.iter().collect();
    let shown = all.iter().find(|a| a.year == 2022).copied().expect("2022");
    let checks = median_ms(11, || {
        std::hint::black_box(gep_calc::validate::validate_with(&project, reg, &all));
    });
    let shared = median_ms(11, || {
        std::hint::black_box(gep_calc::validate::validate_with(&project, reg, &[shown]));
    });
    let alone = median_ms(11, || {
        std::hint::black_box(gep_calc::validate::validate(&project, reg));
    });
    let years = project.periods.len();
    println!();
    println!("issue 15 targets (2,850 counties, {years} years; medians):");
    println!(
        "target edit recompute of one county ≤ 0.1 ms : {:.3} ms ({})",
        edit,
        verdict(edit <= 0.1)
    );
    println!(
        "target validate ≤ one compute (every year's accounts shared: no engine run) : {checks:.1} ms vs compute {one:.1} ms, {:.2}× ({})",
        checks / one,
        verdict(checks <= one)
    );
    println!(
        "       validate sharing the shown year (the app; the engine runs once, for the other year) : {shared:.1} ms, {:.2}× one compute",
        shared / one
    );
    println!(
        "       validate alone (the CLI; the engine runs once per year) : {alone:.1} ms, {:.2}× one compute",
        alone / one
    );
    undo_target();
}

/// The undo snapshot of a county edit ≤ the 79 ms a whole-project clone took (issue 15).
#[cfg(feature = "gui")]
fn undo_target() {
    use gep_calc::app::state::{AppState, Settings};
    let project = gep_calc::sample::synthetic(2850, 42);
    let code = project.counties[1234].code.clone();
    let mut state = AppState::new(project, Settings::default());
    let mut area = 10_000.0;
    let snap = median_ms(51, || {
        area += 1.0;
        state.edit_counties(2022, std::slice::from_ref(&code), |p| {
            if let Some(cp) = p.period_mut(2022).and_then(|x| x.counties.get_mut(&code)) {
                cp.land_cover.insert("broadleaf_forest".into(), area);
            }
        })
    });
    let whole = median_ms(5, || {
        area += 1.0;
        state.edit(|p| p.meta.notes = format!("{area}"))
    });
    println!(
        "target undo snapshot of a county edit without cloning the project : {snap:.3} ms vs whole-project snapshot {whole:.1} ms ({})",
        verdict(snap * 10.0 <= whole)
    );
}

#[cfg(not(feature = "gui"))]
fn undo_target() {
    println!("       undo snapshot: with --features gui");
}

criterion_group!(benches, bench, undo, targets);
criterion_main!(benches);
