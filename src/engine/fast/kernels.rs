//! The kernels: each indicator run down its column of counties, then the county totals, ESV
//! and the region. Every number is computed by the same `formulas` function with the operands
//! in the same order as `engine::gep` (sums too: `Iterator::sum` of `f64` starts at −0.0, so
//! sums here start there as well), which is what makes the two paths agree bit for bit.

use super::plan::{Kernel, Price, Quantities, Travel};
use super::{Columns, Compiled, ENTERED, IndPlan, LINES, NOT_ENTERED, OUTPUT};
use crate::engine::accounts::Totals;
use crate::engine::formulas as f;
use crate::registry::Category;

/// The results of one cell.
#[derive(Default)]
pub(super) struct Out {
    pub value: f64,
    pub quantity: f64,
    pub first_q: f64,
    pub cs: f64,
}

impl Compiled {
    /// Runs every kernel over its column, then totals, ESV and the region, into `out` (its
    /// arrays are reused).
    pub fn evaluate(&self, out: &mut Columns) {
        let n = self.n;
        let cells = self.inds.len() * n;
        out.n = n;
        for v in [
            &mut out.value,
            &mut out.quantity,
            &mut out.first_q,
            &mut out.cs,
        ] {
            v.clear();
            v.resize(cells, 0.0);
        }
        out.computed.clear();
        out.computed.resize(cells, false);
        out.comp.resize_with(self.inds.len(), Vec::new);
        for (i, ind) in self.inds.iter().enumerate() {
            let mut comp = std::mem::take(&mut out.comp[i]);
            comp.clear();
            comp.resize(ind.kcomp * n, 0.0);
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
                out.computed[at] = true;
            }
            out.comp[i] = comp;
        }
        self.esv_columns(out);
        self.totals(out);
    }

    pub(super) fn cell(
        &self,
        ind: &IndPlan,
        mode: u8,
        c: usize,
        comp: &mut [f64],
        out: &Columns,
    ) -> Out {
        let n = self.n;
        let w = ind.cols.width;
        let row = &ind.cols.slots[c * w..(c + 1) * w];
        match mode {
            ENTERED | OUTPUT => {
                comp[c] = row[0];
                Out {
                    value: [row[0] * row[1]].iter().sum(),
                    quantity: f64::NAN,
                    first_q: row[0],
                    cs: 0.0,
                }
            }
            LINES => {
                let (a, b) = ind.cols.line_range[c];
                let lines = &ind.cols.lines[a as usize..b as usize];
                let first = lines.first().map_or(0.0, |l| l.quantity);
                comp[c] = first;
                Out {
                    value: lines.iter().map(|l| l.quantity * l.price * l.factor).sum(),
                    quantity: row[0],
                    first_q: first,
                    cs: 0.0,
                }
            }
            m => match &ind.methods[m as usize - 1].kernel {
                Kernel::Priced { q, comps, optional } => {
                    let mask = if *optional {
                        ind.cols.mask[c]
                    } else {
                        u32::MAX
                    };
                    let qs = self.quantities(q, row, c, out);
                    let mut value = -0.0;
                    let mut qsum = -0.0;
                    let mut first = None;
                    let mut unit = None;
                    let mut same = true;
                    for (b, k) in comps.iter().enumerate() {
                        if mask & (1 << b) == 0 {
                            continue;
                        }
                        let qb = qs.get(b, row);
                        let price = match k.price {
                            Price::Fixed(p) => p,
                            Price::Slot(j) => row[j],
                        };
                        comp[b * n + c] = qb;
                        value += qb * price;
                        qsum += qb;
                        first.get_or_insert(qb);
                        same &= *unit.get_or_insert(k.unit) == k.unit;
                    }
                    Out {
                        value,
                        quantity: if same && first.is_some() {
                            qsum
                        } else {
                            f64::NAN
                        },
                        first_q: first.unwrap_or(f64::NAN),
                        cs: 0.0,
                    }
                }
                Kernel::Soil { rusle, p } => {
                    let retained = if *rusle {
                        f::rusle_retained_t(row[0], row[1], row[2], row[3], row[4], row[5])
                    } else {
                        row[0]
                    };
                    let [lambda, rho, cd, sn, sp, cn, cp] = *p;
                    let sed = if rho > 0.0 {
                        f::sediment_m3(retained, lambda, rho)
                    } else {
                        0.0
                    };
                    let nt = f::nutrient_t(retained, sn / 100.0);
                    let pt = f::nutrient_t(retained, sp / 100.0);
                    comp[c] = sed;
                    comp[n + c] = nt;
                    comp[2 * n + c] = pt;
                    Out {
                        value: [sed * cd, nt * cn, pt * cp].iter().sum(),
                        quantity: retained,
                        first_q: sed,
                        cs: 0.0,
                    }
                }
                Kernel::Sand { rweq, p } => {
                    let q = if *rweq {
                        let per_m2 =
                            f::rweq_fixed_kg_m2(row[0], row[1], row[2], row[3], row[4], row[5]);
                        per_m2 * row[6] * 10.0
                    } else {
                        row[0]
                    };
                    let [rho, h, cost] = *p;
                    let area = if rho * h > 0.0 {
                        f::sand_area_m2(q, rho, h)
                    } else {
                        0.0
                    };
                    comp[c] = area;
                    Out {
                        value: [area * cost].iter().sum(),
                        quantity: q,
                        first_q: area,
                        cs: 0.0,
                    }
                }
                Kernel::Travel(t) => {
                    let visits = row[0];
                    let (value, cs) = match *t {
                        Travel::Survey { s } => (
                            f::travel_cost_yuan(visits, row[1], row[2], row[3], s),
                            f::consumer_surplus_yuan(visits, row[4]),
                        ),
                        Travel::TimeCost => (
                            f::travel_cost_time_cost_yuan(visits, row[1], row[2]),
                            f::consumer_surplus_yuan(visits, row[3]),
                        ),
                        Travel::Value => (row[1], 0.0),
                    };
                    comp[c] = visits;
                    Out {
                        value: [value].iter().sum(),
                        quantity: visits,
                        first_q: visits,
                        cs,
                    }
                }
                // Never a cell mode (compile sends such counties to the reference path).
                Kernel::Products | Kernel::Reference => Out::default(),
            },
        }
    }

    /// The model's quantities of one county.
    fn quantities(&self, q: &Quantities, row: &[f64], c: usize, out: &Columns) -> Qs {
        let n = self.n;
        match *q {
            Quantities::Direct => Qs::Slots(1, 0),
            Quantities::Purification => Qs::Slots(2, 0),
            Quantities::WaterBalance => {
                let (p, et) = (row[0], row[1]);
                let mut q = 0.0;
                for &(k, alpha) in &self.runoff {
                    q += f::water_balance_m3(p, et, alpha, self.lc[k * n + c]);
                }
                Qs::Fixed([q, 0.0, 0.0])
            }
            Quantities::Flood { a, b, share, depth } => Qs::Fixed([
                f::lake_storage_m3(a, b, row[0], row[1]),
                f::reservoir_storage_m3(share, row[2]),
                f::marsh_storage_m3(row[3], depth),
            ]),
            Quantities::CarbonNep => Qs::Fixed([f::co2_from_nep(row[0]), 0.0, 0.0]),
            Quantities::Npp { k } => Qs::Fixed([f::from_npp(row[0], k), 0.0, 0.0]),
            Quantities::OxygenFromCarbon { carbon } => {
                Qs::Fixed([f::o2_from_co2(out.first_q[carbon * n + c]), 0.0, 0.0])
            }
            Quantities::Climate {
                rr,
                q,
                y,
                eer,
                low_rh,
            } => {
                let (epp, days, ew) = (row[0], row[1], row[2]);
                let mut veg = 0.0;
                for &k in &self.vegetated {
                    veg += self.lc[k * n + c];
                }
                let ept = if rr > 0.0 {
                    f::transpiration_kwh(epp, veg / 100.0, days, rr)
                } else {
                    0.0
                };
                let divisor = if eer { rr } else { 1.0 };
                let share = if low_rh {
                    (row[3] / self.days_in_year).clamp(0.0, 1.0)
                } else {
                    1.0
                };
                let ewe = if divisor > 0.0 {
                    f::evaporation_variant_kwh(ew, q, y, divisor, share)
                } else {
                    0.0
                };
                Qs::Fixed([ept, ewe, 0.0])
            }
        }
    }

    /// ESV by service, total, market and unadjusted total per county, summed as
    /// `EsvPlan::account` sums them (class by class in id order, service by service).
    fn esv_columns(&self, out: &mut Columns) {
        let n = self.n;
        out.esv_total.clear();
        out.esv_market.clear();
        out.esv_unadjusted.clear();
        out.esv_by_service.clear();
        let Some(e) = &self.esv else {
            return;
        };
        let ns = e.services;
        out.esv_unadjusted.resize(n, 0.0);
        out.esv_by_service.resize(ns * n, 0.0);
        for (k, row) in e.rows.iter().enumerate() {
            let Some((factors, factor)) = row else {
                continue;
            };
            let area = &self.lc[k * n..(k + 1) * n];
            for (s, &ef) in factors.iter().enumerate() {
                let scale = &e.scale[s * n..(s + 1) * n];
                let by = &mut out.esv_by_service[s * n..(s + 1) * n];
                // Iterators, not indices: no bounds checks, so the loop vectorises.
                let unadjusted = out.esv_unadjusted.iter_mut();
                let cells = area.iter().zip(scale).zip(by.iter_mut()).zip(unadjusted);
                for (((&a, &sc), b), u) in cells {
                    let x = a * ef * factor * e.d;
                    *u += x;
                    *b += x * sc;
                }
            }
        }
        out.esv_total.resize(n, -0.0);
        out.esv_market.resize(n, -0.0);
        for (s, &market) in e.market.iter().enumerate().take(ns) {
            let by = &out.esv_by_service[s * n..(s + 1) * n];
            let totals = out.esv_total.iter_mut().zip(out.esv_market.iter_mut());
            for ((total, m), &b) in totals.zip(by) {
                *total += b;
                if market {
                    *m += b;
                }
            }
        }
    }

    /// County totals as `engine::totals_of` adds them (indicator order), the import deduction,
    /// and the region.
    pub(super) fn totals(&self, out: &mut Columns) {
        let n = self.n;
        out.totals.clear();
        out.region = Totals::default();
        out.region_esv = 0.0;
        for c in 0..n {
            let t = match &self.reference[c] {
                Some(r) => r.account.totals,
                None => self.county_totals(out, c),
            };
            out.region.add(&t);
            out.totals.push(t);
            let esv = match &self.reference[c] {
                Some(r) => r.account.esv.as_ref().map(|e| e.total),
                None => out.esv_total.get(c).copied(),
            };
            if let Some(v) = esv {
                out.region_esv += v;
            }
        }
    }

    fn county_totals(&self, out: &Columns, c: usize) -> Totals {
        let n = self.n;
        let mut t = Totals::default();
        for (i, ind) in self.inds.iter().enumerate() {
            let at = i * n + c;
            if !out.computed[at] {
                continue;
            }
            let v = out.value[at];
            if !ind.counted {
                t.outside_framework += v;
            }
            if out.cs[at] != 0.0 {
                t.consumer_surplus += out.cs[at];
            }
            if !ind.counted {
                continue;
            }
            match ind.category {
                Category::Material => t.material += v,
                Category::Regulating => t.regulating += v,
                Category::Cultural => t.cultural += v,
            }
            if ind.market {
                t.market += v;
            } else {
                t.non_market += v;
            }
        }
        t.gross = t.material + t.regulating + t.cultural;
        if self.deduct_imports && self.imported[c] != 0.0 {
            t.imported_deduction = self.imported[c] * self.current_to_target;
            t.market -= t.imported_deduction;
        }
        t.gep = t.gross - t.imported_deduction;
        t
    }
}

/// A county's model quantities: computed, or read from the slots (stride, offset).
enum Qs {
    Fixed([f64; 3]),
    /// Component b at slot stride·b (direct entry) or min(E, Cap) at 2b, 2b + 1.
    Slots(usize, usize),
}

impl Qs {
    fn get(&self, b: usize, row: &[f64]) -> f64 {
        match *self {
            Qs::Fixed(q) => q.get(b).copied().unwrap_or(0.0),
            Qs::Slots(1, o) => row[o + b],
            Qs::Slots(_, o) => f::purified_t(row[o + 2 * b], row[o + 2 * b + 1]),
        }
    }
}
