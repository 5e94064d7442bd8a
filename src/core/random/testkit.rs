//! Test-only helpers for the samplers' goodness-of-fit tests: chi-square statistics and critical
//! values, exact probabilities (binomial pmf by `libm::lgamma` in log space, normal cdf by
//! `erfc`, gamma cdf by the regularised incomplete gamma function) and sample moments.
//!
//! Every test that uses these draws from a fixed seed, so it is deterministic; the critical
//! values are upper quantiles at a one-sided level of about 1e-6, so a correct sampler passes for
//! all but one seed in a million, and a sampler whose cell probabilities are off by a few
//! percent fails.

/// Sample mean and unbiased variance.
pub fn mean_var(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let m = xs.iter().sum::<f64>() / n;
    let v = xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (n - 1.0);
    (m, v)
}

/// Pearson's statistic `sum (O - E)^2 / E` over cells with `E > 0`.
pub fn chi_square(observed: &[f64], expected: &[f64]) -> f64 {
    assert_eq!(observed.len(), expected.len());
    observed
        .iter()
        .zip(expected)
        .filter(|(_, &e)| e > 0.0)
        .map(|(o, e)| (o - e) * (o - e) / e)
        .sum()
}

/// The standard normal quantile of the critical values: `P(Z > 4.75) = 1.0e-6`.
pub const CRITICAL_Z: f64 = 4.75;

/// Upper `1e-6` quantile of chi-square with `dof` degrees of freedom (Wilson and Hilferty's cube
/// approximation `k (1 - 2/(9k) + z sqrt(2/(9k)))^3`, conservative for small `k`: 27.4 for
/// `k = 1` where the exact value is 23.9).
pub fn chi_square_critical(dof: usize) -> f64 {
    assert!(dof > 0);
    let k = dof as f64;
    let h = 2.0 / (9.0 * k);
    k * libm::pow(1.0 - h + CRITICAL_Z * f64::sqrt(h), 3.0)
}

/// The standard normal cdf `Phi(x) = erfc(-x / sqrt 2) / 2`.
pub fn normal_cdf(x: f64) -> f64 {
    0.5 * libm::erfc(-x * core::f64::consts::FRAC_1_SQRT_2)
}

/// `ln P(K = k)` for `K ~ Binomial(n, p)`, `0 < p < 1`:
/// `lnGamma(n+1) - lnGamma(k+1) - lnGamma(n-k+1) + k ln p + (n-k) ln(1-p)`.
pub fn binomial_ln_pmf(n: u64, p: f64, k: u64) -> f64 {
    let (nf, kf) = (n as f64, k as f64);
    libm::lgamma(nf + 1.0) - libm::lgamma(kf + 1.0) - libm::lgamma(nf - kf + 1.0)
        + kf * libm::log(p)
        + (nf - kf) * libm::log1p(-p)
}

/// Cells of consecutive counts for a chi-square test of Binomial(n, p): `upper[j]` is the
/// largest count of cell `j` (the first cell starts at 0, the last ends at `n`), `prob[j]` its
/// exact probability; every cell has probability at least `min_prob` (the last absorbs the
/// remainder). Probabilities are summed over `mean +- (9 sd + 9)`; the mass outside is below
/// 1e-18.
pub fn binomial_cells(n: u64, p: f64, min_prob: f64) -> (Vec<u64>, Vec<f64>) {
    let mean = n as f64 * p;
    let half = 9.0 * f64::sqrt(mean * (1.0 - p)) + 9.0;
    let lo = (mean - half).max(0.0) as u64;
    let hi = ((mean + half) as u64).min(n);
    let (mut upper, mut prob) = (Vec::new(), Vec::new());
    let mut acc = 0.0;
    for k in lo..=hi {
        acc += libm::exp(binomial_ln_pmf(n, p, k));
        if acc >= min_prob {
            upper.push(k);
            prob.push(acc);
            acc = 0.0;
        }
    }
    match prob.last_mut() {
        Some(last) => *last += acc,
        None => prob.push(acc),
    }
    match upper.last_mut() {
        Some(last) => *last = n,
        None => upper.push(n),
    }
    (upper, prob)
}

/// Chi-square goodness of fit of `draws` draws of `sample` against Binomial(n, p), with cells
/// of expected count at least 50. Returns `(chi2, critical value)`, or `None` if there is a
/// single cell (nothing to test); panics if a draw exceeds `n`.
pub fn binomial_chi_square(
    n: u64,
    p: f64,
    draws: usize,
    mut sample: impl FnMut() -> u64,
) -> Option<(f64, f64)> {
    let (upper, prob) = binomial_cells(n, p, 50.0 / draws as f64);
    let mut hist = vec![0.0; upper.len()];
    for _ in 0..draws {
        let k = sample();
        assert!(k <= n, "draw {k} > n = {n}");
        hist[upper.partition_point(|&u| u < k)] += 1.0;
    }
    if hist.len() < 2 {
        return None;
    }
    let expected: Vec<f64> = prob.iter().map(|q| q * draws as f64).collect();
    Some((
        chi_square(&hist, &expected),
        chi_square_critical(hist.len() - 1),
    ))
}

/// Asserts the edge cases every binomial sampler of ours treats alike: no trials gives 0,
/// `p = 0` gives 0 and `p = 1` all trials, and a `p` outside [0, 1] is clamped (NaN as 0).
/// `binomial(n, p)` is one draw.
pub fn assert_binomial_edges(mut binomial: impl FnMut(u64, f64) -> u64) {
    assert_eq!(binomial(0, 0.5), 0);
    assert_eq!(binomial(10, 0.0), 0);
    assert_eq!(binomial(10, 1.0), 10);
    assert_eq!(binomial(10, f64::NAN), 0);
    assert_eq!(binomial(10, -3.0), 0);
    assert_eq!(binomial(10, 7.0), 10);
}

/// Draws `draws` values of `sample` and asserts that they are Binomial(n, p): chi-square over
/// cells of expected count >= 50 ([`binomial_chi_square`]), and mean and variance within 5
/// standard errors: `sqrt(npq / m)` for the mean, `sqrt((mu4 - sigma^4 (m-3)/(m-1)) / m)` for the
/// variance with `mu4 = npq (1 + 3 (n - 2) pq)`, plus `25 sigma^2 / m` for the variance's
/// second-order term `(mean - np)^2` (which dominates when `mu4 = sigma^4`, a fair coin). `what`
/// names the sampler in the messages.
pub fn assert_binomial_fit(
    n: u64,
    p: f64,
    draws: usize,
    what: &str,
    mut sample: impl FnMut() -> u64,
) {
    let mut xs = Vec::with_capacity(draws);
    let fit = binomial_chi_square(n, p, draws, || {
        let k = sample();
        xs.push(k as f64);
        k
    });
    if let Some((chi2, limit)) = fit {
        assert!(chi2 < limit, "{what} n={n} p={p}: chi2 {chi2} >= {limit}");
    }
    let (m, v) = mean_var(&xs);
    let (nf, q) = (n as f64, 1.0 - p);
    let (mu, var) = (nf * p, nf * p * q);
    let d = draws as f64;
    assert!(
        (m - mu).abs() < 5.0 * f64::sqrt(var / d),
        "{what} n={n} p={p}: mean {m} vs {mu}"
    );
    let mu4 = var * (1.0 + 3.0 * (nf - 2.0) * p * q);
    let se_var = f64::sqrt((mu4 - var * var * (d - 3.0) / (d - 1.0)).max(0.0) / d);
    assert!(
        (v - var).abs() < 5.0 * se_var + 25.0 * var / d,
        "{what} n={n} p={p}: variance {v} vs {var}"
    );
}

/// The regularised lower incomplete gamma function `P(a, x) = gamma(a, x) / Gamma(a)`, the cdf
/// of Gamma(a, 1) at `x`: the series `x^a e^-x / Gamma(a+1) sum x^k / ((a+1)...(a+k))` below
/// `x = a + 1`, Legendre's continued fraction for `1 - P` above (evaluated by Lentz's method;
/// Numerical Recipes 6.2). Relative accuracy about 1e-14.
pub fn gamma_cdf(a: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    let ln_prefix = -x + a * libm::log(x) - libm::lgamma(a);
    if x < a + 1.0 {
        let (mut term, mut sum, mut ap) = (1.0 / a, 1.0 / a, a);
        for _ in 0..10_000 {
            ap += 1.0;
            term *= x / ap;
            sum += term;
            if term.abs() < sum.abs() * 1e-16 {
                break;
            }
        }
        sum * libm::exp(ln_prefix)
    } else {
        let tiny = 1e-300;
        let mut b = x + 1.0 - a;
        let mut c = 1.0 / tiny;
        let mut d = 1.0 / b;
        let mut h = d;
        for i in 1..10_000 {
            let an = -(i as f64) * (i as f64 - a);
            b += 2.0;
            d = an * d + b;
            if d.abs() < tiny {
                d = tiny;
            }
            c = b + an / c;
            if c.abs() < tiny {
                c = tiny;
            }
            d = 1.0 / d;
            let delta = d * c;
            h *= delta;
            if (delta - 1.0).abs() < 1e-16 {
                break;
            }
        }
        1.0 - libm::exp(ln_prefix) * h
    }
}

/// The `prob` quantile of a continuous increasing `cdf` with the quantile in `[lo, hi]`, by
/// bisection to the last bit.
pub fn quantile(cdf: impl Fn(f64) -> f64, prob: f64, mut lo: f64, mut hi: f64) -> f64 {
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            break;
        }
        if cdf(mid) < prob {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

/// Chi-square goodness of fit of continuous draws against a cdf, over the cells between
/// consecutive `edges` (the first and last edge may be infinite). Returns `(chi2, critical)`.
pub fn continuous_chi_square(
    edges: &[f64],
    cdf: impl Fn(f64) -> f64,
    draws: usize,
    mut sample: impl FnMut() -> f64,
) -> (f64, f64) {
    let mut hist = vec![0.0; edges.len() - 1];
    for _ in 0..draws {
        let x = sample();
        let cell = edges.partition_point(|&e| e <= x);
        assert!(
            cell >= 1 && cell < edges.len(),
            "draw {x} outside the edges"
        );
        hist[cell - 1] += 1.0;
    }
    let expected: Vec<f64> = edges
        .windows(2)
        .map(|w| (cdf(w[1]) - cdf(w[0])) * draws as f64)
        .collect();
    (
        chi_square(&hist, &expected),
        chi_square_critical(hist.len() - 1),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_probabilities_match_closed_forms() {
        // Binomial(4, 0.3) pmf and its cells.
        let pmf = [0.2401, 0.4116, 0.2646, 0.0756, 0.0081];
        for (k, &q) in pmf.iter().enumerate() {
            assert!((libm::exp(binomial_ln_pmf(4, 0.3, k as u64)) - q).abs() < 1e-12);
        }
        let (upper, prob) = binomial_cells(4, 0.3, 0.05);
        assert_eq!(upper, vec![0, 1, 2, 4]);
        assert!((prob[3] - 0.0837).abs() < 1e-12, "{prob:?}");
        assert!((prob.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        // Gamma(1) is the exponential; Gamma(1/2) is Z^2 / 2; Gamma(3) has a closed form.
        for &x in &[0.01, 0.5, 1.0, 3.0, 30.0] {
            assert!((gamma_cdf(1.0, x) - (1.0 - libm::exp(-x))).abs() < 1e-13);
            let half = libm::erf(f64::sqrt(x));
            assert!((gamma_cdf(0.5, x) - half).abs() < 1e-13, "P(1/2, {x})");
            let three = 1.0 - libm::exp(-x) * (1.0 + x + x * x / 2.0);
            assert!((gamma_cdf(3.0, x) - three).abs() < 1e-13, "P(3, {x})");
        }
        assert!((normal_cdf(1.96) - 0.975_002_104_851_78).abs() < 1e-12);
        // For an even dof 2m the chi-square tail is Poisson: P(X > c) = e^{-c/2} sum_{j<m}
        // (c/2)^j / j!. The approximate critical values have tails between 1e-7 and 1.5e-6.
        for m in [1usize, 2, 5, 20, 50] {
            let c = chi_square_critical(2 * m);
            let (mut term, mut sum) = (1.0, 1.0);
            for j in 1..m {
                term *= c / 2.0 / j as f64;
                sum += term;
            }
            let tail = libm::exp(-c / 2.0) * sum;
            assert!(
                (1e-7..1.5e-6).contains(&tail),
                "dof {}: {c} has tail {tail}",
                2 * m
            );
        }
    }
}
