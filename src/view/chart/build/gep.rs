//! The GEP charts of the charts page: stacked categories by county, composition donut,
//! indicator ranking, per-km² and per-capita intensity, GEP vs GDP and the two-year growth
//! comparison at constant prices.

use std::collections::HashMap;

use super::{Choice, indicator_names, money_symbol, pct, stacked_model, subtitle};
use crate::engine::Accounts;
use crate::engine::growth::Growth;
use crate::format;
use crate::i18n::{t, tf};
use crate::registry::Category;
use crate::units::MoneyUnit;
use crate::view::Labels;
use crate::view::chart::{
    Bars, Chart, MEMO_COLOR, PALETTE, Panel, PanelKind, Pie, Scatter, ScatterPoint, Series, Slice,
    category_color, county_label, decimals_for,
};

/// GEP by category per county, stacked.
pub fn stacked(l: &Labels, acc: &Accounts, unit: MoneyUnit) -> Chart {
    let lang = l.lang;
    let sym = money_symbol(unit, lang);
    let bars = stacked_model(
        acc,
        lang,
        unit,
        tf(lang, "axis_gep_unit", &[("unit", &sym)]),
        t(lang, "gep_total"),
    );
    Chart {
        title: t(lang, "chart_stacked").to_string(),
        subtitle: subtitle(l, acc, &sym),
        panels: vec![Panel {
            title: String::new(),
            kind: PanelKind::Bars(bars),
        }],
        file_stem: format!("gep_by_category_{}", acc.year),
    }
}

/// The region's (or one county's) GEP composition by category or by indicator.
pub fn donut(
    l: &Labels,
    acc: &Accounts,
    unit: MoneyUnit,
    choice: &mut Choice,
) -> Result<Chart, String> {
    let lang = l.lang;
    let sym = money_symbol(unit, lang);
    let county = choice
        .scope
        .as_ref()
        .and_then(|code| acc.counties.iter().find(|c| &c.code == code));
    if county.is_none() {
        choice.scope = None;
    }
    let (scope_name, totals) = match county {
        Some(c) => (c.name_zh_or_en(lang).to_string(), c.totals),
        None => {
            let name = if l.project.meta.region.is_empty() {
                t(lang, "scope_region").to_string()
            } else {
                l.project.meta.region.clone()
            };
            (name, acc.region.totals)
        }
    };
    let mut slices: Vec<Slice> = Vec::new();
    if choice.by_indicator {
        let names = indicator_names(l);
        let counted: Vec<(String, Category, f64)> = match county {
            Some(c) => c
                .indicators
                .iter()
                .filter(|a| a.counted && a.status == crate::engine::Status::Computed)
                .map(|a| (a.id.to_string(), a.category, a.value))
                .collect(),
            None => {
                let flags = indicator_flags(acc);
                acc.region
                    .by_indicator
                    .iter()
                    .filter_map(|(id, v)| {
                        let (counted, cat) = flags.get(&**id).copied()?;
                        counted.then(|| (id.to_string(), cat, *v))
                    })
                    .collect()
            }
        };
        let mut items: Vec<(String, Category, f64)> =
            counted.into_iter().filter(|(_, _, v)| *v > 0.0).collect();
        items.sort_by(|a, b| b.2.total_cmp(&a.2));
        let shown_total: f64 = items.iter().map(|i| i.2).sum();
        let mut other = 0.0;
        let mut other_n = 0;
        for (k, (id, _, v)) in items.iter().enumerate() {
            if k < 10 && *v >= shown_total * 0.015 {
                slices.push(Slice {
                    name: names.get(id).cloned().unwrap_or_else(|| id.clone()),
                    value: unit.from_yuan(*v),
                    color: PALETTE[k % PALETTE.len()],
                });
            } else {
                other += v;
                other_n += 1;
            }
        }
        if other_n > 0 {
            slices.push(Slice {
                name: tf(lang, "other_items", &[("n", &other_n.to_string())]),
                value: unit.from_yuan(other),
                color: MEMO_COLOR,
            });
        }
    } else {
        for cat in Category::ALL {
            slices.push(Slice {
                name: cat.name().get(lang).to_string(),
                value: unit.from_yuan(totals.category(cat)),
                color: category_color(cat),
            });
        }
    }
    if !slices.iter().any(|s| s.value > 0.0) {
        return Err(t(lang, "no_data").to_string());
    }
    let note = if totals.imported_deduction > 0.0 {
        tf(
            lang,
            "imported_note",
            &[
                (
                    "value",
                    &format::money(totals.imported_deduction, unit, lang),
                ),
                ("gep", &format::money(totals.gep, unit, lang)),
            ],
        )
    } else {
        String::new()
    };
    Ok(Chart {
        title: tf(lang, "chart_donut_title", &[("scope", &scope_name)]),
        subtitle: subtitle(l, acc, &sym),
        panels: vec![Panel {
            title: String::new(),
            kind: PanelKind::Pie(Pie {
                slices,
                unit: sym,
                decimals: format::money_decimals(unit),
                center_label: t(lang, "region_total").to_string(),
                center_value: format::money(totals.gross, unit, lang),
                note,
            }),
        }],
        file_stem: format!(
            "gep_composition_{}_{}",
            choice.scope.as_deref().unwrap_or("region"),
            acc.year
        ),
    })
}

/// Indicator id → (counted in the framework, category), from the county accounts.
fn indicator_flags(acc: &Accounts) -> HashMap<String, (bool, Category)> {
    let mut m = HashMap::new();
    for c in &acc.counties {
        for a in &c.indicators {
            m.entry(a.id.to_string()).or_insert((a.counted, a.category));
        }
    }
    m
}

/// Region value by indicator, largest first, memo items starred.
pub fn ranking(l: &Labels, acc: &Accounts, unit: MoneyUnit) -> Result<Chart, String> {
    let lang = l.lang;
    let sym = money_symbol(unit, lang);
    let names = indicator_names(l);
    let flags = indicator_flags(acc);
    let mut items: Vec<(&str, f64, bool, Category)> = acc
        .region
        .by_indicator
        .iter()
        .filter(|(_, v)| *v != 0.0 && v.is_finite())
        .map(|(id, v)| {
            let (counted, cat) = flags
                .get(&**id)
                .copied()
                .unwrap_or((false, Category::Regulating));
            (&**id, *v, counted, cat)
        })
        .collect();
    let hidden = acc.region.by_indicator.len() - items.len();
    if items.is_empty() {
        return Err(t(lang, "no_data").to_string());
    }
    items.sort_by(|a, b| b.1.total_cmp(&a.1));
    let n = items.len();
    let mut series: Vec<Series> = Category::ALL
        .iter()
        .map(|&cat| Series {
            name: cat.name().get(lang).to_string(),
            color: category_color(cat),
            values: vec![None; n],
        })
        .collect();
    series.push(Series {
        name: t(lang, "memo_series").to_string(),
        color: MEMO_COLOR,
        values: vec![None; n],
    });
    let mut categories = Vec::with_capacity(n);
    let mut labels = Vec::with_capacity(n);
    let mut tips = Vec::with_capacity(n);
    for (i, (id, v, counted, cat)) in items.iter().enumerate() {
        let name = names.get(*id).cloned().unwrap_or_else(|| id.to_string());
        let s = if *counted {
            Category::ALL.iter().position(|c| c == cat).unwrap_or(0)
        } else {
            3
        };
        series[s].values[i] = Some(unit.from_yuan(*v));
        categories.push(if *counted { name } else { format!("{name} *") });
        labels.push(format::money(*v, unit, lang));
        tips.push(if *counted {
            t(lang, "counted_in_framework").to_string()
        } else {
            t(lang, "outside_framework").to_string()
        });
    }
    series.retain(|s| s.values.iter().any(Option::is_some));
    let mut sub = subtitle(l, acc, &sym);
    if items.iter().any(|i| !i.2) {
        sub.push_str(" · ");
        sub.push_str(t(lang, "memo_star_note"));
    }
    if hidden > 0 {
        sub.push_str(" · ");
        sub.push_str(&tf(
            lang,
            "ranking_zero_note",
            &[("n", &hidden.to_string())],
        ));
    }
    Ok(Chart {
        title: t(lang, "chart_ranking_title").to_string(),
        subtitle: sub,
        panels: vec![Panel {
            title: String::new(),
            kind: PanelKind::Bars(Bars {
                categories,
                series,
                stacked: true,
                horizontal: true,
                value_axis: tf(lang, "axis_value_unit", &[("unit", &sym)]),
                category_axis: String::new(),
                unit: sym,
                decimals: format::money_decimals(unit),
                labels,
                tips,
            }),
        }],
        file_stem: format!("indicator_ranking_{}", acc.year),
    })
}

/// GEP per km² and per capita by county, two panels.
pub fn intensity(l: &Labels, acc: &Accounts, unit: MoneyUnit) -> Result<Chart, String> {
    let lang = l.lang;
    let sym = money_symbol(unit, lang);
    let names: Vec<String> = acc
        .counties
        .iter()
        .map(|c| county_label(&c.name_zh, &c.name_en, lang))
        .collect();
    let panel =
        |title: &'static str, unit_key: &'static str, get: &dyn Fn(usize) -> Option<f64>| {
            let values: Vec<Option<f64>> = (0..names.len())
                .map(|i| get(i).map(|v| unit.from_yuan(v)))
                .collect();
            let max = values.iter().flatten().fold(0.0_f64, |m, v| m.max(v.abs()));
            let decimals = decimals_for(max);
            let u = tf(lang, unit_key, &[("unit", &sym)]);
            let labels = values
                .iter()
                .map(|v| {
                    v.map_or("—".to_string(), |v| {
                        format!("{} {u}", format::num(v, decimals))
                    })
                })
                .collect();
            Panel {
                title: t(lang, title).to_string(),
                kind: PanelKind::Bars(Bars {
                    categories: names.clone(),
                    series: vec![Series {
                        name: t(lang, title).to_string(),
                        color: PALETTE[if unit_key == "unit_per_km2" { 0 } else { 1 }],
                        values,
                    }],
                    stacked: false,
                    horizontal: true,
                    value_axis: format!("{} ({u})", t(lang, title)),
                    category_axis: String::new(),
                    unit: u,
                    decimals,
                    labels,
                    tips: Vec::new(),
                }),
            }
        };
    let per_km2 = panel("gep_per_km2", "unit_per_km2", &|i| {
        acc.counties[i].ratios.gep_per_km2
    });
    let per_capita = panel("gep_per_capita", "unit_per_person", &|i| {
        acc.counties[i].ratios.gep_per_capita
    });
    Ok(Chart {
        title: t(lang, "chart_intensity_title").to_string(),
        subtitle: subtitle(l, acc, &sym),
        panels: vec![per_km2, per_capita],
        file_stem: format!("gep_per_km2_per_capita_{}", acc.year),
    })
}

/// GEP against GDP by county, with the line GEP = GDP.
pub fn scatter(l: &Labels, acc: &Accounts, unit: MoneyUnit) -> Result<Chart, String> {
    let lang = l.lang;
    let sym = money_symbol(unit, lang);
    let points: Vec<ScatterPoint> = acc
        .counties
        .iter()
        .filter_map(|c| {
            // GDP at the accounting price year, as the engine moved it.
            let gdp = c.gdp_yuan?;
            Some(ScatterPoint {
                label: c.name_zh_or_en(lang).to_string(),
                x: unit.from_yuan(gdp),
                y: unit.from_yuan(c.totals.gep),
                extra: c
                    .ratios
                    .gep_per_gdp
                    .map_or(String::new(), |r| format!("GEP/GDP {}", format::num(r, 2))),
            })
        })
        .collect();
    if points.is_empty() {
        return Err(t(lang, "no_gdp").to_string());
    }
    let sub = subtitle(l, acc, &sym);
    Ok(Chart {
        title: t(lang, "chart_scatter_title").to_string(),
        subtitle: sub,
        panels: vec![Panel {
            title: String::new(),
            kind: PanelKind::Scatter(Scatter {
                points,
                x_axis: tf(lang, "axis_gdp_unit", &[("unit", &sym)]),
                y_axis: tf(lang, "axis_gep_unit", &[("unit", &sym)]),
                x_unit: sym.clone(),
                y_unit: sym,
                decimals: format::money_decimals(unit),
                color: PALETTE[1],
                reference: Some((1.0, t(lang, "gep_equals_gdp").to_string())),
            }),
        }],
        file_stem: format!("gep_vs_gdp_{}", acc.year),
    })
}

/// GEP of two years at the first year's prices by county, labelled with real growth.
pub fn growth_chart(l: &Labels, g: &Growth, unit: MoneyUnit) -> Chart {
    let lang = l.lang;
    let sym = money_symbol(unit, lang);
    let (from, to) = (g.from_year, g.to_year);
    let categories: Vec<String> = g
        .counties
        .iter()
        .map(|c| {
            l.project
                .county(&c.code)
                .map_or_else(|| c.name_zh.clone(), |k| k.name.get(lang).to_string())
        })
        .collect();
    let base = g.base_year.to_string();
    let series = vec![
        Series {
            name: tf(
                lang,
                "growth_series",
                &[("year", &from.to_string()), ("base", &base)],
            ),
            color: PALETTE[9],
            values: g
                .counties
                .iter()
                .map(|c| Some(unit.from_yuan(c.gep_from)))
                .collect(),
        },
        Series {
            name: tf(
                lang,
                "growth_series",
                &[("year", &to.to_string()), ("base", &base)],
            ),
            color: PALETTE[0],
            values: g
                .counties
                .iter()
                .map(|c| Some(unit.from_yuan(c.gep_to)))
                .collect(),
        },
    ];
    let labels = g.counties.iter().map(|c| pct(c.real_growth)).collect();
    let tips = g
        .counties
        .iter()
        .map(|c| tf(lang, "real_growth", &[("pct", &pct(c.real_growth))]))
        .collect();
    let mut sub = tf(
        lang,
        "growth_subtitle",
        &[
            ("base", &base),
            ("unit", &sym),
            ("pct", &pct(g.region.real_growth)),
        ],
    );
    if l.project.meta.illustrative {
        sub.push_str(" · ");
        sub.push_str(t(lang, "illustrative"));
    }
    let n = categories.len();
    Chart {
        title: tf(
            lang,
            "chart_growth_title",
            &[
                ("from", &from.to_string()),
                ("to", &to.to_string()),
                ("base", &base),
            ],
        ),
        subtitle: sub,
        panels: vec![Panel {
            title: String::new(),
            kind: PanelKind::Bars(Bars {
                categories,
                series,
                stacked: false,
                horizontal: n > 16,
                value_axis: tf(lang, "axis_gep_unit", &[("unit", &sym)]),
                category_axis: String::new(),
                unit: sym,
                decimals: format::money_decimals(unit),
                labels,
                tips,
            }),
        }],
        file_stem: format!("gep_growth_{from}_{to}"),
    }
}
