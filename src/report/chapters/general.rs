//! 一、总则 / General provisions: purpose, basis (the framework's standard and the
//! publications the methods follow), scope, accounting period and price base, and the
//! technical route of the accounts.

use super::Cx;
use crate::format::num;
use crate::report::doc::{Block, Section, SectionKind};

pub fn section(cx: &Cx) -> Option<Section> {
    let a = cx.accounts;
    let region = region_name(cx);
    let year = a.year.to_string();
    let mut s = Section::new(
        "general",
        SectionKind::Chapter,
        cx.key("rs_general_heading"),
    );

    s.push(Block::Heading(cx.key("rs_general_purpose_heading").into()));
    s.push(Block::Para(cx.keyf(
        "rs_general_purpose",
        &[("region", &region), ("year", &year)],
    )));

    s.push(Block::Heading(cx.key("rs_general_basis_heading").into()));
    s.push(Block::Para(cx.key("rs_general_basis_intro").into()));
    s.push(Block::List(basis(cx)));

    s.push(Block::Heading(cx.key("rs_general_scope_heading").into()));
    let counted = cx
        .indicator_ids()
        .iter()
        .filter(|id| cx.counted(id))
        .count();
    s.push(Block::Para(cx.keyf(
        "rs_general_scope",
        &[
            ("region", &region),
            ("n", &a.counties.len().to_string()),
            ("km2", &num(a.region.land_area_hm2 / 100.0, 2)),
            ("framework", &cx.framework_name()),
            ("k", &counted.to_string()),
        ],
    )));

    s.push(Block::Heading(cx.key("rs_general_period_heading").into()));
    let mut period = cx.keyf(
        "rs_general_period",
        &[("year", &year), ("price_year", &a.price_year.to_string())],
    );
    if a.price_year != a.year {
        period.push_str(&cx.keyf(
            "rs_general_constant_prices",
            &[("price_year", &a.price_year.to_string())],
        ));
    }
    s.push(Block::Para(period));

    s.push(Block::Heading(cx.key("rs_general_route_heading").into()));
    s.push(Block::Para(cx.key("rs_general_route").into()));
    Some(s)
}

/// The region as the text names it: the project's region, else its name.
pub fn region_name(cx: &Cx) -> String {
    let m = &cx.project.meta;
    if m.region.is_empty() {
        m.name.clone()
    } else {
        m.region.clone()
    }
}

/// The framework's standard, then each distinct standard or publication the counted
/// indicators cite, without the verification remarks that accompany them in the registry.
fn basis(cx: &Cx) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |c: String| {
        if !c.is_empty() && !out.iter().any(|o| o == &c) {
            out.push(c);
        }
    };
    if let Some(f) = cx.registry.framework(&cx.accounts.framework) {
        add(citation(f.source.get(cx.lang)));
    }
    for id in cx.indicator_ids() {
        if let Some(spec) = cx.spec(id).filter(|_| cx.counted(id)) {
            publications(spec.clause.get(cx.lang))
                .into_iter()
                .for_each(&mut add);
        }
    }
    out
}

/// The cited works of a clause text: each part between top-level "；" / "; " that names a
/// year, from its last top-level "，" / ", " on (what precedes is the method's name), without
/// verification tags. Remarks without a year are not works and are skipped.
pub fn publications(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in top_level_split(text, &['；', ';']) {
        let has_year = part
            .as_bytes()
            .windows(4)
            .any(|w| w.iter().all(u8::is_ascii_digit) && (w[0] == b'1' || w[0] == b'2'));
        if !has_year {
            continue;
        }
        let pieces = top_level_split(part, &['，', ',']);
        let work = pieces
            .iter()
            .rev()
            .find(|p| {
                p.as_bytes()
                    .windows(4)
                    .any(|w| w.iter().all(u8::is_ascii_digit))
            })
            .copied()
            .unwrap_or(part);
        let c = citation(work);
        if !c.is_empty() {
            out.push(c);
        }
    }
    out
}

/// `text` split at the characters `at` that are outside brackets, each part trimmed.
fn top_level_split<'t>(text: &'t str, at: &[char]) -> Vec<&'t str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0_i32, 0);
    for (i, c) in text.char_indices() {
        match c {
            '（' | '(' | '《' | '［' | '[' | '〔' => depth += 1,
            '）' | ')' | '》' | '］' | ']' | '〕' => depth -= 1,
            _ if depth <= 0 && at.contains(&c) => {
                out.push(text[start..i].trim());
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    out.push(text[start..].trim());
    out.retain(|p| !p.is_empty());
    out
}

/// The citation at the head of a source text: up to the first "；" / "; " outside brackets
/// (what follows are remarks on how far it was checked), without a trailing bracketed tag
/// such as "［二手核实］" or "[U]".
pub fn citation(text: &str) -> String {
    let head = top_level_split(text, &['；', ';'])
        .into_iter()
        .next()
        .unwrap_or("");
    let mut head = head.trim();
    loop {
        let before = head;
        for tag in TAGS {
            head = head.trim_end_matches(tag).trim_end();
        }
        if head == before {
            break;
        }
    }
    head.to_string()
}

/// The registry's verification tags, which are the workbook's and the app's, not the reader's.
const TAGS: [&str; 6] = [
    "［二手核实］",
    "［未经核实］",
    "[V-sec]",
    "[U]",
    "[V]",
    "[D]",
];

/// `text` without verification tags anywhere in it ("公式形式为推导 [D]" → "公式形式为推导").
pub fn without_tags(text: &str) -> String {
    let mut s = text.to_string();
    for tag in TAGS {
        s = s.replace(&format!(" {tag}"), "").replace(tag, "");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::citation;

    #[test]
    fn citations_lose_their_verification_remarks() {
        assert_eq!(
            citation(
                "GB/T 46869—2025《生态系统评估》（国家市场监督管理总局；2025-12-31 发布并实施）；定义经新闻报道核实；全表未经核实"
            ),
            "GB/T 46869—2025《生态系统评估》（国家市场监督管理总局；2025-12-31 发布并实施）"
        );
        assert_eq!(
            citation("GB/T 46869—2025 附录 A.7（生物量法）［二手核实］"),
            "GB/T 46869—2025 附录 A.7（生物量法）"
        );
        assert_eq!(
            citation("DB36/T 1402—2021 (Jiangxi AMR); existence and TOC verified"),
            "DB36/T 1402—2021 (Jiangxi AMR)"
        );
    }

    #[test]
    fn tags_are_removed_anywhere() {
        assert_eq!(
            super::without_tags("扣减 30–50%；公式形式为推导 [D]"),
            "扣减 30–50%；公式形式为推导"
        );
        assert_eq!(super::without_tags("a [U]; b［未经核实］c"), "a; bc");
    }

    #[test]
    fn publications_are_the_works_a_clause_cites() {
        use super::publications;
        assert_eq!(
            publications(
                "国家发展改革委、国家统计局 2022（发改基础〔2022〕481号） / GB/T 46869—2025［未经核实］；RWEQ，Peng 等 2017（生态学报，doi:10.5846/x）；不在国家默认清单中（与水源涵养重复计算）"
            ),
            [
                "国家发展改革委、国家统计局 2022（发改基础〔2022〕481号） / GB/T 46869—2025",
                "Peng 等 2017（生态学报，doi:10.5846/x）",
            ]
        );
        assert_eq!(
            publications(
                "water balance, Garzê-2017 (白玛卓嘎 等, 生态学报 37(19)); WaterCons-2017 (龚诗涵 等, 生态学报 2017)"
            ),
            [
                "Garzê-2017 (白玛卓嘎 等, 生态学报 37(19))",
                "WaterCons-2017 (龚诗涵 等, 生态学报 2017)",
            ]
        );
    }
}
