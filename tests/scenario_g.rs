//! Scenario G (real text): the checks of `tests/scenario/g.rs` on engine v1 (the engine of every link written before v2).

use infoloop_core::random::stream::Engine;

/// The engine every run of these checks uses.
const ENGINE: Engine = Engine::V1;

#[path = "scenario/g.rs"]
mod checks;
