//! An indicator's formula as a report block: the engine's description of the value formula
//! and physical model (`engine::formula_doc`) in the report language, with the items of a
//! priced formula named from the registry (components, their units and price parameters).

use super::Cx;
use crate::engine::formula_doc::formula_doc;
use crate::registry::{Formula, IndicatorSpec, MethodSpec, PriceRef};
use crate::report::doc::{self, Block};

/// The formula of `spec` computed by `method`, with its symbols explained.
pub fn block(cx: &Cx, spec: &IndicatorSpec, method: &MethodSpec) -> Block {
    let d = formula_doc(&spec.formula, &method.model);
    let symbols = d
        .symbols
        .iter()
        .map(|x| doc::Symbol {
            math: x.math.to_string(),
            text: x.text.to_string(),
            meaning: if cx.zh() { x.zh } else { x.en }.to_string(),
        })
        .collect();
    Block::Formula(doc::Formula {
        math: d.math.to_string(),
        text: if cx.zh() { d.text_zh } else { d.text_en }.to_string(),
        symbols,
    })
}

/// For a priced formula, the items k it sums — name, unit and where the price comes from —
/// as one sentence; `None` for the other formula kinds.
pub fn components(cx: &Cx, spec: &IndicatorSpec) -> Option<String> {
    let Formula::Priced { components } = &spec.formula else {
        return None;
    };
    let items: Vec<String> = components
        .iter()
        .map(|c| {
            let price = match &c.price {
                PriceRef::Param(id) | PriceRef::Pollutant { cost: id, .. } => cx
                    .registry
                    .param(id)
                    .map_or_else(|| id.clone(), |p| p.name.get(cx.lang).to_string()),
                PriceRef::Input(id) => cx.input_name(&spec.id, id),
            };
            cx.keyf(
                "rs_methods_component",
                &[
                    ("name", c.name.get(cx.lang)),
                    ("unit", cx.unit(c.unit)),
                    ("price", &price),
                ],
            )
        })
        .collect();
    (!items.is_empty()).then(|| {
        cx.keyf(
            "rs_methods_components",
            &[("items", &items.join(cx.key("rs_list_sep")))],
        )
    })
}
