//! Number formatting for views and reports: thousands separators, money in 元 / 万元 / 亿元, areas in
//! hm² / km² / 亩. Conversion to display units happens only here and in exports. Also the one
//! number parser ([`parse_number_text`]) that the app and the importer both read numbers with.

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;
use crate::units::{MoneyUnit, Unit};

/// `1234567.891` → `"1,234,567.89"` with `decimals` digits.
pub fn num(v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return "—".into();
    }
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (s, None),
    };
    let mut out = String::with_capacity(int.len() + int.len() / 3 + 4);
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(&f);
    }
    // Avoid "-0.00".
    if v < 0.0 && out.chars().any(|c| c.is_ascii_digit() && c != '0') {
        out.insert(0, '-');
    }
    out
}

/// Money (元) in the chosen unit, with the unit symbol.
pub fn money(yuan: f64, unit: MoneyUnit, lang: Lang) -> String {
    format!(
        "{} {}",
        num(unit.from_yuan(yuan), money_decimals(unit)),
        unit.unit().symbol(lang)
    )
}

/// Money (元) in the chosen unit, without the unit symbol.
pub fn money_value(yuan: f64, unit: MoneyUnit) -> String {
    num(unit.from_yuan(yuan), money_decimals(unit))
}

pub fn money_decimals(unit: MoneyUnit) -> usize {
    match unit {
        MoneyUnit::Yuan => 0,
        MoneyUnit::WanYuan => 2,
        MoneyUnit::YiYuan => 4,
    }
}

/// A quantity with a sensible number of decimals for its size.
pub fn quantity(v: f64, unit: Unit, lang: Lang) -> String {
    format!("{} {}", auto(v), unit.symbol(lang))
}

/// Decimals chosen by magnitude.
pub fn auto(v: f64) -> String {
    let a = v.abs();
    let d = if a >= 1000.0 {
        0
    } else if a >= 10.0 {
        2
    } else if a >= 0.01 || a == 0.0 {
        3
    } else {
        6
    };
    num(v, d)
}

/// Area display unit (land cover page toggle).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum AreaUnit {
    #[default]
    Hm2,
    Km2,
    Mu,
}

impl AreaUnit {
    pub fn unit(self) -> Unit {
        match self {
            AreaUnit::Hm2 => Unit::Hm2,
            AreaUnit::Km2 => Unit::Km2,
            AreaUnit::Mu => Unit::Mu,
        }
    }

    /// hm² → this unit.
    pub fn from_hm2(self, v: f64) -> f64 {
        v / self.unit().factor()
    }

    /// this unit → hm².
    pub fn to_hm2(self, v: f64) -> f64 {
        v * self.unit().factor()
    }
}

/// Texts that mean “no value” in statistical tables (“—” = no data).
pub const BLANK_TEXTS: &[&str] = &["-", "--", "—", "——", "–", "/", "…", "……"];

/// A text that is not a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotANumber;

/// Which separators may sit inside a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grouping {
    /// Typed by a person in the app: every `,`, `，` and space inside the number is dropped.
    Lenient,
    /// A cell of an imported file: a comma only between groups of three digits
    /// (“1,234,567.8”), so that a decimal comma written abroad (“1,5”) is reported instead of
    /// read as 15; no spaces inside.
    Strict,
}

/// The one number parser, for the app and the importer: full-width digits, `．`, `，` and `－`
/// and the minus sign `−` read as ASCII; empty text and the blank texts of statistical tables
/// (`—`, `-`, `/`, `…`) are `Ok(None)`; NaN and infinities are not numbers. `grouping` says
/// which thousands separators are allowed.
pub fn parse_number_text(s: &str, grouping: Grouping) -> Result<Option<f64>, NotANumber> {
    let t: String = s
        .trim()
        .chars()
        .map(|c| match c {
            '\u{FF10}'..='\u{FF19}' | '\u{FF0E}' | '\u{FF0C}' | '\u{FF0D}' => {
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            '\u{2212}' => '-',
            _ => c,
        })
        .collect();
    if t.is_empty() || BLANK_TEXTS.contains(&t.as_str()) {
        return Ok(None);
    }
    let t = match grouping {
        Grouping::Lenient => t.replace([',', ' ', '\u{3000}'], ""),
        Grouping::Strict if has_thousands_separators(&t) => t.replace(',', ""),
        Grouping::Strict => t,
    };
    let plain = t.chars().all(|c| c.is_ascii_digit() || "+-.eE".contains(c));
    match t.parse::<f64>() {
        Ok(v) if plain && v.is_finite() => Ok(Some(v)),
        _ => Err(NotANumber),
    }
}

/// “1,234,567.8”: groups of three digits after the first.
fn has_thousands_separators(t: &str) -> bool {
    let int = t.split('.').next().unwrap_or("");
    let int = int.strip_prefix('-').unwrap_or(int);
    let mut groups = int.split(',');
    let first = groups.next().unwrap_or("");
    let rest: Vec<&str> = groups.collect();
    !rest.is_empty()
        && (1..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_digit())
        && rest
            .iter()
            .all(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()))
}

/// Parses a number typed by a user: thousands separators, full-width digits and spaces allowed;
/// `None` when blank or not a number.
pub fn parse_number(s: &str) -> Option<f64> {
    parse_number_text(s, Grouping::Lenient).ok().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(num(1_234_567.891, 2), "1,234,567.89");
        assert_eq!(num(999.0, 0), "999");
        assert_eq!(num(-1000.5, 1), "-1,000.5");
        assert_eq!(num(-0.001, 2), "0.00");
        assert_eq!(
            money(3.67e11, MoneyUnit::YiYuan, Lang::Zh),
            "3,670.0000 亿元"
        );
        assert_eq!(
            money(12_345.0, MoneyUnit::WanYuan, Lang::En),
            "1.23 10⁴ CNY"
        );
    }

    #[test]
    fn parses_what_users_type() {
        assert_eq!(parse_number("1,234.5"), Some(1234.5));
        assert_eq!(parse_number("１２３"), Some(123.0));
        assert_eq!(parse_number(" 7 "), Some(7.0));
        assert_eq!(parse_number("abc"), None);
        assert_eq!(parse_number("NaN"), None);
        assert_eq!(parse_number("inf"), None);
        assert_eq!(parse_number(""), None);
        // Accepted by the app before the importer's rules were folded in: still the same value.
        assert_eq!(parse_number("1,5"), Some(15.0));
        assert_eq!(parse_number("1 234"), Some(1234.0));
        assert_eq!(parse_number("1，234．5"), Some(1234.5));
        assert_eq!(parse_number("１２\u{3000}３"), Some(123.0));
        assert_eq!(parse_number("－2"), Some(-2.0));
        // From the importer: the minus sign and blank texts.
        assert_eq!(parse_number("\u{2212}3.5"), Some(-3.5));
        assert_eq!(parse_number("—"), None);
        assert_eq!(parse_number("1e3"), Some(1000.0));
    }

    #[test]
    fn parses_cells_of_imported_files() {
        let cell = |s: &str| parse_number_text(s, Grouping::Strict);
        assert_eq!(cell(" 1,234.5 "), Ok(Some(1234.5)));
        assert_eq!(cell("-1,234,567"), Ok(Some(-1_234_567.0)));
        assert_eq!(cell("１２３"), Ok(Some(123.0)));
        assert_eq!(cell("１，２３４"), Ok(Some(1234.0)));
        assert_eq!(cell("\u{2212}7"), Ok(Some(-7.0)));
        for blank in ["", "  ", "—", "——", "-", "--", "–", "/", "…", "……"] {
            assert_eq!(cell(blank), Ok(None), "{blank:?}");
        }
        for bad in ["1,23", "1,5", "1 234", "约100", "inf", "NaN", "12a"] {
            assert_eq!(cell(bad), Err(NotANumber), "{bad:?}");
        }
        // Whatever the importer reads, the app reads the same.
        for s in [" 1,234.5 ", "１２３", "\u{2212}7", "—", "1e3", "+4"] {
            assert_eq!(cell(s).ok().flatten(), parse_number(s), "{s:?}");
        }
    }

    #[test]
    fn area_units() {
        assert!((AreaUnit::Km2.from_hm2(250.0) - 2.5).abs() < 1e-12);
        assert!((AreaUnit::Mu.from_hm2(1.0) - 15.0).abs() < 1e-9);
        assert!((AreaUnit::Mu.to_hm2(15.0) - 1.0).abs() < 1e-12);
    }
}
