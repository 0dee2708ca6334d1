//! The opportunity-cost inputs of the compensation scenario in a workbook: four sheets named
//! 机会成本·… (“Opportunity …”), each with a fixed bilingual header row, as the template
//! writes them (`template::opportunity_sheets`):
//!
//! - 收入 Incomes: county code (or 参照 / reference for the reference region's incomes),
//!   urban and rural per-capita disposable income (元) and urban and rural population (persons);
//! - 投资 Investments: county code, investment year, principal (万元);
//! - 其他成本 Other costs: county code, item, amount (万元 a year);
//! - 受益方 Beneficiaries: county code, beneficiary, value received (万元), parties sharing
//!   equally (separated by 、 or commas).
//!
//! A sheet replaces the entries of the counties it names (their incomes, or their whole list
//! of investments, costs or beneficiaries); counties it does not name keep theirs, so a sheet
//! with only the example row changes nothing. Every bad cell is a problem with sheet, row,
//! column, value and reason; rows whose note starts with 示例 are skipped.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::problem::{ColumnRole, ImportProblem, ProblemKind};
use super::read::Sheet;
use super::rows::{county_code, number, year};
use super::{ImportOptions, TableKind, TablePreview};
use crate::model::compensation::{
    BeneficiaryEntry, IncomeEntry, InvestmentEntry, OpportunitySettings, OtherCostEntry,
};
use crate::units::words::norm;

/// The opportunity-cost inputs read; each list replaces the entries of the counties it names.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct OpportunityImport {
    pub reference_urban_income: Option<f64>,
    pub reference_rural_income: Option<f64>,
    /// By county code: replaces the county's incomes.
    pub incomes: BTreeMap<String, IncomeEntry>,
    pub investments: Vec<InvestmentEntry>,
    pub other_costs: Vec<OtherCostEntry>,
    pub beneficiaries: Vec<BeneficiaryEntry>,
    /// Counties named in each list sheet (their lists are replaced, even by nothing).
    pub investment_counties: BTreeSet<String>,
    pub cost_counties: BTreeSet<String>,
    pub beneficiary_counties: BTreeSet<String>,
}

impl OpportunityImport {
    /// Rows read (incomes, reference incomes, investments, costs, beneficiaries).
    pub fn rows(&self) -> usize {
        usize::from(self.reference_urban_income.is_some() || self.reference_rural_income.is_some())
            + self.incomes.len()
            + self.investments.len()
            + self.other_costs.len()
            + self.beneficiaries.len()
    }

    /// Every county code named.
    pub fn counties(&self) -> BTreeSet<&str> {
        self.incomes
            .keys()
            .chain(&self.investment_counties)
            .chain(&self.cost_counties)
            .chain(&self.beneficiary_counties)
            .map(String::as_str)
            .collect()
    }

    /// Writes what was read into the scenario's opportunity-cost inputs.
    pub fn apply_to(&self, o: &mut OpportunitySettings) {
        if let Some(v) = self.reference_urban_income {
            o.reference_urban_income = v;
        }
        if let Some(v) = self.reference_rural_income {
            o.reference_rural_income = v;
        }
        for (code, e) in &self.incomes {
            o.incomes.insert(code.clone(), *e);
        }
        o.investments
            .retain(|x| !self.investment_counties.contains(&x.county));
        o.investments.extend(self.investments.iter().cloned());
        o.other_costs
            .retain(|x| !self.cost_counties.contains(&x.county));
        o.other_costs.extend(self.other_costs.iter().cloned());
        o.beneficiaries
            .retain(|x| !self.beneficiary_counties.contains(&x.county));
        o.beneficiaries.extend(self.beneficiaries.iter().cloned());
    }
}

/// One column of a sheet: Chinese and English words of its header, and whether it is needed.
pub(crate) struct Spec {
    pub zh: &'static str,
    pub en: &'static str,
    pub required: bool,
    /// What a number is multiplied by when the header names no unit: 1e4 for 万元 columns.
    pub scale: f64,
}

const fn spec(zh: &'static str, en: &'static str, required: bool) -> Spec {
    Spec {
        zh,
        en,
        required,
        scale: 1.0,
    }
}

/// A column in 万元 unless its header names another money unit.
const fn wan(zh: &'static str, en: &'static str) -> Spec {
    Spec {
        zh,
        en,
        required: true,
        scale: 1e4,
    }
}

/// The factor to the model's unit (元, persons) of a header's unit: 亿元 / 10⁸, 万元 / 10⁴,
/// 万人, 元 / CNY / 人; `default` when the header names none.
fn header_scale(header: &str, default: f64) -> f64 {
    let h = norm(header);
    let has = |w: &[&str]| w.iter().any(|x| h.contains(x));
    if has(&["亿元", "10⁸", "10^8"]) {
        1e8
    } else if has(&["万元", "万人", "10⁴", "10^4"]) {
        1e4
    } else if has(&["元", "cny", "yuan", "人)", "persons"]) {
        1.0
    } else {
        default
    }
}

const CODE: Spec = spec("县区代码", "County code", true);
const NOTE: Spec = spec("备注", "Note", false);

/// The columns of each sheet, in template order (the note last).
pub(crate) fn columns(kind: TableKind) -> Vec<Spec> {
    let mut v = vec![CODE];
    v.extend(match kind {
        TableKind::OpportunityIncomes => vec![
            spec(
                "城镇居民人均可支配收入",
                "Urban per-capita disposable income",
                false,
            ),
            spec("城镇人口", "Urban population", false),
            spec(
                "农村居民人均可支配收入",
                "Rural per-capita disposable income",
                false,
            ),
            spec("农村人口", "Rural population", false),
        ],
        TableKind::OpportunityInvestments => vec![
            spec("投资年份", "Investment year", true),
            wan("投资额", "Principal"),
        ],
        TableKind::OpportunityCosts => vec![
            spec("成本项目", "Cost item", true),
            wan("年度金额", "Annual amount"),
        ],
        _ => vec![
            spec("受益方", "Beneficiary", true),
            wan("所获价值", "Value received"),
            spec("均摊方", "Parties sharing equally", false),
        ],
    });
    v.push(NOTE);
    v
}

/// The sheet name the template gives each kind.
pub(crate) fn sheet_name(kind: TableKind) -> &'static str {
    match kind {
        TableKind::OpportunityIncomes => "机会成本·收入 Incomes",
        TableKind::OpportunityInvestments => "机会成本·投资 Investments",
        TableKind::OpportunityCosts => "机会成本·其他成本 Other costs",
        _ => "机会成本·受益方 Beneficiaries",
    }
}

/// The opportunity-cost kind of a sheet: chosen in the options, or from its name (机会成本… /
/// Opportunity…, then 收入 / 投资 / 其他成本 / 受益方 or their English words).
pub(crate) fn sheet_kind(name: &str, options: &ImportOptions) -> Option<TableKind> {
    if let Some(k) = options.kinds.get(name).copied() {
        return k.is_opportunity().then_some(k);
    }
    let n = norm(name);
    if !(n.starts_with("机会成本") || n.starts_with("opportunity")) {
        return None;
    }
    let has = |words: &[&str]| words.iter().any(|w| n.contains(&norm(w)));
    if has(&["收入", "income"]) {
        Some(TableKind::OpportunityIncomes)
    } else if has(&["投资", "invest"]) {
        Some(TableKind::OpportunityInvestments)
    } else if has(&["其他成本", "cost"]) {
        Some(TableKind::OpportunityCosts)
    } else if has(&["受益", "benefic"]) {
        Some(TableKind::OpportunityBeneficiaries)
    } else {
        None
    }
}

/// Reads one opportunity-cost sheet into `out`; `known` are the county codes an entry may
/// name.
pub(crate) fn read_sheet(
    sheet: &Sheet,
    kind: TableKind,
    known: &BTreeSet<String>,
    out: &mut OpportunityImport,
    problems: &mut Vec<ImportProblem>,
) -> TablePreview {
    let mut preview = TablePreview {
        sheet: sheet.name.clone(),
        kind: Some(kind),
        kind_chosen: false,
        header_row: None,
        columns: Vec::new(),
        data_rows: 0,
    };
    let problem = |row: Option<usize>, col: Option<usize>, kind: ProblemKind| ImportProblem {
        sheet: sheet.name.clone(),
        row: row.map(|r| sheet.excel_row(r)),
        col: col.map(|c| sheet.excel_col(c)),
        header: col.and_then(|c| sheet.rows.get(header_row(sheet)?)?.get(c).map(|h| h.text())),
        value: row
            .zip(col)
            .map(|(r, c)| sheet.cell(r, c).text())
            .filter(|v| !v.is_empty()),
        kind,
    };
    let Some(hr) = header_row(sheet) else {
        problems.push(problem(None, None, ProblemKind::NoTable));
        return preview;
    };
    preview.header_row = Some(sheet.excel_row(hr));
    let specs = columns(kind);
    let raw: Vec<String> = sheet.rows[hr].iter().map(|c| c.text()).collect();
    let headers: Vec<String> = raw.iter().map(|h| norm(h)).collect();
    let idx: Vec<Option<usize>> = specs
        .iter()
        .map(|s| {
            headers
                .iter()
                .position(|h| h.contains(&norm(s.zh)) || h.contains(&norm(s.en)))
        })
        .collect();
    let mut missing = false;
    for (s, i) in specs.iter().zip(&idx) {
        if s.required && i.is_none() {
            let role = if s.zh == CODE.zh {
                ColumnRole::CountyCode
            } else {
                ColumnRole::Value
            };
            problems.push(ImportProblem {
                header: Some(format!("{} / {}", s.zh, s.en)),
                ..problem(None, None, ProblemKind::MissingColumn { role })
            });
            missing = true;
        }
    }
    if missing {
        return preview;
    }
    let scales: Vec<f64> = specs
        .iter()
        .zip(&idx)
        .map(|(s, i)| i.map_or(s.scale, |i| header_scale(&raw[i], s.scale)))
        .collect();
    let note = idx[specs.len() - 1];
    for r in hr + 1..sheet.rows.len() {
        if sheet.rows[r].iter().all(|c| c.is_blank()) {
            continue;
        }
        preview.data_rows += 1;
        let note_text = note.map(|c| norm(&sheet.cell(r, c).text()));
        if note_text.is_some_and(|n| n.starts_with("示例") || n.starts_with("example")) {
            problems.push(problem(Some(r), None, ProblemKind::ExampleRowSkipped));
            continue;
        }
        let mut row = RowReader {
            sheet,
            r,
            idx: &idx,
            scales: &scales,
            problems: Vec::new(),
            problem: &problem,
        };
        row.read(kind, known, out);
        problems.extend(row.problems);
    }
    preview
}

/// The first row holding anything.
fn header_row(sheet: &Sheet) -> Option<usize> {
    sheet
        .rows
        .iter()
        .position(|r| r.iter().any(|c| !c.is_blank()))
}

type MakeProblem<'a> = dyn Fn(Option<usize>, Option<usize>, ProblemKind) -> ImportProblem + 'a;

/// One data row: its cells by spec position, and the problems found.
struct RowReader<'a> {
    sheet: &'a Sheet,
    r: usize,
    idx: &'a [Option<usize>],
    /// Factor of each column to 元 or persons.
    scales: &'a [f64],
    problems: Vec<ImportProblem>,
    problem: &'a MakeProblem<'a>,
}

impl RowReader<'_> {
    fn report(&mut self, k: usize, kind: ProblemKind) {
        let p = (self.problem)(Some(self.r), self.idx[k], kind);
        self.problems.push(p);
    }

    fn text(&self, k: usize) -> String {
        self.idx[k].map_or_else(String::new, |c| self.sheet.cell(self.r, c).text())
    }

    /// A number ≥ 0, `None` when blank (`required`: blank is a problem too).
    fn amount(&mut self, k: usize, required: bool) -> Result<Option<f64>, ()> {
        let Some(c) = self.idx[k] else {
            return Ok(None);
        };
        match number(self.sheet.cell(self.r, c)) {
            Ok(Some(v)) if v >= 0.0 => Ok(Some(v * self.scales[k])),
            Ok(Some(_)) => {
                self.report(k, ProblemKind::Negative);
                Err(())
            }
            Ok(None) if required => {
                self.report(k, ProblemKind::MissingValue);
                Err(())
            }
            Ok(None) => Ok(None),
            Err(kind) => {
                self.report(k, kind);
                Err(())
            }
        }
    }

    /// The county code (or `None` for the reference row of the incomes sheet).
    fn county(
        &mut self,
        known: &BTreeSet<String>,
        reference_ok: bool,
    ) -> Result<Option<String>, ()> {
        let text = norm(&self.text(0));
        if reference_ok && (text.starts_with("参照") || text.starts_with("reference")) {
            return Ok(None);
        }
        let Some(c) = self.idx[0] else {
            return Err(());
        };
        match county_code(self.sheet.cell(self.r, c)) {
            Ok(Some(code)) if known.contains(&code) => Ok(Some(code)),
            Ok(Some(_)) => {
                self.report(0, ProblemKind::UnknownCounty);
                Err(())
            }
            Ok(None) => {
                self.report(0, ProblemKind::CountyMissing);
                Err(())
            }
            Err(kind) => {
                self.report(0, kind);
                Err(())
            }
        }
    }

    fn read(&mut self, kind: TableKind, known: &BTreeSet<String>, out: &mut OpportunityImport) {
        let incomes = kind == TableKind::OpportunityIncomes;
        let county = self.county(known, incomes);
        match kind {
            TableKind::OpportunityIncomes => {
                let v: Vec<Result<Option<f64>, ()>> =
                    (1..=4).map(|k| self.amount(k, false)).collect();
                let [Ok(ui), Ok(up), Ok(ri), Ok(rp)] = v[..] else {
                    return;
                };
                match county {
                    Ok(Some(code)) => {
                        let e = IncomeEntry {
                            urban_income: ui,
                            urban_population: up,
                            rural_income: ri,
                            rural_population: rp,
                        };
                        out.incomes.insert(code, e);
                    }
                    Ok(None) => {
                        out.reference_urban_income = ui.or(out.reference_urban_income);
                        out.reference_rural_income = ri.or(out.reference_rural_income);
                    }
                    Err(()) => {}
                }
            }
            TableKind::OpportunityInvestments => {
                let y = match self.idx[1].map(|c| year(self.sheet.cell(self.r, c))) {
                    Some(Ok(Some(y))) => Some(y),
                    Some(Ok(None)) => {
                        self.report(1, ProblemKind::MissingValue);
                        None
                    }
                    Some(Err(kind)) => {
                        self.report(1, kind);
                        None
                    }
                    None => None,
                };
                let p = self.amount(2, true);
                if let (Ok(Some(code)), Some(year), Ok(Some(p))) = (county, y, p) {
                    out.investment_counties.insert(code.clone());
                    out.investments.push(InvestmentEntry {
                        county: code,
                        year,
                        principal_yuan: p,
                    });
                }
            }
            TableKind::OpportunityCosts => {
                let name = self.named(1);
                let a = self.amount(2, true);
                if let (Ok(Some(code)), Some(name), Ok(Some(a))) = (county, name, a) {
                    out.cost_counties.insert(code.clone());
                    out.other_costs.push(OtherCostEntry {
                        county: code,
                        name,
                        amount_yuan: a,
                    });
                }
            }
            _ => {
                let name = self.named(1);
                let v = self.amount(2, true);
                let parts = OpportunitySettings::parse_parties(&self.text(3));
                if let (Ok(Some(code)), Some(name), Ok(Some(v))) = (county, name, v) {
                    out.beneficiary_counties.insert(code.clone());
                    out.beneficiaries.push(BeneficiaryEntry {
                        county: code,
                        name,
                        value_yuan: v,
                        parts,
                    });
                }
            }
        }
    }

    /// A required name cell.
    fn named(&mut self, k: usize) -> Option<String> {
        let t = self.text(k).trim().to_string();
        if t.is_empty() {
            self.report(k, ProblemKind::MissingValue);
            None
        } else {
            Some(t)
        }
    }
}
