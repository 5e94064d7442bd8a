//! infoloop: an in-browser explorer for the information theory of synthetic data.
//!
//! The science lives in the pure core crate `infoloop_core` (simulation, estimators, the
//! scenarios and their registry, run specifications, sweeps, share links); this crate is the
//! shell that runs it in the page: the yew app ([`app`]), the one chart renderer ([`charts`]),
//! figure and data export ([`export`]) and the app state as a pure reducer ([`state`]). See
//! ARCHITECTURE.md.
#![forbid(unsafe_code)]

pub mod app;
pub mod charts;
pub mod export;
pub mod state;

/// Runs the state a share link describes (its run, or its sweep) and fingerprints its curves
/// (hex FNV-1a of every value's bits). The same link gives the same fingerprint natively and in
/// the browser.
///
/// ```
/// assert_eq!(infoloop::fingerprint_of_query("v=1&r=20&t=3").len(), 16);
/// ```
pub fn fingerprint_of_query(query: &str) -> String {
    use infoloop_core::scenario::Curves;
    let (state, _) = infoloop_core::link::parse_query(query);
    if state.sweep_on {
        infoloop_core::sweep::SweepJob::run(&state.run, &state.sweep).fingerprint()
    } else {
        state.run.run().fingerprint()
    }
}
