//! Monte Carlo uncertainty against a numpy peer, measured in one run:
//! `cargo bench --bench uncertainty`.
//!
//! Times `engine::uncertainty::run` on the 2,850-county synthetic project (every parameter
//! drawn from its verification tag's default) at 10,000 draws with two threads and with one
//! (median of several runs; GEP and categories, without the compensation amounts, which are
//! timed once beside them), then runs `benches/peer/mc_numpy.py` on an export of the same
//! project in which every parameter the formulas read is named by id: the peer draws the same
//! uniform numbers (SplitMix64 of the same keys), the same inverse CDFs, runs the same formulas
//! vectorised over draws × counties (chunks of draws at once, one core), and takes the same
//! quantiles. Its intervals are checked against ours at the same draws (same draws → same
//! intervals within 1e-6), and the region GEP intervals of both are printed side by side.
//! Each target of issue 15 is printed with met / missed and its ratio.
//!
//! `MC_DRAWS` (10,000), `MC_RUNS` (3), `MC_PEER_DRAWS` (as `MC_DRAWS`; fewer draws scale the
//! peer's time linearly, said in the line) and `MC_COUNTIES` (2,850) change the sizes.

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
    let peer_draws = env("MC_PEER_DRAWS", draws as usize) as u32;
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
    let small = if peer_draws == draws {
        r2.clone()
    } else {
        mc(peer_draws, 2, false).1
    };
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
    let _ = std::fs::remove_file(&file);
    match out {
        Ok(o) if o.status.success() => {
            let text = String::from_utf8_lossy(&o.stdout);
            let peer: serde_json::Value =
                serde_json::from_str(text.trim()).unwrap_or(serde_json::Value::Null);
            let per_draw = peer["per_draw_ms"].as_f64().unwrap_or(f64::NAN);
            let scaled = per_draw * f64::from(draws) / 1e3;
            let scaled_note = if peer_draws == draws {
                String::new()
            } else {
                format!(" (scaled from {peer_draws} draws)")
            };
            println!(
                "numpy vectorised, 1 core: {peer_draws} draws in {:.3} s → {scaled:.2} s for {draws} draws{scaled_note}",
                peer["total_s"].as_f64().unwrap_or(f64::NAN)
            );
            println!(
                "numpy checked {} intervals against ours at {peer_draws} draws, largest relative difference {:.2e}",
                peer["figures"],
                peer["max_rel"].as_f64().unwrap_or(f64::NAN)
            );
            let s = &small.region.gep;
            let pg = |k: usize| peer["region_gep"][k].as_f64().unwrap_or(f64::NAN);
            println!(
                "region GEP at {peer_draws} draws: ours median {:.6e} [{:.6e}, {:.6e}], numpy median {:.6e} [{:.6e}, {:.6e}]",
                s.median,
                s.p5,
                s.p95,
                pg(0),
                pg(1),
                pg(2)
            );
            let verdict = |ok: bool| if ok { "met" } else { "MISSED" };
            println!(
                "target ≤ 2 s on 2 cores: {two:.3} s, {:.2}× the budget → {}",
                two / 2.0,
                verdict(two <= 2.0)
            );
            println!(
                "target ≥ 5× numpy (2 threads, same run): {:.1}× → {}",
                scaled / two,
                verdict(scaled / two >= 5.0)
            );
            println!("ratio numpy (1 core) / ours 1 thread: {:.1}×", scaled / one);
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
