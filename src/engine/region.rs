//! The region totals after an edit of a few counties, without a pass over every county's
//! accounts: the old accounts of the edited counties are taken out of the sums and the new
//! ones put in (money by category, by indicator, ESV by class and by service); land area,
//! population and GDP are summed again in county order (cheap, and exactly as `region_of`
//! sums them). Sums moved this way can differ from a fresh sum in the last bits (≤ 1e-12
//! relative); a fresh `compute` gives the exact figures. Where the rows could change shape —
//! a county split by ecosystem type, or an edit that adds or removes a land class of a county
//! — the caller sums everything again (`region_of`).

use super::accounts::{CountyAccount, RegionTotals, Status, Totals};

/// Whether `old` can be replaced by `new` in the region sums (see the module doc).
pub(crate) fn replaceable(region: &RegionTotals, old: &CountyAccount, new: &CountyAccount) -> bool {
    let classes = |c: &CountyAccount| -> Vec<std::sync::Arc<str>> {
        c.esv
            .as_ref()
            .map(|e| e.by_class.iter().map(|r| r.0.clone()).collect())
            .unwrap_or_default()
    };
    region.by_ecosystem.is_empty()
        && old.by_ecosystem.is_empty()
        && new.by_ecosystem.is_empty()
        && old.esv.is_some() == new.esv.is_some()
        && old.indicators.len() == new.indicators.len()
        && classes(old) == classes(new)
}

/// Replaces `old` by `new` in the money sums of `region`.
pub(crate) fn replace(region: &mut RegionTotals, old: &CountyAccount, new: &CountyAccount) {
    sub(&mut region.totals, &old.totals);
    region.totals.add(&new.totals);
    for (k, (_, v)) in region.by_indicator.iter_mut().enumerate() {
        let value = |c: &CountyAccount| {
            c.indicators
                .get(k)
                .filter(|a| a.status == Status::Computed)
                .map_or(0.0, |a| a.value)
        };
        *v = *v - value(old) + value(new);
    }
    if let (Some(o), Some(n)) = (&old.esv, &new.esv) {
        region.esv_total = region.esv_total - o.total + n.total;
        region.esv_market = region.esv_market - o.market + n.market;
        region.esv_non_market = region.esv_non_market - o.non_market + n.non_market;
        for (class, area, value) in &o.by_class {
            if let Some(r) = region.esv_by_class.iter_mut().find(|r| r.0 == *class) {
                r.1 -= area;
                r.2 -= value;
            }
        }
        for (class, area, value) in &n.by_class {
            if let Some(r) = region.esv_by_class.iter_mut().find(|r| r.0 == *class) {
                r.1 += area;
                r.2 += value;
            }
        }
        for ((_, total), ((_, a), (_, b))) in region
            .esv_by_service
            .iter_mut()
            .zip(o.by_service.iter().zip(&n.by_service))
        {
            *total = *total - a + b;
        }
    }
}

/// Land area, population, GDP and the ratios, summed again in county order.
pub(crate) fn resum_people(
    region: &mut RegionTotals,
    counties: &[CountyAccount],
    land_areas: impl Iterator<Item = f64>,
) {
    region.land_area_hm2 = 0.0;
    region.population = 0.0;
    region.gdp_yuan = 0.0;
    let mut gdp_complete = true;
    for (c, area) in counties.iter().zip(land_areas) {
        region.land_area_hm2 += area;
        region.population += c.population.unwrap_or(0.0);
        match c.gdp_yuan {
            Some(g) => region.gdp_yuan += g,
            None => gdp_complete = false,
        }
    }
    region.ratios = super::ratios(
        &region.totals,
        gdp_complete.then_some(region.gdp_yuan),
        Some(region.population),
        region.land_area_hm2,
    );
}

fn sub(t: &mut Totals, o: &Totals) {
    t.material -= o.material;
    t.regulating -= o.regulating;
    t.cultural -= o.cultural;
    t.gross -= o.gross;
    t.imported_deduction -= o.imported_deduction;
    t.gep -= o.gep;
    t.market -= o.market;
    t.non_market -= o.non_market;
    t.outside_framework -= o.outside_framework;
    t.consumer_surplus -= o.consumer_surplus;
}
