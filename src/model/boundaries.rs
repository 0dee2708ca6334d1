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
///
/// Saved as one line of text per ring (`"116.5 27.6,116.7 27.6,…"`): a county of thousands of
/// points then takes a few lines of the project file instead of one line per point. Lists of
/// `[lon, lat]` pairs are read too.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Polygon {
    #[serde(with = "ring_text")]
    pub exterior: Vec<[f64; 2]>,
    #[serde(default, skip_serializing_if = "Vec::is_empty", with = "rings_text")]
    pub holes: Vec<Vec<[f64; 2]>>,
}

/// A ring as text: `lon lat` pairs separated by commas.
mod ring_text {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn to_text(ring: &[[f64; 2]]) -> String {
        let mut s = String::with_capacity(ring.len() * 22);
        for (i, p) in ring.iter().enumerate() {
            if i > 0 {
                s.push(',');
            }
            s.push_str(&format!("{} {}", p[0], p[1]));
        }
        s
    }

    pub fn from_text(text: &str) -> Result<Vec<[f64; 2]>, String> {
        text.split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| {
                let mut it = p.split_whitespace().map(str::parse::<f64>);
                match (it.next(), it.next(), it.next()) {
                    (Some(Ok(x)), Some(Ok(y)), None) => Ok([x, y]),
                    _ => Err(format!("not a `lon lat` point: {p}")),
                }
            })
            .collect()
    }

    #[derive(Deserialize)]
    #[serde(untagged)]
    pub enum Ring {
        Text(String),
        Points(Vec<[f64; 2]>),
    }

    impl Ring {
        pub fn points<E: Error>(self) -> Result<Vec<[f64; 2]>, E> {
            match self {
                Ring::Text(t) => from_text(&t).map_err(E::custom),
                Ring::Points(p) => Ok(p),
            }
        }
    }

    pub fn serialize<S: Serializer>(ring: &[[f64; 2]], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&to_text(ring))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<[f64; 2]>, D::Error> {
        Ring::deserialize(d)?.points()
    }
}

/// Several rings as text (see `ring_text`).
mod rings_text {
    use serde::{Deserialize, Deserializer, Serializer};

    use super::ring_text::{Ring, to_text};

    pub fn serialize<S: Serializer>(rings: &[Vec<[f64; 2]>], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(rings.iter().map(|r| to_text(r)))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Vec<[f64; 2]>>, D::Error> {
        Vec::<Ring>::deserialize(d)?
            .into_iter()
            .map(Ring::points)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rings_are_saved_as_one_line_of_text_and_read_either_way() {
        let p = Polygon {
            exterior: vec![[116.5, 27.6], [116.712345, 27.6], [116.7, 27.8]],
            holes: vec![vec![[116.6, 27.65], [116.65, 27.65], [116.6, 27.7]]],
        };
        let text = ron::to_string(&p).expect("serialises");
        assert_eq!(
            text,
            r#"(exterior:"116.5 27.6,116.712345 27.6,116.7 27.8",holes:["116.6 27.65,116.65 27.65,116.6 27.7"])"#
        );
        assert_eq!(ron::from_str::<Polygon>(&text).expect("reads"), p);
        let pairs = "(exterior: [(116.5, 27.6), (116.712345, 27.6), (116.7, 27.8)], holes: [[(116.6, 27.65), (116.65, 27.65), (116.6, 27.7)]])";
        assert_eq!(ron::from_str::<Polygon>(pairs).expect("reads"), p);
        assert!(ron::from_str::<Polygon>(r#"(exterior: "116.5 x")"#).is_err());
    }
}
