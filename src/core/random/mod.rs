//! Randomness, in two engine versions that share one interface, [`stream::Stream`].
//!
//! - Engine v1 (frozen: every link made with it replays bit for bit forever):
//!   [`rng::SimRng`], ChaCha8 with a stream per replicate, and the samplers of [`sample`] (and
//!   [`fair_bits`] for small binomials from a reservoir of fair bits).
//! - Engine v2: [`xoshiro::Xoshiro256pp`] seeded per (seed, stream) by SplitMix64, and the
//!   samplers of [`sample_v2`], each O(1) per draw whatever its parameters: the ziggurat normal
//!   ([`ziggurat`]) and the BTPE binomial ([`btpe`]).
//!
//! A scenario draws through a [`stream::Stream`] built for the link's [`stream::Engine`], so one
//! model code path serves every engine.

pub mod btpe;
pub mod btrs;
pub mod fair_bits;
pub mod rng;
pub mod sample;
pub mod sample_v2;
pub mod stream;
#[cfg(test)]
pub(crate) mod testkit;
pub mod xoshiro;
pub mod ziggurat;
