//! ESRI Shapefile boundary files: the `.shp` geometry (through the `shapefile` crate), the
//! `.dbf` attributes (read here, so that their bytes can be decoded as GBK or UTF-8), the
//! `.prj` CRS and the `.cpg` code page. Attribute text: the `.cpg` first, else the `.dbf`'s
//! language driver when it says GBK, else UTF-8 if every value is valid UTF-8, else GBK (the
//! usual encoding of Chinese Shapefiles written by ArcGIS or older QGIS).

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use encoding_rs::{Encoding, GBK, UTF_8};
use shapefile::{PolygonRing, Shape, ShapeReader};

use super::geometry::{RawPolygon, group_rings};
use super::{BoundaryError, Invalid, RawFeature, RawFile};

/// Reads `path` (the `.shp`) and its sibling files.
pub fn read(path: &Path, max_points: usize) -> Result<RawFile, BoundaryError> {
    let sibling = |ext: &str| -> Option<PathBuf> {
        // Either case of extension (files copied from Windows are often `.DBF`).
        [ext.to_string(), ext.to_ascii_uppercase()]
            .iter()
            .map(|e| path.with_extension(e))
            .find(|p| p.exists())
    };
    let dbf = sibling("dbf").ok_or_else(|| BoundaryError::MissingPart {
        part: path.with_extension("dbf").display().to_string(),
    })?;
    let cpg = sibling("cpg").and_then(|p| std::fs::read_to_string(p).ok());
    let crs = sibling("prj").and_then(|p| std::fs::read_to_string(p).ok());
    let table = read_dbf(
        &std::fs::read(&dbf).map_err(|e| io_error(&dbf, e))?,
        cpg.as_deref(),
    )
    .ok_or_else(|| BoundaryError::BadFile {
        file: dbf.display().to_string(),
    })?;
    let shapes = read_shapes(path, max_points)?;
    let features = shapes
        .into_iter()
        .enumerate()
        .map(|(i, geometry)| RawFeature {
            index: i + 1,
            attributes: table
                .records
                .get(i)
                .map(|r| {
                    table
                        .fields
                        .iter()
                        .cloned()
                        .zip(r.iter().cloned())
                        .collect()
                })
                .unwrap_or_default(),
            geometry,
        })
        .collect();
    Ok(RawFile {
        fields: table.fields,
        features,
        crs: crs.map(|t| format!("WKT:{t}")),
        encoding: Some(table.encoding.to_string()),
    })
}

fn io_error(path: &Path, e: std::io::Error) -> BoundaryError {
    BoundaryError::Read {
        file: path.display().to_string(),
        cause: e,
    }
}

fn read_shapes(
    path: &Path,
    max_points: usize,
) -> Result<Vec<Result<Vec<RawPolygon>, Invalid>>, BoundaryError> {
    let file = File::open(path).map_err(|e| io_error(path, e))?;
    let bad = || BoundaryError::BadFile {
        file: path.display().to_string(),
    };
    let mut reader = ShapeReader::new(BufReader::new(file)).map_err(|_| bad())?;
    let mut out = Vec::new();
    let mut points = 0usize;
    for shape in reader.iter_shapes() {
        let shape = shape.map_err(|_| bad())?;
        let rings: Option<Vec<(bool, Vec<[f64; 2]>)>> = match shape {
            Shape::Polygon(p) => Some(rings(p.into_inner(), |q| [q.x, q.y])),
            Shape::PolygonM(p) => Some(rings(p.into_inner(), |q| [q.x, q.y])),
            Shape::PolygonZ(p) => Some(rings(p.into_inner(), |q| [q.x, q.y])),
            Shape::NullShape => None,
            other => {
                out.push(Err(Invalid::NotPolygon(other.shapetype().to_string())));
                continue;
            }
        };
        let Some(rings) = rings else {
            out.push(Err(Invalid::NoGeometry));
            continue;
        };
        points += rings.iter().map(|(_, r)| r.len()).sum::<usize>();
        if points > max_points {
            return Err(BoundaryError::TooManyPoints { limit: max_points });
        }
        let polygons = group_rings(rings);
        out.push(if polygons.is_empty() {
            Err(Invalid::NoGeometry)
        } else {
            Ok(polygons)
        });
    }
    Ok(out)
}

fn rings<P>(rings: Vec<PolygonRing<P>>, xy: impl Fn(&P) -> [f64; 2]) -> Vec<(bool, Vec<[f64; 2]>)> {
    rings
        .into_iter()
        .map(|r| {
            let outer = matches!(r, PolygonRing::Outer(_));
            (outer, r.into_inner().iter().map(&xy).collect())
        })
        .collect()
}

/// A `.dbf` table decoded to text.
#[derive(Debug, PartialEq)]
pub struct Table {
    pub fields: Vec<String>,
    pub records: Vec<Vec<String>>,
    /// The encoding used for the text (`UTF-8`, `GBK`).
    pub encoding: &'static str,
}

/// Reads a dBASE III table (the `.dbf` of a Shapefile); `None` if it is not one.
pub fn read_dbf(bytes: &[u8], cpg: Option<&str>) -> Option<Table> {
    let u16_at = |i: usize| -> Option<usize> {
        Some(usize::from(u16::from_le_bytes(
            bytes.get(i..i + 2)?.try_into().ok()?,
        )))
    };
    let n_records = u32::from_le_bytes(bytes.get(4..8)?.try_into().ok()?) as usize;
    let header_len = u16_at(8)?;
    let record_len = u16_at(10)?;
    let ldid = *bytes.get(29)?;
    let mut raw_fields: Vec<(&[u8], usize)> = Vec::new();
    let mut at = 32;
    while at + 32 <= header_len && bytes.get(at).is_some_and(|b| *b != 0x0D) {
        let d = bytes.get(at..at + 32)?;
        let name_end = d[..11].iter().position(|b| *b == 0).unwrap_or(11);
        raw_fields.push((&d[..name_end], usize::from(d[16])));
        at += 32;
    }
    let mut raw_records: Vec<Vec<&[u8]>> = Vec::new();
    for r in 0..n_records {
        let start = header_len + r * record_len;
        let Some(rec) = bytes.get(start..start + record_len) else {
            break; // a truncated table: the records present are kept
        };
        let mut pos = 1; // the deletion flag
        let mut values = Vec::with_capacity(raw_fields.len());
        for (_, len) in &raw_fields {
            values.push(rec.get(pos..pos + len).unwrap_or_default());
            pos += len;
        }
        raw_records.push(values);
    }
    let encoding = choose_encoding(
        cpg,
        ldid,
        raw_fields
            .iter()
            .map(|(n, _)| *n)
            .chain(raw_records.iter().flatten().copied()),
    );
    let decode = |b: &[u8]| -> String {
        let (s, _, _) = encoding.decode(b);
        s.trim_matches(|c: char| c.is_whitespace() || c == '\0')
            .to_string()
    };
    Some(Table {
        fields: raw_fields.iter().map(|(n, _)| decode(n)).collect(),
        records: raw_records
            .iter()
            .map(|r| r.iter().map(|v| decode(v)).collect())
            .collect(),
        encoding: if encoding == UTF_8 { "UTF-8" } else { "GBK" },
    })
}

/// The `.cpg`, else the language driver id (0x4D and 0x7A are code page 936, GBK), else
/// UTF-8 when every value decodes as UTF-8, else GBK.
fn choose_encoding<'a>(
    cpg: Option<&str>,
    ldid: u8,
    mut values: impl Iterator<Item = &'a [u8]>,
) -> &'static Encoding {
    if let Some(label) = cpg.map(str::trim).filter(|s| !s.is_empty()) {
        let l = label.to_ascii_lowercase();
        if ["936", "cp936", "ansi 936", "gb2312", "gbk", "gb18030"].contains(&l.as_str()) {
            return GBK;
        }
        if ["utf-8", "utf8", "65001"].contains(&l.as_str()) {
            return UTF_8;
        }
        if let Some(e) = Encoding::for_label(label.as_bytes())
            && (e == UTF_8 || e == GBK || e.name() == "gb18030")
        {
            return if e == UTF_8 { UTF_8 } else { GBK };
        }
    }
    if ldid == 0x4D || ldid == 0x7A {
        return GBK;
    }
    if values.all(|v| std::str::from_utf8(v).is_ok()) {
        UTF_8
    } else {
        GBK
    }
}

/// Writes a minimal dBASE III table of character fields (for tests and fixtures): the text is
/// encoded with `encoding` (GBK or UTF-8).
pub fn write_dbf(fields: &[&str], records: &[Vec<&str>], encoding: &'static Encoding) -> Vec<u8> {
    let enc = |s: &str| encoding.encode(s).0.into_owned();
    let widths: Vec<usize> = (0..fields.len())
        .map(|i| {
            records
                .iter()
                .map(|r| r.get(i).map_or(0, |v| enc(v).len()))
                .max()
                .unwrap_or(0)
                .clamp(1, 254)
        })
        .collect();
    let header_len = 32 + 32 * fields.len() + 1;
    let record_len = 1 + widths.iter().sum::<usize>();
    let mut out = vec![0u8; 32];
    out[0] = 0x03;
    out[1..4].copy_from_slice(&[126, 1, 1]);
    out[4..8].copy_from_slice(&(records.len() as u32).to_le_bytes());
    out[8..10].copy_from_slice(&(header_len as u16).to_le_bytes());
    out[10..12].copy_from_slice(&(record_len as u16).to_le_bytes());
    for (name, w) in fields.iter().zip(&widths) {
        let mut d = [0u8; 32];
        let n = enc(name);
        d[..n.len().min(10)].copy_from_slice(&n[..n.len().min(10)]);
        d[11] = b'C';
        d[16] = *w as u8;
        out.extend_from_slice(&d);
    }
    out.push(0x0D);
    for r in records {
        out.push(b' ');
        for (i, w) in widths.iter().enumerate() {
            let mut v = enc(r.get(i).copied().unwrap_or(""));
            v.resize(*w, b' ');
            out.extend_from_slice(&v);
        }
    }
    out.push(0x1A);
    out
}
