//! Scenario C (supervision budget): the checks of `tests/scenario/c.rs` on engine v1 (the engine of every link written before v2).

use infoloop_core::random::stream::Engine;

/// The engine every run of these checks uses.
const ENGINE: Engine = Engine::V1;

#[path = "scenario/c.rs"]
mod checks;
