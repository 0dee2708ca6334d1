//! 附录 B 计算过程 / Appendix B. Calculation traces: per county × indicator the formula and
//! every step with its origin, source and verification tag.

use super::{Cx, wan};
use crate::engine::{IndicatorAccount, Origin, Status};
use crate::format::{auto, num};
use crate::report::doc::{
    Block, Column, NoteKind, Row, RowStyle, Section, SectionKind, Table, Trace,
};

pub fn section(cx: &Cx) -> Option<Section> {
    let a = cx.accounts;
    let mut s = cx.section(
        "appendix-traces",
        SectionKind::Appendix,
        "计算过程",
        "Calculation traces",
    );
    s.push(Block::Note(
        NoteKind::Info,
        if cx.zh() {
            format!(
                "每个县区、每个指标的公式与计算项：数值为换算到规范单位和 {} 年价格后的值。",
                a.price_year
            )
        } else {
            format!(
                "Formula and every term per county and indicator; values in canonical units at {} prices.",
                a.price_year
            )
        },
    ));
    let columns = vec![
        Column::nowrap(cx.t("符号", "Symbol")),
        Column::number(cx.t("数值", "Value")),
        Column::nowrap(cx.t("单位", "Unit")),
        Column::nowrap(cx.t("来源类型", "Origin")),
        Column::text(cx.t("说明", "Detail")),
        Column::text(cx.t("出处", "Source")),
        Column::nowrap(cx.t("核验", "Tag")),
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
                    cx.t("（备查）", " (memo)")
                },
                cx.method_name(&ind.id, &tr.method),
                value
            );
            let rows = tr
                .steps
                .iter()
                .map(|st| {
                    let (kind, detail, source, tag) = origin_text(cx, &ind.id, &st.origin);
                    let style = if tag.starts_with('⚠') {
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
                formula: if cx.zh() {
                    tr.formula_zh
                } else {
                    tr.formula_en
                }
                .to_string(),
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

/// (kind, name and detail, source, tag) of one trace step's origin.
fn origin_text(cx: &Cx, indicator: &str, o: &Origin) -> (String, String, String, String) {
    let zh = cx.zh();
    let (kind, name, source, tag) = match o {
        Origin::Input {
            id,
            entered,
            entered_unit,
        } => (
            cx.t("输入", "input"),
            format!(
                "{} ({id}); {} {entered} {}",
                cx.input_name(indicator, id),
                cx.t("录入", "entered"),
                cx.unit(*entered_unit)
            ),
            String::new(),
            String::new(),
        ),
        Origin::InputAbsent { id } => (
            cx.t("输入", "input"),
            format!(
                "{} ({id}); {}",
                cx.input_name(indicator, id),
                cx.t("未填，按 0 计", "left empty, counts as 0")
            ),
            String::new(),
            String::new(),
        ),
        Origin::Param {
            param,
            index_factor,
            unit_factor,
        } => {
            let mut d = format!("{} ({})", cx.param_name(param), param.id);
            if let Some(v) = param.value {
                d.push_str(&format!(
                    "; {} {v} {}",
                    cx.t("原值", "value"),
                    cx.unit(param.unit)
                ));
            }
            if let Some(y) = param.price_year {
                d.push_str(&if zh {
                    format!("；{y} 年价格 × 价格指数系数 {}", num(*index_factor, 4))
                } else {
                    format!("; {y} prices × index factor {}", num(*index_factor, 4))
                });
            }
            if *unit_factor != 1.0 {
                d.push_str(&format!(
                    "; {} {}",
                    cx.t("单位换算系数", "unit factor"),
                    num(*unit_factor, 4)
                ));
            }
            if param.overridden {
                d.push_str(cx.t("；项目覆盖值", "; project override"));
            }
            let tag = if param.tag.is_unverified() {
                format!("⚠ {}", param.tag.label())
            } else {
                param.tag.label().to_string()
            };
            (cx.t("参数", "parameter"), d, param.source.to_string(), tag)
        }
        Origin::LandCover { class } => (
            cx.t("地类", "land cover"),
            format!("{} ({class})", cx.land_class_name(class)),
            String::new(),
            String::new(),
        ),
        Origin::County { field } => (
            cx.t("县区属性", "county"),
            (*field).to_string(),
            String::new(),
            String::new(),
        ),
        Origin::Constant => (
            cx.t("常数", "constant"),
            String::new(),
            String::new(),
            String::new(),
        ),
        Origin::Product {
            name,
            price_year,
            index_factor,
            source,
        } => (
            cx.t("产品", "product"),
            if zh {
                format!("{name}；{price_year} 年价格 × {}", num(*index_factor, 4))
            } else {
                format!("{name}; {price_year} prices × {}", num(*index_factor, 4))
            },
            source.to_string(),
            String::new(),
        ),
        Origin::OutputValue {
            basis,
            price_year,
            index_factor,
            source,
        } => (
            cx.t("产值", "output value"),
            {
                let basis = match *basis {
                    "gross" => cx.t("总产值", "gross output value"),
                    "net" => cx.t("净产值", "net output value"),
                    other => other,
                };
                if zh {
                    format!("{basis}；{price_year} 年价格 × {}", num(*index_factor, 4))
                } else {
                    format!("{basis}; {price_year} prices × {}", num(*index_factor, 4))
                }
            },
            source.to_string(),
            String::new(),
        ),
        Origin::Indicator { id } => (
            cx.t("指标", "indicator"),
            format!("{} ({id})", cx.indicator_name(id)),
            String::new(),
            String::new(),
        ),
        Origin::Result => (
            cx.t("结果", "result"),
            String::new(),
            String::new(),
            String::new(),
        ),
    };
    (kind.to_string(), name, source, tag)
}
