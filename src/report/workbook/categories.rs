//! Sheet 4, 类别 Categories: category totals, imported deduction, market / non-market, memo items,
//! shares and ratios per county.
//!
//! Must not compute accounting numbers: it lays out the engine's.

use super::*;

pub(super) fn categories_sheet(cx: &Ctx) -> Res<Worksheet> {
    let a = cx.accounts;
    let st = &cx.st;
    let py = a.price_year;
    let title = &cx.title("各县区分类别核算结果", "Accounts by county and category");
    let note = &if cx.zh() {
        format!(
            "金额单位：万元（{py}年价格）；占比为占扣减前总值的比例；人均 GEP 单位为元/人，地均 GEP 为万元/km²。备查项不计入 GEP。"
        )
    } else {
        format!(
            "Money in 10⁴ CNY at {py} prices; shares are of the gross value before deduction; GEP per capita in CNY/person, per km² in 10⁴ CNY/km². Memo items are not in GEP."
        )
    };
    let hr = TITLED_HEADER;
    let money_cols: [(String, TotalsField); 9] = [
        (cx.money(&cx.category(Category::Material)), |t| t.material),
        (cx.money(&cx.category(Category::Regulating)), |t| {
            t.regulating
        }),
        (cx.money(&cx.category(Category::Cultural)), |t| t.cultural),
        (cx.money(cx.t("扣减前总值", "Gross value")), |t| {
            t.gross
        }),
        (
            cx.money(cx.t("扣减调入生态产品", "Imported deduction")),
            |t| t.imported_deduction,
        ),
        (cx.money("GEP"), |t| t.gep),
        (cx.money(cx.t("市场价值", "Market value")), |t| t.market),
        (cx.money(cx.t("非市场价值", "Non-market value")), |t| {
            t.non_market
        }),
        (
            cx.money(cx.t("备查项（不计入GEP）", "Memo items (not in GEP)")),
            |t| t.outside_framework,
        ),
    ];
    let mut hdr: Vec<String> = vec![
        cx.t("县区代码", "Code").into(),
        cx.t("县区", "County").into(),
    ];
    hdr.extend(money_cols.iter().map(|(h, _)| h.clone()));
    hdr.extend([
        cx.t("物质产品占比", "Material share").into(),
        cx.t("调节服务占比", "Regulating share").into(),
        cx.t("文化服务占比", "Cultural share").into(),
        cx.with_unit(
            cx.t("人均GEP", "GEP per capita"),
            cx.t("元/人", "CNY/person"),
        ),
        cx.with_unit(
            cx.t("地均GEP", "GEP per km²"),
            cx.t("万元/km²", "10⁴ CNY/km²"),
        ),
        "GEP/GDP".into(),
    ]);
    let refs: Vec<&str> = hdr.iter().map(String::as_str).collect();
    let mut s = Sheet::titled(cx.names[3], title, note, &refs, st, 2)?;
    let nm = money_cols.len();
    let ratio_cols = |r: &crate::engine::Ratios| {
        [
            (r.share_material, PCT),
            (r.share_regulating, PCT),
            (r.share_cultural, PCT),
            (r.gep_per_capita, INT),
            (r.gep_per_km2.map(wan), MONEY),
            (r.gep_per_gdp, RATIO),
        ]
    };
    let first = hr + 1;
    let mut r = first;
    let mut cols: Vec<Vec<f64>> = vec![Vec::new(); nm];
    for c in &a.counties {
        s.text(r, 0, &c.code, &st.text)?;
        s.text(r, 1, c.name_zh_or_en(cx.lang), &st.text)?;
        for (k, (_, get)) in money_cols.iter().enumerate() {
            let v = wan(get(&c.totals));
            let look = if k == nm - 1 { Look::Memo } else { Look::Plain };
            s.num(r, col(2 + k), v, &st.num(MONEY, look))?;
            cols[k].push(v);
        }
        for (k, (v, code)) in ratio_cols(&c.ratios).into_iter().enumerate() {
            s.opt_num(r, col(2 + nm + k), v, &st.num(code, Look::Plain))?;
        }
        r += 1;
    }
    s.text(r, 0, cx.t("合计", "Total"), &st.bold)?;
    s.text(r, 1, cx.t("（比率为区域值）", "(ratios: region)"), &st.bold)?;
    let total = st.num(MONEY, Look::Total);
    for (k, v) in cols.iter().enumerate() {
        if a.counties.is_empty() {
            s.num(r, col(2 + k), 0.0, &total)?;
        } else {
            s.sum_column(r, col(2 + k), first, r - 1, v, &total)?;
        }
    }
    for (k, (v, code)) in ratio_cols(&a.region.ratios).into_iter().enumerate() {
        s.opt_num(r, col(2 + nm + k), v, &st.num(code, Look::Total))?;
    }
    let mut ws = s.finish(Some(hr))?;
    ws.set_row_height(hr, 48)?;
    Ok(ws)
}
