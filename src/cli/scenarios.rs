//! The scenario options of the CLI: `compute --scenario NAME` (the materialised project of a
//! scenario, computed as any project) and `compare PROJECT --scenarios A,B` (baseline vs the
//! scenarios as text tables, JSON or CSV; `view::scenarios` makes the rows). Parses and
//! prints; the comparison itself is `view::scenarios::compare`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, bail};
use clap::{Args, ValueEnum};
use serde::Serialize;

use super::{load, write_out};
use crate::i18n::{Lang, t, tf};
use crate::model::Project;
use crate::registry::Registry;
use crate::view::Labels;
use crate::view::scenarios::{self, Comparison, DiffTable};

/// The project `compute` works on (the baseline, or the materialised scenario `name`) and
/// the year to compute by default (the scenario's).
pub(super) fn pick(p: Project, name: Option<&str>, lang: Lang) -> Result<(Project, Option<i32>)> {
    let Some(n) = name else {
        return Ok((p, None));
    };
    let year = p.scenario(n.trim()).map(|s| s.year);
    match scenarios::materialise(&p, n) {
        Ok(m) => Ok((m, year)),
        Err(e) => bail!("{}", e.message(lang)),
    }
}

// The options of `compare` (documented on the subcommand).
#[derive(Args)]
pub(super) struct CompareArgs {
    project: PathBuf,
    /// Scenario names, comma-separated (default: every scenario); 基准 / baseline is always
    /// compared against.
    #[arg(long, value_delimiter = ',')]
    scenarios: Vec<String>,
    /// Accounting year (default: the project's latest year, as `compute`).
    #[arg(long)]
    year: Option<i32>,
    #[arg(long, value_enum, default_value = "text")]
    format: CompareFormat,
    #[arg(long)]
    out: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum CompareFormat {
    Text,
    Json,
    Csv,
}

/// `compare`: baseline vs each scenario.
pub(super) fn compare(args: CompareArgs, lang: Lang) -> Result<ExitCode> {
    super::refuse_input(args.out.as_deref(), &[&args.project], lang)?;
    let p = load(&args.project)?;
    let reg = Registry::builtin();
    let names: Vec<String> = args
        .scenarios
        .iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    if p.scenarios.is_empty() {
        bail!("{}", t(lang, "sc_cli_no_scenarios"));
    }
    // As `compute`: the latest year unless `--year` (not the first scenario's year).
    let year = args.year.or_else(|| p.latest_year());
    let c = scenarios::compare(&p, reg, &names, year).or_else(|e| bail!("{}", e.message(lang)))?;
    let l = Labels::new(&p, reg, lang);
    let years = years_line(&p, &c, args.year.is_some(), lang);
    // The year and the scenarios' years go to stderr for JSON and CSV (their rows carry them).
    if !matches!(args.format, CompareFormat::Text) {
        eprintln!("{years}");
    }
    let bytes = match args.format {
        CompareFormat::Text => format!("{years}\n\n{}", text(&c, &l)).into_bytes(),
        CompareFormat::Json => {
            (serde_json::to_string_pretty(&json(&p, &c, &l))? + "\n").into_bytes()
        }
        CompareFormat::Csv => csv(&c, &l)?,
    };
    write_out(args.out.as_deref(), &bytes)?;
    Ok(ExitCode::SUCCESS)
}

/// Which year is compared (and why) and each scenario's own year; a scenario of another year
/// changes the compared year only through its prices, framework and compensation settings.
fn years_line(p: &Project, c: &Comparison, asked: bool, lang: Lang) -> String {
    let year = c.year.to_string();
    let mut out = tf(
        lang,
        if asked {
            "pf_compare_year_asked"
        } else {
            "pf_compare_year_latest"
        },
        &[("year", &year)],
    );
    for side in c.sides.iter().skip(1) {
        let Some(sy) = scenario_year(p, &side.name) else {
            continue;
        };
        let key = if sy == c.year {
            "pf_compare_scenario_year"
        } else {
            "pf_compare_scenario_other_year"
        };
        let args = [
            ("name", side.name.as_str()),
            ("scenario_year", &sy.to_string()),
            ("year", &year),
        ];
        out.push('\n');
        out.push_str(&tf(lang, key, &args));
    }
    out
}

fn scenario_year(p: &Project, name: &str) -> Option<i32> {
    p.scenario(name).map(|s| s.year)
}

fn table_text(tab: &DiffTable, first: &str, scenario: &str, lang: Lang) -> String {
    let mut rows = vec![tab.headers(first, scenario, lang)];
    rows.extend((0..tab.rows.len()).map(|i| tab.cells(i)));
    let width = |s: &str| {
        s.chars()
            .map(|c| if (c as u32) < 0x1100 { 1 } else { 2 })
            .sum::<usize>()
    };
    let widths: Vec<usize> = (0..5)
        .map(|k| rows.iter().map(|r| width(&r[k])).max().unwrap_or(0))
        .collect();
    let mut out = format!("{}\n", tab.title);
    for r in &rows {
        let line: Vec<String> = r
            .iter()
            .enumerate()
            .map(|(k, s)| {
                let pad = " ".repeat(widths[k] - width(s));
                if k == 0 {
                    format!("{s}{pad}")
                } else {
                    format!("{pad}{s}")
                }
            })
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    out
}

/// Per scenario: the region over every measure, then GEP per county.
fn text(c: &Comparison, l: &Labels) -> String {
    let lang = l.lang;
    let mut out = String::new();
    for side in 1..c.sides.len() {
        let name = c.sides[side].label(lang);
        out.push_str(&table_text(
            &c.summary(side, l),
            t(lang, "sc_col_measure"),
            &name,
            lang,
        ));
        out.push('\n');
        let gep = c.table(side, &scenarios::Measure::Gep, l);
        out.push_str(&table_text(&gep, t(lang, "sc_col_county"), &name, lang));
        out.push('\n');
    }
    out
}

#[derive(Serialize)]
struct JsonRow {
    code: Option<String>,
    name: String,
    baseline_yuan: Option<f64>,
    scenario_yuan: Option<f64>,
    difference_yuan: Option<f64>,
    difference_pct: Option<f64>,
}

#[derive(Serialize)]
struct JsonMeasure {
    measure: String,
    name: String,
    rows: Vec<JsonRow>,
}

#[derive(Serialize)]
struct JsonScenario {
    name: String,
    /// The year the scenario's land cover and inputs apply to.
    scenario_year: Option<i32>,
    framework: String,
    measures: Vec<JsonMeasure>,
}

#[derive(Serialize)]
struct JsonComparison {
    year: i32,
    baseline_framework: String,
    scenarios: Vec<JsonScenario>,
}

fn json(p: &Project, c: &Comparison, l: &Labels) -> JsonComparison {
    let scenarios = (1..c.sides.len())
        .map(|side| JsonScenario {
            name: c.sides[side].name.clone(),
            scenario_year: scenario_year(p, &c.sides[side].name),
            framework: c.sides[side].framework.clone(),
            measures: c
                .measures()
                .iter()
                .map(|m| JsonMeasure {
                    measure: m.id(),
                    name: m.name(l),
                    rows: c
                        .table(side, m, l)
                        .rows
                        .iter()
                        .map(|r| JsonRow {
                            code: r.code.clone(),
                            name: r.label.clone(),
                            baseline_yuan: r.base,
                            scenario_yuan: r.scenario,
                            difference_yuan: r.diff(),
                            difference_pct: r.pct(),
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    JsonComparison {
        year: c.year,
        baseline_framework: c.sides[0].framework.clone(),
        scenarios,
    }
}

/// One line per scenario, measure and county (the region: empty code), amounts in 元.
fn csv(c: &Comparison, l: &Labels) -> Result<Vec<u8>> {
    let mut w = crate::io::csv_safe::SafeCsv::from_writer(Vec::new());
    w.write_record([
        "scenario",
        "year",
        "measure",
        "measure_name",
        "code",
        "name",
        "baseline_yuan",
        "scenario_yuan",
        "difference_yuan",
        "difference_pct",
    ])?;
    let num = |x: Option<f64>| x.map_or(String::new(), |v| format!("{v}"));
    for side in 1..c.sides.len() {
        for m in c.measures() {
            for r in c.table(side, &m, l).rows {
                w.write_record([
                    c.sides[side].name.clone(),
                    c.year.to_string(),
                    m.id(),
                    m.name(l),
                    r.code.clone().unwrap_or_default(),
                    r.label.clone(),
                    num(r.base),
                    num(r.scenario),
                    num(r.diff()),
                    num(r.pct()),
                ])?;
            }
        }
    }
    Ok(w.into_inner()?)
}
