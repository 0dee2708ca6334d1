//! The project settings a filled template carries beside its tables, so that `template
//! --with-data` → `import` gives back the same accounts: the project's description (name,
//! region, framework, base year, pollutant pricing, illustrative), the equivalent-factor ESV
//! settings (standard equivalent, table, crosswalk, adjustments), custom indicators, land
//! classes and factor tables, runoff coefficients, price-index series and the compensation
//! scenario. Everything else travels in the tables.
//!
//! The sheet 项目设置 settings holds one group per row as RON text (the project file's own
//! notation), cut into parts of at most [`CHUNK`] characters (a cell holds 32,767). Reading
//! joins the parts and parses each group; a group that does not parse is an import error
//! naming its row. Applied before the tables, so a table edited in the workbook wins.

use std::collections::BTreeMap;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::problem::{ImportProblem, ProblemKind};
use super::read::{Cell, Sheet};
use super::{TableKind, TablePreview};
use crate::model::{
    CustomIndicator, CustomLandClass, EsvSettings, Project, ProjectMeta,
    compensation::CompensationSettings,
};
use crate::registry::{FactorTable, PriceIndexSeries};

/// The sheet's name.
pub const SHEET: &str = "项目设置 Settings";
/// Header of the first column (how the sheet is recognised under another name).
pub const HEAD: [&str; 3] = ["设置\nSetting", "分段\nPart", "内容（RON）\nContent (RON)"];
/// Characters per cell.
pub const CHUNK: usize = 30_000;

/// The settings read from a workbook; `None` = not in the file (the project's stays).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ProjectSettings {
    pub meta: Option<ProjectMeta>,
    pub esv: Option<EsvSettings>,
    pub compensation: Option<CompensationSettings>,
    pub custom_indicators: Option<Vec<CustomIndicator>>,
    pub custom_land_classes: Option<Vec<CustomLandClass>>,
    pub custom_factor_tables: Option<Vec<FactorTable>>,
    pub runoff_overrides: Option<BTreeMap<String, f64>>,
    pub price_indices: Option<Vec<PriceIndexSeries>>,
}

fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
}

/// The rows of the sheet for `project`: (group, part number, RON text).
pub fn rows(project: &Project) -> Vec<(&'static str, usize, String)> {
    let o = ron_options();
    let groups: [(&'static str, Result<String, ron::Error>); 8] = [
        ("meta", o.to_string(&project.meta)),
        ("esv", o.to_string(&project.esv)),
        ("compensation", o.to_string(&project.compensation)),
        ("custom_indicators", o.to_string(&project.custom_indicators)),
        (
            "custom_land_classes",
            o.to_string(&project.custom_land_classes),
        ),
        (
            "custom_factor_tables",
            o.to_string(&project.custom_factor_tables),
        ),
        ("runoff_overrides", o.to_string(&project.runoff_overrides)),
        ("price_indices", o.to_string(&project.price_indices)),
    ];
    let mut out = Vec::new();
    for (key, text) in groups {
        let Ok(text) = text else { continue };
        let mut rest = text.as_str();
        let mut part = 1;
        while !rest.is_empty() {
            let mut cut = rest.len().min(CHUNK);
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            out.push((key, part, rest[..cut].to_string()));
            rest = &rest[cut..];
            part += 1;
        }
    }
    out
}

/// Whether `sheet` is the settings sheet.
pub(crate) fn detect(sheet: &Sheet) -> bool {
    sheet.name == SHEET || matches!(sheet.cell(0, 0), Cell::Text(t) if t.trim() == HEAD[0])
}

/// Reads the sheet into `out`; unreadable groups become problems.
pub(crate) fn read(
    sheet: &Sheet,
    out: &mut ProjectSettings,
    problems: &mut Vec<ImportProblem>,
) -> TablePreview {
    let mut groups: BTreeMap<String, (u32, Vec<(i64, String)>)> = BTreeMap::new();
    for r in 1..sheet.rows.len() {
        let key = sheet.cell(r, 0).text();
        if key.is_empty() {
            continue;
        }
        let part = match sheet.cell(r, 1) {
            Cell::Number(v) => *v as i64,
            other => other.text().parse().unwrap_or(0),
        };
        let text = match sheet.cell(r, 2) {
            Cell::Text(t) => t.clone(),
            other => other.text(),
        };
        let g = groups
            .entry(key)
            .or_insert_with(|| (sheet.excel_row(r), Vec::new()));
        g.1.push((part, text));
    }
    let rows = groups.len();
    for (key, (row, mut parts)) in groups {
        parts.sort_by_key(|p| p.0);
        let text: String = parts.into_iter().map(|p| p.1).collect();
        if let Err(detail) = set(out, &key, &text) {
            problems.push(ImportProblem {
                sheet: sheet.name.clone(),
                row: Some(row),
                col: Some(sheet.excel_col(2)),
                header: Some(key.clone()),
                value: None,
                kind: ProblemKind::InvalidSetting {
                    detail: format!("{key}: {detail}"),
                },
            });
        }
    }
    TablePreview {
        sheet: sheet.name.clone(),
        kind: Some(TableKind::Settings),
        kind_chosen: false,
        header_row: Some(sheet.excel_row(0)),
        columns: Vec::new(),
        data_rows: rows,
    }
}

fn parse<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    ron_options().from_str(text).map_err(|e| e.to_string())
}

fn set(out: &mut ProjectSettings, key: &str, text: &str) -> Result<(), String> {
    match key {
        "meta" => out.meta = Some(parse(text)?),
        "esv" => out.esv = Some(parse(text)?),
        "compensation" => out.compensation = Some(parse(text)?),
        "custom_indicators" => out.custom_indicators = Some(parse(text)?),
        "custom_land_classes" => out.custom_land_classes = Some(parse(text)?),
        "custom_factor_tables" => out.custom_factor_tables = Some(parse(text)?),
        "runoff_overrides" => out.runoff_overrides = Some(parse(text)?),
        "price_indices" => out.price_indices = Some(parse(text)?),
        other => return Err(format!("`{other}`?")),
    }
    Ok(())
}

/// Replaces the project's settings by those read; returns how many groups were set.
pub fn apply(project: &mut Project, s: &ProjectSettings) -> usize {
    let mut n = 0;
    macro_rules! take {
        ($($field:ident),*) => {$(
            if let Some(v) = &s.$field {
                project.$field = v.clone();
                n += 1;
            }
        )*};
    }
    take!(
        meta,
        esv,
        compensation,
        custom_indicators,
        custom_land_classes,
        custom_factor_tables,
        runoff_overrides,
        price_indices
    );
    n
}
