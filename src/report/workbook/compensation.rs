//! Sheet 9, 生态补偿 Compensation: the project's compensation scenario (`engine::compensation`) with
//! its formula, parameters and one row per county.
//!
//! Must not compute accounting numbers: it lays out the engine's.

use rust_xlsxwriter::{Format, FormatAlign, RowNum, Worksheet};

use crate::engine::compensation::scenario::{
    self, Detail, Opportunity, Outcome, RangeRow, factor_label,
};
use crate::engine::compensation::{Bound, FundAllocation, GrowthReward};

use super::sheet::{INT, Look, MONEY, Sheet, col, text_width};
use super::{Ctx, Res, wan};

/// The project's compensation scenario (`engine::compensation::scenario`): method, formula,
/// source, parameters, then one row per county with the amount, rank, ECPS, class, the
/// method's intermediate quantities and the plain-language sentence.
pub(super) fn compensation_sheet(cx: &Ctx) -> Res<Worksheet> {
    let st = &cx.st;
    let mut s = Sheet::new(cx.names[8])?;
    let set = &cx.project.compensation;
    let lang = cx.lang;
    s.label(
        0,
        0,
        &format!(
            "{}：{}",
            cx.title(cx.key("wb_comp_title")),
            Outcome::method_name(set.method, lang)
        ),
        &st.title,
    )?;
    let o = match scenario::run(cx.project, cx.registry, cx.accounts, set) {
        Ok(o) => o,
        Err(e) => {
            s.label(
                2,
                0,
                &cx.keyf("wb_comp_failed", &[("error", &e.message(lang))]),
                &st.banner,
            )?;
            return s.finish(None);
        }
    };
    let m = set.method;
    s.label(
        1,
        0,
        &cx.keyf(
            "wb_comp_formula_line",
            &[("formula", Outcome::formula(m, lang))],
        ),
        &st.note,
    )?;
    s.label(
        2,
        0,
        &cx.keyf("wb_comp_source_line", &[("source", o.run_source(lang))]),
        &st.note,
    )?;
    s.label(3, 0, Outcome::sign_convention(lang), &st.banner)?;
    let mut r: RowNum = 5;
    for (k, v) in o.parameters(cx.registry, lang) {
        s.text(r, 0, &k, &st.bold)?;
        s.label(r, 1, &v, &st.text)?;
        r += 1;
    }
    r += 1;
    let mut hdr: Vec<String> = vec![
        cx.key("wb_comp_code").into(),
        cx.key("wb_county").into(),
        cx.money(cx.key("wb_comp_amount")),
        cx.key("wb_comp_rank").into(),
        "ECPS".into(),
        cx.key("wb_comp_zone").into(),
    ];
    let (extra, bounds) = method_columns(cx, &o);
    for (h, ..) in &extra {
        hdr.push(h.clone());
    }
    let has_bounds = bounds.iter().any(Option::is_some);
    if has_bounds {
        hdr.push(cx.key("wb_comp_bound").into());
    }
    hdr.push(cx.key("wb_comp_summary").into());
    let refs: Vec<&str> = hdr.iter().map(String::as_str).collect();
    let hr = r;
    s.header(hr, 0, &refs, &st.header)?;
    let money = st.num(MONEY, Look::Plain);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let first = hr + 1;
    for (i, row) in o.rows.iter().enumerate() {
        let rr = first + RowNum::try_from(i).unwrap_or(RowNum::MAX - 1);
        s.text(rr, 0, &row.code, &st.text)?;
        s.text(rr, 1, row.name(lang), &st.text)?;
        s.opt_num(rr, 2, row.amount_yuan.map(wan), &money)?;
        s.opt_num(rr, 3, row.rank.map(|k| k as f64), &st.num(INT, Look::Plain))?;
        s.opt_num(rr, 4, row.ecps, &st.num("0.0000", Look::Plain))?;
        let class = row
            .class
            .map_or("—", |c| if cx.zh() { c.label_zh() } else { c.label_en() });
        s.text(rr, 5, class, &st.text)?;
        let mut c = 6usize;
        for (_, vals, fmt) in &extra {
            s.opt_num(rr, col(c), vals[i], &st.num(fmt, Look::Plain))?;
            c += 1;
        }
        if has_bounds {
            let b = match bounds[i] {
                Some(Bound::Lower) => cx.key("wb_comp_floor"),
                Some(Bound::Upper) => cx.key("wb_comp_cap"),
                None => "",
            };
            s.text(rr, col(c), b, &st.text)?;
            c += 1;
        }
        // Long sentences wrap in a wide column so the sheet prints legibly on A4.
        let sentence = o.sentence(i, cx.registry, lang);
        let lines = (text_width(&sentence) / 68.0).ceil().max(1.0);
        s.ws.set_row_height(rr, 15.0 * lines)?;
        s.label(rr, col(c), &sentence, &wrap)?;
        s.fit(col(c), 70.0);
    }
    if o.settings.method != crate::model::compensation::Method::Priority && !o.rows.is_empty() {
        let last = first + RowNum::try_from(o.rows.len() - 1).unwrap_or(RowNum::MAX - 2);
        let total_row = last + 1;
        s.text(total_row, 1, cx.key("wb_comp_total_net"), &st.bold)?;
        let cells: Vec<f64> = o
            .rows
            .iter()
            .filter_map(|x| x.amount_yuan.map(wan))
            .collect();
        s.sum_column(
            total_row,
            2,
            first,
            last,
            &cells,
            &st.num(MONEY, Look::Total),
        )?;
    }
    let mut ws = s.finish(Some(hr))?;
    ws.set_freeze_panes(hr + 1, 2)?;
    Ok(ws)
}

/// Method-specific columns: (header, value per row, number format).
type Column = (String, Vec<Option<f64>>, &'static str);

/// The method's intermediate quantities as columns, and which rows hit a floor or cap.
fn method_columns(cx: &Ctx, o: &Outcome) -> (Vec<Column>, Vec<Option<Bound>>) {
    let mut extra: Vec<Column> = Vec::new();
    let mut bounds: Vec<Option<Bound>> = vec![None; o.rows.len()];
    match &o.detail {
        Detail::Priority(p) => {
            extra.push((
                cx.money(cx.key("wb_non_market_value")),
                p.rows
                    .iter()
                    .map(|x| Some(wan(x.input.non_market_yuan)))
                    .collect(),
                MONEY,
            ));
            extra.push((
                cx.money("GDP"),
                p.rows.iter().map(|x| x.input.gdp_yuan.map(wan)).collect(),
                MONEY,
            ));
        }
        Detail::Spillover(sp) => {
            extra.push((
                cx.money(cx.key("wb_non_market_value")),
                sp.rows
                    .iter()
                    .map(|x| Some(wan(x.input.non_market_yuan)))
                    .collect(),
                MONEY,
            ));
            extra.push((
                cx.key("wb_comp_fair_share_w").into(),
                sp.rows.iter().map(|x| Some(x.share)).collect(),
                "0.0000%",
            ));
            extra.push((
                cx.money(cx.key("wb_comp_fair_share_value")),
                sp.rows
                    .iter()
                    .map(|x| Some(wan(sp.non_market_total_yuan * x.share)))
                    .collect(),
                MONEY,
            ));
            extra.push((
                cx.money(cx.key("wb_comp_spillover")),
                sp.rows
                    .iter()
                    .map(|x| Some(wan(x.spillover_yuan)))
                    .collect(),
                MONEY,
            ));
            extra.push((
                "r".into(),
                sp.rows.iter().map(|x| Some(x.r)).collect(),
                "0.000",
            ));
            extra.push((
                "k".into(),
                sp.rows.iter().map(|x| Some(x.k)).collect(),
                "0.000",
            ));
            bounds = sp.rows.iter().map(|x| x.clamped).collect();
        }
        Detail::Fund(f) => bounds = fund_columns(cx, f, &mut extra),
        Detail::Horizontal(h) => {
            let of = |code: &str| h.gravity.rows.iter().find(|g| g.target.code == code);
            extra.push((
                cx.key("wb_comp_distance_upstream").into(),
                o.rows
                    .iter()
                    .map(|r| of(&r.code).map(|g| g.target.distance))
                    .collect(),
                "#,##0.0",
            ));
            extra.push((
                cx.key("wb_comp_gravity_mass_m").into(),
                o.rows
                    .iter()
                    .map(|r| of(&r.code).map(|g| g.target.mass))
                    .collect(),
                MONEY,
            ));
            extra.push((
                cx.key("wb_comp_share").into(),
                o.rows
                    .iter()
                    .map(|r| of(&r.code).map(|g| g.share))
                    .collect(),
                "0.00%",
            ));
        }
        Detail::GrowthReward { reward, .. } => growth_columns(cx, reward, &mut extra),
        Detail::OpportunityCost(op) => opportunity_columns(cx, op, &mut extra),
        Detail::StandardRange(d) => {
            opportunity_columns(cx, &d.opportunity, &mut extra);
            let col = |f: &dyn Fn(&RangeRow) -> Option<f64>| -> Vec<Option<f64>> {
                d.rows.iter().map(|x| f(x).map(wan)).collect()
            };
            let lower = col(&|x| x.range.map(|r| r.lower_yuan));
            extra.push((cx.money(cx.key("std_wb_lower")), lower, MONEY));
            if d.from_year.is_some() {
                let a = col(&|x| x.esv_from_yuan);
                let b = col(&|x| x.esv_to_yuan);
                extra.push((cx.money(cx.key("std_wb_esv_from")), a, MONEY));
                extra.push((cx.money(cx.key("std_wb_esv_to")), b, MONEY));
            }
            let upper = col(&|x| Some(x.upper_yuan));
            extra.push((cx.money(cx.key("std_wb_upper")), upper, MONEY));
            let nb = col(&|x| x.range.map(|r| r.net_benefit_yuan));
            extra.push((cx.money(cx.key("std_wb_net_benefit")), nb, MONEY));
            let st = col(&|x| x.range.and_then(|r| r.standard_yuan));
            extra.push((cx.money(cx.key("std_wb_standard")), st, MONEY));
        }
    }
    (extra, bounds)
}

/// Opportunity cost: income gap, annuities and other annual costs per county.
fn opportunity_columns(cx: &Ctx, op: &Opportunity, extra: &mut Vec<Column>) {
    extra.push((
        cx.money(cx.key("cmpe_wb_income_gap")),
        op.rows
            .iter()
            .map(|x| x.income_gap.as_ref().map(|g| wan(g.total_yuan)))
            .collect(),
        MONEY,
    ));
    extra.push((
        cx.money(cx.key("cmpe_wb_annuities")),
        op.rows
            .iter()
            .map(|x| x.annuities.as_ref().map(|a| wan(a.total_yuan)))
            .collect(),
        MONEY,
    ));
    if op.rows.iter().any(|x| !x.other_costs.is_empty()) {
        extra.push((
            cx.money(cx.key("std_wb_other_costs")),
            op.rows
                .iter()
                .map(|x| {
                    (!x.other_costs.is_empty())
                        .then(|| wan(x.other_costs.iter().map(|c| c.amount_yuan).sum()))
                })
                .collect(),
            MONEY,
        ));
    }
}

/// Fund allocation: each factor's score and share, the formula share and amount, floor, cap
/// and deduction; returns the bound each row hit.
fn fund_columns(cx: &Ctx, f: &FundAllocation, extra: &mut Vec<Column>) -> Vec<Option<Bound>> {
    let lang = cx.lang;
    for (k, fac) in f.factors.iter().enumerate() {
        let label = factor_label(&fac.id, cx.registry, lang);
        extra.push((
            cx.keyf("wb_comp_score_column", &[("factor", &label)]),
            f.rows.iter().map(|x| Some(x.county.scores[k])).collect(),
            MONEY,
        ));
        extra.push((
            cx.keyf("wb_comp_share_column", &[("factor", &label)]),
            f.rows
                .iter()
                .map(|x| {
                    (f.factor_totals[k] > 0.0).then(|| x.county.scores[k] / f.factor_totals[k])
                })
                .collect(),
            "0.00%",
        ));
    }
    extra.push((
        cx.key("wb_comp_formula_share").into(),
        f.rows.iter().map(|x| Some(x.formula_share)).collect(),
        "0.00%",
    ));
    extra.push((
        cx.money(cx.key("wb_comp_formula_amount")),
        f.rows.iter().map(|x| Some(wan(x.formula_yuan))).collect(),
        MONEY,
    ));
    extra.push((
        cx.money(cx.key("wb_comp_floor_header")),
        f.rows.iter().map(|x| x.county.floor.map(wan)).collect(),
        MONEY,
    ));
    extra.push((
        cx.money(cx.key("wb_comp_cap_header")),
        f.rows.iter().map(|x| x.county.cap.map(wan)).collect(),
        MONEY,
    ));
    extra.push((
        cx.key("wb_comp_deduction").into(),
        f.rows
            .iter()
            .map(|x| (x.county.deduction > 0.0).then_some(x.county.deduction))
            .collect(),
        "0%",
    ));
    f.rows.iter().map(|x| x.bound).collect()
}

/// GEP-growth reward: GEP of both periods at constant prices and the two parts of the reward.
fn growth_columns(cx: &Ctx, reward: &GrowthReward, extra: &mut Vec<Column>) {
    extra.push((
        cx.money(cx.key("wb_comp_gep_previous")),
        reward
            .rows
            .iter()
            .map(|x| Some(wan(x.input.gep_prev_yuan)))
            .collect(),
        MONEY,
    ));
    extra.push((
        cx.money(cx.key("wb_comp_gep_this")),
        reward
            .rows
            .iter()
            .map(|x| Some(wan(x.input.gep_now_yuan)))
            .collect(),
        MONEY,
    ));
    extra.push((
        cx.money(cx.key("wb_comp_growth_part")),
        reward
            .rows
            .iter()
            .map(|x| Some(wan(x.growth_part_yuan)))
            .collect(),
        MONEY,
    ));
    extra.push((
        cx.money(cx.key("wb_comp_regulating_share_part")),
        reward
            .rows
            .iter()
            .map(|x| Some(wan(x.share_part_yuan)))
            .collect(),
        MONEY,
    ));
}
