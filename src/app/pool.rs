//! The page's pool of Web Workers, each with its own instance of the app's wasm (the same file;
//! [`super::worker`] is what they run, `static/infoloop-worker.js` their script). Plain workers
//! and plain messages (strings, and a `Float64Array` transferred back): no SharedArrayBuffer,
//! so no special headers, and it works in iframes and on static hosts.
//!
//! A job is a sweep's cells in contiguous blocks, the same blocks for any pool size. Idle
//! workers take the next block in order; a block's values go back to the job, which places them
//! by cell index, so the result does not depend on how many workers there are or which
//! finished first. A worker that fails (an error event, a failed start, a panic, or
//! [`kill_one`]) is dropped and its block goes back to the front of the queue for the others;
//! when none is left, each job gets its unfinished blocks back and computes them in the page.
//! A worker that stops answering (an endless loop, a stalled engine: no error event ever comes)
//! is treated the same way once its block has taken [`HANG_FACTOR`] times the slowest block
//! delivered so far (at least [`HANG_MIN_MS`]; doubled each time that block is tried again), as
//! a watchdog checks every [`WATCH_MS`] while any worker is busy. Before any block has been
//! delivered there is no yardstick, and no deadline.
//! Where no worker can start (no `Worker`, a CSP, `file://`, another origin's script),
//! [`submit`] says so at once and the runner slices in the page as before.
//!
//! Size: `navigator.hardwareConcurrency` workers, at most [`MAX_WORKERS`] (the main thread only
//! merges and draws, so it needs no core of its own); `window.infoloop.setWorkers(n)` sets it
//! (0: no workers) for the tests and benchmarks.

use super::frames::{after, now_ms};
use js_sys::{Float64Array, Object, Reflect};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::ops::Range;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The most workers the pool starts.
pub const MAX_WORKERS: usize = 4;
/// The workers' script, beside the page (or beside `infoloop-figure.js`).
const SCRIPT: &str = "infoloop-worker.js";
/// A block taking this many times the slowest one delivered so far has a worker that hangs.
const HANG_FACTOR: f64 = 8.0;
/// The shortest deadline of a block, in milliseconds.
const HANG_MIN_MS: f64 = 4_000.0;
/// How often the watchdog looks at the busy workers, in milliseconds.
const WATCH_MS: u32 = 500;

/// Called with a block of cells and their values, in cell order.
pub type OnBlock = Box<dyn FnMut(Range<usize>, Vec<f64>)>;
/// Called once, when no worker is left, with the blocks still to compute.
pub type OnOrphans = Box<dyn FnOnce(Vec<Range<usize>>)>;

/// What a job asks of the pool: a sweep link, its number of cells, the data file its scenario
/// needs (file name and text), and the blocks to compute.
pub struct Request {
    /// The share link's query (the worker parses it as the page does).
    pub query: String,
    /// Cells of the sweep (checked by the worker).
    pub cells: usize,
    /// The data file the scenario needs, if any: name and text.
    pub asset: Option<(&'static str, Rc<str>)>,
    /// Contiguous blocks of cell indices, in order.
    pub blocks: Vec<Range<usize>>,
}

/// A job in the pool; dropping it cancels what is queued (blocks being computed finish and
/// are dropped).
pub struct Handle {
    job: u64,
}

impl Drop for Handle {
    fn drop(&mut self) {
        POOL.with(|p| {
            let mut p = p.borrow_mut();
            p.jobs.retain(|j| j.id != self.job);
            p.queue.retain(|t| t.job != self.job);
        });
    }
}

struct Task {
    job: u64,
    block: Range<usize>,
    /// Times the block was given to a worker that then hung (its deadline doubles each time).
    retries: u32,
}

struct JobEntry {
    id: u64,
    query: Rc<str>,
    cells: usize,
    asset: Option<(&'static str, Rc<str>)>,
    on_block: Rc<RefCell<OnBlock>>,
    on_orphans: Option<OnOrphans>,
    /// The longest one of its delivered blocks took, in milliseconds (0: none delivered yet).
    slowest_ms: f64,
}

struct Slot {
    id: u64,
    worker: web_sys::Worker,
    task: Option<Task>,
    /// When the task was given (the page's clock, ms).
    since: f64,
    /// Data files installed in this worker.
    assets: Vec<&'static str>,
    /// Whether it ever delivered a block (one that fails before that is a pool that cannot
    /// work here: no more are started).
    delivered: bool,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

#[derive(Default)]
struct Pool {
    /// The size set by `setWorkers`; `None`: from the hardware.
    size: Option<usize>,
    slots: Vec<Slot>,
    /// Dropped workers, kept until the next job (their handlers may be running).
    retired: Vec<Slot>,
    queue: VecDeque<Task>,
    jobs: Vec<JobEntry>,
    next_id: u64,
    /// A worker failed before delivering anything: workers do not work here.
    broken: bool,
    /// Whether the watchdog is scheduled.
    watching: bool,
}

thread_local! {
    static POOL: RefCell<Pool> = RefCell::new(Pool::default());
}

/// The number of workers the next job uses (0: none, compute in the page).
pub fn planned_size() -> usize {
    POOL.with(|p| {
        let p = p.borrow();
        if p.broken {
            0
        } else {
            p.size.unwrap_or_else(hardware_size)
        }
    })
}

fn hardware_size() -> usize {
    let cores = web_sys::window()
        .map(|w| w.navigator().hardware_concurrency())
        .unwrap_or(1.0);
    (cores as usize).clamp(1, MAX_WORKERS)
}

/// Queues `request` on the pool (starting workers up to its size); `None` if no worker can
/// run here, and the caller computes in the page. `on_block` hears every block as it arrives;
/// `on_orphans`, if every worker dies, the blocks left.
pub fn submit(request: Request, on_block: OnBlock, on_orphans: OnOrphans) -> Option<Handle> {
    POOL.with(|p| {
        let mut p = p.borrow_mut();
        p.retired.clear();
        let size = if p.broken {
            0
        } else {
            p.size.unwrap_or_else(hardware_size)
        };
        while p.slots.len() < size {
            p.next_id += 1;
            let id = p.next_id;
            match spawn(id) {
                Ok(slot) => p.slots.push(slot),
                Err(why) => {
                    warn(&format!(
                        "infoloop: workers unavailable, computing in the page ({why})"
                    ));
                    p.broken = true;
                    break;
                }
            }
        }
        trim(&mut p, size);
        if p.slots.is_empty() || size == 0 {
            return None;
        }
        p.next_id += 1;
        let id = p.next_id;
        p.queue.extend(request.blocks.into_iter().map(|block| Task {
            job: id,
            block,
            retries: 0,
        }));
        p.jobs.push(JobEntry {
            id,
            query: request.query.into(),
            cells: request.cells,
            asset: request.asset,
            on_block: Rc::new(RefCell::new(on_block)),
            on_orphans: Some(on_orphans),
            slowest_ms: 0.0,
        });
        p.dispatch();
        Some(Handle { job: id })
    })
}

/// Starts worker `id`: its script, then the page's compiled wasm module (instantiated there,
/// not downloaded again).
fn spawn(id: u64) -> Result<Slot, String> {
    let url = super::assets::url_of(SCRIPT)?;
    let options = web_sys::WorkerOptions::new();
    options.set_type(web_sys::WorkerType::Module);
    let worker = web_sys::Worker::new_with_options(&url, &options).map_err(describe)?;
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            on_message(id, e.data())
        });
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
        let why = e
            .dyn_ref::<web_sys::ErrorEvent>()
            .map(|e| e.message())
            .unwrap_or_else(|| e.type_());
        on_death(id, &why, true)
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    worker.set_onmessageerror(Some(on_error.as_ref().unchecked_ref()));
    let init = Object::new();
    Reflect::set(&init, &"module".into(), &wasm_bindgen::module()).map_err(describe)?;
    if let Err(e) = worker.post_message(&init) {
        worker.terminate();
        return Err(describe(e));
    }
    Ok(Slot {
        id,
        worker,
        task: None,
        since: 0.0,
        assets: Vec::new(),
        delivered: false,
        _on_message: on_message,
        _on_error: on_error,
    })
}

impl Pool {
    /// Gives every idle worker the next queued block (first the data file its job needs).
    fn dispatch(&mut self) {
        for at in 0..self.slots.len() {
            if self.slots[at].task.is_some() {
                continue;
            }
            let Some(task) = self.queue.pop_front() else {
                return;
            };
            let Some(job) = self.jobs.iter().find(|j| j.id == task.job) else {
                continue;
            };
            let slot = &mut self.slots[at];
            if let Some((file, text)) = &job.asset {
                if !slot.assets.contains(file) {
                    let message = Object::new();
                    let _ = Reflect::set(&message, &"asset".into(), &(*file).into());
                    let _ = Reflect::set(&message, &"content".into(), &(**text).into());
                    let _ = slot.worker.post_message(&message);
                    slot.assets.push(file);
                }
            }
            let message = Object::new();
            let _ = Reflect::set(&message, &"query".into(), &(*job.query).into());
            let _ = Reflect::set(&message, &"cells".into(), &(job.cells as f64).into());
            let _ = Reflect::set(&message, &"from".into(), &(task.block.start as f64).into());
            let _ = Reflect::set(&message, &"to".into(), &(task.block.end as f64).into());
            let _ = slot.worker.post_message(&message);
            slot.task = Some(task);
            slot.since = now_ms();
        }
        if !self.watching && self.slots.iter().any(|s| s.task.is_some()) {
            self.watching = true;
            after(WATCH_MS, watch).forget();
        }
    }

    /// A busy worker past its block's deadline, if one is, and how long it has taken.
    fn hung(&self, now: f64) -> Option<(u64, f64)> {
        self.slots.iter().find_map(|s| {
            let task = s.task.as_ref()?;
            let slowest = self.jobs.iter().find(|j| j.id == task.job)?.slowest_ms;
            let deadline =
                (HANG_FACTOR * slowest).max(HANG_MIN_MS) * f64::from(1u32 << task.retries.min(16));
            let took = now - s.since;
            (slowest > 0.0 && took > deadline).then_some((s.id, took))
        })
    }
}

/// The watchdog: a worker past its block's deadline is dropped like one that died (its block
/// goes to another, tried with twice the deadline); looks again while any worker is busy.
fn watch() {
    let hung = POOL.with(|p| {
        let mut p = p.borrow_mut();
        let hung = p.hung(now_ms());
        if let Some((id, _)) = hung {
            if let Some(task) = p
                .slots
                .iter_mut()
                .find(|s| s.id == id)
                .and_then(|s| s.task.as_mut())
            {
                task.retries += 1;
            }
        }
        hung
    });
    if let Some((id, took)) = hung {
        on_death(id, &format!("no answer in {:.1} s", took / 1000.0), false);
    }
    POOL.with(|p| {
        let mut p = p.borrow_mut();
        p.watching = p.slots.iter().any(|s| s.task.is_some());
        if p.watching {
            after(WATCH_MS, watch).forget();
        }
    });
}

/// A worker's message: a block's values, or why it failed.
fn on_message(id: u64, data: JsValue) {
    if let Some(why) = Reflect::get(&data, &"error".into())
        .ok()
        .and_then(|e| e.as_string())
    {
        return on_death(id, &why, true);
    }
    let values = Reflect::get(&data, &"values".into())
        .ok()
        .and_then(|v| v.dyn_into::<Float64Array>().ok())
        .map(|v| v.to_vec());
    let delivery = POOL.with(|p| {
        let mut p = p.borrow_mut();
        let slot = p.slots.iter_mut().find(|s| s.id == id)?;
        let task = slot.task.take()?;
        slot.delivered = true;
        let took = now_ms() - slot.since;
        let values = values.filter(|v| v.len() == task.block.len());
        let delivery = match values {
            Some(values) => p.jobs.iter_mut().find(|j| j.id == task.job).map(|j| {
                j.slowest_ms = j.slowest_ms.max(took);
                (j.on_block.clone(), task.block.clone(), values)
            }),
            // A reply of the wrong shape: the block is computed again elsewhere.
            None => {
                p.queue.push_front(task);
                None
            }
        };
        p.dispatch();
        delivery
    });
    // Outside the pool's borrow: the job may start or cancel jobs as it hears the block.
    if let Some((on_block, block, values)) = delivery {
        (on_block.borrow_mut())(block, values);
    }
}

/// Worker `id` is gone: its block goes back to the front of the queue; with no worker left,
/// every job gets its remaining blocks back.
fn on_death(id: u64, why: &str, counts_as_failure: bool) {
    let orphans = POOL.with(|p| {
        let mut p = p.borrow_mut();
        let at = p.slots.iter().position(|s| s.id == id)?;
        let mut slot = p.slots.remove(at);
        warn(&format!(
            "infoloop: a worker stopped ({why}); its work goes to the others"
        ));
        if counts_as_failure && !slot.delivered {
            p.broken = true;
        }
        if let Some(task) = slot.task.take() {
            p.queue.push_front(task);
        }
        retire(&mut p, slot);
        p.dispatch();
        if !p.slots.is_empty() {
            return None;
        }
        let queue = std::mem::take(&mut p.queue);
        let mut orphans = Vec::new();
        for job in p.jobs.iter_mut() {
            let blocks: Vec<_> = queue
                .iter()
                .filter(|t| t.job == job.id)
                .map(|t| t.block.clone())
                .collect();
            if let Some(on_orphans) = job.on_orphans.take() {
                orphans.push((on_orphans, blocks));
            }
        }
        p.jobs.clear();
        Some(orphans)
    });
    for (on_orphans, blocks) in orphans.unwrap_or_default() {
        on_orphans(blocks);
    }
}

/// More workers than `size` (setWorkers lowered it): the idle ones go.
fn trim(p: &mut Pool, size: usize) {
    while p.slots.len() > size {
        let Some(at) = p.slots.iter().position(|s| s.task.is_none()) else {
            break;
        };
        let slot = p.slots.remove(at);
        retire(p, slot);
    }
}

fn retire(p: &mut Pool, slot: Slot) {
    slot.worker.set_onmessage(None);
    slot.worker.set_onerror(None);
    slot.worker.set_onmessageerror(None);
    slot.worker.terminate();
    p.retired.push(slot);
}

/// Stops one busy worker (the first), as if it had crashed; false if none is busy.
pub fn kill_one() -> bool {
    let busy = POOL.with(|p| {
        p.borrow()
            .slots
            .iter()
            .find(|s| s.task.is_some())
            .map(|s| s.id)
    });
    match busy {
        Some(id) => {
            on_death(id, "stopped by killWorker", false);
            true
        }
        None => false,
    }
}

/// Sets the pool's size (`None`: from the hardware; `Some(0)`: no workers) and forgets earlier
/// failures; idle workers beyond it stop now, busy ones when they are idle at the next job.
pub fn set_size(size: Option<usize>) {
    POOL.with(|p| {
        let mut p = p.borrow_mut();
        p.size = size.map(|n| n.min(MAX_WORKERS));
        p.broken = false;
        let size = p.size.unwrap_or_else(hardware_size);
        trim(&mut p, size);
    });
}

/// Live workers and busy ones.
pub fn live() -> (usize, usize) {
    POOL.with(|p| {
        let p = p.borrow();
        let busy = p.slots.iter().filter(|s| s.task.is_some()).count();
        (p.slots.len(), busy)
    })
}

fn describe(e: JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

fn warn(message: &str) {
    web_sys::console::warn_1(&message.into());
}

/// Adds the pool's hooks to `window.infoloop` (`hooks`):
/// - `setWorkers(n)`: the pool's size for the next sweep (0: no workers, compute in the page;
///   anything not a number: from the hardware), forgetting earlier failures;
/// - `workers()`: `{planned, live, busy}`, the next sweep's size and the workers now;
/// - `killWorker()`: stops a busy worker as if it had crashed (true if one was busy).
///
/// (`sweep(query)`, which runs a sweep through the runner and so the pool, is in
/// [`super::hooks`].)
pub fn install_hooks(hooks: &Object) {
    let set_workers = Closure::<dyn Fn(JsValue)>::new(|n: JsValue| {
        set_size(n.as_f64().filter(|n| *n >= 0.0).map(|n| n as usize))
    });
    let workers = Closure::<dyn Fn() -> JsValue>::new(|| {
        let (live, busy) = live();
        let out = Object::new();
        let _ = Reflect::set(&out, &"planned".into(), &(planned_size() as f64).into());
        let _ = Reflect::set(&out, &"live".into(), &(live as f64).into());
        let _ = Reflect::set(&out, &"busy".into(), &(busy as f64).into());
        out.into()
    });
    let kill = Closure::<dyn Fn() -> bool>::new(kill_one);
    for (name, f) in [
        ("setWorkers", set_workers.as_ref()),
        ("workers", workers.as_ref()),
        ("killWorker", kill.as_ref()),
    ] {
        let _ = Reflect::set(hooks, &name.into(), f);
    }
    set_workers.forget();
    workers.forget();
    kill.forget();
}
