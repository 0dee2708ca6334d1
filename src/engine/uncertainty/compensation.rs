//! The compensation amounts under uncertainty: the project's compensation scenario
//! (`compensation::scenario::run`) run on the accounts of each of the first draws. A scenario
//! reads whole accounts (ranks, shares, classes), so each draw updates the totals and indicator
//! values of the point accounts from the columns and runs it again; that costs far more than a
//! draw of the columns, hence a capped number of draws (`MAX_DRAWS`, the first ones, shared with
//! the GEP draws).

use std::sync::atomic::Ordering;

use super::{Interval, Plan, Progress};
use crate::engine::compensation::scenario;
use crate::engine::fast::{Columns, Compiled};
use crate::engine::{Options, fast};
use crate::model::Project;
use crate::model::compensation::Method;
use crate::registry::Registry;

/// At most this many draws of the compensation amounts.
pub const MAX_DRAWS: usize = 200;

/// The compensation draws of a run of `draws`: 0 when the project's method gives no amounts.
pub(super) fn draws(project: &Project, draws: usize) -> usize {
    if project.compensation.method == Method::Priority {
        return 0;
    }
    draws.min(MAX_DRAWS)
}

pub(super) struct CompOut {
    pub draws: usize,
    pub counties: Vec<Option<Interval>>,
    pub region: Option<Interval>,
}

/// Runs the scenario over `k` draws; `None` when it cannot run on the point accounts.
#[allow(clippy::too_many_arguments)]
pub(super) fn run(
    project: &Project,
    registry: &Registry,
    options: &Options,
    compiled: &mut Compiled,
    plan: &Plan,
    pvals: &[f64],
    k: usize,
    progress: &Progress,
) -> Option<CompOut> {
    if k == 0 {
        return None;
    }
    let mut acc = fast::compute(project, registry, options).ok()?;
    let settings = &project.compensation;
    let point = scenario::run(project, registry, &acc, settings).ok()?;
    let n = acc.counties.len();
    let np = plan.params.len();
    let mut per = vec![Vec::with_capacity(k); n];
    let mut region = Vec::with_capacity(k);
    let mut cols = Columns::default();
    for d in 0..k {
        if progress.cancel.load(Ordering::Relaxed) {
            break;
        }
        for (p, dp) in plan.params.iter().enumerate() {
            compiled.set_param(&dp.id, pvals[d * np + p]);
        }
        for x in &plan.inputs {
            compiled.set_input(x.i, x.c, x.slot, x.value(d as u64));
        }
        compiled.evaluate(&mut cols);
        for (c, county) in acc.counties.iter_mut().enumerate() {
            county.totals = cols.totals[c];
            for (i, ind) in county.indicators.iter_mut().enumerate() {
                if cols.computed(i, c) {
                    ind.value = cols.value(i, c);
                }
            }
        }
        acc.region.totals = cols.region;
        if let Ok(out) = scenario::run(project, registry, &acc, settings) {
            let mut sum = 0.0;
            for (c, row) in out.rows.iter().enumerate() {
                if let Some(a) = row.amount_yuan {
                    per[c].push(a);
                    sum += a;
                }
            }
            region.push(sum);
        }
        progress.done.fetch_add(1, Ordering::Relaxed);
    }
    // Back to the point values.
    for dp in &plan.params {
        compiled.set_param(&dp.id, dp.point);
    }
    for x in &plan.inputs {
        compiled.set_input(x.i, x.c, x.slot, x.point);
    }
    let region_point: f64 = point.rows.iter().filter_map(|r| r.amount_yuan).sum();
    Some(CompOut {
        draws: region.len(),
        counties: per
            .iter_mut()
            .zip(&point.rows)
            .map(|(v, r)| Some(Interval::of(r.amount_yuan?, v)).filter(|_| !v.is_empty()))
            .collect(),
        region: (!region.is_empty()).then(|| Interval::of(region_point, &mut region)),
    })
}
