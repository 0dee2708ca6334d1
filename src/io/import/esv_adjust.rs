//! The regional ESV coefficients (Xie et al. 2015) in spreadsheets: the header words the
//! importer recognises for each column (a county's NPP / precipitation / soil-retention value,
//! or the coefficient itself), the template sheet's headers and a county-year's cells. One
//! vocabulary for reading and writing, as for every other sheet.

use crate::i18n::Lang;
use crate::model::{AdjustEntry, CountyPeriod};
use crate::registry::AdjustBy;

use super::vocab::Target;

/// The template sheet's name.
pub(crate) const SHEET: &str = "区域调节系数 ESV coefficients";

/// (Chinese, English) header of a column: the county value, or the coefficient.
fn words(kind: AdjustBy, coefficient: bool) -> (&'static str, &'static str) {
    match (kind, coefficient) {
        (AdjustBy::Npp, false) => ("NPP 县域值", "County NPP"),
        (AdjustBy::Npp, true) => ("NPP 调节系数 P", "NPP coefficient P"),
        (AdjustBy::Precipitation, false) => ("降水量 县域值", "County precipitation"),
        (AdjustBy::Precipitation, true) => ("降水调节系数 R", "Precipitation coefficient R"),
        (AdjustBy::Soil, false) => ("土壤保持量 县域值", "County soil retention"),
        (AdjustBy::Soil, true) => ("土壤保持调节系数 S", "Soil-conservation coefficient S"),
    }
}

/// Other spellings accepted on import.
fn more_words(kind: AdjustBy, coefficient: bool) -> &'static [&'static str] {
    match (kind, coefficient) {
        (AdjustBy::Npp, false) => &["县域 NPP", "NPP 县域均值", "NPP value"],
        (AdjustBy::Npp, true) => &["NPP 调节系数", "NPP 因子", "NPP coefficient"],
        (AdjustBy::Precipitation, false) => &["县域降水量", "precipitation value"],
        (AdjustBy::Precipitation, true) => {
            &["降水调节系数", "降水因子", "precipitation coefficient"]
        }
        (AdjustBy::Soil, false) => &["县域土壤保持量", "soil retention value"],
        (AdjustBy::Soil, true) => &[
            "土壤保持调节系数",
            "土壤保持因子",
            "soil-conservation coefficient",
            "soil coefficient",
        ],
    }
}

/// The six columns in sheet order: value, coefficient, for NPP, precipitation, soil.
pub(crate) fn columns() -> Vec<(AdjustBy, bool)> {
    AdjustBy::ALL
        .iter()
        .flat_map(|&k| [(k, false), (k, true)])
        .collect()
}

/// `esv_adjust.npp.value` / `esv_adjust.npp.coefficient`.
pub(crate) fn target_key(kind: AdjustBy, coefficient: bool) -> String {
    let what = if coefficient { "coefficient" } else { "value" };
    format!("esv_adjust.{}.{what}", kind.key())
}

/// The column's header in one language.
pub(crate) fn header(kind: AdjustBy, coefficient: bool, lang: Lang) -> String {
    let (zh, en) = words(kind, coefficient);
    match lang {
        Lang::Zh => zh.to_string(),
        Lang::En => en.to_string(),
    }
}

/// Every header word of every column (the target key included), for the vocabulary.
pub(crate) fn header_words() -> Vec<(Target, Vec<String>)> {
    columns()
        .into_iter()
        .map(|(kind, coefficient)| {
            let (zh, en) = words(kind, coefficient);
            let mut w: Vec<String> = vec![zh.into(), en.into(), target_key(kind, coefficient)];
            w.extend(more_words(kind, coefficient).iter().map(|s| s.to_string()));
            (Target::EsvAdjust { kind, coefficient }, w)
        })
        .collect()
}

/// A county-year's six cells (blank where nothing is entered).
pub(crate) fn cells(cp: Option<&CountyPeriod>) -> Vec<Option<f64>> {
    columns()
        .into_iter()
        .map(
            |(kind, coefficient)| match cp.and_then(|cp| cp.esv_adjust.get(kind)) {
                Some(AdjustEntry::Value(v)) if !coefficient => Some(v),
                Some(AdjustEntry::Coefficient(c)) if coefficient => Some(c),
                _ => None,
            },
        )
        .collect()
}

/// The example row's six cells: NPP as a coefficient, precipitation as a county value (mm).
pub(crate) const EXAMPLE: [Option<f64>; 6] = [None, Some(1.2), Some(1750.0), None, None, None];
