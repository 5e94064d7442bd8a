//! A run specification: which scenario, its parameter values (validated, in table order), the
//! seed and the randomness engine. Everything that runs anything (the page, a sweep cell, a
//! pinned comparison, the command line, a benchmark) starts from one; the share link holds one.

use crate::random::stream::Engine;
use crate::registry;
use crate::scenario::params::{self, ParamSpec, Validated};
use crate::scenario::{BlockError, Job, Preset, Run, ScenarioRef};
use core::ops::Range;

/// Seed used when a link has none.
pub const DEFAULT_SEED: u64 = 1;

/// Scenario, parameters, seed and engine: a run is a pure function of this.
#[derive(Clone, Debug, PartialEq)]
pub struct RunSpec {
    /// The scenario.
    pub scenario: ScenarioRef,
    /// Its parameter values in table order, each within its row's range.
    values: Vec<f64>,
    /// The seed.
    pub seed: u64,
    /// The randomness engine that computes the run (a link's `v=`): links replay on the engine
    /// they were made with; new specifications use [`Engine::LATEST`].
    pub engine: Engine,
}

impl Default for RunSpec {
    fn default() -> Self {
        RunSpec::new(registry::default())
    }
}

impl RunSpec {
    /// `scenario` with every parameter at its default, the default seed and the newest engine.
    pub fn new(scenario: ScenarioRef) -> Self {
        RunSpec {
            scenario,
            values: scenario.params().iter().map(|s| s.default).collect(),
            seed: DEFAULT_SEED,
            engine: Engine::LATEST,
        }
    }

    /// The parameter table.
    pub fn specs(&self) -> &'static [ParamSpec] {
        self.scenario.params()
    }

    /// The value of parameter `key`.
    pub fn get(&self, key: &str) -> Option<f64> {
        let i = self.specs().iter().position(|s| s.key == key)?;
        self.values.get(i).copied()
    }

    /// Validates `raw` for `key` and stores it; `None` if the scenario has no such parameter.
    pub fn set(&mut self, key: &str, raw: f64) -> Option<Validated> {
        let i = self.specs().iter().position(|s| s.key == key)?;
        let v = self.specs()[i].validate(raw);
        self.values[i] = v.value();
        Some(v)
    }

    /// What this run's engine is known to get wrong here (the link replays it as it was made;
    /// the scenario knows, [`Model::engine_defect`](crate::scenario::Model::engine_defect)).
    pub fn engine_defect(&self) -> Option<&'static str> {
        self.scenario.engine_defect(&self.values, self.engine)
    }

    /// The values in table order.
    pub fn values(&self) -> &[f64] {
        &self.values
    }

    /// Every parameter back to its default (the seed and the engine are kept).
    pub fn reset_params(&mut self) {
        let (seed, engine) = (self.seed, self.engine);
        *self = RunSpec {
            seed,
            engine,
            ..RunSpec::new(self.scenario)
        };
    }

    /// The same scenario and seed with `preset`'s settings over the defaults.
    pub fn with_preset(&self, preset: &Preset) -> RunSpec {
        let mut out = self.clone();
        out.reset_params();
        for (key, value) in preset.settings {
            out.set(key, *value);
        }
        out
    }

    /// Whether the parameters are exactly `preset`'s (the seed does not matter).
    pub fn is_preset(&self, preset: &Preset) -> bool {
        self.with_preset(preset).values == self.values
    }

    /// The preset these parameters are, if any.
    pub fn preset(&self) -> Option<&'static Preset> {
        self.scenario.presets().iter().find(|p| self.is_preset(p))
    }

    /// The parameters that differ from their defaults, as `(row, value)` in table order.
    pub fn changed(&self) -> impl Iterator<Item = (&'static ParamSpec, f64)> + '_ {
        self.specs()
            .iter()
            .zip(&self.values)
            .filter(|(s, v)| **v != s.default)
            .map(|(s, v)| (s, *v))
    }

    /// The row of `key`.
    pub fn spec(&self, key: &str) -> Option<&'static ParamSpec> {
        params::find(self.specs(), key)
    }

    /// Starts the run.
    pub fn start(&self) -> Box<dyn Job> {
        self.scenario.0.start(&self.values, self.seed, self.engine)
    }

    /// Runs to completion.
    pub fn run(&self) -> Run {
        finish(self.start())
    }

    /// The number of replicate blocks of the run (1 on engine v1; see
    /// [`blocks`](crate::scenario::blocks)).
    pub fn block_count(&self) -> usize {
        registry::block_api(self.scenario).block_count(&self.values, self.engine)
    }

    /// Computes blocks `blocks` of the run: their partial result, flat (what a worker sends).
    pub fn run_blocks(&self, blocks: Range<usize>) -> Result<Vec<f64>, BlockError> {
        registry::block_api(self.scenario).run_blocks(&self.values, self.seed, self.engine, blocks)
    }

    /// Merges partial results covering every block in order (from [`run_blocks`](Self::run_blocks)
    /// over any grouping of the blocks) into the run's job: complete, or with the work after
    /// the replicates left.
    pub fn merge_blocks(&self, partials: &[&[f64]]) -> Result<Box<dyn Job>, BlockError> {
        registry::block_api(self.scenario).merge_blocks(
            &self.values,
            self.seed,
            self.engine,
            partials,
        )
    }

    /// [`merge_blocks`](Self::merge_blocks), run to completion: the same curves as
    /// [`run`](Self::run), bit for bit.
    pub fn run_merged(&self, partials: &[&[f64]]) -> Result<Run, BlockError> {
        self.merge_blocks(partials).map(finish)
    }
}

/// Runs a job to completion.
fn finish(mut job: Box<dyn Job>) -> Run {
    while !job.advance(usize::MAX) {}
    job.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Engine v2 is known to be wrong for scenario A with nine answers where a draw goes sample
    /// by sample (at most 64 samples), and nowhere else.
    #[test]
    fn only_engine_v2_with_nine_answers_drawn_per_sample_has_a_known_defect() {
        use crate::link::parse_query;
        let defect = |q: &str| parse_query(q).0.run.engine_defect().is_some();
        assert!(defect("v=2&k=9") && defect("v=2&k=9&ver=1&n=200"));
        assert!(defect("v=2&k=9&n0=100&n=100&lam=0.25"));
        assert!(!defect("v=2&k=9&n0=100&n=100"));
        assert!(!defect("v=3&k=9") && !defect("v=1&k=9") && !defect("v=2&k=8"));
        assert!(!defect("v=2&sc=budget") && !defect("v=2"));
    }

    #[test]
    fn setting_validates_and_reset_keeps_the_seed() {
        for scenario in registry::all() {
            let mut spec = RunSpec::new(scenario);
            spec.seed = 9;
            let first = spec.specs()[0];
            assert!(spec.set(first.key, f64::INFINITY).is_some());
            assert_eq!(spec.get(first.key), Some(first.max));
            assert!(spec.set("no such key", 1.0).is_none());
            spec.reset_params();
            assert_eq!((spec.seed, spec.changed().count()), (9, 0));
        }
    }
}
