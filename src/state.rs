//! The app state as a pure reducer: one [`State`], one [`Action`] enum, tested natively.
//!
//! The yew shell only dispatches actions and renders the state; effects (URL, timers, canvas)
//! live in `app`. A run is identified by `run_id`: every change of parameters or seed starts a new
//! id, and results carrying an older id are dropped, so a stale run can never overwrite a fresh
//! one.

use crate::scenario::{AnyRun, Preset, ScenarioId};
use crate::share::{self, Correction, ShareState};
use crate::sweep::SweepSpec;
use std::rc::Rc;

/// Everything the page shows.
#[derive(Clone, Debug, PartialEq)]
pub struct State {
    /// Parameters and seed (what the share link says).
    pub share: ShareState,
    /// What parsing the opening link corrected; shown until dismissed.
    pub notes: Vec<Correction>,
    /// The id of the run the current parameters call for.
    pub run_id: u64,
    /// The latest result and the id of the run it belongs to (may be partial or stale).
    pub shown: Option<(u64, AnyRun)>,
    /// Replicates done / total of the run in progress.
    pub progress: (usize, usize),
    /// Which generation the charts show, and whether it advances by itself.
    pub transport: Transport,
    /// A run pinned for comparison (A/B), drawn as a ghost curve on every chart.
    pub pinned: Option<Pinned>,
}

/// The transport: play the run generation by generation, step, reset.
#[derive(Clone, Debug, PartialEq)]
pub struct Transport {
    /// The last generation shown; `None` shows the whole run (the resting state).
    pub cursor: Option<usize>,
    /// Whether the cursor advances on every animation frame.
    pub playing: bool,
    /// Generations per animation frame.
    pub speed: usize,
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
            speed: 1,
            stop_at: None,
            paused_because: None,
        }
    }
}

/// Fastest playback, generations per frame.
pub const MAX_SPEED: usize = 50;

/// A run kept for comparison, with what it was.
#[derive(Clone, Debug, PartialEq)]
pub struct Pinned {
    /// What the run was, e.g. "information-open: verifier s = 0.4".
    pub label: String,
    /// Its curves.
    pub run: AnyRun,
    /// Its state as a link query (what `pin=` holds); `None` for the default view's automatic
    /// comparison, which the link does not need to carry.
    pub query: Option<String>,
}

/// What to call a run in a legend: its preset, or its settings, and its seed.
///
/// ```
/// # use infoloop::{share::parse_query, state::run_label};
/// assert_eq!(run_label(&parse_query("ver=1&seed=3").0), "Verifier s = 0.4 (seed 3)");
/// assert_eq!(run_label(&parse_query("s=0.7&n=64").0), "s = 0.7, n = 64 (seed 1)");
/// ```
pub fn run_label(share: &ShareState) -> String {
    let probe = |preset: &Preset| {
        let mut probe = share.clone();
        probe.reset_params();
        for (key, value) in preset.settings {
            probe.set(key, *value);
        }
        probe == *share
    };
    let what = match share.scenario.presets().iter().find(|p| probe(p)) {
        Some(preset) => preset.label.to_string(),
        None => {
            let query = share::pin_query(share);
            let settings: Vec<&str> = query
                .split('&')
                .filter(|kv| !["v=", "sc=", "seed="].iter().any(|k| kv.starts_with(k)))
                .collect();
            if settings.is_empty() {
                "defaults".into()
            } else {
                settings.join(", ").replace('=', " = ")
            }
        }
    };
    format!("{what} (seed {})", share.seed)
}

/// Everything that can happen to the state.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// A slider or toggle moved: validated and clamped by the parameter's spec.
    SetParam { key: String, value: f64 },
    /// A new seed (the "new seed" button or the seed field).
    SetSeed(u64),
    /// Switch to another scenario (its parameters are kept from earlier visits); turns the sweep
    /// view off.
    SetScenario(ScenarioId),
    /// Open the sweep view (F) on scenario `base`, keeping the sweep settings if they fit it.
    OpenSweep(ScenarioId),
    /// Change what the sweep view sweeps (validated against its scenario).
    SetSweep(SweepSpec),
    /// Replace the active scenario's parameters by a preset's (the seed is kept).
    ApplyPreset(&'static Preset),
    /// The runner made progress on run `run_id` (a partial result may come with it).
    Progress {
        run_id: u64,
        done: usize,
        total: usize,
        partial: Option<AnyRun>,
    },
    /// Run `run_id` finished.
    Finished { run_id: u64, run: AnyRun },
    /// Hide the link-correction note.
    DismissNotes,
    /// Start playing from generation 0 (or go on from the cursor).
    Play,
    /// Play if paused, pause if playing (the Space key).
    TogglePlay,
    /// Stop playing; with a reason when the page stopped it (tab hidden, embed off-screen).
    Pause(Option<&'static str>),
    /// One animation frame of playing: advance the cursor by the speed.
    Tick,
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
    /// The run a link's `pin=` asked for has been computed.
    PinComputed { query: String, run: AnyRun },
}

impl State {
    /// The state a link opens: parsed, clamped, with its corrections as notes.
    pub fn from_query(query: &str) -> Self {
        let (share, notes) = share::parse_query(query);
        State {
            share,
            notes,
            run_id: 1,
            shown: None,
            progress: (0, 0),
            transport: Transport::default(),
            pinned: None,
        }
    }

    /// The last generation playing can reach: the run's end or the stop, whichever is first.
    pub fn play_end(&self) -> Option<usize> {
        let run = &self.shown.as_ref()?.1;
        let last = run.last_step()?;
        Some(
            self.transport
                .stop_at
                .map_or(last, |g| run.index_of(g).min(last)),
        )
    }

    /// The generation the charts and readouts show (`None`: the run's last).
    pub fn shown_step(&self) -> Option<usize> {
        let last = self.shown.as_ref()?.1.last_step()?;
        self.transport.cursor.map(|c| c.min(last))
    }

    /// Whether the shown curves belong to the current parameters and are complete.
    pub fn is_done(&self) -> bool {
        matches!(&self.shown, Some((id, _)) if *id == self.run_id)
            && self.progress.0 >= self.progress.1
    }

    /// The share-link query for the current state.
    pub fn query(&self) -> String {
        share::to_query(&self.share)
    }

    /// Applies one action, returning the next state (`None`: nothing changed).
    pub fn apply(&self, action: Action) -> Option<State> {
        let mut next = self.clone();
        match action {
            Action::SetParam { key, value } => {
                let before = next.share.clone();
                next.share.set(&key, value)?;
                if next.share == before {
                    return None;
                }
                next.new_run();
            }
            Action::SetSeed(seed) => {
                if seed == next.share.seed {
                    return None;
                }
                next.share.seed = seed;
                next.new_run();
            }
            Action::SetScenario(id) => {
                if id == next.share.scenario && !next.share.sweep_on {
                    return None;
                }
                if id != next.share.scenario {
                    next.share.sweep = SweepSpec::default_for(id);
                }
                next.share.scenario = id;
                next.share.sweep_on = false;
                next.shown = None;
                next.pinned = None;
                next.share.pin = None;
                next.share.at = None;
                next.transport = Transport {
                    speed: next.transport.speed,
                    ..Transport::default()
                };
                next.new_run();
            }
            Action::OpenSweep(base) => {
                if next.share.sweep_on && base == next.share.scenario {
                    return None;
                }
                if base != next.share.scenario || next.share.sweep.base != base {
                    next.share.sweep = SweepSpec::default_for(base);
                }
                next.share.scenario = base;
                next.share.sweep_on = true;
                next.shown = None;
                next.pinned = None;
                next.share.pin = None;
                next.share.at = None;
                next.transport = Transport {
                    speed: next.transport.speed,
                    ..Transport::default()
                };
                next.new_run();
            }
            Action::SetSweep(spec) => {
                let spec = SweepSpec {
                    base: next.share.scenario,
                    ..spec
                };
                let (spec, _) = spec.validated();
                if spec == next.share.sweep {
                    return None;
                }
                next.share.sweep = spec;
                next.new_run();
            }
            Action::ApplyPreset(preset) => {
                let before = next.share.clone();
                next.share.reset_params();
                for (key, value) in preset.settings {
                    next.share.set(key, *value);
                }
                if next.share == before {
                    return None;
                }
                next.new_run();
            }
            Action::Progress {
                run_id,
                done,
                total,
                partial,
            } => {
                if run_id != self.run_id {
                    return None;
                }
                next.progress = (done, total);
                if let Some(run) = partial {
                    next.shown = Some((run_id, run));
                    next.cursor_from_link();
                }
            }
            Action::Finished { run_id, run } => {
                if run_id != self.run_id {
                    return None;
                }
                next.progress = (next.progress.1.max(1), next.progress.1.max(1));
                next.shown = Some((run_id, run));
                next.cursor_from_link();
            }
            Action::DismissNotes => {
                if next.notes.is_empty() {
                    return None;
                }
                next.notes.clear();
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
            Action::Tick => {
                let end = self.play_end()?;
                let run = &self.shown.as_ref()?.1;
                let t = &mut next.transport;
                if !t.playing {
                    return None;
                }
                // `speed` generations on (at least one point: a very long run keeps every k-th).
                let from = t.cursor.unwrap_or(0);
                let to = run.index_of(run.x_of(from).saturating_add(t.speed));
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
                next.transport.speed = speed.clamp(1, MAX_SPEED);
            }
            Action::SetStopAt(stop) => {
                next.transport.stop_at = stop;
            }
            Action::Pin(pinned) => {
                next.share.pin = pinned.as_ref().and_then(|p| p.query.clone());
                next.pinned = pinned;
            }
            Action::PinComputed { query, run } => {
                if self.share.pin.as_ref() != Some(&query) {
                    return None;
                }
                let (pinned_share, _) = share::parse_query(&query);
                next.pinned = Some(Pinned {
                    label: run_label(&pinned_share),
                    run,
                    query: Some(query),
                });
            }
        }
        next.cursor_to_link();
        if next == *self {
            return None;
        }
        Some(next)
    }

    /// Normalizes the cursor (at the run's last generation it is the whole run) and writes its
    /// generation into the link (`at=`), so a shared link shows what the transport showed.
    fn cursor_to_link(&mut self) {
        let Some((_, run)) = &self.shown else {
            return;
        };
        let Some(last) = run.last_step() else {
            // A sweep has no time axis: nothing to stand at.
            self.transport.cursor = None;
            self.share.at = None;
            return;
        };
        let cursor = self.transport.cursor.filter(|&c| c < last);
        self.transport.cursor = cursor;
        self.share.at = cursor.map(|c| run.x_of(c) as u64);
    }

    /// Puts the cursor at the link's generation (`at=`) in a run that just arrived; a
    /// generation at or past the run's end means the whole run.
    fn cursor_from_link(&mut self) {
        let (Some(at), Some((_, run))) = (self.share.at, &self.shown) else {
            return;
        };
        let Some(last) = run.last_step() else {
            return;
        };
        let index = run.index_of(usize::try_from(at).unwrap_or(usize::MAX));
        self.transport.cursor = (index < last).then_some(index);
        // A shorter new run that ends before the cursor: show it whole and stop playing.
        if self.transport.cursor.is_none() {
            self.transport.playing = false;
        }
    }

    fn new_run(&mut self) {
        self.run_id += 1;
        self.progress = (0, 1);
    }

    /// Whether `preset` describes the current parameters exactly.
    pub fn is_preset_active(&self, preset: &Preset) -> bool {
        let mut probe = self.share.clone();
        probe.reset_params();
        for (key, value) in preset.settings {
            probe.set(key, *value);
        }
        probe == self.share
    }
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
    use crate::scenario::AnySim;

    fn tiny_run() -> AnyRun {
        let (state, _) = share::parse_query("r=20&t=2");
        AnySim::run(&state)
    }

    fn preset(id: ScenarioId, label: &str) -> &'static Preset {
        id.presets()
            .iter()
            .find(|p| p.label.starts_with(label))
            .unwrap()
    }

    #[test]
    fn a_slider_change_starts_a_new_run_and_drops_stale_results() {
        let s0 = State::from_query("v=1");
        let s1 = s0
            .apply(Action::SetParam {
                key: "s".into(),
                value: 0.7,
            })
            .unwrap();
        assert_eq!(s1.run_id, s0.run_id + 1);
        assert_eq!(s1.query(), "v=1&s=0.7");
        // A result for the old run is ignored; one for the current run is shown.
        assert!(s1
            .apply(Action::Finished {
                run_id: s0.run_id,
                run: tiny_run()
            })
            .is_none());
        let s2 = s1
            .apply(Action::Finished {
                run_id: s1.run_id,
                run: tiny_run(),
            })
            .unwrap();
        assert!(s2.is_done());
    }

    #[test]
    fn unchanged_or_unknown_settings_do_nothing() {
        let s0 = State::from_query("v=1");
        assert!(s0
            .apply(Action::SetParam {
                key: "s".into(),
                value: 0.4
            })
            .is_none());
        assert!(s0
            .apply(Action::SetParam {
                key: "nope".into(),
                value: 1.0
            })
            .is_none());
        assert!(s0.apply(Action::SetSeed(1)).is_none());
        assert!(s0.apply(Action::SetScenario(ScenarioId::Loop)).is_none());
        let closed = preset(ScenarioId::Loop, "Closed");
        assert!(s0.apply(Action::ApplyPreset(closed)).is_none());
    }

    #[test]
    fn out_of_range_slider_values_are_clamped() {
        let s = State::from_query("v=1").apply(Action::SetParam {
            key: "n".into(),
            value: 1e12,
        });
        assert_eq!(s.unwrap().share.loop_params.n_samples, 4096);
    }

    #[test]
    fn presets_set_their_parameters_and_keep_the_seed() {
        let judge = preset(ScenarioId::Loop, "Self-judge");
        let s = State::from_query("seed=9")
            .apply(Action::ApplyPreset(judge))
            .unwrap();
        assert_eq!(s.query(), "v=1&ver=1&kap=1&seed=9");
        assert!(s.is_preset_active(judge));
        assert!(!s.is_preset_active(preset(ScenarioId::Loop, "Closed")));
        assert!(!s.share.loop_params.is_open());
    }

    #[test]
    fn the_sweep_view_opens_on_the_default_and_follows_its_scenario() {
        let s = State::from_query("v=1");
        let s = s.apply(Action::OpenSweep(ScenarioId::Transfer)).unwrap();
        assert!(s.share.sweep_on && s.share.sweep == SweepSpec::default());
        assert_eq!(s.query(), "v=1&sc=transfer&sw=1");
        let wider = SweepSpec {
            resolution: 8,
            ..s.share.sweep.clone()
        };
        let s = s.apply(Action::SetSweep(wider)).unwrap();
        assert_eq!(s.query(), "v=1&sc=transfer&sw=1&sn=8");
        let s = s.apply(Action::SetScenario(ScenarioId::Loop)).unwrap();
        assert!(!s.share.sweep_on);
        assert_eq!(s.share.sweep, SweepSpec::default_for(ScenarioId::Loop));
    }

    #[test]
    fn link_notes_can_be_dismissed() {
        let s = State::from_query("s=banana");
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
        };
        assert!(s.apply(p).is_none());
    }

    fn finished(query: &str) -> State {
        let s = State::from_query(query);
        let run = AnySim::run(&s.share);
        s.apply(Action::Finished {
            run_id: s.run_id,
            run,
        })
        .unwrap()
    }

    #[test]
    fn play_runs_from_generation_0_to_the_end_at_the_chosen_speed_then_stops() {
        let s = finished("r=20&t=5");
        assert_eq!((s.transport.cursor, s.shown_step()), (None, None));
        let s = s.apply(Action::SetSpeed(2)).unwrap();
        let mut s = s.apply(Action::Play).unwrap();
        assert_eq!(s.transport.cursor, Some(0));
        let mut seen = vec![];
        while let Some(next) = s.apply(Action::Tick) {
            s = next;
            seen.push((s.transport.cursor, s.query()));
        }
        // The link follows the transport; the end of the run is the whole run (no `at=`).
        let expected = [
            (Some(2), "v=1&t=5&r=20&at=2"),
            (Some(4), "v=1&t=5&r=20&at=4"),
            (None, "v=1&t=5&r=20"),
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
            (Some(3), "v=1&t=5&r=20&at=3")
        );
        let s = s.apply(Action::Step).unwrap();
        assert_eq!(s.query(), "v=1&t=5&r=20&at=4");
        let past = finished("r=20&t=5&at=9");
        assert_eq!(
            (past.shown_step(), past.query().as_str()),
            (None, "v=1&t=5&r=20")
        );
        let (_, notes) = share::parse_query("at=-1");
        assert_eq!(notes.len(), 1);
    }

    #[test]
    fn the_stop_is_a_generation_even_when_a_long_run_keeps_every_kth() {
        let s = finished("r=20&t=4000&n=4")
            .apply(Action::SetStopAt(Some(1000)))
            .unwrap();
        let end = s.play_end().unwrap();
        assert_eq!(s.shown.as_ref().unwrap().1.x_of(end), 1000);
        // Speed counts generations too: 10 a frame is 5 points of a run that keeps every 2nd.
        let s = s
            .apply(Action::SetSpeed(10))
            .unwrap()
            .apply(Action::Play)
            .unwrap();
        let s = s.apply(Action::Tick).unwrap();
        assert_eq!((s.transport.cursor, s.share.at), (Some(5), Some(10)));
    }

    #[test]
    fn a_shorter_new_run_while_playing_shows_it_whole_and_stops() {
        let mut s = finished("r=20&t=10").apply(Action::Play).unwrap();
        for _ in 0..6 {
            s = s.apply(Action::Tick).unwrap();
        }
        assert_eq!(s.query(), "v=1&t=10&r=20&at=6");
        let s = s
            .apply(Action::SetParam {
                key: "t".into(),
                value: 3.0,
            })
            .unwrap();
        let run = AnySim::run(&s.share);
        let s = s
            .apply(Action::Finished {
                run_id: s.run_id,
                run,
            })
            .unwrap();
        assert_eq!((s.transport.cursor, s.transport.playing), (None, false));
        assert_eq!(s.query(), "v=1&t=3&r=20");
    }

    #[test]
    fn the_sweep_view_rests_the_transport_and_drops_at() {
        let s = finished("r=20&t=10").apply(Action::Step).unwrap();
        assert_eq!(s.share.at, Some(0));
        let s = s.apply(Action::OpenSweep(ScenarioId::Loop)).unwrap();
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
        while let Some(next) = s.apply(Action::Tick) {
            s = next;
        }
        assert_eq!(s.shown_step(), Some(3));
        let seed = s.share.seed;
        let s = s.apply(Action::Reset).unwrap();
        assert_eq!((s.shown_step(), s.share.seed), (Some(0), seed));
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
        assert_eq!(fast.apply(Action::SetSpeed(0)).unwrap().transport.speed, 1);
    }

    #[test]
    fn the_transport_needs_a_run_over_time_and_a_new_scenario_rests_it() {
        let s = State::from_query("v=1");
        assert!(s.apply(Action::Play).is_none() && s.apply(Action::Step).is_none());
        let s = finished("r=20&t=5").apply(Action::Step).unwrap();
        let pinned = Pinned {
            label: "pinned".into(),
            run: s.shown.clone().unwrap().1,
            query: Some(share::pin_query(&s.share)),
        };
        let s = s.apply(Action::Pin(Some(pinned))).unwrap();
        assert_eq!(s.query(), "v=1&t=5&r=20&pin=v=1%26t=5%26r=20&at=0");
        let s = s.apply(Action::SetScenario(ScenarioId::Gauss)).unwrap();
        assert_eq!((s.transport.cursor, s.pinned.is_none()), (None, true));
        assert!(!s.query().contains("pin="));
    }

    /// A link's `pin=` reopens the pinned run: the reducer takes the computed run only while
    /// the link still asks for it, labelled by its preset or settings.
    #[test]
    fn a_pinned_run_travels_in_the_link() {
        let s = finished("ver=1&s=0.7&r=20&t=5&pin=r=20%26t=5%26seed=4");
        assert_eq!(s.share.pin.as_deref(), Some("v=1&t=5&r=20&seed=4"));
        let query = s.share.pin.clone().unwrap();
        let run = AnySim::run(&share::parse_query(&query).0);
        let stale = pin_computed("v=1&t=5&r=20&seed=5", run.clone());
        assert!(
            s.apply(stale).is_none(),
            "a run the link no longer asks for"
        );
        let s = s.apply(pin_computed(&query, run)).unwrap();
        assert_eq!(s.pinned.as_ref().unwrap().label, "t = 5, r = 20 (seed 4)");
        assert_eq!(
            s.query(),
            "v=1&ver=1&s=0.7&t=5&r=20&pin=v=1%26t=5%26r=20%26seed=4"
        );
        let unpinned = s.apply(Action::Pin(None)).unwrap();
        assert_eq!(unpinned.query(), "v=1&ver=1&s=0.7&t=5&r=20");
        // Another scenario's run cannot be pinned; the sweep view has none.
        assert_eq!(share::parse_query("pin=sc%3Dgauss").1.len(), 1);
        assert_eq!(share::parse_query("sw=1&pin=v=1").0.pin, None);
    }

    fn pin_computed(query: &str, run: AnyRun) -> Action {
        Action::PinComputed {
            query: query.into(),
            run,
        }
    }
}
