//! The binomial sampler of engine v2: O(1) expected cost whatever `n`. BTPE (Kachitvichyanukul
//! and Schmeiser 1988) when the mean `n min(p, 1-p)` is at least [`INVERSION_MAX_MEAN`] (30;
//! 18 above 4096 trials), sequential inversion below it, and a plain count of Bernoulli trials for at most
//! [`BERNOULLI_MAX_N`] trials.
//!
//! v1's sampler ([`sample::binomial`](super::sample::binomial)) halves `n` by a beta draw
//! (two gammas, so two normals) per step while the mean is above 12: its cost grows as `log n`,
//! and the beta-splitting was 73% of scenario A's large run (R = 5000, T = 100, N = 1024)
//! natively. BTPE proposes from a triangle-parallelogram-exponential hat with two uniforms per
//! proposal: 1.16 proposals per draw once `npq` exceeds ~200 (1.9 at `npq = 7`), and 52%
//! (`npq = 7`) to 88% (`npq` large) of draws end in the triangle, with no pmf evaluation (both
//! computed from the hat's areas); the rest evaluate the pmf ratio by a short product or by
//! Stirling's series.
//!
//! BTPE in brief (`p <= 1/2`, `q = 1 - p`, mode `M = floor((n+1) p)`). The hat over
//! `f(y) / f(M)` is a triangle of half-width `p1 = floor(2.195 sqrt(npq) - 4.6 q) + 0.5` around
//! `x_M = M + 1/2` (region 1, accepted at once), two parallelograms of height `c = 0.134 +
//! 20.5 / (15.3 + M)` on it (region 2), and exponential tails with rates `lambda_L`, `lambda_R`
//! beyond `x_L = x_M - p1`, `x_R = x_M + p1` (regions 3, 4); `p2 = p1 (1 + 2c)`,
//! `p3 = p2 + c / lambda_L`, `p4 = p3 + c / lambda_R` are the cumulative areas. A proposal
//! `y` with height `v` is accepted if `v <= f(y) / f(M)`: for `|y - M| <= 20` (or near the
//! ends of the support) by the product of the ratios `f(i) / f(i-1) = (n+1-i) p / (i q)`;
//! otherwise first by the squeeze `ln v < -k^2/(2npq) - rho` / `> ... + rho`, then by
//! `ln f(y)/f(M)` from Stirling's formula with the series
//! `1/(12x) - 1/(360x^3) + 1/(1260x^5) - 1/(1680x^7) + 1/(1188x^9)` (all arguments exceed 20
//! there, so it is exact to double precision).
//!
//! Step 5.3 in full: with `x1 = y + 1`, `f1 = M + 1`, `z = n + 1 - M`, `w = n + 1 - y` and
//! `omega` the series above, `ln f(y)/f(M) = x_M ln(f1/x1) + (n - M + 1/2) ln(z/w) +
//! (y - M) ln(w p / (x1 q)) + omega(f1) + omega(z) - omega(x1) - omega(w)`, from
//! `ln Gamma(a) = (a - 1/2) ln a - a + ln(2 pi)/2 + omega(a)`. The 1988 paper adds all four
//! `omega`s, and so did numpy's transcription until its PR #31238 (2026), which also fixed its
//! leading coefficient 13680 to 13860; here both are right, and a unit test checks the formula
//! against `lgamma` (a sampling test cannot see either slip). Also unlike numpy,
//! `ln((M+1)/(y+1))` and `ln((n+1-M)/(n+1-y))` are computed as `ln_1p` of exact integer
//! differences, so the bound stays accurate for large `n`; and the inversion's `q^n` is
//! `exp(n ln_1p(-p))` above `2^12` trials (no representation error of `1 - p` raised to a large
//! power).
//!
//! `n` above [`DIRECT_MAX_N`] (where `f64` arithmetic on counts stops being exact to 1e-6) is
//! first reduced by Knuth's beta-splitting, at most 31 steps for `n < 2^64`.
//!
//! References: V. Kachitvichyanukul and B. W. Schmeiser, "Binomial random variate generation",
//! CACM 31(2), 1988; numpy's `random_binomial_btpe` and `random_binomial_inversion`
//! (numpy/random/src/distributions/distributions.c); D. Knuth, TAOCP vol. 2, 3.4.1.

use crate::random::sample::powi;
use crate::random::sample_v2::beta;
use crate::random::xoshiro::Xoshiro256pp;

/// Below this mean `n min(p, 1-p)` a binomial of at most 4096 trials is drawn by inversion, at
/// or above it by BTPE; [`INVERSION_MAX_MEAN_LARGE_N`] is the switch for more trials.
///
/// BTPE needs a mean of about 10 for its hat to exist (`p1 > 0` needs `npq > 4.4`, and the hat
/// degenerates towards it: 5.9 ms per draw at a mean of 6), and Kachitvichyanukul and Schmeiser
/// recommend it from 10; numpy switches at 30. Inversion costs a setup (`q^n`: a product up to
/// 4096 trials, `exp(n ln_1p(-p))` beyond, about 30 ns more) plus one step per unit of mean;
/// BTPE a constant. Measured natively (benches/samplers.rs, fastest of 9 rounds), ns per draw:
///
/// | mean | inversion, n = 256 / 4096 / 10^6 | BTPE, n = 256 / 4096 / 10^6 |
/// |---|---|---|
/// | 10 | 65 / 70 / 108 | 143 / 145 / 128 |
/// | 14 | 63 / 67 / 120 | 120 / 141 / 132 |
/// | 18 | 65 / 78 / 127 | 134 / 133 / 127 |
/// | 20 | 75 / 89 / 157 | 125 / 124 / 151 |
/// | 25 | 92 / 102 / 167 | 120 / 126 / 136 |
/// | 30 | 128 / 111 / 154 | 115 / 118 / 133 |
/// | 35 | 116 / 146 / 205 | 120 / 113 / 129 |
///
/// so the crossover is at a mean of about 30 up to 4096 trials (the scenarios' case) and 18
/// beyond. (Instruction counts, callgrind, put it lower, at 20 and 15: they do not see BTPE's
/// unpredictable region branch nor the inversion's pipelined divisions; the times decide.)
pub const INVERSION_MAX_MEAN: f64 = 30.0;

/// The inversion/BTPE switch (see [`INVERSION_MAX_MEAN`]) for more than 4096 trials, where the
/// inversion's `q^n` costs an `exp` and a `ln_1p`.
pub const INVERSION_MAX_MEAN_LARGE_N: f64 = 18.0;

/// Up to this many trials a binomial is drawn as a count of Bernoulli trials
/// ([`bernoulli_count`]): `n` generator outputs and comparisons, no division. Measured natively
/// (CPU time, best of 5 runs of 3 10^6 draws): 9-14 ns against inversion's 25-35 ns for
/// n = 2..8 at p = 0.3, 14.6 against 12.7 ns at n = 8, p = 0.02; in instructions (callgrind,
/// p = 0.3) 40 against 119 at n = 2, 130 against 164 at n = 8, 250 against 195 at n = 16.
pub const BERNOULLI_MAX_N: u64 = 8;

/// Largest `n` drawn directly (2^33, above `u32::MAX`): `f64` spacing at `n` is `2^-19`, so
/// BTPE's `floor`s of real abscissae land on the right integer to about 2e-6 of a cell.
pub const DIRECT_MAX_N: u64 = 1 << 33;

/// Largest `n` for which the inversion computes `q^n` by repeated squaring (relative error about
/// `n * 2^-53`, below 5e-13 here; 21 ns against 47 ns for `exp(n ln_1p(-p))` at n = 4096);
/// above it, `exp(n ln_1p(-p))`.
const POWI_MAX_N: u64 = 1 << 12;

/// A Binomial(n, p) draw in O(1) expected time. `p` outside [0, 1] or NaN is treated as the
/// nearest end (0 for NaN), as in v1.
pub fn binomial(rng: &mut Xoshiro256pp, n: u64, p: f64) -> u64 {
    if n == 0 || p.is_nan() || p <= 0.0 {
        return 0;
    }
    if p >= 1.0 {
        return n;
    }
    if n > DIRECT_MAX_N {
        return binomial_split(rng, n, p);
    }
    binomial_direct(rng, n, p)
}

/// Binomial(n, p) for `n <= DIRECT_MAX_N` and `0 < p <= 1`: a count of Bernoulli trials for
/// `n <= BERNOULLI_MAX_N`, else the count of the rarer outcome by inversion or BTPE (`1 - p` is
/// exact for `p > 1/2`, by Sterbenz's lemma).
#[inline]
fn binomial_direct(rng: &mut Xoshiro256pp, n: u64, p: f64) -> u64 {
    if n == 0 {
        return 0;
    }
    if p >= 1.0 {
        return n;
    }
    if n <= BERNOULLI_MAX_N {
        return bernoulli_count(rng, n, p);
    }
    let flip = p > 0.5;
    let r = if flip { 1.0 - p } else { p };
    let max_mean = if n <= POWI_MAX_N {
        INVERSION_MAX_MEAN
    } else {
        INVERSION_MAX_MEAN_LARGE_N
    };
    let k = if n as f64 * r < max_mean {
        inversion(rng, n, r)
    } else {
        btpe(rng, n, r)
    };
    if flip {
        n - k
    } else {
        k
    }
}

/// Binomial(n, p) for `n > DIRECT_MAX_N`, `0 < p < 1`: Knuth's beta-splitting (as v1) until at
/// most `DIRECT_MAX_N` trials are left. The a-th smallest of `n` uniforms is Beta(a, n+1-a);
/// if it is at least `p`, the successes are among the `a - 1` below it (uniform on [0, x), so
/// with probability `p / x` each), otherwise the `a` smallest are successes and the rest are
/// uniform on (x, 1]. The rarer outcome is counted (`p <= 1/2`), so that its probability keeps
/// its full relative precision through the steps.
#[cold]
fn binomial_split(rng: &mut Xoshiro256pp, n: u64, p: f64) -> u64 {
    if p > 0.5 {
        return n - binomial_split(rng, n, 1.0 - p);
    }
    let (mut n, mut p, mut k) = (n, p, 0u64);
    while n > DIRECT_MAX_N {
        let a = 1 + n / 2;
        let b = n - a + 1;
        let x = beta(rng, a as f64, b as f64);
        if x >= p {
            n = a - 1;
            p /= x;
        } else {
            k += a;
            n = b - 1;
            p = (p - x) / (1.0 - x);
        }
    }
    k + binomial_direct(rng, n, p)
}

/// Binomial(n, p), `0 < p < 1`, as the number of `n` generator outputs below
/// `t = floor(p 2^64)`: each is a success with probability `t / 2^64`, within `2^-64` of `p`
/// (exactly `p` when `p >= 2^-11`, where `p 2^64` is an integer). Cost: `n` outputs.
pub(crate) fn bernoulli_count(rng: &mut Xoshiro256pp, n: u64, p: f64) -> u64 {
    let threshold = (p * 18_446_744_073_709_551_616.0) as u64;
    let mut successes = 0;
    for _ in 0..n {
        successes += (rng.next_u64() < threshold) as u64;
    }
    successes
}

/// Sequential inversion of the cdf from 0 (Kachitvichyanukul and Schmeiser's BINV), for
/// `0 < p <= 1/2` and a small mean: `P(0) = q^n`, `P(x) = P(x-1) ((n+1) s / x - s)` with
/// `s = p / q`. The search restarts with a fresh uniform past `np + 10 sqrt(npq + 1)` (the mass
/// beyond is below 1e-11 for the means drawn here), so rounding in the running sum can never
/// return a far-tail count. Expected cost `1 + np` steps.
///
/// Public for benches/samplers.rs (the switch-point measurement) only: call [`binomial`].
#[doc(hidden)]
pub fn inversion(rng: &mut Xoshiro256pp, n: u64, p: f64) -> u64 {
    debug_assert!(p > 0.0 && p <= 0.5);
    let nf = n as f64;
    let q = 1.0 - p;
    let q_n = if n <= POWI_MAX_N {
        powi(q, n)
    } else {
        libm::exp(nf * libm::log1p(-p))
    };
    let s = p / q;
    let a = (nf + 1.0) * s;
    let np = nf * p;
    // The count is kept as a float (exact below 2^53): no integer conversion per step, and
    // `x > bound` for integral x is the same test as against `floor(bound)`.
    let bound = nf.min(np + 10.0 * f64::sqrt(np * q + 1.0));
    'restart: loop {
        let mut u = rng.uniform();
        let mut x = 0.0f64;
        let mut px = q_n;
        while u > px {
            u -= px;
            x += 1.0;
            if x > bound {
                continue 'restart;
            }
            px *= a / x - s;
        }
        return x as u64;
    }
}

/// `floor(x)` for `0 <= x < 2^53` by truncation toward zero: exact there, and one conversion
/// instruction rather than a call (`libm::floor` is a generic bit-level routine on x86-64).
#[inline]
pub(crate) fn floor_nonneg(x: f64) -> f64 {
    debug_assert!((0.0..9.0e15).contains(&x), "floor_nonneg({x})");
    (x as i64) as f64
}

/// `1/(12x) - 1/(360x^3) + 1/(1260x^5) - 1/(1680x^7) + 1/(1188x^9)`, the Stirling series of
/// `ln x! - ((x + 1/2) ln x - x + ln(2 pi) / 2)` at `x`, written over the common denominator
/// 166320 as Kachitvichyanukul and Schmeiser do, in powers of `1/x` (one division; the paper's
/// nested form divides five times in a dependent chain, which perf showed hot in step 5.3).
fn stirling_tail(x: f64) -> f64 {
    let inv = 1.0 / x;
    let inv2 = inv * inv;
    (13860.0 - (462.0 - (132.0 - (99.0 - 140.0 * inv2) * inv2) * inv2) * inv2)
        * inv
        * (1.0 / 166320.0)
}

/// `ln f(y) / f(M)` for Binomial(n, p) by Stirling's formula (step 5.3, see the module doc):
/// `x_M ln(f1/x1) + (n - M + 1/2) ln(z/w) + (y - M) ln(w p / (x1 q)) + omega(f1) + omega(z) -
/// omega(x1) - omega(w)` with `x1 = y + 1`, `f1 = M + 1`, `z = n + 1 - M`, `w = n + 1 - y`, the
/// first two logarithms as `ln_1p` of exact integer differences. Exact to double precision when
/// all four arguments exceed 20.
pub(crate) fn ln_pmf_ratio(nf: f64, p: f64, q: f64, m: f64, y: f64) -> f64 {
    let x1 = y + 1.0;
    let f1 = m + 1.0;
    let z = nf + 1.0 - m;
    let w = nf - y + 1.0;
    (m + 0.5) * libm::log1p((m - y) / x1)
        + (nf - m + 0.5) * libm::log1p((y - m) / w)
        + (y - m) * libm::log(w * p / (x1 * q))
        + stirling_tail(f1)
        + stirling_tail(z)
        - stirling_tail(x1)
        - stirling_tail(w)
}

/// BTPE for `0 < p <= 1/2`, `np >= 10`, `n <= DIRECT_MAX_N` (the hat needs `npq > 4.4`).
///
/// Public for benches/samplers.rs (the switch-point measurement) only: call [`binomial`].
#[doc(hidden)]
pub fn btpe(rng: &mut Xoshiro256pp, n: u64, p: f64) -> u64 {
    debug_assert!(p > 0.0 && p <= 0.5 && n <= DIRECT_MAX_N && n as f64 * p >= 10.0);
    let nf = n as f64;
    let q = 1.0 - p;
    let npq = nf * p * q;
    // Setup (step 0): the mode, the triangle, parallelograms and exponential tails.
    let f_m = nf * p + p;
    let m = floor_nonneg(f_m);
    let p1_base = 2.195 * f64::sqrt(npq) - 4.6 * q;
    debug_assert!(p1_base > 0.0, "BTPE needs npq > 4.4");
    let p1 = floor_nonneg(p1_base) + 0.5;
    let x_m = m + 0.5;
    let x_l = x_m - p1;
    let x_r = x_m + p1;
    let c = 0.134 + 20.5 / (15.3 + m);
    let a_l = (f_m - x_l) / (f_m - x_l * p);
    let lambda_l = a_l * (1.0 + 0.5 * a_l);
    let a_r = (x_r - f_m) / (x_r * q);
    let lambda_r = a_r * (1.0 + 0.5 * a_r);
    let p2 = p1 * (1.0 + 2.0 * c);
    let p3 = p2 + c / lambda_l;
    let p4 = p3 + c / lambda_r;
    // For step 5.1: f(i)/f(i-1) = (n + 1 - i) p / (i q) = a_ratio / i - s_ratio.
    let s_ratio = p / q;
    let a_ratio = s_ratio * (nf + 1.0);
    loop {
        // Step 1: pick a region by u, a height by v.
        let u = rng.uniform() * p4;
        let mut v = rng.uniform();
        let y;
        if u <= p1 {
            // Region 1, the triangle: under f everywhere.
            return floor_nonneg(x_m - p1 * v + u) as u64;
        } else if u <= p2 {
            // Step 2, the parallelograms.
            let x = x_l + (u - p1) / c;
            v = v * c + 1.0 - (m - x + 0.5).abs() / p1;
            if v > 1.0 {
                continue;
            }
            y = floor_nonneg(x);
        } else if u <= p3 {
            // Step 3, the left exponential tail.
            // floor(t) < 0 exactly when t < 0 (this also rejects v = 0, where t = -inf).
            let t = x_l + libm::log(v) / lambda_l;
            if t < 0.0 {
                continue;
            }
            y = floor_nonneg(t);
            v *= (u - p2) * lambda_l;
        } else {
            // Step 4, the right exponential tail.
            // floor(t) > n exactly when t >= n + 1 (this also rejects v = 0, where t = +inf).
            let t = x_r - libm::log(v) / lambda_r;
            if t >= nf + 1.0 {
                continue;
            }
            y = floor_nonneg(t);
            v *= (u - p3) * lambda_r;
        }
        // Step 5: accept if v <= f(y) / f(M).
        let k = (y - m).abs();
        if k <= 20.0 || k >= npq / 2.0 - 1.0 {
            // Step 5.1: f(y)/f(M) as a product of consecutive pmf ratios
            // f(i)/f(i-1) = a/i - s over i in (min, max]; for y < M the product is the inverse
            // ratio, so the test becomes v * product <= 1 (one multiplication chain, no division
            // in it: the divisions a/i are independent and pipeline).
            let (lo, hi) = if m < y { (m, y) } else { (y, m) };
            let mut product = 1.0;
            let mut i = lo + 1.0;
            while i <= hi {
                product *= a_ratio / i - s_ratio;
                i += 1.0;
            }
            let accept = if m < y {
                v <= product
            } else {
                v * product <= 1.0
            };
            if accept {
                return y as u64;
            }
            continue;
        }
        // Step 5.2: squeeze on ln v with the normal approximation of ln f(y)/f(M).
        let rho = (k / npq) * ((k * (k / 3.0 + 0.625) + 1.0 / 6.0) / npq + 0.5);
        let t = -k * k / (2.0 * npq);
        let ln_v = libm::log(v);
        if ln_v < t - rho {
            return y as u64;
        }
        if ln_v > t + rho {
            continue;
        }
        // Step 5.3: ln f(y)/f(M) by Stirling's formula.
        let bound = ln_pmf_ratio(nf, p, q, m, y);
        if ln_v <= bound {
            return y as u64;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::testkit::{assert_binomial_fit, binomial_ln_pmf};

    /// The public sampler over a grid of (n, p): n from 1 to 10^9 (and 2^35, past the direct
    /// range), p near 0, near 1 and 1/2, on both sides of every switch (Bernoulli count to 8
    /// trials; BTPE from a mean of 30 up to 4096 trials, of 18 beyond), for p < 1/2 and
    /// mirrored.
    #[test]
    fn binomial_fits_its_pmf_on_a_grid() {
        let grid: &[(u64, f64)] = &[
            (1, 0.5),
            (1, 0.9),
            (2, 0.3),
            (5, 0.3),
            (8, 0.3),
            (9, 0.3),
            (8, 0.999),
            (10, 0.5),
            (20, 0.7),
            (59, 0.5),
            (60, 0.5),
            (100, 0.2999),
            (100, 0.3),
            (100, 0.7),
            (100, 0.7001),
            (4096, 0.0073),
            (4097, 0.0073),
            (1000, 0.001),
            (1000, 0.02),
            (1000, 0.5),
            (1000, 0.999),
            (10_000, 0.0018),
            (10_000, 0.00179),
            (10_000, 0.3),
            (1_000_000, 1e-6),
            (1_000_000, 0.5),
            (1_000_000, 1.0 - 1e-5),
            (1_000_000_000, 1e-8),
            (1_000_000_000, 1.79e-8),
            (1_000_000_000, 1.8e-8),
            (1_000_000_000, 0.25),
            (1_000_000_000, 0.5),
            (1_000_000_000, 1.0 - 1e-9),
            (1 << 35, 0.3),
        ];
        for (i, &(n, p)) in grid.iter().enumerate() {
            let mut rng = Xoshiro256pp::for_stream(1988, i as u64);
            assert_binomial_fit(n, p, 20_000, "binomial", || binomial(&mut rng, n, p));
        }
    }

    /// The Bernoulli count and inversion both fit on both sides of their switch (n = 8).
    #[test]
    fn bernoulli_count_and_inversion_both_fit_for_small_n() {
        for (i, &(n, p)) in [(2u64, 0.3), (8, 0.3), (8, 0.5), (16, 0.4)]
            .iter()
            .enumerate()
        {
            let mut rng = Xoshiro256pp::for_stream(8, i as u64);
            assert_binomial_fit(n, p, 20_000, "bernoulli", || {
                bernoulli_count(&mut rng, n, p)
            });
            assert_binomial_fit(n, p, 20_000, "inversion", || {
                inversion(&mut rng, n, p.min(0.5))
            });
        }
        // p = 1/2 is exactly the top bit; the smallest p still counts.
        let mut rng = Xoshiro256pp::for_stream(8, 9);
        let ones: u64 = (0..10_000).map(|_| bernoulli_count(&mut rng, 1, 0.5)).sum();
        assert!((4_700..5_300).contains(&ones), "{ones}");
        assert_eq!(bernoulli_count(&mut rng, 8, 1e-300), 0);
        assert_eq!(bernoulli_count(&mut rng, 8, 1.0 - f64::EPSILON / 2.0), 8);
    }

    /// Both methods are exact on both sides of the switch, so the switch point is a matter of
    /// speed only: inversion up to a mean of 30, BTPE from a mean of 10.
    #[test]
    fn inversion_and_btpe_both_fit_near_the_switch() {
        let cases: &[(u64, f64)] = &[
            (20, 0.5),
            (100, 0.1),
            (1000, 0.014),
            (60, 0.5),
            (10_000, 0.003),
        ];
        for (i, &(n, p)) in cases.iter().enumerate() {
            let mut rng = Xoshiro256pp::for_stream(14, i as u64);
            assert_binomial_fit(n, p, 20_000, "inversion", || inversion(&mut rng, n, p));
            assert_binomial_fit(n, p, 20_000, "btpe", || btpe(&mut rng, n, p));
        }
    }

    /// BTPE's squeeze and Stirling steps (5.2, 5.3) decide the proposals with
    /// `20 < |y - M| < npq/2 - 1`, and the squeeze band `|ln v - t| < rho` is wide only when
    /// `|y - M|` is a few tens: at npq = 400 (sd 20) a third of the draws are decided there.
    /// 400 000 draws each at n = 1600, p = 1/2 and n = 10^4, p = 0.0417 (npq = 400 both).
    #[test]
    fn btpe_fits_where_the_squeeze_and_stirling_decide() {
        for (i, &(n, p)) in [(1600u64, 0.5), (10_000, 0.0417)].iter().enumerate() {
            let mut rng = Xoshiro256pp::for_stream(5, i as u64);
            assert_binomial_fit(n, p, 400_000, "btpe", || btpe(&mut rng, n, p));
        }
    }

    /// The series is `ln x! - Stirling's approximation`, to double precision for x >= 20 (where
    /// step 5.3 uses it); checked against `lgamma` at integers, where `lgamma(x+1) = ln x!`.
    #[test]
    fn stirling_tail_is_the_log_factorial_remainder() {
        for x in [20.0f64, 21.0, 50.0, 1000.0, 1e6] {
            let stirling =
                (x + 0.5) * libm::log(x) - x + 0.5 * libm::log(2.0 * core::f64::consts::PI);
            let exact = libm::lgamma(x + 1.0) - stirling;
            let tail = stirling_tail(x);
            // lgamma's own rounding is ~1e-16 of ln x!, which dominates for large x.
            let tolerance = 1e-15 * libm::lgamma(x + 1.0).abs() + 1e-18;
            assert!(
                (tail - exact).abs() <= tolerance,
                "x = {x}: {tail} vs {exact}"
            );
        }
        // 1/(12x) - 1/(360x^3) < tail < 1/(12x) (an alternating series).
        let t = stirling_tail(20.0);
        assert!(
            t < 1.0 / 240.0 && t > 1.0 / 240.0 - 1.0 / (360.0 * 8000.0),
            "{t}"
        );
    }

    /// Step 5.3's Stirling formula against the exact `ln f(y) / f(M)` from `lgamma`, where
    /// BTPE uses it (`20 < |y - M| < npq / 2 - 1`). The paper's sign slip (adding
    /// `omega(x1) + omega(w)`) is off by about `1 / (6y)`, far outside the tolerance.
    #[test]
    fn stirling_ratio_matches_lgamma() {
        for &(n, p) in &[
            (200u64, 0.5),
            (1024, 0.35),
            (100_000, 0.3),
            (1_000_000_000, 0.5),
        ] {
            let (nf, q) = (n as f64, 1.0 - p);
            let m = ((n + 1) as f64 * p).floor();
            let sd = f64::sqrt(nf * p * q);
            for dy in [-3.0 * sd, -1.5 * sd - 21.0, 21.0, 2.0 * sd + 21.0] {
                let y = (m + dy).floor();
                let exact = binomial_ln_pmf(n, p, y as u64) - binomial_ln_pmf(n, p, m as u64);
                let got = ln_pmf_ratio(nf, p, q, m, y);
                // lgamma(n + 1) carries a rounding error of ~1e-16 of itself into `exact`.
                let tolerance = 1e-13 + 4e-16 * libm::lgamma(nf + 1.0);
                assert!(
                    (got - exact).abs() < tolerance,
                    "n={n} p={p} y={y}: {got} vs {exact}"
                );
            }
        }
    }

    #[test]
    fn binomial_edge_cases() {
        let mut rng = Xoshiro256pp::for_stream(1, 1);
        assert_eq!(binomial(&mut rng, 0, 0.5), 0);
        assert_eq!(binomial(&mut rng, 10, 0.0), 0);
        assert_eq!(binomial(&mut rng, 10, 1.0), 10);
        assert_eq!(binomial(&mut rng, 10, f64::NAN), 0);
        assert_eq!(binomial(&mut rng, 10, -1e-12), 0);
        assert_eq!(binomial(&mut rng, 10, -3.0), 0);
        assert_eq!(binomial(&mut rng, 10, 1.0 + 1e-12), 10);
        assert_eq!(binomial(&mut rng, 10, f64::INFINITY), 10);
        assert_eq!(binomial(&mut rng, 0, f64::NAN), 0);
        // The smallest subnormal p: a success among 10^9 trials has probability 5e-315.
        assert_eq!(binomial(&mut rng, 1_000_000_000, 5e-324), 0);
        assert_eq!(
            binomial(&mut rng, 1_000_000_000, 1.0 - 1e-16),
            1_000_000_000
        );
        // One trial is a fair coin at p = 1/2: both outcomes appear.
        let ones: u64 = (0..1000).map(|_| binomial(&mut rng, 1, 0.5)).sum();
        assert!((400..600).contains(&ones), "{ones}");
        // The whole u64 range: within 6 sd of the mean (sd = 2^31 at p = 1/2).
        for _ in 0..20 {
            let k = binomial(&mut rng, u64::MAX, 0.5);
            let z = (k as f64 - u64::MAX as f64 / 2.0) / (1u64 << 31) as f64;
            assert!(z.abs() < 6.0, "z = {z}");
            let rare = binomial(&mut rng, u64::MAX, 1e-18);
            assert!(rare < 60, "Binomial(2^64 - 1, 1e-18) = {rare} (mean 18.4)");
            // p = 1 - 2^-53, the largest double below 1: failures ~ Binomial(n, 2^-53), mean 2048.
            let failures = u64::MAX - binomial(&mut rng, u64::MAX, 1.0 - f64::EPSILON / 2.0);
            assert!(
                (1748..2348).contains(&failures),
                "{failures} failures (mean 2048)"
            );
        }
    }
}
