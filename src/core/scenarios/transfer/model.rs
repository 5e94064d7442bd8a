//! Scenario D's simulation: a coarse (correctness) signal teaches the general solver, an
//! instance-level (exact-reference) signal teaches a domain template that does not transfer
//! (DESIGN.md, scenario D).
//!
//! Model. A policy `pi = softmax(theta)` over two behaviours, `theta = (theta_g, theta_tau)`
//! starting at 0 (`pi_g = 1/2`):
//! - the general solver `g` is correct with probability `c(solver)` in every domain and, when correct,
//!   answers in one of `M` acceptable forms uniformly, so it matches the one reference form with
//!   probability `1/M`;
//! - the domain-A template `tau` is correct with probability `c(A)` in domain A and `c(B)` in a new
//!   domain B, always in A's reference form.
//!
//! Training happens on domain A with the rubric `r = c 1[correct] + (1 - c) 1[exact reference]`
//! (exact reference = correct and in the reference form), so `r` is 1 (correct, reference form),
//! `c` (correct, another form) or 0 (wrong). The learner sees it through a verifier of strength
//! `s`: per episode, with probability `s` the verifier reports the true `r`, otherwise a fair coin
//! in `{0, 1}`. For a binary reward this is exactly a binary symmetric channel with flip
//! probability `eps = (1 - s)/2` (the scenario-wide meaning `s = 1 - 2 eps`); in general the
//! expected observed reward is `s r + (1 - s)/2`, so `s` scales every difference of expected
//! rewards, hence the learning signal, and `s = 0` teaches nothing in expectation.
//!
//! Expected rewards (per episode, in domain A): `R(solver) = c(solver) (c + (1 - c)/M)`, `R_tau = c(A)`. The
//! policy gradient drifts toward the behaviour with the larger one, so the template wins iff
//! `c(A) > c(solver) (c + (1 - c)/M)`: for `M >= 2` iff `c < c* = (c(A)/c(solver) - 1/M) / (1 - 1/M)`
//! ([`coarseness_threshold`]).
//!
//! Learning. Each generation draws a batch of `B` episodes from the current policy and takes one
//! REINFORCE step with the batch-mean baseline,
//! `theta_k += lr * mean_i[(rhat_i - rbar)(1[b_i = k] - pi_k)]`. With `n_g` solver episodes,
//! `S_g` the sum of their observed rewards and `rbar = S / B` the batch mean, the sum over
//! episodes is exactly `(S_g - n_g rbar)/B - pi_g (S - B rbar)/B = (S_g - n_g rbar)/B` for `g`,
//! and its negative for `tau` (the two components of every step are opposite), so we track
//! `delta = theta_g - theta_tau` (`theta_g = delta/2`, `theta_tau = -delta/2`) and
//! `pi_g = 1/(1 + e^{-delta})`. In expectation the step is
//! `E[delta_{t+1} - delta_t] = 2 lr (1 - 1/B) s pi_g pi_tau (R(solver) - R_tau)` (the batch-mean baseline
//! costs the factor `1 - 1/B`).
//!
//! Counts, not episodes. The step depends on the batch only through `n_g`, `S_g` and `S_tau`, and
//! per episode of a behaviour the observed reward is i.i.d. on `{1, c, 0}` with the composed law
//! `P(rhat = 1) = s P(r = 1) + (1 - s)/2`, `P(rhat = c) = s P(r = c)`,
//! `P(rhat = 0) = s P(r = 0) + (1 - s)/2` (the truthful reports keep `r`, the coins land on 0 or
//! 1). So a generation draws `n_g ~ Binomial(B, pi_g)`, then per behaviour the counts of each
//! observed value by a multinomial (conditional binomials). This has exactly the law of drawing
//! the (correct and exact, correct and other form, wrong) counts, the truthful reports and the
//! coins separately and summing; it costs at most four binomials per generation (three when
//! `c` is 0 or 1, where two observed values coincide), whatever `B`. The binomials are drawn
//! exactly by comparing uniforms with `p` one binary digit at a time while keeping only counts
//! ([`FairBits::binomial`]): about `2n` random bits and no transcendental function per draw,
//! several times faster than the general sampler for the batch sizes here.
//!
//! Readouts (per generation, mean over `R` independent replicates with a 95% band): `pi_g`, the
//! in-domain accuracy `pi_g c(solver) + pi_tau c(A)`, the out-of-domain accuracy
//! `pi_g c(solver) + pi_tau c(B)`, the policy's expected reward `pi_g R(solver) + pi_tau R_tau`, and the
//! efficiency `eta` of the signal ([`signal_efficiency`]); the behaviours' expected rewards
//! `R(solver)`, `R_tau` as constant curves, the share of replicates on the solver (`pi_g > 1/2`, a tie
//! counting half), and the noise-free prediction of `pi_g` (the expected step iterated without
//! sampling noise).
//!
//! Work is sliceable: [`TransferSim::advance`] runs a bounded number of replicates in replicate
//! order, each from its own stream, so the curves are bit-identical however the work is sliced.

use super::TransferParams;
use crate::estimators::series::{Band, Moments};
use crate::math::logistic;
use crate::random::fair_bits::FairBits;
use crate::random::stream::{Engine, Stream};
use crate::scenario::blocks::{BlockError, Tally, TallyReader, TallyWriter};
use crate::scenario::{Blocked, Curves};
use core::ops::Range;

/// Where the closed-form comparison `R_tau = c(A)` vs `R(solver) = c(solver) (c + (1 - c)/M)` puts the switch
/// between the behaviours, over coarseness `c` in [0, 1].
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Threshold {
    /// The template wins (strictly larger expected reward) iff `c < c*`, with `0 < c* <= 1`.
    Below(f64),
    /// The template wins at every `c` in [0, 1] (`c(A) > c(solver)`, or `c(A) > c(solver)` with `M = 1`).
    Always,
    /// The template wins at no `c` in [0, 1] (the solver wins or ties everywhere).
    Never,
}

impl Threshold {
    /// Whether the template's expected reward is strictly larger at coarseness `c`.
    pub fn template_wins_at(self, c: f64) -> bool {
        match self {
            Threshold::Below(c_star) => c < c_star,
            Threshold::Always => true,
            Threshold::Never => false,
        }
    }

    /// `c*` if the switch happens inside (0, 1].
    pub fn value(self) -> Option<f64> {
        match self {
            Threshold::Below(c_star) => Some(c_star),
            _ => None,
        }
    }
}

/// The closed-form threshold: the template's expected reward `c(A)` beats the solver's
/// `c(solver) (c + (1 - c)/M)` iff `c < c* = (c(A)/c(solver) - 1/M) / (1 - 1/M)` (for `M >= 2`, `c(solver) > 0`;
/// `R(solver)` rises linearly in `c` from `c(solver)/M` to `c(solver)`). For `M = 1` (or `c(solver) = 0`) `R(solver) = c(solver)`
/// does not depend on `c`: the template wins everywhere iff `c(A) > c(solver)`.
///
/// ```
/// # use infoloop_core::scenarios::transfer::{coarseness_threshold, Threshold};
/// // c(solver) = 0.6, c(A) = 0.45, M = 4: c* = (0.75 - 0.25) / 0.75 = 2/3.
/// let t = coarseness_threshold(0.6, 0.45, 4);
/// assert!((t.value().unwrap() - 2.0 / 3.0).abs() < 1e-12);
/// assert!(t.template_wins_at(0.0) && !t.template_wins_at(1.0));
/// assert_eq!(coarseness_threshold(0.6, 0.45, 1), Threshold::Never);
/// ```
pub fn coarseness_threshold(
    solver_accuracy: f64,
    template_accuracy: f64,
    n_forms: usize,
) -> Threshold {
    let (cg, ca) = (solver_accuracy, template_accuracy);
    if n_forms <= 1 || cg <= 0.0 {
        return if ca > cg {
            Threshold::Always
        } else {
            Threshold::Never
        };
    }
    let inv_m = 1.0 / n_forms as f64;
    // c(A) > c(solver) (c (1 - 1/M) + 1/M)  <=>  c < (c(A)/c(solver) - 1/M) / (1 - 1/M).
    let c_star = (ca / cg - inv_m) / (1.0 - inv_m);
    if c_star <= 0.0 {
        Threshold::Never
    } else if c_star > 1.0 {
        Threshold::Always
    } else {
        Threshold::Below(c_star)
    }
}

/// Efficiency `eta` of the rubric under a policy: the share of the reward's variance explained
/// by correctness,
/// `eta = Var(E[r | C]) / Var(r) = Var(E[r | C]) / (Var(E[r | C]) + E[Var(r | C)])`,
/// with `C = 1[correct]` and outputs drawn in domain A from the policy with solver share `pi_g`.
/// Dimensionless, in [0, 1].
///
/// Why this notion. It is the reward-signal analogue of DESIGN's chain rule
/// `I(Y; S) = I(C; S) + I(Y; S | C)` (law of total variance instead of chain rule), and equals the
/// weak-signal limit of the information share `I(C; S) / I(Y; S)` for a verifier that adds noise
/// to the reward (for `S = a r + N`, `I ~ a^2 Var / (2 sigma^2)` nats as `a -> 0`, both for `Y` and
/// for `C`). The verifier's strength multiplies both parts by `s^2` (the coins add noise that is
/// neither), so `eta` does not depend on `s`; unlike the information share of a 3-valued reward
/// it is continuous in `c` (a reward of `c = 0.001` for another form would otherwise reveal
/// correctness fully). A binary correctness signal (`c = 1`) has `E[Var(r | C)] = 0`: `eta = 1`.
/// Instance-level reward (`c = 0`) spends variance on the form: under the solver,
/// `eta = (1 - c(solver))/(M - c(solver))`. Under the template every correct answer is in the reference form,
/// so `eta = 1` again. Convention: `eta = 1` when the reward does not vary at all (nothing is spent
/// on the form).
///
/// With `P = P(C = 1)`, `q = P(reference form | correct)`, `m = E[r | C = 1] = q + (1 - q) c`:
/// `Var(E[r | C]) = P (1 - P) m^2` and `E[Var(r | C)] = P q (1 - q) (1 - c)^2`.
///
/// ```
/// # use infoloop_core::scenarios::transfer::{signal_efficiency, TransferParams};
/// let p = TransferParams { coarseness: 0.0, ..TransferParams::default() }; // c(solver) 0.6, M 4
/// assert!((signal_efficiency(&p, 1.0) - 0.4 / 3.4).abs() < 1e-12);
/// assert!((signal_efficiency(&p, 0.0) - 1.0).abs() < 1e-12);
/// let coarse = TransferParams::default(); // c = 1
/// assert!((signal_efficiency(&coarse, 0.5) - 1.0).abs() < 1e-12);
/// ```
pub fn signal_efficiency(params: &TransferParams, pi_solver: f64) -> f64 {
    let k = EtaConstants::new(params);
    k.eta(pi_solver)
}

/// What [`signal_efficiency`] needs, precomputed once per run.
#[derive(Clone, Copy, Debug)]
struct EtaConstants {
    c: f64,
    cg: f64,
    ca: f64,
    cg_over_m: f64,
}

impl EtaConstants {
    fn new(p: &TransferParams) -> Self {
        EtaConstants {
            c: p.coarseness,
            cg: p.solver_accuracy,
            ca: p.template_accuracy,
            cg_over_m: p.solver_accuracy / p.n_forms.max(1) as f64,
        }
    }

    fn eta(&self, pi_g: f64) -> f64 {
        let pi_t = 1.0 - pi_g;
        let correct = pi_g * self.cg + pi_t * self.ca;
        let exact = pi_g * self.cg_over_m + pi_t * self.ca;
        if correct <= 0.0 {
            return 1.0;
        }
        let q = (exact / correct).clamp(0.0, 1.0);
        let m = q + (1.0 - q) * self.c;
        let between = correct * (1.0 - correct) * m * m;
        let one_minus_c = 1.0 - self.c;
        let within = correct * q * (1.0 - q) * one_minus_c * one_minus_c;
        let total = between + within;
        if total <= 1e-300 {
            1.0
        } else {
            (between / total).clamp(0.0, 1.0)
        }
    }
}

impl TransferParams {
    /// `R(solver) = c(solver) (c + (1 - c)/M)`: the solver's expected reward per episode in domain A.
    pub fn reward_solver(&self) -> f64 {
        let c = self.coarseness;
        self.solver_accuracy * (c + (1.0 - c) / self.n_forms.max(1) as f64)
    }

    /// `R_tau = c(A)`: the template's expected reward (it is always in the reference form).
    pub fn reward_template(&self) -> f64 {
        self.template_accuracy
    }

    /// The closed-form threshold for these accuracies and `M` ([`coarseness_threshold`]).
    pub fn threshold(&self) -> Threshold {
        coarseness_threshold(self.solver_accuracy, self.template_accuracy, self.n_forms)
    }

    /// Flip probability `eps = (1 - s)/2` of the equivalent binary symmetric channel.
    pub fn flip_probability(&self) -> f64 {
        (1.0 - self.verifier_strength) / 2.0
    }

    /// In-domain (A) accuracy `pi_g c(solver) + (1 - pi_g) c(A)` of a policy.
    pub fn accuracy_in_domain(&self, pi_solver: f64) -> f64 {
        pi_solver * self.solver_accuracy + (1.0 - pi_solver) * self.template_accuracy
    }

    /// Out-of-domain (B) accuracy `pi_g c(solver) + (1 - pi_g) c(B)` of a policy.
    pub fn accuracy_out_of_domain(&self, pi_solver: f64) -> f64 {
        pi_solver * self.solver_accuracy + (1.0 - pi_solver) * self.template_transfer_accuracy
    }

    /// Expected reward `pi_g R(solver) + (1 - pi_g) R_tau` of a policy in domain A.
    pub fn expected_reward(&self, pi_solver: f64) -> f64 {
        pi_solver * self.reward_solver() + (1.0 - pi_solver) * self.reward_template()
    }

    /// The noise-free prediction of `pi_g` at generations `0..=T`: the expected step iterated
    /// with the sampling noise removed, `delta_{t+1} = delta_t + E[step | delta_t]`
    /// ([`expected_drift`](Self::expected_drift)), `pi_g = 1/(1 + e^{-delta})`. The mean of the
    /// runs follows it while the noise is small against the drift.
    pub fn noise_free_pi_solver(&self) -> Vec<f64> {
        let mut delta = 0.0f64;
        let mut out = Vec::with_capacity(self.n_generations + 1);
        for t in 0..=self.n_generations {
            let pi = logistic(delta);
            out.push(pi);
            if t < self.n_generations {
                delta += self.expected_drift(pi);
            }
        }
        out
    }

    /// Expected one-step change of `delta = theta_g - theta_tau` at solver share `pi_g`:
    /// `2 lr (1 - 1/B) s pi_g (1 - pi_g) (R(solver) - R_tau)`.
    pub fn expected_drift(&self, pi_solver: f64) -> f64 {
        let b = self.batch_size.max(1) as f64;
        2.0 * self.learning_rate
            * (1.0 - 1.0 / b)
            * self.verifier_strength
            * pi_solver
            * (1.0 - pi_solver)
            * (self.reward_solver() - self.reward_template())
    }
}

/// Per-generation curves of one run of scenario D. Every vector has `n_generations + 1` entries
/// (generation 0 included); bands are 95% bands of the mean over replicates.
#[derive(Clone, Debug, PartialEq)]
pub struct TransferRun {
    /// The parameters that produced this run.
    pub params: TransferParams,
    /// The seed that produced this run.
    pub seed: u64,
    /// The closed-form threshold on `c` (a readout: which behaviour should win).
    pub threshold: Threshold,
    /// `pi_g`, the policy's probability of the general solver.
    pub pi_solver: Band,
    /// In-domain (A) accuracy `pi_g c(solver) + pi_tau c(A)`.
    pub accuracy_in_domain: Band,
    /// Out-of-domain (B) accuracy `pi_g c(solver) + pi_tau c(B)`: what transfers.
    pub accuracy_out_of_domain: Band,
    /// The policy's expected (true) reward in domain A, `pi_g R(solver) + pi_tau R_tau`.
    pub expected_reward: Band,
    /// Efficiency `eta` of the signal under the policy ([`signal_efficiency`]), dimensionless.
    pub eta: Band,
    /// Share of replicates on the solver (`pi_g > 1/2`; `pi_g = 1/2` counts half).
    pub solver_share: Vec<f64>,
    /// The noise-free prediction of `pi_g` ([`TransferParams::noise_free_pi_solver`]).
    pub pi_solver_noise_free: Vec<f64>,
    /// `R(solver) = c(solver) (c + (1 - c)/M)`, constant in `t`.
    pub reward_solver: Vec<f64>,
    /// `R_tau = c(A)`, constant in `t`.
    pub reward_template: Vec<f64>,
}

impl TransferRun {
    /// Number of generations plotted (including generation 0).
    pub fn len(&self) -> usize {
        self.pi_solver.mid.len()
    }

    /// Whether the run has no generations (never true for a finished run).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Curves for TransferRun {
    fn curves(&self) -> Vec<(String, &[f64])> {
        let mut out: Vec<(String, &[f64])> = Vec::new();
        out.extend(self.pi_solver.named("pi_solver"));
        out.extend(self.accuracy_in_domain.named("accuracy_in_domain"));
        out.extend(self.accuracy_out_of_domain.named("accuracy_out_of_domain"));
        out.extend(self.expected_reward.named("expected_reward"));
        out.extend(self.eta.named("eta"));
        out.push(("solver_share".into(), &self.solver_share));
        out.push(("pi_solver_noise_free".into(), &self.pi_solver_noise_free));
        out.push(("reward_solver".into(), &self.reward_solver));
        out.push(("reward_template".into(), &self.reward_template));
        out
    }
}

/// Per-generation accumulators over replicates.
#[derive(Clone, Copy, Debug, Default)]
struct GenAccumulator {
    pi: Moments,
    eta: Moments,
    on_solver: f64,
}

/// Laws of the observed reward per episode, precomputed once per run.
#[derive(Clone, Copy, Debug)]
struct Laws {
    /// `P(rhat = 1 | g)`.
    solver_one: f64,
    /// `P(rhat = c | g, rhat != 1)`: conditional, for the second binomial of the multinomial.
    solver_c_given_not_one: f64,
    /// `P(rhat = 1 | tau)`.
    template_one: f64,
    /// The value `c` of a truthful report of "correct, another form".
    c: f64,
    /// `2 lr / B`: the step on `delta` per unit of `S_g - n_g rbar`.
    step: f64,
}

impl Laws {
    fn new(p: &TransferParams) -> Self {
        let s = p.verifier_strength;
        let coin = (1.0 - s) / 2.0;
        let m = p.n_forms.max(1) as f64;
        let c = p.coarseness;
        // Solver: r = 1 w.p. c(solver)/M, r = c w.p. c(solver) (M-1)/M, r = 0 w.p. 1 - c(solver).
        let exact = p.solver_accuracy / m;
        let other = p.solver_accuracy * (m - 1.0) / m;
        let mut solver_one = s * exact + coin;
        let mut solver_c = s * other;
        if c >= 1.0 {
            // The values c and 1 coincide: one binomial.
            solver_one += solver_c;
            solver_c = 0.0;
        } else if c <= 0.0 {
            // The value c contributes nothing to the sums: no need to count it.
            solver_c = 0.0;
        }
        let not_one = 1.0 - solver_one;
        let solver_c_given_not_one = if not_one > 0.0 {
            (solver_c / not_one).clamp(0.0, 1.0)
        } else {
            0.0
        };
        Laws {
            solver_one: solver_one.clamp(0.0, 1.0),
            solver_c_given_not_one,
            template_one: (s * p.template_accuracy + coin).clamp(0.0, 1.0),
            c,
            step: 2.0 * p.learning_rate / p.batch_size.max(1) as f64,
        }
    }
}

/// One policy-gradient step on `delta = theta_g - theta_tau` from a fresh batch: returns the
/// change of `delta`. Draws `n_g ~ Binomial(B, pi_g)`, then the counts of each observed reward
/// value per behaviour, and applies the REINFORCE step with the batch-mean baseline.
fn step(bits: &mut FairBits, laws: &Laws, batch: u64, pi_g: f64) -> f64 {
    let n_g = bits.binomial(batch, pi_g);
    let n_t = batch - n_g;
    let g_one = bits.binomial(n_g, laws.solver_one);
    let g_c = if laws.solver_c_given_not_one > 0.0 {
        bits.binomial(n_g - g_one, laws.solver_c_given_not_one)
    } else {
        0
    };
    let t_one = bits.binomial(n_t, laws.template_one);
    let sum_g = g_one as f64 + laws.c * g_c as f64;
    let sum = sum_g + t_one as f64;
    let mean = sum / batch as f64;
    laws.step * (sum_g - n_g as f64 * mean)
}

/// What a set of replicates of scenario D adds up to: one accumulator per generation.
#[derive(Clone, Debug)]
pub struct TransferTally {
    replicates: u64,
    gens: Vec<GenAccumulator>,
}

impl Tally for TransferTally {
    fn absorb(&mut self, next: &Self) {
        self.replicates += next.replicates;
        for (gen, other) in self.gens.iter_mut().zip(&next.gens) {
            gen.pi.absorb(&other.pi);
            gen.eta.absorb(&other.eta);
            gen.on_solver += other.on_solver;
        }
    }

    fn write(&self, out: &mut TallyWriter) {
        out.count(self.replicates);
        for gen in &self.gens {
            out.moments(&gen.pi);
            out.moments(&gen.eta);
            // A sum of 0, 1/2 and 1: twice it is a count.
            out.count((2.0 * gen.on_solver) as u64);
        }
    }

    fn read(&mut self, input: &mut TallyReader<'_>) -> Result<(), BlockError> {
        self.replicates = input.count()?;
        for gen in &mut self.gens {
            gen.pi = input.moments()?;
            gen.eta = input.moments()?;
            gen.on_solver = input.count()? as f64 / 2.0;
        }
        Ok(())
    }
}

/// A run of scenario D in progress, over a range of its replicates: call
/// [`advance`](TransferSim::advance) until it returns true, then
/// [`finish`](TransferSim::finish) (or [`tally`](TransferSim::tally)). Whole runs go through
/// [`Blocked`] ([`run_on`]).
#[derive(Clone, Debug)]
pub struct TransferSim {
    params: TransferParams,
    seed: u64,
    engine: Engine,
    /// The replicates this simulation computes.
    replicates: Range<usize>,
    next_replicate: usize,
    tally: TransferTally,
    laws: Laws,
    eta: EtaConstants,
}

impl TransferSim {
    /// The number of replicates `R`.
    pub fn replicates(params: &TransferParams) -> usize {
        params.n_replicates
    }

    /// Replicates of a whole run, `R`: the units of [`advance`](TransferSim::advance).
    pub fn total_units(params: &TransferParams) -> usize {
        params.n_replicates
    }

    /// Starts replicates `replicates` of the run seeded `seed` on `engine`. `params` must
    /// already be validated (every field within its spec's range).
    pub fn for_replicates(
        params: &TransferParams,
        seed: u64,
        engine: Engine,
        replicates: Range<usize>,
    ) -> Self {
        TransferSim {
            params: params.clone(),
            seed,
            engine,
            next_replicate: replicates.start,
            replicates,
            tally: TransferTally {
                replicates: 0,
                gens: vec![GenAccumulator::default(); params.n_generations + 1],
            },
            laws: Laws::new(params),
            eta: EtaConstants::new(params),
        }
    }

    /// The run whose replicates add up to `tally`.
    pub fn resume(
        params: &TransferParams,
        seed: u64,
        engine: Engine,
        tally: TransferTally,
    ) -> Self {
        let done = tally.replicates as usize;
        let mut sim = TransferSim::for_replicates(params, seed, engine, 0..done);
        sim.next_replicate = done;
        sim.tally = tally;
        sim
    }

    /// What the replicates done so far add up to.
    pub fn tally(&self) -> TransferTally {
        self.tally.clone()
    }

    /// Replicates done so far, out of the range's.
    pub fn progress(&self) -> (usize, usize) {
        (
            self.next_replicate - self.replicates.start,
            self.replicates.len(),
        )
    }

    /// Runs up to `max_replicates` more replicates; returns true when all of the range are
    /// done.
    pub fn advance(&mut self, max_replicates: usize) -> bool {
        let end = self
            .next_replicate
            .saturating_add(max_replicates)
            .min(self.replicates.end);
        while self.next_replicate < end {
            self.run_replicate(self.next_replicate);
            self.next_replicate += 1;
        }
        self.next_replicate >= self.replicates.end
    }

    fn run_replicate(&mut self, replicate: usize) {
        let mut bits = FairBits::new(Stream::new(self.engine, self.seed, replicate as u64));
        let batch = self.params.batch_size.max(1) as u64;
        let last = self.tally.gens.len() - 1;
        let mut delta = 0.0f64;
        self.tally.replicates += 1;
        for (t, gen) in self.tally.gens.iter_mut().enumerate() {
            let pi_g = logistic(delta);
            gen.pi.push(pi_g);
            gen.eta.push(self.eta.eta(pi_g));
            gen.on_solver += if pi_g > 0.5 {
                1.0
            } else if pi_g == 0.5 {
                0.5
            } else {
                0.0
            };
            if t < last {
                delta += step(&mut bits, &self.laws, batch, pi_g);
            }
        }
    }

    /// Turns the accumulators into curves. Call after [`advance`](TransferSim::advance) returned
    /// true (earlier calls give estimates from the replicates done so far).
    pub fn finish(&self) -> TransferRun {
        let prm = &self.params;
        let n = self.tally.gens.len();
        let r = self.tally.replicates.max(1) as f64;
        let mut pi = Band::with_capacity(n);
        let mut acc_in = Band::with_capacity(n);
        let mut acc_out = Band::with_capacity(n);
        let mut reward = Band::with_capacity(n);
        let mut eta = Band::with_capacity(n);
        let mut solver_share = Vec::with_capacity(n);
        let (r_g, r_t) = (prm.reward_solver(), prm.reward_template());
        for gen in &self.tally.gens {
            let band = gen.pi.mean_band();
            pi.push_triple(band);
            // Every other curve is affine in pi_g: map the band through it.
            acc_in.push_triple(affine(band, prm.template_accuracy, prm.solver_accuracy));
            acc_out.push_triple(affine(
                band,
                prm.template_transfer_accuracy,
                prm.solver_accuracy,
            ));
            reward.push_triple(affine(band, r_t, r_g));
            eta.push_triple(gen.eta.mean_band());
            solver_share.push(gen.on_solver / r);
        }
        TransferRun {
            params: prm.clone(),
            seed: self.seed,
            threshold: prm.threshold(),
            pi_solver: pi,
            accuracy_in_domain: acc_in,
            accuracy_out_of_domain: acc_out,
            expected_reward: reward,
            eta,
            solver_share,
            pi_solver_noise_free: prm.noise_free_pi_solver(),
            reward_solver: vec![r_g; n],
            reward_template: vec![r_t; n],
        }
    }
}

/// Maps a band `(mid, lo, hi)` of `pi_g` through `pi_g -> at_zero + pi_g (at_one - at_zero)`
/// (the value under the pure template and the pure solver), keeping `lo <= mid <= hi`.
fn affine((mid, lo, hi): (f64, f64, f64), at_zero: f64, at_one: f64) -> (f64, f64, f64) {
    let f = |x: f64| at_zero + x * (at_one - at_zero);
    let (a, b) = (f(lo), f(hi));
    (f(mid), a.min(b), a.max(b))
}

crate::scenario::simulation_by_inherent!(TransferSim, TransferParams, TransferRun, TransferTally);

/// Runs scenario D to completion on `engine` (in blocks of replicates, see [`Blocked`]).
pub fn run_on(params: &TransferParams, seed: u64, engine: Engine) -> TransferRun {
    Blocked::<TransferSim>::run(params, seed, engine)
}

/// Runs scenario D to completion on engine v1 (what `v=1` links compute).
///
/// ```
/// # use infoloop_core::scenarios::transfer::{run, TransferParams};
/// let params = TransferParams { n_replicates: 20, n_generations: 5, ..TransferParams::default() };
/// let out = run(&params, 1);
/// assert_eq!(out.len(), 6);
/// assert_eq!(out.pi_solver.mid[0], 0.5);
/// ```
pub fn run(params: &TransferParams, seed: u64) -> TransferRun {
    run_on(params, seed, Engine::V1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::params::Params;

    fn small() -> TransferParams {
        TransferParams {
            n_replicates: 37,
            n_generations: 25,
            ..TransferParams::default()
        }
    }

    #[test]
    fn slicing_does_not_change_the_run() {
        let params = small();
        for engine in Engine::ALL {
            let whole = run_on(&params, 9, engine);
            for slice in [1, 4, 36] {
                let mut sim = Blocked::<TransferSim>::new(&params, 9, engine);
                while !sim.advance(slice) {}
                assert_eq!(sim.finish(), whole, "{engine:?}");
            }
        }
    }

    #[test]
    fn defaults_match_the_spec_table() {
        let p = TransferParams::default();
        for spec in TransferParams::specs() {
            assert_eq!(p.get(spec.key), Some(spec.default), "{}", spec.key);
        }
        assert_eq!(p.n_forms, 4);
        assert_eq!(p.coarseness, 1.0);
    }

    #[test]
    fn affine_keeps_the_band_ordered() {
        let (m, lo, hi) = affine((0.5, 0.4, 0.6), 1.0, 0.0);
        assert!((m - 0.5).abs() < 1e-15 && lo <= m && m <= hi);
        assert!((lo - 0.4).abs() < 1e-15 && (hi - 0.6).abs() < 1e-15);
    }

    #[test]
    fn observed_reward_laws_compose_the_channel() {
        // c in (0, 1): P(rhat = 1 | g) = s c(solver)/M + (1 - s)/2, P(rhat = c | g) = s c(solver) (M-1)/M.
        let p = TransferParams {
            coarseness: 0.5,
            verifier_strength: 0.6,
            ..TransferParams::default()
        };
        let l = Laws::new(&p);
        assert!((l.solver_one - (0.6 * 0.15 + 0.2)).abs() < 1e-15);
        let p_c = l.solver_c_given_not_one * (1.0 - l.solver_one);
        assert!((p_c - 0.6 * 0.45).abs() < 1e-15);
        assert!((l.template_one - (0.6 * 0.45 + 0.2)).abs() < 1e-15);
        // Expected observed reward s r + (1 - s)/2 per behaviour.
        let e_g = l.solver_one + 0.5 * p_c;
        assert!((e_g - (0.6 * p.reward_solver() + 0.2)).abs() < 1e-15);
        // c = 1 merges the values: one binomial.
        let l1 = Laws::new(&TransferParams::default());
        assert_eq!(l1.solver_c_given_not_one, 0.0);
        assert!((l1.solver_one - 0.6).abs() < 1e-15);
    }

    #[test]
    fn eta_at_the_extremes() {
        let p0 = TransferParams {
            coarseness: 0.0,
            ..TransferParams::default()
        };
        // Solver, instance level: (1 - c(solver))/(M - c(solver)).
        assert!((signal_efficiency(&p0, 1.0) - 0.4 / 3.4).abs() < 1e-12);
        // Template: every correct answer is the reference.
        assert!((signal_efficiency(&p0, 0.0) - 1.0).abs() < 1e-12);
        // Coarse: 1 for every policy.
        for pi in [0.0, 0.3, 1.0] {
            assert!((signal_efficiency(&TransferParams::default(), pi) - 1.0).abs() < 1e-12);
        }
        // No variation at all: convention 1.
        let dead = TransferParams {
            solver_accuracy: 0.0,
            template_accuracy: 0.0,
            ..p0
        };
        assert_eq!(signal_efficiency(&dead, 0.5), 1.0);
    }

    #[test]
    fn eta_matches_the_law_of_total_variance() {
        // Brute force over outputs (exact, other form, wrong) for a mixed policy.
        let p = TransferParams {
            coarseness: 0.3,
            n_forms: 5,
            ..TransferParams::default()
        };
        let pi = 0.7;
        let (cg, ca, m, c) = (0.6, 0.45, 5.0, 0.3);
        let p_exact = pi * cg / m + (1.0 - pi) * ca;
        let p_other = pi * cg * (m - 1.0) / m;
        let p_c = p_exact + p_other;
        let mean = p_exact + c * p_other;
        let var = p_exact + c * c * p_other - mean * mean;
        let mean_c = mean / p_c;
        let between = p_c * mean_c * mean_c - mean * mean;
        assert!((signal_efficiency(&p, pi) - between / var).abs() < 1e-12);
    }

    #[test]
    fn threshold_cases() {
        assert_eq!(coarseness_threshold(0.6, 0.45, 2), Threshold::Below(0.5));
        assert_eq!(coarseness_threshold(0.6, 0.7, 4), Threshold::Always);
        assert_eq!(coarseness_threshold(0.6, 0.1, 4), Threshold::Never);
        assert_eq!(coarseness_threshold(0.6, 0.7, 1), Threshold::Always);
        assert_eq!(coarseness_threshold(0.0, 0.1, 4), Threshold::Always);
        assert_eq!(coarseness_threshold(0.0, 0.0, 4), Threshold::Never);
        // Consistent with the rewards on a grid of c.
        for m in [1usize, 2, 3, 8, 64] {
            let mut p = TransferParams {
                n_forms: m,
                ..TransferParams::default()
            };
            for i in 0..=100 {
                p.coarseness = i as f64 / 100.0;
                let diff = p.reward_template() - p.reward_solver();
                if diff.abs() > 1e-12 {
                    assert_eq!(p.threshold().template_wins_at(p.coarseness), diff > 0.0);
                }
            }
        }
    }
}
