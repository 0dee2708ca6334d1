//! Land cover by ecosystem type (森林, 草地, 湿地, 农田, 城镇, 荒漠, 海洋): each land class
//! grouped by its type (`LandClass::ecosystem`, a custom class's own), per county for one
//! accounting year, and the colour of each type — what the map of dominant ecosystem types
//! (`MapQuantity::Ecosystem`) and the report's 区域概况 show.
//!
//! Areas are the project's land-cover inputs summed (hm²); nothing here is an accounting value.

use crate::model::Project;
use crate::registry::Registry;
use crate::view::chart::Rgb;

/// The colour of an ecosystem type on maps and in their legends; "" (a class without a type)
/// is grey. Conventional land-cover colours: dark green forest, light green grassland, blue
/// wetland, yellow farmland, red urban, sand desert, deep blue sea.
pub fn color(id: &str) -> Rgb {
    match id {
        "forest" => Rgb(86, 160, 90),
        "grassland" => Rgb(150, 200, 90),
        "wetland" => Rgb(70, 160, 200),
        "farmland" => Rgb(240, 210, 100),
        "urban" => Rgb(200, 80, 70),
        "desert" => Rgb(215, 190, 150),
        "sea" => Rgb(40, 90, 170),
        _ => Rgb(180, 180, 180),
    }
}

/// The land cover of a year by ecosystem type.
#[derive(Debug, Clone, PartialEq)]
pub struct Cover {
    /// Type ids in registry order, then "" for classes without a type.
    pub types: Vec<String>,
    /// Per project county (code) with land cover in the year: area by type (hm², same order
    /// as `types`).
    pub counties: Vec<(String, Vec<f64>)>,
}

/// The ecosystem type id of a land class: a custom class's own, else the registry's; "" when
/// it has none.
pub fn type_of<'a>(project: &'a Project, registry: &'a Registry, class: &str) -> &'a str {
    if let Some(c) = project.custom_land_classes.iter().find(|c| c.id == class) {
        return c.ecosystem.as_deref().unwrap_or("");
    }
    registry
        .land_class(class)
        .map_or("", |c| c.ecosystem.as_str())
}

impl Cover {
    /// The land cover of `year` by type for each of `codes` (every listed county, zeros when
    /// it has none).
    pub fn of<'c>(
        project: &Project,
        registry: &Registry,
        year: i32,
        codes: impl IntoIterator<Item = &'c str>,
    ) -> Cover {
        let mut types: Vec<String> = registry.ecosystems.iter().map(|e| e.id.clone()).collect();
        types.push(String::new());
        let period = project.period(year);
        let counties = codes
            .into_iter()
            .map(|code| {
                let mut by = vec![0.0; types.len()];
                let cover = period.and_then(|p| p.counties.get(code));
                for (class, hm2) in cover.map(|c| &c.land_cover).into_iter().flatten() {
                    by[slot(&types, type_of(project, registry, class))] += hm2;
                }
                (code.to_string(), by)
            })
            .collect();
        Cover { types, counties }
    }

    /// Index in `types` of a type id ("" and unknown ids: the last, untyped slot).
    pub fn slot(&self, id: &str) -> usize {
        slot(&self.types, id)
    }

    /// A county's largest type (index in `types`) and its share of the county's land cover;
    /// `None` without land cover.
    pub fn dominant(&self, code: &str) -> Option<(usize, f64)> {
        let (_, by) = self.counties.iter().find(|c| c.0 == code)?;
        let total: f64 = by.iter().filter(|v| **v > 0.0).sum();
        if total <= 0.0 {
            return None;
        }
        // The first of equal areas wins (registry order), so the result does not depend on
        // the order of the classes.
        let (k, v) =
            by.iter().enumerate().fold(
                (0, f64::NEG_INFINITY),
                |m, (i, v)| if *v > m.1 { (i, *v) } else { m },
            );
        Some((k, v / total))
    }
}

fn slot(types: &[String], id: &str) -> usize {
    types
        .iter()
        .position(|t| t == id)
        .unwrap_or(types.len() - 1)
}
