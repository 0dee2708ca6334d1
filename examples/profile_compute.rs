//! Runs `compute` repeatedly on the 2,850-county synthetic project (for profilers):
//! `cargo run --release --example profile_compute -- 50 [--no-traces]`.

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(50);
    let p = gep_calc::sample::synthetic(2850, 42);
    let reg = gep_calc::registry::Registry::builtin();
    let traces = std::env::args().nth(2).is_none_or(|s| s != "--no-traces");
    let opts = gep_calc::engine::Options {
        traces,
        ..gep_calc::engine::Options::year(2022)
    };
    let t = std::time::Instant::now();
    let mut gep = 0.0;
    for _ in 0..n {
        if let Ok(a) = gep_calc::engine::compute(&p, reg, &opts) {
            gep += a.region.totals.gep;
        }
    }
    println!(
        "{n} runs, {:.2} ms each (checksum {gep:.0})",
        t.elapsed().as_secs_f64() * 1e3 / n as f64
    );
}
