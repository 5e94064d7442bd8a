//! The yew shell: the [`App`] component tree, the effects that connect the pure state to the
//! world (share link in the URL, sliced runs on animation frames, canvas redraws on resize), and
//! the `window.infoloop` hooks the browser tests and benchmarks call.
//!
//! Architecture invariant: no science here. The shell dispatches [`Action`]s, renders [`State`],
//! and hands curves to the charts.

pub mod chart_view;
pub mod controls;
pub mod download;
pub mod embed;
pub mod frames;
pub mod hooks;
pub mod panic;
pub mod readouts;
pub mod runner;
pub mod transport;

use crate::state::{Action, Output, State};
use chart_view::{ChartView, SWEEP_CHART};
use controls::Controls;
use embed::EmbedDialog;
use infoloop_core::link::HIDE_ALL;
use infoloop_core::registry;
use infoloop_core::scenario::ScenarioRef;
use transport::TransportBar;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

/// Quiet time before a changed state is written into the address bar.
const URL_DEBOUNCE_MS: u32 = 150;

/// The page's query string (without `?`).
fn location_query() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
        .trim_start_matches('?')
        .to_string()
}

/// Rewrites the address bar's query in place (no history entry per slider move).
fn replace_query(query: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let path = location.pathname().unwrap_or_default();
    let hash = location.hash().unwrap_or_default();
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(
            &JsValue::NULL,
            "",
            Some(&format!("{path}?{query}{hash}")),
        );
    }
}

fn prefers_dark() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches())
}

/// The colour theme: the system's, or one the reader chose with the toggle.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Theme {
    System,
    Light,
    Dark,
}

impl Theme {
    fn next(self) -> Self {
        match self {
            Theme::System => Theme::Dark,
            Theme::Dark => Theme::Light,
            Theme::Light => Theme::System,
        }
    }

    fn is_dark(self) -> bool {
        match self {
            Theme::System => prefers_dark(),
            Theme::Light => false,
            Theme::Dark => true,
        }
    }

    /// The `data-theme` attribute of the document (the stylesheet keys on it).
    fn attribute(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

/// A fresh random seed from the browser's crypto generator (small enough to read and share).
fn random_seed() -> u64 {
    let mut bytes = [0u8; 4];
    match getrandom::fill(&mut bytes) {
        Ok(()) => u32::from_le_bytes(bytes) as u64,
        Err(_) => (runner::now_ms() * 1000.0) as u64 % 1_000_000,
    }
}

/// The explorer.
#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| State::from_query(&location_query()));
    let theme = use_state(|| Theme::System);
    let dark = theme.is_dark();
    {
        use_effect_with(*theme, |theme| {
            if let Some(root) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.document_element())
            {
                let _ = root.set_attribute("data-theme", theme.attribute());
            }
        });
    }
    let layout_tick = use_state(|| 0u32);
    let embed_open = use_state(|| false);
    // Stable callbacks (made once): the panel and the transport bar are not re-rendered when
    // only the curves change, which keeps a slider's redraw quick.
    let on_action = {
        let dispatcher = state.dispatcher();
        use_callback((), move |a: Action, _| dispatcher.dispatch(a))
    };
    let on_new_seed = {
        let dispatcher = state.dispatcher();
        use_callback((), move |_: (), _| {
            dispatcher.dispatch(Action::SetSeed(random_seed()))
        })
    };
    // In an iframe, tell the parent page our height after every render (auto-sizing embeds).
    use_effect(embed::report_height);

    // Run the simulation the parameters call for; a new run id cancels the old job.
    {
        let dispatcher = state.dispatcher();
        let share = state.share.clone();
        use_effect_with(state.run_id, move |&run_id| {
            let job = runner::start(&share, run_id, dispatcher);
            move || drop(job)
        });
    }
    // Play: one Tick per frame while playing.
    {
        let on_action = on_action.clone();
        use_effect_with(state.transport.playing, move |&playing| {
            transport::drive(playing, on_action)
        });
    }
    // Keyboard shortcuts; pause when the tab is hidden or the explorer scrolls away.
    {
        let on_action = on_action.clone();
        use_effect_with((), move |_| transport::listen(on_action));
    }
    // A link's pinned run (`pin=`) is computed like the main run, in slices.
    {
        let dispatcher = state.dispatcher();
        let wanted = state.share.pin.clone();
        let have = state.pinned.as_ref().map(|p| p.spec.clone());
        use_effect_with((wanted, have), move |(wanted, have)| {
            let job = match wanted {
                Some(spec) if Some(spec) != have.as_ref() => {
                    let spec = spec.clone();
                    Some(runner::start_run(&spec.clone(), move |run| {
                        dispatcher.dispatch(Action::PinComputed {
                            spec: spec.clone(),
                            run,
                        })
                    }))
                }
                _ => None,
            };
            move || drop(job)
        });
    }
    // Keep the share link in the address bar.
    // Dragging a slider changes the query many times a second: write it once the value has
    // rested for URL_DEBOUNCE_MS, so the browser never throttles history updates.
    use_effect_with(state.query(), |query| {
        let query = query.clone();
        let write =
            gloo_timers::callback::Timeout::new(URL_DEBOUNCE_MS, move || replace_query(&query));
        move || drop(write)
    });
    // Redraw charts when the window is resized.
    {
        let layout_tick = layout_tick.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                gloo_events::EventListener::new(&w, "resize", move |_| {
                    layout_tick.set(*layout_tick + 1)
                })
            });
            move || drop(listener)
        });
    }

    let done = state.is_done();
    let fingerprint = match (&state.shown, done) {
        (Some((_, run)), true) => run.fingerprint(),
        _ => String::new(),
    };
    let (n_done, total) = state.progress;
    let scenario = state.scenario();
    let file_stem = format!("infoloop-{}-seed{}", scenario.key(), state.share.run.seed);
    let active_presets: Vec<bool> = scenario
        .presets()
        .iter()
        .map(|p| state.is_preset_active(p))
        .collect();

    // The panel does not show the transport's generation: without it, playing (which moves
    // `at` every frame) does not re-render the whole panel.
    let panel_share = infoloop_core::link::ShareState {
        at: None,
        ..state.share.clone()
    };
    let embed = state.share.embed;
    let hide_panel = embed && state.share.hidden.iter().any(|h| h == HIDE_ALL);
    let percent = (100 * n_done / total.max(1)).min(100);
    html! {
        <div id="app" class={classes!("app", embed.then_some("embed"), hide_panel.then_some("no-panel"))}
            data-status={if done { "done" } else { "running" }} data-fingerprint={fingerprint}>
            <header class={if embed { "page-head" } else { "masthead" }}>
                if !embed {
                    <button type="button" class="theme-toggle" data-theme-toggle={theme.attribute()}
                        onclick={let theme = theme.clone(); move |_| theme.set(theme.next())}
                        title="Colour theme: system, dark or light">
                        { match *theme { Theme::System => "◐ Theme: system", Theme::Dark => "● Theme: dark", Theme::Light => "○ Theme: light" } }
                    </button>
                    <h1>{ "Information-open loops" }</h1>
                    <p class="subtitle">
                        { "A generation–training loop improves a model only if an external signal injects task information. \
                           Closed, it can only lose it (the data processing inequality). After Li, Sun & Deng, " }
                        <em>{ "An Information-Theoretic Criterion for Efficient Data Synthesis" }</em>{ " (2026)." }
                    </p>
                    { tabs(scenario, state.share.sweep_on, &on_action) }
                }
                <p class="scenario-summary">
                    if state.share.sweep_on {
                        { "Sweep two parameters of a scenario and colour each cell by the final value of one of its curves. " }
                    }
                    { scenario.info().summary }
                </p>
            </header>
            { notes(&state, &on_action) }
            <div class="layout">
                if !hide_panel {
                    <aside class="panel" aria-label="Parameters">
                        <Controls share={panel_share} active_presets={active_presets}
                            on_action={on_action.clone()} on_new_seed={on_new_seed.clone()} />
                    </aside>
                }
                <main class="charts">
                    <div class="status" aria-live="polite">
                        if !done {
                            <span>{ format!("computing… {percent}%") }</span>
                            <progress max="100" value={percent.to_string()} />
                        }
                    </div>
                    if let Some((_, output)) = &state.shown {
                        if !embed {
                            { share_bar(&state, output, &embed_open) }
                            if *embed_open {
                                <EmbedDialog link={share_link(&state)} on_close={
                                    let embed_open = embed_open.clone();
                                    Callback::from(move |_| embed_open.set(false))
                                } />
                            }
                        }
                        if !state.share.sweep_on {
                            <TransportBar state={(*state).clone()} on_action={on_action.clone()}
                                pin_label={crate::state::run_label(&state.share.run)} />
                            { readouts::finding(&state, output) }
                        }
                        { readouts::readouts(output, state.shown_step()) }
                        { for chart_keys(&state).into_iter().map(|chart| html! {
                            <ChartView {chart} output={output.clone()} {dark} layout_tick={*layout_tick}
                                file_stem={file_stem.clone()} upto={state.shown_step()}
                                pinned={state.pinned.clone()} />
                        }) }
                        <p class="note">{ scenario.info().chart_note }</p>
                    }
                    if embed {
                        <p class="open-full">
                            <a href={full_explorer_link(&state)} target="_blank" rel="noopener">
                                { "Open in the full explorer ↗" }
                            </a>
                        </p>
                    }
                </main>
            </div>
        </div>
    }
}

/// The link to the full page (embed flags dropped) for the current state.
fn full_explorer_link(state: &State) -> String {
    let mut full = state.share.clone();
    full.embed = false;
    full.hidden.clear();
    let query = infoloop_core::link::to_query(&full);
    let path = web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default();
    format!("{path}?{query}")
}

/// The full share link of the current state.
fn share_link(state: &State) -> String {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return format!("?{}", state.query());
    };
    let origin = location.origin().unwrap_or_default();
    let path = location.pathname().unwrap_or_default();
    format!("{origin}{path}?{}", state.query())
}

/// Copy link (with its length) and data downloads.
fn share_bar(state: &State, output: &Output, embed_open: &UseStateHandle<bool>) -> Html {
    let link = share_link(state);
    let copy = {
        let link = link.clone();
        Callback::from(move |_| {
            if let Some(w) = web_sys::window() {
                let _ = w.navigator().clipboard().write_text(&link);
            }
        })
    };
    let stem = format!(
        "infoloop-{}-seed{}",
        state.scenario().key(),
        state.share.run.seed
    );
    let run = output.run().cloned();
    let csv = {
        let (run, share, link, name) = (
            run.clone(),
            state.share.clone(),
            link.clone(),
            format!("{stem}.csv"),
        );
        Callback::from(move |_| {
            if let Some(run) = &run {
                download::text(&name, "text/csv", &crate::export::csv(run, &share, &link))
            }
        })
    };
    let json = {
        let (run, share, link, name) = (
            run.clone(),
            state.share.clone(),
            link.clone(),
            format!("{stem}.json"),
        );
        Callback::from(move |_| {
            if let Some(run) = &run {
                download::text(
                    &name,
                    "application/json",
                    &crate::export::json(run, &share, &link),
                )
            }
        })
    };
    html! {
        <div class="share-bar">
            <button type="button" class="copy-link" onclick={copy} title={link.clone()}>
                { "Copy link" }
            </button>
            <span class="link-length" data-link-length={link.len().to_string()}>
                { format!("{} characters, reproduces this exact run", link.len()) }
            </span>
            <button type="button" class="embed-code" onclick={
                let embed_open = embed_open.clone();
                move |_| embed_open.set(!*embed_open)
            }>{ "Embed…" }</button>
            <span class="spacer" />
            <span class="muted">{ "Curves:" }</span>
            <button type="button" class="tool" data-export="csv" onclick={csv}>{ "CSV" }</button>
            <button type="button" class="tool" data-export="json" onclick={json}>{ "JSON" }</button>
        </div>
    }
}

/// The charts the page shows: the scenario's, or the sweep's heatmap.
fn chart_keys(state: &State) -> Vec<&'static str> {
    if state.share.sweep_on {
        vec![SWEEP_CHART]
    } else {
        state
            .scenario()
            .chart_keys()
            .into_iter()
            .map(|(key, _)| key)
            .collect()
    }
}

fn tabs(active: ScenarioRef, sweep_on: bool, on_action: &Callback<Action>) -> Html {
    let sweep_tab = {
        let on_action = on_action.clone();
        let base = if sweep_on {
            active
        } else {
            registry::default_sweep()
        };
        html! {
            <button type="button" role="tab" aria-selected={sweep_on.to_string()}
                class={classes!("tab", sweep_on.then_some("active"))} data-scenario="sweep"
                onclick={move |_| on_action.emit(Action::OpenSweep(base))}>
                { "F · Sweep" }
            </button>
        }
    };
    html! {
        <nav class="tabs" role="tablist" aria-label="Scenarios">
            { for registry::all().map(|id| {
                let on_action = on_action.clone();
                let selected = id == active && !sweep_on;
                html! {
                    <button type="button" role="tab" aria-selected={selected.to_string()}
                        class={classes!("tab", selected.then_some("active"))} data-scenario={id.key()}
                        onclick={move |_| on_action.emit(Action::SetScenario(id))}>
                        { id.info().label }
                    </button>
                }
            }) }
            { sweep_tab }
        </nav>
    }
}

fn notes(state: &State, on_action: &Callback<Action>) -> Html {
    let dismiss = {
        let on_action = on_action.clone();
        move |_| on_action.emit(Action::DismissNotes)
    };
    if state.notes.is_empty() {
        return match &state.hint {
            Some(hint) => html! {
                <div class="hint-note" role="status">
                    <p>{ hint }</p>
                    <button type="button" class="dismiss" onclick={dismiss} aria-label="Dismiss">{ "OK" }</button>
                </div>
            },
            None => html! {},
        };
    }
    html! {
        <div class="notes" role="status">
            <p>{ "This link had settings that could not be used as written; they were corrected:" }</p>
            <ul>{ for state.notes.iter().map(|n| html! { <li><code>{ &n.key }</code>{ " " }{ &n.message }</li> }) }</ul>
            <button type="button" class="dismiss" onclick={dismiss} aria-label="Dismiss">{ "Dismiss" }</button>
        </div>
    }
}
