//! Benchmarks on a 2,850-county synthetic project (every indicator fed): `compute`, `validate`
//! and the compensation scenario. `cargo bench --bench compute`.

use criterion::{Criterion, criterion_group, criterion_main};
use gep_calc::engine::compensation::scenario;
use gep_calc::engine::{Options, compute};
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
    g.bench_function("2850_counties_validate", |b| {
        b.iter(|| gep_calc::validate::validate(std::hint::black_box(&project), reg))
    });
    // The 补偿 page reruns the scenario after every edit of it (accounts stay cached).
    let acc = compute(&project, reg, &no_traces).expect("synthetic project computes");
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

criterion_group!(benches, bench);
criterion_main!(benches);
