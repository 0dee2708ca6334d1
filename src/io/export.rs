//! Exports of accounts as JSON and CSV (UTF-8 with BOM so Chinese Excel opens it), and the one
//! dispatch from an output kind (JSON, CSV, XLSX workbook, HTML, PDF or Word report) to bytes or a
//! file, which the CLI and the app both call so they can never write different files.
//!
//! Memo items (备忘项目, never in GEP) are in the JSON as each indicator's `memo` and the memo
//! totals, and in the CSV as rows with status `memo` after the county totals.
//!
//! The JSON document is the `compute` CLI output; its schema is documented in the README. This
//! module writes accounts it is given; it must not compute them.

use serde::Serialize;

use crate::engine::{Accounts, Status};
use crate::i18n::Lang;
use crate::model::Project;
use crate::registry::Registry;

/// The file kinds the accounts are written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputKind {
    Json,
    Csv,
    /// The accounts workbook.
    Xlsx,
    /// The GEP accounting report, one self-contained HTML file.
    Html,
    /// The GEP accounting report as an A4 PDF (cargo feature `pdf`).
    Pdf,
    /// The GEP accounting report as an editable Word document.
    Docx,
}

/// Why an export could not be written; each shows as its cause.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    #[error(transparent)]
    Csv(#[from] csv::Error),
    #[error(transparent)]
    Workbook(#[from] crate::report::workbook::XlsxError),
    #[error(transparent)]
    Report(#[from] crate::report::ReportError),
    #[error(transparent)]
    Write(#[from] std::io::Error),
    /// A text of the project too long for a report or workbook (its memory is bounded).
    #[error("{}", too_long_text(.field, *.chars, *.limit))]
    TooLong {
        field: String,
        chars: usize,
        limit: usize,
    },
}

/// Longest name (county, region, product, source …) a report or workbook lays out.
pub const MAX_NAME_CHARS: usize = 500;
/// Longest free text (the project's notes, an override's note).
pub const MAX_NOTES_CHARS: usize = 100_000;
/// Longest of every other text of the project (sources, scenario and table names …), found by
/// walking the whole project, so a field added later is bounded too.
pub const MAX_TEXT_CHARS: usize = 2_000;

fn too_long_text(field: &str, chars: usize, limit: usize) -> String {
    use crate::i18n::tf;
    let args = [
        ("field", field),
        ("chars", &chars.to_string()),
        ("limit", &limit.to_string()),
    ];
    format!(
        "{} / {}",
        tf(Lang::Zh, "hd_too_long", &args),
        tf(Lang::En, "hd_too_long", &args)
    )
}

/// Refuses a report or workbook of a project with an absurdly long text (a 2,000,000-character
/// county name took the PDF export to 9 GB): names the field, its length and the limit.
pub fn check_lengths(project: &Project) -> Result<(), ExportError> {
    let m = &project.meta;
    let mut texts: Vec<(String, &str, usize)> = vec![
        ("meta.name".into(), m.name.as_str(), MAX_NAME_CHARS),
        ("meta.region".into(), &m.region, MAX_NAME_CHARS),
        ("meta.organisation".into(), &m.organisation, MAX_NAME_CHARS),
        ("meta.notes".into(), &m.notes, MAX_NOTES_CHARS),
    ];
    for c in &project.counties {
        texts.push((format!("{} name", c.code), &c.name.zh, MAX_NAME_CHARS));
        texts.push((format!("{} name (en)", c.code), &c.name.en, MAX_NAME_CHARS));
        if let Some(p) = &c.prefecture {
            texts.push((format!("{} prefecture", c.code), p, MAX_NAME_CHARS));
        }
    }
    for p in &project.periods {
        for (code, cp) in &p.counties {
            for (id, input) in &cp.indicators {
                for line in &input.products {
                    let f = format!("{} {code} {id}", p.year);
                    texts.push((format!("{f} product"), &line.name, MAX_NAME_CHARS));
                    texts.push((format!("{f} source"), &line.source, MAX_NAME_CHARS));
                }
            }
        }
    }
    for (field, text, limit) in texts {
        too_long(text, limit).map_or(Ok(()), |chars| {
            Err(ExportError::TooLong {
                field,
                chars,
                limit,
            })
        })?;
    }
    // Every other text: the project as a tree, each string with its path.
    let tree = serde_json::to_value(project)?;
    match longest_beyond(&tree, &mut String::new()) {
        Some((field, chars, limit)) => Err(ExportError::TooLong {
            field,
            chars,
            limit,
        }),
        None => Ok(()),
    }
}

/// The character count of `text` when it is longer than `limit` (bytes bound chars from
/// above: count only when the bytes could exceed the limit).
fn too_long(text: &str, limit: usize) -> Option<usize> {
    (text.len() > limit)
        .then(|| text.chars().count())
        .filter(|&c| c > limit)
}

/// The first string of `v` beyond its limit, with its path (`periods[0].counties.361001…`).
fn longest_beyond(v: &serde_json::Value, path: &mut String) -> Option<(String, usize, usize)> {
    use serde_json::Value;
    let len = path.len();
    let found = match v {
        Value::String(s) => {
            let notes = path.ends_with("notes") || path.ends_with("note");
            let limit = if notes {
                MAX_NOTES_CHARS
            } else {
                MAX_TEXT_CHARS
            };
            too_long(s, limit).map(|chars| (path.clone(), chars, limit))
        }
        Value::Array(items) => items.iter().enumerate().find_map(|(i, x)| {
            path.truncate(len);
            path.push_str(&format!("[{i}]"));
            longest_beyond(x, path)
        }),
        Value::Object(map) => map.iter().find_map(|(k, x)| {
            path.truncate(len);
            if len > 0 {
                path.push('.');
            }
            path.push_str(k);
            // A key is text too (a map keyed by a name).
            too_long(k, MAX_TEXT_CHARS)
                .map(|chars| (path.clone(), chars, MAX_TEXT_CHARS))
                .or_else(|| longest_beyond(x, path))
        }),
        _ => None,
    };
    path.truncate(len);
    found
}

/// The accounts as the bytes of a `kind` file. `accounts` come from `engine::compute` on
/// `project` with `registry` (traces on for the workbook's and the report's trace pages).
pub fn to_bytes(
    kind: OutputKind,
    project: &Project,
    accounts: &Accounts,
    registry: &Registry,
    lang: Lang,
) -> Result<Vec<u8>, ExportError> {
    // Every laid-out format (a new one too); JSON and CSV copy the text and stay linear.
    if !matches!(kind, OutputKind::Json | OutputKind::Csv) {
        check_lengths(project)?;
    }
    Ok(match kind {
        OutputKind::Json => accounts_json(project, accounts)?.into_bytes(),
        OutputKind::Csv => accounts_csv_of(Some(project), accounts, registry, lang)?,
        OutputKind::Xlsx => {
            crate::report::workbook::write_workbook(project, accounts, registry, lang)?
        }
        OutputKind::Html => {
            crate::report::html::write_report(project, accounts, registry, lang).into_bytes()
        }
        OutputKind::Pdf => crate::report::pdf::write_pdf(project, accounts, registry, lang)?,
        OutputKind::Docx => crate::report::docx::write_docx(project, accounts, registry, lang)?,
    })
}

/// [`to_bytes`] written to `w`; JSON is written as it is made (no copy of the whole
/// document in memory).
pub fn to_writer(
    kind: OutputKind,
    project: &Project,
    accounts: &Accounts,
    registry: &Registry,
    lang: Lang,
    w: &mut dyn std::io::Write,
) -> Result<(), ExportError> {
    match kind {
        OutputKind::Json => {
            // serde_json writes many small pieces: a buffer of a known type takes them
            // without a call through `dyn Write` each.
            use std::io::Write as _;
            let mut buf = std::io::BufWriter::with_capacity(1 << 16, w);
            serde_json::to_writer(&mut buf, &doc(project, accounts))?;
            Ok(buf.flush()?)
        }
        _ => Ok(w.write_all(&to_bytes(kind, project, accounts, registry, lang)?)?),
    }
}

/// [`to_bytes`] written to `path` atomically (a temporary file renamed over it).
pub fn write(
    kind: OutputKind,
    project: &Project,
    accounts: &Accounts,
    registry: &Registry,
    lang: Lang,
    path: &std::path::Path,
) -> Result<(), ExportError> {
    if kind != OutputKind::Json {
        let bytes = to_bytes(kind, project, accounts, registry, lang)?;
        return Ok(crate::io::project_file::write_atomic(path, &bytes)?);
    }
    let mut failed = None;
    let written = crate::io::atomic::write_atomic_with(path, &mut |w| {
        to_writer(kind, project, accounts, registry, lang, w).map_err(|e| {
            let io = std::io::Error::other(e.to_string());
            failed = Some(e);
            io
        })
    });
    match (written, failed) {
        (_, Some(e)) => Err(e),
        (r, None) => Ok(r?),
    }
}

/// Identifier of the JSON layout below; bump when it changes incompatibly.
pub const ACCOUNTS_SCHEMA: &str = "gep-calc/accounts/2";

#[derive(Serialize)]
struct Doc<'a> {
    schema: &'static str,
    project: &'a str,
    region: &'a str,
    illustrative: bool,
    money_unit: &'static str,
    #[serde(flatten)]
    accounts: &'a Accounts,
}

/// The accounts as a JSON document (money in 元, quantities in canonical units).
pub fn accounts_json(project: &Project, accounts: &Accounts) -> Result<String, serde_json::Error> {
    serde_json::to_string(&doc(project, accounts))
}

fn doc<'a>(project: &'a Project, accounts: &'a Accounts) -> Doc<'a> {
    Doc {
        schema: ACCOUNTS_SCHEMA,
        project: &project.meta.name,
        region: &project.meta.region,
        illustrative: project.meta.illustrative,
        money_unit: "yuan",
        accounts,
    }
}

/// The accounts as CSV: one row per county × indicator, then one row per county total, then one
/// row per memo amount (status `memo`, counted `0`, the memo kind in the method column: never in
/// GEP). An indicator with quantities in several units (material products) lists them in the
/// quantity and unit columns separated by "; ", in the same order. An indicator split by
/// ecosystem type is followed by one row per part (status `part`, or `part_incomplete` …
/// when the part is not computed; id `indicator.part`, the
/// part named after the indicator): the breakdown of the row above, not an addend of GEP.
pub fn accounts_csv(
    accounts: &Accounts,
    registry: &Registry,
    lang: Lang,
) -> Result<Vec<u8>, csv::Error> {
    accounts_csv_of(None, accounts, registry, lang)
}

/// The header row of the accounts CSV (one fixed set of columns per language).
fn csv_header(zh: bool) -> [&'static str; 13] {
    if zh {
        [
            "县区代码",
            "县区",
            "指标代码",
            "指标",
            "类别",
            "计入GEP",
            "状态",
            "方法",
            "功能量",
            "功能量单位",
            "价值量(元)",
            "价值量(万元)",
            "价格年份",
        ]
    } else {
        [
            "code",
            "county",
            "indicator_id",
            "indicator",
            "category",
            "counted",
            "status",
            "method",
            "quantity",
            "quantity_unit",
            "value_yuan",
            "value_wan_yuan",
            "price_year",
        ]
    }
}

/// The rows of a split indicator's ecosystem parts, right after the indicator's row.
fn write_parts(
    w: &mut crate::io::csv_safe::SafeCsv<Vec<u8>>,
    (code, cname): (&str, &str),
    a: &crate::engine::IndicatorAccount,
    (name, py): (&str, &str),
    lang: Lang,
    part_name: &dyn Fn(&str) -> String,
    methods: Option<&MethodsOf<'_>>,
) -> Result<(), csv::Error> {
    for part in &a.parts {
        let (q, u) = part.quantity.map_or((String::new(), ""), |q| {
            (format!("{}", q.value), q.unit.symbol(lang))
        });
        let label = crate::i18n::tf(
            lang,
            "eco_csv_part_name",
            &[("name", name), ("part", &part_name(&part.part))],
        );
        w.write_record([
            code,
            cname,
            &format!("{}.{}", a.id, part.part),
            &label,
            a.category.name().get(lang),
            if a.counted { "1" } else { "0" },
            match part.status {
                Status::Computed => "part",
                Status::NotEntered => "part_not_entered",
                Status::Incomplete { .. } => "part_incomplete",
                Status::Failed { .. } => "part_failed",
            },
            match (&part.trace, methods) {
                (Some(t), _) => &t.method,
                (None, Some(m)) => m.part(code, &part.part, &a.id),
                (None, None) => "",
            },
            &q,
            u,
            &format!("{}", part.value),
            &format!("{}", part.value / 1e4),
            py,
        ])?;
    }
    Ok(())
}

/// A county's category and GEP rows (status `total`).
fn write_totals(
    w: &mut crate::io::csv_safe::SafeCsv<Vec<u8>>,
    c: &crate::engine::CountyAccount,
    cname: &str,
    py: &str,
    lang: Lang,
) -> Result<(), csv::Error> {
    for (id, label, v) in [
        (
            "material",
            crate::registry::Category::Material.name(),
            c.totals.material,
        ),
        (
            "regulating",
            crate::registry::Category::Regulating.name(),
            c.totals.regulating,
        ),
        (
            "cultural",
            crate::registry::Category::Cultural.name(),
            c.totals.cultural,
        ),
        (
            "GEP",
            crate::i18n::Text::new("生态产品总值 GEP", "GEP"),
            c.totals.gep,
        ),
    ] {
        w.write_record([
            c.code.as_str(),
            cname,
            id,
            label.get(lang),
            "",
            "1",
            "total",
            "",
            "",
            "",
            &format!("{v}"),
            &format!("{}", v / 1e4),
            py,
        ])?;
    }
    Ok(())
}

/// [`accounts_csv`] with the project at hand, so its ecosystem subtypes are named (without it
/// a subtype part shows its id).
pub fn accounts_csv_of(
    project: Option<&Project>,
    accounts: &Accounts,
    registry: &Registry,
    lang: Lang,
) -> Result<Vec<u8>, csv::Error> {
    let part_name = |key: &str| -> String {
        if let Some(e) = registry.ecosystem(key) {
            return e.name.get(lang).to_string();
        }
        project
            .and_then(|p| p.ecosystem_subtypes.iter().find(|s| s.id == key))
            .map_or_else(|| key.to_string(), |s| s.name.get(lang).to_string())
    };
    let methods = project.map(|p| MethodsOf::new(p, registry, accounts.year));
    let mut w = crate::io::csv_safe::SafeCsv::from_writer(Vec::new());
    let zh = lang == Lang::Zh;
    w.write_record(csv_header(zh))?;
    let py = accounts.price_year.to_string();
    for c in &accounts.counties {
        let cname = if zh { &c.name_zh } else { &c.name_en };
        for a in &c.indicators {
            let spec = registry.indicator(&a.id);
            let name = spec.map_or_else(|| a.id.to_string(), |s| s.name.get(lang).to_string());
            let status = match &a.status {
                Status::Computed => "computed",
                Status::NotEntered => "not_entered",
                Status::Incomplete { .. } => "incomplete",
                Status::Failed { .. } => "failed",
            };
            // Several units (product lines in t and 头 …): one "; "-separated entry per unit.
            let q = a.quantities.iter().map(|q| format!("{}", q.value));
            let q = q.collect::<Vec<_>>().join("; ");
            let u = a.quantities.iter().map(|q| q.unit.symbol(lang));
            let u = u.collect::<Vec<_>>().join("; ");
            w.write_record([
                c.code.as_str(),
                cname,
                &a.id,
                &name,
                a.category.name().get(lang),
                if a.counted { "1" } else { "0" },
                status,
                match (&a.trace, &methods) {
                    (Some(t), _) => &t.method,
                    (None, Some(m)) => m.county(&c.code, a),
                    (None, None) => "",
                },
                &q,
                &u,
                &format!("{}", a.value),
                &format!("{}", a.value / 1e4),
                &py,
            ])?;
            write_parts(
                &mut w,
                (c.code.as_str(), cname),
                a,
                (&name, &py),
                lang,
                &part_name,
                methods.as_ref(),
            )?;
        }
        write_totals(&mut w, c, cname, &py, lang)?;
    }
    // Memo rows (备忘项目): amounts computed but not in GEP, after every county's totals.
    for m in crate::view::memo::rows(accounts) {
        let c = m.county;
        let cname = if zh { &c.name_zh } else { &c.name_en };
        let id = &m.indicator.id;
        let name = registry
            .indicator(id)
            .map_or_else(|| id.to_string(), |s| s.name.get(lang).to_string());
        let v = m.memo.value;
        w.write_record([
            c.code.as_str(),
            cname,
            id,
            &crate::i18n::tf(
                lang,
                "memo_row_name",
                &[("name", &name), ("kind", m.kind_text(lang))],
            ),
            m.indicator.category.name().get(lang),
            "0",
            "memo",
            crate::view::memo::kind_id(m.memo.kind),
            "",
            "",
            &format!("{v}"),
            &format!("{}", v / 1e4),
            &m.memo.price_year.to_string(),
        ])?;
    }
    let mut out = vec![0xEF, 0xBB, 0xBF];
    out.extend(w.into_inner()?);
    Ok(out)
}

/// The method an indicator's trace names, known from the project without a trace (the CSV's
/// method column of accounts computed without traces): the method entered for the county, else
/// the indicator's first; none for an unknown method. A split indicator names its first part's.
struct MethodsOf<'a> {
    period: Option<&'a crate::model::Period>,
    specs: Vec<std::borrow::Cow<'a, crate::registry::IndicatorSpec>>,
}

impl<'a> MethodsOf<'a> {
    fn new(project: &'a Project, registry: &'a Registry, year: i32) -> Self {
        MethodsOf {
            period: project.period(year),
            specs: crate::model::catalogue::indicators(project, registry),
        }
    }

    fn resolve(&self, id: &str, input: Option<&crate::model::IndicatorInput>) -> Option<&str> {
        let spec = self.specs.iter().find(|s| s.id == id)?;
        let input = input?;
        let m = if input.method.is_empty() {
            spec.methods.first()
        } else {
            spec.methods.iter().find(|m| m.id == input.method)
        };
        m.map(|m| m.id.as_str())
    }

    fn data(&self, code: &str) -> Option<&crate::model::CountyPeriod> {
        self.period.and_then(|p| p.counties.get(code))
    }

    /// The county row's method.
    fn county(&self, code: &str, a: &crate::engine::IndicatorAccount) -> &str {
        let found = if a.parts.is_empty() {
            self.resolve(
                &a.id,
                self.data(code).and_then(|cp| cp.indicators.get(&*a.id)),
            )
        } else {
            a.parts
                .iter()
                .find_map(|p| self.resolve_part(code, &p.part, &a.id))
        };
        found.unwrap_or("")
    }

    fn resolve_part(&self, code: &str, part: &str, id: &str) -> Option<&str> {
        let input = self
            .data(code)
            .and_then(|cp| cp.ecosystem_parts.get(part))
            .and_then(|p| p.indicators.get(id));
        self.resolve(id, input)
    }

    /// A part row's method.
    fn part(&self, code: &str, part: &str, id: &str) -> &str {
        self.resolve_part(code, part, id).unwrap_or("")
    }
}
