//! The regional ESV coefficients (Xie et al. 2015) in spreadsheets: the header words the
//! importer recognises for each column (a county's NPP / precipitation / soil-retention value,
//! or the coefficient itself), the template sheet's headers and a county-year's cells; and the
//! national means' sheet (item, value, unit, year, source) with the words of its item column
//! and cells. One vocabulary for reading and writing, as for every other sheet.

use crate::i18n::Lang;
use crate::model::{AdjustEntry, CountyPeriod};
use crate::registry::AdjustBy;

use super::vocab::Target;
use crate::units::words::norm;

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

/// The national means' sheet.
pub(crate) const MEANS_SHEET: &str = "全国平均值 National means";

/// Target key of the item column of the national means' sheet.
pub(crate) const ITEM_KEY: &str = "esv_adjust.item";

/// Header of the item column.
pub(crate) fn item_header(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "调节项目",
        Lang::En => "Adjustment item",
    }
}

/// The item as the template writes it ("NPP", "降水量", "土壤保持量").
pub(crate) fn item_text(kind: AdjustBy) -> &'static str {
    match kind {
        AdjustBy::Npp => "NPP",
        AdjustBy::Precipitation => "降水量",
        AdjustBy::Soil => "土壤保持量",
    }
}

/// An item cell: NPP, precipitation or soil retention, in Chinese or English, or the key.
pub(crate) fn parse_item(text: &str) -> Option<AdjustBy> {
    let n = norm(text);
    let words = |k: AdjustBy| -> &'static [&'static str] {
        match k {
            AdjustBy::Npp => &[
                "npp",
                "净初级生产力",
                "净初级生产力（npp）",
                "net primary productivity",
            ],
            AdjustBy::Precipitation => &["precipitation", "降水量", "降水", "年降水量"],
            AdjustBy::Soil => &["soil", "土壤保持量", "土壤保持", "soil retention"],
        }
    };
    AdjustBy::ALL
        .into_iter()
        .find(|&k| norm(k.key()) == n || words(k).iter().any(|w| norm(w) == n))
}

/// Every header word of every column (the target key included), for the vocabulary.
pub(crate) fn header_words() -> Vec<(Target, Vec<String>)> {
    let item = (
        Target::AdjustItem,
        vec![
            item_header(Lang::Zh).to_string(),
            item_header(Lang::En).to_string(),
            ITEM_KEY.to_string(),
            "区域调节项目".to_string(),
        ],
    );
    std::iter::once(item)
        .chain(columns().into_iter().map(|(kind, coefficient)| {
            let (zh, en) = words(kind, coefficient);
            let mut w: Vec<String> = vec![zh.into(), en.into(), target_key(kind, coefficient)];
            w.extend(more_words(kind, coefficient).iter().map(|s| s.to_string()));
            (Target::EsvAdjust { kind, coefficient }, w)
        }))
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
