//! The scenarios of DESIGN.md, one folder each (model, parameters, presets, captions, chart
//! declarations), and the registry: the one list of them. A scenario is its folder plus its
//! `pub mod` line and its entry in the `registry!` list below; the page's tabs, share links,
//! sweeps, benchmarks and the contract tests all read this list and nothing else.

use crate::scenario::{BlockApi, Registered, Scenario, ScenarioRef};

pub mod why;

// The scenario folders. (Declared here, not inside the list's macro, so that rustfmt and
// every tool that follows `mod` items sees them.)
pub mod budget;
pub mod hacking;
pub mod loop_cat;
pub mod loop_gauss;
pub mod text;
pub mod transfer;

/// Makes the registry's two tables from the one list of scenarios: `ALL`, every scenario in tab
/// order, and `BLOCK_APIS`, their replicate-block APIs in the same order (a table of its own so
/// that only builds that split runs keep that code: see [`BlockApi`]).
macro_rules! registry {
    ($($model:ty),+ $(,)?) => {
        static ALL: &[&dyn Scenario] = &[$(&Registered::<$model>::NEW),+];
        static BLOCK_APIS: &[&dyn BlockApi] = &[$(&Registered::<$model>::NEW),+];
    };
}

// The one list, in tab order; the first is the page's default. A scenario is its folder, its
// `pub mod` line above and its entry here.
registry!(
    loop_cat::Loop,
    loop_gauss::Gauss,
    budget::Budget,
    transfer::Transfer,
    hacking::Hacking,
    text::Text,
);

/// The replicate-block API of `scenario` (every registered scenario has one).
pub fn block_api(scenario: ScenarioRef) -> &'static dyn BlockApi {
    BLOCK_APIS
        .iter()
        .find(|api| api.key() == scenario.key())
        .copied()
        .expect("every registered scenario is in BLOCK_APIS")
}

/// The gallery "Where does my pipeline sit?": every scenario's pipelines, in the paper's order.
pub fn pipelines() -> Vec<(ScenarioRef, &'static crate::scenario::Pipeline)> {
    let mut out: Vec<_> = all()
        .flat_map(|s| s.pipelines().iter().map(move |p| (s, p)))
        .collect();
    crate::sort::sort_by_key(&mut out, |(_, p)| p.rank);
    out
}

/// The scenario whose sweep the sweep tab opens on.
pub const DEFAULT_SWEEP: &str = "transfer";

/// Every scenario, in tab order.
pub fn all() -> impl Iterator<Item = ScenarioRef> {
    ALL.iter().map(|s| ScenarioRef(*s))
}

/// The default scenario (the first tab).
pub fn default() -> ScenarioRef {
    ScenarioRef(ALL[0])
}

/// The scenario with link key `key`.
pub fn by_key(key: &str) -> Option<ScenarioRef> {
    all().find(|s| s.key() == key)
}

/// The scenario the sweep tab opens on.
pub fn default_sweep() -> ScenarioRef {
    by_key(DEFAULT_SWEEP).unwrap_or_else(default)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_round_trip() {
        let keys: Vec<&str> = all().map(|s| s.key()).collect();
        for (i, key) in keys.iter().enumerate() {
            assert_eq!(by_key(key).map(|s| s.key()), Some(*key));
            assert!(!keys[..i].contains(key), "{key} twice");
        }
        assert!(by_key("nope").is_none());
        assert_eq!(default_sweep().key(), DEFAULT_SWEEP);
        let block_keys: Vec<&str> = BLOCK_APIS.iter().map(|api| api.key()).collect();
        assert_eq!(
            block_keys, keys,
            "BLOCK_APIS lists the scenarios of ALL, in order"
        );
    }
}
