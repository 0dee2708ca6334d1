//! Unit words: the Chinese and English words for units beyond their symbols (公顷, 平方公里, 立方米,
//! 吨, 千瓦时, 度, hectare, 公斤 …), one list used both by [`Unit::parse`] and by the importer, and
//! the parsing of units written in headers and unit cells (“(万m³)”, “（亩）”, “[hm²]”,
//! “单位：公顷”, “千公顷”, “元/立方米”) with the importer's conversions (exact power-of-ten
//! scaling, percent ↔ fraction, 元/t C ↔ 元/t CO₂) and the units a product quantity may be
//! stored in.
//!
//! Matching words ignores case, spaces, `_`, `-` and full-width forms ([`norm`]); the header
//! vocabulary of the importer (`io::import::vocab`) uses the same normalisation. This module
//! knows units only: it must not know what a column means.

use super::price::{convert_param_unit, price_unit_for};
use super::{Dimension, Unit};

/// Normalised form for matching: full-width → ASCII, lower case, without spaces, `_`, `-`,
/// dashes and `·`.
pub fn norm(s: &str) -> String {
    s.chars()
        .map(half_width)
        .filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-' | '–' | '—' | '·' | '・' | '•'))
        .flat_map(char::to_lowercase)
        .collect()
}

fn half_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// A unit read from a header or a unit cell: value × `scale` is in `unit` (“千公顷” = hm² × 1000).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HeaderUnit {
    pub unit: Unit,
    pub scale: f64,
}

impl HeaderUnit {
    pub fn plain(unit: Unit) -> HeaderUnit {
        HeaderUnit { unit, scale: 1.0 }
    }

    /// Converts `value` given in this unit to `to`; `None` when the two do not convert.
    /// Power-of-ten conversions (万元 → 元, 万t → t, m³ → 万m³) are exact in decimal.
    pub fn convert(self, value: f64, to: Unit) -> Option<f64> {
        let direct = convert_unit(value * self.scale, self.unit, to)?;
        let factor = convert_unit(1.0, self.unit, to)? * self.scale;
        Some(if power_of_ten(factor).is_some() {
            scale(value, factor)
        } else {
            direct
        })
    }

    pub fn converts_to(self, to: Unit) -> bool {
        self.convert(1.0, to).is_some()
    }

    pub fn label(self) -> String {
        if self.scale == 1.0 {
            self.unit.zh().to_string()
        } else {
            format!("{} × {}", self.unit.zh(), self.scale)
        }
    }
}

/// `k` when `factor` is 10^k (|k| ≤ 15).
fn power_of_ten(factor: f64) -> Option<i32> {
    if !(factor.is_finite() && factor > 0.0) {
        return None;
    }
    let k = factor.log10().round();
    (k.abs() <= 15.0 && (factor / 10f64.powi(k as i32) - 1.0).abs() < 1e-12).then_some(k as i32)
}

/// `value × factor`, where a power-of-ten factor shifts the decimal digits of `value` (its
/// shortest representation) instead of multiplying in binary: 588.2022 万元 is exactly
/// 5 882 022 元, not 5 882 021.999999999, so values written in a scaled unit and read back
/// are the values that were written.
pub fn scale(value: f64, factor: f64) -> f64 {
    let Some(k) = power_of_ten(factor).filter(|_| value.is_finite()) else {
        return value * factor;
    };
    let sci = format!("{value:e}");
    let Some((mantissa, exp)) = sci.split_once('e') else {
        return value * factor;
    };
    exp.parse::<i32>()
        .ok()
        .and_then(|e| format!("{mantissa}e{}", e + k).parse::<f64>().ok())
        .unwrap_or(value * factor)
}

/// Unit conversion as the importer allows it: within a dimension (persons never become visits),
/// percent ↔ fraction, and carbon prices between 元/t C and 元/t CO₂.
pub fn convert_unit(value: f64, from: Unit, to: Unit) -> Option<f64> {
    match (from, to) {
        _ if from == to => Some(value),
        (Unit::Percent, Unit::Fraction) => Some(value / 100.0),
        (Unit::Fraction, Unit::Percent) => Some(value * 100.0),
        _ if from.dimension() == Dimension::Count && from.canonical() != to.canonical() => None,
        _ => convert_param_unit(value, from, to),
    }
}

/// The unit a product line is stored in for a quantity given in `u`, and how many stored units
/// one given unit is: units the engine has a price unit for stay (t, kg, m³, kWh, hm², 人次 …);
/// scaled ones become their canonical unit (1 万t = 10 000 t, 1 万m³ = 10 000 m³). `None` for
/// units that are not product quantities (money, prices, fractions, persons …).
pub fn product_unit(u: HeaderUnit) -> Option<(Unit, f64)> {
    // Persons are priced only as payers of a custom indicator, never as a product.
    if u.unit.canonical() == Unit::Person {
        return None;
    }
    if u.scale == 1.0 && price_unit_for(u.unit).is_some() {
        return Some((u.unit, 1.0));
    }
    let stored = u.unit.canonical();
    price_unit_for(stored)?;
    let factor = u.convert(1.0, stored)?;
    Some((stored, factor))
}

/// The quantity unit a price unit is per (元/t → t, 元/kg → kg), for the price units of
/// product lines.
pub fn price_denominator(price: Unit) -> Option<Unit> {
    Unit::ALL
        .iter()
        .copied()
        .find(|&u| price_unit_for(u) == Some(price))
}

/// Words for units beyond their keys and symbols: Chinese words, English spellings. One list:
/// [`Unit::parse`] takes them as written, [`parse_unit`] after [`norm`].
pub const UNIT_WORDS: &[(&str, Unit)] = &[
    ("毫米", Unit::Mm),
    ("米", Unit::M),
    ("平方米", Unit::M2),
    ("hectare", Unit::Hm2),
    ("hectares", Unit::Hm2),
    ("hm2", Unit::Hm2),
    ("ha", Unit::Hm2),
    ("公顷", Unit::Hm2),
    ("万公顷", Unit::WanHm2),
    ("sqkm", Unit::Km2),
    ("km2", Unit::Km2),
    ("平方公里", Unit::Km2),
    ("平方千米", Unit::Km2),
    ("亩", Unit::Mu),
    ("立方米", Unit::M3),
    ("方", Unit::M3),
    ("万立方米", Unit::WanM3),
    ("亿立方米", Unit::YiM3),
    ("m3", Unit::M3),
    ("千克", Unit::Kg),
    ("公斤", Unit::Kg),
    ("吨", Unit::T),
    ("万吨", Unit::WanT),
    ("吨碳", Unit::TC),
    ("tc", Unit::TC),
    ("吨co2", Unit::TCo2),
    ("tco2", Unit::TCo2),
    ("人", Unit::Person),
    ("persons", Unit::Person),
    ("人次", Unit::PersonTrip),
    ("元", Unit::Yuan),
    ("yuan", Unit::Yuan),
    ("cny", Unit::Yuan),
    ("rmb", Unit::Yuan),
    ("千瓦时", Unit::Kwh),
    ("度", Unit::Kwh),
    ("天", Unit::Day),
    ("日", Unit::Day),
    ("小时", Unit::Hour),
    ("%", Unit::Percent),
];

/// Parses a unit such as “万m³”, “亩”, “千公顷”, “10⁴ m³”, “元/m³”, “单位：公顷”.
pub fn parse_unit(text: &str) -> Option<HeaderUnit> {
    let t = text.trim();
    let t = strip_unit_label(t);
    if t.is_empty() {
        return None;
    }
    parse_plain_unit(t).map(HeaderUnit::plain).or_else(|| {
        let (scale, rest) = split_scale(t)?;
        parse_plain_unit(rest).map(|unit| HeaderUnit { unit, scale })
    })
}

fn strip_unit_label(t: &str) -> &str {
    for label in ["单位：", "单位:", "单位", "unit:", "Unit:", "units:"] {
        if let Some(rest) = t.strip_prefix(label) {
            return rest.trim();
        }
    }
    t
}

fn parse_plain_unit(t: &str) -> Option<Unit> {
    let t = t.trim();
    if let Some(u) = Unit::parse(t) {
        return Some(u);
    }
    let n = norm(t)
        .replace('²', "2")
        .replace('³', "3")
        .replace('₂', "2");
    UNIT_WORDS
        .iter()
        .find(|(w, _)| norm(w) == n)
        .map(|(_, u)| *u)
        .or_else(|| {
            // Compound units written with words: 元/立方米, 元/吨 …
            let (num, den) = t.split_once('/')?;
            let den = parse_plain_unit(den)?;
            let num = parse_plain_unit(num)?;
            (num == Unit::Yuan)
                .then(|| price_unit_for(den.canonical()))
                .flatten()
                .filter(|_| den == den.canonical())
        })
}

pub fn split_scale(t: &str) -> Option<(f64, &str)> {
    for (prefix, scale) in [
        ("10⁴", 1e4),
        ("10^4", 1e4),
        ("10⁸", 1e8),
        ("10^8", 1e8),
        ("万", 1e4),
        ("亿", 1e8),
        ("千", 1e3),
        ("百", 1e2),
    ] {
        if let Some(rest) = t.strip_prefix(prefix) {
            return Some((scale, rest.trim()));
        }
    }
    None
}

/// Splits “name (unit)” into name and unit; the bracket stays in the name when its content is
/// not a unit (“总氮净化量（可选）”, “针叶林（杉木、马尾松）”).
pub fn split_header_unit(line: &str) -> (String, Option<HeaderUnit>) {
    let line = line.trim();
    if let Some((name, inner)) = trailing_bracket(line)
        && let Some(u) = parse_unit(inner)
    {
        return (name.trim().to_string(), Some(u));
    }
    for sep in [" ", "/", ",", "，", "／"] {
        if let Some((name, tail)) = line.rsplit_once(sep)
            && !name.trim().is_empty()
            && (tail.trim().chars().count() >= 2 || !tail.is_ascii())
            && let Some(u) = parse_unit(tail)
        {
            return (name.trim().to_string(), Some(u));
        }
    }
    (line.to_string(), None)
}

/// “name (inner)” → (name, inner) for the last balanced bracket group at the end of `line`.
pub fn trailing_bracket(line: &str) -> Option<(&str, &str)> {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let &(close_at, close) = chars.last()?;
    if !matches!(close, ')' | '）' | ']' | '】') {
        return None;
    }
    let mut depth = 0i32;
    for &(i, c) in chars.iter().rev() {
        match c {
            ')' | '）' | ']' | '】' => depth += 1,
            '(' | '（' | '[' | '【' => {
                depth -= 1;
                if depth == 0 {
                    let inner_start = i + c.len_utf8();
                    return Some((&line[..i], &line[inner_start..close_at]));
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_in_headers() {
        assert_eq!(
            split_header_unit("面积（亩）").1,
            Some(HeaderUnit::plain(Unit::Mu))
        );
        assert_eq!(
            split_header_unit("水源涵养量 (万m³)").1,
            Some(HeaderUnit::plain(Unit::WanM3))
        );
        assert_eq!(
            split_header_unit("耕地面积[千公顷]").1,
            Some(HeaderUnit {
                unit: Unit::Hm2,
                scale: 1e3
            })
        );
        assert_eq!(
            split_header_unit("总氮净化量（可选）"),
            ("总氮净化量（可选）".to_string(), None)
        );
        assert_eq!(
            split_header_unit("降雨侵蚀力因子 R (MJ·mm/(hm²·h·a))").1,
            Some(HeaderUnit::plain(Unit::RusleR))
        );
        assert_eq!(parse_unit("10⁴ m³"), Some(HeaderUnit::plain(Unit::WanM3)));
        assert_eq!(
            parse_unit("元/立方米"),
            Some(HeaderUnit::plain(Unit::YuanPerM3))
        );
        assert_eq!(parse_unit("单位：公顷"), Some(HeaderUnit::plain(Unit::Hm2)));
        assert_eq!(parse_unit("m3"), Some(HeaderUnit::plain(Unit::M3)));
        assert_eq!(parse_unit("可选"), None);
    }

    #[test]
    fn conversions_respect_dimensions() {
        let mu = HeaderUnit::plain(Unit::Mu);
        assert!((mu.convert(15.0, Unit::Hm2).unwrap_or(0.0) - 1.0).abs() < 1e-12);
        assert_eq!(
            HeaderUnit::plain(Unit::M3).convert(20_000.0, Unit::WanM3),
            Some(2.0)
        );
        assert_eq!(
            HeaderUnit::plain(Unit::Person).convert(1.0, Unit::PersonTrip),
            None
        );
        assert_eq!(
            HeaderUnit::plain(Unit::WanPerson).convert(1.5, Unit::Person),
            Some(15_000.0)
        );
        assert_eq!(
            HeaderUnit::plain(Unit::Percent).convert(50.0, Unit::Fraction),
            Some(0.5)
        );
        assert_eq!(
            HeaderUnit::plain(Unit::YuanPerTC).convert(44.0, Unit::YuanPerTCo2),
            Some(12.0)
        );
        assert_eq!(HeaderUnit::plain(Unit::Yuan).convert(1.0, Unit::Hm2), None);
    }

    #[test]
    fn power_of_ten_scaling_is_exact_in_decimal() {
        assert_eq!(scale(588.2022, 1e4), 5_882_022.0);
        assert_ne!(588.2022 * 1e4, 5_882_022.0, "binary multiplication is not");
        assert_eq!(scale(16_405.774, 1e4), 164_057_740.0);
        assert_eq!(scale(80_000.0, 1e-3), 80.0);
        assert_eq!(scale(-1.5, 100.0), -150.0);
        assert_eq!(scale(0.0, 1e8), 0.0);
        assert_eq!(scale(3.0, 1.0 / 15.0), 3.0 / 15.0, "other factors multiply");
        assert_eq!(
            HeaderUnit::plain(Unit::WanYuan).convert(588.2022, Unit::Yuan),
            Some(5_882_022.0)
        );
        assert_eq!(
            HeaderUnit {
                unit: Unit::Yuan,
                scale: 1e4
            }
            .convert(1.2, Unit::Yuan),
            Some(12_000.0)
        );
    }

    #[test]
    fn product_units_are_stored_in_units_the_engine_prices() {
        let u = |t: &str| parse_unit(t).map(product_unit);
        assert_eq!(u("万t"), Some(Some((Unit::T, 1e4))));
        assert_eq!(u("万吨"), Some(Some((Unit::T, 1e4))));
        assert_eq!(u("kg"), Some(Some((Unit::Kg, 1.0))));
        assert_eq!(u("千克"), Some(Some((Unit::Kg, 1.0))));
        assert_eq!(u("万m³"), Some(Some((Unit::M3, 1e4))));
        assert_eq!(u("万kWh"), Some(Some((Unit::Kwh, 1e4))));
        assert_eq!(u("亩").flatten().map(|p| p.0), Some(Unit::Hm2));
        assert_eq!(u("万元"), Some(None), "money is no quantity");
        assert_eq!(u("元/t"), Some(None), "a price is no quantity");
        assert_eq!(u("万人"), Some(None), "persons are no product");
        assert_eq!(u("头"), Some(Some((Unit::Head, 1.0))), "livestock in head");
        assert_eq!(u("只"), Some(Some((Unit::Animal, 1.0))));
        assert_eq!(u("株"), Some(Some((Unit::Plant, 1.0))), "seedlings");
        assert_eq!(u("根"), Some(Some((Unit::Stem, 1.0))), "bamboo");
        assert_eq!(u("个"), Some(Some((Unit::Piece, 1.0))));
        assert_eq!(u("羽"), Some(Some((Unit::Bird, 1.0))), "poultry");
        assert_eq!(u("尾"), Some(Some((Unit::Fish, 1.0))), "fish fry");
        assert_eq!(u("人"), Some(None), "persons are no product");
        assert_eq!(price_denominator(Unit::YuanPerPlant), Some(Unit::Plant));
        assert_eq!(price_denominator(Unit::YuanPerFish), Some(Unit::Fish));
        assert_eq!(price_denominator(Unit::YuanPerHead), Some(Unit::Head));
        assert_eq!(price_denominator(Unit::YuanPerKg), Some(Unit::Kg));
        assert_eq!(price_denominator(Unit::YuanPerT), Some(Unit::T));
        assert_eq!(price_denominator(Unit::Yuan), None);
    }

    #[test]
    fn unit_parse_and_header_units_share_one_word_list() {
        for (word, unit) in UNIT_WORDS {
            assert_eq!(Unit::parse(word), Some(*unit), "{word}");
            assert_eq!(parse_unit(word).map(|u| u.unit), Some(*unit), "{word}");
        }
        assert_eq!(Unit::parse("度"), Some(Unit::Kwh));
        assert_eq!(Unit::parse("万吨"), Some(Unit::WanT));
        assert_eq!(parse_unit("万吨"), Some(HeaderUnit::plain(Unit::WanT)));
    }
}
