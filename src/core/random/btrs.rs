//! A second exact binomial sampler on engine v2's generator: Hörmann's BTRS (transformed
//! rejection with squeeze), for the many binomials of different `(n, p)` that a multinomial of
//! a few hundred to a few thousand trials draws one after another.
//!
//! Why beside BTPE ([`btpe`](super::btpe)): BTPE's setup (the mode, the triangle, both
//! exponential tails) costs five divisions and a square root before the first proposal, and a
//! multinomial changes `(n, p)` at every category, so nothing is cached. BTRS needs one square
//! root and one division to set up, and its proposal is two uniforms, a division and a floor;
//! about 80% of proposals (`np` from 30 up) are accepted by its squeeze with no further work.
//!
//! The method (`p <= 1/2`, `np >= 10`, `spq = sqrt(npq)`): with `b = 1.15 + 2.53 spq`,
//! `a = -0.0873 + 0.0248 b + 0.01 p`, `c = np + 1/2`, `v_r = 0.92 - 4.2 / b`, draw `u` uniform
//! on [-1/2, 1/2), `v` uniform on [0, 1), `us = 1/2 - |u|` and `k = floor((2a/us + b) u + c)`.
//! If `us >= 0.07` and `v <= v_r` accept `k` (the squeeze). Otherwise reject `k` outside
//! `0..=n`, and accept if `v alpha / (a / us^2 + b) <= f(k) / f(m)` with
//! `alpha = (2.83 + 5.1/b) spq` and `m = floor((n+1) p)`: within 20 of the mode by a product of
//! consecutive pmf ratios (no logarithm, as BTPE's step 5.1), beyond it in logarithms with the
//! log pmf ratio exact (a chunked product near the ends of the support, BTPE's Stirling series
//! with five terms elsewhere).
//!
//! Used by scenario A's engine-v2 multinomial; [`Stream::binomial`](super::stream::Stream)
//! (every other v2 binomial) stays BTPE.
//!
//! Reference: W. Hörmann, "The generation of binomial random variates", J. Statist. Comput.
//! Simul. 46, 1993 (algorithm BTRS), as transcribed in TensorFlow's `random_binomial_op.cc`.

use crate::random::btpe::{self, bernoulli_count, floor_nonneg, ln_pmf_ratio};
use crate::random::xoshiro::Xoshiro256pp;

/// Below this mean `n min(p, 1-p)` a binomial is drawn by inversion, at or above it by BTRS.
/// BTRS needs a mean of 10 (Hörmann); measured natively (benches/samplers.rs), inversion is the
/// faster one up to a mean of about 16 (see [`btpe::INVERSION_MAX_MEAN`] for its costs).
pub const INVERSION_MAX_MEAN: f64 = 16.0;

/// A Binomial(n, p) draw in O(1) expected time, with BTRS for large means: the same
/// distribution as [`btpe::binomial`], other draws. `p` outside [0, 1] or NaN is treated as the
/// nearest end (0 for NaN).
pub fn binomial(rng: &mut Xoshiro256pp, n: u64, p: f64) -> u64 {
    if n == 0 || p.is_nan() || p <= 0.0 {
        return 0;
    }
    if p >= 1.0 {
        return n;
    }
    if n > btpe::DIRECT_MAX_N {
        return btpe::binomial(rng, n, p);
    }
    if n <= btpe::BERNOULLI_MAX_N {
        return bernoulli_count(rng, n, p);
    }
    let flip = p > 0.5;
    let r = if flip { 1.0 - p } else { p };
    let k = if n as f64 * r < INVERSION_MAX_MEAN {
        btpe::inversion(rng, n, r)
    } else {
        btrs(rng, n, r)
    };
    if flip {
        n - k
    } else {
        k
    }
}

/// BTRS for `0 < p <= 1/2`, `np >= 10`, `n <= DIRECT_MAX_N` (see the module doc).
///
/// Public for benches/samplers.rs only: call [`binomial`].
#[doc(hidden)]
pub fn btrs(rng: &mut Xoshiro256pp, n: u64, p: f64) -> u64 {
    debug_assert!(p > 0.0 && p <= 0.5 && n <= btpe::DIRECT_MAX_N && n as f64 * p >= 10.0);
    let nf = n as f64;
    let q = 1.0 - p;
    let spq = f64::sqrt(nf * p * q);
    let b = 1.15 + 2.53 * spq;
    let a = -0.0873 + 0.0248 * b + 0.01 * p;
    let two_a = 2.0 * a;
    let c = nf * p + 0.5;
    let v_r = 0.92 - 4.2 / b;
    loop {
        let u = rng.uniform() - 0.5;
        let v = rng.uniform();
        let us = 0.5 - u.abs();
        let t = (two_a / us + b) * u + c;
        // Outside the support (u = -1/2 gives us = 0 and t = -inf).
        if !(0.0..nf + 1.0).contains(&t) {
            continue;
        }
        let k = floor_nonneg(t);
        if us >= 0.07 && v <= v_r {
            return k as u64;
        }
        let alpha = (2.83 + 5.1 / b) * spq;
        let m = floor_nonneg((nf + 1.0) * p);
        // Accept if v alpha / (a / us^2 + b) <= f(k) / f(m).
        let height = v * alpha / (a / (us * us) + b);
        if (k - m).abs() <= 20.0 {
            // The ratio as a product of consecutive pmf ratios f(i)/f(i-1) = s (n+1)/i - s,
            // compared without a logarithm (for k < m the product is the inverse ratio).
            let s = p / q;
            let a_ratio = s * (nf + 1.0);
            let (lo, hi) = if m < k { (m, k) } else { (k, m) };
            let mut product = 1.0;
            let mut i = lo + 1.0;
            while i <= hi {
                product *= a_ratio / i - s;
                i += 1.0;
            }
            let accept = if m < k {
                height <= product
            } else {
                height * product <= 1.0
            };
            if accept {
                return k as u64;
            }
        } else if libm::log(height) <= ln_ratio(nf, p, q, m, k) {
            return k as u64;
        }
    }
}

/// `ln f(k) / f(m)` for Binomial(n, p): by the product of the ratios
/// `f(i)/f(i-1) = (n + 1 - i) p / (i q)` within 20 of the mode or where a Stirling argument
/// would be below 20 (the far tails, rarely reached), else by BTPE's Stirling formula (exact to
/// double precision there).
fn ln_ratio(nf: f64, p: f64, q: f64, m: f64, k: f64) -> f64 {
    let near_end = k < 20.0 || nf - k < 20.0;
    if (k - m).abs() <= 20.0 || near_end {
        let s = p / q;
        let a = s * (nf + 1.0);
        let (lo, hi) = if m < k { (m, k) } else { (k, m) };
        // The product in chunks, each folded into its logarithm before it could leave the range
        // of doubles (a far tail multiplies hundreds of ratios).
        let (mut product, mut ln) = (1.0f64, 0.0f64);
        let mut i = lo + 1.0;
        while i <= hi {
            product *= a / i - s;
            if !(1e-250..=1e250).contains(&product) {
                ln += libm::log(product);
                product = 1.0;
            }
            i += 1.0;
        }
        let ln = ln + libm::log(product);
        if m < k {
            ln
        } else {
            -ln
        }
    } else {
        ln_pmf_ratio(nf, p, q, m, k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::testkit::{assert_binomial_edges, assert_binomial_fit, binomial_ln_pmf};

    /// BTRS alone from its smallest mean (10) to large ones, and the dispatching sampler on
    /// both sides of its switch and mirrored, including the sizes of scenario A's multinomials.
    #[test]
    fn btrs_fits_its_pmf() {
        let cases: &[(u64, f64)] = &[
            (20, 0.5),
            (100, 0.1),
            (100, 0.5),
            (1024, 0.35),
            (1024, 0.0293),
            (4096, 0.5),
            (100_000, 0.3),
            (1_000_000_000, 0.25),
        ];
        for (i, &(n, p)) in cases.iter().enumerate() {
            let mut rng = Xoshiro256pp::for_stream(1993, i as u64);
            assert_binomial_fit(n, p, 40_000, "BTRS", || btrs(&mut rng, n, p));
        }
        let grid: &[(u64, f64)] = &[
            (1, 0.5),
            (8, 0.3),
            (9, 0.3),
            (32, 0.49),
            (32, 0.51),
            (100, 0.159),
            (100, 0.161),
            (1024, 0.99),
            (1024, 0.002),
            (1 << 34, 0.3),
        ];
        for (i, &(n, p)) in grid.iter().enumerate() {
            let mut rng = Xoshiro256pp::for_stream(1994, i as u64);
            assert_binomial_fit(n, p, 20_000, "binomial", || binomial(&mut rng, n, p));
        }
    }

    /// 400 000 draws at npq = 400, where a fifth of the proposals leave the squeeze and are
    /// decided by the log pmf ratio.
    #[test]
    fn btrs_fits_where_the_ratio_decides() {
        let mut rng = Xoshiro256pp::for_stream(5, 7);
        assert_binomial_fit(1600, 0.5, 400_000, "BTRS", || btrs(&mut rng, 1600, 0.5));
    }

    #[test]
    fn the_log_ratio_is_exact_on_both_branches() {
        for &(n, p) in &[(64u64, 0.45), (1024, 0.35), (100_000, 0.3)] {
            let (nf, q) = (n as f64, 1.0 - p);
            let m = ((n + 1) as f64 * p).floor();
            for k in [
                0.0,
                3.0,
                m - 25.0,
                m - 20.0,
                m,
                m + 7.0,
                m + 40.0,
                nf - 5.0,
                nf,
            ] {
                if !(0.0..=nf).contains(&k) {
                    continue;
                }
                let exact = binomial_ln_pmf(n, p, k as u64) - binomial_ln_pmf(n, p, m as u64);
                let got = ln_ratio(nf, p, q, m, k);
                let tolerance = 1e-12 * exact.abs().max(1.0) + 4e-16 * libm::lgamma(nf + 1.0);
                assert!(
                    (got - exact).abs() < tolerance,
                    "n={n} p={p} k={k}: {got} vs {exact}"
                );
            }
        }
    }

    #[test]
    fn edge_cases() {
        let mut rng = Xoshiro256pp::for_stream(1, 1);
        assert_binomial_edges(|n, p| binomial(&mut rng, n, p));
    }
}
