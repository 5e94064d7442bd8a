//! The character n-gram language model of scenario G: counts, additive smoothing, exact word
//! probabilities, and sampling.
//!
//! Model. A word `w = w_1 .. w_L` (letters `1..=26`) is the symbol string `w_1 .. w_L END`; the
//! context of symbol `i` is the `n - 1` symbols before it, padded with `END` before the first
//! letter. With counts `c(h, x)` of symbol `x` after context `h` in the training strings and
//! `c(h) = sum_x c(h, x)`,
//!
//! `P(x | h) = (c(h, x) + alpha) / (c(h) + 27 alpha)`,
//!
//! uniform `1/27` for a context never seen. Generation draws symbols until `END` or until the
//! string has [`MAX_GENERATED_LEN`] letters, where it is cut; so the model's word distribution
//! is `p(w) = prod_{i<=L} P(w_i | h_i) P(END | h_{L+1})` for `L < MAX_GENERATED_LEN` and
//! `prod_{i<=L} P(w_i | h_i)` for `L = MAX_GENERATED_LEN`, and sums to 1 over all strings.
//! Training on a string adds its `L + 1` transitions, its end included (a cut string too).
//!
//! Storage, hashing-free: a context `h` is the integer `sum_j h_j 27^j` (most recent symbol
//! least significant) below `27^(n-1)` (531 441 for n = 5), a direct-address table maps it to a
//! dense row of 27 counts allocated when the context is first seen, and clearing resets only the
//! rows in use, so a model costs `O(27^(n-1))` memory once and `O(contexts used)` per refit. A
//! probability is two array reads, for every order.

use crate::random::stream::Stream;
pub use crate::scenarios::text::corpus::MAX_GENERATED_LEN;
use crate::scenarios::text::corpus::{symbol_at, with_symbol, WordCode, ALPHABET, END};

/// Marks a context without a row.
const NO_ROW: u32 = u32::MAX;

/// A character n-gram model with additive smoothing. See the module documentation.
#[derive(Clone, Debug)]
pub struct NgramModel {
    order: usize,
    n_contexts: u32,
    alpha: f64,
    /// Row of each context, or [`NO_ROW`].
    row_of: Vec<u32>,
    /// Context of each row, in order of first use.
    context_of: Vec<u32>,
    /// `counts[27 row + x] = c(h, x)`.
    counts: Vec<u32>,
    /// `c(h)` per row.
    totals: Vec<u32>,
    /// `1 / (c(h) + 27 alpha)` per row, refreshed by [`NgramModel::prepare`].
    inv_denominator: Vec<f64>,
    /// Whether counts changed since the last [`NgramModel::prepare`].
    stale: bool,
}

/// A string drawn from the model, with its probability under the model.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Draw {
    /// The string's code.
    pub code: WordCode,
    /// Its length in letters (at most [`MAX_GENERATED_LEN`]).
    pub len: usize,
    /// `p(w)` under the model that drew it (the cut included: no end factor at the cap).
    pub prob: f64,
}

impl NgramModel {
    /// An untrained model of order `order` (clamped to 2..=5) with smoothing `alpha > 0`.
    pub fn new(order: usize, alpha: f64) -> Self {
        let order = order.clamp(2, 5);
        debug_assert!(alpha > 0.0 && alpha.is_finite());
        let n_contexts = (ALPHABET as u32).pow(order as u32 - 1);
        NgramModel {
            order,
            n_contexts,
            alpha,
            row_of: vec![NO_ROW; n_contexts as usize],
            context_of: Vec::new(),
            counts: Vec::new(),
            totals: Vec::new(),
            inv_denominator: Vec::new(),
            stale: false,
        }
    }

    /// The order `n`.
    pub fn order(&self) -> usize {
        self.order
    }

    /// Number of contexts with a row (seen in training).
    pub fn contexts_seen(&self) -> usize {
        self.context_of.len()
    }

    /// Total transitions trained on.
    pub fn transitions(&self) -> u64 {
        self.totals.iter().map(|&t| t as u64).sum()
    }

    /// Forgets all counts (cost: the rows in use).
    pub fn clear(&mut self) {
        for &h in &self.context_of {
            self.row_of[h as usize] = NO_ROW;
        }
        self.context_of.clear();
        self.counts.clear();
        self.totals.clear();
        self.inv_denominator.clear();
        self.stale = false;
    }

    /// The context after `h` when symbol `x` follows.
    #[inline(always)]
    pub fn next_context(&self, h: u32, x: u8) -> u32 {
        (h * ALPHABET as u32 + x as u32) % self.n_contexts
    }

    /// Adds the `len + 1` transitions of the string `code` (`len` letters, then its end).
    pub fn add_word(&mut self, code: WordCode, len: usize) {
        let mut h = 0u32;
        for i in 0..len {
            let x = symbol_at(code, i);
            self.add_transition(h, x);
            h = self.next_context(h, x);
        }
        self.add_transition(h, END);
    }

    fn add_transition(&mut self, h: u32, x: u8) {
        let mut row = self.row_of[h as usize];
        if row == NO_ROW {
            row = self.context_of.len() as u32;
            self.row_of[h as usize] = row;
            self.context_of.push(h);
            self.counts.extend_from_slice(&[0; ALPHABET]);
            self.totals.push(0);
        }
        self.counts[row as usize * ALPHABET + x as usize] += 1;
        self.totals[row as usize] += 1;
        self.stale = true;
    }

    /// Refreshes the per-context normalizers; call after training, before [`prob`] or
    /// [`sample`].
    ///
    /// [`prob`]: NgramModel::prob
    /// [`sample`]: NgramModel::sample
    pub fn prepare(&mut self) {
        let z = ALPHABET as f64 * self.alpha;
        self.inv_denominator.clear();
        self.inv_denominator
            .extend(self.totals.iter().map(|&t| 1.0 / (t as f64 + z)));
        self.stale = false;
    }

    /// `P(x | h) = (c(h, x) + alpha) / (c(h) + 27 alpha)`, `1/27` for an unseen context.
    #[inline(always)]
    pub fn prob(&self, h: u32, x: u8) -> f64 {
        debug_assert!(!self.stale, "prepare() after training");
        match self.row_of[h as usize] {
            NO_ROW => 1.0 / ALPHABET as f64,
            row => {
                let r = row as usize;
                (self.counts[r * ALPHABET + x as usize] as f64 + self.alpha)
                    * self.inv_denominator[r]
            }
        }
    }

    /// `p(w)` of the string `code` of `len` letters (see the module documentation).
    pub fn word_prob(&self, code: WordCode, len: usize) -> f64 {
        let mut h = 0u32;
        let mut p = 1.0;
        for i in 0..len {
            let x = symbol_at(code, i);
            p *= self.prob(h, x);
            h = self.next_context(h, x);
        }
        if len < MAX_GENERATED_LEN {
            p *= self.prob(h, END);
        }
        p
    }

    /// Draws one string: symbols by inversion of `P(. | h)` (one uniform each) until `END` or
    /// the cap of [`MAX_GENERATED_LEN`] letters.
    pub fn sample(&self, rng: &mut Stream) -> Draw {
        debug_assert!(!self.stale, "prepare() after training");
        let mut h = 0u32;
        let mut code: WordCode = 0;
        let mut p = 1.0;
        let mut len = 0;
        while len < MAX_GENERATED_LEN {
            let x = self.draw_symbol(rng, h);
            p *= self.prob(h, x);
            if x == END {
                break;
            }
            code = with_symbol(code, len, x);
            len += 1;
            h = self.next_context(h, x);
        }
        Draw { code, len, prob: p }
    }

    /// One symbol from `P(. | h)`, exactly, by its two parts: with `u` uniform on
    /// `[0, c(h) + 27 alpha)`, `u < c(h)` picks the symbol of the `floor(u)`-th training
    /// transition (probability `c(h, x) / (c(h) + 27 alpha)`; an integer walk along the row),
    /// and the rest picks a symbol uniformly (`alpha / (c(h) + 27 alpha)` each).
    fn draw_symbol(&self, rng: &mut Stream, h: u32) -> u8 {
        match self.row_of[h as usize] {
            NO_ROW => rng.below(ALPHABET as u64) as u8,
            row => {
                let r = row as usize;
                let total = self.totals[r];
                let u = rng.uniform() * (total as f64 + ALPHABET as f64 * self.alpha);
                if u < total as f64 {
                    let mut k = u as u32; // < total
                    let counts = &self.counts[r * ALPHABET..(r + 1) * ALPHABET];
                    for (x, &c) in counts.iter().enumerate() {
                        if k < c {
                            return x as u8;
                        }
                        k -= c;
                    }
                    (ALPHABET - 1) as u8 // unreachable: k < total, the row's sum
                } else {
                    let x = ((u - total as f64) / self.alpha) as usize;
                    x.min(ALPHABET - 1) as u8
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenarios::text::corpus::encode;

    fn code_of(w: &str) -> (WordCode, usize) {
        let s: Vec<u8> = w.bytes().map(|b| b - b'a' + 1).collect();
        (encode(&s), s.len())
    }

    fn trained(order: usize, words: &[&str]) -> NgramModel {
        let mut m = NgramModel::new(order, 0.1);
        for w in words {
            let (c, l) = code_of(w);
            m.add_word(c, l);
        }
        m.prepare();
        m
    }

    #[test]
    fn conditionals_sum_to_one() {
        for order in 2..=5 {
            let m = trained(order, &["the", "then", "that", "of"]);
            for h in [0u32, 5, 7, m.next_context(0, 20)] {
                let s: f64 = (0..ALPHABET as u8).map(|x| m.prob(h, x)).sum();
                assert!((s - 1.0).abs() < 1e-12, "order {order} h {h}: {s}");
            }
        }
    }

    #[test]
    fn bigram_probability_by_hand() {
        // Training "ab": transitions (END->a), (a->b), (b->END); alpha = 0.1.
        let m = trained(2, &["ab"]);
        let (c, l) = code_of("ab");
        let step = 1.1 / (1.0 + 2.7);
        assert!((m.word_prob(c, l) - step * step * step).abs() < 1e-15);
        let (c, l) = code_of("b");
        let want = (0.1 / 3.7) * (0.1 / 3.7); // END->b unseen, then b->END seen once
        assert!((m.word_prob(c, l) - want * (1.1 / 0.1)).abs() < 1e-15);
    }

    #[test]
    fn a_draw_reports_its_own_probability() {
        let m = trained(3, &["the", "then", "that", "of", "and", "to"]);
        let mut rng = Stream::new(crate::random::stream::Engine::V1, 3, 1);
        for _ in 0..200 {
            let d = m.sample(&mut rng);
            let p = m.word_prob(d.code, d.len);
            assert!((d.prob - p).abs() <= 1e-12 * p, "{d:?} vs {p}");
        }
    }

    #[test]
    fn draws_follow_the_model() {
        // An order-2 model trained on "a" twice and "b" once: p("a") and p("b") exactly.
        let m = trained(2, &["a", "a", "b"]);
        let (ca, la) = code_of("a");
        let p_a = m.word_prob(ca, la);
        let mut rng = Stream::new(crate::random::stream::Engine::V1, 8, 0);
        let n = 40_000;
        let hits = (0..n).filter(|_| m.sample(&mut rng).code == ca).count();
        let se = (p_a * (1.0 - p_a) / n as f64).sqrt();
        assert!(
            (hits as f64 / n as f64 - p_a).abs() < 4.0 * se,
            "{hits} vs {p_a}"
        );
    }

    #[test]
    fn clearing_forgets_everything() {
        let mut m = trained(4, &["abc", "abd"]);
        assert!(m.contexts_seen() > 0);
        m.clear();
        m.prepare();
        assert_eq!(m.contexts_seen(), 0);
        assert_eq!(m.transitions(), 0);
        assert_eq!(m.prob(0, 1), 1.0 / 27.0);
        let (c, l) = code_of("ab");
        m.add_word(c, l);
        m.prepare();
        assert_eq!(m.transitions(), 3);
    }

    #[test]
    fn a_string_is_cut_at_the_cap() {
        // Untrained: every context is uniform, so strings are long; none exceeds the cap and a
        // capped one has no end factor.
        let mut m = NgramModel::new(3, 0.5);
        m.prepare();
        let mut rng = Stream::new(crate::random::stream::Engine::V1, 2, 2);
        let mut capped = 0;
        for _ in 0..2000 {
            let d = m.sample(&mut rng);
            assert!(d.len <= MAX_GENERATED_LEN);
            let expected = (1.0f64 / 27.0).powi(d.len as i32 + (d.len < MAX_GENERATED_LEN) as i32);
            assert!((d.prob - expected).abs() <= 1e-12 * expected);
            capped += (d.len == MAX_GENERATED_LEN) as u32;
        }
        // P(no END in 20 uniform draws) = (26/27)^20 = 0.47.
        assert!((800..1100).contains(&capped), "{capped}");
    }
}
