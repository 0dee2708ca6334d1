//! A boundary file's geometry made fit to keep: rings converted to longitude/latitude, checked
//! (enough points, finite, in range) and simplified so that projects stay small and maps draw
//! fast.

use geo::{LineString, Simplify};

use super::Invalid;
use super::crs::Crs;
use crate::model::boundaries::Polygon;

/// A polygon as read: rings of the file's coordinates, exterior first.
pub type RawPolygon = Vec<Vec<[f64; 2]>>;

/// Coordinates are rounded to a millionth of a degree (about 0.1 m): more is noise, and it
/// keeps the project file short.
const ROUND: f64 = 1e6;

/// The polygons of one feature in lon/lat, or why they cannot be used.
pub fn to_lon_lat(raw: &[RawPolygon], crs: &Crs) -> Result<Vec<Polygon>, Invalid> {
    if raw.is_empty() {
        return Err(Invalid::NoGeometry);
    }
    let mut out = Vec::new();
    for rings in raw {
        let mut converted = Vec::with_capacity(rings.len());
        for ring in rings {
            let mut r: Vec<[f64; 2]> = Vec::with_capacity(ring.len());
            for p in ring {
                if !(p[0].is_finite() && p[1].is_finite()) {
                    return Err(Invalid::NotFinite);
                }
                let q = crs.to_lon_lat(*p).ok_or(Invalid::NotFinite)?;
                if !(q[0].is_finite() && q[1].is_finite()) {
                    return Err(Invalid::NotFinite);
                }
                if q[0].abs() > 180.0 || q[1].abs() > 90.0 {
                    return Err(Invalid::OutOfRange(*p));
                }
                let q = [
                    (q[0] * ROUND).round() / ROUND,
                    (q[1] * ROUND).round() / ROUND,
                ];
                if r.last() != Some(&q) {
                    r.push(q);
                }
            }
            if r.len() > 1 && r.first() == r.last() {
                r.pop();
            }
            converted.push(r);
        }
        let mut it = converted.into_iter();
        let Some(exterior) = it.next() else {
            continue;
        };
        if exterior.len() < 3 {
            return Err(Invalid::TooFewPoints);
        }
        out.push(Polygon {
            exterior,
            // A degenerate hole is dropped rather than failing the county.
            holes: it.filter(|h| h.len() >= 3).collect(),
        });
    }
    if out.is_empty() {
        return Err(Invalid::NoGeometry);
    }
    Ok(out)
}

/// Number of points of the polygons.
pub fn points(polygons: &[Polygon]) -> usize {
    polygons
        .iter()
        .map(|p| p.exterior.len() + p.holes.iter().map(Vec::len).sum::<usize>())
        .sum()
}

/// The polygons simplified by Douglas–Peucker with `tol` degrees. A ring that would collapse
/// keeps its points (it is tiny anyway), so no island or hole is lost.
pub fn simplify(polygons: &[Polygon], tol: f64) -> Vec<Polygon> {
    let ring = |r: &Vec<[f64; 2]>| -> Vec<[f64; 2]> {
        let mut closed = r.clone();
        if let Some(&first) = r.first() {
            closed.push(first);
        }
        let ls = LineString::from(closed.iter().map(|p| (p[0], p[1])).collect::<Vec<_>>());
        let mut s: Vec<[f64; 2]> = ls.simplify(tol).coords().map(|c| [c.x, c.y]).collect();
        s.pop();
        if s.len() >= 3 { s } else { r.clone() }
    };
    polygons
        .iter()
        .map(|p| Polygon {
            exterior: ring(&p.exterior),
            holes: p.holes.iter().map(ring).collect(),
        })
        .collect()
}

/// Rings in the order a Shapefile gives them (each outer ring followed by its holes, but holes
/// may come anywhere) grouped into polygons: a hole goes to the outer ring that contains its
/// first point, else to the last outer ring.
pub fn group_rings(rings: Vec<(bool, Vec<[f64; 2]>)>) -> Vec<RawPolygon> {
    let mut polygons: Vec<RawPolygon> = Vec::new();
    let mut holes = Vec::new();
    for (outer, ring) in rings {
        if outer {
            polygons.push(vec![ring]);
        } else {
            holes.push(ring);
        }
    }
    for hole in holes {
        let Some(&first) = hole.first() else { continue };
        let host = polygons
            .iter()
            .position(|p| contains(&p[0], first))
            .or(polygons.len().checked_sub(1));
        match host {
            Some(i) => polygons[i].push(hole),
            // Holes without any outer ring: read as outer rings (wrong winding in the file).
            None => polygons.push(vec![hole]),
        }
    }
    polygons
}

/// Whether `p` is inside the ring (even–odd rule).
fn contains(ring: &[[f64; 2]], p: [f64; 2]) -> bool {
    let mut inside = false;
    let n = ring.len();
    for i in 0..n {
        let (a, b) = (ring[i], ring[(i + n - 1) % n]);
        if (a[1] > p[1]) != (b[1] > p[1])
            && p[0] < (b[0] - a[0]) * (p[1] - a[1]) / (b[1] - a[1]) + a[0]
        {
            inside = !inside;
        }
    }
    inside
}
