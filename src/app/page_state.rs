//! What the pages remember between frames: selections, filters, tabs, a switched-away D
//! definition, the chart shown and the last two-year comparison. Owned by `AppState::pages`, never saved with the project or the settings, and
//! reset when the app starts.
//!
//! It used to live in egui's temp memory under ad-hoc ids, where tests had to poke it by id
//! and nothing said which page owned what. The text of a cell while it is being edited is
//! widget state and stays with the widget (`widgets.rs`). This module holds plain data only:
//! no egui, no drawing, no project edits.

use std::collections::HashMap;
use std::sync::Arc;

use crate::engine::ComputeError;
use crate::engine::growth::Growth;
use crate::model::StandardEquivalent;
use crate::view::chart;
use crate::view::map::{MapClassing, MapQuantity, MapRequest, MapScene};

/// Land-class columns (id, name) kept for a revision and a language.
pub type ClassColumns = (
    u64,
    crate::i18n::Lang,
    std::sync::Arc<Vec<(String, String)>>,
);

/// The state of every page that keeps any.
#[derive(Debug, Clone, Default)]
pub struct PageStates {
    pub services: ServicesPage,
    pub ecosystems: EcosystemsPage,
    pub prices: PricesPage,
    pub esv: EsvPage,
    pub counties: CountiesPage,
    pub results: ResultsPage,
    pub charts: ChartsPage,
    pub map: MapPage,
    /// GEP 变化分解: the two years, the place, the options and the last result.
    pub decompose: crate::app::pages::decompose::DecomposePage,
    /// The selected county each page last brought into view (`AppState::selection_scroll`).
    pub selection_seen: HashMap<crate::app::nav::Page, Option<String>>,
    /// The last two-year comparison (asked for by the charts page through
    /// `AppState::growth`). Kept beside `charts`, not in it, because the page takes its own
    /// state out while it draws.
    pub growth: GrowthCache,
    /// The cells of the last block paste that were not written, listed for the user (any
    /// table; cleared when a paste has none, or when the user closes the list).
    pub paste: Option<PasteReport>,
    /// Land-class columns of the 土地覆被 table for (revision, language): finding the classes
    /// the data uses reads every county's land cover, too much for every frame.
    pub land_cover_columns: Option<ClassColumns>,
}

/// A block paste's unwritten cells: "county · column: text (why)" lines, in block order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PasteReport {
    pub written: usize,
    pub lines: Vec<String>,
}

/// 生态服务: the selected indicator and which county's product lines are open.
#[derive(Debug, Clone, Default)]
pub struct ServicesPage {
    /// Indicator id, or the imported-products pseudo-entry; empty = the first indicator.
    pub selected: String,
    /// Frame number the page was last drawn in (a jump from validation is taken once per visit).
    pub last_frame: u64,
    /// The validation jump (county code, field) already followed this visit.
    pub focus_handled: Option<(String, String)>,
    /// Method the user last switched all counties to, per indicator (used while no county
    /// has an entry).
    pub method_pick: HashMap<String, String>,
    /// County whose product lines are open, per material-product indicator.
    pub lines_open: HashMap<String, String>,
    /// The indicator list and the selected indicator's table, derived once per change.
    pub(crate) lists: Option<std::sync::Arc<crate::app::pages::services::Lists>>,
    pub(crate) table: Option<std::sync::Arc<crate::app::pages::services::Table>>,
}

/// 分生态系统: the county shown, the tab, the indicator whose parts are edited and the
/// subtype form being filled in.
#[derive(Debug, Clone, Default)]
pub struct EcosystemsPage {
    /// County code; `None` = the project's first county.
    pub county: Option<String>,
    /// 0 = inputs by part, 1 = land cover of the parts, 2 = the table by ecosystem type.
    pub tab: u8,
    /// Indicator id whose inputs by part are shown; empty = the first one.
    pub indicator: String,
    pub form: SubtypeForm,
}

/// What the subtype form holds while it is filled in (page state, not the project).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SubtypeForm {
    pub zh: String,
    pub en: String,
    /// Ecosystem type id; empty = the first type.
    pub parent: String,
    /// The subtype being edited; `None` = the form adds a new one.
    pub editing: Option<String>,
}

/// Which parameters the prices table shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ParamShow {
    #[default]
    All,
    Unverified,
    NeedsValue,
    Overridden,
    Used,
}

/// 价格参数: tab, the parameter table's filter and selection, the index tab's selection and
/// the "add a year" fields of each series.
#[derive(Debug, Clone, Default)]
pub struct PricesPage {
    /// 0 = parameters, 1 = price indices.
    pub tab: u8,
    pub filter: String,
    pub show: ParamShow,
    /// Parameter id whose details are open.
    pub selected: Option<String>,
    /// Price-index series shown.
    pub index_selected: Option<String>,
    /// Typed (year, value) of the new-year row, per series id.
    pub new_year: HashMap<String, (String, String)>,
}

/// 当量因子: the D definition of each method the user switched away from this session, so
/// switching back restores it.
#[derive(Debug, Clone, Default)]
pub struct EsvPage {
    pub stash: Vec<StandardEquivalent>,
}

impl EsvPage {
    /// Keeps `se`, replacing an earlier one of the same method.
    pub fn stash(&mut self, se: StandardEquivalent) {
        let d = std::mem::discriminant(&se);
        self.stash.retain(|s| std::mem::discriminant(s) != d);
        self.stash.push(se);
    }
}

/// 县区: the table's filter and sort.
#[derive(Debug, Clone, Default)]
pub struct CountiesPage {
    pub filter: String,
    /// Sort column (0 = table order) and direction.
    pub sort: (u8, bool),
}

/// 结果: whether the table shows physical quantities instead of values.
#[derive(Debug, Clone, Default)]
pub struct ResultsPage {
    pub show_quantity: bool,
    /// A block of indicator cells picked with Shift+click from the traced cell: first and
    /// last county row, first and last indicator column (what 复制表格 / Ctrl+C copies).
    pub block: Option<[usize; 4]>,
}

/// 图表: the chart shown and its options, and the export path typed in the app.
#[derive(Debug, Clone, Default)]
pub struct ChartsPage {
    /// The chart shown and its options.
    pub choice: chart::build::Choice,
    /// The in-app path field (when no native file dialog is available): format and text.
    pub prompt: Option<(chart::render::Format, String)>,
}

/// 地图: what the map shows, the view (zoom and pan), the scene last built and what it was
/// built for, and the export path typed in the app.
#[derive(Debug, Clone)]
pub struct MapPage {
    pub quantity: MapQuantity,
    pub classing: MapClassing,
    /// Number of colour classes (3–7).
    pub classes: usize,
    /// Zoom factor (1 = the whole map fits) and pan offset in screen points.
    pub zoom: f32,
    pub pan: [f32; 2],
    /// The scene and the inputs it was built for; rebuilt when any of them differs.
    pub scene: Option<(MapKey, SceneResult)>,
    /// A scene being built on a background thread (large projects) and what for.
    pub job: Option<(MapKey, Arc<std::sync::OnceLock<SceneResult>>)>,
    /// The in-app path field for an export (format and text).
    pub prompt: Option<(chart::render::Format, String)>,
}

impl Default for MapPage {
    fn default() -> Self {
        MapPage {
            quantity: MapQuantity::Gep,
            classing: MapClassing::Jenks,
            classes: 5,
            zoom: 1.0,
            pan: [0.0, 0.0],
            scene: None,
            job: None,
            prompt: None,
        }
    }
}

impl MapPage {
    /// The request of the page's choices for `year`.
    pub fn request(&self, year: i32) -> MapRequest {
        MapRequest {
            quantity: self.quantity.clone(),
            year,
            classing: self.classing,
            classes: self.classes,
        }
    }

    /// The scene built for exactly `key`, if any.
    pub fn cached(&self, key: &MapKey) -> Option<Result<Arc<MapScene>, String>> {
        self.scene
            .as_ref()
            .filter(|(k, _)| k == key)
            .map(|(_, s)| s.clone())
    }
}

/// A built map scene, or why there is none (in the language shown).
pub type SceneResult = Result<Arc<MapScene>, String>;

/// What a map scene depends on besides the project's data.
#[derive(Debug, Clone, PartialEq)]
pub struct MapKey {
    pub revision: u64,
    pub framework: String,
    pub lang: crate::i18n::Lang,
    pub money: crate::units::MoneyUnit,
    pub request: MapRequest,
}

/// The last two-year comparison and what it was computed for; recomputed when any of
/// (project revision, framework, from, to) differs.
#[derive(Debug, Clone, Default)]
pub struct GrowthCache(Option<GrowthEntry>);

#[derive(Debug, Clone)]
struct GrowthEntry {
    revision: u64,
    framework: String,
    years: (i32, i32),
    result: Result<Growth, ComputeError>,
}

impl GrowthCache {
    pub fn new(
        revision: u64,
        framework: String,
        from: i32,
        to: i32,
        result: Result<Growth, ComputeError>,
    ) -> Self {
        GrowthCache(Some(GrowthEntry {
            revision,
            framework,
            years: (from, to),
            result,
        }))
    }

    /// The result kept for exactly these inputs, if any.
    pub fn get(
        &self,
        revision: u64,
        framework: &str,
        from: i32,
        to: i32,
    ) -> Option<Result<Growth, ComputeError>> {
        self.0
            .as_ref()
            .filter(|e| e.revision == revision && e.framework == framework && e.years == (from, to))
            .map(|e| e.result.clone())
    }
}
