//! The template's sheets of the ecosystem split (accounts by ecosystem type): 生态系统亚类
//! (subtype id, name, English name, ecosystem type), 分生态系统地类 (county, year, part, class,
//! area) and 分生态系统指标 (county, year, part, indicator, input, value, unit, method — the
//! long indicator table with a part column). Parts and types are written by their Chinese
//! names, which the importer reads back (ids are read too). Part of `template`.

use rust_xlsxwriter::{Worksheet, XlsxError};

use crate::model::{County, EcosystemPart, IndicatorInput};
use crate::units::Unit;

use super::super::vocab::Target;
use super::{
    Ctx, EXAMPLE_CODE, EXAMPLE_NAME, EXAMPLE_YEAR, Fill, Val, column, example_note, header, lead,
    lead_headers, new_sheet, note_header, write_row,
};

/// The example subtype of the blank template.
const EXAMPLE_SUBTYPE: (&str, &str, &str) = ("conifer", "针叶林", "Coniferous forest");

/// The Chinese name of a part key (registry type or project subtype), else the key.
fn part_name(cx: &Ctx<'_>, key: &str) -> String {
    if let Some(e) = cx.registry.ecosystem(key) {
        return e.name.zh.clone();
    }
    cx.project
        .ecosystem_subtypes
        .iter()
        .find(|s| s.id == key)
        .map_or_else(|| key.to_string(), |s| s.name.zh.clone())
}

fn write_rows(cx: &Ctx<'_>, ws: &mut Worksheet, rows: &[Vec<Val>]) -> Result<(), XlsxError> {
    for (i, vals) in rows.iter().enumerate() {
        write_row(cx, ws, i + 1, vals)?;
    }
    Ok(())
}

pub(super) fn subtypes_sheet(cx: &Ctx<'_>) -> Result<Worksheet, XlsxError> {
    let headers = [
        column(Target::SubtypeId, None),
        header("名称", "Name", None),
        column(Target::CountyNameEn, None),
        column(Target::EcosystemType, None),
        note_header(),
    ];
    let mut ws = new_sheet(cx, "生态系统亚类 Ecosystem subtypes", &headers)?;
    let rows: Vec<Vec<Val>> = match cx.fill {
        Fill::Example => {
            let (id, zh, en) = EXAMPLE_SUBTYPE;
            vec![vec![
                Val::Text(id.into()),
                Val::Text(zh.into()),
                Val::Text(en.into()),
                Val::Text("森林".into()),
                example_note(),
            ]]
        }
        Fill::Project => cx
            .project
            .ecosystem_subtypes
            .iter()
            .map(|s| {
                let eco = cx
                    .registry
                    .ecosystem(&s.ecosystem)
                    .map_or_else(|| s.ecosystem.clone(), |e| e.name.zh.clone());
                vec![
                    Val::Text(s.id.clone()),
                    Val::Text(s.name.zh.clone()),
                    Val::Text(s.name.en.clone()),
                    Val::Text(eco),
                    Val::Empty,
                ]
            })
            .collect(),
    };
    write_rows(cx, &mut ws, &rows)?;
    Ok(ws)
}

/// One part of one county in one year.
type PartRow<'p> = (&'p County, i32, &'p str, &'p EcosystemPart);

/// Every (county, year, part) of the project, in county, year and key order.
fn parts<'p>(cx: &Ctx<'p>) -> Vec<PartRow<'p>> {
    let mut out = Vec::new();
    for (c, year, cp) in super::county_years(cx.project) {
        let (Some(year), Some(cp)) = (year, cp) else {
            continue;
        };
        for (key, part) in &cp.ecosystem_parts {
            out.push((c, year, key.as_str(), part));
        }
    }
    out
}

pub(super) fn part_land_cover_sheet(cx: &Ctx<'_>) -> Result<Worksheet, XlsxError> {
    let mut headers = lead_headers();
    headers.extend([
        column(Target::Part, None),
        column(Target::Class, None),
        column(Target::Value, Some(Unit::Hm2)),
        note_header(),
    ]);
    let mut ws = new_sheet(cx, "分生态系统地类 Part land cover", &headers)?;
    let rows: Vec<Vec<Val>> = match cx.fill {
        Fill::Example => {
            let mut vals = lead(EXAMPLE_CODE, EXAMPLE_NAME.0, Some(EXAMPLE_YEAR));
            let class = cx
                .registry
                .land_class("needleleaf_forest")
                .map_or_else(String::new, |c| c.name.zh.clone());
            vals.extend([
                Val::Text(EXAMPLE_SUBTYPE.1.into()),
                Val::Text(class),
                Val::Num(45_000.0),
                example_note(),
            ]);
            vec![vals]
        }
        Fill::Project => parts(cx)
            .into_iter()
            .flat_map(|(c, year, key, part)| {
                part.land_cover.iter().map(move |(class, area)| {
                    let mut vals = lead(&c.code, &c.name.zh, Some(year));
                    vals.extend([
                        Val::Text(part_name(cx, key)),
                        Val::Text(class.clone()),
                        Val::Num(*area),
                        Val::Empty,
                    ]);
                    vals
                })
            })
            .collect(),
    };
    write_rows(cx, &mut ws, &rows)?;
    Ok(ws)
}

pub(super) fn part_inputs_sheet(cx: &Ctx<'_>) -> Result<Worksheet, XlsxError> {
    let mut headers = lead_headers();
    headers.extend([
        column(Target::Part, None),
        column(Target::Indicator, None),
        column(Target::InputName, None),
        column(Target::Value, None),
        column(Target::UnitName, None),
        column(Target::MethodName, None),
        note_header(),
    ]);
    let mut ws = new_sheet(cx, "分生态系统指标 Part inputs", &headers)?;
    let rows: Vec<Vec<Val>> = match cx.fill {
        Fill::Example => {
            let mut vals = lead(EXAMPLE_CODE, EXAMPLE_NAME.0, Some(EXAMPLE_YEAR));
            vals.extend([
                Val::Text(EXAMPLE_SUBTYPE.1.into()),
                Val::Text("carbon_sequestration".into()),
                Val::Text("npp".into()),
                Val::Num(10_000.0),
                Val::Text(Unit::T.zh().into()),
                Val::Text("npp".into()),
                example_note(),
            ]);
            vec![vals]
        }
        Fill::Project => parts(cx)
            .into_iter()
            .flat_map(|(c, year, key, part)| {
                part.indicators
                    .iter()
                    .flat_map(move |(id, input)| input_rows(cx, (c, year, key), id, input))
            })
            .collect(),
    };
    write_rows(cx, &mut ws, &rows)?;
    Ok(ws)
}

/// The rows of one part's indicator: one per input value (in the declared unit), the method
/// on each; a method without inputs (oxygen from carbon) gets a row with the method alone.
fn input_rows(
    cx: &Ctx<'_>,
    (c, year, key): (&County, i32, &str),
    id: &str,
    input: &IndicatorInput,
) -> Vec<Vec<Val>> {
    let spec = crate::model::catalogue::Catalogue::new(cx.project, cx.registry)
        .indicator(id)
        .cloned();
    let method = spec.as_ref().and_then(|s| {
        if input.method.is_empty() {
            s.default_method().cloned()
        } else {
            s.method(&input.method).cloned()
        }
    });
    let unit_of = |input_id: &str| -> String {
        method
            .as_ref()
            .and_then(|m| m.inputs.iter().find(|i| i.id == input_id))
            .map(|i| i.unit.zh().to_string())
            .unwrap_or_default()
    };
    let method_id = method
        .as_ref()
        .map_or_else(|| input.method.clone(), |m| m.id.clone());
    let row = |input_id: &str, value: Val, unit: String| {
        let mut vals = lead(&c.code, &c.name.zh, Some(year));
        vals.extend([
            Val::Text(part_name(cx, key)),
            Val::Text(id.to_string()),
            Val::Text(input_id.to_string()),
            value,
            Val::Text(unit),
            Val::Text(method_id.clone()),
            Val::Empty,
        ]);
        vals
    };
    if input.values.is_empty() {
        return vec![row("", Val::Empty, String::new())];
    }
    input
        .values
        .iter()
        .map(|(k, v)| row(k, Val::Num(*v), unit_of(k)))
        .collect()
}
