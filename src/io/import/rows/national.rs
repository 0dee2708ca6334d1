//! The regional ESV coefficients (Xie et al. 2015) in a table: a county's value or coefficient
//! cell (> 0, read as written), and the rows of the national means: item (NPP, precipitation,
//! soil retention), value (> 0, in the unit stated), unit, year and source, each as written.
//! Part of the row reader (`rows`): it shares its cursor and staging.

use crate::model::NationalMean;
use crate::registry::AdjustBy;
use crate::units::Unit;

use super::super::PeriodField;
use super::super::esv_adjust::parse_item;
use super::super::problem::ProblemKind;
use super::super::table::Column;
use super::super::vocab::Target;
use super::{Loc, Rows, StagedValue, number};

/// A national mean of a regional ESV coefficient as read; `loc` is its item cell.
#[derive(Debug, Clone)]
pub(crate) struct StagedMean {
    pub kind: AdjustBy,
    pub mean: NationalMean,
    pub loc: Loc,
}

impl Rows<'_, '_, '_> {
    /// A county's value or coefficient: a ratio, or a value in the national mean's unit (a
    /// unit in the header is a remark), read as written.
    pub(super) fn esv_adjust_cell(
        &mut self,
        row: usize,
        col: &Column,
        county: usize,
        year: i32,
        kind: AdjustBy,
        coefficient: bool,
    ) {
        let mut plain = col.clone();
        plain.unit = None;
        if let Some(value) = self.number_in(row, &plain, Unit::Fraction, true) {
            let loc = self.loc(row, Some(col));
            self.st.values.push(StagedValue {
                county,
                year,
                field: PeriodField::EsvAdjust(kind, coefficient),
                value,
                loc,
                part: None,
            });
        }
    }

    pub(super) fn national_means(&mut self) {
        let rows: Vec<usize> = self.t.data_rows().collect();
        for row in rows {
            if !self.is_example(row) {
                self.national_mean_row(row);
            }
        }
    }

    fn national_mean_row(&mut self, row: usize) {
        let Some(icol) = self.t.col(&Target::AdjustItem).cloned() else {
            return;
        };
        let item = self.cell(row, &icol).text();
        let kind = parse_item(&item);
        if kind.is_none() {
            self.report(row, Some(&icol), ProblemKind::UnknownAdjustItem);
        }
        let value = match self.t.col(&Target::Value).cloned() {
            Some(vcol) => match number(self.cell(row, &vcol)) {
                Ok(Some(v)) if v > 0.0 => Some(v),
                Ok(Some(_)) => {
                    self.report(row, Some(&vcol), ProblemKind::NotPositive);
                    None
                }
                Ok(None) => {
                    self.report(row, Some(&vcol), ProblemKind::MissingValue);
                    None
                }
                Err(k) => {
                    self.report(row, Some(&vcol), k);
                    None
                }
            },
            None => None,
        };
        let year = match self.optional_year(row, &Target::Year) {
            Ok(Some(y)) => Some(y),
            Ok(None) => {
                let col = self.t.col(&Target::Year).cloned();
                self.report(row, col.as_ref(), ProblemKind::MissingValue);
                None
            }
            Err(()) => None,
        };
        let (Some(kind), Some(value), Some(year)) = (kind, value, year) else {
            return;
        };
        let loc = self.loc(row, Some(&icol));
        self.st.national_means.push(StagedMean {
            kind,
            mean: NationalMean {
                value,
                unit: self.text_of(row, &Target::UnitName).unwrap_or_default(),
                year,
                source: self.text_of(row, &Target::Source).unwrap_or_default(),
            },
            loc,
        });
    }
}
