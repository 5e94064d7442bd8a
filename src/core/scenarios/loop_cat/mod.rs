//! Scenario A, open vs closed loops (DESIGN.md, scenario A): a categorical model refit on its
//! own samples loses task information (the data processing inequality); a verifier or fresh
//! data opens the loop. This folder is the whole scenario: its parameters (`params.rs`), its
//! simulation (`model.rs`), its charts, captions and readouts (`charts.rs`), and here its texts,
//! presets and registry entry [`Loop`].

mod charts;
pub mod heterozygosity;
mod model;
mod params;

pub use model::*;
pub use params::LoopParams;

use crate::scenario::chart::Chart;
use crate::scenario::{Info, Model, Preset, Readout, SweepDefault};

/// Scenario A's registry entry.
pub struct Loop;

impl Model for Loop {
    type Params = LoopParams;
    type Sim = LoopSim;
    type Run = LoopRun;

    const INFO: Info = Info {
        key: "loop",
        label: "A · Open vs closed loops",
        summary: "A model refit on its own samples can only lose task information (the data \
                  processing inequality); a verifier or fresh data opens the loop.",
        step_name: "generation",
        chart_note: "I(X; argmax pₜ) and I(X; Yₜ) are estimates of information in a summary of \
                     the model Zₜ, so they are lower bounds on I(X; Zₜ). Bands are 95% \
                     intervals over replicates.",
        comparison: Some("Verifier s = 0.4"),
    };

    const SWEEP: SweepDefault = SweepDefault {
        x: "s",
        y: "lam",
        metric: "info_argmax_bits",
        resolution: 16,
    };

    const BENCH: &'static [(&'static str, &'static str)] = &[
        ("verifier s=0.4", "ver=1&s=0.4"),
        ("large R=5000 T=100 N=1024", "r=5000&t=100&n=1024"),
    ];

    const LABELS: &'static [(&'static str, &'static str)] = &[
        (
            "info_argmax_plugin_bits",
            "I(X; argmax pₜ), plug-in estimate",
        ),
        (
            "open_bound_bits",
            "I(X; Z₀) + injected bits, capped at log₂ V",
        ),
        ("acceptance_rate", "share accepted by the verifier"),
        (
            "injected_bits_per_sample",
            "injected bits per verified sample",
        ),
        ("injected_bits_total", "injected bits in total"),
    ];

    fn presets() -> &'static [Preset] {
        PRESETS
    }

    fn charts() -> &'static [Chart<LoopRun>] {
        charts::CHARTS
    }

    fn readouts(run: &LoopRun, step: Option<usize>) -> Vec<Readout> {
        charts::readouts(run, step)
    }
}

const PRESETS: &[Preset] = &[
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
