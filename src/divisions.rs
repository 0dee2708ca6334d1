//! The bundled list of China's county-level administrative divisions (GB/T 2260 codes).
//!
//! Owns the parsing of `assets/divisions/counties.csv` (code, name, prefecture, province; one
//! row per county-level unit, plus the four prefecture-level cities that have no counties,
//! listed under their own `xxxx00` code) and the look-ups the project wizard and the CLI need:
//! one code, the counties under a code prefix (`36` a province, `3610` a prefecture), the
//! provinces and the prefectures of a province. Source, version and licence are in
//! `assets/divisions/README.md`. Pure data: no model, no UI.

use std::sync::OnceLock;

const COUNTIES_CSV: &str = include_str!("../assets/divisions/counties.csv");

/// One county-level unit of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Division {
    /// 6-digit GB/T 2260 code.
    pub code: &'static str,
    pub name: &'static str,
    /// Name of the prefecture-level unit (the province's name for the counties of a
    /// municipality; 省直辖县级行政区划 for counties directly under a province).
    pub prefecture: &'static str,
    pub province: &'static str,
}

impl Division {
    /// The 4-digit prefecture prefix of the code.
    pub fn prefecture_code(&self) -> &'static str {
        &self.code[..4]
    }

    /// The 2-digit province prefix of the code.
    pub fn province_code(&self) -> &'static str {
        &self.code[..2]
    }
}

/// Every unit of the list, sorted by code.
pub fn all() -> &'static [Division] {
    static LIST: OnceLock<Vec<Division>> = OnceLock::new();
    LIST.get_or_init(|| parse(COUNTIES_CSV))
}

/// Rows of `code,name,prefecture,province` after a header line; malformed rows are skipped
/// (the bundled file has none: a unit test reads every line).
fn parse(text: &'static str) -> Vec<Division> {
    let mut list: Vec<Division> = text
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut f = line.trim_end_matches('\r').split(',');
            let d = Division {
                code: f.next()?,
                name: f.next()?,
                prefecture: f.next()?,
                province: f.next()?,
            };
            let ok = d.code.len() == 6 && d.code.bytes().all(|b| b.is_ascii_digit());
            ok.then_some(d)
        })
        .collect();
    list.sort_by_key(|d| d.code);
    list
}

/// The unit with this code, if the list has it.
pub fn find(code: &str) -> Option<&'static Division> {
    let list = all();
    list.binary_search_by(|d| d.code.cmp(code))
        .ok()
        .map(|i| &list[i])
}

/// Whether `code` is a county-level code of the list.
pub fn is_known(code: &str) -> bool {
    find(code).is_some()
}

/// The units whose code starts with `prefix` (digits only; `3610` → the 11 counties of 抚州市,
/// `36` → every county of 江西省, a full code → that unit, empty → all).
pub fn with_prefix(prefix: &str) -> Vec<&'static Division> {
    // Trailing zeros of a full-length prefecture or province code (`361000`, `360000`) are
    // dropped so that both spellings work.
    let p = prefix.trim();
    let p = if p.len() == 6 && !is_known(p) {
        p.trim_end_matches("00").trim_end_matches("00")
    } else {
        p
    };
    all().iter().filter(|d| d.code.starts_with(p)).collect()
}

/// The region the listed units share: province and prefecture (`江西省抚州市`), the province
/// alone when they span prefectures (or for a municipality), empty when they span provinces or
/// none is in the list. Codes not in the list are ignored.
pub fn region_of<'a>(codes: impl IntoIterator<Item = &'a str>) -> String {
    let known: Vec<&Division> = codes.into_iter().filter_map(find).collect();
    let Some(first) = known.first() else {
        return String::new();
    };
    if known.iter().all(|d| d.prefecture == first.prefecture) && first.prefecture != first.province
    {
        format!("{}{}", first.province, first.prefecture)
    } else if known.iter().all(|d| d.province == first.province) {
        first.province.to_string()
    } else {
        String::new()
    }
}

/// Provinces as (2-digit code, name), by code.
pub fn provinces() -> Vec<(&'static str, &'static str)> {
    let mut out: Vec<(&str, &str)> = all()
        .iter()
        .map(|d| (d.province_code(), d.province))
        .collect();
    out.dedup();
    out
}

/// Prefecture-level units of a province as (4-digit code, name), by code.
pub fn prefectures(province: &str) -> Vec<(&'static str, &'static str)> {
    let mut out: Vec<(&str, &str)> = all()
        .iter()
        .filter(|d| d.province_code() == province)
        .map(|d| (d.prefecture_code(), d.prefecture))
        .collect();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_of_the_bundled_file_parses() {
        let rows = COUNTIES_CSV.lines().skip(1).filter(|l| !l.is_empty());
        assert_eq!(rows.count(), all().len());
        assert!(all().len() > 2800, "{}", all().len());
    }

    #[test]
    fn fuzhou_has_its_eleven_counties() {
        let fz = with_prefix("3610");
        let codes: Vec<&str> = fz.iter().map(|d| d.code).collect();
        assert_eq!(
            codes,
            [
                "361002", "361003", "361021", "361022", "361023", "361024", "361025", "361026",
                "361027", "361028", "361030"
            ]
        );
        assert!(
            fz.iter()
                .all(|d| d.prefecture == "抚州市" && d.province == "江西省")
        );
        assert_eq!(find("361028").map(|d| d.name), Some("资溪县"));
        assert_eq!(with_prefix("361000").len(), 11);
    }

    #[test]
    fn region_of_names_the_shared_prefecture_or_province() {
        assert_eq!(region_of(["361002", "361028", "361099"]), "江西省抚州市");
        assert_eq!(region_of(["361028", "360102"]), "江西省");
        assert_eq!(region_of(["110101", "110102"]), "北京市");
        assert_eq!(region_of(["361028", "110101"]), "");
        assert_eq!(region_of(["999999"]), "");
    }

    #[test]
    fn unknown_codes_are_not_found() {
        assert!(find("361099").is_none());
        assert!(!is_known("abc"));
        assert!(is_known("110101"));
    }

    #[test]
    fn hierarchy_lists_provinces_and_prefectures() {
        let p = provinces();
        assert!(p.contains(&("36", "江西省")));
        assert_eq!(p.len(), 31, "{p:?}");
        let pref = prefectures("36");
        assert_eq!(pref.len(), 11, "{pref:?}");
        assert!(pref.contains(&("3610", "抚州市")));
        // Municipalities list their districts under the city's own name.
        assert!(prefectures("11").iter().all(|(_, n)| *n == "北京市"));
        // A prefecture-level city without counties is its own unit.
        assert_eq!(find("441900").map(|d| d.name), Some("东莞市"));
    }
}
