//! Resolving a project into dense arrays: per indicator and county the method, the input
//! slots (converted to the units the model computes in, exactly as `gep::Reader` converts
//! them), the entered components and the material product lines; land cover as class ×
//! county; the ESV table rows and each county's regional coefficients. Any county this path
//! does not cover — split by ecosystem type, or with something the reference would report
//! (a missing or non-finite input, an unknown method, a price error, a price index without the
//! year) — is computed here once by the reference path and kept whole.

use super::plan::{Kernel, MethodPlan, Quantities, Slot};
use super::{Compiled, ENTERED, EsvDense, IndCols, IndPlan, LINES, Line, OUTPUT};
use crate::engine::gep::products::line_price;
use crate::engine::setup::Setup;
use crate::model::IndicatorInput;
use crate::registry::{Formula, IndicatorSpec, MethodSpec};
use crate::units::Dimension;

/// Why a county takes the reference path (the reason itself is the reference's to tell).
struct Fallback;

type R<T> = Result<T, Fallback>;

impl Compiled {
    /// Resolves the project of `s` (see the module doc).
    pub(crate) fn build(s: &Setup) -> Compiled {
        let n = s.project.counties.len();
        let position = |id: &str| s.plan_index.get(id).copied();
        let inds: Vec<IndPlan> = s
            .plan
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let methods: Vec<MethodPlan> = p
                    .spec
                    .methods
                    .iter()
                    .map(|m| super::plan::method_plan(&s.ctx, p.spec, i, m, &position))
                    .collect();
                let width = methods
                    .iter()
                    .map(|m| m.slots.len())
                    .max()
                    .unwrap_or(0)
                    .max(2);
                let kcomp = match &p.spec.formula {
                    Formula::Priced { components } => components.len().max(1),
                    Formula::SoilRetention { .. } => 3,
                    _ => 1,
                };
                IndPlan {
                    id: p.spec.id.clone(),
                    category: p.spec.category,
                    counted: p.counted,
                    market: p.spec.market,
                    kcomp,
                    methods,
                    cols: IndCols {
                        width,
                        mode: vec![0; n],
                        slots: vec![0.0; n * width],
                        mask: vec![0; n],
                        lines: Vec::new(),
                        line_range: vec![(0, 0); n],
                    },
                }
            })
            .collect();
        // Land classes: the sorted union over the counties (the order a county's B-tree of
        // land cover is summed in).
        let mut class_ids: Vec<&str> = {
            let mut seen: rustc_hash::FxHashSet<&str> = Default::default();
            for cp in s.period.counties.values() {
                seen.extend(cp.land_cover.keys().map(String::as_str));
            }
            seen.into_iter().collect()
        };
        class_ids.sort_unstable();
        let runoff = class_ids
            .iter()
            .enumerate()
            .filter_map(|(k, c)| Some((k, s.ctx.classes.get(c)?.runoff?)))
            .collect();
        let vegetated = class_ids
            .iter()
            .enumerate()
            .filter(|(_, c)| s.ctx.classes.get(*c).is_some_and(|x| x.vegetated))
            .map(|(k, _)| k)
            .collect();
        let mut c = Compiled {
            n,
            inds,
            reference: vec![None; n],
            lc: vec![0.0; class_ids.len() * n],
            runoff,
            vegetated,
            esv: None,
            imported: vec![0.0; n],
            deduct_imports: s.deduct_imports,
            current_to_target: s.current_to_target.unwrap_or(1.0),
            days_in_year: crate::engine::gep::days_in_year(s.ctx.period_year),
            params: Vec::new(),
            framework: String::new(),
            price_year: s.ctx.book.target_year,
        };
        c.esv = s.esv_plan.as_ref().map(|p| EsvDense::new(p, &class_ids, n));
        // Indicator ids in id order, to walk beside each county's B-tree of inputs.
        let mut sorted_plan: Vec<(&str, usize)> = s
            .plan
            .iter()
            .enumerate()
            .map(|(i, p)| (p.spec.id.as_str(), i))
            .collect();
        sorted_plan.sort_unstable();
        for (k, county) in s.project.counties.iter().enumerate() {
            let cp = s.county_period(&county.code);
            // Both sorted: a merge, about one comparison per class.
            let mut j = 0;
            for (class, &area) in &cp.land_cover {
                while j < class_ids.len() && class_ids[j] < class.as_str() {
                    j += 1;
                }
                if j < class_ids.len() && class_ids[j] == class.as_str() {
                    c.lc[j * n + k] = area;
                }
            }
            c.imported[k] = cp.imported_products_yuan;
            if let Some(e) = c.esv.as_mut() {
                e.county_scale(s, cp, k);
            }
            if c.county(s, k, &sorted_plan).is_err() {
                c.refer(s, k);
            }
        }
        c.params = c.param_states(s);
        c
    }

    /// Resolves one county's entered indicators; `Err` = the county takes the reference path.
    fn county(&mut self, s: &Setup, k: usize, sorted_plan: &[(&str, usize)]) -> R<()> {
        let code = &s.project.counties[k].code;
        let cp = s.county_period(code);
        if !cp.ecosystem_parts.is_empty() {
            return Err(Fallback);
        }
        let base = s.base_period.and_then(|p| p.counties.get(code));
        let mut next = 0;
        for (id, input) in &cp.indicators {
            // Both in id order: a merge instead of a hash per indicator.
            while next < sorted_plan.len() && sorted_plan[next].0 < id.as_str() {
                next += 1;
            }
            let Some(&(_, i)) = sorted_plan.get(next).filter(|x| x.0 == id.as_str()) else {
                continue;
            };
            let base_input = base.and_then(|b| b.indicators.get(id.as_str()));
            self.resolve_cell(s, i, k, input, base_input)?;
        }
        // The oxygen model reads the carbon indicator of the same county: it must be there.
        for i in 0..self.inds.len() {
            let m = self.inds[i].cols.mode[k];
            if m == 0 || m >= ENTERED {
                continue;
            }
            if let Kernel::Priced {
                q: Quantities::OxygenFromCarbon { carbon },
                ..
            } = self.inds[i].methods[m as usize - 1].kernel
                && self.inds[carbon].cols.mode[k] == 0
            {
                return Err(Fallback);
            }
        }
        Ok(())
    }

    fn resolve_cell(
        &mut self,
        s: &Setup,
        i: usize,
        k: usize,
        input: &IndicatorInput,
        base: Option<&IndicatorInput>,
    ) -> R<()> {
        let spec: &IndicatorSpec = s.plan[i].spec;
        let m = if input.method.is_empty() {
            Some(0).filter(|_| !spec.methods.is_empty())
        } else {
            spec.methods.iter().position(|m| m.id == input.method)
        }
        .ok_or(Fallback)?;
        let book = s.ctx.book;
        let year = s.ctx.period_year;
        let ind = &mut self.inds[i];
        let w = ind.cols.width;
        if let Some(ev) = &input.entered_value {
            if ev.unit.dimension() != Dimension::Money || !ev.amount.is_finite() {
                return Err(Fallback);
            }
            let yuan = crate::units::words::scale(ev.amount, ev.unit.factor());
            let factor = book
                .index_factor("cpi", ev.price_year.unwrap_or(year))
                .map_err(|_| Fallback)?;
            ind.cols.slots[k * w] = yuan;
            ind.cols.slots[k * w + 1] = factor;
            ind.cols.mode[k] = ENTERED;
            return Ok(());
        }
        let method: &MethodSpec = &spec.methods[m];
        let plan = &ind.methods[m];
        match &plan.kernel {
            Kernel::Reference => Err(Fallback),
            Kernel::Products => {
                if input.output_value.is_some() && !input.products.is_empty() {
                    return Err(Fallback);
                }
                if let Some(ov) = &input.output_value {
                    let factor = book
                        .index_factor("cpi", ov.price_year.unwrap_or(year))
                        .map_err(|_| Fallback)?;
                    ind.cols.slots[k * w] = ov.value_yuan;
                    ind.cols.slots[k * w + 1] = factor;
                    ind.cols.mode[k] = OUTPUT;
                    return Ok(());
                }
                if input.products.is_empty() {
                    return Err(Fallback);
                }
                let start = ind.cols.lines.len();
                for line in &input.products {
                    let (price, py, _) = line_price(&s.ctx, line, base);
                    let factor = book.index_factor("cpi", py).map_err(|_| Fallback)?;
                    ind.cols.lines.push(Line {
                        quantity: line.quantity,
                        price,
                        factor,
                    });
                }
                let q = crate::engine::gep::products::product_quantities(&input.products);
                ind.cols.slots[k * w] = match q[..] {
                    [single] => single.value,
                    _ => f64::NAN,
                };
                ind.cols.line_range[k] = (start as u32, ind.cols.lines.len() as u32);
                ind.cols.mode[k] = LINES;
                Ok(())
            }
            kernel => {
                let mut mask = u32::MAX;
                if let Kernel::Priced { optional: true, .. } = kernel {
                    if plan.entered_ids.len() > 32 {
                        return Err(Fallback);
                    }
                    mask = 0;
                    for (b, (id, emission)) in plan.entered_ids.iter().enumerate() {
                        if input.values.contains_key(id) || input.values.contains_key(emission) {
                            mask |= 1 << b;
                        }
                    }
                    // Nothing entered: the reference reports the indicator incomplete.
                    if mask == 0 {
                        return Err(Fallback);
                    }
                }
                let row = &mut ind.cols.slots[k * w..(k + 1) * w];
                // Slots in id order beside the B-tree of values: a merge, not a search each.
                let mut values = input.values.iter().peekable();
                for &j in &plan.sorted_slots {
                    let sl = &plan.slots[j];
                    // A component left empty is not priced, so its price is not read.
                    if let Some(b) = plan.price_owner[j]
                        && mask & (1 << b) == 0
                    {
                        continue;
                    }
                    let mut found = None;
                    while let Some((key, v)) = values.peek() {
                        match key.as_str().cmp(sl.id.as_str()) {
                            std::cmp::Ordering::Less => drop(values.next()),
                            std::cmp::Ordering::Equal => {
                                found = Some(**v);
                                break;
                            }
                            std::cmp::Ordering::Greater => break,
                        }
                    }
                    row[j] = read(method, sl, found)?;
                }
                ind.cols.mask[k] = mask;
                ind.cols.mode[k] = (m + 1) as u8;
                Ok(())
            }
        }
    }
}

/// One input as `gep::Reader::get` reads it (`value`: what the county entered for it); `Err`
/// where the reference reports it missing.
fn read(method: &MethodSpec, slot: &Slot, value: Option<f64>) -> R<f64> {
    let spec = &method.inputs[slot.spec.ok_or(Fallback)?];
    match value {
        Some(v) if !v.is_finite() => Err(Fallback),
        Some(v) => Ok(spec.unit.convert(v, slot.unit).unwrap_or(v)),
        None if !spec.required => Ok(0.0),
        None => Err(Fallback),
    }
}
