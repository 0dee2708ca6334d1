//! Decomposition of GEP change (engine::decompose): a hand-worked two-county example, the
//! effects adding up to the change, a project where only prices changed, an indicator that
//! leaves the framework, and the CLI.
//!
//! Tolerance: the accounts sum values in category order and the decomposition sums effects
//! component by component, so "adds up" holds up to the rounding of those sums: |Σ effects −
//! ΔGEP| ≤ 1e-9 × max(GEP_A, GEP_B) (each of the ~10 additions here rounds by ≤ 2⁻⁵³ of the
//! running sum; 1e-9 leaves a wide margin and still catches any dropped or doubled component,
//! the smallest of which here is 1e-2 of GEP). Hand-worked values are asserted to 1e-12
//! relative (the carbon factor 44/12 is not exact in binary).

use std::collections::BTreeMap;

use gep_calc::engine::decompose::{ChangeKind, Decomposition, Effect, Side, decompose};
use gep_calc::i18n::Text;
use gep_calc::model::*;
use gep_calc::registry::{PriceIndexSeries, Registry, Tag};
use gep_calc::units::Unit;

const A: &str = "360101";
const B: &str = "360102";

#[track_caller]
fn close(got: f64, want: f64, what: &str) {
    assert!(
        (got - want).abs() <= 1e-12 * want.abs().max(1.0),
        "{what}: got {got}, want {want}"
    );
}

fn rice(quantity: f64, price: f64) -> ProductLine {
    ProductLine {
        name: "稻谷".into(),
        quantity,
        unit: Unit::T,
        price,
        price_year: None,
        source: "test".into(),
    }
}

fn products(lines: Vec<ProductLine>) -> IndicatorInput {
    IndicatorInput {
        products: lines,
        ..Default::default()
    }
}

fn nep(t_c: f64) -> IndicatorInput {
    IndicatorInput {
        method: "nep".into(),
        values: [("nep".to_string(), t_c)].into_iter().collect(),
        ..Default::default()
    }
}

fn fishery(yuan: f64) -> IndicatorInput {
    IndicatorInput {
        output_value: Some(OutputValue {
            value_yuan: yuan,
            basis: OutputBasis::Gross,
            price_year: None,
            source: "test".into(),
        }),
        ..Default::default()
    }
}

/// Counties A and B; the project CPI 2010 = 2020 = 100, 2021 = 110, so the registry's carbon
/// price 380 元/t CO₂ @2010 is 380 in 2020 and 418 in 2021. Framework `extended`.
///
/// 2020: A carbon NEP 120 t C (440 t CO₂ × 380 = 167 200), rice 1000 t × 2800 = 2 800 000;
///       B fishery output value 200 000, carbon NEP 60 t C (220 t CO₂ × 380 = 83 600).
/// 2021: A carbon NEP 150 t C (550 t CO₂ × 418 = 229 900), rice 1100 t × 3000 = 3 300 000;
///       B fishery 250 000, carbon not entered, rice 10 t × 3000 = 30 000.
fn two_years() -> Project {
    let mut p = Project::empty("decomposition");
    p.meta.framework = "extended".into();
    for (code, zh, en) in [(A, "甲县", "County A"), (B, "乙县", "County B")] {
        p.counties.push(County {
            code: code.into(),
            name: Text::new(zh, en),
            land_area_hm2: 1000.0,
            prefecture: None,
        });
    }
    p.price_indices.push(PriceIndexSeries {
        id: "cpi".into(),
        name: Text::new("项目价格指数", "Project CPI"),
        base: "2010=100".into(),
        values: [(2010, 100.0), (2020, 100.0), (2021, 110.0)]
            .into_iter()
            .collect(),
        source: "test series".into(),
        tag: Tag::V,
    });
    let mut y2020 = Period {
        year: 2020,
        counties: BTreeMap::new(),
    };
    let a = y2020.counties.entry(A.into()).or_default();
    a.indicators
        .insert("carbon_sequestration".into(), nep(120.0));
    a.indicators
        .insert("agriculture".into(), products(vec![rice(1000.0, 2800.0)]));
    let b = y2020.counties.entry(B.into()).or_default();
    b.indicators.insert("fishery".into(), fishery(200_000.0));
    b.indicators
        .insert("carbon_sequestration".into(), nep(60.0));
    let mut y2021 = Period {
        year: 2021,
        counties: BTreeMap::new(),
    };
    let a = y2021.counties.entry(A.into()).or_default();
    a.indicators
        .insert("carbon_sequestration".into(), nep(150.0));
    a.indicators
        .insert("agriculture".into(), products(vec![rice(1100.0, 3000.0)]));
    let b = y2021.counties.entry(B.into()).or_default();
    b.indicators.insert("fishery".into(), fishery(250_000.0));
    b.indicators
        .insert("agriculture".into(), products(vec![rice(10.0, 3000.0)]));
    p.periods = vec![y2020, y2021];
    p
}

fn side(p: &Project, year: i32) -> Side<'_> {
    Side {
        project: p,
        year,
        framework: None,
    }
}

fn run(p: &Project, from: i32, to: i32) -> Decomposition {
    decompose(Registry::builtin(), side(p, from), side(p, to), false).expect("decompose")
}

/// Σ effects = ΔGEP (module-doc tolerance) for every county and the region, and the
/// indicators' effects sum to the county's.
#[track_caller]
fn assert_adds_up(d: &Decomposition) {
    for c in d.counties.iter().chain([&d.region]) {
        let tol = 1e-9 * c.gep_from.abs().max(c.gep_to.abs()).max(1.0);
        let diff = c.effects.total() - c.change();
        assert!(
            diff.abs() <= tol,
            "{}: Σ effects − ΔGEP = {diff}",
            c.name_zh
        );
        let by_rows: f64 = c.indicators.iter().map(|i| i.effects.total()).sum();
        assert!((by_rows - c.change()).abs() <= tol, "{}: rows", c.name_zh);
        for i in &c.indicators {
            let diff = i.effects.total() - i.change();
            assert!(diff.abs() <= tol, "{} {}: {diff}", c.name_zh, i.id);
        }
    }
}

#[test]
fn hand_worked_two_counties() {
    let d = run(&two_years(), 2020, 2021);
    assert_adds_up(&d);
    // County A: GEP 2 967 200 → 3 529 900, Δ 562 700.
    //   carbon: ΔQ = 550 − 440 = 110 t CO₂ × P̄ (380 + 418)/2 = 399 → quantity 43 890;
    //           ΔV = 229 900 − 167 200 = 62 700 → price 18 810 (= ΔP 38 × Q̄ 495).
    //   rice:   ΔQ = 100 t × P̄ 2900 = 290 000; ΔV = 500 000 → price 210 000 (= 200 × 1050).
    //   quantity 333 890, price 228 810, coverage 0, entered 0.
    let a = d.county(A).expect("A");
    close(a.gep_from, 2_967_200.0, "A from");
    close(a.gep_to, 3_529_900.0, "A to");
    close(a.effects.quantity, 333_890.0, "A quantity");
    close(a.effects.price, 228_810.0, "A price");
    assert_eq!(a.effects.coverage, 0.0);
    assert_eq!(a.effects.entered, 0.0);
    let carbon = a
        .indicators
        .iter()
        .find(|i| &*i.id == "carbon_sequestration")
        .expect("carbon");
    close(carbon.effects.quantity, 43_890.0, "A carbon quantity");
    close(carbon.effects.price, 18_810.0, "A carbon price");
    assert_eq!(carbon.components[0].kind, ChangeKind::Priced);
    // County B: GEP 283 600 → 280 000, Δ −3 600.
    //   fishery output value 200 000 → 250 000: value entered +50 000;
    //   carbon not entered in 2021: coverage −83 600; rice enters: coverage +30 000.
    let b = d.county(B).expect("B");
    close(b.change(), -3_600.0, "B change");
    assert_eq!(b.effects.quantity, 0.0);
    assert_eq!(b.effects.price, 0.0);
    close(b.effects.coverage, -53_600.0, "B coverage");
    close(b.effects.entered, 50_000.0, "B entered");
    let kinds: Vec<(&str, ChangeKind)> = b
        .indicators
        .iter()
        .flat_map(|i| i.components.iter().map(move |c| (&*i.id, c.kind)))
        .collect();
    assert!(
        kinds.contains(&("fishery", ChangeKind::Entered)),
        "{kinds:?}"
    );
    assert!(kinds.contains(&("agriculture", ChangeKind::Entering)));
    assert!(kinds.contains(&("carbon_sequestration", ChangeKind::Leaving)));
    // Region: 3 250 800 → 3 809 900, Δ 559 100 = 333 890 + 228 810 − 53 600 + 50 000.
    close(d.region.gep_from, 3_250_800.0, "region from");
    close(d.region.gep_to, 3_809_900.0, "region to");
    close(d.region.effects.quantity, 333_890.0, "region quantity");
    close(d.region.effects.price, 228_810.0, "region price");
    close(d.region.effects.coverage, -53_600.0, "region coverage");
    close(d.region.effects.entered, 50_000.0, "region entered");
    let agri = d
        .region
        .indicators
        .iter()
        .find(|i| &*i.id == "agriculture")
        .expect("agriculture");
    // Region agriculture: A's rice (quantity 290 000, price 210 000) + B's rice entering 30 000.
    close(agri.effects.get(Effect::Quantity), 290_000.0, "agri q");
    close(
        agri.effects.get(Effect::Coverage),
        30_000.0,
        "agri coverage",
    );
    close(agri.change(), 530_000.0, "agri change");
}

#[test]
fn the_reverse_comparison_has_every_effect_negated() {
    let p = two_years();
    let f = run(&p, 2020, 2021);
    let r = run(&p, 2021, 2020);
    assert_adds_up(&r);
    for e in Effect::ALL {
        let (x, y) = (f.region.effects.get(e), r.region.effects.get(e));
        assert!(
            (x + y).abs() <= 1e-9 * x.abs().max(1.0),
            "{e:?}: {x} vs {y}"
        );
    }
}

#[test]
fn only_prices_changed_gives_zero_quantity_and_coverage_effects() {
    // 2021 = 2020's inputs; the CPI moves the carbon price 380 → 418 and the rice price is
    // typed 3000 instead of 2800: A's change 440 × 38 + 1000 × 200 = 216 720 is all price.
    let mut p = two_years();
    let mut next = p.periods[0].clone();
    next.year = 2021;
    let a = next.counties.get_mut(A).expect("A");
    a.indicators
        .insert("agriculture".into(), products(vec![rice(1000.0, 3000.0)]));
    p.periods[1] = next;
    let d = run(&p, 2020, 2021);
    assert_adds_up(&d);
    for c in d.counties.iter().chain([&d.region]) {
        assert_eq!(c.effects.quantity, 0.0, "{}", c.name_zh);
        assert_eq!(c.effects.coverage, 0.0, "{}", c.name_zh);
        assert_eq!(c.effects.entered, 0.0, "{}", c.name_zh);
        for i in &c.indicators {
            assert_eq!(i.effects.quantity, 0.0, "{} {}", c.name_zh, i.id);
        }
    }
    let a = d.county(A).expect("A");
    close(a.effects.price, 216_720.0, "A price");
    close(a.change(), 216_720.0, "A change");
}

#[test]
fn an_indicator_leaving_the_framework_is_coverage_only() {
    // One year, two frameworks: oxygen release (from carbon, 32/44 × 440 = 320 t O₂ × 727
    // 元/t = 232 640) counts under `extended` and not under GB/T 46869 (a memo item there).
    let mut p = two_years();
    p.periods.truncate(1);
    p.periods[0]
        .counties
        .get_mut(A)
        .expect("A")
        .indicators
        .insert(
            "oxygen_release".into(),
            IndicatorInput {
                method: "from_carbon".into(),
                ..Default::default()
            },
        );
    let reg = Registry::builtin();
    let from = Side {
        framework: Some("extended"),
        ..side(&p, 2020)
    };
    let to = Side {
        framework: Some("gbt46869"),
        ..side(&p, 2020)
    };
    let d = decompose(reg, from, to, false).expect("decompose");
    assert_adds_up(&d);
    let a = d.county(A).expect("A");
    close(a.change(), -232_640.0, "A change");
    close(a.effects.coverage, -232_640.0, "A coverage");
    assert_eq!(a.effects.quantity, 0.0);
    assert_eq!(a.effects.price, 0.0);
    assert_eq!(a.effects.entered, 0.0);
    let oxygen: Vec<_> = a
        .indicators
        .iter()
        .filter(|i| i.effects.total() != 0.0)
        .collect();
    assert_eq!(oxygen.len(), 1);
    assert_eq!(&*oxygen[0].id, "oxygen_release");
    assert_eq!(oxygen[0].components[0].kind, ChangeKind::Leaving);
    assert_eq!(d.from.framework, "extended");
    assert_eq!(d.to.framework, "gbt46869");
}

#[test]
fn imports_deduction_change_is_value_entered_and_constant_prices_remove_the_index() {
    // GB/T 46869 deducts imported products: 100 000 in 2020 → 150 000 in 2021 (current
    // prices, CPI ×1.1 at 2021 prices is not applied to the 2021 amount): −50 000 entered.
    let mut p = two_years();
    p.meta.framework = "gbt46869".into();
    p.periods[0]
        .counties
        .get_mut(B)
        .expect("B")
        .imported_products_yuan = 100_000.0;
    p.periods[1]
        .counties
        .get_mut(B)
        .expect("B")
        .imported_products_yuan = 150_000.0;
    let d = run(&p, 2020, 2021);
    assert_adds_up(&d);
    let b = d.county(B).expect("B");
    // fishery +50 000 entered, deduction −50 000 entered.
    close(b.effects.entered, 0.0, "B entered");
    let imports = b.indicators.iter().find(|i| i.is_imports()).expect("row");
    close(imports.value_from, -100_000.0, "deduction 2020");
    close(imports.effects.entered, -50_000.0, "deduction change");
    // At 2021 prices the carbon price is 418 in both years: A's carbon price effect is 0 and
    // its quantity effect 110 × 418 = 45 980.
    let c = decompose(Registry::builtin(), side(&p, 2020), side(&p, 2021), true).expect("c");
    assert_adds_up(&c);
    assert!(c.constant_prices);
    assert_eq!(c.from.price_year, 2021);
    let carbon = c
        .county(A)
        .expect("A")
        .indicators
        .iter()
        .find(|i| &*i.id == "carbon_sequestration")
        .expect("carbon");
    close(carbon.effects.quantity, 45_980.0, "carbon q at 2021 prices");
    assert!(
        carbon.effects.price.abs() < 1e-9,
        "{}",
        carbon.effects.price
    );
}

// ------------------------------------------------------------------------------------------
// CLI
// ------------------------------------------------------------------------------------------

fn cli(args: &[&str]) -> (bool, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gep-calc"))
        .args(args)
        .output()
        .expect("run gep-calc");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn saved_two_years() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("two.ron");
    gep_calc::io::project_file::save(&two_years(), &path).expect("save");
    let s = path.to_string_lossy().into_owned();
    (dir, s)
}

#[test]
fn cli_json_text_and_csv_carry_the_hand_figures() {
    let (_dir, path) = saved_two_years();
    let (ok, out, err) = cli(&[
        "decompose",
        &path,
        "--from",
        "2020",
        "--to",
        "2021",
        "--format",
        "json",
    ]);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let region = &v["region"]["effects"];
    let get = |k: &str| region[k].as_f64().unwrap_or(f64::NAN);
    close(get("quantity"), 333_890.0, "json quantity");
    close(get("coverage"), -53_600.0, "json coverage");
    close(get("entered"), 50_000.0, "json entered");
    // One county, as text in Chinese (万元, two decimals): 乙县 −0.36 万元 = −3 600 元.
    let (ok, out, err) = cli(&[
        "decompose",
        &path,
        "--from",
        "2020",
        "--to",
        "2021",
        "--county",
        B,
    ]);
    assert!(ok, "{err}");
    assert!(out.contains("乙县"), "{out}");
    assert!(out.contains("-0.36"), "{out}");
    assert!(out.contains("-5.36"), "coverage −53 600 元: {out}");
    assert!(out.contains("Dietzenbacher"), "{out}");
    assert!(!out.contains("甲县"), "only the county asked: {out}");
    // CSV in 元, one row per county and indicator and a GEP row per place.
    let (ok, out, err) = cli(&[
        "--lang",
        "en",
        "decompose",
        &path,
        "--from",
        "2020",
        "--to",
        "2021",
        "--format",
        "csv",
    ]);
    assert!(ok, "{err}");
    let gep_row = out
        .lines()
        .find(|l| l.starts_with(A) && l.contains(",gep,"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(gep_row.contains("562700"), "{gep_row}");
    assert!(out.contains("Quantity effect"), "{out}");
}

#[test]
fn cli_names_an_unknown_county_and_a_missing_year() {
    let (_dir, path) = saved_two_years();
    let (ok, _, err) = cli(&[
        "decompose",
        &path,
        "--from",
        "2020",
        "--to",
        "2021",
        "--county",
        "999999",
    ]);
    assert!(!ok);
    assert!(err.contains("999999") && err.contains(A), "{err}");
    let (ok, _, err) = cli(&["decompose", &path, "--from", "2019", "--to", "2021"]);
    assert!(!ok);
    assert!(err.contains("2019"), "{err}");
}

// ------------------------------------------------------------------------------------------
// Workbook and report
// ------------------------------------------------------------------------------------------

#[test]
fn workbook_sheet_and_report_chapter_carry_the_region_change() {
    use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
    let p = two_years();
    let reg = Registry::builtin();
    let acc = gep_calc::engine::compute(&p, reg, &gep_calc::engine::Options::year(2021))
        .expect("compute");
    let bytes = gep_calc::report::workbook::write_workbook(&p, &acc, reg, gep_calc::i18n::Lang::Zh)
        .expect("workbook");
    let mut wb: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("open");
    let s = wb.worksheet_range("GEP变化分解").expect("sheet");
    // The region row: 325.08 → 380.99 万元, change 55.91, quantity 33.389, price 22.881,
    // coverage −5.36, entered 5.
    let row = (0..s.height())
        .find(|&r| matches!(s.get((r, 0)), Some(Data::String(t)) if t == "全区"))
        .expect("region row");
    let num = |c: usize| match s.get((row, c)) {
        Some(Data::Float(x)) => *x,
        other => panic!("column {c}: {other:?}"),
    };
    close(num(1), 325.08, "from 万元");
    close(num(3), 55.91, "change 万元");
    close(num(4), 33.389, "quantity 万元");
    close(num(6), -5.36, "coverage 万元");
    close(num(7), 5.0, "entered 万元");
    // The report chapter follows 六、结果分析 and names the change and the method.
    let doc = gep_calc::report::chapters::build(&p, &acc, reg, gep_calc::i18n::Lang::Zh);
    let ids: Vec<&str> = doc.sections.iter().map(|s| s.id.as_str()).collect();
    let at = ids
        .iter()
        .position(|i| *i == "decomposition")
        .expect("chapter");
    assert_eq!(ids[at - 1], "analysis");
    let text: String = doc.sections[at]
        .blocks
        .iter()
        .filter_map(|b| match b {
            gep_calc::report::doc::Block::Para(t) => Some(t.as_str()),
            _ => None,
        })
        .collect();
    assert!(text.contains("变化 55.91 万元"), "{text}");
    assert!(text.contains("Dietzenbacher"), "{text}");
    // A single year: no chapter, no sheet.
    let mut one = p.clone();
    one.periods.truncate(1);
    let acc = gep_calc::engine::compute(&one, reg, &gep_calc::engine::Options::year(2020))
        .expect("compute");
    let doc = gep_calc::report::chapters::build(&one, &acc, reg, gep_calc::i18n::Lang::Zh);
    assert!(doc.section("decomposition").is_none());
    let bytes =
        gep_calc::report::workbook::write_workbook(&one, &acc, reg, gep_calc::i18n::Lang::Zh)
            .expect("workbook");
    let wb: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("open");
    assert!(!wb.sheet_names().iter().any(|n| n == "GEP变化分解"));
}

/// The sample uses every kind of input (product lines, output values, values entered, travel
/// cost, split indicators …): its effects add up county by county, at current and at constant
/// prices, and its GEP 2022 is the published 289,900,949,950.48 元.
#[test]
fn the_sample_adds_up_at_current_and_constant_prices() {
    let p = gep_calc::sample::builtin().expect("sample");
    let d = run(&p, 2021, 2022);
    assert_adds_up(&d);
    assert!(
        (d.region.gep_to - 289_900_949_950.48).abs() < 0.005,
        "{}",
        d.region.gep_to
    );
    // Nothing is lost: each indicator's 2022 value is the accounts' region value.
    let acc = gep_calc::engine::compute(
        &p,
        Registry::builtin(),
        &gep_calc::engine::Options::year(2022),
    )
    .expect("compute");
    for i in d.region.indicators.iter().filter(|i| !i.is_imports()) {
        let (_, v) = acc
            .region
            .by_indicator
            .iter()
            .find(|(id, _)| **id == *i.id)
            .expect("indicator");
        assert!(
            (i.value_to - v).abs() <= 1e-6 * v.abs().max(1.0),
            "{}: {} vs {v}",
            i.id,
            i.value_to
        );
    }
    let c = decompose(Registry::builtin(), side(&p, 2021), side(&p, 2022), true).expect("c");
    assert_adds_up(&c);
}

/// The waterfall of the hand-worked region, in 万元: 325.08, +33.389, +22.881, −5.36, +5,
/// 380.99, each effect floating from the running level; the effects span 56.27 (from 325.08 up
/// to 381.35) < 40 % of 325.08, so the axis starts at a round value below: 325.08 − 1.5 × 56.27
/// = 240.675, on a 1-2-5 step of 50 → 200.
#[test]
fn waterfall_levels_chain_from_start_to_end() {
    use gep_calc::view::decompose::{StepKind, waterfall};
    let p = two_years();
    let d = run(&p, 2020, 2021);
    let l = gep_calc::view::Labels::new(&p, Registry::builtin(), gep_calc::i18n::Lang::Zh);
    let w = waterfall(&l, &d, &d.region, false);
    let values: Vec<f64> = w.steps.iter().map(|s| s.value).collect();
    let want = [325.08, 33.389, 22.881, -5.36, 5.0, 380.99];
    assert_eq!(values.len(), want.len());
    for (v, x) in values.iter().zip(want) {
        close(*v, x, "step");
    }
    close(w.floor, 200.0, "axis floor");
    assert_eq!(w.steps[0].kind, StepKind::Total);
    close(w.steps[0].lo, 200.0, "start bar from the floor");
    // quantity 325.08 → 358.469; price → 381.35; coverage 381.35 → 375.99; entered → 380.99.
    close(w.steps[1].lo, 325.08, "quantity lo");
    close(w.steps[2].hi, 381.35, "price hi");
    close(w.steps[3].lo, 375.99, "coverage lo");
    close(w.steps[4].hi, 380.99, "entered hi");
    assert!(w.subtitle.contains("纵轴自 200 万元 起"), "{}", w.subtitle);
    // By category: only non-zero bars, named "effect·category".
    let w = waterfall(&l, &d, &d.region, true);
    let labels: Vec<&str> = w.steps.iter().map(|s| s.label.as_str()).collect();
    assert!(labels.contains(&"数量效应·物质产品"), "{labels:?}");
    assert!(labels.contains(&"覆盖范围效应·调节服务"), "{labels:?}");
    assert!(!labels.contains(&"价格效应·文化服务"), "{labels:?}");
}
