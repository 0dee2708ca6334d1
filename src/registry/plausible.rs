//! Plausible ranges of a county's own figures (those not declared as indicator inputs, whose
//! ranges are in `assets/registry/indicators.ron`): a value beyond them is a typing or unit
//! slip (1e308, yuan entered as 元 × 10⁴ twice …), reported by validation with county, field
//! and value instead of computing to ∞. Generous on purpose: the largest county-level unit in
//! China is about 2 × 10⁷ hm² (若羌县) and the largest GDP about 1.6 × 10¹² 元 (浦东新区).

/// (field prefix, largest plausible value) — the first prefix `field` starts with applies.
pub const COUNTY_MAX: [(&str, f64); 7] = [
    ("population", 5.0e7),
    ("gdp_yuan", 1.0e13),
    ("imported_products_yuan", 1.0e13),
    ("land_area_hm2", 5.0e7),
    ("land_cover.", 5.0e7),
    ("products.quantity", 1.0e12),
    ("products.price", 1.0e9),
];

/// The largest plausible value of a county field (a validation field path such as
/// `land_cover.paddy` or `indicators.agriculture.products[0].price`), if one is stated.
pub fn county_max(field: &str) -> Option<f64> {
    // A product line's field is looked up by its last part (no allocation otherwise: this
    // runs for every figure validated).
    let products;
    let key = match (field.contains(".products["), field.rsplit('.').next()) {
        (true, Some(last)) => {
            products = format!("products.{last}");
            products.as_str()
        }
        _ => field,
    };
    COUNTY_MAX
        .iter()
        .find(|(prefix, _)| key.starts_with(prefix))
        .map(|(_, m)| *m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_find_their_maximum() {
        assert_eq!(county_max("population"), Some(5.0e7));
        assert_eq!(county_max("land_cover.paddy"), Some(5.0e7));
        assert_eq!(
            county_max("indicators.agriculture.products[2].price"),
            Some(1.0e9)
        );
        assert_eq!(county_max("indicators.water_conservation.precip"), None);
    }
}
