//! Command-line interface (clap): one function per subcommand (`compute`, `validate`, `growth`,
//! `decompose` (in `cli/decompose.rs`),
//! `report`, `import`, `template`, `compensate`, `map`, `summary`, `registry`, `app`; `compare`
//! and `compute --scenario` are in `cli/scenarios.rs`; `new` and `divisions` are in
//! `cli/setup.rs`, `compensate` in `cli/compensate.rs`, `map` in `cli/map.rs`).
//!
//! Errors go to stderr with a non-zero exit code; user input never causes a panic. Without a
//! subcommand the binary opens the desktop app on the built-in sample project (`app` and that
//! default need the `gui` feature; a build without it says so and exits with code 2). Files are
//! written through `io::export` (the same dispatch the app uses); messages come from the
//! catalogue (`assets/i18n/cli.ron`). This module parses and prints; it must not compute.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand, ValueEnum};

use crate::engine::{self, Options};
use crate::i18n::{Lang, t, tf};
use crate::io::{self, export::OutputKind, import};
use crate::model::Project;
use crate::registry::Registry;
use crate::validate::{self, Severity};

mod boundaries;
mod compensate;
mod decompose;
mod map;
mod scenarios;
mod setup;
mod transitions;
mod uncertainty;

use compensate::CompensateArgs;

/// `println!` to stdout that hands a closed stdout (`… | head -1`) back as an error, which
/// `main` ends quietly with exit code 0, instead of panicking.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*)?
    }};
}
pub(crate) use say;

/// `print!` of [`say`].
macro_rules! say_raw {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        write!(std::io::stdout().lock(), $($arg)*)?
    }};
}

#[derive(Parser)]
#[command(
    name = "gep-calc",
    version,
    about = "生态产品总值（GEP）核算 / Gross Ecosystem Product accounting"
)]
struct Cli {
    /// Language of messages and tables: zh or en (the app remembers its own choice).
    #[arg(long, global = true)]
    lang: Option<String>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Json,
    Csv,
}

#[derive(Subcommand)]
enum Command {
    /// Compute the GEP accounts of a project (default: its latest year and its framework).
    Compute {
        project: PathBuf,
        #[arg(long)]
        year: Option<i32>,
        #[arg(long)]
        framework: Option<String>,
        /// Express all values in the prices of this year (constant prices).
        #[arg(long)]
        price_year: Option<i32>,
        #[arg(long, value_enum, default_value = "json")]
        format: Format,
        #[arg(long)]
        out: Option<PathBuf>,
        /// Build a trace for every number (the default: each indicator of the JSON carries its
        /// trace, and the CSV's method column is the trace's).
        #[arg(long, overrides_with = "no_traces")]
        traces: bool,
        /// Leave the traces out ("trace": null in JSON; the CSV's method column is the same,
        /// read from the project): the same numbers from the fast engine path.
        #[arg(long, overrides_with = "traces")]
        no_traces: bool,
        /// Compute this scenario of the project instead of the baseline (基准 / baseline =
        /// the baseline).
        #[arg(long)]
        scenario: Option<String>,
    },
    /// Compare the baseline with scenarios: GEP, categories, indicators, ESV and compensation
    /// per county and region, differences in value and %.
    Compare(scenarios::CompareArgs),
    /// List every problem of a project; exit code 1 when there are errors.
    Validate {
        project: PathBuf,
        /// Also fail on warnings.
        #[arg(long)]
        strict: bool,
    },
    /// Real (constant-price) GEP growth between two years.
    Growth {
        project: PathBuf,
        #[arg(long)]
        from: i32,
        #[arg(long)]
        to: i32,
        #[arg(long)]
        framework: Option<String>,
    },
    /// Why GEP changed between two years (or two frameworks): each county's and the region's
    /// change split into quantity, price, coverage and value-entered effects, by indicator.
    Decompose {
        project: PathBuf,
        #[arg(long, required_unless_present = "scenario")]
        from: Option<i32>,
        #[arg(long, required_unless_present = "scenario")]
        to: Option<i32>,
        /// Baseline against this scenario, in the scenario's year (instead of --from/--to).
        #[arg(long, conflicts_with_all = ["from", "to", "to_framework"])]
        scenario: Option<String>,
        /// County code (default: every county and the region).
        #[arg(long)]
        county: Option<String>,
        /// Framework of both accounts (default: the project's).
        #[arg(long)]
        framework: Option<String>,
        /// Framework of the later account (default: --framework).
        #[arg(long)]
        to_framework: Option<String>,
        /// Value both accounts at the later year's prices.
        #[arg(long)]
        constant_prices: bool,
        #[arg(long, value_enum, default_value = "text")]
        format: decompose::DecomposeFormat,
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Write the accounts workbook (XLSX: summary with chart, values, quantities, categories,
    /// ESV, parameters, traces, validation) or the GEP accounting report, as one self-contained
    /// HTML file (inline SVG charts), as an A4 PDF with the font embedded (builds with the
    /// `pdf` feature, on by default) or as an editable Word document (DOCX).
    Report {
        project: PathBuf,
        #[arg(long, value_enum, default_value = "xlsx")]
        format: ReportFormat,
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        year: Option<i32>,
        #[arg(long)]
        framework: Option<String>,
        #[arg(long)]
        price_year: Option<i32>,
    },
    /// Import a spreadsheet (XLSX/XLS/ODS, or CSV in UTF-8/GBK) into a project file: every
    /// problem is listed first; nothing changes unless there is none.
    Import {
        file: PathBuf,
        #[arg(long)]
        into: PathBuf,
        /// Only these sheets (repeatable).
        #[arg(long)]
        sheet: Vec<String>,
        /// Table kind of a sheet: SHEET=KIND (counties, land_cover_wide, land_cover_long,
        /// indicators_wide, indicators_long, prices, products, output_values,
        /// ecosystem_subtypes, part_land_cover, part_inputs, esv_adjust, esv_national_means,
        /// opportunity_incomes, opportunity_investments, opportunity_costs,
        /// opportunity_beneficiaries, transitions, settings); `*` for every sheet.
        #[arg(long)]
        kind: Vec<String>,
        /// Accounting year for tables without a year column.
        #[arg(long)]
        year: Option<i32>,
        /// Column mapping for unknown headers: HEADER=TARGET (e.g. 降雨(毫米)=input.water_conservation.precip, or ignore).
        #[arg(long)]
        map: Vec<String>,
        /// Only show what would change.
        #[arg(long)]
        dry_run: bool,
    },
    /// Write the import template (XLSX with the right sheets, zh + en headers, units, an example row).
    Template {
        #[arg(long)]
        out: PathBuf,
        /// Fill the template with a project's data instead of the example rows.
        #[arg(long)]
        with_data: Option<PathBuf>,
    },
    /// Ecological compensation from the accounts (positive = the county receives, negative = it
    /// pays). Runs the project's saved scenario; the options below override it.
    Compensate(CompensateArgs),
    /// Uncertainty by Monte Carlo: median and 5–95 % intervals of GEP, its categories and the
    /// compensation amounts per county and for the region, and the parameters ranked by their
    /// swing of region GEP (tornado). Reproducible: the same seed gives the same result.
    Uncertainty(uncertainty::McArgs),
    /// A county map of one quantity (GEP, per km², compensation, an indicator …) as SVG or
    /// PNG, with legend, scale bar, north arrow and the map's source line.
    Map(map::MapArgs),
    /// Start a project file: name, region, counties (codes; a prefecture or province prefix
    /// such as 3610 picks all its counties from the bundled GB/T 2260 list) and years.
    New {
        project: PathBuf,
        #[arg(long)]
        name: Option<String>,
        /// Accounting region (default: the counties' prefecture or province, e.g. 江西省抚州市).
        #[arg(long)]
        region: Option<String>,
        /// Compiler of the accounts (编制单位).
        #[arg(long)]
        organisation: Option<String>,
        /// County codes or prefixes, comma-separated: 3610, 361028, or CODE=名称 for a code not
        /// in the list.
        #[arg(long, required = true)]
        counties: Vec<String>,
        /// Accounting years: 2021,2022 or 2019-2022 (default: last year).
        #[arg(long)]
        years: Option<String>,
        /// Framework id (gbt46869, ndrc2022, db36t1402, extended).
        #[arg(long)]
        framework: Option<String>,
        /// Overwrite an existing file.
        #[arg(long)]
        force: bool,
    },
    /// List county-level division codes and names of the bundled GB/T 2260 list (all, or those
    /// under a code prefix such as 36 or 3610).
    Divisions { prefix: Option<String> },
    /// Open the desktop app (optionally on a project file).
    App {
        project: Option<PathBuf>,
        /// Page to show first: overview, counties, land_cover, services, ecosystems, prices, results, charts, esv,
        /// compensation, scenarios.
        #[arg(long)]
        page: Option<String>,
    },
    /// Land-use change: the transition matrix, the ESV change by transition and the sensitivity
    /// coefficient CS of each class (±50 %), for the region (default) or one county, for every
    /// pair of years with a matrix (or --from/--to).
    Transitions {
        project: PathBuf,
        /// County code (default: the region).
        #[arg(long)]
        county: Option<String>,
        #[arg(long, requires = "to")]
        from: Option<i32>,
        #[arg(long, requires = "from")]
        to: Option<i32>,
        #[arg(long, value_enum, default_value = "text")]
        format: transitions::TransitionsFormat,
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// County boundaries for maps: import the user's GeoJSON or Shapefile (matched to the
    /// project's counties by a code or name field; bad or unmatched features are listed and the
    /// rest imported only with --accept), --remove them (maps go back to the bundled schematic
    /// outlines), or, with neither, say which outlines the project uses.
    Boundaries {
        project: PathBuf,
        /// A .geojson/.json or .shp file (with its .dbf, .prj and .cpg beside it).
        #[arg(long, conflicts_with = "remove")]
        import: Option<PathBuf>,
        /// The field holding the 6-digit division code (default: detected).
        #[arg(long, requires = "import", conflicts_with = "name_field")]
        code_field: Option<String>,
        /// The field holding the county name (default: detected).
        #[arg(long, requires = "import")]
        name_field: Option<String>,
        /// The source line printed under every map (e.g. its 审图号).
        #[arg(long, requires = "import")]
        source: Option<String>,
        /// Import the matched counties even though some features are invalid or unmatched.
        #[arg(long, requires = "import")]
        accept: bool,
        /// Report only; the project file is not changed.
        #[arg(long)]
        dry_run: bool,
        /// Remove the project's own boundaries.
        #[arg(long)]
        remove: bool,
    },
    /// Print a county GEP table (default: the built-in sample project).
    Summary { project: Option<PathBuf> },
    /// Internal: read a spreadsheet and write its sheets to stdout (the child process of an
    /// import, run with memory and time limits).
    #[command(name = "__read-sheets", hide = true)]
    ReadSheets {
        file: PathBuf,
        #[arg(long)]
        sheet: Vec<String>,
        #[arg(long)]
        max_bytes: u64,
        #[arg(long)]
        max_cells: usize,
    },
    /// List frameworks, indicators and parameters with their sources.
    Registry {
        #[arg(long, value_enum, default_value = "text")]
        format: RegistryFormat,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormat {
    Xlsx,
    Html,
    Pdf,
    Docx,
}

#[derive(Clone, Copy, ValueEnum)]
enum RegistryFormat {
    Text,
    Json,
}

/// Runs the command line; `opener` opens the desktop window for `app` (none: this build has no
/// desktop app).
pub fn main(opener: Option<AppOpener>) -> ExitCode {
    // Untrusted spreadsheets are read by this program in a child process, whatever its name.
    import::sandbox::serve_from_this_program();
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let explicit = cli.lang.as_deref().and_then(Lang::parse);
    let lang = explicit.unwrap_or_default();
    match run(cli.command, lang, explicit, opener) {
        Ok(code) => code,
        Err(e)
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("错误 / error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn load(path: &Path) -> Result<Project> {
    Ok(io::load(path)?)
}

/// The project's accounts for `year` (default: its latest period).
fn accounts_of(
    p: &Project,
    year: Option<i32>,
    framework: Option<String>,
    price_year: Option<i32>,
    traces: bool,
) -> Result<engine::Accounts> {
    let Some(year) = year.or_else(|| p.latest_year()) else {
        bail!("项目没有核算期 / the project has no accounting period");
    };
    let options = Options {
        year,
        framework,
        price_year,
        traces,
    };
    Ok(engine::compute(p, Registry::builtin(), &options)?)
}

/// Refuses an output path that is one of the command's input files (a report written over its
/// own project would destroy it).
fn refuse_input(out: Option<&Path>, inputs: &[&Path], lang: Lang) -> Result<()> {
    if let Some(o) = out
        && inputs.iter().any(|i| io::atomic::same_file(o, i))
    {
        let path = io::full_path(o);
        bail!("{}", tf(lang, "hd_out_is_input", &[("path", &path)]));
    }
    Ok(())
}

/// Writes a derived output atomically (no `.bak`: it can be made again), or to stdout.
fn write_out(out: Option<&Path>, bytes: &[u8]) -> Result<()> {
    match out {
        Some(p) => io::project_file::write_atomic(p, bytes)
            .with_context(|| format!("cannot write {}", p.display())),
        None => {
            use std::io::Write;
            std::io::stdout().write_all(bytes)?;
            Ok(())
        }
    }
}

/// Writes the accounts as `kind` to `out` (atomically; JSON as it is made) or to stdout
/// through a large buffer.
fn write_export(
    out: Option<&Path>,
    kind: OutputKind,
    p: &Project,
    acc: &engine::Accounts,
    lang: Lang,
) -> Result<()> {
    let reg = Registry::builtin();
    match out {
        Some(path) => io::export::write(kind, p, acc, reg, lang, path)
            .with_context(|| format!("cannot write {}", path.display())),
        None => {
            use io::export::ExportError;
            use std::io::Write;
            let mut w = std::io::BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
            // A closed stdout (`| head`) stays an I/O error, which ends the command quietly.
            match io::export::to_writer(kind, p, acc, reg, lang, &mut w) {
                Err(ExportError::Write(e)) => return Err(e.into()),
                Err(ExportError::Json(e)) if e.is_io() => {
                    return Err(std::io::Error::from(e).into());
                }
                r => r?,
            }
            w.flush()?;
            Ok(())
        }
    }
}

/// What `app` (and no subcommand) asks for: the desktop window, optionally on a project file
/// and a page (by its slug).
pub struct AppRequest {
    pub project: Option<PathBuf>,
    pub page: Option<String>,
    pub lang: Option<Lang>,
}

/// Opens the desktop window. The CLI knows no GUI: the binary hands it one (`main.rs`), and a
/// build without the `gui` feature hands it none.
pub type AppOpener = fn(AppRequest) -> std::result::Result<(), String>;

/// `app` (and no subcommand): the desktop window, or an error saying this build has none.
fn open_app(
    opener: Option<AppOpener>,
    project: Option<PathBuf>,
    page: Option<String>,
    lang: Option<Lang>,
) -> Result<ExitCode> {
    let Some(open) = opener else {
        bail!("{}", crate::i18n::t(lang.unwrap_or_default(), "cli_no_gui"))
    };
    open(AppRequest {
        project,
        page,
        lang,
    })
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(ExitCode::SUCCESS)
}

fn run(
    command: Option<Command>,
    lang: Lang,
    explicit_lang: Option<Lang>,
    opener: Option<AppOpener>,
) -> Result<ExitCode> {
    match command {
        None => open_app(opener, None, None, explicit_lang),
        Some(Command::App { project, page }) => open_app(opener, project, page, explicit_lang),
        Some(Command::Summary { project }) => summary(project, lang),
        Some(Command::Boundaries {
            project,
            import,
            code_field,
            name_field,
            source,
            accept,
            dry_run,
            remove,
        }) => {
            let args = boundaries::BoundaryArgs {
                project,
                import,
                code_field,
                name_field,
                source,
                accept,
                dry_run,
                remove,
            };
            boundaries::run(args, lang)
        }
        Some(Command::Transitions {
            project,
            county,
            from,
            to,
            format,
            out,
        }) => {
            let years = from.zip(to);
            refuse_input(out.as_deref(), &[&project], lang)?;
            let p = load(&project)?;
            transitions::run(&p, county.as_deref(), years, format, out.as_deref(), lang)
        }
        Some(Command::Compute {
            project,
            year,
            framework,
            price_year,
            format,
            out,
            traces: _,
            no_traces,
            scenario,
        }) => {
            let acc = (year, framework, price_year);
            let what = (format, !no_traces, scenario.as_deref());
            compute(&project, acc, what, out.as_deref(), lang)
        }
        Some(Command::Compare(args)) => scenarios::compare(args, lang),
        Some(Command::Validate { project, strict }) => validate_cmd(&project, strict, lang),
        Some(Command::Growth {
            project,
            from,
            to,
            framework,
        }) => growth(&project, from, to, framework),
        Some(Command::Decompose {
            project,
            from,
            to,
            scenario,
            county,
            framework,
            to_framework,
            constant_prices,
            format,
            out,
        }) => {
            decompose::check_out(out.as_deref(), &project, lang)?;
            let p = load(&project)?;
            let args = decompose::DecomposeArgs {
                from: from.unwrap_or_default(),
                to: to.unwrap_or_default(),
                scenario,
                county,
                framework,
                to_framework,
                constant_prices,
                format,
                out,
            };
            decompose::run(&p, &args, lang)
        }
        Some(Command::Report {
            project,
            format,
            out,
            year,
            framework,
            price_year,
        }) => report(&project, (year, framework, price_year), format, &out, lang),
        Some(Command::Import {
            file,
            into,
            sheet,
            kind,
            year,
            map,
            dry_run,
        }) => {
            let options = import_options(sheet, &kind, year, &map)?;
            import(&file, &into, &options, dry_run, lang)
        }
        Some(Command::Template { out, with_data }) => {
            refuse_input(
                Some(&out),
                &with_data.iter().map(|p| p.as_path()).collect::<Vec<_>>(),
                lang,
            )?;
            template(&out, with_data.as_deref())
        }
        Some(Command::Compensate(args)) => compensate::compensate(args, lang),
        Some(Command::Uncertainty(args)) => uncertainty::run(args, lang),
        Some(Command::Map(args)) => map::map(args, lang),
        Some(Command::New {
            project,
            name,
            region,
            organisation,
            counties,
            years,
            framework,
            force,
        }) => {
            let args = setup::NewArgs {
                name: name.as_deref(),
                region: region.as_deref(),
                organisation: organisation.as_deref(),
                counties: &counties,
                years: years.as_deref(),
                framework: framework.as_deref(),
                force,
            };
            setup::new_project(&project, args, lang)
        }
        Some(Command::ReadSheets {
            file,
            sheet,
            max_bytes,
            max_cells,
        }) => {
            let limits = import::Limits {
                max_bytes,
                max_cells,
            };
            Ok(import::sandbox::serve(&file, &sheet, limits))
        }
        Some(Command::Divisions { prefix }) => setup::list_divisions(prefix.as_deref(), lang),
        Some(Command::Registry { format }) => {
            let reg = Registry::builtin();
            match format {
                RegistryFormat::Json => say!("{}", serde_json::to_string_pretty(reg)?),
                RegistryFormat::Text => say_raw!("{}", registry_text(reg, lang)),
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Year, framework and price year of the accounts a subcommand works on.
type AccountsOf = (Option<i32>, Option<String>, Option<i32>);

/// `summary`: the county GEP table of a project (default: the built-in sample).
fn summary(project: Option<PathBuf>, lang: Lang) -> Result<ExitCode> {
    let p = match project {
        Some(path) => load(&path)?,
        None => crate::sample::builtin()?,
    };
    let acc = accounts_of(&p, None, None, None, false)?;
    say_raw!("{}", summary_table(&p, &acc, lang));
    Ok(ExitCode::SUCCESS)
}

/// `compute`: the accounts as JSON or CSV; the engine's notes go to stderr.
fn compute(
    project: &Path,
    (year, framework, price_year): AccountsOf,
    (format, traces, scenario): (Format, bool, Option<&str>),
    out: Option<&Path>,
    lang: Lang,
) -> Result<ExitCode> {
    refuse_input(out, &[project], lang)?;
    let (p, scenario_year) = scenarios::pick(load(project)?, scenario, lang)?;
    let acc = accounts_of(&p, year.or(scenario_year), framework, price_year, traces)?;
    let kind = match format {
        Format::Json => OutputKind::Json,
        Format::Csv => OutputKind::Csv,
    };
    write_export(out, kind, &p, &acc, lang)?;
    for pr in &acc.problems {
        let msg = if lang == Lang::Zh {
            &pr.message_zh
        } else {
            &pr.message_en
        };
        eprintln!(
            "{} {} {}: {msg}",
            t(lang, "cli_note"),
            pr.county.as_deref().unwrap_or("-"),
            pr.indicator.as_deref().unwrap_or("-")
        );
    }
    // The process ends here: the system takes the memory back at once, where freeing a large
    // project and its accounts piece by piece takes tens of milliseconds.
    std::mem::forget(acc);
    std::mem::forget(p);
    Ok(ExitCode::SUCCESS)
}

/// `validate`: every problem, then the count; exit code 1 on errors (or warnings, `strict`).
fn validate_cmd(project: &Path, strict: bool, lang: Lang) -> Result<ExitCode> {
    let p = load(project)?;
    let issues = validate::validate(&p, Registry::builtin());
    let errors = issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .count();
    let warnings = issues.len() - errors;
    let names = validate::Names::new(&p, Registry::builtin(), lang);
    for i in &issues {
        let sev = match i.severity {
            Severity::Error => t(lang, "cli_error"),
            Severity::Warning => t(lang, "cli_warning"),
        };
        say!("{sev}: {}", i.message_named(&names));
    }
    let (errors_s, warnings_s) = (errors.to_string(), warnings.to_string());
    say!(
        "{}",
        tf(
            lang,
            "cli_validate_summary",
            &[("errors", &errors_s), ("warnings", &warnings_s)]
        )
    );
    Ok(if errors > 0 || (strict && warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `growth`: real GEP growth between two years, as JSON.
fn growth(project: &Path, from: i32, to: i32, framework: Option<String>) -> Result<ExitCode> {
    let p = load(project)?;
    let g = engine::growth::growth(&p, Registry::builtin(), from, to, framework, None)?;
    say!("{}", serde_json::to_string_pretty(&g)?);
    Ok(ExitCode::SUCCESS)
}

/// `report`: the accounts workbook, or the report as HTML or PDF.
fn report(
    project: &Path,
    (year, framework, price_year): AccountsOf,
    format: ReportFormat,
    out: &Path,
    lang: Lang,
) -> Result<ExitCode> {
    refuse_input(Some(out), &[project], lang)?;
    let p = load(project)?;
    let acc = accounts_of(&p, year, framework, price_year, true)?;
    let kind = match format {
        ReportFormat::Xlsx => OutputKind::Xlsx,
        ReportFormat::Html => OutputKind::Html,
        ReportFormat::Pdf => OutputKind::Pdf,
        ReportFormat::Docx => OutputKind::Docx,
    };
    let bytes = io::export::to_bytes(kind, &p, &acc, Registry::builtin(), lang)?;
    write_out(Some(out), &bytes)?;
    Ok(ExitCode::SUCCESS)
}

/// The import options of the command line: sheets, `SHEET=KIND`, year, `HEADER=TARGET`.
fn import_options(
    sheets: Vec<String>,
    kinds: &[String],
    year: Option<i32>,
    map: &[String],
) -> Result<import::ImportOptions> {
    let pair = |s: &str| -> Result<(String, String)> {
        s.split_once('=')
            .map(|(a, b)| (a.trim().to_string(), b.trim().to_string()))
            .with_context(|| format!("expected NAME=VALUE, got {s}"))
    };
    let mut options = import::ImportOptions {
        sheets,
        year,
        ..Default::default()
    };
    for k in kinds {
        let (s, v) = pair(k)?;
        let tk = import::TableKind::parse(&v).with_context(|| format!("unknown table kind {v}"))?;
        options.kinds.insert(s, tk);
    }
    for m in map {
        let (h, t) = pair(m)?;
        options.mapping.insert(h, t);
    }
    Ok(options)
}

/// `import`: every problem first; the project file changes only when there is none.
fn import(
    file: &Path,
    into: &Path,
    options: &import::ImportOptions,
    dry_run: bool,
    lang: Lang,
) -> Result<ExitCode> {
    let reg = Registry::builtin();
    refuse_input(Some(into), &[file], lang)?;
    // Held from the load to the save: a second import into the same project waits, then
    // applies its change on top of this one's (neither is lost).
    let lock = match dry_run {
        true => None,
        false => Some(io::ProjectLock::acquire(into)?),
    };
    // A project file that does not exist yet is started empty (the import fills it).
    let created = !into.exists();
    let mut project = if created {
        let name = into.file_stem().map_or_else(
            || "新项目".to_string(),
            |s| s.to_string_lossy().into_owned(),
        );
        Project::empty(&name)
    } else {
        match &lock {
            Some(l) => l.load()?,
            None => load(into)?,
        }
    };
    if created {
        let path = into.display().to_string();
        eprintln!("{}", tf(lang, "cli_import_new_project", &[("path", &path)]));
    }
    let preview = import::preview(&project, reg, import::ImportInput::Path(file), options)?;
    for p in &preview.problems {
        say!("{}", p.message(lang));
    }
    if preview.has_errors() {
        let n = preview.errors().count().to_string();
        say!("{}", tf(lang, "cli_import_refused", &[("n", &n)]));
        return Ok(ExitCode::from(1));
    }
    if dry_run {
        say!("{}", serde_json::to_string_pretty(&preview.changes)?);
        return Ok(ExitCode::SUCCESS);
    }
    let summary = import::apply(&mut project, &preview)?;
    match &lock {
        Some(l) => l.save(&project)?,
        None => io::save(&project, into)?,
    }
    say!("{}", summary.message(lang));
    Ok(ExitCode::SUCCESS)
}

/// `template`: the import template, blank or filled with a project's data.
fn template(out: &Path, with_data: Option<&Path>) -> Result<ExitCode> {
    let reg = Registry::builtin();
    let bytes = match with_data {
        Some(p) => import::template::project_data_bytes(&load(p)?, reg)?,
        None => import::template::template_bytes(reg)?,
    };
    write_out(Some(out), &bytes)?;
    Ok(ExitCode::SUCCESS)
}

/// A plain-text table of county GEP (亿元) for the terminal.
pub fn summary_table(p: &Project, acc: &engine::Accounts, lang: Lang) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} — {} {}（{}：{}，{} {} {}）",
        p.meta.name,
        acc.year,
        t(lang, "cli_year_suffix"),
        t(lang, "cli_framework"),
        acc.framework,
        t(lang, "cli_prices_of"),
        acc.price_year,
        if p.meta.illustrative {
            t(lang, "cli_illustrative")
        } else {
            ""
        }
    );
    let _ = writeln!(
        s,
        "{:<8} {:<10} {:>12} {:>12} {:>12} {:>12} {:>9}",
        t(lang, "cli_col_code"),
        t(lang, "cli_col_county"),
        t(lang, "cli_col_material"),
        t(lang, "cli_col_regulating"),
        t(lang, "cli_col_cultural"),
        "GEP",
        "GEP/GDP"
    );
    let yi = |v: f64| format!("{:.2}", v / 1e8);
    for c in &acc.counties {
        let _ = writeln!(
            s,
            "{:<8} {:<10} {:>12} {:>12} {:>12} {:>12} {:>9}",
            c.code,
            if lang == Lang::Zh {
                &c.name_zh
            } else {
                &c.name_en
            },
            yi(c.totals.material),
            yi(c.totals.regulating),
            yi(c.totals.cultural),
            yi(c.totals.gep),
            c.ratios
                .gep_per_gdp
                .map_or("-".into(), |r| format!("{r:.2}"))
        );
    }
    let tot = &acc.region.totals;
    let _ = writeln!(
        s,
        "{:<19} {:>12} {:>12} {:>12} {:>12} {:>9}",
        t(lang, "cli_total_yi"),
        yi(tot.material),
        yi(tot.regulating),
        yi(tot.cultural),
        yi(tot.gep),
        acc.region
            .ratios
            .gep_per_gdp
            .map_or("-".into(), |r| format!("{r:.2}"))
    );
    // The Chinese title row already says 亿元.
    if lang == Lang::En {
        let _ = writeln!(s, "Values in 10⁸ CNY.");
    }
    s
}

/// The registry as text: frameworks, indicators with methods, parameters with sources.
pub fn registry_text(reg: &Registry, lang: Lang) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let _ = writeln!(s, "# {}", t(lang, "cli_frameworks"));
    for f in &reg.frameworks {
        let _ = writeln!(
            s,
            "{:<11} {} [{}] — {}",
            f.id,
            f.name.get(lang),
            f.tag.label(),
            f.source.get(lang)
        );
    }
    let _ = writeln!(s, "\n# {}", t(lang, "cli_indicators"));
    for i in &reg.indicators {
        let methods: Vec<&str> = i.methods.iter().map(|m| m.id.as_str()).collect();
        let _ = writeln!(
            s,
            "{:<22} {} · {} · {} · {} [{}] · {}",
            i.id,
            i.name.get(lang),
            i.category.name().get(lang),
            i.quantity.unit.symbol(lang),
            i.valuation.name().get(lang),
            methods.join(", "),
            i.clause.get(lang)
        );
        let _ = writeln!(
            s,
            "{:<22} {}: {}",
            "",
            t(lang, "cli_counted_in"),
            i.frameworks.join(", ")
        );
    }
    let _ = writeln!(s, "\n# {}", t(lang, "cli_params"));
    for p in &reg.params {
        let value = p
            .value
            .map_or_else(|| t(lang, "cli_no_default").to_string(), |v| format!("{v}"));
        let year = p.price_year.map_or(String::new(), |y| format!(" @{y}"));
        let _ = writeln!(
            s,
            "{:<26} {} = {} {}{} [{}] — {}",
            p.id,
            p.name.get(lang),
            value,
            p.unit.symbol(lang),
            year,
            p.tag.label(),
            p.source.get(lang)
        );
        if let Some(law) = p.basis.law() {
            let _ = writeln!(
                s,
                "{:<26} {}{}{}",
                "",
                crate::view::trace::statutory_words(lang, p.price_year),
                t(lang, "lbl_price_sep"),
                tf(lang, "lbl_price_law", &[("law", law.get(lang))])
            );
        }
    }
    s
}
