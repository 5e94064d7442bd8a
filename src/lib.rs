//! infoloop: an in-browser explorer for the information theory of synthetic data.
//!
//! [`core`] is the pure simulator and estimators (native and wasm alike); the rest is the yew
//! shell that runs it in the page and draws it with plotters. See ARCHITECTURE.md.
#![forbid(unsafe_code)]

pub mod core;
pub mod share;
