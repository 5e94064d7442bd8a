//! Scenario C, bits spent vs bits that matter (DESIGN.md, scenario C): under a fixed
//! information budget per step, binary correctness spends every bit on the task, while
//! imitating a reference answer spends bits on surface form and loses diversity. This folder is
//! the whole scenario: its parameters (`params.rs`), its simulation (`model.rs`), its charts,
//! captions and readouts (`charts.rs`), and here its texts, presets and registry entry
//! [`Budget`].

mod charts;
mod model;
mod params;

pub use model::*;
pub use params::BudgetParams;

use crate::scenario::chart::Chart;
use crate::scenario::{Info, Model, Pipeline, Preset, Readout, Supervision, SweepDefault, Verdict};

/// Scenario C's registry entry.
pub struct Budget;

impl Model for Budget {
    type Params = BudgetParams;
    type Sim = BudgetSim;
    type Run = BudgetRun;

    const INFO: Info = Info {
        key: "budget",
        label: "C · Bits that matter",
        summary: "With a fixed information budget per step, binary correctness spends every bit \
                  on the task; imitating one reference answer spends bits on surface form and \
                  loses diversity.",
        step_name: "step",
        chart_note: "Bits spent KL(pₜ ‖ p₀) split exactly by the chain rule over the partition \
                     correct / wrong: task-relevant + within-class = total. Efficiency η is the \
                     task-relevant share. Bands are 95% intervals over replicates.",
        comparison: None,
        headline: &["c", "s"],
    };

    const SWEEP: SweepDefault = SweepDefault {
        x: "c",
        y: "m",
        metric: "task_bits",
        resolution: 16,
    };

    const LABELS: &'static [(&'static str, &'static str)] = &[
        ("step_kl_bits", "KL(pₜ₊₁ ‖ pₜ) of one step"),
        ("step_kl_max_bits", "largest KL of one step"),
        ("reached_90", "share of runs at 90% accuracy"),
    ];

    const PIPELINES: &'static [Pipeline] = &[
        Pipeline {
            rank: 3,
            method: "Supervised fine-tuning on reference answers",
            verdict: Verdict::Open,
            supervision: Supervision::Instance,
            why: "References are external, so the loop is open; but imitating one of M equally good answers spends up to log₂ M bits per query on surface form (η < 1), and diversity among correct answers collapses.",
            preset: "One fixed reference",
        },
    ];

    fn presets() -> &'static [Preset] {
        PRESETS
    }

    fn charts() -> &'static [Chart<BudgetRun>] {
        charts::CHARTS
    }

    fn readouts(run: &BudgetRun, step: Option<usize>) -> Vec<Readout> {
        charts::readouts(run, step)
    }
}

const PRESETS: &[Preset] = &[
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
