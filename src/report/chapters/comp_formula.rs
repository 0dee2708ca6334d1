//! The compensation method's formula as a typeset report block (七、生态补偿): the same
//! formula the engine computes (`engine::compensation`, worded in `Outcome::formula` for the
//! app) written as typst math with every symbol explained, and its allocation rules as one
//! sentence — so the report shows no code notation such as "s_if".
//!
//! Math strings are fixed data written here (never user text), valid typst math: words in
//! quotes, multi-letter subscripts in parentheses, "·" for a product (the bundled font has no
//! U+22C5, which typst's `dot` gives). Every method has its typeset form here.

use super::Cx;
use crate::model::compensation::Method;
use crate::report::doc::{Block, Formula, Symbol};

/// One symbol: typst math, plain text and the catalogue key of its meaning.
type Sym = (&'static str, &'static str, &'static str);

/// A method's formula (math, plain text), its symbols and the key of its rules sentence.
struct Spec {
    math: &'static str,
    text: &'static str,
    symbols: &'static [Sym],
    rules: &'static str,
}

fn spec(m: Method) -> Option<Spec> {
    Some(match m {
        Method::Fund => Spec {
            math: "F_i = F · sum_f w_f · s_(i f) / (sum_j s_(j f))",
            text: "F_i = F × Σ_f w_f × s_if / Σ_j s_jf",
            symbols: &[
                ("F_i", "F_i", "rs_cf_fund_fi"),
                ("F", "F", "rs_cf_fund_f"),
                ("w_f", "w_f", "rs_cf_fund_w"),
                ("s_(i f)", "s_if", "rs_cf_fund_s"),
            ],
            rules: "rs_cf_fund_rules",
        },
        Method::Spillover => Spec {
            math: "S_i = V_(\"nm\",i) - V_\"nm\" · w_i, quad C_i = S_i · r · k_i",
            text: "S_i = V_nm,i − V_nm × w_i; C_i = S_i × r × k_i",
            symbols: &[
                ("S_i", "S_i", "rs_cf_spill_s"),
                ("V_(\"nm\",i)", "V_nm,i", "rs_cf_vnm_i"),
                ("V_\"nm\"", "V_nm", "rs_cf_spill_vnm"),
                ("w_i", "w_i", "rs_cf_spill_w"),
                ("r", "r", "rs_cf_spill_r"),
                ("k_i", "k_i", "rs_cf_spill_k"),
                ("C_i", "C_i", "rs_cf_spill_c"),
            ],
            rules: "rs_cf_spill_rules",
        },
        Method::Priority => Spec {
            math: "\"ECPS\"_i = V_(\"nm\",i) / \"GDP\"_i",
            text: "ECPS_i = V_nm,i / GDP_i",
            symbols: &[
                ("\"ECPS\"_i", "ECPS_i", "rs_cf_prio_ecps"),
                ("V_(\"nm\",i)", "V_nm,i", "rs_cf_vnm_i"),
                ("\"GDP\"_i", "GDP_i", "rs_cf_prio_gdp"),
            ],
            rules: "rs_cf_prio_rules",
        },
        Method::GrowthReward => Spec {
            math: "R_i = alpha · max(0, \"GEP\"_(i,t) - \"GEP\"_(i,t-1)) + beta · F · G_i / (sum_j G_j)",
            text: "R_i = α × max(0, GEP_i,t − GEP_i,t−1) + β × F × G_i / Σ_j G_j",
            symbols: &[
                ("R_i", "R_i", "rs_cf_growth_r"),
                ("alpha", "α", "rs_cf_growth_alpha"),
                ("\"GEP\"_(i,t)", "GEP_i,t", "rs_cf_growth_gep"),
                ("beta", "β", "rs_cf_growth_beta"),
                ("F", "F", "rs_cf_fund_f"),
                ("G_i", "G_i", "rs_cf_growth_g"),
            ],
            rules: "rs_cf_growth_rules",
        },
        Method::Horizontal => Spec {
            math: "P = K_0 · 1/n sum_(k=1)^n C_k / C_(k 0), quad a_j = (M_j \\/ d_j^2) / (sum_l M_l \\/ d_l^2)",
            text: "P = K₀ × (1/n) Σ_k C_k / C_k0; a_j = (M_j / d_j²) / Σ_l (M_l / d_l²)",
            symbols: &[
                ("P", "P", "rs_cf_hor_p"),
                ("K_0", "K₀", "rs_cf_hor_k0"),
                ("n", "n", "rs_cf_hor_n"),
                ("C_k", "C_k", "rs_cf_hor_c"),
                ("C_(k 0)", "C_k0", "rs_cf_hor_c0"),
                ("a_j", "a_j", "rs_cf_hor_a"),
                ("M_j", "M_j", "rs_cf_hor_m"),
                ("d_j", "d_j", "rs_cf_hor_d"),
            ],
            rules: "rs_cf_hor_rules",
        },
        Method::OpportunityCost => Spec {
            math: "\"OC\"_i = max(0, I_(\"ref\",u) - I_(u,i)) · N_(u,i) + max(0, I_(\"ref\",r) - I_(r,i)) · N_(r,i) + sum_k (P_k · rho (1+rho)^(n_k)) / ((1+rho)^(n_k) - 1)",
            text: "OC_i = max(0, I_ref,u − I_u,i) × N_u,i + max(0, I_ref,r − I_r,i) × N_r,i + Σ_k P_k × ρ(1+ρ)^n_k / ((1+ρ)^n_k − 1)",
            symbols: &[
                ("\"OC\"_i", "OC_i", "rs_cf_oc_oc"),
                ("I_(\"ref\",u)", "I_ref,u", "rs_cf_oc_iref_u"),
                ("I_(u,i)", "I_u,i", "rs_cf_oc_i_u"),
                ("N_(u,i)", "N_u,i", "rs_cf_oc_n_u"),
                ("I_(\"ref\",r)", "I_ref,r", "rs_cf_oc_iref_r"),
                ("I_(r,i)", "I_r,i", "rs_cf_oc_i_r"),
                ("N_(r,i)", "N_r,i", "rs_cf_oc_n_r"),
                ("P_k", "P_k", "rs_cf_oc_p"),
                ("rho", "ρ", "rs_cf_oc_rho"),
                ("n_k", "n_k", "rs_cf_oc_n"),
            ],
            rules: "rs_cf_oc_rules",
        },
        Method::StandardRange => Spec {
            math: "S_i = L_i + lambda · (U_i - L_i), quad U_i >= L_i",
            text: "S_i = L_i + λ × (U_i − L_i), U_i ≥ L_i",
            symbols: &[
                ("S_i", "S_i", "rs_cf_sr_s"),
                ("L_i", "L_i", "rs_cf_sr_l"),
                ("U_i", "U_i", "rs_cf_sr_u"),
                ("lambda", "λ", "rs_cf_sr_lambda"),
            ],
            rules: "rs_cf_sr_rules",
        },
    })
}

/// The method's formula block and its rules sentence (`None` is kept for a method added to
/// the engine before its typeset form is written here).
pub fn blocks(cx: &Cx, m: Method) -> Option<[Block; 2]> {
    let s = spec(m)?;
    let symbols = s
        .symbols
        .iter()
        .map(|(math, text, key)| Symbol {
            math: math.to_string(),
            text: text.to_string(),
            meaning: cx.key(key).to_string(),
        })
        .collect();
    Some([
        Block::Formula(Formula {
            math: s.math.to_string(),
            text: s.text.to_string(),
            symbols,
        }),
        Block::Para(cx.key(s.rules).to_string()),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, t};

    /// Every typeset method names each symbol of its formula and has its words in both
    /// languages.
    #[test]
    fn every_symbol_is_explained_in_both_languages() {
        for m in Method::ALL {
            let s = spec(m).unwrap_or_else(|| panic!("{m:?}"));
            for (math, _, key) in s.symbols {
                assert!(s.math.contains(math), "{m:?}: {math} not in {}", s.math);
                for lang in [Lang::Zh, Lang::En] {
                    assert_ne!(t(lang, key), *key, "{key} missing");
                }
            }
            assert_ne!(t(Lang::Zh, s.rules), s.rules);
            // The rules are words: no code notation such as "U_i".
            for lang in [Lang::Zh, Lang::En] {
                assert!(
                    !t(lang, s.rules).contains('_'),
                    "{m:?}: {}",
                    t(lang, s.rules)
                );
            }
        }
    }

    /// The math is valid typst: a report with every typeset method lays out.
    #[cfg(feature = "pdf")]
    #[test]
    fn every_formula_typesets() {
        use crate::report::doc::{Doc, Section, SectionKind};
        let mut ch = Section::new("compensation", SectionKind::Chapter, "七、生态补偿");
        for m in Method::ALL {
            let s = spec(m).unwrap_or_else(|| panic!("{m:?}"));
            ch.push(Block::Formula(Formula {
                math: s.math.into(),
                text: s.text.into(),
                symbols: s
                    .symbols
                    .iter()
                    .map(|(math, text, key)| Symbol {
                        math: math.to_string(),
                        text: text.to_string(),
                        meaning: t(Lang::Zh, key).to_string(),
                    })
                    .collect(),
            }));
        }
        let doc = Doc {
            lang: Lang::Zh,
            title: "报告".into(),
            subject: "测试".into(),
            sections: vec![ch],
        };
        let text = crate::report::pdf::page_texts(&doc).unwrap_or_else(|e| panic!("{e}"));
        let all: String = text.concat();
        assert!(
            all.contains("ECPS") && all.contains("GEP") && all.contains("OC"),
            "{all}"
        );
    }
}
