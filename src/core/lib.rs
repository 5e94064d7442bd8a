//! infoloop-core: the pure simulator and estimators of the explorer, native and wasm alike.
//!
//! Layers, bottom up: [`math`] (numeric helpers shared by scenarios), [`random`] (the
//! engine versions' portable generators and samplers, behind one `Stream`),
//! [`estimators`] (information functionals, mutual-information estimators, bands), [`scenario`]
//! (what every scenario offers: parameters, a sliceable simulation, curves, chart declarations),
//! [`scenarios`] (the models of DESIGN.md, one folder each, and the registry that lists them),
//! then what runs them: [`spec`] (a run specification), [`sweep`] (a job over specifications),
//! [`link`] (the share link, which holds a specification) and [`bench`] (the benchmark cases).
//!
//! Architecture invariant: this crate depends on no web crate (no yew, web-sys, js-sys,
//! wasm-bindgen, gloo, plotters), so the compiler keeps it pure; it reads no clock, no OS or
//! global RNG and iterates no hash map (clippy's `disallowed-*` lints, `clippy.toml`). A run is
//! a pure function of (parameters, seed).
#![forbid(unsafe_code)]

pub mod bench;
pub mod decimal;
pub mod estimators;
pub mod link;
pub mod math;
pub mod random;
pub mod scenario;
pub mod scenarios;
pub mod sort;
pub mod spec;
pub mod sweep;

/// The registry of scenarios: the list in [`scenarios`], by its usual name.
pub use scenarios as registry;
