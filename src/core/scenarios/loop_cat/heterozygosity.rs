//! The Wright-Fisher anchor of scenario A: the exact expected heterozygosity
//! `E[1 - sum_y p_t(y)^2]` of the closed loop, smoothing included (DESIGN.md, "Anchors from the
//! literature"). Engine v2 runs of A carry it, measured and exact, as curves
//! (`LoopRun::heterozygosity`, `LoopRun::heterozygosity_closed_form`), drawn on A's accuracy
//! chart and labelled with their source: neutral Wright-Fisher drift (Wright 1931, Fisher 1930),
//! whose heterozygosity decays as `(1 - 1/N)^t` (Kimura's diffusion treatment, Kimura 1955).
//!
//! Setting. Closed loop (no verifier, no fresh data), replace mode: each generation draws
//! `c ~ Multinomial(N, p_t)`, refits `p_hat = (c + alpha) / (N + V alpha)` and moves
//! `p_{t+1} = (1 - beta) p_t + beta p_hat`. With `beta = 1` and `alpha = 0` this is neutral
//! Wright-Fisher drift of `V` alleles in a population of `N`.
//!
//! Derivation. Write `S_t = sum_y p_t(y)^2` (the homozygosity), `D = N + V alpha`. Given `p_t`,
//! `E[c_y] = N p_y` and `E[c_y^2] = N p_y (1 - p_y) + N^2 p_y^2`, so, summing over `y` with
//! `sum_y p_y = 1`,
//!
//! - `E[sum_y p_hat_y^2 | p_t] = (N + 2 alpha N + V alpha^2 + N (N - 1) S_t) / D^2`,
//! - `E[sum_y p_y p_hat_y | p_t] = (N S_t + alpha) / D`,
//!
//! and expanding `p_{t+1}^2 = (1-beta)^2 p^2 + 2 beta (1-beta) p p_hat + beta^2 p_hat^2`,
//!
//! `E[S_{t+1} | p_t] = A + B S_t` with
//! `B = (1-beta)^2 + 2 beta (1-beta) N / D + beta^2 N (N-1) / D^2` and
//! `A = 2 beta (1-beta) alpha / D + beta^2 (N + 2 alpha N + V alpha^2) / D^2`.
//!
//! The recursion is affine in `S_t`, so it holds for the expectation exactly:
//! `E S_{t+1} = A + B E S_t`. For the heterozygosity `h_t = 1 - S_t`,
//!
//! `E h_{t+1} = (1 - A - B) + B E h_t`, hence `E h_t = h* + B^t (E h_0 - h*)`,
//! `h* = (1 - A - B) / (1 - B)`.
//!
//! With `beta = 1`: `B = N (N - 1) / D^2` and `1 - A - B = alpha (V - 1) (2N + V alpha) / D^2 >= 0`,
//! the affine correction of smoothing, which holds the heterozygosity at `h* > 0` instead of
//! letting it drift to 0. With `alpha = 0` too, `B = 1 - 1/N` and `h* = 0`: the classic
//! `E h_t = (1 - 1/N)^t h_0`.
//!
//! Generation 0 (the smoothed empirical distribution of `n0` real samples, `c_0 ~
//! Multinomial(n0, p*)`, `p_0 = (c_0 + alpha) / (n0 + V alpha)`) has by the same moments
//! `E S_0 = (n0 + 2 alpha n0 + V alpha^2 + n0 (n0 - 1) S*) / (n0 + V alpha)^2` with
//! `S* = q^2 + (1 - q)^2 / (V - 1)`, for any `X` ([`initial_heterozygosity`]).

use crate::scenarios::loop_cat::LoopParams;

/// Whether [`heterozygosity_closed_form`] describes the run of `params`: a closed loop (no
/// verifier, no fresh data) that replaces its data each generation. (Any `beta` and `alpha`.)
pub fn closed_form_applies(params: &LoopParams) -> bool {
    !params.verifier_on && params.n_real_per_generation() == 0 && !params.accumulate
}

/// `(A, B)` of the recursion `E S_{t+1} = A + B E S_t` (see the module documentation).
fn recursion(params: &LoopParams) -> (f64, f64) {
    let n = params.n_samples as f64;
    let v = params.n_answers as f64;
    let alpha = params.smoothing;
    let beta = params.refit_rate;
    let d = n + v * alpha;
    let b = (1.0 - beta) * (1.0 - beta)
        + 2.0 * beta * (1.0 - beta) * n / d
        + beta * beta * n * (n - 1.0) / (d * d);
    let a = 2.0 * beta * (1.0 - beta) * alpha / d
        + beta * beta * (n + 2.0 * alpha * n + v * alpha * alpha) / (d * d);
    (a, b)
}

/// The expected heterozygosity `E[1 - sum_y p_t(y)^2]` of the closed loop at generations
/// `0..=t_max`, starting from `E h_0 = h0`: the affine recursion
/// `E h_{t+1} = (1 - A - B) + B E h_t` of the module documentation, iterated (the same numbers as
/// `h* + B^t (h0 - h*)`, without a power). Valid when [`closed_form_applies`].
///
/// ```
/// # use infoloop_core::scenarios::loop_cat::LoopParams;
/// # use infoloop_core::scenarios::loop_cat::heterozygosity::heterozygosity_closed_form;
/// // Without smoothing, beta = 1: neutral Wright-Fisher, (1 - 1/N)^t h0.
/// let p = LoopParams { smoothing: 0.0, n_samples: 32, ..LoopParams::default() };
/// let h = heterozygosity_closed_form(&p, 0.8, 40);
/// assert_eq!(h.len(), 41);
/// assert!((h[40] - 0.8 * (31.0f64 / 32.0).powi(40)).abs() < 1e-12);
/// ```
pub fn heterozygosity_closed_form(params: &LoopParams, h0: f64, t_max: usize) -> Vec<f64> {
    let (a, b) = recursion(params);
    let offset = 1.0 - a - b;
    let mut h = Vec::with_capacity(t_max + 1);
    let mut ht = h0;
    h.push(ht);
    for _ in 0..t_max {
        ht = offset + b * ht;
        h.push(ht);
    }
    h
}

/// The heterozygosity the closed loop settles at, `h* = (1 - A - B) / (1 - B)` (0 without
/// smoothing).
pub fn stationary_heterozygosity(params: &LoopParams) -> f64 {
    let (a, b) = recursion(params);
    (1.0 - a - b) / (1.0 - b)
}

/// `E h_0`, the expected heterozygosity of generation 0 (the smoothed empirical distribution of
/// `n0` real samples), the same for every `X` (see the module documentation).
pub fn initial_heterozygosity(params: &LoopParams) -> f64 {
    let n0 = params.n_real_initial as f64;
    let v = params.n_answers as f64;
    let alpha = params.smoothing;
    let q = params.real_accuracy;
    let s_star = q * q + (1.0 - q) * (1.0 - q) / (v - 1.0);
    let d = n0 + v * alpha;
    1.0 - (n0 + 2.0 * alpha * n0 + v * alpha * alpha + n0 * (n0 - 1.0) * s_star) / (d * d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_recursion_approaches_its_fixed_point() {
        let p = LoopParams {
            smoothing: 0.5,
            ..LoopParams::default()
        };
        let h_star = stationary_heterozygosity(&p);
        let h = heterozygosity_closed_form(&p, 0.1, 2000);
        assert!((h[2000] - h_star).abs() < 1e-12, "{} vs {h_star}", h[2000]);
        // Starting at the fixed point stays there.
        let flat = heterozygosity_closed_form(&p, h_star, 50);
        assert!(flat.iter().all(|&x| (x - h_star).abs() < 1e-12));
        // beta = 1: 1 - A - B = alpha (V - 1) (2N + V alpha) / D^2.
        let (a, b) = recursion(&p);
        let (n, v, al) = (32.0, 8.0, 0.5);
        let d: f64 = n + v * al;
        assert!((1.0 - a - b - al * (v - 1.0) * (2.0 * n + v * al) / (d * d)).abs() < 1e-15);
    }

    #[test]
    fn beta_zero_never_moves() {
        let p = LoopParams {
            refit_rate: 0.0,
            ..LoopParams::default()
        };
        let h = heterozygosity_closed_form(&p, 0.6, 10);
        assert!(h.iter().all(|&x| (x - 0.6).abs() < 1e-15));
    }

    #[test]
    fn initial_heterozygosity_by_enumeration() {
        // V = 2, n0 = 2: c_0(X) ~ Binomial(2, q); enumerate the three outcomes.
        let p = LoopParams {
            n_answers: 2,
            n_real_initial: 2,
            real_accuracy: 0.7,
            smoothing: 0.3,
            ..LoopParams::default()
        };
        let a = 0.3f64;
        let mut want = 0.0;
        for (k, pk) in [(0.0, 0.09), (1.0, 0.42), (2.0, 0.49)] {
            let p1 = (k + a) / (2.0 + 2.0 * a);
            want += pk * (1.0 - p1 * p1 - (1.0 - p1) * (1.0 - p1));
        }
        assert!((initial_heterozygosity(&p) - want).abs() < 1e-12);
    }
}
