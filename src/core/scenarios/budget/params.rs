//! Scenario C's parameters, one row each (the table's order is the order of keys in links).

use crate::scenarios::why;

crate::params! {
    /// Parameters of scenario C, supervision under a fixed information budget.
    pub struct BudgetParams {
        // The rubric is `c 1[correct] + (1 - c) 1[y = ref]`.
        coarseness: f64 {
            key: "c", label: "coarseness c", range: 0.0..=1.0, step: 0.01, default: 1.0,
            group: "Supervision",
            explain: "Supervision coarseness c: 0 rewards only an exact match with one reference answer, 1 rewards any correct answer (binary correctness).",
            why: why::COARSENESS,
        },
        // On by default: several equally good references is the realistic case, and the one
        // that makes an instance-level signal slow as M grows. With a fixed reference (form 0),
        // c = 0 learns almost as fast as c = 1 but collapses diversity to 0 and spends exactly
        // log2 M extra bits on the form. At c = 1 the reference does not enter the score.
        varied_references: bool {
            key: "vr", label: "varied references", range: 0.0..=1.0, step: 1.0, default: 1.0,
            group: "Supervision",
            explain: "Draw a fresh reference answer every step: the signal's surface form varies while the task stays the same.",
            why: "A fixed reference is a moving target only once: the model imitates that one form and its diversity among correct answers collapses. Fresh references keep diversity but still spend the budget on form.",
        },
        // A reported score is the true one with probability s, otherwise a fair coin
        // (eps = (1 - s)/2 for binary scores).
        verifier_strength: f64 {
            key: "s", label: "verifier strength s", range: 0.0..=1.0, step: 0.01, default: 1.0,
            group: "Supervision",
            explain: "Verifier strength: each score is reported truthfully with probability s, otherwise replaced by a fair coin (s = 0 carries nothing).",
        },
        n_forms: usize {
            key: "m", label: "forms per class M", range: 1.0..=256.0, step: 1.0, default: 16.0,
            group: "Task",
            explain: "Equally good surface forms M of each answer: log₂ M bits of diversity that carry no task information.",
            why: why::FORMS,
        },
        n_classes: usize {
            key: "k", label: "classes K", range: 2.0..=64.0, step: 1.0, default: 4.0,
            group: "Task",
            explain: "Answer classes K; one is correct, so the task itself is worth log₂ K bits.",
        },
        // KL(p_{t+1} || p_t) in bits.
        budget_bits: f64 {
            key: "kl", label: "budget per step (bits)", unit: "bits", range: 0.001..=1.0, step: 0.001, default: 0.05,
            group: "Learning",
            explain: "Information budget: how far one update may move the model, in bits of KL(pₜ₊₁ ‖ pₜ).",
        },
        // 80 by default: long enough for c = 0 with varied references and M = 16 to pass 90%,
        // short enough that the binary signal's rise, over in a few steps, stays visible.
        n_steps: usize {
            key: "t", label: "steps T", unit: "steps", range: 1.0..=1000.0, step: 1.0, default: 80.0,
            effort: true, group: "Learning",
            explain: "Number of budgeted update steps.",
        },
        n_replicates: usize {
            key: "r", label: "replicates R", range: 1.0..=500.0, step: 1.0, default: 20.0,
            effort: true, group: "Estimation",
            explain: "Independent replicates (own random stream each) behind the means and bands.",
        },
    }
}
