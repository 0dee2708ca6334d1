//! Constant prices: in accounts at the base year's prices a product line is held at the base
//! year's price of the same product (same name and unit, same county and indicator; the
//! engine's `gep::line_price`). A line with no such product in the base year has its own price
//! moved with the CPI instead, which mixes a price change into the volume: this check names
//! every such line so the user can add the product to the base year or accept the index.
//! The base year is the project's (`meta.base_year`), else its first accounting year.

use crate::i18n::Text;
use crate::model::Project;
use crate::registry::IndicatorSpec;

use super::{Issue, IssueKind, Severity};

/// One warning per county, year, indicator and product line without a base-year counterpart.
pub(super) fn product_lines(project: &Project, specs: &[impl AsRef<IndicatorSpec>]) -> Vec<Issue> {
    let Some(base_year) = project
        .meta
        .base_year
        .or_else(|| project.periods.iter().map(|p| p.year).min())
    else {
        return Vec::new();
    };
    // No base period: nothing can be held at its prices (the engine indexes every line).
    let Some(base) = project.periods.iter().find(|p| p.year == base_year) else {
        return Vec::new();
    };
    let indicator_name = |id: &str| {
        specs
            .iter()
            .map(AsRef::as_ref)
            .find(|s| s.id == id)
            .map_or_else(|| Text::new(id, id), |s| s.name.clone())
    };
    let mut out = Vec::new();
    for period in project.periods.iter().filter(|p| p.year != base_year) {
        for (code, cp) in &period.counties {
            let base_county = base.counties.get(code);
            for (ind, input) in cp.indicators.iter().filter(|(_, i)| !i.products.is_empty()) {
                let base_input = base_county.and_then(|c| c.indicators.get(ind));
                for (k, line) in input.products.iter().enumerate() {
                    let same =
                        |b: &crate::model::ProductLine| b.name == line.name && b.unit == line.unit;
                    // Lines usually keep their order from year to year: that place first.
                    let held = base_input.is_some_and(|b| {
                        b.products.get(k).is_some_and(same) || b.products.iter().any(same)
                    });
                    if !held {
                        out.push(Issue {
                            severity: Severity::Warning,
                            county: Some(code.clone()),
                            year: Some(period.year),
                            field: format!("indicators.{ind}.products.{}", line.name),
                            value: None,
                            kind: IssueKind::NoBaseYearProduct {
                                indicator: indicator_name(ind),
                                product: line.name.clone(),
                                unit: line.unit,
                                base_year,
                            },
                        });
                    }
                }
            }
        }
    }
    out
}
