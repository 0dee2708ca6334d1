//! Colour classes of a choropleth: class breaks by Jenks natural breaks, quantiles or equal
//! intervals (the first two are the engine's, `engine::compensation::{jenks_breaks,
//! quantile_breaks}`, so the map and the ECPS classes agree), and the colour ramps: a
//! sequential yellow–green for amounts, and a diverging red (pays, declines) – green (receives,
//! grows) pair classed on each side of zero apart, so no class ever straddles zero.
//!
//! Ramps are ColorBrewer's YlGn, Reds and Greens (Brewer & Harrower, colorbrewer2.org), which
//! stay distinguishable in print and for most colour-blind readers.

use super::MapClassing;
use crate::engine::compensation::{jenks_breaks, quantile_breaks};
use crate::view::chart::Rgb;

/// One colour class from `lo` to `hi`. A value equal to a bound shared by two classes belongs
/// to the class nearer zero: classes include their upper bound, except those below zero
/// (`upper_open`), which are classed on magnitudes and mirrored.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Class {
    pub lo: f64,
    pub hi: f64,
    pub color: Rgb,
    /// `hi` itself belongs to the next class.
    pub upper_open: bool,
}

/// Breaks between equal intervals of the values' range: k − 1 ascending values (empty when
/// k < 2 or all values are equal).
pub fn equal_breaks(values: &[f64], k: usize) -> Vec<f64> {
    let (lo, hi) = min_max(values);
    if k < 2 || hi <= lo {
        return Vec::new();
    }
    (1..k)
        .map(|j| lo + (hi - lo) * j as f64 / k as f64)
        .collect()
}

fn min_max(values: &[f64]) -> (f64, f64) {
    values
        .iter()
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(*v), b.max(*v))
        })
}

/// The upper bounds of every class but the last, ascending, without repeats and below the
/// largest value (so no class is empty at the top).
pub fn breaks(values: &[f64], k: usize, classing: MapClassing) -> Vec<f64> {
    let mut b = match classing {
        MapClassing::Jenks => jenks_breaks(values, k),
        MapClassing::Quantiles => quantile_breaks(values, k),
        MapClassing::EqualInterval => equal_breaks(values, k),
    };
    let (_, hi) = min_max(values);
    b.dedup();
    b.retain(|x| *x < hi);
    b
}

/// Classes from `lo` to `hi` cut at `breaks`, coloured from `ramp` (light to dark).
fn cut(lo: f64, hi: f64, breaks: &[f64], ramp: &dyn Fn(usize) -> Vec<Rgb>) -> Vec<Class> {
    let mut bounds = vec![lo];
    bounds.extend(breaks.iter().copied());
    bounds.push(hi);
    let colors = ramp(bounds.len() - 1);
    bounds
        .windows(2)
        .zip(colors)
        .map(|(w, color)| Class {
            lo: w[0],
            hi: w[1],
            color,
            upper_open: false,
        })
        .collect()
}

/// Classes of positive amounts (GEP, values per km² …): `k` classes (fewer with fewer distinct
/// values), light to dark yellow–green.
pub fn sequential(values: &[f64], k: usize, classing: MapClassing) -> Vec<Class> {
    let (lo, hi) = min_max(values);
    if !lo.is_finite() {
        return Vec::new();
    }
    cut(lo, hi, &breaks(values, k, classing), &|n| ramp(&YL_GN, n))
}

/// Classes of signed values around zero: negatives in reds (darkest = most negative), an
/// exact zero in its own pale class, positives in greens (darkest = largest). The `k`
/// classes are shared between the sides in proportion to their counts, at least two a side
/// of two or more values when `k` allows.
pub fn diverging(values: &[f64], k: usize, classing: MapClassing) -> Vec<Class> {
    let neg: Vec<f64> = values.iter().copied().filter(|v| *v < 0.0).collect();
    let pos: Vec<f64> = values.iter().copied().filter(|v| *v > 0.0).collect();
    let has_zero = values.contains(&0.0);
    let (kn, kp) = match (neg.is_empty(), pos.is_empty()) {
        (true, true) => (0, 0),
        (false, true) => (k, 0),
        (true, false) => (0, k),
        (false, false) => {
            // In proportion to the counts, but two classes for a side of two or more values
            // when k allows, so a side is never one flat colour.
            let share = (k as f64 * neg.len() as f64 / (neg.len() + pos.len()) as f64).round();
            let floor = |n: usize| n.min(2).min(k / 2).max(1);
            let kn = (share as usize).max(floor(neg.len()));
            let kn = kn.min(k.saturating_sub(floor(pos.len())).max(1));
            (kn, k.saturating_sub(kn).max(1))
        }
    };
    let mut out = Vec::new();
    if kn > 0 {
        // Classed on the magnitudes, then mirrored: the darkest red pays the most.
        let mags: Vec<f64> = neg.iter().map(|v| -v).collect();
        let (lo, hi) = min_max(&mags);
        let mut side = cut(lo, hi, &breaks(&mags, kn, classing), &|n| ramp(&REDS, n));
        side.reverse();
        let last = side.len().saturating_sub(1);
        out.extend(side.into_iter().enumerate().map(|(i, c)| Class {
            lo: -c.hi,
            hi: -c.lo,
            color: c.color,
            upper_open: i < last,
        }));
    }
    if has_zero {
        out.push(Class {
            lo: 0.0,
            hi: 0.0,
            color: ZERO_COLOR,
            upper_open: false,
        });
    }
    if kp > 0 {
        let (lo, hi) = min_max(&pos);
        out.extend(cut(lo, hi, &breaks(&pos, kp, classing), &|n| {
            ramp(&GREENS, n)
        }));
    }
    out
}

/// The class a value falls in (classes ascending): the first whose upper bound reaches it.
pub fn class_of(classes: &[Class], v: f64) -> Option<usize> {
    if !v.is_finite() {
        return None;
    }
    classes
        .iter()
        .position(|c| if c.upper_open { v < c.hi } else { v <= c.hi })
        .or_else(|| classes.len().checked_sub(1))
}

/// Fill of counties with no value (not computed, outside the scheme).
pub const NO_VALUE_COLOR: Rgb = Rgb(222, 222, 222);
/// Swatches of an empty side of a compensation legend ("pays: none", "receives: none"): the
/// palest red and green.
pub const PAY_NONE_COLOR: Rgb = Rgb(0xfe, 0xe5, 0xd9);
pub const RECEIVE_NONE_COLOR: Rgb = Rgb(0xed, 0xf8, 0xe9);
/// Fill of an exact zero on a diverging map.
pub const ZERO_COLOR: Rgb = Rgb(247, 247, 240);

const YL_GN: [&[u32]; 7] = [
    &[0x78c679],
    &[0xc2e699, 0x31a354],
    &[0xf7fcb9, 0xaddd8e, 0x31a354],
    &[0xffffcc, 0xc2e699, 0x78c679, 0x238443],
    &[0xffffcc, 0xc2e699, 0x78c679, 0x31a354, 0x006837],
    &[0xffffcc, 0xd9f0a3, 0xaddd8e, 0x78c679, 0x31a354, 0x006837],
    &[
        0xffffcc, 0xd9f0a3, 0xaddd8e, 0x78c679, 0x41ab5d, 0x238443, 0x005a32,
    ],
];

const GREENS: [&[u32]; 7] = [
    &[0x74c476],
    &[0xa1d99b, 0x31a354],
    &[0xe5f5e0, 0xa1d99b, 0x31a354],
    &[0xedf8e9, 0xbae4b3, 0x74c476, 0x238b45],
    &[0xedf8e9, 0xbae4b3, 0x74c476, 0x31a354, 0x006d2c],
    &[0xedf8e9, 0xc7e9c0, 0xa1d99b, 0x74c476, 0x31a354, 0x006d2c],
    &[
        0xedf8e9, 0xc7e9c0, 0xa1d99b, 0x74c476, 0x41ab5d, 0x238b45, 0x005a32,
    ],
];

const REDS: [&[u32]; 7] = [
    &[0xfb6a4a],
    &[0xfc9272, 0xde2d26],
    &[0xfee0d2, 0xfc9272, 0xde2d26],
    &[0xfee5d9, 0xfcae91, 0xfb6a4a, 0xcb181d],
    &[0xfee5d9, 0xfcae91, 0xfb6a4a, 0xde2d26, 0xa50f15],
    &[0xfee5d9, 0xfcbba1, 0xfc9272, 0xfb6a4a, 0xde2d26, 0xa50f15],
    &[
        0xfee5d9, 0xfcbba1, 0xfc9272, 0xfb6a4a, 0xef3b2c, 0xcb181d, 0x99000d,
    ],
];

/// `n` colours (1–7) of a ramp, light to dark.
fn ramp(table: &[&[u32]; 7], n: usize) -> Vec<Rgb> {
    if n == 0 {
        return Vec::new();
    }
    table[n.min(7) - 1]
        .iter()
        .map(|c| Rgb((c >> 16) as u8, (c >> 8) as u8, *c as u8))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Six values with two clear gaps, classed by hand.
    const SIX: [f64; 6] = [1.0, 2.0, 3.0, 10.0, 11.0, 30.0];

    #[test]
    fn jenks_quantile_and_equal_breaks_by_hand() {
        // Jenks, 3 classes: {1,2,3} {10,11} {30} (within-class squares 2 + 0.5 + 0 = 2.5, the
        // least of all 10 contiguous splits).
        assert_eq!(breaks(&SIX, 3, MapClassing::Jenks), [3.0, 11.0]);
        // Quantiles (type 7): h = 5·1/3 = 1.667 → 2 + 0.667·1 = 2.667; h = 3.333 → 10 + 0.333.
        let q = breaks(&SIX, 3, MapClassing::Quantiles);
        assert!(
            (q[0] - 8.0 / 3.0).abs() < 1e-12 && (q[1] - 31.0 / 3.0).abs() < 1e-12,
            "{q:?}"
        );
        // Equal intervals over [1, 30]: 1 + 29/3, 1 + 58/3.
        let e = breaks(&SIX, 3, MapClassing::EqualInterval);
        assert!((e[0] - 32.0 / 3.0).abs() < 1e-12 && (e[1] - 61.0 / 3.0).abs() < 1e-12);
        let classes = sequential(&SIX, 3, MapClassing::Jenks);
        let members: Vec<Option<usize>> = SIX.iter().map(|v| class_of(&classes, *v)).collect();
        assert_eq!(
            members,
            [Some(0), Some(0), Some(0), Some(1), Some(1), Some(2)]
        );
        assert_eq!((classes[0].lo, classes[2].hi), (1.0, 30.0));
        // Equal intervals put 10 in the first class (≤ 10.67) and 11 in the second.
        let eq = sequential(&SIX, 3, MapClassing::EqualInterval);
        assert_eq!(class_of(&eq, 10.0), Some(0));
        assert_eq!(class_of(&eq, 11.0), Some(1));
        assert_eq!(class_of(&eq, 30.0), Some(2));
    }

    #[test]
    fn a_small_side_still_gets_two_classes() {
        // 3 payers and 8 receivers in 5 classes: round(5·3/11) = 1 would paint every payer
        // alike; they get two classes and the receivers three.
        let v = [
            -400.0, -100.0, -50.0, 4.0, 10.0, 30.0, 40.0, 60.0, 90.0, 100.0, 120.0,
        ];
        let c = diverging(&v, 5, MapClassing::Jenks);
        assert_eq!(c.iter().filter(|k| k.hi < 0.0).count(), 2);
        assert_eq!(c.iter().filter(|k| k.lo > 0.0).count(), 3);
    }

    #[test]
    fn diverging_classes_never_straddle_zero() {
        let v = [-30.0, -10.0, -1.0, 0.0, 5.0, 20.0];
        let c = diverging(&v, 4, MapClassing::Jenks);
        // 3 negatives and 2 positives share 4 classes: round(4·3/5) = 2 red, 2 green, plus zero.
        assert_eq!(c.len(), 5);
        assert!(c.iter().all(|k| k.hi <= 0.0 || k.lo >= 0.0), "{c:?}");
        assert_eq!(c[2].color, ZERO_COLOR);
        // Darkest red pays the most; greens get darker upwards.
        // Magnitudes {1, 10} {30} mirrored: −10 stays with −1, as 10 stays with 1.
        assert_eq!((c[0].lo, c[0].hi), (-30.0, -10.0));
        assert_eq!((c[1].lo, c[1].hi), (-10.0, -1.0));
        let at: Vec<Option<usize>> = v.iter().map(|x| class_of(&c, *x)).collect();
        assert_eq!(at, [Some(0), Some(1), Some(1), Some(2), Some(3), Some(4)]);
        assert_eq!(c[0].color, Rgb(0xde, 0x2d, 0x26));
        assert_eq!(c[4].color, Rgb(0x31, 0xa3, 0x54));
    }
}
