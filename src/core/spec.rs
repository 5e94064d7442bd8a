//! A run specification: which scenario, its parameter values (validated, in table order) and
//! the seed. Everything that runs anything (the page, a sweep cell, a pinned comparison, the
//! command line, a benchmark) starts from one; the share link holds one.

use crate::registry;
use crate::scenario::params::{self, ParamSpec, Validated};
use crate::scenario::{Job, Preset, Run, ScenarioRef};

/// Seed used when a link has none.
pub const DEFAULT_SEED: u64 = 1;

/// Scenario, parameters and seed: a run is a pure function of this.
#[derive(Clone, Debug, PartialEq)]
pub struct RunSpec {
    /// The scenario.
    pub scenario: ScenarioRef,
    /// Its parameter values in table order, each within its row's range.
    values: Vec<f64>,
    /// The seed.
    pub seed: u64,
}

impl Default for RunSpec {
    fn default() -> Self {
        RunSpec::new(registry::default())
    }
}

impl RunSpec {
    /// `scenario` with every parameter at its default and the default seed.
    pub fn new(scenario: ScenarioRef) -> Self {
        RunSpec {
            scenario,
            values: scenario.params().iter().map(|s| s.default).collect(),
            seed: DEFAULT_SEED,
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

    /// The values in table order.
    pub fn values(&self) -> &[f64] {
        &self.values
    }

    /// Every parameter back to its default (the seed is kept).
    pub fn reset_params(&mut self) {
        let seed = self.seed;
        *self = RunSpec {
            seed,
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
        self.scenario.0.start(&self.values, self.seed)
    }

    /// Runs to completion.
    pub fn run(&self) -> Run {
        let mut job = self.start();
        while !job.advance(usize::MAX) {}
        job.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
