//! Monte Carlo uncertainty against a numpy peer, measured in one run:
//! `cargo bench --bench uncertainty`.
//!
//! Times `engine::uncertainty::run` on the 2,850-county synthetic project (every parameter
//! drawn from its verification tag's default) at 10,000 draws with two threads and with one
//! (median of several runs; GEP and categories, without the compensation amounts, which are
//! timed once beside them), then runs `benches/peer/mc_numpy.py` on an export of the same
//! project in which every parameter the formulas read is named by id: the peer draws the same
//! uniform numbers (SplitMix64 of the same keys), the same inverse CDFs, runs the same formulas
//! vectorised over the counties for each draw, and takes the same quantiles. Its draws are
//! fewer (the loop over draws is slow), so its time is scaled to 10,000 draws, and its
//! intervals are checked against ours at the same, smaller number of draws (same draws → same
//! intervals within 1e-6).
//!
//! `MC_DRAWS` (10,000), `MC_RUNS` (3) and `MC_PEER_DRAWS` (200) change the sizes.

use std::process::Command;
use std::time::Instant;

use gep_calc::engine::Options;
use gep_calc::engine::uncertainty::{McOptions, McResult, run};
use gep_calc::registry::Registry;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let n = env("MC_COUNTIES", 2850);
    let draws = env("MC_DRAWS", 10_000) as u32;
    let runs = env("MC_RUNS", 3);
    let peer_draws = env("MC_PEER_DRAWS", 200) as u32;
    let project = gep_calc::sample::synthetic(n, 42);
    let reg = Registry::builtin();
    let options = Options {
        traces: false,
        ..Options::year(2022)
    };
    let mc = |draws: u32, threads: usize, compensation: bool| -> (f64, McResult) {
        let t = Instant::now();
        let r = run(
            &project,
            reg,
            &options,
            &McOptions {
                draws,
                seed: 2026,
                threads,
                compensation,
            },
            None,
        )
        .expect("synthetic runs");
        (t.elapsed().as_secs_f64(), r)
    };
    let median = |threads: usize| -> (f64, McResult) {
        let mut v: Vec<(f64, McResult)> = (0..runs).map(|_| mc(draws, threads, false)).collect();
        v.sort_by(|a, b| a.0.total_cmp(&b.0));
        v.swap_remove(v.len() / 2)
    };
    let (two, r2) = median(2);
    let (one, r1) = median(1);
    assert_eq!(r1, r2, "one and two threads differ");
    println!(
        "{n} counties × {draws} draws, {} parameters drawn, {} counties fixed",
        r2.params.len(),
        r2.fixed_counties
    );
    println!("ours  2 threads  {two:8.3} s   median of {runs}   (target ≤ 2 s)");
    println!("ours  1 thread   {one:8.3} s   median of {runs}");
    let (with_comp, rc) = mc(draws, 2, true);
    println!(
        "ours  2 threads with the compensation amounts over {} draws  {with_comp:8.3} s",
        rc.compensation_draws
    );
    println!(
        "ours  per county-draw (1 thread) {:6.1} ns",
        one / (f64::from(draws) * n as f64) * 1e9
    );
    let g = r2.region.gep;
    println!(
        "region GEP point {:.4e}, median {:.4e} [5 % {:.4e}, 95 % {:.4e}]",
        g.point, g.median, g.p5, g.p95
    );
    // The peer: same project, same keys, fewer draws; our run at those draws to compare.
    let (_, small) = mc(peer_draws, 2, false);
    let export = export::export(&project, reg, &options, &small);
    let dir = std::env::temp_dir().join("gep_calc_peer");
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join(format!("mc_{n}.json"));
    std::fs::write(&file, serde_json::to_vec(&export).expect("json")).expect("write export");
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/peer/mc_numpy.py");
    let out = Command::new("python3")
        .arg(script)
        .arg(&file)
        .arg(peer_draws.to_string())
        .env("OPENBLAS_NUM_THREADS", "1")
        .env("OMP_NUM_THREADS", "1")
        .output();
    match out {
        Ok(o) if o.status.success() => {
            let text = String::from_utf8_lossy(&o.stdout);
            let peer: serde_json::Value =
                serde_json::from_str(text.trim()).unwrap_or(serde_json::Value::Null);
            let per_draw = peer["per_draw_ms"].as_f64().unwrap_or(f64::NAN);
            let scaled = per_draw * f64::from(draws) / 1e3;
            println!(
                "numpy {peer_draws} draws in {:.3} s: {per_draw:.2} ms per draw → {scaled:.1} s for {draws} draws (1 core)",
                peer["total_s"].as_f64().unwrap_or(f64::NAN)
            );
            println!(
                "numpy checked {} intervals against ours at {peer_draws} draws, largest relative difference {:.2e}",
                peer["figures"],
                peer["max_rel"].as_f64().unwrap_or(f64::NAN)
            );
            println!(
                "ratio numpy (1 core) / ours 1 thread  {:7.1}×",
                scaled / one
            );
            println!(
                "ratio numpy (1 core) / ours 2 threads {:7.1}×  (target ≥ 5×)",
                scaled / two
            );
            println!("ours ≤ 2 s on 2 cores: {}", two <= 2.0);
        }
        Ok(o) => println!(
            "numpy peer failed: {}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        ),
        Err(e) => println!("numpy peer not run (python3: {e})"),
    }
}

#[path = "uncertainty/export.rs"]
mod export;
