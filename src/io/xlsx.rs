//! XLSX export of the accounts: a workbook a reviewer can audit number by number.
//!
//! `write_workbook(project, accounts, registry, lang)` turns computed `Accounts` into the bytes
//! of an `.xlsx` file (pure: no I/O, no clock — the document date is fixed to the end of the
//! accounting year, so the same accounts give the same bytes). Sheet names and headers follow
//! `lang`; `sheet_names(lang)` lists them in order:
//!
//! 1. 汇总 Summary — project, region, year, framework, price year, illustrative flag; region
//!    totals, ratios and ESV; a per-county table with a `SUM` row and a stacked column chart of
//!    the three categories per county.
//! 2. 价值量 Values — county × indicator values; counted and memo (outside the framework)
//!    indicators are marked; values that used an unverified (U) parameter are shaded.
//! 3. 功能量 Quantities — the physical quantities with units, and their components.
//! 4. 类别 Categories — category totals, imported deduction, market / non-market, memo items,
//!    shares and ratios per county.
//! 5. 当量因子法 ESV — by service and by land class (value and area), standard equivalent D.
//! 6. 参数 Parameters — every parameter used with value, unit, price year, index, index factor,
//!    source, verification tag and override flag (U rows shaded); the price-index values used.
//! 7. 计算过程 Traces — one row per trace step.
//! 8. 校验 Validation — `validate` messages, and problems met while computing.
//!
//! Money is shown in 万元 at the accounts' price year (元 ÷ 10⁴), stored as numbers with number
//! formats; quantities in the engine's canonical units. Nothing here recomputes accounting
//! numbers: totals are the engine's; sums across counties are spreadsheet `SUM` formulas whose
//! cached results (the sums of the cells written) are stored, so viewers that do not recalculate
//! on open (LibreOffice's default, previewers, readers) show the numbers.

use std::collections::BTreeSet;
use std::ops::Deref;

use rust_xlsxwriter::utility::cell_range;
use rust_xlsxwriter::{
    Chart, ChartLegendPosition, ChartType, ColNum, Color, DocProperties, ExcelDateTime, Format,
    FormatAlign, FormatBorder, Formula, RowNum, Workbook, Worksheet,
};

use crate::engine::{Accounts, CountyAccount, IndicatorAccount, Origin, Status};
use crate::i18n::Lang;
use crate::model::{Project, StandardEquivalent};
use crate::registry::{Category, FactorTable, Registry, Tag};
use crate::units::Unit;
use crate::validate::{Issue, Severity, validate};
use crate::view::Labels;
use crate::view::labels;
use crate::view::trace::{self, Kind, OriginWords};

/// Why the workbook could not be written.
#[derive(Debug, thiserror::Error)]
pub enum XlsxError {
    #[error("无法生成 XLSX 工作簿 / cannot write the XLSX workbook: {0}")]
    Writer(#[from] rust_xlsxwriter::XlsxError),
}

type Res<T = ()> = Result<T, XlsxError>;

/// Sheet names in `lang`, in workbook order: summary, values, quantities, categories, ESV,
/// parameters, traces, validation.
pub fn sheet_names(lang: Lang) -> [&'static str; 9] {
    match lang {
        Lang::Zh => [
            "汇总",
            "价值量",
            "功能量",
            "类别",
            "当量因子法",
            "参数",
            "计算过程",
            "校验",
            "生态补偿",
        ],
        Lang::En => [
            "Summary",
            "Values",
            "Quantities",
            "Categories",
            "ESV",
            "Parameters",
            "Traces",
            "Validation",
            "Compensation",
        ],
    }
}

/// Writes the accounts as an XLSX workbook and returns its bytes.
///
/// `accounts` should come from `engine::compute` on `project` with `registry` (traces on for the
/// trace sheet); validation messages come from `validate(project, registry)`.
pub fn write_workbook(
    project: &Project,
    accounts: &Accounts,
    registry: &Registry,
    lang: Lang,
) -> Result<Vec<u8>, XlsxError> {
    let cx = Ctx::new(project, accounts, registry, lang);
    let mut wb = Workbook::new();
    let year = u16::try_from(accounts.year.clamp(1900, 9999)).unwrap_or(1900);
    let date = ExcelDateTime::from_ymd(year, 12, 31)?;
    let title = match lang {
        Lang::Zh => format!("{} 生态产品总值核算 {}年", project.meta.name, accounts.year),
        Lang::En => format!("{} GEP accounts {}", project.meta.name, accounts.year),
    };
    wb.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_subject(cx.t(
                "生态产品总值（GEP）核算",
                "Gross Ecosystem Product accounts",
            ))
            .set_author("gep-calc")
            .set_creation_datetime(&date),
    );
    wb.push_worksheet(summary_sheet(&cx)?);
    wb.push_worksheet(values_sheet(&cx)?);
    wb.push_worksheet(quantities_sheet(&cx)?);
    wb.push_worksheet(categories_sheet(&cx)?);
    wb.push_worksheet(esv_sheet(&cx)?);
    wb.push_worksheet(params_sheet(&cx)?);
    wb.push_worksheet(traces_sheet(&cx)?);
    wb.push_worksheet(validation_sheet(&cx)?);
    wb.push_worksheet(compensation_sheet(&cx)?);
    Ok(wb.save_to_buffer()?)
}

// ---------------------------------------------------------------------------------------------
// Formats

const MONEY: &str = "#,##0.00";
const INT: &str = "#,##0";
const RATIO: &str = "0.00";
const PCT: &str = "0.00%";
const YEAR: &str = "0";
const GREY: u32 = 0x595959;
const HEADER_FILL: u32 = 0xDDEBF7;
const SECTION_FILL: u32 = 0xF2F2F2;
const UNVERIFIED_FILL: u32 = 0xFCE4D6;
const RED: u32 = 0xC00000;

/// Number format for parameters, trace values and quantities: thousands separators for large
/// values, enough decimals for small ones.
fn general_format(v: f64) -> &'static str {
    let a = v.abs();
    if a == 0.0 || (v.fract() == 0.0 && a < 1e15) {
        INT
    } else if a >= 1000.0 {
        MONEY
    } else if a >= 1.0 {
        "0.00##"
    } else if a >= 1e-4 {
        "0.0000##"
    } else {
        "0.00E+00"
    }
}

/// One number format for a row of values (quantities): integers without decimals, else two
/// decimals, more for small values.
fn row_format(vals: &[f64]) -> &'static str {
    let max = vals.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
    if vals.iter().all(|v| v.fract() == 0.0) {
        INT
    } else if max >= 1.0 {
        MONEY
    } else {
        general_format(max)
    }
}

struct Styles {
    title: Format,
    banner: Format,
    note: Format,
    header: Format,
    section: Format,
    text: Format,
    bold: Format,
    indent: Format,
    memo_text: Format,
    error_text: Format,
}

impl Styles {
    fn new() -> Styles {
        Styles {
            title: Format::new().set_bold().set_font_size(14),
            banner: Format::new().set_bold().set_font_color(Color::RGB(RED)),
            note: Format::new().set_italic().set_font_color(Color::RGB(GREY)),
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(Color::RGB(HEADER_FILL))
                .set_border(FormatBorder::Thin),
            section: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(SECTION_FILL)),
            text: Format::new(),
            bold: Format::new().set_bold(),
            indent: Format::new().set_indent(1),
            memo_text: Format::new().set_italic().set_font_color(Color::RGB(GREY)),
            error_text: Format::new().set_font_color(Color::RGB(RED)),
        }
    }

    /// "—" (nothing entered) in a number column: right-aligned, grey italics for memo items.
    fn dash(&self, counted: bool) -> Format {
        let f = Format::new().set_align(FormatAlign::Right);
        if counted {
            f
        } else {
            f.set_italic().set_font_color(Color::RGB(GREY))
        }
    }

    /// A number format, optionally bold with a top border (total rows), italic grey (memo
    /// items) or shaded (unverified).
    fn num(&self, code: &str, look: Look) -> Format {
        let f = Format::new().set_num_format(code);
        match look {
            Look::Plain => f,
            Look::Total => f.set_bold().set_border_top(FormatBorder::Thin),
            Look::Memo => f.set_italic().set_font_color(Color::RGB(GREY)),
            Look::Unverified => f.set_background_color(Color::RGB(UNVERIFIED_FILL)),
            Look::MemoUnverified => f
                .set_italic()
                .set_font_color(Color::RGB(GREY))
                .set_background_color(Color::RGB(UNVERIFIED_FILL)),
        }
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Look {
    Plain,
    Total,
    Memo,
    Unverified,
    MemoUnverified,
}

// ---------------------------------------------------------------------------------------------
// A worksheet being filled, with column widths estimated from the content.

struct Sheet {
    ws: Worksheet,
    widths: Vec<f64>,
}

/// Display width of a string in Excel character units (CJK and full-width characters count 2).
fn text_width(s: &str) -> f64 {
    let w: f64 = s
        .chars()
        .map(|c| if (c as u32) >= 0x2E80 { 2.0 } else { 1.0 })
        .sum();
    w * 1.05 + 2.0
}

fn num_width(v: f64) -> f64 {
    let digits = format!("{:.0}", v.abs()).len() as f64;
    digits + (digits / 3.0).floor() + 5.0
}

impl Sheet {
    fn new(name: &str) -> Res<Sheet> {
        let mut ws = Worksheet::new();
        ws.set_name(name)?;
        Ok(Sheet {
            ws,
            widths: Vec::new(),
        })
    }

    fn fit(&mut self, col: ColNum, w: f64) {
        let i = usize::from(col);
        if self.widths.len() <= i {
            self.widths.resize(i + 1, 0.0);
        }
        self.widths[i] = self.widths[i].max(w);
    }

    /// Text that does not widen its column (titles, notes, banners).
    fn label(&mut self, r: RowNum, c: ColNum, s: &str, f: &Format) -> Res {
        self.ws.write_string_with_format(r, c, s, f)?;
        Ok(())
    }

    fn text(&mut self, r: RowNum, c: ColNum, s: &str, f: &Format) -> Res {
        self.ws.write_string_with_format(r, c, s, f)?;
        self.fit(c, text_width(s).min(60.0));
        Ok(())
    }

    fn num(&mut self, r: RowNum, c: ColNum, v: f64, f: &Format) -> Res {
        if v.is_finite() {
            self.ws.write_number_with_format(r, c, v, f)?;
            self.fit(c, num_width(v));
        } else {
            self.ws.write_string_with_format(
                r,
                c,
                "—",
                &f.clone().set_align(FormatAlign::Right),
            )?;
        }
        Ok(())
    }

    /// A number, or "—" when absent.
    fn opt_num(&mut self, r: RowNum, c: ColNum, v: Option<f64>, f: &Format) -> Res {
        match v {
            Some(v) => self.num(r, c, v, f),
            None => {
                self.ws.write_string_with_format(
                    r,
                    c,
                    "—",
                    &f.clone().set_align(FormatAlign::Right),
                )?;
                Ok(())
            }
        }
    }

    /// `=SUM(range)` with its cached result.
    fn sum(&mut self, r: RowNum, c: ColNum, range: &str, result: f64, f: &Format) -> Res {
        let formula = Formula::new(format!("=SUM({range})")).set_result(format!("{result}"));
        self.ws.write_formula_with_format(r, c, formula, f)?;
        self.fit(c, num_width(result));
        Ok(())
    }

    /// `=SUM(first:last)` of one column with the sum of `cells` as cached result.
    fn sum_column(
        &mut self,
        r: RowNum,
        c: ColNum,
        first: RowNum,
        last: RowNum,
        cells: &[f64],
        f: &Format,
    ) -> Res {
        let total: f64 = cells.iter().sum();
        self.sum(r, c, &cell_range(first, c, last, c), total, f)
    }

    /// A header row; headers widen their columns up to 24 characters and wrap beyond.
    fn header(&mut self, r: RowNum, c0: ColNum, cols: &[&str], f: &Format) -> Res {
        for (c, h) in (c0..).zip(cols) {
            self.ws.write_string_with_format(r, c, *h, f)?;
            self.fit(c, text_width(h).min(24.0));
        }
        Ok(())
    }

    /// Applies the column widths and print setup (landscape, one page wide, header rows
    /// repeated on every page when `header_row` is given).
    fn finish(mut self, header_row: Option<RowNum>) -> Res<Worksheet> {
        for (c, w) in (0..).zip(&self.widths) {
            self.ws.set_column_width(c, w.max(6.0))?;
        }
        self.ws.set_landscape();
        self.ws.set_paper_size(9); // A4
        self.ws.set_print_fit_to_pages(1, 0);
        if let Some(r) = header_row {
            self.ws.set_repeat_rows(r, r)?;
        }
        Ok(self.ws)
    }
}

fn col(i: usize) -> ColNum {
    ColNum::try_from(i).unwrap_or(ColNum::MAX)
}

// ---------------------------------------------------------------------------------------------
// Shared context: labels in the display language and registry look-ups.

/// What every sheet reads: the accounts, the names in the display language (`Labels`, which
/// `Ctx` derefs to), the validation messages and the cell styles.
struct Ctx<'a> {
    labels: Labels<'a>,
    accounts: &'a Accounts,
    /// `validate(project, registry)`, run once.
    issues: Vec<Issue>,
    names: [&'static str; 9],
    st: Styles,
}

impl<'a> Ctx<'a> {
    fn new(
        project: &'a Project,
        accounts: &'a Accounts,
        registry: &'a Registry,
        lang: Lang,
    ) -> Ctx<'a> {
        Ctx {
            labels: Labels::new(project, registry, lang),
            accounts,
            issues: validate(project, registry),
            names: sheet_names(lang),
            st: Styles::new(),
        }
    }
}

impl<'a> Deref for Ctx<'a> {
    type Target = Labels<'a>;

    fn deref(&self) -> &Labels<'a> {
        &self.labels
    }
}

impl Ctx<'_> {
    fn t<'s>(&self, zh: &'s str, en: &'s str) -> &'s str {
        if self.zh() { zh } else { en }
    }

    /// "label（万元）" / "label (10⁴ CNY)".
    fn money(&self, label: &str) -> String {
        self.with_unit(label, Unit::WanYuan.symbol(self.lang))
    }

    fn title(&self, zh: &str, en: &str) -> String {
        let mut s = self.t(zh, en).to_string();
        if self.project.meta.illustrative {
            s.push_str(self.t("（示例数据）", " (illustrative data)"));
        }
        s
    }

    fn basis(&self, counted: bool) -> &str {
        if counted {
            self.t("计入", "counted")
        } else {
            self.t("备查", "memo")
        }
    }

    /// The accounts' framework by name.
    fn framework_name(&self) -> String {
        self.labels.framework_name(&self.accounts.framework)
    }

    /// "method name（method id）".
    fn method_with_id(&self, indicator: &str, method: &str) -> String {
        match self.spec(indicator).and_then(|s| s.method(method)) {
            Some(_) => self.with_unit(&self.method_name(indicator, method), method),
            None => method.to_string(),
        }
    }

    fn factor_table(&self, id: &str) -> Option<&FactorTable> {
        self.catalogue.factor_table(id)
    }

    /// Indicator ids in the accounts' order (registry, then project custom indicators).
    fn indicator_ids(&self) -> Vec<&str> {
        labels::indicator_ids(self.accounts)
    }

    /// The first county's account of an indicator (category, counted and market are the same in
    /// every county).
    fn any_account(&self, i: usize, id: &str) -> Option<&IndicatorAccount> {
        self.accounts
            .counties
            .iter()
            .find_map(|c| indicator(c, i, id))
    }

    fn counted(&self, i: usize, id: &str) -> bool {
        self.any_account(i, id).map_or_else(
            || {
                self.spec(id)
                    .is_some_and(|s| s.counts_in(&self.accounts.framework))
            },
            |a| a.counted,
        )
    }

    fn status_text(&self, s: &Status) -> &'static str {
        labels::status_text(self.lang, s)
    }
}

/// A county's account of indicator `id` (at index `i` in the engine's order).
fn indicator<'c>(c: &'c CountyAccount, i: usize, id: &str) -> Option<&'c IndicatorAccount> {
    c.indicators
        .get(i)
        .filter(|a| &*a.id == id)
        .or_else(|| c.indicators.iter().find(|a| &*a.id == id))
}

/// Picks one amount out of a county's totals.
type TotalsField = fn(&crate::engine::Totals) -> f64;
/// Picks one amount out of a county's ESV.
type EsvField = fn(&crate::engine::EsvAccount) -> f64;

fn wan(yuan: f64) -> f64 {
    yuan / 1e4
}

// ---------------------------------------------------------------------------------------------
// 1. Summary

fn summary_sheet(cx: &Ctx) -> Res<Worksheet> {
    let a = cx.accounts;
    let st = &cx.st;
    let meta = &cx.project.meta;
    let mut s = Sheet::new(cx.names[0])?;
    let mut r: RowNum = 0;
    s.label(
        r,
        0,
        &cx.title(
            "生态产品总值（GEP）核算汇总",
            "Gross Ecosystem Product (GEP) accounts",
        ),
        &st.title,
    )?;
    r += 1;
    if meta.illustrative {
        s.label(
            r,
            0,
            cx.t(
                "示例数据：输入为虚构的示意数据，不得用于决策。",
                "Illustrative data: the inputs are invented; not for decisions.",
            ),
            &st.banner,
        )?;
        r += 1;
    }
    r += 1;

    let issues = &cx.issues;
    let errors = issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .count();
    let warnings = issues.len() - errors;
    let unverified = a
        .params_used
        .iter()
        .filter(|p| p.tag.is_unverified())
        .count();
    let py = a.price_year;
    enum Info {
        Text(String),
        Year(i32),
        Warn(String),
    }
    let info: Vec<(&str, Info)> = vec![
        (cx.t("项目", "Project"), Info::Text(meta.name.clone())),
        (cx.t("核算区域", "Region"), Info::Text(meta.region.clone())),
        (cx.t("核算年份", "Accounting year"), Info::Year(a.year)),
        (
            cx.t("核算框架", "Framework"),
            Info::Text(cx.framework_name()),
        ),
        (cx.t("价格年份", "Price year"), Info::Year(py)),
        (
            cx.t("示例数据", "Illustrative"),
            if meta.illustrative {
                Info::Warn(cx.t("是（不得用于决策）", "yes (not for decisions)").into())
            } else {
                Info::Text(cx.t("否", "no").into())
            },
        ),
        (
            cx.t("金额单位", "Money unit"),
            Info::Text(if cx.zh() {
                format!("万元（{py}年价格）")
            } else {
                format!("10⁴ CNY at {py} prices")
            }),
        ),
        (
            cx.t("校验", "Validation"),
            Info::Text(if cx.zh() {
                format!(
                    "{errors} 个错误，{warnings} 个警告（见“{}”表）",
                    cx.names[7]
                )
            } else {
                format!(
                    "{errors} errors, {warnings} warnings (see sheet “{}”)",
                    cx.names[7]
                )
            }),
        ),
        (
            cx.t("未核验参数", "Unverified parameters"),
            Info::Text(if cx.zh() {
                format!("{unverified} 个（“{}”表中以橙色底标出）", cx.names[5])
            } else {
                format!("{unverified} (shaded orange in sheet “{}”)", cx.names[5])
            }),
        ),
    ];
    let year_format = st.num(YEAR, Look::Plain).set_align(FormatAlign::Left);
    for (k, v) in &info {
        s.text(r, 0, k, &st.bold)?;
        match v {
            Info::Text(t) => s.label(r, 1, t, &st.text)?,
            Info::Warn(t) => s.label(r, 1, t, &st.banner)?,
            Info::Year(y) => {
                s.ws.write_number_with_format(r, 1, *y, &year_format)?;
            }
        }
        r += 1;
    }
    r += 1;

    // Region totals.
    let t = &a.region.totals;
    let ratios = &a.region.ratios;
    s.label(r, 0, cx.t("区域合计", "Region totals"), &st.section)?;
    r += 1;
    s.header(
        r,
        0,
        &[
            cx.t("项目", "Item"),
            cx.t("数值", "Value"),
            cx.t("单位", "Unit"),
        ],
        &st.header,
    )?;
    r += 1;
    let wan_u = cx.unit(Unit::WanYuan);
    let per_km2 = if cx.zh() {
        "万元/km²"
    } else {
        "10⁴ CNY/km²"
    };
    let per_cap = if cx.zh() { "元/人" } else { "CNY/person" };
    let rows: Vec<(String, Option<f64>, &str, &str, Look)> = vec![
        (
            cx.category(Category::Material),
            Some(wan(t.material)),
            wan_u,
            MONEY,
            Look::Plain,
        ),
        (
            cx.category(Category::Regulating),
            Some(wan(t.regulating)),
            wan_u,
            MONEY,
            Look::Plain,
        ),
        (
            cx.category(Category::Cultural),
            Some(wan(t.cultural)),
            wan_u,
            MONEY,
            Look::Plain,
        ),
        (
            cx.t("生态产品总值（扣减前）", "Gross value (before deduction)")
                .into(),
            Some(wan(t.gross)),
            wan_u,
            MONEY,
            Look::Plain,
        ),
        (
            cx.t("扣减：调入的生态产品", "Less: imported ecological products")
                .into(),
            Some(wan(t.imported_deduction)),
            wan_u,
            MONEY,
            Look::Plain,
        ),
        (
            cx.t("生态产品总值 GEP", "GEP").into(),
            Some(wan(t.gep)),
            wan_u,
            MONEY,
            Look::Total,
        ),
        (
            cx.t("其中：市场价值", "of which market value").into(),
            Some(wan(t.market)),
            wan_u,
            MONEY,
            Look::Plain,
        ),
        (
            cx.t("其中：非市场价值", "of which non-market value").into(),
            Some(wan(t.non_market)),
            wan_u,
            MONEY,
            Look::Plain,
        ),
        (
            cx.t(
                "备查项：框架外指标（不计入GEP）",
                "Memo: outside the framework (not in GEP)",
            )
            .into(),
            Some(wan(t.outside_framework)),
            wan_u,
            MONEY,
            Look::Memo,
        ),
        (
            cx.t(
                "当量因子法 ESV（对照）",
                "ESV, equivalent-factor method (comparison)",
            )
            .into(),
            Some(wan(a.region.esv_total)),
            wan_u,
            MONEY,
            Look::Plain,
        ),
        (
            "GEP/GDP".into(),
            ratios.gep_per_gdp,
            cx.t("倍", "×"),
            RATIO,
            Look::Plain,
        ),
        (
            cx.t("人均GEP", "GEP per capita").into(),
            ratios.gep_per_capita,
            per_cap,
            INT,
            Look::Plain,
        ),
        (
            cx.t("地均GEP", "GEP per km²").into(),
            ratios.gep_per_km2.map(wan),
            per_km2,
            MONEY,
            Look::Plain,
        ),
        (
            cx.t("地区生产总值 GDP", "GDP").into(),
            Some(wan(a.region.gdp_yuan)),
            wan_u,
            MONEY,
            Look::Plain,
        ),
        (
            cx.t("常住人口", "Population").into(),
            Some(a.region.population),
            cx.unit(Unit::Person),
            INT,
            Look::Plain,
        ),
        (
            cx.t("土地面积", "Land area").into(),
            Some(a.region.land_area_hm2 / 100.0),
            cx.unit(Unit::Km2),
            MONEY,
            Look::Plain,
        ),
    ];
    for (label, v, unit, code, look) in &rows {
        let lf = if *look == Look::Total {
            &st.bold
        } else if *look == Look::Memo {
            &st.memo_text
        } else {
            &st.text
        };
        s.text(r, 0, label, lf)?;
        s.opt_num(r, 1, *v, &st.num(code, *look))?;
        s.text(r, 2, unit, &st.indent)?;
        r += 1;
    }
    r += 1;

    // Per-county table with a SUM row and the chart.
    s.label(
        r,
        0,
        cx.t("分县区核算结果", "Accounts by county"),
        &st.section,
    )?;
    r += 1;
    let header_row = r;
    let hdr = [
        cx.t("县区代码", "Code").to_string(),
        cx.t("县区", "County").to_string(),
        cx.money(&cx.category(Category::Material)),
        cx.money(&cx.category(Category::Regulating)),
        cx.money(&cx.category(Category::Cultural)),
        cx.money("GEP"),
        "GEP/GDP".to_string(),
    ];
    let hdr_refs: Vec<&str> = hdr.iter().map(String::as_str).collect();
    s.header(r, 0, &hdr_refs, &st.header)?;
    r += 1;
    let first = r;
    let mut cols: [Vec<f64>; 4] = Default::default();
    let money = st.num(MONEY, Look::Plain);
    let ratio = st.num(RATIO, Look::Plain);
    for c in &a.counties {
        s.text(r, 0, &c.code, &st.text)?;
        s.text(r, 1, c.name_zh_or_en(cx.lang), &st.text)?;
        let v = [
            c.totals.material,
            c.totals.regulating,
            c.totals.cultural,
            c.totals.gep,
        ]
        .map(wan);
        for (k, x) in v.iter().enumerate() {
            s.num(r, col(2 + k), *x, &money)?;
            cols[k].push(*x);
        }
        s.opt_num(r, 6, c.ratios.gep_per_gdp, &ratio)?;
        r += 1;
    }
    let last = r.saturating_sub(1);
    let total = st.num(MONEY, Look::Total);
    s.text(r, 0, cx.t("合计", "Total"), &st.bold)?;
    s.ws.write_blank(r, 1, &total)?;
    if a.counties.is_empty() {
        for k in 0..4 {
            s.num(r, col(2 + k), 0.0, &total)?;
        }
    } else {
        for (k, v) in cols.iter().enumerate() {
            s.sum_column(r, col(2 + k), first, last, v, &total)?;
        }
    }
    s.opt_num(r, 6, ratios.gep_per_gdp, &st.num(RATIO, Look::Total))?;

    if !a.counties.is_empty() {
        let name = cx.names[0];
        let mut chart = Chart::new(ChartType::ColumnStacked);
        for k in 0..3u16 {
            chart
                .add_series()
                .set_name((name, header_row, 2 + k))
                .set_categories((name, first, 1, last, 1))
                .set_values((name, first, 2 + k, last, 2 + k));
        }
        chart
            .title()
            .set_name(&cx.title("各县区生态产品总值构成", "GEP by county and category"));
        chart.y_axis().set_name(wan_u).set_num_format(INT);
        chart.legend().set_position(ChartLegendPosition::Bottom);
        chart.set_width(720).set_height(420);
        s.ws.insert_chart_with_offset(2, 8, &chart, 8, 0)?;
    }
    s.ws.set_freeze_panes(1, 0)?;
    let mut ws = s.finish(None)?;
    ws.set_row_height(header_row, 32)?;
    Ok(ws)
}

// ---------------------------------------------------------------------------------------------
// 2. Values by county × indicator

/// Fixed columns before the county columns.
const VALUE_FIXED: usize = 5;

fn values_sheet(cx: &Ctx) -> Res<Worksheet> {
    let a = cx.accounts;
    let st = &cx.st;
    let mut s = Sheet::new(cx.names[1])?;
    let py = a.price_year;
    s.label(
        0,
        0,
        &cx.title(
            &format!("各县区生态产品价值量（万元，{py}年价格）"),
            &format!("Value by county and indicator (10⁴ CNY at {py} prices)"),
        ),
        &st.title,
    )?;
    s.label(
        1,
        0,
        &if cx.zh() {
            format!(
                "口径：“计入”= 计入 {} 的 GEP；“备查”= 框架外指标，仅列示，不计入 GEP（斜体灰字）。橙色底 = 计算中使用了未核验（U）参数。“—”= 未录入；“不完整”“失败”见“{}”表。",
                cx.framework_name(),
                cx.names[7]
            )
        } else {
            format!(
                "Basis: “counted” = in the GEP of {}; “memo” = outside the framework, listed but never added to GEP (grey italics). Orange = uses an unverified (U) parameter. “—” = not entered; “incomplete” / “failed”: see sheet “{}”.",
                cx.framework_name(),
                cx.names[7]
            )
        },
        &st.note,
    )?;
    let hr: RowNum = 2;
    let mut hdr: Vec<String> = vec![
        cx.t("指标代码", "Indicator id").into(),
        cx.t("指标", "Indicator").into(),
        cx.t("类别", "Category").into(),
        cx.t("口径", "Basis").into(),
        cx.t("估值方法", "Valuation").into(),
    ];
    hdr.extend(
        a.counties
            .iter()
            .map(|c| c.name_zh_or_en(cx.lang).to_string()),
    );
    hdr.push(cx.money(cx.t("合计", "Total")));
    let refs: Vec<&str> = hdr.iter().map(String::as_str).collect();
    s.header(hr, 0, &refs, &st.header)?;
    let n = a.counties.len();
    let total_col = col(VALUE_FIXED + n);
    let mut r = hr + 1;
    for (i, id) in cx.indicator_ids().into_iter().enumerate() {
        let counted = cx.counted(i, id);
        let spec = cx.spec(id);
        let tf = if counted { &st.text } else { &st.memo_text };
        s.text(r, 0, id, tf)?;
        s.text(r, 1, &cx.indicator_name(id), tf)?;
        let cat = cx
            .any_account(i, id)
            .map(|x| x.category)
            .or(spec.map(|x| x.category));
        s.text(r, 2, &cat.map(|c| cx.category(c)).unwrap_or_default(), tf)?;
        s.text(r, 3, cx.basis(counted), tf)?;
        let valuation = spec.map_or(String::new(), |x| {
            x.valuation.name().get(cx.lang).to_string()
        });
        s.text(r, 4, &valuation, tf)?;
        let mut written = Vec::new();
        for (k, c) in a.counties.iter().enumerate() {
            let cc = col(VALUE_FIXED + k);
            match indicator(c, i, id) {
                Some(ia) if ia.status == Status::Computed => {
                    let u = ia.trace.as_ref().is_some_and(|t| t.uses_unverified());
                    let look = match (counted, u) {
                        (true, false) => Look::Plain,
                        (true, true) => Look::Unverified,
                        (false, false) => Look::Memo,
                        (false, true) => Look::MemoUnverified,
                    };
                    let v = wan(ia.value);
                    s.num(r, cc, v, &st.num(MONEY, look))?;
                    written.push(v);
                }
                Some(ia) => s.text(r, cc, cx.status_text(&ia.status), &st.dash(counted))?,
                None => s.text(r, cc, "—", &st.dash(counted))?,
            }
        }
        let look = if counted { Look::Plain } else { Look::Memo };
        let f = st.num(MONEY, look).set_bold();
        if n > 0 {
            let range = cell_range(r, col(VALUE_FIXED), r, col(VALUE_FIXED + n - 1));
            s.sum(r, total_col, &range, written.iter().sum(), &f)?;
        }
        r += 1;
    }

    // Totals per county from the engine.
    let lines: [(String, TotalsField, Look); 7] = [
        (cx.category(Category::Material), |t| t.material, Look::Plain),
        (
            cx.category(Category::Regulating),
            |t| t.regulating,
            Look::Plain,
        ),
        (cx.category(Category::Cultural), |t| t.cultural, Look::Plain),
        (
            cx.t("扣减：调入的生态产品", "Less: imported ecological products")
                .into(),
            |t| t.imported_deduction,
            Look::Plain,
        ),
        (
            cx.t("生态产品总值 GEP", "GEP").into(),
            |t| t.gep,
            Look::Total,
        ),
        (
            cx.t("其中：市场价值", "of which market value").into(),
            |t| t.market,
            Look::Plain,
        ),
        (
            cx.t("备查项合计（不计入GEP）", "Memo items (not in GEP)")
                .into(),
            |t| t.outside_framework,
            Look::Memo,
        ),
    ];
    s.label(
        r,
        0,
        cx.t("合计（引擎汇总）", "Totals (from the engine)"),
        &st.section,
    )?;
    r += 1;
    for (label, get, look) in &lines {
        let lf = match look {
            Look::Total => &st.bold,
            Look::Memo => &st.memo_text,
            _ => &st.text,
        };
        s.text(r, 1, label, lf)?;
        let f = st.num(MONEY, *look);
        let mut written = Vec::new();
        for (k, c) in a.counties.iter().enumerate() {
            let v = wan(get(&c.totals));
            s.num(r, col(VALUE_FIXED + k), v, &f)?;
            written.push(v);
        }
        if n > 0 {
            let range = cell_range(r, col(VALUE_FIXED), r, col(VALUE_FIXED + n - 1));
            s.sum(
                r,
                total_col,
                &range,
                written.iter().sum(),
                &f.clone().set_bold(),
            )?;
        }
        r += 1;
    }
    s.ws.set_freeze_panes(hr + 1, 2)?;
    let mut ws = s.finish(Some(hr))?;
    ws.set_row_height(hr, 32)?;
    Ok(ws)
}

// ---------------------------------------------------------------------------------------------
// 3. Physical quantities

fn quantities_sheet(cx: &Ctx) -> Res<Worksheet> {
    let a = cx.accounts;
    let st = &cx.st;
    let mut s = Sheet::new(cx.names[2])?;
    s.label(
        0,
        0,
        &cx.title(
            "各县区生态系统功能量（实物量）",
            "Physical quantities by county and indicator",
        ),
        &st.title,
    )?;
    s.label(
        1,
        0,
        cx.t(
            "单位见“单位”列；缩进行为指标的分项实物量。“备查”指标不计入 GEP（斜体灰字）。以产值录入的物质产品无实物量，其价值见“价值量”表。",
            "Units in the “Unit” column; indented rows are the indicator's components. “memo” indicators are not in GEP (grey italics). Material products entered as output values have no quantity; see the values sheet.",
        ),
        &st.note,
    )?;
    let hr: RowNum = 2;
    let fixed = 5;
    let mut hdr: Vec<String> = vec![
        cx.t("指标代码", "Indicator id").into(),
        cx.t("指标 / 分项", "Indicator / component").into(),
        cx.t("类别", "Category").into(),
        cx.t("口径", "Basis").into(),
        cx.t("单位", "Unit").into(),
    ];
    hdr.extend(
        a.counties
            .iter()
            .map(|c| c.name_zh_or_en(cx.lang).to_string()),
    );
    hdr.push(cx.t("合计", "Total").into());
    let refs: Vec<&str> = hdr.iter().map(String::as_str).collect();
    s.header(hr, 0, &refs, &st.header)?;
    let n = a.counties.len();
    let mut r = hr + 1;
    for (i, id) in cx.indicator_ids().into_iter().enumerate() {
        let counted = cx.counted(i, id);
        let tf = if counted { &st.text } else { &st.memo_text };
        let look = if counted { Look::Plain } else { Look::Memo };
        let cat = cx.any_account(i, id).map(|x| x.category);
        // Rows: (component id or None for the indicator's own quantity, unit).
        let mut keys: Vec<(Option<&str>, Unit)> = Vec::new();
        for c in &a.counties {
            if let Some(q) = indicator(c, i, id).and_then(|x| x.quantity)
                && !keys.contains(&(None, q.unit))
            {
                keys.push((None, q.unit));
            }
        }
        for c in &a.counties {
            for comp in indicator(c, i, id).map_or(&[][..], |x| &x.components) {
                let key = (Some(comp.id.as_ref()), comp.unit);
                if !comp.unit.is_money() && !keys.contains(&key) {
                    keys.push(key);
                }
            }
        }
        // A single component in the quantity's unit repeats the quantity: not listed.
        if keys.len() == 2 && keys[0].0.is_none() && keys[1].1 == keys[0].1 {
            keys.truncate(1);
        }
        if keys.is_empty() {
            s.text(r, 0, id, tf)?;
            s.text(r, 1, &cx.indicator_name(id), tf)?;
            s.text(r, 2, &cat.map(|c| cx.category(c)).unwrap_or_default(), tf)?;
            s.text(r, 3, cx.basis(counted), tf)?;
            for k in 0..n {
                s.text(r, col(fixed + k), "—", &st.dash(counted))?;
            }
            r += 1;
            continue;
        }
        for (comp, unit) in keys {
            s.text(r, 0, id, tf)?;
            match comp {
                None => s.text(r, 1, &cx.indicator_name(id), tf)?,
                Some(cid) => {
                    let f = if counted {
                        st.indent.clone()
                    } else {
                        st.memo_text.clone().set_indent(1)
                    };
                    s.text(r, 1, &cx.component_name(id, cid), &f)?;
                }
            }
            s.text(r, 2, &cat.map(|c| cx.category(c)).unwrap_or_default(), tf)?;
            s.text(r, 3, cx.basis(counted), tf)?;
            s.text(r, 4, cx.unit(unit), &tf.clone().set_indent(1))?;
            let vals: Vec<Option<f64>> = a
                .counties
                .iter()
                .map(|c| {
                    let ia = indicator(c, i, id);
                    match comp {
                        None => ia
                            .and_then(|x| x.quantity)
                            .filter(|q| q.unit == unit)
                            .map(|q| q.value),
                        Some(cid) => ia.and_then(|x| {
                            x.components
                                .iter()
                                .find(|y| &*y.id == cid && y.unit == unit)
                                .map(|y| y.quantity)
                        }),
                    }
                })
                .collect();
            let written: Vec<f64> = vals.iter().flatten().copied().collect();
            let code = row_format(&written);
            let f = st.num(code, look);
            for (k, v) in vals.iter().enumerate() {
                match v {
                    Some(v) => s.num(r, col(fixed + k), *v, &f)?,
                    None => s.text(r, col(fixed + k), "—", &st.dash(counted))?,
                }
            }
            if n > 0 {
                let total: f64 = written.iter().sum();
                let range = cell_range(r, col(fixed), r, col(fixed + n - 1));
                s.sum(r, col(fixed + n), &range, total, &f.clone().set_bold())?;
            }
            r += 1;
        }
    }
    s.ws.set_freeze_panes(hr + 1, 2)?;
    let mut ws = s.finish(Some(hr))?;
    ws.set_row_height(hr, 32)?;
    Ok(ws)
}

// ---------------------------------------------------------------------------------------------
// 4. Categories

fn categories_sheet(cx: &Ctx) -> Res<Worksheet> {
    let a = cx.accounts;
    let st = &cx.st;
    let mut s = Sheet::new(cx.names[3])?;
    let py = a.price_year;
    s.label(
        0,
        0,
        &cx.title("各县区分类别核算结果", "Accounts by county and category"),
        &st.title,
    )?;
    s.label(
        1,
        0,
        &if cx.zh() {
            format!(
                "金额单位：万元（{py}年价格）；占比为占扣减前总值的比例；人均 GEP 单位为元/人，地均 GEP 为万元/km²。备查项不计入 GEP。"
            )
        } else {
            format!(
                "Money in 10⁴ CNY at {py} prices; shares are of the gross value before deduction; GEP per capita in CNY/person, per km² in 10⁴ CNY/km². Memo items are not in GEP."
            )
        },
        &st.note,
    )?;
    let hr: RowNum = 2;
    let money_cols: [(String, TotalsField); 9] = [
        (cx.money(&cx.category(Category::Material)), |t| t.material),
        (cx.money(&cx.category(Category::Regulating)), |t| {
            t.regulating
        }),
        (cx.money(&cx.category(Category::Cultural)), |t| t.cultural),
        (cx.money(cx.t("扣减前总值", "Gross value")), |t| {
            t.gross
        }),
        (
            cx.money(cx.t("扣减调入生态产品", "Imported deduction")),
            |t| t.imported_deduction,
        ),
        (cx.money("GEP"), |t| t.gep),
        (cx.money(cx.t("市场价值", "Market value")), |t| t.market),
        (cx.money(cx.t("非市场价值", "Non-market value")), |t| {
            t.non_market
        }),
        (
            cx.money(cx.t("备查项（不计入GEP）", "Memo items (not in GEP)")),
            |t| t.outside_framework,
        ),
    ];
    let mut hdr: Vec<String> = vec![
        cx.t("县区代码", "Code").into(),
        cx.t("县区", "County").into(),
    ];
    hdr.extend(money_cols.iter().map(|(h, _)| h.clone()));
    hdr.extend([
        cx.t("物质产品占比", "Material share").into(),
        cx.t("调节服务占比", "Regulating share").into(),
        cx.t("文化服务占比", "Cultural share").into(),
        cx.with_unit(
            cx.t("人均GEP", "GEP per capita"),
            cx.t("元/人", "CNY/person"),
        ),
        cx.with_unit(
            cx.t("地均GEP", "GEP per km²"),
            cx.t("万元/km²", "10⁴ CNY/km²"),
        ),
        "GEP/GDP".into(),
    ]);
    let refs: Vec<&str> = hdr.iter().map(String::as_str).collect();
    s.header(hr, 0, &refs, &st.header)?;
    let nm = money_cols.len();
    let ratio_cols = |r: &crate::engine::Ratios| {
        [
            (r.share_material, PCT),
            (r.share_regulating, PCT),
            (r.share_cultural, PCT),
            (r.gep_per_capita, INT),
            (r.gep_per_km2.map(wan), MONEY),
            (r.gep_per_gdp, RATIO),
        ]
    };
    let first = hr + 1;
    let mut r = first;
    let mut cols: Vec<Vec<f64>> = vec![Vec::new(); nm];
    for c in &a.counties {
        s.text(r, 0, &c.code, &st.text)?;
        s.text(r, 1, c.name_zh_or_en(cx.lang), &st.text)?;
        for (k, (_, get)) in money_cols.iter().enumerate() {
            let v = wan(get(&c.totals));
            let look = if k == nm - 1 { Look::Memo } else { Look::Plain };
            s.num(r, col(2 + k), v, &st.num(MONEY, look))?;
            cols[k].push(v);
        }
        for (k, (v, code)) in ratio_cols(&c.ratios).into_iter().enumerate() {
            s.opt_num(r, col(2 + nm + k), v, &st.num(code, Look::Plain))?;
        }
        r += 1;
    }
    s.text(r, 0, cx.t("合计", "Total"), &st.bold)?;
    s.text(r, 1, cx.t("（比率为区域值）", "(ratios: region)"), &st.bold)?;
    let total = st.num(MONEY, Look::Total);
    for (k, v) in cols.iter().enumerate() {
        if a.counties.is_empty() {
            s.num(r, col(2 + k), 0.0, &total)?;
        } else {
            s.sum_column(r, col(2 + k), first, r - 1, v, &total)?;
        }
    }
    for (k, (v, code)) in ratio_cols(&a.region.ratios).into_iter().enumerate() {
        s.opt_num(r, col(2 + nm + k), v, &st.num(code, Look::Total))?;
    }
    s.ws.set_freeze_panes(hr + 1, 2)?;
    let mut ws = s.finish(Some(hr))?;
    ws.set_row_height(hr, 48)?;
    Ok(ws)
}

// ---------------------------------------------------------------------------------------------
// 5. ESV (equivalent-factor method)

fn esv_sheet(cx: &Ctx) -> Res<Worksheet> {
    let a = cx.accounts;
    let st = &cx.st;
    let mut s = Sheet::new(cx.names[4])?;
    s.label(
        0,
        0,
        &cx.title(
            "当量因子法生态系统服务价值（ESV，对照，不计入GEP）",
            "Ecosystem service value by the equivalent-factor method (ESV; comparison, not GEP)",
        ),
        &st.title,
    )?;
    let esvs: Vec<Option<&crate::engine::EsvAccount>> =
        a.counties.iter().map(|c| c.esv.as_ref()).collect();
    let Some(first_esv) = esvs.iter().flatten().next() else {
        s.label(
            2,
            0,
            &if cx.zh() {
                format!("未计算当量因子法 ESV（原因见“{}”表）。", cx.names[7])
            } else {
                format!("ESV was not computed (see sheet “{}”).", cx.names[7])
            },
            &st.banner,
        )?;
        return s.finish(None);
    };
    let table = cx.factor_table(&first_esv.table);
    let table_name = table.map_or(String::new(), |t| t.name.get(cx.lang).to_string());
    let table_source = table.map_or("", |t| t.source.as_str());
    let (d_source, d_tag, d_year) = match &cx.project.esv.standard_equivalent {
        StandardEquivalent::Direct {
            source,
            tag,
            price_year,
            ..
        } => (source.as_str(), Some(*tag), *price_year),
        StandardEquivalent::GrainOneSeventh {
            source, price_year, ..
        }
        | StandardEquivalent::NetProfit {
            source, price_year, ..
        } => (source.as_str(), None, *price_year),
    };
    let info = if cx.zh() {
        [
            format!(
                "当量因子表：{}（{}）；来源：{table_source}",
                first_esv.table, table_name
            ),
            format!(
                "标准当量 D：{d_year}年价格，按 CPI 折算至 {} 年；来源：{d_source}{}",
                a.price_year,
                d_tag.map_or(String::new(), |t| format!("（核验标记 {}）", t.label()))
            ),
        ]
    } else {
        [
            format!(
                "Factor table: {} ({table_name}); source: {table_source}",
                first_esv.table
            ),
            format!(
                "Standard equivalent D: {d_year} prices moved to {} with the CPI; source: {d_source}{}",
                a.price_year,
                d_tag.map_or(String::new(), |t| format!(
                    " (verification tag {})",
                    t.label()
                ))
            ),
        ]
    };
    let d_unverified = d_tag.is_some_and(Tag::is_unverified);
    s.label(1, 0, &info[0], &st.note)?;
    s.label(
        2,
        0,
        &info[1],
        if d_unverified { &st.banner } else { &st.note },
    )?;
    let hr: RowNum = 3;
    let fixed = 4;
    let n = a.counties.len();
    let mut hdr: Vec<String> = vec![
        cx.t("代码", "Id").into(),
        cx.t("服务 / 地类", "Service / land class").into(),
        cx.t("市场/非市场", "Market").into(),
        cx.t("单位", "Unit").into(),
    ];
    hdr.extend(
        a.counties
            .iter()
            .map(|c| c.name_zh_or_en(cx.lang).to_string()),
    );
    hdr.push(cx.t("合计", "Total").into());
    let refs: Vec<&str> = hdr.iter().map(String::as_str).collect();
    s.header(hr, 0, &refs, &st.header)?;
    let wan_u = cx.unit(Unit::WanYuan);
    let mut r = hr + 1;

    // A row of per-county values with a SUM in the total column.
    let row = |s: &mut Sheet,
               r: RowNum,
               vals: &[Option<f64>],
               code: &str,
               look: Look,
               with_sum: bool|
     -> Res {
        let mut written = Vec::new();
        for (k, v) in vals.iter().enumerate() {
            match v {
                Some(v) => {
                    s.num(r, col(fixed + k), *v, &st.num(code, look))?;
                    written.push(*v);
                }
                None => s.text(r, col(fixed + k), "—", &st.dash(true))?,
            }
        }
        if with_sum && n > 0 {
            let range = cell_range(r, col(fixed), r, col(fixed + n - 1));
            let f = st.num(code, look).set_bold();
            s.sum(r, col(fixed + n), &range, written.iter().sum(), &f)?;
        }
        Ok(())
    };

    s.label(r, 0, &cx.money(cx.t("按服务", "By service")), &st.section)?;
    r += 1;
    let services: Vec<(String, String, Option<bool>)> = match table {
        Some(t) => t
            .services
            .iter()
            .map(|x| {
                (
                    x.id.clone(),
                    x.name.get(cx.lang).to_string(),
                    Some(x.market),
                )
            })
            .collect(),
        None => first_esv
            .by_service
            .iter()
            .map(|(id, _)| (id.to_string(), id.to_string(), None))
            .collect(),
    };
    for (sid, sname, market) in &services {
        s.text(r, 0, sid, &st.text)?;
        s.text(r, 1, sname, &st.text)?;
        let m = match market {
            Some(true) => cx.t("市场", "market"),
            Some(false) => cx.t("非市场", "non-market"),
            None => "",
        };
        s.text(r, 2, m, &st.text)?;
        s.text(r, 3, wan_u, &st.indent)?;
        let vals: Vec<Option<f64>> = esvs
            .iter()
            .map(|e| {
                e.and_then(|e| {
                    e.by_service
                        .iter()
                        .find(|(id, _)| &**id == sid)
                        .map(|(_, v)| wan(*v))
                })
            })
            .collect();
        row(&mut s, r, &vals, MONEY, Look::Plain, true)?;
        r += 1;
    }
    let sums: [(&str, EsvField, Look); 3] = [
        (cx.t("市场价值", "Market value"), |e| e.market, Look::Plain),
        (
            cx.t("非市场价值", "Non-market value"),
            |e| e.non_market,
            Look::Plain,
        ),
        (cx.t("ESV 合计", "ESV total"), |e| e.total, Look::Total),
    ];
    for (label, get, look) in sums {
        s.text(
            r,
            1,
            label,
            if look == Look::Total {
                &st.bold
            } else {
                &st.text
            },
        )?;
        s.text(r, 3, wan_u, &st.indent)?;
        let vals: Vec<Option<f64>> = esvs.iter().map(|e| e.map(|e| wan(get(e)))).collect();
        row(&mut s, r, &vals, MONEY, look, true)?;
        r += 1;
    }
    s.text(r, 0, "D", &st.text)?;
    s.text(
        r,
        1,
        cx.t("标准当量因子价值 D", "Standard equivalent D"),
        &st.text,
    )?;
    s.text(r, 3, cx.unit(Unit::YuanPerHm2), &st.indent)?;
    let vals: Vec<Option<f64>> = esvs
        .iter()
        .map(|e| e.map(|e| e.standard_equivalent))
        .collect();
    let d_look = if d_unverified {
        Look::Unverified
    } else {
        Look::Plain
    };
    row(&mut s, r, &vals, MONEY, d_look, false)?;
    r += 2;

    // Land classes in first-seen order.
    let mut classes: Vec<&str> = Vec::new();
    for e in esvs.iter().flatten() {
        for (id, _, _) in &e.by_class {
            if !classes.contains(&id.as_ref()) {
                classes.push(id);
            }
        }
    }
    for (title, unit, pick, code) in [
        (
            cx.money(cx.t("按地类：价值", "By land class: value")),
            wan_u,
            (|_a: f64, v: f64| wan(v)) as fn(f64, f64) -> f64,
            MONEY,
        ),
        (
            cx.with_unit(
                cx.t("按地类：面积", "By land class: area"),
                cx.unit(Unit::Hm2),
            ),
            cx.unit(Unit::Hm2),
            (|a: f64, _v: f64| a) as fn(f64, f64) -> f64,
            MONEY,
        ),
    ] {
        s.label(r, 0, &title, &st.section)?;
        r += 1;
        for class in &classes {
            s.text(r, 0, class, &st.text)?;
            s.text(r, 1, &cx.land_class_name(class), &st.text)?;
            s.text(r, 3, unit, &st.indent)?;
            let vals: Vec<Option<f64>> = esvs
                .iter()
                .map(|e| {
                    e.and_then(|e| {
                        e.by_class
                            .iter()
                            .find(|(id, _, _)| &**id == *class)
                            .map(|(_, area, v)| pick(*area, *v))
                    })
                })
                .collect();
            row(&mut s, r, &vals, code, Look::Plain, true)?;
            r += 1;
        }
        r += 1;
    }
    s.ws.set_freeze_panes(hr + 1, 2)?;
    let mut ws = s.finish(Some(hr))?;
    ws.set_row_height(hr, 32)?;
    Ok(ws)
}

// ---------------------------------------------------------------------------------------------
// 6. Parameters and prices

fn params_sheet(cx: &Ctx) -> Res<Worksheet> {
    let a = cx.accounts;
    let st = &cx.st;
    let mut s = Sheet::new(cx.names[5])?;
    s.label(
        0,
        0,
        &cx.title(
            "参数与价格（本次核算实际使用）",
            "Parameters and prices used",
        ),
        &st.title,
    )?;
    s.label(
        1,
        0,
        &if cx.zh() {
            format!(
                "橙色底的行为未核验（U）的默认值，使用前请核对来源或在项目中覆盖。核验标记：V = 已核对原文；V-sec = 经引用原文的二手文献核对；D = 由已核验数据推导；U = 未核验。指数因子 = I({})/I(参数价格年)。",
                a.price_year
            )
        } else {
            format!(
                "Rows shaded orange are unverified (U) defaults: check the source or override them in the project. Tags: V = read in the cited source; V-sec = read in a secondary source applying it; D = derived from verified values; U = unverified. Index factor = I({})/I(parameter price year).",
                a.price_year
            )
        },
        &st.note,
    )?;
    let hr: RowNum = 2;
    s.header(
        hr,
        0,
        &[
            cx.t("参数代码", "Parameter id"),
            cx.t("名称", "Name"),
            cx.t("数值", "Value"),
            cx.t("单位", "Unit"),
            cx.t("价格年份", "Price year"),
            cx.t("价格指数", "Price index"),
            cx.t("指数因子", "Index factor"),
            cx.t("来源", "Source"),
            cx.t("核验标记", "Tag"),
            cx.t("项目覆盖", "Overridden"),
        ],
        &st.header,
    )?;
    let mut r = hr + 1;
    for p in &a.params_used {
        let u = p.tag.is_unverified();
        let look = if u { Look::Unverified } else { Look::Plain };
        let tf = if u {
            Format::new().set_background_color(Color::RGB(UNVERIFIED_FILL))
        } else {
            Format::new()
        };
        s.text(r, 0, &p.id, &tf)?;
        let name = if cx.zh() || p.name_en.is_empty() {
            &p.name_zh
        } else {
            &p.name_en
        };
        s.text(r, 1, name, &tf)?;
        match p.value {
            Some(v) => s.num(r, 2, v, &st.num(general_format(v), look))?,
            None => s.text(r, 2, "—", &tf.clone().set_align(FormatAlign::Right))?,
        }
        s.text(r, 3, cx.unit(p.unit), &tf.clone().set_indent(1))?;
        match p.price_year {
            Some(y) => s.num(r, 4, f64::from(y), &st.num(YEAR, look))?,
            None => s.text(r, 4, "", &tf)?,
        }
        // The index only applies to prices.
        let priced = p.price_year.is_some();
        s.text(r, 5, if priced { &p.index } else { "" }, &tf)?;
        let factor = priced.then(|| index_factor_of(a, &p.id)).flatten();
        match factor {
            Some(f) => s.num(r, 6, f, &st.num("0.0000", look))?,
            None => s.text(r, 6, "", &tf)?,
        }
        s.text(r, 7, &p.source, &tf)?;
        let tag_f = if u {
            tf.clone().set_bold().set_font_color(Color::RGB(RED))
        } else {
            tf.clone()
        };
        s.text(r, 8, p.tag.label(), &tag_f)?;
        s.text(
            r,
            9,
            if p.overridden {
                cx.t("是", "yes")
            } else {
                cx.t("否", "no")
            },
            &tf,
        )?;
        r += 1;
    }
    if a.params_used.is_empty() {
        s.label(r, 0, cx.t("（无）", "(none)"), &st.note)?;
        r += 1;
    }
    r += 1;

    // Price-index values behind the index factors.
    let mut wanted: BTreeSet<(&str, i32)> = BTreeSet::new();
    for p in &a.params_used {
        if let Some(y) = p.price_year {
            wanted.insert((&p.index, y));
            wanted.insert((&p.index, a.price_year));
        }
    }
    if !wanted.is_empty() {
        s.label(
            r,
            0,
            cx.t("价格指数（折算所用年份）", "Price index values used"),
            &st.section,
        )?;
        r += 1;
        // Same columns as the parameter table where the meaning matches (value, source, tag).
        s.header(
            r,
            0,
            &[
                cx.t("序列", "Series"),
                cx.t("名称", "Name"),
                cx.t("指数值", "Index value"),
                cx.t("基期", "Base"),
                cx.t("年份", "Year"),
            ],
            &st.header,
        )?;
        s.header(
            r,
            7,
            &[cx.t("来源", "Source"), cx.t("核验标记", "Tag")],
            &st.header,
        )?;
        r += 1;
        for (id, year) in wanted {
            let series = cx
                .project
                .price_indices
                .iter()
                .find(|x| x.id == id)
                .or_else(|| cx.registry.price_index(id));
            let u = series.is_some_and(|x| x.tag.is_unverified());
            let look = if u { Look::Unverified } else { Look::Plain };
            let tf = if u {
                Format::new().set_background_color(Color::RGB(UNVERIFIED_FILL))
            } else {
                Format::new()
            };
            s.text(r, 0, id, &tf)?;
            s.text(r, 1, series.map_or("", |x| x.name.get(cx.lang)), &tf)?;
            s.opt_num(
                r,
                2,
                series.and_then(|x| x.values.get(&year).copied()),
                &st.num("#,##0.0##", look),
            )?;
            s.text(r, 3, series.map_or("", |x| x.base.as_str()), &tf)?;
            s.num(r, 4, f64::from(year), &st.num(YEAR, look))?;
            s.text(r, 7, series.map_or("", |x| x.source.as_str()), &tf)?;
            s.text(r, 8, series.map_or("", |x| x.tag.label()), &tf)?;
            r += 1;
        }
    }
    s.ws.set_freeze_panes(hr + 1, 1)?;
    s.ws.autofilter(hr, 0, hr + a.params_used.len().max(1) as RowNum, 9)?;
    let mut ws = s.finish(Some(hr))?;
    ws.set_column_width(7, 60)?;
    ws.set_row_height(hr, 32)?;
    Ok(ws)
}

/// The price-index factor applied to a parameter (the same in every trace step using it).
fn index_factor_of(a: &Accounts, id: &str) -> Option<f64> {
    a.counties
        .iter()
        .flat_map(|c| &c.indicators)
        .filter_map(|i| i.trace.as_ref())
        .flat_map(|t| &t.steps)
        .find_map(|s| match &s.origin {
            Origin::Param {
                param,
                index_factor,
                ..
            } if &*param.id == id => Some(*index_factor),
            _ => None,
        })
}

// ---------------------------------------------------------------------------------------------
// 7. Traces

/// (name, detail) cells of one trace step's origin: "name（id）" and what was entered, the
/// registered value, unit factor and override.
fn origin_cells(cx: &Ctx, o: &OriginWords) -> (String, String) {
    let name = match o.id {
        Some(id) if !matches!(o.kind, Kind::OutputValue) => format!("{}（{id}）", o.name),
        _ => o.name.clone(),
    };
    let detail = match o.kind {
        Kind::Input => o.entered.map_or_else(String::new, |(v, u)| {
            cx.keyf(
                "wb_trace_entered",
                &[("v", &v.to_string()), ("u", cx.unit(u))],
            )
        }),
        Kind::InputAbsent => cx.key("wb_trace_absent").to_string(),
        Kind::Param => {
            let mut d = o
                .param
                .and_then(|p| p.value.map(|v| (v, p.unit)))
                .map_or_else(String::new, |(v, u)| {
                    cx.keyf(
                        "wb_trace_param_value",
                        &[("v", &v.to_string()), ("u", cx.unit(u))],
                    )
                });
            if o.unit_factor != 1.0 {
                d.push_str(&cx.keyf("wb_trace_unit_factor", &[("f", &o.unit_factor.to_string())]));
            }
            if o.overridden {
                d.push_str(cx.key("rpt_trace_overridden"));
            }
            d
        }
        _ => String::new(),
    };
    (name, detail)
}

fn traces_sheet(cx: &Ctx) -> Res<Worksheet> {
    let a = cx.accounts;
    let st = &cx.st;
    let mut s = Sheet::new(cx.names[6])?;
    s.label(
        0,
        0,
        &cx.title("计算过程（逐项）", "Calculation traces (one row per step)"),
        &st.title,
    )?;
    s.label(
        1,
        0,
        &if cx.zh() {
            format!(
                "每行为一个计算项：数值为换算到核算单位、{}年价格后的值；“原值”为参数登记值；橙色底 = 未核验（U）。",
                a.price_year
            )
        } else {
            format!(
                "One row per formula term: the value in the step's unit at {} prices; “value” in the detail is the parameter as registered; orange = unverified (U).",
                a.price_year
            )
        },
        &st.note,
    )?;
    let hr: RowNum = 2;
    let cols = [
        cx.t("县区代码", "Code"),
        cx.t("县区", "County"),
        cx.t("指标代码", "Indicator id"),
        cx.t("指标", "Indicator"),
        cx.t("方法", "Method"),
        cx.t("公式", "Formula"),
        cx.t("符号", "Symbol"),
        cx.t("数值", "Value"),
        cx.t("单位", "Unit"),
        cx.t("来源类型", "Origin"),
        cx.t("输入 / 参数", "Input / parameter"),
        cx.t("录入值 / 说明", "Entered / detail"),
        cx.t("出处", "Source"),
        cx.t("核验标记", "Tag"),
        cx.t("价格年份", "Price year"),
        cx.t("指数因子", "Index factor"),
    ];
    s.header(hr, 0, &cols, &st.header)?;
    let mut r = hr + 1;
    for c in &a.counties {
        let cname = c.name_zh_or_en(cx.lang);
        for ia in &c.indicators {
            let Some(t) = &ia.trace else { continue };
            let iname = cx.indicator_name(&ia.id);
            let method = cx.method_with_id(&ia.id, &t.method);
            let formula = trace::formula(cx, t);
            for step in trace::steps(cx, &ia.id, t) {
                let o = &step.origin;
                let (name, detail) = origin_cells(cx, o);
                let u = o.unverified();
                let look = if u { Look::Unverified } else { Look::Plain };
                let tf = if u {
                    Format::new().set_background_color(Color::RGB(UNVERIFIED_FILL))
                } else {
                    Format::new()
                };
                s.text(r, 0, &c.code, &tf)?;
                s.text(r, 1, cname, &tf)?;
                s.text(r, 2, &ia.id, &tf)?;
                s.text(r, 3, &iname, &tf)?;
                s.text(r, 4, &method, &tf)?;
                s.ws.write_string_with_format(r, 5, formula, &tf)?;
                s.text(r, 6, step.symbol, &tf)?;
                s.num(r, 7, step.value, &st.num(general_format(step.value), look))?;
                s.text(r, 8, cx.unit(step.unit), &tf.clone().set_indent(1))?;
                s.text(r, 9, o.kind_word, &tf)?;
                s.text(r, 10, &name, &tf)?;
                s.text(r, 11, &detail, &tf)?;
                s.ws.write_string_with_format(r, 12, o.source, &tf)?;
                s.text(r, 13, o.tag.map_or("", |t| t.label()), &tf)?;
                match o.price_year {
                    Some(y) => s.num(r, 14, f64::from(y), &st.num(YEAR, look))?,
                    None => s.text(r, 14, "", &tf)?,
                }
                match o.price_year.and(o.index_factor) {
                    Some(f) => s.num(r, 15, f, &st.num("0.0000", look))?,
                    None => s.text(r, 15, "", &tf)?,
                }
                r += 1;
            }
        }
    }
    if r == hr + 1 {
        s.label(
            r,
            0,
            cx.t(
                "（未生成计算过程：请在开启 traces 的情况下计算）",
                "(no traces: compute with traces on)",
            ),
            &st.note,
        )?;
    } else {
        s.ws.autofilter(hr, 0, r - 1, col(cols.len() - 1))?;
    }
    s.ws.set_freeze_panes(hr + 1, 0)?;
    let mut ws = s.finish(Some(hr))?;
    ws.set_column_width(5, 48)?;
    ws.set_column_width(12, 48)?;
    ws.set_row_height(hr, 32)?;
    Ok(ws)
}

// ---------------------------------------------------------------------------------------------
// 8. Validation

fn validation_sheet(cx: &Ctx) -> Res<Worksheet> {
    let a = cx.accounts;
    let st = &cx.st;
    let mut s = Sheet::new(cx.names[7])?;
    let issues = &cx.issues;
    let errors = issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .count();
    s.label(0, 0, &cx.title("校验结果", "Validation"), &st.title)?;
    s.label(
        1,
        0,
        &if cx.zh() {
            format!(
                "{errors} 个错误，{} 个警告。错误会使数值错误或无法计算；警告（如使用未核验的默认值）需要复核。",
                issues.len() - errors
            )
        } else {
            format!(
                "{errors} errors, {} warnings. Errors make numbers wrong or uncomputable; warnings (e.g. unverified defaults in use) need review.",
                issues.len() - errors
            )
        },
        &st.note,
    )?;
    let hr: RowNum = 2;
    s.header(
        hr,
        0,
        &[
            cx.t("严重程度", "Severity"),
            cx.t("年份", "Year"),
            cx.t("县区代码", "Code"),
            cx.t("县区", "County"),
            cx.t("字段", "Field"),
            cx.t("值", "Value"),
            cx.t("说明", "Message"),
        ],
        &st.header,
    )?;
    let mut r = hr + 1;
    for i in issues {
        let (sev, f) = match i.severity {
            Severity::Error => (cx.t("错误", "error"), &st.error_text),
            Severity::Warning => (cx.t("警告", "warning"), &st.text),
        };
        s.text(r, 0, sev, f)?;
        match i.year {
            Some(y) => s.num(r, 1, f64::from(y), &st.num(YEAR, Look::Plain))?,
            None => s.text(r, 1, "", f)?,
        }
        let code = i.county.as_deref().unwrap_or("");
        s.text(r, 2, code, f)?;
        let cname = cx.project.county(code).map_or("", |c| c.name.get(cx.lang));
        s.text(r, 3, cname, f)?;
        s.text(r, 4, &i.field, f)?;
        s.text(r, 5, i.value.as_deref().unwrap_or(""), f)?;
        s.ws.write_string_with_format(r, 6, i.message(cx.lang), f)?;
        r += 1;
    }
    if issues.is_empty() {
        s.label(r, 0, cx.t("无校验问题。", "No issues."), &st.note)?;
        r += 1;
    } else {
        s.ws.autofilter(hr, 0, r - 1, 6)?;
    }
    if !a.problems.is_empty() {
        r += 1;
        s.label(
            r,
            0,
            &if cx.zh() {
                format!("{}年核算中的计算问题（相关指标未汇总）", a.year)
            } else {
                format!("Problems met computing {} (indicators not summed)", a.year)
            },
            &st.section,
        )?;
        r += 1;
        for p in &a.problems {
            s.text(r, 0, cx.t("计算", "compute"), &st.error_text)?;
            s.num(r, 1, f64::from(a.year), &st.num(YEAR, Look::Plain))?;
            s.text(r, 2, p.county.as_deref().unwrap_or(""), &st.text)?;
            let cname = p
                .county
                .as_deref()
                .and_then(|c| cx.project.county(c))
                .map_or("", |c| c.name.get(cx.lang));
            s.text(r, 3, cname, &st.text)?;
            s.text(r, 4, p.indicator.as_deref().unwrap_or(""), &st.text)?;
            let msg = if cx.zh() {
                &p.message_zh
            } else {
                &p.message_en
            };
            s.ws.write_string_with_format(r, 6, msg, &st.text)?;
            r += 1;
        }
    }
    s.ws.set_freeze_panes(hr + 1, 0)?;
    let mut ws = s.finish(Some(hr))?;
    ws.set_column_width(6, 100)?;
    Ok(ws)
}

// ---------------------------------------------------------------------------------------------
// 9. Compensation

/// The project's compensation scenario (`engine::compensation::scenario`): method, formula,
/// source, parameters, then one row per county with the amount, rank, ECPS, class, the
/// method's intermediate quantities and the plain-language sentence.
fn compensation_sheet(cx: &Ctx) -> Res<Worksheet> {
    use crate::engine::compensation::Bound;
    use crate::engine::compensation::scenario::{self, Detail, Outcome, factor_label};
    let st = &cx.st;
    let mut s = Sheet::new(cx.names[8])?;
    let set = &cx.project.compensation;
    let lang = cx.lang;
    s.label(
        0,
        0,
        &format!(
            "{}：{}",
            cx.title("生态补偿", "Ecological compensation"),
            Outcome::method_name(set.method, lang)
        ),
        &st.title,
    )?;
    let o = match scenario::run(cx.project, cx.registry, cx.accounts, set) {
        Ok(o) => o,
        Err(e) => {
            s.label(
                2,
                0,
                &format!(
                    "{}{e}",
                    cx.t("无法计算补偿：", "Cannot compute compensation: ")
                ),
                &st.banner,
            )?;
            return s.finish(None);
        }
    };
    let m = set.method;
    s.label(
        1,
        0,
        &format!(
            "{}{}",
            cx.t("公式：", "Formula: "),
            Outcome::formula(m, lang)
        ),
        &st.note,
    )?;
    s.label(
        2,
        0,
        &format!("{}{}", cx.t("来源：", "Source: "), Outcome::source(m, lang)),
        &st.note,
    )?;
    s.label(3, 0, Outcome::sign_convention(lang), &st.banner)?;
    let mut r: RowNum = 5;
    for (k, v) in o.parameters(cx.registry, lang) {
        s.text(r, 0, &k, &st.bold)?;
        s.label(r, 1, &v, &st.text)?;
        r += 1;
    }
    r += 1;
    let wan = |yuan: f64| yuan / 1e4;
    let mut hdr: Vec<String> = vec![
        cx.t("代码", "Code").into(),
        cx.t("县区", "County").into(),
        cx.money(cx.t("补偿金额（+获得/−支付）", "Amount (+ receive / − pay)")),
        cx.t("排名", "Rank").into(),
        "ECPS".into(),
        cx.t("补偿分区", "Zone").into(),
    ];
    // Method-specific columns: (header, value per row, number format).
    type Column = (String, Vec<Option<f64>>, &'static str);
    let mut extra: Vec<Column> = Vec::new();
    let mut bounds: Vec<Option<Bound>> = vec![None; o.rows.len()];
    match &o.detail {
        Detail::Priority(p) => {
            extra.push((
                cx.money(cx.t("非市场价值", "Non-market value")),
                p.rows
                    .iter()
                    .map(|x| Some(wan(x.input.non_market_yuan)))
                    .collect(),
                MONEY,
            ));
            extra.push((
                cx.money("GDP"),
                p.rows.iter().map(|x| x.input.gdp_yuan.map(wan)).collect(),
                MONEY,
            ));
        }
        Detail::Spillover(sp) => {
            extra.push((
                cx.money(cx.t("非市场价值", "Non-market value")),
                sp.rows
                    .iter()
                    .map(|x| Some(wan(x.input.non_market_yuan)))
                    .collect(),
                MONEY,
            ));
            extra.push((
                cx.t("公平份额 w", "Fair share w").into(),
                sp.rows.iter().map(|x| Some(x.share)).collect(),
                "0.0000%",
            ));
            extra.push((
                cx.money(cx.t("应享有价值", "Fair-share value")),
                sp.rows
                    .iter()
                    .map(|x| Some(wan(sp.non_market_total_yuan * x.share)))
                    .collect(),
                MONEY,
            ));
            extra.push((
                cx.money(cx.t("溢出（+盈余/−赤字）", "Spillover (+ surplus / − deficit)")),
                sp.rows
                    .iter()
                    .map(|x| Some(wan(x.spillover_yuan)))
                    .collect(),
                MONEY,
            ));
            extra.push((
                "r".into(),
                sp.rows.iter().map(|x| Some(x.r)).collect(),
                "0.000",
            ));
            extra.push((
                "k".into(),
                sp.rows.iter().map(|x| Some(x.k)).collect(),
                "0.000",
            ));
            bounds = sp.rows.iter().map(|x| x.clamped).collect();
        }
        Detail::Fund(f) => {
            for (k, fac) in f.factors.iter().enumerate() {
                let label = factor_label(&fac.id, cx.registry, lang);
                extra.push((
                    format!("{label}{}", cx.t("（得分）", " (score)")),
                    f.rows.iter().map(|x| Some(x.county.scores[k])).collect(),
                    MONEY,
                ));
                extra.push((
                    format!("{label}{}", cx.t("（占比）", " (share)")),
                    f.rows
                        .iter()
                        .map(|x| {
                            (f.factor_totals[k] > 0.0)
                                .then(|| x.county.scores[k] / f.factor_totals[k])
                        })
                        .collect(),
                    "0.00%",
                ));
            }
            extra.push((
                cx.t("公式份额", "Formula share").into(),
                f.rows.iter().map(|x| Some(x.formula_share)).collect(),
                "0.00%",
            ));
            extra.push((
                cx.money(cx.t("公式金额", "Formula amount")),
                f.rows.iter().map(|x| Some(wan(x.formula_yuan))).collect(),
                MONEY,
            ));
            extra.push((
                cx.money(cx.t("下限", "Floor")),
                f.rows.iter().map(|x| x.county.floor.map(wan)).collect(),
                MONEY,
            ));
            extra.push((
                cx.money(cx.t("上限", "Cap")),
                f.rows.iter().map(|x| x.county.cap.map(wan)).collect(),
                MONEY,
            ));
            extra.push((
                cx.t("扣减", "Deduction").into(),
                f.rows
                    .iter()
                    .map(|x| (x.county.deduction > 0.0).then_some(x.county.deduction))
                    .collect(),
                "0%",
            ));
            bounds = f.rows.iter().map(|x| x.bound).collect();
        }
        Detail::Horizontal(h) => {
            let of = |code: &str| h.gravity.rows.iter().find(|g| g.target.code == code);
            extra.push((
                cx.t("到上游距离（千米）", "Distance to upstream (km)")
                    .into(),
                o.rows
                    .iter()
                    .map(|r| of(&r.code).map(|g| g.target.distance))
                    .collect(),
                "#,##0.0",
            ));
            extra.push((
                cx.t("引力质量 M", "Gravity mass M").into(),
                o.rows
                    .iter()
                    .map(|r| of(&r.code).map(|g| g.target.mass))
                    .collect(),
                MONEY,
            ));
            extra.push((
                cx.t("分摊份额", "Share").into(),
                o.rows
                    .iter()
                    .map(|r| of(&r.code).map(|g| g.share))
                    .collect(),
                "0.00%",
            ));
        }
        Detail::GrowthReward { reward, .. } => {
            extra.push((
                cx.money(cx.t("上期可比价 GEP", "GEP, previous period (constant prices)")),
                reward
                    .rows
                    .iter()
                    .map(|x| Some(wan(x.input.gep_prev_yuan)))
                    .collect(),
                MONEY,
            ));
            extra.push((
                cx.money(cx.t("本期可比价 GEP", "GEP, this period (constant prices)")),
                reward
                    .rows
                    .iter()
                    .map(|x| Some(wan(x.input.gep_now_yuan)))
                    .collect(),
                MONEY,
            ));
            extra.push((
                cx.money(cx.t("增长奖励部分", "Growth part")),
                reward
                    .rows
                    .iter()
                    .map(|x| Some(wan(x.growth_part_yuan)))
                    .collect(),
                MONEY,
            ));
            extra.push((
                cx.money(cx.t("调节服务份额部分", "Regulating-share part")),
                reward
                    .rows
                    .iter()
                    .map(|x| Some(wan(x.share_part_yuan)))
                    .collect(),
                MONEY,
            ));
        }
    }
    for (h, ..) in &extra {
        hdr.push(h.clone());
    }
    let has_bounds = bounds.iter().any(Option::is_some);
    if has_bounds {
        hdr.push(cx.t("约束", "Bound").into());
    }
    hdr.push(cx.t("说明", "Summary").into());
    let refs: Vec<&str> = hdr.iter().map(String::as_str).collect();
    let hr = r;
    s.header(hr, 0, &refs, &st.header)?;
    let money = st.num(MONEY, Look::Plain);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let first = hr + 1;
    for (i, row) in o.rows.iter().enumerate() {
        let rr = first + RowNum::try_from(i).unwrap_or(RowNum::MAX - 1);
        s.text(rr, 0, &row.code, &st.text)?;
        s.text(rr, 1, row.name(lang), &st.text)?;
        s.opt_num(rr, 2, row.amount_yuan.map(wan), &money)?;
        s.opt_num(rr, 3, row.rank.map(|k| k as f64), &st.num(INT, Look::Plain))?;
        s.opt_num(rr, 4, row.ecps, &st.num("0.0000", Look::Plain))?;
        let class = row
            .class
            .map_or("—", |c| if cx.zh() { c.label_zh() } else { c.label_en() });
        s.text(rr, 5, class, &st.text)?;
        let mut c = 6usize;
        for (_, vals, fmt) in &extra {
            s.opt_num(rr, col(c), vals[i], &st.num(fmt, Look::Plain))?;
            c += 1;
        }
        if has_bounds {
            let b = match bounds[i] {
                Some(Bound::Lower) => cx.t("下限", "floor"),
                Some(Bound::Upper) => cx.t("上限", "cap"),
                None => "",
            };
            s.text(rr, col(c), b, &st.text)?;
            c += 1;
        }
        // Long sentences wrap in a wide column so the sheet prints legibly on A4.
        let sentence = o.sentence(i, cx.registry, lang);
        let lines = (text_width(&sentence) / 68.0).ceil().max(1.0);
        s.ws.set_row_height(rr, 15.0 * lines)?;
        s.label(rr, col(c), &sentence, &wrap)?;
        s.fit(col(c), 70.0);
    }
    if o.settings.method != crate::model::compensation::Method::Priority && !o.rows.is_empty() {
        let last = first + RowNum::try_from(o.rows.len() - 1).unwrap_or(RowNum::MAX - 2);
        let total_row = last + 1;
        s.text(total_row, 1, cx.t("合计（净额）", "Total (net)"), &st.bold)?;
        let cells: Vec<f64> = o
            .rows
            .iter()
            .filter_map(|x| x.amount_yuan.map(wan))
            .collect();
        s.sum_column(
            total_row,
            2,
            first,
            last,
            &cells,
            &st.num(MONEY, Look::Total),
        )?;
    }
    let mut ws = s.finish(Some(hr))?;
    ws.set_freeze_panes(hr + 1, 2)?;
    Ok(ws)
}
