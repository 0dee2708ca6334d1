//! The Monte Carlo as a change from the point estimate: a linear part, one matrix product, and
//! the few cells re-run per draw.
//!
//! Each county's value is a sum of terms F × G (`engine::fast::linear`): F the county's, G the
//! kernel's. All G are computed for every draw once (the parameters set draw by draw on the
//! compiled project), as ΔG(d) = G(d) − G(point); a county's category total in draw d is then
//! its point total plus Σ F × ΔG(d) over the terms of that category — a sparse (counties ×
//! terms) by dense (terms × draws) product, taken block of counties by block, a chunk of draws
//! at a time so the ΔG rows stay in cache — plus, for the cells that do not factor (a drawn
//! county input, the oxygen of a carbon quantity that moves), the
//! re-run value minus the point value. A drawn lake exponent b makes the lake a power term,
//! G(d) × exp(b(d) · ln A_l) × T·10⁴ per county and draw, less its point value. GEP adds the three category changes to its point value.
//! With no uncertainty every ΔG and every re-run change is exactly 0, so every draw is the point
//! estimate bit for bit; otherwise the split differs from evaluating each draw in full only by
//! rounding (the tests check 1e-9 against `Compiled::evaluate_reached`).

use std::collections::BTreeSet;

use super::{Bands, Plan, Q, quantities};
use crate::engine::fast::{Columns, Compiled};
use crate::registry::Category;

/// Draws per chunk of the product (a chunk of every ΔG row fits in the core's cache).
const CHUNK: usize = 512;

/// Everything the blocks share (see the module doc).
pub(super) struct Split {
    draws: usize,
    /// ΔG of the kept terms, term × draw.
    dg: Vec<f64>,
    /// Category of each kept term: 0 material, 1 regulating, 2 cultural.
    cat: Vec<u8>,
    /// Per county its (kept term, F) entries: `entries[start[c]..start[c + 1]]`.
    start: Vec<usize>,
    entries: Vec<(u32, f64)>,
    /// Power terms (the lake with a drawn exponent): per term its G and exponent per draw, at
    /// the point, and its category.
    powers: Vec<Power>,
    /// Per county its (power term, ln x, scale) entries: `pentries[pstart[c]..pstart[c + 1]]`.
    pstart: Vec<usize>,
    pentries: Vec<(u32, f64, f64)>,
    /// Cells re-run per draw, (indicator, county), sorted.
    rerun: Vec<(usize, usize)>,
    /// The drawn parameters (positions in `Plan::params`) that reach a re-run indicator.
    rerun_params: Vec<usize>,
}

/// A term G × xᵇ × scale with G and b drawn (`Compiled::term_power`).
struct Power {
    g: Vec<f64>,
    b: Vec<f64>,
    g0: f64,
    b0: f64,
    cat: u8,
}

impl Power {
    /// Its value at coefficient `g`, exponent `b` for a county's ln x and scale (the same
    /// arithmetic for the point and the draws, so equal numbers give equal bits).
    fn value(g: f64, b: f64, ln_x: f64, scale: f64) -> f64 {
        g * (b * ln_x).exp() * scale
    }
}

fn cat_index(c: Category) -> u8 {
    match c {
        Category::Material => 0,
        Category::Regulating => 1,
        Category::Cultural => 2,
    }
}

impl Split {
    /// Builds the split; leaves `compiled` at the point values.
    pub(super) fn new(
        compiled: &mut Compiled,
        plan: &Plan,
        pvals: &[f64],
        point: &Columns,
        draws: usize,
    ) -> Split {
        let terms = compiled.linear_terms();
        let nt = terms.len();
        let np = plan.params.len();
        let g0: Vec<f64> = terms
            .iter()
            .map(|&t| compiled.term_coefficient(t))
            .collect();
        let s0: Vec<f64> = terms.iter().map(|&t| compiled.term_shape(t)).collect();
        let mut g = vec![0.0; nt * draws];
        let mut shape = vec![0.0; nt * draws];
        let mut nonlinear = vec![false; nt];
        for d in 0..draws {
            for (p, &k) in plan.slots.iter().enumerate() {
                compiled.set_param_at(k, pvals[d * np + p]);
            }
            for (k, &t) in terms.iter().enumerate() {
                g[k * draws + d] = compiled.term_coefficient(t);
                shape[k * draws + d] = compiled.term_shape(t);
                if shape[k * draws + d].to_bits() != s0[k].to_bits() {
                    nonlinear[k] = true;
                }
            }
        }
        let dg: Vec<f64> = g
            .iter()
            .enumerate()
            .map(|(x, &v)| v - g0[x / draws.max(1)])
            .collect();
        for (p, &k) in plan.slots.iter().enumerate() {
            compiled.set_param_at(k, plan.params[p].point);
        }
        let rerun = rerun_cells(compiled, plan);
        let rerun_set: BTreeSet<(usize, usize)> = rerun.iter().copied().collect();
        // Terms that change in some draw and factor.
        let kept: Vec<usize> = (0..nt)
            .filter(|&k| !nonlinear[k] && dg[k * draws..(k + 1) * draws].iter().any(|&x| x != 0.0))
            .collect();
        let n = compiled.counties();
        let mut start = Vec::with_capacity(n + 1);
        let mut entries = Vec::new();
        for c in 0..n {
            start.push(entries.len());
            for (j, &k) in kept.iter().enumerate() {
                let t = terms[k];
                if rerun_set.contains(&(t.i, c)) {
                    continue;
                }
                let f = compiled.term_feature(t, c, point);
                if f != 0.0 {
                    entries.push((j as u32, f));
                }
            }
        }
        start.push(entries.len());
        // The terms that are not linear are powers (the lake's exponent).
        let power_terms: Vec<usize> = (0..nt).filter(|&k| nonlinear[k]).collect();
        let powers = power_terms
            .iter()
            .map(|&k| Power {
                g: g[k * draws..(k + 1) * draws].to_vec(),
                b: shape[k * draws..(k + 1) * draws].to_vec(),
                g0: g0[k],
                b0: s0[k],
                cat: cat_index(compiled.category_of(terms[k].i)),
            })
            .collect();
        let mut pstart = Vec::with_capacity(n + 1);
        let mut pentries = Vec::new();
        for c in 0..n {
            pstart.push(pentries.len());
            for (j, &k) in power_terms.iter().enumerate() {
                let t = terms[k];
                if rerun_set.contains(&(t.i, c)) {
                    continue;
                }
                if let Some((ln_x, scale)) = compiled.term_power(t, c) {
                    pentries.push((j as u32, ln_x, scale));
                }
            }
        }
        pstart.push(pentries.len());
        let mut dg_kept = Vec::with_capacity(kept.len() * draws);
        for &k in &kept {
            dg_kept.extend_from_slice(&dg[k * draws..(k + 1) * draws]);
        }
        let rerun_inds: BTreeSet<usize> = rerun.iter().map(|x| x.0).collect();
        let rerun_params = (0..np)
            .filter(|&p| {
                compiled
                    .indicators_of_param(&plan.params[p].id)
                    .iter()
                    .any(|i| rerun_inds.contains(i))
            })
            .collect();
        Split {
            draws,
            dg: dg_kept,
            cat: kept
                .iter()
                .map(|&k| cat_index(compiled.category_of(terms[k].i)))
                .collect(),
            start,
            entries,
            powers,
            pstart,
            pentries,
            rerun,
            rerun_params,
        }
    }

    /// Number of cells re-run per draw, of terms in the product and of power entries.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(super) fn sizes(&self) -> (usize, usize, usize) {
        (self.rerun.len(), self.cat.len(), self.pentries.len())
    }

    /// One block of counties over all draws: the values (quantity × county × draw, in `vals`'s
    /// space) and each county's bands.
    pub(super) fn block(
        &self,
        compiled: &Compiled,
        plan: &Plan,
        pvals: &[f64],
        point: &Columns,
        range: std::ops::Range<usize>,
        mut vals: Vec<f64>,
    ) -> (Vec<f64>, Vec<Bands>) {
        let draws = self.draws;
        let nb = range.len();
        vals.clear();
        vals.resize(Q * nb * draws, 0.0);
        // The category changes go to quantities 1..=3 (material, regulating, cultural).
        let mut d0 = 0;
        while d0 < draws {
            let d1 = (d0 + CHUNK).min(draws);
            for c in 0..nb {
                let g = range.start + c;
                for &(j, f) in &self.entries[self.start[g]..self.start[g + 1]] {
                    let j = j as usize;
                    let q = 1 + self.cat[j] as usize;
                    let at = (q * nb + c) * draws;
                    let dst = &mut vals[at + d0..at + d1];
                    let src = &self.dg[j * draws + d0..j * draws + d1];
                    for (a, &b) in dst.iter_mut().zip(src) {
                        *a += f * b;
                    }
                }
            }
            d0 = d1;
        }
        for c in 0..nb {
            let g = range.start + c;
            for &(j, ln_x, scale) in &self.pentries[self.pstart[g]..self.pstart[g + 1]] {
                let pw = &self.powers[j as usize];
                let v0 = Power::value(pw.g0, pw.b0, ln_x, scale);
                let at = ((1 + pw.cat as usize) * nb + c) * draws;
                let dst = &mut vals[at..at + draws];
                for ((a, &gd), &bd) in dst.iter_mut().zip(&pw.g).zip(&pw.b) {
                    *a += Power::value(gd, bd, ln_x, scale) - v0;
                }
            }
        }
        self.rerun_block(compiled, plan, pvals, &range, &mut vals);
        // Point totals plus the changes.
        for c in 0..nb {
            let p = quantities(&point.totals[range.start + c]);
            let at = |q: usize| (q * nb + c) * draws;
            for d in 0..draws {
                let dm = vals[at(1) + d];
                let dr = vals[at(2) + d];
                let dc = vals[at(3) + d];
                vals[at(0) + d] = p[0] + (dm + dr + dc);
                vals[at(1) + d] = p[1] + dm;
                vals[at(2) + d] = p[2] + dr;
                vals[at(3) + d] = p[3] + dc;
            }
        }
        let bands = super::block_bands(&vals, point, range, draws);
        (vals, bands)
    }

    /// Adds the re-run cells' changes of the block into `vals` (quantities 1..=3).
    fn rerun_block(
        &self,
        compiled: &Compiled,
        plan: &Plan,
        pvals: &[f64],
        range: &std::ops::Range<usize>,
        vals: &mut [f64],
    ) {
        let draws = self.draws;
        let nb = range.len();
        let cells: Vec<(usize, usize)> = self
            .rerun
            .iter()
            .filter(|x| range.contains(&x.1))
            .map(|&(i, c)| (i, c - range.start))
            .collect();
        if cells.is_empty() {
            return;
        }
        let mut sub = compiled.slice(range.clone());
        let mut cols = Columns::default();
        sub.evaluate(&mut cols);
        let counted: Vec<(usize, usize, usize, f64)> = cells
            .iter()
            .filter(|&&(i, _)| sub.counted(i))
            .map(|&(i, c)| {
                let q = 1 + cat_index(sub.category_of(i)) as usize;
                (i, c, q, cols.value(i, c))
            })
            .collect();
        let inputs: Vec<&super::InputDraw> = plan
            .inputs
            .iter()
            .filter(|x| range.contains(&x.c))
            .collect();
        let np = plan.params.len();
        for d in 0..draws {
            for &p in &self.rerun_params {
                sub.set_param_at(plan.slots[p], pvals[d * np + p]);
            }
            for x in &inputs {
                sub.set_input(x.i, x.c - range.start, x.slot, x.value(d as u64));
            }
            sub.rerun(&mut cols, &cells);
            for &(i, c, q, v0) in &counted {
                vals[(q * nb + c) * draws + d] += cols.value(i, c) - v0;
            }
        }
    }
}

/// The cells that do not factor (see the module doc), sorted.
fn rerun_cells(compiled: &Compiled, plan: &Plan) -> Vec<(usize, usize)> {
    let n = compiled.counties();
    let mut set: BTreeSet<(usize, usize)> = plan.inputs.iter().map(|x| (x.i, x.c)).collect();
    // Oxygen reads the carbon indicator's quantity: when that moves, both are re-run.
    for i in 0..compiled.indicators() {
        let Some(carbon) = compiled.quantity_source(i) else {
            continue;
        };
        let moves = compiled
            .quantity_params(carbon)
            .iter()
            .any(|k| plan.slots.contains(k));
        for c in 0..n {
            if compiled.cell_method(i, c).is_some() && (moves || set.contains(&(carbon, c))) {
                set.insert((i, c));
                set.insert((carbon, c));
            }
        }
    }
    set.into_iter().collect()
}
