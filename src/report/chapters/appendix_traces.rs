//! 附录 B 计算过程 / Appendix B. Calculation traces: per county × indicator the formula and
//! every step with its origin, source and verification tag.

use super::{Cx, UNVERIFIED_MARK, wan};
use crate::engine::{IndicatorAccount, Status};
use crate::format::{auto, num};
use crate::report::doc::{
    Block, Column, NoteKind, Row, RowStyle, Section, SectionKind, Table, Trace,
};
use crate::view::trace::{self, Kind, OriginWords};

pub fn section(cx: &Cx) -> Option<Section> {
    let a = cx.accounts;
    let mut s = Section::new(
        "appendix-traces",
        SectionKind::Appendix,
        cx.key("rpt_appx_traces_heading"),
    );
    s.push(Block::Note(
        NoteKind::Info,
        cx.keyf(
            "rpt_appx_traces_note",
            &[("price_year", &a.price_year.to_string())],
        ),
    ));
    let columns = vec![
        Column::nowrap(cx.key("rpt_appx_traces_symbol")),
        Column::number(cx.key("rpt_value")),
        Column::nowrap(cx.key("rpt_unit")),
        Column::nowrap(cx.key("rpt_appx_traces_origin")),
        Column::text(cx.key("rpt_appx_traces_detail")),
        Column::text(cx.key("rpt_appx_traces_source")),
        Column::nowrap(cx.key("rpt_tag")),
    ];
    for c in &a.counties {
        let traced: Vec<&IndicatorAccount> =
            c.indicators.iter().filter(|i| i.trace.is_some()).collect();
        if traced.is_empty() {
            continue;
        }
        s.push(Block::Heading(format!("{} ({})", cx.county(c), c.code)));
        for ind in traced {
            let Some(tr) = &ind.trace else { continue };
            let value = if ind.status == Status::Computed {
                format!("{} {}", wan(ind.value), cx.wan_label())
            } else {
                cx.status_text(&ind.status).to_string()
            };
            let title = format!(
                "{}{} — {} = {}",
                cx.indicator_name(&ind.id),
                if ind.counted {
                    ""
                } else {
                    cx.key("rpt_memo_mark")
                },
                cx.method_name(&ind.id, &tr.method),
                value
            );
            let rows = trace::steps(cx, &ind.id, tr)
                .iter()
                .map(|st| {
                    let (kind, detail, source, tag) = origin_text(cx, &st.origin);
                    let style = if tag.starts_with(UNVERIFIED_MARK) {
                        RowStyle::Unverified
                    } else {
                        RowStyle::Normal
                    };
                    Row::new(
                        style,
                        [
                            st.symbol.to_string(),
                            auto(st.value),
                            cx.unit(st.unit).to_string(),
                            kind,
                            detail,
                            source,
                            tag,
                        ],
                    )
                })
                .collect();
            s.push(Block::Trace(Trace {
                title,
                formula: trace::formula(cx, tr).to_string(),
                steps: Table {
                    columns: columns.clone(),
                    rows,
                    stub: 1,
                },
            }));
        }
    }
    Some(s)
}

/// (kind, name and detail, source, tag) of one trace step's origin, in one detail cell.
fn origin_text(cx: &Cx, o: &OriginWords) -> (String, String, String, String) {
    let f4 = |f: Option<f64>| num(f.unwrap_or(1.0), 4);
    let year = |y: Option<i32>| y.map_or_else(String::new, |y| y.to_string());
    let id = o.id.unwrap_or_default();
    let name = match o.kind {
        Kind::Input => {
            let (v, u) = o
                .entered
                .map_or((String::new(), ""), |(v, u)| (v.to_string(), cx.unit(u)));
            cx.keyf(
                "rpt_trace_input",
                &[("name", &o.name), ("id", id), ("v", &v), ("u", u)],
            )
        }
        Kind::InputAbsent => cx.keyf("rpt_trace_absent", &[("name", &o.name), ("id", id)]),
        Kind::Param => param_detail(cx, o),
        // The id helps an English-reading reviewer match the workbook; the Chinese report
        // names only (no ids in Chinese text).
        Kind::LandCover | Kind::Indicator => match cx.lang {
            crate::i18n::Lang::Zh => o.name.clone(),
            crate::i18n::Lang::En => format!("{} ({id})", o.name),
        },
        Kind::Product | Kind::OutputValue => {
            let mut d = cx.keyf(
                "rpt_trace_priced",
                &[
                    ("name", &o.name),
                    ("y", &year(o.price_year)),
                    ("f", &f4(o.index_factor)),
                ],
            );
            if let Some(n) = &o.pricing_note {
                d.push_str(cx.key("lbl_price_sep"));
                d.push_str(n);
            }
            d
        }
        Kind::EnteredValue => {
            let (v, u) = o
                .entered
                .map_or((String::new(), ""), |(v, u)| (v.to_string(), cx.unit(u)));
            cx.keyf(
                "inp_rpt_trace_entered",
                &[
                    ("name", &o.name),
                    ("v", &v),
                    ("u", u),
                    ("y", &year(o.price_year)),
                    ("f", &f4(o.index_factor)),
                ],
            )
        }
        Kind::County | Kind::Constant | Kind::Part | Kind::Result => o.name.clone(),
    };
    let tag = match o.tag {
        Some(t) if t.is_unverified() => format!("{UNVERIFIED_MARK} {}", t.label()),
        Some(t) => t.label().to_string(),
        None => String::new(),
    };
    (o.kind_word.to_string(), name, o.source.to_string(), tag)
}

/// "name (id, English only); value v unit; price year × index factor; unit factor; project override".
fn param_detail(cx: &Cx, o: &OriginWords) -> String {
    let mut d = match cx.lang {
        crate::i18n::Lang::Zh => o.name.clone(),
        crate::i18n::Lang::En => format!("{} ({})", o.name, o.id.unwrap_or_default()),
    };
    let Some(param) = o.param else { return d };
    if let Some(v) = param.value {
        d.push_str(&cx.keyf(
            "rpt_trace_param_value",
            &[("v", &v.to_string()), ("u", cx.unit(param.unit))],
        ));
    }
    if let Some(words) = &o.statutory {
        // Nominal: the rate's words and its law stand in for a price year and index factor.
        for w in [Some(words), o.law.as_ref()].into_iter().flatten() {
            d.push_str(cx.key("lbl_price_sep"));
            d.push_str(w);
        }
    } else if let Some(y) = o.price_year {
        d.push_str(&cx.keyf(
            "rpt_trace_param_year",
            &[
                ("y", &y.to_string()),
                ("f", &num(o.index_factor.unwrap_or(1.0), 4)),
            ],
        ));
    }
    if o.unit_factor != 1.0 {
        d.push_str(&cx.keyf("rpt_trace_unit_factor", &[("f", &num(o.unit_factor, 4))]));
    }
    if o.overridden {
        d.push_str(cx.key("rpt_trace_overridden"));
    }
    d
}
