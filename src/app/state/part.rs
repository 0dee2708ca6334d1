//! Undo of an edit that changes one part of the project (the price overrides, the price
//! indices, the ESV settings, the county list …): only that part's value before the edit is
//! kept, not a copy of the whole project with every county's data.

use crate::model::Project;

/// A part of the project as it was before an edit; `swap` puts it back and keeps the value it
/// replaced (so the same entry serves redo).
pub(super) trait Part {
    fn swap(&mut self, project: &mut Project);
}

/// The value of the field `get` reaches.
pub(super) struct Field<T> {
    pub get: fn(&mut Project) -> &mut T,
    pub value: T,
}

impl<T> Part for Field<T> {
    fn swap(&mut self, project: &mut Project) {
        std::mem::swap((self.get)(project), &mut self.value);
    }
}
