//! The synthetic project exported for the numpy peer (`mc_numpy.py`): the same export as
//! `benches/peer.rs` makes for `compute_numpy.py` (inputs, unit factors, land classes, ESV
//! rows), except that every parameter the formulas read is named by id (`{"$p": id, "f":
//! unit factor}`) so the peer can set it per draw, plus the parameters drawn (point value,
//! distribution) and our intervals at the same draws.

use gep_calc::engine::uncertainty::{Bands, Interval, McResult};
use gep_calc::engine::{self, Options, PriceBook};
use gep_calc::model::catalogue::{self, EsvRow};
use gep_calc::registry::{Formula, Model, PriceRef, Registry};
use gep_calc::units::price_unit_factor;
use serde_json::{Value, json};

/// The project, the registry facts the peer needs with every parameter named by id, the
/// parameters drawn and our intervals at the same draws.
pub fn export(
    project: &gep_calc::model::Project,
    reg: &Registry,
    options: &Options,
    mc: &McResult,
) -> Value {
    let year = options.year;
    let book = PriceBook::new(project, reg, year, year);
    // A parameter by id (the peer sets its value per draw): {"$p": id, "f": factor}.
    let p = |id: &str| json!({"$p": id, "f": 1.0});
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
                                let f = price_unit_factor(c.unit, pv.param.unit).unwrap_or(1.0);
                                json!({"$p": id, "f": f})
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
    let params: Vec<Value> = mc
        .params
        .iter()
        .map(|p| json!({"id": p.id, "point": p.point, "spread": p.spread, "index_factor": book.value(&p.id).map(|v| v.index_factor).unwrap_or(1.0)}))
        .collect();
    let iv = |i: &Interval| json!([i.median, i.p5, i.p95]);
    let bands = |b: &Bands| json!({"gep": iv(&b.gep), "material": iv(&b.material), "regulating": iv(&b.regulating), "cultural": iv(&b.cultural)});
    json!({
        "year": year,
        "counties": project.counties.iter().map(|c| &c.code).collect::<Vec<_>>(),
        "data": project.counties.iter().map(|c| &period.counties[&c.code]).collect::<Vec<_>>(),
        "deduct_imports": reg.framework(&framework).is_some_and(|f| f.deduct_imports),
        "indicators": indicators,
        "classes": classes,
        "esv": {"d": d_target, "market": table.services.iter().map(|s| s.market).collect::<Vec<_>>(), "rows": rows},
        "mc": {
            "seed": mc.seed,
            "draws": mc.draws,
            "params": params,
            "region": bands(&mc.region),
            "counties": mc.counties.iter().map(|c| bands(&c.bands)).collect::<Vec<_>>(),
        },
    })
}
