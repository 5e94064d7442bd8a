//! Scenario D, coarse signals generalize (DESIGN.md, scenario D): a policy trained by policy
//! gradient on domain A picks the general solver under a coarse (correctness) reward, which
//! works in a new domain B too, and a domain template under an instance-level (exact-reference)
//! reward, which does not transfer; the switch sits at a closed-form threshold `c*`. This folder
//! is the whole scenario: its parameters (`params.rs`), its simulation (`model.rs`), its charts,
//! captions and readouts (`charts.rs`), and here its texts, presets and registry entry
//! [`Transfer`].

mod charts;
mod model;
mod params;

pub use model::*;
pub use params::TransferParams;

use crate::scenario::chart::Chart;
use crate::scenario::format::num;
use crate::scenario::{
    Info, Model, Pipeline, Preset, Readout, Supervision, SweepDefault, SweepMark, Verdict,
};

/// Scenario D's registry entry.
pub struct Transfer;

impl Model for Transfer {
    type Params = TransferParams;
    type Sim = TransferSim;
    type Run = TransferRun;

    const INFO: Info = Info {
        key: "transfer",
        label: "D · Coarse signals generalize",
        summary: "Rewarding correctness picks the general solver, which works in a new domain \
                  too; rewarding the exact reference answer picks a domain template that does \
                  not transfer.",
        step_name: "generation",
        chart_note: "Out-of-domain accuracy is the generalization test: the template's accuracy \
                     in domain B is c(B). The closed-form threshold c* is where both behaviours \
                     earn the same expected reward. Bands are 95% intervals over replicates.",
        comparison: Some("Exact reference"),
        headline: &["c", "s"],
    };

    /// The page's default sweep (DESIGN.md F): verifier strength × coarseness on the final
    /// out-of-domain accuracy.
    const SWEEP: SweepDefault = SweepDefault {
        x: "s",
        y: "c",
        metric: "accuracy_out_of_domain",
        resolution: 32,
    };

    const LABELS: &'static [(&'static str, &'static str)] = &[
        ("expected_reward", "expected reward"),
        ("eta", "efficiency η"),
        ("reward_solver", "R(solver), the solver’s expected reward"),
        (
            "reward_template",
            "R(template), the template’s expected reward",
        ),
    ];

    const PIPELINES: &'static [Pipeline] = &[
        Pipeline {
            rank: 7,
            method: "RLVR: reward from a verifiable answer",
            verdict: Verdict::Open,
            supervision: Supervision::High,
            why: "The reward depends on the answer only through its class (correct or not), so η = 1; what it teaches, the general solver, is not tied to one domain's surface form and transfers.",
            preset: "Binary correctness",
        },
        Pipeline {
            rank: 9,
            method: "A fixed rubric judge",
            verdict: Verdict::Open,
            supervision: Supervision::Mixed,
            why: "Part of every reward is exact-match credit on the reference form: below the threshold c* the template still earns more, and what is learned does not transfer.",
            preset: "Rubric c = ½",
        },
    ];

    /// The threshold c* where both behaviours earn the same reward, on a coarseness axis.
    fn sweep_marks(params: &TransferParams) -> Vec<SweepMark> {
        params
            .threshold()
            .value()
            .map(|c| SweepMark {
                key: "c",
                value: c,
                label: format!("c* = {} (closed form): the template wins below", num(c)),
            })
            .into_iter()
            .collect()
    }

    fn presets() -> &'static [Preset] {
        PRESETS
    }

    fn charts() -> &'static [Chart<TransferRun>] {
        charts::CHARTS
    }

    fn readouts(run: &TransferRun, step: Option<usize>) -> Vec<Readout> {
        charts::readouts(run, step)
    }
}

const PRESETS: &[Preset] = &[
    Preset {
        label: "Binary correctness",
        explanation:
            "c = 1: the reward ignores surface form; the general solver wins and transfers.",
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
