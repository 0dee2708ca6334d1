//! Sheet 生态系统类型 "By ecosystem" (after 类别 Categories, only when a county is split by
//! ecosystem type): the table "GEP by ecosystem type" (`view::ecosystem`) of every split county
//! and of the region as one long table — county, ecosystem type (subtypes indented under their
//! type, then 未分生态系统类型 and 合计), the three categories and the total in 万元 — so a
//! reviewer can filter it by county.
//!
//! Must not compute accounting numbers: it lays out the view's rows, which are the engine's.

use rust_xlsxwriter::Worksheet;

use crate::i18n::{Lang, t};
use crate::units::MoneyUnit;
use crate::view::ecosystem::{self, EcoRowKind};

use super::sheet::{Look, MONEY, Sheet, TITLED_HEADER, col};
use super::{Ctx, Res, wan};

/// The sheet's name in `lang`.
pub fn sheet_name(lang: Lang) -> &'static str {
    t(lang, "ecov_wb_sheet")
}

/// The sheet, or `None` when no county is split.
pub(super) fn ecosystem_sheet(cx: &Ctx) -> Res<Option<Worksheet>> {
    let tables = ecosystem::tables(&cx.labels, cx.accounts);
    if tables.is_empty() {
        return Ok(None);
    }
    let st = &cx.st;
    let title = &cx.title(cx.key("ecov_table_title"));
    let note = &cx.keyf(
        "ecov_wb_note",
        &[
            ("price_year", &cx.accounts.price_year.to_string()),
            ("note", ecosystem::note(cx.lang)),
        ],
    );
    let heads = ecosystem::headers(&cx.labels, MoneyUnit::WanYuan);
    let mut hdr: Vec<&str> = vec![cx.key("wb_county")];
    hdr.extend(heads.iter().map(String::as_str));
    let mut s = Sheet::titled(sheet_name(cx.lang), title, note, &hdr, st, 2)?;
    let mut r = TITLED_HEADER + 1;
    for table in &tables {
        for row in &table.rows {
            let total = row.kind == EcoRowKind::Total;
            let (text, look) = match row.kind {
                EcoRowKind::Total => (&st.bold, Look::Total),
                EcoRowKind::Subtype => (&st.indent, Look::Plain),
                EcoRowKind::Type | EcoRowKind::NotSplit => (&st.text, Look::Plain),
            };
            s.text(r, 0, &table.name, if total { &st.bold } else { &st.text })?;
            s.text(r, 1, row.name.trim_start_matches('　').trim_start(), text)?;
            let f = st.num(MONEY, look);
            for (k, v) in [row.material, row.regulating, row.cultural]
                .into_iter()
                .enumerate()
            {
                if let Some(v) = v {
                    s.num(r, col(2 + k), wan(v), &f)?;
                }
            }
            s.num(r, 5, wan(row.total), &f)?;
            r += 1;
        }
    }
    Ok(Some(s.finish(Some(TITLED_HEADER))?))
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};

    use super::*;
    use crate::registry::Registry;
    use crate::report::workbook::write_workbook;
    use crate::view::ecosystem::fixture::{accounts, project};

    fn open(bytes: Vec<u8>) -> Xlsx<Cursor<Vec<u8>>> {
        match open_workbook_from_rs(Cursor::new(bytes)) {
            Ok(wb) => wb,
            Err(e) => panic!("calamine cannot open the workbook: {e}"),
        }
    }

    #[test]
    fn split_accounts_get_the_sheet_with_each_county_and_the_region() {
        let p = project();
        let a = accounts(&p);
        let bytes = write_workbook(&p, &a, Registry::builtin(), Lang::Zh).expect("writes");
        let mut wb = open(bytes);
        let names = wb.sheet_names();
        let at = names.iter().position(|n| n == "生态系统类型");
        let cat = names.iter().position(|n| n == "类别");
        assert_eq!(at, cat.map(|c| c + 1), "{names:?}");
        let range = wb.worksheet_range("生态系统类型").expect("sheet");
        let cell = |r: u32, c: u32| range.get_value((r, c)).cloned();
        let hr = TITLED_HEADER;
        assert_eq!(
            cell(hr, 3),
            Some(Data::String("调节服务（万元）".to_string()))
        );
        // 甲县: 森林, 其中针叶林, 其中竹林, 湿地, 未分, 合计; then the region's six rows.
        assert_eq!(cell(hr + 1, 0), Some(Data::String("甲县".into())));
        assert_eq!(cell(hr + 1, 3), Some(Data::Float(300.0)));
        assert_eq!(cell(hr + 2, 1), Some(Data::String("其中：针叶林".into())));
        assert_eq!(cell(hr + 2, 3), Some(Data::Float(200.0)));
        assert_eq!(cell(hr + 2, 5), Some(Data::Float(200.0)));
        assert_eq!(cell(hr + 6, 1), Some(Data::String("合计".into())));
        assert_eq!(cell(hr + 6, 5), Some(Data::Float(850.0)));
        assert_eq!(cell(hr + 7, 0), Some(Data::String("全区".into())));
        assert_eq!(cell(hr + 12, 5), Some(Data::Float(850.0)));
        assert!(matches!(cell(hr + 13, 0), None | Some(Data::Empty)));
    }

    #[test]
    fn unsplit_accounts_have_no_such_sheet() {
        let p = project();
        let a =
            crate::engine::compute(&p, Registry::builtin(), &crate::engine::Options::year(2020))
                .expect("computes");
        let bytes = write_workbook(&p, &a, Registry::builtin(), Lang::Zh).expect("writes");
        let wb = open(bytes);
        assert!(!wb.sheet_names().iter().any(|n| n == "生态系统类型"));
        assert_eq!(wb.sheet_names().len(), 9);
    }
}
