//! Randomness: [`rng::SimRng`], the generator of engine v1 (ChaCha8, a stream per replicate),
//! and the exact samplers drawn from it ([`sample`]); [`xoshiro::Xoshiro256pp`], the generator
//! of engine v2.

pub mod rng;
pub mod sample;
pub mod xoshiro;
