//! Accounts by ecosystem type (生态系统类型): what the user enters to split a county's figures
//! among its ecosystems.
//!
//! Owns `EcosystemSubtype` (a subtype the project defines under a registry ecosystem type, e.g.
//! 针叶林 / 阔叶林 / 竹林 under 森林) and `EcosystemPart` (one ecosystem of one county in one
//! year: its own land cover and its own inputs of the indicators split by ecosystem). Serde only.
//!
//! Rules the engine, validation and views share (docs/methods.md, "Accounts by ecosystem type"):
//! - A part is keyed in `CountyPeriod::ecosystem_parts` by a registry ecosystem type id
//!   (`forest`, `wetland`, …) or by the id of a project subtype.
//! - An indicator is split in a county and year when at least one part has an entry for it;
//!   the county's value of that indicator is then the sum of its parts' values, and a
//!   county-level input of the same indicator is kept but not used (validation says so).
//! - A part computes like a county of its own: the county's population and GDP, the part's
//!   land cover and the part's inputs. A part with no land cover of its own that is keyed by an
//!   ecosystem type reads the county's land classes of that type; a subtype has no such
//!   default (its land classes cannot be known) and must enter its land cover when a model of
//!   a split indicator reads land cover.
//! - An indicator that is not split belongs to no ecosystem type: the table "GEP by ecosystem
//!   type" shows it in its own column (未分生态系统类型), never guessed.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::IndicatorInput;
use crate::i18n::Text;

/// A subtype a project defines under an ecosystem type of the registry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EcosystemSubtype {
    /// Project-unique id (not an ecosystem type id or another subtype's id).
    pub id: String,
    pub name: Text,
    /// The registry ecosystem type it belongs to (`Registry::ecosystems`).
    pub ecosystem: String,
}

/// One ecosystem (type or subtype) of one county in one year.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EcosystemPart {
    /// Land-cover areas of the part by class id (hm²). Empty = for a part keyed by an
    /// ecosystem type, the county's classes of that type; for a subtype, no land cover.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub land_cover: BTreeMap<String, f64>,
    /// Inputs of the split indicators, by indicator id, as in `CountyPeriod::indicators`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub indicators: BTreeMap<String, IndicatorInput>,
}
