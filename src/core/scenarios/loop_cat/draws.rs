//! Scenario A's draws and logarithms on engine v2: what a generation costs once the generator
//! is cheap. Engine v1 never calls this file (its draws are frozen in `model.rs`).
//!
//! - A generation's `N` samples (and their verdicts) sample by sample for small `N`
//!   ([`PER_SAMPLE_MAX_N`]): each sample is placed among the categorical's cumulative
//!   boundaries (64-bit fixed-point numbers) by its first 15 bits, compared with four
//!   boundaries' first 15 bits at a time in the 16-bit lanes of one 64-bit subtraction
//!   ([`Categorical`]); its other 49 bits are drawn only on a tie (probability about `V 2^-15`),
//!   so a sample costs a quarter of a generator output and a few integer operations, and is
//!   exact to `2^-64`. A verdict is the next 15 bits against the acceptance probability
//!   ([`Verdict`]).
//! - For larger `N`, the counts by conditional binomials (BTRS, [`btrs`]) over the categories in
//!   decreasing order of probability ([`sort_by_probability`]): the large categories come first,
//!   what is left for the small ones is a few trials, and the draws stop when none are left.
//! - With refit rate 1, `p_{t+1}(y) = (w_y + alpha) / (W + V alpha)` for integer weights `w_y`,
//!   so `log2 p_{t+1}(y) = log2(w_y + alpha) - log2(W + V alpha)`: the first term from a table
//!   computed once per simulation ([`LogTable`]), one logarithm per generation for the second.
//!
//! Every transcendental function is `libm`'s and every sum runs in a fixed order, so native and
//! wasm runs agree bit for bit.

use crate::random::btrs;
use crate::random::stream::{Engine, Stream};
use crate::random::xoshiro::Xoshiro256pp;

/// Largest `N` (samples per generation) drawn sample by sample; above it, conditional
/// binomials. Measured natively (benches/samplers.rs, scenario A rows): the two cost the same
/// at about `N = 8 V` for `V = 8`.
pub const PER_SAMPLE_MAX_N: usize = 64;

/// Most answers `V` drawn sample by sample: 9, whose 8 boundaries fit two packs. More answers
/// go by conditional binomials at any `N`: a per-sample path for up to 32 answers (eight packs)
/// cost the page's wasm about 1.5 KB gzip more, for settings off the default.
pub const PER_SAMPLE_MAX_ANSWERS: usize = 9;

/// Packs of four boundary prefixes compared per sample (`PER_SAMPLE_MAX_ANSWERS - 1` lanes).
const PACKS: usize = 2;

/// Entries of [`Categorical`]'s `ties`: the sentinel and `4 PACKS` prefixes, rounded up to a
/// power of two so that an index is masked, not reduced.
const TIES: usize = 16;
const _: () = assert!(4 * PACKS < TIES && TIES.is_power_of_two());

/// `2^64` as a float.
const TWO_64: f64 = 18_446_744_073_709_551_616.0;

/// Bits of a sample's prefix (see [`Categorical`]); four prefixes fit a 64-bit output.
const PREFIX_BITS: u32 = 15;

/// The largest prefix.
const PREFIX_MAX: u64 = (1 << PREFIX_BITS) - 1;

/// `2^15` as a float: boundaries are held scaled to [0, 2^15].
const TWO_15: f64 = 32_768.0;

/// `2^49` as a float: a scaled boundary times it is the boundary as a 64-bit number.
const TWO_49: f64 = 562_949_953_421_312.0;

/// One in each 16-bit lane: broadcasts a prefix to the four lanes of a pack.
const LANES: u64 = 0x0001_0001_0001_0001;

/// The top bit of each 16-bit lane.
const GUARDS: u64 = 0x8000_8000_8000_8000;

/// A categorical distribution as the `V - 1` boundaries between its categories: a sample is
/// the number of boundaries at or below a uniform 64-bit integer. Boundary `j` is
/// `floor(2^64 (p_0 + ... + p_j) / total)`. A sample starts with a 15-bit prefix; the boundaries'
/// 15-bit prefixes sit in 16-bit lanes of 64-bit packs, so one subtraction compares a prefix
/// with four of them at once (the guard bit of a lane survives the subtraction exactly when
/// the sample's prefix is at least the boundary's). Only a tie of prefixes (probability about
/// `V 2^-15` per sample) needs the sample's other 49 bits, drawn then.
#[derive(Clone, Debug)]
pub struct Categorical {
    /// The boundaries' prefixes, four per pack, padded with the largest prefix.
    packs: [u64; PACKS],
    /// The same prefixes one by one from index 1 (padded likewise), after a sentinel at 0
    /// that no 15-bit prefix equals: `ties[n]` is the prefix of the `n`-th boundary, the one a
    /// sample at or above `n` boundaries may tie with, read without a branch on `n > 0`.
    ties: [u16; TIES],
    /// The boundaries scaled to [0, 2^15] (`V - 1` of them used): times `2^49`, the boundary.
    scaled: [f64; 4 * PACKS],
    /// Boundaries (`V - 1`).
    len: usize,
}

impl Default for Categorical {
    fn default() -> Self {
        Categorical {
            packs: [PREFIX_MAX * LANES; PACKS],
            ties: Self::NO_TIES,
            scaled: [0.0; 4 * PACKS],
            len: 0,
        }
    }
}

impl Categorical {
    /// The boundaries of `probs` (1 to [`PER_SAMPLE_MAX_ANSWERS`] categories, non-negative, at
    /// least one positive).
    pub fn set(&mut self, probs: &[f64]) {
        debug_assert!((1..=PER_SAMPLE_MAX_ANSWERS).contains(&probs.len()));
        let k = probs.len().saturating_sub(1).min(4 * PACKS);
        self.len = k;
        let total: f64 = probs.iter().sum();
        let scale = TWO_15 / total;
        let mut cum = 0.0;
        // The packs are built as the prefixes come, in place (reading them back from 16-bit
        // stores, or copying a local array in, stalls a load on several smaller stores).
        self.packs = [PREFIX_MAX * LANES; PACKS];
        self.ties = Self::NO_TIES;
        for (j, (scaled, &p)) in self.scaled.iter_mut().zip(&probs[..k]).enumerate() {
            cum += p;
            *scaled = cum * scale;
            let scaled = *scaled;
            // The top 15 bits of the boundary (a boundary at 2^64, by rounding, saturates).
            // `scaled` is at most about 2^15 (or NaN: 0, as the unsigned cast gives), so the
            // signed cast, cheaper on x86-64, gives what the unsigned one would.
            let prefix = (scaled as i64 as u64).min(PREFIX_MAX);
            self.ties[j + 1] = prefix as u16;
            let (pack, lane) = (j / 4 % PACKS, 16 * (j % 4));
            self.packs[pack] = (self.packs[pack] & !(PREFIX_MAX << lane)) | prefix << lane;
        }
        // Boundaries past the last: the largest prefix (a sample there ties and is resolved).
        for tie in &mut self.ties[k + 1..=4 * PACKS] {
            *tie = PREFIX_MAX as u16;
        }
    }

    /// `ties` with no boundary set: the sentinel everywhere.
    const NO_TIES: [u16; TIES] = [u16::MAX; TIES];

    /// The category of a sample whose uniform 64-bit integer starts with the 15 bits `prefix`:
    /// the number `n` of boundaries whose prefix is at most `prefix`, unless the last of them
    /// equals it (a tie), which the sample's other 49 bits, drawn now, decide. Per pack, the
    /// guard bits of `(2^15 + prefix) - boundary` mark the boundaries at or below the prefix;
    /// the marks are summed lane-wise, then across lanes by one multiplication (no population
    /// count, which baseline x86-64 lacks). `G` is the number of packs ([`PACKS`]).
    #[inline(always)]
    fn sample_in<const G: usize>(&self, prefix: u64, rng: &mut Stream) -> usize {
        let at_most = (prefix * LANES) | GUARDS;
        let mark = |pack: u64| ((at_most - pack) & GUARDS) >> 15;
        let p = &self.packs;
        let lanes = mark(p[0]) + mark(p[1]);
        let n = (lanes.wrapping_mul(LANES) >> 48) as usize;
        if self.ties[n % TIES] as u64 == prefix {
            return self.resolve(prefix, rng.next_u64() >> PREFIX_BITS);
        }
        n
    }

    /// One sample, from the top 15 bits of a fresh generator output.
    pub fn draw(&self, rng: &mut Stream) -> usize {
        let prefix = rng.next_u64() >> 49;
        self.sample_in::<PACKS>(prefix, rng)
    }

    /// The category of the 64-bit integer `prefix` then `rest` (49 bits): the boundaries at or
    /// below it.
    #[cold]
    fn resolve(&self, prefix: u64, rest: u64) -> usize {
        let x = (prefix << 49) | rest;
        self.scaled[..self.len]
            .iter()
            .filter(|&&s| x >= (s * TWO_49) as u64)
            .count()
    }
}

/// An acceptance probability as a 64-bit fixed-point threshold: accept when a uniform 64-bit
/// integer is below it (always when the probability is 1); as for [`Categorical`], a 15-bit
/// prefix decides unless it ties with the threshold's.
#[derive(Clone, Copy, Debug, Default)]
pub struct Verdict {
    threshold: u64,
    /// The threshold's top 15 bits.
    prefix: u64,
    always: bool,
}

impl Verdict {
    /// The verdict that accepts with probability `p` (clamped to [0, 1]).
    pub fn new(p: f64) -> Self {
        let threshold = (p.clamp(0.0, 1.0) * TWO_64) as u64;
        Verdict {
            threshold,
            prefix: threshold >> 49,
            always: p >= 1.0,
        }
    }

    /// A sample whose prefix equals the threshold's: its other 49 bits, drawn now, decide
    /// (always accepted at probability 1, whose threshold saturates below 2^64).
    #[cold]
    fn tie(self, prefix: u64, rng: &mut Stream) -> bool {
        self.always || ((prefix << 49) | (rng.next_u64() >> PREFIX_BITS)) < self.threshold
    }
}

/// Draws `n` samples of `cat` and adds them to `counts`; with `verdicts`, only the accepted
/// ones (sample `y` accepted by `verdicts[y]`). Returns the number added. A generator output
/// gives four 15-bit prefixes: four samples, or two samples and their verdicts.
pub fn draw_samples(
    rng: &mut Stream,
    n: usize,
    cat: &Categorical,
    verdicts: Option<&[Verdict]>,
    counts: &mut [u64],
) -> u64 {
    // The engine decides where the last category is counted (see `draw_in`).
    let v2 = rng.engine() == Engine::V2;
    draw_in::<PACKS, { 4 * PACKS + 1 }>(rng, v2, n, cat, verdicts, counts)
}

/// The `i`-th 15-bit prefix (0 to 3, from the top) of `word`.
#[inline(always)]
fn prefix(word: u64, i: u32) -> u64 {
    (word >> (49 - 15 * i)) & PREFIX_MAX
}

/// [`draw_samples`] comparing with `G` packs of prefixes (`W = 4 G + 1` categories at most);
/// `v2`: the words are engine v2's (which counted the last category as the first).
fn draw_in<const G: usize, const W: usize>(
    rng: &mut Stream,
    v2: bool,
    n: usize,
    cat: &Categorical,
    verdicts: Option<&[Verdict]>,
    counts: &mut [u64],
) -> u64 {
    // Counted in fixed arrays (no bounds check per sample), one per position in an output so
    // that consecutive samples of one category do not wait on each other's increment; added
    // up at the end. A category is at most `4 G < TIES`, so its slot is a mask, not a division.
    let mut tally = [[0u32; TIES]; 4];
    let mut kept = 0u64;
    let slot = |y: usize| y % TIES;
    match verdicts {
        None => {
            for _ in 0..n / 4 {
                let word = rng.next_u64();
                tally[0][slot(cat.sample_in::<G>(prefix(word, 0), rng))] += 1;
                tally[1][slot(cat.sample_in::<G>(prefix(word, 1), rng))] += 1;
                tally[2][slot(cat.sample_in::<G>(prefix(word, 2), rng))] += 1;
                tally[3][slot(cat.sample_in::<G>(prefix(word, 3), rng))] += 1;
            }
            if !n.is_multiple_of(4) {
                let word = rng.next_u64();
                for i in 0..(n % 4) as u32 {
                    tally[0][slot(cat.sample_in::<G>(prefix(word, i), rng))] += 1;
                }
            }
            kept = n as u64;
        }
        Some(v) => {
            let check = Checks::new(v);
            // Two samples per output, each with its verdict's prefix after its own.
            let [t0, t1, ..] = &mut tally;
            for _ in 0..n / 2 {
                let word = rng.next_u64();
                kept += check.verified::<G>(cat, t0, prefix(word, 0), prefix(word, 1), rng);
                kept += check.verified::<G>(cat, t1, prefix(word, 2), prefix(word, 3), rng);
            }
            if n % 2 == 1 {
                let word = rng.next_u64();
                kept += check.verified::<G>(cat, t0, prefix(word, 0), prefix(word, 1), rng);
            }
        }
    }
    let sum = |y: usize| (tally[0][y] + tally[1][y]) as u64 + (tally[2][y] + tally[3][y]) as u64;
    for (y, c) in counts.iter_mut().enumerate().take(W - 1) {
        *c += sum(y);
    }
    // The last category (the ninth answer of nine). Engine v2 counted it as the first: its
    // links replay that (frozen); engine v3 counts it where it belongs.
    let last = if v2 { 0 } else { W - 1 };
    if let Some(c) = counts.get_mut(last) {
        *c += sum(W - 1);
    }
    kept
}

/// A generation's verdicts (one per category) as [`draw_in`] reads them.
struct Checks<'a> {
    verdicts: &'a [Verdict],
    /// Each verdict's threshold prefix, by category (0 past the last: never read).
    accept: [u16; TIES],
}

impl<'a> Checks<'a> {
    /// The verdicts of categories `0..verdicts.len()`, their prefixes in a fixed array beside
    /// the categories' slots: the common case (no tie) reads one of them, the rare tie its whole
    /// verdict.
    fn new(verdicts: &'a [Verdict]) -> Self {
        let mut accept = [0u16; TIES];
        for (a, verdict) in accept.iter_mut().zip(verdicts) {
            *a = verdict.prefix as u16;
        }
        Checks { verdicts, accept }
    }

    /// Whether a sample of category `y` (below `TIES`) is accepted by a uniform 64-bit integer
    /// starting with the 15 bits `verdict`: below the threshold's prefix, or, on a tie of
    /// prefixes, by its other 49 bits, drawn then.
    #[inline(always)]
    fn accepts(&self, y: usize, verdict: u64, rng: &mut Stream) -> bool {
        let threshold = self.accept[y] as u64;
        if verdict == threshold {
            return self.tie(y, verdict, rng);
        }
        verdict < threshold
    }

    /// One sample (prefix `sample`) and its verdict (prefix `verdict`): counted in `tally` if
    /// accepted; returns 1 if it was.
    #[inline(always)]
    fn verified<const G: usize>(
        &self,
        cat: &Categorical,
        tally: &mut [u32; TIES],
        sample: u64,
        verdict: u64,
        rng: &mut Stream,
    ) -> u64 {
        let y = cat.sample_in::<G>(sample, rng) % TIES;
        let keep = self.accepts(y, verdict, rng);
        tally[y] += keep as u32;
        keep as u64
    }

    /// A verdict's prefix tied with its threshold's: the whole verdict decides.
    #[cold]
    fn tie(&self, y: usize, verdict: u64, rng: &mut Stream) -> bool {
        self.verdicts[y].tie(verdict, rng)
    }
}

/// Sorts `order` (a permutation of the categories) by decreasing `probs`, ties by index; an
/// insertion sort, so a nearly sorted order (the last generation's) costs about one comparison
/// per category.
pub fn sort_by_probability(order: &mut [usize], probs: &[f64]) {
    for i in 1..order.len() {
        let mut j = i;
        while j > 0 {
            let (a, b) = (order[j - 1], order[j]);
            let before = probs[b] > probs[a] || (probs[b] == probs[a] && b < a);
            if !before {
                break;
            }
            order.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// Draws Multinomial(`n`, `probs`) into `counts` (overwritten) by conditional binomials over the
/// categories in the sequence `order`: `counts[order[i]] ~ Binomial(left, p / left_p)`; the last
/// takes what is left; once nothing is left, the rest are 0. `probs` should sum to 1.
pub fn multinomial(rng: &mut Stream, n: u64, probs: &[f64], order: &[usize], counts: &mut [u64]) {
    let Some(raw) = rng.v2() else {
        // Engine v1 never comes here; its draws are frozen in model.rs.
        rng.multinomial_into(n, probs, counts);
        return;
    };
    let mut left_n = n;
    let mut left_p = 1.0f64;
    let (last, rest) = order.split_last().unwrap_or((&0, &[]));
    for &i in rest {
        conditional(raw, i, probs, counts, &mut left_n, &mut left_p);
    }
    if !order.is_empty() {
        counts[*last] = left_n;
    }
}

/// One multinomial of [`multinomial_pair`]: its stream, probabilities, order and counts.
pub type Lane<'a> = (&'a mut Stream, &'a [f64], &'a [usize], &'a mut [u64]);

/// Two [`multinomial`]s of `n` trials (engine v2 and later), each exactly as alone, with their
/// conditional binomials interleaved: a binomial's setup waits on the trials the one before it
/// left, and the other multinomial's binomial fills that wait (measured natively: 10-17% per
/// multinomial at `n = 1024` over eight categories). On engine v1, one after the other.
pub fn multinomial_pair(n: u64, a: Lane<'_>, b: Lane<'_>) {
    let (ra, pa, oa, ca) = a;
    let (rb, pb, ob, cb) = b;
    let same_shape = pa.len() == pb.len() && oa.len() == ob.len();
    let (Some(ra), Some(rb), true) = (ra.v2(), rb.v2(), same_shape) else {
        multinomial(ra, n, pa, oa, ca);
        multinomial(rb, n, pb, ob, cb);
        return;
    };
    let mut left = [n, n];
    let mut left_p = [1.0f64, 1.0];
    let k = oa.len().saturating_sub(1);
    for (&i, &j) in oa[..k].iter().zip(&ob[..k]) {
        conditional(ra, i, pa, ca, &mut left[0], &mut left_p[0]);
        conditional(rb, j, pb, cb, &mut left[1], &mut left_p[1]);
    }
    if let (Some(&i), Some(&j)) = (oa.last(), ob.last()) {
        ca[i] = left[0];
        cb[j] = left[1];
    }
}

/// One step of [`multinomial`]: category `i`'s count out of the `left_n` trials left, whose
/// probability is `left_p`.
#[inline(always)]
fn conditional(
    raw: &mut Xoshiro256pp,
    i: usize,
    probs: &[f64],
    counts: &mut [u64],
    left_n: &mut u64,
    left_p: &mut f64,
) {
    if *left_n == 0 {
        counts[i] = 0;
        return;
    }
    let p = probs[i].max(0.0);
    let cond = if *left_p > 0.0 {
        (p / *left_p).min(1.0)
    } else {
        1.0
    };
    let c = btrs::binomial(raw, *left_n, cond);
    counts[i] = c;
    *left_n -= c;
    *left_p -= p;
}

/// A binomial draw on engine v2 with BTRS (on v1, v1's sampler).
pub fn binomial(rng: &mut Stream, n: u64, p: f64) -> u64 {
    match rng.v2() {
        Some(raw) => btrs::binomial(raw, n, p),
        None => rng.binomial(n, p),
    }
}

/// `log2(c + alpha)` for whole numbers `c`: a table up to a fixed size (larger `c` computed
/// when asked), every value from `libm`.
#[derive(Clone, Debug)]
pub struct LogTable {
    alpha: f64,
    values: Vec<f64>,
}

impl LogTable {
    /// The table for `c = 0..=max`.
    pub fn new(alpha: f64, max: usize) -> Self {
        LogTable {
            alpha,
            values: (0..=max).map(|c| libm::log2(c as f64 + alpha)).collect(),
        }
    }

    /// `log2(c + alpha)`; `c` must be a whole number (a count).
    #[inline]
    pub fn get(&self, c: f64) -> f64 {
        match self.values.get(c as usize) {
            Some(&v) => v,
            None => libm::log2(c + self.alpha),
        }
    }

    /// `log2(c + alpha)` for a count.
    #[inline]
    pub fn count(&self, c: u64) -> f64 {
        match self.values.get(c as usize) {
            Some(&v) => v,
            None => libm::log2(c as f64 + self.alpha),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::testkit::{chi_square, chi_square_critical};

    /// Per-sample draws fit their probabilities (chi-square), ties included (a boundary whose
    /// high half many samples share), and verdicts accept at their rate.
    #[test]
    fn samples_and_verdicts_fit_their_probabilities() {
        let mut rng = Stream::new(Engine::V2, 7, 1);
        for probs in [
            vec![0.35, 0.1, 0.0, 0.2, 0.05, 0.3],
            vec![0.5, 1e-12, 0.5 - 1e-12],
            vec![1.0, 0.0],
        ] {
            let mut cat = Categorical::default();
            cat.set(&probs);
            let draws = 300_000;
            let mut counts = vec![0u64; probs.len()];
            draw_samples(&mut rng, draws, &cat, None, &mut counts);
            let cells: Vec<usize> = (0..probs.len()).filter(|&i| probs[i] > 1e-6).collect();
            let observed: Vec<f64> = cells.iter().map(|&i| counts[i] as f64).collect();
            let expected: Vec<f64> = cells.iter().map(|&i| probs[i] * draws as f64).collect();
            let dof = cells.len().saturating_sub(1).max(1);
            let chi2 = chi_square(&observed, &expected);
            assert!(chi2 < chi_square_critical(dof), "{probs:?}: {counts:?}");
            assert!(probs.iter().zip(&counts).all(|(&p, &c)| p > 0.0 || c == 0));
        }
        for p in [0.0, 0.3, 0.7, 1.0] {
            let v = [Verdict::new(p)];
            let check = Checks::new(&v);
            let n = 200_000;
            let yes = (0..n)
                .filter(|_| check.accepts(0, rng.next_u64() >> 49, &mut rng))
                .count() as f64;
            let sd = f64::sqrt(n as f64 * p * (1.0 - p)).max(1e-9);
            assert!((yes - n as f64 * p).abs() <= 5.0 * sd, "p={p}: {yes}");
        }
    }

    /// Nine answers, the most drawn sample by sample: engine v3 counts each where it falls
    /// (chi-square, with and without verdicts); engine v2 counted the ninth as the first, and
    /// its links still do (frozen), with the same draws otherwise.
    #[test]
    fn the_ninth_answer_is_counted_as_the_ninth() {
        let probs = [0.05, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.25];
        let mut cat = Categorical::default();
        cat.set(&probs);
        let all = [Verdict::new(1.0); 9];
        let draws = 90_000;
        for verdicts in [None, Some(&all[..])] {
            let mut v3 = Stream::new(Engine::V3, 5, 2);
            let mut v2 = Stream::new(Engine::V2, 5, 2);
            let (mut c3, mut c2) = (vec![0u64; 9], vec![0u64; 9]);
            assert_eq!(
                draw_samples(&mut v3, draws, &cat, verdicts, &mut c3),
                draws as u64
            );
            draw_samples(&mut v2, draws, &cat, verdicts, &mut c2);
            let observed: Vec<f64> = c3.iter().map(|&c| c as f64).collect();
            let expected: Vec<f64> = probs.iter().map(|&p| p * draws as f64).collect();
            assert!(
                chi_square(&observed, &expected) < chi_square_critical(8),
                "{c3:?}"
            );
            assert_eq!(c2[8], 0, "v2 as its links have it: {c2:?}");
            assert_eq!(c2[0], c3[0] + c3[8]);
            assert_eq!(c2[1..8], c3[1..8]);
        }
    }

    /// A tie of prefixes is decided by the other 49 bits, exactly; pads and wide tables work.
    #[test]
    fn ties_are_decided_by_the_other_bits() {
        let mut cat = Categorical::default();
        cat.set(&[0.25, 0.25, 0.5]);
        // Boundary 0 is exactly 2^62 (prefix 2^13), boundary 1 is 2^63 (prefix 2^14).
        assert_eq!(
            cat.packs[0],
            8192 | 16384 << 16 | PREFIX_MAX << 32 | PREFIX_MAX << 48
        );
        assert_eq!(cat.resolve(8192, 0), 1);
        assert_eq!(cat.resolve(8191, (1 << 49) - 1), 0);
        let mut rng = Stream::new(Engine::V2, 1, 1);
        let sample =
            |cat: &Categorical, prefix: u64, rng: &mut Stream| cat.sample_in::<PACKS>(prefix, rng);
        assert_eq!(sample(&cat, 8192, &mut rng), 1);
        assert_eq!(sample(&cat, 8193, &mut rng), 1);
        assert_eq!(sample(&cat, 8191, &mut rng), 0);
        assert_eq!(sample(&cat, PREFIX_MAX, &mut rng), 2);
        assert_eq!(sample(&cat, 0, &mut rng), 0);
        // Every category of the most answers drawn per sample is reachable, in order.
        let v = PER_SAMPLE_MAX_ANSWERS;
        let mut wide = Categorical::default();
        wide.set(&vec![1.0 / v as f64; v]);
        let width = (PREFIX_MAX + 1) / v as u64;
        let picks: Vec<usize> = (0..v as u64)
            .map(|j| sample(&wide, j * width + width / 2, &mut rng))
            .collect();
        assert_eq!(picks, (0..v).collect::<Vec<_>>());
        let v = [Verdict::new(0.25), Verdict::new(1.0), Verdict::new(0.0)];
        let check = Checks::new(&v);
        assert!(check.accepts(0, 8191, &mut rng) && !check.accepts(0, 8192, &mut rng));
        assert!(check.accepts(1, PREFIX_MAX, &mut rng));
        assert!(!check.accepts(2, 0, &mut rng));
    }

    #[test]
    fn the_order_is_by_decreasing_probability_and_the_multinomial_sums() {
        let probs = [0.1, 0.4, 0.1, 0.0, 0.4];
        let mut order: Vec<usize> = (0..5).collect();
        sort_by_probability(&mut order, &probs);
        assert_eq!(order, [1, 4, 0, 2, 3]);
        let mut rng = Stream::new(Engine::V2, 3, 3);
        let mut counts = [0u64; 5];
        let mut sums = [0f64; 5];
        let draws = 20_000;
        for _ in 0..draws {
            multinomial(&mut rng, 1024, &probs, &order, &mut counts);
            assert_eq!(counts.iter().sum::<u64>(), 1024);
            assert_eq!(counts[3], 0);
            for (s, &c) in sums.iter_mut().zip(&counts) {
                *s += c as f64;
            }
        }
        for (i, &p) in probs.iter().enumerate() {
            let mean = sums[i] / draws as f64;
            let se = f64::sqrt(1024.0 * p * (1.0 - p) / draws as f64).max(1e-9);
            assert!((mean - 1024.0 * p).abs() < 5.0 * se, "category {i}: {mean}");
        }
    }

    #[test]
    fn the_log_table_is_libm() {
        let t = LogTable::new(0.01, 8);
        for c in [3.0, 0.0, 8.0, 3.0, 9.0, 1e6] {
            assert_eq!(t.get(c).to_bits(), libm::log2(c + 0.01).to_bits());
            assert_eq!(t.count(c as u64).to_bits(), t.get(c).to_bits());
        }
    }
}
