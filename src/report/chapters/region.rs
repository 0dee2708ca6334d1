//! 二、区域概况 / The region: location and administrative units, natural conditions as the
//! land cover describes them, socio-economic figures the project holds (population, GDP), and
//! the ecosystem types and their areas — the accounting year's land cover grouped by each
//! class's ecosystem type (`LandClass::ecosystem`, a custom class's own), region and county.
//!
//! Areas are the project's inputs summed, not accounting values.

use std::collections::BTreeMap;

use super::general::region_name;
use super::{Cx, Scale, pct};
use crate::format::num;
use crate::report::doc::{Block, Column, Row, RowStyle, Section, SectionKind, Table};
use crate::units::Unit;
use crate::view::map::ecosystem;

/// Counties named in the location paragraph; more are summarised.
const NAMED_COUNTIES: usize = 30;
/// Counties listed in the per-county tables of the setting (ecosystem areas, population and
/// GDP) and of the intensities; a larger region's county figures are in the workbook.
pub const COUNTY_ROWS_MAX: usize = 60;

pub fn section(cx: &Cx) -> Option<Section> {
    let mut s = Section::new("region", SectionKind::Chapter, cx.key("rs_region_heading"));
    location(cx, &mut s);
    let eco = EcoAreas::of(cx);
    s.push(Block::Heading(cx.key("rs_region_nature_heading").into()));
    s.push(Block::Para(nature(cx, &eco)));
    socio(cx, &mut s);
    s.push(Block::Heading(cx.key("rs_region_eco_heading").into()));
    if eco.total > 0.0 {
        s.push(Block::Para(cx.keyf(
            "rs_region_eco_note",
            &[("year", &cx.accounts.year.to_string())],
        )));
        s.table(cx.key("rs_tab_eco_types"), eco.region_table(cx));
        if let Some(t) = eco.county_table(cx) {
            s.table(cx.key("rs_tab_eco_by_county"), t);
        }
    } else {
        s.push(Block::Para(cx.key("rs_region_no_land_cover").into()));
    }
    Some(s)
}

/// 地理位置与行政区划: the county-level units by name.
fn location(cx: &Cx, s: &mut Section) {
    let a = cx.accounts;
    s.push(Block::Heading(cx.key("rs_region_location_heading").into()));
    let mut names: Vec<String> = a
        .counties
        .iter()
        .take(NAMED_COUNTIES)
        .map(|c| cx.county(c))
        .collect();
    if a.counties.len() > NAMED_COUNTIES {
        names.push(cx.key("rs_etc").to_string());
    }
    s.push(Block::Para(cx.keyf(
        "rs_region_location",
        &[
            ("region", &region_name(cx)),
            ("n", &a.counties.len().to_string()),
            ("names", &names.join(cx.key("rs_list_sep"))),
            ("km2", &num(a.region.land_area_hm2 / 100.0, 2)),
        ],
    )));
    for b in super::maps::region_map(cx) {
        s.push(b);
    }
}

/// 自然条件: the largest ecosystem types by area.
fn nature(cx: &Cx, eco: &EcoAreas) -> String {
    if eco.total <= 0.0 {
        return cx.key("rs_region_no_land_cover").to_string();
    }
    let mut types: Vec<(&String, f64)> = eco.types.iter().map(|t| (&t.name, t.area)).collect();
    types.sort_by(|x, y| y.1.total_cmp(&x.1));
    let parts: Vec<String> = types
        .iter()
        .take(3)
        .filter(|t| t.1 > 0.0)
        .map(|(n, v)| {
            cx.keyf(
                "rs_region_type_share",
                &[("type", n), ("share", &pct(Some(v / eco.total)))],
            )
        })
        .collect();
    cx.keyf(
        "rs_region_nature",
        &[
            ("hm2", &num(eco.total, 0)),
            ("types", &parts.join(cx.key("rs_list_sep"))),
            ("largest", types.first().map_or("—", |t| t.0.as_str())),
        ],
    )
}

/// 社会经济概况: population, GDP and GDP per capita of the region, and a table by county.
fn socio(cx: &Cx, s: &mut Section) {
    let a = cx.accounts;
    let r = &a.region;
    s.push(Block::Heading(cx.key("rs_region_socio_heading").into()));
    if r.gdp_yuan <= 0.0 && r.population <= 0.0 {
        s.push(Block::Para(cx.key("rs_region_no_socio").into()));
        return;
    }
    let per_capita = (r.population > 0.0 && r.gdp_yuan > 0.0).then(|| r.gdp_yuan / r.population);
    s.push(Block::Para(cx.keyf(
        "rs_region_socio",
        &[
            ("year", &a.year.to_string()),
            ("population", &num(r.population / 1e4, 2)),
            ("gdp", &super::yi(r.gdp_yuan)),
            ("per_capita", &per_capita.map_or("—".into(), |v| num(v, 0))),
        ],
    )));
    if a.counties.len() > COUNTY_ROWS_MAX {
        s.push(Block::Note(
            crate::report::doc::NoteKind::Info,
            cx.key("rs_by_county_in_workbook").into(),
        ));
        return;
    }
    let scale = Scale::of(a.counties.iter().filter_map(|c| c.gdp_yuan));
    let mut rows: Vec<Row> = a
        .counties
        .iter()
        .map(|c| {
            Row::plain([
                cx.county(c),
                c.population.map_or("—".into(), |v| num(v / 1e4, 2)),
                c.gdp_yuan.map_or("—".into(), |v| scale.fmt(v)),
                match (c.population, c.gdp_yuan) {
                    (Some(p), Some(g)) if p > 0.0 => num(g / p, 0),
                    _ => "—".into(),
                },
            ])
        })
        .collect();
    rows.push(Row::new(
        RowStyle::Total,
        [
            cx.key("rpt_whole_region").to_string(),
            num(r.population / 1e4, 2),
            scale.fmt(r.gdp_yuan),
            per_capita.map_or("—".into(), |v| num(v, 0)),
        ],
    ));
    s.table(
        cx.keyf("rs_tab_socio", &[("year", &a.year.to_string())]),
        Table {
            columns: vec![
                Column::text(cx.key("rpt_county")),
                Column::number(cx.with_unit(
                    cx.key("rpt_overview_resident_population"),
                    cx.unit(Unit::WanPerson),
                )),
                Column::number(cx.with_unit(cx.key("rpt_overview_gdp"), scale.unit(cx))),
                Column::number(cx.with_unit(
                    cx.key("rs_region_gdp_per_capita"),
                    cx.key("rpt_overview_yuan_per_person"),
                )),
            ],
            rows,
            stub: 1,
        },
    );
}

/// One ecosystem type's land-cover area (hm²) and its classes.
struct EcoType {
    name: String,
    area: f64,
    classes: Vec<(String, f64)>,
}

/// The accounting year's land cover by ecosystem type: region types (registry order, then the
/// classes without a type), and each county's area by type.
struct EcoAreas {
    types: Vec<EcoType>,
    /// County name → area by type (same order as `types`).
    counties: Vec<(String, Vec<f64>)>,
    total: f64,
}

impl EcoAreas {
    fn of(cx: &Cx) -> EcoAreas {
        let reg = cx.registry;
        let p = cx.project;
        let mut ids: Vec<&str> = reg.ecosystems.iter().map(|e| e.id.as_str()).collect();
        ids.push("");
        let slot = |class: &str| {
            let t = ecosystem::type_of(p, reg, class);
            ids.iter().position(|i| *i == t).unwrap_or(ids.len() - 1)
        };
        let mut classes: Vec<BTreeMap<String, f64>> = vec![BTreeMap::new(); ids.len()];
        let mut counties = Vec::new();
        let period = p.period(cx.accounts.year);
        for c in &cx.accounts.counties {
            let mut by_type = vec![0.0; ids.len()];
            let cover = period.and_then(|x| x.counties.get(&c.code));
            for (class, hm2) in cover.map(|x| &x.land_cover).into_iter().flatten() {
                let k = slot(class);
                by_type[k] += hm2;
                *classes[k].entry(class.clone()).or_default() += hm2;
            }
            counties.push((cx.county(c), by_type));
        }
        let types: Vec<EcoType> = ids
            .iter()
            .zip(classes)
            .map(|(id, cl)| EcoType {
                name: reg.ecosystem(id).map_or_else(
                    || cx.key("rs_region_eco_untyped").to_string(),
                    |e| e.name.get(cx.lang).to_string(),
                ),
                area: cl.values().sum(),
                classes: cl
                    .into_iter()
                    .map(|(k, v)| (cx.land_class_name(&k), v))
                    .collect(),
            })
            .collect();
        let total = types.iter().map(|t| t.area).sum();
        EcoAreas {
            types,
            counties,
            total,
        }
    }

    /// Type rows (subtotal style) with their land-cover classes beneath, and the total.
    fn region_table(&self, cx: &Cx) -> Table {
        let mut rows = Vec::new();
        for t in self.types.iter().filter(|t| t.area > 0.0) {
            rows.push(Row::new(
                RowStyle::Subtotal,
                [
                    t.name.clone(),
                    String::new(),
                    num(t.area, 2),
                    pct(Some(t.area / self.total)),
                ],
            ));
            for (name, v) in &t.classes {
                rows.push(Row::plain([
                    String::new(),
                    name.clone(),
                    num(*v, 2),
                    pct(Some(v / self.total)),
                ]));
            }
        }
        rows.push(Row::new(
            RowStyle::Total,
            [
                cx.key("rpt_overview_total").to_string(),
                String::new(),
                num(self.total, 2),
                pct(Some(1.0)),
            ],
        ));
        Table {
            columns: vec![
                Column::nowrap(cx.key("rs_region_eco_type")),
                Column::text(cx.key("rs_region_land_class")),
                Column::number(cx.with_unit(cx.key("rs_area"), cx.unit(Unit::Hm2))),
                Column::number(cx.key("rpt_overview_share")),
            ],
            rows,
            stub: 2,
        }
    }

    /// Area by type and county (hm²), when the region has few enough counties to list.
    fn county_table(&self, cx: &Cx) -> Option<Table> {
        if self.counties.len() < 2 || self.counties.len() > COUNTY_ROWS_MAX {
            return None;
        }
        let used: Vec<usize> = (0..self.types.len())
            .filter(|&k| self.types[k].area > 0.0)
            .collect();
        let mut columns = vec![Column::text(cx.key("rpt_county"))];
        columns.extend(
            used.iter()
                .map(|&k| Column::number(self.types[k].name.clone())),
        );
        columns.push(Column::number(cx.key("rpt_overview_total")));
        let rows = self
            .counties
            .iter()
            .map(|(name, by)| {
                let mut cells = vec![name.clone()];
                cells.extend(used.iter().map(|&k| num(by[k], 2)));
                cells.push(num(by.iter().sum(), 2));
                Row::plain(cells)
            })
            .collect();
        Some(Table {
            columns,
            rows,
            stub: 1,
        })
    }
}
