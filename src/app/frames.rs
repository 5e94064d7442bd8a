//! A callback on every animation frame until it says it is done or its handle is dropped
//! (gloo's `request_animation_frame`, re-armed after each frame), the page's clock, and the
//! time charts spent drawing in tasks of their own (which the runner counts as showing results).

use gloo_render::{request_animation_frame, AnimationFrame};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// A running frame loop; dropping it stops the loop.
pub struct FrameLoop(Rc<RefCell<Option<AnimationFrame>>>);

impl Drop for FrameLoop {
    fn drop(&mut self) {
        self.0.borrow_mut().take();
    }
}

type Step = Rc<RefCell<dyn FnMut() -> bool>>;

/// Calls `step` on every animation frame until it returns true (done).
pub fn every_frame(step: impl FnMut() -> bool + 'static) -> FrameLoop {
    let slot = Rc::new(RefCell::new(None));
    arm(&slot, Rc::new(RefCell::new(step)));
    FrameLoop(slot)
}

fn arm(slot: &Rc<RefCell<Option<AnimationFrame>>>, step: Step) {
    let again = slot.clone();
    let frame = request_animation_frame(move |_| {
        let done = (step.borrow_mut())();
        if done {
            again.borrow_mut().take();
        } else {
            arm(&again, step);
        }
    });
    *slot.borrow_mut() = Some(frame);
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
