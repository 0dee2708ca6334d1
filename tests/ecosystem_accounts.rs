//! Accounts by ecosystem type (分生态系统类型核算), worked by hand: a county's indicators split
//! among its ecosystem parts, each part computed like a county, the county figure the sum.
//!
//! Registry values used: co2_per_npp 1.63 (CarbonNpp, method `npp` of carbon sequestration);
//! o2_per_npp 1.2 (OxygenNpp, method `npp` of oxygen release; the LY/T value 1.19 is the
//! catalogue's `o2_per_npp_lyt`, applied here as a project override); carbon_price 380 元/t CO₂
//! @2010; oxygen_price 727 元/t @2010; reservoir_cost 7.06 元/m³ @2010; α broadleaf_forest
//! 0.0465, needleleaf_forest 0.0452, orchard 0.0957, paddy none. Accounts of 2010 at 2010
//! prices: every index factor is 1.

use std::collections::BTreeMap;

use gep_calc::engine::{Accounts, IndicatorAccount, Options, Origin, Status, compute};
use gep_calc::i18n::{Lang, Text};
use gep_calc::model::*;
use gep_calc::registry::{Registry, Tag};
use gep_calc::view::Labels;

const A: &str = "360101";
const B: &str = "360102";
const Y: i32 = 2010;

#[track_caller]
fn assert_close(got: f64, want: f64, what: &str) {
    assert!(
        (got - want).abs() <= 1e-12 * want.abs().max(1e-9),
        "{what}: got {got}, want {want}"
    );
}

fn project() -> Project {
    let mut p = Project::empty("ecosystem accounts");
    p.meta.framework = "extended".into();
    for (code, zh, en) in [(A, "甲县", "County A"), (B, "乙县", "County B")] {
        p.counties.push(County {
            code: code.into(),
            name: Text::new(zh, en),
            land_area_hm2: 10_000.0,
            prefecture: None,
        });
    }
    p.periods.push(Period {
        year: Y,
        counties: BTreeMap::new(),
    });
    for (id, zh, en) in [
        ("conifer", "针叶林", "Coniferous forest"),
        ("broadleaf", "阔叶林", "Broadleaf forest"),
        ("bamboo", "竹林", "Bamboo forest"),
    ] {
        p.ecosystem_subtypes.push(EcosystemSubtype {
            id: id.into(),
            name: Text::new(zh, en),
            ecosystem: "forest".into(),
        });
    }
    p
}

fn cp<'a>(p: &'a mut Project, code: &str) -> &'a mut CountyPeriod {
    p.period_mut(Y)
        .unwrap_or_else(|| panic!("no period"))
        .counties
        .entry(code.to_string())
        .or_default()
}

fn input(method: &str, pairs: &[(&str, f64)]) -> IndicatorInput {
    IndicatorInput {
        method: method.into(),
        values: pairs.iter().map(|(k, v)| ((*k).to_string(), *v)).collect(),
        ..Default::default()
    }
}

fn run(p: &Project) -> Accounts {
    compute(p, Registry::builtin(), &Options::year(Y)).unwrap_or_else(|e| panic!("{e}"))
}

fn ind<'a>(acc: &'a Accounts, code: &str, id: &str) -> &'a IndicatorAccount {
    acc.counties
        .iter()
        .find(|c| c.code == code)
        .and_then(|c| c.indicators.iter().find(|a| &*a.id == id))
        .unwrap_or_else(|| panic!("no {code} {id}"))
}

/// The three forest subtypes of county A: (id, NPP t dry matter, class, area hm²).
const FOREST: [(&str, f64, &str, f64); 3] = [
    ("conifer", 10_000.0, "needleleaf_forest", 4_000.0),
    ("broadleaf", 6_000.0, "broadleaf_forest", 2_500.0),
    ("bamboo", 2_000.0, "bamboo_forest", 800.0),
];

/// County A split into its three forest subtypes for carbon and oxygen (both by NPP), water
/// conservation entered for the county as a whole (0.1 万 m³ = 1 000 m³ × 7.06 = 7 060 元).
fn forest_project() -> Project {
    let mut p = project();
    let c = cp(&mut p, A);
    c.land_cover = FOREST
        .iter()
        .map(|(_, _, class, area)| (class.to_string(), *area))
        .chain([("paddy".to_string(), 500.0)])
        .collect();
    c.indicators.insert(
        "water_conservation".into(),
        input("direct", &[("water", 0.1)]),
    );
    for (id, npp, class, area) in FOREST {
        let part = EcosystemPart {
            land_cover: [(class.to_string(), area)].into_iter().collect(),
            indicators: [
                (
                    "carbon_sequestration".to_string(),
                    input("npp", &[("npp", npp)]),
                ),
                ("oxygen_release".to_string(), input("npp", &[("npp", npp)])),
            ]
            .into_iter()
            .collect(),
        };
        c.ecosystem_parts.insert(id.into(), part);
    }
    p
}

#[test]
fn per_forest_type_carbon_and_oxygen_table_sums_to_the_county() {
    // Subtype   NPP (t)  CO₂ = 1.63·NPP   × 380 元        O₂ = 1.2·NPP   × 727 元
    // 针叶林    10 000   16 300 t         6 194 000 元    12 000 t       8 724 000 元
    // 阔叶林     6 000    9 780 t         3 716 400 元     7 200 t       5 234 400 元
    // 竹林       2 000    3 260 t         1 238 800 元     2 400 t       1 744 800 元
    // 县合计    18 000   29 340 t        11 149 200 元    21 600 t      15 703 200 元
    let acc = run(&forest_project());
    let table = [
        (
            "carbon_sequestration",
            [
                ("conifer", 16_300.0, 6_194_000.0),
                ("broadleaf", 9_780.0, 3_716_400.0),
                ("bamboo", 3_260.0, 1_238_800.0),
            ],
            29_340.0,
            11_149_200.0,
        ),
        (
            "oxygen_release",
            [
                ("conifer", 12_000.0, 8_724_000.0),
                ("broadleaf", 7_200.0, 5_234_400.0),
                ("bamboo", 2_400.0, 1_744_800.0),
            ],
            21_600.0,
            15_703_200.0,
        ),
    ];
    for (id, rows, q_total, v_total) in table {
        let a = ind(&acc, A, id);
        assert_eq!(a.status, Status::Computed, "{id}: {:?}", a.status);
        let keys: Vec<&str> = a.parts.iter().map(|p| &*p.part).collect();
        assert_eq!(
            keys,
            ["conifer", "broadleaf", "bamboo"],
            "{id}: project order"
        );
        for (part, (key, q, v)) in a.parts.iter().zip(rows) {
            assert_eq!(&*part.part, key);
            assert_eq!(&*part.ecosystem, "forest");
            assert_eq!(part.status, Status::Computed);
            assert_close(part.quantity.map_or(0.0, |q| q.value), q, "part quantity");
            assert_close(part.value, v, "part value");
        }
        assert_close(a.quantity.map_or(0.0, |q| q.value), q_total, "county Q");
        assert_close(a.value, v_total, "county V");
        assert_close(a.components[0].quantity, q_total, "county component Q");
        // The county trace says it is the sum of its parts, one value step per part.
        let trace = a.trace.as_ref().expect("trace");
        assert_eq!(trace.formula_zh, "V = Σ_e V_e（各生态系统部分价值之和）");
        let part_values: Vec<(String, f64)> = trace
            .steps
            .iter()
            .filter(|s| s.symbol == "V_e")
            .filter_map(|s| match &s.origin {
                Origin::Part { part, .. } => Some((part.to_string(), s.value)),
                _ => None,
            })
            .collect();
        assert_eq!(part_values.len(), 3);
        for ((k, v), (key, _, want)) in part_values.iter().zip(rows) {
            assert_eq!(k, key);
            assert_close(*v, want, "trace part value");
        }
        assert!(matches!(trace.steps.last().map(|s| (&s.origin, s.value)),
            Some((Origin::Result, v)) if v == a.value));
        // Each part keeps its own trace with its own model (k × NPP).
        let part_trace = a.parts[0].trace.as_ref().expect("part trace");
        assert_eq!(&*part_trace.method, "npp");
    }
    // GEP by ecosystem type: forest (carbon + oxygen) with its subtypes, and the not-split
    // row (water conservation 1 000 m³ × 7.06 = 7 060 元); the rows sum to the gross value.
    let county = &acc.counties[0];
    let rows = &county.by_ecosystem;
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[0].ecosystem.as_deref(), Some("forest"));
    assert_close(rows[0].regulating, 26_852_400.0, "forest regulating");
    assert_close(rows[0].total, 26_852_400.0, "forest total");
    let subtypes: Vec<(&str, f64)> = rows[0]
        .subtypes
        .iter()
        .map(|s| (s.ecosystem.as_deref().unwrap_or_default(), s.total))
        .collect();
    // Each subtype's value is all regulating (carbon and oxygen).
    assert!(
        rows[0]
            .subtypes
            .iter()
            .all(|s| s.regulating == s.total && s.material == 0.0)
    );
    assert_eq!(subtypes.len(), 3);
    for ((k, v), (key, want)) in subtypes.iter().zip([
        ("conifer", 6_194_000.0 + 8_724_000.0),
        ("broadleaf", 3_716_400.0 + 5_234_400.0),
        ("bamboo", 1_238_800.0 + 1_744_800.0),
    ]) {
        assert_eq!(*k, key);
        assert_close(*v, want, "subtype total");
    }
    assert_eq!(rows[1].ecosystem, None);
    assert_close(rows[1].regulating, 7_060.0, "not split");
    let sum: f64 = rows.iter().map(|r| r.total).sum();
    assert_close(sum, county.totals.gross, "rows sum to gross");
    assert_close(county.totals.gross, 26_859_460.0, "gross");
    // The region carries the same rows (county B has no split).
    assert_eq!(acc.region.by_ecosystem, county.by_ecosystem);
    assert!(acc.counties[1].by_ecosystem.is_empty());

    // The LY/T coefficient 1.19 (o2_per_npp_lyt) as the project's value of o2_per_npp:
    // O₂ = 1.19 × 18 000 = 21 420 t; V = 21 420 × 727 = 15 572 340 元.
    let mut p = forest_project();
    p.price_overrides.insert(
        "o2_per_npp".into(),
        ParamOverride {
            value: 1.19,
            unit: None,
            price_year: None,
            source: "LY/T 1721—2008".into(),
            tag: Tag::V,
            note: String::new(),
        },
    );
    let acc = run(&p);
    let o2 = ind(&acc, A, "oxygen_release");
    assert_close(o2.quantity.map_or(0.0, |q| q.value), 21_420.0, "O₂ at 1.19");
    assert_close(o2.value, 15_572_340.0, "V O₂ at 1.19");
    assert_close(
        o2.parts[2].value,
        1.19 * 2_000.0 * 727.0,
        "bamboo O₂ at 1.19",
    );
}

#[test]
fn oxygen_from_carbon_reads_the_same_parts_carbon() {
    // Oxygen by 32/44 × Q_CO₂ of the same part: 针叶林 16 300 × 32/44 = 11 854.545… t.
    let mut p = forest_project();
    for part in cp(&mut p, A).ecosystem_parts.values_mut() {
        part.indicators
            .insert("oxygen_release".into(), input("from_carbon", &[]));
    }
    let acc = run(&p);
    let o2 = ind(&acc, A, "oxygen_release");
    assert_eq!(o2.status, Status::Computed, "{:?}", o2.status);
    for (part, npp) in o2.parts.iter().zip([10_000.0, 6_000.0, 2_000.0]) {
        let want = 1.63 * npp * 32.0 / 44.0;
        assert_close(part.quantity.map_or(0.0, |q| q.value), want, &part.part);
        assert_close(part.value, want * 727.0, &part.part);
    }
    assert_close(
        o2.quantity.map_or(0.0, |q| q.value),
        29_340.0 * 32.0 / 44.0,
        "county O₂",
    );
    // A part without carbon of its own has no carbon to read: the county oxygen is not a
    // silent partial sum, and the failure names the part.
    let c = cp(&mut p, A);
    if let Some(bamboo) = c.ecosystem_parts.get_mut("bamboo") {
        bamboo.indicators.remove("carbon_sequestration");
    }
    let acc = run(&p);
    let o2 = ind(&acc, A, "oxygen_release");
    let Status::Failed {
        reason_zh,
        reason_en,
    } = &o2.status
    else {
        panic!("{:?}", o2.status)
    };
    assert!(reason_zh.contains("竹林"), "{reason_zh}");
    assert!(reason_en.contains("Bamboo forest"), "{reason_en}");
    assert_eq!(o2.value, 0.0);
    assert_eq!(
        o2.parts[2].status,
        Status::Incomplete {
            missing: vec!["carbon_sequestration".into()]
        }
    );
    // The carbon of the two other parts still sums; oxygen is out of the totals.
    let county = &acc.counties[0];
    let carbon = ind(&acc, A, "carbon_sequestration").value;
    assert_close(carbon, 6_194_000.0 + 3_716_400.0, "carbon of two parts");
    assert_close(
        county.totals.gross,
        carbon + 7_060.0,
        "gross without oxygen",
    );
    let sum: f64 = county.by_ecosystem.iter().map(|r| r.total).sum();
    assert_close(sum, county.totals.gross, "rows sum to gross");
}

#[test]
fn water_conservation_split_by_type_reads_each_parts_land_cover() {
    // County A: broadleaf_forest 400, needleleaf_forest 100, orchard 200, paddy 300 hm².
    // Part forest (no land cover of its own → the county's forest classes), P 1600, ET 800:
    //   broadleaf (1600 − 74.4 − 800) × 400 × 10 = 2 902 400 m³
    //   needleleaf (1600 − 72.32 − 800) × 100 × 10 = 727 680 m³   → 3 630 080 m³
    // Part farmland, its own land cover orchard 150 (of 200), P 1600, ET 900:
    //   (1600 − 153.12 − 900) × 150 × 10 = 820 320 m³ (paddy has no α)
    // County: 4 450 400 m³ × 7.06 = 31 419 824 元.
    let mut p = project();
    let c = cp(&mut p, A);
    c.land_cover = [
        ("broadleaf_forest", 400.0),
        ("needleleaf_forest", 100.0),
        ("orchard", 200.0),
        ("paddy", 300.0),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let wc = |et| {
        [(
            "water_conservation".to_string(),
            input("water_balance", &[("precip", 1600.0), ("et", et)]),
        )]
        .into_iter()
        .collect()
    };
    c.ecosystem_parts.insert(
        "forest".into(),
        EcosystemPart {
            land_cover: BTreeMap::new(),
            indicators: wc(800.0),
        },
    );
    c.ecosystem_parts.insert(
        "farmland".into(),
        EcosystemPart {
            land_cover: [("orchard".to_string(), 150.0)].into_iter().collect(),
            indicators: wc(900.0),
        },
    );
    let acc = run(&p);
    let a = ind(&acc, A, "water_conservation");
    assert_eq!(a.status, Status::Computed, "{:?}", a.status);
    let keys: Vec<&str> = a.parts.iter().map(|p| &*p.part).collect();
    assert_eq!(keys, ["forest", "farmland"], "registry order");
    assert_close(
        a.parts[0].quantity.map_or(0.0, |q| q.value),
        3_630_080.0,
        "forest Q",
    );
    assert_close(
        a.parts[1].quantity.map_or(0.0, |q| q.value),
        820_320.0,
        "farmland Q",
    );
    assert_close(a.quantity.map_or(0.0, |q| q.value), 4_450_400.0, "county Q");
    assert_close(a.value, 4_450_400.0 * 7.06, "county V");
    // The forest part's trace names the county's forest classes only.
    let classes: Vec<&str> = a.parts[0]
        .trace
        .as_ref()
        .map(|t| {
            t.steps
                .iter()
                .filter(|s| s.symbol == "A_i")
                .filter_map(|s| match &s.origin {
                    Origin::LandCover { class } => Some(&**class),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(classes, ["broadleaf_forest", "needleleaf_forest"]);
    let rows = &acc.counties[0].by_ecosystem;
    let eco: Vec<Option<&str>> = rows.iter().map(|r| r.ecosystem.as_deref()).collect();
    assert_eq!(eco, [Some("forest"), Some("farmland"), None]);
    assert_close(rows[0].regulating, 3_630_080.0 * 7.06, "forest row");
    assert_close(rows[1].regulating, 820_320.0 * 7.06, "farmland row");
    assert_eq!(rows[2].total, 0.0);
}

#[test]
fn a_county_without_parts_gives_the_same_accounts_as_before() {
    // County B is the same with and without county A's split; county A without parts equals
    // its plain county entry.
    let mut plain = project();
    for code in [A, B] {
        let c = cp(&mut plain, code);
        c.land_cover = [("broadleaf_forest".to_string(), 400.0)]
            .into_iter()
            .collect();
        c.indicators.insert(
            "carbon_sequestration".into(),
            input("npp", &[("npp", 18_000.0)]),
        );
    }
    let mut split = plain.clone();
    cp(&mut split, A).ecosystem_parts = forest_project()
        .period(Y)
        .and_then(|p| p.counties.get(A))
        .map(|c| c.ecosystem_parts.clone())
        .unwrap_or_default();
    let (a, b) = (run(&plain), run(&split));
    let json =
        |acc: &Accounts, i: usize| serde_json::to_value(&acc.counties[i]).unwrap_or_default();
    assert_eq!(json(&a, 1), json(&b, 1));
    assert!(json(&a, 0).get("by_ecosystem").is_none());
    // County A: the county's 18 000 t NPP entry is kept but not used; the parts' sum is the
    // same 29 340 t CO₂ = 11 149 200 元.
    assert_close(
        ind(&a, A, "carbon_sequestration").value,
        11_149_200.0,
        "plain",
    );
    let s = ind(&b, A, "carbon_sequestration");
    assert_close(s.value, 11_149_200.0, "split");
    assert_eq!(s.parts.len(), 3);
    assert!(ind(&a, A, "carbon_sequestration").parts.is_empty());
}

#[test]
fn the_region_sums_the_counties_rows_and_the_trace_words_name_parts() {
    let mut p = forest_project();
    let parts = cp(&mut p, A).ecosystem_parts.clone();
    let c = cp(&mut p, B);
    c.ecosystem_parts = parts;
    c.ecosystem_parts.remove("broadleaf");
    let acc = run(&p);
    let r = &acc.region.by_ecosystem;
    assert_eq!(r.len(), 2);
    // Forest: A 26 852 400 + B (conifer + bamboo) 14 918 000 + 2 983 600.
    assert_close(
        r[0].total,
        26_852_400.0 + 14_918_000.0 + 2_983_600.0,
        "region forest",
    );
    let sub: Vec<&str> = r[0]
        .subtypes
        .iter()
        .map(|s| s.ecosystem.as_deref().unwrap_or_default())
        .collect();
    assert_eq!(sub, ["conifer", "broadleaf", "bamboo"]);
    assert_close(
        r[0].subtypes[1].total,
        8_950_800.0,
        "region broadleaf (A only)",
    );
    assert_close(
        r[0].subtypes[1].regulating,
        8_950_800.0,
        "region broadleaf regulating",
    );
    assert_close(r[1].total, 7_060.0, "region not split");
    let gross = acc.region.totals.gross;
    assert_close(
        r.iter().map(|x| x.total).sum(),
        gross,
        "region rows sum to gross",
    );

    // Trace words: the part steps are named by the subtype's name, never its id, in Chinese.
    let labels = Labels::new(&p, Registry::builtin(), Lang::Zh);
    let a = ind(&acc, A, "carbon_sequestration");
    let trace = a.trace.as_ref().expect("trace");
    let words = gep_calc::view::trace::steps(&labels, "carbon_sequestration", trace);
    let names: Vec<&str> = words
        .iter()
        .filter(|w| w.symbol == "V_e")
        .map(|w| w.origin.name.as_str())
        .collect();
    assert_eq!(names, ["针叶林", "阔叶林", "竹林"]);
    assert_eq!(words[0].origin.kind_word, "生态系统部分");
    let en = Labels::new(&p, Registry::builtin(), Lang::En);
    let words = gep_calc::view::trace::steps(&en, "carbon_sequestration", trace);
    assert_eq!(words[1].origin.name, "Coniferous forest");
    assert_eq!(
        gep_calc::view::trace::formula(&en, trace),
        "V = Σ_e V_e (sum of its ecosystem parts)"
    );
}

#[test]
fn constant_prices_and_entered_values_work_per_part() {
    // Base year 2010, accounts of 2015 at 2010 prices (CPI 2010 536.1, 2015 615.2).
    // Forestry in the forest part: 2010 木材 100 m³ at 500 元 (2010); 2015 120 m³ at 800 元
    // (2015). At constant prices the 2015 line is held at the base year's price of the same
    // product in the same part: 120 × 500 = 60 000 元.
    // Carbon in the grassland part, entered as 2 万元 of 2015: 20 000 × 536.1/615.2 元.
    let mut p = project();
    p.meta.base_year = Some(2010);
    p.periods.push(Period {
        year: 2015,
        counties: BTreeMap::new(),
    });
    for (year, q, price) in [(2010, 100.0, 500.0), (2015, 120.0, 800.0)] {
        let c = p
            .period_mut(year)
            .map(|x| x.counties.entry(A.to_string()).or_default())
            .unwrap_or_else(|| panic!("period {year}"));
        let forestry = IndicatorInput {
            products: vec![ProductLine {
                name: "木材".into(),
                quantity: q,
                unit: gep_calc::units::Unit::M3,
                price,
                price_year: Some(year),
                source: "test".into(),
            }],
            ..Default::default()
        };
        c.ecosystem_parts
            .entry("forest".into())
            .or_default()
            .indicators = [("forestry".to_string(), forestry)].into_iter().collect();
    }
    if let Some(c) = p.period_mut(2015).and_then(|x| x.counties.get_mut(A)) {
        let entered = IndicatorInput {
            entered_value: Some(EnteredValue {
                amount: 2.0,
                unit: gep_calc::units::Unit::WanYuan,
                price_year: Some(2015),
                source: "study".into(),
            }),
            ..Default::default()
        };
        c.ecosystem_parts
            .entry("grassland".into())
            .or_default()
            .indicators = [("carbon_sequestration".to_string(), entered)]
            .into_iter()
            .collect();
    }
    let acc =
        compute(&p, Registry::builtin(), &Options::year(2015)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(acc.price_year, 2010);
    let f = ind(&acc, A, "forestry");
    assert_eq!(f.status, Status::Computed, "{:?}", f.status);
    assert_close(f.parts[0].value, 60_000.0, "forest part at base-year price");
    assert_close(f.value, 60_000.0, "county forestry");
    let c = ind(&acc, A, "carbon_sequestration");
    assert_eq!(&*c.parts[0].part, "grassland");
    assert_close(c.value, 20_000.0 * 536.1 / 615.2, "entered value deflated");
    let county = &acc.counties[0];
    let eco: Vec<Option<&str>> = county
        .by_ecosystem
        .iter()
        .map(|r| r.ecosystem.as_deref())
        .collect();
    assert_eq!(eco, [Some("forest"), Some("grassland"), None]);
    assert_close(county.by_ecosystem[0].material, 60_000.0, "forest material");
}

#[test]
fn validation_names_each_problem_of_the_split_by_part_name() {
    use gep_calc::validate::{EcoIssue, IssueKind, Names, Severity, validate};
    let mut p = forest_project();
    // A subtype under an unknown type, and one whose id is a type's.
    p.ecosystem_subtypes.push(EcosystemSubtype {
        id: "mangrove".into(),
        name: Text::new("红树林", "Mangrove"),
        ecosystem: "coast".into(),
    });
    p.ecosystem_subtypes.push(EcosystemSubtype {
        id: "forest".into(),
        name: Text::new("林地", "Woodland"),
        ecosystem: "forest".into(),
    });
    let c = cp(&mut p, A);
    // The county's own carbon entry is kept but not used.
    c.indicators
        .insert("carbon_sequestration".into(), input("npp", &[("npp", 1.0)]));
    // An unknown part key.
    c.ecosystem_parts
        .insert("tundra".into(), EcosystemPart::default());
    // Conifer: water balance without land cover of its own; 4 100 hm² of needleleaf forest
    // in the part against the county's 4 000; a negative NPP.
    if let Some(conifer) = c.ecosystem_parts.get_mut("conifer") {
        conifer.land_cover.clear();
        conifer.indicators.insert(
            "water_conservation".into(),
            input("water_balance", &[("precip", 1600.0), ("et", 800.0)]),
        );
        if let Some(npp) = conifer
            .indicators
            .get_mut("carbon_sequestration")
            .and_then(|i| i.values.get_mut("npp"))
        {
            *npp = -5.0;
        }
    }
    if let Some(bamboo) = c.ecosystem_parts.get_mut("bamboo") {
        bamboo
            .land_cover
            .insert("needleleaf_forest".into(), 4_100.0);
    }
    let reg = Registry::builtin();
    let issues = validate(&p, reg);
    let eco: Vec<&EcoIssue> = issues
        .iter()
        .filter_map(|i| match &i.kind {
            IssueKind::Ecosystem(e) => Some(e),
            _ => None,
        })
        .collect();
    let has = |f: &dyn Fn(&EcoIssue) -> bool| eco.iter().any(|e| f(e));
    assert!(has(
        &|e| matches!(e, EcoIssue::UnknownPart { key } if key == "tundra")
    ));
    assert!(has(
        &|e| matches!(e, EcoIssue::SubtypeUnknownType { ecosystem, .. } if ecosystem == "coast")
    ));
    assert!(has(
        &|e| matches!(e, EcoIssue::SubtypeIdCollides { id, .. } if id == "forest")
    ));
    assert!(has(
        &|e| matches!(e, EcoIssue::NoLandCover { part, .. } if part.zh == "针叶林")
    ));
    assert!(has(
        &|e| matches!(e, EcoIssue::ClassExceeds { parts_hm2, county_hm2, .. }
        if *parts_hm2 == 4_100.0 && *county_hm2 == 4_000.0)
    ));
    assert!(has(
        &|e| matches!(e, EcoIssue::CountyInputUnused { indicator } if indicator.zh == "固碳")
    ));
    // The negative NPP of the conifer part is found and placed in the part.
    let negative = issues
        .iter()
        .find(|i| i.field == "ecosystem_parts.conifer.indicators.carbon_sequestration.npp")
        .unwrap_or_else(|| panic!("{issues:#?}"));
    assert_eq!(negative.severity, Severity::Error);
    let names = Names::new(&p, reg, Lang::Zh);
    let msg = negative.message_named(&names);
    assert!(msg.contains("生态系统部分“针叶林”"), "{msg}");
    assert!(msg.contains("甲县") && msg.contains("2010"), "{msg}");
    let subtype_issue = issues
        .iter()
        .find(|i| {
            matches!(
                i.kind,
                IssueKind::Ecosystem(EcoIssue::SubtypeUnknownType { .. })
            )
        })
        .map(|i| i.message_named(&names))
        .unwrap_or_default();
    assert!(subtype_issue.starts_with("生态系统亚类"), "{subtype_issue}");
    // No Chinese message of the split shows a part id or a class id.
    for i in issues
        .iter()
        .filter(|i| matches!(i.kind, IssueKind::Ecosystem(_)))
    {
        let m = i.message_named(&names);
        for id in [
            "conifer",
            "bamboo",
            "needleleaf_forest",
            "carbon_sequestration",
        ] {
            assert!(!m.contains(id), "{m}");
        }
    }
    // Parts over the county area: 3 × 20 000 hm² of paddy in a 10 000 hm² county.
    let mut q = forest_project();
    for part in cp(&mut q, A).ecosystem_parts.values_mut() {
        part.land_cover.insert("paddy".into(), 20_000.0);
    }
    let issues = validate(&q, reg);
    assert!(
        issues.iter().any(|i| matches!(&i.kind,
        IssueKind::Ecosystem(EcoIssue::PartsExceedArea { area_hm2, .. }) if *area_hm2 == 10_000.0))
    );
    // The clean split has no issue of its own, and its indicators count as entered.
    let issues = validate(&forest_project(), reg);
    assert!(
        !issues
            .iter()
            .any(|i| matches!(i.kind, IssueKind::Ecosystem(_))
                || i.field.starts_with("ecosystem_parts")),
        "{issues:#?}"
    );
}

#[test]
fn json_and_csv_carry_the_parts() {
    use gep_calc::io::export::{OutputKind, to_bytes};
    let p = forest_project();
    let acc = run(&p);
    let reg = Registry::builtin();
    let json =
        to_bytes(OutputKind::Json, &p, &acc, reg, Lang::Zh).unwrap_or_else(|e| panic!("{e}"));
    let d: serde_json::Value = serde_json::from_slice(&json).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(d["schema"], "gep-calc/accounts/2");
    let carbon = d["counties"][0]["indicators"]
        .as_array()
        .and_then(|v| v.iter().find(|x| x["id"] == "carbon_sequestration"))
        .unwrap_or_else(|| panic!("carbon in JSON"));
    assert_eq!(carbon["parts"][0]["part"], "conifer");
    assert_eq!(carbon["parts"][0]["ecosystem"], "forest");
    assert_eq!(carbon["parts"][0]["status"]["status"], "computed");
    let num = |v: &serde_json::Value| v.as_f64().unwrap_or_default();
    assert_close(num(&carbon["parts"][0]["value"]), 6_194_000.0, "json V");
    assert_close(
        num(&carbon["parts"][2]["quantity"]["value"]),
        3_260.0,
        "json Q",
    );
    let rows = &d["counties"][0]["by_ecosystem"];
    assert_eq!(rows[0]["ecosystem"], "forest");
    assert_eq!(rows[0]["subtypes"][0]["ecosystem"], "conifer");
    assert_eq!(rows[1]["ecosystem"], serde_json::Value::Null);
    assert_eq!(d["region"]["by_ecosystem"], *rows);
    // County B has no split: no key at all.
    assert!(d["counties"][1].get("by_ecosystem").is_none());

    let csv = to_bytes(OutputKind::Csv, &p, &acc, reg, Lang::Zh).unwrap_or_else(|e| panic!("{e}"));
    let csv = String::from_utf8(csv).unwrap_or_else(|e| panic!("{e}"));
    let row = csv
        .lines()
        .find(|l| l.contains("carbon_sequestration.conifer"))
        .unwrap_or_else(|| panic!("{csv}"));
    assert!(
        row.starts_with(
            "360101,甲县,carbon_sequestration.conifer,固碳（针叶林）,调节服务,1,part,npp,"
        ),
        "{row}"
    );
    let cells: Vec<&str> = row.split(',').collect();
    assert_close(cells[8].parse().unwrap_or_default(), 16_300.0, "csv Q");
    assert_close(cells[10].parse().unwrap_or_default(), 6_194_000.0, "csv V");
}

#[test]
fn a_custom_class_feeds_the_part_of_the_type_it_names() {
    // A custom class 油茶林 of 300 hm² (α 0.3) named forest joins the forest part's default
    // land cover: (1600 − 480 − 800) × 300 × 10 = 960 000 m³. Without a type it joins no part
    // (validation warns) and the forest part computes 0 m³ from the broadleaf-free county.
    use gep_calc::validate::{EcoIssue, IssueKind, validate};
    let mut p = project();
    p.custom_land_classes.push(CustomLandClass {
        id: "camellia".into(),
        name: Text::new("油茶林", "Camellia oil grove"),
        runoff_coeff: Some(0.3),
        vegetated: true,
        ecosystem: Some("forest".into()),
    });
    let c = cp(&mut p, A);
    c.land_cover.insert("camellia".into(), 300.0);
    c.ecosystem_parts.insert(
        "forest".into(),
        EcosystemPart {
            land_cover: BTreeMap::new(),
            indicators: [(
                "water_conservation".to_string(),
                input("water_balance", &[("precip", 1600.0), ("et", 800.0)]),
            )]
            .into_iter()
            .collect(),
        },
    );
    let acc = run(&p);
    let a = ind(&acc, A, "water_conservation");
    assert_close(a.quantity.map_or(0.0, |q| q.value), 960_000.0, "with type");
    let reg = Registry::builtin();
    assert!(
        !validate(&p, reg)
            .iter()
            .any(|i| matches!(i.kind, IssueKind::Ecosystem(_)))
    );

    p.custom_land_classes[0].ecosystem = None;
    let acc = run(&p);
    assert_eq!(ind(&acc, A, "water_conservation").value, 0.0);
    assert!(validate(&p, reg).iter().any(|i| matches!(&i.kind,
        IssueKind::Ecosystem(EcoIssue::CustomClassNoType { classes, .. }) if classes[0].zh == "油茶林")));

    // The forest part computes 0 from non-zero inputs: said of the part, not the county.
    let zero = validate(&p, reg)
        .into_iter()
        .find(|i| matches!(i.kind, IssueKind::GepZero { .. }))
        .unwrap_or_else(|| panic!("zero warning"));
    assert_eq!(
        zero.field,
        "ecosystem_parts.forest.indicators.water_conservation"
    );
    let names = gep_calc::validate::Names::new(&p, reg, Lang::Zh);
    assert!(zero.message_named(&names).contains("生态系统部分“森林”"));

    p.custom_land_classes[0].ecosystem = Some("orchard".into());
    assert!(validate(&p, reg).iter().any(|i| matches!(&i.kind,
        IssueKind::Ecosystem(EcoIssue::ClassUnknownType { ecosystem, .. }) if ecosystem == "orchard")));
}

#[test]
fn a_split_indicator_outside_the_framework_is_one_memo_of_the_parts_sum() {
    // GB/T 46869 does not count oxygen release: its parts' sum 15 703 200 元 is one memo
    // amount, outside GEP and outside the table by ecosystem type.
    let mut p = forest_project();
    p.meta.framework = "gbt46869".into();
    let acc = run(&p);
    let o2 = ind(&acc, A, "oxygen_release");
    assert!(!o2.counted);
    assert_eq!(o2.memo.len(), 1, "{:?}", o2.memo);
    assert_close(o2.memo[0].value, 15_703_200.0, "memo");
    assert!(
        o2.memo[0].trace_zh.contains("15,703,200") || o2.memo[0].trace_zh.contains("15703200"),
        "{}",
        o2.memo[0].trace_zh
    );
    let county = &acc.counties[0];
    assert_close(county.totals.outside_framework, 15_703_200.0, "memo total");
    assert_close(
        county.by_ecosystem[0].total,
        11_149_200.0,
        "forest row: carbon only",
    );
    let sum: f64 = county.by_ecosystem.iter().map(|r| r.total).sum();
    assert_close(sum, county.totals.gross, "rows sum to gross");
}
