//! What a map needs beyond the accounts, for callers that do not hold it already (the command
//! line, the report): the project's compensation scenario run on the accounts, and the real
//! growth against the previous accounting year. Both come from the engine; nothing is
//! computed here.

use super::{MapError, MapQuantity};
use crate::engine::Accounts;
use crate::engine::compensation::scenario::{self, Outcome};
use crate::engine::growth::{self, Growth};
use crate::i18n::{Lang, Text};
use crate::model::Project;
use crate::registry::Registry;

/// The compensation outcome and the growth comparison a map of one quantity needs.
#[derive(Debug, Clone, Default)]
pub struct Extras {
    pub compensation: Option<Outcome>,
    pub growth: Option<Growth>,
}

/// Runs what `quantity` needs: the saved compensation scenario for the compensation and
/// priority maps, the growth from the previous accounting year for the growth map.
pub fn extras(
    project: &Project,
    registry: &Registry,
    accounts: &Accounts,
    quantity: &MapQuantity,
) -> Result<Extras, MapError> {
    let mut out = Extras::default();
    match quantity {
        MapQuantity::Compensation | MapQuantity::PriorityClass => {
            let o =
                scenario::run(project, registry, accounts, &project.compensation).map_err(|e| {
                    MapError::ScenarioFailed {
                        reason: Text::new(e.message(Lang::Zh), e.message(Lang::En)),
                    }
                })?;
            out.compensation = Some(o);
        }
        MapQuantity::RealGrowth => {
            let from = project
                .previous_year(accounts.year)
                .ok_or(MapError::NoGrowth)?;
            let g = growth::growth(
                project,
                registry,
                from,
                accounts.year,
                Some(accounts.framework.clone()),
                None,
            )
            .map_err(|_| MapError::NoGrowth)?;
            out.growth = Some(g);
        }
        _ => {}
    }
    Ok(out)
}
