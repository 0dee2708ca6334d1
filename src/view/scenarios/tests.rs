//! Rows of `view::scenarios`: differences, %, signs, units and the chart of differences.

use super::*;

fn row(code: Option<&str>, base: Option<f64>, scenario: Option<f64>) -> DiffRow {
    DiffRow {
        code: code.map(str::to_string),
        label: code.unwrap_or("全区域").to_string(),
        base,
        scenario,
    }
}

#[test]
fn difference_and_percent_of_the_baseline() {
    let r = row(Some("a"), Some(200_000_000.0), Some(250_000_000.0));
    assert_eq!(r.diff(), Some(50_000_000.0));
    assert_eq!(r.pct(), Some(25.0));
    // A negative baseline (a county that pays): % of its magnitude, so a smaller payment is +.
    let r = row(Some("b"), Some(-100.0), Some(-50.0));
    assert_eq!(r.pct(), Some(50.0));
    // Nothing to divide by, or a side missing.
    assert_eq!(row(None, Some(0.0), Some(5.0)).pct(), None);
    assert_eq!(row(None, None, Some(5.0)).diff(), None);
}

#[test]
fn a_table_picks_its_unit_and_signs_its_differences() {
    let t = DiffTable::new(
        "t".into(),
        vec![
            row(Some("a"), Some(200_000_000.0), Some(250_000_000.0)),
            row(Some("b"), Some(100_000_000.0), Some(90_000_000.0)),
            row(None, Some(300_000_000.0), Some(340_000_000.0)),
        ],
    );
    assert_eq!(t.unit, MoneyUnit::YiYuan);
    assert_eq!(
        t.cells(0),
        ["a", "2.0000", "2.5000", "+0.5000", "+25.00%"].map(String::from)
    );
    assert_eq!(t.cells(1)[3], "-0.1000");
    assert_eq!(t.cells(1)[4], "-10.00%");
    let small = DiffTable::new("s".into(), vec![row(Some("a"), Some(5e6), Some(6e6))]);
    assert_eq!(small.unit, MoneyUnit::WanYuan);
    assert_eq!(small.cells(0)[3], "+100.00");

    // The chart: counties only, largest increase first, increases and decreases apart.
    let chart = diff_chart(&t, Lang::Zh).expect("chart");
    let PanelKind::Bars(b) = &chart.panels[0].kind else {
        panic!("bars");
    };
    assert_eq!(b.categories, vec!["a", "b"]);
    assert_eq!(b.series[0].values, vec![Some(0.5), None]);
    assert_eq!(b.series[1].values, vec![None, Some(-0.1)]);
    // No difference anywhere: no chart.
    let flat = DiffTable::new("f".into(), vec![row(Some("a"), Some(1.0), Some(1.0))]);
    assert!(diff_chart(&flat, Lang::Zh).is_none());
}
