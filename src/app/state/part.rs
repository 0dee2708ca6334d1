//! Undo of an edit that changes one part of the project (the price overrides, the price
//! indices, the ESV settings, the county list …): only that part's value before the edit is
//! kept, not a copy of the whole project with every county's data.
//!
//! `Slice` is the undo of an edit that changes the project's small parts together with the
//! data of a few counties in every year (adding, deleting or recoding a county, an import): it
//! keeps the small parts (everything but the county data, the boundaries and the scenarios),
//! those counties' data in every year, and any year the edit added, so a county added to a
//! project of thousands costs what that county and the county list cost.

use crate::model::{CountyPeriod, Period, Project};

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

/// The project's small parts and some counties' data in every year, as they were.
pub(super) struct Slice {
    /// The project without its periods, boundaries and scenarios (those stay in place).
    shell: Project,
    /// The years of the periods, in order.
    years: Vec<i32>,
    /// Whole periods to put back that are not in the project now (a year the edit removed).
    whole: Vec<Period>,
    /// (year, county code, data): the counties' data in the years present both before and now.
    data: Vec<(i32, String, Option<CountyPeriod>)>,
}

/// The project without its periods, boundaries and scenarios: moves those out, clones the
/// rest, puts them back.
fn shell_of(p: &mut Project) -> Project {
    let periods = std::mem::take(&mut p.periods);
    let boundaries = p.boundaries.take();
    let scenarios = std::mem::take(&mut p.scenarios);
    let shell = p.clone();
    p.periods = periods;
    p.boundaries = boundaries;
    p.scenarios = scenarios;
    shell
}

impl Slice {
    /// The project as it is now, for the counties `codes`: taken before an edit that changes
    /// only the small parts and those counties' data (and may add years).
    pub fn before(p: &mut Project, codes: &[String]) -> Slice {
        // Each county once: a code kept twice would be put back twice, the second time over
        // the value the first restored.
        let mut codes = codes.to_vec();
        codes.sort_unstable();
        codes.dedup();
        let data = p
            .periods
            .iter()
            .flat_map(|period| {
                codes
                    .iter()
                    .map(|c| (period.year, c.clone(), period.counties.get(c).cloned()))
            })
            .collect();
        Slice {
            shell: shell_of(p),
            years: p.periods.iter().map(|x| x.year).collect(),
            whole: Vec::new(),
            data,
        }
    }

    /// Whether every year of the snapshot is still in `p` (an edit that removed a year cannot
    /// be undone from a slice: its data were not kept).
    pub fn years_kept(&self, p: &Project) -> bool {
        self.years.iter().all(|y| p.period(*y).is_some())
    }

    /// Whether `p` differs from the snapshot in what the snapshot holds.
    pub fn changed(&self, p: &mut Project) -> bool {
        let years: Vec<i32> = p.periods.iter().map(|x| x.year).collect();
        years != self.years
            || self
                .data
                .iter()
                .any(|(y, c, d)| p.period(*y).and_then(|x| x.counties.get(c)) != d.as_ref())
            || shell_of(p) != self.shell
    }
}

impl Part for Slice {
    fn swap(&mut self, project: &mut Project) {
        // The small parts: swap the shell in, keeping the big parts where they are.
        let periods = std::mem::take(&mut project.periods);
        let boundaries = project.boundaries.take();
        let scenarios = std::mem::take(&mut project.scenarios);
        std::mem::swap(project, &mut self.shell);
        project.periods = periods;
        project.boundaries = boundaries;
        project.scenarios = scenarios;
        // Years: those not in the snapshot leave (kept whole for redo), kept ones come back.
        let now_years: Vec<i32> = project.periods.iter().map(|x| x.year).collect();
        let (keep, gone): (Vec<Period>, Vec<Period>) = std::mem::take(&mut project.periods)
            .into_iter()
            .partition(|x| self.years.contains(&x.year));
        project.periods = keep;
        project.periods.append(&mut self.whole);
        self.whole = gone;
        // The counties' data in the years both states have.
        for (year, code, d) in &mut self.data {
            if !now_years.contains(year) {
                continue;
            }
            let Some(period) = project.period_mut(*year) else {
                continue;
            };
            let now = match d.take() {
                Some(v) => period.counties.insert(code.clone(), v),
                None => period.counties.remove(code.as_str()),
            };
            *d = now;
        }
        // Years in the snapshot's order; what the project has now is the inverse's.
        let order = std::mem::replace(&mut self.years, now_years);
        project
            .periods
            .sort_by_key(|x| order.iter().position(|y| *y == x.year));
    }
}
