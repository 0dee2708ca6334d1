//! 生态补偿 / Ecological compensation: the project's compensation scenario as the 补偿 page
//! shows it — method, formula, source and parameters, the sign convention, totals, the amount
//! and ECPS-ranking charts (`view::chart::build`, as on the page), a table by county and one
//! plain-language sentence per county. Every number comes from
//! `engine::compensation::scenario::run`; when the scenario cannot run, the chapter says why.

use super::comparison::{CHART_WIDTH, figure};
use super::{Cx, opt, wan};
use crate::engine::compensation::scenario::{self, Outcome};
use crate::format::num;
use crate::model::compensation::Method;
use crate::report::doc::{Block, Column, NoteKind, Row, RowStyle, Section, SectionKind, Table};
use crate::units::MoneyUnit;
use crate::view::chart::build::{CHART_MAX, amount_chart, chart_height, ranking_chart};

pub fn section(cx: &Cx) -> Option<Section> {
    if cx.accounts.counties.is_empty() {
        return None;
    }
    let set = &cx.project.compensation;
    let mut s = Section::new(
        "compensation",
        SectionKind::Chapter,
        cx.key("rpt_comp_heading"),
    );
    s.push(Block::Para(cx.key("rpt_comp_intro").to_string()));
    let o = match scenario::run(cx.project, cx.registry, cx.accounts, set) {
        Ok(o) => o,
        Err(e) => {
            let e = e.message(cx.lang);
            s.push(Block::Note(
                NoteKind::Warning,
                cx.keyf("rpt_comp_cannot_run", &[("error", &e)]),
            ));
            return Some(s);
        }
    };
    method_blocks(cx, &o, &mut s);
    figures(cx, &o, &mut s);
    s.blocks.extend(super::maps::compensation_map(cx, &o));
    s.push(Block::Heading(cx.key("rpt_comp_by_county").into()));
    s.table(cx.key("rs_tab_compensation"), county_table(cx, &o));
    s.push(Block::Heading(cx.key("rpt_comp_sentences").into()));
    s.push(Block::List(
        (0..o.rows.len())
            .map(|i| o.sentence(i, cx.registry, cx.lang))
            .collect(),
    ));
    Some(s)
}

/// Method, formula, source and parameters; the sign convention; the totals received and paid.
fn method_blocks(cx: &Cx, o: &Outcome, s: &mut Section) {
    let (m, lang) = (o.settings.method, cx.lang);
    s.push(Block::Heading(cx.key("rpt_comp_method").into()));
    let mut kv = Vec::new();
    // The formula typeset with its symbols, or in the engine's words.
    match super::comp_formula::blocks(cx, m) {
        Some(blocks) => s.blocks.extend(blocks),
        None => kv.push((
            cx.key("rpt_comp_formula").to_string(),
            Outcome::formula(m, lang).to_string(),
        )),
    }
    kv.push((
        cx.key("rpt_comp_source").to_string(),
        super::general::without_tags(o.run_source(lang)),
    ));
    kv.extend(o.parameters(cx.registry, lang));
    s.push(Block::KeyValues(kv));
    for w in o.warning_texts(cx.registry, lang) {
        s.push(Block::Note(NoteKind::Warning, w));
    }
    s.push(Block::Note(
        NoteKind::Warning,
        Outcome::sign_convention(lang).to_string(),
    ));
    if m != Method::Priority {
        s.push(Block::Para(cx.keyf(
            "rpt_comp_totals",
            &[
                ("received", &wan(o.total_received())),
                ("paid", &wan(o.total_paid())),
                ("unit", cx.wan_label()),
            ],
        )));
    }
}

/// The amount chart and the ECPS ranking, as on the 补偿 page.
fn figures(cx: &Cx, o: &Outcome, s: &mut Section) {
    let lang = cx.lang;
    if let Some(chart) = amount_chart(o, lang, MoneyUnit::WanYuan) {
        let shown = o.rows.len().min(CHART_MAX);
        s.push(figure(
            cx,
            &chart,
            CHART_WIDTH,
            chart_height(shown, true),
            cx.key("rpt_comp_amount_figure"),
        ));
    }
    if let Some(chart) = ranking_chart(o, lang) {
        let shown = o
            .rows
            .iter()
            .filter(|r| r.ecps.is_some())
            .count()
            .min(CHART_MAX);
        s.push(figure(
            cx,
            &chart,
            CHART_WIDTH,
            chart_height(shown, true),
            cx.key("rpt_comp_ranking_figure"),
        ));
    }
}

/// One row per county (amount, rank, ECPS, zone) and the net total.
fn county_table(cx: &Cx, o: &Outcome) -> Table {
    let lang = cx.lang;
    let amounts = o.settings.method != Method::Priority;
    let mut columns = vec![Column::text(cx.key("rpt_comp_county"))];
    if amounts {
        columns.push(Column::number(
            cx.with_unit(cx.key("rpt_comp_amount"), cx.wan_label()),
        ));
    }
    columns.push(Column::number(cx.key("rpt_comp_rank")));
    columns.push(Column::number("ECPS"));
    columns.push(Column::nowrap(cx.key("rpt_comp_zone")));
    let mut rows: Vec<Row> = o
        .rows
        .iter()
        .map(|r| {
            let mut cells = vec![r.name(lang).to_string()];
            if amounts {
                cells.push(opt(r.amount_yuan, wan));
            }
            cells.push(r.rank.map_or_else(|| "—".into(), |k| k.to_string()));
            cells.push(opt(r.ecps, |e| num(e, 4)));
            cells.push(
                r.class
                    .map_or("—", |c| if cx.zh() { c.label_zh() } else { c.label_en() })
                    .to_string(),
            );
            Row::plain(cells)
        })
        .collect();
    if amounts {
        let net: f64 = o.rows.iter().filter_map(|r| r.amount_yuan).sum();
        let mut cells = vec![cx.key("rpt_comp_total_net").to_string(), wan(net)];
        cells.extend(["", "", ""].map(String::from));
        rows.push(Row::new(RowStyle::Total, cells));
    }
    Table {
        columns,
        rows,
        stub: 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Options, compute};
    use crate::i18n::Lang;
    use crate::model::Project;
    use crate::registry::Registry;
    use crate::report::doc::Doc;

    fn doc(p: &Project, lang: Lang) -> Doc {
        let acc = compute(p, Registry::builtin(), &Options::year(2022)).expect("computes");
        crate::report::chapters::build(p, &acc, Registry::builtin(), lang)
    }

    /// The chapter's parameter list.
    fn params(s: &Section) -> &Vec<(String, String)> {
        s.blocks
            .iter()
            .find_map(|b| match b {
                Block::KeyValues(kv) => Some(kv),
                _ => None,
            })
            .expect("parameters")
    }

    /// The chapter's sentences (one per county).
    fn sentences(s: &Section) -> &Vec<String> {
        s.blocks
            .iter()
            .find_map(|b| match b {
                Block::List(l) => Some(l),
                _ => None,
            })
            .expect("sentences")
    }

    fn chapter(d: &Doc) -> &Section {
        d.sections
            .iter()
            .find(|s| s.id == "compensation")
            .expect("a compensation chapter")
    }

    #[test]
    fn chapter_states_method_sign_totals_charts_table_and_sentences() {
        let p = crate::sample::builtin().expect("sample");
        let d = doc(&p, Lang::Zh);
        let s = chapter(&d);
        assert!(s.heading.ends_with("、生态补偿"), "{}", s.heading);
        let kv = params(s);
        // The fund formula typeset, not in the engine's linear words.
        assert!(
            s.blocks
                .iter()
                .any(|b| matches!(b, Block::Formula(f) if f.math.starts_with("F_i = F · sum_f")))
        );
        assert!(!kv.iter().any(|(k, _)| k == "公式"));
        assert!(
            kv.iter()
                .any(|(k, v)| k == "资金总额" && v == "10,000.00 万元")
        );
        assert!(
            s.blocks.iter().any(
                |b| matches!(b, Block::Note(NoteKind::Warning, t) if t.starts_with("符号约定"))
            )
        );
        let figures = s
            .blocks
            .iter()
            .filter(|b| matches!(b, Block::Figure(_)))
            .count();
        // The amount and ranking charts, and the map of the amounts.
        assert_eq!(figures, 3);
        let table = s.tables().next().expect("table");
        assert_eq!(table.rows.len(), 12);
        let total = table.rows.last().expect("total row");
        assert_eq!(total.style, RowStyle::Total);
        // The fund of 1 亿元 is allocated in full: 10,000.00 万元.
        assert_eq!(total.cells[1].text, "10,000.00");
        let list = sentences(s);
        assert_eq!(list.len(), 11);
        assert!(list.iter().any(|x| x.starts_with("资溪县应获得补偿 ")));
        let en = doc(&p, Lang::En);
        let s = chapter(&en);
        assert!(
            s.heading.ends_with("Ecological compensation"),
            "{}",
            s.heading
        );
    }

    #[test]
    fn a_scenario_that_cannot_run_is_reported_not_dropped() {
        let mut p = crate::sample::builtin().expect("sample");
        p.compensation.factors[0].id = "user:水环境质量得分".into();
        let d = doc(&p, Lang::Zh);
        let s = chapter(&d);
        assert!(s.blocks.iter().any(|b| matches!(
            b,
            Block::Note(NoteKind::Warning, t) if t.starts_with("无法计算补偿：") && t.contains("水环境质量得分")
        )));
        assert!(s.tables().next().is_none());
    }

    #[test]
    fn the_opportunity_cost_method_is_reported_like_the_others() {
        use crate::model::compensation::{InvestmentEntry, Method};
        let mut p = crate::sample::builtin().expect("sample");
        p.compensation.method = Method::OpportunityCost;
        p.compensation
            .opportunity
            .investments
            .push(InvestmentEntry {
                county: "361028".into(),
                year: 2020,
                principal_yuan: 1.0e7,
            });
        let d = doc(&p, Lang::Zh);
        let s = chapter(&d);
        let kv = params(s);
        // Typeset like the other methods' (`comp_formula`), not a 公式 line in words.
        assert!(s.blocks.iter().any(
            |b| matches!(b, Block::Formula(f) if f.text.starts_with("OC_i = max(0, I_ref,u"))
        ));
        assert!(!kv.iter().any(|(k, _)| k == "公式"));
        assert!(kv.iter().any(|(k, v)| k == "还款截止年" && v == "2022"));
        assert!(
            kv.iter()
                .any(|(k, v)| k == "来源" && v.contains("ChinaXiv:201909.00077"))
        );
        // 1,000 万元 over 2 years at 10 %: 576.19 万元 a year.
        let list = sentences(s);
        assert!(
            list.iter()
                .any(|x| x.starts_with("资溪县应获得补偿 576.19 万元（机会成本）")),
            "{list:?}"
        );
    }

    #[test]
    fn the_standard_range_is_reported_with_its_bounds_and_rule() {
        use crate::model::compensation::{IncomeEntry, Method, UpperBound};
        let mut p = crate::sample::builtin().expect("sample");
        let c = &mut p.compensation;
        c.method = Method::StandardRange;
        c.range.upper = UpperBound::NonMarket;
        c.opportunity.reference_urban_income = 40_000.0;
        c.opportunity.reference_rural_income = 15_000.0;
        // Urban gap 10 000 元 × 1 000 persons = 1 000 万元, far below any county's
        // non-market GEP: a feasible range whose default standard is the lower bound.
        c.opportunity.incomes.insert(
            "361028".into(),
            IncomeEntry {
                urban_income: Some(30_000.0),
                urban_population: Some(1_000.0),
                rural_income: Some(15_000.0),
                rural_population: Some(1_000.0),
            },
        );
        let d = doc(&p, Lang::Zh);
        let s = chapter(&d);
        let kv = params(s);
        assert!(
            kv.iter()
                .any(|(k, v)| k == "补偿上限" && v.starts_with("非市场 GEP"))
        );
        assert!(
            kv.iter()
                .any(|(k, v)| k == "推荐标准取值规则" && v.starts_with("取下限（机会成本，默认"))
        );
        let list = sentences(s);
        let zixi = list
            .iter()
            .find(|x| x.starts_with("资溪县补偿标准区间：下限（机会成本）1,000.00 万元"))
            .unwrap_or_else(|| panic!("{list:?}"));
        assert!(
            zixi.contains("净效益 = ") && zixi.ends_with("推荐补偿标准 1,000.00 万元。"),
            "{zixi}"
        );
    }
}
