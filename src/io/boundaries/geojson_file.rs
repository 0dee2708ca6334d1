//! GeoJSON boundary files: a FeatureCollection, a single Feature or a bare geometry; Polygon,
//! MultiPolygon (and polygons inside a GeometryCollection); the old `crs` member. Each feature
//! is read on its own, so one bad feature is listed without losing the others.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::geometry::RawPolygon;
use super::{BoundaryError, Invalid, RawFeature, RawFile};

/// Reads GeoJSON text. `max_points` bounds the points read (the file is refused above it).
///
/// The `features` array is read one feature at a time, each converted to points and its JSON
/// tree dropped, so memory stays near the file's size plus one feature's tree rather than the
/// whole file's tree (about ten times its size).
pub fn read(bytes: &[u8], max_points: usize) -> Result<RawFile, BoundaryError> {
    let mut state = State {
        max_points,
        points: 0,
        too_many: false,
        features: Vec::new(),
    };
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let top = (&mut state)
        .deserialize(&mut de)
        .and_then(|t| de.end().map(|()| t));
    if state.too_many {
        return Err(BoundaryError::TooManyPoints { limit: max_points });
    }
    let top = top.map_err(|e| BoundaryError::BadJson {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    let crs = top
        .get("crs")
        .and_then(|c| c.pointer("/properties/name"))
        .and_then(Value::as_str)
        .map(str::to_string);
    match top.get("type").and_then(Value::as_str).unwrap_or_default() {
        "FeatureCollection" => {}
        "" => return Err(BoundaryError::NotGeoJson),
        // A single Feature or a bare geometry: the top object is the one feature.
        _ => {
            let v = Value::Object(top);
            if !state.add(&v) {
                return Err(BoundaryError::TooManyPoints { limit: max_points });
            }
        }
    }
    Ok(RawFile {
        fields: field_names(&state.features),
        features: state.features,
        crs,
        encoding: None,
    })
}

/// The features read so far and the points they hold.
struct State {
    max_points: usize,
    points: usize,
    too_many: bool,
    features: Vec<RawFeature>,
}

impl State {
    /// Converts one feature (or bare geometry); false once the points exceed the limit.
    fn add(&mut self, f: &Value) -> bool {
        let (attributes, geometry) = if f.get("type").and_then(Value::as_str) == Some("Feature") {
            (attributes(f), f.get("geometry").unwrap_or(&Value::Null))
        } else {
            (Vec::new(), f)
        };
        let geometry = polygons(geometry);
        if let Ok(g) = &geometry {
            self.points += g.iter().flatten().map(Vec::len).sum::<usize>();
            if self.points > self.max_points {
                self.too_many = true;
                return false;
            }
        }
        self.features.push(RawFeature {
            index: self.features.len() + 1,
            attributes,
            geometry,
        });
        true
    }
}

/// The top-level object: every member kept as JSON but `features`, converted as it is read.
impl<'de> DeserializeSeed<'de> for &mut State {
    type Value = Map<String, Value>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for &mut State {
    type Value = Map<String, Value>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a GeoJSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut top = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if key == "features" {
                map.next_value_seed(Features(&mut *self))?;
            } else {
                top.insert(key, map.next_value()?);
            }
        }
        Ok(top)
    }
}

/// The `features` array, one element at a time.
struct Features<'a>(&'a mut State);

impl<'de> DeserializeSeed<'de> for Features<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Features<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of features")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(v) = seq.next_element::<Value>()? {
            if !self.0.add(&v) {
                return Err(de::Error::custom("too many points"));
            }
        }
        Ok(())
    }

    /// `features` that is not an array (e.g. null) holds no feature.
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(())
    }
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
