//! The region's "GEP by ecosystem type" when only some counties are split: a county that is
//! not split counts whole in the region's not-split row (未分生态系统类型), so the region's rows
//! sum to its gross, as a county's do.

use gep_calc::engine::{Options, Status, compute};
use gep_calc::model::setup::{NewProject, new_county};
use gep_calc::model::{EcosystemPart, IndicatorInput, Project};
use gep_calc::registry::Registry;

fn direct_co2(t: f64) -> IndicatorInput {
    IndicatorInput {
        method: "direct".into(),
        values: [("co2".to_string(), t)].into(),
        ..Default::default()
    }
}

/// 甲县 splits its carbon sequestration into wetland (800 t CO₂); 乙县 enters 500 t CO₂ for
/// the county and is not split.
fn project() -> Project {
    let mut p = NewProject {
        name: "两县".into(),
        years: vec![2020],
        counties: vec![
            new_county("360101", "甲县", None),
            new_county("360102", "乙县", None),
        ],
        ..Default::default()
    }
    .build();
    let period = p.period_mut(2020).expect("year");
    let mut wetland = EcosystemPart::default();
    wetland
        .indicators
        .insert("carbon_sequestration".into(), direct_co2(800.0));
    period
        .counties
        .entry("360101".into())
        .or_default()
        .ecosystem_parts
        .insert("wetland".into(), wetland);
    period
        .counties
        .entry("360102".into())
        .or_default()
        .indicators
        .insert("carbon_sequestration".into(), direct_co2(500.0));
    p
}

#[test]
fn an_unsplit_county_counts_whole_in_the_regions_not_split_row() {
    let p = project();
    let a = compute(&p, Registry::builtin(), &Options::year(2020)).expect("computes");
    let carbon = |i: usize| {
        let x = a.counties[i]
            .indicators
            .iter()
            .find(|x| &*x.id == "carbon_sequestration")
            .expect("carbon");
        assert_eq!(x.status, Status::Computed);
        x.value
    };
    let (jia, yi) = (carbon(0), carbon(1));
    assert!(yi > 0.0);
    assert!((jia / yi - 800.0 / 500.0).abs() < 1e-12);
    // 乙县 has no rows of its own; the region has wetland (甲县) and not split (乙县 whole).
    assert!(a.counties[1].by_ecosystem.is_empty());
    let rows = &a.region.by_ecosystem;
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[0].ecosystem.as_deref(), Some("wetland"));
    assert_eq!(rows[0].regulating, jia);
    assert_eq!(rows[1].ecosystem, None);
    assert_eq!(rows[1].regulating, yi);
    assert_eq!(rows[1].total, a.counties[1].totals.gross);
    let sum: f64 = rows.iter().map(|r| r.total).sum();
    assert!((sum - a.region.totals.gross).abs() < 1e-6);
}

#[test]
fn no_split_county_means_no_region_rows() {
    let mut p = project();
    if let Some(period) = p.period_mut(2020)
        && let Some(cp) = period.counties.get_mut("360101")
    {
        cp.ecosystem_parts.clear();
    }
    let a = compute(&p, Registry::builtin(), &Options::year(2020)).expect("computes");
    assert!(a.region.by_ecosystem.is_empty());
}
