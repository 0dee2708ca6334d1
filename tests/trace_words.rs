//! The words of a calculation trace are the same in the app, the report and the workbook: all
//! three read `view::trace`. A project's custom land class is shown by its name everywhere (the
//! app's trace panel used to show its id).

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use gep_calc::engine::{self, Accounts, Options};
use gep_calc::i18n::{Lang, Text};
use gep_calc::model::{CustomLandClass, Project};
use gep_calc::registry::Registry;
use gep_calc::report::chapters;
use gep_calc::report::doc::Block;
use gep_calc::report::workbook::{sheet_names, write_workbook};
use gep_calc::view::Labels;
use gep_calc::view::trace::{self, Kind};

const CLASS: &str = "camellia_oil_grove";

/// The sample with a custom land class (with a runoff coefficient, so that water conservation
/// traces it) covering 100 hm² of every county in the latest year.
fn project_with_custom_class() -> (Project, Accounts) {
    let mut p = match gep_calc::sample::builtin() {
        Ok(p) => p,
        Err(e) => panic!("sample project: {e}"),
    };
    p.custom_land_classes.push(CustomLandClass {
        id: CLASS.into(),
        name: Text::new("油茶林", "Camellia oil grove"),
        runoff_coeff: Some(0.3),
        vegetated: true,
        ecosystem: None,
    });
    let year = p.latest_year().unwrap_or_else(|| panic!("no period"));
    let Some(period) = p.period_mut(year) else {
        panic!("no period {year}")
    };
    for c in period.counties.values_mut() {
        c.land_cover.insert(CLASS.into(), 100.0);
    }
    let mut options = Options::year(year);
    options.framework = Some(p.meta.framework.clone());
    options.traces = true;
    let accounts = match engine::compute(&p, Registry::builtin(), &options) {
        Ok(a) => a,
        Err(e) => panic!("compute: {e}"),
    };
    (p, accounts)
}

#[test]
fn a_custom_land_class_is_named_in_the_app_the_report_and_the_workbook() {
    let (p, accounts) = project_with_custom_class();
    let reg = Registry::builtin();
    for (lang, name) in [(Lang::Zh, "油茶林"), (Lang::En, "Camellia oil grove")] {
        // The app's trace panel draws these rows.
        let labels = Labels::new(&p, reg, lang);
        let mut named = 0;
        for c in &accounts.counties {
            for ia in &c.indicators {
                let Some(tr) = &ia.trace else { continue };
                for s in trace::steps(&labels, &ia.id, tr) {
                    if s.origin.kind == Kind::LandCover && s.origin.id == Some(CLASS) {
                        assert_eq!(s.origin.name, name);
                        named += 1;
                    }
                }
            }
        }
        assert!(named > 0, "no trace step of the custom class");

        // The report's appendix B.
        let doc = chapters::build(&p, &accounts, reg, lang);
        let traces: String = doc
            .sections
            .iter()
            .flat_map(|s| &s.blocks)
            .filter_map(|b| match b {
                Block::Trace(t) => Some(format!("{t:?}")),
                _ => None,
            })
            .collect();
        // Chinese names only (no ids in Chinese text); English keeps the id beside the name.
        match lang {
            Lang::Zh => {
                assert!(
                    traces.contains(name),
                    "report appendix B does not name {CLASS}"
                );
                assert!(
                    !traces.contains(&format!("({CLASS})")),
                    "id in the zh appendix"
                );
            }
            Lang::En => assert!(
                traces.contains(&format!("{name} ({CLASS})")),
                "report appendix B does not name {CLASS}"
            ),
        }

        // The workbook's trace sheet.
        let bytes = match write_workbook(&p, &accounts, reg, lang) {
            Ok(b) => b,
            Err(e) => panic!("write_workbook: {e}"),
        };
        let mut wb: Xlsx<_> = match open_workbook_from_rs(Cursor::new(bytes)) {
            Ok(w) => w,
            Err(e) => panic!("calamine: {e}"),
        };
        let sheet = match wb.worksheet_range(sheet_names(lang)[6]) {
            Ok(r) => r,
            Err(e) => panic!("trace sheet: {e}"),
        };
        let want = format!("{name}（{CLASS}）");
        assert!(
            sheet
                .rows()
                .any(|r| r.iter().any(|c| matches!(c, Data::String(s) if *s == want))),
            "workbook trace sheet does not name {CLASS}"
        );
    }
}

/// The sample valued with the environmental-protection tax, in its latest year: the tax is a
/// statutory rate, and every medium says it is not indexed.
#[test]
fn a_statutory_rate_is_said_to_be_not_indexed_in_the_app_the_report_and_the_workbook() {
    let mut p = match gep_calc::sample::builtin() {
        Ok(p) => p,
        Err(e) => panic!("sample project: {e}"),
    };
    p.meta.pollutant_pricing = gep_calc::model::PollutantPricing::EnvTax;
    let year = p.latest_year().unwrap_or_else(|| panic!("no period"));
    let accounts = match engine::compute(&p, Registry::builtin(), &Options::year(year)) {
        Ok(a) => a,
        Err(e) => panic!("compute: {e}"),
    };
    let reg = Registry::builtin();
    for (lang, words) in [
        (Lang::Zh, "法定费率（2018 年起执行），不随价格指数调整"),
        (Lang::En, "statutory rate (in force from 2018), not indexed"),
    ] {
        // The app's trace panel: the tax step carries the words and index factor 1.
        let labels = Labels::new(&p, reg, lang);
        let mut said = 0;
        for c in &accounts.counties {
            for ia in &c.indicators {
                let Some(tr) = &ia.trace else { continue };
                for s in trace::steps(&labels, &ia.id, tr) {
                    if s.origin.id == Some("tax_water_jx") {
                        assert_eq!(s.origin.statutory.as_deref(), Some(words));
                        assert_eq!(s.origin.index_factor, Some(1.0));
                        said += 1;
                    }
                }
            }
        }
        assert!(said > 0, "no trace step of tax_water_jx");

        // The report's appendix B.
        let doc = chapters::build(&p, &accounts, reg, lang);
        let traces: String = doc
            .sections
            .iter()
            .flat_map(|s| &s.blocks)
            .filter_map(|b| match b {
                Block::Trace(t) => Some(format!("{t:?}")),
                _ => None,
            })
            .collect();
        assert!(traces.contains(words), "report appendix B: no “{words}”");

        // The workbook's trace sheet.
        let bytes = match write_workbook(&p, &accounts, reg, lang) {
            Ok(b) => b,
            Err(e) => panic!("write_workbook: {e}"),
        };
        let mut wb: Xlsx<_> = match open_workbook_from_rs(Cursor::new(bytes)) {
            Ok(w) => w,
            Err(e) => panic!("calamine: {e}"),
        };
        let sheet = match wb.worksheet_range(sheet_names(lang)[6]) {
            Ok(r) => r,
            Err(e) => panic!("trace sheet: {e}"),
        };
        assert!(
            sheet.rows().any(|r| r
                .iter()
                .any(|c| matches!(c, Data::String(s) if s.contains(words)))),
            "workbook trace sheet: no “{words}”"
        );
    }
}
