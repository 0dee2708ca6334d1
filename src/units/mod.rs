//! Units of measure.
//!
//! Owns the closed list of units the registry, the project file and the accounts may use, their
//! Chinese/English symbols, and conversions within a dimension. Canonical units inside the
//! engine: area hm², water m³, mass t, energy kWh, money 元. Prices name their denominator
//! explicitly (元/t C is not 元/t CO₂). Display units (km², 万元, 亿元) are applied only by views.
//! `price` holds the facts between quantity units and price units; `words` the Chinese and
//! English unit words and the parsing of units written in headers.

pub mod price;
pub mod words;

pub use price::{convert_param_unit, price_unit_factor, price_unit_for};

use serde::{Deserialize, Serialize};

/// What a unit measures; only units of one dimension convert into each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dimension {
    Area,
    Length,
    Volume,
    Mass,
    /// Mass of carbon (t C) — never silently mixed with CO₂.
    MassC,
    /// Mass of carbon dioxide (t CO₂).
    MassCo2,
    Energy,
    Money,
    Count,
    Time,
    /// Prices and every other compound or dimensionless unit: no conversions.
    Other,
}

macro_rules! units {
    ($( $var:ident = $key:literal, $zh:literal, $en:literal, $dim:ident, $factor:expr; )*) => {
        /// A unit of measure. Serialized by its short ASCII key (e.g. `"hm2"`, `"yuan_per_tco2"`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum Unit {
            $( #[serde(rename = $key)] $var, )*
        }

        impl Unit {
            pub const ALL: &'static [Unit] = &[$(Unit::$var),*];

            /// ASCII key used in files and column headers.
            pub fn key(self) -> &'static str {
                match self { $(Unit::$var => $key,)* }
            }

            /// Symbol in Chinese practice.
            pub fn zh(self) -> &'static str {
                match self { $(Unit::$var => $zh,)* }
            }

            /// Symbol in English.
            pub fn en(self) -> &'static str {
                match self { $(Unit::$var => $en,)* }
            }

            pub fn dimension(self) -> Dimension {
                match self { $(Unit::$var => Dimension::$dim,)* }
            }

            /// Factor to the canonical unit of the dimension (value × factor = canonical value).
            pub fn factor(self) -> f64 {
                match self { $(Unit::$var => $factor,)* }
            }
        }
    };
}

units! {
    Hm2 = "hm2", "公顷", "hm²", Area, 1.0;
    Km2 = "km2", "km²", "km²", Area, 100.0;
    Mu = "mu", "亩", "mu", Area, 1.0 / 15.0;
    M2 = "m2", "m²", "m²", Area, 1e-4;
    WanHm2 = "wan_hm2", "万公顷", "10⁴ hm²", Area, 1e4;
    Mm = "mm", "mm", "mm", Length, 1e-3;
    M = "m", "m", "m", Length, 1.0;
    M3 = "m3", "m³", "m³", Volume, 1.0;
    WanM3 = "wan_m3", "万m³", "10⁴ m³", Volume, 1e4;
    YiM3 = "yi_m3", "亿m³", "10⁸ m³", Volume, 1e8;
    T = "t", "t", "t", Mass, 1.0;
    Kg = "kg", "kg", "kg", Mass, 1e-3;
    WanT = "wan_t", "万t", "10⁴ t", Mass, 1e4;
    YiT = "yi_t", "亿t", "10⁸ t", Mass, 1e8;
    TC = "tc", "t C", "t C", MassC, 1.0;
    TCo2 = "tco2", "t CO₂", "t CO₂", MassCo2, 1.0;
    WanTCo2 = "wan_tco2", "万t CO₂", "10⁴ t CO₂", MassCo2, 1e4;
    Kwh = "kwh", "kWh", "kWh", Energy, 1.0;
    WanKwh = "wan_kwh", "万kWh", "10⁴ kWh", Energy, 1e4;
    YiKwh = "yi_kwh", "亿kWh", "10⁸ kWh", Energy, 1e8;
    Yuan = "yuan", "元", "CNY", Money, 1.0;
    WanYuan = "wan_yuan", "万元", "10⁴ CNY", Money, 1e4;
    YiYuan = "yi_yuan", "亿元", "10⁸ CNY", Money, 1e8;
    Person = "person", "人", "persons", Count, 1.0;
    WanPerson = "wan_person", "万人", "10⁴ persons", Count, 1e4;
    PersonTrip = "person_trip", "人次", "visits", Count, 1.0;
    WanPersonTrip = "wan_person_trip", "万人次", "10⁴ visits", Count, 1e4;
    // Livestock counts (出栏 头 / 只): no conversions, and never persons.
    Head = "head", "头", "head", Other, 1.0;
    Animal = "animal", "只", "animals", Other, 1.0;
    // Counts of other product lines (seedlings 株, bamboo 根, items 个, poultry 羽, fish 尾):
    // like 头 and 只, no conversions between them.
    Plant = "plant", "株", "plants", Other, 1.0;
    Stem = "stem", "根", "stems", Other, 1.0;
    Piece = "piece", "个", "pieces", Other, 1.0;
    Bird = "bird", "羽", "birds", Other, 1.0;
    Fish = "fish", "尾", "fish", Other, 1.0;
    Day = "day", "d", "d", Time, 1.0;
    Hour = "hour", "h", "h", Time, 1.0 / 24.0;
    Times = "times_per_year", "次/a", "times/yr", Other, 1.0;
    Fraction = "fraction", "—", "—", Other, 1.0;
    Percent = "percent", "%", "%", Other, 1.0;
    Index = "index", "指数", "index", Other, 1.0;
    TPerM3 = "t_per_m3", "t/m³", "t/m³", Other, 1.0;
    KjPerKg = "kj_per_kg", "kJ/kg", "kJ/kg", Other, 1.0;
    KjPerM2Day = "kj_per_m2_day", "kJ/(m²·d)", "kJ/(m²·d)", Other, 1.0;
    KwhPerM3 = "kwh_per_m3", "kWh/m³", "kWh/m³", Other, 1.0;
    KgPerEquivalent = "kg_per_eq", "kg/当量", "kg/pollution eq.", Other, 1.0;
    KgPerKg = "kg_per_kg", "kg/kg", "kg/kg", Other, 1.0;
    THm2Year = "t_per_hm2_a", "t/(hm²·a)", "t/(hm²·a)", Other, 1.0;
    RusleR = "rusle_r", "MJ·mm/(hm²·h·a)", "MJ·mm/(hm²·h·a)", Other, 1.0;
    RusleK = "rusle_k", "t·hm²·h/(hm²·MJ·mm)", "t·hm²·h/(hm²·MJ·mm)", Other, 1.0;
    KgPerM = "kg_per_m", "kg/m", "kg/m", Other, 1.0;
    KgPerM2 = "kg_per_m2", "kg/m²", "kg/m²", Other, 1.0;
    YuanPerM3 = "yuan_per_m3", "元/m³", "CNY/m³", Other, 1.0;
    YuanPerT = "yuan_per_t", "元/t", "CNY/t", Other, 1.0;
    YuanPerKg = "yuan_per_kg", "元/kg", "CNY/kg", Other, 1.0;
    YuanPerTC = "yuan_per_tc", "元/t C", "CNY/t C", Other, 1.0;
    YuanPerTCo2 = "yuan_per_tco2", "元/t CO₂", "CNY/t CO₂", Other, 1.0;
    YuanPerKwh = "yuan_per_kwh", "元/kWh", "CNY/kWh", Other, 1.0;
    YuanPerHm2 = "yuan_per_hm2", "元/hm²", "CNY/hm²", Other, 1.0;
    YuanPerM2 = "yuan_per_m2", "元/m²", "CNY/m²", Other, 1.0;
    YuanPerMeter = "yuan_per_m", "元/m", "CNY/m", Other, 1.0;
    YuanPerEquivalent = "yuan_per_eq", "元/当量", "CNY/pollution eq.", Other, 1.0;
    YuanPerVisit = "yuan_per_visit", "元/人次", "CNY/visit", Other, 1.0;
    YuanPerHead = "yuan_per_head", "元/头", "CNY/head", Other, 1.0;
    YuanPerAnimal = "yuan_per_animal", "元/只", "CNY/animal", Other, 1.0;
    YuanPerPlant = "yuan_per_plant", "元/株", "CNY/plant", Other, 1.0;
    YuanPerStem = "yuan_per_stem", "元/根", "CNY/stem", Other, 1.0;
    YuanPerPiece = "yuan_per_piece", "元/个", "CNY/piece", Other, 1.0;
    YuanPerBird = "yuan_per_bird", "元/羽", "CNY/bird", Other, 1.0;
    YuanPerFish = "yuan_per_fish", "元/尾", "CNY/fish", Other, 1.0;
    // Willingness to pay per person (custom indicators priced per payer).
    YuanPerPerson = "yuan_per_person", "元/人", "CNY/person", Other, 1.0;
    YuanPerHour = "yuan_per_hour", "元/h", "CNY/h", Other, 1.0;
    HoursPerVisit = "hours_per_visit", "h/人次", "h/visit", Other, 1.0;
    YuanPerWanYuan = "yuan_per_wan_yuan", "元/万元", "CNY/10⁴ CNY", Other, 1.0;
}

impl Unit {
    pub fn symbol(self, lang: crate::i18n::Lang) -> &'static str {
        match lang {
            crate::i18n::Lang::Zh => self.zh(),
            crate::i18n::Lang::En => self.en(),
        }
    }

    /// Converts `value` in `self` to `to`; `None` when the dimensions differ or have no conversion.
    pub fn convert(self, value: f64, to: Unit) -> Option<f64> {
        if self == to {
            return Some(value);
        }
        let d = self.dimension();
        if d != to.dimension() || d == Dimension::Other {
            return None;
        }
        Some(value * self.factor() / to.factor())
    }

    /// Looks a unit up by key, by its Chinese or English symbol, or by one of the unit words of
    /// [`words::UNIT_WORDS`] (公顷, 平方公里, 吨, 度 …) as written (used by importers and CLI).
    pub fn parse(s: &str) -> Option<Unit> {
        let s = s.trim();
        Unit::ALL
            .iter()
            .copied()
            .find(|u| u.key().eq_ignore_ascii_case(s) || u.zh() == s || u.en() == s)
            .or_else(|| {
                words::UNIT_WORDS
                    .iter()
                    .find(|(w, _)| *w == s)
                    .map(|(_, u)| *u)
            })
    }

    /// The canonical unit of this unit's dimension (area hm², volume m³, mass t, …); the unit
    /// itself when it has no conversions.
    pub fn canonical(self) -> Unit {
        match self.dimension() {
            Dimension::Area => Unit::Hm2,
            Dimension::Length => Unit::M,
            Dimension::Volume => Unit::M3,
            Dimension::Mass => Unit::T,
            Dimension::MassC => Unit::TC,
            Dimension::MassCo2 => Unit::TCo2,
            Dimension::Energy => Unit::Kwh,
            Dimension::Money => Unit::Yuan,
            Dimension::Time => Unit::Day,
            Dimension::Count => match self {
                Unit::WanPersonTrip => Unit::PersonTrip,
                Unit::WanPerson => Unit::Person,
                other => other,
            },
            Dimension::Other => self,
        }
    }

    /// Is this a price (money per something)? Such values carry a price year.
    pub fn is_price(self) -> bool {
        self.key().starts_with("yuan_per_")
    }

    /// Is this an amount of money?
    pub fn is_money(self) -> bool {
        self.dimension() == Dimension::Money
    }
}

/// Money display units used by views and exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum MoneyUnit {
    Yuan,
    #[default]
    WanYuan,
    YiYuan,
}

impl MoneyUnit {
    pub fn unit(self) -> Unit {
        match self {
            MoneyUnit::Yuan => Unit::Yuan,
            MoneyUnit::WanYuan => Unit::WanYuan,
            MoneyUnit::YiYuan => Unit::YiYuan,
        }
    }

    /// Converts an amount in 元 into this unit.
    pub fn from_yuan(self, yuan: f64) -> f64 {
        yuan / self.unit().factor()
    }

    /// Converts an amount in this unit into 元.
    pub fn to_yuan(self, amount: f64) -> f64 {
        amount * self.unit().factor()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_within_a_dimension() {
        assert_eq!(Unit::Km2.convert(1.0, Unit::Hm2), Some(100.0));
        assert!((Unit::Mu.convert(15.0, Unit::Hm2).unwrap_or(0.0) - 1.0).abs() < 1e-12);
        assert_eq!(Unit::YiM3.convert(2.0, Unit::WanM3), Some(2e4));
        assert_eq!(Unit::YiYuan.convert(1.0, Unit::WanYuan), Some(1e4));
    }

    #[test]
    fn carbon_and_co2_never_convert_silently() {
        assert_eq!(Unit::TC.convert(1.0, Unit::TCo2), None);
        assert_eq!(Unit::YuanPerTC.convert(1.0, Unit::YuanPerTCo2), None);
        assert_eq!(Unit::T.convert(1.0, Unit::TCo2), None);
    }

    #[test]
    fn keys_are_unique_and_parse_back() {
        for u in Unit::ALL {
            assert_eq!(Unit::parse(u.key()), Some(*u), "{u:?}");
            assert_eq!(Unit::ALL.iter().filter(|v| v.key() == u.key()).count(), 1);
        }
        assert_eq!(Unit::parse("公顷"), Some(Unit::Hm2));
        assert_eq!(Unit::parse("万元"), Some(Unit::WanYuan));
    }
}
