//! Exact samplers built on [`SimRng`]: normal, gamma, beta, binomial, multinomial, categorical.
//!
//! All transcendental functions come from `libm`, so draws are bit-identical on every platform.
//! Counts are drawn per category, never per sample: a multinomial of `n` draws over `k`
//! categories is `k - 1` conditional binomials, and a binomial costs `O(log n)` (Knuth's
//! beta-splitting down to a small mean, then inversion), so drawing a generation's samples costs
//! `O(k log n)` rather than `O(n)`.

use crate::random::rng::SimRng;

/// A standard normal draw (Box-Muller, one of the pair).
pub fn normal(rng: &mut SimRng) -> f64 {
    let u1 = rng.uniform_open0();
    let u2 = rng.uniform();
    f64::sqrt(-2.0 * libm::log(u1)) * libm::cos(2.0 * core::f64::consts::PI * u2)
}

/// A Gamma(shape, 1) draw, `shape > 0` (Marsaglia and Tsang 2000; boosted for shape < 1).
pub fn gamma(rng: &mut SimRng, shape: f64) -> f64 {
    debug_assert!(shape > 0.0 && shape.is_finite());
    if shape < 1.0 {
        // Gamma(a) = Gamma(a + 1) * U^(1/a).
        let g = gamma(rng, shape + 1.0);
        return g * libm::pow(rng.uniform_open0(), 1.0 / shape);
    }
    let d = shape - 1.0 / 3.0;
    let c = 1.0 / f64::sqrt(9.0 * d);
    loop {
        let x = normal(rng);
        let t = 1.0 + c * x;
        if t <= 0.0 {
            continue;
        }
        let v = t * t * t;
        let u = rng.uniform_open0();
        let x2 = x * x;
        if u < 1.0 - 0.0331 * x2 * x2 {
            return d * v;
        }
        if libm::log(u) < 0.5 * x2 + d * (1.0 - v + libm::log(v)) {
            return d * v;
        }
    }
}

/// A Beta(a, b) draw, `a, b > 0`.
pub fn beta(rng: &mut SimRng, a: f64, b: f64) -> f64 {
    let x = gamma(rng, a);
    let y = gamma(rng, b);
    if x + y > 0.0 {
        x / (x + y)
    } else {
        0.5
    }
}

/// Below this mean `n * min(p, 1 - p)` a binomial is drawn by inversion (expected cost ~ mean).
const INVERSION_MEAN: f64 = 12.0;

/// A Binomial(n, p) draw. `p` outside [0, 1] or NaN is treated as the nearest end (0 for NaN).
///
/// Exact: Knuth's beta-splitting (TAOCP 3.4.1) reduces `n` by half per step while the mean is
/// large; the rest is drawn by sequential inversion of the CDF.
pub fn binomial(rng: &mut SimRng, n: u64, p: f64) -> u64 {
    if n == 0 || p.is_nan() || p <= 0.0 {
        return 0;
    }
    if p >= 1.0 {
        return n;
    }
    if p > 0.5 {
        return n - binomial(rng, n, 1.0 - p);
    }
    let (mut n, mut p, mut k) = (n, p, 0u64);
    while n as f64 * p.min(1.0 - p) >= INVERSION_MEAN {
        // The a-th smallest of n uniforms is Beta(a, n + 1 - a).
        let a = 1 + n / 2;
        let b = n + 1 - a;
        let x = beta(rng, a as f64, b as f64);
        if x >= p {
            // All successes are among the a - 1 uniforms below x.
            n = a - 1;
            p /= x;
        } else {
            // The a smallest uniforms are successes; the rest are uniform on (x, 1).
            k += a;
            n = b - 1;
            p = (p - x) / (1.0 - x);
        }
        if n == 0 {
            return k;
        }
    }
    k + binomial_inversion(rng, n, p)
}

/// Sequential-search inversion for a small mean (Kachitvichyanukul and Schmeiser's BINV).
fn binomial_inversion(rng: &mut SimRng, n: u64, p: f64) -> u64 {
    if p <= 0.0 {
        return 0;
    }
    if p >= 1.0 {
        return n;
    }
    if p > 0.5 {
        return n - binomial_inversion(rng, n, 1.0 - p);
    }
    let q = 1.0 - p;
    let s = p / q;
    let a = (n as f64 + 1.0) * s;
    let mut r = powi(q, n);
    let mut u = rng.uniform();
    let mut x = 0u64;
    while u > r {
        u -= r;
        x += 1;
        if x >= n {
            return n;
        }
        r *= a / x as f64 - s;
        if r <= 0.0 {
            // Only reachable through rounding in the far tail.
            break;
        }
    }
    x
}

/// `x^n` by binary exponentiation: only IEEE multiplications, so bit-identical everywhere, and
/// far cheaper than `pow` for the small exponents of the inversion sampler.
///
/// Each bit of `n` multiplies by `x` or by 1 (exact: the same bits as skipping the
/// multiplication), chosen without a branch: `n` changes from call to call (a multinomial's trials
/// left), and a branch on its bits was mispredicted about every other step, 40% of the
/// inversion sampler's time in scenario A's large case (perf).
pub(crate) fn powi(mut x: f64, mut n: u64) -> f64 {
    let mut acc = 1.0;
    while n > 0 {
        acc *= [1.0, x][(n & 1) as usize];
        x *= x;
        n >>= 1;
    }
    acc
}

/// Draws `n` samples from the categorical distribution `probs` into `counts` (same length), by
/// conditional binomials. `probs` should sum to 1; small rounding is absorbed by the last
/// category.
pub fn multinomial_into(rng: &mut SimRng, n: u64, probs: &[f64], counts: &mut [u64]) {
    debug_assert_eq!(probs.len(), counts.len());
    let k = probs.len();
    if k == 0 {
        return;
    }
    let mut left_n = n;
    let mut left_p = 1.0f64;
    for i in 0..k - 1 {
        if left_n == 0 {
            counts[i] = 0;
            continue;
        }
        let p_i = probs[i].max(0.0);
        let cond = if left_p > 0.0 {
            (p_i / left_p).min(1.0)
        } else {
            1.0
        };
        let c = binomial(rng, left_n, cond);
        counts[i] = c;
        left_n -= c;
        left_p -= p_i;
    }
    counts[k - 1] = left_n;
}

/// One draw from the categorical distribution `probs` (inverse CDF). Returns an index < len.
pub fn categorical(rng: &mut SimRng, probs: &[f64]) -> usize {
    debug_assert!(!probs.is_empty());
    let total: f64 = probs.iter().sum();
    let mut u = rng.uniform() * total;
    for (i, &p) in probs.iter().enumerate() {
        if u < p {
            return i;
        }
        u -= p;
    }
    // Rounding left u just above the last bucket: return the last category with mass.
    probs.iter().rposition(|&p| p > 0.0).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::testkit::{assert_binomial_edges, mean_var};

    /// Checks a binomial sampler's mean and variance against n p and n p (1 - p) within 5
    /// standard errors, across the inversion and beta-splitting regimes.
    #[test]
    fn binomial_matches_its_moments() {
        let mut rng = SimRng::for_stream(11, 0);
        for &(n, p) in &[
            (5u64, 0.3),
            (32, 0.125),
            (200, 0.4),
            (10_000, 0.02),
            (100_000, 0.7),
        ] {
            let draws: Vec<f64> = (0..20_000)
                .map(|_| binomial(&mut rng, n, p) as f64)
                .collect();
            assert!(draws.iter().all(|&d| d >= 0.0 && d <= n as f64));
            let (m, v) = mean_var(&draws);
            let (mu, var) = (n as f64 * p, n as f64 * p * (1.0 - p));
            let se_mean = (var / 20_000.0).sqrt();
            assert!(
                (m - mu).abs() < 5.0 * se_mean,
                "n={n} p={p}: mean {m} vs {mu}"
            );
            // Var of the sample variance ~ 2 var^2 / n for near-normal data.
            let se_var = var * (2.0 / 20_000.0f64).sqrt() * 1.5;
            assert!(
                (v - var).abs() < 5.0 * se_var,
                "n={n} p={p}: var {v} vs {var}"
            );
        }
    }

    #[test]
    fn binomial_pmf_small_case_chi_square() {
        // Binomial(4, 0.3): exact pmf vs 40k draws, chi-square with 4 dof below 18.5 (p ~ 0.001).
        let mut rng = SimRng::for_stream(5, 2);
        let pmf = [0.2401, 0.4116, 0.2646, 0.0756, 0.0081];
        let mut hist = [0f64; 5];
        let draws = 40_000;
        for _ in 0..draws {
            hist[binomial(&mut rng, 4, 0.3) as usize] += 1.0;
        }
        let chi2: f64 = hist
            .iter()
            .zip(pmf)
            .map(|(o, p)| (o - p * draws as f64).powi(2) / (p * draws as f64))
            .sum();
        assert!(chi2 < 18.5, "chi2 = {chi2}, hist = {hist:?}");
    }

    #[test]
    fn powi_matches_pow() {
        for &(x, n) in &[(0.875f64, 32u64), (0.5, 1), (0.999, 4096), (0.3, 0)] {
            let (a, b) = (powi(x, n), libm::pow(x, n as f64));
            assert!(
                (a - b).abs() <= 1e-13 * b.max(1e-300),
                "{x}^{n}: {a} vs {b}"
            );
        }
    }

    #[test]
    fn binomial_edge_cases() {
        let mut rng = SimRng::for_stream(1, 1);
        assert_binomial_edges(|n, p| binomial(&mut rng, n, p));
        assert!(binomial(&mut rng, u32::MAX as u64, 0.5) > 0);
    }

    #[test]
    fn multinomial_sums_to_n_and_matches_means() {
        let mut rng = SimRng::for_stream(9, 4);
        let probs = [0.5, 0.25, 0.125, 0.125];
        let mut counts = [0u64; 4];
        let mut totals = [0f64; 4];
        for _ in 0..5000 {
            multinomial_into(&mut rng, 64, &probs, &mut counts);
            assert_eq!(counts.iter().sum::<u64>(), 64);
            for (t, c) in totals.iter_mut().zip(counts) {
                *t += c as f64;
            }
        }
        for (t, p) in totals.iter().zip(probs) {
            let mean = t / 5000.0;
            let se = (64.0 * p * (1.0 - p) / 5000.0f64).sqrt();
            assert!((mean - 64.0 * p).abs() < 5.0 * se, "{mean} vs {}", 64.0 * p);
        }
    }

    #[test]
    fn gamma_and_normal_moments() {
        let mut rng = SimRng::for_stream(2, 2);
        for &a in &[0.5, 1.0, 3.0, 50.0] {
            let xs: Vec<f64> = (0..20_000).map(|_| gamma(&mut rng, a)).collect();
            let (m, v) = mean_var(&xs);
            assert!(
                (m - a).abs() < 5.0 * (a / 20_000.0f64).sqrt(),
                "gamma({a}) mean {m}"
            );
            assert!((v - a).abs() < 0.1 * a, "gamma({a}) var {v}");
        }
        let zs: Vec<f64> = (0..20_000).map(|_| normal(&mut rng)).collect();
        let (m, v) = mean_var(&zs);
        assert!(m.abs() < 0.04 && (v - 1.0).abs() < 0.05, "normal {m} {v}");
    }

    #[test]
    fn categorical_frequencies() {
        let mut rng = SimRng::for_stream(4, 4);
        let probs = [0.1, 0.0, 0.6, 0.3];
        let mut hist = [0u32; 4];
        for _ in 0..10_000 {
            hist[categorical(&mut rng, &probs)] += 1;
        }
        assert_eq!(hist[1], 0);
        assert!((hist[2] as f64 / 10_000.0 - 0.6).abs() < 0.03, "{hist:?}");
    }
}
