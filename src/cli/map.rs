//! The `map` subcommand: one choropleth of the project's accounts as SVG or PNG
//! (`view::map`), e.g. `gep-calc map p.ron --quantity compensation --out m.svg`. Parses the
//! quantity and classing, runs what the map needs (`view::map::extras`) and writes the file
//! atomically; a bad option or a map that cannot be drawn is a worded error (exit code 2).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, bail};
use clap::{Args, ValueEnum};

use super::{accounts_of, load, write_out};
use crate::i18n::{Lang, t, tf};
use crate::registry::{Category, Registry};
use crate::view::chart::render::Format;
use crate::view::map::{self, MapClassing, MapInputs, MapQuantity, MapRequest};

// The options of `map` (documented on the subcommand).
#[derive(Args)]
pub(super) struct MapArgs {
    project: PathBuf,
    /// gep, gep_per_km2, gep_per_capita, gep_per_gdp, category:<material|regulating|cultural>,
    /// indicator:<id>, esv, growth (real growth against the previous accounting year),
    /// compensation (the saved scenario's amounts) or class (ECPS priority zones).
    #[arg(long, default_value = "gep")]
    quantity: String,
    #[arg(long)]
    year: Option<i32>,
    #[arg(long)]
    framework: Option<String>,
    /// How values are grouped into colour classes.
    #[arg(long, value_enum, default_value = "jenks")]
    classing: ClassingArg,
    /// Number of colour classes (3–7).
    #[arg(long, default_value_t = 5)]
    classes: usize,
    /// Width of a PNG in pixels.
    #[arg(long, default_value_t = 1600)]
    width: u32,
    /// The file to write: .svg or .png.
    #[arg(long)]
    out: PathBuf,
}

#[derive(Clone, Copy, ValueEnum)]
enum ClassingArg {
    Jenks,
    Quantiles,
    Equal,
}

/// `--quantity` as a map quantity.
fn quantity(s: &str, lang: Lang) -> Result<MapQuantity> {
    let s = s.trim();
    let q = match s.to_ascii_lowercase().as_str() {
        "gep" => MapQuantity::Gep,
        "gep_per_km2" => MapQuantity::GepPerKm2,
        "gep_per_capita" => MapQuantity::GepPerCapita,
        "gep_per_gdp" => MapQuantity::GepPerGdp,
        "esv" => MapQuantity::Esv,
        "growth" => MapQuantity::RealGrowth,
        "compensation" => MapQuantity::Compensation,
        "class" => MapQuantity::PriorityClass,
        "ecosystem" => MapQuantity::Ecosystem,
        "category:material" => MapQuantity::Category(Category::Material),
        "category:regulating" => MapQuantity::Category(Category::Regulating),
        "category:cultural" => MapQuantity::Category(Category::Cultural),
        _ => match s.split_once(':') {
            Some((k, id)) if k.eq_ignore_ascii_case("indicator") && !id.trim().is_empty() => {
                MapQuantity::Indicator(id.trim().to_string())
            }
            _ => bail!("{}", tf(lang, "map_cli_bad_quantity", &[("value", s)])),
        },
    };
    Ok(q)
}

/// `map`: the map of one quantity written as SVG or PNG.
pub(super) fn map(args: MapArgs, lang: Lang) -> Result<ExitCode> {
    let reg = Registry::builtin();
    let quantity = quantity(&args.quantity, lang)?;
    if !(3..=7).contains(&args.classes) {
        let n = args.classes.to_string();
        bail!("{}", tf(lang, "map_cli_bad_classes", &[("value", &n)]));
    }
    let ext = args
        .out
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let png = match ext.as_deref() {
        Some("svg") => false,
        Some("png") => true,
        _ => bail!(
            "{}",
            tf(
                lang,
                "map_cli_bad_out",
                &[("file", &args.out.display().to_string())]
            )
        ),
    };
    if png && !(200..=8000).contains(&args.width) {
        let w = args.width.to_string();
        bail!("{}", tf(lang, "map_cli_bad_width", &[("value", &w)]));
    }
    let p = load(&args.project)?;
    let acc = accounts_of(&p, args.year, args.framework.clone(), None, false)?;
    let extras =
        map::extras(&p, reg, &acc, &quantity).map_err(|e| anyhow::anyhow!(e.message(lang)))?;
    let inputs = MapInputs {
        project: &p,
        registry: reg,
        accounts: &acc,
        compensation: extras.compensation.as_ref(),
        growth: extras.growth.as_ref(),
        lang,
    };
    let req = MapRequest {
        quantity,
        year: acc.year,
        classing: match args.classing {
            ClassingArg::Jenks => MapClassing::Jenks,
            ClassingArg::Quantiles => MapClassing::Quantiles,
            ClassingArg::Equal => MapClassing::EqualInterval,
        },
        classes: args.classes,
    };
    let scene = map::scene(&inputs, &req).map_err(|e| anyhow::anyhow!(e.message(lang)))?;
    if !scene.missing.is_empty() {
        let names = scene.missing.join(t(lang, "map_list_sep"));
        eprintln!("{}", tf(lang, "map_note_missing", &[("names", &names)]));
    }
    let format = if png { Format::Png } else { Format::Svg };
    let bytes = map::to_bytes(&scene, format, args.width, lang)?;
    write_out(Some(&args.out), &bytes)?;
    Ok(ExitCode::SUCCESS)
}
