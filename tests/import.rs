//! Spreadsheet import through the public API: round trips of the sample project through the
//! template layout (XLSX with bilingual, Chinese-only and English-only headers, XLS, ODS, and
//! CSV for the material-product sheets), the blank template filled in, Chinese headers with unit
//! conversion, GBK CSV, material products (product lines with 万t / kg units and prices per
//! another unit, output values in 万元 / 亿元, replace semantics, values through the engine),
//! and every malformed input giving its complete problem list with the project unchanged.
//!
//! Workbooks are written here with rust_xlsxwriter; CSV files are encoded here with
//! encoding_rs (GBK); `tests/fixtures/import/` holds a few committed files for the same cases.

use std::collections::BTreeMap;
use std::path::Path;

use gep_calc::i18n::Lang;
use gep_calc::io::import::template;
use gep_calc::io::import::{
    ColumnRole, FileFormat, ImportError, ImportInput, ImportOptions, ImportPreview, Limits,
    ProblemKind, Severity, TableKind, Target, TextEncoding, apply, preview,
};
use gep_calc::model::{
    AdjustEntry, EsvAdjustInput, IndicatorInput, OutputBasis, ParamOverride, ProductLine, Project,
};
use gep_calc::registry::{Registry, Tag};
use gep_calc::units::Unit;
use rust_xlsxwriter::Workbook;

fn reg() -> &'static Registry {
    Registry::builtin()
}

fn sample() -> Project {
    gep_calc::sample::builtin().expect("sample project loads")
}

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

/// A cell of a test workbook.
#[derive(Clone)]
enum C {
    S(&'static str),
    N(f64),
    E,
}
use C::{E, N, S};

fn xlsx(sheets: &[(&str, Vec<Vec<C>>)]) -> Vec<u8> {
    let mut wb = Workbook::new();
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).expect("sheet name");
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    S(s) => {
                        ws.write_string(r, c, *s).expect("write");
                    }
                    N(n) => {
                        ws.write_number(r, c, *n).expect("write");
                    }
                    E => {}
                }
            }
        }
    }
    wb.save_to_buffer().expect("xlsx")
}

fn run(project: &Project, name: &str, bytes: &[u8], options: &ImportOptions) -> ImportPreview {
    match preview(project, reg(), ImportInput::Bytes { name, bytes }, options) {
        Ok(p) => p,
        Err(e) => panic!("{name}: {e}"),
    }
}

fn all_messages(p: &ImportPreview) -> String {
    p.problems
        .iter()
        .map(|x| format!("{:?}: {}", x.severity(), x.message(Lang::En)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Errors as (sheet, row, column, value, kind) for exact comparison.
type Spot = (
    String,
    Option<u32>,
    Option<u32>,
    Option<String>,
    ProblemKind,
);

fn errors(p: &ImportPreview) -> Vec<Spot> {
    p.errors()
        .map(|e| {
            (
                e.sheet.clone(),
                e.row,
                e.col,
                e.value.clone(),
                e.kind.clone(),
            )
        })
        .collect()
}

fn spot(sheet: &str, row: u32, col: Option<u32>, value: Option<&str>, kind: ProblemKind) -> Spot {
    (
        sheet.to_string(),
        Some(row),
        col,
        value.map(str::to_string),
        kind,
    )
}

/// Applies a preview that has errors: refused, project equal to its clone, error list echoed.
#[track_caller]
fn assert_refused(project: &mut Project, p: &ImportPreview) {
    let before = project.clone();
    match apply(project, p) {
        Err(ImportError::Rejected { problems }) => {
            let want: Vec<_> = p.errors().cloned().collect();
            assert_eq!(problems, want);
        }
        other => panic!("expected Rejected, got {other:?}"),
    }
    assert_eq!(
        *project, before,
        "a refused import must leave the project untouched"
    );
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1e-9)
}

#[track_caller]
fn assert_close(got: f64, want: f64, what: &str) {
    assert!(close(got, want), "{what}: got {got}, want {want}");
}

fn effective_method<'a>(indicator: &str, input: &'a IndicatorInput) -> &'a str {
    if input.method.is_empty() {
        reg()
            .indicator(indicator)
            .and_then(|s| s.default_method())
            .map_or("", |m| m.id.as_str())
    } else {
        &input.method
    }
}

// ---- Round trips ---------------------------------------------------------------------------

/// Every county, land-cover area, indicator input (with its method), material product line and
/// output value, population, GDP and price override of `want` is in `got`.
fn assert_same_data(got: &Project, want: &Project) {
    assert_eq!(got.counties.len(), want.counties.len());
    for w in &want.counties {
        let g = got.county(&w.code).expect("county imported");
        assert_eq!(g.name, w.name, "{}", w.code);
        assert_eq!(g.prefecture, w.prefecture, "{}", w.code);
        assert_close(g.land_area_hm2, w.land_area_hm2, &w.code);
    }
    let mut inputs = 0;
    let (mut lines, mut outputs) = (0, 0);
    for wp in &want.periods {
        let gp = got.period(wp.year).expect("period imported");
        for (code, wc) in &wp.counties {
            let gc = gp.counties.get(code).expect("county data imported");
            let what = format!("{} {code}", wp.year);
            assert_close(
                gc.population.unwrap_or(-1.0),
                wc.population.unwrap_or(-1.0),
                &what,
            );
            assert_close(
                gc.gdp_yuan.unwrap_or(-1.0),
                wc.gdp_yuan.unwrap_or(-1.0),
                &what,
            );
            assert_close(gc.imported_products_yuan, wc.imported_products_yuan, &what);
            assert_eq!(gc.land_cover, wc.land_cover, "{what} land cover");
            for (id, wi) in &wc.indicators {
                let gi = gc.indicators.get(id);
                let has_inputs = reg()
                    .indicator(id)
                    .is_some_and(|s| s.methods.iter().any(|m| !m.inputs.is_empty()));
                if !has_inputs {
                    // Material products: the same product lines (order, names, quantities,
                    // units, prices, price years, sources) and the same output value.
                    let glines = gi.map_or(&[][..], |g| g.products.as_slice());
                    assert_eq!(glines, wi.products.as_slice(), "{what} {id} product lines");
                    lines += wi.products.len();
                    let gov = gi.and_then(|g| g.output_value.as_ref());
                    match (gov, &wi.output_value) {
                        (None, None) => {}
                        (Some(g), Some(w)) => {
                            // Written in 万元, read back to the same 元 (decimal scaling).
                            assert_eq!(g, w, "{what} {id} output value");
                            outputs += 1;
                        }
                        (g, w) => panic!("{what} {id}: output value {g:?}, want {w:?}"),
                    }
                    continue;
                }
                let gi = gi.expect("indicator imported");
                assert_eq!(
                    effective_method(id, gi),
                    effective_method(id, wi),
                    "{what} {id}"
                );
                assert_eq!(gi.values, wi.values, "{what} {id}");
                inputs += wi.values.len();
            }
        }
    }
    assert!(inputs > 500, "the sample has many inputs ({inputs})");
    assert_eq!(
        (lines, outputs),
        (178, 44),
        "the sample's product lines and output values"
    );
    assert_eq!(got.price_overrides, want.price_overrides);
}

fn sample_with_overrides() -> Project {
    let mut s = sample();
    s.price_overrides.insert(
        "carbon_price".into(),
        ParamOverride {
            value: 200.0,
            unit: Some(Unit::YuanPerTC),
            price_year: Some(2020),
            source: "江西碳市场均价（示例）".into(),
            tag: Tag::V,
            note: "per t C".into(),
        },
    );
    s.price_overrides.insert(
        "reservoir_cost".into(),
        ParamOverride {
            value: 8.5,
            unit: None,
            price_year: Some(2021),
            source: "水利厅造价（示例）".into(),
            tag: Tag::U,
            note: String::new(),
        },
    );
    s
}

#[test]
fn sample_round_trips_through_the_template_layout() {
    let want = sample_with_overrides();
    let bytes = template::project_data_bytes(&want, reg()).expect("export");
    // An empty project that knows the counties but has no period yet.
    let mut target = Project::empty("导入测试");
    target.counties = want.counties.clone();
    let p = run(&target, "抚州.xlsx", &bytes, &ImportOptions::default());
    assert!(!p.has_errors(), "{}", all_messages(&p));
    assert_eq!(p.format, FileFormat::Xlsx);
    let kinds: Vec<Option<TableKind>> = p.tables.iter().map(|t| t.kind).collect();
    assert_eq!(kinds[0], None, "instructions sheet skipped");
    assert_eq!(kinds[1], Some(TableKind::Counties));
    assert_eq!(kinds[2], Some(TableKind::LandCoverWide));
    assert_eq!(kinds[3], Some(TableKind::Products));
    assert_eq!(kinds[4], Some(TableKind::OutputValues));
    // After the indicator sheets: prices, the sheets of the ecosystem split, the compensation
    // scenario's four opportunity-cost sheets, the regional ESV coefficients and national
    // means, the transitions sheet, then the project settings no table carries.
    let prices = kinds
        .iter()
        .position(|k| *k == Some(TableKind::Prices))
        .unwrap_or_else(|| panic!("{kinds:?}"));
    assert_eq!(
        kinds[prices + 1..],
        [
            Some(TableKind::EcosystemSubtypes),
            Some(TableKind::PartLandCover),
            Some(TableKind::PartInputs),
            Some(TableKind::OpportunityIncomes),
            Some(TableKind::OpportunityInvestments),
            Some(TableKind::OpportunityCosts),
            Some(TableKind::OpportunityBeneficiaries),
            Some(TableKind::EsvAdjust),
            Some(TableKind::EsvNationalMeans),
            Some(TableKind::Transitions),
            Some(TableKind::Settings)
        ]
    );
    assert!(
        kinds[5..prices]
            .iter()
            .all(|k| *k == Some(TableKind::IndicatorsWide))
    );
    assert!(
        p.unmapped_columns().is_empty(),
        "{:?}",
        p.unmapped_columns()
    );
    assert_eq!(p.changes.new_years, vec![2021, 2022]);

    let summary = apply(&mut target, &p).expect("apply");
    assert_eq!(summary.counties_updated.len(), 11);
    assert_eq!(summary.periods_added, vec![2021, 2022]);
    assert_eq!(summary.price_overrides, 2);
    assert_eq!((summary.product_lines, summary.output_values), (178, 44));
    assert_eq!(summary.material_replaced, 0, "nothing there before");
    assert_same_data(&target, &want);
}

#[test]
fn sample_round_trips_into_a_project_without_counties() {
    let want = sample();
    let bytes = template::project_data_bytes(&want, reg()).expect("export");
    let mut target = want.clone_without_counties();
    let p = run(&target, "抚州.xlsx", &bytes, &ImportOptions::default());
    assert!(!p.has_errors(), "{}", all_messages(&p));
    assert!(p.changes.counties.iter().all(|c| c.is_new));
    assert!(p.changes.new_years.is_empty());
    let summary = apply(&mut target, &p).expect("apply");
    assert_eq!(summary.counties_added.len(), 11);
    assert_same_data(&target, &want);
}

#[test]
fn blank_template_reads_back_and_its_example_rows_are_skipped() {
    let bytes = template::template_bytes(reg()).expect("template");
    let mut project = sample();
    let p = run(&project, "模板.xlsx", &bytes, &ImportOptions::default());
    assert!(!p.has_errors(), "{}", all_messages(&p));
    assert!(
        p.unmapped_columns().is_empty(),
        "{:?}",
        p.unmapped_columns()
    );
    let recognised = p.tables.iter().filter(|t| t.kind.is_some()).count();
    assert_eq!(recognised, p.tables.len() - 1, "all but the instructions");
    let skipped = p
        .problems
        .iter()
        .filter(|x| x.kind == ProblemKind::ExampleRowSkipped)
        .count();
    // One example row per sheet, two on the incomes sheet (a county and the reference region).
    assert_eq!(skipped, recognised + 1, "one example row per sheet");
    assert_eq!(p.changes, Default::default());
    let before = project.clone();
    apply(&mut project, &p).expect("nothing to apply");
    assert_eq!(project, before);
}

/// Copies the template with calamine and rust_xlsxwriter, clearing the 示例 notes: the filled
/// template as a user would return it.
fn fill_template(template: &[u8]) -> Vec<u8> {
    use calamine::{Data, Reader, Xlsx};
    let mut src: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(template)).expect("template opens");
    let mut wb = Workbook::new();
    for name in src.sheet_names() {
        let range = src.worksheet_range(&name).expect("sheet");
        let ws = wb.add_worksheet();
        ws.set_name(&name).expect("name");
        for (r, row) in range.rows().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    Data::String(s) if s.starts_with("示例 example") => {}
                    Data::String(s) => {
                        ws.write_string(r, c, s).expect("write");
                    }
                    Data::Float(f) => {
                        ws.write_number(r, c, *f).expect("write");
                    }
                    Data::Int(i) => {
                        ws.write_number(r, c, *i as f64).expect("write");
                    }
                    _ => {}
                }
            }
        }
    }
    wb.save_to_buffer().expect("xlsx")
}

#[test]
fn filled_template_imports_its_rows() {
    let filled = fill_template(&template::template_bytes(reg()).expect("template"));
    let mut project = Project::empty("资溪");
    let p = run(&project, "资溪.xlsx", &filled, &ImportOptions::default());
    assert!(!p.has_errors(), "{}", all_messages(&p));
    apply(&mut project, &p).expect("apply");
    let zixi = project.county("361028").expect("county added");
    assert_eq!(
        (zixi.name.zh.as_str(), zixi.name.en.as_str()),
        ("资溪县", "Zixi County")
    );
    assert_eq!(zixi.prefecture.as_deref(), Some("抚州市"));
    assert_close(zixi.land_area_hm2, 125_100.0, "area");
    let cp = &project.period(2022).expect("period 2022").counties["361028"];
    assert_close(cp.population.unwrap_or(0.0), 112_000.0, "11.2 万人");
    assert_close(cp.gdp_yuan.unwrap_or(0.0), 5.6e9, "56 亿元");
    assert_eq!(cp.land_cover.get("paddy"), Some(&9000.0));
    assert_eq!(cp.land_cover.get("needleleaf_forest"), Some(&45000.0));
    let wc = &cp.indicators["water_conservation"];
    assert_eq!(wc.method, "direct");
    assert_eq!(wc.values.get("water"), Some(&100.0));
    let cr = &cp.indicators["climate_regulation"];
    assert_eq!(cr.method, "direct");
    assert_eq!(cr.values.len(), 2);
    let o = &project.price_overrides["reservoir_cost"];
    let p_reg = reg().param("reservoir_cost").expect("param");
    assert_eq!(Some(o.value), p_reg.value);
    assert_eq!(o.unit, None);
    assert_eq!(o.tag, p_reg.tag);
    // The example product line and output value.
    assert_eq!(
        cp.indicators["agriculture"].products,
        vec![ProductLine {
            name: "稻谷".into(),
            quantity: 12_000.0,
            unit: Unit::T,
            price: 2_700.0,
            price_year: None,
            source: "县统计年鉴 / county statistical yearbook".into(),
        }]
    );
    let fo = cp.indicators["forestry"]
        .output_value
        .as_ref()
        .expect("forestry output value");
    assert_close(fo.value_yuan, 1.6e8, "16 000 万元");
    assert_eq!(fo.basis, OutputBasis::Gross);
    // The regional ESV coefficients' example row: P entered, precipitation as a county value.
    assert_eq!(
        cp.esv_adjust,
        EsvAdjustInput {
            npp: Some(AdjustEntry::Coefficient(1.2)),
            precipitation: Some(AdjustEntry::Value(1750.0)),
            soil: None,
        }
    );
    let m = project.esv.national_means.precipitation.as_ref();
    assert_eq!(
        m.map(|m| (m.value, m.unit.as_str(), m.year)),
        Some((650.0, "mm", 2015))
    );
    // Every indicator with inputs got its example row, plus the two material products.
    let with_inputs = reg()
        .indicators
        .iter()
        .filter(|s| s.methods.iter().any(|m| !m.inputs.is_empty()))
        .count();
    assert_eq!(cp.indicators.len(), with_inputs + 2);
}

// ---- Headers, units, encodings ----------------------------------------------------------------

#[test]
fn chinese_headers_units_and_title_rows_are_understood() {
    let bytes = xlsx(&[
        (
            "土地",
            vec![
                vec![S("抚州市土地利用现状（单位：亩）")],
                vec![
                    S("代码"),
                    S("县区"),
                    S("年份"),
                    S("水田"),
                    S("旱地 (hm²)"),
                    S("合计"),
                ],
                vec![
                    N(361028.0),
                    S("资溪县"),
                    N(2022.0),
                    N(150.0),
                    N(5.5),
                    N(155.5),
                ],
            ],
        ),
        (
            "水",
            vec![
                vec![
                    S("行政区划代码"),
                    S("水源涵养·水源涵养量 (m³)"),
                    S("water_supply.domestic (亿m³)"),
                    S("释氧·方法"),
                    S("Carbon sequestration · Method"),
                    S("固碳·净生态系统生产力 NEP (万t C)"),
                ],
                vec![
                    S("361028"),
                    N(1_500_000.0),
                    N(0.02),
                    S("由固碳量推算"),
                    S("nep"),
                    N(3.5),
                ],
            ],
        ),
    ]);
    let mut project = sample();
    let p = run(&project, "抚州.xlsx", &bytes, &ImportOptions::default());
    assert!(!p.has_errors(), "{}", all_messages(&p));
    let land = &p.tables[0];
    assert_eq!(land.header_row, Some(2));
    assert_eq!(land.kind, Some(TableKind::LandCoverWide));
    let targets: Vec<Option<Target>> = land.columns.iter().map(|c| c.target.clone()).collect();
    assert_eq!(
        targets,
        vec![
            Some(Target::CountyCode),
            Some(Target::CountyName),
            Some(Target::Year),
            Some(Target::LandClass("paddy".into())),
            Some(Target::LandClass("dryland".into())),
            Some(Target::Ignore),
        ]
    );
    assert_eq!(land.columns[3].unit.as_deref(), Some("亩"));
    apply(&mut project, &p).expect("apply");
    let cp = &project.period(2022).expect("2022").counties["361028"];
    assert_close(cp.land_cover["paddy"], 10.0, "150 亩 = 10 hm²");
    assert_close(cp.land_cover["dryland"], 5.5, "hm²");
    // The registry declares 万m³ for these inputs.
    let wc = &cp.indicators["water_conservation"];
    assert_eq!(wc.method, "direct", "water given directly: method switched");
    assert_eq!(
        wc.values.len(),
        1,
        "values of the water-balance method removed"
    );
    assert_close(wc.values["water"], 150.0, "1 500 000 m³ = 150 万m³");
    assert_close(
        cp.indicators["water_supply"].values["domestic"],
        200.0,
        "0.02 亿m³",
    );
    assert_eq!(cp.indicators["oxygen_release"].method, "from_carbon");
    let cs = &cp.indicators["carbon_sequestration"];
    assert_eq!(cs.method, "nep");
    assert_close(cs.values["nep"], 35_000.0, "3.5 万t C = 35 000 t C");
}

#[test]
fn gbk_csv_keeps_chinese_names_and_converts_mu() {
    let text = "行政区划代码,县区名称,英文名,面积（亩）,年份,常住人口（万人）\r\n\
                361028,资溪县,Zixi County,\"1,876,500\",2022,11.2\r\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    assert!(std::str::from_utf8(&gbk).is_err(), "really GBK");
    let mut project = Project::empty("资溪");
    let p = run(&project, "县区.csv", &gbk, &ImportOptions::default());
    assert!(!p.has_errors(), "{}", all_messages(&p));
    assert_eq!(
        p.format,
        FileFormat::Csv {
            encoding: TextEncoding::Gb18030,
            delimiter: ','
        }
    );
    assert_eq!(p.tables[0].sheet, "县区");
    apply(&mut project, &p).expect("apply");
    let c = project.county("361028").expect("county");
    assert_eq!(c.name.zh, "资溪县");
    assert_close(c.land_area_hm2, 125_100.0, "1 876 500 亩");
    let cp = &project.period(2022).expect("2022").counties["361028"];
    assert_close(cp.population.unwrap_or(0.0), 112_000.0, "11.2 万人");
}

#[test]
fn gbk_tab_separated_long_land_cover_with_unit_column() {
    let text = "代码\t地类\t面积\t单位\n361028\t水田\t150\t亩\n361028\t针叶林\t45000\t公顷\n361028\tBamboo forest\t1.2\t平方公里\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    let mut project = sample();
    let options = ImportOptions {
        year: Some(2021),
        ..Default::default()
    };
    let p = run(&project, "地类.txt", &gbk, &options);
    assert!(!p.has_errors(), "{}", all_messages(&p));
    assert_eq!(p.tables[0].kind, Some(TableKind::LandCoverLong));
    assert!(matches!(
        p.format,
        FileFormat::Csv {
            delimiter: '\t',
            ..
        }
    ));
    apply(&mut project, &p).expect("apply");
    let lc = &project.period(2021).expect("2021").counties["361028"].land_cover;
    assert_close(lc["paddy"], 10.0, "150 亩");
    assert_close(lc["needleleaf_forest"], 45_000.0, "公顷");
    assert_close(lc["bamboo_forest"], 120.0, "1.2 平方公里 (GBK has no ²)");
}

#[test]
fn committed_gbk_fixture_reads() {
    let mut project = Project::empty("资溪");
    let path = fixture("counties_gbk.csv");
    let p = preview(
        &project,
        reg(),
        ImportInput::Path(&path),
        &ImportOptions::default(),
    )
    .expect("reads");
    assert!(!p.has_errors(), "{}", all_messages(&p));
    assert_eq!(p.file, "counties_gbk.csv");
    apply(&mut project, &p).expect("apply");
    let names: Vec<&str> = project
        .counties
        .iter()
        .map(|c| c.name.zh.as_str())
        .collect();
    assert_eq!(names, vec!["资溪县", "金溪县"]);
}

#[test]
fn long_indicator_table_with_units_and_methods() {
    let bytes = xlsx(&[(
        "inputs",
        vec![
            vec![
                S("code"),
                S("year"),
                S("indicator"),
                S("input"),
                S("value"),
                S("unit"),
                S("method"),
            ],
            vec![
                S("361028"),
                N(2022.0),
                S("水源涵养"),
                S("年降水量"),
                N(1800.0),
                S("mm"),
                E,
            ],
            vec![
                S("361028"),
                N(2022.0),
                S("water_conservation"),
                S("et"),
                N(0.9),
                S("m"),
                E,
            ],
            vec![
                S("361028"),
                N(2022.0),
                S("气候调节"),
                S("evaporation"),
                N(3.0),
                S("亿m³"),
                S("energy"),
            ],
        ],
    )]);
    let mut project = sample();
    let p = run(&project, "long.xlsx", &bytes, &ImportOptions::default());
    assert!(!p.has_errors(), "{}", all_messages(&p));
    apply(&mut project, &p).expect("apply");
    let cp = &project.period(2022).expect("2022").counties["361028"];
    let wc = &cp.indicators["water_conservation"];
    assert_eq!(wc.method, "water_balance");
    assert_close(wc.values["precip"], 1800.0, "mm");
    assert_close(wc.values["et"], 900.0, "0.9 m = 900 mm");
    let cr = &cp.indicators["climate_regulation"];
    assert_eq!(cr.method, "energy");
    assert_close(cr.values["evaporation"], 30_000.0, "3 亿m³ = 30 000 万m³");
}

#[test]
fn caller_mapping_resolves_unknown_headers() {
    let rows = vec![
        vec![
            S("行政区划代码"),
            S("年份"),
            S("降雨(毫米)"),
            S("蒸发(毫米)"),
            S("备用列"),
        ],
        vec![S("361028"), N(2022.0), N(1750.0), N(850.0), S("x")],
    ];
    let bytes = xlsx(&[("water", rows)]);
    let mut project = sample();
    let p = run(&project, "m.xlsx", &bytes, &ImportOptions::default());
    assert_eq!(
        p.unmapped_columns(),
        vec![
            ("water".to_string(), "降雨(毫米)".to_string()),
            ("water".to_string(), "蒸发(毫米)".to_string()),
            ("water".to_string(), "备用列".to_string()),
        ]
    );
    let mapping: BTreeMap<String, String> = [
        ("降雨(毫米)", "input.water_conservation.precip"),
        ("蒸发(毫米)", "水源涵养·年蒸散发量"),
        ("备用列", "ignore"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let options = ImportOptions {
        mapping,
        kinds: [("water".to_string(), TableKind::IndicatorsWide)].into(),
        ..Default::default()
    };
    let p = run(&project, "m.xlsx", &bytes, &options);
    assert!(!p.has_errors(), "{}", all_messages(&p));
    assert!(p.tables[0].columns.iter().skip(2).all(|c| c.from_mapping));
    assert_eq!(p.tables[0].columns[2].unit.as_deref(), Some("mm"));
    apply(&mut project, &p).expect("apply");
    let wc =
        &project.period(2022).expect("2022").counties["361028"].indicators["water_conservation"];
    assert_eq!(wc.values.get("precip"), Some(&1750.0));
    assert_eq!(wc.values.get("et"), Some(&850.0));
}

// ---- Malformed files -----------------------------------------------------------------------

#[test]
fn wrong_and_missing_sheets() {
    let bytes = xlsx(&[
        (
            "县区",
            vec![
                vec![S("代码"), S("名称"), S("面积")],
                vec![S("361028"), S("资溪县"), N(1.0)],
            ],
        ),
        (
            "价格",
            vec![
                vec![S("参数"), S("数值")],
                vec![S("reservoir_cost"), N(8.0)],
            ],
        ),
    ]);
    let mut project = sample();
    let options = ImportOptions {
        sheets: vec!["价格".into(), "土地覆被".into()],
        kinds: [("价格".to_string(), TableKind::LandCoverWide)].into(),
        ..Default::default()
    };
    let p = run(&project, "w.xlsx", &bytes, &options);
    let sheet_err = |sheet: &str, kind| (sheet.to_string(), None, None, None, kind);
    assert_eq!(
        errors(&p),
        vec![
            sheet_err(
                "土地覆被",
                ProblemKind::SheetNotFound {
                    available: vec!["县区".into(), "价格".into()]
                }
            ),
            sheet_err(
                "价格",
                ProblemKind::WrongKind {
                    chosen: TableKind::LandCoverWide,
                    found: Some(TableKind::Prices)
                }
            ),
        ]
    );
    assert_eq!(p.tables.len(), 1, "only the chosen sheet was read");
    assert_refused(&mut project, &p);
}

#[test]
fn missing_required_columns() {
    let bytes = xlsx(&[
        (
            "counties",
            vec![vec![S("名称"), S("面积")], vec![S("资溪县"), N(1.0)]],
        ),
        (
            "land",
            vec![
                vec![S("代码"), S("地类"), S("单位")],
                vec![S("361028"), S("水田"), S("亩")],
            ],
        ),
        (
            "inputs",
            vec![vec![S("指标"), S("数值")], vec![S("水源涵养"), N(1.0)]],
        ),
    ]);
    let mut project = sample();
    let p = run(&project, "m.xlsx", &bytes, &ImportOptions::default());
    let missing =
        |sheet: &str, role| spot(sheet, 1, None, None, ProblemKind::MissingColumn { role });
    assert_eq!(
        errors(&p),
        vec![
            missing("counties", ColumnRole::CountyCode),
            missing("land", ColumnRole::Value),
            missing("inputs", ColumnRole::County),
            missing("inputs", ColumnRole::Input),
        ]
    );
    assert_refused(&mut project, &p);
}

#[test]
fn every_cell_problem_of_a_land_cover_sheet_is_listed() {
    let bytes = xlsx(&[(
        "土地覆被",
        vec![
            vec![
                S("代码"),
                S("名称"),
                S("年份"),
                S("水田"),
                S("旱地"),
                S("火星地"),
            ],
            vec![
                S("361028"),
                S("资溪县"),
                N(2022.0),
                S("约100"),
                N(5.0),
                N(1.0),
            ],
            vec![S("361027"), S("金溪县"), N(2022.0), N(-3.0), N(4.0), E],
            vec![S("361028"), S("资溪县"), N(2022.0), N(7.0), N(5.0), E],
            vec![S("999999"), S("火星县"), N(2022.0), N(7.0), E, E],
            vec![S("36102"), S("资溪县"), N(2022.0), N(7.0), E, E],
            vec![E, E, N(2022.0), N(7.0), E, E],
            vec![S("361030"), S("广昌县"), S("去年"), N(7.0), E, E],
            vec![S("361024"), S("崇仁县"), N(2022.0), N(7.0), E, E],
        ],
    )]);
    let mut project = sample();
    let p = run(&project, "bad.xlsx", &bytes, &ImportOptions::default());
    let s = "土地覆被";
    assert_eq!(
        errors(&p),
        vec![
            spot(s, 1, Some(6), None, ProblemKind::UnmappedColumn),
            spot(s, 2, Some(4), Some("约100"), ProblemKind::NotANumber),
            spot(s, 3, Some(4), Some("-3"), ProblemKind::Negative),
            spot(
                s,
                4,
                None,
                None,
                ProblemKind::DuplicateCounty { first_row: 2 }
            ),
            spot(s, 5, Some(1), Some("999999"), ProblemKind::UnknownCounty),
            spot(s, 6, Some(1), Some("36102"), ProblemKind::BadCountyCode),
            spot(s, 7, Some(1), None, ProblemKind::CountyMissing),
            spot(s, 8, Some(3), Some("去年"), ProblemKind::NotAYear),
        ]
    );
    // Row 9 is fine and would be imported once the rest is fixed.
    assert!(p.changes.values.iter().any(|v| v.county == "361024"));
    let msg = p.errors().nth(1).expect("error").message(Lang::Zh);
    assert_eq!(
        msg,
        "工作表「土地覆被」，第 2 行，D 列（水田），值“约100”：不是数字；请只填写数值（单位写在表头）"
    );
    assert_refused(&mut project, &p);
}

#[test]
fn unknown_classes_indicators_inputs_and_methods_are_listed() {
    let bytes = xlsx(&[
        (
            "地类长表",
            vec![
                vec![S("代码"), S("年份"), S("地类"), S("面积 (hm²)")],
                vec![S("361028"), N(2022.0), S("火星地"), N(1.0)],
                vec![S("361028"), N(2022.0), S("水田"), N(1.0)],
                vec![S("361028"), N(2022.0), S("paddy"), N(2.0)],
            ],
        ),
        (
            "指标长表",
            vec![
                vec![
                    S("代码"),
                    S("年份"),
                    S("指标"),
                    S("输入项"),
                    S("数值"),
                    S("单位"),
                    S("方法"),
                ],
                vec![S("361028"), N(2022.0), S("火星服务"), S("x"), N(1.0), E, E],
                vec![
                    S("361028"),
                    N(2022.0),
                    S("水源涵养"),
                    S("月降水量"),
                    N(1.0),
                    E,
                    E,
                ],
                vec![
                    S("361028"),
                    N(2022.0),
                    S("固碳"),
                    S("nep"),
                    N(1.0),
                    S("元"),
                    E,
                ],
                vec![
                    S("361028"),
                    N(2022.0),
                    S("释氧"),
                    S("o2"),
                    N(1.0),
                    S("吨"),
                    S("光合"),
                ],
            ],
        ),
        (
            "宽表",
            vec![
                vec![
                    S("代码"),
                    S("年份"),
                    S("水源涵养·水源涵养量 (万m³)"),
                    S("水源涵养·年降水量 (mm)"),
                    S("land_cover.mars"),
                    S("水源涵养·月降水量"),
                ],
                vec![S("361028"), N(2022.0), N(1.0), N(1700.0), N(1.0), N(1.0)],
            ],
        ),
    ]);
    let mut project = sample();
    let p = run(&project, "u.xlsx", &bytes, &ImportOptions::default());
    let (a, b, c) = ("地类长表", "指标长表", "宽表");
    assert_eq!(
        errors(&p),
        vec![
            spot(a, 2, Some(3), Some("火星地"), ProblemKind::UnknownClass),
            spot(
                a,
                4,
                Some(4),
                Some("2"),
                ProblemKind::DuplicateEntry {
                    first: "地类长表!D3".into()
                }
            ),
            spot(
                b,
                2,
                Some(3),
                Some("火星服务"),
                ProblemKind::UnknownIndicator
            ),
            spot(
                b,
                3,
                Some(4),
                Some("月降水量"),
                ProblemKind::UnknownInput {
                    indicator: "water_conservation".into()
                }
            ),
            spot(
                b,
                4,
                Some(5),
                Some("1"),
                ProblemKind::UnitMismatch {
                    unit: "元".into(),
                    wanted: "t C".into()
                }
            ),
            spot(
                b,
                5,
                Some(7),
                Some("光合"),
                ProblemKind::UnknownMethod {
                    indicator: "oxygen_release".into()
                }
            ),
            spot(c, 1, Some(5), None, ProblemKind::UnknownClass),
            spot(
                c,
                1,
                Some(6),
                None,
                ProblemKind::UnknownInput {
                    indicator: "water_conservation".into()
                }
            ),
            spot(
                c,
                2,
                Some(3),
                Some("1"),
                ProblemKind::MixedMethods {
                    indicator: "water_conservation".into()
                }
            ),
        ]
    );
    assert_refused(&mut project, &p);
}

#[test]
fn new_counties_need_name_and_area_and_conflicts_across_sheets_are_found() {
    let bytes = xlsx(&[
        (
            "县区",
            vec![
                vec![S("代码"), S("名称"), S("面积"), S("年份"), S("人口")],
                vec![S("369901"), E, N(100.0), N(2022.0), N(1000.0)],
                vec![S("369902"), S("新县"), E, N(2022.0), N(1000.0)],
                vec![S("369903"), S("新区"), N(0.0), E, E],
                vec![
                    S("361028"),
                    S("资溪县"),
                    N(125100.0),
                    N(2022.0),
                    N(112000.0),
                ],
            ],
        ),
        (
            "人口",
            vec![
                vec![S("代码"), S("年份"), S("常住人口 (万人)")],
                vec![S("361028"), N(2022.0), N(11.5)],
                vec![S("361027"), N(2022.0), N(-1.0)],
            ],
        ),
    ]);
    let mut project = sample();
    let p = run(&project, "n.xlsx", &bytes, &ImportOptions::default());
    let s = "县区";
    assert_eq!(
        errors(&p),
        vec![
            spot(
                s,
                2,
                Some(1),
                Some("369901"),
                ProblemKind::NewCountyWithoutName
            ),
            spot(
                s,
                3,
                Some(1),
                Some("369902"),
                ProblemKind::NewCountyWithoutArea
            ),
            spot(
                s,
                4,
                Some(1),
                Some("369903"),
                ProblemKind::NewCountyWithoutArea
            ),
            spot(s, 4, Some(3), Some("0"), ProblemKind::NotPositive),
            spot(
                "人口",
                2,
                Some(3),
                Some("11.5"),
                ProblemKind::ConflictingValue {
                    first: "县区!E5".into(),
                    first_value: "112000".into()
                }
            ),
            spot("人口", 3, Some(3), Some("-1"), ProblemKind::Negative),
        ]
    );
    assert_refused(&mut project, &p);
}

#[test]
fn unreadable_files_are_typed_errors() {
    let project = sample();
    let o = ImportOptions::default();
    let read = |name: &str, bytes: &[u8], o: &ImportOptions| {
        preview(&project, reg(), ImportInput::Bytes { name, bytes }, o)
    };
    assert!(matches!(
        read("a.xlsx", b"", &o),
        Err(ImportError::EmptyFile { .. })
    ));
    let png = std::fs::read(fixture("not_a_spreadsheet.png")).expect("fixture");
    assert!(matches!(
        read("a.png", &png, &o),
        Err(ImportError::NotASpreadsheet { .. })
    ));
    assert!(matches!(
        read("a.xlsx", b"PK\x03\x04not really a zip", &o),
        Err(ImportError::NotASpreadsheet { .. })
    ));
    // Only the signature of a compound file: cut short, and called so.
    let ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0];
    assert!(matches!(
        read("a.xls", &ole, &o),
        Err(ImportError::Truncated { .. })
    ));
    // The committed 0-byte fixture, read from disk.
    let empty = fixture("empty.csv");
    let e = preview(&project, reg(), ImportInput::Path(&empty), &o);
    assert!(matches!(e, Err(ImportError::EmptyFile { .. })), "{e:?}");
    // Messages are bilingual.
    let msg = read("a.png", &png, &o)
        .map(|_| ())
        .expect_err("error")
        .to_string();
    assert!(
        msg.contains("不是表格文件") && msg.contains("is not a spreadsheet"),
        "{msg}"
    );
}

#[test]
fn over_limit_files_are_refused_before_reading() {
    let project = sample();
    let o = ImportOptions::default();
    // A sparse file one byte over 50 MiB: refused from its size alone.
    let dir = tempfile::tempdir().expect("tempdir");
    let big = dir.path().join("big.xlsx");
    let f = std::fs::File::create(&big).expect("create");
    f.set_len(gep_calc::io::import::MAX_FILE_BYTES + 1)
        .expect("set_len");
    let e = preview(&project, reg(), ImportInput::Path(&big), &o);
    assert!(
        matches!(e, Err(ImportError::FileTooLarge { size, .. }) if size == 50 * 1024 * 1024 + 1),
        "{e:?}"
    );
    // 1001 rows × 1000 columns of CSV: more than a limit of 1 000 000 cells (the default
    // limit comes from memory: 512 MiB of cells).
    let row = vec!["1"; 1000].join(",");
    let csv = vec![row; 1001].join("\n");
    let million = ImportOptions {
        limits: Limits {
            max_cells: 1_000_000,
            ..Limits::default()
        },
        ..ImportOptions::default()
    };
    let e = preview(
        &project,
        reg(),
        ImportInput::Bytes {
            name: "big.csv",
            bytes: csv.as_bytes(),
        },
        &million,
    );
    assert!(
        matches!(
            e,
            Err(ImportError::TooManyCells {
                limit: 1_000_000,
                ..
            })
        ),
        "{e:?}"
    );
    // An XLSX over a (small) cell limit, and one whose used range is huge but sparse.
    let small = ImportOptions {
        limits: Limits {
            max_bytes: 1 << 20,
            max_cells: 20,
        },
        ..Default::default()
    };
    let sheet = vec![vec![N(1.0); 5]; 5];
    let bytes = xlsx(&[("s", sheet)]);
    let e = preview(
        &project,
        reg(),
        ImportInput::Bytes {
            name: "s.xlsx",
            bytes: &bytes,
        },
        &small,
    );
    assert!(
        matches!(e, Err(ImportError::TooManyCells { limit: 20, .. })),
        "{e:?}"
    );
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_number(0, 0, 1.0).expect("write");
    ws.write_number(1_048_000, 16_000, 1.0).expect("write");
    let sparse = wb.save_to_buffer().expect("xlsx");
    let e = preview(
        &project,
        reg(),
        ImportInput::Bytes {
            name: "sparse.xlsx",
            bytes: &sparse,
        },
        &o,
    );
    assert!(matches!(e, Err(ImportError::TooManyCells { .. })), "{e:?}");
}

#[test]
fn damaged_files_never_panic() {
    let project = sample();
    let o = ImportOptions::default();
    let template = template::template_bytes(reg()).expect("template");
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for k in 1..40 {
        let cut = template.len() * k / 40;
        let _ = preview(
            &project,
            reg(),
            ImportInput::Bytes {
                name: "t.xlsx",
                bytes: &template[..cut],
            },
            &o,
        );
        let mut flipped = template.clone();
        for _ in 0..8 {
            let i = (next() as usize) % flipped.len();
            flipped[i] ^= (next() & 0xFF) as u8;
        }
        let _ = preview(
            &project,
            reg(),
            ImportInput::Bytes {
                name: "t.xlsx",
                bytes: &flipped,
            },
            &o,
        );
        let noise: Vec<u8> = (0..(k * 37)).map(|_| (next() & 0xFF) as u8).collect();
        let _ = preview(
            &project,
            reg(),
            ImportInput::Bytes {
                name: "n.csv",
                bytes: &noise,
            },
            &o,
        );
    }
}

#[test]
fn text_that_is_no_table_is_reported() {
    let mut project = sample();
    let p = run(
        &project,
        "readme.txt",
        "这是一个说明文件。\nJust some notes.\n".as_bytes(),
        &ImportOptions::default(),
    );
    assert_eq!(
        errors(&p),
        vec![("readme".to_string(), None, None, None, ProblemKind::NoTable)]
    );
    assert_refused(&mut project, &p);
}

#[test]
fn apply_checks_the_project_as_it_is_now() {
    let bytes = xlsx(&[(
        "land",
        vec![
            vec![S("代码"), S("年份"), S("水田")],
            vec![S("361028"), N(2022.0), N(10.0)],
        ],
    )]);
    let mut project = sample();
    let p = run(&project, "l.xlsx", &bytes, &ImportOptions::default());
    assert!(!p.has_errors(), "{}", all_messages(&p));
    // The county is deleted between preview and apply.
    project.counties.retain(|c| c.code != "361028");
    let before = project.clone();
    match apply(&mut project, &p) {
        Err(ImportError::Rejected { problems }) => {
            assert_eq!(problems.len(), 1);
            assert_eq!(problems[0].kind, ProblemKind::UnknownCounty);
            assert_eq!(problems[0].value.as_deref(), Some("361028"));
        }
        other => panic!("expected Rejected, got {other:?}"),
    }
    assert_eq!(project, before);
}

#[test]
fn warnings_and_notes_do_not_block() {
    let bytes = xlsx(&[
        (
            "prices",
            vec![
                vec![S("参数"), S("数值"), S("单位"), S("核实标签")],
                vec![S("固碳价格"), N(100.0), S("元/t C"), S("V")],
                vec![S("合计"), E, E, E],
            ],
        ),
        (
            "land",
            vec![
                vec![S("代码"), S("名称"), S("水田")],
                vec![S("361028"), S("金溪县"), N(10.0)],
                vec![E, S("合计"), N(10.0)],
            ],
        ),
    ]);
    let mut project = sample();
    let p = run(&project, "w.xlsx", &bytes, &ImportOptions::default());
    assert_eq!(
        reg().param("carbon_price").map(|x| x.name.zh.as_str()),
        Some("固碳价格")
    );
    assert!(!p.has_errors(), "{}", all_messages(&p));
    let kinds: Vec<(Severity, &ProblemKind)> =
        p.problems.iter().map(|x| (x.severity(), &x.kind)).collect();
    assert!(
        kinds.contains(&(Severity::Warning, &ProblemKind::NoSource)),
        "{kinds:?}"
    );
    assert!(
        kinds
            .iter()
            .any(|(_, k)| matches!(k, ProblemKind::NameDiffers { .. }))
    );
    assert!(
        kinds
            .iter()
            .any(|(_, k)| **k == ProblemKind::TotalRowSkipped)
    );
    assert!(
        kinds
            .iter()
            .any(|(_, k)| matches!(k, ProblemKind::YearDefaulted { year: 2022 }))
    );
    apply(&mut project, &p).expect("apply");
    let o = &project.price_overrides["carbon_price"];
    assert_eq!(
        (o.value, o.unit, o.tag),
        (100.0, Some(Unit::YuanPerTC), Tag::V)
    );
    assert!(o.source.contains("w.xlsx"));
}

#[test]
fn a_price_override_without_a_price_year_states_the_default_in_the_summary() {
    // Before, the blank was stored and read as a price of each accounting year; now the row
    // is recorded as a price of the import's year and the summary names it on that row.
    let bytes = xlsx(&[(
        "prices",
        vec![
            vec![S("参数"), S("数值"), S("单位"), S("来源")],
            vec![S("固碳价格"), N(100.0), S("元/t C"), S("local")],
        ],
    )]);
    let mut project = sample();
    let p = run(&project, "py.xlsx", &bytes, &ImportOptions::default());
    assert!(!p.has_errors(), "{}", all_messages(&p));
    let said: Vec<_> = p
        .problems
        .iter()
        .filter(|x| x.kind == ProblemKind::PriceYearDefaulted { year: 2022 })
        .collect();
    assert_eq!(said.len(), 1, "{}", all_messages(&p));
    assert_eq!(said[0].severity(), Severity::Warning);
    assert!(all_messages(&p).contains("2022"));
    apply(&mut project, &p).expect("apply");
    assert_eq!(
        project.price_overrides["carbon_price"].price_year,
        Some(2022)
    );
    // A stated price year is kept and not remarked on.
    let bytes = xlsx(&[(
        "prices",
        vec![
            vec![S("参数"), S("数值"), S("单位"), S("价格年份"), S("来源")],
            vec![S("固碳价格"), N(100.0), S("元/t C"), N(2019.0), S("local")],
        ],
    )]);
    let p = run(&project, "py.xlsx", &bytes, &ImportOptions::default());
    assert!(
        !p.problems
            .iter()
            .any(|x| matches!(x.kind, ProblemKind::PriceYearDefaulted { .. })),
        "{}",
        all_messages(&p)
    );
    apply(&mut project, &p).expect("apply");
    assert_eq!(
        project.price_overrides["carbon_price"].price_year,
        Some(2019)
    );
}

#[test]
fn xls_and_ods_of_the_sample_round_trip() {
    let want = sample();
    for (file, format) in [
        ("fuzhou_sample.xls", FileFormat::Xls),
        ("fuzhou_sample.ods", FileFormat::Ods),
    ] {
        let mut target = Project::empty("导入测试");
        target.counties = want.counties.clone();
        let path = fixture(file);
        let p = preview(
            &target,
            reg(),
            ImportInput::Path(&path),
            &ImportOptions::default(),
        )
        .expect("reads");
        assert!(!p.has_errors(), "{file}: {}", all_messages(&p));
        assert_eq!(p.format, format);
        apply(&mut target, &p).expect("apply");
        assert_same_data(&target, &want);
    }
}

#[test]
fn an_input_shared_by_methods_keeps_the_projects_method() {
    // 游客人次 is an input of both the survey (default) and the direct method of recreation.
    let bytes = xlsx(&[(
        "休闲旅游 recreation",
        vec![
            vec![S("代码"), S("年份"), S("休闲旅游·游客人次 (人次)")],
            vec![S("361028"), N(2022.0), N(1_250_000.0)],
        ],
    )]);
    let mut project = sample();
    let p = run(&project, "r.xlsx", &bytes, &ImportOptions::default());
    assert!(!p.has_errors(), "{}", all_messages(&p));
    assert_eq!(p.changes.indicators[0].method, "survey");
    let mut direct = project.clone();
    let cp = direct
        .period_mut(2022)
        .and_then(|per| per.counties.get_mut("361028"))
        .expect("county data");
    let rec = cp.indicators.get_mut("recreation").expect("recreation");
    rec.method = "direct".into();
    rec.values = [("visits".to_string(), 1.0), ("value".to_string(), 2.0)].into();
    let p2 = run(&direct, "r.xlsx", &bytes, &ImportOptions::default());
    assert_eq!(p2.changes.indicators[0].method, "direct");
    let summary = apply(&mut direct, &p2).expect("apply");
    assert_eq!((summary.methods_set, summary.stale_values_removed), (0, 0));
    let rec = &direct.period(2022).expect("2022").counties["361028"].indicators["recreation"];
    assert_eq!(
        rec.values.get("visits"),
        Some(&125.0),
        "1 250 000 人次 = 125 万人次"
    );
    assert_eq!(
        rec.values.get("value"),
        Some(&2.0),
        "other inputs of the method stay"
    );
    apply(&mut project, &p).expect("apply");
    let rec = &project.period(2022).expect("2022").counties["361028"].indicators["recreation"];
    assert_eq!(rec.method, "survey");
    assert_eq!(rec.values.get("visits"), Some(&125.0));
}

// ---- Material products ---------------------------------------------------------------------

/// The sample with every product line and output value removed (the rest unchanged).
fn sample_without_material() -> Project {
    let mut p = sample();
    for period in &mut p.periods {
        for cp in period.counties.values_mut() {
            for input in cp.indicators.values_mut() {
                input.products.clear();
                input.output_value = None;
            }
        }
    }
    p
}

/// A copy of `bytes` (an XLSX) made with calamine and rust_xlsxwriter, each header cell (row 1)
/// rewritten by `header` and each other text cell by `cell`.
fn rewrite_workbook(
    bytes: &[u8],
    header: impl Fn(&str) -> String,
    cell: impl Fn(&str) -> String,
) -> Vec<u8> {
    use calamine::{Data, Reader, Xlsx};
    let mut src: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("workbook opens");
    let mut wb = Workbook::new();
    for name in src.sheet_names() {
        let range = src.worksheet_range(&name).expect("sheet");
        let ws = wb.add_worksheet();
        ws.set_name(&name).expect("name");
        for (r, row) in range.rows().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match v {
                    Data::String(s) if r == 0 => {
                        ws.write_string(r, c, header(s)).expect("write");
                    }
                    Data::String(s) => {
                        ws.write_string(r, c, cell(s)).expect("write");
                    }
                    Data::Float(f) => {
                        ws.write_number(r, c, *f).expect("write");
                    }
                    Data::Int(i) => {
                        ws.write_number(r, c, *i as f64).expect("write");
                    }
                    _ => {}
                }
            }
        }
    }
    wb.save_to_buffer().expect("xlsx")
}

/// Chinese material-indicator names and output bases → English, for the English-only copy.
fn to_english_cell(s: &str) -> String {
    for spec in &reg().indicators {
        if s == spec.name.zh {
            return spec.name.en.clone();
        }
    }
    match s {
        "总产值" => "gross".into(),
        "净产值" => "net".into(),
        other => other.to_string(),
    }
}

#[test]
fn sample_round_trips_with_chinese_only_and_english_only_headers() {
    let want = sample();
    let bytes = template::project_data_bytes(&want, reg()).expect("export");
    let line = |k: usize| move |h: &str| h.lines().nth(k).unwrap_or(h).to_string();
    let zh = rewrite_workbook(&bytes, line(0), str::to_string);
    let en = rewrite_workbook(&bytes, line(1), to_english_cell);
    for (file, bytes) in [("zh.xlsx", zh), ("en.xlsx", en)] {
        let mut target = want.clone_without_counties();
        let p = run(&target, file, &bytes, &ImportOptions::default());
        assert!(!p.has_errors(), "{file}: {}", all_messages(&p));
        assert!(p.unmapped_columns().is_empty(), "{file}");
        let products = p
            .tables
            .iter()
            .find(|t| t.kind == Some(TableKind::Products))
            .expect("product lines sheet");
        assert_eq!(products.data_rows, 178, "{file}");
        apply(&mut target, &p).expect("apply");
        assert_same_data(&target, &want);
    }
}

/// The rows of one sheet of `bytes` as CSV text (numbers written in full precision).
fn sheet_as_csv(bytes: &[u8], sheet: &str) -> String {
    use calamine::{Data, Reader, Xlsx};
    let mut src: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("workbook opens");
    let range = src.worksheet_range(sheet).expect("sheet");
    let mut out = String::new();
    for row in range.rows() {
        let cells: Vec<String> = row
            .iter()
            .map(|v| match v {
                Data::String(s) => format!("\"{}\"", s.replace('"', "\"\"")),
                Data::Float(f) => format!("{f}"),
                Data::Int(i) => format!("{i}"),
                _ => String::new(),
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

#[test]
fn material_sheets_of_the_sample_round_trip_as_csv() {
    let want = sample();
    let bytes = template::project_data_bytes(&want, reg()).expect("export");
    let mut target = sample_without_material();
    for (sheet, file, kind) in [
        (
            "物质产品 Product lines",
            "products.csv",
            TableKind::Products,
        ),
        (
            "物质产品产值 Output values",
            "output_values.csv",
            TableKind::OutputValues,
        ),
    ] {
        let csv = sheet_as_csv(&bytes, sheet);
        let p = run(&target, file, csv.as_bytes(), &ImportOptions::default());
        assert!(!p.has_errors(), "{file}: {}", all_messages(&p));
        assert_eq!(p.tables[0].kind, Some(kind));
        assert!(matches!(p.format, FileFormat::Csv { .. }));
        apply(&mut target, &p).expect("apply");
    }
    assert_same_data(&target, &want);
}

#[test]
fn product_lines_with_chinese_headers_convert_units_and_replace() {
    let bytes = xlsx(&[
        (
            "产品产量",
            vec![
                vec![
                    S("行政区划代码"),
                    S("县区"),
                    S("年份"),
                    S("指标"),
                    S("产品"),
                    S("产量"),
                    S("单位"),
                    S("单价 (元/t)"),
                    S("价格年份"),
                    S("来源"),
                ],
                vec![
                    S("361028"),
                    S("资溪县"),
                    N(2022.0),
                    S("农业产品"),
                    S("稻谷"),
                    N(1.2),
                    S("万t"),
                    N(2400.0),
                    E,
                    S("县统计年鉴"),
                ],
                vec![
                    S("361028"),
                    S("资溪县"),
                    N(2022.0),
                    S("agriculture"),
                    S("茶叶"),
                    N(15_000.0),
                    S("千克"),
                    N(80_000.0),
                    N(2020.0),
                    S("茶叶协会"),
                ],
                vec![
                    S("361028"),
                    S("资溪县"),
                    N(2022.0),
                    S("渔业产品"),
                    S("淡水产品"),
                    N(0.5),
                    S("万吨"),
                    S("14,000"),
                    E,
                    E,
                ],
            ],
        ),
        (
            "livestock",
            vec![
                vec![
                    S("code"),
                    S("year"),
                    S("indicator"),
                    S("product"),
                    S("quantity (万t)"),
                    S("unit price"),
                ],
                vec![
                    S("361028"),
                    N(2022.0),
                    S("Livestock products"),
                    S("猪肉"),
                    N(3.6),
                    N(2.4e8),
                ],
            ],
        ),
        (
            "产值",
            vec![
                vec![
                    S("代码"),
                    S("年份"),
                    S("指标"),
                    S("产值 (亿元)"),
                    S("口径"),
                    S("来源"),
                ],
                vec![
                    S("361028"),
                    N(2022.0),
                    S("林业产品"),
                    N(1.5),
                    S("净产值"),
                    S("林业局"),
                ],
            ],
        ),
    ]);
    let mut project = sample();
    let before = project.clone();
    let zixi_2022 = |p: &Project| p.period(2022).expect("2022").counties["361028"].clone();
    let old = zixi_2022(&project);
    assert_eq!(old.indicators["agriculture"].products.len(), 4);
    assert!(old.indicators["forestry"].output_value.is_some());
    let p = run(&project, "物质产品.xlsx", &bytes, &ImportOptions::default());
    assert!(!p.has_errors(), "{}", all_messages(&p));
    let kinds: Vec<Option<TableKind>> = p.tables.iter().map(|t| t.kind).collect();
    assert_eq!(
        kinds,
        vec![
            Some(TableKind::Products),
            Some(TableKind::Products),
            Some(TableKind::OutputValues)
        ]
    );
    let summary = apply(&mut project, &p).expect("apply");
    assert_eq!(
        (
            summary.product_lines,
            summary.output_values,
            summary.material_replaced
        ),
        (4, 1, 4)
    );
    let cp = zixi_2022(&project);
    // 1.2 万t at 2 400 元/t → 12 000 t at 2 400 元/t; 15 000 kg at 80 000 元/t → 80 元/kg.
    let agri = &cp.indicators["agriculture"].products;
    assert_eq!(agri.len(), 2, "the sample's four lines were replaced");
    assert_eq!(
        (agri[0].name.as_str(), agri[0].unit, agri[0].price_year),
        ("稻谷", Unit::T, None)
    );
    assert_eq!(agri[0].quantity, 12_000.0, "1.2 万t");
    assert_eq!(agri[0].price, 2_400.0, "元/t");
    assert_eq!(agri[0].source, "县统计年鉴");
    assert_eq!(
        (agri[1].name.as_str(), agri[1].unit, agri[1].price_year),
        ("茶叶", Unit::Kg, Some(2020))
    );
    assert_close(agri[1].quantity, 15_000.0, "kg");
    assert_eq!(agri[1].price, 80.0, "80 000 元/t = 80 元/kg");
    let fish = &cp.indicators["fishery"].products;
    assert_eq!(fish.len(), 1);
    assert_eq!(fish[0].quantity, 5_000.0, "0.5 万吨");
    assert_close(fish[0].price, 14_000.0, "“14,000”");
    assert_eq!(fish[0].source, "");
    // Price per the row's unit (万t from the header): 2.4 亿元/万t = 24 000 元/t.
    let pork = &cp.indicators["livestock"].products;
    assert_eq!(pork.len(), 1);
    assert_eq!((pork[0].name.as_str(), pork[0].unit), ("猪肉", Unit::T));
    assert_eq!(pork[0].quantity, 36_000.0, "3.6 万t");
    assert_eq!(pork[0].price, 24_000.0, "2.4 亿元 per 万t");
    // The output value replaced the forestry one; the other material product is untouched.
    let fo = cp.indicators["forestry"]
        .output_value
        .as_ref()
        .expect("forestry");
    assert_eq!(fo.value_yuan, 1.5e8, "1.5 亿元");
    assert_eq!(
        (fo.basis, fo.price_year, fo.source.as_str()),
        (OutputBasis::Net, None, "林业局")
    );
    assert!(cp.indicators["forestry"].products.is_empty());
    assert_eq!(
        cp.indicators["other_products"],
        old.indicators["other_products"]
    );
    // Other counties and years are as they were.
    for period in &project.periods {
        for (code, c) in &period.counties {
            if (period.year, code.as_str()) != (2022, "361028") {
                assert_eq!(c, &before.period(period.year).expect("year").counties[code]);
            }
        }
    }
    // The engine values the new lines: Σ quantity × price (2020 tea price moved by the CPI).
    use gep_calc::engine::{Options, compute};
    let acc = compute(&project, reg(), &Options::year(2022)).expect("compute");
    let zixi = acc
        .counties
        .iter()
        .find(|c| c.code == "361028")
        .expect("county");
    let value = |id: &str| {
        zixi.indicators
            .iter()
            .find(|i| &*i.id == id)
            .map(|i| i.value)
            .expect("indicator")
    };
    let tea = value("agriculture") - 12_000.0 * 2_400.0;
    assert!(
        tea > 15_000.0 * 80.0 && tea < 15_000.0 * 80.0 * 1.2,
        "tea at 2020 prices moved to 2022: {tea}"
    );
    assert_close(value("fishery"), 5_000.0 * 14_000.0, "fishery");
    assert_close(value("livestock"), 36_000.0 * 24_000.0, "livestock");
    assert_close(value("forestry"), 1.5e8, "forestry");
}

#[test]
fn malformed_product_and_output_rows_list_every_problem() {
    let head = || {
        vec![
            S("代码"),
            S("县区"),
            S("年份"),
            S("指标"),
            S("产品"),
            S("产量"),
            S("单位"),
            S("单价"),
            S("价格年份"),
            S("来源"),
        ]
    };
    let row =
        |code: &'static str, ind: &'static str, product: C, qty: C, unit: C, price: C, year: C| {
            vec![
                S(code),
                E,
                N(2022.0),
                S(ind),
                product,
                qty,
                unit,
                price,
                year,
                E,
            ]
        };
    let bytes = xlsx(&[
        (
            "产品",
            vec![
                head(),
                row("999999", "农业产品", S("稻谷"), N(1.0), S("t"), N(1.0), E),
                row("361028", "水源涵养", S("稻谷"), N(1.0), S("t"), N(1.0), E),
                row("361028", "火星产品", S("稻谷"), N(1.0), S("t"), N(1.0), E),
                row(
                    "361028",
                    "农业产品",
                    S("蔬菜"),
                    S("约100"),
                    S("t"),
                    N(-5.0),
                    E,
                ),
                row(
                    "361028",
                    "畜牧业产品",
                    S("生猪"),
                    N(10.0),
                    S("箩筐"),
                    N(1.0),
                    E,
                ),
                row(
                    "361028",
                    "农业产品",
                    S("水果"),
                    N(1.0),
                    S("万元"),
                    N(1.0),
                    E,
                ),
                row("361028", "农业产品", E, N(1.0), E, N(1.0), E),
                row(
                    "361028",
                    "农业产品",
                    S("稻谷"),
                    N(1.0),
                    S("t"),
                    N(2700.0),
                    E,
                ),
                row(
                    "361028",
                    "农业产品",
                    S(" 稻谷 "),
                    N(2.0),
                    S("t"),
                    N(2700.0),
                    E,
                ),
                row(
                    "361028",
                    "渔业产品",
                    S("鱼"),
                    N(1.0),
                    S("t"),
                    N(1.0),
                    S("去年"),
                ),
                row("361027", "农业产品", S("稻谷"), E, S("t"), E, E),
            ],
        ),
        (
            "产值",
            vec![
                vec![
                    S("代码"),
                    S("年份"),
                    S("指标"),
                    S("产值 (万元)"),
                    S("单位"),
                    S("口径"),
                ],
                vec![
                    S("361028"),
                    N(2022.0),
                    S("林业产品"),
                    N(1.0),
                    E,
                    S("毛产值"),
                ],
                vec![S("361028"), N(2022.0), S("其他物质产品"), S("abc"), E, E],
                vec![S("361028"), N(2022.0), S("农业产品"), N(5.0), E, S("gross")],
                vec![
                    S("361027"),
                    N(2022.0),
                    S("林业产品"),
                    N(5.0),
                    S("t"),
                    S("net"),
                ],
                vec![S("361027"), N(2022.0), S("渔业产品"), N(5.0), E, S("net")],
                vec![S("361027"), N(2022.0), S("渔业产品"), N(6.0), E, S("net")],
            ],
        ),
    ]);
    let mut project = sample();
    let p = run(&project, "坏.xlsx", &bytes, &ImportOptions::default());
    let (a, b) = ("产品", "产值");
    assert_eq!(
        errors(&p),
        vec![
            spot(a, 2, Some(1), Some("999999"), ProblemKind::UnknownCounty),
            spot(
                a,
                3,
                Some(4),
                Some("水源涵养"),
                ProblemKind::NotMaterial {
                    indicator: "water_conservation".into()
                }
            ),
            spot(
                a,
                4,
                Some(4),
                Some("火星产品"),
                ProblemKind::UnknownIndicator
            ),
            spot(a, 5, Some(6), Some("约100"), ProblemKind::NotANumber),
            spot(a, 5, Some(8), Some("-5"), ProblemKind::Negative),
            spot(a, 6, Some(7), Some("箩筐"), ProblemKind::BadUnit),
            spot(
                a,
                7,
                Some(7),
                Some("万元"),
                ProblemKind::NotAQuantityUnit {
                    unit: "万元".into()
                }
            ),
            spot(a, 8, Some(5), None, ProblemKind::MissingProduct),
            spot(a, 8, Some(7), None, ProblemKind::MissingUnit),
            spot(
                a,
                10,
                Some(5),
                Some("稻谷"),
                ProblemKind::DuplicateEntry {
                    first: "产品!E9".into()
                }
            ),
            spot(a, 11, Some(9), Some("去年"), ProblemKind::NotAYear),
            spot(a, 12, Some(6), None, ProblemKind::MissingValue),
            spot(a, 12, Some(8), None, ProblemKind::MissingValue),
            spot(b, 2, Some(6), Some("毛产值"), ProblemKind::BadBasis),
            spot(b, 3, Some(4), Some("abc"), ProblemKind::NotANumber),
            spot(b, 3, Some(6), None, ProblemKind::BadBasis),
            spot(
                b,
                4,
                Some(4),
                Some("5"),
                ProblemKind::ProductsAndOutputValue {
                    first: "产品!E9".into()
                }
            ),
            spot(
                b,
                5,
                Some(5),
                Some("t"),
                ProblemKind::UnitMismatch {
                    unit: "t".into(),
                    wanted: "元".into()
                }
            ),
            spot(
                b,
                7,
                Some(4),
                Some("6"),
                ProblemKind::DuplicateEntry {
                    first: "产值!D6".into()
                }
            ),
        ]
    );
    let msg = p
        .errors()
        .find(|e| e.kind == ProblemKind::BadUnit)
        .expect("bad unit")
        .message(Lang::Zh);
    assert_eq!(
        msg,
        "工作表「产品」，第 6 行，G 列（单位），值“箩筐”：无法识别的单位"
    );
    assert_refused(&mut project, &p);
}

#[test]
fn material_columns_are_checked_and_unknown_headers_can_be_mapped() {
    let bytes = xlsx(&[
        (
            "产品",
            vec![
                vec![
                    S("代码"),
                    S("年份"),
                    S("指标"),
                    S("产品"),
                    S("出栏量 (万t)"),
                    S("单价 (元/m³)"),
                ],
                vec![
                    S("361028"),
                    N(2022.0),
                    S("畜牧业产品"),
                    S("猪肉"),
                    N(1.0),
                    N(1.0),
                ],
            ],
        ),
        (
            "产值",
            vec![
                vec![S("代码"), S("年份"), S("指标"), S("产值 (t)")],
                vec![S("361028"), N(2022.0), S("林业产品"), N(1.0)],
            ],
        ),
    ]);
    let mut project = sample();
    let p = run(&project, "列.xlsx", &bytes, &ImportOptions::default());
    assert_eq!(
        errors(&p),
        vec![
            spot(
                "产品",
                1,
                None,
                None,
                ProblemKind::MissingColumn {
                    role: ColumnRole::Quantity
                }
            ),
            spot("产品", 1, Some(5), None, ProblemKind::UnmappedColumn),
            spot(
                "产值",
                1,
                None,
                None,
                ProblemKind::MissingColumn {
                    role: ColumnRole::OutputValue
                }
            ),
            spot(
                "产值",
                1,
                None,
                None,
                ProblemKind::MissingColumn {
                    role: ColumnRole::Basis
                }
            ),
            spot(
                "产值",
                1,
                Some(4),
                None,
                ProblemKind::UnitMismatch {
                    unit: "t".into(),
                    wanted: "元".into()
                }
            ),
        ]
    );
    assert_eq!(
        p.unmapped_columns(),
        vec![("产品".to_string(), "出栏量 (万t)".to_string())]
    );
    assert_refused(&mut project, &p);
    // Mapped to the quantity, the price per m³ does not fit a quantity in t.
    let options = ImportOptions {
        mapping: [("出栏量 (万t)".to_string(), "quantity".to_string())].into(),
        sheets: vec!["产品".into()],
        ..Default::default()
    };
    let p = run(&project, "列.xlsx", &bytes, &options);
    assert_eq!(
        errors(&p),
        vec![spot(
            "产品",
            2,
            Some(6),
            Some("1"),
            ProblemKind::UnitMismatch {
                unit: "元/m³".into(),
                wanted: "元/t".into()
            }
        )]
    );
    assert_refused(&mut project, &p);
}

#[test]
fn template_has_material_sheets_with_bilingual_headers_and_example_rows() {
    use calamine::{Data, Reader, Xlsx};
    let bytes = template::template_bytes(reg()).expect("template");
    let mut wb: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("opens");
    let names = wb.sheet_names();
    assert_eq!(
        names[1..5],
        [
            "县区 Counties",
            "土地覆被 Land cover",
            "物质产品 Product lines",
            "物质产品产值 Output values"
        ]
    );
    let text = |d: &Data| match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("{f}"),
        Data::Empty => String::new(),
        other => format!("{other:?}"),
    };
    let rows = |wb: &mut Xlsx<_>, name: &str| -> Vec<Vec<String>> {
        let range = wb.worksheet_range(name).expect("sheet");
        range.rows().map(|r| r.iter().map(text).collect()).collect()
    };
    let products = rows(&mut wb, "物质产品 Product lines");
    assert_eq!(
        products[0],
        [
            "行政区划代码\nCounty code",
            "县区名称\nCounty name",
            "年份\nYear",
            "指标\nIndicator",
            "产品\nProduct",
            "产量\nQuantity",
            "单位\nUnit",
            "单价 (元/单位)\nUnit price (CNY per unit)",
            "价格年份\nPrice year",
            "来源\nSource",
            "备注\nNote",
        ]
    );
    assert_eq!(products.len(), 2, "header and one example row");
    assert_eq!(
        products[1][..9],
        [
            "361028",
            "资溪县",
            "2022",
            "农业产品",
            "稻谷",
            "12000",
            "t",
            "2700",
            ""
        ]
    );
    assert!(products[1][10].starts_with("示例"));
    let outputs = rows(&mut wb, "物质产品产值 Output values");
    assert_eq!(
        outputs[0],
        [
            "行政区划代码\nCounty code",
            "县区名称\nCounty name",
            "年份\nYear",
            "指标\nIndicator",
            "产值 (万元)\nOutput value (10⁴ CNY)",
            "产值口径\nBasis",
            "价格年份\nPrice year",
            "来源\nSource",
            "备注\nNote",
        ]
    );
    assert_eq!(
        outputs[1][..6],
        ["361028", "资溪县", "2022", "林业产品", "16000", "总产值"]
    );
}

/// A value computed elsewhere for an indicator that is no material product, in the
/// output-value table with a blank basis: stored as the indicator's entered value (12 000 万元
/// = 1.2 × 10⁸ 元, price year 2020, source); its quantities stay.
#[test]
fn output_value_rows_of_other_indicators_import_as_entered_values() {
    let bytes = xlsx(&[(
        "产值",
        vec![
            vec![
                S("代码"),
                S("年份"),
                S("指标"),
                S("产值 (万元)"),
                S("口径"),
                S("价格年份"),
                S("来源"),
            ],
            vec![
                S("361028"),
                N(2022.0),
                S("休闲旅游"),
                N(12_000.0),
                E,
                N(2020.0),
                S("旅游局委托研究 表 5"),
            ],
        ],
    )]);
    let mut project = sample();
    let before =
        project.period(2022).expect("2022").counties["361028"].indicators["recreation"].clone();
    let p = run(&project, "外部价值.xlsx", &bytes, &ImportOptions::default());
    assert!(!p.has_errors(), "{}", all_messages(&p));
    apply(&mut project, &p).expect("apply");
    let rec = &project.period(2022).expect("2022").counties["361028"].indicators["recreation"];
    let ev = rec.entered_value.as_ref().expect("entered value");
    assert_eq!(ev.amount, 1.2e8, "12 000 万元");
    assert_eq!(ev.unit, Unit::Yuan);
    assert_eq!(ev.price_year, Some(2020));
    assert_eq!(ev.source, "旅游局委托研究 表 5");
    assert_eq!(rec.values, before.values, "the quantities stay");
}
