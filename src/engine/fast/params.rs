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
    /// (indicator, method, site) of every kernel number it makes.
    pub sites: Vec<(u32, u32, u32)>,
    /// Some county computed here runs a method holding it.
    pub used: bool,
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
        for (i, ind) in self.inds.iter().enumerate() {
            for (m, mp) in ind.methods.iter().enumerate() {
                let used = ind.cols.mode.contains(&(m as u8 + 1));
                for (k, site) in mp.sites.iter().enumerate() {
                    for id in site.recipe.params().into_iter().flatten() {
                        let Ok(pv) = s.ctx.book.value(id) else {
                            continue;
                        };
                        let st = by_id.entry(id.clone()).or_insert_with(|| ParamState {
                            param: pv.param.clone(),
                            point: pv.value,
                            value: pv.value,
                            index_factor: pv.index_factor,
                            sites: Vec::new(),
                            used: false,
                        });
                        st.sites.push((i as u32, m as u32, k as u32));
                        st.used |= used;
                    }
                }
            }
        }
        by_id.into_values().collect()
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
        let Ok(k) = self.params.binary_search_by(|p| (*p.param.id).cmp(id)) else {
            return false;
        };
        self.params[k].value = value;
        let sites = std::mem::take(&mut self.params[k].sites);
        for &(i, m, j) in &sites {
            let site = &self.inds[i as usize].methods[m as usize].sites[j as usize];
            let v = site.recipe.eval(&|p| self.param_now(p));
            let target = site.target;
            write(
                &mut self.inds[i as usize].methods[m as usize].kernel,
                target,
                v,
            );
        }
        self.params[k].sites = sites;
        true
    }

    /// The current value of parameter `id` (NaN when no kernel holds it).
    fn param_now(&self, id: &str) -> f64 {
        self.params
            .binary_search_by(|p| (*p.param.id).cmp(id))
            .map_or(f64::NAN, |k| self.params[k].value)
    }

    /// Indicators (plan order) whose kernels hold parameter `id`.
    pub fn indicators_of_param(&self, id: &str) -> Vec<usize> {
        let Ok(k) = self.params.binary_search_by(|p| (*p.param.id).cmp(id)) else {
            return Vec::new();
        };
        let mut v: Vec<usize> = self.params[k].sites.iter().map(|s| s.0 as usize).collect();
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

    /// Re-runs only the indicators marked in `reached` (plan order) and the totals; `out` must
    /// hold an `evaluate` of this project, and every other indicator must be unchanged since.
    /// ESV is not recomputed.
    pub fn evaluate_reached(&self, out: &mut Columns, reached: &[bool]) {
        let n = self.n;
        for (i, ind) in self.inds.iter().enumerate() {
            if !reached.get(i).copied().unwrap_or(false) {
                continue;
            }
            let mut comp = std::mem::take(&mut out.comp[i]);
            for c in 0..n {
                let mode = ind.cols.mode[c];
                if mode == NOT_ENTERED {
                    continue;
                }
                let o = self.cell(ind, mode, c, &mut comp, out);
                let at = i * n + c;
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
