//! 封面 / Title page: the report's title with region and year, then region, accounting year,
//! framework, price year, 编制单位 and report date, and the illustrative notice. Nothing else:
//! the framework's sources go to 总则, the project's notes to 数据质量.
//!
//! A report goes upward under its compiler's name and a date, so both rows are always there:
//! a 编制单位 not yet entered reads as such, with where to enter it; a report date not entered
//! is the day of the export (`SOURCE_DATE_EPOCH`, the reproducible-builds convention, fixes
//! that day when set).

use super::Cx;
use crate::report::doc::{Block, NoteKind, Section, SectionKind};

pub fn section(cx: &Cx) -> Option<Section> {
    let a = cx.accounts;
    let meta = &cx.project.meta;
    let mut s = Section::new("cover", SectionKind::Cover, cover_title(cx));
    let mut rows = vec![
        (cx.key("rpt_cover_region").into(), meta.region.clone()),
        (
            cx.key("rpt_cover_accounting_year").into(),
            a.year.to_string(),
        ),
        (cx.key("rpt_cover_framework").into(), cx.framework_name()),
        (
            cx.key("rpt_cover_price_year").into(),
            cx.keyf(
                "rpt_cover_price_year_value",
                &[("price_year", &a.price_year.to_string())],
            ),
        ),
    ];
    rows.retain(|(_, v)| !v.is_empty());
    let organisation = if meta.organisation.is_empty() {
        cx.key("rs_cover_org_missing").to_string()
    } else {
        meta.organisation.clone()
    };
    rows.push((cx.key("prj_organisation").into(), organisation));
    let date = if meta.report_date.is_empty() {
        let (y, m, d) = export_day();
        cx.keyf(
            "rs_cover_date_value",
            &[
                ("y", &y.to_string()),
                ("m", &m.to_string()),
                ("d", &d.to_string()),
            ],
        )
    } else {
        meta.report_date.clone()
    };
    rows.push((cx.key("rs_prj_report_date").into(), date));
    s.push(Block::KeyValues(rows));
    if meta.illustrative {
        s.push(Block::Note(
            NoteKind::Warning,
            cx.key("rpt_cover_illustrative_note").into(),
        ));
    }
    Some(s)
}

/// "江西省抚州市 2022 年生态产品总值（GEP）核算报告" (the plain title without a region).
pub fn cover_title(cx: &Cx) -> String {
    let region = &cx.project.meta.region;
    if region.is_empty() {
        return cx.title().to_string();
    }
    cx.keyf(
        "rs_cover_title",
        &[("region", region), ("year", &cx.accounts.year.to_string())],
    )
}

/// The day of the export (UTC+8, China's civil time), or of `SOURCE_DATE_EPOCH` when set.
fn export_day() -> (i64, u32, u32) {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    civil_from_days((secs + 8 * 3600).div_euclid(86_400))
}

/// Proleptic Gregorian (year, month, day) of a count of days since 1970-01-01 (the
/// days-from-civil inverse of H. Hinnant's "chrono-compatible low-level date algorithms").
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::civil_from_days;

    #[test]
    fn days_to_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        // 2000-02-29 (a leap day in a century leap year) is day 11,016.
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        // 2026-12-05 is day 20,792; the day before 1970 is 1969-12-31.
        assert_eq!(civil_from_days(20_792), (2026, 12, 5));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }
}
