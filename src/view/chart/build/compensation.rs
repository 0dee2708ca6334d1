//! The compensation charts (page and report): amounts received and paid by county as
//! diverging bars, and the ECPS ranking coloured by priority class. Values come from the
//! scenario's `Outcome`.

use crate::engine::compensation::PriorityClass;
use crate::engine::compensation::scenario::Outcome;
use crate::format;
use crate::i18n::{Lang, t, tf};
use crate::model::compensation::ValueBasis;
use crate::units::MoneyUnit;
use crate::view::chart::{
    Bars, Chart, PAY_COLOR, Panel, PanelKind, RECEIVE_COLOR, Series, class_color, county_label,
    decimals_for,
};

/// More counties than this: the amount chart shows the largest receivers and payers only, the
/// ranking the highest scores.
pub const CHART_MAX: usize = 30;

/// Diverging bars: what each county receives (right, green) or pays (left, red), largest
/// first. `None` for the priority method (no amounts).
pub fn amount_chart(o: &Outcome, lang: Lang, unit: MoneyUnit) -> Option<Chart> {
    let mut rows: Vec<(usize, f64)> = o
        .rows
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.amount_yuan.map(|a| (i, a)))
        .collect();
    if rows.is_empty() {
        return None;
    }
    rows.sort_by(|a, b| b.1.total_cmp(&a.1));
    let n = rows.len();
    let shown: Vec<(usize, f64)> = if n > CHART_MAX {
        let half = CHART_MAX / 2;
        let mut v: Vec<_> = rows[..half].to_vec();
        v.extend_from_slice(&rows[n - half..]);
        v
    } else {
        rows
    };
    let sym = unit.unit().symbol(lang).to_string();
    let values: Vec<f64> = shown.iter().map(|(_, a)| unit.from_yuan(*a)).collect();
    let max = values.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
    let decimals = decimals_for(max);
    let categories = shown
        .iter()
        .map(|(i, _)| county_label(&o.rows[*i].name_zh, &o.rows[*i].name_en, lang))
        .collect();
    let labels = values
        .iter()
        .map(|v| format!("{} {sym}", format::num(*v, decimals)))
        .collect();
    let pick = |positive: bool| -> Vec<Option<f64>> {
        values
            .iter()
            .map(|v| ((*v > 0.0) == positive && *v != 0.0).then_some(*v))
            .collect()
    };
    let mut subtitle = tf(
        lang,
        "comp_chart_subtitle",
        &[
            ("year", &o.year.to_string()),
            ("price_year", &o.price_year.to_string()),
            ("unit", &sym),
        ],
    );
    if n > CHART_MAX {
        subtitle.push_str(&tf(
            lang,
            "comp_chart_top",
            &[("shown", &CHART_MAX.to_string()), ("all", &n.to_string())],
        ));
    }
    Some(Chart {
        title: format!(
            "{} · {}",
            t(lang, "comp_chart_amount"),
            Outcome::method_name(o.settings.method, lang)
        ),
        subtitle,
        panels: vec![Panel {
            title: String::new(),
            kind: PanelKind::Bars(Bars {
                categories,
                series: vec![
                    Series {
                        name: t(lang, "comp_receive").into(),
                        color: RECEIVE_COLOR,
                        values: pick(true),
                    },
                    Series {
                        name: t(lang, "comp_pay").into(),
                        color: PAY_COLOR,
                        values: pick(false),
                    },
                ],
                stacked: true,
                horizontal: true,
                value_axis: tf(lang, "comp_axis_amount", &[("unit", &sym)]),
                category_axis: String::new(),
                unit: sym,
                decimals,
                labels,
                tips: Vec::new(),
            }),
        }],
        file_stem: format!("compensation_{}_{}", o.settings.method.id(), o.year),
    })
}

/// ECPS ranking, one bar per county coloured by priority class (top `CHART_MAX`).
pub fn ranking_chart(o: &Outcome, lang: Lang) -> Option<Chart> {
    let mut rows: Vec<(usize, f64, PriorityClass)> = o
        .priority
        .rows
        .iter()
        .enumerate()
        .filter_map(|(i, r)| Some((i, r.ecps?, r.class?)))
        .collect();
    if rows.is_empty() {
        return None;
    }
    rows.sort_by(|a, b| b.1.total_cmp(&a.1));
    let n = rows.len();
    rows.truncate(CHART_MAX);
    let classes = [
        PriorityClass::Priority,
        PriorityClass::Secondary,
        PriorityClass::Potential,
    ];
    let series = classes
        .iter()
        .map(|c| Series {
            name: if lang == Lang::Zh {
                c.label_zh()
            } else {
                c.label_en()
            }
            .to_string(),
            color: class_color(*c),
            values: rows
                .iter()
                .map(|(_, e, k)| (k == c).then_some(*e))
                .collect(),
        })
        .collect();
    let mut subtitle = tf(
        lang,
        "comp_ranking_subtitle",
        &[
            ("year", &o.year.to_string()),
            (
                "basis",
                t(
                    lang,
                    match o.priority.basis {
                        ValueBasis::Gep => "comp_basis_gep",
                        ValueBasis::Esv => "comp_basis_esv",
                    },
                ),
            ),
        ],
    );
    if n > CHART_MAX {
        subtitle.push_str(&tf(
            lang,
            "comp_chart_top",
            &[("shown", &CHART_MAX.to_string()), ("all", &n.to_string())],
        ));
    }
    Some(Chart {
        title: t(lang, "comp_chart_ranking").into(),
        subtitle,
        panels: vec![Panel {
            title: String::new(),
            kind: PanelKind::Bars(Bars {
                categories: rows
                    .iter()
                    .map(|(i, ..)| {
                        let r = &o.rows[*i];
                        county_label(&r.name_zh, &r.name_en, lang)
                    })
                    .collect(),
                series,
                stacked: true,
                horizontal: true,
                value_axis: "ECPS".into(),
                category_axis: String::new(),
                unit: String::new(),
                decimals: 3,
                labels: rows.iter().map(|(_, e, _)| format::num(*e, 3)).collect(),
                tips: Vec::new(),
            }),
        }],
        file_stem: format!("compensation_ecps_ranking_{}", o.year),
    })
}
