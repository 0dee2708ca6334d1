//! The fast engine path against a numpy peer, measured in one run: `cargo bench --bench peer`.
//!
//! Writes the 2,850-county synthetic project (with the registry facts the peer needs: the
//! parameters at the target price year, the unit factors of the inputs, land-class runoff
//! coefficients, the ESV table rows) and our figures as JSON, times `fast::Compiled::evaluate`,
//! the fast accounts and the reference engine (median of several runs each), then runs
//! `benches/peer/compute_numpy.py` on the same file: it builds numpy arrays, computes the same
//! formulas vectorised (median of several runs), checks every figure against ours within 1e-6
//! relative, and prints its timings, which this program sets beside ours with the ratio.

use std::process::Command;
use std::time::{Duration, Instant};

use gep_calc::engine::fast::{Columns, Compiled};
use gep_calc::engine::{self, Options, PriceBook};
use gep_calc::model::catalogue::{self, EsvRow};
use gep_calc::registry::{Formula, Model, PriceRef, Registry};
use gep_calc::units::price_unit_factor;
use serde_json::{Value, json};

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
    let dir = std::env::temp_dir().join("gep_calc_peer");
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join(format!("synthetic_{n}.json"));
    std::fs::write(&file, serde_json::to_vec(&export).expect("json")).expect("write export");

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

    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/peer/compute_numpy.py");
    let out = Command::new("python3")
        .arg(script)
        .arg(&file)
        .arg(RUNS.to_string())
        .env_remove("OPENBLAS_CORETYPE")
        .env_remove("OPENBLAS_L2_SIZE")
        // One core, as ours.
        .env("OPENBLAS_NUM_THREADS", "1")
        .env("OMP_NUM_THREADS", "1")
        .output();
    println!("{n} counties, {} figures per run", figures(&export));
    println!("ours  fast evaluate (columns)      {evaluate:9.3} ms   median of {RUNS}");
    println!("ours  fast compile (dense arrays)  {compile:9.3} ms   median of 11");
    println!("ours  fast compute → Accounts      {fast:9.3} ms   median of 11");
    println!("ours  reference compute, no traces {reference:9.3} ms   median of 11");
    match out {
        Ok(o) if o.status.success() => {
            let text = String::from_utf8_lossy(&o.stdout);
            let peer: Value = serde_json::from_str(text.trim()).unwrap_or(Value::Null);
            let compute = peer["compute_ms"].as_f64().unwrap_or(f64::NAN);
            let load = peer["load_ms"].as_f64().unwrap_or(f64::NAN);
            println!("numpy compute (vectorised)         {compute:9.3} ms   median of {RUNS}");
            println!("numpy load (JSON → arrays)         {load:9.3} ms");
            println!(
                "numpy checked {} figures, largest relative difference {:.2e}",
                peer["figures"],
                peer["max_rel"].as_f64().unwrap_or(f64::NAN)
            );
            println!(
                "ratio numpy compute / fast evaluate   {:7.1}×  (target ≥ 25×)",
                compute / evaluate
            );
            println!(
                "ratio numpy compute / fast → Accounts {:7.1}×",
                compute / fast
            );
            println!(
                "ratio numpy compute / reference       {:7.1}×",
                compute / reference
            );
            println!("fast evaluate ≤ 2 ms: {}", evaluate <= 2.0);
        }
        Ok(o) => println!(
            "numpy peer failed: {}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        ),
        Err(e) => println!("numpy peer not run (python3: {e})"),
    }
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
