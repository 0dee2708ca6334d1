//! The compensation standard as a range (docs/methods.md, "Compensation standard as a range"):
//! lower bound = opportunity cost, upper bound = the value the protection yields (ESV
//! increment or non-market GEP), net benefit = upper − lower, and the recommended standard
//! lower + λ (upper − lower) when the range is feasible. Pure; knows nothing of scenarios or
//! wording.

use serde::Serialize;

/// One county's range.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Range {
    /// Opportunity cost (元 per year).
    pub lower_yuan: f64,
    /// ESV increment or non-market GEP (元).
    pub upper_yuan: f64,
    /// Upper − lower (元); negative when protection costs more than the value it yields.
    pub net_benefit_yuan: f64,
    /// Upper ≥ lower.
    pub feasible: bool,
    /// λ of the rule (0 = lower, 1 = upper).
    pub position: f64,
    /// lower + λ (upper − lower); `None` when the range is not feasible: no figure in it can
    /// both cover the cost and stay within the value.
    pub standard_yuan: Option<f64>,
}

/// The range of one county for a position λ in [0, 1].
pub fn standard_range(lower_yuan: f64, upper_yuan: f64, position: f64) -> Range {
    let net = upper_yuan - lower_yuan;
    let feasible = net >= 0.0;
    Range {
        lower_yuan,
        upper_yuan,
        net_benefit_yuan: net,
        feasible,
        position,
        standard_yuan: feasible.then_some(lower_yuan + position * net),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_by_hand() {
        // Opportunity cost 300 万元, ESV increment 1 100 万元: net benefit 800 万元; the
        // lower-bound rule gives 300, the midpoint 700, λ = 0.25 gives 300 + 200 = 500.
        let r = standard_range(3e6, 1.1e7, 0.0);
        assert_eq!((r.net_benefit_yuan, r.feasible), (8e6, true));
        assert_eq!(r.standard_yuan, Some(3e6));
        assert_eq!(standard_range(3e6, 1.1e7, 0.5).standard_yuan, Some(7e6));
        assert_eq!(standard_range(3e6, 1.1e7, 0.25).standard_yuan, Some(5e6));
        assert_eq!(standard_range(3e6, 1.1e7, 1.0).standard_yuan, Some(1.1e7));
        // Value below cost: no feasible range, no standard, the negative net benefit kept.
        let r = standard_range(3e6, -1e6, 0.5);
        assert_eq!((r.net_benefit_yuan, r.feasible), (-4e6, false));
        assert_eq!(r.standard_yuan, None);
    }
}
