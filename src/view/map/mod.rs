//! The map model: a choropleth of one account quantity over the counties' outlines, already
//! projected to a plane, with its classes and legend, county labels that do not collide, a
//! scale bar, a north arrow, payer → receiver flows and the lines every map must print (the
//! schematic notice for bundled outlines, or the user's stated source).
//!
//! `build` fills a `MapScene` from the outlines (`crate::boundaries`) and the accounts; `svg`
//! writes it as a self-contained SVG (reports, `gep-calc map`, the app's export) and `png`
//! rasterises that SVG; the desktop app draws the same scene on screen and converts `Rgb` at
//! its edge. Nothing here computes an accounting number or names a GUI toolkit: values arrive
//! from the accounts, converted to display units.
//!
//! Plane coordinates are kilometres east and north of the outlines' centre (an
//! equirectangular projection scaled by the cosine of the centre's latitude: at county and
//! province scale its distortion is below the line width, and it keeps the scale bar honest
//! at the map's centre). y grows northwards; screen renderers flip it.

pub mod build;
pub mod classes;
pub mod ecosystem;
pub mod extras;
pub mod geometry;
pub mod png;
pub mod svg;

pub use build::{MapError, scene, scene_with_labels};
pub use extras::{Extras, extras};

/// The map's file bytes in `format` (as the charts page exports charts): the SVG at its
/// default width, or a PNG `png_width` pixels wide.
pub fn to_bytes(
    scene: &MapScene,
    format: crate::view::chart::render::Format,
    png_width: u32,
    lang: crate::i18n::Lang,
) -> Result<Vec<u8>, crate::view::chart::render::ExportError> {
    match format {
        crate::view::chart::render::Format::Svg => {
            Ok(svg::to_svg(scene, svg::DEFAULT_WIDTH, lang).into_bytes())
        }
        crate::view::chart::render::Format::Png => png::to_png(scene, png_width, lang),
    }
}

use crate::view::chart::Rgb;

#[cfg(test)]
mod tests;

/// What the map shows. Every quantity is per county for one accounting year.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum MapQuantity {
    /// GEP of the framework shown.
    #[default]
    Gep,
    /// GEP per km² of county land area.
    GepPerKm2,
    /// GEP per resident.
    GepPerCapita,
    /// GEP ÷ GDP.
    GepPerGdp,
    /// One category's value (物质产品 / 调节服务 / 文化服务).
    Category(crate::registry::Category),
    /// One indicator's value, by indicator id (built-in or custom).
    Indicator(String),
    /// Ecosystem service value by the equivalent-factor method.
    Esv,
    /// Real (constant-price) GEP growth against the previous accounting year, in %.
    RealGrowth,
    /// Compensation amount of the project's scenario: positive = receives, negative = pays
    /// (diverging colours around zero).
    Compensation,
    /// Compensation priority class (ECPS), as classes rather than a continuous scale.
    PriorityClass,
    /// Each county's dominant ecosystem type (the largest land-cover area grouped by
    /// `LandClass::ecosystem`), as categories; the value is that type's share of the county.
    Ecosystem,
}

/// How values are grouped into colour classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MapClassing {
    /// Jenks natural breaks.
    #[default]
    Jenks,
    Quantiles,
    EqualInterval,
}

/// What the caller asks for.
#[derive(Debug, Clone, PartialEq)]
pub struct MapRequest {
    pub quantity: MapQuantity,
    pub year: i32,
    pub classing: MapClassing,
    /// Number of colour classes (3–7).
    pub classes: usize,
}

/// A finished map, ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct MapScene {
    /// Title as printed ("2022年各县（市、区）GEP").
    pub title: String,
    /// Suggested file name without extension (ASCII), e.g. "map_gep_2022".
    pub file_stem: String,
    /// Extent of all outlines in plane km: [min x, min y, max x, max y].
    pub bounds: [f64; 4],
    /// One entry per project county that has an outline, in the project's county order.
    pub areas: Vec<MapArea>,
    pub legend: Legend,
    /// Payer → receiver arrows (horizontal compensation); empty otherwise.
    pub flows: Vec<Flow>,
    pub scale_bar: ScaleBar,
    /// Lines printed under the map: the schematic notice or the user's source, then the data
    /// line (framework, year, price basis).
    pub notes: Vec<String>,
    /// Project counties with no outline (named, so the user can fix the boundaries).
    pub missing: Vec<String>,
    /// Font size (em) of a full-size county label in plane km: labels were placed so that
    /// their boxes (`geometry::label_box`) do not overlap at this size, at any zoom.
    pub label_size: f64,
}

/// One county on the map.
#[derive(Debug, Clone, PartialEq)]
pub struct MapArea {
    pub county: String,
    /// The county's name in the map's language.
    pub name: String,
    /// Polygons in plane km: exterior then holes.
    pub polygons: Vec<PlanePolygon>,
    /// The filled polygons as triangles (holes and islands resolved), for renderers that can
    /// only fill convex shapes.
    pub triangles: Vec<[[f64; 2]; 3]>,
    /// Value in the legend's display unit; `None` = not computed (drawn hatched/grey).
    pub value: Option<f64>,
    /// The value as printed, with its unit ("12.34 亿元"), or why there is none.
    pub value_text: String,
    pub fill: Rgb,
    /// Index of the county's class in `Legend::entries`; `None` = no value (the legend's last
    /// entry then says why).
    pub class: Option<usize>,
    /// Where the label goes; `None` = left out because it would collide with another.
    pub label_at: Option<[f64; 2]>,
    /// Font size (em) of the label in plane km: `MapScene::label_size`, or smaller when only
    /// a smaller label fits; 0 without a label.
    pub label_size: f64,
    /// Label–value lines shown when the pointer rests on the county.
    pub details: Vec<(String, String)>,
}

/// A polygon in plane km.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PlanePolygon {
    pub exterior: Vec<[f64; 2]>,
    pub holes: Vec<Vec<[f64; 2]>>,
}

/// The legend: title with the display unit, then one swatch per class.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Legend {
    pub title: String,
    pub entries: Vec<(Rgb, String)>,
}

/// One payer → receiver arrow.
#[derive(Debug, Clone, PartialEq)]
pub struct Flow {
    pub from: String,
    pub to: String,
    pub from_at: [f64; 2],
    pub to_at: [f64; 2],
    /// Stroke width in points, proportional to the amount.
    pub width: f64,
    /// The amount as printed.
    pub label: String,
}

/// A scale bar: its length in plane km and its label ("50 公里").
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ScaleBar {
    pub km: f64,
    pub label: String,
}

/// What a map is built from: the project (outlines, names, areas), the registry (indicator
/// names), the accounts of `MapRequest::year` and, when the quantity needs them, the
/// compensation outcome of that year and the growth against the previous accounting year.
///
/// The builder is `build::scene(&MapInputs, &MapRequest) -> Result<MapScene, _>`.
#[derive(Clone, Copy)]
pub struct MapInputs<'a> {
    pub project: &'a crate::model::Project,
    pub registry: &'a crate::registry::Registry,
    pub accounts: &'a crate::engine::Accounts,
    pub compensation: Option<&'a crate::engine::compensation::scenario::Outcome>,
    pub growth: Option<&'a crate::engine::growth::Growth>,
    pub lang: crate::i18n::Lang,
}
