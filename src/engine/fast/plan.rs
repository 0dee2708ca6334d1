//! Each method of each indicator resolved once per computation into a kernel: its parameters
//! as numbers at the target price year, the inputs it reads as numbered slots (id, the
//! method's input spec and the unit the model computes in, exactly as `gep::Reader` reads
//! them), and the parameters it marks as used. A method that cannot run as a kernel (a price
//! error, a model that does not fit its formula) becomes `Kernel::Reference`: its counties take
//! the reference path, which reports the problem in its own words.

use std::sync::Arc;

use crate::engine::formulas as f;
use crate::engine::gep::Ctx;
use crate::engine::prices::PriceError;
use crate::engine::trace::EffectiveParam;
use crate::model::PollutantPricing;
use crate::registry::roles::{
    self, Role, carbon_nep, climate_energy, direct, flood_storage, npp, rusle, rweq, travel_cost,
    water_balance,
};
use crate::registry::{ComponentSpec, Formula, IndicatorSpec, MethodSpec, Model, PriceRef};
use crate::units::{Unit, price_unit_factor, price_unit_for};

/// One input a kernel reads: its id, its position in the method's `inputs` (`None` = not
/// declared, which the reference reports as missing) and the unit the model computes in.
#[derive(Debug, Clone)]
pub(crate) struct Slot {
    pub id: String,
    pub spec: Option<usize>,
    pub unit: Unit,
    /// The unit the registry declares for the input (what the user enters).
    pub from: Unit,
}

/// Where a component's unit price comes from.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Price {
    /// A parameter (or a pollutant's treatment cost or tax ÷ equivalent), per component unit.
    Fixed(f64),
    /// A per-county input (slot number), read only when the component is priced.
    Slot(usize),
}

/// A priced component of a `Priced` formula.
#[derive(Debug, Clone)]
pub(crate) struct Comp {
    pub unit: Unit,
    pub price_unit: Unit,
    pub price: Price,
    /// Parameters this component's price reads.
    pub params: Vec<Arc<EffectiveParam>>,
}

/// How a `Priced` formula's quantities come about (slots in `MethodPlan::slots` order).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Quantities {
    /// q_k = slot k.
    Direct,
    /// Slots P, ET; land cover with runoff coefficients.
    WaterBalance,
    /// Slots A_l, T, C_t, S.
    Flood {
        a: f64,
        b: f64,
        share: f64,
        depth: f64,
    },
    /// Slot NEP.
    CarbonNep,
    /// Slot NPP.
    Npp { k: f64 },
    /// The carbon indicator's (plan position) first component quantity.
    OxygenFromCarbon { carbon: usize },
    /// Slots E_k, Cap_k for each component.
    Purification,
    /// Slots EPP, D, E_w (and D_h); vegetated land cover.
    Climate {
        rr: f64,
        q: f64,
        y: f64,
        eer: bool,
        low_rh: bool,
    },
}

impl Quantities {
    /// How many quantities the model yields for `n` components.
    pub(crate) fn count(&self, n: usize) -> usize {
        match self {
            Quantities::Direct | Quantities::Purification => n,
            Quantities::Flood { .. } => 3,
            Quantities::Climate { .. } => 2,
            _ => 1,
        }
    }
}

/// Recreation by travel cost.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Travel {
    /// Slots N, TE, t, w, CS.
    Survey { s: f64 },
    /// Slots N, TE, C_t, CS.
    TimeCost,
    /// Slots N, V.
    Value,
}

#[derive(Debug, Clone)]
pub(crate) enum Kernel {
    Priced {
        q: Quantities,
        comps: Vec<Comp>,
        /// Components left empty are not priced (direct entry, purification).
        optional: bool,
    },
    /// λ, ρ, c_d, N%, P%, c_N, c_P; slots R K LS C P A (RUSLE) or A_c.
    Soil {
        rusle: bool,
        p: [f64; 7],
    },
    /// ρ_s, h, c_s; slots WF EF SCF K′ C z A (RWEQ) or Q_sf.
    Sand {
        rweq: bool,
        p: [f64; 3],
    },
    Travel(Travel),
    /// Material products: lines or an output value (no slots, no parameters).
    Products,
    /// Not a kernel: the counties using this method take the reference path.
    Reference,
}

/// Where a parameter's value sits in a kernel (a parameter setter rewrites it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    /// Component b's `Price::Fixed`.
    Comp(usize),
    Soil(usize),
    Sand(usize),
    TravelShare,
    FloodA,
    FloodB,
    FloodShare,
    FloodDepth,
    NppK,
    ClimateRr,
    ClimateQ,
    ClimateY,
}

/// How a kernel number follows from parameters at the target price year.
#[derive(Debug, Clone)]
pub(crate) enum Recipe {
    /// value × factor (a price's unit factor, else 1).
    Scaled { param: Arc<str>, factor: f64 },
    /// The environmental tax per t: tax ÷ pollution equivalent (0 when the equivalent is not
    /// positive).
    Tax { tax: Arc<str>, equivalent: Arc<str> },
}

/// A parameter's place in a kernel and how its number is made.
#[derive(Debug, Clone)]
pub(crate) struct Site {
    pub target: Target,
    pub recipe: Recipe,
}

impl Recipe {
    /// The parameters this number reads.
    pub(crate) fn params(&self) -> [Option<&Arc<str>>; 2] {
        match self {
            Recipe::Scaled { param, .. } => [Some(param), None],
            Recipe::Tax { tax, equivalent } => [Some(tax), Some(equivalent)],
        }
    }
}

/// A method ready to run over the counties.
#[derive(Debug, Clone)]
pub(crate) struct MethodPlan {
    pub kernel: Kernel,
    pub slots: Vec<Slot>,
    /// Parameters read whenever the method runs.
    pub params: Vec<Arc<EffectiveParam>>,
    /// The input ids that make a component entered (its id, its emission's id), in component
    /// order (a `Priced` formula).
    pub entered_ids: Vec<(String, String)>,
    /// The component whose per-county price each slot is, if any.
    pub price_owner: Vec<Option<usize>>,
    /// Slot numbers in the order of their input ids.
    pub sorted_slots: Vec<usize>,
    /// Where each parameter the kernel holds as a number sits (`Compiled::set_param`).
    pub sites: Vec<Site>,
}

fn slot(method: &MethodSpec, id: &str, unit: Unit) -> Slot {
    let spec = method.inputs.iter().position(|i| i.id == id);
    Slot {
        id: id.to_string(),
        spec,
        unit,
        from: spec.map_or(unit, |k| method.inputs[k].unit),
    }
}

fn role_slots(method: &MethodSpec, roles: &[Role]) -> Vec<Slot> {
    roles.iter().map(|r| slot(method, r.id, r.unit)).collect()
}

/// Parameters resolved through the price book, remembering each one used.
struct Params<'c> {
    ctx: &'c Ctx<'c>,
    used: Vec<Arc<EffectiveParam>>,
    sites: Vec<Site>,
}

impl Params<'_> {
    /// The value of `id`, held by the kernel at `target`.
    fn get(&mut self, id: &str, target: Target) -> Result<f64, PriceError> {
        let pv = self.ctx.book.value(id)?;
        self.used.push(pv.param.clone());
        self.sites.push(Site {
            target,
            recipe: Recipe::Scaled {
                param: pv.param.id.clone(),
                factor: 1.0,
            },
        });
        Ok(pv.value)
    }
}

/// The plan of one method of `spec`; `position` finds an indicator's plan position by id.
pub(crate) fn method_plan(
    ctx: &Ctx,
    spec: &IndicatorSpec,
    index: usize,
    method: &MethodSpec,
    position: &dyn Fn(&str) -> Option<usize>,
) -> MethodPlan {
    let mut params = Params {
        ctx,
        used: Vec::new(),
        sites: Vec::new(),
    };
    let built = build(ctx, spec, index, method, position, &mut params);
    let entered_ids = match &spec.formula {
        Formula::Priced { components } => components
            .iter()
            .map(|c| (c.id.clone(), roles::emission_id(&c.id)))
            .collect(),
        _ => Vec::new(),
    };
    match built {
        Ok((kernel, slots)) => {
            let mut price_owner = vec![None; slots.len()];
            if let Kernel::Priced { comps, .. } = &kernel {
                for (b, c) in comps.iter().enumerate() {
                    if let Price::Slot(j) = c.price {
                        price_owner[j] = Some(b);
                    }
                }
            }
            let mut sorted_slots: Vec<usize> = (0..slots.len()).collect();
            sorted_slots.sort_by(|&a, &b| slots[a].id.cmp(&slots[b].id));
            MethodPlan {
                kernel,
                slots,
                params: params.used,
                entered_ids,
                price_owner,
                sorted_slots,
                sites: params.sites,
            }
        }
        Err(_) => MethodPlan {
            kernel: Kernel::Reference,
            slots: Vec::new(),
            params: Vec::new(),
            entered_ids,
            price_owner: Vec::new(),
            sorted_slots: Vec::new(),
            sites: Vec::new(),
        },
    }
}

fn build(
    ctx: &Ctx,
    spec: &IndicatorSpec,
    index: usize,
    method: &MethodSpec,
    position: &dyn Fn(&str) -> Option<usize>,
    params: &mut Params,
) -> Result<(Kernel, Vec<Slot>), PriceError> {
    let model = &method.model;
    Ok(match &spec.formula {
        Formula::Products => (Kernel::Products, Vec::new()),
        Formula::SoilRetention {
            sediment_coeff,
            bulk_density,
            dredging_cost,
            soil_n,
            soil_p,
            price_n,
            price_p,
        } => {
            let rusle = matches!(model, Model::Rusle);
            let slots = if rusle {
                role_slots(method, &rusle::ALL)
            } else {
                role_slots(method, &[direct::RETAINED_SOIL])
            };
            let mut p = [0.0; 7];
            let ids = [
                sediment_coeff,
                bulk_density,
                dredging_cost,
                soil_n,
                soil_p,
                price_n,
                price_p,
            ];
            for (j, (v, id)) in p.iter_mut().zip(ids).enumerate() {
                *v = params.get(id, Target::Soil(j))?;
            }
            (Kernel::Soil { rusle, p }, slots)
        }
        Formula::SandFixation {
            density,
            depth,
            cost,
        } => {
            let rweq = matches!(model, Model::Rweq);
            let slots = if rweq {
                role_slots(method, &rweq::ALL)
            } else {
                role_slots(method, &[direct::SAND_FIXED])
            };
            let p = [
                params.get(density, Target::Sand(0))?,
                params.get(depth, Target::Sand(1))?,
                params.get(cost, Target::Sand(2))?,
            ];
            (Kernel::Sand { rweq, p }, slots)
        }
        Formula::TravelCost { time_share } => match model {
            Model::TravelCostSurvey => (
                Kernel::Travel(Travel::Survey {
                    s: params.get(time_share, Target::TravelShare)?,
                }),
                role_slots(method, &travel_cost::SURVEY),
            ),
            Model::TravelCostTimeCost => (
                Kernel::Travel(Travel::TimeCost),
                role_slots(method, &travel_cost::SURVEY_TIME_COST),
            ),
            _ => (
                Kernel::Travel(Travel::Value),
                role_slots(method, &travel_cost::DIRECT),
            ),
        },
        Formula::Priced { components } => priced(ctx, components, index, method, position, params)?,
    })
}

fn priced(
    ctx: &Ctx,
    components: &[ComponentSpec],
    index: usize,
    method: &MethodSpec,
    position: &dyn Fn(&str) -> Option<usize>,
    params: &mut Params,
) -> Result<(Kernel, Vec<Slot>), PriceError> {
    let (q, mut slots) = match &method.model {
        Model::Direct => (
            Quantities::Direct,
            components
                .iter()
                .map(|c| slot(method, &c.id, c.unit))
                .collect(),
        ),
        Model::WaterBalance => (
            Quantities::WaterBalance,
            role_slots(method, &water_balance::ALL),
        ),
        Model::FloodStorage {
            lake_a,
            lake_b,
            reservoir_share,
            marsh_depth,
        } => {
            let slots = role_slots(method, &flood_storage::ALL);
            let q = Quantities::Flood {
                a: params.get(lake_a, Target::FloodA)?,
                b: params.get(lake_b, Target::FloodB)?,
                share: params.get(reservoir_share, Target::FloodShare)?,
                depth: params.get(marsh_depth, Target::FloodDepth)?,
            };
            (q, slots)
        }
        Model::CarbonNep => (Quantities::CarbonNep, role_slots(method, &carbon_nep::ALL)),
        Model::CarbonNpp { co2_per_npp: k } | Model::OxygenNpp { o2_per_npp: k } => {
            let slots = role_slots(method, &npp::ALL);
            (
                Quantities::Npp {
                    k: params.get(k, Target::NppK)?,
                },
                slots,
            )
        }
        Model::OxygenFromCarbon { carbon } => {
            // The carbon indicator must come earlier (the reference reads it from the county's
            // indicators computed so far).
            match position(carbon).filter(|&j| j < index) {
                Some(j) => (Quantities::OxygenFromCarbon { carbon: j }, Vec::new()),
                None => return Err(PriceError::UnknownParam(carbon.clone())),
            }
        }
        Model::PurificationCapacity => {
            let mut slots = Vec::with_capacity(components.len() * 2);
            for c in components {
                slots.push(slot(method, &roles::emission_id(&c.id), c.unit));
                slots.push(slot(method, &roles::capacity_id(&c.id), c.unit));
            }
            (Quantities::Purification, slots)
        }
        Model::ClimateEnergy {
            eer,
            latent_heat,
            humidifier,
            evaporation_eer,
            humidify_low_rh,
        } => {
            let mut slots = role_slots(method, &climate_energy::ALL);
            if *humidify_low_rh {
                slots.push(slot(method, climate_energy::LOW_RH_DAYS.id, Unit::Day));
            }
            let q = Quantities::Climate {
                rr: params.get(eer, Target::ClimateRr)?,
                q: params.get(latent_heat, Target::ClimateQ)?,
                y: params.get(humidifier, Target::ClimateY)?,
                eer: *evaporation_eer,
                low_rh: *humidify_low_rh,
            };
            (q, slots)
        }
        Model::Rusle | Model::Rweq | Model::TravelCostSurvey | Model::TravelCostTimeCost => {
            return Err(PriceError::UnknownMethod(method.id.clone()));
        }
    };
    let n = q.count(components.len()).min(components.len());
    let mut comps = Vec::with_capacity(n);
    for (b, c) in components[..n].iter().enumerate() {
        let (k, recipe) = comp(ctx, c, method, &mut slots)?;
        if let Some(recipe) = recipe {
            params.sites.push(Site {
                target: Target::Comp(b),
                recipe,
            });
        }
        comps.push(k);
    }
    let optional = matches!(method.model, Model::Direct | Model::PurificationCapacity);
    Ok((Kernel::Priced { q, comps, optional }, slots))
}

/// A component's price as `gep::component_price` finds it, and how a fixed price follows from
/// its parameters.
fn comp(
    ctx: &Ctx,
    c: &ComponentSpec,
    method: &MethodSpec,
    slots: &mut Vec<Slot>,
) -> Result<(Comp, Option<Recipe>), PriceError> {
    let wanted = price_unit_for(c.unit).ok_or(PriceError::NotPriceable { unit: c.unit })?;
    let mut used = Vec::new();
    let mut param = |id: &str| -> Result<f64, PriceError> {
        let pv = ctx.book.value(id)?;
        used.push(pv.param.clone());
        Ok(pv.value)
    };
    let mut recipe = None;
    let price = match &c.price {
        PriceRef::Param(id) => {
            let pv = ctx.book.value(id)?;
            let uf = price_unit_factor(c.unit, pv.param.unit).ok_or(PriceError::Unit {
                param: id.clone(),
                unit: pv.param.unit,
                wanted,
            })?;
            used.push(pv.param.clone());
            recipe = Some(Recipe::Scaled {
                param: pv.param.id.clone(),
                factor: uf,
            });
            Price::Fixed(pv.value * uf)
        }
        PriceRef::Input(id) => {
            slots.push(slot(method, id, wanted));
            Price::Slot(slots.len() - 1)
        }
        PriceRef::Pollutant {
            cost,
            tax,
            equivalent,
        } => match ctx.pollutant_pricing {
            PollutantPricing::TreatmentCost => {
                let v = param(cost)?;
                recipe = Some(Recipe::Scaled {
                    param: Arc::from(cost.as_str()),
                    factor: 1.0,
                });
                Price::Fixed(v)
            }
            PollutantPricing::EnvTax => {
                let t = param(tax)?;
                let eq = param(equivalent)?;
                recipe = Some(Recipe::Tax {
                    tax: Arc::from(tax.as_str()),
                    equivalent: Arc::from(equivalent.as_str()),
                });
                Price::Fixed(if eq > 0.0 {
                    f::tax_price_per_t(t, eq)
                } else {
                    0.0
                })
            }
        },
    };
    Ok((
        Comp {
            unit: c.unit,
            price_unit: wanted,
            price,
            params: used,
        },
        recipe,
    ))
}
