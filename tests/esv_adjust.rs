//! Regional adjustment of equivalent factors (Xie et al. 2015's NPP, precipitation and
//! soil-retention coefficients): hand-worked accounts through the public API.
//!
//! Fixture: counties A and B with the same land cover (水田 paddy 100 hm², 阔叶林
//! broadleaf_forest 200 hm²), table xie2015, D = 1000 元/hm² entered at the accounting year's
//! prices (2020), so the CPI factor is exactly 1. Only A has coefficients: B is A unadjusted.
//!
//! Xie 2015 rows (food, raw, water supply, gas, climate, purification, hydro, soil, nutrient,
//! biodiversity, aesthetic):
//! 水田 1.36 0.09 −2.63 1.11 0.57 0.17 2.72 0.01 0.19 0.21 0.09
//! 阔叶 0.29 0.66 0.34 2.17 6.50 1.93 4.74 2.65 0.20 2.41 1.06

use std::collections::BTreeMap;

use gep_calc::engine::{Accounts, CoefficientBasis, EsvAccount, Options, compute};
use gep_calc::i18n::{Lang, Text};
use gep_calc::model::*;
use gep_calc::registry::{AdjustBy, Registry, Tag};
use gep_calc::validate::{IssueKind, Severity, validate};

const A: &str = "360101";
const B: &str = "360102";

#[track_caller]
fn assert_close(got: f64, want: f64, what: &str) {
    assert!(
        (got - want).abs() <= 1e-12 * want.abs().max(1.0),
        "{what}: got {got}, want {want}"
    );
}

fn project() -> Project {
    let mut p = Project::empty("esv adjust");
    for (code, zh, en) in [(A, "甲县", "County A"), (B, "乙县", "County B")] {
        p.counties.push(County {
            code: code.into(),
            name: Text::new(zh, en),
            land_area_hm2: 300.0,
            prefecture: None,
        });
    }
    p.esv.standard_equivalent = StandardEquivalent::Direct {
        value_yuan_per_hm2: 1000.0,
        price_year: 2020,
        source: "test".into(),
        tag: Tag::V,
    };
    let land: BTreeMap<String, f64> = [("paddy", 100.0), ("broadleaf_forest", 200.0)]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    let mut counties = BTreeMap::new();
    for code in [A, B] {
        counties.insert(
            code.to_string(),
            CountyPeriod {
                land_cover: land.clone(),
                ..Default::default()
            },
        );
    }
    p.periods.push(Period {
        year: 2020,
        counties,
    });
    p
}

fn a_mut(p: &mut Project) -> &mut CountyPeriod {
    p.periods[0]
        .counties
        .get_mut(A)
        .unwrap_or_else(|| panic!("no county A"))
}

/// A at 1.2 × the national NPP (720 over a national mean of 600 gC/(m²·a)) and a precipitation
/// coefficient of 0.9 entered directly.
fn adjusted_project() -> Project {
    let mut p = project();
    p.esv.national_means.npp = Some(NationalMean {
        value: 600.0,
        unit: "gC/(m²·a)".into(),
        year: 2015,
        source: "全国 NPP 均值（测试）".into(),
    });
    a_mut(&mut p).esv_adjust = EsvAdjustInput {
        npp: Some(AdjustEntry::Value(720.0)),
        precipitation: Some(AdjustEntry::Coefficient(0.9)),
        soil: None,
    };
    p
}

fn run(p: &Project) -> Accounts {
    compute(p, Registry::builtin(), &Options::year(2020)).unwrap_or_else(|e| panic!("{e}"))
}

fn esv<'a>(acc: &'a Accounts, code: &str) -> &'a EsvAccount {
    acc.counties
        .iter()
        .find(|c| c.code == code)
        .and_then(|c| c.esv.as_ref())
        .unwrap_or_else(|| panic!("no ESV for {code}"))
}

fn service(e: &EsvAccount, id: &str) -> f64 {
    e.by_service
        .iter()
        .find(|(s, _)| &**s == id)
        .map_or(f64::NAN, |(_, v)| *v)
}

/// The acceptance case: exactly the services each coefficient governs change, by exactly that
/// factor; soil conservation (no soil coefficient) and county B are unchanged.
#[test]
fn npp_and_precipitation_scale_exactly_their_services() {
    let acc = run(&adjusted_project());
    let (a, b) = (esv(&acc, A), esv(&acc, B));
    let want = [
        ("food", 1.2),
        ("raw", 1.2),
        ("water_supply", 0.9),
        ("gas", 1.2),
        ("climate", 1.2),
        ("purification", 1.2),
        ("hydro", 0.9),
        ("soil", 1.0),
        ("nutrient", 1.2),
        ("biodiversity", 1.2),
        ("aesthetic", 1.2),
    ];
    assert_eq!(a.by_service.len(), want.len());
    for (id, f) in want {
        assert_close(service(a, id), service(b, id) * f, id);
    }
    // Hand-worked: food (100×1.36 + 200×0.29) × 1000 × 1.2 = 194 000 × 1.2 = 232 800;
    // water supply (100×(−2.63) + 200×0.34) × 1000 × 0.9 = −195 000 × 0.9 = −175 500;
    // hydro (272 + 948) × 1000 × 0.9 = 1 098 000; soil (1 + 530) × 1000 = 531 000.
    assert_close(service(a, "food"), 232_800.0, "food");
    assert_close(service(a, "water_supply"), -175_500.0, "water supply");
    assert_close(service(a, "hydro"), 1_098_000.0, "hydro");
    assert_close(service(a, "soil"), 531_000.0, "soil");
    assert_close(service(b, "food"), 194_000.0, "B food");
    // Market = food + raw + water supply after adjustment:
    // 232 800 + (9 + 132) × 1000 × 1.2 − 175 500 = 226 500.
    assert_close(a.market, 226_500.0, "market");
    assert_close(a.non_market, a.total - 226_500.0, "non-market");
    // The unadjusted total is B's total; the classes sum to the adjusted total.
    assert_close(a.unadjusted_total, b.total, "unadjusted total");
    assert_close(b.unadjusted_total, b.total, "B unadjusted");
    let classes: f64 = a.by_class.iter().map(|c| c.2).sum();
    assert_close(classes, a.total, "classes sum");
    // Paddy alone: 100 × 1000 × (1.2 × (1.36+0.09+1.11+0.57+0.17+0.19+0.21+0.09)
    //   + 0.9 × (−2.63 + 2.72) + 0.01) = 100 000 × (1.2 × 3.79 + 0.081 + 0.01) = 463 900.
    let paddy = a.by_class.iter().find(|c| &*c.0 == "paddy").map(|c| c.2);
    assert_close(paddy.unwrap_or(f64::NAN), 463_900.0, "paddy");
}

/// The account states each coefficient, where it comes from and the services it scaled.
#[test]
fn the_account_carries_each_coefficient_and_its_derivation() {
    let acc = run(&adjusted_project());
    let a = esv(&acc, A);
    assert!(a.adjusted());
    let kinds: Vec<AdjustBy> = a.coefficients.iter().map(|c| c.kind).collect();
    assert_eq!(kinds, AdjustBy::ALL.to_vec());
    let npp = &a.coefficients[0];
    assert_close(npp.value, 1.2, "P");
    assert_eq!(
        npp.basis,
        CoefficientBasis::Derived {
            county_value: 720.0,
            national_mean: 600.0,
            unit: "gC/(m²·a)".into(),
            year: 2015,
            source: "全国 NPP 均值（测试）".into(),
        }
    );
    let ids = |i: usize| -> Vec<String> {
        a.coefficients[i]
            .services
            .iter()
            .map(|s| s.to_string())
            .collect()
    };
    assert_eq!(
        ids(0),
        [
            "food",
            "raw",
            "gas",
            "climate",
            "purification",
            "nutrient",
            "biodiversity",
            "aesthetic"
        ]
    );
    assert_eq!(ids(1), ["water_supply", "hydro"]);
    assert_eq!(ids(2), ["soil"]);
    assert_eq!(a.coefficients[1].basis, CoefficientBasis::Entered);
    assert_eq!(a.coefficients[1].value, 0.9);
    assert_eq!(a.coefficients[2].basis, CoefficientBasis::NotAdjusted);
    assert_eq!(a.coefficients[2].value, 1.0);
    let b = esv(&acc, B);
    assert!(!b.adjusted());
    // The accounts JSON carries them.
    let json = serde_json::to_value(a).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(json["coefficients"][0]["kind"], "Npp");
    assert_eq!(
        json["coefficients"][0]["basis"]["Derived"]["national_mean"],
        600.0
    );
}

/// Xie 2003 declares its assignment by service meaning: 水源涵养 follows precipitation, 土壤形成
/// 与保护 soil retention, 废物处理 NPP.
#[test]
fn older_tables_assign_by_service_meaning() {
    let mut p = adjusted_project();
    p.esv.table = "xie2003".into();
    a_mut(&mut p).esv_adjust.soil = Some(AdjustEntry::Coefficient(0.5));
    let acc = run(&p);
    let (a, b) = (esv(&acc, A), esv(&acc, B));
    for (id, f) in [
        ("water_conservation", 0.9),
        ("soil", 0.5),
        ("waste", 1.2),
        ("recreation", 1.2),
    ] {
        assert_close(service(a, id), service(b, id) * f, id);
        assert!(service(b, id) != 0.0, "{id} is 0 in B");
    }
}

/// A county value with no national mean is not applied, and validation says what to enter.
#[test]
fn a_county_value_without_a_national_mean_is_not_applied_and_reported() {
    let mut p = adjusted_project();
    p.esv.national_means.npp = None;
    let acc = run(&p);
    let a = esv(&acc, A);
    assert_eq!(
        a.coefficients[0].basis,
        CoefficientBasis::NoNationalMean {
            county_value: 720.0
        }
    );
    assert_close(service(a, "food"), 194_000.0, "food not adjusted");
    let issues = validate(&p, Registry::builtin());
    let hit = issues
        .iter()
        .find(|i| matches!(i.kind, IssueKind::EsvNoNationalMean { .. }))
        .unwrap_or_else(|| panic!("{issues:#?}"));
    assert_eq!(hit.severity, Severity::Error);
    assert_eq!(hit.county.as_deref(), Some(A));
    assert_eq!(hit.value.as_deref(), Some("720"));
    assert!(
        hit.kind.message(Lang::Zh).contains("全国平均"),
        "{}",
        hit.kind.message(Lang::Zh)
    );
}

/// A coefficient ≤ 0 is an error naming the county and value; coefficients with a table that
/// declares no adjustment are a warning.
#[test]
fn bad_coefficients_are_reported() {
    let mut p = adjusted_project();
    a_mut(&mut p).esv_adjust.precipitation = Some(AdjustEntry::Coefficient(0.0));
    let issues = validate(&p, Registry::builtin());
    let hit = issues
        .iter()
        .find(|i| matches!(i.kind, IssueKind::EsvCoefficientNotPositive { .. }))
        .unwrap_or_else(|| panic!("{issues:#?}"));
    assert_eq!(hit.severity, Severity::Error);
    assert_eq!(
        (hit.county.as_deref(), hit.value.as_deref()),
        (Some(A), Some("0"))
    );

    let mut p = adjusted_project();
    let mut own = Registry::builtin()
        .factor_table("xie2015")
        .cloned()
        .unwrap_or_else(|| panic!("no xie2015"));
    own.id = "own".into();
    own.services.iter_mut().for_each(|s| s.adjust = None);
    own.adjust_note = Text::default();
    p.custom_factor_tables.push(own);
    p.esv.table = "own".into();
    let acc = run(&p);
    assert_close(service(esv(&acc, A), "food"), 194_000.0, "own table food");
    let issues = validate(&p, Registry::builtin());
    let hit = issues
        .iter()
        .find(|i| matches!(i.kind, IssueKind::EsvTableNotAdjusted { .. }))
        .unwrap_or_else(|| panic!("{issues:#?}"));
    assert_eq!(hit.severity, Severity::Warning);
}

/// The report's ESV part (in the analysis chapter) shows the coefficients per county (— for those not set) and every
/// derivation, only when some county has one.
#[test]
fn report_chapter_shows_the_coefficients_when_set() {
    use gep_calc::report::doc::Block;
    let texts = |p: &Project| -> Vec<Vec<String>> {
        let acc = run(p);
        let doc = gep_calc::report::chapters::build(p, &acc, Registry::builtin(), Lang::Zh);
        let esv = doc
            .sections
            .iter()
            .find(|s| s.id == "analysis")
            .unwrap_or_else(|| panic!("no analysis chapter"));
        esv.blocks
            .iter()
            .map(|b| match b {
                Block::Heading(h) | Block::Subheading(h) => vec![h.clone()],
                Block::Table(t) => t
                    .rows
                    .iter()
                    .flat_map(|r| r.cells.iter().map(|c| c.text.clone()))
                    .collect(),
                Block::List(l) => l.clone(),
                _ => vec![],
            })
            .collect()
    };
    let plain = texts(&project());
    // A sub-section of the ESV part, numbered "1." and so on.
    assert!(
        !plain
            .iter()
            .flatten()
            .any(|t| t.ends_with("当量因子的区域调节"))
    );
    let adjusted = texts(&adjusted_project());
    let i = adjusted
        .iter()
        .position(|b| b.first().is_some_and(|t| t == "1. 当量因子的区域调节"))
        .unwrap_or_else(|| panic!("{adjusted:?}"));
    // 甲县: P 1.2, R 0.9, S —; 乙县: all —.
    // Heading, paragraph, table caption, table.
    let table = &adjusted[i + 3];
    assert_eq!(&table[0..4], ["甲县", "1.2000", "0.9000", "—"]);
    assert_eq!(&table[6..10], ["乙县", "—", "—", "—"]);
    let list = &adjusted[i + 5];
    assert_eq!(
        list[0],
        "甲县：NPP 调节系数 P = 1.2000，县域净初级生产力（NPP）720 ÷ 全国平均 600 gC/(m²·a)（2015 年，全国 NPP 均值（测试））"
    );
    assert_eq!(list[1], "甲县：降水调节系数 R = 0.9000，直接输入的系数");
}

/// The workbook's ESV sheet has a row per coefficient with the county values.
#[test]
fn workbook_esv_sheet_has_the_coefficients() {
    use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
    let p = adjusted_project();
    let acc = run(&p);
    let bytes = gep_calc::report::workbook::write_workbook(&p, &acc, Registry::builtin(), Lang::Zh)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut wb: Xlsx<_> =
        open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap_or_else(|e| panic!("{e}"));
    let name = gep_calc::report::workbook::sheet_names(Lang::Zh)[4];
    let r = wb.worksheet_range(name).unwrap_or_else(|e| panic!("{e}"));
    let row = (0..r.height())
        .find(|&i| r.get_value((i as u32, 0)) == Some(&Data::String("P".into())))
        .unwrap_or_else(|| panic!("no P row"));
    let num = |row: usize, col: u32| match r.get_value((row as u32, col)) {
        Some(Data::Float(f)) => *f,
        other => panic!("{other:?}"),
    };
    assert_eq!((num(row, 4), num(row, 5)), (1.2, 1.0));
    assert_eq!((num(row + 2, 4), num(row + 2, 5)), (0.9, 1.0));
}

/// The coefficients go out in the template layout (`--with-data`) and come back the same; a
/// sheet headed in English with units in brackets is recognised too.
#[test]
fn coefficients_round_trip_through_the_template() {
    use gep_calc::io::import::{ImportInput, ImportOptions, TableKind, apply, preview, template};
    let mut want = adjusted_project();
    want.periods[0]
        .counties
        .get_mut(B)
        .unwrap_or_else(|| panic!("no B"))
        .esv_adjust
        .soil = Some(AdjustEntry::Coefficient(0.75));
    let bytes =
        template::project_data_bytes(&want, Registry::builtin()).unwrap_or_else(|e| panic!("{e}"));
    let mut got = want.clone();
    for cp in got.periods[0].counties.values_mut() {
        cp.esv_adjust = EsvAdjustInput::default();
    }
    got.esv.national_means = NationalMeans::default();
    let p = preview(
        &got,
        Registry::builtin(),
        ImportInput::Bytes {
            name: "coefficients.xlsx",
            bytes: &bytes,
        },
        &ImportOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(!p.has_errors(), "{:?}", p.problems);
    for kind in [TableKind::EsvAdjust, TableKind::EsvNationalMeans] {
        assert!(p.tables.iter().any(|t| t.kind == Some(kind)), "{kind:?}");
    }
    apply(&mut got, &p).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(got, want);

    // A CSV in English, units in brackets.
    let csv = "County code,Year,County NPP (gC/(m²·a)),Precipitation coefficient R,County soil retention (t/(hm²·a))\n\
               360101,2020,660,0.95,\n\
               360102,2020,,,\n";
    let mut p2 = project();
    p2.esv.national_means.npp = want.esv.national_means.npp.clone();
    let pv = preview(
        &p2,
        Registry::builtin(),
        ImportInput::Bytes {
            name: "coefficients.csv",
            bytes: csv.as_bytes(),
        },
        &ImportOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(!pv.has_errors(), "{:?}", pv.problems);
    apply(&mut p2, &pv).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        a_mut(&mut p2).esv_adjust,
        EsvAdjustInput {
            npp: Some(AdjustEntry::Value(660.0)),
            precipitation: Some(AdjustEntry::Coefficient(0.95)),
            soil: None,
        }
    );
}

/// The national means' sheet: an unknown item and a value ≤ 0 are errors naming the cell.
#[test]
fn national_means_sheet_rejects_unknown_items_and_non_positive_values() {
    use gep_calc::io::import::{ImportInput, ImportOptions, ProblemKind, preview};
    let csv = "调节项目,数值,单位,年份,来源\n\
               NPP,500,gC/(m²·a),2015,文献\n\
               蒸散量,900,mm,2015,文献\n\
               降水量,0,mm,2015,文献\n";
    let p = project();
    let pv = preview(
        &p,
        Registry::builtin(),
        ImportInput::Bytes {
            name: "means.csv",
            bytes: csv.as_bytes(),
        },
        &ImportOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let errors: Vec<(Option<u32>, ProblemKind)> =
        pv.errors().map(|e| (e.row, e.kind.clone())).collect();
    assert_eq!(
        errors,
        vec![
            (Some(3), ProblemKind::UnknownAdjustItem),
            (Some(4), ProblemKind::NotPositive)
        ]
    );
    assert_eq!(
        pv.changes
            .national_means
            .get(&AdjustBy::Npp)
            .map(|m| m.value),
        Some(500.0)
    );
}

/// A county value and a coefficient of the same item in one import is an error naming the
/// first cell; nothing is applied.
#[test]
fn value_and_coefficient_of_one_item_is_an_import_error() {
    use gep_calc::io::import::{ImportInput, ImportOptions, ProblemKind, preview};
    let csv = "行政区划代码,年份,NPP 县域值,NPP 调节系数 P\n360101,2020,600,1.2\n";
    let p = project();
    let pv = preview(
        &p,
        Registry::builtin(),
        ImportInput::Bytes {
            name: "both.csv",
            bytes: csv.as_bytes(),
        },
        &ImportOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let errors: Vec<ProblemKind> = pv.errors().map(|e| e.kind.clone()).collect();
    assert_eq!(
        errors,
        vec![ProblemKind::EsvValueAndCoefficient {
            first: "both!C2".into()
        }]
    );
}
