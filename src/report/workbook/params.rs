//! Sheet 6, 参数 Parameters: every parameter used with value, unit, price year, index, index factor,
//! source, verification tag and override flag (U rows shaded); the price-index values used.
//!
//! Must not compute accounting numbers: it lays out the engine's.

use super::*;

pub(super) fn params_sheet(cx: &Ctx) -> Res<Worksheet> {
    let a = cx.accounts;
    let st = &cx.st;
    let title = &cx.title(
        "参数与价格（本次核算实际使用）",
        "Parameters and prices used",
    );
    let note = &if cx.zh() {
        format!(
            "橙色底的行为未核验（U）的默认值，使用前请核对来源或在项目中覆盖。核验标记：V = 已核对原文；V-sec = 经引用原文的二手文献核对；D = 由已核验数据推导；U = 未核验。指数因子 = I({})/I(参数价格年)。",
            a.price_year
        )
    } else {
        format!(
            "Rows shaded orange are unverified (U) defaults: check the source or override them in the project. Tags: V = read in the cited source; V-sec = read in a secondary source applying it; D = derived from verified values; U = unverified. Index factor = I({})/I(parameter price year).",
            a.price_year
        )
    };
    let hr = TITLED_HEADER;
    let mut s = Sheet::titled(
        cx.names[5],
        title,
        note,
        &[
            cx.t("参数代码", "Parameter id"),
            cx.t("名称", "Name"),
            cx.t("数值", "Value"),
            cx.t("单位", "Unit"),
            cx.t("价格年份", "Price year"),
            cx.t("价格指数", "Price index"),
            cx.t("指数因子", "Index factor"),
            cx.t("来源", "Source"),
            cx.t("核验标记", "Tag"),
            cx.t("项目覆盖", "Overridden"),
        ],
        st,
        1,
    )?;
    let mut r = hr + 1;
    for p in &a.params_used {
        let u = p.tag.is_unverified();
        let look = if u { Look::Unverified } else { Look::Plain };
        let tf = if u {
            Format::new().set_background_color(Color::RGB(UNVERIFIED_FILL))
        } else {
            Format::new()
        };
        s.text(r, 0, &p.id, &tf)?;
        let name = if cx.zh() || p.name_en.is_empty() {
            &p.name_zh
        } else {
            &p.name_en
        };
        s.text(r, 1, name, &tf)?;
        match p.value {
            Some(v) => s.num(r, 2, v, &st.num(general_format(v), look))?,
            None => s.text(r, 2, "—", &tf.clone().set_align(FormatAlign::Right))?,
        }
        s.text(r, 3, cx.unit(p.unit), &tf.clone().set_indent(1))?;
        match p.price_year {
            Some(y) => s.num(r, 4, f64::from(y), &st.num(YEAR, look))?,
            None => s.text(r, 4, "", &tf)?,
        }
        // The index only applies to prices.
        let priced = p.price_year.is_some();
        s.text(r, 5, if priced { &p.index } else { "" }, &tf)?;
        let factor = priced.then(|| index_factor_of(a, &p.id)).flatten();
        match factor {
            Some(f) => s.num(r, 6, f, &st.num("0.0000", look))?,
            None => s.text(r, 6, "", &tf)?,
        }
        s.text(r, 7, &p.source, &tf)?;
        let tag_f = if u {
            tf.clone().set_bold().set_font_color(Color::RGB(RED))
        } else {
            tf.clone()
        };
        s.text(r, 8, p.tag.label(), &tag_f)?;
        s.text(
            r,
            9,
            if p.overridden {
                cx.t("是", "yes")
            } else {
                cx.t("否", "no")
            },
            &tf,
        )?;
        r += 1;
    }
    if a.params_used.is_empty() {
        s.label(r, 0, cx.t("（无）", "(none)"), &st.note)?;
        r += 1;
    }
    r += 1;

    // Price-index values behind the index factors.
    let mut wanted: BTreeSet<(&str, i32)> = BTreeSet::new();
    for p in &a.params_used {
        if let Some(y) = p.price_year {
            wanted.insert((&p.index, y));
            wanted.insert((&p.index, a.price_year));
        }
    }
    if !wanted.is_empty() {
        s.label(
            r,
            0,
            cx.t("价格指数（折算所用年份）", "Price index values used"),
            &st.section,
        )?;
        r += 1;
        // Same columns as the parameter table where the meaning matches (value, source, tag).
        s.header(
            r,
            0,
            &[
                cx.t("序列", "Series"),
                cx.t("名称", "Name"),
                cx.t("指数值", "Index value"),
                cx.t("基期", "Base"),
                cx.t("年份", "Year"),
            ],
            &st.header,
        )?;
        s.header(
            r,
            7,
            &[cx.t("来源", "Source"), cx.t("核验标记", "Tag")],
            &st.header,
        )?;
        r += 1;
        for (id, year) in wanted {
            let series = cx
                .project
                .price_indices
                .iter()
                .find(|x| x.id == id)
                .or_else(|| cx.registry.price_index(id));
            let u = series.is_some_and(|x| x.tag.is_unverified());
            let look = if u { Look::Unverified } else { Look::Plain };
            let tf = if u {
                Format::new().set_background_color(Color::RGB(UNVERIFIED_FILL))
            } else {
                Format::new()
            };
            s.text(r, 0, id, &tf)?;
            s.text(r, 1, series.map_or("", |x| x.name.get(cx.lang)), &tf)?;
            s.opt_num(
                r,
                2,
                series.and_then(|x| x.values.get(&year).copied()),
                &st.num("#,##0.0##", look),
            )?;
            s.text(r, 3, series.map_or("", |x| x.base.as_str()), &tf)?;
            s.num(r, 4, f64::from(year), &st.num(YEAR, look))?;
            s.text(r, 7, series.map_or("", |x| x.source.as_str()), &tf)?;
            s.text(r, 8, series.map_or("", |x| x.tag.label()), &tf)?;
            r += 1;
        }
    }
    s.ws.autofilter(hr, 0, hr + a.params_used.len().max(1) as RowNum, 9)?;
    let mut ws = s.finish(Some(hr))?;
    ws.set_column_width(7, 60)?;
    ws.set_row_height(hr, 32)?;
    Ok(ws)
}

/// The price-index factor applied to a parameter (the same in every trace step using it).
pub(super) fn index_factor_of(a: &Accounts, id: &str) -> Option<f64> {
    a.counties
        .iter()
        .flat_map(|c| &c.indicators)
        .filter_map(|i| i.trace.as_ref())
        .flat_map(|t| &t.steps)
        .find_map(|s| match &s.origin {
            Origin::Param {
                param,
                index_factor,
                ..
            } if &*param.id == id => Some(*index_factor),
            _ => None,
        })
}
