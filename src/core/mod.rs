//! The pure core: seeded simulation of every scenario and the information estimators.
//!
//! Architecture invariant: nothing in `core` touches the web, a clock, the OS or a global RNG
//! (no yew, web-sys, js-sys, wasm-bindgen, gloo, plotters, `std::time`, `thread_rng`); a run is
//! a pure function of (parameters, seed). `tests/tidy.rs` enforces this.

pub mod budget;
pub mod estimators;
pub mod hacking;
pub mod ksg;
pub mod loop_cat;
pub mod loop_gauss;
pub mod params;
pub mod rng;
pub mod sample;
pub mod scenario;
pub mod series;
pub mod transfer;
