//! Information estimators, all in bits (base-2 logarithms), with the convention 0 log 0 = 0.
//!
//! Exact functionals of known distributions ([`entropy_bits`], [`kl_bits`],
//! [`binary_entropy_bits`], [`injected_bits_per_sample`]) and estimators from samples: the plug-in
//! and Miller-Madow mutual information of a contingency table ([`JointCounts`]) with an analytic
//! standard error.

use core::f64::consts::LN_2;

/// `log2(x)` through `libm` (bit-identical across platforms).
#[inline(always)]
pub fn log2(x: f64) -> f64 {
    libm::log2(x)
}

/// Shannon entropy `H(p) = -sum_i p_i log2 p_i` in bits of a probability vector.
///
/// Terms with `p_i = 0` contribute 0. For `k` categories `0 <= H <= log2 k`.
///
/// ```
/// # use infoloop_core::estimators::information::entropy_bits;
/// assert!((entropy_bits(&[0.25; 4]) - 2.0).abs() < 1e-12); // uniform on 4: log2 4
/// assert_eq!(entropy_bits(&[1.0, 0.0]), 0.0);
/// ```
pub fn entropy_bits(p: &[f64]) -> f64 {
    let mut h = 0.0;
    for &pi in p {
        if pi > 0.0 {
            h -= pi * log2(pi);
        }
    }
    h.max(0.0)
}

/// Kullback-Leibler divergence `KL(p || q) = sum_i p_i log2(p_i / q_i)` in bits.
///
/// `+inf` if some `p_i > 0` has `q_i = 0`; terms with `p_i = 0` contribute 0. Always `>= 0`.
///
/// ```
/// # use infoloop_core::estimators::information::kl_bits;
/// // KL(Bern(1/2) || Bern(1/4)) = 1/2 log2 2 + 1/2 log2(2/3)
/// let closed = 0.5 * 1.0 + 0.5 * (2.0f64 / 3.0).log2();
/// assert!((kl_bits(&[0.5, 0.5], &[0.25, 0.75]) - closed).abs() < 1e-12);
/// ```
pub fn kl_bits(p: &[f64], q: &[f64]) -> f64 {
    debug_assert_eq!(p.len(), q.len());
    let mut d = 0.0;
    for (&pi, &qi) in p.iter().zip(q) {
        if pi > 0.0 {
            if qi <= 0.0 {
                return f64::INFINITY;
            }
            d += pi * log2(pi / qi);
        }
    }
    d.max(0.0)
}

/// Binary entropy `h(p) = -p log2 p - (1 - p) log2(1 - p)` in bits; `p` is clamped to [0, 1].
///
/// ```
/// # use infoloop_core::estimators::information::binary_entropy_bits;
/// assert_eq!(binary_entropy_bits(0.5), 1.0);
/// assert_eq!(binary_entropy_bits(0.0), 0.0);
/// ```
pub fn binary_entropy_bits(p: f64) -> f64 {
    let p = if p.is_nan() { 0.5 } else { p.clamp(0.0, 1.0) };
    entropy_bits(&[p, 1.0 - p])
}

/// Capacity `1 - h(eps)` in bits of the binary symmetric channel with flip probability `eps`: the
/// most one verdict of a verifier of strength `s = 1 - 2 eps` can carry.
pub fn channel_capacity_bits(eps: f64) -> f64 {
    1.0 - binary_entropy_bits(eps)
}

/// Bits one verified sample injects about correctness:
/// `I_inj = h(a (1 - eps) + (1 - a) eps) - h(eps)`, with `a` the probability that a sample is
/// correct (`a = p_t(X)`) and `eps` the verifier's flip probability.
///
/// It is the mutual information between the correctness bit `C ~ Bern(a)` and the verdict seen
/// through a binary symmetric channel; `0 <= I_inj <= 1 - h(eps)`, and it vanishes at `eps = 1/2`
/// (a coin-flip verifier) and at `a in {0, 1}` (nothing left to learn).
///
/// ```
/// # use infoloop_core::estimators::information::{injected_bits_per_sample, channel_capacity_bits};
/// assert!((injected_bits_per_sample(0.5, 0.0) - 1.0).abs() < 1e-12); // a perfect verifier on a fair coin
/// assert_eq!(injected_bits_per_sample(0.3, 0.5), 0.0);                  // s = 0: nothing
/// assert!(injected_bits_per_sample(0.5, 0.3) <= channel_capacity_bits(0.3) + 1e-12);
/// ```
pub fn injected_bits_per_sample(a: f64, eps: f64) -> f64 {
    let a = if a.is_nan() { 0.0 } else { a.clamp(0.0, 1.0) };
    let out = binary_entropy_bits(a * (1.0 - eps) + (1.0 - a) * eps) - binary_entropy_bits(eps);
    out.max(0.0)
}

/// A mutual-information estimate in bits with its standard error.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MiEstimate {
    /// Plug-in estimate `I(P_hat)`: biased upward by about `(kx - 1)(ky - 1) / (2 n ln 2)`.
    pub plugin_bits: f64,
    /// Miller-Madow corrected estimate (may be slightly negative when the true value is ~0).
    pub miller_madow_bits: f64,
    /// Standard error in bits: delta-method variance `(E[i^2] - I^2) / n` of the pointwise
    /// information `i = log2 p(x,y) / (p(x) p(y))`, plus the null spread
    /// `sqrt(2 df) / (2 n ln 2)` (df = (kx-1)(ky-1)) that dominates when `I ~ 0`.
    pub std_error_bits: f64,
}

impl MiEstimate {
    /// The 95% band `miller_madow_bits +- 1.96 * std_error_bits`.
    pub fn band(&self) -> (f64, f64) {
        let half = 1.96 * self.std_error_bits;
        (self.miller_madow_bits - half, self.miller_madow_bits + half)
    }
}

/// A contingency table of paired samples `(x, y)`, `x < kx`, `y < ky`.
#[derive(Clone, Debug, PartialEq)]
pub struct JointCounts {
    kx: usize,
    ky: usize,
    counts: Vec<u32>,
    total: u64,
}

impl JointCounts {
    /// An empty `kx` by `ky` table.
    pub fn new(kx: usize, ky: usize) -> Self {
        JointCounts {
            kx,
            ky,
            counts: vec![0; kx * ky],
            total: 0,
        }
    }

    /// Adds one sample. Out-of-range pairs are a bug in the caller and are ignored in release.
    pub fn add(&mut self, x: usize, y: usize) {
        debug_assert!(
            x < self.kx && y < self.ky,
            "({x},{y}) outside {}x{}",
            self.kx,
            self.ky
        );
        if x < self.kx && y < self.ky {
            self.counts[x * self.ky + y] += 1;
            self.total += 1;
        }
    }

    /// The cell counts, row-major (`x * ky + y`).
    pub fn cells(&self) -> &[u32] {
        &self.counts
    }

    /// Adds `cells` (same table shape, row-major) to the counts; false (and nothing changed) if
    /// the shapes differ.
    pub fn add_cells(&mut self, cells: &[u32]) -> bool {
        if cells.len() != self.counts.len() {
            return false;
        }
        for (c, &d) in self.counts.iter_mut().zip(cells) {
            *c += d;
            self.total += d as u64;
        }
        true
    }

    /// Number of samples.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// The table built from paired samples.
    pub fn from_pairs(
        kx: usize,
        ky: usize,
        pairs: impl IntoIterator<Item = (usize, usize)>,
    ) -> Self {
        let mut t = JointCounts::new(kx, ky);
        for (x, y) in pairs {
            t.add(x, y);
        }
        t
    }

    fn marginals(&self) -> (Vec<u64>, Vec<u64>) {
        let mut mx = vec![0u64; self.kx];
        let mut my = vec![0u64; self.ky];
        for (row, mx_x) in self.counts.chunks(self.ky).zip(mx.iter_mut()) {
            for (&c, my_y) in row.iter().zip(my.iter_mut()) {
                *mx_x += c as u64;
                *my_y += c as u64;
            }
        }
        (mx, my)
    }

    /// Plug-in and Miller-Madow mutual information `I(X;Y)` in bits, with a standard error.
    ///
    /// Plug-in: `I = sum_xy (n_xy/n) log2(n n_xy / (n_x n_y))`, exactly the DPI-respecting mutual
    /// information of the empirical joint (so `I >= 0`, symmetric, and `I(X; f(Y)) <= I(X; Y)` for
    /// any function `f` of the same samples). Miller-Madow subtracts the first-order bias of each
    /// entropy: `I_MM = I + ((m_x - 1) + (m_y - 1) - (m_xy - 1)) / (2 n ln 2)` with `m` the number
    /// of non-empty cells.
    ///
    /// ```
    /// # use infoloop_core::estimators::information::JointCounts;
    /// // Y = X on 4 equally frequent values: I = H(X) = 2 bits.
    /// let t = JointCounts::from_pairs(4, 4, (0..400).map(|i| (i % 4, i % 4)));
    /// assert!((t.mutual_information().plugin_bits - 2.0).abs() < 1e-12);
    /// ```
    pub fn mutual_information(&self) -> MiEstimate {
        if self.total == 0 {
            return MiEstimate {
                plugin_bits: 0.0,
                miller_madow_bits: 0.0,
                std_error_bits: 0.0,
            };
        }
        let n = self.total as f64;
        let (mx, my) = self.marginals();
        let (mut i1, mut i2, mut cells) = (0.0f64, 0.0f64, 0u64);
        for (row, &n_x) in self.counts.chunks(self.ky).zip(&mx) {
            for (&c, &n_y) in row.iter().zip(&my) {
                if c == 0 {
                    continue;
                }
                cells += 1;
                let c = c as f64;
                let pointwise = log2(n * c / (n_x as f64 * n_y as f64));
                i1 += c * pointwise;
                i2 += c * pointwise * pointwise;
            }
        }
        let plugin = (i1 / n).max(0.0);
        let second = i2 / n;
        let nonzero = |m: &[u64]| m.iter().filter(|&&c| c > 0).count() as f64;
        let (m_x, m_y) = (nonzero(&mx), nonzero(&my));
        let correction = ((m_x - 1.0) + (m_y - 1.0) - (cells as f64 - 1.0)) / (2.0 * n * LN_2);
        let df = (m_x - 1.0).max(0.0) * (m_y - 1.0).max(0.0);
        let null_sd = f64::sqrt(2.0 * df) / (2.0 * n * LN_2);
        let delta_var = ((second - plugin * plugin) / n).max(0.0);
        MiEstimate {
            plugin_bits: plugin,
            miller_madow_bits: plugin + correction,
            std_error_bits: f64::sqrt(delta_var + null_sd * null_sd),
        }
    }
}

/// Plug-in entropy in bits of observed counts; `0 <= H <= log2(#categories)`.
pub fn plugin_entropy_bits(counts: &[u64]) -> f64 {
    let n: u64 = counts.iter().sum();
    if n == 0 {
        return 0.0;
    }
    let mut h = 0.0;
    for &c in counts {
        if c > 0 {
            let p = c as f64 / n as f64;
            h -= p * log2(p);
        }
    }
    h.max(0.0)
}

/// Miller-Madow entropy in bits: plug-in plus `(m - 1) / (2 n ln 2)`, `m` the non-empty cells.
pub fn miller_madow_entropy_bits(counts: &[u64]) -> f64 {
    let n: u64 = counts.iter().sum();
    if n == 0 {
        return 0.0;
    }
    let m = counts.iter().filter(|&&c| c > 0).count() as f64;
    plugin_entropy_bits(counts) + (m - 1.0) / (2.0 * n as f64 * LN_2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::rng::SimRng;

    #[test]
    fn independent_variables_have_near_zero_mi_within_band() {
        let mut rng = SimRng::for_stream(21, 0);
        let t = JointCounts::from_pairs(
            8,
            8,
            (0..2000).map(|_| (rng.below(8) as usize, rng.below(8) as usize)),
        );
        let est = t.mutual_information();
        let (lo, hi) = est.band();
        assert!(lo <= 0.0 && 0.0 <= hi, "{est:?}");
        // Miller-Madow removes most of the plug-in's upward bias of ~49/(2*2000 ln 2) = 0.018.
        assert!(est.plugin_bits > est.miller_madow_bits);
        assert!(est.miller_madow_bits.abs() < 0.01, "{est:?}");
    }

    #[test]
    fn noisy_copy_matches_closed_form_within_band() {
        // X uniform on 4, Y = X with prob 0.7 else uniform on the other 3:
        // I = 2 - H(0.7, 0.1, 0.1, 0.1).
        let closed = 2.0 - entropy_bits(&[0.7, 0.1, 0.1, 0.1]);
        let mut rng = SimRng::for_stream(22, 0);
        let pairs: Vec<(usize, usize)> = (0..5000)
            .map(|_| {
                let x = rng.below(4) as usize;
                let y = if rng.uniform() < 0.7 {
                    x
                } else {
                    (x + 1 + rng.below(3) as usize) % 4
                };
                (x, y)
            })
            .collect();
        let est = JointCounts::from_pairs(4, 4, pairs).mutual_information();
        let (lo, hi) = est.band();
        assert!(lo <= closed && closed <= hi, "closed {closed}, est {est:?}");
    }

    #[test]
    fn injected_bits_is_bounded_by_capacity() {
        for i in 0..=20 {
            for j in 0..=10 {
                let (a, eps) = (i as f64 / 20.0, j as f64 / 20.0);
                let inj = injected_bits_per_sample(a, eps);
                assert!(
                    inj >= 0.0 && inj <= channel_capacity_bits(eps) + 1e-12,
                    "{a} {eps}"
                );
            }
        }
    }

    #[test]
    fn entropy_estimators_of_counts() {
        assert_eq!(plugin_entropy_bits(&[5, 5]), 1.0);
        assert_eq!(plugin_entropy_bits(&[0, 0]), 0.0);
        assert!(miller_madow_entropy_bits(&[5, 5]) > 1.0);
    }
}
