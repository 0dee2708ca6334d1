//! The split Monte Carlo (`split`) against evaluating every draw in full.

use super::*;
use crate::model::uncertainty::{InputUncertainty, ParamUncertainty};

fn input(indicator: &str, input: &str, county: &str, dist: Dist) -> InputUncertainty {
    InputUncertainty {
        indicator: indicator.into(),
        input: input.into(),
        county: county.into(),
        spread: Spread {
            dist,
            relative: true,
        },
    }
}

/// Synthetic counties with every parameter drawn from its tag's default, a few drawn wider by
/// the project (the lake exponent, so the lake is re-run), and drawn inputs of every kind of
/// cell: a model input of every county, one county's carbon (its oxygen follows), a survey,
/// one county's lake (the others' lakes are power terms).
fn project() -> Project {
    let mut p = crate::sample::synthetic(70, 11);
    let s = &mut p.uncertainty;
    s.tag_defaults = true;
    let normal = Dist::Normal { mean: 1.0, sd: 0.1 };
    s.inputs = vec![
        input("soil_retention", "r", "", normal),
        input("carbon_sequestration", "nep", "100003", normal),
        input("recreation", "visits", "100040", normal),
        input("flood_regulation", "lake_area", "100005", normal),
    ];
    s.params.push(ParamUncertainty {
        param: "lake_b".into(),
        spread: Spread {
            dist: Dist::Uniform { min: 0.9, max: 1.1 },
            relative: true,
        },
    });
    p
}

#[test]
fn split_equals_full_evaluation_of_every_draw_in_every_framework() {
    let project = project();
    let registry = Registry::builtin();
    let mc = McOptions {
        draws: 40,
        seed: 5,
        threads: 1,
        compensation: false,
    };
    let mut rerun_seen = 0;
    for fw in &registry.frameworks {
        let options = Options {
            year: 2022,
            framework: Some(fw.id.to_string()),
            price_year: None,
            traces: false,
        };
        let Prepared {
            mut compiled,
            point,
            plan,
            pvals,
            draws,
        } = prepare(&project, registry, &options, &mc).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            plan.params.len() > 10 && !plan.inputs.is_empty(),
            "{}",
            fw.id
        );
        let split = split::Split::new(&mut compiled, &plan, &pvals, &point, draws);
        let (rerun, terms, powers) = split.sizes();
        assert!(terms > 5, "{}: {terms} terms", fw.id);
        // The lake's exponent is drawn: every county with a lake has a power term.
        assert!(powers > 60, "{}: {powers} power entries", fw.id);
        rerun_seen += rerun;
        let n = compiled.counties();
        for range in [0..32, 32..64, 64..n] {
            let (fast, _) =
                split.block(&compiled, &plan, &pvals, &point, range.clone(), Vec::new());
            let full = block_reference(&compiled, &plan, &pvals, range.clone(), draws);
            let mut moved = 0;
            for (k, (a, b)) in fast.iter().zip(&full).enumerate() {
                let rel = (a - b).abs() / b.abs().max(1.0);
                assert!(rel < 1e-9, "{} value {k}: split {a} full {b}", fw.id);
                let (q, rest) = (k / (range.len() * draws), k % (range.len() * draws));
                let c = range.start + rest / draws;
                if *b != quantities(&point.totals[c])[q] {
                    moved += 1;
                }
            }
            assert!(moved > fast.len() / 2, "{}: draws do not move", fw.id);
        }
    }
    assert!(rerun_seen > 0);
}

#[test]
fn split_without_uncertainty_is_the_point_estimate_bit_for_bit() {
    let mut project = crate::sample::synthetic(40, 3);
    project.uncertainty.tag_defaults = false;
    project.uncertainty.inputs = vec![input(
        "soil_retention",
        "r",
        "",
        Dist::Uniform { min: 1.0, max: 1.0 },
    )];
    let registry = Registry::builtin();
    let mc = McOptions {
        draws: 20,
        seed: 1,
        threads: 1,
        compensation: false,
    };
    let Prepared {
        mut compiled,
        point,
        plan,
        pvals,
        draws,
    } = prepare(&project, registry, &Options::year(2022), &mc).unwrap_or_else(|e| panic!("{e}"));
    let split = split::Split::new(&mut compiled, &plan, &pvals, &point, draws);
    let (vals, _) = split.block(&compiled, &plan, &pvals, &point, 0..40, Vec::new());
    for (k, v) in vals.iter().enumerate() {
        let (q, c) = (k / (40 * draws), (k % (40 * draws)) / draws);
        assert_eq!(v.to_bits(), quantities(&point.totals[c])[q].to_bits());
    }
}
