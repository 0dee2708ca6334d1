//! The land-use change account in words and tables, medium-free: the transition matrix with
//! its row and column sums, the ESV change by transition (largest first, each with its
//! computation), the value coefficients and the sensitivity coefficients with their reading.
//! The app, the CLI, the report and the workbook lay out these same tables; nothing here
//! computes an accounting number (that is `engine::transitions`).

use crate::engine::transitions::{ADJUST, Sensitivity, TransitionAccount, TransitionCell};
use crate::format::num;
use crate::i18n::Lang;
use crate::model::TransitionMatrix;
use crate::units::{MoneyUnit, Unit};

use super::Labels;

/// A table of text: header and rows of the same width.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Money in ΔESV tables: 万元, as Chinese ESV papers print it.
pub const MONEY: MoneyUnit = MoneyUnit::WanYuan;

fn area(v: f64) -> String {
    num(v, 2)
}

fn money(v: f64) -> String {
    num(MONEY.from_yuan(v), 2)
}

fn cs_text(cs: Option<f64>) -> String {
    cs.map_or_else(|| "—".into(), |v| num(v, 4))
}

/// A class's display name.
pub fn class(l: &Labels, id: &str) -> String {
    l.project.land_class_name(l.registry, id, l.lang)
}

/// The county's name, or the region's for `None` / an empty code.
pub fn place(l: &Labels, county: Option<&str>) -> String {
    match county.filter(|c| !c.is_empty()) {
        Some(code) => l
            .project
            .county(code)
            .map_or_else(|| code.to_string(), |c| c.name.get(l.lang).to_string()),
        None => l.key("tr_region").to_string(),
    }
}

/// "万元" / "10⁴ CNY" headers with their unit.
fn head(l: &Labels, key: &'static str, unit: Unit) -> String {
    l.with_unit(l.key(key), l.unit(unit))
}

/// The class a header cell names: an id, or a registry or project class name in either
/// language (spaces and full-width forms ignored); `None` for totals and anything else.
pub fn class_by_name(l: &Labels, text: &str) -> Option<String> {
    let n = crate::units::words::norm(text);
    if n.is_empty() {
        return None;
    }
    let same = |t: &crate::i18n::Text| {
        crate::units::words::norm(&t.zh) == n || crate::units::words::norm(&t.en) == n
    };
    l.registry
        .land_classes
        .iter()
        .find(|c| crate::units::words::norm(&c.id) == n || same(&c.name))
        .map(|c| c.id.clone())
        .or_else(|| {
            l.project
                .custom_land_classes
                .iter()
                .find(|c| crate::units::words::norm(&c.id) == n || same(&c.name))
                .map(|c| c.id.clone())
        })
}

/// The class of each data row or column of a pasted block (`None`: skipped).
pub type Headers = Vec<Option<String>>;

/// A pasted block that carries its own class headers (the matrix copied with its first row
/// and column, as papers and GIS exports print it): the from class of each data row and the
/// to class of each data column (`None` for totals and unknown labels, which are skipped).
/// `None` when the block has no such headers: it is then pasted cell by cell from where it
/// lands.
pub fn block_headers(l: &Labels, block: &[Vec<String>]) -> Option<(Headers, Headers)> {
    let first = block.first()?;
    let to: Headers = first.iter().skip(1).map(|c| class_by_name(l, c)).collect();
    let from: Headers = block
        .iter()
        .skip(1)
        .map(|r| r.first().and_then(|c| class_by_name(l, c)))
        .collect();
    (to.iter().any(Option::is_some) && from.iter().any(Option::is_some)).then_some((from, to))
}

/// The matrix (hm²): from classes down, to classes across, with the row sums (from year) and
/// the column sums (to year).
pub fn matrix(l: &Labels, m: &TransitionMatrix) -> Table {
    let classes = m.classes();
    let mut header = vec![l.keyf(
        "tr_matrix_corner",
        &[
            ("from", &m.from_year.to_string()),
            ("to", &m.to_year.to_string()),
        ],
    )];
    header.extend(classes.iter().map(|c| class(l, c)));
    header.push(l.keyf("tr_total_year", &[("year", &m.from_year.to_string())]));
    let from = m.from_totals();
    let mut rows: Vec<Vec<String>> = classes
        .iter()
        .map(|i| {
            let mut r = vec![class(l, i)];
            r.extend(classes.iter().map(|j| area(m.cell(i, j))));
            r.push(area(from.get(i).copied().unwrap_or(0.0)));
            r
        })
        .collect();
    let to = m.to_totals();
    let mut last = vec![l.keyf("tr_total_year", &[("year", &m.to_year.to_string())])];
    last.extend(
        classes
            .iter()
            .map(|j| area(to.get(j).copied().unwrap_or(0.0))),
    );
    last.push(area(from.values().sum()));
    rows.push(last);
    Table { header, rows }
}

/// The computation of one cell's ΔESV in words and numbers.
pub fn explain_cell(l: &Labels, c: &TransitionCell) -> String {
    if c.from == c.to {
        return l.key("tr_explain_diagonal").to_string();
    }
    l.keyf(
        "tr_explain_cell",
        &[
            ("area", &area(c.area)),
            ("vc_to", &num(c.vc_to, 2)),
            ("vc_from", &num(c.vc_from, 2)),
            ("delta", &num(c.delta, 2)),
        ],
    )
}

/// ΔESV by transition, off-diagonal cells by |ΔESV| (all when `limit` is `None`).
pub fn deltas(l: &Labels, a: &TransitionAccount, limit: Option<usize>) -> Table {
    let header = vec![
        l.key("tr_from").to_string(),
        l.key("tr_to").to_string(),
        head(l, "tr_area", Unit::Hm2),
        l.with_unit(l.key("tr_vc_from"), l.key("tr_unit_vc")),
        l.with_unit(l.key("tr_vc_to"), l.key("tr_unit_vc")),
        head(l, "tr_delta", MONEY.unit()),
        l.key("tr_share").to_string(),
        l.key("tr_computation").to_string(),
    ];
    let gross: f64 = a.top().iter().map(|c| c.delta.abs()).sum();
    let rows = a
        .top()
        .into_iter()
        .take(limit.unwrap_or(usize::MAX))
        .map(|c| {
            vec![
                class(l, &c.from),
                class(l, &c.to),
                area(c.area),
                num(c.vc_from, 2),
                num(c.vc_to, 2),
                money(c.delta),
                if gross > 0.0 {
                    format!("{}%", num(c.delta.abs() / gross * 100.0, 1))
                } else {
                    "—".into()
                },
                explain_cell(l, c),
            ]
        })
        .collect();
    Table { header, rows }
}

/// Value coefficient of every class, with its terms and both years' areas.
pub fn coefficients(l: &Labels, a: &TransitionAccount) -> Table {
    let header = vec![
        l.key("tr_class").to_string(),
        l.key("tr_row").to_string(),
        l.key("tr_equivalents").to_string(),
        l.key("tr_scale").to_string(),
        l.with_unit(l.key("tr_vc"), l.key("tr_unit_vc")),
        l.with_unit(
            &l.keyf("tr_area_year", &[("year", &a.from_year.to_string())]),
            l.unit(Unit::Hm2),
        ),
        l.with_unit(
            &l.keyf("tr_area_year", &[("year", &a.to_year.to_string())]),
            l.unit(Unit::Hm2),
        ),
    ];
    let table = crate::model::catalogue::factor_table(l.project, l.registry, &l.project.esv.table);
    let rows = a
        .classes
        .iter()
        .map(|c| {
            let row = match (&c.row, table) {
                (Some(r), Some(t)) => t
                    .rows
                    .iter()
                    .find(|x| &x.id == r)
                    .map_or_else(|| r.clone(), |x| x.name.get(l.lang).to_string()),
                (Some(r), None) => r.clone(),
                (None, _) => l.key("tr_no_services").to_string(),
            };
            vec![
                class(l, &c.class),
                row,
                num(c.equivalents, 4),
                num(c.scale, 3),
                num(c.vc, 2),
                area(c.from_area),
                area(c.to_area),
            ]
        })
        .collect();
    Table { header, rows }
}

/// The reading of a CS value.
pub fn reading(l: &Labels, cs: Option<f64>) -> &'static str {
    match cs {
        None => l.key("tr_cs_none"),
        Some(v) if v < 1.0 => l.key("tr_cs_inelastic"),
        Some(_) => l.key("tr_cs_elastic"),
    }
}

/// The computation of one CS (the +50 % case; −50 % is its mirror).
pub fn explain_cs(l: &Labels, s: &Sensitivity, a: &TransitionAccount) -> String {
    let esv0 = if s.year == a.from_year {
        a.esv_from
    } else {
        a.esv_to
    };
    match s.cs_up {
        None => l.key("tr_cs_none").to_string(),
        Some(cs) => l.keyf(
            "tr_explain_cs",
            &[
                ("adj", &money(s.esv_up)),
                ("esv", &money(esv0)),
                ("pct", &num(ADJUST * 100.0, 0)),
                ("cs", &num(cs, 4)),
            ],
        ),
    }
}

/// The sensitivity table: per year and class, ESV with VC ±50 % and CS for each.
pub fn sensitivity(l: &Labels, a: &TransitionAccount) -> Table {
    let pct = num(ADJUST * 100.0, 0);
    let header = vec![
        l.key("tr_year").to_string(),
        l.key("tr_class").to_string(),
        l.with_unit(&l.keyf("tr_esv_up", &[("pct", &pct)]), l.unit(MONEY.unit())),
        l.with_unit(
            &l.keyf("tr_esv_down", &[("pct", &pct)]),
            l.unit(MONEY.unit()),
        ),
        l.keyf("tr_cs_up", &[("pct", &pct)]),
        l.keyf("tr_cs_down", &[("pct", &pct)]),
        l.key("tr_reading").to_string(),
        l.key("tr_computation").to_string(),
    ];
    let rows = a
        .sensitivity
        .iter()
        .map(|s: &Sensitivity| {
            vec![
                s.year.to_string(),
                class(l, &s.class),
                money(s.esv_up),
                money(s.esv_down),
                cs_text(s.cs_up),
                cs_text(s.cs_down),
                reading(l, s.cs_up).to_string(),
                explain_cs(l, s, a),
            ]
        })
        .collect();
    Table { header, rows }
}

/// For a region matrix summed from the counties': the counties that have no matrix for the two
/// years (their land-use change is not in the sum), or `None` when every county has one.
fn counties_without_matrix(l: &Labels, a: &TransitionAccount) -> Option<String> {
    let has = |code: &str| {
        l.project
            .transitions
            .iter()
            .any(|m| m.county == code && m.from_year == a.from_year && m.to_year == a.to_year)
    };
    let missing: Vec<String> = l
        .project
        .counties
        .iter()
        .filter(|c| !has(&c.code))
        .map(|c| c.name.get(l.lang).to_string())
        .collect();
    if missing.is_empty() {
        return None;
    }
    let total = l.project.counties.len();
    Some(l.keyf(
        "tr_region_partial",
        &[
            ("n", &(total - missing.len()).to_string()),
            ("total", &total.to_string()),
            ("missing", &missing.join(l.key("tr_list_sep"))),
        ],
    ))
}

/// The account's summary sentences: the two years' ESV and the change, the price basis and D,
/// and where the region's matrix comes from.
pub fn summary(l: &Labels, a: &TransitionAccount) -> Vec<String> {
    let unit = l.unit(MONEY.unit());
    let mut out = vec![
        l.keyf(
            "tr_summary",
            &[
                ("place", &place(l, a.county.as_deref())),
                ("from", &a.from_year.to_string()),
                ("to", &a.to_year.to_string()),
                ("esv_from", &money(a.esv_from)),
                ("esv_to", &money(a.esv_to)),
                ("delta", &money(a.delta)),
                ("unit", unit),
            ],
        ),
        l.keyf(
            "tr_price_basis",
            &[("year", &a.price_year.to_string()), ("d", &num(a.d, 2))],
        ),
    ];
    if a.summed {
        out.push(l.key("tr_region_summed").to_string());
        if let Some(line) = counties_without_matrix(l, a) {
            out.push(line);
        }
    }
    let adjusted: Vec<String> = a
        .coefficients
        .iter()
        .filter(|c| c.value != 1.0)
        .map(|c| format!("{} = {}", l.key(c.kind.name_key()), num(c.value, 4)))
        .collect();
    if !adjusted.is_empty() {
        out.push(l.keyf(
            "tr_adjusted",
            &[
                ("year", &a.to_year.to_string()),
                ("list", &adjusted.join(l.key("tr_list_sep"))),
            ],
        ));
    }
    if a.region_unadjusted {
        out.push(l.key("tr_region_unadjusted").to_string());
    }
    out
}

/// The formulas, one line each, for a methods note under the tables.
pub fn formulas(lang: Lang) -> Vec<&'static str> {
    [
        "tr_formula_vc",
        "tr_formula_delta",
        "tr_formula_cs",
        "tr_cs_source",
    ]
    .into_iter()
    .map(|k| crate::i18n::t(lang, k))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::Registry;

    #[test]
    fn tables_name_classes_and_print_the_hand_figures() {
        let p = crate::engine::transitions::tests::three_class_project();
        let reg = Registry::builtin();
        let a = crate::engine::transitions::compute(&p, reg, Some("360101"), 2015, 2020)
            .unwrap_or_else(|e| panic!("{e:?}"));
        let l = Labels::new(&p, reg, Lang::Zh);
        let m = matrix(&l, &p.transitions[0]);
        assert_eq!(m.rows.len(), 4);
        assert_eq!(m.rows[3].last().map(String::as_str), Some("350.00"));
        let d = deltas(&l, &a, Some(3));
        assert_eq!(d.rows.len(), 3);
        assert!(
            d.rows.iter().all(|r| r[5] == "1.50" || r[5] == "-1.50"),
            "{d:?}"
        );
        assert!(
            !d.rows.iter().flatten().any(|c| c.contains("paddy")),
            "{d:?}"
        );
        let s = sensitivity(&l, &a);
        let paddy15 = s
            .rows
            .iter()
            .find(|r| r[0] == "2015" && r[1] == class(&l, "paddy"))
            .unwrap_or_else(|| panic!("{s:?}"));
        assert_eq!(paddy15[2..6], ["82.50", "67.50", "0.2000", "0.2000"]);
        assert!(paddy15[6].contains("缺乏弹性"), "{paddy15:?}");
        assert_eq!(paddy15[7], "|82.50 − 75.00| ÷ 75.00 ÷ 50% = 0.2000");
        let text = summary(&l, &a).join("\n");
        assert!(
            text.contains("75.00") && text.contains("72.75") && text.contains("-2.25"),
            "{text}"
        );
        assert!(text.contains("2020"), "{text}");
    }

    /// A region matrix summed from one county of two says which county is missing from it;
    /// with every county entered the line is gone.
    #[test]
    fn a_partial_region_sum_names_the_counties_without_a_matrix() {
        let mut p = crate::engine::transitions::tests::three_class_project();
        let reg = Registry::builtin();
        let region = |p: &crate::model::Project| {
            crate::engine::transitions::compute(p, reg, None, 2015, 2020)
                .unwrap_or_else(|e| panic!("{e:?}"))
        };
        let l = Labels::new(&p, reg, Lang::Zh);
        assert!(counties_without_matrix(&l, &region(&p)).is_none());
        p.counties.push(crate::model::County {
            code: "360102".into(),
            name: crate::i18n::Text::from("乙县"),
            land_area_hm2: 100.0,
            prefecture: None,
        });
        let a = region(&p);
        let l = Labels::new(&p, reg, Lang::Zh);
        let text = summary(&l, &a).join("\n");
        assert!(
            text.contains("只汇总了 1 个县（共 2 个）") && text.contains("：乙县"),
            "{text}"
        );
    }

    #[test]
    fn a_block_with_class_headers_is_read_by_name() {
        let p = crate::engine::transitions::tests::three_class_project();
        let l = Labels::new(&p, Registry::builtin(), Lang::Zh);
        let cells = |rows: &[&[&str]]| -> Vec<Vec<String>> {
            rows.iter()
                .map(|r| r.iter().map(|c| c.to_string()).collect())
                .collect()
        };
        let block = cells(&[
            &["2015＼2020", "水田", "Broadleaf forest", "合计"],
            &["水 田", "80", "10", "90"],
            &["合计", "80", "10", "90"],
        ]);
        let (from, to) = block_headers(&l, &block).unwrap_or_else(|| panic!("headers"));
        assert_eq!(from, vec![Some("paddy".to_string()), None]);
        assert_eq!(
            to,
            vec![
                Some("paddy".to_string()),
                Some("broadleaf_forest".to_string()),
                None
            ]
        );
        assert_eq!(block_headers(&l, &cells(&[&["1", "2"], &["3", "4"]])), None);
    }
}
