//! Randomness: [`rng::SimRng`], the one named portable generator (a stream per replicate), and
//! the exact samplers drawn from it ([`sample`], and [`fair_bits`] for small binomials from a
//! reservoir of fair bits).

pub mod fair_bits;
pub mod rng;
pub mod sample;
