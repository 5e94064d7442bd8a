//! The transport bar (play/pause, step, reset, speed, stop generation, pin for A/B; the seed and
//! "New seed" are in the panel)
//! and what drives it: one Tick per animation frame while playing (four a second when the reader
//! prefers reduced motion), the keyboard (Space, →, R), and pausing when the tab is hidden or the
//! explorer scrolls out of view (an embed in a long blog post).

use super::frames::every_frame;
use super::frames::now_ms;
use crate::state::{Action, Pinned, State, MAX_SPEED, MIN_SPEED, NORMAL_SPEED};
use gloo_events::{EventListener, EventListenerOptions};
use infoloop_core::scenario::format::shortest as fmt_number;
use wasm_bindgen::prelude::*;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Speeds offered, generations per second; "1×" is [`NORMAL_SPEED`].
const SPEEDS: [usize; 9] = [
    MIN_SPEED,
    5,
    NORMAL_SPEED,
    20,
    50,
    100,
    1000,
    5000,
    MAX_SPEED,
];

/// A speed as a multiple of the normal one: "0.5×", "1×", "100×".
fn speed_label(speed: usize) -> String {
    let ratio = speed as f64 / NORMAL_SPEED as f64;
    format!("{}×", infoloop_core::scenario::format::shortest(ratio))
}
/// With prefers-reduced-motion, the cursor moves at most this often.
const REDUCED_MOTION_MS: f64 = 250.0;

fn prefers_reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| {
            w.match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten()
        })
        .is_some_and(|m| m.matches())
}

/// While `playing`, dispatches [`Action::Tick`] on every animation frame; dropping the returned
/// guard stops it.
pub fn drive(playing: bool, dispatch: Callback<Action>) -> impl FnOnce() {
    let frames = playing.then(|| {
        let min_gap = if prefers_reduced_motion() {
            REDUCED_MOTION_MS
        } else {
            0.0
        };
        let mut last = now_ms();
        every_frame(move || {
            let now = now_ms();
            if now - last >= min_gap {
                dispatch.emit(Action::Tick(now - last));
                last = now;
            }
            false
        })
    });
    move || drop(frames)
}

/// Installs the page-wide listeners: keyboard shortcuts, pause when hidden or off-screen.
/// Returns their remover.
pub fn listen(dispatch: Callback<Action>) -> impl FnOnce() {
    let window = web_sys::window();
    let document = window.as_ref().and_then(|w| w.document());
    let on_key = window.as_ref().map(|w| {
        let dispatch = dispatch.clone();
        // Not passive: the shortcuts keep Space from scrolling the page (preventDefault).
        EventListener::new_with_options(
            w,
            "keydown",
            EventListenerOptions::enable_prevent_default(),
            move |e| {
                let Some(e) = e.dyn_ref::<KeyboardEvent>() else {
                    return;
                };
                // A held key repeats: one press, one action.
                if e.ctrl_key()
                    || e.meta_key()
                    || e.alt_key()
                    || e.default_prevented()
                    || e.repeat()
                {
                    return;
                }
                let tag = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .map(|el| el.tag_name().to_ascii_lowercase())
                    .unwrap_or_default();
                // Typing in a field or moving a slider keeps its keys.
                if matches!(tag.as_str(), "input" | "select" | "textarea") {
                    return;
                }
                let action = match e.key().as_str() {
                    // Space on a button presses that button.
                    " " if !matches!(tag.as_str(), "button" | "a" | "summary") => {
                        Action::TogglePlay
                    }
                    "ArrowRight" => Action::Step,
                    "r" | "R" => Action::Reset,
                    _ => return,
                };
                e.prevent_default();
                dispatch.emit(action);
            },
        )
    });
    let on_visibility = document.as_ref().map(|d| {
        let (dispatch, document) = (dispatch.clone(), d.clone());
        EventListener::new(d, "visibilitychange", move |_| {
            if document.hidden() {
                dispatch.emit(Action::Pause(Some("the tab was hidden")));
            }
        })
    });
    // gloo has no IntersectionObserver: the one hand-kept closure, dropped with the observer.
    let on_intersect = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
        // The latest entry is the current state (a quick scroll out and back comes as two).
        let off_screen = entries.iter().last().is_some_and(|e| {
            e.dyn_into::<web_sys::IntersectionObserverEntry>()
                .is_ok_and(|e| !e.is_intersecting())
        });
        if off_screen {
            dispatch.emit(Action::Pause(Some("the explorer scrolled out of view")));
        }
    });
    let observer = web_sys::IntersectionObserver::new(on_intersect.as_ref().unchecked_ref()).ok();
    if let (Some(o), Some(root)) = (
        &observer,
        document.as_ref().and_then(|d| d.get_element_by_id("app")),
    ) {
        o.observe(&root);
    }
    move || {
        drop((on_key, on_visibility));
        if let Some(o) = observer {
            o.disconnect();
        }
        drop(on_intersect);
    }
}

/// Properties of [`TransportBar`].
#[derive(Properties, PartialEq)]
pub struct TransportProps {
    /// The whole state (cursor, run, pinned run, seed).
    pub state: State,
    /// Where actions go.
    pub on_action: Callback<Action>,
    /// What to call the current run when it is pinned.
    pub pin_label: String,
}

/// The transport bar above the charts.
#[function_component(TransportBar)]
pub fn transport_bar(props: &TransportProps) -> Html {
    let state = &props.state;
    let t = &state.transport;
    let Some((run, last)) = state
        .shown
        .as_ref()
        .and_then(|(_, out)| Some((out.clone(), out.last_step()?)))
    else {
        return html! {};
    };
    let x_name = state.scenario().info().step_name;
    let emit = |action: Action| {
        let on_action = props.on_action.clone();
        Callback::from(move |_: MouseEvent| on_action.emit(action.clone()))
    };
    let on_speed = {
        let on_action = props.on_action.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Ok(speed) = select.value().parse() {
                on_action.emit(Action::SetSpeed(speed));
            }
        })
    };
    // The stop is a generation (the transport's cursor counts points: the same unless a very
    // long run kept every k-th generation).
    let on_stop = {
        let (on_action, run) = (props.on_action.clone(), run.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let stop = infoloop_core::decimal::parse_f64(input.value().trim());
            let generation = stop
                .filter(|v| v.is_finite())
                .map(|v| v.max(0.0) as usize)
                .filter(|&g| g < run.x_of(last));
            on_action.emit(Action::SetStopAt(generation));
        })
    };
    let on_pin = {
        let (on_action, label) = (props.on_action.clone(), props.pin_label.clone());
        let run = state
            .is_done()
            .then(|| state.shown_run().cloned())
            .flatten();
        let pinned = state.pinned.is_some();
        let spec = state.share.run.clone();
        Callback::from(move |_: MouseEvent| {
            let next = if pinned {
                None
            } else {
                run.clone().map(|run| Pinned {
                    label: label.clone(),
                    spec: spec.clone(),
                    run,
                })
            };
            on_action.emit(Action::Pin(next));
        })
    };
    let shown = run.x_of(state.shown_step().unwrap_or(last));
    let end = run.x_of(last);
    let stop = t.stop_at.map_or(end, |g| g.min(end));
    html! {
        <div class="transport" role="group" aria-label="Playback">
            <button type="button" class={classes!("play", t.playing.then_some("active"))}
                data-transport="play" aria-pressed={t.playing.to_string()}
                aria-keyshortcuts="Space" title={format!("Play the run one {x_name} after another (Space)")}
                onclick={emit(Action::TogglePlay)}>
                { if t.playing { "❚❚ Pause" } else { "▶ Play" } }
            </button>
            <button type="button" data-transport="step" aria-keyshortcuts="ArrowRight"
                title={format!("Show one more {x_name} (→)")} onclick={emit(Action::Step)}>{ "Step ›" }</button>
            <button type="button" data-transport="reset" aria-keyshortcuts="R"
                title={format!("Back to {x_name} 0 with the same seed (R)")} onclick={emit(Action::Reset)}>{ format!("↺ Back to {x_name} 0") }</button>
            // Announced after a step or reset, not 60 times a second while playing.
            <span class="position" aria-live={if t.playing { "off" } else { "polite" }}
                data-shown={shown.to_string()}>
                { format!("{x_name} {shown} of {end}") }
            </span>
            <label class="inline">{ "speed " }
                <select data-transport="speed" onchange={on_speed} aria-label={format!("Speed ({} {x_name}s a second at 1×)", NORMAL_SPEED)}>
                    { for SPEEDS.iter().map(|&n| html! {
                        <option value={n.to_string()} selected={n == t.speed}>{ format!("{} ({n}/s)", speed_label(n)) }</option>
                    }) }
                </select>
            </label>
            <label class="inline">{ "stop at " }
                <input type="number" class="stop-at" data-transport="stop" min="0" max={end.to_string()}
                    step="1" value={fmt_number(stop as f64)} onchange={on_stop}
                    aria-label={format!("Stop playing at {x_name}")} />
            </label>
            <button type="button" data-transport="pin" aria-pressed={state.pinned.is_some().to_string()}
                disabled={state.pinned.is_none() && !state.is_done()}
                title="Keep this run as a ghost curve to compare the next one with"
                onclick={on_pin}>
                { if state.pinned.is_some() { "Unpin A/B" } else { "Pin for A/B" } }
            </button>
            if let Some(why) = t.paused_because {
                <span class="paused-note" role="status">{ format!("Paused: {why}.") }</span>
            }
            <span class="kbd-hint" aria-hidden="true" title="Space: play or pause · →: step · R: reset">{ "keys: Space → R" }</span>
        </div>
    }
}
