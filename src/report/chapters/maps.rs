//! The report's maps: GEP and GEP per km² by county (for the values chapter) and the
//! compensation amounts (for the compensation chapter), each a figure drawn by `view::map`
//! with its legend, scale bar, north arrow, source line or schematic notice. Chapters call
//! these with one line each; when no county has an outline the values chapter says so once.

use super::Cx;
use crate::engine::compensation::scenario::Outcome;
use crate::report::doc::{Block, Figure, NoteKind};
use crate::view::map::{self, MapClassing, MapError, MapInputs, MapQuantity, MapRequest, svg};

/// Number of colour classes of the report's maps.
const CLASSES: usize = 5;

/// The map of `quantity` as a figure captioned with its title.
fn figure(cx: &Cx, quantity: MapQuantity, outcome: Option<&Outcome>) -> Result<Block, MapError> {
    let inputs = MapInputs {
        project: cx.project,
        registry: cx.registry,
        accounts: cx.accounts,
        compensation: outcome,
        growth: None,
        lang: cx.lang,
    };
    let req = MapRequest {
        quantity,
        year: cx.accounts.year,
        classing: MapClassing::Jenks,
        classes: CLASSES,
    };
    let scene = map::scene(&inputs, &req)?;
    let (width, height) = svg::size(&scene, svg::DEFAULT_WIDTH);
    Ok(Block::Figure(Figure {
        svg: svg::to_svg(&scene, svg::DEFAULT_WIDTH, cx.lang),
        width,
        height,
        caption: scene.title,
    }))
}

/// GEP and GEP per km² by county; a note instead when no county has an outline.
pub fn value_maps(cx: &Cx) -> Vec<Block> {
    let mut out = Vec::new();
    for q in [MapQuantity::Gep, MapQuantity::GepPerKm2] {
        match figure(cx, q, None) {
            Ok(b) => out.push(b),
            Err(MapError::NoOutlines) => {
                let e = MapError::NoOutlines.message(cx.lang);
                return vec![Block::Note(NoteKind::Info, e)];
            }
            // A quantity without values (no land area, nothing entered) has no map.
            Err(_) => {}
        }
    }
    out
}

/// The compensation amounts by county, receive vs pay (none for the priority method, whose
/// zones the ranking chart shows, or without outlines).
pub fn compensation_map(cx: &Cx, outcome: &Outcome) -> Vec<Block> {
    figure(cx, MapQuantity::Compensation, Some(outcome))
        .into_iter()
        .collect()
}
