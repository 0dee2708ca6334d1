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
    let lang = cx.lang;
    let mut s = cx.section(
        "compensation",
        SectionKind::Chapter,
        "生态补偿",
        "Ecological compensation",
    );
    s.push(Block::Para(
        cx.t(
            "本章按项目保存的生态补偿方案，由本报告的核算结果计算各县应获得或应支付的补偿及其依据。",
            "This chapter applies the project's compensation scenario to the accounts of this report: what each county should receive or pay, and why.",
        )
        .to_string(),
    ));
    let o = match scenario::run(cx.project, cx.registry, cx.accounts, set) {
        Ok(o) => o,
        Err(e) => {
            s.push(Block::Note(
                NoteKind::Warning,
                format!(
                    "{}{e}",
                    cx.t("无法计算补偿：", "Compensation cannot be computed: ")
                ),
            ));
            return Some(s);
        }
    };
    let m = o.settings.method;
    s.push(Block::Heading(
        cx.t("方法、公式与参数", "Method, formula and parameters")
            .into(),
    ));
    let mut kv = vec![
        (
            cx.t("公式", "Formula").to_string(),
            Outcome::formula(m, lang).to_string(),
        ),
        (
            cx.t("来源", "Source").to_string(),
            Outcome::source(m, lang).to_string(),
        ),
    ];
    kv.extend(o.parameters(cx.registry, lang));
    s.push(Block::KeyValues(kv));
    s.push(Block::Note(
        NoteKind::Warning,
        Outcome::sign_convention(lang).to_string(),
    ));
    if m != Method::Priority {
        s.push(Block::Para(if cx.zh() {
            format!(
                "合计获得补偿 {} 万元，合计支付补偿 {} 万元。",
                wan(o.total_received()),
                wan(o.total_paid())
            )
        } else {
            format!(
                "Received in all: {} {sym}; paid in all: {} {sym}.",
                wan(o.total_received()),
                wan(o.total_paid()),
                sym = cx.wan_label()
            )
        }));
    }

    let n = o.rows.len();
    if let Some(chart) = amount_chart(&o, lang, MoneyUnit::WanYuan) {
        let shown = n.min(CHART_MAX);
        s.push(figure(
            cx,
            &chart,
            CHART_WIDTH,
            chart_height(shown, true),
            cx.t(
                "各县补偿金额（获得为正、支付为负）",
                "Compensation by county (receive +, pay −)",
            ),
        ));
    }
    if let Some(chart) = ranking_chart(&o, lang) {
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
            cx.t(
                "生态补偿优先级 ECPS 排名（按补偿分区着色）",
                "Compensation priority (ECPS) ranking, coloured by zone",
            ),
        ));
    }

    s.push(Block::Heading(cx.t("逐县结果", "Results by county").into()));
    let amounts = m != Method::Priority;
    let mut columns = vec![Column::text(cx.t("县区", "County"))];
    if amounts {
        columns.push(Column::number(cx.with_unit(
            cx.t("补偿金额（+获得/−支付）", "Amount (+ receive / − pay)"),
            cx.wan_label(),
        )));
    }
    columns.push(Column::number(cx.t("排名", "Rank")));
    columns.push(Column::number("ECPS"));
    columns.push(Column::nowrap(cx.t("补偿分区", "Zone")));
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
        let mut cells = vec![cx.t("合计（净额）", "Total (net)").to_string(), wan(net)];
        cells.extend(["", "", ""].map(String::from));
        rows.push(Row::new(RowStyle::Total, cells));
    }
    s.push(Block::Table(Table {
        columns,
        rows,
        stub: 1,
    }));

    s.push(Block::Heading(cx.t("逐县说明", "Summary by county").into()));
    s.push(Block::List(
        (0..n).map(|i| o.sentence(i, cx.registry, lang)).collect(),
    ));
    Some(s)
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
        let kv = s
            .blocks
            .iter()
            .find_map(|b| match b {
                Block::KeyValues(kv) => Some(kv),
                _ => None,
            })
            .expect("parameters");
        assert!(
            kv.iter()
                .any(|(k, v)| k == "公式" && v.starts_with("Fund_i = F × "))
        );
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
        assert_eq!(figures, 2);
        let table = s.tables().next().expect("table");
        assert_eq!(table.rows.len(), 12);
        let total = table.rows.last().expect("total row");
        assert_eq!(total.style, RowStyle::Total);
        // The fund of 1 亿元 is allocated in full: 10,000.00 万元.
        assert_eq!(total.cells[1].text, "10,000.00");
        let list = s
            .blocks
            .iter()
            .find_map(|b| match b {
                Block::List(l) => Some(l),
                _ => None,
            })
            .expect("sentences");
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
}
