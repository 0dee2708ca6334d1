//! Physical accounts (实物量账户): every entered quantity appears — material products' product
//! lines summed by unit in the accounts, the JSON, the CSV and the report; products entered as an
//! output value say so instead of a bare "—".

use gep_calc::engine::{Accounts, IndicatorAccount, Options, Quantity, Status, compute};
use gep_calc::format::auto;
use gep_calc::i18n::Lang;
use gep_calc::io::export::{accounts_csv, accounts_json};
use gep_calc::model::{ProductLine, Project};
use gep_calc::registry::Registry;
use gep_calc::report::html::write_report;
use gep_calc::units::Unit;

fn sample() -> (Project, i32) {
    let project = gep_calc::sample::builtin().unwrap_or_else(|e| panic!("{e}"));
    let year = project.latest_year().unwrap_or_else(|| panic!("no period"));
    (project, year)
}

fn run(p: &Project, year: i32) -> Accounts {
    compute(p, Registry::builtin(), &Options::year(year)).unwrap_or_else(|e| panic!("{e}"))
}

fn ind<'a>(a: &'a Accounts, county: usize, id: &str) -> &'a IndicatorAccount {
    a.counties[county]
        .indicators
        .iter()
        .find(|x| &*x.id == id)
        .unwrap_or_else(|| panic!("no {id}"))
}

/// The report's physical chapter (HTML), up to the next chapter.
fn physical_html(html: &str) -> &str {
    let start = html
        .find("id=\"physical\"")
        .unwrap_or_else(|| panic!("no physical chapter"));
    let rest = &html[start..];
    let end = rest[1..]
        .find("<section class=\"major\"")
        .map_or(rest.len(), |e| e + 1);
    &rest[..end]
}

#[test]
fn sample_agriculture_tonnage_is_in_accounts_json_csv_and_report() {
    let (p, year) = sample();
    let a = run(&p, year);
    let code = &a.counties[0].code;
    let lines = &p
        .period(year)
        .unwrap_or_else(|| panic!("no period"))
        .counties[code]
        .indicators["agriculture"]
        .products;
    assert!(lines.len() > 1 && lines.iter().all(|l| l.unit == Unit::T));
    let tonnes: f64 = lines.iter().map(|l| l.quantity).sum();
    let agri = ind(&a, 0, "agriculture");
    assert_eq!(agri.status, Status::Computed);
    let want = Quantity {
        value: tonnes,
        unit: Unit::T,
    };
    assert_eq!(agri.quantities, vec![want]);
    assert_eq!(agri.quantity, Some(want));
    assert!(!agri.output_value_only);

    let json: serde_json::Value =
        serde_json::from_str(&accounts_json(&p, &a).unwrap_or_else(|e| panic!("{e}")))
            .unwrap_or_else(|e| panic!("{e}"));
    let j = json["counties"][0]["indicators"]
        .as_array()
        .and_then(|v| v.iter().find(|x| x["id"] == "agriculture"))
        .unwrap_or_else(|| panic!("no agriculture in JSON"));
    assert_eq!(j["quantities"][0]["value"].as_f64(), Some(tonnes));
    assert_eq!(j["quantities"][0]["unit"], "t");
    assert_eq!(j["quantity"]["value"].as_f64(), Some(tonnes));
    assert_eq!(j["output_value_only"], false);

    let csv = accounts_csv(&a, Registry::builtin(), Lang::En).unwrap_or_else(|e| panic!("{e}"));
    let csv = String::from_utf8(csv).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        csv.contains(&format!(
            ",agriculture,Agricultural products,Material products,1,computed,direct,{tonnes},t,"
        )),
        "{csv}"
    );

    for lang in [Lang::Zh, Lang::En] {
        let html = write_report(&p, &a, Registry::builtin(), lang);
        let phys = physical_html(&html);
        assert!(
            phys.contains(&format!("<td class=\"n\">{}</td>", auto(tonnes))),
            "{lang:?}: agriculture tonnage missing"
        );
    }
}

#[test]
fn product_lines_in_several_units_are_summed_by_canonical_unit() {
    let (mut p, year) = sample();
    let before = run(&p, year);
    let code = before.counties[0].code.clone();
    let lines = &mut p
        .period_mut(year)
        .unwrap_or_else(|| panic!("no period"))
        .counties
        .get_mut(&code)
        .unwrap_or_else(|| panic!("no county"))
        .indicators
        .get_mut("agriculture")
        .unwrap_or_else(|| panic!("no agriculture"))
        .products;
    let tonnes: f64 = lines.iter().map(|l| l.quantity).sum();
    let line = |name: &str, quantity: f64, unit: Unit, price: f64| ProductLine {
        name: name.into(),
        quantity,
        unit,
        price,
        price_year: None,
        source: String::new(),
    };
    lines.push(line("生猪", 1200.0, Unit::Head, 0.0));
    lines.push(line("花生", 500.0, Unit::Kg, 0.0));
    lines.push(line("牛", 30.0, Unit::Head, 0.0));
    let a = run(&p, year);
    let agri = ind(&a, 0, "agriculture");
    assert_eq!(agri.status, Status::Computed);
    // Price 0: the value is unchanged; the quantities are 500 kg = 0.5 t more and 1230 头.
    assert_eq!(agri.value, ind(&before, 0, "agriculture").value);
    let t = Quantity {
        value: tonnes + 0.5,
        unit: Unit::T,
    };
    let head = Quantity {
        value: 1230.0,
        unit: Unit::Head,
    };
    assert_eq!(agri.quantities, vec![t, head]);
    assert_eq!(agri.quantity, None, "several units: no single quantity");

    let json: serde_json::Value =
        serde_json::from_str(&accounts_json(&p, &a).unwrap_or_else(|e| panic!("{e}")))
            .unwrap_or_else(|e| panic!("{e}"));
    let j = json["counties"][0]["indicators"]
        .as_array()
        .and_then(|v| v.iter().find(|x| x["id"] == "agriculture"))
        .unwrap_or_else(|| panic!("no agriculture in JSON"));
    assert_eq!(j["quantities"][1]["value"].as_f64(), Some(1230.0));
    assert_eq!(j["quantities"][1]["unit"], "head");

    let csv = accounts_csv(&a, Registry::builtin(), Lang::Zh).unwrap_or_else(|e| panic!("{e}"));
    let csv = String::from_utf8(csv).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        csv.contains(&format!(",{}; 1230,t; 头,", tonnes + 0.5)),
        "{csv}"
    );

    let html = write_report(&p, &a, Registry::builtin(), Lang::Zh);
    let phys = physical_html(&html);
    assert!(phys.contains(&format!("<td class=\"n\">{}</td>", auto(tonnes + 0.5))));
    assert!(phys.contains(&format!("<td class=\"n\">{}</td>", auto(1230.0))));
    assert!(phys.contains("<td class=\"c\">头</td>"), "a row in 头");
}

#[test]
fn products_entered_as_output_value_say_so() {
    let (p, year) = sample();
    let a = run(&p, year);
    let forestry = ind(&a, 0, "forestry");
    assert_eq!(forestry.status, Status::Computed);
    assert!(forestry.output_value_only);
    assert!(forestry.quantities.is_empty());
    let zh = write_report(&p, &a, Registry::builtin(), Lang::Zh);
    assert!(physical_html(&zh).contains("以产值填报"));
    let en = write_report(&p, &a, Registry::builtin(), Lang::En);
    assert!(physical_html(&en).contains("entered as output value"));
}
