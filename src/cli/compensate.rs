//! The `compensate` subcommand: its options, the saved scenario with the command line's
//! overrides, and the run printed as JSON (every intermediate figure), CSV (one row per county
//! with its sentence) or text (method, formula, source, parameters, warnings, sentences).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};

use super::{accounts_of, load, write_out};
use crate::engine;
use crate::i18n::{Lang, t};
use crate::model::Project;
use crate::registry::Registry;

// The options of `compensate` (documented on the subcommand).
#[derive(Args)]
pub(super) struct CompensateArgs {
    project: PathBuf,
    /// priority (ECPS classes), spillover, fund allocation, GEP-growth reward, horizontal
    /// (upstream–downstream; upstream, pollutants and distances come from the saved scenario)
    /// or opportunity-cost (income gap + annuities of past investments + other annual costs,
    /// split among beneficiaries by value; incomes, populations, investments, costs and
    /// beneficiaries come from the saved scenario), or standard-range (opportunity cost to
    /// ESV increment or non-market GEP, net benefit and the recommended standard).
    #[arg(long, value_enum)]
    method: Option<CompMethod>,
    #[arg(long)]
    year: Option<i32>,
    #[arg(long)]
    framework: Option<String>,
    /// Non-market value from the GEP accounts or from ESV.
    #[arg(long, value_enum)]
    basis: Option<CompBasis>,
    /// Priority classes by terciles, Jenks natural breaks or geometric interval.
    #[arg(long, value_enum)]
    classing: Option<CompClassing>,
    /// Fair share of the spillover by population, GDP or land area.
    #[arg(long, value_enum)]
    share: Option<CompShare>,
    /// Development-stage coefficient r of the spillover (sets the source of r to fixed).
    #[arg(long)]
    r: Option<f64>,
    /// Source of the spillover's r: fixed (--r) or engel (each county's saved Engel
    /// coefficients and urbanisation, Pearl curve).
    #[arg(long, value_enum)]
    stage: Option<CompStage>,
    /// Interest rate of the investment annuities (opportunity-cost; 0.1 = 10 %).
    #[arg(long)]
    rate: Option<f64>,
    /// Last repayment year of the investment annuities (opportunity-cost; default: the
    /// accounting year).
    #[arg(long)]
    end_year: Option<i32>,
    /// Upper bound of standard-range: the ESV increment since the previous period (at the
    /// accounts' price year) or the non-market GEP.
    #[arg(long, value_enum)]
    upper: Option<CompUpper>,
    /// Recommended standard of standard-range: lower bound (opportunity cost, the default),
    /// midpoint, upper bound, or position (--lambda between them).
    #[arg(long, value_enum)]
    rule: Option<CompRule>,
    /// λ of --rule position: 0 = lower bound, 1 = upper bound.
    #[arg(long)]
    lambda: Option<f64>,
    /// Fund to allocate (元) for `fund`, or the β fund of `growth-reward`.
    #[arg(long)]
    fund: Option<f64>,
    /// Allocation factor and weight, repeatable (replaces the saved factors):
    /// non_market=0.7; also regulating, gep, material, cultural, esv_non_market, esv_total,
    /// land_area, population, gdp, indicator:<id>, user:<column>.
    #[arg(long)]
    factor: Vec<String>,
    /// Reward per 元 of constant-price GEP growth (growth-reward).
    #[arg(long)]
    alpha: Option<f64>,
    /// β share of the fund given by regulating GEP (growth-reward).
    #[arg(long)]
    beta: Option<f64>,
    /// Warn when a county pays more than this share of its GDP (0.01 = 1 %).
    #[arg(long)]
    max_gdp_share: Option<f64>,
    /// json (every intermediate figure), csv (one row per county with its sentence) or text
    /// (method, formula, source, parameters, warnings and one sentence per county).
    #[arg(long, value_enum, default_value = "json")]
    format: CompFormat,
    #[arg(long)]
    out: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum CompFormat {
    Json,
    Csv,
    Text,
}

#[derive(Clone, Copy, ValueEnum)]
enum CompMethod {
    Priority,
    Spillover,
    Fund,
    GrowthReward,
    Horizontal,
    OpportunityCost,
    StandardRange,
}

#[derive(Clone, Copy, ValueEnum)]
enum CompUpper {
    EsvIncrement,
    NonMarket,
}

#[derive(Clone, Copy, ValueEnum)]
enum CompRule {
    Lower,
    Midpoint,
    Upper,
    Position,
}

#[derive(Clone, Copy, ValueEnum)]
enum CompStage {
    Fixed,
    Engel,
}

#[derive(Clone, Copy, ValueEnum)]
enum CompBasis {
    Gep,
    Esv,
}

#[derive(Clone, Copy, ValueEnum)]
enum CompClassing {
    Quantiles,
    Jenks,
    Geometric,
}

#[derive(Clone, Copy, ValueEnum)]
enum CompShare {
    Population,
    Gdp,
    Area,
}

/// One row per county: amount (元, + receives / − pays), rank, ECPS, class and the sentence.
fn compensation_csv(
    o: &engine::compensation::scenario::Outcome,
    reg: &Registry,
    lang: Lang,
) -> Result<Vec<u8>> {
    use engine::compensation::scenario::Detail;
    let zh = lang == Lang::Zh;
    let mut w = crate::io::csv_safe::SafeCsv::from_writer(vec![0xEF, 0xBB, 0xBF]);
    let range = match &o.detail {
        Detail::StandardRange(d) => Some(d),
        _ => None,
    };
    let mut head = vec![
        t(lang, "cli_comp_code").to_string(),
        t(lang, "cli_comp_county").to_string(),
        t(lang, "cli_comp_amount").to_string(),
        t(lang, "cli_comp_rank").to_string(),
        t(lang, "cli_comp_ecps").to_string(),
        t(lang, "cli_comp_zone").to_string(),
    ];
    if range.is_some() {
        for k in ["std_wb_lower", "std_wb_upper", "std_wb_net_benefit"] {
            head.push(format!("{}{}", t(lang, k), t(lang, "std_csv_yuan")));
        }
    }
    head.push(t(lang, "cli_comp_summary").to_string());
    w.write_record(&head)?;
    let yuan = |v: Option<f64>| v.map_or(String::new(), |a| format!("{a:.2}"));
    for (i, r) in o.rows.iter().enumerate() {
        let mut rec = vec![
            r.code.clone(),
            r.name(lang).to_string(),
            yuan(r.amount_yuan),
            r.rank.map_or(String::new(), |k| k.to_string()),
            r.ecps.map_or(String::new(), |e| format!("{e:.6}")),
            r.class.map_or(String::new(), |c| {
                if zh { c.label_zh() } else { c.label_en() }.to_string()
            }),
        ];
        if let Some(d) = range {
            let x = d.rows.get(i).and_then(|x| x.range);
            rec.push(yuan(x.map(|x| x.lower_yuan)));
            rec.push(yuan(d.rows.get(i).map(|x| x.upper_yuan)));
            rec.push(yuan(x.map(|x| x.net_benefit_yuan)));
        }
        rec.push(o.sentence(i, reg, lang));
        w.write_record(&rec)?;
    }
    w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))
}

/// The run in words: method, formula, source and parameters, the sign convention, the
/// warnings, and one sentence per county with its figures and their derivation.
fn compensation_text(
    o: &engine::compensation::scenario::Outcome,
    reg: &Registry,
    lang: Lang,
) -> String {
    use engine::compensation::scenario::Outcome;
    use std::fmt::Write;
    let mut s = String::new();
    let _ = writeln!(s, "{}", Outcome::method_name(o.settings.method, lang));
    let _ = writeln!(
        s,
        "{}{}",
        t(lang, "std_txt_formula"),
        Outcome::formula(o.settings.method, lang)
    );
    let _ = writeln!(s, "{}{}", t(lang, "std_txt_source"), o.run_source(lang));
    for (k, v) in o.parameters(reg, lang) {
        let _ = writeln!(s, "  {k}{}{v}", t(lang, "std_txt_sep"));
    }
    let _ = writeln!(s, "{}", Outcome::sign_convention(lang));
    for w in o.warning_texts(reg, lang) {
        let _ = writeln!(s, "{w}");
    }
    let _ = writeln!(s);
    for i in 0..o.rows.len() {
        let _ = writeln!(s, "{}", o.sentence(i, reg, lang));
    }
    s
}

/// `compensate`: the project's saved scenario with the command line's overrides.
pub(super) fn compensate(args: CompensateArgs, lang: Lang) -> Result<ExitCode> {
    let reg = Registry::builtin();
    super::refuse_input(args.out.as_deref(), &[&args.project], lang)?;
    let p = load(&args.project)?;
    let acc = accounts_of(&p, args.year, args.framework.clone(), None, false)?;
    let set = compensation_settings(&p, &args)?;
    let outcome = engine::compensation::scenario::run(&p, reg, &acc, &set)
        .map_err(|e| anyhow::anyhow!(e.message(lang)))?;
    // The text format carries the warnings itself.
    if !matches!(args.format, CompFormat::Text) {
        for w in outcome.warning_texts(reg, lang) {
            eprintln!("{w}");
        }
    }
    let bytes = match args.format {
        CompFormat::Json => serde_json::to_string_pretty(&outcome)?.into_bytes(),
        CompFormat::Csv => compensation_csv(&outcome, reg, lang)?,
        CompFormat::Text => compensation_text(&outcome, reg, lang).into_bytes(),
    };
    write_out(args.out.as_deref(), &bytes)?;
    Ok(ExitCode::SUCCESS)
}

/// The saved compensation settings with every option given on the command line applied.
fn compensation_settings(
    p: &Project,
    args: &CompensateArgs,
) -> Result<crate::model::compensation::CompensationSettings> {
    use crate::model::compensation as mc;
    let mut set = p.compensation.clone();
    if let Some(m) = args.method {
        set.method = match m {
            CompMethod::Priority => mc::Method::Priority,
            CompMethod::Spillover => mc::Method::Spillover,
            CompMethod::Fund => mc::Method::Fund,
            CompMethod::GrowthReward => mc::Method::GrowthReward,
            CompMethod::Horizontal => mc::Method::Horizontal,
            CompMethod::OpportunityCost => mc::Method::OpportunityCost,
            CompMethod::StandardRange => mc::Method::StandardRange,
        };
    }
    if let Some(b) = args.basis {
        set.basis = match b {
            CompBasis::Gep => mc::ValueBasis::Gep,
            CompBasis::Esv => mc::ValueBasis::Esv,
        };
    }
    if let Some(c) = args.classing {
        set.classing = match c {
            CompClassing::Quantiles => mc::Classing::Quantiles,
            CompClassing::Jenks => mc::Classing::NaturalBreaks,
            CompClassing::Geometric => mc::Classing::GeometricInterval,
        };
    }
    if let Some(s) = args.share {
        set.share = match s {
            CompShare::Population => mc::ShareBasis::Population,
            CompShare::Gdp => mc::ShareBasis::Gdp,
            CompShare::Area => mc::ShareBasis::Area,
        };
    }
    if let Some(r) = args.r {
        set.stage_r = r;
        set.stage = mc::StageSource::Fixed;
    }
    if let Some(st) = args.stage {
        set.stage = match st {
            CompStage::Fixed => mc::StageSource::Fixed,
            CompStage::Engel => mc::StageSource::EngelPearl,
        };
    }
    set.opportunity.rate = args.rate.unwrap_or(set.opportunity.rate);
    set.opportunity.end_year = args.end_year.or(set.opportunity.end_year);
    if let Some(u) = args.upper {
        set.range.upper = match u {
            CompUpper::EsvIncrement => mc::UpperBound::EsvIncrement,
            CompUpper::NonMarket => mc::UpperBound::NonMarket,
        };
    }
    if let Some(r) = args.rule {
        set.range.rule = match r {
            CompRule::Lower => mc::RangeRule::Lower,
            CompRule::Midpoint => mc::RangeRule::Midpoint,
            CompRule::Upper => mc::RangeRule::Upper,
            CompRule::Position => mc::RangeRule::Position,
        };
    }
    if let Some(l) = args.lambda {
        set.range.lambda = l;
        if args.rule.is_none() {
            set.range.rule = mc::RangeRule::Position;
        }
    }
    set.fund_yuan = args.fund.unwrap_or(set.fund_yuan);
    set.alpha = args.alpha.unwrap_or(set.alpha);
    set.max_gdp_share = args.max_gdp_share.unwrap_or(set.max_gdp_share);
    set.beta = args.beta.or(set.beta);
    if !args.factor.is_empty() {
        set.factors.clear();
        for f in &args.factor {
            let (id, w) = f
                .split_once('=')
                .with_context(|| format!("expected ID=WEIGHT, got {f}"))?;
            let weight: f64 = w
                .trim()
                .parse()
                .with_context(|| format!("weight of {id} is not a number: {w}"))?;
            set.factors.push(mc::WeightedFactor {
                id: id.trim().to_string(),
                weight,
            });
        }
    }
    Ok(set)
}
