//! County boundaries the user brought for maps: outlines in longitude/latitude (WGS 84 or
//! CGCS2000, which differ by centimetres at map scale), already matched to the project's
//! counties by code, with the source line every map drawn from them prints.
//!
//! Saved inside the project so it opens on another PC without the original file. A project
//! without its own boundaries draws the bundled schematic outlines (`crate::boundaries`).
//! Serde only: reading GeoJSON/Shapefile is `io::boundaries`, drawing is `view::map`.

use serde::{Deserialize, Serialize};

/// The user's boundaries, one entry per matched county.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Boundaries {
    /// Who published them and under what approval, printed under every map drawn from them
    /// (e.g. "江西省自然资源厅标准地图，审图号：赣S（2023）012号").
    pub source: String,
    /// Name of the file they were imported from (no folder), for the record.
    #[serde(default)]
    pub file_name: String,
    /// The attribute features were matched by (e.g. "PAC", "NAME").
    #[serde(default)]
    pub matched_by: String,
    pub shapes: Vec<CountyShape>,
}

/// One county's outline: one or more polygons (islands, exclaves), each possibly with holes.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountyShape {
    /// The project county's 6-digit code.
    pub county: String,
    pub polygons: Vec<Polygon>,
}

/// A polygon in degrees: `[longitude, latitude]` points, rings not repeating their first point.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Polygon {
    pub exterior: Vec<[f64; 2]>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub holes: Vec<Vec<[f64; 2]>>,
}
