//! Planning the ecosystem split: this import's subtypes (merged by id, conflicting rows
//! reported) and the part of every staged value, input and method resolved to a key — a
//! registry ecosystem type or a subtype of the project or of this import, by id or name.
//! Rows whose part is unknown are reported and dropped. Part of the planner (`plan`).

use std::collections::HashMap;
use std::rc::Rc;

use crate::i18n::Text;
use crate::model::EcosystemSubtype;
use crate::units::words::norm;

use super::super::problem::ProblemKind;
use super::super::rows::Loc;
use super::Planner;

impl Planner<'_, '_> {
    /// The subtypes of this import, in file order; a second row of an id updates the first's
    /// empty fields and a different type is a conflict.
    pub(super) fn subtypes(&mut self) -> Vec<EcosystemSubtype> {
        let mut out: Vec<(EcosystemSubtype, Loc)> = Vec::new();
        for s in std::mem::take(&mut self.st.subtypes) {
            let existing = self
                .project
                .ecosystem_subtypes
                .iter()
                .find(|x| x.id == s.id);
            let name = |zh: Option<String>, en: Option<String>, old: Option<&Text>| {
                let zh = zh
                    .or_else(|| old.map(|t| t.zh.clone()))
                    .unwrap_or_else(|| s.id.clone());
                let en = en.or_else(|| old.map(|t| t.en.clone())).unwrap_or_default();
                Text::new(zh, en)
            };
            match out.iter().find(|(x, _)| x.id == s.id) {
                Some((first, floc)) => {
                    if first.ecosystem != s.ecosystem {
                        let kind = ProblemKind::ConflictingValue {
                            first: floc.cell_ref(),
                            first_value: first.ecosystem.clone(),
                        };
                        self.report(&s.loc, kind);
                    }
                }
                None => {
                    let sub = EcosystemSubtype {
                        id: s.id.clone(),
                        name: name(s.name_zh, s.name_en, existing.map(|e| &e.name)),
                        ecosystem: s.ecosystem,
                    };
                    out.push((sub, s.loc));
                }
            }
        }
        out.into_iter().map(|(s, _)| s).collect()
    }

    /// Every staged part (as written) replaced by its key; unknown parts reported, their rows
    /// dropped.
    pub(super) fn resolve_parts(&mut self, subtypes: &[EcosystemSubtype]) {
        let mut index: HashMap<String, Rc<str>> = HashMap::new();
        let mut add = |key: &str, words: [&str; 3]| {
            let k: Rc<str> = key.into();
            for w in words.into_iter().filter(|w| !w.is_empty()) {
                index.entry(norm(w)).or_insert_with(|| k.clone());
            }
        };
        for e in &self.vocab.registry.ecosystems {
            add(&e.id, [&e.id, &e.name.zh, &e.name.en]);
        }
        for s in subtypes.iter().chain(&self.project.ecosystem_subtypes) {
            add(&s.id, [&s.id, &s.name.zh, &s.name.en]);
        }
        let mut unknown: Vec<(Loc, String)> = Vec::new();
        let mut resolve = |part: &mut Option<Rc<str>>, loc: &Loc| -> bool {
            let Some(text) = part.as_deref() else {
                return true;
            };
            match index.get(&norm(text)) {
                Some(k) => {
                    *part = Some(k.clone());
                    true
                }
                None => {
                    // One problem per row (its input and its method carry the same part).
                    if !unknown
                        .iter()
                        .any(|(l, _)| l.sheet == loc.sheet && l.row == loc.row)
                    {
                        unknown.push((loc.clone(), text.to_string()));
                    }
                    false
                }
            }
        };
        self.st.values.retain_mut(|v| resolve(&mut v.part, &v.loc));
        self.st.inputs.retain_mut(|v| resolve(&mut v.part, &v.loc));
        self.st.methods.retain_mut(|v| resolve(&mut v.part, &v.loc));
        // The row is named; the cell shown is the part as written (its column is not staged).
        for (loc, text) in unknown {
            let loc = Loc {
                col: None,
                header: None,
                value: Some(text),
                ..loc
            };
            self.report(&loc, ProblemKind::UnknownEcosystemPart);
        }
    }
}
