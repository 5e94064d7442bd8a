//! The registry of scenarios the page offers: ids and tab labels, parameter tables and their
//! one-sentence explanations, presets, and the enum dispatch ([`AnySim`], [`AnyRun`]) through
//! which the shell runs whichever scenario is active.
//!
//! Adding a scenario means adding one arm in each `match` here (and its charts); the shell,
//! the share link and the reducer stay as they are.

use crate::share::ShareState;
use crate::sweep::{SweepGrid, SweepSim};
use infoloop_core::scenario::params::{ParamSpec, Params};
use infoloop_core::scenario::{Curves, Simulation};
use infoloop_core::scenarios::budget::{BudgetParams, BudgetRun, BudgetSim};
use infoloop_core::scenarios::hacking::{HackingParams, HackingRun, HackingSim};
use infoloop_core::scenarios::loop_cat::{LoopParams, LoopRun, LoopSim};
use infoloop_core::scenarios::loop_gauss::{GaussParams, GaussRun, GaussSim};
use infoloop_core::scenarios::transfer::{TransferParams, TransferRun, TransferSim};
use std::rc::Rc;

/// One scenario of DESIGN.md.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ScenarioId {
    /// A: the categorical loop, collapse vs verifier.
    Loop,
    /// B: the Gaussian loop, variance collapse with a closed form.
    Gauss,
    /// C: supervision under a fixed information budget.
    Budget,
    /// D: transfer, coarse signals generalize.
    Transfer,
    /// E: reward hacking, the simplest component wins.
    Hacking,
}

impl ScenarioId {
    /// Every scenario, in tab order.
    pub const ALL: [ScenarioId; 5] = [
        ScenarioId::Loop,
        ScenarioId::Gauss,
        ScenarioId::Budget,
        ScenarioId::Transfer,
        ScenarioId::Hacking,
    ];

    /// Stable key in share links (`sc=`).
    pub fn key(self) -> &'static str {
        match self {
            ScenarioId::Loop => "loop",
            ScenarioId::Gauss => "gauss",
            ScenarioId::Budget => "budget",
            ScenarioId::Transfer => "transfer",
            ScenarioId::Hacking => "hacking",
        }
    }

    /// The scenario with share-link key `key`.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }

    /// Tab label.
    pub fn label(self) -> &'static str {
        match self {
            ScenarioId::Loop => "A · Open vs closed loops",
            ScenarioId::Gauss => "B · Gaussian collapse",
            ScenarioId::Budget => "C · Bits that matter",
            ScenarioId::Transfer => "D · Coarse signals generalize",
            ScenarioId::Hacking => "E · Reward hacking",
        }
    }

    /// The finding the scenario shows, in one sentence.
    pub fn summary(self) -> &'static str {
        match self {
            ScenarioId::Loop => {
                "A model refit on its own samples can only lose task information (the data \
                 processing inequality); a verifier or fresh data opens the loop."
            }
            ScenarioId::Gauss => {
                "The classic variance collapse: a Gaussian refit on its own samples forgets X at a \
                 rate with a closed form; a verifier with its own error ω lets it learn up to \
                 ½ log₂(1 + τ²/ω²) bits and no more."
            }
            ScenarioId::Budget => {
                "With a fixed information budget per step, binary correctness spends every bit on \
                 the task; imitating one reference answer spends bits on surface form and loses \
                 diversity."
            }
            ScenarioId::Transfer => {
                "Rewarding correctness picks the general solver, which works in a new domain too; \
                 rewarding the exact reference answer picks a domain template that does not transfer."
            }
            ScenarioId::Hacking => {
                "Learning takes the most information-efficient component of the signal first: when a \
                 simple spurious feature (length) correlates with reward, proxy reward rises while \
                 true accuracy stalls. Rebalancing the data removes the shortcut."
            }
        }
    }

    /// The scenario's parameter table, in display order.
    pub fn specs(self) -> &'static [ParamSpec] {
        match self {
            ScenarioId::Loop => LoopParams::specs(),
            ScenarioId::Gauss => GaussParams::specs(),
            ScenarioId::Budget => BudgetParams::specs(),
            ScenarioId::Transfer => TransferParams::specs(),
            ScenarioId::Hacking => HackingParams::specs(),
        }
    }

    /// Control groups: (heading, parameter keys), covering every spec.
    pub fn groups(self) -> &'static [(&'static str, &'static [&'static str])] {
        match self {
            ScenarioId::Loop => &[
                ("External signal", &["ver", "s", "kap", "lam"]),
                ("Loop", &["n", "t", "b", "a", "acc"]),
                ("Task", &["k", "q", "n0"]),
                ("Estimation", &["r"]),
            ],
            ScenarioId::Gauss => &[
                ("External signal", &["ver", "s", "om", "kap", "lam"]),
                ("Loop", &["n", "t"]),
                ("Task", &["tau", "sig", "n0"]),
                ("Estimation", &["r"]),
            ],
            ScenarioId::Budget => &[
                ("Supervision", &["c", "vr", "s"]),
                ("Task", &["k", "m"]),
                ("Learning", &["kl", "t"]),
                ("Estimation", &["r"]),
            ],
            ScenarioId::Hacking => &[
                ("Data and reward", &["rho", "b"]),
                ("Policy", &["g", "k", "v"]),
                ("Training", &["bs", "lr", "t"]),
                ("Estimation", &["r"]),
            ],
            ScenarioId::Transfer => &[
                ("Supervision", &["c", "s"]),
                ("Behaviours", &["cg", "ca", "cab", "m"]),
                ("Training", &["bs", "lr", "t"]),
                ("Estimation", &["r"]),
            ],
        }
    }

    /// One sentence explaining parameter `key`, in the paper's terms.
    pub fn explanation(self, key: &str) -> &'static str {
        match (self, key) {
            (ScenarioId::Loop, "ver") => "Filter each generation's samples through a verifier, an external signal that can make the loop information-open.",
            (ScenarioId::Loop, "s") => "Verifier strength s = 1 − 2ε (ε its flip probability): 1 is a perfect checker, 0 a coin flip that carries no information.",
            (ScenarioId::Loop, "kap") => "How often the verifier checks agreement with the student's own mode instead of the truth; κ = 1 is a self-judge and closes the loop again.",
            (ScenarioId::Loop, "lam") => "Fresh real samples added each generation, as a fraction of N: real data is an external signal too.",
            (ScenarioId::Loop, "n") => "Samples the model draws from itself each generation; the fewer, the faster task information drains away.",
            (ScenarioId::Loop, "t") => "How many times the model is refit on its own (filtered) outputs.",
            (ScenarioId::Loop, "b") => "Share of the new fit in the next model: 1 replaces the model, smaller values move it slowly.",
            (ScenarioId::Loop, "a") => "Pseudo-count added to every answer when refitting; keeps KL finite and pulls gently toward uniform.",
            (ScenarioId::Loop, "acc") => "Refit on all data so far instead of only the last generation's samples.",
            (ScenarioId::Loop, "k") => "Number of possible answers V: log₂ V bits is all there is to learn about the correct answer X.",
            (ScenarioId::Loop, "q") => "How often a real sample is the correct answer (chance is 1/V).",
            (ScenarioId::Loop, "n0") => "Real samples behind generation 0: they set the DPI ceiling I(X; Z₀) of every closed loop.",
            (ScenarioId::Loop, "r") => "Independent replicates (fresh X and random stream each) behind every estimate; more replicates narrow the bands.",
            (ScenarioId::Gauss, "ver") => "Filter each generation's samples through a verifier that accepts values near its own estimate of X: an external signal.",
            (ScenarioId::Gauss, "s") => "Verifier sharpness: near 1 it accepts only samples close to its target, at 0 it accepts everything (no information).",
            (ScenarioId::Gauss, "om") => "The verifier's own error ω about X: the loop can learn up to ½ log₂(1 + τ²/ω²) bits and no further.",
            (ScenarioId::Gauss, "kap") => "How much the verifier's target is the student's own mean instead of its estimate of X; κ = 1 closes the loop.",
            (ScenarioId::Gauss, "lam") => "Fresh real samples added each generation, as a fraction of N.",
            (ScenarioId::Gauss, "n") => "Samples drawn from the fitted Gaussian each generation; the fitted variance shrinks by (N−1)/N per generation on average.",
            (ScenarioId::Gauss, "t") => "How many times the Gaussian is refit on its own samples.",
            (ScenarioId::Gauss, "tau") => "Spread τ of the unknown task parameter X ~ N(0, τ²).",
            (ScenarioId::Gauss, "sig") => "Noise σ of real data around X.",
            (ScenarioId::Gauss, "n0") => "Real samples behind generation 0.",
            (ScenarioId::Gauss, "r") => "Independent replicates (fresh X each) behind the kNN estimate of I(X; μₜ) and its band.",
            (ScenarioId::Budget, "c") => "Supervision coarseness c: 0 rewards only an exact match with one reference answer, 1 rewards any correct answer (binary correctness).",
            (ScenarioId::Budget, "vr") => "Draw a fresh reference answer every step: the signal's surface form varies while the task stays the same.",
            (ScenarioId::Budget, "s") => "Verifier strength: each score is reported truthfully with probability s, otherwise replaced by a fair coin (s = 0 carries nothing).",
            (ScenarioId::Budget, "k") => "Answer classes K; one is correct, so the task itself is worth log₂ K bits.",
            (ScenarioId::Budget, "m") => "Equally good surface forms M of each answer: log₂ M bits of diversity that carry no task information.",
            (ScenarioId::Budget, "kl") => "Information budget: how far one update may move the model, in bits of KL(pₜ₊₁ ‖ pₜ).",
            (ScenarioId::Budget, "t") => "Number of budgeted update steps.",
            (ScenarioId::Budget, "r") => "Independent replicates (own random stream each) behind the means and bands.",
            (ScenarioId::Hacking, "rho") => "Share ρ of prompts from source A, whose correct answers are long (source B's are short): length correlates with reward when ρ ≠ ½.",
            (ScenarioId::Hacking, "b") => "Bias of a judge that adds b to the reward of every long answer; b = 0 is the exact verifier.",
            (ScenarioId::Hacking, "g") => "Prompt groups sharing one length knob: G = 1 is the simplest spurious component (one number for everything).",
            (ScenarioId::Hacking, "k") => "Prompts K; each has its own table of answer preferences, the fine-grained true component.",
            (ScenarioId::Hacking, "v") => "Candidate answers V per prompt, half of them long; chance accuracy is 1/V.",
            (ScenarioId::Hacking, "bs") => "Prompts per policy-gradient minibatch.",
            (ScenarioId::Hacking, "lr") => "Learning rate of the policy gradient.",
            (ScenarioId::Hacking, "t") => "Policy-gradient steps.",
            (ScenarioId::Hacking, "r") => "Independent replicates behind the means and bands.",
            (ScenarioId::Transfer, "c") => "Supervision coarseness c: the reward is c·1[correct] + (1 − c)·1[exact reference answer]; 1 is binary correctness.",
            (ScenarioId::Transfer, "s") => "Verifier strength: the true reward is reported with probability s, otherwise a fair coin; s = 0 teaches nothing.",
            (ScenarioId::Transfer, "m") => "Acceptable answer forms M: the general solver matches the one reference form only 1/M of the time.",
            (ScenarioId::Transfer, "cg") => "Accuracy c_g of the general solver, in any domain.",
            (ScenarioId::Transfer, "ca") => "Accuracy c_A of the domain-A template in domain A, always in the reference form.",
            (ScenarioId::Transfer, "cab") => "Accuracy of the template in a new domain B: the template does not transfer.",
            (ScenarioId::Transfer, "bs") => "Episodes per policy-gradient batch; a batch of 1 learns nothing (the baseline is its own reward).",
            (ScenarioId::Transfer, "lr") => "Learning rate of the policy gradient on the logit difference.",
            (ScenarioId::Transfer, "t") => "Generations of training on domain A.",
            (ScenarioId::Transfer, "r") => "Independent replicates (own random stream each) behind the means and bands.",
            _ => "",
        }
    }

    /// The longer story behind a headline parameter, in the paper's terms (shown on demand).
    pub fn details(self, key: &str) -> Option<&'static str> {
        Some(match (self, key) {
            (ScenarioId::Loop | ScenarioId::Gauss, "ver") => "Without an external signal S the loop X → Zₜ → synthetic data → Zₜ₊₁ is a Markov chain, so by the data processing inequality I(X; Zₜ₊₁) ≤ I(X; Zₜ): task information can only fall. A verifier that knows something about X makes the loop information-open (I(X; S | Zₜ) > 0), and then I(X; Zₜ₊₁) ≤ I(X; Zₜ) + I(X; S | Zₜ).",
            (ScenarioId::Loop, "s") => "Each kept or dropped sample tells the model one noisy bit about whether it was correct. That bit carries I_inj = h(ε + (1−2ε)a) − h(ε) bits about X (a the model's accuracy, h binary entropy): zero at s = 0, largest when the model is unsure. The 'injected bits' budget on the first chart adds these up.",
            (ScenarioId::Loop | ScenarioId::Gauss, "kap") => "A judge that drifts with the student (it asks 'does this agree with your own answer?') is a function of Zₜ, so I(X; S | Zₜ) = 0: it carries nothing new and the loop closes again, however confident the judge looks.",
            (ScenarioId::Loop | ScenarioId::Gauss, "lam") => "Fresh real data is the simplest external signal: each real sample carries I(X; Y) bits about the task no matter what the model believes, which is why mixing some in prevents collapse.",
            (ScenarioId::Gauss, "om") => "The verifier only knows X up to its own error ω, so it can pass on at most I(X; X + ν) = ½ log₂(1 + τ²/ω²) bits: an information-open loop learns up to that ceiling and no further.",
            (ScenarioId::Budget | ScenarioId::Transfer, "c") => "The meta-level of supervision. A reward splits its information into a task-relevant part (which class the answer is in) and a within-class part (which surface form): I(Y; S | Q) = I([Y]; S | Q) + I(Y; S | [Y], Q). Binary correctness (c = 1) depends on the answer only through its class, so every bit is task-relevant (η = 1); exact-match imitation (c = 0) spends up to log₂ M bits per query on surface form.",
            (ScenarioId::Budget | ScenarioId::Transfer, "m") => "With M equally good forms, imitating one reference answer pays log₂ M bits for a choice that does not matter to the task; coarse signals ignore it, which is also why what they teach is not tied to one domain's surface form.",
            (ScenarioId::Budget, "vr") => "A fixed reference is a moving target only once: the model imitates that one form and its diversity among correct answers collapses. Fresh references keep diversity but still spend the budget on form.",
            (ScenarioId::Hacking, "rho") => "Learning converges first to the most information-efficient component of the signal. When length predicts the reward (ρ ≠ ½) and one shared length knob is far simpler than per-prompt answers, the knob is learned first: proxy reward rises while true accuracy stalls. Rebalancing the data (ρ = ½) removes the shortcut.",
            (ScenarioId::Hacking, "b") => "A biased judge rewards a feature of the answer that is not correctness. The proxy reward can then rise by learning the feature alone; true accuracy follows only the exact part of the signal.",
            (ScenarioId::Hacking, "g") => "How simple the spurious component is: one knob for all prompts (G = 1) costs a single number to learn; one per prompt (G = K) is no simpler than the answers, and the shortcut loses its head start.",
            _ => return None,
        })
    }

    /// Parameters that only matter when the toggle `key` is on: shown dimmed when it is off.
    pub fn depends_on(self, key: &str) -> Option<&'static str> {
        match (self, key) {
            (ScenarioId::Loop, "s" | "kap") => Some("ver"),
            (ScenarioId::Gauss, "s" | "om" | "kap") => Some("ver"),
            _ => None,
        }
    }

    /// A note under the charts on how to read them.
    pub fn chart_note(self) -> &'static str {
        match self {
            ScenarioId::Loop => {
                "I(X; argmax pₜ) and I(X; Yₜ) are estimates of information in a summary of the model \
                 Zₜ, so they are lower bounds on I(X; Zₜ). Bands are 95% intervals over replicates."
            }
            ScenarioId::Gauss => {
                "I(X; μₜ) is estimated over replicates with the KSG k-nearest-neighbour estimator (and \
                 from the correlation, a Gaussian lower bound). The closed form ½ log₂(1 + τ²/Vₜ) treats \
                 μₜ − X as Gaussian; it is really a mixture of Gaussians, so the closed form is a lower \
                 bound that drifts a few hundredths of a bit below the truth. Bands are 95% intervals."
            }
            ScenarioId::Budget => {
                "Bits spent KL(pₜ ‖ p₀) split exactly by the chain rule over the partition correct / \
                 wrong: task-relevant + within-class = total. Efficiency η is the task-relevant share. \
                 Bands are 95% intervals over replicates."
            }
            ScenarioId::Transfer => {
                "Out-of-domain accuracy is the generalization test: the template's accuracy in domain B \
                 is c_AB. The closed-form threshold c* is where both behaviours earn the same expected \
                 reward. Bands are 95% intervals over replicates."
            }
            ScenarioId::Hacking => {
                "Proxy reward is what the (possibly biased) judge pays; true accuracy is what the task \
                 needs. Curves are exact expectations under each step's policy; bands are 95% \
                 intervals over replicates."
            }
        }
    }

    /// One-click actions that change a single parameter and keep the rest:
    /// (button label, what it does, parameter key, value).
    pub fn actions(self) -> &'static [(&'static str, &'static str, &'static str, f64)] {
        match self {
            ScenarioId::Hacking => &[(
                "Rebalance data",
                "Set ρ = ½ and keep everything else: length no longer predicts the reward.",
                "rho",
                0.5,
            )],
            _ => &[],
        }
    }

    /// What one step of the scenario's time axis is called: "generation" for the loops (and the
    /// transfer scenario's training rounds), "step" for training under a budget or a judge.
    pub fn step_name(self) -> &'static str {
        match self {
            ScenarioId::Budget | ScenarioId::Hacking => "step",
            ScenarioId::Loop | ScenarioId::Gauss | ScenarioId::Transfer => "generation",
        }
    }

    /// The scenario's presets, in menu order.
    pub fn presets(self) -> &'static [Preset] {
        match self {
            ScenarioId::Loop => LOOP_PRESETS,
            ScenarioId::Gauss => GAUSS_PRESETS,
            ScenarioId::Budget => BUDGET_PRESETS,
            ScenarioId::Transfer => TRANSFER_PRESETS,
            ScenarioId::Hacking => HACKING_PRESETS,
        }
    }
}

/// A named starting point that makes one finding visible.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Preset {
    /// Button label.
    pub label: &'static str,
    /// What it shows, in one sentence.
    pub explanation: &'static str,
    /// Settings that differ from the scenario's defaults.
    pub settings: &'static [(&'static str, f64)],
}

const LOOP_PRESETS: &[Preset] = &[
    Preset {
        label: "Closed loop",
        explanation:
            "Trained only on its own samples, the model can only lose task information (DPI).",
        settings: &[],
    },
    Preset {
        label: "Verifier s = 0.4",
        explanation:
            "An external verifier injects bits about the answer: the loop is information-open.",
        settings: &[("ver", 1.0)],
    },
    Preset {
        label: "Coin-flip verifier",
        explanation:
            "A verifier with s = 0 is a coin flip: it keeps a random half and adds nothing.",
        settings: &[("ver", 1.0), ("s", 0.0)],
    },
    Preset {
        label: "Self-judge κ = 1",
        explanation:
            "A judge that checks agreement with the student's own mode carries nothing new.",
        settings: &[("ver", 1.0), ("kap", 1.0)],
    },
    Preset {
        label: "Fresh data λ = ¼",
        explanation: "A quarter of each generation is fresh real data, an external signal.",
        settings: &[("lam", 0.25)],
    },
];

const GAUSS_PRESETS: &[Preset] = &[
    Preset {
        label: "Closed loop",
        explanation:
            "Refit on its own samples, the Gaussian forgets X along the closed-form curve.",
        settings: &[],
    },
    Preset {
        label: "Sharp verifier ω = 0.1",
        explanation:
            "A verifier with small error injects information up to its ceiling ½ log₂(1 + τ²/ω²).",
        settings: &[("ver", 1.0)],
    },
    Preset {
        label: "Noisy verifier ω = 1",
        explanation:
            "A verifier is only as good as its own estimate: ω = τ caps the loop at ½ bit.",
        settings: &[("ver", 1.0), ("om", 1.0)],
    },
    Preset {
        label: "Self-anchored κ = 1",
        explanation:
            "A verifier centred on the student's own mean freezes it: nothing new is learned.",
        settings: &[("ver", 1.0), ("kap", 1.0)],
    },
    Preset {
        label: "Fresh data λ = ¼",
        explanation: "A quarter of each generation is fresh real data: an external signal.",
        settings: &[("lam", 0.25)],
    },
];

const BUDGET_PRESETS: &[Preset] = &[
    Preset {
        label: "Binary correctness",
        explanation: "c = 1: every bit goes to the task; the same speed for any number of forms, full diversity.",
        settings: &[],
    },
    Preset {
        label: "Varied references",
        explanation: "c = 0 with a fresh reference each step: bits go to surface form, learning slows as M grows.",
        settings: &[("c", 0.0)],
    },
    Preset {
        label: "One fixed reference",
        explanation: "c = 0 imitating one reference answer: diversity collapses to a single form.",
        settings: &[("c", 0.0), ("vr", 0.0)],
    },
    Preset {
        label: "Rubric c = ½",
        explanation: "Half correctness, half exact match: part of every step is spent on surface form.",
        settings: &[("c", 0.5)],
    },
    Preset {
        label: "Noisy verifier s = 0.6",
        explanation: "Verifier noise also spends the budget on within-class drift, even for binary correctness.",
        settings: &[("s", 0.6)],
    },
];

const TRANSFER_PRESETS: &[Preset] = &[
    Preset {
        label: "Binary correctness",
        explanation: "c = 1: the reward ignores surface form; the general solver wins and transfers.",
        settings: &[],
    },
    Preset {
        label: "Exact reference",
        explanation: "c = 0: the template always matches the reference form and wins, then fails out of domain.",
        settings: &[("c", 0.0)],
    },
    Preset {
        label: "Rubric c = ½",
        explanation: "Half correctness, half exact match: below the closed-form threshold c* (computed below), the template still wins.",
        settings: &[("c", 0.5)],
    },
    Preset {
        label: "Many forms M = 16",
        explanation: "With c = 0, more acceptable forms make exact matching even less informative.",
        settings: &[("c", 0.0), ("m", 16.0)],
    },
    Preset {
        label: "Coin-flip verifier",
        explanation: "s = 0: the reward is a coin, nothing is learned, the policy drifts around ½.",
        settings: &[("s", 0.0)],
    },
];

const HACKING_PRESETS: &[Preset] = &[
    Preset {
        label: "Length hack ρ = 0.8",
        explanation: "Most correct answers are long: one shared length knob wins, source B falls below chance.",
        settings: &[],
    },
    Preset {
        label: "Rebalanced ρ = ½",
        explanation: "Decorrelate length from reward: the shortcut carries no information and answers are learned.",
        settings: &[("rho", 0.5)],
    },
    Preset {
        label: "Biased judge b = 0.3",
        explanation: "A judge that likes long answers: proxy reward rises while true accuracy stalls.",
        settings: &[("rho", 0.5), ("b", 0.3)],
    },
    Preset {
        label: "No shortcut G = K",
        explanation: "One length knob per prompt is no simpler than the answers themselves: no hack.",
        settings: &[("g", 32.0)],
    },
];

/// A run in progress of whichever scenario is active (one at a time, so the variants' sizes
/// do not matter).
#[derive(Clone, Debug)]
#[allow(clippy::large_enum_variant)]
pub enum AnySim {
    /// Scenario A.
    Loop(LoopSim),
    /// Scenario B.
    Gauss(GaussSim),
    /// Scenario C.
    Budget(BudgetSim),
    /// Scenario D.
    Transfer(TransferSim),
    /// Scenario E.
    Hacking(HackingSim),
    /// F: a sweep over two parameters of a scenario.
    Sweep(SweepSim),
}

impl AnySim {
    /// Starts the run the state describes (its active scenario, parameters and seed).
    pub fn new(state: &ShareState) -> Self {
        if state.sweep_on {
            return AnySim::Sweep(SweepSim::new(state, &state.sweep));
        }
        match state.scenario {
            ScenarioId::Loop => AnySim::Loop(LoopSim::new(&state.loop_params, state.seed)),
            ScenarioId::Gauss => AnySim::Gauss(GaussSim::new(&state.gauss_params, state.seed)),
            ScenarioId::Budget => AnySim::Budget(BudgetSim::new(&state.budget_params, state.seed)),
            ScenarioId::Transfer => {
                AnySim::Transfer(TransferSim::new(&state.transfer_params, state.seed))
            }
            ScenarioId::Hacking => {
                AnySim::Hacking(HackingSim::new(&state.hacking_params, state.seed))
            }
        }
    }

    /// Advances by up to `budget` units; true when complete.
    pub fn advance(&mut self, budget: usize) -> bool {
        match self {
            AnySim::Loop(sim) => Simulation::advance(sim, budget),
            AnySim::Gauss(sim) => Simulation::advance(sim, budget),
            AnySim::Budget(sim) => Simulation::advance(sim, budget),
            AnySim::Transfer(sim) => Simulation::advance(sim, budget),
            AnySim::Hacking(sim) => Simulation::advance(sim, budget),
            AnySim::Sweep(sim) => sim.advance(budget),
        }
    }

    /// Work done and total.
    pub fn progress(&self) -> (usize, usize) {
        match self {
            AnySim::Loop(sim) => Simulation::progress(sim),
            AnySim::Gauss(sim) => Simulation::progress(sim),
            AnySim::Budget(sim) => Simulation::progress(sim),
            AnySim::Transfer(sim) => Simulation::progress(sim),
            AnySim::Hacking(sim) => Simulation::progress(sim),
            AnySim::Sweep(sim) => sim.progress(),
        }
    }

    /// Curves of the work done so far.
    pub fn finish(&self) -> AnyRun {
        match self {
            AnySim::Loop(sim) => AnyRun::Loop(Rc::new(Simulation::finish(sim))),
            AnySim::Gauss(sim) => AnyRun::Gauss(Rc::new(Simulation::finish(sim))),
            AnySim::Budget(sim) => AnyRun::Budget(Rc::new(Simulation::finish(sim))),
            AnySim::Transfer(sim) => AnyRun::Transfer(Rc::new(Simulation::finish(sim))),
            AnySim::Hacking(sim) => AnyRun::Hacking(Rc::new(Simulation::finish(sim))),
            AnySim::Sweep(sim) => AnyRun::Sweep(Rc::new(sim.finish())),
        }
    }

    /// Runs the state to completion.
    pub fn run(state: &ShareState) -> AnyRun {
        let mut sim = AnySim::new(state);
        while !sim.advance(usize::MAX) {}
        sim.finish()
    }
}

/// A finished (or partial) run of any scenario; clones share the curves.
#[derive(Clone, Debug)]
pub enum AnyRun {
    /// Scenario A.
    Loop(Rc<LoopRun>),
    /// Scenario B.
    Gauss(Rc<GaussRun>),
    /// Scenario C.
    Budget(Rc<BudgetRun>),
    /// Scenario D.
    Transfer(Rc<TransferRun>),
    /// Scenario E.
    Hacking(Rc<HackingRun>),
    /// F: a sweep's grid.
    Sweep(Rc<SweepGrid>),
}

impl PartialEq for AnyRun {
    /// Identity, not contents: cheap for yew's prop diffing; a new run is a new value.
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (AnyRun::Loop(a), AnyRun::Loop(b)) => Rc::ptr_eq(a, b),
            (AnyRun::Gauss(a), AnyRun::Gauss(b)) => Rc::ptr_eq(a, b),
            (AnyRun::Budget(a), AnyRun::Budget(b)) => Rc::ptr_eq(a, b),
            (AnyRun::Transfer(a), AnyRun::Transfer(b)) => Rc::ptr_eq(a, b),
            (AnyRun::Hacking(a), AnyRun::Hacking(b)) => Rc::ptr_eq(a, b),
            (AnyRun::Sweep(a), AnyRun::Sweep(b)) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl AnyRun {
    /// The scenario this run belongs to.
    pub fn scenario(&self) -> ScenarioId {
        match self {
            AnyRun::Loop(_) => ScenarioId::Loop,
            AnyRun::Gauss(_) => ScenarioId::Gauss,
            AnyRun::Budget(_) => ScenarioId::Budget,
            AnyRun::Transfer(_) => ScenarioId::Transfer,
            AnyRun::Hacking(_) => ScenarioId::Hacking,
            AnyRun::Sweep(grid) => grid.spec.base,
        }
    }

    /// The last generation (or step) of a run over time; `None` for a sweep.
    pub fn last_step(&self) -> Option<usize> {
        let len = match self {
            AnyRun::Loop(run) => run.len(),
            AnyRun::Gauss(run) => run.len(),
            AnyRun::Budget(run) => run.len(),
            AnyRun::Transfer(run) => run.len(),
            AnyRun::Hacking(run) => run.len(),
            AnyRun::Sweep(_) => return None,
        };
        Some(len.saturating_sub(1))
    }

    /// The x position (generation) of each point when the run did not record every generation
    /// (a very long loop keeps every k-th); `None` when point `i` is generation `i`.
    pub fn x_values(&self) -> Option<Rc<[f64]>> {
        match self {
            AnyRun::Loop(run) if !run.is_every_generation() => {
                Some(run.generations.iter().map(|&g| g as f64).collect())
            }
            _ => None,
        }
    }

    /// The generation (or step) of point `index`.
    pub fn x_of(&self, index: usize) -> usize {
        match self {
            AnyRun::Loop(run) => run.generations.get(index).copied().unwrap_or(index),
            _ => index,
        }
    }

    /// The first point at or after generation `generation` (the last point if none is).
    pub fn index_of(&self, generation: usize) -> usize {
        match self {
            AnyRun::Loop(run) => run
                .generations
                .partition_point(|&g| g < generation)
                .min(run.generations.len().saturating_sub(1)),
            _ => generation,
        }
    }

    /// The run's curves.
    pub fn curves(&self) -> Vec<(String, &[f64])> {
        match self {
            AnyRun::Loop(run) => run.curves(),
            AnyRun::Gauss(run) => run.curves(),
            AnyRun::Budget(run) => run.curves(),
            AnyRun::Transfer(run) => run.curves(),
            AnyRun::Hacking(run) => run.curves(),
            AnyRun::Sweep(grid) => grid.curves(),
        }
    }

    /// Hex fingerprint of the run's curves (equal on every platform for the same link).
    pub fn fingerprint(&self) -> String {
        match self {
            AnyRun::Loop(run) => run.fingerprint(),
            AnyRun::Gauss(run) => run.fingerprint(),
            AnyRun::Budget(run) => run.fingerprint(),
            AnyRun::Transfer(run) => run.fingerprint(),
            AnyRun::Hacking(run) => run.fingerprint(),
            AnyRun::Sweep(grid) => grid.fingerprint(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_parameter_has_an_explanation_and_exactly_one_group() {
        for id in ScenarioId::ALL {
            for spec in id.specs() {
                assert!(
                    !id.explanation(spec.key).is_empty(),
                    "{:?} {}",
                    id,
                    spec.key
                );
                let n = id
                    .groups()
                    .iter()
                    .filter(|(_, keys)| keys.contains(&spec.key))
                    .count();
                assert_eq!(n, 1, "{:?} {} in {n} groups", id, spec.key);
            }
            for (_, keys) in id.groups() {
                for key in keys.iter() {
                    assert!(id.specs().iter().any(|s| s.key == *key), "{:?} {key}", id);
                }
            }
        }
    }

    #[test]
    fn preset_settings_name_real_parameters_within_range() {
        for id in ScenarioId::ALL {
            assert!(!id.presets().is_empty());
            for preset in id.presets() {
                for (key, value) in preset.settings {
                    let spec = id.specs().iter().find(|s| s.key == *key).expect(key);
                    assert_eq!(
                        spec.validate(*value).value(),
                        *value,
                        "{} {key}",
                        preset.label
                    );
                }
            }
        }
    }

    #[test]
    fn keys_round_trip() {
        for id in ScenarioId::ALL {
            assert_eq!(ScenarioId::from_key(id.key()), Some(id));
        }
        assert_eq!(ScenarioId::from_key("nope"), None);
    }
}
