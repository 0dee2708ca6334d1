//! Inputs practitioners actually have (issue 10, item 10), each worked by hand through the
//! public API: a value computed elsewhere in 元/万元/亿元, custom indicators priced per person
//! and per item, product lines in count units, the travel-cost time cost per visit, water
//! purification from TN/TP alone, and negative quantities of indicators declared as a change.
//!
//! Registry values used (assets/registry/parameters.ron, price_indices.ron): carbon_price
//! 380 元/t CO₂ @2010; cost_tn 875 元/t @2010; cost_tp 2800 元/t @2010;
//! CPI (1978 = 100) 2010 536.1, 2020 686.5.

use std::collections::BTreeMap;

use gep_calc::engine::{Accounts, IndicatorAccount, Options, Origin, Status, compute};
use gep_calc::i18n::Text;
use gep_calc::model::*;
use gep_calc::registry::{Category, Registry, Tag};
use gep_calc::units::Unit;
use gep_calc::validate::{Issue, IssueKind, Severity, validate};

const A: &str = "360101";
const CPI_2010: f64 = 536.1;
const CPI_2020: f64 = 686.5;

#[track_caller]
fn assert_close(got: f64, want: f64, what: &str) {
    assert!(
        (got - want).abs() <= 1e-12 * want.abs().max(1e-9),
        "{what}: got {got}, want {want}"
    );
}

/// One county (1000 hm²), one period.
fn project(year: i32) -> Project {
    let mut p = Project::empty("practitioner inputs");
    p.meta.framework = "gbt46869".into();
    p.counties.push(County {
        code: A.into(),
        name: Text::new("甲县", "County A"),
        land_area_hm2: 1000.0,
        prefecture: None,
    });
    p.periods.push(Period {
        year,
        counties: BTreeMap::new(),
    });
    p
}

fn set(p: &mut Project, year: i32, id: &str, input: IndicatorInput) {
    p.period_mut(year)
        .unwrap_or_else(|| panic!("no period {year}"))
        .counties
        .entry(A.to_string())
        .or_default()
        .indicators
        .insert(id.into(), input);
}

fn input(method: &str, pairs: &[(&str, f64)]) -> IndicatorInput {
    IndicatorInput {
        method: method.into(),
        values: pairs.iter().map(|(k, v)| ((*k).to_string(), *v)).collect(),
        ..Default::default()
    }
}

fn run(p: &Project, opts: &Options) -> Accounts {
    compute(p, Registry::builtin(), opts).unwrap_or_else(|e| panic!("{e}"))
}

#[track_caller]
fn ind<'a>(acc: &'a Accounts, id: &str) -> &'a IndicatorAccount {
    acc.counties[0]
        .indicators
        .iter()
        .find(|a| &*a.id == id)
        .unwrap_or_else(|| panic!("no indicator {id}"))
}

#[track_caller]
fn computed<'a>(acc: &'a Accounts, id: &str) -> &'a IndicatorAccount {
    let a = ind(acc, id);
    assert_eq!(a.status, Status::Computed, "{id}: {:?}", a.status);
    a
}

/// The errors validation finds, as messages (warnings such as unverified defaults aside).
fn errors(p: &Project) -> Vec<String> {
    validate(p, Registry::builtin())
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .map(|i| i.message(gep_calc::i18n::Lang::En))
        .collect()
}

fn issues_at<'a>(issues: &'a [Issue], field: &str) -> Vec<&'a Issue> {
    issues.iter().filter(|i| i.field == field).collect()
}

fn entered(amount: f64, unit: Unit, price_year: Option<i32>, source: &str) -> IndicatorInput {
    IndicatorInput {
        entered_value: Some(EnteredValue {
            amount,
            unit,
            price_year,
            source: source.into(),
        }),
        ..Default::default()
    }
}

fn custom(id: &str, unit: Unit, price: f64, change: bool) -> CustomIndicator {
    CustomIndicator {
        id: id.into(),
        name: Text::new("自定义", "Custom"),
        category: Category::Cultural,
        frameworks: vec!["gbt46869".into()],
        unit,
        price,
        price_year: 2010,
        source: "县问卷调查 2010".into(),
        tag: Tag::V,
        market: false,
        change,
    }
}

// ---- 1. A value computed elsewhere ----------------------------------------------------------

/// 12.5 万元 entered for soil retention (2020, current prices) is 125 000 元; the trace states
/// the amount as entered, its unit, price year and source.
#[test]
fn a_value_entered_in_wan_yuan_is_converted_to_yuan_and_traced() {
    let mut p = project(2020);
    let i = entered(
        12.5,
        Unit::WanYuan,
        Some(2020),
        "某咨询公司 2021 年报告 表 3",
    );
    set(&mut p, 2020, "soil_retention", i);
    let acc = run(&p, &Options::year(2020));
    let a = computed(&acc, "soil_retention");
    assert_close(a.value, 125_000.0, "12.5 万元");
    let trace = a.trace.as_ref().expect("traced");
    let step = &trace.steps[0];
    assert_close(step.value, 125_000.0, "V₀ in 元");
    match &step.origin {
        Origin::EnteredValue {
            entered,
            entered_unit,
            price_year,
            index_factor,
            source,
        } => {
            assert_eq!(*entered, 12.5);
            assert_eq!(*entered_unit, Unit::WanYuan);
            assert_eq!(*price_year, 2020);
            assert_eq!(*index_factor, 1.0);
            assert_eq!(&**source, "某咨询公司 2021 年报告 表 3");
        }
        other => panic!("first step is the entered value, got {other:?}"),
    }
    assert_eq!(errors(&p), Vec::<String>::new());
}

/// Constant 2010 prices deflate an entered 1.2 亿元 of 2020 prices like any priced item:
/// 1.2 × 10⁸ × 536.1 / 686.5 = 93 710 123.8 元.
#[test]
fn constant_price_accounts_deflate_an_entered_value() {
    let mut p = project(2020);
    let i = entered(1.2, Unit::YiYuan, Some(2020), "旅游局测算");
    set(&mut p, 2020, "recreation", i);
    let opts = Options {
        price_year: Some(2010),
        ..Options::year(2020)
    };
    let acc = run(&p, &opts);
    let a = computed(&acc, "recreation");
    assert_close(
        a.value,
        1.2e8 * CPI_2010 / CPI_2020,
        "deflated to 2010 prices",
    );
}

/// Quantities entered beside an entered value are not priced (never summed twice): the value
/// is the entered 50 000 元, and validation warns that the entered value wins.
#[test]
fn an_entered_value_beside_quantities_wins_once_and_warns() {
    let mut p = project(2010);
    let mut i = input("direct", &[("co2", 1000.0)]);
    i.entered_value = Some(EnteredValue {
        amount: 50_000.0,
        unit: Unit::Yuan,
        price_year: None,
        source: "林业局".into(),
    });
    set(&mut p, 2010, "carbon_sequestration", i);
    let acc = run(&p, &Options::year(2010));
    // 1000 t CO₂ × 380 would be 380 000 元; the entered value counts instead, alone.
    assert_close(
        computed(&acc, "carbon_sequestration").value,
        50_000.0,
        "entered value",
    );
    let issues = validate(&p, Registry::builtin());
    let at = issues_at(&issues, "indicators.carbon_sequestration.entered_value");
    assert_eq!(at.len(), 1, "{issues:?}");
    assert_eq!(at[0].severity, Severity::Warning);
    assert_eq!(at[0].kind, IssueKind::EnteredValueWins);
    assert_eq!(at[0].county.as_deref(), Some(A));
}

/// An entered value in a unit that is no money is an error naming the unit, and the
/// indicator stays out of every sum.
#[test]
fn an_entered_value_in_tonnes_is_refused() {
    let mut p = project(2010);
    let i = entered(3.0, Unit::T, None, "");
    set(&mut p, 2010, "soil_retention", i);
    let acc = run(&p, &Options::year(2010));
    assert!(matches!(
        ind(&acc, "soil_retention").status,
        Status::Incomplete { .. }
    ));
    let issues = validate(&p, Registry::builtin());
    let at = issues_at(&issues, "indicators.soil_retention.entered_value");
    assert_eq!(at[0].kind, IssueKind::EnteredValueUnit { unit: "t".into() });
}

// ---- 2. Custom indicators per person and per item --------------------------------------------

/// Willingness to pay 50 元/人 × 20 000 payers = 1 000 000 元; 3 元/个 × 500 个 = 1 500 元.
#[test]
fn custom_indicators_priced_per_person_and_per_item() {
    let mut p = project(2010);
    p.custom_indicators
        .push(custom("wtp", Unit::Person, 50.0, false));
    p.custom_indicators
        .push(custom("nests", Unit::Piece, 3.0, false));
    set(
        &mut p,
        2010,
        "wtp",
        input("direct", &[("quantity", 20_000.0)]),
    );
    set(
        &mut p,
        2010,
        "nests",
        input("direct", &[("quantity", 500.0)]),
    );
    let acc = run(&p, &Options::year(2010));
    let wtp = computed(&acc, "wtp");
    assert_close(wtp.value, 1_000_000.0, "WTP × payers");
    assert_eq!(wtp.components[0].price_unit, Unit::YuanPerPerson);
    assert_close(computed(&acc, "nests").value, 1_500.0, "per item");
    assert_eq!(errors(&p), Vec::<String>::new());
}

// ---- 3. Product lines in count units ----------------------------------------------------------

/// 1200 株 × 15 元/株 + 3 万尾 × 0.2 元/尾 + 800 羽 × 40 元/羽 = 18 000 + 6 000 + 32 000.
#[test]
fn product_lines_accept_count_units() {
    let mut p = project(2010);
    let line = |name: &str, quantity: f64, unit: Unit, price: f64| ProductLine {
        name: name.into(),
        quantity,
        unit,
        price,
        price_year: None,
        source: "统计年鉴".into(),
    };
    let i = IndicatorInput {
        products: vec![
            line("苗木", 1200.0, Unit::Plant, 15.0),
            line("鱼苗", 30_000.0, Unit::Fish, 0.2),
            line("家禽", 800.0, Unit::Bird, 40.0),
        ],
        ..Default::default()
    };
    let id = Registry::builtin()
        .indicators
        .iter()
        .find(|s| matches!(s.formula, gep_calc::registry::Formula::Products))
        .map(|s| s.id.clone())
        .expect("a material indicator");
    set(&mut p, 2010, &id, i);
    let acc = run(&p, &Options::year(2010));
    let a = computed(&acc, &id);
    assert_close(a.value, 56_000.0, "count-unit product lines");
    assert_eq!(a.components[1].price_unit, Unit::YuanPerFish);
    assert_eq!(
        a.quantities.len(),
        3,
        "株, 尾 and 羽 are never summed together"
    );
    assert_eq!(errors(&p), Vec::<String>::new());
}

// ---- 4. Travel cost with the time cost per visit given ------------------------------------

/// 1 万人次 × (200 + 50) 元/人次 = 2 500 000 元 counted; consumer surplus 1 万 × 30 = 300 000 元
/// is a memo item, never in the value.
#[test]
fn travel_cost_accepts_the_time_cost_per_visit() {
    let mut p = project(2010);
    set(
        &mut p,
        2010,
        "recreation",
        input(
            "survey_time_cost",
            &[
                ("visits", 1.0),
                ("expense", 200.0),
                ("time_cost", 50.0),
                ("cs", 30.0),
            ],
        ),
    );
    let acc = run(&p, &Options::year(2010));
    let a = computed(&acc, "recreation");
    assert_close(a.value, 2_500_000.0, "N × (TE + C_t)");
    assert_eq!(a.memo.len(), 1, "consumer surplus as a memo item");
    assert_close(a.memo[0].value, 300_000.0, "N × CS");
    let trace = a.trace.as_ref().expect("traced");
    assert!(
        trace
            .steps
            .iter()
            .any(|s| s.symbol == "C_t" && s.value == 50.0)
    );
    assert_eq!(errors(&p), Vec::<String>::new());
}

// ---- 5. Water purification from TN/TP alone ------------------------------------------------

/// 10 t TN × 875 + 2 t TP × 2800 = 8 750 + 5 600 = 14 350 元, COD and NH₃-N left empty.
#[test]
fn direct_water_purification_from_tn_and_tp_alone() {
    let mut p = project(2010);
    set(
        &mut p,
        2010,
        "water_purification",
        input("direct", &[("tn", 10.0), ("tp", 2.0)]),
    );
    let acc = run(&p, &Options::year(2010));
    assert_close(
        computed(&acc, "water_purification").value,
        14_350.0,
        "TN and TP",
    );
    let issues = validate(&p, Registry::builtin());
    assert!(
        issues_at(&issues, "indicators.water_purification.cod").is_empty(),
        "{issues:?}"
    );
}

/// Nothing entered at all is still incomplete (never a computed 0), and validation asks for
/// one of the four pollutants.
#[test]
fn water_purification_with_nothing_entered_stays_incomplete() {
    let mut p = project(2010);
    set(&mut p, 2010, "water_purification", input("direct", &[]));
    let acc = run(&p, &Options::year(2010));
    assert!(matches!(
        ind(&acc, "water_purification").status,
        Status::Incomplete { .. }
    ));
    let issues = validate(&p, Registry::builtin());
    let at = issues_at(&issues, "indicators.water_purification");
    assert!(
        at.iter().any(|i| matches!(&i.kind, IssueKind::MissingInput { input, .. } if input == "cod / nh3n / tn / tp")),
        "{issues:?}"
    );
}

// ---- 6. Negative quantities of changes ---------------------------------------------------------

/// A custom indicator declared as a change: −100 t × 50 元/t = −5 000 元, and validation does
/// not call the negative increment an error; the same number for a quantity that cannot be
/// negative stays an error naming county, field and value.
#[test]
fn negative_increments_of_a_change_are_valid() {
    let mut p = project(2010);
    p.custom_indicators
        .push(custom("stock_change", Unit::T, 50.0, true));
    p.custom_indicators
        .push(custom("harvest", Unit::T, 50.0, false));
    set(
        &mut p,
        2010,
        "stock_change",
        input("direct", &[("quantity", -100.0)]),
    );
    set(
        &mut p,
        2010,
        "harvest",
        input("direct", &[("quantity", -100.0)]),
    );
    let acc = run(&p, &Options::year(2010));
    assert_close(
        computed(&acc, "stock_change").value,
        -5_000.0,
        "negative change",
    );
    let issues = validate(&p, Registry::builtin());
    assert!(
        issues_at(&issues, "indicators.stock_change.quantity").is_empty(),
        "{issues:?}"
    );
    let bad = issues_at(&issues, "indicators.harvest.quantity");
    assert_eq!(bad.len(), 1, "{issues:?}");
    assert_eq!(bad[0].kind, IssueKind::NegativeNotChange);
    assert!(
        bad[0]
            .message(gep_calc::i18n::Lang::Zh)
            .contains("未声明为变化量")
    );
    assert_eq!(bad[0].severity, Severity::Error);
    assert_eq!(bad[0].county.as_deref(), Some(A));
    assert_eq!(bad[0].value.as_deref(), Some("-100"));
}

/// A net carbon source: NEP −120 t C → −440 t CO₂ × 380 = −167 200 元, no validation error;
/// the carbon indicator is declared a change in the registry.
#[test]
fn a_negative_nep_is_a_valid_change() {
    let reg = Registry::builtin();
    assert!(
        reg.indicator("carbon_sequestration")
            .is_some_and(|s| s.change)
    );
    let mut p = project(2010);
    set(
        &mut p,
        2010,
        "carbon_sequestration",
        input("nep", &[("nep", -120.0)]),
    );
    let acc = run(&p, &Options::year(2010));
    assert_close(
        computed(&acc, "carbon_sequestration").value,
        -120.0 * 44.0 / 12.0 * 380.0,
        "net source",
    );
    let issues = validate(&p, reg);
    assert!(
        !issues.iter().any(|i| i.severity == Severity::Error),
        "{issues:?}"
    );
}

/// The trace words of an entered value (app, report, workbook) name it as a value computed
/// elsewhere, with the amount and unit as entered, price year, index factor and source.
#[test]
fn the_trace_words_of_an_entered_value_state_unit_year_and_source() {
    use gep_calc::view::Labels;
    use gep_calc::view::trace::{self, Kind};
    let mut p = project(2020);
    let i = entered(3.2, Unit::YiYuan, Some(2010), "县统计局测算");
    set(&mut p, 2020, "recreation", i);
    let acc = run(&p, &Options::year(2020));
    let a = computed(&acc, "recreation");
    assert_close(
        a.value,
        3.2e8 * CPI_2020 / CPI_2010,
        "2010 prices moved to 2020",
    );
    let t = a.trace.as_ref().expect("traced");
    let labels = Labels::new(&p, Registry::builtin(), gep_calc::i18n::Lang::Zh);
    let steps = trace::steps(&labels, "recreation", t);
    let o = &steps[0].origin;
    assert_eq!(o.kind, Kind::EnteredValue);
    assert_eq!(o.name, "外部计算的价值");
    assert_eq!(o.entered, Some((3.2, Unit::YiYuan)));
    assert_eq!(o.price_year, Some(2010));
    assert_close(
        o.index_factor.unwrap_or(0.0),
        CPI_2020 / CPI_2010,
        "index factor",
    );
    assert_eq!(o.source, "县统计局测算");
}

/// Product lines imported in count units: “万尾” is stored as 10⁴ 尾, its price (per the row's
/// unit, as for 万t) 2 000 元/万尾 = 0.2 元/尾; “株” and “羽” are kept as they are.
#[test]
fn product_lines_in_count_units_import() {
    use gep_calc::io::import::{ImportInput, ImportOptions, apply, preview};
    let p0 = project(2010);
    let csv = "代码,年份,指标,产品,产量,单位,单价\n\
               360101,2010,渔业产品,鱼苗,3,万尾,2000\n\
               360101,2010,林业产品,苗木,1200,株,15\n\
               360101,2010,畜牧业产品,家禽,800,羽,40\n";
    let pv = preview(
        &p0,
        Registry::builtin(),
        ImportInput::Bytes {
            name: "products.csv",
            bytes: csv.as_bytes(),
        },
        &ImportOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let errors: Vec<String> = pv
        .problems
        .iter()
        .filter(|x| x.severity() == gep_calc::io::import::Severity::Error)
        .map(|x| x.message(gep_calc::i18n::Lang::En))
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let mut p = p0.clone();
    apply(&mut p, &pv).unwrap_or_else(|e| panic!("{e}"));
    let cp = &p.period(2010).expect("2010").counties[A];
    let fish = &cp.indicators["fishery"].products[0];
    assert_eq!(
        (fish.quantity, fish.unit, fish.price),
        (30_000.0, Unit::Fish, 0.2)
    );
    let trees = &cp.indicators["forestry"].products[0];
    assert_eq!((trees.quantity, trees.unit), (1200.0, Unit::Plant));
    let birds = &cp.indicators["livestock"].products[0];
    assert_eq!((birds.quantity, birds.unit), (800.0, Unit::Bird));
}

/// Import takes a negative quantity of a custom indicator declared as a change and refuses
/// it for one that is not (naming the cell).
#[test]
fn import_accepts_negative_changes_only() {
    use gep_calc::io::import::{ImportInput, ImportOptions, ProblemKind, preview};
    let mut p = project(2010);
    p.custom_indicators
        .push(custom("stock_change", Unit::T, 50.0, true));
    p.custom_indicators
        .push(custom("harvest", Unit::T, 50.0, false));
    let run = |csv: &str| {
        preview(
            &p,
            Registry::builtin(),
            ImportInput::Bytes {
                name: "inputs.csv",
                bytes: csv.as_bytes(),
            },
            &ImportOptions::default(),
        )
        .unwrap_or_else(|e| panic!("{e}"))
    };
    let ok = run("代码,年份,stock_change.quantity\n360101,2010,-100\n");
    assert!(!ok.has_errors(), "{:?}", ok.problems);
    let bad = run("代码,年份,harvest.quantity\n360101,2010,-100\n");
    assert!(
        bad.problems.iter().any(|x| x.kind == ProblemKind::Negative),
        "{:?}",
        bad.problems
    );
}
