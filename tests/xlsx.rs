//! The XLSX accounts workbook, read back with calamine: the numbers in the cells are the
//! engine's (money ÷ 10⁴ for 万元), formula rows carry their cached sums, every parameter used
//! is listed with its source, every trace step has a row, and names follow the language.

use std::io::Cursor;

use calamine::{Data, Range, Reader, Xlsx, open_workbook_from_rs};
use gep_calc::engine::{self, Accounts, Options, Status};
use gep_calc::i18n::Lang;
use gep_calc::model::Project;
use gep_calc::registry::Registry;
use gep_calc::report::workbook::{sheet_names, write_workbook};
use gep_calc::validate::validate;

fn sample() -> Project {
    match gep_calc::sample::builtin() {
        Ok(p) => p,
        Err(e) => panic!("sample project: {e}"),
    }
}

fn accounts(project: &Project, traces: bool) -> Accounts {
    let year = project.latest_year().unwrap_or_else(|| panic!("no period"));
    let mut options = Options::year(year);
    options.framework = Some(project.meta.framework.clone());
    options.traces = traces;
    match engine::compute(project, Registry::builtin(), &options) {
        Ok(a) => a,
        Err(e) => panic!("compute: {e}"),
    }
}

fn write(project: &Project, accounts: &Accounts, lang: Lang) -> Vec<u8> {
    match write_workbook(project, accounts, Registry::builtin(), lang) {
        Ok(b) => b,
        Err(e) => panic!("write_workbook: {e}"),
    }
}

fn open(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    match open_workbook_from_rs(Cursor::new(bytes.to_vec())) {
        Ok(wb) => wb,
        Err(e) => panic!("calamine cannot open the workbook: {e}"),
    }
}

fn sheet(wb: &mut Xlsx<Cursor<Vec<u8>>>, name: &str) -> Range<Data> {
    match wb.worksheet_range(name) {
        Ok(r) => r,
        Err(e) => panic!("sheet {name}: {e}"),
    }
}

fn cell(r: &Range<Data>, row: usize, col: usize) -> Data {
    r.get_value((row as u32, col as u32))
        .cloned()
        .unwrap_or(Data::Empty)
}

fn text(r: &Range<Data>, row: usize, col: usize) -> String {
    match cell(r, row, col) {
        Data::String(s) => s,
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

fn num(r: &Range<Data>, row: usize, col: usize) -> f64 {
    match cell(r, row, col) {
        Data::Float(x) => x,
        Data::Int(i) => i as f64,
        other => panic!("cell ({row}, {col}) is not a number: {other:?}"),
    }
}

/// The first row (absolute index) whose column `col` holds `s`.
fn find_row(r: &Range<Data>, col: usize, s: &str) -> usize {
    let end = r.end().map_or(0, |e| e.0 as usize);
    (0..=end)
        .find(|&i| text(r, i, col) == s)
        .unwrap_or_else(|| panic!("no row with {s:?} in column {col}"))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

#[test]
fn summary_holds_the_engines_county_gep_and_a_cached_sum_row() {
    let project = sample();
    let acc = accounts(&project, true);
    for lang in [Lang::Zh, Lang::En] {
        let bytes = write(&project, &acc, lang);
        let mut wb = open(&bytes);
        let names = sheet_names(lang);
        // The sample has two years: the GEP change sheet follows the sheets every workbook has.
        let mut expected = names.map(String::from).to_vec();
        expected.push(gep_calc::i18n::t(lang, "dc_wb_sheet").to_string());
        assert_eq!(wb.sheet_names(), expected);
        let s = sheet(&mut wb, names[0]);
        let code_header = if lang == Lang::Zh {
            "县区代码"
        } else {
            "Code"
        };
        let h = find_row(&s, 0, code_header);
        assert!(text(&s, h, 5).contains("GEP"), "{}", text(&s, h, 5));
        let mut sum = 0.0;
        for (k, c) in acc.counties.iter().enumerate() {
            let row = h + 1 + k;
            assert_eq!(text(&s, row, 0), c.code);
            assert_eq!(text(&s, row, 1), c.name_zh_or_en(lang));
            // Stored exactly as the engine's value ÷ 10⁴.
            assert_eq!(num(&s, row, 5), c.totals.gep / 1e4, "GEP of {}", c.code);
            assert_eq!(num(&s, row, 2), c.totals.material / 1e4);
            assert_eq!(num(&s, row, 3), c.totals.regulating / 1e4);
            assert_eq!(num(&s, row, 4), c.totals.cultural / 1e4);
            sum += num(&s, row, 5);
        }
        let total_row = h + 1 + acc.counties.len();
        let total = num(&s, total_row, 5);
        assert!(total > 0.0);
        assert!(close(total, sum), "cached {total} vs sum {sum}");
        assert!(close(total, acc.region.totals.gep / 1e4));
        let formulas = match wb.worksheet_formula(names[0]) {
            Ok(f) => f,
            Err(e) => panic!("{e}"),
        };
        let f = formulas
            .get_value((total_row as u32, 5))
            .cloned()
            .unwrap_or_default();
        let first = h + 2; // 1-based row of the first county
        let last = h + 1 + acc.counties.len();
        assert_eq!(f, format!("SUM(F{first}:F{last})"));
        // The region block holds GEP in 万元 too.
        let gep_label = if lang == Lang::Zh {
            "生态产品总值 GEP"
        } else {
            "GEP"
        };
        let g = find_row(&s, 0, gep_label);
        assert_eq!(num(&s, g, 1), acc.region.totals.gep / 1e4);
        // A native chart is in the package.
        assert!(
            bytes.windows(20).any(|w| w == b"xl/charts/chart1.xml"),
            "no chart part"
        );
    }
}

#[test]
fn sheet_names_and_headers_are_chinese_in_zh_and_english_in_en() {
    let zh = sheet_names(Lang::Zh);
    assert_eq!(zh[0], "汇总");
    assert!(
        zh.iter()
            .all(|n| n.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))),
        "{zh:?}"
    );
    let en = sheet_names(Lang::En);
    assert!(en.iter().all(|n| n.is_ascii()), "{en:?}");
    let project = sample();
    let acc = accounts(&project, true);
    let mut wb = open(&write(&project, &acc, Lang::Zh));
    let v = sheet(&mut wb, zh[1]);
    assert!(text(&v, 2, 1) == "指标", "{}", text(&v, 2, 1));
    assert!(text(&v, 0, 0).contains("万元"));
    let mut wb = open(&write(&project, &acc, Lang::En));
    let v = sheet(&mut wb, en[1]);
    assert_eq!(text(&v, 2, 1), "Indicator");
}

#[test]
fn values_sheet_matches_every_computed_indicator_and_marks_memo_items() {
    let project = sample();
    let acc = accounts(&project, true);
    let names = sheet_names(Lang::Zh);
    let mut wb = open(&write(&project, &acc, Lang::Zh));
    let v = sheet(&mut wb, names[1]);
    let n = acc.counties.len();
    let mut memo = 0;
    for (i, (id, region)) in acc.region.by_indicator.iter().enumerate() {
        let row = 3 + i;
        assert_eq!(text(&v, row, 0), **id);
        let counted = acc.counties[0].indicators[i].counted;
        assert_eq!(text(&v, row, 3), if counted { "计入" } else { "备查" });
        memo += usize::from(!counted);
        for (k, c) in acc.counties.iter().enumerate() {
            let a = &c.indicators[i];
            match a.status {
                Status::Computed => assert_eq!(num(&v, row, 5 + k), a.value / 1e4, "{id}"),
                Status::NotEntered => assert_eq!(text(&v, row, 5 + k), "—"),
                _ => assert!(!text(&v, row, 5 + k).is_empty()),
            }
        }
        assert!(close(num(&v, row, 5 + n), region / 1e4), "{id}");
    }
    assert!(memo > 0, "the sample's framework has memo items");
}

#[test]
fn quantities_sheet_lists_each_indicator_quantity_with_its_unit() {
    let project = sample();
    let acc = accounts(&project, true);
    let names = sheet_names(Lang::En);
    let mut wb = open(&write(&project, &acc, Lang::En));
    let q = sheet(&mut wb, names[2]);
    let c0 = &acc.counties[0];
    let wc = c0
        .indicators
        .iter()
        .find(|a| &*a.id == "water_conservation")
        .and_then(|a| a.quantity)
        .unwrap_or_else(|| panic!("water conservation has a quantity"));
    let row = find_row(&q, 0, "water_conservation");
    assert_eq!(text(&q, row, 4), wc.unit.en());
    assert_eq!(num(&q, row, 5), wc.value);
}

#[test]
fn quantities_sheet_has_product_tonnages_and_says_output_value() {
    let project = sample();
    let acc = accounts(&project, true);
    let names = sheet_names(Lang::En);
    let mut wb = open(&write(&project, &acc, Lang::En));
    let q = sheet(&mut wb, names[2]);
    let c0 = &acc.counties[0];
    let find = |id: &str| c0.indicators.iter().find(|a| &*a.id == id);
    let agri = find("agriculture").unwrap_or_else(|| panic!("no agriculture"));
    let tonnes: f64 = agri.components.iter().map(|c| c.quantity).sum();
    // The indicator's own row comes first: its product lines summed in t.
    let row = find_row(&q, 0, "agriculture");
    assert_eq!(text(&q, row, 4), "t");
    assert!(close(num(&q, row, 5), tonnes));
    let row = find_row(&q, 0, "forestry");
    assert!(find("forestry").is_some_and(|a| a.output_value_only));
    assert_eq!(text(&q, row, 5), "entered as output value");
}

#[test]
fn parameter_sheet_lists_every_parameter_used_with_its_source() {
    let project = sample();
    let acc = accounts(&project, true);
    assert!(!acc.params_used.is_empty());
    for lang in [Lang::Zh, Lang::En] {
        let names = sheet_names(lang);
        let mut wb = open(&write(&project, &acc, lang));
        let p = sheet(&mut wb, names[5]);
        for (k, param) in acc.params_used.iter().enumerate() {
            let row = 3 + k;
            assert_eq!(text(&p, row, 0), *param.id);
            assert_eq!(text(&p, row, 7), param.source.get(lang), "{}", param.id);
            assert_eq!(text(&p, row, 8), param.tag.label());
            if let Some(v) = param.value {
                assert_eq!(num(&p, row, 2), v);
            }
        }
        assert!(
            text(&p, 1, 0).contains(if lang == Lang::Zh {
                "未核验"
            } else {
                "unverified"
            }),
            "the note explains the marking"
        );
    }
}

#[test]
fn trace_sheet_has_one_row_per_step() {
    let project = sample();
    let acc = accounts(&project, true);
    let steps: usize = acc
        .counties
        .iter()
        .flat_map(|c| &c.indicators)
        .filter_map(|a| a.trace.as_ref())
        .map(|t| t.steps.len())
        .sum();
    assert!(steps > 100, "{steps}");
    let names = sheet_names(Lang::Zh);
    let mut wb = open(&write(&project, &acc, Lang::Zh));
    let t = sheet(&mut wb, names[6]);
    let end = t.end().map_or(0, |e| e.0 as usize);
    let rows = (3..=end).filter(|&r| !text(&t, r, 0).is_empty()).count();
    assert_eq!(rows, steps);
    // The first step row is the first county's first traced indicator's first step.
    let c = &acc.counties[0];
    let first = c
        .indicators
        .iter()
        .find_map(|a| a.trace.as_ref().map(|tr| (a, &tr.steps[0])))
        .unwrap_or_else(|| panic!("no trace"));
    assert_eq!(text(&t, 3, 0), c.code);
    assert_eq!(text(&t, 3, 2), *first.0.id);
    assert_eq!(text(&t, 3, 6), first.1.symbol);
    assert_eq!(num(&t, 3, 7), first.1.value);
}

#[test]
fn validation_sheet_has_every_issue_in_the_language() {
    let project = sample();
    let acc = accounts(&project, true);
    let issues = validate(&project, Registry::builtin());
    assert!(!issues.is_empty(), "the sample uses unverified defaults");
    for lang in [Lang::Zh, Lang::En] {
        let names = sheet_names(lang);
        let mut wb = open(&write(&project, &acc, lang));
        let v = sheet(&mut wb, names[7]);
        let named = gep_calc::validate::Names::new(&project, Registry::builtin(), lang);
        for (k, i) in issues.iter().enumerate() {
            assert_eq!(text(&v, 3 + k, 6), i.message_named(&named));
            assert_eq!(text(&v, 3 + k, 4), i.field);
        }
    }
}

#[test]
fn esv_sheet_totals_match_the_engine() {
    let project = sample();
    let acc = accounts(&project, true);
    let names = sheet_names(Lang::En);
    let mut wb = open(&write(&project, &acc, Lang::En));
    let e = sheet(&mut wb, names[4]);
    let row = find_row(&e, 1, "ESV total");
    for (k, c) in acc.counties.iter().enumerate() {
        let esv = c.esv.as_ref().unwrap_or_else(|| panic!("ESV computed"));
        assert_eq!(num(&e, row, 4 + k), esv.total / 1e4);
    }
    assert!(close(
        num(&e, row, 4 + acc.counties.len()),
        acc.region.esv_total / 1e4
    ));
    let d = find_row(&e, 0, "D");
    assert_eq!(
        num(&e, d, 4),
        acc.counties[0]
            .esv
            .as_ref()
            .map_or(0.0, |x| x.standard_equivalent)
    );
}

#[test]
fn output_is_deterministic_and_works_without_traces_or_counties() {
    let project = sample();
    let acc = accounts(&project, true);
    assert_eq!(
        write(&project, &acc, Lang::Zh),
        write(&project, &acc, Lang::Zh)
    );

    let plain = accounts(&project, false);
    let names = sheet_names(Lang::En);
    let mut wb = open(&write(&project, &plain, Lang::En));
    let t = sheet(&mut wb, names[6]);
    assert!(text(&t, 3, 0).contains("no traces"), "{}", text(&t, 3, 0));

    let mut empty = project.clone_without_counties();
    empty.meta.illustrative = false;
    let acc = accounts(&empty, true);
    let bytes = write(&empty, &acc, Lang::Zh);
    let mut wb = open(&bytes);
    assert_eq!(wb.sheet_names().len(), 9);
    // No counties: the compensation sheet says why it is empty.
    let c = sheet(&mut wb, sheet_names(Lang::Zh)[8]);
    assert!(
        text(&c, 2, 0).starts_with("无法计算补偿："),
        "{}",
        text(&c, 2, 0)
    );
}

/// With `GEP_XLSX_DUMP=DIR` set, writes the sample workbooks (zh, en) there for a visual check
/// (e.g. `soffice --headless --convert-to pdf`); otherwise does nothing.
#[test]
fn dump_sample_workbooks_when_asked() {
    let Some(dir) = std::env::var_os("GEP_XLSX_DUMP") else {
        return;
    };
    let project = sample();
    let acc = accounts(&project, true);
    for (lang, name) in [(Lang::Zh, "gep_zh.xlsx"), (Lang::En, "gep_en.xlsx")] {
        let path = std::path::Path::new(&dir).join(name);
        if let Err(e) = std::fs::write(&path, write(&project, &acc, lang)) {
            panic!("{}: {e}", path.display());
        }
    }
}

#[test]
fn a_larger_synthetic_project_is_written() {
    let project = gep_calc::sample::synthetic(40, 7);
    let acc = accounts(&project, true);
    let names = sheet_names(Lang::En);
    let mut wb = open(&write(&project, &acc, Lang::En));
    let s = sheet(&mut wb, names[0]);
    let h = find_row(&s, 0, "Code");
    let total = num(&s, h + 1 + acc.counties.len(), 5);
    assert!(close(total, acc.region.totals.gep / 1e4), "{total}");
    let v = sheet(&mut wb, names[1]);
    assert_eq!(text(&v, 2, 5 + acc.counties.len()), "Total (10⁴ CNY)");
}

#[test]
fn compensation_sheet_has_the_scenario_amounts_sentences_and_a_cached_total() {
    use gep_calc::model::compensation::{CountyLimits, Method};
    let mut project = sample();
    // The sample's saved scenario: 1 亿元 by regulating value 70 %, cultural 20 %, area 10 %;
    // add a 30 % deduction for 临川区 (361002).
    assert_eq!(project.compensation.method, Method::Fund);
    project.compensation.limits.insert(
        "361002".into(),
        CountyLimits {
            deduction: 0.3,
            ..CountyLimits::default()
        },
    );
    let acc = accounts(&project, false);
    // Worked out here: f_i = 0.7 V_reg,i/ΣV_reg + 0.2 V_cul,i/ΣV_cul + 0.1 A_i/ΣA; 临川区 keeps
    // 70 % of F·f, the rest goes to the others in proportion to f.
    let area = |code: &str| {
        project
            .counties
            .iter()
            .find(|c| c.code == code)
            .map_or(0.0, |c| c.land_area_hm2)
    };
    let (nm, rg, ar) = acc.counties.iter().fold((0.0, 0.0, 0.0), |t, c| {
        (
            t.0 + c.totals.regulating,
            t.1 + c.totals.cultural,
            t.2 + area(&c.code),
        )
    });
    let f = |c: &engine::CountyAccount| {
        0.7 * c.totals.regulating / nm + 0.2 * c.totals.cultural / rg + 0.1 * area(&c.code) / ar
    };
    let lin = acc
        .counties
        .iter()
        .find(|c| c.code == "361002")
        .map_or(0.0, f);
    let fixed = 1.0e8 * lin * 0.7;
    let expected = |c: &engine::CountyAccount| {
        if c.code == "361002" {
            fixed
        } else {
            (1.0e8 - fixed) * f(c) / (1.0 - lin)
        }
    };
    for lang in [Lang::Zh, Lang::En] {
        let bytes = write(&project, &acc, lang);
        let mut wb = open(&bytes);
        let names = sheet_names(lang);
        assert_eq!(
            names[8],
            if lang == Lang::Zh {
                "生态补偿"
            } else {
                "Compensation"
            }
        );
        let s = sheet(&mut wb, names[8]);
        let code_header = if lang == Lang::Zh { "代码" } else { "Code" };
        let hr = find_row(&s, 0, code_header);
        let last_col = s.end().map_or(0, |e| e.1 as usize);
        let summary_col = (0..=last_col)
            .find(|&c| {
                text(&s, hr, c)
                    == if lang == Lang::Zh {
                        "说明"
                    } else {
                        "Summary"
                    }
            })
            .unwrap_or_else(|| panic!("no summary column"));
        for (i, c) in acc.counties.iter().enumerate() {
            let r = hr + 1 + i;
            assert_eq!(text(&s, r, 0), c.code);
            let got = num(&s, r, 2);
            assert!(
                (got - expected(c) / 1e4).abs() < 1e-6,
                "{}: {got} vs {}",
                c.code,
                expected(c) / 1e4
            );
        }
        let zixi = hr
            + 1
            + acc
                .counties
                .iter()
                .position(|c| c.code == "361028")
                .unwrap_or(0);
        let sentence = text(&s, zixi, summary_col);
        if lang == Lang::Zh {
            assert!(sentence.starts_with("资溪县应获得补偿 "), "{sentence}");
        } else {
            assert!(
                sentence.starts_with("Zixi County should receive "),
                "{sentence}"
            );
        }
        // The deduction is stated in 临川区's sentence.
        let lin_sentence = text(&s, hr + 1, summary_col);
        assert!(lin_sentence.contains("30.00%"), "{lin_sentence}");
        // Total row: a SUM formula whose cached result is the fund, 10,000 万元.
        let total_row = hr + 1 + acc.counties.len();
        assert!((num(&s, total_row, 2) - 10_000.0).abs() < 1e-6);
        let formulas = match wb.worksheet_formula(names[8]) {
            Ok(f) => f,
            Err(e) => panic!("{e}"),
        };
        let fcell = formulas
            .get_value((total_row as u32, 2))
            .cloned()
            .unwrap_or_default();
        assert!(fcell.starts_with("SUM("), "{fcell}");
    }
}

#[test]
fn compensation_sheet_shows_the_opportunity_cost_parts() {
    use gep_calc::model::compensation::{IncomeEntry, InvestmentEntry, Method};
    let mut project = sample();
    let c = &mut project.compensation;
    c.method = Method::OpportunityCost;
    c.opportunity.reference_urban_income = 40_000.0;
    c.opportunity.reference_rural_income = 15_000.0;
    // 资溪县: (40,000 − 30,000) × 1,000 = 1,000 万元 of income gap, plus 1,000 万元 invested in
    // 2020 repaid by 2022 at 10 %: 576.19 万元 a year.
    c.opportunity.incomes.insert(
        "361028".into(),
        IncomeEntry {
            urban_income: Some(30_000.0),
            urban_population: Some(1_000.0),
            rural_income: Some(18_000.0),
            rural_population: Some(2_000.0),
        },
    );
    c.opportunity.investments.push(InvestmentEntry {
        county: "361028".into(),
        year: 2020,
        principal_yuan: 1.0e7,
    });
    let acc = accounts(&project, false);
    let bytes = write(&project, &acc, Lang::Zh);
    let mut wb = open(&bytes);
    let s = sheet(&mut wb, sheet_names(Lang::Zh)[8]);
    let hr = find_row(&s, 0, "代码");
    let last_col = s.end().map_or(0, |e| e.1 as usize);
    let col = |prefix: &str| {
        (0..=last_col)
            .find(|&c| text(&s, hr, c).starts_with(prefix))
            .unwrap_or_else(|| panic!("no column {prefix}"))
    };
    let (gap, ann) = (col("收入差距机会成本"), col("历年投资年金"));
    let r = hr
        + 1
        + acc
            .counties
            .iter()
            .position(|c| c.code == "361028")
            .unwrap_or(0);
    assert_eq!(text(&s, r, 0), "361028");
    assert!((num(&s, r, gap) - 1000.0).abs() < 1e-9);
    assert!((num(&s, r, ann) - 576.1904761904762).abs() < 1e-9);
    assert!((num(&s, r, 2) - 1576.1904761904762).abs() < 1e-9);
}

#[test]
fn compensation_sheet_shows_the_standard_range() {
    use gep_calc::model::compensation::{
        IncomeEntry, Method, OtherCostEntry, RangeRule, UpperBound,
    };
    let mut project = sample();
    let c = &mut project.compensation;
    c.method = Method::StandardRange;
    c.range.upper = UpperBound::NonMarket;
    c.range.rule = RangeRule::Midpoint;
    c.opportunity.reference_urban_income = 40_000.0;
    c.opportunity.reference_rural_income = 15_000.0;
    // 资溪县: 1,000 万元 of income gap + 100 万元 of other costs = 1,100 万元 lower bound.
    c.opportunity.incomes.insert(
        "361028".into(),
        IncomeEntry {
            urban_income: Some(30_000.0),
            urban_population: Some(1_000.0),
            rural_income: Some(18_000.0),
            rural_population: Some(2_000.0),
        },
    );
    c.opportunity.other_costs.push(OtherCostEntry {
        county: "361028".into(),
        name: "管护".into(),
        amount_yuan: 1.0e6,
    });
    let acc = accounts(&project, false);
    let bytes = write(&project, &acc, Lang::Zh);
    let mut wb = open(&bytes);
    let s = sheet(&mut wb, sheet_names(Lang::Zh)[8]);
    let hr = find_row(&s, 0, "代码");
    let last_col = s.end().map_or(0, |e| e.1 as usize);
    let col = |prefix: &str| {
        (0..=last_col)
            .find(|&c| text(&s, hr, c).starts_with(prefix))
            .unwrap_or_else(|| panic!("no column {prefix}"))
    };
    let i = acc
        .counties
        .iter()
        .position(|c| c.code == "361028")
        .unwrap_or(0);
    let r = hr + 1 + i;
    let upper = acc.counties[i].totals.non_market / 1e4;
    assert!((num(&s, r, col("其他年度成本")) - 100.0).abs() < 1e-9);
    assert!((num(&s, r, col("补偿下限")) - 1100.0).abs() < 1e-9);
    assert!((num(&s, r, col("补偿上限")) - upper).abs() < 1e-6);
    assert!((num(&s, r, col("净效益")) - (upper - 1100.0)).abs() < 1e-6);
    let standard = 1100.0 + 0.5 * (upper - 1100.0);
    assert!((num(&s, r, col("推荐补偿标准")) - standard).abs() < 1e-6);
    assert!((num(&s, r, 2) - standard).abs() < 1e-6);
}

#[test]
fn chart_series_take_the_category_colours_of_the_app_and_reports() {
    use gep_calc::registry::Category;
    use gep_calc::view::chart::category_color;
    use std::io::Read;
    let p = sample();
    let bytes = write(&p, &accounts(&p, false), Lang::Zh);
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    let mut xml = String::new();
    zip.by_name("xl/charts/chart1.xml")
        .expect("chart part")
        .read_to_string(&mut xml)
        .expect("utf-8");
    // The series fills in series order: material, regulating, cultural.
    let fills: Vec<String> = xml
        .split("<c:ser>")
        .skip(1)
        .map(|ser| {
            let at = ser.find("<a:srgbClr val=\"").expect("a solid fill") + 16;
            ser[at..at + 6].to_uppercase()
        })
        .collect();
    let want: Vec<String> = [Category::Material, Category::Regulating, Category::Cultural]
        .map(|c| {
            let rgb = category_color(c);
            format!("{:02X}{:02X}{:02X}", rgb.0, rgb.1, rgb.2)
        })
        .to_vec();
    assert_eq!(fills, want);
    // Regulating services are green, as in the app and the PDF (was Excel's second series colour).
    assert_eq!(fills[1], "3C8C5A");
}
