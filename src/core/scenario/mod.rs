//! What every scenario's simulation offers the shell: a sliceable run from (parameters, seed) to
//! curves. The shell drives any scenario through [`Simulation`]; the charts read its [`Curves`].

pub mod params;

use params::Params;

/// The curves of a finished run, by name, in a fixed order.
pub trait Curves {
    /// Every curve, in a fixed order (names unique), for fingerprints and exports.
    fn curves(&self) -> Vec<(String, &[f64])>;

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

/// A run in progress, computed in slices so a page can stay responsive.
///
/// Contract: `new(p, seed)` then `advance` until it returns true, then `finish`, gives the same
/// result bit for bit however the work was sliced; `finish` before that gives the curves of the
/// work done so far.
pub trait Simulation: Sized {
    /// The scenario's parameters (validated: every field within its spec's range).
    type Params: Params;
    /// The scenario's result.
    type Run: Curves;

    /// Starts a run.
    fn new(params: &Self::Params, seed: u64) -> Self;
    /// Does up to `budget` units of work (replicates, steps); true when the run is complete.
    fn advance(&mut self, budget: usize) -> bool;
    /// Work done and total, in the units of `advance`.
    fn progress(&self) -> (usize, usize);
    /// The curves of the work done so far.
    fn finish(&self) -> Self::Run;

    /// Runs to completion.
    fn run(params: &Self::Params, seed: u64) -> Self::Run {
        let mut sim = Self::new(params, seed);
        while !sim.advance(usize::MAX) {}
        sim.finish()
    }
}

/// Implements [`Simulation`] for a scenario's run-in-progress type through its inherent `new`,
/// `advance`, `progress` and `finish` (which keep their own documentation and stay callable
/// without the trait in scope): `simulation_by_inherent!(LoopSim, LoopParams, LoopRun);`.
macro_rules! simulation_by_inherent {
    ($sim:ident, $params:ty, $run:ty) => {
        impl $crate::scenario::Simulation for $sim {
            type Params = $params;
            type Run = $run;

            fn new(params: &$params, seed: u64) -> Self {
                $sim::new(params, seed)
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
        }
    };
}
pub(crate) use simulation_by_inherent;
