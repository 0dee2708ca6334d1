//! The distribution editor of the 不确定性 page, medium-free: the parameters a run draws (name,
//! tag, unit, point value and whether a law fixes it), the distribution each one gets now (the
//! project's own or its tag's default, `registry::uncertainty`), the kinds of distribution with
//! the names of their numbers, a draft typed as text checked as the user types (a number that is
//! not one, then `engine::uncertainty::check` on the project with the draft in it) and the words
//! of all that. The app draws it; nothing here computes an accounting number.

use crate::engine::Options;
use crate::engine::uncertainty::{self, Origin};
use crate::i18n::{Lang, Text, t, tf};
use crate::model::Project;
use crate::model::uncertainty::{Dist, InputUncertainty, ParamUncertainty, Spread};
use crate::registry::{Registry, Tag};
use crate::units::Unit;

/// A parameter the editor lists.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamRow {
    pub id: String,
    pub name: Text,
    pub tag: Tag,
    /// The unit of an absolute distribution (the parameter's own).
    pub unit: Unit,
    /// A rate fixed in law: no default spread.
    pub statutory: bool,
    /// Its value in `unit` at its own price year (starting numbers of an absolute draft).
    pub point: Option<f64>,
}

/// The parameters a run of `options` draws from (those the accounts use); when the project
/// cannot be computed yet or uses none (a blank project), every registry parameter. Parameters the project
/// gave a distribution but the accounts do not use are listed too, so they can be reset.
pub fn param_rows(project: &Project, registry: &Registry, options: &Options) -> Vec<ParamRow> {
    let used = crate::engine::fast::Compiled::new(project, registry, options)
        .map(|c| c.kernel_params())
        .unwrap_or_default();
    let mut rows: Vec<ParamRow> = if used.is_empty() {
        registry.params.iter().map(of_spec).collect()
    } else {
        used.iter()
            .map(|k| ParamRow {
                id: k.param.id.to_string(),
                name: Text::new(k.param.name_zh.clone(), k.param.name_en.clone()),
                tag: k.param.tag,
                unit: k.param.unit,
                statutory: k.param.statutory.is_some(),
                point: k.param.value,
            })
            .collect()
    };
    for p in &project.uncertainty.params {
        if !rows.iter().any(|r| r.id == p.param)
            && let Some(spec) = registry.params.iter().find(|s| s.id == p.param)
        {
            rows.push(of_spec(spec));
        }
    }
    rows
}

fn of_spec(s: &crate::registry::ParamSpec) -> ParamRow {
    ParamRow {
        id: s.id.clone(),
        name: s.name.clone(),
        tag: s.tag,
        unit: s.unit,
        statutory: !s.basis.is_indexed(),
        point: s.value,
    }
}

/// The tag's default of a parameter: triangular (1 − h, 1, 1 + h) × point value; none for a
/// statutory rate or with tag defaults off (as the engine draws it).
pub fn default_spread(row: &ParamRow, project: &Project) -> Option<Spread> {
    if !project.uncertainty.tag_defaults || row.statutory {
        return None;
    }
    let h = crate::registry::uncertainty::half_width(row.tag);
    (h > 0.0).then_some(Spread {
        dist: Dist::Triangular {
            min: 1.0 - h,
            mode: 1.0,
            max: 1.0 + h,
        },
        relative: true,
    })
}

/// The distribution a parameter gets now and where it comes from (`None`: not drawn).
pub fn current(row: &ParamRow, project: &Project) -> Option<(Spread, Origin)> {
    match project
        .uncertainty
        .params
        .iter()
        .find(|p| p.param == row.id)
    {
        Some(p) => Some((p.spread, Origin::Project)),
        None => default_spread(row, project).map(|s| (s, Origin::TagDefault)),
    }
}

/// The distribution column: "三角 (0.7, 1, 1.3) × 点估计值", or "不抽样".
pub fn current_text(row: &ParamRow, project: &Project, lang: Lang) -> String {
    match current(row, project) {
        Some((s, _)) => super::uncertainty::dist_text(&s, lang),
        None => t(lang, "iv_not_drawn").to_string(),
    }
}

/// The source column: 项目设置 / 标记默认 / —.
pub fn origin_text(row: &ParamRow, project: &Project, lang: Lang) -> &'static str {
    match current(row, project) {
        Some((_, Origin::Project)) => t(lang, "mc_origin_project"),
        Some((_, Origin::TagDefault)) => t(lang, "mc_origin_tag"),
        None => "—",
    }
}

/// The kinds of distribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Uniform,
    Triangular,
    Normal,
    Lognormal,
}

impl Kind {
    pub const ALL: [Kind; 4] = [
        Kind::Uniform,
        Kind::Triangular,
        Kind::Normal,
        Kind::Lognormal,
    ];

    pub fn of(d: &Dist) -> Kind {
        match d {
            Dist::Uniform { .. } => Kind::Uniform,
            Dist::Triangular { .. } => Kind::Triangular,
            Dist::Normal { .. } => Kind::Normal,
            Dist::Lognormal { .. } => Kind::Lognormal,
        }
    }

    pub fn name(self, lang: Lang) -> &'static str {
        t(
            lang,
            match self {
                Kind::Uniform => "iv_kind_uniform",
                Kind::Triangular => "iv_kind_triangular",
                Kind::Normal => "iv_kind_normal",
                Kind::Lognormal => "iv_kind_lognormal",
            },
        )
    }

    /// The names of its numbers, in order.
    pub fn fields(self, lang: Lang) -> Vec<&'static str> {
        let keys: &[&str] = match self {
            Kind::Uniform => &["iv_f_min", "iv_f_max"],
            Kind::Triangular => &["iv_f_min", "iv_f_mode", "iv_f_max"],
            Kind::Normal => &["iv_f_mean", "iv_f_sd"],
            Kind::Lognormal => &["iv_f_median", "iv_f_gsd"],
        };
        keys.iter().map(|k| t(lang, k)).collect()
    }

    /// The distribution of these numbers (as many as `fields`).
    pub fn dist(self, v: &[f64]) -> Option<Dist> {
        Some(match (self, v) {
            (Kind::Uniform, &[min, max]) => Dist::Uniform { min, max },
            (Kind::Triangular, &[min, mode, max]) => Dist::Triangular { min, mode, max },
            (Kind::Normal, &[mean, sd]) => Dist::Normal { mean, sd },
            (Kind::Lognormal, &[median, gsd]) => Dist::Lognormal { median, gsd },
            _ => return None,
        })
    }

    /// Starting numbers of a relative distribution of this kind (±10 %).
    pub fn relative_defaults(self) -> Vec<f64> {
        match self {
            Kind::Uniform => vec![0.9, 1.1],
            Kind::Triangular => vec![0.9, 1.0, 1.1],
            Kind::Normal => vec![1.0, 0.05],
            Kind::Lognormal => vec![1.0, 1.1],
        }
    }
}

/// The numbers of a distribution, in `Kind::fields` order.
pub fn numbers(d: &Dist) -> Vec<f64> {
    match *d {
        Dist::Uniform { min, max } => vec![min, max],
        Dist::Triangular { min, mode, max } => vec![min, mode, max],
        Dist::Normal { mean, sd } => vec![mean, sd],
        Dist::Lognormal { median, gsd } => vec![median, gsd],
    }
}

/// The unit of a draft's numbers: "× 点估计值" (relative) or the unit's symbol.
pub fn unit_text(relative: bool, unit: Unit, lang: Lang) -> String {
    match unit.symbol(lang) {
        _ if relative => t(lang, "iv_times_point").to_string(),
        // A pure number: no unit beside it.
        "—" => String::new(),
        sym => sym.to_string(),
    }
}

/// A distribution being typed: kind, relative or absolute, and the numbers as text.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub kind: Kind,
    pub relative: bool,
    pub texts: Vec<String>,
}

impl Default for Draft {
    /// Triangular (0.9, 1, 1.1) × the point value.
    fn default() -> Draft {
        Draft {
            kind: Kind::Triangular,
            relative: true,
            texts: vec!["0.9".into(), "1".into(), "1.1".into()],
        }
    }
}

impl Draft {
    pub fn of(s: &Spread) -> Draft {
        Draft {
            kind: Kind::of(&s.dist),
            relative: s.relative,
            texts: numbers(&s.dist).iter().map(|v| format!("{v}")).collect(),
        }
    }

    /// A new kind: its relative starting numbers (× `point` when absolute).
    pub fn set_kind(&mut self, kind: Kind, point: f64) {
        self.kind = kind;
        self.texts = kind
            .relative_defaults()
            .iter()
            .map(|v| {
                let x = if self.relative { *v } else { v * point };
                format!("{}", (x * 1e6).round() / 1e6)
            })
            .collect();
        // σ of a normal and the geometric sd of a lognormal do not scale like the others.
        if !self.relative && kind == Kind::Lognormal {
            self.texts[1] = "1.1".into();
        }
    }

    /// The spread typed, or the message naming `what` and the number that is not one.
    pub fn parse(&self, what: &str, lang: Lang) -> Result<Spread, String> {
        let mut v = Vec::new();
        for (text, field) in self.texts.iter().zip(self.kind.fields(lang)) {
            let s = text.trim().replace(['，', ','], "");
            match s.parse::<f64>() {
                Ok(x) => v.push(x),
                Err(_) => {
                    return Err(tf(
                        lang,
                        "iv_not_a_number",
                        &[("what", what), ("field", field), ("text", text.trim())],
                    ));
                }
            }
        }
        let dist = self
            .kind
            .dist(&v)
            .ok_or_else(|| t(lang, "iv_not_a_number").to_string())?;
        Ok(Spread {
            dist,
            relative: self.relative,
        })
    }
}

/// The project's settings with parameter `id`'s distribution set to `spread`.
pub fn with_param(project: &Project, id: &str, spread: Spread) -> Vec<ParamUncertainty> {
    let mut v = project.uncertainty.params.clone();
    match v.iter_mut().find(|p| p.param == id) {
        Some(p) => p.spread = spread,
        None => v.push(ParamUncertainty {
            param: id.to_string(),
            spread,
        }),
    }
    v
}

/// The message of the first problem `check` finds at `field` once the settings are
/// `params` and `inputs`, in `lang`; `None` when the draft is fine.
pub fn problem(
    project: &Project,
    registry: &Registry,
    (params, inputs): (Vec<ParamUncertainty>, Vec<InputUncertainty>),
    field: &str,
    lang: Lang,
) -> Option<String> {
    let mut p = Project::empty("");
    p.custom_indicators = project.custom_indicators.clone();
    p.counties = project.counties.clone();
    p.uncertainty = project.uncertainty.clone();
    p.uncertainty.params = params;
    p.uncertainty.inputs = inputs;
    uncertainty::check(&p, registry)
        .into_iter()
        .find(|q| q.field == field)
        .map(|q| q.message(lang).to_string())
}

/// The field `check` names for a parameter's or an input's distribution.
pub fn param_field(id: &str) -> String {
    format!("uncertainty.params.{id}")
}

pub fn input_field(indicator: &str, input: &str) -> String {
    format!("uncertainty.inputs.{indicator}.{input}")
}

/// An input spread in words: "降水量 · 全部县：正态 (均值 1, 标准差 0.05) × 点估计值".
pub fn input_text(
    project: &Project,
    registry: &Registry,
    x: &InputUncertainty,
    lang: Lang,
) -> String {
    let specs = crate::model::catalogue::indicators(project, registry);
    let spec = specs.iter().find(|s| s.id == x.indicator);
    let ind = spec.map_or(x.indicator.clone(), |s| s.name.get(lang).to_string());
    let input = spec
        .and_then(|s| {
            s.methods
                .iter()
                .flat_map(|m| &m.inputs)
                .find(|i| i.id == x.input)
        })
        .map_or(x.input.clone(), |i| i.name.get(lang).to_string());
    let county = if x.county.is_empty() {
        t(lang, "iv_all_counties").to_string()
    } else {
        project
            .county(&x.county)
            .map_or(x.county.clone(), |c| c.name.get(lang).to_string())
    };
    format!(
        "{ind} · {input} · {county}：{}",
        super::uncertainty::dist_text(&x.spread, lang)
    )
}
