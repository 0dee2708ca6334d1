//! The title page: project, region, year, framework, price year, illustrative notice.

use super::Cx;
use crate::report::doc::{Block, NoteKind, Section, SectionKind};

pub fn section(cx: &Cx) -> Option<Section> {
    let a = cx.accounts;
    let meta = &cx.project.meta;
    let mut s = Section::new("cover", SectionKind::Cover, cx.title());
    s.push(Block::KeyValues(vec![
        (cx.t("项目", "Project").into(), meta.name.clone()),
        (cx.t("核算区域", "Region").into(), meta.region.clone()),
        (
            cx.t("核算年份", "Accounting year").into(),
            a.year.to_string(),
        ),
        (cx.t("核算框架", "Framework").into(), cx.framework_name()),
        (
            cx.t("价格基准年", "Price year").into(),
            if cx.zh() {
                format!("{} 年价格", a.price_year)
            } else {
                format!("{} prices", a.price_year)
            },
        ),
        (
            cx.t("县区数", "Counties").into(),
            a.counties.len().to_string(),
        ),
    ]));
    if let Some(f) = cx.registry.framework(&a.framework) {
        s.push(Block::Note(
            NoteKind::Info,
            format!("{}{}", cx.t("框架依据：", "Framework source: "), f.source),
        ));
    }
    if meta.illustrative {
        s.push(Block::Note(
            NoteKind::Warning,
            cx.t(
                "示例数据：本报告中的输入数据为示意性数据，仅用于演示核算方法，不得用于决策。",
                "Illustrative data: the inputs of this report are illustrative, for demonstrating \
                 the accounting method only; not for decisions.",
            )
            .into(),
        ));
    }
    if !meta.notes.is_empty() {
        s.push(Block::Para(meta.notes.clone()));
    }
    s.push(Block::Note(
        NoteKind::Info,
        cx.t(
            "由 gep-calc 离线生成。金额为核算价格基准年价格；未核验（U）参数在附录中标出。",
            "Generated offline by gep-calc. Money at the prices of the price year; unverified (U) \
             parameters are marked in the appendix.",
        )
        .into(),
    ));
    Some(s)
}
