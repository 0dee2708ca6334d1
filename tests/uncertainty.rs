//! Monte Carlo uncertainty (`engine::uncertainty`) on a hand-made two-county project: zero
//! uncertainty gives the point estimate exactly; one uniform price entering linearly gives the
//! analytic interval within sampling error; the same seed gives the same result with one and
//! two threads, another seed other draws; bad distributions are refused naming the quantity;
//! the CLI prints the intervals and the tornado by name.

use std::collections::BTreeMap;
use std::process::Command;

use gep_calc::engine::Options;
use gep_calc::engine::uncertainty::{McError, McOptions, McResult, run};
use gep_calc::i18n::{Lang, Text};
use gep_calc::model::uncertainty::{Dist, InputUncertainty, ParamUncertainty, Spread};
use gep_calc::model::*;
use gep_calc::registry::{Category, Registry, Tag};
use gep_calc::units::Unit;
use gep_calc::validate::validate;

const A: &str = "360101";
const B: &str = "360102";

fn input(method: &str, pairs: &[(&str, f64)]) -> IndicatorInput {
    IndicatorInput {
        method: method.into(),
        values: pairs.iter().map(|(k, v)| ((*k).to_string(), *v)).collect(),
        ..Default::default()
    }
}

/// Two counties, 2020, framework GB/T 46869. Tea oil (custom, 50 元/t at 2020 prices): A 1,000 t,
/// B 3,000 t. Water conservation (direct, 200 万m³ in A at the registry's reservoir cost) and
/// carbon (NEP 1,000 t C in B) are the rest of GEP.
fn project() -> Project {
    let mut p = Project::empty("uncertainty");
    p.meta.framework = "gbt46869".into();
    for (code, zh, en) in [(A, "甲县", "County A"), (B, "乙县", "County B")] {
        p.counties.push(County {
            code: code.into(),
            name: Text::new(zh, en),
            land_area_hm2: 1000.0,
            prefecture: None,
        });
    }
    p.periods.push(Period {
        year: 2020,
        counties: BTreeMap::new(),
    });
    p.custom_indicators.push(CustomIndicator {
        id: "tea_oil".into(),
        name: Text::new("油茶", "Tea-oil camellia"),
        category: Category::Material,
        frameworks: vec!["gbt46869".into()],
        unit: Unit::T,
        price: 50.0,
        price_year: 2020,
        source: "test".into(),
        tag: Tag::U,
        market: true,
        change: false,
    });
    let period = p.period_mut(2020).expect("period 2020");
    let a = period.counties.entry(A.into()).or_default();
    a.indicators
        .insert("tea_oil".into(), input("direct", &[("quantity", 1000.0)]));
    a.indicators.insert(
        "water_conservation".into(),
        input("direct", &[("water", 200.0)]),
    );
    let b = period.counties.entry(B.into()).or_default();
    b.indicators
        .insert("tea_oil".into(), input("direct", &[("quantity", 3000.0)]));
    b.indicators.insert(
        "carbon_sequestration".into(),
        input("nep", &[("nep", 1000.0)]),
    );
    p.uncertainty.tag_defaults = false;
    p
}

fn mc(p: &Project, draws: u32, seed: u64, threads: usize) -> McResult {
    run(
        p,
        Registry::builtin(),
        &Options::year(2020),
        &McOptions {
            draws,
            seed,
            threads,
            compensation: true,
        },
        None,
    )
    .unwrap_or_else(|e| panic!("{}", e.message(Lang::En)))
}

fn point_gep(p: &Project) -> (f64, Vec<f64>) {
    let acc = gep_calc::engine::compute(p, Registry::builtin(), &Options::year(2020))
        .unwrap_or_else(|e| panic!("{e}"));
    (
        acc.region.totals.gep,
        acc.counties.iter().map(|c| c.totals.gep).collect(),
    )
}

fn uniform_price(lo: f64, hi: f64) -> ParamUncertainty {
    ParamUncertainty {
        param: "custom.tea_oil".into(),
        spread: Spread {
            dist: Dist::Uniform { min: lo, max: hi },
            relative: false,
        },
    }
}

#[test]
fn zero_uncertainty_gives_the_point_estimate_in_every_draw() {
    let p = project();
    let (region, counties) = point_gep(&p);
    assert!(region > 50.0 * 4000.0, "{region}");
    let r = mc(&p, 500, 7, 2);
    assert!(r.params.is_empty() && r.inputs == 0);
    // Every quantile of every quantity equals the point value bit for bit: all draws do.
    for (c, want) in r.counties.iter().zip(&counties) {
        for iv in [
            c.bands.gep,
            c.bands.material,
            c.bands.regulating,
            c.bands.cultural,
        ] {
            assert_eq!((iv.p5, iv.median, iv.p95), (iv.point, iv.point, iv.point));
        }
        assert_eq!(c.bands.gep.point, *want);
    }
    let g = r.region.gep;
    assert_eq!(
        (g.point, g.p5, g.median, g.p95),
        (region, region, region, region)
    );
    // Point-mass spreads (a relative uniform (1, 1), a price uniform (50, 50)) change nothing.
    let mut q = project();
    q.uncertainty.params.push(uniform_price(50.0, 50.0));
    q.uncertainty.inputs.push(InputUncertainty {
        indicator: "water_conservation".into(),
        input: "water".into(),
        county: String::new(),
        spread: Spread {
            dist: Dist::Uniform { min: 1.0, max: 1.0 },
            relative: true,
        },
    });
    let r = mc(&q, 300, 9, 2);
    assert_eq!(r.inputs, 1);
    let g = r.region.gep;
    assert_eq!((g.p5, g.median, g.p95), (region, region, region));
}

#[test]
fn one_uniform_price_gives_the_analytic_interval() {
    // Tea oil's price ~ U(40, 60) 元/t: region GEP = other + 4,000 t × price, linear in the
    // price, so its q-quantile is other + 4,000 × (40 + q × 20).
    let mut p = project();
    p.uncertainty.params.push(uniform_price(40.0, 60.0));
    let (region, _) = point_gep(&p);
    let other = region - 4000.0 * 50.0;
    let n = 10_000;
    let r = mc(&p, n, 20_251_205, 2);
    assert_eq!(r.params.len(), 1);
    assert_eq!((r.params[0].p5, r.params[0].p95), (41.0, 59.0));
    // Tolerance: the binomial SE of the q-quantile's probability, √(q(1−q)/n) = 0.00218 at
    // q = 0.05 and 0.005 at q = 0.5 (n = 10,000); four SE of the CDF × the width 4,000 × 20.
    let width = 4000.0 * 20.0;
    for (q, got) in [
        (0.05, r.region.gep.p5),
        (0.5, r.region.gep.median),
        (0.95, r.region.gep.p95),
    ] {
        let want = other + 4000.0 * (40.0 + q * 20.0);
        let se = (q * (1.0 - q) / f64::from(n)).sqrt();
        assert!(
            (got - want).abs() <= 4.0 * se * width,
            "q = {q}: {got} vs analytic {want} (tolerance {})",
            4.0 * se * width
        );
    }
    // County A: 1,000 t; its 5 % point is its other value + 1,000 × 41 within the same SE.
    let a = &r.counties[0].bands.gep;
    let a_other = a.point - 1000.0 * 50.0;
    assert!((a.p5 - (a_other + 41_000.0)).abs() <= 4.0 * 0.00218 * 20_000.0);
    // The region's draw is the sum of its counties' draws (a shared price): the region's
    // 5 % point is the sum of the counties' (linear and comonotone), within rounding.
    let sum: f64 = r.counties.iter().map(|c| c.bands.gep.p5).sum();
    assert!((sum - r.region.gep.p5).abs() < 1e-6 * sum, "{sum}");
    // The tornado's only bar: 4,000 t × (59 − 41) 元/t.
    assert_eq!(r.tornado.len(), 1);
    assert_eq!(r.tornado[0].name_zh, "油茶");
    assert!((r.tornado[0].swing - 4000.0 * 18.0).abs() < 1e-6);
}

#[test]
fn same_seed_same_result_with_one_and_two_threads_and_another_seed_differs() {
    let mut p = project();
    p.uncertainty.tag_defaults = true;
    p.uncertainty.inputs.push(InputUncertainty {
        indicator: "carbon_sequestration".into(),
        input: "nep".into(),
        county: B.into(),
        spread: Spread {
            dist: Dist::Normal {
                mean: 1000.0,
                sd: 100.0,
            },
            relative: false,
        },
    });
    let one = mc(&p, 2000, 42, 1);
    let two = mc(&p, 2000, 42, 2);
    assert_eq!(one, two);
    assert!(one.params.len() >= 2, "{:?}", one.params);
    let other = mc(&p, 2000, 43, 2);
    assert_ne!(one.region.gep.median, other.region.gep.median);
    assert_ne!(one.region.gep.p5, other.region.gep.p5);
    // Tag defaults: tea oil is U-tagged (±30 %), so its price is drawn on (35, 65).
    let tea = one
        .params
        .iter()
        .find(|x| x.id == "custom.tea_oil")
        .expect("tea oil drawn");
    assert!((tea.p5 - 50.0 * (1.0 - 0.3 * (1.0 - 0.1f64.sqrt()))).abs() < 1e-9);
}

#[test]
fn bad_distributions_are_refused_naming_the_quantity_and_the_fix() {
    let mut p = project();
    p.uncertainty.params.push(ParamUncertainty {
        param: "reservoir_cost".into(),
        spread: Spread {
            dist: Dist::Normal {
                mean: 7.0,
                sd: -1.0,
            },
            relative: false,
        },
    });
    p.uncertainty.params.push(ParamUncertainty {
        param: "custom.tea_oil".into(),
        spread: Spread {
            dist: Dist::Triangular {
                min: 40.0,
                mode: 70.0,
                max: 60.0,
            },
            relative: false,
        },
    });
    p.uncertainty.inputs.push(InputUncertainty {
        indicator: "water_conservation".into(),
        input: "water".into(),
        county: String::new(),
        spread: Spread {
            dist: Dist::Uniform {
                min: 100.0,
                max: 300.0,
            },
            relative: false,
        },
    });
    p.uncertainty.params.push(ParamUncertainty {
        param: "no_such_price".into(),
        spread: Spread {
            dist: Dist::Lognormal {
                median: 1.0,
                gsd: 0.5,
            },
            relative: true,
        },
    });
    let err = run(
        &p,
        Registry::builtin(),
        &Options::year(2020),
        &McOptions {
            draws: 10,
            seed: 1,
            threads: 1,
            compensation: true,
        },
        None,
    )
    .expect_err("bad spreads refused");
    let McError::Spread(problems) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(problems.len(), 4, "{problems:?}");
    let zh = err.message(Lang::Zh);
    assert!(
        zh.contains("水库单位库容工程造价") && zh.contains("标准差 -1 须大于 0"),
        "{zh}"
    );
    assert!(
        zh.contains("油茶") && zh.contains("众数 70 不在最小值 40 与最大值 60 之间"),
        "{zh}"
    );
    assert!(zh.contains("须为相对值"), "{zh}");
    assert!(zh.contains("no_such_price"), "{zh}");
    // validate lists the same problems.
    let issues = validate(&p, Registry::builtin());
    let fields: Vec<&str> = issues
        .iter()
        .filter(|i| i.field.starts_with("uncertainty."))
        .map(|i| i.field.as_str())
        .collect();
    assert_eq!(fields.len(), 4, "{fields:?}");
    assert!(fields.contains(&"uncertainty.params.reservoir_cost"));
}

#[test]
fn cli_prints_intervals_and_the_tornado_by_name() {
    let mut p = project();
    p.uncertainty.params.push(uniform_price(40.0, 60.0));
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("mc.ron");
    gep_calc::io::project_file::save(&p, &file).expect("saved");
    let out = Command::new(env!("CARGO_BIN_EXE_gep-calc"))
        .args(["--lang", "zh", "uncertainty"])
        .arg(&file)
        .args(["--draws", "1000", "--seed", "5"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("蒙特卡罗抽样 1,000 次，随机种子 5"), "{text}");
    assert!(text.contains("甲县") && text.contains("乙县"), "{text}");
    assert!(text.contains("1. 油茶："), "{text}");
    assert!(!text.contains("custom.tea_oil"), "{text}");
    let json = Command::new(env!("CARGO_BIN_EXE_gep-calc"))
        .arg("uncertainty")
        .arg(&file)
        .args(["--draws", "1000", "--seed", "5", "--format", "json"])
        .output()
        .expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    let r = mc(&p, 1000, 5, 2);
    // JSON numbers read back to within an ulp or so.
    let p95 = v["region"]["gep"]["p95"].as_f64().expect("p95");
    assert!((p95 - r.region.gep.p95).abs() <= 1e-12 * p95, "{p95}");
    assert_eq!(v["draws"].as_u64(), Some(1000));
}

#[test]
fn workbook_sheet_and_report_chapter_only_when_asked_with_draws_and_seed() {
    use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
    let reg = Registry::builtin();
    let mut p = project();
    let acc = gep_calc::engine::compute(&p, reg, &Options::year(2020)).expect("computes");
    let sheets = |p: &Project| -> Vec<String> {
        let bytes =
            gep_calc::report::workbook::write_workbook(p, &acc, reg, Lang::Zh).expect("workbook");
        let wb: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("opens");
        wb.sheet_names()
    };
    let chapter = |p: &Project| {
        gep_calc::report::chapters::build(p, &acc, reg, Lang::Zh)
            .sections
            .into_iter()
            .find(|s| s.id == "uncertainty")
    };
    assert!(!sheets(&p).iter().any(|s| s == "不确定性分析"));
    assert!(chapter(&p).is_none());
    p.uncertainty.in_report = true;
    p.uncertainty.draws = 400;
    p.uncertainty.seed = 77;
    p.uncertainty.params.push(uniform_price(40.0, 60.0));
    assert!(sheets(&p).iter().any(|s| s == "不确定性分析"));
    // The sheet's region row: GEP point and its 5 % point in 万元, as the engine gives them.
    let bytes = gep_calc::report::workbook::write_workbook(&p, &acc, reg, Lang::Zh).expect("wb");
    let mut wb: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("opens");
    let range = wb.worksheet_range("不确定性分析").expect("sheet");
    let r = mc(&p, 400, 77, 2);
    let region_row = range
        .rows()
        .find(|row| matches!(row.first(), Some(Data::String(s)) if s == "全区域"))
        .expect("region row");
    let num = |d: &Data| match d {
        Data::Float(v) => *v,
        other => panic!("{other:?}"),
    };
    assert!((num(&region_row[1]) - r.region.gep.point / 1e4).abs() < 1e-9);
    assert!((num(&region_row[3]) - r.region.gep.p5 / 1e4).abs() < 1e-9);
    let s = chapter(&p).expect("chapter");
    let text = format!("{:?}", s.blocks);
    assert!(text.contains("抽样 400 次，随机种子 77"), "{text}");
    assert!(text.contains("油茶"), "{text}");
}
