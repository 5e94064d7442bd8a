//! Scenario A's parameters, one row each.

use crate::scenarios::why;

crate::params! {
    /// Parameters of scenario A, the categorical loop.
    pub struct LoopParams {
        verifier_on: bool {
            key: "ver", label: "verifier", range: 0.0..=1.0, step: 1.0, default: 0.0,
            group: "External signal",
            explain: "Filter each generation's samples through a verifier, an external signal that can make the loop information-open.",
            why: why::OPEN_LOOP,
        },
        verifier_strength: f64 {
            key: "s", label: "verifier strength s", range: 0.0..=1.0, step: 0.01, default: 0.4,
            group: "External signal", needs: "ver",
            explain: "Verifier strength s = 1 − 2ε (ε its flip probability): 1 is a perfect checker, 0 a coin flip that carries no information.",
            why: "Each kept or dropped sample tells the model one noisy bit about whether it was correct. That bit carries I_inj = h(ε + (1−2ε)a) − h(ε) bits about X (a the model's accuracy, h binary entropy): zero at s = 0, largest when the model is unsure. The 'injected bits' budget on the first chart adds these up.",
        },
        anchoring: f64 {
            key: "kap", label: "anchoring κ", range: 0.0..=1.0, step: 0.01, default: 0.0,
            group: "External signal", needs: "ver",
            explain: "How often the verifier checks agreement with the student's own mode instead of the truth; κ = 1 is a self-judge and closes the loop again.",
            why: why::ANCHORING,
        },
        real_fraction: f64 {
            key: "lam", label: "real-data fraction λ", range: 0.0..=1.0, step: 0.01, default: 0.0,
            group: "External signal",
            explain: "Fresh real samples added each generation, as a fraction of N: real data is an external signal too.",
            why: why::FRESH_DATA,
        },
        n_samples: usize {
            key: "n", label: "samples per generation N", unit: "samples", range: 1.0..=4096.0, step: 1.0, default: 32.0,
            effort: true, group: "Loop",
            explain: "Samples the model draws from itself each generation; the fewer, the faster task information drains away.",
        },
        n_generations: usize {
            key: "t", label: "generations", unit: "generations", range: 1.0..=100000.0, step: 1.0, default: 40.0,
            effort: true, group: "Loop",
            explain: "How many times the model is refit on its own (filtered) outputs.",
        },
        n_answers: usize {
            key: "k", label: "answers V", range: 2.0..=32.0, step: 1.0, default: 8.0,
            group: "Task",
            explain: "Number of possible answers V: log₂ V bits is all there is to learn about the correct answer X.",
        },
        real_accuracy: f64 {
            key: "q", label: "real-data accuracy q", range: 0.05..=0.95, step: 0.01, default: 0.35,
            group: "Task",
            explain: "How often a real sample is the correct answer (chance is 1/V).",
        },
        n_real_initial: usize {
            key: "n0", label: "initial real samples n₀", unit: "samples", range: 1.0..=1000.0, step: 1.0, default: 12.0,
            group: "Task",
            explain: "Real samples behind generation 0: they set the DPI ceiling I(X; Z₀) of every closed loop.",
        },
        n_replicates: usize {
            key: "r", label: "replicates R", range: 20.0..=5000.0, step: 10.0, default: 1000.0,
            effort: true, group: "Estimation",
            explain: "Independent replicates (fresh X and random stream each) behind every estimate; more replicates narrow the bands.",
        },
        smoothing: f64 {
            key: "a", label: "smoothing α", range: 0.0001..=1.0, step: 0.0001, default: 0.01,
            group: "Loop",
            explain: "Pseudo-count added to every answer when refitting; keeps KL finite and pulls gently toward uniform.",
        },
        refit_rate: f64 {
            key: "b", label: "refit rate β", range: 0.01..=1.0, step: 0.01, default: 1.0,
            group: "Loop",
            explain: "Share of the new fit in the next model: 1 replaces the model, smaller values move it slowly.",
        },
        accumulate: bool {
            key: "acc", label: "accumulate data", range: 0.0..=1.0, step: 1.0, default: 0.0,
            group: "Loop",
            explain: "Refit on all data so far instead of only the last generation's samples.",
        },
    }
}
