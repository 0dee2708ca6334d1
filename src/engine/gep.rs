//! Runs the registry's indicators for one county of one period.
//!
//! For each indicator: pick the method the user chose, read its inputs (converting from the
//! declared unit), run the physical model, price every component at the target price year and
//! record the trace. Missing inputs or prices never become zeros in a total: the indicator gets
//! an `Incomplete`/`Failed` status and is left out of sums. A value computed elsewhere
//! (`entered`) replaces the model for that county: the amount is converted to 元 and indexed like
//! any priced item, and quantities beside it are not priced.

use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

use super::accounts::{ComponentAccount, IndicatorAccount, MemoAmount, MemoKind, Quantity, Status};
use super::formulas as f;
use super::prices::{ParamValue, PriceBook, PriceError};
use super::trace::{Origin, Step, Trace};
use crate::model::{CountyPeriod, IndicatorInput, PollutantPricing};
use crate::registry::roles::{
    self, Role, carbon_nep, climate_energy, direct, flood_storage, npp, rusle, rweq, travel_cost,
    water_balance,
};
use crate::registry::{ComponentSpec, Formula, IndicatorSpec, MethodSpec, Model, PriceRef};
use crate::units::Unit;
use crate::units::price_unit_factor;

mod entered;
pub(crate) mod products;
pub(crate) use entered::COMPONENT as ENTERED_COMPONENT;
use products::products;

/// Per-land-class coefficients used by the models.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ClassInfo {
    pub runoff: Option<f64>,
    pub vegetated: bool,
}

/// Everything fixed for one computation.
pub(crate) struct Ctx<'a> {
    pub book: &'a PriceBook,
    pub period_year: i32,
    pub pollutant_pricing: PollutantPricing,
    pub classes: HashMap<&'a str, ClassInfo>,
    pub ids: Arc<super::setup::Ids>,
    /// Record traces (off for the app's live recompute; traces are then built per cell).
    pub record: bool,
    /// Parameters used by any computed number, keyed by the address of their shared record.
    pub used: std::cell::RefCell<HashMap<usize, Arc<super::trace::EffectiveParam>>>,
}

/// An indicator prepared once per computation: its spec and interned ids.
pub(crate) struct Plan<'a> {
    pub spec: &'a IndicatorSpec,
    pub id: Arc<str>,
    pub counted: bool,
    /// Interned component ids of a `Priced` formula, in order.
    pub components: Vec<Arc<str>>,
    /// Interned method ids, in order.
    pub methods: Vec<Arc<str>>,
}

impl Ctx<'_> {
    pub(crate) fn id(&self, s: &str) -> Arc<str> {
        self.ids.get(s).cloned().unwrap_or_else(|| Arc::from(s))
    }
}

/// Reads a method's inputs, converting to the unit each model computes in, and records steps.
struct Reader<'a> {
    method: &'a MethodSpec,
    input: &'a IndicatorInput,
    ctx: &'a Ctx<'a>,
    steps: Vec<Step>,
    missing: Vec<String>,
}

impl<'a> Reader<'a> {
    fn step(&mut self, step: Step) {
        if self.ctx.record {
            self.steps.push(step);
        }
    }

    /// Reads one declared input of the model (`registry::roles`).
    fn role(&mut self, role: Role) -> f64 {
        self.get(role.id, role.symbol, role.unit)
    }

    fn get(&mut self, id: &str, symbol: &'static str, unit: Unit) -> f64 {
        let spec = self.method.inputs.iter().find(|i| i.id == id);
        let Some(spec) = spec else {
            self.missing.push(id.to_string());
            return 0.0;
        };
        match self.input.values.get(id) {
            // NaN/∞ never reach a total: the input counts as missing (validate names it).
            Some(&v) if !v.is_finite() => {
                self.missing.push(id.to_string());
                0.0
            }
            Some(&v) => {
                let converted = spec.unit.convert(v, unit).unwrap_or(v);
                if !self.ctx.record {
                    return converted;
                }
                self.step(Step {
                    symbol,
                    value: converted,
                    unit,
                    origin: Origin::Input {
                        id: self.ctx.id(id),
                        entered: v,
                        entered_unit: spec.unit,
                    },
                });
                converted
            }
            None if !spec.required => {
                self.step(Step {
                    symbol,
                    value: 0.0,
                    unit,
                    origin: Origin::InputAbsent {
                        id: self.ctx.id(id),
                    },
                });
                0.0
            }
            None => {
                self.missing.push(id.to_string());
                0.0
            }
        }
    }

    fn param(&mut self, id: &str, symbol: &'static str, errors: &mut Vec<PriceError>) -> f64 {
        match self.ctx.book.value(id) {
            Ok(pv) => {
                self.push_param(symbol, pv, 1.0);
                pv.value
            }
            Err(e) => {
                errors.push(e);
                0.0
            }
        }
    }

    fn push_param(&mut self, symbol: &'static str, pv: &ParamValue, unit_factor: f64) {
        self.ctx
            .used
            .borrow_mut()
            .entry(Arc::as_ptr(&pv.param) as usize)
            .or_insert_with(|| pv.param.clone());
        if !self.ctx.record {
            return;
        }
        self.step(Step {
            symbol,
            value: pv.value * unit_factor,
            unit: pv.param.unit,
            origin: Origin::Param {
                param: pv.param.clone(),
                index_factor: pv.index_factor,
                unit_factor,
            },
        });
    }

    fn result(&mut self, symbol: &'static str, value: f64, unit: Unit) {
        self.step(Step {
            symbol,
            value,
            unit,
            origin: Origin::Result,
        });
    }

    fn constant(&mut self, symbol: &'static str, value: f64) {
        self.step(Step {
            symbol,
            value,
            unit: Unit::Fraction,
            origin: Origin::Constant,
        });
    }
}

/// Evaluates one indicator for one county. `done` holds this county's earlier indicators.
pub(crate) fn evaluate(
    plan: &Plan,
    ctx: &Ctx,
    cp: &CountyPeriod,
    base: Option<&CountyPeriod>,
    input: Option<&IndicatorInput>,
    done: &[IndicatorAccount],
) -> IndicatorAccount {
    let spec = plan.spec;
    let mut acc = IndicatorAccount {
        id: plan.id.clone(),
        category: spec.category,
        counted: plan.counted,
        market: spec.market,
        status: Status::NotEntered,
        quantity: None,
        quantities: Vec::new(),
        output_value_only: false,
        components: Vec::new(),
        value: 0.0,
        trace: None,
        memo: Vec::new(),
        parts: Vec::new(),
    };
    let Some(input) = input else {
        return acc;
    };
    let method_index = if input.method.is_empty() {
        Some(0).filter(|_| !spec.methods.is_empty())
    } else {
        spec.methods.iter().position(|m| m.id == input.method)
    };
    let Some(method_index) = method_index else {
        let (reason_zh, reason_en) = PriceError::UnknownMethod(input.method.clone()).message();
        acc.status = Status::Failed {
            reason_zh,
            reason_en,
        };
        return acc;
    };
    let mut r = Reader {
        method: &spec.methods[method_index],
        input,
        ctx,
        steps: Vec::with_capacity(if ctx.record { 8 } else { 0 }),
        missing: Vec::new(),
    };
    let mut errors: Vec<PriceError> = Vec::new();
    let e = &mut errors;
    if let Some(ev) = &input.entered_value {
        entered::entered_value(ev, &mut r, &mut acc, e);
        return finish(acc, r, &errors, plan, method_index);
    }
    match &spec.formula {
        Formula::Priced { components } => priced(plan, components, cp, done, &mut r, e, &mut acc),
        Formula::Products => {
            let base = base.and_then(|b| b.indicators.get(spec.id.as_str()));
            products(input, base, &mut r, &mut acc, e)
        }
        Formula::SoilRetention { .. } => soil_retention(&spec.formula, &mut r, e, &mut acc),
        Formula::SandFixation { .. } => sand_fixation(&spec.formula, &mut r, e, &mut acc),
        Formula::TravelCost { time_share } => travel_cost(time_share, &mut r, e, &mut acc),
    }
    finish(acc, r, &errors, plan, method_index)
}

/// Status, value and trace once the formula has run: missing inputs or a price error leave the
/// indicator out of every sum.
fn finish(
    mut acc: IndicatorAccount,
    r: Reader,
    errors: &[PriceError],
    plan: &Plan,
    method_index: usize,
) -> IndicatorAccount {
    let ctx = r.ctx;
    let (zh, en) = if r.input.entered_value.is_some() {
        (
            "V = V₀ × 价格指数换算系数（外部计算的价值，直接填报）",
            "V = V₀ × price-index factor (value computed elsewhere, entered directly)",
        )
    } else {
        formula_text(&plan.spec.formula, &r.method.model)
    };
    let mut steps = r.steps;
    let missing = r.missing;
    if !missing.is_empty() {
        acc.status = Status::Incomplete { missing };
        acc.memo.clear();
        acc.components.clear();
        acc.quantity = None;
        acc.quantities.clear();
        acc.output_value_only = false;
    } else if let Some(e) = errors.first() {
        acc.status = match e {
            PriceError::NoValue(p) => Status::Incomplete {
                missing: vec![p.clone()],
            },
            other => {
                let (reason_zh, reason_en) = other.message();
                Status::Failed {
                    reason_zh,
                    reason_en,
                }
            }
        };
        acc.memo.clear();
        acc.components.clear();
        acc.quantity = None;
        acc.quantities.clear();
        acc.output_value_only = false;
    } else {
        acc.value = acc.components.iter().map(|c| c.value).sum();
        acc.status = Status::Computed;
        if !plan.counted {
            acc.memo
                .insert(0, outside_framework_memo(acc.value, ctx.book.target_year));
        }
        if acc.quantities.is_empty() {
            acc.quantities.extend(acc.quantity);
        }
        if ctx.record {
            steps.push(Step {
                symbol: "V",
                value: acc.value,
                unit: Unit::Yuan,
                origin: Origin::Result,
            });
        }
    }
    if ctx.record {
        acc.trace = Some(Trace {
            method: plan.methods[method_index].clone(),
            formula_zh: zh,
            formula_en: en,
            steps,
        });
    }
    acc
}

/// V = Σ_k Q_k × P_k over the components, quantities by the chosen model.
fn priced(
    plan: &Plan,
    components: &[ComponentSpec],
    cp: &CountyPeriod,
    done: &[IndicatorAccount],
    r: &mut Reader,
    errors: &mut Vec<PriceError>,
    acc: &mut IndicatorAccount,
) {
    let model = &r.method.model;
    let input = r.input;
    let quantities = priced_quantities(model, components, r, errors, cp, done);
    let mut comps = Vec::with_capacity(components.len());
    let optional_inputs = matches!(model, Model::Direct | Model::PurificationCapacity);
    for ((c, q), cid) in components.iter().zip(quantities).zip(&plan.components) {
        // An optional component left empty is not priced (so its price is not "used").
        let entered = input.values.contains_key(&c.id)
            || input.values.contains_key(&roles::emission_id(&c.id));
        if optional_inputs && !entered {
            continue;
        }
        if let Some((price, price_unit)) = component_price(c, r, errors) {
            comps.push(ComponentAccount {
                id: cid.clone(),
                quantity: q,
                unit: c.unit,
                price,
                price_unit,
                value: q * price,
            });
        }
    }
    // Every component optional (water purification from TN/TP alone), but not all empty: an
    // indicator with nothing entered is incomplete, never a computed 0.
    let any_entered = components.iter().any(|c| {
        input.values.contains_key(&c.id) || input.values.contains_key(&roles::emission_id(&c.id))
    });
    if optional_inputs && !any_entered && r.missing.is_empty() {
        r.missing.extend(components.iter().map(|c| c.id.clone()));
    }
    let same_unit = comps.windows(2).all(|w| w[0].unit == w[1].unit);
    if same_unit && !comps.is_empty() {
        acc.quantity = Some(Quantity {
            value: comps.iter().map(|c| c.quantity).sum(),
            unit: comps[0].unit,
        });
    }
    acc.components = comps;
}

/// Soil retention: A_c entered or by RUSLE, then sediment, nitrogen and phosphorus priced.
fn soil_retention(
    formula: &Formula,
    r: &mut Reader,
    errors: &mut Vec<PriceError>,
    acc: &mut IndicatorAccount,
) {
    let Formula::SoilRetention {
        sediment_coeff,
        bulk_density,
        dredging_cost,
        soil_n,
        soil_p,
        price_n,
        price_p,
    } = formula
    else {
        return;
    };
    let ctx = r.ctx;
    let retained = match r.method.model {
        Model::Rusle => {
            let rr = r.role(rusle::R);
            let k = r.role(rusle::K);
            let ls = r.role(rusle::LS);
            let c = r.role(rusle::C);
            let p = r.role(rusle::P);
            let area = r.role(rusle::AREA);
            let q = f::rusle_retained_t(rr, k, ls, c, p, area);
            r.result("A_c", q, Unit::T);
            q
        }
        _ => r.role(direct::RETAINED_SOIL),
    };
    let lambda = r.param(sediment_coeff, "λ", errors);
    let rho = r.param(bulk_density, "ρ", errors);
    let cd = r.param(dredging_cost, "c_d", errors);
    let n = r.param(soil_n, "N%", errors) / 100.0;
    let p = r.param(soil_p, "P%", errors) / 100.0;
    let cn = r.param(price_n, "c_N", errors);
    let cp_ = r.param(price_p, "c_P", errors);
    let sed = if rho > 0.0 {
        f::sediment_m3(retained, lambda, rho)
    } else {
        0.0
    };
    let nt = f::nutrient_t(retained, n);
    let pt = f::nutrient_t(retained, p);
    let comp = |id: &str, q: f64, unit: Unit, price: f64, price_unit: Unit| ComponentAccount {
        id: ctx.id(id),
        quantity: q,
        unit,
        price,
        price_unit,
        value: q * price,
    };
    acc.components = vec![
        comp("sediment", sed, Unit::M3, cd, Unit::YuanPerM3),
        comp("nitrogen", nt, Unit::T, cn, Unit::YuanPerT),
        comp("phosphorus", pt, Unit::T, cp_, Unit::YuanPerT),
    ];
    acc.quantity = Some(Quantity {
        value: retained,
        unit: Unit::T,
    });
}

/// Sand fixation: Q entered or by RWEQ, priced by the area of sand it covers.
fn sand_fixation(
    formula: &Formula,
    r: &mut Reader,
    errors: &mut Vec<PriceError>,
    acc: &mut IndicatorAccount,
) {
    let Formula::SandFixation {
        density,
        depth,
        cost,
    } = formula
    else {
        return;
    };
    let q = match r.method.model {
        Model::Rweq => {
            let wf = r.role(rweq::WF);
            let ef = r.role(rweq::EF);
            let scf = r.role(rweq::SCF);
            let k = r.role(rweq::K_ROUGH);
            let c = r.role(rweq::C_VEG);
            let z = r.role(rweq::Z);
            let area = r.role(rweq::AREA);
            let per_m2 = f::rweq_fixed_kg_m2(wf, ef, scf, k, c, z);
            r.result("S_L", per_m2, Unit::KgPerM2);
            // kg/m² × hm² × 10⁴ m²/hm² ÷ 1000 kg/t
            let q = per_m2 * area * 10.0;
            r.result("Q_sf", q, Unit::T);
            q
        }
        _ => r.role(direct::SAND_FIXED),
    };
    let rho = r.param(density, "ρ_s", errors);
    let h = r.param(depth, "h", errors);
    let c = r.param(cost, "c_s", errors);
    let area = if rho * h > 0.0 {
        f::sand_area_m2(q, rho, h)
    } else {
        0.0
    };
    acc.components = vec![ComponentAccount {
        id: r.ctx.id("sand_area"),
        quantity: area,
        unit: Unit::M2,
        price: c,
        price_unit: Unit::YuanPerM2,
        value: area * c,
    }];
    acc.quantity = Some(Quantity {
        value: q,
        unit: Unit::T,
    });
}

/// Recreation: visits and a value entered, or the travel-cost survey's terms.
fn travel_cost(
    time_share: &str,
    r: &mut Reader,
    errors: &mut Vec<PriceError>,
    acc: &mut IndicatorAccount,
) {
    let visits = r.role(travel_cost::VISITS);
    let value = match r.method.model {
        Model::TravelCostSurvey => {
            let te = r.role(travel_cost::EXPENSE);
            let t = r.role(travel_cost::HOURS);
            let w = r.role(travel_cost::WAGE);
            let cs = r.role(travel_cost::CS);
            let s = r.param(time_share, "s", errors);
            cs_memo(visits, cs, r, acc);
            f::travel_cost_yuan(visits, te, t, w, s)
        }
        Model::TravelCostTimeCost => {
            let te = r.role(travel_cost::EXPENSE);
            let tc = r.role(travel_cost::TIME_COST);
            let cs = r.role(travel_cost::CS);
            cs_memo(visits, cs, r, acc);
            f::travel_cost_time_cost_yuan(visits, te, tc)
        }
        _ => r.role(travel_cost::VALUE),
    };
    let per_visit = if visits > 0.0 { value / visits } else { 0.0 };
    acc.components = vec![ComponentAccount {
        id: r.ctx.id("visits"),
        quantity: visits,
        unit: Unit::PersonTrip,
        price: per_visit,
        price_unit: Unit::YuanPerVisit,
        value,
    }];
    acc.quantity = Some(Quantity {
        value: visits,
        unit: Unit::PersonTrip,
    });
}

/// N × CS is a memo item, never part of the recreation value (MemoKind docs). A survey without
/// a demand model enters CS = 0: no memo row then.
fn cs_memo(visits: f64, cs: f64, r: &Reader, acc: &mut IndicatorAccount) {
    let memo = f::consumer_surplus_yuan(visits, cs);
    if memo != 0.0 {
        let year = r.ctx.book.target_year;
        acc.memo.push(consumer_surplus_memo(visits, cs, memo, year));
    }
}

/// The memo row of a travel-cost survey's consumer surplus: `value` = N × CS (元).
pub(crate) fn consumer_surplus_memo(
    visits: f64,
    cs: f64,
    value: f64,
    price_year: i32,
) -> MemoAmount {
    // The numbers are formatted once for both languages.
    let (n, c, v) = (
        crate::format::auto(visits),
        crate::format::auto(cs),
        crate::format::auto(value),
    );
    let line = |lang| crate::i18n::tf(lang, "memo_trace_cs", &[("n", &n), ("cs", &c), ("v", &v)]);
    MemoAmount {
        kind: MemoKind::ConsumerSurplus,
        value,
        unit: Unit::Yuan,
        price_year,
        trace_zh: line(crate::i18n::Lang::Zh),
        trace_en: line(crate::i18n::Lang::En),
    }
}

/// The memo row of an indicator the framework does not count: its whole value.
pub(crate) fn outside_framework_memo(value: f64, price_year: i32) -> MemoAmount {
    let v = crate::format::auto(value);
    let line = |lang| crate::i18n::tf(lang, "memo_trace_outside", &[("v", v.as_str())]);
    MemoAmount {
        kind: MemoKind::OutsideFramework,
        value,
        unit: Unit::Yuan,
        price_year,
        trace_zh: line(crate::i18n::Lang::Zh),
        trace_en: line(crate::i18n::Lang::En),
    }
}

/// Physical quantities of a `Priced` indicator's components, by the chosen model.
fn priced_quantities(
    model: &Model,
    components: &[ComponentSpec],
    r: &mut Reader,
    errors: &mut Vec<PriceError>,
    cp: &CountyPeriod,
    done: &[IndicatorAccount],
) -> Vec<f64> {
    match model {
        Model::Direct => components
            .iter()
            .map(|c| r.get(&c.id, roles::COMPONENT_SYMBOL, c.unit))
            .collect(),
        Model::WaterBalance => vec![water_balance_m3(r, cp)],
        Model::FloodStorage {
            lake_a,
            lake_b,
            reservoir_share,
            marsh_depth,
        } => {
            let la = r.role(flood_storage::LAKE_AREA);
            let t = r.role(flood_storage::LAKE_EXCHANGE);
            let cap = r.role(flood_storage::RESERVOIR_CAPACITY);
            let ma = r.role(flood_storage::MARSH_AREA);
            let a = r.param(lake_a, "a", errors);
            let b = r.param(lake_b, "b", errors);
            let share = r.param(reservoir_share, "k_r", errors);
            let depth = r.param(marsh_depth, "d", errors);
            vec![
                f::lake_storage_m3(a, b, la, t),
                f::reservoir_storage_m3(share, cap),
                f::marsh_storage_m3(ma, depth),
            ]
        }
        Model::CarbonNep => {
            let nep = r.role(carbon_nep::NEP);
            r.constant("44/12", f::CO2_PER_C);
            vec![f::co2_from_nep(nep)]
        }
        Model::CarbonNpp { co2_per_npp }
        | Model::OxygenNpp {
            o2_per_npp: co2_per_npp,
        } => {
            let npp = r.role(npp::NPP);
            let k = r.param(co2_per_npp, "k", errors);
            vec![f::from_npp(npp, k)]
        }
        Model::OxygenFromCarbon { carbon } => {
            let co2 = done
                .iter()
                .find(|a| &*a.id == carbon.as_str() && a.status == Status::Computed)
                .and_then(|a| a.components.first())
                .map(|c| c.quantity);
            match co2 {
                Some(q) => {
                    r.step(Step {
                        symbol: "Q_CO₂",
                        value: q,
                        unit: Unit::TCo2,
                        origin: Origin::Indicator {
                            id: r.ctx.id(carbon),
                        },
                    });
                    r.constant("32/44", f::O2_PER_CO2);
                    vec![f::o2_from_co2(q)]
                }
                None => {
                    r.missing.push(carbon.clone());
                    vec![0.0]
                }
            }
        }
        Model::PurificationCapacity => components
            .iter()
            .map(|c| {
                let e = r.get(&roles::emission_id(&c.id), roles::EMISSION_SYMBOL, c.unit);
                let cap = r.get(&roles::capacity_id(&c.id), roles::CAPACITY_SYMBOL, c.unit);
                f::purified_t(e, cap)
            })
            .collect(),
        Model::ClimateEnergy {
            eer,
            latent_heat,
            humidifier,
            evaporation_eer,
            humidify_low_rh,
        } => climate_energy_kwh(
            [eer, latent_heat, humidifier],
            [*evaporation_eer, *humidify_low_rh],
            r,
            errors,
            cp,
        ),
        Model::Rusle | Model::Rweq | Model::TravelCostSurvey | Model::TravelCostTimeCost => {
            r.missing.push("model does not fit formula".into());
            vec![0.0; components.len()]
        }
    }
}

/// Q = Σ_i (P − α_i·P − ET) × A_i over the land-cover classes with a runoff coefficient.
fn water_balance_m3(r: &mut Reader, cp: &CountyPeriod) -> f64 {
    let p = r.role(water_balance::PRECIP);
    let et = r.role(water_balance::ET);
    let mut q = 0.0;
    for (class, &area) in &cp.land_cover {
        let Some(alpha) = r.ctx.classes.get(class.as_str()).and_then(|c| c.runoff) else {
            continue;
        };
        if r.ctx.record {
            let class = r.ctx.id(class);
            r.step(Step {
                symbol: "A_i",
                value: area,
                unit: Unit::Hm2,
                origin: Origin::LandCover {
                    class: class.clone(),
                },
            });
            r.step(Step {
                symbol: "α_i",
                value: alpha,
                unit: Unit::Fraction,
                origin: Origin::LandCover { class },
            });
        }
        q += f::water_balance_m3(p, et, alpha, area);
    }
    r.result("Q_wr", q, Unit::M3);
    q
}

/// Transpiration and evaporation energy (kWh) over the vegetated area S, in the variant the
/// method names (evaporative cooling through the EER; humidification on dry days only).
fn climate_energy_kwh(
    [eer, latent_heat, humidifier]: [&str; 3],
    [evaporation_eer, humidify_low_rh]: [bool; 2],
    r: &mut Reader,
    errors: &mut Vec<PriceError>,
    cp: &CountyPeriod,
) -> Vec<f64> {
    let epp = r.role(climate_energy::EPP);
    let days = r.role(climate_energy::AC_DAYS);
    let ew = r.role(climate_energy::EVAPORATION);
    let mut veg_hm2 = 0.0;
    for (class, &area) in &cp.land_cover {
        if r.ctx
            .classes
            .get(class.as_str())
            .is_some_and(|c| c.vegetated)
        {
            veg_hm2 += area;
        }
    }
    r.step(Step {
        symbol: "S",
        value: veg_hm2 / 100.0,
        unit: Unit::Km2,
        origin: Origin::County {
            field: "vegetated_area",
        },
    });
    let rr = r.param(eer, "r", errors);
    let q = r.param(latent_heat, "q", errors);
    let y = r.param(humidifier, "y", errors);
    let ept = if rr > 0.0 {
        f::transpiration_kwh(epp, veg_hm2 / 100.0, days, rr)
    } else {
        0.0
    };
    let cooling_divisor = if evaporation_eer { rr } else { 1.0 };
    let humidify_share = if humidify_low_rh {
        let dry = r.role(climate_energy::LOW_RH_DAYS);
        let year = days_in_year(r.ctx.period_year);
        r.constant("N", year);
        let h = (dry / year).clamp(0.0, 1.0);
        r.result("h", h, Unit::Fraction);
        h
    } else {
        1.0
    };
    let ewe = if cooling_divisor > 0.0 {
        f::evaporation_variant_kwh(ew, q, y, cooling_divisor, humidify_share)
    } else {
        0.0
    };
    vec![ept, ewe]
}

/// Days in a calendar year (the N of the dry-day share D_h/N).
pub(crate) fn days_in_year(year: i32) -> f64 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if leap { 366.0 } else { 365.0 }
}

/// A component's unit price (元 per component unit) at the target year.
fn component_price(
    c: &ComponentSpec,
    r: &mut Reader,
    errors: &mut Vec<PriceError>,
) -> Option<(f64, Unit)> {
    let Some(wanted) = crate::units::price_unit_for(c.unit) else {
        errors.push(PriceError::NotPriceable { unit: c.unit });
        return None;
    };
    match &c.price {
        PriceRef::Param(id) => match r.ctx.book.value(id) {
            Ok(pv) => match price_unit_factor(c.unit, pv.param.unit) {
                Some(uf) => {
                    r.push_param("P", pv, uf);
                    Some((pv.value * uf, wanted))
                }
                None => {
                    errors.push(PriceError::Unit {
                        param: id.clone(),
                        unit: pv.param.unit,
                        wanted,
                    });
                    None
                }
            },
            Err(e) => {
                errors.push(e);
                None
            }
        },
        PriceRef::Input(id) => {
            let v = r.get(id, "P", wanted);
            Some((v, wanted))
        }
        PriceRef::Pollutant {
            cost,
            tax,
            equivalent,
        } => match r.ctx.pollutant_pricing {
            PollutantPricing::TreatmentCost => {
                let v = r.param(cost, "c_k", errors);
                Some((v, wanted))
            }
            PollutantPricing::EnvTax => {
                let t = r.param(tax, "tax", errors);
                let eq = r.param(equivalent, "eq", errors);
                let v = if eq > 0.0 {
                    f::tax_price_per_t(t, eq)
                } else {
                    0.0
                };
                r.result("c_k", v, wanted);
                Some((v, wanted))
            }
        },
    }
}

/// Formula text shown in traces (zh, en); the formula as a whole is `formula_doc`'s.
pub fn formula_text(formula: &Formula, model: &Model) -> (&'static str, &'static str) {
    let d = super::formula_doc::formula_doc(formula, model);
    (d.text_zh, d.text_en)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use crate::engine::{Options, Origin, compute};
    use crate::model::IndicatorInput;
    use crate::registry::Registry;
    use crate::units::Unit;

    /// Every model's declared inputs (`Model::input_roles`, plus a formula's per-county price
    /// inputs) are exactly the inputs the engine reads, in the declared units: every method of
    /// every registry indicator is run with all its inputs entered and its trace inspected.
    #[test]
    fn the_engine_reads_exactly_the_declared_roles() {
        let reg = Registry::builtin();
        let most = reg.indicators.iter().map(|i| i.methods.len()).max();
        for m in 0..most.unwrap_or(0) {
            let mut p = crate::sample::synthetic(1, 7);
            let code = p.counties[0].code.clone();
            let Some(cp) = p.period_mut(2022).and_then(|x| x.counties.get_mut(&code)) else {
                panic!("synthetic project has 2022");
            };
            cp.indicators.clear();
            for ind in &reg.indicators {
                let method = &ind.methods[m.min(ind.methods.len() - 1)];
                let input = IndicatorInput {
                    method: method.id.clone(),
                    values: method.inputs.iter().map(|i| (i.id.clone(), 1.0)).collect(),
                    ..IndicatorInput::default()
                };
                cp.indicators.insert(ind.id.clone(), input);
            }
            let acc = compute(&p, reg, &Options::year(2022)).unwrap_or_else(|e| panic!("{e}"));
            for (ind, a) in reg.indicators.iter().zip(&acc.counties[0].indicators) {
                let method = &ind.methods[m.min(ind.methods.len() - 1)];
                let trace = a
                    .trace
                    .as_ref()
                    .unwrap_or_else(|| panic!("{} traced", ind.id));
                let mut read = BTreeSet::new();
                for s in &trace.steps {
                    if let Origin::Input { id, .. } | Origin::InputAbsent { id } = &s.origin {
                        let price = ind.formula.price_inputs().contains(&&**id);
                        // Price inputs are read in the component's price unit.
                        let unit = if price { Unit::YuanPerM2 } else { s.unit };
                        read.insert((id.to_string(), unit.key()));
                    }
                }
                let mut declared: BTreeSet<(String, &str)> = method
                    .model
                    .input_roles(&ind.formula)
                    .into_iter()
                    .map(|(id, u)| (id, u.key()))
                    .collect();
                for pi in ind.formula.price_inputs() {
                    declared.insert((pi.to_string(), Unit::YuanPerM2.key()));
                }
                assert_eq!(read, declared, "{} method {}", ind.id, method.id);
            }
        }
    }
}
