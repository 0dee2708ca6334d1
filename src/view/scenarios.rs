//! Baseline vs scenarios, medium-free: the comparison every output shows (the app's 情景对比
//! page, the workbook sheet, the report chapter and the CLI `compare`).
//!
//! [`compare`] computes the accounts of the baseline and of each scenario's materialised
//! project (`Scenario::apply`) for one year, with the engine as it is, each under its own
//! framework and compensation settings; nothing here computes an accounting number. From
//! them come the rows (`DiffTable`: per county and the region, baseline, scenario, difference
//! and % for one [`Measure`]), the region summary over all measures, the bar chart of the
//! differences and the map column of the differences (`view::map::MapQuantity::Difference`).
//! Money stays in 元 in the rows; the unit of a table (亿元 or 万元) is chosen once per table
//! from its largest figure.

use crate::engine::compensation::scenario as comp;
use crate::engine::{self, Accounts, ComputeError, Options, Status};
use crate::format;
use crate::i18n::{Lang, t, tf};
use crate::model::Project;
use crate::model::scenario::is_baseline_name;
use crate::registry::{Category, Registry};
use crate::units::MoneyUnit;
use crate::view::Labels;
use crate::view::chart::{
    Bars, Chart, PAY_COLOR, Panel, PanelKind, RECEIVE_COLOR, Series, decimals_for,
};
use crate::view::map::ValueColumn;

/// One side of a comparison: the baseline or one scenario, computed.
#[derive(Debug, Clone)]
pub struct Side {
    /// The scenario's name; empty for the baseline.
    pub name: String,
    pub framework: String,
    pub accounts: Accounts,
    /// Compensation amount by county (元, + receives, − pays), in account order; `Err` = the
    /// compensation settings could not be run (the reason, zh and en).
    pub compensation: Result<Vec<Option<f64>>, (String, String)>,
}

impl Side {
    pub fn is_baseline(&self) -> bool {
        self.name.is_empty()
    }

    /// The side's name as shown: 基准 / baseline, or the scenario's name.
    pub fn label(&self, lang: Lang) -> String {
        if self.is_baseline() {
            t(lang, "sc_baseline").to_string()
        } else {
            self.name.clone()
        }
    }
}

/// A figure compared between baseline and scenarios.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Measure {
    Gep,
    Category(Category),
    Indicator(String),
    Esv,
    Compensation,
}

impl Measure {
    /// A stable id for files: `gep`, `material`, `indicator:<id>`, `esv`, `compensation`.
    pub fn id(&self) -> String {
        match self {
            Measure::Gep => "gep".into(),
            Measure::Category(c) => c.key().into(),
            Measure::Indicator(id) => format!("indicator:{id}"),
            Measure::Esv => "esv".into(),
            Measure::Compensation => "compensation".into(),
        }
    }

    pub fn name(&self, l: &Labels) -> String {
        match self {
            Measure::Gep => t(l.lang, "sc_m_gep").into(),
            Measure::Category(c) => c.name().get(l.lang).to_string(),
            Measure::Indicator(id) => l.indicator_name(id),
            Measure::Esv => t(l.lang, "sc_m_esv").into(),
            Measure::Compensation => t(l.lang, "sc_m_compensation").into(),
        }
    }
}

/// Baseline (`sides[0]`) and the scenarios compared, for one year.
#[derive(Debug, Clone)]
pub struct Comparison {
    pub year: i32,
    pub sides: Vec<Side>,
}

/// Why a comparison could not be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CompareError {
    #[error("unknown scenario {name}")]
    UnknownScenario { name: String, known: Vec<String> },
    #[error("no accounting period")]
    NoPeriod,
    #[error("{0}")]
    Compute(#[from] ComputeError),
}

impl CompareError {
    /// What is wrong and what to do, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            CompareError::UnknownScenario { name, known } => {
                let list = if known.is_empty() {
                    t(lang, "sc_none_defined").to_string()
                } else {
                    known.join(t(lang, "val_list_sep"))
                };
                tf(lang, "sc_err_unknown", &[("name", name), ("known", &list)])
            }
            CompareError::NoPeriod => t(lang, "sc_err_no_period").into(),
            CompareError::Compute(e) => e.message(lang),
        }
    }
}

/// The materialised project of `name` (a scenario, or `基准`/`baseline`), or the error listing
/// the project's scenarios.
pub fn materialise(project: &Project, name: &str) -> Result<Project, CompareError> {
    project
        .materialise(name.trim())
        .ok_or_else(|| CompareError::UnknownScenario {
            name: name.trim().to_string(),
            known: project.scenarios.iter().map(|s| s.name.clone()).collect(),
        })
}

/// Computes the baseline and the scenarios `names` (all scenarios when empty or naming only
/// the baseline; the baseline's names are skipped, the baseline is always first) for `year`
/// (default: the first named scenario's year, else the latest period).
pub fn compare(
    project: &Project,
    registry: &Registry,
    names: &[String],
    year: Option<i32>,
) -> Result<Comparison, CompareError> {
    let mut chosen = Vec::new();
    let names: Vec<String> = if names.is_empty() {
        project.scenarios.iter().map(|s| s.name.clone()).collect()
    } else {
        names.to_vec()
    };
    for n in &names {
        if is_baseline_name(n) {
            continue;
        }
        materialise(project, n)?;
        chosen.push(n.trim().to_string());
    }
    if chosen.is_empty() {
        // Only the baseline was named: compare it with every scenario.
        chosen = project.scenarios.iter().map(|s| s.name.clone()).collect();
    }
    let year = year
        .or_else(|| {
            chosen
                .first()
                .and_then(|n| project.scenario(n))
                .map(|s| s.year)
        })
        .or_else(|| project.latest_year())
        .ok_or(CompareError::NoPeriod)?;
    let mut sides = vec![side(&materialise(project, "基准")?, "", registry, year)?];
    for n in chosen {
        sides.push(side(&materialise(project, &n)?, &n, registry, year)?);
    }
    Ok(Comparison { year, sides })
}

fn side(p: &Project, name: &str, registry: &Registry, year: i32) -> Result<Side, CompareError> {
    let options = Options {
        year,
        framework: None,
        price_year: None,
        traces: false,
    };
    let accounts = engine::compute(p, registry, &options)?;
    let compensation = comp::run(p, registry, &accounts, &p.compensation)
        .map(|o| {
            accounts
                .counties
                .iter()
                .map(|c| {
                    o.rows
                        .iter()
                        .find(|r| r.code == c.code)
                        .and_then(|r| r.amount_yuan)
                })
                .collect()
        })
        .map_err(|e| (e.message(Lang::Zh), e.message(Lang::En)));
    Ok(Side {
        name: name.to_string(),
        framework: p.meta.framework.clone(),
        accounts,
        compensation,
    })
}

/// One row: a county (or the region) for one measure, in 元.
#[derive(Debug, Clone, PartialEq)]
pub struct DiffRow {
    /// County code; `None` = the region (or, in a summary, the measure's row).
    pub code: Option<String>,
    pub label: String,
    pub base: Option<f64>,
    pub scenario: Option<f64>,
}

impl DiffRow {
    /// Scenario − baseline (元).
    pub fn diff(&self) -> Option<f64> {
        Some(self.scenario? - self.base?)
    }

    /// The difference in % of the baseline; `None` when the baseline is 0 or missing.
    pub fn pct(&self) -> Option<f64> {
        let b = self.base?;
        (b != 0.0).then(|| self.diff().map(|d| d / b.abs() * 100.0))?
    }
}

/// Rows of one comparison table, with the money unit they are shown in.
#[derive(Debug, Clone, PartialEq)]
pub struct DiffTable {
    pub title: String,
    pub unit: MoneyUnit,
    pub rows: Vec<DiffRow>,
}

impl DiffTable {
    fn new(title: String, rows: Vec<DiffRow>) -> DiffTable {
        let max = rows
            .iter()
            .flat_map(|r| [r.base, r.scenario])
            .flatten()
            .fold(0.0_f64, |m, v| m.max(v.abs()));
        let unit = if max >= 1e8 {
            MoneyUnit::YiYuan
        } else {
            MoneyUnit::WanYuan
        };
        DiffTable { title, unit, rows }
    }

    /// Column headings: name, baseline, scenario, difference, %, with the unit.
    pub fn headers(&self, first: &str, scenario: &str, lang: Lang) -> [String; 5] {
        let u = self.unit.unit().symbol(lang);
        [
            first.to_string(),
            tf(
                lang,
                "sc_col_value",
                &[("name", t(lang, "sc_baseline")), ("unit", u)],
            ),
            tf(lang, "sc_col_value", &[("name", scenario), ("unit", u)]),
            tf(lang, "sc_col_diff", &[("unit", u)]),
            t(lang, "sc_col_pct").into(),
        ]
    }

    /// The cells of row `i` as shown: name, baseline, scenario, signed difference, signed %.
    pub fn cells(&self, i: usize) -> [String; 5] {
        let r = &self.rows[i];
        let d = format::money_decimals(self.unit);
        let v = |x: Option<f64>| x.map_or("—".into(), |x| format::num(self.unit.from_yuan(x), d));
        let signed = |x: f64, s: String| if x > 0.0 { format!("+{s}") } else { s };
        [
            r.label.clone(),
            v(r.base),
            v(r.scenario),
            r.diff().map_or("—".into(), |x| {
                signed(x, format::num(self.unit.from_yuan(x), d))
            }),
            r.pct().map_or("—".into(), |p| {
                signed(p, format!("{}%", format::num(p, 2)))
            }),
        ]
    }
}

impl Comparison {
    /// The measures shown: GEP, the three categories, every indicator with a value on some
    /// side (baseline order), ESV when computed, compensation when any side has amounts.
    pub fn measures(&self) -> Vec<Measure> {
        let mut m = vec![Measure::Gep];
        m.extend(Category::ALL.map(Measure::Category));
        // Indicators with a value on some side (a row of zeros everywhere says nothing).
        for s in &self.sides {
            for (id, v) in &s.accounts.region.by_indicator {
                let x = Measure::Indicator(id.to_string());
                let any = *v != 0.0
                    || (0..self.sides.len()).any(|k| self.value(k, &x, None) != Some(0.0));
                if any && !m.contains(&x) {
                    m.push(x);
                }
            }
        }
        if self
            .sides
            .iter()
            .any(|s| s.accounts.counties.iter().any(|c| c.esv.is_some()))
        {
            m.push(Measure::Esv);
        }
        if self.sides.iter().any(|s| {
            s.compensation
                .as_ref()
                .is_ok_and(|v| v.iter().any(Option::is_some))
        }) {
            m.push(Measure::Compensation);
        }
        m
    }

    /// The value of `m` on side `side`, for county `code` (`None` = the region), in 元.
    pub fn value(&self, side: usize, m: &Measure, code: Option<&str>) -> Option<f64> {
        let s = self.sides.get(side)?;
        let acc = &s.accounts;
        let Some(code) = code else {
            let r = &acc.region;
            return match m {
                Measure::Gep => Some(r.totals.gep),
                Measure::Category(c) => Some(r.totals.category(*c)),
                Measure::Indicator(id) => Some(
                    r.by_indicator
                        .iter()
                        .find(|(i, _)| &**i == id.as_str())
                        .map_or(0.0, |(_, v)| *v),
                ),
                Measure::Esv => Some(r.esv_total),
                Measure::Compensation => {
                    let v = s.compensation.as_ref().ok()?;
                    v.iter()
                        .any(Option::is_some)
                        .then(|| v.iter().flatten().sum())
                }
            };
        };
        let (k, c) = acc
            .counties
            .iter()
            .enumerate()
            .find(|(_, c)| c.code == code)?;
        match m {
            Measure::Gep => Some(c.totals.gep),
            Measure::Category(cat) => Some(c.totals.category(*cat)),
            Measure::Indicator(id) => Some(
                c.indicators
                    .iter()
                    .find(|a| &*a.id == id.as_str() && a.status == Status::Computed)
                    .map_or(0.0, |a| a.value),
            ),
            Measure::Esv => c.esv.as_ref().map(|e| e.total),
            Measure::Compensation => s.compensation.as_ref().ok()?.get(k).copied().flatten(),
        }
    }

    /// Counties (code, name) in the baseline's order.
    fn counties(&self, lang: Lang) -> Vec<(String, String)> {
        self.sides[0]
            .accounts
            .counties
            .iter()
            .map(|c| {
                let name = crate::view::chart::county_label(&c.name_zh, &c.name_en, lang);
                (c.code.clone(), name)
            })
            .collect()
    }

    /// Per county and the region (last row): baseline vs scenario `side` for measure `m`.
    pub fn table(&self, side: usize, m: &Measure, l: &Labels) -> DiffTable {
        let mut rows: Vec<DiffRow> = self
            .counties(l.lang)
            .into_iter()
            .map(|(code, label)| DiffRow {
                base: self.value(0, m, Some(&code)),
                scenario: self.value(side, m, Some(&code)),
                code: Some(code),
                label,
            })
            .collect();
        rows.push(DiffRow {
            code: None,
            label: t(l.lang, "sc_region").into(),
            base: self.value(0, m, None),
            scenario: self.value(side, m, None),
        });
        let title = tf(
            l.lang,
            "sc_table_title",
            &[
                ("measure", &m.name(l)),
                ("scenario", &self.sides[side].label(l.lang)),
                ("year", &self.year.to_string()),
            ],
        );
        DiffTable::new(title, rows)
    }

    /// The region, one row per measure: baseline vs scenario `side`.
    pub fn summary(&self, side: usize, l: &Labels) -> DiffTable {
        let rows = self
            .measures()
            .iter()
            .map(|m| DiffRow {
                code: None,
                label: m.name(l),
                base: self.value(0, m, None),
                scenario: self.value(side, m, None),
            })
            .collect();
        let title = tf(
            l.lang,
            "sc_summary_title",
            &[
                ("scenario", &self.sides[side].label(l.lang)),
                ("year", &self.year.to_string()),
            ],
        );
        DiffTable::new(title, rows)
    }

    /// Counties whose figure of `m` differs on side `side` (for the map and charts).
    pub fn map_column(&self, side: usize, m: &Measure, l: &Labels) -> ValueColumn {
        let values = self
            .counties(l.lang)
            .into_iter()
            .filter_map(|(code, _)| {
                let d = Some(self.value(side, m, Some(&code))? - self.value(0, m, Some(&code))?);
                d.map(|d| (code, d))
            })
            .collect();
        ValueColumn {
            name: tf(
                l.lang,
                "sc_map_name",
                &[
                    ("measure", &m.name(l)),
                    ("scenario", &self.sides[side].label(l.lang)),
                ],
            ),
            values,
        }
    }
}

/// Bars of the counties' differences (increase green, decrease red), largest first; `None`
/// when no county has a difference.
pub fn diff_chart(table: &DiffTable, lang: Lang) -> Option<Chart> {
    let mut rows: Vec<(&DiffRow, f64)> = table
        .rows
        .iter()
        .filter(|r| r.code.is_some())
        .filter_map(|r| Some((r, r.diff()?)))
        .filter(|(_, d)| *d != 0.0)
        .collect();
    if rows.is_empty() {
        return None;
    }
    rows.sort_by(|a, b| b.1.total_cmp(&a.1));
    let sym = table.unit.unit().symbol(lang).to_string();
    let values: Vec<f64> = rows.iter().map(|(_, d)| table.unit.from_yuan(*d)).collect();
    let decimals = decimals_for(values.iter().fold(0.0_f64, |m, v| m.max(v.abs())));
    let pick = |up: bool| -> Vec<Option<f64>> {
        values
            .iter()
            .map(|v| ((*v > 0.0) == up).then_some(*v))
            .collect()
    };
    Some(Chart {
        title: table.title.clone(),
        subtitle: tf(lang, "sc_chart_subtitle", &[("unit", &sym)]),
        panels: vec![Panel {
            title: String::new(),
            kind: PanelKind::Bars(Bars {
                categories: rows.iter().map(|(r, _)| r.label.clone()).collect(),
                series: vec![
                    Series {
                        name: t(lang, "sc_increase").into(),
                        color: RECEIVE_COLOR,
                        values: pick(true),
                    },
                    Series {
                        name: t(lang, "sc_decrease").into(),
                        color: PAY_COLOR,
                        values: pick(false),
                    },
                ],
                stacked: true,
                horizontal: true,
                value_axis: tf(lang, "sc_col_diff", &[("unit", &sym)]),
                category_axis: String::new(),
                unit: sym.clone(),
                decimals,
                labels: values
                    .iter()
                    .map(|v| {
                        let s = format::num(*v, decimals);
                        if *v > 0.0 {
                            format!("+{s} {sym}")
                        } else {
                            format!("{s} {sym}")
                        }
                    })
                    .collect(),
                tips: Vec::new(),
            }),
        }],
        file_stem: "scenario_difference".into(),
    })
}

#[cfg(test)]
mod tests;
