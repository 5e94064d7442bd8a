//! Scenario A's simulation: the categorical generation-training loop, collapse when closed,
//! recovery when a verifier or fresh data opens it (DESIGN.md, scenario A).
//!
//! Model. The hidden correct answer `X` is uniform on `{0..V}`; real data is `p*(y|X) = q` at `X`
//! and `(1-q)/(V-1)` elsewhere. Generation 0 is the smoothed empirical distribution of `n0` real
//! samples. Each generation draws `N` candidates from `p_t` (plus `round(lambda N)` fresh real
//! samples), weights them (closed: `w = 1`; verifier: the verdict `1[y = target]` flipped with
//! probability `eps = (1 - s)/2`, the target being `X` with probability `1 - kappa` and the model's
//! current mode with probability `kappa`), refits `p_hat = (sum w 1[y] + alpha) / (sum w + V alpha)`
//! (keeping `p_t` if `sum w = 0`), and moves `p_{t+1} = (1 - beta) p_t + beta p_hat`. In
//! accumulate mode the refit uses all weighted data so far instead of the last generation's.
//!
//! Estimation. `R` independent replicates (fresh `X` and stream each) give per-generation means
//! and, from the `R` joint samples, the mutual informations `I(X; argmax p_t)` and `I(X; Y_t)`
//! (`Y_t ~ p_t`). The DPI ceiling `I(X; Z_0)` is computed from each replicate's exact posterior
//! over `X` given its `n0` real samples. Samples are drawn per category (conditional binomials),
//! so a generation costs `O(V log N)`, not `O(N)`.
//!
//! Work is sliceable: [`LoopSim::advance`] runs a bounded number of generations (of one replicate
//! after another), and a replicate's numbers join the accumulators ([`LoopTally`]) only when it
//! is complete, in replicate order, so the same run gives bit-identical curves however it is
//! sliced, and a run of 100 000 generations never blocks the page for a whole replicate.
//! Replicate `i` draws from stream `i` of the run's engine ([`Stream`]), so a block of
//! replicates can be computed anywhere.

use super::draws::{
    self, Categorical, LogTable, Verdict, PER_SAMPLE_MAX_ANSWERS, PER_SAMPLE_MAX_N,
};
use super::heterozygosity::{
    closed_form_applies, heterozygosity_closed_form, initial_heterozygosity,
};
use super::LoopParams;
use crate::estimators::information::{
    binary_entropy_bits, entropy_bits, injected_bits_per_sample, log2, JointCounts, MiEstimate,
};
use crate::estimators::series::{recorded_generations, Band, Moments};
use crate::random::stream::{Engine, Stream};
use crate::scenario::blocks::{BlockError, Tally, TallyReader, TallyWriter};
use crate::scenario::{Blocked, Curves};
use core::ops::Range;

impl LoopParams {
    /// Flip probability `eps = (1 - s) / 2` of the verifier.
    pub fn flip_probability(&self) -> f64 {
        (1.0 - self.verifier_strength) / 2.0
    }

    /// Fresh real samples per generation, `round(lambda N)`.
    pub fn n_real_per_generation(&self) -> usize {
        libm::round(self.real_fraction * self.n_samples as f64) as usize
    }

    /// Whether an external signal enters the loop (a verifier not anchored to the student with
    /// `s > 0`, or fresh real data). Closed loops obey the DPI ceiling.
    pub fn is_open(&self) -> bool {
        let verifier_informative =
            self.verifier_on && self.verifier_strength > 0.0 && self.anchoring < 1.0;
        verifier_informative || self.n_real_per_generation() > 0
    }

    /// The real-data distribution `p*(.|X)`.
    pub fn real_distribution(&self, x: usize) -> Vec<f64> {
        let v = self.n_answers;
        let other = (1.0 - self.real_accuracy) / (v as f64 - 1.0);
        (0..v)
            .map(|y| if y == x { self.real_accuracy } else { other })
            .collect()
    }

    /// Whether engine v2 miscounted these runs: with nine answers, every draw of at most
    /// [`PER_SAMPLE_MAX_N`] samples (the initial real data, a generation's candidates, its fresh
    /// real samples) goes sample by sample, where v2 counted the ninth answer as the first.
    pub fn v2_miscounts_the_ninth_answer(&self) -> bool {
        let per_sample = |n: usize| n > 0 && n <= PER_SAMPLE_MAX_N;
        self.n_answers == PER_SAMPLE_MAX_ANSWERS
            && [
                self.n_real_initial,
                self.n_samples,
                self.n_real_per_generation(),
            ]
            .into_iter()
            .any(per_sample)
    }

    /// `I(X; Y)` in bits carried by one fresh real sample: `log2 V - H(p*(.|X))`.
    pub fn bits_per_real_sample(&self) -> f64 {
        (log2(self.n_answers as f64) - entropy_bits(&self.real_distribution(0))).max(0.0)
    }
}

/// Per-generation curves of one run of scenario A; information in bits. Every vector has one
/// entry per recorded generation: all of `0..=n_generations` up to
/// [`MAX_POINTS`](infoloop_core::estimators::series::MAX_POINTS) points, every k-th beyond (see
/// [`generations`](LoopRun::generations)).
#[derive(Clone, Debug, PartialEq)]
pub struct LoopRun {
    /// The parameters that produced this run.
    pub params: LoopParams,
    /// The seed that produced this run.
    pub seed: u64,
    /// `I(X; argmax p_t)` (Miller-Madow, 95% band): a lower bound on the task information in Z_t.
    pub info_argmax_bits: Band,
    /// Plug-in `I(X; argmax p_t)` (biased upward), for comparison.
    pub info_argmax_plugin_bits: Vec<f64>,
    /// `I(X; Y_t)`, `Y_t ~ p_t` one sample per replicate (Miller-Madow, 95% band).
    pub info_sample_bits: Band,
    /// DPI ceiling `I(X; Z_0)`, constant in `t` (mean over replicates of `log2 V - H(X | data_0)`).
    pub dpi_ceiling_bits: Band,
    /// Open-loop budget `I(X; Z_0) + cumulative injected bits`, capped at `log2 V`.
    pub open_bound_bits: Vec<f64>,
    /// Mean accuracy `E[p_t(X)]` with a 95% band.
    pub mean_accuracy: Band,
    /// Greedy accuracy `P(argmax p_t = X)` (ties go to the lowest index).
    pub greedy_accuracy: Vec<f64>,
    /// Entropy `H(p_t)` in bits, mean over replicates with a 95% band.
    pub entropy_bits: Band,
    /// `KL(p* || p_t)` in bits, mean over replicates.
    pub kl_bits: Vec<f64>,
    /// Share of synthetic candidates the verifier accepted in the step into generation t
    /// (entry 0 is 1 by convention; 1 for the closed loop).
    pub acceptance_rate: Vec<f64>,
    /// Injected bits per verified sample in the step into generation t (entry 0 is 0):
    /// `(1 - kappa) I_inj(p_{t-1}(X), eps)`, averaged over replicates.
    pub injected_bits_per_sample: Vec<f64>,
    /// Running total of injected bits (verified samples plus fresh real samples).
    pub injected_bits_total: Vec<f64>,
    /// The generation of each entry (`0, 1, 2, ...` unless the run was longer than
    /// [`MAX_POINTS`](infoloop_core::estimators::series::MAX_POINTS)).
    pub generations: Vec<usize>,
    /// Engine v2 only (empty on v1, whose curves are frozen): the heterozygosity
    /// `1 - sum_y p_t(y)^2`, mean over replicates with a 95% band.
    pub heterozygosity: Band,
    /// Engine v2 only, and only where it is exact ([`closed_form_applies`]: a closed loop that
    /// replaces its data): `E[1 - sum_y p_t(y)^2]` by neutral Wright-Fisher drift with the
    /// smoothing's affine correction ([`heterozygosity_closed_form`], derived there), at
    /// [`generations`](LoopRun::generations).
    pub heterozygosity_closed_form: Vec<f64>,
}

impl LoopRun {
    /// Number of points per curve (recorded generations, generation 0 included).
    pub fn len(&self) -> usize {
        self.mean_accuracy.mid.len()
    }

    /// Whether every generation was recorded (entry `i` is generation `i`).
    pub fn is_every_generation(&self) -> bool {
        self.generations.len() == self.params.n_generations + 1
    }

    /// Whether the run has no generations (never true for a finished run).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Curves for LoopRun {
    fn curves(&self) -> Vec<(String, &[f64])> {
        let mut out: Vec<(String, &[f64])> = Vec::new();
        out.extend(self.info_argmax_bits.named("info_argmax_bits"));
        out.push((
            "info_argmax_plugin_bits".into(),
            &self.info_argmax_plugin_bits,
        ));
        out.extend(self.info_sample_bits.named("info_sample_bits"));
        out.extend(self.dpi_ceiling_bits.named("dpi_ceiling_bits"));
        out.push(("open_bound_bits".into(), &self.open_bound_bits));
        out.extend(self.mean_accuracy.named("mean_accuracy"));
        out.push(("greedy_accuracy".into(), &self.greedy_accuracy));
        out.extend(self.entropy_bits.named("entropy_bits"));
        out.push(("kl_bits".into(), &self.kl_bits));
        out.push(("acceptance_rate".into(), &self.acceptance_rate));
        out.push((
            "injected_bits_per_sample".into(),
            &self.injected_bits_per_sample,
        ));
        out.push(("injected_bits_total".into(), &self.injected_bits_total));
        // Engine v2's curves only (empty on v1, so v1's fingerprints are what they were).
        if !self.heterozygosity.mid.is_empty() {
            out.extend(self.heterozygosity.named("heterozygosity"));
        }
        if !self.heterozygosity_closed_form.is_empty() {
            out.push((
                "heterozygosity_closed_form".into(),
                &self.heterozygosity_closed_form,
            ));
        }
        out
    }

    fn steps(&self) -> Option<&[usize]> {
        (!self.is_every_generation()).then_some(&self.generations[..])
    }
}

/// Per-generation accumulators over replicates.
#[derive(Clone, Debug)]
struct GenAccumulator {
    accuracy: Moments,
    entropy: Moments,
    /// Engine v2 only (no entries on v1).
    heterozygosity: Moments,
    /// A count (a sum of 0s and 1s).
    greedy: f64,
    kl: f64,
    accepted: f64,
    injected: f64,
    joint_argmax: JointCounts,
    joint_sample: JointCounts,
}

/// What a set of complete replicates of scenario A adds up to: one accumulator per recorded
/// generation (the step statistics of the generations in between, acceptance and injected
/// bits, are summed into the next recorded one) and the DPI ceiling's moments.
#[derive(Clone, Debug)]
pub struct LoopTally {
    replicates: u64,
    gens: Vec<GenAccumulator>,
    ceiling: Moments,
}

impl LoopTally {
    fn new(params: &LoopParams, recorded: usize) -> Self {
        let v = params.n_answers;
        let gen = GenAccumulator {
            accuracy: Moments::default(),
            entropy: Moments::default(),
            heterozygosity: Moments::default(),
            greedy: 0.0,
            kl: 0.0,
            accepted: 0.0,
            injected: 0.0,
            joint_argmax: JointCounts::new(v, v),
            joint_sample: JointCounts::new(v, v),
        };
        LoopTally {
            replicates: 0,
            gens: vec![gen; recorded],
            ceiling: Moments::default(),
        }
    }
}

impl Tally for LoopTally {
    fn absorb(&mut self, next: &Self) {
        self.replicates += next.replicates;
        self.ceiling.absorb(&next.ceiling);
        for (gen, other) in self.gens.iter_mut().zip(&next.gens) {
            gen.accuracy.absorb(&other.accuracy);
            gen.entropy.absorb(&other.entropy);
            gen.heterozygosity.absorb(&other.heterozygosity);
            gen.greedy += other.greedy;
            gen.kl += other.kl;
            gen.accepted += other.accepted;
            gen.injected += other.injected;
            gen.joint_argmax.add_cells(other.joint_argmax.cells());
            gen.joint_sample.add_cells(other.joint_sample.cells());
        }
    }

    fn write(&self, out: &mut TallyWriter) {
        out.count(self.replicates);
        out.moments(&self.ceiling);
        for gen in &self.gens {
            out.moments(&gen.accuracy);
            out.moments(&gen.entropy);
            out.moments(&gen.heterozygosity);
            out.count(gen.greedy as u64);
            out.sum(gen.kl);
            out.sum(gen.accepted);
            out.sum(gen.injected);
            out.joint(&gen.joint_argmax);
            out.joint(&gen.joint_sample);
        }
    }

    fn read(&mut self, input: &mut TallyReader<'_>) -> Result<(), BlockError> {
        self.replicates = input.count()?;
        self.ceiling = input.moments()?;
        for gen in &mut self.gens {
            gen.accuracy = input.moments()?;
            gen.entropy = input.moments()?;
            gen.heterozygosity = input.moments()?;
            gen.greedy = input.count()? as f64;
            gen.kl = input.sum()?;
            gen.accepted = input.sum()?;
            gen.injected = input.sum()?;
            input.joint(&mut gen.joint_argmax)?;
            input.joint(&mut gen.joint_sample)?;
        }
        Ok(())
    }
}

/// A run of scenario A in progress, over a range of its replicates: call
/// [`advance`](LoopSim::advance) until it returns true, then [`finish`](LoopSim::finish) (or
/// [`tally`](LoopSim::tally)). Whole runs go through [`Blocked`] ([`run_on`]).
#[derive(Clone, Debug)]
pub struct LoopSim {
    params: LoopParams,
    seed: u64,
    engine: Engine,
    /// The replicates this simulation computes.
    replicates: Range<usize>,
    next_replicate: usize,
    /// The complete replicates so far.
    tally: LoopTally,
    /// The recorded generations.
    recorded: Vec<usize>,
    /// The replicate in progress, if one is.
    current: Option<Current>,
    scratch: Scratch,
    /// The replicate after `current`, advanced beside it generation by generation where
    /// [`LoopSim::pairs`] holds (its buffers in `partner_scratch`).
    partner: Option<Current>,
    partner_scratch: Scratch,
    /// Whether replicates go in pairs (see [`LoopSim::pairs`]).
    paired: bool,
    /// `H(p*)` in bits (the same for every replicate).
    real_entropy: f64,
    /// Engine v2 only.
    fast: FastV2,
}

/// What one recorded generation of the replicate in progress contributes; added to the
/// accumulators when the replicate is complete.
#[derive(Clone, Copy, Debug, Default)]
struct SlotRecord {
    accuracy: f64,
    entropy: f64,
    /// `1 - sum_y p_t(y)^2` (engine v2 only).
    heterozygosity: f64,
    greedy: f64,
    kl: f64,
    mode: usize,
    sample: usize,
    /// Acceptance and injected bits of the steps since the previous recorded generation.
    accepted: f64,
    injected: f64,
}

/// The replicate in progress (its model `p` and the real distribution live in [`Scratch`]).
#[derive(Clone, Debug)]
struct Current {
    rng: Stream,
    /// The correct answer X of this replicate.
    x: usize,
    /// The next generation to measure.
    t: usize,
    /// The next recorded generation's index in `recorded`.
    slot: usize,
    /// `H(p*)` in bits.
    real_entropy: f64,
    /// This replicate's `I(X; Z_0)` from its exact posterior.
    ceiling: f64,
}

/// Buffers reused across replicates (no allocation in the hot loop).
#[derive(Clone, Debug)]
struct Scratch {
    p: Vec<f64>,
    p_star: Vec<f64>,
    counts: Vec<u64>,
    weights: Vec<f64>,
    pooled: Vec<f64>,
    /// The replicate in progress, one entry per recorded generation.
    records: Vec<SlotRecord>,
    /// Engine v2 only: `log2 p`, kept in step with `p`.
    log_p: Vec<f64>,
    /// Engine v2 only: the categories by decreasing `p` (for conditional binomials), and by
    /// decreasing `p*`.
    order: Vec<usize>,
    order_star: Vec<usize>,
    /// Engine v2 only: `p` and `p*` as categorical boundaries (per-sample draws), and the
    /// verifier's verdict per answer.
    cat: Categorical,
    cat_star: Categorical,
    verdicts: Vec<Verdict>,
    /// Engine v2 only: the verifier's acceptance probability per answer.
    accept: Vec<f64>,
    /// Engine v2 only: fresh real samples drawn by conditional binomials.
    fresh: Vec<u64>,
    /// Engine v2 only: `p` was refit with rate 1 on counts with `c` on `X` out of `W`.
    p_key: Option<(usize, usize)>,
    /// Engine v2 only: the truth and mode `verdicts` and `accept` were set for.
    verdicts_key: Option<(usize, usize)>,
}

impl Scratch {
    /// Buffers for `v` answers.
    fn new(v: usize) -> Self {
        Scratch {
            p: vec![0.0; v],
            p_star: vec![0.0; v],
            counts: vec![0; v],
            weights: vec![0.0; v],
            pooled: vec![0.0; v],
            records: Vec::new(),
            log_p: vec![0.0; v],
            order: (0..v).collect(),
            order_star: (0..v).collect(),
            cat: Categorical::default(),
            cat_star: Categorical::default(),
            verdicts: vec![Verdict::default(); v],
            accept: vec![0.0; v],
            fresh: vec![0; v],
            p_key: None,
            verdicts_key: None,
        }
    }
}

/// Largest `N + round(lambda N)` (and `n0`) for which the injected bits are tabled by counts.
const INJECTED_TABLE_MAX: usize = 128;

/// What engine v2's draws and logarithms reuse across replicates (see `draws.rs`).
#[derive(Clone, Debug)]
struct FastV2 {
    /// `log2(c + alpha)` for counts `c`.
    logs: LogTable,
    /// `log2(W + V alpha)` for totals `W` (the refit's denominator).
    log_denoms: LogTable,
    /// Fresh real samples per generation, `round(lambda N)`.
    n_real: usize,
    /// The injected bits per verified sample, `I_inj(p(X), eps)`, of a model refit on counts
    /// with `c` on `X` out of `W`, at `c * (side + 1) + W` (NaN until used; empty when `N` is
    /// large).
    injected: Vec<f64>,
    /// The largest `c` and `W` in `injected`.
    side: usize,
    /// `h(eps)`, the verdict noise's entropy in bits.
    h_eps: f64,
    /// The verifier's acceptance probability and its verdict for an answer that is the truth
    /// `X` or not and the model's mode or not, at `(y == X) + 2 (y == mode)`: an answer's is one
    /// of these four, computed once rather than per answer and generation (the same numbers).
    verdict_cases: [(f64, Verdict); 4],
}

impl LoopSim {
    /// The number of replicates `R`.
    pub fn replicates(params: &LoopParams) -> usize {
        params.n_replicates
    }

    /// Generations of a whole run, `R (T + 1)`: the units of [`advance`](LoopSim::advance).
    pub fn total_units(params: &LoopParams) -> usize {
        params.n_replicates * (params.n_generations + 1)
    }

    /// Starts replicates `replicates` of the run seeded `seed` on `engine`. `params` must
    /// already be validated (every field within its spec's range).
    pub fn for_replicates(
        params: &LoopParams,
        seed: u64,
        engine: Engine,
        replicates: Range<usize>,
    ) -> Self {
        let v = params.n_answers;
        let recorded = recorded_generations(params.n_generations);
        let n_real = params.n_real_per_generation();
        let most = (params.n_samples + n_real).max(params.n_real_initial);
        LoopSim {
            params: params.clone(),
            seed,
            engine,
            next_replicate: replicates.start,
            replicates,
            tally: LoopTally::new(params, recorded.len()),
            recorded,
            current: None,
            partner: None,
            partner_scratch: Scratch::new(v),
            paired: PAIRS && engine != Engine::V1 && !per_sample(params),
            scratch: Scratch::new(v),
            real_entropy: entropy_bits(&params.real_distribution(0)),
            fast: FastV2 {
                logs: LogTable::new(params.smoothing, most),
                log_denoms: LogTable::new(params.smoothing * v as f64, most),
                n_real,
                injected: if params.verifier_on && most <= INJECTED_TABLE_MAX {
                    vec![f64::NAN; (most + 1) * (most + 1)]
                } else {
                    Vec::new()
                },
                side: most,
                h_eps: binary_entropy_bits(params.flip_probability()),
                verdict_cases: verdict_cases(params),
            },
        }
    }

    /// The run whose complete replicates add up to `tally`.
    pub fn resume(params: &LoopParams, seed: u64, engine: Engine, tally: LoopTally) -> Self {
        let done = tally.replicates as usize;
        let mut sim = LoopSim::for_replicates(params, seed, engine, 0..done);
        sim.next_replicate = done;
        sim.tally = tally;
        sim
    }

    /// What the complete replicates so far add up to.
    pub fn tally(&self) -> LoopTally {
        self.tally.clone()
    }

    /// Generations done so far, out of `(T + 1)` per replicate of the range.
    pub fn progress(&self) -> (usize, usize) {
        let per = self.params.n_generations + 1;
        let lane = |c: &Option<Current>| c.as_ref().map_or(0, |c| c.t);
        let partial = lane(&self.current) + lane(&self.partner);
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
                None => {
                    let next = self.next_replicate;
                    let current = self.start_replicate(next, false);
                    if self.pairs() && next + 1 < self.replicates.end {
                        self.partner = Some(self.start_replicate(next + 1, true));
                    }
                    current
                }
            };
            if let Some(mut partner) = self.partner.take().filter(|_| PAIRS) {
                // Two replicates side by side: each draws from its own stream in its own
                // order, so the pair computes what the two would one after the other.
                let mut lane_b = core::mem::replace(&mut self.partner_scratch, Scratch::new(0));
                while budget > 0 && current.t <= self.params.n_generations {
                    self.generation_pair(&mut current, &mut partner, &mut lane_b);
                    budget = budget.saturating_sub(2);
                }
                if current.t > self.params.n_generations {
                    self.fold(&current);
                    fold_into(&mut self.tally, self.engine, &partner, &lane_b.records);
                    self.next_replicate += 2;
                } else {
                    self.current = Some(current);
                    self.partner = Some(partner);
                }
                self.partner_scratch = lane_b;
                continue;
            }
            while budget > 0 && current.t <= self.params.n_generations {
                self.generation(&mut current);
                budget -= 1;
            }
            if current.t > self.params.n_generations {
                self.fold(&current);
                self.next_replicate += 1;
            } else {
                self.current = Some(current);
            }
        }
        self.next_replicate >= self.replicates.end
    }

    /// Draws replicate `replicate`'s answer X and generation 0 (the smoothed empirical
    /// distribution of `n0` real samples), into the partner's buffers if `partner`.
    fn start_replicate(&mut self, replicate: usize, partner: bool) -> Current {
        let prm = &self.params;
        let v = prm.n_answers;
        let mut rng = Stream::new(self.engine, self.seed, replicate as u64);
        let s = if partner {
            &mut self.partner_scratch
        } else {
            &mut self.scratch
        };
        let real_entropy = self.real_entropy;
        let x = rng.below(v as u64) as usize;
        let other = (1.0 - prm.real_accuracy) / (v as f64 - 1.0);
        for (y, ps) in s.p_star.iter_mut().enumerate() {
            *ps = if y == x { prm.real_accuracy } else { other };
        }
        let ceiling = match self.engine {
            Engine::V1 => {
                rng.multinomial_into(prm.n_real_initial as u64, &s.p_star, &mut s.counts);
                let ceiling = log2(v as f64) - posterior_entropy_bits(prm, &s.counts);
                for (pool, &c) in s.pooled.iter_mut().zip(&s.counts) {
                    *pool = c as f64;
                }
                refit(&mut s.p, &s.pooled, prm.smoothing, 1.0);
                ceiling
            }
            Engine::V2 | Engine::V3 => {
                if v <= PER_SAMPLE_MAX_ANSWERS {
                    s.cat_star.set(&s.p_star);
                }
                s.order_star
                    .iter_mut()
                    .enumerate()
                    .for_each(|(i, o)| *o = i);
                draws::sort_by_probability(&mut s.order_star, &s.p_star);
                draw_real_v2(&mut rng, prm.n_real_initial, s, false);
                let ceiling = log2(v as f64) - posterior_entropy_bits(prm, &s.counts);
                for (pool, &c) in s.pooled.iter_mut().zip(&s.counts) {
                    *pool = c as f64;
                }
                refit_counts_v2(s, &self.fast, prm.smoothing, x);
                s.order.iter_mut().enumerate().for_each(|(i, o)| *o = i);
                ceiling
            }
        };
        s.records.clear();
        s.records.resize(self.recorded.len(), SlotRecord::default());
        Current {
            rng,
            x,
            t: 0,
            slot: 0,
            real_entropy,
            ceiling,
        }
    }

    /// Measures generation `t` of the replicate in progress (if it is recorded) and, before the
    /// last, steps to `t + 1`: draw, weigh, refit.
    fn generation(&mut self, cur: &mut Current) {
        match self.engine {
            Engine::V1 => self.generation_v1(cur),
            Engine::V2 | Engine::V3 => self.generation_v2(cur),
        }
    }

    /// Whether replicates go in pairs ([`generation_pair`](LoopSim::generation_pair)): on
    /// engine v2 and later where a generation's draws are conditional binomials, a chain of
    /// dependent steps (each binomial's trials are what the last one left) that keeps the
    /// processor waiting; a second replicate's chain fills the wait (scenario A's large case,
    /// R=5000, T=100, N=1024: about 10% faster natively). Per-sample draws keep the processor busy
    /// already and go one replicate at a time.
    fn pairs(&self) -> bool {
        self.paired
    }

    /// [`generation`](LoopSim::generation) on engine v2: the same model, its draws and
    /// logarithms as `draws.rs` makes them cheap.
    fn generation_v2(&mut self, cur: &mut Current) {
        let per_sample = per_sample(&self.params);
        let LoopSim {
            params: prm,
            recorded,
            scratch: s,
            fast,
            ..
        } = self;
        let Some(mode) = measure_v2(prm, recorded, s, cur, per_sample) else {
            return;
        };
        let accepted = if per_sample {
            if prm.verifier_on {
                set_verdicts(fast, s, cur.x, mode);
            }
            s.counts.fill(0);
            let verdicts = prm.verifier_on.then_some(&s.verdicts[..]);
            draws::draw_samples(&mut cur.rng, prm.n_samples, &s.cat, verdicts, &mut s.counts)
        } else {
            draws::sort_by_probability(&mut s.order, &s.p);
            let n = prm.n_samples as u64;
            draws::multinomial(&mut cur.rng, n, &s.p, &s.order, &mut s.counts);
            verify_counts(prm, fast, s, cur, mode)
        };
        step_v2(prm, fast, s, cur, accepted);
    }

    /// Two replicates' [`generation_v2`](LoopSim::generation_v2) (conditional binomials), `a`
    /// in `self.scratch` and `b` in `sb`, at the same generation: each replicate's draws from
    /// its own stream in its own order, the two multinomials' binomials interleaved.
    fn generation_pair(&mut self, a: &mut Current, b: &mut Current, sb: &mut Scratch) {
        let LoopSim {
            params: prm,
            recorded,
            scratch: sa,
            fast,
            ..
        } = self;
        let mode_a = measure_v2(prm, recorded, sa, a, false);
        let mode_b = measure_v2(prm, recorded, sb, b, false);
        let (Some(mode_a), Some(mode_b)) = (mode_a, mode_b) else {
            return;
        };
        draws::sort_by_probability(&mut sa.order, &sa.p);
        draws::sort_by_probability(&mut sb.order, &sb.p);
        draws::multinomial_pair(
            prm.n_samples as u64,
            (&mut a.rng, &sa.p, &sa.order, &mut sa.counts),
            (&mut b.rng, &sb.p, &sb.order, &mut sb.counts),
        );
        let accepted_a = verify_counts(prm, fast, sa, a, mode_a);
        let accepted_b = verify_counts(prm, fast, sb, b, mode_b);
        step_v2(prm, fast, sa, a, accepted_a);
        step_v2(prm, fast, sb, b, accepted_b);
    }

    /// [`generation`](LoopSim::generation) on engine v1 (frozen: every v1 link replays it).
    fn generation_v1(&mut self, cur: &mut Current) {
        let LoopSim {
            params: prm,
            recorded,
            scratch: s,
            ..
        } = self;
        let v = prm.n_answers;
        let eps = prm.flip_probability();
        let x = cur.x;
        let mode = argmax(&s.p);
        let y_t = cur.rng.categorical(&s.p);
        let a = s.p[x];
        if recorded[cur.slot] == cur.t {
            let (entropy, cross) = entropy_and_cross_bits(&s.p, &s.p_star);
            let record = &mut s.records[cur.slot];
            record.accuracy = a;
            record.entropy = entropy;
            record.greedy = (mode == x) as u8 as f64;
            record.kl = (cross - cur.real_entropy).max(0.0);
            record.mode = mode;
            record.sample = y_t;
            cur.slot += 1;
        }
        cur.t += 1;
        if cur.t > prm.n_generations {
            return;
        }

        cur.rng
            .multinomial_into(prm.n_samples as u64, &s.p, &mut s.counts);
        let mut accepted = 0u64;
        for y in 0..v {
            let kept = if prm.verifier_on {
                let on_target = (1.0 - prm.anchoring) * (y == x) as u8 as f64
                    + prm.anchoring * (y == mode) as u8 as f64;
                let p_accept = on_target * (1.0 - eps) + (1.0 - on_target) * eps;
                cur.rng.binomial(s.counts[y], p_accept)
            } else {
                s.counts[y]
            };
            accepted += kept;
            s.weights[y] = kept as f64;
        }
        let n_real = prm.n_real_per_generation() as u64;
        if n_real > 0 {
            cur.rng.multinomial_into(n_real, &s.p_star, &mut s.counts);
            for (w, &c) in s.weights.iter_mut().zip(&s.counts) {
                *w += c as f64;
            }
        }
        // The step into the next generation counts for the next recorded one.
        let next = &mut s.records[cur.slot];
        next.accepted += accepted as f64 / prm.n_samples as f64;
        if prm.verifier_on {
            next.injected += (1.0 - prm.anchoring) * injected_bits_per_sample(a, eps);
        }
        let fit_on = if prm.accumulate {
            for (pool, &w) in s.pooled.iter_mut().zip(&s.weights) {
                *pool += w;
            }
            &s.pooled
        } else {
            &s.weights
        };
        refit(&mut s.p, fit_on, prm.smoothing, prm.refit_rate);
    }

    /// Adds a complete replicate to the accumulators (in replicate order: the same sums however
    /// the run was sliced).
    fn fold(&mut self, cur: &Current) {
        fold_into(&mut self.tally, self.engine, cur, &self.scratch.records);
    }

    /// Turns the accumulators into curves. Call after [`advance`](LoopSim::advance) returned true
    /// (earlier calls give estimates from the replicates done so far).
    pub fn finish(&self) -> LoopRun {
        let prm = &self.params;
        let r = self.tally.replicates.max(1) as f64;
        let n_gens = self.tally.gens.len();
        let mi = |joint: &JointCounts| -> MiEstimate { joint.mutual_information() };
        let mut info_argmax = Band::with_capacity(n_gens);
        let mut info_sample = Band::with_capacity(n_gens);
        let mut mean_accuracy = Band::with_capacity(n_gens);
        let mut entropy = Band::with_capacity(n_gens);
        let mut dpi = Band::with_capacity(n_gens);
        let mut run = LoopRun {
            params: prm.clone(),
            seed: self.seed,
            info_argmax_bits: Band::default(),
            info_argmax_plugin_bits: Vec::with_capacity(n_gens),
            info_sample_bits: Band::default(),
            dpi_ceiling_bits: Band::default(),
            open_bound_bits: Vec::with_capacity(n_gens),
            mean_accuracy: Band::default(),
            greedy_accuracy: Vec::with_capacity(n_gens),
            entropy_bits: Band::default(),
            kl_bits: Vec::with_capacity(n_gens),
            acceptance_rate: Vec::with_capacity(n_gens),
            injected_bits_per_sample: Vec::with_capacity(n_gens),
            injected_bits_total: Vec::with_capacity(n_gens),
            generations: Vec::new(),
            heterozygosity: Band::default(),
            heterozygosity_closed_form: Vec::new(),
        };
        let max_bits = log2(prm.n_answers as f64);
        let ceiling = self.tally.ceiling.mean_band();
        let real_bits = prm.n_real_per_generation() as f64 * prm.bits_per_real_sample();
        let mut total = 0.0;
        for (t, gen) in self.tally.gens.iter().enumerate() {
            // Generations since the previous recorded one (1 unless the run is downsampled).
            let steps = match t {
                0 => 1.0,
                _ => (self.recorded[t] - self.recorded[t - 1]) as f64,
            };
            let arg = mi(&gen.joint_argmax);
            info_argmax.push_estimate(&arg);
            run.info_argmax_plugin_bits.push(arg.plugin_bits);
            info_sample.push_estimate(&mi(&gen.joint_sample));
            mean_accuracy.push_triple(gen.accuracy.mean_band());
            entropy.push_triple(gen.entropy.mean_band());
            dpi.push_triple(ceiling);
            run.greedy_accuracy.push(gen.greedy / r);
            run.kl_bits.push(gen.kl / r);
            let per_sample = gen.injected / (r * steps);
            if t == 0 {
                run.acceptance_rate.push(1.0);
            } else {
                run.acceptance_rate.push(gen.accepted / (r * steps));
                total += gen.injected / r * prm.n_samples as f64 + real_bits * steps;
            }
            run.injected_bits_per_sample.push(per_sample);
            run.injected_bits_total.push(total);
            run.open_bound_bits.push((ceiling.0 + total).min(max_bits));
        }
        run.info_argmax_bits = info_argmax;
        run.info_sample_bits = info_sample;
        run.mean_accuracy = mean_accuracy;
        run.entropy_bits = entropy;
        run.dpi_ceiling_bits = dpi;
        run.generations = self.recorded.clone();
        if self.engine != Engine::V1 {
            let mut het = Band::with_capacity(n_gens);
            for gen in &self.tally.gens {
                het.push_triple(gen.heterozygosity.mean_band());
            }
            run.heterozygosity = het;
            if closed_form_applies(prm) {
                let exact =
                    heterozygosity_closed_form(prm, initial_heterozygosity(prm), prm.n_generations);
                run.heterozygosity_closed_form = self.recorded.iter().map(|&t| exact[t]).collect();
            }
        }
        run
    }

    /// Points each curve stores (at most [`MAX_POINTS`]).
    pub fn stored_points(&self) -> usize {
        self.tally.gens.len()
    }
}

crate::scenario::simulation_by_inherent!(LoopSim, LoopParams, LoopRun, LoopTally);

/// Runs scenario A to completion on engine v1 (what `v=1` links compute).
///
/// ```
/// # use infoloop_core::scenarios::loop_cat::{run, LoopParams};
/// let params = LoopParams { n_replicates: 50, n_generations: 5, ..LoopParams::default() };
/// let out = run(&params, 1);
/// assert_eq!(out.len(), 6);
/// assert!(out.mean_accuracy.mid.iter().all(|a| (0.0..=1.0).contains(a)));
/// ```
pub fn run(params: &LoopParams, seed: u64) -> LoopRun {
    run_on(params, seed, Engine::V1)
}

/// Runs scenario A to completion on `engine` (in blocks of replicates, see [`Blocked`]).
pub fn run_on(params: &LoopParams, seed: u64, engine: Engine) -> LoopRun {
    Blocked::<LoopSim>::run(params, seed, engine)
}

/// `p <- (1 - beta) p + beta (w + alpha) / (sum w + V alpha)`; keeps `p` if `sum w = 0`.
fn refit(p: &mut [f64], weights: &[f64], alpha: f64, beta: f64) {
    let total: f64 = weights.iter().sum();
    if total <= 0.0 {
        return;
    }
    let denom = total + alpha * p.len() as f64;
    for (pi, &w) in p.iter_mut().zip(weights) {
        *pi = (1.0 - beta) * *pi + beta * (w + alpha) / denom;
    }
}

/// Engine v2's fresh real samples: `n` samples of `p*` (per sample when few, else by
/// conditional binomials), into `s.counts` (added to it when `add`, else overwriting it).
fn draw_real_v2(rng: &mut Stream, n: usize, s: &mut Scratch, add: bool) {
    if !add {
        s.counts.fill(0);
    }
    if n == 0 {
        return;
    }
    if n <= PER_SAMPLE_MAX_N && s.p_star.len() <= PER_SAMPLE_MAX_ANSWERS {
        draws::draw_samples(rng, n, &s.cat_star, None, &mut s.counts);
    } else {
        draws::multinomial(rng, n as u64, &s.p_star, &s.order_star, &mut s.fresh);
        for (c, &f) in s.counts.iter_mut().zip(&s.fresh) {
            *c += f;
        }
    }
}

/// Engine v2's refit: `p <- (1 - beta) p + beta (w + alpha) / (W + V alpha)` on the weights
/// (`s.weights`, or `s.pooled` in accumulate mode), `p` kept if `W = 0`, and `log2 p` in step:
/// with `beta = 1`, `log2(w + alpha) - log2(W + V alpha)` from the table.
fn refit_v2(s: &mut Scratch, logs: &LogTable, alpha: f64, beta: f64, replace: bool) {
    let weights = if replace { &s.weights } else { &s.pooled };
    s.p_key = None;
    let total: f64 = weights.iter().sum();
    if total <= 0.0 {
        return;
    }
    let denom = total + alpha * s.p.len() as f64;
    let inv = 1.0 / denom;
    if beta >= 1.0 {
        let log_denom = libm::log2(denom);
        for ((pi, lp), &w) in s.p.iter_mut().zip(&mut s.log_p).zip(weights) {
            *pi = (w + alpha) * inv;
            *lp = logs.get(w) - log_denom;
        }
    } else {
        for ((pi, lp), &w) in s.p.iter_mut().zip(&mut s.log_p).zip(weights) {
            *pi = (1.0 - beta) * *pi + beta * (w + alpha) * inv;
            *lp = libm::log2(*pi);
        }
    }
}

/// [`refit_v2`] with refit rate 1 on this generation's counts (`s.counts`): the same numbers,
/// with no conversion of the counts for the table.
fn refit_counts_v2(s: &mut Scratch, fast: &FastV2, alpha: f64, x: usize) {
    let total: u64 = s.counts.iter().sum();
    if total == 0 {
        return;
    }
    // Counts are far below 2^63: through i64, the conversion is one instruction on x86-64 and
    // the same number.
    let denom = total as i64 as f64 + alpha * s.p.len() as f64;
    let inv = 1.0 / denom;
    let log_denom = fast.log_denoms.count(total);
    for ((pi, lp), &c) in s.p.iter_mut().zip(&mut s.log_p).zip(&s.counts) {
        *pi = (c as i64 as f64 + alpha) * inv;
        *lp = fast.logs.count(c) - log_denom;
    }
    s.p_key = Some((s.counts[x] as usize, total as usize));
}

/// Whether this build ever pairs replicates: natively; not in the page's wasm, whose budget
/// the pairs' code (1.0 KB gzip) does not fit. Pairs change no result, only the time.
const PAIRS: bool = !cfg!(target_arch = "wasm32");

/// Whether a generation's `N` samples are drawn sample by sample (engine v2 and later), not by
/// conditional binomials.
fn per_sample(prm: &LoopParams) -> bool {
    prm.n_samples <= PER_SAMPLE_MAX_N && prm.n_answers <= PER_SAMPLE_MAX_ANSWERS
}

/// Engine v2's generation up to its draws: measures generation `t` of `cur` (if recorded) and
/// draws `Y_t`, by the boundaries the samples need anyway (`per_sample`) or by the cdf. Returns
/// the model's mode if a step to `t + 1` follows.
#[inline(always)]
fn measure_v2(
    prm: &LoopParams,
    recorded: &[usize],
    s: &mut Scratch,
    cur: &mut Current,
    per_sample: bool,
) -> Option<usize> {
    let x = cur.x;
    let mode = argmax(&s.p);
    let y_t = if per_sample {
        s.cat.set(&s.p);
        s.cat.draw(&mut cur.rng)
    } else {
        cur.rng.categorical(&s.p)
    };
    if recorded[cur.slot] == cur.t {
        let (mut entropy, mut cross) = (0.0, 0.0);
        for ((&pi, &qi), &l) in s.p.iter().zip(&s.p_star).zip(&s.log_p) {
            entropy -= pi * l;
            cross -= qi * l;
        }
        let record = &mut s.records[cur.slot];
        record.accuracy = s.p[x];
        record.entropy = entropy.max(0.0);
        record.greedy = (mode == x) as u8 as f64;
        record.kl = (cross - cur.real_entropy).max(0.0);
        record.mode = mode;
        record.sample = y_t;
        record.heterozygosity = 1.0 - s.p.iter().map(|&pi| pi * pi).sum::<f64>();
        cur.slot += 1;
    }
    cur.t += 1;
    (cur.t <= prm.n_generations).then_some(mode)
}

/// Each answer's verdict and acceptance probability (the truth `x`, the model's `mode`): set
/// again only when `x` or the mode changed (the mode rarely moves, and writing them every
/// generation was 3% of the verifier's default run).
#[inline(always)]
fn set_verdicts(fast: &FastV2, s: &mut Scratch, x: usize, mode: usize) {
    if s.verdicts_key == Some((x, mode)) {
        return;
    }
    s.verdicts_key = Some((x, mode));
    for (y, (verdict, accept)) in s.verdicts.iter_mut().zip(&mut s.accept).enumerate() {
        (*accept, *verdict) = fast.verdict_cases[(y == x) as usize + 2 * (y == mode) as usize];
    }
}

/// The verifier's verdicts on a multinomial's counts (each answer's accepted ones by a
/// binomial), if there is a verifier; returns the number kept.
#[inline(always)]
fn verify_counts(
    prm: &LoopParams,
    fast: &FastV2,
    s: &mut Scratch,
    cur: &mut Current,
    mode: usize,
) -> u64 {
    if prm.verifier_on {
        set_verdicts(fast, s, cur.x, mode);
        for (c, &accept) in s.counts.iter_mut().zip(&s.accept) {
            *c = draws::binomial(&mut cur.rng, *c, accept);
        }
    }
    s.counts.iter().sum()
}

/// Engine v2's generation after its draws (`accepted` of the `N` kept, counted in
/// `s.counts`): the fresh real samples, the injected bits, the refit into `t + 1`.
#[inline(always)]
fn step_v2(prm: &LoopParams, fast: &mut FastV2, s: &mut Scratch, cur: &mut Current, accepted: u64) {
    let eps = prm.flip_probability();
    let x = cur.x;
    let a = s.p[x];
    draw_real_v2(&mut cur.rng, fast.n_real, s, true);
    // The step into the next generation counts for the next recorded one.
    let next = &mut s.records[cur.slot];
    next.accepted += accepted as f64 / prm.n_samples as f64;
    if prm.verifier_on {
        let fresh = |a: f64| {
            let b = a * (1.0 - eps) + (1.0 - a) * eps;
            (binary_entropy_bits(b) - fast.h_eps).max(0.0)
        };
        // By the counts `p` was refit on, when they are in the table.
        let slot = s
            .p_key
            .filter(|&(c, w)| c <= fast.side && w <= fast.side)
            .map(|(c, w)| c * (fast.side + 1) + w)
            .filter(|&i| i < fast.injected.len());
        let bits = match slot {
            Some(i) if !fast.injected[i].is_nan() => fast.injected[i],
            Some(i) => {
                fast.injected[i] = fresh(a);
                fast.injected[i]
            }
            None => fresh(a),
        };
        next.injected += (1.0 - prm.anchoring) * bits;
    }
    if prm.accumulate {
        for (pool, &c) in s.pooled.iter_mut().zip(&s.counts) {
            *pool += c as f64;
        }
        refit_v2(s, &fast.logs, prm.smoothing, prm.refit_rate, false);
    } else if prm.refit_rate >= 1.0 {
        refit_counts_v2(s, fast, prm.smoothing, x);
    } else {
        for (w, &c) in s.weights.iter_mut().zip(&s.counts) {
            *w = c as f64;
        }
        refit_v2(s, &fast.logs, prm.smoothing, prm.refit_rate, true);
    }
}

/// Adds a complete replicate (`cur`, its recorded generations `records`) to `tally`.
fn fold_into(tally: &mut LoopTally, engine: Engine, cur: &Current, records: &[SlotRecord]) {
    tally.replicates += 1;
    tally.ceiling.push(cur.ceiling);
    for (gen, record) in tally.gens.iter_mut().zip(records) {
        gen.accuracy.push(record.accuracy);
        gen.entropy.push(record.entropy);
        if engine != Engine::V1 {
            gen.heterozygosity.push(record.heterozygosity);
        }
        gen.greedy += record.greedy;
        gen.kl += record.kl;
        gen.joint_argmax.add(cur.x, record.mode);
        gen.joint_sample.add(cur.x, record.sample);
        gen.accepted += record.accepted;
        gen.injected += record.injected;
    }
}

/// [`FastV2::verdict_cases`]: for an answer `y`, with `on_target = (1 - kappa) [y = X] + kappa
/// [y = mode]`, the acceptance probability `on_target (1 - eps) + (1 - on_target) eps`.
fn verdict_cases(prm: &LoopParams) -> [(f64, Verdict); 4] {
    let eps = prm.flip_probability();
    std::array::from_fn(|case| {
        let (is_x, is_mode) = (case & 1, case >> 1);
        let on_target = (1.0 - prm.anchoring) * is_x as f64 + prm.anchoring * is_mode as f64;
        let accept = on_target * (1.0 - eps) + (1.0 - on_target) * eps;
        (accept, Verdict::new(accept))
    })
}

/// The index of the largest entry, the lowest index among ties: `argmax p_t` is a deterministic
/// function of the model, so `I(X; argmax p_t) <= I(X; Z_t)` holds exactly.
fn argmax(p: &[f64]) -> usize {
    // The best value kept beside its index, so that each step is two conditional moves, not a
    // branch on the data (which the mode's moving position mispredicts).
    let (mut best, mut top) = (0usize, p.first().copied().unwrap_or(0.0));
    for (i, &pi) in p.iter().enumerate().skip(1) {
        let better = pi > top;
        best = if better { i } else { best };
        top = if better { pi } else { top };
    }
    best
}

/// `H(p)` and the cross-entropy `-sum_y p*(y) log2 p(y)` in bits, sharing one logarithm per
/// answer; `KL(p* || p) = cross - H(p*)`. `p` must be positive where `p*` is (smoothing ensures
/// it).
fn entropy_and_cross_bits(p: &[f64], p_star: &[f64]) -> (f64, f64) {
    let (mut entropy, mut cross) = (0.0, 0.0);
    for (&pi, &qi) in p.iter().zip(p_star) {
        if pi > 0.0 {
            let l = log2(pi);
            entropy -= pi * l;
            cross -= qi * l;
        } else if qi > 0.0 {
            cross = f64::INFINITY;
        }
    }
    (entropy.max(0.0), cross)
}

/// Entropy in bits of the posterior over `X` given the counts of `n0` real samples:
/// `P(X = x | c) ∝ r^{c_x}` with `r = q (V - 1) / (1 - q)`, computed in log space.
fn posterior_entropy_bits(prm: &LoopParams, counts: &[u64]) -> f64 {
    let q = prm.real_accuracy;
    let log_r = libm::log(q * (prm.n_answers as f64 - 1.0) / (1.0 - q));
    let max_log = counts
        .iter()
        .map(|&c| c as f64 * log_r)
        .fold(f64::NEG_INFINITY, f64::max);
    let mut z = 0.0;
    for &c in counts {
        z += libm::exp(c as f64 * log_r - max_log);
    }
    let mut h = 0.0;
    for &c in counts {
        let post = libm::exp(c as f64 * log_r - max_log) / z;
        if post > 0.0 {
            h -= post * log2(post);
        }
    }
    h.max(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estimators::information::kl_bits;

    #[test]
    fn slicing_does_not_change_the_run() {
        let params = LoopParams {
            n_replicates: 60,
            n_generations: 8,
            ..LoopParams::default()
        };
        for engine in Engine::ALL {
            let whole = run_on(&params, 9, engine);
            for slice in [1, 7, 9, 100] {
                let mut sim = Blocked::<LoopSim>::new(&params, 9, engine);
                while !sim.advance(slice) {}
                assert_eq!(
                    sim.finish(),
                    whole,
                    "{engine:?}: slices of {slice} generations"
                );
            }
        }
    }

    /// Replicates in pairs (conditional binomials on engine v2 and later) give what they give
    /// one at a time, bit for bit: an odd and an even count of replicates, a block that starts
    /// at an odd replicate, slices that stop halfway through a pair, the verifier, accumulation,
    /// partial refits, fresh real data and more answers than the per-sample path takes.
    #[test]
    fn pairs_of_replicates_change_no_bit() {
        let base = LoopParams {
            n_generations: 6,
            n_samples: 100,
            ..LoopParams::default()
        };
        let variants = [
            LoopParams {
                n_replicates: 21,
                ..base.clone()
            },
            LoopParams {
                n_replicates: 20,
                verifier_on: true,
                anchoring: 0.3,
                ..base.clone()
            },
            LoopParams {
                n_replicates: 9,
                accumulate: true,
                ..base.clone()
            },
            LoopParams {
                n_replicates: 9,
                refit_rate: 0.5,
                real_fraction: 0.25,
                ..base.clone()
            },
            LoopParams {
                n_replicates: 9,
                n_samples: 32,
                n_answers: 12,
                ..base.clone()
            },
        ];
        for prm in &variants {
            for engine in [Engine::V2, Engine::V3] {
                for range in [0..prm.n_replicates, 3..prm.n_replicates] {
                    let mut one = LoopSim::for_replicates(prm, 5, engine, range.clone());
                    assert!(one.pairs(), "{prm:?}");
                    one.paired = false;
                    while !one.advance(usize::MAX) {}
                    for slice in [usize::MAX, 1, 3, 7] {
                        let mut two = LoopSim::for_replicates(prm, 5, engine, range.clone());
                        while !two.advance(slice) {}
                        assert_eq!(two.finish(), one.finish(), "{engine:?} {range:?} {slice}");
                        assert_eq!(two.progress(), one.progress());
                    }
                }
            }
        }
    }

    /// A partial result counts whole replicates only: stopped halfway through a replicate, it
    /// equals the result at the end of the previous one, and progress counts generations.
    #[test]
    fn partial_results_count_whole_replicates() {
        let params = LoopParams {
            n_replicates: 5,
            n_generations: 10,
            ..LoopParams::default()
        };
        let mut sim = Blocked::<LoopSim>::new(&params, 4, Engine::V1);
        sim.advance(2 * 11);
        let two = sim.finish();
        assert_eq!(sim.progress(), (22, 55));
        sim.advance(6);
        assert_eq!(sim.progress(), (28, 55));
        assert_eq!(sim.finish(), two);
        assert!(two
            .greedy_accuracy
            .iter()
            .all(|&g| (0.0..=1.0).contains(&g)));
    }

    #[test]
    fn posterior_entropy_is_log2_v_without_information() {
        let prm = LoopParams {
            real_accuracy: 1.0 / 8.0 + 1e-15,
            ..LoopParams::default()
        };
        let h = posterior_entropy_bits(&prm, &[3, 0, 0, 1, 0, 0, 0, 8]);
        assert!((h - 3.0).abs() < 1e-9, "{h}");
    }

    #[test]
    fn refit_keeps_model_without_accepted_samples() {
        let mut p = vec![0.5, 0.25, 0.25];
        refit(&mut p, &[0.0, 0.0, 0.0], 0.01, 1.0);
        assert_eq!(p, vec![0.5, 0.25, 0.25]);
        refit(&mut p, &[2.0, 0.0, 0.0], 0.0, 0.5);
        assert_eq!(p, vec![0.75, 0.125, 0.125]);
    }

    #[test]
    fn shared_logarithms_match_entropy_and_kl() {
        let p = [0.5, 0.3, 0.2];
        let p_star = [0.2, 0.4, 0.4];
        let (h, cross) = entropy_and_cross_bits(&p, &p_star);
        assert!((h - entropy_bits(&p)).abs() < 1e-12);
        assert!((cross - entropy_bits(&p_star) - kl_bits(&p_star, &p)).abs() < 1e-12);
    }

    /// Nine answers (the most drawn sample by sample): generation 0's mean accuracy is
    /// `E[p_0(X)] = (n0 q + alpha) / (n0 + V alpha)` on engine v3 (its band holds it), and
    /// engine v2, which counted the ninth answer's samples as the first's, is far below it (the
    /// replicates whose answer is the ninth never see it): what its links still replay.
    #[test]
    fn nine_answers_have_the_exact_initial_accuracy_on_v3_only() {
        let params = LoopParams {
            n_answers: 9,
            n_replicates: 3000,
            n_generations: 1,
            ..LoopParams::default()
        };
        let v = params.n_answers as f64;
        let n0 = params.n_real_initial as f64;
        let alpha = params.smoothing;
        let exact0 = (n0 * params.real_accuracy + alpha) / (n0 + v * alpha);
        let n = params.n_samples as f64;
        let exact1 = (n * exact0 + alpha) / (n + v * alpha);
        let v3 = run_on(&params, 11, Engine::V3).mean_accuracy;
        for (t, exact) in [(0, exact0), (1, exact1)] {
            let half = (v3.hi[t] - v3.lo[t]) / 2.0;
            assert!(
                (v3.mid[t] - exact).abs() < 1.5 * half,
                "v3 t={t}: {} vs {exact}",
                v3.mid[t]
            );
        }
        let v2 = run_on(&params, 11, Engine::V2).mean_accuracy;
        let half = (v2.hi[0] - v2.lo[0]) / 2.0;
        assert!(
            exact0 - v2.mid[0] > 4.0 * half,
            "v2: {} vs {exact0}",
            v2.mid[0]
        );
    }

    #[test]
    fn argmax_takes_the_lowest_index_on_ties() {
        assert_eq!(argmax(&[0.2, 0.4, 0.4]), 1);
        assert_eq!(argmax(&[0.5]), 0);
    }
}
