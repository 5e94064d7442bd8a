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
    /// The bits not yet used, lowest first; those above `available` are 0.
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

    /// The number of ones among `k` fresh fair bits (a Binomial(k, 1/2) draw) when `k` is more
    /// than the reservoir holds: the bits left, then whole words, then the lowest bits of one
    /// more (a new word is drawn only when a bit is needed, and its lowest bits go first).
    #[inline(never)]
    fn count_ones_across(&mut self, mut k: u64) -> u64 {
        debug_assert!(self.available == 64 || self.word >> self.available == 0);
        let mut ones = self.word.count_ones() as u64;
        k -= self.available as u64;
        while k >= 64 {
            ones += self.rng.next_u64().count_ones() as u64;
            k -= 64;
        }
        (self.word, self.available) = (0, 0);
        if k > 0 {
            let (more, rest) = low_ones(self.rng.next_u64(), k as u32);
            (self.word, self.available) = (rest, 64 - k as u32);
            ones += more;
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
        // The reservoir in registers for the loop (each digit's count depends on the last one's:
        // a store and reload of the reservoir per digit would lengthen that chain).
        let (mut word, mut available) = (self.word, self.available);
        while undecided > 0 && digits > 0.0 {
            digits *= 2.0;
            let ones = if undecided <= available as u64 {
                let (ones, rest) = low_ones(word, undecided as u32);
                (word, available) = (rest, available - undecided as u32);
                ones
            } else {
                (self.word, self.available) = (word, available);
                let ones = self.count_ones_across(undecided);
                (word, available) = (self.word, self.available);
                ones
            };
            let zeros = undecided - ones;
            // Branch-free on the digit d (unpredictable): d = 1 keeps the ones and counts the
            // zeros as successes; d = 0 keeps the zeros.
            let d = (digits >= 1.0) as u64;
            digits -= d as f64;
            below += d * zeros;
            undecided = d * ones + (1 - d) * zeros;
        }
        (self.word, self.available) = (word, available);
        below
    }
}

/// The number of ones among the `k` lowest bits of `word` (`1 <= k <= 64`), and the bits above
/// them shifted down.
#[inline(always)]
fn low_ones(word: u64, k: u32) -> (u64, u64) {
    let ones = (word & (u64::MAX >> (64 - k))).count_ones() as u64;
    // Shifting by 64 at once would overflow when k = 64: two shifts.
    (ones, (word >> (k - 1)) >> 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::stream::Engine;

    /// The sampler as its documentation states it, one fair bit at a time (each 64-bit word
    /// from its lowest bit up, a new word only when a bit is needed), with `p`'s digits taken
    /// the same way.
    struct OneBitAtATime {
        rng: Stream,
        word: u64,
        left: u32,
    }

    impl OneBitAtATime {
        fn bit(&mut self) -> u64 {
            if self.left == 0 {
                (self.word, self.left) = (self.rng.next_u64(), 64);
            }
            let b = self.word & 1;
            (self.word, self.left) = (self.word >> 1, self.left - 1);
            b
        }

        fn binomial(&mut self, n: u64, p: f64) -> u64 {
            if n == 0 || p.is_nan() || p <= 0.0 {
                return 0;
            }
            if p >= 1.0 {
                return n;
            }
            let (mut undecided, mut below, mut digits) = (n, 0, p);
            while undecided > 0 && digits > 0.0 {
                digits *= 2.0;
                let ones: u64 = (0..undecided).map(|_| self.bit()).sum();
                if digits >= 1.0 {
                    digits -= 1.0;
                    below += undecided - ones;
                    undecided = ones;
                } else {
                    undecided -= ones;
                }
            }
            below
        }
    }

    #[test]
    fn reservoir_draws_what_one_bit_at_a_time_draws() {
        // Sizes below, at and across a word (1, 63, 64, 65, 130, 200, 4096) and p with short
        // and long binary expansions, in one stream so the reservoir carries over between draws.
        for engine in Engine::ALL {
            let mut fast = FairBits::new(Stream::new(engine, 5, 3));
            let mut slow = OneBitAtATime {
                rng: Stream::new(engine, 5, 3),
                word: 0,
                left: 0,
            };
            let sizes = [1u64, 2, 7, 63, 64, 65, 127, 128, 130, 200, 1000, 4096];
            let ps = [0.5, 0.25, 0.6, 0.45, 1.0 / 3.0, 0.999_99, 1e-3, 0.05, 0.7];
            for i in 0..3000 {
                let (n, p) = (sizes[i % sizes.len()], ps[(i / 7) % ps.len()]);
                assert_eq!(
                    fast.binomial(n, p),
                    slow.binomial(n, p),
                    "{engine:?} draw {i}"
                );
            }
        }
    }

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
