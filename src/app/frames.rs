//! A loop of steps, each on the next animation frame or, when a step asks for it, in a task of
//! its own right away (a posted message, which no timer clamp delays), until one says it is done
//! or the loop's handle is dropped; the page's clock; and the time charts spent drawing in tasks
//! of their own (which the runner counts as showing results).

use gloo_render::{request_animation_frame, AnimationFrame};
use gloo_timers::callback::Timeout;
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;

/// When a step of a [`work_loop`] wants to run again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    /// Never: the loop is done.
    Done,
    /// On the next animation frame (none come while the page is hidden).
    Frame,
    /// As soon as the page has handled what is waiting (input, rendering): a task of its own,
    /// or the next frame while the page is hidden or where messages cannot be posted.
    Soon,
    /// In this task, once the code running now (yew's scheduler, say) has returned: a microtask.
    /// A run's first slice starts this way from the effect that starts it. Computed inside the
    /// effect, it counted toward yew 0.23's 16 ms scheduler budget, and yew then put the rest
    /// of its update (the finished run's render and chart draws) in a `setTimeout(0)` after a
    /// rendered frame: E's complete redraw took 28-35 ms where one task takes 17.
    Microtask,
}

/// A running loop; dropping it stops the loop.
pub struct FrameLoop(Rc<Driver>);

impl Drop for FrameLoop {
    fn drop(&mut self) {
        self.0.stopped.set(true);
        self.0.frame.borrow_mut().take();
        if let Some((channel, _)) = self.0.soon.borrow_mut().take() {
            channel.port1().set_onmessage(None);
        }
    }
}

/// A channel whose messages run a loop's next step, and its listener.
type Channel = (web_sys::MessageChannel, Closure<dyn FnMut()>);

struct Driver {
    step: RefCell<Box<dyn FnMut() -> Next>>,
    frame: RefCell<Option<AnimationFrame>>,
    /// Made at the first [`Next::Soon`].
    soon: RefCell<Option<Channel>>,
    stopped: Cell<bool>,
}

/// Calls `step` on every animation frame until it returns true (done).
pub fn every_frame(mut step: impl FnMut() -> bool + 'static) -> FrameLoop {
    work_loop(
        move || if step() { Next::Done } else { Next::Frame },
        Next::Frame,
    )
}

/// Calls `step` until it returns [`Next::Done`], first as `first` says (not now: the caller
/// ran what had to run at once), then each time as the last call asked.
pub fn work_loop(step: impl FnMut() -> Next + 'static, first: Next) -> FrameLoop {
    let driver = Rc::new(Driver {
        step: RefCell::new(Box::new(step)),
        frame: RefCell::new(None),
        soon: RefCell::new(None),
        stopped: Cell::new(false),
    });
    schedule(&driver, first);
    FrameLoop(driver)
}

fn run(driver: &Rc<Driver>) {
    if driver.stopped.get() {
        return;
    }
    let next = (driver.step.borrow_mut())();
    schedule(driver, next);
}

fn schedule(driver: &Rc<Driver>, next: Next) {
    match next {
        Next::Done => {
            driver.stopped.set(true);
            driver.frame.borrow_mut().take();
        }
        Next::Microtask => {
            let weak = Rc::downgrade(driver);
            wasm_bindgen_futures::spawn_local(async move {
                if let Some(driver) = weak.upgrade() {
                    run(&driver);
                }
            });
        }
        Next::Soon if !page_hidden() && post_soon(driver) => {}
        Next::Frame | Next::Soon => {
            let weak = Rc::downgrade(driver);
            let frame = request_animation_frame(move |_| {
                if let Some(driver) = weak.upgrade() {
                    run(&driver);
                }
            });
            *driver.frame.borrow_mut() = Some(frame);
        }
    }
}

/// Posts the message that runs the next step; false if there is no channel here.
fn post_soon(driver: &Rc<Driver>) -> bool {
    let mut soon = driver.soon.borrow_mut();
    if soon.is_none() {
        let Ok(channel) = web_sys::MessageChannel::new() else {
            return false;
        };
        let weak: Weak<Driver> = Rc::downgrade(driver);
        let on_message = Closure::<dyn FnMut()>::new(move || {
            if let Some(driver) = weak.upgrade() {
                run(&driver);
            }
        });
        channel
            .port1()
            .set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        *soon = Some((channel, on_message));
    }
    soon.as_ref()
        .is_some_and(|(channel, _)| channel.port2().post_message(&JsValue::NULL).is_ok())
}

fn page_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden())
}

/// Calls `f` once after `ms` milliseconds, unless the returned timer is dropped first (gloo's
/// `Timeout`, given a boxed callback: every timer of the page shares one instance of the
/// closure glue instead of one each, with its body inlined, of about 1 KB).
pub fn after(ms: u32, f: impl FnOnce() + 'static) -> Timeout {
    Timeout::new(ms, Box::new(f) as Box<dyn FnOnce()>)
}

/// Milliseconds from the page's clock.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

thread_local! {
    /// Milliseconds charts drew in tasks of their own since the runner last asked.
    static DRAWN_MS: Cell<f64> = const { Cell::new(0.0) };
}

/// Adds a deferred chart draw's milliseconds.
pub fn add_drawn_ms(ms: f64) {
    DRAWN_MS.with(|d| d.set(d.get() + ms));
}

/// The milliseconds charts drew in tasks of their own since the last call.
pub fn take_drawn_ms() -> f64 {
    DRAWN_MS.with(|d| d.replace(0.0))
}
