//! The accounts as sums of (county feature × kernel coefficient), for the Monte Carlo.
//!
//! Every kernel's value is, county by county, a sum of terms F × G: F a number of the county
//! alone (its quantities, inputs and land cover) and G a number of the kernel alone (prices,
//! model coefficients). A priced component gives q × price, where the model's q is itself a
//! county number times a coefficient (NPP × k, reservoir capacity × share, marsh area × depth,
//! the lake's Aᵇ·T × eᵃ, the climate model's three parts); soil retention gives retained soil ×
//! (λ/ρ·c_d + N%·c_N + P%·c_P); sand fixation the fixed sand × c_s/(ρ_s·h); the survey travel
//! cost the visits × hours × wage × the time share (the expense part has no coefficient).
//! A draw of the parameters changes only the G, so a county's change is Σ F × ΔG: the Monte
//! Carlo's matrix product (`engine::uncertainty`). A drawn lake exponent b makes the lake term
//! a power of the county's lake area, G × A_lᵇ × T·10⁴ ([`Compiled::term_power`]); what does not
//! factor at all — a drawn county input, the oxygen of a carbon quantity that moves — is re-run
//! cell by cell ([`Compiled::rerun`]).

use super::plan::{Kernel, Price, Quantities, Travel};
use super::{Columns, Compiled, ENTERED, NOT_ENTERED};
use crate::registry::Category;

/// One term of one method of one indicator: `t` counts the terms of the method's kernel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Term {
    pub i: usize,
    pub m: usize,
    pub t: usize,
}

impl Compiled {
    /// The terms of every method some county computed here uses, for the indicators counted
    /// in the framework's GEP, in plan order.
    pub fn linear_terms(&self) -> Vec<Term> {
        let mut out = Vec::new();
        for (i, ind) in self.inds.iter().enumerate() {
            if !ind.counted {
                continue;
            }
            for (m, mp) in ind.methods.iter().enumerate() {
                if !ind.cols.mode.contains(&(m as u8 + 1)) {
                    continue;
                }
                let count = match &mp.kernel {
                    Kernel::Priced { q, comps, .. } => match q {
                        Quantities::Flood { .. } | Quantities::Climate { .. } => 3,
                        _ => comps.len(),
                    },
                    Kernel::Soil { .. } | Kernel::Sand { .. } => 1,
                    Kernel::Travel(Travel::Survey { .. }) => 1,
                    _ => 0,
                };
                out.extend((0..count).map(|t| Term { i, m, t }));
            }
        }
        out
    }

    /// The category of indicator `i`.
    pub fn category_of(&self, i: usize) -> Category {
        self.inds[i].category
    }

    /// Method (position) county `c` computes indicator `i` by, when by a model kernel.
    pub fn cell_method(&self, i: usize, c: usize) -> Option<usize> {
        let mode = *self.inds.get(i)?.cols.mode.get(c)?;
        (mode != NOT_ENTERED && mode < ENTERED).then(|| mode as usize - 1)
    }

    /// The coefficient G of `term` at the kernels' current numbers.
    pub fn term_coefficient(&self, term: Term) -> f64 {
        let kernel = &self.inds[term.i].methods[term.m].kernel;
        match kernel {
            Kernel::Priced { q, comps, .. } => {
                let price = |b: usize| match comps.get(b).map(|k| k.price) {
                    Some(Price::Fixed(p)) => p,
                    Some(Price::Slot(_)) => 1.0,
                    None => 0.0,
                };
                match *q {
                    Quantities::Npp { k } => k * price(term.t),
                    Quantities::Flood {
                        a, share, depth, ..
                    } => match term.t {
                        0 => a.exp() * price(0),
                        1 => share * price(1),
                        _ => depth * price(2),
                    },
                    Quantities::Climate { rr, q, y, eer, .. } => {
                        let divisor = if eer { rr } else { 1.0 };
                        match term.t {
                            0 if rr > 0.0 => price(0) / rr,
                            1 if divisor > 0.0 => q * price(1) / divisor,
                            2 if divisor > 0.0 => y * price(1),
                            _ => 0.0,
                        }
                    }
                    _ => price(term.t),
                }
            }
            Kernel::Soil { p, .. } => {
                let [lambda, rho, cd, sn, sp, cn, cp] = *p;
                let sed = if rho > 0.0 { lambda / rho } else { 0.0 };
                sed * cd + sn / 100.0 * cn + sp / 100.0 * cp
            }
            Kernel::Sand { p, .. } => {
                let [rho, h, cost] = *p;
                if rho * h > 0.0 { cost / (rho * h) } else { 0.0 }
            }
            Kernel::Travel(Travel::Survey { s }) => *s,
            _ => 0.0,
        }
    }

    /// A kernel number `term` is linear in only while it stays put (the lake exponent b);
    /// 0 for the others.
    pub fn term_shape(&self, term: Term) -> f64 {
        match &self.inds[term.i].methods[term.m].kernel {
            Kernel::Priced {
                q: Quantities::Flood { b, .. },
                ..
            } if term.t == 0 => *b,
            _ => 0.0,
        }
    }

    /// The feature F of `term` in county `c` (0 when the county does not use the term's
    /// method); `point` holds an `evaluate` of this project.
    pub fn term_feature(&self, term: Term, c: usize, point: &Columns) -> f64 {
        if self.cell_method(term.i, c) != Some(term.m) {
            return 0.0;
        }
        let n = self.n;
        let ind = &self.inds[term.i];
        let w = ind.cols.width;
        let row = &ind.cols.slots[c * w..(c + 1) * w];
        match &ind.methods[term.m].kernel {
            Kernel::Priced { q, comps, optional } => {
                // The component the term prices.
                let b = match q {
                    Quantities::Climate { .. } => term.t.min(1),
                    _ => term.t,
                };
                let Some(k) = comps.get(b) else {
                    return 0.0;
                };
                if *optional && ind.cols.mask[c] & (1 << b) == 0 {
                    return 0.0;
                }
                let slot_price = match k.price {
                    Price::Slot(j) => row[j],
                    Price::Fixed(_) => 1.0,
                };
                let base = match *q {
                    Quantities::Npp { .. } => row[0],
                    Quantities::Flood { b: exp, .. } => match term.t {
                        0 if row[0] > 0.0 => row[0].powf(exp) * row[1] * 1e4,
                        0 => 0.0,
                        1 => row[2],
                        _ => row[3] * 1e6,
                    },
                    Quantities::Climate { low_rh, .. } => {
                        let (epp, days, ew) = (row[0], row[1], row[2]);
                        match term.t {
                            0 => {
                                let veg: f64 =
                                    self.vegetated.iter().map(|&k| self.lc[k * n + c]).sum();
                                epp * (veg / 100.0) * days * 1e6 / 3600.0
                            }
                            1 => ew * 1000.0 / 3600.0,
                            _ => {
                                let share = if low_rh {
                                    (row[3] / self.days_in_year).clamp(0.0, 1.0)
                                } else {
                                    1.0
                                };
                                ew * share
                            }
                        }
                    }
                    _ => point.comp[term.i][b * n + c],
                };
                base * slot_price
            }
            Kernel::Soil { .. } | Kernel::Sand { .. } => point.quantity[term.i * n + c],
            Kernel::Travel(Travel::Survey { .. }) => row[0] * row[2] * row[3],
            _ => 0.0,
        }
    }

    /// A term that is a power of a county number (the lake: eᵃ·price × A_lᵇ × T·10⁴, `term_shape`
    /// being b): (ln A_l, T·10⁴ × a per-county price) for county `c`, so its value is
    /// G × exp(b · ln A_l) × that; `None` where the county has no such term or a zero lake area
    /// (value 0 in every draw).
    pub fn term_power(&self, term: Term, c: usize) -> Option<(f64, f64)> {
        if self.cell_method(term.i, c) != Some(term.m) || term.t != 0 {
            return None;
        }
        let ind = &self.inds[term.i];
        let w = ind.cols.width;
        let row = &ind.cols.slots[c * w..(c + 1) * w];
        let Kernel::Priced {
            q: Quantities::Flood { .. },
            comps,
            optional,
        } = &ind.methods[term.m].kernel
        else {
            return None;
        };
        let k = comps.first()?;
        if (*optional && ind.cols.mask[c] & 1 == 0) || row[0] <= 0.0 {
            return None;
        }
        let slot_price = match k.price {
            Price::Slot(j) => row[j],
            Price::Fixed(_) => 1.0,
        };
        Some((row[0].ln(), row[1] * 1e4 * slot_price))
    }

    /// Re-runs the cells `cells` ((indicator, county), sorted, sources before the indicators
    /// reading them) into `out`, which must hold an `evaluate` of this project; totals are
    /// left as they were.
    pub fn rerun(&self, out: &mut Columns, cells: &[(usize, usize)]) {
        let n = self.n;
        let mut k = 0;
        while k < cells.len() {
            let i = cells[k].0;
            let ind = &self.inds[i];
            let mut comp = std::mem::take(&mut out.comp[i]);
            while k < cells.len() && cells[k].0 == i {
                let c = cells[k].1;
                k += 1;
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
    }

    /// Whether indicator `i` counts in the framework's GEP.
    pub fn counted(&self, i: usize) -> bool {
        self.inds[i].counted
    }
}
