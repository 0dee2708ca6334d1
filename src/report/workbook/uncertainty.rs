//! Sheet 不确定性分析 Uncertainty (only when the project asks for it,
//! `engine::uncertainty::requested`): the Monte Carlo of the project's settings — draws, seed,
//! what was drawn — then the region and one row per county with the point value, median, 5 %
//! and 95 % of GEP, each category and the compensation amount (万元), then the parameters drawn
//! in the tornado's order with region GEP at their 5 % and 95 % points.
//!
//! Must not compute accounting numbers: it lays out the engine's.

use rust_xlsxwriter::{RowNum, Worksheet};

use crate::engine::uncertainty::{self, Bands, Interval};
use crate::view::uncertainty as vu;

use super::sheet::{Look, MONEY, Sheet};
use super::{Ctx, Res, wan};

pub(super) fn uncertainty_sheet(cx: &Ctx) -> Res<Option<Worksheet>> {
    if !uncertainty::requested(cx.project) || cx.accounts.counties.is_empty() {
        return Ok(None);
    }
    let st = &cx.st;
    let lang = cx.lang;
    let mut s = Sheet::new(cx.key("mc_sheet"))?;
    s.label(0, 0, &cx.title(cx.key("mc_heading")), &st.title)?;
    let res = match uncertainty::run_for_report(
        cx.project,
        cx.registry,
        cx.accounts.year,
        &cx.accounts.framework,
    ) {
        Ok(r) => r,
        Err(e) => {
            s.label(2, 0, &e.message(lang), &st.banner)?;
            return s.finish(None).map(Some);
        }
    };
    let mut r: RowNum = 1;
    for line in vu::summary(&res, lang) {
        s.label(r, 0, &line, &st.note)?;
        r += 1;
    }
    r += 1;
    let comp = res.compensation_draws > 0;
    let mut head = vec![cx.key("mc_col_name").to_string()];
    use crate::registry::Category;
    let names = [
        ("GEP".to_string(), true),
        (cx.category(Category::Material), true),
        (cx.category(Category::Regulating), true),
        (cx.category(Category::Cultural), true),
        (cx.key("mc_col_compensation_short").to_string(), comp),
    ];
    for (name, shown) in names {
        if !shown {
            continue;
        }
        for k in ["mc_wb_point", "mc_median", "mc_col_p5", "mc_col_p95"] {
            head.push(cx.money(&format!("{name} {}", cx.key(k))));
        }
    }
    let header_row = r;
    let cols: Vec<&str> = head.iter().map(String::as_str).collect();
    s.header(r, 0, &cols, &st.header)?;
    r += 1;
    let plain = st.num(MONEY, Look::Plain);
    let total = st.num(MONEY, Look::Total);
    let row = |s: &mut Sheet,
               r: RowNum,
               name: &str,
               b: &Bands,
               c: Option<&Interval>,
               total_row: bool|
     -> Res {
        s.text(r, 0, name, if total_row { &st.bold } else { &st.text })?;
        let f = if total_row { &total } else { &plain };
        let mut col = 1;
        let mut ivs = vec![
            Some(&b.gep),
            Some(&b.material),
            Some(&b.regulating),
            Some(&b.cultural),
        ];
        if comp {
            ivs.push(c);
        }
        for iv in ivs {
            for v in match iv {
                Some(iv) => [iv.point, iv.median, iv.p5, iv.p95].map(Some),
                None => [None; 4],
            } {
                s.opt_num(r, col, v.map(wan), f)?;
                col += 1;
            }
        }
        Ok(())
    };
    for c in &res.counties {
        let name = match lang {
            crate::i18n::Lang::En if !c.name_en.is_empty() => c.name_en.as_str(),
            _ => c.name_zh.as_str(),
        };
        row(&mut s, r, name, &c.bands, c.compensation.as_ref(), false)?;
        r += 1;
    }
    row(
        &mut s,
        r,
        cx.key("mc_region"),
        &res.region,
        res.region_compensation.as_ref(),
        true,
    )?;
    r += 2;
    s.label(r, 0, cx.key("mc_params_table"), &st.section)?;
    r += 1;
    let mut ph = vu::param_headers(lang);
    ph.push(cx.money(cx.key("mc_wb_gep_at_p5")));
    ph.push(cx.money(cx.key("mc_wb_gep_at_p95")));
    let cols: Vec<&str> = ph.iter().map(String::as_str).collect();
    s.header(r, 0, &cols, &st.header)?;
    r += 1;
    for (words, id) in vu::param_rows(&res, lang).into_iter().zip(param_ids(&res)) {
        for (c, w) in (0..).zip(&words) {
            s.text(r, c, w, &st.text)?;
        }
        let bar = res.tornado.iter().find(|b| b.id == id);
        let c = words.len() as u16;
        s.opt_num(r, c, bar.map(|b| wan(b.gep_low)), &plain)?;
        s.opt_num(r, c + 1, bar.map(|b| wan(b.gep_high)), &plain)?;
        r += 1;
    }
    s.finish(Some(header_row)).map(Some)
}

/// Parameter ids in the order of `vu::param_rows`.
fn param_ids(res: &uncertainty::McResult) -> Vec<String> {
    let rank = |id: &str| {
        res.tornado
            .iter()
            .position(|b| b.id == id)
            .unwrap_or(usize::MAX)
    };
    let mut ps: Vec<_> = res.params.iter().collect();
    ps.sort_by_key(|p| rank(&p.id));
    ps.iter().map(|p| p.id.clone()).collect()
}
