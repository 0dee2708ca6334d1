//! The HTML report of the sample project: content, language, self-containment, well-formedness.

use gep_calc::engine::{Accounts, Options, compute};
use gep_calc::i18n::Lang;
use gep_calc::model::Project;
use gep_calc::registry::Registry;
use gep_calc::report::html::{escape, overview_gep_wan, write_report};

fn sample() -> (Project, Accounts) {
    let project = gep_calc::sample::builtin().unwrap_or_else(|e| panic!("{e}"));
    let year = project.latest_year().unwrap_or_else(|| panic!("no period"));
    let accounts = compute(&project, Registry::builtin(), &Options::year(year))
        .unwrap_or_else(|e| panic!("{e}"));
    (project, accounts)
}

fn report(lang: Lang) -> (Project, Accounts, String) {
    let (p, a) = sample();
    let html = write_report(&p, &a, Registry::builtin(), lang);
    (p, a, html)
}

fn count(hay: &str, needle: &str) -> usize {
    hay.matches(needle).count()
}

#[test]
fn report_contains_counties_gep_and_sources_in_both_languages() {
    for lang in [Lang::Zh, Lang::En] {
        let (_, a, html) = report(lang);
        assert!(a.counties.len() > 1);
        for c in &a.counties {
            let name = escape(c.name_zh_or_en(lang));
            assert!(html.contains(&name), "{lang:?}: county {name} missing");
        }
        // Region GEP as in the overview table: 万元 with separators, 2 decimals.
        let gep = a.region.totals.gep;
        assert!(gep > 0.0);
        let expected = gep_calc::format::num(gep / 1e4, 2);
        assert_eq!(overview_gep_wan(&a), expected);
        let row = format!("<td>GEP</td><td class=\"n\">{expected}</td>");
        assert!(
            html.contains(&row),
            "{lang:?}: overview GEP row {row} missing"
        );
        assert!(!a.params_used.is_empty());
        for p in &a.params_used {
            assert!(
                html.contains(&escape(p.source.get(lang))),
                "{lang:?}: source of {} missing",
                p.id
            );
        }
    }
}

#[test]
fn findings_report_real_growth_against_the_previous_period() {
    let (p, a, html) = report(Lang::Zh);
    let prev = p
        .periods
        .iter()
        .map(|x| x.year)
        .filter(|y| *y < a.year)
        .max()
        .unwrap_or_else(|| panic!("the sample has an earlier period"));
    let g = gep_calc::engine::growth::growth(
        &p,
        Registry::builtin(),
        prev,
        a.year,
        Some(a.framework.clone()),
        Some(a.price_year),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let r = g.region.real_growth.unwrap_or_else(|| panic!("no growth"));
    let fmt = gep_calc::format::num;
    assert!(html.contains(&format!("实际增长 {}%", fmt(r * 100.0, 1))));
    // The region's GEP of both years in 亿元 (the sample's amounts are above 10 亿元).
    assert!(html.contains(&format!(
        "GEP 由 {} 年的 {} 亿元变为",
        prev,
        fmt(g.region.gep_from / 1e8, 2)
    )));
}

#[test]
fn headings_follow_the_language() {
    let (_, _, zh) = report(Lang::Zh);
    let (_, _, en) = report(Lang::En);
    assert!(zh.contains("<html lang=\"zh-CN\">"));
    assert!(zh.contains("一、总则") && zh.contains("五、价值量核算结果") && zh.contains("附表 1"));
    assert!(en.contains("<html lang=\"en\">"));
    assert!(
        en.contains("1 General provisions")
            && en.contains("5 Value accounts")
            && en.contains("Annex table 1")
    );
    assert!(!en.contains("价值量核算结果"));
}

#[test]
fn zh_report_has_inline_svg_charts_with_chinese_county_names() {
    let (_, a, html) = report(Lang::Zh);
    let start = html.find("<svg").unwrap_or_else(|| panic!("no <svg>"));
    let end = html[start..]
        .find("</svg>")
        .unwrap_or_else(|| panic!("unclosed <svg>"));
    let svg = &html[start..start + end];
    for c in &a.counties {
        assert!(svg.contains(&c.name_zh), "chart lacks {}", c.name_zh);
    }
    // Stacked categories, GEP per km² ranking, ESV vs GEP.
    assert!(count(&html, "<svg") >= 3);
    assert_eq!(count(&html, "<svg"), count(&html, "</svg>"));
}

#[test]
fn report_is_self_contained_and_well_formed() {
    for lang in [Lang::Zh, Lang::En] {
        let (_, _, html) = report(lang);
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.trim_end().ends_with("</html>"));
        let lower = html.to_ascii_lowercase();
        assert!(!lower.contains("http"), "{lang:?}: an http reference");
        for bad in ["<script", "<link", "<img", "<iframe", "@import", "url("] {
            assert!(!lower.contains(bad), "{lang:?}: {bad}");
        }
        for tag in ["table", "thead", "tbody", "section", "figure", "ul", "div"] {
            let open = count(&html, &format!("<{tag}>")) + count(&html, &format!("<{tag} "));
            let close = count(&html, &format!("</{tag}>"));
            assert_eq!(open, close, "{lang:?}: unbalanced <{tag}>");
        }
        assert_eq!(count(&html, "<tr"), count(&html, "</tr>"));
        assert!(count(&html, "<table") > 8);
    }
}

#[test]
fn unverified_parameters_are_marked_and_traces_listed() {
    let (mut p, a0) = sample();
    // The sample's parameters are all verified: no U note.
    let html0 = write_report(&p, &a0, Registry::builtin(), Lang::Zh);
    let u0 = a0
        .params_used
        .iter()
        .filter(|p| p.tag.is_unverified())
        .count();
    assert_eq!(html0.contains("⚠ U"), u0 > 0);
    // A project override tagged U is marked in the appendix and in every trace step using it.
    p.price_overrides.insert(
        "reservoir_cost".into(),
        gep_calc::model::ParamOverride {
            value: 8.0,
            unit: None,
            price_year: None,
            source: "local survey".into(),
            tag: gep_calc::registry::Tag::U,
            note: String::new(),
        },
    );
    let year = p.latest_year().unwrap_or_else(|| panic!("no period"));
    let a =
        compute(&p, Registry::builtin(), &Options::year(year)).unwrap_or_else(|e| panic!("{e}"));
    let html = write_report(&p, &a, Registry::builtin(), Lang::Zh);
    let u = a
        .params_used
        .iter()
        .filter(|p| p.tag.is_unverified())
        .count();
    assert!(u > 0, "the override is used and unverified");
    assert!(html.contains("个参数标为 U（未核验）"));
    assert!(html.contains("<tr class=\"u\">"));
    assert!(count(&html, "⚠ U") > u, "appendix row and trace steps");
    // Every traced county × indicator has a formula block.
    let traced = a
        .counties
        .iter()
        .flat_map(|c| &c.indicators)
        .filter(|i| i.trace.is_some())
        .count();
    assert!(traced > 0);
    assert_eq!(count(&html, "<div class=\"trace\">"), traced);
}

#[test]
fn text_is_escaped() {
    let (mut p, _) = sample();
    p.meta.region = "A&B <县>".into();
    p.counties[0].name.zh = "甲<script>乙".into();
    p.price_overrides.insert(
        "reservoir_cost".into(),
        gep_calc::model::ParamOverride {
            value: 1.0,
            unit: None,
            price_year: None,
            source: "\"quoted\" & <b>".into(),
            tag: gep_calc::registry::Tag::U,
            note: String::new(),
        },
    );
    let year = p.latest_year().unwrap_or_else(|| panic!("no period"));
    let a =
        compute(&p, Registry::builtin(), &Options::year(year)).unwrap_or_else(|e| panic!("{e}"));
    let html = write_report(&p, &a, Registry::builtin(), Lang::Zh);
    assert!(!html.contains("<script"));
    assert!(html.contains("甲&lt;script&gt;乙"));
    assert!(html.contains("A&amp;B &lt;县&gt;"));
    assert!(!html.contains("<b>"));
}

/// The Chinese report names things and never shows their ids: no "(grassland)" after a land
/// class, no "(reservoir_cost)" after a parameter, no engine field such as `vegetated_area` in
/// the trace appendix. The English report keeps the ids beside the names for reviewers.
#[test]
fn zh_report_shows_names_not_ids() {
    let reg = Registry::builtin();
    let (_, _, zh) = report(Lang::Zh);
    assert!(!zh.contains("vegetated_area"));
    assert!(zh.contains("有植被覆盖的面积"));
    let mut ids: Vec<String> = reg.land_classes.iter().map(|c| c.id.clone()).collect();
    ids.extend(reg.params.iter().map(|p| p.id.clone()));
    ids.extend(reg.indicators.iter().map(|i| i.id.clone()));
    for id in &ids {
        assert!(!zh.contains(&format!("({id})")), "({id}) in the zh report");
    }
    let (_, _, en) = report(Lang::En);
    assert!(en.contains("(reservoir_cost)"));
}
