//! Memo items (备忘项目): amounts the engine computes but the framework's GEP does not count.
//! A hand-made project with a travel-cost survey: GEP counts N × (TE + t·w·s) and the consumer
//! surplus N × CS is a memo row, exactly, in the accounts, the JSON, the CSV and the workbook.
//!
//! Hand-worked: N = 10 万人次 = 100 000 visits; TE = 200 元, t = 4 h, w = 25 元/h, s = 0.3
//! (registry `tcm_time_share`): time cost 30 元; counted 100 000 × 230 = 23 000 000 元.
//! CS = 150 元/visit: memo 100 000 × 150 = 15 000 000 元. Oxygen release 1 000 t is outside
//! GB/T 46869: its whole value is a memo amount of kind `outside_framework`.

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use gep_calc::engine::{Accounts, MemoKind, Options, Status, compute};
use gep_calc::i18n::{Lang, Text};
use gep_calc::io::export::{OutputKind, to_bytes};
use gep_calc::model::*;
use gep_calc::registry::Registry;

const CODE: &str = "360101";
const YEAR: i32 = 2021;
const COUNTED: f64 = 23_000_000.0;
const CS: f64 = 15_000_000.0;

fn project() -> Project {
    let mut p = Project::empty("memo items");
    p.meta.framework = "gbt46869".into();
    p.counties.push(County {
        code: CODE.into(),
        name: Text::new("甲县", "County A"),
        land_area_hm2: 1000.0,
        prefecture: None,
    });
    let mut ind = BTreeMap::new();
    let input = |method: &str, pairs: &[(&str, f64)]| IndicatorInput {
        method: method.into(),
        values: pairs.iter().map(|(k, v)| ((*k).to_string(), *v)).collect(),
        ..Default::default()
    };
    ind.insert(
        "recreation".to_string(),
        input(
            "survey",
            &[
                ("visits", 10.0),
                ("expense", 200.0),
                ("hours", 4.0),
                ("wage", 25.0),
                ("cs", 150.0),
            ],
        ),
    );
    ind.insert(
        "oxygen_release".to_string(),
        input("direct", &[("o2", 1000.0)]),
    );
    let mut counties = BTreeMap::new();
    counties.insert(
        CODE.to_string(),
        CountyPeriod {
            indicators: ind,
            ..Default::default()
        },
    );
    p.periods.push(Period {
        year: YEAR,
        counties,
    });
    p
}

fn accounts(p: &Project) -> Accounts {
    let mut o = Options::year(YEAR);
    o.traces = true;
    compute(p, Registry::builtin(), &o).unwrap_or_else(|e| panic!("{e}"))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

#[test]
fn gep_counts_the_travel_cost_and_consumer_surplus_is_a_memo_row() {
    let p = project();
    let acc = accounts(&p);
    let c = &acc.counties[0];
    let rec = c
        .indicators
        .iter()
        .find(|a| &*a.id == "recreation")
        .unwrap_or_else(|| panic!("no recreation"));
    assert_eq!(rec.status, Status::Computed, "{:?}", rec.status);
    assert!(rec.counted);
    assert!(close(rec.value, COUNTED), "{}", rec.value);
    assert_eq!(rec.memo.len(), 1, "{:?}", rec.memo);
    let m = &rec.memo[0];
    assert_eq!(m.kind, MemoKind::ConsumerSurplus);
    assert!(close(m.value, CS), "{}", m.value);
    assert_eq!(m.price_year, YEAR);
    assert!(m.trace_zh.contains("消费者剩余"), "{}", m.trace_zh);
    assert!(m.trace_en.contains("not in GEP"), "{}", m.trace_en);

    // Only the travel cost is in GEP (no other counted indicator is entered).
    assert!(close(c.totals.cultural, COUNTED), "{}", c.totals.cultural);
    assert!(close(c.totals.gep, COUNTED), "{}", c.totals.gep);
    assert!(close(c.totals.consumer_surplus, CS));
    assert!(close(acc.region.totals.consumer_surplus, CS));
    assert!(close(acc.region.totals.gep, COUNTED));

    // Oxygen release is computed, outside GB/T 46869's total, and a memo amount of its own.
    let o2 = c
        .indicators
        .iter()
        .find(|a| &*a.id == "oxygen_release")
        .unwrap_or_else(|| panic!("no oxygen_release"));
    assert_eq!(o2.status, Status::Computed);
    assert!(!o2.counted);
    assert!(o2.value > 0.0);
    assert_eq!(o2.memo.len(), 1);
    assert_eq!(o2.memo[0].kind, MemoKind::OutsideFramework);
    assert!(close(o2.memo[0].value, o2.value));
    assert!(close(c.totals.outside_framework, o2.value));
    assert!(close(c.totals.memo(), o2.value + CS));
}

#[test]
fn a_survey_without_consumer_surplus_has_no_memo_row_and_the_same_value() {
    let mut p = project();
    let rec = p
        .period_mut(YEAR)
        .and_then(|x| x.counties.get_mut(CODE))
        .and_then(|c| c.indicators.get_mut("recreation"))
        .unwrap_or_else(|| panic!("no recreation input"));
    rec.values.insert("cs".into(), 0.0);
    let acc = accounts(&p);
    let c = &acc.counties[0];
    let rec = c
        .indicators
        .iter()
        .find(|a| &*a.id == "recreation")
        .unwrap_or_else(|| panic!("no recreation"));
    assert!(close(rec.value, COUNTED), "{}", rec.value);
    assert!(rec.memo.is_empty(), "{:?}", rec.memo);
    assert_eq!(c.totals.consumer_surplus, 0.0);
    assert!(close(c.totals.gep, COUNTED));
}

#[test]
fn json_csv_and_workbook_carry_the_memo_row() {
    let p = project();
    let acc = accounts(&p);
    let reg = Registry::builtin();
    let bytes = |kind| to_bytes(kind, &p, &acc, reg, Lang::Zh).unwrap_or_else(|e| panic!("{e}"));

    // JSON: the indicator's memo array and the memo totals.
    let json: serde_json::Value =
        serde_json::from_slice(&bytes(OutputKind::Json)).unwrap_or_else(|e| panic!("{e}"));
    let county = &json["counties"][0];
    let rec = county["indicators"]
        .as_array()
        .and_then(|v| v.iter().find(|a| a["id"] == "recreation"))
        .unwrap_or_else(|| panic!("no recreation in JSON"));
    assert_eq!(rec["memo"][0]["kind"], "consumer_surplus");
    assert_eq!(rec["memo"][0]["value"].as_f64(), Some(CS));
    assert_eq!(rec["memo"][0]["unit"], "yuan");
    assert_eq!(rec["memo"][0]["price_year"].as_i64(), Some(i64::from(YEAR)));
    assert_eq!(rec["value"].as_f64(), Some(COUNTED));
    assert_eq!(county["totals"]["consumer_surplus"].as_f64(), Some(CS));
    assert_eq!(county["totals"]["gep"].as_f64(), Some(COUNTED));
    assert_eq!(
        json["region"]["totals"]["consumer_surplus"].as_f64(),
        Some(CS)
    );

    // CSV: a memo row of recreation with N × CS, not counted; the GEP row has the travel cost.
    let csv = String::from_utf8(bytes(OutputKind::Csv)).unwrap_or_else(|e| panic!("{e}"));
    let memo_row = csv
        .lines()
        .find(|l| l.contains("recreation") && l.contains(",memo,consumer_surplus,"))
        .unwrap_or_else(|| panic!("no consumer-surplus memo row in\n{csv}"));
    let cells: Vec<&str> = memo_row.split(',').collect();
    assert_eq!(cells[5], "0", "{memo_row}");
    assert_eq!(cells[10].parse::<f64>().ok(), Some(CS), "{memo_row}");
    assert_eq!(cells[12], "2021", "{memo_row}");
    let gep_row = csv
        .lines()
        .find(|l| l.contains(",GEP,"))
        .unwrap_or_else(|| panic!("no GEP row"));
    assert!(gep_row.contains(&format!(",{COUNTED},")), "{gep_row}");

    // Workbook: the values sheet's memo block has the row in 万元.
    let xlsx = bytes(OutputKind::Xlsx);
    let mut wb: Xlsx<_> =
        open_workbook_from_rs(Cursor::new(xlsx)).unwrap_or_else(|e| panic!("{e}"));
    let sheet = wb
        .worksheet_range("价值量")
        .unwrap_or_else(|e| panic!("{e}"));
    let text = |r: u32, c: u32| match sheet.get_value((r, c)) {
        Some(Data::String(s)) => s.clone(),
        _ => String::new(),
    };
    let end = sheet.end().map_or(0, |e| e.0);
    let title = (0..=end)
        .find(|&r| text(r, 0) == "备忘项目")
        .unwrap_or_else(|| panic!("no memo block"));
    let row = (title..=end)
        .find(|&r| text(r, 0) == "recreation" && text(r, 3) == "消费者剩余")
        .unwrap_or_else(|| panic!("no consumer-surplus row in the memo block"));
    assert_eq!(
        sheet.get_value((row, 4)),
        Some(&Data::Float(CS / 1e4)),
        "memo amount in 万元"
    );
}

#[test]
fn report_has_the_memo_table_and_says_it_is_not_in_gep() {
    let p = project();
    let acc = accounts(&p);
    let html = String::from_utf8(
        to_bytes(OutputKind::Html, &p, &acc, Registry::builtin(), Lang::Zh)
            .unwrap_or_else(|e| panic!("{e}")),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(html.contains("备忘项目"), "no memo heading");
    assert!(
        html.contains("不计入生态产品总值（GEP）"),
        "no not-in-GEP sentence"
    );
    // 15 000 000 元 = 1 500 万元 in the memo table.
    assert!(
        html.contains("1,500.00") || html.contains("1 500.00"),
        "no 1 500 万元 row"
    );
}
