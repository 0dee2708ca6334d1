//! Why GEP changed: the change of each county's (and the region's) GEP between two accounts
//! (year A → year B of one project, or a baseline → a scenario's project; same or different
//! frameworks) split into a quantity, a price, a coverage and a "value entered" effect, per
//! indicator and component (docs/methods.md, "Decomposition of GEP change").
//!
//! Every counted, computed indicator of an account is a sum of components V = Σ_k Q_k × P_k
//! (`ComponentAccount`). Components are matched between the two accounts by county,
//! indicator, component id and unit, and each pair is split by the symmetric two-factor
//! (Shapley / midpoint) decomposition (Dietzenbacher & Los 1998, Economic Systems Research
//! 10(4): 307–323; for two factors it is the Bennet / Marshall–Edgeworth split):
//!
//! - quantity effect  ΔQ × (P_A + P_B) / 2,
//! - price effect     ΔV − quantity effect, i.e. ΔP × (Q_A + Q_B) / 2 in exact arithmetic:
//!   taken as the residual of each component so that the two parts add up to the component's
//!   change ΔV up to one rounding; a quantity that did not change gives a quantity effect of
//!   exactly 0.0 (0 × P̄);
//! - coverage effect  a component present in one account only (an indicator the other
//!   framework does not count, one not entered or failed in the other year, a product line or
//!   optional component added or dropped; a county in one account only): its whole value,
//!   + for entering, − for leaving;
//! - value entered    a component that is not quantity × price: a value entered in 元 or an
//!   output value (its "quantity" is an amount of money and its "price" a price-index factor),
//!   a travel-cost value with no visits, and the imported-products deduction of GB/T 46869:
//!   its whole change, never silently split or dropped.
//!
//! A county's effects are the sums over its components, the region's the sums over counties
//! (so the region is not re-split on aggregated quantities, which would add an aggregation
//! residual). The effects add up to the change of GEP up to the floating-point sums: the
//! accounts sum values in category order and this module sums effects component by component,
//! so the two sums may differ in the last bits (≈ n·ε·Σ|V| for n components; the tests hold
//! them to 1e-9 of the larger GEP).
//!
//! Constant prices: both accounts valued at the later account's year prices (`Options::price_year`,
//! the engine's constant-price path, `engine::growth`), so the price effect holds only what the
//! price-year conversion does not remove (relative price changes, products held at base prices).
//! Pure: accounts in, numbers out; no UI, no I/O.

use std::sync::Arc;

use serde::Serialize;

use super::accounts::{Accounts, ComponentAccount, CountyAccount, Status};
use super::{ComputeError, Options};
use crate::model::Project;
use crate::registry::{Category, Registry};
use crate::units::{Dimension, Unit};

/// Component id of the imported-products deduction row (GB/T 46869; a negative value).
pub const IMPORTS_ID: &str = "imported_deduction";

/// One side of a comparison: a project (the baseline or a scenario's materialised project),
/// its accounting year and framework (`None` = the project's).
#[derive(Debug, Clone, Copy)]
pub struct Side<'a> {
    pub project: &'a Project,
    pub year: i32,
    pub framework: Option<&'a str>,
}

/// The four effects (元). Their sum is the change of the row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Effects {
    pub quantity: f64,
    pub price: f64,
    pub coverage: f64,
    pub entered: f64,
}

impl Effects {
    /// quantity + price + coverage + entered.
    pub fn total(&self) -> f64 {
        self.quantity + self.price + self.coverage + self.entered
    }

    pub fn add(&mut self, o: &Effects) {
        self.quantity += o.quantity;
        self.price += o.price;
        self.coverage += o.coverage;
        self.entered += o.entered;
    }

    /// The effect of one kind.
    pub fn get(&self, e: Effect) -> f64 {
        match e {
            Effect::Quantity => self.quantity,
            Effect::Price => self.price,
            Effect::Coverage => self.coverage,
            Effect::Entered => self.entered,
        }
    }
}

/// The kinds of effect, in display order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    Quantity,
    Price,
    Coverage,
    Entered,
}

impl Effect {
    pub const ALL: [Effect; 4] = [
        Effect::Quantity,
        Effect::Price,
        Effect::Coverage,
        Effect::Entered,
    ];
}

/// How a component's change was split.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// Quantity × price in both accounts: Shapley split into quantity and price.
    Priced,
    /// Not quantity × price in at least one account: the whole change is "value entered".
    Entered,
    /// Only in the later account: its value is coverage.
    Entering,
    /// Only in the earlier account: minus its value is coverage.
    Leaving,
}

/// One component's change (a county's) or the sum over counties (the region's; quantities
/// summed when every county has the same unit, prices `None`).
#[derive(Debug, Clone, Serialize)]
pub struct ComponentChange {
    pub id: Arc<str>,
    pub kind: ChangeKind,
    pub unit: Unit,
    /// Quantities in `unit`; `None` for a region row whose counties have different units.
    pub quantity_from: Option<f64>,
    pub quantity_to: Option<f64>,
    /// Unit prices (元 per `unit`); `None` for the region's sums and absent sides.
    pub price_from: Option<f64>,
    pub price_to: Option<f64>,
    pub value_from: f64,
    pub value_to: f64,
    pub effects: Effects,
}

/// One indicator's change (or the imported-products deduction, `id` = [`IMPORTS_ID`]).
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorChange {
    pub id: Arc<str>,
    pub category: Category,
    /// Counted value in each account (元; 0 when not counted or not computed).
    pub value_from: f64,
    pub value_to: f64,
    pub effects: Effects,
    pub components: Vec<ComponentChange>,
}

impl IndicatorChange {
    pub fn change(&self) -> f64 {
        self.value_to - self.value_from
    }

    /// Whether this row is the imported-products deduction.
    pub fn is_imports(&self) -> bool {
        &*self.id == IMPORTS_ID
    }
}

/// A county's (or the region's) change.
#[derive(Debug, Clone, Serialize)]
pub struct CountyChange {
    /// Empty for the region.
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub gep_from: f64,
    pub gep_to: f64,
    pub effects: Effects,
    /// Indicators in registry order, then the imports deduction; rows with nothing in either
    /// account are left out.
    pub indicators: Vec<IndicatorChange>,
}

impl CountyChange {
    pub fn change(&self) -> f64 {
        self.gep_to - self.gep_from
    }

    /// One category's (from, to, effects); the imports deduction counts as material
    /// (it deducts material products).
    pub fn category(&self, c: Category) -> (f64, f64, Effects) {
        let mut e = Effects::default();
        let (mut a, mut b) = (0.0, 0.0);
        for i in self.indicators.iter().filter(|i| i.category == c) {
            a += i.value_from;
            b += i.value_to;
            e.add(&i.effects);
        }
        (a, b, e)
    }

    /// The county's name in the display language.
    pub fn name(&self, lang: crate::i18n::Lang) -> &str {
        match lang {
            crate::i18n::Lang::En if !self.name_en.is_empty() => &self.name_en,
            _ => &self.name_zh,
        }
    }
}

/// What an account is: its year, framework and price year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Basis {
    pub year: i32,
    pub framework: String,
    pub price_year: i32,
    /// The scenario this account is of; `None` = the project itself (the baseline when the
    /// other side is a scenario).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scenario: Option<String>,
}

/// The decomposition of every county's and the region's change.
#[derive(Debug, Clone, Serialize)]
pub struct Decomposition {
    pub from: Basis,
    pub to: Basis,
    /// Both accounts at the later year's prices.
    pub constant_prices: bool,
    /// Counties of the later account in its order, then those only in the earlier one.
    pub counties: Vec<CountyChange>,
    pub region: CountyChange,
}

impl Decomposition {
    pub fn county(&self, code: &str) -> Option<&CountyChange> {
        self.counties.iter().find(|c| c.code == code)
    }
}

/// The latest accounting year of `project` before `year` (what a report of `year` compares
/// with), if any.
pub fn earlier_year(project: &Project, year: i32) -> Option<i32> {
    project
        .periods
        .iter()
        .map(|p| p.year)
        .filter(|y| *y < year)
        .max()
}

/// Computes both accounts (no traces) and decomposes the change from `from` to `to`;
/// `constant_prices` values both at the later year's prices.
pub fn decompose(
    registry: &Registry,
    from: Side<'_>,
    to: Side<'_>,
    constant_prices: bool,
) -> Result<Decomposition, ComputeError> {
    let opts = |s: &Side<'_>| Options {
        year: s.year,
        framework: s.framework.map(str::to_string),
        price_year: constant_prices.then_some(to.year),
        traces: false,
    };
    let a = super::compute(from.project, registry, &opts(&from))?;
    let b = super::compute(to.project, registry, &opts(&to))?;
    let mut d = decompose_accounts(registry, &a, &b);
    d.constant_prices = constant_prices;
    if d.region.name_zh.is_empty() {
        d.region.name_zh = to.project.meta.region.clone();
        d.region.name_en = to.project.meta.region.clone();
    }
    Ok(d)
}

/// The change from the baseline to scenario `name` in the scenario's year: (the project,
/// year) against (the scenario applied, year). The baseline is valued in `framework` (`None` =
/// the project's); the scenario in its own framework when it sets one (its coverage effect
/// then shows what the framework change adds or removes), else in the baseline's. `None` = no
/// scenario of that name.
pub fn decompose_scenario(
    registry: &Registry,
    project: &Project,
    name: &str,
    framework: Option<&str>,
    constant_prices: bool,
) -> Option<Result<Decomposition, ComputeError>> {
    let sc = project.scenario(name)?;
    let mut baseline = project.clone();
    baseline.scenarios.clear();
    let applied = sc.apply(project);
    let from = Side {
        project: &baseline,
        year: sc.year,
        framework,
    };
    let to = Side {
        project: &applied,
        year: sc.year,
        framework: sc.framework.as_deref().or(framework),
    };
    Some(decompose(registry, from, to, constant_prices).map(|mut d| {
        d.to.scenario = Some(sc.name.clone());
        d
    }))
}

/// Decomposes the change between two computed accounts (see the module doc).
pub fn decompose_accounts(registry: &Registry, a: &Accounts, b: &Accounts) -> Decomposition {
    let deducts = |acc: &Accounts| {
        registry
            .framework(&acc.framework)
            .is_some_and(|f| f.deduct_imports)
    };
    let imports_in = (deducts(a), deducts(b));
    // Every county account lists every indicator of the plan: its order is the registry's.
    let mut order: Vec<Arc<str>> = Vec::new();
    for c in [b.counties.first(), a.counties.first()]
        .into_iter()
        .flatten()
    {
        for i in &c.indicators {
            if !order.contains(&i.id) {
                order.push(i.id.clone());
            }
        }
    }
    order.push(Arc::from(IMPORTS_ID));
    let mut counties: Vec<CountyChange> = b
        .counties
        .iter()
        .map(|cb| {
            let ca = a.counties.iter().find(|c| c.code == cb.code);
            county_change(ca, Some(cb), imports_in, &order)
        })
        .collect();
    for ca in &a.counties {
        if !b.counties.iter().any(|c| c.code == ca.code) {
            counties.push(county_change(Some(ca), None, imports_in, &order));
        }
    }
    let region = region_change(&counties, a.region.totals.gep, b.region.totals.gep, &order);
    let basis = |acc: &Accounts| Basis {
        year: acc.year,
        framework: acc.framework.clone(),
        price_year: acc.price_year,
        scenario: None,
    };
    Decomposition {
        from: basis(a),
        to: basis(b),
        constant_prices: false,
        counties,
        region,
    }
}

/// One account's component of a county: (indicator, category, component).
struct Row {
    indicator: Arc<str>,
    category: Category,
    c: ComponentAccount,
    /// Quantity × price (else a value entered).
    priced: bool,
}

/// The counted components of a county's account, duplicates (product lines of one name and
/// unit) merged; the imports deduction as one more row when the framework deducts.
fn rows(c: &CountyAccount, imports_in: bool) -> Vec<Row> {
    let mut out: Vec<Row> = Vec::new();
    for ind in c
        .indicators
        .iter()
        .filter(|i| i.counted && i.status == Status::Computed)
    {
        for comp in &ind.components {
            let priced = is_priced(comp);
            match out
                .iter_mut()
                .find(|r| r.indicator == ind.id && r.c.id == comp.id && r.c.unit == comp.unit)
            {
                Some(r) => {
                    let same_price = r.c.price == comp.price;
                    r.c.quantity += comp.quantity;
                    r.c.value += comp.value;
                    if !same_price && r.c.quantity != 0.0 {
                        r.c.price = r.c.value / r.c.quantity;
                    }
                    r.priced &= priced;
                }
                None => out.push(Row {
                    indicator: ind.id.clone(),
                    category: ind.category,
                    c: comp.clone(),
                    priced,
                }),
            }
        }
    }
    if imports_in && c.totals.imported_deduction != 0.0 {
        let v = -c.totals.imported_deduction;
        out.push(Row {
            indicator: Arc::from(IMPORTS_ID),
            category: Category::Material,
            c: ComponentAccount {
                id: Arc::from(IMPORTS_ID),
                quantity: v,
                unit: Unit::Yuan,
                price: 1.0,
                price_unit: Unit::Fraction,
                value: v,
            },
            priced: false,
        });
    }
    out
}

/// Whether a component is quantity × price: not an amount of money with an index factor, and
/// its value is Q × P (a travel-cost value with no visits is not).
fn is_priced(c: &ComponentAccount) -> bool {
    if c.unit.dimension() == Dimension::Money && c.price_unit == Unit::Fraction {
        return false;
    }
    let qp = c.quantity * c.price;
    (qp - c.value).abs() <= 1e-9 * qp.abs().max(c.value.abs())
}

/// The Shapley split of one matched pair (see the module doc).
fn split(a: &Row, b: &Row) -> ComponentChange {
    // The earlier side in the later side's unit (t ↔ kg of a product line).
    let (qa, pa) = if a.c.unit == b.c.unit {
        (a.c.quantity, a.c.price)
    } else {
        let k = a.c.unit.convert(1.0, b.c.unit).unwrap_or(1.0);
        (a.c.quantity * k, a.c.price / k)
    };
    let (qb, pb) = (b.c.quantity, b.c.price);
    let dv = b.c.value - a.c.value;
    let effects = if a.priced && b.priced {
        let quantity = (qb - qa) * ((pa + pb) / 2.0);
        Effects {
            quantity,
            price: dv - quantity,
            ..Effects::default()
        }
    } else {
        Effects {
            entered: dv,
            ..Effects::default()
        }
    };
    ComponentChange {
        id: b.c.id.clone(),
        kind: if a.priced && b.priced {
            ChangeKind::Priced
        } else {
            ChangeKind::Entered
        },
        unit: b.c.unit,
        quantity_from: Some(qa),
        quantity_to: Some(qb),
        price_from: Some(pa),
        price_to: Some(pb),
        value_from: a.c.value,
        value_to: b.c.value,
        effects,
    }
}

/// A component in one account only.
fn one_sided(r: &Row, entering: bool) -> ComponentChange {
    let (kind, sign) = if entering {
        (ChangeKind::Entering, 1.0)
    } else {
        (ChangeKind::Leaving, -1.0)
    };
    let (q, p, v) = (r.c.quantity, r.c.price, r.c.value);
    let (from, to) = if entering { (0.0, 1.0) } else { (1.0, 0.0) };
    ComponentChange {
        id: r.c.id.clone(),
        kind,
        unit: r.c.unit,
        quantity_from: Some(q * from),
        quantity_to: Some(q * to),
        price_from: (!entering).then_some(p),
        price_to: entering.then_some(p),
        value_from: v * from,
        value_to: v * to,
        effects: Effects {
            coverage: sign * v,
            ..Effects::default()
        },
    }
}

/// Whether two rows are the same component (same indicator and id; units equal or
/// convertible).
fn matches(a: &Row, b: &Row) -> bool {
    a.indicator == b.indicator
        && a.c.id == b.c.id
        && (a.c.unit == b.c.unit || a.c.unit.convert(1.0, b.c.unit).is_some())
}

fn county_change(
    a: Option<&CountyAccount>,
    b: Option<&CountyAccount>,
    (imports_a, imports_b): (bool, bool),
    order: &[Arc<str>],
) -> CountyChange {
    let ra = a.map(|c| rows(c, imports_a)).unwrap_or_default();
    let rb = b.map(|c| rows(c, imports_b)).unwrap_or_default();
    let mut used = vec![false; ra.len()];
    // (indicator, category, change) in the later account's order, then leaving ones.
    let mut changes: Vec<(Arc<str>, Category, ComponentChange)> = Vec::new();
    for r in &rb {
        let m = ra
            .iter()
            .enumerate()
            .find(|(i, x)| !used[*i] && x.c.unit == r.c.unit && matches(x, r))
            .or_else(|| {
                ra.iter()
                    .enumerate()
                    .find(|(i, x)| !used[*i] && matches(x, r))
            })
            .map(|(i, _)| i);
        let ch = match m {
            Some(i) => {
                used[i] = true;
                split(&ra[i], r)
            }
            None => one_sided(r, true),
        };
        changes.push((r.indicator.clone(), r.category, ch));
    }
    for (_, r) in ra.iter().enumerate().filter(|(i, _)| !used[*i]) {
        changes.push((r.indicator.clone(), r.category, one_sided(r, false)));
    }
    let indicators = group(changes, order);
    let mut effects = Effects::default();
    for i in &indicators {
        effects.add(&i.effects);
    }
    let any = b.or(a);
    CountyChange {
        code: any.map(|c| c.code.clone()).unwrap_or_default(),
        name_zh: any.map(|c| c.name_zh.clone()).unwrap_or_default(),
        name_en: any.map(|c| c.name_en.clone()).unwrap_or_default(),
        gep_from: a.map_or(0.0, |c| c.totals.gep),
        gep_to: b.map_or(0.0, |c| c.totals.gep),
        effects,
        indicators,
    }
}

/// Component changes grouped by indicator, in `order` (registry order, the imports row last).
fn group(
    changes: Vec<(Arc<str>, Category, ComponentChange)>,
    order: &[Arc<str>],
) -> Vec<IndicatorChange> {
    let mut out: Vec<IndicatorChange> = Vec::new();
    for (ind, cat, ch) in changes {
        let row = match out.iter_mut().find(|i| i.id == ind) {
            Some(r) => r,
            None => {
                out.push(IndicatorChange {
                    id: ind,
                    category: cat,
                    value_from: 0.0,
                    value_to: 0.0,
                    effects: Effects::default(),
                    components: Vec::new(),
                });
                let n = out.len() - 1;
                &mut out[n]
            }
        };
        row.value_from += ch.value_from;
        row.value_to += ch.value_to;
        row.effects.add(&ch.effects);
        row.components.push(ch);
    }
    sort(&mut out, order);
    out
}

/// Rows in `order` (ids not in it last, as they came).
fn sort(rows: &mut [IndicatorChange], order: &[Arc<str>]) {
    let rank = |id: &Arc<str>| order.iter().position(|o| o == id).unwrap_or(usize::MAX);
    rows.sort_by_key(|i| rank(&i.id));
}

/// The region: every county's rows summed by indicator and component.
fn region_change(
    counties: &[CountyChange],
    gep_from: f64,
    gep_to: f64,
    order: &[Arc<str>],
) -> CountyChange {
    let mut indicators: Vec<IndicatorChange> = Vec::new();
    let mut effects = Effects::default();
    for c in counties {
        effects.add(&c.effects);
        for i in &c.indicators {
            let row = match indicators.iter().position(|r| r.id == i.id) {
                Some(k) => &mut indicators[k],
                None => {
                    indicators.push(IndicatorChange {
                        components: Vec::new(),
                        value_from: 0.0,
                        value_to: 0.0,
                        effects: Effects::default(),
                        ..i.clone()
                    });
                    let n = indicators.len() - 1;
                    &mut indicators[n]
                }
            };
            row.value_from += i.value_from;
            row.value_to += i.value_to;
            row.effects.add(&i.effects);
            for comp in &i.components {
                match row.components.iter_mut().find(|x| x.id == comp.id) {
                    Some(x) => {
                        let same = x.unit == comp.unit;
                        let sum = |a: Option<f64>, b: Option<f64>| Some(a? + b?).filter(|_| same);
                        x.quantity_from = sum(x.quantity_from, comp.quantity_from);
                        x.quantity_to = sum(x.quantity_to, comp.quantity_to);
                        x.value_from += comp.value_from;
                        x.value_to += comp.value_to;
                        x.effects.add(&comp.effects);
                        if x.kind != comp.kind {
                            x.kind = mixed(x.kind, comp.kind);
                        }
                    }
                    None => row.components.push(ComponentChange {
                        price_from: None,
                        price_to: None,
                        ..comp.clone()
                    }),
                }
            }
        }
    }
    sort(&mut indicators, order);
    CountyChange {
        code: String::new(),
        name_zh: String::new(),
        name_en: String::new(),
        gep_from,
        gep_to,
        effects,
        indicators,
    }
}

/// The kind of a region row whose counties were split differently: priced if any county was.
fn mixed(a: ChangeKind, b: ChangeKind) -> ChangeKind {
    if a == ChangeKind::Priced || b == ChangeKind::Priced {
        ChangeKind::Priced
    } else if a == ChangeKind::Entered || b == ChangeKind::Entered {
        ChangeKind::Entered
    } else {
        a
    }
}
