//! The app's trace panel for an indicator split by ecosystem type: the county figure's formula
//! says it is the sum of its parts, and each part is named by its name (no ids in Chinese).

#![cfg(feature = "gui")]

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use gep_calc::app::GepApp;
use gep_calc::app::state::Settings;
use gep_calc::i18n::Text;
use gep_calc::model::{EcosystemPart, EcosystemSubtype, IndicatorInput};

const CODE: &str = "361002";

#[test]
fn the_trace_of_a_split_indicator_names_its_parts() {
    let mut h = Harness::builder()
        .with_size(egui::vec2(1366.0, 768.0))
        .with_context_setup(gep_calc::app::fonts::install)
        .build_ui_state(
            |ui, app: &mut GepApp| app.show(ui),
            GepApp::new(Settings::default()),
        );
    h.run();
    let year = h.state().state.year;
    h.state_mut().state.edit(|p| {
        p.ecosystem_subtypes.push(EcosystemSubtype {
            id: "conifer".into(),
            name: Text::new("针叶林", "Coniferous forest"),
            ecosystem: "forest".into(),
        });
        let cp = p
            .period_mut(year)
            .and_then(|x| x.counties.get_mut(CODE))
            .unwrap_or_else(|| panic!("sample county"));
        for (key, npp) in [("conifer", 10_000.0), ("grassland", 2_000.0)] {
            let mut part = EcosystemPart::default();
            part.indicators.insert(
                "carbon_sequestration".into(),
                IndicatorInput {
                    method: "npp".into(),
                    values: [("npp".to_string(), npp)].into_iter().collect(),
                    ..IndicatorInput::default()
                },
            );
            cp.ecosystem_parts.insert(key.into(), part);
        }
    });
    h.state_mut().state.trace = Some((CODE.into(), "carbon_sequestration".into()));
    h.run();
    h.get_by_label("V = Σ_e V_e（各生态系统部分价值之和）");
    for name in ["生态系统部分 针叶林", "生态系统部分 草地"] {
        assert!(
            h.query_all_by_label(name).next().is_some(),
            "{name} in the trace panel"
        );
    }
    assert!(
        h.query_by_label_contains("conifer").is_none(),
        "no id in Chinese"
    );
}
