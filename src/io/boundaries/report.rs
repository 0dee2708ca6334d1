//! The words of a boundary import: the preview report line by line and the error messages,
//! from the catalogue (`assets/i18n/boundaries.ron`, keys `bd_`).

use super::{BoundaryError, BoundaryImport, Invalid};
use crate::i18n::{Lang, t, tf};

/// At most this many features are listed under one heading; the rest are counted.
const LIST: usize = 20;

pub fn error_message(e: &BoundaryError, lang: Lang) -> String {
    match e {
        BoundaryError::Read { file, cause } => tf(
            lang,
            "bd_err_read",
            &[("file", file), ("cause", &crate::io::os_error(lang, cause))],
        ),
        BoundaryError::TooLarge { file, bytes } => tf(
            lang,
            "bd_err_too_large",
            &[
                ("file", file),
                ("mb", &format!("{:.0}", *bytes as f64 / 1048576.0)),
                ("limit", &(super::MAX_BYTES / 1048576).to_string()),
            ],
        ),
        BoundaryError::TooManyPoints { limit } => tf(
            lang,
            "bd_err_too_many_points",
            &[("limit", &limit.to_string())],
        ),
        BoundaryError::UnknownFormat { file } => tf(lang, "bd_err_format", &[("file", file)]),
        BoundaryError::BadJson {
            line,
            column,
            message,
        } => tf(
            lang,
            "bd_err_json",
            &[
                ("line", &line.to_string()),
                ("column", &column.to_string()),
                ("message", message),
            ],
        ),
        BoundaryError::NotGeoJson => t(lang, "bd_err_not_geojson").to_string(),
        BoundaryError::BadFile { file } => tf(lang, "bd_err_bad_file", &[("file", file)]),
        BoundaryError::MissingPart { part } => tf(lang, "bd_err_missing", &[("part", part)]),
        BoundaryError::UnsupportedCrs { name } => tf(lang, "bd_err_crs", &[("name", name)]),
        BoundaryError::LooksProjected { x, y } => tf(
            lang,
            "bd_err_projected",
            &[("x", &format!("{x:.1}")), ("y", &format!("{y:.1}"))],
        ),
        BoundaryError::NoFeatures => t(lang, "bd_err_no_features").to_string(),
        BoundaryError::NoSuchField { field, fields } => tf(
            lang,
            "bd_err_no_field",
            &[("field", field), ("fields", &fields.join(", "))],
        ),
        BoundaryError::NoMatch { field, fields } => match field {
            Some(f) => tf(
                lang,
                "bd_err_no_match_field",
                &[("field", f), ("fields", &fields.join(", "))],
            ),
            None => tf(
                lang,
                "bd_err_no_match_auto",
                &[("fields", &fields.join(", "))],
            ),
        },
    }
}

/// Why a feature cannot be used, in words.
pub fn invalid_message(why: &Invalid, lang: Lang) -> String {
    match why {
        Invalid::NoGeometry => t(lang, "bd_inv_none").to_string(),
        Invalid::NotPolygon(kind) => tf(lang, "bd_inv_not_polygon", &[("kind", kind)]),
        Invalid::TooFewPoints => t(lang, "bd_inv_few").to_string(),
        Invalid::NotFinite => t(lang, "bd_inv_nan").to_string(),
        Invalid::OutOfRange(p) => tf(
            lang,
            "bd_inv_range",
            &[("x", &format!("{}", p[0])), ("y", &format!("{}", p[1]))],
        ),
    }
}

fn listed(lang: Lang, items: &[String], out: &mut Vec<String>) {
    for item in items.iter().take(LIST) {
        out.push(format!("  {item}"));
    }
    if items.len() > LIST {
        let more = (items.len() - LIST).to_string();
        out.push(tf(lang, "bd_rep_more", &[("n", &more)]));
    }
}

pub fn lines(r: &BoundaryImport, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    let mut head = tf(
        lang,
        "bd_rep_file",
        &[("file", &r.file_name), ("crs", &r.crs)],
    );
    if !r.crs_stated {
        head.push_str(t(lang, "bd_rep_crs_assumed"));
    }
    if let Some(enc) = &r.encoding {
        head.push_str(&tf(lang, "bd_rep_encoding", &[("enc", enc)]));
    }
    out.push(head);
    let key = if r.by_name {
        "bd_rep_field_name"
    } else {
        "bd_rep_field_code"
    };
    out.push(tf(lang, key, &[("field", &r.field)]));
    let total = r.matched.len() + r.unmatched_counties.len();
    out.push(tf(
        lang,
        "bd_rep_matched",
        &[
            ("n", &r.matched.len().to_string()),
            ("total", &total.to_string()),
        ],
    ));
    for m in &r.matched {
        if let Some(v) = &m.by_suffix {
            out.push(tf(
                lang,
                "bd_rep_suffix",
                &[("county", &m.county), ("value", v)],
            ));
        }
    }
    if !r.unmatched_counties.is_empty() {
        let list: Vec<String> = r
            .unmatched_counties
            .iter()
            .map(|(code, name)| match lang {
                Lang::Zh => format!("{name}（{code}）"),
                Lang::En => format!("{name} ({code})"),
            })
            .collect();
        out.push(tf(
            lang,
            "bd_rep_unmatched_counties",
            &[("list", &list.join(", "))],
        ));
    }
    for (code, labels) in &r.duplicates {
        out.push(tf(
            lang,
            "bd_rep_duplicates",
            &[("county", code), ("list", &labels.join("; "))],
        ));
    }
    if !r.unmatched_features.is_empty() {
        let n = r.unmatched_features.len().to_string();
        out.push(tf(lang, "bd_rep_unmatched_features", &[("n", &n)]));
        listed(lang, &r.unmatched_features, &mut out);
    }
    if !r.invalid.is_empty() {
        let n = r.invalid.len().to_string();
        out.push(tf(lang, "bd_rep_invalid", &[("n", &n)]));
        let items: Vec<String> = r
            .invalid
            .iter()
            .map(|(label, why)| format!("{label}: {}", invalid_message(why, lang)))
            .collect();
        listed(lang, &items, &mut out);
    }
    out.push(tf(
        lang,
        "bd_rep_simplified",
        &[
            ("tol", &format!("{}", r.tolerance_deg)),
            ("m", &format!("{:.0}", r.tolerance_deg * 111_000.0)),
            ("read", &r.points_read.to_string()),
            ("kept", &r.points_kept.to_string()),
        ],
    ));
    if r.needs_accept() {
        out.push(tf(
            lang,
            "bd_rep_needs_accept",
            &[("n", &r.matched.len().to_string())],
        ));
    }
    out
}
