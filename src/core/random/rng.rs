//! The one named random number generator of the simulator, and its primitive draws.
//!
//! Determinism contract: every random quantity in a run comes from a [`SimRng`] built by
//! [`SimRng::for_stream`] from the run's seed and a stream number (one stream per replicate), and
//! every draw is derived from the generator's 64-bit outputs with integer arithmetic or `libm`.
//! ChaCha8 is specified bit for bit, so the same (parameters, seed) gives the same numbers on every
//! platform, native or wasm. Never `StdRng` (its algorithm may change between `rand` releases) and
//! never a thread-local or OS generator.

use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The simulator's generator: ChaCha8, seeded from a `u64` and a stream number.
#[derive(Clone, Debug)]
pub struct SimRng(ChaCha8Rng);

impl SimRng {
    /// The generator for stream `stream` of the run seeded with `seed`.
    ///
    /// Streams are independent ChaCha8 streams of one key, so replicates do not depend on the
    /// order in which they are computed (or on how the work is sliced across animation frames).
    pub fn for_stream(seed: u64, stream: u64) -> Self {
        let mut inner = ChaCha8Rng::seed_from_u64(seed);
        inner.set_stream(stream);
        SimRng(inner)
    }

    /// A raw 64-bit output.
    pub fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// A uniform double in [0, 1) with 53 random bits.
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// A uniform double in (0, 1]: safe to take the logarithm of.
    pub fn uniform_open0(&mut self) -> f64 {
        ((self.next_u64() >> 11) + 1) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// A uniform integer in `0..n` (Lemire's nearly-divisionless method, exact). `n` must be > 0.
    pub fn below(&mut self, n: u64) -> u64 {
        debug_assert!(n > 0, "below(0)");
        let n = n.max(1);
        loop {
            let m = (self.next_u64() as u128) * (n as u128);
            let low = m as u64;
            if low >= n.wrapping_neg() % n {
                return (m >> 64) as u64;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_reproducible_and_distinct() {
        let a: Vec<u64> = (0..4)
            .map(|_| SimRng::for_stream(7, 3).next_u64())
            .collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]));
        let mut s0 = SimRng::for_stream(7, 0);
        let mut s1 = SimRng::for_stream(7, 1);
        assert_ne!(s0.next_u64(), s1.next_u64());
    }

    #[test]
    fn chacha8_output_is_pinned() {
        // Pins the generator's bits: if a dependency update changed them, old links would no
        // longer reproduce their curves.
        let mut rng = SimRng::for_stream(42, 0);
        let first = rng.next_u64();
        assert_eq!(first, SimRng::for_stream(42, 0).next_u64());
        assert_eq!(format!("{first:016x}"), PINNED_FIRST_OUTPUT);
    }
    const PINNED_FIRST_OUTPUT: &str = "ae90bfb5395d5ba1";

    #[test]
    fn below_is_in_range_and_covers() {
        let mut rng = SimRng::for_stream(1, 0);
        let mut seen = [0u32; 5];
        for _ in 0..5000 {
            let k = rng.below(5) as usize;
            seen[k] += 1;
        }
        assert!(seen.iter().all(|&c| (850..1150).contains(&c)), "{seen:?}");
    }

    #[test]
    fn uniforms_are_in_their_intervals() {
        let mut rng = SimRng::for_stream(3, 9);
        for _ in 0..10_000 {
            let u = rng.uniform();
            assert!((0.0..1.0).contains(&u));
            let v = rng.uniform_open0();
            assert!(v > 0.0 && v <= 1.0);
        }
    }
}
