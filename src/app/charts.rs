//! Chart builders shared by pages (egui_plot). They only read `Accounts`; nothing here
//! computes an accounting number.

use eframe::egui;
use egui_plot::{Bar, BarChart, Legend, Plot};

use super::format;
use crate::engine::Accounts;
use crate::i18n::Lang;
use crate::registry::Category;
use crate::units::MoneyUnit;

/// Category colours, fixed so every chart and report agrees.
pub fn category_color(c: Category) -> egui::Color32 {
    match c {
        Category::Material => egui::Color32::from_rgb(214, 150, 50),
        Category::Regulating => egui::Color32::from_rgb(60, 140, 90),
        Category::Cultural => egui::Color32::from_rgb(80, 120, 200),
    }
}

/// County short name in the display language.
pub fn county_label(name_zh: &str, name_en: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => name_zh.to_string(),
        Lang::En => name_en.to_string(),
    }
}

/// Stacked bars of GEP by category per county, in `unit`.
pub fn stacked_by_category(
    ui: &mut egui::Ui,
    id: &str,
    acc: &Accounts,
    lang: Lang,
    unit: MoneyUnit,
    height: f32,
) {
    let names: Vec<String> = acc
        .counties
        .iter()
        .map(|c| county_label(&c.name_zh, &c.name_en, lang))
        .collect();
    let mut charts: Vec<BarChart> = Vec::new();
    for cat in Category::ALL {
        let bars: Vec<Bar> = acc
            .counties
            .iter()
            .enumerate()
            .map(|(i, c)| {
                Bar::new(i as f64, unit.from_yuan(c.totals.category(cat)))
                    .width(0.7)
                    .name(&names[i])
            })
            .collect();
        let label = cat.name().get(lang).to_string();
        let symbol = unit.unit().symbol(lang).to_string();
        let mut chart = BarChart::new(label.clone(), bars)
            .color(category_color(cat))
            .element_formatter(Box::new(move |b, _| {
                format!("{}\n{label}: {} {symbol}", b.name, format::num(b.value, 2))
            }));
        let refs: Vec<&BarChart> = charts.iter().collect();
        chart = chart.stack_on(&refs);
        charts.push(chart);
    }
    let names_for_axis = names.clone();
    Plot::new(id.to_string())
        .height(height)
        .legend(Legend::default())
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_drag(false)
        .y_axis_label(unit.unit().symbol(lang).to_string())
        .x_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() < 1e-6 && i >= 0.0 {
                names_for_axis.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .show(ui, |p| {
            for c in charts {
                p.bar_chart(c);
            }
        });
}
