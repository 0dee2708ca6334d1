//! Editing scenarios in the app state: overrides, the baseline's share, undo across switches,
//! and the list actions as undo steps.

use super::*;
use crate::app::state::Settings;

const CODE: &str = "361002";

fn state() -> AppState {
    AppState::with_sample(Settings::default())
}

fn forest(p: &Project, year: i32) -> f64 {
    p.period(year)
        .and_then(|p| p.counties.get(CODE))
        .map_or(f64::NAN, |c| c.land_cover["broadleaf_forest"])
}

#[test]
fn edits_go_to_the_scenario_or_the_baseline_and_undo_restores_both() {
    let mut st = state();
    let year = st.year;
    let base = forest(&st.project, year);
    st.new_scenario();
    let name = st.scenario_name().expect("shown").to_string();
    assert!(st.dirty);

    // A land-cover edit: the scenario's, not the baseline's.
    st.edit_counties(year, &[CODE.into()], |p| {
        if let Some(cp) = p.period_mut(year).and_then(|p| p.counties.get_mut(CODE)) {
            cp.land_cover
                .insert("broadleaf_forest".into(), base + 500.0);
        }
    });
    assert_eq!(forest(&st.project, year), base + 500.0);
    assert_eq!(forest(st.stored(), year), base);
    // A population edit cannot be a scenario's: it goes to the baseline, and the user is told.
    st.edit_counties(year, &[CODE.into()], |p| {
        if let Some(cp) = p.period_mut(year).and_then(|p| p.counties.get_mut(CODE)) {
            cp.population = Some(1.0);
        }
    });
    let pop = |p: &Project| p.period(year).and_then(|p| p.counties[CODE].population);
    assert_eq!(pop(st.stored()), Some(1.0));
    assert!(st.notice.is_some());
    let s = st.stored().scenario(&name).expect("kept");
    assert_eq!(s.override_count(), 1);

    // Switch to the baseline: it shows the baseline's area; undo goes back into the scenario
    // and takes the population edit out of the baseline.
    st.activate_scenario(None);
    assert_eq!(forest(&st.project, year), base);
    st.undo();
    assert_eq!(st.scenario_name(), Some(name.as_str()));
    assert_ne!(pop(st.stored()), Some(1.0));
    assert_eq!(forest(&st.project, year), base + 500.0);
    st.undo();
    assert_eq!(forest(&st.project, year), base);
    assert!(st.stored().scenario(&name).is_some_and(|s| s.is_empty()));
    st.redo();
    assert_eq!(forest(&st.project, year), base + 500.0);

    // Saving writes the stored project: the baseline with the scenario.
    let dir = std::env::temp_dir().join(format!("gep_sc_state_{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("p.ron");
    assert!(st.save_to(&path));
    let back = crate::io::load(&path).expect("loads");
    assert_eq!(forest(&back, year), base);
    assert_eq!(
        back.scenario(&name).expect("saved").counties[CODE].land_cover["broadleaf_forest"],
        Some(base + 500.0)
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn rename_duplicate_delete_are_undo_steps() {
    let mut st = state();
    st.new_scenario();
    let name = st.scenario_name().expect("shown").to_string();
    assert!(
        !st.rename_scenario(&name, "基准"),
        "the baseline's name is refused"
    );
    assert!(st.rename_scenario(&name, "A"));
    assert_eq!(st.scenario_name(), Some("A"));
    st.duplicate_scenario("A");
    assert_eq!(st.scenario_name(), Some("A 副本"));
    assert_eq!(st.stored().scenarios.len(), 2);
    st.delete_scenario("A 副本");
    assert_eq!(st.scenario_name(), None);
    assert_eq!(st.stored().scenarios.len(), 1);
    st.undo();
    assert_eq!(st.stored().scenarios.len(), 2);
    assert_eq!(st.scenario_name(), Some("A 副本"));
    st.undo();
    st.undo();
    assert_eq!(st.stored().scenarios[0].name, name);
    st.undo();
    assert!(st.stored().scenarios.is_empty());
    assert_eq!(st.scenario_name(), None);
}

#[test]
fn exports_of_a_scenario_are_named_so() {
    let mut st = state();
    assert_eq!(st.shown_for_export().meta.name, st.project.meta.name);
    st.new_scenario();
    let n = st.shown_for_export().meta.name.clone();
    assert!(n.contains("情景：新情景"), "{n}");
}
