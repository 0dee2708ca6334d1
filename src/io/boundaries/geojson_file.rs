//! GeoJSON boundary files: a FeatureCollection, a single Feature or a bare geometry; Polygon,
//! MultiPolygon (and polygons inside a GeometryCollection); the old `crs` member. Each feature
//! is read on its own, so one bad feature is listed without losing the others.

use serde_json::Value;

use super::geometry::RawPolygon;
use super::{BoundaryError, Invalid, RawFeature, RawFile};

/// Reads GeoJSON text. `max_points` bounds the points read (the file is refused above it).
pub fn read(bytes: &[u8], max_points: usize) -> Result<RawFile, BoundaryError> {
    let v: Value = serde_json::from_slice(bytes).map_err(|e| BoundaryError::BadJson {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    let crs = v
        .pointer("/crs/properties/name")
        .and_then(Value::as_str)
        .map(str::to_string);
    let kind = v.get("type").and_then(Value::as_str).unwrap_or_default();
    let list: Vec<&Value> = match kind {
        "FeatureCollection" => v
            .get("features")
            .and_then(Value::as_array)
            .map(|a| a.iter().collect())
            .unwrap_or_default(),
        "Feature" => vec![&v],
        "" => return Err(BoundaryError::NotGeoJson),
        _ => vec![&v],
    };
    let mut points = 0usize;
    let mut features = Vec::with_capacity(list.len());
    for (i, f) in list.into_iter().enumerate() {
        let (attributes, geometry) = if f.get("type").and_then(Value::as_str) == Some("Feature") {
            (attributes(f), f.get("geometry").unwrap_or(&Value::Null))
        } else {
            (Vec::new(), f)
        };
        let geometry = polygons(geometry);
        if let Ok(g) = &geometry {
            points += g.iter().flatten().map(Vec::len).sum::<usize>();
            if points > max_points {
                return Err(BoundaryError::TooManyPoints { limit: max_points });
            }
        }
        features.push(RawFeature {
            index: i + 1,
            attributes,
            geometry,
        });
    }
    Ok(RawFile {
        fields: field_names(&features),
        features,
        crs,
        encoding: None,
    })
}

/// The fields in the order they first appear.
fn field_names(features: &[RawFeature]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for f in features {
        for (k, _) in &f.attributes {
            if !names.contains(k) {
                names.push(k.clone());
            }
        }
    }
    names
}

/// `properties` as text, and the feature's `id` (files often carry the code there) first.
fn attributes(f: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Some(id) = f.get("id").map(text).filter(|s| !s.is_empty()) {
        out.push(("id".to_string(), id));
    }
    if let Some(props) = f.get("properties").and_then(Value::as_object) {
        for (k, v) in props {
            if !v.is_object() && !v.is_array() {
                out.push((k.clone(), text(v)));
            }
        }
    }
    out
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => match n.as_f64() {
            // 361028.0 is the code 361028.
            Some(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{}", x as i64),
            _ => n.to_string(),
        },
        Value::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

fn polygons(g: &Value) -> Result<Vec<RawPolygon>, Invalid> {
    if g.is_null() {
        return Err(Invalid::NoGeometry);
    }
    let kind = g.get("type").and_then(Value::as_str).unwrap_or_default();
    let coords = g.get("coordinates");
    match kind {
        "Polygon" => Ok(vec![polygon(coords.ok_or(Invalid::NoGeometry)?)?]),
        "MultiPolygon" => coords
            .and_then(Value::as_array)
            .ok_or(Invalid::NoGeometry)?
            .iter()
            .map(polygon)
            .collect(),
        "GeometryCollection" => {
            let mut out = Vec::new();
            for part in g
                .get("geometries")
                .and_then(Value::as_array)
                .ok_or(Invalid::NoGeometry)?
            {
                out.extend(polygons(part)?);
            }
            Ok(out)
        }
        other => Err(Invalid::NotPolygon(other.to_string())),
    }
}

fn polygon(v: &Value) -> Result<RawPolygon, Invalid> {
    v.as_array()
        .ok_or(Invalid::NoGeometry)?
        .iter()
        .map(|ring| {
            ring.as_array()
                .ok_or(Invalid::NoGeometry)?
                .iter()
                .map(|p| {
                    let x = p.get(0).and_then(Value::as_f64);
                    let y = p.get(1).and_then(Value::as_f64);
                    match (x, y) {
                        (Some(x), Some(y)) => Ok([x, y]),
                        _ => Err(Invalid::NotFinite),
                    }
                })
                .collect()
        })
        .collect()
}
