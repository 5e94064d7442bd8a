//! Scenario G, real text (DESIGN.md, scenario G): a character n-gram language model trained on
//! real English words, then on its own samples; closed, with a dictionary verifier, with fresh
//! real words, replacing or accumulating its data. This folder is the whole scenario: the words
//! ([`corpus`], from `static/words-en.txt`), the model ([`ngram`], [`exact`]), its parameters
//! (`params.rs`), the simulation (`model.rs`), its charts, captions and readouts (`charts.rs`),
//! and here its texts, presets and registry entry [`Text`].

mod charts;
pub mod corpus;
pub mod exact;
mod model;
pub mod ngram;
mod params;

pub use model::*;

use crate::random::stream::Engine;
use crate::scenario::chart::Chart;
use crate::scenario::params::Params;
use crate::scenario::{Info, Model, Preset, Readout, Simulation, SweepDefault};
use core::ops::Range;
use std::sync::Arc;

/// Scenario G's registry entry.
pub struct Text;

/// A run of G on the shared corpus ([`corpus::shared`]); without it (the page has not loaded the
/// word list yet) an empty run that is done at once, which the page never shows: it loads the
/// file first (`Model::asset_ready`).
#[derive(Clone, Debug)]
pub struct TextJob {
    sim: Option<TextSim>,
    params: TextParams,
    seed: u64,
}

/// The shared corpus's evaluators, by order (2 to 5), built on first use: the corpus never
/// changes once installed, and an evaluator depends on it and the order only.
static EVALUATORS: [std::sync::OnceLock<exact::ExactSums>; 4] =
    [const { std::sync::OnceLock::new() }; 4];

impl TextJob {
    /// The shared corpus and its evaluator for `params`' order, if the corpus is installed.
    fn inputs(params: &TextParams) -> Option<(Arc<Corpus>, exact::ExactSums)> {
        corpus::shared().map(|c| {
            let order = params.clamped().order;
            let exact = EVALUATORS[order - 2].get_or_init(|| evaluator(&c, order));
            (c, exact.clone())
        })
    }
}

impl Simulation for TextJob {
    type Params = TextParams;
    type Run = TextRun;
    type Tally = TextTally;

    fn replicates(params: &TextParams) -> usize {
        params.clamped().n_replicates
    }

    fn total_units(params: &TextParams) -> usize {
        let p = params.clamped();
        p.n_replicates * (p.n_generations + 1)
    }

    fn for_replicates(
        params: &TextParams,
        seed: u64,
        engine: Engine,
        replicates: Range<usize>,
    ) -> Self {
        TextJob {
            sim: Self::inputs(params).map(|(c, exact)| {
                TextSim::for_replicates(params, seed, engine, replicates, c, exact)
            }),
            params: params.clone(),
            seed,
        }
    }

    fn resume(params: &TextParams, seed: u64, engine: Engine, tally: TextTally) -> Self {
        TextJob {
            sim: Self::inputs(params)
                .map(|(c, exact)| TextSim::resume(params, seed, engine, tally, c, exact)),
            params: params.clone(),
            seed,
        }
    }

    fn advance(&mut self, budget: usize) -> bool {
        self.sim.as_mut().is_none_or(|s| s.advance(budget))
    }

    fn progress(&self) -> (usize, usize) {
        self.sim.as_ref().map_or((0, 0), TextSim::progress)
    }

    fn finish(&self) -> TextRun {
        match &self.sim {
            Some(sim) => sim.finish(),
            None => TextRun::empty(&self.params, self.seed),
        }
    }

    fn tally(&self) -> TextTally {
        match &self.sim {
            Some(sim) => sim.tally(),
            None => TextTally::new(&self.params),
        }
    }
}

impl Model for Text {
    type Params = TextParams;
    type Sim = TextJob;
    type Run = TextRun;

    const INFO: Info = Info {
        key: "text",
        label: "G · Real text",
        summary: "A small language model of real English words, trained again and again on \
                  its own output: its real-word quality and coverage decay; a dictionary check \
                  or fresh real words change what it keeps.",
        step_name: "generation",
        chart_note: "A character n-gram model (order n, additive smoothing) of the 25 000 most \
                     frequent English words (wordfreq 3.1.1, CC BY-SA 4.0). Held-out \
                     cross-entropy and the word masses are exact sums over the vocabulary; the \
                     real-word share, distinct words and word entropy are estimates from the N \
                     strings drawn. Bands are 95% intervals over replicates.",
        comparison: Some("Dictionary verifier"),
        headline: &["s", "lam"],
    };

    const SWEEP: SweepDefault = SweepDefault {
        x: "s",
        y: "lam",
        metric: "heldout_bits_per_char",
        resolution: 6,
    };

    const ASSET: Option<&'static str> = Some(corpus::FILE);

    fn asset_ready() -> bool {
        corpus::shared().is_some()
    }

    fn install_asset(text: &str) -> Result<(), String> {
        corpus::install(text).map_err(|e| e.to_string())
    }

    const LABELS: &'static [(&'static str, &'static str)] =
        &[("acceptance_rate", "share accepted by the dictionary")];

    fn presets() -> &'static [Preset] {
        PRESETS
    }

    fn charts() -> &'static [Chart<TextRun>] {
        charts::CHARTS
    }

    fn readouts(run: &TextRun, step: Option<usize>) -> Vec<Readout> {
        charts::readouts(run, step)
    }
}

/// G's presets, in menu order.
pub const PRESETS: &[Preset] = &[
    Preset {
        label: "Closed loop",
        explanation: "Trained only on its own samples: quality on real words and coverage of the vocabulary decay.",
        settings: &[],
    },
    Preset {
        label: "Dictionary verifier",
        explanation: "Keep only the strings a dictionary accepts (binary correctness): correctness, not coverage.",
        settings: &[("ver", 1.0)],
    },
    Preset {
        label: "Fresh data λ = ½",
        explanation: "Half of each generation is fresh real words: the model stays close to real text.",
        settings: &[("lam", 0.5)],
    },
    Preset {
        label: "Accumulate",
        explanation: "Train on all data so far (Gerstgrasser et al. 2024): coverage is kept, quality still drifts.",
        settings: &[("acc", 1.0)],
    },
    Preset {
        label: "Verifier + accumulate",
        explanation: "A dictionary check on data that accumulates: correct words, and a vocabulary that stays.",
        settings: &[("ver", 1.0), ("acc", 1.0)],
    },
];

/// The parameters of the preset whose label starts with `name` (any case), if there is one.
pub fn preset(name: &str) -> Option<TextParams> {
    let name = name.to_lowercase();
    let preset = PRESETS
        .iter()
        .find(|p| p.label.to_lowercase().starts_with(&name))?;
    let mut p = TextParams::default();
    for &(key, value) in preset.settings {
        p.set(key, value);
    }
    Some(p)
}

/// The shared corpus (for callers that need it whole).
pub fn corpus() -> Option<Arc<Corpus>> {
    corpus::shared()
}
