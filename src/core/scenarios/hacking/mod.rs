//! Scenario E, reward hacking: the simplest component of the signal wins (DESIGN.md, scenario
//! E). This folder is the whole scenario: its parameters (`params.rs`) and its simulation
//! (`model.rs`).

mod model;
mod params;

pub use model::*;
pub use params::HackingParams;
