//! `gep-calc new` and `gep-calc divisions`, run as a consultant would: a project for 抚州市
//! from its prefecture code, validated; the 11 county codes listed.

use std::path::Path;
use std::process::{Command, Output};

fn gep(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gep-calc"))
        .args(["--lang", "zh"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run gep-calc {args:?}: {e}"))
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn divisions_3610_lists_the_eleven_counties_of_fuzhou() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = gep(dir.path(), &["divisions", "3610"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    let lines: Vec<&str> = s.lines().collect();
    assert_eq!(lines.len(), 11, "{s}");
    assert_eq!(lines[0], "361002\t临川区\t抚州市\t江西省");
    assert!(lines.contains(&"361028\t资溪县\t抚州市\t江西省"), "{s}");
    assert_eq!(lines[10], "361030\t广昌县\t抚州市\t江西省");
    // A prefix with no unit fails with a message naming it.
    let out = gep(dir.path(), &["divisions", "9999"]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("9999"), "{}", text(&out.stderr));
}

#[test]
fn new_with_a_prefecture_code_writes_a_project_validate_accepts() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let args = [
        "new",
        "fz.ron",
        "--name",
        "抚州市GEP核算",
        "--counties",
        "3610",
        "--years",
        "2021,2022",
        "--organisation",
        "某生态研究院",
    ];
    let out = gep(dir.path(), &args);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("11 个县区"),
        "{}",
        text(&out.stdout)
    );

    let p = gep_calc::io::load(&dir.path().join("fz.ron")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(p.meta.name, "抚州市GEP核算");
    assert_eq!(p.meta.region, "江西省抚州市");
    assert_eq!(p.meta.organisation, "某生态研究院");
    assert_eq!(p.meta.framework, "gbt46869");
    assert_eq!(p.counties.len(), 11);
    assert_eq!(p.counties[9].code, "361028");
    assert_eq!(p.counties[9].name.zh, "资溪县");
    let years: Vec<i32> = p.periods.iter().map(|x| x.year).collect();
    assert_eq!(years, [2021, 2022]);

    // Validation: no errors, only notes that data is still missing.
    let out = gep(dir.path(), &["validate", "fz.ron"]);
    let s = text(&out.stdout);
    assert!(out.status.success(), "{s}{}", text(&out.stderr));
    assert!(!s.contains("错误:"), "{s}");
    assert!(s.contains("尚未填写县域面积"), "{s}");

    // The file is not overwritten without --force.
    let out = gep(dir.path(), &args);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("--force"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn new_keeps_an_unknown_code_and_flags_it() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = gep(
        dir.path(),
        &[
            "new",
            "x.ron",
            "--counties",
            "361028,361099=试验县",
            "--years",
            "2020-2022",
            "--framework",
            "ndrc2022",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("361099"),
        "{}",
        text(&out.stderr)
    );
    let p = gep_calc::io::load(&dir.path().join("x.ron")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(p.counties[1].name.zh, "试验县");
    assert_eq!(p.periods.len(), 3);
    assert_eq!(p.meta.framework, "ndrc2022");
    let out = gep(
        dir.path(),
        &["new", "y.ron", "--counties", "3610", "--framework", "nope"],
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("gbt46869"),
        "{}",
        text(&out.stderr)
    );
}

/// A county just added has no land area: a note while it has no land cover, an error once it
/// has some (the area bounds the land cover).
#[test]
fn missing_land_area_is_a_note_until_land_cover_is_entered() {
    use gep_calc::model::setup::{NewProject, new_county};
    use gep_calc::validate::{IssueKind, Severity, validate};
    let mut p = NewProject {
        name: "t".into(),
        years: vec![2022],
        counties: vec![new_county("361028", "资溪县", Some("抚州市"))],
        ..Default::default()
    }
    .build();
    let reg = gep_calc::registry::Registry::builtin();
    let area = |p: &gep_calc::model::Project| -> Vec<(Severity, IssueKind)> {
        validate(p, reg)
            .into_iter()
            .filter(|i| i.field == "land_area_hm2")
            .map(|i| (i.severity, i.kind))
            .collect()
    };
    assert_eq!(
        area(&p),
        [(Severity::Warning, IssueKind::LandAreaNotEntered)]
    );
    let cp = p.periods[0].counties.entry("361028".into()).or_default();
    cp.land_cover.insert("paddy".into(), 100.0);
    assert_eq!(area(&p), [(Severity::Error, IssueKind::NonPositiveArea)]);
    p.counties[0].land_area_hm2 = 500.0;
    assert!(area(&p).is_empty());
}
