//! The project's uncertainty settings (Monte Carlo): the number of draws and the seed, whether
//! parameters without a setting of their own get the default of their verification tag
//! (registry data, `registry::uncertainty`), and distributions the user set per parameter and
//! per indicator input (all counties, or one county). Serde only: the sampling is
//! `engine::uncertainty`, the checks are `validate`.

use serde::{Deserialize, Serialize};

/// A probability distribution. Absolute values are in the parameter's own unit and price year
/// (or the input's registry unit); relative ones multiply the point value (mode / median 1).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dist {
    Uniform {
        min: f64,
        max: f64,
    },
    Triangular {
        min: f64,
        mode: f64,
        max: f64,
    },
    Normal {
        mean: f64,
        sd: f64,
    },
    /// Median e^μ and geometric standard deviation e^σ (> 1).
    Lognormal {
        median: f64,
        gsd: f64,
    },
}

/// A distribution and whether it is relative to the point value.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spread {
    pub dist: Dist,
    /// `true`: a multiplier of the point value (1 = the point value).
    #[serde(default)]
    pub relative: bool,
}

/// A parameter's distribution (price, model coefficient), by registry id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParamUncertainty {
    pub param: String,
    pub spread: Spread,
}

/// An indicator input's distribution: for one county (`county`), or for every county that
/// entered it (`county` empty; then relative, drawn for each county independently).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputUncertainty {
    pub indicator: String,
    pub input: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub county: String,
    pub spread: Spread,
}

/// Everything the project says about uncertainty.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UncertaintySettings {
    pub draws: u32,
    pub seed: u64,
    /// Parameters without a setting take their verification tag's default spread.
    pub tag_defaults: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub params: Vec<ParamUncertainty>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inputs: Vec<InputUncertainty>,
    /// Add the uncertainty section to the report.
    #[serde(default)]
    pub in_report: bool,
}

impl Default for UncertaintySettings {
    fn default() -> Self {
        UncertaintySettings {
            draws: 1000,
            seed: 1,
            tag_defaults: true,
            params: Vec::new(),
            inputs: Vec::new(),
            in_report: false,
        }
    }
}

impl UncertaintySettings {
    /// Nothing set beyond the defaults (not written to the project file).
    pub fn is_default(&self) -> bool {
        *self == UncertaintySettings::default()
    }
}
