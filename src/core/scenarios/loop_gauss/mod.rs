//! Scenario B, the Gaussian loop (DESIGN.md, scenario B): the classic variance collapse, with a
//! closed form. A Gaussian refit on its own samples forgets the task parameter X at a rate the
//! closed form gives; a verifier with its own error ω opens the loop, up to ½ log₂(1 + τ²/ω²)
//! bits and no more. This folder is the whole scenario: its parameters (`params.rs`), its
//! simulation (`model.rs`), its charts, captions and readouts (`charts.rs`), and here its texts,
//! presets and registry entry [`Gauss`].

mod charts;
mod model;
mod params;

pub use model::*;
pub use params::GaussParams;

use crate::scenario::chart::Chart;
use crate::scenario::{Info, Model, Pipeline, Preset, Readout, Supervision, SweepDefault, Verdict};

/// Scenario B's registry entry.
pub struct Gauss;

impl Model for Gauss {
    type Params = GaussParams;
    type Sim = GaussSim;
    type Run = GaussRun;

    const INFO: Info = Info {
        key: "gauss",
        label: "B · Gaussian collapse",
        summary: "The classic variance collapse: a Gaussian refit on its own samples forgets X at \
                  a rate with a closed form; a verifier with its own error ω lets it learn up to \
                  ½ log₂(1 + τ²/ω²) bits and no more.",
        step_name: "generation",
        chart_note: "I(X; μₜ) is estimated over replicates with the KSG k-nearest-neighbour \
                     estimator (and from the correlation, a Gaussian lower bound). The closed \
                     form ½ log₂(1 + τ²/Vₜ) treats μₜ − X as Gaussian; it is really a mixture of \
                     Gaussians, so the closed form is a lower bound that drifts a few hundredths \
                     of a bit below the truth. Bands are 95% intervals.",
        comparison: Some("Sharp verifier ω = 0.1"),
        headline: &["s", "om"],
    };

    const SWEEP: SweepDefault = SweepDefault {
        x: "s",
        y: "om",
        metric: "info_gauss_bits",
        resolution: 12,
    };

    const LABELS: &'static [(&'static str, &'static str)] = &[
        ("dpi_ceiling_bits", "DPI ceiling I(X; Z₀)"),
        ("model_entropy_bits", "model entropy E[½log₂(2πe σₜ²)]"),
        ("closed_form_entropy_bits", "model entropy, closed form"),
        ("acceptance_rate", "share accepted by the verifier"),
    ];

    const PIPELINES: &'static [Pipeline] = &[
        Pipeline {
            rank: 4,
            method: "Distillation from a fixed teacher",
            verdict: Verdict::Open,
            supervision: Supervision::Instance,
            why: "The teacher is fixed (it does not drift with the student), so I(X; S | Zₜ) > 0, but it passes on only what it knows: the loop rises or falls to its ceiling I(X; X + ν) = ½ log₂(1 + τ²/ω²).",
            preset: "Noisy verifier ω = 1",
        },
    ];

    fn presets() -> &'static [Preset] {
        PRESETS
    }

    fn charts() -> &'static [Chart<GaussRun>] {
        charts::CHARTS
    }

    fn readouts(run: &GaussRun, step: Option<usize>) -> Vec<Readout> {
        charts::readouts(run, step)
    }
}

const PRESETS: &[Preset] = &[
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
