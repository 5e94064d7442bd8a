//! Scenario G's parameters, one row each.

use crate::scenarios::why;

crate::params! {
    /// Parameters of scenario G, the n-gram language model on real words.
    pub struct TextParams {
        verifier_on: bool {
            key: "ver", label: "dictionary verifier", range: 0.0..=1.0, step: 1.0, default: 0.0,
            group: "External signal",
            explain: "Keep only the generated strings a dictionary check accepts: binary correctness, an external signal.",
            why: why::OPEN_LOOP,
        },
        verifier_strength: f64 {
            key: "s", label: "verifier strength s", range: 0.0..=1.0, step: 0.01, default: 1.0,
            group: "External signal", needs: "ver",
            explain: "Verifier strength s = 1 − 2ε: the dictionary's verdict is flipped with probability ε; 0 is a coin flip.",
        },
        real_fraction: f64 {
            key: "lam", label: "real-data fraction λ", range: 0.0..=1.0, step: 0.01, default: 0.0,
            group: "External signal",
            explain: "Fresh real words drawn from the word frequencies each generation, as a fraction of N.",
            why: why::FRESH_DATA,
        },
        accumulate: bool {
            key: "acc", label: "accumulate data", range: 0.0..=1.0, step: 1.0, default: 0.0,
            group: "Loop",
            explain: "Train on all words so far instead of only the last generation's (Gerstgrasser et al. 2024).",
        },
        order: usize {
            key: "o", label: "order n", range: 2.0..=5.0, step: 1.0, default: 3.0,
            group: "Model",
            explain: "The n-gram order: each character is predicted from the n − 1 before it.",
        },
        smoothing: f64 {
            key: "a", label: "smoothing α", range: 0.001..=1.0, step: 0.001, default: 0.01,
            group: "Model",
            explain: "Pseudo-count added to every character in every context when the model is refit.",
        },
        n_real_initial: usize {
            key: "n0", label: "initial real words n₀", unit: "words", range: 10.0..=20000.0, step: 10.0, default: 500.0,
            effort: true, group: "Loop",
            explain: "Real words, drawn from the frequencies, behind generation 0.",
        },
        n_samples: usize {
            key: "n", label: "words per generation N", unit: "words", range: 10.0..=10000.0, step: 10.0, default: 500.0,
            effort: true, group: "Loop",
            explain: "Strings the model generates (and is refit on) each generation.",
        },
        n_generations: usize {
            key: "t", label: "generations", unit: "generations", range: 1.0..=1000.0, step: 1.0, default: 20.0,
            effort: true, group: "Loop",
            explain: "How many times the model is refit on its own (filtered) outputs.",
        },
        n_replicates: usize {
            key: "r", label: "replicates R", range: 2.0..=200.0, step: 1.0, default: 8.0,
            effort: true, group: "Estimation",
            explain: "Independent replicates (own random stream each) behind the means and bands.",
        },
    }
}
