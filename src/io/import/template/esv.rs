//! The template's sheets of the regional ESV coefficients (Xie et al. 2015): 区域调节系数 (per
//! county and year, the value or coefficient of NPP, precipitation and soil retention) and
//! 全国平均值 (item, value, unit, year, source). The words are `import::esv_adjust`'s.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::super::esv_adjust as ea;
use super::{
    Ctx, EXAMPLE_CODE, EXAMPLE_NAME, EXAMPLE_YEAR, Fill, Target, Val, column, county_years,
    example_note, header, lead, lead_headers, new_sheet, note_header, write_row,
};
use crate::i18n::Lang;

/// Regional ESV coefficients: county, year, then value and coefficient of NPP, precipitation
/// and soil retention (`esv_adjust` owns the words).
pub(super) fn esv_adjust_sheet(cx: &Ctx<'_>) -> Result<Worksheet, XlsxError> {
    let mut headers = lead_headers();
    headers.extend(ea::columns().into_iter().map(|(k, c)| {
        header(
            &ea::header(k, c, Lang::Zh),
            &ea::header(k, c, Lang::En),
            None,
        )
    }));
    headers.push(note_header());
    let mut ws = new_sheet(cx, ea::SHEET, &headers)?;
    let rows: Vec<Vec<Val>> = match cx.fill {
        Fill::Example => {
            let mut vals = lead(EXAMPLE_CODE, EXAMPLE_NAME.0, Some(EXAMPLE_YEAR));
            vals.extend(ea::EXAMPLE.iter().map(|v| Val::opt(*v)));
            vals.push(example_note());
            vec![vals]
        }
        Fill::Project => county_years(cx.project)
            .into_iter()
            .map(|(c, year, cp)| {
                let mut vals = lead(&c.code, &c.name.zh, year);
                vals.extend(ea::cells(cp).into_iter().map(Val::opt));
                vals.push(Val::Empty);
                vals
            })
            .collect(),
    };
    for (i, vals) in rows.iter().enumerate() {
        write_row(cx, &mut ws, i + 1, vals)?;
    }
    Ok(ws)
}

/// National means of the regional coefficients: item, value, unit, year, source (one row per
/// item the project states).
pub(super) fn national_means_sheet(cx: &Ctx<'_>) -> Result<Worksheet, XlsxError> {
    let headers = vec![
        header(ea::item_header(Lang::Zh), ea::item_header(Lang::En), None),
        column(Target::Value, None),
        column(Target::UnitName, None),
        column(Target::Year, None),
        column(Target::Source, None),
        note_header(),
    ];
    let mut ws = new_sheet(cx, ea::MEANS_SHEET, &headers)?;
    let row = |k: crate::registry::AdjustBy, m: &crate::model::NationalMean, note: Val| {
        vec![
            Val::Text(ea::item_text(k).into()),
            Val::Num(m.value),
            Val::Text(m.unit.clone()),
            Val::Num(f64::from(m.year)),
            Val::Text(m.source.clone()),
            note,
        ]
    };
    let rows: Vec<Vec<Val>> = match cx.fill {
        Fill::Example => {
            let m = crate::model::NationalMean {
                value: 650.0,
                unit: "mm".into(),
                year: 2015,
                source: "全国多年平均降水量（出处） / national mean annual precipitation (source)"
                    .into(),
            };
            vec![row(
                crate::registry::AdjustBy::Precipitation,
                &m,
                example_note(),
            )]
        }
        Fill::Project => crate::registry::AdjustBy::ALL
            .into_iter()
            .filter_map(|k| {
                let m = cx.project.esv.national_means.get(k)?;
                Some(row(k, m, Val::Empty))
            })
            .collect(),
    };
    for (i, vals) in rows.iter().enumerate() {
        write_row(cx, &mut ws, i + 1, vals)?;
    }
    Ok(ws)
}
