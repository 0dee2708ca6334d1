//! The import template: an XLSX workbook shaped the way `io::import` reads it, beside the
//! importer so both speak one vocabulary: fixed columns are headed with [`Target`]'s labels.
//!
//! Owns the template's layout: an instructions sheet (skipped on import), 县区 Counties,
//! 土地覆被 Land cover (wide), 物质产品 Product lines (long: county, year, indicator, product,
//! quantity, unit, unit price in 元 per that unit, price year, source), 物质产品产值 Output
//! values (county, year, indicator, value in 万元, basis 总产值 / 净产值, price year, source; a
//! row of any other indicator with a blank basis is a value computed elsewhere),
//! one sheet per indicator with inputs (wide: a method column and the inputs of the default
//! method), 价格参数 Prices, the compensation scenario's four 机会成本 opportunity-cost sheets
//! (`opportunity_sheets`), 区域调节系数 the regional ESV coefficients (county values or
//! coefficients of NPP, precipitation and soil retention) and 全国平均值 their national means
//! (`esv`). Every header holds Chinese and English on two lines with the
//! unit in brackets; importing the template reads the headers back. [`write_template`] writes
//! one example row per sheet (资溪县 361028, marked 示例 in the 备注 / Note column so the
//! importer skips it); [`write_project_data`] fills the same layout with a project's data (all
//! periods; indicator sheets get the inputs of every method in use; every product line and
//! output value) so it can be edited in a spreadsheet and imported back.

use std::io::Write;
use std::path::Path;

use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError,
};

use crate::i18n::{Lang, Text};
use crate::model::{County, CountyPeriod, IndicatorInput, OutputBasis, Project};
use crate::registry::{Formula, IndicatorSpec, InputSpec, MethodSpec, Registry};
use crate::units::Unit;

use super::Target;

mod esv;
mod opportunity_sheets;

/// The workbook could not be built or written.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    #[error("无法生成 XLSX：{0} / cannot build the XLSX workbook: {0}")]
    Xlsx(#[from] XlsxError),
    #[error("无法写入 {path}：{cause} / cannot write {path}: {cause}")]
    Write { path: String, cause: std::io::Error },
}

mod ecosystem;

/// Example county of the template rows.
const EXAMPLE_CODE: &str = "361028";
const EXAMPLE_NAME: (&str, &str) = ("资溪县", "Zixi County");
const EXAMPLE_PREFECTURE: &str = "抚州市";
const EXAMPLE_YEAR: i32 = 2022;
/// The note that marks example rows (the importer skips rows whose note starts with 示例).
const EXAMPLE_NOTE: &str = "示例 example — 删除此行 / delete this row";

/// Invented land-cover areas (hm²) of the example row.
const EXAMPLE_LAND_COVER: &[(&str, f64)] = &[
    ("paddy", 9000.0),
    ("dryland", 600.0),
    ("orchard", 800.0),
    ("tea_garden", 500.0),
    ("broadleaf_forest", 30000.0),
    ("needleleaf_forest", 45000.0),
    ("mixed_forest", 15000.0),
    ("bamboo_forest", 12000.0),
    ("shrub_forest", 2000.0),
    ("other_forest", 1500.0),
    ("grassland", 800.0),
    ("river", 1200.0),
    ("reservoir", 900.0),
    ("pond", 700.0),
    ("built_up", 3000.0),
    ("bare", 300.0),
];

/// Writes the blank template (example rows only) to `writer`.
pub fn write_template<W: Write + Send>(
    writer: W,
    registry: &Registry,
) -> Result<(), TemplateError> {
    let empty = Project::empty("");
    build(&empty, registry, Fill::Example)?.save_to_writer(writer)?;
    Ok(())
}

/// Writes the blank template to a file.
pub fn write_template_file(path: &Path, registry: &Registry) -> Result<(), TemplateError> {
    let bytes = template_bytes(registry)?;
    write_file(path, &bytes)
}

/// The blank template as bytes.
pub fn template_bytes(registry: &Registry) -> Result<Vec<u8>, TemplateError> {
    let empty = Project::empty("");
    Ok(build(&empty, registry, Fill::Example)?.save_to_buffer()?)
}

/// Writes `project`'s counties, land cover, material products (product lines and output
/// values), indicator inputs and price overrides in the template's layout.
pub fn write_project_data<W: Write + Send>(
    writer: W,
    project: &Project,
    registry: &Registry,
) -> Result<(), TemplateError> {
    build(project, registry, Fill::Project)?.save_to_writer(writer)?;
    Ok(())
}

/// [`write_project_data`] as bytes.
pub fn project_data_bytes(
    project: &Project,
    registry: &Registry,
) -> Result<Vec<u8>, TemplateError> {
    Ok(build(project, registry, Fill::Project)?.save_to_buffer()?)
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), TemplateError> {
    crate::io::atomic::write_atomic(path, bytes).map_err(|cause| TemplateError::Write {
        path: path.display().to_string(),
        cause,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fill {
    Example,
    Project,
}

/// A cell to write.
enum Val {
    Empty,
    Text(String),
    Num(f64),
}

impl Val {
    fn opt(v: Option<f64>) -> Val {
        v.map_or(Val::Empty, Val::Num)
    }
}

struct Ctx<'a> {
    project: &'a Project,
    registry: &'a Registry,
    fill: Fill,
    header: Format,
    example: Format,
}

fn build(project: &Project, registry: &Registry, fill: Fill) -> Result<Workbook, TemplateError> {
    let cx = Ctx {
        project,
        registry,
        fill,
        header: Format::new()
            .set_bold()
            .set_text_wrap()
            .set_background_color(Color::RGB(0xDDEBF7)),
        example: Format::new()
            .set_italic()
            .set_font_color(Color::RGB(0x808080)),
    };
    let mut wb = Workbook::new();
    let date = ExcelDateTime::from_ymd(2025, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title("gep-calc 导入模板 / import template")
            .set_author("gep-calc")
            .set_creation_datetime(&date),
    );
    wb.push_worksheet(instructions_sheet(&cx)?);
    wb.push_worksheet(counties_sheet(&cx)?);
    wb.push_worksheet(land_cover_sheet(&cx)?);
    wb.push_worksheet(products_sheet(&cx)?);
    wb.push_worksheet(output_values_sheet(&cx)?);
    for spec in crate::model::catalogue::indicators(project, registry) {
        if let Some(ws) = indicator_sheet(&cx, spec.as_ref())? {
            wb.push_worksheet(ws);
        }
    }
    wb.push_worksheet(prices_sheet(&cx)?);
    wb.push_worksheet(ecosystem::subtypes_sheet(&cx)?);
    wb.push_worksheet(ecosystem::part_land_cover_sheet(&cx)?);
    wb.push_worksheet(ecosystem::part_inputs_sheet(&cx)?);
    for ws in opportunity_sheets::sheets(&cx)? {
        wb.push_worksheet(ws);
    }
    wb.push_worksheet(esv::esv_adjust_sheet(&cx)?);
    wb.push_worksheet(esv::national_means_sheet(&cx)?);
    wb.push_worksheet(transitions_sheet(&cx)?);
    if fill == Fill::Project {
        wb.push_worksheet(settings_sheet(&cx)?);
    }
    Ok(wb)
}

/// The project's settings that no table carries (`import::settings`), so that importing the
/// filled template gives back the same accounts.
fn settings_sheet(cx: &Ctx<'_>) -> Result<Worksheet, XlsxError> {
    let heads: Vec<String> = super::settings::HEAD
        .iter()
        .map(|h| h.to_string())
        .collect();
    let mut ws = new_sheet(cx, super::settings::SHEET, &heads)?;
    ws.set_column_width(2, 120)?;
    for (i, (key, part, text)) in super::settings::rows(cx.project).into_iter().enumerate() {
        let r = row_num(i + 1);
        ws.write_string(r, 0, key)?;
        ws.write_number(r, 1, part as f64)?;
        ws.write_string(r, 2, text)?;
    }
    Ok(ws)
}

/// “中文 (单位)\nEnglish (unit)”.
fn header(zh: &str, en: &str, unit: Option<Unit>) -> String {
    match unit {
        Some(u) => format!("{zh} ({})\n{en} ({})", u.zh(), u.en()),
        None => format!("{zh}\n{en}"),
    }
}

/// The header of a fixed column in the importer's own words ([`Target::fixed_label`]), English
/// capitalised: “行政区划代码\nCounty code”. Reading the template back maps it to `target`.
fn column(target: Target, unit: Option<Unit>) -> String {
    header(
        target.fixed_label(Lang::Zh),
        &capitalised(target.fixed_label(Lang::En)),
        unit,
    )
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().chain(chars).collect::<String>()
    })
}

/// A sheet with a header row and data rows below.
fn new_sheet(cx: &Ctx<'_>, name: &str, headers: &[String]) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(sheet_name(name))?;
    for (c, h) in headers.iter().enumerate() {
        let col = col_num(c);
        ws.write_string_with_format(0, col, h, &cx.header)?;
        ws.set_column_width(col, 18)?;
    }
    ws.set_row_height(0, 45)?;
    ws.set_freeze_panes(1, 0)?;
    Ok(ws)
}

/// Excel sheet names: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(name: &str) -> String {
    name.chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(31)
        .collect()
}

fn col_num(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

fn row_num(r: usize) -> u32 {
    u32::try_from(r).unwrap_or(u32::MAX)
}

fn write_row(cx: &Ctx<'_>, ws: &mut Worksheet, row: usize, vals: &[Val]) -> Result<(), XlsxError> {
    let example = cx.fill == Fill::Example;
    let (r, fmt) = (row_num(row), &cx.example);
    for (c, v) in vals.iter().enumerate() {
        let col = col_num(c);
        match v {
            Val::Empty => {}
            Val::Text(s) if example => {
                ws.write_string_with_format(r, col, s, fmt)?;
            }
            Val::Text(s) => {
                ws.write_string(r, col, s)?;
            }
            Val::Num(n) if example => {
                ws.write_number_with_format(r, col, *n, fmt)?;
            }
            Val::Num(n) => {
                ws.write_number(r, col, *n)?;
            }
        }
    }
    Ok(())
}

/// The rows of a filled sheet: each county in each period (or once, without a year, when the
/// project has no period).
fn county_years(project: &Project) -> Vec<(&County, Option<i32>, Option<&CountyPeriod>)> {
    let mut years: Vec<i32> = project.periods.iter().map(|p| p.year).collect();
    years.sort_unstable();
    let mut out = Vec::new();
    for c in &project.counties {
        if years.is_empty() {
            out.push((c, None, None));
        }
        for &y in &years {
            let cp = project.period(y).and_then(|p| p.counties.get(&c.code));
            out.push((c, Some(y), cp));
        }
    }
    out
}

fn lead(code: &str, name: &str, year: Option<i32>) -> Vec<Val> {
    vec![
        Val::Text(code.into()),
        Val::Text(name.into()),
        Val::opt(year.map(f64::from)),
    ]
}

fn lead_headers() -> Vec<String> {
    vec![
        column(Target::CountyCode, None),
        column(Target::CountyName, None),
        column(Target::Year, None),
    ]
}

fn note_header() -> String {
    column(Target::Note, None)
}

fn example_note() -> Val {
    Val::Text(EXAMPLE_NOTE.into())
}

// ---- Sheets --------------------------------------------------------------------------------

fn instructions_sheet(cx: &Ctx<'_>) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name("说明 Instructions")?;
    ws.set_column_width(0, 120)?;
    let mut lines: Vec<String> = INSTRUCTIONS.iter().map(|s| (*s).to_string()).collect();
    lines.push(String::new());
    lines.push("各指标的方法代码 / method ids of each indicator:".into());
    for spec in crate::model::catalogue::indicators(cx.project, cx.registry) {
        let methods: Vec<String> = spec
            .methods
            .iter()
            .map(|m| format!("{} = {} / {}", m.id, m.name.zh, m.name.en))
            .collect();
        lines.push(format!(
            "{} {} ({}): {}",
            spec.name.zh,
            spec.name.en,
            spec.id,
            methods.join("; ")
        ));
    }
    for (r, line) in lines.iter().enumerate() {
        if r == 0 {
            ws.write_string_with_format(0, 0, line, &cx.header)?;
        } else {
            ws.write_string(row_num(r), 0, line)?;
        }
    }
    Ok(ws)
}

const INSTRUCTIONS: &[&str] = &[
    "gep-calc 导入模板 / import template",
    "每个工作表第一行是表头（中文、英文两行），单位写在括号内；单元格只填数字。 / Row 1 of each sheet is the header (Chinese and English lines), units in brackets; enter numbers only.",
    "可改用其他单位，例如 (亩)、(km²)、(m³)、(万元)，导入时自动换算为模型单位。 / Other units may be written in the header, e.g. (亩), (km²), (m³), (万元); values are converted on import.",
    "备注列以“示例”开头的行不会导入，可删除。 / Rows whose Note starts with “示例” are not imported; delete them.",
    "行政区划代码为 6 位数字（例：361028 资溪县）；新县区需要名称和面积。 / County codes have 6 digits (e.g. 361028 Zixi County); a new county needs a name and a land area.",
    "年份为核算年份：人口、GDP、土地覆被和指标输入按年份填写；项目中没有的年份会新建核算期。 / Year is the accounting year of population, GDP, land cover and inputs; years not in the project get a new period.",
    "空单元格不导入，项目中已有的值保持不变。 / Blank cells are not imported; values already in the project stay.",
    "指标工作表：“方法”列填写方法代码（见下表）；不填时按所填输入项推断。可添加其他方法输入项的列，例如“水源涵养·年降水量 (mm)”。 / Indicator sheets: the method column takes a method id (below); when blank it is inferred from the inputs given. Columns for inputs of other methods may be added, e.g. “水源涵养·年降水量 (mm)”.",
    "物质产品（农业、林业、畜牧业、渔业、其他物质产品）：每个县区、年份、指标填“产品清单”（每行一个产品：产量、单位如 t、万t、kg、m³，单价为每一计量单位的元数）或“直接填报产值”（口径：总产值或净产值），二者只填一种。 / Material products (agricultural, forestry, livestock, fishery, other): per county, year and indicator fill either product lines (one product a row: quantity, unit such as t, 万t, kg, m³, and the unit price in 元 per that unit) or an output value (basis gross or net), not both.",
    "导入的产品清单整体替换该县区该年份该指标已有的产品清单（并清除其直接填报产值）；导入的产值替换已有产值（并清除产品清单）；未出现的指标保持不变。 / Imported product lines replace that county's, year's and indicator's whole product list (and remove its output value); an imported output value replaces the output value (and removes the product lines); indicators not in the file stay as they are.",
    "外部计算的价值（任一指标，含自定义指标）：在“物质产品产值”表中填该指标名称、金额（表头单位，默认万元）、价格年份和来源，口径留空；导入后该县区该年份该指标按此价值计，已填的实物量保留但不再计价。 / A value computed elsewhere (any indicator, custom ones included): in the output-values sheet give the indicator, the amount (in the header's unit, 万元 by default), price year and source, and leave the basis blank; the county's indicator then counts this value, and quantities already entered stay but are not priced.",
    "价格参数：参数代码见 gep-calc registry；单位可与参数单位不同但须可换算（元/t C ↔ 元/t CO₂）。 / Prices: parameter ids are listed by gep-calc registry; the unit may differ from the parameter's if it converts (元/t C ↔ 元/t CO₂).",
    "区域调节系数（谢高地等 2015）：每个县区、年份填县域值（NPP、降水量、土壤保持量，与项目中全国平均值同一单位）或直接填调节系数，同一项只填一种；全国平均值填在“全国平均值”表（调节项目 NPP／降水量／土壤保持量、数值、单位、年份、来源）或在“当量因子”页设置。 / Regional coefficients (Xie et al. 2015): per county and year give the county value (NPP, precipitation, soil retention, in the unit of the project's national mean) or the coefficient itself, one of the two per item; the national means go in the national-means sheet (item NPP / 降水量 / 土壤保持量, value, unit, year, source) or on the ESV page.",
    "分生态系统类型核算：“生态系统亚类”表定义亚类（代码、名称、所属生态系统类型，如 针叶林 属 森林）；“分生态系统地类”和“分生态系统指标”表按县区、年份、生态系统部分（类型名称如 森林，或亚类名称）填写该部分的地类面积和指标输入，全县数值为各部分之和。 / Accounts by ecosystem type: the subtypes sheet defines subtypes (id, name, ecosystem type, e.g. 针叶林 under 森林); the part sheets give each part's (a type such as 森林, or a subtype) land cover and indicator inputs per county and year; the county figure is the sum of its parts.",
    "机会成本（生态补偿方案）：“收入”表每县一行（县区代码填“参照”的一行为参照地区的人均可支配收入），“投资”“其他成本”“受益方”表每项一行，金额默认万元；某县出现在表中时，其该类数据整体替换，未出现的县保持不变。 / Opportunity cost (compensation scenario): the incomes sheet has a row per county (a row whose code is “参照 reference” gives the reference region's per-capita incomes); the investments, other-costs and beneficiaries sheets one item a row, amounts in 万元 by default; a county named in a sheet has that list replaced, counties not named keep theirs.",
    "也可导入 CSV（UTF-8 或 GBK）：一个文件一张表，表头同本模板。 / CSV files (UTF-8 or GBK) are read too: one table per file, headers as here.",
];

fn counties_sheet(cx: &Ctx<'_>) -> Result<Worksheet, XlsxError> {
    let headers = vec![
        column(Target::CountyCode, None),
        column(Target::CountyName, None),
        column(Target::CountyNameEn, None),
        column(Target::Prefecture, None),
        column(Target::LandArea, Some(Unit::Hm2)),
        column(Target::Year, None),
        column(Target::Population, Some(Unit::WanPerson)),
        column(Target::Gdp, Some(Unit::YiYuan)),
        column(Target::ImportedProducts, Some(Unit::WanYuan)),
        note_header(),
    ];
    let mut ws = new_sheet(cx, "县区 Counties", &headers)?;
    let rows: Vec<Vec<Val>> = match cx.fill {
        Fill::Example => vec![vec![
            Val::Text(EXAMPLE_CODE.into()),
            Val::Text(EXAMPLE_NAME.0.into()),
            Val::Text(EXAMPLE_NAME.1.into()),
            Val::Text(EXAMPLE_PREFECTURE.into()),
            Val::Num(125_100.0),
            Val::Num(f64::from(EXAMPLE_YEAR)),
            Val::Num(11.2),
            Val::Num(56.0),
            Val::Num(0.0),
            example_note(),
        ]],
        Fill::Project => county_years(cx.project)
            .into_iter()
            .map(|(c, year, cp)| county_row(c, year, cp))
            .collect(),
    };
    for (i, vals) in rows.iter().enumerate() {
        write_row(cx, &mut ws, i + 1, vals)?;
    }
    Ok(ws)
}

fn county_row(c: &County, year: Option<i32>, cp: Option<&CountyPeriod>) -> Vec<Val> {
    let per = |f: fn(&CountyPeriod) -> Option<f64>, unit: Unit| {
        Val::opt(cp.and_then(f).map(|v| v / unit.factor()))
    };
    vec![
        Val::Text(c.code.clone()),
        Val::Text(c.name.zh.clone()),
        Val::Text(c.name.en.clone()),
        Val::Text(c.prefecture.clone().unwrap_or_default()),
        Val::Num(c.land_area_hm2),
        Val::opt(year.map(f64::from)),
        per(|p| p.population, Unit::WanPerson),
        per(|p| p.gdp_yuan, Unit::YiYuan),
        per(|p| Some(p.imported_products_yuan), Unit::WanYuan),
        Val::Empty,
    ]
}

/// Land classes: the registry's, then the project's own.
fn classes(cx: &Ctx<'_>) -> Vec<(String, Text)> {
    cx.registry
        .land_classes
        .iter()
        .map(|c| (c.id.clone(), c.name.clone()))
        .chain(
            cx.project
                .custom_land_classes
                .iter()
                .map(|c| (c.id.clone(), c.name.clone())),
        )
        .collect()
}

fn land_cover_sheet(cx: &Ctx<'_>) -> Result<Worksheet, XlsxError> {
    let classes = classes(cx);
    let mut headers = lead_headers();
    headers.extend(
        classes
            .iter()
            .map(|(_, n)| header(&n.zh, &n.en, Some(Unit::Hm2))),
    );
    headers.push(note_header());
    let mut ws = new_sheet(cx, "土地覆被 Land cover", &headers)?;
    let rows: Vec<Vec<Val>> = match cx.fill {
        Fill::Example => {
            let mut vals = lead(EXAMPLE_CODE, EXAMPLE_NAME.0, Some(EXAMPLE_YEAR));
            vals.extend(classes.iter().map(|(id, _)| {
                Val::opt(
                    EXAMPLE_LAND_COVER
                        .iter()
                        .find(|(c, _)| c == id)
                        .map(|(_, v)| *v),
                )
            }));
            vals.push(example_note());
            vec![vals]
        }
        Fill::Project => county_years(cx.project)
            .into_iter()
            .map(|(c, year, cp)| {
                let mut vals = lead(&c.code, &c.name.zh, year);
                vals.extend(
                    classes
                        .iter()
                        .map(|(id, _)| Val::opt(cp.and_then(|p| p.land_cover.get(id)).copied())),
                );
                vals.push(Val::Empty);
                vals
            })
            .collect(),
    };
    for (i, vals) in rows.iter().enumerate() {
        write_row(cx, &mut ws, i + 1, vals)?;
    }
    Ok(ws)
}

/// Material-product indicators (valued from product lines or an output value), in registry
/// order.
fn material_specs<'a>(cx: &Ctx<'a>) -> Vec<std::borrow::Cow<'a, IndicatorSpec>> {
    crate::model::catalogue::indicators(cx.project, cx.registry)
        .into_iter()
        .filter(|s| matches!(s.formula, Formula::Products))
        .collect()
}

/// Rows of a material-products sheet filled from the project: county, year and indicator, then
/// the cells `cells` gives for each entry of that county's input (product lines, output value).
fn material_rows(cx: &Ctx<'_>, cells: impl Fn(&IndicatorInput) -> Vec<Vec<Val>>) -> Vec<Vec<Val>> {
    let specs = material_specs(cx);
    let mut rows = Vec::new();
    for (c, year, cp) in county_years(cx.project) {
        let (Some(year), Some(cp)) = (year, cp) else {
            continue;
        };
        for spec in &specs {
            let Some(input) = cp.indicators.get(&spec.id) else {
                continue;
            };
            for tail in cells(input) {
                let mut vals = lead(&c.code, &c.name.zh, Some(year));
                vals.push(Val::Text(spec.name.zh.clone()));
                vals.extend(tail);
                rows.push(vals);
            }
        }
    }
    rows
}

/// Money unit of the output-value column.
const OUTPUT_VALUE_UNIT: Unit = Unit::WanYuan;

fn indicator_header() -> String {
    column(Target::Indicator, None)
}

fn price_year_header() -> String {
    column(Target::PriceYear, None)
}

fn source_header() -> String {
    column(Target::Source, None)
}

fn products_sheet(cx: &Ctx<'_>) -> Result<Worksheet, XlsxError> {
    let mut headers = lead_headers();
    headers.extend([
        indicator_header(),
        column(Target::Product, None),
        column(Target::Quantity, None),
        column(Target::UnitName, None),
        // 元 per the unit of the row: no single unit to name.
        format!(
            "{} (元/单位)\n{} (CNY per unit)",
            Target::Price.fixed_label(Lang::Zh),
            capitalised(Target::Price.fixed_label(Lang::En))
        ),
        price_year_header(),
        source_header(),
        note_header(),
    ]);
    let mut ws = new_sheet(cx, "物质产品 Product lines", &headers)?;
    let rows: Vec<Vec<Val>> = match cx.fill {
        Fill::Example => {
            let mut vals = lead(EXAMPLE_CODE, EXAMPLE_NAME.0, Some(EXAMPLE_YEAR));
            vals.extend([
                Val::Text(example_material(cx, "agriculture")),
                Val::Text("稻谷".into()),
                Val::Num(12_000.0),
                Val::Text(Unit::T.zh().into()),
                Val::Num(2_700.0),
                Val::Empty,
                Val::Text("县统计年鉴 / county statistical yearbook".into()),
                example_note(),
            ]);
            vec![vals]
        }
        Fill::Project => material_rows(cx, |input| {
            input
                .products
                .iter()
                .map(|l| {
                    vec![
                        Val::Text(l.name.clone()),
                        Val::Num(l.quantity),
                        Val::Text(l.unit.zh().into()),
                        Val::Num(l.price),
                        Val::opt(l.price_year.map(f64::from)),
                        Val::Text(l.source.clone()),
                        Val::Empty,
                    ]
                })
                .collect()
        }),
    };
    for (i, vals) in rows.iter().enumerate() {
        write_row(cx, &mut ws, i + 1, vals)?;
    }
    Ok(ws)
}

fn output_values_sheet(cx: &Ctx<'_>) -> Result<Worksheet, XlsxError> {
    let mut headers = lead_headers();
    headers.extend([
        indicator_header(),
        column(Target::OutputValue, Some(OUTPUT_VALUE_UNIT)),
        column(Target::Basis, None),
        price_year_header(),
        source_header(),
        note_header(),
    ]);
    let mut ws = new_sheet(cx, "物质产品产值 Output values", &headers)?;
    let rows: Vec<Vec<Val>> = match cx.fill {
        Fill::Example => {
            let mut vals = lead(EXAMPLE_CODE, EXAMPLE_NAME.0, Some(EXAMPLE_YEAR));
            vals.extend([
                Val::Text(example_material(cx, "forestry")),
                Val::Num(16_000.0),
                Val::Text(basis_text(OutputBasis::Gross).into()),
                Val::Empty,
                Val::Text("县统计年鉴 林业总产值 / forestry gross output value".into()),
                example_note(),
            ]);
            vec![vals]
        }
        Fill::Project => {
            let mut rows = material_rows(cx, |input| {
                input
                    .output_value
                    .iter()
                    .map(|o| {
                        vec![
                            Val::Num(o.value_yuan / OUTPUT_VALUE_UNIT.factor()),
                            Val::Text(basis_text(o.basis).into()),
                            Val::opt(o.price_year.map(f64::from)),
                            Val::Text(o.source.clone()),
                            Val::Empty,
                        ]
                    })
                    .collect()
            });
            rows.extend(entered_rows(cx));
            rows
        }
    };
    for (i, vals) in rows.iter().enumerate() {
        write_row(cx, &mut ws, i + 1, vals)?;
    }
    Ok(ws)
}

/// Values computed elsewhere of every indicator that has one (any indicator, built-in or
/// custom), in 万元 with a blank basis.
fn entered_rows(cx: &Ctx<'_>) -> Vec<Vec<Val>> {
    let specs = crate::model::catalogue::indicators(cx.project, cx.registry);
    let mut rows = Vec::new();
    for (c, year, cp) in county_years(cx.project) {
        let (Some(year), Some(cp)) = (year, cp) else {
            continue;
        };
        for spec in &specs {
            let Some(ev) = cp
                .indicators
                .get(&spec.id)
                .and_then(|i| i.entered_value.as_ref())
            else {
                continue;
            };
            let yuan = ev.unit.convert(ev.amount, Unit::Yuan).unwrap_or(ev.amount);
            let mut vals = lead(&c.code, &c.name.zh, Some(year));
            vals.extend([
                Val::Text(spec.name.zh.clone()),
                Val::Num(yuan / OUTPUT_VALUE_UNIT.factor()),
                Val::Empty,
                Val::opt(ev.price_year.map(f64::from)),
                Val::Text(ev.source.clone()),
                Val::Empty,
            ]);
            rows.push(vals);
        }
    }
    rows
}

/// The Chinese name of a material indicator for an example row (its id when unknown).
fn example_material(cx: &Ctx<'_>, id: &str) -> String {
    cx.registry
        .indicator(id)
        .map_or_else(|| id.to_string(), |s| s.name.zh.clone())
}

/// How the output basis is written (the importer also reads gross / net).
fn basis_text(b: OutputBasis) -> &'static str {
    match b {
        OutputBasis::Gross => "总产值",
        OutputBasis::Net => "净产值",
    }
}

/// One input column of an indicator sheet: the methods it belongs to and its declaration.
struct InputCol<'s> {
    spec: &'s InputSpec,
    methods: Vec<&'s str>,
}

/// Input columns: the default method's, then those of other methods in use in the project;
/// an input with the same id, name and unit in several methods is one column.
fn input_columns<'s>(cx: &Ctx<'_>, spec: &'s IndicatorSpec) -> Vec<InputCol<'s>> {
    let used = |m: &MethodSpec| -> bool {
        cx.fill == Fill::Project
            && cx.project.periods.iter().any(|p| {
                p.counties
                    .values()
                    .filter_map(|c| c.indicators.get(&spec.id))
                    .any(|i| effective_method(spec, &i.method) == m.id)
            })
    };
    let mut cols: Vec<InputCol<'s>> = Vec::new();
    for (k, m) in spec.methods.iter().enumerate() {
        if k > 0 && !used(m) {
            continue;
        }
        for i in &m.inputs {
            let same = cols
                .iter_mut()
                .find(|c| c.spec.id == i.id && c.spec.name == i.name && c.spec.unit == i.unit);
            match same {
                Some(c) => c.methods.push(&m.id),
                None => cols.push(InputCol {
                    spec: i,
                    methods: vec![&m.id],
                }),
            }
        }
    }
    cols
}

fn effective_method<'s>(spec: &'s IndicatorSpec, method: &'s str) -> &'s str {
    if method.is_empty() {
        spec.default_method().map_or("", |m| m.id.as_str())
    } else {
        method
    }
}

fn indicator_sheet(cx: &Ctx<'_>, spec: &IndicatorSpec) -> Result<Option<Worksheet>, XlsxError> {
    if spec.methods.iter().all(|m| m.inputs.is_empty()) {
        return Ok(None);
    }
    let cols = input_columns(cx, spec);
    let mut headers = lead_headers();
    headers.push(format!("{}·方法\n{} · method", spec.name.zh, spec.name.en));
    headers.extend(cols.iter().map(|c| {
        header(
            &format!("{}·{}", spec.name.zh, c.spec.name.zh),
            &format!("{} · {}", spec.name.en, c.spec.name.en),
            Some(c.spec.unit),
        )
    }));
    headers.push(note_header());
    let mut ws = new_sheet(cx, &format!("{} {}", spec.name.zh, spec.id), &headers)?;
    let rows: Vec<Vec<Val>> = match cx.fill {
        Fill::Example => {
            let mut vals = lead(EXAMPLE_CODE, EXAMPLE_NAME.0, Some(EXAMPLE_YEAR));
            let default = spec.default_method().map_or("", |m| m.id.as_str());
            vals.push(Val::Text(default.into()));
            vals.extend(cols.iter().map(|c| {
                if c.methods.contains(&default) {
                    Val::Num(example_value(c.spec))
                } else {
                    Val::Empty
                }
            }));
            vals.push(example_note());
            vec![vals]
        }
        Fill::Project => county_years(cx.project)
            .into_iter()
            .map(|(c, year, cp)| indicator_row(spec, &cols, c, year, cp))
            .collect(),
    };
    for (i, vals) in rows.iter().enumerate() {
        write_row(cx, &mut ws, i + 1, vals)?;
    }
    Ok(Some(ws))
}

fn indicator_row(
    spec: &IndicatorSpec,
    cols: &[InputCol<'_>],
    c: &County,
    year: Option<i32>,
    cp: Option<&CountyPeriod>,
) -> Vec<Val> {
    let mut vals = lead(&c.code, &c.name.zh, year);
    let input = cp.and_then(|p| p.indicators.get(&spec.id));
    let method = input.map(|i| effective_method(spec, &i.method));
    vals.push(method.map_or(Val::Empty, |m| Val::Text(m.into())));
    vals.extend(cols.iter().map(|col| {
        let in_method = method.is_some_and(|m| col.methods.contains(&m));
        let value = input.and_then(|i| i.values.get(&col.spec.id)).copied();
        Val::opt(value.filter(|_| in_method))
    }));
    vals.push(Val::Empty);
    vals
}

/// An invented but plausible value for the example row.
fn example_value(i: &InputSpec) -> f64 {
    match (i.unit, i.min, i.max) {
        (Unit::Mm, _, _) => 1700.0,
        (Unit::Day, _, _) => 90.0,
        (Unit::Fraction, _, _) => 0.5,
        (Unit::Percent, _, _) => 50.0,
        // A narrow stated range (not a plausibility limit such as 10⁷ 万 m³): its middle.
        (_, Some(lo), Some(hi)) if hi - lo <= 10.0 => (lo + hi) / 2.0,
        _ => 100.0,
    }
}

fn prices_sheet(cx: &Ctx<'_>) -> Result<Worksheet, XlsxError> {
    let headers = vec![
        column(Target::Param, None),
        column(Target::ParamName, None),
        column(Target::Value, None),
        column(Target::UnitName, None),
        column(Target::PriceYear, None),
        column(Target::Source, None),
        column(Target::Tag, None),
        note_header(),
    ];
    let mut ws = new_sheet(cx, "价格参数 Prices", &headers)?;
    let rows: Vec<Vec<Val>> = match cx.fill {
        Fill::Example => example_price(cx.registry).into_iter().collect(),
        Fill::Project => cx
            .project
            .price_overrides
            .iter()
            .map(|(id, o)| {
                let p = cx.registry.param(id);
                let unit = o.unit.or(p.map(|p| p.unit));
                vec![
                    Val::Text(id.clone()),
                    Val::Text(p.map(|p| p.name.zh.clone()).unwrap_or_default()),
                    Val::Num(o.value),
                    Val::Text(unit.map(|u| u.zh().to_string()).unwrap_or_default()),
                    Val::opt(o.price_year.map(f64::from)),
                    Val::Text(o.source.clone()),
                    Val::Text(o.tag.label().into()),
                    Val::Text(o.note.clone()),
                ]
            })
            .collect(),
    };
    for (i, vals) in rows.iter().enumerate() {
        write_row(cx, &mut ws, i + 1, vals)?;
    }
    Ok(ws)
}

/// The reservoir cost (or the first priced parameter) as the example price row.
fn example_price(registry: &Registry) -> Option<Vec<Val>> {
    let p = registry
        .param("reservoir_cost")
        .or_else(|| registry.params.iter().find(|p| p.value.is_some()))?;
    Some(vec![
        Val::Text(p.id.clone()),
        Val::Text(p.name.zh.clone()),
        Val::opt(p.value),
        Val::Text(p.unit.zh().into()),
        Val::opt(p.price_year.map(f64::from)),
        Val::Text(format!("示例：{}", p.source.zh)),
        Val::Text(p.tag.label().into()),
        example_note(),
    ])
}

/// Land-use transition matrices in long form, one row per non-zero cell (read back by
/// `import::transitions`; the wide form is read too but not written).
fn transitions_sheet(cx: &Ctx<'_>) -> Result<Worksheet, XlsxError> {
    let headers = [
        header("县区代码", "County code", None),
        header("起始年", "From year", None),
        header("终止年", "To year", None),
        header("转出地类", "From class", None),
        header("转入地类", "To class", None),
        header("面积", "Area", Some(Unit::Hm2)),
        note_header(),
    ];
    let mut ws = new_sheet(cx, "转移矩阵 Transitions", &headers)?;
    let class = |id: &str| cx.project.land_class_name(cx.registry, id, Lang::Zh);
    let rows: Vec<Vec<Val>> = match cx.fill {
        Fill::Example => vec![vec![
            Val::Text(EXAMPLE_CODE.into()),
            Val::Num(f64::from(EXAMPLE_YEAR - 5)),
            Val::Num(f64::from(EXAMPLE_YEAR)),
            Val::Text(class("paddy")),
            Val::Text(class("built_up")),
            Val::Num(120.5),
            example_note(),
        ]],
        Fill::Project => cx
            .project
            .transitions
            .iter()
            .flat_map(|m| {
                m.cells
                    .iter()
                    .flat_map(move |(from, row)| row.iter().map(move |(to, a)| (m, from, to, *a)))
            })
            .map(|(m, from, to, a)| {
                vec![
                    Val::Text(m.county.clone()),
                    Val::Num(f64::from(m.from_year)),
                    Val::Num(f64::from(m.to_year)),
                    Val::Text(class(from)),
                    Val::Text(class(to)),
                    Val::Num(a),
                    Val::Empty,
                ]
            })
            .collect(),
    };
    for (i, vals) in rows.iter().enumerate() {
        write_row(cx, &mut ws, i + 1, vals)?;
    }
    Ok(ws)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid() {
        assert_eq!(sheet_name("a/b:c"), "a_b_c");
        assert_eq!(sheet_name(&"长".repeat(40)).chars().count(), 31);
    }

    #[test]
    fn headers_carry_both_languages_and_units() {
        assert_eq!(
            header("面积", "Land area", Some(Unit::Hm2)),
            "面积 (公顷)\nLand area (hm²)"
        );
        assert_eq!(header("年份", "Year", None), "年份\nYear");
        assert_eq!(
            column(Target::CountyCode, None),
            "行政区划代码\nCounty code"
        );
        assert_eq!(
            column(Target::Gdp, Some(Unit::YiYuan)),
            "地区生产总值 (亿元)\nGDP (10⁸ CNY)"
        );
    }

    #[test]
    fn template_builds() {
        let bytes = template_bytes(Registry::builtin());
        assert!(bytes.is_ok_and(|b| b.starts_with(b"PK")));
    }
}
