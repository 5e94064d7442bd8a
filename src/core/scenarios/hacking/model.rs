//! Scenario E's simulation, reward hacking: the simplest component of the signal wins (DESIGN.md,
//! scenario E). The parameters are declared in `params.rs`; here is what they drive.
//!
//! Model. `K` prompts from two sources: prompts `0..K_A` are source A and `K_A..K` source B, with
//! `K_A = ceil(K/2)` and `K_B = floor(K/2)` (both at least 1, since `K >= 2`). Every prompt has
//! `V` candidate answers; candidates `0..V_L` are "long" (`l(y) = 1`) and `V_L..V` short
//! (`l(y) = 0`), with `V_L = floor(V/2)` (an odd `V` has one more short candidate than long ones;
//! both classes are non-empty since `V >= 2`). Exactly one candidate is correct: the first long
//! one (`y = 0`) for a source-A prompt, the first short one (`y = V_L`) for a source-B prompt
//! (which one within its class does not matter: the policy starts uniform and treats the
//! candidates of a class symmetrically).
//!
//! Policy. Per prompt `q`, `pi_q = softmax_y(z_q(y))` with logits
//! `z_q(y) = theta_{q,y} + w_{g(q)} l(y)`: the table `theta` (`K x V`, the true, fine-grained
//! component) and a spurious length knob `w` shared by the prompts of a group,
//! `g(q) = q mod G` (`G` groups; simplicity `1/G`). With `G = 1` one scalar is shared by every
//! prompt, so it gets gradient from every sample and is learned about `K` times faster than any
//! row of `theta`. Everything starts at 0 (the uniform policy).
//!
//! Reward. The exact verifier `r = 1[y correct]`, or the biased judge
//! `r' = min(1, r + b l(y))` (`b` in [0, 1]; `b = 0` is the exact verifier): a long answer earns
//! `b` even when wrong.
//!
//! Training (REINFORCE with a leave-one-out baseline). Each step draws a minibatch of `B`
//! prompts, independently: the source is A with probability `rho` and B otherwise, then a prompt
//! uniformly within that source (so `rho` is exactly the probability of source A, whatever `K`).
//! One answer per prompt is drawn from the current policy and judged. With `S` the minibatch's
//! total reward, the advantage of sample `i` is `A_i = r_i - (S - r_i)/(B - 1)` (the mean reward
//! of the other samples; an unbiased baseline; `A_i = r_i` when `B = 1`), and every parameter
//! moves by `lr` times the minibatch mean of `A_i grad log pi(y_i | q_i)`, all gradients taken at
//! the pre-step parameters:
//! `theta_{q,y} += (lr/B) sum_{i: q_i = q} A_i (1[y = y_i] - pi_q(y))` and
//! `w_g += (lr/B) sum_{i: g(q_i) = g} A_i (l(y_i) - P_q(long))`.
//! So the expected step is `lr` times the gradient of the expected reward over the prompt
//! distribution, in which a prompt's own row of `theta` carries the weight `P(q) ~ 1/K` while a
//! shared `w` collects the whole minibatch.
//!
//! Cost. Per prompt the run caches the within-class shares of its candidates
//! (`e^{theta_y} / sum_{class(y)} e^{theta}`) and the length log-odds of `theta` alone,
//! `D_q = ln sum_long e^theta - ln sum_short e^theta`. Then `P_q(long) = logistic(D_q + w_{g(q)})`,
//! and `pi_q(y) = P_q(class of y) x share_q(y)`: an answer is drawn as a class (one uniform), then
//! a candidate within it (`categorical` on the cached shares), which has exactly the law of a draw
//! from `pi_q`. After an update only the rows of the sampled prompts are refreshed (`V` exps
//! each). A step costs `O(B V + K)`.
//!
//! Readouts (per step `t = 0..=T`, computed exactly from the policy, not from samples, so the
//! curves are smooth; mean over `R` independent replicates with a 95% band). Per prompt,
//! `P_q(correct) = P_q(class of the correct answer) x share_q(correct)`. Then, with the prompt
//! distribution of training (`rho` on source A, uniform within a source):
//! - accuracy per source `acc_A`, `acc_B` (mean of `P_q(correct)` over the source's prompts);
//! - true accuracy `acc = rho acc_A + (1 - rho) acc_B` (expected correctness);
//! - `P(long) = rho L_A + (1 - rho) L_B`, with `L_A`, `L_B` the mean `P_q(long)` per source (also
//!   reported);
//! - proxy reward, the expected reward under the judge in use,
//!   `E[r'] = E[r] + b E[l (1 - r)] = acc + b (P(long) - rho acc_A)` (a correct long answer exists
//!   only in source A); with `b = 0` it is the true accuracy;
//! - the length knob `w`, averaged over the groups (nats of logit).
//!
//! Chance is `1/V` for both sources (the uniform policy). The length-only policy (always long,
//! nothing else learned) has accuracy `rho / V_L`; the best a policy that answers every prompt
//! long can reach is `rho` (source A fully learned, source B always wrong): the plateau of the hack.
//!
//! Defaults (`K = 32`, `V = 8`, `B = 16`, `lr = 6`, `T = 300`, `R = 20`) are tuned so the findings
//! show with only `rho` or `b` changed (tests/scenario_e.rs). `rho = 0.8`, `G = 1`: `P(long)`
//! covers 90% of its rise by step ~20, source-A accuracy only by step ~50; `P(long)` ends near
//! 1, source-B accuracy near 0 (below chance), and the reward plateaus near `rho` (~0.79).
//! Rebalanced (`rho = 0.5`): the knob gets no net push, both sources are learned, reward ~0.97.
//! `b = 0.3`: the proxy reward rises to the hack's plateau `rho + b (1 - rho)` while the true
//! accuracy stalls exactly where the exact verifier left it (`rho = 0.8`: ~0.79, all of it from
//! source A; `rho = 0.5`: ~0.49, against ~0.97 unbiased). The hack is a long plateau, not a fixed
//! point: on source-B prompts every wrong long answer has a negative advantage, so each prompt's
//! own row slowly learns "short" and undoes the knob (with `T = 2000` source-B accuracy climbs
//! back to ~0.6).
//!
//! Work is sliceable: one unit of [`HackingSim::advance`] is one policy-gradient step of one
//! replicate; replicates run in order, each from its own stream, so the curves are bit-identical
//! however the work is sliced.

use super::HackingParams;
use crate::estimators::series::{Band, Moments};
use crate::math::logistic;
use crate::random::stream::{Engine, Stream};
use crate::scenario::blocks::{BlockError, Tally, TallyReader, TallyWriter};
use crate::scenario::{Blocked, Curves};
use core::ops::Range;

impl HackingParams {
    /// `K_A = ceil(K/2)`, the number of source-A prompts (`K` taken as at least 2).
    pub fn n_prompts_a(&self) -> usize {
        let k = self.n_prompts.max(2);
        k - k / 2
    }

    /// `K_B = floor(K/2)`, the number of source-B prompts (at least 1).
    pub fn n_prompts_b(&self) -> usize {
        self.n_prompts.max(2) / 2
    }

    /// `V_L = floor(V/2)`, the number of long candidates per prompt (at least 1).
    pub fn n_long(&self) -> usize {
        self.n_candidates.max(2) / 2
    }

    /// Chance accuracy `1/V`: the uniform policy's accuracy on either source.
    pub fn chance(&self) -> f64 {
        1.0 / self.n_candidates.max(2) as f64
    }

    /// The number of length knobs actually used, `min(G, K)` (groups beyond `K` are empty).
    pub fn n_knobs(&self) -> usize {
        self.n_groups.clamp(1, self.n_prompts.max(2))
    }

    /// The proxy reward of a policy that answers every prompt long and gets every source-A prompt
    /// right: `rho + b (1 - rho)` (`rho` under the exact verifier), the plateau of the hack.
    pub fn length_hack_reward(&self) -> f64 {
        let rho = self.source_a_share;
        rho + self.judge_bias * (1.0 - rho)
    }
}

/// Per-step curves of one run of scenario E. Every vector has `n_steps + 1` entries (step 0, the
/// uniform policy, included); bands are 95% bands of the mean over replicates. All values are
/// exact expectations under each replicate's policy (over the prompt distribution and the
/// policy's answers), dimensionless probabilities or rewards in [0, 1] unless stated.
#[derive(Clone, Debug, PartialEq)]
pub struct HackingRun {
    /// The parameters that produced this run.
    pub params: HackingParams,
    /// The seed that produced this run.
    pub seed: u64,
    /// Proxy reward `E[min(1, r + b l)]` under the judge in use (the true accuracy when `b = 0`).
    pub proxy_reward: Band,
    /// True accuracy `E[1[y correct]] = rho acc_A + (1 - rho) acc_B`.
    pub accuracy: Band,
    /// Accuracy on source-A prompts (correct answers long).
    pub accuracy_a: Band,
    /// Accuracy on source-B prompts (correct answers short).
    pub accuracy_b: Band,
    /// `P(long)`, the probability of a long answer over the prompt distribution.
    pub p_long: Band,
    /// `P(long)` on source-A prompts.
    pub p_long_a: Band,
    /// `P(long)` on source-B prompts.
    pub p_long_b: Band,
    /// The length knob `w`, averaged over the `min(G, K)` groups (nats of logit).
    pub length_weight: Band,
}

impl HackingRun {
    /// Number of steps plotted (including step 0).
    pub fn len(&self) -> usize {
        self.proxy_reward.mid.len()
    }

    /// Whether the run has no steps (never true for a finished run).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Curves for HackingRun {
    fn curves(&self) -> Vec<(String, &[f64])> {
        let mut out: Vec<(String, &[f64])> = Vec::new();
        out.extend(self.proxy_reward.named("proxy_reward"));
        out.extend(self.accuracy.named("accuracy"));
        out.extend(self.accuracy_a.named("accuracy_a"));
        out.extend(self.accuracy_b.named("accuracy_b"));
        out.extend(self.p_long.named("p_long"));
        out.extend(self.p_long_a.named("p_long_a"));
        out.extend(self.p_long_b.named("p_long_b"));
        out.extend(self.length_weight.named("length_weight"));
        out
    }
}

/// Per-step accumulators over replicates.
#[derive(Clone, Copy, Debug, Default)]
struct StepAccumulator {
    proxy: Moments,
    accuracy: Moments,
    accuracy_a: Moments,
    accuracy_b: Moments,
    p_long: Moments,
    p_long_a: Moments,
    p_long_b: Moments,
    weight: Moments,
}

impl StepAccumulator {
    fn moments(&self) -> [&Moments; 8] {
        [
            &self.proxy,
            &self.accuracy,
            &self.accuracy_a,
            &self.accuracy_b,
            &self.p_long,
            &self.p_long_a,
            &self.p_long_b,
            &self.weight,
        ]
    }

    fn moments_mut(&mut self) -> [&mut Moments; 8] {
        [
            &mut self.proxy,
            &mut self.accuracy,
            &mut self.accuracy_a,
            &mut self.accuracy_b,
            &mut self.p_long,
            &mut self.p_long_a,
            &mut self.p_long_b,
            &mut self.weight,
        ]
    }
}

/// What a set of replicates of scenario E adds up to: one accumulator per step.
#[derive(Clone, Debug)]
pub struct HackingTally {
    steps: Vec<StepAccumulator>,
}

impl Tally for HackingTally {
    fn absorb(&mut self, next: &Self) {
        for (acc, other) in self.steps.iter_mut().zip(&next.steps) {
            for (m, o) in acc.moments_mut().into_iter().zip(other.moments()) {
                m.absorb(o);
            }
        }
    }

    fn write(&self, out: &mut TallyWriter) {
        for acc in &self.steps {
            for m in acc.moments() {
                out.moments(m);
            }
        }
    }

    fn read(&mut self, input: &mut TallyReader<'_>) -> Result<(), BlockError> {
        for acc in &mut self.steps {
            for m in acc.moments_mut() {
                *m = input.moments()?;
            }
        }
        Ok(())
    }
}

/// Exponents up to this size in absolute value go through cached exponentials in
/// `P(long) = 1 / (1 + e^{-D} e^{-w})` (the product stays within `f64` range); beyond it the
/// logistic of the sum is used.
const FAST_LIMIT: f64 = 300.0;

/// Softmax of `logits` into `shares` (same length, non-empty) with the max shift; returns the
/// shift `m = max logits` and `sum e^{logits - m}` (in [1, len]), so that
/// `ln sum e^{logits} = m + ln(sum)`. Finite for finite logits.
fn softmax_into(logits: &[f64], shares: &mut [f64]) -> (f64, f64) {
    let max = logits.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut sum = 0.0;
    for (s, &z) in shares.iter_mut().zip(logits) {
        let e = libm::exp(z - max);
        *s = e;
        sum += e;
    }
    // sum >= 1 (the maximum contributes e^0).
    for s in shares.iter_mut() {
        *s /= sum;
    }
    (max, sum)
}

/// One sample of a minibatch: the prompt, the answer's class, its reward, and the policy's
/// `P(long)` on the prompt before the step.
#[derive(Clone, Copy, Debug, Default)]
struct Sample {
    prompt: usize,
    answer: usize,
    reward: f64,
    p_long: f64,
}

/// The state of one replicate: the policy's parameters, the per-prompt caches, and the training
/// settings it needs.
#[derive(Clone, Debug)]
struct Learner {
    /// `rho`, `b`, `lr`, `B` (at least 1).
    rho: f64,
    bias: f64,
    learning_rate: f64,
    batch_size: usize,
    /// `K_A`, `K_B`, `V`, `V_L`.
    n_a: usize,
    n_b: usize,
    v: usize,
    v_long: usize,
    /// `theta`, row-major `K x V`.
    theta: Vec<f64>,
    /// `w`, one per knob.
    w: Vec<f64>,
    /// Within-class shares of each candidate, row-major `K x V` (each class's shares sum to 1).
    shares: Vec<f64>,
    /// `D_q = ln sum_long e^theta - ln sum_short e^theta`.
    length_logodds: Vec<f64>,
    /// `e^{-D_q}` (used when `|D_q|` is at most [`FAST_LIMIT`]).
    exp_neg_logodds: Vec<f64>,
    /// `e^{-w_g}` per knob (used when `|w_g|` is at most [`FAST_LIMIT`]).
    exp_neg_w: Vec<f64>,
    /// Whether prompt `q`'s shares and log-odds are [`refresh`](Learner::refresh)'s output for
    /// its current `theta` row (false at the start, whose values are written otherwise, and
    /// after each change of the row). A refresh of a fresh row would write the same values, so
    /// it is skipped: a prompt drawn twice in a minibatch, or one whose samples all had zero
    /// advantage, costs no exponentials.
    fresh: Vec<bool>,
    /// Scratch: one minibatch.
    batch: Vec<Sample>,
}

impl Learner {
    fn new(params: &HackingParams) -> Self {
        let k = params.n_prompts.max(2);
        let v = params.n_candidates.max(2);
        let v_long = params.n_long();
        let mut shares = vec![0.0; k * v];
        for row in shares.chunks_mut(v) {
            let (long, short) = row.split_at_mut(v_long);
            long.fill(1.0 / v_long as f64);
            short.fill(1.0 / (v - v_long) as f64);
        }
        // D_q = ln V_L - ln V_S for theta = 0.
        let d0 = libm::log(v_long as f64) - libm::log((v - v_long) as f64);
        Learner {
            rho: params.source_a_share,
            bias: params.judge_bias,
            learning_rate: params.learning_rate,
            batch_size: params.batch_size.max(1),
            n_a: params.n_prompts_a(),
            n_b: params.n_prompts_b(),
            v,
            v_long,
            theta: vec![0.0; k * v],
            w: vec![0.0; params.n_knobs()],
            shares,
            length_logodds: vec![d0; k],
            exp_neg_logodds: vec![libm::exp(-d0); k],
            exp_neg_w: vec![1.0; params.n_knobs()],
            fresh: vec![false; k],
            batch: Vec::with_capacity(params.batch_size.max(1)),
        }
    }

    fn knob(&self, q: usize) -> usize {
        q % self.w.len()
    }

    fn correct(&self, q: usize) -> usize {
        if q < self.n_a {
            0
        } else {
            self.v_long
        }
    }

    /// `P_q(long) = logistic(D_q + w_{g(q)}) = 1 / (1 + e^{-D_q} e^{-w})`: the product of cached
    /// exponentials while both exponents are moderate, the overflow-safe logistic otherwise.
    fn p_long(&self, q: usize) -> f64 {
        let g = self.knob(q);
        let (d, w) = (self.length_logodds[q], self.w[g]);
        if d.abs() <= FAST_LIMIT && w.abs() <= FAST_LIMIT {
            1.0 / (1.0 + self.exp_neg_logodds[q] * self.exp_neg_w[g])
        } else {
            logistic(d + w)
        }
    }

    /// Refreshes prompt `q`'s within-class shares and length log-odds from its `theta` row.
    fn refresh(&mut self, q: usize) {
        if self.fresh[q] {
            return;
        }
        self.fresh[q] = true;
        let (v, vl) = (self.v, self.v_long);
        let row = &self.theta[q * v..(q + 1) * v];
        let shares = &mut self.shares[q * v..(q + 1) * v];
        let (s_long, s_short) = shares.split_at_mut(vl);
        let (max_long, sum_long) = softmax_into(&row[..vl], s_long);
        let (max_short, sum_short) = softmax_into(&row[vl..], s_short);
        // ln sum_long e^theta - ln sum_short e^theta, with one logarithm.
        let d = max_long - max_short + libm::log(sum_long / sum_short);
        self.length_logodds[q] = d;
        if d.abs() <= FAST_LIMIT {
            self.exp_neg_logodds[q] = libm::exp(-d);
        }
    }

    /// Exact readouts of the current policy, pushed into `acc`.
    fn record(&self, acc: &mut StepAccumulator) {
        let (rho, b, v) = (self.rho, self.bias, self.v);
        let (mut sum_acc_a, mut sum_long_a) = (0.0, 0.0);
        let (mut sum_acc_b, mut sum_long_b) = (0.0, 0.0);
        for q in 0..self.n_a + self.n_b {
            let p_long = self.p_long(q);
            let c = self.correct(q);
            let share = self.shares[q * v + c];
            if q < self.n_a {
                sum_acc_a += p_long * share;
                sum_long_a += p_long;
            } else {
                sum_acc_b += (1.0 - p_long) * share;
                sum_long_b += p_long;
            }
        }
        let (na, nb) = (self.n_a as f64, self.n_b as f64);
        let (acc_a, acc_b) = (sum_acc_a / na, sum_acc_b / nb);
        let (long_a, long_b) = (sum_long_a / na, sum_long_b / nb);
        let accuracy = rho * acc_a + (1.0 - rho) * acc_b;
        let p_long = rho * long_a + (1.0 - rho) * long_b;
        // E[min(1, r + b l)] = E[r] + b E[l (1 - r)]; only source A has correct long answers.
        let proxy = accuracy + b * (p_long - rho * acc_a);
        let weight = self.w.iter().sum::<f64>() / self.w.len() as f64;
        acc.proxy.push(proxy);
        acc.accuracy.push(accuracy);
        acc.accuracy_a.push(acc_a);
        acc.accuracy_b.push(acc_b);
        acc.p_long.push(p_long);
        acc.p_long_a.push(long_a);
        acc.p_long_b.push(long_b);
        acc.weight.push(weight);
    }

    /// One policy-gradient step from a fresh minibatch.
    fn step(&mut self, rng: &mut Stream) {
        let batch = self.batch_size;
        let (v, vl) = (self.v, self.v_long);
        self.batch.clear();
        let mut total = 0.0;
        for _ in 0..batch {
            let prompt = if rng.uniform() < self.rho {
                rng.below(self.n_a as u64) as usize
            } else {
                self.n_a + rng.below(self.n_b as u64) as usize
            };
            let p_long = self.p_long(prompt);
            let row = &self.shares[prompt * v..(prompt + 1) * v];
            let answer = if rng.uniform() < p_long {
                rng.categorical(&row[..vl])
            } else {
                vl + rng.categorical(&row[vl..])
            };
            let correct = (answer == self.correct(prompt)) as u8 as f64;
            let long = (answer < vl) as u8 as f64;
            let reward = (correct + self.bias * long).min(1.0);
            total += reward;
            self.batch.push(Sample {
                prompt,
                answer,
                reward,
                p_long,
            });
        }
        let scale = self.learning_rate / batch as f64;
        // Gradients at the pre-step parameters: pi_q(y) = P_q(class of y) x share_q(y) uses the
        // stored P(long) and the shares, which change only in the refresh pass below.
        for i in 0..self.batch.len() {
            let s = self.batch[i];
            let advantage = if batch > 1 {
                s.reward - (total - s.reward) / (batch - 1) as f64
            } else {
                s.reward
            };
            if advantage == 0.0 {
                continue;
            }
            let step = scale * advantage;
            let base = s.prompt * v;
            for y in 0..v {
                let class = if y < vl { s.p_long } else { 1.0 - s.p_long };
                let pi = class * self.shares[base + y];
                let indicator = (y == s.answer) as u8 as f64;
                self.theta[base + y] += step * (indicator - pi);
            }
            self.fresh[s.prompt] = false;
            let long = (s.answer < vl) as u8 as f64;
            let g = self.knob(s.prompt);
            self.w[g] += step * (long - s.p_long);
        }
        for i in 0..self.batch.len() {
            let q = self.batch[i].prompt;
            self.refresh(q);
        }
        for (e, &w) in self.exp_neg_w.iter_mut().zip(&self.w) {
            if w.abs() <= FAST_LIMIT {
                *e = libm::exp(-w);
            }
        }
    }
}

/// A replicate in progress: its stream, its learner, and the next step to measure.
#[derive(Clone, Debug)]
struct Replicate {
    rng: Stream,
    learner: Learner,
    /// Steps taken so far (the policy at step `t` has been measured).
    t: usize,
}

/// A run of scenario E in progress, over a range of its replicates: call
/// [`advance`](HackingSim::advance) until it returns true, then [`finish`](HackingSim::finish)
/// (or [`tally`](HackingSim::tally)). Whole runs go through [`Blocked`] ([`run_on`]).
#[derive(Clone, Debug)]
pub struct HackingSim {
    params: HackingParams,
    seed: u64,
    engine: Engine,
    /// The replicates this simulation computes.
    replicates: Range<usize>,
    next_replicate: usize,
    current: Option<Replicate>,
    /// Every step measured so far, the replicate in progress included.
    tally: HackingTally,
}

impl HackingSim {
    /// The number of replicates `R`.
    pub fn replicates(params: &HackingParams) -> usize {
        params.n_replicates
    }

    /// Steps of a whole run, `R T`: the units of [`advance`](HackingSim::advance).
    pub fn total_units(params: &HackingParams) -> usize {
        params.n_replicates * params.n_steps
    }

    /// Starts replicates `replicates` of the run seeded `seed` on `engine`. `params` must
    /// already be validated (every field within its spec's range).
    pub fn for_replicates(
        params: &HackingParams,
        seed: u64,
        engine: Engine,
        replicates: Range<usize>,
    ) -> Self {
        HackingSim {
            params: params.clone(),
            seed,
            engine,
            next_replicate: replicates.start,
            replicates,
            current: None,
            tally: HackingTally {
                steps: vec![StepAccumulator::default(); params.n_steps + 1],
            },
        }
    }

    /// The run whose replicates add up to `tally`.
    pub fn resume(params: &HackingParams, seed: u64, engine: Engine, tally: HackingTally) -> Self {
        let done = tally.steps.first().map_or(0, |s| s.proxy.count() as usize);
        let mut sim = HackingSim::for_replicates(params, seed, engine, 0..done);
        sim.next_replicate = done;
        sim.tally = tally;
        sim
    }

    /// What the steps measured so far add up to.
    pub fn tally(&self) -> HackingTally {
        self.tally.clone()
    }

    /// Steps done so far, out of `T` per replicate of the range.
    pub fn progress(&self) -> (usize, usize) {
        let t = self.current.as_ref().map_or(0, |r| r.t);
        let per = self.params.n_steps;
        (
            (self.next_replicate - self.replicates.start) * per + t,
            self.replicates.len() * per,
        )
    }

    /// Runs up to `max_steps` more policy-gradient steps (of the current replicate, then the next
    /// ones, in replicate order); returns true when every replicate of the range is done. One
    /// step costs `O(B V + K)`, so a slice of a few steps stays short even at the largest
    /// settings.
    pub fn advance(&mut self, max_steps: usize) -> bool {
        let mut budget = max_steps;
        while budget > 0 && self.next_replicate < self.replicates.end {
            let mut rep = match self.current.take() {
                Some(rep) => rep,
                None => self.start_replicate(),
            };
            if rep.t < self.params.n_steps {
                rep.learner.step(&mut rep.rng);
                rep.t += 1;
                rep.learner.record(&mut self.tally.steps[rep.t]);
                budget -= 1;
            }
            if rep.t >= self.params.n_steps {
                self.next_replicate += 1;
            } else {
                self.current = Some(rep);
            }
        }
        self.next_replicate >= self.replicates.end
    }

    /// A fresh replicate at the uniform policy, its step 0 measured.
    fn start_replicate(&mut self) -> Replicate {
        let rep = Replicate {
            rng: Stream::new(self.engine, self.seed, self.next_replicate as u64),
            learner: Learner::new(&self.params),
            t: 0,
        };
        rep.learner.record(&mut self.tally.steps[0]);
        rep
    }

    /// Turns the accumulators into curves. Call after [`advance`](HackingSim::advance) returned
    /// true (earlier calls give estimates from the work done so far: a step not yet reached by
    /// any replicate reads 0).
    pub fn finish(&self) -> HackingRun {
        let n = self.tally.steps.len();
        let mut out = HackingRun {
            params: self.params.clone(),
            seed: self.seed,
            proxy_reward: Band::with_capacity(n),
            accuracy: Band::with_capacity(n),
            accuracy_a: Band::with_capacity(n),
            accuracy_b: Band::with_capacity(n),
            p_long: Band::with_capacity(n),
            p_long_a: Band::with_capacity(n),
            p_long_b: Band::with_capacity(n),
            length_weight: Band::with_capacity(n),
        };
        for s in &self.tally.steps {
            out.proxy_reward.push_triple(s.proxy.mean_band());
            out.accuracy.push_triple(s.accuracy.mean_band());
            out.accuracy_a.push_triple(s.accuracy_a.mean_band());
            out.accuracy_b.push_triple(s.accuracy_b.mean_band());
            out.p_long.push_triple(s.p_long.mean_band());
            out.p_long_a.push_triple(s.p_long_a.mean_band());
            out.p_long_b.push_triple(s.p_long_b.mean_band());
            out.length_weight.push_triple(s.weight.mean_band());
        }
        out
    }
}

crate::scenario::simulation_by_inherent!(HackingSim, HackingParams, HackingRun, HackingTally);

/// Runs scenario E to completion on `engine` (in blocks of replicates, see [`Blocked`]).
pub fn run_on(params: &HackingParams, seed: u64, engine: Engine) -> HackingRun {
    Blocked::<HackingSim>::run(params, seed, engine)
}

/// Runs scenario E to completion on engine v1 (what `v=1` links compute).
///
/// ```
/// # use infoloop_core::scenarios::hacking::{run, HackingParams};
/// let params = HackingParams { n_replicates: 3, n_steps: 5, ..HackingParams::default() };
/// let out = run(&params, 1);
/// assert_eq!(out.len(), 6);
/// // Step 0 is the uniform policy: chance accuracy 1/V on both sources, P(long) = 1/2.
/// assert!((out.accuracy.mid[0] - 1.0 / 8.0).abs() < 1e-12);
/// assert!((out.p_long.mid[0] - 0.5).abs() < 1e-12);
/// ```
pub fn run(params: &HackingParams, seed: u64) -> HackingRun {
    run_on(params, seed, Engine::V1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `pi_q` by a direct softmax of `z_q(y) = theta_{q,y} + w_{g(q)} l(y)`.
    fn direct_policy(l: &Learner, q: usize) -> Vec<f64> {
        let v = l.v;
        let w = l.w[l.knob(q)];
        let z: Vec<f64> = (0..v)
            .map(|y| l.theta[q * v + y] + if y < l.v_long { w } else { 0.0 })
            .collect();
        let mut pi = vec![0.0; v];
        softmax_into(&z, &mut pi);
        pi
    }

    fn trained(params: &HackingParams, steps: usize) -> Learner {
        let mut l = Learner::new(params);
        let mut rng = Stream::new(Engine::V1, 3, 0);
        for _ in 0..steps {
            l.step(&mut rng);
        }
        l
    }

    #[test]
    fn caches_match_the_direct_softmax() {
        for (v, g) in [(8usize, 1usize), (5, 3), (2, 64)] {
            let p = HackingParams {
                n_candidates: v,
                n_groups: g,
                judge_bias: 0.2,
                ..HackingParams::default()
            };
            let l = trained(&p, 60);
            assert!(l.w.iter().any(|&w| w != 0.0));
            for q in 0..p.n_prompts {
                let pi = direct_policy(&l, q);
                let long: f64 = pi[..l.v_long].iter().sum();
                assert!((l.p_long(q) - long).abs() < 1e-12, "V={v} q={q}");
                for (y, &py) in pi.iter().enumerate() {
                    let class = if y < l.v_long { long } else { 1.0 - long };
                    let cached = class * l.shares[q * v + y];
                    assert!((cached - py).abs() < 1e-12, "V={v} q={q} y={y}");
                }
            }
        }
    }

    /// The refreshes a step skips (rows already fresh) would have written exactly the values
    /// already there: after every step, refreshing every prompt that has been refreshed from
    /// scratch changes no bit.
    #[test]
    fn skipped_refreshes_change_no_bit() {
        for (v, g, batch) in [(8usize, 1usize, 16usize), (5, 3, 64), (2, 64, 1)] {
            let p = HackingParams {
                n_candidates: v,
                n_groups: g,
                batch_size: batch,
                judge_bias: 0.3,
                ..HackingParams::default()
            };
            let mut l = Learner::new(&p);
            let mut rng = Stream::new(Engine::V3, 5, 0);
            let mut skipped = 0;
            for _ in 0..80 {
                let before = l.clone();
                l.step(&mut rng);
                // Refreshes skipped in this step: a prompt's repeats in the batch, and the
                // batch's prompts that were fresh and whose row did not change.
                let mut seen = vec![false; l.fresh.len()];
                for s in &l.batch {
                    let q = s.prompt;
                    let row = q * v..(q + 1) * v;
                    let unchanged = before.fresh[q] && before.theta[row.clone()] == l.theta[row];
                    skipped += usize::from(seen[q] || unchanged);
                    seen[q] = true;
                }
                let mut full = l.clone();
                for q in 0..full.fresh.len() {
                    if full.fresh[q] {
                        full.fresh[q] = false;
                        full.refresh(q);
                    }
                }
                let bits = |xs: &[f64]| xs.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                assert_eq!(bits(&full.shares), bits(&l.shares), "V={v} G={g} B={batch}");
                assert_eq!(bits(&full.length_logodds), bits(&l.length_logodds));
                assert_eq!(bits(&full.exp_neg_logodds), bits(&l.exp_neg_logodds));
            }
            assert!(skipped > 0, "V={v} G={g} B={batch}: no refresh was skipped");
        }
    }

    #[test]
    fn readouts_are_the_exact_expectations() {
        let p = HackingParams {
            n_candidates: 6,
            judge_bias: 0.4,
            source_a_share: 0.7,
            n_prompts: 9,
            n_groups: 2,
            ..HackingParams::default()
        };
        let l = trained(&p, 40);
        let mut acc = StepAccumulator::default();
        l.record(&mut acc);
        // Brute force over prompts (rho on A, uniform within a source) and answers.
        let (na, nb) = (p.n_prompts_a() as f64, p.n_prompts_b() as f64);
        let (mut reward, mut correct, mut long) = (0.0, 0.0, 0.0);
        for q in 0..p.n_prompts {
            let weight = if q < l.n_a { 0.7 / na } else { 0.3 / nb };
            let pi = direct_policy(&l, q);
            for (y, &py) in pi.iter().enumerate() {
                let c = (y == l.correct(q)) as u8 as f64;
                let is_long = (y < l.v_long) as u8 as f64;
                reward += weight * py * (c + 0.4 * is_long).min(1.0);
                correct += weight * py * c;
                long += weight * py * is_long;
            }
        }
        assert!((acc.proxy.mean_band().0 - reward).abs() < 1e-12);
        assert!((acc.accuracy.mean_band().0 - correct).abs() < 1e-12);
        assert!((acc.p_long.mean_band().0 - long).abs() < 1e-12);
    }

    #[test]
    fn answers_are_drawn_from_the_policy() {
        // One prompt's answers over many minibatches, without updates (lr tiny does not matter:
        // we only sample), against pi_q: chi-square with a generous bound.
        let p = HackingParams {
            n_prompts: 2,
            n_candidates: 6,
            ..HackingParams::default()
        };
        let mut l = trained(&p, 30);
        l.learning_rate = 0.0;
        let pi = direct_policy(&l, 0);
        let mut counts = [0u64; 6];
        let mut rng = Stream::new(Engine::V1, 9, 1);
        let mut n = 0u64;
        for _ in 0..4000 {
            l.step(&mut rng);
            for s in &l.batch {
                if s.prompt == 0 {
                    counts[s.answer] += 1;
                    n += 1;
                }
            }
        }
        let mut chi2 = 0.0;
        for (y, &c) in counts.iter().enumerate() {
            let e = pi[y] * n as f64;
            chi2 += (c as f64 - e) * (c as f64 - e) / e;
        }
        // df = 5: the 99.99th percentile is about 25.7.
        assert!(chi2 < 25.7, "chi2 {chi2}, counts {counts:?}, pi {pi:?}");
    }

    #[test]
    fn logistic_and_softmax_are_stable() {
        assert_eq!(logistic(0.0), 0.5);
        assert_eq!(logistic(1e6), 1.0);
        assert_eq!(logistic(-1e6), 0.0);
        let mut s = [0.0; 3];
        let (m, sum) = softmax_into(&[1e300, -1e300, 1e300], &mut s);
        assert_eq!((m, sum), (1e300, 2.0));
        assert_eq!(s, [0.5, 0.0, 0.5]);
    }
}
