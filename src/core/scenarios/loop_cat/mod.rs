//! Scenario A, open vs closed loops (DESIGN.md, scenario A): a categorical model refit on its
//! own samples loses task information (the data processing inequality); a verifier or fresh
//! data opens the loop. This folder is the whole scenario: its parameters (`params.rs`), its
//! simulation (`model.rs`), its charts, captions and readouts (`charts.rs`), and here its texts,
//! presets and registry entry [`Loop`].

mod charts;
mod draws;
pub mod heterozygosity;
mod model;
mod params;

pub use model::*;
pub use params::LoopParams;

use crate::random::stream::Engine;
use crate::scenario::chart::Chart;
use crate::scenario::{Info, Model, Pipeline, Preset, Readout, Supervision, SweepDefault, Verdict};

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
        headline: &["s", "kap"],
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

    const PIPELINES: &'static [Pipeline] = &[
        Pipeline {
            rank: 1,
            method: "Self-training on the model's own samples",
            verdict: Verdict::Closed,
            supervision: Supervision::None,
            why: "No external signal: X → Zₜ → samples → Zₜ₊₁ is a Markov chain, so I(X; S | Zₜ) = 0 and by the data processing inequality task information can only fall.",
            preset: "Closed loop",
        },
        Pipeline {
            rank: 2,
            method: "A self-judge or majority vote",
            verdict: Verdict::Closed,
            supervision: Supervision::None,
            why: "The judge asks whether an answer agrees with the student's own, so it is a function of Zₜ: I(X; S | Zₜ) = 0. It sharpens confidence, not task information.",
            preset: "Self-judge κ = 1",
        },
        Pipeline {
            rank: 5,
            method: "Mixing in fresh real data",
            verdict: Verdict::Open,
            supervision: Supervision::Instance,
            why: "Each real sample carries I(X; Y) > 0 bits about the task whatever the model believes: an external signal that does not drift with the student.",
            preset: "Fresh data λ = ¼",
        },
        Pipeline {
            rank: 6,
            method: "Rejection sampling with an external check (RFT, STaR)",
            verdict: Verdict::Open,
            supervision: Supervision::High,
            why: "A verdict on correctness comes from outside the model, so I(X; S | Zₜ) > 0; it depends on the answer only through its class (correct or not), so every bit is task-relevant.",
            preset: "Verifier s = 0.4",
        },
        Pipeline {
            rank: 8,
            method: "Unit tests or a proof checker",
            verdict: Verdict::Open,
            supervision: Supervision::High,
            why: "An exact binary check: the most a verdict can carry (1 bit of capacity), none of it about surface form.",
            preset: "Exact checker s = 1",
        },
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

    /// Engine v2's per-sample draws counted the ninth of nine answers as the first (`draws.rs`
    /// keeps that for its links); v3 counts it where it falls.
    fn engine_defect(params: &LoopParams, engine: Engine) -> Option<&'static str> {
        (engine == Engine::V2 && params.v2_miscounts_the_ninth_answer()).then_some(
            "Engine v2 counted the ninth answer's samples as the first answer's; v3 corrects it.",
        )
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
        label: "Exact checker s = 1",
        explanation:
            "A verifier that never errs (unit tests, a proof checker): the most a verdict can carry.",
        settings: &[("ver", 1.0), ("s", 1.0)],
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
