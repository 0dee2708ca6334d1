//! The decomposition of GEP change in words, tables and a waterfall, medium-free: the table of
//! counties × effects, the table of indicators × effects of one county or the region, the
//! sentence that states the method and its source, a one-sentence summary, and the waterfall
//! (start GEP, the effects, end GEP; optionally each effect by category) that the app draws
//! with egui_plot and the report and workbook with the chart renderer. Money is shown per
//! table in 万元 or 亿元 (`money_unit`). Nothing here computes an accounting number (that is
//! `engine::decompose`).

use crate::engine::decompose::{Basis, CountyChange, Decomposition, Effect, Effects};
use crate::format::{money_decimals, num};
use crate::registry::Category;
use crate::units::MoneyUnit;

use super::Labels;
use super::chart::{self, Bars, Chart, FloatingBars, Panel, PanelKind, Rgb, Series};
use super::transitions::Table;

/// 亿元 when the largest amount reaches 1 亿元, else 万元.
pub fn money_unit(amounts: impl IntoIterator<Item = f64>) -> MoneyUnit {
    let max = amounts
        .into_iter()
        .filter(|v| v.is_finite())
        .fold(0.0_f64, |m, v| m.max(v.abs()));
    if max >= 1e8 {
        MoneyUnit::YiYuan
    } else {
        MoneyUnit::WanYuan
    }
}

/// The name of an effect.
pub fn effect_name(l: &Labels, e: Effect) -> &'static str {
    l.key(match e {
        Effect::Quantity => "dc_effect_quantity",
        Effect::Price => "dc_effect_price",
        Effect::Coverage => "dc_effect_coverage",
        Effect::Entered => "dc_effect_entered",
    })
}

/// The colour of an effect in the waterfall and the app's tables.
pub fn effect_color(e: Effect) -> Rgb {
    match e {
        Effect::Quantity => chart::PALETTE[0],
        Effect::Price => chart::PALETTE[2],
        Effect::Coverage => chart::PALETTE[4],
        Effect::Entered => chart::PALETTE[5],
    }
}

/// How an account is named in headers: "2021 年", or with its framework when both accounts are
/// of one year; against a scenario, "基准（2022 年）" and "情景“名称”".
pub fn side_label(l: &Labels, d: &Decomposition, b: &Basis) -> String {
    let year = b.year.to_string();
    if let Some(name) = &b.scenario {
        return l.keyf("iv_side_scenario", &[("name", name)]);
    }
    if d.from.scenario.is_some() || d.to.scenario.is_some() {
        return l.keyf("iv_side_baseline", &[("year", &year)]);
    }
    if d.from.year != d.to.year {
        l.keyf("dc_year", &[("year", &year)])
    } else {
        l.keyf(
            "dc_year_framework",
            &[
                ("year", &year),
                ("framework", &l.framework_name(&b.framework)),
            ],
        )
    }
}

/// The region's name (the project's, else "全区") or the county's.
pub fn place(l: &Labels, c: &CountyChange) -> String {
    if !c.code.is_empty() {
        return c.name(l.lang).to_string();
    }
    if c.name_zh.is_empty() {
        l.key("dc_region").to_string()
    } else {
        c.name_zh.clone()
    }
}

/// An indicator row's name (the imports deduction has its own).
pub fn row_name(l: &Labels, id: &str) -> String {
    if id == crate::engine::decompose::IMPORTS_ID {
        l.key("dc_imports").to_string()
    } else {
        l.indicator_name(id)
    }
}

fn money(v: f64, unit: MoneyUnit) -> String {
    num(unit.from_yuan(v), money_decimals(unit))
}

/// Header cells "{from} GEP, {to} GEP, 变化, four effects", each with the unit.
fn value_headers(l: &Labels, d: &Decomposition, unit: MoneyUnit, key: &'static str) -> Vec<String> {
    let u = l.unit(unit.unit());
    let mut h = vec![
        l.with_unit(&l.keyf(key, &[("side", &side_label(l, d, &d.from))]), u),
        l.with_unit(&l.keyf(key, &[("side", &side_label(l, d, &d.to))]), u),
        l.with_unit(l.key("dc_change"), u),
    ];
    h.extend(Effect::ALL.map(|e| l.with_unit(effect_name(l, e), u)));
    h
}

fn value_cells(from: f64, to: f64, e: &Effects, unit: MoneyUnit) -> Vec<String> {
    let mut r = vec![money(from, unit), money(to, unit), money(to - from, unit)];
    r.extend(Effect::ALL.map(|k| money(e.get(k), unit)));
    r
}

fn all_amounts(c: &CountyChange) -> [f64; 6] {
    let e = &c.effects;
    [
        c.gep_from, c.gep_to, e.quantity, e.price, e.coverage, e.entered,
    ]
}

/// Counties × effects, the region last; money in one unit for the whole table.
pub fn counties_table(l: &Labels, d: &Decomposition) -> (Table, MoneyUnit) {
    let unit = money_unit(d.counties.iter().chain([&d.region]).flat_map(all_amounts));
    let mut header = vec![l.key("dc_place").to_string()];
    header.extend(value_headers(l, d, unit, "dc_gep_of"));
    let rows = d
        .counties
        .iter()
        .chain([&d.region])
        .map(|c| {
            let mut r = vec![place(l, c)];
            r.extend(value_cells(c.gep_from, c.gep_to, &c.effects, unit));
            r
        })
        .collect();
    (Table { header, rows }, unit)
}

/// Indicators × effects of one county or the region, in registry order (rows with no value in
/// either account and no effect are left out), then a total row.
pub fn indicators_table(l: &Labels, d: &Decomposition, c: &CountyChange) -> (Table, MoneyUnit) {
    let unit = money_unit(
        all_amounts(c)
            .into_iter()
            .chain(c.indicators.iter().flat_map(|i| [i.value_from, i.value_to])),
    );
    let mut header = vec![
        l.key("dc_indicator").to_string(),
        l.key("dc_category").to_string(),
    ];
    header.extend(value_headers(l, d, unit, "dc_value_of"));
    let mut rows: Vec<Vec<String>> = c
        .indicators
        .iter()
        .map(|i| {
            let mut r = vec![row_name(l, &i.id), l.category(i.category)];
            r.extend(value_cells(i.value_from, i.value_to, &i.effects, unit));
            r
        })
        .collect();
    let mut total = vec![l.key("dc_total").to_string(), String::new()];
    total.extend(value_cells(c.gep_from, c.gep_to, &c.effects, unit));
    rows.push(total);
    (Table { header, rows }, unit)
}

/// The method and its source, and the price basis.
pub fn method_sentence(l: &Labels, d: &Decomposition) -> String {
    let basis = if d.constant_prices {
        l.keyf("dc_constant", &[("year", &d.to.price_year.to_string())])
    } else {
        l.key("dc_current").to_string()
    };
    format!("{}{}", l.key("dc_method"), basis)
}

/// One sentence per scenario for the report: "情景“名称”使全区域 GEP 变化 x 亿元：数量效应 …，
/// 价格效应 …，覆盖范围效应 …，直接填报价值变化 … 亿元。" (always in 亿元).
pub fn scenario_sentence(l: &Labels, d: &Decomposition) -> String {
    let unit = MoneyUnit::YiYuan;
    let m = |v: f64| money(v, unit);
    let e = &d.region.effects;
    l.keyf(
        "iv_scenario_sentence",
        &[
            ("name", d.to.scenario.as_deref().unwrap_or_default()),
            ("change", &m(d.region.change())),
            ("q", &m(e.quantity)),
            ("p", &m(e.price)),
            ("c", &m(e.coverage)),
            ("e", &m(e.entered)),
            ("unit", l.unit(unit.unit())),
        ],
    )
}

/// "甲县 GEP 由 2020 年的 … 变为 2021 年的 …，变化 …（+x %）；其中 …" in one unit.
pub fn summary_sentence(l: &Labels, d: &Decomposition, c: &CountyChange) -> String {
    let unit = money_unit(all_amounts(c));
    let m = |v: f64| money(v, unit);
    let pct = if c.gep_from != 0.0 {
        format!("{:+.2} %", c.change() / c.gep_from.abs() * 100.0)
    } else {
        "—".into()
    };
    l.keyf(
        "dc_summary",
        &[
            ("place", &place(l, c)),
            ("from_side", &side_label(l, d, &d.from)),
            ("to_side", &side_label(l, d, &d.to)),
            ("from", &m(c.gep_from)),
            ("to", &m(c.gep_to)),
            ("change", &m(c.change())),
            ("pct", &pct),
            ("q", &m(c.effects.quantity)),
            ("p", &m(c.effects.price)),
            ("c", &m(c.effects.coverage)),
            ("e", &m(c.effects.entered)),
            ("unit", l.unit(unit.unit())),
        ],
    )
}

/// What a waterfall bar is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    /// The GEP of an account (a bar from 0).
    Total,
    /// An effect (a bar floating from the running level).
    Effect(Effect),
}

/// One bar of the waterfall, in display units.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub label: String,
    pub kind: StepKind,
    /// The signed amount (the total, or the effect).
    pub value: f64,
    /// Lower and upper end of the bar.
    pub lo: f64,
    pub hi: f64,
    pub color: Rgb,
}

/// A waterfall: start GEP, the effects (each by category when asked), end GEP.
#[derive(Debug, Clone, PartialEq)]
pub struct Waterfall {
    pub title: String,
    pub subtitle: String,
    pub unit: MoneyUnit,
    /// Where the value axis starts (0, or a round value below every level when the effects
    /// are small beside GEP: the totals' bars are cut there and the subtitle says so).
    pub floor: f64,
    /// Unit symbol of the values.
    pub unit_label: String,
    pub steps: Vec<Step>,
}

/// The waterfall of one county or the region. `by_category` splits each effect into material,
/// regulating and cultural bars (zero bars are left out either way, the totals never).
pub fn waterfall(l: &Labels, d: &Decomposition, c: &CountyChange, by_category: bool) -> Waterfall {
    let unit = money_unit(all_amounts(c));
    let k = |v: f64| unit.from_yuan(v);
    let mut steps = vec![total_step(side_label(l, d, &d.from), k(c.gep_from))];
    let mut level = k(c.gep_from);
    let mut push = |label: String, e: Effect, v: f64, steps: &mut Vec<Step>| {
        // Zero bars are kept in the four-bar form (a reader sees "coverage 0"), dropped in the
        // long by-category form.
        if v == 0.0 && by_category {
            return;
        }
        let v = k(v);
        let (lo, hi) = (level.min(level + v), level.max(level + v));
        level += v;
        steps.push(Step {
            label,
            kind: StepKind::Effect(e),
            value: v,
            lo,
            hi,
            color: effect_color(e),
        });
    };
    for e in Effect::ALL {
        if by_category {
            for cat in [Category::Material, Category::Regulating, Category::Cultural] {
                let (_, _, ef) = c.category(cat);
                let label = format!("{}·{}", effect_name(l, e), l.category(cat));
                push(label, e, ef.get(e), &mut steps);
            }
        } else {
            push(
                effect_name(l, e).to_string(),
                e,
                c.effects.get(e),
                &mut steps,
            );
        }
    }
    steps.push(total_step(side_label(l, d, &d.to), k(c.gep_to)));
    let floor = axis_floor(&steps);
    for s in steps.iter_mut().filter(|s| s.kind == StepKind::Total) {
        if s.value > floor {
            s.lo = floor;
        }
    }
    let mut subtitle = method_short(l, d, unit);
    if floor > 0.0 {
        let v = num(floor, 0);
        subtitle.push_str(&l.keyf("dc_axis_from", &[("v", &v), ("unit", l.unit(unit.unit()))]));
    }
    Waterfall {
        title: l.keyf(
            "dc_chart_title",
            &[
                ("place", &place(l, c)),
                ("from", &side_label(l, d, &d.from)),
                ("to", &side_label(l, d, &d.to)),
            ],
        ),
        subtitle,
        floor,
        unit,
        unit_label: l.unit(unit.unit()).to_string(),
        steps,
    }
}

/// A round value below the lowest level when every level is positive and the effects span
/// less than 40 % of it (so the effects are not slivers on top of two tall bars), else 0.
fn axis_floor(steps: &[Step]) -> f64 {
    let level = |s: &Step| match s.kind {
        StepKind::Total => (s.value, s.value),
        StepKind::Effect(_) => (s.lo, s.hi),
    };
    let (lo, hi) = steps
        .iter()
        .map(level)
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), (x, y)| {
            (a.min(x), b.max(y))
        });
    if !(lo > 0.0 && hi.is_finite()) {
        return 0.0;
    }
    let span = hi - lo;
    if span >= 0.4 * lo {
        return 0.0;
    }
    let below = lo - span.max(0.02 * lo) * 1.5;
    let step = chart::nice_step(hi - below, 5.0);
    ((below / step).floor() * step).max(0.0)
}

fn total_step(label: String, v: f64) -> Step {
    Step {
        label,
        kind: StepKind::Total,
        value: v,
        lo: v.min(0.0),
        hi: v.max(0.0),
        color: chart::REFERENCE,
    }
}

fn method_short(l: &Labels, d: &Decomposition, unit: MoneyUnit) -> String {
    let prices = if d.constant_prices {
        l.keyf(
            "dc_prices_constant",
            &[("year", &d.to.price_year.to_string())],
        )
    } else {
        l.key("dc_prices_current").to_string()
    };
    l.keyf(
        "dc_chart_subtitle",
        &[("prices", &prices), ("unit", l.unit(unit.unit()))],
    )
}

impl Waterfall {
    /// The waterfall as floating bars for the chart renderers: one category per step, one
    /// series per kind of bar (GEP, each effect) so the legend names them, each bar between
    /// its step's ends, its amount written at its end.
    pub fn floating(&self, l: &Labels) -> FloatingBars {
        let n = self.steps.len();
        let mut series: Vec<Series> = Vec::new();
        for (i, s) in self.steps.iter().enumerate() {
            let name = match s.kind {
                StepKind::Total => l.key("dc_gep"),
                StepKind::Effect(e) => effect_name(l, e),
            };
            let j = match series.iter().position(|x| x.name == name) {
                Some(j) => j,
                None => {
                    series.push(Series {
                        name: name.to_string(),
                        color: s.color,
                        values: vec![None; n],
                    });
                    series.len() - 1
                }
            };
            series[j].values[i] = Some(s.value);
        }
        let decimals = money_decimals(self.unit);
        let bars = Bars {
            categories: self.steps.iter().map(|s| s.label.clone()).collect(),
            series,
            stacked: false,
            horizontal: false,
            value_axis: l.with_unit("GEP", &self.unit_label),
            category_axis: String::new(),
            unit: self.unit_label.clone(),
            decimals,
            labels: self
                .steps
                .iter()
                .map(|s| match s.kind {
                    StepKind::Total => num(s.value, decimals),
                    StepKind::Effect(_) if s.value > 0.0 => format!("+{}", num(s.value, decimals)),
                    StepKind::Effect(_) => num(s.value, decimals),
                })
                .collect(),
            tips: Vec::new(),
        };
        FloatingBars {
            bars,
            ends: self.steps.iter().map(|s| (s.lo, s.hi)).collect(),
        }
    }

    /// The waterfall as a one-panel chart for files and reports.
    pub fn chart(&self, l: &Labels, file_stem: &str) -> Chart {
        Chart {
            title: self.title.clone(),
            subtitle: self.subtitle.clone(),
            panels: vec![Panel {
                title: String::new(),
                kind: PanelKind::Floating(self.floating(l)),
            }],
            file_stem: file_stem.to_string(),
        }
    }
}
