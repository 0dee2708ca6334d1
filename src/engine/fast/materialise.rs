//! From columns to `Accounts`: each county's indicator accounts (components, quantities, memo
//! items) built from the columns and the kernels' prices, with the same ids, units and memo
//! texts as `engine::gep`; totals from the columns; ESV by the reference (`EsvPlan::account`,
//! whose by-class rows the columns do not keep); counties of the reference path as computed.

use std::sync::Arc;

use super::plan::{Kernel, Price, Travel};
use super::{Columns, Compiled, ENTERED, IndPlan, LINES, NOT_ENTERED, OUTPUT};
use crate::engine::accounts::{
    ComponentAccount, CountyAccount, IndicatorAccount, Problem, Quantity, Status,
};
use crate::engine::gep::{self, Plan};
use crate::engine::setup::Setup;
use crate::model::{IndicatorInput, OutputBasis};
use crate::units::{Unit, price_unit_for};

impl Compiled {
    /// The county accounts in project order; problems of reference counties go to `problems`.
    pub(super) fn materialise(
        &self,
        s: &Setup,
        cols: &Columns,
        problems: &mut Vec<Problem>,
    ) -> Vec<CountyAccount> {
        let mut out = Vec::with_capacity(self.n);
        for (c, county) in s.project.counties.iter().enumerate() {
            if let Some(r) = &self.reference[c] {
                problems.extend(r.problems.iter().cloned());
                out.push(r.account.clone());
                continue;
            }
            let cp = s.county_period(&county.code);
            let indicators = self
                .inds
                .iter()
                .zip(&s.plan)
                .enumerate()
                .map(|(i, (ind, plan))| {
                    let input = cp.indicators.get(plan.spec.id.as_str());
                    self.indicator(s, cols, i, c, ind, plan, input)
                })
                .collect();
            let totals = cols.totals[c];
            let gdp = s.gdp(cp);
            out.push(CountyAccount {
                code: county.code.clone(),
                name_zh: county.name.zh.clone(),
                name_en: county.name.en.clone(),
                population: cp.population,
                gdp_yuan: gdp,
                indicators,
                totals,
                ratios: crate::engine::ratios(&totals, gdp, cp.population, county.land_area_hm2),
                esv: s.esv_account(cp),
                by_ecosystem: Vec::new(),
            });
        }
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn indicator(
        &self,
        s: &Setup,
        cols: &Columns,
        i: usize,
        c: usize,
        ind: &IndPlan,
        plan: &Plan,
        input: Option<&IndicatorInput>,
    ) -> IndicatorAccount {
        let n = self.n;
        let at = i * n + c;
        let mut acc = IndicatorAccount {
            id: plan.id.clone(),
            category: plan.spec.category,
            counted: plan.counted,
            market: plan.spec.market,
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
        let mode = ind.cols.mode[c];
        let Some(input) = input.filter(|_| mode != NOT_ENTERED) else {
            return acc;
        };
        let ctx = &s.ctx;
        let year = ctx.book.target_year;
        let w = ind.cols.width;
        let row = &ind.cols.slots[c * w..(c + 1) * w];
        let value = cols.value[at];
        let money = |id: Arc<str>| ComponentAccount {
            id,
            quantity: row[0],
            unit: Unit::Yuan,
            price: row[1],
            price_unit: Unit::Fraction,
            value: row[0] * row[1],
        };
        match mode {
            ENTERED => {
                acc.components = vec![money(ctx.id(gep::ENTERED_COMPONENT))];
                acc.output_value_only = true;
            }
            OUTPUT => {
                let basis = match input.output_value.as_ref().map(|o| o.basis) {
                    Some(OutputBasis::Net) => "net",
                    _ => "gross",
                };
                acc.components = vec![money(ctx.id(basis))];
                acc.output_value_only = true;
            }
            LINES => {
                let (a, b) = ind.cols.line_range[c];
                let lines = &ind.cols.lines[a as usize..b as usize];
                for (line, l) in input.products.iter().zip(lines) {
                    acc.components.push(ComponentAccount {
                        id: Arc::from(line.name.as_str()),
                        quantity: line.quantity,
                        unit: line.unit,
                        price: l.price * l.factor,
                        price_unit: price_unit_for(line.unit).unwrap_or(Unit::YuanPerT),
                        value: line.quantity * l.price * l.factor,
                    });
                }
                acc.quantities = gep::products::product_quantities(&input.products);
                if let [single] = acc.quantities[..] {
                    acc.quantity = Some(single);
                }
            }
            m => {
                self.model_components(s, (i, ind), m, plan, row, c, cols, &mut acc);
            }
        }
        acc.value = value;
        acc.status = Status::Computed;
        if !plan.counted {
            acc.memo.insert(0, gep::outside_framework_memo(value, year));
        }
        if acc.quantities.is_empty() {
            acc.quantities.extend(acc.quantity);
        }
        acc
    }

    #[allow(clippy::too_many_arguments)]
    fn model_components(
        &self,
        s: &Setup,
        (i, ind): (usize, &IndPlan),
        mode: u8,
        plan: &Plan,
        row: &[f64],
        c: usize,
        cols: &Columns,
        acc: &mut IndicatorAccount,
    ) {
        let n = self.n;
        let kernel = &ind.methods[mode as usize - 1].kernel;
        let comp = &cols.comp[i];
        let at = i * n + c;
        let ctx = &s.ctx;
        let part = |id: &str, q: f64, unit: Unit, price: f64, price_unit: Unit| ComponentAccount {
            id: ctx.id(id),
            quantity: q,
            unit,
            price,
            price_unit,
            value: q * price,
        };
        match kernel {
            Kernel::Priced {
                comps, optional, ..
            } => {
                let mask = if *optional {
                    ind.cols.mask[c]
                } else {
                    u32::MAX
                };
                for (b, k) in comps.iter().enumerate() {
                    if mask & (1 << b) == 0 {
                        continue;
                    }
                    let q = comp[b * n + c];
                    let price = match k.price {
                        Price::Fixed(p) => p,
                        Price::Slot(j) => row[j],
                    };
                    acc.components.push(ComponentAccount {
                        id: plan.components[b].clone(),
                        quantity: q,
                        unit: k.unit,
                        price,
                        price_unit: k.price_unit,
                        value: q * price,
                    });
                }
                let same = acc.components.windows(2).all(|w| w[0].unit == w[1].unit);
                if same && let Some(first) = acc.components.first() {
                    acc.quantity = Some(Quantity {
                        value: cols.quantity[at],
                        unit: first.unit,
                    });
                }
            }
            Kernel::Soil { p, .. } => {
                acc.components = vec![
                    part("sediment", comp[c], Unit::M3, p[2], Unit::YuanPerM3),
                    part("nitrogen", comp[n + c], Unit::T, p[5], Unit::YuanPerT),
                    part("phosphorus", comp[2 * n + c], Unit::T, p[6], Unit::YuanPerT),
                ];
                acc.quantity = Some(Quantity {
                    value: cols.quantity[at],
                    unit: Unit::T,
                });
            }
            Kernel::Sand { p, .. } => {
                acc.components = vec![part("sand_area", comp[c], Unit::M2, p[2], Unit::YuanPerM2)];
                acc.quantity = Some(Quantity {
                    value: cols.quantity[at],
                    unit: Unit::T,
                });
            }
            Kernel::Travel(t) => {
                let visits = row[0];
                let value = cols.value[at];
                let cs = cols.cs[at];
                let cs_per_visit = match t {
                    Travel::Survey { .. } => row[4],
                    Travel::TimeCost => row[3],
                    Travel::Value => 0.0,
                };
                if !matches!(t, Travel::Value) && cs != 0.0 {
                    let year = ctx.book.target_year;
                    acc.memo
                        .push(gep::consumer_surplus_memo(visits, cs_per_visit, cs, year));
                }
                let per_visit = if visits > 0.0 { value / visits } else { 0.0 };
                acc.components = vec![ComponentAccount {
                    id: ctx.id("visits"),
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
            Kernel::Products | Kernel::Reference => {}
        }
    }
}
