//! The content of the GEP accounting report: builds a `doc::Doc` from computed accounts.
//!
//! Owns what the report says — which chapters, in which order, their tables, figures and
//! sentences in the report language — and nothing about how it looks (`html` and `pdf` render
//! the `Doc`). Chapters only lay out the engine's numbers; they never recompute accounting values.
//!
//! Each chapter is one module with `pub fn section(cx: &Cx) -> Option<Section>` (`None` when it
//! has nothing to show), registered by one line in `CHAPTERS`. A chapter gives its heading
//! without a number and its figure captions without "图 N"; `build` numbers chapters (一、/ 1.),
//! appendices (附表 1 / Appendix 1.) and figures in the order of `CHAPTERS`.
//!
//! Every word a chapter writes is a catalogue key (`assets/i18n/report.ron`, prefix `rpt_`)
//! read through `Labels::key` / `keyf`, with named placeholders; `Cx::t` and `Cx::section`
//! (a pair of strings) remain for the chart chapters until they move to keys too.
//!
//! The chapters follow the structure of a county GEP accounting report (GB/T 46869, DB36/T
//! 1402 and published county reports): 封面, 目录, 一 总则, 二 区域概况, 三 核算指标体系与方法,
//! 四 实物量, 五 价值量, 六 结果分析, 七 GEP 变化的原因分解 (when an earlier year exists), 八 生态补偿,
//! 九 数据质量与不确定性, 十 结论与建议, 附表.
//! Keys of the structure's own words are in `assets/i18n/report_structure.ron` (prefix `rs_`).
//!
//! Accounts should be computed with `Options::traces = true`, else the traces annex is empty.
//! Money is in 元 at the accounts' price year, shown per table in 万元 or 亿元 (`Scale`);
//! quantities in canonical units.

use std::ops::Deref;

use crate::engine::{Accounts, IndicatorAccount, Status};
use crate::format::{money_value, num};
use crate::i18n::{Lang, tf};
use crate::model::Project;
use crate::registry::{Category, Registry};
use crate::units::{MoneyUnit, Unit};
use crate::view::Labels;
use crate::view::labels;

use super::doc::{Block, Doc, Section, SectionKind};

mod analysis;
mod appendix_params;
mod appendix_traces;
mod comparison;
mod compensation;
mod conclusions;
mod cover;
mod decomposition;
mod esv;
mod formulas;
mod general;
mod land_use;
mod maps;
mod methods;
mod physical;
mod quality;
mod region;
mod sources;
mod values;
mod values_ecosystem;
mod values_totals;

/// One chapter of the report: its section, or `None` when it has nothing to show.
pub type Chapter = fn(&Cx) -> Option<Section>;

/// The report's chapters in order. To add one, write a module with
/// `pub fn section(cx: &Cx) -> Option<Section>` and list it here.
pub const CHAPTERS: &[Chapter] = &[
    cover::section,
    general::section,
    region::section,
    methods::section,
    physical::section,
    values::section,
    analysis::section,
    decomposition::section,
    compensation::section,
    quality::section,
    conclusions::section,
    appendix_params::section,
    appendix_traces::section,
];

/// The report of `accounts` in `lang`.
pub fn build(project: &Project, accounts: &Accounts, registry: &Registry, lang: Lang) -> Doc {
    let cx = Cx::new(project, accounts, registry, lang);
    let mut doc = Doc {
        lang,
        title: cx.title().to_string(),
        subject: project.meta.name.clone(),
        sections: CHAPTERS.iter().filter_map(|chapter| chapter(&cx)).collect(),
    };
    number(&mut doc);
    doc
}

/// Prefixes chapter, appendix and figure numbers.
fn number(doc: &mut Doc) {
    let lang = doc.lang;
    let (mut chapter, mut appendix, mut figure) = (0, 0, 0);
    for s in &mut doc.sections {
        match s.kind {
            SectionKind::Cover => {}
            SectionKind::Chapter => {
                chapter += 1;
                s.heading = tf(
                    lang,
                    "rpt_chapter_number",
                    &[
                        ("numeral", &chinese_numeral(chapter)),
                        ("n", &chapter.to_string()),
                        ("heading", &s.heading),
                    ],
                );
            }
            SectionKind::Appendix => {
                appendix += 1;
                s.heading = tf(
                    lang,
                    "rs_appendix_number",
                    &[("n", &appendix.to_string()), ("heading", &s.heading)],
                );
            }
        }
        for b in &mut s.blocks {
            if let Block::Figure(f) = b {
                figure += 1;
                f.caption = tf(
                    lang,
                    "rpt_figure_number",
                    &[("n", &figure.to_string()), ("caption", &f.caption)],
                );
            }
        }
    }
}

/// 1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (1–99).
fn chinese_numeral(n: u32) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let (tens, ones) = (n / 10 % 10, n % 10);
    let mut s = String::new();
    if tens > 1 {
        s.push_str(D[tens as usize]);
    }
    if tens > 0 {
        s.push('十');
    }
    if ones > 0 || tens == 0 {
        s.push_str(D[ones as usize]);
    }
    s
}

/// What every chapter reads: the accounts, and the names in the report language (`Labels`,
/// which `Cx` derefs to). `Cx` keeps only what is the report's own: its title, sections and
/// chart subtitles.
pub struct Cx<'a> {
    pub labels: Labels<'a>,
    pub accounts: &'a Accounts,
}

impl<'a> Cx<'a> {
    pub fn new(
        project: &'a Project,
        accounts: &'a Accounts,
        registry: &'a Registry,
        lang: Lang,
    ) -> Self {
        Cx {
            labels: Labels::new(project, registry, lang),
            accounts,
        }
    }
}

impl<'a> Deref for Cx<'a> {
    type Target = Labels<'a>;

    fn deref(&self) -> &Labels<'a> {
        &self.labels
    }
}

impl Cx<'_> {
    pub fn title(&self) -> &'static str {
        self.key("rpt_title")
    }

    pub fn wan_label(&self) -> &'static str {
        self.unit(Unit::WanYuan)
    }

    /// The accounts' framework by name.
    pub fn framework_name(&self) -> String {
        self.labels.framework_name(&self.accounts.framework)
    }

    /// Indicator ids in the engine's order.
    pub fn indicator_ids(&self) -> Vec<&str> {
        labels::indicator_ids(self.accounts)
    }

    /// The first county's account of an indicator (category and counted are the same in every
    /// county).
    pub fn any_account(&self, id: &str) -> Option<&IndicatorAccount> {
        labels::any_account(self.accounts, id)
    }

    pub fn counted(&self, id: &str) -> bool {
        labels::counted(&self.labels, self.accounts, id)
    }

    /// Counted in GEP and asked of this project (coastal protection is not asked of a
    /// project whose counties are all inland): an indicator whose missing data matters.
    pub fn asked(&self, id: &str) -> bool {
        self.counted(id)
            && !self
                .spec(id)
                .is_some_and(|s| crate::validate::inland_only(self.project, s))
    }

    pub fn category_of(&self, id: &str) -> Option<Category> {
        self.any_account(id)
            .map(|x| x.category)
            .or(self.spec(id).map(|s| s.category))
    }

    pub fn status_text(&self, s: &Status) -> &'static str {
        labels::status_text(self.lang, s)
    }

    /// "region · year · price year · unit" under a chart title.
    pub fn chart_subtitle(&self, unit: &str) -> String {
        let a = self.accounts;
        let mut s = self.keyf(
            "rpt_chart_subtitle",
            &[
                ("year", &a.year.to_string()),
                ("price_year", &a.price_year.to_string()),
                ("unit", unit),
                ("region", &self.project.meta.region),
            ],
        );
        if self.project.meta.illustrative {
            s.push_str(self.key("rpt_subtitle_illustrative"));
        }
        s
    }
}

pub use labels::indicator;

/// The mark of an unverified (U) parameter in the appendices' tables and in the note that
/// explains it.
pub const UNVERIFIED_MARK: &str = "⚠";

/// The money unit of one table: 亿元 when its largest amount reaches 10 亿元, else 万元; the
/// table's header says which.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    Wan,
    Yi,
}

impl Scale {
    /// The unit for a table of these amounts (元).
    pub fn of(amounts: impl IntoIterator<Item = f64>) -> Scale {
        let max = amounts.into_iter().fold(0.0_f64, |m, v| m.max(v.abs()));
        if max >= 1e9 { Scale::Yi } else { Scale::Wan }
    }

    /// The amount (元) in this unit, 2 decimals with separators.
    pub fn fmt(self, yuan: f64) -> String {
        match self {
            Scale::Wan => wan(yuan),
            Scale::Yi => yi(yuan),
        }
    }

    /// "万元" / "亿元" in the report language.
    pub fn unit(self, cx: &Cx) -> &'static str {
        cx.unit(match self {
            Scale::Wan => Unit::WanYuan,
            Scale::Yi => Unit::YiYuan,
        })
    }
}

/// 元 → 万元 with separators, 2 decimals.
pub fn wan(yuan: f64) -> String {
    money_value(yuan, MoneyUnit::WanYuan)
}

/// 元 → 亿元 with separators, 2 decimals (a report prints 亿元 as county reports do; the app's
/// 4 decimals are for checking entries).
pub fn yi(yuan: f64) -> String {
    num(MoneyUnit::YiYuan.from_yuan(yuan), 2)
}

/// A share as "12.3%", or "—".
pub fn pct(x: Option<f64>) -> String {
    x.map_or_else(|| "—".to_string(), |v| format!("{}%", num(v * 100.0, 1)))
}

/// `f(x)`, or "—" when there is no value.
pub fn opt(x: Option<f64>, f: impl Fn(f64) -> String) -> String {
    x.map_or_else(|| "—".to_string(), f)
}

/// Region GEP as printed in the overview table (万元, thousands separators, 2 decimals).
pub fn overview_gep_wan(accounts: &Accounts) -> String {
    wan(accounts.region.totals.gep)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals() {
        let got: Vec<String> = [1, 9, 10, 11, 12, 20, 21, 99]
            .into_iter()
            .map(chinese_numeral)
            .collect();
        assert_eq!(
            got,
            ["一", "九", "十", "十一", "十二", "二十", "二十一", "九十九"]
        );
    }
}
