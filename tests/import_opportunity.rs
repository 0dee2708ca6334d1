//! The compensation scenario's opportunity-cost inputs through the import template: the four
//! 机会成本 sheets written from a project read back into another (round trip), a hand-made
//! sheet in other units, and every bad cell named with sheet, row, column and value.

use gep_calc::io::import::template;
use gep_calc::io::import::{
    ImportInput, ImportOptions, ImportPreview, ProblemKind, apply, preview,
};
use gep_calc::model::Project;
use gep_calc::model::compensation::{
    BeneficiaryEntry, IncomeEntry, InvestmentEntry, OpportunitySettings, OtherCostEntry,
};
use gep_calc::registry::Registry;
use rust_xlsxwriter::Workbook;

/// Sheet, row, column, value and kind of a problem.
type Spot = (
    String,
    Option<u32>,
    Option<u32>,
    Option<String>,
    ProblemKind,
);

fn tiny() -> Project {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny_valid.ron"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    gep_calc::io::project_file::load_str(&text, "tiny_valid.ron").unwrap_or_else(|e| panic!("{e}"))
}

fn run(project: &Project, bytes: &[u8]) -> ImportPreview {
    let input = ImportInput::Bytes {
        name: "机会成本.xlsx",
        bytes,
    };
    preview(
        project,
        Registry::builtin(),
        input,
        &ImportOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

fn entered() -> OpportunitySettings {
    OpportunitySettings {
        reference_urban_income: 47_000.0,
        reference_rural_income: 21_000.0,
        incomes: [(
            "361001".to_string(),
            IncomeEntry {
                urban_income: Some(38_000.0),
                urban_population: Some(52_000.0),
                rural_income: Some(17_500.0),
                rural_population: None,
            },
        )]
        .into(),
        investments: vec![
            InvestmentEntry {
                county: "361001".into(),
                year: 2015,
                principal_yuan: 1.2e7,
            },
            InvestmentEntry {
                county: "361002".into(),
                year: 2018,
                principal_yuan: 3.5e6,
            },
        ],
        other_costs: vec![OtherCostEntry {
            county: "361002".into(),
            name: "年度还债".into(),
            amount_yuan: 6.48e7,
        }],
        beneficiaries: vec![
            BeneficiaryEntry {
                county: "361002".into(),
                name: "祁连山移民区植被恢复".into(),
                value_yuan: 4.0e9,
                parts: vec!["国家".into(), "地方政府".into(), "农户".into()],
            },
            BeneficiaryEntry {
                county: "361002".into(),
                name: "下风向沙尘暴减少".into(),
                value_yuan: 7.09e7,
                parts: vec![],
            },
        ],
        ..OpportunitySettings::default()
    }
}

#[test]
fn opportunity_inputs_round_trip_through_the_template() {
    let mut want = tiny();
    want.compensation.opportunity = entered();
    let bytes = template::project_data_bytes(&want, Registry::builtin()).expect("export");
    let mut target = tiny();
    let p = run(&target, &bytes);
    assert!(!p.has_errors(), "{:?}", p.errors().collect::<Vec<_>>());
    assert!(p.unmapped_columns().is_empty());
    let summary = apply(&mut target, &p).expect("apply");
    // Reference row, one county's incomes, two investments, one cost, two beneficiaries.
    assert_eq!(summary.opportunity_rows, 7);
    assert!(
        summary
            .message(gep_calc::i18n::Lang::Zh)
            .contains("补偿机会成本数据 7 行")
    );
    assert_eq!(
        target.compensation.opportunity,
        want.compensation.opportunity
    );
    // Importing the same file again changes nothing (lists are replaced, not appended).
    let p = run(&target, &bytes);
    apply(&mut target, &p).expect("apply");
    assert_eq!(
        target.compensation.opportunity,
        want.compensation.opportunity
    );
}

#[test]
fn blank_template_changes_no_opportunity_input() {
    let mut project = tiny();
    project.compensation.opportunity = entered();
    let bytes = template::template_bytes(Registry::builtin()).expect("template");
    let p = run(&project, &bytes);
    assert!(!p.has_errors(), "{:?}", p.errors().collect::<Vec<_>>());
    let before = project.clone();
    apply(&mut project, &p).expect("apply");
    assert_eq!(project.compensation, before.compensation);
}

/// A hand-made workbook: amounts in 元 and 亿元 (header units honoured), a county whose list
/// is replaced while the other's stays, and bad cells listed with their places.
#[test]
fn hand_made_sheets_in_other_units_and_their_problems() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("机会成本·投资").expect("name");
    for (c, h) in ["县区代码", "投资年份", "投资额（元）"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).expect("write");
    }
    ws.write_string(1, 0, "361001").expect("write");
    ws.write_number(1, 1, 2016.0).expect("write");
    ws.write_number(1, 2, 250_000.0).expect("write");
    let ws = wb.add_worksheet();
    ws.set_name("Opportunity beneficiaries").expect("name");
    for (c, h) in [
        "County code",
        "Beneficiary",
        "Value received (10^8 CNY)",
        "Parties sharing equally",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, c as u16, *h).expect("write");
    }
    ws.write_string(1, 0, "361001").expect("write");
    ws.write_string(1, 1, "下游").expect("write");
    ws.write_number(1, 2, 0.5).expect("write");
    ws.write_string(1, 3, "国家, 农户").expect("write");
    let bytes = wb.save_to_buffer().expect("xlsx");
    let mut project = tiny();
    project.compensation.opportunity = entered();
    let p = run(&project, &bytes);
    assert!(!p.has_errors(), "{:?}", p.errors().collect::<Vec<_>>());
    apply(&mut project, &p).expect("apply");
    let o = &project.compensation.opportunity;
    // 361001's investment replaced (250 000 元); 361002's kept.
    assert_eq!(o.investments.len(), 2);
    assert!(o.investments.contains(&InvestmentEntry {
        county: "361001".into(),
        year: 2016,
        principal_yuan: 250_000.0,
    }));
    assert!(o.investments.iter().any(|i| i.county == "361002"));
    let b = o
        .beneficiaries
        .iter()
        .find(|b| b.county == "361001")
        .expect("imported");
    assert_eq!((b.value_yuan, b.parts.len()), (5.0e7, 2));

    // Bad cells: an unknown county, a year that is no year, a negative amount, a missing name.
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("机会成本·投资").expect("name");
    for (c, h) in ["县区代码", "投资年份", "投资额（万元）"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).expect("write");
    }
    ws.write_string(1, 0, "999999").expect("write");
    ws.write_number(1, 1, 2016.0).expect("write");
    ws.write_number(1, 2, 1.0).expect("write");
    ws.write_string(2, 0, "361001").expect("write");
    ws.write_string(2, 1, "去年").expect("write");
    ws.write_number(2, 2, -3.0).expect("write");
    let ws = wb.add_worksheet();
    ws.set_name("机会成本·其他成本").expect("name");
    for (c, h) in ["县区代码", "成本项目", "年度金额（万元）"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).expect("write");
    }
    ws.write_string(1, 0, "361002").expect("write");
    ws.write_number(1, 2, 10.0).expect("write");
    let bytes = wb.save_to_buffer().expect("xlsx");
    let mut project = tiny();
    let p = run(&project, &bytes);
    let spots: Vec<Spot> = p
        .errors()
        .map(|e| {
            (
                e.sheet.clone(),
                e.row,
                e.col,
                e.value.clone(),
                e.kind.clone(),
            )
        })
        .collect();
    let inv = "机会成本·投资".to_string();
    assert_eq!(
        spots,
        vec![
            (
                inv.clone(),
                Some(2),
                Some(1),
                Some("999999".into()),
                ProblemKind::UnknownCounty
            ),
            (
                inv.clone(),
                Some(3),
                Some(2),
                Some("去年".into()),
                ProblemKind::NotAYear
            ),
            (
                inv,
                Some(3),
                Some(3),
                Some("-3".into()),
                ProblemKind::Negative
            ),
            (
                "机会成本·其他成本".into(),
                Some(2),
                Some(2),
                None,
                ProblemKind::MissingValue
            ),
        ]
    );
    let before = project.clone();
    assert!(apply(&mut project, &p).is_err());
    assert_eq!(project, before);
}
