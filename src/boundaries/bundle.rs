//! The compact binary form of the bundled county outlines (`assets/boundaries/counties.bin`):
//! the writer used by `examples/bundle_outlines.rs` and the reader behind
//! `boundaries::outlines_for`, kept side by side so the two cannot drift apart.
//!
//! Layout, little-endian:
//! ```text
//! "GEPOUT1\n"                 magic, 8 bytes
//! u32 units per degree        coordinates are integers in these units (1024: the source's grid)
//! u32 entries, u32 aliases
//! entries × (code: 6 ASCII digits, u32 offset into the body)
//! aliases × (old code: 6, current code: 6)     codes renamed since the source was drawn
//! body: per entry  varint name length, UTF-8 name, f32 source area in km²,
//!                  varint polygons × (varint rings × (varint points,
//!                  first point as zigzag varints, then zigzag varint deltas))
//! ```
//! The first ring of a polygon is its exterior, the others its holes; rings do not repeat
//! their first point. Decoding is checked: a damaged asset yields `None`, never a panic.

use crate::model::boundaries::Polygon;

const MAGIC: &[u8; 8] = b"GEPOUT1\n";

/// One county of the bundle, with its outline in integer units.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Current 6-digit GB/T 2260 code.
    pub code: String,
    /// Name in the source data.
    pub name: String,
    /// Geodesic area of the source (unsimplified) outline, km².
    pub source_area_km2: f32,
    /// Polygons; each a list of rings (exterior first) of `[x, y]` in units.
    pub polygons: Vec<Vec<Vec<[i32; 2]>>>,
}

/// Writes the bundle. Entries are stored in the order given; codes must be 6 ASCII digits.
pub fn encode(units_per_degree: u32, entries: &[Entry], aliases: &[(String, String)]) -> Vec<u8> {
    let mut body = Vec::new();
    let mut toc = Vec::new();
    for e in entries {
        toc.extend_from_slice(&code_bytes(&e.code));
        toc.extend_from_slice(&(body.len() as u32).to_le_bytes());
        put_varint(&mut body, e.name.len() as u64);
        body.extend_from_slice(e.name.as_bytes());
        body.extend_from_slice(&e.source_area_km2.to_le_bytes());
        put_varint(&mut body, e.polygons.len() as u64);
        for rings in &e.polygons {
            put_varint(&mut body, rings.len() as u64);
            for ring in rings {
                put_varint(&mut body, ring.len() as u64);
                let mut prev = [0i32; 2];
                for p in ring {
                    put_zigzag(&mut body, i64::from(p[0]) - i64::from(prev[0]));
                    put_zigzag(&mut body, i64::from(p[1]) - i64::from(prev[1]));
                    prev = *p;
                }
            }
        }
    }
    let mut out = Vec::with_capacity(20 + toc.len() + body.len() + aliases.len() * 12);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&units_per_degree.to_le_bytes());
    out.extend_from_slice(&(entries.len() as u32).to_le_bytes());
    out.extend_from_slice(&(aliases.len() as u32).to_le_bytes());
    out.extend_from_slice(&toc);
    for (old, new) in aliases {
        out.extend_from_slice(&code_bytes(old));
        out.extend_from_slice(&code_bytes(new));
    }
    out.extend_from_slice(&body);
    out
}

fn code_bytes(code: &str) -> [u8; 6] {
    let mut b = [b'0'; 6];
    for (d, s) in b.iter_mut().zip(code.bytes()) {
        *d = s;
    }
    b
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn put_zigzag(out: &mut Vec<u8>, v: i64) {
    put_varint(out, ((v << 1) ^ (v >> 63)) as u64);
}

/// A parsed bundle: the table of contents, with each county decoded on request.
#[derive(Debug)]
pub struct Bundle<'a> {
    units_per_degree: f64,
    /// (code, offset into `body`), sorted by code.
    index: Vec<([u8; 6], usize)>,
    /// (old code, current code), sorted by old code.
    aliases: Vec<([u8; 6], [u8; 6])>,
    body: &'a [u8],
}

impl<'a> Bundle<'a> {
    /// Reads the header and table of contents; `None` if the bytes are not a bundle.
    pub fn parse(bytes: &'a [u8]) -> Option<Self> {
        let mut r = Reader { b: bytes, at: 0 };
        if r.take(8)? != MAGIC {
            return None;
        }
        let units = r.u32()?;
        let n = r.u32()? as usize;
        let n_alias = r.u32()? as usize;
        // Bounded by the bytes present, so a damaged count cannot reserve gigabytes.
        let mut index = Vec::with_capacity(n.min(bytes.len() / 10));
        for _ in 0..n {
            let code = r.code()?;
            index.push((code, r.u32()? as usize));
        }
        let mut aliases = Vec::with_capacity(n_alias.min(bytes.len() / 12));
        for _ in 0..n_alias {
            aliases.push((r.code()?, r.code()?));
        }
        index.sort_unstable();
        aliases.sort_unstable();
        Some(Bundle {
            units_per_degree: f64::from(units.max(1)),
            index,
            aliases,
            body: bytes.get(r.at..)?,
        })
    }

    /// Number of counties in the bundle.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// Whether the bundle has no county.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// Every code the bundle stores outlines under, sorted.
    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.index
            .iter()
            .filter_map(|(c, _)| std::str::from_utf8(c).ok())
    }

    /// The (old, current) code pairs of counties renamed since the source data was drawn.
    pub fn aliases(&self) -> impl Iterator<Item = (&str, &str)> {
        self.aliases
            .iter()
            .filter_map(|(o, n)| Some((std::str::from_utf8(o).ok()?, std::str::from_utf8(n).ok()?)))
    }

    /// The code the bundle stores `code` under: itself, or its current code when it was
    /// renamed since the source was drawn (东乡县 361029 → 东乡区 361003).
    pub fn resolve(&self, code: &str) -> Option<&str> {
        let key: [u8; 6] = code.as_bytes().try_into().ok()?;
        let at = |k: &[u8; 6]| self.index.binary_search_by(|(c, _)| c.cmp(k)).ok();
        let i = at(&key).or_else(|| {
            let a = self.aliases.binary_search_by(|(o, _)| o.cmp(&key)).ok()?;
            at(&self.aliases[a].1)
        })?;
        std::str::from_utf8(&self.index[i].0).ok()
    }

    /// The decoded county stored under `code` (or under the current code `code` was renamed
    /// to), in integer units.
    pub fn entry(&self, code: &str) -> Option<Entry> {
        let stored = self.resolve(code)?;
        let key: [u8; 6] = stored.as_bytes().try_into().ok()?;
        let i = self.index.binary_search_by(|(c, _)| c.cmp(&key)).ok()?;
        let mut r = Reader {
            b: self.body,
            at: self.index[i].1,
        };
        let name_len = r.varint()? as usize;
        let name = String::from_utf8(r.take(name_len)?.to_vec()).ok()?;
        let area = f32::from_le_bytes(r.take(4)?.try_into().ok()?);
        let n_poly = r.varint()? as usize;
        let mut polygons = Vec::with_capacity(n_poly.min(1024));
        for _ in 0..n_poly {
            let n_rings = r.varint()? as usize;
            let mut rings = Vec::with_capacity(n_rings.min(1024));
            for _ in 0..n_rings {
                let n_pts = r.varint()? as usize;
                let mut ring = Vec::with_capacity(n_pts.min(1 << 16));
                let mut prev = [0i64; 2];
                for _ in 0..n_pts {
                    prev[0] += r.zigzag()?;
                    prev[1] += r.zigzag()?;
                    ring.push([i32::try_from(prev[0]).ok()?, i32::try_from(prev[1]).ok()?]);
                }
                rings.push(ring);
            }
            polygons.push(rings);
        }
        Some(Entry {
            code: stored.to_string(),
            name,
            source_area_km2: area,
            polygons,
        })
    }

    /// The outline stored for `code`, in degrees.
    pub fn polygons(&self, code: &str) -> Option<Vec<Polygon>> {
        let e = self.entry(code)?;
        let k = self.units_per_degree;
        let deg = |ring: &Vec<[i32; 2]>| -> Vec<[f64; 2]> {
            ring.iter()
                .map(|p| [f64::from(p[0]) / k, f64::from(p[1]) / k])
                .collect()
        };
        Some(
            e.polygons
                .iter()
                .filter_map(|rings| {
                    let (ext, holes) = rings.split_first()?;
                    Some(Polygon {
                        exterior: deg(ext),
                        holes: holes.iter().map(deg).collect(),
                    })
                })
                .collect(),
        )
    }
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let s = self.b.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(s)
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn code(&mut self) -> Option<[u8; 6]> {
        self.take(6)?.try_into().ok()
    }

    fn varint(&mut self) -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = *self.take(1)?.first()?;
            v |= u64::from(byte & 0x7f) << shift;
            if byte < 0x80 {
                return Some(v);
            }
        }
        None
    }

    fn zigzag(&mut self) -> Option<i64> {
        let v = self.varint()?;
        Some((v >> 1) as i64 ^ -((v & 1) as i64))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(code: &str, name: &str, polygons: Vec<Vec<Vec<[i32; 2]>>>) -> Entry {
        Entry {
            code: code.into(),
            name: name.into(),
            source_area_km2: 12.5,
            polygons,
        }
    }

    #[test]
    fn round_trip_keeps_codes_names_rings_and_aliases() {
        let square = vec![[0, 0], [1024, 0], [1024, 1024], [0, 1024]];
        let hole = vec![[100, 100], [200, 100], [200, 200]];
        let island = vec![[-5000, 70_000], [-4000, 70_000], [-4500, 69_000]];
        let a = entry(
            "361003",
            "东乡区",
            vec![vec![square.clone(), hole], vec![island]],
        );
        let b = entry("110101", "东城区", vec![vec![square]]);
        let bytes = encode(
            1024,
            &[a.clone(), b.clone()],
            &[("361029".into(), "361003".into())],
        );
        let bundle = Bundle::parse(&bytes).expect("parses");
        assert_eq!(bundle.len(), 2);
        assert_eq!(bundle.codes().collect::<Vec<_>>(), ["110101", "361003"]);
        assert_eq!(bundle.entry("361003"), Some(a.clone()));
        assert_eq!(bundle.entry("110101"), Some(b));
        // The old code finds the renamed county.
        assert_eq!(bundle.resolve("361029"), Some("361003"));
        assert_eq!(bundle.entry("361029"), Some(a));
        assert_eq!(bundle.entry("361099"), None);
        let p = bundle.polygons("361003").expect("decoded");
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].exterior[2], [1.0, 1.0]);
        assert_eq!(p[0].holes.len(), 1);
        assert_eq!(p[1].exterior[0], [-5000.0 / 1024.0, 70_000.0 / 1024.0]);
    }

    #[test]
    fn damaged_bytes_are_refused_not_panicked_on() {
        let bytes = encode(1024, &[entry("361003", "x", vec![vec![vec![[1, 2]]]])], &[]);
        assert!(Bundle::parse(b"not a bundle").is_none());
        for cut in 0..bytes.len() {
            if let Some(b) = Bundle::parse(&bytes[..cut]) {
                let _ = b.entry("361003");
            }
        }
    }
}
