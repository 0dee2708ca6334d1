//! One small pure function per formula kind (docs/methods.md), each unit-tested against a
//! hand-worked example. Inputs and outputs are in the units named in each signature; unit
//! conversion happens before these are called.

/// Water-balance water conservation (m³): (P − α·P − ET) × A, with P, ET in mm and A in hm²
/// (1 mm over 1 hm² = 10 m³). See docs/methods.md, "Water conservation".
pub fn water_balance_m3(precip_mm: f64, et_mm: f64, runoff_coeff: f64, area_hm2: f64) -> f64 {
    (precip_mm - runoff_coeff * precip_mm - et_mm) * area_hm2 * 10.0
}

/// RUSLE avoided erosion (t): R·K·LS·(1 − C·P) [t/(hm²·a)] × area (hm²). See docs/methods.md, "Soil
/// retention".
pub fn rusle_retained_t(r: f64, k: f64, ls: f64, c: f64, p: f64, area_hm2: f64) -> f64 {
    r * k * ls * (1.0 - c * p) * area_hm2
}

/// Sediment volume kept out of reservoirs (m³): λ·A_c/ρ. See docs/methods.md, "Soil retention".
pub fn sediment_m3(retained_t: f64, sediment_coeff: f64, bulk_density_t_m3: f64) -> f64 {
    sediment_coeff * retained_t / bulk_density_t_m3
}

/// Nutrient (N or P) kept in the soil (t): A_c × content (fraction). See docs/methods.md, "Soil
/// retention".
pub fn nutrient_t(retained_t: f64, content_fraction: f64) -> f64 {
    retained_t * content_fraction
}

/// RWEQ sand fixation (kg/m²): S_PL − S_SL with z the downwind distance (m). See docs/methods.md,
/// "Sand fixation".
pub fn rweq_fixed_kg_m2(wf: f64, ef: f64, scf: f64, k_rough: f64, c_veg: f64, z_m: f64) -> f64 {
    let loss = |product: f64| -> f64 {
        if product <= 0.0 {
            return 0.0;
        }
        let q_max = 109.8 * product;
        let s = 150.71 * product.powf(-0.3711);
        2.0 * z_m / (s * s) * q_max * (-(z_m / s).powi(2)).exp()
    };
    let base = wf * ef * scf * k_rough;
    loss(base) - loss(base * c_veg)
}

/// Sand-covered area avoided (m²): Q / (ρ·h). See docs/methods.md, "Sand fixation".
pub fn sand_area_m2(sand_t: f64, density_t_m3: f64, depth_m: f64) -> f64 {
    sand_t / (density_t_m3 * depth_m)
}

/// Lake flood storage (m³): e^a × A^b × T in 10⁴ m³, A in km². See docs/methods.md, "Flood
/// regulation".
pub fn lake_storage_m3(a: f64, b: f64, area_km2: f64, exchange_times: f64) -> f64 {
    if area_km2 <= 0.0 {
        return 0.0;
    }
    a.exp() * area_km2.powf(b) * exchange_times * 1e4
}

/// Reservoir flood storage (m³): share × total capacity. See docs/methods.md, "Flood regulation".
pub fn reservoir_storage_m3(share: f64, capacity_m3: f64) -> f64 {
    share * capacity_m3
}

/// Marsh surface detention (m³): area (km²) × 10⁶ × depth (m). See docs/methods.md, "Flood
/// regulation".
pub fn marsh_storage_m3(area_km2: f64, depth_m: f64) -> f64 {
    area_km2 * 1e6 * depth_m
}

/// Mass ratio CO₂ : C.
pub const CO2_PER_C: f64 = 44.0 / 12.0;
/// Mass ratio O₂ : CO₂ in photosynthesis.
pub const O2_PER_CO2: f64 = 32.0 / 44.0;

/// CO₂ fixed (t) from net ecosystem production (t C). See docs/methods.md, "Carbon sequestration".
pub fn co2_from_nep(nep_tc: f64) -> f64 {
    CO2_PER_C * nep_tc
}

/// CO₂ (or O₂) from dry-matter NPP (t): k × NPP. See docs/methods.md, "Carbon sequestration".
pub fn from_npp(npp_t: f64, per_npp: f64) -> f64 {
    per_npp * npp_t
}

/// O₂ released (t) from CO₂ fixed (t). See docs/methods.md, "Oxygen release".
pub fn o2_from_co2(co2_t: f64) -> f64 {
    O2_PER_CO2 * co2_t
}

/// Pollutant purified (t): min(emission, capacity). See docs/methods.md, "Air purification".
pub fn purified_t(emission_t: f64, capacity_t: f64) -> f64 {
    emission_t.min(capacity_t)
}

/// Price per tonne (元/t) from an environmental tax per pollution equivalent (元/当量) and the
/// equivalent value (kg/当量). See docs/methods.md, "Air purification" [D].
pub fn tax_price_per_t(tax_per_eq: f64, kg_per_eq: f64) -> f64 {
    tax_per_eq / kg_per_eq * 1000.0
}

/// Transpiration cooling energy (kWh): EPP·S·D·10⁶/(3600·r), EPP in kJ/(m²·d), S in km².
/// See docs/methods.md, "Climate regulation".
pub fn transpiration_kwh(epp_kj_m2_d: f64, area_km2: f64, ac_days: f64, eer: f64) -> f64 {
    epp_kj_m2_d * area_km2 * ac_days * 1e6 / (3600.0 * eer)
}

/// Evaporation energy (kWh): E_w·ρ·q/3600 + E_w·y, E_w in m³, q in kJ/kg, y in kWh/m³.
/// See docs/methods.md, "Climate regulation".
pub fn evaporation_kwh(evap_m3: f64, latent_heat_kj_kg: f64, humidifier_kwh_m3: f64) -> f64 {
    evaporation_variant_kwh(evap_m3, latent_heat_kj_kg, humidifier_kwh_m3, 1.0, 1.0)
}

/// Evaporation energy (kWh) in the published variants: E_w·ρ·q/(3600·r_e) + E_w·y·h, where
/// r_e is the EER when evaporative cooling is priced as air conditioning (1 when the latent heat
/// is counted in full) and h the share of evaporation counted for humidification (D_h/N for
/// the low-humidity-days variant, 1 otherwise). See docs/methods.md, "Climate regulation".
pub fn evaporation_variant_kwh(
    evap_m3: f64,
    latent_heat_kj_kg: f64,
    humidifier_kwh_m3: f64,
    cooling_divisor: f64,
    humidify_share: f64,
) -> f64 {
    evap_m3 * 1000.0 * latent_heat_kj_kg / (3600.0 * cooling_divisor)
        + evap_m3 * humidifier_kwh_m3 * humidify_share
}

/// Travel-cost recreation value counted in GEP (元): N × (TE + t·w·s). See docs/methods.md,
/// "Recreation".
pub fn travel_cost_yuan(
    visits: f64,
    expense: f64,
    hours: f64,
    wage_per_hour: f64,
    time_share: f64,
) -> f64 {
    visits * (expense + hours * wage_per_hour * time_share)
}

/// Consumer surplus of the visits (元): N × CS, a memo item outside GEP. See docs/methods.md,
/// "Recreation".
pub fn consumer_surplus_yuan(visits: f64, cs_per_visit: f64) -> f64 {
    visits * cs_per_visit
}

/// V = N·(TE + C_t) with the time cost per visit C_t as a survey report gives it (consumer
/// surplus is a memo item, `consumer_surplus_yuan`).
pub fn travel_cost_time_cost_yuan(visits: f64, expense: f64, time_cost: f64) -> f64 {
    visits * (expense + time_cost)
}

/// Standard equivalent D (元/hm²) = (1/7)·Σ m_i·p_i·q_i / Σ m_i. See docs/methods.md, "Standard
/// equivalent" (1). `crops`: (sown area hm², yield kg/hm², price 元/kg). `None` when the sown area
/// is zero.
pub fn standard_equivalent_grain(crops: &[(f64, f64, f64)]) -> Option<f64> {
    let area: f64 = crops.iter().map(|c| c.0).sum();
    if area <= 0.0 {
        return None;
    }
    let value: f64 = crops.iter().map(|(m, q, p)| m * q * p).sum();
    Some(value / area / 7.0)
}

/// Standard equivalent D (元/hm²) = Σ S_i·F_i (shares × net profit). See docs/methods.md, "Standard
/// equivalent" (2).
pub fn standard_equivalent_net_profit(crops: &[(f64, f64)]) -> f64 {
    crops.iter().map(|(s, f)| s * f).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, rel: f64) -> bool {
        (a - b).abs() <= rel * b.abs().max(1e-12)
    }

    #[test]
    fn water_balance_by_hand() {
        // P = 1600 mm, α = 4.65 %, ET = 800 mm over 1000 hm²:
        // (1600 − 74.4 − 800) mm = 725.6 mm × 10 m³/(mm·hm²) × 1000 = 7 256 000 m³.
        assert!(close(
            water_balance_m3(1600.0, 800.0, 0.0465, 1000.0),
            7_256_000.0,
            1e-12
        ));
    }

    #[test]
    fn rusle_by_hand() {
        // 300 × 0.03 × 5 × (1 − 0.1 × 0.5) = 45 × 0.95 = 42.75 t/hm² × 200 hm² = 8 550 t.
        assert!(close(
            rusle_retained_t(300.0, 0.03, 5.0, 0.1, 0.5, 200.0),
            8550.0,
            1e-12
        ));
    }

    #[test]
    fn soil_retention_parts_match_garze() {
        // Garzê-2017: 38.86e8 t retained; λ 0.24, ρ 0.93 → 10.03e8 m³; N 0.37 % → 1437.8e4 t.
        let sed = sediment_m3(38.86e8, 0.24, 0.93);
        assert!(close(sed, 10.028_387e8, 1e-6), "{sed}");
        assert!(close(nutrient_t(38.86e8, 0.0037), 1437.82e4, 1e-6));
        assert!(close(nutrient_t(38.86e8, 0.00108), 419.688e4, 1e-6));
    }

    #[test]
    fn sand_area_matches_garze() {
        // 779.42e4 t / (1.28 t/m³ × 0.1 m) = 60.89e6 m² (paper: 60.89 km²).
        assert!(close(
            sand_area_m2(779.42e4, 1.28, 0.1),
            60.892_187_5e6,
            1e-9
        ));
    }

    #[test]
    fn rweq_by_hand() {
        // product = 10 × 0.5 × 0.8 × 0.9 = 3.6 (potential); with C = 0.2 → 0.72.
        // Potential: Q = 395.28, s = 150.71 × 3.6^−0.3711; z = 50 m.
        let q_p = 109.8 * 3.6;
        let s_p = 150.71 * 3.6_f64.powf(-0.3711);
        let sp = 2.0 * 50.0 / (s_p * s_p) * q_p * (-(50.0 / s_p).powi(2)).exp();
        let q_a = 109.8 * 0.72;
        let s_a = 150.71 * 0.72_f64.powf(-0.3711);
        let sa = 2.0 * 50.0 / (s_a * s_a) * q_a * (-(50.0 / s_a).powi(2)).exp();
        let got = rweq_fixed_kg_m2(10.0, 0.5, 0.8, 0.9, 0.2, 50.0);
        assert!(close(got, sp - sa, 1e-12));
        // Hand-worked (calculator): s_P = 93.691 m, S_PL = 3.3870 kg/m²; s = 170.25 m,
        // S_SL = 0.25021 kg/m²; S_L = 3.1368 kg/m².
        assert!(close(s_p, 93.691, 1e-4), "{s_p}");
        assert!(close(sp, 3.3870, 1e-4), "{sp}");
        assert!(close(sa, 0.25021, 1e-4), "{sa}");
        assert!(close(got, 3.1368, 1e-4), "{got}");
    }

    #[test]
    fn flood_storage_by_hand() {
        // Qinghai–Tibet lake model: e^6.636 × 100^0.678 × 1 = 761.8… × 22.70… = 17 297 (10⁴ m³).
        let lake = lake_storage_m3(6.636, 0.678, 100.0, 1.0);
        let expect = 6.636_f64.exp() * 100.0_f64.powf(0.678) * 1e4;
        assert!(close(lake, expect, 1e-12));
        assert!(close(lake, 1.7297e8, 1e-3), "{lake}");
        assert_eq!(reservoir_storage_m3(0.35, 1e6), 350_000.0);
        assert_eq!(marsh_storage_m3(2.0, 0.3), 600_000.0);
        assert_eq!(lake_storage_m3(6.636, 0.678, 0.0, 1.0), 0.0);
    }

    #[test]
    fn carbon_and_oxygen_by_hand() {
        assert!(close(co2_from_nep(12.0), 44.0, 1e-12));
        assert!(close(from_npp(100.0, 1.63), 163.0, 1e-12));
        assert!(close(o2_from_co2(44.0), 32.0, 1e-12));
    }

    #[test]
    fn purification_and_tax_prices() {
        assert_eq!(purified_t(120.0, 80.0), 80.0);
        assert_eq!(purified_t(50.0, 80.0), 50.0);
        // Jiangxi water tax 1.4 元/当量 ÷ 0.8 kg (NH3-N) = 1 750 元/t; COD 1.4 ÷ 1 kg = 1 400 元/t.
        assert!(close(tax_price_per_t(1.4, 0.8), 1750.0, 1e-12));
        assert!(close(tax_price_per_t(1.4, 1.0), 1400.0, 1e-12));
        assert!(close(tax_price_per_t(1.2, 0.95), 1_263.157_894_7, 1e-9));
    }

    #[test]
    fn climate_energy_by_hand() {
        // EPP 500 kJ/(m²·d) × 10 km² × 60 d × 10⁶ / (3600 × 3) = 2.777…e7 kWh.
        assert!(close(
            transpiration_kwh(500.0, 10.0, 60.0, 3.0),
            3e11 / 10_800.0,
            1e-12
        ));
        // 1 000 m³ × 1000 kg/m³ × 2450 kJ/kg / 3600 = 680 555.6 kWh, + 1000 × 125 = 805 555.6.
        assert!(close(
            evaporation_kwh(1000.0, 2450.0, 125.0),
            805_555.555_6,
            1e-9
        ));
        // Through the EER: 680 555.6 / 3 = 226 851.9, + 125 000 = 351 851.9 kWh.
        assert!(close(
            evaporation_variant_kwh(1000.0, 2450.0, 125.0, 3.0, 1.0),
            351_851.851_85,
            1e-9
        ));
        // Humidifier on 73 of 365 dry days only: 680 555.6 + 125 000 × 0.2 = 705 555.6 kWh.
        assert!(close(
            evaporation_variant_kwh(1000.0, 2450.0, 125.0, 1.0, 73.0 / 365.0),
            705_555.555_6,
            1e-9
        ));
        // Both: 226 851.9 + 25 000 = 251 851.9 kWh.
        assert!(close(
            evaporation_variant_kwh(1000.0, 2450.0, 125.0, 3.0, 0.2),
            251_851.851_85,
            1e-9
        ));
    }

    #[test]
    fn travel_cost_matches_baiyangdian() {
        // Baiyangdian-2017: (52.47 + 343.33 + 578.03) 元/visit × 135e4 visits = 13.147 亿元 (paper: 13.15).
        // Time cost 343.33 given directly: hours × wage × share = 343.33 (1 h × 1144.43 × 0.3).
        // Counted: 135e4 × 395.80 = 5.343 3 亿元; consumer surplus 135e4 × 578.03 = 7.803 405 亿元.
        let v = travel_cost_yuan(135e4, 52.47, 1.0, 343.33 / 0.3, 0.3);
        assert!(close(v, 5.3433e8, 1e-9), "{v}");
        let cs = consumer_surplus_yuan(135e4, 578.03);
        assert!(close(cs, 7.803_405e8, 1e-9), "{cs}");
        assert!(close(v + cs, 13.146_705e8, 1e-9), "{}", v + cs);
    }

    #[test]
    fn standard_equivalent_a3() {
        // A3: 1.68 元/kg × 2 819.3 kg/hm² / 7 = 676.632 元/hm².
        let d = standard_equivalent_grain(&[(1.0, 2819.3, 1.68)]).unwrap_or(0.0);
        assert!(close(d, 676.632, 1e-9), "{d}");
        assert_eq!(standard_equivalent_grain(&[]), None);
        // Weighted: two crops, 60/40 sown area.
        let d2 =
            standard_equivalent_grain(&[(60.0, 6000.0, 2.5), (40.0, 7000.0, 2.0)]).unwrap_or(0.0);
        assert!(close(
            d2,
            (60.0 * 15000.0 + 40.0 * 14000.0) / 100.0 / 7.0,
            1e-12
        ));
        assert!(close(
            standard_equivalent_net_profit(&[(0.5, 1000.0), (0.5, 3000.0)]),
            2000.0,
            1e-12
        ));
    }
}
