//! Many runs of one project (Monte Carlo): the parameters the kernels hold as numbers and a
//! setter for them, the input slots of a cell by id, blocks of counties, and an evaluation that
//! re-runs only the indicators a change reaches.
//!
//! Each kernel number a parameter makes is a `plan::Site`: where it sits and its recipe (the
//! value at the target price year times the price's unit factor, or the environmental tax ÷
//! the pollution equivalent). `set_param` stores the new value and rewrites every site reading
//! it with the same arithmetic the plan used, so setting a parameter back to its point value
//! gives the same bits as before.

use std::ops::Range;
use std::sync::Arc;

use super::plan::{Kernel, Price, Quantities, Target, Travel};
use super::{Columns, Compiled, ENTERED, EsvDense, IndCols, IndPlan, NOT_ENTERED};
use crate::engine::setup::Setup;
use crate::engine::trace::EffectiveParam;
use crate::units::Unit;

/// A parameter the kernels hold: its point value and current value at the target price year.
#[derive(Debug, Clone)]
pub(crate) struct ParamState {
    pub param: Arc<EffectiveParam>,
    pub point: f64,
    pub value: f64,
    /// Target-year value ÷ value in the parameter's own price year.
    pub index_factor: f64,
    /// Every kernel number it makes.
    pub sites: Vec<Resolved>,
    /// Some county computed here runs a method holding it.
    pub used: bool,
}

/// A kernel number a parameter makes: indicator, method, where, and its recipe with the
/// parameters by position in `Compiled::params` (no look-up by id per draw).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Resolved {
    i: u32,
    m: u32,
    target: Target,
    recipe: Recipe,
}

/// `plan::Recipe` by parameter position.
#[derive(Debug, Clone, Copy)]
enum Recipe {
    Scaled { k: usize, factor: f64 },
    Tax { tax: usize, equivalent: usize },
}

impl Recipe {
    fn eval(self, params: &[ParamState]) -> f64 {
        match self {
            Recipe::Scaled { k, factor } => params[k].value * factor,
            Recipe::Tax { tax, equivalent } => {
                let eq = params[equivalent].value;
                if eq > 0.0 {
                    crate::engine::formulas::tax_price_per_t(params[tax].value, eq)
                } else {
                    0.0
                }
            }
        }
    }
}

/// A parameter that can be set, as [`Compiled::kernel_params`] lists it.
#[derive(Debug, Clone)]
pub struct KernelParam {
    pub param: Arc<EffectiveParam>,
    /// Value at the target price year.
    pub point: f64,
    /// Target-year value ÷ value at the parameter's own price year.
    pub index_factor: f64,
}

/// One input of one county's cell: its slot, its value (in the unit the model computes in)
/// and the units (entered, computed in).
#[derive(Debug, Clone, Copy)]
pub struct InputSlot {
    pub slot: usize,
    pub point: f64,
    pub from: Unit,
    pub to: Unit,
}

impl Compiled {
    /// The states of every parameter some site reads, sorted by id (at build time).
    pub(super) fn param_states(&self, s: &Setup) -> Vec<ParamState> {
        let mut by_id: std::collections::BTreeMap<Arc<str>, ParamState> = Default::default();
        let mut raw = Vec::new();
        for (i, ind) in self.inds.iter().enumerate() {
            for (m, mp) in ind.methods.iter().enumerate() {
                let used = ind.cols.mode.contains(&(m as u8 + 1));
                for site in &mp.sites {
                    let ids = site.recipe.params();
                    let ok = ids.iter().flatten().all(|id| s.ctx.book.value(id).is_ok());
                    if !ok {
                        continue;
                    }
                    for id in ids.into_iter().flatten() {
                        if let Ok(pv) = s.ctx.book.value(id) {
                            let st = by_id.entry(id.clone()).or_insert_with(|| ParamState {
                                param: pv.param.clone(),
                                point: pv.value,
                                value: pv.value,
                                index_factor: pv.index_factor,
                                sites: Vec::new(),
                                used: false,
                            });
                            st.used |= used;
                        }
                    }
                    raw.push((i, m, site.clone()));
                }
            }
        }
        let mut states: Vec<ParamState> = by_id.into_values().collect();
        let at = |id: &str, states: &[ParamState]| {
            states
                .binary_search_by(|p| (*p.param.id).cmp(id))
                .unwrap_or(usize::MAX)
        };
        for (i, m, site) in raw {
            let recipe = match &site.recipe {
                super::plan::Recipe::Scaled { param, factor } => Recipe::Scaled {
                    k: at(param, &states),
                    factor: *factor,
                },
                super::plan::Recipe::Tax { tax, equivalent } => Recipe::Tax {
                    tax: at(tax, &states),
                    equivalent: at(equivalent, &states),
                },
            };
            let r = Resolved {
                i: i as u32,
                m: m as u32,
                target: site.target,
                recipe,
            };
            let owners: Vec<usize> = match recipe {
                Recipe::Scaled { k, .. } => vec![k],
                Recipe::Tax { tax, equivalent } => vec![tax, equivalent],
            };
            for k in owners {
                states[k].sites.push(r);
            }
        }
        states
    }

    /// The parameters held by the kernels of counties computed here, sorted by id.
    pub fn kernel_params(&self) -> Vec<KernelParam> {
        self.params
            .iter()
            .filter(|p| p.used)
            .map(|p| KernelParam {
                param: p.param.clone(),
                point: p.point,
                index_factor: p.index_factor,
            })
            .collect()
    }

    /// Sets parameter `id` to `value` (at the target price year) for the next `evaluate`;
    /// `false` when no kernel holds it.
    pub fn set_param(&mut self, id: &str, value: f64) -> bool {
        match self.param_index(id) {
            Some(k) => {
                self.set_param_at(k, value);
                true
            }
            None => false,
        }
    }

    /// Position of parameter `id` among the parameters the kernels hold (for `set_param_at`;
    /// the same in every `slice`).
    pub fn param_index(&self, id: &str) -> Option<usize> {
        self.params.binary_search_by(|p| (*p.param.id).cmp(id)).ok()
    }

    /// Sets the parameter at position `k` (`param_index`) to `value`.
    pub fn set_param_at(&mut self, k: usize, value: f64) {
        let Some(p) = self.params.get_mut(k) else {
            return;
        };
        p.value = value;
        let params = &self.params;
        for r in &params[k].sites {
            let v = r.recipe.eval(params);
            write(
                &mut self.inds[r.i as usize].methods[r.m as usize].kernel,
                r.target,
                v,
            );
        }
    }

    /// Indicators (plan order) whose kernels hold parameter `id`.
    pub fn indicators_of_param(&self, id: &str) -> Vec<usize> {
        let Ok(k) = self.params.binary_search_by(|p| (*p.param.id).cmp(id)) else {
            return Vec::new();
        };
        let mut v: Vec<usize> = self.params[k].sites.iter().map(|s| s.i as usize).collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// Plan position of indicator `id`.
    pub fn indicator_index(&self, id: &str) -> Option<usize> {
        self.inds.iter().position(|i| i.id == id)
    }

    /// Number of indicators (plan order: registry, then custom).
    pub fn indicators(&self) -> usize {
        self.inds.len()
    }

    /// Input `input` of indicator `i` in county `c`, when the county computes it here by a
    /// model that reads it.
    pub fn input_slot(&self, i: usize, c: usize, input: &str) -> Option<InputSlot> {
        let ind = self.inds.get(i)?;
        let mode = *ind.cols.mode.get(c)?;
        if mode == NOT_ENTERED || mode >= ENTERED {
            return None;
        }
        let mp = &ind.methods[mode as usize - 1];
        let slot = mp.slots.iter().position(|s| s.id == input)?;
        let w = ind.cols.width;
        Some(InputSlot {
            slot,
            point: ind.cols.slots[c * w + slot],
            from: mp.slots[slot].from,
            to: mp.slots[slot].unit,
        })
    }

    /// The indicators whose values change when the given indicators do (the oxygen model reads
    /// the carbon indicator's quantity): `reached` is closed over that dependency.
    pub fn close_reached(&self, reached: &mut [bool]) {
        for (i, ind) in self.inds.iter().enumerate() {
            for mp in &ind.methods {
                if let Kernel::Priced {
                    q: Quantities::OxygenFromCarbon { carbon },
                    ..
                } = mp.kernel
                    && reached.get(carbon).copied().unwrap_or(false)
                {
                    reached[i] = true;
                }
            }
        }
    }

    /// The counties `range` as a project of their own (same plans and parameters; ESV left
    /// out: no parameter reaches it).
    pub fn slice(&self, range: Range<usize>) -> Compiled {
        let n = range.len();
        let cut = |v: &[f64], rows: usize| -> Vec<f64> {
            let mut out = Vec::with_capacity(rows * n);
            for r in 0..rows {
                out.extend_from_slice(&v[r * self.n + range.start..r * self.n + range.end]);
            }
            out
        };
        let inds = self
            .inds
            .iter()
            .map(|ind| {
                let w = ind.cols.width;
                let mut lines = Vec::new();
                let mut line_range = Vec::with_capacity(n);
                for &(a, b) in &ind.cols.line_range[range.clone()] {
                    let start = lines.len() as u32;
                    lines.extend_from_slice(&ind.cols.lines[a as usize..b as usize]);
                    line_range.push((start, lines.len() as u32));
                }
                IndPlan {
                    id: ind.id.clone(),
                    category: ind.category,
                    counted: ind.counted,
                    market: ind.market,
                    kcomp: ind.kcomp,
                    methods: ind.methods.clone(),
                    cols: IndCols {
                        width: w,
                        mode: ind.cols.mode[range.clone()].to_vec(),
                        slots: ind.cols.slots[range.start * w..range.end * w].to_vec(),
                        mask: ind.cols.mask[range.clone()].to_vec(),
                        lines,
                        line_range,
                    },
                }
            })
            .collect();
        let classes = self.lc.len() / self.n.max(1);
        Compiled {
            n,
            inds,
            reference: self.reference[range.clone()].to_vec(),
            lc: cut(&self.lc, classes),
            runoff: self.runoff.clone(),
            vegetated: self.vegetated.clone(),
            esv: None::<EsvDense>,
            imported: self.imported[range.clone()].to_vec(),
            deduct_imports: self.deduct_imports,
            current_to_target: self.current_to_target,
            days_in_year: self.days_in_year,
            params: self.params.clone(),
            framework: self.framework.clone(),
            price_year: self.price_year,
        }
    }

    /// Positions of the parameters that change indicator `i`'s physical quantities (model
    /// coefficients, not prices).
    pub fn quantity_params(&self, i: usize) -> Vec<usize> {
        (0..self.params.len())
            .filter(|&k| {
                self.params[k]
                    .sites
                    .iter()
                    .any(|r| r.i as usize == i && !matches!(r.target, Target::Comp(_)))
            })
            .collect()
    }

    /// The indicator whose quantity indicator `i`'s model reads (oxygen from carbon), if any.
    pub fn quantity_source(&self, i: usize) -> Option<usize> {
        self.inds
            .get(i)?
            .methods
            .iter()
            .find_map(|mp| match mp.kernel {
                Kernel::Priced {
                    q: Quantities::OxygenFromCarbon { carbon },
                    ..
                } => Some(carbon),
                _ => None,
            })
    }

    /// Re-runs only the indicators marked in `reached` (plan order) and the totals; `out` must
    /// hold an `evaluate` of this project, and every other indicator must be unchanged since.
    /// Where `fixed_q[i]`, indicator `i`'s quantities are unchanged too (only prices moved):
    /// its priced components are valued from the component quantities in `out` (the numbers
    /// the model gave, in the same order), without running the model again. ESV is not
    /// recomputed.
    pub fn evaluate_reached(&self, out: &mut Columns, reached: &[bool], fixed_q: &[bool]) {
        let n = self.n;
        for (i, ind) in self.inds.iter().enumerate() {
            if !reached.get(i).copied().unwrap_or(false) {
                continue;
            }
            let fixed = fixed_q.get(i).copied().unwrap_or(false);
            let mut comp = std::mem::take(&mut out.comp[i]);
            for c in 0..n {
                let mode = ind.cols.mode[c];
                if mode == NOT_ENTERED {
                    continue;
                }
                let at = i * n + c;
                if fixed
                    && mode < ENTERED
                    && let Kernel::Priced {
                        comps, optional, ..
                    } = &ind.methods[mode as usize - 1].kernel
                {
                    let mask = if *optional {
                        ind.cols.mask[c]
                    } else {
                        u32::MAX
                    };
                    let w = ind.cols.width;
                    let row = &ind.cols.slots[c * w..(c + 1) * w];
                    let mut value = -0.0;
                    for (b, k) in comps.iter().enumerate() {
                        if mask & (1 << b) == 0 {
                            continue;
                        }
                        let price = match k.price {
                            Price::Fixed(p) => p,
                            Price::Slot(j) => row[j],
                        };
                        value += comp[b * n + c] * price;
                    }
                    out.value[at] = value;
                    continue;
                }
                let o = self.cell(ind, mode, c, &mut comp, out);
                out.value[at] = o.value;
                out.quantity[at] = o.quantity;
                out.first_q[at] = o.first_q;
                out.cs[at] = o.cs;
            }
            out.comp[i] = comp;
        }
        self.totals(out);
    }
}

/// Writes `v` at `target` in `kernel`.
fn write(kernel: &mut Kernel, target: Target, v: f64) {
    match (kernel, target) {
        (Kernel::Priced { comps, .. }, Target::Comp(b)) => {
            if let Some(c) = comps.get_mut(b) {
                c.price = Price::Fixed(v);
            }
        }
        (Kernel::Priced { q, .. }, t) => match (q, t) {
            (Quantities::Flood { a, .. }, Target::FloodA) => *a = v,
            (Quantities::Flood { b, .. }, Target::FloodB) => *b = v,
            (Quantities::Flood { share, .. }, Target::FloodShare) => *share = v,
            (Quantities::Flood { depth, .. }, Target::FloodDepth) => *depth = v,
            (Quantities::Npp { k }, Target::NppK) => *k = v,
            (Quantities::Climate { rr, .. }, Target::ClimateRr) => *rr = v,
            (Quantities::Climate { q, .. }, Target::ClimateQ) => *q = v,
            (Quantities::Climate { y, .. }, Target::ClimateY) => *y = v,
            _ => {}
        },
        (Kernel::Soil { p, .. }, Target::Soil(j)) => p[j] = v,
        (Kernel::Sand { p, .. }, Target::Sand(j)) => p[j] = v,
        (Kernel::Travel(Travel::Survey { s }), Target::TravelShare) => *s = v,
        _ => {}
    }
}
