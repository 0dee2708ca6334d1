//! Applying a preview to a project, all or nothing.
//!
//! Owns the final checks against the project as it is now (it may have changed since the
//! preview: a county deleted, a period removed) and the writes themselves, which cannot fail
//! once the checks pass. On any problem the project is not touched. Material products are
//! written as replacements: product lines replace the indicator's list and remove its output
//! value; an output value replaces the output value and removes the product lines.

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;

use crate::i18n::{Lang, Text, t, tf};
use crate::model::{County, CountyPeriod, Period, Project};

use super::problem::{ImportProblem, ProblemKind, Severity};
use super::{
    CountyUpsert, ImportChanges, ImportError, ImportPreview, IndicatorUpdate, MaterialEntry,
    MaterialUpdate, PeriodField,
};

/// What `apply` changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    pub counties_added: Vec<String>,
    pub counties_updated: Vec<String>,
    pub periods_added: Vec<i32>,
    /// Population, GDP and imported-products values set.
    pub county_values: usize,
    pub land_cover_values: usize,
    pub indicator_values: usize,
    /// Indicators whose method was set or changed.
    pub methods_set: usize,
    /// Values of a previous method removed because the method changed.
    pub stale_values_removed: usize,
    pub price_overrides: usize,
    /// Material products: product lines written (replacing the indicators' lists).
    pub product_lines: usize,
    /// Material products: output values written.
    pub output_values: usize,
    /// Material products: indicators whose earlier product lines or output value were replaced.
    pub material_replaced: usize,
    /// National means of the regional ESV coefficients set.
    pub national_means: usize,
    /// County values or coefficients of the regional ESV adjustment set (not in
    /// `county_values`).
    pub esv_adjust_values: usize,
    /// Ecosystem subtypes added or updated.
    pub subtypes: usize,
    /// Opportunity-cost rows of the compensation scenario written (incomes, the reference
    /// incomes, investments, other costs, beneficiaries).
    pub opportunity_rows: usize,
    /// Land-use transition matrices written (each replacing the one of its county and years).
    pub transition_matrices: usize,
    /// Groups of project settings replaced (`import::settings`).
    pub settings: usize,
}

impl ImportSummary {
    pub fn message(&self, lang: Lang) -> String {
        let years: Vec<String> = self.periods_added.iter().map(|y| y.to_string()).collect();
        let years = if years.is_empty() {
            t(lang, "imp_summary_no_periods").to_string()
        } else {
            years.join(t(lang, "imp_list_sep"))
        };
        let n = |v: usize| v.to_string();
        let args = [
            ("added", n(self.counties_added.len())),
            ("updated", n(self.counties_updated.len())),
            ("periods", years),
            ("county_values", n(self.county_values)),
            ("land_cover", n(self.land_cover_values)),
            ("inputs", n(self.indicator_values)),
            ("methods", n(self.methods_set)),
            ("stale", n(self.stale_values_removed)),
            ("prices", n(self.price_overrides)),
            ("lines", n(self.product_lines)),
            ("outputs", n(self.output_values)),
            ("replaced", n(self.material_replaced)),
        ];
        let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let mut out = tf(lang, "imp_summary", &args);
        if self.settings > 0 {
            out.push_str(&tf(lang, "hd_imp_settings", &[("n", &n(self.settings))]));
        }
        if self.subtypes > 0 {
            out.push_str(&tf(
                lang,
                "eco_imp_summary_subtypes",
                &[("n", &n(self.subtypes))],
            ));
        }
        if self.esv_adjust_values > 0 {
            out.push_str(&tf(
                lang,
                "esva_imp_summary_values",
                &[("n", &n(self.esv_adjust_values))],
            ));
        }
        if self.national_means > 0 {
            out.push_str(&tf(
                lang,
                "esva_imp_summary",
                &[("n", &n(self.national_means))],
            ));
        }
        if self.opportunity_rows > 0 {
            out.push_str(&tf(
                lang,
                "std_imp_summary",
                &[("n", &self.opportunity_rows.to_string())],
            ));
        }
        if self.transition_matrices > 0 {
            let n = self.transition_matrices.to_string();
            out.push_str(&tf(lang, "tr_imp_summary", &[("n", &n)]));
        }
        out
    }
}

/// Applies `preview` to `project`: everything, or nothing with [`ImportError::Rejected`]
/// listing why (errors of the preview, or counties no longer in the project).
pub fn apply(project: &mut Project, preview: &ImportPreview) -> Result<ImportSummary, ImportError> {
    let errors: Vec<ImportProblem> = preview.errors().cloned().collect();
    if !errors.is_empty() {
        return Err(ImportError::Rejected { problems: errors });
    }
    let problems = check(project, &preview.changes);
    if !problems.is_empty() {
        return Err(ImportError::Rejected { problems });
    }
    Ok(write(project, &preview.changes))
}

/// Problems applying `changes` to `project` as it is now.
fn check(project: &Project, changes: &ImportChanges) -> Vec<ImportProblem> {
    let mut out = Vec::new();
    let problem = |kind, value: &str| ImportProblem {
        sheet: String::new(),
        row: None,
        col: None,
        header: None,
        value: Some(value.to_string()),
        kind,
    };
    let existing: BTreeSet<&str> = project.counties.iter().map(|c| c.code.as_str()).collect();
    for u in changes
        .counties
        .iter()
        .filter(|u| !existing.contains(u.code.as_str()))
    {
        if u.name_zh.as_deref().is_none_or(str::is_empty) {
            out.push(problem(ProblemKind::NewCountyWithoutName, &u.code));
        }
        if u.land_area_hm2.is_none_or(|a| a <= 0.0) {
            out.push(problem(ProblemKind::NewCountyWithoutArea, &u.code));
        }
    }
    let known: BTreeSet<&str> = existing
        .iter()
        .copied()
        .chain(changes.counties.iter().map(|u| u.code.as_str()))
        .collect();
    let used: BTreeSet<&str> = changes
        .values
        .iter()
        .map(|v| v.county.as_str())
        .chain(changes.indicators.iter().map(|i| i.county.as_str()))
        .chain(changes.material.iter().map(|m| m.county.as_str()))
        .chain(changes.opportunity.counties())
        .collect();
    for code in used.difference(&known) {
        out.push(problem(ProblemKind::UnknownCounty, code));
    }
    debug_assert!(out.iter().all(|p| p.severity() == Severity::Error));
    out
}

/// Writes checked changes; cannot fail.
fn write(project: &mut Project, changes: &ImportChanges) -> ImportSummary {
    let mut s = ImportSummary::default();
    if let Some(settings) = &changes.settings {
        s.settings = super::settings::apply(project, settings);
    }
    let mut index: HashMap<String, usize> = project
        .counties
        .iter()
        .enumerate()
        .map(|(i, c)| (c.code.clone(), i))
        .collect();
    for u in &changes.counties {
        upsert_county(project, &mut index, u, &mut s);
    }
    for &year in &changes.new_years {
        add_period(project, year, &mut s);
    }
    for sub in &changes.subtypes {
        match project
            .ecosystem_subtypes
            .iter_mut()
            .find(|x| x.id == sub.id)
        {
            Some(x) => *x = sub.clone(),
            None => project.ecosystem_subtypes.push(sub.clone()),
        }
        s.subtypes += 1;
    }
    for v in &changes.values {
        let cp = county_period(project, v.year, &v.county);
        if let (Some(part), PeriodField::LandCover(class)) = (&v.part, &v.field) {
            let part = cp.ecosystem_parts.entry(part.clone()).or_default();
            part.land_cover.insert(class.clone(), v.value);
            s.land_cover_values += 1;
            continue;
        }
        match &v.field {
            PeriodField::Population => cp.population = Some(v.value),
            PeriodField::GdpYuan => cp.gdp_yuan = Some(v.value),
            PeriodField::ImportedProductsYuan => cp.imported_products_yuan = v.value,
            PeriodField::LandCover(class) => {
                cp.land_cover.insert(class.clone(), v.value);
                s.land_cover_values += 1;
                continue;
            }
            PeriodField::EsvAdjust(kind, coefficient) => {
                *cp.esv_adjust.get_mut(*kind) = Some(if *coefficient {
                    crate::model::AdjustEntry::Coefficient(v.value)
                } else {
                    crate::model::AdjustEntry::Value(v.value)
                });
                s.esv_adjust_values += 1;
                continue;
            }
        }
        s.county_values += 1;
    }
    for u in &changes.indicators {
        update_indicator(project, u, &mut s);
    }
    for (id, o) in &changes.price_overrides {
        project.price_overrides.insert(id.clone(), o.clone());
        s.price_overrides += 1;
    }
    for m in &changes.material {
        replace_material(project, m, &mut s);
    }
    for (k, m) in &changes.national_means {
        *project.esv.national_means.get_mut(*k) = Some(m.clone());
        s.national_means += 1;
    }
    changes
        .opportunity
        .apply_to(&mut project.compensation.opportunity);
    s.opportunity_rows = changes.opportunity.rows();
    for m in &changes.transitions {
        let same = |x: &crate::model::TransitionMatrix| {
            x.county == m.county && x.from_year == m.from_year && x.to_year == m.to_year
        };
        match project.transitions.iter_mut().find(|x| same(x)) {
            Some(x) => x.cells = m.cells.clone(),
            None => project.transitions.push(m.clone()),
        }
        s.transition_matrices += 1;
    }
    s
}

/// Replaces the product lines or output value of one indicator (the other is removed).
fn replace_material(project: &mut Project, m: &MaterialUpdate, s: &mut ImportSummary) {
    let cp = county_period(project, m.year, &m.county);
    let input = cp.indicators.entry(m.indicator.clone()).or_default();
    if let MaterialEntry::EnteredValue(v) = &m.entry {
        // Only the entered value is replaced: the indicator's quantities stay in the project.
        input.entered_value = Some(v.clone());
        s.output_values += 1;
        return;
    }
    if !input.products.is_empty() || input.output_value.is_some() {
        s.material_replaced += 1;
    }
    match &m.entry {
        MaterialEntry::Products(lines) => {
            input.products = lines.clone();
            input.output_value = None;
            s.product_lines += lines.len();
        }
        MaterialEntry::OutputValue(v) => {
            input.products.clear();
            input.output_value = Some(v.clone());
            s.output_values += 1;
        }
        MaterialEntry::EnteredValue(_) => {}
    }
}

fn upsert_county(
    project: &mut Project,
    index: &mut HashMap<String, usize>,
    u: &CountyUpsert,
    s: &mut ImportSummary,
) {
    if let Some(c) = index
        .get(&u.code)
        .and_then(|&i| project.counties.get_mut(i))
    {
        if let Some(n) = &u.name_zh {
            c.name.zh = n.clone();
        }
        if let Some(n) = &u.name_en {
            c.name.en = n.clone();
        }
        if let Some(a) = u.land_area_hm2 {
            c.land_area_hm2 = a;
        }
        if let Some(p) = &u.prefecture {
            c.prefecture = Some(p.clone());
        }
        s.counties_updated.push(u.code.clone());
    } else {
        index.insert(u.code.clone(), project.counties.len());
        project.counties.push(County {
            code: u.code.clone(),
            name: Text::new(
                u.name_zh.clone().unwrap_or_default(),
                u.name_en.clone().unwrap_or_default(),
            ),
            land_area_hm2: u.land_area_hm2.unwrap_or(0.0),
            prefecture: u.prefecture.clone(),
        });
        s.counties_added.push(u.code.clone());
    }
}

/// Adds an empty period, keeping years in order when they are.
fn add_period(project: &mut Project, year: i32, s: &mut ImportSummary) {
    if project.period(year).is_some() {
        return;
    }
    let at = project
        .periods
        .iter()
        .position(|p| p.year > year)
        .unwrap_or(project.periods.len());
    project.periods.insert(
        at,
        Period {
            year,
            counties: Default::default(),
        },
    );
    s.periods_added.push(year);
}

/// The county's data of a year; the period exists (added by `write` before).
fn county_period<'p>(project: &'p mut Project, year: i32, code: &str) -> &'p mut CountyPeriod {
    let idx = match project.periods.iter().position(|p| p.year == year) {
        Some(i) => i,
        None => {
            project.periods.push(Period {
                year,
                counties: Default::default(),
            });
            project.periods.len() - 1
        }
    };
    project.periods[idx]
        .counties
        .entry(code.to_string())
        .or_default()
}

fn update_indicator(project: &mut Project, u: &IndicatorUpdate, s: &mut ImportSummary) {
    let cp = county_period(project, u.year, &u.county);
    let inputs = match &u.part {
        Some(part) => {
            &mut cp
                .ecosystem_parts
                .entry(part.clone())
                .or_default()
                .indicators
        }
        None => &mut cp.indicators,
    };
    let input = inputs.entry(u.indicator.clone()).or_default();
    let current = if input.method.is_empty() {
        u.default_method.as_str()
    } else {
        input.method.as_str()
    };
    if current != u.method {
        let before = input.values.len();
        input.values.retain(|k, _| u.method_inputs.contains(k));
        s.stale_values_removed += before - input.values.len();
    }
    if input.method != u.method {
        input.method = u.method.clone();
        s.methods_set += 1;
    }
    for (k, v) in &u.values {
        input.values.insert(k.clone(), *v);
        s.indicator_values += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_names_every_count_in_both_languages() {
        let s = ImportSummary {
            counties_added: vec!["361028".into()],
            counties_updated: vec!["361002".into(), "361003".into()],
            periods_added: vec![2021, 2022],
            county_values: 3,
            land_cover_values: 4,
            indicator_values: 5,
            methods_set: 6,
            stale_values_removed: 7,
            price_overrides: 8,
            product_lines: 9,
            output_values: 10,
            material_replaced: 11,
            national_means: 0,
            esv_adjust_values: 0,
            subtypes: 0,
            opportunity_rows: 0,
            transition_matrices: 0,
            settings: 0,
        };
        assert_eq!(
            s.message(Lang::Zh),
            "新增县区 1，更新县区 2，新建核算期 2021、2022；人口/GDP 等 3 项，土地覆被 4 项，指标输入 5 项（方法 6 项，移除旧方法的值 7 项），价格参数 8 项；物质产品 9 行、直接填报产值 10 项（替换已有数据 11 项）"
        );
        assert_eq!(
            s.message(Lang::En),
            "1 counties added, 2 updated, new periods: 2021, 2022; 3 population/GDP values, 4 land-cover areas, 5 indicator inputs (6 methods set, 7 values of a previous method removed), 8 price overrides; 9 product lines, 10 output values (11 earlier entries replaced)"
        );
        // ESV coefficients and subtypes are named as such, not as population/GDP values.
        let esv = ImportSummary {
            esv_adjust_values: 7,
            subtypes: 2,
            ..ImportSummary::default()
        };
        let zh = esv.message(Lang::Zh);
        assert!(zh.contains("人口/GDP 等 0 项"), "{zh}");
        assert!(
            zh.ends_with("；生态系统亚类 2 个（新增或更新）；区域调节系数（县域值或系数）7 项"),
            "{zh}"
        );
        let none = ImportSummary::default();
        assert!(none.message(Lang::Zh).contains("新建核算期 无；"));
        assert!(none.message(Lang::En).contains("new periods: none;"));
    }
}
