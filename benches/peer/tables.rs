//! The project's inputs as long-form CSV tables for the pandas peer (`compute_pandas.py`):
//! county × indicator × input, the indicators entered per county (and their method), product
//! lines, land cover county × class, and the registry
//! facts (indicators, methods and their inputs' unit factors, parameters at the target price
//! year, components and their prices, land classes, the ESV table), plus our figures for the
//! check. Made from the same export the numpy peer reads, so both peers see the same facts.

use std::path::Path;

use serde_json::Value;

type Rows = Vec<Vec<String>>;

fn s(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => if *b { "1" } else { "0" }.to_string(),
        // `{:?}` of f64 round-trips exactly.
        Value::Number(n) => n
            .as_f64()
            .map_or_else(|| n.to_string(), |f| format!("{f:?}")),
        other => other.to_string(),
    }
}

fn f(v: f64) -> String {
    format!("{v:?}")
}

fn write(dir: &Path, name: &str, header: &[&str], rows: Rows) {
    let mut w = csv::Writer::from_path(dir.join(name)).expect("csv file");
    w.write_record(header).expect("csv header");
    for r in rows {
        w.write_record(&r).expect("csv row");
    }
    w.flush().expect("csv flush");
}

/// Writes the tables into `dir` (see the module doc).
pub fn write_tables(dir: &Path, export: &Value) {
    std::fs::create_dir_all(dir).expect("tables dir");
    let codes: Vec<String> = export["counties"]
        .as_array()
        .expect("counties")
        .iter()
        .map(s)
        .collect();
    let data = export["data"].as_array().expect("data");
    let (mut inputs, mut lines, mut outputs, mut lc, mut counties) = (
        Rows::new(),
        Rows::new(),
        Rows::new(),
        Rows::new(),
        Rows::new(),
    );
    let mut entries = Rows::new();
    for (code, cp) in codes.iter().zip(data) {
        counties.push(vec![code.clone(), s(&cp["imported_products_yuan"])]);
        for (class, area) in cp["land_cover"].as_object().into_iter().flatten() {
            lc.push(vec![code.clone(), class.clone(), s(area)]);
        }
        for (ind, inp) in cp["indicators"].as_object().into_iter().flatten() {
            entries.push(vec![code.clone(), ind.clone(), s(&inp["method"])]);
            for (input, v) in inp["values"].as_object().into_iter().flatten() {
                let method = s(&inp["method"]);
                inputs.push(vec![code.clone(), ind.clone(), method, input.clone(), s(v)]);
            }
            for l in inp["products"].as_array().into_iter().flatten() {
                lines.push(vec![
                    code.clone(),
                    ind.clone(),
                    s(&l["quantity"]),
                    s(&l["price"]),
                ]);
            }
            if let Some(o) = inp["output_value"].as_object() {
                outputs.push(vec![code.clone(), ind.clone(), s(&o["value_yuan"])]);
            }
        }
    }
    write(
        dir,
        "inputs.csv",
        &["county", "indicator", "method", "input", "value"],
        inputs,
    );
    write(
        dir,
        "entries.csv",
        &["county", "indicator", "method"],
        entries,
    );
    write(
        dir,
        "product_lines.csv",
        &["county", "indicator", "quantity", "price"],
        lines,
    );
    write(
        dir,
        "output_values.csv",
        &["county", "indicator", "value_yuan"],
        outputs,
    );
    write(dir, "land_cover.csv", &["county", "class", "area_hm2"], lc);
    write(dir, "counties.csv", &["county", "imported_yuan"], counties);
    registry_tables(dir, export);
    expected(dir, export, &codes);
}

fn registry_tables(dir: &Path, export: &Value) {
    let (mut inds, mut methods, mut minputs, mut params, mut comps) = (
        Rows::new(),
        Rows::new(),
        Rows::new(),
        Rows::new(),
        Rows::new(),
    );
    for (order, spec) in export["indicators"]
        .as_array()
        .expect("indicators")
        .iter()
        .enumerate()
    {
        let id = s(&spec["id"]);
        inds.push(vec![
            id.clone(),
            order.to_string(),
            s(&spec["category"]).to_lowercase(),
            s(&spec["counted"]),
            s(&spec["market"]),
            s(&spec["formula"]),
            s(&spec["default_method"]),
        ]);
        for (k, v) in spec["params"].as_object().into_iter().flatten() {
            params.push(vec![id.clone(), String::new(), k.clone(), s(v)]);
        }
        for (corder, c) in spec["components"]
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
        {
            comps.push(vec![
                id.clone(),
                corder.to_string(),
                s(&c["id"]),
                s(&c["price"]),
                s(&c["price_input"]),
            ]);
        }
        for (mid, m) in spec["methods"].as_object().into_iter().flatten() {
            let carbon = s(&m["params"]["carbon"]);
            methods.push(vec![id.clone(), mid.clone(), s(&m["model"]), carbon]);
            for (input, factor) in m["inputs"].as_object().into_iter().flatten() {
                minputs.push(vec![id.clone(), mid.clone(), input.clone(), s(factor)]);
            }
            for (k, v) in m["params"].as_object().into_iter().flatten() {
                if k != "carbon" {
                    params.push(vec![id.clone(), mid.clone(), k.clone(), s(v)]);
                }
            }
        }
    }
    params.push(vec![
        "esv".into(),
        String::new(),
        "d".into(),
        s(&export["esv"]["d"]),
    ]);
    params.push(vec![
        "gep".into(),
        String::new(),
        "deduct_imports".into(),
        s(&export["deduct_imports"]),
    ]);
    params.push(vec![
        "gep".into(),
        String::new(),
        "year".into(),
        s(&export["year"]),
    ]);
    write(
        dir,
        "indicators.csv",
        &[
            "indicator",
            "order",
            "category",
            "counted",
            "market",
            "formula",
            "default_method",
        ],
        inds,
    );
    write(
        dir,
        "methods.csv",
        &["indicator", "method", "model", "carbon"],
        methods,
    );
    write(
        dir,
        "method_inputs.csv",
        &["indicator", "method", "input", "factor"],
        minputs,
    );
    write(
        dir,
        "params.csv",
        &["indicator", "method", "param", "value"],
        params,
    );
    write(
        dir,
        "components.csv",
        &["indicator", "order", "component", "price", "price_input"],
        comps,
    );
    let classes: Rows = export["classes"]
        .as_array()
        .expect("classes")
        .iter()
        .map(|c| vec![s(&c["id"]), s(&c["runoff"]), s(&c["vegetated"])])
        .collect();
    write(
        dir,
        "classes.csv",
        &["class", "runoff", "vegetated"],
        classes,
    );
    let market = export["esv"]["market"].as_array().expect("market");
    let services: Rows = market
        .iter()
        .enumerate()
        .map(|(k, m)| vec![k.to_string(), s(m)])
        .collect();
    write(dir, "esv_services.csv", &["service", "market"], services);
    let mut esv = Rows::new();
    for (class, factors) in export["esv"]["rows"].as_object().into_iter().flatten() {
        for (k, v) in factors.as_array().into_iter().flatten().enumerate() {
            esv.push(vec![class.clone(), k.to_string(), s(v)]);
        }
    }
    write(dir, "esv_factors.csv", &["class", "service", "factor"], esv);
}

/// Our figures, long form: figure, county, value (`v:` indicator values, `t:` totals,
/// `esv:` ESV).
fn expected(dir: &Path, export: &Value, codes: &[String]) {
    let mut rows = Rows::new();
    let e = &export["expected"];
    for (group, prefix) in [("values", "v:"), ("totals", "t:"), ("esv", "esv:")] {
        for (k, col) in e[group].as_object().into_iter().flatten() {
            for (code, v) in codes.iter().zip(col.as_array().into_iter().flatten()) {
                rows.push(vec![
                    format!("{prefix}{k}"),
                    code.clone(),
                    f(v.as_f64().unwrap_or(f64::NAN)),
                ]);
            }
        }
    }
    write(dir, "expected.csv", &["figure", "county", "value"], rows);
}
