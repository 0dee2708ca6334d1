//! Number formatting for views and reports: thousands separators, money in 元 / 万元 / 亿元, areas in
//! hm² / km² / 亩. Conversion to display units happens only here and in exports.

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

/// Parses a number typed by a user: thousands separators, full-width digits and spaces allowed.
pub fn parse_number(s: &str) -> Option<f64> {
    let cleaned: String = s
        .trim()
        .chars()
        .filter_map(|c| match c {
            ',' | '，' | ' ' | '\u{3000}' => None,
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
            '．' => Some('.'),
            '－' => Some('-'),
            other => Some(other),
        })
        .collect();
    if cleaned.is_empty() {
        return None;
    }
    cleaned.parse::<f64>().ok().filter(|v| v.is_finite())
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
    }

    #[test]
    fn area_units() {
        assert!((AreaUnit::Km2.from_hm2(250.0) - 2.5).abs() < 1e-12);
        assert!((AreaUnit::Mu.from_hm2(1.0) - 15.0).abs() < 1e-9);
        assert!((AreaUnit::Mu.to_hm2(15.0) - 1.0).abs() < 1e-12);
    }
}
