//! Scenario D's parameters, one row each (the order is the order of keys in links).

use crate::scenarios::why;

crate::params! {
    /// Parameters of scenario D, transfer.
    pub struct TransferParams {
        coarseness: f64 {
            key: "c", label: "coarseness c", range: 0.0..=1.0, step: 0.01, default: 1.0,
            group: "Supervision",
            explain: "Supervision coarseness c: the reward is c·1[correct] + (1 − c)·1[exact reference answer]; 1 is binary correctness.",
            why: why::COARSENESS,
        },
        verifier_strength: f64 {
            key: "s", label: "verifier strength s", range: 0.0..=1.0, step: 0.01, default: 1.0,
            group: "Supervision",
            explain: "Verifier strength: the true reward is reported with probability s, otherwise a fair coin; s = 0 teaches nothing.",
        },
        n_forms: usize {
            key: "m", label: "acceptable forms M", range: 1.0..=64.0, step: 1.0, default: 4.0,
            group: "Behaviours",
            explain: "Acceptable answer forms M: the general solver matches the one reference form only 1/M of the time.",
            why: why::FORMS,
        },
        solver_accuracy: f64 {
            key: "cg", label: "solver accuracy c(solver)", range: 0.0..=1.0, step: 0.01, default: 0.6,
            group: "Behaviours",
            explain: "Accuracy c(solver) of the general solver, in any domain.",
        },
        template_accuracy: f64 {
            key: "ca", label: "template accuracy in A c(A)", range: 0.0..=1.0, step: 0.01, default: 0.45,
            group: "Behaviours",
            explain: "Accuracy c(A) of the domain-A template in domain A, always in the reference form.",
        },
        template_transfer_accuracy: f64 {
            key: "cab", label: "template accuracy in B c(B)", range: 0.0..=1.0, step: 0.01, default: 0.05,
            group: "Behaviours",
            explain: "Accuracy of the template in a new domain B: the template does not transfer.",
        },
        batch_size: usize {
            key: "bs", label: "batch size B", unit: "episodes", range: 1.0..=1024.0, step: 1.0, default: 64.0,
            effort: true, group: "Training",
            explain: "Episodes per policy-gradient batch; a batch of 1 learns nothing (the baseline is its own reward).",
        },
        learning_rate: f64 {
            key: "lr", label: "learning rate", range: 0.01..=5.0, step: 0.01, default: 1.0,
            group: "Training",
            explain: "Learning rate of the policy gradient on the logit difference.",
        },
        n_generations: usize {
            key: "t", label: "generations", unit: "generations", range: 1.0..=2000.0, step: 1.0, default: 200.0,
            effort: true, group: "Training",
            explain: "Generations of training on domain A.",
        },
        n_replicates: usize {
            key: "r", label: "replicates R", range: 1.0..=1000.0, step: 1.0, default: 100.0,
            effort: true, group: "Estimation",
            explain: "Independent replicates (own random stream each) behind the means and bands.",
        },
    }
}
