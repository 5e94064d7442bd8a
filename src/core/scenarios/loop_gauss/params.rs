//! Scenario B's parameters, one row each (the order is the order of keys in share links).
//!
//! The work grows with the replicates and the generations (`effort`), not with `N`: the
//! candidates of a generation are summarized by exactly drawn moments, `O(log N)` each.

use crate::scenarios::why;

crate::params! {
    /// Parameters of scenario B, the Gaussian loop. `tau`, `sigma` and `omega` are standard
    /// deviations in units of `X`.
    pub struct GaussParams {
        verifier_on: bool {
            key: "ver", label: "verifier", range: 0.0..=1.0, step: 1.0, default: 0.0,
            group: "External signal",
            explain: "Filter each generation's samples through a verifier that accepts values near its own estimate of X: an external signal.",
            why: why::OPEN_LOOP,
        },
        verifier_strength: f64 {
            key: "s", label: "verifier strength s", range: 0.0..=1.0, step: 0.01, default: 0.8,
            group: "External signal", needs: "ver",
            explain: "Verifier sharpness: near 1 it accepts only samples close to its target, at 0 it accepts everything (no information).",
        },
        verifier_error_sd: f64 {
            key: "om", label: "verifier's own error ω", range: 0.0..=5.0, step: 0.01, default: 0.1,
            group: "External signal", needs: "ver",
            explain: "The verifier's own error ω about X: the loop can learn up to ½ log₂(1 + τ²/ω²) bits and no further.",
            why: "The verifier only knows X up to its own error ω, so it can pass on at most I(X; X + ν) = ½ log₂(1 + τ²/ω²) bits: an information-open loop learns up to that ceiling and no further.",
        },
        anchoring: f64 {
            key: "kap", label: "anchoring κ", range: 0.0..=1.0, step: 0.01, default: 0.0,
            group: "External signal", needs: "ver",
            explain: "How much the verifier's target is the student's own mean instead of its estimate of X; κ = 1 closes the loop.",
            why: why::ANCHORING,
        },
        real_fraction: f64 {
            key: "lam", label: "real-data fraction λ", range: 0.0..=1.0, step: 0.01, default: 0.0,
            group: "External signal",
            explain: "Fresh real samples added each generation, as a fraction of N.",
            why: why::FRESH_DATA,
        },
        n_samples: usize {
            key: "n", label: "samples per generation N", unit: "samples", range: 2.0..=4096.0, step: 1.0, default: 20.0,
            group: "Loop",
            explain: "Samples drawn from the fitted Gaussian each generation; the fitted variance shrinks by (N−1)/N per generation on average.",
        },
        n_generations: usize {
            key: "t", label: "generations", unit: "generations", range: 1.0..=400.0, step: 1.0, default: 30.0,
            effort: true, group: "Loop",
            explain: "How many times the Gaussian is refit on its own samples.",
        },
        prior_sd: f64 {
            key: "tau", label: "prior sd τ", range: 0.1..=10.0, step: 0.1, default: 1.0,
            group: "Task",
            explain: "Spread τ of the unknown task parameter X ~ N(0, τ²).",
        },
        noise_sd: f64 {
            key: "sig", label: "real-data noise σ", range: 0.1..=10.0, step: 0.1, default: 1.0,
            group: "Task",
            explain: "Noise σ of real data around X.",
        },
        n_real_initial: usize {
            key: "n0", label: "initial real samples n₀", unit: "samples", range: 2.0..=1000.0, step: 1.0, default: 20.0,
            group: "Task",
            explain: "Real samples behind generation 0.",
        },
        n_replicates: usize {
            key: "r", label: "replicates R", range: 50.0..=5000.0, step: 10.0, default: 1000.0,
            effort: true, group: "Estimation",
            explain: "Independent replicates (fresh X each) behind the kNN estimate of I(X; μₜ) and its band.",
        },
    }
}
