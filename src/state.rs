//! The app state as a pure reducer: one [`State`], one [`Action`] enum, tested natively.
//!
//! The yew shell only dispatches actions and renders the state; effects (URL, timers, canvas)
//! live in `app`. A run is identified by `run_id`: every change of parameters or seed starts a new
//! id, and results carrying an older id are dropped, so a stale run can never overwrite a fresh
//! one.

use crate::core::loop_cat::{LoopParams, LoopRun};
use crate::core::params::Params;
use crate::share::{self, Correction, ShareState};
use std::rc::Rc;

/// A finished (or partial) run, compared by identity so props stay cheap to diff.
#[derive(Clone, Debug)]
pub struct RunHandle(pub Rc<LoopRun>);

impl PartialEq for RunHandle {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// Named starting points, each making one finding of the paper visible.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    /// The model trained on its own outputs: task information can only fall.
    Closed,
    /// A verifier of strength 0.4 injects task information: the loop is information-open.
    Verifier,
    /// A coin-flip verifier (s = 0) carries no information: still closed.
    CoinFlip,
    /// A verifier anchored to the student's own mode (kappa = 1): a self-judge closes the loop.
    SelfJudge,
    /// A quarter of each generation is fresh real data: an external signal.
    FreshData,
}

impl Preset {
    /// Every preset, in menu order.
    pub const ALL: [Preset; 5] = [
        Preset::Closed,
        Preset::Verifier,
        Preset::CoinFlip,
        Preset::SelfJudge,
        Preset::FreshData,
    ];

    /// Button label.
    pub fn label(self) -> &'static str {
        match self {
            Preset::Closed => "Closed loop",
            Preset::Verifier => "Verifier s = 0.4",
            Preset::CoinFlip => "Coin-flip verifier",
            Preset::SelfJudge => "Self-judge κ = 1",
            Preset::FreshData => "Fresh data λ = ¼",
        }
    }

    /// One sentence on what the preset shows.
    pub fn explanation(self) -> &'static str {
        match self {
            Preset::Closed => {
                "Trained only on its own samples, the model can only lose task information (DPI)."
            }
            Preset::Verifier => {
                "An external verifier injects bits about the answer: the loop is information-open."
            }
            Preset::CoinFlip => {
                "A verifier with s = 0 is a coin flip: it keeps a random half and adds nothing."
            }
            Preset::SelfJudge => {
                "A judge that checks agreement with the student's own mode carries nothing new."
            }
            Preset::FreshData => {
                "A quarter of each generation is fresh real data, an external signal."
            }
        }
    }

    /// The parameters of this preset: the defaults with a few changes.
    pub fn params(self) -> LoopParams {
        let mut p = LoopParams::default();
        let set = |p: &mut LoopParams, key: &str, v: f64| {
            p.set(key, v);
        };
        match self {
            Preset::Closed => {}
            Preset::Verifier => set(&mut p, "ver", 1.0),
            Preset::CoinFlip => {
                set(&mut p, "ver", 1.0);
                set(&mut p, "s", 0.0);
            }
            Preset::SelfJudge => {
                set(&mut p, "ver", 1.0);
                set(&mut p, "kap", 1.0);
            }
            Preset::FreshData => set(&mut p, "lam", 0.25),
        }
        p
    }
}

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
    pub shown: Option<(u64, RunHandle)>,
    /// Replicates done / total of the run in progress.
    pub progress: (usize, usize),
}

/// Everything that can happen to the state.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// A slider or toggle moved: validated and clamped by the parameter's spec.
    SetParam { key: String, value: f64 },
    /// A new seed (the "new seed" button or the seed field).
    SetSeed(u64),
    /// Replace the parameters by a preset's (the seed is kept).
    ApplyPreset(Preset),
    /// The runner made progress on run `run_id` (a partial result may come with it).
    Progress {
        run_id: u64,
        done: usize,
        total: usize,
        partial: Option<RunHandle>,
    },
    /// Run `run_id` finished.
    Finished { run_id: u64, run: RunHandle },
    /// Hide the link-correction note.
    DismissNotes,
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
        }
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
                let before = next.share.loop_params.clone();
                next.share.loop_params.set(&key, value)?;
                if next.share.loop_params == before {
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
            Action::ApplyPreset(preset) => {
                let params = preset.params();
                if params == next.share.loop_params {
                    return None;
                }
                next.share.loop_params = params;
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
                }
            }
            Action::Finished { run_id, run } => {
                if run_id != self.run_id {
                    return None;
                }
                next.progress = (next.progress.1.max(1), next.progress.1.max(1));
                next.shown = Some((run_id, run));
            }
            Action::DismissNotes => {
                if next.notes.is_empty() {
                    return None;
                }
                next.notes.clear();
            }
        }
        Some(next)
    }

    fn new_run(&mut self) {
        self.run_id += 1;
        self.progress = (0, self.share.loop_params.n_replicates);
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
    use crate::core::loop_cat;

    fn tiny_run() -> RunHandle {
        let p = LoopParams {
            n_replicates: 20,
            n_generations: 2,
            ..LoopParams::default()
        };
        RunHandle(Rc::new(loop_cat::run(&p, 1)))
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
        assert!(s0.apply(Action::ApplyPreset(Preset::Closed)).is_none());
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
        let s = State::from_query("seed=9")
            .apply(Action::ApplyPreset(Preset::SelfJudge))
            .unwrap();
        assert_eq!(s.query(), "v=1&ver=1&kap=1&seed=9");
        assert!(!s.share.loop_params.is_open());
        assert!(Preset::Verifier.params().is_open());
        assert!(Preset::FreshData.params().is_open());
        assert!(!Preset::CoinFlip.params().is_open());
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
}
