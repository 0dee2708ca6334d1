//! The coordinate reference system of a boundary file and the conversion to longitude/latitude.
//!
//! Read from a Shapefile's `.prj` (WKT 1, OGC or ESRI flavour, or WKT 2) or a GeoJSON `crs`
//! member (an EPSG code or CRS84). Geographic CRSs (WGS 84, CGCS2000, …) need no conversion
//! (WGS 84 and CGCS2000 differ by centimetres at map scale). The projected CRSs Chinese offices
//! hand out — CGCS2000 3°/6° Gauss–Krüger, UTM — are transverse Mercator, inverted here with
//! Krüger's series in the third flattening (as in Karney 2011, "Transverse Mercator with an
//! accuracy of a few nanometers", to order n³: better than a millimetre within a zone); Web
//! Mercator is inverted exactly. Anything else is refused by name, with how to convert it.

/// A CRS as found in a file.
#[derive(Debug, Clone, PartialEq)]
pub enum Crs {
    /// Longitude/latitude in degrees.
    LonLat { name: String },
    /// Transverse Mercator (Gauss–Krüger, UTM).
    TransverseMercator { name: String, tm: Tm },
    /// Web Mercator (EPSG:3857), metres on a sphere of the WGS 84 major radius.
    WebMercator { name: String },
    /// A CRS this program cannot convert.
    Unsupported { name: String },
}

/// Parameters of a transverse Mercator projection.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tm {
    /// Semi-major axis (m) and inverse flattening of the ellipsoid.
    pub a: f64,
    pub inv_f: f64,
    /// Central meridian (degrees), scale on it, false easting and northing (m).
    pub lon0: f64,
    pub k0: f64,
    pub false_easting: f64,
    pub false_northing: f64,
    /// Metres per unit of the file's coordinates.
    pub unit: f64,
}

const WGS84_INV_F: f64 = 298.257_223_563;
const CGCS2000_INV_F: f64 = 298.257_222_101;
const A: f64 = 6_378_137.0;

impl Crs {
    /// The name the file gives it (or its EPSG code).
    pub fn name(&self) -> &str {
        match self {
            Crs::LonLat { name }
            | Crs::TransverseMercator { name, .. }
            | Crs::WebMercator { name }
            | Crs::Unsupported { name } => name,
        }
    }

    /// A point of the file in longitude/latitude degrees (`None` for an unsupported CRS).
    pub fn to_lon_lat(&self, p: [f64; 2]) -> Option<[f64; 2]> {
        match self {
            Crs::LonLat { .. } => Some(p),
            Crs::TransverseMercator { tm, .. } => Some(tm.inverse(p)),
            Crs::WebMercator { .. } => {
                let lon = (p[0] / A).to_degrees();
                let lat = (p[1] / A).sinh().atan().to_degrees();
                Some([lon, lat])
            }
            Crs::Unsupported { .. } => None,
        }
    }
}

impl Tm {
    fn cgcs2000(lon0: f64, false_easting: f64) -> Tm {
        Tm {
            a: A,
            inv_f: CGCS2000_INV_F,
            lon0,
            k0: 1.0,
            false_easting,
            false_northing: 0.0,
            unit: 1.0,
        }
    }

    /// Easting/northing in the file's unit → longitude/latitude in degrees.
    pub fn inverse(&self, p: [f64; 2]) -> [f64; 2] {
        let f = 1.0 / self.inv_f;
        let n = f / (2.0 - f);
        let (n2, n3) = (n * n, n * n * n);
        let big_a = self.a / (1.0 + n) * (1.0 + n2 / 4.0 + n2 * n2 / 64.0);
        let beta = [
            n / 2.0 - 2.0 / 3.0 * n2 + 37.0 / 96.0 * n3,
            n2 / 48.0 + n3 / 15.0,
            17.0 / 480.0 * n3,
        ];
        let delta = [
            2.0 * n - 2.0 / 3.0 * n2 - 2.0 * n3,
            7.0 / 3.0 * n2 - 8.0 / 5.0 * n3,
            56.0 / 15.0 * n3,
        ];
        let xi = (p[1] * self.unit - self.false_northing) / (self.k0 * big_a);
        let eta = (p[0] * self.unit - self.false_easting) / (self.k0 * big_a);
        let (mut xi_p, mut eta_p) = (xi, eta);
        for (j, b) in beta.iter().enumerate() {
            let k = 2.0 * (j + 1) as f64;
            xi_p -= b * (k * xi).sin() * (k * eta).cosh();
            eta_p -= b * (k * xi).cos() * (k * eta).sinh();
        }
        let chi = (xi_p.sin() / eta_p.cosh()).asin();
        let mut phi = chi;
        for (j, d) in delta.iter().enumerate() {
            phi += d * (2.0 * (j + 1) as f64 * chi).sin();
        }
        let lon = self.lon0 + eta_p.sinh().atan2(xi_p.cos()).to_degrees();
        [lon, phi.to_degrees()]
    }
}

/// The CRS of an EPSG code, for the codes Chinese boundary files come in.
pub fn from_epsg(code: u32) -> Crs {
    let name = format!("EPSG:{code}");
    let tm = |tm: Tm| Crs::TransverseMercator {
        name: name.clone(),
        tm,
    };
    let z = f64::from(code);
    match code {
        // WGS 84, CGCS2000, Beijing 1954, Xian 1980, New Beijing: geographic.
        4326 | 4490 | 4214 | 4610 | 4555 => Crs::LonLat { name },
        // CGCS2000 / Gauss-Kruger zone 13–23 (6°, zone number in the false easting).
        4491..=4501 => {
            let zone = z - 4491.0 + 13.0;
            tm(Tm::cgcs2000(6.0 * zone - 3.0, zone * 1e6 + 5e5))
        }
        // CGCS2000 / Gauss-Kruger CM 75E–135E (6°).
        4502..=4512 => tm(Tm::cgcs2000(75.0 + 6.0 * (z - 4502.0), 5e5)),
        // CGCS2000 / 3-degree Gauss-Kruger zone 25–45.
        4513..=4533 => {
            let zone = z - 4513.0 + 25.0;
            tm(Tm::cgcs2000(3.0 * zone, zone * 1e6 + 5e5))
        }
        // CGCS2000 / 3-degree Gauss-Kruger CM 75E–135E.
        4534..=4554 => tm(Tm::cgcs2000(75.0 + 3.0 * (z - 4534.0), 5e5)),
        // WGS 84 / UTM zones, north and south.
        32601..=32660 | 32701..=32760 => {
            let zone = f64::from(code % 100);
            tm(Tm {
                a: A,
                inv_f: WGS84_INV_F,
                lon0: 6.0 * zone - 183.0,
                k0: 0.9996,
                false_easting: 5e5,
                false_northing: if code > 32700 { 1e7 } else { 0.0 },
                unit: 1.0,
            })
        }
        3857 | 900_913 | 102_100 => Crs::WebMercator { name },
        _ => Crs::Unsupported { name },
    }
}

/// The CRS named in a GeoJSON `crs` member (`urn:ogc:def:crs:EPSG::4490`, `EPSG:4326`,
/// `urn:ogc:def:crs:OGC:1.3:CRS84`).
pub fn from_name(name: &str) -> Crs {
    let n = name.trim();
    let upper = n.to_ascii_uppercase();
    if upper.ends_with("CRS84") || upper.ends_with("CRS:84") {
        return Crs::LonLat { name: n.into() };
    }
    let code = upper
        .rsplit(|c: char| !c.is_ascii_digit())
        .next()
        .and_then(|d| d.parse::<u32>().ok());
    match code {
        Some(c) if upper.contains("EPSG") => from_epsg(c),
        _ => Crs::Unsupported { name: n.into() },
    }
}

/// A node of WKT: `NAME[child, …]` with quoted strings, numbers and nested nodes.
#[derive(Debug)]
enum Wkt {
    Node(String, Vec<Wkt>),
    Str(String),
    Num(f64),
}

/// The CRS of a `.prj` (WKT) text.
pub fn from_wkt(text: &str) -> Crs {
    let mut chars = text.trim().chars().peekable();
    let Some(root) = parse_wkt(&mut chars) else {
        return Crs::Unsupported {
            name: text.trim().chars().take(80).collect(),
        };
    };
    let Wkt::Node(kind, children) = &root else {
        return Crs::Unsupported { name: text.into() };
    };
    let name = children
        .iter()
        .find_map(|c| match c {
            Wkt::Str(s) => Some(s.clone()),
            _ => None,
        })
        .unwrap_or_else(|| kind.clone());
    match kind.to_ascii_uppercase().as_str() {
        "GEOGCS" | "GEOGCRS" | "GEODCRS" | "GEOGRAPHICCRS" => Crs::LonLat { name },
        "PROJCS" | "PROJCRS" | "PROJECTEDCRS" => projected(name, children),
        _ => Crs::Unsupported { name },
    }
}

fn projected(name: String, children: &[Wkt]) -> Crs {
    let method = find(children, &["PROJECTION", "METHOD"])
        .and_then(first_str)
        .map(|m| normal(&m))
        .unwrap_or_default();
    let mut params: Vec<(String, f64)> = Vec::new();
    collect_params(children, &mut params);
    let param = |names: &[&str], default: f64| -> f64 {
        params
            .iter()
            .find(|(n, _)| names.contains(&n.as_str()))
            .map_or(default, |(_, v)| *v)
    };
    let (a, inv_f) = find(children, &["SPHEROID", "ELLIPSOID"])
        .map(|c| {
            let nums: Vec<f64> = c
                .iter()
                .filter_map(|x| match x {
                    Wkt::Num(v) => Some(*v),
                    _ => None,
                })
                .collect();
            (
                nums.first().copied().unwrap_or(A),
                nums.get(1).copied().unwrap_or(CGCS2000_INV_F),
            )
        })
        .unwrap_or((A, CGCS2000_INV_F));
    // WKT 1: the projected CRS's own UNIT (its last direct child); WKT 2: a LENGTHUNIT.
    let unit = children
        .iter()
        .rev()
        .find_map(|c| match c {
            Wkt::Node(k, ch) if k.eq_ignore_ascii_case("UNIT") => nums(ch).first().copied(),
            _ => None,
        })
        .or_else(|| find(children, &["LENGTHUNIT"]).and_then(|c| nums(c).first().copied()))
        .unwrap_or(1.0);
    let lat0 = param(&["latitudeoforigin", "latitudeofnaturalorigin"], 0.0);
    match method.as_str() {
        "transversemercator" | "gausskruger" | "gausskrueger" if lat0 == 0.0 && inv_f > 0.0 => {
            Crs::TransverseMercator {
                name,
                tm: Tm {
                    a,
                    inv_f,
                    lon0: param(
                        &[
                            "centralmeridian",
                            "longitudeofnaturalorigin",
                            "longitudeoforigin",
                        ],
                        0.0,
                    ),
                    k0: param(&["scalefactor", "scalefactoratnaturalorigin"], 1.0),
                    false_easting: param(&["falseeasting"], 0.0),
                    false_northing: param(&["falsenorthing"], 0.0),
                    unit,
                },
            }
        }
        "mercatorauxiliarysphere" | "popularvisualisationpseudomercator" => {
            Crs::WebMercator { name }
        }
        _ => Crs::Unsupported { name },
    }
}

fn nums(children: &[Wkt]) -> Vec<f64> {
    children
        .iter()
        .filter_map(|x| match x {
            Wkt::Num(v) => Some(*v),
            _ => None,
        })
        .collect()
}

fn first_str(children: &[Wkt]) -> Option<String> {
    children.iter().find_map(|x| match x {
        Wkt::Str(s) => Some(s.clone()),
        _ => None,
    })
}

/// Lower case without spaces, underscores or dashes (`False_Easting` → `falseeasting`).
fn normal(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The children of the first node named one of `names`, depth first.
fn find<'a>(children: &'a [Wkt], names: &[&str]) -> Option<&'a [Wkt]> {
    for c in children {
        if let Wkt::Node(k, ch) = c {
            if names.iter().any(|n| k.eq_ignore_ascii_case(n)) {
                return Some(ch);
            }
            if let Some(found) = find(ch, names) {
                return Some(found);
            }
        }
    }
    None
}

fn collect_params(children: &[Wkt], out: &mut Vec<(String, f64)>) {
    for c in children {
        if let Wkt::Node(k, ch) = c {
            if k.eq_ignore_ascii_case("PARAMETER") {
                if let (Some(n), Some(v)) = (first_str(ch), nums(ch).first()) {
                    out.push((normal(&n), *v));
                }
            } else if !k.eq_ignore_ascii_case("GEOGCS") && !k.eq_ignore_ascii_case("BASEGEOGCRS") {
                collect_params(ch, out);
            }
        }
    }
}

fn parse_wkt(it: &mut std::iter::Peekable<std::str::Chars>) -> Option<Wkt> {
    while it.peek().is_some_and(|c| c.is_whitespace()) {
        it.next();
    }
    match *it.peek()? {
        '"' => {
            it.next();
            let mut s = String::new();
            loop {
                let c = it.next()?;
                if c == '"' {
                    // A doubled quote is a quote inside the string (WKT 2).
                    if it.peek() == Some(&'"') {
                        it.next();
                        s.push('"');
                        continue;
                    }
                    break;
                }
                s.push(c);
            }
            Some(Wkt::Str(s))
        }
        c if c.is_ascii_digit() || c == '-' || c == '+' || c == '.' => {
            let mut s = String::new();
            while it
                .peek()
                .is_some_and(|c| c.is_ascii_alphanumeric() || "+-.".contains(*c))
            {
                s.push(it.next()?);
            }
            Some(Wkt::Num(s.parse().ok()?))
        }
        _ => {
            let mut key = String::new();
            while it
                .peek()
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_')
            {
                key.push(it.next()?);
            }
            while it.peek().is_some_and(|c| c.is_whitespace()) {
                it.next();
            }
            let mut children = Vec::new();
            if matches!(it.peek(), Some('[' | '(')) {
                it.next();
                loop {
                    children.push(parse_wkt(it)?);
                    while it.peek().is_some_and(|c| c.is_whitespace()) {
                        it.next();
                    }
                    match it.next()? {
                        ',' => {}
                        ']' | ')' => break,
                        _ => return None,
                    }
                }
            }
            (!key.is_empty()).then_some(Wkt::Node(key, children))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: [f64; 2], b: [f64; 2], tol: f64) {
        assert!(
            (a[0] - b[0]).abs() < tol && (a[1] - b[1]).abs() < tol,
            "{a:?} vs {b:?}"
        );
    }

    #[test]
    fn utm_inverse_reproduces_the_cn_tower_example() {
        // UTM 17N 630084 E 4833438 N is the CN Tower, 43°38′33.24″N 79°23′13.7″W.
        let p = from_epsg(32617).to_lon_lat([630_084.0, 4_833_438.0]);
        let lat = 43.0 + 38.0 / 60.0 + 33.24 / 3600.0;
        let lon = -(79.0 + 23.0 / 60.0 + 13.7 / 3600.0);
        close(p.expect("converts"), [lon, lat], 1e-5);
    }

    #[test]
    fn gauss_kruger_on_the_central_meridian_is_the_meridian_arc() {
        // On the CGCS2000 ellipsoid the meridian arc to 30°N is 3,320,113.398 m.
        let zone39 = from_epsg(4527); // 3-degree zone 39: CM 117°E, false easting 39,500,000
        close(
            zone39
                .to_lon_lat([39_500_000.0, 3_320_113.398])
                .expect("converts"),
            [117.0, 30.0],
            1e-8,
        );
        let cm117 = from_epsg(4548); // 3-degree CM 117E, false easting 500,000
        close(
            cm117
                .to_lon_lat([500_000.0, 3_320_113.398])
                .expect("converts"),
            [117.0, 30.0],
            1e-8,
        );
        // 6-degree zone 20 (EPSG 4498): CM 117°E.
        close(
            from_epsg(4498)
                .to_lon_lat([20_500_000.0, 3_320_113.398])
                .expect("converts"),
            [117.0, 30.0],
            1e-8,
        );
    }

    #[test]
    fn prj_texts_are_read_esri_ogc_and_wkt2() {
        let esri = r#"PROJCS["CGCS2000_3_Degree_GK_CM_117E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#;
        let crs = from_wkt(esri);
        assert_eq!(crs.name(), "CGCS2000_3_Degree_GK_CM_117E");
        assert_eq!(crs, {
            let Crs::TransverseMercator { tm, .. } = from_epsg(4548) else {
                panic!()
            };
            Crs::TransverseMercator {
                name: "CGCS2000_3_Degree_GK_CM_117E".into(),
                tm,
            }
        });
        let geo = r#"GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#;
        assert!(matches!(from_wkt(geo), Crs::LonLat { .. }));
        let wkt2 = r#"PROJCRS["WGS 84 / UTM zone 50N", BASEGEOGCRS["WGS 84", DATUM["World Geodetic System 1984", ELLIPSOID["WGS 84",6378137,298.257223563, LENGTHUNIT["metre",1]]]], CONVERSION["UTM zone 50N", METHOD["Transverse Mercator", ID["EPSG",9807]], PARAMETER["Latitude of natural origin",0], PARAMETER["Longitude of natural origin",117], PARAMETER["Scale factor at natural origin",0.9996], PARAMETER["False easting",500000], PARAMETER["False northing",0]], CS[Cartesian,2], LENGTHUNIT["metre",1]]"#;
        let Crs::TransverseMercator { tm, .. } = from_wkt(wkt2) else {
            panic!("{:?}", from_wkt(wkt2))
        };
        assert_eq!(
            (tm.lon0, tm.k0, tm.false_easting),
            (117.0, 0.9996, 500_000.0)
        );
        let lambert = r#"PROJCS["Asia_Lambert_Conformal_Conic",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]]],PROJECTION["Lambert_Conformal_Conic"],PARAMETER["Central_Meridian",105.0],UNIT["Meter",1.0]]"#;
        assert_eq!(
            from_wkt(lambert),
            Crs::Unsupported {
                name: "Asia_Lambert_Conformal_Conic".into()
            }
        );
    }

    #[test]
    fn geojson_crs_names() {
        assert!(matches!(
            from_name("urn:ogc:def:crs:EPSG::4490"),
            Crs::LonLat { .. }
        ));
        assert!(matches!(
            from_name("urn:ogc:def:crs:OGC:1.3:CRS84"),
            Crs::LonLat { .. }
        ));
        assert!(matches!(
            from_name("EPSG:4549"),
            Crs::TransverseMercator { .. }
        ));
        let p = from_name("EPSG:3857")
            .to_lon_lat([0.0, 0.0])
            .expect("converts");
        close(p, [0.0, 0.0], 1e-12);
        assert!(matches!(from_name("EPSG:2385"), Crs::Unsupported { .. }));
    }
}
