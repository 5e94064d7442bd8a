//! Scenario E (reward hacking): the checks of `tests/scenario/e.rs` on engine v2 (the engine of new links): the same checks at the same bands.

use infoloop_core::random::stream::Engine;

/// The engine every run of these checks uses.
const ENGINE: Engine = Engine::V2;

#[path = "scenario/e.rs"]
mod checks;
