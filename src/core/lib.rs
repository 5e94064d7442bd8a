//! infoloop-core: the pure simulator and estimators of the explorer, native and wasm alike.
//!
//! Layers, bottom up: [`math`] (numeric helpers shared by scenarios), [`random`] (the
//! engine versions' portable generators and samplers, behind one `Stream`),
//! [`estimators`] (information functionals, mutual-information estimators, bands), [`scenario`]
//! (what every scenario offers: parameters, a sliceable simulation, curves) and [`scenarios`]
//! (the models of DESIGN.md, one folder each).
//!
//! Architecture invariant: this crate depends on no web crate (no yew, web-sys, js-sys,
//! wasm-bindgen, gloo, plotters), so the compiler keeps it pure; it reads no clock, no OS or
//! global RNG and iterates no hash map (clippy's `disallowed-*` lints, `clippy.toml`). A run is
//! a pure function of (parameters, seed).
#![forbid(unsafe_code)]

pub mod estimators;
pub mod math;
pub mod random;
pub mod scenario;
pub mod scenarios;
