//! Runs a simulation in bounded slices, one per animation frame, so the page never freezes.
//!
//! Each slice advances the run for at most [`SLICE_MS`], in `advance` calls sized to about
//! [`CALL_MS`]. Partial curves are shown right after a short first slice of [`FIRST_SLICE_MS`]
//! (so a moved slider redraws the charts at once, from the work done so far, with wider bands),
//! then about every [`PARTIAL_MS`] (or four times what showing one cost, if more) in a frame of
//! their own, until the complete run replaces them. Dropping the [`Job`] cancels it; results
//! carry their run id, so the reducer drops any that arrive for a superseded run.

use crate::scenario::{AnyRun, AnySim};
use crate::share::ShareState;
use crate::state::{Action, State};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
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

/// A running simulation; dropping it cancels the run.
pub struct Job {
    cancelled: Rc<Cell<bool>>,
}

impl Drop for Job {
    fn drop(&mut self) {
        self.cancelled.set(true);
    }
}

/// Milliseconds from the page's clock.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

type FrameCallback = Rc<RefCell<Option<Closure<dyn FnMut()>>>>;

/// Starts run `run_id`; the first slice runs right away, the rest on animation frames.
pub fn start(share: &ShareState, run_id: u64, dispatch: UseReducerDispatcher<State>) -> Job {
    let on_done = {
        let dispatch = dispatch.clone();
        move |run| dispatch.dispatch(Action::Finished { run_id, run })
    };
    let on_progress = move |done, total, partial| {
        dispatch.dispatch(Action::Progress {
            run_id,
            done,
            total,
            partial: Some(partial),
        })
    };
    start_with(share, on_progress, on_done)
}

/// Computes the run `share` describes in slices, reporting partial results (work done, total,
/// curves so far) about every [`PARTIAL_MS`] and the finished run once.
pub fn start_with(
    share: &ShareState,
    on_progress: impl Fn(usize, usize, AnyRun) + 'static,
    on_done: impl Fn(AnyRun) + 'static,
) -> Job {
    let cancelled = Rc::new(Cell::new(false));
    let mut sim = AnySim::new(share);
    let mut last_report = f64::NEG_INFINITY;
    let mut partial_every = PARTIAL_MS;
    let mut budget = FIRST_SLICE_MS;
    let mut chunk = FIRST_CHUNK;
    let frame: FrameCallback = Rc::new(RefCell::new(None));
    let frame_again = frame.clone();
    let stop = cancelled.clone();
    let mut slice = move || -> bool {
        if stop.get() {
            return true;
        }
        // A later partial result gets a frame of its own (a redraw of long curves can take
        // tens of milliseconds; added to a slice it would make one long task).
        let now = now_ms();
        if last_report.is_finite() && now - last_report >= partial_every {
            let (n_done, total) = sim.progress();
            on_progress(n_done, total, sim.finish());
            // Showing a partial result costs what it costs; keep it to a fifth of the time.
            last_report = now_ms();
            partial_every = PARTIAL_MS.max(4.0 * (last_report - now));
            return false;
        }
        let start = now;
        let mut done = false;
        while !done && now_ms() - start < budget {
            let before = now_ms();
            done = sim.advance(chunk);
            let took = now_ms() - before;
            if took < CALL_MS / 2.0 {
                chunk = chunk.saturating_mul(2);
            } else if took > 2.0 * CALL_MS {
                chunk = (chunk / 2).max(1);
            }
        }
        budget = SLICE_MS;
        if done {
            on_done(sim.finish());
            return true;
        }
        // The first partial result right after the short first slice: a moved slider redraws
        // at once.
        if !last_report.is_finite() {
            let (n_done, total) = sim.progress();
            on_progress(n_done, total, sim.finish());
            last_report = now_ms();
        }
        false
    };
    if slice() {
        return Job { cancelled };
    }
    *frame.borrow_mut() = Some(Closure::wrap(Box::new(move || {
        if slice() {
            // Dropping the closure from inside itself is the documented wasm-bindgen pattern.
            let _ = frame_again.borrow_mut().take();
        } else if let Some(cb) = frame_again.borrow().as_ref() {
            request_frame(cb);
        }
    }) as Box<dyn FnMut()>));
    if let Some(cb) = frame.borrow().as_ref() {
        request_frame(cb);
    }
    Job { cancelled }
}

fn request_frame(cb: &Closure<dyn FnMut()>) {
    if let Some(window) = web_sys::window() {
        let _ = window.request_animation_frame(cb.as_ref().unchecked_ref());
    }
}
