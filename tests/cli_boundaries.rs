//! `gep-calc boundaries`, run as a user would on a copy of the sample project: a GeoJSON with a
//! bad feature is refused until `--accept`, `--dry-run` and refusals leave the file untouched,
//! `--remove` goes back to the bundled outlines.

use std::path::Path;
use std::process::{Command, Output};

fn gep(dir: &Path, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_gep-calc"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run gep-calc {args:?}: {e}"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    out
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn square(x: f64, y: f64, d: f64) -> String {
    format!(
        "[[[{x},{y}],[{},{y}],[{},{}],[{x},{}],[{x},{y}]]]",
        x + d,
        x + d,
        y + d,
        y + d
    )
}

/// 资溪县 and 黎川县 good, one feature with a NaN written as text.
fn geojson() -> String {
    let f = |code: &str, coords: &str| {
        format!(
            r#"{{"type":"Feature","properties":{{"PAC":"{code}"}},"geometry":{{"type":"Polygon","coordinates":{coords}}}}}"#
        )
    };
    format!(
        r#"{{"type":"FeatureCollection","features":[{},{},{}]}}"#,
        f("361028", &square(117.0, 27.6, 0.2)),
        f("361022", &square(116.8, 27.1, 0.2)),
        f(
            "361021",
            r#"[[[116.5,27.5],["NaN",27.6],[116.6,27.6],[116.5,27.5]]]"#
        ),
    )
}

#[test]
fn import_is_refused_until_accepted_then_saved_and_removed() {
    let dir = tempfile::tempdir().expect("tmp");
    let project = dir.path().join("fz.ron");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/fuzhou_sample.ron");
    std::fs::copy(&sample, &project).expect("copy");
    std::fs::write(dir.path().join("fz.geojson"), geojson()).expect("write");
    let original = std::fs::read(&project).expect("read");

    let out = gep(
        dir.path(),
        &["boundaries", "fz.ron", "--import", "fz.geojson"],
    );
    let t = text(&out);
    assert_eq!(out.status.code(), Some(2), "{t}");
    assert!(t.contains("匹配 2 个县区（共 11 个）"), "{t}");
    assert!(t.contains("#3 PAC=361021: 坐标不是数字"), "{t}");
    assert!(t.contains("--accept"), "{t}");
    assert_eq!(std::fs::read(&project).expect("read"), original);

    let out = gep(
        dir.path(),
        &[
            "boundaries",
            "fz.ron",
            "--import",
            "fz.geojson",
            "--dry-run",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(std::fs::read(&project).expect("read"), original);

    let out = gep(
        dir.path(),
        &[
            "--lang",
            "en",
            "boundaries",
            "fz.ron",
            "--import",
            "fz.geojson",
            "--accept",
            "--source",
            "审图号：赣S（2023）012号",
        ],
    );
    let t = text(&out);
    assert_eq!(out.status.code(), Some(0), "{t}");
    assert!(t.contains("2 of 11 counties matched"), "{t}");
    assert!(t.contains("boundaries of 2 counties imported"), "{t}");
    let p = gep_calc::io::load(&project).expect("loads");
    let b = p.boundaries.as_ref().expect("saved");
    assert_eq!(b.source, "审图号：赣S（2023）012号");
    assert_eq!(
        b.shapes
            .iter()
            .map(|s| s.county.as_str())
            .collect::<Vec<_>>(),
        ["361022", "361028"]
    );
    // Everything else of the project is as it was.
    let mut without = p.clone();
    without.boundaries = None;
    assert_eq!(without, gep_calc::io::load(&sample).expect("sample"));

    let out = gep(dir.path(), &["boundaries", "fz.ron"]);
    assert!(text(&out).contains("11 个县区中 2 个有边界；来源：审图号：赣S（2023）012号"));

    let out = gep(dir.path(), &["boundaries", "fz.ron", "--remove"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out).contains("改用内置示意边界"));
    assert_eq!(
        gep_calc::io::load(&project).expect("loads").boundaries,
        None
    );
    let out = gep(dir.path(), &["boundaries", "fz.ron"]);
    assert!(
        text(&out).contains("11 个县区中 11 个有边界"),
        "{}",
        text(&out)
    );
}

#[test]
fn a_file_that_cannot_be_read_exits_2_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let project = dir.path().join("fz.ron");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/fuzhou_sample.ron");
    std::fs::copy(&sample, &project).expect("copy");
    let original = std::fs::read(&project).expect("read");
    std::fs::write(
        dir.path().join("b.geojson"),
        "{\"type\": \"FeatureCollection\", ",
    )
    .expect("w");
    for file in ["b.geojson", "missing.shp", "notes.txt"] {
        let out = gep(dir.path(), &["boundaries", "fz.ron", "--import", file]);
        assert_eq!(out.status.code(), Some(2), "{file}: {}", text(&out));
        assert!(text(&out).contains("项目文件未改动"), "{}", text(&out));
    }
    assert_eq!(std::fs::read(&project).expect("read"), original);
}
