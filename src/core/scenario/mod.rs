//! What a scenario is. A scenario implements [`Model`] in its own folder (model, parameters,
//! presets, captions, chart declarations) and is listed once in [`crate::registry`]; everything
//! else (the page, share links, sweeps, benchmarks, tests) reaches it through the object-safe
//! [`Scenario`] that [`Registered`] derives from the model, and through [`Run`], a finished or
//! partial run whose curves are read by name.

pub mod blocks;
pub mod chart;
pub mod format;
pub mod params;

use crate::random::stream::Engine;
pub use blocks::{BlockError, Blocked};
use blocks::{Partial, Tally};
use chart::{Chart, ChartData};
use core::any::Any;
use core::fmt::Debug;
use core::ops::Range;
use params::{ParamSpec, Params};
use std::sync::Arc;

/// The curves of a finished run, by name, in a fixed order.
pub trait Curves: Any + Debug + Send + Sync {
    /// Every curve, in a fixed order (names unique), for fingerprints and exports.
    fn curves(&self) -> Vec<(String, &[f64])>;

    /// The step (generation) of each point when the run did not record every step (a very
    /// long run keeps every k-th); `None` when point `i` is step `i`.
    fn steps(&self) -> Option<&[usize]> {
        None
    }

    /// Hex FNV-1a fingerprint of every curve's bits: equal fingerprints on two platforms mean
    /// bit-identical runs.
    fn fingerprint(&self) -> String {
        let values = self
            .curves()
            .into_iter()
            .flat_map(|(_, v)| v.iter().copied());
        format!("{:016x}", crate::estimators::series::fingerprint(values))
    }
}

/// A run in progress, computed in slices so a page can stay responsive, over a range of its
/// replicates (a block, see [`blocks`]) or resumed from the tally of all of them.
///
/// Contract: `for_replicates(p, seed, engine, range)` then `advance` until it returns true
/// computes replicates `range` (replicate `i` on stream `i` of `seed`, whatever the range) and
/// gives the same [`tally`](Simulation::tally) bit for bit however the work was sliced;
/// `finish` before that gives the curves of the work done so far. `resume` with a tally gives
/// the run those replicates add up to: its `finish` is the run's curves once its `advance`
/// (the work after the replicates, if the scenario has any) returns true. `advance(0)` does no
/// work and says whether the run is complete. Whole runs go through [`Blocked`], which splits
/// the replicates into blocks and merges their tallies in block order.
pub trait Simulation: Sized + Send + 'static {
    /// The scenario's parameters (validated: every field within its spec's range).
    type Params: Params + Send + Sync;
    /// The scenario's result.
    type Run: Curves;
    /// What a set of replicates adds up to (the accumulators a block fills).
    type Tally: Tally;

    /// The number of replicates `R` of a run.
    fn replicates(params: &Self::Params) -> usize;
    /// Units of work of a whole run, as [`progress`](Simulation::progress) counts them.
    fn total_units(params: &Self::Params) -> usize;
    /// Starts replicates `replicates` (a subrange of `0..R`) of the run seeded `seed` on
    /// `engine`.
    fn for_replicates(
        params: &Self::Params,
        seed: u64,
        engine: Engine,
        replicates: Range<usize>,
    ) -> Self;
    /// The run whose replicates add up to `tally` (all of them, or those done so far).
    fn resume(params: &Self::Params, seed: u64, engine: Engine, tally: Self::Tally) -> Self;
    /// Does up to `budget` units of work (replicates, steps); true when done.
    fn advance(&mut self, budget: usize) -> bool;
    /// Work done and total, in the units of `advance`.
    fn progress(&self) -> (usize, usize);
    /// The curves of the work done so far.
    fn finish(&self) -> Self::Run;
    /// What the replicates done so far add up to.
    fn tally(&self) -> Self::Tally;

    /// Runs to completion on `engine`, in blocks (see [`Blocked`]).
    fn run(params: &Self::Params, seed: u64, engine: Engine) -> Self::Run {
        Blocked::<Self>::run(params, seed, engine)
    }
}

/// Implements [`Simulation`] for a scenario's run-in-progress type through its inherent
/// `replicates`, `total_units`, `for_replicates`, `resume`, `advance`, `progress`, `finish` and
/// `tally` (which keep their own documentation and stay callable without the trait in scope):
/// `simulation_by_inherent!(LoopSim, LoopParams, LoopRun, LoopTally);`.
macro_rules! simulation_by_inherent {
    ($sim:ident, $params:ty, $run:ty, $tally:ty) => {
        impl $crate::scenario::Simulation for $sim {
            type Params = $params;
            type Run = $run;
            type Tally = $tally;

            fn replicates(params: &$params) -> usize {
                $sim::replicates(params)
            }

            fn total_units(params: &$params) -> usize {
                $sim::total_units(params)
            }

            fn for_replicates(
                params: &$params,
                seed: u64,
                engine: $crate::random::stream::Engine,
                replicates: core::ops::Range<usize>,
            ) -> Self {
                $sim::for_replicates(params, seed, engine, replicates)
            }

            fn resume(
                params: &$params,
                seed: u64,
                engine: $crate::random::stream::Engine,
                tally: $tally,
            ) -> Self {
                $sim::resume(params, seed, engine, tally)
            }

            fn advance(&mut self, budget: usize) -> bool {
                $sim::advance(self, budget)
            }

            fn progress(&self) -> (usize, usize) {
                $sim::progress(self)
            }

            fn finish(&self) -> $run {
                $sim::finish(self)
            }

            fn tally(&self) -> $tally {
                $sim::tally(self)
            }
        }
    };
}
pub(crate) use simulation_by_inherent;

/// A scenario's fixed texts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Info {
    /// Stable key in share links (`sc=`) and file names.
    pub key: &'static str,
    /// Tab label, e.g. "A · Open vs closed loops".
    pub label: &'static str,
    /// The finding it shows, in one sentence.
    pub summary: &'static str,
    /// What one step of its time axis is called ("generation", "step").
    pub step_name: &'static str,
    /// A note under the charts on how to read them.
    pub chart_note: &'static str,
    /// The preset pinned beside the untouched default view for comparison, by label.
    pub comparison: Option<&'static str>,
    /// The two headline controls shown beside the main chart (parameter keys).
    pub headline: &'static [&'static str],
}

/// Whether a pipeline's loop is information-open: does an external signal carry task
/// information beyond the current model, I(X; S | Zₜ) > 0?
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// An external signal injects task information.
    Open,
    /// Nothing beyond the model's own outputs (or a signal that drifts with it).
    Closed,
}

/// The meta-level of a pipeline's supervision.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Supervision {
    /// No supervision beyond the model's own outputs.
    None,
    /// Class-level (binary correctness): every bit is task-relevant.
    High,
    /// Instance-level (one reference answer, one teacher output): bits on surface form.
    Instance,
    /// A mix of the two (a rubric).
    Mixed,
}

/// A training pipeline of the paper's taxonomy, and the preset of this scenario that shows it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pipeline {
    /// Its place in the gallery (the paper's order).
    pub rank: u8,
    /// The method, e.g. "Rejection sampling with an external check (RFT, STaR)".
    pub method: &'static str,
    /// Open or closed.
    pub verdict: Verdict,
    /// The meta-level of its supervision.
    pub supervision: Supervision,
    /// Why, in the paper's terms, in one or two sentences.
    pub why: &'static str,
    /// The preset (by label) that shows it.
    pub preset: &'static str,
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

/// A one-click action that changes one parameter and keeps the rest.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct QuickAction {
    /// Button label.
    pub label: &'static str,
    /// What it does, in one sentence.
    pub title: &'static str,
    /// The parameter it sets.
    pub key: &'static str,
    /// The value it sets.
    pub value: f64,
}

/// What the sweep view shows first for a scenario.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SweepDefault {
    /// Parameter on the x axis.
    pub x: &'static str,
    /// Parameter on the y axis.
    pub y: &'static str,
    /// Curve whose final value colours a cell.
    pub metric: &'static str,
    /// Cells per axis.
    pub resolution: usize,
}

/// One live number shown above the charts: a name and its formatted value.
pub type Readout = (&'static str, String);

/// A scenario, written once in its folder: the typed side. [`Registered`] turns it into the
/// object-safe [`Scenario`] the registry lists.
pub trait Model: Send + Sync + 'static {
    /// Its parameters (declared with [`crate::params!`]).
    type Params: Params + Send + Sync;
    /// Its run in progress.
    type Sim: Simulation<Params = Self::Params, Run = Self::Run> + Send + 'static;
    /// Its curves.
    type Run: Curves;
    /// Fixed texts.
    const INFO: Info;
    /// What the sweep view shows first.
    const SWEEP: SweepDefault;
    /// Presets, in menu order.
    fn presets() -> &'static [Preset];
    /// Charts, top to bottom (the first is the main chart).
    fn charts() -> &'static [Chart<Self::Run>];
    /// Live numbers at step `step` (`None`: the last).
    fn readouts(run: &Self::Run, step: Option<usize>) -> Vec<Readout>;
    /// One-click actions.
    fn actions() -> &'static [QuickAction] {
        &[]
    }
    /// Benchmark cases besides the default run: (name, link settings without `v` and `sc`).
    const BENCH: &'static [(&'static str, &'static str)] = &[];
    /// Labels of the curves no chart draws (curve name, label), for sweeps and exports.
    const LABELS: &'static [(&'static str, &'static str)] = &[];
    /// The pipelines of the paper's taxonomy this scenario shows ("Where does my pipeline sit?").
    const PIPELINES: &'static [Pipeline] = &[];
    /// A data file the scenario needs, fetched by the page (next to index.html) when the tab
    /// opens and handed to [`Model::install_asset`]; natively built in.
    const ASSET: Option<&'static str> = None;
    /// Whether the data file is there (always, without one).
    fn asset_ready() -> bool {
        true
    }
    /// Hands over the data file's text; an error in words if it is not what it should be.
    fn install_asset(_text: &str) -> Result<(), String> {
        Ok(())
    }
    /// Closed-form values a sweep draws as lines where their parameter is an axis:
    /// (parameter key, value, label), e.g. the threshold c* of a coarseness axis.
    fn sweep_marks(_params: &Self::Params) -> Vec<SweepMark> {
        Vec::new()
    }
    /// What `engine` is known to get wrong for these parameters (its links replay it as they
    /// were made; the page says so), if anything.
    fn engine_defect(_params: &Self::Params, _engine: Engine) -> Option<&'static str> {
        None
    }
}

/// A closed-form value drawn on a sweep where its parameter is an axis.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepMark {
    /// The parameter whose axis the line crosses.
    pub key: &'static str,
    /// Where.
    pub value: f64,
    /// What it is, e.g. "c* = 0.67 (closed form)".
    pub label: String,
}

/// A run being computed, of whichever scenario.
pub trait Job: Send {
    /// Does up to `budget` units of work; true when the run is complete.
    fn advance(&mut self, budget: usize) -> bool;
    /// Work done and total.
    fn progress(&self) -> (usize, usize);
    /// The curves of the work done so far.
    fn finish(&self) -> Run;
}

/// A scenario as the rest of the program sees it (object-safe; see [`Model`]).
pub trait Scenario: Send + Sync {
    /// Fixed texts.
    fn info(&self) -> &'static Info;
    /// Parameter table, in link order.
    fn params(&self) -> &'static [ParamSpec];
    /// Presets.
    fn presets(&self) -> &'static [Preset];
    /// One-click actions.
    fn actions(&self) -> &'static [QuickAction];
    /// What the sweep view shows first.
    fn sweep_default(&self) -> SweepDefault;
    /// The keys and titles of its charts, top to bottom.
    fn chart_keys(&self) -> Vec<(&'static str, &'static str)>;
    /// Starts a run from validated parameter values (table order), a seed and an engine.
    fn start(&'static self, values: &[f64], seed: u64, engine: Engine) -> Box<dyn Job>;
    /// Chart `key` of `run`, resolved to data (`None` if there is no such chart or the run is
    /// another scenario's).
    fn chart(&self, key: &str, run: &Run) -> Option<ChartData>;
    /// Live numbers of `run` at step `step`.
    fn readouts(&self, run: &Run, step: Option<usize>) -> Vec<Readout>;
    /// Benchmark cases besides the default run.
    fn bench(&self) -> &'static [(&'static str, &'static str)];
    /// The label of a curve no chart draws.
    fn curve_label(&self, curve: &str) -> Option<&'static str>;
    /// The pipelines this scenario shows.
    fn pipelines(&self) -> &'static [Pipeline];
    /// Closed-form lines for a sweep over parameters `values` (table order).
    fn sweep_marks(&self, values: &[f64]) -> Vec<SweepMark>;
    /// What `engine` is known to get wrong for parameters `values` (table order), if anything.
    fn engine_defect(&self, values: &[f64], engine: Engine) -> Option<&'static str>;
    /// The data file it needs, if any, and whether it is there.
    fn asset(&self) -> Option<(&'static str, bool)>;
    /// Hands over the data file's text.
    fn install_asset(&self, text: &str) -> Result<(), String>;
}

/// A handle on a registered scenario; equal when the keys are.
#[derive(Clone, Copy)]
pub struct ScenarioRef(pub &'static dyn Scenario);

impl ScenarioRef {
    /// Stable key.
    pub fn key(self) -> &'static str {
        self.0.info().key
    }
}

impl core::ops::Deref for ScenarioRef {
    type Target = dyn Scenario;
    fn deref(&self) -> &Self::Target {
        self.0
    }
}

impl PartialEq for ScenarioRef {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl Eq for ScenarioRef {}

impl Debug for ScenarioRef {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Scenario({})", self.key())
    }
}

/// The object-safe face of a [`Model`].
pub struct Registered<M>(core::marker::PhantomData<M>);

impl<M> Registered<M> {
    /// The registry entry (a zero-sized value).
    pub const NEW: Self = Registered(core::marker::PhantomData);
}

struct ModelJob<M: Model> {
    scenario: ScenarioRef,
    sim: Blocked<M::Sim>,
}

impl<M: Model> Job for ModelJob<M> {
    fn advance(&mut self, budget: usize) -> bool {
        self.sim.advance(budget)
    }
    fn progress(&self) -> (usize, usize) {
        self.sim.progress()
    }
    fn finish(&self) -> Run {
        Run::new(self.scenario, self.sim.finish())
    }
}

impl<M: Model> Scenario for Registered<M> {
    fn info(&self) -> &'static Info {
        &M::INFO
    }
    fn params(&self) -> &'static [ParamSpec] {
        M::Params::specs()
    }
    fn presets(&self) -> &'static [Preset] {
        M::presets()
    }
    fn actions(&self) -> &'static [QuickAction] {
        M::actions()
    }
    fn sweep_default(&self) -> SweepDefault {
        M::SWEEP
    }
    fn chart_keys(&self) -> Vec<(&'static str, &'static str)> {
        M::charts().iter().map(|c| (c.key, c.title)).collect()
    }
    fn start(&'static self, values: &[f64], seed: u64, engine: Engine) -> Box<dyn Job> {
        let params = M::Params::from_values(values);
        Box::new(ModelJob::<M> {
            scenario: ScenarioRef(self),
            sim: Blocked::new(&params, seed, engine),
        })
    }
    fn chart(&self, key: &str, run: &Run) -> Option<ChartData> {
        let typed = run.downcast::<M::Run>()?;
        let chart = M::charts().iter().find(|c| c.key == key)?;
        Some(chart.resolve(typed, M::INFO.step_name))
    }
    fn readouts(&self, run: &Run, step: Option<usize>) -> Vec<Readout> {
        run.downcast::<M::Run>()
            .map_or_else(Vec::new, |typed| M::readouts(typed, step))
    }
    fn bench(&self) -> &'static [(&'static str, &'static str)] {
        M::BENCH
    }
    fn curve_label(&self, curve: &str) -> Option<&'static str> {
        M::LABELS.iter().find(|(c, _)| *c == curve).map(|(_, l)| *l)
    }
    fn pipelines(&self) -> &'static [Pipeline] {
        M::PIPELINES
    }
    fn sweep_marks(&self, values: &[f64]) -> Vec<SweepMark> {
        M::sweep_marks(&M::Params::from_values(values))
    }
    fn engine_defect(&self, values: &[f64], engine: Engine) -> Option<&'static str> {
        M::engine_defect(&M::Params::from_values(values), engine)
    }
    fn asset(&self) -> Option<(&'static str, bool)> {
        M::ASSET.map(|file| (file, M::asset_ready()))
    }
    fn install_asset(&self, text: &str) -> Result<(), String> {
        M::install_asset(text)
    }
}

/// A scenario's replicate-block API (see [`blocks`]): a run's blocks computed anywhere (a
/// worker, a thread) as flat partial results, merged in block order into the run. A trait of its
/// own, reached through [`crate::registry::block_api`] rather than through [`Scenario`], so a
/// build that never splits a run (the page, until it computes in workers) carries none of its
/// code: every scenario's copy of it is about 10 KB of wasm, gzip.
pub trait BlockApi: Sync {
    /// The scenario's link key.
    fn key(&self) -> &'static str;
    /// The number of replicate blocks of the run (1 for engine v1; see [`blocks`]).
    fn block_count(&self, values: &[f64], engine: Engine) -> usize;
    /// Computes blocks `blocks` of that run and returns their partial result, flat
    /// ([`Partial::to_flat`]).
    fn run_blocks(
        &self,
        values: &[f64],
        seed: u64,
        engine: Engine,
        blocks: Range<usize>,
    ) -> Result<Vec<f64>, BlockError>;
    /// Merges flat partial results covering all blocks of that run, in block order (any
    /// grouping), into the run: a job that is complete, or has the work after the replicates
    /// left (estimates over all replicates).
    fn merge_blocks(
        &'static self,
        values: &[f64],
        seed: u64,
        engine: Engine,
        partials: &[&[f64]],
    ) -> Result<Box<dyn Job>, BlockError>;
}

impl<M: Model> BlockApi for Registered<M> {
    fn key(&self) -> &'static str {
        M::INFO.key
    }
    fn block_count(&self, values: &[f64], engine: Engine) -> usize {
        let params = M::Params::from_values(values);
        blocks::block_count(engine, M::Sim::replicates(&params))
    }
    fn run_blocks(
        &self,
        values: &[f64],
        seed: u64,
        engine: Engine,
        range: Range<usize>,
    ) -> Result<Vec<f64>, BlockError> {
        let params = M::Params::from_values(values);
        let key = blocks::run_key(M::INFO.key, values, seed, engine);
        blocks::compute_blocks::<M::Sim>(&params, seed, engine, key, range).map(|p| p.to_flat())
    }
    fn merge_blocks(
        &'static self,
        values: &[f64],
        seed: u64,
        engine: Engine,
        partials: &[&[f64]],
    ) -> Result<Box<dyn Job>, BlockError> {
        let params = M::Params::from_values(values);
        let key = blocks::run_key(M::INFO.key, values, seed, engine);
        let partials = partials
            .iter()
            .map(|flat| Partial::from_flat(flat))
            .collect::<Result<Vec<_>, _>>()?;
        let tally = blocks::merge_blocks::<M::Sim>(&params, seed, engine, key, &partials)?;
        Ok(Box::new(ModelJob::<M> {
            scenario: ScenarioRef(self),
            sim: Blocked::resume(&params, seed, engine, tally),
        }))
    }
}

/// A finished (or partial) run of any scenario; clones share the curves, and two runs are
/// equal only if they are the same value (cheap for the page's change detection).
#[derive(Clone)]
pub struct Run {
    scenario: ScenarioRef,
    data: Arc<dyn Curves>,
    len: usize,
}

impl Run {
    /// Wraps a scenario's curves.
    pub fn new(scenario: ScenarioRef, data: impl Curves) -> Self {
        let len = data.curves().first().map_or(0, |(_, v)| v.len());
        Run {
            scenario,
            data: Arc::new(data),
            len,
        }
    }

    /// The scenario it belongs to.
    pub fn scenario(&self) -> ScenarioRef {
        self.scenario
    }

    /// The typed curves, if they are an `R`.
    pub fn downcast<R: Curves>(&self) -> Option<&R> {
        let any: &dyn Any = &*self.data;
        any.downcast_ref::<R>()
    }

    /// Every curve, by name.
    pub fn curves(&self) -> Vec<(String, &[f64])> {
        self.data.curves()
    }

    /// The curve `name`.
    pub fn curve(&self, name: &str) -> Option<&[f64]> {
        self.data
            .curves()
            .into_iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
    }

    /// Hex fingerprint of every curve (equal on every platform for the same link).
    pub fn fingerprint(&self) -> String {
        self.data.fingerprint()
    }

    /// Points per curve.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the run has no points yet.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The last point's index.
    pub fn last_step(&self) -> usize {
        self.len.saturating_sub(1)
    }

    /// The step (generation) of point `index`.
    pub fn x_of(&self, index: usize) -> usize {
        match self.data.steps() {
            Some(steps) => steps.get(index).copied().unwrap_or(index),
            None => index,
        }
    }

    /// The first point at or after step `step` (the last point if none is).
    pub fn index_of(&self, step: usize) -> usize {
        match self.data.steps() {
            Some(steps) => steps
                .partition_point(|&g| g < step)
                .min(steps.len().saturating_sub(1)),
            None => step,
        }
    }

    /// The step of each point when the run did not record every step.
    pub fn x_values(&self) -> Option<Arc<[f64]>> {
        self.data
            .steps()
            .map(|steps| steps.iter().map(|&g| g as f64).collect())
    }

    /// Chart `key` of this run, resolved to data.
    pub fn chart(&self, key: &str) -> Option<ChartData> {
        self.scenario.chart(key, self)
    }
}

impl PartialEq for Run {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.data, &other.data)
    }
}

impl Debug for Run {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Run({}, {} points)", self.scenario.key(), self.len)
    }
}
