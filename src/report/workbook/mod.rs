//! The accounts workbook (XLSX): a workbook a reviewer can audit number by number, the
//! report's companion. It lives beside the report because it is another view of the accounts
//! for readers; it names everything through `view::Labels` and words traces through
//! `view::trace`, like the report.
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
//!    indicators are marked; values that used an unverified (U) parameter are shaded; a memo
//!    block (备忘项目) lists every memo amount (consumer surplus, indicators outside the
//!    framework) with its note, never in GEP.
//! 3. 功能量 Quantities — the physical quantities with units, and their components.
//! 4. 类别 Categories — category totals, imported deduction, market / non-market, memo items,
//!    shares and ratios per county.
//!    生态系统类型 By ecosystem (`ecosystem.rs`) — only when a county is split by ecosystem type:
//!    the table "GEP by ecosystem type" of every split county and the region (not in
//!    `sheet_names`, which lists the sheets every workbook has).
//! 5. 当量因子法 ESV — by service and by land class (value and area), standard equivalent D.
//! 6. 参数 Parameters — every parameter used with value, unit, price year, index, index factor,
//!    source, verification tag and override flag (U rows shaded); the price-index values used.
//! 7. 计算过程 Traces — one row per trace step.
//! 8. 校验 Validation — `validate` messages, and problems met while computing.
//! 9. 生态补偿 Compensation — the project's compensation scenario, one row per county.
//!
//! Then, only when the project has an earlier accounting year, GEP 变化分解 Why GEP changed
//! (`decompose`): counties × effects and the region's indicators × effects; and only when the
//! project has scenarios, 情景对比 Scenarios (`scenarios`): baseline vs each scenario (the
//! workbook of a scenario shown in the app is that scenario's, without this sheet); and only
//! when the project has a transition matrix, 土地利用变化 Land-use change (`transitions`): matrix,
//! ESV change by transition and sensitivity coefficients.
//!
//! Layout: this file holds `write_workbook`, `sheet_names` and the context every sheet reads
//! (`Ctx`); `sheet.rs` the cells, formats and widths (`Sheet`, `Styles`, `Sheet::titled` for
//! the title / note / header preamble); then one file per sheet, in workbook order, each
//! importing what it uses by name. Every sheet name, title, note and header is a catalogue key
//! (`assets/i18n/workbook.ron`, prefix `wb_`) read through `Labels::key` / `keyf`.
//!
//! Money is shown in 万元 at the accounts' price year (元 ÷ 10⁴), stored as numbers with number
//! formats; quantities in the engine's canonical units. Nothing here recomputes accounting
//! numbers: totals are the engine's; sums across counties are spreadsheet `SUM` formulas whose
//! cached results (the sums of the cells written) are stored, so viewers that do not recalculate
//! on open (LibreOffice's default, previewers, readers) show the numbers.

mod categories;
mod compensation;
mod decompose;
mod ecosystem;
mod esv;
mod memo;
mod params;
mod quantities;
mod scenarios;
mod sheet;
mod summary;
mod traces;
mod transitions;
mod uncertainty;
mod validation;
mod values;

use std::ops::Deref;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook};

use crate::engine::{Accounts, CountyAccount, IndicatorAccount, Status};
use crate::i18n::{Lang, t};
use crate::model::Project;
use crate::registry::{FactorTable, Registry};
use crate::units::Unit;
use crate::validate::{Issue, validate_with};
use crate::view::Labels;
use crate::view::labels;

use sheet::Styles;

/// Why the workbook could not be written.
#[derive(Debug, thiserror::Error)]
pub enum XlsxError {
    #[error("无法生成 XLSX 工作簿 / cannot write the XLSX workbook: {0}")]
    Writer(#[from] rust_xlsxwriter::XlsxError),
}

type Res<T = ()> = Result<T, XlsxError>;

/// Sheet names in `lang`, in workbook order: summary, values, quantities, categories, ESV,
/// parameters, traces, validation, compensation (the by-ecosystem sheet, after categories,
/// only when a county is split: `ecosystem_sheet_name`).
pub fn sheet_names(lang: Lang) -> [&'static str; 9] {
    [
        t(lang, "wb_sheet_summary"),
        t(lang, "wb_sheet_values"),
        t(lang, "wb_sheet_quantities"),
        t(lang, "wb_sheet_categories"),
        t(lang, "wb_sheet_esv"),
        t(lang, "wb_sheet_parameters"),
        t(lang, "wb_sheet_traces"),
        t(lang, "wb_sheet_validation"),
        t(lang, "wb_sheet_compensation"),
    ]
}

pub use ecosystem::sheet_name as ecosystem_sheet_name;

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
    let title = cx.keyf(
        "wb_book_title",
        &[
            ("year", &accounts.year.to_string()),
            ("name", &project.meta.name),
        ],
    );
    wb.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_subject(cx.key("wb_book_subject"))
            .set_author("gep-calc")
            .set_creation_datetime(&date),
    );
    wb.push_worksheet(summary::summary_sheet(&cx)?);
    wb.push_worksheet(values::values_sheet(&cx)?);
    wb.push_worksheet(quantities::quantities_sheet(&cx)?);
    wb.push_worksheet(categories::categories_sheet(&cx)?);
    if let Some(ws) = ecosystem::ecosystem_sheet(&cx)? {
        wb.push_worksheet(ws);
    }
    wb.push_worksheet(esv::esv_sheet(&cx)?);
    wb.push_worksheet(params::params_sheet(&cx)?);
    wb.push_worksheet(traces::traces_sheet(&cx)?);
    wb.push_worksheet(validation::validation_sheet(&cx)?);
    wb.push_worksheet(compensation::compensation_sheet(&cx)?);
    if let Some(ws) = decompose::decompose_sheet(&cx)? {
        wb.push_worksheet(ws);
    }
    if let Some(ws) = scenarios::scenarios_sheet(&cx)? {
        wb.push_worksheet(ws);
    }
    if let Some(ws) = transitions::transitions_sheet(&cx)? {
        wb.push_worksheet(ws);
    }
    if let Some(ws) = uncertainty::uncertainty_sheet(&cx)? {
        wb.push_worksheet(ws);
    }
    Ok(wb.save_to_buffer()?)
}

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
            // The accounts at hand stand in for their year's compute.
            issues: validate_with(project, registry, &[accounts]),
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
    /// "label（万元）" / "label (10⁴ CNY)".
    fn money(&self, label: &str) -> String {
        self.with_unit(label, Unit::WanYuan.symbol(self.lang))
    }

    /// A sheet title, marked when the data are illustrative.
    fn title(&self, text: &str) -> String {
        let mut s = text.to_string();
        if self.project.meta.illustrative {
            s.push_str(self.key("wb_title_illustrative"));
        }
        s
    }

    fn basis(&self, counted: bool) -> &str {
        if counted {
            self.key("wb_basis_counted")
        } else {
            self.key("wb_basis_memo")
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
