//! Scenario E (reward hacking): the checks of `tests/scenario/e.rs` on engine v1 (the engine of every link written before v2).

use infoloop_core::random::stream::Engine;

/// The engine every run of these checks uses.
const ENGINE: Engine = Engine::V1;

#[path = "scenario/e.rs"]
mod checks;
