//! The GEP accounting report as one self-contained HTML document.
//!
//! `write_report(project, accounts, registry, lang)` is pure: accounts in, HTML text out (no
//! I/O, no clock, no scripts, no external resources — CSS and SVG charts are inline). Headings
//! and labels follow `lang`. Sections, each starting a new page when printed (A4):
//!
//! 1. Cover — project, region, year, framework, price year, illustrative notice.
//! 2. Overview — region totals in 万元 and 亿元, GEP/GDP, per capita, per km², category shares.
//! 3. Methods — per counted indicator: physical model used, valuation method, clause.
//! 4. Data sources — every parameter that entered a number, with its source.
//! 5. Physical accounts — indicator × county quantities with units.
//! 6. Value accounts — indicator × county values (万元), category subtotals, GEP; memo items
//!    (outside the framework) listed apart and marked.
//! 7. County comparison — stacked category bars and the GEP-per-km² ranking (inline SVG drawn by
//!    `app::chart_export::to_svg`, the same renderer as the app's chart export).
//! 8. ESV comparison — equivalent-factor ESV beside GEP by county.
//! 9. Main findings — structure, ranking, and real growth against the previous period at
//!    constant prices (`engine::growth::growth`) when the project has one.
//! 10. Appendix A — parameters with value, unit, price year, source and verification tag
//!     (unverified U rows marked).
//! 11. Appendix B — traces: per county × indicator the formula and every step.
//!
//! Accounts should be computed with `Options::traces = true`, else Appendix B is empty. Money is
//! in 元 at the accounts' price year, shown in 万元 / 亿元; quantities in canonical units.

use std::borrow::Cow;
use std::fmt::Write as _;

use eframe::egui::Color32;

use crate::app::chart_export;
use crate::app::charts::{self as ch, Bars, Chart, Panel, PanelKind, Series};
use crate::app::format::{auto, money_value, num};
use crate::engine::growth::growth;
use crate::engine::{Accounts, CountyAccount, EffectiveParam, IndicatorAccount, Origin, Status};
use crate::i18n::Lang;
use crate::model::Project;
use crate::registry::{Category, IndicatorSpec, Registry};
use crate::units::{MoneyUnit, Unit};

/// Appends formatted text to a `String` (writing to a `String` cannot fail).
macro_rules! w {
    ($out:expr, $($arg:tt)*) => {{
        let _ = write!($out, $($arg)*);
    }};
}

/// HTML-escapes text for element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Region GEP as printed in the overview table (万元, thousands separators, 2 decimals).
pub fn overview_gep_wan(accounts: &Accounts) -> String {
    money_value(accounts.region.totals.gep, MoneyUnit::WanYuan)
}

/// The report as one HTML document in `lang`.
pub fn write_report(
    project: &Project,
    accounts: &Accounts,
    registry: &Registry,
    lang: Lang,
) -> String {
    let cx = Cx {
        project,
        accounts,
        registry,
        lang,
        specs: crate::engine::accounts_specs(project, registry),
    };
    let mut out = String::with_capacity(256 * 1024);
    let html_lang = cx.t("zh-CN", "en");
    let title = cx.t(
        "生态产品总值（GEP）核算报告",
        "Gross Ecosystem Product (GEP) Accounting Report",
    );
    w!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{html_lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} — {}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n",
        escape(title),
        escape(&project.meta.name)
    );
    cover(&mut out, &cx, title);
    overview(&mut out, &cx);
    methods(&mut out, &cx);
    sources(&mut out, &cx);
    physical(&mut out, &cx);
    values(&mut out, &cx);
    comparison(&mut out, &cx);
    esv(&mut out, &cx);
    findings(&mut out, &cx);
    appendix_params(&mut out, &cx);
    appendix_traces(&mut out, &cx);
    out.push_str("</body>\n</html>\n");
    out
}

const CSS: &str = r#"@page { size: A4; margin: 15mm 12mm; }
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", SimHei, sans-serif; color: #222; margin: 0 auto; max-width: 1100px; padding: 12px; font-size: 10.5pt; line-height: 1.45; }
h1 { font-size: 22pt; margin: 30mm 0 6mm; }
h2 { font-size: 15pt; border-bottom: 2px solid #3c8c5a; padding-bottom: 3px; margin-top: 0; }
h3 { font-size: 12pt; margin: 14px 0 6px; }
h4 { font-size: 10.5pt; margin: 10px 0 4px; }
section.major { break-before: page; page-break-before: always; padding-top: 8px; }
.wide { overflow-x: auto; }
table { border-collapse: collapse; margin: 6px 0 12px; font-size: 8.5pt; }
th, td { border: 1px solid #bbb; padding: 2px 5px; vertical-align: top; }
th { background: #eef3ee; text-align: left; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
td.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.sub td { background: #f4f4f4; font-weight: bold; }
tr.total td { background: #e2efe6; font-weight: bold; }
tr.memo td { color: #666; font-style: italic; }
tr.u td { background: #fff1dc; }
.tag-u { color: #b35a00; font-weight: bold; }
.notice { border: 2px solid #c0392b; color: #c0392b; padding: 6px 10px; margin: 12px 0; font-weight: bold; }
.note { color: #555; font-size: 9pt; }
dl.meta { display: grid; grid-template-columns: max-content auto; gap: 4px 16px; font-size: 12pt; }
dl.meta dt { font-weight: bold; }
dl.meta dd { margin: 0; }
figure { margin: 8px 0 16px; break-inside: avoid; page-break-inside: avoid; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-size: 9pt; color: #555; }
.trace { break-inside: avoid; page-break-inside: avoid; margin-bottom: 8px; }
.formula { font-family: "DejaVu Sans Mono", Consolas, monospace; background: #f6f6f6; padding: 2px 6px; display: inline-block; }
@media print { body { max-width: none; padding: 0; } .wide { overflow: visible; } section.cover { min-height: 240mm; } }
td.c { white-space: nowrap; }
"#;

/// Shared context: labels in the report language and registry look-ups.
struct Cx<'a> {
    project: &'a Project,
    accounts: &'a Accounts,
    registry: &'a Registry,
    lang: Lang,
    specs: Vec<Cow<'a, IndicatorSpec>>,
}

impl Cx<'_> {
    fn zh(&self) -> bool {
        self.lang == Lang::Zh
    }

    fn t<'s>(&self, zh: &'s str, en: &'s str) -> &'s str {
        if self.zh() { zh } else { en }
    }

    fn unit(&self, u: Unit) -> &'static str {
        u.symbol(self.lang)
    }

    /// "label（unit）" / "label (unit)", escaped.
    fn with_unit(&self, label: &str, unit: &str) -> String {
        if self.zh() {
            escape(&format!("{label}（{unit}）"))
        } else {
            escape(&format!("{label} ({unit})"))
        }
    }

    fn wan_label(&self) -> &'static str {
        self.unit(Unit::WanYuan)
    }

    fn spec(&self, id: &str) -> Option<&IndicatorSpec> {
        self.specs.iter().map(|s| s.as_ref()).find(|s| s.id == id)
    }

    fn indicator_name(&self, id: &str) -> String {
        self.spec(id)
            .map_or_else(|| id.to_string(), |s| s.name.get(self.lang).to_string())
    }

    fn category(&self, c: Category) -> &'static str {
        match c {
            Category::Material => self.t("物质产品", "Material products"),
            Category::Regulating => self.t("调节服务", "Regulating services"),
            Category::Cultural => self.t("文化服务", "Cultural services"),
        }
    }

    fn county(&self, c: &CountyAccount) -> String {
        c.name_zh_or_en(self.lang).to_string()
    }

    fn framework_name(&self) -> String {
        self.registry
            .framework_label(&self.accounts.framework, self.lang)
    }

    fn land_class_name(&self, id: &str) -> String {
        self.project.land_class_name(self.registry, id, self.lang)
    }

    fn method_name(&self, indicator: &str, method: &str) -> String {
        match self.spec(indicator).and_then(|s| s.method(method)) {
            Some(m) => m.name.get(self.lang).to_string(),
            None => method.to_string(),
        }
    }

    fn input_name(&self, indicator: &str, input: &str) -> String {
        self.spec(indicator)
            .and_then(|s| {
                s.methods
                    .iter()
                    .flat_map(|m| &m.inputs)
                    .find(|i| i.id == input)
            })
            .map_or_else(|| input.to_string(), |i| i.name.get(self.lang).to_string())
    }

    fn param_name<'p>(&self, p: &'p EffectiveParam) -> &'p str {
        if self.zh() || p.name_en.is_empty() {
            &p.name_zh
        } else {
            &p.name_en
        }
    }

    /// Indicator ids in the engine's order.
    fn indicator_ids(&self) -> Vec<&str> {
        self.accounts
            .region
            .by_indicator
            .iter()
            .map(|(id, _)| id.as_ref())
            .collect()
    }

    /// The first county's account of an indicator (category and counted are the same in every
    /// county).
    fn any_account(&self, id: &str) -> Option<&IndicatorAccount> {
        self.accounts.counties.iter().find_map(|c| indicator(c, id))
    }

    fn counted(&self, id: &str) -> bool {
        self.any_account(id).map_or_else(
            || {
                self.spec(id)
                    .is_some_and(|s| s.counts_in(&self.accounts.framework))
            },
            |a| a.counted,
        )
    }

    fn status_text(&self, s: &Status) -> &str {
        match s {
            Status::Computed => "",
            Status::NotEntered => "—",
            Status::Incomplete { .. } => self.t("不完整", "incomplete"),
            Status::Failed { .. } => self.t("失败", "failed"),
        }
    }

    fn section(&self, out: &mut String, id: &str, zh: &str, en: &str) {
        w!(
            out,
            "<section class=\"major\" id=\"{id}\">\n<h2>{}</h2>\n",
            escape(self.t(zh, en))
        );
    }
}

fn indicator<'c>(c: &'c CountyAccount, id: &str) -> Option<&'c IndicatorAccount> {
    c.indicators.iter().find(|a| &*a.id == id)
}

fn wan(yuan: f64) -> String {
    money_value(yuan, MoneyUnit::WanYuan)
}

fn yi(yuan: f64) -> String {
    money_value(yuan, MoneyUnit::YiYuan)
}

fn pct(x: Option<f64>) -> String {
    x.map_or_else(|| "—".to_string(), |v| format!("{}%", num(v * 100.0, 1)))
}

fn opt(x: Option<f64>, f: impl Fn(f64) -> String) -> String {
    x.map_or_else(|| "—".to_string(), f)
}

// ---------------------------------------------------------------------------------------------
// 1. Cover

fn cover(out: &mut String, cx: &Cx, title: &str) {
    let a = cx.accounts;
    let meta = &cx.project.meta;
    w!(
        out,
        "<section class=\"cover\">\n<h1>{}</h1>\n<dl class=\"meta\">\n",
        escape(title)
    );
    let rows: [(&str, String); 6] = [
        (cx.t("项目", "Project"), meta.name.clone()),
        (cx.t("核算区域", "Region"), meta.region.clone()),
        (cx.t("核算年份", "Accounting year"), a.year.to_string()),
        (cx.t("核算框架", "Framework"), cx.framework_name()),
        (
            cx.t("价格基准年", "Price year"),
            if cx.zh() {
                format!("{} 年价格", a.price_year)
            } else {
                format!("{} prices", a.price_year)
            },
        ),
        (cx.t("县区数", "Counties"), a.counties.len().to_string()),
    ];
    for (k, v) in rows {
        w!(out, "<dt>{}</dt><dd>{}</dd>\n", escape(k), escape(&v));
    }
    out.push_str("</dl>\n");
    if let Some(f) = cx.registry.framework(&a.framework) {
        w!(
            out,
            "<p class=\"note\">{}{}</p>\n",
            escape(cx.t("框架依据：", "Framework source: ")),
            escape(&f.source)
        );
    }
    if meta.illustrative {
        w!(
            out,
            "<p class=\"notice\">{}</p>\n",
            escape(cx.t(
                "示例数据：本报告中的输入数据为示意性数据，仅用于演示核算方法，不得用于决策。",
                "Illustrative data: the inputs of this report are illustrative, for demonstrating \
                 the accounting method only; not for decisions.",
            ))
        );
    }
    if !meta.notes.is_empty() {
        w!(out, "<p>{}</p>\n", escape(&meta.notes));
    }
    w!(
        out,
        "<p class=\"note\">{}</p>\n</section>\n",
        escape(cx.t(
            "由 gep-calc 离线生成。金额为核算价格基准年价格；未核验（U）参数在附录中标出。",
            "Generated offline by gep-calc. Money at the prices of the price year; unverified (U) \
             parameters are marked in the appendix.",
        ))
    );
}

// ---------------------------------------------------------------------------------------------
// 2. Overview

fn overview(out: &mut String, cx: &Cx) {
    let a = cx.accounts;
    let r = &a.region;
    let t = &r.totals;
    cx.section(out, "overview", "一、核算总览", "1. Overview");
    w!(
        out,
        "<table class=\"overview\">\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
        escape(cx.t("项目", "Item")),
        escape(cx.unit(Unit::WanYuan)),
        escape(cx.unit(Unit::YiYuan)),
        escape(cx.t("占比", "Share"))
    );
    let money_row = |out: &mut String, class: &str, label: &str, v: f64, share: Option<f64>| {
        w!(
            out,
            "<tr class=\"{class}\"><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
            escape(label),
            wan(v),
            yi(v),
            share.map_or(String::new(), |s| pct(Some(s)))
        );
    };
    money_row(out, "total", "GEP", t.gep, None);
    for c in Category::ALL {
        let share = match c {
            Category::Material => r.ratios.share_material,
            Category::Regulating => r.ratios.share_regulating,
            Category::Cultural => r.ratios.share_cultural,
        };
        money_row(out, "", cx.category(c), t.category(c), share);
    }
    money_row(
        out,
        "sub",
        cx.t("合计（扣除前）", "Gross (before deduction)"),
        t.gross,
        None,
    );
    if t.imported_deduction != 0.0 {
        money_row(
            out,
            "",
            cx.t(
                "扣除：区外输入生态产品",
                "Less: imported ecological products",
            ),
            -t.imported_deduction,
            None,
        );
    }
    money_row(out, "", cx.t("市场价值", "Market value"), t.market, None);
    money_row(
        out,
        "",
        cx.t("非市场价值", "Non-market value"),
        t.non_market,
        None,
    );
    if t.outside_framework != 0.0 {
        money_row(
            out,
            "memo",
            cx.t(
                "备查：框架外指标（不计入 GEP）",
                "Memo: outside the framework (not in GEP)",
            ),
            t.outside_framework,
            None,
        );
    }
    if r.esv_total != 0.0 {
        money_row(
            out,
            "",
            cx.t("当量因子法 ESV", "Equivalent-factor ESV"),
            r.esv_total,
            None,
        );
    }
    out.push_str("</tbody>\n</table>\n");

    w!(
        out,
        "<table>\n<thead><tr><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
        escape(cx.t("指标", "Measure")),
        escape(cx.t("数值", "Value"))
    );
    let rows: [(String, String); 6] = [
        (
            cx.with_unit(cx.t("地区生产总值 GDP", "GDP"), cx.wan_label()),
            opt((r.gdp_yuan > 0.0).then_some(r.gdp_yuan), wan),
        ),
        (escape("GEP/GDP"), opt(r.ratios.gep_per_gdp, |v| num(v, 2))),
        (
            cx.with_unit(
                cx.t("常住人口", "Resident population"),
                cx.unit(Unit::Person),
            ),
            num(r.population, 0),
        ),
        (
            cx.with_unit(
                cx.t("人均 GEP", "GEP per capita"),
                cx.t("元/人", "CNY/person"),
            ),
            opt(r.ratios.gep_per_capita, |v| num(v, 0)),
        ),
        (
            cx.with_unit(cx.t("土地面积", "Land area"), cx.unit(Unit::Km2)),
            num(r.land_area_hm2 / 100.0, 2),
        ),
        (
            cx.with_unit(
                cx.t("单位面积 GEP", "GEP per km²"),
                cx.t("万元/km²", "10⁴ CNY/km²"),
            ),
            opt(r.ratios.gep_per_km2, |v| num(v / 1e4, 2)),
        ),
    ];
    for (k, v) in rows {
        w!(out, "<tr><td>{k}</td><td class=\"n\">{v}</td></tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");

    // Per-county summary.
    w!(
        out,
        "<h3>{}</h3>\n<div class=\"wide\"><table>\n<thead><tr><th>{}</th><th>{}</th>",
        escape(cx.t("分县区汇总", "By county")),
        escape(cx.t("代码", "Code")),
        escape(cx.t("县区", "County"))
    );
    for c in Category::ALL {
        w!(
            out,
            "<th>{}</th>",
            cx.with_unit(cx.category(c), cx.wan_label())
        );
    }
    w!(
        out,
        "<th>{}</th><th>GEP/GDP</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
        cx.with_unit("GEP", cx.wan_label()),
        cx.with_unit(cx.t("人均", "Per capita"), cx.t("元/人", "CNY/person")),
        cx.with_unit(cx.t("地均", "Per km²"), cx.t("万元/km²", "10⁴ CNY/km²"))
    );
    for c in &a.counties {
        w!(
            out,
            "<tr><td>{}</td><td>{}</td>",
            escape(&c.code),
            escape(&cx.county(c))
        );
        for cat in Category::ALL {
            w!(out, "<td class=\"n\">{}</td>", wan(c.totals.category(cat)));
        }
        w!(
            out,
            "<td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
            wan(c.totals.gep),
            opt(c.ratios.gep_per_gdp, |v| num(v, 2)),
            opt(c.ratios.gep_per_capita, |v| num(v, 0)),
            opt(c.ratios.gep_per_km2, |v| num(v / 1e4, 2))
        );
    }
    w!(
        out,
        "<tr class=\"total\"><td></td><td>{}</td>",
        escape(cx.t("合计", "Total"))
    );
    for cat in Category::ALL {
        w!(out, "<td class=\"n\">{}</td>", wan(t.category(cat)));
    }
    w!(
        out,
        "<td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n</tbody>\n</table></div>\n",
        wan(t.gep),
        opt(r.ratios.gep_per_gdp, |v| num(v, 2)),
        opt(r.ratios.gep_per_capita, |v| num(v, 0)),
        opt(r.ratios.gep_per_km2, |v| num(v / 1e4, 2))
    );
    if !a.problems.is_empty() {
        w!(
            out,
            "<h3>{}</h3>\n<ul>\n",
            escape(cx.t("计算中发现的问题", "Problems met while computing"))
        );
        for p in &a.problems {
            let msg = if cx.zh() {
                &p.message_zh
            } else {
                &p.message_en
            };
            let county = p
                .county
                .as_deref()
                .and_then(|code| a.counties.iter().find(|c| c.code == code))
                .map(|c| cx.county(c));
            let ind = p.indicator.as_deref().map(|i| cx.indicator_name(i));
            let head: Vec<String> = county.into_iter().chain(ind).collect();
            w!(
                out,
                "<li>{}{}</li>\n",
                escape(&if head.is_empty() {
                    String::new()
                } else {
                    format!("{}: ", head.join(" · "))
                }),
                escape(msg)
            );
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}

// ---------------------------------------------------------------------------------------------
// 3. Methods

fn methods(out: &mut String, cx: &Cx) {
    cx.section(out, "methods", "二、核算方法", "2. Methods");
    w!(
        out,
        "<p class=\"note\">{}</p>\n<div class=\"wide\"><table>\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
        escape(cx.t(
            "计入本框架 GEP 的指标；实物量方法为各县区实际采用的方法。",
            "Indicators counted in the framework's GEP; the physical method is the one each county actually used.",
        )),
        escape(cx.t("指标", "Indicator")),
        escape(cx.t("类别", "Category")),
        escape(cx.t("实物量模型/方法", "Physical model / method")),
        escape(cx.t("价值量方法", "Valuation method")),
        escape(cx.t("标准条款", "Clause of the standard"))
    );
    for id in cx.indicator_ids() {
        if !cx.counted(id) {
            continue;
        }
        let mut used: Vec<&str> = Vec::new();
        for c in &cx.accounts.counties {
            if let Some(tr) = indicator(c, id).and_then(|a| a.trace.as_ref())
                && !used.contains(&tr.method.as_ref())
            {
                used.push(tr.method.as_ref());
            }
        }
        let spec = cx.spec(id);
        let method = if used.is_empty() {
            "—".to_string()
        } else {
            used.iter()
                .map(|m| cx.method_name(id, m))
                .collect::<Vec<_>>()
                .join(cx.t("；", "; "))
        };
        let mut clause = spec.map_or_else(String::new, |s| s.clause.clone());
        for m in &used {
            if let Some(mc) = spec
                .and_then(|s| s.method(m))
                .map(|m| m.clause.as_str())
                .filter(|c| !c.is_empty() && !clause.contains(*c))
            {
                clause.push_str(cx.t("；", "; "));
                clause.push_str(mc);
            }
        }
        let category = cx
            .any_account(id)
            .map(|a| a.category)
            .or(spec.map(|s| s.category));
        w!(
            out,
            "<tr><td>{}</td><td class=\"c\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            escape(&cx.indicator_name(id)),
            escape(category.map_or("—", |c| cx.category(c))),
            escape(&method),
            escape(&spec.map_or_else(
                || "—".to_string(),
                |s| s.valuation.name().get(cx.lang).to_string()
            )),
            escape(if clause.is_empty() { "—" } else { &clause })
        );
    }
    out.push_str("</tbody>\n</table></div>\n</section>\n");
}

// ---------------------------------------------------------------------------------------------
// 4. Data sources

fn sources(out: &mut String, cx: &Cx) {
    cx.section(out, "sources", "三、数据来源", "3. Data sources");
    w!(
        out,
        "<p class=\"note\">{}</p>\n<div class=\"wide\"><table>\n<thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
        escape(cx.t(
            "参与计算的全部参数及其来源（数值见附录 A）。县区输入数据由项目录入。",
            "Every parameter that entered a computed number, with its source (values in Appendix A). County inputs are as entered in the project.",
        )),
        escape(cx.t("参数", "Parameter")),
        escape(cx.t("代码", "Id")),
        escape(cx.t("来源", "Source"))
    );
    for p in &cx.accounts.params_used {
        w!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            escape(cx.param_name(p)),
            escape(&p.id),
            escape(&p.source)
        );
    }
    out.push_str("</tbody>\n</table></div>\n");
    // Sources of entered products and output values.
    let mut extra: Vec<(String, String)> = Vec::new();
    for c in &cx.accounts.counties {
        for a in &c.indicators {
            for s in a.trace.iter().flat_map(|t| &t.steps) {
                let item = match &s.origin {
                    Origin::Product { name, source, .. } => (name.to_string(), source.to_string()),
                    Origin::OutputValue { source, .. } => {
                        (cx.indicator_name(&a.id), source.to_string())
                    }
                    _ => continue,
                };
                if !item.1.is_empty() && !extra.contains(&item) {
                    extra.push(item);
                }
            }
        }
    }
    if !extra.is_empty() {
        w!(
            out,
            "<h3>{}</h3>\n<table>\n<thead><tr><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
            escape(cx.t("物质产品数据来源", "Sources of material-product data")),
            escape(cx.t("产品/指标", "Product / indicator")),
            escape(cx.t("来源", "Source"))
        );
        for (n, s) in extra {
            w!(
                out,
                "<tr><td>{}</td><td>{}</td></tr>\n",
                escape(&n),
                escape(&s)
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str("</section>\n");
}

// ---------------------------------------------------------------------------------------------
// 5. Physical accounts

fn county_header(out: &mut String, cx: &Cx, first: &[String], region: Option<&str>) {
    out.push_str("<thead><tr>");
    for h in first {
        w!(out, "<th>{}</th>", escape(h));
    }
    for c in &cx.accounts.counties {
        w!(out, "<th>{}</th>", escape(&cx.county(c)));
    }
    if let Some(r) = region {
        w!(out, "<th>{}</th>", escape(r));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
}

fn physical(out: &mut String, cx: &Cx) {
    cx.section(out, "physical", "四、实物量账户", "4. Physical accounts");
    w!(
        out,
        "<p class=\"note\">{}</p>\n<div class=\"wide\"><table>\n",
        escape(cx.t(
            "各县区各指标的功能量（规范单位）；“—”为未录入或未能计算。",
            "Physical quantities by county and indicator (canonical units); “—” = not entered or not computed.",
        ))
    );
    county_header(
        out,
        cx,
        &[
            cx.t("指标", "Indicator").to_string(),
            cx.t("单位", "Unit").to_string(),
        ],
        None,
    );
    for id in cx.indicator_ids() {
        let unit = cx
            .accounts
            .counties
            .iter()
            .find_map(|c| indicator(c, id).and_then(|a| a.quantity))
            .map(|q| q.unit)
            .or(cx.spec(id).map(|s| s.quantity.unit));
        let memo = !cx.counted(id);
        w!(
            out,
            "<tr{}><td>{}{}</td><td>{}</td>",
            if memo { " class=\"memo\"" } else { "" },
            escape(&cx.indicator_name(id)),
            if memo {
                escape(cx.t("（备查）", " (memo)"))
            } else {
                String::new()
            },
            escape(unit.map_or("—", |u| cx.unit(u)))
        );
        for c in &cx.accounts.counties {
            let cell = match indicator(c, id) {
                Some(a) if a.status == Status::Computed => a
                    .quantity
                    .map_or_else(|| "—".to_string(), |q| auto(q.value)),
                Some(a) => cx.status_text(&a.status).to_string(),
                None => "—".to_string(),
            };
            w!(out, "<td class=\"n\">{}</td>", escape(&cell));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table></div>\n</section>\n");
}

// ---------------------------------------------------------------------------------------------
// 6. Value accounts

fn values(out: &mut String, cx: &Cx) {
    let a = cx.accounts;
    cx.section(out, "values", "五、价值量账户", "5. Value accounts");
    w!(
        out,
        "<p class=\"note\">{}</p>\n<div class=\"wide\"><table>\n",
        escape(&if cx.zh() {
            format!(
                "单位：万元（{} 年价格）。斜体灰色行为框架外备查指标，不计入 GEP。",
                a.price_year
            )
        } else {
            format!(
                "Unit: 10⁴ CNY ({} prices). Grey italic rows are memo items outside the framework, not in GEP.",
                a.price_year
            )
        })
    );
    county_header(
        out,
        cx,
        &[cx.t("指标", "Indicator").to_string()],
        Some(cx.t("全区", "Region")),
    );
    let ids = cx.indicator_ids();
    let region_value = |id: &str| {
        a.region
            .by_indicator
            .iter()
            .find(|(i, _)| &**i == id)
            .map_or(0.0, |(_, v)| *v)
    };
    let row = |out: &mut String, id: &str, class: &str, label: String| {
        w!(out, "<tr{class}><td>{}</td>", escape(&label));
        for c in &a.counties {
            let cell = match indicator(c, id) {
                Some(x) if x.status == Status::Computed => wan(x.value),
                Some(x) => cx.status_text(&x.status).to_string(),
                None => "—".to_string(),
            };
            w!(out, "<td class=\"n\">{}</td>", escape(&cell));
        }
        w!(out, "<td class=\"n\">{}</td></tr>\n", wan(region_value(id)));
    };
    let category_of = |id: &str| {
        cx.any_account(id)
            .map(|x| x.category)
            .or(cx.spec(id).map(|s| s.category))
    };
    let totals_row =
        |out: &mut String, class: &str, label: &str, f: &dyn Fn(&crate::engine::Totals) -> f64| {
            w!(out, "<tr class=\"{class}\"><td>{}</td>", escape(label));
            for c in &a.counties {
                w!(out, "<td class=\"n\">{}</td>", wan(f(&c.totals)));
            }
            w!(
                out,
                "<td class=\"n\">{}</td></tr>\n",
                wan(f(&a.region.totals))
            );
        };
    for cat in Category::ALL {
        for id in ids
            .iter()
            .filter(|id| cx.counted(id) && category_of(id) == Some(cat))
        {
            row(out, id, "", cx.indicator_name(id));
        }
        let label = if cx.zh() {
            format!("{}小计", cx.category(cat))
        } else {
            format!("{} subtotal", cx.category(cat))
        };
        totals_row(out, "sub", &label, &|t| t.category(cat));
    }
    if a.region.totals.imported_deduction != 0.0 {
        totals_row(
            out,
            "",
            cx.t(
                "扣除：区外输入生态产品",
                "Less: imported ecological products",
            ),
            &|t| -t.imported_deduction,
        );
    }
    totals_row(out, "total", "GEP", &|t| t.gep);
    let memo: Vec<&&str> = ids.iter().filter(|id| !cx.counted(id)).collect();
    if !memo.is_empty() {
        for id in memo {
            row(
                out,
                id,
                " class=\"memo\"",
                format!("{}{}", cx.t("备查：", "Memo: "), cx.indicator_name(id)),
            );
        }
        totals_row(
            out,
            "memo",
            cx.t("备查合计（不计入 GEP）", "Memo total (not in GEP)"),
            &|t| t.outside_framework,
        );
    }
    out.push_str("</tbody>\n</table></div>\n</section>\n");
}

// ---------------------------------------------------------------------------------------------
// 7. Charts

/// Colour of the ranking bars and the ESV series.
const GREEN: Color32 = Color32::from_rgb(60, 140, 90);
const BLUE: Color32 = Color32::from_rgb(80, 120, 200);

fn subtitle(cx: &Cx, unit: &str) -> String {
    let a = cx.accounts;
    let mut s = if cx.zh() {
        format!(
            "{} · {} 年 · {} 年价格 · {unit}",
            cx.project.meta.region, a.year, a.price_year
        )
    } else {
        format!(
            "{} · {} · {} prices · {unit}",
            cx.project.meta.region, a.year, a.price_year
        )
    };
    if cx.project.meta.illustrative {
        s.push_str(cx.t(" · 示例数据", " · illustrative"));
    }
    s
}

/// The chart as inline SVG in a figure, or a note when it cannot be drawn.
fn figure(out: &mut String, cx: &Cx, chart: &Chart, width: u32, height: u32, caption: &str) {
    match chart_export::to_svg(chart, (width, height)) {
        Ok(svg) => {
            let svg = svg
                .replace(" xmlns=\"http://www.w3.org/2000/svg\"", "")
                .replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "");
            let svg = match svg.find("<svg") {
                Some(i) => &svg[i..],
                None => svg.as_str(),
            };
            w!(
                out,
                "<figure>\n{}\n<figcaption>{}</figcaption>\n</figure>\n",
                svg.trim(),
                escape(caption)
            );
        }
        Err(e) => w!(
            out,
            "<p class=\"note\">{}{}</p>\n",
            escape(cx.t("图表无法绘制：", "Chart could not be drawn: ")),
            escape(&e.to_string())
        ),
    }
}

fn single_chart(title: String, subtitle: String, bars: Bars, stem: &str) -> Chart {
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

fn chart_height(n: usize, horizontal: bool) -> u32 {
    if horizontal {
        (200 + 32 * n as u32).clamp(420, 3000)
    } else {
        480
    }
}

fn comparison(out: &mut String, cx: &Cx) {
    let a = cx.accounts;
    cx.section(out, "charts", "六、县区比较", "6. County comparison");
    if a.counties.is_empty() {
        out.push_str("</section>\n");
        return;
    }
    let sym = cx.wan_label();
    let stacked = ch::stacked_model(
        a,
        cx.lang,
        MoneyUnit::WanYuan,
        if cx.zh() {
            format!("GEP（{sym}）")
        } else {
            format!("GEP ({sym})")
        },
        "GEP",
    );
    let h = chart_height(a.counties.len(), stacked.horizontal);
    let chart = single_chart(
        cx.t("各县区 GEP 构成", "GEP by category and county")
            .to_string(),
        subtitle(cx, sym),
        stacked,
        "gep_by_category",
    );
    figure(
        out,
        cx,
        &chart,
        1000,
        h,
        cx.t(
            "图 1 各县区物质产品、调节服务、文化服务价值（堆积）",
            "Figure 1. Material, regulating and cultural values by county (stacked)",
        ),
    );

    // GEP per km² ranking, highest first.
    let mut ranked: Vec<(&CountyAccount, f64)> = a
        .counties
        .iter()
        .filter_map(|c| c.ratios.gep_per_km2.map(|v| (c, v / 1e4)))
        .collect();
    ranked.sort_by(|x, y| y.1.total_cmp(&x.1));
    if !ranked.is_empty() {
        let unit = cx.t("万元/km²", "10⁴ CNY/km²").to_string();
        let max = ranked.iter().fold(0.0_f64, |m, r| m.max(r.1.abs()));
        let decimals = ch::decimals_for(max);
        let bars = Bars {
            categories: ranked.iter().map(|(c, _)| cx.county(c)).collect(),
            series: vec![Series {
                name: cx.t("单位面积 GEP", "GEP per km²").to_string(),
                color: GREEN,
                values: ranked.iter().map(|r| Some(r.1)).collect(),
            }],
            stacked: false,
            horizontal: true,
            value_axis: if cx.zh() {
                format!("单位面积 GEP（{unit}）")
            } else {
                format!("GEP per km² ({unit})")
            },
            category_axis: String::new(),
            labels: ranked.iter().map(|r| num(r.1, decimals)).collect(),
            unit: unit.clone(),
            decimals,
            tips: Vec::new(),
        };
        let h = chart_height(ranked.len(), true);
        let chart = single_chart(
            cx.t("单位面积 GEP 排名", "GEP per km² ranking").to_string(),
            subtitle(cx, &unit),
            bars,
            "gep_per_km2",
        );
        figure(
            out,
            cx,
            &chart,
            1000,
            h,
            cx.t(
                "图 2 各县区单位面积 GEP 排名（由高到低）",
                "Figure 2. GEP per km² by county, highest first",
            ),
        );
    }
    out.push_str("</section>\n");
}

// ---------------------------------------------------------------------------------------------
// 8. ESV comparison

fn esv(out: &mut String, cx: &Cx) {
    let a = cx.accounts;
    if a.counties.iter().all(|c| c.esv.is_none()) {
        return;
    }
    cx.section(
        out,
        "esv",
        "七、当量因子法 ESV 与 GEP 比较",
        "7. ESV compared with GEP",
    );
    let table = a
        .counties
        .iter()
        .find_map(|c| c.esv.as_ref())
        .map(|e| e.table.clone())
        .unwrap_or_default();
    let table_name = cx
        .project
        .custom_factor_tables
        .iter()
        .find(|t| t.id == table)
        .or_else(|| cx.registry.factor_table(&table))
        .map_or_else(
            || table.clone(),
            |t| format!("{} — {}", t.name.get(cx.lang), t.source),
        );
    w!(
        out,
        "<p class=\"note\">{}{}</p>\n",
        escape(cx.t("当量因子表：", "Equivalent-factor table: ")),
        escape(&table_name)
    );
    let sym = cx.wan_label();
    w!(
        out,
        "<div class=\"wide\"><table>\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>ESV/GEP</th></tr></thead>\n<tbody>\n",
        escape(cx.t("县区", "County")),
        cx.with_unit("GEP", sym),
        cx.with_unit("ESV", sym)
    );
    for c in &a.counties {
        let e = c.esv.as_ref().map(|e| e.total);
        w!(
            out,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
            escape(&cx.county(c)),
            wan(c.totals.gep),
            opt(e, wan),
            opt(
                e.filter(|_| c.totals.gep > 0.0).map(|e| e / c.totals.gep),
                |v| num(v, 2)
            )
        );
    }
    let (g, e) = (a.region.totals.gep, a.region.esv_total);
    w!(
        out,
        "<tr class=\"total\"><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n</tbody>\n</table></div>\n",
        escape(cx.t("合计", "Total")),
        wan(g),
        wan(e),
        opt((g > 0.0).then(|| e / g), |v| num(v, 2))
    );
    let categories: Vec<String> = a.counties.iter().map(|c| cx.county(c)).collect();
    let horizontal = categories.len() > 16;
    let bars = Bars {
        horizontal,
        series: vec![
            Series {
                name: "GEP".to_string(),
                color: GREEN,
                values: a
                    .counties
                    .iter()
                    .map(|c| Some(c.totals.gep / 1e4))
                    .collect(),
            },
            Series {
                name: "ESV".to_string(),
                color: BLUE,
                values: a
                    .counties
                    .iter()
                    .map(|c| c.esv.as_ref().map(|e| e.total / 1e4))
                    .collect(),
            },
        ],
        stacked: false,
        value_axis: if cx.zh() {
            format!("价值（{sym}）")
        } else {
            format!("Value ({sym})")
        },
        category_axis: String::new(),
        unit: sym.to_string(),
        decimals: 2,
        labels: Vec::new(),
        tips: Vec::new(),
        categories,
    };
    let h = chart_height(a.counties.len(), horizontal);
    let chart = single_chart(
        cx.t(
            "各县区 GEP 与当量因子法 ESV",
            "GEP and equivalent-factor ESV by county",
        )
        .to_string(),
        subtitle(cx, sym),
        bars,
        "gep_vs_esv",
    );
    figure(
        out,
        cx,
        &chart,
        1000,
        h,
        cx.t("图 3 各县区 GEP 与 ESV", "Figure 3. GEP and ESV by county"),
    );
    out.push_str("</section>\n");
}

// ---------------------------------------------------------------------------------------------
// 9. Findings

fn findings(out: &mut String, cx: &Cx) {
    let a = cx.accounts;
    let r = &a.region;
    cx.section(out, "findings", "八、主要结论", "8. Main findings");
    out.push_str("<ul>\n");
    // Structure.
    let shares: Vec<String> = Category::ALL
        .iter()
        .map(|&c| {
            let s = match c {
                Category::Material => r.ratios.share_material,
                Category::Regulating => r.ratios.share_regulating,
                Category::Cultural => r.ratios.share_cultural,
            };
            format!("{} {}", cx.category(c), pct(s))
        })
        .collect();
    let largest = Category::ALL
        .iter()
        .copied()
        .max_by(|x, y| r.totals.category(*x).total_cmp(&r.totals.category(*y)));
    let line = if cx.zh() {
        format!(
            "结构：{} 年 GEP 为 {} 亿元（{} 万元），其中{}；{}占比最大。",
            a.year,
            yi(r.totals.gep),
            wan(r.totals.gep),
            shares.join("，"),
            largest.map_or("—", |c| cx.category(c))
        )
    } else {
        format!(
            "Structure: GEP {} is {} × 10⁸ CNY ({} × 10⁴ CNY): {}; {} are the largest part.",
            a.year,
            yi(r.totals.gep),
            wan(r.totals.gep),
            shares.join(", "),
            largest.map_or("—", |c| cx.category(c))
        )
    };
    w!(out, "<li>{}</li>\n", escape(&line));
    // Ranking.
    let mut by_gep: Vec<&CountyAccount> = a.counties.iter().collect();
    by_gep.sort_by(|x, y| y.totals.gep.total_cmp(&x.totals.gep));
    if let (Some(top), Some(bottom)) = (by_gep.first(), by_gep.last())
        && by_gep.len() > 1
    {
        let line = if cx.zh() {
            format!(
                "排名：GEP 最高的是{}（{} 万元），最低的是{}（{} 万元）。",
                cx.county(top),
                wan(top.totals.gep),
                cx.county(bottom),
                wan(bottom.totals.gep)
            )
        } else {
            format!(
                "Ranking: the highest GEP is {} ({} × 10⁴ CNY), the lowest {} ({} × 10⁴ CNY).",
                cx.county(top),
                wan(top.totals.gep),
                cx.county(bottom),
                wan(bottom.totals.gep)
            )
        };
        w!(out, "<li>{}</li>\n", escape(&line));
    }
    let mut by_km2: Vec<(&CountyAccount, f64)> = a
        .counties
        .iter()
        .filter_map(|c| c.ratios.gep_per_km2.map(|v| (c, v / 1e4)))
        .collect();
    by_km2.sort_by(|x, y| y.1.total_cmp(&x.1));
    if let (Some(top), Some(bottom)) = (by_km2.first(), by_km2.last())
        && by_km2.len() > 1
    {
        let line = if cx.zh() {
            format!(
                "单位面积 GEP 最高的是{}（{} 万元/km²），最低的是{}（{} 万元/km²）。",
                cx.county(top.0),
                num(top.1, 2),
                cx.county(bottom.0),
                num(bottom.1, 2)
            )
        } else {
            format!(
                "GEP per km² is highest in {} ({} × 10⁴ CNY/km²) and lowest in {} ({} × 10⁴ CNY/km²).",
                cx.county(top.0),
                num(top.1, 2),
                cx.county(bottom.0),
                num(bottom.1, 2)
            )
        };
        w!(out, "<li>{}</li>\n", escape(&line));
    }
    // Change against the previous period at constant prices.
    let previous = cx
        .project
        .periods
        .iter()
        .map(|p| p.year)
        .filter(|y| *y < a.year)
        .max();
    let mut growth_table = None;
    match previous {
        None => w!(
            out,
            "<li>{}</li>\n",
            escape(cx.t(
                "变化：项目没有更早的核算期，未计算增长。",
                "Change: the project has no earlier period; no growth computed.",
            ))
        ),
        Some(prev) => match growth(
            cx.project,
            cx.registry,
            prev,
            a.year,
            Some(a.framework.clone()),
            Some(a.price_year),
        ) {
            Ok(g) => {
                let line = if cx.zh() {
                    format!(
                        "变化：按 {} 年不变价，GEP 由 {} 年的 {} 万元变为 {} 年的 {} 万元，实际增长 {}。",
                        g.base_year,
                        g.from_year,
                        wan(g.region.gep_from),
                        g.to_year,
                        wan(g.region.gep_to),
                        pct(g.region.real_growth)
                    )
                } else {
                    format!(
                        "Change: at constant {} prices GEP went from {} × 10⁴ CNY in {} to {} × 10⁴ CNY in {}, real growth {}.",
                        g.base_year,
                        wan(g.region.gep_from),
                        g.from_year,
                        wan(g.region.gep_to),
                        g.to_year,
                        pct(g.region.real_growth)
                    )
                };
                w!(out, "<li>{}</li>\n", escape(&line));
                growth_table = Some(g);
            }
            Err(e) => w!(
                out,
                "<li>{}{}</li>\n",
                escape(cx.t(
                    "变化：无法计算增长：",
                    "Change: growth could not be computed: "
                )),
                escape(&e.to_string())
            ),
        },
    }
    out.push_str("</ul>\n");
    if let Some(g) = growth_table {
        let sym = cx.wan_label();
        let (from, to) = (g.from_year.to_string(), g.to_year.to_string());
        w!(
            out,
            "<h3>{}</h3>\n<div class=\"wide\"><table>\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
            escape(&if cx.zh() {
                format!("按 {} 年不变价的实际增长", g.base_year)
            } else {
                format!("Real growth at constant {} prices", g.base_year)
            }),
            escape(cx.t("县区", "County")),
            cx.with_unit(&from, sym),
            cx.with_unit(&to, sym),
            escape(cx.t("实际增长", "Real growth"))
        );
        for c in &g.counties {
            let name = if cx.zh() || c.name_en.is_empty() {
                &c.name_zh
            } else {
                &c.name_en
            };
            w!(
                out,
                "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
                escape(name),
                wan(c.gep_from),
                wan(c.gep_to),
                pct(c.real_growth)
            );
        }
        w!(
            out,
            "<tr class=\"total\"><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n</tbody>\n</table></div>\n",
            escape(cx.t("全区", "Region")),
            wan(g.region.gep_from),
            wan(g.region.gep_to),
            pct(g.region.real_growth)
        );
    }
    out.push_str("</section>\n");
}

// ---------------------------------------------------------------------------------------------
// 10. Appendix A: parameters

fn appendix_params(out: &mut String, cx: &Cx) {
    let params = &cx.accounts.params_used;
    cx.section(
        out,
        "appendix-params",
        "附录 A 参数表",
        "Appendix A. Parameters",
    );
    let unverified = params.iter().filter(|p| p.tag.is_unverified()).count();
    if unverified > 0 {
        w!(
            out,
            "<p class=\"notice\">{}</p>\n",
            escape(&if cx.zh() {
                format!(
                    "注意：{unverified} 个参数标为 U（未核验），以橙色底和 ⚠ 标出；其数值尚待与原始文献核对，使用前须核实。"
                )
            } else {
                format!(
                    "Note: {unverified} parameters are tagged U (unverified), shaded orange and marked ⚠; their values are still to be checked against the primary source and must be verified before use."
                )
            })
        );
    }
    w!(
        out,
        "<p class=\"note\">{}</p>\n<div class=\"wide\"><table>\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
        escape(cx.t(
            "核验标记：V = 已在所引文献中核对；V-sec = 经二手文献核对；D = 由已核验数推导；U = 未核验。",
            "Verification tags: V = read in the cited source; V-sec = read in a secondary source; D = derived from verified inputs; U = unverified.",
        )),
        escape(cx.t("参数", "Parameter")),
        escape(cx.t("代码", "Id")),
        escape(cx.t("数值", "Value")),
        escape(cx.t("单位", "Unit")),
        escape(cx.t("价格年", "Price year")),
        escape(cx.t("来源", "Source")),
        escape(cx.t("核验", "Tag"))
    );
    for p in params {
        let u = p.tag.is_unverified();
        let mut name = cx.param_name(p).to_string();
        if p.overridden {
            name.push_str(cx.t("（项目覆盖值）", " (project override)"));
        }
        w!(
            out,
            "<tr{}><td>{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td><td>{}</td><td{}>{}{}</td></tr>\n",
            if u { " class=\"u\"" } else { "" },
            escape(&name),
            escape(&p.id),
            p.value
                .map_or_else(|| "—".to_string(), |v| escape(&v.to_string())),
            escape(cx.unit(p.unit)),
            p.price_year
                .map_or_else(|| "—".to_string(), |y| y.to_string()),
            escape(&p.source),
            if u { " class=\"tag-u\"" } else { "" },
            if u { "⚠ " } else { "" },
            p.tag.label()
        );
    }
    out.push_str("</tbody>\n</table></div>\n</section>\n");
}

// ---------------------------------------------------------------------------------------------
// 11. Appendix B: traces

/// (kind, name and detail, source, tag) of one trace step's origin.
fn origin_text(cx: &Cx, indicator: &str, o: &Origin) -> (String, String, String, String) {
    let zh = cx.zh();
    let (kind, name, source, tag) = match o {
        Origin::Input {
            id,
            entered,
            entered_unit,
        } => (
            cx.t("输入", "input"),
            format!(
                "{} ({id}); {} {entered} {}",
                cx.input_name(indicator, id),
                cx.t("录入", "entered"),
                cx.unit(*entered_unit)
            ),
            String::new(),
            String::new(),
        ),
        Origin::InputAbsent { id } => (
            cx.t("输入", "input"),
            format!(
                "{} ({id}); {}",
                cx.input_name(indicator, id),
                cx.t("未填，按 0 计", "left empty, counts as 0")
            ),
            String::new(),
            String::new(),
        ),
        Origin::Param {
            param,
            index_factor,
            unit_factor,
        } => {
            let mut d = format!("{} ({})", cx.param_name(param), param.id);
            if let Some(v) = param.value {
                d.push_str(&format!(
                    "; {} {v} {}",
                    cx.t("原值", "value"),
                    cx.unit(param.unit)
                ));
            }
            if let Some(y) = param.price_year {
                d.push_str(&if zh {
                    format!("；{y} 年价格 × 价格指数系数 {}", num(*index_factor, 4))
                } else {
                    format!("; {y} prices × index factor {}", num(*index_factor, 4))
                });
            }
            if *unit_factor != 1.0 {
                d.push_str(&format!(
                    "; {} {}",
                    cx.t("单位换算系数", "unit factor"),
                    num(*unit_factor, 4)
                ));
            }
            if param.overridden {
                d.push_str(cx.t("；项目覆盖值", "; project override"));
            }
            let tag = if param.tag.is_unverified() {
                format!("⚠ {}", param.tag.label())
            } else {
                param.tag.label().to_string()
            };
            (cx.t("参数", "parameter"), d, param.source.clone(), tag)
        }
        Origin::LandCover { class } => (
            cx.t("地类", "land cover"),
            format!("{} ({class})", cx.land_class_name(class)),
            String::new(),
            String::new(),
        ),
        Origin::County { field } => (
            cx.t("县区属性", "county"),
            (*field).to_string(),
            String::new(),
            String::new(),
        ),
        Origin::Constant => (
            cx.t("常数", "constant"),
            String::new(),
            String::new(),
            String::new(),
        ),
        Origin::Product {
            name,
            price_year,
            index_factor,
            source,
        } => (
            cx.t("产品", "product"),
            if zh {
                format!("{name}；{price_year} 年价格 × {}", num(*index_factor, 4))
            } else {
                format!("{name}; {price_year} prices × {}", num(*index_factor, 4))
            },
            source.to_string(),
            String::new(),
        ),
        Origin::OutputValue {
            basis,
            price_year,
            index_factor,
            source,
        } => (
            cx.t("产值", "output value"),
            {
                let basis = match *basis {
                    "gross" => cx.t("总产值", "gross output value"),
                    "net" => cx.t("净产值", "net output value"),
                    other => other,
                };
                if zh {
                    format!("{basis}；{price_year} 年价格 × {}", num(*index_factor, 4))
                } else {
                    format!("{basis}; {price_year} prices × {}", num(*index_factor, 4))
                }
            },
            source.to_string(),
            String::new(),
        ),
        Origin::Indicator { id } => (
            cx.t("指标", "indicator"),
            format!("{} ({id})", cx.indicator_name(id)),
            String::new(),
            String::new(),
        ),
        Origin::Result => (
            cx.t("结果", "result"),
            String::new(),
            String::new(),
            String::new(),
        ),
    };
    (kind.to_string(), name, source, tag)
}

fn appendix_traces(out: &mut String, cx: &Cx) {
    let a = cx.accounts;
    cx.section(
        out,
        "appendix-traces",
        "附录 B 计算过程",
        "Appendix B. Calculation traces",
    );
    w!(
        out,
        "<p class=\"note\">{}</p>\n",
        escape(&if cx.zh() {
            format!(
                "每个县区、每个指标的公式与计算项：数值为换算到规范单位和 {} 年价格后的值。",
                a.price_year
            )
        } else {
            format!(
                "Formula and every term per county and indicator; values in canonical units at {} prices.",
                a.price_year
            )
        })
    );
    for c in &a.counties {
        let traced: Vec<&IndicatorAccount> =
            c.indicators.iter().filter(|i| i.trace.is_some()).collect();
        if traced.is_empty() {
            continue;
        }
        w!(
            out,
            "<h3>{} ({})</h3>\n",
            escape(&cx.county(c)),
            escape(&c.code)
        );
        for ind in traced {
            let Some(tr) = &ind.trace else { continue };
            let value = if ind.status == Status::Computed {
                format!("{} {}", wan(ind.value), cx.wan_label())
            } else {
                cx.status_text(&ind.status).to_string()
            };
            w!(
                out,
                "<div class=\"trace\">\n<h4>{}{} — {} = {}</h4>\n<p><span class=\"formula\">{}</span></p>\n",
                escape(&cx.indicator_name(&ind.id)),
                if ind.counted {
                    String::new()
                } else {
                    escape(cx.t("（备查）", " (memo)"))
                },
                escape(&cx.method_name(&ind.id, &tr.method)),
                escape(&value),
                escape(if cx.zh() {
                    tr.formula_zh
                } else {
                    tr.formula_en
                })
            );
            w!(
                out,
                "<table>\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
                escape(cx.t("符号", "Symbol")),
                escape(cx.t("数值", "Value")),
                escape(cx.t("单位", "Unit")),
                escape(cx.t("来源类型", "Origin")),
                escape(cx.t("说明", "Detail")),
                escape(cx.t("出处", "Source")),
                escape(cx.t("核验", "Tag"))
            );
            for s in &tr.steps {
                let (kind, detail, source, tag) = origin_text(cx, &ind.id, &s.origin);
                let u = tag.starts_with('⚠');
                w!(
                    out,
                    "<tr{}><td>{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                    if u { " class=\"u\"" } else { "" },
                    escape(s.symbol),
                    escape(&auto(s.value)),
                    escape(cx.unit(s.unit)),
                    escape(&kind),
                    escape(&detail),
                    escape(&source),
                    escape(&tag)
                );
            }
            out.push_str("</tbody>\n</table>\n</div>\n");
        }
    }
    out.push_str("</section>\n");
}
