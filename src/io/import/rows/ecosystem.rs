//! The rows of the ecosystem split: the project's subtypes (id, name, English name, ecosystem
//! type) and the part column of the part tables (land cover and indicator inputs by part,
//! read by the long-table readers with the row's part). Parts are staged as written and
//! resolved by `plan` once this import's subtypes are known. Part of the row reader (`rows`).

use std::rc::Rc;

use super::super::problem::ProblemKind;
use super::super::table::TableKind;
use super::super::vocab::Target;
use super::{Loc, Rows};

/// A subtype as read.
#[derive(Debug, Clone)]
pub(crate) struct StagedSubtype {
    pub id: String,
    pub name_zh: Option<String>,
    pub name_en: Option<String>,
    /// Registry ecosystem type id.
    pub ecosystem: String,
    pub loc: Loc,
}

impl Rows<'_, '_, '_> {
    /// The part of a part table's row (`Ok(None)` for other tables); a blank part skips the
    /// row with a problem.
    pub(super) fn row_part(&mut self, row: usize) -> Result<Option<Rc<str>>, ()> {
        if !matches!(
            self.t.kind,
            TableKind::PartLandCover | TableKind::PartInputs
        ) {
            return Ok(None);
        }
        match self.text_of(row, &Target::Part) {
            Some(p) => Ok(Some(p.trim().into())),
            None => {
                let col = self.t.col(&Target::Part).cloned();
                self.report(row, col.as_ref(), ProblemKind::UnknownEcosystemPart);
                Err(())
            }
        }
    }

    pub(super) fn subtypes(&mut self) {
        let rows: Vec<usize> = self.t.data_rows().collect();
        for row in rows {
            if self.is_example(row) {
                continue;
            }
            let id = self.text_of(row, &Target::SubtypeId);
            let name_zh = self.text_of(row, &Target::CountyName);
            let name_en = self.text_of(row, &Target::CountyNameEn);
            let eco_text = self.text_of(row, &Target::EcosystemType);
            if id.is_none() && name_zh.is_none() && eco_text.is_none() {
                continue;
            }
            let idcol = self.t.col(&Target::SubtypeId).cloned();
            let Some(id) = id.map(|s| s.trim().to_string()) else {
                self.report(row, idcol.as_ref(), ProblemKind::SubtypeIdMissing);
                continue;
            };
            let ecol = self.t.col(&Target::EcosystemType).cloned();
            let ecosystem = eco_text.as_deref().and_then(|t| self.ecosystem_type(t));
            let Some(ecosystem) = ecosystem else {
                self.report(row, ecol.as_ref(), ProblemKind::UnknownEcosystemType);
                continue;
            };
            let loc = self.loc(row, idcol.as_ref());
            self.st.subtypes.push(StagedSubtype {
                id,
                name_zh,
                name_en,
                ecosystem,
                loc,
            });
        }
    }

    /// A registry ecosystem type by id or name (either language).
    fn ecosystem_type(&self, text: &str) -> Option<String> {
        let n = crate::units::words::norm(text);
        self.vocab
            .registry
            .ecosystems
            .iter()
            .find(|e| {
                [e.id.as_str(), e.name.zh.as_str(), e.name.en.as_str()]
                    .iter()
                    .any(|w| crate::units::words::norm(w) == n)
            })
            .map(|e| e.id.clone())
    }
}
