//! Chart builders: every `Chart` the app, the report and exports show, filled from the
//! accounts (and the engine's growth and compensation results) with names from `Labels`.
//!
//! The charts page's charts (`gep`: stacked categories, composition donut, indicator ranking,
//! per-km² and per-capita, GEP vs GDP, two-year growth; `esv`: ESV by land class and by
//! service), the compensation charts (`compensation`) and the small shapes the report's
//! chapters share (`single_chart`, `chart_height`). Builders take `&Labels` and plain
//! parameters (accounts, money unit, the page's `Choice`), never the app's state, and compute
//! no accounting number: they pick values from the accounts and convert them to the display
//! unit.

mod compensation;
mod esv;
mod gep;

use std::collections::HashMap;

pub use compensation::{CHART_MAX, amount_chart, ranking_chart};
pub use esv::{esv_by_class, esv_by_service, region_esv_by_class, region_esv_by_service};
pub use gep::{donut, growth_chart, intensity, ranking, scatter, stacked};

use super::{Bars, Chart, Panel, PanelKind, Rgb, Series, category_color, county_label};
use crate::engine::Accounts;
use crate::engine::growth::Growth;
use crate::format;
use crate::i18n::{Lang, t, tf};
use crate::model::catalogue::factor_table;
use crate::registry::Category;
use crate::units::MoneyUnit;
use crate::view::Labels;

/// The charts of the charts page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Kind {
    #[default]
    Stacked,
    Donut,
    Ranking,
    Intensity,
    Scatter,
    EsvClass,
    EsvService,
    Growth,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::Stacked,
        Kind::Donut,
        Kind::Ranking,
        Kind::Intensity,
        Kind::Scatter,
        Kind::EsvClass,
        Kind::EsvService,
        Kind::Growth,
    ];

    pub fn tab(self, lang: Lang) -> &'static str {
        match self {
            Kind::Stacked => t(lang, "chart_tab_stacked"),
            Kind::Donut => t(lang, "chart_tab_donut"),
            Kind::Ranking => t(lang, "chart_tab_ranking"),
            Kind::Intensity => t(lang, "chart_tab_intensity"),
            Kind::Scatter => t(lang, "chart_tab_scatter"),
            Kind::EsvClass => t(lang, "chart_tab_esv_class"),
            Kind::EsvService => t(lang, "chart_tab_esv_service"),
            Kind::Growth => t(lang, "chart_tab_growth"),
        }
    }
}

/// What the reader chose on the charts page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Choice {
    pub kind: Kind,
    /// Donut scope: `None` = the whole region, else a county code.
    pub scope: Option<String>,
    /// Donut slices by indicator instead of by category.
    pub by_indicator: bool,
}

/// The chart of `choice`, or the reason there is none (in the display language). A donut scope
/// naming no county falls back to the region (and `choice.scope` is cleared). `growth` is
/// asked for only by the growth chart: the two-year comparison, or why there is none.
pub fn chart(
    l: &Labels,
    acc: &Accounts,
    unit: MoneyUnit,
    choice: &mut Choice,
    growth: impl FnOnce() -> Result<Growth, String>,
) -> Result<Chart, String> {
    if acc.counties.is_empty() {
        return Err(t(l.lang, "no_data").to_string());
    }
    match choice.kind {
        Kind::Stacked => Ok(stacked(l, acc, unit)),
        Kind::Donut => donut(l, acc, unit, choice),
        Kind::Ranking => ranking(l, acc, unit),
        Kind::Intensity => intensity(l, acc, unit),
        Kind::Scatter => scatter(l, acc, unit),
        Kind::EsvClass => esv_by_class(l, acc, unit),
        Kind::EsvService => esv_by_service(l, acc, unit),
        Kind::Growth => growth().map(|g| growth_chart(l, &g, unit)),
    }
}

/// Common subtitle: region, year, price year, unit; "illustrative" when so.
fn subtitle(l: &Labels, acc: &Accounts, unit: &str) -> String {
    let lang = l.lang;
    let meta = &l.project.meta;
    let year = acc.year.to_string();
    let price_year = acc.price_year.to_string();
    let mut s = if meta.region.is_empty() {
        tf(
            lang,
            "chart_subtitle_plain",
            &[("year", &year), ("price_year", &price_year), ("unit", unit)],
        )
    } else {
        tf(
            lang,
            "chart_subtitle",
            &[
                ("region", &meta.region),
                ("year", &year),
                ("price_year", &price_year),
                ("unit", unit),
            ],
        )
    };
    if meta.illustrative {
        s.push_str(" · ");
        s.push_str(t(lang, "illustrative"));
    }
    s
}

fn money_symbol(unit: MoneyUnit, lang: Lang) -> String {
    unit.unit().symbol(lang).to_string()
}

/// A chart of one untitled bar panel.
pub fn single_chart(title: String, subtitle: String, bars: Bars, stem: &str) -> Chart {
    Chart {
        title,
        subtitle,
        panels: vec![Panel {
            title: String::new(),
            kind: PanelKind::Bars(bars),
        }],
        file_stem: stem.to_string(),
    }
}

/// Height in pixels of a report chart of `n` categories.
pub fn chart_height(n: usize, horizontal: bool) -> u32 {
    if horizontal {
        (200 + 32 * n as u32).clamp(420, 3000)
    } else {
        480
    }
}

/// GEP by category per county, stacked, in `unit` (bars only; titles are the caller's).
pub fn stacked_model(
    acc: &Accounts,
    lang: Lang,
    unit: MoneyUnit,
    value_axis: String,
    total_label: &str,
) -> Bars {
    let categories: Vec<String> = acc
        .counties
        .iter()
        .map(|c| county_label(&c.name_zh, &c.name_en, lang))
        .collect();
    let series = Category::ALL
        .iter()
        .map(|&cat| Series {
            name: cat.name().get(lang).to_string(),
            color: category_color(cat),
            values: acc
                .counties
                .iter()
                .map(|c| Some(unit.from_yuan(c.totals.category(cat))))
                .collect(),
        })
        .collect();
    let tips = acc
        .counties
        .iter()
        .map(|c| format!("{total_label}: {}", format::money(c.totals.gep, unit, lang)))
        .collect();
    Bars {
        horizontal: categories.len() > 16,
        categories,
        series,
        stacked: true,
        value_axis,
        category_axis: String::new(),
        unit: unit.unit().symbol(lang).to_string(),
        decimals: format::money_decimals(unit),
        labels: Vec::new(),
        tips,
    }
}

/// Stacked GEP by category per county as on the overview page ("GEP (unit)" axis).
pub fn overview_stacked(acc: &Accounts, lang: Lang, unit: MoneyUnit) -> Bars {
    let sym = money_symbol(unit, lang);
    stacked_model(
        acc,
        lang,
        unit,
        tf(lang, "axis_gep_plain", &[("unit", &sym)]),
        "GEP",
    )
}

/// One series of bars with the money value at each end, horizontal.
fn single_bars(
    l: &Labels,
    categories: Vec<String>,
    values: Vec<f64>,
    (name, color): (String, Rgb),
    value_axis: String,
    unit: MoneyUnit,
    tips: Vec<String>,
) -> Bars {
    let lang = l.lang;
    let labels = values
        .iter()
        .map(|v| format::money(*v, unit, lang))
        .collect();
    Bars {
        categories,
        series: vec![Series {
            name,
            color,
            values: values.iter().map(|v| Some(unit.from_yuan(*v))).collect(),
        }],
        stacked: false,
        horizontal: true,
        value_axis,
        category_axis: String::new(),
        unit: unit.unit().symbol(lang).to_string(),
        decimals: format::money_decimals(unit),
        labels,
        tips,
    }
}

/// Indicator names (registry and custom) by id.
pub fn indicator_names(l: &Labels) -> HashMap<String, String> {
    l.catalogue
        .indicators()
        .map(|s| (s.id.clone(), s.name.get(l.lang).to_string()))
        .collect()
}

/// Land class name (registry, custom, or the id itself).
pub fn class_name(l: &Labels, id: &str) -> String {
    l.land_class_name(id)
}

/// Service names of the factor table the accounts used.
pub fn service_names(l: &Labels, table: &str) -> HashMap<String, String> {
    factor_table(l.project, l.registry, table)
        .map(|t| {
            t.services
                .iter()
                .map(|s| (s.id.clone(), s.name.get(l.lang).to_string()))
                .collect()
        })
        .unwrap_or_default()
}

/// A growth rate as "+1.2%" ("—" when there is none).
fn pct(g: Option<f64>) -> String {
    g.map_or("—".to_string(), |g| {
        format!("{}{:.1}%", if g >= 0.0 { "+" } else { "" }, g * 100.0)
    })
}
