//! Names of formula components: a `Priced` component's registered name, and the fixed
//! components that the built-in formula kinds compute (soil retention's sediment, nitrogen and
//! phosphorus, sand fixation's area, recreation's visits, material products' gross or net
//! output value). Views name components through `Formula::component_name`; nothing else keeps a
//! list of component names.

use super::Formula;
use crate::i18n::Lang;

/// (component id, 中文, English) of the fixed components of each built-in formula kind.
const SOIL_RETENTION: &[(&str, &str, &str)] = &[
    ("sediment", "泥沙减淤量", "sediment retained"),
    ("nitrogen", "氮保持量", "nitrogen retained"),
    ("phosphorus", "磷保持量", "phosphorus retained"),
];
const SAND_FIXATION: &[(&str, &str, &str)] =
    &[("sand_area", "减少沙化面积", "desertification avoided")];
const TRAVEL_COST: &[(&str, &str, &str)] = &[("visits", "游客人次", "visits")];
const PRODUCTS: &[(&str, &str, &str)] = &[
    ("gross", "总产值", "gross output value"),
    ("net", "净产值", "net output value"),
];

impl Formula {
    /// The display name of component `id` of this formula, if the formula has one of that id.
    pub fn component_name(&self, id: &str, lang: Lang) -> Option<&str> {
        let fixed = match self {
            Formula::Priced { components } => {
                return components
                    .iter()
                    .find(|c| c.id == id)
                    .map(|c| c.name.get(lang));
            }
            Formula::Products => PRODUCTS,
            Formula::SoilRetention { .. } => SOIL_RETENTION,
            Formula::SandFixation { .. } => SAND_FIXATION,
            Formula::TravelCost { .. } => TRAVEL_COST,
        };
        fixed
            .iter()
            .find(|(c, _, _)| *c == id)
            .map(|(_, zh, en)| if lang == Lang::Zh { *zh } else { *en })
    }
}
