//! Facts about price units: which price unit a quantity unit is priced in (元/m³ for m³,
//! 元/t C for t C …), the factor between a price unit and a quantity unit (12/44 between
//! 元/t C and 元/t CO₂) and the conversion of a price between units. They are facts about
//! units, not about the prices of a year, so the registry check, import, validation and the
//! engine all read them here.

use super::Unit;

/// Converts an override given in another unit into the registry's unit. Carbon prices convert
/// between 元/t C and 元/t CO₂ by 12/44; other units only within a dimension.
pub fn convert_param_unit(value: f64, from: Unit, to: Unit) -> Option<f64> {
    match (from, to) {
        _ if from == to => Some(value),
        (Unit::YuanPerTC, Unit::YuanPerTCo2) => Some(value * 12.0 / 44.0),
        (Unit::YuanPerTCo2, Unit::YuanPerTC) => Some(value * 44.0 / 12.0),
        _ => from.convert(value, to),
    }
}

/// The price unit a quantity unit is priced in (元 per that unit).
pub fn price_unit_for(unit: Unit) -> Option<Unit> {
    Some(match unit {
        Unit::M3 => Unit::YuanPerM3,
        Unit::T => Unit::YuanPerT,
        Unit::Kg => Unit::YuanPerKg,
        Unit::TC => Unit::YuanPerTC,
        Unit::TCo2 => Unit::YuanPerTCo2,
        Unit::Kwh => Unit::YuanPerKwh,
        Unit::Hm2 => Unit::YuanPerHm2,
        Unit::M2 => Unit::YuanPerM2,
        Unit::M => Unit::YuanPerMeter,
        Unit::PersonTrip => Unit::YuanPerVisit,
        Unit::Head => Unit::YuanPerHead,
        Unit::Animal => Unit::YuanPerAnimal,
        Unit::Plant => Unit::YuanPerPlant,
        Unit::Stem => Unit::YuanPerStem,
        Unit::Piece => Unit::YuanPerPiece,
        Unit::Bird => Unit::YuanPerBird,
        Unit::Fish => Unit::YuanPerFish,
        Unit::Person => Unit::YuanPerPerson,
        _ => return None,
    })
}

/// Factor turning a price in `price_unit` into a price per `quantity_unit`: 1 when they match,
/// 12/44 for a per-t C price applied to t CO₂. `None` when they do not fit.
pub fn price_unit_factor(quantity_unit: Unit, price_unit: Unit) -> Option<f64> {
    let wanted = price_unit_for(quantity_unit)?;
    match (wanted, price_unit) {
        (w, p) if w == p => Some(1.0),
        (Unit::YuanPerTCo2, Unit::YuanPerTC) => Some(12.0 / 44.0),
        (Unit::YuanPerTC, Unit::YuanPerTCo2) => Some(44.0 / 12.0),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_tc_price_applies_to_tco2_by_12_over_44() {
        assert_eq!(
            price_unit_factor(Unit::TCo2, Unit::YuanPerTC),
            Some(12.0 / 44.0)
        );
        assert_eq!(price_unit_factor(Unit::TCo2, Unit::YuanPerM3), None);
        assert_eq!(
            convert_param_unit(1200.0, Unit::YuanPerTC, Unit::YuanPerTCo2),
            Some(1200.0 * 12.0 / 44.0)
        );
    }
}
