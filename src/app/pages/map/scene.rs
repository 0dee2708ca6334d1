//! The map page's scene: built from the shown accounts (and the compensation outcome or the
//! growth against the previous accounting year when the quantity needs them) by
//! `view::map::scene`, kept until the project revision or the request changes. Large projects
//! build it on a background thread (thousands of outlines take seconds), so the window stays
//! responsive; the page shows a spinner meanwhile. No drawing here.

use std::sync::{Arc, OnceLock};

use crate::app::page_state::{MapKey, MapPage};
use crate::app::state::AppState;
use crate::engine::Accounts;
use crate::engine::compensation::scenario::Outcome;
use crate::engine::growth::Growth;
use crate::i18n::{Lang, t, tf};
use crate::model::Project;
use crate::registry::Registry;
use crate::view::map::{MapInputs, MapQuantity, MapRequest, MapScene};

/// Projects with more counties than this build their map on a background thread.
const BACKGROUND_LIMIT: usize = 300;

/// What the page can show this frame.
pub(super) enum Shown {
    Ready(Result<Arc<MapScene>, String>),
    /// Being built on a background thread.
    Building,
}

/// What the scene of the page's choices depends on.
pub(super) fn key(state: &AppState, mem: &MapPage) -> MapKey {
    MapKey {
        revision: state.revision,
        framework: state.framework.clone(),
        lang: state.lang(),
        money: state.settings.money_unit,
        request: mem.request(state.year),
    }
}

/// The scene of the page's choices: the cached one when nothing it depends on changed, else
/// built now (small projects) or on a background thread (large ones).
pub(super) fn scene(state: &mut AppState, mem: &mut MapPage) -> Shown {
    let key = key(state, mem);
    if let Some(s) = mem.cached(&key) {
        return Shown::Ready(s);
    }
    if let Some((k, cell)) = &mem.job
        && *k == key
    {
        let Some(done) = cell.get() else {
            return Shown::Building;
        };
        let done = done.clone();
        mem.job = None;
        mem.scene = Some((key, done.clone()));
        return Shown::Ready(done);
    }
    let inputs = match prepare(state, &key.request) {
        Ok(p) => p,
        Err(e) => {
            mem.scene = Some((key, Err(e.clone())));
            return Shown::Ready(Err(e));
        }
    };
    if state.project.counties.len() <= BACKGROUND_LIMIT {
        let built = inputs.build(&key.request);
        mem.scene = Some((key, built.clone()));
        return Shown::Ready(built);
    }
    // A job for other choices is left to finish on its own; its result is dropped.
    let cell = Arc::new(OnceLock::new());
    let out = cell.clone();
    let request = key.request.clone();
    std::thread::spawn(move || {
        let _ = out.set(inputs.build(&request));
    });
    mem.job = Some((key, cell));
    Shown::Building
}

/// Everything the builder reads, owned, so it can run on another thread.
struct Prepared {
    project: Project,
    accounts: Arc<Accounts>,
    compensation: Option<Arc<Outcome>>,
    growth: Option<Growth>,
    lang: Lang,
}

impl Prepared {
    /// The map builder (`view::map::build`), its error worded in the language shown.
    fn build(&self, req: &MapRequest) -> Result<Arc<MapScene>, String> {
        let inputs = MapInputs {
            project: &self.project,
            registry: Registry::builtin(),
            accounts: &self.accounts,
            compensation: self.compensation.as_deref(),
            growth: self.growth.as_ref(),
            lang: self.lang,
        };
        crate::view::map::scene(&inputs, req)
            .map(Arc::new)
            .map_err(|e| e.message(self.lang))
    }
}

/// The builder's inputs from the state: the shown accounts, and the compensation outcome or
/// the growth against the previous accounting year when the quantity needs them.
fn prepare(state: &mut AppState, req: &MapRequest) -> Result<Prepared, String> {
    let lang = state.lang();
    if state.project.counties.is_empty() {
        return Err(t(lang, "mp_no_counties").to_string());
    }
    let accounts = state.accounts().map_err(|e| e.message(lang))?;
    let compensation = match req.quantity {
        MapQuantity::Compensation | MapQuantity::PriorityClass => Some(state.compensation()?),
        _ => None,
    };
    let growth = if req.quantity == MapQuantity::RealGrowth {
        let year = state.year;
        let Some(from) = state.project.previous_year(year) else {
            return Err(tf(
                lang,
                "mp_growth_needs_previous",
                &[("year", &year.to_string())],
            ));
        };
        Some(state.growth(from, year).map_err(|e| e.message(lang))?)
    } else {
        None
    };
    Ok(Prepared {
        project: state.project.clone(),
        accounts,
        compensation,
        growth,
        lang,
    })
}
