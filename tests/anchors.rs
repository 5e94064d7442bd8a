//! Anchors from the literature (DESIGN.md): closed forms the simulations must match.
//!
//! Scenario A's closed loop with `beta = 1` is neutral Wright-Fisher drift with smoothing; its
//! expected heterozygosity `E[1 - sum_y p_t(y)^2]` follows the affine recursion of
//! `infoloop_core::scenarios::loop_cat::heterozygosity`. Here the loop is simulated from scratch
//! with the core's samplers (a stream per replicate, `R = 4000` replicates) and its mean
//! heterozygosity must match the closed form at every generation within 3 standard errors.
//! The checks have power: the uncorrected `(1 - 1/N)^t h_0` is many standard errors off, at the
//! DESIGN settings (alpha = 0.01) already and by far with heavy smoothing.

use infoloop_core::random::rng::SimRng;
use infoloop_core::random::sample::multinomial_into;
use infoloop_core::scenarios::loop_cat::heterozygosity::{
    closed_form_applies, heterozygosity_closed_form, initial_heterozygosity,
    stationary_heterozygosity,
};
use infoloop_core::scenarios::loop_cat::LoopParams;

/// Replicates behind every simulated mean.
const R: usize = 4000;

/// Standard errors a simulated mean may stray from its closed form.
const Z: f64 = 3.0;

/// Mean and standard error of the heterozygosity at generations `0..=T` of the closed loop,
/// simulated from scratch: `X` uniform, `c_0 ~ Mult(n0, p*(.|X))`,
/// `p_0 = (c_0 + alpha) / (n0 + V alpha)`, then `c ~ Mult(N, p_t)`,
/// `p_{t+1} = (1 - beta) p_t + beta (c + alpha) / (N + V alpha)`.
fn simulate(params: &LoopParams, seed: u64) -> (Vec<f64>, Vec<f64>) {
    let v = params.n_answers;
    let t_max = params.n_generations;
    let (alpha, beta) = (params.smoothing, params.refit_rate);
    let mut sum = vec![0.0; t_max + 1];
    let mut sum_sq = vec![0.0; t_max + 1];
    let mut p = vec![0.0; v];
    let mut p_star = vec![0.0; v];
    let mut counts = vec![0u64; v];
    for replicate in 0..R {
        let mut rng = SimRng::for_stream(seed, replicate as u64);
        let x = rng.below(v as u64) as usize;
        for (y, ps) in p_star.iter_mut().enumerate() {
            *ps = if y == x {
                params.real_accuracy
            } else {
                (1.0 - params.real_accuracy) / (v as f64 - 1.0)
            };
        }
        multinomial_into(&mut rng, params.n_real_initial as u64, &p_star, &mut counts);
        let d0 = params.n_real_initial as f64 + v as f64 * alpha;
        for (py, &c) in p.iter_mut().zip(&counts) {
            *py = (c as f64 + alpha) / d0;
        }
        let d = params.n_samples as f64 + v as f64 * alpha;
        for t in 0..=t_max {
            let h = 1.0 - p.iter().map(|py| py * py).sum::<f64>();
            sum[t] += h;
            sum_sq[t] += h * h;
            multinomial_into(&mut rng, params.n_samples as u64, &p, &mut counts);
            for (py, &c) in p.iter_mut().zip(&counts) {
                *py = (1.0 - beta) * *py + beta * (c as f64 + alpha) / d;
            }
        }
    }
    let n = R as f64;
    let mean: Vec<f64> = sum.iter().map(|s| s / n).collect();
    let se = sum_sq
        .iter()
        .zip(&mean)
        .map(|(sq, m)| (((sq - n * m * m) / (n - 1.0)).max(0.0) / n).sqrt())
        .collect();
    (mean, se)
}

/// Checks the simulated heterozygosity of `params` against the closed form at every generation;
/// returns the simulated means and standard errors.
fn check(params: &LoopParams, seed: u64) -> (Vec<f64>, Vec<f64>) {
    assert!(closed_form_applies(params));
    let (mean, se) = simulate(params, seed);
    let h0 = initial_heterozygosity(params);
    let want = heterozygosity_closed_form(params, h0, params.n_generations);
    assert_eq!(want.len(), mean.len());
    for t in 0..mean.len() {
        assert!(
            (mean[t] - want[t]).abs() < Z * se[t],
            "alpha {} beta {} gen {t}: simulated {:.5} +- {:.5}, closed form {:.5}",
            params.smoothing,
            params.refit_rate,
            mean[t],
            se[t],
            want[t]
        );
    }
    println!(
        "alpha {} beta {}: E h_0 {:.4}, E h_{} {:.4} (simulated {:.4} +- {:.4}), h* {:.4}",
        params.smoothing,
        params.refit_rate,
        h0,
        params.n_generations,
        want[want.len() - 1],
        mean[mean.len() - 1],
        se[se.len() - 1],
        stationary_heterozygosity(params)
    );
    (mean, se)
}

#[test]
fn closed_loop_heterozygosity_matches_the_closed_form() {
    // The DESIGN settings of scenario A: V = 8, q = 0.35, n0 = 12, N = 32, alpha = 0.01,
    // beta = 1, 40 generations.
    let params = LoopParams::default();
    let (mean, se) = check(&params, 1);
    // Even alpha = 0.01 matters by generation 40: the uncorrected (1 - 1/N)^t E h_0 is off.
    let t = params.n_generations;
    let naive = initial_heterozygosity(&params) * (1.0 - 1.0 / 32.0f64).powi(t as i32);
    assert!(
        (mean[t] - naive).abs() > 5.0 * se[t],
        "naive {naive:.4} vs simulated {:.4}",
        mean[t]
    );
}

#[test]
fn heavy_smoothing_needs_the_affine_correction() {
    let params = LoopParams {
        smoothing: 0.5,
        ..LoopParams::default()
    };
    let (mean, se) = check(&params, 2);
    // The uncorrected Wright-Fisher decay (1 - 1/N)^t E h_0 is far off by the last generation.
    let t = params.n_generations;
    let naive =
        initial_heterozygosity(&params) * (1.0 - 1.0 / params.n_samples as f64).powi(t as i32);
    assert!(
        (mean[t] - naive).abs() > 10.0 * se[t],
        "naive {naive:.4} vs simulated {:.4}",
        mean[t]
    );
}

#[test]
fn partial_refits_match_the_closed_form() {
    let params = LoopParams {
        refit_rate: 0.5,
        smoothing: 0.05,
        n_samples: 16,
        n_generations: 60,
        ..LoopParams::default()
    };
    check(&params, 3);
}

/// The explorer's own v2 runs carry the heterozygosity and its closed form as curves (the
/// overlay of A's accuracy chart): the run's mean matches the curve at every generation within
/// 3 standard errors of its band, at the DESIGN settings, with heavy smoothing and with a
/// partial refit; the closed form is absent on v1 (frozen curves) and where it is not exact.
#[test]
fn v2_runs_draw_the_heterozygosity_and_its_closed_form() {
    use infoloop_core::random::stream::Engine;
    use infoloop_core::scenarios::loop_cat::run_on;
    let cases = [
        LoopParams::default(),
        LoopParams {
            smoothing: 0.5,
            n_samples: 16,
            ..LoopParams::default()
        },
        LoopParams {
            refit_rate: 0.5,
            n_answers: 4,
            ..LoopParams::default()
        },
    ];
    for (i, params) in cases.iter().enumerate() {
        let run = run_on(params, 11 + i as u64, Engine::V2);
        let exact = &run.heterozygosity_closed_form;
        let band = &run.heterozygosity;
        assert_eq!(exact.len(), run.len(), "case {i}");
        let mut worst = 0.0f64;
        for (t, &want) in exact.iter().enumerate() {
            let se = (band.hi[t] - band.lo[t]) / 2.0 / 1.96;
            let z = (band.mid[t] - want) / se.max(1e-12);
            worst = if z.abs() > worst.abs() { z } else { worst };
            assert!(
                z.abs() <= Z,
                "case {i}, t = {t}: heterozygosity {:.4} vs closed form {:.4} (z = {z:+.2})",
                band.mid[t],
                want
            );
        }
        println!(
            "case {i}: h {:.4} -> {:.4}, closed form {:.4} -> {:.4}, worst z {worst:+.2}",
            band.mid[0],
            band.mid[run.len() - 1],
            exact[0],
            exact[run.len() - 1]
        );
    }
    let v1 = run_on(&LoopParams::default(), 11, Engine::V1);
    assert!(v1.heterozygosity.mid.is_empty() && v1.heterozygosity_closed_form.is_empty());
    let verified = LoopParams {
        verifier_on: true,
        ..LoopParams::default()
    };
    let open = run_on(&verified, 11, Engine::V2);
    assert_eq!(open.heterozygosity.mid.len(), open.len());
    assert!(open.heterozygosity_closed_form.is_empty());
}
