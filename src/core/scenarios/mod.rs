//! The scenarios of DESIGN.md, one folder each (model, parameters, presets, captions, chart
//! declarations), and the registry: the one list of them. A scenario is its folder plus one line
//! in [`scenarios!`] below; the page's tabs, share links, sweeps, benchmarks and the contract
//! tests all read this list and nothing else.

use crate::scenario::{Registered, Scenario, ScenarioRef};

pub mod why;

/// Declares the scenario folders and lists their models, in tab order (the first is the page's
/// default): `folder::Model,` per line.
macro_rules! scenarios {
    ($($folder:ident :: $model:ident),+ $(,)?) => {
        $(pub mod $folder;)+

        /// Every scenario, in tab order.
        static ALL: &[&dyn Scenario] = &[$(&Registered::<$folder::$model>::NEW),+];
    };
}

scenarios! {
    loop_cat::Loop,
    loop_gauss::Gauss,
}

/// The scenario modules not yet in the list above (being rewritten to the folder layout).
pub mod budget;
pub mod hacking;
pub mod transfer;

/// The scenario whose sweep the sweep tab opens on.
pub const DEFAULT_SWEEP: &str = "loop";

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
    }
}
