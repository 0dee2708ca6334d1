//! The default uncertainty of a parameter by its verification tag: registry data
//! (`assets/registry/uncertainty.ron`), one relative half-width per tag. The engine draws a
//! parameter the project gives no distribution of its own from a triangular distribution
//! (1 − h, 1, 1 + h) × value; docs/methods.md ("Uncertainty") gives the reasoning.

use std::sync::OnceLock;

use serde::Deserialize;

use super::Tag;
use crate::i18n::Text;

const TAG_DEFAULTS: &str = include_str!("../../assets/registry/uncertainty.ron");

/// One tag's default.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TagDefault {
    pub tag: Tag,
    /// Relative half-width h of the triangular distribution (1 − h, 1, 1 + h).
    pub half_width: f64,
    pub note: Text,
}

/// The embedded table, parsed once (a test checks it parses and covers every tag).
pub fn tag_defaults() -> &'static [TagDefault] {
    static T: OnceLock<Vec<TagDefault>> = OnceLock::new();
    T.get_or_init(|| ron::from_str(TAG_DEFAULTS).unwrap_or_default())
}

/// The relative half-width of `tag` (0 when the table has no row for it).
pub fn half_width(tag: Tag) -> f64 {
    tag_defaults()
        .iter()
        .find(|d| d.tag == tag)
        .map_or(0.0, |d| d.half_width)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tag_has_a_default_and_u_is_widest() {
        for tag in [Tag::V, Tag::VSec, Tag::D, Tag::U] {
            assert!(tag_defaults().iter().any(|d| d.tag == tag), "{tag:?}");
        }
        assert_eq!(half_width(Tag::V), 0.10);
        assert_eq!(half_width(Tag::U), 0.30);
        assert!(
            tag_defaults()
                .iter()
                .all(|d| d.half_width < half_width(Tag::U) || d.tag == Tag::U)
        );
    }
}
