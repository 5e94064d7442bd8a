//! Scenario G's simulation: a character n-gram language model trained on real English words,
//! then on its own samples (DESIGN.md, scenario G).
//!
//! Model. The [`Corpus`] holds `K` real words with frequency counts (`static/words-en.txt`:
//! wordfreq's 25 000 most frequent English words). An [`NgramModel`] of order `n` (2..=5) with
//! additive smoothing `alpha` predicts each symbol (`a`-`z` or the end of the word) from the
//! `n - 1` before it: `P(x | h) = (c(h, x) + alpha) / (c(h) + 27 alpha)`. Generation 0 is
//! trained on `n0` words drawn (with replacement) from the real frequencies of the training
//! pool (the corpus minus its held-out tenth). At every generation `t` the model `p_t` draws `N`
//! strings; before the last generation, the next model `p_{t+1}` is trained on
//! - closed loop: all `N` strings;
//! - dictionary verifier of strength `s`: the strings it accepts, where it accepts a real word
//!   with probability `1 - eps` and a non-word with probability `eps = (1 - s) / 2` (binary
//!   correctness, the verdict flipped with probability `eps`);
//! - plus `round(lambda N)` fresh real words from the training pool (real fraction `lambda`);
//! - replace (default): the training data is that generation's data only; accumulate: all data
//!   so far (generation 0's real words included). If a generation contributes nothing (the
//!   verifier rejected everything and `lambda N` rounds to 0) the model is kept.
//!
//! Readouts, per generation `t` and replicate, describing the model `p_t` (generation 0 is the
//! model trained on the `n0` real words, so its numbers are real):
//! - held-out cross-entropy in bits per character, exact:
//!   `sum_w f(w) (-log2 p_t(w)) / sum_w f(w) (|w| + 1)` over the held-out words `w` with their
//!   counts `f(w)`: the real text's bits per symbol, the end symbol counted as one;
//! - real-word share of the `N` strings drawn (estimate) and real-word mass `sum_{w in dict}
//!   p_t(w)` (exact; the share is its unbiased estimate);
//! - distinct real words among the `N` strings (coverage);
//! - tail mass `sum_{rank(w) >= TAIL_RANK} p_t(w)`, exact: the model's probability of the real
//!   words beyond the [`TAIL_RANK`] most frequent;
//! - word entropy `H(p_t)` in bits per word, estimated as the mean of `-log2 p_t(w)` over the `N`
//!   strings drawn (unbiased; its band is over replicates);
//! - the verifier's acceptance rate of the `N` strings (1 without a verifier).
//!
//! The exact sums run over the corpus's prefix tree ([`exact`]): a node's probability is its
//! parent's times one conditional, so all `K` words cost one pass over the tree's nodes (59 025
//! for the 25 000 words of `static/words-en.txt`) rather than one product per letter of every
//! word.
//!
//! Work is sliceable exactly like scenario A ([`TextSim::advance`] runs a bounded number of
//! generations; a replicate's numbers join the accumulators, in replicate order, only when it is
//! complete), so the curves are bit-identical however the run is sliced, and a run's replicates
//! can be computed in blocks and merged ([`TextTally`], see [`crate::scenario::blocks`]).
//! Randomness: one [`Stream`] per replicate on the run's engine (engine v1 replays the frozen
//! ChaCha8 draws); logarithms through `libm`; sums in a fixed order.

use std::sync::Arc;

use super::corpus;
use super::exact;
use super::ngram;
pub use super::params::TextParams;
use crate::estimators::series::{Band, Moments};
use crate::random::stream::{Engine, Stream};
use crate::scenario::blocks::{BlockError, Tally, TallyReader, TallyWriter};
use crate::scenario::params::Params;
use crate::scenario::Curves;
use core::ops::Range;
use corpus::MAX_CORPUS_WORD_LEN;
pub use corpus::{Corpus, CorpusError};
use exact::{ExactSums, Log2Product};
pub use ngram::NgramModel;

/// The tail: real words of 0-based rank `>= TAIL_RANK`, i.e. beyond the 5000 most frequent
/// (in `static/words-en.txt` the tail's 20 000 words hold 9.7% of the list's real mass; see
/// [`Corpus::mass_beyond`]).
pub const TAIL_RANK: usize = 5000;

impl TextParams {
    /// Flip probability `eps = (1 - s) / 2` of the verifier.
    pub fn flip_probability(&self) -> f64 {
        (1.0 - self.verifier_strength) / 2.0
    }

    /// Fresh real words per generation, `round(lambda N)`.
    pub fn n_real_per_generation(&self) -> usize {
        libm::round(self.real_fraction * self.n_samples as f64) as usize
    }

    /// These parameters with every field clamped and quantized into its spec's range (what a
    /// run uses, so a run is total in its parameters).
    pub fn clamped(&self) -> TextParams {
        let mut p = self.clone();
        for spec in Self::SPECS {
            let v = self.get(spec.key).unwrap_or(spec.default);
            p.set_validated(spec.key, spec.validate(v).value());
        }
        p
    }
}

/// Per-generation curves of one run of scenario G, each a mean over replicates with a 95% band
/// (`mean +- 1.96 sd / sqrt(R)`), one entry per generation `0..=T`, describing the model `p_t`.
#[derive(Clone, Debug, PartialEq)]
pub struct TextRun {
    /// The parameters that produced this run (clamped into range).
    pub params: TextParams,
    /// The seed that produced this run.
    pub seed: u64,
    /// The generation of each entry: `0, 1, ..., T`.
    pub generations: Vec<usize>,
    /// Held-out cross-entropy of real words, bits per character (end symbol included), exact.
    pub heldout_bits_per_char: Band,
    /// Share of the `N` strings drawn that are real words (an estimate of
    /// [`real_word_mass`](TextRun::real_word_mass)).
    pub real_word_share: Band,
    /// The model's probability of producing a real word, exact.
    pub real_word_mass: Band,
    /// Distinct real words among the `N` strings drawn.
    pub distinct_real_words: Band,
    /// The model's probability of the real words beyond rank [`TAIL_RANK`], exact.
    pub tail_mass: Band,
    /// Entropy of the model's word distribution in bits per word, estimated as the mean of
    /// `-log2 p_t(w)` over the strings drawn.
    pub word_entropy_bits: Band,
    /// Share of the `N` strings the verifier accepts (1 without a verifier).
    pub acceptance_rate: Band,
    /// The real distribution's mass beyond rank [`TAIL_RANK`], for reference (constant).
    pub real_tail_mass: f64,
}

impl TextRun {
    /// A run with no generations (the corpus is not there yet).
    pub fn empty(params: &TextParams, seed: u64) -> Self {
        TextRun {
            params: params.clone(),
            seed,
            generations: Vec::new(),
            heldout_bits_per_char: Band::default(),
            real_word_share: Band::default(),
            real_word_mass: Band::default(),
            distinct_real_words: Band::default(),
            tail_mass: Band::default(),
            word_entropy_bits: Band::default(),
            acceptance_rate: Band::default(),
            real_tail_mass: f64::NAN,
        }
    }

    /// Number of points per curve (generations, generation 0 included).
    pub fn len(&self) -> usize {
        self.generations.len()
    }

    /// Whether the run has no generations (never true for a finished run).
    pub fn is_empty(&self) -> bool {
        self.generations.is_empty()
    }
}

impl Curves for TextRun {
    fn curves(&self) -> Vec<(String, &[f64])> {
        let mut out: Vec<(String, &[f64])> = Vec::new();
        out.extend(self.heldout_bits_per_char.named("heldout_bits_per_char"));
        out.extend(self.real_word_share.named("real_word_share"));
        out.extend(self.real_word_mass.named("real_word_mass"));
        out.extend(self.distinct_real_words.named("distinct_real_words"));
        out.extend(self.tail_mass.named("tail_mass"));
        out.extend(self.word_entropy_bits.named("word_entropy_bits"));
        out.extend(self.acceptance_rate.named("acceptance_rate"));
        out
    }
}

/// What one generation of one replicate measures.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Record {
    heldout_bits_per_char: f64,
    real_word_share: f64,
    real_word_mass: f64,
    distinct_real_words: f64,
    tail_mass: f64,
    word_entropy_bits: f64,
    acceptance_rate: f64,
}

/// Per-generation sums over the replicates folded so far.
#[derive(Clone, Copy, Debug, Default)]
struct GenAccumulator {
    heldout_bits_per_char: Moments,
    real_word_share: Moments,
    real_word_mass: Moments,
    distinct_real_words: Moments,
    tail_mass: Moments,
    word_entropy_bits: Moments,
    acceptance_rate: Moments,
}

impl GenAccumulator {
    fn moments(&self) -> [&Moments; 7] {
        [
            &self.heldout_bits_per_char,
            &self.real_word_share,
            &self.real_word_mass,
            &self.distinct_real_words,
            &self.tail_mass,
            &self.word_entropy_bits,
            &self.acceptance_rate,
        ]
    }

    fn moments_mut(&mut self) -> [&mut Moments; 7] {
        [
            &mut self.heldout_bits_per_char,
            &mut self.real_word_share,
            &mut self.real_word_mass,
            &mut self.distinct_real_words,
            &mut self.tail_mass,
            &mut self.word_entropy_bits,
            &mut self.acceptance_rate,
        ]
    }
}

/// What a set of replicates of scenario G adds up to: one accumulator per generation.
#[derive(Clone, Debug)]
pub struct TextTally {
    gens: Vec<GenAccumulator>,
}

impl TextTally {
    /// The tally of no replicates of a run with `params` (clamped as a run clamps them).
    pub fn new(params: &TextParams) -> Self {
        TextTally {
            gens: vec![GenAccumulator::default(); params.clamped().n_generations + 1],
        }
    }

    /// Replicates it holds.
    fn replicates(&self) -> usize {
        self.gens
            .first()
            .map_or(0, |g| g.heldout_bits_per_char.count() as usize)
    }
}

impl Tally for TextTally {
    fn absorb(&mut self, next: &Self) {
        for (gen, other) in self.gens.iter_mut().zip(&next.gens) {
            for (m, o) in gen.moments_mut().into_iter().zip(other.moments()) {
                m.absorb(o);
            }
        }
    }

    fn write(&self, out: &mut TallyWriter) {
        for gen in &self.gens {
            for m in gen.moments() {
                out.moments(m);
            }
        }
    }

    fn read(&mut self, input: &mut TallyReader<'_>) -> Result<(), BlockError> {
        for gen in &mut self.gens {
            for m in gen.moments_mut() {
                *m = input.moments()?;
            }
        }
        Ok(())
    }
}

/// The replicate in progress (its model and records live in [`Scratch`]).
#[derive(Clone, Debug)]
struct Current {
    rng: Stream,
    /// The next generation to measure.
    t: usize,
}

/// Buffers reused across replicates.
#[derive(Clone, Debug)]
struct Scratch {
    model: NgramModel,
    exact: ExactSums,
    /// The strings the next model trains on: `(code, letters)`.
    train: Vec<(corpus::WordCode, usize)>,
    /// `seen[rank] == stamp` iff the word was drawn in the generation in progress.
    seen: Vec<u32>,
    stamp: u32,
    /// The replicate in progress, one entry per generation.
    records: Vec<Record>,
}

/// A run of scenario G in progress: call [`advance`](TextSim::advance) until it returns true,
/// then [`finish`](TextSim::finish).
///
/// Replicate `r` draws everything from `Stream::new(engine, seed, r)`: first the `n0` words of
/// generation 0 ([`Corpus::draw_training_rank`]), then per generation the `N` strings (each
/// followed by its verdict's uniform when the verifier is on) and the fresh real words.
///
/// It computes a range of the run's replicates (all of them from [`TextSim::new`]) and offers
/// the [`Simulation`](crate::scenario::Simulation) contract's methods but not the trait, whose
/// constructors take no corpus: the corpus is an input the page loads at runtime (the registry's
/// `TextJob` takes the shared one).
#[derive(Clone, Debug)]
pub struct TextSim {
    params: TextParams,
    seed: u64,
    engine: Engine,
    corpus: Arc<Corpus>,
    /// `sum_w f(w) (|w| + 1)` over the held-out words.
    heldout_symbols: f64,
    /// The replicates this simulation computes.
    replicates: Range<usize>,
    next_replicate: usize,
    /// The replicates done (those of a tally resumed from, then this range's).
    tally: TextTally,
    current: Option<Current>,
    scratch: Scratch,
}

impl TextSim {
    /// Starts a whole run on engine v1 on `corpus`. Out-of-range parameters are clamped
    /// ([`TextParams::clamped`]).
    pub fn new(params: &TextParams, seed: u64, corpus: Arc<Corpus>) -> Self {
        let exact = evaluator(&corpus, params.clamped().order);
        Self::with_evaluator(params, seed, corpus, exact)
    }

    /// [`TextSim::new`] on `engine`, for replicates `replicates` only (a block).
    pub fn for_replicates(
        params: &TextParams,
        seed: u64,
        engine: Engine,
        replicates: Range<usize>,
        corpus: Arc<Corpus>,
        exact: ExactSums,
    ) -> Self {
        let mut sim = Self::with_evaluator(params, seed, corpus, exact);
        sim.engine = engine;
        sim.next_replicate = replicates.start;
        sim.replicates = replicates;
        sim
    }

    /// The run whose replicates add up to `tally`: done at once, its curves those replicates'.
    pub fn resume(
        params: &TextParams,
        seed: u64,
        engine: Engine,
        tally: TextTally,
        corpus: Arc<Corpus>,
        exact: ExactSums,
    ) -> Self {
        let done = tally.replicates();
        let mut sim = Self::for_replicates(params, seed, engine, done..done, corpus, exact);
        sim.tally = tally;
        sim
    }

    /// What the replicates done so far add up to.
    pub fn tally(&self) -> TextTally {
        self.tally.clone()
    }

    /// [`TextSim::new`] with the corpus's evaluator for the run's order already built
    /// ([`evaluator`]): it depends on the corpus and the order only, so the page builds it once
    /// per order and every run after that starts at once.
    pub fn with_evaluator(
        params: &TextParams,
        seed: u64,
        corpus: Arc<Corpus>,
        exact: ExactSums,
    ) -> Self {
        let params = params.clamped();
        let model = NgramModel::new(params.order, params.smoothing);
        let heldout_symbols = (0..corpus.len())
            .filter(|&r| corpus.is_held_out(r))
            .map(|r| corpus.count(r) as f64 * (corpus.word_len(r) + 1) as f64)
            .sum();
        let n_words = corpus.len();
        TextSim {
            tally: TextTally::new(&params),
            engine: Engine::V1,
            replicates: 0..params.n_replicates,
            scratch: Scratch {
                model,
                exact,
                train: Vec::with_capacity(params.n_samples + params.n_real_per_generation()),
                seen: vec![0; n_words],
                stamp: 0,
                records: Vec::with_capacity(params.n_generations + 1),
            },
            params,
            seed,
            corpus,
            heldout_symbols,
            next_replicate: 0,
            current: None,
        }
    }

    /// Generations done so far (over the range's replicates), out of `(T + 1)` per replicate.
    pub fn progress(&self) -> (usize, usize) {
        let per = self.params.n_generations + 1;
        let partial = self.current.as_ref().map_or(0, |c| c.t);
        (
            (self.next_replicate - self.replicates.start) * per + partial,
            self.replicates.len() * per,
        )
    }

    /// Runs up to `max_generations` more generations (of the replicate in progress, then the
    /// next ones); returns true when every replicate of the range is done.
    pub fn advance(&mut self, max_generations: usize) -> bool {
        let mut budget = max_generations;
        while budget > 0 && self.next_replicate < self.replicates.end {
            let mut current = match self.current.take() {
                Some(current) => current,
                None => self.start_replicate(self.next_replicate),
            };
            while budget > 0 && current.t <= self.params.n_generations {
                self.generation(&mut current);
                budget -= 1;
            }
            if current.t > self.params.n_generations {
                self.fold();
                self.next_replicate += 1;
            } else {
                self.current = Some(current);
            }
        }
        self.next_replicate >= self.replicates.end
    }

    /// Trains replicate `replicate`'s generation 0 on `n0` real words from the training pool.
    fn start_replicate(&mut self, replicate: usize) -> Current {
        let mut rng = Stream::new(self.engine, self.seed, replicate as u64);
        let s = &mut self.scratch;
        s.model.clear();
        for _ in 0..self.params.n_real_initial {
            let rank = self.corpus.draw_training_rank(&mut rng);
            s.model
                .add_word(self.corpus.code(rank), self.corpus.word_len(rank));
        }
        s.model.prepare();
        s.records.clear();
        Current { rng, t: 0 }
    }

    /// Measures generation `t` of the replicate in progress (exact sums, then `N` draws through
    /// the verifier) and, before the last, trains the next model.
    fn generation(&mut self, cur: &mut Current) {
        let TextSim {
            params: prm,
            corpus,
            heldout_symbols,
            scratch: s,
            ..
        } = self;
        let sums = s.exact.evaluate(&s.model);
        let last = cur.t == prm.n_generations;
        let eps = prm.flip_probability();
        s.stamp += 1;
        s.train.clear();
        let (mut real, mut distinct, mut accepted) = (0u32, 0u32, 0u32);
        let mut likelihood = Log2Product::default();
        for _ in 0..prm.n_samples {
            let draw = s.model.sample(&mut cur.rng);
            likelihood.push(draw.prob);
            let rank = if draw.len <= MAX_CORPUS_WORD_LEN {
                corpus.rank_of(draw.code)
            } else {
                None
            };
            if let Some(r) = rank {
                real += 1;
                if s.seen[r] != s.stamp {
                    s.seen[r] = s.stamp;
                    distinct += 1;
                }
            }
            let accept = if prm.verifier_on {
                let p_accept = if rank.is_some() { 1.0 - eps } else { eps };
                cur.rng.uniform() < p_accept
            } else {
                true
            };
            if accept {
                accepted += 1;
                if !last {
                    s.train.push((draw.code, draw.len));
                }
            }
        }
        let n = prm.n_samples as f64;
        s.records.push(Record {
            heldout_bits_per_char: sums.heldout_bits / *heldout_symbols,
            real_word_share: real as f64 / n,
            real_word_mass: sums.real_mass,
            distinct_real_words: distinct as f64,
            tail_mass: sums.tail_mass,
            word_entropy_bits: -likelihood.log2() / n,
            acceptance_rate: accepted as f64 / n,
        });
        cur.t += 1;
        if last {
            return;
        }
        for _ in 0..prm.n_real_per_generation() {
            let rank = corpus.draw_training_rank(&mut cur.rng);
            s.train.push((corpus.code(rank), corpus.word_len(rank)));
        }
        if s.train.is_empty() {
            return; // nothing to learn from: keep p_t
        }
        if !prm.accumulate {
            s.model.clear();
        }
        for &(code, len) in &s.train {
            s.model.add_word(code, len);
        }
        s.model.prepare();
    }

    /// Adds the complete replicate to the accumulators (in replicate order).
    fn fold(&mut self) {
        for (gen, r) in self.tally.gens.iter_mut().zip(&self.scratch.records) {
            gen.heldout_bits_per_char.push(r.heldout_bits_per_char);
            gen.real_word_share.push(r.real_word_share);
            gen.real_word_mass.push(r.real_word_mass);
            gen.distinct_real_words.push(r.distinct_real_words);
            gen.tail_mass.push(r.tail_mass);
            gen.word_entropy_bits.push(r.word_entropy_bits);
            gen.acceptance_rate.push(r.acceptance_rate);
        }
    }

    /// The curves of the replicates completed so far (all of them once
    /// [`advance`](TextSim::advance) returned true).
    pub fn finish(&self) -> TextRun {
        let n = self.tally.gens.len();
        let mut run = TextRun {
            params: self.params.clone(),
            seed: self.seed,
            generations: (0..n).collect(),
            heldout_bits_per_char: Band::with_capacity(n),
            real_word_share: Band::with_capacity(n),
            real_word_mass: Band::with_capacity(n),
            distinct_real_words: Band::with_capacity(n),
            tail_mass: Band::with_capacity(n),
            word_entropy_bits: Band::with_capacity(n),
            acceptance_rate: Band::with_capacity(n),
            real_tail_mass: self.corpus.mass_beyond(TAIL_RANK),
        };
        for g in &self.tally.gens {
            run.heldout_bits_per_char
                .push_triple(g.heldout_bits_per_char.mean_band());
            run.real_word_share
                .push_triple(g.real_word_share.mean_band());
            run.real_word_mass.push_triple(g.real_word_mass.mean_band());
            run.distinct_real_words
                .push_triple(g.distinct_real_words.mean_band());
            run.tail_mass.push_triple(g.tail_mass.mean_band());
            run.word_entropy_bits
                .push_triple(g.word_entropy_bits.mean_band());
            run.acceptance_rate
                .push_triple(g.acceptance_rate.mean_band());
        }
        run
    }
}

/// The exact evaluator of `corpus` for models of order `order` (2 to 5), the tail counted from
/// [`TAIL_RANK`]. It depends on the order's context structure only, not on the smoothing.
pub fn evaluator(corpus: &Corpus, order: usize) -> ExactSums {
    ExactSums::new(corpus, &NgramModel::new(order, 1.0), TAIL_RANK)
}

/// Runs scenario G to completion on `corpus`, on engine v1.
pub fn run(params: &TextParams, seed: u64, corpus: &Arc<Corpus>) -> TextRun {
    run_on(params, seed, Engine::V1, corpus)
}

/// Runs scenario G to completion on `corpus` and `engine`: its replicate blocks one after the
/// other, their tallies merged in block order (what the registry's job does with the shared
/// corpus; see [`crate::scenario::blocks`]).
pub fn run_on(params: &TextParams, seed: u64, engine: Engine, corpus: &Arc<Corpus>) -> TextRun {
    use crate::scenario::blocks::{block_count, block_replicates};
    let exact = evaluator(corpus, params.clamped().order);
    let r = params.clamped().n_replicates;
    let mut total = TextTally::new(params);
    for block in 0..block_count(engine, r) {
        let range = block_replicates(engine, r, block);
        let mut sim = TextSim::for_replicates(
            params,
            seed,
            engine,
            range,
            Arc::clone(corpus),
            exact.clone(),
        );
        while !sim.advance(usize::MAX) {}
        total.absorb(&sim.tally());
    }
    TextSim::resume(params, seed, engine, total, Arc::clone(corpus), exact).finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small_corpus() -> Arc<Corpus> {
        let text = "the\t60\nof\t30\nand\nto\t20\na\nin\nis\t9\nit\nyou\nthat\t8\nthen\nthere\t3\n";
        Arc::new(Corpus::parse(text).unwrap())
    }

    #[test]
    fn defaults_are_the_documented_ones() {
        let p = TextParams::default();
        assert_eq!(
            (p.order, p.smoothing, p.n_real_initial, p.n_samples),
            (3, 0.01, 500, 500)
        );
        assert_eq!((p.n_generations, p.n_replicates), (20, 8));
        assert!(!p.verifier_on && p.verifier_strength == 1.0);
        assert!(p.real_fraction == 0.0 && !p.accumulate);
        for spec in TextParams::specs() {
            assert_eq!(
                spec.validate(spec.default).value(),
                spec.default,
                "{}",
                spec.key
            );
        }
    }

    #[test]
    fn clamped_parameters_are_in_range() {
        let wild = TextParams {
            order: 9,
            smoothing: -1.0,
            n_samples: 0,
            n_replicates: 100_000,
            verifier_strength: 3.0,
            ..TextParams::default()
        };
        let p = wild.clamped();
        assert_eq!(p.order, 5);
        assert_eq!(p.smoothing, 0.001);
        assert_eq!(p.n_samples, 10);
        assert_eq!(p.n_replicates, 200);
        assert_eq!(p.verifier_strength, 1.0);
        assert_eq!(TextParams::default().clamped(), TextParams::default());
    }

    #[test]
    fn presets_differ_from_the_defaults_only_where_they_say() {
        use crate::scenarios::text::{preset, PRESETS};
        for p in PRESETS {
            let params = preset(p.label).unwrap();
            for spec in TextParams::specs() {
                let want = p
                    .settings
                    .iter()
                    .find(|(k, _)| *k == spec.key)
                    .map_or(spec.default, |&(_, v)| v);
                assert_eq!(
                    params.get(spec.key),
                    Some(want),
                    "{}: {}",
                    p.label,
                    spec.key
                );
            }
        }
        assert_eq!(preset("nope"), None);
    }

    #[test]
    fn partial_results_count_whole_replicates() {
        let corpus = small_corpus();
        let params = TextParams {
            n_replicates: 3,
            n_generations: 4,
            n_samples: 50,
            n_real_initial: 50,
            ..TextParams::default()
        };
        let mut sim = TextSim::new(&params, 4, corpus);
        sim.advance(5);
        let one = sim.finish();
        assert_eq!(sim.progress(), (5, 15));
        sim.advance(3);
        assert_eq!(sim.progress(), (8, 15));
        assert_eq!(sim.finish(), one);
        assert!(!sim.advance(6));
        assert!(sim.advance(1));
        assert_eq!(sim.progress(), (15, 15));
    }
}
