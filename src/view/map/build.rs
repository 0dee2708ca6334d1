//! The map builder: `scene` turns a project's outlines and its accounts into a `MapScene` —
//! the quantity per county in a display unit picked for the map (亿元 / 万元 / 元, per km², per
//! person, %, a ratio or the ECPS classes), colour classes (`classes`), the legend, labels
//! placed without collisions, hover details (value, rank, share of the region), the scale bar,
//! payer → receiver flows of horizontal compensation, and the lines every map prints (the
//! schematic notice or the user's source, then framework, year and price basis).
//!
//! Values are taken from the accounts, the compensation outcome or the growth comparison and
//! only converted to display units here; nothing is recomputed.

use std::collections::HashMap;

use super::classes::{self, Class, NO_VALUE_COLOR};
use super::ecosystem;
use super::geometry::{self, LabelWish, Projection};
use super::{
    Flow, Legend, MapArea, MapInputs, MapQuantity, MapRequest, MapScene, PlanePolygon, ScaleBar,
};
use crate::boundaries::{Origin, outlines_for};
use crate::engine::Status;
use crate::engine::compensation::scenario::{Detail, Outcome};
use crate::engine::compensation::{Direction, PriorityClass};
use crate::format;
use crate::i18n::{Lang, Text, t, tf};
use crate::units::MoneyUnit;
use crate::view::Labels;
use crate::view::chart::{Rgb, class_color};

/// Why a map cannot be drawn; `message` words it in the display language.
#[derive(Debug, Clone, PartialEq)]
pub enum MapError {
    /// None of the project's counties has an outline.
    NoOutlines,
    /// No county has a value of the quantity for the year.
    NotComputed { quantity: Text, year: i32 },
    /// `indicator:<id>` names no indicator of the registry or the project.
    UnknownIndicator(String),
    /// The compensation map was asked for without a scenario outcome.
    NoScenario,
    /// The project's compensation scenario cannot run (the engine's reason).
    ScenarioFailed { reason: Text },
    /// The scenario's method (priority ranking) gives classes, not amounts.
    NoAmounts,
    /// Real growth needs an earlier accounting year.
    NoGrowth,
}

impl MapError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            MapError::NoOutlines => t(lang, "map_err_no_outlines").to_string(),
            MapError::NotComputed { quantity, year } => tf(
                lang,
                "map_err_not_computed",
                &[
                    ("quantity", quantity.get(lang)),
                    ("year", &year.to_string()),
                ],
            ),
            MapError::UnknownIndicator(id) => tf(lang, "map_err_unknown_indicator", &[("id", id)]),
            MapError::NoScenario => t(lang, "map_err_no_scenario").to_string(),
            MapError::ScenarioFailed { reason } => tf(
                lang,
                "map_err_scenario_failed",
                &[("reason", reason.get(lang))],
            ),
            MapError::NoAmounts => t(lang, "map_err_no_amounts").to_string(),
            MapError::NoGrowth => t(lang, "map_err_no_growth").to_string(),
        }
    }
}

impl std::fmt::Display for MapError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "{} / {}", self.message(Lang::Zh), self.message(Lang::En))
    }
}

impl std::error::Error for MapError {}

/// Label size in pixels on a map drawn in `NOMINAL_PX` (the report's and the page's map box);
/// a renderer that draws the map larger draws its labels larger in proportion, so they never
/// collide at any zoom.
pub const LABEL_PX: f64 = 12.0;
pub const NOMINAL_PX: (f64, f64) = (760.0, 560.0);
/// Widest flow arrow (points) and the narrowest, so small amounts stay visible.
const FLOW_MAX: f64 = 8.0;
const FLOW_MIN: f64 = 1.2;

/// How a quantity is coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scale {
    Sequential,
    /// Signed around zero; `money` words the sides as receives / pays.
    Diverging {
        money: bool,
    },
    /// Categories (ECPS priority classes, dominant ecosystem types): `Values::categories`.
    Classes,
}

/// The categories of a categorical map: each county's category (index into `entries`), the
/// legend's swatches and how a county's value is worded (`key` with `{class}` and the
/// placeholder `field` for the number).
#[derive(Default)]
struct Categories {
    of: HashMap<String, usize>,
    entries: Vec<(Rgb, String)>,
    key: &'static str,
    field: &'static str,
}

/// A quantity's values per county code in base units, with how to show them.
struct Values {
    name: String,
    raw: HashMap<String, f64>,
    /// Display value = raw ÷ `factor`.
    factor: f64,
    unit: String,
    decimals: usize,
    scale: Scale,
    /// Summing over counties makes sense (share of the region).
    additive: bool,
    /// Rank counties by the value in their hover details (not for a dominant type's share).
    ranked: bool,
    /// The categories of `Scale::Classes`.
    categories: Categories,
}

impl Values {
    fn display(&self, code: &str) -> Option<f64> {
        self.raw.get(code).map(|v| v / self.factor)
    }

    fn number(&self, v: f64) -> String {
        let n = format::num(v, self.decimals);
        if self.unit.is_empty() {
            n
        } else if self.unit == "%" {
            format!("{n}%")
        } else {
            format!("{n} {}", self.unit)
        }
    }
}

/// The map of `req.quantity` for the accounts' year.
pub fn scene(inputs: &MapInputs, req: &MapRequest) -> Result<MapScene, MapError> {
    scene_with_labels(inputs, req, LABEL_PX)
}

/// The map with county labels of `label_px` on the nominal box instead of `LABEL_PX`: a
/// printed map, shrunk to the page's text width, needs larger labels to stay legible (fewer
/// then fit without colliding).
pub fn scene_with_labels(
    inputs: &MapInputs,
    req: &MapRequest,
    label_px: f64,
) -> Result<MapScene, MapError> {
    let lang = inputs.lang;
    let l = Labels::new(inputs.project, inputs.registry, lang);
    let outlines = outlines_for(inputs.project);
    let proj = Projection::fit(&outlines.shapes).ok_or(MapError::NoOutlines)?;
    let values = values(inputs, &req.quantity, &l)?;
    let mut missing: Vec<String> = outlines.missing.clone();
    let mut shapes: Vec<(String, Vec<PlanePolygon>)> = Vec::new();
    for s in &outlines.shapes {
        let polygons = proj.shape(s);
        if polygons.is_empty() {
            missing.push(s.county.clone());
        } else {
            shapes.push((s.county.clone(), polygons));
        }
    }
    let bounds =
        geometry::extent(shapes.iter().flat_map(|(_, p)| p)).ok_or(MapError::NoOutlines)?;
    let shown: Vec<f64> = shapes
        .iter()
        .filter_map(|(c, _)| values.display(c))
        .collect();
    let class_list = match values.scale {
        Scale::Sequential => classes::sequential(&shown, req.classes.clamp(3, 7), req.classing),
        Scale::Diverging { .. } => {
            classes::diverging(&shown, req.classes.clamp(3, 7), req.classing)
        }
        Scale::Classes => Vec::new(),
    };
    let name_of = |code: &str| {
        inputs
            .project
            .county(code)
            .map_or_else(|| code.to_string(), |c| c.name.get(lang).to_string())
    };
    let ranks = if values.ranked {
        ranks(&values, shapes.iter().map(|(c, _)| c.as_str()))
    } else {
        HashMap::new()
    };
    let total: f64 = values.raw.values().filter(|v| **v > 0.0).sum();
    let mut areas: Vec<MapArea> = shapes
        .into_iter()
        .map(|(code, polygons)| {
            let value = values.display(&code);
            let (fill, class) = fill(&values, &class_list, &code, value);
            let value_text = value_text(&values, &code, value, lang);
            let mut details = vec![(values.name.clone(), value_text.clone())];
            details.extend(details_of(inputs, &values, &code, ranks.get(&code), total));
            MapArea {
                name: name_of(&code),
                triangles: geometry::triangles(&polygons),
                county: code,
                polygons,
                value,
                value_text,
                fill,
                class,
                label_at: None,
                label_size: 0.0,
                details,
            }
        })
        .collect();
    let label_size = label_size(bounds) * label_px / LABEL_PX;
    place_labels(&mut areas, label_size);
    let legend = legend(&values, &class_list, &mut areas, lang);
    let flows = match (&req.quantity, inputs.compensation) {
        (MapQuantity::Compensation, Some(o)) => flows(o, &areas, &values),
        _ => Vec::new(),
    };
    let km = geometry::scale_length(bounds[2] - bounds[0]);
    let missing: Vec<String> = missing.iter().map(|c| name_of(c)).collect();
    Ok(MapScene {
        title: title(inputs, &req.quantity, &values.name),
        file_stem: file_stem(&req.quantity, inputs.accounts.year),
        bounds,
        notes: notes(inputs, &l, &req.quantity, &outlines.origin, &missing),
        areas,
        legend,
        flows,
        scale_bar: ScaleBar {
            km,
            label: tf(lang, "map_scale_km", &[("km", &format::num(km, 0))]),
        },
        missing,
        label_size,
    })
}

/// An ASCII file name for the map: "map_gep_2022", "map_indicator_water_conservation_2022".
pub fn file_stem(q: &MapQuantity, year: i32) -> String {
    let what = match q {
        MapQuantity::Gep => "gep".to_string(),
        MapQuantity::GepPerKm2 => "gep_per_km2".to_string(),
        MapQuantity::GepPerCapita => "gep_per_capita".to_string(),
        MapQuantity::GepPerGdp => "gep_per_gdp".to_string(),
        MapQuantity::Category(c) => c.key().to_string(),
        MapQuantity::Indicator(id) => {
            let id: String = id
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                .collect();
            format!("indicator_{id}")
        }
        MapQuantity::Esv => "esv".to_string(),
        MapQuantity::RealGrowth => "real_growth".to_string(),
        MapQuantity::Compensation => "compensation".to_string(),
        MapQuantity::PriorityClass => "priority_zones".to_string(),
        MapQuantity::Ecosystem => "ecosystem".to_string(),
    };
    format!("map_{what}_{year}")
}

/// Font size of a full-size label in plane km: `LABEL_PX` on the map fitted into `NOMINAL_PX`.
pub fn label_size(bounds: [f64; 4]) -> f64 {
    let (w, h) = (
        (bounds[2] - bounds[0]).max(1e-9),
        (bounds[3] - bounds[1]).max(1e-9),
    );
    let px_per_km = (NOMINAL_PX.0 / w).min(NOMINAL_PX.1 / h);
    LABEL_PX / px_per_km
}

fn place_labels(areas: &mut [MapArea], size: f64) {
    let wishes: Vec<LabelWish> = areas
        .iter()
        .map(|a| LabelWish {
            at: geometry::label_point(&a.polygons),
            text: &a.name,
            area: geometry::area(&a.polygons),
        })
        .collect();
    let placed = geometry::place_labels(&wishes, size);
    for (a, p) in areas.iter_mut().zip(placed) {
        if let Some((at, s)) = p {
            a.label_at = Some(at);
            a.label_size = s;
        }
    }
}

/// The money unit of a map whose largest amount is `max_abs` 元: 亿元 from one 亿, 万元 from
/// one 万, else 元.
pub fn money_unit(max_abs: f64) -> MoneyUnit {
    if max_abs >= 1e8 {
        MoneyUnit::YiYuan
    } else if max_abs >= 1e4 {
        MoneyUnit::WanYuan
    } else {
        MoneyUnit::Yuan
    }
}

/// Decimals that show differences between counties at this size.
fn decimals(max_abs: f64) -> usize {
    if max_abs >= 1000.0 {
        0
    } else if max_abs >= 100.0 {
        1
    } else if max_abs >= 1.0 {
        2
    } else {
        3
    }
}

fn quantity_name(q: &MapQuantity, l: &Labels) -> String {
    let lang = l.lang;
    match q {
        MapQuantity::Gep => t(lang, "map_q_gep").to_string(),
        MapQuantity::GepPerKm2 => t(lang, "map_q_gep_per_km2").to_string(),
        MapQuantity::GepPerCapita => t(lang, "map_q_gep_per_capita").to_string(),
        MapQuantity::GepPerGdp => t(lang, "map_q_gep_per_gdp").to_string(),
        MapQuantity::Category(c) => tf(lang, "map_q_category", &[("category", c.name().get(lang))]),
        MapQuantity::Indicator(id) => l.indicator_name(id),
        MapQuantity::Esv => t(lang, "map_q_esv").to_string(),
        MapQuantity::RealGrowth => t(lang, "map_q_growth").to_string(),
        MapQuantity::Compensation => t(lang, "map_q_compensation").to_string(),
        MapQuantity::PriorityClass => t(lang, "map_q_class").to_string(),
        MapQuantity::Ecosystem => t(lang, "rs_map_q_ecosystem").to_string(),
    }
}

/// Raw values (元, 元/km², 元/person, a ratio, a fraction or ECPS) by county code.
fn raw_values(inputs: &MapInputs, q: &MapQuantity) -> Result<HashMap<String, f64>, MapError> {
    let acc = inputs.accounts;
    let per_county = |f: &dyn Fn(&crate::engine::CountyAccount) -> Option<f64>| {
        acc.counties
            .iter()
            .filter_map(|c| Some((c.code.clone(), f(c).filter(|v| v.is_finite())?)))
            .collect::<HashMap<_, _>>()
    };
    Ok(match q {
        MapQuantity::Gep => per_county(&|c| Some(c.totals.gep)),
        MapQuantity::GepPerKm2 => per_county(&|c| c.ratios.gep_per_km2),
        MapQuantity::GepPerCapita => per_county(&|c| c.ratios.gep_per_capita),
        MapQuantity::GepPerGdp => per_county(&|c| c.ratios.gep_per_gdp),
        MapQuantity::Category(cat) => per_county(&|c| Some(c.totals.category(*cat))),
        MapQuantity::Indicator(id) => {
            let known = crate::model::catalogue::Catalogue::new(inputs.project, inputs.registry)
                .indicator(id)
                .is_some();
            if !known {
                return Err(MapError::UnknownIndicator(id.clone()));
            }
            per_county(&|c| {
                c.indicators
                    .iter()
                    .find(|a| &*a.id == id.as_str() && a.status == Status::Computed)
                    .map(|a| a.value)
            })
        }
        MapQuantity::Esv => per_county(&|c| c.esv.as_ref().map(|e| e.total)),
        MapQuantity::RealGrowth => {
            let g = inputs.growth.ok_or(MapError::NoGrowth)?;
            g.counties
                .iter()
                .filter_map(|c| Some((c.code.clone(), c.real_growth?)))
                .collect()
        }
        MapQuantity::Compensation => {
            let o = inputs.compensation.ok_or(MapError::NoScenario)?;
            if o.rows.iter().all(|r| r.amount_yuan.is_none()) {
                return Err(MapError::NoAmounts);
            }
            o.rows
                .iter()
                .filter_map(|r| Some((r.code.clone(), r.amount_yuan?)))
                .collect()
        }
        MapQuantity::PriorityClass => {
            let o = inputs.compensation.ok_or(MapError::NoScenario)?;
            o.priority
                .rows
                .iter()
                .filter_map(|r| Some((r.input.code.clone(), r.ecps?)))
                .collect()
        }
        MapQuantity::Ecosystem => {
            let cover = dominant_cover(inputs);
            acc.counties
                .iter()
                .filter_map(|c| Some((c.code.clone(), cover.dominant(&c.code)?.1)))
                .collect()
        }
    })
}

fn dominant_cover(inputs: &MapInputs) -> ecosystem::Cover {
    let codes = inputs.accounts.counties.iter().map(|c| c.code.as_str());
    ecosystem::Cover::of(inputs.project, inputs.registry, inputs.accounts.year, codes)
}

/// The categories of a categorical quantity: ECPS classes, or each county's dominant
/// ecosystem type with a swatch for every type that dominates somewhere (registry order).
fn categories(inputs: &MapInputs, q: &MapQuantity) -> Categories {
    let lang = inputs.lang;
    match (q, inputs.compensation) {
        (MapQuantity::PriorityClass, Some(o)) => Categories {
            of: o
                .priority
                .rows
                .iter()
                .filter_map(|r| Some((r.input.code.clone(), class_rank(r.class?))))
                .collect(),
            entries: [
                PriorityClass::Priority,
                PriorityClass::Secondary,
                PriorityClass::Potential,
            ]
            .into_iter()
            .map(|c| (class_color(c), class_label(c, lang).to_string()))
            .collect(),
            key: "map_class_value",
            field: "ecps",
        },
        (MapQuantity::Ecosystem, _) => {
            let cover = dominant_cover(inputs);
            let dominant: HashMap<String, usize> = inputs
                .accounts
                .counties
                .iter()
                .filter_map(|c| Some((c.code.clone(), cover.dominant(&c.code)?.0)))
                .collect();
            let used: Vec<usize> = (0..cover.types.len())
                .filter(|k| dominant.values().any(|d| d == k))
                .collect();
            let name = |id: &str| {
                inputs.registry.ecosystem(id).map_or_else(
                    || t(lang, "rs_map_eco_untyped").to_string(),
                    |e| e.name.get(lang).to_string(),
                )
            };
            Categories {
                of: dominant
                    .into_iter()
                    .filter_map(|(code, k)| Some((code, used.iter().position(|u| *u == k)?)))
                    .collect(),
                entries: used
                    .iter()
                    .map(|&k| {
                        let id = &cover.types[k];
                        (ecosystem::color(id), name(id))
                    })
                    .collect(),
                key: "rs_map_eco_value",
                field: "share",
            }
        }
        _ => Categories::default(),
    }
}

fn values(inputs: &MapInputs, q: &MapQuantity, l: &Labels) -> Result<Values, MapError> {
    let lang = l.lang;
    let raw = raw_values(inputs, q)?;
    // A GEP of 0 for every county means nothing was entered: say so rather than draw it.
    let nothing = raw.is_empty()
        || (matches!(
            q,
            MapQuantity::Gep | MapQuantity::Category(_) | MapQuantity::Esv
        ) && raw.values().all(|v| *v == 0.0));
    if nothing {
        let name = |lang| quantity_name(q, &Labels::new(inputs.project, inputs.registry, lang));
        return Err(MapError::NotComputed {
            quantity: Text::new(name(Lang::Zh), name(Lang::En)),
            year: inputs.accounts.year,
        });
    }
    let max_abs = raw.values().fold(0.0_f64, |m, v| m.max(v.abs()));
    let money = |per: Option<&'static str>| {
        let unit = money_unit(max_abs);
        let sym = unit.unit().symbol(lang);
        let factor = unit.unit().factor();
        let unit = match per {
            Some(key) => tf(lang, key, &[("unit", sym)]),
            None => sym.to_string(),
        };
        (factor, unit, decimals(max_abs / factor))
    };
    let (factor, unit, decimals) = match q {
        MapQuantity::GepPerKm2 => money(Some("map_unit_per_km2")),
        MapQuantity::GepPerCapita => money(Some("map_unit_per_person")),
        MapQuantity::GepPerGdp | MapQuantity::PriorityClass => {
            (1.0, String::new(), decimals(max_abs))
        }
        MapQuantity::RealGrowth | MapQuantity::Ecosystem => (0.01, "%".to_string(), 1),
        _ => money(None),
    };
    let scale = match q {
        MapQuantity::Compensation => Scale::Diverging { money: true },
        MapQuantity::RealGrowth => Scale::Diverging { money: false },
        MapQuantity::PriorityClass | MapQuantity::Ecosystem => Scale::Classes,
        _ => Scale::Sequential,
    };
    Ok(Values {
        name: quantity_name(q, l),
        raw,
        factor,
        unit,
        decimals,
        scale,
        additive: matches!(
            q,
            MapQuantity::Gep
                | MapQuantity::Category(_)
                | MapQuantity::Indicator(_)
                | MapQuantity::Esv
        ),
        ranked: *q != MapQuantity::Ecosystem,
        categories: categories(inputs, q),
    })
}

/// Rank of each shown county, 1 = largest value (for ECPS classes: the engine's ECPS rank).
fn ranks<'a>(
    values: &Values,
    codes: impl Iterator<Item = &'a str>,
) -> HashMap<String, (usize, usize)> {
    let mut v: Vec<(&str, f64)> = codes
        .filter_map(|c| Some((c, *values.raw.get(c)?)))
        .collect();
    v.sort_by(|a, b| b.1.total_cmp(&a.1));
    let n = v.len();
    v.into_iter()
        .enumerate()
        .map(|(i, (c, _))| (c.to_string(), (i + 1, n)))
        .collect()
}

fn fill(
    values: &Values,
    classes: &[Class],
    code: &str,
    value: Option<f64>,
) -> (Rgb, Option<usize>) {
    if values.scale == Scale::Classes {
        let cats = &values.categories;
        return match cats
            .of
            .get(code)
            .and_then(|&k| Some((cats.entries.get(k)?.0, k)))
        {
            Some((color, k)) => (color, Some(k)),
            None => (NO_VALUE_COLOR, None),
        };
    }
    match value.and_then(|v| classes::class_of(classes, v)) {
        Some(i) => (classes[i].color, Some(i)),
        None => (NO_VALUE_COLOR, None),
    }
}

/// Legend position of an ECPS class (highest first).
fn class_rank(c: PriorityClass) -> usize {
    match c {
        PriorityClass::Priority => 0,
        PriorityClass::Secondary => 1,
        PriorityClass::Potential => 2,
    }
}

fn class_label(c: PriorityClass, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => c.label_zh(),
        Lang::En => c.label_en(),
    }
}

fn value_text(values: &Values, code: &str, value: Option<f64>, lang: Lang) -> String {
    let Some(v) = value else {
        return t(lang, missing_key(values)).to_string();
    };
    match values.scale {
        Scale::Diverging { money: true } if v != 0.0 => {
            let key = if v > 0.0 { "map_receives" } else { "map_pays" };
            tf(lang, key, &[("amount", &values.number(v.abs()))])
        }
        Scale::Diverging { money: false } if v > 0.0 => format!("+{}", values.number(v)),
        Scale::Classes => {
            let cats = &values.categories;
            match cats.of.get(code).and_then(|&k| cats.entries.get(k)) {
                Some((_, class)) => tf(
                    lang,
                    cats.key,
                    &[("class", class), (cats.field, &values.number(v))],
                ),
                None => values.number(v),
            }
        }
        _ => values.number(v),
    }
}

fn missing_key(values: &Values) -> &'static str {
    match values.scale {
        Scale::Diverging { money: true } => "map_outside_scheme",
        _ => "map_no_value",
    }
}

/// Hover lines after the value: rank, share of the region (additive quantities), GEP.
fn details_of(
    inputs: &MapInputs,
    values: &Values,
    code: &str,
    rank: Option<&(usize, usize)>,
    total: f64,
) -> Vec<(String, String)> {
    let lang = inputs.lang;
    let mut out = Vec::new();
    if let Some((r, n)) = rank {
        out.push((
            t(lang, "map_detail_rank").to_string(),
            tf(
                lang,
                "map_rank_of",
                &[("rank", &r.to_string()), ("n", &n.to_string())],
            ),
        ));
    }
    if let Some(v) = values
        .raw
        .get(code)
        .filter(|v| values.additive && **v > 0.0 && total > 0.0)
    {
        out.push((
            t(lang, "map_detail_share").to_string(),
            format!("{}%", format::num(v / total * 100.0, 1)),
        ));
    }
    if values.name != t(lang, "map_q_gep")
        && let Some(c) = inputs.accounts.counties.iter().find(|c| c.code == code)
    {
        let unit = money_unit(c.totals.gep.abs());
        out.push((
            t(lang, "map_q_gep").to_string(),
            format::money(c.totals.gep, unit, lang),
        ));
    }
    out
}

/// The legend; a compensation legend always shows both sides of zero, saying "none" for a
/// side no county is on (a fund allocated from above has no payers), so a reader never takes
/// a one-sided map for a sequential one.
fn legend(values: &Values, classes: &[Class], areas: &mut [MapArea], lang: Lang) -> Legend {
    let title = if values.unit.is_empty() || values.scale == Scale::Classes {
        values.name.clone()
    } else {
        tf(
            lang,
            "map_legend_title",
            &[("name", &values.name), ("unit", &values.unit)],
        )
    };
    let mut entries: Vec<(Rgb, String)> = match values.scale {
        Scale::Classes => values.categories.entries.clone(),
        _ => classes
            .iter()
            .map(|c| (c.color, class_text(values, c, lang)))
            .collect(),
    };
    if values.scale == (Scale::Diverging { money: true }) {
        if !classes.iter().any(|c| c.hi < 0.0) {
            entries.insert(
                0,
                (
                    classes::PAY_NONE_COLOR,
                    t(lang, "map_legend_pays_none").into(),
                ),
            );
            for a in areas.iter_mut() {
                a.class = a.class.map(|i| i + 1);
            }
        }
        if !classes.iter().any(|c| c.lo > 0.0) {
            entries.push((
                classes::RECEIVE_NONE_COLOR,
                t(lang, "map_legend_receives_none").into(),
            ));
        }
    }
    if areas.iter().any(|a| a.class.is_none()) {
        entries.push((NO_VALUE_COLOR, t(lang, missing_key(values)).to_string()));
    }
    Legend { title, entries }
}

/// A class's legend text: its range ("10.00 – 20.00"), one value when it holds one, the side
/// of zero for compensation ("支付 1.00 – 2.00"), signed percentages for growth.
fn class_text(values: &Values, c: &Class, lang: Lang) -> String {
    let show = |v: f64| match values.scale {
        Scale::Diverging { money: false } if values.unit == "%" => pct(v, values.decimals),
        _ => format::num(v, values.decimals),
    };
    let range = |lo: f64, hi: f64| {
        if show(lo) == show(hi) {
            show(lo)
        } else {
            tf(lang, "map_range", &[("lo", &show(lo)), ("hi", &show(hi))])
        }
    };
    match values.scale {
        Scale::Diverging { money: true } if c.hi < 0.0 => {
            tf(lang, "map_legend_pays", &[("range", &range(-c.hi, -c.lo))])
        }
        Scale::Diverging { money: true } if c.lo > 0.0 => tf(
            lang,
            "map_legend_receives",
            &[("range", &range(c.lo, c.hi))],
        ),
        _ => range(c.lo, c.hi),
    }
}

fn pct(v: f64, decimals: usize) -> String {
    let s = format::num(v, decimals);
    if v > 0.0 {
        format!("+{s}%")
    } else {
        format!("{s}%")
    }
}

/// Payer → receiver arrows of horizontal compensation, width proportional to the amount.
fn flows(o: &Outcome, areas: &[MapArea], values: &Values) -> Vec<Flow> {
    let Detail::Horizontal(h) = &o.detail else {
        return Vec::new();
    };
    let Some(up) = o.rows.get(h.upstream) else {
        return Vec::new();
    };
    let at = |code: &str| {
        areas
            .iter()
            .find(|a| a.county == code)
            .and_then(|a| a.label_at.or_else(|| geometry::label_point(&a.polygons)))
    };
    let name = |code: &str| {
        areas
            .iter()
            .find(|a| a.county == code)
            .map_or_else(|| code.to_string(), |a| a.name.clone())
    };
    let parts: Vec<(&str, f64)> = h
        .gravity
        .rows
        .iter()
        .map(|g| (g.target.code.as_str(), h.amount_yuan * g.share))
        .filter(|(_, a)| *a > 0.0 && a.is_finite())
        .collect();
    let max = parts.iter().fold(0.0_f64, |m, p| m.max(p.1));
    parts
        .into_iter()
        .filter_map(|(down, amount)| {
            let (from, to) = match h.index.direction {
                Direction::DownstreamPaysUpstream => (down, up.code.as_str()),
                Direction::UpstreamPaysDownstream => (up.code.as_str(), down),
            };
            Some(Flow {
                from_at: at(from)?,
                to_at: at(to)?,
                from: name(from),
                to: name(to),
                width: FLOW_MIN + (FLOW_MAX - FLOW_MIN) * amount / max,
                label: values.number(amount / values.factor),
            })
        })
        .collect()
}

fn title(inputs: &MapInputs, q: &MapQuantity, name: &str) -> String {
    let year = match (q, inputs.growth) {
        (MapQuantity::RealGrowth, Some(g)) => tf(
            inputs.lang,
            "map_year_span",
            &[
                ("from", &g.from_year.to_string()),
                ("to", &g.to_year.to_string()),
            ],
        ),
        _ => inputs.accounts.year.to_string(),
    };
    tf(
        inputs.lang,
        "map_title",
        &[("year", &year), ("quantity", name)],
    )
}

/// The lines under the map: where the outlines come from, the data basis, illustrative data,
/// counties without an outline.
fn notes(
    inputs: &MapInputs,
    l: &Labels,
    q: &MapQuantity,
    origin: &Origin,
    missing: &[String],
) -> Vec<String> {
    let lang = l.lang;
    let acc = inputs.accounts;
    let mut out = vec![match origin {
        Origin::Bundled => t(lang, "map_note_schematic").to_string(),
        Origin::User { source } if source.trim().is_empty() => {
            t(lang, "map_note_user_no_source").to_string()
        }
        Origin::User { source } => tf(lang, "map_note_source", &[("source", source.trim())]),
    }];
    let mut data = match (q, inputs.growth) {
        (MapQuantity::RealGrowth, Some(g)) => tf(
            lang,
            "map_note_growth",
            &[
                ("framework", &l.framework_name(&g.framework)),
                ("from", &g.from_year.to_string()),
                ("to", &g.to_year.to_string()),
                ("base", &g.base_year.to_string()),
            ],
        ),
        (MapQuantity::Ecosystem, _) => tf(
            lang,
            "rs_map_note_eco_data",
            &[("year", &acc.year.to_string())],
        ),
        _ => tf(
            lang,
            "map_note_data",
            &[
                ("framework", &l.framework_name(&acc.framework)),
                ("year", &acc.year.to_string()),
                ("price_year", &acc.price_year.to_string()),
            ],
        ),
    };
    if let (MapQuantity::Compensation | MapQuantity::PriorityClass, Some(o)) =
        (q, inputs.compensation)
    {
        data.push_str(&tf(
            lang,
            "map_note_method",
            &[("method", Outcome::method_name(o.settings.method, lang))],
        ));
    }
    out.push(data);
    if inputs.project.meta.illustrative {
        out.push(t(lang, "illustrative").to_string());
    }
    if !missing.is_empty() {
        out.push(tf(
            lang,
            "map_note_missing",
            &[("names", &missing.join(t(lang, "map_list_sep")))],
        ));
    }
    out
}

#[cfg(test)]
pub(super) mod tests;
