//! 八、数据质量与不确定性 / Data quality and uncertainty: how far the parameters are verified
//! (their tags, the data tiers), which indicators each county fed, the unverified (U)
//! parameters, the quality-control checks of the accounts (climate regulation's share, the
//! double counting of carbon and oxygen and of water), the problems met while computing, the
//! sensitivity of GEP to each large indicator, and the project's own notes.

use super::analysis::indicators_by_value;
use super::{Cx, Scale, UNVERIFIED_MARK, indicator, pct};
use crate::engine::Status;
use crate::format::num;
use crate::registry::Tag;
use crate::report::doc::{Block, Column, NoteKind, Row, RowStyle, Section, SectionKind, Table};

/// Indicators listed in the sensitivity table.
const SENSITIVITY_ROWS: usize = 8;
/// A change of this fraction in an indicator's price or quantity (the sensitivity table).
const STEP: f64 = 0.1;

pub fn section(cx: &Cx) -> Option<Section> {
    let mut s = Section::new(
        "quality",
        SectionKind::Chapter,
        cx.key("rs_quality_heading"),
    );
    s.push(Block::Heading(cx.key("rs_quality_tiers_heading").into()));
    s.push(Block::Para(cx.key("rs_quality_tiers_intro").into()));
    s.table(cx.key("rs_tab_tiers"), tiers_table(cx));
    s.push(Block::Para(cx.key("rs_quality_coverage_intro").into()));
    s.table(cx.key("rs_tab_coverage"), coverage_table(cx));
    unverified(cx, &mut s);
    s.push(Block::Heading(cx.key("rs_quality_checks_heading").into()));
    s.push(Block::List(checks(cx)));
    problems(cx, &mut s);
    sensitivity(cx, &mut s);
    let notes = notes_in_language(&cx.project.meta.notes, cx.zh());
    if !notes.is_empty() {
        s.push(Block::Heading(cx.key("rs_quality_notes_heading").into()));
        for p in notes {
            s.push(Block::Para(p.to_string()));
        }
    }
    Some(s)
}

/// Parameters used by verification tag: tag, meaning, count.
fn tiers_table(cx: &Cx) -> Table {
    let params = &cx.accounts.params_used;
    let rows = [
        (Tag::V, "rs_tag_v"),
        (Tag::VSec, "rs_tag_vsec"),
        (Tag::D, "rs_tag_d"),
        (Tag::U, "rs_tag_u"),
    ]
    .into_iter()
    .map(|(tag, key)| {
        let n = params.iter().filter(|p| p.tag == tag).count();
        Row::new(
            if tag.is_unverified() && n > 0 {
                RowStyle::Unverified
            } else {
                RowStyle::Normal
            },
            [
                tag.label().to_string(),
                cx.key(key).to_string(),
                n.to_string(),
            ],
        )
    })
    .collect();
    Table {
        columns: vec![
            Column::nowrap(cx.key("rpt_tag")),
            Column::text(cx.key("rs_quality_tag_meaning")),
            Column::number(cx.key("rs_quality_param_count")),
        ],
        rows,
        stub: 1,
    }
}

/// Per indicator counted in GEP and asked of the project: counties computed, not entered, incomplete or failed.
fn coverage_table(cx: &Cx) -> Table {
    let mut rows = Vec::new();
    for id in cx.indicator_ids() {
        if !cx.asked(id) {
            continue;
        }
        let (mut done, mut absent, mut short) = (0, 0, 0);
        for c in &cx.accounts.counties {
            match indicator(c, id).map(|a| &a.status) {
                Some(Status::Computed) => done += 1,
                Some(Status::NotEntered) | None => absent += 1,
                Some(_) => short += 1,
            }
        }
        rows.push(Row::new(
            if absent + short > 0 {
                RowStyle::Unverified
            } else {
                RowStyle::Normal
            },
            [
                cx.indicator_name(id),
                done.to_string(),
                absent.to_string(),
                short.to_string(),
            ],
        ));
    }
    Table {
        columns: vec![
            Column::text(cx.key("rpt_indicator")),
            Column::number(cx.key("rs_quality_computed")),
            Column::number(cx.key("rs_quality_not_entered")),
            Column::number(cx.key("rs_quality_incomplete")),
        ],
        rows,
        stub: 1,
    }
}

/// The unverified parameters by name, value and source, or the sentence that there are none.
fn unverified(cx: &Cx, s: &mut Section) {
    s.push(Block::Heading(cx.key("rs_quality_u_heading").into()));
    let u: Vec<_> = cx
        .accounts
        .params_used
        .iter()
        .filter(|p| p.tag.is_unverified())
        .collect();
    if u.is_empty() {
        s.push(Block::Para(cx.key("rs_quality_no_u").into()));
        return;
    }
    s.push(Block::Note(
        NoteKind::Warning,
        cx.keyf(
            "rs_quality_u_note",
            &[("n", &u.len().to_string()), ("mark", UNVERIFIED_MARK)],
        ),
    ));
    s.push(Block::TableCaption(cx.key("rs_tab_unverified").into()));
    s.push(Block::Table(Table {
        columns: vec![
            Column::text(cx.key("rpt_parameter")),
            Column::number(cx.key("rpt_value")),
            Column::nowrap(cx.key("rpt_unit")),
            Column::text(cx.key("rpt_source")),
        ],
        rows: u
            .iter()
            .map(|p| {
                Row::new(
                    RowStyle::Unverified,
                    [
                        cx.param_name(p).to_string(),
                        p.value.map_or_else(|| "—".to_string(), |v| v.to_string()),
                        cx.unit(p.unit).to_string(),
                        p.source.get(cx.lang).to_string(),
                    ],
                )
            })
            .collect(),
        stub: 1,
    }));
}

/// The quality-control checks of the accounts, each with its result in figures.
fn checks(cx: &Cx) -> Vec<String> {
    let a = cx.accounts;
    let value = |id: &str| {
        a.region
            .by_indicator
            .iter()
            .find(|(i, _)| &**i == id)
            .map_or(0.0, |(_, v)| *v)
    };
    let gep = a.region.totals.gep;
    let mut out = Vec::new();
    // Climate regulation above half of GEP is the reviewers' most common objection.
    if cx.counted("climate_regulation") && gep > 0.0 {
        let share = value("climate_regulation") / gep;
        let over: Vec<String> = a
            .counties
            .iter()
            .filter(|c| {
                c.totals.gep > 0.0
                    && indicator(c, "climate_regulation")
                        .is_some_and(|x| x.value > 0.5 * c.totals.gep)
            })
            .map(|c| cx.county(c))
            .collect();
        let mut line = cx.keyf(
            if share > 0.5 {
                "rs_check_climate_over"
            } else {
                "rs_check_climate_ok"
            },
            &[("share", &pct(Some(share)))],
        );
        if !over.is_empty() {
            line.push_str(&cx.keyf(
                "rs_check_climate_counties",
                &[("names", &over.join(cx.key("rs_list_sep")))],
            ));
        }
        out.push(line);
    }
    let pair = |a_id: &str, b_id: &str, both: &'static str, one: &'static str| {
        let (x, y) = (cx.counted(a_id), cx.counted(b_id));
        if x && y {
            Some(cx.keyf(
                both,
                &[
                    ("a", &cx.indicator_name(a_id)),
                    ("b", &cx.indicator_name(b_id)),
                ],
            ))
        } else if cx.spec(a_id).is_some() && cx.spec(b_id).is_some() {
            Some(cx.keyf(
                one,
                &[
                    ("a", &cx.indicator_name(a_id)),
                    ("b", &cx.indicator_name(b_id)),
                ],
            ))
        } else {
            None
        }
    };
    out.extend(pair(
        "carbon_sequestration",
        "oxygen_release",
        "rs_check_carbon_both",
        "rs_check_carbon_ok",
    ));
    out.extend(pair(
        "water_conservation",
        "water_supply",
        "rs_check_water_both",
        "rs_check_water_ok",
    ));
    out.push(cx.keyf(
        "rs_check_prices",
        &[("price_year", &a.price_year.to_string())],
    ));
    out
}

/// The problems the engine met, by county and indicator.
fn problems(cx: &Cx, s: &mut Section) {
    let a = cx.accounts;
    if a.problems.is_empty() {
        return;
    }
    s.push(Block::Heading(
        cx.key("rpt_overview_problems_met_while_computing").into(),
    ));
    let items = a
        .problems
        .iter()
        .map(|p| {
            let msg = if cx.zh() {
                &p.message_zh
            } else {
                &p.message_en
            };
            let county = p
                .county
                .as_deref()
                .and_then(|code| a.counties.iter().find(|c| c.code == code))
                .map(|c| cx.county(c));
            let ind = p.indicator.as_deref().map(|i| cx.indicator_name(i));
            let head: Vec<String> = county.into_iter().chain(ind).collect();
            if head.is_empty() {
                msg.to_string()
            } else {
                format!("{}{}{msg}", head.join(" · "), cx.key("rs_colon"))
            }
        })
        .collect();
    s.push(Block::List(items));
}

/// GEP's change when each large indicator's price (or quantity) changes by 10 %: its share of
/// GEP × 10 %, since GEP is a sum of price × quantity terms.
fn sensitivity(cx: &Cx, s: &mut Section) {
    let gep = cx.accounts.region.totals.gep;
    let list = indicators_by_value(cx);
    if gep <= 0.0 || list.is_empty() {
        return;
    }
    s.push(Block::Heading(
        cx.key("rs_quality_sensitivity_heading").into(),
    ));
    s.push(Block::Para(cx.keyf(
        "rs_quality_sensitivity_intro",
        &[("step", &num(STEP * 100.0, 0))],
    )));
    let scale = Scale::of(list.iter().map(|x| x.1 * STEP));
    let rows = list
        .iter()
        .take(SENSITIVITY_ROWS)
        .map(|(id, v)| {
            Row::plain([
                cx.indicator_name(id),
                pct(Some(v / gep)),
                scale.fmt(v * STEP),
                pct(Some(v / gep * STEP)),
            ])
        })
        .collect();
    s.push(Block::TableCaption(cx.key("rs_tab_sensitivity").into()));
    s.push(Block::Table(Table {
        columns: vec![
            Column::text(cx.key("rpt_indicator")),
            Column::number(cx.key("rs_share_of_gep")),
            Column::number(cx.with_unit(cx.key("rs_quality_delta_gep"), scale.unit(cx))),
            Column::number(cx.key("rs_quality_delta_share")),
        ],
        rows,
        stub: 1,
    }));
}

/// The paragraphs of the project's notes written in the report's language (a note typed in
/// both languages, paragraph by paragraph, prints the right half); all of them when none is.
pub fn notes_in_language(notes: &str, zh: bool) -> Vec<&str> {
    let paras: Vec<&str> = notes
        .split('\n')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let chinese = |p: &str| {
        let cjk = p
            .chars()
            .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
            .count();
        let latin = p.chars().filter(char::is_ascii_alphabetic).count();
        cjk * 2 >= latin
    };
    let mine: Vec<&str> = paras.iter().copied().filter(|p| chinese(p) == zh).collect();
    if mine.is_empty() { paras } else { mine }
}

#[cfg(test)]
mod tests {
    use super::notes_in_language;

    #[test]
    fn notes_keep_the_paragraphs_of_the_report_language() {
        let notes = "示例数据，面积为近似值（约 12 亿 m³）。\nIllustrative data, approximate areas (about 1.2 bn m³ at 洪门水库).";
        assert_eq!(
            notes_in_language(notes, true),
            ["示例数据，面积为近似值（约 12 亿 m³）。"]
        );
        assert_eq!(
            notes_in_language(notes, false),
            ["Illustrative data, approximate areas (about 1.2 bn m³ at 洪门水库)."]
        );
        // A note in one language only prints in both reports.
        assert_eq!(notes_in_language("仅中文说明", false), ["仅中文说明"]);
    }
}
