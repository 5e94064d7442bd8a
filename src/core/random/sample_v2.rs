//! The samplers of engine v2 on [`Xoshiro256pp`], one for each of v1's in [`sample`]: normal
//! (ziggurat, [`ziggurat::normal`]), gamma, beta, binomial (BTPE and inversion,
//! [`btpe::binomial`]), multinomial and categorical. Every draw costs O(1) expected time
//! whatever its parameters.
//!
//! Gamma, beta, multinomial and categorical are v1's algorithms on the v2 generator and normal;
//! the functions here are never called by v1, so changing them changes v2 links only (and v2 is
//! frozen, like v1, once links use it). All transcendental functions come from `libm`.
//!
//! [`sample`]: super::sample
//! [`ziggurat::normal`]: super::ziggurat::normal
//! [`btpe::binomial`]: super::btpe::binomial

pub use crate::random::btpe::binomial;
use crate::random::xoshiro::Xoshiro256pp;
pub use crate::random::ziggurat::normal;

/// A Gamma(shape, 1) draw, `shape > 0` (Marsaglia and Tsang 2000, on the ziggurat normal).
///
/// For `shape >= 1`, with `d = shape - 1/3`, `c = 1 / sqrt(9d)`: draw `x` normal and `u` uniform,
/// `v = (1 + c x)^3`; accept `d v` if `v > 0` and `u < 1 - 0.0331 x^4` (the squeeze, about 98%
/// of proposals) or `ln u < x^2/2 + d (1 - v + ln v)`. For `shape < 1`,
/// `Gamma(a) = Gamma(a + 1) U^(1/a)`. Expected proposals per draw at most 1.05.
///
/// Reference: G. Marsaglia and W. W. Tsang, "A simple method for generating gamma variables",
/// ACM TOMS 26(3), 2000.
pub fn gamma(rng: &mut Xoshiro256pp, shape: f64) -> f64 {
    debug_assert!(shape > 0.0 && shape.is_finite());
    if shape < 1.0 {
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

/// A Beta(a, b) draw, `a, b > 0`: `X / (X + Y)` for `X ~ Gamma(a)`, `Y ~ Gamma(b)` (1/2 in the
/// underflow case `X + Y = 0`, reachable only for tiny shapes).
pub fn beta(rng: &mut Xoshiro256pp, a: f64, b: f64) -> f64 {
    let x = gamma(rng, a);
    let y = gamma(rng, b);
    if x + y > 0.0 {
        x / (x + y)
    } else {
        0.5
    }
}

/// Draws `n` samples from the categorical distribution `probs` into `counts` (same length) by
/// conditional binomials: `counts[i] ~ Binomial(n - sum_{j<i} counts[j], p_i / (1 - sum_{j<i}
/// p_j))`. `probs` should sum to 1 (negative entries count as 0); rounding is absorbed by the
/// last category, so the counts always sum to `n`. Cost: `k - 1` binomials, O(k) whatever `n`.
pub fn multinomial_into(rng: &mut Xoshiro256pp, n: u64, probs: &[f64], counts: &mut [u64]) {
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

/// One draw from the categorical distribution `probs` (need not be normalised; entries must be
/// non-negative) by inversion of the cdf: `O(k)`. Returns an index < `probs.len()`, never one of
/// probability 0.
pub fn categorical(rng: &mut Xoshiro256pp, probs: &[f64]) -> usize {
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
    use crate::random::testkit::{
        binomial_chi_square, chi_square, chi_square_critical, continuous_chi_square, gamma_cdf,
        mean_var, quantile,
    };

    /// Chi-square of 100 000 Gamma(a) draws over 42 cells, 40 equiprobable ones plus the
    /// 0.1% tails, for shapes below, at and above 1 (the `shape < 1` boost, the squeeze and the
    /// log test all matter), and the mean and variance (both `a`) within 5 standard errors (sd
    /// of the sample variance from the fourth cumulant `6a`: `Var s^2 ~ (6a + 2a^2) / n`).
    #[test]
    fn gamma_fits_its_distribution() {
        let draws = 100_000;
        for (i, &a) in [0.3, 1.0, 2.5, 50.0, 1e4].iter().enumerate() {
            let mut rng = Xoshiro256pp::for_stream(77, i as u64);
            let cdf = |x: f64| gamma_cdf(a, x);
            let hi = a + 40.0 * f64::sqrt(a) + 40.0;
            let mut edges = vec![f64::NEG_INFINITY, quantile(cdf, 0.001, 0.0, hi)];
            edges.extend((1..40).map(|j| quantile(cdf, j as f64 / 40.0, 0.0, hi)));
            edges.extend([quantile(cdf, 0.999, 0.0, hi), f64::INFINITY]);
            let mut xs = Vec::with_capacity(draws);
            let (chi2, limit) = continuous_chi_square(&edges, cdf, draws, || {
                let x = gamma(&mut rng, a);
                xs.push(x);
                x
            });
            assert!(chi2 < limit, "Gamma({a}): chi2 {chi2} >= {limit}");
            assert!(xs.iter().all(|&x| x >= 0.0));
            let (m, v) = mean_var(&xs);
            let n = draws as f64;
            assert!(
                (m - a).abs() < 5.0 * f64::sqrt(a / n),
                "Gamma({a}) mean {m}"
            );
            let se_var = f64::sqrt((6.0 * a + 2.0 * a * a) / n);
            assert!((v - a).abs() < 5.0 * se_var, "Gamma({a}) variance {v}");
        }
    }

    /// Beta(a, b) through the gamma ratio: mean `a / (a + b)` and variance
    /// `ab / ((a+b)^2 (a+b+1))` within 5 standard errors, all draws in [0, 1].
    #[test]
    fn beta_matches_its_moments() {
        let mut rng = Xoshiro256pp::for_stream(8, 1);
        for &(a, b) in &[(0.5, 0.5), (2.0, 5.0), (500.0, 501.0)] {
            let xs: Vec<f64> = (0..50_000).map(|_| beta(&mut rng, a, b)).collect();
            assert!(xs.iter().all(|&x| (0.0..=1.0).contains(&x)));
            let (m, v) = mean_var(&xs);
            let mu = a / (a + b);
            let var = a * b / ((a + b) * (a + b) * (a + b + 1.0));
            assert!(
                (m - mu).abs() < 5.0 * f64::sqrt(var / 50_000.0),
                "Beta({a},{b}) mean {m}"
            );
            // A beta lies in [0, 1], so the sd of s^2 is at most ~ sqrt(var / n) (fourth moment
            // <= second).
            assert!(
                (v - var).abs() < 5.0 * f64::sqrt(var / 50_000.0),
                "Beta({a},{b}) var {v}"
            );
        }
    }

    /// Categorical frequencies against the probabilities (chi-square), zero-mass categories
    /// never drawn, unnormalised weights accepted.
    #[test]
    fn categorical_fits_its_probabilities() {
        let mut rng = Xoshiro256pp::for_stream(4, 4);
        let weights = [0.1, 0.0, 0.6, 0.3, 1e-3, 2.0];
        let total: f64 = weights.iter().sum();
        let draws = 200_000;
        let mut hist = [0.0; 6];
        for _ in 0..draws {
            hist[categorical(&mut rng, &weights)] += 1.0;
        }
        assert_eq!(hist[1], 0.0);
        let expected: Vec<f64> = weights.iter().map(|w| w / total * draws as f64).collect();
        let chi2 = chi_square(&hist, &expected);
        // Five cells with mass: 4 dof.
        assert!(chi2 < chi_square_critical(4), "chi2 {chi2}: {hist:?}");
        assert_eq!(categorical(&mut rng, &[0.0, 0.0, 5.0]), 2);
    }

    /// Multinomial counts sum to n; each marginal is Binomial(n, p_i) (chi-square) and two
    /// counts have covariance `-n p_i p_j`.
    #[test]
    fn multinomial_sums_to_n_and_fits_its_marginals() {
        let mut rng = Xoshiro256pp::for_stream(9, 4);
        let probs = [0.5, 0.25, 0.125, 0.0, 0.125];
        let n = 1000u64;
        let draws = 20_000;
        let mut counts = [0u64; 5];
        let mut samples = Vec::with_capacity(draws);
        for _ in 0..draws {
            multinomial_into(&mut rng, n, &probs, &mut counts);
            assert_eq!(counts.iter().sum::<u64>(), n);
            assert_eq!(counts[3], 0);
            samples.push(counts);
        }
        for (i, &p) in probs.iter().enumerate().filter(|(_, &p)| p > 0.0) {
            let mut it = samples.iter();
            let (chi2, limit) =
                binomial_chi_square(n, p, draws, || it.next().map_or(0, |c| c[i])).unwrap();
            assert!(chi2 < limit, "marginal {i}: chi2 {chi2} >= {limit}");
        }
        let (c0, c1): (Vec<f64>, Vec<f64>) =
            samples.iter().map(|c| (c[0] as f64, c[1] as f64)).unzip();
        let (m0, _) = mean_var(&c0);
        let (m1, _) = mean_var(&c1);
        let cov = c0
            .iter()
            .zip(&c1)
            .map(|(a, b)| (a - m0) * (b - m1))
            .sum::<f64>()
            / (draws as f64 - 1.0);
        let exact = -(n as f64) * 0.5 * 0.25;
        // sd of a sample covariance ~ sqrt(var0 var1 + cov^2) / sqrt(draws) for near-normal pairs.
        let sd = f64::sqrt((250.0 * 187.5 + exact * exact) / draws as f64);
        assert!((cov - exact).abs() < 5.0 * sd, "cov {cov} vs {exact}");
        // Degenerate inputs: no categories, n = 0, all mass on the last category.
        multinomial_into(&mut rng, 5, &[], &mut []);
        multinomial_into(&mut rng, 0, &probs, &mut counts);
        assert_eq!(counts, [0; 5]);
        multinomial_into(&mut rng, 7, &[0.0, 0.0, 1.0], &mut counts[..3]);
        assert_eq!(&counts[..3], &[0, 0, 7]);
    }
}
