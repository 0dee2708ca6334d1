//! The map's plane geometry: the projection of lon/lat outlines to plane kilometres, filled
//! polygons as triangles (geo's earcut: holes and islands resolved), the label point of a
//! county (pole of inaccessibility), label boxes and their collision-free placement, and the
//! scale bar's round length. Pure geometry: no accounts, no wording.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use geo::{Area, TriangulateEarcut};

use super::PlanePolygon;
use crate::model::boundaries::CountyShape;

/// Kilometres per degree of latitude (mean Earth radius 6,371.0088 km, IUGG).
pub const KM_PER_DEGREE: f64 = 6_371.008_8 * std::f64::consts::PI / 180.0;

/// The equirectangular projection centred on the outlines (see the module doc of `view::map`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Projection {
    pub lon0: f64,
    pub lat0: f64,
    /// Kilometres per degree of longitude at `lat0`.
    pub kx: f64,
}

impl Projection {
    /// Centred on the lon/lat extent of `shapes`; `None` when they hold no finite point.
    pub fn fit(shapes: &[CountyShape]) -> Option<Projection> {
        let mut b = [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ];
        let points = shapes
            .iter()
            .flat_map(|s| &s.polygons)
            .flat_map(|p| p.exterior.iter().chain(p.holes.iter().flatten()));
        for &[x, y] in points {
            if x.is_finite() && y.is_finite() {
                b = [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)];
            }
        }
        if !b[0].is_finite() {
            return None;
        }
        let (lon0, lat0) = ((b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0);
        Some(Projection {
            lon0,
            lat0,
            kx: KM_PER_DEGREE * lat0.to_radians().cos(),
        })
    }

    /// `[lon, lat]` → `[km east, km north]` of the centre.
    pub fn apply(&self, p: [f64; 2]) -> [f64; 2] {
        [
            (p[0] - self.lon0) * self.kx,
            (p[1] - self.lat0) * KM_PER_DEGREE,
        ]
    }

    /// A county's polygons in plane km; rings of fewer than three finite points are dropped.
    pub fn shape(&self, s: &CountyShape) -> Vec<PlanePolygon> {
        let ring = |r: &[[f64; 2]]| -> Vec<[f64; 2]> {
            r.iter()
                .filter(|p| p[0].is_finite() && p[1].is_finite())
                .map(|p| self.apply(*p))
                .collect()
        };
        s.polygons
            .iter()
            .map(|p| PlanePolygon {
                exterior: ring(&p.exterior),
                holes: p
                    .holes
                    .iter()
                    .map(|h| ring(h))
                    .filter(|h| h.len() >= 3)
                    .collect(),
            })
            .filter(|p| p.exterior.len() >= 3)
            .collect()
    }
}

fn to_geo(p: &PlanePolygon) -> geo::Polygon<f64> {
    let ls =
        |r: &[[f64; 2]]| geo::LineString::from(r.iter().map(|&[x, y]| (x, y)).collect::<Vec<_>>());
    geo::Polygon::new(ls(&p.exterior), p.holes.iter().map(|h| ls(h)).collect())
}

/// Area in km² (holes subtracted), as geo computes it.
pub fn area(polygons: &[PlanePolygon]) -> f64 {
    polygons.iter().map(|p| to_geo(p).unsigned_area()).sum()
}

/// The filled polygons as triangles (earcut), holes left open, islands each filled.
pub fn triangles(polygons: &[PlanePolygon]) -> Vec<[[f64; 2]; 3]> {
    polygons
        .iter()
        .flat_map(|p| to_geo(p).earcut_triangles())
        .map(|t| {
            [
                [t.v1().x, t.v1().y],
                [t.v2().x, t.v2().y],
                [t.v3().x, t.v3().y],
            ]
        })
        .collect()
}

/// Extent `[min x, min y, max x, max y]` of the polygons' exteriors.
pub fn extent<'a>(polygons: impl IntoIterator<Item = &'a PlanePolygon>) -> Option<[f64; 4]> {
    let mut b = [
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    ];
    for &[x, y] in polygons.into_iter().flat_map(|p| &p.exterior) {
        b = [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)];
    }
    b[0].is_finite().then_some(b)
}

// ---------------------------------------------------------------------------------------------
// Pole of inaccessibility (Mapbox's polylabel: the interior point farthest from the outline)
// ---------------------------------------------------------------------------------------------

/// Signed distance from `p` to the polygon's outline: positive inside, negative outside.
fn signed_distance(p: [f64; 2], poly: &PlanePolygon) -> f64 {
    let mut inside = false;
    let mut best = f64::INFINITY;
    for ring in std::iter::once(&poly.exterior).chain(&poly.holes) {
        let n = ring.len();
        for i in 0..n {
            let (a, b) = (ring[i], ring[(i + 1) % n]);
            if (a[1] > p[1]) != (b[1] > p[1])
                && p[0] < (b[0] - a[0]) * (p[1] - a[1]) / (b[1] - a[1]) + a[0]
            {
                inside = !inside;
            }
            best = best.min(segment_distance(p, a, b));
        }
    }
    if inside { best } else { -best }
}

fn segment_distance(p: [f64; 2], a: [f64; 2], b: [f64; 2]) -> f64 {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (x, y) = (a[0] + t * dx, a[1] + t * dy);
    ((p[0] - x).powi(2) + (p[1] - y).powi(2)).sqrt()
}

/// A square cell of the search: centre, half size, distance of the centre, best possible.
struct Cell {
    c: [f64; 2],
    h: f64,
    d: f64,
    max: f64,
}

impl Cell {
    fn new(c: [f64; 2], h: f64, poly: &PlanePolygon) -> Cell {
        let d = signed_distance(c, poly);
        Cell {
            c,
            h,
            d,
            max: d + h * std::f64::consts::SQRT_2,
        }
    }
}

impl PartialEq for Cell {
    fn eq(&self, o: &Self) -> bool {
        self.max == o.max
    }
}
impl Eq for Cell {}
impl PartialOrd for Cell {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Cell {
    fn cmp(&self, o: &Self) -> Ordering {
        self.max.total_cmp(&o.max)
    }
}

/// The point of `poly` farthest from its outline (holes count as outline), to within 1 % of
/// the polygon's extent: where a label sits best. Falls back to geo's interior point.
pub fn pole(poly: &PlanePolygon) -> Option<[f64; 2]> {
    let [x0, y0, x1, y1] = extent([poly])?;
    let size = (x1 - x0).min(y1 - y0);
    let precision = ((x1 - x0).max(y1 - y0) / 100.0).max(1e-9);
    if size <= 0.0 {
        return Some([(x0 + x1) / 2.0, (y0 + y1) / 2.0]);
    }
    let h = size / 2.0;
    let mut queue = BinaryHeap::new();
    let mut x = x0;
    while x < x1 {
        let mut y = y0;
        while y < y1 {
            queue.push(Cell::new([x + h, y + h], h, poly));
            y += size;
        }
        x += size;
    }
    // Start from the interior point geo finds (always inside), else the extent's centre.
    let start = {
        use geo::InteriorPoint;
        to_geo(poly)
            .interior_point()
            .map_or([(x0 + x1) / 2.0, (y0 + y1) / 2.0], |p| [p.x(), p.y()])
    };
    let mut best = Cell::new(start, 0.0, poly);
    let mut visited = 0;
    while let Some(cell) = queue.pop() {
        if cell.d > best.d {
            best = Cell::new(cell.c, 0.0, poly);
        }
        visited += 1;
        if cell.max - best.d <= precision || visited > 20_000 {
            continue;
        }
        let h = cell.h / 2.0;
        for (dx, dy) in [(-h, -h), (h, -h), (-h, h), (h, h)] {
            queue.push(Cell::new([cell.c[0] + dx, cell.c[1] + dy], h, poly));
        }
    }
    Some(best.c)
}

/// Where a county's label goes: the pole of its largest polygon.
pub fn label_point(polygons: &[PlanePolygon]) -> Option<[f64; 2]> {
    polygons
        .iter()
        .max_by(|a, b| {
            to_geo(a)
                .unsigned_area()
                .total_cmp(&to_geo(b).unsigned_area())
        })
        .and_then(pole)
}

// ---------------------------------------------------------------------------------------------
// Labels
// ---------------------------------------------------------------------------------------------

/// Width of `text` in ems of its font: a CJK character is one em wide, a Latin capital about
/// 0.68, other Latin characters and digits about 0.55, a space 0.3 (Noto Sans CJK's advances).
pub fn text_ems(text: &str) -> f64 {
    text.chars()
        .map(|c| {
            if c == ' ' {
                0.3
            } else if c.is_ascii_uppercase() {
                0.68
            } else if c.is_ascii() {
                0.55
            } else {
                1.0
            }
        })
        .sum()
}

/// Line height of a label in ems (the box a label needs, with its halo).
pub const LABEL_LINE: f64 = 1.25;

/// The box `[min x, min y, max x, max y]` a label of `size` (em, plane km) centred on `at`
/// takes, halo included.
pub fn label_box(at: [f64; 2], text: &str, size: f64) -> [f64; 4] {
    let w = (text_ems(text) + 0.3) * size;
    let h = LABEL_LINE * size;
    [
        at[0] - w / 2.0,
        at[1] - h / 2.0,
        at[0] + w / 2.0,
        at[1] + h / 2.0,
    ]
}

fn overlaps(a: &[f64; 4], b: &[f64; 4]) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

/// One label to place: its anchor, text and the county's area (larger counties go first).
pub struct LabelWish<'a> {
    pub at: Option<[f64; 2]>,
    pub text: &'a str,
    pub area: f64,
}

/// How much smaller a label may be drawn before it is left out.
pub const LABEL_SHRINK: f64 = 0.8;

/// Labels that do not collide: larger counties first, each at full `size`, else at
/// `LABEL_SHRINK` of it, else left out. Returns, per wish, the point and size used.
pub fn place_labels(wishes: &[LabelWish], size: f64) -> Vec<Option<([f64; 2], f64)>> {
    let mut order: Vec<usize> = (0..wishes.len()).collect();
    order.sort_by(|&a, &b| wishes[b].area.total_cmp(&wishes[a].area));
    let mut placed: Vec<[f64; 4]> = Vec::new();
    let mut out = vec![None; wishes.len()];
    for i in order {
        let w = &wishes[i];
        let Some(at) = w.at else { continue };
        for s in [size, size * LABEL_SHRINK] {
            let b = label_box(at, w.text, s);
            if !placed.iter().any(|p| overlaps(p, &b)) {
                placed.push(b);
                out[i] = Some((at, s));
                break;
            }
        }
    }
    out
}

/// A round scale-bar length (1, 2 or 5 × 10ⁿ km) of at most a quarter of `width_km`.
pub fn scale_length(width_km: f64) -> f64 {
    if !width_km.is_finite() || width_km <= 0.0 {
        return 1.0;
    }
    let target = width_km / 4.0;
    let mag = 10_f64.powf(target.log10().floor());
    [5.0, 2.0, 1.0]
        .iter()
        .map(|m| m * mag)
        .find(|l| *l <= target)
        .unwrap_or(mag)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(x0: f64, y0: f64, s: f64) -> Vec<[f64; 2]> {
        vec![[x0, y0], [x0 + s, y0], [x0 + s, y0 + s], [x0, y0 + s]]
    }

    #[test]
    fn projection_is_km_from_the_centre() {
        let shape = CountyShape {
            county: "1".into(),
            polygons: vec![crate::model::boundaries::Polygon {
                exterior: vec![[115.0, 27.0], [117.0, 27.0], [117.0, 29.0]],
                holes: vec![],
            }],
        };
        let p = Projection::fit(&[shape]).unwrap_or_else(|| panic!("no projection"));
        assert_eq!((p.lon0, p.lat0), (116.0, 28.0));
        // One degree north is 111.195 km; one degree east at 28° N is 111.195 · cos 28°.
        let [x, y] = p.apply([117.0, 29.0]);
        assert!((y - 111.195).abs() < 1e-3, "{y}");
        assert!(
            (x - 111.195 * 28_f64.to_radians().cos()).abs() < 1e-3,
            "{x}"
        );
    }

    #[test]
    fn pole_of_an_l_shape_sits_in_its_thick_part() {
        // An L: a 10×2 foot and a 2×10 leg; the centroid (≈ 2.9, 2.9) lies outside.
        let l = PlanePolygon {
            exterior: vec![
                [0.0, 0.0],
                [10.0, 0.0],
                [10.0, 2.0],
                [2.0, 2.0],
                [2.0, 10.0],
                [0.0, 10.0],
            ],
            holes: vec![],
        };
        let p = pole(&l).unwrap_or_default();
        assert!(signed_distance(p, &l) > 0.9, "{p:?}");
        // A square with a big hole: the label goes into the ring, not the hole.
        let ring = PlanePolygon {
            exterior: square(0.0, 0.0, 10.0),
            holes: vec![square(2.0, 2.0, 6.0)],
        };
        let p = pole(&ring).unwrap_or_default();
        assert!(signed_distance(p, &ring) > 0.9, "{p:?}");
    }

    #[test]
    fn scale_bar_is_round() {
        assert_eq!(scale_length(230.0), 50.0);
        assert_eq!(scale_length(90.0), 20.0);
        assert_eq!(scale_length(41.0), 10.0);
        assert_eq!(scale_length(7.0), 1.0);
    }

    #[test]
    fn colliding_labels_shrink_or_drop_smaller_counties_first() {
        let wishes = [
            LabelWish {
                at: Some([0.0, 0.0]),
                text: "小县",
                area: 1.0,
            },
            LabelWish {
                at: Some([0.0, 0.0]),
                text: "大县",
                area: 9.0,
            },
            LabelWish {
                at: Some([2.2, 0.0]),
                text: "中县",
                area: 5.0,
            },
            LabelWish {
                at: None,
                text: "无",
                area: 9.9,
            },
        ];
        let placed = place_labels(&wishes, 1.0);
        // The large county keeps its full size; the small one on the same spot is dropped; the
        // middle one fits only smaller (at full width its box would overlap the first).
        assert_eq!(placed[1], Some(([0.0, 0.0], 1.0)));
        assert_eq!(placed[0], None);
        assert_eq!(placed[2], Some(([2.2, 0.0], LABEL_SHRINK)));
        assert_eq!(placed[3], None);
    }
}
