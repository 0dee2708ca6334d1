//! Importing the user's county boundaries: read a GeoJSON or ESRI Shapefile (`read`), match its
//! features to the project's counties (`preview` → `BoundaryImport`, which lists matched,
//! unmatched and invalid features, unmatched counties and duplicate codes), and, once the user
//! accepts, put them in the project (`apply`). Nothing in the project changes before `apply`.
//!
//! Bounds: files over `MAX_BYTES` or with more than `MAX_POINTS` points are refused; the
//! matched outlines are simplified (Douglas–Peucker, from `BASE_TOLERANCE` up, doubling until
//! at most `KEEP_POINTS` points remain) so projects stay small and maps draw fast.
//! `crs` converts projected coordinates; `matching` finds the counties.

pub mod crs;
mod geojson_file;
mod geometry;
pub mod matching;
mod report;
pub mod shapefile_file;

use std::path::Path;

use crate::i18n::Lang;
use crate::model::Project;
use crate::model::boundaries::{Boundaries, CountyShape, Polygon};
pub use crs::Crs;
pub use matching::MatchBy;

/// Largest boundary file read (the `.shp` and `.dbf` together).
pub const MAX_BYTES: u64 = 200 * 1024 * 1024;
/// Most points read from a file.
pub const MAX_POINTS: usize = 10_000_000;
/// Most points kept for the matched counties.
pub const KEEP_POINTS: usize = 100_000;
/// First simplification tolerance, degrees (about 50 m, below a pixel of a county map).
pub const BASE_TOLERANCE: f64 = 0.0005;

/// Why a feature cannot be used.
#[derive(Debug, Clone, PartialEq)]
pub enum Invalid {
    /// No geometry, or an empty one.
    NoGeometry,
    /// A point, line or other geometry that is not a polygon (its type).
    NotPolygon(String),
    /// A ring of fewer than three distinct points.
    TooFewPoints,
    /// A coordinate that is not a number (NaN, infinite, text).
    NotFinite,
    /// A point outside longitude ±180°, latitude ±90° (as in the file).
    OutOfRange([f64; 2]),
}

/// Why a file cannot be imported at all.
#[derive(Debug, thiserror::Error)]
pub enum BoundaryError {
    #[error("cannot read {file}: {cause}")]
    Read { file: String, cause: std::io::Error },
    #[error("{file}: {bytes} bytes, over the limit")]
    TooLarge { file: String, bytes: u64 },
    #[error("more than {limit} points")]
    TooManyPoints { limit: usize },
    #[error("not a boundary file: {file}")]
    UnknownFormat { file: String },
    #[error("JSON line {line} column {column}: {message}")]
    BadJson {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("not GeoJSON")]
    NotGeoJson,
    #[error("damaged file {file}")]
    BadFile { file: String },
    #[error("missing {part}")]
    MissingPart { part: String },
    #[error("unsupported CRS {name}")]
    UnsupportedCrs { name: String },
    #[error("coordinates look projected: {x}, {y}")]
    LooksProjected { x: f64, y: f64 },
    #[error("no feature has a usable geometry")]
    NoFeatures,
    #[error("field {field} not in the file")]
    NoSuchField { field: String, fields: Vec<String> },
    #[error("no feature matches a county")]
    NoMatch {
        field: Option<String>,
        fields: Vec<String>,
    },
}

impl BoundaryError {
    /// The message in `lang`, naming the file, field or value and the fix.
    pub fn message(&self, lang: Lang) -> String {
        report::error_message(self, lang)
    }
}

/// A file as read, coordinates as in the file.
#[derive(Debug, Clone)]
pub struct RawFile {
    pub fields: Vec<String>,
    pub features: Vec<RawFeature>,
    /// The CRS as the file states it: a GeoJSON `crs` name, or `WKT:` and a `.prj` text.
    pub crs: Option<String>,
    /// Attribute text encoding (Shapefile).
    pub encoding: Option<String>,
}

/// One feature as read.
#[derive(Debug, Clone)]
pub struct RawFeature {
    /// 1-based position in the file.
    pub index: usize,
    pub attributes: Vec<(String, String)>,
    pub geometry: Result<Vec<geometry::RawPolygon>, Invalid>,
}

/// A boundary file read and converted to longitude/latitude.
#[derive(Debug, Clone)]
pub struct BoundaryFile {
    /// File name without folder.
    pub file_name: String,
    pub fields: Vec<String>,
    pub features: Vec<Feature>,
    /// The CRS's name, and whether the file stated it (else lon/lat WGS 84 was assumed).
    pub crs: String,
    pub crs_stated: bool,
    pub encoding: Option<String>,
}

/// One feature in longitude/latitude.
#[derive(Debug, Clone)]
pub struct Feature {
    pub index: usize,
    pub attributes: Vec<(String, String)>,
    pub polygons: Result<Vec<Polygon>, Invalid>,
}

impl Feature {
    /// The value of `field` (case-insensitive name).
    pub fn value(&self, field: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(field))
            .map(|(_, v)| v.as_str())
    }

    /// A short description: its position and first attributes (`#3 PAC=361028 NAME=资溪县`).
    pub fn label(&self) -> String {
        let mut s = format!("#{}", self.index);
        for (k, v) in self.attributes.iter().take(3) {
            let v: String = v.chars().take(24).collect();
            s.push_str(&format!(" {k}={v}"));
        }
        s
    }
}

/// Reads a `.geojson`/`.json` or `.shp` file (with its `.dbf`, `.prj`, `.cpg`).
pub fn read(path: &Path) -> Result<BoundaryFile, BoundaryError> {
    let file = path.display().to_string();
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    let read_err = |cause: std::io::Error| BoundaryError::Read {
        file: file.clone(),
        cause,
    };
    let raw = match ext.as_str() {
        "geojson" | "json" => {
            let bytes = size(path);
            if bytes > MAX_BYTES {
                return Err(BoundaryError::TooLarge { file, bytes });
            }
            geojson_file::read(&std::fs::read(path).map_err(read_err)?, MAX_POINTS)?
        }
        "shp" => {
            std::fs::metadata(path).map_err(read_err)?;
            let bytes = size(path) + size(&path.with_extension("dbf"));
            if bytes > MAX_BYTES {
                return Err(BoundaryError::TooLarge { file, bytes });
            }
            shapefile_file::read(path, MAX_POINTS)?
        }
        _ => return Err(BoundaryError::UnknownFormat { file }),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    convert(raw, &name)
}

/// Reads GeoJSON text (as `read` does a `.geojson` file).
pub fn read_geojson_bytes(bytes: &[u8], file_name: &str) -> Result<BoundaryFile, BoundaryError> {
    if bytes.len() as u64 > MAX_BYTES {
        return Err(BoundaryError::TooLarge {
            file: file_name.into(),
            bytes: bytes.len() as u64,
        });
    }
    convert(geojson_file::read(bytes, MAX_POINTS)?, file_name)
}

/// The file's CRS applied: every feature in lon/lat, or the reason it is invalid.
fn convert(raw: RawFile, file_name: &str) -> Result<BoundaryFile, BoundaryError> {
    let stated = raw.crs.as_deref().map(|c| match c.strip_prefix("WKT:") {
        Some(wkt) => crs::from_wkt(wkt),
        None => crs::from_name(c),
    });
    let crs = match stated.clone() {
        Some(Crs::Unsupported { name }) => return Err(BoundaryError::UnsupportedCrs { name }),
        Some(c) => c,
        None => {
            // RFC 7946: GeoJSON is lon/lat WGS 84. Coordinates beyond ±180/±90 mean a projected
            // file that lost its `.prj`: refuse rather than guess.
            if let Some(p) = first_point_out_of_range(&raw) {
                return Err(BoundaryError::LooksProjected { x: p[0], y: p[1] });
            }
            Crs::LonLat {
                name: "WGS 84".into(),
            }
        }
    };
    let features: Vec<Feature> = raw
        .features
        .into_iter()
        .map(|f| Feature {
            index: f.index,
            polygons: f.geometry.and_then(|g| geometry::to_lon_lat(&g, &crs)),
            attributes: f.attributes,
        })
        .collect();
    if features.is_empty() {
        return Err(BoundaryError::NoFeatures);
    }
    Ok(BoundaryFile {
        file_name: file_name.to_string(),
        fields: raw.fields,
        features,
        crs: crs.name().to_string(),
        crs_stated: stated.is_some(),
        encoding: raw.encoding,
    })
}

/// A point beyond lon/lat range when most features' first points are (a projected file).
fn first_point_out_of_range(raw: &RawFile) -> Option<[f64; 2]> {
    let firsts: Vec<[f64; 2]> = raw
        .features
        .iter()
        .filter_map(|f| f.geometry.as_ref().ok()?.first()?.first()?.first().copied())
        .collect();
    let out: Vec<&[f64; 2]> = firsts
        .iter()
        .filter(|p| p[0].abs() > 180.0 || p[1].abs() > 90.0)
        .collect();
    (out.len() * 2 > firsts.len()).then(|| *out[0])
}

/// How a county was found.
#[derive(Debug, Clone, PartialEq)]
pub struct Matched {
    pub county: String,
    pub features: Vec<usize>,
    /// Found by name only when the 县/区/市 suffix was ignored (the file's value).
    pub by_suffix: Option<String>,
}

/// What importing a file would do, for the user to accept.
#[derive(Debug, Clone)]
pub struct BoundaryImport {
    pub file_name: String,
    /// The field matched by and whether it holds names (else codes).
    pub field: String,
    pub by_name: bool,
    pub crs: String,
    pub crs_stated: bool,
    pub encoding: Option<String>,
    /// Project counties found, in the project's order.
    pub matched: Vec<Matched>,
    /// Features of the file (labels) that are no county of the project.
    pub unmatched_features: Vec<String>,
    /// Project counties (code, name) the file lacks.
    pub unmatched_counties: Vec<(String, String)>,
    /// Counties several features match (code, feature labels); their polygons are joined.
    pub duplicates: Vec<(String, Vec<String>)>,
    /// Features that cannot be used (label, why).
    pub invalid: Vec<(String, Invalid)>,
    /// The outlines to store, simplified.
    pub shapes: Vec<CountyShape>,
    pub tolerance_deg: f64,
    pub points_read: usize,
    pub points_kept: usize,
}

impl BoundaryImport {
    /// Whether the user must accept before anything is imported: some features are invalid,
    /// unmatched or duplicate.
    pub fn needs_accept(&self) -> bool {
        !self.invalid.is_empty()
            || !self.unmatched_features.is_empty()
            || !self.duplicates.is_empty()
    }

    /// The report, line by line, in `lang`.
    pub fn lines(&self, lang: Lang) -> Vec<String> {
        report::lines(self, lang)
    }

    /// The boundaries to save, with the source line maps will print.
    pub fn boundaries(&self, source: &str) -> Boundaries {
        Boundaries {
            source: source.trim().to_string(),
            file_name: self.file_name.clone(),
            matched_by: self.field.clone(),
            shapes: self.shapes.clone(),
        }
    }
}

/// Matches the file's features to the project's counties.
pub fn preview(
    file: &BoundaryFile,
    project: &Project,
    by: &MatchBy,
) -> Result<BoundaryImport, BoundaryError> {
    let values = |field: &str| -> Vec<String> {
        file.features
            .iter()
            .filter(|f| f.polygons.is_ok())
            .filter_map(|f| f.value(field).map(str::to_string))
            .collect()
    };
    let Some((field, by_name)) = matching::choose_field(project, &file.fields, &values, by) else {
        return Err(match by {
            MatchBy::Code(f) | MatchBy::Name(f) => BoundaryError::NoSuchField {
                field: f.clone(),
                fields: file.fields.clone(),
            },
            MatchBy::Auto => BoundaryError::NoMatch {
                field: None,
                fields: file.fields.clone(),
            },
        });
    };
    let mut per_county: Vec<Vec<&Feature>> = vec![Vec::new(); project.counties.len()];
    let mut suffix: Vec<Option<String>> = vec![None; project.counties.len()];
    let mut unmatched_features = Vec::new();
    let mut invalid = Vec::new();
    for f in &file.features {
        if let Err(why) = &f.polygons {
            invalid.push((f.label(), why.clone()));
            continue;
        }
        let value = f.value(&field).unwrap_or_default();
        match matching::county_of(project, by_name, value) {
            Some((i, by_suffix)) => {
                per_county[i].push(f);
                if by_suffix {
                    suffix[i] = Some(value.to_string());
                }
            }
            None => unmatched_features.push(f.label()),
        }
    }
    if per_county.iter().all(Vec::is_empty) {
        return Err(BoundaryError::NoMatch {
            field: Some(field),
            fields: file.fields.clone(),
        });
    }
    let mut matched = Vec::new();
    let mut duplicates = Vec::new();
    let mut unmatched_counties = Vec::new();
    let mut raw_shapes = Vec::new();
    for (i, c) in project.counties.iter().enumerate() {
        let fs = &per_county[i];
        if fs.is_empty() {
            unmatched_counties.push((c.code.clone(), c.name.zh.clone()));
            continue;
        }
        if fs.len() > 1 {
            duplicates.push((c.code.clone(), fs.iter().map(|f| f.label()).collect()));
        }
        matched.push(Matched {
            county: c.code.clone(),
            features: fs.iter().map(|f| f.index).collect(),
            by_suffix: suffix[i].take(),
        });
        raw_shapes.push(CountyShape {
            county: c.code.clone(),
            polygons: fs
                .iter()
                .flat_map(|f| f.polygons.iter().flatten().cloned())
                .collect(),
        });
    }
    let points_read: usize = raw_shapes
        .iter()
        .map(|s| geometry::points(&s.polygons))
        .sum();
    let (shapes, tolerance_deg, points_kept) = simplify_all(&raw_shapes);
    Ok(BoundaryImport {
        file_name: file.file_name.clone(),
        field,
        by_name,
        crs: file.crs.clone(),
        crs_stated: file.crs_stated,
        encoding: file.encoding.clone(),
        matched,
        unmatched_features,
        unmatched_counties,
        duplicates,
        invalid,
        shapes,
        tolerance_deg,
        points_read,
        points_kept,
    })
}

/// The shapes simplified from `BASE_TOLERANCE` up until at most `KEEP_POINTS` remain.
fn simplify_all(shapes: &[CountyShape]) -> (Vec<CountyShape>, f64, usize) {
    let mut tol = BASE_TOLERANCE;
    loop {
        let out: Vec<CountyShape> = shapes
            .iter()
            .map(|s| CountyShape {
                county: s.county.clone(),
                polygons: geometry::simplify(&s.polygons, tol),
            })
            .collect();
        let kept: usize = out.iter().map(|s| geometry::points(&s.polygons)).sum();
        // 0.05° (about 5 km) is as coarse as a county outline may get.
        if kept <= KEEP_POINTS || tol >= 0.05 {
            return (out, tol, kept);
        }
        tol *= 2.0;
    }
}

/// Stores the accepted boundaries in the project (replacing any it had).
pub fn apply(project: &mut Project, import: &BoundaryImport, source: &str) {
    project.boundaries = Some(import.boundaries(source));
}

#[cfg(test)]
mod tests;
