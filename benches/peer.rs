//! Ours against two Python peers, measured in one run: `cargo bench --bench peer`.
//!
//! Writes the 2,850-county synthetic project (with the registry facts the peers need: the
//! parameters at the target price year, the unit factors of the inputs, land-class runoff
//! coefficients, the ESV table rows) and our figures as JSON, as long-form CSV tables
//! (`peer/tables.rs`) and as a project file. Times `fast::Compiled::evaluate`, the fast
//! accounts and the reference engine with and without traces (median of several runs each),
//! then runs the peers on the same data, each checking every figure against ours within 1e-6
//! relative: `peer/compute_numpy.py` (numpy arrays prebuilt from the JSON, the formulas
//! vectorised) and `peer/compute_pandas.py` (the tables read with pandas, merged and computed
//! vectorised). Prints each time, each ratio against its target (met or missed),
//! and the whole process: `gep-calc compute --format json --no-traces` (the binary cargo builds
//! for this bench, bench profile) against `python3 compute_pandas.py` reading the tables and
//! writing JSON. Ends with issue 15's targets of this bench, each as
//! `target … : <figure> (met|missed)`.

use std::process::Command;
use std::time::{Duration, Instant};

use gep_calc::engine::fast::{Columns, Compiled};
use gep_calc::engine::{self, Options, PriceBook};
use gep_calc::model::catalogue::{self, EsvRow};
use gep_calc::registry::{Formula, Model, PriceRef, Registry};
use gep_calc::units::price_unit_factor;
use serde_json::{Value, json};

#[path = "peer/tables.rs"]
mod tables;

const RUNS: usize = 41;

fn median(mut v: Vec<Duration>) -> f64 {
    v.sort();
    v[v.len() / 2].as_secs_f64() * 1e3
}

fn time(runs: usize, mut f: impl FnMut()) -> f64 {
    f();
    median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed()
            })
            .collect(),
    )
}

fn main() {
    let n: usize = std::env::var("PEER_COUNTIES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2850);
    let project = gep_calc::sample::synthetic(n, 42);
    let reg = Registry::builtin();
    let options = Options {
        traces: false,
        ..Options::year(2022)
    };
    let accounts = engine::fast::compute(&project, reg, &options).expect("synthetic computes");
    let export = export(&project, reg, &options, &accounts);
    let dir = std::env::temp_dir().join(format!("gep_calc_peer_{n}"));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("synthetic.json");
    std::fs::write(&file, serde_json::to_vec(&export).expect("json")).expect("write export");
    tables::write_tables(&dir, &export);
    let ron = dir.join("synthetic.ron");
    gep_calc::io::project_file::save(&project, &ron).expect("save project");

    let compiled = Compiled::new(&project, reg, &options).expect("compiles");
    let mut cols = Columns::default();
    let evaluate = time(RUNS, || compiled.evaluate(&mut cols));
    let compile = time(11, || {
        std::hint::black_box(Compiled::new(&project, reg, &options).ok());
    });
    let fast = time(11, || {
        std::hint::black_box(engine::fast::compute(&project, reg, &options).ok());
    });
    let reference = time(11, || {
        std::hint::black_box(engine::compute(&project, reg, &options).ok());
    });
    let traced = Options::year(2022);
    let with_traces = time(5, || {
        std::hint::black_box(engine::compute(&project, reg, &traced).ok());
    });

    let numpy = peer("compute_numpy.py", &file, RUNS);
    let pandas = peer("compute_pandas.py", &dir, 11);
    println!("{n} counties, {} figures per run", figures(&export));
    println!("ours   fast evaluate (columns)        {evaluate:9.3} ms   median of {RUNS}");
    println!("ours   fast compile (dense arrays)    {compile:9.3} ms   median of 11");
    println!("ours   fast compute → Accounts        {fast:9.3} ms   median of 11");
    println!("ours   reference compute, no traces   {reference:9.3} ms   median of 11");
    println!("ours   reference compute, traces      {with_traces:9.3} ms   median of 5");
    let ours = [
        ("fast evaluate", evaluate, Some(25.0)),
        ("fast compute → Accounts", fast, Some(25.0)),
        ("reference, no traces", reference, None),
        ("reference, traces", with_traces, None),
    ];
    if let Some(p) = &numpy {
        let (ms, figs, rel) = (p["compute_ms"].as_f64(), &p["figures"], &p["max_rel"]);
        let ms = ms.unwrap_or(f64::NAN);
        println!("numpy  compute, arrays prebuilt       {ms:9.3} ms   median of {RUNS}");
        println!(
            "numpy  load (JSON → arrays)           {:9.3} ms",
            p["load_ms"].as_f64().unwrap_or(f64::NAN)
        );
        println!("numpy  checked {figs} figures against ours, largest relative difference {rel}");
        ratios("numpy", ms, &ours);
    }
    if let Some(p) = &pandas {
        let (ms, figs, rel) = (p["compute_ms"].as_f64(), &p["figures"], &p["max_rel"]);
        let ms = ms.unwrap_or(f64::NAN);
        println!(
            "pandas compute, tables read (merges, formulas, totals) {ms:9.3} ms   median of 11"
        );
        println!(
            "pandas read_csv of the tables        {:9.3} ms",
            p["read_ms"].as_f64().unwrap_or(f64::NAN)
        );
        println!("pandas checked {figs} figures against ours, largest relative difference {rel}");
        ratios("pandas", ms, &ours);
    }
    let process = whole_process(&ron, &dir);
    println!();
    println!("issue 15 targets of this bench (medians; ratios from the same run):");
    println!(
        "target fast evaluate ≤ 2 ms : {evaluate:.3} ms ({})",
        verdict(evaluate <= 2.0)
    );
    for (peer, p) in [("numpy", &numpy), ("pandas", &pandas)] {
        let Some(ms) = p.as_ref().and_then(|p| p["compute_ms"].as_f64()) else {
            println!("target fast evaluate ≥ 25× the {peer} peer : peer not run (missed)");
            continue;
        };
        println!(
            "target fast evaluate ≥ 25× the {peer} peer : {:.1}× ({})",
            ms / evaluate,
            verdict(ms / evaluate >= 25.0)
        );
    }
    match process {
        Some((o, p)) => println!(
            "target whole process (compute --format json --no-traces --out) ≤ python3 compute_pandas.py : {o:.0} ms vs {p:.0} ms, pandas / ours {:.2}× ({})",
            p / o,
            verdict(o <= p)
        ),
        None => {
            println!("target whole process ≤ python3 compute_pandas.py : a run failed (missed)")
        }
    }
}

fn verdict(ok: bool) -> &'static str {
    if ok { "met" } else { "missed" }
}

/// Runs a peer script and returns its JSON line (or prints why it failed).
fn peer(script: &str, input: &std::path::Path, runs: usize) -> Option<Value> {
    let script = format!("{}/benches/peer/{script}", env!("CARGO_MANIFEST_DIR"));
    let out = python()
        .arg(&script)
        .arg(input)
        .arg(runs.to_string())
        .output();
    match out {
        Ok(o) if o.status.success() => {
            let text = String::from_utf8_lossy(&o.stdout);
            serde_json::from_str(text.trim()).ok()
        }
        Ok(o) => {
            println!(
                "{script} failed: {}{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            );
            None
        }
        Err(e) => {
            println!("{script} not run (python3: {e})");
            None
        }
    }
}

/// `python3` on one core, as ours.
fn python() -> Command {
    let mut c = Command::new("python3");
    c.env_remove("OPENBLAS_CORETYPE")
        .env_remove("OPENBLAS_L2_SIZE")
        .env("OPENBLAS_NUM_THREADS", "1")
        .env("OMP_NUM_THREADS", "1");
    c
}

/// The peer's time over each of ours, against the target where there is one.
fn ratios(peer: &str, peer_ms: f64, ours: &[(&str, f64, Option<f64>)]) {
    for (name, ms, target) in ours {
        let r = peer_ms / ms;
        let note = match target {
            Some(t) => format!("(target ≥ {t}×: {})", verdict(r >= *t)),
            None => String::new(),
        };
        println!("ratio  {peer} / ours {name:<26} {r:8.2}×  {note}");
    }
}

/// The whole process, as a user runs it: `gep-calc compute --format json --no-traces` (the
/// binary cargo built for this bench, bench profile) against `python3 compute_pandas.py`
/// reading the tables and writing JSON; median wall time of several runs of each, interleaved;
/// the medians (ours, pandas) in ms.
fn whole_process(ron: &std::path::Path, dir: &std::path::Path) -> Option<(f64, f64)> {
    const PROCESS_RUNS: usize = 9;
    let exe = env!("CARGO_BIN_EXE_gep-calc");
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/benches/peer/compute_pandas.py"
    );
    let ours_out = dir.join("ours.json");
    let peer_out = dir.join("pandas.json");
    let run = |c: &mut Command| -> Option<Duration> {
        let t = Instant::now();
        let ok = c.output().ok()?.status.success();
        ok.then(|| t.elapsed())
    };
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for _ in 0..PROCESS_RUNS {
        let mut c = Command::new(exe);
        c.arg("compute")
            .arg(ron)
            .args(["--format", "json", "--no-traces", "--out"]);
        c.arg(&ours_out);
        ours.extend(run(&mut c));
        let mut p = python();
        p.arg(script).arg(dir).arg("--once").arg(&peer_out);
        theirs.extend(run(&mut p));
    }
    if ours.len() < PROCESS_RUNS || theirs.len() < PROCESS_RUNS {
        println!(
            "whole process: a run failed (ours {} ok, pandas {} ok)",
            ours.len(),
            theirs.len()
        );
        return None;
    }
    let (o, p) = (median(ours), median(theirs));
    println!(
        "whole process, median of {PROCESS_RUNS} (bench-profile binary; python3 with pandas import):"
    );
    println!("  gep-calc compute --format json --no-traces  {o:9.1} ms");
    println!("  python3 compute_pandas.py (read, compute, write JSON) {p:9.1} ms");
    println!(
        "  ratio pandas / ours {:.2}× ({})",
        p / o,
        if p >= o { "ours faster" } else { "ours SLOWER" }
    );
    Some((o, p))
}

fn figures(export: &Value) -> usize {
    let e = &export["expected"];
    let per = |v: &Value| {
        v.as_object().map_or(0, |m| {
            m.values()
                .map(|x| x.as_array().map_or(0, Vec::len))
                .sum::<usize>()
        })
    };
    per(&e["values"]) + per(&e["totals"]) + per(&e["esv"])
}

/// The project and the registry facts the peer needs, and our figures.
fn export(
    project: &gep_calc::model::Project,
    reg: &Registry,
    options: &Options,
    accounts: &engine::Accounts,
) -> Value {
    let year = options.year;
    let book = PriceBook::new(project, reg, year, year);
    let p = |id: &str| book.value(id).map(|v| v.value).unwrap_or(f64::NAN);
    let framework = project.meta.framework.clone();
    let period = project.period(year).expect("period");
    let specs = catalogue::indicators(project, reg);
    let mut indicators = Vec::new();
    for s in &specs {
        let mut methods = serde_json::Map::new();
        for m in &s.methods {
            let inputs: serde_json::Map<String, Value> = m
                .model
                .input_roles(&s.formula)
                .into_iter()
                .filter_map(|(id, unit)| {
                    let spec = m.inputs.iter().find(|i| i.id == id)?;
                    Some((id, json!(spec.unit.convert(1.0, unit).unwrap_or(1.0))))
                })
                .collect();
            let (model, params) = match &m.model {
                Model::Direct => ("direct", json!({})),
                Model::WaterBalance => ("water_balance", json!({})),
                Model::FloodStorage {
                    lake_a,
                    lake_b,
                    reservoir_share,
                    marsh_depth,
                } => (
                    "flood",
                    json!({"a": p(lake_a), "b": p(lake_b), "share": p(reservoir_share), "depth": p(marsh_depth)}),
                ),
                Model::CarbonNep => ("carbon_nep", json!({})),
                Model::CarbonNpp { co2_per_npp: k } | Model::OxygenNpp { o2_per_npp: k } => {
                    ("npp", json!({"k": p(k)}))
                }
                Model::OxygenFromCarbon { carbon } => {
                    ("oxygen_from_carbon", json!({"carbon": carbon}))
                }
                Model::PurificationCapacity => ("purification", json!({})),
                Model::ClimateEnergy {
                    eer,
                    latent_heat,
                    humidifier,
                    evaporation_eer,
                    humidify_low_rh,
                } => (
                    "climate",
                    json!({"r": p(eer), "q": p(latent_heat), "y": p(humidifier),
                           "eer": evaporation_eer, "low_rh": humidify_low_rh}),
                ),
                Model::Rusle => ("rusle", json!({})),
                Model::Rweq => ("rweq", json!({})),
                Model::TravelCostSurvey => ("survey", json!({})),
                Model::TravelCostTimeCost => ("time_cost", json!({})),
            };
            methods.insert(
                m.id.clone(),
                json!({"model": model, "inputs": inputs, "params": params}),
            );
        }
        let (formula, components, params) = match &s.formula {
            Formula::Priced { components } => {
                let comps: Vec<Value> = components
                    .iter()
                    .map(|c| match &c.price {
                        PriceRef::Param(id) => {
                            // A parameter without a value (a stub indicator): not in the project.
                            let price = book.value(id).ok().map(|pv| {
                                pv.value * price_unit_factor(c.unit, pv.param.unit).unwrap_or(1.0)
                            });
                            json!({"id": c.id, "price": price})
                        }
                        PriceRef::Input(id) => json!({"id": c.id, "price_input": id}),
                        PriceRef::Pollutant { cost, .. } => json!({"id": c.id, "price": p(cost)}),
                    })
                    .collect();
                ("priced", comps, json!({}))
            }
            Formula::Products => ("products", vec![], json!({})),
            Formula::SoilRetention {
                sediment_coeff,
                bulk_density,
                dredging_cost,
                soil_n,
                soil_p,
                price_n,
                price_p,
            } => (
                "soil",
                vec![],
                json!({"lambda": p(sediment_coeff), "rho": p(bulk_density), "cd": p(dredging_cost),
                       "n": p(soil_n), "p": p(soil_p), "cn": p(price_n), "cp": p(price_p)}),
            ),
            Formula::SandFixation {
                density,
                depth,
                cost,
            } => (
                "sand",
                vec![],
                json!({"rho": p(density), "h": p(depth), "c": p(cost)}),
            ),
            Formula::TravelCost { time_share } => ("travel", vec![], json!({"s": p(time_share)})),
        };
        indicators.push(json!({
            "id": s.id, "category": format!("{:?}", s.category), "counted": s.counts_in(&framework),
            "market": s.market, "formula": formula, "components": components, "params": params,
            "methods": methods, "default_method": s.methods.first().map(|m| m.id.clone()),
        }));
    }
    let classes: Vec<Value> = reg
        .land_classes
        .iter()
        .map(|c| json!({"id": c.id, "runoff": c.runoff_coeff, "vegetated": c.vegetated}))
        .collect();
    let table = catalogue::factor_table(project, reg, &project.esv.table).expect("table");
    let d = engine::esv::standard_equivalent(&project.esv.standard_equivalent).expect("D");
    let d_target = d.value * book.index_factor("cpi", d.price_year).expect("cpi");
    let mut rows = serde_json::Map::new();
    for c in &reg.land_classes {
        if let EsvRow::Row { index, factor } = catalogue::esv_row(project, table, &c.id) {
            let f: Vec<f64> = table.rows[index]
                .factors
                .iter()
                .map(|e| e * factor)
                .collect();
            rows.insert(c.id.clone(), json!(f));
        }
    }
    let ids: Vec<&str> = specs.iter().map(|s| s.id.as_str()).collect();
    let mut values = serde_json::Map::new();
    for (i, id) in ids.iter().enumerate() {
        let v: Vec<f64> = accounts
            .counties
            .iter()
            .map(|c| c.indicators[i].value)
            .collect();
        values.insert((*id).to_string(), json!(v));
    }
    let col = |f: &dyn Fn(&engine::CountyAccount) -> f64| -> Value {
        json!(accounts.counties.iter().map(f).collect::<Vec<f64>>())
    };
    json!({
        "year": year,
        "counties": project.counties.iter().map(|c| &c.code).collect::<Vec<_>>(),
        "data": project.counties.iter().map(|c| &period.counties[&c.code]).collect::<Vec<_>>(),
        "deduct_imports": reg.framework(&framework).is_some_and(|f| f.deduct_imports),
        "indicators": indicators,
        "classes": classes,
        "esv": {"d": d_target, "market": table.services.iter().map(|s| s.market).collect::<Vec<_>>(), "rows": rows},
        "expected": {
            "values": values,
            "totals": {
                "material": col(&|c| c.totals.material),
                "regulating": col(&|c| c.totals.regulating),
                "cultural": col(&|c| c.totals.cultural),
                "gross": col(&|c| c.totals.gross),
                "gep": col(&|c| c.totals.gep),
                "market": col(&|c| c.totals.market),
                "non_market": col(&|c| c.totals.non_market),
                "outside_framework": col(&|c| c.totals.outside_framework),
                "consumer_surplus": col(&|c| c.totals.consumer_surplus),
            },
            "esv": {
                "total": col(&|c| c.esv.as_ref().map_or(0.0, |e| e.total)),
                "market": col(&|c| c.esv.as_ref().map_or(0.0, |e| e.market)),
            },
        },
    })
}
