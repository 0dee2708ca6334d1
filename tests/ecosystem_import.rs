//! Import of the ecosystem split from the template's sheets (生态系统亚类, 分生态系统地类,
//! 分生态系统指标): the template with a project's data reads back into an empty copy with the
//! same subtypes and parts; a part the project does not know is an error naming the row.

use std::collections::BTreeMap;

use gep_calc::i18n::{Lang, Text};
use gep_calc::io::import::{
    ImportInput, ImportOptions, ImportPreview, ProblemKind, TableKind, apply, preview, template,
};
use gep_calc::model::*;
use gep_calc::registry::Registry;

const A: &str = "361028";
const B: &str = "361002";

fn input(method: &str, pairs: &[(&str, f64)]) -> IndicatorInput {
    IndicatorInput {
        method: method.into(),
        values: pairs.iter().map(|(k, v)| ((*k).to_string(), *v)).collect(),
        ..Default::default()
    }
}

/// Two counties, two years; three forest subtypes in county A (2022) with NPP, a wetland part
/// with water balance on its own land cover (2021), oxygen from carbon (a method without
/// inputs) in one subtype.
fn split_project() -> Project {
    let mut p = Project::empty("分生态系统导入");
    for (code, zh, en) in [(A, "资溪县", "Zixi"), (B, "临川区", "Linchuan")] {
        p.counties.push(County {
            code: code.into(),
            name: Text::new(zh, en),
            land_area_hm2: 100_000.0,
            prefecture: None,
        });
    }
    for year in [2021, 2022] {
        p.periods.push(Period {
            year,
            counties: BTreeMap::new(),
        });
    }
    for (id, zh, en) in [
        ("conifer", "针叶林", "Coniferous forest"),
        ("broadleaf", "阔叶林", "Broadleaf forest"),
        ("bamboo", "竹林", "Bamboo forest"),
    ] {
        p.ecosystem_subtypes.push(EcosystemSubtype {
            id: id.into(),
            name: Text::new(zh, en),
            ecosystem: "forest".into(),
        });
    }
    fn cp<'a>(p: &'a mut Project, year: i32, code: &str) -> &'a mut CountyPeriod {
        p.period_mut(year)
            .unwrap_or_else(|| panic!("period"))
            .counties
            .entry(code.into())
            .or_default()
    }
    let c = cp(&mut p, 2022, A);
    for (id, npp, class, area) in [
        ("conifer", 10_000.0, "needleleaf_forest", 4_000.0),
        ("broadleaf", 6_000.0, "broadleaf_forest", 2_500.0),
        ("bamboo", 2_000.0, "bamboo_forest", 800.0),
    ] {
        let mut part = EcosystemPart::default();
        part.land_cover.insert(class.into(), area);
        part.indicators
            .insert("carbon_sequestration".into(), input("npp", &[("npp", npp)]));
        c.ecosystem_parts.insert(id.into(), part);
    }
    if let Some(conifer) = c.ecosystem_parts.get_mut("conifer") {
        conifer
            .indicators
            .insert("oxygen_release".into(), input("from_carbon", &[]));
    }
    let c = cp(&mut p, 2021, B);
    let mut wetland = EcosystemPart::default();
    wetland.land_cover.insert("lake".into(), 300.0);
    wetland.land_cover.insert("marsh".into(), 120.5);
    wetland.indicators.insert(
        "water_conservation".into(),
        input("water_balance", &[("precip", 1650.0), ("et", 720.0)]),
    );
    c.ecosystem_parts.insert("wetland".into(), wetland);
    p
}

fn run(project: &Project, bytes: &[u8]) -> ImportPreview {
    preview(
        project,
        Registry::builtin(),
        ImportInput::Bytes {
            name: "分生态系统.xlsx",
            bytes,
        },
        &ImportOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

fn messages(p: &ImportPreview) -> String {
    p.problems
        .iter()
        .map(|x| format!("{:?}: {}", x.severity(), x.message(Lang::En)))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_split_reads_back_from_the_template_with_data() {
    let want = split_project();
    let bytes = template::project_data_bytes(&want, Registry::builtin()).expect("export");
    // An empty copy: same counties, no periods, no subtypes.
    let mut target = Project::empty("空项目");
    target.counties = want.counties.clone();
    let p = run(&target, &bytes);
    assert!(!p.has_errors(), "{}", messages(&p));
    let kinds: Vec<TableKind> = p.tables.iter().filter_map(|t| t.kind).collect();
    for k in [
        TableKind::EcosystemSubtypes,
        TableKind::PartLandCover,
        TableKind::PartInputs,
    ] {
        assert!(kinds.contains(&k), "{k:?} in {kinds:?}");
    }
    apply(&mut target, &p).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(target.ecosystem_subtypes, want.ecosystem_subtypes);
    for wp in &want.periods {
        let gp = target.period(wp.year).expect("period imported");
        for (code, wc) in &wp.counties {
            let gc = gp.counties.get(code).expect("county imported");
            assert_eq!(gc.ecosystem_parts, wc.ecosystem_parts, "{} {code}", wp.year);
        }
    }
}

#[test]
fn the_blank_templates_example_rows_are_skipped_and_an_unknown_part_is_an_error() {
    let bytes = template::template_bytes(Registry::builtin()).expect("template");
    let project = split_project();
    let p = run(&project, &bytes);
    assert!(!p.has_errors(), "{}", messages(&p));
    assert!(p.changes.subtypes.is_empty());

    // A subtype the project does not have, named in the part sheets of the data template
    // (read without its subtypes sheet): 竹林 is unknown.
    let want = split_project();
    let bytes = template::project_data_bytes(&want, Registry::builtin()).expect("export");
    let mut target = want.clone();
    target.ecosystem_subtypes.retain(|s| s.id != "bamboo");
    // Read the file without its subtypes sheet.
    let sheets: Vec<String> = run(&target, &bytes)
        .tables
        .iter()
        .filter(|t| t.kind != Some(TableKind::EcosystemSubtypes))
        .map(|t| t.sheet.clone())
        .collect();
    let p = preview(
        &target,
        Registry::builtin(),
        ImportInput::Bytes {
            name: "x.xlsx",
            bytes: &bytes,
        },
        &ImportOptions {
            sheets,
            ..ImportOptions::default()
        },
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let unknown: Vec<_> = p
        .problems
        .iter()
        .filter(|x| x.kind == ProblemKind::UnknownEcosystemPart)
        .collect();
    // Its land-cover row and its carbon row.
    assert_eq!(unknown.len(), 2, "{}", messages(&p));
    assert!(unknown.iter().all(|x| x.value.as_deref() == Some("竹林")));
    assert!(unknown[0].message(Lang::Zh).contains("生态系统类型"));
}
