//! The equivalent-factor ESV charts: the region's ESV by land class and by service, as the
//! engine summed them.

use super::{class_name, money_symbol, service_names, single_bars, subtitle};
use crate::engine::Accounts;
use crate::format;
use crate::i18n::{t, tf};
use crate::units::MoneyUnit;
use crate::view::Labels;
use crate::view::chart::{Chart, PALETTE, Panel, PanelKind};

/// Region ESV by land class: (class, area hm², value 元), as the engine summed it.
pub fn region_esv_by_class(acc: &Accounts) -> Vec<(String, f64, f64)> {
    acc.region
        .esv_by_class
        .iter()
        .map(|(c, a, v)| (c.to_string(), *a, *v))
        .collect()
}

/// Region ESV by service: (service id, value 元), as the engine summed it.
pub fn region_esv_by_service(acc: &Accounts) -> Vec<(String, f64)> {
    acc.region
        .esv_by_service
        .iter()
        .map(|(s, v)| (s.to_string(), *v))
        .collect()
}

fn esv_table_id(acc: &Accounts) -> Option<String> {
    acc.counties
        .iter()
        .find_map(|c| c.esv.as_ref().map(|e| e.table.clone()))
}

/// Region ESV by land class, largest first.
pub fn esv_by_class(l: &Labels, acc: &Accounts, unit: MoneyUnit) -> Result<Chart, String> {
    let lang = l.lang;
    let sym = money_symbol(unit, lang);
    let mut rows = region_esv_by_class(acc);
    if rows.is_empty() {
        return Err(t(lang, "esv_not_computed").to_string());
    }
    rows.retain(|r| r.2 != 0.0);
    rows.sort_by(|a, b| b.2.total_cmp(&a.2));
    let tips = rows
        .iter()
        .map(|r| tf(lang, "esv_area_tip", &[("area", &format::num(r.1, 2))]))
        .collect();
    let bars = single_bars(
        l,
        rows.iter().map(|r| class_name(l, &r.0)).collect(),
        rows.iter().map(|r| r.2).collect(),
        ("ESV".into(), PALETTE[0]),
        tf(lang, "axis_esv_unit", &[("unit", &sym)]),
        unit,
        tips,
    );
    Ok(Chart {
        title: t(lang, "chart_esv_class_title").to_string(),
        subtitle: subtitle(l, acc, &sym),
        panels: vec![Panel {
            title: String::new(),
            kind: PanelKind::Bars(bars),
        }],
        file_stem: format!("esv_by_land_class_{}", acc.year),
    })
}

/// Region ESV by service of the factor table the accounts used, largest first.
pub fn esv_by_service(l: &Labels, acc: &Accounts, unit: MoneyUnit) -> Result<Chart, String> {
    let lang = l.lang;
    let sym = money_symbol(unit, lang);
    let mut rows = region_esv_by_service(acc);
    let Some(table) = esv_table_id(acc) else {
        return Err(t(lang, "esv_not_computed").to_string());
    };
    let names = service_names(l, &table);
    rows.sort_by(|a, b| b.1.total_cmp(&a.1));
    let bars = single_bars(
        l,
        rows.iter()
            .map(|r| names.get(&r.0).cloned().unwrap_or_else(|| r.0.clone()))
            .collect(),
        rows.iter().map(|r| r.1).collect(),
        ("ESV".into(), PALETTE[5]),
        tf(lang, "axis_esv_unit", &[("unit", &sym)]),
        unit,
        Vec::new(),
    );
    Ok(Chart {
        title: t(lang, "chart_esv_service_title").to_string(),
        subtitle: subtitle(l, acc, &sym),
        panels: vec![Panel {
            title: String::new(),
            kind: PanelKind::Bars(bars),
        }],
        file_stem: format!("esv_by_service_{}", acc.year),
    })
}
