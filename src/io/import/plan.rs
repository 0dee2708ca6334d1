//! From staged values to [`ImportChanges`]: the checks that need every table at once.
//!
//! Owns county identity (codes and names, counties added by this import's county table,
//! new counties without name or area), duplicates and conflicting values across rows and
//! tables, the method of each indicator (given, or inferred from the inputs present, keeping
//! the project's method when it fits), unit conversion and range checks of inputs, the
//! grouping of material products into replacements per county, year and indicator (duplicate
//! product names, product lines together with an output value), new accounting years, and the
//! ordering of the problem list.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

mod ecosystem;

use crate::model::{ParamOverride, Project};
use crate::registry::{Registry, Tag};

use super::problem::{ImportProblem, ProblemKind, Severity};
use super::read::{Workbook, format_number};
use super::rows::{self, CountyKey, Defaults, Loc, StagedInput, StagedMethod, Staging};
use super::table;
use crate::units::words::norm;

use super::vocab::Vocab;
use super::{
    CountyUpsert, ImportChanges, ImportOptions, ImportPreview, IndicatorUpdate, MaterialEntry,
    MaterialUpdate, PeriodField, PeriodValue,
};

/// Reads every table of `workbook` and plans the import into `project`.
pub(crate) fn build(
    project: &Project,
    registry: &Registry,
    file: &str,
    workbook: &Workbook,
    options: &ImportOptions,
) -> ImportPreview {
    // The tables are read against the project as the workbook's settings leave it (they are
    // applied first): a filled template of a project with custom land classes or indicators
    // names them in its headers, and a new project knows them only from the settings.
    let settled;
    let project = match settings_first(workbook, options) {
        Some(s) if changes_project(project, &s) => {
            let mut p = project.clone();
            super::settings::apply(&mut p, &s);
            settled = p;
            &settled
        }
        _ => project,
    };
    let vocab = Vocab::new(project, registry);
    let mut st = Staging::default();
    let is_csv = matches!(workbook.format, super::FileFormat::Csv { .. });
    if !is_csv {
        for want in &options.sheets {
            if !workbook.sheet_names.contains(want) {
                st.problems.push(file_problem(
                    want,
                    ProblemKind::SheetNotFound {
                        available: workbook.sheet_names.clone(),
                    },
                ));
            }
        }
    }
    for h in &workbook.hidden {
        st.problems.push(file_problem(h, ProblemKind::HiddenSheet));
    }
    for sheet in &workbook.sheets {
        control_characters(sheet, &mut st.problems);
    }
    let explicit = is_csv || !options.sheets.is_empty();
    let defaults = Defaults::new(project, options.year);
    let mut tables = Vec::new();
    let mut opportunity = super::OpportunityImport::default();
    let mut matrices = super::transitions::Read::default();
    let mut settings = None;
    for sheet in &workbook.sheets {
        let chosen = options.kinds.get(&sheet.name).or(options.kinds.get("*"));
        if chosen == Some(&super::TableKind::Settings)
            || (chosen.is_none() && super::settings::detect(sheet))
        {
            let s = settings.get_or_insert_with(Box::default);
            tables.push(super::settings::read(sheet, s, &mut st.problems));
            continue;
        }
        if chosen == Some(&super::TableKind::Transitions)
            || (chosen.is_none() && super::transitions::detect(sheet, &vocab))
        {
            let p = super::transitions::read(sheet, &vocab, &mut st.problems, &mut matrices);
            tables.push(p);
            continue;
        }
        if let Some(kind) = super::opportunity::sheet_kind(&sheet.name, options) {
            // Counties of the project and of this import's counties tables read so far.
            let known: BTreeSet<String> = project
                .counties
                .iter()
                .map(|c| c.code.clone())
                .chain(st.counties.iter().map(|c| c.code.clone()))
                .collect();
            tables.push(super::opportunity::read_sheet(
                sheet,
                kind,
                &known,
                &mut opportunity,
                &mut st.problems,
            ));
            continue;
        }
        let (preview, table) = table::recognise(sheet, &vocab, options, explicit, &mut st.problems);
        tables.push(preview);
        if let Some(t) = table {
            rows::read_table(&t, &vocab, defaults, &mut st);
        }
    }
    let any_error = st.problems.iter().any(|p| p.severity() == Severity::Error);
    if !tables.iter().any(|t| t.kind.is_some()) && !any_error {
        st.problems.push(file_problem("", ProblemKind::NoTable));
    }
    let mut changes = Planner::new(project, &vocab, file, &mut st).plan();
    changes.opportunity = opportunity;
    let added: Vec<String> = changes.counties.iter().map(|c| c.code.clone()).collect();
    st.problems.extend(super::transitions::unknown_counties(
        &matrices, project, &added,
    ));
    changes.transitions = matrices.matrices;
    changes.settings = settings;
    let mut problems = st.problems;
    sort_problems(&mut problems, &workbook.sheet_names);
    ImportPreview {
        file: file.to_string(),
        format: workbook.format,
        tables,
        problems,
        changes,
    }
}

/// The settings of `workbook`'s settings sheets (problems are listed when they are read again
/// in order).
fn settings_first(
    workbook: &Workbook,
    options: &ImportOptions,
) -> Option<super::settings::ProjectSettings> {
    let mut out = None;
    for sheet in &workbook.sheets {
        let chosen = options.kinds.get(&sheet.name).or(options.kinds.get("*"));
        if chosen == Some(&super::TableKind::Settings)
            || (chosen.is_none() && super::settings::detect(sheet))
        {
            let s = out.get_or_insert_with(Default::default);
            super::settings::read(sheet, s, &mut Vec::new());
        }
    }
    out
}

/// Whether `s` changes what the tables are read against (the project is then copied, which
/// costs a moment for a large project, so only then).
fn changes_project(project: &Project, s: &super::settings::ProjectSettings) -> bool {
    let mut p = Project::empty("");
    p.meta = project.meta.clone();
    p.esv = project.esv.clone();
    p.compensation = project.compensation.clone();
    p.custom_indicators = project.custom_indicators.clone();
    p.custom_land_classes = project.custom_land_classes.clone();
    p.custom_factor_tables = project.custom_factor_tables.clone();
    p.runoff_overrides = project.runoff_overrides.clone();
    p.price_indices = project.price_indices.clone();
    let before = p.clone();
    super::settings::apply(&mut p, s);
    p != before
}

/// Cells holding a control character (other than tab and line breaks): refused with row and
/// column, since they break the report and the PDF (and are never meant).
fn control_characters(sheet: &super::read::Sheet, problems: &mut Vec<ImportProblem>) {
    for (r, row) in sheet.rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let super::read::Cell::Text(t) = cell else {
                continue;
            };
            if let Some(ch) = t
                .chars()
                .find(|ch| ch.is_control() && !matches!(ch, '\t' | '\n' | '\r'))
            {
                problems.push(ImportProblem {
                    sheet: sheet.name.clone(),
                    row: Some(sheet.excel_row(r)),
                    col: Some(sheet.excel_col(c)),
                    header: None,
                    value: Some(t.escape_debug().to_string()),
                    kind: ProblemKind::ControlCharacter { code: ch as u32 },
                });
            }
        }
    }
}

fn file_problem(sheet: &str, kind: ProblemKind) -> ImportProblem {
    ImportProblem {
        sheet: sheet.to_string(),
        row: None,
        col: None,
        header: None,
        value: None,
        kind,
    }
}

/// File-level problems first, then by sheet order, row and column.
fn sort_problems(problems: &mut [ImportProblem], sheets: &[String]) {
    let order = |s: &str| sheets.iter().position(|n| n == s).map_or(0, |i| i + 1);
    problems.sort_by_key(|p| (order(&p.sheet), p.row.unwrap_or(0), p.col.unwrap_or(0)));
}

/// A value with where it was read, for duplicate and conflict checks.
type Placed<T> = (T, Loc);

struct Planner<'a, 'v> {
    project: &'a Project,
    vocab: &'a Vocab<'v>,
    file: &'a str,
    st: &'a mut Staging,
}

impl<'a, 'v> Planner<'a, 'v> {
    fn new(project: &'a Project, vocab: &'a Vocab<'v>, file: &'a str, st: &'a mut Staging) -> Self {
        Planner {
            project,
            vocab,
            file,
            st,
        }
    }

    fn report(&mut self, loc: &Loc, kind: ProblemKind) {
        self.st.problems.push(loc.problem(kind));
    }

    fn plan(mut self) -> ImportChanges {
        let counties = self.counties();
        let codes = self.resolve_refs(&counties);
        let subtypes = self.subtypes();
        self.resolve_parts(&subtypes);
        let values = self.values(&codes);
        let indicators = self.indicators(&codes);
        let price_overrides = self.prices();
        let material = self.material(&codes);
        let new_years = self.new_years(&values, &indicators, &material);
        let national_means = self.national_means();
        ImportChanges {
            counties,
            new_years,
            values,
            indicators,
            price_overrides,
            material,
            national_means,
            subtypes,
            opportunity: super::OpportunityImport::default(),
            transitions: Vec::new(),
            settings: None,
        }
    }

    /// National means of the regional ESV coefficients: one row per item.
    fn national_means(
        &mut self,
    ) -> BTreeMap<crate::registry::AdjustBy, crate::model::NationalMean> {
        let mut out: BTreeMap<_, Placed<crate::model::NationalMean>> = BTreeMap::new();
        for m in std::mem::take(&mut self.st.national_means) {
            match out.get(&m.kind) {
                Some((_, first)) => {
                    let first = first.cell_ref();
                    self.report(&m.loc, ProblemKind::DuplicateEntry { first });
                }
                None => {
                    out.insert(m.kind, (m.mean, m.loc));
                }
            }
        }
        out.into_iter().map(|(k, (m, _))| (k, m)).collect()
    }

    // ---- Counties --------------------------------------------------------------------------

    fn counties(&mut self) -> Vec<CountyUpsert> {
        // In order of first appearance, so new counties are added in file order.
        let mut merged: Vec<(String, MergedCounty)> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let staged = std::mem::take(&mut self.st.counties);
        for sc in staged {
            let at = *index.entry(sc.code.clone()).or_insert_with(|| {
                let m = MergedCounty {
                    loc: sc.loc.clone(),
                    ..Default::default()
                };
                merged.push((sc.code.clone(), m));
                merged.len() - 1
            });
            let m = &mut merged[at].1;
            let p = &mut self.st.problems;
            merge(&mut m.name_zh, sc.name_zh, p);
            merge(&mut m.name_en, sc.name_en, p);
            merge(&mut m.prefecture, sc.prefecture, p);
            merge(&mut m.area, sc.area_hm2.map(|(v, l)| (Num(v), l)), p);
        }
        let project = self.project;
        let existing: HashSet<&str> = project.counties.iter().map(|c| c.code.as_str()).collect();
        merged
            .into_iter()
            .map(|(code, m)| {
                let is_new = !existing.contains(code.as_str());
                self.upsert(code, m, is_new)
            })
            .collect()
    }

    fn upsert(&mut self, code: String, m: MergedCounty, is_new: bool) -> CountyUpsert {
        if is_new && m.name_zh.is_none() {
            self.report(&m.loc, ProblemKind::NewCountyWithoutName);
        }
        if is_new && m.area.is_none() {
            self.report(&m.loc, ProblemKind::NewCountyWithoutArea);
        }
        CountyUpsert {
            code,
            is_new,
            name_zh: m.name_zh.map(|v| v.0),
            name_en: m.name_en.map(|v| v.0),
            land_area_hm2: m.area.map(|v| v.0.0),
            prefecture: m.prefecture.map(|v| v.0),
        }
    }

    /// The county code of every staged row (`None`: unknown, reported once per row).
    fn resolve_refs(&mut self, upserts: &[CountyUpsert]) -> Vec<Option<String>> {
        let known: BTreeSet<&str> = self
            .project
            .counties
            .iter()
            .map(|c| c.code.as_str())
            .chain(upserts.iter().map(|u| u.code.as_str()))
            .collect();
        let names = name_index(self.project, upserts);
        let by_code = names_by_code(self.project, upserts);
        let refs = std::mem::take(&mut self.st.refs);
        let mut out = Vec::with_capacity(refs.len());
        for r in &refs {
            let code = match &r.key {
                CountyKey::Code(c) if known.contains(c.as_str()) => Some(c.clone()),
                CountyKey::Code(_) => None,
                CountyKey::Name(n) => match names.get(&norm(n)) {
                    Some(codes) if codes.len() == 1 => codes.iter().next().cloned(),
                    Some(_) => {
                        self.report(&r.loc, ProblemKind::AmbiguousCountyName);
                        out.push(None);
                        continue;
                    }
                    None => None,
                },
            };
            if code.is_none() {
                self.report(&r.loc, ProblemKind::UnknownCounty);
            }
            if let (Some(c), Some(given)) = (&code, &r.name) {
                self.check_name(c, given, &r.loc, &by_code);
            }
            out.push(code);
        }
        self.st.refs = refs;
        out
    }

    /// Warns when the name beside a code is not one of the county's names.
    fn check_name(&mut self, code: &str, given: &str, loc: &Loc, names: &NamesByCode) {
        let Some(known) = names.get(code).filter(|k| !k.is_empty()) else {
            return;
        };
        let given = norm(given);
        if !known.iter().any(|n| n.1 == given) {
            let project_name = known[0].0.clone();
            self.report(loc, ProblemKind::NameDiffers { project_name });
        }
    }

    // ---- Period values ---------------------------------------------------------------------

    fn values(&mut self, codes: &[Option<String>]) -> Vec<PeriodValue> {
        type Key = (i32, String, Option<String>, PeriodField);
        let mut out: BTreeMap<Key, Placed<f64>> = BTreeMap::new();
        // A regional ESV item is a county value or a coefficient, not both.
        let mut esv_items: HashMap<(i32, String, crate::registry::AdjustBy), (bool, Loc)> =
            HashMap::new();
        let staged = std::mem::take(&mut self.st.values);
        for v in staged {
            let Some(code) = codes[v.county].clone() else {
                continue;
            };
            if let PeriodField::EsvAdjust(kind, coefficient) = v.field {
                let key = (v.year, code.clone(), kind);
                match esv_items.get(&key) {
                    Some((c, first)) if *c != coefficient => {
                        let first = first.cell_ref();
                        self.report(&v.loc, ProblemKind::EsvValueAndCoefficient { first });
                        continue;
                    }
                    Some(_) => {}
                    None => {
                        esv_items.insert(key, (coefficient, v.loc.clone()));
                    }
                }
            }
            let key = (v.year, code, v.part.as_deref().map(str::to_string), v.field);
            match out.get(&key) {
                Some(first) => {
                    if let Some(kind) = clash(first, v.value, &v.loc) {
                        self.report(&v.loc, kind);
                    }
                }
                None => {
                    out.insert(key, (v.value, v.loc));
                }
            }
        }
        out.into_iter()
            .map(|((year, county, part, field), (value, _))| PeriodValue {
                year,
                county,
                field,
                value,
                part,
            })
            .collect()
    }

    // ---- Indicators ------------------------------------------------------------------------

    fn indicators(&mut self, codes: &[Option<String>]) -> Vec<IndicatorUpdate> {
        type Key = (i32, String, Option<String>, String);
        let mut groups: BTreeMap<Key, (Vec<StagedInput>, Vec<StagedMethod>)> = BTreeMap::new();
        let part = |p: &Option<std::rc::Rc<str>>| p.as_deref().map(str::to_string);
        for i in std::mem::take(&mut self.st.inputs) {
            if let Some(code) = codes[i.county].clone() {
                let key = (i.year, code, part(&i.part), i.indicator.clone());
                groups.entry(key).or_default().0.push(i);
            }
        }
        for m in std::mem::take(&mut self.st.methods) {
            if let Some(code) = codes[m.county].clone() {
                let key = (m.year, code, part(&m.part), m.indicator.clone());
                groups.entry(key).or_default().1.push(m);
            }
        }
        groups
            .into_iter()
            .filter_map(|((year, county, part, indicator), (inputs, methods))| {
                let mut u = self.indicator(
                    year,
                    county,
                    indicator,
                    (part.as_deref(), &inputs),
                    &methods,
                )?;
                u.part = part;
                Some(u)
            })
            .collect()
    }

    fn indicator(
        &mut self,
        year: i32,
        county: String,
        indicator: String,
        (part, inputs): (Option<&str>, &[StagedInput]),
        methods: &[StagedMethod],
    ) -> Option<IndicatorUpdate> {
        let spec = self.vocab.spec(&indicator)?;
        let default_method = spec.default_method()?.id.clone();
        let method = match self.given_method(methods) {
            Some(m) => {
                for i in inputs.iter().filter(|i| !i.methods.contains(&m)) {
                    let kind = ProblemKind::InputNotInMethod { method: m.clone() };
                    self.report(&i.loc, kind);
                }
                m
            }
            None => self.inferred_method(year, (&county, part), &indicator, inputs)?,
        };
        let mspec = spec.method(&method)?;
        let method_inputs: Vec<String> = mspec.inputs.iter().map(|i| i.id.clone()).collect();
        let mut values: BTreeMap<String, Placed<f64>> = BTreeMap::new();
        for i in inputs.iter().filter(|i| i.methods.contains(&method)) {
            let Some(ispec) = mspec.inputs.iter().find(|s| s.id == i.input) else {
                continue;
            };
            let Some(v) = self.input_value(i, ispec.unit, ispec.min, ispec.max) else {
                continue;
            };
            match values.get(&i.input) {
                Some(first) => {
                    if let Some(kind) = clash(first, v, &i.loc) {
                        self.report(&i.loc, kind);
                    }
                }
                None => {
                    values.insert(i.input.clone(), (v, i.loc.clone()));
                }
            }
        }
        Some(IndicatorUpdate {
            year,
            county,
            indicator,
            method,
            default_method,
            method_inputs,
            values: values.into_iter().map(|(k, (v, _))| (k, v)).collect(),
            part: None,
        })
    }

    /// The method named in the file; a second, different one is a conflict.
    fn given_method(&mut self, methods: &[StagedMethod]) -> Option<String> {
        let first = methods.first()?;
        for m in &methods[1..] {
            if m.method != first.method {
                let kind = ProblemKind::ConflictingValue {
                    first: first.loc.cell_ref(),
                    first_value: first.method.clone(),
                };
                self.report(&m.loc, kind);
            }
        }
        Some(first.method.clone())
    }

    /// The method all given inputs belong to: the project's current one if it fits, else the
    /// first in registry order (the default first).
    fn inferred_method(
        &mut self,
        year: i32,
        (county, part): (&str, Option<&str>),
        indicator: &str,
        inputs: &[StagedInput],
    ) -> Option<String> {
        let spec = self.vocab.spec(indicator)?;
        let mut candidates: Vec<String> = spec.methods.iter().map(|m| m.id.clone()).collect();
        for i in inputs {
            candidates.retain(|m| i.methods.contains(m));
        }
        if candidates.is_empty() {
            let first = inputs.first()?;
            let kind = ProblemKind::MixedMethods {
                indicator: indicator.to_string(),
            };
            self.report(&first.loc, kind);
            return None;
        }
        let current = self
            .project
            .period(year)
            .and_then(|p| p.counties.get(county))
            .and_then(|c| match part {
                Some(k) => c.ecosystem_parts.get(k)?.indicators.get(indicator),
                None => c.indicators.get(indicator),
            })
            .map(|i| i.method.clone())
            .filter(|m| !m.is_empty())
            .or_else(|| spec.default_method().map(|m| m.id.clone()));
        Some(
            current
                .filter(|c| candidates.contains(c))
                .unwrap_or_else(|| candidates[0].clone()),
        )
    }

    /// An input converted to the declared unit and checked against its range.
    fn input_value(
        &mut self,
        i: &StagedInput,
        unit: crate::units::Unit,
        min: Option<f64>,
        max: Option<f64>,
    ) -> Option<f64> {
        let v = match i.unit {
            Some(u) => match u.convert(i.raw, unit) {
                Some(v) => v,
                None => {
                    let kind = ProblemKind::UnitMismatch {
                        unit: u.label(),
                        wanted: unit.zh().into(),
                    };
                    self.report(&i.loc, kind);
                    return None;
                }
            },
            None => i.raw,
        };
        let below = min.is_some_and(|m| v < m);
        let above = max.is_some_and(|m| v > m);
        if below && min == Some(0.0) {
            self.report(&i.loc, ProblemKind::Negative);
            return None;
        }
        if below || above {
            self.report(&i.loc, ProblemKind::OutOfRange { min, max });
            return None;
        }
        Some(v)
    }

    // ---- Prices ----------------------------------------------------------------------------

    fn prices(&mut self) -> BTreeMap<String, ParamOverride> {
        let mut out: BTreeMap<String, Placed<ParamOverride>> = BTreeMap::new();
        for p in std::mem::take(&mut self.st.prices) {
            if let Some(first) = out.get(&p.param) {
                if let Some(kind) = clash(&(first.0.value, first.1.clone()), p.value, &p.loc) {
                    self.report(&p.loc, kind);
                }
                continue;
            }
            let source = match p.source {
                Some(s) => s,
                None => {
                    self.report(&p.loc, ProblemKind::NoSource);
                    format!("导入自 {} / imported from {}", self.file, self.file)
                }
            };
            let o = ParamOverride {
                value: p.value,
                unit: p.unit,
                price_year: p.price_year,
                source,
                tag: p.tag.unwrap_or(Tag::U),
                note: p.note,
            };
            out.insert(p.param, (o, p.loc));
        }
        out.into_iter().map(|(k, (o, _))| (k, o)).collect()
    }

    // ---- Material products -----------------------------------------------------------------

    /// One replacement per county, year and indicator: its product lines (file order) or its
    /// output value. A product name given twice, or product lines beside an output value, is
    /// an error; a second output value is a duplicate (same sheet) or, when it differs, a
    /// conflict (another sheet).
    fn material(&mut self, codes: &[Option<String>]) -> Vec<MaterialUpdate> {
        type Key = (i32, String, String);
        #[derive(Default)]
        struct Group {
            lines: Vec<Placed<crate::model::ProductLine>>,
            output: Option<Placed<crate::model::OutputValue>>,
            entered: bool,
        }
        let mut groups: BTreeMap<Key, Group> = BTreeMap::new();
        for p in std::mem::take(&mut self.st.products) {
            let Some(code) = codes[p.county].clone() else {
                continue;
            };
            let g = groups.entry((p.year, code, p.indicator)).or_default();
            let name = norm(&p.line.name);
            if let Some((_, first)) = g.lines.iter().find(|(l, _)| norm(&l.name) == name) {
                let kind = ProblemKind::DuplicateEntry {
                    first: first.cell_ref(),
                };
                self.st.problems.push(p.loc.problem(kind));
                continue;
            }
            g.lines.push((p.line, p.loc));
        }
        for o in std::mem::take(&mut self.st.outputs) {
            let Some(code) = codes[o.county].clone() else {
                continue;
            };
            let g = groups.entry((o.year, code, o.indicator)).or_default();
            match &g.output {
                Some((first, first_loc)) => {
                    let placed = (first.value_yuan, first_loc.clone());
                    let differs = first.basis != o.value.basis;
                    let kind = clash(&placed, o.value.value_yuan, &o.loc).or_else(|| {
                        differs.then(|| ProblemKind::ConflictingValue {
                            first: first_loc.cell_ref(),
                            first_value: format_number(first.value_yuan),
                        })
                    });
                    if let Some(kind) = kind {
                        self.st.problems.push(o.loc.problem(kind));
                    }
                }
                None => {
                    g.entered = o.entered;
                    g.output = Some((o.value, o.loc));
                }
            }
        }
        let mut out = Vec::with_capacity(groups.len());
        for ((year, county, indicator), g) in groups {
            let entry = match (g.lines.is_empty(), g.output) {
                (true, Some((v, _))) if g.entered => {
                    MaterialEntry::EnteredValue(crate::model::EnteredValue {
                        amount: v.value_yuan,
                        unit: crate::units::Unit::Yuan,
                        price_year: v.price_year,
                        source: v.source,
                    })
                }
                (true, Some((v, _))) => MaterialEntry::OutputValue(v),
                (false, None) => {
                    MaterialEntry::Products(g.lines.into_iter().map(|l| l.0).collect())
                }
                (false, Some((_, loc))) => {
                    let kind = ProblemKind::ProductsAndOutputValue {
                        first: g.lines[0].1.cell_ref(),
                    };
                    self.report(&loc, kind);
                    continue;
                }
                (true, None) => continue,
            };
            out.push(MaterialUpdate {
                year,
                county,
                indicator,
                entry,
            });
        }
        out
    }

    // ---- Years -----------------------------------------------------------------------------

    fn new_years(
        &mut self,
        values: &[PeriodValue],
        updates: &[IndicatorUpdate],
        material: &[MaterialUpdate],
    ) -> Vec<i32> {
        let years: BTreeSet<i32> = values
            .iter()
            .map(|v| v.year)
            .chain(updates.iter().map(|u| u.year))
            .chain(material.iter().map(|m| m.year))
            .filter(|y| self.project.period(*y).is_none())
            .collect();
        for &year in &years {
            self.st
                .problems
                .push(file_problem("", ProblemKind::NewPeriod { year }));
        }
        years.into_iter().collect()
    }
}

/// County attributes merged over the rows (and tables) that give them.
#[derive(Default)]
struct MergedCounty {
    loc: Loc,
    name_zh: Option<Placed<String>>,
    name_en: Option<Placed<String>>,
    prefecture: Option<Placed<String>>,
    area: Option<Placed<Num>>,
}

/// A number compared with a relative tolerance.
#[derive(Debug, Clone, Copy)]
struct Num(f64);

impl PartialEq for Num {
    fn eq(&self, other: &Num) -> bool {
        same(self.0, other.0)
    }
}

impl std::fmt::Display for Num {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&format_number(self.0))
    }
}

fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1e-12)
}

/// Keeps the first value of a field; a different later value is a conflict.
fn merge<T: PartialEq + std::fmt::Display>(
    slot: &mut Option<Placed<T>>,
    new: Option<Placed<T>>,
    problems: &mut Vec<ImportProblem>,
) {
    let Some((value, loc)) = new else { return };
    match slot {
        None => *slot = Some((value, loc)),
        Some((first, first_loc)) if *first != value => {
            problems.push(loc.problem(ProblemKind::ConflictingValue {
                first: first_loc.cell_ref(),
                first_value: first.to_string(),
            }));
        }
        Some(_) => {}
    }
}

/// A second value for the same thing: a duplicate within one sheet, a conflict across sheets
/// when the values differ, nothing when another sheet repeats the same value.
fn clash(first: &Placed<f64>, value: f64, loc: &Loc) -> Option<ProblemKind> {
    let (first_value, first_loc) = first;
    if first_loc.sheet == loc.sheet {
        Some(ProblemKind::DuplicateEntry {
            first: first_loc.cell_ref(),
        })
    } else if !same(*first_value, value) {
        Some(ProblemKind::ConflictingValue {
            first: first_loc.cell_ref(),
            first_value: format_number(*first_value),
        })
    } else {
        None
    }
}

/// Names of each county (as given, normalised), from the project and this import.
type NamesByCode = HashMap<String, Vec<(String, String)>>;

fn names_by_code(project: &Project, upserts: &[CountyUpsert]) -> NamesByCode {
    let mut out: NamesByCode = HashMap::new();
    let project_names = project
        .counties
        .iter()
        .flat_map(|c| [(&c.code, &c.name.zh), (&c.code, &c.name.en)]);
    let import_names = upserts.iter().flat_map(|u| {
        [u.name_zh.as_ref(), u.name_en.as_ref()]
            .into_iter()
            .flatten()
            .map(move |n| (&u.code, n))
    });
    for (code, name) in project_names.chain(import_names) {
        if !name.trim().is_empty() {
            let entry = out.entry(code.clone()).or_default();
            entry.push((name.clone(), norm(name)));
        }
    }
    out
}

/// Normalised county names (Chinese and English, project and this import) → codes.
fn name_index(project: &Project, upserts: &[CountyUpsert]) -> HashMap<String, BTreeSet<String>> {
    let mut names: HashMap<String, BTreeSet<String>> = HashMap::new();
    let project_names = project
        .counties
        .iter()
        .flat_map(|c| [(&c.code, c.name.zh.as_str()), (&c.code, c.name.en.as_str())]);
    let import_names = upserts.iter().flat_map(|u| {
        [u.name_zh.as_deref(), u.name_en.as_deref()]
            .into_iter()
            .flatten()
            .map(move |n| (&u.code, n))
    });
    for (code, name) in project_names.chain(import_names) {
        if !name.trim().is_empty() {
            names.entry(norm(name)).or_default().insert(code.clone());
        }
    }
    names
}
