//! Runs a simulation in bounded slices, one per animation frame, so the page never freezes.
//!
//! Each slice advances the run for at most [`SLICE_MS`], in `advance` calls sized to about
//! [`CALL_MS`] (a sweep starts every cell again from one unit a call). Partial curves are shown right after a short first slice of [`FIRST_SLICE_MS`]
//! (so a moved slider redraws the charts at once, from the work done so far, with wider bands),
//! then about every [`PARTIAL_MS`] (or four times what showing one cost, if more) in a frame of
//! their own, until the complete run replaces them. Dropping the [`Job`] cancels it; results
//! carry their run id, so the reducer drops any that arrive for a superseded run. Every progress
//! report says how long the run has computed so far, from which the page estimates the rest.

use super::frames::{every_frame, FrameLoop};
use crate::state::{Action, Output, State};
use infoloop_core::link::ShareState;
use infoloop_core::scenario::Job as RunJob;
use infoloop_core::spec::RunSpec;
use infoloop_core::sweep::SweepJob;
use std::cell::RefCell;
use std::rc::Rc;
use yew::UseReducerDispatcher;

/// Time budget of one slice, in milliseconds.
const SLICE_MS: f64 = 10.0;
/// Time budget of the first slice, whose partial result is shown right away.
const FIRST_SLICE_MS: f64 = 2.0;
/// Interval between partial results, in milliseconds.
const PARTIAL_MS: f64 = 150.0;
/// Work units (replicates, generations or steps, per scenario) of the first `advance` call; the
/// size then adapts so that one call takes about [`CALL_MS`] and the clock is read in between.
const FIRST_CHUNK: usize = 8;
/// Target duration of one `advance` call, in milliseconds.
const CALL_MS: f64 = 1.0;

/// A running simulation; dropping it cancels the run, [`Job::stop`] cancels it and gives what
/// was done.
pub struct Job {
    frames: Option<FrameLoop>,
    work: Rc<RefCell<Work>>,
}

impl Job {
    /// Stops the run now and returns the curves of the work done so far (a cancelled long run
    /// keeps them).
    pub fn stop(mut self) -> Output {
        self.frames.take();
        self.work.borrow().output()
    }
}

/// Milliseconds from the page's clock.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// What the page computes: a run, or a sweep of runs.
enum Work {
    Run(Box<dyn RunJob>),
    Sweep(Box<SweepJob>),
}

impl Work {
    fn advance(&mut self, budget: usize) -> bool {
        match self {
            Work::Run(job) => job.advance(budget),
            Work::Sweep(job) => job.advance(budget),
        }
    }

    fn progress(&self) -> (usize, usize) {
        match self {
            Work::Run(job) => job.progress(),
            Work::Sweep(job) => job.progress(),
        }
    }

    /// The cells of a sweep done so far (`None` for a run).
    fn cells_done(&self) -> Option<usize> {
        match self {
            Work::Run(_) => None,
            Work::Sweep(job) => Some(job.progress().0),
        }
    }

    fn output(&self) -> Output {
        match self {
            Work::Run(job) => Output::Run(job.finish()),
            Work::Sweep(job) => Output::Sweep(std::sync::Arc::new(job.finish())),
        }
    }
}

/// Starts run `run_id` of what the link shows (its run, or its sweep); the first slice runs
/// right away, the rest on animation frames.
pub fn start(
    share: &ShareState,
    run_id: u64,
    dispatch: UseReducerDispatcher<State>,
    gate: Rc<RefCell<bool>>,
) -> Job {
    let work = if share.sweep_on {
        Work::Sweep(Box::new(SweepJob::new(&share.run, &share.sweep)))
    } else {
        Work::Run(share.run.start())
    };
    let on_done = {
        let dispatch = dispatch.clone();
        move |output| dispatch.dispatch(Action::Finished { run_id, output })
    };
    let on_progress = move |done, total, partial, computed_ms| {
        dispatch.dispatch(Action::Progress {
            run_id,
            done,
            total,
            partial: Some(partial),
            computed_ms,
        })
    };
    slices(work, on_progress, on_done, gate)
}

/// Computes `spec`'s run in slices (a pinned comparison), reporting only the finished run.
pub fn start_run(spec: &RunSpec, on_done: impl Fn(infoloop_core::scenario::Run) + 'static) -> Job {
    slices(
        Work::Run(spec.start()),
        |_, _, _, _| {},
        move |output| {
            if let Output::Run(run) = output {
                on_done(run)
            }
        },
        Rc::new(RefCell::new(true)),
    )
}

/// Computes `work` in slices, reporting partial results (work done, total, curves so far, time
/// computed so far) about every [`PARTIAL_MS`] and the finished result once.
fn slices(
    work: Work,
    on_progress: impl Fn(usize, usize, Output, f64) + 'static,
    on_done: impl Fn(Output) + 'static,
    gate: Rc<RefCell<bool>>,
) -> Job {
    let work = Rc::new(RefCell::new(work));
    let sim = work.clone();
    let mut last_report = f64::NEG_INFINITY;
    let mut partial_every = PARTIAL_MS;
    let mut budget = FIRST_SLICE_MS;
    let mut chunk = FIRST_CHUNK;
    let mut computed_ms = 0.0;
    let mut slice = move || -> bool {
        // A figure element far from the viewport waits (the frame loop goes on, idle).
        if !*gate.borrow() {
            return false;
        }
        let mut sim = sim.borrow_mut();
        // A later partial result gets a frame of its own (a redraw of long curves can take
        // tens of milliseconds; added to a slice it would make one long task).
        let now = now_ms();
        if last_report.is_finite() && now - last_report >= partial_every {
            let (n_done, total) = sim.progress();
            on_progress(n_done, total, sim.output(), computed_ms);
            // Showing a partial result costs what it costs; keep it to a fifth of the time.
            last_report = now_ms();
            partial_every = PARTIAL_MS.max(4.0 * (last_report - now));
            return false;
        }
        let start = now;
        let mut done = false;
        while !done && now_ms() - start < budget {
            let before = now_ms();
            let cell = sim.cells_done();
            done = sim.advance(chunk);
            let took = now_ms() - before;
            if sim.cells_done() != cell {
                // A sweep's next cell is a run of other parameters, whose units may cost many
                // times the last cell's (more samples, more generations): its first call is
                // one unit, and the size adapts from there.
                chunk = 1;
            } else if took < CALL_MS / 2.0 {
                chunk = chunk.saturating_mul(2);
            } else if took > 2.0 * CALL_MS {
                chunk = (chunk / 2).max(1);
            }
        }
        computed_ms += now_ms() - start;
        budget = SLICE_MS;
        if done {
            on_done(sim.output());
            return true;
        }
        // The first partial result right after the short first slice: a moved slider redraws
        // at once.
        if !last_report.is_finite() {
            let (n_done, total) = sim.progress();
            on_progress(n_done, total, sim.output(), computed_ms);
            last_report = now_ms();
        }
        false
    };
    if slice() {
        return Job { frames: None, work };
    }
    Job {
        frames: Some(every_frame(slice)),
        work,
    }
}
