//! The `uncertainty` subcommand: a Monte Carlo run of the project (`engine::uncertainty`) with
//! the draws, seed and year of the command line, printed as text (the summary, the region and
//! county tables with median [5 %, 95 %] in 亿元 / 万元, and the tornado's top parameters by
//! name), JSON (every figure in 元) or CSV (one row per county and the region, 元).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, bail};
use clap::{Args, ValueEnum};

use super::{load, write_out};
use crate::engine::Options;
use crate::engine::uncertainty::{self, McOptions, McResult};
use crate::i18n::{Lang, t, tf};
use crate::registry::Registry;
use crate::view::uncertainty as vu;

// The options of `uncertainty` (documented on the subcommand).
#[derive(Args)]
pub(super) struct McArgs {
    project: PathBuf,
    /// Number of draws (default: the project's setting, else 1,000).
    #[arg(long)]
    draws: Option<u32>,
    /// Seed of the random numbers (default: the project's setting); the same seed gives the
    /// same result on any machine.
    #[arg(long)]
    seed: Option<u64>,
    /// Accounting year (default: the latest period).
    #[arg(long)]
    year: Option<i32>,
    #[arg(long)]
    framework: Option<String>,
    /// Threads (the result does not depend on them; default 2).
    #[arg(long, default_value_t = 2)]
    threads: usize,
    #[arg(long, value_enum, default_value = "text")]
    format: McFormat,
    #[arg(long)]
    out: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum McFormat {
    Text,
    Json,
    Csv,
}

pub(super) fn run(args: McArgs, lang: Lang) -> Result<ExitCode> {
    super::refuse_input(args.out.as_deref(), &[&args.project], lang)?;
    let mut p = load(&args.project)?;
    if let Some(d) = args.draws {
        p.uncertainty.draws = d;
    }
    if let Some(s) = args.seed {
        p.uncertainty.seed = s;
    }
    let Some(year) = args.year.or_else(|| p.latest_year()) else {
        bail!("项目没有核算期 / the project has no accounting period");
    };
    let options = Options {
        year,
        framework: args.framework.clone(),
        price_year: None,
        traces: false,
    };
    let mc = McOptions {
        draws: p.uncertainty.draws,
        seed: p.uncertainty.seed,
        threads: args.threads.max(1),
        compensation: true,
    };
    let res = uncertainty::run(&p, Registry::builtin(), &options, &mc, None)
        .map_err(|e| anyhow::anyhow!(e.message(lang)))?;
    let bytes = match args.format {
        McFormat::Json => serde_json::to_string_pretty(&res)?.into_bytes(),
        McFormat::Csv => csv(&res)?,
        McFormat::Text => text(&res, lang).into_bytes(),
    };
    write_out(args.out.as_deref(), &bytes)?;
    Ok(ExitCode::SUCCESS)
}

/// The text report (see the module doc).
pub fn text(res: &McResult, lang: Lang) -> String {
    let mut s = String::new();
    for line in vu::summary(res, lang) {
        s.push_str(&line);
        s.push('\n');
    }
    s.push('\n');
    let comp = res.compensation_draws > 0;
    let table = |unit, rows: Vec<Vec<String>>| {
        let mut all = vec![vu::headers(lang, unit, comp)];
        all.extend(rows);
        all.iter()
            .map(|r| r.join(" | "))
            .collect::<Vec<_>>()
            .join("\n")
    };
    s.push_str(&table(
        crate::units::MoneyUnit::YiYuan,
        vec![vu::region_row(res, lang)],
    ));
    s.push_str("\n\n");
    s.push_str(&table(
        crate::units::MoneyUnit::WanYuan,
        vu::county_rows(res, lang),
    ));
    s.push_str("\n\n");
    let (bars, _) = vu::tornado(res, lang, 10);
    if !bars.is_empty() {
        s.push_str(t(lang, "mc_tornado_head"));
        s.push('\n');
        for (k, b) in bars.iter().enumerate() {
            let f = |v: f64| crate::format::num(v, 4);
            s.push_str(&tf(
                lang,
                "mc_tornado_line",
                &[
                    ("rank", &(k + 1).to_string()),
                    ("name", &b.label),
                    ("low", &f(b.low.min(b.high))),
                    ("high", &f(b.low.max(b.high))),
                    ("swing", &f((b.high - b.low).abs())),
                ],
            ));
            s.push('\n');
        }
    }
    s
}

/// One row per county, then the region: point, median, 5 %, 95 % of GEP and each category (元).
fn csv(res: &McResult) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut head = vec!["code".to_string(), "name".to_string()];
    for q in ["gep", "material", "regulating", "cultural", "compensation"] {
        for s in ["point", "median", "p5", "p95"] {
            head.push(format!("{q}_{s}"));
        }
    }
    w.write_record(&head)?;
    let cells = |b: &uncertainty::Bands, c: Option<&uncertainty::Interval>| {
        let mut v = Vec::new();
        for iv in [
            Some(&b.gep),
            Some(&b.material),
            Some(&b.regulating),
            Some(&b.cultural),
            c,
        ] {
            match iv {
                Some(iv) => v.extend([iv.point, iv.median, iv.p5, iv.p95].map(|x| x.to_string())),
                None => v.extend(std::iter::repeat_n(String::new(), 4)),
            }
        }
        v
    };
    for c in &res.counties {
        let mut r = vec![c.code.clone(), c.name_zh.clone()];
        r.extend(cells(&c.bands, c.compensation.as_ref()));
        w.write_record(&r)?;
    }
    let mut r = vec![String::new(), "全区域".to_string()];
    r.extend(cells(&res.region, res.region_compensation.as_ref()));
    w.write_record(&r)?;
    Ok(w.into_inner()?)
}
