//! Random numbers and distributions of the Monte Carlo, portable and independent of threads.
//!
//! Every uniform number is a pure function of (seed, stream, draw): the SplitMix64 output
//! function (Steele, Lea & Flood 2014, "Fast splittable pseudorandom number generators",
//! OOPSLA) applied to a key made from the seed and the stream, plus (draw + 1) times the golden
//! gamma. A stream is a parameter id, or (indicator, input, county) for a county's input; so a
//! draw is the same on any machine, with any number of threads and in any order of
//! evaluation, and adding a parameter does not change the draws of the others. Each draw of a
//! distribution is its inverse CDF at that uniform number (the normal quantile by Acklam's
//! rational approximation, relative error below 1.15e-9); the
//! 5 % and 95 % points of the tornado are the same inverse CDF at 0.05 and 0.95.

use crate::model::uncertainty::{Dist, Spread};

const GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// The SplitMix64 output function.
pub fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// FNV-1a of a stream's name (stable across platforms and versions).
pub fn stream_of(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xCBF2_9CE4_8422_2325;
    for p in parts {
        for b in p.bytes().chain([0u8]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01B3);
        }
    }
    h
}

/// The key of one stream under `seed`.
pub fn key(seed: u64, stream: u64) -> u64 {
    mix(seed ^ mix(stream.wrapping_add(GAMMA)))
}

/// The uniform number of draw `d` of the stream `key`, in (0, 1) (never 0 or 1).
pub fn uniform(key: u64, d: u64) -> f64 {
    let z = mix(key.wrapping_add(d.wrapping_add(1).wrapping_mul(GAMMA)));
    ((z >> 11) as f64 + 0.5) * (1.0 / 9_007_199_254_740_992.0)
}

/// The inverse CDF of `dist` at `u` ∈ (0, 1).
pub fn quantile(dist: &Dist, u: f64) -> f64 {
    match *dist {
        Dist::Uniform { min, max } => min + u * (max - min),
        Dist::Triangular { min, mode, max } => {
            let w = max - min;
            if w <= 0.0 {
                return mode;
            }
            let f = (mode - min) / w;
            if u < f {
                min + (u * w * (mode - min)).sqrt()
            } else {
                max - ((1.0 - u) * w * (max - mode)).sqrt()
            }
        }
        Dist::Normal { mean, sd } => mean + sd * normal_quantile(u),
        Dist::Lognormal { median, gsd } => median * (gsd.ln() * normal_quantile(u)).exp(),
    }
}

/// The value of a quantity with point value `point` at `u`.
pub fn value(spread: &Spread, point: f64, u: f64) -> f64 {
    let x = quantile(&spread.dist, u);
    if spread.relative { point * x } else { x }
}

/// Whether `spread` is a point mass (every draw gives the same value).
pub fn is_point(spread: &Spread) -> bool {
    match spread.dist {
        Dist::Uniform { min, max } | Dist::Triangular { min, max, .. } => min == max,
        Dist::Normal { sd, .. } => sd == 0.0,
        Dist::Lognormal { gsd, .. } => gsd == 1.0,
    }
}

/// The standard normal quantile Φ⁻¹(u) by Acklam's rational approximation (relative error
/// below 1.15e-9, far below the sampling error of any run).
pub fn normal_quantile(u: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    const LOW: f64 = 0.024_25;
    if u < LOW {
        let q = (-2.0 * u.ln()).sqrt();
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    } else if u <= 1.0 - LOW {
        let q = u - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        let q = (-2.0 * (1.0 - u).ln()).sqrt();
        -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    }
}

/// The q-quantile of `v` (linear interpolation between order statistics, type 7 of Hyndman &
/// Fan 1996, numpy's default); reorders `v`. NaN when empty.
pub fn quantile_of(v: &mut [f64], q: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    let h = (v.len() - 1) as f64 * q;
    let lo = h.floor() as usize;
    let (_, &mut a, right) = v.select_nth_unstable_by(lo, f64::total_cmp);
    let b = right.iter().copied().min_by(f64::total_cmp).unwrap_or(a);
    a + (h - lo as f64) * (b - a)
}

/// The bands' positions in `n` sorted values: (rank below, fraction to the next) at 5 %, 50 %
/// and 95 %.
fn band_ranks(n: usize) -> [(usize, f64); 3] {
    [0.05, 0.5, 0.95].map(|q| {
        let h = (n - 1) as f64 * q;
        (h.floor() as usize, h - h.floor())
    })
}

/// Buckets of the histogram selection (fit a `u16`).
const BUCKETS: usize = 2048;

/// Reused space of [`bands`].
#[derive(Default)]
pub struct BandScratch {
    bucket: Vec<u16>,
    count: Vec<u32>,
    picked: Vec<f64>,
    picked_at: Vec<(u16, f64)>,
    wanted: Vec<bool>,
}

/// Median, 5 % and 95 % of `v` (type 7, as [`quantile_of`]), by histogram selection: the
/// values are binned by value into `BUCKETS` equal bins between their minimum and maximum
/// (binning is monotone, so a bin's values all lie between its neighbours'); the bins holding
/// the six order statistics the three bands interpolate between are found from the counts, and
/// only their values are sorted. About three light passes over `v` instead of three selections;
/// the result is the same order statistics, so the same bits. Values that are not finite fall
/// back to selection.
pub fn bands_with(v: &[f64], s: &mut BandScratch) -> (f64, f64, f64) {
    let n = v.len();
    if n == 0 {
        return (f64::NAN, f64::NAN, f64::NAN);
    }
    let (mut lo, mut hi, mut nan) = (f64::INFINITY, f64::NEG_INFINITY, false);
    for &x in v {
        lo = if x < lo { x } else { lo };
        hi = if x > hi { x } else { hi };
        nan |= x.is_nan();
    }
    if nan || !(lo.is_finite() && hi.is_finite()) {
        s.picked.clear();
        s.picked.extend_from_slice(v);
        return bands(&mut s.picked);
    }
    let ranks = band_ranks(n);
    if lo == hi {
        return (lo, lo, lo);
    }
    // Bin and count in one pass; (x − lo) · scale lies in [0, BUCKETS] (the maximum has a bin
    // of its own).
    let scale = BUCKETS as f64 / (hi - lo);
    s.bucket.clear();
    s.count.clear();
    s.count.resize(BUCKETS + 1, 0);
    s.bucket.extend(v.iter().map(|&x| {
        let b = ((x - lo) * scale) as u16;
        s.count[b as usize] += 1;
        b
    }));
    // The order statistics wanted and the bin of each, with the count before that bin.
    let mut want = [0usize; 6];
    for (j, &(r, _)) in ranks.iter().enumerate() {
        want[2 * j] = r;
        want[2 * j + 1] = (r + 1).min(n - 1);
    }
    let mut bins = [(0usize, 0usize); 6];
    let mut cum = 0usize;
    let mut k = 0;
    // `want` is ascending (5 % ≤ 50 % ≤ 95 %).
    for (b, &c) in s.count.iter().enumerate() {
        let next = cum + c as usize;
        while k < 6 && want[k] < next {
            bins[k] = (b, cum);
            k += 1;
        }
        cum = next;
        if k == 6 {
            break;
        }
    }
    // The values of the wanted bins in one pass, then sorted (bin, value).
    s.wanted.clear();
    s.wanted.resize(BUCKETS + 1, false);
    for &(b, _) in &bins {
        s.wanted[b] = true;
    }
    s.picked_at.clear();
    for (&x, &bb) in v.iter().zip(&s.bucket) {
        if s.wanted[bb as usize] {
            s.picked_at.push((bb, x));
        }
    }
    s.picked_at
        .sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
    // A wanted value sits (its rank − the count before its bin) into its bin's run.
    let mut stat = [0.0; 6];
    for j in 0..6 {
        let (b, before) = bins[j];
        let first = s.picked_at.partition_point(|p| (p.0 as usize) < b);
        stat[j] = s.picked_at[first + want[j] - before].1;
    }
    let at = |j: usize| {
        let (a, b, f) = (stat[2 * j], stat[2 * j + 1], ranks[j].1);
        if f == 0.0 { a } else { a + f * (b - a) }
    };
    (at(1), at(0), at(2))
}

/// Median, 5 % and 95 % of `v` (reorders `v`): each selection works on the part the one before
/// left, so the three cost about two passes.
pub fn bands(v: &mut [f64]) -> (f64, f64, f64) {
    if v.is_empty() {
        return (f64::NAN, f64::NAN, f64::NAN);
    }
    let n = v.len();
    let at = |q: f64| {
        let h = (n - 1) as f64 * q;
        (h.floor() as usize, h - h.floor())
    };
    let (l5, f5) = at(0.05);
    let (l50, f50) = at(0.5);
    let (l95, f95) = at(0.95);
    let pick = |v: &mut [f64], lo: usize, off: usize, frac: f64| -> f64 {
        let (_, &mut a, right) = v[off..].select_nth_unstable_by(lo - off, f64::total_cmp);
        if frac == 0.0 {
            return a;
        }
        let b = right.iter().copied().min_by(f64::total_cmp).unwrap_or(a);
        a + frac * (b - a)
    };
    let p5 = pick(v, l5, 0, f5);
    let p50 = pick(v, l50, l5, f50);
    let p95 = pick(v, l95, l50, f95);
    (p50, p5, p95)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_quantile_matches_tables() {
        // Φ⁻¹(0.95) = 1.6448536269514722, Φ⁻¹(0.975) = 1.959963984540054.
        assert!((normal_quantile(0.95) - 1.644_853_626_951_472_2).abs() < 2e-9);
        assert!((normal_quantile(0.975) - 1.959_963_984_540_054).abs() < 3e-9);
        assert!((normal_quantile(0.001) + 3.090_232_306_167_813_6).abs() < 4e-9);
        assert_eq!(normal_quantile(0.5), 0.0);
    }

    #[test]
    fn uniform_numbers_are_in_the_open_interval_and_spread() {
        let k = key(7, stream_of(&["price"]));
        let v: Vec<f64> = (0..10_000).map(|d| uniform(k, d)).collect();
        assert!(v.iter().all(|&u| u > 0.0 && u < 1.0));
        let mean = v.iter().sum::<f64>() / v.len() as f64;
        // SE of the mean of U(0,1) over 10,000: 0.0029.
        assert!((mean - 0.5).abs() < 0.012, "{mean}");
        assert_ne!(uniform(k, 0), uniform(key(8, stream_of(&["price"])), 0));
    }

    #[test]
    fn triangular_inverse_cdf() {
        let d = Dist::Triangular {
            min: 0.0,
            mode: 1.0,
            max: 2.0,
        };
        assert_eq!(quantile(&d, 0.5), 1.0);
        // F(x) = x²/2 on [0, 1]: F⁻¹(0.125) = 0.5.
        assert!((quantile(&d, 0.125) - 0.5).abs() < 1e-15);
        assert!((quantile(&d, 0.875) - 1.5).abs() < 1e-15);
    }

    #[test]
    fn histogram_bands_are_the_selected_ones_bit_for_bit() {
        let mut scratch = BandScratch::default();
        let k = key(3, stream_of(&["bands"]));
        for n in [1, 2, 3, 4, 7, 20, 101, 1000, 10_000] {
            // Skewed, with ties and a far outlier (most values in one bin).
            let v: Vec<f64> = (0..n)
                .map(|d| {
                    let u = uniform(k, d as u64);
                    let x = quantile(
                        &Dist::Lognormal {
                            median: 1e9,
                            gsd: 2.0,
                        },
                        u,
                    );
                    if d % 7 == 0 {
                        1e9
                    } else if d == 3 {
                        1e15
                    } else {
                        x
                    }
                })
                .collect();
            let mut w = v.clone();
            let want = bands(&mut w);
            let got = bands_with(&v, &mut scratch);
            assert_eq!(
                (got.0.to_bits(), got.1.to_bits(), got.2.to_bits()),
                (want.0.to_bits(), want.1.to_bits(), want.2.to_bits()),
                "n = {n}"
            );
        }
        assert_eq!(bands_with(&[5.0; 9], &mut scratch), (5.0, 5.0, 5.0));
        let nan = bands_with(&[1.0, f64::NAN, 2.0], &mut scratch);
        let mut w = [1.0, f64::NAN, 2.0];
        let sel = bands(&mut w);
        assert_eq!(nan.1.to_bits(), sel.1.to_bits());
    }

    #[test]
    fn bands_are_numpy_type_7() {
        let mut v: Vec<f64> = (0..=100).rev().map(f64::from).collect();
        assert_eq!(bands(&mut v), (50.0, 5.0, 95.0));
        let mut w = vec![4.0, 1.0, 3.0, 2.0];
        // numpy.quantile([1,2,3,4], [0.05, 0.5, 0.95]) = 1.15, 2.5, 3.85
        let (m, a, b) = bands(&mut w);
        assert!((m - 2.5).abs() < 1e-12 && (a - 1.15).abs() < 1e-12 && (b - 3.85).abs() < 1e-12);
        assert!((quantile_of(&mut w, 0.95) - 3.85).abs() < 1e-12);
    }
}
