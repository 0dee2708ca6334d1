//! The inputs each physical model reads, declared once: id (as in `MethodSpec::inputs` of
//! `indicators.ron`), symbol (as in traces) and the unit the engine computes in. The registry
//! may declare any unit convertible to it (e.g. hm² for km²).
//!
//! `Model::input_roles` lists these for the consistency check and the engine reads its inputs
//! through the same constants (`engine::gep`), so an id cannot be spelled two ways. Inputs
//! named after a component (`Formula::Priced` entered directly, or `<component>_emission` /
//! `<component>_capacity` of the purification model) are built by the functions below.
//! Plain data: no computation, no engine.

use crate::units::Unit;

/// One input a model reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Role {
    /// Input id in the method's `inputs`.
    pub id: &'static str,
    /// Symbol in the trace.
    pub symbol: &'static str,
    /// Unit the engine computes in.
    pub unit: Unit,
}

const fn role(id: &'static str, symbol: &'static str, unit: Unit) -> Role {
    Role { id, symbol, unit }
}

/// Entered directly (`Model::Direct`) for the soil, sand and recreation formulas.
pub mod direct {
    use super::*;
    pub const RETAINED_SOIL: Role = role("retained_soil", "A_c", Unit::T);
    pub const SAND_FIXED: Role = role("sand_fixed", "Q_sf", Unit::T);
}

/// Recreation by travel cost: visits always, then a value, the survey's terms, or the survey's
/// terms with the time cost per visit already computed.
pub mod travel_cost {
    use super::*;
    pub const VISITS: Role = role("visits", "N", Unit::PersonTrip);
    /// The value given by a travel-cost study (`Model::Direct`).
    pub const VALUE: Role = role("value", "V", Unit::Yuan);
    pub const EXPENSE: Role = role("expense", "TE", Unit::YuanPerVisit);
    pub const HOURS: Role = role("hours", "t", Unit::HoursPerVisit);
    pub const WAGE: Role = role("wage", "w", Unit::YuanPerHour);
    pub const CS: Role = role("cs", "CS", Unit::YuanPerVisit);
    /// Time cost per visit as a survey report gives it (wage share already applied).
    pub const TIME_COST: Role = role("time_cost", "C_t", Unit::YuanPerVisit);
    pub const DIRECT: [Role; 2] = [VISITS, VALUE];
    pub const SURVEY: [Role; 5] = [VISITS, EXPENSE, HOURS, WAGE, CS];
    pub const SURVEY_TIME_COST: [Role; 4] = [VISITS, EXPENSE, TIME_COST, CS];
}

pub mod water_balance {
    use super::*;
    pub const PRECIP: Role = role("precip", "P", Unit::Mm);
    pub const ET: Role = role("et", "ET", Unit::Mm);
    pub const ALL: [Role; 2] = [PRECIP, ET];
}

pub mod flood_storage {
    use super::*;
    pub const LAKE_AREA: Role = role("lake_area", "A_l", Unit::Km2);
    pub const LAKE_EXCHANGE: Role = role("lake_exchange", "T", Unit::Times);
    pub const RESERVOIR_CAPACITY: Role = role("reservoir_capacity", "C_t", Unit::M3);
    pub const MARSH_AREA: Role = role("marsh_area", "S", Unit::Km2);
    pub const ALL: [Role; 4] = [LAKE_AREA, LAKE_EXCHANGE, RESERVOIR_CAPACITY, MARSH_AREA];
}

pub mod carbon_nep {
    use super::*;
    pub const NEP: Role = role("nep", "NEP", Unit::TC);
    pub const ALL: [Role; 1] = [NEP];
}

/// `Model::CarbonNpp` and `Model::OxygenNpp`.
pub mod npp {
    use super::*;
    pub const NPP: Role = role("npp", "NPP", Unit::T);
    pub const ALL: [Role; 1] = [NPP];
}

pub mod climate_energy {
    use super::*;
    pub const EPP: Role = role("epp", "EPP", Unit::KjPerM2Day);
    pub const AC_DAYS: Role = role("ac_days", "D", Unit::Day);
    pub const EVAPORATION: Role = role("evaporation", "E_w", Unit::M3);
    pub const ALL: [Role; 3] = [EPP, AC_DAYS, EVAPORATION];
    /// Days with low relative humidity (only for the humidify-on-dry-days variant).
    pub const LOW_RH_DAYS: Role = role("low_rh_days", "D_h", Unit::Day);
}

pub mod rusle {
    use super::*;
    pub const R: Role = role("r", "R", Unit::RusleR);
    pub const K: Role = role("k", "K", Unit::RusleK);
    pub const LS: Role = role("ls", "LS", Unit::Fraction);
    pub const C: Role = role("c", "C", Unit::Fraction);
    pub const P: Role = role("p", "P", Unit::Fraction);
    pub const AREA: Role = role("area", "A", Unit::Hm2);
    pub const ALL: [Role; 6] = [R, K, LS, C, P, AREA];
}

pub mod rweq {
    use super::*;
    pub const WF: Role = role("wf", "WF", Unit::KgPerM);
    pub const EF: Role = role("ef", "EF", Unit::Fraction);
    pub const SCF: Role = role("scf", "SCF", Unit::Fraction);
    pub const K_ROUGH: Role = role("k_rough", "K′", Unit::Fraction);
    pub const C_VEG: Role = role("c_veg", "C", Unit::Fraction);
    pub const Z: Role = role("z", "z", Unit::M);
    pub const AREA: Role = role("area", "A", Unit::Hm2);
    pub const ALL: [Role; 7] = [WF, EF, SCF, K_ROUGH, C_VEG, Z, AREA];
}

/// Symbol of a component quantity entered directly (`Formula::Priced`, `Model::Direct`).
pub const COMPONENT_SYMBOL: &str = "Q";
/// Symbols of a component's emission and capacity (`Model::PurificationCapacity`).
pub const EMISSION_SYMBOL: &str = "E";
pub const CAPACITY_SYMBOL: &str = "Cap";

/// Input id of a component's emission (`Model::PurificationCapacity`).
pub fn emission_id(component: &str) -> String {
    format!("{component}_emission")
}

/// Input id of a component's purification capacity (`Model::PurificationCapacity`).
pub fn capacity_id(component: &str) -> String {
    format!("{component}_capacity")
}
