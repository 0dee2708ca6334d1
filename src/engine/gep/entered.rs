//! A value computed elsewhere (`IndicatorInput::entered_value`): an amount in 元, 万元 or 亿元
//! with its price year and source, converted to 元 and moved to the accounts' price year with
//! the CPI like any priced item (so constant-price accounts deflate it). It replaces the
//! indicator's model: quantities entered beside it are not priced (validation warns), so the
//! value is never counted twice. A child of `gep`, reading the same `Reader`.

use std::sync::Arc;

use super::Reader;
use crate::engine::accounts::{ComponentAccount, IndicatorAccount};
use crate::engine::prices::PriceError;
use crate::engine::trace::{Origin, Step};
use crate::model::EnteredValue;
use crate::units::{Dimension, Unit};

/// Component id of an entered value in the accounts and traces.
pub(crate) const COMPONENT: &str = "entered_value";

/// The indicator's value from an amount entered in 元/万元/亿元.
pub(super) fn entered_value(
    ev: &EnteredValue,
    r: &mut Reader,
    acc: &mut IndicatorAccount,
    errors: &mut Vec<PriceError>,
) {
    let ctx = r.ctx;
    if ev.unit.dimension() != Dimension::Money || !ev.amount.is_finite() {
        // Validation names the unit or the number; the indicator stays out of every sum.
        r.missing.push(COMPONENT.into());
        return;
    }
    let yuan = crate::units::words::scale(ev.amount, ev.unit.factor());
    let year = ev.price_year.unwrap_or(ctx.period_year);
    let factor = match ctx.book.index_factor("cpi", year) {
        Ok(x) => x,
        Err(e) => {
            errors.push(e);
            return;
        }
    };
    r.step(Step {
        symbol: "V₀",
        value: yuan,
        unit: Unit::Yuan,
        origin: Origin::EnteredValue {
            entered: ev.amount,
            entered_unit: ev.unit,
            price_year: year,
            index_factor: factor,
            source: Arc::from(ev.source.as_str()),
        },
    });
    acc.components = vec![ComponentAccount {
        id: ctx.id(COMPONENT),
        quantity: yuan,
        unit: Unit::Yuan,
        price: factor,
        price_unit: Unit::Fraction,
        value: yuan * factor,
    }];
    acc.output_value_only = true;
}
