//! The real `gep-calc` binary, run as a user would: compute, validate, registry, growth and bad
//! usage. Fixtures: sample_data/fuzhou_sample.ron, tests/fixtures/tiny_valid.ron and the
//! variations of it in tests/fixtures/malformed/.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// The 20 registry indicators, in registry order.
const INDICATORS: [&str; 20] = [
    "agriculture",
    "forestry",
    "livestock",
    "fishery",
    "water_supply",
    "eco_energy",
    "other_products",
    "water_conservation",
    "soil_retention",
    "sand_fixation",
    "flood_regulation",
    "carbon_sequestration",
    "oxygen_release",
    "air_purification",
    "water_purification",
    "climate_regulation",
    "pest_control",
    "coastal_protection",
    "recreation",
    "landscape",
];

const SAMPLE: &str = "sample_data/fuzhou_sample.ron";
const TINY: &str = "tests/fixtures/tiny_valid.ron";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn malformed(name: &str) -> String {
    format!("tests/fixtures/malformed/{name}.ron")
}

/// Runs the binary from the crate root; fails the test if it panicked.
fn gep(args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_gep-calc"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap_or_else(|e| panic!("cannot run gep-calc {args:?}: {e}"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("panicked"),
        "gep-calc {args:?} panicked:\n{stderr}"
    );
    assert!(
        !matches!(out.status.code(), None | Some(101)),
        "gep-calc {args:?} crashed ({:?}):\n{stderr}",
        out.status
    );
    out
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap_or_else(|e| panic!("stdout not UTF-8: {e}"))
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap_or_else(|e| panic!("stderr not UTF-8: {e}"))
}

#[track_caller]
fn ok(args: &[&str]) -> Output {
    let out = gep(args);
    assert!(
        out.status.success(),
        "gep-calc {args:?} failed ({:?}):\n{}\n{}",
        out.status,
        stdout(&out),
        stderr(&out)
    );
    out
}

#[track_caller]
fn fails(args: &[&str]) -> Output {
    let out = gep(args);
    assert!(
        !out.status.success(),
        "gep-calc {args:?} should fail:\n{}",
        stdout(&out)
    );
    out
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

fn arr(v: &Value) -> &Vec<Value> {
    v.as_array().unwrap_or_else(|| panic!("not an array: {v}"))
}

#[track_caller]
fn assert_rel(got: f64, want: f64, what: &str) {
    assert!(
        (got - want).abs() <= 1e-9 * want.abs().max(1.0),
        "{what}: got {got}, want {want}"
    );
}

// ------------------------------------------------------------------------------------------
// compute
// ------------------------------------------------------------------------------------------

#[test]
fn compute_sample_as_json() {
    let out = ok(&["compute", SAMPLE, "--format", "json"]);
    let d = json(&stdout(&out));
    assert_eq!(d["schema"], "gep-calc/accounts/2");
    assert_eq!(d["year"], 2022);
    assert_eq!(d["price_year"], 2022);
    assert_eq!(d["framework"], "gbt46869");
    assert_eq!(d["illustrative"], true);
    assert_eq!(d["money_unit"], "yuan");
    let counties = arr(&d["counties"]);
    assert_eq!(counties.len(), 11);
    let mut gep_sum = 0.0;
    let mut esv_sum = 0.0;
    for c in counties {
        let code = c["code"].as_str().unwrap_or_default();
        assert_eq!(code.len(), 6, "{code}");
        assert!(code.starts_with("3610"), "{code}");
        let inds = arr(&c["indicators"]);
        let ids: Vec<&str> = inds.iter().filter_map(|a| a["id"].as_str()).collect();
        assert_eq!(ids, INDICATORS, "{code}");
        let mut counted = 0.0;
        for a in inds {
            let id = a["id"].as_str().unwrap_or_default();
            let status = a["status"]["status"].as_str().unwrap_or_default();
            if status != "computed" {
                assert_eq!(f(&a["value"]), 0.0, "{code} {id}");
                continue;
            }
            // Every computed indicator has a trace whose last step is its value.
            let steps = arr(&a["trace"]["steps"]);
            assert!(steps.len() >= 2, "{code} {id}: {steps:?}");
            assert!(a["trace"]["method"].is_string(), "{code} {id}");
            assert!(
                a["trace"]["formula_zh"]
                    .as_str()
                    .is_some_and(|s| !s.is_empty())
            );
            let last = steps.last().unwrap_or(&Value::Null);
            assert_eq!(last["symbol"], "V", "{code} {id}");
            assert_rel(f(&last["value"]), f(&a["value"]), id);
            let comp_sum: f64 = arr(&a["components"]).iter().map(|x| f(&x["value"])).sum();
            assert_rel(comp_sum, f(&a["value"]), id);
            if a["counted"] == true {
                counted += f(&a["value"]);
            }
        }
        // In the sample every indicator except coastal protection is entered.
        let not_computed: Vec<&str> = inds
            .iter()
            .filter(|a| a["status"]["status"] != "computed")
            .filter_map(|a| a["id"].as_str())
            .collect();
        assert_eq!(not_computed, ["coastal_protection"], "{code}");
        let t = &c["totals"];
        for k in [
            "material",
            "regulating",
            "cultural",
            "gross",
            "gep",
            "market",
        ] {
            assert!(f(&t[k]) > 0.0, "{code} totals.{k}");
        }
        assert_rel(
            f(&t["material"]) + f(&t["regulating"]) + f(&t["cultural"]),
            f(&t["gross"]),
            "gross",
        );
        assert_rel(f(&t["gross"]), counted, "gross = Σ counted indicators");
        assert_rel(
            f(&t["gross"]) - f(&t["imported_deduction"]),
            f(&t["gep"]),
            "gep",
        );
        assert_rel(
            f(&t["market"]) + f(&t["non_market"]),
            f(&t["gep"]),
            "market + non-market",
        );
        // Water supply, oxygen and pest control are memo items under GB/T 46869.
        assert!(f(&t["outside_framework"]) > 0.0, "{code}");
        gep_sum += f(&t["gep"]);
        // ESV per county (Xie 2015: 11 services).
        let esv = &c["esv"];
        assert_eq!(esv["table"], "xie2015", "{code}");
        assert_eq!(arr(&esv["by_service"]).len(), 11, "{code}");
        assert!(f(&esv["total"]) > 0.0, "{code}");
        assert_rel(
            f(&esv["market"]) + f(&esv["non_market"]),
            f(&esv["total"]),
            "ESV split",
        );
        esv_sum += f(&esv["total"]);
        assert!(f(&c["ratios"]["gep_per_gdp"]) > 0.0, "{code}");
    }
    let region = &d["region"];
    assert_rel(
        f(&region["totals"]["gep"]),
        gep_sum,
        "region GEP = Σ county GEP",
    );
    assert_rel(
        f(&region["esv_total"]),
        esv_sum,
        "region ESV = Σ county ESV",
    );
    let by_ind = arr(&region["by_indicator"]);
    assert_eq!(by_ind.len(), 20);
    for (pair, id) in by_ind.iter().zip(INDICATORS) {
        assert_eq!(pair[0], id);
        let sum: f64 = counties
            .iter()
            .flat_map(|c| arr(&c["indicators"]))
            .filter(|a| a["id"] == id)
            .map(|a| f(&a["value"]))
            .sum();
        assert_rel(f(&pair[1]), sum, id);
    }
    assert!(f(&region["land_area_hm2"]) > 1.8e6);
    assert!(arr(&d["problems"]).is_empty(), "{}", d["problems"]);
}

/// `--no-traces` gives the same numbers without any trace (the fast engine path); traces are
/// the default and `--traces` after `--no-traces` turns them back on.
#[test]
fn compute_without_traces_has_the_same_numbers_and_no_trace() {
    let with = json(&stdout(&ok(&["compute", SAMPLE])));
    let without = json(&stdout(&ok(&["compute", SAMPLE, "--no-traces"])));
    let again = json(&stdout(&ok(&[
        "compute",
        SAMPLE,
        "--no-traces",
        "--traces",
    ])));
    let mut traced = 0;
    for (a, b) in arr(&with["counties"]).iter().zip(arr(&without["counties"])) {
        assert_eq!(a["totals"], b["totals"]);
        for (x, y) in arr(&a["indicators"]).iter().zip(arr(&b["indicators"])) {
            assert_eq!(x["value"], y["value"]);
            assert_eq!(x["components"], y["components"]);
            assert!(y["trace"].is_null(), "{}", y["id"]);
            traced += usize::from(!x["trace"].is_null());
        }
    }
    assert!(traced > 100, "{traced}");
    assert_eq!(with["region"], without["region"]);
    assert_eq!(with, again);
}

#[test]
fn compute_options_year_framework_and_price_year() {
    // 2021 at its own prices, and at 2022 prices, under `extended` (oxygen etc. counted).
    let own = json(&stdout(&ok(&["compute", SAMPLE, "--year", "2021"])));
    assert_eq!(own["year"], 2021);
    assert_eq!(own["price_year"], 2021);
    let ext = json(&stdout(&ok(&[
        "compute",
        SAMPLE,
        "--year",
        "2021",
        "--framework",
        "extended",
        "--price-year",
        "2022",
    ])));
    assert_eq!(ext["framework"], "extended");
    assert_eq!(ext["price_year"], 2022);
    let c = &arr(&ext["counties"])[0];
    let oxygen = arr(&c["indicators"])
        .iter()
        .find(|a| a["id"] == "oxygen_release")
        .cloned()
        .unwrap_or_default();
    assert_eq!(oxygen["counted"], true);
    assert_eq!(f(&c["totals"]["outside_framework"]), 0.0);
    // Carbon at 2022 prices = carbon at 2021 prices × CPI 2022 / CPI 2021 (706.6 / 692.7).
    let carbon = |d: &Value| {
        arr(&arr(&d["counties"])[0]["indicators"])
            .iter()
            .find(|a| a["id"] == "carbon_sequestration")
            .map_or(f64::NAN, |a| f(&a["value"]))
    };
    assert_rel(
        carbon(&ext),
        carbon(&own) * 706.6 / 692.7,
        "carbon at 2022 prices",
    );
}

#[test]
fn compute_csv_has_bom_and_chinese_or_english_headers() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let zh_path = dir.path().join("accounts.csv");
    let zh = zh_path.to_string_lossy().to_string();
    let out = ok(&["compute", SAMPLE, "--format", "csv", "--out", &zh]);
    assert!(out.stdout.is_empty(), "--out writes nothing to stdout");
    let bytes = std::fs::read(&zh_path).unwrap_or_else(|e| panic!("{zh}: {e}"));
    assert_eq!(&bytes[..3], [0xEF, 0xBB, 0xBF], "UTF-8 BOM");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap_or_else(|e| panic!("{e}"));
    let mut lines = text.lines();
    let header = lines.next().unwrap_or_default();
    assert!(
        header.starts_with("县区代码,县区,指标代码,指标,类别"),
        "{header}"
    );
    assert!(header.contains("价值量(元)") && header.contains("价格年份"));
    // 11 counties × (20 indicators + 4 total rows), then the memo rows (备忘项目: consumer
    // surplus, indicators outside the framework), never counted.
    let rows: Vec<&str> = lines.collect();
    let first_memo = rows.iter().position(|r| r.contains(",0,memo,"));
    assert_eq!(first_memo, Some(11 * 24));
    assert!(rows[11 * 24..].iter().all(|r| r.contains(",0,memo,")));
    assert!(
        rows[11 * 24..]
            .iter()
            .any(|r| r.contains(",memo,consumer_surplus,"))
    );
    assert!(rows[0].starts_with("361002,临川区,agriculture,农业产品,物质产品,1,computed"));
    assert!(rows.iter().any(|r| r.starts_with("361030,广昌县,GEP,")));

    let en_path = dir.path().join("accounts_en.csv");
    let en = en_path.to_string_lossy().to_string();
    ok(&[
        "--lang", "en", "compute", SAMPLE, "--format", "csv", "--out", &en,
    ]);
    let bytes = std::fs::read(&en_path).unwrap_or_else(|e| panic!("{en}: {e}"));
    assert_eq!(&bytes[..3], [0xEF, 0xBB, 0xBF]);
    let text = String::from_utf8_lossy(&bytes[3..]).to_string();
    let header = text.lines().next().unwrap_or_default();
    assert_eq!(
        header,
        "code,county,indicator_id,indicator,category,counted,status,method,quantity,quantity_unit,value_yuan,value_wan_yuan,price_year"
    );
    assert!(text.lines().nth(1).is_some_and(|r| r.starts_with(
        "361002,Linchuan District,agriculture,Agricultural products,Material products,"
    )));
    // The JSON and CSV give the same GEP for the first county.
    let d = json(&stdout(&ok(&["compute", SAMPLE])));
    let gep = f(&arr(&d["counties"])[0]["totals"]["gep"]);
    let csv_gep = text
        .lines()
        .find(|r| r.starts_with("361002,") && r.contains(",GEP,"))
        .and_then(|r| r.split(',').nth(10))
        .and_then(|v| v.parse::<f64>().ok())
        .unwrap_or(f64::NAN);
    assert_rel(csv_gep, gep, "CSV GEP");
}

// ------------------------------------------------------------------------------------------
// validate
// ------------------------------------------------------------------------------------------

#[test]
fn validate_sample_and_tiny_valid_have_no_errors() {
    for file in [SAMPLE, TINY] {
        let out = ok(&["validate", file]);
        let s = stdout(&out);
        assert!(s.contains("共 0 个错误"), "{file}:\n{s}");
        assert!(!s.lines().any(|l| l.starts_with("错误")), "{file}:\n{s}");
        let en = stdout(&ok(&["--lang", "en", "validate", file]));
        assert!(en.contains("0 errors"), "{file}:\n{en}");
    }
    // --strict fails on warnings (the sample warns about the unverified registry CPI).
    let out = fails(&["validate", SAMPLE, "--strict"]);
    assert_eq!(out.status.code(), Some(1));
    // Named, not by id: 价格指数“<the registry's name of cpi>”.
    let reg = gep_calc::registry::Registry::builtin();
    let cpi = reg
        .price_index("cpi")
        .unwrap_or_else(|| panic!("cpi in the registry"));
    let text = stdout(&out);
    assert!(
        text.contains(&format!("价格指数“{}”", cpi.name.zh)),
        "{text}"
    );
    assert!(!text.contains("price_indices.cpi"), "{text}");
}

#[test]
fn every_malformed_fixture_fails_validation_without_panicking() {
    let dir = root().join("tests/fixtures/malformed");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{e}")) {
        let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
        if path.extension().and_then(|e| e.to_str()) != Some("ron") {
            continue;
        }
        let rel = path
            .strip_prefix(root())
            .unwrap_or(&path)
            .to_string_lossy()
            .to_string();
        for lang in ["zh", "en"] {
            let out = fails(&["--lang", lang, "validate", &rel]);
            let text = format!("{}{}", stdout(&out), stderr(&out));
            assert!(!text.trim().is_empty(), "{rel}: no message");
            // Compute refuses them too, with a message and no panic.
            let out = fails(&["--lang", lang, "compute", &rel]);
            assert!(
                !stderr(&out).trim().is_empty(),
                "{rel}: compute gave no message"
            );
        }
        n += 1;
    }
    assert!(n >= 6, "only {n} malformed fixtures");
}

/// A load error: exit code 2, the file named on stderr with its line and column (both
/// languages are printed together).
#[track_caller]
fn load_error(name: &str) -> String {
    let file = malformed(name);
    let out = fails(&["validate", &file]);
    assert_eq!(out.status.code(), Some(2), "{file}");
    let err = stderr(&out);
    assert!(err.contains(&file), "{file} not named:\n{err}");
    assert!(stdout(&out).is_empty(), "{file}: {}", stdout(&out));
    err
}

#[test]
fn truncated_file_is_reported_with_line_and_column() {
    let err = load_error("truncated");
    // The file stops inside county 361001's carbon indicator on line 46.
    assert!(err.contains("第 46 行"), "{err}");
    assert!(err.contains("line 46, column"), "{err}");
    assert!(err.contains("截断") && err.contains("truncated"), "{err}");
}

#[test]
fn wrong_type_is_reported_with_line_and_column() {
    // land_area_hm2: "两千公顷" on line 20, the string starts in column 21.
    let err = load_error("wrong_type");
    assert!(err.contains("第 20 行第 21 列"), "{err}");
    assert!(err.contains("line 20, column 21"), "{err}");
}

#[test]
fn unknown_field_is_named_with_line_and_column() {
    let err = load_error("unknown_field");
    assert!(err.contains("第 16 行第 7 列"), "{err}");
    assert!(err.contains("line 16, column 7"), "{err}");
    assert!(err.contains("未知字段 `colour`"), "{err}");
    assert!(err.contains("unknown field `colour`"), "{err}");
    // The fields that are allowed there are listed.
    assert!(err.contains("land_area_hm2"), "{err}");
}

#[test]
fn newer_schema_is_refused_with_a_clear_message() {
    let err = load_error("newer_schema");
    assert!(
        err.contains("更新版本") && err.contains("文件格式版本 99"),
        "{err}"
    );
    assert!(
        err.contains("newer gep-calc") && err.contains("schema 99"),
        "{err}"
    );
    assert!(err.contains("upgrade"), "{err}");
}

#[test]
fn not_a_project_is_refused() {
    // A CSV export saved with a .ron name.
    let err = load_error("not_a_project");
    assert!(err.contains("不是 gep-calc 项目文件"), "{err}");
    assert!(err.contains("not a gep-calc project file"), "{err}");
}

/// One problem planted in tests/fixtures/malformed/many_problems.ron: (county, field path,
/// value, Chinese words, English words).
type Planted = (
    Option<&'static str>,
    &'static str,
    Option<&'static str>,
    &'static str,
    &'static str,
);

/// Every problem planted in many_problems.ron (see the PROBLEM n comments there).
const PLANTED: [Planted; 14] = [
    (
        None,
        "meta.framework",
        Some("gbt99999"),
        "未知核算框架",
        "unknown framework",
    ),
    (
        Some("361002"),
        "land_area_hm2",
        Some("-2000"),
        "不能为负数",
        "cannot be negative",
    ),
    (
        Some("361001"),
        "code",
        None,
        "行政区划代码重复",
        "duplicate administrative code",
    ),
    (Some("3610031"), "code", None, "6 位数字", "6 digits"),
    (
        Some("361001"),
        "population",
        Some("inf"),
        "不是有效数字",
        "is not a number",
    ),
    (
        Some("361001"),
        "land_cover",
        Some("1010"),
        "超过县域面积",
        "above the county's land area",
    ),
    (
        Some("361001"),
        "land_cover.moon_rock",
        Some("10"),
        "未知地类",
        "unknown land-cover class",
    ),
    (
        Some("361001"),
        "indicators.agriculture",
        None,
        "同时填写了产品明细和直接产值",
        "both product lines and a direct output value",
    ),
    (
        Some("361001"),
        "indicators.water_conservation.method",
        None,
        "没有名为 crystal_ball 的核算方法",
        "no method named crystal_ball",
    ),
    (
        Some("361001"),
        "indicators.carbon_sequestration.nep",
        None,
        "缺少必填输入“净生态系统生产力 NEP”",
        "lacks the required input",
    ),
    (
        Some("361001"),
        "indicators.unicorn_grazing",
        None,
        "未知指标代码",
        "unknown indicator id",
    ),
    (
        Some("361002"),
        "indicators.water_conservation.precip",
        Some("NaN"),
        "不是有效数字",
        "is not a number",
    ),
    (
        Some("361002"),
        "indicators.soil_retention.c",
        Some("1.5"),
        "超出允许范围 [0, 1]",
        "outside the allowed range [0, 1]",
    ),
    (
        None,
        "price_overrides.unobtainium_price",
        Some("99"),
        "不存在的参数",
        "does not exist",
    ),
];

/// The line of `text` that reports one planted problem: an error line naming the county, the
/// exact field path (as a whole item of the place list) and the value.
fn find_problem<'a>(
    text: &'a str,
    lang: &str,
    (county, field, value, zh, en): Planted,
) -> Option<&'a str> {
    let (prefix, sep, value_word, words, l) = if lang == "zh" {
        ("错误: ", "，", "值 ", zh, gep_calc::i18n::Lang::Zh)
    } else {
        ("error: ", ", ", "value ", en, gep_calc::i18n::Lang::En)
    };
    // The place names the county and the field as the user knows them (not by id).
    let project = gep_calc::io::load(Path::new(&malformed("many_problems")))
        .unwrap_or_else(|e| panic!("{e}"));
    let names =
        gep_calc::validate::Names::new(&project, gep_calc::registry::Registry::builtin(), l);
    let field = names.field(field);
    let field = field.as_str();
    text.lines().find(|line| {
        let Some(rest) = line.strip_prefix(prefix) else {
            return false;
        };
        let Some((place, what)) = rest.split_once(": ") else {
            return false;
        };
        let items: Vec<&str> = place.split(sep).collect();
        items.contains(&field)
            && county.is_none_or(|c| items.contains(&names.county(c).as_str()))
            && value.is_none_or(|v| items.contains(&format!("{value_word}{v}").as_str()))
            && what.contains(words)
    })
}

#[test]
fn many_problems_are_all_listed_in_chinese_and_english() {
    let file = malformed("many_problems");
    for lang in ["zh", "en"] {
        let out = fails(&["--lang", lang, "validate", &file]);
        assert_eq!(out.status.code(), Some(1), "validation errors exit with 1");
        let text = stdout(&out);
        for planted in PLANTED {
            assert!(
                find_problem(&text, lang, planted).is_some(),
                "[{lang}] planted problem {planted:?} not listed:\n{text}"
            );
        }
        // The summary counts at least the planted errors.
        let errors: usize = text
            .lines()
            .last()
            .and_then(|l| {
                l.split(|c: char| !c.is_ascii_digit())
                    .find(|s| !s.is_empty())
                    .and_then(|s| s.parse().ok())
            })
            .unwrap_or(0);
        assert!(errors >= PLANTED.len(), "[{lang}] summary: {errors}");
        let error_lines = text
            .lines()
            .filter(|l| l.starts_with(if lang == "zh" { "错误: " } else { "error: " }))
            .count();
        assert_eq!(error_lines, errors, "[{lang}] summary vs lines");
        // The language is respected: no Chinese severity words in English and vice versa.
        if lang == "en" {
            assert!(!text.contains("错误"), "{text}");
        } else {
            assert!(!text.contains("error:"), "{text}");
        }
    }
}

// ------------------------------------------------------------------------------------------
// registry, growth
// ------------------------------------------------------------------------------------------

#[test]
fn registry_lists_indicators_and_parameters_with_sources() {
    let reg = gep_calc::registry::Registry::builtin();
    let text = stdout(&ok(&["registry"]));
    let first_tokens: Vec<(&str, &str)> = text
        .lines()
        .filter_map(|l| l.split_whitespace().next().map(|t| (t, l)))
        .collect();
    for id in INDICATORS {
        let (_, line) = first_tokens
            .iter()
            .find(|(t, _)| *t == id)
            .unwrap_or_else(|| panic!("indicator {id} not listed"));
        let spec = reg.indicator(id).unwrap_or_else(|| panic!("{id}"));
        assert!(line.contains(&spec.clause.zh), "{id}: {line}");
        assert!(line.contains(&spec.name.zh), "{id}: {line}");
    }
    assert!(reg.params.len() > 50);
    for p in &reg.params {
        let (_, line) = first_tokens
            .iter()
            .find(|(t, _)| *t == p.id)
            .unwrap_or_else(|| panic!("parameter {} not listed", p.id));
        assert!(!p.source.zh.trim().is_empty(), "{}", p.id);
        assert!(
            line.ends_with(&format!("— {}", p.source.zh)),
            "{}: {line}",
            p.id
        );
        assert!(line.contains(&format!("[{}]", p.tag.label())), "{line}");
        match p.value {
            Some(v) => assert!(line.contains(&format!("= {v} ")), "{line}"),
            None => assert!(line.contains("（无默认值）"), "{line}"),
        }
    }
    for fw in [
        "gbt46869",
        "ndrc2022",
        "db36t1402",
        "extended",
        "ouyang2013",
    ] {
        assert!(first_tokens.iter().any(|(t, _)| *t == fw), "{fw}");
    }
    let en = stdout(&ok(&["--lang", "en", "registry"]));
    assert!(en.contains("# Indicators") && en.contains("Water conservation"));
    assert!(en.contains("(no default)"));

    let d = json(&stdout(&ok(&["registry", "--format", "json"])));
    let ids: Vec<&str> = arr(&d["indicators"])
        .iter()
        .filter_map(|i| i["id"].as_str())
        .collect();
    assert_eq!(ids, INDICATORS);
    let params = arr(&d["params"]);
    assert_eq!(params.len(), reg.params.len());
    assert!(params.iter().all(|p| ["zh", "en"].iter().all(|l| {
        p["source"][l]
            .as_str()
            .is_some_and(|s| !s.trim().is_empty())
    })));
    let rc = params
        .iter()
        .find(|p| p["id"] == "reservoir_cost")
        .cloned()
        .unwrap_or_default();
    assert_eq!(rc["value"], 7.06);
    assert_eq!(rc["unit"], "yuan_per_m3");
    assert_eq!(rc["price_year"], 2010);
    assert_eq!(arr(&d["frameworks"]).len(), reg.frameworks.len());
}

#[test]
fn growth_prints_real_growth_per_county() {
    let d = json(&stdout(&ok(&[
        "growth", SAMPLE, "--from", "2021", "--to", "2022",
    ])));
    assert_eq!(d["from_year"], 2021);
    assert_eq!(d["to_year"], 2022);
    assert_eq!(d["base_year"], 2021);
    let counties = arr(&d["counties"]);
    assert_eq!(counties.len(), 11);
    // gep_from is 2021 at its own prices; gep_to is 2022 at 2021 prices.
    let y2021 = json(&stdout(&ok(&["compute", SAMPLE, "--year", "2021"])));
    let y2022 = json(&stdout(&ok(&[
        "compute",
        SAMPLE,
        "--year",
        "2022",
        "--price-year",
        "2021",
    ])));
    let y2022_own = json(&stdout(&ok(&["compute", SAMPLE, "--year", "2022"])));
    for (i, c) in counties.iter().enumerate() {
        let code = c["code"].as_str().unwrap_or_default();
        let from = f(&c["gep_from"]);
        let to = f(&c["gep_to"]);
        let g = f(&c["real_growth"]);
        assert!(from > 0.0 && to > 0.0, "{code}");
        assert_rel(g, to / from - 1.0, code);
        assert!(g.abs() < 0.5, "{code}: {g}");
        assert_eq!(arr(&y2021["counties"])[i]["code"], code);
        assert_rel(from, f(&arr(&y2021["counties"])[i]["totals"]["gep"]), code);
        assert_rel(to, f(&arr(&y2022["counties"])[i]["totals"]["gep"]), code);
        // Real growth is not the nominal growth.
        let nominal = f(&arr(&y2022_own["counties"])[i]["totals"]["gep"]) / from - 1.0;
        assert!((nominal - g).abs() > 1e-6, "{code}: {nominal} vs {g}");
    }
    let r = &d["region"];
    assert_rel(
        f(&r["real_growth"]),
        f(&r["gep_to"]) / f(&r["gep_from"]) - 1.0,
        "region",
    );
    let sum_from: f64 = counties.iter().map(|c| f(&c["gep_from"])).sum();
    assert_rel(f(&r["gep_from"]), sum_from, "region gep_from");
}

// ------------------------------------------------------------------------------------------
// bad usage
// ------------------------------------------------------------------------------------------

#[test]
fn bad_usage_fails_with_a_message() {
    let out = fails(&["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("frobnicate"), "{}", stderr(&out));

    let out = fails(&["compute"]);
    assert!(stderr(&out).contains("<PROJECT>"), "{}", stderr(&out));

    let out = fails(&["growth", SAMPLE, "--from", "2021"]);
    assert!(stderr(&out).contains("--to"), "{}", stderr(&out));

    let out = fails(&["compute", SAMPLE, "--format", "xml"]);
    assert!(stderr(&out).contains("xml"), "{}", stderr(&out));

    for cmd in ["compute", "validate"] {
        let out = fails(&[cmd, "tests/fixtures/no_such_project.ron"]);
        let err = stderr(&out);
        assert!(err.contains("no_such_project.ron"), "{err}");
        assert!(
            err.contains("无法读取") && err.contains("cannot read"),
            "{err}"
        );
    }
    let out = fails(&[
        "growth",
        "tests/fixtures/no_such_project.ron",
        "--from",
        "1",
        "--to",
        "2",
    ]);
    assert!(stderr(&out).contains("cannot read"), "{}", stderr(&out));

    // A year the project does not have; a framework that does not exist.
    let out = fails(&["compute", TINY, "--year", "1999"]);
    assert!(stderr(&out).contains("1999"), "{}", stderr(&out));
    let out = fails(&["growth", SAMPLE, "--from", "2021", "--to", "2030"]);
    assert!(stderr(&out).contains("2030"), "{}", stderr(&out));
    let out = fails(&["compute", TINY, "--framework", "nope"]);
    assert!(
        stderr(&out).contains("unknown accounting framework nope"),
        "{}",
        stderr(&out)
    );

    // The output directory does not exist: an error, not a panic.
    let out = fails(&[
        "compute",
        TINY,
        "--format",
        "csv",
        "--out",
        "tests/fixtures/no_such_dir/x.csv",
    ]);
    assert!(stderr(&out).contains("no_such_dir"), "{}", stderr(&out));
    assert!(!Path::new(&root().join("tests/fixtures/no_such_dir")).exists());
}

#[test]
fn tiny_valid_computes() {
    // 361001: water balance on broadleaf 600 hm² (paddy and built-up have no α):
    //   (1800 − 0.0465 × 1800 − 800) × 600 × 10 = 5 497 800 m³ × 7.06 × 706.6/536.1.
    let d = json(&stdout(&ok(&["compute", TINY])));
    let c = &arr(&d["counties"])[0];
    let w = arr(&c["indicators"])
        .iter()
        .find(|a| a["id"] == "water_conservation")
        .cloned()
        .unwrap_or_default();
    assert_rel(f(&w["quantity"]["value"]), 5_497_800.0, "Q");
    assert_rel(f(&w["value"]), 5_497_800.0 * 7.06 * 706.6 / 536.1, "V");
    let ag = arr(&arr(&d["counties"])[1]["indicators"])[0].clone();
    assert_eq!(ag["id"], "agriculture");
    assert_rel(f(&ag["value"]), 3_000_000.0, "direct output value");
}

#[test]
fn compensate_allocates_the_whole_fund_and_spillovers_balance() {
    let json = |args: &[&str]| -> serde_json::Value {
        let out = gep(args);
        assert!(out.status.success(), "{}", stderr(&out));
        serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{e}"))
    };
    // Jiangxi-style 70/20/10 scheme on a 20.91 亿元 fund.
    let fund = json(&[
        "compensate",
        SAMPLE,
        "--method",
        "fund",
        "--fund",
        "2.091e9",
        "--factor",
        "non_market=0.7",
        "--factor",
        "regulating=0.2",
        "--factor",
        "land_area=0.1",
    ]);
    let rows = fund["rows"].as_array().cloned().unwrap_or_default();
    assert_eq!(rows.len(), 11);
    let total: f64 = rows.iter().filter_map(|r| r["amount_yuan"].as_f64()).sum();
    assert!((total - 2.091e9).abs() < 1e-3, "{total}");
    // Spillover by population share: receivers and payers balance.
    let sp = json(&["compensate", SAMPLE, "--method", "spillover"]);
    assert_eq!(sp["detail"]["method"], "spillover");
    let sum: f64 = sp["detail"]["rows"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["spillover_yuan"].as_f64())
        .sum();
    let scale = sp["detail"]["non_market_total_yuan"]
        .as_f64()
        .unwrap_or(1.0);
    assert!(sum.abs() < 1e-9 * scale, "{sum}");
    // Priority: every county classed, ECPS = non-market value / GDP.
    let pr = json(&[
        "compensate",
        SAMPLE,
        "--method",
        "priority",
        "--format",
        "json",
    ]);
    for r in pr["rows"].as_array().into_iter().flatten() {
        assert!(r["class"].is_string(), "{r}");
    }
    // An unknown factor: a clear error naming it, no panic.
    let out = gep(&["compensate", SAMPLE, "--factor", "bogus=1"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("bogus"), "{}", stderr(&out));
    // Without options the project's saved scenario runs (the sample: 1 亿元 by 70/20/10).
    let saved = json(&["compensate", SAMPLE]);
    assert_eq!(saved["settings"]["method"], "fund");
    let total: f64 = saved["rows"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["amount_yuan"].as_f64())
        .sum();
    assert!((total - 1.0e8).abs() < 1e-3, "{total}");
}

#[test]
fn compensate_csv_has_one_sentence_per_county() {
    let out = gep(&["compensate", SAMPLE, "--format", "csv"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let text = text.trim_start_matches('\u{feff}');
    let mut lines = text.lines();
    assert!(
        lines
            .next()
            .is_some_and(|h| h.starts_with("代码,县区,补偿金额"))
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 11);
    let zixi = rows
        .iter()
        .find(|l| l.contains("资溪县"))
        .unwrap_or_else(|| panic!("no 资溪县 row in {text}"));
    assert!(zixi.contains("资溪县应获得补偿"), "{zixi}");
    assert!(zixi.contains("依据"), "{zixi}");
}

#[test]
fn template_with_data_imported_into_a_new_project_reproduces_the_accounts() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let t = dir.path().join("t.xlsx");
    let new = dir.path().join("new.ron");
    let (t, new) = (t.to_string_lossy(), new.to_string_lossy());
    let out = gep(&["template", "--out", &t, "--with-data", SAMPLE]);
    assert!(out.status.success(), "{}", stderr(&out));
    // The target file does not exist: the import starts a new project and says so.
    let out = gep(&["import", &t, "--into", &new]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("将新建项目"), "{}", stderr(&out));
    for year in ["2021", "2022"] {
        let a = gep(&["compute", &new, "--year", year, "--format", "csv"]);
        let b = gep(&["compute", SAMPLE, "--year", year, "--format", "csv"]);
        assert!(a.status.success(), "{}", stderr(&a));
        assert_eq!(stdout(&a), stdout(&b), "accounts of {year} differ");
    }
}

#[test]
fn registry_shows_statutory_rates_as_not_indexed_with_their_law() {
    let text = stdout(&ok(&["registry"]));
    let lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with("tax_water_jx "))
        .unwrap_or_else(|| panic!("tax_water_jx not listed"));
    let next = lines.get(at + 1).copied().unwrap_or_default();
    assert!(
        next.contains("法定费率（2018 年起执行），不随价格指数调整")
            && next.contains("环境保护税法"),
        "{next}"
    );
    let en = stdout(&ok(&["--lang", "en", "registry"]));
    assert!(en.contains("statutory rate (in force from 2018), not indexed; legal basis: "));

    let d = json(&stdout(&ok(&["registry", "--format", "json"])));
    let tax = arr(&d["params"])
        .iter()
        .find(|p| p["id"] == "tax_water_jx")
        .unwrap_or_else(|| panic!("tax_water_jx not in JSON"));
    let law = tax["basis"]["Statutory"]["law"]["zh"]
        .as_str()
        .unwrap_or_default();
    assert!(law.contains("环境保护税法"), "{tax}");
    // An indexed price carries no basis (indexed is the default).
    let cod = arr(&d["params"])
        .iter()
        .find(|p| p["id"] == "cost_cod")
        .unwrap_or_else(|| panic!("cost_cod not in JSON"));
    assert!(cod.get("basis").is_none(), "{cod}");
}

/// The sample project with a saved compensation scenario (RON) appended.
fn sample_with_compensation(dir: &std::path::Path, scenario: &str) -> String {
    let text = std::fs::read_to_string(SAMPLE).unwrap_or_else(|e| panic!("{e}"));
    let body = text
        .trim_end()
        .strip_suffix(')')
        .unwrap_or_else(|| panic!("RON"));
    let path = dir.join("scenario.ron");
    std::fs::write(&path, format!("{body}  compensation: {scenario},\n)"))
        .unwrap_or_else(|e| panic!("{e}"));
    path.to_string_lossy().into_owned()
}

#[test]
fn compensate_reaches_opportunity_cost_and_engel_coefficients() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let p = sample_with_compensation(
        dir.path(),
        "(opportunity: (reference_urban_income: 40000.0, reference_rural_income: 15000.0, \
         incomes: {\"361002\": (urban_income: Some(30000.0), urban_population: Some(1000.0), \
         rural_income: Some(18000.0), rural_population: Some(2000.0))}, \
         investments: [(county: \"361028\", year: 2015, principal_yuan: 1000.0)]), \
         engel: {\"361002\": (urban: Some(0.3), rural: Some(0.4), urbanisation: Some(0.6))})",
    );
    let out = gep(&[
        "compensate",
        &p,
        "--method",
        "opportunity-cost",
        "--end-year",
        "2017",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v = json(&stdout(&out));
    assert_eq!(v["detail"]["method"], "opportunity_cost");
    let amount = |code: &str| {
        v["rows"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|r| r["code"] == code)
            .and_then(|r| r["amount_yuan"].as_f64())
    };
    // (40,000 − 30,000) × 1,000 = 1e7; 1,000 over 2 years at 10 %: 576.19 a year.
    assert_eq!(amount("361002"), Some(1.0e7));
    assert!((amount("361028").unwrap_or(0.0) - 576.1904761904762).abs() < 1e-9);
    assert_eq!(amount("361027"), None);
    // r from Engel coefficients: the counties without them are named.
    let out = gep(&[
        "compensate",
        &p,
        "--method",
        "spillover",
        "--stage",
        "engel",
    ]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("恩格尔系数"), "{}", stderr(&out));
    // A saved scenario naming the withdrawn logistic r runs, with the warning on stderr.
    let p = sample_with_compensation(
        dir.path(),
        "(method: spillover, stage: engel_logistic, engel: {\"361002\": (urban: Some(0.3), \
         rural: Some(0.4), urbanisation: Some(0.6)), \"361003\": (urban: Some(0.3), \
         rural: Some(0.4), urbanisation: Some(0.6)), \"361021\": (urban: Some(0.3), \
         rural: Some(0.4), urbanisation: Some(0.6)), \"361022\": (urban: Some(0.3), \
         rural: Some(0.4), urbanisation: Some(0.6)), \"361023\": (urban: Some(0.3), \
         rural: Some(0.4), urbanisation: Some(0.6)), \"361024\": (urban: Some(0.3), \
         rural: Some(0.4), urbanisation: Some(0.6)), \"361025\": (urban: Some(0.3), \
         rural: Some(0.4), urbanisation: Some(0.6)), \"361026\": (urban: Some(0.3), \
         rural: Some(0.4), urbanisation: Some(0.6)), \"361027\": (urban: Some(0.3), \
         rural: Some(0.4), urbanisation: Some(0.6)), \"361028\": (urban: Some(0.3), \
         rural: Some(0.4), urbanisation: Some(0.6)), \"361030\": (urban: Some(0.3), \
         rural: Some(0.4), urbanisation: Some(0.6))})",
    );
    let out = gep(&["compensate", &p]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("已停用"), "{}", stderr(&out));
    let v = json(&stdout(&out));
    let r = v["detail"]["rows"][0]["r"].as_f64().unwrap_or(0.0);
    assert!((r - 0.4852983566307939).abs() < 1e-12, "{r}");
}
