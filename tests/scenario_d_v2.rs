//! Scenario D (transfer): the checks of `tests/scenario/d.rs` on engine v2 (the engine of new links): the same checks at the same bands.

use infoloop_core::random::stream::Engine;

/// The engine every run of these checks uses.
const ENGINE: Engine = Engine::V2;

#[path = "scenario/d.rs"]
mod checks;
