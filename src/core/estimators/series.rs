//! Curves over generations: a [`Band`] (estimate with a 95% interval) and running [`Moments`].

use crate::estimators::information::MiEstimate;

/// Most points a curve stores: runs longer than `MAX_POINTS - 1` generations record every k-th
/// generation (and the last), so memory stays bounded however long the run.
pub const MAX_POINTS: usize = 2001;

/// The generations a run of `t` generations records, in order: all of `0..=t` when they fit in
/// [`MAX_POINTS`], otherwise every k-th (k the smallest stride that fits) and `t` itself.
///
/// ```
/// # use infoloop_core::estimators::series::{recorded_generations, MAX_POINTS};
/// assert_eq!(recorded_generations(3), vec![0, 1, 2, 3]);
/// let long = recorded_generations(100_000);
/// assert!(long.len() <= MAX_POINTS);
/// assert_eq!((long[0], long[1], *long.last().unwrap()), (0, 50, 100_000));
/// ```
pub fn recorded_generations(t: usize) -> Vec<usize> {
    if t < MAX_POINTS {
        return (0..=t).collect();
    }
    // Points 0, k, 2k, ... below t, plus t: at most ceil(t / k) + 1 <= MAX_POINTS.
    let stride = t.div_ceil(MAX_POINTS - 1);
    let mut gens: Vec<usize> = (0..t).step_by(stride).collect();
    gens.push(t);
    gens
}

/// A curve with a 95% band: `lo <= mid <= hi` element-wise, all the same length.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Band {
    /// The estimate.
    pub mid: Vec<f64>,
    /// Lower edge of the band.
    pub lo: Vec<f64>,
    /// Upper edge of the band.
    pub hi: Vec<f64>,
}

impl Band {
    /// An empty band with room for `n` points.
    pub fn with_capacity(n: usize) -> Self {
        Band {
            mid: Vec::with_capacity(n),
            lo: Vec::with_capacity(n),
            hi: Vec::with_capacity(n),
        }
    }

    /// Appends `(mid, lo, hi)`.
    pub fn push_triple(&mut self, (mid, lo, hi): (f64, f64, f64)) {
        self.mid.push(mid);
        self.lo.push(lo);
        self.hi.push(hi);
    }

    /// Appends a mutual-information estimate: its Miller-Madow value and 95% band.
    pub fn push_estimate(&mut self, est: &MiEstimate) {
        let (lo, hi) = est.band();
        self.push_triple((est.miller_madow_bits, lo, hi));
    }

    /// The three vectors named `name`, `name_lo`, `name_hi` (for exports and fingerprints).
    pub fn named(&self, name: &str) -> [(String, &[f64]); 3] {
        [
            (name.to_string(), &self.mid),
            (format!("{name}_lo"), &self.lo),
            (format!("{name}_hi"), &self.hi),
        ]
    }
}

/// Running sum and sum of squares of a sample, in insertion order (deterministic).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Moments {
    n: u64,
    sum: f64,
    sum_sq: f64,
}

impl Moments {
    /// Adds one observation.
    pub fn push(&mut self, x: f64) {
        self.n += 1;
        self.sum += x;
        self.sum_sq += x * x;
    }

    /// Adds the observations of `other` after this one's (`n`, the sum and the sum of squares
    /// add; the sums round as if `other`'s sums were one more observation each).
    pub fn absorb(&mut self, other: &Moments) {
        self.n += other.n;
        self.sum += other.sum;
        self.sum_sq += other.sum_sq;
    }

    /// `(n, sum, sum of squares)`.
    pub fn parts(&self) -> (u64, f64, f64) {
        (self.n, self.sum, self.sum_sq)
    }

    /// The moments with these parts (what [`parts`](Moments::parts) gave).
    pub fn from_parts(n: u64, sum: f64, sum_sq: f64) -> Self {
        Moments { n, sum, sum_sq }
    }

    /// The number of observations.
    pub fn count(&self) -> u64 {
        self.n
    }

    /// The mean and its 95% band `mean +- 1.96 sd / sqrt(n)`; zeros when empty.
    pub fn mean_band(&self) -> (f64, f64, f64) {
        if self.n == 0 {
            return (0.0, 0.0, 0.0);
        }
        let n = self.n as f64;
        let mean = self.sum / n;
        let var = if self.n > 1 {
            ((self.sum_sq - n * mean * mean) / (n - 1.0)).max(0.0)
        } else {
            0.0
        };
        let half = 1.96 * f64::sqrt(var / n);
        (mean, mean - half, mean + half)
    }
}

/// FNV-1a over the bit patterns of `values`: a fingerprint of a run's curves. Equal fingerprints
/// on two platforms mean bit-identical curves.
///
/// ```
/// # use infoloop_core::estimators::series::fingerprint;
/// assert_eq!(fingerprint([1.0, 2.0]), fingerprint([1.0, 2.0]));
/// assert_ne!(fingerprint([1.0, 2.0]), fingerprint([1.0, 2.0 + f64::EPSILON * 2.0]));
/// ```
pub fn fingerprint(values: impl IntoIterator<Item = f64>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for v in values {
        for byte in v.to_bits().to_le_bytes() {
            h ^= byte as u64;
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}
