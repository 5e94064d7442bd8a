//! The app state as a pure reducer: one [`State`], one [`Action`] enum, tested natively.
//!
//! The yew shell only dispatches actions and renders the state; effects (URL, timers, canvas)
//! live in `app`. A run is identified by `run_id`: every change of parameters or seed starts a new
//! id, and results carrying an older id are dropped, so a stale run can never overwrite a fresh
//! one.

use infoloop_core::link::{self, Correction, ShareState};
use infoloop_core::scenario::{Preset, Run, ScenarioRef};
use infoloop_core::spec::RunSpec;
use infoloop_core::sweep::{SweepGrid, SweepSpec};
use std::rc::Rc;
use std::sync::Arc;

/// What the charts show: a run over time, or a sweep's grid.
#[derive(Clone, Debug)]
pub enum Output {
    /// A run of a scenario.
    Run(Run),
    /// A sweep's grid (F).
    Sweep(Arc<SweepGrid>),
}

impl PartialEq for Output {
    /// Identity, not contents: cheap for yew's prop diffing; a new result is a new value.
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Output::Run(a), Output::Run(b)) => a == b,
            (Output::Sweep(a), Output::Sweep(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl Output {
    /// The run, if this is one.
    pub fn run(&self) -> Option<&Run> {
        match self {
            Output::Run(run) => Some(run),
            Output::Sweep(_) => None,
        }
    }

    /// The last point of a run over time; `None` for a sweep.
    pub fn last_step(&self) -> Option<usize> {
        self.run().map(Run::last_step)
    }

    /// The step (generation) of point `index`.
    pub fn x_of(&self, index: usize) -> usize {
        self.run().map_or(index, |r| r.x_of(index))
    }

    /// The first point at or after step `step`.
    pub fn index_of(&self, step: usize) -> usize {
        self.run().map_or(step, |r| r.index_of(step))
    }

    /// Hex fingerprint of the curves (equal on every platform for the same link).
    pub fn fingerprint(&self) -> String {
        use infoloop_core::scenario::Curves;
        match self {
            Output::Run(run) => run.fingerprint(),
            Output::Sweep(grid) => grid.fingerprint(),
        }
    }
}

/// Everything the page shows.
#[derive(Clone, Debug, PartialEq)]
pub struct State {
    /// Parameters and seed (what the share link says).
    pub share: ShareState,
    /// What parsing the opening link corrected; shown until dismissed.
    pub notes: Vec<Correction>,
    /// A short note about what a control just did for the reader (e.g. turned the verifier on).
    pub hint: Option<String>,
    /// The id of the run the current parameters call for.
    pub run_id: u64,
    /// The latest result and the id of the run it belongs to (may be partial or stale).
    pub shown: Option<(u64, Output)>,
    /// Work done / total of the run in progress.
    pub progress: (usize, usize),
    /// Milliseconds the run in progress has computed so far (for the estimate of the rest).
    pub computed_ms: f64,
    /// The run was cancelled at this share of its work: the curves are what was done.
    pub cancelled: Option<f64>,
    /// Which generation the charts show, and whether it advances by itself.
    pub transport: Transport,
    /// The pinned comparison's computed run (the link's `pin=` says which), drawn as a ghost.
    pub pinned: Option<Pinned>,
    /// The other scenarios' parameters as last seen, so a tab keeps its settings.
    pub memory: Vec<RunSpec>,
    /// Why a data file a scenario needs (G's word list) could not be loaded, if it could not.
    pub asset_error: Option<String>,
    /// How many data files have been installed: runs waiting for one start when it grows.
    pub assets_installed: u32,
}

/// The transport: play the run generation by generation, step, reset.
#[derive(Clone, Debug, PartialEq)]
pub struct Transport {
    /// The last point shown; `None` shows the whole run (the resting state).
    pub cursor: Option<usize>,
    /// Whether the cursor advances on every animation frame.
    pub playing: bool,
    /// Generations per second while playing ([`NORMAL_SPEED`] is "1×").
    pub speed: usize,
    /// The fraction of a generation played but not shown yet (playing is timed, not per frame).
    pub carry: f64,
    /// Playing stops at this generation (`None`: at the end of the run). A generation, not a
    /// point, so it keeps its meaning when a new run records every k-th generation.
    pub stop_at: Option<usize>,
    /// Why playing stopped by itself (e.g. the tab was hidden), shown to the reader.
    pub paused_because: Option<&'static str>,
}

impl Default for Transport {
    fn default() -> Self {
        Transport {
            cursor: None,
            playing: false,
            speed: NORMAL_SPEED,
            carry: 0.0,
            stop_at: None,
            paused_because: None,
        }
    }
}

/// The seed a first visit (and "reset all settings") uses.
pub const DEFAULT_SEED_OF_PAGE: u64 = infoloop_core::spec::DEFAULT_SEED;

/// Playing at "1×": generations per second, slow enough to watch a curve form.
pub const NORMAL_SPEED: usize = 10;
/// Fastest playback, generations per second (a 100 000-generation run in ten seconds).
pub const MAX_SPEED: usize = 10_000;
/// Slowest playback, generations per second.
pub const MIN_SPEED: usize = 2;

/// A run kept for comparison, with what it was.
#[derive(Clone, Debug, PartialEq)]
pub struct Pinned {
    /// What the run was, e.g. "Verifier s = 0.4 (seed 1)".
    pub label: String,
    /// Its specification (what `pin=` holds).
    pub spec: RunSpec,
    /// Its curves.
    pub run: Run,
}

/// What to call a run in a legend: its preset, or its settings, and its seed.
///
/// ```
/// # use infoloop::state::run_label;
/// # use infoloop_core::link::parse_query;
/// assert_eq!(run_label(&parse_query("ver=1&seed=3").0.run), "Verifier s = 0.4 (seed 3)");
/// assert_eq!(run_label(&parse_query("s=0.7&n=64").0.run), "s = 0.7, n = 64 (seed 1)");
/// ```
pub fn run_label(spec: &RunSpec) -> String {
    let what = match spec.preset() {
        Some(preset) => preset.label.to_string(),
        None => {
            let settings: Vec<String> = spec
                .changed()
                .map(|(s, v)| {
                    format!(
                        "{} = {}",
                        s.key,
                        infoloop_core::scenario::format::shortest(v)
                    )
                })
                .collect();
            if settings.is_empty() {
                "defaults".into()
            } else {
                settings.join(", ")
            }
        }
    };
    format!("{what} (seed {})", spec.seed)
}

/// Everything that can happen to the state.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// A slider or toggle moved: validated and clamped by the parameter's spec. A parameter
    /// that acts through a toggle (the verifier's strength) turns the toggle on.
    SetParam { key: String, value: f64 },
    /// A new seed (the "new seed" button or the seed field).
    SetSeed(u64),
    /// Switch to another scenario (its parameters are kept from earlier visits); turns the sweep
    /// view off.
    SetScenario(ScenarioRef),
    /// Open the sweep view (F) on scenario `base`, keeping the sweep settings if they fit it.
    OpenSweep(ScenarioRef),
    /// Change what the sweep view sweeps (validated against its scenario).
    SetSweep(SweepSpec),
    /// Replace the active scenario's parameters by a preset's (the seed is kept).
    ApplyPreset(&'static Preset),
    /// Open scenario `scenario` on its preset `label` (the gallery's "Show it").
    OpenPreset {
        scenario: ScenarioRef,
        label: &'static str,
    },
    /// The runner made progress on run `run_id` (a partial result may come with it).
    Progress {
        run_id: u64,
        done: usize,
        total: usize,
        partial: Option<Output>,
        computed_ms: f64,
    },
    /// Run `run_id` was cancelled by the reader; `output` is the work done so far.
    Cancelled { run_id: u64, output: Output },
    /// Every setting of the active tab back to its default (the seed too), as on a first visit.
    ResetAll,
    /// The reader went Back or Forward to a link of this page.
    Navigate(String),
    /// Run `run_id` finished.
    Finished { run_id: u64, output: Output },
    /// Hide the link-correction note and the control hint.
    DismissNotes,
    /// Start over from a link (a figure element's attribute changed).
    Load(String),
    /// Start playing from generation 0 (or go on from the cursor).
    Play,
    /// Play if paused, pause if playing (the Space key).
    TogglePlay,
    /// Stop playing; with a reason when the page stopped it (tab hidden, embed off-screen).
    Pause(Option<&'static str>),
    /// One animation frame of playing, `ms` after the previous one: the cursor moves on by the
    /// speed (generations per second) times the time.
    Tick(f64),
    /// Show one more generation (from the whole run: back to generation 0).
    Step,
    /// Back to generation 0 with the same seed (the same curves).
    Reset,
    /// Generations per frame while playing.
    SetSpeed(usize),
    /// The generation where playing stops (`None`: the end of the run).
    SetStopAt(Option<usize>),
    /// Pin a run as the comparison ghost (`None`: unpin).
    Pin(Option<Pinned>),
    /// The run the link's `pin=` asks for has been computed.
    PinComputed { spec: RunSpec, run: Run },
    /// A data file the scenario needs has been fetched and installed (or could not be).
    AssetLoaded(Result<(), String>),
}

impl State {
    /// The state a link opens: parsed, clamped, with its corrections as notes. A first visit
    /// (no query at all) opens the default view with its scenario's comparison pinned, and the
    /// page writes that pin into the link like any other.
    pub fn from_query(query: &str) -> Self {
        let (mut share, notes) = link::parse_query(query);
        if query.trim_start_matches('?').is_empty() {
            share.pin = default_comparison(&share.run);
        }
        State {
            share,
            notes,
            hint: None,
            run_id: 1,
            shown: None,
            progress: (0, 0),
            computed_ms: 0.0,
            cancelled: None,
            transport: Transport::default(),
            pinned: None,
            memory: Vec::new(),
            asset_error: None,
            assets_installed: 0,
        }
    }

    /// The state a figure element opens with its `link`: like [`State::from_query`], but always a
    /// figure (a link that names none shows its scenario's main chart with its headline
    /// controls).
    pub fn for_element(query: &str) -> Self {
        let mut state = State::from_query(query);
        if state.share.figure.is_none() {
            let scenario = state.scenario();
            state.share.figure = Some(link::Figure {
                charts: vec![scenario.chart_keys()[0].0.to_string()],
                controls: scenario
                    .info()
                    .headline
                    .iter()
                    .map(|k| k.to_string())
                    .collect(),
            });
        }
        state
    }

    /// The active scenario.
    pub fn scenario(&self) -> ScenarioRef {
        self.share.run.scenario
    }

    /// The shown run, if it is a run over time.
    pub fn shown_run(&self) -> Option<&Run> {
        self.shown.as_ref().and_then(|(_, o)| o.run())
    }

    /// The last generation playing can reach: the run's end or the stop, whichever is first.
    pub fn play_end(&self) -> Option<usize> {
        let out = &self.shown.as_ref()?.1;
        let last = out.last_step()?;
        Some(
            self.transport
                .stop_at
                .map_or(last, |g| out.index_of(g).min(last)),
        )
    }

    /// The point the charts and readouts show (`None`: the run's last).
    pub fn shown_step(&self) -> Option<usize> {
        let last = self.shown.as_ref()?.1.last_step()?;
        self.transport.cursor.map(|c| c.min(last))
    }

    /// The data file the active scenario needs and does not have yet (G's word list before the
    /// page has fetched it): no run starts until it is installed.
    pub fn missing_asset(&self) -> Option<&'static str> {
        match self.scenario().asset() {
            Some((file, false)) => Some(file),
            _ => None,
        }
    }

    /// Whether the shown curves belong to the current parameters and are complete.
    pub fn is_done(&self) -> bool {
        matches!(&self.shown, Some((id, _)) if *id == self.run_id)
            && self.progress.0 >= self.progress.1
    }

    /// The share-link query for the current state.
    pub fn query(&self) -> String {
        link::to_query(&self.share)
    }

    /// Applies one action, returning the next state (`None`: nothing changed).
    pub fn apply(&self, action: Action) -> Option<State> {
        let mut next = self.clone();
        match action {
            Action::SetParam { key, value } => {
                let before = next.share.run.clone();
                let spec = next.share.run.spec(&key)?;
                next.share.run.set(&key, value)?;
                if next.share.run == before {
                    return None;
                }
                // A control that acts through a toggle (the verifier's strength) turns it on.
                if let Some(toggle) = spec.needs {
                    if next.share.run.get(toggle).is_some_and(|v| v < 0.5) {
                        next.share.run.set(toggle, 1.0);
                        let name = next.share.run.spec(toggle).map_or(toggle, |s| s.label);
                        next.hint = Some(format!(
                            "Moving {} turned the {name} on: it acts only through it.",
                            spec.label
                        ));
                    }
                }
                next.new_run();
            }
            Action::SetSeed(seed) => {
                if seed == next.share.run.seed {
                    return None;
                }
                next.share.run.seed = seed;
                next.new_run();
            }
            Action::SetScenario(id) => {
                if id == next.scenario() && !next.share.sweep_on {
                    return None;
                }
                if id != next.scenario() {
                    next.switch_to(id);
                }
                next.share.sweep_on = false;
                next.rest();
            }
            Action::OpenSweep(base) => {
                if next.share.sweep_on && base == next.scenario() {
                    return None;
                }
                if base != next.scenario() {
                    next.switch_to(base);
                }
                next.share.sweep_on = true;
                next.rest();
            }
            Action::SetSweep(spec) => {
                let (spec, _) = spec.validated(next.scenario());
                if spec == next.share.sweep {
                    return None;
                }
                next.share.sweep = spec;
                next.new_run();
            }
            Action::ApplyPreset(preset) => {
                let applied = next.share.run.with_preset(preset);
                if applied == next.share.run {
                    return None;
                }
                next.share.run = applied;
                next.new_run();
            }
            Action::OpenPreset { scenario, label } => {
                let preset = scenario.presets().iter().find(|p| p.label == label)?;
                if scenario != next.scenario() || next.share.sweep_on {
                    next.switch_to(scenario);
                    next.share.sweep_on = false;
                    next.rest();
                }
                next.share.run = next.share.run.with_preset(preset);
                // Compared with the scenario's comparison, or its first preset (the baseline)
                // when it is the comparison itself.
                let run = &next.share.run;
                let baseline = scenario.presets().first().map(|b| run.with_preset(b));
                next.share.pin = [default_comparison(run), baseline]
                    .into_iter()
                    .flatten()
                    .find(|pin| pin != run);
                next.pinned = None;
                next.new_run();
            }
            Action::Progress {
                run_id,
                done,
                total,
                partial,
                computed_ms,
            } => {
                if run_id != self.run_id {
                    return None;
                }
                next.progress = (done, total);
                next.computed_ms = computed_ms;
                if let Some(output) = partial {
                    next.shown = Some((run_id, output));
                    next.cursor_from_link();
                }
            }
            Action::Cancelled { run_id, output } => {
                if run_id != self.run_id || self.is_done() {
                    return None;
                }
                let (done, total) = self.progress;
                next.cancelled = Some(done as f64 / total.max(1) as f64);
                next.progress = (total.max(1), total.max(1));
                next.shown = Some((run_id, output));
                next.cursor_from_link();
            }
            Action::ResetAll => {
                let mut run = RunSpec::new(self.scenario());
                run.seed = crate::state::DEFAULT_SEED_OF_PAGE;
                let pin = default_comparison(&run);
                if run == self.share.run && pin == self.share.pin && !self.share.sweep_on {
                    return None;
                }
                next.share.run = run;
                next.share.sweep_on = false;
                next.share.sweep = SweepSpec::default_for(next.scenario());
                next.rest();
                next.share.pin = pin;
            }
            Action::Navigate(query) => {
                let loaded = State::from_query(&query);
                if loaded.share == self.share {
                    return None;
                }
                next.share = loaded.share;
                next.notes = loaded.notes;
                next.shown = None;
                next.pinned = None;
                next.transport = Transport {
                    speed: self.transport.speed,
                    ..Transport::default()
                };
                next.new_run();
            }
            Action::Finished { run_id, output } => {
                if run_id != self.run_id {
                    return None;
                }
                next.progress = (next.progress.1.max(1), next.progress.1.max(1));
                next.shown = Some((run_id, output));
                next.cursor_from_link();
            }
            Action::Load(query) => {
                let loaded = State::for_element(&query);
                if loaded.share == self.share {
                    return None;
                }
                next = State {
                    run_id: self.run_id + 1,
                    ..loaded
                };
                next.progress = (0, 1);
            }
            Action::DismissNotes => {
                if next.notes.is_empty() && next.hint.is_none() {
                    return None;
                }
                next.notes.clear();
                next.hint = None;
            }
            Action::Play => {
                let end = self.play_end()?;
                let t = &mut next.transport;
                if t.playing {
                    return None;
                }
                if t.cursor.is_none_or(|c| c >= end) {
                    t.cursor = Some(0);
                }
                t.playing = true;
                t.paused_because = None;
                t.carry = 0.0;
            }
            Action::TogglePlay => {
                let action = if self.transport.playing {
                    Action::Pause(None)
                } else {
                    Action::Play
                };
                return self.apply(action);
            }
            Action::Pause(reason) => {
                if !self.transport.playing {
                    return None;
                }
                next.transport.playing = false;
                next.transport.paused_because = reason;
            }
            Action::Tick(ms) => {
                let end = self.play_end()?;
                let out = &self.shown.as_ref()?.1;
                let t = &mut next.transport;
                if !t.playing {
                    return None;
                }
                // The generations due since the last frame (a frame longer than a second, as
                // after a hidden tab, counts as one second).
                let due = t.carry + t.speed as f64 * ms.clamp(0.0, 1000.0) / 1000.0;
                let steps = due.floor();
                t.carry = due - steps;
                if steps < 1.0 {
                    return (next != *self).then_some(next);
                }
                // At least one point on: a very long run keeps every k-th generation.
                let from = t.cursor.unwrap_or(0);
                let to = out.index_of(out.x_of(from).saturating_add(steps as usize));
                let cursor = to.max(from + 1).min(end);
                t.cursor = Some(cursor);
                t.playing = cursor < end;
            }
            Action::Step => {
                let end = self.play_end()?;
                let t = &mut next.transport;
                t.playing = false;
                t.paused_because = None;
                t.cursor = Some(match t.cursor {
                    Some(c) if c < end => c + 1,
                    _ => 0,
                });
            }
            Action::Reset => {
                self.play_end()?;
                let t = &mut next.transport;
                t.playing = false;
                t.paused_because = None;
                t.cursor = Some(0);
            }
            Action::SetSpeed(speed) => {
                next.transport.speed = speed.clamp(MIN_SPEED, MAX_SPEED);
            }
            Action::SetStopAt(stop) => {
                next.transport.stop_at = stop;
            }
            Action::Pin(pinned) => {
                next.share.pin = pinned.as_ref().map(|p| p.spec.clone());
                next.pinned = pinned;
            }
            Action::AssetLoaded(result) => match result {
                Ok(()) => {
                    next.asset_error = None;
                    next.assets_installed += 1;
                    next.new_run();
                }
                Err(why) => next.asset_error = Some(why),
            },
            Action::PinComputed { spec, run } => {
                if self.share.pin.as_ref() != Some(&spec) {
                    return None;
                }
                next.pinned = Some(Pinned {
                    label: run_label(&spec),
                    spec,
                    run,
                });
            }
        }
        next.cursor_to_link();
        if next == *self {
            return None;
        }
        Some(next)
    }

    /// Switches the run to scenario `id`, remembering this scenario's settings and restoring
    /// `id`'s from an earlier visit (the seed and the engine carry over).
    fn switch_to(&mut self, id: ScenarioRef) {
        let current = self.share.run.clone();
        self.memory.retain(|m| m.scenario != current.scenario);
        self.memory.push(current);
        let (seed, engine) = (self.share.run.seed, self.share.run.engine);
        let mut spec = self
            .memory
            .iter()
            .find(|m| m.scenario == id)
            .cloned()
            .unwrap_or_else(|| RunSpec::new(id));
        spec.seed = seed;
        spec.engine = engine;
        self.share.run = spec;
        self.share.sweep = SweepSpec::default_for(id);
    }

    /// A new view: nothing shown or pinned, the transport at rest (its speed kept), a new run.
    fn rest(&mut self) {
        self.shown = None;
        self.pinned = None;
        self.share.pin = None;
        self.share.at = None;
        self.transport = Transport {
            speed: self.transport.speed,
            ..Transport::default()
        };
        self.new_run();
    }

    /// Normalizes the cursor (at the run's last generation it is the whole run) and writes its
    /// generation into the link (`at=`), so a shared link shows what the transport showed.
    fn cursor_to_link(&mut self) {
        let Some((_, out)) = &self.shown else {
            return;
        };
        let Some(last) = out.last_step() else {
            // A sweep has no time axis: nothing to stand at.
            self.transport.cursor = None;
            self.share.at = None;
            return;
        };
        let cursor = self.transport.cursor.filter(|&c| c < last);
        self.transport.cursor = cursor;
        self.share.at = cursor.map(|c| out.x_of(c) as u64);
    }

    /// Puts the cursor at the link's generation (`at=`) in a run that just arrived; a
    /// generation at or past the run's end means the whole run.
    fn cursor_from_link(&mut self) {
        let (Some(at), Some((_, out))) = (self.share.at, &self.shown) else {
            return;
        };
        let Some(last) = out.last_step() else {
            return;
        };
        let index = out.index_of(usize::try_from(at).unwrap_or(usize::MAX));
        self.transport.cursor = (index < last).then_some(index);
        // A shorter new run that ends before the cursor: show it whole and stop playing.
        if self.transport.cursor.is_none() {
            self.transport.playing = false;
        }
    }

    fn new_run(&mut self) {
        self.run_id += 1;
        self.progress = (0, 1);
        self.computed_ms = 0.0;
        self.cancelled = None;
    }

    /// The estimated milliseconds of the whole run in progress, from the time it has computed
    /// and the share of its work done (`None` before any work is done, or when it is done).
    pub fn estimated_ms(&self) -> Option<f64> {
        let (done, total) = self.progress;
        (!self.is_done() && done > 0).then(|| self.computed_ms * total as f64 / done as f64)
    }

    /// The share-link query of the settings: everything but the transport's position, which
    /// moves while playing (what Back and Forward walk through).
    pub fn settings_query(&self) -> String {
        link::to_query(&ShareState {
            at: None,
            ..self.share.clone()
        })
    }

    /// Whether `preset` describes the current parameters exactly.
    pub fn is_preset_active(&self, preset: &Preset) -> bool {
        self.share.run.is_preset(preset)
    }
}

/// The comparison a first visit pins beside `run`: its scenario's declared preset, same seed.
pub fn default_comparison(run: &RunSpec) -> Option<RunSpec> {
    let label = run.scenario.info().comparison?;
    let preset = run.scenario.presets().iter().find(|p| p.label == label)?;
    Some(run.with_preset(preset))
}

impl yew::Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match self.apply(action) {
            Some(next) => Rc::new(next),
            None => self,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use infoloop_core::registry;

    fn run_of(query: &str) -> Output {
        Output::Run(link::parse_query(query).0.run.run())
    }

    fn preset(label: &str) -> &'static Preset {
        registry::default()
            .presets()
            .iter()
            .find(|p| p.label.starts_with(label))
            .unwrap()
    }

    #[test]
    fn a_slider_change_starts_a_new_run_and_drops_stale_results() {
        let s0 = State::from_query("v=1");
        let s1 = s0
            .apply(Action::SetParam {
                key: "n".into(),
                value: 70.0,
            })
            .unwrap();
        assert_eq!(s1.run_id, s0.run_id + 1);
        assert_eq!(s1.query(), "v=1&n=70");
        // A result for the old run is ignored; one for the current run is shown.
        let stale = Action::Finished {
            run_id: s0.run_id,
            output: run_of("r=20&t=2"),
        };
        assert!(s1.apply(stale).is_none());
        let s2 = s1
            .apply(Action::Finished {
                run_id: s1.run_id,
                output: run_of("r=20&t=2"),
            })
            .unwrap();
        assert!(s2.is_done());
    }

    /// A control that acts through a toggle turns it on, and says so.
    #[test]
    fn moving_a_dependent_control_turns_its_toggle_on() {
        let s0 = State::from_query("v=1");
        let Some(dependent) = s0.share.run.specs().iter().find(|s| s.needs.is_some()) else {
            return;
        };
        let toggle = dependent.needs.unwrap();
        let s1 = s0
            .apply(Action::SetParam {
                key: dependent.key.into(),
                value: dependent.max,
            })
            .unwrap();
        assert_eq!(s1.share.run.get(toggle), Some(1.0));
        assert!(s1.hint.as_deref().unwrap().contains("turned"));
        assert!(s1.apply(Action::DismissNotes).unwrap().hint.is_none());
    }

    #[test]
    fn unchanged_or_unknown_settings_do_nothing() {
        let s0 = State::from_query("v=1");
        assert!(s0
            .apply(Action::SetParam {
                key: "n".into(),
                value: 32.0
            })
            .is_none());
        assert!(s0
            .apply(Action::SetParam {
                key: "nope".into(),
                value: 1.0
            })
            .is_none());
        assert!(s0.apply(Action::SetSeed(1)).is_none());
        assert!(s0.apply(Action::SetScenario(registry::default())).is_none());
        let closed = &registry::default().presets()[0];
        assert!(s0.apply(Action::ApplyPreset(closed)).is_none());
    }

    #[test]
    fn out_of_range_slider_values_are_clamped() {
        let s = State::from_query("v=1").apply(Action::SetParam {
            key: "n".into(),
            value: 1e12,
        });
        assert_eq!(s.unwrap().share.run.get("n"), Some(4096.0));
    }

    #[test]
    fn presets_set_their_parameters_and_keep_the_seed() {
        let judge = preset("Self-judge");
        let s = State::from_query("seed=9")
            .apply(Action::ApplyPreset(judge))
            .unwrap();
        assert_eq!(s.query(), "v=3&ver=1&kap=1&seed=9");
        assert!(s.is_preset_active(judge));
        assert!(!s.is_preset_active(preset("Closed")));
    }

    #[test]
    fn a_first_visit_pins_the_scenarios_comparison_and_the_link_carries_it() {
        let s = State::from_query("");
        let pin = s
            .share
            .pin
            .clone()
            .expect("a first visit pins a comparison");
        assert_eq!(Some(pin), default_comparison(&s.share.run));
        assert!(s.query().contains("&pin="), "{}", s.query());
        // A link written by the page says everything: no pin unless it holds one.
        assert!(State::from_query("v=1").share.pin.is_none());
        let reopened = State::from_query(&s.query());
        assert_eq!(reopened.share, s.share);
    }

    #[test]
    fn the_sweep_view_opens_on_the_default_and_follows_its_scenario() {
        let base = registry::default_sweep();
        let s = State::from_query("v=1");
        let s = s.apply(Action::OpenSweep(base)).unwrap();
        assert!(s.share.sweep_on && s.share.sweep == SweepSpec::default_for(base));
        assert_eq!(s.query(), format!("v=1&sc={}&sw=1", base.key()));
        let wider = SweepSpec {
            resolution: 8,
            ..s.share.sweep.clone()
        };
        let s = s.apply(Action::SetSweep(wider)).unwrap();
        assert_eq!(s.query(), format!("v=1&sc={}&sw=1&sn=8", base.key()));
        let s = s.apply(Action::SetScenario(registry::default())).unwrap();
        assert!(!s.share.sweep_on);
    }

    #[test]
    fn a_tab_keeps_its_settings() {
        let all: Vec<ScenarioRef> = registry::all().collect();
        let [a, b, ..] = all[..] else {
            return;
        };
        let s = State::from_query("v=1&n=70&seed=4")
            .apply(Action::SetScenario(b))
            .unwrap();
        assert_eq!((s.scenario(), s.share.run.seed), (b, 4));
        let s = s.apply(Action::SetScenario(a)).unwrap();
        assert_eq!(s.query(), "v=1&n=70&seed=4");
    }

    #[test]
    fn cancel_keeps_the_work_done_and_reset_all_goes_back_to_a_first_visit() {
        let s = State::from_query("v=1&r=5000&t=400&seed=8");
        let partial = Output::Run(link::parse_query("v=1&r=20&t=400&seed=8").0.run.run());
        let s = s
            .apply(Action::Progress {
                run_id: s.run_id,
                done: 50,
                total: 200,
                partial: None,
                computed_ms: 1000.0,
            })
            .unwrap();
        assert_eq!(s.estimated_ms(), Some(4000.0));
        let s = s
            .apply(Action::Cancelled {
                run_id: s.run_id,
                output: partial.clone(),
            })
            .unwrap();
        assert!(s.is_done() && s.cancelled == Some(0.25));
        assert_eq!(s.shown.as_ref().unwrap().1, partial);
        assert_eq!(s.estimated_ms(), None);
        // A cancelled run is done: cancelling again does nothing.
        assert!(s
            .apply(Action::Cancelled {
                run_id: s.run_id,
                output: partial
            })
            .is_none());
        let reset = s.apply(Action::ResetAll).unwrap();
        assert_eq!(reset.share, State::from_query("").share);
        assert!(reset.cancelled.is_none() && reset.run_id > s.run_id);
    }

    #[test]
    fn back_and_forward_open_the_link_they_land_on() {
        let s = State::from_query("v=1&n=70")
            .apply(Action::SetSpeed(50))
            .unwrap();
        let back = s.apply(Action::Navigate("v=1&n=40&seed=3".into())).unwrap();
        assert_eq!(back.query(), "v=1&n=40&seed=3");
        assert_eq!((back.run_id, back.transport.speed), (s.run_id + 1, 50));
        assert!(back
            .apply(Action::Navigate("v=1&n=40&seed=3".into()))
            .is_none());
        assert_eq!(back.settings_query(), back.query());
    }

    #[test]
    fn link_notes_can_be_dismissed() {
        let s = State::from_query("n=banana");
        assert_eq!(s.notes.len(), 1);
        assert!(s.apply(Action::DismissNotes).unwrap().notes.is_empty());
    }

    #[test]
    fn progress_of_a_stale_run_is_ignored() {
        let s = State::from_query("v=1");
        let p = Action::Progress {
            run_id: 99,
            done: 1,
            total: 2,
            partial: None,
            computed_ms: 1.0,
        };
        assert!(s.apply(p).is_none());
    }

    fn finished(query: &str) -> State {
        let s = State::from_query(query);
        let output = Output::Run(s.share.run.run());
        s.apply(Action::Finished {
            run_id: s.run_id,
            output,
        })
        .unwrap()
    }

    #[test]
    fn play_runs_from_generation_0_to_the_end_at_the_chosen_speed_then_stops() {
        let s = finished("r=20&t=5");
        assert_eq!((s.transport.cursor, s.shown_step()), (None, None));
        let s = s.apply(Action::SetSpeed(4)).unwrap();
        let mut s = s.apply(Action::Play).unwrap();
        assert_eq!(s.transport.cursor, Some(0));
        let mut seen = vec![];
        // Half a second a frame at 4 generations a second: 2 generations a frame.
        while let Some(next) = s.apply(Action::Tick(500.0)) {
            s = next;
            seen.push((s.transport.cursor, s.query()));
        }
        // The link follows the transport; the end of the run is the whole run (no `at=`).
        let expected = [
            (Some(2), "v=3&t=5&r=20&at=2"),
            (Some(4), "v=3&t=5&r=20&at=4"),
            (None, "v=3&t=5&r=20"),
        ];
        let expected: Vec<_> = expected.iter().map(|(c, q)| (*c, q.to_string())).collect();
        assert_eq!(seen, expected);
        assert!(!s.transport.playing);
        // Play at the end starts over.
        let s = s.apply(Action::Play).unwrap();
        assert_eq!(s.transport.cursor, Some(0));
    }

    #[test]
    fn a_link_with_at_opens_at_that_generation_and_past_the_end_shows_the_whole_run() {
        let s = finished("r=20&t=5&at=3");
        assert_eq!(
            (s.shown_step(), s.query().as_str()),
            (Some(3), "v=3&t=5&r=20&at=3")
        );
        let s = s.apply(Action::Step).unwrap();
        assert_eq!(s.query(), "v=3&t=5&r=20&at=4");
        let past = finished("r=20&t=5&at=9");
        assert_eq!(
            (past.shown_step(), past.query().as_str()),
            (None, "v=3&t=5&r=20")
        );
        let (_, notes) = link::parse_query("at=-1");
        assert_eq!(notes.len(), 1);
    }

    #[test]
    fn the_stop_is_a_generation_even_when_a_long_run_keeps_every_kth() {
        let s = finished("r=20&t=4000&n=4")
            .apply(Action::SetStopAt(Some(1000)))
            .unwrap();
        let end = s.play_end().unwrap();
        assert_eq!(s.shown.as_ref().unwrap().1.x_of(end), 1000);
        // Speed counts generations too: 10 (20 a second for half a second) is 5 points of a run
        // that keeps every 2nd.
        let s = s
            .apply(Action::SetSpeed(20))
            .unwrap()
            .apply(Action::Play)
            .unwrap();
        let s = s.apply(Action::Tick(500.0)).unwrap();
        assert_eq!((s.transport.cursor, s.share.at), (Some(5), Some(10)));
    }

    #[test]
    fn a_shorter_new_run_while_playing_shows_it_whole_and_stops() {
        let mut s = finished("r=20&t=10").apply(Action::Play).unwrap();
        for _ in 0..6 {
            s = s.apply(Action::Tick(100.0)).unwrap();
        }
        assert_eq!(s.query(), "v=3&t=10&r=20&at=6");
        let s = s
            .apply(Action::SetParam {
                key: "t".into(),
                value: 3.0,
            })
            .unwrap();
        let output = Output::Run(s.share.run.run());
        let s = s
            .apply(Action::Finished {
                run_id: s.run_id,
                output,
            })
            .unwrap();
        assert_eq!((s.transport.cursor, s.transport.playing), (None, false));
        assert_eq!(s.query(), "v=3&t=3&r=20");
    }

    #[test]
    fn the_sweep_view_rests_the_transport_and_drops_at() {
        let s = finished("r=20&t=10").apply(Action::Step).unwrap();
        assert_eq!(s.share.at, Some(0));
        let s = s.apply(Action::OpenSweep(registry::default())).unwrap();
        assert_eq!((s.transport.cursor, s.share.at), (None, None));
        assert!(!s.query().contains("at="));
    }

    #[test]
    fn step_reset_and_the_stop_generation() {
        let s = finished("r=20&t=5")
            .apply(Action::SetStopAt(Some(3)))
            .unwrap();
        // From the whole run, a step goes back to generation 0, then one at a time.
        let s = s.apply(Action::Step).unwrap();
        assert_eq!(s.shown_step(), Some(0));
        let s = s.apply(Action::Step).unwrap().apply(Action::Step).unwrap();
        assert_eq!(s.shown_step(), Some(2));
        // Playing stops at the stop generation, not the end of the run.
        let mut s = s.apply(Action::Play).unwrap();
        while let Some(next) = s.apply(Action::Tick(100.0)) {
            s = next;
        }
        assert_eq!(s.shown_step(), Some(3));
        let seed = s.share.run.seed;
        let s = s.apply(Action::Reset).unwrap();
        assert_eq!((s.shown_step(), s.share.run.seed), (Some(0), seed));
        assert!(s.apply(Action::Reset).is_none());
    }

    #[test]
    fn pausing_records_why_and_the_speed_is_bounded() {
        let s = finished("r=20&t=5").apply(Action::Play).unwrap();
        let paused = s.apply(Action::Pause(Some("tab hidden"))).unwrap();
        assert_eq!(paused.transport.paused_because, Some("tab hidden"));
        assert!(paused.apply(Action::Pause(None)).is_none());
        let again = paused.apply(Action::Play).unwrap();
        assert_eq!(again.transport.paused_because, None);
        let fast = s.apply(Action::SetSpeed(usize::MAX)).unwrap();
        assert_eq!(fast.transport.speed, MAX_SPEED);
        assert_eq!(
            fast.apply(Action::SetSpeed(0)).unwrap().transport.speed,
            MIN_SPEED
        );
    }

    #[test]
    fn the_transport_needs_a_run_over_time_and_a_new_scenario_rests_it() {
        let s = State::from_query("v=1");
        assert!(s.apply(Action::Play).is_none() && s.apply(Action::Step).is_none());
        let s = finished("r=20&t=5").apply(Action::Step).unwrap();
        let pinned = Pinned {
            label: "pinned".into(),
            spec: s.share.run.clone(),
            run: s.shown_run().unwrap().clone(),
        };
        let s = s.apply(Action::Pin(Some(pinned))).unwrap();
        assert_eq!(s.query(), "v=3&t=5&r=20&pin=v=3%26t=5%26r=20&at=0");
        let other = registry::all().nth(1).unwrap_or_else(registry::default);
        let s = s.apply(Action::OpenSweep(other)).unwrap();
        assert_eq!((s.transport.cursor, s.pinned.is_none()), (None, true));
        assert!(!s.query().contains("pin="));
    }

    /// A link's `pin=` reopens the pinned run: the reducer takes the computed run only while
    /// the link still asks for it, labelled by its preset or settings.
    #[test]
    fn a_pinned_run_travels_in_the_link() {
        let s = finished("ver=1&s=0.7&r=20&t=5&pin=r=20%26t=5%26seed=4");
        let spec = s.share.pin.clone().unwrap();
        assert_eq!(link::run_query(&spec), "v=3&t=5&r=20&seed=4");
        let run = spec.run();
        let mut stale = spec.clone();
        stale.seed = 5;
        assert!(
            s.apply(Action::PinComputed {
                spec: stale,
                run: run.clone()
            })
            .is_none(),
            "a run the link no longer asks for"
        );
        let s = s.apply(Action::PinComputed { spec, run }).unwrap();
        assert_eq!(s.pinned.as_ref().unwrap().label, "t = 5, r = 20 (seed 4)");
        assert_eq!(
            s.query(),
            "v=3&ver=1&s=0.7&t=5&r=20&pin=v=3%26t=5%26r=20%26seed=4"
        );
        let unpinned = s.apply(Action::Pin(None)).unwrap();
        assert_eq!(unpinned.query(), "v=3&ver=1&s=0.7&t=5&r=20");
        // The sweep view has no pinned run.
        assert_eq!(link::parse_query("sw=1&pin=v=1").0.pin, None);
    }
}
