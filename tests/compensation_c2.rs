//! Reference case C2 (赵建林, 董志洋, 常兆丰 2019, ChinaXiv:201909.00077) through the real
//! `gep-calc compensate` binary, from the project file tests/fixtures/c2_jingdian.ron: every
//! figure of the case's `expected_outputs` within its tolerance, with the annuities, the
//! total annual opportunity cost and its split computed by the product. The entered inputs are
//! checked against the case file, so the fixture cannot drift from it. Also through the
//! binary: the same county as a standard range (no feasible range, warned), `--format text`,
//! and geometric-interval classing on tests/fixtures/tiny_valid.ron.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

const PROJECT: &str = "tests/fixtures/c2_jingdian.ron";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn case() -> Value {
    let path = root()
        .join("tests/fixtures/reference/C2_jingdian_irrigation_compensation_opportunity_cost.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"))
}

/// `gep-calc compensate PROJECT ARGS… --format json`: (stdout as JSON, stderr).
fn compensate(args: &[&str]) -> (Value, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gep-calc"))
        .arg("compensate")
        .arg(PROJECT)
        .args(args)
        .args(["--format", "json"])
        .current_dir(root())
        .output()
        .unwrap_or_else(|e| panic!("cannot run gep-calc: {e}"));
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.success(), "compensate {args:?} failed:\n{err}");
    let v = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}\n{err}"));
    (v, err)
}

fn f(v: &Value, path: &[&str]) -> f64 {
    let mut x = v;
    for k in path {
        x = match (x.is_array(), k.parse::<usize>()) {
            (true, Ok(i)) => &x[i],
            _ => &x[*k],
        };
    }
    x.as_f64()
        .unwrap_or_else(|| panic!("no number at {path:?}: {x}"))
}

/// |got / want − 1| ≤ 0.5 %, the case's suggested tolerance.
#[track_caller]
fn within(got: f64, want: f64, what: &str) {
    assert!(
        (got / want - 1.0).abs() <= 0.005,
        "{what}: {got} vs published {want}"
    );
}

#[test]
fn c2_reproduces_through_compensate_from_the_project_file() {
    let c2 = case();
    let (o, _) = compensate(&["--year", "2017"]);
    assert_eq!(o["detail"]["method"], "opportunity_cost");
    let row = &o["detail"]["rows"][0];

    // The fixture enters the case's inputs, nothing derived.
    let invs = c2["inputs"]["investments"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let settings = &o["settings"]["opportunity"];
    assert_eq!(
        f(settings, &["rate"]),
        f(&c2, &["parameters", "interest_rate"])
    );
    assert_eq!(
        f(settings, &["end_year"]),
        f(&c2, &["parameters", "repayment_end_year"])
    );
    for (k, inv) in invs.iter().enumerate() {
        let entered = &settings["investments"][k];
        assert_eq!(f(entered, &["year"]), f(inv, &["year"]));
        assert_eq!(f(entered, &["principal_yuan"]), f(inv, &["P_yuan"]));
    }
    let costs = &settings["other_costs"];
    assert_eq!(
        f(costs, &["0", "amount_yuan"]),
        f(&c2, &["parameters", "provincial_subsidy_yuan_per_a"])
    );
    assert_eq!(
        f(costs, &["1", "amount_yuan"]),
        f(&c2, &["parameters", "annual_debt_yuan_per_a"])
    );
    let esv = &c2["parameters"]["external_esv_yuan"];
    let benef = &settings["beneficiaries"];
    assert_eq!(
        f(benef, &["0", "value_yuan"]),
        f(esv, &["qilian_migration_vegetation"])
    );
    assert_eq!(
        f(benef, &["1", "value_yuan"]),
        f(esv, &["sandstorm_reduction_downwind"])
    );

    let exp = &c2["expected_outputs"];
    // Table 5: each investment's annuity in 10⁸ 元 to two decimals, n = 2017 − year.
    let annuities = &row["annuities"]["rows"];
    let mut rounded_sum = 0.0;
    for (k, inv) in invs.iter().enumerate() {
        let year = f(inv, &["year"]);
        assert_eq!(f(annuities, &[&k.to_string(), "years"]), 2017.0 - year);
        let a = f(annuities, &[&k.to_string(), "annuity_yuan"]) / 1e8;
        let printed = f(exp, &["annual_opportunity_cost_1e8", &format!("{year}")]);
        let two = (a * 100.0).round() / 100.0;
        assert_eq!(two, printed, "annuity of {year}: {a} × 10⁸ 元");
        rounded_sum += two;
    }
    // Table 5's total 0.95 is the sum of its rounded rows (known issue: the unrounded sum
    // 0.9443 would print 0.94).
    let table_total = f(exp, &["annual_opportunity_cost_1e8", "total"]);
    assert!((rounded_sum - table_total).abs() < 1e-9, "{rounded_sum}");
    // The text: Σ annuities 9.43 × 10⁷ 元 a year.
    let sum_a = f(row, &["annuities", "total_yuan"]);
    within(
        sum_a,
        f(exp, &["annual_repayment_text_yuan"]),
        "Σ annuities",
    );
    // Σ annuities + subsidy + debt = 2.09 × 10⁸ 元 a year, the county's amount.
    let total = f(row, &["total_yuan"]);
    within(
        total,
        f(exp, &["total_annual_opportunity_cost_yuan"]),
        "total opportunity cost",
    );
    assert_eq!(f(&o, &["rows", "0", "amount_yuan"]), total);
    // The split by external ESV, and the Qilian share in thirds.
    let split = &row["split"];
    within(
        f(split, &["0", "amount_yuan"]),
        f(exp, &["allocated_yuan", "qilian_migration"]),
        "Qilian share",
    );
    within(
        f(split, &["1", "amount_yuan"]),
        f(exp, &["allocated_yuan", "sandstorm_downwind"]),
        "sandstorm share",
    );
    for k in 0..3 {
        within(
            f(split, &["0", "parties", &k.to_string(), "amount_yuan"]),
            f(exp, &["qilian_one_third_yuan"]),
            "a third of the Qilian share",
        );
    }
    // What the province receives: both shares (printed 2.08e8, 0.3 % below their sum).
    let received = f(split, &["0", "amount_yuan"]) + f(split, &["1", "amount_yuan"]);
    assert!((received - total).abs() < 1e-6 * total);
    within(
        received,
        f(exp, &["province_receives_yuan"]),
        "province receives",
    );
}

/// The same county as a standard range against its non-market GEP (none in this project):
/// no feasible range, no standard, a warning with the figures, not a silent negative.
#[test]
fn c2_as_a_range_against_zero_value_has_no_feasible_standard() {
    let (o, err) = compensate(&["--method", "standard-range", "--upper", "non-market"]);
    let r = &o["detail"]["rows"][0]["range"];
    assert_eq!(r["feasible"], false);
    assert!(r["standard_yuan"].is_null());
    assert!(o["rows"][0]["amount_yuan"].is_null());
    let lower = f(r, &["lower_yuan"]);
    assert!((lower - 208_730_516.56).abs() < 1.0, "{lower}");
    assert_eq!(f(r, &["net_benefit_yuan"]), -lower);
    assert_eq!(o["warnings"][0]["kind"], "no_feasible_range");
    assert!(
        err.contains("没有可行的补偿标准区间") && err.contains("20,873.05"),
        "{err}"
    );
}

/// `--format text`: the method, the upper bound and rule, the warning and the county's
/// derivation, each investment's annuity among it.
#[test]
fn c2_as_text() {
    let out = Command::new(env!("CARGO_BIN_EXE_gep-calc"))
        .args(["compensate", PROJECT, "--method", "standard-range"])
        .args([
            "--upper",
            "non-market",
            "--rule",
            "midpoint",
            "--format",
            "text",
        ])
        .current_dir(root())
        .output()
        .unwrap_or_else(|e| panic!("cannot run gep-calc: {e}"));
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap_or_else(|e| panic!("{e}"));
    for want in [
        "补偿标准区间法（机会成本—服务价值）",
        "补偿上限：非市场 GEP",
        "推荐标准取值规则：区间中点（λ = 0.5）",
        "注意：景泰县的补偿上限 0.00 万元低于下限（机会成本）20,873.05 万元",
        "1969 年 6,610.00 万元，n = 48，年金 667.88 万元",
        "下风向沙尘暴减少（所获价值 7,090.00 万元，占 1.74%）承担 363.53 万元",
    ] {
        assert!(text.contains(want), "{want}\n{text}");
    }
    // The warning is in the text, not repeated on stderr.
    assert!(out.stderr.is_empty());
}

/// `--classing geometric` on the tiny project: the two counties' ECPS set m and M, and the
/// breaks are m·q and m·q², q = (M/m)^(1/3).
#[test]
fn geometric_classing_through_the_cli() {
    let out = Command::new(env!("CARGO_BIN_EXE_gep-calc"))
        .args([
            "compensate",
            "tests/fixtures/tiny_valid.ron",
            "--method",
            "priority",
        ])
        .args(["--classing", "geometric", "--format", "json"])
        .current_dir(root())
        .output()
        .unwrap_or_else(|e| panic!("cannot run gep-calc: {e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let o: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    let p = &o["priority"];
    assert_eq!(p["classing"], "geometric_interval");
    let e: Vec<f64> = (0..2)
        .map(|i| f(p, &["rows", &i.to_string(), "ecps"]))
        .collect();
    let (m, mx) = (e[0].min(e[1]), e[0].max(e[1]));
    assert!(m > 0.0 && mx > m, "{e:?}");
    let q = (mx / m).powf(1.0 / 3.0);
    let b = [f(p, &["breaks", "0"]), f(p, &["breaks", "1"])];
    assert!((b[0] / (m * q) - 1.0).abs() < 1e-12, "{b:?}");
    assert!((b[1] / (m * q * q) - 1.0).abs() < 1e-12, "{b:?}");
    // Below the first break: the lowest class; above the second: the highest.
    let class = |v: f64| if v == m { "potential" } else { "priority" };
    for i in 0..2 {
        assert_eq!(p["rows"][i]["class"], class(e[i]));
    }
}
