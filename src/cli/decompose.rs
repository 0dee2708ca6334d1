//! `gep-calc decompose`: why GEP changed between two years (or two frameworks of one year, or
//! the baseline and a scenario with `--scenario`),
//! each county's and the region's change split into quantity, price, coverage and value-entered
//! effects (`engine::decompose`), as aligned text, JSON or CSV, for every county (default) or
//! one. Parses and prints; the numbers are the engine's, the tables the view's.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Result, bail};
use serde::Serialize;

use crate::engine::decompose::{self, Basis, CountyChange, Decomposition, Effect, Side};
use crate::i18n::{Lang, tf};
use crate::model::Project;
use crate::registry::Registry;
use crate::view::Labels;
use crate::view::decompose as vd;

/// Output of `decompose`.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum DecomposeFormat {
    Text,
    Json,
    Csv,
}

/// What `decompose` was asked.
pub struct DecomposeArgs {
    pub from: i32,
    pub to: i32,
    /// Baseline against this scenario (then `from`, `to` are not used).
    pub scenario: Option<String>,
    pub county: Option<String>,
    pub framework: Option<String>,
    pub to_framework: Option<String>,
    pub constant_prices: bool,
    pub format: DecomposeFormat,
    pub out: Option<PathBuf>,
}

/// JSON of one county.
#[derive(Serialize)]
struct OneCounty<'a> {
    from: &'a Basis,
    to: &'a Basis,
    constant_prices: bool,
    county: &'a CountyChange,
}

pub fn run(p: &Project, a: &DecomposeArgs, lang: Lang) -> Result<ExitCode> {
    let reg = Registry::builtin();
    let framework = a.framework.as_deref();
    let from = Side {
        project: p,
        year: a.from,
        framework,
    };
    let to = Side {
        project: p,
        year: a.to,
        framework: a.to_framework.as_deref().or(framework),
    };
    let d = match &a.scenario {
        Some(name) => decompose::decompose_scenario(reg, p, name, framework, a.constant_prices)
            .ok_or_else(|| {
                let names: Vec<&str> = p.scenarios.iter().map(|s| s.name.as_str()).collect();
                anyhow::anyhow!(
                    "{}",
                    tf(
                        lang,
                        "iv_cli_no_scenario",
                        &[("name", name), ("names", &names.join("、"))]
                    )
                )
            })?,
        None => decompose::decompose(reg, from, to, a.constant_prices),
    }
    .map_err(|e| anyhow::anyhow!("{}", e.message(lang)))?;
    let place = match a.county.as_deref() {
        None => None,
        Some(code) => match d.county(code) {
            Some(c) => Some(c),
            None => {
                let codes: Vec<&str> = d.counties.iter().map(|c| c.code.as_str()).collect();
                bail!(
                    "{}",
                    tf(
                        lang,
                        "dc_cli_no_county",
                        &[("code", code), ("codes", &codes.join(", "))]
                    )
                );
            }
        },
    };
    let l = Labels::new(p, reg, lang);
    let bytes = match a.format {
        DecomposeFormat::Json => match place {
            Some(c) => serde_json::to_string_pretty(&OneCounty {
                from: &d.from,
                to: &d.to,
                constant_prices: d.constant_prices,
                county: c,
            })?,
            None => serde_json::to_string_pretty(&d)?,
        }
        .into_bytes(),
        DecomposeFormat::Text => text(&l, &d, place).into_bytes(),
        DecomposeFormat::Csv => csv_bytes(&l, &d, place)?,
    };
    super::write_out(a.out.as_deref(), &bytes)?;
    Ok(ExitCode::SUCCESS)
}

/// Summary sentence, the counties table (all counties), the indicators table of the county or
/// the region, and the method.
pub fn text(l: &Labels, d: &Decomposition, county: Option<&CountyChange>) -> String {
    let c = county.unwrap_or(&d.region);
    let mut s = format!("{}\n{}\n", l.key("dc_title"), vd::summary_sentence(l, d, c));
    if county.is_none() {
        s.push('\n');
        s.push_str(&super::transitions::aligned(&vd::counties_table(l, d).0));
    }
    s.push('\n');
    s.push_str(&vd::place(l, c));
    s.push('\n');
    s.push_str(&super::transitions::aligned(
        &vd::indicators_table(l, d, c).0,
    ));
    s.push('\n');
    s.push_str(&vd::method_sentence(l, d));
    s.push('\n');
    s
}

/// One row per place and indicator (and a GEP row per place), money in 元: for spreadsheets.
fn csv_bytes(l: &Labels, d: &Decomposition, county: Option<&CountyChange>) -> Result<Vec<u8>> {
    let mut w = crate::io::csv_safe::SafeCsv::flexible(vec![0xEF, 0xBB, 0xBF]);
    let yuan = l.unit(crate::units::Unit::Yuan);
    let mut header: Vec<String> = vec![
        "code".into(),
        l.key("dc_place").into(),
        "indicator".into(),
        l.key("dc_indicator").into(),
        l.key("dc_category").into(),
        l.with_unit(&vd::side_label(l, d, &d.from), yuan),
        l.with_unit(&vd::side_label(l, d, &d.to), yuan),
        l.with_unit(l.key("dc_change"), yuan),
    ];
    header.extend(Effect::ALL.map(|e| l.with_unit(vd::effect_name(l, e), yuan)));
    w.write_record(&header)?;
    let places: Vec<&CountyChange> = match county {
        Some(c) => vec![c],
        None => d.counties.iter().chain([&d.region]).collect(),
    };
    let num = |v: f64| format!("{v}");
    for c in places {
        let place = vd::place(l, c);
        for i in &c.indicators {
            let mut r = vec![
                c.code.clone(),
                place.clone(),
                i.id.to_string(),
                vd::row_name(l, &i.id),
                l.category(i.category),
                num(i.value_from),
                num(i.value_to),
                num(i.change()),
            ];
            r.extend(Effect::ALL.map(|e| num(i.effects.get(e))));
            w.write_record(&r)?;
        }
        let mut r = vec![
            c.code.clone(),
            place,
            "gep".into(),
            l.key("dc_total").into(),
            String::new(),
            num(c.gep_from),
            num(c.gep_to),
            num(c.change()),
        ];
        r.extend(Effect::ALL.map(|e| num(c.effects.get(e))));
        w.write_record(&r)?;
    }
    w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))
}

/// The output file must not be the project.
pub fn check_out(out: Option<&Path>, project: &Path, lang: Lang) -> Result<()> {
    super::refuse_input(out, &[project], lang)
}
