//! [`FairBits`]: a reservoir of fair random bits drawn 64 at a time from a replicate's
//! [`Stream`], and the exact binomial sampler built on it, which compares uniforms with `p` one
//! binary digit at a time while keeping only counts: about `2n` random bits and no
//! transcendental function per draw, several times faster than v1's
//! [`sample::binomial`](super::sample::binomial) for the small counts of a policy-gradient batch.
//! On a v1 stream it draws exactly what it drew on v1's [`SimRng`](super::rng::SimRng) (the
//! same 64-bit outputs, and [`Stream::binomial`] is v1's sampler there).

use crate::random::stream::Stream;

/// Largest `n` drawn by [`FairBits::binomial`]; larger ones go to [`Stream::binomial`].
pub const DIGIT_MAX_N: u64 = 4096;

/// A reservoir of fair random bits drawn 64 at a time from a replicate's [`Stream`], and the
/// exact binomial sampler built on it.
///
/// ```
/// # use infoloop_core::random::{fair_bits::FairBits, stream::{Engine, Stream}};
/// let mut bits = FairBits::new(Stream::new(Engine::V1, 1, 0));
/// let k = bits.binomial(64, 0.3);
/// assert!(k <= 64);
/// assert_eq!((bits.binomial(10, 0.0), bits.binomial(10, 1.0)), (0, 10));
/// ```
#[derive(Clone, Debug)]
pub struct FairBits {
    rng: Stream,
    word: u64,
    available: u32,
}

impl FairBits {
    /// A reservoir drawing from `rng` (empty until the first draw).
    pub fn new(rng: Stream) -> Self {
        FairBits {
            rng,
            word: 0,
            available: 0,
        }
    }

    /// The number of ones among `k` fresh fair bits: a Binomial(k, 1/2) draw.
    fn count_ones(&mut self, mut k: u64) -> u64 {
        let mut ones = 0u64;
        while k > 0 {
            if self.available == 0 {
                self.word = self.rng.next_u64();
                self.available = 64;
            }
            let take = k.min(self.available as u64) as u32;
            if take == 64 {
                ones += self.word.count_ones() as u64;
                self.word = 0;
            } else {
                ones += (self.word & ((1u64 << take) - 1)).count_ones() as u64;
                self.word >>= take;
            }
            self.available -= take;
            k -= take as u64;
        }
        ones
    }

    /// An exact Binomial(n, p) draw: `n` uniforms compared with `p` one binary digit at a time,
    /// keeping only counts. At each digit every still-undecided uniform gets a fresh fair bit;
    /// where `p`'s digit is 1, those with bit 0 are below `p` (successes), and where it is 0,
    /// those with bit 1 are above `p` (failures); the rest go on. The uniforms are exchangeable,
    /// so only the number undecided matters, and the number with bit 1 among `u` is the
    /// popcount of `u` fair bits. A uniform is decided after 2 bits on average, so a draw costs
    /// about `2n` random bits (two 64-bit words for `n = 64`) plus `log2(n) + 2` digit steps,
    /// whatever `p`, with no transcendental function. `P(success) = p` exactly: every `f64` in
    /// (0, 1) is a finite binary fraction, and uniforms still undecided when its digits run out
    /// equal it so far, hence are not below it. `p` outside [0, 1] or NaN is treated as the
    /// nearest end (0 for NaN). Above [`DIGIT_MAX_N`] it defers to [`Stream::binomial`].
    pub fn binomial(&mut self, n: u64, p: f64) -> u64 {
        if n == 0 || p.is_nan() || p <= 0.0 {
            return 0;
        }
        if p >= 1.0 {
            return n;
        }
        if n > DIGIT_MAX_N {
            return self.rng.binomial(n, p);
        }
        let (mut undecided, mut below) = (n, 0u64);
        // The digits of p not yet compared, as a fraction in [0, 1): doubling and subtracting 1
        // are exact in floating point.
        let mut digits = p;
        while undecided > 0 && digits > 0.0 {
            digits *= 2.0;
            let ones = self.count_ones(undecided);
            let zeros = undecided - ones;
            // Branch-free on the digit d (unpredictable): d = 1 keeps the ones and counts the
            // zeros as successes; d = 0 keeps the zeros.
            let d = (digits >= 1.0) as u64;
            digits -= d as f64;
            below += d * zeros;
            undecided = d * ones + (1 - d) * zeros;
        }
        below
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::stream::Engine;

    /// Binomial pmf by the product formula (small n only).
    fn binomial_pmf(n: u64, p: f64) -> Vec<f64> {
        let mut pmf = vec![0.0; n as usize + 1];
        let mut choose = 1.0f64;
        for k in 0..=n {
            pmf[k as usize] = choose * libm::pow(p, k as f64) * libm::pow(1.0 - p, (n - k) as f64);
            choose = choose * (n - k) as f64 / (k + 1) as f64;
        }
        pmf
    }

    #[test]
    fn digit_binomial_has_the_binomial_law() {
        // Pearson chi-square over cells with expected count >= 5, against a generous bound
        // (df + 6 sqrt(2 df)); deterministic for the fixed stream.
        for (n, p) in [
            (1u64, 0.3),
            (10, 0.3),
            (64, 0.5),
            (70, 0.9),
            (130, 0.02),
            (256, 0.61),
            (600, 0.37),
        ] {
            let draws = 20_000;
            let mut bits = FairBits::new(Stream::new(Engine::V1, 17, n));
            let mut counts = vec![0u64; n as usize + 1];
            for _ in 0..draws {
                let k = bits.binomial(n, p);
                assert!(k <= n);
                counts[k as usize] += 1;
            }
            let pmf = binomial_pmf(n, p);
            let (mut chi2, mut df) = (0.0, 0usize);
            for (k, &pk) in pmf.iter().enumerate() {
                let e = pk * draws as f64;
                if e >= 5.0 {
                    let d = counts[k] as f64 - e;
                    chi2 += d * d / e;
                    df += 1;
                }
            }
            let df = df.saturating_sub(1).max(1) as f64;
            let bound = df + 6.0 * f64::sqrt(2.0 * df);
            assert!(chi2 < bound, "n={n} p={p}: chi2 {chi2} (df {df})");
        }
        let mut bits = FairBits::new(Stream::new(Engine::V1, 1, 1));
        assert_eq!(bits.binomial(50, 0.0), 0);
        assert_eq!(bits.binomial(50, 1.0), 50);
        assert_eq!(bits.binomial(50, f64::NAN), 0);
        assert_eq!(bits.binomial(0, 0.5), 0);
        // A tiny p is resolved in a few words, not by running through its leading zeros.
        let k: u64 = (0..1000).map(|_| bits.binomial(200, 1e-300)).sum();
        assert_eq!(k, 0);
    }
}
