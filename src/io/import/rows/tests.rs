//! Unit tests of the row readers: cell values, years, county codes, tags and totals.

use super::*;

#[test]
fn numbers_from_cells() {
    assert_eq!(number(&Cell::Number(2.5)), Ok(Some(2.5)));
    assert_eq!(number(&Cell::Text(" 1,234.5 ".into())), Ok(Some(1234.5)));
    assert_eq!(number(&Cell::Text("１２３".into())), Ok(Some(123.0)));
    assert_eq!(number(&Cell::Text("—".into())), Ok(None));
    assert_eq!(number(&Cell::Text("1e3".into())), Ok(Some(1000.0)));
    assert_eq!(
        number(&Cell::Text("约100".into())),
        Err(ProblemKind::NotANumber)
    );
    assert_eq!(
        number(&Cell::Text("1,23".into())),
        Err(ProblemKind::NotANumber)
    );
    assert_eq!(
        number(&Cell::Text("inf".into())),
        Err(ProblemKind::NotANumber)
    );
    assert_eq!(
        number(&Cell::Text("NaN".into())),
        Err(ProblemKind::NotANumber)
    );
    assert_eq!(
        number(&Cell::Error("#DIV/0!".into())),
        Err(ProblemKind::CellError)
    );
    assert_eq!(number(&Cell::Bool(true)), Err(ProblemKind::NotANumber));
}

#[test]
fn years_and_codes() {
    assert_eq!(year(&Cell::Number(2021.0)), Ok(Some(2021)));
    assert_eq!(year(&Cell::Text("2022年".into())), Ok(Some(2022)));
    assert_eq!(year(&Cell::Number(21.0)), Err(ProblemKind::NotAYear));
    assert_eq!(year(&Cell::Empty), Ok(None));
    assert_eq!(
        county_code(&Cell::Number(361028.0)),
        Ok(Some("361028".into()))
    );
    assert_eq!(
        county_code(&Cell::Text("361028000000".into())),
        Ok(Some("361028".into()))
    );
    assert_eq!(
        county_code(&Cell::Text("36102".into())),
        Err(ProblemKind::BadCountyCode)
    );
    assert_eq!(
        county_code(&Cell::Text("资溪县".into())),
        Err(ProblemKind::BadCountyCode)
    );
}

#[test]
fn tags_and_totals() {
    assert_eq!(parse_tag("V-sec"), Some(Tag::VSec));
    assert_eq!(parse_tag("u"), Some(Tag::U));
    assert_eq!(parse_tag("maybe"), None);
    assert!(is_total("合计"));
    assert!(is_total("Total"));
    assert!(!is_total("资溪县"));
}
