//! Setting a project up: a new project from its metadata, years and counties, and the
//! changes the project-settings form makes later, one at a time.
//!
//! The new-project wizard, project settings and `gep-calc new` all go through here, so a
//! project made by any of them has the same shape. Each `SetupChange` is one user action (the
//! app makes it one undo step); a change that does not apply (a year already there, a county
//! already listed) leaves the project as it is.

use super::{County, Period, Project};
use crate::i18n::Text;

/// What the wizard or `gep-calc new` collects.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NewProject {
    pub name: String,
    pub region: String,
    pub organisation: String,
    /// Framework id; empty = the default of `Project::empty`.
    pub framework: String,
    pub years: Vec<i32>,
    pub counties: Vec<County>,
}

impl NewProject {
    /// The project: one empty period per year (sorted, without repeats), the counties in the
    /// order given (repeated codes once).
    pub fn build(&self) -> Project {
        let mut p = Project::empty(self.name.trim());
        p.meta.region = self.region.trim().to_string();
        p.meta.organisation = self.organisation.trim().to_string();
        if !self.framework.is_empty() {
            p.meta.framework = self.framework.clone();
        }
        for y in &self.years {
            p.apply_setup(&SetupChange::AddYear(*y));
        }
        p.apply_setup(&SetupChange::AddCounties(self.counties.clone()));
        p
    }
}

/// A county as the list or the user names it: land area not known yet (0 until entered).
pub fn new_county(code: &str, name: &str, prefecture: Option<&str>) -> County {
    County {
        code: code.trim().to_string(),
        name: Text::new(name.trim(), ""),
        land_area_hm2: 0.0,
        prefecture: prefecture.map(str::to_string),
    }
}

/// One action of the project-settings form.
#[derive(Debug, Clone, PartialEq)]
pub enum SetupChange {
    Name(String),
    Region(String),
    Organisation(String),
    /// The date printed on the report's cover.
    ReportDate(String),
    Framework(String),
    /// An empty accounting year.
    AddYear(i32),
    /// Removes the year and all its data.
    RemoveYear(i32),
    /// A new year holding a copy of another year's data (land cover, inputs, population, GDP).
    CopyYear {
        from: i32,
        to: i32,
    },
    /// Counties added at the end (codes already in the project are skipped).
    AddCounties(Vec<County>),
    /// Removes the county and its data in every year.
    RemoveCounty(String),
}

impl Project {
    /// Applies one set-up change; returns whether the project changed.
    pub fn apply_setup(&mut self, change: &SetupChange) -> bool {
        let before = self.clone();
        match change {
            SetupChange::Name(s) => self.meta.name = s.trim().to_string(),
            SetupChange::Region(s) => self.meta.region = s.trim().to_string(),
            SetupChange::Organisation(s) => self.meta.organisation = s.trim().to_string(),
            SetupChange::ReportDate(s) => self.meta.report_date = s.trim().to_string(),
            SetupChange::Framework(s) => self.meta.framework = s.clone(),
            SetupChange::AddYear(y) => self.insert_period(*y, Default::default()),
            SetupChange::RemoveYear(y) => self.periods.retain(|p| p.year != *y),
            SetupChange::CopyYear { from, to } => {
                if let Some(src) = self.period(*from).map(|p| p.counties.clone()) {
                    self.insert_period(*to, src);
                }
            }
            SetupChange::AddCounties(list) => {
                for c in list {
                    if self.county(&c.code).is_none() {
                        self.counties.push(c.clone());
                    }
                }
            }
            SetupChange::RemoveCounty(code) => {
                self.counties.retain(|c| c.code != *code);
                for p in &mut self.periods {
                    p.counties.remove(code);
                }
            }
        }
        *self != before
    }

    /// Adds a period in year order unless the year is there already.
    fn insert_period(
        &mut self,
        year: i32,
        counties: std::collections::BTreeMap<String, super::CountyPeriod>,
    ) {
        if self.period(year).is_none() {
            let at = self.periods.partition_point(|p| p.year < year);
            self.periods.insert(at, Period { year, counties });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CountyPeriod;

    fn two_counties() -> Vec<County> {
        vec![
            new_county("361028", "资溪县", Some("抚州市")),
            new_county("361099", "试验县", None),
            new_county("361028", "资溪县", Some("抚州市")),
        ]
    }

    #[test]
    fn build_makes_sorted_years_and_distinct_counties() {
        let p = NewProject {
            name: " 抚州市GEP ".into(),
            region: "江西省抚州市".into(),
            organisation: "某研究院".into(),
            framework: "ndrc2022".into(),
            years: vec![2022, 2021, 2022],
            counties: two_counties(),
        }
        .build();
        assert_eq!(p.meta.name, "抚州市GEP");
        assert_eq!(p.meta.organisation, "某研究院");
        assert_eq!(p.meta.framework, "ndrc2022");
        let years: Vec<i32> = p.periods.iter().map(|p| p.year).collect();
        assert_eq!(years, [2021, 2022]);
        let codes: Vec<&str> = p.counties.iter().map(|c| c.code.as_str()).collect();
        assert_eq!(codes, ["361028", "361099"]);
        assert_eq!(p.counties[0].prefecture.as_deref(), Some("抚州市"));
    }

    #[test]
    fn copy_year_copies_data_and_remove_county_drops_it_everywhere() {
        let mut p = NewProject {
            name: "x".into(),
            years: vec![2021],
            counties: two_counties(),
            ..Default::default()
        }
        .build();
        let mut cp = CountyPeriod::default();
        cp.land_cover.insert("forest".into(), 1234.5);
        p.periods[0].counties.insert("361028".into(), cp);
        assert!(p.apply_setup(&SetupChange::CopyYear {
            from: 2021,
            to: 2023
        }));
        assert_eq!(
            p.period(2023).expect("2023").counties["361028"].land_cover["forest"],
            1234.5
        );
        // The target year exists already, the source does not: nothing changes.
        assert!(!p.apply_setup(&SetupChange::CopyYear {
            from: 2021,
            to: 2023
        }));
        assert!(!p.apply_setup(&SetupChange::CopyYear {
            from: 2019,
            to: 2024
        }));
        assert!(p.apply_setup(&SetupChange::AddYear(2022)));
        let years: Vec<i32> = p.periods.iter().map(|p| p.year).collect();
        assert_eq!(years, [2021, 2022, 2023]);
        assert!(p.apply_setup(&SetupChange::RemoveCounty("361028".into())));
        assert!(p.periods.iter().all(|x| !x.counties.contains_key("361028")));
        assert_eq!(p.counties.len(), 1);
        assert!(p.apply_setup(&SetupChange::RemoveYear(2021)));
        assert!(p.period(2021).is_none());
    }
}
