//! Land-use transition matrices (土地利用转移矩阵) as the user entered or imported them.
//!
//! A matrix holds, for one county and two accounting periods (from year → to year), the area
//! (hm²) of every class of the from year that became each class of the to year; the diagonal is
//! the area that stayed. The region's matrix is a matrix with an empty county code when the user
//! enters one; otherwise the engine sums the counties' matrices of the same pair of years (see
//! `engine::transitions`). Serde only: no computation.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// One transition matrix: `cells[from class][to class]` = area (hm²).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransitionMatrix {
    /// County code; empty = the whole region, entered as such.
    #[serde(default)]
    pub county: String,
    pub from_year: i32,
    pub to_year: i32,
    /// From class → to class → area (hm²). Missing cells are 0.
    #[serde(default)]
    pub cells: BTreeMap<String, BTreeMap<String, f64>>,
    /// Where the matrix comes from (remote-sensing interpretation, land survey …).
    #[serde(default)]
    pub source: String,
}

impl TransitionMatrix {
    /// The area of one cell (0 when not entered).
    pub fn cell(&self, from: &str, to: &str) -> f64 {
        self.cells
            .get(from)
            .and_then(|r| r.get(to))
            .copied()
            .unwrap_or(0.0)
    }

    /// Sets one cell; an area of 0 removes it, so an empty cell and 0 are one state.
    pub fn set_cell(&mut self, from: &str, to: &str, area: f64) {
        if area == 0.0 {
            if let Some(r) = self.cells.get_mut(from) {
                r.remove(to);
                if r.is_empty() {
                    self.cells.remove(from);
                }
            }
        } else {
            self.cells
                .entry(from.to_string())
                .or_default()
                .insert(to.to_string(), area);
        }
    }

    /// Every class in the matrix, as from or to class, in id order.
    pub fn classes(&self) -> Vec<String> {
        let mut all: std::collections::BTreeSet<&str> =
            self.cells.keys().map(String::as_str).collect();
        for row in self.cells.values() {
            all.extend(row.keys().map(String::as_str));
        }
        all.into_iter().map(str::to_string).collect()
    }

    /// Row sums: the from-year area of each class (hm²).
    pub fn from_totals(&self) -> BTreeMap<String, f64> {
        self.cells
            .iter()
            .map(|(c, r)| (c.clone(), r.values().sum()))
            .collect()
    }

    /// Column sums: the to-year area of each class (hm²).
    pub fn to_totals(&self) -> BTreeMap<String, f64> {
        let mut out: BTreeMap<String, f64> = BTreeMap::new();
        for row in self.cells.values() {
            for (c, a) in row {
                *out.entry(c.clone()).or_default() += a;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_and_zero_cells() {
        let mut m = TransitionMatrix {
            from_year: 2015,
            to_year: 2020,
            ..Default::default()
        };
        m.set_cell("forest", "forest", 90.0);
        m.set_cell("forest", "urban", 10.0);
        m.set_cell("paddy", "urban", 5.0);
        m.set_cell("paddy", "paddy", 0.0);
        assert_eq!(m.classes(), vec!["forest", "paddy", "urban"]);
        assert_eq!(m.from_totals().get("forest"), Some(&100.0));
        assert_eq!(m.to_totals().get("urban"), Some(&15.0));
        m.set_cell("paddy", "urban", 0.0);
        assert!(!m.cells.contains_key("paddy"));
        assert_eq!(m.cell("paddy", "urban"), 0.0);
    }
}
