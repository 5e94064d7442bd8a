//! Runs a simulation in bounded slices, each a main-thread task of its own, so the page never
//! freezes.
//!
//! Each slice advances the run for at most [`SLICE_MS`], in `advance` calls sized to about
//! [`CALL_MS`] (a sweep starts every cell again from one unit a call, and so does a call after
//! one that stopped short: a run's replicates ended). The next slice follows at once in a task
//! of its own ([`super::frames::work_loop`]: input and drawing come in between). Partial curves
//! are shown right after a short first slice of [`FIRST_SLICE_MS`] (so a moved slider redraws
//! the charts at once, from the work done so far, with wider bands), then about every
//! [`PARTIAL_MS`] (or four times what showing one cost, if more) in a frame of their own, until
//! the complete run replaces them; a run expected to be short ([`SHORT_RUN_MS`]) is finished in
//! its first slice and drawn once. Dropping the [`Job`] cancels it; results carry their run id,
//! so the reducer drops any that arrive for a superseded run. Every progress report says how
//! long the run has computed so far, from which the page estimates the rest.
//!
//! A sweep goes to the pool of workers ([`super::pool`]) when it can start: its cells in
//! contiguous blocks, placed by index as they come back (so the grid is the same bit for bit
//! whatever the number of workers), the main thread only merging and drawing partial grids.
//! Cells the pool gives back (every worker died) are computed here in slices, like a sweep
//! without workers. Single runs and pinned runs are computed here.

use super::frames::{now_ms, take_drawn_ms, work_loop, FrameLoop, Next};
use super::pool;
use crate::state::{Action, Output, State};
use infoloop_core::link::ShareState;
use infoloop_core::scenario::Job as RunJob;
use infoloop_core::spec::RunSpec;
use infoloop_core::sweep::{SweepGrid, SweepJob};
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::ops::Range;
use std::rc::Rc;
use yew::UseReducerDispatcher;

/// Time budget of one slice, in milliseconds.
const SLICE_MS: f64 = 10.0;
/// Time budget of the first slice, whose partial result is shown right away.
const FIRST_SLICE_MS: f64 = 2.0;
/// A run whose scenario's last run here computed in at most this many milliseconds (a slider
/// moving on A at its default sizes, C, D, some of E's) is expected to be short: its first slice
/// may take [`SHORT_FIRST_SLICE_MS`], so that it finishes in the task of the input that started
/// it and is drawn once, not a partial result painted and then the complete one (each redraw
/// costs about 10 ms of charts, page updates and paint). A run that does not finish there shows
/// its partial result as any other. At 12 and 20 ms, A's runs (9-16 ms in Chromium) were mostly
/// drawn twice: complete redraw p95 65-69 ms, now 44-46 ms; the task stays under 50 ms.
const SHORT_RUN_MS: f64 = 22.0;
/// The first slice's budget for a run expected to be short.
const SHORT_FIRST_SLICE_MS: f64 = 30.0;
/// Interval between partial results, in milliseconds.
const PARTIAL_MS: f64 = 150.0;
/// Work units (replicates, generations or steps, per scenario) of the first `advance` call:
/// one, since a unit can cost milliseconds (B's: a generation's KSG over every replicate; at 8 a
/// moved slider's first redraw reached p95 62 ms on B, at 1 it is 26 ms); the size then adapts
/// so that one call takes about [`CALL_MS`] and the clock is read in between.
const FIRST_CHUNK: usize = 1;
/// Target duration of one `advance` call, in milliseconds.
const CALL_MS: f64 = 1.0;
/// A sweep goes to the pool in this many blocks of contiguous cells (fewer if it has fewer
/// cells), whatever the pool's size.
const SWEEP_BLOCKS: usize = 64;

thread_local! {
    /// The scenario of the last single run finished here, and the milliseconds it computed.
    static LAST_RUN: Cell<(&'static str, f64)> = const { Cell::new(("", f64::INFINITY)) };
}

/// Hears a partial result: work done, total, the curves so far, milliseconds computed so far.
type OnProgress = Rc<dyn Fn(usize, usize, Output, f64)>;
/// Hears the finished result.
type OnDone = Rc<dyn Fn(Output)>;

/// A running simulation; dropping it cancels the run, [`Job::stop`] cancels it and gives what
/// was done.
pub struct Job {
    frames: Rc<RefCell<Option<FrameLoop>>>,
    work: Rc<RefCell<Work>>,
    pool: Option<pool::Handle>,
}

impl Job {
    /// Stops the run now and returns the curves of the work done so far (a cancelled long run
    /// keeps them).
    pub fn stop(mut self) -> Output {
        self.frames.borrow_mut().take();
        self.pool.take();
        self.work.borrow().output()
    }
}

/// What the page computes: a run, a sweep of runs, or a sweep's cells placed as they come
/// from the pool (the ones it gives back computed here).
enum Work {
    Run(Box<dyn RunJob>),
    Sweep(Box<SweepJob>),
    Cells(Box<Cells>),
}

impl Work {
    fn advance(&mut self, budget: usize) -> bool {
        match self {
            Work::Run(job) => job.advance(budget),
            Work::Sweep(job) => job.advance(budget),
            Work::Cells(cells) => cells.advance(budget),
        }
    }

    fn progress(&self) -> (usize, usize) {
        match self {
            Work::Run(job) => job.progress(),
            Work::Sweep(job) => job.progress(),
            Work::Cells(cells) => (cells.grid.done, cells.grid.values.len()),
        }
    }

    /// The cells of a sweep done so far (`None` for a run).
    fn cells_done(&self) -> Option<usize> {
        match self {
            Work::Run(_) => None,
            Work::Sweep(job) => Some(job.progress().0),
            Work::Cells(cells) => Some(cells.grid.done),
        }
    }

    fn output(&self) -> Output {
        match self {
            Work::Run(job) => Output::Run(job.finish()),
            Work::Sweep(job) => Output::Sweep(std::sync::Arc::new(job.finish())),
            Work::Cells(cells) => Output::Sweep(std::sync::Arc::new(cells.grid.clone())),
        }
    }
}

/// A sweep's grid filled by index: blocks from the pool, and cells left to compute here.
struct Cells {
    sweep: SweepJob,
    grid: SweepGrid,
    filled: Vec<bool>,
    /// Cells to compute in the page (the pool gave them back), in order.
    todo: VecDeque<usize>,
    current: Option<(usize, Box<dyn RunJob>)>,
}

impl Cells {
    fn new(sweep: SweepJob) -> Self {
        let grid = sweep.finish();
        Cells {
            filled: vec![false; grid.values.len()],
            sweep,
            grid,
            todo: VecDeque::new(),
            current: None,
        }
    }

    /// Places the values of `block` (in cell order); cells already there stay.
    fn place(&mut self, block: Range<usize>, values: &[f64]) {
        for (i, &v) in block.zip(values) {
            if let Some(false) = self.filled.get(i) {
                self.filled[i] = true;
                self.grid.values[i] = v;
                self.grid.done += 1;
            }
        }
    }

    fn complete(&self) -> bool {
        self.grid.done >= self.grid.values.len()
    }

    /// Advances the cell being computed here by up to `budget` units (starting the next one
    /// left to do); true when every cell is there.
    fn advance(&mut self, budget: usize) -> bool {
        while self.current.is_none() {
            let Some(i) = self.todo.pop_front() else {
                return self.complete();
            };
            if !self.filled[i] {
                self.current = Some((i, self.sweep.cell_at(i).start()));
            }
        }
        if let Some((i, job)) = self.current.as_mut() {
            if job.advance(budget) {
                let (i, value) = (*i, self.sweep.value_of(&job.finish()));
                self.current = None;
                self.place(i..i + 1, &[value]);
            }
        }
        self.complete()
    }
}

/// Starts run `run_id` of what the link shows (its run, or its sweep); the first slice runs in
/// this task (once the caller has returned, for a run expected to be short), the rest in tasks
/// of their own.
pub fn start(
    share: &ShareState,
    run_id: u64,
    dispatch: UseReducerDispatcher<State>,
    gate: Rc<RefCell<bool>>,
) -> Job {
    let on_done: OnDone = {
        let dispatch = dispatch.clone();
        Rc::new(move |output| dispatch.dispatch(Action::Finished { run_id, output }))
    };
    let on_progress: OnProgress = Rc::new(move |done, total, partial, computed_ms| {
        dispatch.dispatch(Action::Progress {
            run_id,
            done,
            total,
            partial: Some(partial),
            computed_ms,
        })
    });
    start_with(share, on_progress, on_done, gate)
}

/// Starts what the link shows, reporting to the given callbacks: a sweep in the pool of
/// workers if it can start, else in slices here.
fn start_with(
    share: &ShareState,
    on_progress: OnProgress,
    on_done: OnDone,
    gate: Rc<RefCell<bool>>,
) -> Job {
    if share.sweep_on {
        if let Some(job) = sweep_in_pool(share, on_progress.clone(), on_done.clone(), gate.clone())
        {
            return job;
        }
    }
    let (work, key) = if share.sweep_on {
        let sweep = SweepJob::new(&share.run, &share.sweep);
        (Work::Sweep(Box::new(sweep)), None)
    } else {
        (Work::Run(share.run.start()), Some(share.run.scenario.key()))
    };
    slices(work, key, on_progress, on_done, gate)
}

/// Computes the link's sweep in the pool of workers; `None` if the pool cannot start here
/// (or the scenario's data file is not here to send along).
fn sweep_in_pool(
    share: &ShareState,
    on_progress: OnProgress,
    on_done: OnDone,
    gate: Rc<RefCell<bool>>,
) -> Option<Job> {
    if pool::planned_size() == 0 {
        return None;
    }
    let asset = match share.run.scenario.asset() {
        Some((file, _)) => Some((file, super::assets::text(file)?)),
        None => None,
    };
    let sweep = SweepJob::new(&share.run, &share.sweep);
    let (_, cells) = sweep.progress();
    if cells == 0 {
        return None;
    }
    let work = Rc::new(RefCell::new(Work::Cells(Box::new(Cells::new(sweep)))));
    let frames = Rc::new(RefCell::new(None));
    let started = now_ms();
    let on_block = {
        let (work, on_done) = (Rc::downgrade(&work), on_done.clone());
        let on_progress = on_progress.clone();
        let mut last_report = f64::NEG_INFINITY;
        move |block: Range<usize>, values: Vec<f64>| {
            let Some(work) = work.upgrade() else {
                return;
            };
            let (complete, done, total) = {
                let mut work = work.borrow_mut();
                let Work::Cells(cells) = &mut *work else {
                    return;
                };
                cells.place(block, &values);
                (cells.complete(), cells.grid.done, cells.grid.values.len())
            };
            let now = now_ms();
            if complete {
                let output = work.borrow().output();
                on_done(output);
            } else if now - last_report >= PARTIAL_MS {
                let output = work.borrow().output();
                on_progress(done, total, output, now - started);
                last_report = now_ms();
            }
        }
    };
    let on_orphans = {
        let (weak_work, weak_frames) = (Rc::downgrade(&work), Rc::downgrade(&frames));
        move |blocks: Vec<Range<usize>>| {
            let (Some(work), Some(frames)) = (weak_work.upgrade(), weak_frames.upgrade()) else {
                return;
            };
            if let Work::Cells(cells) = &mut *work.borrow_mut() {
                cells.todo.extend(blocks.into_iter().flatten());
            }
            let mut slice = slicer(work, None, on_progress, on_done, gate);
            let next = slice();
            if next != Next::Done {
                *frames.borrow_mut() = Some(work_loop(slice, next));
            }
        }
    };
    let request = pool::Request {
        query: infoloop_core::link::to_query(share),
        cells,
        asset,
        blocks: blocks_of(cells),
    };
    let handle = pool::submit(request, Box::new(on_block), Box::new(on_orphans))?;
    Some(Job {
        frames,
        work,
        pool: Some(handle),
    })
}

/// `cells` in [`SWEEP_BLOCKS`] contiguous blocks (or one a cell), in order.
fn blocks_of(cells: usize) -> Vec<Range<usize>> {
    let len = cells.div_ceil(SWEEP_BLOCKS).max(1);
    (0..cells)
        .step_by(len)
        .map(|from| from..(from + len).min(cells))
        .collect()
}

/// Computes the sweep `query` describes as the page would (in the pool if it can start, else in
/// slices) and hands its grid and the milliseconds it took to `done` (`window.infoloop.sweep`).
pub fn sweep_for_test(query: &str, done: impl FnOnce(std::sync::Arc<SweepGrid>, f64) + 'static) {
    let (mut share, _) = infoloop_core::link::parse_query(query);
    share.sweep_on = true;
    let slot: Rc<RefCell<Option<Job>>> = Rc::new(RefCell::new(None));
    let done = RefCell::new(Some(done));
    let started = now_ms();
    let keep = slot.clone();
    let on_done: OnDone = Rc::new(move |output| {
        if let (Output::Sweep(grid), Some(done)) = (output, done.borrow_mut().take()) {
            done(grid, now_ms() - started);
        }
        // Not dropped inside its own callback: after this task.
        let keep = keep.clone();
        super::frames::after(0, move || drop(keep.borrow_mut().take())).forget();
    });
    let job = start_with(
        &share,
        Rc::new(|_, _, _, _| {}),
        on_done,
        Rc::new(RefCell::new(true)),
    );
    *slot.borrow_mut() = Some(job);
}

/// Computes `spec`'s run in slices (a pinned comparison), reporting only the finished run.
pub fn start_run(spec: &RunSpec, on_done: impl Fn(infoloop_core::scenario::Run) + 'static) -> Job {
    slices(
        Work::Run(spec.start()),
        None,
        Rc::new(|_, _, _, _| {}),
        Rc::new(move |output| {
            if let Output::Run(run) = output {
                on_done(run)
            }
        }),
        Rc::new(RefCell::new(true)),
    )
}

/// Computes `work` in slices, reporting partial results (work done, total, curves so far, time
/// computed so far) about every [`PARTIAL_MS`] and the finished result once. `key`: the
/// scenario of a single run shown on the page, whose last run's time says how long this one
/// will take.
fn slices(
    work: Work,
    key: Option<&'static str>,
    on_progress: OnProgress,
    on_done: OnDone,
    gate: Rc<RefCell<bool>>,
) -> Job {
    let work = Rc::new(RefCell::new(work));
    let mut slice = slicer(work.clone(), key, on_progress, on_done, gate);
    // A run expected to be short (a moved slider's) computes in this task once the caller (an
    // effect inside yew's scheduler) has returned, so yew draws it in this task too. Any other
    // starts here: its first slice is 2 ms, and when it follows a page's first mount, yew, past
    // its budget, draws the result in a task of its own (in the same task as the mount, the
    // load's longest task grew from about 55 to 65-75 ms).
    let frames = if expected_short(key) {
        Some(work_loop(slice, Next::Microtask))
    } else {
        let next = slice();
        (next != Next::Done).then(|| work_loop(slice, next))
    };
    Job {
        frames: Rc::new(RefCell::new(frames)),
        work,
        pool: None,
    }
}

/// Whether the last single run of scenario `key` here took at most [`SHORT_RUN_MS`].
fn expected_short(key: Option<&str>) -> bool {
    key.is_some_and(|k| {
        let (last, ms) = LAST_RUN.get();
        last == k && ms <= SHORT_RUN_MS
    })
}

/// One slice of `work` per call (the first short), and when to call again: the next slice
/// follows in a task of its own at once (the page handles input and draws in between), a
/// partial result waits for a frame of its own, and a gated figure for the next frame.
fn slicer(
    sim: Rc<RefCell<Work>>,
    key: Option<&'static str>,
    on_progress: OnProgress,
    on_done: OnDone,
    gate: Rc<RefCell<bool>>,
) -> impl FnMut() -> Next + 'static {
    let mut last_report = f64::NEG_INFINITY;
    let mut partial_every = PARTIAL_MS;
    let mut budget = if expected_short(key) {
        SHORT_FIRST_SLICE_MS
    } else {
        FIRST_SLICE_MS
    };
    let mut chunk = FIRST_CHUNK;
    let mut computed_ms = 0.0;
    move || -> Next {
        // A figure element far from the viewport waits (the frame loop goes on, idle).
        if !*gate.borrow() {
            return Next::Frame;
        }
        let mut sim = sim.borrow_mut();
        // A later partial result gets a frame of its own (a redraw of long curves can take
        // tens of milliseconds; added to a slice it would make one long task).
        let now = now_ms();
        if last_report.is_finite() && now - last_report >= partial_every {
            let (n_done, total) = sim.progress();
            on_progress(n_done, total, sim.output(), computed_ms);
            // Showing a partial result costs what it costs (this update, and the charts the
            // last one drew in tasks of their own); keep it to a fifth of the time.
            last_report = now_ms();
            partial_every = PARTIAL_MS.max(4.0 * (last_report - now + take_drawn_ms()));
            return Next::Frame;
        }
        let start = now;
        let mut done = false;
        while !done && now_ms() - start < budget {
            let before = now_ms();
            let cell = sim.cells_done();
            let units = sim.progress().0;
            done = sim.advance(chunk);
            let took = now_ms() - before;
            let short = sim.progress().0.saturating_sub(units) < chunk;
            if sim.cells_done() != cell || (short && !done) {
                // A sweep's next cell is a run of other parameters, and a call that stopped
                // short ended a phase (the replicates; B's estimates then cost a millisecond a
                // unit where a replicate cost microseconds): either way the next units may cost
                // many times the last ones, so the next call is one unit, and the size adapts
                // from there.
                chunk = FIRST_CHUNK;
            } else if took < CALL_MS / 2.0 {
                chunk = chunk.saturating_mul(2);
            } else if took > 2.0 * CALL_MS {
                chunk = (chunk / 2).max(1);
            }
        }
        computed_ms += now_ms() - start;
        budget = SLICE_MS;
        if done {
            if let Some(key) = key {
                LAST_RUN.set((key, computed_ms));
            }
            on_done(sim.output());
            return Next::Done;
        }
        // The first partial result right after the short first slice: a moved slider redraws
        // at once.
        if !last_report.is_finite() {
            let (n_done, total) = sim.progress();
            on_progress(n_done, total, sim.output(), computed_ms);
            last_report = now_ms();
        }
        Next::Soon
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use infoloop_core::scenario::Curves;

    /// A small sweep of the default scenario: 4 x 4 cells of cheap runs.
    fn small() -> SweepJob {
        let (share, _) = infoloop_core::link::parse_query("v=1&sw=1&sn=4&r=10&t=3");
        SweepJob::new(&share.run, &share.sweep)
    }

    #[test]
    fn blocks_are_contiguous_and_cover_every_cell() {
        for cells in [1, 4, 9, 63, 64, 65, 1024, 2304] {
            let blocks = blocks_of(cells);
            assert!(blocks.len() <= SWEEP_BLOCKS);
            assert_eq!(blocks.first().map(|b| b.start), Some(0));
            assert_eq!(blocks.last().map(|b| b.end), Some(cells));
            assert!(blocks.windows(2).all(|w| w[0].end == w[1].start));
            assert!(blocks.iter().all(|b| !b.is_empty()));
        }
    }

    /// Blocks placed in any order, and cells given back and computed here in slices, make the
    /// grid of the sweep computed in one go.
    #[test]
    fn cells_placed_out_of_order_make_the_same_grid() {
        let expected = {
            let mut job = small();
            while !job.advance(usize::MAX) {}
            job.finish()
        };
        let sweep = small();
        let cells = expected.values.len();
        let values: Vec<f64> = (0..cells).map(|i| sweep.compute_cell(i)).collect();
        let mut filled = Cells::new(sweep);
        let blocks = blocks_of(cells);
        for block in blocks.iter().rev().step_by(2) {
            filled.place(block.clone(), &values[block.clone()]);
        }
        assert!(!filled.complete());
        // The others come back from a pool that died: computed here, one unit at a time.
        filled.todo.extend(blocks.iter().flat_map(|b| b.clone()));
        while !filled.advance(1) {}
        assert_eq!(filled.grid.fingerprint(), expected.fingerprint());
        assert_eq!(filled.grid.done, cells);
    }
}
