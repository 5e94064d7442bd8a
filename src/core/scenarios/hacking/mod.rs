//! Scenario E, reward hacking (DESIGN.md, scenario E): learning takes the most
//! information-efficient component of the signal first, so when a simple spurious feature
//! (length) correlates with reward, a shared length knob is learned before the per-prompt answers
//! and the proxy reward rises while true accuracy stalls; rebalancing the data removes the
//! shortcut. This folder is the whole scenario: its parameters (`params.rs`), its simulation
//! (`model.rs`), its charts, captions and readouts (`charts.rs`), and here its texts, presets,
//! the "Rebalance data" action and its registry entry [`Hacking`].

mod charts;
mod model;
mod params;

pub use model::*;
pub use params::HackingParams;

use crate::scenario::chart::Chart;
use crate::scenario::{
    Info, Model, Pipeline, Preset, QuickAction, Readout, Supervision, SweepDefault, Verdict,
};

/// Scenario E's registry entry.
pub struct Hacking;

impl Model for Hacking {
    type Params = HackingParams;
    type Sim = HackingSim;
    type Run = HackingRun;

    const INFO: Info = Info {
        key: "hacking",
        label: "E · Reward hacking",
        summary: "Learning takes the most information-efficient component of the signal first: \
                  when a simple spurious feature (length) correlates with reward, it is learned \
                  before the answers, and the prompts whose correct answer is short fall below \
                  chance; under a judge biased toward length, proxy reward rises while true \
                  accuracy stalls. Rebalancing the data removes the shortcut.",
        step_name: "step",
        chart_note: "Proxy reward is what the (possibly biased) judge pays; true accuracy is what \
                     the task needs. Curves are exact expectations under each step's policy; \
                     bands are 95% intervals over replicates.",
        comparison: Some("Rebalanced ρ = ½"),
        headline: &["rho", "b"],
    };

    const SWEEP: SweepDefault = SweepDefault {
        x: "rho",
        y: "g",
        metric: "accuracy",
        resolution: 12,
    };

    const LABELS: &'static [(&'static str, &'static str)] = &[("length_weight", "length knob w")];

    const PIPELINES: &'static [Pipeline] = &[
        Pipeline {
            rank: 10,
            method: "A learned reward model with a length bias",
            verdict: Verdict::Open,
            supervision: Supervision::Mixed,
            why: "The judge's bias toward long answers is the simplest, most information-efficient component of its signal, so it is learned first: proxy reward rises while true accuracy stalls.",
            preset: "Biased judge b = 0.3",
        },
    ];

    fn presets() -> &'static [Preset] {
        PRESETS
    }

    fn charts() -> &'static [Chart<HackingRun>] {
        charts::CHARTS
    }

    fn readouts(run: &HackingRun, step: Option<usize>) -> Vec<Readout> {
        charts::readouts(run, step)
    }

    fn actions() -> &'static [QuickAction] {
        ACTIONS
    }
}

const PRESETS: &[Preset] = &[
    Preset {
        label: "Length hack ρ = 0.8",
        explanation: "Most correct answers are long: one shared length knob wins, source B falls \
                      below chance.",
        settings: &[],
    },
    Preset {
        label: "Rebalanced ρ = ½",
        explanation: "Decorrelate length from reward: the shortcut carries no information and \
                      answers are learned.",
        settings: &[("rho", 0.5)],
    },
    Preset {
        label: "Biased judge b = 0.3",
        explanation: "A judge that likes long answers: proxy reward rises while true accuracy \
                      stalls.",
        settings: &[("rho", 0.5), ("b", 0.3)],
    },
    Preset {
        label: "No shortcut G = K",
        explanation: "One length knob per prompt is no simpler than the answers themselves: no \
                      hack.",
        settings: &[("g", 32.0)],
    },
];

const ACTIONS: &[QuickAction] = &[QuickAction {
    label: "Rebalance data",
    title: "Set ρ = ½ and keep everything else: length no longer predicts the reward.",
    key: "rho",
    value: 0.5,
}];

#[cfg(test)]
mod tests {
    use crate::link::{parse_query, to_query};

    /// `V` travels as `nv`; a second `v=` is the link version repeated, as it always was, so an
    /// old link that tried to set `V` that way still opens the default `V` with one note.
    #[test]
    fn the_candidates_key_is_not_the_link_version() {
        let (state, notes) = parse_query("v=1&sc=hacking&nv=5");
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(state.run.get("nv"), Some(5.0));
        assert_eq!(to_query(&state), "v=1&sc=hacking&nv=5");
        let (old, notes) = parse_query("v=1&sc=hacking&v=5");
        assert_eq!((old.run.get("nv"), notes.len()), (Some(8.0), 1));
    }
}
