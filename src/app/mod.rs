//! The yew shell: the [`App`] component tree, the effects that connect the pure state to the
//! world (share link in the URL, sliced runs on animation frames, canvas redraws on resize), and
//! the `window.infoloop` hooks the browser tests and benchmarks call.
//!
//! Architecture invariant: no science here. The shell dispatches [`Action`]s, renders [`State`],
//! and hands curves to the charts.

pub mod assets;
pub mod chart_view;
pub mod controls;
pub mod copy;
pub mod download;
pub mod element;
pub mod embed;
pub mod frames;
pub mod gallery;
pub mod hooks;
pub mod panic;
pub mod pool;
pub mod reading;
pub mod readouts;
pub mod runner;
pub mod transport;
pub mod worker;

use crate::state::{Action, Output, State};
use chart_view::{ChartView, SWEEP_CHART};
use controls::{ControlList, Controls};
use copy::CopyButton;
use embed::EmbedDialog;
use infoloop_core::link::{Figure, ShareState, HIDE_ALL};
use infoloop_core::random::stream::Engine;
use infoloop_core::registry;
use infoloop_core::scenario::ScenarioRef;
use transport::TransportBar;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

/// Quiet time before a changed state is written into the address bar.
const URL_DEBOUNCE_MS: u32 = 150;
/// Quiet time after which changed settings count as settled and get a history entry of their
/// own (Back returns to them), not one per slider pixel.
const SETTLED_MS: u32 = 700;
/// A run whose estimate exceeds this many milliseconds shows it, its progress and a Cancel.
const LONG_RUN_MS: f64 = 2000.0;
/// The estimate counts only after this much computing: the first milliseconds of a page load
/// run cold code (and compete with the page's start-up), and an estimate from them would call
/// an ordinary run long for a moment.
const MIN_ESTIMATE_MS: f64 = 250.0;

/// The page's query string (without `?`).
fn location_query() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
        .trim_start_matches('?')
        .to_string()
}

/// Writes the address bar's query: in place (`push` false) or as a new history entry, so Back
/// returns to the settings before.
fn write_query(query: &str, push: bool) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let path = location.pathname().unwrap_or_default();
    let hash = location.hash().unwrap_or_default();
    let url = format!("{path}?{query}{hash}");
    if let Ok(history) = window.history() {
        let _ = if push {
            history.push_state_with_url(&JsValue::NULL, "", Some(&url))
        } else {
            history.replace_state_with_url(&JsValue::NULL, "", Some(&url))
        };
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
        Err(_) => (frames::now_ms() * 1000.0) as u64 % 1_000_000,
    }
}

/// Properties of [`App`]: none for the explorer page (it reads and writes the address bar); a
/// fixed link and a visibility for a figure element on another page (which it never touches).
#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// The link to show, for a figure element (`None`: the page's own address).
    #[prop_or_default]
    pub query: Option<String>,
    /// Whether the figure element is near the viewport: it computes and plays only then.
    #[prop_or(true)]
    pub visible: bool,
    /// The explorer's own address, for a figure element on another page: where "Open in the
    /// full explorer" goes (`None`: this page).
    #[prop_or_default]
    pub explorer: Option<String>,
}

impl Default for AppProps {
    /// The explorer page: its own address, always visible (what `Renderer::with_root` uses).
    fn default() -> Self {
        AppProps {
            query: None,
            visible: true,
            explorer: None,
        }
    }
}

/// The explorer, or one figure of it.
#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let hosted = props.query.is_some();
    let state = {
        let query = props.query.clone();
        use_reducer(move || match query {
            Some(query) => State::for_element(&query),
            None => State::from_query(&location_query()),
        })
    };
    // A figure element's link can change (its attribute): start over from the new one.
    {
        let dispatcher = state.dispatcher();
        use_effect_with(props.query.clone(), move |query| {
            if let Some(query) = query {
                dispatcher.dispatch(Action::Load(query.clone()));
            }
        });
    }
    // Computing and playing wait while a figure element is far from the viewport.
    let gate = use_mut_ref(|| true);
    {
        let (gate, on_pause) = (gate.clone(), state.dispatcher());
        use_effect_with(props.visible, move |&visible| {
            *gate.borrow_mut() = visible;
            if !visible {
                on_pause.dispatch(Action::Pause(Some("the figure scrolled out of view")));
            }
        });
    }
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
    use_effect(move || {
        if !hosted {
            embed::report_height()
        }
    });

    // Run the simulation the parameters call for; a new run id cancels the old job. The job
    // lives in `job_slot`, so Cancel can stop it and keep what it did.
    let job_slot = use_mut_ref(|| None::<runner::Job>);
    {
        let dispatcher = state.dispatcher();
        let share = state.share.clone();
        let (gate, slot) = (gate.clone(), job_slot.clone());
        use_effect_with(state.run_id, move |&run_id| {
            // A scenario whose data file is not here yet (G's word list): fetch it first; its
            // arrival starts a new run.
            if share.run.scenario.asset().is_some_and(|(_, ready)| !ready) {
                assets::ensure(share.run.scenario, move |result| {
                    dispatcher.dispatch(Action::AssetLoaded(result))
                });
            } else {
                *slot.borrow_mut() = Some(runner::start(&share, run_id, dispatcher, gate));
            }
            move || drop(slot.borrow_mut().take())
        });
    }
    let on_cancel = {
        let (slot, dispatcher, run_id) = (job_slot.clone(), state.dispatcher(), state.run_id);
        Callback::from(move |_: MouseEvent| {
            if let Some(job) = slot.borrow_mut().take() {
                dispatcher.dispatch(Action::Cancelled {
                    run_id,
                    output: job.stop(),
                });
            }
        })
    };
    // Play: one Tick per frame while playing.
    {
        let on_action = on_action.clone();
        use_effect_with(state.transport.playing, move |&playing| {
            transport::drive(playing, on_action)
        });
    }
    // Keyboard shortcuts; pause when the tab is hidden or the explorer scrolls away (not for a
    // figure element: the host page's keys are its own, and the element reports visibility).
    {
        let on_action = on_action.clone();
        use_effect_with((), move |_| {
            let stop = (!hosted).then(|| transport::listen(on_action));
            move || {
                if let Some(stop) = stop {
                    stop()
                }
            }
        });
    }
    // A link's pinned run (`pin=`) is computed like the main run, in slices.
    {
        let dispatcher = state.dispatcher();
        let wanted = state.share.pin.clone();
        let have = state.pinned.as_ref().map(|p| p.spec.clone());
        let installed = state.assets_installed;
        use_effect_with((wanted, have, installed), move |(wanted, have, _)| {
            let job = match wanted {
                Some(spec)
                    if Some(spec) != have.as_ref()
                        && spec.scenario.asset().is_none_or(|(_, ready)| ready) =>
                {
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
    // Keep the share link in the address bar. Dragging a slider changes the query many times a
    // second: the transport's position (`at=`) is written in place once it has rested for
    // URL_DEBOUNCE_MS; changed settings wait until they have settled (SETTLED_MS) and get a
    // history entry of their own, so Back and Forward walk through what the reader chose.
    let committed = use_mut_ref(|| None::<String>);
    {
        let committed = committed.clone();
        let settings = state.settings_query();
        use_effect_with(state.query(), move |query| {
            let query = query.clone();
            let first = committed.borrow().is_none();
            let changed = committed.borrow().as_deref() != Some(settings.as_str());
            let write = (!hosted).then(|| {
                let delay = if changed && !first {
                    SETTLED_MS
                } else {
                    URL_DEBOUNCE_MS
                };
                frames::after(delay, move || {
                    write_query(&query, changed && !first);
                    *committed.borrow_mut() = Some(settings);
                })
            });
            move || drop(write)
        });
    }
    // Back and Forward: open the link the history lands on.
    {
        let (dispatcher, committed) = (state.dispatcher(), committed.clone());
        use_effect_with((), move |_| {
            let listener = (!hosted).then(web_sys::window).flatten().map(|w| {
                gloo_events::EventListener::new(&w, "popstate", move |_| {
                    let query = location_query();
                    let settled = infoloop_core::link::to_query(&ShareState {
                        at: None,
                        ..infoloop_core::link::parse_query(&query).0
                    });
                    *committed.borrow_mut() = Some(settled);
                    dispatcher.dispatch(Action::Navigate(query));
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
    let scenario = state.scenario();
    let ctx = Ctx {
        dark,
        file_stem: format!("infoloop-{}-seed{}", scenario.key(), state.share.run.seed),
        on_action: on_action.clone(),
        pin_label: state
            .share
            .pin
            .as_ref()
            .map(|spec| AttrValue::from(crate::state::run_label(spec))),
        explorer: props.explorer.clone(),
    };
    // The panels do not show the transport's generation: without it, playing (which moves
    // `at` every frame) does not re-render them.
    let panel_share = ShareState {
        at: None,
        ..state.share.clone()
    };
    let status = if done { "done" } else { "running" };
    // The pinned run drawn, when it is the one the link asks for: its fingerprint, as
    // `data-fingerprint` gives the main run's (the browser tests compare both).
    let pin_fingerprint = state
        .pinned
        .as_ref()
        .filter(|p| state.share.pin.as_ref() == Some(&p.spec))
        .map(|p| p.run.fingerprint());
    // On the explorer's page the static page (index.html) stays until the first result is
    // drawn: the app is hidden beside it until then and takes its place in one frame. A tab
    // that waits for its data file (or could not load it) shows at once, so its status says so;
    // so does an embed or a figure in an iframe (the static page is the explorer's, with its
    // masthead: it must not flash in a blog post).
    let booted = use_mut_ref(|| false);
    if state.shown.is_some()
        || state.missing_asset().is_some()
        || state.asset_error.is_some()
        || state.share.embed
        || state.share.figure.is_some()
    {
        *booted.borrow_mut() = true;
    }
    let booting = !hosted && !*booted.borrow();
    use_effect_with(booting, |&booting| {
        if !booting {
            if let Some(page) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id("static-page"))
            {
                page.remove();
            }
        }
    });
    if let Some(figure) = &state.share.figure {
        return html! {
            <div id="app" class="app figure-mode" data-status={status} data-fingerprint={fingerprint}
                data-pin-fingerprint={pin_fingerprint}>
                { notes(&state, &on_action) }
                { figure_view(&state, figure, &panel_share, &ctx) }
            </div>
        };
    }
    let embed = state.share.embed;
    let hide_panel = embed && state.share.hidden.iter().any(|h| h == HIDE_ALL);
    let headline: Vec<String> = if state.share.sweep_on || hide_panel {
        Vec::new()
    } else {
        scenario
            .info()
            .headline
            .iter()
            .filter(|k| !(embed && state.share.hidden.iter().any(|h| h == *k)))
            .map(|k| k.to_string())
            .collect()
    };
    let except: Vec<&'static str> = if state.share.sweep_on {
        Vec::new()
    } else {
        scenario.info().headline.to_vec()
    };
    let keys = chart_keys(&state);
    let (main, rest) = keys.split_first().map_or(("", &[][..]), |(m, r)| (*m, r));
    html! {
        <div id="app" class={classes!("app", embed.then_some("embed"), hide_panel.then_some("no-panel"), booting.then_some("booting"))}
            data-status={status} data-fingerprint={fingerprint} data-pin-fingerprint={pin_fingerprint}>
            if !embed {
                <header class="masthead">
                    <div class="title-row">
                        <h1>{ reading::TITLE }</h1>
                        <nav class="top-links" aria-label="About this explorer">
                            <a href="#how-to-read">{ "How to read this" }</a>
                            <a href="#glossary">{ "Glossary" }</a>
                            <a href="#pipelines">{ "Where does my pipeline sit?" }</a>
                            <a href="#cite">{ "Cite" }</a>
                            <a href={reading::PAPER_URL} rel="noopener">{ "Paper ↗" }</a>
                            <button type="button" class="theme-toggle" data-theme-toggle={theme.attribute()}
                                onclick={let theme = theme.clone(); move |_| theme.set(theme.next())}
                                title="Colour theme: system, dark or light">
                                { match *theme { Theme::System => "◐ Theme: system", Theme::Dark => "● Theme: dark", Theme::Light => "○ Theme: light" } }
                            </button>
                        </nav>
                    </div>
                    <p class="lede">{ reading::LEDE }</p>
                    { tabs(scenario, state.share.sweep_on, &on_action) }
                </header>
            }
            { notes(&state, &on_action) }
            { engine_note(&state) }
            <section class="hero" aria-label="The main chart and its controls">
                <div class="hero-chart">
                    { main_chart(&state, main, &ctx) }
                    { run_status(&state, &on_cancel) }
                </div>
                <div class="hero-side">
                    <p class="scenario-summary">
                        if state.share.sweep_on {
                            { "Sweep two parameters of a scenario and colour each cell by the final value of one of its curves. " }
                        }
                        { scenario.info().summary }
                    </p>
                    if state.share.sweep_on && !hide_panel {
                        { controls::sweep_settings(&panel_share, &on_action) }
                    }
                    if !headline.is_empty() {
                        <ControlList share={panel_share.clone()} keys={headline} on_action={on_action.clone()} />
                    }
                    if !hide_panel {
                        { controls::presets(&panel_share, &on_action) }
                    }
                </div>
                if let Some((_, output)) = &state.shown {
                    if !state.share.sweep_on {
                        <div class="hero-finding">{ readouts::finding(&state, output) }</div>
                    }
                }
            </section>
            <section class="workbench" aria-label="Playback, numbers, every chart and every setting">
                if let Some((_, output)) = &state.shown {
                    if !state.share.sweep_on {
                        <TransportBar state={(*state).clone()} on_action={on_action.clone()}
                            pin_label={crate::state::run_label(&state.share.run)} />
                    }
                    { readouts::readouts(output, state.shown_step()) }
                    if !embed {
                        { share_bar(&state, output, &embed_open, &on_action) }
                        if *embed_open {
                            <EmbedDialog share={state.share.clone()} base={page_base()} on_close={
                                let embed_open = embed_open.clone();
                                Callback::from(move |_| embed_open.set(false))
                            } />
                        }
                    }
                    <div class="more-charts">
                        { for rest.iter().map(|&chart| html! {
                            <ChartView {chart} output={output.clone()} dark={ctx.dark}
                                file_stem={ctx.file_stem.clone()} upto={state.shown_step()}
                                pinned={state.pinned.clone()} pin_label={ctx.pin_label.clone()} />
                        }) }
                    </div>
                    <p class="note">{ scenario.info().chart_note }</p>
                }
                if !hide_panel {
                    <details class="all-params" open={!embed}>
                        <summary>{ "All parameters and the seed" }</summary>
                        <Controls share={panel_share.clone()} on_action={on_action.clone()}
                            on_new_seed={on_new_seed.clone()} except={except} />
                    </details>
                }
                if embed {
                    <p class="open-full">
                        <a href={full_explorer_link(&state, None)} target="_blank" rel="noopener">
                            { "Open in the full explorer ↗" }
                        </a>
                    </p>
                }
            </section>
            if !embed {
                { gallery::gallery(&on_action) }
                { reading::how_to_read() }
                { reading::glossary() }
                { reading::cite(&share_link(&state)) }
            }
        </div>
    }
}

/// What the views below need besides the state.
struct Ctx {
    dark: bool,
    file_stem: String,
    on_action: Callback<Action>,
    /// The label of the run the link pins (the legends name it while it computes).
    pin_label: Option<AttrValue>,
    /// The explorer's address, for a figure element on another page.
    explorer: Option<String>,
}

/// The main chart, drawn as soon as there is a result; before that a placeholder of its size
/// saying it is computing (the same box the static page shows while the wasm loads).
fn main_chart(state: &State, chart: &'static str, ctx: &Ctx) -> Html {
    let Some((_, output)) = &state.shown else {
        return placeholder();
    };
    html! {
        <ChartView {chart} output={output.clone()} dark={ctx.dark}
            file_stem={ctx.file_stem.clone()} upto={state.shown_step()}
            pinned={state.pinned.clone()} pin_label={ctx.pin_label.clone()} compact=true />
    }
}

/// Under the main chart while a run computes: "computing… 37%"; for a long run (estimated
/// over [`LONG_RUN_MS`]) its estimate, the time left and a Cancel that keeps what is done; after a
/// cancel, how much the curves show.
fn run_status(state: &State, on_cancel: &Callback<MouseEvent>) -> Html {
    let (done, total) = state.progress;
    let percent = (100 * done / total.max(1)).min(100);
    let seconds = |ms: f64| {
        if ms >= 10_000.0 {
            format!("{:.0} s", ms / 1000.0)
        } else {
            format!("{:.1} s", ms / 1000.0)
        }
    };
    if let Some(share) = state.cancelled {
        return html! {
            <p class="run-status cancelled" role="status" data-cancelled={format!("{:.3}", share)}>
                { format!("Cancelled at {:.0}%: the curves show the work done so far (wider bands).", 100.0 * share) }
            </p>
        };
    }
    if let Some(why) = &state.asset_error {
        return html! {
            <p class="run-status failed" role="alert">
                { format!("This tab needs its data file and {why}. Reload the page to try again.") }
            </p>
        };
    }
    if let Some(file) = state.missing_asset() {
        return html! {
            <p class="run-status" aria-live="polite" data-loading={file}>
                { format!("loading the data ({file})…") }
            </p>
        };
    }
    if state.is_done() {
        return html! { <p class="run-status" aria-live="polite" /> };
    }
    let long = state
        .estimated_ms()
        .filter(|&ms| ms > LONG_RUN_MS && state.computed_ms >= MIN_ESTIMATE_MS);
    match long {
        Some(total_ms) => html! {
            <p class="run-status long" role="status" data-estimate-ms={format!("{total_ms:.0}")}>
                { format!("A long run: about {} in all, {percent}% done, {} left. ", seconds(total_ms),
                    seconds(total_ms - state.computed_ms)) }
                <progress max="100" value={percent.to_string()} />
                <button type="button" class="cancel" onclick={on_cancel.clone()}>{ "Cancel (keep what is done)" }</button>
            </p>
        },
        None => html! {
            <p class="run-status" aria-live="polite">
                { format!("computing… {percent}%") }
                <progress max="100" value={percent.to_string()} />
            </p>
        },
    }
}

/// The box of the main chart while there is nothing to draw yet.
fn placeholder() -> Html {
    html! {
        <figure class="chart placeholder" aria-busy="true">
            <div class="chart-head"><h2>{ "Computing…" }</h2></div>
            <div class="plot"><div class="computing">{ "computing…" }</div></div>
        </figure>
    }
}

/// A figure for a blog post: the chosen charts with the chosen controls beside (wide) or under
/// (narrow) them, one line saying what the run shows, and a link to the full explorer.
fn figure_view(state: &State, figure: &Figure, share: &ShareState, ctx: &Ctx) -> Html {
    let charts: Vec<&'static str> = state
        .scenario()
        .chart_keys()
        .into_iter()
        .map(|(k, _)| k)
        .filter(|k| figure.charts.iter().any(|c| c == k))
        .collect();
    let line = state
        .shown_run()
        .and_then(|run| run.chart(charts.first()?))
        .map(|c| first_clause(&c.caption))
        .unwrap_or_else(|| "Computing…".into());
    let versus = state
        .pinned
        .as_ref()
        .map(|p| format!(" Dashed purple: {}.", p.label));
    html! {
        <div class={classes!("figure", (!figure.controls.is_empty()).then_some("with-controls"))}>
            <div class="figure-charts">
                { for charts.iter().map(|&chart| match &state.shown {
                    Some((_, output)) => html! {
                        <ChartView {chart} output={output.clone()} dark={ctx.dark}
                            file_stem={ctx.file_stem.clone()} upto={state.shown_step()}
                            pinned={state.pinned.clone()} pin_label={ctx.pin_label.clone()} compact=true no_tools=true />
                    },
                    None => placeholder(),
                }) }
            </div>
            if !figure.controls.is_empty() {
                <div class="figure-controls">
                    <ControlList share={share.clone()} keys={figure.controls.clone()} on_action={ctx.on_action.clone()} />
                </div>
            }
            <p class="figure-caption" aria-live="polite">{ line }{ versus.unwrap_or_default() }</p>
            <p class="open-full">
                <a href={full_explorer_link(state, ctx.explorer.as_deref())} target="_blank" rel="noopener">
                    { "Open in the full explorer ↗" }
                </a>
            </p>
        </div>
    }
}

/// The first clause of a caption (up to its first `;` or sentence end outside parentheses):
/// one line for a figure.
pub fn first_clause(caption: &str) -> String {
    let mut depth = 0i32;
    let mut end = caption.len();
    let mut chars = caption.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            ';' | '.' if depth <= 0 && chars.peek().is_none_or(|(_, n)| *n == ' ') => {
                end = i;
                break;
            }
            _ => {}
        }
    }
    format!("{}.", &caption[..end])
}

/// The page's origin and path (no query): where links to other views point.
fn page_base() -> String {
    web_sys::window()
        .map(|w| {
            let l = w.location();
            format!(
                "{}{}",
                l.origin().unwrap_or_default(),
                l.pathname().unwrap_or_default()
            )
        })
        .unwrap_or_default()
}

/// The link to the full page (embed flags dropped) for the current state: on this page, or at
/// `explorer` (a figure element on another site gives the explorer's address).
fn full_explorer_link(state: &State, explorer: Option<&str>) -> String {
    let mut full = state.share.clone();
    full.embed = false;
    full.hidden.clear();
    full.figure = None;
    let query = infoloop_core::link::to_query(&full);
    let path = explorer.map(str::to_string).unwrap_or_else(|| {
        web_sys::window()
            .and_then(|w| w.location().pathname().ok())
            .unwrap_or_default()
    });
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
fn share_bar(
    state: &State,
    output: &Output,
    embed_open: &UseStateHandle<bool>,
    on_action: &Callback<Action>,
) -> Html {
    let reset_all = {
        let on_action = on_action.clone();
        Callback::from(move |_: MouseEvent| on_action.emit(Action::ResetAll))
    };
    let link = share_link(state);
    let stem = format!(
        "infoloop-{}-seed{}",
        state.scenario().key(),
        state.share.run.seed
    );
    let run = output.run().cloned();
    let csv = {
        let (output, share, link) = (output.clone(), state.share.clone(), link.clone());
        let name = if share.sweep_on {
            format!("{stem}-sweep.csv")
        } else {
            format!("{stem}.csv")
        };
        Callback::from(move |_| {
            let text = match &output {
                Output::Run(run) => crate::export::csv(run, &share, &link),
                Output::Sweep(grid) => crate::export::sweep_csv(grid, &share, &link),
            };
            download::text(&name, "text/csv", &text)
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
            <CopyButton text={link.clone()} label="Copy link" class={classes!("copy-link")} title={link.clone()} />
            <span class="link-length" data-link-length={link.len().to_string()}>
                { format!("{} characters, reproduces this exact run", link.len()) }
            </span>
            <button type="button" class="embed-code" onclick={
                let embed_open = embed_open.clone();
                move |_| embed_open.set(!*embed_open)
            }>{ "Embed…" }</button>
            <span class="spacer" />
            <span class="muted">{ if state.share.sweep_on { "Cells:" } else { "Curves:" } }</span>
            <button type="button" class="tool" data-export="csv" onclick={csv}>{ "CSV" }</button>
            if run.is_some() {
                <button type="button" class="tool" data-export="json" onclick={json}>{ "JSON" }</button>
            }
            <button type="button" class="reset-all" onclick={reset_all}
                title="Every setting of this tab, and the seed, back to a first visit's">{ "Reset all settings" }</button>
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

/// Which engine computed the run, said only when it is not the newest: an old link replays
/// bit for bit on the engine that made it, while new links use the newest.
fn engine_note(state: &State) -> Html {
    let engine = state.share.run.engine;
    if engine == Engine::LATEST {
        return Html::default();
    }
    // What the engine got wrong here, if anything, and the same settings on the newest.
    let defect = state.share.run.engine_defect().map(|defect| {
        let mut newest = state.share.clone();
        newest.run.engine = Engine::LATEST;
        let href = format!("?{}", infoloop_core::link::to_query(&newest));
        html! { <>{ defect }{ " " }<a {href}>{ "Open these settings on the newest engine" }</a></> }
    });
    html! {
        <p class="engine-note" data-engine={engine.number().to_string()}
            title="An old link replays on the engine that made it, so it shows exactly the curves it was made with. Newer engines: the same model, faster or corrected draws.">
            { format!(
                "Computed with engine v{}, as this link was made; new links use engine v{}. ",
                engine.number(),
                Engine::LATEST.number()
            ) }
            { defect }
        </p>
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

#[cfg(test)]
mod tests {
    use super::first_clause;

    #[test]
    fn a_figure_line_is_the_first_clause_outside_parentheses() {
        assert_eq!(
            first_clause(
                "Closed loop: I(X; argmax pₜ) fell from 1.42 to 0.20 bits; the ceiling is 1.91."
            ),
            "Closed loop: I(X; argmax pₜ) fell from 1.42 to 0.20 bits."
        );
        assert_eq!(
            first_clause("Accuracy rose to 0.93. It first reaches 0.9 at 5."),
            "Accuracy rose to 0.93."
        );
        assert_eq!(first_clause("No end"), "No end.");
        assert_eq!(first_clause("Ends at 0.95."), "Ends at 0.95.");
    }
}
