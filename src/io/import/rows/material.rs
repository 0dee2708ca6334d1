//! The rows of material products: product lines (name, quantity converted to a stored unit,
//! unit price per that unit, price year, source) and output values (converted to 元, basis).
//! Every cell of a product or output-value row is checked, so one row may give several
//! problems. Part of the row reader (`rows`): it shares its cursor and staging.

use crate::model::{OutputBasis, OutputValue, ProductLine};
use crate::units::words::{HeaderUnit, parse_unit, price_denominator, product_unit, scale};
use crate::units::{Unit, price_unit_for};

use super::super::problem::ProblemKind;
use super::super::table::Column;
use super::super::vocab::{Target, parse_basis};
use super::{Rows, StagedOutput, StagedProduct, number};

impl Rows<'_, '_, '_> {
    pub(super) fn products(&mut self) {
        let rows: Vec<usize> = self.t.data_rows().collect();
        for row in rows {
            if !self.is_example(row) {
                self.product_row(row);
            }
        }
    }

    pub(super) fn output_values(&mut self) {
        let rows: Vec<usize> = self.t.data_rows().collect();
        for row in rows {
            if !self.is_example(row) {
                self.output_row(row);
            }
        }
    }

    /// County, year and indicator of a material row; `None` for a total row (skipped). The
    /// other cells are checked even when one of these fails, so every problem of the row is
    /// listed; the inner `Option`s say whether the row can be staged.
    fn material_lead(&mut self, row: usize, any: bool) -> Option<MaterialLead> {
        let county = self.county(row);
        if county.is_none() && self.is_total_row(row) {
            return None;
        }
        let year = self.year(row).ok();
        let indicator = self.material_indicator(row, any);
        Some((county, year, indicator))
    }

    /// A row the county check skipped as a total row (合计 / Total): nothing else to check.
    fn is_total_row(&self, row: usize) -> bool {
        let here = self.t.sheet.excel_row(row);
        self.st
            .problems
            .last()
            .is_some_and(|p| p.row == Some(here) && p.kind == ProblemKind::TotalRowSkipped)
    }

    /// The indicator cell: a known indicator that is a material product (`any`: any known
    /// indicator, for values computed elsewhere in the output-value table).
    fn material_indicator(&mut self, row: usize, any: bool) -> Option<String> {
        let icol = self.t.col(&Target::Indicator)?.clone();
        let Some(indicator) = self.vocab.indicator(&self.cell(row, &icol).text()) else {
            self.report(row, Some(&icol), ProblemKind::UnknownIndicator);
            return None;
        };
        if !any && !self.vocab.is_material(&indicator) {
            self.report(row, Some(&icol), ProblemKind::NotMaterial { indicator });
            return None;
        }
        Some(indicator)
    }

    /// A required number cell (blank → missing value), not negative.
    fn required_number(&mut self, row: usize, col: &Column) -> Option<f64> {
        let kind = match number(self.cell(row, col)) {
            Ok(Some(v)) if v >= 0.0 => return Some(v),
            Ok(Some(_)) => ProblemKind::Negative,
            Ok(None) => ProblemKind::MissingValue,
            Err(kind) => kind,
        };
        self.report(row, Some(col), kind);
        None
    }

    /// The unit of a row: the unit cell, else the header's unit of `vcol`. `Err` when reported.
    fn row_unit(&mut self, row: usize, vcol: &Column) -> Result<Option<HeaderUnit>, ()> {
        let ucol = self.t.col(&Target::UnitName).cloned();
        let text = ucol
            .as_ref()
            .map(|c| self.cell(row, c).text())
            .unwrap_or_default();
        if text.is_empty() {
            return Ok(vcol.unit);
        }
        match parse_unit(&text) {
            Some(u) => Ok(Some(u)),
            None => {
                self.report(row, ucol.as_ref(), ProblemKind::BadUnit);
                Err(())
            }
        }
    }

    fn product_row(&mut self, row: usize) {
        let Some((county, year, indicator)) = self.material_lead(row, false) else {
            return;
        };
        let (Some(pcol), Some(qcol), Some(prcol)) = (
            self.t.col(&Target::Product).cloned(),
            self.t.col(&Target::Quantity).cloned(),
            self.t.col(&Target::Price).cloned(),
        ) else {
            return;
        };
        let name = self.cell(row, &pcol).text();
        if name.is_empty() {
            self.report(row, Some(&pcol), ProblemKind::MissingProduct);
        }
        let quantity = self.required_number(row, &qcol);
        let unit = self.product_row_unit(row, &qcol);
        let price = self.required_number(row, &prcol);
        let price = match (price, unit) {
            (Some(p), Some((stored, factor))) => self.price_per(row, &prcol, p, stored, factor),
            _ => None,
        };
        let price_year = self.optional_year(row, &Target::PriceYear);
        let (
            Some(county),
            Some(year),
            Some(indicator),
            false,
            Some(q),
            Some((unit, factor)),
            Some(price),
            Ok(price_year),
        ) = (
            county,
            year,
            indicator,
            name.is_empty(),
            quantity,
            unit,
            price,
            price_year,
        )
        else {
            return;
        };
        let line = ProductLine {
            name,
            quantity: scale(q, factor),
            unit,
            price,
            price_year,
            source: self.text_of(row, &Target::Source).unwrap_or_default(),
        };
        let loc = self.loc(row, Some(&pcol));
        self.st.products.push(StagedProduct {
            county,
            year,
            indicator,
            line,
            loc,
        });
    }

    /// The stored unit of a product row and how many stored units one given unit is.
    fn product_row_unit(&mut self, row: usize, qcol: &Column) -> Option<(Unit, f64)> {
        let ucol = self.t.col(&Target::UnitName).cloned();
        let given = self.row_unit(row, qcol).ok()?;
        let Some(u) = given else {
            self.report(row, ucol.as_ref().or(Some(qcol)), ProblemKind::MissingUnit);
            return None;
        };
        let found = product_unit(u);
        if found.is_none() {
            let col = ucol
                .as_ref()
                .filter(|c| !self.cell(row, c).is_blank())
                .unwrap_or(qcol);
            let kind = ProblemKind::NotAQuantityUnit { unit: u.label() };
            self.report(row, Some(col), kind);
        }
        found
    }

    /// The unit price per stored unit: the price cell is per the row's unit (in 元, or in the
    /// money unit of the header), or per the denominator of a price unit in the header
    /// (“单价 (元/kg)”).
    fn price_per(
        &mut self,
        row: usize,
        col: &Column,
        raw: f64,
        stored: Unit,
        factor: f64,
    ) -> Option<f64> {
        let Some(u) = col.unit else {
            return Some(scale(raw, 1.0 / factor));
        };
        if u.unit.is_money() {
            return u
                .convert(raw, Unit::Yuan)
                .map(|yuan| scale(yuan, 1.0 / factor));
        }
        let per = price_denominator(u.unit).and_then(|d| stored.convert(1.0, d));
        match per {
            Some(d_per_stored) => Some(scale(raw, u.scale * d_per_stored)),
            None => {
                let wanted = price_unit_for(stored)
                    .map_or_else(|| stored.zh().to_string(), |p| p.zh().to_string());
                let kind = ProblemKind::UnitMismatch {
                    unit: u.label(),
                    wanted,
                };
                self.report(row, Some(col), kind);
                None
            }
        }
    }

    /// An output value of a material product, or (for any other indicator) a value computed
    /// elsewhere, whose basis cell may then be blank.
    fn output_row(&mut self, row: usize) {
        let Some((county, year, indicator)) = self.material_lead(row, true) else {
            return;
        };
        let (Some(vcol), Some(bcol)) = (
            self.t.col(&Target::OutputValue).cloned(),
            self.t.col(&Target::Basis).cloned(),
        ) else {
            return;
        };
        let raw = self.required_number(row, &vcol);
        let unit = self.row_unit(row, &vcol);
        let value = match (raw, unit) {
            (Some(v), Ok(u)) => {
                let u = u.unwrap_or(HeaderUnit::plain(Unit::Yuan));
                let yuan = u.convert(v, Unit::Yuan);
                if yuan.is_none() {
                    let ucol = self.t.col(&Target::UnitName).cloned();
                    let col = ucol
                        .as_ref()
                        .filter(|c| !self.cell(row, c).is_blank())
                        .unwrap_or(&vcol);
                    let kind = ProblemKind::UnitMismatch {
                        unit: u.label(),
                        wanted: Unit::Yuan.zh().into(),
                    };
                    self.report(row, Some(col), kind);
                }
                yuan
            }
            _ => None,
        };
        let entered = indicator
            .as_ref()
            .is_some_and(|i| !self.vocab.is_material(i));
        let basis_text = self.cell(row, &bcol).text();
        let basis = match parse_basis(&basis_text) {
            None if entered && basis_text.trim().is_empty() => Some(OutputBasis::Gross),
            b => b,
        };
        if basis.is_none() {
            self.report(row, Some(&bcol), ProblemKind::BadBasis);
        }
        let price_year = self.optional_year(row, &Target::PriceYear);
        let (Some(county), Some(year), Some(indicator), Some(value_yuan), Some(basis), Ok(py)) =
            (county, year, indicator, value, basis, price_year)
        else {
            return;
        };
        let value = OutputValue {
            value_yuan,
            basis,
            price_year: py,
            source: self.text_of(row, &Target::Source).unwrap_or_default(),
        };
        let loc = self.loc(row, Some(&vcol));
        self.st.outputs.push(StagedOutput {
            county,
            year,
            indicator,
            value,
            entered,
            loc,
        });
    }
}

/// County (staged reference), year and indicator of a material row, each `None` when reported.
type MaterialLead = (Option<usize>, Option<i32>, Option<String>);
