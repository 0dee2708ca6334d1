//! Material products (物质产品): product lines priced one by one (quantity × price, each price
//! moved to the target year, or held at the base year's price of the same product in
//! constant-price accounts) or one output value entered directly; and the lines' quantities
//! summed by unit for the physical account. A child of `gep`, so it reads the same `Reader` and
//! `Ctx` as every other model.

use std::sync::Arc;

use super::{Ctx, Reader};
use crate::engine::accounts::{ComponentAccount, IndicatorAccount, Quantity};
use crate::engine::prices::PriceError;
use crate::engine::trace::{Origin, ProductPricing, Step};
use crate::model::{IndicatorInput, OutputBasis, ProductLine};
use crate::units::Unit;

/// The price of a product line and its price year, before indexing to the target year.
/// Constant-price accounts (target price year ≠ accounting year) value every priced item at
/// base-year prices, so a line is held at the base year's price of the same product (same name
/// and unit, same county and indicator); when the base year has no such product, its own price
/// is moved with the CPI and the trace (and validation) say so.
pub(crate) fn line_price(
    ctx: &Ctx,
    line: &ProductLine,
    base: Option<&IndicatorInput>,
) -> (f64, i32, ProductPricing) {
    let own_year = line.price_year.unwrap_or(ctx.period_year);
    if ctx.book.target_year == ctx.period_year {
        return (line.price, own_year, ProductPricing::Indexed);
    }
    let same = base.and_then(|b| {
        b.products
            .iter()
            .find(|b| b.name == line.name && b.unit == line.unit)
    });
    match same {
        Some(b) => (
            b.price,
            b.price_year.unwrap_or(ctx.book.target_year),
            ProductPricing::BaseYear,
        ),
        None => (line.price, own_year, ProductPricing::IndexedNoBase),
    }
}

/// Material products: product lines (quantity × price, each price moved to the target year or
/// held at the base year's price, `line_price`) or one output value entered directly.
pub(super) fn products(
    input: &IndicatorInput,
    base: Option<&IndicatorInput>,
    r: &mut Reader,
    acc: &mut IndicatorAccount,
    errors: &mut Vec<PriceError>,
) {
    let ctx = r.ctx;
    if input.output_value.is_some() && !input.products.is_empty() {
        r.missing.push("products_or_output_value".into());
        return;
    }
    if let Some(ov) = &input.output_value {
        let year = ov.price_year.unwrap_or(ctx.period_year);
        let factor = match ctx.book.index_factor("cpi", year) {
            Ok(x) => x,
            Err(e) => {
                errors.push(e);
                return;
            }
        };
        let basis = match ov.basis {
            OutputBasis::Gross => "gross",
            OutputBasis::Net => "net",
        };
        r.step(Step {
            symbol: "V₀",
            value: ov.value_yuan,
            unit: Unit::Yuan,
            origin: Origin::OutputValue {
                basis,
                price_year: year,
                index_factor: factor,
                source: Arc::from(ov.source.as_str()),
            },
        });
        acc.components = vec![ComponentAccount {
            id: ctx.id(basis),
            quantity: ov.value_yuan,
            unit: Unit::Yuan,
            price: factor,
            price_unit: Unit::Fraction,
            value: ov.value_yuan * factor,
        }];
        acc.output_value_only = true;
        return;
    }
    if input.products.is_empty() {
        r.missing.push("products".into());
        return;
    }
    for line in &input.products {
        let (price, year, pricing) = line_price(ctx, line, base);
        let factor = match ctx.book.index_factor("cpi", year) {
            Ok(x) => x,
            Err(e) => {
                errors.push(e);
                return;
            }
        };
        let price_unit = crate::units::price_unit_for(line.unit).unwrap_or(Unit::YuanPerT);
        let name: Arc<str> = Arc::from(line.name.as_str());
        r.step(Step {
            symbol: "Q_j",
            value: line.quantity,
            unit: line.unit,
            origin: Origin::Product {
                name: name.clone(),
                price_year: year,
                index_factor: factor,
                source: Arc::from(line.source.as_str()),
                pricing,
            },
        });
        r.step(Step {
            symbol: "P_j",
            value: price * factor,
            unit: price_unit,
            origin: Origin::Product {
                name: name.clone(),
                price_year: year,
                index_factor: factor,
                source: Arc::from(line.source.as_str()),
                pricing,
            },
        });
        acc.components.push(ComponentAccount {
            id: name,
            quantity: line.quantity,
            unit: line.unit,
            price: price * factor,
            price_unit,
            value: line.quantity * price * factor,
        });
    }
    acc.quantities = product_quantities(&input.products);
    if let [single] = acc.quantities[..] {
        acc.quantity = Some(single);
    }
}

/// The product lines' quantities summed by canonical unit, in first-seen order (physical
/// accounts; the value is priced line by line above and never uses these sums).
pub(crate) fn product_quantities(lines: &[ProductLine]) -> Vec<Quantity> {
    let mut out: Vec<Quantity> = Vec::new();
    for line in lines {
        let unit = line.unit.canonical();
        let value = line
            .unit
            .convert(line.quantity, unit)
            .unwrap_or(line.quantity);
        match out.iter_mut().find(|q| q.unit == unit) {
            Some(q) => q.value += value,
            None => out.push(Quantity { value, unit }),
        }
    }
    out
}
