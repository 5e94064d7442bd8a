//! Scenario E's parameters, one row each. The order of the rows is the order of keys in share
//! links: it never changes.
//!
//! In the model's terms (see `model.rs`): `rho` is the probability that a training prompt comes
//! from source A (correct answers long); `G` groups share one length knob (`g(q) = q mod G`,
//! simplicity `1/G`; `G >= K` gives one knob per prompt); the judge pays `min(1, r + b l(y))`;
//! `K` prompts split `ceil(K/2)` to source A and `floor(K/2)` to source B; `V` candidates per
//! prompt, `floor(V/2)` of them long; a step is `lr` times the minibatch-mean policy gradient
//! over `B` prompts (nats of logit per unit of reward advantage).
//!
//! The candidates `V` have the link key `nv`, not `v`: `v` is the link's version, read before any
//! parameter, so a `v=` for `V` never reached the parameter (the old link parser kept the first
//! `v` and noted the second as repeated). No link ever set `V` through `v`, so the key `nv` changes
//! what no old link opens.

crate::params! {
    /// Parameters of scenario E, reward hacking.
    pub struct HackingParams {
        source_a_share: f64 {
            key: "rho", label: "share of source A ρ", range: 0.0..=1.0, step: 0.01, default: 0.8,
            group: "Data and reward",
            explain: "Share ρ of prompts from source A, whose correct answers are long (source B's are short): length correlates with reward when ρ ≠ ½.",
            why: "Learning converges first to the most information-efficient component of the signal. When length predicts the reward (ρ ≠ ½) and one shared length knob is far simpler than per-prompt answers, the knob is learned first: proxy reward rises while true accuracy stalls. Rebalancing the data (ρ = ½) removes the shortcut.",
        },
        n_groups: usize {
            key: "g", label: "length-knob groups G", range: 1.0..=64.0, step: 1.0, default: 1.0,
            group: "Policy",
            explain: "Prompt groups sharing one length knob: G = 1 is the simplest spurious component (one number for everything).",
            why: "How simple the spurious component is: one knob for all prompts (G = 1) costs a single number to learn; one per prompt (G = K) is no simpler than the answers, and the shortcut loses its head start.",
        },
        judge_bias: f64 {
            key: "b", label: "judge bias b", range: 0.0..=1.0, step: 0.01, default: 0.0,
            group: "Data and reward",
            explain: "Bias of a judge that adds b to the reward of every long answer; b = 0 is the exact verifier.",
            why: "A biased judge rewards a feature of the answer that is not correctness. The proxy reward can then rise by learning the feature alone; true accuracy follows only the exact part of the signal.",
        },
        n_prompts: usize {
            key: "k", label: "prompts K", unit: "prompts", range: 2.0..=512.0, step: 1.0, default: 32.0,
            group: "Policy",
            explain: "Prompts K; each has its own table of answer preferences, the fine-grained true component.",
        },
        n_candidates: usize {
            key: "nv", label: "candidates V", range: 2.0..=32.0, step: 1.0, default: 8.0,
            group: "Policy",
            explain: "Candidate answers V per prompt, half of them long; chance accuracy is 1/V.",
        },
        batch_size: usize {
            key: "bs", label: "minibatch B", unit: "prompts", range: 1.0..=512.0, step: 1.0, default: 16.0,
            effort: true, group: "Training",
            explain: "Prompts per policy-gradient minibatch.",
        },
        learning_rate: f64 {
            key: "lr", label: "learning rate", range: 0.01..=10.0, step: 0.01, default: 6.0,
            group: "Training",
            explain: "Learning rate of the policy gradient.",
        },
        n_steps: usize {
            key: "t", label: "steps T", unit: "steps", range: 1.0..=2000.0, step: 1.0, default: 300.0,
            effort: true, group: "Training",
            explain: "Policy-gradient steps.",
        },
        n_replicates: usize {
            key: "r", label: "replicates R", range: 1.0..=200.0, step: 1.0, default: 20.0,
            effort: true, group: "Estimation",
            explain: "Independent replicates behind the means and bands.",
        },
    }
}
