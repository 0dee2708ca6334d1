//! The standard table "GEP by ecosystem type" (生态系统生产总值按生态系统类型), medium-free: one
//! table per split county and one for the region, each row an ecosystem type (its subtypes
//! right under it), the indicators not split by ecosystem in their own row (未分生态系统类型),
//! and the total, by category (物质产品 / 调节服务 / 文化服务) and in all.
//!
//! Rows come from the engine's `by_ecosystem` (`engine::EcosystemTotals`) and the total row
//! from the county's (region's) `Totals`: nothing is summed here. The engine gives a subtype
//! its counted value only, not by category, so a subtype row fills the total column and leaves
//! the category cells empty (`None`). The app's 分生态系统 page, the report's values chapter
//! and the workbook's sheet all lay out these tables, so they can never disagree. Values stay
//! in 元; each medium converts to the unit it states in its header (`headers`).

use crate::engine::{Accounts, EcosystemTotals, Totals};
use crate::i18n::{Lang, t};
use crate::registry::Category;
use crate::units::MoneyUnit;

use super::Labels;

/// What a row stands for (the media style each kind differently).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EcoRowKind {
    /// An ecosystem type of the registry.
    Type,
    /// A project subtype, shown under its type ("其中：…").
    Subtype,
    /// The indicators not split by ecosystem type (未分生态系统类型).
    NotSplit,
    /// The county's (region's) gross: the sum of the rows above.
    Total,
}

/// One row: its name in the display language and its values (元). `None` = the accounts give
/// no such figure (a subtype's categories).
#[derive(Debug, Clone, PartialEq)]
pub struct EcoRow {
    pub kind: EcoRowKind,
    /// The part key (ecosystem type or subtype id); `None` for the not-split and total rows.
    pub key: Option<String>,
    pub name: String,
    pub material: Option<f64>,
    pub regulating: Option<f64>,
    pub cultural: Option<f64>,
    pub total: f64,
}

impl EcoRow {
    /// The value of a category, if the row has one.
    pub fn category(&self, c: Category) -> Option<f64> {
        match c {
            Category::Material => self.material,
            Category::Regulating => self.regulating,
            Category::Cultural => self.cultural,
        }
    }
}

/// The table of one county (`code: Some`) or of the region (`code: None`).
#[derive(Debug, Clone, PartialEq)]
pub struct EcoTable {
    pub code: Option<String>,
    /// The county's name, or "全区域" / "Whole region".
    pub name: String,
    pub rows: Vec<EcoRow>,
}

/// The county's table; `None` when the county is not split (no `by_ecosystem` rows).
pub fn county_table(labels: &Labels, accounts: &Accounts, code: &str) -> Option<EcoTable> {
    let c = accounts.counties.iter().find(|c| c.code == code)?;
    (!c.by_ecosystem.is_empty()).then(|| EcoTable {
        code: Some(c.code.clone()),
        name: labels.county(c),
        rows: rows(labels, &c.by_ecosystem, &c.totals),
    })
}

/// The region's table; `None` when no county is split.
pub fn region_table(labels: &Labels, accounts: &Accounts) -> Option<EcoTable> {
    let r = &accounts.region;
    (!r.by_ecosystem.is_empty()).then(|| EcoTable {
        code: None,
        name: labels.key("ecov_region").to_string(),
        rows: rows(labels, &r.by_ecosystem, &r.totals),
    })
}

/// Every split county's table in the accounts' order, then the region's; empty when no county
/// is split.
pub fn tables(labels: &Labels, accounts: &Accounts) -> Vec<EcoTable> {
    let mut out: Vec<EcoTable> = accounts
        .counties
        .iter()
        .filter_map(|c| county_table(labels, accounts, &c.code))
        .collect();
    out.extend(region_table(labels, accounts));
    out
}

/// Whether any county of the accounts is split by ecosystem type.
pub fn any_split(accounts: &Accounts) -> bool {
    accounts.counties.iter().any(|c| !c.by_ecosystem.is_empty())
}

/// Column heads: ecosystem type, the three categories and the total, the money columns with
/// `unit` ("物质产品（万元）").
pub fn headers(labels: &Labels, unit: MoneyUnit) -> [String; 5] {
    let u = labels.unit(unit.unit());
    let money = |s: String| labels.with_unit(&s, u);
    [
        labels.key("ecov_col_type").to_string(),
        money(labels.category(Category::Material)),
        money(labels.category(Category::Regulating)),
        money(labels.category(Category::Cultural)),
        money(labels.key("ecov_col_total").to_string()),
    ]
}

/// The rows of one table: types in the engine's order with their subtypes right under them,
/// the not-split row, then the total from `totals` (the engine's, which the rows sum to).
fn rows(labels: &Labels, by: &[EcosystemTotals], totals: &Totals) -> Vec<EcoRow> {
    let mut out = Vec::new();
    let full = |kind, key: Option<String>, name: String, e: &EcosystemTotals| EcoRow {
        kind,
        key,
        name,
        material: Some(e.material),
        regulating: Some(e.regulating),
        cultural: Some(e.cultural),
        total: e.total,
    };
    for e in by.iter().filter(|e| e.ecosystem.is_some()) {
        let id = e.ecosystem.as_deref().unwrap_or_default();
        out.push(full(
            EcoRowKind::Type,
            Some(id.to_string()),
            labels.ecosystem_part_name(id),
            e,
        ));
        for s in &e.subtypes {
            let sub = s.ecosystem.as_deref().unwrap_or_default();
            out.push(full(
                EcoRowKind::Subtype,
                Some(sub.to_string()),
                labels.keyf(
                    "ecov_subtype_row",
                    &[("name", &labels.ecosystem_part_name(sub))],
                ),
                s,
            ));
        }
    }
    for e in by.iter().filter(|e| e.ecosystem.is_none()) {
        out.push(full(
            EcoRowKind::NotSplit,
            None,
            labels.key("ecov_not_split").to_string(),
            e,
        ));
    }
    out.push(EcoRow {
        kind: EcoRowKind::Total,
        key: None,
        name: labels.key("ecov_total_row").to_string(),
        material: Some(totals.material),
        regulating: Some(totals.regulating),
        cultural: Some(totals.cultural),
        total: totals.gross,
    });
    out
}

/// Part keys in the accounts' order: the registry's ecosystem types, then the project's
/// subtypes, then any other key (unknown to both, kept so nothing typed is hidden).
pub fn ordered_parts<'k>(
    labels: &Labels,
    keys: impl IntoIterator<Item = &'k String>,
) -> Vec<String> {
    let keys: Vec<&String> = keys.into_iter().collect();
    let rank = |k: &str| {
        labels
            .registry
            .ecosystems
            .iter()
            .position(|e| e.id == k)
            .or_else(|| {
                labels
                    .project
                    .ecosystem_subtypes
                    .iter()
                    .position(|s| s.id == k)
                    .map(|i| 1000 + i)
            })
            .unwrap_or(usize::MAX)
    };
    let mut out: Vec<String> = keys.into_iter().cloned().collect();
    out.sort_by_key(|k| rank(k));
    out
}

/// The registry ecosystem type of a part: the type itself, or a subtype's type.
pub fn part_ecosystem<'l>(labels: &'l Labels, key: &'l str) -> Option<&'l str> {
    if labels.registry.ecosystem(key).is_some() {
        return Some(key);
    }
    labels
        .project
        .ecosystem_subtypes
        .iter()
        .find(|s| s.id == key)
        .map(|s| s.ecosystem.as_str())
}

/// The note under a table: what the not-split row holds and that the total is the county's
/// gross before the imported-products deduction.
pub fn note(lang: Lang) -> &'static str {
    t(lang, "ecov_table_note")
}

#[cfg(test)]
pub(crate) mod fixture;
#[cfg(test)]
mod tests;
