//! The report's maps: the counties' dominant ecosystem types (for 区域概况), GEP and GEP per
//! km² by county (for the values chapter) and the compensation amounts (for the compensation
//! chapter), each a figure drawn by `view::map` with its legend, scale bar, north arrow, source
//! line or schematic notice. Chapters call these with one line each; when no county has an
//! outline the region and values chapters say so once.
//!
//! A printed map is drawn `PRINT_WIDTH` px wide and shrunk to the page's text width (about
//! 510 pt), so its legend and notes print at about 10 pt and its county labels, placed at
//! `PRINT_LABEL_PX`, at about 9.5 pt.

use super::Cx;
use crate::engine::compensation::scenario::Outcome;
use crate::report::doc::{Block, Figure, NoteKind};
use crate::view::map::{self, MapClassing, MapError, MapInputs, MapQuantity, MapRequest, svg};

/// Number of colour classes of the report's maps.
const CLASSES: usize = 5;
/// Drawing width of a printed map (px): narrower than the screen's, so its text prints larger.
const PRINT_WIDTH: u32 = 640;
/// County label size of a printed map (px on the builder's nominal box).
const PRINT_LABEL_PX: f64 = 15.0;

/// The map of `quantity` as a figure captioned with its title.
fn figure(cx: &Cx, quantity: MapQuantity, outcome: Option<&Outcome>) -> Result<Block, MapError> {
    let scene = scene(cx, quantity, outcome)?;
    Ok(Block::Figure(figure_of(&scene, scene.title.clone(), cx)))
}

fn scene(
    cx: &Cx,
    quantity: MapQuantity,
    outcome: Option<&Outcome>,
) -> Result<map::MapScene, MapError> {
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
    map::scene_with_labels(&inputs, &req, PRINT_LABEL_PX)
}

fn figure_of(scene: &map::MapScene, caption: String, cx: &Cx) -> Figure {
    let (width, height) = svg::size(scene, PRINT_WIDTH);
    Figure {
        svg: svg::to_svg(scene, PRINT_WIDTH, cx.lang),
        width,
        height,
        caption,
    }
}

/// The region's location map, each county coloured by its dominant ecosystem type; one line
/// instead when no county has an outline, nothing without land cover (the chapter says so).
pub fn region_map(cx: &Cx) -> Vec<Block> {
    match scene(cx, MapQuantity::Ecosystem, None) {
        Ok(s) => {
            let caption = cx.keyf(
                "rs_region_map_caption",
                &[
                    ("region", &super::general::region_name(cx)),
                    ("year", &cx.accounts.year.to_string()),
                ],
            );
            vec![
                Block::Para(cx.key("rs_region_map_intro").into()),
                Block::Figure(figure_of(&s, caption, cx)),
            ]
        }
        Err(MapError::NoOutlines) => vec![Block::Para(cx.key("rs_region_no_map").into())],
        Err(_) => Vec::new(),
    }
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
