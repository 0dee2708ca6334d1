//! The template's four 机会成本 sheets of the compensation scenario (incomes and populations,
//! past investments, other annual costs, beneficiaries), headed with the columns
//! `io::import::opportunity` reads: one example row each (资溪县, marked 示例), or the
//! project's entries so they can be edited and imported back.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::super::TableKind;
use super::super::opportunity::{columns, sheet_name};
use super::{Ctx, EXAMPLE_CODE, EXAMPLE_NAME, Fill, Val, header, new_sheet, write_row};
use crate::units::Unit;

const KINDS: [TableKind; 4] = [
    TableKind::OpportunityIncomes,
    TableKind::OpportunityInvestments,
    TableKind::OpportunityCosts,
    TableKind::OpportunityBeneficiaries,
];

/// The unit in the header of each column (after the county code), per kind.
fn units(kind: TableKind) -> Vec<Option<Unit>> {
    match kind {
        TableKind::OpportunityIncomes => vec![
            Some(Unit::Yuan),
            Some(Unit::Person),
            Some(Unit::Yuan),
            Some(Unit::Person),
        ],
        TableKind::OpportunityInvestments => vec![None, Some(Unit::WanYuan)],
        TableKind::OpportunityCosts => vec![None, Some(Unit::WanYuan)],
        _ => vec![None, Some(Unit::WanYuan), None],
    }
}

pub(super) fn sheets(cx: &Ctx<'_>) -> Result<Vec<Worksheet>, XlsxError> {
    KINDS.into_iter().map(|k| sheet(cx, k)).collect()
}

fn sheet(cx: &Ctx<'_>, kind: TableKind) -> Result<Worksheet, XlsxError> {
    let specs = columns(kind);
    let units = units(kind);
    let headers: Vec<String> = specs
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let unit = i
                .checked_sub(1)
                .and_then(|k| units.get(k).copied().flatten());
            header(s.zh, s.en, unit)
        })
        .collect();
    let mut ws = new_sheet(cx, sheet_name(kind), &headers)?;
    let rows = match cx.fill {
        Fill::Example => example(kind),
        Fill::Project => project_rows(cx, kind),
    };
    for (i, vals) in rows.iter().enumerate() {
        write_row(cx, &mut ws, i + 1, vals)?;
    }
    Ok(ws)
}

fn text(s: &str) -> Val {
    Val::Text(s.to_string())
}

/// The example row, its note naming the county (示例 first, so it is skipped on import).
fn example(kind: TableKind) -> Vec<Vec<Val>> {
    let note = text(&format!(
        "示例 example — {}，删除此行 / delete this row",
        EXAMPLE_NAME.0
    ));
    let code = text(EXAMPLE_CODE);
    let row = match kind {
        TableKind::OpportunityIncomes => vec![
            code,
            Val::Num(38_000.0),
            Val::Num(52_000.0),
            Val::Num(17_500.0),
            Val::Num(60_000.0),
            note,
        ],
        TableKind::OpportunityInvestments => vec![code, Val::Num(2015.0), Val::Num(1_200.0), note],
        TableKind::OpportunityCosts => vec![code, text("管护人员工资"), Val::Num(150.0), note],
        _ => vec![
            code,
            text("下游县城供水"),
            Val::Num(8_000.0),
            text("国家、地方政府、农户"),
            note,
        ],
    };
    let mut rows = vec![row];
    if kind == TableKind::OpportunityIncomes {
        rows.insert(
            0,
            vec![
                text("参照 reference"),
                Val::Num(47_000.0),
                Val::Empty,
                Val::Num(21_000.0),
                Val::Empty,
                text("示例 example — 参照地区（如全省）/ reference region (e.g. the province)"),
            ],
        );
    }
    rows
}

/// The project's entries, amounts in the headers' units.
fn project_rows(cx: &Ctx<'_>, kind: TableKind) -> Vec<Vec<Val>> {
    let o = &cx.project.compensation.opportunity;
    let wan = |yuan: f64| Val::Num(yuan / 1e4);
    match kind {
        TableKind::OpportunityIncomes => {
            let mut rows = Vec::new();
            if o.reference_urban_income > 0.0 || o.reference_rural_income > 0.0 {
                rows.push(vec![
                    text("参照 reference"),
                    Val::Num(o.reference_urban_income),
                    Val::Empty,
                    Val::Num(o.reference_rural_income),
                    Val::Empty,
                    Val::Empty,
                ]);
            }
            rows.extend(o.incomes.iter().map(|(code, e)| {
                vec![
                    text(code),
                    Val::opt(e.urban_income),
                    Val::opt(e.urban_population),
                    Val::opt(e.rural_income),
                    Val::opt(e.rural_population),
                    Val::Empty,
                ]
            }));
            rows
        }
        TableKind::OpportunityInvestments => o
            .investments
            .iter()
            .map(|x| {
                vec![
                    text(&x.county),
                    Val::Num(f64::from(x.year)),
                    wan(x.principal_yuan),
                    Val::Empty,
                ]
            })
            .collect(),
        TableKind::OpportunityCosts => o
            .other_costs
            .iter()
            .map(|x| {
                vec![
                    text(&x.county),
                    text(&x.name),
                    wan(x.amount_yuan),
                    Val::Empty,
                ]
            })
            .collect(),
        _ => o
            .beneficiaries
            .iter()
            .map(|x| {
                vec![
                    text(&x.county),
                    text(&x.name),
                    wan(x.value_yuan),
                    text(&x.parts.join("、")),
                    Val::Empty,
                ]
            })
            .collect(),
    }
}
