//! Randomness: [`rng::SimRng`], the one named portable generator (a stream per replicate), and
//! the exact samplers drawn from it ([`sample`]).

pub mod rng;
pub mod sample;
