//! The table "GEP by ecosystem type" from hand-made accounts: a county split into forest (with
//! two subtypes) and wetland, the rest not split; the rows add up to the county's gross.

use super::fixture::{accounts, project};
use super::*;
use crate::engine::{Options, compute};
use crate::registry::Registry;

#[test]
fn county_rows_sum_to_gross_and_subtypes_sit_under_their_type() {
    let p = project();
    let a = accounts(&p);
    let l = Labels::new(&p, Registry::builtin(), Lang::Zh);
    let t = county_table(&l, &a, "360101").expect("甲县 is split");
    assert_eq!(t.name, "甲县");
    let names: Vec<&str> = t.rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "森林",
            "　其中：针叶林",
            "　其中：竹林",
            "湿地",
            "未分生态系统类型",
            "合计"
        ]
    );
    let kinds: Vec<EcoRowKind> = t.rows.iter().map(|r| r.kind).collect();
    use EcoRowKind::*;
    assert_eq!(kinds, [Type, Subtype, Subtype, Type, NotSplit, Total]);
    // Type and not-split rows add up to the total row, column by column.
    let top = |f: &dyn Fn(&EcoRow) -> f64| -> f64 {
        t.rows
            .iter()
            .filter(|r| matches!(r.kind, Type | NotSplit))
            .map(f)
            .sum()
    };
    let total = t.rows.last().expect("total row");
    assert_eq!(total.total, 8_500_000.0);
    assert_eq!(top(&|r| r.total), total.total);
    assert_eq!(top(&|r| r.material.unwrap_or(0.0)), 4_000_000.0);
    assert_eq!(top(&|r| r.regulating.unwrap_or(0.0)), 4_300_000.0);
    assert_eq!(top(&|r| r.cultural.unwrap_or(0.0)), 200_000.0);
    // A subtype row has its categories; its subtypes add up to the forest row.
    assert_eq!(t.rows[1].total, 2_000_000.0);
    assert_eq!(t.rows[1].regulating, Some(2_000_000.0));
    assert_eq!(t.rows[1].material, Some(0.0));
    assert_eq!(t.rows[1].total + t.rows[2].total, t.rows[0].total);
    assert_eq!(t.rows[0].key.as_deref(), Some("forest"));
    assert_eq!(t.rows[2].key.as_deref(), Some("bamboo"));
}

#[test]
fn unsplit_county_has_no_table_and_region_comes_last() {
    let p = project();
    let a = accounts(&p);
    let l = Labels::new(&p, Registry::builtin(), Lang::En);
    assert!(county_table(&l, &a, "360102").is_none());
    let all = tables(&l, &a);
    let names: Vec<&str> = all.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["甲县", "Region"]);
    assert_eq!(all[1].code, None);
    assert_eq!(all[0].rows[1].name, "   of which: Conifer");
    assert_eq!(
        headers(&l, MoneyUnit::YiYuan)[2],
        "Regulating services (10⁸ CNY)"
    );
    assert!(any_split(&a));
    let plain = compute(&p, Registry::builtin(), &Options::year(2020)).expect("computes");
    assert!(!any_split(&plain));
    assert!(tables(&l, &plain).is_empty());
}
