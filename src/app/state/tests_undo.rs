//! Undo without whole-project copies: each kind of edit that used to copy the project keeps
//! only what it changes, and undo and redo give back exactly the project before and after.

use super::*;
use crate::i18n::Text;
use crate::model::County;

fn state(n: usize) -> AppState {
    AppState::new(crate::sample::synthetic(n, 7), Settings::default())
}

/// Undo gives `before`, redo `after`, and again.
fn round_trip(s: &mut AppState, before: &Project, after: &Project) {
    for _ in 0..2 {
        s.undo();
        assert!(s.project == *before, "undo restores the project exactly");
        s.redo();
        assert!(s.project == *after, "redo restores the edit exactly");
    }
}

fn county(code: &str) -> County {
    County {
        code: code.into(),
        name: Text::new("新县区1", "New county 1"),
        land_area_hm2: 0.0,
        prefecture: None,
    }
}

#[test]
fn adding_a_county_keeps_only_that_county() {
    let mut s = state(40);
    let year = s.year;
    let before = s.project.clone();
    let code = "999001".to_string();
    s.edit_slice(std::slice::from_ref(&code), |p| {
        p.counties.push(county(&code));
        if let Some(x) = p.period_mut(year) {
            x.counties.entry(code.clone()).or_default().population = Some(12.0);
        }
    });
    assert_eq!(s.undo_kind(), Some("part"));
    assert_eq!(s.project.counties.len(), 41);
    let after = s.project.clone();
    round_trip(&mut s, &before, &after);
}

#[test]
fn deleting_and_recoding_a_county_restore_its_data_in_every_year() {
    let mut s = state(40);
    let (first, last) = (s.project.counties[0].code.clone(), s.year);
    assert!(s.project.periods.len() > 1, "the fixture has several years");
    let code = s.project.counties[3].code.clone();
    let before = s.project.clone();
    s.edit_slice(std::slice::from_ref(&code), |p| {
        p.counties.remove(3);
        for period in &mut p.periods {
            period.counties.remove(&code);
        }
    });
    assert_eq!(s.undo_kind(), Some("part"));
    assert!(
        s.project
            .period(last)
            .is_some_and(|p| !p.counties.contains_key(&code))
    );
    let after = s.project.clone();
    round_trip(&mut s, &before, &after);

    // A new code moves the county's data in every year: both codes are kept.
    let before = s.project.clone();
    let new = "999999".to_string();
    s.edit_slice(&[first.clone(), new.clone()], |p| {
        p.counties[0].code = new.clone();
        for period in &mut p.periods {
            if let Some(d) = period.counties.remove(&first) {
                period.counties.insert(new.clone(), d);
            }
        }
    });
    assert_eq!(s.undo_kind(), Some("part"));
    let after = s.project.clone();
    assert!(
        after
            .period(last)
            .is_some_and(|p| p.counties.contains_key(&new))
    );
    round_trip(&mut s, &before, &after);
}

/// An import may add a year (before the others), counties and settings: undo takes the
/// year away again, redo brings it back in its place.
#[test]
fn an_import_that_adds_a_year_undoes_and_redoes_exactly() {
    let mut s = state(30);
    let years = s.years();
    let (y0, y1) = (years[0], years[years.len() - 1]);
    let mid = y0 - 1;
    assert!(y0 < y1 && s.project.period(mid).is_none(), "{years:?}");
    let code = s.project.counties[5].code.clone();
    let before = s.project.clone();
    s.edit_slice(&[code.clone(), "999001".into(), code.clone()], |p| {
        p.meta.notes = "导入".into();
        p.counties.push(county("999001"));
        let mut period = crate::model::Period {
            year: mid,
            counties: Default::default(),
        };
        period.counties.entry(code.clone()).or_default().gdp_yuan = Some(5.0e8);
        p.periods.insert(0, period);
        if let Some(d) = p.period_mut(y1).and_then(|x| x.counties.get_mut(&code)) {
            d.land_cover.insert("paddy".into(), 321.0);
        }
        p.price_overrides.clear();
    });
    assert_eq!(s.undo_kind(), Some("part"));
    let after = s.project.clone();
    assert!(after != before);
    round_trip(&mut s, &before, &after);
}

#[test]
fn a_slice_edit_that_changes_nothing_is_no_undo_step() {
    let mut s = state(10);
    let code = s.project.counties[0].code.clone();
    s.edit_slice(&[code], |_| {});
    assert!(!s.can_undo());
}

/// An edit made in a scenario keeps only the scenario when the baseline is untouched, the
/// stored project when the baseline changed too; both restore exactly, and show the scenario.
#[test]
fn scenario_edits_keep_only_the_scenario() {
    let mut s = AppState::with_sample(Settings::default());
    let year = s.year;
    let code = s.project.counties[0].code.clone();
    s.new_scenario();
    let name = s.scenario_name().map(str::to_string);
    let (stored0, shown0) = (s.stored().clone(), s.project.clone());
    s.edit_counties(year, std::slice::from_ref(&code), |p| {
        if let Some(d) = p.period_mut(year).and_then(|x| x.counties.get_mut(&code)) {
            d.land_cover.insert("broadleaf_forest".into(), 4321.0);
        }
    });
    assert_eq!(s.undo_kind(), Some("scenario"));
    assert!(*s.stored() != stored0);
    let (stored1, shown1) = (s.stored().clone(), s.project.clone());
    // Undo from the baseline shows the scenario again.
    s.activate_scenario(None);
    for _ in 0..2 {
        s.undo();
        assert!(*s.stored() == stored0 && s.project == shown0);
        assert_eq!(s.scenario_name().map(str::to_string), name);
        s.redo();
        assert!(*s.stored() == stored1 && s.project == shown1);
    }
    // A population edit goes to the baseline: the stored project is kept.
    s.edit_counties(year, std::slice::from_ref(&code), |p| {
        if let Some(d) = p.period_mut(year).and_then(|x| x.counties.get_mut(&code)) {
            d.population = Some(7.0);
        }
    });
    assert_eq!(s.undo_kind(), Some("stored"));
    let (stored2, shown2) = (s.stored().clone(), s.project.clone());
    s.undo();
    assert!(*s.stored() == stored1 && s.project == shown1);
    s.redo();
    assert!(*s.stored() == stored2 && s.project == shown2);
    // An edit in a scenario that changes nothing is no undo step.
    s.edit_counties(year, std::slice::from_ref(&code), |_| {});
    assert_eq!(s.undo_kind(), Some("stored"));
    s.undo();
    s.undo();
    assert!(*s.stored() == stored0 && s.project == shown0);
}
