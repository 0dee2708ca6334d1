//! A hand-made split for tests of the table "GEP by ecosystem type" (the view, the report and
//! the workbook): two counties, 甲县 split by hand, 乙县 not.

use std::sync::Arc;

use crate::engine::{Accounts, EcosystemTotals, Options, compute};
use crate::model::EcosystemSubtype;
use crate::model::setup::{NewProject, new_county};
use crate::registry::Registry;

pub(crate) fn project() -> crate::model::Project {
    let mut p = NewProject {
        name: "t".into(),
        years: vec![2020],
        counties: vec![
            new_county("360101", "甲县", None),
            new_county("360102", "乙县", None),
        ],
        ..Default::default()
    }
    .build();
    for (id, zh, en) in [
        ("conifer", "针叶林", "Conifer"),
        ("bamboo", "竹林", "Bamboo"),
    ] {
        p.ecosystem_subtypes.push(EcosystemSubtype {
            id: id.into(),
            name: crate::i18n::Text::new(zh, en),
            ecosystem: "forest".into(),
        });
    }
    p
}

fn row(eco: Option<&str>, subs: &[(&str, f64)], m: f64, r: f64, c: f64) -> EcosystemTotals {
    EcosystemTotals {
        ecosystem: eco.map(Arc::from),
        // The fixture's subtypes are regulating values.
        subtypes: subs
            .iter()
            .map(|(k, v)| row(Some(k), &[], 0.0, *v, 0.0))
            .collect(),
        material: m,
        regulating: r,
        cultural: c,
        total: m + r + c,
    }
}

/// Accounts of `project()` with county 甲县 split by hand: forest 300 万元 regulating (of which
/// 针叶林 200, 竹林 100), wetland 50 万元 regulating, not split 400 material + 80 regulating +
/// 20 cultural; gross 850 万元. 乙县 is not split.
pub(crate) fn accounts(p: &crate::model::Project) -> Accounts {
    let mut a = compute(p, Registry::builtin(), &Options::year(2020)).expect("computes");
    let wan = 1e4;
    let c = &mut a.counties[0];
    c.by_ecosystem = vec![
        row(
            Some("forest"),
            &[("conifer", 200.0 * wan), ("bamboo", 100.0 * wan)],
            0.0,
            300.0 * wan,
            0.0,
        ),
        row(Some("wetland"), &[], 0.0, 50.0 * wan, 0.0),
        row(None, &[], 400.0 * wan, 80.0 * wan, 20.0 * wan),
    ];
    c.totals.material = 400.0 * wan;
    c.totals.regulating = 430.0 * wan;
    c.totals.cultural = 20.0 * wan;
    c.totals.gross = 850.0 * wan;
    a.region.by_ecosystem = a.counties[0].by_ecosystem.clone();
    a.region.totals = a.counties[0].totals;
    a
}
