//! infoloop: an in-browser explorer for the information theory of synthetic data.
//!
//! [`core`] is the pure simulator and estimators (native and wasm alike); the rest is the yew
//! shell that runs it in the page and draws it with plotters. See ARCHITECTURE.md.
#![forbid(unsafe_code)]

pub mod app;
pub mod charts;

pub mod export;
pub mod scenario;
pub mod share;
pub mod state;
pub mod sweep;

/// Runs the state a share link describes and fingerprints its curves (hex FNV-1a of every value's
/// bits). The same link gives the same fingerprint natively and in the browser.
///
/// ```
/// assert_eq!(infoloop::fingerprint_of_query("v=1&r=20&t=3").len(), 16);
/// ```
pub fn fingerprint_of_query(query: &str) -> String {
    let (state, _) = share::parse_query(query);
    scenario::AnySim::run(&state).fingerprint()
}
